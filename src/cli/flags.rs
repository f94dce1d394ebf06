//! The command line's words for a record's fields: which flag gave a field,
//! so a finding about a value is reported against the flag; and the grammar
//! of `--measure` and `--target` (`ndi=18`, `rom:left-shoulder:flexion=120`)
//! and of `--home-care` (`stretch:cervical:3x30s:2x/day`).

use mmx::model::{HomeCare, Measurement, Target};
use mmx::text::clean;
use mmx::vocab;
use mmx::vocab::measures::{MeasureDef, MeasureKey, Needs};

/// The usual flag of a field: `birth_date` is `--birth-date`, `soap.plan` is
/// `--plan`, `prescriber.npi` is `--npi`, a list's `regions` is `--region`.
pub fn default_flag(field: &str) -> Option<String> {
    let mut parts = field.split('.');
    let head = parts.next()?;
    let tail: Vec<&str> = parts.filter(|p| p.parse::<usize>().is_err()).collect();
    let name = match (head, tail.as_slice()) {
        ("prescriber", ["name"]) => "prescriber".to_string(),
        ("prescriber", ["phone"]) => "prescriber-phone".to_string(),
        ("prescriber", ["npi"]) => "npi".to_string(),
        ("prescriber", ["credential"]) => "credential".to_string(),
        ("prescriber", ["license"]) => "license".to_string(),
        ("prescriber", ["fax"]) => "prescriber-fax".to_string(),
        ("prescriber", ["address"]) => "prescriber-address".to_string(),
        ("soap", [part]) => part.to_string(),
        ("diagnoses", _) => "diagnosis".to_string(),
        ("measures", _) => "measure".to_string(),
        ("targets", _) => "target".to_string(),
        ("home_care", _) => "home-care".to_string(),
        ("overrides", _) | ("override", _) => "override".to_string(),
        ("regions", []) => "region".to_string(),
        ("techniques", []) => "technique".to_string(),
        ("contraindications", []) => "contraindication".to_string(),
        ("health_change_flags", []) => "health-change-flag".to_string(),
        ("goals", []) => "goal".to_string(),
        ("prescription", []) => "rx".to_string(),
        (head, []) => head.replace('_', "-"),
        _ => return None,
    };
    Some(format!("--{name}"))
}

/// A `--measure` or `--target` flag, split but not yet checked: the gate
/// checks it as it checks a file.
#[derive(Debug, Clone, PartialEq)]
pub struct FlagMeasure {
    pub key: MeasureKey,
    pub value: f64,
}

/// Reads `MEASURE[:SITE][:MOTION_OR_ITEM]=VALUE`. Which part is a site, a
/// motion or an item is the measure's: `psfs:Lift grandchild=4` names an
/// item, `rom:left-shoulder:flexion=130` a site and a motion. An unknown
/// measure keeps its parts as a site and a motion; the gate then refuses it
/// by name.
pub fn parse_flag(raw: &str, defs: &[MeasureDef]) -> Result<FlagMeasure, String> {
    let Some((key, value)) = raw.rsplit_once('=') else {
        return Err(format!(
            "`{}` has no value; write MEASURE[:SITE][:MOTION_OR_ITEM]=VALUE, e.g. rom:left-shoulder:flexion=130",
            clean(raw)
        ));
    };
    let value: f64 = match value.trim().parse() {
        Ok(v) if f64::is_finite(v) => v,
        _ => {
            return Err(format!(
                "`{}` is not a number (the value after `=`)",
                clean(value.trim())
            ));
        }
    };
    let (head, tail) = match key.split_once(':') {
        Some((h, t)) => (h, Some(t)),
        None => (key, None),
    };
    let measure = vocab::normalize(head);
    let needs = defs.iter().find(|d| d.id == measure).map(|d| d.needs);
    if needs == Some(Needs::Item) {
        // The patient's activity, as written: it may itself hold a colon.
        return Ok(FlagMeasure {
            key: MeasureKey {
                measure,
                item: tail.map(|t| t.trim().to_string()),
                ..MeasureKey::default()
            },
            value,
        });
    }
    let rest: Vec<String> = tail
        .map(|t| t.split(':').map(|p| p.trim().to_string()).collect())
        .unwrap_or_default();
    let mut key = MeasureKey {
        measure,
        ..MeasureKey::default()
    };
    match rest.as_slice() {
        [site] => key.site = Some(site.clone()),
        [site, motion] => {
            key.site = Some(site.clone());
            key.motion = Some(vocab::normalize(motion));
        }
        [] => {}
        _ => {
            return Err(format!(
                "`{}` has more parts than MEASURE:SITE:MOTION",
                clean(raw)
            ));
        }
    }
    Ok(FlagMeasure { key, value })
}

/// `--measure` flags as measurements, each site in canonical form where
/// the vocabulary knows it and as given where it does not (the gate then
/// refuses it in the words it uses for a file).
pub fn measurements_from_flags(
    raw: &[String],
    vocab: &vocab::Vocabulary,
) -> Result<Vec<Measurement>, String> {
    raw.iter()
        .map(|r| {
            let f = parse_flag(r, vocab.measures()).map_err(|e| format!("--measure: {e}"))?;
            Ok(Measurement {
                key: canonical(f.key, vocab),
                value: f.value,
            })
        })
        .collect()
}

/// `--target` flags as a prescription's targets; see [`measurements_from_flags`].
pub fn targets_from_flags(
    raw: &[String],
    vocab: &vocab::Vocabulary,
) -> Result<Vec<Target>, String> {
    raw.iter()
        .map(|r| {
            let f = parse_flag(r, vocab.measures()).map_err(|e| format!("--target: {e}"))?;
            Ok(Target {
                key: canonical(f.key, vocab),
                target: f.value,
                by: None,
            })
        })
        .collect()
}

/// What `--home-care` takes, for the messages that refuse one.
pub const HOME_CARE_GRAMMAR: &str = "KIND:REGION[:DOSE[:FREQUENCY]], e.g. stretch:neck:3x30s:2x/day or heat:lumbar:15 min:as needed";

/// Reads `KIND:REGION[:DOSE[:FREQUENCY]]` (an empty part is left out:
/// `posture:thoracic::8x/day`), each part in canonical form where it
/// reads and as given where it does not: the gate refuses it in the words
/// it uses for a file, against the flag.
pub fn parse_home_care(raw: &str, vocab: &vocab::Vocabulary) -> Result<HomeCare, String> {
    let parts: Vec<&str> = raw.split(':').map(str::trim).collect();
    let part = |i: usize| parts.get(i).copied().filter(|p| !p.is_empty());
    let (Some(kind), Some(region)) = (part(0), part(1)) else {
        return Err(format!(
            "a home-care item needs a kind and a region; write {HOME_CARE_GRAMMAR}"
        ));
    };
    if parts.len() > 4 {
        return Err(format!(
            "a home-care item has at most four parts; write {HOME_CARE_GRAMMAR}"
        ));
    }
    let kind = vocab::home_care::kind_of(kind).map_or(kind, |k| k.id);
    Ok(HomeCare {
        kind: kind.to_string(),
        region: vocab.region(region).unwrap_or_else(|_| region.to_string()),
        dose: part(2).map(|d| HomeCare::dose(d).unwrap_or_else(|_| d.to_string())),
        frequency: part(3).map(|f| HomeCare::frequency(f).unwrap_or_else(|_| f.to_string())),
    })
}

/// `--home-care` flags as a session's home programme; see [`parse_home_care`].
pub fn home_care_from_flags(
    raw: &[String],
    vocab: &vocab::Vocabulary,
) -> Result<Vec<HomeCare>, String> {
    raw.iter()
        .map(|r| parse_home_care(r, vocab).map_err(|e| format!("--home-care: {e}")))
        .collect()
}

fn canonical(mut key: MeasureKey, vocab: &vocab::Vocabulary) -> MeasureKey {
    key.site = key.site.map(|s| vocab.region(&s).unwrap_or(s));
    key
}

#[cfg(test)]
mod tests {
    use super::*;
    use mmx::vocab::measures;

    #[test]
    fn flags_split_by_what_the_measure_names() {
        let defs = measures::builtin();
        let f = |s: &str| parse_flag(s, &defs).unwrap();
        let rom = f("rom:left-shoulder:flexion=130");
        assert_eq!(rom.key.site.as_deref(), Some("left-shoulder"));
        assert_eq!(rom.key.motion.as_deref(), Some("flexion"));
        assert_eq!(rom.value, 130.0);
        let psfs = f("psfs:Lift grandchild: overhead=4");
        assert_eq!(psfs.key.item.as_deref(), Some("Lift grandchild: overhead"));
        assert_eq!(psfs.key.site, None);
        assert_eq!(f("ndi=18").key.site, None);
        assert_eq!(f("circumference:left-forearm=27.5").value, 27.5);
        assert_eq!(rom.key.written(), "rom:left-shoulder:flexion");
        assert_eq!(psfs.key.written(), "psfs:Lift grandchild: overhead");
        assert!(parse_flag("ndi", &defs).is_err());
        assert!(parse_flag("ndi=lots", &defs).is_err());
        assert!(parse_flag("ndi=inf", &defs).is_err());
    }

    #[test]
    fn home_care_flags_read_their_parts_canonical_and_keep_the_rest() {
        let vocab = vocab::Vocabulary::new(Vec::new(), Vec::new());
        let h = parse_home_care("Stretching : neck : 3 x 30 s : 2 X/Day", &vocab).unwrap();
        assert_eq!(
            (h.kind.as_str(), h.region.as_str()),
            ("stretch", "cervical")
        );
        assert_eq!(h.dose.as_deref(), Some("3x30s"));
        assert_eq!(h.frequency.as_deref(), Some("2x/day"));
        let h = parse_home_care("posture:thoracic::8x/day", &vocab).unwrap();
        assert_eq!(h.dose, None);
        assert_eq!(h.frequency.as_deref(), Some("8x/day"));
        // Left as given, for the gate to refuse in its own words.
        let h = parse_home_care("yoga:shoulder:lots", &vocab).unwrap();
        assert_eq!(
            (h.kind.as_str(), h.region.as_str(), h.dose.as_deref()),
            ("yoga", "shoulder", Some("lots"))
        );
        assert!(parse_home_care("stretch", &vocab).is_err());
        assert!(parse_home_care(":neck", &vocab).is_err());
        assert!(parse_home_care("stretch:neck:3x10:daily:more", &vocab).is_err());
    }
}
