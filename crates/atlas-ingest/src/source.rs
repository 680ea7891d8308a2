//! The parser of ESCA's country listing pages, as saved as text.
//!
//! A page is prose, then the header line `Name Comparative portfolio www Label valid until`, then
//! rows `NAME SECTOR [WEBSITE] YYYY/MM/DD`. The source is not clean: a line may hold two records
//! (split on each date), a name may be missing or a fragment, a website may be cut off. Every
//! dated record is kept and its oddities are flagged; anything we cannot read is an error that
//! names the line. No I/O here: the CLI reads files and adds their names to the errors.

use chrono::NaiveDate;

use atlas_core::dates::{iso, parse_ymd, with_separator};
use atlas_core::ids::UniqueIds;
use atlas_core::model::{slugify, Cluster, Flag, Label, SECTORS};
use atlas_core::website::website_is_ok;

pub const HEADER: &str = "Name Comparative portfolio www Label valid until";

/// One dated record as printed on a page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceRow {
    /// 1-based line number in the page.
    pub line: usize,
    pub name: String,
    pub sector: String,
    pub website: Option<String>,
    pub valid_until: NaiveDate,
    pub flags: Vec<Flag>,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct ParseError {
    pub line: usize,
    pub message: String,
}

/// A `YYYY/MM/DD` token found in a line: its byte range and whether it is a real date.
struct DateToken {
    start: usize,
    end: usize,
    date: Result<NaiveDate, String>,
}

/// Finds every `dddd/dd/dd` token that stands as a word of its own.
fn date_tokens(line: &str) -> Vec<DateToken> {
    let bytes = line.as_bytes();
    let mut found = Vec::new();
    let shape = |i: usize| {
        let t = &bytes[i..i + 10];
        t[..4].iter().all(u8::is_ascii_digit)
            && t[4] == b'/'
            && t[5..7].iter().all(u8::is_ascii_digit)
            && t[7] == b'/'
            && t[8..10].iter().all(u8::is_ascii_digit)
    };
    let mut i = 0;
    while i + 10 <= bytes.len() {
        let starts_word = i == 0 || bytes[i - 1] == b' ';
        let ends_word = i + 10 == bytes.len() || bytes[i + 10] == b' ';
        if starts_word && ends_word && shape(i) {
            let text = &line[i..i + 10];
            let date =
                parse_ymd(text, b'/').ok_or_else(|| format!("{text} is not a calendar date"));
            found.push(DateToken {
                start: i,
                end: i + 10,
                date,
            });
            i += 10;
        } else {
            i += 1;
        }
    }
    found
}

fn looks_like_website(token: &str) -> bool {
    let lower = token.to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("www.")
}

/// Splits `NAME SECTOR [WEBSITE]` (the text before one date). The sector is the longest
/// vocabulary name the text ends with, so names that contain sector words stay whole.
fn split_record(text: &str) -> Result<(String, String, Option<String>), String> {
    let text = text.trim();
    let (rest, website) = match text.rsplit_once(' ') {
        Some((rest, last)) if looks_like_website(last) => (rest.trim_end(), Some(last.to_string())),
        None if looks_like_website(text) => ("", Some(text.to_string())),
        _ => (text, None),
    };
    let sector = SECTORS
        .iter()
        .filter(|s| {
            rest.strip_suffix(*s)
                .is_some_and(|before| before.is_empty() || before.ends_with(' '))
        })
        .max_by_key(|s| s.len());
    match sector {
        Some(sector) => {
            let name = rest[..rest.len() - sector.len()].trim_end().to_string();
            Ok((name, sector.to_string(), website))
        }
        None if rest.is_empty() => Err("a record has no sector".to_string()),
        None => Err(format!(
            "unknown sector at the end of \"{}\" (expected one of: {})",
            rest,
            SECTORS.join("; ")
        )),
    }
}

/// Parses one row line (already trimmed, not blank) into its records.
pub fn parse_line(line_no: usize, line: &str) -> Result<Vec<SourceRow>, ParseError> {
    let err = |message: String| ParseError {
        line: line_no,
        message,
    };
    let dates = date_tokens(line);
    if dates.is_empty() {
        return Err(err(format!("row has no date (YYYY/MM/DD): \"{line}\"")));
    }
    let tail = line[dates[dates.len() - 1].end..].trim();
    if !tail.is_empty() {
        return Err(err(format!(
            "text after the last date has no date: \"{tail}\""
        )));
    }
    let shared = dates.len() > 1;
    let mut rows = Vec::with_capacity(dates.len());
    let mut from = 0;
    for token in dates {
        let valid_until = token.date.clone().map_err(err)?;
        let (name, sector, website) = split_record(&line[from..token.start]).map_err(err)?;
        from = token.end;
        let mut flags = Vec::new();
        if name.is_empty() {
            flags.push(Flag::NameMissing);
        } else if name.starts_with(['–', '—', '-']) {
            flags.push(Flag::NameTruncated);
        }
        if shared {
            flags.push(Flag::SharedLine);
        }
        if website.as_deref().is_some_and(|w| !website_is_ok(w)) {
            flags.push(Flag::WebsiteInvalid);
        }
        rows.push(SourceRow {
            line: line_no,
            name,
            sector,
            website,
            valid_until,
            flags,
        });
    }
    Ok(rows)
}

/// Parses the saved text of a whole country page: everything up to the header line is skipped.
/// Accepts a UTF-8 BOM, CRLF line ends, trailing spaces and blank lines.
pub fn parse_page(text: &str) -> Result<Vec<SourceRow>, ParseError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.lines().enumerate().map(|(i, l)| (i + 1, l.trim()));
    if !lines.by_ref().any(|(_, l)| l == HEADER) {
        return Err(ParseError {
            line: text.lines().count().max(1),
            message: format!("header line not found: \"{HEADER}\""),
        });
    }
    let mut rows = Vec::new();
    for (line_no, line) in lines {
        if !line.is_empty() {
            rows.extend(parse_line(line_no, line)?);
        }
    }
    Ok(rows)
}

/// Longest id slug taken from a name; ids stay readable in URLs.
const MAX_ID_CHARS: usize = 60;

/// Turns one country's parsed rows into dataset records. Ids are `cc-name-slug`, stable as long
/// as the name is; `ids` holds the ids given so far (`UniqueIds::new('-')`: a clash gets `-2`,
/// `-3`…).
pub fn to_clusters(
    country: &str,
    label: Label,
    rows: &[SourceRow],
    ids: &mut UniqueIds,
) -> Vec<Cluster> {
    rows.iter()
        .map(|row| {
            let mut base = slugify(&row.name);
            if base.is_empty() {
                base = format!(
                    "unnamed-{}-{}",
                    slugify(&row.sector),
                    iso(row.valid_until).replace('-', "")
                );
            }
            if base.len() > MAX_ID_CHARS {
                let cut = base[..MAX_ID_CHARS].rfind('-').unwrap_or(MAX_ID_CHARS);
                base.truncate(cut);
            }
            let id = ids.claim(&format!("{}-{base}", country.to_ascii_lowercase()));
            let website_ok = row.website.as_deref().is_some_and(website_is_ok);
            Cluster {
                id,
                name: row.name.clone(),
                country: country.to_string(),
                sector: row.sector.clone(),
                website: row.website.clone(),
                website_ok,
                valid_until: row.valid_until,
                label,
                flags: row.flags.clone(),
            }
        })
        .collect()
}

/// Writes a record back as a row, the inverse of `parse_line` for one-record lines.
pub fn format_row(
    name: &str,
    sector: &str,
    website: Option<&str>,
    valid_until: NaiveDate,
) -> String {
    let mut parts: Vec<String> = Vec::new();
    if !name.is_empty() {
        parts.push(name.to_string());
    }
    parts.push(sector.to_string());
    if let Some(w) = website {
        parts.push(w.to_string());
    }
    parts.push(with_separator(valid_until, '/'));
    parts.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    /// An expected record: (name, sector, website, date, flags).
    type Expected<'a> = (&'a str, &'a str, Option<&'a str>, &'a str, &'a [Flag]);

    /// One case per rule: the line, then each expected record.
    fn check(line: &str, expected: &[Expected]) {
        let rows = parse_line(7, line).unwrap_or_else(|e| panic!("{line}: {e}"));
        let got: Vec<_> = rows
            .iter()
            .map(|r| {
                assert_eq!(r.line, 7);
                (
                    r.name.as_str(),
                    r.sector.as_str(),
                    r.website.as_deref(),
                    r.valid_until,
                    r.flags.as_slice(),
                )
            })
            .collect();
        let want: Vec<_> = expected
            .iter()
            .map(|(n, s, w, d, f)| (*n, *s, *w, date(d), *f))
            .collect();
        assert_eq!(got, want, "{line}");
    }

    fn check_err(line: &str, message_part: &str) {
        match parse_line(3, line) {
            Ok(rows) => panic!("{line}: expected an error, got {rows:?}"),
            Err(e) => {
                assert_eq!(e.line, 3);
                assert!(e.message.contains(message_part), "{line}: {}", e.message);
            }
        }
    }

    #[test]
    fn plain_rows() {
        check(
            "AERTIC ICT 2016/02/11",
            &[("AERTIC", "ICT", None, "2016-02-11", &[])],
        );
        check(
            "AERA - Cluster Aeronautico Aragonés Aviation and space 2018/09/06",
            &[(
                "AERA - Cluster Aeronautico Aragonés",
                "Aviation and space",
                None,
                "2018-09-06",
                &[],
            )],
        );
    }

    #[test]
    fn sectors_with_commas() {
        check(
            "Barcelona Cluster Nautic Maritime technologies, water resources 2017/02/23",
            &[(
                "Barcelona Cluster Nautic",
                "Maritime technologies, water resources",
                None,
                "2017-02-23",
                &[],
            )],
        );
        check(
            "Elopsys Micro, nano and optical technologies 2014/02/16",
            &[(
                "Elopsys",
                "Micro, nano and optical technologies",
                None,
                "2014-02-16",
                &[],
            )],
        );
        check(
            "Beauty Cluster Barcelona Sports, Leisure and Tourism 2017/04/27",
            &[(
                "Beauty Cluster Barcelona",
                "Sports, Leisure and Tourism",
                None,
                "2017-04-27",
                &[],
            )],
        );
    }

    #[test]
    fn names_containing_sector_words() {
        check(
            "Cluster Energia Energy and environment 2018/05/12",
            &[(
                "Cluster Energia",
                "Energy and environment",
                None,
                "2018-05-12",
                &[],
            )],
        );
        check(
            "Cluster ICT-Audiovisual Creative industries 2016/09/25",
            &[(
                "Cluster ICT-Audiovisual",
                "Creative industries",
                None,
                "2016-09-25",
                &[],
            )],
        );
        check(
            "Lyon Urban Truck & Bus 2015 Transportation and mobility 2014/03/02",
            &[(
                "Lyon Urban Truck & Bus 2015",
                "Transportation and mobility",
                None,
                "2014-03-02",
                &[],
            )],
        );
    }

    #[test]
    fn second_record_without_a_name() {
        check(
            "bioPmed Piemonte innovation cluster Health and medical science 2019/01/10 Food industry 2017/02/04",
            &[
                ("bioPmed Piemonte innovation cluster", "Health and medical science", None, "2019-01-10", &[Flag::SharedLine]),
                ("", "Food industry", None, "2017-02-04", &[Flag::NameMissing, Flag::SharedLine]),
            ],
        );
    }

    #[test]
    fn second_record_with_a_name_fragment() {
        check(
            "OTIR2020 Textile industries 2018/10/25 – Textile Innovation Cluster New materials and chemistry 2016/02/13",
            &[
                ("OTIR2020", "Textile industries", None, "2018-10-25", &[Flag::SharedLine]),
                ("– Textile Innovation Cluster", "New materials and chemistry", None, "2016-02-13", &[Flag::NameTruncated, Flag::SharedLine]),
            ],
        );
    }

    #[test]
    fn websites_kept_as_given_and_marked() {
        check(
            "Pôle Images et Réseaux ICT http://www.images-et-ré 2014/03/01",
            &[(
                "Pôle Images et Réseaux",
                "ICT",
                Some("http://www.images-et-ré"),
                "2014-03-01",
                &[Flag::WebsiteInvalid],
            )],
        );
        check(
            "Pôle Nucléaire Bourgogne Energy and environment http://www.polenucleairebourgogne.fe 2014/03/07",
            &[("Pôle Nucléaire Bourgogne", "Energy and environment", Some("http://www.polenucleairebourgogne.fe"), "2014-03-07", &[Flag::WebsiteInvalid])],
        );
        check(
            "Good ICT https://www.good.es 2014/03/07",
            &[(
                "Good",
                "ICT",
                Some("https://www.good.es"),
                "2014-03-07",
                &[],
            )],
        );
    }

    #[test]
    fn leap_day_is_a_date() {
        check("A ICT 2016/02/29", &[("A", "ICT", None, "2016-02-29", &[])]);
    }

    #[test]
    fn errors_name_the_problem() {
        check_err("A ICT 2017/02/30", "2017/02/30 is not a calendar date");
        check_err("A ICT 2017/13/01", "not a calendar date");
        check_err("A Magic 2017/02/03", "unknown sector");
        check_err("A ICT", "no date");
        check_err("A ICT 2017/02/03 trailing words", "after the last date");
        check_err("2017/02/03", "no sector");
    }

    #[test]
    fn pages() {
        let page = "\u{feff}Some prose 2019/01/01 ignored\r\n\r\nName Comparative portfolio www Label valid until  \r\nA ICT 2016/01/01   \r\n\r\nB Food industry 2017/01/01\r\n";
        let rows = parse_page(page).unwrap();
        let names: Vec<(&str, usize)> = rows.iter().map(|r| (r.name.as_str(), r.line)).collect();
        assert_eq!(names, [("A", 4), ("B", 6)]);
        let err = parse_page("no header\nA ICT 2016/01/01").unwrap_err();
        assert!(err.message.contains("header line not found"));
        let err = parse_page(&format!("{HEADER}\nA ICT 2016/01/01\nB ICT 2016/02/31")).unwrap_err();
        assert_eq!(err.line, 3);
    }

    #[test]
    fn ids_are_slugs_and_unique() {
        let rows = parse_page(&format!(
            "{HEADER}\nAERA - Cluster Aeronautico Aragonés Aviation and space 2018/09/06\n\
             bioPmed Piemonte innovation cluster Health and medical science 2019/01/10 Food industry 2017/02/04\n\
             AERA - Cluster Aeronautico Aragonés ICT 2016/01/01\n\
             {} ICT 2016/01/01\n",
            "Very long name ".repeat(10)
        ))
        .unwrap();
        let ids: Vec<String> = to_clusters("ES", Label::Bronze, &rows, &mut UniqueIds::new('-'))
            .into_iter()
            .map(|c| c.id)
            .collect();
        assert_eq!(
            ids,
            [
                "es-aera-cluster-aeronautico-aragones",
                "es-biopmed-piemonte-innovation-cluster",
                "es-unnamed-food-industry-20170204",
                "es-aera-cluster-aeronautico-aragones-2",
                "es-very-long-name-very-long-name-very-long-name-very-long-name",
            ]
        );
    }

    mod roundtrip {
        use super::super::*;
        use proptest::prelude::*;

        fn name() -> impl Strategy<Value = String> {
            // Words of letters (any script) and punctuation, as names have; no dates or URLs.
            prop::collection::vec("[A-Za-zÀ-ÿ&@'’().+-][A-Za-zÀ-ÿ0-9&'’().+-]{0,11}", 0..6)
                .prop_map(|words| words.join(" "))
                .prop_filter("a name may not end with a sector", |n| {
                    !SECTORS.iter().any(|s| n.ends_with(s))
                })
        }

        proptest! {
            #[test]
            fn a_row_parses_back_to_its_record(
                name in name(),
                sector in prop::sample::select(SECTORS.to_vec()),
                website in prop::option::of("https?://www\\.[a-z]{1,10}\\.(com|es|it|fr|mx)(/[a-z]{0,5})?"),
                days in 0i64..20_000,
            ) {
                let valid_until = NaiveDate::from_ymd_opt(2000, 1, 1).unwrap() + chrono::Days::new(days as u64);
                let row = format_row(&name, sector, website.as_deref(), valid_until);
                let parsed = parse_line(1, &row).map_err(|e| TestCaseError::fail(format!("{row}: {e}")))?;
                prop_assert_eq!(parsed.len(), 1);
                let r = &parsed[0];
                prop_assert_eq!(&r.name, &name);
                prop_assert_eq!(r.sector.as_str(), sector);
                prop_assert_eq!(&r.website, &website);
                prop_assert_eq!(r.valid_until, valid_until);
            }
        }
    }
}
