//! The records as plain data. Field order here is the canonical key order of
//! the files mmx writes; optional fields that are absent are left out.

use chrono::{Datelike, NaiveDate, NaiveTime, Weekday};
use serde::Serialize;
use toml::{Table, Value};

use crate::schema::{self, Field};

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

/// How often a prescription allows a visit: `2x/week`, optionally for a
/// number of weeks (`2x/week for 6 weeks`). Read once, here, for files and
/// flags alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Frequency {
    pub times: u32,
    pub per: Per,
    pub weeks: Option<u32>,
}

/// The calendar period a frequency counts visits in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Per {
    Day,
    Week,
    Month,
}

impl Per {
    pub fn as_str(self) -> &'static str {
        match self {
            Per::Day => "day",
            Per::Week => "week",
            Per::Month => "month",
        }
    }

    /// The first day of the calendar period holding `date`.
    pub fn period_start(self, date: NaiveDate, week_starts: Weekday) -> NaiveDate {
        match self {
            Per::Day => date,
            Per::Week => {
                let back = (7 + date.weekday().num_days_from_monday()
                    - week_starts.num_days_from_monday())
                    % 7;
                date - chrono::Days::new(back.into())
            }
            Per::Month => date.with_day(1).unwrap_or(date),
        }
    }
}

impl Frequency {
    /// What a frequency may say, for the messages that refuse one.
    pub const GRAMMAR: &str = "Nx/day, Nx/week or Nx/month, optionally followed by `for W weeks` (e.g. `2x/week`, `2x/week for 6 weeks`)";

    /// Reads `2x/week`, `1x/day`, `4x/month`, `2x/week for 6 weeks`, with
    /// any blanks around the parts and in any letter case.
    pub fn parse(text: &str) -> Option<Frequency> {
        let lower = text.trim().to_ascii_lowercase();
        let (rate, span) = match lower.split_once(" for ") {
            Some((rate, span)) => (rate.trim(), Some(span.trim())),
            None => (lower.as_str(), None),
        };
        let (times, per) = rate.split_once('/')?;
        let times = times.trim().strip_suffix('x')?.trim_end();
        let times: u32 = small_number(times, 1, 99)?;
        let per = match per.trim() {
            "day" => Per::Day,
            "week" => Per::Week,
            "month" => Per::Month,
            _ => return None,
        };
        let weeks = match span {
            None => None,
            Some(span) => {
                let (n, unit) = span.split_once(' ')?;
                if !matches!(unit.trim(), "week" | "weeks") {
                    return None;
                }
                Some(small_number(n, 1, 520)?)
            }
        };
        Some(Frequency { times, per, weeks })
    }

    /// Visits per week it asks for, for the report's comparison.
    pub fn per_week(&self) -> f64 {
        let n = f64::from(self.times);
        match self.per {
            Per::Day => n * 7.0,
            Per::Week => n,
            Per::Month => n * 12.0 / 52.0,
        }
    }
}

/// Digits only, within bounds: `+2`, `02x` and `1_0` are not numbers here.
fn small_number(s: &str, min: u32, max: u32) -> Option<u32> {
    if s.is_empty() || s.len() > 3 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok().filter(|n| (min..=max).contains(n))
}

impl std::fmt::Display for Frequency {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}x/{}", self.times, self.per.as_str())?;
        match self.weeks {
            Some(1) => write!(f, " for 1 week"),
            Some(w) => write!(f, " for {w} weeks"),
            None => Ok(()),
        }
    }
}

impl Serialize for Frequency {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
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
    pub measures: Vec<crate::measures::MeasureDef>,
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
    pub visits: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub frequency: Option<Frequency>,
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
    /// The discharge (`mmx rx close`): no visit may follow it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub closed: Option<Closure>,
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
    /// What was measured this visit (`[[measures]]`).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub measures: Vec<Measurement>,
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
    pub key: crate::measures::MeasureKey,
    pub value: f64,
}

/// A measurable goal of a prescription: the value a measure should reach,
/// perhaps by a date.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Target {
    #[serde(flatten)]
    pub key: crate::measures::MeasureKey,
    pub target: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by: Option<NaiveDate>,
}

impl Measurement {
    fn to_table(&self) -> Table {
        key_table(schema::MEASURE, &self.key)
            .float("value", self.value)
            .done()
    }
}

impl Target {
    fn to_table(&self) -> Table {
        key_table(schema::TARGET, &self.key)
            .float("target", self.target)
            .opt_date("by", self.by)
            .done()
    }

    /// The entry as it is appended to a prescription by `mmx rx edit --target`.
    pub fn to_toml(&self) -> String {
        render(
            &TableBuilder::new(schema::PRESCRIPTION)
                .tables("targets", vec![self.to_table()])
                .done(),
        )
    }
}

fn key_table(spec: &'static [Field], k: &crate::measures::MeasureKey) -> TableBuilder {
    TableBuilder::new(spec)
        .str("measure", &k.measure)
        .opt_str("site", &k.site)
        .opt_str("motion", &k.motion)
        .opt_str("item", &k.item)
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
}

impl SentReport {
    pub fn to_toml(&self) -> String {
        render(
            &TableBuilder::new(schema::REPORT)
                .str("id", &self.id)
                .str("patient", &self.patient)
                .str("prescription", &self.prescription)
                .date("date", self.date)
                .str("to", &self.to)
                .str("format", &self.format)
                .opt_str("recommendation", &self.recommendation)
                .opt_int("request_visits", self.request_visits)
                .done(),
        )
    }
}

/// The formats a report is recorded as sent in.
pub const REPORT_FORMATS: &[&str] = &["pdf", "html", "md", "text", "json"];
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

    /// Whether anything on the session may excuse findings at all.
    pub fn has_override(&self) -> bool {
        self.override_reason.is_some() || !self.overrides.is_empty()
    }
}

/// `code: value` keys compare as the one reader of them reads them, without
/// regard to the blanks around the colon.
fn same_key(a: &str, b: &str) -> bool {
    let a = crate::diag::parse_override_key(a);
    a.is_some() && a == crate::diag::parse_override_key(b)
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

/// Builds the canonical TOML table of a record: keys in the order of the
/// record kind's field table ([`crate::schema`]), absent optional fields left
/// out, dates as native TOML dates.
struct TableBuilder(Table, &'static [Field]);

impl TableBuilder {
    fn new(spec: &'static [Field]) -> Self {
        TableBuilder(Table::new(), spec)
    }
    fn str(mut self, key: &str, v: &str) -> Self {
        self.0.insert(key.into(), Value::String(v.to_string()));
        self
    }
    fn opt_str(self, key: &str, v: &Option<String>) -> Self {
        match v {
            Some(v) => self.str(key, v),
            None => self,
        }
    }
    fn int(mut self, key: &str, v: impl Into<i64>) -> Self {
        self.0.insert(key.into(), Value::Integer(v.into()));
        self
    }
    /// A measurement: a whole number as an integer (`130`), else a float.
    fn float(mut self, key: &str, v: f64) -> Self {
        let value = if v.fract() == 0.0 && v.abs() < 1e15 {
            Value::Integer(v as i64)
        } else {
            Value::Float(v)
        };
        self.0.insert(key.into(), value);
        self
    }
    fn opt_int<T: Into<i64> + Copy>(self, key: &str, v: Option<T>) -> Self {
        match v {
            Some(v) => self.int(key, v),
            None => self,
        }
    }
    fn date(mut self, key: &str, v: NaiveDate) -> Self {
        self.0.insert(key.into(), Value::Datetime(toml_date(v)));
        self
    }
    fn opt_date(self, key: &str, v: Option<NaiveDate>) -> Self {
        match v {
            Some(v) => self.date(key, v),
            None => self,
        }
    }
    fn opt_time(mut self, key: &str, v: Option<NaiveTime>) -> Self {
        if let Some(t) = v {
            use chrono::Timelike;
            let time = toml::value::Time {
                hour: t.hour() as u8,
                minute: t.minute() as u8,
                second: Some(t.second() as u8),
                nanosecond: None,
            };
            let dt = toml::value::Datetime {
                date: None,
                time: Some(time),
                offset: None,
            };
            self.0.insert(key.into(), Value::Datetime(dt));
        }
        self
    }
    /// Lists are written even when empty only if `always` is set (required lists).
    fn list(mut self, key: &str, v: &[String], always: bool) -> Self {
        if always || !v.is_empty() {
            let items = v.iter().map(|s| Value::String(s.clone())).collect();
            self.0.insert(key.into(), Value::Array(items));
        }
        self
    }
    fn table(mut self, key: &str, t: Table) -> Self {
        if !t.is_empty() {
            self.0.insert(key.into(), Value::Table(t));
        }
        self
    }
    fn tables(mut self, key: &str, ts: Vec<Table>) -> Self {
        if !ts.is_empty() {
            self.0.insert(
                key.into(),
                Value::Array(ts.into_iter().map(Value::Table).collect()),
            );
        }
        self
    }
    fn done(self) -> Table {
        let TableBuilder(mut table, spec) = self;
        let rank = |k: &str| spec.iter().position(|f| f.name == k).unwrap_or(usize::MAX);
        let mut keys: Vec<String> = table.keys().cloned().collect();
        keys.sort_by_key(|k| rank(k));
        keys.into_iter()
            .filter_map(|k| table.remove(&k).map(|v| (k, v)))
            .collect()
    }
}

pub fn toml_date(d: NaiveDate) -> toml::value::Datetime {
    use chrono::Datelike;
    toml::value::Datetime {
        date: Some(toml::value::Date {
            year: d.year() as u16,
            month: d.month() as u8,
            day: d.day() as u8,
        }),
        time: None,
        offset: None,
    }
}

/// Serialises a canonical table; the same record always gives the same bytes.
fn render(table: &Table) -> String {
    let mut s = toml::to_string(table).unwrap_or_default();
    if !s.ends_with('\n') {
        s.push('\n');
    }
    s
}

impl Settings {
    pub fn to_toml(&self) -> String {
        let practice = TableBuilder::new(schema::PRACTICE)
            .str("name", &self.practice.name)
            .opt_str("therapist", &self.practice.therapist)
            .opt_str("address", &self.practice.address)
            .opt_str("phone", &self.practice.phone)
            .opt_str("fax", &self.practice.fax)
            .opt_str("time_zone", &self.practice.time_zone)
            .done();
        let week_starts = (self.rules.week_starts != Weekday::Mon)
            .then(|| weekday_word(self.rules.week_starts).to_string());
        let rules = TableBuilder::new(schema::RULES)
            .int("rx_valid_days", self.rules.rx_valid_days)
            .int("report_every_visits", self.rules.report_every_visits)
            .int("report_every_days", self.rules.report_every_days)
            .opt_str("week_starts", &week_starts)
            .done();
        let alerts = TableBuilder::new(schema::ALERTS)
            .int("within_days", self.alerts.within_days)
            .int("visits_left", self.alerts.visits_left)
            .done();
        let therapists = self
            .therapists
            .iter()
            .map(|t| {
                TableBuilder::new(schema::THERAPIST)
                    .str("name", &t.name)
                    .opt_str("credential", &t.credential)
                    .opt_str("license", &t.license)
                    .opt_str("npi", &t.npi)
                    .done()
            })
            .collect();
        let vocabulary = TableBuilder::new(schema::VOCABULARY)
            .list("regions", &self.vocabulary.regions, true)
            .list("techniques", &self.vocabulary.techniques, true)
            .done();
        render(
            &TableBuilder::new(schema::SETTINGS)
                .table("practice", practice)
                .tables("therapists", therapists)
                .table("rules", rules)
                .table("alerts", alerts)
                .table("vocabulary", vocabulary)
                .table(
                    "billing",
                    self.billing
                        .iter()
                        .map(|(k, v)| (k.clone(), Value::String(v.clone())))
                        .collect(),
                )
                .done(),
        )
    }
}

impl Patient {
    pub fn to_toml(&self) -> String {
        render(
            &TableBuilder::new(schema::PATIENT)
                .str("id", &self.id)
                .str("name", &self.name)
                .opt_date("birth_date", self.birth_date)
                .opt_str("gender", &self.gender.map(|g| g.as_str().to_string()))
                .opt_str("phone", &self.phone)
                .opt_str("email", &self.email)
                .opt_str("address", &self.address)
                .opt_str("emergency_contact", &self.emergency_contact)
                .list("contraindications", &self.contraindications, false)
                .list("avoid_regions", &self.avoid_regions, false)
                .list("avoid_techniques", &self.avoid_techniques, false)
                .opt_str("notes", &self.notes)
                .done(),
        )
    }
}

impl Prescription {
    pub fn to_toml(&self) -> String {
        let prescriber = TableBuilder::new(schema::PRESCRIBER)
            .str("name", &self.prescriber.name)
            .opt_str("credential", &self.prescriber.credential)
            .opt_str("npi", &self.prescriber.npi)
            .opt_str("license", &self.prescriber.license)
            .opt_str("phone", &self.prescriber.phone)
            .opt_str("fax", &self.prescriber.fax)
            .opt_str("address", &self.prescriber.address)
            .done();
        let diagnoses = self
            .diagnoses
            .iter()
            .map(|d| {
                TableBuilder::new(schema::DIAGNOSIS)
                    .str("code", &d.code)
                    .opt_str("text", &d.text)
                    .done()
            })
            .collect();
        render(
            &TableBuilder::new(schema::PRESCRIPTION)
                .str("id", &self.id)
                .str("patient", &self.patient)
                .date("issued", self.issued)
                .opt_date("expires", self.expires)
                .opt_str("renews", &self.renews)
                .int("visits", self.visits)
                .opt_str("frequency", &self.frequency.map(|f| f.to_string()))
                .opt_int("minutes", self.minutes)
                .list("regions", &self.regions, true)
                .list("techniques", &self.techniques, true)
                .list("avoid_regions", &self.avoid_regions, false)
                .list("avoid_techniques", &self.avoid_techniques, false)
                .opt_str("precautions", &self.precautions)
                .list("goals", &self.goals, false)
                .tables(
                    "targets",
                    self.targets.iter().map(Target::to_table).collect(),
                )
                .table("prescriber", prescriber)
                .tables("diagnoses", diagnoses)
                .table(
                    "closed",
                    self.closed
                        .as_ref()
                        .map(Closure::to_table)
                        .unwrap_or_default(),
                )
                .done(),
        )
    }
}

impl Closure {
    fn to_table(&self) -> Table {
        TableBuilder::new(schema::CLOSED)
            .date("date", self.date)
            .str("reason", self.reason.as_str())
            .opt_str("note", &self.note)
            .done()
    }
}

impl Void {
    fn to_table(&self) -> Table {
        TableBuilder::new(schema::VOID)
            .date("date", self.date)
            .opt_str("by", &self.by)
            .str("reason", &self.reason)
            .done()
    }

    /// The table as it is appended to a session file by `mmx session void`.
    pub fn to_toml(&self) -> String {
        render(
            &TableBuilder::new(schema::SESSION)
                .table("void", self.to_table())
                .done(),
        )
    }
}

impl Amendment {
    fn to_table(&self) -> Table {
        TableBuilder::new(schema::AMENDMENT)
            .date("date", self.date)
            .opt_str("by", &self.by)
            .str("note", &self.note)
            .done()
    }

    /// The entry as it is appended to a session file by `mmx session amend`.
    pub fn to_toml(&self) -> String {
        render(
            &TableBuilder::new(schema::SESSION)
                .tables("amendments", vec![self.to_table()])
                .done(),
        )
    }
}

impl Override {
    fn to_table(&self) -> Table {
        TableBuilder::new(schema::OVERRIDE)
            .date("date", self.date)
            .opt_str("by", &self.by)
            .list("findings", &self.findings, true)
            .str("reason", &self.reason)
            .done()
    }

    /// The entry as it is appended to a session file by `mmx session override`.
    pub fn to_toml(&self) -> String {
        render(
            &TableBuilder::new(schema::SESSION)
                .tables("overrides", vec![self.to_table()])
                .done(),
        )
    }
}

impl Session {
    pub fn to_toml(&self) -> String {
        let soap = TableBuilder::new(schema::SOAP)
            .opt_str("subjective", &self.soap.subjective)
            .opt_str("objective", &self.soap.objective)
            .opt_str("assessment", &self.soap.assessment)
            .opt_str("plan", &self.soap.plan)
            .done();
        let done = self.status == Status::Completed;
        let status = (!done).then(|| self.status.as_str().to_string());
        render(
            &TableBuilder::new(schema::SESSION)
                .str("id", &self.id)
                .str("patient", &self.patient)
                .str("prescription", &self.prescription)
                .date("date", self.date)
                .opt_time("start", self.start)
                .opt_int("minutes", self.minutes)
                .opt_str("status", &status)
                .opt_str("therapist", &self.therapist)
                .list("regions", &self.regions, done)
                .list("techniques", &self.techniques, done)
                .opt_int("pain_before", self.pain_before)
                .opt_int("pain_after", self.pain_after)
                .opt_str("override", &self.override_reason)
                .tables(
                    "measures",
                    self.measures.iter().map(Measurement::to_table).collect(),
                )
                .table("soap", soap)
                .tables(
                    "amendments",
                    self.amendments.iter().map(Amendment::to_table).collect(),
                )
                .tables(
                    "overrides",
                    self.overrides.iter().map(Override::to_table).collect(),
                )
                .table(
                    "void",
                    self.void.as_ref().map(Void::to_table).unwrap_or_default(),
                )
                .done(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{self, Ty};

    #[test]
    fn frequencies_read_their_grammar_and_nothing_else() {
        let f = |s: &str| Frequency::parse(s).map(|f| f.to_string());
        assert_eq!(f("2x/week").as_deref(), Some("2x/week"));
        assert_eq!(f(" 2X / Week ").as_deref(), Some("2x/week"));
        assert_eq!(f("1x/day").as_deref(), Some("1x/day"));
        assert_eq!(f("4x/month").as_deref(), Some("4x/month"));
        assert_eq!(
            f("2x/week for 6 weeks").as_deref(),
            Some("2x/week for 6 weeks")
        );
        assert_eq!(
            f("1x/week for 1 week").as_deref(),
            Some("1x/week for 1 week")
        );
        for bad in [
            "",
            "twice weekly",
            "2/week",
            "0x/week",
            "2x/fortnight",
            "2x/week for",
            "2x/week for six weeks",
            "2x/week for 6 days",
            "+2x/week",
            "1x/week for 4 weeks, then every 2-4 weeks",
        ] {
            assert_eq!(f(bad), None, "{bad:?}");
        }
        assert_eq!(Frequency::parse("3x/week").unwrap().per_week(), 3.0);
        assert_eq!(Frequency::parse("1x/day").unwrap().per_week(), 7.0);
    }

    #[test]
    fn calendar_periods_start_where_the_practice_says() {
        // 2026-01-14 is a Wednesday.
        let day = d("2026-01-14");
        assert_eq!(Per::Week.period_start(day, Weekday::Mon), d("2026-01-12"));
        assert_eq!(Per::Week.period_start(day, Weekday::Sun), d("2026-01-11"));
        assert_eq!(Per::Week.period_start(day, Weekday::Wed), day);
        assert_eq!(Per::Week.period_start(day, Weekday::Thu), d("2026-01-08"));
        assert_eq!(Per::Month.period_start(day, Weekday::Mon), d("2026-01-01"));
        assert_eq!(Per::Day.period_start(day, Weekday::Mon), day);
    }

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// Every value written has the type, and every table the key order, of
    /// its record kind's field table: the writer and the table cannot drift.
    #[test]
    fn what_the_writer_writes_is_what_the_field_tables_say() {
        let some = || Some("x y".to_string());
        let patient = Patient {
            id: "a".into(),
            name: "A".into(),
            birth_date: Some(d("1980-01-01")),
            gender: Some(Gender::Female),
            phone: some(),
            email: some(),
            address: some(),
            emergency_contact: some(),
            contraindications: vec!["c".into()],
            avoid_regions: vec!["intraoral".into()],
            avoid_techniques: vec!["cupping".into()],
            notes: some(),
        };
        let rx = Prescription {
            id: "r".into(),
            patient: "a".into(),
            issued: d("2026-01-01"),
            expires: Some(d("2026-02-01")),
            renews: Some("q".into()),
            visits: 3,
            frequency: Frequency::parse("2x/week for 6 weeks"),
            minutes: Some(50),
            regions: vec!["lumbar".into()],
            techniques: vec!["swedish".into()],
            avoid_regions: vec!["left-wrist".into()],
            avoid_techniques: vec!["cupping".into()],
            precautions: some(),
            goals: vec!["g".into()],
            targets: vec![Target {
                key: crate::measures::MeasureKey {
                    measure: "rom".into(),
                    site: Some("left-shoulder".into()),
                    motion: Some("flexion".into()),
                    item: None,
                },
                target: 160.0,
                by: Some(d("2026-03-01")),
            }],
            prescriber: Prescriber {
                name: "P".into(),
                credential: some(),
                npi: some(),
                license: some(),
                phone: some(),
                fax: some(),
                address: some(),
            },
            diagnoses: vec![Diagnosis {
                code: "M54.16".into(),
                text: some(),
            }],
            closed: Some(Closure {
                date: d("2026-01-20"),
                reason: CloseReason::GoalsMet,
                note: some(),
            }),
        };
        let session = Session {
            id: "s".into(),
            patient: "a".into(),
            prescription: "r".into(),
            date: d("2026-01-02"),
            start: NaiveTime::from_hms_opt(9, 30, 0),
            minutes: Some(50),
            status: Status::NoShow,
            therapist: some(),
            regions: vec!["lumbar".into()],
            techniques: vec!["swedish".into()],
            pain_before: Some(3),
            pain_after: Some(1),
            measures: vec![Measurement {
                key: crate::measures::MeasureKey {
                    measure: "psfs".into(),
                    site: None,
                    motion: None,
                    item: Some("Lift grandchild".into()),
                },
                value: 4.5,
            }],
            override_reason: some(),
            soap: Soap {
                subjective: some(),
                objective: some(),
                assessment: some(),
                plan: some(),
            },
            amendments: vec![Amendment {
                date: d("2026-01-03"),
                by: some(),
                note: "n".into(),
            }],
            overrides: vec![Override {
                date: d("2026-01-03"),
                by: some(),
                findings: vec!["wrong-side: right-knee".into()],
                reason: "r".into(),
            }],
            void: Some(Void {
                date: d("2026-01-04"),
                by: some(),
                reason: "r".into(),
            }),
        };
        let settings = Settings {
            practice: PracticeInfo {
                name: "P".into(),
                therapist: some(),
                address: some(),
                phone: some(),
                fax: some(),
                time_zone: some(),
            },
            therapists: vec![Therapist {
                name: "T".into(),
                credential: some(),
                license: some(),
                npi: some(),
            }],
            rules: Rules {
                week_starts: Weekday::Sun,
                ..Default::default()
            },
            ..Default::default()
        };
        fn agree(table: &Table, spec: &[schema::Field], subs: &[(&str, &'static [schema::Field])]) {
            let keys: Vec<&str> = table.keys().map(String::as_str).collect();
            let order: Vec<&str> = spec
                .iter()
                .map(|f| f.name)
                .filter(|n| keys.contains(n))
                .collect();
            assert_eq!(keys, order, "keys out of the table's order");
            for (key, value) in table {
                let f = spec
                    .iter()
                    .find(|f| f.name == key)
                    .expect("a key the table names");
                let ok = match (f.ty, value) {
                    (Ty::Str, Value::String(_)) | (Ty::Int, Value::Integer(_)) => true,
                    (Ty::Num, Value::Integer(_) | Value::Float(_)) => true,
                    (Ty::Date, Value::Datetime(dt)) => dt.date.is_some() && dt.time.is_none(),
                    (Ty::Time, Value::Datetime(dt)) => dt.date.is_none() && dt.time.is_some(),
                    (Ty::List, Value::Array(a)) => a.iter().all(Value::is_str),
                    (Ty::Table, Value::Table(t)) => {
                        let sub = subs.iter().find(|(k, _)| k == key).expect("a sub-table").1;
                        agree(t, sub, subs);
                        true
                    }
                    (Ty::Tables, Value::Array(a)) => {
                        let sub = subs.iter().find(|(k, _)| k == key).expect("a sub-table").1;
                        a.iter().all(|t| {
                            agree(t.as_table().expect("a table"), sub, subs);
                            true
                        })
                    }
                    _ => false,
                };
                assert!(ok, "`{key}` is written as {value:?}, not {:?}", f.ty);
            }
        }
        let subs: &[(&str, &'static [schema::Field])] = &[
            ("prescriber", schema::PRESCRIBER),
            ("diagnoses", schema::DIAGNOSIS),
            ("soap", schema::SOAP),
            ("amendments", schema::AMENDMENT),
            ("overrides", schema::OVERRIDE),
            ("measures", schema::MEASURE),
            ("targets", schema::TARGET),
            ("closed", schema::CLOSED),
            ("void", schema::VOID),
            ("practice", schema::PRACTICE),
            ("therapists", schema::THERAPIST),
            ("rules", schema::RULES),
            ("alerts", schema::ALERTS),
            ("vocabulary", schema::VOCABULARY),
        ];
        for (text, spec) in [
            (patient.to_toml(), schema::PATIENT),
            (rx.to_toml(), schema::PRESCRIPTION),
            (session.to_toml(), schema::SESSION),
            (settings.to_toml(), schema::SETTINGS),
        ] {
            let table: Table = toml::from_str(&text).unwrap();
            agree(&table, spec, subs);
        }
    }
}
