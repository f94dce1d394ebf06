//! Tried from outside, as an attacker and as a careless clinic member would,
//! with real git, a bare remote and clones: what got past the history rules
//! (issue 20) and the order on file (issue 21) until these tests.

use std::path::Path;

use crate::common::TestPractice;
use crate::git::{add_rx_and_patient, commit, init, mmx, ok, run, session, shared_remote, stderr};

const ANA: &str = "patients/ana-lima-1980";

/// A practice with Ana's prescription, a session and a faxed order on
/// file, pushed to a shared remote; the order's path.
fn practice_with_an_order(root: &Path) -> (std::path::PathBuf, String) {
    let dir = init(root, "practice");
    add_rx_and_patient(&dir);
    session(&dir, "2026-11-03");
    let fax = root.join("fax-vance.pdf");
    std::fs::write(&fax, "%PDF-1.4\nDr. Vance: 2 visits\n%%EOF\n").unwrap();
    mmx(
        &dir,
        &[
            "rx",
            "edit",
            "2026-11-02-vance1",
            "--order",
            fax.to_str().unwrap(),
            "--received",
            "2026-11-03",
            "--source",
            "fax",
        ],
    );
    let out = commit(&dir, "visit and order");
    assert!(out.status.success(), "{}", stderr(&out));
    shared_remote(&dir);
    let orders = std::fs::read_dir(dir.join(ANA).join("orders"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .find(|n| n.ends_with(".pdf"))
        .unwrap();
    (dir, format!("{ANA}/orders/{orders}"))
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn an_order_on_file_rewritten_with_its_sha256_edited_to_match_is_refused() {
    let tmp = TestPractice::empty();
    let (dir, order) = practice_with_an_order(tmp.root());
    // The kept fax replaced by another, and the prescription's SHA-256
    // edited to match it: `check` sees nothing wrong with the folder.
    let forged = b"%PDF-1.4\nDr. Vance: 20 visits\n%%EOF\n";
    std::fs::write(dir.join(&order), forged).unwrap();
    let rx = dir.join(ANA).join("prescriptions/2026-11-02-vance1.toml");
    let text = std::fs::read_to_string(&rx).unwrap();
    let old = text
        .lines()
        .find_map(|l| l.strip_prefix("sha256 = \""))
        .unwrap()
        .trim_end_matches('"')
        .to_string();
    std::fs::write(&rx, text.replace(&old, &sha256_hex(forged))).unwrap();
    let out = run("mmx", &dir, &["check", "-q"]);
    assert!(out.status.success(), "{}", stderr(&out));
    // The hook and the remote refuse it: an order is kept as it arrived.
    let out = commit(&dir, "a better order");
    assert!(!out.status.success(), "the forged order was committed");
    assert!(
        stderr(&out).contains("error[record-rewritten]")
            && stderr(&out).contains(&format!(" --> {order}")),
        "{}",
        stderr(&out)
    );
    ok(
        "git",
        &dir,
        &["commit", "-q", "--no-verify", "-m", "forged"],
    );
    let out = run("git", &dir, &["push", "-q", "origin", "HEAD:master"]);
    assert!(!out.status.success(), "the remote took a forged order");
    assert!(
        stderr(&out).contains("remote: error[record-rewritten]"),
        "{}",
        stderr(&out)
    );
    let out = run("mmx", &dir, &["check", "--rev", "HEAD", "--base", "HEAD~1"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
}

#[test]
fn a_merge_that_quotes_the_other_clones_amendment_inside_its_own_is_refused() {
    let tmp = TestPractice::empty();
    let root = tmp.root();
    let (a, _) = practice_with_an_order(root);
    ok("git", root, &["clone", "-q", "shared.git", "desk-2"]);
    let b = root.join("desk-2");
    mmx(&b, &["init", ".", "--git"]);
    let first = std::fs::read_dir(a.join(ANA).join("sessions"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .next()
        .unwrap();
    let rel = format!("{ANA}/sessions/{first}");
    let id = format!("ana-lima-1980/{}", first.trim_end_matches(".toml"));
    for (dir, note) in [
        (&a, "Allergic to arnica oil."),
        (&b, "Called: the back is better."),
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
    let pulled = run(
        "git",
        &b,
        &["pull", "-q", "--no-rebase", "--no-edit", "origin", "master"],
    );
    assert!(
        !pulled.status.success(),
        "the amendments merged by themselves"
    );
    let theirs = ok("git", &b, &["show", &format!("MERGE_HEAD:{rel}")]);
    let ours = ok("git", &b, &["show", &format!("HEAD:{rel}")]);
    let shared = ok("git", &b, &["show", &format!("HEAD^:{rel}")]);
    // The other clone's amendment, its bytes whole, as the words of a new
    // amendment by someone else: its entry (date, author) is gone.
    let quoted = format!(
        "{ours}\n[[amendments]]\ndate = 2026-11-23\nby = \"Someone Else\"\nnote = \"\"\"{}\"\"\"\n",
        theirs[shared.len()..].trim_start()
    );
    std::fs::write(b.join(&rel), &quoted).unwrap();
    ok("git", &b, &["add", &rel]);
    let out = run("git", &b, &["commit", "-q", "--no-edit"]);
    assert!(
        !out.status.success(),
        "a merge that quoted the other clone's amendment was committed"
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
        "the remote took a merge that quoted an amendment away"
    );
    assert!(
        stderr(&out).contains("remote: error[record-rewritten]"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_twin_of_patients_by_unicode_case_folding_is_refused() {
    let tmp = TestPractice::empty();
    let (dir, _) = practice_with_an_order(tmp.root());
    // `ſ` (long s) is `S` to NTFS and `s` to APFS: on those disks these
    // sessions check out inside `patients/`, where no check counted them.
    for twin in ["patientſ", "patıents"] {
        let sessions = dir.join(twin).join("ana-lima-1980/sessions");
        std::fs::create_dir_all(&sessions).unwrap();
        std::fs::write(
            sessions.join("2026-11-20-zz9zz9.toml"),
            "id = \"2026-11-20-zz9zz9\"\n",
        )
        .unwrap();
        let out = commit(&dir, "a visit elsewhere");
        assert!(!out.status.success(), "{twin}: the commit landed");
        assert!(
            stderr(&out).contains("error[case-twin]"),
            "{twin}: {}",
            stderr(&out)
        );
        ok("git", &dir, &["commit", "-q", "--no-verify", "-m", "twin"]);
        let out = run("git", &dir, &["push", "-q", "origin", "HEAD:master"]);
        assert!(!out.status.success(), "{twin}: the remote took it");
        assert!(
            stderr(&out).contains("remote: error[case-twin]"),
            "{twin}: {}",
            stderr(&out)
        );
        ok("git", &dir, &["reset", "-q", "--hard", "origin/master"]);
        ok("git", &dir, &["clean", "-qfdx"]);
    }
}

#[test]
fn a_file_of_the_practices_records_is_no_order_to_copy_into_a_patients_folder() {
    use crate::common::{PATIENT, RX};
    let p = TestPractice::with_prescription();
    let bo = p.add_patient("Bo Chen", "1991-02-03");
    // Another patient's record, named as it lies, from inside the folder,
    // or through a link outside it: a careless pick would copy Bo's record
    // into Ana's folder as her order.
    let record = format!("patients/{bo}/patient.toml");
    let outside = tempfile::tempdir().unwrap();
    let link = outside.path().join("order.pdf");
    std::os::unix::fs::symlink(p.path(&record), &link).unwrap();
    for given in [
        record.clone(),
        p.path(&record).display().to_string(),
        link.display().to_string(),
    ] {
        let run = p.mmx(&[
            "rx",
            "edit",
            RX,
            "--order",
            &given,
            "--received",
            "2026-11-03",
            "--source",
            "hand",
        ]);
        run.code(2);
        assert!(
            run.stderr.contains("is among the records of the practice")
                && run.stderr.contains("nothing was written"),
            "{given}: {run}"
        );
        assert!(
            p.files(&format!("patients/{PATIENT}/orders")).is_empty(),
            "{given}"
        );
    }
    let run = p
        .command(&[
            "rx",
            "edit",
            RX,
            "--order",
            "patient.toml",
            "--received",
            "2026-11-03",
        ])
        .current_dir(p.path(&format!("patients/{bo}")))
        .run();
    run.code(2);
    // A scan from outside is kept, as ever.
    let scan = outside.path().join("fax.pdf");
    std::fs::write(&scan, "%PDF-1.4\nfictional order\n").unwrap();
    p.mmx(&[
        "rx",
        "edit",
        RX,
        "--order",
        scan.to_str().unwrap(),
        "--received",
        "2026-11-03",
        "--source",
        "fax",
    ])
    .success();
    assert_eq!(p.files(&format!("patients/{PATIENT}/orders")).len(), 1);
}

#[test]
fn a_range_of_visits_that_runs_downwards_is_no_frequency() {
    use crate::common::{PATIENT, RX};
    let p = TestPractice::with_prescription();
    for written in ["3-2x/week", "every 4-2 weeks"] {
        let run = p.mmx(&["rx", "edit", RX, "--frequency", written]);
        run.code(2);
        assert!(run.stderr.contains("--frequency"), "{written}: {run}");
        // Written by hand, check refuses it at its place.
        let rel = format!("patients/{PATIENT}/prescriptions/{RX}.toml");
        let text = p.read(&rel);
        p.write(
            &rel,
            text.replace(
                "visits = 3\n",
                &format!("visits = 3\nfrequency = \"{written}\"\n"),
            ),
        );
        let run = p.mmx(&["check"]);
        run.code(1);
        assert!(
            run.stdout.contains("error[invalid-value]: `frequency`")
                && run.stdout.contains(&format!("{rel}:")),
            "{written}: {run}"
        );
        p.write(&rel, text);
    }
    p.mmx(&["rx", "edit", RX, "--frequency", "2-3x/week"])
        .success();
}
