//! The test environment: a temporary practice folder, the real `mmx` binary run
//! in it with a fixed environment, and its whole output as one value that
//! snapshots, prints and deserialises.

use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde::de::DeserializeOwned;
use tempfile::TempDir;

/// The date every invocation takes as today, so rules and reports are stable.
pub const TODAY: &str = "2026-11-23";

/// The patient, prescription and session ids most tests use.
pub const PATIENT: &str = "ana-lima-1980";
pub const RX: &str = "2026-11-02-a7k2mp";

/// The day [`TestPractice::with_prescription`]'s patient was screened: a
/// screening current for every session its tests record (else each would
/// have the screening's warning).
pub const SCREENED: &str = "2026-03-02";

/// What `mmx init` writes for editors beside mmx.toml, as [`TestPractice::files`] lists them.
pub const EDITOR_FILES: &[&str] = &[
    ".mmx/schema/patient.schema.json",
    ".mmx/schema/prescription.schema.json",
    ".mmx/schema/report.schema.json",
    ".mmx/schema/session.schema.json",
    ".mmx/schema/settings.schema.json",
    ".taplo.toml",
];

/// A temporary folder that may hold a practice, and runs `mmx` in it.
pub struct TestPractice {
    _tmp: TempDir,
    root: PathBuf,
}

impl TestPractice {
    /// A folder with no practice in it (and, as far as the test controls, none above it).
    pub fn empty() -> Self {
        let tmp = tempfile::Builder::new()
            .prefix("mmx-test-")
            .tempdir()
            .expect("create temp dir");
        // Canonical, so paths mmx prints (from its own current_dir) match for redaction.
        let root = tmp.path().canonicalize().expect("canonical temp dir");
        TestPractice { _tmp: tmp, root }
    }

    /// A practice made by `mmx init`, with a default therapist.
    pub fn new() -> Self {
        let p = Self::empty();
        p.mmx(&[
            "init",
            "--name",
            "Harbor Street Massage",
            "--therapist",
            "Ines Ortega",
        ])
        .success();
        p
    }

    /// A practice with one patient (`ana-lima-1980`), screened on
    /// [`SCREENED`] with no red flag, and one prescription (`RX`): lumbar and
    /// left-gluteal, swedish and myofascial-release, 3 visits, issued
    /// 2026-11-02, expiring 2027-02-01.
    pub fn with_prescription() -> Self {
        let p = Self::unscreened_with_prescription();
        p.screen(PATIENT);
        p
    }

    /// [`TestPractice::with_prescription`] before its patient is screened.
    pub fn unscreened_with_prescription() -> Self {
        let p = Self::new();
        let id = p.add_patient("Ana Lima", "1980-04-12");
        assert_eq!(id, PATIENT);
        p.mmx(&[
            "rx",
            "add",
            "--patient",
            PATIENT,
            "--issued",
            "2026-11-02",
            "--expires",
            "2027-02-01",
            "--visits",
            "3",
            "--region",
            "lumbar",
            "--region",
            "left-gluteal",
            "--technique",
            "swedish",
            "--technique",
            "mfr",
            "--prescriber",
            "Dr. Ada Vance",
            "--npi",
            "1234567893",
            "--id",
            RX,
        ])
        .success();
        p
    }

    /// A copy of a fixture folder (relative to the crate root) in a fresh temp folder.
    pub fn copy_of(fixture: &Path) -> Self {
        let p = Self::empty();
        copy_dir(fixture, &p.root);
        p
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) -> &Self {
        let path = self.path(rel);
        let dir = path.parent().expect("file has a folder");
        fs::create_dir_all(dir).expect("create folders");
        for d in dir.ancestors().take_while(|d| d.starts_with(&self.root)) {
            owner_only_dir(d);
        }
        fs::write(&path, contents).expect("write file");
        owner_only(&path);
        self
    }

    pub fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
    }

    /// Every file under `rel` (hidden ones too, but for the lock files that
    /// stay in each patient's folder), as sorted `/`-separated paths relative
    /// to the practice root.
    pub fn files(&self, rel: &str) -> Vec<String> {
        let mut out = Vec::new();
        collect_files(&self.root, &self.path(rel), &mut out);
        out.sort();
        out
    }

    /// `mmx ARGS` run at the practice root with the fixed environment.
    pub fn mmx(&self, args: &[&str]) -> Run {
        self.command(args).run()
    }

    /// The same invocation, to adjust before running.
    pub fn command(&self, args: &[&str]) -> Mmx {
        Mmx::new(&self.root, args)
    }

    /// `mmx patient add --name NAME --birth-date DATE`; returns the printed id.
    pub fn add_patient(&self, name: &str, birth_date: &str) -> String {
        let run = self.mmx(&["patient", "add", "--name", name, "--birth-date", birth_date]);
        run.success();
        run.stdout.trim_end().to_string()
    }

    /// `mmx patient screen ID --date SCREENED --none`: the patient was
    /// asked the red flags and reported none (see [`SCREENED`]).
    pub fn screen(&self, id: &str) {
        self.mmx(&[
            "patient",
            "screen",
            id,
            "--date",
            SCREENED,
            "--none",
            "--by",
            "Ines Ortega",
        ])
        .success();
    }

    /// `mmx session add` for `PATIENT` with `--minutes 50` and the given
    /// extra arguments.
    pub fn add_session(&self, extra: &[&str]) -> Run {
        let mut args = vec!["session", "add", "--patient", PATIENT, "--minutes", "50"];
        args.extend_from_slice(extra);
        self.mmx(&args)
    }
}

/// One `mmx` invocation being prepared: the environment is cleared and only
/// what mmx reads is set, so the developer's own settings never leak in.
pub struct Mmx {
    cmd: Command,
    root: PathBuf,
}

impl Mmx {
    fn new(root: &Path, args: &[&str]) -> Self {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_mmx"));
        cmd.env_clear()
            .env("NO_COLOR", "1")
            .env("COLUMNS", "100")
            .env("MMX_TODAY", TODAY)
            // The zone `init` writes, whatever this machine's.
            .env("TZ", "UTC")
            .current_dir(root)
            .args(args);
        Mmx {
            cmd,
            root: root.to_path_buf(),
        }
    }

    pub fn env(mut self, key: &str, value: impl AsRef<std::ffi::OsStr>) -> Self {
        self.cmd.env(key, value);
        self
    }

    pub fn current_dir(mut self, dir: impl AsRef<Path>) -> Self {
        self.cmd.current_dir(dir);
        self
    }

    /// The prepared command, for a test that starts it itself (races, kills).
    pub fn into_command(self) -> Command {
        self.cmd
    }

    pub fn run(mut self) -> Run {
        let out = self.cmd.output().expect("run mmx");
        Run {
            stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
            stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
            // None only when killed by a signal, which is never a pass.
            code: out.status.code().unwrap_or(-1),
            root: self.root,
        }
    }
}

/// `PROGRAM ARGS` (e.g. mmx under `setpriv`) run at `root` with the same
/// fixed environment as [`TestPractice::mmx`].
pub fn run_program(root: &Path, program: &str, args: &[&str]) -> Run {
    let mut m = Mmx::new(root, args);
    let mut cmd = Command::new(program);
    cmd.env_clear()
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .env("MMX_TODAY", TODAY)
        .env("TZ", "UTC")
        .current_dir(root)
        .args(args);
    m.cmd = cmd;
    m.run()
}

/// What one invocation printed and how it ended.
#[derive(Debug)]
pub struct Run {
    pub stdout: String,
    pub stderr: String,
    pub code: i32,
    root: PathBuf,
}

impl Run {
    /// Asserts exit status 0 and returns self.
    #[track_caller]
    pub fn success(&self) -> &Self {
        assert_eq!(self.code, 0, "expected success:\n{self}");
        self
    }

    /// Asserts the given exit status and returns self.
    #[track_caller]
    pub fn code(&self, code: i32) -> &Self {
        assert_eq!(self.code, code, "unexpected exit status:\n{self}");
        self
    }

    /// stdout parsed as JSON into `T`.
    #[track_caller]
    pub fn json<T: DeserializeOwned>(&self) -> T {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not the expected JSON ({e}):\n{self}"))
    }

    /// The whole invocation as one string, the temp folder shown as `[PRACTICE]`.
    pub fn snapshot(&self) -> String {
        let redact = |s: &str| s.replace(&*self.root.to_string_lossy(), "[PRACTICE]");
        let mut s = redact(&self.stdout);
        if !s.is_empty() && !s.ends_with('\n') {
            s.push('\n');
        }
        s.push_str("----- stderr -----\n");
        let err = redact(&self.stderr);
        s.push_str(&err);
        if !err.is_empty() && !err.ends_with('\n') {
            s.push('\n');
        }
        s + &format!("[exit status: {}]", self.code)
    }

    /// [`Run::snapshot`] with generated ids (`2026-11-04-dr1h9d`) shown as
    /// `2026-11-04-[id]`, for invocations that let mmx choose the id.
    pub fn snapshot_redacted(&self) -> String {
        redact_ids(&self.snapshot())
    }
}

impl fmt::Display for Run {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.snapshot())
    }
}

/// True for a generated id: a date and six characters of mmx's base-32 alphabet.
pub fn is_generated_id(s: &str) -> bool {
    const ALPHABET: &str = "0123456789abcdefghjkmnpqrstvwxyz";
    let b = s.as_bytes();
    b.len() == 17
        && s.get(..10).is_some_and(is_date)
        && b[10] == b'-'
        && s.get(11..)
            .is_some_and(|r| r.chars().all(|c| ALPHABET.contains(c)))
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            _ => c.is_ascii_digit(),
        })
}

/// Replaces the random suffix of every generated id in `text` with `[id]`.
pub fn redact_ids(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        let boundary_before = text[..i]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_ascii_alphanumeric());
        let boundary_after = rest
            .get(17..18)
            .is_none_or(|c| !c.chars().all(|c| c.is_ascii_alphanumeric()));
        if boundary_before && rest.get(..17).is_some_and(is_generated_id) && boundary_after {
            out.push_str(&rest[..11]);
            out.push_str("[id]");
            i += 17;
        } else {
            let c = rest.chars().next().expect("non-empty");
            out.push(c);
            i += c.len_utf8();
        }
    }
    out
}

fn collect_files(root: &Path, dir: &Path, out: &mut Vec<String>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries {
        let path = entry.expect("read dir entry").path();
        if path.is_dir() {
            collect_files(root, &path, out);
        } else if path.file_name().is_some_and(|n| n == ".mmx-lock") {
            continue;
        } else {
            let rel = path.strip_prefix(root).expect("under root");
            let parts: Vec<_> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            out.push(parts.join("/"));
        }
    }
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("create folder");
    owner_only_dir(to);
    for entry in fs::read_dir(from).unwrap_or_else(|e| panic!("read {}: {e}", from.display())) {
        let entry = entry.expect("read dir entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).expect("copy file");
            owner_only(&target);
        }
    }
}

/// Makes a file 0600, as mmx writes records, whatever mode the checkout gave
/// it: git keeps no permissions, and a copied fixture must not warn.
pub fn owner_only(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(0o600)).expect("chmod 600");
}

/// Makes a folder 0700, as mmx makes them.
pub fn owner_only_dir(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(0o700)).expect("chmod 700");
}

/// The crate root, where `tests/fixtures` lives.
pub fn crate_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn redact_ids_only_touches_generated_ids() {
    assert_eq!(
        redact_ids("s 2026-11-04-dr1h9d, rx `2026-11-02-a7k2mp`."),
        "s 2026-11-04-[id], rx `2026-11-02-[id]`."
    );
    // Too long, wrong alphabet (`i`, `u`), or not a date: left alone.
    for keep in [
        "2026-11-04-dr1h9dx",
        "2026-11-04-dr1h9i",
        "2026-11-04-uuuuuu",
        "x2026-11-04-dr1h9d",
        "2026-1x-04-dr1h9d",
    ] {
        assert_eq!(redact_ids(keep), keep);
    }
}

/// `mmx check --format json`, field for field; unknown fields are rejected so
/// a change of shape fails here, not in a user's script.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckReport {
    pub diagnostics: Vec<Diagnostic>,
    pub summary: Summary,
    /// With `--staged`/`--rev`: what was judged.
    pub change: Option<Change>,
}

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Change {
    pub tree: String,
    pub base: Option<String>,
    pub patients: Vec<String>,
    pub other_patients_with_errors: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Diagnostic {
    pub severity: Severity,
    pub code: String,
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
    pub hint: Option<String>,
    /// The field the finding is about (`regions`, `prescriber.npi`), when it is.
    pub field: Option<String>,
}

impl Diagnostic {
    /// `code file:line:column`, or `code file` for a finding with no position.
    pub fn located(&self) -> String {
        if self.line == 0 {
            assert_eq!(self.column, 0, "line 0 with a column: {self:?}");
            format!("{} {}", self.code, self.file)
        } else {
            format!("{} {}:{}:{}", self.code, self.file, self.line, self.column)
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Summary {
    pub patients: usize,
    pub prescriptions: usize,
    pub sessions: usize,
    pub errors: usize,
    pub warnings: usize,
}

impl TestPractice {
    /// `mmx check --format json`, parsed; the exit status must agree with the errors found.
    #[track_caller]
    pub fn check_json(&self) -> CheckReport {
        let run = self.mmx(&["check", "--format", "json"]);
        let report: CheckReport = run.json();
        // Errors in mmx.toml stop every command (exit 2): nothing else is checked.
        let settings_broken = report.diagnostics.iter().any(|d| d.file == "mmx.toml");
        let expected = if settings_broken {
            2
        } else {
            i32::from(report.summary.errors > 0)
        };
        assert_eq!(
            run.code, expected,
            "exit status disagrees with the summary:\n{run}"
        );
        assert!(
            run.stderr.is_empty(),
            "check --format json wrote to stderr:\n{run}"
        );
        report
    }
}
