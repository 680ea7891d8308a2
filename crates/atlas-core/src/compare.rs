//! Countries side by side (`compare=`): per country its clusters, their label statuses on the
//! view's date, the share in force and the sector mix, and its labels in force month by month.
//!
//! Each count is also given as a share of the country's clusters, so that countries of
//! different sizes can be set side by side.
//!
//! A comparison follows the view's search, sector, level and expiry filters but not its country
//! or status filters: it is there to set countries and statuses against each other.

use crate::catalog::{Catalog, Selection};
use crate::label::LabelStatus;
use crate::stats::{InForce, Month};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comparison {
    /// In the view's `compare` order.
    pub countries: Vec<ComparedCountry>,
    /// The sectors any compared country has, in the dataset's (name) order.
    pub sectors: Vec<ComparedSector>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ComparedCountry {
    pub code: String,
    pub name: String,
    pub clusters: usize,
    /// Per `LabelStatus::ALL`.
    pub statuses: [usize; 4],
    /// On the stats timeline's axis (`stats::InForce`).
    pub in_force: Vec<Month>,
}

impl ComparedCountry {
    pub fn count(&self, status: LabelStatus) -> usize {
        self.statuses[status as usize]
    }

    /// `count` of its clusters as a share of them all, in whole percent; `None` without
    /// clusters.
    pub fn share(&self, count: usize) -> Option<usize> {
        (self.clusters > 0).then(|| (count.saturating_mul(100) + self.clusters / 2) / self.clusters)
    }

    /// `count` of its clusters with its share of them, as the comparison's table writes it:
    /// "12 (34%)"; a count alone when the country has no clusters. A share that rounds to 0 or
    /// 100 but is neither says so ("<1%", ">99%").
    pub fn count_and_share(&self, count: usize) -> String {
        let Some(share) = self.share(count) else {
            return count.to_string();
        };
        let share = match share {
            0 if count > 0 => "<1".to_string(),
            100 if count < self.clusters => ">99".to_string(),
            share => share.to_string(),
        };
        format!("{count} ({share}%)")
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ComparedSector {
    pub name: String,
    /// Per compared country, in `Comparison::countries` order.
    pub counts: Vec<usize>,
}

/// What a comparison says it leaves aside, in one line.
pub const FOLLOWS: &str =
    "Follows the search and the sector, label and expiry filters; not the country or status filters.";

impl Comparison {
    /// The comparison of `codes` under `selection`'s search and filters. Codes the dataset
    /// does not have are left out (the view has said so already).
    pub fn of(catalog: &Catalog, selection: &Selection, codes: &[String]) -> Comparison {
        let countries = &catalog.dataset.countries;
        // Column of each country of the dataset, if compared.
        let mut column = vec![None; countries.len()];
        let mut compared = Vec::new();
        for code in codes {
            if let Some(i) = countries.iter().position(|c| &c.code == code) {
                if column[i].is_none() {
                    column[i] = Some(compared.len());
                    compared.push(i);
                }
            }
        }
        let sectors = catalog.dataset.sectors.len();
        let mut clusters = vec![0; compared.len()];
        let mut statuses = vec![[0; 4]; compared.len()];
        let mut by_sector = vec![vec![0; compared.len()]; sectors];
        let mut in_force = vec![InForce::new(catalog); compared.len()];
        if !compared.is_empty() {
            catalog.each_beyond_country_and_status(selection, |row, status| {
                let Some(k) = column[catalog.country_index(row)] else {
                    return;
                };
                clusters[k] += 1;
                statuses[k][status as usize] += 1;
                by_sector[catalog.sector_index(row)][k] += 1;
                in_force[k].add(catalog, row);
            });
        }
        Comparison {
            countries: compared
                .iter()
                .enumerate()
                .map(|(k, &i)| ComparedCountry {
                    code: countries[i].code.clone(),
                    name: countries[i].name.clone(),
                    clusters: clusters[k],
                    statuses: statuses[k],
                    in_force: in_force[k].months(),
                })
                .collect(),
            sectors: by_sector
                .into_iter()
                .enumerate()
                .filter(|(_, counts)| counts.iter().any(|&n| n > 0))
                .map(|(s, counts)| ComparedSector {
                    name: catalog.dataset.sectors[s].name.clone(),
                    counts,
                })
                .collect(),
        }
    }

    /// "Compare Spain, France and Italy".
    pub fn caption(&self) -> String {
        let names: Vec<&str> = self.countries.iter().map(|c| c.name.as_str()).collect();
        format!("Compare {}", in_words(&names))
    }
}

/// "A", "A and B", "A, B and C".
pub fn in_words(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => one.to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expiry::ExpiryWindow;
    use crate::label::{month_number, Label};
    use crate::load::LoadedDataset;
    use crate::model::{Cluster, Dataset, SECTORS};
    use crate::view::ViewState;
    use chrono::NaiveDate;

    /// 600 records over five countries, every sector and level, eleven years of dates.
    fn varied() -> Catalog {
        let countries = ["ES", "FR", "IT", "MX", "PT"];
        let clusters = (0..600)
            .map(|i| Cluster {
                id: format!("c{i}"),
                name: format!("Cluster {i} {}", if i % 3 == 0 { "energy" } else { "food" }),
                country: countries[i % 5].to_string(),
                sector: SECTORS[(i / 5) % SECTORS.len()].to_string(),
                website: None,
                website_ok: false,
                valid_until: NaiveDate::from_ymd_opt(2012, 1, 1).unwrap()
                    + chrono::Days::new((i * 37 % 4000) as u64),
                label: Label::ALL[i % 3],
                flags: vec![],
            })
            .collect();
        Catalog::new(LoadedDataset {
            dataset: Dataset::from_clusters(clusters, &|c| format!("Name of {c}")),
            problems: vec![],
        })
    }

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    /// The figures of a comparison, counted the plain way: each record checked against the
    /// view's sector, level and expiry filters.
    #[test]
    fn the_figures_are_a_plain_count_of_the_records() {
        let cat = varied();
        let asof = day("2016-06-30");
        let view = ViewState {
            // Left aside by the comparison:
            countries: vec!["PT".into()],
            statuses: vec![LabelStatus::Expired],
            // Followed:
            sectors: vec![
                "ict".into(),
                "energy-and-environment".into(),
                "food-industry".into(),
            ],
            labels: vec![Label::Bronze, Label::Gold],
            expires: ExpiryWindow::parse("2014-01..2019-12"),
            compare: vec!["ES".into(), "FR".into(), "IT".into()],
            ..ViewState::new()
        };
        let selection = cat.select(&view, asof);
        let comparison = Comparison::of(&cat, &selection, &view.compare);
        assert_eq!(
            comparison.caption(),
            "Compare Name of ES, Name of FR and Name of IT"
        );
        let window = view.expires.unwrap();
        let passes = |c: &Cluster| {
            view.sectors.contains(&crate::model::slugify(&c.sector))
                && view.labels.contains(&c.label)
                && window.contains_month(month_number(c.valid_until))
        };
        for (k, compared) in comparison.countries.iter().enumerate() {
            let mine: Vec<&Cluster> = cat
                .dataset
                .clusters
                .iter()
                .filter(|c| c.country == compared.code && passes(c))
                .collect();
            assert!(!mine.is_empty());
            assert_eq!(compared.clusters, mine.len(), "{}", compared.code);
            for status in LabelStatus::ALL {
                let n = mine
                    .iter()
                    .filter(|c| LabelStatus::on(c.valid_until, asof) == status)
                    .count();
                assert_eq!(compared.count(status), n, "{} {status:?}", compared.code);
            }
            let valid = compared.count(LabelStatus::Valid);
            assert_eq!(
                compared.share(valid),
                Some((valid as f64 * 100.0 / mine.len() as f64).round() as usize)
            );
            for sector in &comparison.sectors {
                let n = mine.iter().filter(|c| c.sector == sector.name).count();
                assert_eq!(sector.counts[k], n, "{} {}", compared.code, sector.name);
            }
            for m in &compared.in_force {
                let first = NaiveDate::from_ymd_opt(m.year, m.month, 1).unwrap();
                let n = mine
                    .iter()
                    .filter(|c| LabelStatus::on(c.valid_until, first).in_force())
                    .count();
                assert_eq!(m.count, n, "{} {}-{}", compared.code, m.year, m.month);
            }
        }
        // Every sector the compared countries have, and only those.
        let names: Vec<&str> = comparison.sectors.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["Energy and environment", "Food industry", "ICT"]);
    }

    #[test]
    fn the_search_narrows_a_comparison_as_it_narrows_the_list() {
        let cat = varied();
        let asof = day("2015-01-01");
        let view = ViewState {
            q: "energy".into(),
            compare: vec!["ES".into(), "MX".into()],
            ..ViewState::new()
        };
        let comparison = Comparison::of(&cat, &cat.select(&view, asof), &view.compare);
        for compared in &comparison.countries {
            let alone = ViewState {
                countries: vec![compared.code.clone()],
                ..view.clone()
            };
            assert_eq!(compared.clusters, cat.select(&alone, asof).len());
        }
    }

    #[test]
    fn unknown_codes_are_left_out_and_nothing_is_no_comparison() {
        let cat = varied();
        let selection = cat.select(&ViewState::new(), day("2015-01-01"));
        let codes = ["XX".to_string(), "FR".to_string(), "FR".to_string()];
        let comparison = Comparison::of(&cat, &selection, &codes);
        assert_eq!(comparison.countries.len(), 1);
        assert_eq!(comparison.countries[0].clusters, 120);
        let none = Comparison::of(&cat, &selection, &[]);
        assert!(none.countries.is_empty() && none.sectors.is_empty());
        let empty = ComparedCountry {
            code: "ES".into(),
            name: "Spain".into(),
            clusters: 0,
            statuses: [0; 4],
            in_force: vec![],
        };
        assert_eq!(empty.share(0), None);
        assert_eq!(empty.count_and_share(0), "0");
    }

    #[test]
    fn counts_with_their_shares() {
        fn check(count: usize, clusters: usize, expected: &str) {
            let country = ComparedCountry {
                code: "ES".into(),
                name: "Spain".into(),
                clusters,
                statuses: [0; 4],
                in_force: vec![],
            };
            assert_eq!(
                country.count_and_share(count),
                expected,
                "{count} of {clusters}"
            );
        }
        check(12, 35, "12 (34%)");
        check(0, 35, "0 (0%)");
        check(35, 35, "35 (100%)");
        check(1, 3, "1 (33%)");
        check(2, 3, "2 (67%)");
        check(1, 200, "1 (1%)");
        check(1, 201, "1 (<1%)");
        check(200, 201, "200 (>99%)");
    }

    #[test]
    fn lists_in_words() {
        assert_eq!(in_words(&[]), "");
        assert_eq!(in_words(&["Spain"]), "Spain");
        assert_eq!(in_words(&["Spain", "France"]), "Spain and France");
        assert_eq!(in_words(&["A", "B", "C"]), "A, B and C");
    }
}
