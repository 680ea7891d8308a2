//! Label status on a given date, following ESCA's rules.
//!
//! A label is valid until its date; for one year after it can still be renewed; after that it has
//! lapsed. "One year later" is the same day a year on, and 29 February falls back to 28 February.

use chrono::{Datelike, Months, NaiveDate};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LabelStatus {
    Valid,
    Renewable,
    Expired,
}

impl LabelStatus {
    pub const ALL: [LabelStatus; 3] = [
        LabelStatus::Valid,
        LabelStatus::Renewable,
        LabelStatus::Expired,
    ];

    /// The status of a label valid until `valid_until`, on date `on`.
    pub fn on(valid_until: NaiveDate, on: NaiveDate) -> LabelStatus {
        LabelStatus::between(on, valid_until, renewable_until(valid_until))
    }

    /// The rule itself, for any ordered time scale (dates, or day numbers precomputed for speed):
    /// valid up to and including `valid_until`, then renewable up to and including
    /// `renewable_until`, then expired.
    pub fn between<T: Ord>(on: T, valid_until: T, renewable_until: T) -> LabelStatus {
        if on <= valid_until {
            LabelStatus::Valid
        } else if on <= renewable_until {
            LabelStatus::Renewable
        } else {
            LabelStatus::Expired
        }
    }

    /// The key used in URLs (`status=valid,renewable`).
    pub fn key(self) -> &'static str {
        match self {
            LabelStatus::Valid => "valid",
            LabelStatus::Renewable => "renewable",
            LabelStatus::Expired => "expired",
        }
    }

    pub fn parse(key: &str) -> Option<LabelStatus> {
        LabelStatus::ALL.into_iter().find(|s| s.key() == key)
    }

    /// A short word for badges and table cells.
    pub fn title(self) -> &'static str {
        match self {
            LabelStatus::Valid => "Valid",
            LabelStatus::Renewable => "Renewable",
            LabelStatus::Expired => "Expired",
        }
    }
}

/// The last day on which an expired label can still be renewed.
pub fn renewable_until(valid_until: NaiveDate) -> NaiveDate {
    valid_until
        .checked_add_months(Months::new(12))
        .unwrap_or(NaiveDate::MAX)
}

/// When a label came into force, for the timeline: the source gives only the end, and a Bronze
/// label runs for two years, so it is taken to start two years before it ends.
pub fn assumed_start(valid_until: NaiveDate) -> NaiveDate {
    valid_until
        .checked_sub_months(Months::new(24))
        .unwrap_or(NaiveDate::MIN)
}

/// year * 12 + month0: consecutive months are consecutive numbers.
pub fn month_number(date: NaiveDate) -> i32 {
    date.year() * 12 + date.month0() as i32
}

/// The first month (a `month_number`) on whose first day a label valid until `valid_until` is
/// taken to be in force.
pub fn first_month_in_force(valid_until: NaiveDate) -> i32 {
    let start = assumed_start(valid_until);
    month_number(start) + i32::from(start.day() > 1)
}

/// A span of time as a count and a unit: (5, "days"), (1, "month"), (7, "years").
fn span(from: NaiveDate, to: NaiveDate) -> (i64, &'static str) {
    let days = (to - from).num_days();
    let months = (to.year() - from.year()) * 12 + to.month() as i32
        - from.month() as i32
        - i32::from(to.day() < from.day());
    let (n, one, many) = if days < 31 {
        (days, "day", "days")
    } else if months < 12 {
        (i64::from(months.max(1)), "month", "months")
    } else {
        (i64::from(months / 12), "year", "years")
    };
    (n, if n == 1 { one } else { many })
}

/// The status in words relative to `on`, e.g. "valid for 3 more months", "expired 7 years ago".
pub fn relative_phrase(valid_until: NaiveDate, on: NaiveDate) -> String {
    match LabelStatus::on(valid_until, on) {
        LabelStatus::Valid if on == valid_until => "valid until today".to_string(),
        LabelStatus::Valid => {
            let (n, unit) = span(on, valid_until);
            format!("valid for {n} more {unit}")
        }
        LabelStatus::Renewable => {
            let (ago, ago_unit) = span(valid_until, on);
            match span(on, renewable_until(valid_until)) {
                (0, _) => format!("expired {ago} {ago_unit} ago, renewable until today"),
                (n, unit) => {
                    format!("expired {ago} {ago_unit} ago, renewable for {n} more {unit}")
                }
            }
        }
        LabelStatus::Expired => {
            let (n, unit) = span(valid_until, on);
            format!("expired {n} {unit} ago")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn status_at_the_boundaries() {
        fn check(valid_until: &str, on: &str, expected: LabelStatus) {
            assert_eq!(
                LabelStatus::on(d(valid_until), d(on)),
                expected,
                "{valid_until} on {on}"
            );
        }
        use LabelStatus::*;
        check("2016-06-17", "2016-06-16", Valid);
        check("2016-06-17", "2016-06-17", Valid); // the expiry day itself
        check("2016-06-17", "2016-06-18", Renewable);
        check("2016-06-17", "2017-06-17", Renewable); // one year later
        check("2016-06-17", "2017-06-18", Expired);
        check("2016-02-29", "2017-02-28", Renewable); // leap day: a year later is 28 February
        check("2016-02-29", "2017-03-01", Expired);
        check("2015-02-28", "2016-02-28", Renewable);
        check("2015-02-28", "2016-02-29", Expired);
        check("2015-03-01", "2016-02-29", Renewable);
    }

    #[test]
    fn keys_round_trip() {
        for s in LabelStatus::ALL {
            assert_eq!(LabelStatus::parse(s.key()), Some(s));
        }
        assert_eq!(LabelStatus::parse("Valid"), None);
    }

    #[test]
    fn phrases() {
        fn check(valid_until: &str, on: &str, expected: &str) {
            assert_eq!(relative_phrase(d(valid_until), d(on)), expected);
        }
        check("2016-06-17", "2016-06-17", "valid until today");
        check("2016-06-17", "2016-06-16", "valid for 1 more day");
        check("2016-09-17", "2016-06-16", "valid for 3 more months");
        check("2019-06-17", "2016-06-16", "valid for 3 more years");
        check(
            "2016-06-17",
            "2016-08-20",
            "expired 2 months ago, renewable for 9 more months",
        );
        check("2014-03-01", "2021-11-21", "expired 7 years ago");
        check(
            "2014-03-01",
            "2014-03-02",
            "expired 1 day ago, renewable for 11 more months",
        );
    }

    #[test]
    fn assumed_start_is_two_years_before() {
        assert_eq!(assumed_start(d("2016-02-29")), d("2014-02-28"));
    }
}
