//! "Cite this view": the atlas, ESCA's lists as the source, the dataset's version, the view in
//! words with its as-of date, its canonical URL and the day it was accessed. One paragraph in
//! the usual order of a dataset citation (who, what, version, where, when).

use chrono::{Datelike, NaiveDate};

use crate::dates;

/// What a citation of one view is made of.
pub struct CitedView<'a> {
    /// The dataset's `version`; files from before it had none.
    pub version: Option<&'a str>,
    /// `describe::in_words`: the view's filters and its as-of date.
    pub view_in_words: &'a str,
    /// The view's canonical URL.
    pub url: &'a str,
    pub accessed: NaiveDate,
}

pub fn citation(view: &CitedView) -> String {
    let version = match view.version {
        Some(v) => format!("dataset version {v}"),
        None => "dataset version not stated".to_string(),
    };
    format!(
        "ECEI Cluster Atlas ({year}). Cluster organisations with a European Cluster Excellence \
         label: {what} [{version}]. Source: ESCA (European Secretariat for Cluster Analysis), \
         ECEI label lists. {url} (accessed {accessed}).",
        year = view.accessed.year(),
        what = view.view_in_words,
        url = view.url,
        accessed = dates::long(view.accessed),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_citation_names_the_source_the_version_the_date_and_the_link() {
        let day = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let cited = CitedView {
            version: Some("3fa2b4c5d6e7"),
            view_in_words: "Country: Spain · as of 1 January 2016",
            url: "https://example.org/atlas/?country=ES&asof=2016-01-01",
            accessed: day,
        };
        assert_eq!(
            citation(&cited),
            "ECEI Cluster Atlas (2026). Cluster organisations with a European Cluster Excellence \
             label: Country: Spain · as of 1 January 2016 [dataset version 3fa2b4c5d6e7]. \
             Source: ESCA (European Secretariat for Cluster Analysis), ECEI label lists. \
             https://example.org/atlas/?country=ES&asof=2016-01-01 (accessed 1 December 2026)."
        );
        let unversioned = citation(&CitedView {
            version: None,
            ..cited
        });
        assert!(
            unversioned.contains("[dataset version not stated]"),
            "{unversioned}"
        );
    }
}
