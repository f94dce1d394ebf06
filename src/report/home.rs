//! What the patient does between visits, as the report tells it: the home
//! programme in force and the latest adherence on page one, and each visit
//! that gave a programme or heard how one was followed in the appendix.

use super::{HomeCareRow, HomeProgramme, long_date};
use crate::model::{Adherence, HomeCare, Session};
use crate::vocab::Vocabulary;
use crate::vocab::home_care::kind_of;

/// The visits of `sessions` (in date order) that gave a home programme or
/// heard how the last one was followed. A visit that did not happen as
/// written (voided), or did not happen, gave none.
pub(super) fn rows<'s>(sessions: impl Iterator<Item = &'s Session>) -> Vec<HomeCareRow> {
    sessions
        .filter(|s| s.completed() && (!s.home_care.is_empty() || s.adherence.is_some()))
        .map(|s| HomeCareRow {
            session: s.id.clone(),
            date: s.date,
            items: s.home_care.clone(),
            adherence: s.adherence,
        })
        .collect()
}

/// The programme in force after the course's visits (`rows` of them all):
/// the latest given, and the latest adherence told. None when neither is
/// recorded, but at discharge, where the letter says so.
pub(super) fn programme(
    rows: &[HomeCareRow],
    discharged: bool,
    vocab: &Vocabulary,
) -> Option<HomeProgramme> {
    let given = rows.iter().rev().find(|r| !r.items.is_empty());
    let told = rows.iter().rev().find(|r| r.adherence.is_some());
    if given.is_none() && told.is_none() && !discharged {
        return None;
    }
    let mut p = HomeProgramme {
        given: given.map(|r| r.date),
        items: given.map(|r| r.items.clone()).unwrap_or_default(),
        adherence: told.and_then(|r| r.adherence),
        adherence_date: told.map(|r| r.date),
        words: String::new(),
    };
    p.words = line(&p, discharged, vocab);
    Some(p)
}

/// `stretching for the cervical spine, 3x30s, 2x/day`.
pub fn item_words(h: &HomeCare, vocab: &Vocabulary) -> String {
    let kind = kind_of(&h.kind).map_or(h.kind.as_str(), |k| k.label);
    let mut s = format!(
        "{kind} for the {}",
        vocab.region_label(&h.region).to_lowercase()
    );
    for part in [&h.dose, &h.frequency].into_iter().flatten() {
        s.push_str(", ");
        s.push_str(part);
    }
    s
}

/// `following it in part`: what the patient reported doing.
fn following(a: Adherence, what: &str) -> String {
    match a {
        Adherence::Full => format!("following {what} in full"),
        Adherence::Partial => format!("following {what} in part"),
        Adherence::None => format!("not following {what}"),
    }
}

/// Page one's line: the items in force, when given, and the adherence the
/// patient last reported (about the programme before, when told at the
/// visit that gave this one or earlier).
fn line(p: &HomeProgramme, discharged: bool, vocab: &Vocabulary) -> String {
    let items: Vec<String> = p.items.iter().map(|h| item_words(h, vocab)).collect();
    let mut s = match (p.given, discharged) {
        (Some(d), false) => format!(
            "Home programme (given {}): {}.",
            long_date(d),
            items.join("; ")
        ),
        (Some(d), true) => format!(
            "Home programme for after discharge (given {}): {}.",
            long_date(d),
            items.join("; ")
        ),
        (None, true) => "No home programme is recorded for after discharge.".to_string(),
        (None, false) => "No home programme is recorded.".to_string(),
    };
    if let (Some(a), Some(told)) = (p.adherence, p.adherence_date) {
        let (when, what) = match p.given {
            Some(given) if told > given => (format!("On {}", long_date(told)), "it"),
            Some(given) if told == given => ("At that visit".to_string(), "the previous programme"),
            Some(_) => (format!("On {}", long_date(told)), "the previous programme"),
            None => (format!("On {}", long_date(told)), "the home programme"),
        };
        s.push_str(&format!(
            " {when} the patient reported {}.",
            following(a, what)
        ));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn row(day: u32, items: &[(&str, &str)], adherence: Option<Adherence>) -> HomeCareRow {
        HomeCareRow {
            session: format!("s{day}"),
            date: NaiveDate::from_ymd_opt(2026, 11, day).unwrap(),
            items: items
                .iter()
                .map(|(kind, region)| HomeCare {
                    kind: kind.to_string(),
                    region: region.to_string(),
                    dose: Some("3x30s".into()),
                    frequency: Some("2x/day".into()),
                })
                .collect(),
            adherence,
        }
    }

    #[test]
    fn the_line_tells_the_programme_in_force_and_which_one_the_adherence_is_about() {
        let vocab = Vocabulary::new(Vec::new(), Vec::new());
        let rows = [
            row(2, &[("stretch", "cervical")], None),
            row(9, &[], Some(Adherence::Partial)),
        ];
        let p = programme(&rows, false, &vocab).unwrap();
        assert_eq!(
            p.words,
            "Home programme (given November 2, 2026): stretching for the cervical spine, 3x30s, 2x/day. On November 9, 2026 the patient reported following it in part."
        );
        // A new programme the visit the old one's adherence was told.
        let rows = [
            row(2, &[("stretch", "cervical")], None),
            row(9, &[("heat", "lumbar")], Some(Adherence::None)),
        ];
        let p = programme(&rows, true, &vocab).unwrap();
        assert_eq!(
            p.words,
            "Home programme for after discharge (given November 9, 2026): heat for the lumbar spine, 3x30s, 2x/day. At that visit the patient reported not following the previous programme."
        );
        assert!(programme(&[], false, &vocab).is_none());
        assert_eq!(
            programme(&[], true, &vocab).unwrap().words,
            "No home programme is recorded for after discharge."
        );
    }
}
