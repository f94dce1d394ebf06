//! A referral read from the referrer's system: a FHIR R4 `ServiceRequest`,
//! alone or in a `Bundle` with its Patient, Practitioner (or
//! PractitionerRole) and Conditions, mapped to a prescription. The inverse of
//! `crate::export::fhir` (and of `export::bodysite` for body sites):
//!
//! - `authoredOn` -> `issued`; `identifier` (the placer's order number) ->
//!   `referral_id`
//! - `quantityQuantity`, or `occurrenceTiming.repeat.count` -> `visits`
//! - `occurrenceTiming`: `repeat.frequency`/`period`/`periodUnit` (or the
//!   Timing's `code.text` in mmx's grammar, for phases) -> `frequency`;
//!   `boundsDuration` -> the course's weeks; `boundsPeriod.end` (or
//!   `occurrencePeriod.end`) -> `expires`; `repeat.duration` -> `minutes`
//! - `bodySite` (SNOMED CT, laterality in the expression or as a qualifier;
//!   or an mmx region as text) -> `regions`
//! - `orderDetail` (an mmx technique as text; CPT 97010) -> `techniques`
//! - `reasonCode`, `reasonReference` (ICD-10-CM) -> `diagnoses`
//! - `note`, `patientInstruction` -> `precautions`
//! - `requester` (name, NPI, phone, fax, address, qualification) -> `prescriber`
//!
//! Every value that does not map is a finding naming its JSON path and
//! located in the file (`not-mapped`): an error when the prescription would
//! be another without it (an unknown body site, a timing mmx cannot
//! express), a warning for what mmx keeps nowhere. Nothing is guessed.

mod elements;
mod parts;
mod renewal;
mod shape;

pub use renewal::{Earlier, Renewal};

use crate::diag;
use chrono::NaiveDate;
use serde_json::Value;
use std::collections::HashMap;
use std::ops::Range;

use crate::diag::{Code, Diagnostic, Severity, shown};
use crate::export::fhir::EXPIRES_EXTENSION;
use crate::intake::json_spans::{self, element, member};
use crate::model::{Diagnosis, Frequency, Gender, Per, Phase, Prescription, Rate};
use crate::vocab::Vocabulary;

/// What the command line says besides the file: which ServiceRequest of a
/// Bundle, and the values the order names in words mmx cannot map.
#[derive(Debug, Default)]
pub struct Given<'a> {
    /// The `id` of the ServiceRequest to read, when a Bundle holds several.
    pub request: Option<&'a str>,
    /// Techniques the order allows, in place of any mapped.
    pub techniques: &'a [String],
    /// Regions, in place of any mapped.
    pub regions: &'a [String],
    /// Diagnoses (ICD-10-CM), in place of any mapped.
    pub diagnoses: &'a [Diagnosis],
    /// The frequency, in place of the Timing's rate.
    pub frequency: Option<Frequency>,
    /// Regions and techniques to avoid, in place of any mapped.
    pub avoid_regions: &'a [String],
    pub avoid_techniques: &'a [String],
}

/// The patient a referral is for, as its Patient resource says.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReferredPatient {
    pub name: Option<String>,
    pub birth_date: Option<NaiveDate>,
    pub gender: Option<Gender>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub address: Option<String>,
    /// An identifier in an mmx practice's own system (`urn:mmx:...:patient`),
    /// as `mmx export fhir` writes it.
    pub mmx_id: Option<String>,
    /// Where the Patient resource is, for a finding about it.
    pub path: String,
}

/// A referral read: the prescription (its `patient` and `id` for the caller
/// to fill), the patient it names, and the findings, located in the text.
#[derive(Debug)]
pub struct Referral {
    pub rx: Prescription,
    pub patient: Option<ReferredPatient>,
    /// The order it renews, to find among the patient's prescriptions
    /// once the patient is known.
    pub renews: Option<Renewal>,
    pub findings: Vec<Diagnostic>,
}

impl Referral {
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.findings
            .iter()
            .filter(|d| d.severity == Severity::Error)
    }
}

/// Why a file is no referral at all (the command line's to word).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotAReferral {
    NotJson(String),
    NotAServiceRequest(String),
    NoServiceRequest,
    /// `--request ID`, and no ServiceRequest of the Bundle has that id.
    NoSuchRequest {
        ids: Vec<String>,
    },
    /// `--request ID`, and several ServiceRequests have that id.
    SameId,
    /// A Bundle of several patients: the file is kept as one patient's
    /// order, so it may hold no other patient's records.
    SeveralPatients(usize),
    /// A Bundle of several, and none named.
    WhichRequest {
        ids: Vec<String>,
    },
}

impl std::fmt::Display for NotAReferral {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NotAReferral::NotJson(e) => write!(f, "not JSON ({e})"),
            NotAReferral::NotAServiceRequest(t) => write!(
                f,
                "a {} is not a ServiceRequest nor a Bundle holding one",
                parts::type_shaped(t).unwrap_or("resource of another type")
            ),
            NotAReferral::NoServiceRequest => write!(f, "the Bundle holds no ServiceRequest"),
            NotAReferral::SeveralPatients(n) => write!(
                f,
                "the Bundle holds {n} patients; a referral is one patient's, and the file is kept in that patient's folder as the order (`mmx export fhir PATIENT` writes one patient's)"
            ),
            NotAReferral::WhichRequest { ids } => write!(
                f,
                "the Bundle holds {} ServiceRequests; pass --request ID for one of: {}",
                ids.len(),
                listed(ids)
            ),
            NotAReferral::NoSuchRequest { ids } => write!(
                f,
                "--request: the Bundle holds no ServiceRequest of that id; its {}: {}",
                if ids.len() == 1 {
                    "one is"
                } else {
                    "ServiceRequests are"
                },
                listed(ids)
            ),
            NotAReferral::SameId => write!(
                f,
                "several ServiceRequests of the Bundle have the id --request names: mmx cannot tell which is the order"
            ),
        }
    }
}

impl NotAReferral {
    /// Whether the command line is at fault (a flag names what the file
    /// does not hold), rather than the file.
    pub fn is_usage(&self) -> bool {
        matches!(self, NotAReferral::NoSuchRequest { .. })
    }
}

/// Ids as a list, the first twenty of however many.
fn listed(ids: &[String]) -> String {
    const MOST: usize = 20;
    let mut out = ids
        .iter()
        .take(MOST)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if ids.len() > MOST {
        out.push_str(&format!(" and {} more", ids.len() - MOST));
    }
    out
}

/// The elements of a ServiceRequest mmx knows and leaves aside: they say
/// who and where, not what care the order allows.
const ADMINISTRATIVE: &[&str] = &[
    "resourceType",
    "id",
    "meta",
    "implicitRules",
    "language",
    "text",
    "contained",
    "extension",
    "status",
    "intent",
    "category",
    "priority",
    "subject",
    "encounter",
    "performerType",
    "performer",
    "locationCode",
    "locationReference",
    "insurance",
    "supportingInfo",
    "requisition",
    "instantiatesCanonical",
    "instantiatesUri",
    "relevantHistory",
    "specimen",
];

/// Reads the referral in `text` (the file shown as `file`).
pub fn read(
    file: &str,
    text: &str,
    vocab: &Vocabulary,
    given: &Given<'_>,
) -> Result<Referral, NotAReferral> {
    // A byte order mark, which some systems write before JSON, is no part of it.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let root: Value =
        serde_json::from_str(text).map_err(|e| NotAReferral::NotJson(e.to_string()))?;
    let kind = root["resourceType"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let mut resources: Vec<Resource> = Vec::new();
    // What is wrong with the Bundle's entries, for the reader to report.
    let mut entry_findings: Vec<(String, &str)> = Vec::new();
    let sr_path = match kind.as_str() {
        "ServiceRequest" => {
            resources.push(Resource {
                full_url: None,
                value: &root,
                path: String::new(),
            });
            String::new()
        }
        "Bundle" => {
            let entries = root["entry"].as_array().map(Vec::as_slice).unwrap_or(&[]);
            for (i, e) in entries.iter().enumerate() {
                let path = element("entry", i);
                match e.get("resource") {
                    Some(resource) if resource.is_object() => resources.push(Resource {
                        full_url: e["fullUrl"].as_str(),
                        value: resource,
                        path: member(&path, "resource"),
                    }),
                    _ if !e.is_object() => entry_findings.push((
                        path,
                        "not a Bundle entry (an object with a `resource`): the file is not FHIR here",
                    )),
                    Some(_) => entry_findings.push((
                        member(&path, "resource"),
                        "not a resource (an object with a `resourceType`): the file is not FHIR here",
                    )),
                    // A transaction's entry may carry a request alone.
                    None => {}
                }
            }
            let patients = resources
                .iter()
                .filter(|r| r.value["resourceType"] == "Patient")
                .count();
            if patients > 1 {
                return Err(NotAReferral::SeveralPatients(patients));
            }
            let requests: Vec<&Resource> = resources
                .iter()
                .filter(|r| r.value["resourceType"] == "ServiceRequest")
                .collect();
            let ids = || {
                requests
                    .iter()
                    .map(|r| {
                        r.value["id"]
                            .as_str()
                            .and_then(shown)
                            .unwrap_or("(an id mmx does not show)")
                            .to_string()
                    })
                    .collect::<Vec<_>>()
            };
            match (requests.as_slice(), given.request) {
                ([], _) => return Err(NotAReferral::NoServiceRequest),
                ([one], None) => one.path.clone(),
                (_, Some(id)) => {
                    let mut named = requests.iter().filter(|r| r.value["id"] == id);
                    match (named.next(), named.next()) {
                        (Some(r), None) => r.path.clone(),
                        (Some(_), Some(_)) => return Err(NotAReferral::SameId),
                        (None, _) => return Err(NotAReferral::NoSuchRequest { ids: ids() }),
                    }
                }
                (_, None) => return Err(NotAReferral::WhichRequest { ids: ids() }),
            }
        }
        other => return Err(NotAReferral::NotAServiceRequest(other.to_string())),
    };
    let sr = if sr_path.is_empty() {
        &root
    } else {
        pointer(&root, &sr_path)
    };
    // The elements whose JSON type is not FHIR's are reported once, then
    // read as absent (never as missing: they are there).
    let (sr, mistyped) = shape::well_typed(sr);
    let scan = json_spans::scan(text);
    let mut r = Reader {
        file,
        root: kind,
        spans: scan.spans,
        findings: Vec::new(),
        resources,
        sr: &sr,
        sr_path,
        vocab,
        mistyped: Vec::new(),
    };
    for (path, message) in entry_findings {
        r.error(&path, message, None);
    }
    // A key given twice: a person reading the file and mmx could read two
    // different orders. The first few are named; one is enough to refuse.
    const MOST_TWICE: usize = 20;
    for path in scan.twice.iter().take(MOST_TWICE) {
        r.error(
            path,
            "given twice in its object: JSON readers differ on which one counts",
            Some("ask the sender for a file that says each thing once".into()),
        );
    }
    if scan.twice.len() > MOST_TWICE {
        let n = scan.twice.len() - MOST_TWICE;
        r.error(
            "",
            format!("{n} more keys given twice in their objects"),
            None,
        );
    }
    for (key, found, allowed) in mistyped {
        let path = r.at(key);
        r.error(&path, format!("{found}, where FHIR has {allowed}"), None);
        r.mistyped.push(key);
    }
    let rx = r.prescription(given);
    let patient = r.patient();
    let mut renews = r.renewal();
    let mut findings = r.findings;
    diag::locate_all(&mut findings, |_| Some(text.to_string()));
    if let Some(d) = renews.as_mut().and_then(|r| r.unmatched.as_mut()) {
        diag::locate_all(std::slice::from_mut(d), |_| Some(text.to_string()));
    }
    diag::sort(&mut findings);
    Ok(Referral {
        rx,
        patient,
        renews,
        findings,
    })
}

/// Whether one part of a path (`bodySite[1]`) is an element's name, with
/// its indexes.
fn element_shaped(part: &str) -> bool {
    let (name, rest) = part.split_once('[').unwrap_or((part, ""));
    let indexes = rest.is_empty()
        || rest.strip_suffix(']').is_some_and(|r| {
            r.split("][")
                .all(|i| !i.is_empty() && i.bytes().all(|b| b.is_ascii_digit()))
        });
    name.len() <= 64
        && name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        && indexes
}

/// The value at a path of [`json_spans`]' form (`entry[2].resource`).
fn pointer<'v>(root: &'v Value, path: &str) -> &'v Value {
    let mut at = root;
    for part in path.split('.') {
        let (key, rest) = part.split_once('[').unwrap_or((part, ""));
        if !key.is_empty() {
            at = &at[key];
        }
        for index in rest.split('[') {
            if let Ok(i) = index.trim_end_matches(']').parse::<usize>() {
                at = &at[i];
            }
        }
    }
    at
}

/// A resource of the file, for references to find.
struct Resource<'v> {
    full_url: Option<&'v str>,
    value: &'v Value,
    path: String,
}

struct Reader<'t, 'v> {
    file: &'t str,
    /// The file's own resource type, the first part of every path shown.
    root: String,
    spans: HashMap<String, Range<usize>>,
    findings: Vec<Diagnostic>,
    resources: Vec<Resource<'v>>,
    sr: &'v Value,
    sr_path: String,
    vocab: &'t Vocabulary,
    /// The ServiceRequest's elements of another JSON type than FHIR's,
    /// already reported: read as absent, and not reported missing.
    mistyped: Vec<&'static str>,
}

impl<'v> Reader<'_, 'v> {
    fn at(&self, key: &str) -> String {
        member(&self.sr_path, key)
    }

    /// Whether `key` is there but of another type (already reported).
    fn mistyped(&self, key: &str) -> bool {
        self.mistyped.contains(&key)
    }

    /// A path as a message shows it: `ServiceRequest.bodySite[1]`. A key
    /// of the file's that is no element name (`[A-Za-z][A-Za-z0-9_]*`) may
    /// be anyone's words, and is shown as `(key)`.
    fn shown(&self, path: &str) -> String {
        if path.is_empty() {
            return self.root.clone();
        }
        let parts: Vec<&str> = path
            .split('.')
            .map(|part| if element_shaped(part) { part } else { "(key)" })
            .collect();
        format!("{}.{}", self.root, parts.join("."))
    }

    fn push(&mut self, severity: Severity, path: &str, message: String, hint: Option<String>) {
        let span = self.spans.get(path).cloned().unwrap_or(0..0);
        let mut d = Diagnostic::new(
            Code::NotMapped,
            self.file,
            Some(span),
            format!("{}: {message}", self.shown(path)),
        )
        .hint_opt(hint);
        d.severity = severity;
        self.findings.push(d);
    }

    fn error(&mut self, path: &str, message: impl Into<String>, hint: Option<String>) {
        self.push(Severity::Error, path, message.into(), hint);
    }

    fn warn(&mut self, path: &str, message: impl Into<String>) {
        self.push(Severity::Warning, path, message.into(), None);
    }

    /// The resource a `Reference` points at: `#id` among the
    /// ServiceRequest's `contained`, a Bundle entry's `fullUrl`, or
    /// `Type/id` (also at the end of an absolute URL).
    fn resolve(&self, reference: &Value) -> Option<(&'v Value, String)> {
        let r = reference["reference"].as_str()?;
        if let Some(id) = r.strip_prefix('#') {
            let contained = self.sr["contained"].as_array()?;
            return contained.iter().enumerate().find_map(|(i, c)| {
                (c["id"] == id).then(|| (c, element(&self.at("contained"), i)))
            });
        }
        if let Some(res) = self.resources.iter().find(|x| x.full_url == Some(r)) {
            return Some((res.value, res.path.clone()));
        }
        let mut parts = r.rsplit('/');
        let (id, ty) = (parts.next()?, parts.next()?);
        self.resources
            .iter()
            .find(|x| x.value["resourceType"] == ty && x.value["id"] == id)
            .map(|x| (x.value, x.path.clone()))
    }

    fn prescription(&mut self, given: &Given<'_>) -> Prescription {
        let sr = self.sr;
        let mut rx = Prescription::default();
        self.check_kind();
        self.check_elements();
        if let Some(map) = sr.as_object() {
            for key in map.keys() {
                let known = ADMINISTRATIVE.contains(&key.as_str())
                    || matches!(
                        key.as_str(),
                        "identifier"
                            | "authoredOn"
                            | "doNotPerform"
                            | "modifierExtension"
                            | "quantityQuantity"
                            | "quantityRatio"
                            | "quantityRange"
                            | "occurrencePeriod"
                            | "occurrenceTiming"
                            | "occurrenceDateTime"
                            | "asNeededBoolean"
                            | "asNeededCodeableConcept"
                            | "bodySite"
                            | "code"
                            | "orderDetail"
                            | "reasonCode"
                            | "reasonReference"
                            | "note"
                            | "patientInstruction"
                            | "requester"
                            | "replaces"
                            | "basedOn"
                    );
                if !known {
                    let path = self.at(key);
                    self.warn(&path, "not read: mmx keeps nothing of it");
                }
            }
        }
        rx.referral_id = self.referral_id();
        match sr["authoredOn"].as_str() {
            Some(s) => match date(s) {
                Some(d) => rx.issued = d,
                None => {
                    let path = self.at("authoredOn");
                    self.error(
                        &path,
                        "not a date: FHIR writes YYYY-MM-DD, or a dateTime (2026-10-01T09:00:00Z)",
                        None,
                    );
                }
            },
            None if self.mistyped("authoredOn") => {}
            None => {
                let path = self.at("authoredOn");
                self.error(
                    &path,
                    "missing: the day the order was issued",
                    Some("a referral mmx can read says when it was written (`authoredOn`)".into()),
                );
            }
        }
        let count = self.occurrence(&mut rx, given.frequency.as_ref());
        self.quantity(&mut rx, count);
        rx.regions = if given.regions.is_empty() {
            self.regions()
        } else {
            self.vocab.regions_as_given(given.regions)
        };
        rx.techniques = if given.techniques.is_empty() {
            self.techniques()
        } else {
            self.vocab.techniques_as_given(given.techniques)
        };
        rx.diagnoses = if given.diagnoses.is_empty() {
            self.diagnoses()
        } else {
            given.diagnoses.to_vec()
        };
        (rx.avoid_regions, rx.avoid_techniques) = self.avoided(given);
        rx.precautions = self.precautions();
        rx.prescriber = self.prescriber();
        rx
    }

    /// The order must be one, to be carried out.
    fn check_kind(&mut self) {
        let sr = self.sr;
        match sr["status"].as_str() {
            None if self.mistyped("status") => {}
            Some("draft") | Some("entered-in-error") | Some("unknown") | None => {
                let path = self.at("status");
                self.error(
                    &path,
                    "not an order in force (draft, entered in error, unknown or missing)",
                    Some("import the order once the prescriber has signed it".into()),
                );
            }
            _ => {}
        }
        match sr["intent"].as_str() {
            Some(
                "order" | "original-order" | "reflex-order" | "filler-order" | "instance-order",
            ) => {}
            None if self.mistyped("intent") => {}
            _ => {
                let path = self.at("intent");
                self.error(
                    &path,
                    "not an order (a proposal or a plan is not a prescription)",
                    None,
                );
            }
        }
        if sr["doNotPerform"] == Value::Bool(true) {
            let path = self.at("doNotPerform");
            self.error(
                &path,
                "the order says NOT to do this: it is no prescription",
                None,
            );
        }
        if sr.get("modifierExtension").is_some() {
            let path = self.at("modifierExtension");
            self.error(
                &path,
                "an extension that changes the order's meaning, which mmx cannot read",
                None,
            );
        }
    }

    /// The placer's order number: the `PLAC` identifier, else the only one.
    fn referral_id(&mut self) -> Option<String> {
        self.sr["identifier"].as_array()?;
        match renewal::placer(self.sr) {
            Some(v) => Some(v),
            _ => {
                let path = self.at("identifier");
                self.warn(&path, "no placer order number among them: none is kept");
                None
            }
        }
    }

    /// `occurrence[x]`: the frequency, course length, minutes and expiry.
    /// Returns `repeat.count`, the visits a Timing allows, if it says.
    fn occurrence(&mut self, rx: &mut Prescription, given: Option<&Frequency>) -> Option<u32> {
        let sr = self.sr;
        if sr.get("occurrenceDateTime").is_some() {
            let path = self.at("occurrenceDateTime");
            self.error(
                &path,
                "one date is not a course mmx can check",
                Some("a referral for a course gives a period or a timing".into()),
            );
        }
        if let Some(end) = sr["occurrencePeriod"].get("end") {
            let path = member(&self.at("occurrencePeriod"), "end");
            match end.as_str().and_then(date) {
                Some(d) => rx.expires = Some(d),
                None => self.error(&path, "not a date", None),
            }
        }
        let mut count = None;
        let mut weeks = None;
        let mut from_repeat = None;
        // Whether the frequency is the Timing's text in mmx's grammar, whose
        // weeks (or their absence) are as the prescription wrote them.
        let mut from_text = false;
        let timing_path = self.at("occurrenceTiming");
        let timing = &sr["occurrenceTiming"];
        if timing.is_object() {
            if timing.get("event").is_some() {
                let path = member(&timing_path, "event");
                self.error(
                    &path,
                    "visits on given dates are not a rate mmx can check",
                    None,
                );
            }
            let repeat_path = member(&timing_path, "repeat");
            if let Some(repeat) = timing["repeat"].as_object() {
                for (key, v) in repeat {
                    let path = member(&repeat_path, key);
                    match key.as_str() {
                        "count" => count = self.whole(&path, v, 1, 10_000),
                        "boundsDuration" => weeks = self.weeks(&path, v),
                        "boundsPeriod" => match v["end"].as_str().and_then(date) {
                            Some(d) => rx.expires = Some(d),
                            None if v.get("end").is_none() => {}
                            None => self.error(&member(&path, "end"), "not a date", None),
                        },
                        "duration" => {
                            let minutes = match repeat.get("durationUnit").and_then(Value::as_str) {
                                Some("min") => self.whole(&path, v, 1, 600),
                                Some("h") => self.whole(&path, v, 1, 10).map(|h| h * 60),
                                _ => {
                                    let unit = member(&repeat_path, "durationUnit");
                                    self.error(&unit, "not minutes or hours", None);
                                    None
                                }
                            };
                            rx.minutes = minutes;
                        }
                        "durationUnit" | "frequency" | "frequencyMax" | "period" | "periodUnit" => {
                        }
                        // The command line says the rate: the Timing's is not read.
                        "dayOfWeek" | "timeOfDay" | "when" | "offset" | "periodMax"
                            if given.is_some() => {}
                        "dayOfWeek" | "timeOfDay" | "when" | "offset" => self.error(
                            &path,
                            "mmx checks visits per day, week or month, not days of the week nor times of day",
                            Some("pass --frequency with the rate the order means (`2x/week`)".into()),
                        ),
                        _ => self.error(&path, "a timing mmx cannot express", None),
                    }
                }
                if given.is_none() {
                    from_repeat = self.rate(&repeat_path, repeat);
                }
            }
            if let Some(text) = timing["code"]["text"].as_str().filter(|_| given.is_none()) {
                let path = member(&member(&timing_path, "code"), "text");
                match Frequency::read(text) {
                    Ok(f) => {
                        if let Some(r) = &from_repeat
                            && f.phases.first().map(|p| &p.rate) != Some(r)
                        {
                            self.error(&path, "says another rate than the Timing's `repeat`", None);
                        }
                        rx.frequency = Some(f);
                        from_text = true;
                    }
                    Err(_) => self.warn(&path, "not a frequency mmx reads; `repeat` is read"),
                }
            }
        }
        if let Some(f) = given {
            rx.frequency = Some(f.clone());
        }
        if rx.frequency.is_none() {
            rx.frequency = from_repeat.map(|rate| Frequency {
                phases: vec![Phase { rate, weeks: None }],
            });
        }
        if rx.frequency.is_none() && sr["asNeededBoolean"] == Value::Bool(true) {
            rx.frequency = Frequency::parse("as needed");
        }
        if sr.get("asNeededCodeableConcept").is_some() {
            let path = self.at("asNeededCodeableConcept");
            self.warn(&path, "the reason visits are as needed is not kept");
            if rx.frequency.is_none() {
                rx.frequency = Frequency::parse("as needed");
            }
        }
        if let Some(w) = weeks {
            match &mut rx.frequency {
                Some(f) if f.total_weeks() == Some(w) => {}
                Some(f) if !from_text && f.phases.len() == 1 && f.phases[0].weeks.is_none() => {
                    f.phases[0].weeks = Some(w)
                }
                _ => rx.weeks = Some(w),
            }
        }
        self.expires_extension(rx);
        count
    }

    /// The order's own expiry beside a course length ([`EXPIRES_EXTENSION`]).
    fn expires_extension(&mut self, rx: &mut Prescription) {
        let base = self.at("extension");
        let found: Vec<(String, Option<NaiveDate>)> = self.sr["extension"]
            .as_array()
            .into_iter()
            .flatten()
            .enumerate()
            .filter(|(_, e)| e["url"] == EXPIRES_EXTENSION)
            .map(|(i, e)| {
                let path = member(&element(&base, i), "valueDate");
                (path, e["valueDate"].as_str().and_then(date))
            })
            .collect();
        for (path, day) in found {
            match (day, rx.expires) {
                (None, _) => self.error(&path, "not a date (YYYY-MM-DD)", None),
                (Some(d), Some(e)) if d != e => self.error(
                    &path,
                    format!("says the order expires {d}, where its period says {e}"),
                    None,
                ),
                (Some(d), _) => rx.expires = Some(d),
            }
        }
    }

    /// The rate a Timing's `repeat` says, if it says one.
    fn rate(&mut self, path: &str, repeat: &serde_json::Map<String, Value>) -> Option<Rate> {
        let frequency = repeat.get("frequency")?;
        let times = self.whole(&member(path, "frequency"), frequency, 1, 99)?;
        let period = match repeat.get("period") {
            Some(p) => self.whole(&member(path, "period"), p, 1, 99)?,
            None => {
                self.error(&member(path, "period"), "missing beside `frequency`", None);
                return None;
            }
        };
        let per = match repeat.get("periodUnit").and_then(Value::as_str) {
            Some("d") => Per::Day,
            Some("wk") => Per::Week,
            Some("mo") => Per::Month,
            _ => {
                self.error(
                    &member(path, "periodUnit"),
                    "not a day, a week or a month (`d`, `wk`, `mo`)",
                    None,
                );
                return None;
            }
        };
        if repeat.get("periodMax").is_some() {
            self.error(
                &member(path, "periodMax"),
                "a range of periods mmx cannot check",
                None,
            );
        }
        let counted = Rate::Counted {
            times,
            every: period,
            per,
        };
        match repeat.get("frequencyMax") {
            None => Some(counted),
            Some(max) => {
                let most = self.whole(&member(path, "frequencyMax"), max, times, 99)?;
                // `2-3x/week`: kept as written, and check says it is unchecked.
                let words = format!(
                    "{times}-{most}{}",
                    &counted.to_string()[times.to_string().len()..]
                );
                Frequency::parse(&words).and_then(|f| f.phases.into_iter().next().map(|p| p.rate))
            }
        }
    }

    /// A whole number from `min` to `max`.
    fn whole(&mut self, path: &str, v: &Value, min: u32, max: u32) -> Option<u32> {
        let n = v.as_u64().or_else(|| {
            v.as_f64()
                .filter(|f| f.fract() == 0.0 && *f >= 0.0)
                .map(|f| f as u64)
        });
        match n {
            Some(n) if (u64::from(min)..=u64::from(max)).contains(&n) => Some(n as u32),
            _ => {
                self.error(
                    path,
                    format!("not a whole number from {min} to {max}"),
                    None,
                );
                None
            }
        }
    }

    /// A Duration in weeks (`wk`, or days that make whole weeks).
    fn weeks(&mut self, path: &str, v: &Value) -> Option<u32> {
        let unit = v["code"]
            .as_str()
            .or(v["unit"].as_str())
            .unwrap_or_default();
        let per_week = match unit {
            "wk" | "week" | "weeks" => 1,
            "d" | "day" | "days" => 7,
            _ => {
                self.error(
                    path,
                    "not weeks or days: a course's length is in weeks",
                    None,
                );
                return None;
            }
        };
        let n = self.whole(&member(path, "value"), &v["value"], 1, 520 * per_week)?;
        if n % per_week != 0 {
            self.error(path, "not whole weeks", None);
            return None;
        }
        Some(n / per_week)
    }

    fn quantity(&mut self, rx: &mut Prescription, count: Option<u32>) {
        let sr = self.sr;
        for other in ["quantityRatio", "quantityRange"] {
            if sr.get(other).is_some() {
                let path = self.at(other);
                self.error(&path, "mmx counts visits: a number of them", None);
            }
        }
        let path = member(&self.at("quantityQuantity"), "value");
        let given = sr["quantityQuantity"].get("value");
        let quantity = given.and_then(|v| self.whole(&path, v, 1, 10_000));
        // A value that is there but refused is reported once, as itself.
        let said = given.is_some() || self.mistyped("quantityQuantity");
        match (quantity, count) {
            (Some(q), Some(c)) if q != c => self.error(
                &path,
                format!("{q} visits, where the Timing's `repeat.count` says {c}"),
                None,
            ),
            (Some(n), _) | (None, Some(n)) => rx.visits = n,
            (None, None) if said => {}
            (None, None) => {
                let path = self.at("quantityQuantity");
                self.error(
                    &path,
                    "missing: how many visits the order allows",
                    Some("a referral mmx can read gives the visits (`quantityQuantity` or `occurrenceTiming.repeat.count`)".into()),
                );
            }
        }
    }
}

/// A FHIR date or dateTime's day (`2026-10-01`, `2026-10-01T09:00:00Z`,
/// `2026-10-01T09:00:00.250-05:00`): anything else after the day is no
/// dateTime, and the day is not taken from it.
fn date(s: &str) -> Option<NaiveDate> {
    let day = NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d").ok()?;
    let rest = &s[10..];
    if rest.is_empty() {
        return Some(day);
    }
    let b = rest.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    // `Thh:mm:ss`, then an optional fraction, then `Z` or `+hh:mm`.
    let time = b.len() >= 9
        && b[0] == b'T'
        && digits(1..3)
        && b[3] == b':'
        && digits(4..6)
        && b[6] == b':'
        && digits(7..9);
    if !time {
        return None;
    }
    let mut at = 9;
    if b.get(at) == Some(&b'.') {
        let n = b[at + 1..]
            .iter()
            .take_while(|d| d.is_ascii_digit())
            .count();
        if n == 0 || n > 9 {
            return None;
        }
        at += 1 + n;
    }
    let zone = match &b[at..] {
        [b'Z'] => true,
        [b'+' | b'-', ..] => {
            b.len() == at + 6
                && digits(at + 1..at + 3)
                && b[at + 3] == b':'
                && digits(at + 4..at + 6)
        }
        _ => false,
    };
    zone.then_some(day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_date_is_a_fhir_date_or_datetime_and_nothing_else() {
        let day = NaiveDate::from_ymd_opt(2026, 10, 1);
        for ok in [
            "2026-10-01",
            "2026-10-01T09:00:00Z",
            "2026-10-01T09:00:00-05:00",
            "2026-10-01T09:00:00.250+01:00",
        ] {
            assert_eq!(date(ok), day, "{ok}");
        }
        for bad in [
            "2026-10-1",
            "2026-10-01T",
            "2026-10-01T09:00",
            "2026-10-01T09:00:00",
            "2026-10-01T09:00:00.Z",
            "2026-10-01T09:00:00+5",
            "2026-10-01é",
            "2026-10-01T99999999999",
            "२०२६-१०-०१",
        ] {
            assert_eq!(date(bad), None, "{bad}");
        }
    }
}
