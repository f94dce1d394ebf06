//! The appendix as sections of rows, once for every renderer, and the small
//! words the renderers share (a pain pair, a sparkline, "not recorded").

use super::*;
use crate::course::expiry_words;
use crate::diag::Diagnostic;
use crate::diag::Severity;
use crate::model;
use crate::outcomes;
use crate::vocab;
use crate::vocab::icd;
use crate::vocab::measures;

/// Pain 0-10 as a row of block characters, one per session.
pub fn sparkline(points: &[PainPoint]) -> String {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    points
        .iter()
        .map(|p| BARS[(usize::from(p.before.min(10)) * 7 + 5) / 10])
        .collect()
}

/// One section of the report as every human format shows it: a title,
/// `key: value` facts, an optional table and free paragraphs.
pub struct Section {
    pub title: &'static str,
    pub facts: Vec<(&'static str, String)>,
    pub table: Option<(Vec<&'static str>, Vec<Vec<String>>)>,
    pub paragraphs: Vec<String>,
}

impl Section {
    fn new(title: &'static str) -> Self {
        Section {
            title,
            facts: Vec::new(),
            table: None,
            paragraphs: Vec::new(),
        }
    }
    fn fact(&mut self, key: &'static str, value: impl Into<String>) -> &mut Self {
        self.facts.push((key, value.into()));
        self
    }
}

pub(super) fn list_or_none(items: &[String]) -> String {
    if items.is_empty() {
        "none recorded".into()
    } else {
        items.join(", ")
    }
}

/// A session's measurements in a table cell: `Left shoulder flexion (ROM) 130; NDI 18`.
pub(super) fn measures_cell(ms: &[model::Measurement], vocab: &vocab::Vocabulary) -> String {
    ms.iter()
        .filter_map(|m| {
            let def = vocab.measure(&m.key.measure)?;
            Some(format!(
                "{} {}{}",
                outcomes::label(&m.key, def, vocab),
                measures::number(m.value),
                outcomes::unit_after(&def.unit)
            ))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The appendix's sections in order, shared by the text, Markdown, HTML
/// and PDF renderers. `trend` is the pain trend as the format draws it.
pub fn outline(r: &Report, vocab: &vocab::Vocabulary, trend: Option<String>) -> Vec<Section> {
    let regions =
        |ids: &[String]| -> Vec<String> { ids.iter().map(|i| vocab.region_label(i)).collect() };
    let techniques =
        |ids: &[String]| -> Vec<String> { ids.iter().map(|i| vocab.technique_label(i)).collect() };
    let mut out = Vec::new();

    let mut head = Section::new("Patient");
    head.fact("Practice", &r.practice)
        .fact("Therapist", or_missing(r.therapist.as_ref()))
        .fact("Report date", r.date.to_string())
        .fact("Patient", &r.patient.name)
        .fact(
            "Age",
            match (r.patient.age, r.patient.birth_date) {
                (Some(a), Some(b)) => format!("{a} (born {b})"),
                _ => "not recorded".into(),
            },
        )
        .fact("Patient id", &r.patient.id);
    if let Some(since) = r.since {
        head.fact("Sessions since", since.to_string());
    }
    out.push(head);

    let rx = &r.prescription;
    let mut p = Section::new("Prescription");
    // Name and credential once, NPI and phone (the fax heads page one).
    let mut prescriber =
        super::letter::with_credential(&rx.prescriber.name, rx.prescriber.credential.as_deref());
    if let Some(npi) = &rx.prescriber.npi {
        prescriber.push_str(&format!(", NPI {npi}"));
    }
    if let Some(phone) = &rx.prescriber.phone {
        prescriber.push_str(&format!(", phone {phone}"));
    }

    let diagnoses: Vec<String> = rx
        .diagnoses
        .iter()
        .map(|d| {
            // The release's description; the prescriber's own words after it
            // when they say something else.
            let official = icd::description(&d.code);
            let mut line = match official.or(d.text.as_deref()) {
                Some(t) => format!("{} {t}", d.code),
                None => d.code.clone(),
            };
            if let (Some(_), Some(t)) = (official, &d.text)
                && Some(t.as_str()) != official
            {
                line.push_str(&format!(" (noted: {t})"));
            }
            line
        })
        .collect();
    p.fact("Prescription", &rx.id)
        .fact("Prescriber", prescriber)
        .fact("Issued", rx.issued.to_string())
        .fact(
            "Expires",
            match rx.expires_by_default {
                Some(days) => format!(
                    "{} ({}; the practice's default of {days} days, not the prescriber's)",
                    rx.expires,
                    expiry_words(rx.days_to_expiry)
                ),
                None => format!("{} ({})", rx.expires, expiry_words(rx.days_to_expiry)),
            },
        )
        .fact("Diagnoses", list_or_none(&diagnoses))
        .fact("Regions", regions(&rx.regions).join(", "))
        .fact("Techniques", techniques(&rx.techniques).join(", "))
        .fact("Frequency", or_missing(rx.frequency.as_ref()));
    if let Some(c) = &rx.course {
        p.fact("Course length", c.words());
    }
    if let Some(o) = &rx.order {
        p.fact(
            "Order on file",
            format!("{} (orders/{})", o.arrival_words(), o.file),
        );
    }
    p.fact("Minutes", or_missing(rx.minutes))
        .fact("Precautions", or_missing(rx.precautions.as_ref()));
    if !rx.avoid_regions.is_empty() || !rx.avoid_techniques.is_empty() {
        let mut avoid = regions(&rx.avoid_regions);
        avoid.extend(techniques(&rx.avoid_techniques));
        p.fact("Avoid", avoid.join(", "));
    }
    if let Some(course) = &r.course {
        p.fact(
            "Course",
            format!(
                "{} (renewals since {}: {} of {} visits completed)",
                course.prescriptions.join(" -> "),
                course.first_issued,
                course.visits_completed,
                course.visits_prescribed
            ),
        );
    }
    if let Some(c) = &rx.closed {
        let note = c
            .note
            .as_ref()
            .map(|n| format!(": {n}"))
            .unwrap_or_default();
        p.fact(
            "Closed",
            format!("{} ({}){note}", c.date, c.reason.as_str()),
        );
    }
    p.fact("Goals", list_or_none(&rx.goals)).fact(
        "Contraindications",
        list_or_none(&r.patient.contraindications),
    );
    if let Some(note) = letter::others_note(r) {
        p.fact("Other prescriptions", note);
    }
    out.push(p);

    let v = &r.visits;
    let mut visits = Section::new("Visits");
    visits
        .fact(
            "Completed",
            format!("{} of {} prescribed", v.completed, v.prescribed),
        )
        .fact("Remaining", v.remaining.to_string())
        .fact("Cancelled", v.cancelled.to_string())
        .fact("No-shows", v.no_show.to_string());
    if v.voided > 0 {
        visits.fact("Voided (recorded in error)", v.voided.to_string());
    }
    visits
        .fact("First visit", or_missing(v.first))
        .fact("Last visit", or_missing(v.last))
        .fact("Average minutes", or_missing(v.average_minutes))
        .fact(
            "Visits per week",
            match (v.per_week, v.prescribed_per_week, &rx.frequency) {
                // One visit is not yet a rate.
                (Some(_), p, f) if v.completed < 2 => match (p, f) {
                    (Some(p), Some(f)) => format!("none yet (one visit); {p} prescribed ({f})"),
                    (None, Some(f)) => format!("none yet (one visit); prescribed \"{f}\""),
                    _ => "none yet (one visit); no frequency prescribed".into(),
                },
                (Some(a), Some(p), Some(f)) => format!("{a} achieved, {p} prescribed ({f})"),
                (Some(a), None, Some(f)) => format!("{a} achieved; prescribed \"{f}\""),
                (Some(a), _, None) => format!("{a} achieved; no frequency prescribed"),
                (None, ..) => "no completed visits".into(),
            },
        );
    for ph in &v.phases {
        let until = match ph.to {
            Some(to) => format!("{} to {to}", ph.from),
            None => format!("from {}", ph.from),
        };
        let rate = match (ph.per_week, ph.prescribed_per_week) {
            (Some(a), Some(p)) => format!("{a} a week achieved, {p} prescribed"),
            (Some(a), None) => format!("{a} a week achieved; not counted"),
            (None, _) => "not reached".to_string(),
        };
        visits.fact(
            "Phase",
            format!(
                "{} ({}, {until}): {} completed; {rate}",
                ph.phase, ph.prescribed, ph.completed
            ),
        );
    }
    out.push(visits);

    let mut sessions = Section::new("Sessions");
    let several = r.course.is_some();
    let rows = r
        .sessions
        .iter()
        .map(|s| {
            let mut row = vec![
                s.date.to_string(),
                s.minutes.map_or("-".into(), |m| m.to_string()),
                if s.units.is_empty() {
                    "-".to_string()
                } else {
                    let units = s
                        .units
                        .iter()
                        .map(|l| format!("{} x{}", l.code, l.units))
                        .collect::<Vec<_>>()
                        .join(", ");
                    if s.billed_with.is_empty() {
                        units
                    } else {
                        format!("{units} (with Rx {})", s.billed_with.join(", "))
                    }
                },
                regions(&s.regions).join(", "),
                techniques(&s.techniques).join(", "),
                pain_pair(s.pain_before, s.pain_after),
                measures_cell(&s.measures, vocab),
                if s.overridden {
                    format!("{} (override)", s.status)
                } else {
                    s.status.to_string()
                },
            ];
            if s.is_void() {
                // The date and the id, that it was voided, and nothing of
                // what it recorded: the visit did not happen as written.
                row = vec![
                    s.date.to_string(),
                    "-".into(),
                    "-".into(),
                    format!("voided: session {} was entered in error", s.id),
                    String::new(),
                    "-".into(),
                    String::new(),
                    s.status.to_string(),
                ];
            }
            if several {
                row.push(s.prescription.clone());
            }
            row
        })
        .collect::<Vec<_>>();
    if rows.is_empty() {
        sessions
            .paragraphs
            .push("No sessions recorded for this prescription.".into());
    } else {
        let mut head = vec![
            "Date",
            "Min",
            "Units",
            "Regions",
            "Techniques",
            "Pain",
            "Measures",
            "Status",
        ];
        if several {
            head.push("Rx");
        }
        sessions.table = Some((head, rows));
        // The other prescriptions' visits are explained only where a day has some.
        let shared_day = r.sessions.iter().any(|s| !s.billed_with.is_empty());
        sessions.paragraphs.push(format!(
            "Units: service code and units per date of service, on the day's first visit: the CMS 8-minute rule over the day's timed minutes together{}; 97010 (hot or cold pack) is untimed, one unit. A dash means none.",
            if shared_day {
                ", the patient's visits under every prescription that day (\"with Rx\" names the others, whose visits the units include)"
            } else {
                ""
            }
        ));
    }
    out.push(sessions);

    let mut measures = Section::new("Measures");
    if r.measures.is_empty() {
        measures.paragraphs.push("No measurements recorded.".into());
    } else {
        let rows = r
            .measures
            .iter()
            .map(|m| {
                let values: Vec<String> = m
                    .points
                    .iter()
                    .map(|p| format!("{} {}", p.date.format("%m-%d"), measures::number(p.value)))
                    .collect();
                vec![
                    m.label.clone(),
                    measures::unit_word(&m.unit),
                    values.join(", "),
                ]
            })
            .collect();
        measures.table = Some((vec!["Measure", "Unit", "Date (month-day) and value"], rows));
    }
    out.push(measures);

    let pn = &r.pain;
    let mut pain = Section::new("Pain");
    pain.fact("First (before treatment)", or_missing(pn.first))
        .fact("Latest (before treatment)", or_missing(pn.last))
        .fact(
            "Change",
            match pn.change {
                Some(c) => format!("{c:+}"),
                None => "not enough pain scores recorded".into(),
            },
        )
        .fact("Average relief in a session", or_missing(pn.average_relief));
    if let Some(t) = trend {
        pain.fact("Trend", t);
    }
    out.push(pain);

    // What the patient does between visits: only where any is recorded.
    if !r.home_care.is_empty() {
        let mut home = Section::new("Home programme");
        let rows = r
            .home_care
            .iter()
            .map(|h| {
                let items: Vec<String> = h
                    .items
                    .iter()
                    .map(|i| super::home::item_words(i, vocab))
                    .collect();
                vec![
                    h.date.to_string(),
                    if items.is_empty() {
                        "no new programme".to_string()
                    } else {
                        items.join("; ")
                    },
                    h.adherence
                        .map_or("-".to_string(), |a| a.words().to_string()),
                ]
            })
            .collect();
        home.table = Some((vec!["Date", "Home programme given", "Adherence told"], rows));
        home.paragraphs.push(
            "A visit's programme is the whole programme from that visit on; the adherence told at a visit is how the programme before it was followed.".into(),
        );
        out.push(home);
    }

    let mut c = Section::new("Compliance");
    // Each deviation once: an overridden finding is shown by its override,
    // whose reason the letter quotes.
    let excused = |d: &Diagnostic| {
        d.code.is_compliance()
            && d.severity == Severity::Warning
            && r.overrides
                .iter()
                .any(|o| d.file.ends_with(&format!("/{}.toml", o.session)))
    };
    for d in r.findings.iter().filter(|d| !excused(d)) {
        c.paragraphs
            .push(format!("{}: {}", d.severity_word(), d.message));
    }
    for o in &r.overrides {
        // What the visit did outside the prescription, as page one words it.
        let what = r
            .letter
            .deviations
            .iter()
            .find(|d| d.session == o.session)
            .map_or_else(String::new, |d| format!(" (the session {})", d.words()));
        c.paragraphs.push(format!(
            "Override recorded {} for the visit of {}{what}: {}",
            o.date,
            r.sessions
                .iter()
                .find(|s| s.id == o.session)
                .map_or_else(|| o.session.clone(), |s| s.date.to_string()),
            o.reason
        ));
    }
    if c.paragraphs.is_empty() {
        c.paragraphs.push(r.letter.compliance.clone());
    }
    out.push(c);

    let mut soap = Section::new("Latest assessment and plan");
    if let (Some(t), Some(d)) = (&r.letter.subjective, r.letter.subjective_date) {
        soap.fact("Patient reports", format!("{d}: {}", t.trim()));
    }
    match &r.latest_soap {
        Some(s) => {
            soap.fact("Session", s.date.to_string())
                .fact("Assessment", or_missing(s.assessment.as_ref()))
                .fact("Plan", or_missing(s.plan.as_ref()));
        }
        None => soap
            .paragraphs
            .push("No assessment or plan recorded.".into()),
    }
    out.push(soap);
    out
}

pub fn or_missing<T: ToString>(v: Option<T>) -> String {
    v.map_or_else(|| "not recorded".to_string(), |v| v.to_string())
}

pub fn pain_pair(before: Option<u8>, after: Option<u8>) -> String {
    match (before, after) {
        (None, None) => "-".into(),
        (b, a) => format!(
            "{} → {}",
            b.map_or("-".into(), |v| v.to_string()),
            a.map_or("-".into(), |v| v.to_string())
        ),
    }
}
