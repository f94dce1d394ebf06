//! The ICD-10-CM release mmx checks diagnoses against: whether a code is in
//! it, whether it is billable (a code with no children) or a category whose
//! billable codes it names, and its official description. This is the one
//! place a code's validity lives; the schema reader (files and `--diagnosis`
//! alike), the report and the FHIR export ask it.
//!
//! The data is `data/icd10cm.txt`, written by `data/icd10cm.py` from the CMS
//! release (its format is described there), compiled in. It is read once,
//! on the first lookup: the codes into a sorted table of slices of the text
//! (no copies), searched by bisection, so a prescription's diagnosis costs
//! O(log n). The descriptions are decoded, all at once, only when one is
//! asked for (the report, the export, `mmx vocab`), never by `check`.

use std::sync::OnceLock;

static DATA: &str = include_str!("../../data/icd10cm.txt");

/// What the release says of a code as written (`M54.16`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Not shaped like an ICD-10-CM code at all.
    Malformed,
    /// Shaped like one, but not in the release.
    Unknown,
    /// A category or subcategory: claims need one of its billable codes.
    Category { billable: Vec<String> },
    /// A billable code.
    Billable,
}

/// The release the data is from, as its first line names it.
pub fn release() -> &'static str {
    DATA.lines()
        .next()
        .unwrap_or_default()
        .trim_start_matches("# ")
}

/// True for an ICD-10-CM shaped code: a capital letter, a digit or capital,
/// a digit or capital, then optionally a dot and one to four digits or
/// capitals (`M54.16`, `S13.4XXA`, `QA0.0101`).
pub fn shaped(code: &str) -> bool {
    let b = code.as_bytes();
    let alnum = |c: &u8| c.is_ascii_digit() || c.is_ascii_uppercase();
    let head = b.len() >= 3 && b[0].is_ascii_uppercase() && alnum(&b[1]) && alnum(&b[2]);
    if !head {
        return false;
    }
    match &b[3..] {
        [] => true,
        [b'.', rest @ ..] => (1..=4).contains(&rest.len()) && rest.iter().all(alnum),
        _ => false,
    }
}

/// What the release says of `code`.
pub fn verdict(code: &str) -> Verdict {
    if !shaped(code) {
        return Verdict::Malformed;
    }
    let key = code.replace('.', "");
    // Searched in the release's text itself, which is sorted by code: a
    // `check` that looks up a few codes does not build the whole table.
    let Some(at) = find_code(&key) else {
        return Verdict::Unknown;
    };
    // The list holds every parent, sorted: a code's descendants follow it.
    let below = body()[at..]
        .lines()
        .skip(1)
        .filter_map(|l| l.split_once('\t').map(|(c, _)| (c, "")))
        .take_while(|(c, _)| c.starts_with(key.as_str()));
    let mut billable = Vec::new();
    let mut prev: Option<&str> = None;
    for (c, _) in below.chain(std::iter::once(("", ""))) {
        if let Some(p) = prev
            && !c.starts_with(p)
        {
            billable.push(with_dot(p));
        }
        prev = (!c.is_empty()).then_some(c);
    }
    if billable.is_empty() {
        Verdict::Billable
    } else {
        Verdict::Category { billable }
    }
}

/// The official description of a code in the release (`M54.16`:
/// "Radiculopathy, lumbar region").
pub fn description(code: &str) -> Option<&'static str> {
    let key = code.replace('.', "");
    let t = table();
    let i = t
        .codes
        .binary_search_by(|(c, _)| (*c).cmp(key.as_str()))
        .ok()?;
    let d = descriptions();
    Some(&d.text[d.ends[i].0 as usize..d.ends[i].1 as usize])
}

/// How many codes the release holds, and how many are billable.
pub fn counts() -> (usize, usize) {
    let codes = &table().codes;
    let billable = codes
        .iter()
        .enumerate()
        .filter(|(i, (c, _))| codes.get(i + 1).is_none_or(|(n, _)| !n.starts_with(c)))
        .count();
    (codes.len(), billable)
}

/// One code of the release, as `mmx vocab --diagnoses` lists it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Entry {
    pub code: String,
    pub billable: bool,
    pub description: &'static str,
}

/// The codes that start with `prefix` (`M54.1`, `M54`, `m541`: the dot and
/// the case do not matter), in code order.
pub fn starting_with(prefix: &str) -> Vec<Entry> {
    let key = prefix.replace('.', "").to_ascii_uppercase();
    let t = table();
    let from = t.codes.partition_point(|(c, _)| *c < key.as_str());
    let d = descriptions();
    let found: Vec<usize> = (from..t.codes.len())
        .take_while(|&i| t.codes[i].0.starts_with(key.as_str()))
        .collect();
    found
        .iter()
        .map(|&i| Entry {
            code: with_dot(t.codes[i].0),
            billable: t
                .codes
                .get(i + 1)
                .is_none_or(|(n, _)| !n.starts_with(t.codes[i].0)),
            description: &d.text[d.ends[i].0 as usize..d.ends[i].1 as usize],
        })
        .collect()
}

/// `M5416` as it is written, `M54.16`.
fn with_dot(code: &str) -> String {
    if code.len() > 3 {
        format!("{}.{}", &code[..3], &code[3..])
    } else {
        code.to_string()
    }
}

/// A billable code list as a message names it: all of a few, else the
/// first and last with how many.
pub fn list_billable(codes: &[String]) -> String {
    match codes {
        [] => String::new(),
        [a] => a.clone(),
        _ if codes.len() <= 6 => codes.join(", "),
        [first, .., last] => format!("{first} ... {last} ({} codes)", codes.len()),
    }
}

/// The code lines of the release (after its `#` lines), sorted by code.
fn body() -> &'static str {
    let mut at = 0;
    for line in DATA.split_inclusive('\n') {
        if !line.starts_with('#') {
            break;
        }
        at += line.len();
    }
    &DATA[at..]
}

/// Where the line of `key` starts in [`body`], by bisection over its bytes.
fn find_code(key: &str) -> Option<usize> {
    let text = body();
    let bytes = text.as_bytes();
    // The start of the first line at or after `pos`.
    let line_start = |pos: usize| -> usize {
        if pos == 0 {
            return 0;
        }
        bytes[pos - 1..]
            .iter()
            .position(|b| *b == b'\n')
            .map_or(bytes.len(), |i| pos + i)
    };
    let code_at = |start: usize| -> &str {
        let rest = &text[start..];
        rest.split(['\t', '\n']).next().unwrap_or("")
    };
    let (mut lo, mut hi) = (0usize, bytes.len());
    while lo < hi {
        let mid = line_start(lo + (hi - lo) / 2);
        if mid >= hi {
            // No line starts in the upper half: search below it.
            hi = lo + (hi - lo) / 2;
            continue;
        }
        match code_at(mid).cmp(key) {
            std::cmp::Ordering::Equal => return Some(mid),
            std::cmp::Ordering::Less => lo = line_start(mid + 1),
            std::cmp::Ordering::Greater => hi = mid,
        }
    }
    // The line at `lo`, if the loop stopped on it.
    (lo < bytes.len() && code_at(lo) == key).then_some(lo)
}

struct Table {
    /// Each code without its dot and its coded description, in code order.
    codes: Vec<(&'static str, &'static str)>,
    /// The 7th-character extension texts (`initial encounter`).
    exts: Vec<&'static str>,
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut codes = Vec::with_capacity(100_000);
        let mut exts = Vec::new();
        for line in DATA.lines() {
            if let Some(e) = line.strip_prefix("#ext\t") {
                exts.push(e);
            } else if !line.starts_with('#')
                && let Some((code, coding)) = line.split_once('\t')
            {
                codes.push((code, coding));
            }
        }
        Table { codes, exts }
    })
}

struct Descriptions {
    text: String,
    /// Where each code's description is in `text`, in the table's order.
    ends: Vec<(u32, u32)>,
}

/// Every description, decoded in one pass (each `f` line is coded against
/// the one before it, an `x` line against its parent).
fn descriptions() -> &'static Descriptions {
    static DESCRIPTIONS: OnceLock<Descriptions> = OnceLock::new();
    DESCRIPTIONS.get_or_init(|| {
        let t = table();
        let mut text = String::with_capacity(7_500_000);
        let mut ends: Vec<(u32, u32)> = Vec::with_capacity(t.codes.len());
        let mut prev = 0..0;
        for (i, (code, coding)) in t.codes.iter().enumerate() {
            let start = text.len();
            let mut rest = coding.chars();
            match rest.next() {
                Some('x') => {
                    let ext = rest
                        .next()
                        .and_then(|c| t.exts.get((c as usize).wrapping_sub(48)))
                        .copied()
                        .unwrap_or_default();
                    // The parent: the nearest earlier code this one starts with.
                    let parent = t.codes[..i]
                        .iter()
                        .rposition(|(p, _)| code.starts_with(p))
                        .map_or(0..0, |j| ends[j].0 as usize..ends[j].1 as usize);
                    let head = text[parent].to_string();
                    text.push_str(&head);
                    text.push_str(", ");
                    text.push_str(ext);
                }
                _ => {
                    let mut num = || -> usize {
                        match rest.next() {
                            Some('~') => {
                                let hi = rest.next().map_or(0, |c| c as usize - 35);
                                let lo = rest.next().map_or(0, |c| c as usize - 35);
                                hi * 90 + lo
                            }
                            Some(c) => (c as usize).saturating_sub(35),
                            None => 0,
                        }
                    };
                    let (p, s) = (num(), num());
                    let before = text[prev.clone()].to_string();
                    text.push_str(before.get(..p).unwrap_or_default());
                    text.push_str(rest.as_str());
                    text.push_str(
                        before
                            .get(before.len().saturating_sub(s)..)
                            .unwrap_or_default(),
                    );
                    prev = start..text.len();
                }
            }
            ends.push((start as u32, text.len() as u32));
        }
        Descriptions { text, ends }
    })
}

#[cfg(test)]
mod tests {

    #[test]
    fn the_search_in_the_text_finds_every_code_of_the_table_and_no_other() {
        for (code, _) in &table().codes {
            let at = find_code(code).unwrap_or_else(|| panic!("{code} not found"));
            assert!(body()[at..].starts_with(&format!("{code}\t")), "{code}");
        }
        for absent in ["", "A", "M5499", "ZZZ", "M54169", "0", "~"] {
            assert_eq!(find_code(absent), None, "{absent}");
        }
    }

    use super::*;

    #[test]
    fn the_release_says_what_the_issue_found() {
        assert_eq!(verdict("M54.99"), Verdict::Unknown);
        assert_eq!(verdict("M54.169"), Verdict::Unknown);
        assert_eq!(verdict("S13.4XXZ"), Verdict::Unknown);
        assert_eq!(verdict("QA0.0101"), Verdict::Billable);
        assert_eq!(verdict("M54.16"), Verdict::Billable);
        assert_eq!(verdict("I97.2"), Verdict::Billable);
        assert_eq!(
            verdict("M54.5"),
            Verdict::Category {
                billable: vec!["M54.50".into(), "M54.51".into(), "M54.59".into()]
            }
        );
        let Verdict::Category { billable } = verdict("M54.1") else {
            panic!("M54.1 is a category");
        };
        assert_eq!(list_billable(&billable), "M54.10 ... M54.18 (9 codes)");
        assert_eq!(verdict("m54.16"), Verdict::Malformed);
        assert_eq!(verdict("M5416"), Verdict::Malformed);
    }

    #[test]
    fn descriptions_are_the_official_ones() {
        assert_eq!(description("M54.16"), Some("Radiculopathy, lumbar region"));
        assert_eq!(description("M54.5"), Some("Low back pain"));
        assert_eq!(
            description("S13.4XXA"),
            Some("Sprain of ligaments of cervical spine, initial encounter")
        );
        assert_eq!(
            description("I97.2"),
            Some("Postmastectomy lymphedema syndrome")
        );
        assert_eq!(
            description("QA0.0101"),
            Some("SCN2A-related neurodevelopmental disorder")
        );
        assert_eq!(description("M54.99"), None);
    }

    #[test]
    fn the_table_is_sorted_and_every_line_read() {
        let t = table();
        assert!(t.codes.windows(2).all(|w| w[0].0 < w[1].0));
        let lines = DATA.lines().filter(|l| !l.starts_with('#')).count();
        assert_eq!(t.codes.len(), lines);
        let (all, billable) = counts();
        assert!(all > 90_000 && billable > 70_000, "{all} {billable}");
        assert!(release().starts_with("ICD-10-CM"), "{}", release());
        // Under 2 MiB, as the repository promises.
        assert!(DATA.len() < 2 * 1024 * 1024);
    }

    #[test]
    fn icd10_shapes() {
        for ok in [
            "M54.16", "M54.5", "S13.4XXA", "G56.00", "M72.2", "R60", "QA0.0101",
        ] {
            assert!(shaped(ok), "{ok}");
        }
        for bad in ["m54.16", "54.16", "M5", "M54.", "M54.12345", "M54-16", ""] {
            assert!(!shaped(bad), "{bad}");
        }
    }
}
