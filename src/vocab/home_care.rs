//! The home programme's vocabulary (part of vocabulary
//! [`crate::vocab::VERSION`] 4): the kinds of thing a therapist asks a
//! patient to do between visits (`--home-care stretch:cervical:3x30s:2x/day`),
//! each with the words people type for it, and how well a patient says the
//! last programme was followed (`--adherence`). The dose and frequency
//! grammars are the model's ([`crate::model::HomeCare`]).

use crate::text::closest;
use crate::vocab::normalize;

/// One kind of home-care item.
#[derive(Debug, Clone, Copy, serde::Serialize)]
pub struct Kind {
    pub id: &'static str,
    /// As a sentence names it: `stretching`.
    pub label: &'static str,
    /// Other words read as it (stored as `id`).
    pub aliases: &'static [&'static str],
}

const fn kind(id: &'static str, label: &'static str, aliases: &'static [&'static str]) -> Kind {
    Kind { id, label, aliases }
}

/// The kinds, in the order `mmx vocab` lists them. Small on purpose: what
/// a physician needs to read is what the patient does and where; the
/// detail (which stretch) belongs in the session's plan.
pub const KINDS: &[Kind] = &[
    kind("stretch", "stretching", &["stretches", "stretching"]),
    kind(
        "strengthen",
        "strengthening",
        &["strengthening", "strength"],
    ),
    kind("self-massage", "self-massage", &["selfmassage", "massage"]),
    kind("heat", "heat", &["warmth", "heat-pack", "hot-pack"]),
    kind("ice", "ice", &["cold", "cold-pack", "cryotherapy"]),
    kind("posture", "posture", &["ergonomics", "posture-breaks"]),
    kind("other", "other home care", &[]),
];

/// The kind `raw` names (an id or an alias, in any case, with spaces or
/// underscores for hyphens); else the id it is closest to, if any.
pub fn kind_of(raw: &str) -> Result<&'static Kind, Option<&'static str>> {
    let word = normalize(raw);
    KINDS
        .iter()
        .find(|k| k.id == word || k.aliases.contains(&word.as_str()))
        .ok_or_else(|| {
            let all = KINDS
                .iter()
                .flat_map(|k| std::iter::once(k.id).chain(k.aliases.iter().copied()));
            closest(&word, all).and_then(|c| {
                KINDS
                    .iter()
                    .find(|k| k.id == c || k.aliases.contains(&c.as_str()))
                    .map(|k| k.id)
            })
        })
}

/// The kinds' ids, for the messages that list them and the editors' schema.
pub fn kind_ids() -> Vec<&'static str> {
    KINDS.iter().map(|k| k.id).collect()
}

/// How well the last home programme was followed, as the patient reports
/// it at a visit: the words `--adherence` and `adherence = "..."` take.
pub const ADHERENCE: &[&str] = &["full", "partial", "none"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_are_read_by_id_or_alias_and_a_typo_is_answered() {
        assert_eq!(kind_of("stretch").map(|k| k.id), Ok("stretch"));
        assert_eq!(kind_of("Self Massage").map(|k| k.id), Ok("self-massage"));
        assert_eq!(kind_of("cold").map(|k| k.id), Ok("ice"));
        assert_eq!(kind_of("strech").map(|k| k.id), Err(Some("stretch")));
        assert_eq!(kind_of("yoga").map(|k| k.id), Err(None));
        // Every alias is one kind's only.
        let mut seen = std::collections::BTreeSet::new();
        for k in KINDS {
            for w in std::iter::once(k.id).chain(k.aliases.iter().copied()) {
                assert!(seen.insert(w), "{w} is read as two kinds");
                assert_eq!(normalize(w), w, "{w} is not in the form it is looked up by");
            }
        }
    }
}
