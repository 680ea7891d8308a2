//! What every row of a view has in common: a column that holds one value for the whole view
//! (every label Bronze, no website given) is said once above the table instead of on each row.
//!
//! Decided once per view, not per cell: the results table hides such a column with one class
//! on the table, and its rows are drawn as always.

use crate::catalog::{Catalog, Selection};
use crate::label::Label;

/// The columns of the results table that hold one value for every row of a view. A view of
/// fewer than two rows shares nothing: "all" of one row says nothing a row does not.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SharedValues {
    /// Every row's country (a position in `dataset.countries`).
    pub country: Option<usize>,
    /// Every row's sector (a position in `dataset.sectors`).
    pub sector: Option<usize>,
    pub level: Option<Label>,
    /// No row gives a website.
    pub no_website: bool,
}

impl SharedValues {
    /// What the rows of `selection` share. Walks the records only until every column has
    /// differed once, so a varied view costs a few steps.
    pub fn of(catalog: &Catalog, selection: &Selection) -> SharedValues {
        if selection.len() < 2 {
            return SharedValues::default();
        }
        let mut members = selection.members();
        let Some(first) = members.next() else {
            return SharedValues::default();
        };
        let values = |row: u32| {
            let c = catalog.cluster(row);
            (
                catalog.country_index(row),
                catalog.sector_index(row),
                c.label,
                c.website.is_none(),
            )
        };
        let (country, sector, level, no_website) = values(first);
        let mut same = [true, true, true, no_website];
        for row in members {
            let (c, s, l, w) = values(row);
            same[0] &= c == country;
            same[1] &= s == sector;
            same[2] &= l == level;
            same[3] &= w;
            if same == [false; 4] {
                break;
            }
        }
        SharedValues {
            country: same[0].then_some(country),
            sector: same[1].then_some(sector),
            level: same[2].then_some(level),
            no_website: same[3],
        }
    }

    /// The table cells (their class) whose column is hidden, in column order.
    pub fn hidden_columns(&self) -> Vec<&'static str> {
        [
            (self.country.is_some(), "country"),
            (self.sector.is_some(), "sector"),
            (self.no_website, "website"),
            (self.level.is_some(), "level"),
        ]
        .into_iter()
        .filter_map(|(hidden, class)| hidden.then_some(class))
        .collect()
    }

    /// The shared values in words, a sentence each: "All in Spain.", "All Bronze labels.".
    pub fn sentences(&self, catalog: &Catalog) -> Vec<String> {
        let dataset = &catalog.dataset;
        let mut out = Vec::new();
        if let Some(country) = self.country.and_then(|i| dataset.countries.get(i)) {
            out.push(format!("All in {}.", country.name));
        }
        if let Some(sector) = self.sector.and_then(|i| dataset.sectors.get(i)) {
            out.push(format!("All in the sector {}.", sector.name));
        }
        match self.level {
            Some(Label::Unknown) => out.push("All labels of a level unknown to the atlas.".into()),
            Some(level) => out.push(format!("All {} labels.", level.title())),
            None => {}
        }
        if self.no_website {
            out.push("None gives a website.".into());
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::LoadedDataset;
    use crate::view::{decode_query, ViewState};
    use chrono::NaiveDate;

    fn catalog() -> Catalog {
        Catalog::new(
            LoadedDataset::from_json(
                r#"{"clusters":[
                {"id":"es-a","name":"Alpha","country":"ES","sector":"ICT","valid_until":"2016-01-01","label":"bronze"},
                {"id":"es-b","name":"Beta","country":"ES","sector":"ICT","valid_until":"2016-01-01","label":"bronze"},
                {"id":"es-c","name":"Gamma","country":"ES","sector":"Food industry","valid_until":"2016-01-01","label":"silver","website":"https://g.example","website_ok":true},
                {"id":"it-d","name":"Delta","country":"IT","sector":"ICT","valid_until":"2016-01-01","label":"bronze"}],
                "countries":[{"code":"ES","name":"Spain"},{"code":"IT","name":"Italy"}]}"#,
            )
            .unwrap(),
        )
    }

    #[test]
    fn columns_with_one_value_are_hidden_and_said() {
        fn check(query: &str, hidden: &[&str], sentences: &[&str]) {
            let cat = catalog();
            let pairs = decode_query(query);
            let (view, _) =
                ViewState::from_query(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
            let asof = NaiveDate::from_ymd_opt(2015, 1, 1).unwrap();
            let shared = SharedValues::of(&cat, &cat.select(&view, asof));
            assert_eq!(shared.hidden_columns(), hidden, "{query}");
            assert_eq!(shared.sentences(&cat), sentences, "{query}");
        }
        check("", &[], &[]);
        check(
            "sector=ict",
            &["sector", "website", "level"],
            &[
                "All in the sector ICT.",
                "All Bronze labels.",
                "None gives a website.",
            ],
        );
        check(
            "country=ES&label=bronze",
            &["country", "sector", "website", "level"],
            &[
                "All in Spain.",
                "All in the sector ICT.",
                "All Bronze labels.",
                "None gives a website.",
            ],
        );
        check(
            "country=ES&sector=food-industry,ict&label=silver,bronze&q=a",
            &["country"],
            &["All in Spain."],
        );
        // No row, or one row: nothing is shared.
        check("q=alpha+gamma", &[], &[]);
        check("q=delta", &[], &[]);
    }
}
