//! Reads `patient.toml`.

use super::parse::{Parsed, parse_doc, whole};
use super::reader::Fields;
use super::safety;
use crate::records::Loaded;

use crate::diag::{Code, Diagnostic};
use crate::model::Patient;
use crate::model::fields::PATIENT;
use crate::model::fields::VocabKind;
use crate::records::Spans;
use crate::vocab::Vocabulary;

pub fn patient(file: &str, text: &str, folder: &str, vocab: &Vocabulary) -> Parsed<Patient> {
    let mut diags = Vec::new();
    let mut spans = Spans::with_capacity();
    let Some(doc) = parse_doc(file, text, &mut diags) else {
        return Parsed {
            record: None,
            diags,
        };
    };
    let mut f = Fields::new(file, &doc, whole(text), "", PATIENT, &mut diags, &mut spans);
    let id = f.req_id("id");
    let name = f.req_text("name");
    let birth_date = f.opt_date("birth_date");
    let (screenings, clearances, consents) =
        (f.get("screenings"), f.get("clearances"), f.get("consents"));
    let mut rec = Patient {
        id: id.clone().unwrap_or_default(),
        name: name.clone().unwrap_or_default(),
        birth_date,
        gender: f.gender("gender"),
        contraindications: f.plain_list("contraindications"),
        avoid_regions: f.vocab_list("avoid_regions", false, VocabKind::Region, vocab),
        avoid_techniques: f.vocab_list("avoid_techniques", false, VocabKind::Technique, vocab),
        ..Default::default()
    };
    for key in Patient::TEXTS {
        if let Some(slot) = rec.text_mut(key) {
            *slot = f.opt_str(key);
        }
    }
    if let Some(v) = screenings {
        rec.screenings = safety::screenings(file, v, &mut diags, &mut spans);
    }
    if let Some(v) = clearances {
        rec.clearances = safety::clearances(file, v, vocab, &mut diags, &mut spans);
    }
    if let Some(v) = consents {
        rec.consents = safety::consents(file, v, vocab, &mut diags, &mut spans);
    }
    let in_place = id.as_ref().is_none_or(|id| id == folder);
    if let Some(id) = &id
        && id != folder
    {
        let span = spans.get("id").unwrap_or(0..0);
        diags.push(
            Diagnostic::new(
                Code::IdMismatch,
                file,
                Some(span),
                format!("patient id `{id}` does not match its folder `{folder}`"),
            )
            .hint(format!("set `id = \"{folder}\"` or rename the folder"))
            .field("id"),
        );
    }
    let record = (id.is_some() && name.is_some() && in_place).then(|| Loaded {
        file: file.to_string(),
        rec,
        spans,
    });
    Parsed { record, diags }
}

/// Reports an `id` or `patient` field that disagrees with the file's place;
/// true when both agree. A record out of its place is not read as one: it is
/// most often a copy (`X-laptop.toml`, a copied patient folder) of the record
/// whose id it carries, which would show twice and count twice. Its finding
/// is an error and blocks writes until it is put right.
pub(super) fn check_place(
    file: &str,
    spans: &Spans,
    diags: &mut Vec<Diagnostic>,
    id: &Option<String>,
    stem: &str,
    patient: &Option<String>,
    folder: &str,
) -> bool {
    let mut ok = true;
    if let Some(id) = id
        && id != stem
    {
        ok = false;
        diags.push(
            Diagnostic::new(
                Code::IdMismatch,
                file,
                Some(spans.get("id").unwrap_or(0..0)),
                format!("id `{id}` does not match the file name `{stem}.toml`"),
            )
            .hint(format!("set `id = \"{stem}\"` or rename the file"))
            .field("id"),
        );
    }
    if let Some(p) = patient
        && p != folder
    {
        ok = false;
        diags.push(
            Diagnostic::new(
                Code::IdMismatch,
                file,
                Some(spans.get("patient").unwrap_or(0..0)),
                format!("patient `{p}` does not match the patient folder `{folder}`"),
            )
            .hint(format!(
                "set `patient = \"{folder}\"`, or move the file into patients/{p}/"
            ))
            .field("patient"),
        );
    }
    ok
}
