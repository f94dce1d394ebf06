//! A letter as it left the practice: how it went (`report --record --sent`)
//! and which recorded report a file is (`report --verify FILE`), by the
//! SHA-256 of its bytes, so the practice can show months later exactly what
//! the physician received.

use chrono::NaiveDate;
use serde::Serialize;

use crate::check::review;
use crate::error::Result;
use crate::model::SentReport;
use crate::practice::Practice;
use crate::records::PatientFolder;

/// How a letter was sent, as `--sent` gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sent {
    /// By fax: to the number given, or (`None`) to the prescriber's fax on
    /// the prescription.
    Fax(Option<String>),
    Mail,
    Email,
    Hand,
}

/// What `--sent` accepts, for its refusals and its help.
pub const SENT_GRAMMAR: &str =
    "fax:NUMBER, fax (the prescriber's fax on the prescription), mail, email or hand";

impl Sent {
    /// Reads `fax:NUMBER`, `fax`, `mail`, `email` or `hand`; the refusal
    /// says what is allowed.
    pub fn parse(s: &str) -> std::result::Result<Sent, String> {
        let s = s.trim();
        match s {
            "fax" => return Ok(Sent::Fax(None)),
            "mail" => return Ok(Sent::Mail),
            "email" | "e-mail" => return Ok(Sent::Email),
            "hand" => return Ok(Sent::Hand),
            _ => {}
        }
        if let Some(number) = s.strip_prefix("fax:") {
            let number = number.trim();
            return if fax_shaped(number) {
                Ok(Sent::Fax(Some(number.to_string())))
            } else {
                Err(format!(
                    "`{number}` is not a fax number: digits, with spaces, `+`, `-`, `.` and parentheses if you like (fax:+1 555-0199)"
                ))
            };
        }
        Err(format!("write one of: {SENT_GRAMMAR}"))
    }

    /// The word a record keeps (`sent = "fax"`).
    pub fn channel(&self) -> &'static str {
        match self {
            Sent::Fax(_) => "fax",
            Sent::Mail => "mail",
            Sent::Email => "email",
            Sent::Hand => "hand",
        }
    }
}

/// Whether `s` reads as a phone number: digits (four at least), with
/// spaces, `+`, `-`, `.` and parentheses.
fn fax_shaped(s: &str) -> bool {
    s.chars().filter(char::is_ascii_digit).count() >= 4
        && s.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '+' | '-' | '.' | '(' | ')'))
}

/// A recorded report that a file is, as `--verify` tells it.
#[derive(Debug, Clone, Serialize)]
pub struct Match {
    pub id: String,
    pub patient: String,
    pub prescription: String,
    /// The letter's date.
    pub date: NaiveDate,
    /// To whom: the prescriber's name.
    pub to: String,
    pub format: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sent: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fax: Option<String>,
    /// The day it went (the letter's date when none was recorded).
    pub sent_on: NaiveDate,
    /// Where the record is, from the practice's top.
    pub file: String,
}

/// The recorded reports whose `sha256` is `sha256`, in patient and id
/// order: of one patient when `patient` names one, else of every patient.
pub fn matching(
    practice: &Practice,
    today: NaiveDate,
    sha256: &str,
    patient: Option<&str>,
) -> Result<Vec<Match>> {
    let pick = |folder: &PatientFolder| -> Vec<Match> {
        folder
            .reports
            .iter()
            .filter(|r| r.rec.sha256.as_deref() == Some(sha256))
            .map(|r| of(&r.rec, &r.file))
            .collect()
    };
    let mut found: Vec<Match> = match patient {
        Some(id) => pick(&review::patient(practice, today, id)?.folder),
        None => review::each_patient(practice, today, |rev| pick(&rev.folder))?
            .into_iter()
            .flatten()
            .collect(),
    };
    found.sort_by(|a, b| (&a.patient, &a.id).cmp(&(&b.patient, &b.id)));
    Ok(found)
}

fn of(r: &SentReport, file: &str) -> Match {
    Match {
        id: r.id.clone(),
        patient: r.patient.clone(),
        prescription: r.prescription.clone(),
        date: r.date,
        to: r.to.clone(),
        format: r.format.clone(),
        sent: r.sent.clone(),
        fax: r.fax.clone(),
        sent_on: r.sent_on.unwrap_or(r.date),
        file: file.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sent_reads_a_channel_and_a_fax_number() {
        assert_eq!(
            Sent::parse("fax:+1 (555) 010-0199"),
            Ok(Sent::Fax(Some("+1 (555) 010-0199".into())))
        );
        assert_eq!(Sent::parse("fax"), Ok(Sent::Fax(None)));
        assert_eq!(Sent::parse("mail"), Ok(Sent::Mail));
        assert_eq!(Sent::parse("email"), Ok(Sent::Email));
        assert_eq!(Sent::parse("hand"), Ok(Sent::Hand));
        let refused = Sent::parse("pigeon").unwrap_err();
        assert!(
            refused.contains("fax:NUMBER") && refused.contains("hand"),
            "{refused}"
        );
        assert!(Sent::parse("fax:").is_err());
        assert!(Sent::parse("fax:call me").is_err());
        assert!(Sent::parse("fax:555").is_err());
    }
}
