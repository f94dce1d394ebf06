//! The doctor follow-up report as data: one patient, one prescription, what
//! was done and how the patient responded. Renderers (text, Markdown, HTML)
//! and JSON all work from [`Report`]; no number is invented, so a value that
//! was never recorded stays `None` and is shown as "not recorded".

pub mod bodymap;
pub mod html;
pub mod markdown;
pub mod text;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::diag::Diagnostic;
use crate::gate::Review;
use crate::loader::{PatientFolder, Practice};
use crate::model::{Diagnosis, Status};
use crate::state::expiry_words;

#[derive(Debug, Clone, Serialize)]
pub struct Report {
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
    pub measures: Vec<crate::outcomes::Series>,
    /// Each measure and target scored: baseline (the course's first
    /// measurement) -> latest -> target, change, MCID, progress.
    pub outcomes: Vec<crate::outcomes::Outcome>,
    /// The course of care the prescription belongs to, when renewals make
    /// it more than this one: sessions, pain and findings cover all of it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub course: Option<Course>,
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
    pub closed: Option<crate::model::Closure>,
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
    /// CMS 8-minute rule units for timed 15-minute codes.
    pub units: Option<u32>,
    /// `completed`, `cancelled`, `no-show`, or `entered-in-error` once voided.
    pub status: &'static str,
    pub regions: Vec<String>,
    pub techniques: Vec<String>,
    pub pain_before: Option<u8>,
    pub pain_after: Option<u8>,
    pub overridden: bool,
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

/// Billing units under the CMS 8-minute rule: 8-22 minutes is 1 unit, 23-37 is 2, and so on.
pub fn units(minutes: u32) -> u32 {
    if minutes < 8 { 0 } else { (minutes + 7) / 15 }
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

/// Picks the prescription: `--rx`, else the one in force today (the latest
/// issued, if several), else the most recently issued.
pub fn pick_rx(
    folder: &PatientFolder,
    practice: &Practice,
    rx: Option<&str>,
    today: NaiveDate,
) -> Result<usize, Missing> {
    if let Some(id) = rx {
        return folder
            .prescriptions
            .iter()
            .position(|r| r.rec.id == id)
            .ok_or_else(|| Missing::Prescription(id.to_string()));
    }
    let rules = &practice.settings.rules;
    let latest = |filter: &dyn Fn(usize) -> bool| {
        (0..folder.prescriptions.len())
            .filter(|&i| filter(i))
            .max_by_key(|&i| {
                (
                    folder.prescriptions[i].rec.issued,
                    folder.prescriptions[i].rec.id.clone(),
                )
            })
    };
    latest(&|i| folder.prescriptions[i].rec.in_force(rules, today))
        .or_else(|| latest(&|_| true))
        .ok_or(Missing::NoPrescriptions)
}

pub fn build(
    practice: &Practice,
    review: &Review,
    rx_index: usize,
    today: NaiveDate,
    since: Option<NaiveDate>,
) -> Result<Report, Missing> {
    let folder = &review.folder;
    let patient = folder.patient.as_ref().ok_or(Missing::Patient)?;
    let p = &patient.rec;
    let rx = &folder.prescriptions[rx_index];
    let r = &rx.rec;
    let expires = r.expiry(&practice.settings.rules);

    // The course: this prescription with the ones it renews and that renew it.
    let chain = crate::state::episode(folder, &r.id);
    let in_course: std::collections::HashSet<&str> =
        chain.iter().map(|c| c.rec.id.as_str()).collect();
    let mut course_sessions: Vec<_> = folder
        .sessions
        .iter()
        .filter(|s| in_course.contains(s.rec.prescription.as_str()))
        .collect();
    course_sessions.sort_by(|a, b| {
        (a.rec.date, a.rec.start, &a.rec.id).cmp(&(b.rec.date, b.rec.start, &b.rec.id))
    });
    let sessions: Vec<_> = course_sessions
        .iter()
        .copied()
        .filter(|s| s.rec.prescription == r.id)
        .collect();
    // Visit counts are over the whole prescription; rows honour --since.
    let completed: Vec<_> = sessions.iter().filter(|s| s.rec.completed()).collect();
    let count = |status: Status| {
        sessions
            .iter()
            .filter(|s| !s.rec.is_void() && s.rec.status == status)
            .count() as u32
    };
    let course = (chain.len() > 1).then(|| Course {
        prescriptions: chain.iter().map(|c| c.rec.id.clone()).collect(),
        first_issued: chain[0].rec.issued,
        visits_prescribed: chain.iter().map(|c| c.rec.visits).sum(),
        visits_completed: course_sessions.iter().filter(|s| s.rec.completed()).count() as u32,
    });
    let done = completed.len() as u32;
    let minutes: Vec<u32> = completed.iter().filter_map(|s| s.rec.minutes).collect();
    let first = completed.first().map(|s| s.rec.date);
    let last = completed.last().map(|s| s.rec.date);
    let per_week_achieved = match (first, last) {
        (Some(f), Some(l)) if done > 0 => {
            let weeks = (((l - f).num_days() + 1) as f64 / 7.0).max(1.0);
            Some(round1(done as f64 / weeks))
        }
        _ => None,
    };
    let visits = Visits {
        prescribed: r.visits,
        completed: done,
        remaining: r.visits.saturating_sub(done),
        cancelled: count(Status::Cancelled),
        no_show: count(Status::NoShow),
        voided: sessions.iter().filter(|s| s.rec.is_void()).count() as u32,
        first,
        last,
        average_minutes: (!minutes.is_empty())
            .then(|| round1(minutes.iter().sum::<u32>() as f64 / minutes.len() as f64)),
        per_week: per_week_achieved,
        prescribed_per_week: r.frequency.map(|f| f.per_week()),
    };

    let shown: Vec<_> = course_sessions
        .iter()
        .filter(|s| since.is_none_or(|d| s.rec.date >= d))
        .collect();
    let rows = shown
        .iter()
        .map(|s| SessionRow {
            id: s.rec.id.clone(),
            prescription: s.rec.prescription.clone(),
            date: s.rec.date,
            minutes: s.rec.minutes,
            units: s.rec.minutes.filter(|_| s.rec.completed()).map(units),
            status: s.rec.status_word(),
            regions: s.rec.regions.clone(),
            techniques: s.rec.techniques.clone(),
            pain_before: s.rec.pain_before,
            pain_after: s.rec.pain_after,
            overridden: s.rec.has_override(),
        })
        .collect();

    let series: Vec<PainPoint> = shown
        .iter()
        .filter(|s| s.rec.completed())
        .filter_map(|s| {
            s.rec.pain_before.map(|before| PainPoint {
                date: s.rec.date,
                before,
                after: s.rec.pain_after,
            })
        })
        .collect();
    let reliefs: Vec<f64> = shown
        .iter()
        .filter(|s| s.rec.completed())
        .filter_map(|s| Some(f64::from(s.rec.pain_before?) - f64::from(s.rec.pain_after?)))
        .collect();
    let first_pain = series.first().map(|p| p.before);
    let last_pain = series.last().map(|p| p.before);
    let pain = Pain {
        first: first_pain,
        last: last_pain,
        change: first_pain
            .zip(last_pain)
            .filter(|_| series.len() > 1)
            .map(|(f, l)| i32::from(l) - i32::from(f)),
        average_relief: (!reliefs.is_empty())
            .then(|| round1(reliefs.iter().sum::<f64>() / reliefs.len() as f64)),
        series,
    };

    // Every finding `check` gives for this prescription and its sessions.
    let files: std::collections::HashSet<&str> = chain
        .iter()
        .map(|c| c.file.as_str())
        .chain(std::iter::once(rx.file.as_str()))
        .chain(course_sessions.iter().map(|s| s.file.as_str()))
        .collect();
    let findings: Vec<Diagnostic> = review
        .findings
        .iter()
        .filter(|d| files.contains(&d.file.as_str()))
        .cloned()
        .collect();

    let overrides = course_sessions
        .iter()
        .flat_map(|s| {
            let named = s.rec.overrides.iter().map(|o| Override {
                session: s.rec.id.clone(),
                date: o.date,
                findings: o.findings.clone(),
                reason: o.reason.clone(),
            });
            let plain = s
                .rec
                .override_reason
                .iter()
                .filter(|_| s.rec.overrides.is_empty())
                .map(|reason| Override {
                    session: s.rec.id.clone(),
                    date: s.rec.date,
                    findings: Vec::new(),
                    reason: reason.clone(),
                });
            named.chain(plain)
        })
        .collect();
    let latest_soap = course_sessions
        .iter()
        .filter(|s| s.rec.completed())
        .rev()
        .find(|s| s.rec.soap.assessment.is_some() || s.rec.soap.plan.is_some())
        .map(|s| LatestSoap {
            session: s.rec.id.clone(),
            date: s.rec.date,
            assessment: s.rec.soap.assessment.clone(),
            plan: s.rec.soap.plan.clone(),
        });

    // One episode: a renewal's baseline is the course's first visit, and a
    // target restated by a later prescription replaces the earlier one.
    let measured: Vec<&crate::model::Session> = course_sessions.iter().map(|s| &s.rec).collect();
    let measures = crate::outcomes::series(&measured, &practice.vocab);
    let mut targets: Vec<crate::model::Target> = Vec::new();
    for c in chain.iter().rev() {
        for t in &c.rec.targets {
            if !targets.iter().any(|x| x.key == t.key) {
                targets.push(t.clone());
            }
        }
    }
    targets.reverse();
    let outcomes = crate::outcomes::outcomes(&measures, &targets, &practice.vocab);

    Ok(Report {
        practice: practice.settings.practice.name.clone(),
        therapist: practice.settings.practice.therapist.clone(),
        date: today,
        since,
        patient: PatientPart {
            id: p.id.clone(),
            name: p.name.clone(),
            birth_date: p.birth_date,
            age: p.birth_date.and_then(|b| age(b, today)),
            contraindications: p.contraindications.clone(),
        },
        prescription: RxPart {
            id: r.id.clone(),
            prescriber: Prescriber {
                name: r.prescriber.name.clone(),
                npi: r.prescriber.npi.clone(),
                phone: r.prescriber.phone.clone(),
            },
            issued: r.issued,
            expires,
            days_to_expiry: (expires - today).num_days(),
            diagnoses: r.diagnoses.clone(),
            regions: r.regions.clone(),
            techniques: r.techniques.clone(),
            frequency: r.frequency.map(|f| f.to_string()),
            minutes: r.minutes,
            precautions: r.precautions.clone(),
            goals: r.goals.clone(),
            avoid_regions: r.avoid_regions.clone(),
            avoid_techniques: r.avoid_techniques.clone(),
            renews: r.renews.clone(),
            closed: r.closed.clone(),
        },
        visits,
        sessions: rows,
        pain,
        findings,
        overrides,
        latest_soap,
        measures,
        outcomes,
        course,
    })
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// Pain 0-10 as a row of block characters, one per session.
pub fn sparkline(points: &[PainPoint]) -> String {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    points
        .iter()
        .map(|p| BARS[(usize::from(p.before.min(10)) * 7 + 5) / 10])
        .collect()
}

/// One section of the report as every human format shows it: a title,
/// `key: value` facts, an optional table and free paragraphs.
pub struct Section {
    pub title: &'static str,
    pub facts: Vec<(&'static str, String)>,
    pub table: Option<(Vec<&'static str>, Vec<Vec<String>>)>,
    pub paragraphs: Vec<String>,
}

impl Section {
    fn new(title: &'static str) -> Self {
        Section {
            title,
            facts: Vec::new(),
            table: None,
            paragraphs: Vec::new(),
        }
    }
    fn fact(&mut self, key: &'static str, value: impl Into<String>) -> &mut Self {
        self.facts.push((key, value.into()));
        self
    }
}

fn list_or_none(items: &[String]) -> String {
    if items.is_empty() {
        "none recorded".into()
    } else {
        items.join(", ")
    }
}

/// The report's seven sections in order, shared by the text, Markdown and
/// HTML renderers. `trend` is the pain trend as the format draws it.
pub fn outline(r: &Report, trend: Option<String>) -> Vec<Section> {
    let mut out = Vec::new();

    let mut head = Section::new("Patient");
    head.fact("Practice", &r.practice)
        .fact("Therapist", or_missing(r.therapist.as_ref()))
        .fact("Report date", r.date.to_string())
        .fact("Patient", &r.patient.name)
        .fact(
            "Age",
            match (r.patient.age, r.patient.birth_date) {
                (Some(a), Some(b)) => format!("{a} (born {b})"),
                _ => "not recorded".into(),
            },
        )
        .fact("Patient id", &r.patient.id);
    if let Some(since) = r.since {
        head.fact("Sessions since", since.to_string());
    }
    out.push(head);

    let rx = &r.prescription;
    let mut p = Section::new("Prescription");
    let mut prescriber = rx.prescriber.name.clone();
    if let Some(npi) = &rx.prescriber.npi {
        prescriber.push_str(&format!(", NPI {npi}"));
    }
    if let Some(phone) = &rx.prescriber.phone {
        prescriber.push_str(&format!(", {phone}"));
    }
    let diagnoses: Vec<String> = rx
        .diagnoses
        .iter()
        .map(|d| match &d.text {
            Some(t) => format!("{} {t}", d.code),
            None => d.code.clone(),
        })
        .collect();
    p.fact("Prescription", &rx.id)
        .fact("Prescriber", prescriber)
        .fact("Issued", rx.issued.to_string())
        .fact(
            "Expires",
            format!("{} ({})", rx.expires, expiry_words(rx.days_to_expiry)),
        )
        .fact("Diagnoses", list_or_none(&diagnoses))
        .fact("Regions", rx.regions.join(", "))
        .fact("Techniques", rx.techniques.join(", "))
        .fact("Frequency", or_missing(rx.frequency.as_ref()))
        .fact("Minutes", or_missing(rx.minutes))
        .fact("Precautions", or_missing(rx.precautions.as_ref()));
    if !rx.avoid_regions.is_empty() || !rx.avoid_techniques.is_empty() {
        let mut avoid = rx.avoid_regions.clone();
        avoid.extend(rx.avoid_techniques.iter().cloned());
        p.fact("Avoid", avoid.join(", "));
    }
    if let Some(course) = &r.course {
        p.fact(
            "Course",
            format!(
                "{} (renewals since {}: {} of {} visits completed)",
                course.prescriptions.join(" -> "),
                course.first_issued,
                course.visits_completed,
                course.visits_prescribed
            ),
        );
    }
    if let Some(c) = &rx.closed {
        let note = c
            .note
            .as_ref()
            .map(|n| format!(": {n}"))
            .unwrap_or_default();
        p.fact(
            "Closed",
            format!("{} ({}){note}", c.date, c.reason.as_str()),
        );
    }
    p.fact("Goals", list_or_none(&rx.goals)).fact(
        "Contraindications",
        list_or_none(&r.patient.contraindications),
    );
    out.push(p);

    let v = &r.visits;
    let mut visits = Section::new("Visits");
    visits
        .fact(
            "Completed",
            format!("{} of {} prescribed", v.completed, v.prescribed),
        )
        .fact("Remaining", v.remaining.to_string())
        .fact("Cancelled", v.cancelled.to_string())
        .fact("No-shows", v.no_show.to_string());
    if v.voided > 0 {
        visits.fact("Voided (recorded in error)", v.voided.to_string());
    }
    visits
        .fact("First visit", or_missing(v.first))
        .fact("Last visit", or_missing(v.last))
        .fact("Average minutes", or_missing(v.average_minutes))
        .fact(
            "Visits per week",
            match (v.per_week, v.prescribed_per_week, &rx.frequency) {
                (Some(a), Some(p), Some(f)) => format!("{a} achieved, {p} prescribed ({f})"),
                (Some(a), None, Some(f)) => format!("{a} achieved; prescribed \"{f}\""),
                (Some(a), _, None) => format!("{a} achieved; no frequency prescribed"),
                (None, ..) => "no completed visits".into(),
            },
        );
    out.push(visits);

    let mut sessions = Section::new("Sessions");
    let several = r.course.is_some();
    let rows = r
        .sessions
        .iter()
        .map(|s| {
            let mut row = vec![
                s.date.to_string(),
                s.minutes.map_or("-".into(), |m| m.to_string()),
                s.units.map_or("-".into(), |u| u.to_string()),
                s.regions.join(", "),
                s.techniques.join(", "),
                pain_pair(s.pain_before, s.pain_after),
                if s.overridden {
                    format!("{} (override)", s.status)
                } else {
                    s.status.to_string()
                },
            ];
            if several {
                row.push(s.prescription.clone());
            }
            row
        })
        .collect::<Vec<_>>();
    if rows.is_empty() {
        sessions
            .paragraphs
            .push("No sessions recorded for this prescription.".into());
    } else {
        let mut head = vec![
            "Date",
            "Min",
            "Units",
            "Regions",
            "Techniques",
            "Pain",
            "Status",
        ];
        if several {
            head.push("Rx");
        }
        sessions.table = Some((head, rows));
        sessions.paragraphs.push(
            "Units: CMS 8-minute rule for timed 15-minute codes. A dash means not recorded.".into(),
        );
    }
    out.push(sessions);

    let pn = &r.pain;
    let mut pain = Section::new("Pain");
    pain.fact("First (before treatment)", or_missing(pn.first))
        .fact("Latest (before treatment)", or_missing(pn.last))
        .fact(
            "Change",
            match pn.change {
                Some(c) => format!("{c:+}"),
                None => "not enough pain scores recorded".into(),
            },
        )
        .fact("Average relief in a session", or_missing(pn.average_relief));
    if let Some(t) = trend {
        pain.fact("Trend", t);
    }
    out.push(pain);

    let mut c = Section::new("Compliance");
    if r.findings.is_empty() {
        c.paragraphs.push(format!(
            "All {} sessions within the prescription.",
            r.visits.completed
        ));
    } else {
        for d in &r.findings {
            let at = if d.line > 0 {
                format!("{}:{}:{}", d.file, d.line, d.column)
            } else {
                d.file.clone()
            };
            c.paragraphs.push(format!(
                "{}[{}]: {} ({at})",
                d.severity_word(),
                d.code.as_str(),
                d.message
            ));
        }
    }
    for o in &r.overrides {
        let what = if o.findings.is_empty() {
            String::new()
        } else {
            format!(" for {}", o.findings.join(", "))
        };
        c.paragraphs.push(format!(
            "Override on {} (session {}){what}: {}",
            o.date, o.session, o.reason
        ));
    }
    out.push(c);

    let mut soap = Section::new("Latest assessment and plan");
    match &r.latest_soap {
        Some(s) => {
            soap.fact("Session", format!("{} ({})", s.date, s.session))
                .fact("Assessment", or_missing(s.assessment.as_ref()))
                .fact("Plan", or_missing(s.plan.as_ref()));
        }
        None => soap
            .paragraphs
            .push("No assessment or plan recorded.".into()),
    }
    out.push(soap);
    out
}

pub fn or_missing<T: ToString>(v: Option<T>) -> String {
    v.map_or_else(|| "not recorded".to_string(), |v| v.to_string())
}

pub fn pain_pair(before: Option<u8>, after: Option<u8>) -> String {
    match (before, after) {
        (None, None) => "-".into(),
        (b, a) => format!(
            "{} -> {}",
            b.map_or("-".into(), |v| v.to_string()),
            a.map_or("-".into(), |v| v.to_string())
        ),
    }
}

#[cfg(test)]
mod tests {
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
            assert_eq!(units(m), u, "{m} minutes");
        }
    }

    #[test]
    fn ages() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        assert_eq!(age(d("1980-11-24"), d("2026-11-23")), Some(45));
        assert_eq!(age(d("1980-11-23"), d("2026-11-23")), Some(46));
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
