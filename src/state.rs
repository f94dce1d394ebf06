//! A prescription's state, said once: visits used and left, its status on a
//! day, and which prescription a session on a date belongs to. Listings,
//! reports, alerts, exports and `session add` all ask here.

use chrono::NaiveDate;
use serde::Serialize;

use crate::loader::PatientFolder;
use crate::model::{Prescription, Rules, Status};
use crate::schema::Loaded;

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
    /// Every visit used.
    UsedUp,
}

impl RxStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            RxStatus::Active => "active",
            RxStatus::Pending => "pending",
            RxStatus::Expired => "expired",
            RxStatus::UsedUp => "used-up",
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
    pub visits: u32,
    pub used: u32,
    pub remaining: u32,
    pub status: RxStatus,
    pub prescriber: String,
    pub regions: Vec<String>,
    pub techniques: Vec<String>,
}

/// Completed sessions on the prescription.
pub fn visits_used(folder: &PatientFolder, rx: &str) -> u32 {
    folder
        .sessions
        .iter()
        .filter(|s| s.rec.prescription == rx && s.rec.completed())
        .count() as u32
}

pub fn status(rx: &Prescription, used: u32, rules: &Rules, today: NaiveDate) -> RxStatus {
    if today > rx.expiry(rules) {
        RxStatus::Expired
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
        visits: rx.visits,
        used,
        remaining: rx.visits.saturating_sub(used),
        status: status(rx, used, rules, today),
        prescriber: rx.prescriber.name.clone(),
        regions: rx.regions.clone(),
        techniques: rx.techniques.clone(),
    }
}

/// Why no prescription could be chosen for a session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoPrescription {
    /// None is in force on the date.
    NoneInForce,
    /// Several are: the ids, for the caller to name.
    Several(Vec<String>),
}

/// The prescription a session on `date` belongs to: the only one in force
/// that day; for a cancellation or a no-show, which uses no visit, the latest
/// issued on or before the day when none is in force.
pub fn prescription_for<'f>(
    folder: &'f PatientFolder,
    rules: &Rules,
    date: NaiveDate,
    status: Status,
) -> Result<&'f Loaded<Prescription>, NoPrescription> {
    let in_force: Vec<&Loaded<Prescription>> = folder
        .prescriptions
        .iter()
        .filter(|r| r.rec.in_force(rules, date))
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
        many => Err(NoPrescription::Several(
            many.iter().map(|r| r.rec.id.clone()).collect(),
        )),
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
