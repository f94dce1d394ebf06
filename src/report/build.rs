//! The report built from a patient's folder: which prescription it is about
//! (pick_rx), and the letter's and the appendix's data in a few named steps.

use super::*;
use crate::billing;
use crate::check::review::Review;
use crate::check::rules;
use crate::course;
use crate::diag::Diagnostic;
use crate::model;
use crate::model::Excuse;
use crate::model::Status;
use crate::outcomes;
use crate::practice::Practice;
use crate::records::PatientFolder;
use crate::vocab;
use chrono::NaiveDate;

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
pub(super) fn others(
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
    let mut days: std::collections::BTreeMap<NaiveDate, Vec<billing::ServiceLine>> =
        billing::by_date(shown.iter().map(|s| &s.rec), &practice.settings.billing)
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
    let measured: Vec<&model::Session> = course_sessions.iter().map(|s| &s.rec).collect();
    let measures = outcomes::series(&measured, &practice.vocab);
    let mut targets: Vec<model::Target> = Vec::new();
    for c in chain.iter().rev() {
        for t in &c.rec.targets {
            if !targets.iter().any(|x| x.key == t.key) {
                targets.push(t.clone());
            }
        }
    }
    targets.reverse();
    let outcomes = outcomes::outcomes(&measures, &targets, &practice.vocab);

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
                Some(Excuse::Named(o)) => Some(o.reason.clone()),
                Some(Excuse::Unspecific) => s.rec.override_reason.clone(),
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
pub(super) fn deviation_words(
    key: &str,
    rx: &model::Prescription,
    vocab: &vocab::Vocabulary,
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
pub(super) fn compliance_sentence(done: u32, within: u32, deviations: &[Deviation]) -> String {
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
pub(super) fn summary_paragraph(
    name: &str,
    rx: &model::Prescription,
    v: &Visits,
    course: Option<&Course>,
    vocab: &vocab::Vocabulary,
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

pub(super) fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}
