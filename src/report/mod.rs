//! The doctor follow-up report as data: one patient, one prescription, what
//! was done and how the patient responded. Renderers (text, Markdown, HTML)
//! and JSON all work from [`Report`]; no number is invented, so a value that
//! was never recorded stays `None` and is shown as "not recorded".

pub mod bodymap;
mod build;
pub mod html;
pub mod letter;
pub mod markdown;
mod outline;
pub mod pdf;

pub use build::{build, pick_rx};
pub use outline::{Section, or_missing, outline, pain_pair, sparkline};

use crate::billing;
use crate::model;
use crate::outcomes;
use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::diag::Diagnostic;
use crate::model::Diagnosis;

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Page one: the letter to the prescriber.
    pub letter: Letter,
    /// Other prescriptions in force today, or issued after this one, and
    /// how to pick one (`--rx`).
    pub other_prescriptions: Vec<OtherRx>,
    pub practice: String,
    pub therapist: Option<String>,
    pub date: NaiveDate,
    pub since: Option<NaiveDate>,
    pub patient: PatientPart,
    pub prescription: RxPart,
    pub visits: Visits,
    pub sessions: Vec<SessionRow>,
    pub pain: Pain,
    pub findings: Vec<Diagnostic>,
    pub overrides: Vec<Override>,
    pub latest_soap: Option<LatestSoap>,
    /// Each measure's series over the course (pain before treatment included).
    pub measures: Vec<outcomes::Series>,
    /// Each measure and target scored: baseline (the course's first
    /// measurement) -> latest -> target, change, MCID, progress.
    pub outcomes: Vec<outcomes::Outcome>,
    /// The course of care the prescription belongs to, when renewals make
    /// it more than this one: sessions, pain and findings cover all of it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub course: Option<Course>,
}

/// A prescription the report did not cover.
#[derive(Debug, Clone, Serialize)]
pub struct OtherRx {
    pub id: String,
    pub issued: NaiveDate,
    pub status: &'static str,
    pub used: u32,
    pub visits: u32,
}

/// What the therapist recommends (`--recommend`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    Continue,
    Renew,
    Discharge,
    Refer,
}

#[derive(Debug, Clone, Serialize)]
pub struct Recommendation {
    pub action: Action,
    pub request_visits: Option<u32>,
    pub note: Option<String>,
}

impl Recommendation {
    /// The recommendation as one sentence to the prescriber.
    pub fn sentence(&self) -> String {
        let visits = |n: Option<u32>| {
            n.map_or(String::new(), |n| {
                format!(" for {n} more visit{}", if n == 1 { "" } else { "s" })
            })
        };
        let mut s = match self.action {
            Action::Continue => format!(
                "I recommend continuing care under the current prescription{}.",
                visits(self.request_visits)
            ),
            Action::Renew => format!(
                "I recommend renewing the prescription{}; please send a renewal if you agree.",
                visits(self.request_visits)
            ),
            Action::Discharge => "I recommend discharge from massage therapy.".to_string(),
            Action::Refer => {
                "I recommend medical review before further massage therapy.".to_string()
            }
        };
        if let Some(n) = &self.note {
            s.push(' ');
            s.push_str(n.trim());
        }
        s
    }
}

/// Page one: a letter to the prescriber that answers "is the patient
/// getting better, was the prescription followed, what next?".
#[derive(Debug, Clone, Serialize)]
pub struct Letter {
    pub from: Letterhead,
    pub to: Addressee,
    pub date: NaiveDate,
    /// Re: the patient's name, date of birth and diagnoses.
    pub patient: String,
    pub birth_date: Option<NaiveDate>,
    pub diagnoses: Vec<String>,
    /// Sessions within the prescription, of those completed.
    pub within: u32,
    pub completed: u32,
    /// Each visit outside the prescription with its recorded reason.
    pub deviations: Vec<Deviation>,
    /// The compliance sentence as every format prints it.
    pub compliance: String,
    /// The course in one paragraph (period, visits, cancellations, frequency).
    pub summary: String,
    pub assessment: Option<String>,
    pub assessed: Option<NaiveDate>,
    pub recommendation: Option<Recommendation>,
    pub signature: Signature,
}

#[derive(Debug, Clone, Serialize)]
pub struct Letterhead {
    pub practice: String,
    pub address: Option<String>,
    pub phone: Option<String>,
    pub fax: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Addressee {
    pub name: String,
    pub credential: Option<String>,
    pub fax: Option<String>,
    pub phone: Option<String>,
    pub address: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Signature {
    pub name: Option<String>,
    pub credential: Option<String>,
    pub license: Option<String>,
    pub npi: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Deviation {
    pub date: NaiveDate,
    pub session: String,
    /// What went outside the prescription, in clinical words.
    pub what: Vec<String>,
    /// The reason recorded with the session's override, if any.
    pub reason: Option<String>,
}

/// A chain of renewals, first to latest, as one episode of care.
#[derive(Debug, Clone, Serialize)]
pub struct Course {
    pub prescriptions: Vec<String>,
    pub first_issued: NaiveDate,
    pub visits_prescribed: u32,
    pub visits_completed: u32,
}

#[derive(Debug, Clone, Serialize)]
pub struct PatientPart {
    pub id: String,
    pub name: String,
    pub birth_date: Option<NaiveDate>,
    pub age: Option<u32>,
    pub contraindications: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RxPart {
    pub id: String,
    pub prescriber: Prescriber,
    pub issued: NaiveDate,
    pub expires: NaiveDate,
    /// Days from the report date to expiry; negative once expired.
    pub days_to_expiry: i64,
    pub diagnoses: Vec<Diagnosis>,
    pub regions: Vec<String>,
    pub techniques: Vec<String>,
    pub frequency: Option<String>,
    pub minutes: Option<u32>,
    pub precautions: Option<String>,
    pub goals: Vec<String>,
    pub avoid_regions: Vec<String>,
    pub avoid_techniques: Vec<String>,
    pub renews: Option<String>,
    pub closed: Option<model::Closure>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Prescriber {
    pub name: String,
    pub npi: Option<String>,
    pub phone: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Visits {
    pub prescribed: u32,
    pub completed: u32,
    pub remaining: u32,
    pub cancelled: u32,
    pub no_show: u32,
    /// Sessions voided as recorded in error: listed, never counted.
    pub voided: u32,
    pub first: Option<NaiveDate>,
    pub last: Option<NaiveDate>,
    pub average_minutes: Option<f64>,
    /// Completed visits per week from the first visit to the last.
    pub per_week: Option<f64>,
    /// Visits per week the prescription's `frequency` asks for, when it says (`2x/week`).
    pub prescribed_per_week: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SessionRow {
    pub id: String,
    pub prescription: String,
    pub date: NaiveDate,
    pub minutes: Option<u32>,
    /// The service codes and units of the session's date of service (CMS:
    /// the timed minutes of one date count together), on the day's first
    /// completed session; empty on the others.
    pub units: Vec<billing::ServiceLine>,
    /// `completed`, `cancelled`, `no-show`, or `entered-in-error` once voided.
    pub status: &'static str,
    pub regions: Vec<String>,
    pub techniques: Vec<String>,
    pub pain_before: Option<u8>,
    pub pain_after: Option<u8>,
    /// What was measured that visit.
    pub measures: Vec<model::Measurement>,
    pub overridden: bool,
}

impl SessionRow {
    /// Voided as recorded in error: a visit that did not happen as
    /// written, so none of its clinical contents are shown or counted.
    pub fn is_void(&self) -> bool {
        self.status == model::VOID_STATUS
    }
}

/// The regions the body chart fills as treated: every shown session's but
/// a voided one's.
pub fn treated_regions(r: &Report) -> Vec<String> {
    r.sessions
        .iter()
        .filter(|s| !s.is_void())
        .flat_map(|s| s.regions.iter().cloned())
        .collect()
}

#[derive(Debug, Clone, Serialize)]
pub struct Pain {
    /// Pain before treatment at the first completed session that recorded it.
    pub first: Option<u8>,
    /// Pain before treatment at the latest completed session that recorded it.
    pub last: Option<u8>,
    /// `last - first`: negative is better.
    pub change: Option<i32>,
    /// Mean of (before - after) over sessions that recorded both.
    pub average_relief: Option<f64>,
    /// Pain before treatment, session by session, for the trend chart.
    pub series: Vec<PainPoint>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PainPoint {
    pub date: NaiveDate,
    pub before: u8,
    pub after: Option<u8>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Override {
    pub session: String,
    /// When it was recorded (a plain `override` from an earlier mmx carries
    /// no date: its session's).
    pub date: NaiveDate,
    /// The findings it excuses (`wrong-side: right-gluteal`); empty for a
    /// plain `override` from an earlier mmx, which names none.
    pub findings: Vec<String>,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct LatestSoap {
    pub session: String,
    pub date: NaiveDate,
    pub assessment: Option<String>,
    pub plan: Option<String>,
}

pub fn age(birth: NaiveDate, on: NaiveDate) -> Option<u32> {
    let mut years = on.year() - birth.year();
    if (on.month(), on.day()) < (birth.month(), birth.day()) {
        years -= 1;
    }
    u32::try_from(years).ok()
}

/// Why a report cannot be made.
pub enum Missing {
    Patient,
    Prescription(String),
    NoPrescriptions,
}

#[cfg(test)]
mod tests {
    use super::build::compliance_sentence;
    use super::*;

    #[test]
    fn eight_minute_rule() {
        for (m, u) in [
            (7, 0),
            (8, 1),
            (22, 1),
            (23, 2),
            (37, 2),
            (38, 3),
            (52, 3),
            (53, 4),
            (67, 4),
            (68, 5),
        ] {
            assert_eq!(billing::units(m), u, "{m} minutes");
        }
    }

    #[test]
    fn ages() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        assert_eq!(age(d("1980-11-24"), d("2026-11-23")), Some(45));
        assert_eq!(age(d("1980-11-23"), d("2026-11-23")), Some(46));
    }

    #[test]
    fn compliance_says_three_deviations_and_counts_the_rest() {
        let d = |day: u32| Deviation {
            date: NaiveDate::from_ymd_opt(2026, 11, day).unwrap(),
            session: format!("s{day}"),
            what: vec!["used cupping, not prescribed".into()],
            reason: (day == 2).then(|| "Dr. Vance agreed.".into()),
        };
        assert_eq!(
            compliance_sentence(4, 4, &[]),
            "All 4 sessions were within the prescription."
        );
        assert_eq!(
            compliance_sentence(6, 4, &[d(2), d(3)]),
            "4 of 6 sessions were within the prescription; on 2026-11-02 the session used cupping, not prescribed (reason recorded: Dr. Vance agreed); on 2026-11-03 the session used cupping, not prescribed (no reason recorded)."
        );
        let many: Vec<Deviation> = (1..=5).map(d).collect();
        let s = compliance_sentence(9, 4, &many);
        assert!(s.ends_with("; and 2 more, listed in the appendix."), "{s}");
        assert_eq!(s.matches("the session used").count(), 3);
    }

    #[test]
    fn sparkline_scales_0_to_10() {
        let d: NaiveDate = "2026-01-01".parse().unwrap();
        let pts: Vec<PainPoint> = [0u8, 5, 10]
            .iter()
            .map(|&b| PainPoint {
                date: d,
                before: b,
                after: None,
            })
            .collect();
        assert_eq!(sparkline(&pts), "▁▅█");
    }
}
