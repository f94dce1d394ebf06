//! Page one's line on safety, in the letter's words: the red flags of the
//! latest screening (and any told since) and the doctor's clearances in
//! force, with the letter's dates and clinical labels. Which flags and
//! clearances those are is the gate's ([`flags_on`], [`Clearance::in_force`]);
//! `patient show` words the same facts for the terminal
//! ([`crate::check::safety::letter_line`]).

use chrono::NaiveDate;

use super::long_date;
use super::request::join_and;
use crate::check::safety::flags_on;
use crate::model::Clearance;
use crate::records::PatientFolder;
use crate::vocab::Vocabulary;
use crate::vocab::flags::flag_of;

/// `Red flags (health screening of July 6, 2026): Lymphedema. Cleared by
/// Dr. ... on July 6, 2026 for lymphedema, avoiding the left axilla, until
/// January 6, 2027.`; `None` when no screening is on file by `day`.
pub fn line(folder: &PatientFolder, day: NaiveDate, vocab: &Vocabulary) -> Option<String> {
    let (screened, found) = flags_on(folder, day)?;
    let p = &folder.patient.as_ref()?.rec;
    let label = |f: &str| flag_of(f).map_or(f.to_string(), |r| r.label.to_string());
    let labels: Vec<String> = found.iter().map(|f| label(f)).collect();
    let mut line = if labels.is_empty() {
        format!(
            "Health screening of {}: no red flags reported.",
            long_date(screened)
        )
    } else {
        format!(
            "Red flags (health screening of {}): {}.",
            long_date(screened),
            labels.join("; ")
        )
    };
    let cleared: Vec<String> = p
        .clearances
        .iter()
        .filter(|c| c.in_force(day))
        .map(|c| clearance(c, &label, vocab))
        .collect();
    if !cleared.is_empty() {
        line.push_str(&format!(" Cleared by {}.", cleared.join("; ")));
    }
    Some(line)
}

/// `Dr. ... on July 6, 2026 for lymphedema, avoiding the left axilla, until
/// January 6, 2027`, or `..., without restriction`.
fn clearance(c: &Clearance, label: &dyn Fn(&str) -> String, vocab: &Vocabulary) -> String {
    let flags: Vec<String> = c.flags.iter().map(|f| lower_first(&label(f))).collect();
    let scope = if c.avoid_regions.is_empty() {
        "without restriction".to_string()
    } else {
        let regions: Vec<String> = c
            .avoid_regions
            .iter()
            .map(|r| format!("the {}", vocab.region_label(r).to_lowercase()))
            .collect();
        format!("avoiding {}", join_and(&regions))
    };
    let until = c
        .expires
        .map_or_else(String::new, |e| format!(", until {}", long_date(e)));
    format!(
        "{} on {} for {}, {scope}{until}",
        c.by,
        long_date(c.date),
        join_and(&flags)
    )
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}
