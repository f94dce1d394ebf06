//! One module per subcommand; `run` dispatches.

mod check;
pub mod completions;
mod expiring;
mod export;
mod hook;
mod init;
pub mod patient;
mod report;
mod rx;
mod session;
mod vocab;

use std::io::Write;

use crate::cli::Command;
use crate::config::Config;
use crate::error::Result;

/// Runs one command; `Ok` carries the exit status (check may return 1).
pub fn run(
    config: &Config,
    command: Command,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8> {
    match command {
        Command::Init(args) => init::run(config, args, err),
        Command::Patient(c) => patient::run(config, c, out, err),
        Command::Rx(c) => rx::run(config, c, out, err),
        Command::Session(c) => session::run(config, c, out, err),
        Command::Check(args) => check::run(config, args, out),
        Command::Report(args) => report::run(config, args, out, err),
        Command::Expiring(args) => expiring::run(config, args, out, err),
        Command::Vocab(args) => vocab::run(config, args, out),
        Command::Export(c) => export::run(config, c, out),
        Command::Hook(c) => hook::run(config, c, out, err),
        Command::Completions(args) => completions::script(args.shell, out),
        Command::Man => completions::man(out),
    }
}
