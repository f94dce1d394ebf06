//! `mmx init`: create a practice folder.

use std::io::Write;

use crate::cli::InitArgs;
use crate::config::Config;
use crate::error::{EXIT_OK, Error, Result};
use crate::loader::{PATIENTS_DIR, SETTINGS_FILE};
use crate::model::{PracticeInfo, Settings};
use crate::output::io_err;
use crate::store::{CreateOutcome, create_new};

pub fn run(config: &Config, args: InitArgs, err: &mut dyn Write) -> Result<u8> {
    let dir = args
        .path
        .or_else(|| config.dir.clone())
        .unwrap_or_else(|| config.cwd.clone());
    let dir = if dir.is_absolute() {
        dir
    } else {
        config.cwd.join(dir)
    };
    if args.name.trim().is_empty() {
        return Err(Error::Usage("--name must not be empty".into()));
    }
    let settings = Settings {
        practice: PracticeInfo {
            name: args.name.trim().to_string(),
            therapist: args.therapist.filter(|t| !t.trim().is_empty()),
        },
        ..Default::default()
    };
    let path = dir.join(SETTINGS_FILE);
    if create_new(&path, settings.to_toml().as_bytes())? == CreateOutcome::Exists {
        return Err(Error::Records(format!(
            "a practice already exists in {} (it has an mmx.toml); nothing was written",
            dir.display()
        )));
    }
    let patients = dir.join(PATIENTS_DIR);
    crate::store::create_dirs(&patients)?;
    writeln!(
        err,
        "created practice \"{}\" in {}",
        settings.practice.name,
        dir.display()
    )
    .map_err(io_err)?;
    Ok(EXIT_OK)
}
