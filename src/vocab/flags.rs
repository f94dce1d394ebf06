//! The health screening's vocabulary (version [`FLAGS_VERSION`]): the red
//! flags an intake form asks about, each with its clinical label and what
//! it requires before a session; the scopes a consent may have; and the
//! regions a practice treats as sensitive unless it says otherwise.

use crate::text::closest;
use crate::vocab::normalize;

/// Bumped whenever a flag is added, renamed, or requires something else.
pub const FLAGS_VERSION: u32 = 1;

/// The flag a screening records when the patient reports none of the others
/// (a verified "none", as board rules ask for).
pub const NONE: &str = "none";

/// What a red flag requires before a session may go ahead.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Requires {
    /// A doctor's clearance in force that names the flag (`mmx patient clear`).
    Clearance,
    /// Nothing but care: the flag is on record, and the precaution is the
    /// therapist's (lighter pressure, the affected area left out).
    Nothing,
}

impl Requires {
    pub fn words(self) -> &'static str {
        match self {
            Requires::Clearance => "a doctor's clearance",
            Requires::Nothing => "nothing",
        }
    }
}

/// One red flag of the screening.
#[derive(Debug, Clone, Copy, serde::Serialize)]
pub struct RedFlag {
    pub id: &'static str,
    /// The clinical label, as the letter and the export name it.
    pub label: &'static str,
    pub requires: Requires,
    /// What the therapist does about it, in a few words.
    pub precaution: &'static str,
}

const fn flag(
    id: &'static str,
    label: &'static str,
    requires: Requires,
    precaution: &'static str,
) -> RedFlag {
    RedFlag {
        id,
        label,
        requires,
        precaution,
    }
}

use Requires::{Clearance, Nothing};

/// The red flags, in the order an intake form asks them.
pub const FLAGS: &[RedFlag] = &[
    flag(
        "dvt-history",
        "History of deep vein thrombosis",
        Clearance,
        "a clot may be dislodged: treat only with the doctor's clearance",
    ),
    flag(
        "anticoagulant",
        "Takes anticoagulant medication",
        Clearance,
        "bruises easily: light pressure, with the doctor's clearance",
    ),
    flag(
        "active-cancer",
        "Active cancer or cancer treatment",
        Clearance,
        "treat only with the oncologist's clearance and its limits",
    ),
    flag(
        "surgery-6mo",
        "Surgery in the last six months",
        Clearance,
        "treat only with the surgeon's clearance; avoid the surgical site",
    ),
    flag(
        "pregnancy",
        "Pregnancy",
        Clearance,
        "treat only with the obstetric provider's clearance",
    ),
    flag(
        "fever-infection",
        "Fever or acute infection",
        Clearance,
        "reschedule, or treat only with the doctor's clearance",
    ),
    flag(
        "recent-fracture",
        "Fracture in the last six months",
        Clearance,
        "treat only with the doctor's clearance; avoid the fracture site",
    ),
    flag(
        "osteoporosis",
        "Osteoporosis",
        Nothing,
        "light pressure; no joint mobilization at end range",
    ),
    flag(
        "lymphedema",
        "Lymphedema",
        Clearance,
        "manual lymphatic drainage only as the doctor clears it",
    ),
    flag(
        "neuropathy",
        "Peripheral neuropathy (reduced sensation)",
        Nothing,
        "light pressure; no heat where sensation is reduced",
    ),
    flag(
        "skin-condition",
        "Skin condition, wound or rash",
        Nothing,
        "leave the affected skin out (`avoid_regions`)",
    ),
    flag(
        NONE,
        "None of the above (verified with the patient)",
        Nothing,
        "",
    ),
];

/// The red flag of that id.
pub fn flag_of(id: &str) -> Option<&'static RedFlag> {
    FLAGS.iter().find(|f| f.id == id)
}

/// Every flag id, in order.
pub fn flag_ids() -> Vec<&'static str> {
    FLAGS.iter().map(|f| f.id).collect()
}

/// Every red flag id but `none`, in order: what a clearance covers and a
/// change of health names (`none` is a screening's word only).
pub fn red_flag_ids() -> Vec<&'static str> {
    FLAGS
        .iter()
        .map(|f| f.id)
        .filter(|id| *id != NONE)
        .collect()
}

/// A red flag as a person writes it (any case, a space or `_` for `-`:
/// `DVT history`), or what to say of it: the flag it may be a typo of, and
/// every flag. The one reading for a record's list and an import's cell.
pub fn read(word: &str) -> Result<&'static str, String> {
    let id = normalize(word);
    if let Some(f) = flag_of(&id) {
        return Ok(f.id);
    }
    let ids = flag_ids();
    Err(match closest(&id, ids.iter().copied()) {
        Some(s) => format!("did you mean `{s}`? red flags: {}", ids.join(", ")),
        None => format!("red flags: {} (`mmx vocab` lists them)", ids.join(", ")),
    })
}

/// Whether the flag needs a clearance before a session.
pub fn needs_clearance(id: &str) -> bool {
    flag_of(id).is_some_and(|f| f.requires == Requires::Clearance)
}

/// The regions `[rules] sensitive_regions` names when a practice sets
/// none: chest and pectoral regions, the groin (the inner thigh's top),
/// the gluteal regions, the mouth and the abdomen.
pub const SENSITIVE_REGIONS: &[&str] = &[
    "chest",
    "bilateral-pectoral",
    "bilateral-inguinal",
    "bilateral-gluteal",
    "intraoral",
    "abdomen",
];

/// What a consent covers: treatment as such, the treatment of sensitive
/// regions (those it names, or all of them), intraoral work, and a
/// guardian's consent to a minor's treatment.
pub const CONSENT_SCOPES: &[&str] = &["treatment", "sensitive", "intraoral", "guardian"];

/// How long a consent lasts: the course of care (until withdrawn), or the
/// one visit on its date.
pub const CONSENT_PER: &[&str] = &["course", "session"];

/// `[rules] sensitive_consent`: off, a consent per course, or one per visit.
pub const CONSENT_RULES: &[&str] = &["off", "per-course", "per-session"];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::is_slug;
    use crate::vocab::Vocabulary;

    #[test]
    fn every_flag_is_a_slug_listed_once_with_a_label() {
        let mut seen = Vec::new();
        for f in FLAGS {
            assert!(is_slug(f.id), "{}", f.id);
            assert!(!f.label.is_empty(), "{}", f.id);
            assert!(!seen.contains(&f.id), "{} twice", f.id);
            seen.push(f.id);
        }
        assert_eq!(read(" DVT_history "), Ok("dvt-history"));
        assert_eq!(
            read("dvt-histry").map_err(|e| e.starts_with("did you mean `dvt-history`?")),
            Err(true)
        );
        assert!(read("a clot in 2019").is_err_and(|e| e.starts_with("red flags: ")));
        assert!(needs_clearance("dvt-history"));
        assert!(!needs_clearance(NONE));
        assert!(!needs_clearance("no-such-flag"));
    }

    #[test]
    fn the_default_sensitive_regions_are_terms() {
        let v = Vocabulary::default();
        for r in SENSITIVE_REGIONS {
            assert_eq!(v.region(r).as_deref(), Ok(*r));
        }
    }
}
