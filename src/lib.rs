//! mmx: a medical-massage practice's records as plain TOML files, checked
//! against each prescription. Data flows one way: command line -> [`config`]
//! -> [`loader`] -> [`rules`] -> findings -> renderers.

pub mod change;
pub mod cli;
pub mod cmd;
pub mod config;
pub mod diag;
pub mod doc;
pub mod editor;
pub mod error;
pub mod gate;
pub mod intake;
pub mod loader;
pub mod model;
pub mod output;
pub mod report;
pub mod rules;
pub mod schema;
pub mod state;
pub mod store;
pub mod vocab;

use std::io::{self, Write};

use clap::Parser;

use crate::error::{EXIT_OK, EXIT_USAGE, Error};

/// Parses the command line, runs the command and returns the exit status.
pub fn main() -> u8 {
    // A shell asking for completions (see cmd::completions) is answered here.
    clap_complete::CompleteEnv::with_factory(cmd::completions::command)
        .var(cmd::completions::COMPLETE_VAR)
        .complete();
    let cli = match cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { EXIT_USAGE } else { EXIT_OK };
        }
    };
    let config = match config::Config::from_cli(&cli) {
        Ok(c) => c,
        Err(e) => return report(&e, false),
    };
    let stdout = io::stdout();
    // Buffered: a check with 60,000 findings is one write per 8 KiB, not one
    // per line. Flushed whatever the outcome, before any error is printed.
    let mut out =
        output::ClosedPipeIsFine::new(io::BufWriter::with_capacity(1 << 16, stdout.lock()));
    let stderr = io::stderr();
    let mut err = stderr.lock();
    match cmd::run(&config, cli.command, &mut out, &mut err) {
        // The exit status is what the records say, whoever stopped reading.
        Ok(code) => {
            let _ = out.flush();
            code
        }
        Err(e) => {
            let _ = out.flush();
            let _ = diag::render_human(&mut err, e.diagnostics(), config.color_stderr);
            report(&e, config.color_stderr)
        }
    }
}

fn report(e: &Error, color: bool) -> u8 {
    let label = if color {
        "\x1b[1;31merror\x1b[0m"
    } else {
        "error"
    };
    let _ = writeln!(io::stderr(), "{label}: {e}");
    e.exit_code()
}
