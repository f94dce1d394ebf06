//! History is the record: with real git, a bare remote and clones, no
//! commit or push deletes or rewrites a medical record (but the one
//! deliberate path for records whose retention period has passed), every
//! commit of a push is judged, and the remote judges what a checkout would
//! make of the tree, hidden files included.

use std::path::Path;

use crate::common::TestPractice;
use crate::git::{
    add_rx_and_patient, commit, init, mmx, ok, replace_in, run, session, shared_remote, stderr,
};

const ANA: &str = "patients/ana-lima-1980";

/// A practice with Ana's two-visit prescription used up: one session
/// amended, the other voided and a third taken in its place, pushed to a
/// shared remote. The sessions' paths, in order.
fn practice_with_history(root: &Path) -> (std::path::PathBuf, [String; 3]) {
    let dir = init(root, "practice");
    add_rx_and_patient(&dir);
    let first = mmx(
        &dir,
        &[
            "session",
            "add",
            "--patient",
            "ana-lima-1980",
            "--date",
            "2026-11-03",
            "--minutes",
            "50",
            "--region",
            "lumbar",
            "--technique",
            "swedish",
            "--subjective",
            "Lifting boxes at work.",
        ],
    );
    let second = session(&dir, "2026-11-05");
    assert!(commit(&dir, "two visits").status.success());
    // What mmx appends to a session passes the hooks and the remote.
    mmx(
        &dir,
        &[
            "session",
            "amend",
            &format!("ana-lima-1980/{first}"),
            "--note",
            "Also the neck.",
            "--by",
            "Ines Ortega",
        ],
    );
    mmx(
        &dir,
        &[
            "session",
            "void",
            &format!("ana-lima-1980/{second}"),
            "--reason",
            "recorded for the wrong patient",
            "--by",
            "Ines Ortega",
        ],
    );
    let out = commit(&dir, "amended and voided");
    assert!(out.status.success(), "{}", stderr(&out));
    let third = session(&dir, "2026-11-10");
    let out = commit(&dir, "third visit");
    assert!(out.status.success(), "{}", stderr(&out));
    shared_remote(&dir);
    let paths = [first, second, third].map(|id| format!("{ANA}/sessions/{id}.toml"));
    (dir, paths)
}

/// The findings `check` gives as (code, file, line), in JSON.
fn findings(dir: &Path, args: &[&str]) -> (Option<i32>, Vec<(String, String, u64)>) {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    let out = run("mmx", dir, &all);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            stderr(&out)
        )
    });
    let found = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["file"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
            )
        })
        .collect();
    (out.status.code(), found)
}

fn text_of(dir: &Path, rel: &str) -> String {
    std::fs::read_to_string(dir.join(rel)).unwrap()
}

/// Puts `dir` back at the remote's tip, files and index.
fn back_to_remote(dir: &Path) {
    ok("git", dir, &["fetch", "-q", "origin"]);
    ok("git", dir, &["reset", "-q", "--hard", "origin/master"]);
    ok("git", dir, &["clean", "-qfdx"]);
}

#[test]
fn no_commit_or_push_deletes_or_rewrites_a_record() {
    let tmp = TestPractice::empty();
    let (dir, [first, second, _]) = practice_with_history(tmp.root());
    let amended = text_of(&dir, &first);
    let voided = text_of(&dir, &second);
    assert!(amended.contains("[[amendments]]") && voided.contains("[void]"));
    let before_amendment = &amended[..amended.find("\n[[amendments]]").unwrap() + 1];
    let before_void = &voided[..voided.find("\n[void]").unwrap() + 1];
    let subjective_line = amended
        .lines()
        .position(|l| l.starts_with("subjective"))
        .unwrap() as u64
        + 1;

    type Edit<'a> = Box<dyn Fn(&Path) + 'a>;
    let cases: Vec<(&str, Edit, &str, &str, u64)> = vec![
        (
            "git rm of a session",
            Box::new(|d| {
                ok("git", d, &["rm", "-q", &first]);
            }),
            "record-deleted",
            &first,
            0,
        ),
        (
            "git rm of a patient's folder",
            Box::new(|d| {
                ok("git", d, &["rm", "-rq", ANA]);
            }),
            "record-deleted",
            ANA,
            0,
        ),
        (
            "the patient's folder replaced by a file",
            Box::new(|d| {
                ok("git", d, &["rm", "-rq", ANA]);
                std::fs::create_dir_all(d.join("patients")).unwrap();
                std::fs::write(d.join(ANA), "gone\n").unwrap();
            }),
            "record-deleted",
            ANA,
            0,
        ),
        (
            "the SOAP text rewritten",
            Box::new(|d| replace_in(&d.join(&first), "Lifting boxes at work.", "Gardening.")),
            "record-rewritten",
            &first,
            subjective_line,
        ),
        (
            "the [[amendments]] deleted",
            Box::new(|d| std::fs::write(d.join(&first), before_amendment).unwrap()),
            "record-rewritten",
            &first,
            before_amendment.lines().count() as u64 + 1,
        ),
        (
            "the [void] deleted",
            Box::new(|d| std::fs::write(d.join(&second), before_void).unwrap()),
            "record-rewritten",
            &second,
            before_void.lines().count() as u64 + 1,
        ),
        (
            "a field added to what the session recorded",
            Box::new(|d| {
                let text = text_of(d, &second);
                std::fs::write(d.join(&second), format!("{text}regions = [\"neck\"]\n")).unwrap();
            }),
            "record-rewritten",
            &second,
            voided.lines().count() as u64 + 1,
        ),
    ];
    for (what, edit, code, file, line) in cases {
        edit(&dir);
        ok("git", &dir, &["add", "-A"]);
        let expected = (code.to_string(), file.to_string(), line);
        // Checked as the staged change...
        let (status, found) = findings(&dir, &["check", "--staged"]);
        assert_eq!(status, Some(1), "{what}");
        assert!(found.contains(&expected), "{what}: {found:?}");
        // ...refused by the hooks...
        let out = run("git", &dir, &["commit", "-q", "-m", what]);
        assert!(!out.status.success(), "{what}: the commit landed");
        assert!(
            stderr(&out).contains(&format!("error[{code}]")),
            "{what}: {}",
            stderr(&out)
        );
        // ...and, committed past them, by `check --rev` and the remote.
        ok("git", &dir, &["commit", "-q", "--no-verify", "-m", what]);
        let (status, found) = findings(&dir, &["check", "--rev", "HEAD", "--base", "HEAD^"]);
        assert_eq!(status, Some(1), "{what}");
        assert!(found.contains(&expected), "{what}: {found:?}");
        let out = run("git", &dir, &["push", "-q", "origin", "HEAD:master"]);
        assert!(!out.status.success(), "{what}: the remote took it");
        assert!(
            stderr(&out).contains(&format!("remote: error[{code}]")),
            "{what}: {}",
            stderr(&out)
        );
        back_to_remote(&dir);
    }
    // Nothing of it reached the remote, and the practice there is whole.
    let listed = ok(
        "git",
        &dir,
        &["ls-tree", "-r", "--name-only", "origin/master", ANA],
    );
    assert!(
        listed.contains(&first) && listed.contains(&second),
        "{listed}"
    );
}

#[test]
fn a_used_up_prescription_is_not_refilled_by_deleting_a_visit() {
    let tmp = TestPractice::empty();
    let dir = init(tmp.root(), "practice");
    add_rx_and_patient(&dir);
    let first = session(&dir, "2026-11-03");
    session(&dir, "2026-11-05");
    assert!(commit(&dir, "both visits").status.success());
    shared_remote(&dir);
    // Visit 1 deleted, and a third fits the prescription again.
    ok(
        "git",
        &dir,
        &["rm", "-q", &format!("{ANA}/sessions/{first}.toml")],
    );
    session(&dir, "2026-11-10");
    assert_eq!(
        mmx(&dir, &["check", "-q"]),
        "",
        "the folder alone shows nothing"
    );
    let out = commit(&dir, "a third visit");
    assert!(!out.status.success(), "the commit deleted a visit");
    assert!(
        stderr(&out).contains("error[record-deleted]"),
        "{}",
        stderr(&out)
    );
    ok(
        "git",
        &dir,
        &["commit", "-q", "--no-verify", "-m", "a third visit"],
    );
    let out = run("git", &dir, &["push", "-q", "origin", "HEAD:master"]);
    assert!(
        !out.status.success(),
        "the remote took a third visit on two"
    );
    let said = stderr(&out);
    assert!(
        said.contains(&format!(
            "remote: error[record-deleted]: session `{first}` was deleted"
        )),
        "{said}"
    );
}

#[test]
fn every_commit_of_a_push_is_judged() {
    let tmp = TestPractice::empty();
    let dir = init(tmp.root(), "practice");
    add_rx_and_patient(&dir);
    assert!(commit(&dir, "first").status.success());
    shared_remote(&dir);
    let rx = dir.join(format!("{ANA}/prescriptions/2026-11-02-vance1.toml"));
    replace_in(&rx, "visits = 2", "visits = 0");
    ok("git", &dir, &["commit", "-qam", "broken", "--no-verify"]);
    let broken = ok("git", &dir, &["rev-parse", "HEAD"]);
    replace_in(&rx, "visits = 0", "visits = 3");
    assert!(commit(&dir, "fixed").status.success());
    // The tip is clean; the commit before it is not.
    assert_eq!(mmx(&dir, &["check", "--rev", "HEAD", "-q"]), "");
    for target in ["master", "refs/heads/desk-2", "refs/tags/week-47"] {
        let out = run(
            "git",
            &dir,
            &["push", "-q", "origin", &format!("HEAD:{target}")],
        );
        assert!(!out.status.success(), "{target} took the broken commit");
        let said = stderr(&out);
        assert!(
            said.contains(&format!("remote: mmx: commit {} pushed to ", &broken[..12])),
            "{said}"
        );
        assert!(said.contains("remote: error[invalid-value]"), "{said}");
        assert!(
            said.contains("a later commit does not mend an earlier one"),
            "{said}"
        );
    }
    // Made one commit, it lands, on a new branch too.
    ok("git", &dir, &["reset", "-q", "--soft", "HEAD~2"]);
    assert!(commit(&dir, "three visits").status.success());
    for target in ["master", "refs/heads/desk-2"] {
        let out = run(
            "git",
            &dir,
            &["push", "-q", "origin", &format!("HEAD:{target}")],
        );
        assert!(out.status.success(), "{target}: {}", stderr(&out));
    }
    // A tag, once taken, stays: a deletion is refused like a branch's.
    ok(
        "git",
        &dir,
        &["push", "-q", "origin", "HEAD:refs/tags/landed"],
    );
    let out = run("git", &dir, &["push", "-q", "origin", ":refs/tags/landed"]);
    assert!(!out.status.success(), "a tag was deleted");
    assert!(
        stderr(&out).contains("deleting refs/tags/landed is refused"),
        "{}",
        stderr(&out)
    );
    // A tag of a tree (an old one, without a visit) is no history: refused.
    let out = run(
        "git",
        &dir,
        &["push", "-q", "origin", "HEAD~1^{tree}:refs/tags/a-tree"],
    );
    assert!(!out.status.success(), "a tree was taken as a tag");
    assert!(
        stderr(&out).contains("refs/tags/a-tree names no commit"),
        "{}",
        stderr(&out)
    );
    // A new branch from an old commit, bringing a deletion of its own.
    add_rx_and_patient_visit(&dir);
    ok("git", &dir, &["push", "-q", "origin", "HEAD:master"]);
    ok("git", &dir, &["checkout", "-q", "-b", "old", "HEAD~1"]);
    session(&dir, "2026-11-04");
    assert!(commit(&dir, "a visit on a branch").status.success());
    ok("git", &dir, &["rm", "-q", "-r", &format!("{ANA}/sessions")]);
    ok("git", &dir, &["commit", "-q", "--no-verify", "-m", "gone"]);
    let out = run(
        "git",
        &dir,
        &["push", "-q", "origin", "HEAD:refs/heads/old"],
    );
    assert!(!out.status.success(), "a new branch deleted a visit");
    assert!(
        stderr(&out).contains("remote: error[record-deleted]"),
        "{}",
        stderr(&out)
    );
}

fn add_rx_and_patient_visit(dir: &Path) {
    session(dir, "2026-11-03");
    assert!(commit(dir, "a visit").status.success());
}

#[test]
fn records_whose_retention_has_passed_are_destroyed_with_a_trace() {
    let tmp = TestPractice::empty();
    let root = tmp.root();
    let (dir, [first, ..]) = practice_with_history(root);
    ok("git", root, &["clone", "-q", "shared.git", "desk-2"]);
    let desk = root.join("desk-2");
    mmx(&desk, &["init", ".", "--git"]);

    ok("git", &dir, &["rm", "-rq", ANA]);
    // `check --staged` names what would go; the commit without the trailer
    // is refused by the commit-msg hook, which sees the message.
    let (status, found) = findings(&dir, &["check", "--staged"]);
    assert_eq!(status, Some(1));
    assert_eq!(found, [("record-deleted".to_string(), ANA.to_string(), 0)]);
    let out = run("git", &dir, &["commit", "-q", "-m", "Ana's records"]);
    assert!(!out.status.success(), "a silent git rm landed");
    let said = stderr(&out);
    assert!(
        said.contains(
            "error[record-deleted]: the patient folder `patients/ana-lima-1980` was removed"
        ),
        "{said}"
    );
    assert!(
        said.contains("Mmx-Destroy: patients/ana-lima-1980 reason=retention-expired"),
        "{said}"
    );
    // A trailer that names one session does not destroy the folder, nor
    // one without a reason.
    for trailer in [
        format!("Mmx-Destroy: {first} reason=retention-expired"),
        format!("Mmx-Destroy: {ANA}"),
    ] {
        let out = run(
            "git",
            &dir,
            &["commit", "-q", "-m", "Ana's records", "--trailer", &trailer],
        );
        assert!(!out.status.success(), "{trailer} destroyed the folder");
    }
    let destroy = |folder: &str| {
        let trailer = format!("Mmx-Destroy: {folder} reason=retention-expired");
        run(
            "git",
            &dir,
            &[
                "commit",
                "-q",
                "-m",
                "Destroy records past their retention period",
                "--trailer",
                &trailer,
            ],
        )
    };
    // Not while the practice says no retention period.
    let out = destroy(ANA);
    assert!(!out.status.success(), "destroyed with no retention period");
    assert!(
        stderr(&out).contains("mmx.toml sets no retention period: nothing may be destroyed"),
        "{}",
        stderr(&out)
    );
    // Nor before it has passed: Ana's records are of this year.
    replace_in(
        &dir.join("mmx.toml"),
        "[rules]\n",
        "[rules]\nretention_years = 7\n",
    );
    ok("git", &dir, &["add", "mmx.toml"]);
    let out = destroy(ANA);
    assert!(
        !out.status.success(),
        "destroyed before the retention period"
    );
    assert!(
        stderr(&out).contains("kept 7 years, it may be destroyed from 2033-11-"),
        "{}",
        stderr(&out)
    );
    // A patient last seen in 2015 may go.
    ok("git", &dir, &["reset", "-q", "--hard"]);
    replace_in(
        &dir.join("mmx.toml"),
        "[rules]\n",
        "[rules]\nretention_years = 7\n",
    );
    let then = ["--today", "2015-03-05"];
    let otto = mmx(
        &dir,
        &[
            &then[..],
            &[
                "patient",
                "add",
                "--name",
                "Otto Old",
                "--birth-date",
                "1950-01-01",
                "--flag",
                "none",
                "--screened-by",
                "Ines Ortega",
            ],
        ]
        .concat(),
    );
    mmx(
        &dir,
        &[
            &then[..],
            &[
                "rx",
                "add",
                "--patient",
                &otto,
                "--issued",
                "2015-03-01",
                "--visits",
                "2",
                "--region",
                "lumbar",
                "--technique",
                "swedish",
                "--prescriber",
                "Dr. Ada Vance",
                "--weeks",
                "12",
            ],
        ]
        .concat(),
    );
    mmx(
        &dir,
        &[
            &then[..],
            &[
                "session",
                "add",
                "--patient",
                &otto,
                "--date",
                "2015-03-03",
                "--minutes",
                "50",
                "--region",
                "lumbar",
                "--technique",
                "swedish",
            ],
        ]
        .concat(),
    );
    assert!(commit(&dir, "Otto, seen in 2015").status.success());
    let gone = format!("patients/{otto}");
    ok("git", &dir, &["rm", "-rq", &gone]);
    let out = destroy(&gone);
    assert!(out.status.success(), "{}", stderr(&out));
    let (status, found) = findings(&dir, &["check", "--rev", "HEAD", "--base", "HEAD^"]);
    assert_eq!((status, found), (Some(0), vec![]));
    let out = run("git", &dir, &["push", "-q", "origin", "HEAD:master"]);
    assert!(out.status.success(), "{}", stderr(&out));
    // The trace is the commit: who, when, what and why.
    let log = ok(
        "git",
        &dir,
        &[
            "log",
            "-1",
            "--format=%an%n%(trailers:key=Mmx-Destroy,valueonly)",
            "origin/master",
        ],
    );
    assert_eq!(
        log.trim(),
        format!("Front Desk\n{gone} reason=retention-expired")
    );
    // Another clone that added to the records meanwhile merges it cleanly:
    // its own commit touched another patient.
    mmx(
        &desk,
        &[
            "patient",
            "add",
            "--name",
            "Bo Chen",
            "--birth-date",
            "1991-02-03",
        ],
    );
    assert!(commit(&desk, "Bo").status.success());
    let pulled = run(
        "git",
        &desk,
        &["pull", "-q", "--no-rebase", "--no-edit", "origin", "master"],
    );
    assert!(pulled.status.success(), "{}", stderr(&pulled));
    assert!(!stderr(&pulled).contains("error["), "{}", stderr(&pulled));
    assert!(!desk.join(&gone).exists() && desk.join(ANA).exists());
    let out = run("git", &desk, &["push", "-q", "origin", "HEAD:master"]);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn what_mmx_writes_passes_and_fmt_of_a_hand_written_session_too() {
    let tmp = TestPractice::empty();
    let (dir, [first, ..]) = practice_with_history(tmp.root());
    // Edits through mmx's editor are allowed.
    mmx(&dir, &["rx", "edit", "2026-11-02-vance1", "--visits", "4"]);
    mmx(
        &dir,
        &["patient", "edit", "ana-lima-1980", "--phone", "555-0142"],
    );
    let out = commit(&dir, "renewed");
    assert!(out.status.success(), "{}", stderr(&out));
    // A session written by hand, as a clinic may, then put in mmx's form.
    let hand = text_of(&dir, &first)
        .split("\n[[amendments]]")
        .next()
        .unwrap()
        .replace(&stem(&first), "2026-11-12-byhand")
        .replace("2026-11-03", "2026-11-12")
        .replace("\"lumbar\"", "\"Lumbar\"");
    std::fs::write(
        dir.join(format!("{ANA}/sessions/2026-11-12-byhand.toml")),
        format!("{hand}\n"),
    )
    .unwrap();
    let out = commit(&dir, "by hand");
    assert!(out.status.success(), "{}", stderr(&out));
    let said = mmx(&dir, &["fmt"]);
    assert!(
        said.contains("formatted patients/ana-lima-1980/sessions/2026-11-12-byhand.toml"),
        "{said}"
    );
    let out = commit(&dir, "fmt");
    assert!(out.status.success(), "{}", stderr(&out));
    let out = run("git", &dir, &["push", "-q", "origin", "HEAD:master"]);
    assert!(out.status.success(), "{}", stderr(&out));
}

fn stem(path: &str) -> String {
    path.rsplit('/')
        .next()
        .unwrap()
        .trim_end_matches(".toml")
        .to_string()
}

#[test]
fn the_remote_judges_what_a_checkout_makes_of_the_tree() {
    let tmp = TestPractice::empty();
    let (dir, [first, ..]) = practice_with_history(tmp.root());
    let twin = first
        .replace("patients/", "Patients/")
        .replace("ana-lima-1980/sessions/", "ana-lima-1980/sessions/x");
    let utf16 = "*.toml text working-tree-encoding=UTF-16LE\n";
    let cases: Vec<(&str, String, String, &str, &str)> = vec![
        // A case-only twin of patients/: on macOS or Windows its sessions
        // check out inside Ana's folder, uncounted.
        (
            "Patients/",
            twin.clone(),
            text_of(&dir, &first),
            "case-twin",
            "Patients",
        ),
        (
            ".gitattributes below the top",
            "patients/.gitattributes".into(),
            utf16.into(),
            "git-attributes",
            "patients/.gitattributes",
        ),
        (
            ".gitattributes at the top",
            ".gitattributes".into(),
            format!("{}{utf16}", text_of(&dir, ".gitattributes")),
            "git-attributes",
            ".gitattributes",
        ),
        (
            ".gitmodules",
            ".gitmodules".into(),
            "[submodule \"x\"]\n\tpath = x\n\turl = ../x\n".into(),
            "git-attributes",
            ".gitmodules",
        ),
    ];
    for (what, rel, text, code, file) in cases {
        let path = dir.join(&rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        // Only the file itself: `add -A` would re-read records whose stat
        // git finds racy through the new attributes, and fail to re-encode
        // them (the very harm the rule is about), depending on timing.
        ok("git", &dir, &["add", "--", &rel]);
        let out = run("git", &dir, &["commit", "-q", "-m", what]);
        assert!(!out.status.success(), "{what}: the commit landed");
        ok("git", &dir, &["commit", "-q", "--no-verify", "-m", what]);
        let out = run("git", &dir, &["push", "-q", "origin", "HEAD:master"]);
        assert!(!out.status.success(), "{what}: the remote took it");
        assert!(
            stderr(&out).contains(&format!("remote: error[{code}]")),
            "{what}: {}",
            stderr(&out)
        );
        assert!(
            stderr(&out).contains(&format!("remote:  --> {file}")),
            "{what}: {}",
            stderr(&out)
        );
        // A check of the whole tree finds it too.
        let (status, found) = findings(&dir, &["check", "--rev", "HEAD"]);
        assert_eq!(status, Some(1), "{what}");
        assert!(
            found.iter().any(|(c, f, _)| c == code && f == file),
            "{what}: {found:?}"
        );
        back_to_remote(&dir);
    }
    // What `mmx init --git` wrote is in the remote's history, and passes.
    let (status, found) = findings(&dir, &["check", "--rev", "origin/master"]);
    assert_eq!(status, Some(0), "{found:?}");
}

#[test]
fn attributes_from_folders_above_a_practice_in_a_larger_repository_are_judged() {
    let tmp = TestPractice::empty();
    let repo = tmp.root().join("clinic");
    std::fs::create_dir_all(repo.join("sites")).unwrap();
    ok("git", &repo, &["init", "-q"]);
    let out = run(
        "mmx",
        &repo.join("sites"),
        &["init", "desk", "--name", "Harbor Street Massage"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let dir = repo.join("sites/desk");
    mmx(&dir, &["hook", "install"]);
    add_rx_and_patient(&dir);
    let out = commit(&repo, "first");
    assert!(out.status.success(), "{}", stderr(&out));
    // Attributes that reach no record pass, wherever they are.
    std::fs::write(
        repo.join(".gitattributes"),
        "docs/*.toml eol=crlf\n*.pdf binary\n",
    )
    .unwrap();
    ok("git", &repo, &["add", "--", ".gitattributes"]);
    let out = run("git", &repo, &["commit", "-q", "-m", "docs"]);
    assert!(out.status.success(), "{}", stderr(&out));
    // One that re-encodes every record on checkout, at the repository's top
    // or in the folder between it and the practice, is refused as the
    // practice's own would be.
    for (rel, file) in [
        (".gitattributes", "../../.gitattributes"),
        ("sites/.gitattributes", "../.gitattributes"),
    ] {
        let path = repo.join(rel);
        let before = std::fs::read_to_string(&path).unwrap_or_default();
        std::fs::write(
            &path,
            format!("{before}*.toml text working-tree-encoding=UTF-16LE\n"),
        )
        .unwrap();
        ok("git", &repo, &["add", "--", rel]);
        let out = run("git", &repo, &["commit", "-q", "-m", "utf-16"]);
        assert!(!out.status.success(), "{rel}: the commit landed");
        assert!(
            stderr(&out).contains("error[git-attributes]")
                && stderr(&out).contains(&format!(" --> {file}:")),
            "{rel}: {}",
            stderr(&out)
        );
        // Committed past the hook, a check of the tree finds it.
        ok(
            "git",
            &repo,
            &["commit", "-q", "--no-verify", "-m", "utf-16"],
        );
        let (status, found) = findings(&dir, &["check", "--rev", "HEAD"]);
        assert_eq!(status, Some(1), "{rel}");
        assert!(
            found
                .iter()
                .any(|(c, f, _)| c == "git-attributes" && f == file),
            "{rel}: {found:?}"
        );
        ok("git", &repo, &["reset", "-q", "--hard", "HEAD~1"]);
    }
}

#[test]
fn two_clones_that_amend_one_session_merge_both_amendments() {
    let tmp = TestPractice::empty();
    let root = tmp.root();
    let (a, [first, ..]) = practice_with_history(root);
    ok("git", root, &["clone", "-q", "shared.git", "desk-2"]);
    let b = root.join("desk-2");
    mmx(&b, &["init", ".", "--git"]);
    let id = format!("ana-lima-1980/{}", stem(&first));
    for (dir, note) in [
        (&a, "Neck stiff on waking."),
        (&b, "Called: the neck is better."),
    ] {
        mmx(
            dir,
            &[
                "session",
                "amend",
                &id,
                "--note",
                note,
                "--by",
                "Ines Ortega",
            ],
        );
        let out = commit(dir, "amended");
        assert!(out.status.success(), "{}", stderr(&out));
    }
    ok("git", &a, &["push", "-q", "origin", "HEAD:master"]);
    // Both appended at the end: git cannot merge them by itself.
    let pulled = run(
        "git",
        &b,
        &["pull", "-q", "--no-rebase", "--no-edit", "origin", "master"],
    );
    assert!(
        !pulled.status.success(),
        "the amendments merged by themselves"
    );
    let theirs = ok("git", &b, &["show", &format!("MERGE_HEAD:{first}")]);
    let ours = ok("git", &b, &["show", &format!("HEAD:{first}")]);
    let shared = ok("git", &b, &["show", &format!("HEAD^:{first}")]);
    // Kept both, the other clone's first: the commit concluding the merge
    // and the push take it, as a change from either side.
    let both = format!("{theirs}{}", &ours[shared.len()..]);
    std::fs::write(b.join(&first), &both).unwrap();
    ok("git", &b, &["add", &first]);
    let out = run("git", &b, &["commit", "-q", "--no-edit"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = run("git", &b, &["push", "-q", "origin", "HEAD:master"]);
    assert!(out.status.success(), "{}", stderr(&out));
    // A merge that drops one side's amendment is refused.
    ok(
        "git",
        &a,
        &["pull", "-q", "--no-rebase", "--no-edit", "origin", "master"],
    );
    mmx(
        &a,
        &[
            "session",
            "amend",
            &id,
            "--note",
            "Third note.",
            "--by",
            "Ines Ortega",
        ],
    );
    assert!(commit(&a, "third").status.success());
    ok("git", &a, &["push", "-q", "origin", "HEAD:master"]);
    mmx(
        &b,
        &[
            "session",
            "amend",
            &id,
            "--note",
            "Fourth note.",
            "--by",
            "Ines Ortega",
        ],
    );
    assert!(commit(&b, "fourth").status.success());
    let out = run(
        "git",
        &b,
        &["pull", "-q", "--no-rebase", "--no-edit", "origin", "master"],
    );
    assert!(!out.status.success());
    let ours = ok("git", &b, &["show", &format!("HEAD:{first}")]);
    std::fs::write(b.join(&first), &ours).unwrap();
    ok("git", &b, &["add", &first]);
    let out = run("git", &b, &["commit", "-q", "--no-edit"]);
    assert!(
        !out.status.success(),
        "a merge dropped the other clone's amendment"
    );
    assert!(
        stderr(&out).contains("error[record-rewritten]"),
        "{}",
        stderr(&out)
    );
    ok("git", &b, &["commit", "-q", "--no-edit", "--no-verify"]);
    let out = run("git", &b, &["push", "-q", "origin", "HEAD:master"]);
    assert!(
        !out.status.success(),
        "the remote took a merge that dropped an amendment"
    );
    assert!(
        stderr(&out).contains("remote: error[record-rewritten]"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_practice_in_a_subfolder_keeps_its_records_in_a_worktree_too() {
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
    let id = session(&dir, "2026-11-03");
    assert!(commit(&repo, "first").status.success());
    ok("git", &repo, &["worktree", "add", "-q", "../desk-2"]);
    let wt = root.join("desk-2");
    let rel = format!("front desk/{ANA}/sessions/{id}.toml");
    // A file outside the practice goes as any file does.
    std::fs::write(wt.join("notes.txt"), "x\n").unwrap();
    assert!(commit(&wt, "notes").status.success());
    ok("git", &wt, &["rm", "-q", "notes.txt"]);
    let out = run("git", &wt, &["commit", "-q", "-m", "no notes"]);
    assert!(out.status.success(), "{}", stderr(&out));
    // A session does not.
    ok("git", &wt, &["rm", "-q", &rel]);
    let out = run("git", &wt, &["commit", "-q", "-m", "gone"]);
    assert!(
        !out.status.success(),
        "the worktree's commit deleted a visit"
    );
    assert!(
        stderr(&out).contains(&format!("--> {ANA}/sessions/{id}.toml")),
        "{}",
        stderr(&out)
    );
    // Nor with a trailer naming it: a patient's records are destroyed
    // whole, or a visit taken out would give its prescription one back.
    let trailer = format!("Mmx-Destroy: {ANA}/sessions/{id}.toml reason=retention-expired");
    let out = run(
        "git",
        &wt,
        &["commit", "-q", "-m", "gone", "--trailer", &trailer],
    );
    assert!(!out.status.success(), "one visit was destroyed");
    assert!(
        stderr(&out).contains("error[record-deleted]"),
        "{}",
        stderr(&out)
    );
}
