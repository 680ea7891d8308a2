//! The committed dataset and the `ingest` CLI, end to end: drift, counts, error paths.

use std::path::{Path, PathBuf};
use std::process::Command;

use atlas_core::load::LoadedDataset;
use atlas_core::model::Dataset;

const INGEST: &str = env!("CARGO_BIN_EXE_ingest");

/// The repository: `ingest` runs there, as `make data` runs it.
fn root() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ecei-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn committed() -> Dataset {
    let text = std::fs::read_to_string(root().join("public/data/clusters.json")).unwrap();
    let loaded = LoadedDataset::from_json(&text).unwrap();
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    loaded.dataset
}

#[test]
fn committed_dataset_is_what_ingest_produces() {
    let out = temp_dir("drift").join("clusters.json");
    let status = Command::new(INGEST)
        .current_dir(root())
        .args(["--out", out.to_str().unwrap()])
        .status()
        .unwrap();
    assert!(status.success());
    for file in ["clusters.json", "clusters.csv"] {
        let fresh = std::fs::read(out.with_file_name(file)).unwrap();
        let committed = std::fs::read(root().join("public/data").join(file)).unwrap();
        assert!(
            fresh == committed,
            "public/data/{file} is not what `cargo run --release --bin ingest` produces: run `make data` and commit"
        );
    }
}

/// The data file for spreadsheets: RFC 4180, a header row, one row per record, the same facts
/// as the JSON.
#[test]
fn the_csv_data_file_reads_back_with_every_record() {
    let data = committed();
    let mut reader = csv::Reader::from_path(root().join("public/data/clusters.csv")).unwrap();
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header[0], "id");
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 270);
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    for row in &rows {
        let record = data
            .clusters
            .iter()
            .find(|c| c.id == row[0])
            .expect("a record of the JSON");
        assert_eq!(&row[column("name")], record.name.as_str());
        assert_eq!(
            &row[column("valid_until")],
            atlas_core::dates::iso(record.valid_until)
        );
        assert_eq!(&row[column("label")], record.label.key());
    }
}

#[test]
fn a_label_level_for_a_page() {
    let dir = temp_dir("label");
    let file = write(&dir, "page.txt", &format!("{HEADER}\nA ICT 2016/01/01\n"));
    let (ok, json, err) = ingest(&["--country", "IT", "--label", "silver", &file]);
    assert!(ok, "{err}");
    let data = LoadedDataset::from_json(&json).unwrap().dataset;
    assert_eq!(data.clusters[0].label, atlas_core::label::Label::Silver);
    let (ok, _, err) = ingest(&["--country", "IT", "--label", "platinum", &file]);
    assert!(!ok && err.contains("platinum"), "{err}");
    let manifest = write(
        &dir,
        "manifest.json",
        r#"{"sources":[{"file":"page.txt","country":"IT","country_name":"Italy","label":"platinum","provenance":"test"}]}"#,
    );
    let out = dir.join("out.json");
    let (ok, _, err) = ingest(&["--manifest", &manifest, "--out", out.to_str().unwrap()]);
    assert!(!ok && err.contains("\"platinum\""), "{err}");
}

#[test]
fn committed_map_is_what_ingest_map_produces() {
    let out = temp_dir("map-drift").join("world.json");
    let status = Command::new(INGEST)
        .current_dir(root())
        .args(["map", "--out", out.to_str().unwrap()])
        .status()
        .unwrap();
    assert!(status.success());
    for file in ["world.json", "world.svg"] {
        let fresh = std::fs::read(out.with_file_name(file)).unwrap();
        let committed = std::fs::read(root().join("public/data").join(file)).unwrap();
        assert!(
            fresh == committed,
            "public/data/{file} is not what `cargo run --release --bin ingest -- map` produces: run `make map` and commit"
        );
    }
}

#[test]
fn counts_per_country() {
    let data = committed();
    let count = |cc: &str| data.clusters.iter().filter(|c| c.country == cc).count();
    assert_eq!(
        [count("ES"), count("IT"), count("MX"), count("FR")],
        [106, 41, 35, 88]
    );
    assert_eq!(data.clusters.len(), 270);
    let summary: Vec<(&str, usize)> = data
        .countries
        .iter()
        .map(|c| (c.code.as_str(), c.count))
        .collect();
    assert_eq!(summary, [("FR", 88), ("IT", 41), ("MX", 35), ("ES", 106)]);
    assert_eq!(data.sectors.len(), 15);
    assert_eq!(data.sectors.iter().map(|s| s.count).sum::<usize>(), 270);
}

/// Every `YYYY/MM/DD` on every source line is one record: nothing merged, nothing dropped.
#[test]
fn every_date_is_one_record() {
    let data = committed();
    for (file, cc) in [
        ("es.txt", "ES"),
        ("it.txt", "IT"),
        ("mx.txt", "MX"),
        ("fr.txt", "FR"),
    ] {
        let text = std::fs::read_to_string(root().join("data/sources").join(file)).unwrap();
        let dates: Vec<String> = text
            .split_whitespace()
            .filter(|w| w.len() == 10 && w.as_bytes()[4] == b'/' && w.as_bytes()[7] == b'/')
            .map(|w| w.replace('/', "-"))
            .collect();
        let mut in_data: Vec<String> = data
            .clusters
            .iter()
            .filter(|c| c.country == cc)
            .map(|c| c.valid_until.format("%Y-%m-%d").to_string())
            .collect();
        let mut in_source = dates.clone();
        in_source.sort();
        in_data.sort();
        assert_eq!(in_source, in_data, "{file}");
    }
}

#[test]
fn ids_are_unique_url_safe_slugs() {
    let data = committed();
    let mut ids: Vec<&str> = data.clusters.iter().map(|c| c.id.as_str()).collect();
    assert!(
        ids.iter().all(|id| atlas_core::model::is_slug(id)),
        "{ids:?}"
    );
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 270);
}

#[test]
fn oddities_are_kept_and_flagged() {
    let data = committed();
    let flagged = |flag: &str| -> Vec<&str> {
        data.clusters
            .iter()
            .filter(|c| c.flags.iter().any(|f| f.as_str() == flag))
            .map(|c| c.id.as_str())
            .collect()
    };
    assert_eq!(
        flagged("name-missing"),
        ["it-unnamed-food-industry-20170204"]
    );
    assert_eq!(flagged("name-truncated"), ["it-textile-innovation-cluster"]);
    assert_eq!(
        flagged("website-invalid"),
        ["fr-pole-images-et-reseaux", "fr-pole-nucleaire-bourgogne"]
    );
    assert_eq!(flagged("shared-line").len(), 4);
    assert!(data.clusters.iter().all(|c| !c.website_ok));
}

fn ingest(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(INGEST)
        .current_dir(root())
        .args(args)
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

const HEADER: &str = "Name Comparative portfolio www Label valid until";

#[test]
fn country_pages_from_the_command_line() {
    // The saved pages live beside the repository (shared/seeds), not in it.
    if !root().join("../shared/seeds").exists() {
        eprintln!("skipped: ../shared/seeds is not there");
        return;
    }
    let (ok, json, err) = ingest(&[
        "--country",
        "ES",
        "../shared/seeds/000_367b3eda33bef1b6.txt",
    ]);
    assert!(ok, "{err}");
    let printed = LoadedDataset::from_json(&json).unwrap().dataset;
    let committed: Vec<_> = committed()
        .clusters
        .into_iter()
        .filter(|c| c.country == "ES")
        .collect();
    assert_eq!(printed.clusters, committed);
}

#[test]
fn messy_but_valid_input_is_accepted() {
    let dir = temp_dir("messy");
    let page = format!("\u{feff}Prose 2019/01/01 here\r\n\r\n{HEADER}  \r\nA ICT 2016/01/01   \r\n\r\nB Food industry 2016/02/29\r\n");
    let file = write(&dir, "page.txt", &page);
    let (ok, json, err) = ingest(&["--country", "IT", &file]);
    assert!(ok, "{err}");
    let data = LoadedDataset::from_json(&json).unwrap().dataset;
    let names: Vec<&str> = data.clusters.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["A", "B"]);
    assert_eq!(data.countries[0].name, "Italy");
}

#[test]
fn bad_input_names_file_and_line() {
    let dir = temp_dir("bad");
    fn check(dir: &Path, name: &str, rows: &str, line: usize, message: &str) {
        let file = write(
            dir,
            name,
            &format!("prose\n{HEADER}\nGood ICT 2016/01/01\n{rows}\n"),
        );
        let (ok, stdout, err) = ingest(&["--country", "ES", &file]);
        assert!(!ok, "{name} was accepted");
        assert!(stdout.is_empty(), "{name}: printed {stdout}");
        assert!(err.contains(&format!("{file}:{line}:")), "{name}: {err}");
        assert!(err.contains(message), "{name}: {err}");
    }
    check(
        &dir,
        "date.txt",
        "A ICT 2017/02/30",
        4,
        "2017/02/30 is not a calendar date",
    );
    check(
        &dir,
        "sector.txt",
        "\nA Gardening 2017/02/03",
        5,
        "unknown sector",
    );
    check(&dir, "nodate.txt", "A ICT", 4, "no date");
    let file = write(&dir, "ok.txt", &format!("{HEADER}\nA ICT 2016/01/01\n"));
    for cc in ["ZZ", "es", "ESP"] {
        let (ok, _, err) = ingest(&["--country", cc, &file]);
        assert!(!ok && err.contains("unknown country code"), "{cc}: {err}");
    }
    let (ok, _, err) = ingest(&[
        "--country",
        "ES",
        &dir.join("missing.txt").to_string_lossy(),
    ]);
    assert!(!ok && err.contains("missing.txt"), "{err}");
}

#[test]
fn a_failed_rebuild_writes_nothing() {
    let dir = temp_dir("atomic");
    write(&dir, "good.txt", &format!("{HEADER}\nA ICT 2016/01/01\n"));
    write(&dir, "bad.txt", &format!("{HEADER}\nB ICT 2016/13/01\n"));
    let manifest = write(
        &dir,
        "manifest.json",
        r#"{"sources":[
            {"file":"good.txt","country":"ES","country_name":"Spain","label":"bronze","provenance":"test"},
            {"file":"bad.txt","country":"IT","country_name":"Italy","label":"bronze","provenance":"test"}]}"#,
    );
    let out = write(&dir, "clusters.json", "previous content");
    let (ok, _, err) = ingest(&["--manifest", &manifest, "--out", &out]);
    assert!(!ok);
    assert!(err.contains("bad.txt:2:"), "{err}");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "previous content");
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name())
        .collect();
    assert_eq!(leftovers.len(), 4, "{leftovers:?}");
}

#[test]
fn rebuild_is_deterministic() {
    let dir = temp_dir("determinism");
    let a = dir.join("a.json");
    let b = dir.join("b.json");
    assert!(ingest(&["--out", a.to_str().unwrap()]).0);
    assert!(ingest(&["--out", b.to_str().unwrap()]).0);
    assert_eq!(std::fs::read(a).unwrap(), std::fs::read(b).unwrap());
}

#[test]
fn synthetic_data_loads_cleanly() {
    let (ok, json, err) = ingest(&["--synthetic", "2000", "--seed", "7"]);
    assert!(ok, "{err}");
    let loaded = LoadedDataset::from_json(&json).unwrap();
    assert!(
        loaded.problems.is_empty(),
        "{:?}",
        &loaded.problems[..3.min(loaded.problems.len())]
    );
    assert_eq!(loaded.dataset.clusters.len(), 2000);
    assert!(loaded.dataset.countries.len() >= 40);
    assert_eq!(loaded.dataset.sectors.len(), 15);
    let (_, again, _) = ingest(&["--synthetic", "2000", "--seed", "7"]);
    assert_eq!(json, again, "same seed, same bytes");
}
