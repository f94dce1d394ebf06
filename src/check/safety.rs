//! The safety rules, beside the prescription's: is each completed session
//! covered by a current health screening, a doctor's clearance for every
//! red flag that needs one (from the screening, or a change of health told
//! at a visit), the regions a clearance says to avoid, the check of health
//! at each visit, and a consent for every sensitive region it treats (and a
//! guardian's for a minor)? Findings are data, like every rule's; an
//! override excuses them by name, as it does a compliance finding.
//!
//! Time is linear in the sessions (after a sort) and in the entries of
//! `patient.toml`: the sessions are visited in date order while what is in
//! force (screening, clearances, consents) is kept up to date as it starts
//! and ends.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, BinaryHeap, HashMap};

use chrono::NaiveDate;

use crate::check::rules::Context;
use crate::diag::{Code, Diagnostic, Severity};
use crate::model::{
    Clearance, Consent, ConsentPer, ConsentRule, ConsentScope, Loaded, Patient, PatientFolder,
    Rules, Screening, Session,
};
use crate::vocab::Vocabulary;
use crate::vocab::flags::{self, needs_clearance};

/// The safety findings of one patient: those about `patient.toml` itself,
/// and those of each session, in the order of `folder.sessions` (for the
/// caller to excuse by the session's overrides, as it does its other
/// findings).
pub struct Found {
    pub patient: Vec<Diagnostic>,
    pub sessions: Vec<Vec<Diagnostic>>,
}

pub fn check_patient(folder: &PatientFolder, cx: &Context<'_>) -> Found {
    let mut found = Found {
        patient: Vec::new(),
        sessions: vec![Vec::new(); folder.sessions.len()],
    };
    let Some(patient) = &folder.patient else {
        return found;
    };
    dated_after_today(patient, cx.today, &mut found.patient);
    let p = &patient.rec;
    let mut order: Vec<usize> = (0..folder.sessions.len())
        .filter(|&i| !folder.sessions[i].rec.is_void())
        .collect();
    order.sort_by(|&a, &b| {
        let (a, b) = (&folder.sessions[a].rec, &folder.sessions[b].rec);
        (a.date, a.start, &a.id).cmp(&(b.date, b.start, &b.id))
    });
    let mut screenings: Vec<&Screening> = p.screenings.iter().collect();
    screenings.sort_by_key(|s| s.date);
    let mut state = State::new(p, cx);
    let mut next_screening = 0;
    let mut latest: Option<&Screening> = None;
    for &i in &order {
        let s = &folder.sessions[i];
        let day = s.rec.date;
        while next_screening < screenings.len() && screenings[next_screening].date <= day {
            latest = Some(screenings[next_screening]);
            next_screening += 1;
        }
        state.advance(day);
        // A change of health told at this visit counts from this visit on,
        // whatever the visit's status.
        for f in &s.rec.health_change_flags {
            state.raised.insert(f.clone(), (day, i));
        }
        if !s.rec.completed() {
            continue;
        }
        let out = &mut found.sessions[i];
        let check = Visit {
            s,
            patient: p,
            latest,
            cx,
        };
        check.screening(out);
        check.health_change(out);
        check.clearances(&state, i, out);
        check.avoided(&state, out);
        if cx.rules.sensitive_consent != ConsentRule::Off {
            check.consents(&state, out);
        }
    }
    found
}

/// A screening, clearance or consent dated after today: recorded before it
/// happened.
fn dated_after_today(p: &Loaded<Patient>, today: NaiveDate, out: &mut Vec<Diagnostic>) {
    let dates = p
        .rec
        .screenings
        .iter()
        .enumerate()
        .map(|(i, s)| ("screenings", i, s.date))
        .chain(
            p.rec
                .clearances
                .iter()
                .enumerate()
                .map(|(i, c)| ("clearances", i, c.date)),
        )
        .chain(
            p.rec
                .consents
                .iter()
                .enumerate()
                .map(|(i, c)| ("consents", i, c.date)),
        );
    for (table, i, date) in dates.filter(|(_, _, d)| *d > today) {
        let key = format!("{table}.{i}.date");
        out.push(
            p.diag(
                Code::InvalidValue,
                &key,
                format!("`{key}` is {date}, after today ({today})"),
            )
            .field(key)
            .hint("record it once it has happened, with the day it happened"),
        );
    }
}

/// What is in force on the day the sweep has reached.
struct State<'a> {
    clearances: Sweep<'a, Clearance>,
    /// Clearances in force, by the red flag they cover.
    cleared: HashMap<&'a str, usize>,
    /// The regions a clearance in force says to avoid, by atomic region:
    /// the clearances saying so.
    avoid: HashMap<String, BTreeSet<usize>>,
    /// Red flags told as a change of health, with the day and the session.
    raised: BTreeMap<String, (NaiveDate, usize)>,
    consents: Sweep<'a, Consent>,
    /// What the consents in force cover.
    cover: Cover,
    /// What the consents that last only their day cover, by day.
    on_day: HashMap<NaiveDate, Cover>,
    sensitive: BTreeSet<String>,
    rule: ConsentRule,
    vocab: &'a Vocabulary,
}

impl<'a> State<'a> {
    fn new(p: &'a Patient, cx: &Context<'a>) -> State<'a> {
        let rule = cx.rules.sensitive_consent;
        let sensitive = cx.vocab.coverage(&cx.rules.sensitive_regions);
        // A consent lasts its course (until withdrawn), or only its day: a
        // per-session one, and under a per-session rule every consent to
        // treat sensitive regions. A guardian's consent lasts its course
        // unless it says otherwise.
        let lasting = |c: &Consent| {
            c.per == ConsentPer::Course
                && (rule != ConsentRule::PerSession || c.scope == ConsentScope::Guardian)
        };
        let mut on_day: HashMap<NaiveDate, Cover> = HashMap::new();
        for c in p.consents.iter().filter(|c| !lasting(c)) {
            if c.withdrawn.is_none_or(|w| c.date < w) {
                on_day
                    .entry(c.date)
                    .or_default()
                    .add(c, cx.vocab, &sensitive, 1);
            }
        }
        State {
            clearances: Sweep::new(&p.clearances, |c| {
                Some((c.date, c.expires.and_then(|e| e.succ_opt())))
            }),
            cleared: HashMap::new(),
            avoid: HashMap::new(),
            raised: BTreeMap::new(),
            consents: Sweep::new(&p.consents, |c| lasting(c).then_some((c.date, c.withdrawn))),
            cover: Cover::default(),
            on_day,
            sensitive,
            rule,
            vocab: cx.vocab,
        }
    }

    /// Brings what is in force up to `day` (days never go back).
    fn advance(&mut self, day: NaiveDate) {
        let (cleared, avoid, vocab) = (&mut self.cleared, &mut self.avoid, self.vocab);
        self.clearances.advance(day, |i, c, on| {
            for f in &c.flags {
                let n = cleared.entry(f.as_str()).or_default();
                if on {
                    *n += 1;
                } else {
                    *n = n.saturating_sub(1);
                }
            }
            for atom in vocab.coverage(&c.avoid_regions) {
                let by = avoid.entry(atom).or_default();
                if on {
                    by.insert(i);
                } else {
                    by.remove(&i);
                }
            }
        });
        let (cover, sensitive) = (&mut self.cover, &self.sensitive);
        self.consents.advance(day, |_, c, on| {
            cover.add(c, vocab, sensitive, if on { 1 } else { -1 });
        });
    }
}

/// Entries of `patient.toml` in force from a day until (not including) an
/// end, met in date order.
struct Sweep<'a, T> {
    items: &'a [T],
    starts: Vec<(NaiveDate, usize)>,
    ends: Vec<Option<NaiveDate>>,
    next: usize,
    open: BinaryHeap<Reverse<(NaiveDate, usize)>>,
}

impl<'a, T> Sweep<'a, T> {
    fn new(items: &'a [T], span: impl Fn(&T) -> Option<(NaiveDate, Option<NaiveDate>)>) -> Self {
        let mut starts = Vec::new();
        let mut ends = vec![None; items.len()];
        for (i, item) in items.iter().enumerate() {
            if let Some((start, end)) = span(item) {
                if end.is_some_and(|e| e <= start) {
                    continue;
                }
                starts.push((start, i));
                ends[i] = end;
            }
        }
        starts.sort();
        Sweep {
            items,
            starts,
            ends,
            next: 0,
            open: BinaryHeap::new(),
        }
    }

    /// Starts every entry that has started by `day` and ends every entry
    /// that has ended, telling `f` (index, entry, started).
    fn advance(&mut self, day: NaiveDate, mut f: impl FnMut(usize, &'a T, bool)) {
        while let Some(&(start, i)) = self.starts.get(self.next)
            && start <= day
        {
            self.next += 1;
            f(i, &self.items[i], true);
            if let Some(end) = self.ends[i] {
                self.open.push(Reverse((end, i)));
            }
        }
        while let Some(&Reverse((end, i))) = self.open.peek()
            && end <= day
        {
            self.open.pop();
            f(i, &self.items[i], false);
        }
    }
}

/// What a set of consents covers: every sensitive region, some atomic
/// regions, a guardian's consent.
#[derive(Debug, Default)]
struct Cover {
    all: i64,
    atoms: HashMap<String, i64>,
    guardian: i64,
}

impl Cover {
    fn add(&mut self, c: &Consent, vocab: &Vocabulary, sensitive: &BTreeSet<String>, n: i64) {
        match c.scope {
            ConsentScope::Treatment => {}
            ConsentScope::Guardian => self.guardian += n,
            ConsentScope::Sensitive if c.regions.is_empty() => self.all += n,
            ConsentScope::Sensitive => {
                for atom in vocab.coverage(&c.regions) {
                    *self.atoms.entry(atom).or_default() += n;
                }
            }
            ConsentScope::Intraoral => {
                for atom in vocab.expand("intraoral") {
                    if sensitive.contains(&atom) || atom == "intraoral" {
                        *self.atoms.entry(atom).or_default() += n;
                    }
                }
            }
        }
    }

    fn covers(&self, atom: &str) -> bool {
        self.all > 0 || self.atoms.get(atom).is_some_and(|n| *n > 0)
    }
}

/// One completed session being checked.
struct Visit<'v> {
    s: &'v Loaded<Session>,
    patient: &'v Patient,
    latest: Option<&'v Screening>,
    cx: &'v Context<'v>,
}

impl Visit<'_> {
    fn rules(&self) -> &Rules {
        self.cx.rules
    }

    /// How to record a screening for this patient.
    fn screen_hint(&self) -> String {
        format!(
            "record the patient's health screening: `mmx patient screen {} --flag FLAG...` (or `--none` when the patient reports no red flag), dated on or before {}",
            self.patient.id, self.s.rec.date
        )
    }

    fn screening(&self, out: &mut Vec<Diagnostic>) {
        let required = self.rules().require_screening;
        let severity = if required == Some(true) {
            Severity::Error
        } else {
            Severity::Warning
        };
        let day = self.s.rec.date;
        match self.latest {
            None if required.is_some() => {
                let mut d = self
                    .s
                    .diag(
                        Code::ScreeningMissing,
                        "date",
                        format!(
                            "session on {day}: patient `{}` has no health screening on file on or before it",
                            self.patient.id
                        ),
                    )
                    .subject("none")
                    .hint(self.screen_hint());
                d.severity = severity;
                out.push(d);
            }
            None => {}
            Some(latest) => {
                let age = (day - latest.date).num_days();
                let valid = i64::from(self.rules().screening_valid_days);
                if age > valid {
                    let mut d = self
                        .s
                        .diag(
                            Code::ScreeningExpired,
                            "date",
                            format!(
                                "session on {day}: the latest health screening, of {}, is {age} days old; `[rules] screening_valid_days` is {valid}",
                                latest.date
                            ),
                        )
                        .subject(latest.date.to_string())
                        .hint(self.screen_hint());
                    d.severity = severity;
                    out.push(d);
                }
            }
        }
    }

    fn health_change(&self, out: &mut Vec<Diagnostic>) {
        let s = &self.s.rec;
        let asked = s.health_change.is_some()
            || !s.health_change_flags.is_empty()
            || self.latest.is_some_and(|l| l.date == s.date);
        if self.rules().ask_health_change && !asked {
            out.push(
                self.s
                    .diag(
                        Code::HealthChangeMissing,
                        "date",
                        format!(
                            "session on {}: no answer recorded to whether the patient's health changed since the last visit",
                            s.date
                        ),
                    )
                    .hint("ask at each visit and record the answer: `--health-change none` (or what changed, with `--health-change-flag FLAG` for a red flag) on `session add`; in a written session, `health_change = \"none\"`"),
            );
        }
    }

    /// Every red flag in force that needs a clearance has one in force.
    fn clearances(&self, state: &State<'_>, at: usize, out: &mut Vec<Diagnostic>) {
        let s = &self.s.rec;
        // In force: the latest screening's flags, and a change told since.
        let mut in_force: BTreeMap<&str, String> = BTreeMap::new();
        if let Some(l) = self.latest {
            for f in l.red_flags() {
                in_force.insert(f, format!("at the screening of {}", l.date));
            }
        }
        for (f, (day, i)) in &state.raised {
            if self.latest.is_none_or(|l| *day >= l.date) {
                let told = if *i == at {
                    "at this visit".to_string()
                } else {
                    format!("as a change of health on {day}")
                };
                in_force.insert(f.as_str(), told);
            }
        }
        for (flag, told) in in_force {
            if !needs_clearance(flag) || state.cleared.get(flag).is_some_and(|n| *n > 0) {
                continue;
            }
            let label = flags::flag_of(flag).map_or(flag, |f| f.label);
            let key = s
                .health_change_flags
                .iter()
                .position(|f| f == flag)
                .map_or_else(
                    || "date".to_string(),
                    |k| format!("health_change_flags.{k}"),
                );
            out.push(
                self.s
                    .diag(
                        Code::ClearanceMissing,
                        &key,
                        format!(
                            "session on {}: red flag `{flag}` ({}), reported {told}, has no doctor's clearance in force",
                            s.date,
                            label.to_lowercase()
                        ),
                    )
                    .subject(flag)
                    .hint(format!(
                        "record the doctor's clearance before treating: `mmx patient clear {} --flag {flag} --by NAME [--npi N] [--expires DATE] [--avoid-region R] [--document FILE]`",
                        self.patient.id
                    )),
            );
        }
    }

    /// A region a clearance in force says to avoid is not treated.
    fn avoided(&self, state: &State<'_>, out: &mut Vec<Diagnostic>) {
        if state.avoid.values().all(BTreeSet::is_empty) {
            return;
        }
        let vocab = self.cx.vocab;
        for (i, region) in self.s.rec.regions.iter().enumerate() {
            let treated = vocab.expand(region);
            let Some(c) = treated
                .iter()
                .find_map(|a| state.avoid.get(a).and_then(|by| by.first()))
                .map(|&c| &self.patient.clearances[c])
            else {
                continue;
            };
            let avoided = c
                .avoid_regions
                .iter()
                .find(|a| !vocab.expand(a).is_disjoint(&treated))
                .map_or("", String::as_str);
            let who = format!("the doctor's clearance of {}", c.date);
            out.push(
                self.s
                    .diag(
                        Code::AvoidedRegion,
                        &format!("regions.{i}"),
                        format!("session treats {region}; {who} says to avoid {avoided}"),
                    )
                    .subject(region.as_str())
                    .hint(format!(
                        "{who} lists {avoided} under `avoid_regions` while it is in force: leave it out of the session"
                    )),
            );
        }
    }

    /// Every sensitive region treated has a consent in force that covers
    /// it; a minor's visit has a guardian's.
    fn consents(&self, state: &State<'_>, out: &mut Vec<Diagnostic>) {
        let s = &self.s.rec;
        let vocab = self.cx.vocab;
        let mut own = Cover::default();
        for w in &s.consent {
            if let Some(scope) = ConsentScope::parse(w) {
                let given = Consent {
                    date: s.date,
                    scope,
                    regions: Vec::new(),
                    signed_by: String::new(),
                    per: ConsentPer::Session,
                    withdrawn: None,
                    note: None,
                };
                own.add(&given, vocab, &state.sensitive, 1);
            }
        }
        let today = state.on_day.get(&s.date);
        let covered = |atom: &str| {
            own.covers(atom) || state.cover.covers(atom) || today.is_some_and(|c| c.covers(atom))
        };
        let rule = state.rule.as_str();
        for (i, region) in s.regions.iter().enumerate() {
            let missing: Vec<String> = vocab
                .expand(region)
                .into_iter()
                .filter(|a| state.sensitive.contains(a) && !covered(a))
                .collect();
            if missing.is_empty() {
                continue;
            }
            let which = if missing.len() == 1 && missing[0] == *region {
                String::new()
            } else {
                format!(" (not covered: {})", missing.join(", "))
            };
            out.push(
                self.s
                    .diag(
                        Code::ConsentMissing,
                        &format!("regions.{i}"),
                        format!(
                            "session treats {region}, a sensitive region{which}, with no consent in force that covers it (`[rules] sensitive_consent = \"{rule}\"`)"
                        ),
                    )
                    .subject(region.as_str())
                    .hint(format!(
                        "record the patient's written consent: `mmx patient consent {} --scope sensitive --region {region} --signed-by NAME`, or for this visit alone `--consent sensitive` on `session add`",
                        self.patient.id
                    )),
            );
        }
        let minor = self
            .patient
            .birth_date
            .and_then(|b| s.date.years_since(b))
            .is_some_and(|age| age < 18);
        let guardian =
            own.guardian > 0 || state.cover.guardian > 0 || today.is_some_and(|c| c.guardian > 0);
        if minor && !guardian {
            out.push(
                self.s
                    .diag(
                        Code::ConsentMissing,
                        "date",
                        format!(
                            "session on {}: the patient is under 18 that day, and no parent's or guardian's consent is in force",
                            s.date
                        ),
                    )
                    .subject("guardian")
                    .hint(format!(
                        "record the guardian's written consent: `mmx patient consent {} --scope guardian --signed-by NAME`",
                        self.patient.id
                    )),
            );
        }
    }
}

/// The red flags in force for a patient on `day` (the latest screening's,
/// and those told as a change of health since), each with the day it was
/// reported; `None` when no screening is on file by then.
pub fn flags_on(folder: &PatientFolder, day: NaiveDate) -> Option<(NaiveDate, Vec<&str>)> {
    let p = &folder.patient.as_ref()?.rec;
    let latest = p
        .screenings
        .iter()
        .filter(|s| s.date <= day)
        .max_by_key(|s| s.date)?;
    let mut out: Vec<&str> = latest.red_flags().collect();
    for s in folder
        .sessions
        .iter()
        .filter(|s| !s.rec.is_void() && latest.date <= s.rec.date && s.rec.date <= day)
    {
        out.extend(s.rec.health_change_flags.iter().map(String::as_str));
    }
    out.sort_unstable();
    out.dedup();
    Some((latest.date, out))
}

/// The letter's line on safety: the red flags on file by `day` and the
/// clearances in force then, in one line; `None` when no screening is on
/// file.
pub fn letter_line(folder: &PatientFolder, day: NaiveDate) -> Option<String> {
    let (screened, found) = flags_on(folder, day)?;
    let p = &folder.patient.as_ref()?.rec;
    let labels: Vec<&str> = found
        .iter()
        .map(|f| flags::flag_of(f).map_or(*f, |r| r.label))
        .collect();
    let mut line = if labels.is_empty() {
        format!("Health screening of {screened}: no red flags reported.")
    } else {
        format!(
            "Red flags (health screening of {screened}): {}.",
            labels.join("; ")
        )
    };
    let cleared: Vec<String> = p
        .clearances
        .iter()
        .filter(|c| c.in_force(day))
        .map(|c| {
            let until = c
                .expires
                .map_or_else(String::new, |e| format!(", until {e}"));
            format!(
                "{} on {} for {} ({}{until})",
                c.by,
                c.date,
                c.flags.join(", "),
                c.scope_words()
            )
        })
        .collect();
    if !cleared.is_empty() {
        line.push_str(&format!(" Cleared by {}.", cleared.join("; ")));
    }
    Some(line)
}

/// A patient's health screening that is due again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct ScreeningDue {
    /// The latest screening; none on file.
    pub last: Option<NaiveDate>,
    /// The last day it is current.
    pub current_until: Option<NaiveDate>,
}

/// When a patient's screening is due again: `None` while it is current
/// beyond `within_days` from `today`. A patient with no screening at all is
/// due only where the practice requires screenings (else it is `check`'s
/// warning, not a daily alert).
pub fn screening_due(
    folder: &PatientFolder,
    rules: &Rules,
    today: NaiveDate,
    within_days: i64,
) -> Option<ScreeningDue> {
    let p = &folder.patient.as_ref()?.rec;
    let Some(last) = p.screenings.iter().map(|s| s.date).max() else {
        return (rules.require_screening == Some(true)).then_some(ScreeningDue {
            last: None,
            current_until: None,
        });
    };
    let current_until = last + chrono::Days::new(rules.screening_valid_days.into());
    ((current_until - today).num_days() <= within_days).then_some(ScreeningDue {
        last: Some(last),
        current_until: Some(current_until),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Prescriber, Prescription, Spans};

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn loaded<T>(file: &str, rec: T) -> Loaded<T> {
        Loaded {
            file: file.into(),
            rec,
            spans: Spans::default(),
        }
    }

    fn session(id: &str, date: &str, regions: &[&str]) -> Loaded<Session> {
        loaded(
            &format!("{id}.toml"),
            Session {
                id: id.into(),
                patient: "p".into(),
                prescription: "rx1".into(),
                date: d(date),
                minutes: Some(50),
                regions: regions.iter().map(|s| s.to_string()).collect(),
                techniques: vec!["swedish".into()],
                ..Default::default()
            },
        )
    }

    fn screening(date: &str, flags: &[&str]) -> Screening {
        Screening {
            date: d(date),
            by: None,
            flags: flags.iter().map(|s| s.to_string()).collect(),
            note: None,
        }
    }

    fn clearance(date: &str, flags: &[&str], expires: Option<&str>, avoid: &[&str]) -> Clearance {
        Clearance {
            date: d(date),
            by: "Dr. Test".into(),
            npi: None,
            flags: flags.iter().map(|s| s.to_string()).collect(),
            avoid_regions: avoid.iter().map(|s| s.to_string()).collect(),
            expires: expires.map(d),
            document: None,
            sha256: None,
            note: None,
        }
    }

    fn consent(date: &str, scope: ConsentScope, regions: &[&str]) -> Consent {
        Consent {
            date: d(date),
            scope,
            regions: regions.iter().map(|s| s.to_string()).collect(),
            signed_by: "Pat".into(),
            per: ConsentPer::Course,
            withdrawn: None,
            note: None,
        }
    }

    /// Codes and severities per session file, sorted.
    fn run(
        p: Patient,
        sessions: Vec<Loaded<Session>>,
        rules: Rules,
    ) -> Vec<(String, Code, Severity)> {
        let folder = PatientFolder {
            id: "p".into(),
            patient: Some(loaded("patient.toml", p)),
            prescriptions: vec![loaded(
                "rx.toml",
                Prescription {
                    id: "rx1".into(),
                    patient: "p".into(),
                    issued: d("2026-01-01"),
                    visits: 99,
                    prescriber: Prescriber::default(),
                    ..Default::default()
                },
            )],
            sessions,
            ..Default::default()
        };
        let vocab = Vocabulary::default();
        let cx = Context {
            rules: &rules,
            therapists: &[],
            vocab: &vocab,
            today: d("2026-12-31"),
        };
        let found = check_patient(&folder, &cx);
        let mut v: Vec<_> = found
            .patient
            .iter()
            .chain(found.sessions.iter().flatten())
            .map(|d| (d.file.clone(), d.code, d.severity))
            .collect();
        v.sort();
        v
    }

    fn patient() -> Patient {
        Patient {
            id: "p".into(),
            name: "P".into(),
            birth_date: Some(d("1980-01-01")),
            ..Default::default()
        }
    }

    #[test]
    fn a_practice_without_the_rules_sees_nothing_new() {
        let found = run(
            patient(),
            vec![session("s1", "2026-03-01", &["left-gluteal"])],
            Rules::default(),
        );
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn a_missing_or_stale_screening_is_a_warning_or_where_required_an_error() {
        let mut p = patient();
        p.screenings = vec![screening("2025-01-01", &["none"])];
        let sessions = || {
            vec![
                session("before", "2024-12-01", &["lumbar"]),
                session("fresh", "2025-06-01", &["lumbar"]),
                session("stale", "2026-03-01", &["lumbar"]),
            ]
        };
        let warn = Rules {
            require_screening: Some(false),
            ..Default::default()
        };
        assert_eq!(
            run(p.clone(), sessions(), warn),
            [
                (
                    "before.toml".into(),
                    Code::ScreeningMissing,
                    Severity::Warning
                ),
                (
                    "stale.toml".into(),
                    Code::ScreeningExpired,
                    Severity::Warning
                ),
            ]
        );
        let require = Rules {
            require_screening: Some(true),
            ..Default::default()
        };
        assert_eq!(
            run(p.clone(), sessions(), require),
            [
                (
                    "before.toml".into(),
                    Code::ScreeningMissing,
                    Severity::Error
                ),
                ("stale.toml".into(), Code::ScreeningExpired, Severity::Error),
            ]
        );
        // Unset: a screening on file that is out of date is still said.
        assert_eq!(
            run(p, sessions(), Rules::default()),
            [(
                "stale.toml".into(),
                Code::ScreeningExpired,
                Severity::Warning
            )]
        );
    }

    #[test]
    fn a_red_flag_needs_a_clearance_in_force_from_its_screening_on() {
        let mut p = patient();
        p.screenings = vec![screening("2026-02-01", &["dvt-history", "osteoporosis"])];
        p.clearances = vec![clearance(
            "2026-03-01",
            &["dvt-history"],
            Some("2026-03-31"),
            &[],
        )];
        let found = run(
            p,
            vec![
                session("early", "2026-01-15", &["lumbar"]),
                session("flagged", "2026-02-10", &["lumbar"]),
                session("cleared", "2026-03-31", &["lumbar"]),
                session("lapsed", "2026-04-01", &["lumbar"]),
            ],
            Rules::default(),
        );
        assert_eq!(
            found,
            [
                (
                    "flagged.toml".into(),
                    Code::ClearanceMissing,
                    Severity::Error
                ),
                (
                    "lapsed.toml".into(),
                    Code::ClearanceMissing,
                    Severity::Error
                ),
            ]
        );
    }

    #[test]
    fn a_new_screening_replaces_the_old_and_a_change_of_health_adds_to_it() {
        let mut p = patient();
        p.screenings = vec![
            screening("2026-01-01", &["pregnancy"]),
            screening("2026-02-01", &["none"]),
        ];
        let mut told = session("told", "2026-03-01", &["lumbar"]);
        told.rec.status = crate::model::Status::Cancelled;
        told.rec.health_change_flags = vec!["surgery-6mo".into()];
        let found = run(
            p,
            vec![
                session("pregnant", "2026-01-10", &["lumbar"]),
                session("clear", "2026-02-10", &["lumbar"]),
                told,
                session("after", "2026-03-05", &["lumbar"]),
            ],
            Rules::default(),
        );
        assert_eq!(
            found,
            [
                ("after.toml".into(), Code::ClearanceMissing, Severity::Error),
                (
                    "pregnant.toml".into(),
                    Code::ClearanceMissing,
                    Severity::Error
                ),
            ]
        );
    }

    #[test]
    fn a_restricted_clearance_avoids_its_regions_while_in_force() {
        let mut p = patient();
        p.screenings = vec![screening("2026-01-01", &["dvt-history"])];
        p.clearances = vec![clearance(
            "2026-01-01",
            &["dvt-history"],
            Some("2026-02-01"),
            &["bilateral-lower-leg"],
        )];
        let found = run(
            p,
            vec![
                session("calf", "2026-01-10", &["lumbar", "left-lower-extremity"]),
                session("later", "2026-02-02", &["left-lower-leg"]),
            ],
            Rules::default(),
        );
        assert_eq!(
            found,
            [
                ("calf.toml".into(), Code::AvoidedRegion, Severity::Error),
                ("later.toml".into(), Code::ClearanceMissing, Severity::Error),
            ]
        );
    }

    #[test]
    fn a_sensitive_region_needs_a_consent_in_force_and_a_minor_a_guardians() {
        let rules = Rules {
            sensitive_consent: ConsentRule::PerCourse,
            ..Default::default()
        };
        let mut p = patient();
        let mut withdrawn = consent("2026-01-01", ConsentScope::Sensitive, &["left-gluteal"]);
        withdrawn.withdrawn = Some(d("2026-03-01"));
        p.consents = vec![withdrawn];
        let mut own = session("own", "2026-03-05", &["right-gluteal"]);
        own.rec.consent = vec!["sensitive".into()];
        let found = run(
            p.clone(),
            vec![
                session("covered", "2026-02-01", &["left-gluteal", "lumbar"]),
                session("other-side", "2026-02-02", &["bilateral-gluteal"]),
                session("withdrawn", "2026-03-01", &["left-gluteal"]),
                own,
            ],
            rules.clone(),
        );
        assert_eq!(
            found,
            [
                (
                    "other-side.toml".into(),
                    Code::ConsentMissing,
                    Severity::Error
                ),
                (
                    "withdrawn.toml".into(),
                    Code::ConsentMissing,
                    Severity::Error
                ),
            ]
        );
        // Per session: the course's consent covers its own day only.
        let per_session = Rules {
            sensitive_consent: ConsentRule::PerSession,
            ..rules.clone()
        };
        assert_eq!(
            run(
                p,
                vec![
                    session("signed-day", "2026-01-01", &["left-gluteal"]),
                    session("next", "2026-01-08", &["left-gluteal"]),
                ],
                per_session
            ),
            [("next.toml".into(), Code::ConsentMissing, Severity::Error)]
        );
        let mut child = patient();
        child.birth_date = Some(d("2010-06-01"));
        let found = run(
            child.clone(),
            vec![
                session("minor", "2026-05-31", &["lumbar"]),
                session("adult", "2028-06-01", &["lumbar"]),
            ],
            rules.clone(),
        );
        assert_eq!(
            found,
            [("minor.toml".into(), Code::ConsentMissing, Severity::Error)]
        );
        child.consents = vec![consent("2026-01-01", ConsentScope::Guardian, &[])];
        assert!(
            run(
                child,
                vec![session("minor", "2026-05-31", &["lumbar"])],
                rules
            )
            .is_empty()
        );
    }

    #[test]
    fn the_health_check_is_asked_where_the_practice_says() {
        let rules = Rules {
            ask_health_change: true,
            ..Default::default()
        };
        let mut p = patient();
        p.screenings = vec![screening("2026-01-01", &["none"])];
        let mut answered = session("answered", "2026-01-08", &["lumbar"]);
        answered.rec.health_change = Some("none".into());
        let found = run(
            p,
            vec![
                session("screened-that-day", "2026-01-01", &["lumbar"]),
                answered,
                session("unasked", "2026-01-15", &["lumbar"]),
            ],
            rules,
        );
        assert_eq!(
            found,
            [(
                "unasked.toml".into(),
                Code::HealthChangeMissing,
                Severity::Warning
            )]
        );
    }
}
