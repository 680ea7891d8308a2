//! Made-up records in the dataset format, for measuring the app at scale.
//!
//! Deterministic for a seed: a small SplitMix64 generator here rather than the `rand` crate, whose
//! streams may change between versions, so that a benchmark's input is the same file forever.

use std::collections::HashSet;

use crate::core::model::{slugify, Cluster, Dataset, Flag, Label, SECTORS};
use crate::core::website::website_is_ok;
use chrono::{Days, NaiveDate};

struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// ~50 countries: (code, name).
const COUNTRIES: [(&str, &str); 50] = [
    ("AT", "Austria"),
    ("BE", "Belgium"),
    ("BG", "Bulgaria"),
    ("HR", "Croatia"),
    ("CY", "Cyprus"),
    ("CZ", "Czechia"),
    ("DK", "Denmark"),
    ("EE", "Estonia"),
    ("FI", "Finland"),
    ("FR", "France"),
    ("DE", "Germany"),
    ("GR", "Greece"),
    ("HU", "Hungary"),
    ("IE", "Ireland"),
    ("IT", "Italy"),
    ("LV", "Latvia"),
    ("LT", "Lithuania"),
    ("LU", "Luxembourg"),
    ("MT", "Malta"),
    ("NL", "Netherlands"),
    ("PL", "Poland"),
    ("PT", "Portugal"),
    ("RO", "Romania"),
    ("SK", "Slovakia"),
    ("SI", "Slovenia"),
    ("ES", "Spain"),
    ("SE", "Sweden"),
    ("NO", "Norway"),
    ("IS", "Iceland"),
    ("CH", "Switzerland"),
    ("LI", "Liechtenstein"),
    ("AD", "Andorra"),
    ("MC", "Monaco"),
    ("SM", "San Marino"),
    ("GB", "United Kingdom"),
    ("RS", "Serbia"),
    ("ME", "Montenegro"),
    ("MK", "North Macedonia"),
    ("AL", "Albania"),
    ("BA", "Bosnia and Herzegovina"),
    ("UA", "Ukraine"),
    ("MD", "Moldova"),
    ("TR", "Türkiye"),
    ("IL", "Israel"),
    ("MA", "Morocco"),
    ("TN", "Tunisia"),
    ("MX", "Mexico"),
    ("BR", "Brazil"),
    ("CA", "Canada"),
    ("JP", "Japan"),
];

const PREFIXES: [&str; 16] = [
    "Clúster",
    "Pôle",
    "Cluster",
    "Distretto",
    "Agrupación",
    "Kompetenznetz",
    "Związek",
    "Innovációs",
    "Association",
    "Polo",
    "Netzwerk",
    "Consorcio",
    "Šķērsnozaru",
    "Fédération",
    "Klaster",
    "Øresund",
];
const TOPICS: [&str; 20] = [
    "Energía",
    "Mécanique",
    "Agroalimentare",
    "Automoción",
    "Logística",
    "Médical",
    "Textil",
    "Aéronautique",
    "Digital",
    "Holz",
    "Maritime",
    "Photonique",
    "Bioéconomie",
    "Turismo",
    "Chemie",
    "Nanotecnología",
    "Ceràmica",
    "Straßenbau",
    "Wasser",
    "Ήλιος",
];
const PLACES: [&str; 16] = [
    "de Aragón",
    "Rhône-Alpes",
    "del Piemonte",
    "Baden-Württemberg",
    "Łódź",
    "de Catalunya",
    "Île-de-France",
    "Brandenburg",
    "da Região Norte",
    "Malmö",
    "Göteborg",
    "de Nuevo León",
    "Kraków",
    "Ljubljana",
    "Bretagne",
    "Dalarna",
];

/// `n` made-up records: names in several languages with diacritics, ~50 countries, the 15
/// sectors, dates over ten years, some websites (a tenth of them unusable), some flags.
pub fn dataset(n: usize, seed: u64) -> Dataset {
    let mut rng = SplitMix64(seed);
    let base = NaiveDate::from_ymd_opt(2012, 1, 1).unwrap_or_default();
    let mut taken = HashSet::with_capacity(n);
    let mut clusters = Vec::with_capacity(n);
    for i in 0..n {
        let (code, _) = COUNTRIES[rng.below(COUNTRIES.len())];
        let roll = rng.below(100);
        let name = if roll == 0 {
            String::new()
        } else {
            format!(
                "{} {} {}",
                rng.pick(&PREFIXES),
                rng.pick(&TOPICS),
                rng.pick(&PLACES)
            )
        };
        let sector = SECTORS[rng.below(SECTORS.len())];
        let valid_until = base + Days::new(rng.below(3653) as u64);
        let website = match rng.below(10) {
            0..=3 => Some(format!(
                "https://www.{}-{i}.{}",
                slugify(&name).chars().take(20).collect::<String>(),
                code.to_ascii_lowercase()
            )),
            4 => Some(format!("http://www.broken-{i}.fe")),
            _ => None,
        };
        let mut flags = Vec::new();
        if name.is_empty() {
            flags.push(Flag::NameMissing.as_str().to_string());
        }
        let website_ok = website.as_deref().is_some_and(website_is_ok);
        if website.is_some() && !website_ok {
            flags.push(Flag::WebsiteInvalid.as_str().to_string());
        }
        let mut id = format!(
            "{}-{}-{i}",
            code.to_ascii_lowercase(),
            slugify(&name).chars().take(40).collect::<String>()
        );
        if !taken.insert(id.clone()) {
            id.push_str("-x");
        }
        clusters.push(Cluster {
            id,
            name,
            country: code.to_string(),
            sector: sector.to_string(),
            website,
            website_ok,
            valid_until,
            label: Label::Bronze,
            flags,
        });
    }
    Dataset::from_clusters(clusters, &|code| {
        COUNTRIES
            .iter()
            .find(|(c, _)| *c == code)
            .map(|(_, n)| n.to_string())
            .unwrap_or_default()
    })
}
