//! The schema reader: reads one record file's TOML tree (from [`crate::doc`])
//! into the model, collecting every problem as a located diagnostic instead of
//! stopping at the first. Each record kind owns one table of its fields
//! ([`PATIENT`], [`PRESCRIPTION`], [`SESSION`], ...): the reader takes the
//! known keys and each value's kind of text from it, the writer its key order,
//! `patient import` its columns and the privacy filter its plain fields.
//! A record whose required fields cannot be read, or that is not where its
//! id says, yields `None` (its problems are reported); anything else yields
//! the record, with the spans the cross-record rules need to point back into
//! the file.

use std::ops::Range;

use crate::doc::{self, Table as DeTable, Value as DeValue};
use chrono::{NaiveDate, NaiveTime};

use crate::diag::{Code, Diagnostic, quoted};
use crate::icd::Verdict;
use crate::measures::MeasureKey;
use crate::model::{
    Alerts, Amendment, CloseReason, Closure, Diagnosis, ExtraVocabulary, Frequency, Gender,
    Override, Patient, PracticeInfo, Prescriber, Prescription, Rules, Session, Settings, Soap,
    Status, Therapist, Void, WEEKDAYS,
};
use crate::model::{Measurement, Target};
use crate::vocab::{VocabError, Vocabulary};

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
use Ty::{Date, Int, List, Num, Str, Table as T, Tables, Time};

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
];

pub const PRESCRIPTION: &[Field] = &[
    req("id", Str, Plain),
    req("patient", Str, Plain),
    req("issued", Date, Plain),
    opt("expires", Date, Plain),
    opt("renews", Str, Plain),
    req("visits", Int, Plain),
    // Structured (`2x/week`), but files from before were free text: a
    // refused one may be a person's words, so it is never quoted.
    opt("frequency", Str, Line),
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
    opt("closed", T, Tab),
];

/// A prescription's discharge (`mmx rx close`).
pub const CLOSED: &[Field] = &[
    req("date", Date, Plain),
    req("reason", Str, Plain),
    opt("note", Str, Lines),
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
    opt("minutes", Int, Plain),
    opt("status", Str, Plain),
    opt("therapist", Str, Line),
    opt("regions", List, Plain),
    opt("techniques", List, Plain),
    opt("pain_before", Int, Plain),
    opt("pain_after", Int, Plain),
    opt("override", Str, Lines),
    opt("measures", Tables, Tab),
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
    PRESCRIPTION,
    PRESCRIBER,
    DIAGNOSIS,
    CLOSED,
    SESSION,
    SOAP,
    AMENDMENT,
    OVERRIDE,
    VOID,
    MEASURE,
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
    ("prescription.prescriber", Nested::Fields(PRESCRIBER)),
    ("prescription.diagnoses", Nested::Fields(DIAGNOSIS)),
    ("prescription.closed", Nested::Fields(CLOSED)),
    ("prescription.targets", Nested::Fields(TARGET)),
    ("session.measures", Nested::Fields(MEASURE)),
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

/// The record kinds' top tables, by the first part of a [`NESTED`] path.
pub const RECORD_TOPS: &[(&str, &[Field])] = &[
    ("patient", PATIENT),
    ("prescription", PRESCRIPTION),
    ("session", SESSION),
    ("settings", SETTINGS),
];

/// What the table at `path` holds, if `path` names one.
pub fn nested(path: &str) -> Option<Nested> {
    NESTED.iter().find(|(p, _)| *p == path).map(|(_, n)| *n)
}

/// The vocabulary the values at `path` are terms of, if they are terms.
pub fn terms(path: &str) -> Option<VocabKind> {
    TERMS.iter().find(|(p, _)| *p == path).map(|(_, k)| *k)
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

/// The first character a text may not hold: a control character other than
/// tab (and, in multi-line text, line breaks), DEL, or a C1 control.
pub fn control_char(s: &str, lines: bool) -> Option<char> {
    let bytes = s.as_bytes();
    let at = |i: usize| -> Option<char> {
        match bytes[i] {
            b'\t' => None,
            b'\n' | b'\r' if lines => None,
            b @ (0..=0x1f | 0x7f) => Some(char::from(b)),
            // U+0080..U+009F are 0xC2 0x80..0x9F in UTF-8.
            0xc2 => bytes
                .get(i + 1)
                .filter(|n| (0x80..=0x9f).contains(*n))
                .map(|n| char::from_u32(u32::from(*n)).unwrap_or('\u{FFFD}')),
            _ => None,
        }
    };
    // Almost every text holds none, and a multi-line one only line breaks:
    // eight bytes at a time, each byte looked at only in a word that may
    // hold one.
    let mut i = 0;
    while i + 8 <= bytes.len() {
        if may_hold_control(&bytes[i..i + 8])
            && let Some(c) = (i..i + 8).find_map(at)
        {
            return Some(c);
        }
        i += 8;
    }
    (i..bytes.len()).find_map(at)
}

/// Whether any byte could start a control character: below 0x20, DEL, or
/// 0xC2 (the lead byte of U+0080..U+009F). Every string of every record
/// passes here, SOAP notes included, so it is written to vectorise: a block
/// of bytes is folded without an early exit, blocks are left early.
fn may_hold_control(bytes: &[u8]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // Whether any byte of the word is zero (the classic bit trick).
    let has_zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGH != 0;
    let mut words = bytes.chunks_exact(8);
    for w in &mut words {
        let x = u64::from_le_bytes([w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]]);
        // A byte below 0x20 has its high bit clear and goes below zero when
        // 0x20 is taken from it.
        let below_space = x.wrapping_sub(0x20 * ONES) & !x & HIGH != 0;
        if below_space || has_zero(x ^ (0x7f * ONES)) || has_zero(x ^ (0xc2 * ONES)) {
            return true;
        }
    }
    words
        .remainder()
        .iter()
        .any(|&b| b < 0x20 || b == 0x7f || b == 0xc2)
}

/// The words of the control-character rule, for a file and a flag alike;
/// `lines` when the field is multi-line text.
pub fn control_char_message(name: &str, c: char, lines: bool) -> String {
    format!(
        "`{name}` holds the control character U+{:04X}; text may hold tabs{}, never terminal or control codes",
        u32::from(c),
        if lines { " and line breaks" } else { "" }
    )
}

/// Byte ranges of the values the rules point at, keyed by field path
/// (`date`, `regions.2`, `diagnoses.0.code`). Every field of every record
/// gets one but few are ever looked up (only when a finding points there), so
/// the keys share one string instead of one allocation each.
#[derive(Debug, Clone, Default)]
pub struct Spans {
    keys: String,
    /// Where each key is in `keys`, and its span.
    entries: Vec<(Range<usize>, Range<usize>)>,
}

impl Spans {
    /// Room for the fields of a typical record, so recording them never reallocates.
    fn with_capacity() -> Spans {
        Spans {
            keys: String::with_capacity(256),
            entries: Vec::with_capacity(32),
        }
    }

    pub fn get(&self, key: &str) -> Option<Range<usize>> {
        // The latest entry for a key wins, as a map's insert would.
        self.entries
            .iter()
            .rev()
            .find(|(k, _)| &self.keys[k.clone()] == key)
            .map(|(_, span)| span.clone())
    }

    /// Records the span of `{prefix}{key}`, or `{prefix}{key}.{index}`.
    fn set(&mut self, prefix: &str, key: &str, index: Option<usize>, span: Range<usize>) {
        use std::fmt::Write;
        let start = self.keys.len();
        self.keys.push_str(prefix);
        self.keys.push_str(key);
        if let Some(i) = index {
            let _ = write!(self.keys, ".{i}");
        }
        self.entries.push((start..self.keys.len(), span));
    }
}

/// A record read from a file (or about to be written to one).
#[derive(Debug, Clone)]
pub struct Loaded<T> {
    /// Path relative to the practice root, with `/` separators.
    pub file: String,
    pub rec: T,
    pub spans: Spans,
}

impl<T> Loaded<T> {
    /// A diagnostic pointing at field `key` of this record (or its start when the
    /// field has no recorded span).
    pub fn diag(&self, code: Code, key: &str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(
            code,
            &self.file,
            Some(self.spans.get(key).unwrap_or(0..0)),
            message,
        )
    }
}

/// An id mmx will use in a path: `[a-z0-9][a-z0-9-]{0,63}`, and not a name
/// Windows reserves for a device (a clone there could not check it out).
pub fn is_slug(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.len() <= 64
        && (b[0].is_ascii_lowercase() || b[0].is_ascii_digit())
        && b.iter()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
        && !is_reserved(s)
}

/// `con`, `prn`, `aux`, `nul`, `com1`-`com9`, `lpt1`-`lpt9`.
fn is_reserved(s: &str) -> bool {
    matches!(s, "con" | "prn" | "aux" | "nul")
        || (s.len() == 4
            && (s.starts_with("com") || s.starts_with("lpt"))
            && matches!(s.as_bytes()[3], b'1'..=b'9'))
}

pub const SLUG_RULE: &str = "ids are 1-64 characters of a-z, 0-9 and '-', starting with a letter or digit (and not con, prn, aux, nul, com1-9 or lpt1-9)";

/// True for a 10-digit NPI whose last digit is the Luhn check digit over
/// the prefix 80840 and the first nine digits.
pub fn npi_valid(npi: &str) -> bool {
    let digits: Vec<u32> = npi.chars().filter_map(|c| c.to_digit(10)).collect();
    if npi.len() != 10 || digits.len() != 10 {
        return false;
    }
    // 80840 prefix contributes a constant 24 to the Luhn sum.
    let mut sum = 24;
    for (i, d) in digits[..9].iter().rev().enumerate() {
        sum += if i % 2 == 0 {
            let x = d * 2;
            if x > 9 { x - 9 } else { x }
        } else {
            *d
        };
    }
    (10 - sum % 10) % 10 == digits[9]
}

/// A clinician's credential as written after the name: `MD`, `DO`, `DC`,
/// `NP`, `PA-C`, `DPM`, `DDS`, `PT`, `LMT`, `M.D.`: 1-16 ASCII letters,
/// digits, `.`, `-` or `/`, with at least one letter, and no spaces (two
/// credentials are written `MD/PhD`).
pub fn credential_shaped(s: &str) -> bool {
    (1..=16).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-./".contains(&b))
        && s.bytes().any(|b| b.is_ascii_alphabetic())
}

/// The hint of a credential that is not one.
pub const CREDENTIAL_RULE: &str = "a credential is written like MD, DO, DC, NP, PA-C, DPM, DDS, PT or LMT: letters, digits, `.`, `-` or `/`, no spaces (MD/PhD for two)";

type Value<'i> = doc::Item<'i>;

/// The fields of one TOML table being read, and where to put the problems found.
struct Fields<'t, 'i, 'd> {
    file: &'d str,
    table: &'t DeTable<'i>,
    /// The table's field table: known keys and each one's kind of text.
    spec: &'static [Field],
    /// Where a missing field is reported: the table's header, or the file's start.
    at: Range<usize>,
    /// Dotted prefix for messages and span keys (`prescriber.`).
    prefix: &'d str,
    diags: &'d mut Vec<Diagnostic>,
    spans: &'d mut Spans,
}

impl<'t, 'i, 'd> Fields<'t, 'i, 'd> {
    fn new(
        file: &'d str,
        table: &'t DeTable<'i>,
        at: Range<usize>,
        prefix: &'d str,
        spec: &'static [Field],
        diags: &'d mut Vec<Diagnostic>,
        spans: &'d mut Spans,
    ) -> Self {
        let known = names(spec);
        for (key, _) in table.iter() {
            let name = key.name();
            if !known.contains(&name) {
                let hint = match crate::vocab::closest(name, known.iter().copied()) {
                    Some(s) => format!("did you mean `{s}`? known fields: {}", known.join(", ")),
                    None => format!("known fields: {}", known.join(", ")),
                };
                let what = match crate::diag::shown(name) {
                    Some(n) => format!("unknown field `{prefix}{n}`"),
                    None => format!("a key that is not a field name in {}", table_name(prefix)),
                };
                diags.push(
                    Diagnostic::new(Code::UnknownField, file, Some(key.span()), what).hint(hint),
                );
            }
        }
        Fields {
            file,
            table,
            spec,
            at,
            prefix,
            diags,
            spans,
        }
    }

    fn get(&self, key: &str) -> Option<&'t Value<'i>> {
        self.table.get(key)
    }

    fn name(&self, key: &str) -> String {
        format!("{}{key}", self.prefix)
    }

    fn text_of(&self, key: &str) -> Text {
        self.spec
            .iter()
            .find(|f| f.name == key)
            .map_or(Text::Line, |f| f.text)
    }

    fn push(
        &mut self,
        code: Code,
        key: &str,
        span: Range<usize>,
        message: String,
        hint: Option<String>,
    ) {
        let field = self.name(key);
        self.diags.push(
            Diagnostic::new(code, self.file, Some(span), message)
                .hint_opt(hint)
                .field(field),
        );
    }

    fn missing(&mut self, key: &str, what: &str) {
        let name = self.name(key);
        self.push(
            Code::MissingField,
            key,
            self.at.clone(),
            format!("missing required field `{name}`"),
            Some(format!("add `{key} = {what}`")),
        );
    }

    fn wrong_type(&mut self, key: &str, v: &Value<'_>, expected: &str) {
        let name = self.name(key);
        self.push(
            Code::InvalidValue,
            key,
            v.span(),
            format!(
                "`{name}` must be {expected}, found {}",
                v.get_ref().type_str()
            ),
            None,
        );
    }

    fn record_span(&mut self, key: &str, span: Range<usize>) {
        self.spans.set(self.prefix, key, None, span);
    }

    /// Reports a control character the field's kind of text does not allow.
    /// The value is still read (every renderer shows such characters
    /// harmlessly), so the record counts and an edit can put it right.
    fn clean(&mut self, key: &str, s: &str, span: Range<usize>) {
        // Line breaks are the one thing the kind of text decides: looked up
        // only when there is a control character at all.
        // The kind of text is looked up only for a text holding a control
        // character or a line break at all.
        if !may_hold_control(s.as_bytes()) {
            return;
        }
        let lines = self.text_of(key) == Text::Lines;
        if let Some(c) = control_char(s, lines) {
            let name = self.name(key);
            self.push(
                Code::ControlCharacter,
                key,
                span,
                control_char_message(&name, c, lines),
                Some("retype the text; a copy from another program may have brought the code with it".into()),
            );
        }
    }

    fn opt_str(&mut self, key: &str) -> Option<String> {
        let v = self.get(key)?;
        match v.get_ref() {
            DeValue::String(s) => {
                self.clean(key, s, v.span());
                self.record_span(key, v.span());
                Some(s.to_string())
            }
            _ => {
                self.wrong_type(key, v, "a string");
                None
            }
        }
    }

    /// A credential ([`credential_shaped`]); a bad one is reported and kept
    /// (it is still the prescriber's, and an edit can put it right).
    fn credential(&mut self, key: &str) -> Option<String> {
        let s = self.opt_str(key)?;
        if !credential_shaped(&s) {
            let value = quoted(&s, "as written");
            self.not_a(key, &value, "a credential", CREDENTIAL_RULE.into());
        }
        Some(s)
    }

    /// Reports `key`'s value (`shown` as a message may show it, or empty) as
    /// not being `what`, at the value, with what is allowed.
    fn not_a(&mut self, key: &str, shown: &str, what: &str, hint: String) {
        let span = self.get(key).map(|v| v.span()).unwrap_or(0..0);
        let name = self.name(key);
        let sep = if shown.is_empty() { "" } else { " " };
        self.push(
            Code::InvalidValue,
            key,
            span,
            format!("`{name}`{sep}{shown} is not {what}"),
            Some(hint),
        );
    }

    /// An IANA time zone name ([`crate::zone::Zone::named`]); an unknown one
    /// is reported and kept. On a machine without a zoneinfo database no
    /// name can be judged: it is kept, and what needs the zone says why it
    /// cannot have it.
    fn time_zone(&mut self, key: &str) -> Option<String> {
        let s = self.opt_str(key)?;
        if let Err(e @ crate::zone::ZoneError::Unknown { .. }) = crate::zone::Zone::named(&s) {
            let value = quoted(&s, "as written");
            self.not_a(key, &value, "a time zone", e.hint());
        }
        Some(s)
    }

    /// A FHIR administrative gender ([`Gender::parse`]); anything else is
    /// reported without its words (they may be the patient's own) and left out.
    fn gender(&mut self, key: &str) -> Option<Gender> {
        let s = self.opt_str(key)?;
        let gender = Gender::parse(&s);
        if gender.is_none() {
            self.not_a(key, "", "a FHIR administrative gender", Gender::RULE.into());
        }
        gender
    }

    /// An NPI, reported as `invalid-npi` when its check digit is wrong.
    fn npi(&mut self, key: &str) -> Option<String> {
        let npi = self.opt_str(key)?;
        if !npi_valid(&npi) {
            let span = self.get(key).map(|v| v.span()).unwrap_or(0..0);
            self.push(
                Code::InvalidNpi,
                key,
                span,
                format!("NPI {} is not valid", quoted(&npi, "as written")),
                Some("an NPI is 10 digits whose last digit is the Luhn check digit (with prefix 80840)".into()),
            );
        }
        Some(npi)
    }

    /// A prescribed frequency in its grammar ([`Frequency::parse`]); anything
    /// else is reported at the value, naming the grammar.
    fn frequency(&mut self, key: &str) -> Option<Frequency> {
        let s = self.opt_str(key)?;
        let parsed = Frequency::parse(&s);
        if parsed.is_none() {
            let span = self.get(key).map(|v| v.span()).unwrap_or(0..0);
            let name = self.name(key);
            self.push(
                Code::InvalidValue,
                key,
                span,
                format!("`{name}` is not a frequency mmx can check"),
                Some(format!(
                    "write {}; anything else belongs in `precautions`",
                    Frequency::GRAMMAR
                )),
            );
        }
        parsed
    }

    fn req_str(&mut self, key: &str) -> Option<String> {
        if self.get(key).is_none() {
            self.missing(key, "\"...\"");
            return None;
        }
        self.opt_str(key)
    }

    /// A required text that must not be blank (a name).
    fn req_text(&mut self, key: &str) -> Option<String> {
        let s = self.req_str(key)?;
        if s.trim().is_empty() {
            let span = self.get(key).map(|v| v.span()).unwrap_or(0..0);
            let name = self.name(key);
            self.push(
                Code::InvalidValue,
                key,
                span,
                format!("`{name}` must not be empty"),
                None,
            );
        }
        Some(s)
    }

    /// A string that must be an id (slug); a bad one is reported and dropped.
    fn req_id(&mut self, key: &str) -> Option<String> {
        if self.get(key).is_none() {
            self.missing(key, "\"...\"");
            return None;
        }
        self.opt_id(key)
    }

    /// An optional id (slug); a bad one is reported and dropped.
    fn opt_id(&mut self, key: &str) -> Option<String> {
        let s = self.opt_str(key)?;
        if is_slug(&s) {
            Some(s)
        } else {
            let span = self.get(key).map(|v| v.span()).unwrap_or(0..0);
            let name = self.name(key);
            self.push(
                Code::InvalidValue,
                key,
                span,
                format!(
                    "`{name}` is not a valid id: {}",
                    quoted(&s, "it is not an id")
                ),
                Some(SLUG_RULE.into()),
            );
            None
        }
    }

    fn opt_date(&mut self, key: &str) -> Option<NaiveDate> {
        let v = self.get(key)?;
        let date = match v.get_ref() {
            DeValue::Datetime(dt) => match (dt.date, dt.time, dt.offset) {
                (Some(d), None, None) => {
                    NaiveDate::from_ymd_opt(d.year.into(), d.month.into(), d.day.into())
                }
                _ => {
                    self.wrong_type(key, v, "a date like 2026-03-14");
                    return None;
                }
            },
            _ => {
                self.wrong_type(key, v, "a date like 2026-03-14 (no quotes)");
                return None;
            }
        };
        match date {
            Some(d) => {
                self.record_span(key, v.span());
                Some(d)
            }
            None => {
                let name = self.name(key);
                self.push(
                    Code::InvalidValue,
                    key,
                    v.span(),
                    format!("`{name}` is not a real calendar date"),
                    None,
                );
                None
            }
        }
    }

    fn req_date(&mut self, key: &str) -> Option<NaiveDate> {
        if self.get(key).is_none() {
            self.missing(key, "2026-03-14");
            return None;
        }
        self.opt_date(key)
    }

    /// A local time of day, to the second: a second of 60 or a fraction of a
    /// second is reported, never dropped or cut.
    fn opt_time(&mut self, key: &str) -> Option<NaiveTime> {
        let v = self.get(key)?;
        if let DeValue::Datetime(dt) = v.get_ref()
            && let (None, Some(t), None) = (dt.date, dt.time, dt.offset)
        {
            let name = self.name(key);
            let problem = if t.nanosecond.is_some() {
                Some(format!(
                    "`{name}` has a fraction of a second; write whole seconds, like 09:30:00"
                ))
            } else {
                None
            };
            let time = NaiveTime::from_hms_opt(
                t.hour.into(),
                t.minute.into(),
                t.second.unwrap_or(0).into(),
            );
            let problem = problem.or_else(|| {
                time.is_none().then(|| {
                    format!(
                        "`{name}` is not a time of day; hours are 00-23, minutes and seconds 00-59"
                    )
                })
            });
            if let Some(message) = problem {
                self.push(
                    Code::InvalidValue,
                    key,
                    v.span(),
                    message,
                    Some(format!(
                        "write `{key} = 09:30:00` (a local time, no quotes)"
                    )),
                );
                return None;
            }
            self.record_span(key, v.span());
            return time;
        }
        self.wrong_type(key, v, "a local time like 09:30:00 (no quotes)");
        None
    }

    fn opt_int(&mut self, key: &str, min: i64, max: i64) -> Option<i64> {
        let v = self.get(key)?;
        let (n, raw) = match v.get_ref() {
            DeValue::Integer(n, raw) => (*n, raw.clone()),
            _ => {
                self.wrong_type(key, v, &format!("an integer from {min} to {max}"));
                return None;
            }
        };
        let name = self.name(key);
        match n {
            Some(n) if (min..=max).contains(&n) => {
                self.record_span(key, v.span());
                Some(n)
            }
            // `0x`, `0o` or `0b` with no digits after it.
            None if raw.is_empty() => {
                self.push(
                    Code::TomlSyntax,
                    key,
                    v.span(),
                    format!("invalid TOML: `{name}` has a number prefix (0x, 0o, 0b) with no digits after it"),
                    Some(format!("write the number in decimal, e.g. `{key} = {min}`")),
                );
                None
            }
            n => {
                let shown = n.map_or_else(|| "too large a number".to_string(), |n| n.to_string());
                self.push(
                    Code::InvalidValue,
                    key,
                    v.span(),
                    format!("`{name}` is {shown}, out of range"),
                    Some(format!("`{name}` must be from {min} to {max}")),
                );
                None
            }
        }
    }

    fn req_int(&mut self, key: &str, min: i64, max: i64) -> Option<i64> {
        if self.get(key).is_none() {
            self.missing(key, &min.to_string());
            return None;
        }
        self.opt_int(key, min, max)
    }

    /// A number (integer or float) from `min` to `max`; `what` names it in
    /// a message (`ndi`), `unit` follows the bounds (`°`, `cm`).
    fn opt_num(&mut self, key: &str, (min, max): (f64, f64), what: (&str, &str)) -> Option<f64> {
        let v = self.get(key)?;
        let n = match v.get_ref() {
            DeValue::Integer(Some(n), _) => *n as f64,
            DeValue::Float(f) if f.is_finite() => *f,
            _ => {
                self.wrong_type(key, v, "a number");
                return None;
            }
        };
        if !(min..=max).contains(&n) {
            let name = self.name(key);
            let (label, unit) = what;
            let unit = if unit.starts_with('/') { "" } else { unit };
            let (lo, hi) = (crate::measures::number(min), crate::measures::number(max));
            let subject = if label.is_empty() {
                format!("`{name}`")
            } else {
                format!("{label} `{key}`")
            };
            self.push(
                Code::InvalidValue,
                key,
                v.span(),
                format!(
                    "{subject} is {}{unit}, out of range",
                    crate::measures::number(n)
                ),
                Some(
                    format!("{label} is from {lo} to {hi}{unit}")
                        .trim_start()
                        .to_string(),
                ),
            );
            return None;
        }
        self.record_span(key, v.span());
        Some(n)
    }

    fn req_num(&mut self, key: &str, range: (f64, f64), what: (&str, &str)) -> Option<f64> {
        if self.get(key).is_none() {
            self.missing(key, "1");
            return None;
        }
        self.opt_num(key, range, what)
    }

    /// A `[[measures]]` or `[[targets]]` entry: what it measures, and its
    /// number under `key` held to the measure's range.
    fn measured(&mut self, vocab: &Vocabulary, key: &str) -> (Option<MeasureKey>, Option<f64>) {
        let (measure, def) = self.measure_key(vocab);
        let range = def.map_or((f64::MIN, f64::MAX), |d| (d.min, d.max));
        let (id, unit) = def.map_or_else(Default::default, |d| (d.id.clone(), d.unit.clone()));
        (measure, self.req_num(key, range, (&id, &unit)))
    }

    /// What a `[[measures]]` or `[[targets]]` entry measures, read against
    /// the vocabulary: a known measure, and the site, motion or activity it
    /// needs (and none it does not). Returns the key and the measure.
    fn measure_key<'v>(
        &mut self,
        vocab: &'v Vocabulary,
    ) -> (Option<MeasureKey>, Option<&'v crate::measures::MeasureDef>) {
        use crate::measures::Needs;
        let Some(raw) = self.req_str("measure") else {
            return (None, None);
        };
        let span = self.get("measure").map(|v| v.span()).unwrap_or(0..0);
        let id = crate::vocab::normalize(&raw);
        let Some(def) = vocab.measure(&id) else {
            let shown = crate::diag::shown(&raw).map_or_else(
                || "that is not a measure id".to_string(),
                |v| format!("`{v}`"),
            );
            let known: Vec<&str> = vocab.measures().iter().map(|m| m.id.as_str()).collect();
            let hint = match vocab.suggest_measure(&id) {
                Some(s) => format!("did you mean `{s}`? measures: {}", known.join(", ")),
                None => format!(
                    "measures: {}; add the practice's own under [[vocabulary.measures]] in mmx.toml",
                    known.join(", ")
                ),
            };
            self.push(
                Code::UnknownMeasure,
                "measure",
                span,
                format!("unknown measure {shown}"),
                Some(hint),
            );
            return (None, None);
        };
        let mut ok = true;
        let site = match self.opt_str("site") {
            Some(raw) => {
                let at = self.get("site").map(|v| v.span()).unwrap_or(0..0);
                match vocab.region(&raw) {
                    Ok(r) => Some(r),
                    Err(e) => {
                        let d = vocab_diag(self.file, at, &raw, VocabKind::Region, e)
                            .field(self.name("site"));
                        self.diags.push(d);
                        ok = false;
                        None
                    }
                }
            }
            None => None,
        };
        let motion = match self.opt_str("motion") {
            Some(raw) => {
                let m = crate::vocab::normalize(&raw);
                if crate::measures::MOTIONS.contains(&m.as_str()) {
                    Some(m)
                } else {
                    let at = self.get("motion").map(|v| v.span()).unwrap_or(0..0);
                    let hint =
                        match crate::vocab::closest(&m, crate::measures::MOTIONS.iter().copied()) {
                            Some(s) => format!("did you mean `{s}`?"),
                            None => format!("motions: {}", crate::measures::MOTIONS.join(", ")),
                        };
                    let name = self.name("motion");
                    self.push(
                        Code::InvalidValue,
                        "motion",
                        at,
                        format!(
                            "motion {} is not one mmx knows (`{name}`)",
                            quoted(&raw, "as written")
                        ),
                        Some(hint),
                    );
                    ok = false;
                    None
                }
            }
            None => None,
        };
        let item = self.opt_str("item").filter(|i| !i.trim().is_empty());
        let needs_site = matches!(def.needs, Needs::Site | Needs::SiteAndMotion);
        let example = match def.needs {
            Needs::SiteAndMotion => format!(
                "`site = \"left-shoulder\"` and `motion = \"flexion\"` (on a command line {}:left-shoulder:flexion=VALUE)",
                def.id
            ),
            Needs::Site => format!(
                "`site = \"left-forearm\"` (on a command line {}:left-forearm=VALUE)",
                def.id
            ),
            Needs::Item => format!(
                "`item = \"Lift grandchild\"`, the patient's activity (on a command line \"{}:Lift grandchild=VALUE\")",
                def.id
            ),
            Needs::OptionalSite => format!("{}=VALUE or {}:SITE=VALUE", def.id, def.id),
            Needs::Nothing => format!("{}=VALUE", def.id),
        };
        let mut want = |f: &mut Self, key: &str, has: bool, needed: bool, allowed: bool| {
            let name = f.name(key);
            if needed && !has {
                f.push(
                    Code::MissingField,
                    key,
                    span.clone(),
                    format!(
                        "measure `{}` needs {} {key} (`{name}`)",
                        def.id,
                        if key == "item" { "an" } else { "a" }
                    ),
                    Some(format!("give {example}")),
                );
                ok = false;
            } else if has && !allowed {
                let at = f.get(key).map(|v| v.span()).unwrap_or(0..0);
                f.push(
                    Code::InvalidValue,
                    key,
                    at,
                    format!("measure `{}` takes no {key}", def.id),
                    Some(format!("write it as {example}")),
                );
                ok = false;
            }
        };
        let has_site = site.is_some() || self.get("site").is_some();
        let has_motion = motion.is_some() || self.get("motion").is_some();
        want(
            self,
            "site",
            has_site,
            needs_site,
            needs_site || def.needs == Needs::OptionalSite,
        );
        want(
            self,
            "motion",
            has_motion,
            def.needs == Needs::SiteAndMotion,
            def.needs == Needs::SiteAndMotion,
        );
        want(
            self,
            "item",
            item.is_some() || self.get("item").is_some(),
            def.needs == Needs::Item,
            def.needs == Needs::Item,
        );
        let key = ok.then(|| MeasureKey {
            measure: def.id.clone(),
            site,
            motion,
            item,
        });
        (key, Some(def))
    }

    /// A word from a fixed list (`format = "pdf"`); another is reported at
    /// its value with the list.
    fn one_of(&mut self, key: &str, names: &[&str]) -> Option<String> {
        let w = self.opt_str(key)?;
        if names.contains(&w.as_str()) {
            return Some(w);
        }
        let span = self.get(key).map(|v| v.span()).unwrap_or(0..0);
        let name = self.name(key);
        self.push(
            Code::InvalidValue,
            key,
            span,
            format!("`{name}` {} is not one mmx knows", quoted(&w, "as written")),
            Some(format!("write one of: {}", names.join(", "))),
        );
        None
    }

    /// A list of strings, each with its span; wrong-typed elements are reported.
    fn str_list(&mut self, key: &str) -> Option<Vec<(String, Range<usize>)>> {
        let v = self.get(key)?;
        let DeValue::Array(items) = v.get_ref() else {
            self.wrong_type(key, v, "a list of strings");
            return None;
        };
        self.record_span(key, v.span());
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            match item.get_ref() {
                DeValue::String(s) => {
                    self.clean(key, s, item.span());
                    out.push((s.to_string(), item.span()));
                }
                _ => self.wrong_type(&format!("{key}.{i}"), item, "a string"),
            }
        }
        Some(out)
    }

    fn plain_list(&mut self, key: &str) -> Vec<String> {
        self.str_list(key)
            .unwrap_or_default()
            .into_iter()
            .map(|(s, _)| s)
            .collect()
    }

    /// A list of vocabulary terms (regions or techniques), each read through
    /// the vocabulary; unknown ones are reported at the element and left out,
    /// a term written twice is kept once.
    fn vocab_list(
        &mut self,
        key: &str,
        required: bool,
        kind: VocabKind,
        vocab: &Vocabulary,
    ) -> Vec<String> {
        let Some(items) = self.str_list(key) else {
            if required {
                self.missing(key, "[\"...\"]");
            }
            return Vec::new();
        };
        if items.is_empty() && required {
            let span = self.get(key).map(|v| v.span()).unwrap_or(0..0);
            let name = self.name(key);
            self.push(
                Code::InvalidValue,
                key,
                span,
                format!("`{name}` must not be empty"),
                None,
            );
        }
        let mut out: Vec<String> = Vec::new();
        // In a long list, a term repeated thousands of times is looked up once.
        let mut seen: std::collections::HashMap<String, Result<String, VocabError>> =
            std::collections::HashMap::new();
        let long = items.len() > 32;
        // "Did you mean" for the first unknown terms only: each compares
        // the text with every term of the vocabulary.
        let mut suggested = 0;
        for (raw, span) in items {
            let suggest = suggested < SUGGESTIONS;
            let look_up = |raw: &str| match kind {
                VocabKind::Region => vocab.region_suggesting(raw, suggest),
                VocabKind::Technique => vocab.technique_suggesting(raw, suggest),
            };
            let read = if long {
                seen.entry(raw.clone())
                    .or_insert_with(|| look_up(&raw))
                    .clone()
            } else {
                look_up(&raw)
            };
            match read {
                Ok(canonical) if out.contains(&canonical) => {}
                Ok(canonical) => {
                    self.spans.set(self.prefix, key, Some(out.len()), span);
                    out.push(canonical);
                }
                Err(e) => {
                    suggested += 1;
                    let d = vocab_diag(self.file, span, &raw, kind, e).field(self.name(key));
                    self.diags.push(d);
                }
            }
        }
        out
    }

    fn sub_table(&mut self, key: &str) -> Option<(&'t DeTable<'i>, Range<usize>)> {
        let v = self.get(key)?;
        match v.get_ref() {
            DeValue::Table(t) => Some((t, v.span())),
            _ => {
                self.wrong_type(key, v, "a table");
                None
            }
        }
    }
}

/// How many unknown terms of one list get a "did you mean".
const SUGGESTIONS: usize = 64;

/// How a message names the table a dotted prefix points into.
fn table_name(prefix: &str) -> String {
    match prefix.trim_end_matches('.') {
        "" => "this record".to_string(),
        t => format!("[{}]", t.split('.').next().unwrap_or(t)),
    }
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

impl VocabKind {
    /// A term's canonical form (`Left Knee` is `left-knee`, `MFR` is
    /// `myofascial-release`), if the vocabulary knows it.
    pub fn canonical(self, vocab: &Vocabulary, raw: &str) -> Option<String> {
        match self {
            VocabKind::Region => vocab.region(raw).ok(),
            VocabKind::Technique => vocab.technique(raw).ok(),
        }
    }
}

/// The diagnostic for a region or technique the vocabulary does not accept.
pub fn vocab_diag(
    file: &str,
    span: Range<usize>,
    raw: &str,
    kind: VocabKind,
    e: VocabError,
) -> Diagnostic {
    let (code, what, list) = match kind {
        VocabKind::Region => (
            Code::UnknownRegion,
            "region",
            "`mmx vocab` lists the regions",
        ),
        VocabKind::Technique => (
            Code::UnknownTechnique,
            "technique",
            "`mmx vocab` lists the techniques",
        ),
    };
    match e {
        VocabError::MissingSide { base } => Diagnostic::new(
            Code::MissingSide,
            file,
            Some(span),
            format!("region `{base}` needs a side"),
        )
        .hint(format!(
            "write `left-{base}`, `right-{base}` or `bilateral-{base}`"
        )),
        VocabError::Unknown {
            suggestion: Some(s),
        } => Diagnostic::new(code, file, Some(span), unknown_term(what, raw))
            .hint(format!("did you mean `{s}`? {list}")),
        VocabError::Assessment => Diagnostic::new(code, file, Some(span), unknown_term(what, raw))
            .hint("that is an assessment, not a treatment technique: write what was found in the session's objective (`soap.objective`, `--objective`)"),
        VocabError::Unknown { suggestion: None } => {
            Diagnostic::new(code, file, Some(span), unknown_term(what, raw)).hint(format!(
                "{list}; add practice terms under [vocabulary] in mmx.toml"
            ))
        }
    }
}

/// `unknown region `lumbarr``, or without the value when it may be a
/// person's words rather than a mistyped term.
fn unknown_term(what: &str, raw: &str) -> String {
    match crate::diag::shown(raw) {
        Some(v) => format!("unknown {what} `{v}`"),
        None => format!("unknown {what}: the entry is not a vocabulary term"),
    }
}

/// What an unknown therapist's finding suggests: the listed name it is
/// closest to, and the names listed (the practice's own staff, from
/// mmx.toml: never a patient's words).
pub fn therapist_hint(name: &str, therapists: &[Therapist]) -> String {
    let listed: Vec<&str> = therapists.iter().map(|t| t.name.as_str()).collect();
    let given = name.trim();
    let close = listed
        .iter()
        .find(|t| t.eq_ignore_ascii_case(given))
        .map(|t| t.to_string())
        .or_else(|| crate::vocab::closest(given, listed.iter().copied()));
    let list = format!(
        "mmx.toml lists: {}; add a new therapist there under [[therapists]]",
        listed.join(", ")
    );
    match close {
        Some(c) => format!("did you mean `{c}`? {list}"),
        None => list,
    }
}

/// Parses a document, reporting a syntax error as `toml-syntax`; an empty
/// file and one holding git's conflict markers are reported as such.
fn parse_doc<'i>(file: &str, text: &'i str, diags: &mut Vec<Diagnostic>) -> Option<DeTable<'i>> {
    if text
        .chars()
        .all(|c| c.is_whitespace() || c == '\0' || c == '\u{feff}')
    {
        let what = if text.contains('\0') {
            "holds only zero bytes (a crash or a sync wiped it)"
        } else {
            "is empty"
        };
        diags.push(
            Diagnostic::new(Code::EmptyRecord, file, None, format!("`{file}` {what}"))
                .hint("a sync or a crash may have emptied it: restore it from git (`git checkout -- FILE`) or a backup, or delete it if it was never a record"),
        );
        return None;
    }
    if let Some(at) = conflict_marker(text) {
        diags.push(
            Diagnostic::new(
                Code::MergeConflict,
                file,
                Some(at..at + 7),
                "the file holds a git merge conflict (`<<<<<<<` ... `>>>>>>>`), so it is not read as a record",
            )
            .hint("resolve the merge: keep the right lines between the markers, delete the three marker lines, then `git add` the file"),
        );
        return None;
    }
    match doc::parse(text) {
        Ok(t) => Some(t),
        Err(e) => {
            let span = e.span.unwrap_or(0..0);
            let message = e
                .message
                .lines()
                .next()
                .unwrap_or("invalid TOML")
                .trim_end()
                .to_string();
            diags.push(
                Diagnostic::new(
                    Code::TomlSyntax,
                    file,
                    Some(span.clone()),
                    format!("invalid TOML: {message}"),
                )
                .hint(syntax_hint(text, span.start)),
            );
            None
        }
    }
}

/// The hint for a syntax error at `at`: a date written `11/05/2026` or
/// `05.11.2026` (as people write them) is told the one form TOML takes.
fn syntax_hint(text: &str, at: usize) -> &'static str {
    let start = text[..at.min(text.len())].rfind('\n').map_or(0, |i| i + 1);
    let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let value = text[start..end]
        .split_once('=')
        .map_or("", |(_, v)| v.trim());
    let numbers: Vec<&str> = value.split(['/', '.']).collect();
    let date_like = numbers.len() == 3
        && (value.contains('/') || value.contains('.'))
        && numbers
            .iter()
            .all(|n| !n.is_empty() && n.len() <= 4 && n.bytes().all(|b| b.is_ascii_digit()));
    if date_like {
        "dates are YYYY-MM-DD, without quotes: `date = 2026-11-05`"
    } else {
        "see https://toml.io for the syntax; strings need quotes, dates do not"
    }
}

/// Where the first `<<<<<<<` conflict marker starts a line, if any.
fn conflict_marker(text: &str) -> Option<usize> {
    // Most records hold no `<` at all: a byte search says so at once.
    if !text.contains('<') {
        return None;
    }
    if text.starts_with("<<<<<<<") {
        return Some(0);
    }
    text.match_indices("\n<<<<<<<").next().map(|(i, _)| i + 1)
}

/// Everything read from one file: the record if it could be built, and the problems.
pub struct Parsed<T> {
    pub record: Option<Loaded<T>>,
    pub diags: Vec<Diagnostic>,
}

fn whole(text: &str) -> Range<usize> {
    0..text.len().min(1)
}

pub fn patient(file: &str, text: &str, folder: &str, vocab: &Vocabulary) -> Parsed<Patient> {
    let mut diags = Vec::new();
    let mut spans = Spans::with_capacity();
    let Some(doc) = parse_doc(file, text, &mut diags) else {
        return Parsed {
            record: None,
            diags,
        };
    };
    let mut f = Fields::new(file, &doc, whole(text), "", PATIENT, &mut diags, &mut spans);
    let id = f.req_id("id");
    let name = f.req_text("name");
    let birth_date = f.opt_date("birth_date");
    let rec = Patient {
        id: id.clone().unwrap_or_default(),
        name: name.clone().unwrap_or_default(),
        birth_date,
        gender: f.gender("gender"),
        phone: f.opt_str("phone"),
        email: f.opt_str("email"),
        address: f.opt_str("address"),
        emergency_contact: f.opt_str("emergency_contact"),
        contraindications: f.plain_list("contraindications"),
        avoid_regions: f.vocab_list("avoid_regions", false, VocabKind::Region, vocab),
        avoid_techniques: f.vocab_list("avoid_techniques", false, VocabKind::Technique, vocab),
        notes: f.opt_str("notes"),
    };
    let in_place = id.as_ref().is_none_or(|id| id == folder);
    if let Some(id) = &id
        && id != folder
    {
        let span = spans.get("id").unwrap_or(0..0);
        diags.push(
            Diagnostic::new(
                Code::IdMismatch,
                file,
                Some(span),
                format!("patient id `{id}` does not match its folder `{folder}`"),
            )
            .hint(format!("set `id = \"{folder}\"` or rename the folder"))
            .field("id"),
        );
    }
    let record = (id.is_some() && name.is_some() && in_place).then(|| Loaded {
        file: file.to_string(),
        rec,
        spans,
    });
    Parsed { record, diags }
}

/// Reports an `id` or `patient` field that disagrees with the file's place;
/// true when both agree. A record out of its place is not read as one: it is
/// most often a copy (`X-laptop.toml`, a copied patient folder) of the record
/// whose id it carries, which would show twice and count twice. Its finding
/// is an error and blocks writes until it is put right.
fn check_place(
    file: &str,
    spans: &Spans,
    diags: &mut Vec<Diagnostic>,
    id: &Option<String>,
    stem: &str,
    patient: &Option<String>,
    folder: &str,
) -> bool {
    let mut ok = true;
    if let Some(id) = id
        && id != stem
    {
        ok = false;
        diags.push(
            Diagnostic::new(
                Code::IdMismatch,
                file,
                Some(spans.get("id").unwrap_or(0..0)),
                format!("id `{id}` does not match the file name `{stem}.toml`"),
            )
            .hint(format!("set `id = \"{stem}\"` or rename the file"))
            .field("id"),
        );
    }
    if let Some(p) = patient
        && p != folder
    {
        ok = false;
        diags.push(
            Diagnostic::new(
                Code::IdMismatch,
                file,
                Some(spans.get("patient").unwrap_or(0..0)),
                format!("patient `{p}` does not match the patient folder `{folder}`"),
            )
            .hint(format!(
                "set `patient = \"{folder}\"`, or move the file into patients/{p}/"
            ))
            .field("patient"),
        );
    }
    ok
}

pub fn prescription(
    file: &str,
    text: &str,
    folder: &str,
    stem: &str,
    vocab: &Vocabulary,
) -> Parsed<Prescription> {
    let mut diags = Vec::new();
    let mut spans = Spans::with_capacity();
    let Some(doc) = parse_doc(file, text, &mut diags) else {
        return Parsed {
            record: None,
            diags,
        };
    };
    let mut f = Fields::new(
        file,
        &doc,
        whole(text),
        "",
        PRESCRIPTION,
        &mut diags,
        &mut spans,
    );
    let id = f.req_id("id");
    let patient = f.req_id("patient");
    let issued = f.req_date("issued");
    let expires = f.opt_date("expires");
    let renews = f.opt_id("renews");
    let visits = f.req_int("visits", 1, 10_000);
    let frequency = f.frequency("frequency");
    let minutes = f.opt_int("minutes", 1, 600);
    let regions = f.vocab_list("regions", true, VocabKind::Region, vocab);
    let techniques = f.vocab_list("techniques", true, VocabKind::Technique, vocab);
    let avoid_regions = f.vocab_list("avoid_regions", false, VocabKind::Region, vocab);
    let avoid_techniques = f.vocab_list("avoid_techniques", false, VocabKind::Technique, vocab);
    let precautions = f.opt_str("precautions");
    let goals = f.plain_list("goals");
    let targets_value = f.get("targets");
    let prescriber_table = f.sub_table("prescriber");
    let has_prescriber = f.get("prescriber").is_some();
    let diag_value = f.get("diagnoses");
    let closed_table = f.sub_table("closed");
    if !has_prescriber {
        f.missing("prescriber", "{ name = \"...\" }");
    }

    let mut prescriber = Prescriber::default();
    if let Some((t, span)) = prescriber_table {
        let mut p = Fields::new(
            file,
            t,
            span,
            "prescriber.",
            PRESCRIBER,
            &mut diags,
            &mut spans,
        );
        prescriber.name = p.req_text("name").unwrap_or_default();
        prescriber.credential = p.credential("credential");
        prescriber.npi = p.npi("npi");
        prescriber.license = p.opt_str("license");
        prescriber.phone = p.opt_str("phone");
        prescriber.fax = p.opt_str("fax");
        prescriber.address = p.opt_str("address");
    }

    let diagnoses = diag_value.map_or_else(Vec::new, |v| {
        tables_of(
            file,
            v,
            "diagnoses",
            ("`code` and `text`", DIAGNOSIS),
            (&mut diags, &mut spans),
            |d| {
                let code = d.req_str("code");
                let text = d.opt_str("text");
                let code = code?;
                let span = || d.spans.get(&d.name("code")).unwrap_or(0..0);
                let found = match crate::icd::verdict(&code) {
                    Verdict::Billable => None,
                    Verdict::Malformed => Some((
                        Code::InvalidDiagnosis,
                        format!("{} is not an ICD-10-CM code", quoted(&code, "the code")),
                        "ICD-10-CM codes look like M54.16 or S13.4XXA: a capital letter, two digits or letters, then an optional dot and up to four more".to_string(),
                    )),
                    // A well-shaped code is shown: it is no person's words.
                    Verdict::Unknown => Some((
                        Code::UnknownDiagnosis,
                        format!("`{code}` is not a code of {}", crate::icd::release()),
                        "`mmx vocab --diagnoses PREFIX` lists the release's codes that start with PREFIX".to_string(),
                    )),
                    Verdict::Category { billable } => Some((
                        Code::NonBillableDiagnosis,
                        format!("`{code}` is a category, not a billable code: a claim needs one of its {}", crate::icd::list_billable(&billable)),
                        "`mmx vocab --diagnoses CODE` lists them with their descriptions".to_string(),
                    )),
                };
                if let Some((c, message, hint)) = found {
                    let at = span();
                    d.push(c, "code", at, message, Some(hint));
                }
                Some(Diagnosis { code, text })
            },
        )
    });

    let targets = targets_value.map_or_else(Vec::new, |v| {
        tables_of(
            file,
            v,
            "targets",
            ("`measure` and `target`", TARGET),
            (&mut diags, &mut spans),
            |t| {
                let (key, target) = t.measured(vocab, "target");
                let by = t.opt_date("by");
                Some(Target {
                    key: key?,
                    target: target?,
                    by,
                })
            },
        )
    });

    let closed = closed_table.and_then(|(t, span)| {
        let mut c = Fields::new(file, t, span, "closed.", CLOSED, &mut diags, &mut spans);
        let date = c.req_date("date");
        let reason = c.req_str("reason").and_then(|r| {
            let parsed = CloseReason::parse(&r);
            if parsed.is_none() {
                let span = c.get("reason").map(|v| v.span()).unwrap_or(0..0);
                c.push(
                    Code::InvalidValue,
                    "reason",
                    span,
                    format!(
                        "`closed.reason` {} is not a reason mmx knows",
                        quoted(&r, "as written")
                    ),
                    Some(format!(
                        "a prescription closes for one of: {}; say more in `note`",
                        CloseReason::names().join(", ")
                    )),
                );
            }
            parsed
        });
        let note = c.opt_str("note");
        Some(Closure {
            date: date?,
            reason: reason?,
            note,
        })
    });

    let in_place = check_place(file, &spans, &mut diags, &id, stem, &patient, folder);
    if let (Some(r), Some(i)) = (&renews, &id)
        && r == i
    {
        diags.push(
            Diagnostic::new(
                Code::InvalidValue,
                file,
                Some(spans.get("renews").unwrap_or(0..0)),
                format!("prescription `{i}` says it renews itself"),
            )
            .hint("`renews` names the earlier prescription this one continues")
            .field("renews"),
        );
    }
    if let (Some(i), Some(e)) = (issued, expires)
        && e < i
    {
        diags.push(
            Diagnostic::new(
                Code::InvalidValue,
                file,
                Some(spans.get("expires").unwrap_or(0..0)),
                format!("prescription expires {e}, before it was issued {i}"),
            )
            .hint("`expires` must be on or after `issued`")
            .field("expires"),
        );
    }

    let renews = renews.filter(|r| Some(r) != id.as_ref());
    let record = match (id, patient, issued, visits) {
        (Some(id), Some(patient), Some(issued), Some(visits)) if in_place => Some(Loaded {
            file: file.to_string(),
            rec: Prescription {
                id,
                patient,
                issued,
                expires,
                renews,
                visits: visits as u32,
                frequency,
                minutes: minutes.map(|m| m as u32),
                regions,
                techniques,
                avoid_regions,
                avoid_techniques,
                precautions,
                goals,
                targets,
                prescriber,
                diagnoses,
                closed,
            },
            spans,
        }),
        _ => None,
    };
    Parsed { record, diags }
}

pub fn session(
    file: &str,
    text: &str,
    folder: &str,
    stem: &str,
    vocab: &Vocabulary,
) -> Parsed<Session> {
    let mut diags = Vec::new();
    let mut spans = Spans::with_capacity();
    let Some(doc) = parse_doc(file, text, &mut diags) else {
        return Parsed {
            record: None,
            diags,
        };
    };
    let mut f = Fields::new(file, &doc, whole(text), "", SESSION, &mut diags, &mut spans);
    let id = f.req_id("id");
    let patient = f.req_id("patient");
    let prescription = f.req_id("prescription");
    let date = f.req_date("date");
    let start = f.opt_time("start");
    let status = match f.get("status") {
        None => Status::Completed,
        Some(v) => match v.get_ref().as_str().map(|s| (s, Status::parse(s))) {
            Some((_, Some(s))) => {
                f.record_span("status", v.span());
                s
            }
            Some((s, None)) => {
                f.push(
                    Code::InvalidValue,
                    "status",
                    v.span(),
                    format!(
                        "unknown status {}",
                        quoted(s, "(not shown: it is not a status word)")
                    ),
                    Some(format!("status is one of: {}", Status::NAMES.join(", "))),
                );
                Status::Completed
            }
            None => {
                f.wrong_type("status", v, "a string");
                Status::Completed
            }
        },
    };
    let completed = status == Status::Completed;
    let minutes = if completed && f.get("minutes").is_none() {
        f.push(
            Code::MissingField,
            "minutes",
            whole(text),
            "a completed session needs `minutes`, its length".into(),
            Some("add `minutes = 50`, or give the session a status of cancelled or no-show".into()),
        );
        None
    } else {
        f.opt_int("minutes", 1, 600)
    };
    let therapist = f.opt_str("therapist");
    let regions = f.vocab_list("regions", completed, VocabKind::Region, vocab);
    let techniques = f.vocab_list("techniques", completed, VocabKind::Technique, vocab);
    let pain_before = f.opt_int("pain_before", 0, 10);
    let pain_after = f.opt_int("pain_after", 0, 10);
    let measures_value = f.get("measures");
    let override_reason = f.opt_str("override");
    let soap_table = f.sub_table("soap");
    let amendments_value = f.get("amendments");
    let overrides_value = f.get("overrides");
    let void_table = f.sub_table("void");
    if let Some(reason) = &override_reason
        && reason.trim().is_empty()
    {
        diags.push(
            Diagnostic::new(
                Code::InvalidValue,
                file,
                Some(spans.get("override").unwrap_or(0..0)),
                "`override` is empty",
            )
            .hint("an override must say why the session went outside the prescription")
            .field("override"),
        );
    }
    let mut soap = Soap::default();
    if let Some((t, span)) = soap_table {
        let mut s = Fields::new(file, t, span, "soap.", SOAP, &mut diags, &mut spans);
        soap.subjective = s.opt_str("subjective");
        soap.objective = s.opt_str("objective");
        soap.assessment = s.opt_str("assessment");
        soap.plan = s.opt_str("plan");
    }
    let amendments = amendments_value.map_or_else(Vec::new, |v| {
        parse_amendments(file, v, &mut diags, &mut spans)
    });
    let overrides = overrides_value.map_or_else(Vec::new, |v| {
        parse_overrides(file, v, &mut diags, &mut spans)
    });
    let measures = measures_value.map_or_else(Vec::new, |v| {
        tables_of(
            file,
            v,
            "measures",
            ("`measure` and `value`", MEASURE),
            (&mut diags, &mut spans),
            |m| {
                let (key, value) = m.measured(vocab, "value");
                Some(Measurement {
                    key: key?,
                    value: value?,
                })
            },
        )
    });
    let void = void_table.and_then(|(t, span)| {
        let mut v = Fields::new(file, t, span, "void.", VOID, &mut diags, &mut spans);
        let date = v.req_date("date");
        let by = v.opt_str("by");
        let reason = v.req_str("reason");
        if reason.as_ref().is_some_and(|r| r.trim().is_empty()) {
            let span = v.get("reason").map(|x| x.span()).unwrap_or(0..0);
            v.push(
                Code::InvalidValue,
                "reason",
                span,
                "`void.reason` is empty".into(),
                Some("say why the session was recorded in error".into()),
            );
        }
        Some(Void {
            date: date?,
            by,
            reason: reason?,
        })
    });
    let in_place = check_place(file, &spans, &mut diags, &id, stem, &patient, folder);

    let record = match (id, patient, prescription, date) {
        (Some(id), Some(patient), Some(prescription), Some(date)) if in_place => Some(Loaded {
            file: file.to_string(),
            rec: Session {
                id,
                patient,
                prescription,
                date,
                start,
                minutes: minutes.map(|m| m as u32),
                status,
                therapist,
                regions,
                techniques,
                pain_before: pain_before.map(|p| p as u8),
                pain_after: pain_after.map(|p| p as u8),
                measures,
                override_reason: override_reason.filter(|r| !r.trim().is_empty()),
                soap,
                amendments,
                overrides,
                void,
            },
            spans,
        }),
        _ => None,
    };
    Parsed { record, diags }
}

/// Reads a recorded report (`reports/ID.toml`).
pub fn report(
    file: &str,
    text: &str,
    folder: &str,
    stem: &str,
) -> Parsed<crate::model::SentReport> {
    let mut diags = Vec::new();
    let mut spans = Spans::with_capacity();
    let Some(doc) = parse_doc(file, text, &mut diags) else {
        return Parsed {
            record: None,
            diags,
        };
    };
    let mut f = Fields::new(file, &doc, whole(text), "", REPORT, &mut diags, &mut spans);
    let id = f.req_id("id");
    let patient = f.req_id("patient");
    let prescription = f.req_id("prescription");
    let date = f.req_date("date");
    let to = f.req_text("to");
    if f.get("format").is_none() {
        f.missing("format", "\"pdf\"");
    }
    let format = f.one_of("format", crate::model::REPORT_FORMATS);
    let recommendation = f.one_of("recommendation", crate::model::RECOMMENDATIONS);
    let request_visits = f.opt_int("request_visits", 1, 10_000).map(|n| n as u32);
    let in_place = check_place(file, &spans, &mut diags, &id, stem, &patient, folder);
    let record = match (id, patient, prescription, date, to, format) {
        (Some(id), Some(patient), Some(prescription), Some(date), Some(to), Some(format))
            if in_place =>
        {
            Some(Loaded {
                file: file.to_string(),
                rec: crate::model::SentReport {
                    id,
                    patient,
                    prescription,
                    date,
                    to,
                    format,
                    recommendation,
                    request_visits,
                },
                spans,
            })
        }
        _ => None,
    };
    Parsed { record, diags }
}

/// Reads a session's `[[amendments]]`: each a table with `date`, `note` and
/// an optional `by`.
fn parse_amendments(
    file: &str,
    v: &Value<'_>,
    diags: &mut Vec<Diagnostic>,
    spans: &mut Spans,
) -> Vec<Amendment> {
    tables_of(
        file,
        v,
        "amendments",
        ("`date` and `note`", AMENDMENT),
        (diags, spans),
        |a| {
            let date = a.req_date("date");
            let by = a.opt_str("by");
            let note = a.req_str("note");
            Some(Amendment {
                date: date?,
                by,
                note: note?,
            })
        },
    )
}

/// Reads a session's `[[overrides]]`: each names the findings it excuses as
/// `code: value` (`technique-not-prescribed: cupping`), with the reason.
fn parse_overrides(
    file: &str,
    v: &Value<'_>,
    diags: &mut Vec<Diagnostic>,
    spans: &mut Spans,
) -> Vec<Override> {
    tables_of(
        file,
        v,
        "overrides",
        ("`date`, `findings` and `reason`", OVERRIDE),
        (diags, spans),
        |o| {
            let date = o.req_date("date");
            let by = o.opt_str("by");
            let mut findings = Vec::new();
            match o.str_list("findings") {
                None => o.missing("findings", "[\"technique-not-prescribed: cupping\"]"),
                Some(items) => {
                    for (item, span) in items {
                        if crate::diag::parse_override_key(&item).is_some() {
                            findings.push(item);
                        } else {
                            o.push(
                                Code::InvalidValue,
                                "findings",
                                span,
                                format!(
                                    "`{}` entry {} is not a finding an override can excuse",
                                    o.name("findings"),
                                    quoted(&item, "as written")
                                ),
                                Some(format!(
                                    "write `CODE: VALUE`, e.g. `technique-not-prescribed: cupping`; CODE is one of {}",
                                    crate::diag::COMPLIANCE_CODES.join(", ")
                                )),
                            );
                        }
                    }
                }
            }
            let reason = o.req_str("reason").filter(|r| !r.trim().is_empty());
            if reason.is_none() && o.get("reason").is_some() {
                let span = o.get("reason").map(|v| v.span()).unwrap_or(0..0);
                o.push(
                    Code::InvalidValue,
                    "reason",
                    span,
                    format!("`{}` is empty", o.name("reason")),
                    Some(
                        "an override must say why the session went outside the prescription".into(),
                    ),
                );
            }
            Some(Override {
                date: date?,
                by,
                findings,
                reason: reason?,
            })
        },
    )
}

/// Reads an array of tables (`[[diagnoses]]`, `[[amendments]]`): each entry's
/// fields through `read`, with every entry that is not a table, or a value
/// that is not an array, reported where it is.
fn tables_of<T>(
    file: &str,
    v: &Value<'_>,
    key: &str,
    (needs, spec): (&str, &'static [Field]),
    (diags, spans): (&mut Vec<Diagnostic>, &mut Spans),
    mut read: impl FnMut(&mut Fields<'_, '_, '_>) -> Option<T>,
) -> Vec<T> {
    let DeValue::Array(items) = v.get_ref() else {
        diags.push(
            Diagnostic::new(
                Code::InvalidValue,
                file,
                Some(v.span()),
                format!(
                    "`{key}` must be an array of tables ([[{key}]]), found {}",
                    v.get_ref().type_str()
                ),
            )
            .field(key),
        );
        return Vec::new();
    };
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let DeValue::Table(t) = item.get_ref() else {
            diags.push(
                Diagnostic::new(
                    Code::InvalidValue,
                    file,
                    Some(item.span()),
                    format!("each `{key}` entry must be a table with {needs}"),
                )
                .field(key),
            );
            continue;
        };
        let prefix = format!("{key}.{i}.");
        let mut fields = Fields::new(file, t, item.span(), &prefix, spec, diags, spans);
        out.extend(read(&mut fields));
    }
    out
}

/// Reads `mmx.toml`. Problems are reported (every command refuses to run on
/// a settings file with errors); defaults stand in for bad values only so
/// the rest of the file can still be checked.
pub fn settings(file: &str, text: &str) -> (Settings, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut spans = Spans::with_capacity();
    let mut settings = Settings::default();
    let Some(doc) = parse_doc(file, text, &mut diags) else {
        return (settings, diags);
    };
    let mut f = Fields::new(
        file,
        &doc,
        whole(text),
        "",
        SETTINGS,
        &mut diags,
        &mut spans,
    );
    let practice = f.sub_table("practice");
    let has_practice = f.get("practice").is_some();
    let therapists = f.get("therapists");
    let rules = f.sub_table("rules");
    let alerts = f.sub_table("alerts");
    let vocabulary = f.sub_table("vocabulary");
    let billing = f.sub_table("billing");
    if !has_practice {
        f.missing("practice", "{ name = \"...\" }");
    }
    if let Some((t, span)) = practice {
        let mut p = Fields::new(file, t, span, "practice.", PRACTICE, &mut diags, &mut spans);
        settings.practice = PracticeInfo {
            name: p.req_text("name").unwrap_or_default(),
            therapist: p.opt_str("therapist"),
            address: p.opt_str("address"),
            phone: p.opt_str("phone"),
            fax: p.opt_str("fax"),
            time_zone: p.time_zone("time_zone"),
        };
    }
    if let Some(v) = therapists {
        settings.therapists = tables_of(
            file,
            v,
            "therapists",
            ("`name`", THERAPIST),
            (&mut diags, &mut spans),
            |t| {
                let name = t.req_text("name");
                let credential = t.credential("credential");
                let license = t.opt_str("license");
                let npi = t.npi("npi");
                Some(Therapist {
                    name: name?.trim().to_string(),
                    credential,
                    license,
                    npi,
                })
            },
        );
        for (i, t) in settings.therapists.iter().enumerate() {
            if settings.therapists[..i].iter().any(|o| o.name == t.name) {
                let key = format!("therapists.{i}.name");
                diags.push(
                    Diagnostic::new(
                        Code::InvalidValue,
                        file,
                        Some(spans.get(&key).unwrap_or(0..0)),
                        format!("therapist {} is listed twice", i + 1),
                    )
                    .hint("list each therapist once in [[therapists]]; sessions name them by name")
                    .field(key),
                );
            }
        }
        if let Some(name) = &settings.practice.therapist
            && !settings.therapists.is_empty()
            && settings.therapist(name).is_none()
        {
            diags.push(
                Diagnostic::new(
                    Code::UnknownTherapist,
                    file,
                    Some(spans.get("practice.therapist").unwrap_or(0..0)),
                    "`practice.therapist` is not one of the practice's [[therapists]]",
                )
                .hint(therapist_hint(name, &settings.therapists))
                .field("practice.therapist"),
            );
        }
    }
    if let Some((t, span)) = rules {
        let mut r = Fields::new(file, t, span, "rules.", RULES, &mut diags, &mut spans);
        let rx_valid_days = r
            .opt_int("rx_valid_days", 1, 3650)
            .map_or(Rules::default().rx_valid_days, |n| n as u32);
        let week_starts = match r.opt_str("week_starts") {
            None => Rules::default().week_starts,
            Some(w) => match WEEKDAYS.iter().find(|(n, _)| w.eq_ignore_ascii_case(n)) {
                Some((_, day)) => *day,
                None => {
                    let span = r.get("week_starts").map(|v| v.span()).unwrap_or(0..0);
                    r.push(
                        Code::InvalidValue,
                        "week_starts",
                        span,
                        format!(
                            "`rules.week_starts` {} is not a day of the week",
                            quoted(&w, "as written")
                        ),
                        Some(format!(
                            "write one of: {}",
                            WEEKDAYS
                                .iter()
                                .map(|(n, _)| *n)
                                .collect::<Vec<_>>()
                                .join(", ")
                        )),
                    );
                    Rules::default().week_starts
                }
            },
        };
        let d = Rules::default();
        settings.rules = Rules {
            rx_valid_days,
            report_every_visits: r
                .opt_int("report_every_visits", 0, 10_000)
                .map_or(d.report_every_visits, |n| n as u32),
            report_every_days: r
                .opt_int("report_every_days", 0, 3650)
                .map_or(d.report_every_days, |n| n as u32),
            week_starts,
        };
    }
    if let Some((t, span)) = alerts {
        let mut a = Fields::new(file, t, span, "alerts.", ALERTS, &mut diags, &mut spans);
        let d = Alerts::default();
        settings.alerts = Alerts {
            within_days: a
                .opt_int("within_days", 0, 3650)
                .map_or(d.within_days, |n| n as u32),
            visits_left: a
                .opt_int("visits_left", 0, 10_000)
                .map_or(d.visits_left, |n| n as u32),
        };
    }
    if let Some((t, span)) = vocabulary {
        let mut v = Fields::new(
            file,
            t,
            span,
            "vocabulary.",
            VOCABULARY,
            &mut diags,
            &mut spans,
        );
        let mut read = |key: &str| -> Vec<String> {
            let mut out = Vec::new();
            for (s, span) in v.str_list(key).unwrap_or_default() {
                if is_slug(&s) {
                    out.push(s);
                } else {
                    let name = v.name(key);
                    v.push(
                        Code::InvalidValue,
                        key,
                        span,
                        format!(
                            "`{name}` entry {} is not a valid identifier",
                            quoted(&s, "(not shown)")
                        ),
                        Some(SLUG_RULE.into()),
                    );
                }
            }
            out
        };
        let regions = read("regions");
        let techniques = read("techniques");
        let measures = v.get("measures").map_or_else(Vec::new, |m| {
            tables_of(
                file,
                m,
                "vocabulary.measures",
                (
                    "`id`, `label`, `unit`, `min`, `max` and `better`",
                    MEASURE_DEF,
                ),
                (&mut diags, &mut spans),
                measure_def,
            )
        });
        settings.vocabulary = ExtraVocabulary {
            regions,
            techniques,
            measures,
        };
    }
    if let Some((t, _)) = billing {
        let vocab = Vocabulary::new(
            settings.vocabulary.regions.clone(),
            settings.vocabulary.techniques.clone(),
        );
        for (key, v) in t.iter() {
            let technique = match vocab.technique_suggesting(key.name(), true) {
                Ok(canonical) => Some(canonical),
                Err(e) => {
                    diags.push(
                        vocab_diag(file, key.span(), key.name(), VocabKind::Technique, e)
                            .field("billing"),
                    );
                    None
                }
            };
            let code = match v.get_ref() {
                DeValue::String(c) if crate::billing::code_shaped(c) => Some(c.to_string()),
                _ => {
                    diags.push(
                        Diagnostic::new(
                            Code::InvalidValue,
                            file,
                            Some(v.span()),
                            format!(
                                "`billing.{}` is not a service code",
                                crate::diag::shown(key.name()).unwrap_or("...")
                            ),
                        )
                        .hint("write the CPT or HCPCS code as a string, e.g. `myofascial-release = \"97140\"`")
                        .field("billing"),
                    );
                    None
                }
            };
            if let (Some(t), Some(c)) = (technique, code) {
                settings.billing.insert(t, c);
            }
        }
    }
    (settings, diags)
}

/// A practice's own measure from `[[vocabulary.measures]]`.
fn measure_def(m: &mut Fields<'_, '_, '_>) -> Option<crate::measures::MeasureDef> {
    use crate::measures::{Better, MeasureDef, Needs};
    let id = m.req_id("id");
    let label = m.req_text("label");
    let short = m.opt_str("short");
    let unit = m.req_str("unit");
    let min = m.req_num("min", (f64::MIN, f64::MAX), ("", ""));
    let max = m.req_num("max", (f64::MIN, f64::MAX), ("", ""));
    if m.get("better").is_none() {
        m.missing("better", "\"higher\"");
    }
    let better = m
        .one_of("better", &["higher", "lower"])
        .and_then(|b| Better::parse(&b));
    let needs = match m.get("needs") {
        None => Some(Needs::Nothing),
        Some(_) => m
            .one_of("needs", Needs::NAMES)
            .and_then(|n| Needs::parse(&n)),
    };
    let mcid = m.opt_num("mcid", (0.0, f64::MAX), ("", ""));
    let source = m.opt_str("mcid_source").filter(|s| !s.trim().is_empty());
    if mcid.is_some() && source.is_none() {
        let span = m.get("mcid").map(|v| v.span()).unwrap_or(0..0);
        m.push(
            Code::MissingField,
            "mcid_source",
            span,
            "an `mcid` needs its `mcid_source`, the published study that gives it".into(),
            Some("add `mcid_source = \"Author et al., Journal year;volume:pages\"`, or leave `mcid` out".into()),
        );
    }
    if let (Some(lo), Some(hi)) = (min, max)
        && lo >= hi
    {
        let span = m.get("max").map(|v| v.span()).unwrap_or(0..0);
        m.push(
            Code::InvalidValue,
            "max",
            span,
            "`max` must be above `min`".into(),
            None,
        );
        return None;
    }
    let label = label?;
    Some(MeasureDef {
        id: id?,
        short: short.unwrap_or_else(|| label.clone()),
        label,
        unit: unit?,
        min: min?,
        max: max?,
        better: better?,
        mcid: mcid.filter(|_| source.is_some()),
        mcid_source: source.filter(|_| mcid.is_some()),
        needs: needs?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The reader holds every field to the type its table gives: a value of
    /// another type is a finding on that very field.
    #[test]
    fn every_field_is_read_as_the_type_its_table_says() {
        let v = Vocabulary::default();
        let kinds: [(&[Field], &str); 3] = [
            (PATIENT, "id = \"p\"\nname = \"P\"\n"),
            (
                PRESCRIPTION,
                "id = \"r\"\npatient = \"p\"\nissued = 2026-01-01\nvisits = 3\nregions = [\"lumbar\"]\ntechniques = [\"swedish\"]\n[prescriber]\nname = \"D\"\n",
            ),
            (
                SESSION,
                "id = \"s\"\npatient = \"p\"\nprescription = \"r\"\ndate = 2026-01-02\nminutes = 50\nregions = [\"lumbar\"]\ntechniques = [\"swedish\"]\n",
            ),
        ];
        for (spec, base) in kinds {
            for f in spec {
                let wrong = match f.ty {
                    Ty::Str => "1",
                    Ty::Table | Ty::Tables => "1",
                    _ => "\"x y\"",
                };
                let kept: String = base
                    .lines()
                    .filter(|l| !l.starts_with(&format!("{} =", f.name)))
                    .take_while(|l| !l.starts_with('['))
                    .map(|l| format!("{l}\n"))
                    .collect();
                let text = format!("{} = {wrong}\n{kept}", f.name);
                let diags = if std::ptr::eq(spec, PATIENT) {
                    patient("f.toml", &text, "p", &v).diags
                } else if std::ptr::eq(spec, PRESCRIPTION) {
                    prescription("f.toml", &text, "p", "r", &v).diags
                } else {
                    session("f.toml", &text, "p", "s", &v).diags
                };
                assert!(
                    diags
                        .iter()
                        .any(|d| d.field.as_deref() == Some(f.name) && d.code == Code::InvalidValue),
                    "{} = {wrong}: {diags:?}",
                    f.name
                );
            }
        }
    }

    /// Every table and array of tables of every record file has its
    /// entry in [`NESTED`], and every entry is one: a new table cannot be
    /// left out of what nests the tables (the editors' schemas).
    #[test]
    fn nested_names_every_table_of_every_record_file() {
        fn walk(path: &str, fields: &[Field], seen: &mut Vec<String>) {
            for f in fields {
                if !matches!(f.ty, Ty::Table | Ty::Tables) {
                    continue;
                }
                let at = format!("{path}.{}", f.name);
                match nested(&at) {
                    Some(Nested::Fields(sub)) => walk(&at, sub, seen),
                    Some(Nested::TermMap(_)) => {}
                    None => panic!("`{at}` is a table with no entry in schema::NESTED"),
                }
                seen.push(at);
            }
        }
        let mut seen = Vec::new();
        for (top, fields) in RECORD_TOPS {
            walk(top, fields, &mut seen);
        }
        for (path, _) in NESTED {
            assert!(
                seen.iter().any(|s| s == path),
                "NESTED names `{path}`, which no field table has"
            );
        }
    }

    /// [`TERMS`] says which fields hold vocabulary terms; the reader is
    /// what refuses an unknown one. An unknown term in every top-level list
    /// and string of every record kind is refused exactly where TERMS says.
    #[test]
    fn terms_are_the_fields_whose_unknown_terms_the_reader_refuses() {
        let v = Vocabulary::default();
        let kinds: [(&str, &[Field], &str); 3] = [
            ("patient", PATIENT, "id = \"p\"\nname = \"P\"\n"),
            (
                "prescription",
                PRESCRIPTION,
                "id = \"r\"\npatient = \"p\"\nissued = 2026-01-01\nvisits = 3\nregions = [\"lumbar\"]\ntechniques = [\"swedish\"]\n[prescriber]\nname = \"D\"\n",
            ),
            (
                "session",
                SESSION,
                "id = \"s\"\npatient = \"p\"\nprescription = \"r\"\ndate = 2026-01-02\nminutes = 50\nregions = [\"lumbar\"]\ntechniques = [\"swedish\"]\n",
            ),
        ];
        let mut checked = 0;
        for (top, spec, base) in kinds {
            for f in spec.iter().filter(|f| matches!(f.ty, Ty::List | Ty::Str)) {
                let value = if f.ty == Ty::List {
                    "[\"zqxj\"]"
                } else {
                    "\"zqxj\""
                };
                let kept: String = base
                    .lines()
                    .filter(|l| !l.starts_with(&format!("{} =", f.name)))
                    .map(|l| format!("{l}\n"))
                    .collect();
                let text = format!("{} = {value}\n{kept}", f.name);
                let diags = match top {
                    "patient" => patient("f.toml", &text, "p", &v).diags,
                    "prescription" => prescription("f.toml", &text, "p", "r", &v).diags,
                    _ => session("f.toml", &text, "p", "s", &v).diags,
                };
                let refused = |code| {
                    diags.iter().any(|d| {
                        d.code == code
                            && d.span
                                .as_ref()
                                .is_some_and(|s| text[s.clone()].contains("zqxj"))
                    })
                };
                let path = format!("{top}.{}", f.name);
                let said = terms(&path);
                assert_eq!(
                    refused(Code::UnknownRegion),
                    said == Some(VocabKind::Region),
                    "{path}: {diags:?}"
                );
                assert_eq!(
                    refused(Code::UnknownTechnique),
                    said == Some(VocabKind::Technique),
                    "{path}: {diags:?}"
                );
                checked += usize::from(said.is_some());
            }
        }
        assert_eq!(
            checked,
            TERMS.len(),
            "TERMS names a field that is not a top-level list or string of a record"
        );
    }

    #[test]
    fn control_characters_are_found_wherever_they_sit() {
        for c in [
            '\u{0}', '\u{7}', '\u{1b}', '\u{1f}', '\u{7f}', '\u{80}', '\u{9b}', '\u{9f}',
        ] {
            for at in 0..20 {
                let text = format!("{}{c}{}", "a".repeat(at), "b".repeat(19 - at));
                assert_eq!(control_char(&text, true), Some(c), "{c:?} at {at}");
            }
        }
        for ok in [
            "a\tb",
            "é ü Ångström \u{a0}",
            "\u{c2a0}",
            "x".repeat(40).as_str(),
        ] {
            assert_eq!(control_char(ok, false), None, "{ok:?}");
        }
        let lines = "one line\r\nand another\n".repeat(3);
        assert_eq!(control_char(&lines, true), None);
        assert_eq!(control_char(&lines, false), Some('\r'));
    }

    #[test]
    fn npi_check_digit() {
        assert!(npi_valid("1234567893"));
        assert!(!npi_valid("1234567890"));
        assert!(!npi_valid("123456789"));
        assert!(!npi_valid("12345678a3"));
    }

    #[test]
    fn slugs() {
        assert!(is_slug("jane-doe-1980"));
        assert!(is_slug("2026-11-02-k3m9qx"));
        for bad in ["", "-x", "A", "../x", "a/b", "a b", &"a".repeat(65)] {
            assert!(!is_slug(bad), "{bad}");
        }
    }

    #[test]
    fn a_session_reports_every_problem_at_its_value() {
        let text = "id = \"s1\"\npatient = \"p\"\nprescription = \"r\"\ndate = \"2026-01-05\"\nminutes = 0\nregions = [\"lumbr\", \"knee\"]\ntechniques = [\"swedish\"]\ncolour = 1\n";
        let p = session("f.toml", text, "p", "s1", &Vocabulary::default());
        let mut codes: Vec<_> = p.diags.iter().map(|d| d.code.as_str()).collect();
        codes.sort();
        assert_eq!(
            codes,
            [
                "invalid-value",
                "invalid-value",
                "missing-side",
                "unknown-field",
                "unknown-region"
            ]
        );
    }
}
