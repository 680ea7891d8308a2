//! The expiry window: the labels whose "valid until" falls in a span of months, as the URL key
//! `expires=YYYY-MM..YYYY-MM` gives it (inclusive months; either end may be left open).

use chrono::{Datelike, NaiveDate};

use crate::label::month_number;

/// A month as a `label::month_number` (year * 12 + month0).
pub type Month = i32;

/// Inclusive months of `valid_until`; `None` is an open end.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ExpiryWindow {
    pub from: Option<Month>,
    pub to: Option<Month>,
}

/// `YYYY-MM`, exactly.
fn parse_month(text: &str) -> Option<Month> {
    let b = text.as_bytes();
    if b.len() != 7
        || b[4] != b'-'
        || !b
            .iter()
            .enumerate()
            .all(|(i, c)| i == 4 || c.is_ascii_digit())
    {
        return None;
    }
    let year: i32 = text[..4].parse().ok()?;
    let month: i32 = text[5..].parse().ok()?;
    (1..=12).contains(&month).then_some(year * 12 + month - 1)
}

fn write_month(m: Month) -> String {
    format!("{:04}-{:02}", m.div_euclid(12), m.rem_euclid(12) + 1)
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// "Jul 2018".
pub fn month_name(m: Month) -> String {
    format!("{} {}", MONTHS[m.rem_euclid(12) as usize], m.div_euclid(12))
}

impl ExpiryWindow {
    /// Reads `2016-01..2016-06`, `2018-07..` or `..2013-12`. `None` for anything else: no `..`,
    /// a month that is not `YYYY-MM` between 01 and 12, both ends open, or an end before the start.
    pub fn parse(text: &str) -> Option<ExpiryWindow> {
        let (from, to) = text.split_once("..")?;
        let end = |s: &str| {
            if s.is_empty() {
                Some(None)
            } else {
                parse_month(s).map(Some)
            }
        };
        let window = ExpiryWindow {
            from: end(from)?,
            to: end(to)?,
        };
        match (window.from, window.to) {
            (None, None) => None,
            (Some(a), Some(b)) if b < a => None,
            _ => Some(window),
        }
    }

    /// The URL form, the inverse of `parse`.
    pub fn to_param(self) -> String {
        let end = |m: Option<Month>| m.map(write_month).unwrap_or_default();
        format!("{}..{}", end(self.from), end(self.to))
    }

    /// Whether a label valid until `date` expires in the window.
    pub fn contains(self, date: NaiveDate) -> bool {
        self.contains_month(month_number(date))
    }

    pub fn contains_month(self, m: Month) -> bool {
        self.from.is_none_or(|from| m >= from) && self.to.is_none_or(|to| m <= to)
    }

    /// The window in words: "Jul 2018 – Dec 2018", "from Jul 2018", "until Dec 2013".
    pub fn describe(self) -> String {
        match (self.from, self.to) {
            (Some(a), Some(b)) if a == b => month_name(a),
            (Some(a), Some(b)) => format!("{} – {}", month_name(a), month_name(b)),
            (Some(a), None) => format!("from {}", month_name(a)),
            (None, Some(b)) => format!("until {}", month_name(b)),
            (None, None) => "any month".to_string(),
        }
    }

    /// The first and last day of the window, where it has ends (for `<input type="month">`'s
    /// `YYYY-MM` and for the calendar export).
    pub fn ends(self) -> (Option<String>, Option<String>) {
        (self.from.map(write_month), self.to.map(write_month))
    }
}

/// The month of a date, as `<input type="month">` writes it.
pub fn month_param(date: NaiveDate) -> String {
    format!("{:04}-{:02}", date.year(), date.month())
}

/// The months' names, for reading what a person typed.
const MONTH_NAMES: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// A month as a person types it where a browser shows `<input type="month">` as a plain text box
/// (Firefox, WebKitGTK): `2018-07` (what the other browsers' pickers give), `2018-7`, `2018/07`,
/// `07/2018`, `7.2018`, `Jul 2018`, `July 2018`, `jul-2018`, `2018 Sept`. A year of four digits
/// and a month (a number from 1 to 12, or an English name or its first three letters or more), in
/// either order; `None` for anything else.
pub fn parse_typed_month(text: &str) -> Option<Month> {
    if let Some(month) = parse_month(text.trim()) {
        return Some(month);
    }
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || matches!(c, '-' | '/' | '.' | ','))
        .filter(|w| !w.is_empty())
        .collect();
    let [a, b] = words[..] else {
        return None;
    };
    let year = |w: &str| {
        (w.len() == 4 && w.bytes().all(|c| c.is_ascii_digit()))
            .then(|| w.parse::<i32>().ok())
            .flatten()
    };
    let month = |w: &str| -> Option<i32> {
        if w.bytes().all(|c| c.is_ascii_digit()) {
            let n: i32 = w.parse().ok().filter(|_| w.len() <= 2)?;
            return (1..=12).contains(&n).then_some(n);
        }
        let lower = w.to_ascii_lowercase();
        let named = MONTH_NAMES.iter().position(|name| name.starts_with(&lower));
        named.filter(|_| lower.len() >= 3).map(|i| i as i32 + 1)
    };
    let (y, m) = match (year(a), year(b)) {
        (Some(y), None) => (y, month(b)?),
        (None, Some(y)) => (y, month(a)?),
        _ => return None,
    };
    Some(y * 12 + m - 1)
}

/// Why what was typed into the two month inputs is not an expiry window.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TypedWindowError {
    /// One end is neither empty nor a month [`parse_typed_month`] reads.
    NotAMonth,
    /// The second month comes before the first.
    Reversed,
}

impl ExpiryWindow {
    /// The window the "From" and "Until" inputs give: either may be empty (an open end); both
    /// empty is no window at all.
    pub fn from_typed(from: &str, to: &str) -> Result<Option<ExpiryWindow>, TypedWindowError> {
        let end = |text: &str| {
            if text.trim().is_empty() {
                Ok(None)
            } else {
                parse_typed_month(text)
                    .map(Some)
                    .ok_or(TypedWindowError::NotAMonth)
            }
        };
        match (end(from)?, end(to)?) {
            (None, None) => Ok(None),
            (Some(a), Some(b)) if b < a => Err(TypedWindowError::Reversed),
            (from, to) => Ok(Some(ExpiryWindow { from, to })),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expected: Option<&str>) {
        let got = ExpiryWindow::parse(text);
        assert_eq!(
            got.map(ExpiryWindow::to_param).as_deref(),
            expected,
            "{text}"
        );
    }

    #[test]
    fn windows() {
        check("2016-01..2016-06", Some("2016-01..2016-06"));
        check("2018-07..", Some("2018-07.."));
        check("..2013-12", Some("..2013-12"));
        check("2016-05..2016-05", Some("2016-05..2016-05"));
        for bad in [
            "",
            "..",
            "2016-13..x",
            "2016-06..2016-01",
            "2016-1..2016-02",
            "2016-00..",
            "201601..",
            "2016-01",
            "2016-01...2016-02",
            "+016-01..",
            "２016-01..",
            "2016-01..2016-02..",
        ] {
            check(bad, None);
        }
    }

    #[test]
    fn what_is_inside() {
        let w = ExpiryWindow::parse("2016-01..2016-06").unwrap();
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert!(w.contains(d("2016-01-01")));
        assert!(w.contains(d("2016-06-30")));
        assert!(!w.contains(d("2015-12-31")));
        assert!(!w.contains(d("2016-07-01")));
        let open = ExpiryWindow::parse("..2013-12").unwrap();
        assert!(open.contains(d("1999-01-01")) && !open.contains(d("2014-01-01")));
        assert_eq!(w.describe(), "Jan 2016 – Jun 2016");
        assert_eq!(
            ExpiryWindow::parse("2018-07..").unwrap().describe(),
            "from Jul 2018"
        );
        assert_eq!(open.describe(), "until Dec 2013");
        assert_eq!(
            ExpiryWindow::parse("2016-02..2016-02").unwrap().describe(),
            "Feb 2016"
        );
    }

    fn check_typed(text: &str, expected: Option<&str>) {
        let got = parse_typed_month(text).map(write_month);
        assert_eq!(got.as_deref(), expected, "{text:?}");
    }

    #[test]
    fn typed_months() {
        for (typed, month) in [
            ("2018-07", "2018-07"),
            (" 2018-07 ", "2018-07"),
            ("2018-7", "2018-07"),
            ("2018/07", "2018-07"),
            ("07/2018", "2018-07"),
            ("7.2018", "2018-07"),
            ("Jul 2018", "2018-07"),
            ("july 2018", "2018-07"),
            ("JUL-2018", "2018-07"),
            ("2018 Jul", "2018-07"),
            ("Sept 2016", "2016-09"),
            ("Dec, 2013", "2013-12"),
            ("1/2016", "2016-01"),
        ] {
            check_typed(typed, Some(month));
        }
        for bad in [
            "",
            "2018",
            "Jul",
            "Ju 2018",
            "13/2018",
            "0/2018",
            "2018-13",
            "2018-00",
            "18-07",
            "Jul 18",
            "Jul 2018 2019",
            "2018 2019",
            "Juli 2018",
            "007/2018",
            "２018-07",
            "Jul 2018x",
        ] {
            check_typed(bad, None);
        }
    }

    #[test]
    fn typed_windows() {
        let window =
            |from, to| ExpiryWindow::from_typed(from, to).map(|w| w.map(ExpiryWindow::to_param));
        assert_eq!(window("Jul 2018", ""), Ok(Some("2018-07..".to_string())));
        assert_eq!(window("", "2013-12"), Ok(Some("..2013-12".to_string())));
        assert_eq!(
            window("1/2016", "June 2016"),
            Ok(Some("2016-01..2016-06".to_string()))
        );
        assert_eq!(window(" ", ""), Ok(None));
        assert_eq!(
            window("2016-06", "2016-01"),
            Err(TypedWindowError::Reversed)
        );
        assert_eq!(window("Jul 18", ""), Err(TypedWindowError::NotAMonth));
        assert_eq!(window("2016-01", "soon"), Err(TypedWindowError::NotAMonth));
    }

    proptest::proptest! {
        #[test]
        fn any_typed_text_reads_without_panic(from in "\\PC{0,24}", to in "\\PC{0,12}") {
            let _ = ExpiryWindow::from_typed(&from, &to);
        }

        #[test]
        fn any_text_parses_without_panic_and_round_trips(text in "\\PC{0,24}") {
            if let Some(w) = ExpiryWindow::parse(&text) {
                proptest::prop_assert_eq!(ExpiryWindow::parse(&w.to_param()), Some(w));
            }
        }

        #[test]
        fn any_window_survives_its_url(a in proptest::option::of(0i32..100_000), len in 0i32..500, open_end: bool) {
            let from = a;
            let to = if open_end { None } else { Some(a.unwrap_or(24_000) + len) };
            proptest::prop_assume!(from.is_some() || to.is_some());
            let w = ExpiryWindow { from, to };
            proptest::prop_assert_eq!(ExpiryWindow::parse(&w.to_param()), Some(w));
        }
    }
}
