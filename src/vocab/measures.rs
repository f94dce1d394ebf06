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
    /// What `mcid` is: an important difference, or (where the source
    /// gives only that) the smallest change a measurement can detect.
    #[serde(skip_serializing_if = "Threshold::is_mcid")]
    pub mcid_kind: Threshold,
    /// A second criterion of the same source, in percent of the baseline:
    /// an improvement must reach it as well as `mcid` (a worsening needs
    /// only `mcid`: the letter errs toward saying a patient got worse).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mcid_percent: Option<f64>,
    /// The patients the value was found in, where a report should say so.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mcid_population: Option<String>,
    pub needs: Needs,
}

/// What kind of threshold a measure's `mcid` is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Threshold {
    /// A minimal clinically important difference.
    #[default]
    Mcid,
    /// A minimal (smallest) detectable change: beyond measurement error,
    /// not shown to matter to the patient.
    DetectableChange,
}

impl Threshold {
    pub fn is_mcid(&self) -> bool {
        *self == Threshold::Mcid
    }
    /// `MCID`, `MDC`: as a report's column and footnote name it.
    pub fn short(self) -> &'static str {
        match self {
            Threshold::Mcid => "MCID",
            Threshold::DetectableChange => "MDC",
        }
    }
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
        mcid_kind: Threshold::Mcid,
        mcid_percent: None,
        mcid_population: None,
        needs,
    }
}

impl MeasureDef {
    fn detectable(mut self) -> Self {
        self.mcid_kind = Threshold::DetectableChange;
        self
    }
    fn percent(mut self, percent: f64) -> Self {
        self.mcid_percent = Some(percent);
        self
    }
    fn population(mut self, who: &str) -> Self {
        self.mcid_population = Some(who.to_string());
        self
    }
}

/// The built-in measures. An MCID is given only with its published source
/// and the sentence of it relied on; where the source gives only a
/// detectable change (PSFS, mouth opening) it is marked so; where none
/// applies across joints, sites or conditions (range of motion,
/// circumference) there is none, and the report says only which way the
/// change went.
pub fn builtin() -> Vec<MeasureDef> {
    use Better::{Higher, Lower};
    use Needs::*;
    vec![
        // Numeric Pain Rating Scale. Farrar JT et al., "Clinical importance
        // of changes in chronic pain intensity measured on an 11-point
        // numerical pain rating scale", Pain 2001;94:149-158: "On average, a
        // reduction of approximately two points or a reduction of
        // approximately 30% in the PI-NRS represented a clinically important
        // difference", and "higher baseline scores required larger raw
        // changes". An improvement must reach both (3 -> 2 is 33% but one
        // point; 9 -> 7 two points but 22%); a worsening of 2 points counts.
        def(
            "pain",
            "Pain (NPRS 0-10)",
            "Pain",
            "/10",
            (0.0, 10.0),
            Lower,
            Some((2.0, "Farrar et al., Pain 2001;94:149-158")),
            OptionalSite,
        )
        .percent(30.0),
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
        // Maximal inter-incisal mouth opening (TMJ). No MCID is published; a
        // smallest detectable difference is: Kropmans TJ et al., "Smallest
        // detectable difference of maximal mouth opening in patients with
        // painfully restricted temporomandibular joint function", Eur J Oral
        // Sci 2000;108:9-13: "The smallest detectable difference of maximal
        // mouth opening varied from 9 to 6 mm. For being successful ... the
        // clinician has to measure at least 9 mm of improvement".
        def(
            "mouth-opening",
            "Mouth opening",
            "Mouth opening",
            "mm",
            (0.0, 100.0),
            Higher,
            Some((9.0, "Kropmans et al., Eur J Oral Sci 2000;108:9-13")),
            Nothing,
        )
        .detectable(),
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
        // Patient-Specific Functional Scale, 0-10 per activity. 3 points is a
        // detectable change for a single activity, not an important one:
        // Stratford P et al., "Assessing disability and change on individual
        // patients: a report of a patient specific measure", Physiotherapy
        // Canada 1995;47:258-263, which gives 3 points as the minimal
        // detectable change of a single activity's score (2 for the mean of
        // several activities).
        def(
            "psfs",
            "Patient-Specific Functional Scale",
            "PSFS",
            "/10",
            (0.0, 10.0),
            Higher,
            Some((3.0, "Stratford et al., Physiother Can 1995;47:258-263")),
            Item,
        )
        .detectable(),
        // Neck Disability Index, 0-50 points. Young BA et al.,
        // "Responsiveness of the Neck Disability Index in patients with
        // mechanical neck disorders", Spine J 2009;9(10):802-808, found an
        // MCID of 7.5 points below its MDC of 10.2 and conclude that "a
        // 10-point change (the MDC) should be used as the MCID".
        def(
            "ndi",
            "Neck Disability Index",
            "NDI",
            "/50",
            (0.0, 50.0),
            Lower,
            Some((10.0, "Young et al., Spine J 2009;9:802-808")),
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
        // QuickDASH, 0-100. MCID 8 points in patients with shoulder pain:
        // Mintken PE et al., "Psychometric properties of the shortened
        // disabilities of the arm, shoulder, and hand questionnaire
        // (QuickDASH) and Numeric Pain Rating Scale in patients with shoulder
        // pain", J Shoulder Elbow Surg 2009;18(6):920-926. The report says
        // so where it applies the value to another condition.
        def(
            "quickdash",
            "QuickDASH",
            "QuickDASH",
            "/100",
            (0.0, 100.0),
            Lower,
            Some((8.0, "Mintken et al., J Shoulder Elbow Surg 2009;18:920-926")),
            Nothing,
        )
        .population("patients with shoulder pain"),
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
