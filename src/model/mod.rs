//! The records as plain data. Field order here is the canonical key order of
//! the files mmx writes; optional fields that are absent are left out.

pub mod fields;
mod home_care;
mod safety;
mod schedule;

pub use schedule::{Frequency, Per, Phase, Rate};

pub use home_care::{Adherence, HomeCare};

pub use safety::{Clearance, Consent, ConsentPer, ConsentRule, ConsentScope, Screening};

use crate::vocab::flags::SENSITIVE_REGIONS;
use crate::vocab::measures;
use chrono::{NaiveDate, NaiveTime, Weekday};
use serde::Serialize;

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Settings {
    pub practice: PracticeInfo,
    /// The clinic's therapists (`[[therapists]]`): when any are listed, a
    /// session's `therapist` must be one of them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub therapists: Vec<Therapist>,
    #[serde(default)]
    pub rules: Rules,
    #[serde(default)]
    pub alerts: Alerts,
    #[serde(default)]
    pub vocabulary: ExtraVocabulary,
    /// `[billing]`: a technique's service code where it is not the default
    /// ([`crate::billing::DEFAULT_CODES`]).
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub billing: std::collections::BTreeMap<String, String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PracticeInfo {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub therapist: Option<String>,
    /// The letterhead of a report: where a doctor's office writes, calls
    /// and faxes back.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fax: Option<String>,
    /// The IANA zone session times are in (`America/Chicago`), for the
    /// offsets an export writes ([`crate::zone`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
}

/// A therapist of the practice, as the report signs and the FHIR export
/// names them.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Therapist {
    pub name: String,
    /// LMT, CMT, PT, ...
    #[serde(skip_serializing_if = "Option::is_none")]
    pub credential: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub license: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub npi: Option<String>,
}

impl Settings {
    /// The listed therapist of that name, if the practice lists therapists.
    pub fn therapist(&self, name: &str) -> Option<&Therapist> {
        self.therapists.iter().find(|t| t.name == name.trim())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rules {
    pub rx_valid_days: u32,
    /// A progress report to the prescriber is due after this many completed
    /// visits since the last recorded one (0: never by visits).
    pub report_every_visits: u32,
    /// ... or this many days since the last recorded one, or since the
    /// course's first visit (0: never by days).
    pub report_every_days: u32,
    /// The first day of a calendar week, for `Nx/week` frequencies.
    #[serde(serialize_with = "weekday_name")]
    pub week_starts: Weekday,
    /// How long a health screening stays current.
    pub screening_valid_days: u32,
    /// A completed session without a current screening (none on file, or
    /// the latest out of date) is an error (`true`), or a warning (`false`,
    /// the default: said once for the sessions it is about).
    pub require_screening: bool,
    /// A completed session must say whether the patient's health changed
    /// since the last visit (a warning when it does not).
    pub ask_health_change: bool,
    /// Whether treating a sensitive region needs a consent on file.
    pub sensitive_consent: ConsentRule,
    /// The regions that need one.
    pub sensitive_regions: Vec<String>,
    /// Every prescription must keep its order on file (`rx add --order`):
    /// for practices whose payers require the referral itself.
    pub require_order: bool,
}

impl Default for Rules {
    fn default() -> Self {
        Rules {
            rx_valid_days: 365,
            // CMS: a progress report at least once every 10 treatment days
            // (Medicare Benefit Policy Manual, ch. 15, 220.3). Washington
            // L&I: a report after six visits or a month (WAC 296-23-250);
            // a practice there sets `report_every_visits = 6`.
            report_every_visits: 10,
            report_every_days: 30,
            week_starts: Weekday::Mon,
            screening_valid_days: 365,
            require_screening: false,
            ask_health_change: false,
            sensitive_consent: ConsentRule::Off,
            sensitive_regions: SENSITIVE_REGIONS.iter().map(|r| r.to_string()).collect(),
            require_order: false,
        }
    }
}

/// The weekday names `[rules] week_starts` takes, Monday first.
pub const WEEKDAYS: &[(&str, Weekday)] = &[
    ("monday", Weekday::Mon),
    ("tuesday", Weekday::Tue),
    ("wednesday", Weekday::Wed),
    ("thursday", Weekday::Thu),
    ("friday", Weekday::Fri),
    ("saturday", Weekday::Sat),
    ("sunday", Weekday::Sun),
];

pub fn weekday_word(day: Weekday) -> &'static str {
    WEEKDAYS
        .iter()
        .find(|(_, d)| *d == day)
        .map_or("monday", |(n, _)| n)
}

fn weekday_name<S: serde::Serializer>(day: &Weekday, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(weekday_word(*day))
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Alerts {
    pub within_days: u32,
    pub visits_left: u32,
}

impl Default for Alerts {
    fn default() -> Self {
        Alerts {
            within_days: 14,
            visits_left: 1,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ExtraVocabulary {
    pub regions: Vec<String>,
    pub techniques: Vec<String>,
    /// `[[vocabulary.measures]]`: the practice's own outcome measures.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub measures: Vec<measures::MeasureDef>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Patient {
    pub id: String,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub birth_date: Option<NaiveDate>,
    /// FHIR administrative gender, as a receiving system files it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gender: Option<Gender>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub emergency_contact: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub contraindications: Vec<String>,
    /// Standing contraindications as vocabulary: regions and techniques no
    /// session may use, whatever its prescription says.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub avoid_regions: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub avoid_techniques: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// Health screenings (`[[screenings]]`), the doctor's clearances and
    /// the patient's consents, in the order written.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub screenings: Vec<Screening>,
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub clearances: Vec<Clearance>,
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub consents: Vec<Consent>,
}

impl Patient {
    /// The patient's optional text fields (contact details and notes), by
    /// their key in the field table ([`fields::PATIENT`]), in its order:
    /// what intake, a change, the CSV columns, `patient show` and the
    /// reader and writer go through, so a new one is added here, in the
    /// table and in the command line's flags.
    pub const TEXTS: [&'static str; 5] =
        ["phone", "email", "address", "emergency_contact", "notes"];

    /// The text field `key` of [`Patient::TEXTS`] (none for another key).
    pub fn text(&self, key: &str) -> Option<&String> {
        match key {
            "phone" => self.phone.as_ref(),
            "email" => self.email.as_ref(),
            "address" => self.address.as_ref(),
            "emergency_contact" => self.emergency_contact.as_ref(),
            "notes" => self.notes.as_ref(),
            _ => None,
        }
    }

    /// The text field `key` of [`Patient::TEXTS`], to set (none for another key).
    pub fn text_mut(&mut self, key: &str) -> Option<&mut Option<String>> {
        match key {
            "phone" => Some(&mut self.phone),
            "email" => Some(&mut self.email),
            "address" => Some(&mut self.address),
            "emergency_contact" => Some(&mut self.emergency_contact),
            "notes" => Some(&mut self.notes),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Prescription {
    pub id: String,
    pub patient: String,
    pub issued: NaiveDate,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires: Option<NaiveDate>,
    /// The prescription this one continues (a renewal): the two are one
    /// episode of care.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub renews: Option<String>,
    /// The referrer's own number for the order (`rx import`: a FHIR
    /// ServiceRequest's placer identifier), echoed by the export.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub referral_id: Option<String>,
    pub visits: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub frequency: Option<Frequency>,
    /// The course's length: it ends this many weeks after its first
    /// completed visit ([`crate::course`]). Without it, the schedule's
    /// weeks, when every phase has them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weeks: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minutes: Option<u32>,
    pub regions: Vec<String>,
    pub techniques: Vec<String>,
    /// Regions and techniques no session on this prescription may use.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub avoid_regions: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub avoid_techniques: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub precautions: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub goals: Vec<String>,
    /// Measurable goals: a measure and the value it should reach.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub targets: Vec<Target>,
    pub prescriber: Prescriber,
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub diagnoses: Vec<Diagnosis>,
    /// The order itself, kept on file (`rx add --order`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order: Option<Order>,
    /// The orders this prescription kept before the one in `order`
    /// (`rx edit --order` replaced them), oldest first: still on file, for
    /// the visits they covered.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub earlier_orders: Vec<Order>,
    /// The discharge (`mmx rx close`): no visit may follow it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub closed: Option<Closure>,
}

/// The doctor's order kept on file: a scan, a fax, a referral's JSON, copied
/// into the patient's `orders/` with the SHA-256 of its bytes, so a changed
/// or missing file is found (`order-changed`, `order-missing`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Order {
    /// Its name in the patient's `orders/`.
    pub file: String,
    pub sha256: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub received: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<OrderSource>,
}

/// How an order arrived.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum OrderSource {
    Fax,
    Mail,
    Portal,
    Hand,
    Fhir,
}

impl OrderSource {
    pub const ALL: &[OrderSource] = &[
        OrderSource::Fax,
        OrderSource::Mail,
        OrderSource::Portal,
        OrderSource::Hand,
        OrderSource::Fhir,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            OrderSource::Fax => "fax",
            OrderSource::Mail => "mail",
            OrderSource::Portal => "portal",
            OrderSource::Hand => "hand",
            OrderSource::Fhir => "fhir",
        }
    }

    /// How a sentence says it: `by fax`, `by mail`, `through a portal`,
    /// `by hand`, `as a FHIR referral`.
    pub fn words(self) -> &'static str {
        match self {
            OrderSource::Fax => "by fax",
            OrderSource::Mail => "by mail",
            OrderSource::Portal => "through the referrer's portal",
            OrderSource::Hand => "by hand",
            OrderSource::Fhir => "as an electronic referral (FHIR)",
        }
    }

    pub fn parse(s: &str) -> Option<OrderSource> {
        OrderSource::ALL.iter().copied().find(|o| o.as_str() == s)
    }

    pub fn names() -> Vec<&'static str> {
        OrderSource::ALL.iter().map(|o| o.as_str()).collect()
    }
}

impl Order {
    /// `received 2026-10-01 by fax`, as much as is known.
    pub fn arrival_words(&self) -> String {
        match (self.received, self.source) {
            (Some(d), Some(s)) => format!("received {d} {}", s.words()),
            (Some(d), None) => format!("received {d}"),
            (None, Some(s)) => format!("received {}", s.words()),
            (None, None) => "kept on file".to_string(),
        }
    }
}

/// A patient's administrative gender: FHIR R4's value set
/// (http://hl7.org/fhir/administrative-gender), the words a receiving EHR
/// files. It is not a clinical sex or a gender identity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Gender {
    Male,
    Female,
    Other,
    Unknown,
}

impl Gender {
    pub const ALL: &[Gender] = &[Gender::Male, Gender::Female, Gender::Other, Gender::Unknown];

    /// What a gender may be, for a message.
    pub const RULE: &str =
        "gender is one of male, female, other, unknown (FHIR administrative gender)";

    pub fn as_str(self) -> &'static str {
        match self {
            Gender::Male => "male",
            Gender::Female => "female",
            Gender::Other => "other",
            Gender::Unknown => "unknown",
        }
    }

    pub fn parse(s: &str) -> Option<Gender> {
        Gender::ALL.iter().copied().find(|g| g.as_str() == s)
    }
}

/// A prescription's discharge: when, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Closure {
    pub date: NaiveDate,
    pub reason: CloseReason,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Who discharged (`mmx rx close`: the therapist at that computer).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CloseReason {
    GoalsMet,
    PatientWithdrew,
    ReferredOut,
    PhysicianStopped,
    Other,
}

impl CloseReason {
    pub const ALL: &[CloseReason] = &[
        CloseReason::GoalsMet,
        CloseReason::PatientWithdrew,
        CloseReason::ReferredOut,
        CloseReason::PhysicianStopped,
        CloseReason::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CloseReason::GoalsMet => "goals-met",
            CloseReason::PatientWithdrew => "patient-withdrew",
            CloseReason::ReferredOut => "referred-out",
            CloseReason::PhysicianStopped => "physician-stopped",
            CloseReason::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<CloseReason> {
        CloseReason::ALL.iter().copied().find(|r| r.as_str() == s)
    }

    pub fn names() -> Vec<&'static str> {
        CloseReason::ALL.iter().map(|r| r.as_str()).collect()
    }
}

impl Prescription {
    /// The last day the prescription may be used: `expires`, or `issued` plus
    /// the practice's `rx_valid_days`.
    pub fn expiry(&self, rules: &Rules) -> NaiveDate {
        self.expires.unwrap_or_else(|| {
            self.issued
                .checked_add_days(chrono::Days::new(rules.rx_valid_days.into()))
                .unwrap_or(NaiveDate::MAX)
        })
    }

    /// The course's length in weeks: `weeks`, else the schedule's weeks
    /// when every phase has them (`2x/week for 4 weeks`).
    pub fn course_weeks(&self) -> Option<u32> {
        self.weeks
            .or_else(|| self.frequency.as_ref().and_then(Frequency::total_weeks))
    }

    /// Days the practice's default gives the prescription when it says
    /// neither when it expires nor how long its course runs: the expiry then
    /// is a guess for the therapist to confirm with the prescriber.
    pub fn default_expiry_days(&self, rules: &Rules) -> Option<u32> {
        self.expires.is_none().then_some(rules.rx_valid_days)
    }

    pub fn in_force(&self, rules: &Rules, day: NaiveDate) -> bool {
        self.issued <= day && day <= self.expiry(rules)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Prescriber {
    pub name: String,
    /// MD, DO, DC, NP, PA, DPM, DDS, PT, ...
    #[serde(skip_serializing_if = "Option::is_none")]
    pub credential: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub npi: Option<String>,
    /// The state licence number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub license: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fax: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
}

impl Prescriber {
    /// The credentials of a doctor, addressed as `Dr.`.
    const DOCTORS: &[&str] = &[
        "MD", "DO", "DPM", "DDS", "DMD", "DC", "ND", "NMD", "OD", "PHD", "PSYD", "MBBS",
    ];

    /// The prescriber as a person calls them: `Dr. Priya Raman` when the
    /// credential is a doctor's and the name does not say so already;
    /// otherwise the name as written.
    pub fn addressed(&self) -> String {
        let name = self.name.trim();
        let doctor = self.credential.as_deref().is_some_and(|c| {
            let c: String = c.chars().filter(char::is_ascii_alphabetic).collect();
            Self::DOCTORS.contains(&c.to_ascii_uppercase().as_str())
        });
        let titled = name.split_whitespace().next().is_some_and(|w| {
            matches!(
                w.trim_end_matches('.').to_ascii_lowercase().as_str(),
                "dr" | "doctor"
            )
        });
        if doctor && !titled {
            format!("Dr. {name}")
        } else {
            name.to_string()
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Diagnosis {
    pub code: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    #[default]
    Completed,
    Cancelled,
    NoShow,
}

impl Status {
    pub const NAMES: &[&str] = &["completed", "cancelled", "no-show"];

    pub fn parse(s: &str) -> Option<Status> {
        match s {
            "completed" => Some(Status::Completed),
            "cancelled" | "canceled" => Some(Status::Cancelled),
            "no-show" => Some(Status::NoShow),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Completed => "completed",
            Status::Cancelled => "cancelled",
            Status::NoShow => "no-show",
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Session {
    pub id: String,
    pub patient: String,
    pub prescription: String,
    pub date: NaiveDate,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<NaiveTime>,
    /// `start`'s UTC offset as written (`-06:00`, [`crate::values::utc_offset`]):
    /// which of the two it was, in the hour the practice's clocks go back
    /// over; left out, the first.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_offset: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minutes: Option<u32>,
    pub status: Status,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub therapist: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub regions: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub techniques: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pain_before: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pain_after: Option<u8>,
    /// Whether the patient's health changed since the last visit: `none`,
    /// or the patient's words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub health_change: Option<String>,
    /// The red flags the change amounts to: from this visit on, each needs
    /// what the screening's flag would.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub health_change_flags: Vec<String>,
    /// Consents given at this visit, for this visit (`sensitive`,
    /// `intraoral`, `guardian`, `treatment`).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub consent: Vec<String>,
    /// How well the patient says the last home programme was followed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub adherence: Option<Adherence>,
    /// What was measured this visit (`[[measures]]`).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub measures: Vec<Measurement>,
    /// The home programme given at this visit (`[[home_care]]`): the whole
    /// programme from now on, until a later visit gives another.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub home_care: Vec<HomeCare>,
    #[serde(rename = "override", skip_serializing_if = "Option::is_none")]
    pub override_reason: Option<String>,
    #[serde(skip_serializing_if = "Soap::is_empty", default)]
    pub soap: Soap,
    /// Later additions to the record (`mmx session amend`); the session's own
    /// fields are never edited once written.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub amendments: Vec<Amendment>,
    /// Recorded justifications, each naming the findings it excuses
    /// (`--override` on `session add`, or `mmx session override`).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub overrides: Vec<Override>,
    /// Set by `mmx session void`: the session was recorded in error. It
    /// stays in the file and in history, and counts for nothing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub void: Option<Void>,
}

/// Why a session was recorded in error, and when that was said.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Void {
    pub date: NaiveDate,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    pub reason: String,
}

/// One measurement taken at a visit: a measure of the vocabulary, what it
/// names (a site, a motion, an activity) and its value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Measurement {
    #[serde(flatten)]
    pub key: measures::MeasureKey,
    pub value: f64,
}

/// A measurable goal of a prescription: the value a measure should reach,
/// perhaps by a date.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Target {
    #[serde(flatten)]
    pub key: measures::MeasureKey,
    pub target: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by: Option<NaiveDate>,
}

/// A progress report sent to the prescriber (`mmx report --record`):
/// `patients/ID/reports/DATE-SUFFIX.toml`. `expiring` counts from the last.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SentReport {
    pub id: String,
    pub patient: String,
    pub prescription: String,
    pub date: NaiveDate,
    /// To whom: the prescriber's name.
    pub to: String,
    /// `pdf`, `html`, `md`, `text` or `json`.
    pub format: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recommendation: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_visits: Option<u32>,
    /// How it went: `fax`, `mail`, `email` or `hand` ([`SENT_CHANNELS`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sent: Option<String>,
    /// The number it was faxed to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fax: Option<String>,
    /// The day it went, when not the day it is dated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sent_on: Option<NaiveDate>,
    /// The SHA-256 of the file sent, in hex: `report --verify FILE` finds
    /// the record a file is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
}

impl SentReport {
    /// How and when it went, as far as recorded ([`sent_words`]).
    pub fn sent_words(&self) -> Option<String> {
        Some(sent_words(
            self.sent.as_deref()?,
            self.fax.as_deref(),
            self.sent_on.unwrap_or(self.date),
        ))
    }
}

/// `by fax to 555-0199 on 2026-11-24`, `by mail on 2026-11-23`, `by hand
/// on ...`: how a letter went, and when.
pub fn sent_words(channel: &str, fax: Option<&str>, on: NaiveDate) -> String {
    match (channel, fax) {
        ("fax", Some(n)) => format!("by fax to {n} on {on}"),
        _ => format!("by {channel} on {on}"),
    }
}

/// How a recorded report may have been sent (`report --sent`).
pub const SENT_CHANNELS: &[&str] = &["fax", "mail", "email", "hand"];

/// The formats a report is recorded as sent in.
pub const REPORT_FORMATS: &[&str] = &["pdf", "html", "md", "text", "json", "fhir"];
/// The recommendations a recorded report may carry.
pub const RECOMMENDATIONS: &[&str] = &["continue", "renew", "discharge", "refer"];

/// What a voided session's status reads as.
pub const VOID_STATUS: &str = "entered-in-error";

/// A justified deviation from the prescription: the findings it excuses,
/// each as `code: value` (`technique-not-prescribed: cupping`), and why.
/// Any other finding on the session stays what it is.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Override {
    pub date: NaiveDate,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    pub findings: Vec<String>,
    pub reason: String,
}

/// What excuses a finding of a session.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Excuse<'a> {
    /// An `[[overrides]]` entry that names the finding.
    Named(&'a Override),
    /// A plain `override = "reason"` from an earlier mmx, which names no
    /// finding and so excuses every compliance finding of its session.
    Unspecific,
}

/// A dated addition to a written session, as medical records require.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Amendment {
    pub date: NaiveDate,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    pub note: String,
}

impl Session {
    /// A visit that happened and counts: completed, and not voided. Every
    /// rule, count, listing and export asks this.
    pub fn completed(&self) -> bool {
        self.status == Status::Completed && self.void.is_none()
    }

    pub fn is_void(&self) -> bool {
        self.void.is_some()
    }

    /// The session's status as every listing shows it: `entered-in-error`
    /// (FHIR's word) once voided, else its own.
    /// The session as JSON, one shape in `session list`, `session show` and
    /// `patient show`: its file's fields, but `status` says what it counts
    /// as (`entered-in-error` for a voided one, as the text says), so a
    /// script counting completed visits counts what mmx counts.
    pub fn to_json(&self) -> serde_json::Value {
        let mut value = serde_json::to_value(self).unwrap_or(serde_json::Value::Null);
        if let Some(map) = value.as_object_mut() {
            map.insert("status".into(), self.status_word().into());
        }
        value
    }

    pub fn status_word(&self) -> &'static str {
        if self.is_void() {
            VOID_STATUS
        } else {
            self.status.as_str()
        }
    }

    /// Whether anything on the session may excuse findings at all.
    pub fn has_override(&self) -> bool {
        self.override_reason.is_some() || !self.overrides.is_empty()
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Soap {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subjective: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub objective: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assessment: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub plan: Option<String>,
}

impl Soap {
    pub fn is_empty(&self) -> bool {
        self.subjective.is_none()
            && self.objective.is_none()
            && self.assessment.is_none()
            && self.plan.is_none()
    }
}

/// The records a patient's folder keeps one file each of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordKind {
    Prescription,
    Session,
    Report,
}

impl RecordKind {
    pub const ALL: [RecordKind; 3] = [
        RecordKind::Session,
        RecordKind::Prescription,
        RecordKind::Report,
    ];

    /// Its folder in a patient's folder, and what one is called.
    pub const fn folder(self) -> &'static str {
        match self {
            RecordKind::Prescription => "prescriptions",
            RecordKind::Session => "sessions",
            RecordKind::Report => "reports",
        }
    }

    pub const fn word(self) -> &'static str {
        match self {
            RecordKind::Prescription => "prescription",
            RecordKind::Session => "session",
            RecordKind::Report => "report",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Patient;
    use super::fields::{self, Ty};

    /// `Patient::TEXTS` is the table's list of the patient's optional text
    /// fields (all but gender, a code), and each has its slot: a text field
    /// added to the table and not to `TEXTS` would be read, written and
    /// taken in by nothing.
    #[test]
    fn the_patients_text_fields_are_the_tables_and_each_has_a_slot() {
        let in_table: Vec<&str> = fields::PATIENT
            .iter()
            .filter(|f| f.ty == Ty::Str && !f.required && f.name != "gender")
            .map(|f| f.name)
            .collect();
        assert_eq!(in_table, Patient::TEXTS);
        let mut p = Patient::default();
        for key in Patient::TEXTS {
            *p.text_mut(key).expect("a slot") = Some(key.to_string());
        }
        for key in Patient::TEXTS {
            assert_eq!(p.text(key).map(String::as_str), Some(key));
        }
        assert!(p.text("name").is_none() && p.text_mut("gender").is_none());
    }
}
