//! `mmx init`: create a practice folder.

use clap::Args;
use mmx::diag::Severity;
use mmx::git::hooks;
use mmx::practice;
use mmx::practice::store;
use mmx::records;
use mmx::records::json_schema;
use mmx::text;
use mmx::vocab;
use mmx::zone;
use std::io::Write;
use std::path::PathBuf;

use crate::config::Config;
use crate::config::THERAPIST_GIT_KEY;
use crate::out::io_err;
use mmx::error::{EXIT_OK, Error, FlagProblem, Result};
use mmx::model::{ConsentRule, PracticeInfo, Rules, Settings};
use mmx::practice::PATIENTS_DIR;
use mmx::practice::SETTINGS_FILE;
use mmx::practice::author;
use mmx::practice::author::{Author, Identity};
use mmx::practice::store::CreateOutcome;
use mmx::practice::store::create_new;

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
    let path = dir.join(SETTINGS_FILE);
    if args.git && path.is_file() {
        // In a clone (git copies no hooks), `init --git` sets up what is
        // missing and leaves the practice as it is; like every command, not
        // on a broken mmx.toml.
        let practice = practice::Practice::open(dir.clone())?;
        // Who this computer records as, checked before anything is set up.
        let me = args
            .therapist
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty());
        if let Some(name) = me {
            let identity = Identity {
                name: name.to_string(),
                from: "--therapist",
            };
            if let Err(e) = author::author(&practice.settings, Some(identity)) {
                return Err(Error::Usage(format!(
                    "--therapist `{}` is not one of mmx.toml's [[therapists]] ({}); nothing was set up",
                    text::clean_line(name),
                    e.listed.join(", ")
                )));
            }
        }
        let hooks = git::setup(&dir)?;
        writeln!(
            err,
            "practice in {} already exists; set up git for it",
            text::clean(&dir.display().to_string())
        )
        .map_err(io_err)?;
        git::pull_merges(&dir, err)?;
        match me {
            Some(name) => git::set_therapist(&dir, name, err)?,
            None => {
                if let Author::Unsettled(listed) = config.author(&practice)? {
                    writeln!(
                        err,
                        "mmx.toml lists several therapists ({}): say which one records at this computer with `mmx --dir {} init --git --therapist NAME` (or `git config {THERAPIST_GIT_KEY} NAME`)",
                        listed.join(", "),
                        text::clean(&dir.display().to_string())
                    )
                    .map_err(io_err)?;
                }
            }
        }
        editor_files(&dir, &practice.vocab, err)?;
        hooks::describe(&hooks, err).map_err(io_err)?;
        return hooks.refused().map_or(Ok(EXIT_OK), Err);
    }
    // A practice inside another would be stray files of the outer one.
    if let Some(outer) = dir
        .ancestors()
        .skip(1)
        .find(|d| d.join(SETTINGS_FILE).is_file())
    {
        return Err(Error::Records(format!(
            "{} is inside the practice in {}; a practice cannot hold another, nothing was written\n  hint: make the new practice outside it, or work in {} with `--dir {}`",
            text::clean(&dir.display().to_string()),
            text::clean(&outer.display().to_string()),
            text::clean(&outer.display().to_string()),
            text::clean(&outer.display().to_string()),
        )));
    }
    let name = args.name.as_deref().map(str::trim).unwrap_or_default();
    if name.is_empty() {
        return Err(Error::Usage(
            "--name is required for a new practice, and must not be empty".into(),
        ));
    }
    let settings = Settings {
        practice: PracticeInfo {
            name: name.to_string(),
            therapist: args.therapist.filter(|t| !t.trim().is_empty()),
            address: args.address.filter(|t| !t.trim().is_empty()),
            phone: args.phone.filter(|t| !t.trim().is_empty()),
            fax: args.fax.filter(|t| !t.trim().is_empty()),
            time_zone: zone::machine(),
        },
        rules: Rules {
            sensitive_consent: match args.consent {
                Some(ConsentArg::PerCourse) => ConsentRule::PerCourse,
                Some(ConsentArg::PerSession) => ConsentRule::PerSession,
                Some(ConsentArg::Off) | None => ConsentRule::Off,
            },
            ..Default::default()
        },
        ..Default::default()
    };
    // The settings are read back by every command: refuse now what would
    // stop them all (a control character in a name), in the rule's words.
    let text = settings.to_toml();
    let (_, found) = records::settings(practice::SETTINGS_FILE, &text);
    let problems: Vec<FlagProblem> = found
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| FlagProblem {
            flag: match d.field.as_deref() {
                Some("practice.therapist") => "--therapist".to_string(),
                _ => "--name".to_string(),
            },
            message: d.message.clone(),
            hint: d.hint.clone(),
        })
        .collect();
    if !problems.is_empty() {
        return Err(Error::Flags { problems });
    }
    if create_new(&path, text.as_bytes())? == CreateOutcome::Exists {
        return Err(Error::Records(format!(
            "a practice already exists in {} (it has an mmx.toml); nothing was written",
            text::clean(&dir.display().to_string())
        )));
    }
    let patients = dir.join(PATIENTS_DIR);
    store::create_dirs(&patients)?;
    let vocab = vocab::Vocabulary::new(
        settings.vocabulary.regions.clone(),
        settings.vocabulary.techniques.clone(),
    );
    let hooks = if args.git {
        Some(git::setup(&dir)?)
    } else {
        None
    };
    writeln!(
        err,
        "created practice \"{}\" in {}",
        settings.practice.name,
        text::clean(&dir.display().to_string())
    )
    .map_err(io_err)?;
    match &settings.practice.time_zone {
        Some(zone) => writeln!(err, "time zone {zone} (this computer's; change `time_zone` in mmx.toml if the practice is elsewhere)"),
        None => writeln!(err, "this computer's time zone could not be found, so mmx.toml names none: set `time_zone` under [practice] (an IANA name such as America/Chicago) for exports to give the practice's offsets"),
    }
    .map_err(io_err)?;
    editor_files(&dir, &vocab, err)?;
    if let Some(hooks) = hooks {
        writeln!(err, "initialised git for the practice").map_err(io_err)?;
        git::pull_merges(&dir, err)?;
        if let Some(name) = &settings.practice.therapist {
            git::set_therapist(&dir, name.trim(), err)?;
        }
        hooks::describe(&hooks, err).map_err(io_err)?;
        if let Some(e) = hooks.refused() {
            return Err(e);
        }
    }
    Ok(EXIT_OK)
}

/// Writes the editors' schemas and `.taplo.toml` where the practice has
/// none (a clinic's own `.taplo.toml`, or schemas a clone brought, are kept
/// as they are), and says what it did.
fn editor_files(
    dir: &std::path::Path,
    vocab: &vocab::Vocabulary,
    err: &mut dyn Write,
) -> Result<()> {
    let mut kept = Vec::new();
    let mut wrote = false;
    for (rel, bytes) in json_schema::editor_files(vocab) {
        match create_new(&dir.join(&rel), &bytes)? {
            CreateOutcome::Created => wrote = true,
            CreateOutcome::Exists if rel.starts_with(json_schema::DIR) => {
                let folder = format!("{}/", json_schema::DIR);
                if !kept.contains(&folder) {
                    kept.push(folder);
                }
            }
            CreateOutcome::Exists => kept.push(rel),
        }
    }
    if wrote {
        writeln!(
            err,
            "wrote {} and {}/ for editors with a TOML language server (taplo, Even Better TOML)",
            json_schema::TAPLO_CONFIG,
            json_schema::DIR
        )
        .map_err(io_err)?;
    }
    if !kept.is_empty() {
        writeln!(
            err,
            "kept the practice's own {}; `mmx schema --out {}` refreshes the schemas",
            kept.join(", "),
            json_schema::DIR
        )
        .map_err(io_err)?;
    }
    Ok(())
}

/// `mmx init --git`: git is how a clinic shares a practice; mmx only sets the
/// repository up for records.
mod git {
    use std::path::Path;
    use std::process::Command;

    use crate::out::io_err;
    use mmx::error::{Error, Result};
    use mmx::git::hooks::{self, Hook, Installation};
    use mmx::git::repo;
    use mmx::practice::store::{self, CreateOutcome};
    use mmx::text;

    use crate::config::THERAPIST_GIT_KEY;

    /// Lock files and the temp files of interrupted writes stay out of history.
    const GITIGNORE: &str = "\
# mmx: each patient folder's lock file, and temp files left by interrupted writes
.mmx-lock
.*.mmx-tmp-*
# mmx: letters and exports written inside the practice (mmx report -o, mmx export -o)
/documents/
";

    /// How `git pull` joins diverged branches.
    const PULL_REBASE: &str = "pull.rebase";

    /// Records merge line by line as text, with the same line endings on every clone.
    const GITATTRIBUTES: &str = "\
# mmx records are text: merged line by line, LF line endings on every clone
*.toml text eol=lf
";

    /// Says in the clone's own git config who records at this computer
    /// (`mmx.therapist`), which every command that records an author reads.
    pub fn set_therapist(dir: &Path, name: &str, err: &mut dyn std::io::Write) -> Result<()> {
        repo::Repo::open(dir)?.set_config(THERAPIST_GIT_KEY, name)?;
        writeln!(
            err,
            "this computer records as {} ({THERAPIST_GIT_KEY} in this clone's git config; each therapist's clone says its own)",
            text::clean_line(name)
        )
        .map_err(io_err)
    }

    /// Makes a plain `git pull` a merge in this clone (`pull.rebase false`),
    /// which the post-merge hook checks, unless git's config already says
    /// how to pull; recent git refuses a pull of diverged branches until it
    /// is told. Says so when it set it.
    pub fn pull_merges(dir: &Path, err: &mut dyn std::io::Write) -> Result<()> {
        let repo = repo::Repo::open(dir)?;
        if repo.config_is_set(PULL_REBASE)? {
            return Ok(());
        }
        repo.set_config(PULL_REBASE, "false")?;
        writeln!(
            err,
            "set {PULL_REBASE} = false in this clone's git config: a plain `git pull` merges, and mmx's post-merge hook checks the merge"
        )
        .map_err(io_err)
    }

    /// Makes `dir` a repository, unless it is one already (a clone, or a
    /// worktree, whose `.git` is a file), and installs the hooks.
    pub fn setup(dir: &Path) -> Result<Installation> {
        if std::fs::symlink_metadata(dir.join(".git")).is_err() {
            // `--shared=0600` makes git's own files private too, whatever the umask.
            let status = Command::new("git")
                .arg("init")
                .arg("--quiet")
                .arg("--shared=0600")
                .arg(dir)
                .status()
                .map_err(|e| Error::Usage(format!("cannot run git (is it installed?): {e}")))?;
            if !status.success() {
                return Err(Error::Usage(format!(
                    "`git init {}` failed ({status})",
                    text::clean(&dir.display().to_string())
                )));
            }
        }
        for (name, text) in [(".gitignore", GITIGNORE), (".gitattributes", GITATTRIBUTES)] {
            // A file the clinic already has is kept as it is.
            let _: CreateOutcome = store::create_new(&dir.join(name), text.as_bytes())?;
        }
        let repo = repo::Repo::open(dir)?;
        hooks::install(&repo, Hook::for_repo(false), repo.practice_dir())
    }
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Folder to create the practice in (default: --dir, else the current folder)
    pub path: Option<PathBuf>,
    /// The practice's name (required for a new practice)
    #[arg(long)]
    pub name: Option<String>,
    /// The therapist at this computer: in a new practice, [practice] therapist in mmx.toml (the author of records while the practice has one therapist); with --git, also this clone's git config mmx.therapist, so that in a clinic each clone records its own therapist
    #[arg(long, value_name = "NAME")]
    pub therapist: Option<String>,
    /// The practice's postal address, for the report's letterhead
    #[arg(long, value_name = "TEXT")]
    pub address: Option<String>,
    /// The practice's phone number, for the report's letterhead
    #[arg(long, value_name = "PHONE")]
    pub phone: Option<String>,
    /// The practice's fax number, for the report's letterhead
    #[arg(long, value_name = "FAX")]
    pub fax: Option<String>,
    /// Also make the folder a git repository (or set up the one it is, in a
    /// clone or a worktree): .gitignore and .gitattributes for a practice,
    /// a pre-commit hook that refuses a commit whose records break a rule or
    /// that rewrites a record, a commit-msg hook that refuses one that
    /// deletes a record (but records past their retention period, with an
    /// `Mmx-Destroy:` trailer), and post-merge/post-rewrite hooks that say
    /// what a pull broke
    #[arg(long)]
    pub git: bool,
    /// Check the treatment of sensitive regions (chest, groin, gluteal, mouth, abdomen)
    /// against the patient's written consent: one per course of care, or one
    /// at every such visit (`[rules] sensitive_consent`; off when not given)
    #[arg(long, value_enum, value_name = "WHEN")]
    pub consent: Option<ConsentArg>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ConsentArg {
    Off,
    PerCourse,
    PerSession,
}
