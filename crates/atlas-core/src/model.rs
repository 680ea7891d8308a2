//! The dataset format: what one cluster record is, the sector vocabulary, the flags, and the JSON
//! file the app bundles (README, "Dataset format": a public interface).
//!
//! Reading a file that may be hostile is `load`'s job; this module only defines and writes.

use rustc_hash::FxHashMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::fold::fold;
use crate::order::{sorted, sorted_by};
use crate::website::website_is_ok;

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

/// Two upper-case ASCII letters: the shape of an ISO 3166-1 alpha-2 code.
pub fn is_country_code(s: &str) -> bool {
    s.len() == 2 && s.bytes().all(|b| b.is_ascii_uppercase())
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

pub use crate::label::Label;

/// One oddity of a record, as found in the source or on loading. Kept, never hidden. In the JSON
/// `flags` array as its kebab-case name (`name-missing`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Flag {
    NameMissing,
    NameTruncated,
    SharedLine,
    WebsiteInvalid,
    IdDuplicate,
    SectorUnknown,
    CountryUnknown,
    LabelUnknown,
}

impl Flag {
    pub const ALL: [Flag; 8] = [
        Flag::NameMissing,
        Flag::NameTruncated,
        Flag::SharedLine,
        Flag::WebsiteInvalid,
        Flag::IdDuplicate,
        Flag::SectorUnknown,
        Flag::CountryUnknown,
        Flag::LabelUnknown,
    ];

    /// The name used in the JSON `flags` array and in exports.
    pub fn as_str(self) -> &'static str {
        match self {
            Flag::NameMissing => "name-missing",
            Flag::NameTruncated => "name-truncated",
            Flag::SharedLine => "shared-line",
            Flag::WebsiteInvalid => "website-invalid",
            Flag::IdDuplicate => "id-duplicate",
            Flag::SectorUnknown => "sector-unknown",
            Flag::CountryUnknown => "country-unknown",
            Flag::LabelUnknown => "label-unknown",
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
            Flag::LabelUnknown => "The label level is not one of ECEI's (Bronze, Silver, Gold).",
        }
    }

    /// The flag in a few words, for the note under a name in the results (phones cannot hover).
    pub fn note(self) -> &'static str {
        match self {
            Flag::NameMissing => "no name in the source",
            Flag::NameTruncated => "only part of the name in the source",
            Flag::SharedLine => "shares a line of the source with another record",
            Flag::WebsiteInvalid => "the website is not a usable address",
            Flag::IdDuplicate => "renamed: its id was taken",
            Flag::SectorUnknown => "a sector not in ESCA's list",
            Flag::CountryUnknown => "a country not in the dataset's list",
            Flag::LabelUnknown => "a level not in ECEI's list",
        }
    }
}

/// The note that explains a record's † in the results: "† " and each flag's few words, or
/// `None` for a record without flags.
pub fn flag_note(flags: &[Flag]) -> Option<String> {
    let notes: Vec<&str> = flags.iter().map(|f| f.note()).collect();
    (!notes.is_empty()).then(|| format!("† {}", notes.join("; ")))
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
    pub flags: Vec<Flag>,
}

impl Cluster {
    pub fn has_flag(&self, flag: Flag) -> bool {
        self.flags.contains(&flag)
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
    /// The file's `version`, when it has one (files from before it was written have none);
    /// `to_json` writes it anew from the records.
    #[serde(default)]
    pub version: Option<String>,
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
        let mut by_country: FxHashMap<&str, u32> = FxHashMap::default();
        let mut by_sector: FxHashMap<&str, u32> = FxHashMap::default();
        for c in &clusters {
            *by_country.entry(&c.country).or_default() += 1;
            *by_sector.entry(&c.sector).or_default() += 1;
        }
        let by_sector = sorted(by_sector.into_iter().collect::<Vec<(&str, u32)>>());
        let countries: Vec<CountryCount> = by_country
            .into_iter()
            .map(|(code, count)| CountryCount {
                code: code.to_string(),
                name: country_name(code),
                count: count as usize,
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
                count: count as usize,
            })
            .collect();
        Dataset {
            clusters,
            countries,
            sectors,
            version: None,
        }
    }

    /// The file's bytes: one record a line, so that diffs of the committed file read well and
    /// 100,000 records stay compact. Deterministic: no timestamps, fixed field order. The first
    /// key is the `version`: a hash of the records, so that it changes whenever one does.
    pub fn to_json(&self) -> String {
        self.to_json_with_records(lines(&self.clusters))
    }

    /// Like `to_json`, with `records` (one JSON object each) written for the clusters: an export
    /// adds fields to them.
    pub fn to_json_with_records(&self, records: Vec<String>) -> String {
        format!(
            "{{\"version\":\"{}\",\n\"clusters\":[\n{}\n],\n\"countries\":[\n{}\n],\n\"sectors\":[\n{}\n]}}\n",
            version_of(&records),
            records.join(",\n"),
            lines(&self.countries).join(",\n"),
            lines(&self.sectors).join(",\n")
        )
    }
}

/// Each item as one line of JSON.
fn lines<T: Serialize>(items: &[T]) -> Vec<String> {
    items
        .iter()
        // Serialising these plain structs (string keys, no floats) cannot fail.
        .map(|item| serde_json::to_string(item).unwrap_or_default())
        .collect()
}

/// A short content hash of the records as written: 12 hex digits of 64-bit FNV-1a over their
/// lines. Not a defence against anyone (nothing here is secret); a name for one set of records,
/// the same on every machine and in every build.
pub fn version_of(records: &[String]) -> String {
    short_hash(records.iter().flat_map(|line| [line.as_bytes(), b"\n"]))
}

/// 12 hex digits of 64-bit FNV-1a over `parts`, one after the other: the dataset's version, and
/// the name of a build's offline cache.
pub fn short_hash<'a>(parts: impl IntoIterator<Item = &'a [u8]>) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in parts.into_iter().flatten() {
        hash ^= u64::from(*b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{:012x}", hash >> 16)
}

/// `YYYY-MM-DD` in JSON.
pub mod iso_date {
    use chrono::NaiveDate;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(date: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&crate::dates::iso(*date))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
        let text = <&str>::deserialize(d)?;
        crate::dates::parse_iso(text)
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

    #[test]
    fn flags_keep_their_json_names() {
        for flag in Flag::ALL {
            let json = serde_json::to_string(&flag).unwrap();
            assert_eq!(json, format!("\"{}\"", flag.as_str()));
            assert_eq!(Flag::parse(flag.as_str()), Some(flag));
        }
        assert_eq!(Flag::NameMissing.as_str(), "name-missing");
        assert_eq!(Flag::parse("Name-Missing"), None);
    }

    #[test]
    fn flag_notes() {
        fn check(flags: &[Flag], expected: Option<&str>) {
            assert_eq!(flag_note(flags).as_deref(), expected, "{flags:?}");
        }
        check(&[], None);
        check(
            &[Flag::WebsiteInvalid],
            Some("† the website is not a usable address"),
        );
        check(
            &[Flag::NameMissing, Flag::SharedLine],
            Some("† no name in the source; shares a line of the source with another record"),
        );
    }
}
