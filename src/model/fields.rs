//! The field tables: each record kind's fields (name, type, kind of text,
//! required). The reader takes its known keys from them, the writer its key
//! order, `patient import` its columns and the privacy filter its plain fields.

/// What kind of text a field holds, for the privacy filter and the
/// control-character rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Text {
    /// Ids, dates, numbers, vocabulary, codes: safe to show in a message.
    Plain,
    /// A person's words on one line (a name, a phone number): never shown.
    Line,
    /// A person's words over several lines (notes, SOAP): never shown.
    Lines,
    /// A table or an array of tables, read through its own field table.
    Table,
}

/// The TOML type a field's value has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ty {
    Str,
    Int,
    /// A number: an integer or a float (a measurement, `27.5`).
    Num,
    /// `true` or `false`.
    Bool,
    Date,
    Time,
    /// A list of strings.
    List,
    /// A table (`[prescriber]`).
    Table,
    /// An array of tables (`[[diagnoses]]`).
    Tables,
}

/// One field of a record kind.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    pub name: &'static str,
    pub ty: Ty,
    pub text: Text,
    /// Required in every record of the kind (some fields are required only
    /// in some records: a completed session's `minutes`).
    pub required: bool,
}

const fn req(name: &'static str, ty: Ty, text: Text) -> Field {
    Field {
        name,
        ty,
        text,
        required: true,
    }
}

const fn opt(name: &'static str, ty: Ty, text: Text) -> Field {
    Field {
        name,
        ty,
        text,
        required: false,
    }
}

use Text::{Line, Lines, Plain, Table as Tab};
use Ty::{Bool, Date, Int, List, Num, Str, Table as T, Tables, Time};

pub const PATIENT: &[Field] = &[
    req("id", Str, Plain),
    req("name", Str, Line),
    opt("birth_date", Date, Plain),
    // A person's own words when it is not one of the four: never shown.
    opt("gender", Str, Line),
    opt("phone", Str, Line),
    opt("email", Str, Line),
    opt("address", Str, Lines),
    opt("emergency_contact", Str, Line),
    opt("contraindications", List, Lines),
    opt("avoid_regions", List, Plain),
    opt("avoid_techniques", List, Plain),
    opt("notes", Str, Lines),
    opt("screenings", Tables, Tab),
    opt("clearances", Tables, Tab),
    opt("consents", Tables, Tab),
];

/// A health screening (`mmx patient screen`): red flags of the vocabulary.
pub const SCREENING: &[Field] = &[
    req("date", Date, Plain),
    opt("by", Str, Line),
    req("flags", List, Plain),
    opt("note", Str, Lines),
];

/// A doctor's clearance (`mmx patient clear`).
pub const CLEARANCE: &[Field] = &[
    req("date", Date, Plain),
    req("by", Str, Line),
    opt("npi", Str, Plain),
    req("flags", List, Plain),
    opt("avoid_regions", List, Plain),
    opt("expires", Date, Plain),
    // A path may hold a person's name: never quoted.
    opt("document", Str, Line),
    opt("sha256", Str, Plain),
    opt("note", Str, Lines),
];

/// A consent the patient or a guardian signed (`mmx patient consent`).
pub const CONSENT: &[Field] = &[
    req("date", Date, Plain),
    req("scope", Str, Plain),
    opt("regions", List, Plain),
    req("signed_by", Str, Line),
    opt("per", Str, Plain),
    opt("withdrawn", Date, Plain),
    opt("note", Str, Lines),
];

pub const PRESCRIPTION: &[Field] = &[
    req("id", Str, Plain),
    req("patient", Str, Plain),
    req("issued", Date, Plain),
    opt("expires", Date, Plain),
    opt("renews", Str, Plain),
    // The referrer's order number (a FHIR ServiceRequest's placer
    // identifier): an identifier, but in another system's spelling.
    opt("referral_id", Str, Line),
    req("visits", Int, Plain),
    // Structured (`2x/week`), but files from before were free text: a
    // refused one may be a person's words, so it is never quoted.
    opt("frequency", Str, Line),
    opt("weeks", Int, Plain),
    opt("minutes", Int, Plain),
    req("regions", List, Plain),
    req("techniques", List, Plain),
    opt("avoid_regions", List, Plain),
    opt("avoid_techniques", List, Plain),
    opt("precautions", Str, Lines),
    opt("goals", List, Lines),
    opt("targets", Tables, Tab),
    req("prescriber", T, Tab),
    opt("diagnoses", Tables, Tab),
    opt("order", T, Tab),
    opt("earlier_orders", Tables, Tab),
    opt("closed", T, Tab),
];

/// The order kept on file (`rx add --order`): the file in the patient's
/// `orders/`, its SHA-256, when and how it arrived.
pub const ORDER: &[Field] = &[
    req("file", Str, Plain),
    req("sha256", Str, Plain),
    opt("received", Date, Plain),
    opt("source", Str, Plain),
];

/// A prescription's discharge (`mmx rx close`).
pub const CLOSED: &[Field] = &[
    req("date", Date, Plain),
    req("reason", Str, Plain),
    opt("note", Str, Lines),
    // Who discharged: the therapist at the computer that closed it.
    opt("by", Str, Line),
];

pub const PRESCRIBER: &[Field] = &[
    req("name", Str, Line),
    opt("credential", Str, Plain),
    opt("npi", Str, Plain),
    // A licence number is an identifier, but often written with a state's
    // name or a person's words around it: never quoted.
    opt("license", Str, Line),
    opt("phone", Str, Line),
    opt("fax", Str, Line),
    opt("address", Str, Lines),
];

pub const DIAGNOSIS: &[Field] = &[req("code", Str, Plain), opt("text", Str, Line)];

pub const SESSION: &[Field] = &[
    req("id", Str, Plain),
    req("patient", Str, Plain),
    req("prescription", Str, Plain),
    req("date", Date, Plain),
    opt("start", Time, Plain),
    // `start`'s UTC offset (`-06:00`), where the practice's zone gives the
    // time twice (the hour the clocks go back); the first when left out.
    opt("start_offset", Str, Plain),
    opt("minutes", Int, Plain),
    opt("status", Str, Plain),
    opt("therapist", Str, Line),
    opt("regions", List, Plain),
    opt("techniques", List, Plain),
    opt("pain_before", Int, Plain),
    opt("pain_after", Int, Plain),
    // `none`, or the patient's words.
    opt("health_change", Str, Lines),
    opt("health_change_flags", List, Plain),
    opt("consent", List, Plain),
    // How well the last home programme was followed: full, partial, none.
    opt("adherence", Str, Plain),
    opt("override", Str, Lines),
    opt("measures", Tables, Tab),
    opt("home_care", Tables, Tab),
    opt("soap", T, Tab),
    opt("amendments", Tables, Tab),
    opt("overrides", Tables, Tab),
    opt("void", T, Tab),
];

/// A measurement taken at a visit (`[[measures]]`). `item` is the
/// patient's own activity, in their words.
pub const MEASURE: &[Field] = &[
    req("measure", Str, Plain),
    opt("site", Str, Plain),
    opt("motion", Str, Plain),
    opt("item", Str, Line),
    req("value", Num, Plain),
];

/// An item of the home programme given at a visit (`[[home_care]]`). A
/// dose or frequency the grammar refuses may be a person's words: never
/// quoted.
pub const HOME_CARE: &[Field] = &[
    req("kind", Str, Plain),
    req("region", Str, Plain),
    opt("dose", Str, Line),
    opt("frequency", Str, Line),
];

/// A measurable goal of a prescription (`[[targets]]`).
pub const TARGET: &[Field] = &[
    req("measure", Str, Plain),
    opt("site", Str, Plain),
    opt("motion", Str, Plain),
    opt("item", Str, Line),
    req("target", Num, Plain),
    opt("by", Date, Plain),
];

/// A progress report sent to the prescriber (`mmx report --record`).
pub const REPORT: &[Field] = &[
    req("id", Str, Plain),
    req("patient", Str, Plain),
    req("prescription", Str, Plain),
    req("date", Date, Plain),
    req("to", Str, Line),
    req("format", Str, Plain),
    opt("recommendation", Str, Plain),
    opt("request_visits", Int, Plain),
    // How and when it went (`--sent`, `--on`), and the SHA-256 of the file
    // sent, byte for byte: what the physician received, provable later.
    opt("sent", Str, Plain),
    // A number the practice dialled, in its own spelling: never quoted.
    opt("fax", Str, Line),
    opt("sent_on", Date, Plain),
    opt("sha256", Str, Plain),
];

/// A session recorded in error (`mmx session void`).
pub const VOID: &[Field] = &[
    req("date", Date, Plain),
    opt("by", Str, Line),
    req("reason", Str, Lines),
];

pub const SOAP: &[Field] = &[
    opt("subjective", Str, Lines),
    opt("objective", Str, Lines),
    opt("assessment", Str, Lines),
    opt("plan", Str, Lines),
];

pub const AMENDMENT: &[Field] = &[
    req("date", Date, Plain),
    opt("by", Str, Line),
    req("note", Str, Lines),
];

/// A recorded justification: the findings it excuses, by code and value.
pub const OVERRIDE: &[Field] = &[
    req("date", Date, Plain),
    opt("by", Str, Line),
    req("findings", List, Plain),
    req("reason", Str, Lines),
];

pub const SETTINGS: &[Field] = &[
    req("practice", T, Tab),
    opt("therapists", Tables, Tab),
    opt("rules", T, Tab),
    opt("alerts", T, Tab),
    opt("vocabulary", T, Tab),
    opt("billing", T, Tab),
];
pub const PRACTICE: &[Field] = &[
    req("name", Str, Line),
    opt("therapist", Str, Line),
    opt("address", Str, Lines),
    opt("phone", Str, Line),
    opt("fax", Str, Line),
    opt("time_zone", Str, Plain),
];
/// One of the clinic's therapists (`[[therapists]]` in mmx.toml).
pub const THERAPIST: &[Field] = &[
    req("name", Str, Line),
    opt("credential", Str, Plain),
    opt("license", Str, Line),
    opt("npi", Str, Plain),
];
pub const RULES: &[Field] = &[
    opt("rx_valid_days", Int, Plain),
    opt("report_every_visits", Int, Plain),
    opt("report_every_days", Int, Plain),
    opt("week_starts", Str, Plain),
    opt("screening_valid_days", Int, Plain),
    opt("require_screening", Bool, Plain),
    opt("ask_health_change", Bool, Plain),
    opt("sensitive_consent", Str, Plain),
    opt("sensitive_regions", List, Plain),
    opt("require_order", Bool, Plain),
    opt("retention_years", Int, Plain),
];
pub const ALERTS: &[Field] = &[
    opt("within_days", Int, Plain),
    opt("visits_left", Int, Plain),
];
pub const VOCABULARY: &[Field] = &[
    opt("regions", List, Plain),
    opt("techniques", List, Plain),
    opt("measures", Tables, Tab),
];

/// A practice's own outcome measure (`[[vocabulary.measures]]`).
pub const MEASURE_DEF: &[Field] = &[
    req("id", Str, Plain),
    req("label", Str, Line),
    opt("short", Str, Line),
    req("unit", Str, Line),
    req("min", Num, Plain),
    req("max", Num, Plain),
    req("better", Str, Plain),
    opt("needs", Str, Plain),
    opt("mcid", Num, Plain),
    opt("mcid_source", Str, Line),
];

/// Every field table, for what looks fields up by key alone.
const ALL_TABLES: &[&[Field]] = &[
    PATIENT,
    SCREENING,
    CLEARANCE,
    CONSENT,
    PRESCRIPTION,
    PRESCRIBER,
    DIAGNOSIS,
    CLOSED,
    ORDER,
    SESSION,
    SOAP,
    AMENDMENT,
    OVERRIDE,
    VOID,
    MEASURE,
    HOME_CARE,
    TARGET,
    MEASURE_DEF,
    REPORT,
    SETTINGS,
    PRACTICE,
    THERAPIST,
    RULES,
    ALERTS,
    VOCABULARY,
];

/// What a table or an array of tables inside a record file holds.
#[derive(Debug, Clone, Copy)]
pub enum Nested {
    /// Its own field table (`[prescriber]`, `[[diagnoses]]`).
    Fields(&'static [Field]),
    /// Vocabulary terms as keys, each with a string (`[billing]`:
    /// `myofascial-release = "97140"`).
    TermMap(VocabKind),
}

/// The tables inside each record file, by dotted path from the file's top
/// (`prescription.prescriber`; the tops are `patient`, `prescription`,
/// `session` and `settings`): what a reader of the field tables alone
/// needs to nest them (the JSON Schemas of `mmx schema`). A test holds it
/// to every `Table` and `Tables` field.
pub const NESTED: &[(&str, Nested)] = &[
    ("patient.screenings", Nested::Fields(SCREENING)),
    ("patient.clearances", Nested::Fields(CLEARANCE)),
    ("patient.consents", Nested::Fields(CONSENT)),
    ("prescription.prescriber", Nested::Fields(PRESCRIBER)),
    ("prescription.diagnoses", Nested::Fields(DIAGNOSIS)),
    ("prescription.closed", Nested::Fields(CLOSED)),
    ("prescription.order", Nested::Fields(ORDER)),
    ("prescription.earlier_orders", Nested::Fields(ORDER)),
    ("prescription.targets", Nested::Fields(TARGET)),
    ("session.measures", Nested::Fields(MEASURE)),
    ("session.home_care", Nested::Fields(HOME_CARE)),
    ("session.soap", Nested::Fields(SOAP)),
    ("session.amendments", Nested::Fields(AMENDMENT)),
    ("session.overrides", Nested::Fields(OVERRIDE)),
    ("session.void", Nested::Fields(VOID)),
    ("settings.practice", Nested::Fields(PRACTICE)),
    ("settings.therapists", Nested::Fields(THERAPIST)),
    ("settings.rules", Nested::Fields(RULES)),
    ("settings.alerts", Nested::Fields(ALERTS)),
    ("settings.vocabulary", Nested::Fields(VOCABULARY)),
    ("settings.vocabulary.measures", Nested::Fields(MEASURE_DEF)),
    ("settings.billing", Nested::TermMap(VocabKind::Technique)),
];

/// The fields whose values are vocabulary terms, by the same paths as
/// [`NESTED`] (a list field: each entry is one). The reader refuses an
/// unknown term in each and in no other list (a test reads a record with
/// one in every list field and holds the two to each other). The
/// practice's own terms (`settings.vocabulary.regions`) are new words, not
/// terms.
pub const TERMS: &[(&str, VocabKind)] = &[
    ("patient.avoid_regions", VocabKind::Region),
    ("patient.avoid_techniques", VocabKind::Technique),
    ("prescription.regions", VocabKind::Region),
    ("prescription.techniques", VocabKind::Technique),
    ("prescription.avoid_regions", VocabKind::Region),
    ("prescription.avoid_techniques", VocabKind::Technique),
    ("session.regions", VocabKind::Region),
    ("session.techniques", VocabKind::Technique),
];

/// Region lists (and a home-care item's one region) inside a record's
/// tables, read as [`TERMS`] are (the editors' schemas offer the terms;
/// [`TERMS`] keeps to the top level).
pub const NESTED_TERMS: &[(&str, VocabKind)] = &[
    ("patient.clearances.avoid_regions", VocabKind::Region),
    ("patient.consents.regions", VocabKind::Region),
    ("session.home_care.region", VocabKind::Region),
    ("settings.rules.sensitive_regions", VocabKind::Region),
];

/// The lists whose items are red flags of the screening's vocabulary
/// ([`crate::vocab::flags`]), by the same paths as [`NESTED`].
pub const FLAG_LISTS: &[&str] = &[
    "patient.screenings.flags",
    "patient.clearances.flags",
    "session.health_change_flags",
];

/// The record kinds' top tables, by the first part of a [`NESTED`] path.
pub const RECORD_TOPS: &[(&str, &[Field])] = &[
    ("patient", PATIENT),
    ("prescription", PRESCRIPTION),
    ("session", SESSION),
    ("report", REPORT),
    ("settings", SETTINGS),
];

/// What the table at `path` holds, if `path` names one.
pub fn nested(path: &str) -> Option<Nested> {
    NESTED.iter().find(|(p, _)| *p == path).map(|(_, n)| *n)
}

/// The vocabulary the values at `path` are terms of, if they are terms.
pub fn terms(path: &str) -> Option<VocabKind> {
    TERMS
        .iter()
        .chain(NESTED_TERMS)
        .find(|(p, _)| *p == path)
        .map(|(_, k)| *k)
}

/// Whether a key holds plain values wherever it occurs (`regions`, `date`),
/// never a person's words: what the privacy filter may show a line of.
pub fn is_plain_key(key: &str) -> bool {
    let mut found = false;
    for f in ALL_TABLES.iter().flat_map(|t| t.iter()) {
        if f.name == key {
            if f.text != Plain {
                return false;
            }
            found = true;
        }
    }
    found
}

/// The names of a field table, in its order.
pub fn names(fields: &[Field]) -> Vec<&'static str> {
    fields.iter().map(|f| f.name).collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VocabKind {
    Region,
    Technique,
}

/// The list fields whose items are vocabulary terms, and of which kind (as
/// the readers read them), for `mmx fmt` to write each in canonical form.
pub const VOCAB_LISTS: &[(&str, VocabKind)] = &[
    ("regions", VocabKind::Region),
    ("techniques", VocabKind::Technique),
    ("avoid_regions", VocabKind::Region),
    ("avoid_techniques", VocabKind::Technique),
];
