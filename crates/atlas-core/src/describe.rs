//! A view in words: the filter chips (each one the view without it), and the one line that
//! titles a picture, a print and an embed.

use chrono::NaiveDate;

use crate::catalog::Catalog;
use crate::compare::in_words as list;
use crate::dates;
use crate::view::ViewState;

/// One current filter: what it says, and the view without it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Chip {
    pub label: String,
    pub without: ViewState,
}

/// The chips of `view`, in URL key order: countries, sectors, statuses, levels, expiry window,
/// search, date.
pub fn chips(catalog: &Catalog, view: &ViewState) -> Vec<Chip> {
    let mut chips = Vec::new();
    for code in &view.countries {
        chips.push(Chip {
            label: format!("Country: {}", catalog.country_name(code)),
            without: view.with_country_toggled(code),
        });
    }
    for slug in &view.sectors {
        chips.push(Chip {
            label: format!("Sector: {}", catalog.sector_name(slug)),
            without: view.with_sector_toggled(slug),
        });
    }
    for status in &view.statuses {
        chips.push(Chip {
            label: format!("Status: {}", status.title()),
            without: view.with_status_toggled(*status),
        });
    }
    for label in &view.labels {
        chips.push(Chip {
            label: format!("Label: {}", label.title()),
            without: view.with_label_toggled(*label),
        });
    }
    if let Some(window) = view.expires {
        chips.push(Chip {
            label: format!("Expires: {}", window.describe()),
            without: view.with_expiry_window(None),
        });
    }
    if !view.q.trim().is_empty() {
        chips.push(Chip {
            label: format!("Search: \u{201c}{}\u{201d}", view.q.trim()),
            without: ViewState {
                q: String::new(),
                page: 1,
                ..view.clone()
            },
        });
    }
    if let Some(asof) = view.asof {
        chips.push(Chip {
            label: format!("As of {}", dates::long(asof)),
            without: ViewState {
                asof: None,
                ..view.clone()
            },
        });
    }
    chips
}

/// "Countries: Spain and France · Sector: ICT · as of 1 January 2016": the view's filters as a
/// sentence, each key said once, then the countries it compares, then the date its statuses
/// are for, which is always said (a picture outlives the day it was made).
pub fn in_words(catalog: &Catalog, view: &ViewState, asof: NaiveDate) -> String {
    let mut parts = Vec::new();
    let mut say = |one: &str, many: &str, items: Vec<String>| {
        if !items.is_empty() {
            let key = if items.len() == 1 { one } else { many };
            let items: Vec<&str> = items.iter().map(String::as_str).collect();
            parts.push(format!("{key}: {}", list(&items)));
        }
    };
    let names = |codes: &[String]| -> Vec<String> {
        codes
            .iter()
            .map(|c| catalog.country_name(c).to_string())
            .collect()
    };
    say("Country", "Countries", names(&view.countries));
    say(
        "Sector",
        "Sectors",
        view.sectors
            .iter()
            .map(|s| catalog.sector_name(s).to_string())
            .collect(),
    );
    say(
        "Status",
        "Statuses",
        view.statuses
            .iter()
            .map(|s| s.title().to_string())
            .collect(),
    );
    say(
        "Label",
        "Labels",
        view.labels.iter().map(|l| l.title().to_string()).collect(),
    );
    if let Some(window) = view.expires {
        parts.push(format!("Expires: {}", window.describe()));
    }
    if !view.q.trim().is_empty() {
        parts.push(format!("Search: \u{201c}{}\u{201d}", view.q.trim()));
    }
    if parts.is_empty() {
        parts.push("All clusters".to_string());
    }
    let compared = names(&view.compare);
    if compared.len() > 1 {
        let compared: Vec<&str> = compared.iter().map(String::as_str).collect();
        parts.push(format!("Comparing {}", list(&compared)));
    }
    parts.push(format!("as of {}", dates::long(asof)));
    parts.join(" · ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::LoadedDataset;

    fn catalog() -> Catalog {
        Catalog::new(
            LoadedDataset::from_json(
                r#"{"clusters":[{"id":"es-a","name":"A","country":"ES","sector":"Food industry","valid_until":"2016-01-01"}],
                    "countries":[{"code":"ES","name":"Spain","count":1}]}"#,
            )
            .unwrap(),
        )
    }

    /// A query string, and the chips as (label, the query without it).
    fn check(query: &str, expected: &[(&str, &str)]) {
        let pairs = crate::view::decode_query(query);
        let (view, _) = ViewState::from_query(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        let got: Vec<(String, String)> = chips(&catalog(), &view)
            .into_iter()
            .map(|c| (c.label, c.without.to_query()))
            .collect();
        let want: Vec<(String, String)> = expected
            .iter()
            .map(|(l, q)| (l.to_string(), q.to_string()))
            .collect();
        assert_eq!(got, want, "{query}");
    }

    #[test]
    fn every_filter_is_a_chip_that_removes_it() {
        check("", &[]);
        check("sort=-name&map=world", &[]);
        check(
            "country=ES&sector=food-industry&page=3",
            &[
                ("Country: Spain", "sector=food-industry"),
                ("Sector: Food industry", "country=ES"),
            ],
        );
        check(
            "status=expired&q=+pole++&asof=2016-02-29",
            &[
                ("Status: Expired", "q=+pole++&asof=2016-02-29"),
                (
                    "Search: \u{201c}pole\u{201d}",
                    "status=expired&asof=2016-02-29",
                ),
                ("As of 29 February 2016", "status=expired&q=+pole++"),
            ],
        );
        // A code the dataset does not name is shown as it is.
        check("country=FR", &[("Country: FR", "")]);
        check("compare=ES,FR&embed=1", &[]);
        check(
            "label=silver&expires=2018-07..2018-12",
            &[
                ("Label: Silver", "expires=2018-07..2018-12"),
                ("Expires: Jul 2018 – Dec 2018", "label=silver"),
            ],
        );
    }

    #[test]
    fn a_view_in_one_line() {
        let cat = catalog();
        let day = NaiveDate::from_ymd_opt(2016, 1, 1).unwrap();
        let view = |q: &str| {
            let pairs = crate::view::decode_query(q);
            ViewState::from_query(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str()))).0
        };
        assert_eq!(
            in_words(&cat, &view(""), day),
            "All clusters · as of 1 January 2016"
        );
        assert_eq!(
            in_words(&cat, &view("country=ES&status=valid&asof=2016-01-01"), day),
            "Country: Spain · Status: Valid · as of 1 January 2016"
        );
        // Each key once, its values as a list; the comparison after the filters.
        assert_eq!(
            in_words(
                &cat,
                &view("country=ES,FR&sector=food-industry&status=valid,expired&label=bronze,gold&q=pole&compare=ES,FR"),
                day
            ),
            "Countries: Spain and FR · Sector: Food industry · Statuses: Valid and Expired · \
             Labels: Bronze and Gold · Search: \u{201c}pole\u{201d} · Comparing Spain and FR · \
             as of 1 January 2016"
        );
        assert_eq!(
            in_words(&cat, &view("compare=ES"), day),
            "All clusters · as of 1 January 2016"
        );
    }
}
