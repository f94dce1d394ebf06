//! The record readers' tests: each field table read and written back.

use crate::diag::Code;
use crate::model::fields::NESTED;
use crate::model::fields::Nested;
use crate::model::fields::PATIENT;
use crate::model::fields::PRESCRIPTION;
use crate::model::fields::RECORD_TOPS;
use crate::model::fields::SESSION;
use crate::model::fields::TERMS;
use crate::model::fields::Ty;
use crate::model::fields::VocabKind;
use crate::model::fields::nested;
use crate::model::fields::terms;
use crate::values::control_char;
use crate::values::is_slug;
use crate::values::npi_valid;
use crate::vocab::Vocabulary;

use super::*;
use crate::model::fields::Field;

/// The reader holds every field to the type its table gives: a value of
/// another type is a finding on that very field.
#[test]
fn every_field_is_read_as_the_type_its_table_says() {
    let v = Vocabulary::default();
    let kinds: [(&[Field], &str); 3] = [
        (PATIENT, "id = \"p\"\nname = \"P\"\n"),
        (
            PRESCRIPTION,
            "id = \"r\"\npatient = \"p\"\nissued = 2026-01-01\nvisits = 3\nregions = [\"lumbar\"]\ntechniques = [\"swedish\"]\n[prescriber]\nname = \"D\"\n",
        ),
        (
            SESSION,
            "id = \"s\"\npatient = \"p\"\nprescription = \"r\"\ndate = 2026-01-02\nminutes = 50\nregions = [\"lumbar\"]\ntechniques = [\"swedish\"]\n",
        ),
    ];
    for (spec, base) in kinds {
        for f in spec {
            let wrong = match f.ty {
                Ty::Str => "1",
                Ty::Table | Ty::Tables => "1",
                _ => "\"x y\"",
            };
            let kept: String = base
                .lines()
                .filter(|l| !l.starts_with(&format!("{} =", f.name)))
                .take_while(|l| !l.starts_with('['))
                .map(|l| format!("{l}\n"))
                .collect();
            let text = format!("{} = {wrong}\n{kept}", f.name);
            let diags = if std::ptr::eq(spec, PATIENT) {
                patient("f.toml", &text, "p", &v).diags
            } else if std::ptr::eq(spec, PRESCRIPTION) {
                prescription("f.toml", &text, "p", "r", &v).diags
            } else {
                session("f.toml", &text, "p", "s", &v).diags
            };
            assert!(
                diags
                    .iter()
                    .any(|d| d.field.as_deref() == Some(f.name) && d.code == Code::InvalidValue),
                "{} = {wrong}: {diags:?}",
                f.name
            );
        }
    }
}

/// Every table and array of tables of every record file has its
/// entry in [`NESTED`], and every entry is one: a new table cannot be
/// left out of what nests the tables (the editors' schemas).
#[test]
fn nested_names_every_table_of_every_record_file() {
    fn walk(path: &str, fields: &[Field], seen: &mut Vec<String>) {
        for f in fields {
            if !matches!(f.ty, Ty::Table | Ty::Tables) {
                continue;
            }
            let at = format!("{path}.{}", f.name);
            match nested(&at) {
                Some(Nested::Fields(sub)) => walk(&at, sub, seen),
                Some(Nested::TermMap(_)) => {}
                None => panic!("`{at}` is a table with no entry in schema::NESTED"),
            }
            seen.push(at);
        }
    }
    let mut seen = Vec::new();
    for (top, fields) in RECORD_TOPS {
        walk(top, fields, &mut seen);
    }
    for (path, _) in NESTED {
        assert!(
            seen.iter().any(|s| s == path),
            "NESTED names `{path}`, which no field table has"
        );
    }
}

/// [`TERMS`] says which fields hold vocabulary terms; the reader is
/// what refuses an unknown one. An unknown term in every top-level list
/// and string of every record kind is refused exactly where TERMS says.
#[test]
fn terms_are_the_fields_whose_unknown_terms_the_reader_refuses() {
    let v = Vocabulary::default();
    let kinds: [(&str, &[Field], &str); 3] = [
        ("patient", PATIENT, "id = \"p\"\nname = \"P\"\n"),
        (
            "prescription",
            PRESCRIPTION,
            "id = \"r\"\npatient = \"p\"\nissued = 2026-01-01\nvisits = 3\nregions = [\"lumbar\"]\ntechniques = [\"swedish\"]\n[prescriber]\nname = \"D\"\n",
        ),
        (
            "session",
            SESSION,
            "id = \"s\"\npatient = \"p\"\nprescription = \"r\"\ndate = 2026-01-02\nminutes = 50\nregions = [\"lumbar\"]\ntechniques = [\"swedish\"]\n",
        ),
    ];
    let mut checked = 0;
    for (top, spec, base) in kinds {
        for f in spec.iter().filter(|f| matches!(f.ty, Ty::List | Ty::Str)) {
            let value = if f.ty == Ty::List {
                "[\"zqxj\"]"
            } else {
                "\"zqxj\""
            };
            let kept: String = base
                .lines()
                .filter(|l| !l.starts_with(&format!("{} =", f.name)))
                .map(|l| format!("{l}\n"))
                .collect();
            let text = format!("{} = {value}\n{kept}", f.name);
            let diags = match top {
                "patient" => patient("f.toml", &text, "p", &v).diags,
                "prescription" => prescription("f.toml", &text, "p", "r", &v).diags,
                _ => session("f.toml", &text, "p", "s", &v).diags,
            };
            let refused = |code| {
                diags.iter().any(|d| {
                    d.code == code
                        && d.span
                            .as_ref()
                            .is_some_and(|s| text[s.clone()].contains("zqxj"))
                })
            };
            let path = format!("{top}.{}", f.name);
            let said = terms(&path);
            assert_eq!(
                refused(Code::UnknownRegion),
                said == Some(VocabKind::Region),
                "{path}: {diags:?}"
            );
            assert_eq!(
                refused(Code::UnknownTechnique),
                said == Some(VocabKind::Technique),
                "{path}: {diags:?}"
            );
            checked += usize::from(said.is_some());
        }
    }
    assert_eq!(
        checked,
        TERMS.len(),
        "TERMS names a field that is not a top-level list or string of a record"
    );
}

#[test]
fn control_characters_are_found_wherever_they_sit() {
    for c in [
        '\u{0}', '\u{7}', '\u{1b}', '\u{1f}', '\u{7f}', '\u{80}', '\u{9b}', '\u{9f}',
    ] {
        for at in 0..20 {
            let text = format!("{}{c}{}", "a".repeat(at), "b".repeat(19 - at));
            assert_eq!(control_char(&text, true), Some(c), "{c:?} at {at}");
        }
    }
    for ok in [
        "a\tb",
        "é ü Ångström \u{a0}",
        "\u{c2a0}",
        "x".repeat(40).as_str(),
    ] {
        assert_eq!(control_char(ok, false), None, "{ok:?}");
    }
    let lines = "one line\r\nand another\n".repeat(3);
    assert_eq!(control_char(&lines, true), None);
    assert_eq!(control_char(&lines, false), Some('\r'));
}

#[test]
fn npi_check_digit() {
    assert!(npi_valid("1234567893"));
    assert!(!npi_valid("1234567890"));
    assert!(!npi_valid("123456789"));
    assert!(!npi_valid("12345678a3"));
}

#[test]
fn slugs() {
    assert!(is_slug("jane-doe-1980"));
    assert!(is_slug("2026-11-02-k3m9qx"));
    for bad in ["", "-x", "A", "../x", "a/b", "a b", &"a".repeat(65)] {
        assert!(!is_slug(bad), "{bad}");
    }
}

#[test]
fn a_session_reports_every_problem_at_its_value() {
    let text = "id = \"s1\"\npatient = \"p\"\nprescription = \"r\"\ndate = \"2026-01-05\"\nminutes = 0\nregions = [\"lumbr\", \"knee\"]\ntechniques = [\"swedish\"]\ncolour = 1\n";
    let p = session("f.toml", text, "p", "s1", &Vocabulary::default());
    let mut codes: Vec<_> = p.diags.iter().map(|d| d.code.as_str()).collect();
    codes.sort();
    assert_eq!(
        codes,
        [
            "invalid-value",
            "invalid-value",
            "missing-side",
            "unknown-field",
            "unknown-region"
        ]
    );
}
