//! Size budgets of the release build (`make dist` first): the wasm, and everything a first visit
//! downloads. Fails, printing every size, when a budget is exceeded.
#![cfg(not(target_arch = "wasm32"))]

use std::io::Write;
use std::path::{Path, PathBuf};

/// The budgets in bytes (docs/PERFORMANCE.md). flate2 compresses ~0.6% worse than `gzip -9`, so
/// these sizes are a little on the safe side.
const WASM_BUDGET: usize = 300_000;
/// HTML (with the prerendered view), JS, wasm, CSS, dataset and map of a first visit, and the
/// offline worker and the manifest it then fetches.
const FIRST_LOAD_BUDGET: usize = 400_000;

fn gzipped(path: &Path) -> usize {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(&bytes).expect("gzip in memory");
    encoder.finish().expect("gzip in memory").len()
}

#[test]
fn release_build_stays_within_budget() {
    let dist = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("dist");
    assert!(
        dist.join("index.html").exists(),
        "no release build in dist/: run `make dist` (make test does)"
    );
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dist)
        .expect("dist/")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        // The link preview is for other sites' crawlers: the page never loads it.
        .filter(|p| !p.ends_with("preview.png"))
        .collect();
    // The data a first visit loads: the dataset, the map's frames and its sprite.
    for data in ["clusters.json", "world.json", "world.svg"] {
        files.push(dist.join("data").join(data));
    }
    files.sort();

    let mut report = String::from("gzip -9 sizes of the first load:\n");
    let (mut total, mut wasm) = (0, 0);
    for file in &files {
        let size = gzipped(file);
        total += size;
        if file.extension().is_some_and(|e| e == "wasm") {
            wasm += size;
        }
        let name = file.strip_prefix(&dist).unwrap_or(file).display();
        report.push_str(&format!("  {:>8} B  {name}\n", size));
    }
    report.push_str(&format!(
        "  {total:>8} B  total (budget {FIRST_LOAD_BUDGET} B)\n"
    ));
    report.push_str(&format!("  {wasm:>8} B  wasm (budget {WASM_BUDGET} B)\n"));
    println!("{report}");
    assert!(wasm > 0, "no .wasm in dist/\n{report}");
    assert!(wasm <= WASM_BUDGET, "the wasm is over budget\n{report}");
    assert!(
        total <= FIRST_LOAD_BUDGET,
        "the first load is over budget\n{report}"
    );
}
