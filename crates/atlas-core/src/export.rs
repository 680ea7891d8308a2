//! Export of exactly the current view, in its order: CSV (RFC 4180, safe to open in a
//! spreadsheet) and the dataset's JSON format, each record with its deadlines.

use chrono::NaiveDate;

use crate::catalog::Catalog;
use crate::dates::iso;
use crate::label::{Deadlines, LabelStatus};
use crate::model::{slugify, Dataset};
use crate::view::ViewState;

/// One CSV field: quoted when it holds a comma, a quote or a line break (RFC 4180), and with a
/// leading `'` when it begins like a spreadsheet formula (`=`, `+`, `-`, `@`, a tab or a carriage
/// return), as OWASP advises against CSV injection, so that no cell of ours runs as a formula.
pub fn field(value: &str) -> String {
    let guarded;
    let value = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        guarded = format!("'{value}");
        guarded.as_str()
    } else {
        value
    };
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_string()
    }
}

/// The columns of the CSV export; `status` only when there is a date to take it on.
pub const CSV_HEADER: [&str; 13] = [
    "id",
    "name",
    "country",
    "country_name",
    "sector",
    "website",
    "website_ok",
    "valid_until",
    "renewable_until",
    "renewed_until",
    "label",
    "flags",
    "status",
];

/// The rows as CSV with a header row, CRLF line ends, UTF-8. `status` is as of `asof`; without
/// a date (the data file `ingest` writes, which must not change from day to day) the column is
/// left out.
pub fn to_csv(catalog: &Catalog, rows: &[u32], asof: Option<NaiveDate>) -> String {
    let columns = if asof.is_some() {
        &CSV_HEADER[..]
    } else {
        &CSV_HEADER[..CSV_HEADER.len() - 1]
    };
    let mut out = columns.join(",");
    out.push_str("\r\n");
    for &row in rows {
        let c = catalog.cluster(row);
        let d = Deadlines::of(c.valid_until);
        let flags: Vec<&str> = c.flags.iter().map(|f| f.as_str()).collect();
        let mut cells = vec![
            c.id.clone(),
            c.name.clone(),
            c.country.clone(),
            catalog.country_name(&c.country).to_string(),
            c.sector.clone(),
            c.website.clone().unwrap_or_default(),
            c.website_ok.to_string(),
            iso(d.valid_until),
            iso(d.renewable_until),
            iso(d.renewed_until),
            c.label.key().to_string(),
            flags.join(" "),
        ];
        if let Some(asof) = asof {
            cells.push(LabelStatus::on(c.valid_until, asof).key().to_string());
        }
        let line: Vec<String> = cells.iter().map(|v| field(v)).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
}

/// The rows in the dataset's own format, so an export can be loaded like the bundled file, each
/// record with its deadlines (`renewable_until`, `renewed_until`) besides.
pub fn to_json(catalog: &Catalog, rows: &[u32]) -> String {
    let clusters: Vec<_> = rows.iter().map(|&r| catalog.cluster(r).clone()).collect();
    let dataset = Dataset::from_clusters(clusters, &|code| catalog.country_name(code).to_string());
    let records: Vec<String> = dataset
        .clusters
        .iter()
        .map(|c| {
            let d = Deadlines::of(c.valid_until);
            // The record as the dataset writes it, with two fields more before its closing brace
            // (dates need no escaping).
            let mut record = serde_json::to_string(c).unwrap_or_default();
            record.pop();
            record.push_str(&format!(
                ",\"renewable_until\":\"{}\",\"renewed_until\":\"{}\"}}",
                iso(d.renewable_until),
                iso(d.renewed_until)
            ));
            record
        })
        .collect();
    dataset.to_json_with_records(records)
}

/// A file name that says what the export holds, e.g. `clusters-ES-ict-2016-01-01.csv`.
pub fn file_name(view: &ViewState, asof: NaiveDate, extension: &str) -> String {
    let mut parts = vec!["clusters".to_string()];
    if !view.is_filtered() {
        parts.push("all".to_string());
    }
    parts.extend(filter_parts(view, true));
    finish(parts, "clusters-selection", asof, extension)
}

/// The file name of a picture of a comparison, which names its countries and the filters it
/// follows (not the country and status filters): `comparison-france-italy-ict-2016-02-01.png`.
pub fn comparison_file_name(
    countries: &[&str],
    view: &ViewState,
    asof: NaiveDate,
    extension: &str,
) -> String {
    let mut parts = vec!["comparison".to_string()];
    parts.extend(countries.iter().map(|name| slugify(name)));
    parts.extend(filter_parts(view, false));
    finish(parts, "comparison", asof, extension)
}

/// The view's filters as parts of a file name, in URL key order; the country and status filters
/// only `with_countries_and_statuses`.
fn filter_parts(view: &ViewState, with_countries_and_statuses: bool) -> Vec<String> {
    let mut parts = Vec::new();
    if with_countries_and_statuses {
        parts.extend(view.countries.iter().cloned());
    }
    parts.extend(view.sectors.iter().cloned());
    if with_countries_and_statuses {
        parts.extend(view.statuses.iter().map(|s| s.key().to_string()));
    }
    parts.extend(view.labels.iter().map(|l| l.key().to_string()));
    if let Some(window) = view.expires {
        let (from, to) = window.ends();
        parts.push(format!(
            "expires-{}-{}",
            from.unwrap_or_default(),
            to.unwrap_or_default()
        ));
    }
    let q = slugify(&view.q);
    if !q.is_empty() {
        parts.push(format!(
            "q-{}",
            q.chars().take(30).collect::<String>().trim_end_matches('-')
        ));
    }
    parts
}

/// `parts` and the date joined with `-`, or `short` and the date when that would be too long.
fn finish(mut parts: Vec<String>, short: &str, asof: NaiveDate, extension: &str) -> String {
    parts.retain(|p| !p.is_empty());
    parts.push(iso(asof));
    let mut name = parts.join("-");
    if name.len() > 150 {
        name = format!("{short}-{}", iso(asof));
    }
    format!("{name}.{extension}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::LoadedDataset;
    use crate::model::{Cluster, Flag, Label};

    fn catalog(names: &[&str]) -> Catalog {
        let clusters = names
            .iter()
            .enumerate()
            .map(|(i, name)| Cluster {
                id: format!("es-{i}"),
                name: name.to_string(),
                country: "ES".into(),
                sector: "Maritime technologies, water resources".into(),
                website: (i == 0).then(|| "http://www.example.com".to_string()),
                website_ok: i == 0,
                valid_until: NaiveDate::from_ymd_opt(2016, 2, 29).unwrap(),
                label: Label::Bronze,
                flags: if i == 1 {
                    vec![Flag::NameMissing, Flag::SharedLine]
                } else {
                    vec![]
                },
            })
            .collect();
        Catalog::new(LoadedDataset {
            dataset: Dataset::from_clusters(clusters, &|_| "Spain".to_string()),
            problems: vec![],
        })
    }

    #[test]
    fn csv_quotes_what_needs_quoting() {
        fn check(value: &str, expected: &str) {
            assert_eq!(field(value), expected);
        }
        check("plain", "plain");
        check("a, b", "\"a, b\"");
        check("say \"hi\"", "\"say \"\"hi\"\"\"");
        check("two\nlines", "\"two\nlines\"");
        check("cr\r", "\"cr\r\"");
        check("", "");
    }

    #[test]
    fn no_cell_begins_like_a_formula() {
        fn check(value: &str, expected: &str) {
            assert_eq!(field(value), expected, "{value:?}");
        }
        check(
            "=HYPERLINK(\"http://x\")",
            "\"'=HYPERLINK(\"\"http://x\"\")\"",
        );
        check("=1+1", "'=1+1");
        check("+34 600", "'+34 600");
        check("-2", "'-2");
        check("@SUM(A1)", "'@SUM(A1)");
        check("\tindented", "'\tindented");
        check("\rreturn", "\"'\rreturn\"");
        // Only at the start: inside a cell these are text.
        check("a=b-c+d@e", "a=b-c+d@e");
        check("– Textile", "– Textile");
    }

    #[test]
    fn csv_rows_in_the_given_order() {
        let cat = catalog(&["Alpha, \"The\" Cluster", "", "Line\nbreak"]);
        let csv = to_csv(&cat, &[2, 0], NaiveDate::from_ymd_opt(2016, 3, 1));
        let expected = "id,name,country,country_name,sector,website,website_ok,valid_until,renewable_until,renewed_until,label,flags,status\r\n\
            es-2,\"Line\nbreak\",ES,Spain,\"Maritime technologies, water resources\",,false,2016-02-29,2017-02-28,2019-02-28,bronze,,renewable\r\n\
            es-0,\"Alpha, \"\"The\"\" Cluster\",ES,Spain,\"Maritime technologies, water resources\",http://www.example.com,true,2016-02-29,2017-02-28,2019-02-28,bronze,,renewable\r\n";
        assert_eq!(csv, expected);
        let undated = to_csv(&cat, &[1], None);
        assert_eq!(
            undated,
            "id,name,country,country_name,sector,website,website_ok,valid_until,renewable_until,renewed_until,label,flags\r\n\
             es-1,,ES,Spain,\"Maritime technologies, water resources\",,false,2016-02-29,2017-02-28,2019-02-28,bronze,name-missing shared-line\r\n"
        );
    }

    #[test]
    fn json_export_loads_back() {
        let cat = catalog(&["A", "", "C"]);
        let json = to_json(&cat, &[1, 2]);
        let loaded = LoadedDataset::from_json(&json).unwrap();
        assert!(loaded.problems.is_empty());
        let ids = loaded.dataset.ids();
        assert_eq!(ids, ["es-1", "es-2"]);
        assert_eq!(loaded.dataset.countries[0].count, 2);
        let records: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(records["clusters"][0]["renewable_until"], "2017-02-28");
        assert_eq!(records["clusters"][0]["renewed_until"], "2019-02-28");
    }

    #[test]
    fn file_names() {
        let asof = NaiveDate::from_ymd_opt(2016, 1, 1).unwrap();
        let (view, _) = ViewState::from_query([("country", "ES"), ("sector", "ict")]);
        assert_eq!(
            file_name(&view, asof, "csv"),
            "clusters-ES-ict-2016-01-01.csv"
        );
        assert_eq!(
            file_name(&ViewState::new(), asof, "json"),
            "clusters-all-2016-01-01.json"
        );
        let (view, _) = ViewState::from_query([("q", "Pôle mer"), ("status", "valid")]);
        assert_eq!(
            file_name(&view, asof, "csv"),
            "clusters-valid-q-pole-mer-2016-01-01.csv"
        );
    }

    #[test]
    fn a_comparison_is_named_for_its_countries() {
        fn check(names: &[&str], query: &[(&str, &str)], expected: &str) {
            let (view, _) = ViewState::from_query(query.iter().copied());
            let asof = NaiveDate::from_ymd_opt(2016, 2, 1).unwrap();
            assert_eq!(
                comparison_file_name(names, &view, asof, "png"),
                expected,
                "{names:?}"
            );
        }
        check(
            &["France", "Italy"],
            &[("compare", "FR,IT")],
            "comparison-france-italy-2016-02-01.png",
        );
        // The filters it follows are named; the country and status filters it leaves aside,
        // not.
        check(
            &["Bosnia and Herzegovina", "Côte d'Ivoire"],
            &[("country", "ES"), ("status", "valid"), ("sector", "ict")],
            "comparison-bosnia-and-herzegovina-cote-d-ivoire-ict-2016-02-01.png",
        );
        let many = ["A long country name"; 12];
        check(&many, &[], "comparison-2016-02-01.png");
    }
}
