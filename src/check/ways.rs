//! The ways past a compliance finding, as its help words them: the
//! prescriber's approval recorded as an override, or the prescription (or
//! the patient's record) changed to say what was done, with the exact
//! command for each. The rules (rules.rs) say which finding; this, how out.

use crate::check::rules::Context;
use crate::model::{Frequency, Per, Phase, Rate, Session};
use crate::records::Loaded;

/// The two truthful ways past a compliance finding of session `s`: the
/// prescriber's approval recorded as an override (on the command entering
/// the session, or on the session once written), or the prescription
/// changed to say what was done (`change`, the exact command).
pub(crate) fn ways_out(s: &Loaded<Session>, cx: &Context<'_>, change: &str) -> String {
    format!(
        "{}; if the prescription now allows it, change it: `{change}`",
        approved(s, cx)
    )
}

/// [`ways_out`] for a warning, which never stops a write: the session is
/// written, so its override is recorded on it.
pub(crate) fn ways_out_written(s: &Loaded<Session>, change: &str) -> String {
    format!(
        "{}; if the prescription now allows it, change it: `{change}`",
        override_written(s)
    )
}

fn override_written(s: &Loaded<Session>) -> String {
    format!(
        "if the prescriber approved it, record that: `mmx session override {}/{} --reason TEXT`",
        s.rec.patient, s.rec.id
    )
}

/// The prescriber's approval, recorded as an override: on the command
/// entering the session, or on the session once written.
pub(crate) fn approved(s: &Loaded<Session>, cx: &Context<'_>) -> String {
    if cx.entering == Some(s.file.as_str()) {
        "if the prescriber approved it, add `--override REASON` to this command".to_string()
    } else {
        override_written(s)
    }
}

/// The command that gives prescription `rx_id` a frequency of `times`
/// visits a `per` in its phase `phase`, keeping the rest of its schedule
/// (the weeks of each phase, the other phases).
pub(crate) fn frequency_change(
    rx_id: &str,
    freq: Option<&Frequency>,
    phase: usize,
    times: usize,
    per: Per,
) -> String {
    // The phase's own period stays (`1x/2 weeks` becomes `2x/2 weeks`, not
    // `2x/week`) when the visits were counted in it.
    let every = freq
        .and_then(|f| f.phases.get(phase))
        .and_then(|p| match p.rate {
            Rate::Counted {
                every,
                per: counted,
                ..
            } if counted == per => Some(every),
            _ => None,
        })
        .unwrap_or(1);
    let rate = Rate::Counted {
        times: u32::try_from(times).unwrap_or(u32::MAX),
        every,
        per,
    };
    let f = match freq {
        Some(f) if phase < f.phases.len() => {
            let mut f = f.clone();
            f.phases[phase].rate = rate;
            f
        }
        _ => Frequency {
            phases: vec![Phase { rate, weeks: None }],
        },
    }
    .to_string();
    let f = if f.contains(' ') {
        format!("\"{f}\"")
    } else {
        f
    };
    format!("mmx rx edit {rx_id} --frequency {f}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_phases_frequency_change_keeps_its_period_and_the_other_phases() {
        let f = Frequency::parse("1x/week for 4 weeks, then 1x/2 weeks for 8 weeks").unwrap();
        assert_eq!(
            frequency_change("rx-a", Some(&f), 1, 2, Per::Week),
            "mmx rx edit rx-a --frequency \"1x/week for 4 weeks, then 2x/2 weeks for 8 weeks\""
        );
        assert_eq!(
            frequency_change("rx-a", Some(&f), 0, 2, Per::Week),
            "mmx rx edit rx-a --frequency \"2x/week for 4 weeks, then 1x/2 weeks for 8 weeks\""
        );
        // Two visits on one day: a day's rate, whatever the phase's period.
        assert_eq!(
            frequency_change("rx-a", Some(&f), 1, 2, Per::Day),
            "mmx rx edit rx-a --frequency \"1x/week for 4 weeks, then 2x/day for 8 weeks\""
        );
    }
}
