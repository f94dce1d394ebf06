//! Dates as forms export them: `1958-03-14`, but also `03/14/1958` (month
//! first), `14.03.1958` (day first) or `1958/03/14`. A date whose day and
//! month could be either way round is read only in an order the user gives
//! (`--date-order`) or that the file's other dates settle; mmx never guesses.

use chrono::NaiveDate;

/// The order of a date's day and month (and year).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateOrder {
    /// `03/14/1958`.
    Mdy,
    /// `14/03/1958`.
    Dmy,
    /// `1958/03/14` (as YYYY-MM-DD is always read).
    Ymd,
}

impl DateOrder {
    pub const ALL: [DateOrder; 3] = [DateOrder::Mdy, DateOrder::Dmy, DateOrder::Ymd];

    pub fn as_str(self) -> &'static str {
        match self {
            DateOrder::Mdy => "mdy",
            DateOrder::Dmy => "dmy",
            DateOrder::Ymd => "ymd",
        }
    }

    pub fn parse(s: &str) -> Option<DateOrder> {
        DateOrder::ALL.into_iter().find(|o| o.as_str() == s)
    }

    /// How a message names the order.
    pub fn words(self) -> &'static str {
        match self {
            DateOrder::Mdy => "month/day/year",
            DateOrder::Dmy => "day/month/year",
            DateOrder::Ymd => "year/month/day",
        }
    }
}

/// What a cell holds, read as a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    /// YYYY-MM-DD, or the year first with another separator (`1958/03/14`):
    /// one date whatever the order.
    Date(NaiveDate),
    /// Two numbers then a four-digit year (`03/14/1958`): the date it is
    /// month first, and day first (`None` where that is no date).
    DayMonth {
        mdy: Option<NaiveDate>,
        dmy: Option<NaiveDate>,
    },
    /// Day, month and a two-digit year: its century is a guess.
    ShortYear,
    /// Not a date in any order.
    NotADate,
}

/// Reads a cell as a date in any of the orders.
pub fn read(cell: &str) -> Reading {
    let cell = cell.trim();
    if let Ok(d) = NaiveDate::parse_from_str(cell, "%Y-%m-%d") {
        return Reading::Date(d);
    }
    let Some(sep) = cell.chars().find(|c| matches!(c, '/' | '.' | '-')) else {
        return Reading::NotADate;
    };
    let parts: Vec<&str> = cell.split(sep).collect();
    let number = |s: &str| {
        (!s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    let [a, b, c] = parts[..] else {
        return Reading::NotADate;
    };
    let (Some(x), Some(y), Some(z)) = (number(a), number(b), number(c)) else {
        return Reading::NotADate;
    };
    let date = |y: u32, m: u32, d: u32| NaiveDate::from_ymd_opt(y as i32, m, d);
    if a.len() == 4 && b.len() <= 2 && c.len() <= 2 {
        return date(x, y, z).map_or(Reading::NotADate, Reading::Date);
    }
    if a.len() > 2 || b.len() > 2 {
        return Reading::NotADate;
    }
    match c.len() {
        4 => match (date(z, x, y), date(z, y, x)) {
            (None, None) => Reading::NotADate,
            (mdy, dmy) => Reading::DayMonth { mdy, dmy },
        },
        2 if (x <= 12 || y <= 12) && x <= 31 && y <= 31 => Reading::ShortYear,
        _ => Reading::NotADate,
    }
}

impl Reading {
    /// The date in `order`, if it is one.
    pub fn in_order(self, order: Option<DateOrder>) -> Option<NaiveDate> {
        match (self, order) {
            (Reading::Date(d), _) => Some(d),
            (Reading::DayMonth { mdy, .. }, Some(DateOrder::Mdy)) => mdy,
            (Reading::DayMonth { dmy, .. }, Some(DateOrder::Dmy)) => dmy,
            // Day first or month first, but the same day either way.
            (Reading::DayMonth { mdy, dmy }, _) if mdy.is_some() && mdy == dmy => mdy,
            _ => None,
        }
    }

    /// The one order the date can be read in, when only one can read it.
    pub fn only_order(self) -> Option<DateOrder> {
        match self {
            Reading::DayMonth {
                mdy: Some(_),
                dmy: None,
            } => Some(DateOrder::Mdy),
            Reading::DayMonth {
                mdy: None,
                dmy: Some(_),
            } => Some(DateOrder::Dmy),
            _ => None,
        }
    }

    /// Whether it is a date both month first and day first, and not the same one.
    pub fn is_ambiguous(self) -> bool {
        matches!(self, Reading::DayMonth { mdy: Some(a), dmy: Some(b) } if a != b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, day)
    }

    #[test]
    fn reads_each_order_and_says_when_the_order_decides() {
        assert_eq!(read("1958-03-14"), Reading::Date(d(1958, 3, 14).unwrap()));
        assert_eq!(read("1958/3/14"), Reading::Date(d(1958, 3, 14).unwrap()));
        let us = read("03/14/1958");
        assert_eq!(us.only_order(), Some(DateOrder::Mdy));
        assert_eq!(us.in_order(Some(DateOrder::Mdy)), d(1958, 3, 14));
        assert_eq!(us.in_order(Some(DateOrder::Dmy)), None);
        assert_eq!(us.in_order(None), None);
        let eu = read("14.03.1958");
        assert_eq!(eu.only_order(), Some(DateOrder::Dmy));
        assert_eq!(eu.in_order(Some(DateOrder::Dmy)), d(1958, 3, 14));
        let either = read("03/04/1958");
        assert!(either.is_ambiguous());
        assert_eq!(either.only_order(), None);
        assert_eq!(either.in_order(None), None);
        assert_eq!(either.in_order(Some(DateOrder::Dmy)), d(1958, 4, 3));
        // The same date either way round is no question.
        assert_eq!(read("05/05/1990").in_order(None), d(1990, 5, 5));
        assert!(!read("05/05/1990").is_ambiguous());
    }

    #[test]
    fn refuses_what_is_no_date_and_a_century_it_would_guess() {
        for cell in [
            "",
            "soon",
            "31/31/1990",
            "1990-02-30",
            "1/2",
            "1/2/3/4",
            "12345/1/1990",
        ] {
            assert_eq!(read(cell), Reading::NotADate, "{cell}");
        }
        assert_eq!(read("03/14/58"), Reading::ShortYear);
        assert_eq!(DateOrder::parse("dmy"), Some(DateOrder::Dmy));
        assert_eq!(DateOrder::parse("DMY"), None);
    }
}
