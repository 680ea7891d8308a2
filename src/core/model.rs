//! The dataset: what one cluster record is, the sector vocabulary, and the JSON file the app bundles.
//!
//! This module defines the public JSON format (see README "Dataset format"). It does not read files
//! or the network: `Dataset::to_json` and `LoadedDataset::from_json` work on strings.

use rustc_hash::{FxHashMap, FxHashSet};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::core::fold::fold;
use crate::core::order::{sorted, sorted_by};
use crate::core::website::website_is_ok;

/// The fixed "comparative portfolio" vocabulary of ESCA's listing, as spelled on its pages.
pub const SECTORS: [&str; 15] = [
    "Aviation and space",
    "Biotechnology",
    "Construction",
    "Creative industries",
    "Energy and environment",
    "Food industry",
    "Health and medical science",
    "ICT",
    "Maritime technologies, water resources",
    "Micro, nano and optical technologies",
    "New materials and chemistry",
    "Production and engineering",
    "Sports, Leisure and Tourism",
    "Textile industries",
    "Transportation and mobility",
];

/// The lower-case slug of a name: every run of non-alphanumerics becomes one `-`, none at the ends.
/// Diacritics are folded first so that slugs stay ASCII ("Aragonés" → "aragones").
pub fn slugify(name: &str) -> String {
    let mut slug = String::with_capacity(name.len());
    let mut pending_dash = false;
    for c in fold(name).chars() {
        if c.is_ascii_alphanumeric() {
            if pending_dash && !slug.is_empty() {
                slug.push('-');
            }
            pending_dash = false;
            slug.push(c);
        } else {
            pending_dash = true;
        }
    }
    slug
}

/// Whether `s` is in the shape of a slug: non-empty lower-case ASCII words joined by single dashes.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// The label level. Only Bronze rows are published by ESCA's country pages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Label {
    Bronze,
}

/// One oddity of a record, as found in the source or on loading. Kept, never hidden.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Flag {
    NameMissing,
    NameTruncated,
    SharedLine,
    WebsiteInvalid,
    IdDuplicate,
    SectorUnknown,
    CountryUnknown,
}

impl Flag {
    pub const ALL: [Flag; 7] = [
        Flag::NameMissing,
        Flag::NameTruncated,
        Flag::SharedLine,
        Flag::WebsiteInvalid,
        Flag::IdDuplicate,
        Flag::SectorUnknown,
        Flag::CountryUnknown,
    ];

    /// The short string used in the JSON `flags` array.
    pub fn as_str(self) -> &'static str {
        match self {
            Flag::NameMissing => "name-missing",
            Flag::NameTruncated => "name-truncated",
            Flag::SharedLine => "shared-line",
            Flag::WebsiteInvalid => "website-invalid",
            Flag::IdDuplicate => "id-duplicate",
            Flag::SectorUnknown => "sector-unknown",
            Flag::CountryUnknown => "country-unknown",
        }
    }

    pub fn parse(s: &str) -> Option<Flag> {
        Flag::ALL.into_iter().find(|f| f.as_str() == s)
    }

    /// The flag explained to a reader of the detail panel.
    pub fn explanation(self) -> &'static str {
        match self {
            Flag::NameMissing => "The source page lists this record without a name.",
            Flag::NameTruncated => {
                "The source page shows only a fragment of this name: it begins mid-name."
            }
            Flag::SharedLine => {
                "The source page prints this record on the same line as another record."
            }
            Flag::WebsiteInvalid => {
                "The website given by the source is not a usable address, so it is not linked."
            }
            Flag::IdDuplicate => {
                "The dataset gave this record the same id as another one; it was renamed."
            }
            Flag::SectorUnknown => "The sector is not one of ESCA's comparative portfolios.",
            Flag::CountryUnknown => "The country code is not in the dataset's country list.",
        }
    }
}

/// One labelled cluster organisation: one dated row of a source page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cluster {
    pub id: String,
    pub name: String,
    pub country: String,
    pub sector: String,
    pub website: Option<String>,
    pub website_ok: bool,
    #[serde(with = "iso_date")]
    pub valid_until: NaiveDate,
    pub label: Label,
    pub flags: Vec<String>,
}

impl Cluster {
    pub fn has_flag(&self, flag: Flag) -> bool {
        self.flags.iter().any(|f| f == flag.as_str())
    }

    /// The address to link to, if any: only an http(s) website that passes our own check.
    /// `website_ok` from the file alone is not trusted.
    pub fn link(&self) -> Option<&str> {
        match &self.website {
            Some(w) if self.website_ok && website_is_ok(w) => Some(w.as_str()),
            _ => None,
        }
    }

    pub fn sector_slug(&self) -> String {
        slugify(&self.sector)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountryCount {
    pub code: String,
    pub name: String,
    pub count: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SectorCount {
    pub slug: String,
    pub name: String,
    pub count: usize,
}

/// The whole bundled file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dataset {
    pub clusters: Vec<Cluster>,
    pub countries: Vec<CountryCount>,
    pub sectors: Vec<SectorCount>,
}

#[cfg(test)]
impl Dataset {
    /// The records' ids, in order: what the tests compare.
    pub(crate) fn ids(&self) -> Vec<&str> {
        self.clusters.iter().map(|c| c.id.as_str()).collect()
    }
}

impl Dataset {
    /// Builds the summary arrays from the records. `country_name` names every code that occurs.
    pub fn from_clusters(clusters: Vec<Cluster>, country_name: &dyn Fn(&str) -> String) -> Dataset {
        // Counted in hash maps and sorted once: a B-tree compared texts for every record.
        let mut by_country: FxHashMap<&str, usize> = FxHashMap::default();
        let mut by_sector: FxHashMap<&str, usize> = FxHashMap::default();
        for c in &clusters {
            *by_country.entry(&c.country).or_default() += 1;
            *by_sector.entry(&c.sector).or_default() += 1;
        }
        let by_sector = sorted(by_sector.into_iter().collect::<Vec<(&str, usize)>>());
        let countries: Vec<CountryCount> = by_country
            .into_iter()
            .map(|(code, count)| CountryCount {
                code: code.to_string(),
                name: country_name(code),
                count,
            })
            .collect();
        let countries = sorted_by(countries, |a, b| {
            a.name.cmp(&b.name).then(a.code.cmp(&b.code))
        });
        let sectors = by_sector
            .into_iter()
            .map(|(name, count)| SectorCount {
                slug: slugify(name),
                name: name.to_string(),
                count,
            })
            .collect();
        Dataset {
            clusters,
            countries,
            sectors,
        }
    }

    /// The file's bytes: one record a line, so that diffs of the committed file read well and
    /// 100,000 records stay compact. Deterministic: no timestamps, fixed field order.
    pub fn to_json(&self) -> String {
        fn join<T: Serialize>(items: &[T]) -> String {
            items
                .iter()
                // Serialising these plain structs (string keys, no floats) cannot fail.
                .map(|item| serde_json::to_string(item).unwrap_or_default())
                .collect::<Vec<_>>()
                .join(",\n")
        }
        format!(
            "{{\"clusters\":[\n{}\n],\n\"countries\":[\n{}\n],\n\"sectors\":[\n{}\n]}}\n",
            join(&self.clusters),
            join(&self.countries),
            join(&self.sectors)
        )
    }
}

/// What went wrong with one record of a loaded file. The record is left out, and the reader told.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordProblem {
    /// 1-based position in the `clusters` array.
    pub position: usize,
    pub message: String,
}

/// Why a whole file could not be used.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum LoadError {
    #[error("The dataset is empty.")]
    Empty,
    #[error("The dataset is not valid JSON: {0}")]
    Malformed(String),
}

/// A dataset read from an untrusted file: every record that could be used, and what could not.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadedDataset {
    pub dataset: Dataset,
    pub problems: Vec<RecordProblem>,
}

/// A record as it may appear in a file we did not write: every field optional, checked afterwards.
#[derive(Deserialize)]
struct RawCluster {
    id: Option<String>,
    name: Option<String>,
    country: Option<String>,
    sector: Option<String>,
    website: Option<String>,
    website_ok: Option<bool>,
    valid_until: Option<String>,
    label: Option<String>,
    flags: Option<Vec<String>>,
}

#[derive(Deserialize)]
struct RawDataset<'a> {
    #[serde(borrow)]
    clusters: Vec<&'a serde_json::value::RawValue>,
    #[serde(default)]
    countries: Vec<&'a serde_json::value::RawValue>,
}

/// The same file read in one pass, when every record has the expected types (the usual case).
#[derive(Deserialize)]
struct TypedDataset {
    #[serde(deserialize_with = "records")]
    clusters: Vec<RawCluster>,
    #[serde(default)]
    countries: Vec<RawCountry>,
}

/// The records of a well-formed file, read by one call each, like `check_record`: serde's own
/// loop for a `Vec` reads all 100,000 in one call, which runs unoptimised on a first visit.
fn records<'de, D: serde::Deserializer<'de>>(reader: D) -> Result<Vec<RawCluster>, D::Error> {
    struct Records;
    impl<'de> serde::de::Visitor<'de> for Records {
        type Value = Vec<RawCluster>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a list of records")
        }
        fn visit_seq<A: serde::de::SeqAccess<'de>>(
            self,
            mut seq: A,
        ) -> Result<Self::Value, A::Error> {
            let mut records = Vec::new();
            while let Some(record) = next_record(&mut seq)? {
                records.push(record);
            }
            Ok(records)
        }
    }
    reader.deserialize_seq(Records)
}

#[inline(never)]
fn next_record<'de, A: serde::de::SeqAccess<'de>>(
    seq: &mut A,
) -> Result<Option<RawCluster>, A::Error> {
    seq.next_element()
}

#[derive(Deserialize)]
struct RawCountry {
    code: String,
    name: String,
}

/// Longest name kept as is. Longer names are cut (and flagged) so one record cannot swamp the page.
pub const MAX_NAME_CHARS: usize = 300;

impl LoadedDataset {
    /// Reads a dataset file defensively. Only a file that is not JSON at all fails; a bad record is
    /// left out and reported, an odd one (duplicate id, unknown sector) is kept and flagged.
    pub fn from_json(text: &str) -> Result<LoadedDataset, LoadError> {
        if text.trim().is_empty() {
            return Err(LoadError::Empty);
        }
        // One typed pass when the file is well-formed; record by record when it is not, so that
        // one bad record costs only itself.
        // An iterator, not a second list: copying 100,000 records into one took milliseconds.
        type Records = Box<dyn ExactSizeIterator<Item = Result<RawCluster, String>>>;
        let (raw_countries, records): (Vec<RawCountry>, Records) =
            match serde_json::from_str::<TypedDataset>(text) {
                Ok(typed) => (
                    typed.countries,
                    Box::new(typed.clusters.into_iter().map(Ok)),
                ),
                Err(_) => {
                    let raw: RawDataset = serde_json::from_str(text)
                        .map_err(|e| LoadError::Malformed(e.to_string()))?;
                    let countries = raw
                        .countries
                        .iter()
                        .filter_map(|c| serde_json::from_str::<RawCountry>(c.get()).ok())
                        .collect();
                    let records = raw
                        .clusters
                        .iter()
                        .map(|r| {
                            serde_json::from_str::<RawCluster>(r.get())
                                .map_err(|e| format!("not a cluster record ({e})"))
                        })
                        .collect::<Vec<_>>();
                    (countries, Box::new(records.into_iter()))
                }
            };
        let names: FxHashMap<String, String> = raw_countries
            .into_iter()
            .filter(|c| is_country_code(&c.code))
            .map(|c| (c.code, c.name))
            .collect();
        let known_sectors: FxHashSet<&str> = SECTORS.iter().copied().collect();
        let mut problems = Vec::new();
        let mut clusters = Vec::with_capacity(records.len());
        for (i, record) in records.enumerate() {
            match record.and_then(|r| check_record(r, &known_sectors, &names)) {
                Ok(cluster) => clusters.push(cluster),
                Err(message) => problems.push(RecordProblem {
                    position: i + 1,
                    message,
                }),
            }
        }
        rename_duplicate_ids(&mut clusters);
        let dataset = Dataset::from_clusters(clusters, &|code| {
            names.get(code).cloned().unwrap_or_else(|| code.to_string())
        });
        Ok(LoadedDataset { dataset, problems })
    }
}

/// Gives every record after the first with a given id the id `id~2`, `id~3`… and flags it, so
/// that ids stay unique keys for the list and the URL.
fn rename_duplicate_ids(clusters: &mut [Cluster]) {
    let renames: Vec<(usize, String)> = {
        let mut seen: FxHashSet<&str> = FxHashSet::default();
        let duplicates: Vec<usize> = clusters
            .iter()
            .enumerate()
            .filter(|(_, c)| !seen.insert(c.id.as_str()))
            .map(|(i, _)| i)
            .collect();
        let mut given: FxHashSet<String> = FxHashSet::default();
        // Per id, the next suffix to try: a file with one id 100,000 times would otherwise try
        // every suffix already given, 5 billion tries in all. A suffix once taken stays taken,
        // so no smaller one can have become free.
        let mut next: FxHashMap<&str, usize> = FxHashMap::default();
        duplicates
            .into_iter()
            .map(|i| {
                let base = clusters[i].id.as_str();
                let n = next.entry(base).or_insert(2);
                let mut id = format!("{base}~{n}");
                while seen.contains(id.as_str()) || given.contains(&id) {
                    *n += 1;
                    id = format!("{base}~{n}");
                }
                *n += 1;
                given.insert(id.clone());
                (i, id)
            })
            .collect()
    };
    for (i, id) in renames {
        clusters[i].id = id;
        add_flag(&mut clusters[i].flags, Flag::IdDuplicate);
    }
}

fn add_flag(flags: &mut Vec<String>, flag: Flag) {
    if !flags.iter().any(|f| f == flag.as_str()) {
        flags.push(flag.as_str().to_string());
    }
}

/// Two upper-case ASCII letters.
pub fn is_country_code(s: &str) -> bool {
    s.len() == 2 && s.bytes().all(|b| b.is_ascii_uppercase())
}

// Not inlined into the loop over the records: V8 first runs wasm with a baseline compiler and
// optimises a function after it has been called enough times, never within a running call. A
// function called once per record is optimised after a few hundred records; a loop inlined into
// `from_json`, called once, would stay unoptimised for all 100,000.
#[inline(never)]
fn check_record(
    raw: RawCluster,
    known_sectors: &FxHashSet<&str>,
    country_names: &FxHashMap<String, String>,
) -> Result<Cluster, String> {
    let id = raw.id.filter(|s| !s.is_empty()).ok_or("it has no id")?;
    if id.len() > 200
        || !id
            .bytes()
            .all(|b| b.is_ascii_graphic() && b != b'&' && b != b'#')
    {
        return Err(format!("its id is not URL-safe: {}", shorten(&id)));
    }
    let valid_until = raw.valid_until.ok_or("it has no valid_until date")?;
    let valid_until = crate::core::dates::parse_iso(&valid_until)
        .ok_or_else(|| format!("its valid_until is not a date: {}", shorten(&valid_until)))?;
    let country = raw.country.ok_or("it has no country")?;
    if !is_country_code(&country) {
        return Err(format!(
            "its country is not an alpha-2 code: {}",
            shorten(&country)
        ));
    }
    let sector = raw
        .sector
        .filter(|s| !s.is_empty())
        .ok_or("it has no sector")?;
    let mut flags: Vec<String> = raw
        .flags
        .unwrap_or_default()
        .into_iter()
        .filter(|f| Flag::parse(f).is_some())
        .collect();
    let mut name = raw.name.unwrap_or_default();
    // A name has at most as many characters as bytes: most are not counted.
    if name.len() > MAX_NAME_CHARS && name.chars().count() > MAX_NAME_CHARS {
        name = name.chars().take(MAX_NAME_CHARS).collect::<String>() + "…";
        add_flag(&mut flags, Flag::NameTruncated);
    }
    if name.is_empty() {
        add_flag(&mut flags, Flag::NameMissing);
    }
    if !known_sectors.contains(sector.as_str()) {
        add_flag(&mut flags, Flag::SectorUnknown);
    }
    if !country_names.contains_key(&country) {
        add_flag(&mut flags, Flag::CountryUnknown);
    }
    let website = raw.website.filter(|w| !w.is_empty());
    let website_ok =
        raw.website_ok.unwrap_or(false) && website.as_deref().is_some_and(website_is_ok);
    if website.is_some() && !website_ok {
        add_flag(&mut flags, Flag::WebsiteInvalid);
    }
    if raw.label.as_deref().is_some_and(|l| l != "bronze") {
        return Err(format!(
            "its label is not one this app knows: {}",
            shorten(raw.label.as_deref().unwrap_or_default())
        ));
    }
    Ok(Cluster {
        id,
        name,
        country,
        sector: shorten_to(sector, 120),
        website: website.map(|w| shorten_to(w, 500)),
        website_ok,
        valid_until,
        label: Label::Bronze,
        flags,
    })
}

fn shorten(s: &str) -> String {
    shorten_to(s.to_string(), 40)
}

fn shorten_to(s: String, max: usize) -> String {
    if s.chars().count() <= max {
        s
    } else {
        s.chars().take(max).collect::<String>() + "…"
    }
}

/// `YYYY-MM-DD` in JSON.
pub mod iso_date {
    use chrono::NaiveDate;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(date: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&crate::core::dates::iso(*date))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
        let text = <&str>::deserialize(d)?;
        crate::core::dates::parse_iso(text)
            .ok_or_else(|| serde::de::Error::custom("not a YYYY-MM-DD date"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        fn check(name: &str, slug: &str) {
            assert_eq!(slugify(name), slug, "{name}");
            assert!(is_slug(slug), "{slug}");
        }
        check("ICT", "ict");
        check("Food industry", "food-industry");
        check(
            "Maritime technologies, water resources",
            "maritime-technologies-water-resources",
        );
        check("Sports, Leisure and Tourism", "sports-leisure-and-tourism");
        check(
            "  AERA - Cluster Aeronautico Aragonés ",
            "aera-cluster-aeronautico-aragones",
        );
        assert!(!is_slug("Food-industry"));
        assert!(!is_slug("-ict"));
        assert!(!is_slug(""));
    }

    fn record(extra: &str) -> String {
        format!(
            r#"{{"clusters":[{{"id":"es-a","name":"A","country":"ES","sector":"ICT","website":null,"website_ok":false,"valid_until":"2016-01-01","label":"bronze","flags":[]}}{extra}],"countries":[{{"code":"ES","name":"Spain","count":1}}],"sectors":[]}}"#
        )
    }

    #[test]
    fn loading_keeps_good_records_and_reports_bad_ones() {
        let text = record(
            r#",{"id":"es-a","name":"Dup","country":"ES","sector":"ICT","valid_until":"2016-01-01"},
               {"id":"x","name":"No date","country":"ES","sector":"ICT"},
               {"id":"y","name":"Bad date","country":"ES","sector":"ICT","valid_until":"2017-02-30"},
               {"id":"z","name":"<img src=x>","country":"ZZ","sector":"Magic","valid_until":"2016-01-01",
                "website":"javascript:alert(1)","website_ok":true},
               42"#,
        );
        let loaded = LoadedDataset::from_json(&text).unwrap();
        let ids = loaded.dataset.ids();
        assert_eq!(ids, ["es-a", "es-a~2", "z"]);
        let three = record(
            r#",{"id":"es-a~2","country":"ES","sector":"ICT","valid_until":"2016-01-01"},
                                {"id":"es-a","country":"ES","sector":"ICT","valid_until":"2016-01-01"}"#,
        );
        let renamed = LoadedDataset::from_json(&three).unwrap();
        let ids = renamed.dataset.ids();
        assert_eq!(ids, ["es-a", "es-a~2", "es-a~3"]);
        assert!(loaded.dataset.clusters[1].has_flag(Flag::IdDuplicate));
        let z = &loaded.dataset.clusters[2];
        assert!(z.has_flag(Flag::SectorUnknown) && z.has_flag(Flag::CountryUnknown));
        assert!(z.has_flag(Flag::WebsiteInvalid));
        assert_eq!(z.link(), None);
        let positions: Vec<usize> = loaded.problems.iter().map(|p| p.position).collect();
        assert_eq!(positions, [3, 4, 6]);
        assert!(loaded.problems[0].message.contains("valid_until"));
    }

    /// One id 20,000 times: every copy gets its own suffix, in order, without trying all the
    /// suffixes given before (which took minutes at 100,000).
    #[test]
    fn many_copies_of_one_id_are_renamed_in_linear_time() {
        let copy = r#",{"id":"x","country":"ES","sector":"ICT","valid_until":"2016-01-01"}"#;
        let text = record(&format!(
            "{}{}",
            copy.repeat(19_998),
            r#",{"id":"x~5","country":"ES","sector":"ICT","valid_until":"2016-01-01"}"#
        ));
        let started = std::time::Instant::now();
        let loaded = LoadedDataset::from_json(&text).unwrap();
        let ids = loaded.dataset.ids();
        assert!(started.elapsed().as_secs() < 5, "{:?}", started.elapsed());
        let unique: FxHashSet<&str> = ids.iter().copied().collect();
        assert_eq!(unique.len(), ids.len());
        assert_eq!(ids[..6], ["es-a", "x", "x~2", "x~3", "x~4", "x~6"]);
        assert_eq!(ids[ids.len() - 1], "x~5");
    }

    #[test]
    fn loading_rejects_files_that_are_not_datasets() {
        assert_eq!(LoadedDataset::from_json("  "), Err(LoadError::Empty));
        for text in [
            "{",
            "[]",
            "{\"clusters\":3}",
            "<html>",
            "{\"clusters\":[1,2",
        ] {
            assert!(
                matches!(LoadedDataset::from_json(text), Err(LoadError::Malformed(_))),
                "{text}"
            );
        }
    }

    #[test]
    fn long_names_are_cut_and_flagged() {
        let long = "x".repeat(10_000);
        let text = record(&format!(
            r#",{{"id":"l","name":"{long}","country":"ES","sector":"ICT","valid_until":"2016-01-01"}}"#
        ));
        let loaded = LoadedDataset::from_json(&text).unwrap();
        let c = &loaded.dataset.clusters[1];
        assert_eq!(c.name.chars().count(), MAX_NAME_CHARS + 1);
        assert!(c.has_flag(Flag::NameTruncated));
    }

    #[test]
    fn json_round_trips() {
        let loaded = LoadedDataset::from_json(&record("")).unwrap();
        let again = LoadedDataset::from_json(&loaded.dataset.to_json()).unwrap();
        assert_eq!(loaded, again);
    }
}
