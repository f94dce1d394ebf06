//! The validated settings of one invocation, made once from the raw command
//! line and the environment: where the practice is, what day it is, whether
//! to colour. Everything downstream sees only this.

use std::io::IsTerminal;
use std::path::PathBuf;

use chrono::NaiveDate;

use crate::cli::{Cli, ColorChoice};
use crate::error::{Error, Result};
use crate::loader::{self, Practice};

#[derive(Debug, Clone)]
pub struct Config {
    /// `--dir` / `MMX_DIR`, if given.
    pub dir: Option<PathBuf>,
    pub cwd: PathBuf,
    /// `--today` / `MMX_TODAY`, else the local date.
    pub today: NaiveDate,
    pub color_stdout: bool,
    pub color_stderr: bool,
}

impl Config {
    pub fn from_cli(cli: &Cli) -> Result<Config> {
        let cwd = std::env::current_dir().map_err(|e| Error::io(".", e))?;
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let decide = |tty: bool| match cli.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => tty && !no_color,
        };
        Ok(Config {
            dir: cli.dir.clone(),
            today: cli
                .today
                .unwrap_or_else(|| chrono::Local::now().date_naive()),
            color_stdout: decide(std::io::stdout().is_terminal()),
            color_stderr: decide(std::io::stderr().is_terminal()),
            cwd,
        })
    }

    /// Finds and opens the practice this invocation works on.
    pub fn practice(&self) -> Result<Practice> {
        let dir = self.dir.as_ref().map(|d| {
            if d.is_absolute() {
                d.clone()
            } else {
                self.cwd.join(d)
            }
        });
        let root = loader::find_root(dir.as_deref(), &self.cwd)?;
        Practice::open(root)
    }
}
