//! The practice's time zone (`[practice] time_zone`): whether an IANA name is
//! one, the machine's own zone for `init`, and the UTC offset of a local date
//! and time in a zone (daylight saving time included). Session times are
//! local times in mmx; whoever needs an offset for one (the FHIR export)
//! asks here.
//!
//! Zones are read with `tz-rs` from the system's zoneinfo database
//! (`/usr/share/zoneinfo`, or `TZDIR`), which the OS keeps up to date with
//! its `tzdata` package; see docs/architecture.md for why, measured.

use crate::text;
use std::path::PathBuf;

use chrono::{Duration, FixedOffset, Local, LocalResult, NaiveDateTime, Offset, TimeZone};

/// Where the zoneinfo database is looked for when `TZDIR` does not say.
const ZONEINFO: &str = "/usr/share/zoneinfo";

/// What a time zone name is, for a hint.
pub const ZONE_RULE: &str = "a time zone is an IANA name such as America/Chicago, America/New_York, Europe/Berlin or UTC (a file under the zoneinfo database)";

/// Why a name gives no zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ZoneError {
    /// The name is not a zone of the database; `suggestion` is the closest one.
    Unknown { suggestion: Option<String> },
    /// This machine has no zoneinfo database, so no name can be looked up.
    NoDatabase { dir: PathBuf },
}

impl ZoneError {
    /// The finding's hint (or the error's), naming what is allowed or what
    /// to install.
    pub fn hint(&self) -> String {
        match self {
            ZoneError::Unknown {
                suggestion: Some(s),
            } => format!("did you mean `{s}`? {ZONE_RULE}"),
            ZoneError::Unknown { suggestion: None } => ZONE_RULE.to_string(),
            ZoneError::NoDatabase { dir } => no_database(dir),
        }
    }
}

fn no_database(dir: &std::path::Path) -> String {
    format!(
        "this computer has no time zone database at {}: install the `tzdata` package (apt-get install tzdata, dnf install tzdata, apk add tzdata), or set TZDIR to a zoneinfo folder",
        dir.display()
    )
}

/// The zoneinfo folder: `TZDIR`, else the usual place.
fn database() -> PathBuf {
    std::env::var_os("TZDIR")
        .filter(|d| !d.is_empty())
        .map_or_else(|| PathBuf::from(ZONEINFO), PathBuf::from)
}

/// Whether a name can be a zone's at all: `Area/Location` parts of letters,
/// digits, `_`, `+` and `-` (so it names a file inside the database and
/// nothing outside it).
fn name_shaped(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && name.split('/').all(|part| {
            !part.is_empty()
                && !part.starts_with('.')
                && part
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'+' | b'-'))
        })
}

/// A named zone of the IANA database.
#[derive(Debug, Clone)]
pub struct Zone {
    name: String,
    tz: tz::TimeZone,
}

impl Zone {
    /// The zone of an IANA name, read from the zoneinfo database.
    pub fn named(name: &str) -> Result<Zone, ZoneError> {
        let dir = database();
        let unknown = || ZoneError::Unknown {
            suggestion: suggest(&dir, name),
        };
        if !dir.is_dir() {
            return Err(ZoneError::NoDatabase { dir });
        }
        if !name_shaped(name) {
            return Err(unknown());
        }
        let path = dir.join(name);
        // A folder of zones (`America`) or a file that is not TZif (`zone.tab`).
        let tz = std::fs::read(&path)
            .ok()
            .and_then(|bytes| tz::TimeZone::from_tz_data(&bytes).ok())
            .ok_or_else(unknown)?;
        Ok(Zone {
            name: name.to_string(),
            tz,
        })
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// The offset from UTC at an instant (seconds since 1970, UTC).
    fn offset_at(&self, unix: i64) -> Option<i32> {
        self.tz
            .find_local_time_type(unix)
            .ok()
            .map(tz::LocalTimeType::ut_offset)
    }

    /// The offset of a local date and time in this zone: when the clocks go
    /// back and the time happens twice, the first; when they go forward over
    /// it, `None` (no such time happened there).
    pub fn offset(&self, local: NaiveDateTime) -> Option<FixedOffset> {
        self.offsets(local).first().copied()
    }

    /// Every offset a local date and time has in this zone, the earlier
    /// instant first: one; two in the hour the clocks go back over (it
    /// happens twice); none in the hour they go forward over.
    pub fn offsets(&self, local: NaiveDateTime) -> Vec<FixedOffset> {
        let as_utc = local.and_utc().timestamp();
        // The offsets in force a day either side hold every offset the local
        // time can have (no zone changes its clocks twice in a day).
        let mut candidates: Vec<i32> = [-86_400, 0, 86_400]
            .iter()
            .filter_map(|d| self.offset_at(as_utc + d))
            .collect();
        candidates.sort_unstable();
        candidates.dedup();
        // The earliest instant is the one with the largest offset.
        candidates
            .into_iter()
            .rev()
            .filter(|&o| self.offset_at(as_utc - i64::from(o)) == Some(o))
            .filter_map(FixedOffset::east_opt)
            .collect()
    }
}

/// Where session times get their offsets: the practice's zone, or, when
/// mmx.toml names none, this computer's (`TZ`, else the system's).
#[derive(Debug, Clone)]
pub enum Clock {
    Practice(Zone),
    Machine,
}

impl Clock {
    /// The clock of a practice's settings: its zone when it names one.
    pub fn of(time_zone: Option<&str>) -> Result<Clock, ZoneError> {
        match time_zone {
            Some(name) => Zone::named(name).map(Clock::Practice),
            None => Ok(Clock::Machine),
        }
    }

    /// A local date and time's offset (see [`Zone::offset`]).
    pub fn offset(&self, local: NaiveDateTime) -> Option<FixedOffset> {
        self.offsets(local).first().copied()
    }

    /// Every offset a local date and time has, the earlier instant first
    /// (see [`Zone::offsets`]).
    pub fn offsets(&self, local: NaiveDateTime) -> Vec<FixedOffset> {
        match self {
            Clock::Practice(zone) => zone.offsets(local),
            Clock::Machine => match Local.from_local_datetime(&local) {
                LocalResult::Single(t) => vec![t.offset().fix()],
                LocalResult::Ambiguous(a, b) => vec![a.offset().fix(), b.offset().fix()],
                LocalResult::None => Vec::new(),
            },
        }
    }

    /// The local date and time `minutes` after a local time at `offset`,
    /// with the offset in force then: a visit that starts before the clocks
    /// go back and ends after is as long as it was, not an hour longer.
    pub fn after(
        &self,
        local: NaiveDateTime,
        offset: FixedOffset,
        minutes: u32,
    ) -> Option<(NaiveDateTime, FixedOffset)> {
        let instant = local - Duration::seconds(i64::from(offset.local_minus_utc()))
            + Duration::minutes(i64::from(minutes));
        let then = match self {
            Clock::Practice(zone) => zone
                .offset_at(instant.and_utc().timestamp())
                .and_then(FixedOffset::east_opt)?,
            Clock::Machine => Local.from_utc_datetime(&instant).offset().fix(),
        };
        Some((
            instant + Duration::seconds(i64::from(then.local_minus_utc())),
            then,
        ))
    }

    /// The zone's name as a message gives it.
    pub fn describe(&self) -> String {
        match self {
            Clock::Practice(zone) => zone.name().to_string(),
            Clock::Machine => "this computer's time zone".to_string(),
        }
    }
}

/// This computer's zone as an IANA name, for `init` to write: `TZ` when it
/// names a zone of the database, else the system's setting. `None` when
/// neither gives one the database holds.
pub fn machine() -> Option<String> {
    let from_tz = std::env::var("TZ")
        .ok()
        .map(|t| t.trim_start_matches(':').to_string());
    from_tz
        .into_iter()
        .chain(iana_time_zone::get_timezone().ok())
        .find(|name| Zone::named(name).is_ok())
}

/// The database's zone whose name is closest to `name` (case aside), from
/// its index (`tzdata.zi`, else `zone1970.tab`); `None` when none is close.
fn suggest(dir: &std::path::Path, name: &str) -> Option<String> {
    let names: Vec<String> = if let Ok(zi) = std::fs::read_to_string(dir.join("tzdata.zi")) {
        zi.lines()
            .filter_map(|l| match l.split(' ').collect::<Vec<_>>().as_slice() {
                ["Z", zone, ..] => Some(zone.to_string()),
                ["L", _, link] => Some(link.to_string()),
                _ => None,
            })
            .collect()
    } else {
        std::fs::read_to_string(dir.join("zone1970.tab"))
            .unwrap_or_default()
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.split('\t').nth(2).map(str::to_string))
            .chain(["UTC".to_string()])
            .collect()
    };
    names
        .iter()
        .find(|z| z.eq_ignore_ascii_case(name))
        .cloned()
        .or_else(|| text::closest(name, names.iter().map(String::as_str)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn at(date: &str, time: &str) -> NaiveDateTime {
        NaiveDateTime::new(date.parse::<NaiveDate>().unwrap(), time.parse().unwrap())
    }

    fn hours(o: Option<FixedOffset>) -> Option<f64> {
        o.map(|o| f64::from(o.local_minus_utc()) / 3600.0)
    }

    #[test]
    fn offsets_follow_daylight_saving_time() {
        // 2026-03-08 02:30 never happened in Chicago; 2026-11-01 01:30
        // happened twice, first at -05:00.
        for (zone, date, time, want) in [
            ("America/Chicago", "2026-07-01", "09:00:00", Some(-5.0)),
            ("America/Chicago", "2026-01-15", "09:00:00", Some(-6.0)),
            ("America/Chicago", "2026-03-08", "02:30:00", None),
            ("America/Chicago", "2026-11-01", "01:30:00", Some(-5.0)),
            ("America/Chicago", "2026-11-01", "03:00:00", Some(-6.0)),
            ("Asia/Kolkata", "2026-07-01", "09:00:00", Some(5.5)),
            ("Australia/Sydney", "2026-01-15", "09:00:00", Some(11.0)),
            ("Australia/Sydney", "2026-07-01", "09:00:00", Some(10.0)),
            ("UTC", "2026-07-01", "09:00:00", Some(0.0)),
        ] {
            let z = Zone::named(zone).unwrap();
            assert_eq!(
                hours(z.offset(at(date, time))),
                want,
                "{zone} {date} {time}"
            );
        }
    }

    #[test]
    fn a_repeated_hour_has_both_offsets_and_a_skipped_one_none() {
        let z = Zone::named("America/Chicago").unwrap();
        let both: Vec<_> = z
            .offsets(at("2026-11-01", "01:30:00"))
            .into_iter()
            .map(|o| hours(Some(o)))
            .collect();
        assert_eq!(both, [Some(-5.0), Some(-6.0)]);
        assert!(z.offsets(at("2026-03-08", "02:30:00")).is_empty());
        // 50 minutes from 01:30 the first time (-05:00) is 01:20 the second
        // time (-06:00), not 02:20.
        let clock = Clock::Practice(z);
        let first = FixedOffset::west_opt(5 * 3600).unwrap();
        let (end, offset) = clock
            .after(at("2026-11-01", "01:30:00"), first, 50)
            .unwrap();
        assert_eq!(
            (end, hours(Some(offset))),
            (at("2026-11-01", "01:20:00"), Some(-6.0))
        );
        // Across the skipped hour: 01:30 (-06:00) and 50 minutes is 03:20.
        let before = FixedOffset::west_opt(6 * 3600).unwrap();
        let (end, offset) = clock
            .after(at("2026-03-08", "01:30:00"), before, 50)
            .unwrap();
        assert_eq!(
            (end, hours(Some(offset))),
            (at("2026-03-08", "03:20:00"), Some(-5.0))
        );
    }

    #[test]
    fn unknown_names_are_refused_with_the_closest_zone() {
        let e = Zone::named("America/Chicgo").unwrap_err();
        assert_eq!(
            e,
            ZoneError::Unknown {
                suggestion: Some("America/Chicago".into())
            }
        );
        assert!(e.hint().contains("did you mean `America/Chicago`?"));
        for bad in [
            "",
            "America",
            "zone.tab",
            "../etc/passwd",
            "/etc/passwd",
            "Mars/Olympus",
        ] {
            assert!(
                matches!(Zone::named(bad), Err(ZoneError::Unknown { .. })),
                "{bad}"
            );
        }
    }
}
