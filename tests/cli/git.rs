//! Git is how a clinic shares a practice: `init --git` sets a repository up,
//! its hook refuses commits with errors, and two clones merge cleanly, with
//! `check` catching what only the merge shows. Real git, isolated from the
//! developer's own git configuration.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::common::{SCREENED, TODAY, TestPractice};

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
pub(crate) fn run(program: &str, dir: &Path, args: &[&str]) -> Output {
    command(program, dir, args)
        .output()
        .unwrap_or_else(|e| panic!("run {program}: {e}"))
}

/// [`run`]'s command, for a test to add to before running it.
pub(crate) fn command(program: &str, dir: &Path, args: &[&str]) -> Command {
    command_under_umask("077", program, dir, args)
}

/// [`command`] under another umask.
fn command_under_umask(umask: &str, program: &str, dir: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg(format!("umask {umask} && exec \"$0\" \"$@\""))
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
        .env("GIT_COMMITTER_EMAIL", "desk@example.com");
    cmd
}

#[track_caller]
pub(crate) fn ok(program: &str, dir: &Path, args: &[&str]) -> String {
    let out = run(program, dir, args);
    assert!(
        out.status.success(),
        "{program} {args:?} failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub(crate) fn mmx(dir: &Path, args: &[&str]) -> String {
    ok("mmx", dir, args).trim().to_string()
}

/// `mmx patient screen ID --date SCREENED --none`: screened, no red flag.
pub(crate) fn screen(dir: &Path, id: &str) {
    mmx(
        dir,
        &[
            "patient",
            "screen",
            id,
            "--date",
            SCREENED,
            "--none",
            "--by",
            "Ines Ortega",
        ],
    );
}

pub(crate) fn add_rx_and_patient(dir: &Path) {
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
    screen(dir, "ana-lima-1980");
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
            // The order's length, so the folder is clean (no `default-expiry`).
            "--weeks",
            "12",
            "--id",
            "2026-11-02-vance1",
        ],
    );
}

pub(crate) fn session(dir: &Path, date: &str) -> String {
    session_of(dir, "ana-lima-1980", date)
}

pub(crate) fn session_of(dir: &Path, patient: &str, date: &str) -> String {
    mmx(
        dir,
        &[
            "session",
            "add",
            "--patient",
            patient,
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

pub(crate) fn init(parent: &Path, name: &str) -> PathBuf {
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
fn init_git_makes_a_plain_pull_merge_unless_the_clone_says_otherwise() {
    let tmp = TestPractice::empty();
    let root = tmp.root();
    let out = run(
        "mmx",
        root,
        &[
            "init",
            "practice",
            "--name",
            "Harbor Street Massage",
            "--git",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("set pull.rebase = false in this clone's git config"),
        "{}",
        stderr(&out)
    );
    let dir = root.join("practice");
    assert_eq!(
        ok("git", &dir, &["config", "--get", "pull.rebase"]),
        "false\n"
    );
    // A clone that already says how it pulls keeps its choice, and hears nothing.
    ok("git", &dir, &["config", "pull.rebase", "true"]);
    let out = run("mmx", &dir, &["init", ".", "--git"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stderr(&out).contains("pull.rebase"), "{}", stderr(&out));
    assert_eq!(
        ok("git", &dir, &["config", "--get", "pull.rebase"]),
        "true\n"
    );
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
        // A plain pull: `init --git` said how to join diverged branches.
        &["pull", "-q", "--no-edit", "origin", "HEAD"],
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

/// A second patient with a prescription of `visits` (lumbar, swedish).
pub(crate) fn add_bo_chen(dir: &Path, visits: &str) {
    mmx(
        dir,
        &[
            "patient",
            "add",
            "--name",
            "Bo Chen",
            "--birth-date",
            "1991-02-03",
        ],
    );
    screen(dir, "bo-chen-1991");
    mmx(
        dir,
        &[
            "rx",
            "add",
            "--patient",
            "bo-chen-1991",
            "--issued",
            "2026-11-02",
            "--visits",
            visits,
            "--region",
            "lumbar",
            "--technique",
            "swedish",
            "--prescriber",
            "Dr. Ada Vance",
            "--weeks",
            "12",
            "--id",
            "2026-11-02-vance2",
        ],
    );
}

pub(crate) fn commit(dir: &Path, message: &str) -> Output {
    ok("git", dir, &["add", "-A"]);
    run("git", dir, &["commit", "-q", "-m", message])
}

pub(crate) fn replace_in(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{from} not in {}", path.display());
    std::fs::write(path, text.replace(from, to)).unwrap();
}

pub(crate) fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn a_commit_is_judged_on_the_patients_it_touches() {
    let tmp = TestPractice::empty();
    let dir = init(tmp.root(), "practice");
    add_rx_and_patient(&dir);
    add_bo_chen(&dir, "2");
    assert!(commit(&dir, "two patients").status.success());
    // An old error in Bo's records, committed past the hook.
    let bo_rx = dir.join("patients/bo-chen-1991/prescriptions/2026-11-02-vance2.toml");
    replace_in(&bo_rx, "visits = 2", "visits = \"two\"");
    ok("git", &dir, &["commit", "-qam", "typo", "--no-verify"]);

    // A visit for Ana goes in, and the old error is one line, not a refusal.
    session(&dir, "2026-11-03");
    let out = commit(&dir, "Ana's visit");
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stderr(&out).trim(),
        "1 other patient has errors; `mmx check` lists them"
    );

    // A commit that breaks Ana is refused, with the located finding, and
    // nothing of Bo's.
    let ana_rx = dir.join("patients/ana-lima-1980/prescriptions/2026-11-02-vance1.toml");
    replace_in(&ana_rx, "visits = 2", "visits = 0");
    let out = commit(&dir, "Ana's prescription");
    assert!(!out.status.success(), "the hook let a broken record in");
    let said = stderr(&out);
    assert!(
        said.contains("--> patients/ana-lima-1980/prescriptions/2026-11-02-vance1.toml:4:10"),
        "{said}"
    );
    assert!(!said.contains("bo-chen-1991"), "{said}");
    assert!(said.contains("1 other patient has errors"), "{said}");
    assert!(said.contains("mmx: the commit was refused"), "{said}");
    replace_in(&ana_rx, "visits = 0", "visits = 2");

    // A change to mmx.toml is judged on every patient: Bo's error now counts.
    let settings = dir.join("mmx.toml");
    let text = std::fs::read_to_string(&settings).unwrap();
    std::fs::write(&settings, format!("{text}# reviewed\n")).unwrap();
    let out = commit(&dir, "settings");
    assert!(!out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("patients/bo-chen-1991/prescriptions/2026-11-02-vance2.toml:4:10"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn check_staged_and_rev_read_git_not_the_folder() {
    let tmp = TestPractice::empty();
    let dir = init(tmp.root(), "practice");
    add_rx_and_patient(&dir);
    add_bo_chen(&dir, "2");
    assert!(commit(&dir, "two patients").status.success());
    // Staged broken, then put right in the folder only.
    let rx = dir.join("patients/ana-lima-1980/prescriptions/2026-11-02-vance1.toml");
    replace_in(&rx, "visits = 2", "visits = \"two\"");
    ok("git", &dir, &["add", "-A"]);
    replace_in(&rx, "visits = \"two\"", "visits = 2");
    assert_eq!(mmx(&dir, &["check", "-q"]), "", "the folder is clean");

    let out = run("mmx", &dir, &["check", "--staged", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let found: Vec<(&str, &str, u64)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap(),
                d["file"].as_str().unwrap(),
                d["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [(
            "invalid-value",
            "patients/ana-lima-1980/prescriptions/2026-11-02-vance1.toml",
            4
        )]
    );
    let head = ok("git", &dir, &["rev-parse", "HEAD^{tree}"]);
    assert_eq!(report["change"]["base"], head.trim());
    assert_eq!(
        report["change"]["patients"],
        serde_json::json!(["ana-lima-1980"])
    );
    assert_eq!(report["change"]["other_patients_with_errors"], 0);
    assert_eq!(report["summary"]["patients"], 1);

    // HEAD is clean, whole; against itself nothing is judged.
    let out = run("mmx", &dir, &["check", "--rev", "HEAD", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["change"]["base"], serde_json::Value::Null);
    assert_eq!(report["summary"]["patients"], 2);
    let out = run("mmx", &dir, &["check", "--rev", "HEAD", "--base", "HEAD"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "checked 0 patients, 0 prescriptions, 0 sessions: 0 errors, 0 warnings"
    );

    // Mistakes on the command line are exit 2, and say what is wrong.
    let out = run("mmx", &dir, &["check", "--rev", "no-such-branch"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("`no-such-branch` is not a commit, branch, tag or tree"),
        "{}",
        stderr(&out)
    );
    let out = run("mmx", &dir, &["check", "--base", "HEAD"]);
    assert_eq!(out.status.code(), Some(2));
    let outside = tmp.root().join("not-git");
    std::fs::create_dir(&outside).unwrap();
    let out = run("mmx", &outside, &["check", "--rev", "HEAD"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("is not in a git repository"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn the_shared_remote_refuses_the_second_clones_last_visit() {
    let tmp = TestPractice::empty();
    let root = tmp.root();
    let origin = init(root, "origin");
    add_rx_and_patient(&origin);
    // One of the two visits is used; one is left.
    session(&origin, "2026-11-03");
    assert!(
        commit(&origin, "Ana Lima, her prescription, a visit")
            .status
            .success()
    );
    ok(
        "git",
        root,
        &["clone", "-q", "--bare", "origin", "shared.git"],
    );
    let out = run("mmx", root, &["hook", "install", "shared.git"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("installed the pre-receive hook in"),
        "{}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("receive.denyNonFastForwards"),
        "{}",
        stderr(&out)
    );

    ok("git", root, &["clone", "-q", "shared.git", "front-desk"]);
    ok("git", root, &["clone", "-q", "shared.git", "room-2"]);
    let (a, b) = (root.join("front-desk"), root.join("room-2"));
    for dir in [&a, &b] {
        mmx(dir, &["init", ".", "--git"]);
    }
    // Each clone takes the last visit; each alone is within the prescription.
    let first = session(&a, "2026-11-10");
    let second = session(&b, "2026-11-12");
    for dir in [&a, &b] {
        let out = commit(dir, "the last visit");
        assert!(out.status.success(), "{}", stderr(&out));
    }
    let out = run("git", &a, &["push", "-q", "origin", "HEAD"]);
    assert!(out.status.success(), "{}", stderr(&out));
    // Forcing the second over the first would lose a visit: refused.
    let out = run("git", &b, &["push", "-q", "--force", "origin", "HEAD"]);
    assert!(
        !out.status.success(),
        "a forced push dropped the other visit"
    );

    // The pull merges cleanly, and the post-merge hook says what it broke.
    let pulled = run(
        "git",
        &b,
        &["pull", "-q", "--no-rebase", "--no-edit", "origin", "HEAD"],
    );
    assert!(pulled.status.success(), "{}", stderr(&pulled));
    let said = stderr(&pulled);
    assert!(said.contains("error[visits-exceeded]"), "{said}");
    assert!(said.contains(&second) && said.contains(&first), "{said}");

    // The push of the merge is refused, naming both sessions.
    let out = run("git", &b, &["push", "-q", "origin", "HEAD"]);
    assert!(
        !out.status.success(),
        "the remote took a visit past the prescription"
    );
    let said = stderr(&out);
    assert!(said.contains("remote: error[visits-exceeded]: visit 3 of prescription `2026-11-02-vance1`, which allows 2"), "{said}");
    assert!(said.contains(&format!("sessions/{second}.toml")), "{said}");
    assert!(said.contains(&format!("session `{first}`")), "{said}");
    assert!(said.contains("mmx refuses this push"), "{said}");

    // The doctor approved the extra visit: recorded with its reason, it lands.
    mmx(
        &b,
        &[
            "session",
            "override",
            &format!("ana-lima-1980/{second}"),
            "--reason",
            "Dr. Vance approved a third visit by phone",
            "--by",
            "Ines Ortega",
        ],
    );
    let out = commit(&b, "approved extra visit");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("warning[visits-exceeded]"),
        "{}",
        stderr(&out)
    );
    // As a commit after the merge it mends nothing: the merge that broke
    // the rule would land in the remote's history all the same.
    let out = run("git", &b, &["push", "-q", "origin", "HEAD"]);
    assert!(!out.status.success(), "the broken merge landed");
    let merge = ok("git", &b, &["rev-parse", "HEAD^"]);
    let said = stderr(&out);
    assert!(
        said.contains(&format!(
            "mmx: commit {} pushed to refs/heads/",
            &merge[..12]
        )),
        "{said}"
    );
    assert!(said.contains("error[visits-exceeded]"), "{said}");
    // Made part of the merge, it lands.
    ok("git", &b, &["reset", "-q", "--soft", "HEAD^"]);
    let out = run("git", &b, &["commit", "-q", "--amend", "--no-edit"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = run("git", &b, &["push", "-q", "origin", "HEAD"]);
    assert!(out.status.success(), "{}", stderr(&out));
    // The approved visit's warning is shown where it was recorded, not on
    // every later commit to the patient.
    let record = b.join("patients/ana-lima-1980/patient.toml");
    let text = std::fs::read_to_string(&record).unwrap();
    std::fs::write(&record, format!("{text}# phone checked\n")).unwrap();
    let out = commit(&b, "phone checked");
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stderr(&out), "");
    // And the first clone's pull brings it in without a word of error.
    let pulled = run(
        "git",
        &a,
        &["pull", "-q", "--no-rebase", "--no-edit", "origin", "HEAD"],
    );
    assert!(pulled.status.success(), "{}", stderr(&pulled));
    assert!(!stderr(&pulled).contains("error["), "{}", stderr(&pulled));
}

#[test]
fn a_rebase_says_what_it_broke() {
    let tmp = TestPractice::empty();
    let root = tmp.root();
    let origin = init(root, "origin");
    add_rx_and_patient(&origin);
    session(&origin, "2026-11-03");
    assert!(commit(&origin, "first").status.success());
    ok(
        "git",
        root,
        &["clone", "-q", "--bare", "origin", "shared.git"],
    );
    ok("git", root, &["clone", "-q", "shared.git", "a"]);
    ok("git", root, &["clone", "-q", "shared.git", "b"]);
    let (a, b) = (root.join("a"), root.join("b"));
    for dir in [&a, &b] {
        mmx(dir, &["init", ".", "--git"]);
    }
    session(&a, "2026-11-10");
    assert!(commit(&a, "a").status.success());
    ok("git", &a, &["push", "-q", "origin", "HEAD"]);
    session(&b, "2026-11-12");
    assert!(commit(&b, "b").status.success());
    let pulled = run("git", &b, &["pull", "-q", "--rebase", "origin", "HEAD"]);
    assert!(pulled.status.success(), "{}", stderr(&pulled));
    assert!(
        stderr(&pulled).contains("error[visits-exceeded]"),
        "{}",
        stderr(&pulled)
    );
}

#[test]
fn hooks_follow_core_hooks_path_and_work_in_worktrees() {
    let tmp = TestPractice::empty();
    let root = tmp.root();
    let hooks = root.join("clinic-hooks");
    let dir = root.join("practice");
    std::fs::create_dir(&dir).unwrap();
    ok("git", &dir, &["init", "-q"]);
    ok(
        "git",
        &dir,
        &["config", "core.hooksPath", hooks.to_str().unwrap()],
    );
    let out = run(
        "mmx",
        root,
        &[
            "init",
            "practice",
            "--name",
            "Harbor Street Massage",
            "--git",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(&format!("in {} (core.hooksPath)", hooks.display())),
        "{}",
        stderr(&out)
    );
    assert!(hooks.join("pre-commit").exists() && !dir.join(".git/hooks/pre-commit").exists());
    add_rx_and_patient(&dir);
    assert!(commit(&dir, "first").status.success());
    let rx = "patients/ana-lima-1980/prescriptions/2026-11-02-vance1.toml";
    replace_in(&dir.join(rx), "visits = 2", "visits = \"two\"");
    let out = commit(&dir, "broken");
    assert!(
        !out.status.success(),
        "the hook in core.hooksPath did not run"
    );
    assert!(
        stderr(&out).contains(&format!("{rx}:4:10")),
        "{}",
        stderr(&out)
    );
    ok("git", &dir, &["checkout", "-q", "--", "."]);
    ok("git", &dir, &["reset", "-q"]);

    // Another repository sharing the hooks folder holds no practice: its
    // commits are not mmx's business.
    let other = root.join("other");
    std::fs::create_dir(&other).unwrap();
    ok("git", &other, &["init", "-q"]);
    ok(
        "git",
        &other,
        &["config", "core.hooksPath", hooks.to_str().unwrap()],
    );
    std::fs::write(other.join("notes.txt"), "shopping list\n").unwrap();
    let out = commit(&other, "notes");
    assert!(out.status.success(), "{}", stderr(&out));

    // A worktree: `init --git` sets it up (its .git is a file), and its
    // commits are checked.
    ok("git", &dir, &["worktree", "add", "-q", "../desk-2"]);
    let wt = root.join("desk-2");
    let out = run("mmx", &wt, &["init", ".", "--git"]);
    assert!(out.status.success(), "{}", stderr(&out));
    replace_in(&wt.join(rx), "visits = 2", "visits = \"two\"");
    let out = commit(&wt, "broken in a worktree");
    assert!(
        !out.status.success(),
        "the worktree's commit was not checked"
    );
    assert!(
        stderr(&out).contains(&format!("{rx}:4:10")),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_hook_that_cannot_find_mmx_says_how_to_fix_it() {
    let tmp = TestPractice::empty();
    let root = tmp.root();
    let bin = root.join("bin");
    std::fs::create_dir(&bin).unwrap();
    let moved = bin.join("mmx");
    std::fs::copy(env!("CARGO_BIN_EXE_mmx"), &moved).unwrap();
    let no_mmx = "/usr/local/bin:/usr/bin:/bin";
    let out = command(
        moved.to_str().unwrap(),
        root,
        &[
            "init",
            "practice",
            "--name",
            "Harbor Street Massage",
            "--git",
        ],
    )
    .env("PATH", no_mmx)
    .output()
    .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let dir = root.join("practice");
    std::fs::remove_file(&moved).unwrap();
    std::fs::write(dir.join("README.txt"), "front desk\n").unwrap();
    ok("git", &dir, &["add", "-A"]);
    let out = command("git", &dir, &["commit", "-q", "-m", "x"])
        .env("PATH", no_mmx)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let said = stderr(&out);
    assert!(
        said.contains(&format!(
            "mmx pre-commit hook: cannot find mmx (not on PATH, nor at {}), so the commit is refused until it can check it",
            moved.display()
        )),
        "{said}"
    );
    assert!(said.contains("hint: put mmx on PATH"), "{said}");
}

#[test]
fn an_interrupted_hook_leaves_nothing_outside_the_practice() {
    let tmp = TestPractice::empty();
    let root = tmp.root();
    let dir = init(root, "practice");
    add_rx_and_patient(&dir);
    add_bo_chen(&dir, "4");
    for date in ["2026-11-03", "2026-11-05", "2026-11-07"] {
        session_of(&dir, "bo-chen-1991", date);
    }
    let watched = root.join("tmp");
    std::fs::create_dir(&watched).unwrap();
    ok("git", &dir, &["add", "-A"]);
    for (signal, delay) in [
        (libc::SIGINT, 0),
        (libc::SIGINT, 15),
        (libc::SIGTERM, 5),
        (libc::SIGHUP, 30),
    ] {
        let mut child = {
            use std::os::unix::process::CommandExt;
            command("git", &dir, &["commit", "-q", "-m", "interrupted"])
                .env("TMPDIR", &watched)
                .process_group(0)
                .spawn()
                .unwrap()
        };
        std::thread::sleep(std::time::Duration::from_millis(delay));
        // As a terminal does: the whole foreground group gets the signal.
        unsafe { libc::kill(-(child.id() as i32), signal) };
        let _ = child.wait();
        let left: Vec<_> = std::fs::read_dir(&watched).unwrap().collect();
        assert!(
            left.is_empty(),
            "signal {signal} after {delay} ms left {left:?}"
        );
    }
    // Whatever the signal cut short, the commit can be made (once git's own
    // lock files of a killed run are gone, as after any crash of git).
    for lock in [
        "index.lock",
        "HEAD.lock",
        "refs/heads/master.lock",
        "refs/heads/main.lock",
    ] {
        let _ = std::fs::remove_file(dir.join(".git").join(lock));
    }
    let out = command("git", &dir, &["commit", "-q", "-m", "visits"])
        .env("TMPDIR", &watched)
        .output()
        .unwrap();
    // (Unless an interrupted run got as far as committing them.)
    let committed = run("git", &dir, &["log", "--oneline"]).status.success();
    assert!(out.status.success() || committed, "{}", stderr(&out));
    assert_eq!(std::fs::read_dir(&watched).unwrap().count(), 0);
}

#[test]
fn a_hook_of_ones_own_is_left_alone_and_told_the_line_to_add() {
    let tmp = TestPractice::empty();
    let root = tmp.root();
    let dir = root.join("practice");
    std::fs::create_dir(&dir).unwrap();
    ok("git", &dir, &["init", "-q"]);
    let own = dir.join(".git/hooks/pre-commit");
    std::fs::write(&own, "#!/bin/sh\necho spell-check\n").unwrap();
    let out = run(
        "mmx",
        root,
        &[
            "init",
            "practice",
            "--name",
            "Harbor Street Massage",
            "--git",
        ],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let said = stderr(&out);
    assert!(
        said.contains("installed the commit-msg, post-merge, post-rewrite hooks"),
        "{said}"
    );
    assert!(
        said.contains("pre-commit is not mmx's and does not run it; it was left as it is"),
        "{said}"
    );
    assert!(
        said.contains(
            "hint: add this line to it: mmx check --staged --deletions-later -q || exit 1"
        ),
        "{said}"
    );
    assert_eq!(
        std::fs::read_to_string(&own).unwrap(),
        "#!/bin/sh\necho spell-check\n"
    );
    // The practice was made all the same; with the line added, all is set.
    assert!(dir.join("mmx.toml").is_file());
    std::fs::write(
        &own,
        "#!/bin/sh\necho spell-check\nmmx check --staged --deletions-later -q || exit 1\n",
    )
    .unwrap();
    chmod(&own, 0o755);
    let out = run("mmx", &dir, &["hook", "install"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let said = stderr(&out);
    assert!(
        said.contains("already up to date: the commit-msg, post-merge, post-rewrite hooks"),
        "{said}"
    );
    assert!(
        said.contains("left as they are (they already run mmx): the pre-commit hook"),
        "{said}"
    );
}

#[test]
fn a_clone_set_up_by_init_keeps_git_files_private() {
    let tmp = TestPractice::empty();
    let root = tmp.root();
    let origin = init(root, "origin");
    add_rx_and_patient(&origin);
    assert!(commit(&origin, "first").status.success());
    ok(
        "git",
        root,
        &["clone", "-q", "--bare", "origin", "shared.git"],
    );
    let out = run("mmx", root, &["hook", "install", "shared.git"]);
    assert!(
        stderr(&out).contains("core.sharedRepository = 0600"),
        "{}",
        stderr(&out)
    );
    ok("git", root, &["clone", "-q", "shared.git", "desk"]);
    let desk = root.join("desk");
    let out = run("mmx", &desk, &["init", ".", "--git"]);
    assert!(
        stderr(&out).contains("now private to their owner"),
        "{}",
        stderr(&out)
    );
    for dir in [&desk, &root.join("shared.git")] {
        assert_eq!(
            ok("git", dir, &["config", "core.sharedRepository"]).trim(),
            "0600"
        );
    }
    // A repository that says how it is shared is left as it says.
    ok("git", &desk, &["config", "core.sharedRepository", "group"]);
    let out = run("mmx", &desk, &["hook", "install"]);
    assert!(!stderr(&out).contains("private"), "{}", stderr(&out));
    assert_eq!(
        ok("git", &desk, &["config", "core.sharedRepository"]).trim(),
        "group"
    );
}

/// The bare remote `shared.git` beside `dir`, with mmx's pre-receive hook,
/// holding `dir`'s history; `dir` pushes to it as `origin`.
pub(crate) fn shared_remote(dir: &Path) -> PathBuf {
    let root = dir.parent().unwrap();
    ok("git", root, &["init", "-q", "--bare", "shared.git"]);
    let out = run("mmx", root, &["hook", "install", "shared.git"]);
    assert!(out.status.success(), "{}", stderr(&out));
    ok("git", dir, &["remote", "add", "origin", "../shared.git"]);
    ok("git", dir, &["push", "-q", "origin", "HEAD:master"]);
    root.join("shared.git")
}

pub(crate) fn git_out(dir: &Path, args: &[&str], input: &str) -> String {
    use std::io::Write;
    let mut child = command("git", dir, args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "git {args:?}");
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

#[test]
fn a_tree_with_two_entries_of_one_name_is_an_error_and_the_remote_refuses_it() {
    let tmp = TestPractice::empty();
    let dir = init(tmp.root(), "practice");
    add_rx_and_patient(&dir);
    let id = session(&dir, "2026-11-03");
    assert!(commit(&dir, "first").status.success());
    shared_remote(&dir);
    // By hand, what git itself never writes: the session twice, the second
    // broken (a checkout would write that one).
    let rel = format!("patients/ana-lima-1980/sessions/{id}.toml");
    let good = ok("git", &dir, &["rev-parse", &format!("HEAD:{rel}")]);
    let text = std::fs::read_to_string(dir.join(&rel)).unwrap();
    let bad = git_out(
        &dir,
        &["hash-object", "-w", "--stdin"],
        &text.replace("minutes = 50", "minutes = 0"),
    );
    let entry = |oid: &str| format!("100644 blob {}\t{id}.toml\n", oid.trim());
    let sessions = git_out(
        &dir,
        &["mktree"],
        &format!("{}{}", entry(&good), entry(&bad)),
    );
    let replace = |tree: &str, name: &str, oid: &str| {
        let listing = ok("git", &dir, &["ls-tree", tree]);
        let kept: String = listing
            .lines()
            .filter(|l| !l.ends_with(&format!("\t{name}")))
            .map(|l| format!("{l}\n"))
            .collect();
        git_out(
            &dir,
            &["mktree"],
            &format!("{kept}040000 tree {oid}\t{name}\n"),
        )
    };
    let patient = replace("HEAD:patients/ana-lima-1980", "sessions", &sessions);
    let patients = replace("HEAD:patients", "ana-lima-1980", &patient);
    let top = replace("HEAD^{tree}", "patients", &patients);
    let hostile = ok(
        "git",
        &dir,
        &["commit-tree", &top, "-p", "HEAD", "-m", "twice"],
    );
    let hostile = hostile.trim();

    let out = run("mmx", &dir, &["check", "--rev", hostile]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains(&format!("error[unreadable]: the file `{rel}` cannot be read (the git tree holds two entries of this name")), "{said}");
    let out = run(
        "git",
        &dir,
        &[
            "push",
            "-q",
            "origin",
            &format!("{hostile}:refs/heads/master"),
        ],
    );
    assert!(
        !out.status.success(),
        "the remote took a tree git cannot check out as it was checked"
    );
}

#[test]
fn moving_a_patients_folder_out_of_sight_is_refused() {
    let tmp = TestPractice::empty();
    let dir = init(tmp.root(), "practice");
    add_rx_and_patient(&dir);
    session(&dir, "2026-11-03");
    add_bo_chen(&dir, "2");
    assert!(commit(&dir, "first").status.success());
    for name in ["Ana Lima", "ana-lima-1980 (1)"] {
        ok(
            "git",
            &dir,
            &["mv", "patients/ana-lima-1980", &format!("patients/{name}")],
        );
        let out = run("git", &dir, &["commit", "-q", "-m", "moved"]);
        assert!(
            !out.status.success(),
            "moving Ana's folder to {name} hid her visits"
        );
        assert!(
            stderr(&out).contains(&format!("patients/{name}")),
            "{}",
            stderr(&out)
        );
        ok("git", &dir, &["reset", "-q", "--hard"]);
    }
    // Once committed past the hook, it is counted with the other errors.
    ok(
        "git",
        &dir,
        &["mv", "patients/ana-lima-1980", "patients/Ana Lima"],
    );
    ok("git", &dir, &["commit", "-q", "--no-verify", "-m", "moved"]);
    let record = dir.join("patients/bo-chen-1991/patient.toml");
    replace_in(
        &record,
        "name = \"Bo Chen\"",
        "name = \"Bo Chen\"\n# checked",
    );
    let out = commit(&dir, "Bo");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("1 other patient has errors"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_new_branch_at_an_old_broken_commit_is_judged() {
    let tmp = TestPractice::empty();
    let root = tmp.root();
    let dir = init(root, "practice");
    add_rx_and_patient(&dir);
    assert!(commit(&dir, "first").status.success());
    // A broken commit and the one that fixed it, in the remote's history
    // from before it had mmx's hook.
    let rx = dir.join("patients/ana-lima-1980/prescriptions/2026-11-02-vance1.toml");
    replace_in(&rx, "visits = 2", "visits = 0");
    ok("git", &dir, &["commit", "-qam", "broken", "--no-verify"]);
    replace_in(&rx, "visits = 0", "visits = 2");
    assert!(commit(&dir, "fixed").status.success());
    ok("git", root, &["init", "-q", "--bare", "shared.git"]);
    ok("git", &dir, &["remote", "add", "origin", "../shared.git"]);
    ok("git", &dir, &["push", "-q", "origin", "HEAD:master"]);
    let out = run("mmx", root, &["hook", "install", "shared.git"]);
    assert!(out.status.success(), "{}", stderr(&out));
    for target in ["refs/heads/sneak", "refs/tags/sneak"] {
        let out = run(
            "git",
            &dir,
            &["push", "-q", "origin", &format!("HEAD^:{target}")],
        );
        assert!(!out.status.success(), "{target} took the broken commit");
        assert!(
            stderr(&out).contains("remote: error[invalid-value]"),
            "{}",
            stderr(&out)
        );
    }
    // A branch once pushed cannot be deleted and pushed again (a lost visit).
    let out = run("git", &dir, &["push", "-q", "origin", ":master"]);
    assert!(!out.status.success(), "the remote deleted its branch");
}

#[test]
fn a_linked_patients_folder_in_git_stops_the_check_as_on_disk() {
    let tmp = TestPractice::empty();
    let dir = init(tmp.root(), "practice");
    add_rx_and_patient(&dir);
    std::fs::rename(dir.join("patients"), tmp.root().join("elsewhere")).unwrap();
    std::os::unix::fs::symlink(tmp.root().join("elsewhere"), dir.join("patients")).unwrap();
    ok("git", &dir, &["add", "-A"]);
    let out = run("git", &dir, &["commit", "-q", "-m", "linked"]);
    assert!(!out.status.success(), "a linked patients/ was committed");
    for args in [&["check"][..], &["check", "--staged"]] {
        let out = run("mmx", &dir, args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&out).contains("is a symbolic link; mmx does not follow links"),
            "{}",
            stderr(&out)
        );
    }
}

#[test]
fn the_count_of_other_patients_does_not_depend_on_the_order_it_was_made_in() {
    let tmp = TestPractice::empty();
    let dir = init(tmp.root(), "practice");
    add_rx_and_patient(&dir);
    add_bo_chen(&dir, "2");
    assert!(commit(&dir, "first").status.success());
    // A copy of Ana's folder under another id: the same files, with errors
    // (its records name Ana) where Ana's have none.
    for copy in ["aaa-1990", "zed-1990"] {
        let out = Command::new("cp")
            .args(["-r", "patients/ana-lima-1980", &format!("patients/{copy}")])
            .current_dir(&dir)
            .status()
            .unwrap();
        assert!(out.success());
    }
    ok("git", &dir, &["add", "-A"]);
    ok(
        "git",
        &dir,
        &["commit", "-q", "--no-verify", "-m", "copies"],
    );
    let record = dir.join("patients/bo-chen-1991/patient.toml");
    for n in 0..3 {
        replace_in(
            &record,
            "name = \"Bo Chen\"",
            &format!("name = \"Bo Chen\"\n# {n}"),
        );
        ok("git", &dir, &["add", "-A"]);
        let out = run("mmx", &dir, &["check", "--staged", "-q"]);
        assert_eq!(
            String::from_utf8_lossy(&out.stdout).trim(),
            "2 other patients have errors; `mmx check` lists them",
            "run {n}"
        );
    }
}

#[test]
fn a_practice_in_a_subfolder_is_checked_in_a_worktree_too() {
    let tmp = TestPractice::empty();
    let root = tmp.root();
    let repo = root.join("clinic");
    std::fs::create_dir(&repo).unwrap();
    ok("git", &repo, &["init", "-q"]);
    let out = run(
        "mmx",
        &repo,
        &["init", "front desk", "--name", "Harbor Street Massage"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let dir = repo.join("front desk");
    mmx(&dir, &["hook", "install"]);
    add_rx_and_patient(&dir);
    assert!(commit(&repo, "first").status.success());
    ok("git", &repo, &["worktree", "add", "-q", "../desk-2"]);
    let wt = root.join("desk-2");
    let rx = "front desk/patients/ana-lima-1980/prescriptions/2026-11-02-vance1.toml";
    replace_in(&wt.join(rx), "visits = 2", "visits = 3");
    let out = commit(&wt, "a visit more");
    assert!(out.status.success(), "{}", stderr(&out));
    replace_in(&wt.join(rx), "visits = 3", "visits = \"three\"");
    let out = commit(&wt, "broken");
    assert!(
        !out.status.success(),
        "the worktree's commit was not checked"
    );
    assert!(
        stderr(&out).contains("patients/ana-lima-1980/prescriptions/2026-11-02-vance1.toml:4:10"),
        "{}",
        stderr(&out)
    );
}

fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::symlink_metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o7777
}

fn chmod(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[test]
fn a_hook_git_would_skip_is_repaired_by_hook_install() {
    let tmp = TestPractice::empty();
    let dir = init(tmp.root(), "practice");
    add_rx_and_patient(&dir);
    assert!(commit(&dir, "first").status.success());
    let hooks = dir.join(".git/hooks");
    let hook = hooks.join("pre-commit");
    assert_eq!(mode(&hook), 0o700);
    // After a chmod or a restore from backup: the text is right, but git
    // skips the hook without a word.
    chmod(&hook, 0o600);
    let out = run("mmx", &dir, &["hook", "install"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let said = stderr(&out);
    assert!(
        said.contains("made executable (git skips a hook that is not, so it was not run): the pre-commit hook in"),
        "{said}"
    );
    assert!(
        said.contains("already up to date: the commit-msg, post-merge, post-rewrite hooks"),
        "{said}"
    );
    assert_eq!(mode(&hook), 0o700);
    // And it runs again: a broken record is refused.
    let rx = dir.join("patients/ana-lima-1980/prescriptions/2026-11-02-vance1.toml");
    replace_in(&rx, "visits = 2", "visits = \"two\"");
    let out = commit(&dir, "typo");
    assert!(!out.status.success(), "the repaired hook did not run");
    assert!(
        stderr(&out).contains("error[invalid-value]"),
        "{}",
        stderr(&out)
    );
    // One anyone may write runs what anyone wrote: made its owner's.
    chmod(&hook, 0o777);
    let said = stderr(&run("mmx", &dir, &["hook", "install"]));
    assert!(
        said.contains(
            "made private to their owner (others could change what it runs): the pre-commit hook"
        ),
        "{said}"
    );
    assert_eq!(mode(&hook), 0o700);
    let said = stderr(&run("mmx", &dir, &["hook", "install"]));
    assert!(
        said.contains(
            "already up to date: the pre-commit, commit-msg, post-merge, post-rewrite hooks"
        ),
        "{said}"
    );
    // Each hook was put in place whole: no temp file is left beside them.
    let names: Vec<String> = std::fs::read_dir(&hooks)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!names.iter().any(|n| n.contains("mmx-tmp")), "{names:?}");
    // A hook of one's own that runs mmx but that git skips is not taken
    // for one that works.
    std::fs::write(&hook, "#!/bin/sh\nmmx check --staged -q || exit 1\n").unwrap();
    chmod(&hook, 0o644);
    let out = run("mmx", &dir, &["hook", "install"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let said = stderr(&out);
    assert!(
        said.contains(
            "pre-commit runs mmx but is not executable, so git skips it; it was left as it is"
        ),
        "{said}"
    );
    assert!(
        said.contains("hint: make it executable: chmod u+x '"),
        "{said}"
    );
    assert_eq!(mode(&hook) & 0o111, 0, "made executable unasked");
}

#[test]
fn the_hooks_judge_their_own_practice_today_whatever_the_shell_says() {
    let tmp = TestPractice::empty();
    let root = tmp.root();
    let dir = init(root, "practice");
    add_rx_and_patient(&dir);
    assert!(commit(&dir, "first").status.success());
    // Another practice, clean, as MMX_DIR may name (the README suggests
    // setting it).
    let other = init(root, "other");
    add_bo_chen(&other, "2");
    assert!(commit(&other, "Bo").status.success());
    let other = other.to_str().unwrap();

    // A broken session, committed with MMX_DIR naming the other practice.
    let id = session(&dir, "2026-11-03");
    let rel = format!("patients/ana-lima-1980/sessions/{id}.toml");
    replace_in(&dir.join(&rel), "minutes = 50", "minutes = 0");
    ok("git", &dir, &["add", "-A"]);
    let out = command("git", &dir, &["commit", "-q", "-m", "visit"])
        .env("MMX_DIR", other)
        .output()
        .unwrap();
    assert!(
        !out.status.success(),
        "MMX_DIR made the hook check another practice, and a broken session landed"
    );
    assert!(stderr(&out).contains(&rel), "{}", stderr(&out));

    replace_in(&dir.join(&rel), "minutes = 0", "minutes = 50");
    ok("git", &dir, &["add", "-A"]);
    let out = command("git", &dir, &["commit", "-q", "-m", "visit"])
        .env("MMX_DIR", other)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));

    // The hook judges as of today, whatever day the shell says it is: a
    // baby born last year is not "born after today".
    mmx(
        &dir,
        &[
            "patient",
            "add",
            "--name",
            "Cy Diaz",
            "--birth-date",
            "2025-03-04",
        ],
    );
    ok("git", &dir, &["add", "-A"]);
    let out = command("git", &dir, &["commit", "-q", "-m", "Cy"])
        .env("MMX_TODAY", "2020-01-01")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));

    // The clinic's remote, pushed to from a shell with MMX_DIR and
    // MMX_TODAY set: a good push lands, a bad one is refused for what it is.
    shared_remote(&dir);
    session(&dir, "2026-11-05");
    assert!(commit(&dir, "second visit").status.success());
    let push = |env_dir: &str| {
        command("git", &dir, &["push", "-q", "origin", "HEAD:master"])
            .env("MMX_DIR", env_dir)
            .env("MMX_TODAY", "2020-01-01")
            .output()
            .unwrap()
    };
    for env_dir in [other, dir.to_str().unwrap()] {
        let out = push(env_dir);
        assert!(out.status.success(), "MMX_DIR={env_dir}: {}", stderr(&out));
    }
    let rx = dir.join("patients/ana-lima-1980/prescriptions/2026-11-02-vance1.toml");
    replace_in(&rx, "visits = 2", "visits = 1");
    ok("git", &dir, &["commit", "-qam", "one visit", "--no-verify"]);
    let out = push(other);
    assert!(!out.status.success(), "the remote took a second visit of 1");
    assert!(
        stderr(&out).contains("remote: error[visits-exceeded]"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_remote_made_under_umask_000_is_made_private_when_mmx_says_so() {
    let tmp = TestPractice::empty();
    let root = tmp.root();
    let open = |program: &str, dir: &Path, args: &[&str]| {
        let out = command_under_umask("000", program, dir, args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{program} {args:?}: {}", stderr(&out));
        stderr(&out)
    };
    open("git", root, &["init", "-q", "--bare", "shared.git"]);
    let shared = root.join("shared.git");
    // What git made, open to anyone.
    assert_eq!(mode(&shared.join("refs")) & 0o077, 0o077);
    assert_eq!(mode(&shared.join("hooks")) & 0o077, 0o077);
    let said = open("mmx", root, &["hook", "install", "shared.git"]);
    assert!(said.contains("now private to their owner"), "{said}");
    let open_to_others = |dir: &Path| -> Vec<String> {
        let mut found = Vec::new();
        let mut stack = vec![dir.to_path_buf()];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d).unwrap() {
                let path = e.unwrap().path();
                if mode(&path) & 0o077 != 0 {
                    found.push(format!("{} {:o}", path.display(), mode(&path)));
                }
                if path.is_dir() {
                    stack.push(path);
                }
            }
        }
        found
    };
    assert_eq!(open_to_others(&shared), Vec::<String>::new());
    assert_eq!(mode(&shared.join("hooks/pre-receive")), 0o700);
    assert_eq!(mode(&shared.join("refs/heads")), 0o700);

    // What a push brings stays private, whatever the umask.
    let dir = init(root, "practice");
    add_rx_and_patient(&dir);
    assert!(commit(&dir, "first").status.success());
    ok("git", &dir, &["remote", "add", "origin", "../shared.git"]);
    open("git", &dir, &["push", "-q", "origin", "HEAD:master"]);
    assert!(shared.join("refs/heads/master").is_file());
    assert_eq!(open_to_others(&shared), Vec::<String>::new());

    // A remote that was said to be private before and was opened since (an
    // older mmx, a restore) is closed again on the next install.
    chmod(&shared.join("refs"), 0o777);
    let said = open("mmx", root, &["hook", "install", "shared.git"]);
    assert!(
        said.contains(
            "are private to their owner again (core.sharedRepository = 0600): 1 was open to others"
        ),
        "{said}"
    );
    assert_eq!(open_to_others(&shared), Vec::<String>::new());
}
