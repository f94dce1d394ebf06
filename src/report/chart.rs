//! What the PDF and HTML charts share: round axis ticks and points placed
//! by date, so a gap between visits shows as a gap.

use chrono::NaiveDate;

/// Round ticks covering `lo..=hi`: a step of 1, 2 or 5 times a power of
/// ten giving three to six ticks, the first at or below `lo` and the last
/// at or above `hi`. A flat series gets a tick either side of its value.
pub fn ticks(lo: f64, hi: f64) -> Vec<f64> {
    let (lo, hi) = if hi - lo < 1e-9 {
        (lo - 1.0, hi + 1.0)
    } else {
        (lo, hi)
    };
    let span = hi - lo;
    let mut step = 10f64.powf((span / 4.0).log10().floor());
    for k in [1.0, 2.0, 5.0, 10.0] {
        let s = step * k;
        if span / s <= 5.0 {
            step = s;
            break;
        }
    }
    let first = (lo / step).floor() * step;
    let mut out = Vec::new();
    let mut v = first;
    while v < hi + step * 0.999 && out.len() < 12 {
        out.push(round(v, step));
        if v >= hi - 1e-9 {
            break;
        }
        v += step;
    }
    out
}

/// `v` without the float noise of adding steps (0.30000000000000004).
fn round(v: f64, step: f64) -> f64 {
    let digits = (-step.log10().floor()).max(0.0) as i32;
    let k = 10f64.powi(digits);
    (v * k).round() / k
}

/// Where `date` falls between `first` and `last`, 0 to 1 (0.5 when they
/// are the same day).
pub fn at(date: NaiveDate, first: NaiveDate, last: NaiveDate) -> f64 {
    let span = (last - first).num_days();
    if span <= 0 {
        return 0.5;
    }
    ((date - first).num_days() as f64 / span as f64).clamp(0.0, 1.0)
}

/// `Jun 8` for a date in the year of `other`, else `Jun 8, 2026`.
pub fn short_date(date: NaiveDate, with_year: bool) -> String {
    if with_year {
        date.format("%b %-d, %Y").to_string()
    } else {
        date.format("%b %-d").to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round_and_cover_the_values() {
        assert_eq!(ticks(45.0, 72.0), [40.0, 50.0, 60.0, 70.0, 80.0]);
        assert_eq!(ticks(0.0, 10.0), [0.0, 2.0, 4.0, 6.0, 8.0, 10.0]);
        assert_eq!(ticks(6.0, 28.0), [5.0, 10.0, 15.0, 20.0, 25.0, 30.0]);
        assert_eq!(ticks(29.6, 31.5), [29.5, 30.0, 30.5, 31.0, 31.5]);
        assert_eq!(ticks(18.0, 18.0), [17.0, 17.5, 18.0, 18.5, 19.0]);
        for (lo, hi) in [(0.3, 0.7), (130.0, 160.0), (1.0, 250.0), (-5.0, 5.0)] {
            let t = ticks(lo, hi);
            assert!(t.len() >= 3 && t.len() <= 7, "{lo}..{hi}: {t:?}");
            assert!(t[0] <= lo && *t.last().unwrap() >= hi, "{lo}..{hi}: {t:?}");
        }
    }

    #[test]
    fn points_fall_by_date() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        assert_eq!(at(d("2026-06-08"), d("2026-06-08"), d("2026-07-08")), 0.0);
        assert_eq!(at(d("2026-06-23"), d("2026-06-08"), d("2026-07-08")), 0.5);
        assert_eq!(at(d("2026-06-08"), d("2026-06-08"), d("2026-06-08")), 0.5);
    }
}
