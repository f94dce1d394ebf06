//! Who records, per computer: in a clinic of several therapists the shared
//! `[practice] therapist` names no one; each computer says who it is
//! (`MMX_THERAPIST`, git's `mmx.therapist`), and a command that records an
//! author without one is refused with how to say it.

use std::path::Path;
use std::process::Command;

use insta::assert_snapshot;

use crate::common::{PATIENT, RX, TestPractice, crate_root};

/// The therapists a clinic lists, as the sharing guide shows them.
fn listed_as_the_guide_says() -> String {
    let guide = std::fs::read_to_string(crate_root().join("docs/guides/sharing.md")).unwrap();
    let who = &guide[guide
        .find("**Who records.**")
        .expect("the guide's Who records")..];
    who.split("```toml\n")
        .nth(1)
        .and_then(|s| s.split("```").next())
        .expect("the guide's [[therapists]] block")
        .to_string()
}

/// A practice listing two therapists (as the sharing guide has a clinic
/// list them), the shared default one of them, with one session on record
/// (by Ines Ortega).
fn clinic() -> TestPractice {
    let p = TestPractice::with_prescription();
    p.add_session(&[
        "--date",
        "2026-11-04",
        "--region",
        "lumbar",
        "--technique",
        "swedish",
        "--id",
        "2026-11-04-0900",
    ])
    .success();
    let settings = p.read("mmx.toml").replace(
        "[rules]",
        &format!("{}\n[rules]", listed_as_the_guide_says()),
    );
    assert!(settings.contains("[[therapists]]"), "{settings}");
    p.write("mmx.toml", settings);
    p
}

const SESSION: &[&str] = &[
    "--date",
    "2026-11-06",
    "--region",
    "lumbar",
    "--technique",
    "swedish",
];

fn session_file() -> String {
    format!("patients/{PATIENT}/sessions/2026-11-04-0900.toml")
}

#[test]
fn a_clinic_computer_that_has_not_said_who_it_is_records_no_author() {
    let p = clinic();
    let before = p.files("patients");
    let run = p.add_session(SESSION);
    assert_snapshot!(run.snapshot(), @r#"
    ----- stderr -----
    error: mmx.toml lists several therapists (Ines Ortega, Sam Park) and this computer has not said which one you are, so mmx cannot record who did this; nothing was written
      hint: say it once on this computer: `git config mmx.therapist "Ines Ortega"` in the practice folder (or `git config --global ...` for every practice), or set MMX_THERAPIST; for this command only, --therapist NAME
    [exit status: 2]
    "#);
    let id = format!("{PATIENT}/2026-11-04-0900");
    for args in [
        vec!["session", "amend", &id, "--note", "x"],
        vec![
            "session",
            "override",
            &id,
            "--reason",
            "Dr. Vance approved by phone",
        ],
        vec!["session", "void", &id, "--reason", "wrong patient"],
        vec!["rx", "close", RX, "--reason", "goals-met"],
        vec!["report", PATIENT, "--record", "--format", "md"],
    ] {
        let run = p.mmx(&args);
        run.code(2);
        assert!(
            run.stderr
                .contains("this computer has not said which one you are")
                && run.stderr.contains("git config mmx.therapist"),
            "{args:?}: {run}"
        );
    }
    assert_eq!(p.files("patients"), before, "something was written");
    // The shared default is never taken for the author.
    assert!(!p.read(&session_file()).contains("Sam Park"));
}

#[test]
fn mmx_therapist_names_the_author_of_every_record_it_writes() {
    let p = clinic();
    let me = |args: &[&str]| p.command(args).env("MMX_THERAPIST", "Sam Park").run();
    let mut add = vec!["session", "add", "--patient", PATIENT, "--minutes", "50"];
    add.extend_from_slice(SESSION);
    let id = me(&add).success().stdout.trim().to_string();
    assert!(
        p.read(&format!("patients/{PATIENT}/sessions/{id}.toml"))
            .contains("therapist = \"Sam Park\""),
    );
    let recorded = format!("{PATIENT}/2026-11-04-0900");
    me(&["session", "amend", &recorded, "--note", "pressure lighter"]).success();
    let text = p.read(&session_file());
    assert!(text.contains("by = \"Sam Park\""), "{text}");
    me(&[
        "rx",
        "close",
        RX,
        "--reason",
        "goals-met",
        "--date",
        "2026-11-20",
    ])
    .success();
    let rx = p.read(&format!("patients/{PATIENT}/prescriptions/{RX}.toml"));
    assert!(
        rx.contains("[closed]") && rx.contains("by = \"Sam Park\""),
        "{rx}"
    );
    // A flag still names someone else for one command.
    me(&[
        "session",
        "amend",
        &recorded,
        "--note",
        "x",
        "--by",
        "Ines Ortega",
    ])
    .success();
    assert!(p.read(&session_file()).contains("by = \"Ines Ortega\""));
    // The letter is signed by this computer's therapist.
    let letter = me(&["report", PATIENT, "--format", "md"]);
    letter.success();
    assert!(letter.stdout.contains("Sam Park"), "{letter}");
}

#[test]
fn an_identity_the_clinic_does_not_list_is_refused() {
    let p = clinic();
    let run = p
        .command(&[
            "session",
            "add",
            "--patient",
            PATIENT,
            "--minutes",
            "50",
            "--date",
            "2026-11-06",
        ])
        .env("MMX_THERAPIST", "Sam Prak")
        .run();
    run.code(2);
    assert!(
        run.stderr.contains(
            "error: MMX_THERAPIST names `Sam Prak`, who is not one of mmx.toml's [[therapists]] (Ines Ortega, Sam Park)"
        ),
        "{run}"
    );
}

#[test]
fn a_practice_of_one_therapist_records_its_default_as_before() {
    let p = TestPractice::with_prescription();
    let run = p.add_session(SESSION);
    let id = run.success().stdout.trim().to_string();
    assert!(
        p.read(&format!("patients/{PATIENT}/sessions/{id}.toml"))
            .contains("therapist = \"Ines Ortega\"")
    );
}

/// `git` at `dir`, blind to the developer's own configuration.
fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_AUTHOR_NAME", "Front Desk")
        .env("GIT_AUTHOR_EMAIL", "desk@example.com")
        .env("GIT_COMMITTER_NAME", "Front Desk")
        .env("GIT_COMMITTER_EMAIL", "desk@example.com")
        .output()
        .expect("run git");
    assert!(out.status.success(), "git {args:?}: {out:?}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn two_clones_each_record_their_own_therapist_without_typing_it() {
    let first = clinic();
    // The clinic's first computer: its therapist said at init.
    let init = first.mmx(&["init", "--git", "--therapist", "Ines Ortega"]);
    init.success();
    assert!(
        init.stderr.contains(
            "this computer records as Ines Ortega (mmx.therapist in this clone's git config"
        ),
        "{init}"
    );
    git(first.root(), &["add", "-A"]);
    git(
        first.root(),
        &["commit", "-q", "--no-verify", "-m", "practice"],
    );
    // The second computer clones it and says who it is.
    let second = TestPractice::empty();
    git(
        second.root(),
        &["clone", "-q", first.root().to_str().unwrap(), "."],
    );
    let unsaid = second.mmx(&["init", "--git"]);
    unsaid.success();
    assert!(
        unsaid.stderr.contains("mmx.toml lists several therapists (Ines Ortega, Sam Park): say which one records at this computer"),
        "{unsaid}"
    );
    let wrong = second.mmx(&["init", "--git", "--therapist", "Sam Parker"]);
    wrong.code(2);
    second
        .mmx(&["init", "--git", "--therapist", "Sam Park"])
        .success();
    assert_eq!(
        git(second.root(), &["config", "--get", "mmx.therapist"]),
        "Sam Park\n"
    );

    for (p, name) in [(&first, "Ines Ortega"), (&second, "Sam Park")] {
        let id = p.add_session(SESSION).success().stdout.trim().to_string();
        let text = p.read(&format!("patients/{PATIENT}/sessions/{id}.toml"));
        assert!(text.contains(&format!("therapist = \"{name}\"")), "{text}");
    }
}
