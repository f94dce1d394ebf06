//! Git is how a clinic shares a practice: `init --git` sets a repository up,
//! its hook refuses commits with errors, and two clones merge cleanly, with
//! `check` catching what only the merge shows. Real git, isolated from the
//! developer's own git configuration.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::common::{TODAY, TestPractice};

/// The mmx under test first on PATH, so the hook finds it as a clinic's would.
fn path_env() -> std::ffi::OsString {
    let bin = Path::new(env!("CARGO_BIN_EXE_mmx")).parent().unwrap();
    let mut paths = vec![bin.to_path_buf()];
    paths.extend(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    ));
    std::env::join_paths(paths).unwrap()
}

/// Runs a program under `umask 077`, as the README has a clinic's shell do:
/// git keeps no permissions, so new files from a clone or a pull are private
/// only by the umask.
fn run(program: &str, dir: &Path, args: &[&str]) -> Output {
    Command::new("sh")
        .arg("-c")
        .arg("umask 077 && exec \"$0\" \"$@\"")
        .arg(program)
        .args(args)
        .current_dir(dir)
        .env_clear()
        .env("PATH", path_env())
        .env("HOME", dir)
        .env("NO_COLOR", "1")
        .env("MMX_TODAY", TODAY)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_AUTHOR_NAME", "Front Desk")
        .env("GIT_AUTHOR_EMAIL", "desk@example.com")
        .env("GIT_COMMITTER_NAME", "Front Desk")
        .env("GIT_COMMITTER_EMAIL", "desk@example.com")
        .output()
        .unwrap_or_else(|e| panic!("run {program}: {e}"))
}

#[track_caller]
fn ok(program: &str, dir: &Path, args: &[&str]) -> String {
    let out = run(program, dir, args);
    assert!(
        out.status.success(),
        "{program} {args:?} failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn mmx(dir: &Path, args: &[&str]) -> String {
    ok("mmx", dir, args).trim().to_string()
}

fn add_rx_and_patient(dir: &Path) {
    mmx(
        dir,
        &[
            "patient",
            "add",
            "--name",
            "Ana Lima",
            "--birth-date",
            "1980-04-12",
        ],
    );
    mmx(
        dir,
        &[
            "rx",
            "add",
            "--patient",
            "ana-lima-1980",
            "--issued",
            "2026-11-02",
            "--visits",
            "2",
            "--region",
            "lumbar",
            "--technique",
            "swedish",
            "--prescriber",
            "Dr. Ada Vance",
            "--id",
            "2026-11-02-vance1",
        ],
    );
}

fn session(dir: &Path, date: &str) -> String {
    mmx(
        dir,
        &[
            "session",
            "add",
            "--patient",
            "ana-lima-1980",
            "--date",
            date,
            "--minutes",
            "50",
            "--region",
            "lumbar",
            "--technique",
            "swedish",
        ],
    )
}

fn init(parent: &Path, name: &str) -> PathBuf {
    let out = run(
        "mmx",
        parent,
        &["init", name, "--name", "Harbor Street Massage", "--git"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    parent.join(name)
}

#[test]
fn init_git_sets_up_ignore_rules_and_a_hook_that_refuses_errors() {
    let tmp = TestPractice::empty();
    let dir = init(tmp.root(), "practice");
    assert!(dir.join(".git").is_dir());
    let ignore = std::fs::read_to_string(dir.join(".gitignore")).unwrap();
    assert!(ignore.contains(".mmx-lock") && ignore.contains(".*.mmx-tmp-*"));
    add_rx_and_patient(&dir);
    session(&dir, "2026-11-03");
    // Lock files exist in the folder but stay out of git.
    assert!(dir.join("patients/ana-lima-1980/.mmx-lock").exists());
    ok("git", &dir, &["add", "-A"]);
    let staged = ok("git", &dir, &["diff", "--cached", "--name-only"]);
    assert!(!staged.contains(".mmx-lock"), "{staged}");
    ok("git", &dir, &["commit", "-q", "-m", "first visit"]);

    // A hand edit that breaks a record: the hook refuses the commit.
    let rx = dir.join("patients/ana-lima-1980/prescriptions/2026-11-02-vance1.toml");
    let text = std::fs::read_to_string(&rx).unwrap();
    std::fs::write(&rx, text.replace("visits = 2", "visits = \"two\"")).unwrap();
    ok("git", &dir, &["add", "-A"]);
    let out = run("git", &dir, &["commit", "-q", "-m", "typo"]);
    assert!(!out.status.success(), "the hook let a broken record in");
    // git shows a hook's output on stderr.
    let shown = String::from_utf8_lossy(&out.stderr);
    assert!(shown.contains("error[invalid-value]"), "{shown}");
    assert!(
        shown.contains("prescriptions/2026-11-02-vance1.toml:4:10"),
        "{shown}"
    );
    // Fixed, it goes in.
    std::fs::write(&rx, text.replace("visits = 2", "visits = 3")).unwrap();
    ok("git", &dir, &["add", "-A"]);
    ok("git", &dir, &["commit", "-q", "-m", "fixed"]);
}

#[test]
fn two_clones_merge_cleanly_and_check_sees_the_visits_they_share() {
    let tmp = TestPractice::empty();
    let root = tmp.root();
    let origin = init(root, "origin");
    add_rx_and_patient(&origin);
    ok("git", &origin, &["add", "-A"]);
    ok(
        "git",
        &origin,
        &["commit", "-q", "-m", "Ana Lima and her prescription"],
    );
    ok(
        "git",
        root,
        &["clone", "-q", "--bare", "origin", "shared.git"],
    );
    ok("git", root, &["clone", "-q", "shared.git", "front-desk"]);
    ok("git", root, &["clone", "-q", "shared.git", "room-2"]);
    let (a, b) = (root.join("front-desk"), root.join("room-2"));
    // git copies no hooks: `init --git` in a clone installs the hook.
    for dir in [&a, &b] {
        assert!(!dir.join(".git/hooks/pre-commit").exists());
        mmx(dir, &["init", ".", "--git"]);
        assert!(dir.join(".git/hooks/pre-commit").exists());
        assert_eq!(mmx(dir, &["check", "-q"]), "");
    }

    // Same patient, same week, each clone: a new patient, a session, and in
    // one a renewal; each alone is within the 2 visits.
    mmx(
        &a,
        &[
            "patient",
            "add",
            "--name",
            "Bo Chen",
            "--birth-date",
            "1991-02-03",
        ],
    );
    session(&a, "2026-11-09");
    session(&a, "2026-11-10");
    mmx(
        &b,
        &[
            "patient",
            "add",
            "--name",
            "Cy Diaz",
            "--birth-date",
            "1985-06-07",
        ],
    );
    session(&b, "2026-11-11");
    for dir in [&a, &b] {
        assert_eq!(mmx(dir, &["check", "-q"]), "", "each clone is clean alone");
        ok("git", dir, &["add", "-A"]);
        ok("git", dir, &["commit", "-q", "-m", "visits"]);
    }
    ok("git", &a, &["push", "-q", "origin", "HEAD"]);
    let merged = run(
        "git",
        &b,
        &["pull", "-q", "--no-rebase", "--no-edit", "origin", "HEAD"],
    );
    assert!(
        merged.status.success(),
        "merge conflict:\n{}",
        String::from_utf8_lossy(&merged.stderr)
    );
    let status = ok("git", &b, &["status", "--porcelain"]);
    assert_eq!(status, "", "the merge left files behind");

    let out = run("mmx", &b, &["check", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let codes: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["visits-exceeded"], "{report:#}");
    assert_eq!(report["summary"]["patients"], 3);
    assert_eq!(report["summary"]["sessions"], 3);
}
