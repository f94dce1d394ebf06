//! The home programme a session gives (`[[home_care]]`) and how well the
//! one before was followed (`adherence`): the data, and the grammars of an
//! item's dose and frequency, read once here for files and flags alike.

use serde::Serialize;

use crate::model::Rate;

/// One item of the home programme given at a visit: a kind of the
/// vocabulary ([`crate::vocab::home_care::KINDS`]), the region it is for,
/// how much and how often. The items a session records are the whole
/// programme from that visit on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HomeCare {
    pub kind: String,
    pub region: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dose: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub frequency: Option<String>,
}

/// How well the patient says the last home programme was followed, as
/// reported at a visit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Adherence {
    Full,
    Partial,
    None,
}

impl Adherence {
    pub fn parse(word: &str) -> Option<Adherence> {
        match word {
            "full" => Some(Adherence::Full),
            "partial" => Some(Adherence::Partial),
            "none" => Some(Adherence::None),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Adherence::Full => "full",
            Adherence::Partial => "partial",
            Adherence::None => "none",
        }
    }

    /// As a letter says it: `followed in full`.
    pub fn words(self) -> &'static str {
        match self {
            Adherence::Full => "followed in full",
            Adherence::Partial => "followed in part",
            Adherence::None => "not followed",
        }
    }
}

impl HomeCare {
    /// As `--home-care` takes it: `stretch:cervical:3x30s:2x/day`.
    pub fn written(&self) -> String {
        let mut s = format!("{}:{}", self.kind, self.region);
        match (&self.dose, &self.frequency) {
            (None, None) => {}
            (dose, None) => s.push_str(&format!(":{}", dose.as_deref().unwrap_or_default())),
            (dose, Some(f)) => s.push_str(&format!(":{}:{f}", dose.as_deref().unwrap_or_default())),
        }
        s
    }

    /// What a dose may say, for the messages that refuse one.
    pub const DOSE_GRAMMAR: &str = "SETSxREPS (`3x10`), SETSxSECONDSs for holds (`3x30s`), MINUTES min (`10 min`), SECONDSs (`30s`) or REPS reps (`15 reps`)";

    /// What a frequency may say, for the messages that refuse one.
    pub const FREQUENCY_GRAMMAR: &str = "`daily`, `weekly`, Nx/day or Nx/week (`2x/day`, `3x/week`, `1x/2 days`), `every other day`, `2-3x/day` or `as needed`";

    /// A dose in its canonical form (`3 x 10` is `3x10`, `10 mins` is
    /// `10 min`), or why it is not one (in words that never quote it).
    pub fn dose(text: &str) -> Result<String, &'static str> {
        let t = text.trim().to_ascii_lowercase();
        if t.is_empty() {
            return Err("it is empty");
        }
        let compact: String = t.chars().filter(|c| !c.is_whitespace()).collect();
        if let Some((sets, rest)) = compact.split_once('x') {
            let sets = number(sets, 1, 20).ok_or("the sets (before `x`) are not 1 to 20")?;
            return match seconds(rest) {
                Some(s) => Ok(format!("{sets}x{s}s")),
                None => {
                    let reps = number(rest, 1, 200).ok_or(
                        "the repetitions (after `x`) are not 1 to 200, nor seconds (`30s`)",
                    )?;
                    Ok(format!("{sets}x{reps}"))
                }
            };
        }
        if let Some(s) = seconds(&compact) {
            return Ok(format!("{s}s"));
        }
        let unit = |units: &[&str], max: u32| {
            units
                .iter()
                .find_map(|u| compact.strip_suffix(u))
                .and_then(|n| number(n, 1, max))
        };
        if let Some(m) = unit(&["minutes", "minute", "mins", "min"], 240) {
            return Ok(format!("{m} min"));
        }
        if let Some(r) = unit(&["repetitions", "reps", "rep"], 500) {
            return Ok(format!("{r} reps"));
        }
        Err("it names no unit (sets `x`, seconds `s`, `min` or `reps`)")
    }

    /// A frequency in its canonical form (`2 X/Day` is `2x/day`; `daily`,
    /// `weekly` and `as needed` as they are), or why it is not one. The
    /// rates are a prescription's ([`Rate::read`]).
    pub fn frequency(text: &str) -> Result<String, &'static str> {
        let t = text.trim().to_ascii_lowercase();
        match t.as_str() {
            "" => Err("it is empty"),
            "daily" | "every day" => Ok("daily".into()),
            "weekly" | "every week" => Ok("weekly".into()),
            _ => Rate::read(&t)
                .map(|r| r.to_string())
                .ok_or("it is not a rate"),
        }
    }
}

/// Seconds held: `30s`, `30sec`, `30seconds` (1 to 600).
fn seconds(s: &str) -> Option<u32> {
    ["seconds", "second", "secs", "sec", "s"]
        .iter()
        .find_map(|u| s.strip_suffix(u))
        .and_then(|n| number(n, 1, 600))
}

/// Digits only, within bounds.
fn number(s: &str, min: u32, max: u32) -> Option<u32> {
    if s.is_empty() || s.len() > 3 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok().filter(|n| (min..=max).contains(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doses_are_read_in_any_spacing_and_written_one_way() {
        let ok = |s: &str| HomeCare::dose(s).unwrap();
        assert_eq!(ok("3x10"), "3x10");
        assert_eq!(ok("3 X 10"), "3x10");
        assert_eq!(ok("3x30s"), "3x30s");
        assert_eq!(ok("3 x 30 sec"), "3x30s");
        assert_eq!(ok("10min"), "10 min");
        assert_eq!(ok("10 minutes"), "10 min");
        assert_eq!(ok("30 s"), "30s");
        assert_eq!(ok("15 reps"), "15 reps");
        for bad in [
            "", "lots", "3x", "x10", "0x10", "21x10", "3x10x2", "3x0", "0 min", "300 min",
            "10 hours", "-3x10", "3.5x10",
        ] {
            assert!(HomeCare::dose(bad).is_err(), "{bad:?} was read");
        }
    }

    #[test]
    fn frequencies_are_a_prescriptions_rates_or_daily_weekly() {
        let ok = |s: &str| HomeCare::frequency(s).unwrap();
        assert_eq!(ok("2x/day"), "2x/day");
        assert_eq!(ok("2 X / Day"), "2x/day");
        assert_eq!(ok("Daily"), "daily");
        assert_eq!(ok("3x/week"), "3x/week");
        assert_eq!(ok("1x/2 days"), "1x/2 days");
        assert_eq!(ok("as needed"), "as needed");
        assert_eq!(ok("every other day"), "every other day");
        for bad in ["", "often", "2x/fortnight", "2x/week for 6 weeks", "twice"] {
            assert!(HomeCare::frequency(bad).is_err(), "{bad:?} was read");
        }
    }
}
