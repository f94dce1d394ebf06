//! Outcome measures: the built-in vocabulary of what a therapist measures
//! (each with its unit, valid range, the direction that is better and, where
//! a published source gives one, its minimal clinically important
//! difference), the practice's own from `mmx.toml`, and the grammar of
//! `--measure` / `--target` flags. Part of vocabulary [`crate::vocab::VERSION`] 3.

use serde::Serialize;

/// Which way a measure improves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Better {
    Higher,
    Lower,
}

impl Better {
    pub fn parse(s: &str) -> Option<Better> {
        match s {
            "higher" => Some(Better::Higher),
            "lower" => Some(Better::Lower),
            _ => None,
        }
    }
}

/// What a measurement of this measure must name besides its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Needs {
    /// A score of the whole patient (NDI, mouth opening).
    Nothing,
    /// A region may be named (pain), not required.
    OptionalSite,
    /// A region (circumference of the left forearm).
    Site,
    /// A region and a motion (range of motion).
    SiteAndMotion,
    /// The patient's own activity (PSFS).
    Item,
}

impl Needs {
    pub const NAMES: &[&str] = &["nothing", "site", "site-and-motion", "item"];
    pub fn parse(s: &str) -> Option<Needs> {
        match s {
            "nothing" => Some(Needs::Nothing),
            "site" => Some(Needs::Site),
            "site-and-motion" => Some(Needs::SiteAndMotion),
            "item" => Some(Needs::Item),
            _ => None,
        }
    }
}

/// One measure of the vocabulary.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MeasureDef {
    pub id: String,
    /// How a report names it (`Neck Disability Index`).
    pub label: String,
    /// Short name in tables (`NDI`), the label when there is none.
    pub short: String,
    pub unit: String,
    pub min: f64,
    pub max: f64,
    pub better: Better,
    /// The minimal clinically important difference, only where a published
    /// source gives one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mcid: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mcid_source: Option<String>,
    pub needs: Needs,
}

#[allow(clippy::too_many_arguments)]
fn def(
    id: &str,
    label: &str,
    short: &str,
    unit: &str,
    (min, max): (f64, f64),
    better: Better,
    mcid: Option<(f64, &str)>,
    needs: Needs,
) -> MeasureDef {
    MeasureDef {
        id: id.into(),
        label: label.into(),
        short: short.into(),
        unit: unit.into(),
        min,
        max,
        better,
        mcid: mcid.map(|(m, _)| m),
        mcid_source: mcid.map(|(_, s)| s.to_string()),
        needs,
    }
}

/// The built-in measures. An MCID is given only with its published source;
/// where none applies across joints, sites or conditions (range of motion,
/// circumference, mouth opening) there is none, and the report says only
/// whether the change went the better way.
pub fn builtin() -> Vec<MeasureDef> {
    use Better::{Higher, Lower};
    use Needs::*;
    vec![
        // Numeric Pain Rating Scale. MCID 2 points: Farrar JT et al.,
        // "Clinical importance of changes in chronic pain intensity measured
        // on an 11-point numerical pain rating scale", Pain 2001;94:149-158.
        def(
            "pain",
            "Pain (NPRS 0-10)",
            "Pain",
            "/10",
            (0.0, 10.0),
            Lower,
            Some((2.0, "Farrar et al., Pain 2001;94:149-158")),
            OptionalSite,
        ),
        // Goniometric range of motion; no MCID holds across joints and motions.
        def(
            "rom",
            "Range of motion",
            "ROM",
            "°",
            (0.0, 360.0),
            Higher,
            None,
            SiteAndMotion,
        ),
        // Limb circumference (lymphedema, swelling): smaller is better; no
        // general MCID.
        def(
            "circumference",
            "Circumference",
            "Circumference",
            "cm",
            (1.0, 250.0),
            Lower,
            None,
            Site,
        ),
        // Maximal inter-incisal mouth opening (TMJ).
        def(
            "mouth-opening",
            "Mouth opening",
            "Mouth opening",
            "mm",
            (0.0, 100.0),
            Higher,
            None,
            Nothing,
        ),
        // Grip dynamometry. MCID 5.0-6.5 kg (the higher end used here):
        // Bohannon RW, "Minimal clinically important difference for grip
        // strength: a systematic review", J Phys Ther Sci 2019;31(1):75-78.
        def(
            "grip-strength",
            "Grip strength",
            "Grip",
            "kg",
            (0.0, 150.0),
            Higher,
            Some((6.5, "Bohannon, J Phys Ther Sci 2019;31:75-78")),
            Site,
        ),
        // Patient-Specific Functional Scale, 0-10 per activity. MCID 3 points
        // for a single activity: Chatman AB et al., "The Patient-Specific
        // Functional Scale: measurement properties in patients with knee
        // dysfunction", Phys Ther 1997;77(8):820-829.
        def(
            "psfs",
            "Patient-Specific Functional Scale",
            "PSFS",
            "/10",
            (0.0, 10.0),
            Higher,
            Some((3.0, "Chatman et al., Phys Ther 1997;77:820-829")),
            Item,
        ),
        // Neck Disability Index, 0-50 points. MCID 7.5 points: Young BA et
        // al., "Responsiveness of the Neck Disability Index in patients with
        // mechanical neck disorders", Spine J 2009;9(10):802-808.
        def(
            "ndi",
            "Neck Disability Index",
            "NDI",
            "/50",
            (0.0, 50.0),
            Lower,
            Some((7.5, "Young et al., Spine J 2009;9:802-808")),
            Nothing,
        ),
        // Oswestry Disability Index, 0-100 (a percentage score; changes are points). MCID 10 points: Ostelo RW et
        // al., "Interpreting change scores for pain and functional status in
        // low back pain", Spine 2008;33(1):90-94.
        def(
            "odi",
            "Oswestry Disability Index",
            "ODI",
            "/100",
            (0.0, 100.0),
            Lower,
            Some((10.0, "Ostelo et al., Spine 2008;33:90-94")),
            Nothing,
        ),
        // Lower Extremity Functional Scale, 0-80. MCID 9 points: Binkley JM
        // et al., "The Lower Extremity Functional Scale (LEFS)", Phys Ther
        // 1999;79(4):371-383.
        def(
            "lefs",
            "Lower Extremity Functional Scale",
            "LEFS",
            "/80",
            (0.0, 80.0),
            Higher,
            Some((9.0, "Binkley et al., Phys Ther 1999;79:371-383")),
            Nothing,
        ),
        // QuickDASH, 0-100. MCID 8 points: Mintken PE et al., "Psychometric
        // properties of the shortened disabilities of the arm, shoulder, and
        // hand questionnaire (QuickDASH)", J Shoulder Elbow Surg
        // 2009;18(6):920-926.
        def(
            "quickdash",
            "QuickDASH",
            "QuickDASH",
            "/100",
            (0.0, 100.0),
            Lower,
            Some((8.0, "Mintken et al., J Shoulder Elbow Surg 2009;18:920-926")),
            Nothing,
        ),
    ]
}

/// The motions a range of motion is measured in.
pub const MOTIONS: &[&str] = &[
    "flexion",
    "extension",
    "abduction",
    "adduction",
    "horizontal-abduction",
    "horizontal-adduction",
    "internal-rotation",
    "external-rotation",
    "rotation",
    "left-rotation",
    "right-rotation",
    "lateral-flexion",
    "left-lateral-flexion",
    "right-lateral-flexion",
    "pronation",
    "supination",
    "radial-deviation",
    "ulnar-deviation",
    "dorsiflexion",
    "plantarflexion",
    "inversion",
    "eversion",
    "straight-leg-raise",
];

/// A measure with what it names: the key a series is kept by.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct MeasureKey {
    pub measure: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub site: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub motion: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item: Option<String>,
}

impl MeasureKey {
    /// The key as `--measure` takes it: `rom:left-shoulder:flexion`,
    /// `psfs:Lift grandchild`, `ndi`.
    pub fn written(&self) -> String {
        let mut s = self.measure.clone();
        for part in [&self.site, &self.motion, &self.item].into_iter().flatten() {
            s.push(':');
            s.push_str(part);
        }
        s
    }
}

/// A unit in words: a score's `/50` is "points (0-50)", `°` "degrees".
pub fn unit_word(unit: &str) -> String {
    match unit {
        u if u.starts_with('/') => format!("points, 0-{}", &u[1..]),
        "°" => "degrees".into(),
        u => u.to_string(),
    }
}

/// A number as a person writes it: `27.5`, `130`, never `130.0`.
pub fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        let s = format!("{:.2}", v);
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_mcid_has_a_source() {
        for d in builtin() {
            assert_eq!(d.mcid.is_some(), d.mcid_source.is_some(), "{}", d.id);
            assert!(d.min < d.max, "{}", d.id);
        }
    }

    #[test]
    fn numbers_read_as_written() {
        assert_eq!(number(130.0), "130");
        assert_eq!(number(27.5), "27.5");
        assert_eq!(number(-1.25), "-1.25");
        assert_eq!(number(1.0 / 3.0), "0.33");
    }
}
