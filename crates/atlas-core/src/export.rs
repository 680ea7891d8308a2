//! Export of exactly the current view, in its order: CSV (RFC 4180) and the dataset's JSON format.

use chrono::NaiveDate;

use crate::catalog::Catalog;
use crate::dates::iso;
use crate::label::LabelStatus;
use crate::model::{slugify, Dataset};
use crate::view::ViewState;

/// One CSV field, quoted when it holds a comma, a quote or a line break (RFC 4180).
fn field(value: &str) -> String {
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_string()
    }
}

pub const CSV_HEADER: [&str; 11] = [
    "id",
    "name",
    "country",
    "country_name",
    "sector",
    "website",
    "website_ok",
    "valid_until",
    "label",
    "status",
    "flags",
];

/// The rows as CSV with a header row, CRLF line ends, UTF-8. `status` is as of `asof`.
pub fn to_csv(catalog: &Catalog, rows: &[u32], asof: NaiveDate) -> String {
    let mut out = CSV_HEADER.join(",");
    out.push_str("\r\n");
    for &row in rows {
        let c = catalog.cluster(row);
        let cells = [
            c.id.clone(),
            c.name.clone(),
            c.country.clone(),
            catalog.country_name(&c.country).to_string(),
            c.sector.clone(),
            c.website.clone().unwrap_or_default(),
            c.website_ok.to_string(),
            iso(c.valid_until),
            "bronze".to_string(),
            LabelStatus::on(c.valid_until, asof).key().to_string(),
            c.flags
                .iter()
                .map(|f| f.as_str())
                .collect::<Vec<_>>()
                .join(" "),
        ];
        let line: Vec<String> = cells.iter().map(|v| field(v)).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
}

/// The rows in the dataset's own format, so an export can be loaded like the bundled file.
pub fn to_json(catalog: &Catalog, rows: &[u32]) -> String {
    let clusters = rows.iter().map(|&r| catalog.cluster(r).clone()).collect();
    Dataset::from_clusters(clusters, &|code| catalog.country_name(code).to_string()).to_json()
}

/// A file name that says what the export holds, e.g. `clusters-ES-ict-2016-01-01.csv`.
pub fn file_name(view: &ViewState, asof: NaiveDate, extension: &str) -> String {
    let mut parts = vec!["clusters".to_string()];
    if !view.is_filtered() {
        parts.push("all".to_string());
    }
    parts.extend(view.countries.iter().cloned());
    parts.extend(view.sectors.iter().cloned());
    parts.extend(view.statuses.iter().map(|s| s.key().to_string()));
    let q = slugify(&view.q);
    if !q.is_empty() {
        parts.push(format!(
            "q-{}",
            q.chars().take(30).collect::<String>().trim_end_matches('-')
        ));
    }
    parts.push(iso(asof));
    let mut name = parts.join("-");
    if name.len() > 150 {
        name = format!("clusters-selection-{}", iso(asof));
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
    fn csv_rows_in_the_given_order() {
        let cat = catalog(&["Alpha, \"The\" Cluster", "", "Line\nbreak"]);
        let csv = to_csv(&cat, &[2, 0], NaiveDate::from_ymd_opt(2016, 3, 1).unwrap());
        let expected = "id,name,country,country_name,sector,website,website_ok,valid_until,label,status,flags\r\n\
            es-2,\"Line\nbreak\",ES,Spain,\"Maritime technologies, water resources\",,false,2016-02-29,bronze,renewable,\r\n\
            es-0,\"Alpha, \"\"The\"\" Cluster\",ES,Spain,\"Maritime technologies, water resources\",http://www.example.com,true,2016-02-29,bronze,renewable,\r\n";
        assert_eq!(csv, expected);
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
}
