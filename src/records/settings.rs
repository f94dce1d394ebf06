//! Reads the practice's settings (`mmx.toml`) and its own measures.

use super::parse::{parse_doc, whole};
use super::reader::{Fields, tables_of, therapist_hint, vocab_diag};
use crate::billing;
use crate::diag;
use crate::diag::{Code, Diagnostic, quoted};
use crate::model::ConsentRule;
use crate::model::fields::ALERTS;
use crate::model::fields::MEASURE_DEF;
use crate::model::fields::PRACTICE;
use crate::model::fields::RULES;
use crate::model::fields::SETTINGS;
use crate::model::fields::THERAPIST;
use crate::model::fields::VOCABULARY;
use crate::model::fields::VocabKind;
use crate::model::{Alerts, ExtraVocabulary, PracticeInfo, Rules, Settings, Therapist, WEEKDAYS};
use crate::records::Spans;
use crate::records::toml_reader::Value as DeValue;
use crate::values::SLUG_RULE;
use crate::values::is_slug;
use crate::vocab::Vocabulary;
use crate::vocab::flags;
use crate::vocab::measures;

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
        let sensitive_consent = match r.get("sensitive_consent") {
            None => d.sensitive_consent,
            Some(_) => r
                .one_of("sensitive_consent", flags::CONSENT_RULES)
                .and_then(|w| ConsentRule::parse(&w))
                .unwrap_or(d.sensitive_consent),
        };
        let vocab = Vocabulary::new(Vec::new(), Vec::new());
        let sensitive_regions = match r.get("sensitive_regions") {
            None => d.sensitive_regions.clone(),
            Some(_) => r.vocab_list("sensitive_regions", false, VocabKind::Region, &vocab),
        };
        settings.rules = Rules {
            rx_valid_days,
            report_every_visits: r
                .opt_int("report_every_visits", 0, 10_000)
                .map_or(d.report_every_visits, |n| n as u32),
            report_every_days: r
                .opt_int("report_every_days", 0, 3650)
                .map_or(d.report_every_days, |n| n as u32),
            week_starts,
            screening_valid_days: r
                .opt_int("screening_valid_days", 1, 3650)
                .map_or(d.screening_valid_days, |n| n as u32),
            require_screening: r
                .opt_bool("require_screening")
                .unwrap_or(d.require_screening),
            ask_health_change: r.opt_bool("ask_health_change").unwrap_or(false),
            sensitive_consent,
            sensitive_regions,
            require_order: r.opt_bool("require_order").unwrap_or(d.require_order),
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
                DeValue::String(c) if billing::code_shaped(c) => Some(c.to_string()),
                _ => {
                    diags.push(
                        Diagnostic::new(
                            Code::InvalidValue,
                            file,
                            Some(v.span()),
                            format!(
                                "`billing.{}` is not a service code",
                                diag::shown(key.name()).unwrap_or("...")
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
fn measure_def(m: &mut Fields<'_, '_, '_>) -> Option<measures::MeasureDef> {
    use crate::vocab::measures::{Better, MeasureDef, Needs};
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
        mcid_kind: Default::default(),
        mcid_percent: None,
        mcid_population: None,
        needs: needs?,
    })
}
