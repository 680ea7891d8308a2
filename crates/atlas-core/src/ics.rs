//! The deadlines of a view as an iCalendar file (RFC 5545): per cluster, an all-day event on the
//! day its label ends and one on the last day it can be renewed.
//!
//! Written by hand rather than with a crate: the format needs escaping, folding and CRLF, which
//! fit in a page, and the browser build has a size budget. A test reads the file back with the
//! `icalendar` crate's parser.

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};

use crate::catalog::Catalog;
use crate::dates::long;
use crate::label::Deadlines;

/// One of the two dates of a label the calendar has an event for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Deadline {
    /// The day the label ends.
    ValidUntil,
    /// The last day it can be renewed.
    RenewBy,
}

impl Deadline {
    /// The part of an event's UID that says which date it is.
    pub fn key(self) -> &'static str {
        match self {
            Deadline::ValidUntil => "valid-until",
            Deadline::RenewBy => "renew-by",
        }
    }
}

/// `text` as an iCalendar TEXT value: `\`, `;`, `,` and line breaks escaped, other control
/// characters (which TEXT cannot hold) turned into spaces.
pub fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            c if c.is_control() && c != '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Appends one content line, folded so that no line is longer than 75 octets (a fold is CRLF
/// and a space, never inside a character), ending with CRLF.
fn push_line(out: &mut String, line: &str) {
    let mut width = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        // The first line has 75 octets; each continuation a space and 74.
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
}

fn date_value(d: NaiveDate) -> String {
    format!("{:04}{:02}{:02}", d.year(), d.month(), d.day())
}

fn stamp_value(t: NaiveDateTime) -> String {
    format!(
        "{}T{:02}{:02}{:02}Z",
        date_value(t.date()),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// The calendar of `rows`. `detail_url(id)` is the atlas's URL of a cluster's detail; `stamp` is
/// when the file is made (UTC), its events' DTSTAMP.
pub fn to_ics(
    catalog: &Catalog,
    rows: &[u32],
    detail_url: &dyn Fn(&str) -> String,
    stamp: NaiveDateTime,
) -> String {
    calendar(catalog, rows, detail_url, stamp, NaiveDate::MIN)
}

/// The deadlines of a label valid until `valid_until` that have not passed on `today` (a
/// deadline on `today` itself has not), in date order.
pub fn deadlines_ahead(valid_until: NaiveDate, today: NaiveDate) -> Vec<(Deadline, NaiveDate)> {
    let d = Deadlines::of(valid_until);
    [
        (Deadline::ValidUntil, d.valid_until),
        (Deadline::RenewBy, d.renewable_until),
    ]
    .into_iter()
    .filter(|&(_, day)| day >= today)
    .collect()
}

/// The calendar of one cluster's deadlines still ahead on `today`, or `None` when both have
/// passed: a calendar of past dates would only clutter the visitor's.
pub fn cluster_ics(
    catalog: &Catalog,
    row: u32,
    detail_url: &dyn Fn(&str) -> String,
    stamp: NaiveDateTime,
    today: NaiveDate,
) -> Option<String> {
    let c = catalog.cluster(row);
    (!deadlines_ahead(c.valid_until, today).is_empty())
        .then(|| calendar(catalog, &[row], detail_url, stamp, today))
}

/// The file name of one cluster's calendar: its id with anything but letters, digits and `-`
/// left out (ids come from the dataset).
pub fn cluster_file_name(id: &str) -> String {
    let safe: String = id
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .take(80)
        .collect();
    let stem = if safe.is_empty() { "cluster" } else { &safe };
    format!("{stem}-deadlines.ics")
}

/// The calendar of `rows`, with the events on or after `from`.
fn calendar(
    catalog: &Catalog,
    rows: &[u32],
    detail_url: &dyn Fn(&str) -> String,
    stamp: NaiveDateTime,
    from: NaiveDate,
) -> String {
    let mut out = String::new();
    for line in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//ECEI Cluster Atlas//Label deadlines//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:ECEI label deadlines",
    ] {
        push_line(&mut out, line);
    }
    let stamp = stamp_value(stamp);
    for &row in rows {
        let c = catalog.cluster(row);
        let deadlines = Deadlines::of(c.valid_until);
        let name = if c.name.is_empty() {
            format!("Unnamed cluster ({})", c.id)
        } else {
            c.name.clone()
        };
        let level = format!("ECEI {}", c.label.title());
        let url = detail_url(&c.id);
        let description = format!(
            "Country: {}\nSector: {}\nLabel: {level}\nValid until: {}\nRenewable until: {}\nIf renewed, valid until: {}\n{url}",
            catalog.country_name(&c.country),
            c.sector,
            long(deadlines.valid_until),
            long(deadlines.renewable_until),
            long(deadlines.renewed_until),
        );
        for (deadline, day) in deadlines_ahead(c.valid_until, from) {
            let what = match deadline {
                Deadline::ValidUntil => "label ends",
                Deadline::RenewBy => "last day to renew the label",
            };
            push_line(&mut out, "BEGIN:VEVENT");
            push_line(
                &mut out,
                &format!(
                    "UID:{}",
                    escape_text(&format!("{}.{}@ecei-cluster-atlas", c.id, deadline.key()))
                ),
            );
            push_line(&mut out, &format!("DTSTAMP:{stamp}"));
            push_line(&mut out, &format!("DTSTART;VALUE=DATE:{}", date_value(day)));
            let next = day.succ_opt().unwrap_or(day);
            push_line(&mut out, &format!("DTEND;VALUE=DATE:{}", date_value(next)));
            push_line(
                &mut out,
                &format!(
                    "SUMMARY:{}",
                    escape_text(&format!("{name}: {level} {what}"))
                ),
            );
            push_line(
                &mut out,
                &format!("DESCRIPTION:{}", escape_text(&description)),
            );
            push_line(&mut out, &format!("URL:{}", url));
            push_line(&mut out, "TRANSP:TRANSPARENT");
            push_line(&mut out, "END:VEVENT");
        }
    }
    push_line(&mut out, "END:VCALENDAR");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::LoadedDataset;
    use icalendar::Component;

    #[test]
    fn text_is_escaped() {
        fn check(text: &str, expected: &str) {
            assert_eq!(escape_text(text), expected, "{text:?}");
        }
        check("plain", "plain");
        check("a;b,c\\d", "a\\;b\\,c\\\\d");
        check("two\nlines\r\nand\rmore", "two\\nlines\\nand\\nmore");
        check("bell\u{7}tab\t", "bell tab\t");
        check("Pôle Mer", "Pôle Mer");
    }

    #[test]
    fn long_lines_fold_at_75_octets_between_characters() {
        let mut out = String::new();
        push_line(&mut out, &format!("SUMMARY:{}", "é".repeat(100)));
        assert!(out.ends_with("\r\n"));
        let lines: Vec<&str> = out.trim_end_matches("\r\n").split("\r\n").collect();
        assert!(lines.len() > 2);
        for (i, line) in lines.iter().enumerate() {
            assert!(line.len() <= 75, "line {i}: {} octets", line.len());
            assert_eq!(i > 0, line.starts_with(' '), "line {i}");
        }
        let unfolded: String = lines
            .iter()
            .enumerate()
            .map(|(i, l)| if i == 0 { *l } else { &l[1..] })
            .collect();
        assert_eq!(unfolded, format!("SUMMARY:{}", "é".repeat(100)));
    }

    fn catalog(extra: &str) -> Catalog {
        Catalog::new(
            LoadedDataset::from_json(&format!(
                r#"{{"clusters":[
                {{"id":"es-aera","name":"AERA, Cluster; Aeronáutico \\ Aragonés","country":"ES","sector":"Aviation and space","valid_until":"2018-09-06","label":"silver"}},
                {{"id":"it-unnamed","name":"","country":"IT","sector":"Food industry","valid_until":"2016-02-29"}}{extra}],
                "countries":[{{"code":"ES","name":"Spain"}},{{"code":"IT","name":"Italy"}}]}}"#
            ))
            .unwrap(),
        )
    }

    fn write(cat: &Catalog) -> String {
        let rows: Vec<u32> = (0..cat.len() as u32).collect();
        let stamp = NaiveDate::from_ymd_opt(2026, 12, 1)
            .unwrap()
            .and_hms_opt(9, 30, 0)
            .unwrap();
        to_ics(
            cat,
            &rows,
            &|id| format!("https://atlas.example/?cluster={id}"),
            stamp,
        )
    }

    #[test]
    fn every_date_reads_back_through_a_real_parser() {
        let cat = catalog("");
        let text = write(&cat);
        assert!(text.split("\r\n").all(|l| l.len() <= 75));
        assert!(!text.replace("\r\n", "").contains('\n'), "CRLF only");
        let calendar: icalendar::Calendar = text.parse().expect("a calendar");
        let events: Vec<&icalendar::Event> = calendar
            .components
            .iter()
            .filter_map(|c| c.as_event())
            .collect();
        assert_eq!(events.len(), 2 * cat.len());
        let mut uids = Vec::new();
        for c in &cat.dataset.clusters {
            let d = Deadlines::of(c.valid_until);
            for (key, day) in [
                ("valid-until", d.valid_until),
                ("renew-by", d.renewable_until),
            ] {
                let uid = format!("{}.{key}@ecei-cluster-atlas", c.id);
                let event = events
                    .iter()
                    .find(|e| e.get_uid() == Some(uid.as_str()))
                    .unwrap_or_else(|| panic!("no event {uid}"));
                assert_eq!(
                    event.get_start(),
                    Some(icalendar::DatePerhapsTime::Date(day)),
                    "{uid}"
                );
                assert_eq!(
                    event.get_end(),
                    Some(icalendar::DatePerhapsTime::Date(day.succ_opt().unwrap())),
                    "{uid}"
                );
                let summary = event.get_summary().unwrap_or_default();
                let name = if c.name.is_empty() {
                    "Unnamed cluster"
                } else {
                    c.name.as_str()
                };
                assert!(summary.starts_with(name), "{summary}");
                let description = event.get_description().unwrap_or_default();
                assert!(
                    description.contains(catalog_country(&cat, &c.country)),
                    "{description}"
                );
                assert!(description.contains(&format!("https://atlas.example/?cluster={}", c.id)));
                assert!(description.contains(&format!("ECEI {}", c.label.title())));
                uids.push(uid);
            }
        }
        uids.sort();
        uids.dedup();
        assert_eq!(uids.len(), events.len(), "UIDs are unique");
        assert!(text.contains("DTSTAMP:20261201T093000Z"));
        assert!(text.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:"));
        // 29 February: renewable until 28 February of the next year.
        assert!(text.contains("DTSTART;VALUE=DATE:20170228"));
    }

    #[test]
    fn a_cluster_calendar_holds_only_the_deadlines_ahead() {
        fn check(today: &str, expected: &[&str]) {
            let cat = catalog("");
            let today = crate::dates::parse_iso(today).unwrap();
            let stamp = today.and_hms_opt(0, 0, 0).unwrap();
            let text = cluster_ics(
                &cat,
                0,
                &|id| format!("https://a.example/?cluster={id}"),
                stamp,
                today,
            );
            let starts: Vec<String> = text
                .iter()
                .flat_map(|t| t.split("\r\n"))
                .filter_map(|l| l.strip_prefix("DTSTART;VALUE=DATE:"))
                .map(str::to_string)
                .collect();
            assert_eq!(starts, expected, "{today}");
            if let Some(text) = text {
                let parsed: icalendar::Calendar = text.parse().expect("a calendar");
                assert_eq!(parsed.components.len(), expected.len());
            }
        }
        // es-aera: valid until 6 September 2018, renewable until 6 September 2019.
        check("2018-01-01", &["20180906", "20190906"]);
        check("2018-09-06", &["20180906", "20190906"]); // the day itself is still ahead
        check("2018-09-07", &["20190906"]);
        check("2019-09-06", &["20190906"]);
        check("2019-09-07", &[]); // nothing ahead: no calendar at all
    }

    #[test]
    fn cluster_file_names_keep_to_safe_characters() {
        assert_eq!(cluster_file_name("es-aertic"), "es-aertic-deadlines.ics");
        assert_eq!(cluster_file_name("../x y\\z~2"), "xyz2-deadlines.ics");
        assert_eq!(cluster_file_name("//"), "cluster-deadlines.ics");
    }

    fn catalog_country<'a>(cat: &'a Catalog, code: &'a str) -> &'a str {
        cat.country_name(code)
    }

    #[test]
    fn a_ten_thousand_character_name_folds_and_reads_back() {
        let long = format!("{}, ünïcode; end", "x".repeat(9_990));
        let cluster = crate::model::Cluster {
            id: "fr-long".into(),
            name: long.clone(),
            country: "FR".into(),
            sector: "ICT".into(),
            website: None,
            website_ok: false,
            valid_until: NaiveDate::from_ymd_opt(2017, 1, 1).unwrap(),
            label: crate::label::Label::Gold,
            flags: vec![],
        };
        let cat = Catalog::new(LoadedDataset {
            dataset: crate::model::Dataset::from_clusters(vec![cluster], &|_| "France".into()),
            problems: vec![],
        });
        let text = write(&cat);
        assert!(text.len() > 20_000);
        assert!(text.split("\r\n").all(|l| l.len() <= 75));
        let calendar: icalendar::Calendar = text.parse().expect("a calendar");
        let summary = calendar
            .components
            .iter()
            .filter_map(|c| c.as_event())
            .find(|e| e.get_uid() == Some("fr-long.valid-until@ecei-cluster-atlas"))
            .and_then(|e| e.get_summary().map(str::to_string))
            .unwrap_or_default();
        assert_eq!(summary, format!("{long}: ECEI Gold label ends"));
    }
}
