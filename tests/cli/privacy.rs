//! A patient's own words never appear in check output: diagnostics next to
//! SOAP notes point at the value without printing the notes.

use crate::common::{PATIENT, RX, TestPractice};

/// Nothing in mmx's messages or hints could produce this by accident.
const PHRASE: &str = "sister's funeral in Ponce";

const FILE: &str = "patients/ana-lima-1980/sessions/2026-11-09-t0t0t0.toml";

fn head() -> String {
    format!(
        "id = \"2026-11-09-t0t0t0\"\npatient = \"{PATIENT}\"\nprescription = \"{RX}\"\n\
         date = 2026-11-09\nminutes = 50\nregions = [\"lumbar\"]\ntechniques = [\"swedish\"]\n"
    )
}

/// Writes the session, runs check both ways, asserts the expected finding is
/// reported (so the test is not vacuous) and that the phrase appears nowhere.
#[track_caller]
fn assert_private(body: &str, expected: (&str, usize, usize)) {
    let p = TestPractice::with_prescription();
    p.write(FILE, format!("{}{body}", head()));
    assert!(p.read(FILE).contains(PHRASE), "the phrase is in the file");
    let human = p.mmx(&["check"]);
    let report = p.check_json();
    let found: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.file == FILE)
        .map(|d| (d.code.as_str(), d.line, d.column))
        .collect();
    assert!(
        found.contains(&expected),
        "expected {expected:?} in {found:?}\n{human}"
    );
    assert!(
        !human.stdout.contains(PHRASE),
        "human output leaks notes:\n{human}"
    );
    assert!(
        !human.stderr.contains(PHRASE),
        "human output leaks notes:\n{human}"
    );
    let json = p.mmx(&["check", "--format", "json"]);
    assert!(!json.stdout.contains(PHRASE), "JSON leaks notes:\n{json}");
    // Words of the phrase, not only the whole of it.
    for word in ["funeral", "Ponce"] {
        assert!(
            !human.stdout.contains(word),
            "human output leaks `{word}`:\n{human}"
        );
        assert!(!json.stdout.contains(word), "JSON leaks `{word}`:\n{json}");
    }
}

#[test]
fn unknown_field_after_the_notes() {
    assert_private(
        &format!("[soap]\nsubjective = \"Tearful; {PHRASE}.\"\nmood = \"low\"\n"),
        ("unknown-field", 10, 1),
    );
}

#[test]
fn unknown_field_before_the_notes() {
    assert_private(
        &format!("[soap]\nfeeling = \"low\"\nsubjective = \"Tearful; {PHRASE}.\"\n"),
        ("unknown-field", 9, 1),
    );
}

#[test]
fn invalid_value_next_to_the_notes() {
    assert_private(
        &format!("pain_after = 11\n\n[soap]\nsubjective = \"{PHRASE}\"\nplan = 3\n"),
        ("invalid-value", 8, 14),
    );
}

#[test]
fn notes_field_of_the_wrong_type_in_a_multi_line_string_file() {
    assert_private(
        &format!(
            "pain_before = -1\n\n[soap]\nsubjective = \"\"\"\n{PHRASE}\nand more\n\"\"\"\nobjective = 5\n"
        ),
        ("invalid-value", 15, 13),
    );
}

#[test]
fn syntax_error_inside_the_notes() {
    // An unterminated string: the parser's message must not quote it.
    assert_private(
        &format!("[soap]\nsubjective = \"{PHRASE}\nplan = \"rest\"\n"),
        ("toml-syntax", 9, 40),
    );
}

#[test]
fn syntax_error_right_after_the_notes() {
    assert_private(
        &format!("[soap]\nsubjective = \"{PHRASE}\" and more\n"),
        ("toml-syntax", 9, 42),
    );
}

#[test]
fn misspelt_notes_key_holding_the_notes() {
    // The unknown key's value is the phrase itself; only the key may be shown.
    assert_private(
        &format!("[soap]\nsubjektive = \"{PHRASE}\"\n"),
        ("unknown-field", 9, 1),
    );
}

#[test]
fn invalid_value_inside_an_inline_soap_table_after_other_fields() {
    assert_private(
        &format!("soap = {{ plan = 4, subjective = \"{PHRASE}\" }}\n"),
        ("invalid-value", 8, 17),
    );
}

/// An inline `soap` table puts the notes and the offending key on one line,
/// so cutting the excerpt at the end of the offending span is not enough:
/// the notes come before it.
#[test]
fn unknown_field_after_the_notes_in_an_inline_soap_table() {
    assert_private(
        &format!("soap = {{ subjective = \"{PHRASE}\", mood = \"low\" }}\n"),
        ("unknown-field", 8, 52),
    );
}

#[test]
fn session_add_refusal_does_not_print_the_notes() {
    let p = TestPractice::with_prescription();
    let run = p.add_session(&[
        "--date",
        "2026-11-04",
        "--region",
        "cervical",
        "--technique",
        "cupping",
        "--subjective",
        PHRASE,
        "--plan",
        PHRASE,
    ]);
    assert_eq!(run.code, 1, "{run}");
    assert!(run.stderr.contains("region-not-prescribed"), "{run}");
    assert!(!run.stderr.contains(PHRASE), "{run}");
    assert!(!run.stdout.contains(PHRASE), "{run}");
}

#[test]
fn patient_notes_stay_private_too() {
    let p = TestPractice::with_prescription();
    p.write(
        "patients/ana-lima-1980/patient.toml",
        format!(
            "id = \"{PATIENT}\"\nname = \"Ana Lima\"\nbirth_date = \"1980-04-12\"\nnotes = \"{PHRASE}\"\nalergies = [\"latex\"]\n"
        ),
    );
    let human = p.mmx(&["check"]);
    let json = p.mmx(&["check", "--format", "json"]);
    assert_eq!(human.code, 1, "{human}");
    assert!(human.stdout.contains("unknown field `alergies`"), "{human}");
    assert!(
        human.stdout.contains("`birth_date` must be a date"),
        "{human}"
    );
    assert!(!human.stdout.contains(PHRASE), "{human}");
    assert!(!json.stdout.contains(PHRASE), "{json}");
}

/// A `#` comment is the therapist's own words even on a line whose field is
/// plain (a number here): the line is shown only up to the comment.
#[test]
fn comment_after_a_plain_field_is_not_printed() {
    assert_private(
        &format!("pain_after = 11 # {PHRASE}\n"),
        ("invalid-value", 8, 14),
    );
}

/// Writes `rel` as `text`, and asserts `check` reports `expected` (code,
/// line, column) there and prints `word` nowhere, in text or JSON: one word
/// of a field that is not plain is as private as a sentence.
#[track_caller]
fn assert_word_private(
    p: &TestPractice,
    rel: &str,
    text: &str,
    word: &str,
    expected: (&str, usize, usize),
) {
    p.write(rel, text);
    let human = p.mmx(&["check"]);
    let report = p.check_json();
    let found: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.file == rel)
        .map(|d| (d.code.as_str(), d.line, d.column))
        .collect();
    assert!(
        found.contains(&expected),
        "expected {expected:?} in {found:?}\n{human}"
    );
    let json = p.mmx(&["check", "--format", "json"]);
    for out in [&human.stdout, &human.stderr, &json.stdout] {
        assert!(!out.contains(word), "`{word}` is shown:\n{human}\n{json}");
    }
}

fn patient_record(line: &str) -> String {
    format!("id = \"{PATIENT}\"\nname = \"Ana Lima\"\nbirth_date = 1980-04-12\n{line}\n")
}

#[test]
fn one_word_of_a_field_that_is_not_plain_is_never_shown() {
    let p = TestPractice::with_prescription();
    let rel = "patients/ana-lima-1980/patient.toml";
    for (line, word, column) in [
        ("gender = \"intersex\"", "intersex", 10),
        ("contraindications = \"pregnancy\"", "pregnancy", 21),
        ("contraindications = [\"pregnancy\", 3]", "pregnancy", 35),
        ("notes = [\"diabetic\"]", "diabetic", 9),
        ("phone = 5550142", "5550142", 9),
    ] {
        assert_word_private(
            &p,
            rel,
            &patient_record(line),
            word,
            ("invalid-value", 4, column),
        );
    }
    // A name of the wrong type.
    assert_word_private(
        &p,
        rel,
        &format!("id = \"{PATIENT}\"\nname = [\"Zephyrine\"]\n"),
        "Zephyrine",
        ("invalid-value", 2, 8),
    );
    // Goals of the wrong type, in a prescription.
    let rx = format!("patients/{PATIENT}/prescriptions/{RX}.toml");
    let text = p.read(&rx);
    assert!(text.contains("techniques = "), "{text}");
    assert_word_private(
        &p,
        &rx,
        &text.replacen("techniques = ", "goals = \"swimming\"\ntechniques = ", 1),
        "swimming",
        ("invalid-value", 7, 9),
    );
}

/// A plain field's line is still shown whole, and so is the entry of a
/// plain list on a line of its own, and a misspelt key (not its value).
#[test]
fn plain_values_and_keys_are_still_shown() {
    let p = TestPractice::with_prescription();
    let rel = "patients/ana-lima-1980/patient.toml";
    p.write(
        rel,
        patient_record("avoid_regions = [\n  \"lumbar\",\n  \"neckk\",\n]\nalergies = \"latex\""),
    );
    let human = p.mmx(&["check"]);
    assert!(human.stdout.contains("6 |   \"neckk\""), "{human}");
    assert!(human.stdout.contains("8 | alergies\n"), "{human}");
    assert!(!human.stdout.contains("latex"), "{human}");
    p.write(
        rel,
        format!("id = \"{PATIENT}\"\nname = \"Ana Lima\"\nbirth_date = \"soon\"\n"),
    );
    let human = p.mmx(&["check"]);
    assert!(
        human.stdout.contains("3 | birth_date = \"soon\""),
        "{human}"
    );
}
