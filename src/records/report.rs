//! Reads a recorded report (`reports/ID.toml`).

use super::parse::{Parsed, parse_doc, whole};
use super::patient::check_place;
use super::reader::Fields;
use crate::model;
use crate::model::fields::REPORT;
use crate::records::Loaded;
use crate::records::Spans;

/// Reads a recorded report (`reports/ID.toml`).
pub fn report(file: &str, text: &str, folder: &str, stem: &str) -> Parsed<model::SentReport> {
    let mut diags = Vec::new();
    let mut spans = Spans::with_capacity();
    let Some(doc) = parse_doc(file, text, &mut diags) else {
        return Parsed {
            record: None,
            diags,
        };
    };
    let mut f = Fields::new(file, &doc, whole(text), "", REPORT, &mut diags, &mut spans);
    let id = f.req_id("id");
    let patient = f.req_id("patient");
    let prescription = f.req_id("prescription");
    let date = f.req_date("date");
    let to = f.req_text("to");
    if f.get("format").is_none() {
        f.missing("format", "\"pdf\"");
    }
    let format = f.one_of("format", model::REPORT_FORMATS);
    let recommendation = f.one_of("recommendation", model::RECOMMENDATIONS);
    let request_visits = f.opt_int("request_visits", 1, 10_000).map(|n| n as u32);
    let in_place = check_place(file, &spans, &mut diags, &id, stem, &patient, folder);
    let record = match (id, patient, prescription, date, to, format) {
        (Some(id), Some(patient), Some(prescription), Some(date), Some(to), Some(format))
            if in_place =>
        {
            Some(Loaded {
                file: file.to_string(),
                rec: model::SentReport {
                    id,
                    patient,
                    prescription,
                    date,
                    to,
                    format,
                    recommendation,
                    request_visits,
                },
                spans,
            })
        }
        _ => None,
    };
    Parsed { record, diags }
}
