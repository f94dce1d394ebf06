//! The built-in vocabulary of body regions and massage techniques (version
//! [`VERSION`]), the practice's own additions from `mmx.toml`, and the
//! coverage relation the rules use: which prescribed regions cover a treated one.

pub mod flags;
pub mod home_care;
pub mod icd;
pub mod measures;

use std::collections::BTreeSet;

use crate::text::closest;
use crate::text::similarity;
use crate::vocab::measures::MeasureDef;

/// Bumped whenever a built-in identifier is added, renamed or regrouped.
/// 2: axilla, supraclavicular, inguinal (paired), intraoral, anterior-neck,
/// left- and right- chest and abdomen, lay aliases for regions.
/// 3: outcome measures ([`crate::vocab::measures`]) and a display label for every
/// region and technique.
/// 4: the home programme's kinds ([`crate::vocab::home_care`]).
pub const VERSION: u32 = 4;

/// Regions on the body's midline: written without a side. Those in
/// [`SIDED_MIDLINE`] may also be written with one.
pub const MIDLINE: &[&str] = &[
    "head",
    "face",
    "intraoral",
    "anterior-neck",
    "cervical",
    "thoracic",
    "lumbar",
    "sacral",
    "coccygeal",
    "chest",
    "abdomen",
];

/// Midline regions that may also be written `left-` or `right-` (a
/// mastectomy scar, a hernia repair): alone they mean both sides.
pub const SIDED_MIDLINE: &[&str] = &["chest", "abdomen"];

/// The words people type for a region, and the region they mean. A paired
/// region's alias takes a side like the region (`left-calf`).
pub const REGION_ALIASES: &[(&str, &str)] = &[
    ("neck", "cervical"),
    ("low-back", "lumbar"),
    ("lower-back", "lumbar"),
    ("upper-back", "thoracic"),
    ("mid-back", "thoracic"),
    ("tailbone", "coccygeal"),
    ("mouth", "intraoral"),
    ("throat", "anterior-neck"),
    ("front-of-neck", "anterior-neck"),
    ("belly", "abdomen"),
    ("stomach", "abdomen"),
    ("breast", "chest"),
    ("jaw", "tmj"),
    ("shoulder-blade", "scapular"),
    ("ribs", "rib-cage"),
    ("armpit", "axilla"),
    ("collarbone", "supraclavicular"),
    ("groin", "inguinal"),
    ("buttock", "gluteal"),
    ("glute", "gluteal"),
    ("bicep", "upper-arm"),
    ("calf", "lower-leg"),
    ("shin", "lower-leg"),
    ("heel", "foot"),
    ("sole", "foot"),
    ("palm", "hand"),
];

/// Assessment words: what a therapist tests, not a treatment. A technique
/// that reads like one is never offered a treatment as "did you mean".
const ASSESSMENT_WORDS: &[&str] = &[
    "test",
    "assess",
    "eval",
    "exam",
    "palpat",
    "range-of-motion",
    "goniomet",
    "gait",
    "screen",
];

/// Regions that exist on both sides: written `left-`, `right-` or `bilateral-`.
pub const PAIRED: &[&str] = &[
    "tmj",
    "suboccipital",
    "supraclavicular",
    "scapular",
    "pectoral",
    "rib-cage",
    "axilla",
    "shoulder",
    "upper-arm",
    "elbow",
    "forearm",
    "wrist",
    "hand",
    "sacroiliac",
    "inguinal",
    "gluteal",
    "hip",
    "thigh",
    "knee",
    "lower-leg",
    "ankle",
    "foot",
];

const UPPER_EXTREMITY: &[&str] = &["shoulder", "upper-arm", "elbow", "forearm", "wrist", "hand"];
const LOWER_EXTREMITY: &[&str] = &["hip", "thigh", "knee", "lower-leg", "ankle", "foot"];

/// Named groups of regions.
pub const GROUPS: &[&str] = &[
    "spine",
    "back",
    "neck-and-shoulders",
    "left-upper-extremity",
    "right-upper-extremity",
    "left-lower-extremity",
    "right-lower-extremity",
    "full-body",
];

/// Canonical techniques, each with the aliases accepted on input.
pub const TECHNIQUES: &[(&str, &[&str])] = &[
    ("swedish", &["classic"]),
    ("deep-tissue", &[]),
    ("myofascial-release", &["mfr"]),
    ("trigger-point", &["tpt", "trigger-point-therapy"]),
    ("neuromuscular-therapy", &["nmt"]),
    ("manual-lymphatic-drainage", &["mld", "lymphatic-drainage"]),
    ("positional-release", &["prt"]),
    ("strain-counterstrain", &["scs", "counterstrain"]),
    ("muscle-energy-technique", &["met"]),
    ("stretching", &[]),
    ("cross-fiber-friction", &[]),
    ("soft-tissue-mobilization", &["stm"]),
    ("connective-tissue-massage", &[]),
    ("instrument-assisted-soft-tissue-mobilization", &["iastm"]),
    ("active-release", &[]),
    ("scar-tissue-mobilization", &[]),
    ("cupping", &[]),
    ("sports-massage", &[]),
    ("craniosacral", &["cst"]),
    ("reflexology", &[]),
    ("acupressure", &[]),
    ("shiatsu", &[]),
    ("hot-cold-pack", &[]),
];

/// Why a region or technique name was not accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VocabError {
    /// Not a known identifier; `suggestion` is the closest known one, if any is close.
    Unknown { suggestion: Option<String> },
    /// A paired region written without `left-`, `right-` or `bilateral-`.
    MissingSide { base: String },
    /// An assessment (muscle testing, range of motion) given as a technique.
    Assessment,
}

/// The vocabulary in force for one practice: the built-in one plus `mmx.toml`'s additions.
#[derive(Debug, Clone)]
pub struct Vocabulary {
    extra_regions: Vec<String>,
    extra_techniques: Vec<String>,
    /// The built-in measures, then the practice's own.
    measures: Vec<MeasureDef>,
}

impl Default for Vocabulary {
    fn default() -> Self {
        Vocabulary::new(Vec::new(), Vec::new())
    }
}

/// How a report names a region's base (`sacroiliac` is the sacroiliac
/// joint); a base not listed reads as its words.
const REGION_LABELS: &[(&str, &str)] = &[
    ("tmj", "temporomandibular joint"),
    ("cervical", "cervical spine"),
    ("thoracic", "thoracic spine"),
    ("lumbar", "lumbar spine"),
    ("sacral", "sacrum"),
    ("coccygeal", "coccyx"),
    ("sacroiliac", "sacroiliac joint"),
    ("suboccipital", "suboccipital region"),
    ("supraclavicular", "supraclavicular region"),
    ("scapular", "scapular region"),
    ("pectoral", "pectoral region"),
    ("inguinal", "inguinal region"),
    ("gluteal", "gluteal region"),
    ("intraoral", "intraoral (mouth)"),
];

/// How a report names a technique whose words alone read wrongly.
const TECHNIQUE_LABELS: &[(&str, &str)] = &[
    ("swedish", "Swedish massage"),
    ("trigger-point", "Trigger point therapy"),
    ("manual-lymphatic-drainage", "Manual lymphatic drainage"),
    ("strain-counterstrain", "Strain-counterstrain"),
    (
        "instrument-assisted-soft-tissue-mobilization",
        "Instrument-assisted soft tissue mobilization",
    ),
    ("active-release", "Active release technique"),
    ("craniosacral", "Craniosacral therapy"),
    ("hot-cold-pack", "Hot/cold pack"),
];

fn sentence_case(words: &str) -> String {
    let mut c = words.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn as_given(values: &[String], read: impl Fn(&str) -> Result<String, VocabError>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for v in values {
        let term = read(v).unwrap_or_else(|_| v.clone());
        if !out.contains(&term) {
            out.push(term);
        }
    }
    out
}

/// Lower-cases and turns spaces and underscores into hyphens, so `Left Shoulder`
/// and `left_shoulder` are read as `left-shoulder`. Text already in that form
/// (every term mmx writes) is borrowed, not copied.
pub fn normalized(input: &str) -> std::borrow::Cow<'_, str> {
    let plain = input
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if plain {
        std::borrow::Cow::Borrowed(input)
    } else {
        std::borrow::Cow::Owned(normalize(input))
    }
}

/// Lower-cases and turns spaces and underscores into hyphens, so `Left Shoulder`
/// and `left_shoulder` are read as `left-shoulder`.
pub fn normalize(input: &str) -> String {
    input
        .trim()
        .chars()
        .map(|c| match c {
            ' ' | '_' => '-',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

impl Vocabulary {
    pub fn new(extra_regions: Vec<String>, extra_techniques: Vec<String>) -> Self {
        Vocabulary {
            extra_regions,
            extra_techniques,
            measures: measures::builtin(),
        }
    }

    /// Adds the practice's own measures (`[[vocabulary.measures]]`); one of
    /// a built-in's id is read as the practice gives it.
    pub fn with_measures(mut self, extra: Vec<MeasureDef>) -> Self {
        for m in extra {
            self.measures.retain(|b| b.id != m.id);
            self.measures.push(m);
        }
        self
    }

    /// Every measure, built-in then the practice's own.
    pub fn measures(&self) -> &[MeasureDef] {
        &self.measures
    }

    pub fn measure(&self, id: &str) -> Option<&MeasureDef> {
        self.measures.iter().find(|m| m.id == id)
    }

    /// The measure most likely meant by an unknown id.
    pub fn suggest_measure(&self, id: &str) -> Option<String> {
        closest(id, self.measures.iter().map(|m| m.id.as_str()))
    }

    /// A region as a report names it: `left-sacroiliac` is "Left sacroiliac
    /// joint", `neck-and-shoulders` "Neck and shoulders".
    pub fn region_label(&self, id: &str) -> String {
        let (side, base) = match split_side(id) {
            Some((side, base)) => (Some(side), base),
            None => (None, id),
        };
        let words = REGION_LABELS
            .iter()
            .find(|(b, _)| *b == base)
            .map_or_else(|| base.replace('-', " "), |(_, l)| l.to_string());
        match side {
            Some(side) => sentence_case(&format!("{side} {words}")),
            None => sentence_case(&words),
        }
    }

    /// A technique inside a sentence: lower case but for a name ("Swedish
    /// massage", "myofascial release").
    pub fn technique_in_sentence(&self, id: &str) -> String {
        let label = self.technique_label(id);
        if label.starts_with("Swedish") {
            label
        } else {
            label.to_lowercase()
        }
    }

    /// A technique as a report names it: "Myofascial release".
    pub fn technique_label(&self, id: &str) -> String {
        TECHNIQUE_LABELS.iter().find(|(t, _)| *t == id).map_or_else(
            || sentence_case(&id.replace('-', " ")),
            |(_, l)| l.to_string(),
        )
    }

    /// Every identifier a region may be written as, for listings and suggestions.
    pub fn region_names(&self) -> Vec<String> {
        let mut names: Vec<String> = MIDLINE.iter().map(|s| s.to_string()).collect();
        for p in PAIRED {
            for side in ["left", "right", "bilateral"] {
                names.push(format!("{side}-{p}"));
            }
        }
        for p in SIDED_MIDLINE {
            for side in ["left", "right"] {
                names.push(format!("{side}-{p}"));
            }
        }
        names.extend(GROUPS.iter().map(|s| s.to_string()));
        names.extend(self.extra_regions.iter().cloned());
        names
    }

    /// Every canonical technique identifier, built-in then the practice's own.
    pub fn technique_names(&self) -> Vec<String> {
        TECHNIQUES
            .iter()
            .map(|(t, _)| t.to_string())
            .chain(self.extra_techniques.iter().cloned())
            .collect()
    }

    /// Reads a region as written by a person and returns its canonical id.
    pub fn region(&self, input: &str) -> Result<String, VocabError> {
        self.region_suggesting(input, true)
    }

    /// [`Vocabulary::region`], with a "did you mean" only when `suggest`: a
    /// suggestion compares the text with every term, which a file of
    /// thousands of unknown terms must not pay for each.
    pub fn region_suggesting(&self, input: &str, suggest: bool) -> Result<String, VocabError> {
        let name = normalized(input);
        let name = name.as_ref();
        if MIDLINE.contains(&name)
            || GROUPS.contains(&name)
            || self.extra_regions.iter().any(|r| r == name)
        {
            return Ok(name.to_string());
        }
        if let Some((side, base)) = split_side(name) {
            let base = region_alias(base).unwrap_or(base);
            if PAIRED.contains(&base) {
                return Ok(format!("{side}-{base}"));
            }
            if SIDED_MIDLINE.contains(&base) {
                // Both sides of the chest is the chest.
                return Ok(if side == "bilateral" {
                    base.to_string()
                } else {
                    format!("{side}-{base}")
                });
            }
        }
        if let Some(canonical) = region_alias(name) {
            if PAIRED.contains(&canonical) {
                return Err(VocabError::MissingSide {
                    base: name.to_string(),
                });
            }
            return Ok(canonical.to_string());
        }
        if PAIRED.contains(&name) {
            return Err(VocabError::MissingSide {
                base: name.to_string(),
            });
        }
        Err(VocabError::Unknown {
            suggestion: suggest.then(|| self.suggest_region(name)).flatten(),
        })
    }

    /// The region most likely meant by an unknown name. A name with a side
    /// is matched on its part after the side, among the regions that take
    /// one and their aliases, and keeps its side: `left-calff` is
    /// `left-lower-leg`, never a right-side or a midline region. Other names
    /// are matched against every region and alias; an alias gives the
    /// region it stands for.
    fn suggest_region(&self, name: &str) -> Option<String> {
        if let Some((side, base)) = split_side(name) {
            let bases = PAIRED.iter().chain(SIDED_MIDLINE).map(|b| (*b, *b)).chain(
                REGION_ALIASES
                    .iter()
                    .filter(|(_, r)| PAIRED.contains(r) || SIDED_MIDLINE.contains(r))
                    .copied(),
            );
            if let Some(base) = closest_meaning(base, bases) {
                let side = if side == "bilateral" && SIDED_MIDLINE.contains(&base) {
                    return Some(base.to_string());
                } else {
                    side
                };
                return Some(format!("{side}-{base}"));
            }
        }
        let names = self.region_names();
        let candidates = names.iter().map(|n| (n.as_str(), n.as_str())).chain(
            REGION_ALIASES
                .iter()
                .filter(|(_, r)| !PAIRED.contains(r))
                .copied(),
        );
        closest_meaning(name, candidates).map(str::to_string)
    }

    /// Regions as given on a command line, each in canonical form where the
    /// vocabulary knows it and as given where it does not (the record's
    /// reader then refuses it, in the same words as in a file), once each.
    pub fn regions_as_given(&self, values: &[String]) -> Vec<String> {
        as_given(values, |v| self.region(v))
    }

    /// Techniques as given on a command line; see [`Vocabulary::regions_as_given`].
    pub fn techniques_as_given(&self, values: &[String]) -> Vec<String> {
        as_given(values, |v| self.technique(v))
    }

    /// Reads a technique or one of its aliases and returns the canonical id.
    pub fn technique(&self, input: &str) -> Result<String, VocabError> {
        self.technique_suggesting(input, true)
    }

    /// [`Vocabulary::technique`], with a suggestion only when `suggest`.
    pub fn technique_suggesting(&self, input: &str, suggest: bool) -> Result<String, VocabError> {
        let name = normalized(input);
        let name = name.as_ref();
        for (canonical, aliases) in TECHNIQUES {
            if *canonical == name || aliases.contains(&name) {
                return Ok(canonical.to_string());
            }
        }
        if self.extra_techniques.iter().any(|t| t == name) {
            return Ok(name.to_string());
        }
        if ASSESSMENT_WORDS.iter().any(|w| name.contains(w)) || name == "rom" {
            return Err(VocabError::Assessment);
        }
        if !suggest {
            return Err(VocabError::Unknown { suggestion: None });
        }
        let candidates = TECHNIQUES
            .iter()
            .flat_map(|(c, a)| std::iter::once(*c).chain(a.iter().copied()))
            .chain(self.extra_techniques.iter().map(String::as_str));
        let suggestion = closest(name, candidates).map(|s| {
            self.technique(&s).unwrap_or(s) // an alias suggests its canonical form
        });
        Err(VocabError::Unknown { suggestion })
    }

    /// The sided atomic regions a canonical region stands for: `bilateral-knee`
    /// is `left-knee` and `right-knee`, `back` is thoracic, lumbar and sacral.
    pub fn expand(&self, region: &str) -> BTreeSet<String> {
        let sided = |side: &str, bases: &[&str]| -> Vec<String> {
            bases.iter().map(|b| format!("{side}-{b}")).collect()
        };
        let both = |bases: &[&str]| -> Vec<String> {
            let mut v = sided("left", bases);
            v.extend(sided("right", bases));
            v
        };
        let atoms: Vec<String> = match region {
            "spine" => ["cervical", "thoracic", "lumbar", "sacral", "coccygeal"]
                .map(String::from)
                .to_vec(),
            "back" => ["thoracic", "lumbar", "sacral"].map(String::from).to_vec(),
            "neck-and-shoulders" => {
                let mut v = vec!["cervical".to_string()];
                v.extend(both(&["suboccipital", "shoulder", "scapular"]));
                v
            }
            "left-upper-extremity" => sided("left", UPPER_EXTREMITY),
            "right-upper-extremity" => sided("right", UPPER_EXTREMITY),
            "left-lower-extremity" => sided("left", LOWER_EXTREMITY),
            "right-lower-extremity" => sided("right", LOWER_EXTREMITY),
            "full-body" => {
                let mut v: Vec<String> = MIDLINE
                    .iter()
                    .filter(|m| !SIDED_MIDLINE.contains(m))
                    .map(|s| s.to_string())
                    .collect();
                v.extend(both(SIDED_MIDLINE));
                v.extend(both(PAIRED));
                v.extend(self.extra_regions.iter().cloned());
                v
            }
            // The chest alone is both sides of it.
            whole if SIDED_MIDLINE.contains(&whole) => both(&[whole]),
            other => match other.strip_prefix("bilateral-") {
                Some(base) => both(&[base]),
                None => vec![other.to_string()],
            },
        };
        atoms.into_iter().collect()
    }

    /// The atomic regions of `treated` that none of `prescribed` covers.
    pub fn uncovered(&self, treated: &str, prescribed: &BTreeSet<String>) -> Vec<String> {
        self.expand(treated)
            .into_iter()
            .filter(|atom| !prescribed.contains(atom))
            .collect()
    }

    /// The union of the atomic regions of every prescribed region.
    /// Whether prescribed regions cover every treated one (a region inside
    /// a prescribed group counts), as the region rules read them.
    pub fn covers(&self, prescribed: &[String], treated: &[String]) -> bool {
        let coverage = self.coverage(prescribed);
        treated
            .iter()
            .all(|r| self.uncovered(r, &coverage).is_empty())
    }

    pub fn coverage<'a>(
        &self,
        prescribed: impl IntoIterator<Item = &'a String>,
    ) -> BTreeSet<String> {
        prescribed
            .into_iter()
            .flat_map(|r| self.expand(r))
            .collect()
    }
}

/// Splits `left-knee` into `("left", "knee")`; also `right-` and `bilateral-`.
pub fn split_side(name: &str) -> Option<(&str, &str)> {
    ["left-", "right-", "bilateral-"].iter().find_map(|prefix| {
        name.strip_prefix(prefix)
            .map(|base| (&prefix[..prefix.len() - 1], base))
    })
}

/// The same atomic region on the other side of the body, if it is sided.
pub fn other_side(atom: &str) -> Option<String> {
    if let Some(base) = atom.strip_prefix("left-") {
        Some(format!("right-{base}"))
    } else {
        atom.strip_prefix("right-")
            .map(|base| format!("left-{base}"))
    }
}

/// The region a lay word stands for (`calf` is `lower-leg`).
pub fn region_alias(name: &str) -> Option<&'static str> {
    REGION_ALIASES
        .iter()
        .find(|(alias, _)| *alias == name)
        .map(|(_, region)| *region)
}

/// [`closest`] over `(text, meaning)` pairs, returning the meaning: an alias
/// that is as close as a canonical name wins, since it is what people type.
fn closest_meaning<'a>(
    input: &str,
    candidates: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Option<&'a str> {
    if input.len() > 64 {
        return None;
    }
    let mut best: Option<(f64, bool, &str)> = None;
    for (text, meaning) in candidates {
        let score = similarity(input, text);
        let alias = text != meaning;
        if best.is_none_or(|(s, a, _)| score > s || (score == s && alias && !a)) {
            best = Some((score, alias, meaning));
        }
    }
    best.filter(|(s, _, _)| *s >= 0.8).map(|(_, _, m)| m)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v() -> Vocabulary {
        Vocabulary::new(vec!["pelvic-floor".into()], vec!["gua-sha".into()])
    }

    fn set(items: &[&str]) -> BTreeSet<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn regions_are_read_canonically() {
        assert_eq!(v().region("Left Shoulder"), Ok("left-shoulder".into()));
        assert_eq!(v().region("bilateral_knee"), Ok("bilateral-knee".into()));
        assert_eq!(v().region("lumbar"), Ok("lumbar".into()));
        assert_eq!(v().region("pelvic-floor"), Ok("pelvic-floor".into()));
    }

    #[test]
    fn paired_region_without_side_is_missing_side() {
        assert_eq!(
            v().region("knee"),
            Err(VocabError::MissingSide {
                base: "knee".into()
            })
        );
    }

    #[test]
    fn midline_region_with_side_is_unknown() {
        assert!(matches!(
            v().region("left-lumbar"),
            Err(VocabError::Unknown { .. })
        ));
    }

    #[test]
    fn unknown_region_suggests_the_closest() {
        assert_eq!(
            v().region("lumbr"),
            Err(VocabError::Unknown {
                suggestion: Some("lumbar".into())
            })
        );
        assert_eq!(
            v().region("xyzzy"),
            Err(VocabError::Unknown { suggestion: None })
        );
    }

    #[test]
    fn techniques_resolve_aliases() {
        assert_eq!(v().technique("MFR"), Ok("myofascial-release".into()));
        assert_eq!(
            v().technique("trigger point therapy"),
            Ok("trigger-point".into())
        );
        assert_eq!(v().technique("gua-sha"), Ok("gua-sha".into()));
        assert_eq!(
            v().technique("swedisch"),
            Err(VocabError::Unknown {
                suggestion: Some("swedish".into())
            })
        );
    }

    #[test]
    fn groups_and_bilateral_cover_their_parts() {
        let voc = v();
        let cov = voc.coverage(&[String::from("back"), String::from("bilateral-gluteal")]);
        assert!(voc.uncovered("lumbar", &cov).is_empty());
        assert!(voc.uncovered("left-gluteal", &cov).is_empty());
        assert!(voc.uncovered("bilateral-gluteal", &cov).is_empty());
        assert_eq!(
            voc.uncovered("cervical", &cov),
            vec!["cervical".to_string()]
        );
        assert_eq!(voc.uncovered("spine", &cov), vec!["cervical", "coccygeal"]);
    }

    #[test]
    fn one_side_does_not_cover_bilateral() {
        let voc = v();
        let cov = voc.coverage(&[String::from("left-knee")]);
        assert_eq!(
            voc.uncovered("bilateral-knee", &cov),
            vec!["right-knee".to_string()]
        );
        assert_eq!(other_side("right-knee"), Some("left-knee".into()));
    }

    #[test]
    fn group_contents() {
        let voc = v();
        assert_eq!(
            voc.expand("neck-and-shoulders"),
            set(&[
                "cervical",
                "left-scapular",
                "left-shoulder",
                "left-suboccipital",
                "right-scapular",
                "right-shoulder",
                "right-suboccipital"
            ])
        );
        assert_eq!(voc.expand("left-upper-extremity").len(), 6);
        assert!(voc.expand("full-body").contains("pelvic-floor"));
        assert_eq!(
            voc.expand("full-body").len(),
            MIDLINE.len() + SIDED_MIDLINE.len() + 2 * PAIRED.len() + 1
        );
    }

    #[test]
    fn lay_words_read_as_the_region_they_mean_and_keep_their_side() {
        let voc = v();
        assert_eq!(voc.region("neck"), Ok("cervical".into()));
        assert_eq!(voc.region("Low back"), Ok("lumbar".into()));
        assert_eq!(voc.region("left calf"), Ok("left-lower-leg".into()));
        assert_eq!(voc.region("right-heel"), Ok("right-foot".into()));
        assert_eq!(voc.region("bilateral-jaw"), Ok("bilateral-tmj".into()));
        assert_eq!(voc.region("left-axilla"), Ok("left-axilla".into()));
        assert_eq!(voc.region("intraoral"), Ok("intraoral".into()));
        assert_eq!(
            voc.region("calf"),
            Err(VocabError::MissingSide {
                base: "calf".into()
            })
        );
    }

    #[test]
    fn chest_and_abdomen_take_a_side_and_alone_mean_both() {
        let voc = v();
        assert_eq!(voc.region("left-chest"), Ok("left-chest".into()));
        assert_eq!(voc.region("right abdomen"), Ok("right-abdomen".into()));
        assert_eq!(voc.region("bilateral-chest"), Ok("chest".into()));
        assert_eq!(voc.region("chest"), Ok("chest".into()));
        let whole = voc.coverage(&[String::from("chest")]);
        assert!(voc.uncovered("left-chest", &whole).is_empty());
        let left = voc.coverage(&[String::from("left-chest")]);
        assert_eq!(voc.uncovered("chest", &left), vec!["right-chest"]);
        assert_eq!(voc.uncovered("right-chest", &left), vec!["right-chest"]);
    }

    #[test]
    fn did_you_mean_keeps_the_side_and_prefers_what_people_type() {
        let voc = v();
        let suggestion = |s: &str| match voc.region(s) {
            Err(VocabError::Unknown { suggestion }) => suggestion,
            other => panic!("{s}: {other:?}"),
        };
        assert_eq!(suggestion("left-calff").as_deref(), Some("left-lower-leg"));
        assert_eq!(suggestion("left-axila").as_deref(), Some("left-axilla"));
        assert_eq!(
            suggestion("right-sacroilac").as_deref(),
            Some("right-sacroiliac")
        );
        assert_eq!(suggestion("nekc").as_deref(), Some("cervical"));
        assert_eq!(suggestion("lumbr").as_deref(), Some("lumbar"));
    }

    #[test]
    fn every_term_has_a_clinical_label() {
        let voc = v();
        assert_eq!(voc.region_label("left-sacroiliac"), "Left sacroiliac joint");
        assert_eq!(voc.region_label("lumbar"), "Lumbar spine");
        assert_eq!(
            voc.region_label("bilateral-lower-leg"),
            "Bilateral lower leg"
        );
        assert_eq!(voc.region_label("pelvic-floor"), "Pelvic floor");
        assert_eq!(
            voc.technique_label("myofascial-release"),
            "Myofascial release"
        );
        assert_eq!(
            voc.technique_label("manual-lymphatic-drainage"),
            "Manual lymphatic drainage"
        );
        assert_eq!(voc.technique_label("gua-sha"), "Gua sha");
        for r in voc.region_names() {
            assert!(
                !voc.region_label(&r).contains('-') || r.contains("counter"),
                "{r}"
            );
        }
    }

    #[test]
    fn an_assessment_is_never_offered_a_treatment() {
        let voc = v();
        for word in [
            "muscle testing",
            "Manual muscle test",
            "range of motion",
            "ROM",
            "postural assessment",
        ] {
            assert_eq!(voc.technique(word), Err(VocabError::Assessment), "{word}");
        }
    }
}
