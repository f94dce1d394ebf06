//! `mmx check`: every file read, every rule run, every finding reported; or,
//! with `--staged`/`--rev`, a tree in git judged on what it changes.

use mmx::check::scope;
use mmx::git::repo;
use std::io::Write;

use crate::args::{CheckArgs, CheckFormat};
use crate::config::Config;
use crate::out::{self, io_err};
use mmx::diag;
use mmx::error::{EXIT_OK, EXIT_REFUSED, EXIT_USAGE, Error, Result};

pub fn run(config: &Config, args: CheckArgs, out: &mut dyn Write) -> Result<u8> {
    let checked = if args.staged || args.rev.is_some() {
        check_git(config, &args)
    } else {
        config
            .practice()
            .and_then(|practice| scope::check_practice(&practice, config.today))
    };
    let report = match checked {
        // Scripts get JSON whatever happens: the problems in mmx.toml, with
        // exit 2 (no record was checked on guessed settings).
        Err(Error::Settings { diagnostics }) if args.format == CheckFormat::Json => {
            let summary = diag::Summary {
                errors: diagnostics
                    .iter()
                    .filter(|d| d.severity == diag::Severity::Error)
                    .count(),
                ..Default::default()
            };
            out::json(
                out,
                &scope::Report {
                    diagnostics,
                    summary,
                    change: None,
                },
            )?;
            return Ok(EXIT_USAGE);
        }
        other => other?,
    };
    let s = report.summary;
    let failed = s.errors > 0 || (args.strict && s.warnings > 0);
    match args.format {
        CheckFormat::Json => out::json(out, &report)?,
        CheckFormat::Human => {
            report
                .render_human(out, args.quiet, config.color_stdout, args.verbose)
                .map_err(io_err)?;
            if args.strict && s.errors == 0 && s.warnings > 0 {
                let mut codes: Vec<&str> =
                    report.diagnostics.iter().map(|d| d.code.as_str()).collect();
                codes.sort_unstable();
                codes.dedup();
                writeln!(
                    out,
                    "--strict: the {} ({}) {} the check",
                    if s.warnings == 1 {
                        "warning".to_string()
                    } else {
                        format!("{} warnings", s.warnings)
                    },
                    codes.join(", "),
                    if s.warnings == 1 { "fails" } else { "fail" }
                )
                .map_err(io_err)?;
            }
        }
    }
    Ok(if failed { EXIT_REFUSED } else { EXIT_OK })
}

/// The practice in git: the staged index (against HEAD) or a revision
/// (against --base, if given).
fn check_git(config: &Config, args: &CheckArgs) -> Result<scope::Report> {
    // The practice folder, or a bare repository (a clinic's remote), whose
    // practice is the top of its trees.
    let root = config.git_dir(None);
    let repo = repo::Repo::open(&root)?;
    let target = if args.staged {
        let deletions = if args.deletions_later {
            scope::Deletions::Later
        } else {
            scope::Deletions::Judged
        };
        scope::Target::staged(&repo, args.base.as_deref(), deletions, None)?
    } else {
        let rev = args.rev.as_deref().unwrap_or("HEAD");
        scope::Target::rev(&repo, rev, args.base.as_deref())?
    };
    scope::check(&repo, &root, &target, config.today)
}
