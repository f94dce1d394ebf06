//! The compliance rules: does every session stay within its prescription's
//! regions, techniques, visit count and dates? Rules see only records, never
//! files or terminals, and return findings as data.

use crate::check::safety;
use crate::check::times;
use crate::diag;
use crate::records;
use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::check::course_rules;
use crate::check::home_care;
use crate::check::ways::{approved, frequency_change, ways_out, ways_out_written};
use crate::diag::{Code, Diagnostic, Severity};
use crate::model::Excuse;
use crate::model::{Patient, Per, Prescription, Rate, Rules, Session, Therapist};
use crate::records::Loaded;
use crate::records::PatientFolder;
use crate::vocab::{Vocabulary, other_side};
use crate::zone::Clock;

/// Everything the rules need besides the records.
pub struct Context<'a> {
    pub rules: &'a Rules,
    /// The practice's `[[therapists]]`; when any are listed, a session's
    /// `therapist` must be one of them.
    pub therapists: &'a [Therapist],
    pub vocab: &'a Vocabulary,
    pub today: NaiveDate,
    /// The session being entered, when a write is checked: a visit entered
    /// late (dated before one on record) that goes past a limit is the one
    /// reported, and the one whose override would excuse it, rather than the
    /// visit already on record.
    pub entering: Option<&'a str>,
    /// The practice's clock, when mmx.toml names its zone: a session's time
    /// of day is judged on it ([`times::check`]).
    pub clock: Option<&'a Clock>,
}

/// Checks every session of one patient against its prescription.
pub fn check_patient(folder: &PatientFolder, cx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if let Some(p) = &folder.patient
        && let Some(born) = p.rec.birth_date
        && born > cx.today
    {
        out.push(
            p.diag(
                Code::InvalidValue,
                "birth_date",
                format!("`birth_date` is {born}, after today ({})", cx.today),
            )
            .field("birth_date")
            .hint("a date of birth is in the past: check the year (dates are YYYY-MM-DD)"),
        );
    }
    // A discharge is recorded once it has happened: a course closed ahead
    // would refuse the visits still to come before its date is reached.
    for rx in &folder.prescriptions {
        if let Some(c) = &rx.rec.closed
            && c.date > cx.today
        {
            out.push(
                rx.diag(
                    Code::InvalidValue,
                    "closed.date",
                    format!(
                        "`closed.date` is {}, after today ({}): a course is closed on or after its last day",
                        c.date, cx.today
                    ),
                )
                .field("closed.date")
                .hint("close the prescription once the course has ended, with the day it ended"),
            );
        }
    }
    let mut by_rx: BTreeMap<&str, Vec<&Loaded<Session>>> = BTreeMap::new();
    // The safety rules beside these: screening, clearance, consent.
    let mut safe = safety::check_patient(folder, cx);
    out.append(&mut safe.patient);
    for (i, s) in folder.sessions.iter().enumerate() {
        let mut found = std::mem::take(&mut safe.sessions[i]);
        match folder.prescription(&s.rec.prescription) {
            // The prescription's own file reports why it could not be read.
            None if folder
                .unreadable_prescriptions
                .contains(&s.rec.prescription) => {}
            None => found.push(unknown_prescription(s, folder)),
            Some(rx) if s.rec.completed() => {
                check_session(s, rx, folder.patient.as_ref(), cx, &mut found);
                by_rx.entry(rx.rec.id.as_str()).or_default().push(s);
            }
            Some(_) => {}
        }
        if s.rec.completed() && s.rec.date > cx.today {
            found.push(
                s.diag(
                    Code::FutureSession,
                    "date",
                    format!(
                        "completed session dated {}, after today ({})",
                        s.rec.date, cx.today
                    ),
                )
                .hint("record a session once it has happened, or give it status = \"cancelled\""),
            );
        }
        // A voided session's time is what was entered in error: voiding is
        // how a wrong one is put right, since a session is never edited.
        if let Some(clock) = cx.clock
            && !s.rec.is_void()
        {
            found.extend(times::check(s, clock));
        }
        if let Some(name) = &s.rec.therapist
            && !cx.therapists.is_empty()
            && !cx.therapists.iter().any(|t| t.name == name.trim())
        {
            found.push(
                s.diag(
                    Code::UnknownTherapist,
                    "therapist",
                    "the session's `therapist` is not one of the practice's [[therapists]]",
                )
                .hint(records::therapist_hint(name, cx.therapists))
                .field("therapist"),
            );
        }
        if s.rec.override_reason.is_some() && s.rec.overrides.is_empty() {
            found.push(
                s.diag(
                    Code::UnspecificOverride,
                    "override",
                    "`override` names no finding, so it excuses every compliance finding of this session, including any a later change would cause",
                )
                .hint(format!(
                    "record which findings it means: `mmx session override {}/{} --reason TEXT` names the session's present findings; from then on only named findings are excused",
                    folder.id, s.rec.id
                )),
            );
        }
        apply_override(s, &mut found);
        out.extend(found);
    }
    course_rules::check_renewals(folder, &mut out);
    course_rules::check_default_expiry(folder, cx, &mut out);
    course_rules::check_orders(folder, cx, &mut out);
    for (rx_id, mut sessions) in by_rx {
        let Some(rx) = folder.prescription(rx_id) else {
            continue;
        };
        sessions.sort_by(|a, b| {
            (a.rec.date, a.rec.start, &a.rec.id).cmp(&(b.rec.date, b.rec.start, &b.rec.id))
        });
        check_frequency(folder, rx, &sessions, cx, &mut out);
        course_rules::check_course_end(rx, &sessions, cx, &mut out);
        let allowed = rx.rec.visits as usize;
        let key = format!("{}: {rx_id}", Code::VisitsExceeded.as_str());
        let over = over_the_limit(&sessions, allowed, &key, cx.entering);
        // The visit counted last within the limit: with the one past it, the
        // two a pair of clones may each have recorded as the last.
        let last_allowed = sessions
            .iter()
            .enumerate()
            .rev()
            // `over` is in index order: a search, not a scan, per visit.
            .find(|(i, _)| over.binary_search_by_key(i, |(j, _)| *j).is_err())
            .map(|(_, s)| *s);
        for &(i, s) in &over {
            let position = past_the_limit(
                (i, allowed, sessions.len()),
                &format!("of prescription `{rx_id}`"),
                &format!("on prescription `{rx_id}`"),
                cx.entering == Some(s.file.as_str()),
            );
            let mut found = vec![
                s.diag(
                    Code::VisitsExceeded,
                    "prescription",
                    match last_allowed {
                        Some(last) => format!(
                            "{position}, which allows {allowed}; the last visit it allows is session `{}` on {}",
                            last.rec.id, last.rec.date
                        ),
                        None => format!("{position}, which allows {allowed}"),
                    },
                )
                .subject(rx_id)
                .hint(format!(
                    "{}; visits are counted by date, start and id",
                    ways_out(s, cx, &format!("mmx rx edit {rx_id} --visits {}", sessions.len()))
                )),
            ];
            apply_override(s, &mut found);
            out.extend(found);
        }
    }
    out
}

/// The calendar rules of one prescription's completed sessions, sorted by
/// date: more visits in a calendar period than the phase of its schedule
/// the visit falls in allows (`frequency-exceeded`), and two visits on one
/// date (`same-day-visit`). Phases count from the course's first visit
/// (the first of `sessions`); a phase kept as written counts nothing. One
/// pass: the sorted sessions are cut into their periods as they come.
fn check_frequency(
    folder: &PatientFolder,
    rx: &Loaded<Prescription>,
    sessions: &[&Loaded<Session>],
    cx: &Context<'_>,
    out: &mut Vec<Diagnostic>,
) {
    let rx_id = rx.rec.id.as_str();
    let freq = rx.rec.frequency.as_ref();
    let Some(first) = sessions.first().map(|s| s.rec.date) else {
        return;
    };
    let same_day_key = format!("{}: {rx_id}", Code::SameDayVisit.as_str());
    let frequency_key = format!("{}: {rx_id}", Code::FrequencyExceeded.as_str());
    let frequency_with =
        |phase: usize, times: usize, per: Per| frequency_change(rx_id, freq, phase, times, per);
    // The phase a visit falls in (with the day it starts) and the period of
    // its rate holding the visit: visits are counted per (phase, period).
    let place = |date: NaiveDate| {
        let (phase, from) = freq.and_then(|f| f.phase_at(first, date))?;
        let rate = &freq?.phases[phase].rate;
        Some((
            phase,
            from,
            rate.period_start(date, from, cx.rules.week_starts),
        ))
    };
    let several_phases = freq.is_some_and(|f| f.phases.len() > 1);
    let mut start = 0;
    while start < sessions.len() {
        let at = place(sessions[start].rec.date);
        let mut end = start + 1;
        while end < sessions.len() && place(sessions[end].rec.date) == at {
            end += 1;
        }
        let bucket = &sessions[start..end];
        let phase = at.and_then(|(i, from, _)| Some((&freq?.phases[i], i, from)));
        // A phase of several visits a day expects them on one date.
        let many_a_day = phase.is_some_and(|(p, _, _)| {
            matches!(p.rate, Rate::Counted { per: Per::Day, times, every: 1 } if times > 1)
        });
        if !many_a_day {
            for pair in bucket.windows(2) {
                // The session being entered is the second visit, wherever
                // its start or id sorts it.
                let (first, s) = if cx.entering == Some(pair[0].file.as_str()) {
                    (pair[1], pair[0])
                } else {
                    (pair[0], pair[1])
                };
                if first.rec.date != s.rec.date {
                    continue;
                }
                let mut found = vec![
                    s.diag(
                        Code::SameDayVisit,
                        "date",
                        format!(
                            "a second completed session on {} on prescription `{rx_id}` (also `{}`)",
                            s.rec.date, first.rec.id
                        ),
                    )
                    .subject(rx_id)
                    .hint(format!(
                        "a visit recorded twice is taken back with `mmx session void {}/{} --reason TEXT`; {}",
                        folder.id,
                        s.rec.id,
                        ways_out_written(
                            s,
                            &frequency_with(phase.map_or(0, |(_, i, _)| i), 2, Per::Day)
                        )
                    )),
                ];
                debug_assert!(found[0].override_key().as_deref() == Some(same_day_key.as_str()));
                apply_override(s, &mut found);
                out.extend(found);
            }
        }
        if let (Some((p, i, from)), Some((_, _, Some(period)))) = (phase, at)
            && let Rate::Counted { times, per, .. } = p.rate
        {
            let phase_index = i;
            let allowed = times as usize;
            let when = p.rate.period_words(period);
            let allows = if several_phases {
                format!("{} in its phase {} (from {from})", p.rate, i + 1)
            } else {
                freq.map(|f| f.to_string()).unwrap_or_default()
            };
            for (i, s) in over_the_limit(bucket, allowed, &frequency_key, cx.entering) {
                let entering = cx.entering == Some(s.file.as_str());
                let position = past_the_limit((i, allowed, bucket.len()), &when, &when, entering);
                let mut found = vec![
                    s.diag(
                        Code::FrequencyExceeded,
                        "date",
                        format!("{position}; prescription `{rx_id}` allows {allows}"),
                    )
                    .subject(rx_id)
                    .hint(ways_out(
                        s,
                        cx,
                        &frequency_with(phase_index, bucket.len(), per),
                    )),
                ];
                apply_override(s, &mut found);
                out.extend(found);
            }
        }
        start = end;
    }
}

/// How a message names a visit counted past a limit: `visit 3 of ...`, or,
/// for an earlier visit that takes the excess because its override
/// justifies it, `one of 4 visits on ..., counted past the limit ...`.
fn past_the_limit(
    (i, allowed, total): (usize, usize, usize),
    visit_where: &str,
    visits_where: &str,
    entering: bool,
) -> String {
    if i >= allowed {
        format!("visit {} {visit_where}", i + 1)
    } else if entering {
        format!(
            "a visit entered late: one of {total} visits {visits_where}, entered after the others"
        )
    } else {
        format!(
            "one of {total} visits {visits_where}, counted past the limit as its override allows"
        )
    }
}

/// The visits past a prescription's count, with their place in date order.
/// The excess goes first to sessions whose override justifies it (latest
/// first), then to the session being entered (a visit entered late is the
/// one that goes past the limit, not the visit already on record), then to
/// the latest others: a justified extra visit covers the excess wherever its
/// date or random id sorts it, so recording one never turns an earlier,
/// ordinary visit into an error.
fn over_the_limit<'s>(
    sessions: &[&'s Loaded<Session>],
    allowed: usize,
    key: &str,
    entering: Option<&str>,
) -> Vec<(usize, &'s Loaded<Session>)> {
    let excess = sessions.len().saturating_sub(allowed);
    let by_latest = || sessions.iter().copied().enumerate().rev();
    let justified = |s: &Loaded<Session>| s.rec.excuse(key).is_some();
    let is_entering = |s: &Loaded<Session>| entering == Some(s.file.as_str());
    let mut chosen: Vec<(usize, &Loaded<Session>)> = by_latest()
        .filter(|(_, s)| justified(s))
        .take(excess)
        .collect();
    for rank in [true, false] {
        let rest = excess - chosen.len();
        chosen.extend(
            by_latest()
                .filter(|(_, s)| !justified(s) && is_entering(s) == rank)
                .take(rest),
        );
    }
    chosen.sort_by_key(|(i, _)| *i);
    chosen
}

fn unknown_prescription(s: &Loaded<Session>, folder: &PatientFolder) -> Diagnostic {
    let ids: Vec<&str> = folder
        .prescriptions
        .iter()
        .map(|r| r.rec.id.as_str())
        .collect();
    let hint = if ids.is_empty() {
        format!(
            "patient `{}` has no prescriptions; add one with `mmx rx add --patient {}`",
            folder.id, folder.id
        )
    } else {
        format!("patient `{}` has: {}", folder.id, ids.join(", "))
    };
    s.diag(
        Code::UnknownPrescription,
        "prescription",
        format!(
            "no prescription `{}` for patient `{}`",
            s.rec.prescription, folder.id
        ),
    )
    .hint(hint)
}

/// The region, technique and date rules for one completed session.
pub fn check_session(
    s: &Loaded<Session>,
    rx: &Loaded<Prescription>,
    patient: Option<&Loaded<Patient>>,
    cx: &Context<'_>,
    out: &mut Vec<Diagnostic>,
) {
    let r = &rx.rec;
    check_avoided(s, rx, patient, cx, out);
    home_care::check_avoided(s, rx, patient, cx, out);
    if let (Some(m), Some(max)) = (s.rec.minutes, r.minutes)
        && m > max
    {
        out.push(
            s.diag(
                Code::MinutesExceeded,
                "minutes",
                format!(
                    "session lasted {m} minutes; prescription `{}` allows {max}",
                    r.id
                ),
            )
            .subject(r.id.as_str())
            .hint(format!(
                "record the session's real length; {}",
                ways_out(s, cx, &format!("mmx rx edit {} --minutes {m}", r.id))
            )),
        );
    }
    if let Some(c) = &r.closed
        && s.rec.date > c.date
    {
        out.push(
            s.diag(
                Code::AfterClose,
                "date",
                format!(
                    "session on {} is after prescription `{}` was closed on {} ({})",
                    s.rec.date,
                    r.id,
                    c.date,
                    c.reason.as_str()
                ),
            )
            .subject(r.id.as_str())
            .hint(format!(
                "a closed prescription takes no more visits: a new course is a new prescription (`mmx rx add --renews {} ...`, then `--rx` it on the session); {}",
                r.id,
                approved(s, cx)
            )),
        );
    }
    // Expanding the prescribed regions' groups and sides is needed only for a
    // treated region the prescription does not name as written.
    let mut coverage = None;
    for (i, region) in s.rec.regions.iter().enumerate() {
        if r.regions.contains(region) {
            continue;
        }
        let coverage = coverage.get_or_insert_with(|| cx.vocab.coverage(&r.regions));
        let missing = cx.vocab.uncovered(region, coverage);
        if missing.is_empty() {
            continue;
        }
        let key = format!("regions.{i}");
        let mirrored = missing
            .iter()
            .all(|m| other_side(m).is_some_and(|o| coverage.contains(&o)));
        let prescribed = r.regions.join(", ");
        let d = if mirrored {
            let others: Vec<String> = missing.iter().filter_map(|m| other_side(m)).collect();
            s.diag(
                Code::WrongSide,
                &key,
                format!("session treats {region}; prescription `{}` covers the other side ({}), not this one", r.id, others.join(", ")),
            )
        } else {
            let detail = if missing.len() == 1 && missing[0] == *region {
                String::new()
            } else {
                format!(" (not covered: {})", missing.join(", "))
            };
            s.diag(
                Code::RegionNotPrescribed,
                &key,
                format!(
                    "session treats {region}{detail}; prescription `{}` covers {prescribed}",
                    r.id
                ),
            )
        };
        out.push(d.subject(region.as_str()).hint(format!(
            "prescribed regions: {prescribed}; {}",
            ways_out(
                s,
                cx,
                &format!("mmx rx edit {} --add-region {region}", r.id)
            )
        )));
    }
    for (i, technique) in s.rec.techniques.iter().enumerate() {
        if !r.techniques.contains(technique) {
            let allowed = r.techniques.join(", ");
            out.push(
                s.diag(
                    Code::TechniqueNotPrescribed,
                    &format!("techniques.{i}"),
                    format!(
                        "session uses {technique}; prescription `{}` allows {allowed}",
                        r.id
                    ),
                )
                .subject(technique.as_str())
                .hint(format!(
                    "prescribed techniques: {allowed}; {}",
                    ways_out(
                        s,
                        cx,
                        &format!("mmx rx edit {} --add-technique {technique}", r.id)
                    )
                )),
            );
        }
    }
    if s.rec.date < r.issued {
        out.push(
            s.diag(
                Code::BeforeIssue,
                "date",
                format!(
                    "session on {} is before prescription `{}` was issued on {}",
                    s.rec.date, r.id, r.issued
                ),
            )
            .subject(r.id.as_str())
            .hint(format!(
                "prescription `{}` is valid {} to {}: if the session's date is wrong, give its real date; {}",
                r.id,
                r.issued,
                r.expiry(cx.rules),
                approved(s, cx)
            )),
        );
    }
    let expiry = r.expiry(cx.rules);
    if s.rec.date > expiry {
        let how = if r.expires.is_some() {
            "expired"
        } else {
            "expired (issued + rx_valid_days)"
        };
        out.push(
            s.diag(
                Code::AfterExpiry,
                "date",
                format!(
                    "session on {} is after prescription `{}` {how} on {expiry}",
                    s.rec.date, r.id
                ),
            )
            .subject(r.id.as_str())
            .hint(format!(
                "prescription `{}` is valid {} to {expiry}; {} (or a renewal is a new prescription, `mmx rx add --renews {}`)",
                r.id,
                r.issued,
                ways_out(s, cx, &format!("mmx rx edit {} --expires {}", r.id, s.rec.date)),
                r.id
            )),
        );
    }
}

/// Regions and techniques the prescription or the patient's record says to
/// avoid. A treated region is avoided when it shares any part with an
/// avoided one: the region itself, a region inside it, or a group holding it.
fn check_avoided(
    s: &Loaded<Session>,
    rx: &Loaded<Prescription>,
    patient: Option<&Loaded<Patient>>,
    cx: &Context<'_>,
    out: &mut Vec<Diagnostic>,
) {
    let r = &rx.rec;
    let from_rx = format!("prescription `{}`", r.id);
    let from_patient = patient.map(|p| format!("patient record `{}`", p.rec.id));
    // Who says to avoid it, the list, and the command that changes the list.
    let edit_rx = format!("mmx rx edit {}", r.id);
    let edit_patient = patient.map(|p| format!("mmx patient edit {}", p.rec.id));
    type Source<'s> = (&'s str, &'s [String], &'s [String], &'s str);
    let mut sources: Vec<Source<'_>> = Vec::new();
    if !r.avoid_regions.is_empty() || !r.avoid_techniques.is_empty() {
        sources.push((&from_rx, &r.avoid_regions, &r.avoid_techniques, &edit_rx));
    }
    if let (Some(p), Some(name), Some(edit)) = (patient, &from_patient, &edit_patient)
        && (!p.rec.avoid_regions.is_empty() || !p.rec.avoid_techniques.is_empty())
    {
        sources.push((name, &p.rec.avoid_regions, &p.rec.avoid_techniques, edit));
    }
    if sources.is_empty() {
        return;
    }
    for (i, region) in s.rec.regions.iter().enumerate() {
        let treated = cx.vocab.expand(region);
        let hit = sources.iter().find_map(|(who, regions, _, edit)| {
            regions.iter().find_map(|a| {
                let avoided = cx.vocab.expand(a);
                (!treated.is_disjoint(&avoided)).then_some((*who, a, avoided, *edit))
            })
        });
        let Some((who, avoided_name, avoided, edit)) = hit else {
            continue;
        };
        let how = if region == avoided_name {
            String::new()
        } else if treated.is_subset(&avoided) {
            format!(", which is part of {avoided_name}")
        } else if avoided.is_subset(&treated) {
            format!(", which includes {avoided_name}")
        } else {
            format!(", which overlaps {avoided_name}")
        };
        out.push(
            s.diag(
                Code::AvoidedRegion,
                &format!("regions.{i}"),
                format!("session treats {region}{how}; {who} says to avoid {avoided_name}"),
            )
            .subject(region.as_str())
            .hint(format!(
                "{who} lists {avoided_name} under `avoid_regions`: leave it out of the session, or name the parts treated; {}",
                ways_out(s, cx, &format!("{edit} --remove-avoid-region {avoided_name}"))
            )),
        );
    }
    for (i, technique) in s.rec.techniques.iter().enumerate() {
        let Some((who, _, _, edit)) = sources.iter().find(|(_, _, t, _)| t.contains(technique))
        else {
            continue;
        };
        out.push(
            s.diag(
                Code::AvoidedTechnique,
                &format!("techniques.{i}"),
                format!("session uses {technique}; {who} says to avoid it"),
            )
            .subject(technique.as_str())
            .hint(format!(
                "{who} lists {technique} under `avoid_techniques`; {}",
                ways_out(
                    s,
                    cx,
                    &format!("{edit} --remove-avoid-technique {technique}")
                )
            )),
        );
    }
}

/// A session's recorded override turns the compliance findings it names
/// into warnings; any other finding stays what it is. (A plain `override`
/// from an earlier mmx names none, and excuses them all.) The reason is the
/// therapist's words: the report shows it, a message only points to it.
pub(super) fn apply_override(s: &Loaded<Session>, found: &mut [Diagnostic]) {
    if !s.rec.has_override() {
        return;
    }
    for d in found.iter_mut() {
        let Some(key) = d.override_key() else {
            continue;
        };
        let note = match s.rec.excuse(&key) {
            Some(Excuse::Named(o)) => {
                format!(
                    "overridden on {}: the reason is in the session's [[overrides]]",
                    o.date
                )
            }
            Some(Excuse::Unspecific) => {
                "overridden: the reason is in the session's `override`".to_string()
            }
            None => continue,
        };
        d.severity = Severity::Warning;
        d.message = format!("{} ({note})", d.message);
        // Excused: the fix-it help no longer applies.
        d.hint = None;
    }
}

/// The compliance findings of a set of findings, as an override names them
/// (`wrong-side: right-gluteal`), sorted and without repeats.
pub fn override_keys<'a>(found: impl IntoIterator<Item = &'a Diagnostic>) -> Vec<String> {
    let mut keys: Vec<String> = found
        .into_iter()
        .filter_map(Diagnostic::override_key)
        .collect();
    keys.sort();
    keys.dedup();
    keys
}

/// Which override excuses a finding is a rule, read here.
impl Session {
    /// What excuses the compliance finding named `key` (`wrong-side:
    /// right-gluteal`), if anything does. Once a session has `[[overrides]]`,
    /// only they excuse; a plain `override` then is history.
    pub fn excuse(&self, key: &str) -> Option<Excuse<'_>> {
        if self.overrides.is_empty() {
            return self.override_reason.as_ref().map(|_| Excuse::Unspecific);
        }
        self.overrides
            .iter()
            .find(|o| o.findings.iter().any(|f| same_key(f, key)))
            .map(Excuse::Named)
    }
}

/// `code: value` keys compare as the one reader of them reads them, without
/// regard to the blanks around the colon.
fn same_key(a: &str, b: &str) -> bool {
    let a = diag::parse_override_key(a);
    a.is_some() && a == diag::parse_override_key(b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model;
    use crate::model::{Prescriber, Status};
    use crate::records::Spans;

    fn rx(regions: &[&str], techniques: &[&str], visits: u32) -> Loaded<Prescription> {
        Loaded {
            file: "rx.toml".into(),
            rec: Prescription {
                id: "rx1".into(),
                patient: "p".into(),
                issued: d("2026-01-10"),
                expires: Some(d("2026-03-10")),
                visits,
                regions: regions.iter().map(|s| s.to_string()).collect(),
                techniques: techniques.iter().map(|s| s.to_string()).collect(),
                prescriber: Prescriber {
                    name: "Dr. Test".into(),
                    ..Default::default()
                },
                ..Default::default()
            },
            spans: Spans::default(),
        }
    }

    fn session(id: &str, date: &str, regions: &[&str], techniques: &[&str]) -> Loaded<Session> {
        Loaded {
            file: format!("{id}.toml"),
            rec: Session {
                id: id.into(),
                patient: "p".into(),
                prescription: "rx1".into(),
                date: d(date),
                minutes: Some(50),
                regions: regions.iter().map(|s| s.to_string()).collect(),
                techniques: techniques.iter().map(|s| s.to_string()).collect(),
                ..Default::default()
            },
            spans: Spans::default(),
        }
    }

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn run(
        rx: Loaded<Prescription>,
        sessions: Vec<Loaded<Session>>,
    ) -> Vec<(Code, Severity, String)> {
        let folder = PatientFolder {
            id: "p".into(),
            prescriptions: vec![rx],
            sessions,
            ..Default::default()
        };
        let vocab = Vocabulary::default();
        let rules = Rules::default();
        let cx = Context {
            rules: &rules,
            therapists: &[],
            vocab: &vocab,
            today: d("2026-06-01"),
            entering: None,
            clock: None,
        };
        let mut v: Vec<_> = check_patient(&folder, &cx)
            .into_iter()
            .map(|d| (d.code, d.severity, d.file))
            .collect();
        v.sort();
        v
    }

    #[test]
    fn a_session_inside_the_prescription_is_clean() {
        let found = run(
            rx(&["back", "bilateral-gluteal"], &["swedish"], 5),
            vec![session(
                "s1",
                "2026-01-12",
                &["lumbar", "left-gluteal"],
                &["swedish"],
            )],
        );
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn region_outside_is_not_prescribed() {
        let found = run(
            rx(&["lumbar"], &["swedish"], 5),
            vec![session("s1", "2026-01-12", &["cervical"], &["swedish"])],
        );
        assert_eq!(
            found,
            [(Code::RegionNotPrescribed, Severity::Error, "s1.toml".into())]
        );
    }

    #[test]
    fn other_side_is_wrong_side() {
        let found = run(
            rx(&["left-knee"], &["swedish"], 5),
            vec![session("s1", "2026-01-12", &["right-knee"], &["swedish"])],
        );
        assert_eq!(
            found,
            [(Code::WrongSide, Severity::Error, "s1.toml".into())]
        );
    }

    #[test]
    fn technique_outside_is_not_prescribed() {
        let found = run(
            rx(&["lumbar"], &["swedish"], 5),
            vec![session("s1", "2026-01-12", &["lumbar"], &["cupping"])],
        );
        assert_eq!(
            found,
            [(
                Code::TechniqueNotPrescribed,
                Severity::Error,
                "s1.toml".into()
            )]
        );
    }

    #[test]
    fn dates_outside_the_validity() {
        let found = run(
            rx(&["lumbar"], &["swedish"], 5),
            vec![
                session("early", "2026-01-09", &["lumbar"], &["swedish"]),
                session("late", "2026-03-11", &["lumbar"], &["swedish"]),
            ],
        );
        assert_eq!(
            found,
            [
                (Code::BeforeIssue, Severity::Error, "early.toml".into()),
                (Code::AfterExpiry, Severity::Error, "late.toml".into())
            ]
        );
    }

    #[test]
    fn visits_past_the_count_are_exceeded_in_date_order() {
        let mut cancelled = session("c", "2026-01-11", &["lumbar"], &["swedish"]);
        cancelled.rec.status = Status::Cancelled;
        let found = run(
            rx(&["lumbar"], &["swedish"], 2),
            vec![
                session("b", "2026-01-20", &["lumbar"], &["swedish"]),
                session("a", "2026-01-12", &["lumbar"], &["swedish"]),
                session("z", "2026-01-15", &["lumbar"], &["swedish"]),
                cancelled,
            ],
        );
        assert_eq!(
            found,
            [(Code::VisitsExceeded, Severity::Error, "b.toml".into())]
        );
    }

    #[test]
    fn override_turns_compliance_errors_into_warnings() {
        let mut s = session("s1", "2026-01-12", &["cervical"], &["swedish"]);
        s.rec.override_reason = Some("prescriber approved by phone".into());
        let found = run(rx(&["lumbar"], &["swedish"], 5), vec![s]);
        assert_eq!(
            found,
            [
                (
                    Code::RegionNotPrescribed,
                    Severity::Warning,
                    "s1.toml".into()
                ),
                (
                    Code::UnspecificOverride,
                    Severity::Warning,
                    "s1.toml".into()
                )
            ]
        );
    }

    /// An override that names its findings excuses those and no other: a
    /// later change that makes the session break another rule is an error.
    #[test]
    fn a_named_override_excuses_only_what_it_names() {
        let mut s = session("s1", "2026-03-20", &["lumbar"], &["cupping"]);
        s.rec.overrides = vec![model::Override {
            date: d("2026-01-12"),
            by: None,
            findings: vec!["technique-not-prescribed: cupping".into()],
            reason: "approved once".into(),
        }];
        let found = run(rx(&["lumbar"], &["swedish"], 5), vec![s]);
        assert_eq!(
            found,
            [
                (
                    Code::TechniqueNotPrescribed,
                    Severity::Warning,
                    "s1.toml".into()
                ),
                (Code::AfterExpiry, Severity::Error, "s1.toml".into())
            ]
        );
    }

    #[test]
    fn unknown_prescription_and_future_session() {
        let mut s = session("s1", "2026-07-01", &["lumbar"], &["swedish"]);
        s.rec.prescription = "nope".into();
        let found = run(rx(&["lumbar"], &["swedish"], 5), vec![s]);
        assert_eq!(
            found,
            [
                (Code::UnknownPrescription, Severity::Error, "s1.toml".into()),
                (Code::FutureSession, Severity::Warning, "s1.toml".into())
            ]
        );
    }
}
