//! Writes a synthetic clinic practice for benchmarks and scale tests:
//!
//! ```text
//! cargo run --release --example synth -- --patients 2000 --sessions 100000 --seed 1 [--violations K] OUT
//! ```
//!
//! The same arguments always write the same bytes. `OUT/expected-violations.json`
//! lists the `(code, file)` of every injected violation; check the practice with
//! `mmx --dir OUT --today 2026-11-23 check --format json` to compare.

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::Parser;

mod practice;

/// Generate a synthetic practice with realistic records.
#[derive(Parser)]
struct Args {
    /// Number of patients.
    #[arg(long, default_value_t = 2000)]
    patients: usize,
    /// Number of session files, spread unevenly over the patients.
    #[arg(long, default_value_t = 100_000)]
    sessions: usize,
    /// Seed of the generator: the same seed gives the same practice.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Rule violations to inject, dealt out over the codes in turn.
    #[arg(long, default_value_t = 0)]
    violations: usize,
    /// The day the practice will be checked on.
    #[arg(long, default_value = "2026-11-23")]
    today: NaiveDate,
    /// Folder to create the practice in (must not hold one yet).
    out: PathBuf,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let opts = practice::Options {
        patients: args.patients,
        sessions: args.sessions,
        seed: args.seed,
        violations: args.violations,
        today: args.today,
    };
    match practice::generate(&args.out, &opts) {
        Ok(w) => {
            println!(
                "{}: {} patients, {} prescriptions, {} sessions, {} injected violations",
                args.out.display(),
                w.patients,
                w.prescriptions,
                w.sessions,
                w.violations.len()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
