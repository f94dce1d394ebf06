//! Every file mmx writes is canonical TOML: the `toml` crate parses it and
//! writes it back to the same bytes, Python's `tomllib` reads the same values,
//! and `check` finds it clean.

use std::process::Command;

use crate::common::{EDITOR_FILES, PATIENT, TestPractice};

/// Text that exercises every way a TOML string can go wrong.
const AWKWARD: &[&str] = &[
    "Zoë \"Zed\" O'Brien\\",
    "line one\nline \"two\" ''' \"\"\" end\n\ttabbed",
    "C:\\path\\to\\file",
    "it's 'quoted'",
    "tab\there, a backslash \\ and a slash /",
    "windows\r\nline end",
    "\nleading newline and trailing space ",
    "emoji 💆 and 中文",
    "\"\"\"",
    "'''",
];

/// A practice in which mmx itself wrote every kind of file, with awkward text
/// in every free-text field.
fn practice() -> TestPractice {
    let p = TestPractice::empty();
    p.mmx(&["init", "--name", AWKWARD[0], "--therapist", AWKWARD[7]])
        .success();
    let mut patient = vec![
        "patient",
        "add",
        "--name",
        "Ana Lima",
        "--birth-date",
        "1980-04-12",
        "--phone",
        AWKWARD[3],
        "--email",
        "ana@example.com",
        "--address",
        AWKWARD[2],
        "--emergency-contact",
        AWKWARD[7],
        "--notes",
        AWKWARD[1],
    ];
    for c in AWKWARD {
        patient.extend(["--contraindication", c]);
    }
    let id = p.mmx(&patient);
    assert_eq!(id.success().stdout, format!("{PATIENT}\n"));
    let mut rx = vec![
        "rx",
        "add",
        "--patient",
        PATIENT,
        "--issued",
        "2026-11-02",
        "--expires",
        "2027-02-01",
        "--visits",
        "8",
        "--frequency",
        "2X/Week for 6 weeks",
        "--minutes",
        "50",
        "--region",
        "lumbar",
        "--technique",
        "swedish",
        "--precautions",
        AWKWARD[5],
        "--prescriber",
        AWKWARD[4],
        "--npi",
        "1234567893",
        "--prescriber-phone",
        AWKWARD[9],
        "--diagnosis",
        "M54.16=Radiculopathy, \"lumbar\" region",
        "--diagnosis",
        "S13.4XXA",
        "--id",
        "2026-11-02-a7k2mp",
    ];
    for g in AWKWARD {
        rx.extend(["--goal", g]);
    }
    p.mmx(&rx).success();
    // Screened before the first visit, with awkward words in its note.
    p.mmx(&[
        "patient",
        "screen",
        PATIENT,
        "--date",
        "2026-11-02",
        "--flag",
        "osteoporosis",
        "--by",
        AWKWARD[0],
        "--note",
        AWKWARD[8],
    ])
    .success();
    p.add_session(&[
        "--date",
        "2026-11-04",
        "--start",
        "09:30",
        "--region",
        "lumbar",
        "--technique",
        "swedish",
        "--pain-before",
        "0",
        "--pain-after",
        "10",
        "--subjective",
        AWKWARD[1],
        "--objective",
        AWKWARD[5],
        "--assessment",
        AWKWARD[6],
        "--plan",
        AWKWARD[9],
        "--therapist",
        AWKWARD[0],
        "--id",
        "2026-11-04-dr1h9d",
    ])
    .success();
    p.add_session(&[
        "--date",
        "2026-11-06",
        "--region",
        "cervical",
        "--technique",
        "swedish",
        "--override",
        AWKWARD[1],
        "--id",
        "2026-11-06-cj3dsj",
    ])
    .success();
    p.mmx(&[
        "session",
        "add",
        "--patient",
        PATIENT,
        "--date",
        "2026-11-05",
        "--status",
        "no-show",
        "--id",
        "2026-11-05-n0n0n0",
    ])
    .success();
    p
}

const WRITTEN: &[&str] = &[
    "mmx.toml",
    "patients/ana-lima-1980/patient.toml",
    "patients/ana-lima-1980/prescriptions/2026-11-02-a7k2mp.toml",
    "patients/ana-lima-1980/sessions/2026-11-04-dr1h9d.toml",
    "patients/ana-lima-1980/sessions/2026-11-05-n0n0n0.toml",
    "patients/ana-lima-1980/sessions/2026-11-06-cj3dsj.toml",
];

#[test]
fn mmx_wrote_exactly_the_expected_files_and_they_check_clean() {
    let p = practice();
    assert_eq!(p.files(""), [EDITOR_FILES, WRITTEN].concat());
    // Only the overridden session's warning.
    let report = p.check_json();
    let codes: Vec<_> = report.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, ["region-not-prescribed"], "{report:#?}");
    assert_eq!(report.summary.errors, 0);
}

#[test]
fn written_files_reparse_and_reserialise_to_the_same_bytes() {
    let p = practice();
    for rel in WRITTEN {
        let text = p.read(rel);
        let table: toml::Table = text
            .parse()
            .unwrap_or_else(|e| panic!("{rel} is not TOML: {e}\n{text}"));
        let again = toml::to_string(&table).expect("serialise");
        assert_eq!(again, text, "{rel} is not canonical");
        assert!(
            text.ends_with('\n') && !text.ends_with("\n\n"),
            "{rel} must end with exactly one newline"
        );
    }
}

#[test]
fn written_values_are_exactly_what_was_given() {
    let p = practice();
    let table = |rel: &str| -> toml::Table { p.read(rel).parse().expect("TOML") };
    let patient = table("patients/ana-lima-1980/patient.toml");
    assert_eq!(patient["notes"].as_str(), Some(AWKWARD[1]));
    assert_eq!(patient["address"].as_str(), Some(AWKWARD[2]));
    assert_eq!(patient["emergency_contact"].as_str(), Some(AWKWARD[7]));
    let contraindications: Vec<_> = patient["contraindications"]
        .as_array()
        .expect("list")
        .iter()
        .map(|v| v.as_str().expect("string"))
        .collect();
    assert_eq!(contraindications, AWKWARD);
    let settings = table("mmx.toml");
    assert_eq!(settings["practice"]["name"].as_str(), Some(AWKWARD[0]));
    let session = table("patients/ana-lima-1980/sessions/2026-11-04-dr1h9d.toml");
    assert_eq!(session["soap"]["subjective"].as_str(), Some(AWKWARD[1]));
    assert_eq!(session["soap"]["objective"].as_str(), Some(AWKWARD[5]));
    assert_eq!(session["soap"]["assessment"].as_str(), Some(AWKWARD[6]));
    assert_eq!(session["soap"]["plan"].as_str(), Some(AWKWARD[9]));
    assert_eq!(session["therapist"].as_str(), Some(AWKWARD[0]));
    let rx = table("patients/ana-lima-1980/prescriptions/2026-11-02-a7k2mp.toml");
    assert_eq!(rx["prescriber"]["name"].as_str(), Some(AWKWARD[4]));
    assert_eq!(
        rx["diagnoses"][0]["text"].as_str(),
        Some("Radiculopathy, \"lumbar\" region")
    );
    assert!(rx["diagnoses"][1].get("text").is_none());
}

#[test]
fn the_same_record_always_gives_the_same_bytes() {
    let a = practice();
    let b = practice();
    for rel in WRITTEN {
        assert_eq!(
            a.read(rel),
            b.read(rel),
            "{rel} differs between two identical adds"
        );
    }
}

#[test]
fn multi_line_text_is_a_multi_line_string() {
    let p = practice();
    let text = p.read("patients/ana-lima-1980/patient.toml");
    assert!(text.contains("notes = \"\"\"\n"), "{text}");
}

/// `toml::Value` as JSON, with dates and times as their TOML text, which is
/// what Python's `isoformat()` gives for local dates and times.
fn to_json(v: &toml::Value) -> serde_json::Value {
    use serde_json::Value as J;
    match v {
        toml::Value::String(s) => J::String(s.clone()),
        toml::Value::Integer(i) => J::from(*i),
        toml::Value::Float(f) => J::from(*f),
        toml::Value::Boolean(b) => J::Bool(*b),
        toml::Value::Datetime(d) => J::String(d.to_string()),
        toml::Value::Array(a) => J::Array(a.iter().map(to_json).collect()),
        toml::Value::Table(t) => {
            J::Object(t.iter().map(|(k, v)| (k.clone(), to_json(v))).collect())
        }
    }
}

const PY_READ: &str = r#"
import datetime, json, sys, tomllib
def plain(v):
    if isinstance(v, dict):
        return {k: plain(x) for k, x in v.items()}
    if isinstance(v, list):
        return [plain(x) for x in v]
    if isinstance(v, (datetime.date, datetime.time)):
        return v.isoformat()
    return v
out = {}
for path in sys.argv[1:]:
    with open(path, "rb") as f:
        out[path] = plain(tomllib.load(f))
sys.stdout.write(json.dumps(out))
"#;

#[test]
fn python_tomllib_reads_the_same_values() {
    let p = practice();
    let out = Command::new("python3")
        .arg("-c")
        .arg(PY_READ)
        .args(WRITTEN)
        .current_dir(p.root())
        .env("PYTHONIOENCODING", "utf-8")
        .output()
        .expect("python3 (3.11 or later, for tomllib) must be on PATH");
    assert!(
        out.status.success(),
        "tomllib could not read mmx's files:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let python: serde_json::Map<String, serde_json::Value> =
        serde_json::from_slice(&out.stdout).expect("JSON from python");
    assert_eq!(python.len(), WRITTEN.len());
    for rel in WRITTEN {
        let ours: toml::Table = p.read(rel).parse().expect("TOML");
        assert_eq!(
            python[*rel],
            to_json(&toml::Value::Table(ours)),
            "tomllib and the toml crate disagree on {rel}"
        );
    }
}
