//! Where each atomic region sits on a front and a back body outline, for the
//! HTML report's body chart. Positions are for the patient's left side seen
//! from behind (viewer's left); the front view mirrors them.

/// Which outline(s) a region is drawn on.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum View {
    Front,
    Back,
    Both,
}

/// `(base region, view, dx from the midline, y, rx, ry)` in a 200 x 440 figure.
const SPOTS: &[(&str, View, f32, f32, f32, f32)] = &[
    ("head", View::Back, 0.0, 30.0, 17.0, 17.0),
    ("face", View::Front, 0.0, 32.0, 13.0, 15.0),
    ("intraoral", View::Front, 0.0, 40.0, 5.0, 3.0),
    ("anterior-neck", View::Front, 0.0, 62.0, 7.0, 8.0),
    ("cervical", View::Back, 0.0, 60.0, 7.0, 9.0),
    ("thoracic", View::Back, 0.0, 118.0, 11.0, 34.0),
    ("lumbar", View::Back, 0.0, 176.0, 12.0, 16.0),
    ("sacral", View::Back, 0.0, 203.0, 9.0, 9.0),
    ("coccygeal", View::Back, 0.0, 218.0, 5.0, 5.0),
    // The chest and the abdomen are drawn as their two sides.
    ("chest", View::Front, 13.0, 108.0, 12.0, 14.0),
    ("abdomen", View::Front, 12.0, 172.0, 12.0, 24.0),
    ("tmj", View::Front, 14.0, 38.0, 4.0, 4.0),
    ("suboccipital", View::Back, 8.0, 46.0, 6.0, 4.0),
    ("supraclavicular", View::Front, 18.0, 78.0, 8.0, 4.0),
    ("axilla", View::Front, 40.0, 104.0, 6.0, 8.0),
    ("scapular", View::Back, 24.0, 108.0, 12.0, 18.0),
    ("pectoral", View::Front, 22.0, 100.0, 13.0, 10.0),
    ("rib-cage", View::Front, 30.0, 140.0, 7.0, 17.0),
    ("shoulder", View::Both, 46.0, 82.0, 10.0, 10.0),
    ("upper-arm", View::Both, 54.0, 118.0, 8.0, 20.0),
    ("elbow", View::Both, 56.0, 148.0, 7.0, 7.0),
    ("forearm", View::Both, 58.0, 178.0, 7.0, 20.0),
    ("wrist", View::Both, 60.0, 205.0, 6.0, 5.0),
    ("hand", View::Both, 61.0, 224.0, 8.0, 12.0),
    ("sacroiliac", View::Back, 11.0, 199.0, 5.0, 7.0),
    ("inguinal", View::Front, 22.0, 236.0, 10.0, 5.0),
    ("gluteal", View::Back, 20.0, 226.0, 17.0, 15.0),
    ("hip", View::Front, 30.0, 218.0, 8.0, 10.0),
    ("thigh", View::Both, 20.0, 280.0, 12.0, 34.0),
    ("knee", View::Both, 20.0, 326.0, 10.0, 9.0),
    ("lower-leg", View::Both, 20.0, 370.0, 9.0, 28.0),
    ("ankle", View::Both, 20.0, 405.0, 7.0, 5.0),
    ("foot", View::Both, 21.0, 424.0, 9.0, 8.0),
];

/// An ellipse to draw: its centre and radii in figure coordinates.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spot {
    pub cx: f32,
    pub cy: f32,
    pub rx: f32,
    pub ry: f32,
}

/// The ellipses for one atomic region (`left-knee`, `lumbar`) on one view;
/// empty for a region with no place on the chart (a practice's own terms).
pub fn spots(atom: &str, front: bool) -> Vec<Spot> {
    let (side, base) = match atom.split_once('-') {
        Some(("left", b)) => (-1.0, b),
        Some(("right", b)) => (1.0, b),
        _ => (0.0, atom),
    };
    SPOTS
        .iter()
        .filter(|(name, view, ..)| {
            *name == base && (*view == View::Both || (*view == View::Front) == front)
        })
        .map(|&(_, _, dx, cy, rx, ry)| {
            // Seen from behind the patient's left is on the viewer's left; from the front it is mirrored.
            let x = if front { -side * dx } else { side * dx };
            Spot {
                cx: 100.0 + x,
                cy,
                rx,
                ry,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab::{MIDLINE, PAIRED};

    #[test]
    fn every_builtin_region_has_a_place() {
        for m in MIDLINE {
            assert!(
                !spots(m, true).is_empty() || !spots(m, false).is_empty(),
                "{m}"
            );
        }
        for p in PAIRED {
            let left = format!("left-{p}");
            assert!(
                !spots(&left, true).is_empty() || !spots(&left, false).is_empty(),
                "{p}"
            );
        }
    }

    #[test]
    fn left_is_mirrored_between_views() {
        let back = spots("left-knee", false)[0];
        let front = spots("left-knee", true)[0];
        assert!(back.cx < 100.0 && front.cx > 100.0);
        assert!(spots("right-gluteal", false)[0].cx > 100.0);
    }
}
