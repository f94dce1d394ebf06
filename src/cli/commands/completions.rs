//! `mmx completions SHELL` and `mmx man`: both generated from the clap
//! definitions in cli.rs, so they never drift from the real command line.
//!
//! Completions use clap_complete's dynamic engine: the script a shell sources
//! calls `COMPLETE=<shell> mmx -- <words>` at each Tab, which `lib::main`
//! answers before parsing. That is what lets patient ids complete from the
//! practice on disk; the price is that the script must come from the same mmx
//! that answers, which `source <(mmx completions bash)` at shell start ensures.

use crate::config;
use clap::{Args, ValueEnum};
use mmx::error::Error;
use mmx::model;
use mmx::practice;
use mmx::practice::store;
use mmx::text;
use mmx::values;
use mmx::vocab;
use std::io::Write;
use std::path::PathBuf;

use clap::CommandFactory;
use clap_complete::CompletionCandidate;
use clap_complete::env::{Bash, Elvish, EnvCompleter, Fish, Powershell, Zsh};

use crate::args::Cli;
use crate::config::Config;
use crate::out::io_err;
use mmx::error::{EXIT_OK, Result};

/// The environment variable that turns an mmx run into a completion request.
pub const COMPLETE_VAR: &str = "COMPLETE";

/// Writes the registration script for `shell`. It runs `mmx` from PATH when
/// completing, so an upgraded mmx is picked up by the next shell.
pub fn script(shell: Shell, out: &mut dyn Write) -> Result<u8> {
    let completer: &dyn EnvCompleter = match shell {
        Shell::Bash => &Bash,
        Shell::Zsh => &Zsh,
        Shell::Fish => &Fish,
        Shell::Elvish => &Elvish,
        Shell::Powershell => &Powershell,
    };
    completer
        .write_registration(COMPLETE_VAR, "mmx", "mmx", "mmx", out)
        .map_err(io_err)?;
    Ok(EXIT_OK)
}

/// Writes the manual page of mmx on stdout, or with `--out DIR` a page for
/// mmx and one for every subcommand, each naming the files it wrote.
pub fn man(args: ManArgs, out: &mut dyn Write) -> Result<u8> {
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    let Some(dir) = args.out else {
        page(&cmd, true, out)?;
        return Ok(EXIT_OK);
    };
    // Manual pages in a patient's folder would be stray files among the
    // records, and in git.
    if let Some(root) = store::practice_holding_records(&dir) {
        return Err(Error::Usage(format!(
            "--out {} is inside the records of the practice in {}; nothing was written\n  hint: write the pages outside patients/, for example --out ~/.local/share/man/man1",
            text::clean(&dir.display().to_string()),
            text::clean(&root.display().to_string()),
        )));
    }
    store::create_dirs(&dir)?;
    let mut pages = Vec::new();
    collect_pages(&cmd, &mut pages);
    for (i, c) in pages.iter().enumerate() {
        let mut text = Vec::new();
        page(c, i == 0, &mut text)?;
        let name = clap_mangen::Man::new((*c).clone()).get_filename();
        let path = dir.join(&name);
        store::replace(&path, &text)?;
        writeln!(out, "{}", text::clean(&path.display().to_string())).map_err(io_err)?;
    }
    Ok(EXIT_OK)
}

/// mmx first, then every subcommand that is not hidden, depth first.
fn collect_pages<'c>(cmd: &'c clap::Command, pages: &mut Vec<&'c clap::Command>) {
    pages.push(cmd);
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        collect_pages(sub, pages);
    }
}

/// One page: what clap knows (name, synopsis, description, every option,
/// the subcommands), then what it does not: the environment, the exit
/// status, the files, examples, and the other pages.
fn page(cmd: &clap::Command, top: bool, out: &mut dyn Write) -> Result<u8> {
    let mut text = Vec::new();
    page_text(cmd, top, &mut text)?;
    out.write_all(backticks_bold(&String::from_utf8_lossy(&text)).as_bytes())
        .map_err(io_err)?;
    Ok(EXIT_OK)
}

/// The help's `code` as roff bold (`\fBcode\fR`): man shows backticks
/// as they are. One left open at the end of a line is closed there.
fn backticks_bold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let mut open = false;
        for c in line.chars() {
            match c {
                '`' => {
                    out.push_str(if open { "\\fR" } else { "\\fB" });
                    open = !open;
                }
                '\n' if open => {
                    out.push_str("\\fR\n");
                    open = false;
                }
                c => out.push(c),
            }
        }
        if open {
            out.push_str("\\fR");
        }
    }
    out
}

fn page_text(cmd: &clap::Command, top: bool, out: &mut dyn Write) -> Result<u8> {
    let man = clap_mangen::Man::new(cmd.clone())
        .source(format!("mmx {}", env!("CARGO_PKG_VERSION")))
        .manual("mmx manual");
    // clap's sections, but its EXTRA (the --help footer, which EXIT STATUS
    // says in full below).
    man.render_title(out).map_err(io_err)?;
    man.render_name_section(out).map_err(io_err)?;
    man.render_synopsis_section(out).map_err(io_err)?;
    man.render_description_section(out).map_err(io_err)?;
    if cmd.get_arguments().any(|a| !a.is_hide_set()) {
        man.render_options_section(out).map_err(io_err)?;
    }
    if cmd.get_subcommands().any(|s| !s.is_hide_set()) {
        man.render_subcommands_section(out).map_err(io_err)?;
    }
    let mut extra = String::new();
    if top {
        extra.push_str(MAN_ENVIRONMENT);
    }
    extra.push_str(MAN_EXIT_STATUS);
    if top {
        extra.push_str(MAN_FILES);
        extra.push_str(MAN_EXAMPLES);
    }
    extra.push_str(".SH \"SEE ALSO\"\n");
    let mut others: Vec<String> = Vec::new();
    if !top {
        others.push("\\fBmmx\\fR(1)".into());
        // The group's page, for a subcommand of one (`mmx-session-add`).
        let name = cmd.get_display_name().unwrap_or(cmd.get_name());
        if let Some(group) = name
            .strip_suffix(cmd.get_name())
            .and_then(|g| g.strip_suffix('-'))
            .filter(|g| *g != "mmx")
        {
            others.push(format!("\\fB{group}\\fR(1)"));
        }
        others.push("ENVIRONMENT, FILES and EXAMPLES in \\fBmmx\\fR(1)".into());
    }
    others.extend(cmd.get_subcommands().filter(|s| !s.is_hide_set()).map(|s| {
        format!(
            "\\fB{}\\fR(1)",
            s.get_display_name().unwrap_or(s.get_name())
        )
    }));
    others.push(
        "docs/reference/ in mmx's repository: the record files, the vocabulary and the finding codes"
            .into(),
    );
    extra.push_str(&others.join(", "));
    extra.push('\n');
    out.write_all(extra.as_bytes()).map_err(io_err)?;
    Ok(EXIT_OK)
}

const MAN_ENVIRONMENT: &str = r#".SH ENVIRONMENT
.TP
\fBMMX_DIR\fR
The practice folder, as \fB--dir\fR gives it; otherwise the nearest folder upwards holding \fBmmx.toml\fR.
.TP
\fBMMX_TODAY\fR
The date (YYYY-MM-DD) every rule and report takes as today, as \fB--today\fR gives it.
.TP
\fBNO_COLOR\fR
When set and not empty, no colour, whatever the terminal.
.TP
\fBMMX_LOCK_TIMEOUT\fR
Seconds a write waits for another mmx holding the patient's lock (default 30; 0: do not wait).
.TP
\fBMMX_THERAPIST\fR
The therapist at this computer: the author of the sessions, amendments, overrides, voids, discharges and letters it records (else git's \fBmmx.therapist\fR; in a practice of one therapist, \fB[practice] therapist\fR).
.TP
\fBCOMPLETE\fR
Set by the completion scripts of \fBmmx completions\fR to ask mmx for candidates; not for use by hand.
.P
An empty variable counts as unset.
"#;

const MAN_EXIT_STATUS: &str = r#".SH "EXIT STATUS"
.TP
\fB0\fR
Success, or the records are clean (warnings allowed unless \fB--strict\fR).
.TP
\fB1\fR
The records say no: errors found, a change refused, a record that exists or is not found, a prescription flagged.
.TP
\fB2\fR
The command line or the environment is wrong: a bad flag or value, not inside a practice, an error in mmx.toml, a lock held too long, a file that could not be written.
"#;

const MAN_FILES: &str = r#".SH FILES
.TP
\fBmmx.toml\fR
The practice's settings, rules and vocabulary, at the top of the practice folder.
.TP
\fBpatients/\fIID\fB/patient.toml\fR
A patient's record.
.TP
\fBpatients/\fIID\fB/prescriptions/\fIRX\fB.toml\fR
A prescription.
.TP
\fBpatients/\fIID\fB/sessions/\fISESSION\fB.toml\fR
A session.
.TP
\fBpatients/\fIID\fB/reports/\fIREPORT\fB.toml\fR
A report sent to the prescriber, as \fBmmx report --record\fR keeps it: to whom, when, in what format.
.TP
\fBpatients/\fIID\fB/orders/\fIORDER\-FILE\fR
A signed order kept on file, as \fBmmx rx add\fR or \fBrx edit \-\-order\fR keeps it (a scan, a fax, a referral); its prescription holds its SHA\-256.
.TP
\fBdocuments/\fR
Letters and exports asked for inside the practice folder (\fBmmx report -o\fR, \fBmmx export fhir -o\fR); git leaves it out of the shared history.
"#;

const MAN_EXAMPLES: &str = r#".SH EXAMPLES
.nf
mmx init ~/practice --name "Harbor Street Massage" --git
mmx patient add --name "Ana Lima" --birth-date 1980-04-12
mmx rx add --patient ana-lima-1980 --issued 2026-11-02 --visits 8 \e
    --region lumbar --technique swedish --prescriber "Dr. Ada Vance"
mmx session add --patient ana-lima-1980 --date 2026-11-03 --minutes 50 \e
    --region lumbar --technique swedish --pain-before 6 --pain-after 3
mmx check
mmx report ana-lima-1980 -o ana.html
mmx expiring --within 14
.fi
"#;

/// The command line with completion candidates attached: patient ids,
/// prescription ids, `PATIENT/SESSION`, regions and techniques, from the
/// practice on disk, and the four genders. (cli.rs keeps to clap; what the practice holds is the
/// core's to say.)
pub fn command() -> clap::Command {
    with_candidates(Cli::command(), "")
}

/// What an argument's values are, by its name and the group it is in.
#[derive(Clone, Copy)]
enum Values {
    Patients,
    Prescriptions,
    Sessions,
    Regions,
    Techniques,
    Measures,
    HomeCare,
    Genders,
}

fn values_of(group: &str, arg: &clap::Arg) -> Option<Values> {
    let id = arg.get_id().as_str();
    let value_name = arg
        .get_value_names()
        .and_then(|v| v.first())
        .map(|v| v.as_str())
        .unwrap_or_default();
    Some(match (group, id, value_name) {
        (_, _, "PATIENT/SESSION") | ("session", "id", _) => Values::Sessions,
        (_, "patient", _) | ("patient", "id", _) => Values::Patients,
        (_, "rx" | "renews", _) | ("rx", "id", _) => Values::Prescriptions,
        (_, _, "R" | "REGION") => Values::Regions,
        (_, _, "T" | "TECHNIQUE") => Values::Techniques,
        (_, _, "MEASURE=VALUE") => Values::Measures,
        (_, _, "KIND:REGION:DOSE:FREQUENCY") => Values::HomeCare,
        (_, _, "GENDER") => Values::Genders,
        _ => return None,
    })
}

fn with_candidates(cmd: clap::Command, group: &str) -> clap::Command {
    let attach: Vec<(clap::Id, Values)> = cmd
        .get_arguments()
        .filter_map(|a| values_of(group, a).map(|v| (a.get_id().clone(), v)))
        .collect();
    let cmd = attach.into_iter().fold(cmd, |c, (id, values)| {
        c.mut_arg(id, |a| match values {
            Values::Patients => a.add(clap_complete::ArgValueCandidates::new(patient_ids)),
            Values::Prescriptions => {
                a.add(clap_complete::ArgValueCandidates::new(prescription_ids))
            }
            Values::Sessions => a.add(clap_complete::ArgValueCompleter::new(session_refs)),
            Values::Regions => a.add(clap_complete::ArgValueCandidates::new(regions)),
            Values::Techniques => a.add(clap_complete::ArgValueCandidates::new(techniques)),
            Values::Measures => a.add(clap_complete::ArgValueCompleter::new(measures)),
            Values::HomeCare => a.add(clap_complete::ArgValueCompleter::new(home_care)),
            Values::Genders => a.add(clap_complete::ArgValueCandidates::new(|| {
                model::Gender::ALL
                    .iter()
                    .map(|g| CompletionCandidate::new(g.as_str()))
                    .collect::<Vec<_>>()
            })),
        })
    });
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    // The group a subcommand's arguments are in: `session` for `session show`.
    let child_group = if group.is_empty() {
        None
    } else {
        Some(group.to_string())
    };
    names.into_iter().fold(cmd, |c, n| {
        let group = child_group.clone().unwrap_or_else(|| n.clone());
        c.mut_subcommand(n, |s| with_candidates(s, &group))
    })
}

/// The practice found the way every command finds it (`MMX_DIR`, else the
/// current folder upwards). Completion has no error channel, so anything
/// unreadable completes to nothing.
fn practice() -> Option<practice::Practice> {
    let cwd = std::env::current_dir().ok()?;
    // A `--dir` on the line being completed (`mmx -- mmx --dir X report
    // jo`, as the shell asks) wins over MMX_DIR, as it would when run.
    let words: Vec<String> = std::env::args().skip_while(|a| a != "--").collect();
    let given = words
        .iter()
        .enumerate()
        .find_map(|(i, w)| match w.strip_prefix("--dir=") {
            Some(dir) => Some(dir.to_string()),
            None if w == "--dir" => words.get(i + 1).cloned(),
            None => None,
        });
    let config = Config {
        dir: given
            .or_else(|| config::env_value(config::DIR_VAR))
            .map(Into::into),
        cwd,
        today: chrono::NaiveDate::MIN,
        color_stdout: false,
        color_stderr: false,
        lock_wait: store::DEFAULT_LOCK_WAIT,
        dry_run: false,
    };
    config.practice().ok()
}

/// Patient ids, with names as help where the shell shows it.
fn patient_ids() -> Vec<CompletionCandidate> {
    let Some(practice) = practice() else {
        return Vec::new();
    };
    practice
        .patient_ids()
        .unwrap_or_default()
        .into_iter()
        .filter_map(|id| practice.read_patient_record(&id).ok())
        .map(|p| {
            let name = text::clean(&p.name).into_owned();
            CompletionCandidate::new(p.id).help(Some(name.into()))
        })
        .collect()
}

/// The ids of the record files in one folder of each patient's (file names
/// only: nothing is parsed for a Tab), with the patient as help.
fn record_ids(practice: &practice::Practice, id: &str, folder: &str) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(practice.patient_dir(id).join(folder)) else {
        return Vec::new();
    };
    let mut ids: Vec<String> = entries
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let stem = name.strip_suffix(".toml")?;
            values::is_slug(stem).then(|| stem.to_string())
        })
        .collect();
    ids.sort();
    ids
}

/// The patient the line being completed names (`--patient ID`, or the
/// patient `report` and `export fhir` take first), if any.
fn typed_patient() -> Option<String> {
    let words: Vec<String> = std::env::args().skip_while(|a| a != "--").skip(1).collect();
    for (i, w) in words.iter().enumerate() {
        if let Some(id) = w.strip_prefix("--patient=") {
            return Some(id.to_string());
        }
        if w == "--patient" {
            return words.get(i + 1).cloned();
        }
    }
    // `mmx report PATIENT --rx`: the first word after the command that is
    // not a flag or a flag's value.
    let at = words.iter().position(|w| w == "report" || w == "fhir")?;
    words[at + 1..]
        .iter()
        .find(|w| !w.starts_with('-'))
        .filter(|w| values::is_slug(w))
        .cloned()
}

/// Prescription ids: the typed patient's, when the line names one (else
/// every patient's), with the patient as help.
fn prescription_ids() -> Vec<CompletionCandidate> {
    let Some(practice) = practice() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let patients = match typed_patient().filter(|id| practice.patient_dir(id).is_dir()) {
        Some(id) => vec![id],
        None => practice.patient_ids().unwrap_or_default(),
    };
    for id in patients {
        for rx in record_ids(&practice, &id, "prescriptions") {
            out.push(CompletionCandidate::new(rx).help(Some(id.clone().into())));
        }
    }
    out
}

/// `PATIENT/SESSION`: patient ids followed by `/` until one is typed, then
/// that patient's sessions.
fn session_refs(current: &std::ffi::OsStr) -> Vec<CompletionCandidate> {
    let Some(practice) = practice() else {
        return Vec::new();
    };
    let current = current.to_string_lossy();
    match current.split_once('/') {
        None => practice
            .patient_ids()
            .unwrap_or_default()
            .into_iter()
            .filter(|id| id.starts_with(current.as_ref()))
            .map(|id| CompletionCandidate::new(format!("{id}/")))
            .collect(),
        Some((patient, session)) if values::is_slug(patient) => {
            record_ids(&practice, patient, "sessions")
                .into_iter()
                .filter(|s| s.starts_with(session))
                .map(|s| CompletionCandidate::new(format!("{patient}/{s}")))
                .collect()
        }
        Some(_) => Vec::new(),
    }
}

fn vocabulary() -> vocab::Vocabulary {
    match practice() {
        Some(p) => p.vocab,
        None => vocab::Vocabulary::new(Vec::new(), Vec::new()),
    }
}

/// Regions, then the words read as regions (`neck`, `low-back`, a paired
/// one with each side: `left-calf`), each with the region it is as help.
fn regions() -> Vec<CompletionCandidate> {
    let vocab = vocabulary();
    let mut out: Vec<CompletionCandidate> = vocab
        .region_names()
        .into_iter()
        .map(CompletionCandidate::new)
        .collect();
    for (alias, _) in vocab::REGION_ALIASES {
        for word in ["", "left-", "right-", "bilateral-"].map(|side| format!("{side}{alias}")) {
            if let Ok(region) = vocab.region(&word) {
                out.push(CompletionCandidate::new(word).help(Some(region.into())));
            }
        }
    }
    out
}

/// Techniques, then their aliases (`mfr`), each with the technique as help.
fn techniques() -> Vec<CompletionCandidate> {
    let vocab = vocabulary();
    let mut out: Vec<CompletionCandidate> = vocab
        .technique_names()
        .into_iter()
        .map(CompletionCandidate::new)
        .collect();
    for (technique, aliases) in vocab::TECHNIQUES {
        for alias in *aliases {
            out.push(CompletionCandidate::new(*alias).help(Some((*technique).into())));
        }
    }
    out
}

/// `MEASURE[:SITE][:MOTION]=VALUE`: the measures of the practice's
/// vocabulary, each followed by what it takes next; then, for one that
/// names a site, the regions.
fn measures(current: &std::ffi::OsStr) -> Vec<CompletionCandidate> {
    use mmx::vocab::measures::Needs;
    let vocab = match practice() {
        Some(p) => p.vocab,
        None => vocab::Vocabulary::new(Vec::new(), Vec::new()),
    };
    let current = current.to_string_lossy();
    let mut out = Vec::new();
    match current.split_once(':') {
        None => {
            for m in vocab.measures() {
                let next: &[&str] = match m.needs {
                    Needs::Nothing => &["="],
                    Needs::OptionalSite => &["=", ":"],
                    Needs::Site | Needs::SiteAndMotion | Needs::Item => &[":"],
                };
                for n in next {
                    out.push(
                        CompletionCandidate::new(format!("{}{n}", m.id))
                            .help(Some(m.label.clone().into())),
                    );
                }
            }
        }
        Some((id, rest)) if !rest.contains([':', '=']) => {
            if let Some(m) = vocab.measures().iter().find(|m| m.id == id)
                && matches!(
                    m.needs,
                    Needs::Site | Needs::SiteAndMotion | Needs::OptionalSite
                )
            {
                let next = if m.needs == Needs::SiteAndMotion {
                    ":"
                } else {
                    "="
                };
                for r in vocab.region_names() {
                    out.push(CompletionCandidate::new(format!("{id}:{r}{next}")));
                }
            }
        }
        Some(_) => {}
    }
    out.retain(|c| {
        c.get_value()
            .to_string_lossy()
            .starts_with(current.as_ref())
    });
    out
}

/// `KIND:REGION[:DOSE[:FREQUENCY]]`: the home-care kinds, each followed
/// by `:`; then, after a kind, the regions.
fn home_care(current: &std::ffi::OsStr) -> Vec<CompletionCandidate> {
    let current = current.to_string_lossy();
    let mut out = Vec::new();
    match current.split_once(':') {
        None => {
            for k in vocab::home_care::KINDS {
                out.push(CompletionCandidate::new(format!("{}:", k.id)).help(Some(k.label.into())));
            }
        }
        Some((kind, rest)) if !rest.contains(':') => {
            if vocab::home_care::kind_of(kind).is_ok() {
                for r in vocabulary().region_names() {
                    out.push(CompletionCandidate::new(format!("{kind}:{r}:")));
                }
            }
        }
        Some(_) => {}
    }
    out.retain(|c| {
        c.get_value()
            .to_string_lossy()
            .starts_with(current.as_ref())
    });
    out
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write mmx.1 and mmx-SUBCOMMAND.1 into DIR (created if missing), for
    /// example ~/.local/share/man/man1; prints each file written
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to print the script for
    #[arg(value_enum)]
    pub shell: Shell,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
    Elvish,
    Powershell,
}
