//! Reads a recorded report (`reports/ID.toml`).

use super::parse::{Parsed, parse_doc, whole};
use super::patient::check_place;
use super::reader::Fields;
use crate::diag::Code;
use crate::model;
use crate::model::fields::REPORT;
use crate::records::Loaded;
use crate::records::Spans;
use crate::values::is_sha256;

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
    let sent = f.one_of("sent", model::SENT_CHANNELS);
    let fax = f.opt_str("fax");
    if fax.is_some() && f.get("sent").is_some() && sent.as_deref() != Some("fax") {
        let span = f.get("fax").map(|v| v.span()).unwrap_or(0..0);
        f.push(
            Code::InvalidValue,
            "fax",
            span,
            "`fax` is the number a faxed report went to, but `sent` is not `fax`".into(),
            Some("write `sent = \"fax\"`, or leave `fax` out".into()),
        );
    }
    let sent_on = f.opt_date("sent_on");
    if let (Some(on), Some(dated)) = (sent_on, date)
        && on < dated
    {
        let span = f.get("sent_on").map(|v| v.span()).unwrap_or(0..0);
        f.push(
            Code::InvalidValue,
            "sent_on",
            span,
            format!("`sent_on` {on} is before the report's `date` {dated}: a letter goes on or after the day it is dated"),
            Some("write the day it was sent, on or after its date".into()),
        );
    }
    let sha256 = f.opt_str("sha256").filter(|h| {
        if is_sha256(h) {
            return true;
        }
        let span = f.get("sha256").map(|v| v.span()).unwrap_or(0..0);
        f.push(
            Code::InvalidValue,
            "sha256",
            span,
            "`sha256` is not a SHA-256 (64 lowercase hex digits)".into(),
            Some(
                "`report --record --sent` records the SHA-256 of the file it writes with -o".into(),
            ),
        );
        false
    });
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
                    sent,
                    fax,
                    sent_on,
                    sha256,
                },
                spans,
            })
        }
        _ => None,
    };
    Parsed { record, diags }
}
