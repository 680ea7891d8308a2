//! Reading a dataset file the app did not write, defensively: every record is checked, a bad
//! record is left out and reported (`RecordProblem`), an odd one is kept and flagged, and only a
//! file that is not a dataset at all fails (`LoadError`).

use rustc_hash::{FxHashMap, FxHashSet};

use serde::Deserialize;

use crate::ids::UniqueIds;
use crate::model::{is_country_code, Cluster, Dataset, Flag, Label, SECTORS};
use crate::website::website_is_ok;

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
    #[serde(default)]
    version: Option<&'a serde_json::value::RawValue>,
}

/// The same file read in one pass, when every record has the expected types (the usual case).
#[derive(Deserialize)]
struct TypedDataset {
    #[serde(deserialize_with = "records")]
    clusters: Vec<RawCluster>,
    #[serde(default)]
    countries: Vec<RawCountry>,
    #[serde(default)]
    version: Option<String>,
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
    /// Reads a dataset file's bytes: `from_json` once they are known to be UTF-8. `simdutf8`
    /// checks 16 bytes at a time: the standard library's check took 60 ms for 25 MB in the
    /// browser, and twice that on a first visit, before the browser has optimised the code.
    pub fn from_bytes(bytes: &[u8]) -> Result<LoadedDataset, LoadError> {
        let text = simdutf8::basic::from_utf8(bytes)
            .map_err(|_| LoadError::Malformed("it is not UTF-8 text".to_string()))?;
        LoadedDataset::from_json(text)
    }

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
        let (raw_countries, version, records): (Vec<RawCountry>, Option<String>, Records) =
            match serde_json::from_str::<TypedDataset>(text) {
                Ok(typed) => (
                    typed.countries,
                    typed.version,
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
                    let version = raw
                        .version
                        .and_then(|v| serde_json::from_str::<String>(v.get()).ok());
                    (countries, version, Box::new(records.into_iter()))
                }
            };
        // A version is a short name, not a place for a hostile file to put a page of text.
        let version = version.filter(|v| {
            !v.is_empty()
                && v.len() <= 64
                && v.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
        });
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
        let dataset = Dataset {
            version,
            ..Dataset::from_clusters(clusters, &|code| {
                names.get(code).cloned().unwrap_or_else(|| code.to_string())
            })
        };
        Ok(LoadedDataset { dataset, problems })
    }
}

/// Gives every record after the first with a given id the id `id~2`, `id~3`… and flags it, so
/// that ids stay unique keys for the list and the URL.
fn rename_duplicate_ids(clusters: &mut [Cluster]) {
    let mut ids = UniqueIds::new('~');
    // Every id as the file gives it is reserved first, so a renamed copy never takes the id of a
    // record further down.
    let first: Vec<bool> = clusters.iter().map(|c| ids.reserve(&c.id)).collect();
    for (c, first) in clusters.iter_mut().zip(first) {
        if !first {
            c.id = ids.claim(&c.id);
            add_flag(&mut c.flags, Flag::IdDuplicate);
        }
    }
}

fn add_flag(flags: &mut Vec<Flag>, flag: Flag) {
    if !flags.contains(&flag) {
        flags.push(flag);
    }
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
    let valid_until = crate::dates::parse_iso(&valid_until)
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
    // Flags this app does not know say nothing to the reader: they are left out.
    let mut flags: Vec<Flag> = raw
        .flags
        .unwrap_or_default()
        .iter()
        .filter_map(|f| Flag::parse(f))
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
    // A file from before levels were recorded says nothing: Bronze, the only level then.
    let label = match raw.label.as_deref() {
        None => Label::Bronze,
        Some(key) => Label::parse(key).unwrap_or(Label::Unknown),
    };
    if label == Label::Unknown {
        add_flag(&mut flags, Flag::LabelUnknown);
    }
    Ok(Cluster {
        id,
        name,
        country,
        sector: shorten_to(sector, 120),
        website: website.map(|w| shorten_to(w, 500)),
        website_ok,
        valid_until,
        label,
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

#[cfg(test)]
mod tests {
    use super::*;

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
    fn label_levels_are_read_and_an_unknown_one_is_kept_and_flagged() {
        let text = record(
            r#",{"id":"s","country":"ES","sector":"ICT","valid_until":"2016-01-01","label":"silver"},
               {"id":"p","country":"ES","sector":"ICT","valid_until":"2016-01-01","label":"platinum"},
               {"id":"n","country":"ES","sector":"ICT","valid_until":"2016-01-01"}"#,
        );
        let loaded = LoadedDataset::from_json(&text).unwrap();
        assert!(loaded.problems.is_empty());
        let levels: Vec<(Label, bool)> = loaded
            .dataset
            .clusters
            .iter()
            .map(|c| (c.label, c.has_flag(Flag::LabelUnknown)))
            .collect();
        assert_eq!(
            levels,
            [
                (Label::Bronze, false),
                (Label::Silver, false),
                (Label::Unknown, true),
                (Label::Bronze, false)
            ]
        );
    }

    #[test]
    fn the_version_names_the_records() {
        let loaded = LoadedDataset::from_json(&record("")).unwrap();
        let json = loaded.dataset.to_json();
        let again = LoadedDataset::from_json(&json).unwrap().dataset;
        let version = again.version.clone().expect("a version");
        assert_eq!(version.len(), 12);
        // The same records, the same version; one record changed, another.
        assert_eq!(again.to_json(), json);
        let mut changed = again.clone();
        changed.clusters[0].name.push('!');
        let changed = LoadedDataset::from_json(&changed.to_json())
            .unwrap()
            .dataset;
        assert_ne!(changed.version, again.version);
        // A file without one loads, and a hostile one is ignored.
        assert_eq!(loaded.dataset.version, None);
        let odd = record("").replacen('{', r#"{"version":"<b>x</b>","#, 1);
        assert_eq!(
            LoadedDataset::from_json(&odd).unwrap().dataset.version,
            None
        );
        let wrong = record("").replacen('{', r#"{"version":7,"#, 1);
        let loaded = LoadedDataset::from_json(&wrong).unwrap();
        assert_eq!(
            (loaded.dataset.version, loaded.dataset.clusters.len()),
            (None, 1)
        );
    }

    #[test]
    fn json_round_trips() {
        let loaded = LoadedDataset::from_json(&record("")).unwrap();
        let again = LoadedDataset::from_json(&loaded.dataset.to_json()).unwrap();
        // The written file names its records' version; the rest is the same.
        assert!(again.dataset.version.is_some());
        let without = Dataset {
            version: None,
            ..again.dataset.clone()
        };
        assert_eq!(loaded.dataset, without);
        assert_eq!(loaded.problems, again.problems);
    }
}
