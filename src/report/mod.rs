//! The doctor follow-up report as data: one patient, one prescription, what
//! was done and how the patient responded. Renderers (text, Markdown, HTML)
//! and JSON all work from [`Report`]; no number is invented, so a value that
//! was never recorded stays `None` and is shown as "not recorded".

pub mod bodymap;
mod build;
pub mod chart;
pub mod cover;
pub mod fhir;
mod home;
pub mod html;
pub mod letter;
pub mod markdown;
mod outline;
pub mod pdf;
mod request;
mod safety;
pub mod sent;

pub use build::{build, pick_rx};
pub use outline::{Section, or_missing, outline, pain_pair, sparkline};
pub use request::join_and;

use crate::billing;
use crate::course::{CourseDates, RxStatus};
use crate::model;
use crate::model::{Closure, Order};
use crate::outcomes;
use crate::vocab::measures::MeasureKey;
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
    /// The visits shown that gave a home programme or heard how the last
    /// one was followed, in date order: the appendix's table.
    pub home_care: Vec<HomeCareRow>,
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
    /// Why mmx proposed it from the course's state, when the therapist
    /// gave no `--recommend`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub proposed: Option<String>,
    /// What a renewal asks for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub renewal: Option<Renewal>,
}

impl Recommendation {
    /// The therapist's own recommendation (`--recommend`), to be checked
    /// against the course and completed by [`build`].
    pub fn asked(action: Action, request_visits: Option<u32>, note: Option<String>) -> Self {
        Recommendation {
            action,
            request_visits,
            note,
            proposed: None,
            renewal: None,
        }
    }
}

/// A renewal request: visits x frequency x weeks, the dates it would run
/// and the goals for the period.
#[derive(Debug, Clone, Serialize)]
pub struct Renewal {
    pub visits: u32,
    pub frequency: Option<String>,
    pub weeks: Option<u32>,
    pub from: NaiveDate,
    pub to: Option<NaiveDate>,
    pub goals: Vec<String>,
}

/// The period a report covers: from the day after the last recorded
/// report (or `--since`, or the course's start) to the report's date.
#[derive(Debug, Clone, Serialize)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// The last report recorded to the prescriber (`report --record`)
    /// before today, for this course.
    pub last_report: Option<NaiveDate>,
    /// When the course began: its first prescription's issue date.
    pub course_start: NaiveDate,
    /// Completed visits in the period.
    pub visits: u32,
}

/// A date as a letter writes it: `November 23, 2026`.
pub fn long_date(d: NaiveDate) -> String {
    d.format("%B %-d, %Y").to_string()
}

/// Page one: a letter to the prescriber that answers "is the patient
/// getting better, was the prescription followed, what next?".
#[derive(Debug, Clone, Serialize)]
pub struct Letter {
    pub from: Letterhead,
    /// The prescriber, as the prescription names them.
    pub to: model::Prescriber,
    pub date: NaiveDate,
    /// Re: the patient's name, date of birth and diagnoses.
    pub patient: String,
    pub birth_date: Option<NaiveDate>,
    pub diagnoses: Vec<String>,
    /// The red flags on file and the clearances in force, in one line in
    /// the letter's words; none without a screening.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub safety: Option<String>,
    /// Sessions within the prescription, of those completed.
    pub within: u32,
    pub completed: u32,
    /// Each visit outside the prescription with its recorded reason.
    pub deviations: Vec<Deviation>,
    /// The compliance sentence as every format prints it.
    pub compliance: String,
    /// The course in one paragraph (period, visits, cancellations, frequency).
    pub summary: String,
    /// The compliance in a sentence short enough for page one whatever
    /// the deviations: counted, the detail left to the appendix.
    pub compliance_short: String,
    pub assessment: Option<String>,
    pub assessed: Option<NaiveDate>,
    /// The patient's own words at the latest visit of the reporting period
    /// that recorded them.
    pub subjective: Option<String>,
    pub subjective_date: Option<NaiveDate>,
    /// The home programme in force and how well it is followed; at
    /// discharge, always (it says when none is recorded).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub home_programme: Option<HomeProgramme>,
    /// The prescription's state today, its expiry and visits left.
    pub state: RxStatus,
    pub expires: NaiveDate,
    pub visits_prescribed: u32,
    pub visits_left: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub closed: Option<Closure>,
    /// The prescription that renews this one, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub renewed_by: Option<String>,
    pub period: Period,
    /// The prescription's written goals.
    pub goals: Vec<String>,
    /// Measures the prescription's precautions or the patient's
    /// contraindications bear on (swelling with a DVT history): any
    /// worsening of one is called out.
    pub precaution_measures: Vec<MeasureKey>,
    pub recommendation: Recommendation,
    pub signature: Signature,
}

/// The course's home programme as page one tells it.
#[derive(Debug, Clone, Serialize)]
pub struct HomeProgramme {
    /// The visit that gave the programme in force (the latest that gave
    /// one); none when none is recorded.
    pub given: Option<NaiveDate>,
    pub items: Vec<model::HomeCare>,
    /// The latest adherence the patient reported, and when.
    pub adherence: Option<model::Adherence>,
    pub adherence_date: Option<NaiveDate>,
    /// The line page one prints.
    pub words: String,
}

/// A visit that gave a home programme, or heard how the last was followed.
#[derive(Debug, Clone, Serialize)]
pub struct HomeCareRow {
    pub session: String,
    pub date: NaiveDate,
    /// The programme given at the visit; empty when it gave none (the one
    /// before stands).
    pub items: Vec<model::HomeCare>,
    pub adherence: Option<model::Adherence>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Letterhead {
    pub practice: String,
    pub address: Option<String>,
    pub phone: Option<String>,
    pub fax: Option<String>,
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

impl Deviation {
    /// What the visit did, after "the session": its deviations joined with
    /// "and", after a comma where one already has its own (`treated the
    /// right shoulder, not prescribed, and used cupping, not prescribed`).
    pub fn words(&self) -> String {
        if self.what.len() > 1 && self.what.iter().any(|w| w.contains(',')) {
            let (last, rest) = self.what.split_last().unwrap_or((&self.what[0], &[]));
            format!("{}, and {last}", rest.join(", "))
        } else {
            self.what.join(" and ")
        }
    }
}

/// A chain of renewals, first to latest, as one episode of care.
#[derive(Debug, Clone, Serialize)]
pub struct Course {
    pub prescriptions: Vec<String>,
    /// Each prescription's issue date, in the same order.
    pub issued: Vec<NaiveDate>,
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
    /// Regions to leave alone whatever the prescription: the patient's
    /// own, and those of a doctor's clearance in force on the report's date.
    pub avoid_regions: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RxPart {
    pub id: String,
    pub prescriber: model::Prescriber,
    pub issued: NaiveDate,
    pub expires: NaiveDate,
    /// Days from the report date to expiry; negative once expired.
    pub days_to_expiry: i64,
    /// The practice's `rx_valid_days` when `expires` is its default, not
    /// the prescriber's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires_by_default: Option<u32>,
    /// The course's length and dates, when it has a length (`weeks`, or the
    /// schedule's weeks).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub course: Option<CourseDates>,
    /// The order kept on file: when and how it arrived.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order: Option<Order>,
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
    /// With a schedule in phases: each phase's visits and rate, measured
    /// against that phase's own.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub phases: Vec<PhaseVisits>,
}

/// The completed visits of one phase of a schedule, and their rate.
#[derive(Debug, Clone, Serialize)]
pub struct PhaseVisits {
    /// 1 for the first phase.
    pub phase: usize,
    /// The phase as prescribed (`1x/2 weeks for 8 weeks`).
    pub prescribed: String,
    pub from: NaiveDate,
    /// Its last day; none for the last phase, which runs to the course's end.
    pub to: Option<NaiveDate>,
    pub completed: u32,
    /// Completed visits per week from the phase's start to its end, or to
    /// the last visit when that is earlier; none before the phase starts.
    pub per_week: Option<f64>,
    /// What the phase asks for, when it is a rate mmx counts.
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
    /// The patient's other prescriptions whose visits that day the units
    /// count too (a date of service is the patient's, not a course's).
    pub billed_with: Vec<String>,
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

/// The regions the body chart crosses out: the prescription's, the
/// patient's and a clearance's in force.
pub fn avoided_regions(r: &Report) -> Vec<String> {
    r.prescription
        .avoid_regions
        .iter()
        .chain(&r.patient.avoid_regions)
        .cloned()
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
    /// The request asked cannot be made of this course (`--recommend
    /// continue` on one discharged, expired or used up): why.
    Refused(String),
}

#[cfg(test)]
mod tests {
    use super::build::{compliance_sentence, compliance_summary};
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
    fn compliance_says_three_kinds_of_deviation_and_counts_the_rest() {
        let d = |day: u32, what: &str| Deviation {
            date: NaiveDate::from_ymd_opt(2026, 11, day).unwrap(),
            session: format!("s{day}"),
            what: vec![what.into()],
            reason: (day == 2).then(|| "Dr. Vance agreed.".into()),
        };
        let cupping = "used cupping, not prescribed";
        assert_eq!(
            compliance_sentence(4, 4, &[], "Dr. Ada Vance"),
            "All 4 sessions were within the prescription."
        );
        assert_eq!(
            compliance_sentence(2, 2, &[], "Dr. Ada Vance"),
            "Both sessions were within the prescription."
        );
        assert_eq!(
            compliance_sentence(6, 4, &[d(2, cupping), d(3, cupping)], "Dr. Ada Vance"),
            "4 of 6 sessions were within the prescription; on November 2, 2026 the session used cupping, not prescribed (reason recorded: Dr. Vance agreed); on November 3, 2026 the session used cupping, not prescribed (no reason recorded)."
        );
        // Deviations alike are said once, with their dates.
        let alike = [d(3, cupping), d(4, cupping), d(5, cupping)];
        assert_eq!(
            compliance_sentence(9, 6, &alike, "Dr. Ada Vance"),
            "6 of 9 sessions were within the prescription; on November 3, 2026, November 4, 2026 and November 5, 2026 each session used cupping, not prescribed (no reason recorded)."
        );
        let more: Vec<Deviation> = (3..=9).map(|day| d(day, cupping)).collect();
        assert_eq!(
            compliance_sentence(12, 5, &more, "Dr. Ada Vance"),
            "5 of 12 sessions were within the prescription; the 7 sessions from November 3 to November 9, 2026 each used cupping, not prescribed (no reason recorded)."
        );
        // Two deviations at one visit, each with its own comma.
        let both = Deviation {
            what: vec![
                "treated the right shoulder, not prescribed".into(),
                cupping.into(),
            ],
            ..d(6, cupping)
        };
        assert_eq!(
            compliance_sentence(3, 2, &[both], "Dr. Ada Vance"),
            "2 of 3 sessions were within the prescription; on November 6, 2026 the session treated the right shoulder, not prescribed, and used cupping, not prescribed (no reason recorded)."
        );
        let kinds = ["a", "b", "c", "d", "e"];
        let many: Vec<Deviation> = (1..=5).map(|i| d(i + 10, kinds[i as usize - 1])).collect();
        // More than three kinds are counted, the detail left to the appendix.
        let s = compliance_sentence(9, 4, &many, "Dr. Ada Vance");
        assert_eq!(
            s,
            "4 of 9 sessions were within the prescription; 5 sessions from November 11 to November 15, 2026 went outside it, none with a recorded reason; each is listed in the appendix."
        );
    }

    #[test]
    fn a_diagnosis_reads_as_its_official_title_with_the_prescribers_words_if_other() {
        use super::build::diagnosis_words;
        let d = |code: &str, text: Option<&str>| Diagnosis {
            code: code.into(),
            text: text.map(str::to_string),
        };
        assert_eq!(
            diagnosis_words(&d("M54.50", None)),
            "M54.50 Low back pain, unspecified"
        );
        assert_eq!(
            diagnosis_words(&d("M54.50", Some("Chronic LBP, mechanical"))),
            "M54.50 Low back pain, unspecified (Chronic LBP, mechanical)"
        );
        assert_eq!(
            diagnosis_words(&d("M54.2", Some("Cervicalgia"))),
            "M54.2 Cervicalgia"
        );
    }

    #[test]
    fn twenty_deviations_are_counted_in_one_sentence_for_page_one() {
        let many: Vec<Deviation> = (1..=20)
            .map(|day| Deviation {
                date: NaiveDate::from_ymd_opt(2026, 10, day).unwrap(),
                session: format!("s{day}"),
                what: vec![format!("treated region {day}, not prescribed")],
                reason: Some("Dr. Vance approved by phone.".into()),
            })
            .collect();
        let s = compliance_summary(22, 2, &many, "Dr. Ada Vance, MD");
        assert_eq!(
            s,
            "2 of 22 sessions were within the prescription; 20 sessions from October 1 to October 20, 2026 went outside it, each approved by you (the reasons are recorded); each is listed in the appendix."
        );
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
