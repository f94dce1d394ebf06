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
use crate::model::Frequency;
use crate::model::Status;
use crate::outcomes;
use crate::practice::Practice;
use crate::records::PatientFolder;
use crate::vocab;
use crate::vocab::flags::flag_of;
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
        course::status(folder, r, course::visits_used(folder, &r.id), rules, today)
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
    let rules = &practice.settings.rules;
    let expires = r.expiry(rules);

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
        issued: chain.iter().map(|c| c.rec.issued).collect(),
        first_issued: chain[0].rec.issued,
        visits_prescribed: chain.iter().map(|c| c.rec.visits).sum(),
        visits_completed: course_sessions.iter().filter(|s| s.rec.completed()).count() as u32,
    });
    let done = completed.len() as u32;
    let minutes: Vec<u32> = completed.iter().filter_map(|s| s.rec.minutes).collect();
    let first = completed.first().map(|s| s.rec.date);
    let last = completed.last().map(|s| s.rec.date);
    // Counted by calendar weeks, as `frequency-exceeded` counts them: two
    // visits in each of three weeks is 2 a week, whatever the weekdays.
    let week_starts = practice.settings.rules.week_starts;
    // A rate of several weeks (`1x/2 weeks`) in its own periods likewise.
    let per_week_achieved = match (first, last) {
        (Some(f), Some(l)) if done > 0 => {
            let weeks = match r.frequency.as_ref().map(|x| x.phases.as_slice()) {
                Some([one]) => phase_weeks(&one.rate, f, l, week_starts),
                _ => {
                    let start = |d: NaiveDate| model::Per::Week.period_start(d, week_starts);
                    ((start(l) - start(f)).num_days() / 7 + 1) as f64
                }
            };
            Some(round1(done as f64 / weeks.max(1.0)))
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
        prescribed_per_week: r.frequency.as_ref().and_then(|f| f.per_week()),
        phases: match (&r.frequency, first, last) {
            (Some(f), Some(first), Some(last)) if f.phases.len() > 1 => {
                let dates: Vec<NaiveDate> = completed.iter().map(|s| s.rec.date).collect();
                phase_visits(f, first, last, &dates, week_starts)
            }
            _ => Vec::new(),
        },
    };

    let shown: Vec<_> = course_sessions
        .iter()
        .filter(|s| since.is_none_or(|d| s.rec.date >= d))
        .collect();
    // A date of service is the patient's: the day's units count the
    // visits of every prescription of the patient, not of this course alone.
    let mut days: std::collections::BTreeMap<NaiveDate, billing::DateOfService> = billing::by_date(
        folder
            .sessions
            .iter()
            .map(|s| &s.rec)
            .filter(|s| since.is_none_or(|d| s.date >= d)),
        &practice.settings.billing,
    )
    .into_iter()
    .map(|d| (d.date, d))
    .collect();
    let rows = shown
        .iter()
        .map(|s| {
            let day = s
                .rec
                .completed()
                .then(|| days.remove(&s.rec.date))
                .flatten();
            SessionRow {
                id: s.rec.id.clone(),
                prescription: s.rec.prescription.clone(),
                date: s.rec.date,
                minutes: s.rec.minutes,
                units: day.as_ref().map(|d| d.lines.clone()).unwrap_or_default(),
                billed_with: day
                    .map(|d| {
                        d.prescriptions
                            .into_iter()
                            .filter(|p| !in_course.contains(p.as_str()))
                            .collect()
                    })
                    .unwrap_or_default(),
                status: s.rec.status_word(),
                regions: s.rec.regions.clone(),
                techniques: s.rec.techniques.clone(),
                pain_before: s.rec.pain_before,
                pain_after: s.rec.pain_after,
                measures: s.rec.measures.clone(),
                overridden: s.rec.has_override(),
            }
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
    // The period: since the last report recorded to the prescriber for this
    // course (before today: one recorded today is this letter), or --since.
    let last_report = folder
        .reports
        .iter()
        .filter(|x| in_course.contains(x.rec.prescription.as_str()) && x.rec.date < today)
        .map(|x| x.rec.date)
        .max();
    let course_start = chain.first().map_or(r.issued, |c| c.rec.issued);
    let period_from = since
        .or_else(|| last_report.and_then(|d| d.succ_opt()))
        .unwrap_or(course_start);
    let period = Period {
        from: period_from,
        to: today,
        last_report,
        course_start,
        visits: course_sessions
            .iter()
            .filter(|s| s.rec.completed() && s.rec.date >= period_from && s.rec.date <= today)
            .count() as u32,
    };
    let outcomes = outcomes::outcomes(&measures, &targets, &practice.vocab, last_report);
    let precaution_measures = precaution_measures(
        &outcomes,
        [r.precautions.as_deref()]
            .into_iter()
            .flatten()
            .chain(p.contraindications.iter().map(String::as_str)),
        &practice.vocab,
    );

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
    let compliance = compliance_sentence(all_done, within, &deviations, &r.prescriber.name);
    let compliance_short = compliance_summary(all_done, within, &deviations, &r.prescriber.name);
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
    // The patient's own words: the latest of the reporting period.
    let told = course_sessions
        .iter()
        .filter(|s| s.rec.completed() && s.rec.date >= period.from)
        .rev()
        .find(|s| s.rec.soap.subjective.is_some());
    let state = course::status(folder, r, done, rules, today);
    let home_programme = super::home::programme(
        &super::home::rows(course_sessions.iter().map(|s| &s.rec)),
        state == course::RxStatus::Closed,
        vocab,
    );
    let visits_left = r.visits.saturating_sub(done);
    let precaution_worse = outcomes
        .iter()
        .find(|o| precaution_measures.contains(&o.key) && any_worse(o))
        .map(|o| super::letter::in_sentence(&o.label));
    let recommendation = super::request::decide(
        recommendation,
        &super::request::Situation {
            rx: r,
            state,
            today,
            expires,
            last_day: course::last_day(folder, r, rules),
            visits_left,
            outcomes: &outcomes,
            precaution_worse,
            within_days: i64::from(settings.alerts.within_days),
            low_visits: settings.alerts.visits_left,
        },
    )
    .map_err(Missing::Refused)?;
    let letter = Letter {
        from: Letterhead {
            practice: settings.practice.name.clone(),
            address: settings.practice.address.clone(),
            phone: settings.practice.phone.clone(),
            fax: settings.practice.fax.clone(),
        },
        to: r.prescriber.clone(),
        date: today,
        patient: p.name.clone(),
        birth_date: p.birth_date,
        safety: super::safety::line(folder, today, vocab),
        diagnoses: r.diagnoses.iter().map(diagnosis_words).collect(),
        within,
        completed: all_done,
        deviations,
        compliance,
        compliance_short,
        summary: summary_paragraph(&p.name, r, &visits, course.as_ref(), vocab),
        assessment: assessed.and_then(|s| s.rec.soap.assessment.clone()),
        assessed: assessed.map(|s| s.rec.date),
        subjective: told.and_then(|s| s.rec.soap.subjective.clone()),
        subjective_date: told.map(|s| s.rec.date),
        home_programme,
        state,
        expires,
        visits_prescribed: r.visits,
        visits_left,
        closed: r.closed.clone(),
        renewed_by: course::renewed_by(folder, &r.id).map(|x| x.rec.id.clone()),
        period,
        goals: r.goals.clone(),
        precaution_measures,
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
            avoid_regions: p
                .avoid_regions
                .iter()
                .chain(
                    p.clearances
                        .iter()
                        .filter(|c| c.in_force(today))
                        .flat_map(|c| &c.avoid_regions),
                )
                .cloned()
                .collect(),
        },
        prescription: RxPart {
            id: r.id.clone(),
            prescriber: r.prescriber.clone(),
            issued: r.issued,
            expires,
            days_to_expiry: (expires - today).num_days(),
            expires_by_default: r.default_expiry_days(&practice.settings.rules),
            course: course::course(folder, r),
            order: r.order.clone(),
            diagnoses: r.diagnoses.clone(),
            regions: r.regions.clone(),
            techniques: r.techniques.clone(),
            frequency: r.frequency.as_ref().map(|f| f.to_string()),
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
        home_care: super::home::rows(shown.iter().map(|s| &s.rec)),
        measures,
        outcomes,
        course,
    })
}

/// A diagnosis as page one names it: the code and its official ICD-10-CM
/// title, the prescriber's own words in brackets where they differ; the
/// prescriber's words alone for a code the release does not know.
pub(super) fn diagnosis_words(d: &model::Diagnosis) -> String {
    let own = d.text.as_deref().map(str::trim).filter(|t| !t.is_empty());
    match (vocab::icd::description(&d.code), own) {
        (Some(title), Some(own)) if !own.eq_ignore_ascii_case(title) => {
            format!("{} {title} ({own})", d.code)
        }
        (Some(title), _) => format!("{} {title}", d.code),
        (None, Some(own)) => format!("{} {own}", d.code),
        (None, None) => format!("{} (not in the ICD-10-CM release mmx carries)", d.code),
    }
}

/// Words in the precautions or contraindications that bear on a measure:
/// a swelling, clot or lymphoedema history on a circumference.
const SWELLING_WORDS: &[&str] = &[
    "dvt",
    "thrombo",
    "clot",
    "embol",
    "swell",
    "edema",
    "oedema",
    "lymphedema",
    "lymphoedema",
];

/// The measures the precautions or contraindications bear on: a
/// circumference where they speak of swelling or clots, and any measure of
/// a site they name.
pub(super) fn precaution_measures<'a>(
    outcomes: &[outcomes::Outcome],
    texts: impl Iterator<Item = &'a str>,
    vocab: &vocab::Vocabulary,
) -> Vec<vocab::measures::MeasureKey> {
    let text = texts.collect::<Vec<_>>().join(" ").to_lowercase();
    if text.trim().is_empty() {
        return Vec::new();
    }
    outcomes
        .iter()
        .filter(|o| {
            let swelling =
                o.key.measure == "circumference" && SWELLING_WORDS.iter().any(|w| text.contains(w));
            let site = o
                .key
                .site
                .as_deref()
                .is_some_and(|s| text.contains(&vocab.region_label(s).to_lowercase()));
            swelling || site
        })
        .map(|o| o.key.clone())
        .collect()
}

/// Worse than the baseline or than at the last report, by any amount: for
/// a measure the precautions name, where any worsening is told.
pub(super) fn any_worse(o: &outcomes::Outcome) -> bool {
    let worse = |from: &outcomes::Point, to: &outcomes::Point| match o.better {
        vocab::measures::Better::Higher => to.value < from.value,
        vocab::measures::Better::Lower => to.value > from.value,
    };
    let latest = o.latest.as_ref();
    o.flagged()
        || o.baseline
            .as_ref()
            .zip(latest)
            .is_some_and(|(b, l)| worse(b, l))
        || o.at_report
            .as_ref()
            .zip(latest)
            .is_some_and(|(b, l)| worse(b, l))
}

/// A compliance finding, as an override names it (`wrong-side:
/// right-gluteal`), as what the session did, in a physician's words: the
/// letter writes "the session " before it.
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
        "home-care-avoided-region" => {
            format!(
                "gave home care for the {}, which is to be avoided",
                region()
            )
        }
        "visits-exceeded" => format!("went beyond the {} visits prescribed", rx.visits),
        "before-issue" => "came before the prescription was issued".into(),
        "after-expiry" => "came after the prescription expired".into(),
        "after-close" => "came after discharge".into(),
        "frequency-exceeded" => match &rx.frequency {
            Some(f) => format!("exceeded the {f} prescribed"),
            None => "exceeded the prescribed frequency".into(),
        },
        "same-day-visit" => "was a second visit the same day".into(),
        "screening-missing" => "had no health screening on file".into(),
        "screening-expired" => "had an out-of-date health screening".into(),
        "clearance-missing" => format!(
            "had no doctor's clearance for {}",
            flag_of(value).map_or(value.to_string(), |f| f.label.to_lowercase())
        ),
        "consent-missing" if value == "guardian" => "had no guardian's consent on file".into(),
        "consent-missing" => format!("treated the {} without a consent on file", region()),
        "minutes-exceeded" => match rx.minutes {
            Some(m) => format!("ran longer than the {m} minutes prescribed"),
            None => "ran longer than the minutes prescribed".into(),
        },
        other => format!("was flagged as {}", other.replace('-', " ")),
    }
}

/// `Nov 3`, `Nov 3 and Nov 10`, `Nov 3, Nov 10 and Nov 17`: the dates of
/// deviations said alike.
fn dates_words(dates: &[NaiveDate]) -> String {
    let each: Vec<String> = dates.iter().map(|d| long_date(*d)).collect();
    join_and(&each)
}

/// One sentence: all sessions within the prescription, or each kind of
/// deviation with its dates and its recorded reason (deviations that did
/// and were excused alike are said once).
pub(super) fn compliance_sentence(
    done: u32,
    within: u32,
    deviations: &[Deviation],
    prescriber: &str,
) -> String {
    if deviations.is_empty() {
        return match done {
            0 => "No visits have been completed yet.".into(),
            1 => "The one session so far was within the prescription.".into(),
            2 => "Both sessions were within the prescription.".into(),
            n => format!("All {n} sessions were within the prescription."),
        };
    }
    // Deviations alike (the same words and reason) are one clause.
    let mut groups: Vec<(String, Option<String>, Vec<NaiveDate>)> = Vec::new();
    for d in deviations {
        let what = d.words();
        let reason = d
            .reason
            .as_ref()
            .map(|r| r.trim().trim_end_matches('.').to_string());
        match groups.iter_mut().find(|g| g.0 == what && g.1 == reason) {
            Some(g) => g.2.push(d.date),
            None => groups.push((what, reason, vec![d.date])),
        }
    }
    // Three kinds are said in full; more are counted, the detail left to
    // the appendix.
    if groups.len() > 3 {
        return compliance_summary(done, within, deviations, prescriber);
    }
    let each: Vec<String> = groups
        .iter()
        .map(|(what, reason, dates)| {
            let why = match reason {
                Some(r) => format!(" (reason recorded: {r})"),
                None => " (no reason recorded)".into(),
            };
            match dates.as_slice() {
                [one] => format!("on {} the session {what}{why}", long_date(*one)),
                [first, .., last] if dates.len() > 3 => format!(
                    "the {} sessions from {} each {what}{why}",
                    dates.len(),
                    span_words(*first, *last)
                ),
                _ => format!("on {} each session {what}{why}", dates_words(dates)),
            }
        })
        .collect();
    format!(
        "{within} of {done} sessions were within the prescription; {}.",
        each.join("; ")
    )
}

/// The compliance counted, for a page one the full sentence would push
/// past its end: how many sessions went outside the prescription, how many
/// with a recorded reason, and where the detail is.
pub(super) fn compliance_summary(
    done: u32,
    within: u32,
    deviations: &[Deviation],
    prescriber: &str,
) -> String {
    if deviations.is_empty() {
        return compliance_sentence(done, within, deviations, prescriber);
    }
    let n = deviations.len();
    let excused = deviations.iter().filter(|d| d.reason.is_some()).count();
    let sessions = if n == 1 { "session" } else { "sessions" };
    let (first, last) = (deviations[0].date, deviations[n - 1].date);
    let when = if first == last {
        format!("on {}", long_date(first))
    } else {
        format!("from {}", span_words(first, last))
    };
    let reasons = match (excused, n) {
        (0, _) => "none with a recorded reason".to_string(),
        (e, n) if e == n && n == 1 => "with a recorded reason".to_string(),
        (e, n) if e == n => "each with a recorded reason".to_string(),
        (e, _) => format!("{e} with a recorded reason"),
    };
    let approved = deviations
        .iter()
        .filter_map(|d| d.reason.as_deref())
        .all(|r| mentions_prescriber(r, prescriber));
    let reasons = match (approved && excused == n, n) {
        (true, 1) => "approved by you (the reason is recorded)".to_string(),
        (true, _) => "each approved by you (the reasons are recorded)".to_string(),
        _ => reasons,
    };
    let listed = if n == 1 {
        "it is described in the appendix"
    } else {
        "each is listed in the appendix"
    };
    format!(
        "{within} of {done} sessions were within the prescription; {n} {sessions} {when} went outside it, {reasons}; {listed}."
    )
}

/// Whether a reason names the prescriber (by surname) as approving.
fn mentions_prescriber(reason: &str, prescriber: &str) -> bool {
    let surname = super::letter::surname(prescriber);
    !surname.is_empty()
        && reason.contains(surname.as_str())
        && ["approved", "agreed", "authoriz", "authoris", "ok"]
            .iter()
            .any(|w| reason.to_lowercase().contains(w))
}

/// `August 21 to November 13, 2026`; a year on each end when they differ.
pub(super) fn span_words(from: NaiveDate, to: NaiveDate) -> String {
    use chrono::Datelike;
    if from == to {
        long_date(from)
    } else if from.year() == to.year() {
        format!("{} to {}", from.format("%B %-d"), long_date(to))
    } else {
        format!("{} to {}", long_date(from), long_date(to))
    }
}

/// The course in one paragraph: what was prescribed, the visits completed
/// of those allowed, cancellations and no-shows, and the visits a week
/// (by calendar weeks) against the prescribed frequency.
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
    let visits = |n: u32| {
        if n == 1 {
            "1 visit".to_string()
        } else {
            format!("{n} visits")
        }
    };
    let mut s = format!(
        "Thank you for referring {name}. On {} you prescribed {} of {} to the {}",
        long_date(rx.issued),
        visits(rx.visits),
        join_and(&techniques),
        join_and(&regions),
    );
    if let Some(f) = &rx.frequency {
        s.push_str(&format!(" at {f}"));
    }
    s.push_str(". ");
    let were = if v.completed == 1 { "was" } else { "were" };
    let done = if v.completed > v.prescribed {
        format!(
            "{} {were} completed, {} more than the {} prescribed",
            visits(v.completed),
            v.completed - v.prescribed,
            v.prescribed
        )
    } else {
        format!(
            "{} of the {} {were} completed",
            v.completed,
            visits(v.prescribed)
        )
    };
    match (v.first, v.last) {
        (Some(first), Some(last)) if first == last => {
            s.push_str(&format!("On {}, {done}", long_date(first)))
        }
        (Some(first), Some(last)) => {
            s.push_str(&format!("From {}, {done}", span_words(first, last)))
        }
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
    if let Some(a) = v.per_week.filter(|_| v.completed > 1) {
        let rate = if a == 1.0 {
            "1 visit a week".to_string()
        } else {
            format!("{} visits a week", vocab::measures::number(a))
        };
        match (&rx.frequency, v.prescribed_per_week) {
            (Some(f), Some(_)) => {
                s.push_str(&format!(", on average {rate} against the {f} prescribed"))
            }
            // A schedule in phases is measured phase by phase below.
            (_, None) if v.phases.is_empty() => s.push_str(&format!(", on average {rate}")),
            _ => {}
        }
    }
    // A schedule in phases: each phase's rate against its own.
    let rates: Vec<String> = v
        .phases
        .iter()
        .filter_map(|p| {
            let a = p.per_week?;
            let rate = if a == 1.0 {
                "1 visit a week".to_string()
            } else {
                format!("{} visits a week", vocab::measures::number(a))
            };
            let against = match p.prescribed_per_week {
                Some(_) => format!("{} prescribed", p.prescribed),
                None => format!("\"{}\" prescribed, not counted", p.prescribed),
            };
            Some(format!("{rate} in phase {} ({against})", p.phase))
        })
        .collect();
    if !rates.is_empty() && v.completed > 1 {
        s.push_str(&format!(", at {}", join_and(&rates)));
    }
    s.push('.');
    if let Some(c) = course {
        s.push_str(&format!(
            " Over the whole course since {} ({} prescriptions, renewals included), {} of {} visits were completed.",
            long_date(c.first_issued),
            c.prescriptions.len(),
            c.visits_completed,
            c.visits_prescribed
        ));
    }
    s
}

/// Each phase of a schedule with the visits that fell in it (phases count
/// from the first visit, `first`) and their rate over the phase's periods
/// up to the last visit (`last`), counted as `frequency-exceeded` counts
/// them: a visit in each of three fortnights of `1x/2 weeks` is 0.5 a
/// week, however few days the last fortnight has run.
fn phase_visits(
    f: &Frequency,
    first: NaiveDate,
    last: NaiveDate,
    dates: &[NaiveDate],
    week_starts: chrono::Weekday,
) -> Vec<PhaseVisits> {
    let mut out = Vec::new();
    let mut from = Some(first);
    for (i, phase) in f.phases.iter().enumerate() {
        let Some(start) = from else { break };
        let is_last = i + 1 == f.phases.len();
        let next = phase
            .weeks
            .filter(|_| !is_last)
            .and_then(|w| start.checked_add_days(chrono::Days::new(u64::from(w) * 7)));
        let to = next.and_then(|n| n.pred_opt());
        let completed = dates
            .iter()
            .filter(|d| f.phase_at(first, **d).map(|(p, _)| p) == Some(i))
            .count() as u32;
        let until = to.map_or(last, |t| t.min(last));
        let per_week = (until >= start).then(|| {
            // A phase that ran its course is its own length, however many
            // calendar weeks its days touch (4 weeks from a Wednesday touch 5).
            let ran = to.filter(|t| *t <= last).and(phase.weeks).map(f64::from);
            let weeks = phase_weeks(&phase.rate, start, until, week_starts);
            let weeks = ran.map_or(weeks, |w| weeks.min(w));
            round1(f64::from(completed) / weeks.max(1.0))
        });
        out.push(PhaseVisits {
            phase: i + 1,
            prescribed: phase.to_string(),
            from: start,
            to,
            completed,
            per_week,
            prescribed_per_week: phase.rate.per_week().map(round1),
        });
        from = next;
    }
    out
}

/// The weeks of a phase from `start` to the end of the period holding
/// `until`, in the rate's own periods (calendar weeks for a rate mmx does
/// not count).
fn phase_weeks(
    rate: &model::Rate,
    start: NaiveDate,
    until: NaiveDate,
    week_starts: chrono::Weekday,
) -> f64 {
    let (every, per) = match rate {
        model::Rate::Counted { every, per, .. } => (*every, *per),
        model::Rate::AsWritten(_) => (1, model::Per::Week),
    };
    let period = |d: NaiveDate| {
        rate.period_start(d, start, week_starts)
            .unwrap_or_else(|| model::Per::Week.period_start(d, week_starts))
    };
    let (begin, last) = (period(start), period(until));
    let end = match per {
        model::Per::Day => last.checked_add_days(chrono::Days::new(u64::from(every))),
        model::Per::Week => last.checked_add_days(chrono::Days::new(u64::from(every) * 7)),
        model::Per::Month => last.checked_add_months(chrono::Months::new(every)),
    }
    .unwrap_or(last);
    (end - begin).num_days() as f64 / 7.0
}

pub(super) fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}
