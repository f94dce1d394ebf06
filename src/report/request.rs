//! What the letter asks of the prescriber: the therapist's `--recommend`,
//! checked against the course's state, or, without one, a request proposed
//! from that state (visits left, expiry, targets met, a measure worse where
//! the precautions warn); a renewal with its visits, frequency, weeks, dates
//! and goals.

use crate::outcomes::unit_after;
use crate::vocab::measures::Better;
use chrono::{Days, NaiveDate};

use super::{Action, Recommendation, Renewal};
use crate::course::RxStatus;
use crate::model::{Frequency, Prescription};
use crate::outcomes::{Outcome, Progress};
use crate::vocab::measures::number;

/// The course as the request is decided on.
pub struct Situation<'a> {
    pub rx: &'a Prescription,
    pub state: RxStatus,
    pub today: NaiveDate,
    pub expires: NaiveDate,
    /// The last day a visit may be: the expiry, or the end of the
    /// prescribed weeks when that comes first.
    pub last_day: NaiveDate,
    pub visits_left: u32,
    pub outcomes: &'a [Outcome],
    /// A measure the precautions bear on that got worse, by its label.
    pub precaution_worse: Option<String>,
    /// `[alerts] within_days` and `visits_left`: when a renewal is due.
    pub within_days: i64,
    pub low_visits: u32,
}

impl Situation<'_> {
    fn targets(&self) -> (usize, usize) {
        let with: Vec<&Outcome> = self
            .outcomes
            .iter()
            .filter(|o| o.target.is_some())
            .collect();
        let met = with.iter().filter(|o| o.progress == Progress::Met).count();
        (met, with.len())
    }
    /// When the course's visits must end: `the prescription expiring on
    /// DATE` (or `valid until DATE`), or `the prescribed weeks ending on
    /// DATE` when they end first.
    fn ending_words(&self, expiring: &str) -> String {
        let day = super::long_date(self.last_day);
        if self.last_day < self.expires {
            format!("the prescribed weeks ending on {day}")
        } else {
            format!("the prescription {expiring} {day}")
        }
    }
    /// Why the course cannot go on as it is, if it cannot.
    fn ended(&self) -> Option<String> {
        let long = super::long_date;
        match self.state {
            RxStatus::Closed => self.rx.closed.as_ref().map(|c| {
                format!(
                    "prescription {} was discharged on {} ({})",
                    self.rx.id,
                    long(c.date),
                    c.reason.as_str().replace('-', " ")
                )
            }),
            RxStatus::Expired => Some(format!(
                "prescription {} expired on {}",
                self.rx.id,
                long(self.expires)
            )),
            RxStatus::UsedUp => Some(format!(
                "all {} visits of prescription {} are used",
                self.rx.visits, self.rx.id
            )),
            RxStatus::Ended => Some(format!(
                "the weeks of prescription {}'s course are over",
                self.rx.id
            )),
            RxStatus::Active | RxStatus::Pending => None,
        }
    }
}

/// The request the letter ends with: `asked` (from `--recommend`) as given,
/// refused when it asks to continue a course that cannot; else proposed
/// from the course's state, with the reason. A renewal is filled in.
pub fn decide(asked: Option<Recommendation>, s: &Situation<'_>) -> Result<Recommendation, String> {
    let mut rec = match asked {
        Some(rec) => {
            if rec.action == Action::Continue
                && let Some(why) = s.ended()
            {
                return Err(format!(
                    "--recommend continue: {why}, so care cannot continue under it; ask for a renewal (--recommend renew) or a discharge, or leave --recommend out for the request the course's state calls for"
                ));
            }
            rec
        }
        None => propose(s),
    };
    if rec.action == Action::Renew {
        rec.renewal = Some(renewal(s, rec.request_visits));
    }
    Ok(rec)
}

/// The request the course's state calls for, and why.
fn propose(s: &Situation<'_>) -> Recommendation {
    let (met, targets) = s.targets();
    let all_met = targets > 0 && met == targets;
    let days_left = (s.last_day - s.today).num_days();
    let ending = s.visits_left <= s.low_visits || days_left <= s.within_days;
    let mut why = Vec::new();
    // Each reason reads after "with": "with 1 visit left and ...".
    let action = if s.state == RxStatus::Closed {
        why.push("the course discharged".to_string());
        Action::Discharge
    } else if let Some(label) = &s.precaution_worse {
        why.push(format!(
            "{} worse, which the precautions on file bear on",
            lower_first(label)
        ));
        Action::Refer
    } else if all_met {
        why.push(targets_met(targets));
        Action::Discharge
    } else if s.state != RxStatus::Active && s.state != RxStatus::Pending || ending {
        match s.state {
            RxStatus::Expired => why.push(format!(
                "the prescription lapsed on {}",
                super::long_date(s.expires)
            )),
            RxStatus::UsedUp => why.push("every prescribed visit used".into()),
            RxStatus::Ended => why.push("the prescribed weeks over".into()),
            _ => {
                why.push(visits_left(s.visits_left));
                why.push(s.ending_words("expiring on"));
            }
        }
        if targets > 0 {
            why.push(targets_open(met, targets));
        }
        Action::Renew
    } else {
        why.push(visits_left(s.visits_left));
        why.push(s.ending_words("valid until"));
        if targets > 0 {
            why.push(targets_open(met, targets));
        }
        Action::Continue
    };
    Recommendation {
        action,
        request_visits: None,
        note: None,
        proposed: Some(join_and(&why)),
        renewal: None,
    }
}

/// Every target met, in words that agree with their number: `the target
/// met`, `both targets met`, `all 3 targets met`.
fn targets_met(targets: usize) -> String {
    match targets {
        1 => "the target met".into(),
        2 => "both targets met".into(),
        n => format!("all {n} targets met"),
    }
}

/// The targets not yet met, in words that agree with their number: `the
/// target not yet met`, `neither target yet met`, `1 of 3 targets not yet
/// met`.
fn targets_open(met: usize, targets: usize) -> String {
    match (targets - met, targets) {
        (1, 1) => "the target not yet met".into(),
        (2, 2) => "neither target yet met".into(),
        (open, n) if open == n => format!("none of the {n} targets yet met"),
        (open, n) => format!("{open} of {n} targets not yet met"),
    }
}

fn visits_left(n: u32) -> String {
    match n {
        0 => "no visit left".into(),
        1 => "1 visit left".into(),
        n => format!("{n} visits left"),
    }
}

/// What a renewal asks for: `visits` (else as many as this prescription
/// gave) at its frequency, the weeks that takes, from the day after this
/// one lapses (today if it has), toward the targets not met and the goals.
fn renewal(s: &Situation<'_>, visits: Option<u32>) -> Renewal {
    let rx = s.rx;
    let visits = visits.unwrap_or(rx.visits).max(1);
    // The weeks its schedule says, else those its rates take for the visits.
    let weeks = rx
        .frequency
        .as_ref()
        .and_then(|f| f.total_weeks().or_else(|| weeks_for(f, visits)));
    // Expiring soon: from the day after; else (visits running out, or
    // lapsed) from today, to take over when the last visit is used.
    let days_left = (s.last_day - s.today).num_days();
    let from = match s.state {
        RxStatus::Active | RxStatus::Pending if (0..=s.within_days).contains(&days_left) => s
            .last_day
            .checked_add_days(Days::new(1))
            .unwrap_or(s.last_day),
        _ => s.today,
    };
    let from = from.max(s.today);
    let to = weeks.and_then(|w| from.checked_add_days(Days::new(u64::from(w) * 7 - 1)));
    let mut goals: Vec<String> = s
        .outcomes
        .iter()
        .filter(|o| o.progress != Progress::Met)
        .filter_map(|o| {
            let t = o.target?;
            let (word, unit) = match o.better {
                Better::Higher => ("at least", &o.unit),
                Better::Lower => ("at most", &o.unit),
            };
            Some(format!(
                "{} {word} {}{}",
                o.label,
                number(t),
                unit_after(unit)
            ))
        })
        .collect();
    goals.extend(rx.goals.iter().cloned());
    Renewal {
        visits,
        frequency: rx.frequency.as_ref().map(|f| {
            // The rate of a one-phase schedule, without its length (the
            // renewal says its own weeks).
            let mut f = f.clone();
            if let [one] = f.phases.as_mut_slice() {
                one.weeks = None;
            }
            f.to_string()
        }),
        weeks,
        from,
        to,
        goals,
    }
}

/// The weeks a schedule takes for `visits`: each phase with its weeks in
/// turn, then the last at its rate until the visits are given (`1x/week
/// for 4 weeks, then 1x/2 weeks` takes 20 weeks for 12 visits); `None`
/// where a rate is one mmx does not count.
fn weeks_for(f: &Frequency, visits: u32) -> Option<u32> {
    let mut left = f64::from(visits);
    let mut weeks = 0;
    for phase in &f.phases {
        let per_week = phase.rate.per_week()?.max(0.01);
        let needed = (left / per_week - 1e-9).ceil().max(1.0) as u32;
        match phase.weeks {
            Some(w) if needed > w => {
                left -= per_week * f64::from(w);
                weeks += w;
            }
            _ => return Some(weeks + needed),
        }
    }
    Some(weeks)
}

/// `a`, `a and b`, `a, b and c`.
pub fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}
