//! mmx body regions as FHIR `CodeableConcept`s. A region gets a SNOMED CT
//! code only when the code was checked against a public source named beside
//! it; every other region goes out as `text` alone. Never add a code from
//! memory: a wrong code in a doctor's system is worse than none.
//!
//! Sources checked:
//! - [DICOM] DICOM PS3.16 Context Group CID 4031 "Common Anatomic Region"
//!   (version 20250709), as published in FHIR form by the public repository
//!   bvdh/dicom-terminology-in-fhir, input/fsh/ValueSet-dicom-cid-4031-CommonAnatomicRegion.fsh.
//! - [EU-LAT] HL7 Europe base IG, ValueSet siteLaterality-eu ("Body Structure
//!   Laterality"): 7771000 Left, 24028007 Right, 51440002 Right and left.
//! - [SCG] SNOMED CT compositional grammar: laterality is refined with the
//!   attribute 272741003 |Laterality|, as in `90572001:272741003=24028007` in
//!   the SNOMED International tooling's test expressions (public code search).

use serde_json::{Value, json};

use crate::vocab;

pub const SNOMED: &str = "http://snomed.info/sct";

/// SNOMED CT attribute 272741003 |Laterality| [SCG].
const LATERALITY: &str = "272741003";

/// Region (without side) -> (SNOMED CT code, its display). All from [DICOM].
/// Regions missing here (face, suboccipital, scapular, pectoral, rib-cage,
/// elbow, wrist, gluteal, ankle, back, neck-and-shoulders) had no code in a
/// checked source that names the same region a therapist means (the source
/// has joints and bones, e.g. "Elbow joint", "Scapula", not the soft-tissue
/// region), so they are exported as text.
const CODES: &[(&str, &str, &str)] = &[
    ("head", "69536005", "Head"),                   // [DICOM]
    ("cervical", "122494005", "Cervical spine"),    // [DICOM]
    ("thoracic", "122495006", "Thoracic spine"),    // [DICOM]
    ("lumbar", "122496007", "Lumbar spine"),        // [DICOM]
    ("sacral", "54735007", "Sacrum"),               // [DICOM]
    ("coccygeal", "64688005", "Coccyx"),            // [DICOM]
    ("chest", "816094009", "Chest"),                // [DICOM]
    ("abdomen", "818981001", "Abdomen"),            // [DICOM]
    ("tmj", "53620006", "Temporomandibular joint"), // [DICOM]
    ("shoulder", "16982005", "Shoulder"),           // [DICOM]
    ("upper-arm", "40983000", "Upper arm"),         // [DICOM]
    ("forearm", "14975008", "Forearm"),             // [DICOM]
    ("hand", "85562004", "Hand"),                   // [DICOM]
    ("sacroiliac", "39723000", "Sacroiliac joint"), // [DICOM]
    ("hip", "29836001", "Hip"),                     // [DICOM]
    ("thigh", "68367000", "Thigh"),                 // [DICOM]
    ("knee", "72696002", "Knee"),                   // [DICOM]
    ("lower-leg", "30021000", "Lower leg"),         // [DICOM]
    ("foot", "56459004", "Foot"),                   // [DICOM]
    ("spine", "421060004", "Spine"),                // [DICOM]
    ("upper-extremity", "53120007", "Upper limb"),  // [DICOM]
    ("lower-extremity", "61685007", "Lower limb"),  // [DICOM]
    ("full-body", "38266002", "Entire body"),       // [DICOM]
];

/// Side -> (SNOMED CT qualifier, display) [EU-LAT].
const SIDES: &[(&str, &str, &str)] = &[
    ("left", "7771000", "Left"),
    ("right", "24028007", "Right"),
    ("bilateral", "51440002", "Right and left"),
];

/// The region split into its side (if any) and the base region.
fn split(
    region: &str,
) -> (
    Option<&'static (&'static str, &'static str, &'static str)>,
    &str,
) {
    for side in SIDES {
        if let Some(base) = region
            .strip_prefix(side.0)
            .and_then(|r| r.strip_prefix('-'))
        {
            return (Some(side), base);
        }
    }
    (None, region)
}

/// The SNOMED CT code (an expression with laterality for a sided region) and
/// a display, when the region has a checked code.
pub fn snomed(region: &str) -> Option<(String, String)> {
    let (side, base) = split(region);
    // A practice's own regions (mmx.toml) never get a code.
    let known = vocab::MIDLINE.contains(&base)
        || vocab::PAIRED.contains(&base)
        || vocab::GROUPS.contains(&region)
        || base.ends_with("-extremity");
    if !known {
        return None;
    }
    let &(_, code, display) = CODES.iter().find(|(r, _, _)| *r == base)?;
    Some(match side {
        Some((_, side_code, side_display)) => (
            format!("{code}:{LATERALITY}={side_code}"),
            format!("{display}, {}", side_display.to_lowercase()),
        ),
        None => (code.to_string(), display.to_string()),
    })
}

/// The region a SNOMED CT body site names, the inverse of [`snomed`]: `code`
/// as this module writes it (`16982005`, or with laterality
/// `16982005:272741003=7771000`), or a plain code with its laterality given
/// apart (`laterality`, a qualifier value of [EU-LAT], as other systems send
/// it). `None` when no region exports to exactly that code: an unchecked
/// code, or a paired region without its side, is never guessed.
pub fn region_of(code: &str, laterality: Option<&str>) -> Option<String> {
    let expression = match laterality {
        Some(side) if !code.contains(':') => format!("{code}:{LATERALITY}={side}"),
        Some(_) => return None,
        None => code.to_string(),
    };
    CODES
        .iter()
        .flat_map(|(base, _, _)| {
            std::iter::once(base.to_string()).chain(
                SIDES
                    .iter()
                    .map(move |(side, _, _)| format!("{side}-{base}")),
            )
        })
        .filter(|region| is_region(region))
        .find(|region| snomed(region).is_some_and(|(c, _)| c == expression))
}

/// Whether a name made of a base and perhaps a side is a built-in region as
/// written: a midline region alone (or chest and abdomen on one side), a
/// paired region with its side, a named group.
fn is_region(name: &str) -> bool {
    if vocab::GROUPS.contains(&name) {
        return true;
    }
    match split(name) {
        (None, base) => vocab::MIDLINE.contains(&base),
        (Some((side, _, _)), base) => {
            vocab::PAIRED.contains(&base)
                || (vocab::SIDED_MIDLINE.contains(&base) && *side != "bilateral")
        }
    }
}

/// The laterality qualifiers' codes [EU-LAT]: left, right, both.
pub const SIDE_CODES: [&str; 3] = [SIDES[0].1, SIDES[1].1, SIDES[2].1];

/// Whether a SNOMED CT code is one of the laterality qualifiers [EU-LAT].
pub fn is_laterality(code: &str) -> bool {
    SIDES.iter().any(|(_, c, _)| *c == code)
}

/// The region as a CodeableConcept: the mmx id as text, a SNOMED CT coding
/// where one is checked.
pub fn concept(region: &str) -> Value {
    match snomed(region) {
        Some((code, display)) => json!({
            "coding": [{ "system": SNOMED, "code": code, "display": display }],
            "text": region,
        }),
        None => json!({ "text": region }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sided_regions_carry_laterality() {
        assert_eq!(
            snomed("left-shoulder"),
            Some(("16982005:272741003=7771000".into(), "Shoulder, left".into()))
        );
        assert_eq!(
            snomed("bilateral-knee").unwrap().0,
            "72696002:272741003=51440002"
        );
        assert_eq!(
            snomed("right-upper-extremity").unwrap().0,
            "53120007:272741003=24028007"
        );
        assert_eq!(snomed("lumbar").unwrap().0, "122496007");
    }

    #[test]
    fn codes_read_back_to_the_region_they_were_written_for() {
        for region in [
            "lumbar",
            "left-shoulder",
            "bilateral-knee",
            "right-upper-extremity",
        ] {
            let (code, _) = snomed(region).unwrap();
            assert_eq!(region_of(&code, None).as_deref(), Some(region));
        }
        // Laterality as a separate qualifier, as other systems send it.
        assert_eq!(
            region_of("16982005", Some("24028007")).as_deref(),
            Some("right-shoulder")
        );
        // A paired region without its side, a side on the spine, an
        // unchecked code: none is guessed.
        assert_eq!(region_of("16982005", None), None);
        assert_eq!(region_of("122496007", Some("7771000")), None);
        assert_eq!(region_of("123456789", None), None);
        assert!(is_laterality("51440002"));
    }

    #[test]
    fn unchecked_regions_are_text_only() {
        assert_eq!(snomed("left-gluteal"), None);
        assert_eq!(snomed("back"), None);
        assert_eq!(snomed("my-own-region"), None);
        assert_eq!(concept("face"), json!({ "text": "face" }));
    }

    #[test]
    fn every_coded_region_is_a_built_in_region() {
        for (region, code, _) in CODES {
            let built_in = vocab::MIDLINE.contains(region)
                || vocab::PAIRED.contains(region)
                || vocab::GROUPS.contains(region)
                || region.ends_with("-extremity");
            assert!(built_in, "{region} is not an mmx region");
            assert!(code.chars().all(|c| c.is_ascii_digit()));
        }
    }
}
