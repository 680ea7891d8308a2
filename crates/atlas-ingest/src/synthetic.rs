//! Made-up records in the dataset format, for measuring the app at scale.
//!
//! Deterministic for a seed: `fastrand`'s generator, pinned by `Cargo.lock`, gives the same
//! stream for the same seed, so a benchmark's input is the same file on every run.

use atlas_core::model::{slugify, Cluster, Dataset, Flag, Label, SECTORS};
use atlas_core::website::website_is_ok;
use chrono::{Days, NaiveDate};

fn pick<'a>(rng: &mut fastrand::Rng, items: &[&'a str]) -> &'a str {
    items[rng.usize(..items.len())]
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
    let mut rng = fastrand::Rng::with_seed(seed);
    let base = NaiveDate::from_ymd_opt(2012, 1, 1).unwrap_or_default();
    let mut clusters = Vec::with_capacity(n);
    for i in 0..n {
        let (code, _) = COUNTRIES[rng.usize(..COUNTRIES.len())];
        let name = if rng.usize(..100) == 0 {
            String::new()
        } else {
            format!(
                "{} {} {}",
                pick(&mut rng, &PREFIXES),
                pick(&mut rng, &TOPICS),
                pick(&mut rng, &PLACES)
            )
        };
        let sector = SECTORS[rng.usize(..SECTORS.len())];
        let valid_until = base + Days::new(rng.u64(..3653));
        let website = match rng.usize(..10) {
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
            flags.push(Flag::NameMissing);
        }
        let website_ok = website.as_deref().is_some_and(website_is_ok);
        if website.is_some() && !website_ok {
            flags.push(Flag::WebsiteInvalid);
        }
        // The record's position makes the id unique.
        let id = format!(
            "{}-{}-{i}",
            code.to_ascii_lowercase(),
            slugify(&name).chars().take(40).collect::<String>()
        );
        clusters.push(Cluster {
            id,
            name,
            country: code.to_string(),
            sector: sector.to_string(),
            website,
            website_ok,
            valid_until,
            // Most labels are Bronze, as in ESCA's lists; the rest give the label facet work.
            label: match i % 10 {
                0..=6 => Label::Bronze,
                7 | 8 => Label::Silver,
                _ => Label::Gold,
            },
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
