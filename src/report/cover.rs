//! The fax cover sheet (`report --cover`): to whom, from whom, the date, how
//! many pages, what the fax is, and a confidentiality notice; composed once
//! for the PDF and the HTML.
//!
//! A fax cover is read by whoever stands at the receiving machine, so it
//! carries no more than routing needs: it names no patient (not even by
//! initials, which are drawn from a name) and says nothing clinical. The
//! letter behind it names the patient on its first line. This is the
//! conservative reading of HIPAA's minimum necessary standard (45 CFR
//! 164.502(b)) that fax cover policies follow.

use super::letter::{compose, kind_words};
use super::{Report, long_date};

/// The cover's parts in reading order.
pub struct Cover {
    /// The practice's name, then its address lines and `Phone ... · Fax ...`.
    pub letterhead: Vec<String>,
    /// `To`, `From`, `Date`, `Pages`, `Re`: each a value of one line or more.
    pub rows: Vec<(&'static str, Vec<String>)>,
    /// What the physician is asked to do with the fax, if anything.
    pub request: Option<String>,
    pub notice: String,
}

/// The heading a fax cover is known by.
pub const HEADING: &str = "FAX";

/// What the footer of the cover says instead of the patient.
pub const FOOTER: &str = "Fax cover sheet";

/// `3, this cover included`.
pub fn pages_words(pages: usize) -> String {
    format!("{pages}, this cover included")
}

/// The cover of a fax of `pages` pages, this cover included; `None` when
/// only the printer will know (an HTML page: the browser prints the count
/// at the top of the cover).
pub fn cover(r: &Report, pages: Option<usize>) -> Cover {
    let letter = compose(r);
    let l = &r.letter;
    let numbers = |fax: &Option<String>, phone: &Option<String>| -> Option<String> {
        let parts: Vec<String> = [("Fax", fax), ("Phone", phone)]
            .iter()
            .filter_map(|(k, v)| v.as_ref().map(|v| format!("{k} {v}")))
            .collect();
        (!parts.is_empty()).then(|| parts.join("  ·  "))
    };
    let to: Vec<String> = std::iter::once(letter.to[0].clone())
        .chain(numbers(&l.to.fax, &l.to.phone))
        .collect();
    let from: Vec<String> = std::iter::once(format!("{}, {}", letter.signer[0], l.from.practice))
        .chain(numbers(&l.from.fax, &l.from.phone))
        .collect();
    let pages = match pages {
        Some(n) => pages_words(n),
        None => "as printed at the top of this page, this cover included".to_string(),
    };
    let rows = vec![
        ("To", to),
        ("From", from),
        ("Date", vec![long_date(l.date)]),
        ("Pages", vec![pages]),
        (
            "Re",
            vec![format!(
                "{} (the patient is named on the next page)",
                kind_words(r)
            )],
        ),
    ];
    let back = l
        .from
        .fax
        .as_ref()
        .map_or(String::new(), |f| format!(" and fax it back to {f}"));
    let request = letter.reply.is_some().then(|| {
        format!(
            "Your reply is requested: please tick, sign and date the physician's reply on the next page{back}."
        )
    });
    let mut reach: Vec<String> = Vec::new();
    if let Some(p) = &l.from.phone {
        reach.push(format!("by telephone at {p}"));
    }
    if let Some(f) = &l.from.fax {
        reach.push(format!("by fax at {f}"));
    }
    let reach = if reach.is_empty() {
        String::new()
    } else {
        format!(" {}", reach.join(" or "))
    };
    let notice = format!(
        "CONFIDENTIALITY NOTICE: The pages that follow contain confidential health information, protected by federal and state law (including HIPAA, 45 CFR Parts 160 and 164). They are intended only for the recipient named above. If you are not the intended recipient, any review, use, disclosure, copying or distribution of them is prohibited. If you have received this fax in error, please notify {}{reach} at once and destroy every page.",
        l.from.practice
    );
    Cover {
        letterhead: letter.letterhead,
        rows,
        request,
        notice,
    }
}
