//! Reads a prescription (`prescriptions/ID.toml`).

use super::parse::{Parsed, parse_doc, whole};
use super::patient::check_place;
use super::reader::{Fields, tables_of};
use crate::diag::{Code, Diagnostic, quoted};
use crate::model::Target;
use crate::model::fields::CLOSED;
use crate::model::fields::DIAGNOSIS;
use crate::model::fields::ORDER;
use crate::model::fields::PRESCRIBER;
use crate::model::fields::PRESCRIPTION;
use crate::model::fields::TARGET;
use crate::model::fields::VocabKind;
use crate::model::{CloseReason, Closure, Diagnosis, Prescriber, Prescription};
use crate::model::{Order, OrderSource};
use crate::records::Loaded;
use crate::records::Spans;
use crate::values::is_sha256;
use crate::vocab::Vocabulary;
use crate::vocab::icd;
use crate::vocab::icd::Verdict;

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
    let referral_id = f.opt_str("referral_id");
    let visits = f.req_int("visits", 1, 10_000);
    let frequency = f.frequency("frequency");
    // Kept as written, but nothing counts visits against it.
    if let Some(freq) = &frequency {
        let span = f.get("frequency").map(|v| v.span()).unwrap_or(0..0);
        for i in freq.unchecked() {
            let which = if freq.phases.len() > 1 {
                format!("phase {} of `frequency`", i + 1)
            } else {
                "`frequency`".to_string()
            };
            f.push(
                Code::FrequencyUnchecked,
                "frequency",
                span.clone(),
                format!("{which} is kept as written but not checked: mmx counts no visits against it"),
                Some("to have visits counted, write it as a rate: `3x/week` for at most three a week, `1x/2 weeks` for every two weeks".into()),
            );
        }
    }
    let weeks = f.opt_int("weeks", 1, 520);
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
    let order_table = f.sub_table("order");
    let earlier_value = f.get("earlier_orders");
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
                let found = match icd::verdict(&code) {
                    Verdict::Billable => None,
                    Verdict::Malformed => Some((
                        Code::InvalidDiagnosis,
                        format!("{} is not an ICD-10-CM code", quoted(&code, "the code")),
                        "ICD-10-CM codes look like M54.16 or S13.4XXA: a capital letter, two digits or letters, then an optional dot and up to four more".to_string(),
                    )),
                    // A well-shaped code is shown: it is no person's words.
                    Verdict::Unknown => Some((
                        Code::UnknownDiagnosis,
                        format!("`{code}` is not a code of {}", icd::release()),
                        "`mmx vocab --diagnoses PREFIX` lists the release's codes that start with PREFIX".to_string(),
                    )),
                    Verdict::Category { billable } => Some((
                        Code::NonBillableDiagnosis,
                        format!("`{code}` is a category, not a billable code: a claim needs one of its {}", icd::list_billable(&billable)),
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
        let by = c.opt_str("by");
        Some(Closure {
            date: date?,
            reason: reason?,
            note,
            by,
        })
    });

    let order = order_table.and_then(|(t, span)| {
        let mut o = Fields::new(file, t, span, "order.", ORDER, &mut diags, &mut spans);
        read_order(&mut o)
    });
    let earlier_orders = earlier_value.map_or_else(Vec::new, |v| {
        tables_of(
            file,
            v,
            "earlier_orders",
            ("`file` and `sha256`", ORDER),
            (&mut diags, &mut spans),
            read_order,
        )
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
                referral_id,
                visits: visits as u32,
                frequency,
                weeks: weeks.map(|w| w as u32),
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
                order,
                earlier_orders,
                closed,
            },
            spans,
        }),
        _ => None,
    };
    Parsed { record, diags }
}

/// An order kept on file: `[order]`, or one of `[[earlier_orders]]`.
fn read_order(o: &mut Fields<'_, '_, '_>) -> Option<Order> {
    let name = o.req_str("file").and_then(|n| {
            if order_name_ok(&n) {
                return Some(n);
            }
            let span = o.get("file").map(|v| v.span()).unwrap_or(0..0);
            o.push(
                Code::InvalidValue,
                "file",
                span,
                format!(
                    "`{}` {} is not a file name in the patient's orders/",
                    o.name("file"),
                    quoted(&n, "as written")
                ),
                Some("a name of letters, digits, `.`, `-` and `_`, not a `.toml`, without a folder: what `rx add --order` writes".into()),
            );
            None
        });
    let sha256 = o.req_str("sha256").and_then(|h| {
        if is_sha256(&h) {
            return Some(h);
        }
        let span = o.get("sha256").map(|v| v.span()).unwrap_or(0..0);
        o.push(
            Code::InvalidValue,
            "sha256",
            span,
            format!(
                "`{}` is not a SHA-256 (64 lowercase hex digits)",
                o.name("sha256")
            ),
            Some("`rx edit RX --order FILE` records a file again with its digest".into()),
        );
        None
    });
    let received = o.opt_date("received");
    let source = o.opt_str("source").and_then(|s| {
        let parsed = OrderSource::parse(&s);
        if parsed.is_none() {
            let span = o.get("source").map(|v| v.span()).unwrap_or(0..0);
            o.push(
                Code::InvalidValue,
                "source",
                span,
                format!(
                    "`{}` {} is not a way mmx knows an order to arrive",
                    o.name("source"),
                    quoted(&s, "as written")
                ),
                Some(format!("one of: {}", OrderSource::names().join(", "))),
            );
        }
        parsed
    });
    Some(Order {
        file: name?,
        sha256: sha256?,
        received,
        source,
    })
}

/// Whether a kept order's name is one `rx add --order` could have written:
/// a plain file name in `orders/`, never a path out of it nor a record.
pub fn order_name_ok(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 120
        && !name.starts_with('.')
        && !name.to_lowercase().ends_with(".toml")
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b))
}
