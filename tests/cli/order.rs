//! The order on file: `rx add|edit --order FILE` keeps the signed order in
//! the patient's folder with its SHA-256, `check` finds it changed or gone,
//! on disk and in git, and `rx show` and the report say how it arrived.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::common::{PATIENT, Run, Severity, TODAY, TestPractice};

/// A scanned fax, outside the practice (as a download folder would be).
fn fax(dir: &Path, bytes: &[u8]) -> PathBuf {
    let path = dir.join("Fax from Dr Vance.PDF");
    fs::write(&path, bytes).unwrap();
    path
}

const FAX: &[u8] = b"%PDF-1.4\n% Fictional: Ana Lima, lumbar, 2x/week for 4 weeks, 45 min.\n";

fn rx_add(p: &TestPractice, extra: &[&str]) -> Run {
    let mut args = vec![
        "rx",
        "add",
        "--patient",
        PATIENT,
        "--issued",
        "2026-11-02",
        "--visits",
        "8",
        "--frequency",
        "2x/week for 4 weeks",
        "--region",
        "lumbar",
        "--technique",
        "swedish",
        "--prescriber",
        "Dr. Ada Vance",
        "--id",
        "2026-11-02-faxed",
    ];
    args.extend_from_slice(extra);
    p.mmx(&args)
}

fn practice() -> (TestPractice, tempfile::TempDir) {
    let p = TestPractice::new();
    p.add_patient("Ana Lima", "1980-04-12");
    (p, tempfile::tempdir().unwrap())
}

fn orders(p: &TestPractice) -> Vec<String> {
    p.files(&format!("patients/{PATIENT}/orders"))
}

#[test]
fn the_order_is_kept_private_with_its_digest_and_found_when_changed_or_gone() {
    let (p, inbox) = practice();
    let file = fax(inbox.path(), FAX);
    let run = rx_add(
        &p,
        &[
            "--order",
            file.to_str().unwrap(),
            "--received",
            "2026-11-03",
            "--source",
            "fax",
        ],
    );
    run.success();
    let kept = orders(&p);
    assert_eq!(kept.len(), 1, "{kept:?}");
    let rel = &kept[0];
    // Named by the day it arrived and its digest's start, extension kept.
    assert!(
        rel.starts_with(&format!("patients/{PATIENT}/orders/2026-11-03-")) && rel.ends_with(".pdf"),
        "{rel}"
    );
    assert_eq!(fs::read(p.path(rel)).unwrap(), FAX);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(p.path(rel)).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
    let json: Value = p
        .mmx(&["rx", "show", "2026-11-02-faxed", "--format", "json"])
        .json();
    let sha = json["order"]["sha256"].as_str().unwrap().to_string();
    assert_eq!(sha.len(), 64);
    assert_eq!(json["order"]["received"], "2026-11-03");
    assert_eq!(json["order"]["source"], "fax");
    assert!(rel.contains(&sha[..12]), "{rel} {sha}");
    let show = p.mmx(&["rx", "show", "2026-11-02-faxed"]);
    let name = rel.rsplit('/').next().unwrap();
    assert!(
        show.stdout.lines().any(|l| l.starts_with("order ")
            && l.ends_with(&format!(
                "received 2026-11-03 by fax; kept as orders/{name}"
            ))),
        "{show}"
    );
    // The loader takes the PDF as an order, not a stray file.
    assert!(p.check_json().diagnostics.is_empty());

    // Someone edits the kept file: its bytes no longer match.
    fs::write(p.path(rel), b"%PDF-1.4\n% 3x/week for 6 weeks\n").unwrap();
    let found = p.check_json().diagnostics;
    assert_eq!(
        found
            .iter()
            .map(|d| (d.code.as_str(), d.severity, d.field.as_deref()))
            .collect::<Vec<_>>(),
        [("order-changed", Severity::Error, Some("order.sha256"))]
    );
    // Gone altogether.
    fs::remove_file(p.path(rel)).unwrap();
    let found = p.check_json().diagnostics;
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].code, "order-missing");
    assert!(found[0].message.contains(name), "{found:?}");
}

#[test]
fn a_refused_prescription_leaves_no_order_behind_and_dry_run_writes_nothing() {
    let (p, inbox) = practice();
    let file = fax(inbox.path(), FAX);
    let path = file.to_str().unwrap();
    // A region the vocabulary lacks: refused, and the order is taken back.
    let run = rx_add(&p, &["--order", path, "--region", "elbow-of-mars"]);
    run.code(2);
    assert_eq!(orders(&p), Vec::<String>::new());
    let run = rx_add(&p, &["--order", path, "--dry-run"]);
    run.success();
    assert!(
        run.stdout
            .contains(&format!("# patients/{PATIENT}/orders/{TODAY}-"))
            && run
                .stdout
                .contains(&format!("({} bytes, kept as they are)", FAX.len())),
        "{run}"
    );
    assert_eq!(orders(&p), Vec::<String>::new());
    assert_eq!(
        p.files(&format!("patients/{PATIENT}/prescriptions")).len(),
        0
    );
    // --received without --order is a command-line mistake.
    rx_add(&p, &["--received", "2026-11-03"]).code(2);
    // So is a day not yet come.
    let run = rx_add(&p, &["--order", path, "--received", "2026-12-01"]);
    run.code(2);
    assert!(run.stderr.contains("--received"), "{run}");
    assert_eq!(orders(&p), Vec::<String>::new());
}

#[test]
fn a_practice_that_requires_the_order_refuses_a_prescription_without_one() {
    let (p, inbox) = practice();
    let settings = p.read("mmx.toml");
    p.write(
        "mmx.toml",
        settings.replace("[rules]\n", "[rules]\nrequire_order = true\n"),
    );
    let run = rx_add(&p, &[]);
    run.code(1);
    assert!(
        run.stderr.contains("error[order-required]") && run.stderr.contains("--order FILE"),
        "{run}"
    );
    let file = fax(inbox.path(), FAX);
    rx_add(&p, &["--order", file.to_str().unwrap()]).success();
    assert!(p.check_json().diagnostics.is_empty());
}

#[test]
fn a_new_order_says_when_and_how_it_came_and_the_earlier_one_stays_on_file() {
    let (p, inbox) = practice();
    let first = fax(inbox.path(), FAX);
    let first = first.to_str().unwrap();
    rx_add(
        &p,
        &[
            "--order",
            first,
            "--received",
            "2026-10-02",
            "--source",
            "fax",
        ],
    )
    .success();
    let rx_file = format!("patients/{PATIENT}/prescriptions/2026-11-02-faxed.toml");
    let before = p.read(&rx_file);
    let renewal = inbox.path().join("renewal.png");
    fs::write(&renewal, b"fictional scanned renewal").unwrap();
    let renewal = renewal.to_str().unwrap();
    // Another file, and nothing said of how it came: mmx asks rather than
    // take today and no source for the recorded "received 2026-10-02 by fax".
    let edit = |extra: &[&str]| {
        let mut args = vec![
            "rx",
            "edit",
            "2026-11-02-faxed",
            "--visits",
            "12",
            "--order",
            renewal,
        ];
        args.extend_from_slice(extra);
        p.mmx(&args)
    };
    let run = edit(&[]);
    run.code(2);
    assert!(
        run.stderr.contains(
            "--order: prescription `2026-11-02-faxed` keeps an order received 2026-10-02 by fax, and this is another file: say when and how it arrived (--received DATE --source fax|mail|portal|hand|fhir)"
        ),
        "{run}"
    );
    let run = edit(&["--received", "2026-11-20"]);
    run.code(2);
    assert!(
        run.stderr.contains("(--source fax|mail|portal|hand|fhir)"),
        "{run}"
    );
    assert_eq!(p.read(&rx_file), before, "nothing is written");
    assert_eq!(orders(&p).len(), 1);

    edit(&["--received", "2026-11-20", "--source", "portal"]).success();
    let kept = orders(&p);
    assert_eq!(kept.len(), 2, "{kept:?}");
    let json: Value = p
        .mmx(&["rx", "show", "2026-11-02-faxed", "--format", "json"])
        .json();
    assert_eq!(json["order"]["received"], "2026-11-20");
    assert_eq!(json["order"]["source"], "portal");
    assert!(json["order"]["file"].as_str().unwrap().ends_with(".png"));
    // The fax it replaced stays on file, and in the record, as it came.
    let earlier = &json["earlier_orders"];
    assert_eq!(earlier.as_array().unwrap().len(), 1, "{json}");
    assert_eq!(earlier[0]["received"], "2026-10-02");
    assert_eq!(earlier[0]["source"], "fax");
    assert!(p.check_json().diagnostics.is_empty());
    // And is checked as the current one is.
    let fax_rel = format!(
        "patients/{PATIENT}/orders/{}",
        earlier[0]["file"].as_str().unwrap()
    );
    fs::remove_file(p.path(&fax_rel)).unwrap();
    let found = p.check_json().diagnostics;
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].code, "order-missing");
    assert_eq!(found[0].field.as_deref(), Some("earlier_orders.0.file"));
}

#[test]
fn the_same_order_recorded_again_keeps_when_and_how_it_came() {
    let (p, inbox) = practice();
    let first = fax(inbox.path(), FAX);
    let first = first.to_str().unwrap();
    rx_add(
        &p,
        &[
            "--order",
            first,
            "--received",
            "2026-10-02",
            "--source",
            "fax",
        ],
    )
    .success();
    let rx_file = format!("patients/{PATIENT}/prescriptions/2026-11-02-faxed.toml");
    let before = p.read(&rx_file);
    let run = p.mmx(&["rx", "edit", "2026-11-02-faxed", "--order", first]);
    run.success();
    assert!(run.stderr.contains("nothing to change"), "{run}");
    assert_eq!(p.read(&rx_file), before);
    assert_eq!(orders(&p).len(), 1);
}

#[test]
fn a_file_in_orders_that_no_prescription_names_is_a_warning() {
    let (p, inbox) = practice();
    let first = fax(inbox.path(), FAX);
    rx_add(&p, &["--order", first.to_str().unwrap()]).success();
    p.write(
        &format!("patients/{PATIENT}/orders/dropped-here.pdf"),
        b"fictional scan nobody recorded",
    );
    let run = p.mmx(&["check"]);
    run.success();
    assert!(
        run.stdout.contains(&format!(
            "warning[order-orphan]: `patients/{PATIENT}/orders/dropped-here.pdf` is in orders/, but no prescription names it as its order"
        )),
        "{run}"
    );
}

#[test]
fn the_report_says_when_and_how_the_order_arrived() {
    let (p, inbox) = practice();
    let file = fax(inbox.path(), FAX);
    rx_add(
        &p,
        &[
            "--order",
            file.to_str().unwrap(),
            "--received",
            "2026-11-03",
            "--source",
            "portal",
        ],
    )
    .success();
    let text = p.mmx(&["report", PATIENT, "--format", "text"]);
    text.success();
    assert!(
        text.stdout
            .contains("received 2026-11-03 through the referrer's portal (orders/2026-11-03-"),
        "{text}"
    );
    let json: Value = p.mmx(&["report", PATIENT, "--format", "json"]).json();
    assert_eq!(json["prescription"]["order"]["source"], "portal");
}

fn git(dir: &Path, args: &[&str]) {
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
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn git_checks_read_the_order_as_the_folder_does() {
    let (p, inbox) = practice();
    let file = fax(inbox.path(), FAX);
    rx_add(&p, &["--order", file.to_str().unwrap()]).success();
    git(p.root(), &["init", "-q"]);
    git(p.root(), &["add", "-A"]);
    git(p.root(), &["commit", "-q", "-m", "the faxed order"]);
    let run = p.mmx(&["check", "--rev", "HEAD"]);
    run.success();
    // A change to the kept order, staged: the staged tree is refused.
    let rel = orders(&p).remove(0);
    fs::write(p.path(&rel), b"rewritten").unwrap();
    git(p.root(), &["add", "-A"]);
    let run = p.mmx(&["check", "--staged", "--format", "json"]);
    run.code(1);
    let report: Value = run.json();
    let codes: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    // Its bytes no longer the recorded SHA-256's, and, as a change, a kept
    // order rewritten (which it is even with the SHA-256 edited to match).
    assert_eq!(codes, ["record-rewritten", "order-changed"]);
    assert_eq!(report["change"]["patients"], serde_json::json!([PATIENT]));
}
