//! Page one of the report as every format prints it: the letter to the
//! prescriber, composed once from [`Report::letter`] and the outcomes, so
//! the text, Markdown, HTML and PDF letters say the same words.

use super::{Action, Report, long_date};
use crate::course::RxStatus;
use crate::outcomes::{Outcome, Progress, signed, unit_after};
use crate::vocab::measures::{Threshold, number};

/// The letter's parts in reading order.
pub struct LetterText {
    /// The practice's name, then its address lines and `Phone ... · Fax ...`.
    pub letterhead: Vec<String>,
    pub date: String,
    /// The addressee: name and credential, address lines, fax.
    pub to: Vec<String>,
    /// What the letter is and the period it covers: `Progress report:
    /// November 13 to November 23, 2026 (since my report of November 12)`.
    pub title: String,
    /// `Re: NAME, born DATE`, the diagnoses, and the prescription's state.
    pub re: Vec<String>,
    pub salutation: String,
    /// Measures that got worse, said before anything else: `Please note:
    /// ...`, one sentence a measure.
    pub alert: Option<String>,
    pub summary: String,
    /// Header and rows of the outcomes table; `None` when nothing is
    /// measured. Worse measures first.
    pub outcomes: Option<(Vec<&'static str>, Vec<Vec<String>>)>,
    /// How many of the first rows are worse (to be marked).
    pub worse_rows: usize,
    pub outcomes_note: String,
    /// Setbacks along the way (a relapse between prescriptions).
    pub setbacks: Option<String>,
    /// The written goals and the targets' count, side by side.
    pub goals: Vec<String>,
    pub compliance: String,
    /// The patient's own words at the latest visit of the period, on one line.
    pub patient_says: Option<String>,
    /// The home programme in force and how well it is followed, in a line.
    pub home_programme: Option<String>,
    pub assessment: Option<String>,
    /// What the letter asks.
    pub recommendation: String,
    /// A renewal's visits, frequency, weeks, dates and goals.
    pub renewal: Vec<String>,
    /// For the physician to sign and fax back, on every renewal request.
    pub reply: Option<Reply>,
    /// `Sincerely,`, then the lines under the signature line.
    pub closing: &'static str,
    pub signer: Vec<String>,
}

/// The physician's reply block.
pub struct Reply {
    pub heading: String,
    /// Each to tick: every format draws its box before it.
    pub choices: Vec<&'static str>,
    /// The lines to write on: signature and date, name.
    pub lines: Vec<&'static str>,
    /// The choices side by side on one row (page one is full), not one
    /// under another.
    pub one_row: bool,
}

pub const OUTCOME_HEADER: [&str; 5] = [
    "Measure",
    "Baseline → latest → target",
    "Change",
    "Past MCID?",
    "Status",
];

/// How much page one must give up to fit on its page: 0 says everything;
/// 1 keeps the note under the table to its sources; 2 also counts the
/// deviations rather than telling each (the appendix lists them); 3 also
/// shortens the quotations and the goals; 4 also points to the appendix for
/// the precautions a worse measure bears on, and to the goals above for a
/// renewal's; 5 also sets the reply's choices on one row, closer under the
/// signature; 6 also quotes the patient and the assessment in a line each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Fit(pub u8);

impl Fit {
    pub const MOST: Fit = Fit(6);
}

/// `continue`, `renew`, `discharge`, `refer`: as `--recommend` takes it.
pub fn action_word(a: Action) -> &'static str {
    match a {
        Action::Continue => "continue",
        Action::Renew => "renew",
        Action::Discharge => "discharge",
        Action::Refer => "refer",
    }
}

/// A name without its title and credential: `Dr. Harriet Quillfeather, MD`
/// is `Harriet Quillfeather`.
fn bare_name(name: &str) -> &str {
    let name = name.split(',').next().unwrap_or(name).trim();
    ["Dr. ", "Dr ", "dr. ", "Doctor "]
        .iter()
        .find_map(|t| name.strip_prefix(t))
        .unwrap_or(name)
        .trim()
}

/// The surname of a prescriber as written: the last word of the name
/// without title or credential.
pub fn surname(name: &str) -> String {
    bare_name(name)
        .split_whitespace()
        .last()
        .unwrap_or_default()
        .to_string()
}

/// Credentials a letter greets as "Dr.".
const DOCTORS: &[&str] = &[
    "MD", "DO", "DDS", "DMD", "DPM", "DC", "PHD", "OD", "ND", "DPT", "MBBS", "MBCHB",
];

/// `Dear Dr. Quillfeather:` for a doctor (by title or credential), else
/// `Dear Priya Raman:`.
pub fn salutation(name: &str, credential: Option<&str>) -> String {
    let in_name: Vec<String> = name
        .split(',')
        .skip(1)
        .map(|c| c.trim().replace('.', "").to_uppercase())
        .collect();
    let creds = credential
        .map(|c| c.replace('.', "").to_uppercase())
        .into_iter()
        .chain(in_name);
    let titled = name.trim_start().starts_with("Dr ") || name.trim_start().starts_with("Dr.");
    let doctor = titled
        || creds.into_iter().any(|c| {
            c.split(|ch: char| !ch.is_ascii_alphanumeric())
                .any(|w| DOCTORS.contains(&w))
        });
    let bare = bare_name(name);
    if doctor && !bare.is_empty() {
        format!("Dear Dr. {}:", surname(name))
    } else if bare.is_empty() {
        "Dear Doctor:".to_string()
    } else {
        format!("Dear {bare}:")
    }
}

/// A name with its credential once: `Rowan Ashgrove, LMT` whether the
/// credential is written in the name, beside it, or both.
pub(super) fn with_credential(name: &str, credential: Option<&str>) -> String {
    match credential.map(str::trim).filter(|c| !c.is_empty()) {
        Some(c)
            if !name
                .split(',')
                .skip(1)
                .any(|x| x.trim().eq_ignore_ascii_case(c)) =>
        {
            format!("{name}, {c}")
        }
        _ => name.to_string(),
    }
}

/// `in 11 days`, `today`, `11 days ago`.
fn days_words(days: i64) -> String {
    match days {
        0 => "today".into(),
        1 => "tomorrow".into(),
        -1 => "yesterday".into(),
        d if d > 0 => format!("in {d} days"),
        d => format!("{} days ago", -d),
    }
}

fn visits(n: u32) -> String {
    if n == 1 {
        "1 visit".into()
    } else {
        format!("{n} visits")
    }
}

/// The prescription's state in a line of page one's heading.
fn state_line(r: &Report) -> String {
    let l = &r.letter;
    let issued = long_date(r.prescription.issued);
    let used = l.visits_prescribed.saturating_sub(l.visits_left);
    let mut s = match (l.state, &l.closed) {
        (RxStatus::Closed, Some(c)) => format!(
            "Prescription of {issued}: discharged on {} ({}) after {used} of {}",
            long_date(c.date),
            c.reason.as_str().replace('-', " "),
            visits(l.visits_prescribed)
        ),
        (RxStatus::Expired, _) => format!(
            "Prescription of {issued}: expired on {} with {} of {} unused",
            long_date(l.expires),
            l.visits_left,
            visits(l.visits_prescribed)
        ),
        (RxStatus::Ended, _) => format!(
            "Prescription of {issued}: its weeks are over, with {} of {} unused; valid until {}",
            l.visits_left,
            visits(l.visits_prescribed),
            long_date(l.expires)
        ),
        (RxStatus::UsedUp, _) => format!(
            "Prescription of {issued}: all {} used; valid until {}",
            visits(l.visits_prescribed),
            long_date(l.expires)
        ),
        (RxStatus::Pending, _) => format!("Prescription of {issued}: not yet in force"),
        _ => {
            let mut s = format!(
                "Prescription of {issued}: {used} of {} used, {} left; ",
                visits(l.visits_prescribed),
                l.visits_left,
            );
            // The prescribed weeks, when they end before the expiry, are
            // what the course has left; an expiry the order did not give is
            // the practice's, and says so.
            match r
                .prescription
                .course
                .as_ref()
                .and_then(|c| Some((c.weeks, c.end?)))
            {
                Some((weeks, end)) if end < l.expires => s.push_str(&format!(
                    "the {} prescribed end on {} ({})",
                    if weeks == 1 {
                        "1 week".to_string()
                    } else {
                        format!("{weeks} weeks")
                    },
                    long_date(end),
                    days_words((end - l.date).num_days())
                )),
                _ => {
                    s.push_str(&format!(
                        "expires {} ({})",
                        long_date(l.expires),
                        days_words((l.expires - l.date).num_days())
                    ));
                    if r.prescription.expires_by_default.is_some() {
                        s.push_str(" by the practice's default, as the order gives no expiry");
                    }
                }
            }
            s
        }
    };
    if let Some(next) = &l.renewed_by {
        s.push_str(&format!("; renewed by prescription {next}"));
    }
    s.push('.');
    s
}

/// What the letter is: `Progress report`, `Progress report and renewal
/// request`, `Discharge summary`, or `Discharge summary and renewal
/// request` (a discharged course the therapist asks to renew).
pub fn kind_words(r: &Report) -> &'static str {
    let l = &r.letter;
    if l.state == RxStatus::Closed && l.recommendation.action == Action::Renew {
        "Discharge summary and renewal request"
    } else if l.state == RxStatus::Closed {
        "Discharge summary"
    } else if l.recommendation.action == Action::Renew {
        "Progress report and renewal request"
    } else {
        "Progress report"
    }
}

/// What the letter is, and the period it covers.
fn title(r: &Report) -> String {
    let l = &r.letter;
    let kind = kind_words(r);
    let p = &l.period;
    if let (RxStatus::Closed, Some(c)) = (l.state, &l.closed) {
        return format!(
            "{kind}: course of {}",
            super::build::span_words(p.course_start.min(c.date), c.date)
        );
    }
    let since = match p.last_report {
        Some(d) if r.since.is_none() => format!(
            " (since my report of {}; the course began {})",
            long_date(d),
            long_date(p.course_start)
        ),
        _ if p.from == p.course_start => " (the whole course; no earlier report recorded)".into(),
        _ => format!(" (the course began {})", long_date(p.course_start)),
    };
    format!(
        "{kind}: reporting period {}{since}",
        super::build::span_words(p.from.min(p.to), p.to)
    )
}

/// A measure that got worse, as page one's warning tells it.
fn alert(o: &Outcome, r: &Report, fit: Fit) -> Option<String> {
    let precaution = r.letter.precaution_measures.contains(&o.key);
    let latest = o.latest.as_ref()?;
    let unit = &o.unit;
    let mcid = match (o.mcid, o.mcid_kind) {
        (Some(m), Threshold::Mcid) => format!("MCID {}", number(m)),
        (Some(m), Threshold::DetectableChange) => format!("detectable change {}", number(m)),
        (None, _) => "no published MCID".into(),
    };
    let label = upper_first(&in_sentence(&o.label));
    let mut s = match (o.progress, &o.baseline, &o.best) {
        (Progress::Worse, Some(b), _) => format!(
            "{label} is worse: {} → {}{} since {} ({}; {mcid}).",
            number(b.value),
            number(latest.value),
            unit_after(unit),
            long_date(b.date),
            signed(latest.value - b.value, unit)
        ),
        (Progress::Relapsed, _, Some(best)) => format!(
            "{label} is worse again: {} on {}, {} now ({}; {mcid}).",
            number(best.value),
            long_date(best.date),
            number(latest.value),
            signed(latest.value - best.value, unit)
        ),
        _ => match &o.at_report {
            Some(at) if o.worse_since_report || precaution => format!(
                "{label} is worse since my report of {}: {} → {}{} ({}).",
                long_date(r.letter.period.last_report.unwrap_or(at.date)),
                number(at.value),
                number(latest.value),
                unit_after(unit),
                signed(latest.value - at.value, unit)
            ),
            _ if precaution => {
                let b = o.baseline.as_ref()?;
                format!(
                    "{label} has risen from {} to {}{} ({}).",
                    number(b.value),
                    number(latest.value),
                    unit_after(unit),
                    signed(latest.value - b.value, unit)
                )
            }
            _ => return None,
        },
    };
    if precaution && fit >= Fit(4) {
        s.push_str(
            " The precautions on file bear on it (they are in the appendix): please review.",
        );
    } else if precaution {
        let written = r
            .prescription
            .precautions
            .as_deref()
            .into_iter()
            .chain(r.patient.contraindications.iter().map(String::as_str))
            .map(|t| t.trim().trim_end_matches('.'))
            .collect::<Vec<_>>()
            .join("; ");
        s.push_str(&format!(
            " The precautions on file bear on it ({}): please review.",
            in_quotes(written.trim(), 140, ", continued in the appendix")
        ));
    }
    Some(s)
}

/// A measure's label as a sentence names it: a table's `Circumference,
/// left lower leg` is `the left lower leg circumference`; a label that
/// reads as a name already (`Pain (NPRS 0-10)`, `PSFS: Run 5 km`) stays.
pub fn in_sentence(label: &str) -> String {
    match label.split_once(", ") {
        Some((what, site))
            if !what.contains([' ', '(', ':']) && !site.contains(['(', ':', ',']) =>
        {
            format!("the {site} {}", what.to_lowercase())
        }
        _ => label.to_string(),
    }
}

fn upper_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Whether page one flags the outcome: worse, or any worsening of a
/// measure the precautions bear on.
fn is_flagged(o: &Outcome, r: &Report) -> bool {
    o.flagged() || (r.letter.precaution_measures.contains(&o.key) && super::build::any_worse(o))
}

/// A setback along the way that the status does not already tell: `ODI
/// rose from 18 (July 7) to 40 (August 21, 2026), between prescriptions,
/// and is 16 now.`
fn setbacks(r: &Report) -> Option<String> {
    // A prescription of the course issued between the two measurements.
    let between = |from: chrono::NaiveDate, to: chrono::NaiveDate| {
        r.course
            .as_ref()
            .is_some_and(|c| c.issued.iter().skip(1).any(|d| *d > from && *d <= to))
    };
    let each: Vec<String> = r
        .outcomes
        .iter()
        .filter(|o| !o.progress.is_worse())
        .filter_map(|o| {
            let worst = o.setbacks.iter().max_by(|a, b| {
                (a.to.value - a.from.value)
                    .abs()
                    .partial_cmp(&(b.to.value - b.from.value).abs())
                    .unwrap_or(std::cmp::Ordering::Equal)
            })?;
            let latest = o.latest.as_ref()?;
            let now = if latest.date == worst.to.date {
                String::new()
            } else {
                format!(", {} now", number(latest.value))
            };
            let where_ = if between(worst.from.date, worst.to.date) {
                ", between prescriptions"
            } else {
                ""
            };
            Some(format!(
                "{} {} ({}) → {} ({}){where_}{now}",
                o.label,
                number(worst.from.value),
                worst.from.date.format("%b %-d"),
                number(worst.to.value),
                worst.to.date.format("%b %-d, %Y"),
            ))
        })
        .take(3)
        .collect();
    (!each.is_empty()).then(|| format!("Setbacks along the way: {}.", each.join("; ")))
}

/// The sources of the thresholds the table uses, once each.
fn sources(r: &Report) -> String {
    let mut seen: Vec<String> = Vec::new();
    for o in &r.outcomes {
        let Some(src) = &o.mcid_source else { continue };
        let short = o.label.split(" (").next().unwrap_or(&o.label);
        let short = short.split(':').next().unwrap_or(short);
        let mut s = format!("{short}: {src}");
        if let Some(p) = o.mcid_percent {
            s.push_str(&format!(
                " (an improvement must reach {} points and {}%)",
                number(o.mcid.unwrap_or_default()),
                number(p)
            ));
        }
        if let Some(who) = &o.mcid_population {
            s.push_str(&format!(" (found in {who})"));
        }
        if !seen
            .iter()
            .any(|x| x.ends_with(src) || x.contains(src.as_str()))
        {
            seen.push(s);
        }
    }
    if seen.is_empty() {
        String::new()
    } else {
        format!(" Sources: {}.", seen.join("; "))
    }
}

/// The written goals and the measured targets' one count.
fn goals(r: &Report, fit: Fit) -> Vec<String> {
    let l = &r.letter;
    let targets: Vec<&Outcome> = r.outcomes.iter().filter(|o| o.target.is_some()).collect();
    let met = targets
        .iter()
        .filter(|o| o.progress == Progress::Met)
        .count();
    let mut out = Vec::new();
    if !l.goals.is_empty() {
        let each: Vec<String> = if l.goals.len() == 1 {
            vec![l.goals[0].trim().trim_end_matches('.').to_string()]
        } else {
            l.goals
                .iter()
                .enumerate()
                .map(|(i, g)| format!("({}) {}", i + 1, g.trim().trim_end_matches('.')))
                .collect()
        };
        let each = if fit >= Fit(3) {
            each.iter().map(|g| shortened(g, 90)).collect()
        } else {
            each
        };
        out.push(format!("Goals on the prescription: {}.", each.join("; ")));
    }
    if !targets.is_empty() {
        let open: Vec<String> = targets
            .iter()
            .filter(|o| o.progress != Progress::Met)
            .map(|o| {
                let now = o
                    .latest
                    .as_ref()
                    .or(o.baseline.as_ref())
                    .map_or("not measured".to_string(), |p| number(p.value));
                format!(
                    "{} {now} against {}{}",
                    o.label,
                    number(o.target.unwrap_or_default()),
                    unit_after(&o.unit)
                )
            })
            .collect();
        let mut s = format!("Measured targets: {met} of {} met", targets.len());
        if !open.is_empty() {
            s.push_str(&format!(" (not yet: {})", open.join("; ")));
        }
        s.push('.');
        out.push(s);
    }
    out
}

/// The request: what is asked, with why when mmx proposed it.
fn request(r: &Report, fit: Fit) -> (String, Vec<String>, Option<Reply>) {
    let l = &r.letter;
    let rec = &l.recommendation;
    let verb = if rec.proposed.is_some() {
        "I propose"
    } else {
        "I recommend"
    };
    let why = rec
        .proposed
        .as_ref()
        .map(|w| format!(", with {w}"))
        .unwrap_or_default();
    let more = |n: Option<u32>| n.map_or(String::new(), |n| format!(" for {} more", visits(n)));
    let mut s = match rec.action {
        Action::Continue => format!(
            "{verb} continuing care under the current prescription{}{why}.",
            more(rec.request_visits)
        ),
        Action::Renew => {
            format!("{verb} renewing the prescription{why}; please send a renewal if you agree.")
        }
        Action::Discharge if l.state == RxStatus::Closed => {
            let c = l.closed.as_ref();
            let note = c
                .and_then(|c| c.note.as_deref())
                .map(|n| format!(" {}", n.trim()))
                .unwrap_or_default();
            format!(
                "Care ended with discharge on {}{}.{note}{} No further visits are requested.",
                c.map_or_else(String::new, |c| long_date(c.date)),
                c.map_or_else(String::new, |c| format!(
                    " ({})",
                    c.reason.as_str().replace('-', " ")
                )),
                if note.is_empty() || note.ends_with('.') {
                    ""
                } else {
                    "."
                },
            )
        }
        Action::Discharge => format!("{verb} discharge from massage therapy{why}."),
        Action::Refer => format!("{verb} medical review before further massage therapy{why}."),
    };
    // A proposal already gave the visits left and the expiry as its reasons.
    if rec.action == Action::Continue
        && rec.proposed.is_none()
        && l.state == RxStatus::Active
        && l.visits_left > 0
    {
        s.push_str(&format!(
            " {} of the {} prescribed {} and it is valid until {}.",
            l.visits_left,
            l.visits_prescribed,
            if l.visits_left == 1 {
                "visit remains"
            } else {
                "visits remain"
            },
            long_date(l.expires)
        ));
    }
    if let Some(n) = &rec.note {
        s.push(' ');
        s.push_str(n.trim());
    }
    let Some(rn) = &rec.renewal else {
        return (s, Vec::new(), None);
    };
    let mut asked = format!("Requested: {}", visits(rn.visits));
    if let Some(f) = &rn.frequency {
        asked.push_str(&format!(" at {f}"));
    }
    if let Some(w) = rn.weeks {
        asked.push_str(&format!(" over {w} week{}", if w == 1 { "" } else { "s" }));
    }
    match rn.to {
        Some(to) => asked.push_str(&format!(", {}", super::build::span_words(rn.from, to))),
        None => asked.push_str(&format!(", from {}", long_date(rn.from))),
    }
    asked.push('.');
    let mut lines = vec![asked];
    if !rn.goals.is_empty() && fit >= Fit(4) {
        lines.push(
            "Goals for the period: the targets not yet met and the goals on the prescription, as above."
                .into(),
        );
    } else if !rn.goals.is_empty() {
        lines.push(format!(
            "Goals for the period: {}.",
            rn.goals
                .iter()
                .map(|g| g.trim().trim_end_matches('.').to_string())
                .collect::<Vec<_>>()
                .join("; ")
        ));
    }
    let fax = l
        .from
        .fax
        .as_ref()
        .map_or(String::new(), |f| format!(" and fax to {f}"));
    let reply = Reply {
        heading: format!("Physician's reply: please tick one, sign{fax}"),
        choices: vec![
            "Approved as requested",
            "Approved with changes: ______________________",
            "Declined",
        ],
        lines: vec!["Signature ______________________________   Date ______________"],
        one_row: fit >= Fit(5),
    };
    (s, lines, Some(reply))
}

pub fn compose(r: &Report) -> LetterText {
    compose_fit(r, Fit::default())
}

pub fn compose_fit(r: &Report, fit: Fit) -> LetterText {
    let l = &r.letter;
    let letterhead = block(
        l.from.practice.clone(),
        l.from.address.as_deref(),
        &[("Phone", &l.from.phone), ("Fax", &l.from.fax)],
    );
    let to = block(
        with_credential(&l.to.name, l.to.credential.as_deref()),
        l.to.address.as_deref(),
        &[("Fax", &l.to.fax), ("Phone", &l.to.phone)],
    );
    let mut re = vec![match l.birth_date {
        Some(b) => format!("Re: {}, born {}", l.patient, long_date(b)),
        None => format!("Re: {}", l.patient),
    }];
    if !l.diagnoses.is_empty() {
        let label = if l.diagnoses.len() == 1 {
            "Diagnosis"
        } else {
            "Diagnoses"
        };
        re.push(format!("{label}: {}", l.diagnoses.join("; ")));
    }
    re.extend(l.safety.clone());
    re.push(state_line(r));
    // Worse measures first, marked in their status.
    let mut order: Vec<&Outcome> = r.outcomes.iter().collect();
    order.sort_by_key(|o| !is_flagged(o, r));
    let worse_rows = order.iter().filter(|o| is_flagged(o, r)).count();
    let rows: Vec<Vec<String>> = order
        .iter()
        .map(|o| {
            let mut label = o.label.clone();
            if let Some(by) = o.target_by {
                label.push_str(&format!(" (target by {})", by.format("%b %-d, %Y")));
            }
            let mut status = o.status_words();
            if is_flagged(o, r) && !o.flagged() {
                status = format!("WORSE ({status})");
            }
            vec![
                label,
                format!("{}{}", o.path(), unit_after(&o.unit)),
                o.change_words(),
                o.mcid_words(),
                status,
            ]
        })
        .collect();
    // A measure the precautions bear on first.
    let mut flagged: Vec<&&Outcome> = order.iter().filter(|o| is_flagged(o, r)).collect();
    flagged.sort_by_key(|o| !r.letter.precaution_measures.contains(&o.key));
    let alerts: Vec<String> = flagged.iter().filter_map(|o| alert(o, r, fit)).collect();
    let first = r
        .outcomes
        .iter()
        .filter_map(|o| o.baseline.as_ref())
        .map(|p| p.date)
        .min();
    let mut outcomes_note = format!(
        "Baseline: the course's first measurement{}; latest: the most recent. MCID: minimal clinically important difference; MDC: minimal detectable change (beyond measurement error, not shown to matter); \"none published\": no published value to judge a change by.",
        first.map_or(String::new(), |d| format!(" (from {})", long_date(d)))
    );
    if fit >= Fit(1) {
        outcomes_note =
            "MCID: minimal clinically important difference; MDC: minimal detectable change.".into();
    }
    outcomes_note.push_str(&sources(r));
    let (recommendation, renewal, reply) = request(r, fit);
    let sig = &l.signature;
    let mut signer: Vec<String> = vec![match &sig.name {
        Some(n) => with_credential(n, sig.credential.as_deref()),
        None => "Treating therapist".to_string(),
    }];
    signer.extend(
        block(
            String::new(),
            None,
            &[("License", &sig.license), ("NPI", &sig.npi)],
        )
        .into_iter()
        .skip(1),
    );
    signer.push(l.from.practice.clone());
    LetterText {
        letterhead,
        date: long_date(l.date),
        to,
        title: title(r),
        re,
        salutation: salutation(&l.to.name, l.to.credential.as_deref()),
        alert: (!alerts.is_empty()).then(|| format!("Please note: {}", alerts.join(" "))),
        summary: match l.period.last_report.filter(|_| r.since.is_none()) {
            Some(d) => format!(
                "{} Since my report of {}, {}.",
                l.summary,
                long_date(d),
                period_visits(r)
            ),
            None => l.summary.clone(),
        },
        outcomes: (!rows.is_empty()).then(|| (OUTCOME_HEADER.to_vec(), rows)),
        worse_rows,
        outcomes_note,
        setbacks: setbacks(r),
        goals: goals(r, fit),
        compliance: if fit >= Fit(2) {
            l.compliance_short.clone()
        } else {
            l.compliance.clone()
        },
        patient_says: l.subjective.as_ref().map(|t| {
            // One line, however the words were typed.
            let t = t.split_whitespace().collect::<Vec<_>>().join(" ");
            let (max, pointer) = quote_room(fit, 240);
            let t = in_quotes(&t, max, pointer);
            match l.subjective_date {
                Some(d) => format!("The patient reports ({}): {t}", long_date(d)),
                None => format!("The patient reports: {t}"),
            }
        }),
        home_programme: l.home_programme.as_ref().map(|h| h.words.clone()),
        assessment: l.assessment.as_ref().map(|a| {
            let a = quoted(a.trim(), fit);
            match l.assessed {
                Some(d) => format!("Latest assessment ({}): {a}", long_date(d)),
                None => format!("Latest assessment: {a}"),
            }
        }),
        recommendation,
        renewal,
        reply,
        closing: "Sincerely,",
        signer,
    }
}

/// The visits of the reporting period: `2 visits were completed`, `no
/// visit was completed (1 missed without notice)`.
fn period_visits(r: &Report) -> String {
    let p = &r.letter.period;
    let n = p.visits;
    let mut s = match n {
        0 => "no visit was completed".to_string(),
        1 => "1 visit was completed".to_string(),
        n => format!("{n} visits were completed"),
    };
    let within = |d: chrono::NaiveDate| d >= p.from && d <= p.to;
    let count = |status: &str| {
        r.sessions
            .iter()
            .filter(|x| x.status == status && within(x.date))
            .count()
    };
    let mut missed = Vec::new();
    match count("cancelled") {
        0 => {}
        c => missed.push(format!("{c} cancelled")),
    }
    match count("no-show") {
        0 => {}
        c => missed.push(format!("{c} missed without notice")),
    }
    if !missed.is_empty() {
        s.push_str(&format!(" ({})", missed.join(", ")));
    }
    s
}

/// How much of the latest assessment page one quotes: the rest is in the
/// appendix, and the letter stays on its page.
const ASSESSMENT_CHARS: usize = 600;

/// How much of a quotation page one keeps when it must be one line: the
/// rest is in the appendix, which a shorter pointer names.
const ONE_LINE_QUOTE: usize = 48;

/// `text`, cut at a word before `max` characters with a pointer to the rest.
pub(super) fn shortened(text: &str, max: usize) -> String {
    shortened_with(text, max, "… (continued in the appendix)")
}

/// `text`, cut at a word before `max` characters, then `pointer`.
fn shortened_with(text: &str, max: usize, pointer: &str) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(a, _)| a);
    format!("{}{pointer}", cut.trim_end_matches([',', ';', ' ', '.']))
}

/// `text` in quotation marks, cut as [`shortened_with`] cuts it, with
/// `pointer` to the rest after the closing mark, never inside it.
fn in_quotes(text: &str, max: usize, pointer: &str) -> String {
    let cut = shortened_with(text, max, "…");
    if cut == text {
        format!("\"{text}\"")
    } else {
        format!("\"{cut}\"{pointer}")
    }
}

/// A quotation as page one keeps it: at [`Fit`] 6 on one line, with a
/// short pointer to the appendix.
fn quoted(text: &str, fit: Fit) -> String {
    let (max, pointer) = quote_room(fit, ASSESSMENT_CHARS);
    shortened_with(text, max, &format!("…{pointer}"))
}

/// How much of a quotation page one keeps at `fit` (`whole` while there is
/// room), and the pointer to the rest.
fn quote_room(fit: Fit, whole: usize) -> (usize, &'static str) {
    if fit >= Fit(6) {
        (ONE_LINE_QUOTE, " (see the appendix)")
    } else if fit >= Fit(3) {
        (160, " (continued in the appendix)")
    } else {
        (whole, " (continued in the appendix)")
    }
}

/// A name, its address lines, then the numbers given (`Phone 555-0190  ·
/// Fax 555-0191`) on one line.
fn block(name: String, address: Option<&str>, numbers: &[(&str, &Option<String>)]) -> Vec<String> {
    let mut out = vec![name];
    if let Some(a) = address {
        out.extend(a.lines().map(str::to_string));
    }
    let ids: Vec<String> = numbers
        .iter()
        .filter_map(|(k, v)| v.as_ref().map(|v| format!("{k} {v}")))
        .collect();
    if !ids.is_empty() {
        out.push(ids.join("  ·  "));
    }
    out
}

/// What the report says of the prescriptions it did not cover.
pub fn others_note(r: &Report) -> Option<String> {
    if r.other_prescriptions.is_empty() {
        return None;
    }
    let each: Vec<String> = r
        .other_prescriptions
        .iter()
        .map(|o| {
            format!(
                "{} (issued {}, {}, {} of {} visits)",
                o.id, o.issued, o.status, o.used, o.visits
            )
        })
        .collect();
    Some(format!(
        "This report covers prescription {}. Also on file: {}; pick one with --rx ID.",
        r.prescription.id,
        each.join(", ")
    ))
}

#[cfg(test)]
mod tests {
    use super::{in_quotes, in_sentence, salutation, shortened, surname, with_credential};

    #[test]
    fn a_measure_reads_in_a_sentence_as_its_site_and_name() {
        assert_eq!(
            in_sentence("Circumference, left lower leg"),
            "the left lower leg circumference"
        );
        assert_eq!(in_sentence("Grip, left hand"), "the left hand grip");
        for stays in [
            "Pain (NPRS 0-10)",
            "PSFS: Run 5 km",
            "Left shoulder flexion (ROM)",
            "Neck Disability Index (NDI)",
        ] {
            assert_eq!(in_sentence(stays), stays);
        }
    }

    #[test]
    fn a_physician_is_greeted_by_title_and_surname_and_others_by_name() {
        assert_eq!(
            salutation("Dr. Harriet Quillfeather, MD", None),
            "Dear Dr. Quillfeather:"
        );
        assert_eq!(salutation("Ada Vance", Some("MD")), "Dear Dr. Vance:");
        assert_eq!(
            salutation("Sunniva Okafor-Lindqvist, DDS", None),
            "Dear Dr. Okafor-Lindqvist:"
        );
        assert_eq!(salutation("Priya Raman", Some("NP")), "Dear Priya Raman:");
        assert_eq!(salutation("Priya Raman, PA-C", None), "Dear Priya Raman:");
        assert_eq!(surname("Dr. Ignatius Brackenridge, DO"), "Brackenridge");
        // The credential once, wherever it is written.
        assert_eq!(
            with_credential("Rowan Ashgrove, LMT", Some("LMT")),
            "Rowan Ashgrove, LMT"
        );
        assert_eq!(
            with_credential("Ines Ortega", Some("LMT")),
            "Ines Ortega, LMT"
        );
    }

    #[test]
    fn a_long_assessment_is_cut_at_a_word_and_points_to_the_rest() {
        assert_eq!(shortened("Short and whole.", 600), "Short and whole.");
        let long = "Gains held. ".repeat(100);
        let cut = shortened(long.trim(), 40);
        assert_eq!(
            cut,
            "Gains held. Gains held. Gains held… (continued in the appendix)"
        );
        assert!(cut.chars().count() < 80);
    }

    #[test]
    fn a_cut_quotation_closes_its_marks_before_the_pointer() {
        assert_eq!(
            in_quotes("Stiff in the morning.", 40, " (see the appendix)"),
            "\"Stiff in the morning.\""
        );
        let long = "Gains held. ".repeat(10);
        assert_eq!(
            in_quotes(long.trim(), 40, ", continued in the appendix"),
            "\"Gains held. Gains held. Gains held…\", continued in the appendix"
        );
    }
}
