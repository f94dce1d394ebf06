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

use crate::check::home_care;
use crate::check::rules::Context;
use crate::diag::{Code, Diagnostic, Severity};
use crate::model::{
    Clearance, Consent, ConsentPer, ConsentRule, ConsentScope, Excuse, Patient, Rules, Screening,
    Session,
};
use crate::practice::folder::ORDERS_DIR;
use crate::records::{Kept, Loaded, PatientFolder};
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
    documents(patient, folder, &mut found.patient);
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
    // The completed sessions a screening warning is about, by the latest
    // screening they rest on (none, or one out of date): said once for each
    // ([`Unscreened`]).
    let mut unscreened: BTreeMap<Option<usize>, Vec<usize>> = BTreeMap::new();
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
        if let Some(d) = check.screening(None) {
            // An error is each session's; so is a finding an override of the
            // session names. A warning is one per screening it is about.
            let excused = d
                .override_key()
                .is_some_and(|k| matches!(s.rec.excuse(&k), Some(Excuse::Named(_))));
            if d.severity == Severity::Error || excused {
                out.push(d);
            } else {
                unscreened
                    .entry(next_screening.checked_sub(1))
                    .or_default()
                    .push(i);
            }
        }
        check.health_change(out);
        check.clearances(&state, i, out);
        check.avoided(&state, out);
        if cx.rules.sensitive_consent != ConsentRule::Off {
            check.consents(&state, out);
        }
    }
    for (screening, group) in unscreened {
        // Located at the session being entered when it is one of them (so
        // `session add` says it), else at the first.
        let at = group
            .iter()
            .copied()
            .find(|&i| cx.entering == Some(folder.sessions[i].file.as_str()))
            .unwrap_or(group[0]);
        let check = Visit {
            s: &folder.sessions[at],
            patient: p,
            latest: screening.map(|k| screenings[k]),
            cx,
        };
        let day = |i: usize| folder.sessions[i].rec.date;
        let covers = Unscreened {
            sessions: group.len(),
            first: day(group[0]),
            last: day(group[group.len() - 1]),
        };
        // Said of several sessions, it is no one session's to excuse (nor a
        // deviation a letter lists): the way past it is the screening.
        let mut d = check.screening(Some(&covers));
        if let Some(d) = &mut d {
            d.subject = None;
        }
        found.sessions[at].extend(d);
    }
    found
}

/// The completed sessions one screening warning is about: how many, and the
/// first and last day.
struct Unscreened {
    sessions: usize,
    first: NaiveDate,
    last: NaiveDate,
}

impl Unscreened {
    /// `; 4 completed sessions, from 2026-09-20 to 2026-11-04, have none`,
    /// or nothing for one session.
    fn words(&self, what: &str) -> String {
        if self.sessions < 2 {
            return String::new();
        }
        format!(
            "; {} completed sessions, from {} to {}, {what}",
            self.sessions, self.first, self.last
        )
    }
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

/// The letter a clearance keeps on file is in the patient's `orders/` with
/// the bytes it had when recorded, as a prescription's order is
/// ([`PatientFolder::kept`]). The name is not said: written by hand, it may
/// be a person's.
fn documents(p: &Loaded<Patient>, folder: &PatientFolder, out: &mut Vec<Diagnostic>) {
    let orders = format!("patients/{}/{ORDERS_DIR}/", folder.id);
    for (i, c) in p.rec.clearances.iter().enumerate() {
        let (Some(name), Some(sha256)) = (&c.document, &c.sha256) else {
            continue;
        };
        let which = format!("the doctor's clearance of {} (`clearances.{i}`)", c.date);
        let (code, key, message, hint) = match folder.kept(name, sha256) {
            Kept::Same => continue,
            Kept::Missing => (
                Code::ClearanceDocumentMissing,
                "document",
                format!(
                    "the letter {which} rests on is not on file: {orders} does not hold its `document`"
                ),
                format!(
                    "put the file back (from a backup, or `git checkout -- {orders}`), or record the clearance again with the letter: `mmx patient clear {} --flag FLAG --by NAME --document FILE`",
                    folder.id
                ),
            ),
            Kept::Changed => (
                Code::ClearanceDocumentChanged,
                "sha256",
                format!(
                    "the letter {which} rests on has changed since it was recorded: its file in {orders} no longer has the SHA-256 written in `sha256`"
                ),
                format!(
                    "a kept letter is never edited: restore the original (`git log -- {orders}` shows its history); a new letter from the doctor is a new clearance: `mmx patient clear {} --flag FLAG --by NAME --document FILE`",
                    folder.id
                ),
            ),
        };
        let key = format!("clearances.{i}.{key}");
        out.push(p.diag(code, &key, message).field(key).hint(hint));
    }
}

/// What is in force on the day the sweep has reached.
struct State<'a> {
    clearances: Sweep<'a, Clearance>,
    /// Clearances in force, by the red flag they cover: how many were
    /// given on each day (a change of health told on a day needs one given
    /// on or after it).
    cleared: HashMap<&'a str, BTreeMap<NaiveDate, usize>>,
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
                let by_day = cleared.entry(f.as_str()).or_default();
                if on {
                    *by_day.entry(c.date).or_default() += 1;
                } else if let Some(n) = by_day.get_mut(&c.date) {
                    *n -= 1;
                    if *n == 0 {
                        by_day.remove(&c.date);
                    }
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

    /// How to record a screening for this patient, to cover sessions from
    /// `from` on.
    fn screen_hint(&self, from: NaiveDate) -> String {
        format!(
            "record the patient's health screening: `mmx patient screen {} --flag FLAG...` (or `--none` when the patient reports no red flag), with `--date` the day it was taken, on or before {from}",
            self.patient.id
        )
    }

    /// The session's screening finding, if it is not covered by a current
    /// screening: an error where the practice requires screenings, else a
    /// warning. `covers`: the sessions a warning is about, when it is said
    /// once for several.
    fn screening(&self, covers: Option<&Unscreened>) -> Option<Diagnostic> {
        let required = self.rules().require_screening;
        let day = self.s.rec.date;
        let from = covers.map_or(day, |c| c.first);
        let mut d = match self.latest {
            None => self
                .s
                .diag(
                    Code::ScreeningMissing,
                    "date",
                    format!(
                        "session on {day}: patient `{}` has no health screening on file on or before it{}",
                        self.patient.id,
                        covers.map_or_else(String::new, |c| c.words("have none"))
                    ),
                )
                .subject("none"),
            Some(latest) => {
                let age = (day - latest.date).num_days();
                let valid = i64::from(self.rules().screening_valid_days);
                if age <= valid {
                    return None;
                }
                self.s
                    .diag(
                        Code::ScreeningExpired,
                        "date",
                        format!(
                            "session on {day}: the latest health screening, of {}, is {age} days old; `[rules] screening_valid_days` is {valid}{}",
                            latest.date,
                            covers.map_or_else(String::new, |c| c.words("rest on it"))
                        ),
                    )
                    .subject(latest.date.to_string())
            }
        }
        .hint(self.screen_hint(from));
        d.severity = if required {
            Severity::Error
        } else {
            Severity::Warning
        };
        Some(d)
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
        // In force: the latest screening's flags, and a change told since,
        // with the day it was told: a clearance given before a change (a
        // surgery since the last one cleared) does not cover it.
        let mut in_force: BTreeMap<&str, (String, Option<NaiveDate>)> = BTreeMap::new();
        if let Some(l) = self.latest {
            for f in l.red_flags() {
                in_force.insert(f, (format!("at the screening of {}", l.date), None));
            }
        }
        for (f, (day, i)) in &state.raised {
            if self.latest.is_none_or(|l| *day >= l.date) {
                let told = if *i == at {
                    "at this visit".to_string()
                } else {
                    format!("as a change of health on {day}")
                };
                in_force.insert(f.as_str(), (told, Some(*day)));
            }
        }
        for (flag, (told, since)) in in_force {
            let given = state.cleared.get(flag);
            let cleared = given.is_some_and(|by_day| match since {
                None => !by_day.is_empty(),
                Some(day) => by_day.range(day..).next().is_some(),
            });
            if !needs_clearance(flag) || cleared {
                continue;
            }
            // A clearance in force that was given before the change.
            let before = given
                .and_then(|by_day| by_day.keys().next_back())
                .map_or_else(String::new, |d| {
                    format!(" given on or after it (the clearance of {d} came before it)")
                });
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
                            "session on {}: red flag `{flag}` ({}), reported {told}, has no doctor's clearance in force{before}",
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

    /// The clearance in force that says to avoid `region` (or a part of
    /// it), and the region as the clearance names it.
    fn avoiding<'c>(&'c self, state: &State<'_>, region: &str) -> Option<(&'c Clearance, &'c str)> {
        let vocab = self.cx.vocab;
        let touched = vocab.expand(region);
        let c = touched
            .iter()
            .find_map(|a| state.avoid.get(a).and_then(|by| by.first()))
            .map(|&c| &self.patient.clearances[c])?;
        let avoided = c
            .avoid_regions
            .iter()
            .find(|a| !vocab.expand(a).is_disjoint(&touched))
            .map_or("", String::as_str);
        Some((c, avoided))
    }

    /// A region a clearance in force says to avoid is not treated.
    fn avoided(&self, state: &State<'_>, out: &mut Vec<Diagnostic>) {
        if state.avoid.values().all(BTreeSet::is_empty) {
            return;
        }
        let vocab = self.cx.vocab;
        for (i, region) in self.s.rec.regions.iter().enumerate() {
            let Some((c, avoided)) = self.avoiding(state, region) else {
                continue;
            };
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
        // The home programme given at the visit, likewise.
        for (i, item) in self.s.rec.home_care.iter().enumerate() {
            let Some((c, avoided)) = self.avoiding(state, &item.region) else {
                continue;
            };
            let who = format!("the doctor's clearance of {}", c.date);
            out.push(
                home_care::avoided_item(self.s, i, (&who, avoided), vocab)
                    .hint(home_care::leave_out(&who, avoided, " while it is in force")),
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

#[cfg(test)]
mod tests;
