//! Statistics of the current view: clusters by sector, by country, and how many labels were in
//! force month by month.
//!
//! The source gives only the end of each label; it is taken to start two years before
//! (`label::assumed_start`), the first term of every level. "In force" on a day is the status
//! `Valid` on that day, so the timeline and the statuses agree on every date.

use chrono::NaiveDate;

use crate::catalog::Catalog;
use crate::label::{assumed_start, first_month_in_force, month_number, renewable_until};
use crate::order::sorted_by;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bar {
    /// Sector slug or country code: what a click on the bar filters by.
    pub key: String,
    pub label: String,
    pub count: usize,
}

/// One month of the timeline: labels in force on its first day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Month {
    pub year: i32,
    pub month: u32,
    pub count: usize,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    /// Largest first, then by name; only non-zero bars.
    pub by_sector: Vec<Bar>,
    pub by_country: Vec<Bar>,
    /// Every month from the dataset's first assumed start to its last expiry, so that the axis
    /// stays put while filters change.
    pub timeline: Vec<Month>,
}

/// What the data itself says about time, over every record: when its labels ran, when the last
/// one lapsed, and when most were in force at once.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DataTimes {
    /// The earliest assumed start.
    pub first_start: NaiveDate,
    /// The latest "valid until": the lists were current until then.
    pub last_valid: NaiveDate,
    /// The last day any label could still be renewed.
    pub last_renewable: NaiveDate,
    /// The first of the month with the most labels in force, and how many.
    pub peak: (NaiveDate, usize),
}

impl DataTimes {
    pub fn of(catalog: &Catalog) -> Option<DataTimes> {
        let clusters = &catalog.dataset.clusters;
        let first = clusters.iter().map(|c| c.valid_until).min()?;
        let last = clusters.iter().map(|c| c.valid_until).max()?;
        let timeline = compute(catalog, 0..clusters.len() as u32).timeline;
        // The first month of the highest count.
        let peak = timeline
            .iter()
            .fold(None::<&Month>, |best, m| match best {
                Some(b) if b.count >= m.count => Some(b),
                _ => Some(m),
            })
            .and_then(|m| Some((NaiveDate::from_ymd_opt(m.year, m.month, 1)?, m.count)))?;
        Some(DataTimes {
            first_start: assumed_start(first),
            last_valid: last,
            last_renewable: renewable_until(last),
            peak,
        })
    }

    /// Whether on `day` every label of the data is past its renewal window.
    pub fn all_lapsed_on(&self, day: NaiveDate) -> bool {
        day > self.last_renewable
    }
}

/// Labels in force month by month, counted one record at a time, over the dataset's whole span
/// (from its first assumed start to its last expiry), so that the axis stays put while filters
/// change and every series of a comparison shares it.
#[derive(Clone, Debug)]
pub struct InForce {
    first: i32,
    /// +1 at the first month a label is in force, -1 after its last.
    delta: Vec<i64>,
}

impl InForce {
    pub fn new(catalog: &Catalog) -> InForce {
        let clusters = &catalog.dataset.clusters;
        let (first, last) = match (
            clusters.iter().map(|c| c.valid_until).min(),
            clusters.iter().map(|c| c.valid_until).max(),
        ) {
            (Some(min), Some(max)) => (first_month_in_force(min), month_number(max)),
            _ => (0, -1),
        };
        let months = (last - first + 1).max(0) as usize;
        InForce {
            first,
            delta: vec![0; months + 1],
        }
    }

    pub fn add(&mut self, catalog: &Catalog, row: u32) {
        let [from, to] = catalog.label_months(row);
        let (from, to) = (from - self.first, to - self.first);
        if from <= to && to >= 0 {
            self.delta[from.max(0) as usize] += 1;
            self.delta[(to + 1) as usize] -= 1;
        }
    }

    pub fn months(&self) -> Vec<Month> {
        let mut running = 0i64;
        self.delta[..self.delta.len() - 1]
            .iter()
            .enumerate()
            .map(|(i, d)| {
                running += d;
                let index = self.first + i as i32;
                Month {
                    year: index.div_euclid(12),
                    month: index.rem_euclid(12) as u32 + 1,
                    count: running.max(0) as usize,
                }
            })
            .collect()
    }
}

/// `rows`: the records of the view, in any order.
pub fn compute(catalog: &Catalog, rows: impl IntoIterator<Item = u32>) -> Stats {
    let mut by_sector = vec![0usize; catalog.dataset.sectors.len()];
    let mut by_country = vec![0usize; catalog.dataset.countries.len()];
    let mut in_force = InForce::new(catalog);
    for row in rows {
        by_sector[catalog.sector_index(row)] += 1;
        by_country[catalog.country_index(row)] += 1;
        in_force.add(catalog, row);
    }
    let timeline = in_force.months();

    let bars = |counts: Vec<usize>, key: &dyn Fn(usize) -> (String, String)| {
        let bars: Vec<Bar> = counts
            .into_iter()
            .enumerate()
            .filter(|(_, n)| *n > 0)
            .map(|(i, count)| {
                let (key, label) = key(i);
                Bar { key, label, count }
            })
            .collect();
        sorted_by(bars, |a: &Bar, b: &Bar| {
            b.count
                .cmp(&a.count)
                .then_with(|| a.label.cmp(&b.label))
                .then_with(|| a.key.cmp(&b.key))
        })
    };
    Stats {
        by_sector: bars(by_sector, &|i| {
            let s = &catalog.dataset.sectors[i];
            (s.slug.clone(), s.name.clone())
        }),
        by_country: bars(by_country, &|i| {
            let c = &catalog.dataset.countries[i];
            (c.code.clone(), c.name.clone())
        }),
        timeline,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::LoadedDataset;
    use crate::model::{Cluster, Dataset, Label};

    fn catalog(rows: &[(&str, &str, &str)]) -> Catalog {
        let clusters = rows
            .iter()
            .enumerate()
            .map(|(i, (country, sector, date))| Cluster {
                id: format!("c{i}"),
                name: format!("C{i}"),
                country: country.to_string(),
                sector: sector.to_string(),
                website: None,
                website_ok: false,
                valid_until: chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap(),
                label: Label::Bronze,
                flags: vec![],
            })
            .collect();
        Catalog::new(LoadedDataset {
            dataset: Dataset::from_clusters(clusters, &|c| c.to_string()),
            problems: vec![],
        })
    }

    #[test]
    fn counts_by_sector_and_country() {
        let cat = catalog(&[
            ("ES", "ICT", "2016-01-01"),
            ("ES", "ICT", "2016-01-01"),
            ("IT", "Food industry", "2016-01-01"),
            ("IT", "ICT", "2016-01-01"),
        ]);
        let stats = compute(&cat, [0, 1, 2, 3]);
        let bars = |b: &[Bar]| {
            b.iter()
                .map(|b| (b.key.clone(), b.count))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            bars(&stats.by_sector),
            [("ict".into(), 3), ("food-industry".into(), 1)]
        );
        assert_eq!(
            bars(&stats.by_country),
            [("ES".into(), 2), ("IT".into(), 2)]
        );
        let stats = compute(&cat, [2]);
        assert_eq!(bars(&stats.by_sector), [("food-industry".into(), 1)]);
        assert_eq!(bars(&stats.by_country), [("IT".into(), 1)]);
    }

    #[test]
    fn timeline_counts_labels_in_force_on_the_first_of_each_month() {
        // In force 2014-03-15 .. 2016-03-15 (months 2014-04 .. 2016-03),
        // and 2014-06-01 .. 2016-06-01 (months 2014-06 .. 2016-06).
        let cat = catalog(&[("ES", "ICT", "2016-03-15"), ("ES", "ICT", "2016-06-01")]);
        let stats = compute(&cat, [0, 1]);
        let t = &stats.timeline;
        assert_eq!((t[0].year, t[0].month), (2014, 4));
        let last = t[t.len() - 1];
        assert_eq!((last.year, last.month), (2016, 6));
        let at = |y: i32, m: u32| {
            t.iter()
                .find(|x| x.year == y && x.month == m)
                .unwrap()
                .count
        };
        assert_eq!(at(2014, 4), 1);
        assert_eq!(at(2014, 5), 1);
        assert_eq!(at(2014, 6), 2);
        assert_eq!(at(2016, 3), 2);
        assert_eq!(at(2016, 4), 1);
        assert_eq!(at(2016, 6), 1);
        // Only the selected rows count, on the same axis.
        let only_second = compute(&cat, [1]);
        assert_eq!(only_second.timeline.len(), t.len());
        assert_eq!(only_second.timeline[0].count, 0);
    }

    /// On the first of every month, the timeline counts exactly the labels whose status that day
    /// is `Valid`: month ends, 29 February and every day of the month around them.
    #[test]
    fn the_timeline_agrees_with_the_statuses() {
        let dates: Vec<String> = (0..400)
            .map(|i| {
                let day = chrono::NaiveDate::from_ymd_opt(2014, 1, 1).unwrap()
                    + chrono::Days::new(i * 7 + i % 5);
                crate::dates::iso(day)
            })
            .chain(["2016-02-29", "2016-03-01", "2016-01-31", "2017-02-28"].map(String::from))
            .collect();
        let rows: Vec<(&str, &str, &str)> =
            dates.iter().map(|d| ("ES", "ICT", d.as_str())).collect();
        let cat = catalog(&rows);
        let stats = compute(&cat, 0..rows.len() as u32);
        for m in &stats.timeline {
            let first = chrono::NaiveDate::from_ymd_opt(m.year, m.month, 1).unwrap();
            let valid = cat
                .dataset
                .clusters
                .iter()
                .filter(|c| crate::label::LabelStatus::on(c.valid_until, first).in_force())
                .count();
            assert_eq!(m.count, valid, "{}-{:02}", m.year, m.month);
        }
    }

    #[test]
    fn the_data_knows_its_own_times() {
        let cat = catalog(&[
            ("ES", "ICT", "2016-03-15"),
            ("ES", "ICT", "2016-06-01"),
            ("IT", "ICT", "2017-01-10"),
        ]);
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let times = DataTimes::of(&cat).unwrap();
        assert_eq!(times.first_start, d("2014-03-15"));
        assert_eq!(times.last_valid, d("2017-01-10"));
        assert_eq!(times.last_renewable, d("2018-01-10"));
        // All three are in force from February 2015 (the third starts 10 January 2015)…
        assert_eq!(times.peak, (d("2015-02-01"), 3));
        assert!(!times.all_lapsed_on(d("2018-01-10")));
        assert!(times.all_lapsed_on(d("2018-01-11")));
        assert_eq!(DataTimes::of(&catalog(&[])), None);
    }

    #[test]
    fn empty() {
        let cat = catalog(&[]);
        assert_eq!(compute(&cat, [0u32; 0]), Stats::default());
    }
}
