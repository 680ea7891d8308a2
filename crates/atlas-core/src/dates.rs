//! Dates as the app reads and writes them: `YYYY-MM-DD`, the source's `YYYY/MM/DD`, and
//! "4 Feb 2017" for people.
//!
//! Written out here rather than with chrono's `format`/`parse_from_str`: those pull a strftime
//! interpreter into the wasm (tens of KB) and parse 100,000 dates several times slower.

use chrono::{Datelike, NaiveDate};

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Parses exactly `YYYY<sep>MM<sep>DD` (four, two and two digits). `None` for anything else,
/// including dates that do not exist (2017-02-30).
pub fn parse_ymd(text: &str, sep: u8) -> Option<NaiveDate> {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != sep || b[7] != sep {
        return None;
    }
    let number = |range: std::ops::Range<usize>| -> Option<u32> {
        b[range].iter().try_fold(0u32, |n, &d| {
            d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
        })
    };
    NaiveDate::from_ymd_opt(number(0..4)? as i32, number(5..7)?, number(8..10)?)
}

/// `YYYY-MM-DD`.
pub fn parse_iso(text: &str) -> Option<NaiveDate> {
    parse_ymd(text, b'-')
}

/// `YYYY-MM-DD`.
pub fn iso(date: NaiveDate) -> String {
    with_separator(date, '-')
}

/// The date with `sep` between year, month and day.
pub fn with_separator(date: NaiveDate, sep: char) -> String {
    format!(
        "{:04}{sep}{:02}{sep}{:02}",
        date.year(),
        date.month(),
        date.day()
    )
}

/// "4 February 2017".
pub fn long(date: NaiveDate) -> String {
    format!(
        "{} {} {}",
        date.day(),
        MONTHS[date.month0() as usize],
        date.year()
    )
}

/// "February 2017"; `month` counts from 1 (a month out of range is written as a number).
pub fn month_and_year(year: i32, month: u32) -> String {
    match month.checked_sub(1).and_then(|m| MONTHS.get(m as usize)) {
        Some(name) => format!("{name} {year}"),
        None => format!("{year}-{month:02}"),
    }
}

/// "4 Feb 2017".
pub fn short(date: NaiveDate) -> String {
    format!(
        "{} {} {}",
        date.day(),
        &MONTHS[date.month0() as usize][..3],
        date.year()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parsing() {
        fn check(text: &str, expected: Option<(i32, u32, u32)>) {
            let want = expected.and_then(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d));
            assert_eq!(parse_iso(text), want, "{text}");
        }
        check("2016-02-29", Some((2016, 2, 29)));
        check("0001-01-01", Some((1, 1, 1)));
        check("2017-02-30", None);
        check("2016-13-01", None);
        check("2016-1-01", None);
        check("2016/01/01", None);
        check("２016-01-01", None);
        check("+016-01-01", None);
        check("", None);
        assert_eq!(
            parse_ymd("2016/01/31", b'/'),
            NaiveDate::from_ymd_opt(2016, 1, 31)
        );
    }

    #[test]
    fn writing() {
        let d = NaiveDate::from_ymd_opt(2017, 2, 4).unwrap();
        assert_eq!(iso(d), "2017-02-04");
        assert_eq!(with_separator(d, '/'), "2017/02/04");
        assert_eq!(long(d), "4 February 2017");
        assert_eq!(short(d), "4 Feb 2017");
        assert_eq!(month_and_year(2017, 2), "February 2017");
        assert_eq!(month_and_year(2017, 13), "2017-13");
        assert_eq!(parse_iso(&iso(d)), Some(d));
    }
}
