//! The reader's helper: `Fields`, one TOML table being read against its field
//! table, collecting every problem as a located diagnostic; and vocabulary findings.

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

use crate::diag;
use crate::model::fields::Field;
use crate::records::toml_reader;
use crate::text;
use crate::values::may_hold_control;
use crate::vocab;
use crate::vocab::measures;
use crate::zone;
use crate::zone::ZoneError;
use std::ops::Range;

use crate::records::toml_reader::Table as DeTable;
use crate::records::toml_reader::Value as DeValue;
use chrono::{NaiveDate, NaiveTime};

use crate::diag::{Code, Diagnostic, quoted};
use crate::model::fields::Text;
use crate::model::fields::VocabKind;
use crate::model::fields::names;
use crate::model::{Frequency, Gender, Therapist};
use crate::records::Spans;
use crate::values::CREDENTIAL_RULE;
use crate::values::SLUG_RULE;
use crate::values::control_char;
use crate::values::control_char_message;
use crate::values::credential_shaped;
use crate::values::is_slug;
use crate::values::npi_valid;
use crate::vocab::measures::MeasureKey;
use crate::vocab::{VocabError, Vocabulary};

pub(super) type Value<'i> = toml_reader::Item<'i>;

/// The fields of one TOML table being read, and where to put the problems found.
pub(super) struct Fields<'t, 'i, 'd> {
    pub(super) file: &'d str,
    pub(super) table: &'t DeTable<'i>,
    /// The table's field table: known keys and each one's kind of text.
    pub(super) spec: &'static [Field],
    /// Where a missing field is reported: the table's header, or the file's start.
    pub(super) at: Range<usize>,
    /// Dotted prefix for messages and span keys (`prescriber.`).
    pub(super) prefix: &'d str,
    pub(super) diags: &'d mut Vec<Diagnostic>,
    pub(super) spans: &'d mut Spans,
}

impl<'t, 'i, 'd> Fields<'t, 'i, 'd> {
    pub(super) fn new(
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
                let hint = match text::closest(name, known.iter().copied()) {
                    Some(s) => format!("did you mean `{s}`? known fields: {}", known.join(", ")),
                    None => format!("known fields: {}", known.join(", ")),
                };
                let what = match diag::shown(name) {
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

    pub(super) fn get(&self, key: &str) -> Option<&'t Value<'i>> {
        self.table.get(key)
    }

    pub(super) fn name(&self, key: &str) -> String {
        format!("{}{key}", self.prefix)
    }

    pub(super) fn text_of(&self, key: &str) -> Text {
        self.spec
            .iter()
            .find(|f| f.name == key)
            .map_or(Text::Line, |f| f.text)
    }

    pub(super) fn push(
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

    pub(super) fn missing(&mut self, key: &str, what: &str) {
        let name = self.name(key);
        self.push(
            Code::MissingField,
            key,
            self.at.clone(),
            format!("missing required field `{name}`"),
            Some(format!("add `{key} = {what}`")),
        );
    }

    pub(super) fn wrong_type(&mut self, key: &str, v: &Value<'_>, expected: &str) {
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

    pub(super) fn record_span(&mut self, key: &str, span: Range<usize>) {
        self.spans.set(self.prefix, key, None, span);
    }

    /// Reports a control character the field's kind of text does not allow.
    /// The value is still read (every renderer shows such characters
    /// harmlessly), so the record counts and an edit can put it right.
    pub(super) fn clean(&mut self, key: &str, s: &str, span: Range<usize>) {
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

    pub(super) fn opt_str(&mut self, key: &str) -> Option<String> {
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
    pub(super) fn credential(&mut self, key: &str) -> Option<String> {
        let s = self.opt_str(key)?;
        if !credential_shaped(&s) {
            let value = quoted(&s, "as written");
            self.not_a(key, &value, "a credential", CREDENTIAL_RULE.into());
        }
        Some(s)
    }

    /// Reports `key`'s value (`shown` as a message may show it, or empty) as
    /// not being `what`, at the value, with what is allowed.
    pub(super) fn not_a(&mut self, key: &str, shown: &str, what: &str, hint: String) {
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
    pub(super) fn time_zone(&mut self, key: &str) -> Option<String> {
        let s = self.opt_str(key)?;
        if let Err(e @ ZoneError::Unknown { .. }) = zone::Zone::named(&s) {
            let value = quoted(&s, "as written");
            self.not_a(key, &value, "a time zone", e.hint());
        }
        Some(s)
    }

    /// A FHIR administrative gender ([`Gender::parse`]); anything else is
    /// reported without its words (they may be the patient's own) and left out.
    pub(super) fn gender(&mut self, key: &str) -> Option<Gender> {
        let s = self.opt_str(key)?;
        let gender = Gender::parse(&s);
        if gender.is_none() {
            self.not_a(key, "", "a FHIR administrative gender", Gender::RULE.into());
        }
        gender
    }

    /// An NPI, reported as `invalid-npi` when its check digit is wrong.
    pub(super) fn npi(&mut self, key: &str) -> Option<String> {
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
    pub(super) fn frequency(&mut self, key: &str) -> Option<Frequency> {
        let s = self.opt_str(key)?;
        let span = self.get(key).map(|v| v.span()).unwrap_or(0..0);
        let name = self.name(key);
        match Frequency::read(&s) {
            Ok(f) => Some(f),
            Err(why) => {
                self.push(
                    Code::InvalidValue,
                    key,
                    span,
                    format!("`{name}` is not a frequency mmx can check: {why}"),
                    Some(format!(
                        "write {}; anything else belongs in `precautions`",
                        Frequency::GRAMMAR
                    )),
                );
                None
            }
        }
    }

    pub(super) fn req_str(&mut self, key: &str) -> Option<String> {
        if self.get(key).is_none() {
            self.missing(key, "\"...\"");
            return None;
        }
        self.opt_str(key)
    }

    /// A required text that must not be blank (a name).
    pub(super) fn req_text(&mut self, key: &str) -> Option<String> {
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
    pub(super) fn req_id(&mut self, key: &str) -> Option<String> {
        if self.get(key).is_none() {
            self.missing(key, "\"...\"");
            return None;
        }
        self.opt_id(key)
    }

    /// An optional id (slug); a bad one is reported and dropped.
    pub(super) fn opt_id(&mut self, key: &str) -> Option<String> {
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

    pub(super) fn opt_date(&mut self, key: &str) -> Option<NaiveDate> {
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

    pub(super) fn req_date(&mut self, key: &str) -> Option<NaiveDate> {
        if self.get(key).is_none() {
            self.missing(key, "2026-03-14");
            return None;
        }
        self.opt_date(key)
    }

    /// A local time of day, to the second: a second of 60 or a fraction of a
    /// second is reported, never dropped or cut.
    pub(super) fn opt_time(&mut self, key: &str) -> Option<NaiveTime> {
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

    pub(super) fn opt_int(&mut self, key: &str, min: i64, max: i64) -> Option<i64> {
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

    /// `true` or `false`.
    pub(super) fn opt_bool(&mut self, key: &str) -> Option<bool> {
        let v = self.get(key)?;
        match v.get_ref() {
            DeValue::Boolean(b) => {
                self.record_span(key, v.span());
                Some(*b)
            }
            _ => {
                self.wrong_type(key, v, "true or false (no quotes)");
                None
            }
        }
    }

    pub(super) fn req_int(&mut self, key: &str, min: i64, max: i64) -> Option<i64> {
        if self.get(key).is_none() {
            self.missing(key, &min.to_string());
            return None;
        }
        self.opt_int(key, min, max)
    }

    /// A number (integer or float) from `min` to `max`; `what` names it in
    /// a message (`ndi`), `unit` follows the bounds (`°`, `cm`).
    pub(super) fn opt_num(
        &mut self,
        key: &str,
        (min, max): (f64, f64),
        what: (&str, &str),
    ) -> Option<f64> {
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
            let (lo, hi) = (measures::number(min), measures::number(max));
            let subject = if label.is_empty() {
                format!("`{name}`")
            } else {
                format!("{label} `{key}`")
            };
            self.push(
                Code::InvalidValue,
                key,
                v.span(),
                format!("{subject} is {}{unit}, out of range", measures::number(n)),
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

    pub(super) fn req_num(
        &mut self,
        key: &str,
        range: (f64, f64),
        what: (&str, &str),
    ) -> Option<f64> {
        if self.get(key).is_none() {
            self.missing(key, "1");
            return None;
        }
        self.opt_num(key, range, what)
    }

    /// A `[[measures]]` or `[[targets]]` entry: what it measures, and its
    /// number under `key` held to the measure's range.
    pub(super) fn measured(
        &mut self,
        vocab: &Vocabulary,
        key: &str,
    ) -> (Option<MeasureKey>, Option<f64>) {
        let (measure, def) = self.measure_key(vocab);
        let range = def.map_or((f64::MIN, f64::MAX), |d| (d.min, d.max));
        let (id, unit) = def.map_or_else(Default::default, |d| (d.id.clone(), d.unit.clone()));
        (measure, self.req_num(key, range, (&id, &unit)))
    }

    /// What a `[[measures]]` or `[[targets]]` entry measures, read against
    /// the vocabulary: a known measure, and the site, motion or activity it
    /// needs (and none it does not). Returns the key and the measure.
    pub(super) fn measure_key<'v>(
        &mut self,
        vocab: &'v Vocabulary,
    ) -> (Option<MeasureKey>, Option<&'v measures::MeasureDef>) {
        use crate::vocab::measures::Needs;
        let Some(raw) = self.req_str("measure") else {
            return (None, None);
        };
        let span = self.get("measure").map(|v| v.span()).unwrap_or(0..0);
        let id = vocab::normalize(&raw);
        let Some(def) = vocab.measure(&id) else {
            let shown = diag::shown(&raw).map_or_else(
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
                let m = vocab::normalize(&raw);
                if measures::MOTIONS.contains(&m.as_str()) {
                    Some(m)
                } else {
                    let at = self.get("motion").map(|v| v.span()).unwrap_or(0..0);
                    let hint = match text::closest(&m, measures::MOTIONS.iter().copied()) {
                        Some(s) => format!("did you mean `{s}`?"),
                        None => format!("motions: {}", measures::MOTIONS.join(", ")),
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
    pub(super) fn one_of(&mut self, key: &str, names: &[&str]) -> Option<String> {
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
    pub(super) fn str_list(&mut self, key: &str) -> Option<Vec<(String, Range<usize>)>> {
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

    pub(super) fn plain_list(&mut self, key: &str) -> Vec<String> {
        self.str_list(key)
            .unwrap_or_default()
            .into_iter()
            .map(|(s, _)| s)
            .collect()
    }

    /// A list of vocabulary terms (regions or techniques), each read through
    /// the vocabulary; unknown ones are reported at the element and left out,
    /// a term written twice is kept once.
    pub(super) fn vocab_list(
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

    pub(super) fn sub_table(&mut self, key: &str) -> Option<(&'t DeTable<'i>, Range<usize>)> {
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
pub(super) const SUGGESTIONS: usize = 64;

/// How a message names the table a dotted prefix points into.
pub(super) fn table_name(prefix: &str) -> String {
    match prefix.trim_end_matches('.') {
        "" => "this record".to_string(),
        t => format!("[{}]", t.split('.').next().unwrap_or(t)),
    }
}

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
pub(super) fn unknown_term(what: &str, raw: &str) -> String {
    match diag::shown(raw) {
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
        .or_else(|| text::closest(given, listed.iter().copied()));
    let list = format!(
        "mmx.toml lists: {}; add a new therapist there under [[therapists]]",
        listed.join(", ")
    );
    match close {
        Some(c) => format!("did you mean `{c}`? {list}"),
        None => list,
    }
}

/// Reads an array of tables (`[[diagnoses]]`, `[[amendments]]`): each entry's
/// fields through `read`, with every entry that is not a table, or a value
/// that is not an array, reported where it is.
pub(super) fn tables_of<T>(
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
