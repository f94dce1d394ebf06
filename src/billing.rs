//! Service codes and billing units: which code each technique is billed
//! under (a documented default table, overridden by `[billing]` in
//! mmx.toml), and the units of each code per date of service under the CMS
//! rule for timed codes. Units are computed here, once; the report and the
//! FHIR export only show them.
//!
//! The CMS rule (the "8-minute rule", Medicare Claims Processing Manual
//! ch. 5 §20.2) counts the timed minutes of one date of service together:
//! their total gives the units (8-22 minutes 1, 23-37 2, ...), shared among
//! the timed codes by whole 15-minute units first, then by the largest
//! remaining minutes. Untimed codes (a hot or cold pack, 97010) are one unit
//! a day, whatever the minutes. mmx records a session's length, not each
//! technique's: a session's minutes are shared evenly among its timed codes.
//!
//! A date of service is the patient's, not a prescription's: two
//! prescriptions' visits on one day are one date of service, and their
//! minutes count together ([`by_date`] is given every session of the
//! patient, and says which prescriptions each day's units cover).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::Session;

/// The default service code of a technique. CPT 97124 is massage
/// (effleurage, petrissage, tapotement), 97140 manual therapy (mobilisation,
/// manipulation, manual lymphatic drainage, myofascial release, trigger
/// point), 97010 hot or cold packs.
pub const DEFAULT_CODES: &[(&str, &str)] = &[
    ("swedish", "97124"),
    ("deep-tissue", "97124"),
    ("sports-massage", "97124"),
    ("connective-tissue-massage", "97124"),
    ("reflexology", "97124"),
    ("acupressure", "97124"),
    ("shiatsu", "97124"),
    ("cupping", "97124"),
    ("myofascial-release", "97140"),
    ("trigger-point", "97140"),
    ("neuromuscular-therapy", "97140"),
    ("manual-lymphatic-drainage", "97140"),
    ("positional-release", "97140"),
    ("strain-counterstrain", "97140"),
    ("muscle-energy-technique", "97140"),
    ("stretching", "97140"),
    ("cross-fiber-friction", "97140"),
    ("soft-tissue-mobilization", "97140"),
    ("instrument-assisted-soft-tissue-mobilization", "97140"),
    ("active-release", "97140"),
    ("scar-tissue-mobilization", "97140"),
    ("craniosacral", "97140"),
    ("hot-cold-pack", "97010"),
];

/// The code a technique without an entry (a practice's own term) is billed under.
pub const FALLBACK_CODE: &str = "97124";

/// Supervised modalities: billed once a day, not by time (CPT 97010-97028).
pub fn is_untimed(code: &str) -> bool {
    matches!(
        code,
        "97010" | "97012" | "97014" | "97016" | "97018" | "97022" | "97024" | "97026" | "97028"
    )
}

/// A CPT (5 digits) or HCPCS level II (a letter and 4 digits) code.
pub fn code_shaped(code: &str) -> bool {
    let b = code.as_bytes();
    b.len() == 5
        && (b[0].is_ascii_digit() || b[0].is_ascii_uppercase())
        && b[1..].iter().all(u8::is_ascii_digit)
}

/// The service code of a technique under the practice's `[billing]` table.
pub fn code_of<'a>(technique: &str, overrides: &'a BTreeMap<String, String>) -> &'a str {
    if let Some(c) = overrides.get(technique) {
        return c;
    }
    DEFAULT_CODES
        .iter()
        .find(|(t, _)| *t == technique)
        .map_or(FALLBACK_CODE, |(_, c)| c)
}

/// The distinct service codes of a session, in code order.
pub fn session_codes<'a>(s: &Session, overrides: &'a BTreeMap<String, String>) -> Vec<&'a str> {
    let mut codes: Vec<&str> = s.techniques.iter().map(|t| code_of(t, overrides)).collect();
    codes.sort_unstable();
    codes.dedup();
    codes
}

/// Units under the CMS rule for `minutes` of timed service.
pub fn units(minutes: u32) -> u32 {
    (minutes + 7) / 15
}

/// One code's line on a date of service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ServiceLine {
    pub code: String,
    pub timed: bool,
    /// The timed minutes attributed to the code (0 for an untimed one).
    pub minutes: u32,
    pub units: u32,
}

/// The billed lines of one date of service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DateOfService {
    pub date: NaiveDate,
    pub lines: Vec<ServiceLine>,
    /// The prescriptions whose completed sessions the day's units count,
    /// in id order: more than one when the patient was seen under two.
    pub prescriptions: Vec<String>,
}

/// The lines of every date of service of these sessions (completed ones
/// only), in date order. Give it every session of one patient: the CMS
/// date of service is the patient's, so a day's minutes count together
/// whichever prescription each visit was under.
pub fn by_date<'s>(
    sessions: impl IntoIterator<Item = &'s Session>,
    overrides: &BTreeMap<String, String>,
) -> Vec<DateOfService> {
    // date -> code -> minutes (None for untimed)
    let mut days: BTreeMap<NaiveDate, BTreeMap<String, Option<u32>>> = BTreeMap::new();
    let mut under: BTreeMap<NaiveDate, Vec<String>> = BTreeMap::new();
    for s in sessions.into_iter().filter(|s| s.completed()) {
        let rxs = under.entry(s.date).or_default();
        if !rxs.contains(&s.prescription) {
            rxs.push(s.prescription.clone());
        }
        let day = days.entry(s.date).or_default();
        let codes = session_codes(s, overrides);
        let timed: Vec<&str> = codes.iter().copied().filter(|c| !is_untimed(c)).collect();
        for c in codes.iter().filter(|c| is_untimed(c)) {
            day.entry((*c).to_string()).or_insert(None);
        }
        let minutes = s.minutes.unwrap_or(0);
        let n = timed.len() as u32;
        for (i, c) in timed.iter().enumerate() {
            // An even share; the first code takes what does not divide.
            let share = minutes / n.max(1) + if i == 0 { minutes % n.max(1) } else { 0 };
            let m = day.entry((*c).to_string()).or_insert(Some(0));
            *m = Some(m.unwrap_or(0) + share);
        }
    }
    days.into_iter()
        .map(|(date, codes)| {
            let mut prescriptions = under.remove(&date).unwrap_or_default();
            prescriptions.sort_unstable();
            DateOfService {
                date,
                lines: allocate(codes),
                prescriptions,
            }
        })
        .collect()
}

/// Shares a day's timed units among its codes: whole units first, then the
/// rest to the codes with the most minutes left over.
fn allocate(codes: BTreeMap<String, Option<u32>>) -> Vec<ServiceLine> {
    let total: u32 = codes.values().flatten().sum();
    let mut lines: Vec<ServiceLine> = codes
        .into_iter()
        .map(|(code, minutes)| ServiceLine {
            timed: minutes.is_some(),
            minutes: minutes.unwrap_or(0),
            units: if minutes.is_some() {
                minutes.unwrap_or(0) / 15
            } else {
                1
            },
            code,
        })
        .collect();
    let whole: u32 = lines.iter().filter(|l| l.timed).map(|l| l.units).sum();
    let mut left = units(total).saturating_sub(whole);
    let mut order: Vec<usize> = (0..lines.len()).filter(|&i| lines[i].timed).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(lines[i].minutes % 15));
    for i in order {
        if left == 0 {
            break;
        }
        lines[i].units += 1;
        left -= 1;
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session(date: &str, minutes: u32, techniques: &[&str]) -> Session {
        Session {
            date: date.parse().unwrap(),
            minutes: Some(minutes),
            techniques: techniques.iter().map(|t| t.to_string()).collect(),
            ..Default::default()
        }
    }

    fn lines(days: &[DateOfService]) -> Vec<(String, String, u32)> {
        days.iter()
            .flat_map(|d| {
                d.lines
                    .iter()
                    .map(move |l| (d.date.to_string(), l.code.clone(), l.units))
            })
            .collect()
    }

    #[test]
    fn the_minutes_of_one_date_of_service_count_together() {
        // 10 and 12 minutes on one day: 22 timed minutes, 1 unit (not 2).
        let s = [
            session("2026-11-04", 10, &["swedish"]),
            session("2026-11-04", 12, &["swedish"]),
            session(
                "2026-11-05",
                50,
                &["swedish", "myofascial-release", "hot-cold-pack"],
            ),
        ];
        let none = BTreeMap::new();
        assert_eq!(
            lines(&by_date(&s, &none)),
            [
                ("2026-11-04".into(), "97124".into(), 1),
                // 50 minutes: 3 units; 25 minutes each, 1 whole unit each and
                // one more to the first by remainder; the pack is one unit.
                ("2026-11-05".into(), "97010".into(), 1),
                ("2026-11-05".into(), "97124".into(), 2),
                ("2026-11-05".into(), "97140".into(), 1),
            ]
        );
    }

    #[test]
    fn two_prescriptions_on_one_day_are_one_date_of_service() {
        // 10 minutes under one prescription and 12 under another, the same
        // day: 22 timed minutes, 1 unit (CMS), not 1 + 1.
        let mut a = session("2026-11-04", 10, &["swedish"]);
        a.prescription = "rx-b".into();
        let mut b = session("2026-11-04", 12, &["swedish"]);
        b.prescription = "rx-a".into();
        let days = by_date(&[a, b], &BTreeMap::new());
        assert_eq!(lines(&days), [("2026-11-04".into(), "97124".into(), 1)]);
        assert_eq!(days[0].prescriptions, ["rx-a", "rx-b"]);
    }

    #[test]
    fn units_follow_the_8_minute_rule() {
        for (m, u) in [
            (7, 0),
            (8, 1),
            (22, 1),
            (23, 2),
            (37, 2),
            (38, 3),
            (50, 3),
            (53, 4),
        ] {
            assert_eq!(units(m), u, "{m} minutes");
        }
    }

    #[test]
    fn the_practice_may_bill_a_technique_under_another_code() {
        let mut overrides = BTreeMap::new();
        overrides.insert("swedish".to_string(), "97140".to_string());
        let s = [session("2026-11-04", 30, &["swedish", "trigger-point"])];
        assert_eq!(
            lines(&by_date(&s, &overrides)),
            [("2026-11-04".into(), "97140".into(), 2)]
        );
        assert!(code_shaped("97124") && code_shaped("G0283"));
        assert!(!code_shaped("9712") && !code_shaped("massage"));
    }
}
