//! `mmx check`: every file read, every rule run, every finding reported; or,
//! with `--staged`/`--rev`, a tree in git judged on what it changes.

use clap::{Args, ValueEnum};
use mmx::check::scope;
use mmx::git::repo;
use std::io::Write;

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
            .and_then(|practice| scope::check_folder(&practice, config.today))
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
                &scope::CheckResult {
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
            // Each finding's words wrap at the terminal's width.
            let mut out = out::Wrapping::new(out, out::stdout_width());
            let out: &mut dyn Write = &mut out;
            let folder = out::folder_for_shell(&config.git_dir(None), &config.cwd);
            report
                .render_human(out, args.quiet, config.color_stdout, args.verbose, &folder)
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
fn check_git(config: &Config, args: &CheckArgs) -> Result<scope::CheckResult> {
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

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Output: human (each finding at file:line:column) or JSON for scripts
    #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
    pub format: CheckFormat,
    /// Treat warnings as errors: exit 1 if there is any, naming their codes
    #[arg(long)]
    pub strict: bool,
    /// Print nothing when there are no findings (warnings are still
    /// printed; they fail only with --strict)
    #[arg(short, long)]
    pub quiet: bool,
    /// Every finding in full: findings about files of one kind (their
    /// permissions) are otherwise one line with their fix
    #[arg(short, long)]
    pub verbose: bool,
    /// Check what a commit would record (git's staged index) instead of the
    /// folder, judged on the patients it touches (every patient when it
    /// touches mmx.toml); what the pre-commit hook runs
    #[arg(long, group = "git_source")]
    pub staged: bool,
    /// Check a commit, branch, tag or tree in git instead of the folder:
    /// every patient, or with --base those the change from BASE touches
    #[arg(long, value_name = "REV", group = "git_source")]
    pub rev: Option<String>,
    /// With --staged or --rev: judge only the patients whose files changed
    /// since BASE, a commit or tree (--staged compares with HEAD unless
    /// given one); other patients with errors are counted in one line
    #[arg(long, value_name = "BASE", requires = "git_source")]
    pub base: Option<String>,
    /// With --staged: leave the records the commit deletes to the
    /// commit-msg hook (`mmx hook commit-msg`), which sees the commit's
    /// message and its `Mmx-Destroy:` trailers; what the pre-commit hook runs
    #[arg(long, requires = "staged")]
    pub deletions_later: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    Human,
    Json,
}
