//! A patient's folder of bytes sorted into records: each file read by the
//! reader of its kind.

use crate::diag::{self, Code, Diagnostic};
use crate::model::RecordKind;
use crate::model::fields;
use crate::model::fields::VocabKind;
use crate::practice::PATIENTS_DIR;
use crate::practice::lint::conflict_copy;
use crate::practice::lint::copy_of;
use crate::practice::lint::not_utf8;
use crate::practice::lint::stray_file;
use crate::practice::read::RawFile;
use crate::records;
use crate::records::PatientFolder;
use crate::records::editor::Document;
use crate::values::is_slug;
use crate::vocab;
use crate::vocab::Vocabulary;
use crate::vocab::measures::MOTIONS;

/// Parses the files of patient `id`'s folder (which `exists`, or not yet)
/// into records, with every problem found in them. Pure: no I/O, so the fuzzer and property tests drive it.
pub fn parse_folder(
    id: &str,
    files: &[RawFile],
    exists: bool,
    vocab: &Vocabulary,
) -> PatientFolder {
    let mut folder = PatientFolder {
        id: id.to_string(),
        ..Default::default()
    };
    let prefix = format!("{PATIENTS_DIR}/{id}/");
    let mut has_patient_file = false;
    for file in files {
        let rel = file.rel.as_str();
        let inner = rel.strip_prefix(&prefix).unwrap_or(rel);
        let kind = kind_of(inner);
        let name = inner.rsplit('/').next().unwrap_or(inner);
        let dir = rel.rsplit_once('/').map_or("", |(d, _)| d);
        let sibling = |n: &str| {
            files
                .iter()
                .any(|f| f.rel.rsplit_once('/') == Some((dir, n)))
        };
        if let (Kind::Stray, Some(original)) = (kind, copy_of(name, sibling)) {
            let exists = sibling(&original);
            folder.diags.push(conflict_copy(rel, &original, exists));
            folder.unbuilt.push(rel.to_string());
            continue;
        }
        if let Kind::Stray = kind {
            // Inside a patient's folder, a `.toml` out of place may be a
            // session (`sessions/2026/`, `Sessions/`) whose visit is not
            // counted: an error, and writes wait until it is put right.
            let mut d = stray_file(
                rel,
                "not at a record's place (patient.toml, prescriptions/ID.toml, sessions/ID.toml, reports/ID.toml)",
            );
            d.severity = diag::Severity::Error;
            folder.diags.push(d);
            folder.unbuilt.push(rel.to_string());
            continue;
        }
        if let Kind::Order(name) = kind {
            let digest = String::from_utf8_lossy(&file.bytes).into_owned();
            folder.orders.insert(name.to_string(), digest);
            continue;
        }
        let text = match std::str::from_utf8(&file.bytes) {
            Ok(t) => t,
            Err(e) => {
                folder.diags.push(not_utf8(rel, e.valid_up_to()));
                folder.unbuilt.push(rel.to_string());
                match kind {
                    Kind::Prescription(stem) => {
                        folder.unreadable_prescriptions.push(stem.to_string())
                    }
                    Kind::Patient => has_patient_file = true,
                    _ => {}
                }
                continue;
            }
        };
        match kind {
            Kind::Patient => {
                let p = records::patient(rel, text, id, vocab);
                folder.diags.extend(p.diags);
                if p.record.is_none() {
                    folder.unbuilt.push(rel.to_string());
                }
                folder.patient = p.record;
                has_patient_file = true;
            }
            Kind::Prescription(stem) => {
                let p = records::prescription(rel, text, id, stem, vocab);
                folder.diags.extend(p.diags);
                match p.record {
                    Some(r) => folder.prescriptions.push(r),
                    None => {
                        folder.unreadable_prescriptions.push(stem.to_string());
                        folder.unbuilt.push(rel.to_string());
                    }
                }
            }
            Kind::Session(stem) => {
                let p = records::session(rel, text, id, stem, vocab);
                folder.diags.extend(p.diags);
                match p.record {
                    Some(r) => folder.sessions.push(r),
                    None => folder.unbuilt.push(rel.to_string()),
                }
            }
            Kind::Report(stem) => {
                let p = records::report(rel, text, id, stem);
                folder.diags.extend(p.diags);
                match p.record {
                    Some(r) => folder.reports.push(r),
                    None => folder.unbuilt.push(rel.to_string()),
                }
            }
            Kind::Order(_) | Kind::Stray => {}
        }
    }
    // A patient's folder without its record (empty, or left by an
    // interrupted `patient add` with only its lock and temp files) is
    // reported: its id is taken, by no one. (A new patient's folder, not
    // made yet, has no files either: the gate does not count it.)
    if !has_patient_file && (exists || !files.is_empty()) {
        folder.diags.push(
            Diagnostic::new(Code::MissingRecord, format!("{prefix}patient.toml"), None, format!("patient folder `{id}` has no patient.toml"))
                .hint(format!("create it with `mmx patient add --id {id} --name NAME`, or move the folder out of patients/")),
        );
    }
    folder
}

/// The folders of a patient's folder that hold records.
pub const RECORD_FOLDERS: [&str; 3] = [
    RecordKind::ALL[0].folder(),
    RecordKind::ALL[1].folder(),
    RecordKind::ALL[2].folder(),
];

/// The folder of a patient's folder that keeps the orders on file (a
/// scanned or faxed prescription, a referral's JSON), any kind of file.
pub const ORDERS_DIR: &str = "orders";

/// Whether `rel` (from the practice root) is a kept order:
/// `patients/ID/orders/NAME`, NAME not a `.toml` (which would be a record
/// out of place).
pub fn is_order_path(rel: &str) -> bool {
    let mut parts = rel.split('/');
    matches!(
        (parts.next(), parts.next(), parts.next(), parts.next(), parts.next()),
        (Some(PATIENTS_DIR), Some(_), Some(ORDERS_DIR), Some(name), None)
            if !name.is_empty() && !name.to_lowercase().ends_with(".toml")
    )
}

/// What a file of a patient's folder is, by its path in the folder.
pub(crate) fn kind_of(inner: &str) -> Kind<'_> {
    match inner.split_once('/') {
        None if inner == "patient.toml" => Kind::Patient,
        Some((ORDERS_DIR, name))
            if !name.contains('/') && !name.to_lowercase().ends_with(".toml") =>
        {
            Kind::Order(name)
        }
        Some((sub, name)) if !name.contains('/') => {
            match (sub, name.strip_suffix(".toml").filter(|s| is_slug(s))) {
                ("prescriptions", Some(stem)) => Kind::Prescription(stem),
                ("sessions", Some(stem)) => Kind::Session(stem),
                ("reports", Some(stem)) => Kind::Report(stem),
                _ => Kind::Stray,
            }
        }
        _ => Kind::Stray,
    }
}

/// The fields of the record at `rel` (`patients/ID/...`), by its place.
pub fn record_fields(rel: &str) -> Option<&'static [fields::Field]> {
    let inner = rel.strip_prefix(PATIENTS_DIR)?.strip_prefix('/')?;
    let (_, inner) = inner.split_once('/')?;
    match kind_of(inner) {
        Kind::Patient => Some(fields::PATIENT),
        Kind::Prescription(_) => Some(fields::PRESCRIPTION),
        Kind::Session(_) => Some(fields::SESSION),
        Kind::Report(_) => Some(fields::REPORT),
        Kind::Order(_) | Kind::Stray => None,
    }
}

/// A record's text in canonical form, as `mmx fmt` writes it: every
/// vocabulary term as mmx writes it (`Left Knee` is `left-knee`, `MFR` is
/// `myofascial-release`; a list holds each once; a measurement's and a
/// target's measure, site and motion too) and the keys in the order mmx writes them, through
/// the comment-keeping editor, with what it changes (`regions`, `key
/// order`). `None` when it is already so (or is not a record, or its TOML
/// does not parse: `check` says why).
pub fn canonical_text(rel: &str, text: &str, vocab: &Vocabulary) -> Option<(String, Vec<String>)> {
    let fields = record_fields(rel)?;
    let mut doc = Document::parse(text).ok()?;
    for (key, kind) in fields::VOCAB_LISTS {
        doc.canonical_list(key, |raw| kind.canonical(vocab, raw));
    }
    // What a measurement or a target measures, as the reader takes it
    // (`Fields::measure_key`): the measure's id, the site a region, the
    // motion one of mmx's.
    for key in ["measures", "targets"] {
        doc.canonical_in_tables(key, "measure", |raw| {
            vocab.measure(&vocab::normalize(raw)).map(|d| d.id.clone())
        });
        doc.canonical_in_tables(key, "site", |raw| VocabKind::Region.canonical(vocab, raw));
        doc.canonical_in_tables(key, "motion", |raw| {
            Some(vocab::normalize(raw)).filter(|m| MOTIONS.contains(&m.as_str()))
        });
    }
    doc.order_keys(&fields::names(fields));
    let out = doc.render();
    (out != text).then(|| (out, doc.changed().to_vec()))
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind<'a> {
    Patient,
    Prescription(&'a str),
    Session(&'a str),
    Report(&'a str),
    /// A kept order (`orders/NAME`): the review reads its SHA-256, not its bytes.
    Order(&'a str),
    Stray,
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "ana-lima-1980";

    fn file(rel: &str, text: impl Into<Vec<u8>>) -> RawFile {
        RawFile {
            rel: format!("{PATIENTS_DIR}/{ID}/{rel}"),
            bytes: text.into(),
        }
    }

    const PATIENT: &str = "id = \"ana-lima-1980\"\nname = \"Ana Lima\"\n";
    const RX: &str = "id = \"2026-11-02-a7k2mp\"\npatient = \"ana-lima-1980\"\n\
        issued = 2026-11-02\nvisits = 3\nregions = [\"lumbar\"]\ntechniques = [\"swedish\"]\n\
        [prescriber]\nname = \"Dr. Ada Vance\"\n";
    const SESSION: &str = "id = \"2026-11-03-b8k3nq\"\npatient = \"ana-lima-1980\"\n\
        prescription = \"2026-11-02-a7k2mp\"\ndate = 2026-11-03\nminutes = 50\n\
        regions = [\"lumbar\"]\ntechniques = [\"swedish\"]\n";
    const REPORT: &str = "id = \"2026-11-20-c9m4pr\"\npatient = \"ana-lima-1980\"\n\
        prescription = \"2026-11-02-a7k2mp\"\ndate = 2026-11-20\nto = \"Dr. Ada Vance\"\n\
        format = \"pdf\"\n";

    #[test]
    fn each_file_is_read_by_its_place() {
        assert!(matches!(kind_of("patient.toml"), Kind::Patient));
        assert!(matches!(
            kind_of("prescriptions/a1.toml"),
            Kind::Prescription("a1")
        ));
        assert!(matches!(kind_of("sessions/a1.toml"), Kind::Session("a1")));
        assert!(matches!(kind_of("reports/a1.toml"), Kind::Report("a1")));
        for stray in [
            "notes.toml",
            "Patient.toml",
            "sessions/2026/a1.toml",
            "sessions/A1.toml",
            "sessions/a1.TOML",
            "Sessions/a1.toml",
            "visits/a1.toml",
            "prescriptions/a1 (1).toml",
        ] {
            assert!(matches!(kind_of(stray), Kind::Stray), "{stray}");
        }
        let rel = |inner: &str| format!("{PATIENTS_DIR}/{ID}/{inner}");
        assert_eq!(
            record_fields(&rel("sessions/a1.toml")).map(fields::names),
            Some(fields::names(fields::SESSION))
        );
        assert!(record_fields(&rel("sessions/2026/a1.toml")).is_none());
        assert!(record_fields("mmx.toml").is_none());
    }

    #[test]
    fn records_copies_strays_and_unreadable_files_are_told_apart() {
        let files = [
            file("patient.toml", PATIENT),
            file("prescriptions/2026-11-02-a7k2mp.toml", RX),
            file("sessions/2026-11-03-b8k3nq.toml", SESSION),
            file("reports/2026-11-20-c9m4pr.toml", REPORT),
            // A copy beside its original, and one whose original is gone.
            file("sessions/Copy of 2026-11-03-b8k3nq.toml", SESSION),
            file("sessions/2026-11-05-d4e5f6 (1).toml", SESSION),
            // Out of place: perhaps a visit, not counted.
            file("sessions/2026/2026-10-01-a1b2c3.toml", SESSION),
            file("notes.toml", "anything"),
            // At its place, but not text.
            file(
                "prescriptions/2026-12-01-b0b0b0.toml",
                b"id = \"\xff\"\n".to_vec(),
            ),
        ];
        let folder = parse_folder(ID, &files, true, &Vocabulary::default());
        assert_eq!(folder.patient.as_ref().map(|p| p.rec.id.as_str()), Some(ID));
        let ids = |v: Vec<&str>| v.into_iter().map(String::from).collect::<Vec<_>>();
        assert_eq!(
            folder
                .prescriptions
                .iter()
                .map(|r| r.rec.id.clone())
                .collect::<Vec<_>>(),
            ids(vec!["2026-11-02-a7k2mp"])
        );
        assert_eq!(
            folder
                .sessions
                .iter()
                .map(|r| r.rec.id.clone())
                .collect::<Vec<_>>(),
            ids(vec!["2026-11-03-b8k3nq"])
        );
        assert_eq!(
            folder
                .reports
                .iter()
                .map(|r| r.rec.id.clone())
                .collect::<Vec<_>>(),
            ids(vec!["2026-11-20-c9m4pr"])
        );
        assert_eq!(
            folder.unreadable_prescriptions,
            ids(vec!["2026-12-01-b0b0b0"])
        );
        let mut found: Vec<(Code, diag::Severity, &str)> = folder
            .diags
            .iter()
            .map(|d| {
                (
                    d.code,
                    d.severity,
                    d.file.rsplit_once(&format!("{ID}/")).unwrap().1,
                )
            })
            .collect();
        found.sort();
        let error = diag::Severity::Error;
        let mut want = vec![
            (
                Code::ConflictCopy,
                error,
                "sessions/Copy of 2026-11-03-b8k3nq.toml",
            ),
            (
                Code::ConflictCopy,
                error,
                "sessions/2026-11-05-d4e5f6 (1).toml",
            ),
            (
                Code::StrayFile,
                error,
                "sessions/2026/2026-10-01-a1b2c3.toml",
            ),
            (Code::StrayFile, error, "notes.toml"),
            (
                Code::TomlSyntax,
                error,
                "prescriptions/2026-12-01-b0b0b0.toml",
            ),
        ];
        want.sort();
        assert_eq!(found, want, "{:#?}", folder.diags);
        // What could not be read as a record is named, so writes wait.
        let mut unbuilt: Vec<&str> = folder
            .unbuilt
            .iter()
            .map(|f| f.rsplit_once(&format!("{ID}/")).unwrap().1)
            .collect();
        unbuilt.sort();
        let mut from_diags: Vec<&str> = want.iter().map(|(_, _, f)| *f).collect();
        from_diags.sort();
        assert_eq!(unbuilt, from_diags);
    }

    #[test]
    fn a_folder_without_its_patient_record_is_a_finding() {
        let files = [file("sessions/2026-11-03-b8k3nq.toml", SESSION)];
        let folder = parse_folder(ID, &files, true, &Vocabulary::default());
        assert!(
            folder
                .diags
                .iter()
                .any(|d| d.code == Code::MissingRecord && d.file.ends_with("/patient.toml")),
            "{:?}",
            folder.diags
        );
        // A new patient's folder, not made yet: nothing to say.
        let none = parse_folder(ID, &[], false, &Vocabulary::default());
        assert!(none.diags.is_empty(), "{:?}", none.diags);
        // An empty folder that is there holds no record: said.
        let empty = parse_folder(ID, &[], true, &Vocabulary::default());
        assert_eq!(empty.diags.len(), 1, "{:?}", empty.diags);
    }
}
