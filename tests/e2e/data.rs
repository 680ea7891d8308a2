//! What the committed dataset predicts: the counts, statuses and search matches the page must
//! show, computed here independently of the app, and readers for the files it writes.

use serde_json::Value;

use crate::support::{clusters, dataset, field, fixture, fold};

/// Clusters in the committed dataset (issue 1).
pub const TOTAL: usize = 270;

/// Clusters in Spain (issue 4).
pub const SPAIN: usize = 106;

pub const DATA: &str = "data/clusters.json";

/// How many records of the committed dataset satisfy `keep`.
pub fn count_where(keep: impl Fn(&Value) -> bool) -> usize {
    clusters(&dataset()).iter().filter(|c| keep(c)).count()
}

/// The label status of a record on `asof` (ISO dates), as the app words it, by the rule the
/// README states: a label holds two years up to its end, then is renewable for a year.
pub fn status_on(record: &Value, asof: &str) -> &'static str {
    let until = field(record, "valid_until");
    let shift = |years: i32| {
        let year: i32 = until[..4].parse().unwrap_or(0);
        format!("{}{}", year + years, &until[4..])
    };
    if shift(-2).as_str() > asof {
        "Not yet labelled"
    } else if until >= asof {
        "Valid"
    } else if shift(1).as_str() >= asof {
        "Renewable"
    } else {
        "Expired"
    }
}

/// The name of a country code, from the dataset's country list.
pub fn country_name(data: &Value, code: &str) -> String {
    data["countries"]
        .as_array()
        .and_then(|list| list.iter().find(|c| field(c, "code") == code))
        .map(|c| field(c, "name").to_string())
        .unwrap_or_else(|| code.to_string())
}

/// The records whose folded name, sector, country name or website contain every word of `q`:
/// the app's search rule, predicted independently.
pub fn matching(q: &str, keep: impl Fn(&Value) -> bool) -> usize {
    let data = dataset();
    let words: Vec<String> = fold(q).split_whitespace().map(str::to_string).collect();
    clusters(&data)
        .iter()
        .filter(|c| keep(c))
        .filter(|c| {
            let fields = [
                fold(field(c, "name")),
                fold(field(c, "sector")),
                fold(&country_name(&data, field(c, "country"))),
                fold(field(c, "website")),
            ];
            words
                .iter()
                .all(|w| fields.iter().any(|f| f.contains(w.as_str())))
        })
        .count()
}

/// A dataset with every level, one of them unknown to the app.
pub fn levels_fixture() -> String {
    std::fs::read_to_string(fixture("levels.json")).expect("tests/fixtures/levels.json")
}

/// The rows of a CSV file, header included, read by the `csv` crate (RFC 4180).
pub fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|row| {
            row.expect("well-formed CSV")
                .iter()
                .map(str::to_string)
                .collect()
        })
        .collect()
}
