//! Reads what `patient.toml` says about safety before treatment: its
//! `[[screenings]]`, `[[clearances]]` and `[[consents]]`, and the red flags
//! and consent words a session names. Every problem is a located finding.

use super::reader::{Fields, Value, tables_of};
use crate::diag::{Code, Diagnostic, quoted};
use crate::model::fields::VocabKind;
use crate::model::fields::{CLEARANCE, CONSENT, SCREENING};
use crate::model::{Clearance, Consent, ConsentPer, ConsentScope, Screening};
use crate::records::Spans;
use crate::records::order_name_ok;
use crate::values::is_sha256;
use crate::vocab::Vocabulary;
use crate::vocab::flags::{self, NONE};
use crate::vocab::normalize;

/// Whether a list of red flags may be `["none"]` (a screening's verified
/// none) or names red flags only (a clearance, a change of health).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum NoneIs {
    Allowed,
    Refused,
}

/// A list of red flags of the vocabulary, each read canonical; an unknown
/// one is reported at its element and left out, one written twice is kept
/// once. `required`: missing or empty is reported.
pub(super) fn flag_list(
    f: &mut Fields<'_, '_, '_>,
    key: &str,
    required: bool,
    none: NoneIs,
) -> Vec<String> {
    let Some(items) = f.str_list(key) else {
        if required {
            f.missing(key, "[\"none\"]");
        }
        return Vec::new();
    };
    let mut out: Vec<String> = Vec::new();
    let mut none_at = None;
    for (raw, span) in &items {
        let id = match flags::read(raw) {
            Ok(id) => id.to_string(),
            Err(hint) => {
                let name = f.name(key);
                f.push(
                    Code::InvalidValue,
                    key,
                    span.clone(),
                    format!(
                        "`{name}` entry {} is not a red flag mmx knows",
                        quoted(raw, "(not shown: it is not a flag id)")
                    ),
                    Some(hint),
                );
                continue;
            }
        };
        if id == NONE {
            if none == NoneIs::Refused {
                let name = f.name(key);
                f.push(
                    Code::InvalidValue,
                    key,
                    span.clone(),
                    format!("`{name}` names red flags; `none` is a screening's word"),
                    Some("name the red flags it is about, e.g. [\"surgery-6mo\"]".into()),
                );
                continue;
            }
            none_at = Some(span.clone());
        }
        if !out.contains(&id) {
            f.spans.set(f.prefix, key, Some(out.len()), span.clone());
            out.push(id);
        }
    }
    if let Some(span) = none_at
        && out.len() > 1
    {
        let name = f.name(key);
        f.push(
            Code::InvalidValue,
            key,
            span,
            format!("`{name}` lists `none` with red flags"),
            Some(
                "`none` means the patient reported none of them: leave it out, or the flags".into(),
            ),
        );
        out.retain(|id| id != NONE);
    }
    if required && out.is_empty() && items.is_empty() {
        let span = f.get(key).map(|v| v.span()).unwrap_or(0..0);
        let name = f.name(key);
        f.push(
            Code::InvalidValue,
            key,
            span,
            format!("`{name}` must not be empty"),
            Some(match none {
                NoneIs::Allowed => "write [\"none\"] for a screening that found no red flag".into(),
                NoneIs::Refused => "name the red flags it covers, e.g. [\"dvt-history\"]".into(),
            }),
        );
    }
    out
}

/// A list of words from a fixed list (a session's `consent`).
pub(super) fn word_list(f: &mut Fields<'_, '_, '_>, key: &str, words: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (raw, span) in f.str_list(key).unwrap_or_default() {
        let w = normalize(&raw);
        if !words.contains(&w.as_str()) {
            let name = f.name(key);
            f.push(
                Code::InvalidValue,
                key,
                span,
                format!(
                    "`{name}` entry {} is not one mmx knows",
                    quoted(&raw, "(not shown)")
                ),
                Some(format!("write one of: {}", words.join(", "))),
            );
        } else if !out.contains(&w) {
            f.spans.set(f.prefix, key, Some(out.len()), span);
            out.push(w);
        }
    }
    out
}

/// A text that must not be blank when it is there (a note, a `by`).
fn text(f: &mut Fields<'_, '_, '_>, key: &str) -> Option<String> {
    let s = f.opt_str(key)?;
    if s.trim().is_empty() {
        let span = f.get(key).map(|v| v.span()).unwrap_or(0..0);
        let name = f.name(key);
        f.push(
            Code::InvalidValue,
            key,
            span,
            format!("`{name}` is empty"),
            Some("leave it out, or write it".into()),
        );
        return None;
    }
    Some(s)
}

/// `patient.toml`'s `[[screenings]]`.
pub(super) fn screenings(
    file: &str,
    v: &Value<'_>,
    diags: &mut Vec<Diagnostic>,
    spans: &mut Spans,
) -> Vec<Screening> {
    tables_of(
        file,
        v,
        "screenings",
        ("`date` and `flags`", SCREENING),
        (diags, spans),
        |s| {
            let date = s.req_date("date");
            let by = text(s, "by");
            let flags = flag_list(s, "flags", true, NoneIs::Allowed);
            let note = text(s, "note");
            Some(Screening {
                date: date?,
                by,
                flags,
                note,
            })
            .filter(|s| !s.flags.is_empty())
        },
    )
}

/// `patient.toml`'s `[[clearances]]`.
pub(super) fn clearances(
    file: &str,
    v: &Value<'_>,
    vocab: &Vocabulary,
    diags: &mut Vec<Diagnostic>,
    spans: &mut Spans,
) -> Vec<Clearance> {
    tables_of(
        file,
        v,
        "clearances",
        ("`date`, `by` and `flags`", CLEARANCE),
        (diags, spans),
        |c| {
            let date = c.req_date("date");
            let by = c.req_text("by");
            let npi = c.npi("npi");
            let flags = flag_list(c, "flags", true, NoneIs::Refused);
            let avoid_regions = c.vocab_list("avoid_regions", false, VocabKind::Region, vocab);
            let expires = c.opt_date("expires");
            let document = text(c, "document").and_then(|n| {
                if order_name_ok(&n) {
                    return Some(n);
                }
                // A name as written may be a person's: never quoted.
                let span = c.get("document").map(|v| v.span()).unwrap_or(0..0);
                let name = c.name("document");
                c.push(
                    Code::InvalidValue,
                    "document",
                    span,
                    format!("`{name}` is not a file name in the patient's orders/"),
                    Some("a name of letters, digits, `.`, `-` and `_`, not a `.toml`, without a folder: what `patient clear --document FILE` writes, keeping the file in orders/".into()),
                );
                None
            });
            let sha256 = c.opt_str("sha256");
            if let Some(h) = &sha256
                && !is_sha256(h)
            {
                c.not_a(
                    "sha256",
                    &quoted(h, ""),
                    "a SHA-256",
                    "a SHA-256 is 64 hexadecimal digits, as `sha256sum FILE` prints it".into(),
                );
            }
            if sha256.is_some() && c.get("document").is_none() {
                c.missing("document", "\"2026-11-03-ba7816bf8f01.pdf\"");
            }
            if document.is_some() && sha256.is_none() {
                c.missing(
                    "sha256",
                    "\"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\"",
                );
            }
            let note = text(c, "note");
            if let (Some(d), Some(e)) = (date, expires)
                && e < d
            {
                let span = c.get("expires").map(|v| v.span()).unwrap_or(0..0);
                let name = c.name("expires");
                c.push(
                    Code::InvalidValue,
                    "expires",
                    span,
                    format!("`{name}` is {e}, before the clearance's date ({d})"),
                    Some("a clearance expires on or after the day it was given".into()),
                );
            }
            Some(Clearance {
                date: date?,
                by: by?,
                npi,
                flags,
                avoid_regions,
                expires,
                document,
                sha256: sha256.filter(|h| is_sha256(h)),
                note,
            })
            .filter(|c| !c.flags.is_empty())
        },
    )
}

/// `patient.toml`'s `[[consents]]`.
pub(super) fn consents(
    file: &str,
    v: &Value<'_>,
    vocab: &Vocabulary,
    diags: &mut Vec<Diagnostic>,
    spans: &mut Spans,
) -> Vec<Consent> {
    tables_of(
        file,
        v,
        "consents",
        ("`date`, `scope` and `signed_by`", CONSENT),
        (diags, spans),
        |c| {
            let date = c.req_date("date");
            if c.get("scope").is_none() {
                c.missing("scope", "\"sensitive\"");
            }
            let scope = c
                .one_of("scope", flags::CONSENT_SCOPES)
                .and_then(|s| ConsentScope::parse(&s));
            let regions = c.vocab_list("regions", false, VocabKind::Region, vocab);
            if !regions.is_empty() && scope.is_some_and(|s| s != ConsentScope::Sensitive) {
                let span = c.get("regions").map(|v| v.span()).unwrap_or(0..0);
                let name = c.name("regions");
                c.push(
                    Code::InvalidValue,
                    "regions",
                    span,
                    format!("`{name}` belongs to a consent of scope `sensitive`"),
                    Some("leave `regions` out, or make the scope `sensitive`".into()),
                );
            }
            let signed_by = c.req_text("signed_by");
            let per = match c.get("per") {
                None => Some(ConsentPer::Course),
                Some(_) => c
                    .one_of("per", flags::CONSENT_PER)
                    .and_then(|p| ConsentPer::parse(&p)),
            };
            let withdrawn = c.opt_date("withdrawn");
            let note = text(c, "note");
            if let (Some(d), Some(w)) = (date, withdrawn)
                && w < d
            {
                let span = c.get("withdrawn").map(|v| v.span()).unwrap_or(0..0);
                let name = c.name("withdrawn");
                c.push(
                    Code::InvalidValue,
                    "withdrawn",
                    span,
                    format!("`{name}` is {w}, before the consent was given ({d})"),
                    None,
                );
            }
            Some(Consent {
                date: date?,
                scope: scope?,
                regions,
                signed_by: signed_by?,
                per: per?,
                withdrawn,
                note,
            })
        },
    )
}
