//! What a patient's record says about safety before treatment: the health
//! screenings (coded red flags, [`crate::vocab::flags`]), the doctor's
//! clearances, and the patient's consents. Plain data, as written in
//! `patient.toml`; what they require of a session is the rules'
//! ([`crate::check::safety`]).

use crate::vocab::flags::NONE;
use chrono::NaiveDate;
use serde::Serialize;

/// One health screening (`[[screenings]]`): the red flags the patient
/// reported on that date, or `none`, verified.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Screening {
    pub date: NaiveDate,
    /// Who asked: the therapist.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    /// Red flag ids of the vocabulary; `["none"]` for a verified none.
    pub flags: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Screening {
    /// The flags that are red flags (not `none`).
    pub fn red_flags(&self) -> impl Iterator<Item = &str> {
        self.flags.iter().map(String::as_str).filter(|f| *f != NONE)
    }
}

/// A doctor's clearance (`[[clearances]]`): which red flags it covers, from
/// its date until it expires, and the regions to avoid it sets (none: full
/// clearance).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Clearance {
    pub date: NaiveDate,
    /// The doctor who cleared the patient.
    pub by: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub npi: Option<String>,
    pub flags: Vec<String>,
    /// Regions no session may treat while the clearance is in force; empty
    /// for a full clearance.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub avoid_regions: Vec<String>,
    /// The last day it is in force; none: no end. It clears the flags as
    /// known on its date: a change of health told after it needs another.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires: Option<NaiveDate>,
    /// The letter or form on file, as a path, and its SHA-256.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Clearance {
    pub fn in_force(&self, day: NaiveDate) -> bool {
        self.date <= day && self.expires.is_none_or(|e| day <= e)
    }

    /// `full`, or the regions it says to avoid.
    pub fn scope_words(&self) -> String {
        if self.avoid_regions.is_empty() {
            "full".to_string()
        } else {
            format!("avoid {}", self.avoid_regions.join(", "))
        }
    }
}

/// What a consent covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ConsentScope {
    /// Treatment as such.
    Treatment,
    /// The treatment of sensitive regions: those it names, or all.
    Sensitive,
    /// Intraoral work.
    Intraoral,
    /// A parent's or guardian's consent to a minor's treatment.
    Guardian,
}

impl ConsentScope {
    pub const ALL: &[ConsentScope] = &[
        ConsentScope::Treatment,
        ConsentScope::Sensitive,
        ConsentScope::Intraoral,
        ConsentScope::Guardian,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ConsentScope::Treatment => "treatment",
            ConsentScope::Sensitive => "sensitive",
            ConsentScope::Intraoral => "intraoral",
            ConsentScope::Guardian => "guardian",
        }
    }

    pub fn parse(s: &str) -> Option<ConsentScope> {
        ConsentScope::ALL.iter().copied().find(|c| c.as_str() == s)
    }
}

/// How long a consent lasts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ConsentPer {
    /// From its date until withdrawn.
    #[default]
    Course,
    /// The visit on its date only.
    Session,
}

impl ConsentPer {
    pub fn as_str(self) -> &'static str {
        match self {
            ConsentPer::Course => "course",
            ConsentPer::Session => "session",
        }
    }

    pub fn parse(s: &str) -> Option<ConsentPer> {
        match s {
            "course" => Some(ConsentPer::Course),
            "session" => Some(ConsentPer::Session),
            _ => None,
        }
    }
}

/// A consent the patient (or a guardian) signed (`[[consents]]`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Consent {
    pub date: NaiveDate,
    pub scope: ConsentScope,
    /// For a sensitive consent, the regions it covers; none: every
    /// sensitive region.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub regions: Vec<String>,
    /// Who signed it: the patient, or the guardian.
    pub signed_by: String,
    #[serde(skip_serializing_if = "is_course")]
    pub per: ConsentPer,
    /// The day it was withdrawn: it is not in force from then on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub withdrawn: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

fn is_course(per: &ConsentPer) -> bool {
    *per == ConsentPer::Course
}

/// `[rules] sensitive_consent`: whether the treatment of sensitive regions
/// needs a consent on file, and for how long one lasts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ConsentRule {
    #[default]
    Off,
    PerCourse,
    PerSession,
}

impl ConsentRule {
    pub fn as_str(self) -> &'static str {
        match self {
            ConsentRule::Off => "off",
            ConsentRule::PerCourse => "per-course",
            ConsentRule::PerSession => "per-session",
        }
    }

    pub fn parse(s: &str) -> Option<ConsentRule> {
        match s {
            "off" => Some(ConsentRule::Off),
            "per-course" => Some(ConsentRule::PerCourse),
            "per-session" => Some(ConsentRule::PerSession),
            _ => None,
        }
    }
}
