//! The letter for the physician's system: a FHIR R4 `Bundle` (type
//! `collection`) holding a `DocumentReference` whose attachment is the PDF
//! letter itself, LOINC 11506-3 "Progress note" (18842-5 "Discharge summary"
//! for a discharged course), with its subject, author, date and reporting
//! period, and the prescription's `ServiceRequest` as related; and the
//! resources it refers to, as `mmx export fhir` writes them.

use chrono::{NaiveDateTime, NaiveTime};
use serde_json::{Value, json};

use super::Report;
use crate::course::RxStatus;
use crate::export::fhir::{LOINC_SYSTEM, full_url, letter_context, resource_id};
use crate::practice::Practice;
use crate::records::PatientFolder;
use crate::zone::Clock;

/// LOINC 11506-3 and 18842-5, with their display names.
const PROGRESS_NOTE: (&str, &str) = ("11506-3", "Progress note");
const DISCHARGE_SUMMARY: (&str, &str) = ("18842-5", "Discharge summary");

/// The bundle, or `None` when the patient's record cannot be read.
pub fn document(
    r: &Report,
    practice: &Practice,
    folder: &PatientFolder,
    pdf: &[u8],
    clock: &Clock,
) -> Option<Value> {
    let rx = &folder.prescription(&r.prescription.id)?.rec;
    let ctx = letter_context(
        practice,
        folder,
        rx,
        r.letter.signature.name.as_deref(),
        r.date,
    )?;
    let (code, display) = if r.letter.state == RxStatus::Closed {
        DISCHARGE_SUMMARY
    } else {
        PROGRESS_NOTE
    };
    let id = resource_id(&[
        &r.patient.id,
        &r.prescription.id,
        "letter",
        &r.date.to_string(),
    ]);
    // `date` is an instant: noon of the letter's day, in the practice's zone.
    let noon = NaiveDateTime::new(r.date, NaiveTime::from_hms_opt(12, 0, 0)?);
    let date = match clock.offset(noon) {
        Some(o) => format!("{}{o}", noon.format("%Y-%m-%dT%H:%M:%S")),
        None => format!("{}Z", noon.format("%Y-%m-%dT%H:%M:%S")),
    };
    let title = format!("{}: {} to {}", display, r.patient.name, r.letter.to.name);
    let mut doc = json!({
        "resourceType": "DocumentReference",
        "id": id,
        "status": "current",
        "docStatus": "final",
        "type": {
            "coding": [{ "system": LOINC_SYSTEM, "code": code, "display": display }],
            "text": display,
        },
        "subject": ctx.patient,
        "date": date,
        "description": super::letter::compose(r).title,
        "content": [{
            "attachment": {
                "contentType": "application/pdf",
                "language": "en-US",
                "data": base64(pdf),
                "size": pdf.len(),
                "title": title,
                "creation": r.date.to_string(),
            },
        }],
        "context": {
            "period": {
                "start": r.letter.period.from.min(r.date).to_string(),
                "end": r.date.to_string(),
            },
            "related": [ctx.request],
        },
    });
    if let Some(author) = ctx.author {
        doc["author"] = json!([author]);
    }
    let entries: Vec<Value> = std::iter::once(doc)
        .chain(ctx.resources)
        .map(|resource| {
            let url = full_url(
                resource["resourceType"].as_str().unwrap_or_default(),
                resource["id"].as_str().unwrap_or_default(),
            );
            json!({ "fullUrl": url, "resource": resource })
        })
        .collect();
    Some(json!({ "resourceType": "Bundle", "type": "collection", "entry": entries }))
}

/// Standard base64 with padding (RFC 4648), as FHIR's `base64Binary`.
pub fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ABC[(n >> (18 - 6 * i) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::base64;

    #[test]
    fn base64_is_rfc_4648() {
        for (plain, coded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(plain.as_bytes()), coded);
        }
    }
}
