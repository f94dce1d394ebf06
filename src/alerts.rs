//! What `mmx expiring` flags, as data: each prescription of the practice
//! nearing its end (expiry, course length, visits), lapsed with visits
//! unused, or due a progress report or a health screening, most urgent
//! first. The command line words each one as a line or JSON.

use chrono::NaiveDate;
use serde::Serialize;

use crate::check::review;
use crate::course;
use crate::course::AlertReason as Reason;
use crate::error::Result;
use crate::model::Prescriber;
use crate::practice::Practice;

/// Whom to call about a prescription: the prescriber as recorded, and as
/// a person calls them.
#[derive(Debug, Clone, Serialize)]
pub struct Contact {
    #[serde(flatten)]
    pub prescriber: Prescriber,
    /// As a person calls them (`Dr. Priya Raman`).
    pub addressed: String,
}

/// One flagged prescription.
#[derive(Debug, Clone, Serialize)]
pub struct Alert {
    pub patient: String,
    pub name: String,
    pub prescription: String,
    pub expires: NaiveDate,
    /// The course's last day, when its weeks end before the expiry
    /// (`course-ending`, `course-ended`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub course_ends: Option<NaiveDate>,
    /// Days from today to the last day (the expiry, or the course's end
    /// when earlier); negative once past it.
    pub days_left: i64,
    pub visits_left: u32,
    pub visits: u32,
    pub prescriber: Contact,
    pub reasons: Vec<Reason>,
    /// With `report-due`: visits and days since the last recorded report.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub report_due: Option<course::ReportDue>,
    /// With `screening-due`: the latest health screening and how long it is current.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub screening_due: Option<course::ScreeningDue>,
    /// With `clearance-due`: the doctor's clearance that ends, and for which red flags.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub clearance_due: Option<course::ClearanceDue>,
}

impl Alert {
    /// Lapsed care first, then care that cannot continue (no visits left),
    /// then the soonest expiry, then the fewest visits left.
    pub fn urgency(&self) -> (bool, i64, u32, &str, &str) {
        let blocked_in = if self.visits_left == 0 {
            self.days_left.min(0)
        } else {
            self.days_left
        };
        (
            self.days_left >= 0,
            blocked_in,
            self.visits_left,
            &self.patient,
            &self.prescription,
        )
    }
}

pub struct Thresholds {
    pub within_days: i64,
    pub visits_left: u32,
}

/// Every prescription of the practice that is expiring, low on visits (a
/// used-up one only while its last visit is recent), or recently expired
/// with visits unused; never a closed one, nor one a renewal carries on
/// ([`course::alert_reasons`]).
/// Also the files left out because they cannot be read (their visits are
/// not counted, so an alert may be missing: the caller says so).
pub fn alerts(
    practice: &Practice,
    today: NaiveDate,
    t: &Thresholds,
) -> Result<(Vec<Alert>, Vec<String>)> {
    let rules = &practice.settings.rules;
    let per_patient = review::each_patient(practice, today, |review| {
        let skipped = review.skipped();
        let folder = review.folder;
        let mut out = Vec::new();
        let name = folder
            .patient
            .as_ref()
            .map(|p| p.rec.name.clone())
            .unwrap_or_default();
        for rx in &folder.prescriptions {
            let r = &rx.rec;
            let expires = r.expiry(rules);
            let last = course::last_day(&folder, r, rules);
            let days_left = (last - today).num_days();
            let used = course::visits_used(&folder, &r.id);
            let visits_left = r.visits.saturating_sub(used);
            let reasons =
                course::alert_reasons(&folder, r, rules, today, t.within_days, t.visits_left);
            if reasons.is_empty() {
                continue;
            }
            out.push(Alert {
                patient: folder.id.clone(),
                name: name.clone(),
                prescription: r.id.clone(),
                expires,
                course_ends: (last < expires).then_some(last),
                days_left,
                visits_left,
                visits: r.visits,
                prescriber: Contact {
                    prescriber: r.prescriber.clone(),
                    addressed: r.prescriber.addressed(),
                },
                report_due: reasons
                    .contains(&Reason::ReportDue)
                    .then(|| course::report_due(&folder, r, rules, today))
                    .flatten(),
                screening_due: reasons
                    .contains(&Reason::ScreeningDue)
                    .then(|| course::screening_due(&folder, rules, today, t.within_days))
                    .flatten(),
                clearance_due: reasons
                    .contains(&Reason::ClearanceDue)
                    .then(|| course::clearance_due(&folder, today, t.within_days))
                    .flatten(),
                reasons,
            });
        }
        (out, skipped)
    })?;
    let mut skipped = Vec::new();
    let mut out: Vec<Alert> = Vec::new();
    for (alerts, files) in per_patient {
        out.extend(alerts);
        skipped.extend(files);
    }
    out.sort_by(|a, b| a.urgency().cmp(&b.urgency()));
    Ok((out, skipped))
}
