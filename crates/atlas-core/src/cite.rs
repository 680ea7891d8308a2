//! "Cite this view": the atlas, ESCA's lists as the source, the dataset's version, the view in
//! words with its as-of date, its canonical URL and the day it was accessed. One paragraph in
//! the usual order of a dataset citation (who, what, version, where, when).

use chrono::{Datelike, NaiveDate};

use crate::catalog::Catalog;
use crate::dates;
use crate::describe;
use crate::view::ViewState;

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

/// The citation of `view` with statuses as of `asof`, at `url`, accessed on `accessed`: its
/// filters, the countries it compares and its date in words, and the dataset's version.
pub fn of_view(
    catalog: &Catalog,
    view: &ViewState,
    asof: NaiveDate,
    url: &str,
    accessed: NaiveDate,
) -> String {
    let words = describe::in_words(catalog, view, asof);
    citation(&CitedView {
        version: catalog.dataset.version.as_deref(),
        view_in_words: &words,
        url,
        accessed,
    })
}

/// The citation, in one paragraph.
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

    #[test]
    fn a_comparison_is_cited_with_its_countries() {
        let catalog = Catalog::new(
            crate::load::LoadedDataset::from_json(
                r#"{"clusters":[{"id":"es-a","name":"A","country":"ES","sector":"ICT","valid_until":"2016-01-01"},
                               {"id":"fr-a","name":"B","country":"FR","sector":"ICT","valid_until":"2016-01-01"}],
                    "countries":[{"code":"ES","name":"Spain","count":1},{"code":"FR","name":"France","count":1}],
                    "version":"0123456789ab"}"#,
            )
            .unwrap(),
        );
        let (view, _) = ViewState::from_query([("compare", "FR,ES"), ("sector", "ict")]);
        let day = NaiveDate::from_ymd_opt(2016, 2, 1).unwrap();
        let text = of_view(&catalog, &view, day, "https://example.org/?x", day);
        assert!(
            text.contains(
                "label: Sector: ICT · Comparing Spain and France · as of 1 February 2016 \
                 [dataset version 0123456789ab]"
            ),
            "{text}"
        );
    }
}
