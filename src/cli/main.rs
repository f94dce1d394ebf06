//! The mmx command line: parse, run the command, turn its result into output
//! and an exit code. The core is reached only through `mmx::`.

mod args;
mod commands;
mod config;
mod exit;
mod flags;
mod out;
mod report_text;

use mmx::text;
use std::io::{self, Write};

use clap::Parser;

use mmx::diag;
use mmx::error::{EXIT_OK, EXIT_USAGE};

/// Parses the command line, runs the command and returns the exit status.
fn run() -> u8 {
    // A shell asking for completions (see commands::completions) is answered here.
    clap_complete::CompleteEnv::with_factory(commands::completions::command)
        .var(commands::completions::COMPLETE_VAR)
        .complete();
    let cli = match args::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // Wrapped at the terminal's width, as every message of mmx's.
            let mut stderr = io::stderr().lock();
            let mut stderr = out::Wrapping::new(&mut stderr, out::stderr_width());
            match value_error_without_the_value(&e) {
                Some(message) => {
                    let _ = writeln!(stderr, "{}", text::clean(&message));
                }
                // clap's own words, but for control characters in what it
                // echoes, and a tip by meaning for a flag that means another.
                None if e.use_stderr() => {
                    let text = with_meant_flag(&e).unwrap_or_else(|| e.to_string());
                    let _ = write!(stderr, "{}", text::clean(&text));
                }
                None => {
                    let _ = e.print();
                }
            }
            return if e.use_stderr() { EXIT_USAGE } else { EXIT_OK };
        }
    };
    let config = match config::Config::from_cli(&cli) {
        Ok(c) => c,
        Err(e) => return exit::report(&e, false),
    };
    let stdout = io::stdout();
    // Buffered: a check with 60,000 findings is one write per 8 KiB, not one
    // per line. Flushed whatever the outcome, before any error is printed.
    let mut out = out::ClosedPipeIsFine::new(io::BufWriter::with_capacity(1 << 16, stdout.lock()));
    let stderr = io::stderr();
    let mut unwrapped = stderr.lock();
    // What mmx says on stderr wraps at the terminal's width.
    let width = out::stderr_width();
    let mut locked = out::Wrapping::new(&mut unwrapped, width);
    // With --dry-run, what a command says it did is said as what it would
    // have done.
    let mut dry = out::Prefixed::new(&mut locked, "(dry run, nothing written) ");
    let err: &mut dyn Write = if config.dry_run {
        &mut dry
    } else {
        &mut locked
    };
    match commands::run(&config, cli.command, &mut out, err) {
        // The exit status is what the records say, whoever stopped reading.
        Ok(code) => {
            let _ = out.flush();
            code
        }
        Err(e) => {
            let _ = out.flush();
            let _ = err.flush();
            // A refusal is said as it is, dry run or not.
            let mut stderr = io::stderr().lock();
            let mut wrapped = out::Wrapping::new(&mut stderr, width);
            let _ = diag::render_human(&mut wrapped, e.diagnostics(), config.color_stderr);
            exit::report_to(&mut wrapped, &e, config.color_stderr)
        }
    }
}

/// clap quotes a refused flag value in its message; a value that may be a
/// person's words (see `diag::shown`) is left out and the flag named instead.
/// clap's error for an unknown flag, with its tip (by spelling) replaced by
/// the flag the command has for what it means (`--duration`: `--minutes`).
fn with_meant_flag(e: &clap::Error) -> Option<String> {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    if e.kind() != ErrorKind::UnknownArgument {
        return None;
    }
    let Some(ContextValue::String(given)) = e.get(ContextKind::InvalidArg) else {
        return None;
    };
    let cmd = invoked_command(std::env::args().skip(1));
    let tip = args::meant(&cmd, given)?;
    let text = e.to_string();
    let mut lines: Vec<String> = text
        .lines()
        .filter(|l| !l.trim_start().starts_with("tip:"))
        .map(str::to_string)
        .collect();
    // After the first line and its blank line.
    let at = lines.len().min(2);
    lines.insert(at, format!("  tip: {tip}"));
    if lines.get(at + 1).is_some_and(|l| !l.is_empty()) {
        lines.insert(at + 1, String::new());
    }
    let mut out = lines.join("\n");
    out.push('\n');
    Some(out.replace("\n\n\n", "\n\n"))
}

/// The subcommand the words on the command line name (`session add`), as
/// far as they name one.
fn invoked_command(words: impl Iterator<Item = String>) -> clap::Command {
    use clap::CommandFactory;
    let mut cmd = args::Cli::command();
    cmd.build();
    let mut skip_value = false;
    for word in words {
        if skip_value {
            skip_value = false;
            continue;
        }
        if word.starts_with('-') {
            // A global option's value is not a subcommand.
            skip_value = matches!(word.as_str(), "--dir" | "--today" | "--color");
            continue;
        }
        let sub = cmd
            .get_subcommands()
            .find(|s| s.get_name() == word || s.get_all_aliases().any(|a| a == word))
            .cloned();
        match sub {
            Some(sub) => cmd = sub,
            None => break,
        }
    }
    cmd
}

fn value_error_without_the_value(e: &clap::Error) -> Option<String> {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let text = |kind| match e.get(kind) {
        Some(ContextValue::String(v)) => Some(v.as_str()),
        _ => None,
    };
    let words = [ContextKind::InvalidValue, ContextKind::InvalidSubcommand]
        .into_iter()
        .filter_map(text)
        .chain(text(ContextKind::InvalidArg).filter(|_| e.kind() == ErrorKind::UnknownArgument))
        .any(|v| !v.is_empty() && diag::shown(v.trim_start_matches('-')).is_none());
    if !words {
        return None;
    }
    if !matches!(
        e.kind(),
        ErrorKind::ValueValidation | ErrorKind::InvalidValue
    ) {
        // A forgotten `--subjective` puts the note itself here.
        return Some(
            "error: an argument this command does not take was given (not shown: it is not a flag or a word; a text needs its flag, e.g. --subjective TEXT)\n\nFor more information, try '--help'."
                .to_string(),
        );
    }
    let arg = match e.get(ContextKind::InvalidArg) {
        Some(ContextValue::String(a)) => a.clone(),
        _ => "a flag".to_string(),
    };
    let why = std::error::Error::source(e)
        .map(|s| format!(": {s}"))
        .or_else(|| match e.get(ContextKind::ValidValue) {
            Some(ContextValue::Strings(v)) => Some(format!("; possible values: {}", v.join(", "))),
            _ => None,
        })
        .unwrap_or_default();
    Some(format!(
        "error: invalid value for '{arg}'{why}\n\nFor more information, try '--help'."
    ))
}

fn main() -> std::process::ExitCode {
    std::process::ExitCode::from(run())
}
