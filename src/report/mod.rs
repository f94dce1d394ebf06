//! The doctor follow-up report as data: one patient, one prescription, what
//! was done and how the patient responded. Renderers (text, Markdown, HTML)
//! and JSON all work from [`Report`]; no number is invented, so a value that
//! was never recorded stays `None` and is shown as "not recorded".

pub mod bodymap;
pub mod html;
pub mod letter;
pub mod markdown;
pub mod pdf;

use crate::check::rules;
use crate::course;
use crate::vocab::icd;
use crate::vocab::measures;
use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::check::review::Review;
use crate::course::expiry_words;
use crate::diag::Diagnostic;
use crate::model::PatientFolder;
use crate::model::{Diagnosis, Status};
use crate::practice::Practice;

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
    pub measures: Vec<crate::outcomes::Series>,
    /// Each measure and target scored: baseline (the course's first
    /// measurement) -> latest -> target, change, MCID, progress.
    pub outcomes: Vec<crate::outcomes::Outcome>,
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
    /// The service codes and units of the session's date of service (CMS:
    /// the timed minutes of one date count together), on the day's first
    /// completed session; empty on the others.
    pub units: Vec<crate::billing::ServiceLine>,
    /// `completed`, `cancelled`, `no-show`, or `entered-in-error` once voided.
    pub status: &'static str,
    pub regions: Vec<String>,
    pub techniques: Vec<String>,
    pub pain_before: Option<u8>,
    pub pain_after: Option<u8>,
    /// What was measured that visit.
    pub measures: Vec<crate::model::Measurement>,
    pub overridden: bool,
}

impl SessionRow {
    /// Voided as recorded in error: a visit that did not happen as
    /// written, so none of its clinical contents are shown or counted.
    pub fn is_void(&self) -> bool {
        self.status == crate::model::VOID_STATUS
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

/// Picks the prescription: `--rx`, else the one in force today with visits
/// left (the latest issued, if several), else the latest in force, else the
/// most recently issued.
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
    let active = |i: usize| {
        let r = &folder.prescriptions[i].rec;
        course::status(r, course::visits_used(folder, &r.id), rules, today)
            == course::RxStatus::Active
    };
    latest(&active)
        .or_else(|| latest(&|i| folder.prescriptions[i].rec.in_force(rules, today)))
        .or_else(|| latest(&|_| true))
        .ok_or(Missing::NoPrescriptions)
}

/// The prescriptions a report did not pick that a reader may have meant:
/// those in force today, and those issued after the one picked.
fn others(
    folder: &PatientFolder,
    practice: &Practice,
    picked: usize,
    today: NaiveDate,
) -> Vec<OtherRx> {
    let rules = &practice.settings.rules;
    let chosen = &folder.prescriptions[picked].rec;
    let mut out: Vec<OtherRx> = folder
        .prescriptions
        .iter()
        .enumerate()
        .filter(|(i, r)| {
            *i != picked && (r.rec.in_force(rules, today) || r.rec.issued > chosen.issued)
        })
        .map(|(_, r)| {
            let st = course::of(&r.rec, folder, rules, today);
            OtherRx {
                id: st.id,
                issued: st.issued,
                status: st.status.as_str(),
                used: st.used,
                visits: st.visits,
            }
        })
        .collect();
    out.sort_by(|a, b| (a.issued, &a.id).cmp(&(b.issued, &b.id)));
    out
}

pub fn build(
    practice: &Practice,
    review: &Review,
    rx_index: usize,
    today: NaiveDate,
    since: Option<NaiveDate>,
    recommendation: Option<Recommendation>,
) -> Result<Report, Missing> {
    let folder = &review.folder;
    let patient = folder.patient.as_ref().ok_or(Missing::Patient)?;
    let p = &patient.rec;
    let rx = &folder.prescriptions[rx_index];
    let r = &rx.rec;
    let expires = r.expiry(&practice.settings.rules);

    // The course: this prescription with the ones it renews and that renew it.
    let chain = course::episode(folder, &r.id);
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
    let mut days: std::collections::BTreeMap<NaiveDate, Vec<crate::billing::ServiceLine>> =
        crate::billing::by_date(shown.iter().map(|s| &s.rec), &practice.settings.billing)
            .into_iter()
            .map(|d| (d.date, d.lines))
            .collect();
    let rows = shown
        .iter()
        .map(|s| SessionRow {
            id: s.rec.id.clone(),
            prescription: s.rec.prescription.clone(),
            date: s.rec.date,
            minutes: s.rec.minutes,
            units: if s.rec.completed() {
                days.remove(&s.rec.date).unwrap_or_default()
            } else {
                Vec::new()
            },
            status: s.rec.status_word(),
            regions: s.rec.regions.clone(),
            techniques: s.rec.techniques.clone(),
            pain_before: s.rec.pain_before,
            pain_after: s.rec.pain_after,
            measures: s.rec.measures.clone(),
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
        .filter(|d| files.contains(&d.file.as_str()) && !d.code.is_file_system())
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

    let vocab = &practice.vocab;
    let deviations: Vec<Deviation> = course_sessions
        .iter()
        .filter(|s| s.rec.completed())
        .filter_map(|s| {
            let keys: Vec<String> =
                rules::override_keys(findings.iter().filter(|d| d.file == s.file));
            if keys.is_empty() {
                return None;
            }
            let reason = keys.iter().find_map(|k| match s.rec.excuse(k) {
                Some(crate::model::Excuse::Named(o)) => Some(o.reason.clone()),
                Some(crate::model::Excuse::Unspecific) => s.rec.override_reason.clone(),
                None => None,
            });
            Some(Deviation {
                date: s.rec.date,
                session: s.rec.id.clone(),
                what: keys.iter().map(|k| deviation_words(k, r, vocab)).collect(),
                reason,
            })
        })
        .collect();
    let all_done = course.as_ref().map_or(done, |c| c.visits_completed);
    let within = all_done.saturating_sub(deviations.len() as u32);
    let compliance = compliance_sentence(all_done, within, &deviations);
    let settings = &practice.settings;
    let therapist_name = settings
        .practice
        .therapist
        .clone()
        .or_else(|| completed.iter().rev().find_map(|s| s.rec.therapist.clone()));
    let listed = therapist_name
        .as_deref()
        .and_then(|n| settings.therapist(n))
        .or_else(|| (settings.therapists.len() == 1).then(|| &settings.therapists[0]));
    let signature = Signature {
        name: listed.map(|t| t.name.clone()).or(therapist_name),
        credential: listed.and_then(|t| t.credential.clone()),
        license: listed.and_then(|t| t.license.clone()),
        npi: listed.and_then(|t| t.npi.clone()),
    };
    let assessed = course_sessions
        .iter()
        .filter(|s| s.rec.completed())
        .rev()
        .find(|s| s.rec.soap.assessment.is_some());
    let letter = Letter {
        from: Letterhead {
            practice: settings.practice.name.clone(),
            address: settings.practice.address.clone(),
            phone: settings.practice.phone.clone(),
            fax: settings.practice.fax.clone(),
        },
        to: Addressee {
            name: r.prescriber.name.clone(),
            credential: r.prescriber.credential.clone(),
            fax: r.prescriber.fax.clone(),
            phone: r.prescriber.phone.clone(),
            address: r.prescriber.address.clone(),
        },
        date: today,
        patient: p.name.clone(),
        birth_date: p.birth_date,
        diagnoses: r
            .diagnoses
            .iter()
            .map(|d| match &d.text {
                Some(t) => format!("{} {t}", d.code),
                None => d.code.clone(),
            })
            .collect(),
        within,
        completed: all_done,
        deviations,
        compliance,
        summary: summary_paragraph(&p.name, r, &visits, course.as_ref(), vocab),
        assessment: assessed.and_then(|s| s.rec.soap.assessment.clone()),
        assessed: assessed.map(|s| s.rec.date),
        recommendation,
        signature,
    };
    let other_prescriptions = others(folder, practice, rx_index, today);

    Ok(Report {
        letter,
        other_prescriptions,
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

/// A compliance finding, as an override names it (`wrong-side:
/// right-gluteal`), in a physician's words.
fn deviation_words(
    key: &str,
    rx: &crate::model::Prescription,
    vocab: &crate::vocab::Vocabulary,
) -> String {
    let (code, value) = key.split_once(": ").unwrap_or((key, ""));
    let region = || vocab.region_label(value).to_lowercase();
    let technique = || vocab.technique_in_sentence(value);
    match code {
        "region-not-prescribed" => format!("treated the {}, not prescribed", region()),
        "wrong-side" => format!(
            "treated the {} (the prescription names the other side)",
            region()
        ),
        "technique-not-prescribed" => format!("used {}, not prescribed", technique()),
        "avoided-region" => format!("treated the {}, which the prescription avoids", region()),
        "avoided-technique" => format!("used {}, which the prescription avoids", technique()),
        "visits-exceeded" => format!("a visit beyond the {} prescribed", rx.visits),
        "before-issue" => "a visit before the prescription was issued".into(),
        "after-expiry" => "a visit after the prescription expired".into(),
        "after-close" => "a visit after discharge".into(),
        "frequency-exceeded" => match rx.frequency {
            Some(f) => format!("more visits than {f}"),
            None => "more visits than the prescribed frequency".into(),
        },
        "same-day-visit" => "a second visit the same day".into(),
        "minutes-exceeded" => match rx.minutes {
            Some(m) => format!("longer than the {m} minutes prescribed"),
            None => "longer than the minutes prescribed".into(),
        },
        other => other.replace('-', " "),
    }
}

/// One sentence: all sessions within the prescription, or each deviation
/// with its recorded reason.
fn compliance_sentence(done: u32, within: u32, deviations: &[Deviation]) -> String {
    if deviations.is_empty() {
        return match done {
            0 => "No visits have been completed yet.".into(),
            1 => "The one session so far was within the prescription.".into(),
            n => format!("All {n} sessions were within the prescription."),
        };
    }
    // Three are said in full; more are counted, and listed in the appendix.
    let each: Vec<String> = deviations
        .iter()
        .take(3)
        .map(|d| {
            let why = match &d.reason {
                Some(r) => format!(" (reason recorded: {})", r.trim().trim_end_matches('.')),
                None => " (no reason recorded)".into(),
            };
            format!("on {} the session {}{why}", d.date, d.what.join(" and "))
        })
        .collect();
    let more = match deviations.len().saturating_sub(3) {
        0 => String::new(),
        n => format!("; and {n} more, listed in the appendix"),
    };
    format!(
        "{within} of {done} sessions were within the prescription; {}{more}.",
        each.join("; ")
    )
}

/// The course in one paragraph: period, visits of those allowed,
/// cancellations and no-shows, frequency achieved against prescribed.
fn summary_paragraph(
    name: &str,
    rx: &crate::model::Prescription,
    v: &Visits,
    course: Option<&Course>,
    vocab: &crate::vocab::Vocabulary,
) -> String {
    let regions: Vec<String> = rx
        .regions
        .iter()
        .map(|r| vocab.region_label(r).to_lowercase())
        .collect();
    let techniques: Vec<String> = rx
        .techniques
        .iter()
        .map(|t| vocab.technique_in_sentence(t))
        .collect();
    let mut s = format!(
        "Thank you for referring {name}. Your prescription of {} visits of {} to the {}, issued {}",
        rx.visits,
        techniques.join(", "),
        regions.join(", "),
        rx.issued
    );
    if let Some(f) = rx.frequency {
        s.push_str(&format!(" at {f}"));
    }
    s.push_str(". ");
    let were = if v.completed == 1 { "was" } else { "were" };
    match (v.first, v.last) {
        (Some(first), Some(last)) if first == last => s.push_str(&format!(
            "On {first}, {} of the {} visits {were} completed",
            v.completed, v.prescribed
        )),
        (Some(first), Some(last)) => s.push_str(&format!(
            "From {first} to {last}, {} of the {} visits {were} completed",
            v.completed, v.prescribed
        )),
        _ => s.push_str(&format!(
            "No visit has been completed of the {} prescribed",
            v.prescribed
        )),
    }
    let mut missed = Vec::new();
    if v.cancelled > 0 {
        missed.push(format!("{} cancelled", v.cancelled));
    }
    if v.no_show > 0 {
        missed.push(format!("{} missed without notice", v.no_show));
    }
    if !missed.is_empty() {
        s.push_str(&format!(" ({})", missed.join(", ")));
    }
    // A rate needs more than one visit to be one.
    match (v.per_week, v.prescribed_per_week) {
        (Some(a), Some(_)) if v.completed > 1 => s.push_str(&format!(
            ", {a} visits a week against the {} prescribed",
            rx.frequency.map(|f| f.to_string()).unwrap_or_default()
        )),
        (Some(a), None) if v.completed > 1 => s.push_str(&format!(", {a} visits a week")),
        _ => {}
    }
    s.push('.');
    if let Some(c) = course {
        s.push_str(&format!(
            " Over the whole course since {} ({} prescriptions, renewals included) {} of {} visits were completed.",
            c.first_issued,
            c.prescriptions.len(),
            c.visits_completed,
            c.visits_prescribed
        ));
    }
    s
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

/// A session's measurements in a table cell: `Left shoulder flexion (ROM) 130; NDI 18`.
fn measures_cell(ms: &[crate::model::Measurement], vocab: &crate::vocab::Vocabulary) -> String {
    ms.iter()
        .filter_map(|m| {
            let def = vocab.measure(&m.key.measure)?;
            Some(format!(
                "{} {}{}",
                crate::outcomes::label(&m.key, def, vocab),
                measures::number(m.value),
                crate::outcomes::unit_after(&def.unit)
            ))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The appendix's sections in order, shared by the text, Markdown, HTML
/// and PDF renderers. `trend` is the pain trend as the format draws it.
pub fn outline(
    r: &Report,
    vocab: &crate::vocab::Vocabulary,
    trend: Option<String>,
) -> Vec<Section> {
    let regions =
        |ids: &[String]| -> Vec<String> { ids.iter().map(|i| vocab.region_label(i)).collect() };
    let techniques =
        |ids: &[String]| -> Vec<String> { ids.iter().map(|i| vocab.technique_label(i)).collect() };
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
        .map(|d| {
            // The release's description; the prescriber's own words after it
            // when they say something else.
            let official = icd::description(&d.code);
            let mut line = match official.or(d.text.as_deref()) {
                Some(t) => format!("{} {t}", d.code),
                None => d.code.clone(),
            };
            if let (Some(_), Some(t)) = (official, &d.text)
                && Some(t.as_str()) != official
            {
                line.push_str(&format!(" (noted: {t})"));
            }
            line
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
        .fact("Regions", regions(&rx.regions).join(", "))
        .fact("Techniques", techniques(&rx.techniques).join(", "))
        .fact("Frequency", or_missing(rx.frequency.as_ref()))
        .fact("Minutes", or_missing(rx.minutes))
        .fact("Precautions", or_missing(rx.precautions.as_ref()));
    if !rx.avoid_regions.is_empty() || !rx.avoid_techniques.is_empty() {
        let mut avoid = regions(&rx.avoid_regions);
        avoid.extend(techniques(&rx.avoid_techniques));
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
    if let Some(note) = letter::others_note(r) {
        p.fact("Other prescriptions", note);
    }
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
                if s.units.is_empty() {
                    "-".to_string()
                } else {
                    s.units
                        .iter()
                        .map(|l| format!("{} x{}", l.code, l.units))
                        .collect::<Vec<_>>()
                        .join(", ")
                },
                regions(&s.regions).join(", "),
                techniques(&s.techniques).join(", "),
                pain_pair(s.pain_before, s.pain_after),
                measures_cell(&s.measures, vocab),
                if s.overridden {
                    format!("{} (override)", s.status)
                } else {
                    s.status.to_string()
                },
            ];
            if s.is_void() {
                // The date and the id, that it was voided, and nothing of
                // what it recorded: the visit did not happen as written.
                row = vec![
                    s.date.to_string(),
                    "-".into(),
                    "-".into(),
                    format!("voided: session {} was entered in error", s.id),
                    String::new(),
                    "-".into(),
                    String::new(),
                    s.status.to_string(),
                ];
            }
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
            "Measures",
            "Status",
        ];
        if several {
            head.push("Rx");
        }
        sessions.table = Some((head, rows));
        sessions.paragraphs.push(
            "Units: service code and units per date of service, on the day's first visit: the CMS 8-minute rule over the day's timed minutes together; 97010 (hot or cold pack) is untimed, one unit. A dash means none.".into(),
        );
    }
    out.push(sessions);

    let mut measures = Section::new("Measures");
    if r.measures.is_empty() {
        measures.paragraphs.push("No measurements recorded.".into());
    } else {
        let rows = r
            .measures
            .iter()
            .map(|m| {
                let values: Vec<String> = m
                    .points
                    .iter()
                    .map(|p| format!("{} {}", p.date.format("%m-%d"), measures::number(p.value)))
                    .collect();
                vec![
                    m.label.clone(),
                    measures::unit_word(&m.unit),
                    values.join(", "),
                ]
            })
            .collect();
        measures.table = Some((vec!["Measure", "Unit", "Date (month-day) and value"], rows));
    }
    out.push(measures);

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
    // Each deviation once: an overridden finding is shown by its override,
    // whose reason the letter quotes.
    let excused = |d: &Diagnostic| {
        d.code.is_compliance()
            && d.severity == crate::diag::Severity::Warning
            && r.overrides
                .iter()
                .any(|o| d.file.ends_with(&format!("/{}.toml", o.session)))
    };
    for d in r.findings.iter().filter(|d| !excused(d)) {
        c.paragraphs
            .push(format!("{}: {}", d.severity_word(), d.message));
    }
    for o in &r.overrides {
        c.paragraphs.push(format!(
            "Override recorded {} for the visit of {}: {}",
            o.date,
            r.sessions
                .iter()
                .find(|s| s.id == o.session)
                .map_or_else(|| o.session.clone(), |s| s.date.to_string()),
            o.reason
        ));
    }
    if c.paragraphs.is_empty() {
        c.paragraphs.push(r.letter.compliance.clone());
    }
    out.push(c);

    let mut soap = Section::new("Latest assessment and plan");
    match &r.latest_soap {
        Some(s) => {
            soap.fact("Session", s.date.to_string())
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
            "{} → {}",
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
            assert_eq!(crate::billing::units(m), u, "{m} minutes");
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
