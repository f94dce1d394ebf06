//! `patient edit`, `rx edit` and `session amend`: the therapist's own words,
//! comments and layout survive; an edit that would break recorded sessions
//! is refused whole.

use crate::common::{PATIENT, RX, TestPractice};

fn rx_path() -> String {
    format!("patients/{PATIENT}/prescriptions/{RX}.toml")
}

/// The lines only in `before` and the lines only in `after`, in order, as a
/// line diff would show them when lines are not moved.
fn changed_lines(before: &str, after: &str) -> (Vec<String>, Vec<String>) {
    let b: Vec<&str> = before.lines().collect();
    let a: Vec<&str> = after.lines().collect();
    let removed = b.iter().filter(|l| !a.contains(l)).map(|l| l.to_string());
    let added = a.iter().filter(|l| !b.contains(l)).map(|l| l.to_string());
    (removed.collect(), added.collect())
}

/// A prescription as a therapist leaves it after editing it by hand.
fn hand_edited(p: &TestPractice) -> String {
    let text = p.read(&rx_path());
    let text = format!("# Faxed by Dr. Vance on 2026-11-02; original in the binder.\n\n{text}")
        .replace(
            "visits = 3\n",
            "visits = 3    # she may extend after the re-check\n",
        )
        .replace("\n[prescriber]", "\n\n   # who to call\n[prescriber]");
    p.write(&rx_path(), &text);
    text
}

#[test]
fn rx_edit_changes_only_the_lines_it_must() {
    let p = TestPractice::with_prescription();
    let before = hand_edited(&p);
    let run = p.mmx(&[
        "rx",
        "edit",
        RX,
        "--visits",
        "8",
        "--expires",
        "2027-03-01",
        "--add-region",
        "right-gluteal",
        "--add-technique",
        "trigger-point",
    ]);
    run.success();
    assert_eq!(run.stdout, format!("{RX}\n"));
    assert_eq!(
        run.stderr,
        format!("updated prescription `{RX}`: expires, visits, regions, techniques\n")
    );
    let after = p.read(&rx_path());
    let (removed, added) = changed_lines(&before, &after);
    assert_eq!(
        removed,
        [
            "expires = 2027-02-01",
            "visits = 3    # she may extend after the re-check",
            "regions = [\"lumbar\", \"left-gluteal\"]",
            "techniques = [\"swedish\", \"myofascial-release\"]",
        ]
    );
    assert_eq!(
        added,
        [
            "expires = 2027-03-01",
            "visits = 8    # she may extend after the re-check",
            "regions = [\"lumbar\", \"left-gluteal\", \"right-gluteal\"]",
            "techniques = [\"swedish\", \"myofascial-release\", \"trigger-point\"]",
        ]
    );
    assert_eq!(before.lines().count(), after.lines().count());
    assert!(p.check_json().diagnostics.is_empty());
    // The same edit again changes nothing and writes nothing.
    let run = p.mmx(&["rx", "edit", RX, "--visits", "8"]);
    run.success();
    assert_eq!(
        run.stderr,
        format!("nothing to change in prescription `{RX}`\n")
    );
    assert_eq!(p.read(&rx_path()), after);
}

#[test]
fn rx_edit_that_would_break_recorded_sessions_is_refused() {
    let p = TestPractice::with_prescription();
    for date in ["2026-11-03", "2026-11-10"] {
        p.add_session(&[
            "--date",
            date,
            "--region",
            "lumbar",
            "--technique",
            "swedish",
        ])
        .success();
    }
    let before = hand_edited(&p);
    for (args, code) in [
        (vec!["--visits", "1"], "visits-exceeded"),
        (vec!["--expires", "2026-11-05"], "after-expiry"),
        (vec!["--remove-region", "lumbar"], "region-not-prescribed"),
        (
            vec!["--remove-technique", "swedish"],
            "technique-not-prescribed",
        ),
    ] {
        let mut full = vec!["rx", "edit", RX];
        full.extend(args.iter().copied());
        let run = p.mmx(&full);
        run.code(1);
        assert!(
            run.stderr.contains(&format!("error[{code}]")),
            "{args:?} should be refused with {code}:\n{run}"
        );
        assert!(run.stderr.contains("nothing was written"), "{run}");
        assert_eq!(p.read(&rx_path()), before, "{args:?} changed the file");
    }
    // A region that is not in the prescription is a command-line error.
    p.mmx(&["rx", "edit", RX, "--remove-region", "neck"])
        .code(2);
}

#[test]
fn patient_edit_keeps_comments_and_removes_with_an_empty_value() {
    let p = TestPractice::with_prescription();
    p.mmx(&[
        "patient",
        "edit",
        PATIENT,
        "--email",
        "ana@example.com",
        "--phone",
        "555-0100",
    ])
    .success();
    let path = format!("patients/{PATIENT}/patient.toml");
    let text = p.read(&path).replace(
        "phone = \"555-0100\"",
        "phone = \"555-0100\" # evenings only",
    ) + "# allergic to lavender oil (see intake form)\n";
    p.write(&path, &text);
    let run = p.mmx(&[
        "patient",
        "edit",
        PATIENT,
        "--phone",
        "555-0199",
        "--email",
        "",
        "--add-contraindication",
        "Lavender oil",
    ]);
    run.success();
    assert_eq!(
        run.stderr,
        format!("updated patient `{PATIENT}`: phone, email, contraindications\n")
    );
    let after = p.read(&path);
    let (removed, added) = changed_lines(&text, &after);
    assert_eq!(
        removed,
        [
            "phone = \"555-0100\" # evenings only",
            "email = \"ana@example.com\""
        ]
    );
    assert_eq!(
        added,
        [
            "phone = \"555-0199\" # evenings only",
            "contraindications = [\"Lavender oil\"]"
        ]
    );
    assert!(after.contains("# allergic to lavender oil (see intake form)\n"));
    p.mmx(&["patient", "edit", PATIENT, "--name", " "]).code(2);
    p.mmx(&["patient", "edit", "no-such-1990", "--phone", "1"])
        .code(1);
}

#[test]
fn an_edit_of_broken_toml_is_refused_not_guessed() {
    let p = TestPractice::with_prescription();
    let path = format!("patients/{PATIENT}/patient.toml");
    let broken = p.read(&path) + "phone = \n";
    p.write(&path, &broken);
    let run = p.mmx(&["patient", "edit", PATIENT, "--phone", "555-0100"]);
    run.code(1);
    // The gate names the file and where it breaks, and writes nothing.
    assert!(
        run.stderr.contains("error[toml-syntax]")
            && run.stderr.contains("patient.toml:9:9")
            && run
                .stderr
                .contains("cannot be read, so this change cannot be checked"),
        "{run}"
    );
    assert_eq!(p.read(&path), broken);
}

#[test]
fn session_amend_appends_and_keeps_every_byte() {
    let p = TestPractice::with_prescription();
    let id = p
        .add_session(&[
            "--date",
            "2026-11-03",
            "--region",
            "lumbar",
            "--technique",
            "swedish",
        ])
        .success()
        .stdout
        .trim()
        .to_string();
    let rel = format!("patients/{PATIENT}/sessions/{id}.toml");
    let before = p.read(&rel);
    let full = format!("{PATIENT}/{id}");
    let run = p.mmx(&[
        "session",
        "amend",
        &full,
        "--note",
        "Late entry: ice advised.",
    ]);
    run.success();
    assert_eq!(run.stdout, format!("{full}\n"));
    let after = p.read(&rel);
    assert_eq!(
        after,
        format!(
            "{before}\n[[amendments]]\ndate = 2026-11-23\nby = \"Ines Ortega\"\nnote = \"Late entry: ice advised.\"\n"
        )
    );
    p.mmx(&[
        "session",
        "amend",
        &full,
        "--note",
        "Second.",
        "--by",
        "R. Ashgrove",
    ])
    .success();
    let json: serde_json::Value = p
        .mmx(&["session", "show", &full, "--format", "json"])
        .success()
        .json();
    assert_eq!(json["amendments"][1]["by"], "R. Ashgrove");
    assert_eq!(json["amendments"][0]["note"], "Late entry: ice advised.");
    assert!(p.read(&rel).starts_with(&after));
    assert!(p.check_json().diagnostics.is_empty());
    p.mmx(&["session", "amend", &full, "--note", "  "]).code(2);
    p.mmx(&[
        "session",
        "amend",
        &format!("{PATIENT}/2026-01-01-nope00"),
        "--note",
        "x",
    ])
    .code(1);
}

#[test]
fn rx_edit_names_its_own_flags_and_a_broken_file() {
    let p = TestPractice::with_prescription();
    let run = p.mmx(&["rx", "edit", RX, "--add-region", "lumbr"]);
    run.code(2);
    assert!(
        run.stderr.contains("--add-region: unknown region `lumbr`"),
        "{run}"
    );
    let run = p.mmx(&["rx", "edit", RX, "--remove-technique", "cupping"]);
    run.code(2);
    assert!(
        run.stderr
            .contains("--remove-technique `cupping`: not in prescription"),
        "{run}"
    );
    // A git conflict left in the file: the edit says to fix it, not that
    // the prescription does not exist.
    let text = p.read(&rx_path()).replace(
        "visits = 3\n",
        "<<<<<<< HEAD\nvisits = 3\n=======\nvisits = 4\n>>>>>>> other\n",
    );
    p.write(&rx_path(), &text);
    let run = p.mmx(&["rx", "edit", RX, "--visits", "5"]);
    run.code(1);
    assert!(
        run.stderr.contains("error[merge-conflict]")
            && run
                .stderr
                .contains("cannot be read, so this change cannot be checked"),
        "{run}"
    );
    assert_eq!(p.read(&rx_path()), text);
}
