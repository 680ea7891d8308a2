//! ECEI label rules: a label's level, its status on a date, and its deadlines.
//!
//! ESCA's rules (the same for Bronze, Silver and Gold): a label is valid for two years from the
//! month of its assessment; for one year after it expires it can still be renewed; a renewal
//! extends it by three years from the end of the previous validity. The source gives only the
//! end ("valid until"), so a label is taken to have started two years before it. A year or two
//! from 29 February is 28 February.

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::dates::long;

/// The level of an ECEI label. `Unknown` is a level this app does not know, in a file it did not
/// make (the record is kept and flagged `label-unknown`).
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Label {
    #[default]
    Bronze,
    Silver,
    Gold,
    Unknown,
}

impl Label {
    pub const ALL: [Label; 4] = [Label::Bronze, Label::Silver, Label::Gold, Label::Unknown];

    /// The key in the dataset and in URLs (`label=bronze,silver`).
    pub fn key(self) -> &'static str {
        match self {
            Label::Bronze => "bronze",
            Label::Silver => "silver",
            Label::Gold => "gold",
            Label::Unknown => "unknown",
        }
    }

    pub fn parse(key: &str) -> Option<Label> {
        Label::ALL.into_iter().find(|l| l.key() == key)
    }

    /// "Bronze", or "Unknown level".
    pub fn title(self) -> &'static str {
        match self {
            Label::Bronze => "Bronze",
            Label::Silver => "Silver",
            Label::Gold => "Gold",
            Label::Unknown => "Unknown level",
        }
    }
}

/// Where a label stands on a date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LabelStatus {
    /// Before its assumed start: not yet awarded, and so not in force.
    Upcoming,
    Valid,
    /// Expired, but renewable for up to a year.
    Renewable,
    Expired,
}

impl LabelStatus {
    pub const ALL: [LabelStatus; 4] = [
        LabelStatus::Upcoming,
        LabelStatus::Valid,
        LabelStatus::Renewable,
        LabelStatus::Expired,
    ];

    /// The status of a label valid until `valid_until`, on date `on`.
    pub fn on(valid_until: NaiveDate, on: NaiveDate) -> LabelStatus {
        let d = Deadlines::of(valid_until);
        LabelStatus::between(on, [d.start, d.valid_until, d.renewable_until])
    }

    /// The rule itself, for any ordered time scale (dates, or day numbers precomputed for speed):
    /// upcoming before `start`, valid from `start` up to and including `valid_until`, then
    /// renewable up to and including `renewable_until`, then expired.
    pub fn between<T: Ord>(on: T, [start, valid_until, renewable_until]: [T; 3]) -> LabelStatus {
        if on < start {
            LabelStatus::Upcoming
        } else if on <= valid_until {
            LabelStatus::Valid
        } else if on <= renewable_until {
            LabelStatus::Renewable
        } else {
            LabelStatus::Expired
        }
    }

    /// The key used in URLs (`status=valid,renewable`) and exports.
    pub fn key(self) -> &'static str {
        match self {
            LabelStatus::Upcoming => "upcoming",
            LabelStatus::Valid => "valid",
            LabelStatus::Renewable => "renewable",
            LabelStatus::Expired => "expired",
        }
    }

    pub fn parse(key: &str) -> Option<LabelStatus> {
        LabelStatus::ALL.into_iter().find(|s| s.key() == key)
    }

    /// A short word for badges, facets and table cells.
    pub fn title(self) -> &'static str {
        match self {
            LabelStatus::Upcoming => "Not yet labelled",
            LabelStatus::Valid => "Valid",
            LabelStatus::Renewable => "Renewable",
            LabelStatus::Expired => "Expired",
        }
    }

    /// Whether the label is in force: valid, neither upcoming nor lapsed.
    pub fn in_force(self) -> bool {
        self == LabelStatus::Valid
    }
}

/// The dates that matter for a label valid until a given day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Deadlines {
    /// Its assumed start: two years before it ends.
    pub start: NaiveDate,
    pub valid_until: NaiveDate,
    /// The last day it can be renewed: a year after it ends.
    pub renewable_until: NaiveDate,
    /// Where a renewal would take it: three years after it ends.
    pub renewed_until: NaiveDate,
}

impl Deadlines {
    pub fn of(valid_until: NaiveDate) -> Deadlines {
        let months = |n: i32| {
            let shifted = if n < 0 {
                valid_until.checked_sub_months(Months::new(n.unsigned_abs()))
            } else {
                valid_until.checked_add_months(Months::new(n as u32))
            };
            shifted.unwrap_or(if n < 0 {
                NaiveDate::MIN
            } else {
                NaiveDate::MAX
            })
        };
        Deadlines {
            start: months(-24),
            valid_until,
            renewable_until: months(12),
            renewed_until: months(36),
        }
    }
}

/// The last day on which an expired label can still be renewed.
pub fn renewable_until(valid_until: NaiveDate) -> NaiveDate {
    Deadlines::of(valid_until).renewable_until
}

/// When a label came into force, taken to be two years before it ends.
pub fn assumed_start(valid_until: NaiveDate) -> NaiveDate {
    Deadlines::of(valid_until).start
}

/// year * 12 + month0: consecutive months are consecutive numbers.
pub fn month_number(date: NaiveDate) -> i32 {
    date.year() * 12 + date.month0() as i32
}

/// The first month (a `month_number`) on whose first day a label valid until `valid_until` is
/// in force (valid): the month of its start, or the next one if it starts after the first.
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

/// The status in one phrase for a badge, relative to `on`, starting with the status's own word:
/// "Valid for 3 more months", "Renewable for 9 more months", "Expired 10 years ago".
pub fn status_phrase(valid_until: NaiveDate, on: NaiveDate) -> String {
    let d = Deadlines::of(valid_until);
    match LabelStatus::on(valid_until, on) {
        LabelStatus::Upcoming => {
            let (n, unit) = span(on, d.start);
            format!("Not yet labelled, starts in {n} {unit}")
        }
        LabelStatus::Valid if on == valid_until => "Valid, last day".to_string(),
        LabelStatus::Valid => {
            let (n, unit) = span(on, valid_until);
            format!("Valid for {n} more {unit}")
        }
        LabelStatus::Renewable if on == d.renewable_until => "Renewable, last day".to_string(),
        LabelStatus::Renewable => {
            let (n, unit) = span(on, d.renewable_until);
            format!("Renewable for {n} more {unit}")
        }
        LabelStatus::Expired => {
            let (n, unit) = span(valid_until, on);
            format!("Expired {n} {unit} ago")
        }
    }
}

/// Where the label stands on `on`, as the one sentence the detail panel gives it: what holds
/// and until when, or what is needed now.
pub fn status_sentence(valid_until: NaiveDate, on: NaiveDate) -> String {
    let d = Deadlines::of(valid_until);
    match LabelStatus::on(valid_until, on) {
        LabelStatus::Upcoming => format!(
            "Before its first term, which is assumed to start {}.",
            long(d.start)
        ),
        LabelStatus::Valid => format!("Valid until {}.", long(d.valid_until)),
        LabelStatus::Renewable => format!("Can be renewed until {}.", long(d.renewable_until)),
        LabelStatus::Expired => format!(
            "Renewal closed on {}: a new assessment is needed.",
            long(d.renewable_until)
        ),
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
        check("2016-06-17", "2014-06-16", Upcoming); // the day before its start
        check("2016-06-17", "2014-06-17", Valid); // its first day
        check("2016-06-17", "2016-06-16", Valid);
        check("2016-06-17", "2016-06-17", Valid); // the expiry day itself
        check("2016-06-17", "2016-06-18", Renewable);
        check("2016-06-17", "2017-06-17", Renewable); // one year later
        check("2016-06-17", "2017-06-18", Expired);
        check("2016-02-29", "2017-02-28", Renewable); // leap day: a year later is 28 February
        check("2016-02-29", "2017-03-01", Expired);
        check("2016-02-29", "2014-02-27", Upcoming); // and two years before, too
        check("2016-02-29", "2014-02-28", Valid);
        check("2015-02-28", "2016-02-28", Renewable);
        check("2015-02-28", "2016-02-29", Expired);
        check("2015-03-01", "2016-02-29", Renewable);
        check("2018-01-31", "2016-01-31", Valid); // month ends stay month ends
        check("2018-01-31", "2016-01-30", Upcoming);
    }

    #[test]
    fn deadlines() {
        fn check(valid_until: &str, [start, renewable, renewed]: [&str; 3]) {
            let got = Deadlines::of(d(valid_until));
            assert_eq!(
                [got.start, got.renewable_until, got.renewed_until],
                [d(start), d(renewable), d(renewed)],
                "{valid_until}"
            );
        }
        check("2016-06-17", ["2014-06-17", "2017-06-17", "2019-06-17"]);
        check("2016-02-29", ["2014-02-28", "2017-02-28", "2019-02-28"]);
        check("2015-02-28", ["2013-02-28", "2016-02-28", "2018-02-28"]);
        check("2017-08-31", ["2015-08-31", "2018-08-31", "2020-08-31"]);
        check("2018-12-31", ["2016-12-31", "2019-12-31", "2021-12-31"]);
        // At the ends of the calendar, the dates stop there rather than wrap or panic.
        assert_eq!(Deadlines::of(NaiveDate::MAX).renewed_until, NaiveDate::MAX);
        assert_eq!(Deadlines::of(NaiveDate::MIN).start, NaiveDate::MIN);
    }

    #[test]
    fn keys_round_trip() {
        for s in LabelStatus::ALL {
            assert_eq!(LabelStatus::parse(s.key()), Some(s));
        }
        assert_eq!(LabelStatus::parse("Valid"), None);
        for l in Label::ALL {
            assert_eq!(Label::parse(l.key()), Some(l));
            assert_eq!(
                serde_json::to_string(&l).unwrap(),
                format!("\"{}\"", l.key())
            );
        }
        assert_eq!(Label::parse("platinum"), None);
    }

    #[test]
    fn status_phrases() {
        fn check(valid_until: &str, on: &str, expected: &str) {
            assert_eq!(
                status_phrase(d(valid_until), d(on)),
                expected,
                "{valid_until} on {on}"
            );
        }
        check("2016-06-17", "2016-06-17", "Valid, last day");
        check("2016-06-17", "2016-06-16", "Valid for 1 more day");
        check("2016-09-17", "2016-06-16", "Valid for 3 more months");
        check("2019-06-17", "2017-06-17", "Valid for 2 more years");
        check("2016-06-17", "2016-08-20", "Renewable for 9 more months");
        check("2016-06-17", "2016-06-18", "Renewable for 11 more months");
        check("2016-06-17", "2017-06-16", "Renewable for 1 more day");
        check("2016-06-17", "2017-06-17", "Renewable, last day");
        check("2016-06-17", "2017-06-18", "Expired 1 year ago");
        check("2014-03-01", "2021-11-21", "Expired 7 years ago");
        check("2016-02-11", "2026-12-07", "Expired 10 years ago");
        check(
            "2019-06-17",
            "2016-06-16",
            "Not yet labelled, starts in 1 year",
        );
        check(
            "2019-06-17",
            "2017-06-10",
            "Not yet labelled, starts in 7 days",
        );
        check(
            "2019-06-17",
            "2017-06-16",
            "Not yet labelled, starts in 1 day",
        );
        // Every phrase begins with its status's word, the one the filters use.
        for on in [
            "2013-01-01",
            "2015-01-01",
            "2016-06-17",
            "2017-01-01",
            "2020-01-01",
        ] {
            let phrase = status_phrase(d("2016-06-17"), d(on));
            let status = LabelStatus::on(d("2016-06-17"), d(on));
            assert!(phrase.starts_with(status.title()), "{phrase}");
        }
    }

    #[test]
    fn status_sentences_at_each_status_and_its_edge_days() {
        fn check(on: &str, expected: &str) {
            assert_eq!(
                status_sentence(d("2016-02-11"), d(on)),
                expected,
                "2016-02-11 on {on}"
            );
        }
        let upcoming = "Before its first term, which is assumed to start 11 February 2014.";
        let valid = "Valid until 11 February 2016.";
        let renewable = "Can be renewed until 11 February 2017.";
        let expired = "Renewal closed on 11 February 2017: a new assessment is needed.";
        check("2013-05-01", upcoming);
        check("2014-02-10", upcoming); // the day before its assumed start
        check("2014-02-11", valid); // its first day
        check("2015-06-30", valid);
        check("2016-02-11", valid); // its last day
        check("2016-02-12", renewable); // the day after
        check("2016-09-01", renewable);
        check("2017-02-11", renewable); // the last day to renew
        check("2017-02-12", expired);
        check("2026-12-07", expired);
        // 29 February: a year on is 28 February, two years back too.
        assert_eq!(
            status_sentence(d("2016-02-29"), d("2017-02-28")),
            "Can be renewed until 28 February 2017."
        );
        assert_eq!(
            status_sentence(d("2016-02-29"), d("2017-03-01")),
            "Renewal closed on 28 February 2017: a new assessment is needed."
        );
        assert_eq!(
            status_sentence(d("2016-02-29"), d("2014-02-27")),
            "Before its first term, which is assumed to start 28 February 2014."
        );
    }

    #[test]
    fn the_first_month_in_force_is_the_first_first_of_a_month_it_is_valid_on() {
        for days in 0..800 {
            let valid_until = d("2016-01-01") + chrono::Days::new(days);
            let month = first_month_in_force(valid_until);
            let first =
                NaiveDate::from_ymd_opt(month.div_euclid(12), month.rem_euclid(12) as u32 + 1, 1)
                    .unwrap();
            let before = first.checked_sub_months(Months::new(1)).unwrap();
            assert!(
                LabelStatus::on(valid_until, first).in_force(),
                "{valid_until}"
            );
            assert!(
                !LabelStatus::on(valid_until, before).in_force(),
                "{valid_until}"
            );
        }
    }
}
