//! The JSON Schemas of the record files and `mmx.toml`, for editors with a
//! TOML language server (taplo, Even Better TOML): made from the field
//! tables of [`crate::model::fields`] (nested through [`fields::NESTED`]) and the
//! practice's vocabulary (regions and techniques as enums, through
//! [`fields::TERMS`]), never written by hand. Also the `.taplo.toml` that
//! maps each file to its schema.
//!
//! A schema says what an editor can check as the therapist types: the
//! keys, their types, the required ones, the vocabulary. What needs more
//! than one value (a completed session's `minutes`, visits against the
//! prescription, ranges, id shapes) is `mmx check`'s.

use crate::model;
use crate::model::fields;
use serde_json::{Map, Value, json};

use crate::model::fields::Field;
use crate::model::fields::Nested;
use crate::model::fields::Ty;
use crate::model::fields::VocabKind;
use crate::vocab::Vocabulary;
use crate::vocab::flags;
use crate::vocab::home_care;

/// Draft 7: the newest draft taplo's validator (and so Even Better TOML)
/// reads in full.
const DRAFT: &str = "http://json-schema.org/draft-07/schema#";

/// Where `init` writes the schemas, relative to the practice's root (a dot
/// folder: the loader never reads one as records).
pub const DIR: &str = ".mmx/schema";

/// taplo's configuration file, at the practice's root.
pub const TAPLO_CONFIG: &str = ".taplo.toml";

/// One record file kind: its top in the field tables, its schema's file
/// name, and the files it describes (a glob from the practice's root).
#[derive(Debug, Clone, Copy)]
pub struct Kind {
    pub top: &'static str,
    pub file: &'static str,
    pub glob: &'static str,
    title: &'static str,
}

pub const KINDS: [Kind; 5] = [
    Kind {
        top: "patient",
        file: "patient.schema.json",
        glob: "patients/*/patient.toml",
        title: "mmx patient (patients/ID/patient.toml)",
    },
    Kind {
        top: "prescription",
        file: "prescription.schema.json",
        glob: "patients/*/prescriptions/*.toml",
        title: "mmx prescription (patients/ID/prescriptions/RX.toml)",
    },
    Kind {
        top: "session",
        file: "session.schema.json",
        glob: "patients/*/sessions/*.toml",
        title: "mmx session (patients/ID/sessions/SESSION.toml)",
    },
    Kind {
        top: "report",
        file: "report.schema.json",
        glob: "patients/*/reports/*.toml",
        title: "mmx report sent (patients/ID/reports/REPORT.toml)",
    },
    Kind {
        top: "settings",
        file: "settings.schema.json",
        glob: "mmx.toml",
        title: "mmx practice settings (mmx.toml)",
    },
];

/// The kind whose top is `top` (`patient`, `prescription`, `session`,
/// `report`, `settings`).
pub fn kind(top: &str) -> Option<Kind> {
    KINDS.into_iter().find(|k| k.top == top)
}

/// The JSON Schema of one record file kind, with `vocab`'s terms.
pub fn schema(kind: Kind, vocab: &Vocabulary) -> Value {
    let fields = fields::RECORD_TOPS
        .iter()
        .find(|(top, _)| *top == kind.top)
        .map_or(&[][..], |(_, f)| *f);
    let mut root = Map::new();
    root.insert("$schema".into(), DRAFT.into());
    root.insert("title".into(), kind.title.into());
    root.insert(
        "description".into(),
        "Written by `mmx schema` from mmx's field tables and this practice's vocabulary; `mmx check` is the full check. Refresh with `mmx schema --out .mmx/schema` after changing [vocabulary] in mmx.toml.".into(),
    );
    root.extend(object(kind.top, fields, vocab));
    Value::Object(root)
}

/// Every kind's schema, by its top.
pub fn all(vocab: &Vocabulary) -> Value {
    Value::Object(
        KINDS
            .into_iter()
            .map(|k| (k.top.to_string(), schema(k, vocab)))
            .collect(),
    )
}

/// A table's schema: its fields, the required ones, and no others (the
/// reader reports an unknown key, often a misspelt one).
fn object(path: &str, fields: &[Field], vocab: &Vocabulary) -> Map<String, Value> {
    let properties: Map<String, Value> = fields
        .iter()
        .map(|f| {
            (
                f.name.to_string(),
                value(&format!("{path}.{}", f.name), f, vocab),
            )
        })
        .collect();
    let required: Vec<&str> = fields
        .iter()
        .filter(|f| f.required)
        .map(|f| f.name)
        .collect();
    let mut out = Map::new();
    out.insert("type".into(), "object".into());
    out.insert("properties".into(), Value::Object(properties));
    if !required.is_empty() {
        out.insert("required".into(), json!(required));
        // taplo's own extension: the keys a new table is completed with.
        out.insert("x-taplo".into(), json!({ "initKeys": required }));
    }
    out.insert("additionalProperties".into(), false.into());
    out
}

/// A field's schema, from its type (and its vocabulary, for terms).
fn value(path: &str, f: &Field, vocab: &Vocabulary) -> Value {
    let text = || match (fields::terms(path), coded(path)) {
        (Some(k), _) => terms(k, vocab),
        (None, Some(words)) => json!({ "type": "string", "enum": words }),
        (None, None) => json!({ "type": "string" }),
    };
    match f.ty {
        Ty::Str => text(),
        Ty::Int => json!({ "type": "integer" }),
        Ty::Num => json!({ "type": "number" }),
        Ty::Bool => json!({ "type": "boolean" }),
        // JSON has no dates: taplo hands a validator a TOML local date as
        // its text (`2026-11-04`) and JSON Schema's `format: date` is that
        // text's rule. A quoted "2026-11-04" passes too, where mmx wants a
        // TOML date: the nearest a schema can say.
        Ty::Date => json!({ "type": "string", "format": "date" }),
        // A TOML local time, as its text. JSON Schema's `format: time`
        // requires an offset, which a local time has none of: a pattern.
        Ty::Time => json!({
            "type": "string",
            "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\\.[0-9]+)?)?$",
        }),
        Ty::List => json!({ "type": "array", "items": text() }),
        Ty::Table => table(path, vocab),
        Ty::Tables => json!({ "type": "array", "items": table(path, vocab) }),
    }
}

/// The words a coded field takes: red flags, a consent's scope and length,
/// the practice's consent rule, a home-care item's kind, adherence, a
/// recorded report's format, request and how it was sent.
fn coded(path: &str) -> Option<Vec<&'static str>> {
    if fields::FLAG_LISTS.contains(&path) {
        // `none` is a screening's word: a clearance and a change of health
        // name red flags only, as the reader holds them to.
        return Some(if path == "patient.screenings.flags" {
            flags::flag_ids()
        } else {
            flags::red_flag_ids()
        });
    }
    match path {
        "patient.consents.scope" | "session.consent" => Some(flags::CONSENT_SCOPES.to_vec()),
        "patient.consents.per" => Some(flags::CONSENT_PER.to_vec()),
        "settings.rules.sensitive_consent" => Some(flags::CONSENT_RULES.to_vec()),
        "session.home_care.kind" => Some(home_care::kind_ids()),
        "session.adherence" => Some(home_care::ADHERENCE.to_vec()),
        "report.format" => Some(model::REPORT_FORMATS.to_vec()),
        "report.recommendation" => Some(model::RECOMMENDATIONS.to_vec()),
        "report.sent" => Some(model::SENT_CHANNELS.to_vec()),
        _ => None,
    }
}

/// The schema of the table at `path`.
fn table(path: &str, vocab: &Vocabulary) -> Value {
    match fields::nested(path) {
        Some(Nested::Fields(fields)) => Value::Object(object(path, fields, vocab)),
        Some(Nested::TermMap(k)) => json!({
            "type": "object",
            "propertyNames": terms(k, vocab),
            "additionalProperties": { "type": "string" },
        }),
        // A table NESTED does not name (its unit test forbids one): any table.
        None => json!({ "type": "object" }),
    }
}

/// The canonical terms of a vocabulary, as an enum. mmx also reads aliases
/// and other spellings (`neck`, `MFR`, `Left Knee`) and `mmx fmt` writes
/// them canonical; the editor offers and accepts the canonical ones only.
fn terms(kind: VocabKind, vocab: &Vocabulary) -> Value {
    let (names, what) = match kind {
        VocabKind::Region => (vocab.region_names(), "a region"),
        VocabKind::Technique => (vocab.technique_names(), "a technique"),
    };
    let mut unique: Vec<String> = Vec::with_capacity(names.len());
    for n in names {
        if !unique.contains(&n) {
            unique.push(n);
        }
    }
    json!({
        "type": "string",
        "description": format!("{what} of the practice's vocabulary (`mmx vocab`)"),
        "enum": unique,
    })
}

/// The `.taplo.toml` that maps each record file to its schema under
/// [`DIR`]. Paths are relative to the folder the editor (or `taplo`) is
/// opened in: the practice's root.
pub fn taplo_config() -> String {
    let mut out = String::from(
        "# Written by `mmx init`: editors with a TOML language server (taplo,\n\
         # Even Better TOML) check and complete the practice's records against\n\
         # these schemas when the practice's folder is opened. `mmx schema --out\n\
         # .mmx/schema` refreshes them after [vocabulary] in mmx.toml changes.\n",
    );
    for k in KINDS {
        out.push_str(&format!(
            "\n[[rule]]\ninclude = [\"{}\"]\n[rule.schema]\npath = \"{DIR}/{}\"\n",
            k.glob, k.file
        ));
    }
    out
}

/// What `init` writes for editors, by path from the practice's root: each
/// kind's schema under [`DIR`], then [`TAPLO_CONFIG`].
pub fn editor_files(vocab: &Vocabulary) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = KINDS
        .into_iter()
        .map(|k| (format!("{DIR}/{}", k.file), to_bytes(&schema(k, vocab))))
        .collect();
    files.push((TAPLO_CONFIG.to_string(), taplo_config().into_bytes()));
    files
}

/// A schema as a file's bytes: pretty JSON and a final newline.
pub fn to_bytes(schema: &Value) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(schema).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every field of every table is in the schema, at its place, of its
    /// type and as required as the table says: a new field cannot be
    /// forgotten.
    #[test]
    fn every_field_of_every_table_is_in_the_schema() {
        fn walk(path: &str, fields: &[Field], at: &Value, count: &mut usize) {
            let props = at["properties"].as_object().expect("properties");
            assert_eq!(props.len(), fields.len(), "{path}: {props:?}");
            let required: Vec<&str> = at["required"]
                .as_array()
                .map(|r| r.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            for f in fields {
                let here = format!("{path}.{}", f.name);
                let v = &props[f.name];
                assert_eq!(required.contains(&f.name), f.required, "{here}");
                let ty = match f.ty {
                    Ty::Str | Ty::Date | Ty::Time => "string",
                    Ty::Int => "integer",
                    Ty::Num => "number",
                    Ty::Bool => "boolean",
                    Ty::List | Ty::Tables => "array",
                    Ty::Table => "object",
                };
                assert_eq!(v["type"], ty, "{here}: {v}");
                *count += 1;
                let sub = match f.ty {
                    Ty::Table => v,
                    Ty::Tables => &v["items"],
                    _ => continue,
                };
                if let Some(Nested::Fields(fields)) = fields::nested(&here) {
                    walk(&here, fields, sub, count);
                }
            }
        }
        let vocab = Vocabulary::default();
        let mut count = 0;
        for (top, fields) in fields::RECORD_TOPS {
            let k = kind(top).expect("a kind for every record top");
            walk(top, fields, &schema(k, &vocab), &mut count);
        }
        assert!(count > 60, "{count} fields");
    }

    #[test]
    fn terms_are_the_practice_vocabulary() {
        let vocab = Vocabulary::new(vec!["scar-site".into()], vec!["gua-sha".into()]);
        let s = schema(kind("session").unwrap(), &vocab);
        let regions = s["properties"]["regions"]["items"]["enum"]
            .as_array()
            .unwrap();
        for r in [
            "lumbar",
            "left-knee",
            "bilateral-shoulder",
            "back",
            "scar-site",
        ] {
            assert!(regions.contains(&r.into()), "{r}");
        }
        assert!(!regions.contains(&"lumbr".into()));
        // Aliases are read by mmx but not offered: the editor asks for the canonical id.
        assert!(!regions.contains(&"neck".into()));
        let techniques = s["properties"]["techniques"]["items"]["enum"]
            .as_array()
            .unwrap();
        assert!(techniques.contains(&"gua-sha".into()) && techniques.contains(&"swedish".into()));
        let p = schema(kind("patient").unwrap(), &vocab);
        assert_eq!(
            p["properties"]["avoid_regions"]["items"]["enum"]
                .as_array()
                .unwrap(),
            regions
        );
        let settings = schema(kind("settings").unwrap(), &vocab);
        let billing = &settings["properties"]["billing"];
        assert_eq!(
            billing["propertyNames"]["enum"].as_array().unwrap(),
            techniques
        );
        // The practice's own words are new terms, not terms.
        assert_eq!(
            settings["properties"]["vocabulary"]["properties"]["regions"]["items"]["type"],
            "string"
        );
        assert!(
            settings["properties"]["vocabulary"]["properties"]["regions"]["items"]["enum"]
                .is_null()
        );
    }

    #[test]
    fn the_taplo_config_maps_every_kind_under_the_schema_folder() {
        let config: toml::Table = toml::from_str(&taplo_config()).unwrap();
        let rules = config["rule"].as_array().unwrap();
        assert_eq!(rules.len(), KINDS.len());
        for (rule, k) in rules.iter().zip(KINDS) {
            assert_eq!(
                rule["include"].as_array().unwrap()[0].as_str(),
                Some(k.glob)
            );
            assert_eq!(
                rule["schema"]["path"].as_str(),
                Some(format!("{DIR}/{}", k.file).as_str())
            );
        }
    }
}
