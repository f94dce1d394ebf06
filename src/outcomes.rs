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
use crate::vocab::measures::Threshold;
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

/// Where a measure stands against its baseline and target, judged by the
/// measure's MCID (or detectable change) in its better direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Progress {
    /// The latest value reaches the target.
    Met,
    /// Better than the baseline by at least the MCID, target not reached.
    Improved,
    /// Better than the baseline where no MCID is published to say whether
    /// the change matters.
    Better,
    /// Within the MCID of the baseline, either way.
    NoMeaningfulChange,
    /// The same as the baseline, where no MCID is published.
    Unchanged,
    /// Worse than the baseline by at least the MCID; where none is
    /// published, worse at all.
    Worse,
    /// Not worse than the baseline, but worse than its best since by at
    /// least the MCID: the trend turned.
    Relapsed,
    /// Measured once: there is no change yet.
    BaselineOnly,
    /// A target no visit has measured.
    NotMeasured,
}

impl Progress {
    pub fn words(self) -> &'static str {
        match self {
            Progress::Met => "met",
            Progress::Improved => "improved",
            Progress::Better => "better",
            Progress::NoMeaningfulChange => "no meaningful change",
            Progress::Unchanged => "unchanged",
            Progress::Worse => "WORSE",
            Progress::Relapsed => "WORSE again",
            Progress::BaselineOnly => "baseline only",
            Progress::NotMeasured => "not measured",
        }
    }
    /// Worse than the baseline or than its best: first on page one.
    pub fn is_worse(self) -> bool {
        matches!(self, Progress::Worse | Progress::Relapsed)
    }
}

/// A step from one measurement to the next that went the wrong way by at
/// least the measure's MCID.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Setback {
    pub from: Point,
    pub to: Point,
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
    /// The measure's minimal clinically important difference (or, where
    /// `mcid_kind` says so, its detectable change), when a published
    /// source gives one.
    pub mcid: Option<f64>,
    pub mcid_source: Option<String>,
    pub mcid_kind: Threshold,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mcid_percent: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mcid_population: Option<String>,
    /// Whether the change is at least the MCID in the better direction;
    /// `None` when the measure has none or there is no change yet.
    pub passed_mcid: Option<bool>,
    pub progress: Progress,
    /// The best value before the latest, when the latest is worse than it
    /// by at least the MCID.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub best: Option<Point>,
    /// Each step between two measurements that went the wrong way by at
    /// least the MCID (a relapse between two prescriptions shows here).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub setbacks: Vec<Setback>,
    /// The value as it stood at the last recorded report, when measured
    /// since.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub at_report: Option<Point>,
    /// The latest value is worse than `at_report` (by the MCID, or at all
    /// where none is published).
    pub worse_since_report: bool,
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
            Some(c) => signed(c, &self.unit),
            None => "–".into(),
        }
    }
    /// `yes (10)`, `no (2)`, `yes, worse (10)`: whether the change passed
    /// the MCID shown, and which way; `none published` where there is none.
    pub fn mcid_words(&self) -> String {
        let kind = match self.mcid_kind {
            Threshold::Mcid => "",
            Threshold::DetectableChange => " MDC",
        };
        // Past it the wrong way: a worsening that counts.
        let worse_past = self
            .mcid
            .zip(self.change)
            .is_some_and(|(m, c)| gain(self.better, c) < 0.0 && c.abs() + 1e-9 >= m);
        match (self.mcid, self.passed_mcid) {
            (Some(m), Some(false)) if worse_past => format!("yes, worse ({}{kind})", number(m)),
            (Some(m), Some(true)) => format!("yes ({}{kind})", number(m)),
            (Some(m), Some(false)) => format!("no ({}{kind})", number(m)),
            (Some(m), None) => format!("– ({}{kind})", number(m)),
            (None, _) => "none published".into(),
        }
    }
    /// The status as page one prints it: `improved`, `WORSE`, `WORSE again
    /// (best 18, Jul 7)`, with `; worse since my last report` when so.
    pub fn status_words(&self) -> String {
        let mut s = self.progress.words().to_string();
        match (self.progress, &self.best) {
            (Progress::Relapsed, Some(b)) => {
                s.push_str(&format!(
                    " (best {}, {})",
                    number(b.value),
                    b.date.format("%b %-d")
                ));
            }
            (Progress::Better | Progress::Worse, _) if self.mcid.is_none() => {
                s.push_str(" (no MCID to judge)");
            }
            _ => {}
        }
        if self.worse_since_report && !self.progress.is_worse() {
            s.push_str("; worse since my last report");
        }
        s
    }
    /// Worse than the baseline, than its best, or than at the last report.
    pub fn flagged(&self) -> bool {
        self.progress.is_worse() || self.worse_since_report
    }
}

/// A change with its sign and unit: `+20°`, `-1.9 cm`, `+5`.
pub fn signed(c: f64, unit: &str) -> String {
    format!(
        "{}{}{}",
        if c > 0.0 { "+" } else { "" },
        number(c),
        unit_after(unit)
    )
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

/// Whether the move from `from` to `to` is past the measure's threshold:
/// `None` where it has none. An improvement must also reach the source's
/// percentage of `from`, where it gives one.
fn past_threshold(def: &MeasureDef, from: f64, to: f64) -> Option<bool> {
    let m = def.mcid?;
    let gain = gain(def.better, to - from);
    let size = gain.abs();
    let mut past = size + 1e-9 >= m;
    if gain > 0.0
        && let Some(p) = def.mcid_percent
    {
        past &= from.abs() > 0.0 && size / from.abs() * 100.0 + 1e-9 >= p;
    }
    Some(past)
}

/// A change as a gain: positive is better.
fn gain(better: Better, change: f64) -> f64 {
    match better {
        Better::Higher => change,
        Better::Lower => -change,
    }
}

/// Whether the move from `from` to `to` is a worsening that counts: past
/// the MCID the wrong way, or any wrong-way move where none is published.
fn worsened(def: &MeasureDef, from: f64, to: f64) -> bool {
    gain(def.better, to - from) < 0.0 && past_threshold(def, from, to).unwrap_or(true)
}

/// Scores every series and every target: a target joins the series of its
/// measure; a series without a target is scored on its change alone.
/// `last_report` is the date of the last report recorded to the prescriber:
/// a measure worse since then says so.
pub fn outcomes(
    series: &[Series],
    targets: &[Target],
    vocab: &Vocabulary,
    last_report: Option<NaiveDate>,
) -> Vec<Outcome> {
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
        let passed_mcid = baseline.as_ref().zip(latest.as_ref()).and_then(|(b, l)| {
            past_threshold(def, b.value, l.value)
                .map(|p| p && gain(def.better, l.value - b.value) > 0.0)
        });
        let now = latest.as_ref().or(baseline.as_ref()).map(|p| p.value);
        let met = target.zip(now).is_some_and(|(t, v)| match def.better {
            Better::Higher => v >= t.target,
            Better::Lower => v <= t.target,
        });
        // The best value before the latest, when the latest fell back from
        // it by the MCID (only where one is published: a trend needs a
        // yardstick).
        let best = latest.as_ref().and_then(|l| {
            let earlier = &points[..points.len() - 1];
            let best = earlier.iter().max_by(|a, b| {
                gain(def.better, a.value - b.value)
                    .partial_cmp(&0.0)
                    .unwrap_or(std::cmp::Ordering::Equal)
            })?;
            (def.mcid.is_some() && worsened(def, best.value, l.value)).then(|| best.clone())
        });
        let setbacks: Vec<Setback> = if def.mcid.is_some() {
            points
                .windows(2)
                .filter(|w| worsened(def, w[0].value, w[1].value))
                .map(|w| Setback {
                    from: w[0].clone(),
                    to: w[1].clone(),
                })
                .collect()
        } else {
            Vec::new()
        };
        let at_report = last_report.and_then(|day| {
            let before = points.iter().rev().find(|p| p.date <= day)?;
            points.last().filter(|l| l.date > day)?;
            Some(before.clone())
        });
        let worse_since_report = at_report
            .as_ref()
            .zip(points.last())
            .is_some_and(|(r, l)| worsened(def, r.value, l.value));
        let progress = match (&baseline, &latest) {
            (None, _) => Progress::NotMeasured,
            (Some(b), Some(l)) if worsened(def, b.value, l.value) => Progress::Worse,
            _ if met => Progress::Met,
            (Some(_), None) => Progress::BaselineOnly,
            _ if best.is_some() => Progress::Relapsed,
            (Some(b), Some(l)) => {
                let g = gain(def.better, l.value - b.value);
                match past_threshold(def, b.value, l.value) {
                    Some(true) if g > 0.0 => Progress::Improved,
                    Some(_) => Progress::NoMeaningfulChange,
                    None if g > 0.0 => Progress::Better,
                    None => Progress::Unchanged,
                }
            }
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
            mcid_kind: def.mcid_kind,
            mcid_percent: def.mcid_percent,
            mcid_population: def.mcid_population.clone(),
            passed_mcid,
            progress,
            best,
            setbacks,
            at_report,
            worse_since_report,
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
        let o = outcomes(&s, &targets, &vocab, None);
        let rom = &o[0];
        assert_eq!(rom.path(), "130 → 162 → 160");
        assert_eq!(rom.change_words(), "+32°");
        assert_eq!(rom.progress, Progress::Met);
        assert_eq!(rom.passed_mcid, None, "ROM has no published MCID");
        assert_eq!(o[1].progress, Progress::NotMeasured);
        let pain = o.iter().find(|x| x.key.measure == "pain").unwrap();
        assert_eq!(pain.change, Some(-4.0));
        assert_eq!(pain.passed_mcid, Some(true));
        assert_eq!(pain.progress, Progress::Improved);
        let ndi = o.iter().find(|x| x.key.measure == "ndi").unwrap();
        assert_eq!(ndi.change, Some(-12.0));
        assert_eq!(ndi.passed_mcid, Some(true));
        let once = outcomes(&series(&[&b], &vocab), &[], &vocab, None);
        assert!(once.iter().all(|x| x.progress == Progress::BaselineOnly));
        let worse = outcomes(&series(&[&c, &a], &vocab), &[], &vocab, None);
        let pain = worse.iter().find(|x| x.key.measure == "pain").unwrap();
        assert_eq!(pain.progress, Progress::Worse);
        assert_eq!(pain.passed_mcid, Some(false));
    }

    /// One measure's outcome over values on successive weeks.
    fn scored(measure: &str, site: Option<&str>, values: &[f64], report: Option<&str>) -> Outcome {
        let visits: Vec<Session> = values
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let date = d("2026-09-01") + chrono::Days::new(7 * i as u64);
                let mut s = visit(
                    &format!("v{i}"),
                    "2026-09-01",
                    None,
                    &[(measure, site, None, *v)],
                );
                s.date = date;
                s
            })
            .collect();
        let refs: Vec<&Session> = visits.iter().collect();
        let vocab = Vocabulary::default();
        let o = outcomes(&series(&refs, &vocab), &[], &vocab, report.map(d));
        o.into_iter().next().expect("one outcome")
    }

    #[test]
    fn worse_is_said_when_a_change_passes_the_mcid_the_wrong_way() {
        let odi = scored("odi", None, &[20.0, 44.0], None);
        assert_eq!(odi.progress, Progress::Worse);
        assert_eq!(odi.status_words(), "WORSE");
        assert!(odi.flagged());
        let pain = scored("pain", None, &[6.0, 9.0], None);
        assert_eq!(pain.progress, Progress::Worse);
        // Inside the MCID either way is no meaningful change, not improving.
        assert_eq!(
            scored("pain", None, &[3.0, 2.0], None).progress,
            Progress::NoMeaningfulChange
        );
        assert_eq!(
            scored("odi", None, &[30.0, 36.0], None).progress,
            Progress::NoMeaningfulChange
        );
        let grip = scored("grip-strength", Some("left-hand"), &[20.0, 24.0], None);
        assert_eq!(grip.progress, Progress::NoMeaningfulChange);
        assert_eq!(grip.mcid_words(), "no (6.5)");
        // Pain's 30%: two points from 9 is 22%, not yet important.
        assert_eq!(
            scored("pain", None, &[9.0, 7.0], None).progress,
            Progress::NoMeaningfulChange
        );
        assert_eq!(
            scored("pain", None, &[6.0, 4.0], None).progress,
            Progress::Improved
        );
        // NDI's MCID is 10 (Young 2009's conclusion): 18 -> 24 -> 22 is no change.
        let ndi = scored("ndi", None, &[18.0, 24.0, 22.0], None);
        assert_eq!(ndi.progress, Progress::NoMeaningfulChange);
        assert_eq!(ndi.mcid, Some(10.0));
        // With no MCID, any wrong-way change is worse, and said to be unjudged.
        let calf = scored("circumference", Some("left-lower-leg"), &[31.0, 33.5], None);
        assert_eq!(calf.progress, Progress::Worse);
        assert_eq!(calf.status_words(), "WORSE (no MCID to judge)");
        assert_eq!(calf.mcid_words(), "none published");
        let flat = scored("circumference", Some("left-lower-leg"), &[31.0, 31.0], None);
        assert_eq!(flat.progress, Progress::Unchanged);
    }

    #[test]
    fn the_trend_counts_a_relapse_a_setback_and_a_worsening_since_the_last_report() {
        // Better than the baseline, but 11 points worse than its best.
        let ndi = scored("ndi", None, &[32.0, 18.0, 24.0, 29.0], None);
        assert_eq!(ndi.progress, Progress::Relapsed);
        assert_eq!(ndi.best.as_ref().map(|b| b.value), Some(18.0));
        assert!(
            ndi.status_words().starts_with("WORSE again (best 18, "),
            "{}",
            ndi.status_words()
        );
        // A relapse between two prescriptions stays on record once recovered.
        let odi = scored("odi", None, &[44.0, 18.0, 40.0, 16.0], None);
        assert_eq!(odi.progress, Progress::Improved);
        let steps: Vec<(f64, f64)> = odi
            .setbacks
            .iter()
            .map(|s| (s.from.value, s.to.value))
            .collect();
        assert_eq!(steps, [(18.0, 40.0)]);
        // Since the report of 2026-09-15 (after the third value): 20 -> 31.
        let odi = scored("odi", None, &[50.0, 30.0, 20.0, 31.0], Some("2026-09-15"));
        assert_eq!(odi.progress, Progress::Relapsed);
        assert_eq!(odi.at_report.as_ref().map(|p| p.value), Some(20.0));
        assert!(odi.worse_since_report);
        let steady = scored("odi", None, &[50.0, 30.0, 20.0, 22.0], Some("2026-09-15"));
        assert!(!steady.worse_since_report && !steady.flagged());
        // Better than the baseline, but up since the report of 2026-09-08.
        let arm = scored(
            "circumference",
            Some("left-upper-arm"),
            &[33.0, 31.0, 32.0],
            Some("2026-09-08"),
        );
        assert_eq!(arm.progress, Progress::Better);
        assert!(arm.flagged());
        assert_eq!(
            arm.status_words(),
            "better (no MCID to judge); worse since my last report"
        );
    }
}
