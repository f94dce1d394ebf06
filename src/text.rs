//! Small text helpers every part of mmx shares: control characters made
//! harmless, and "did you mean" for a mistyped word.

pub fn similarity(input: &str, candidate: &str) -> f64 {
    if candidate.starts_with(input) && input.len() >= 3 {
        0.95
    } else {
        strsim::jaro_winkler(input, candidate)
    }
}

/// The closest candidate to `input` by edit distance, if it is close enough to
/// be a plausible typo (or `input` is a prefix of it).
pub fn closest<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    // No term is this long: the text is not a typo of one, and comparing it
    // with every term would cost its length times theirs.
    if input.len() > 64 {
        return None;
    }
    let mut best: Option<(f64, &str)> = None;
    for c in candidates {
        let score = similarity(input, c);
        if best.is_none_or(|(s, _)| score > s) {
            best = Some((score, c));
        }
    }
    best.filter(|(s, _)| *s >= 0.8).map(|(_, c)| c.to_string())
}

/// Text as a terminal, a pipe or cron mail may show it: control characters
/// (other than tab and line breaks), DEL and C1 codes become `\u{FFFD}`,
/// so nothing in a record can move a cursor, ring a bell or retitle a window.
pub fn clean(s: &str) -> std::borrow::Cow<'_, str> {
    cleaned(s, true)
}

/// [`clean`] for a text that must stay on one line (a file name in a
/// `-->` line): line breaks go too.
pub fn clean_line(s: &str) -> std::borrow::Cow<'_, str> {
    cleaned(s, false)
}

fn cleaned(s: &str, breaks: bool) -> std::borrow::Cow<'_, str> {
    let bad = |c: char| c.is_control() && !(c == '\t' || (breaks && c == '\n'));
    if s.chars().any(bad) {
        std::borrow::Cow::Owned(
            s.chars()
                .map(|c| if bad(c) { '\u{FFFD}' } else { c })
                .collect(),
        )
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}
