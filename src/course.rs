//! A prescription's state, said once: visits used and left, its status on a
//! day, and which prescription a session on a date belongs to. Listings,
//! reports, alerts, exports and `session add` all ask here.

use crate::vocab;
use chrono::{Days, NaiveDate};
use serde::Serialize;

use crate::model::{Prescription, Rules, Status};
use crate::records::Loaded;
use crate::records::PatientFolder;

/// Where a prescription stands on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RxStatus {
    /// In force, with visits left.
    Active,
    /// Issued after the day.
    Pending,
    /// Past its last valid day.
    Expired,
    /// Past its course's end (`weeks`, or the schedule's weeks, from its
    /// first visit), though not yet expired.
    Ended,
    /// Every visit used.
    UsedUp,
    /// Discharged (`mmx rx close`): takes no more visits, and is never alerted.
    Closed,
}

impl RxStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            RxStatus::Active => "active",
            RxStatus::Pending => "pending",
            RxStatus::Expired => "expired",
            RxStatus::Ended => "ended",
            RxStatus::UsedUp => "used-up",
            RxStatus::Closed => "closed",
        }
    }
}

/// A prescription with what has been used of it, as listings, `rx show`,
/// `patient show` and scripts see it.
#[derive(Debug, Clone, Serialize)]
pub struct RxState {
    pub id: String,
    pub patient: String,
    pub issued: NaiveDate,
    /// `expires`, or issued + rx_valid_days when the file has none.
    pub expires: NaiveDate,
    /// The practice's `rx_valid_days` when `expires` is its default rather
    /// than the prescription's own.
    pub default_expiry_days: Option<u32>,
    /// The course's length and dates, when it has a length.
    pub course: Option<CourseDates>,
    /// The last day a visit may be on: the expiry, or the course's end when
    /// that is earlier.
    pub last_day: NaiveDate,
    pub visits: u32,
    pub used: u32,
    pub remaining: u32,
    pub status: RxStatus,
    pub prescriber: String,
    pub regions: Vec<String>,
    pub techniques: Vec<String>,
    /// The prescription this one renews, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub renews: Option<String>,
    /// The prescription that renews this one, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub renewed_by: Option<String>,
}

/// A prescription as JSON, one shape in `rx list` and `rx show`: the
/// record's own fields as in its file (`expires` only if written there),
/// then its state (`valid_until`, the last day a visit may be on: the
/// expiry, or the course's end when earlier; `expires_by_default`, the
/// practice's days when the expiry is its default; `course`, the course's
/// weeks, first visit and end).
#[derive(Debug, Serialize)]
pub struct RxJson<'a> {
    #[serde(flatten)]
    pub rx: &'a Prescription,
    pub valid_until: NaiveDate,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires_by_default: Option<ExpiryDefault>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub course: Option<CourseDates>,
    pub used: u32,
    pub remaining: u32,
    pub status: RxStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub renewed_by: Option<String>,
}

impl RxState {
    pub fn json<'a>(&self, rx: &'a Prescription) -> RxJson<'a> {
        RxJson {
            rx,
            valid_until: self.last_day,
            expires_by_default: self.default_expiry_days.map(|days| ExpiryDefault {
                date: self.expires,
                days,
            }),
            course: self.course,
            used: self.used,
            remaining: self.remaining,
            status: self.status,
            renewed_by: self.renewed_by.clone(),
        }
    }
}

/// The practice's default expiry of a prescription that gives none.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct ExpiryDefault {
    pub date: NaiveDate,
    /// `[rules] rx_valid_days`.
    pub days: u32,
}

/// A course with a length (`weeks`, or a schedule whose phases all have
/// weeks): it starts on its first completed visit and ends its weeks later.
/// Until the first visit it has a length and no dates; the expiry alone
/// bounds when it may start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct CourseDates {
    pub weeks: u32,
    /// The first completed visit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<NaiveDate>,
    /// The course's last day: `weeks` weeks from the first visit, that day
    /// included (a 4-week course from a Monday ends on the 4th Sunday).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<NaiveDate>,
}

impl CourseDates {
    /// `4 weeks from the first visit on 2026-01-12, ends 2026-02-08`, or
    /// `4 weeks from the first visit (none yet)`.
    pub fn words(&self) -> String {
        let weeks = if self.weeks == 1 {
            "1 week".to_string()
        } else {
            format!("{} weeks", self.weeks)
        };
        match (self.start, self.end) {
            (Some(start), Some(end)) => {
                format!("{weeks} from the first visit on {start}, ends {end}")
            }
            _ => format!("{weeks} from the first visit (none yet)"),
        }
    }
}

/// The last day of a course of `weeks` weeks whose first visit is `start`.
pub fn course_end(start: NaiveDate, weeks: u32) -> NaiveDate {
    start
        .checked_add_days(chrono::Days::new(u64::from(weeks) * 7 - 1))
        .unwrap_or(NaiveDate::MAX)
}

/// The prescription's course, when it has a length: from its first
/// completed visit, if any.
pub fn course(folder: &PatientFolder, rx: &Prescription) -> Option<CourseDates> {
    let weeks = rx.course_weeks()?;
    let start = first_visit(folder, &rx.id);
    Some(CourseDates {
        weeks,
        start,
        end: start.map(|s| course_end(s, weeks)),
    })
}

/// The last day a visit on the prescription may be: its expiry, or its
/// course's end when that comes first.
pub fn last_day(folder: &PatientFolder, rx: &Prescription, rules: &Rules) -> NaiveDate {
    let expiry = rx.expiry(rules);
    course(folder, rx)
        .and_then(|c| c.end)
        .map_or(expiry, |end| end.min(expiry))
}

/// The date of the earliest completed visit on the prescription.
pub fn first_visit(folder: &PatientFolder, rx: &str) -> Option<NaiveDate> {
    folder
        .sessions
        .iter()
        .filter(|s| s.rec.prescription == rx && s.rec.completed())
        .map(|s| s.rec.date)
        .min()
}

/// Completed sessions on the prescription.
pub fn visits_used(folder: &PatientFolder, rx: &str) -> u32 {
    folder
        .sessions
        .iter()
        .filter(|s| s.rec.prescription == rx && s.rec.completed())
        .count() as u32
}

pub fn status(
    folder: &PatientFolder,
    rx: &Prescription,
    used: u32,
    rules: &Rules,
    today: NaiveDate,
) -> RxStatus {
    if rx.closed.is_some() {
        RxStatus::Closed
    } else if today > rx.expiry(rules) {
        RxStatus::Expired
    } else if today > last_day(folder, rx, rules) {
        RxStatus::Ended
    } else if used >= rx.visits {
        RxStatus::UsedUp
    } else if today < rx.issued {
        RxStatus::Pending
    } else {
        RxStatus::Active
    }
}

pub fn of(rx: &Prescription, folder: &PatientFolder, rules: &Rules, today: NaiveDate) -> RxState {
    let used = visits_used(folder, &rx.id);
    RxState {
        id: rx.id.clone(),
        patient: rx.patient.clone(),
        issued: rx.issued,
        expires: rx.expiry(rules),
        default_expiry_days: rx.default_expiry_days(rules),
        course: course(folder, rx),
        last_day: last_day(folder, rx, rules),
        visits: rx.visits,
        used,
        remaining: rx.visits.saturating_sub(used),
        status: status(folder, rx, used, rules, today),
        prescriber: rx.prescriber.name.clone(),
        regions: rx.regions.clone(),
        techniques: rx.techniques.clone(),
        renews: rx.renews.clone(),
        renewed_by: renewed_by(folder, &rx.id).map(|r| r.rec.id.clone()),
    }
}

/// The date of the latest completed visit on the prescription.
pub fn last_visit(folder: &PatientFolder, rx: &str) -> Option<NaiveDate> {
    folder
        .sessions
        .iter()
        .filter(|s| s.rec.prescription == rx && s.rec.completed())
        .map(|s| s.rec.date)
        .max()
}

/// The prescription that renews `rx` (names it in `renews`), the earliest
/// issued if several do.
pub fn renewed_by<'f>(folder: &'f PatientFolder, rx: &str) -> Option<&'f Loaded<Prescription>> {
    folder
        .prescriptions
        .iter()
        .filter(|r| r.rec.renews.as_deref() == Some(rx))
        .min_by_key(|r| (r.rec.issued, r.rec.id.as_str()))
}

/// The course of care `rx` belongs to: the prescriptions it renews and
/// those that renew it, first to latest. A prescription that renews none
/// and is renewed by none is a course of one. Safe against a loop of
/// renewals (`check` reports it): each prescription is taken once.
pub fn episode<'f>(folder: &'f PatientFolder, rx: &str) -> Vec<&'f Loaded<Prescription>> {
    let Some(this) = folder.prescription(rx) else {
        return Vec::new();
    };
    let mut chain = vec![this];
    let taken = |chain: &[&Loaded<Prescription>], id: &str| chain.iter().any(|r| r.rec.id == id);
    while let Some(earlier) = chain[0]
        .rec
        .renews
        .as_deref()
        .and_then(|id| folder.prescription(id))
    {
        if taken(&chain, &earlier.rec.id) {
            break;
        }
        chain.insert(0, earlier);
    }
    while let Some(later) = chain.last().and_then(|r| renewed_by(folder, &r.rec.id)) {
        if taken(&chain, &later.rec.id) {
            break;
        }
        chain.push(later);
    }
    chain
}

/// Whether `expiring` has something to say about a prescription today, and
/// what: a closed one never; one renewed by another is carried on by it.
pub fn alert_reasons(
    folder: &PatientFolder,
    rx: &Prescription,
    rules: &Rules,
    today: NaiveDate,
    within_days: i64,
    low_visits: u32,
) -> Vec<AlertReason> {
    let mut reasons = Vec::new();
    if rx.closed.is_some() || renewed_by(folder, &rx.id).is_some() {
        return reasons;
    }
    // The course's end is warned of as an expiry is, when it comes first.
    let expiry = rx.expiry(rules);
    let last = last_day(folder, rx, rules);
    let (ending, ended) = if last < expiry {
        (AlertReason::CourseEnding, AlertReason::CourseEnded)
    } else {
        (AlertReason::Expiring, AlertReason::Expired)
    };
    let days_left = (last - today).num_days();
    let used = visits_used(folder, &rx.id);
    let visits_left = rx.visits.saturating_sub(used);
    if (0..=within_days).contains(&days_left) && visits_left > 0 {
        reasons.push(ending);
    }
    // A used-up course is said once: while its last visit is recent.
    let used_up_recently = visits_left == 0
        && last_visit(folder, &rx.id).is_some_and(|d| (today - d).num_days() <= within_days);
    if days_left >= 0 && visits_left <= low_visits && (visits_left > 0 || used_up_recently) {
        reasons.push(AlertReason::LowVisits);
    }
    if (-within_days..0).contains(&days_left) && visits_left > 0 {
        reasons.push(ended);
    }
    if days_left >= 0 && report_due(folder, rx, rules, today).is_some() {
        reasons.push(AlertReason::ReportDue);
    }
    if days_left >= 0
        && rx.issued <= today
        && screening_due(folder, rules, today, within_days).is_some()
    {
        reasons.push(AlertReason::ScreeningDue);
    }
    if days_left >= 0 && rx.issued <= today && clearance_due(folder, today, within_days).is_some() {
        reasons.push(AlertReason::ClearanceDue);
    }
    reasons.sort();
    reasons
}

/// Why a progress report to the prescriber is due: the completed visits of
/// the course since its last recorded report (`report --record`) reach
/// `[rules] report_every_visits`, or the days since it (since the course's
/// first visit, before any) reach `report_every_days`, with a visit since.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ReportDue {
    pub visits_since: u32,
    pub days_since: i64,
    pub last_report: Option<NaiveDate>,
}

pub fn report_due(
    folder: &PatientFolder,
    rx: &Prescription,
    rules: &Rules,
    today: NaiveDate,
) -> Option<ReportDue> {
    let course: Vec<&str> = episode(folder, &rx.id)
        .iter()
        .map(|c| c.rec.id.as_str())
        .collect();
    let last_report = folder
        .reports
        .iter()
        .filter(|r| course.contains(&r.rec.prescription.as_str()))
        .map(|r| r.rec.date)
        .max();
    let visits: Vec<NaiveDate> = folder
        .sessions
        .iter()
        .filter(|s| s.rec.completed() && course.contains(&s.rec.prescription.as_str()))
        .map(|s| s.rec.date)
        .filter(|d| last_report.is_none_or(|r| *d > r))
        .collect();
    let visits_since = visits.len() as u32;
    let since = last_report.or_else(|| visits.iter().min().copied())?;
    let days_since = (today - since).num_days();
    let by_visits = rules.report_every_visits > 0 && visits_since >= rules.report_every_visits;
    let by_days = rules.report_every_days > 0
        && visits_since > 0
        && days_since >= i64::from(rules.report_every_days);
    (by_visits || by_days).then_some(ReportDue {
        visits_since,
        days_since,
        last_report,
    })
}

/// Why `expiring` names a prescription.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AlertReason {
    Expired,
    /// The course's weeks ended (before its expiry) with visits unused.
    CourseEnded,
    Expiring,
    /// The course's weeks end soon (before its expiry), with visits left.
    CourseEnding,
    LowVisits,
    ReportDue,
    /// The patient's health screening is out of date, or soon will be.
    ScreeningDue,
    /// A doctor's clearance the patient's red flags need ends soon, or has
    /// ended, with none after it.
    ClearanceDue,
}

impl AlertReason {
    pub fn as_str(self) -> &'static str {
        match self {
            AlertReason::Expired => "expired",
            AlertReason::Expiring => "expiring",
            AlertReason::CourseEnded => "course-ended",
            AlertReason::CourseEnding => "course-ending",
            AlertReason::LowVisits => "low-visits",
            AlertReason::ReportDue => "report-due",
            AlertReason::ScreeningDue => "screening-due",
            AlertReason::ClearanceDue => "clearance-due",
        }
    }
}

/// The FHIR ServiceRequest status of a prescription: `completed` once
/// discharged, used up, or lapsed after a renewal took over; `revoked` when
/// it lapsed with visits left and nothing renews it; else `active`.
pub fn fhir_status(
    folder: &PatientFolder,
    rx: &Prescription,
    rules: &Rules,
    today: NaiveDate,
) -> &'static str {
    let used = visits_used(folder, &rx.id);
    match status(folder, rx, used, rules, today) {
        // A course whose weeks are over is done as ordered.
        RxStatus::Closed | RxStatus::UsedUp | RxStatus::Ended => "completed",
        RxStatus::Expired if used >= rx.visits => "completed",
        RxStatus::Expired if renewed_by(folder, &rx.id).is_some() => "completed",
        RxStatus::Expired => "revoked",
        RxStatus::Active | RxStatus::Pending => "active",
    }
}

/// Why no prescription could be chosen for a session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoPrescription {
    /// None is in force on the date.
    NoneInForce,
    /// Several are (`all`), and not exactly one of them covers the
    /// session's regions (`covering`, perhaps empty): for the caller to name.
    Several {
        all: Vec<String>,
        covering: Vec<String>,
    },
}

/// The prescription a session on `date` treating `regions` belongs to: the
/// only one in force that day, or of several in force the only one whose
/// course has not ended by then, or of those the only one that covers those
/// regions; for a cancellation or a no-show, which uses no visit, the latest
/// issued on or before the day when none is in force. (One in force whose
/// course has ended is still chosen when it is the only one: `check` then
/// says the visit is past the course's end, and how to extend it.)
pub fn prescription_for<'f>(
    folder: &'f PatientFolder,
    rules: &Rules,
    vocab: &vocab::Vocabulary,
    date: NaiveDate,
    status: Status,
    regions: &[String],
) -> Result<&'f Loaded<Prescription>, NoPrescription> {
    // A closed prescription takes no visit after its discharge.
    let in_force: Vec<&Loaded<Prescription>> = folder
        .prescriptions
        .iter()
        .filter(|r| r.rec.in_force(rules, date))
        .filter(|r| r.rec.closed.as_ref().is_none_or(|c| date <= c.date))
        .collect();
    match in_force.as_slice() {
        [one] => Ok(one),
        [] if status != Status::Completed => folder
            .prescriptions
            .iter()
            .filter(|r| r.rec.issued <= date)
            .max_by_key(|r| (r.rec.issued, r.rec.id.clone()))
            .ok_or(NoPrescription::NoneInForce),
        [] => Err(NoPrescription::NoneInForce),
        many => {
            let open: Vec<&Loaded<Prescription>> = many
                .iter()
                .copied()
                .filter(|r| date <= last_day(folder, &r.rec, rules))
                .collect();
            if let [one] = open.as_slice() {
                return Ok(one);
            }
            let pool = if open.is_empty() { many } else { &open[..] };
            let covering: Vec<&&Loaded<Prescription>> = pool
                .iter()
                .filter(|r| !regions.is_empty() && vocab.covers(&r.rec.regions, regions))
                .collect();
            match covering.as_slice() {
                [one] => Ok(one),
                _ => Err(NoPrescription::Several {
                    all: many.iter().map(|r| r.rec.id.clone()).collect(),
                    covering: covering.iter().map(|r| r.rec.id.clone()).collect(),
                }),
            }
        }
    }
}

/// `in 12 days`, `expires today`, `expired 3 days ago`.
pub fn expiry_words(days: i64) -> String {
    match days {
        0 => "expires today".into(),
        1 => "in 1 day".into(),
        -1 => "expired 1 day ago".into(),
        d if d > 0 => format!("in {d} days"),
        d => format!("expired {} days ago", -d),
    }
}

/// A doctor's clearance that ends within the alert window (or ended within
/// it), while the patient's latest screening still reports a red flag it
/// covers and no clearance covers that flag beyond it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClearanceDue {
    /// The clearance's date and doctor.
    pub date: NaiveDate,
    pub by: String,
    /// Its last day in force.
    pub expires: NaiveDate,
    /// The red flags it covers that still need a clearance after it.
    pub flags: Vec<String>,
}

/// The clearance that ends soonest within `within_days` of `today`, either
/// way, for a red flag of the latest screening that needs one, when no
/// clearance covers that flag beyond the window: what `expiring` asks the
/// doctor to renew before the next visit is refused.
pub fn clearance_due(
    folder: &PatientFolder,
    today: NaiveDate,
    within_days: i64,
) -> Option<ClearanceDue> {
    let p = &folder.patient.as_ref()?.rec;
    let latest = p.screenings.iter().max_by_key(|s| s.date)?;
    let horizon = today + Days::new(u64::try_from(within_days.max(0)).unwrap_or(0));
    let mut due: Option<ClearanceDue> = None;
    for flag in latest
        .flags
        .iter()
        .filter(|f| vocab::flags::needs_clearance(f))
    {
        let covering = || p.clearances.iter().filter(|c| c.flags.contains(flag));
        // Covered beyond the window (or with no end): nothing to ask yet.
        if covering().any(|c| c.expires.is_none_or(|e| e > horizon)) {
            continue;
        }
        let Some(c) = covering()
            .filter(|c| {
                c.expires
                    .is_some_and(|e| (e - today).num_days() >= -within_days)
            })
            .max_by_key(|c| c.expires)
        else {
            continue;
        };
        let expires = c.expires?;
        match &mut due {
            Some(d) if d.date == c.date && d.expires == expires => d.flags.push(flag.clone()),
            Some(d) if d.expires <= expires => {}
            _ => {
                due = Some(ClearanceDue {
                    date: c.date,
                    by: c.by.clone(),
                    expires,
                    flags: vec![flag.clone()],
                });
            }
        }
    }
    due
}

/// A patient's health screening that is due again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ScreeningDue {
    /// The latest screening; none on file.
    pub last: Option<NaiveDate>,
    /// The last day it is current.
    pub current_until: Option<NaiveDate>,
}

/// When a patient's screening is due again: `None` while it is current
/// beyond `within_days` from `today`. A patient with no screening at all is
/// due only where the practice requires screenings (else it is `check`'s
/// warning, not a daily alert).
pub fn screening_due(
    folder: &PatientFolder,
    rules: &Rules,
    today: NaiveDate,
    within_days: i64,
) -> Option<ScreeningDue> {
    let p = &folder.patient.as_ref()?.rec;
    let Some(last) = p.screenings.iter().map(|s| s.date).max() else {
        return rules.require_screening.then_some(ScreeningDue {
            last: None,
            current_until: None,
        });
    };
    let current_until = last + Days::new(rules.screening_valid_days.into());
    ((current_until - today).num_days() <= within_days).then_some(ScreeningDue {
        last: Some(last),
        current_until: Some(current_until),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::practice::folder::parse_folder;
    use crate::practice::read::RawFile;
    use crate::vocab::Vocabulary;

    const ID: &str = "ana-lima-1980";

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// A prescription's file: `more` is added at its top level (`expires`,
    /// `renews`) and `tables` after its prescriber (`[closed]`).
    fn rx(id: &str, issued: &str, visits: u32, more: &str, tables: &str) -> RawFile {
        RawFile {
            rel: format!("patients/{ID}/prescriptions/{id}.toml"),
            bytes: format!(
                "id = \"{id}\"\npatient = \"{ID}\"\nissued = {issued}\nvisits = {visits}\n\
                 regions = [\"lumbar\"]\ntechniques = [\"swedish\"]\n{more}\n\
                 [prescriber]\nname = \"Dr. Ada Vance\"\n{tables}"
            )
            .into_bytes(),
        }
    }

    /// A session's file on prescription `on`: `more` is added at its end
    /// (`status = ...`, `[void]`).
    fn visit(id: &str, on: &str, date: &str, more: &str) -> RawFile {
        RawFile {
            rel: format!("patients/{ID}/sessions/{id}.toml"),
            bytes: format!(
                "id = \"{id}\"\npatient = \"{ID}\"\nprescription = \"{on}\"\ndate = {date}\n\
                 minutes = 50\nregions = [\"lumbar\"]\ntechniques = [\"swedish\"]\n{more}"
            )
            .into_bytes(),
        }
    }

    /// The patient's folder read from `files` (and a patient record), every
    /// file a record: the states below rest on records, not on findings.
    fn folder(files: Vec<RawFile>) -> PatientFolder {
        let mut all = vec![RawFile {
            rel: format!("patients/{ID}/patient.toml"),
            bytes: format!("id = \"{ID}\"\nname = \"Ana Lima\"\n").into_bytes(),
        }];
        all.extend(files);
        let folder = parse_folder(ID, &all, true, &Vocabulary::default());
        assert!(folder.diags.is_empty(), "{:?}", folder.diags);
        assert!(folder.unbuilt.is_empty(), "{:?}", folder.unbuilt);
        folder
    }

    fn the_rx<'f>(folder: &'f PatientFolder, id: &str) -> &'f Prescription {
        &folder.prescription(id).expect("the prescription").rec
    }

    #[test]
    fn only_completed_visits_on_the_prescription_are_used() {
        let f = folder(vec![
            rx("rx-a", "2026-01-05", 6, "", ""),
            rx("rx-b", "2026-01-05", 6, "", ""),
            visit("s1", "rx-a", "2026-01-06", ""),
            visit("s2", "rx-a", "2026-01-08", "status = \"completed\"\n"),
            visit("s3", "rx-a", "2026-01-09", "status = \"cancelled\"\n"),
            visit("s4", "rx-a", "2026-01-10", "status = \"no-show\"\n"),
            visit(
                "s5",
                "rx-a",
                "2026-01-11",
                "[void]\ndate = 2026-01-12\nreason = \"Wrong patient.\"\n",
            ),
            visit("s6", "rx-b", "2026-01-12", ""),
        ]);
        assert_eq!(visits_used(&f, "rx-a"), 2);
        assert_eq!(visits_used(&f, "rx-b"), 1);
        assert_eq!(visits_used(&f, "rx-none"), 0);
        assert_eq!(last_visit(&f, "rx-a"), Some(day("2026-01-08")));
    }

    #[test]
    fn status_on_each_side_of_issue_expiry_and_the_last_visit() {
        let f = folder(vec![rx(
            "rx-a",
            "2026-01-05",
            3,
            "expires = 2026-02-05",
            "",
        )]);
        let rx = the_rx(&f, "rx-a");
        let rules = Rules::default();
        let at = |used: u32, today: &str| status(&f, rx, used, &rules, day(today));
        assert_eq!(at(0, "2026-01-04"), RxStatus::Pending);
        assert_eq!(at(0, "2026-01-05"), RxStatus::Active);
        assert_eq!(at(2, "2026-02-05"), RxStatus::Active, "expiry is inclusive");
        assert_eq!(at(2, "2026-02-06"), RxStatus::Expired);
        assert_eq!(at(3, "2026-01-20"), RxStatus::UsedUp);
        assert_eq!(at(4, "2026-01-20"), RxStatus::UsedUp, "past its visits");
        // Lapsed is said before used up: the date ends it either way.
        assert_eq!(at(3, "2026-02-06"), RxStatus::Expired);
    }

    #[test]
    fn without_expires_a_prescription_lasts_the_practice_s_days() {
        let f = folder(vec![rx("rx-a", "2026-01-05", 3, "", "")]);
        let rx = the_rx(&f, "rx-a");
        let rules = Rules {
            rx_valid_days: 30,
            ..Rules::default()
        };
        assert_eq!(
            status(&f, rx, 0, &rules, day("2026-02-04")),
            RxStatus::Active
        );
        assert_eq!(
            status(&f, rx, 0, &rules, day("2026-02-05")),
            RxStatus::Expired
        );
        assert_eq!(
            of(rx, &f, &rules, day("2026-01-10")).expires,
            day("2026-02-04")
        );
    }

    #[test]
    fn a_closed_prescription_is_closed_whatever_else_holds() {
        let f = folder(vec![rx(
            "rx-a",
            "2026-01-05",
            3,
            "expires = 2026-02-05",
            "[closed]\ndate = 2026-01-20\nreason = \"goals-met\"\n",
        )]);
        let rx = the_rx(&f, "rx-a");
        let rules = Rules::default();
        for (used, today) in [
            (0, "2026-01-04"),
            (1, "2026-01-20"),
            (3, "2026-01-21"),
            (0, "2026-03-01"),
        ] {
            assert_eq!(
                status(&f, rx, used, &rules, day(today)),
                RxStatus::Closed,
                "{used} {today}"
            );
        }
        assert_eq!(fhir_status(&f, rx, &rules, day("2026-01-21")), "completed");
    }

    #[test]
    fn the_state_counts_visits_and_never_goes_below_none_left() {
        let f = folder(vec![
            rx("rx-a", "2026-01-05", 2, "", ""),
            visit("s1", "rx-a", "2026-01-06", ""),
            visit("s2", "rx-a", "2026-01-07", ""),
            visit("s3", "rx-a", "2026-01-08", ""),
        ]);
        let state = of(the_rx(&f, "rx-a"), &f, &Rules::default(), day("2026-01-10"));
        assert_eq!((state.used, state.remaining), (3, 0));
        assert_eq!(state.status, RxStatus::UsedUp);
        assert_eq!(state.renewed_by, None);
    }

    #[test]
    fn renewals_make_one_course_first_to_latest() {
        let f = folder(vec![
            rx("rx-c", "2026-03-01", 3, "renews = \"rx-b\"", ""),
            rx("rx-a", "2026-01-05", 3, "", ""),
            rx("rx-b", "2026-02-01", 3, "renews = \"rx-a\"", ""),
            // A second renewal of rx-b, issued later: not the one that carries it on.
            rx("rx-d", "2026-03-05", 3, "renews = \"rx-b\"", ""),
        ]);
        let ids = |rx: &str| -> Vec<String> {
            episode(&f, rx).iter().map(|r| r.rec.id.clone()).collect()
        };
        for member in ["rx-a", "rx-b", "rx-c"] {
            assert_eq!(ids(member), ["rx-a", "rx-b", "rx-c"], "from {member}");
        }
        assert_eq!(ids("rx-d"), ["rx-a", "rx-b", "rx-d"]);
        assert!(ids("rx-none").is_empty());
        let by = |rx: &str| renewed_by(&f, rx).map(|r| r.rec.id.as_str());
        assert_eq!(by("rx-a"), Some("rx-b"));
        assert_eq!(by("rx-b"), Some("rx-c"), "the earliest issued renewal");
        assert_eq!(by("rx-c"), None);
        let rules = Rules::default();
        assert_eq!(
            of(the_rx(&f, "rx-a"), &f, &rules, day("2026-02-10"))
                .renewed_by
                .as_deref(),
            Some("rx-b")
        );
    }

    #[test]
    fn a_loop_of_renewals_is_each_prescription_once() {
        let f = folder(vec![
            rx("rx-a", "2026-01-05", 3, "renews = \"rx-b\"", ""),
            rx("rx-b", "2026-02-01", 3, "renews = \"rx-a\"", ""),
        ]);
        let ids: Vec<&str> = episode(&f, "rx-a")
            .iter()
            .map(|r| r.rec.id.as_str())
            .collect();
        assert_eq!(ids, ["rx-b", "rx-a"]);
    }

    #[test]
    fn fhir_status_follows_the_state_and_the_renewal() {
        let f = folder(vec![
            rx("rx-a", "2026-01-05", 2, "expires = 2026-01-31", ""),
            rx(
                "rx-b",
                "2026-02-01",
                2,
                "expires = 2026-02-28\nrenews = \"rx-a\"",
                "",
            ),
            rx("rx-c", "2026-03-01", 2, "expires = 2026-03-31", ""),
            rx("rx-d", "2026-04-01", 2, "expires = 2026-04-30", ""),
            visit("s1", "rx-c", "2026-03-02", ""),
            visit("s2", "rx-c", "2026-03-03", ""),
        ]);
        let rules = Rules::default();
        let at = |rx: &str, today: &str| fhir_status(&f, the_rx(&f, rx), &rules, day(today));
        // Lapsed with visits left: carried on by its renewal, or revoked.
        assert_eq!(at("rx-a", "2026-02-10"), "completed");
        assert_eq!(at("rx-b", "2026-03-10"), "revoked");
        // Used up, in force or lapsed.
        assert_eq!(at("rx-c", "2026-03-10"), "completed");
        assert_eq!(at("rx-c", "2026-04-10"), "completed");
        // In force, or not yet.
        assert_eq!(at("rx-d", "2026-04-10"), "active");
        assert_eq!(at("rx-d", "2026-03-10"), "active");
    }
}
