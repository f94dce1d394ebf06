//! A prescription's schedule (`frequency`): one rate, or phases one after
//! another (`1x/week for 4 weeks, then 1x/2 weeks for 8 weeks`). Read once,
//! here, for files and flags alike; the rules count visits by it
//! (`crate::check::rules`), the course takes its length from it
//! (`crate::course`).

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};
use serde::Serialize;

/// How often a prescription allows a visit: its phases, first to last. A
/// phase runs for its weeks, counted from the course's first visit; the
/// last phase runs on to the course's end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frequency {
    pub phases: Vec<Phase>,
}

/// One phase of a schedule: its rate, and for how many weeks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phase {
    pub rate: Rate,
    pub weeks: Option<u32>,
}

/// How many visits a phase allows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rate {
    /// At most `times` visits in each `every` calendar `per`s: `2x/week`,
    /// `1x/2 weeks`, `4x/month`.
    Counted { times: u32, every: u32, per: Per },
    /// A rate in words mmx keeps as written and does not count (`2-3x/week`,
    /// `every 2 weeks`, `as needed`): `check` warns that it is unchecked.
    AsWritten(String),
}

/// The calendar period a frequency counts visits in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Per {
    Day,
    Week,
    Month,
}

/// The most phases a schedule may have.
const MAX_PHASES: usize = 12;

impl Per {
    pub fn as_str(self) -> &'static str {
        match self {
            Per::Day => "day",
            Per::Week => "week",
            Per::Month => "month",
        }
    }

    fn parse(word: &str) -> Option<Per> {
        match word {
            "day" | "days" => Some(Per::Day),
            "week" | "weeks" => Some(Per::Week),
            "month" | "months" => Some(Per::Month),
            _ => None,
        }
    }

    /// The first day of the calendar period holding `date`.
    pub fn period_start(self, date: NaiveDate, week_starts: Weekday) -> NaiveDate {
        match self {
            Per::Day => date,
            Per::Week => {
                let back = (7 + date.weekday().num_days_from_monday()
                    - week_starts.num_days_from_monday())
                    % 7;
                date - Days::new(back.into())
            }
            Per::Month => date.with_day(1).unwrap_or(date),
        }
    }
}

impl Rate {
    /// One rate alone, without weeks or phases (`2x/day`, `1x/2 days`,
    /// `every other day`, `as needed`), in any letter case and spacing: how
    /// often a home programme's item is done ([`crate::model::HomeCare`]).
    pub fn read(text: &str) -> Option<Rate> {
        let rate = text
            .to_ascii_lowercase()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        counted(&rate).or_else(|| as_written(&rate))
    }

    /// Whether visits are counted against it.
    pub fn is_counted(&self) -> bool {
        matches!(self, Rate::Counted { .. })
    }

    /// Visits per week it asks for, for the report's comparison.
    pub fn per_week(&self) -> Option<f64> {
        let Rate::Counted { times, every, per } = self else {
            return None;
        };
        let n = f64::from(*times) / f64::from(*every);
        Some(match per {
            Per::Day => n * 7.0,
            Per::Week => n,
            Per::Month => n * 12.0 / 52.0,
        })
    }

    /// The first day of the period of this rate holding `date`, in a phase
    /// that starts on `phase_start`: a calendar day, week (from the
    /// practice's `week_starts`) or month; periods of several (`1x/2
    /// weeks`) are counted from the period holding the phase's first day.
    /// `None` for a rate that is not counted.
    pub fn period_start(
        &self,
        date: NaiveDate,
        phase_start: NaiveDate,
        week_starts: Weekday,
    ) -> Option<NaiveDate> {
        let Rate::Counted { every, per, .. } = *self else {
            return None;
        };
        let here = per.period_start(date, week_starts);
        if every <= 1 {
            return Some(here);
        }
        let first = per.period_start(phase_start, week_starts);
        Some(match per {
            Per::Day | Per::Week => {
                let span = i64::from(every) * if per == Per::Week { 7 } else { 1 };
                let back = (here - first).num_days().rem_euclid(span);
                here - Days::new(back as u64)
            }
            Per::Month => {
                let months = |d: NaiveDate| d.year() * 12 + d.month0() as i32;
                let back = (months(here) - months(first)).rem_euclid(every as i32);
                here.checked_sub_months(Months::new(back as u32))
                    .unwrap_or(here)
            }
        })
    }

    /// How a message names one period of it: `in the week starting
    /// 2026-01-12`, `in the 2 weeks starting 2026-02-09`, `on 2026-01-12`.
    pub fn period_words(&self, start: NaiveDate) -> String {
        match self {
            Rate::Counted {
                per: Per::Day,
                every: 1,
                ..
            } => format!("on {start}"),
            Rate::Counted { per, every: 1, .. } => {
                format!("in the {} starting {start}", per.as_str())
            }
            Rate::Counted { per, every, .. } => {
                format!("in the {every} {}s starting {start}", per.as_str())
            }
            Rate::AsWritten(_) => String::new(),
        }
    }
}

impl Frequency {
    /// What a frequency may say, for the messages that refuse one.
    pub const GRAMMAR: &str = "Nx/day, Nx/week or Nx/month (or Nx/K weeks: `1x/2 weeks`), optionally followed by `for W weeks`, in phases joined by `, then` (e.g. `2x/week`, `2x/week for 6 weeks`, `1x/week for 4 weeks, then 1x/2 weeks for 8 weeks`); `2-3x/week`, `every 2 weeks` and `as needed` are kept as written but not checked";

    /// One phase at `times` a `per`, for `weeks` if given.
    pub fn simple(times: u32, per: Per, weeks: Option<u32>) -> Frequency {
        Frequency {
            phases: vec![Phase {
                rate: Rate::Counted {
                    times,
                    every: 1,
                    per,
                },
                weeks,
            }],
        }
    }

    /// Reads a schedule: phases joined by `then` (`, then` or `; then`),
    /// each a rate with perhaps `for W weeks`, with any blanks around the
    /// parts and in any letter case. `None` for anything else.
    pub fn parse(text: &str) -> Option<Frequency> {
        Self::read(text).ok()
    }

    /// [`Frequency::parse`], saying what is wrong (in words that never quote
    /// the text, which may be a person's).
    pub fn read(text: &str) -> Result<Frequency, &'static str> {
        let lower = text.trim().to_ascii_lowercase();
        let words: Vec<&str> = lower
            .split(|c: char| c.is_whitespace() || c == ',' || c == ';')
            .filter(|w| !w.is_empty())
            .collect();
        let mut phases = Vec::new();
        for part in words.split(|w| *w == "then") {
            if phases.len() == MAX_PHASES {
                return Err("a schedule has at most 12 phases");
            }
            phases.push(phase(part).ok_or("a phase is not a rate mmx reads")?);
        }
        if phases.is_empty() {
            return Err("it is empty");
        }
        if phases[..phases.len() - 1].iter().any(|p| p.weeks.is_none()) {
            return Err("every phase but the last needs `for W weeks`, or the next never starts");
        }
        Ok(Frequency { phases })
    }

    /// The weeks of every phase together, when each has a length: the
    /// course's length when the prescription gives none of its own.
    pub fn total_weeks(&self) -> Option<u32> {
        self.phases.iter().map(|p| p.weeks).sum::<Option<u32>>()
    }

    /// The phases whose rate is kept as written and not counted, by index.
    pub fn unchecked(&self) -> impl Iterator<Item = usize> + '_ {
        self.phases
            .iter()
            .enumerate()
            .filter(|(_, p)| !p.rate.is_counted())
            .map(|(i, _)| i)
    }

    /// The phase a date falls in, for a course whose first visit was on
    /// `start`, with the day that phase starts: each phase runs its weeks
    /// after the one before, the last runs on. `None` before `start`.
    pub fn phase_at(&self, start: NaiveDate, date: NaiveDate) -> Option<(usize, NaiveDate)> {
        if date < start {
            return None;
        }
        let mut from = start;
        for (i, p) in self.phases.iter().enumerate() {
            let next = p
                .weeks
                .and_then(|w| from.checked_add_days(Days::new(u64::from(w) * 7)));
            match next {
                Some(next) if i + 1 < self.phases.len() && date >= next => from = next,
                _ => return Some((i, from)),
            }
        }
        None
    }

    /// Visits per week of its first phase, when that is counted and it has
    /// one phase: the rate a single number can say.
    pub fn per_week(&self) -> Option<f64> {
        match self.phases.as_slice() {
            [one] => one.rate.per_week(),
            _ => None,
        }
    }
}

/// One phase: `RATE [for W weeks]`, as words.
fn phase(words: &[&str]) -> Option<Phase> {
    let (rate, weeks) = match words.iter().position(|w| *w == "for") {
        Some(i) => {
            let span = &words[i + 1..];
            let [n, unit] = span else { return None };
            if !matches!(*unit, "week" | "weeks") {
                return None;
            }
            (&words[..i], Some(small_number(n, 1, 520)?))
        }
        None => (words, None),
    };
    let rate = rate.join(" ");
    Some(Phase {
        rate: counted(&rate).or_else(|| as_written(&rate))?,
        weeks,
    })
}

/// `2x/week`, `2 x / week`, `1x/2 weeks`.
fn counted(rate: &str) -> Option<Rate> {
    let (times, per) = rate.split_once('/')?;
    let times = times.trim().strip_suffix('x')?.trim_end();
    let times = small_number(times, 1, 99)?;
    let per: Vec<&str> = per.split_whitespace().collect();
    let (every, per) = match per.as_slice() {
        [unit] if !unit.ends_with('s') => (1, Per::parse(unit)?),
        [n, unit] => (small_number(n, 1, 99)?, Per::parse(unit)?),
        _ => return None,
    };
    Some(Rate::Counted { times, every, per })
}

/// The rates kept as written: `N-Mx/...`, `every [N|N-M|other] UNIT`,
/// `as needed`, `prn`.
fn as_written(rate: &str) -> Option<Rate> {
    // A range runs from its low end up: `3-2x/week` says no rate.
    let range = || {
        let (low, rest) = rate.split_once('-')?;
        let low = small_number(low.trim(), 1, 99)?;
        match counted(rest)? {
            Rate::Counted { times, .. } if low <= times => Some(()),
            _ => None,
        }
    };
    let number_or_range = |n: &str| match n.split_once('-') {
        Some((a, b)) => small_number(a, 1, 99)
            .zip(small_number(b, 1, 99))
            .is_some_and(|(a, b)| a <= b),
        None => n == "other" || small_number(n, 1, 99).is_some(),
    };
    let every = || {
        let words: Vec<&str> = rate.strip_prefix("every ")?.split_whitespace().collect();
        match words.as_slice() {
            [unit] => Per::parse(unit).filter(|_| !unit.ends_with('s')),
            [n, unit] if number_or_range(n) => Per::parse(unit),
            _ => None,
        }
    };
    let known = rate == "as needed" || rate == "prn" || every().is_some() || range().is_some();
    known.then(|| Rate::AsWritten(rate.to_string()))
}

/// Digits only, within bounds: `+2`, `02x` and `1_0` are not numbers here.
fn small_number(s: &str, min: u32, max: u32) -> Option<u32> {
    if s.is_empty() || s.len() > 3 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok().filter(|n| (min..=max).contains(n))
}

impl std::fmt::Display for Rate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Rate::Counted {
                times,
                every: 1,
                per,
            } => write!(f, "{times}x/{}", per.as_str()),
            Rate::Counted { times, every, per } => {
                write!(f, "{times}x/{every} {}s", per.as_str())
            }
            Rate::AsWritten(words) => f.write_str(words),
        }
    }
}

impl std::fmt::Display for Phase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.rate)?;
        match self.weeks {
            Some(1) => write!(f, " for 1 week"),
            Some(w) => write!(f, " for {w} weeks"),
            None => Ok(()),
        }
    }
}

impl std::fmt::Display for Frequency {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, p) in self.phases.iter().enumerate() {
            if i > 0 {
                f.write_str(", then ")?;
            }
            write!(f, "{p}")?;
        }
        Ok(())
    }
}

impl Serialize for Frequency {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn canonical(s: &str) -> Option<String> {
        Frequency::parse(s).map(|f| f.to_string())
    }

    #[test]
    fn phases_read_and_write_back_in_one_form() {
        assert_eq!(
            canonical("1x/week for 4 weeks, then 1x/2 weeks for 8 weeks").as_deref(),
            Some("1x/week for 4 weeks, then 1x/2 weeks for 8 weeks")
        );
        assert_eq!(
            canonical(" 2X/Week for 2 weeks; THEN 1x / 2 Weeks").as_deref(),
            Some("2x/week for 2 weeks, then 1x/2 weeks")
        );
        assert_eq!(
            canonical("1x/week for 4 weeks then every 2-4 weeks").as_deref(),
            Some("1x/week for 4 weeks, then every 2-4 weeks")
        );
        assert_eq!(canonical("2-3x/week").as_deref(), Some("2-3x/week"));
        assert_eq!(canonical("As needed").as_deref(), Some("as needed"));
        assert_eq!(canonical("every 2 weeks").as_deref(), Some("every 2 weeks"));
        assert_eq!(
            canonical("every other day").as_deref(),
            Some("every other day")
        );
        assert_eq!(canonical("1x/2 months").as_deref(), Some("1x/2 months"));
        let f = Frequency::parse("1x/week for 4 weeks, then 1x/2 weeks for 8 weeks").unwrap();
        assert_eq!(f.total_weeks(), Some(12));
        assert_eq!(Frequency::parse("2x/week").unwrap().total_weeks(), None);
        for bad in [
            "1x/week, then 1x/2 weeks",
            "1x/week for 4 weeks, then",
            "then 1x/week",
            "1x/weeks",
            "1x/0 weeks",
            "every",
            "every so often",
            "whenever she likes",
            "2-x/week",
            "3-2x/week",
            "every 4-2 weeks",
        ] {
            assert_eq!(canonical(bad), None, "{bad:?}");
        }
        assert_eq!(
            Frequency::parse("1x/week for 4 weeks, then as needed")
                .unwrap()
                .unchecked()
                .collect::<Vec<_>>(),
            [1]
        );
    }

    #[test]
    fn a_date_falls_in_the_phase_its_weeks_give() {
        let f = Frequency::parse("1x/week for 4 weeks, then 1x/2 weeks for 8 weeks").unwrap();
        let start = d("2026-01-07");
        assert_eq!(f.phase_at(start, d("2026-01-06")), None);
        assert_eq!(f.phase_at(start, start), Some((0, start)));
        assert_eq!(f.phase_at(start, d("2026-02-03")), Some((0, start)));
        assert_eq!(
            f.phase_at(start, d("2026-02-04")),
            Some((1, d("2026-02-04")))
        );
        // The last phase runs on past its weeks (the course's end is a rule of its own).
        assert_eq!(
            f.phase_at(start, d("2026-09-01")),
            Some((1, d("2026-02-04")))
        );
    }

    #[test]
    fn periods_of_several_count_from_the_phase() {
        let two_weeks = Rate::Counted {
            times: 1,
            every: 2,
            per: Per::Week,
        };
        // The phase starts on Wednesday 2026-02-04: its first period is the
        // calendar week holding it (from Monday 2026-02-02), two weeks long.
        let start = d("2026-02-04");
        let at = |day: &str| two_weeks.period_start(d(day), start, Weekday::Mon);
        assert_eq!(at("2026-02-04"), Some(d("2026-02-02")));
        assert_eq!(at("2026-02-15"), Some(d("2026-02-02")));
        assert_eq!(at("2026-02-16"), Some(d("2026-02-16")));
        assert_eq!(at("2026-03-01"), Some(d("2026-02-16")));
        let two_months = Rate::Counted {
            times: 1,
            every: 2,
            per: Per::Month,
        };
        assert_eq!(
            two_months.period_start(d("2026-03-20"), start, Weekday::Mon),
            Some(d("2026-02-01"))
        );
        assert_eq!(
            two_months.period_start(d("2026-04-02"), start, Weekday::Mon),
            Some(d("2026-04-01"))
        );
        assert_eq!(two_weeks.per_week(), Some(0.5));
    }
}
