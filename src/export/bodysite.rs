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
