//! Reads a session (`sessions/ID.toml`), its amendments and overrides.

use super::home_care;
use super::parse::{Parsed, parse_doc, whole};
use super::patient::check_place;
use super::reader::Value;
use super::reader::{Fields, tables_of};
use super::safety;
use crate::diag;
use crate::diag::{Code, Diagnostic, quoted};
use crate::model::Measurement;
use crate::model::fields::AMENDMENT;
use crate::model::fields::MEASURE;
use crate::model::fields::OVERRIDE;
use crate::model::fields::SESSION;
use crate::model::fields::SOAP;
use crate::model::fields::VOID;
use crate::model::fields::VocabKind;
use crate::model::{Amendment, Override, Session, Soap, Status, Void};
use crate::records::Loaded;
use crate::records::Spans;
use crate::values;
use crate::values::UTC_OFFSET_RULE;
use crate::vocab::Vocabulary;
use crate::vocab::flags::CONSENT_SCOPES;

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
    let start_offset = f.opt_str("start_offset");
    if let Some(o) = &start_offset {
        if values::utc_offset(o).is_none() {
            let value = quoted(o, "as written");
            f.not_a(
                "start_offset",
                &value,
                "a UTC offset",
                UTC_OFFSET_RULE.into(),
            );
        } else if start.is_none() {
            let span = f.get("start_offset").map(|v| v.span()).unwrap_or(0..0);
            f.push(
                Code::InvalidValue,
                "start_offset",
                span,
                "`start_offset` is the offset of `start`, and the session has no `start`".into(),
                Some("add the visit's `start` (a local time), or leave `start_offset` out".into()),
            );
        }
    }
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
    let health_change = f.opt_str("health_change");
    if health_change.as_ref().is_some_and(|h| h.trim().is_empty()) {
        let span = f.get("health_change").map(|v| v.span()).unwrap_or(0..0);
        f.push(
            Code::InvalidValue,
            "health_change",
            span,
            "`health_change` is empty".into(),
            Some("write \"none\", or what changed since the last visit".into()),
        );
    }
    let health_change_flags = safety::flag_list(
        &mut f,
        "health_change_flags",
        false,
        safety::NoneIs::Refused,
    );
    let consent = safety::word_list(&mut f, "consent", CONSENT_SCOPES);
    let adherence = home_care::adherence(&mut f);
    let measures_value = f.get("measures");
    let home_care_value = f.get("home_care");
    // A home programme is given, and its adherence told, at a visit.
    if !completed {
        let why = [
            ("adherence", "the patient tells it at a visit"),
            ("home_care", "a home programme is given at a visit"),
        ];
        for (key, why) in why {
            if let Some(v) = f.get(key) {
                f.push(
                    Code::InvalidValue,
                    key,
                    v.span(),
                    format!("a {} session records no `{key}`: {why}", status.as_str()),
                    Some("record it with the next completed visit".into()),
                );
            }
        }
    }
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
    let home_care = home_care_value.map_or_else(Vec::new, |v| {
        home_care::home_care(file, v, vocab, &mut diags, &mut spans)
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
                start_offset,
                minutes: minutes.map(|m| m as u32),
                status,
                therapist,
                regions,
                techniques,
                pain_before: pain_before.map(|p| p as u8),
                pain_after: pain_after.map(|p| p as u8),
                health_change: health_change.filter(|h| !h.trim().is_empty()),
                health_change_flags,
                consent,
                adherence,
                measures,
                home_care,
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

/// Reads a session's `[[amendments]]`: each a table with `date`, `note` and
/// an optional `by`.
pub(super) fn parse_amendments(
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
pub(super) fn parse_overrides(
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
                        if diag::parse_override_key(&item).is_some() {
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
                                    diag::COMPLIANCE_CODES.join(", ")
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
