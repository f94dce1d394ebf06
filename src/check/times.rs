//! A session's time of day against the practice's clock: a `start` the
//! clocks went forward over never happened there (no offset can be given
//! it, so the record is wrong, not the export), and a `start_offset` must be
//! one of the offsets `start` has (two in the hour the clocks go back over,
//! the first taken when the record names none).

use chrono::{FixedOffset, NaiveDateTime};

use crate::diag::{Code, Diagnostic};
use crate::model::Session;
use crate::records::Loaded;
use crate::values;
use crate::zone::Clock;

/// The offset of a session's start as the export gives it: the record's
/// `start_offset` when it names one of `start`'s offsets, else the first;
/// `None` without a `start`, or for a time the clocks skipped.
pub fn start_offset(s: &Session, clock: &Clock) -> Option<(NaiveDateTime, FixedOffset)> {
    let local = NaiveDateTime::new(s.date, s.start?);
    let offsets = clock.offsets(local);
    let named = s.start_offset.as_deref().and_then(values::utc_offset);
    let offset = named
        .filter(|o| offsets.contains(o))
        .or_else(|| offsets.first().copied())?;
    Some((local, offset))
}

/// What is wrong with a session's time of day on this clock, if anything.
pub fn check(s: &Loaded<Session>, clock: &Clock) -> Option<Diagnostic> {
    let start = s.rec.start?;
    let local = NaiveDateTime::new(s.rec.date, start);
    let offsets = clock.offsets(local);
    let zone = clock.describe();
    let at = format!("{} {}", s.rec.date, start.format("%H:%M"));
    if offsets.is_empty() {
        return Some(
            s.diag(
                Code::InvalidValue,
                "start",
                format!(
                    "`start` {at} never happened in {zone}: the clocks went forward over that hour (daylight saving time)"
                ),
            )
            .field("start")
            .hint("write the time the clock showed when the visit began (an hour later than a clock not yet put forward), or check the date"),
        );
    }
    let named = values::utc_offset(s.rec.start_offset.as_deref()?)?;
    if offsets.contains(&named) {
        return None;
    }
    let has: Vec<String> = offsets.iter().map(ToString::to_string).collect();
    Some(
        s.diag(
            Code::InvalidValue,
            "start_offset",
            format!(
                "`start_offset` is {named}, but {at} in {zone} is at {}",
                has.join(" or ")
            ),
        )
        .field("start_offset")
        .hint(if has.len() > 1 {
            format!(
                "{at} happened twice (the clocks went back): write {} for the first time, {} for the second",
                has[0], has[1]
            )
        } else {
            format!("leave `start_offset` out ({} is the only offset {at} has)", has[0])
        }),
    )
}
