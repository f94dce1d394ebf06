//! Measured progress: each measure's series over a course of care, and each
//! measure and target scored as baseline -> latest -> target, the change,
//! whether it passed the measure's MCID and whether it is met, improving or
//! not. `patient show`, the report and its JSON all read this.

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::{Session, Target};
use crate::vocab::Vocabulary;
use crate::vocab::measures::Better;
use crate::vocab::measures::MeasureDef;
use crate::vocab::measures::MeasureKey;
use crate::vocab::measures::number;

/// One measurement in a series.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Point {
    pub date: NaiveDate,
    pub session: String,
    pub value: f64,
}

/// Every measurement of one measure (with its site, motion or activity),
/// first to last.
#[derive(Debug, Clone, Serialize)]
pub struct Series {
    #[serde(flatten)]
    pub key: MeasureKey,
    /// How a report names it: "Left shoulder flexion (ROM)".
    pub label: String,
    pub unit: String,
    pub better: Better,
    pub points: Vec<Point>,
}

/// Where a measure stands against its baseline and target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Progress {
    /// The latest value reaches the target.
    Met,
    /// Better than the baseline, target not yet reached (or none set).
    Improving,
    /// The same as the baseline, or worse.
    NotImproving,
    /// Measured once: there is no change yet.
    BaselineOnly,
    /// A target no visit has measured.
    NotMeasured,
}

impl Progress {
    pub fn words(self) -> &'static str {
        match self {
            Progress::Met => "met",
            Progress::Improving => "improving",
            Progress::NotImproving => "not improving",
            Progress::BaselineOnly => "baseline only",
            Progress::NotMeasured => "not measured",
        }
    }
}

/// A measure or target scored over the course.
#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    #[serde(flatten)]
    pub key: MeasureKey,
    pub label: String,
    pub unit: String,
    pub better: Better,
    pub baseline: Option<Point>,
    pub latest: Option<Point>,
    pub target: Option<f64>,
    pub target_by: Option<NaiveDate>,
    /// `latest - baseline`, in the measure's unit.
    pub change: Option<f64>,
    /// The measure's minimal clinically important difference, when a
    /// published source gives one.
    pub mcid: Option<f64>,
    pub mcid_source: Option<String>,
    /// Whether the change is at least the MCID in the better direction;
    /// `None` when the measure has none or there is no change yet.
    pub passed_mcid: Option<bool>,
    pub progress: Progress,
}

impl Outcome {
    /// `130 → 150 → 160`: baseline, latest and target (a dash for one
    /// not measured; a value measured once stands alone).
    pub fn path(&self) -> String {
        let v = |p: &Option<Point>| p.as_ref().map_or("–".to_string(), |p| number(p.value));
        match (self.latest.is_some(), self.target) {
            (false, None) => v(&self.baseline),
            (_, None) => format!("{} → {}", v(&self.baseline), v(&self.latest)),
            (_, Some(t)) => format!(
                "{} → {} → {}",
                v(&self.baseline),
                v(&self.latest),
                number(t)
            ),
        }
    }
    /// `+20°`, or `-` before there is a change.
    pub fn change_words(&self) -> String {
        match self.change {
            Some(c) => format!(
                "{}{}{}",
                if c > 0.0 { "+" } else { "" },
                number(c),
                unit_after(&self.unit)
            ),
            None => "–".into(),
        }
    }
    /// `yes (7.5)`, `no (2)`: whether the change passed the MCID shown; a
    /// dash where no MCID is published or there is no change yet.
    pub fn mcid_words(&self) -> String {
        match (self.mcid, self.passed_mcid) {
            (Some(m), Some(true)) => format!("yes ({})", number(m)),
            (Some(m), Some(false)) => format!("no ({})", number(m)),
            (Some(m), None) => format!("– ({})", number(m)),
            (None, _) => "–".into(),
        }
    }
}

/// A unit as it follows a change: `°` and `%` directly, `cm` after a space,
/// a score's `/50` not at all.
pub fn unit_after(unit: &str) -> String {
    if unit.starts_with('/') || unit.is_empty() {
        String::new()
    } else if unit == "°" || unit == "%" {
        unit.to_string()
    } else {
        format!(" {unit}")
    }
}

/// How a report names a measure with what it measures.
pub fn label(key: &MeasureKey, def: &MeasureDef, vocab: &Vocabulary) -> String {
    let site = key.site.as_deref().map(|s| vocab.region_label(s));
    match (key.measure.as_str(), site, &key.motion, &key.item) {
        ("rom", Some(site), Some(motion), _) => {
            format!("{site} {} (ROM)", motion.replace('-', " "))
        }
        (_, _, _, Some(item)) => format!("{}: {item}", def.short),
        (_, Some(site), Some(motion), _) => {
            format!(
                "{}, {} {}",
                def.label,
                lower_first(&site),
                motion.replace('-', " ")
            )
        }
        (_, Some(site), None, _) => format!("{}, {}", def.short, lower_first(&site)),
        _ if def.short != def.label && !def.label.contains(&def.short) => {
            format!("{} ({})", def.label, def.short)
        }
        _ => def.label.clone(),
    }
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Each measure's series over `sessions` (completed visits, in date
/// order). Pain before treatment (`pain_before`) is the `pain` measure;
/// a `pain` entry in `[[measures]]` without a site counts only on a visit
/// that recorded no `pain_before`.
pub fn series(sessions: &[&Session], vocab: &Vocabulary) -> Vec<Series> {
    let mut out: Vec<Series> = Vec::new();
    let mut push = |key: MeasureKey, date: NaiveDate, session: &str, value: f64| {
        let Some(def) = vocab.measure(&key.measure) else {
            return;
        };
        let point = Point {
            date,
            session: session.to_string(),
            value,
        };
        match out.iter_mut().find(|s| s.key == key) {
            Some(s) => s.points.push(point),
            None => out.push(Series {
                label: label(&key, def, vocab),
                unit: def.unit.clone(),
                better: def.better,
                key,
                points: vec![point],
            }),
        }
    };
    for s in sessions.iter().filter(|s| s.completed()) {
        let pain = MeasureKey {
            measure: "pain".into(),
            ..MeasureKey::default()
        };
        if let Some(p) = s.pain_before {
            push(pain.clone(), s.date, &s.id, f64::from(p));
        }
        for m in &s.measures {
            if m.key == pain && s.pain_before.is_some() {
                continue;
            }
            push(m.key.clone(), s.date, &s.id, m.value);
        }
    }
    out
}

/// Scores every series and every target: a target joins the series of its
/// measure; a series without a target is scored on its change alone.
pub fn outcomes(series: &[Series], targets: &[Target], vocab: &Vocabulary) -> Vec<Outcome> {
    let mut out = Vec::new();
    let mut keys: Vec<&MeasureKey> = targets.iter().map(|t| &t.key).collect();
    for s in series {
        if !keys.contains(&&s.key) {
            keys.push(&s.key);
        }
    }
    for key in keys {
        let Some(def) = vocab.measure(&key.measure) else {
            continue;
        };
        let points = series
            .iter()
            .find(|s| &s.key == key)
            .map_or(&[][..], |s| &s.points[..]);
        let target = targets.iter().find(|t| &t.key == key);
        let baseline = points.first().cloned();
        let latest = (points.len() > 1).then(|| points.last().cloned()).flatten();
        let change = baseline
            .as_ref()
            .zip(latest.as_ref())
            .map(|(b, l)| round2(l.value - b.value));
        let gain = |c: f64| match def.better {
            Better::Higher => c,
            Better::Lower => -c,
        };
        let passed_mcid = def.mcid.zip(change).map(|(m, c)| gain(c) >= m);
        let now = latest.as_ref().or(baseline.as_ref()).map(|p| p.value);
        let met = target.zip(now).is_some_and(|(t, v)| match def.better {
            Better::Higher => v >= t.target,
            Better::Lower => v <= t.target,
        });
        let progress = match (baseline.is_some(), change) {
            (false, _) => Progress::NotMeasured,
            _ if met => Progress::Met,
            (true, None) => Progress::BaselineOnly,
            (true, Some(c)) if gain(c) > 0.0 => Progress::Improving,
            (true, Some(_)) => Progress::NotImproving,
        };
        out.push(Outcome {
            key: key.clone(),
            label: label(key, def, vocab),
            unit: def.unit.clone(),
            better: def.better,
            baseline,
            latest,
            target: target.map(|t| t.target),
            target_by: target.and_then(|t| t.by),
            change,
            mcid: def.mcid,
            mcid_source: def.mcid_source.clone(),
            passed_mcid,
            progress,
        });
    }
    out
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Measurement;
    use crate::model::Status;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn visit(
        id: &str,
        date: &str,
        pain: Option<u8>,
        measures: &[(&str, Option<&str>, Option<&str>, f64)],
    ) -> Session {
        Session {
            id: id.into(),
            date: d(date),
            pain_before: pain,
            measures: measures
                .iter()
                .map(|(m, site, motion, v)| Measurement {
                    key: MeasureKey {
                        measure: m.to_string(),
                        site: site.map(str::to_string),
                        motion: motion.map(str::to_string),
                        item: None,
                    },
                    value: *v,
                })
                .collect(),
            ..Session::default()
        }
    }

    #[test]
    fn baseline_latest_target_change_and_mcid() {
        let vocab = Vocabulary::default();
        let flexion = ("rom", Some("left-shoulder"), Some("flexion"));
        let a = visit(
            "a",
            "2026-11-02",
            Some(7),
            &[
                (flexion.0, flexion.1, flexion.2, 130.0),
                ("ndi", None, None, 24.0),
            ],
        );
        let b = visit("b", "2026-11-09", Some(6), &[("ndi", None, None, 20.0)]);
        let c = visit(
            "c",
            "2026-11-16",
            Some(3),
            &[
                (flexion.0, flexion.1, flexion.2, 162.0),
                ("ndi", None, None, 12.0),
            ],
        );
        let mut cancelled = visit("x", "2026-11-12", Some(0), &[]);
        cancelled.status = Status::Cancelled;
        let all = [&a, &b, &cancelled, &c];
        let s = series(&all, &vocab);
        assert_eq!(s.len(), 3, "{s:?}");
        assert_eq!(s[0].label, "Pain (NPRS 0-10)");
        assert_eq!(s[0].points.len(), 3, "a cancelled visit measures nothing");
        assert_eq!(s[1].label, "Left shoulder flexion (ROM)");
        let targets = [
            Target {
                key: MeasureKey {
                    measure: "rom".into(),
                    site: Some("left-shoulder".into()),
                    motion: Some("flexion".into()),
                    item: None,
                },
                target: 160.0,
                by: None,
            },
            Target {
                key: MeasureKey {
                    measure: "lefs".into(),
                    ..MeasureKey::default()
                },
                target: 60.0,
                by: None,
            },
        ];
        let o = outcomes(&s, &targets, &vocab);
        let rom = &o[0];
        assert_eq!(rom.path(), "130 → 162 → 160");
        assert_eq!(rom.change_words(), "+32°");
        assert_eq!(rom.progress, Progress::Met);
        assert_eq!(rom.passed_mcid, None, "ROM has no published MCID");
        assert_eq!(o[1].progress, Progress::NotMeasured);
        let pain = o.iter().find(|x| x.key.measure == "pain").unwrap();
        assert_eq!(pain.change, Some(-4.0));
        assert_eq!(pain.passed_mcid, Some(true));
        assert_eq!(pain.progress, Progress::Improving);
        let ndi = o.iter().find(|x| x.key.measure == "ndi").unwrap();
        assert_eq!(ndi.change, Some(-12.0));
        assert_eq!(ndi.passed_mcid, Some(true));
        let once = outcomes(&series(&[&b], &vocab), &[], &vocab);
        assert!(once.iter().all(|x| x.progress == Progress::BaselineOnly));
        let worse = outcomes(&series(&[&c, &a], &vocab), &[], &vocab);
        let pain = worse.iter().find(|x| x.key.measure == "pain").unwrap();
        assert_eq!(pain.progress, Progress::NotImproving);
        assert_eq!(pain.passed_mcid, Some(false));
    }
}
