//! Page one of the report as every format prints it: the letter to the
//! prescriber, composed once from [`Report::letter`] and the outcomes, so
//! the text, Markdown, HTML and PDF letters say the same words.

use super::{Action, Report};
use crate::outcomes;
use crate::outcomes::Progress;

/// The letter's parts in reading order.
pub struct LetterText {
    /// The practice's name, then its address lines and `Phone ... · Fax ...`.
    pub letterhead: Vec<String>,
    pub date: String,
    /// The addressee: name and credential, address lines, fax.
    pub to: Vec<String>,
    /// `Re: NAME, born DATE` and the diagnoses.
    pub re: Vec<String>,
    pub salutation: String,
    pub summary: String,
    /// Header and rows of the outcomes table; `None` when nothing is measured.
    pub outcomes: Option<(Vec<&'static str>, Vec<Vec<String>>)>,
    pub outcomes_note: String,
    pub compliance: String,
    pub assessment: Option<String>,
    pub recommendation: String,
    /// `Sincerely,`, then the lines under the signature line.
    pub closing: &'static str,
    pub signer: Vec<String>,
}

pub const OUTCOME_HEADER: [&str; 5] = [
    "Measure",
    "Baseline → latest → target",
    "Change",
    "Past MCID?",
    "Status",
];

pub fn compose(r: &Report) -> LetterText {
    let l = &r.letter;
    let letterhead = block(
        l.from.practice.clone(),
        l.from.address.as_deref(),
        &[("Phone", &l.from.phone), ("Fax", &l.from.fax)],
    );
    let name = match &l.to.credential {
        Some(c) => format!("{}, {c}", l.to.name),
        None => l.to.name.clone(),
    };
    let to = block(
        name,
        l.to.address.as_deref(),
        &[("Fax", &l.to.fax), ("Phone", &l.to.phone)],
    );
    let mut re = vec![match l.birth_date {
        Some(b) => format!("Re: {}, born {b}", l.patient),
        None => format!("Re: {}", l.patient),
    }];
    if !l.diagnoses.is_empty() {
        re.push(format!("Diagnoses: {}", l.diagnoses.join("; ")));
    }
    let rows: Vec<Vec<String>> = r
        .outcomes
        .iter()
        .map(|o| {
            let mut label = o.label.clone();
            if let Some(by) = o.target_by {
                label.push_str(&format!(" (target by {by})"));
            }
            vec![
                label,
                format!("{}{}", o.path(), outcomes::unit_after(&o.unit)),
                o.change_words(),
                o.mcid_words(),
                o.progress.words().to_string(),
            ]
        })
        .collect();
    let met = r
        .outcomes
        .iter()
        .filter(|o| o.progress == Progress::Met)
        .count();
    let targets = r.outcomes.iter().filter(|o| o.target.is_some()).count();
    let mut outcomes_note = String::from(
        "Baseline: the course's first measurement; latest: the most recent. MCID: minimal clinically important difference (in brackets), where a published source gives one; – where none is published.",
    );
    if targets > 0 {
        outcomes_note = format!("{met} of {targets} targets met. {outcomes_note}");
    }
    let recommendation = match &l.recommendation {
        Some(rec) => rec.sentence(),
        None => "Recommendation (circle one): continue  /  renew for ___ visits  /  discharge  /  refer for medical review".to_string(),
    };
    let recommendation = match l.recommendation.as_ref().map(|r| r.action) {
        Some(Action::Renew | Action::Continue) if r.visits.remaining > 0 => format!(
            "{recommendation} {} of the {} prescribed visits {}.",
            r.visits.remaining,
            r.visits.prescribed,
            if r.visits.remaining == 1 {
                "remains"
            } else {
                "remain"
            }
        ),
        _ => recommendation,
    };
    let sig = &l.signature;
    let mut signer: Vec<String> = vec![match (&sig.name, &sig.credential) {
        (Some(n), Some(c)) => format!("{n}, {c}"),
        (Some(n), None) => n.clone(),
        (None, _) => "Treating therapist".to_string(),
    }];
    signer.extend(
        block(
            String::new(),
            None,
            &[("License", &sig.license), ("NPI", &sig.npi)],
        )
        .into_iter()
        .skip(1),
    );
    signer.push(l.from.practice.clone());
    LetterText {
        letterhead,
        date: l.date.format("%B %-d, %Y").to_string(),
        to,
        re,
        salutation: format!("Dear {},", l.to.name),
        summary: l.summary.clone(),
        outcomes: (!rows.is_empty()).then(|| (OUTCOME_HEADER.to_vec(), rows)),
        outcomes_note,
        compliance: l.compliance.clone(),
        assessment: l.assessment.as_ref().map(|a| {
            let a = shortened(a.trim(), ASSESSMENT_CHARS);
            match l.assessed {
                Some(d) => format!("Latest assessment ({d}): {a}"),
                None => format!("Latest assessment: {a}"),
            }
        }),
        recommendation,
        closing: "Sincerely,",
        signer,
    }
}

/// How much of the latest assessment page one quotes: the rest is in the
/// appendix, and the letter stays on its page.
const ASSESSMENT_CHARS: usize = 600;

/// `text`, cut at a word before `max` characters with a pointer to the rest.
fn shortened(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(a, _)| a);
    format!(
        "{}… (continued in the appendix)",
        cut.trim_end_matches([',', ';', ' ', '.'])
    )
}

/// A name, its address lines, then the numbers given (`Phone 555-0190  ·
/// Fax 555-0191`) on one line.
fn block(name: String, address: Option<&str>, numbers: &[(&str, &Option<String>)]) -> Vec<String> {
    let mut out = vec![name];
    if let Some(a) = address {
        out.extend(a.lines().map(str::to_string));
    }
    let ids: Vec<String> = numbers
        .iter()
        .filter_map(|(k, v)| v.as_ref().map(|v| format!("{k} {v}")))
        .collect();
    if !ids.is_empty() {
        out.push(ids.join("  ·  "));
    }
    out
}

/// What the report says of the prescriptions it did not cover.
pub fn others_note(r: &Report) -> Option<String> {
    if r.other_prescriptions.is_empty() {
        return None;
    }
    let each: Vec<String> = r
        .other_prescriptions
        .iter()
        .map(|o| {
            format!(
                "{} (issued {}, {}, {} of {} visits)",
                o.id, o.issued, o.status, o.used, o.visits
            )
        })
        .collect();
    Some(format!(
        "This report covers prescription {}. Also on file: {}; pick one with --rx ID.",
        r.prescription.id,
        each.join(", ")
    ))
}

#[cfg(test)]
mod tests {
    use super::shortened;

    #[test]
    fn a_long_assessment_is_cut_at_a_word_and_points_to_the_rest() {
        assert_eq!(shortened("Short and whole.", 600), "Short and whole.");
        let long = "Gains held. ".repeat(100);
        let cut = shortened(long.trim(), 40);
        assert_eq!(
            cut,
            "Gains held. Gains held. Gains held… (continued in the appendix)"
        );
        assert!(cut.chars().count() < 80);
    }
}
