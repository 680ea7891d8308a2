//! Argument handling, the manifest, and reading and writing files.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use ecei_atlas::core::model::{Cluster, Dataset};
use ecei_atlas::core::source::{parse_page, to_clusters};
use serde::Deserialize;

use ecei_atlas::core::synthetic;

use crate::map;

pub const MANIFEST: &str = "data/sources/manifest.json";
pub const OUT: &str = "public/data/clusters.json";

const USAGE: &str = "usage:
  ingest [--manifest PATH] [--out PATH]   rebuild public/data/clusters.json from data/sources/manifest.json
  ingest --country CC FILE...         print the dataset JSON of saved ESCA country pages
  ingest --synthetic N [--seed S]     print N synthetic records (for benchmarks)
  ingest map [--source PATH] [--out PATH]   regenerate public/data/world.json";

/// One source file, as listed in the manifest.
#[derive(Deserialize)]
struct Source {
    file: String,
    country: String,
    country_name: String,
    label: String,
    #[allow(dead_code)] // documentation for people; kept in the file, not used by the build
    provenance: String,
}

#[derive(Deserialize)]
struct Manifest {
    sources: Vec<Source>,
}

pub fn run(args: &[String]) -> Result<(), String> {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["--help" | "-h"] => {
            println!("{USAGE}");
            Ok(())
        }
        ["--country", cc, files @ ..] if !files.is_empty() => {
            let name = country_name(cc)?;
            let mut taken = HashSet::new();
            let mut clusters = Vec::new();
            for file in files {
                clusters.extend(read_page(Path::new(file), cc, &mut taken)?);
            }
            let dataset = Dataset::from_clusters(clusters, &|_| name.clone());
            print!("{}", dataset.to_json());
            Ok(())
        }
        ["--synthetic", n, rest @ ..] => {
            let n: usize = n
                .parse()
                .map_err(|_| format!("--synthetic wants a count, not {n:?}\n{USAGE}"))?;
            let seed = match rest {
                [] => 1,
                ["--seed", s] => s
                    .parse()
                    .map_err(|_| format!("--seed wants a number, not {s:?}"))?,
                _ => return Err(USAGE.to_string()),
            };
            print!("{}", synthetic::dataset(n, seed).to_json());
            Ok(())
        }
        ["map", rest @ ..] => {
            let [source, out] = path_options(
                rest,
                [
                    ("--source", map::DEFAULT_SOURCE),
                    ("--out", map::DEFAULT_OUT),
                ],
            )?;
            map::run(&source, &out)
        }
        rest => {
            let [manifest, out] = path_options(rest, [("--manifest", MANIFEST), ("--out", OUT)])?;
            rebuild(&manifest, &out)
        }
    }
}

/// Reads `--flag PATH` pairs in any order; each flag has a default.
fn path_options<const N: usize>(
    args: &[&str],
    flags: [(&str, &str); N],
) -> Result<[PathBuf; N], String> {
    let mut paths = flags.map(|(_, default)| PathBuf::from(default));
    let mut args = args.iter();
    while let Some(flag) = args.next() {
        let value = args.next().ok_or_else(|| USAGE.to_string())?;
        let i = flags
            .iter()
            .position(|(name, _)| name == flag)
            .ok_or_else(|| USAGE.to_string())?;
        paths[i] = PathBuf::from(value);
    }
    Ok(paths)
}

/// The English name of an ISO 3166-1 alpha-2 code, or an error for a code that does not exist.
fn country_name(cc: &str) -> Result<String, String> {
    if cc.len() != 2 || !cc.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(format!(
            "unknown country code {cc:?}: expected ISO 3166-1 alpha-2 in upper case, e.g. ES"
        ));
    }
    isocountry::CountryCode::for_alpha2(cc)
        .map(|c| c.name().to_string())
        .map_err(|_| format!("unknown country code {cc:?}: not an ISO 3166-1 alpha-2 code"))
}

fn read_page(path: &Path, cc: &str, taken: &mut HashSet<String>) -> Result<Vec<Cluster>, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let text = String::from_utf8(bytes)
        .map_err(|e| format!("{}: not UTF-8 text ({e})", path.display()))?;
    let rows =
        parse_page(&text).map_err(|e| format!("{}:{}: {}", path.display(), e.line, e.message))?;
    Ok(to_clusters(cc, &rows, taken))
}

fn rebuild(manifest_path: &Path, out: &Path) -> Result<(), String> {
    let text = std::fs::read_to_string(manifest_path)
        .map_err(|e| format!("{}: {e}", manifest_path.display()))?;
    let manifest: Manifest =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", manifest_path.display()))?;
    let dir = manifest_path.parent().unwrap_or(Path::new("."));
    let mut taken = HashSet::new();
    let mut clusters = Vec::new();
    let mut names = std::collections::BTreeMap::new();
    for source in &manifest.sources {
        country_name(&source.country).map_err(|e| format!("{}: {e}", manifest_path.display()))?;
        if source.label != "bronze" {
            return Err(format!(
                "{}: {}: unknown label {:?}",
                manifest_path.display(),
                source.file,
                source.label
            ));
        }
        names.insert(source.country.clone(), source.country_name.clone());
        clusters.extend(read_page(
            &dir.join(&source.file),
            &source.country,
            &mut taken,
        )?);
    }
    let dataset = Dataset::from_clusters(clusters, &|code| {
        names.get(code).cloned().unwrap_or_default()
    });
    write_atomically(out, &dataset.to_json())?;
    eprintln!(
        "ingest: wrote {} records to {}",
        dataset.clusters.len(),
        out.display()
    );
    Ok(())
}

/// Writes to a temporary file beside the target, then renames: a reader never sees half a file.
pub fn write_atomically(out: &Path, text: &str) -> Result<(), String> {
    let tmp = out.with_extension("json.tmp");
    std::fs::write(&tmp, text).map_err(|e| format!("{}: {e}", tmp.display()))?;
    std::fs::rename(&tmp, out).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        format!("{}: {e}", out.display())
    })
}
