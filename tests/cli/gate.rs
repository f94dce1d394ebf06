//! The one gate: every command proves the same rules, and nothing the gate
//! cannot prove is written. One test per way a path used to prove only part
//! of them.

use crate::common;
use crate::common::Severity;
use std::fs;

use crate::common::{PATIENT, RX, TestPractice};

const SESSIONS: &str = "patients/ana-lima-1980/sessions";

fn rx_path() -> String {
    format!("patients/{PATIENT}/prescriptions/{RX}.toml")
}

fn visit(p: &TestPractice, date: &str) -> common::Run {
    p.add_session(&[
        "--date",
        date,
        "--region",
        "lumbar",
        "--technique",
        "swedish",
    ])
}

fn session_text(id: &str, date: &str) -> String {
    format!(
        "id = \"{id}\"\npatient = \"{PATIENT}\"\nprescription = \"{RX}\"\ndate = {date}\n\
         minutes = 50\nregions = [\"lumbar\"]\ntechniques = [\"swedish\"]\n"
    )
}

/// A sync tool's copy beside the prescription: the edit goes nowhere (it
/// could land in the copy), the real file keeps its value, and check names
/// the copy and the record it copies.
#[test]
fn a_conflict_copy_is_never_read_nor_edited_and_blocks_writes() {
    let p = TestPractice::with_prescription();
    let copy = format!("patients/{PATIENT}/prescriptions/{RX} (conflicted copy).toml");
    let real = p.read(&rx_path());
    p.write(&copy, real.replace("visits = 3", "visits = 9"));
    let run = p.mmx(&["rx", "edit", RX, "--visits", "12"]);
    run.code(1);
    assert!(run.stderr.contains("error[conflict-copy]"), "{run}");
    assert!(run.stderr.contains("(conflicted copy).toml"), "{run}");
    assert_eq!(p.read(&rx_path()), real);
    assert!(p.read(&copy).contains("visits = 9"));
    let show = p.mmx(&["rx", "show", RX, "--format", "json"]);
    assert!(show.stdout.contains("\"visits\": 3"), "{show}");
    let report = p.check_json();
    let d = &report.diagnostics[0];
    assert_eq!(d.code, "conflict-copy");
    assert!(
        d.message.contains(&format!("a copy of `{RX}.toml`")),
        "{d:?}"
    );
    // Resolved by deleting the copy, the edit goes through.
    fs::remove_file(p.path(&copy)).unwrap();
    p.mmx(&["rx", "edit", RX, "--visits", "12"]).success();
    assert!(p.read(&rx_path()).contains("visits = 12"));
}

/// An empty session, or one holding git's conflict markers, is a visit that
/// cannot be counted: the next session is refused, naming the file.
#[test]
fn an_unreadable_session_blocks_the_next_visit() {
    for (what, bytes) in [
        ("empty", String::new()),
        (
            "conflict",
            session_text("2026-11-05-bbbbbb", "2026-11-05").replace(
                "minutes = 50\n",
                "<<<<<<< HEAD\nminutes = 50\n=======\nminutes = 45\n>>>>>>> theirs\n",
            ),
        ),
    ] {
        let p = TestPractice::with_prescription();
        visit(&p, "2026-11-03").success();
        visit(&p, "2026-11-04").success();
        let broken = format!("{SESSIONS}/2026-11-05-bbbbbb.toml");
        p.write(&broken, &bytes);
        let before = p.files(SESSIONS);
        let run = visit(&p, "2026-11-06");
        run.code(1);
        assert!(
            run.stderr.contains("2026-11-05-bbbbbb.toml"),
            "{what}: {run}"
        );
        assert!(
            run.stderr
                .contains("cannot be read, so this change cannot be checked"),
            "{what}: {run}"
        );
        let code = if what == "empty" {
            "error[empty-record]"
        } else {
            "error[merge-conflict]"
        };
        assert!(run.stderr.contains(code), "{what}: {run}");
        if what == "conflict" {
            assert!(
                run.stderr.contains("2026-11-05-bbbbbb.toml:5:1"),
                "{what}: {run}"
            );
        }
        assert_eq!(p.files(SESSIONS), before, "{what}: something was written");
    }
}

/// A broken mmx.toml stops every command that reads the practice, with its
/// location, exit 2: never a silent default.
#[test]
fn a_broken_settings_file_stops_every_command() {
    for (settings, at) in [
        (
            "[practice]\nname = \"Harbor\"\n[rules]\nrx_valid_days = 30 days\n",
            "mmx.toml:4:",
        ),
        (
            "[practice]\nname = \"Harbor\"\n[alerts\nwithin_days = 3\n",
            "mmx.toml:3:",
        ),
    ] {
        let p = TestPractice::with_prescription();
        p.write("mmx.toml", settings);
        let before = p.files("patients");
        for args in [
            vec!["expiring"],
            vec!["check"],
            vec!["patient", "list"],
            vec!["report", PATIENT],
            vec!["export", "fhir"],
            vec![
                "session",
                "add",
                "--patient",
                PATIENT,
                "--date",
                "2026-11-04",
                "--minutes",
                "50",
                "--region",
                "lumbar",
                "--technique",
                "swedish",
            ],
        ] {
            let run = p.mmx(&args);
            run.code(2);
            assert!(run.stdout.is_empty(), "{args:?}: {run}");
            assert!(run.stderr.contains("error[toml-syntax]"), "{args:?}: {run}");
            assert!(run.stderr.contains(at), "{args:?}: {run}");
            assert!(
                run.stderr
                    .contains("mmx runs no command on guessed settings"),
                "{args:?}: {run}"
            );
        }
        assert_eq!(p.files("patients"), before);
    }
}

/// 60,000 unknown regions in one 600 KB line: every one is found, and each
/// finding costs a bounded amount of output (no excerpt copies the line).
#[test]
fn findings_in_a_huge_line_are_bounded() {
    let p = TestPractice::with_prescription();
    let regions = vec!["\"lumbarr\""; 60_000].join(", ");
    let text = session_text("2026-11-05-bbbbbb", "2026-11-05")
        .replace("regions = [\"lumbar\"]", &format!("regions = [{regions}]"));
    assert!(text.len() > 500_000 && text.len() < 1 << 20);
    p.write(&format!("{SESSIONS}/2026-11-05-bbbbbb.toml"), &text);
    let report = p.check_json();
    let unknown: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.code == "unknown-region")
        .collect();
    assert_eq!(unknown.len(), 60_000);
    assert_eq!(unknown[1].line, 6);
    assert_eq!(unknown[1].column, 12 + "\"lumbarr\", ".len());
    let human = p.mmx(&["check"]);
    human.code(1);
    assert!(
        human.stdout.len() < 60_000 * 400,
        "{} bytes for 60,000 findings",
        human.stdout.len()
    );
}

/// An override names what it excuses: a later edit that would make the
/// session break another rule is refused, though the session is overridden.
#[test]
fn an_override_excuses_only_what_it_names() {
    let p = TestPractice::with_prescription();
    visit(&p, "2026-11-03").success();
    let run = p.add_session(&[
        "--date",
        "2026-11-10",
        "--region",
        "lumbar",
        "--technique",
        "cupping",
        "--override",
        "Dr. Vance approved cupping once",
        "--id",
        "2026-11-10-cccccc",
    ]);
    run.success();
    let file = p.read(&format!("{SESSIONS}/2026-11-10-cccccc.toml"));
    assert!(
        file.contains("findings = [\"technique-not-prescribed: cupping\"]"),
        "{file}"
    );
    for edit in [
        vec!["--visits", "1"],
        vec!["--expires", "2026-11-05"],
        vec!["--remove-region", "lumbar", "--add-region", "cervical"],
    ] {
        let before = p.read(&rx_path());
        let mut args = vec!["rx", "edit", RX];
        args.extend(&edit);
        let run = p.mmx(&args);
        run.code(1);
        assert!(run.stderr.contains("error["), "{edit:?}: {run}");
        assert!(!run.stderr.contains("Dr. Vance"), "{edit:?}: {run}");
        assert_eq!(p.read(&rx_path()), before, "{edit:?}");
    }
    // An override with nothing to excuse is a mistake on the command line.
    let run = p.add_session(&[
        "--date",
        "2026-11-11",
        "--region",
        "lumbar",
        "--technique",
        "swedish",
        "--override",
        "just in case",
    ]);
    run.code(2);
    assert!(run.stderr.contains("nothing to override"), "{run}");
}

/// A plain `override = "..."` from an earlier mmx still excuses its session,
/// check says how to name its findings, and `session override` does, after
/// which only the named findings are excused.
#[test]
fn a_plain_override_keeps_reading_and_session_override_names_its_findings() {
    let p = TestPractice::with_prescription();
    let rel = format!("{SESSIONS}/2026-11-10-dddddd.toml");
    let text = session_text("2026-11-10-dddddd", "2026-11-10")
        .replace("[\"swedish\"]", "[\"cupping\"]")
        + "override = \"approved by phone\"\n";
    p.write(&rel, &text);
    let report = p.check_json();
    let codes: Vec<_> = report
        .diagnostics
        .iter()
        .map(|d| (d.code.as_str(), d.severity))
        .collect();
    assert_eq!(
        codes,
        [
            ("technique-not-prescribed", Severity::Warning),
            ("unspecific-override", Severity::Warning)
        ]
    );
    let id = format!("{PATIENT}/2026-11-10-dddddd");
    let run = p.mmx(&[
        "session",
        "override",
        &id,
        "--reason",
        "Dr. Vance approved cupping by phone",
    ]);
    run.success();
    assert!(
        run.stderr.contains("technique-not-prescribed: cupping"),
        "{run}"
    );
    let after = p.read(&rel);
    assert!(after.starts_with(&text), "the written record changed");
    assert!(after.contains("[[overrides]]"), "{after}");
    let report = p.check_json();
    assert_eq!(report.summary.errors, 0);
    assert!(
        report
            .diagnostics
            .iter()
            .all(|d| d.code != "unspecific-override")
    );
    // Now a change that adds another finding is refused.
    p.mmx(&["rx", "edit", RX, "--expires", "2026-11-05"])
        .code(1);
    // And there is nothing left to override: a command-line mistake.
    let again = p.mmx(&["session", "override", &id, "--reason", "again"]);
    again.code(2);
    assert!(again.stderr.contains("already overridden"), "{again}");
}

/// An export refuses what check rejects: a compliance error, and a patient
/// folder that is not an id (it would be left out of the bundle).
#[test]
fn export_refuses_records_check_rejects() {
    let p = TestPractice::with_prescription();
    p.write(
        &format!("{SESSIONS}/2026-11-10-eeeeee.toml"),
        session_text("2026-11-10-eeeeee", "2026-11-10").replace("\"lumbar\"]", "\"cervical\"]"),
    );
    let run = p.mmx(&["export", "fhir"]);
    run.code(1);
    assert!(run.stdout.is_empty(), "{run}");
    assert!(run.stderr.contains("error[region-not-prescribed]"), "{run}");
    assert!(run.stderr.contains("nothing was exported"), "{run}");

    let q = TestPractice::with_prescription();
    fs::create_dir_all(q.path("patients/Ana Lima")).unwrap();
    q.write(
        "patients/Ana Lima/patient.toml",
        "id = \"x\"\nname = \"X\"\n",
    );
    let run = q.mmx(&["export", "fhir"]);
    run.code(1);
    assert!(run.stderr.contains("is not an id"), "{run}");
    q.mmx(&["export", "fhir", PATIENT]).success();
}

/// An amendment is not appended to a file that does not parse: it would end
/// up inside the broken text.
#[test]
fn amend_refuses_a_broken_session_with_its_location() {
    let p = TestPractice::with_prescription();
    visit(&p, "2026-11-03").success();
    let rel = p.files(SESSIONS)[0].clone();
    let broken = p.read(&rel) + "\n[soap]\nplan = \"\"\"Again next week\n";
    p.write(&rel, &broken);
    let id = format!(
        "{PATIENT}/{}",
        rel.rsplit('/').next().unwrap().trim_end_matches(".toml")
    );
    let run = p.mmx(&["session", "amend", &id, "--note", "Late entry"]);
    run.code(1);
    assert!(run.stderr.contains("error[toml-syntax]"), "{run}");
    assert!(run.stderr.contains(&format!("{rel}:")), "{run}");
    assert_eq!(p.read(&rel), broken);
}

/// No message quotes free text: a status, a region or a key with spaces is
/// named, not shown.
#[test]
fn messages_never_quote_free_text() {
    let p = TestPractice::with_prescription();
    p.write(
        &format!("{SESSIONS}/2026-11-10-ffffff.toml"),
        session_text("2026-11-10-ffffff", "2026-11-10")
            .replace(
                "regions = [\"lumbar\"]",
                "regions = [\"she told me Quokkaberry\"]\nstatus = \"Quokkaberry said no\"\n\"Quokkaberry notes\" = 1",
            ),
    );
    for format in ["human", "json"] {
        let run = p.mmx(&["check", "--format", format]);
        run.code(1);
        assert!(!run.stdout.contains("Quokkaberry"), "{format}: {run}");
        assert!(run.stdout.contains("unknown-region"), "{format}: {run}");
        assert!(run.stdout.contains("unknown-field"), "{format}: {run}");
    }
    // Nor does a refused flag value (clap would quote it).
    for (flag, value) in [
        ("--date", "Quokkaberry said"),
        ("--patient", "Quokkaberry Lima"),
        ("--status", "Quokkaberry no"),
    ] {
        let run = p.mmx(&["session", "add", flag, value]);
        run.code(2);
        assert!(!run.stderr.contains("Quokkaberry"), "{flag}: {run}");
        assert!(run.stderr.contains(flag), "{flag}: {run}");
    }
}

/// Control characters are refused in flags, reported in files, and never
/// printed raw by a listing.
#[test]
fn control_characters_never_reach_a_terminal() {
    let p = TestPractice::new();
    let run = p.mmx(&["patient", "add", "--name", "Ana \u{1b}[2J Lima\u{7}"]);
    run.code(2);
    assert!(run.stderr.contains("--name"), "{run}");
    assert!(run.stderr.contains("U+001B"), "{run}");
    assert!(!run.stderr.contains('\u{1b}'), "{run}");
    assert!(p.files("patients").is_empty());

    p.write(
        "patients/ana-lima-1980/patient.toml",
        "id = \"ana-lima-1980\"\nname = \"Ana \\u001b]0;pwned\\u0007 Lima\"\n",
    );
    let list = p.mmx(&["patient", "list"]);
    assert!(
        !list.stdout.contains('\u{1b}') && !list.stdout.contains('\u{7}'),
        "{list}"
    );
    assert!(list.stdout.contains("Ana"), "{list}");
    let check = p.check_json();
    assert_eq!(check.diagnostics[0].code, "control-character");
}

/// A start time with second 60, or a fraction of a second, is reported at
/// the value: the session never silently loses its time.
#[test]
fn odd_start_times_are_located_findings() {
    let p = TestPractice::with_prescription();
    for (id, start) in [
        ("2026-11-10-gggggg", "18:30:60"),
        ("2026-11-11-hhhhhh", "18:30:00.750"),
    ] {
        let date = &id[..10];
        p.write(
            &format!("{SESSIONS}/{id}.toml"),
            session_text(id, date).replace(
                "minutes = 50\n",
                &format!("start = {start}\nminutes = 50\n"),
            ),
        );
    }
    let report = p.check_json();
    let got: Vec<_> = report.diagnostics.iter().map(|d| d.located()).collect();
    assert_eq!(
        got,
        [
            format!("invalid-value {SESSIONS}/2026-11-10-gggggg.toml:5:9"),
            format!("invalid-value {SESSIONS}/2026-11-11-hhhhhh.toml:5:9"),
        ]
    );
}

/// Ids Windows cannot check out are refused like any non-id.
#[test]
fn windows_reserved_names_are_not_ids() {
    let p = TestPractice::new();
    for id in ["con", "nul", "com1", "lpt9"] {
        let run = p.mmx(&["patient", "add", "--name", "Con Smith", "--id", id]);
        run.code(2);
    }
    p.mmx(&["patient", "add", "--name", "Con", "--id", "com10"])
        .success();
    fs::create_dir_all(p.path("patients/aux")).unwrap();
    p.write("patients/aux/patient.toml", "id = \"aux\"\nname = \"A\"\n");
    let report = p.check_json();
    assert!(
        report
            .diagnostics
            .iter()
            .any(|d| d.file == "patients/aux" && d.message.contains("is not an id")),
        "{:?}",
        report.diagnostics
    );
}

/// A record mmx cannot open is a finding on that file, never an abort of
/// the whole practice, and every listing says what it skipped. Run as an
/// ordinary user (a root process reads any file): when the tests run as
/// root, mmx runs as `nobody` through `setpriv`.
#[test]
fn an_unreadable_record_is_a_finding_not_an_abort() {
    use std::os::unix::fs::PermissionsExt;
    let p = TestPractice::with_prescription();
    visit(&p, "2026-11-03").success();
    visit(&p, "2026-11-04").success();
    let rel = p.files(SESSIONS)[0].clone();
    let as_user = |args: &[&str]| -> common::Run {
        if !is_root() {
            return p.mmx(args);
        }
        let mut all = vec!["--reuid=65534", "--regid=65534", "--clear-groups", "--"];
        all.push(env!("CARGO_BIN_EXE_mmx"));
        all.extend(args);
        common::run_program(p.root(), "setpriv", &all)
    };
    if is_root() {
        give_to_nobody(p.root());
    }
    fs::set_permissions(p.path(&rel), fs::Permissions::from_mode(0o000)).unwrap();
    let check = as_user(&["check", "--format", "json"]);
    check.code(1);
    let report: common::CheckReport = check.json();
    assert!(
        report
            .diagnostics
            .iter()
            .any(|d| d.code == "unreadable" && d.file == rel),
        "{check}"
    );
    let expiring = as_user(&["expiring"]);
    assert!(
        expiring.stderr.contains(&format!("skipped {rel}")),
        "{expiring}"
    );
    for args in [
        vec!["session", "list"],
        vec!["rx", "list"],
        vec!["session", "list", "--patient", PATIENT],
    ] {
        let run = as_user(&args);
        run.success();
        assert!(
            run.stderr.contains(&format!("skipped {rel}")),
            "{args:?}: {run}"
        );
    }
    let add = as_user(&[
        "session",
        "add",
        "--patient",
        PATIENT,
        "--date",
        "2026-11-05",
        "--minutes",
        "50",
        "--region",
        "lumbar",
        "--technique",
        "swedish",
    ]);
    add.code(1);
    assert!(add.stderr.contains("error[unreadable]"), "{add}");
}

fn is_root() -> bool {
    std::process::Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.starts_with(b"0\n"))
}

fn give_to_nobody(root: &std::path::Path) {
    let ok = std::process::Command::new("chown")
        .args(["-R", "65534:65534"])
        .arg(root)
        .status()
        .expect("chown")
        .success();
    assert!(ok);
    // The temp folder above the practice must let nobody in.
    let mut dir = root.parent();
    while let Some(d) = dir {
        if d == std::path::Path::new("/") {
            break;
        }
        use std::os::unix::fs::PermissionsExt;
        if let Ok(m) = fs::metadata(d) {
            let mode = m.permissions().mode();
            let _ = fs::set_permissions(d, fs::Permissions::from_mode(mode | 0o001));
        }
        dir = d.parent();
    }
}

/// The Markdown report shows what a record says, never markup it holds: HTML
/// is escaped and link syntax broken, so a viewer runs and fetches nothing.
#[test]
fn the_markdown_report_escapes_html_and_links() {
    let p = TestPractice::with_prescription();
    let patient = format!("patients/{PATIENT}/patient.toml");
    let text = p.read(&patient).replace(
        "name = \"Ana Lima\"",
        "name = \"Ana <script>alert(1)</script> Lima\"",
    );
    p.write(&patient, text);
    p.add_session(&[
        "--date",
        "2026-11-04",
        "--region",
        "lumbar",
        "--technique",
        "swedish",
        "--assessment",
        "<img src=x onerror=alert(1)> better",
        "--plan",
        "[see this](javascript:alert(1)) and **more**",
    ])
    .success();
    let run = p.mmx(&["report", PATIENT, "--format", "md"]);
    run.success();
    for raw in ["](javascript:", "**more**"] {
        assert!(!run.stdout.contains(raw), "{raw}: {run}");
    }
    // Every `<` is escaped, but for the line breaks the renderer writes.
    let out = &run.stdout;
    for (i, _) in out.match_indices('<') {
        assert!(
            out[..i].ends_with('\\') || out[i..].starts_with("<br>"),
            "a raw `<` at {i}: {run}"
        );
    }
    assert!(run.stdout.contains("\\<script\\>"), "{run}");
    assert!(run.stdout.contains("\\[see this\\]\\(javascript:"), "{run}");
}

/// A copy whose id disagrees with its file name (`X-laptop.toml`, as some
/// sync tools name theirs) is not a second record: it is not shown, not
/// counted, and it blocks writes until it is resolved.
#[test]
fn a_copy_named_like_a_record_is_not_read_as_one() {
    let p = TestPractice::with_prescription();
    visit(&p, "2026-11-03").success();
    let copy = format!("patients/{PATIENT}/prescriptions/{RX}-laptop.toml");
    p.write(
        &copy,
        p.read(&rx_path()).replace("visits = 3", "visits = 30"),
    );
    let show = p.mmx(&["rx", "show", RX, "--format", "json"]);
    assert!(show.stdout.contains("\"visits\": 3,"), "{show}");
    let list = p.mmx(&["rx", "list", "--format", "json"]);
    assert_eq!(list.stdout.matches("\"id\":").count(), 1, "{list}");
    assert!(list.stderr.contains(&format!("skipped {copy}")), "{list}");
    let run = visit(&p, "2026-11-04");
    run.code(1);
    assert!(run.stderr.contains("error[id-mismatch]"), "{run}");
}

/// The other shapes a copy takes: a different case, an editor's `~` in
/// front, a copied record folder, a copied patient folder. Each is a
/// `conflict-copy` with the patient, and refuses writes to it.
#[test]
fn every_shape_of_copy_blocks_the_patients_writes() {
    let copies: [(&str, &str); 5] = [
        ("sessions/2026-11-03-aaaaaa.TOML", "2026-11-03-aaaaaa.toml"),
        ("Patient.toml", "patient.toml"),
        ("sessions/~2026-11-03-aaaaaa.toml", "2026-11-03-aaaaaa.toml"),
        ("sessions (1)/2026-11-09-bbbbbb.toml", "sessions"),
        (
            "../ana-lima-1980 (1)/patient.toml",
            "patients/ana-lima-1980",
        ),
    ];
    for (copy, original) in copies {
        let p = TestPractice::with_prescription();
        p.add_session(&[
            "--date",
            "2026-11-03",
            "--region",
            "lumbar",
            "--technique",
            "swedish",
            "--id",
            "2026-11-03-aaaaaa",
        ])
        .success();
        let rel = format!("patients/{PATIENT}/{copy}");
        p.write(&rel, p.read(&format!("{SESSIONS}/2026-11-03-aaaaaa.toml")));
        let run = visit(&p, "2026-11-04");
        run.code(1);
        assert!(run.stderr.contains("error[conflict-copy]"), "{copy}: {run}");
        assert!(
            run.stderr.contains(&format!("copy of `{original}`")),
            "{copy}: {run}"
        );
        let report = p.check_json();
        assert!(
            report.diagnostics.iter().any(|d| d.code == "conflict-copy"),
            "{copy}: {:?}",
            report.diagnostics
        );
    }
}

/// A report is not made while the patient's folder holds a file mmx cannot
/// read: it would tell the doctor that every visit was within the
/// prescription while one is missing.
#[test]
fn a_report_is_not_made_from_a_folder_with_an_unreadable_file() {
    let p = TestPractice::with_prescription();
    visit(&p, "2026-11-03").success();
    p.write(&format!("{SESSIONS}/2026-11-04-bbbbbb.toml"), "");
    let run = p.mmx(&["report", PATIENT, "--format", "md"]);
    run.code(1);
    assert!(run.stdout.is_empty(), "{run}");
    assert!(run.stderr.contains("error[empty-record]"), "{run}");
    assert!(run.stderr.contains("no report was made"), "{run}");
}

/// `patient import --update` stays all or nothing when a row's patient has
/// a file the gate cannot read: refused before any row is written.
#[test]
fn import_refuses_before_writing_when_a_patient_folder_is_blocked() {
    let p = TestPractice::with_prescription();
    let patient = format!("patients/{PATIENT}/patient.toml");
    p.write(
        &format!("patients/{PATIENT}/patient (conflicted copy).toml"),
        p.read(&patient),
    );
    p.write(
        "intake.csv",
        "name,birth_date,phone\nCara Dune,1985-05-05,555-0101\nAna Lima,1980-04-12,555-0199\n",
    );
    for args in [
        vec!["patient", "import", "--update", "intake.csv"],
        vec!["patient", "import", "--update", "--dry-run", "intake.csv"],
    ] {
        let run = p.mmx(&args);
        run.code(1);
        assert!(run.stderr.contains("intake.csv:3:"), "{run}");
    }
    assert!(!p.path("patients/cara-dune-1985").exists());
}

/// Edits keep a byte order mark; a file of zero bytes is an empty record;
/// a pipe where a record belongs is never opened.
#[test]
fn odd_bytes_and_files_are_named_not_guessed() {
    let p = TestPractice::with_prescription();
    let bom = format!("\u{feff}{}", p.read(&rx_path()));
    p.write(&rx_path(), &bom);
    p.mmx(&["rx", "edit", RX, "--visits", "5"]).success();
    assert!(p.read(&rx_path()).starts_with('\u{feff}'));

    p.write(&format!("{SESSIONS}/2026-11-04-zzzzzz.toml"), [0u8; 300]);
    let report = p.check_json();
    assert_eq!(
        report.diagnostics[0].code, "empty-record",
        "{:?}",
        report.diagnostics
    );
    fs::remove_file(p.path(&format!("{SESSIONS}/2026-11-04-zzzzzz.toml"))).unwrap();

    let patient = p.path(&format!("patients/{PATIENT}/patient.toml"));
    fs::remove_file(&patient).unwrap();
    let ok = std::process::Command::new("mkfifo")
        .arg(&patient)
        .status()
        .unwrap();
    assert!(ok.success());
    let list = p.mmx(&["patient", "list"]);
    list.success();
    assert!(list.stderr.contains("skipped"), "{list}");
    let run = visit(&p, "2026-11-04");
    run.code(1);
    assert!(run.stderr.contains("not a regular file"), "{run}");
}

/// A record folder that is a file, or a folder where a record belongs, is
/// named: the records it should hold are not silently left uncounted.
#[test]
fn record_folders_that_are_not_folders_are_findings() {
    let p = TestPractice::with_prescription();
    fs::create_dir_all(p.path(&format!("{SESSIONS}/2026-11-04-dddddd.toml"))).unwrap();
    let report = p.check_json();
    assert!(
        report.diagnostics.iter().any(|d| d.code == "unreadable"),
        "{:?}",
        report.diagnostics
    );
    visit(&p, "2026-11-05").code(1);

    let q = TestPractice::with_prescription();
    q.write(&format!("patients/{PATIENT}/sessions"), "not a folder");
    let run = q.mmx(&["check"]);
    run.code(1);
    assert!(run.stdout.contains("error[unreadable]"), "{run}");
}

/// `-o` writes a file: never over a device or a pipe, never over the
/// practice's own records.
#[test]
fn output_files_are_never_devices_or_records() {
    let p = TestPractice::with_prescription();
    let fifo = p.path("out.fifo");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    for args in [
        vec!["report", PATIENT, "-o", "out.fifo"],
        vec!["export", "fhir", "-o", "out.fifo"],
    ] {
        let run = p.mmx(&args);
        run.code(2);
        assert!(run.stderr.contains("not a regular file"), "{args:?}: {run}");
    }
    let patient = format!("patients/{PATIENT}/patient.toml");
    let before = p.read(&patient);
    for target in [patient.as_str(), "mmx.toml"] {
        let run = p.mmx(&["export", "fhir", "-o", target]);
        run.code(2);
        assert!(
            run.stderr.contains("inside the practice's records"),
            "{run}"
        );
    }
    assert_eq!(p.read(&patient), before);
}

/// What mmx writes it can read back: an amendment that would take a session
/// past 1 MiB is refused.
#[test]
fn no_write_makes_a_record_too_large_to_read() {
    let p = TestPractice::with_prescription();
    visit(&p, "2026-11-03").success();
    let rel = p.files(SESSIONS)[0].clone();
    let id = format!(
        "{PATIENT}/{}",
        rel.rsplit('/').next().unwrap().trim_end_matches(".toml")
    );
    // 100 KB or more an amendment, however the writer quotes it.
    let note = "\\".repeat(100_000);
    let mut refused = false;
    for _ in 0..14 {
        let run = p.mmx(&["session", "amend", &id, "--note", &note]);
        if run.code == 1 {
            assert!(run.stderr.contains("error[file-too-large]"), "{run}");
            refused = true;
            break;
        }
        run.success();
    }
    assert!(refused, "an amendment took the record past 1 MiB");
    assert!(fs::metadata(p.path(&rel)).unwrap().len() <= 1 << 20);
    p.check_json();
}

/// Words spelt with escapes are words: never shown in an excerpt.
#[test]
fn escaped_words_are_not_shown() {
    let p = TestPractice::with_prescription();
    p.write(
        &format!("{SESSIONS}/2026-11-10-ffffff.toml"),
        session_text("2026-11-10-ffffff", "2026-11-10").replace(
            "regions = [\"lumbar\"]",
            "regions = [\"lumbar\", \"Quokkaberry\\u0020farm\"]\npain_before = \"Quokkaberry\\u0020said\"",
        ),
    );
    let run = p.mmx(&["check"]);
    run.code(1);
    assert!(!run.stdout.contains("Quokkaberry"), "{run}");
}

/// Control characters never reach a terminal through a flag's echo, the
/// settings `init` writes, or JSON (DEL and C1 escaped).
#[test]
fn control_characters_in_flags_and_json_are_harmless() {
    let p = TestPractice::empty();
    let run = p.mmx(&["init", "clinic", "--name", "Harbor\u{1b}[2J"]);
    run.code(2);
    assert!(
        run.stderr.contains("--name") && !run.stderr.contains('\u{1b}'),
        "{run}"
    );
    assert!(!p.path("clinic/mmx.toml").exists());
    let run = p.mmx(&["--bogus\u{1b}]0;x\u{7}"]);
    run.code(2);
    assert!(
        !run.stderr.contains('\u{1b}') && !run.stderr.contains('\u{7}'),
        "{run}"
    );

    let q = TestPractice::with_prescription();
    q.write(
        &format!("patients/{PATIENT}/patient.toml"),
        "id = \"ana-lima-1980\"\nname = \"Ana \\u009b2J\\u007f Lima\"\n",
    );
    let list = q.mmx(&["patient", "list", "--format", "json"]);
    assert!(
        !list.stdout.contains('\u{9b}') && !list.stdout.contains('\u{7f}'),
        "{list}"
    );
    assert!(list.stdout.contains("\\u009b"), "{list}");
}

/// `0x` with no digits is a syntax finding that says so, not "is , out of range".
#[test]
fn a_number_prefix_without_digits_is_a_syntax_finding() {
    let p = TestPractice::with_prescription();
    p.write(
        &format!("{SESSIONS}/2026-11-10-gggggg.toml"),
        session_text("2026-11-10-gggggg", "2026-11-10").replace("minutes = 50", "minutes = 0x"),
    );
    let report = p.check_json();
    let d = &report.diagnostics[0];
    assert_eq!(
        (d.code.as_str(), d.line, d.column),
        ("toml-syntax", 5, 11),
        "{d:?}"
    );
    assert!(d.message.contains("no digits after it"), "{d:?}");
}

/// A record out of its place (a session filed under `sessions/2026/`, or in
/// a case-variant `Sessions/`) is not counted: an error, and writes wait.
#[test]
fn a_record_out_of_place_blocks_writes() {
    for place in ["sessions/2026", "Sessions", "session"] {
        let p = TestPractice::with_prescription();
        let rel = format!("patients/{PATIENT}/{place}/2026-11-03-aaaaaa.toml");
        p.write(&rel, session_text("2026-11-03-aaaaaa", "2026-11-03"));
        let run = visit(&p, "2026-11-04");
        run.code(1);
        assert!(
            run.stderr.contains(&rel) || run.stderr.contains("conflict-copy"),
            "{place}: {run}"
        );
        let check = p.mmx(&["check", "-q"]);
        check.code(1);
    }
}

/// A copy of a patient's folder under another spelling blocks the patient's
/// writes: a visit recorded in the copy is not counted.
#[test]
fn copies_of_a_patient_folder_in_any_spelling_block_writes() {
    for copy in [
        "Copy of ana-lima-1980",
        "Ana-Lima-1980",
        "ana-lima-1980 (1)",
    ] {
        let p = TestPractice::with_prescription();
        p.write(
            &format!("patients/{copy}/patient.toml"),
            "id = \"ana-lima-1980\"\nname = \"Ana Lima\"\n",
        );
        let run = visit(&p, "2026-11-04");
        run.code(1);
        assert!(run.stderr.contains("error[conflict-copy]"), "{copy}: {run}");
    }
}

/// An import row whose record would be over 1 MiB is refused with the rest,
/// before any row is written, in a dry run too.
#[test]
fn import_refuses_an_oversized_row_before_writing() {
    let p = TestPractice::new();
    let notes = "word ".repeat(240_000);
    p.write(
        "big.csv",
        format!("name,notes\nAmy Able,short\nZed Zed,{notes}\nCy Cole,short\n"),
    );
    for args in [
        vec!["patient", "import", "big.csv"],
        vec!["patient", "import", "--dry-run", "big.csv"],
    ] {
        let run = p.mmx(&args);
        run.code(1);
        assert!(run.stderr.contains("big.csv:3:2"), "{args:?}: {run}");
    }
    assert!(p.files("patients").is_empty());
}

/// Thousands of distinct unknown terms: each is reported, the first ones
/// with a "did you mean" (each compares the text with every term).
#[test]
fn suggestions_are_bounded_in_a_long_list() {
    let p = TestPractice::with_prescription();
    let regions: Vec<String> = (0..500).map(|i| format!("\"lumbarr{i}\"")).collect();
    p.write(
        &format!("{SESSIONS}/2026-11-05-bbbbbb.toml"),
        session_text("2026-11-05-bbbbbb", "2026-11-05").replace(
            "regions = [\"lumbar\"]",
            &format!("regions = [{}]", regions.join(", ")),
        ),
    );
    let report = p.check_json();
    let unknown: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.code == "unknown-region")
        .collect();
    assert_eq!(unknown.len(), 500);
    let suggested = unknown
        .iter()
        .filter(|d| {
            d.hint
                .as_deref()
                .is_some_and(|h| h.contains("did you mean"))
        })
        .count();
    assert_eq!(suggested, 64);
}

/// Odd names and arguments never reach the terminal raw or in words: a C1
/// control in a file name, a note given without its flag, `init --git` on a
/// broken mmx.toml (exit 2 like every command), `rx show` beside a file it
/// cannot read (said on stderr).
#[test]
fn the_last_odd_cases() {
    let p = TestPractice::with_prescription();
    p.write(&format!("{SESSIONS}/a\u{9b}31m.toml"), "x = 1\n");
    let run = p.mmx(&["check"]);
    assert!(!run.stdout.contains('\u{9b}'), "{run}");
    let show = p.mmx(&["rx", "show", RX]);
    show.success();
    assert!(show.stderr.contains("skipped"), "{show}");

    let run = p.mmx(&[
        "session",
        "add",
        "--patient",
        PATIENT,
        "Sharp pain down the left leg",
    ]);
    run.code(2);
    assert!(!run.stderr.contains("Sharp pain"), "{run}");

    p.write("mmx.toml", "[practice\nname = \"X\"\n");
    let run = p.mmx(&["init", "--git"]);
    run.code(2);
    assert!(run.stderr.contains("mmx.toml:1:"), "{run}");
}
