//! Reads a session's home programme (`[[home_care]]`) and the adherence
//! reported at the visit (`adherence`). Every problem is a located finding,
//! in words that name what is allowed.

use super::reader::{Fields, Value, tables_of, vocab_diag};
use crate::diag::{Code, Diagnostic, quoted};
use crate::model::fields::HOME_CARE;
use crate::model::fields::VocabKind;
use crate::model::{Adherence, HomeCare};
use crate::records::Spans;
use crate::vocab::Vocabulary;
use crate::vocab::home_care::{ADHERENCE, kind_ids, kind_of};

/// `adherence = "full"`: one of [`ADHERENCE`]; another word is reported.
pub(super) fn adherence(f: &mut Fields<'_, '_, '_>) -> Option<Adherence> {
    f.one_of("adherence", ADHERENCE)
        .and_then(|w| Adherence::parse(&w))
}

/// Each `[[home_care]]` item: a kind of the vocabulary and a region (both
/// read canonical), a dose and a frequency in their grammars. An item
/// whose kind or region cannot be read is left out (its finding says why);
/// a dose or frequency that cannot be read is left off its item.
pub(super) fn home_care(
    file: &str,
    v: &Value<'_>,
    vocab: &Vocabulary,
    diags: &mut Vec<Diagnostic>,
    spans: &mut Spans,
) -> Vec<HomeCare> {
    tables_of(
        file,
        v,
        "home_care",
        ("`kind` and `region`", HOME_CARE),
        (diags, spans),
        |h| {
            let kind = h.req_str("kind").and_then(|raw| kind(h, &raw));
            let region = h.req_str("region").and_then(|raw| {
                let at = h.get("region").map(|v| v.span()).unwrap_or(0..0);
                match vocab.region(&raw) {
                    Ok(r) => Some(r),
                    Err(e) => {
                        let d = vocab_diag(h.file, at, &raw, VocabKind::Region, e)
                            .field(h.name("region"));
                        h.diags.push(d);
                        None
                    }
                }
            });
            let dose = graded(h, "dose", HomeCare::dose, HomeCare::DOSE_GRAMMAR);
            let frequency = graded(
                h,
                "frequency",
                HomeCare::frequency,
                HomeCare::FREQUENCY_GRAMMAR,
            );
            Some(HomeCare {
                kind: kind?,
                region: region?,
                dose,
                frequency,
            })
        },
    )
}

/// A kind of the home-care vocabulary, canonical; another word is reported
/// with the kind it is closest to and the list.
fn kind(h: &mut Fields<'_, '_, '_>, raw: &str) -> Option<String> {
    match kind_of(raw) {
        Ok(k) => Some(k.id.to_string()),
        Err(close) => {
            let at = h.get("kind").map(|v| v.span()).unwrap_or(0..0);
            let kinds = kind_ids().join(", ");
            let hint = match close {
                Some(c) => format!("did you mean `{c}`? kinds: {kinds}"),
                None => {
                    format!("kinds: {kinds}; what the patient does exactly belongs in the plan")
                }
            };
            h.push(
                Code::InvalidValue,
                "kind",
                at,
                format!(
                    "{} is not a kind of home care mmx knows",
                    quoted(raw, "the kind")
                ),
                Some(hint),
            );
            None
        }
    }
}

/// An optional dose or frequency read by its grammar: canonical, or
/// reported (never quoted: it may be a person's words) with the grammar.
fn graded(
    h: &mut Fields<'_, '_, '_>,
    key: &str,
    read: fn(&str) -> Result<String, &'static str>,
    grammar: &str,
) -> Option<String> {
    let raw = h.opt_str(key)?;
    match read(&raw) {
        Ok(v) => Some(v),
        Err(why) => {
            let at = h.get(key).map(|v| v.span()).unwrap_or(0..0);
            h.push(
                Code::InvalidValue,
                key,
                at,
                format!("the home-care item's {key} cannot be read: {why}"),
                Some(format!("write {grammar}")),
            );
            None
        }
    }
}
