//! Size caps of the release build (`make dist` first): the wasm, and everything a first visit
//! downloads. Fails, printing every size, when a cap is exceeded.
//!
//! The budgets a visitor feels are times (`make bench-phone`: ready on an emulated mid-range
//! phone, a tap answered there); these caps are backstops under them, so that bytes cannot creep
//! in unnoticed between two runs of the phone benchmark (docs/PERFORMANCE.md).
#![cfg(not(target_arch = "wasm32"))]

use std::io::Write;
use std::path::{Path, PathBuf};

/// The caps in bytes (docs/PERFORMANCE.md). flate2 compresses ~0.6% worse than `gzip -9`, so
/// these sizes are a little on the safe side. At the phone's 1.6 Mbit/s, 20 KB is ~0.1 s.
const WASM_CAP: usize = 330_000;
/// HTML (with the prerendered view), JS, wasm, CSS, dataset and map of a first visit, and the
/// offline worker and the manifest it then fetches.
const FIRST_LOAD_CAP: usize = 440_000;

fn gzipped(path: &Path) -> usize {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(&bytes).expect("gzip in memory");
    encoder.finish().expect("gzip in memory").len()
}

#[test]
fn release_build_stays_within_its_caps() {
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
    report.push_str(&format!("  {total:>8} B  total (cap {FIRST_LOAD_CAP} B)\n"));
    report.push_str(&format!("  {wasm:>8} B  wasm (cap {WASM_CAP} B)\n"));
    println!("{report}");
    assert!(wasm > 0, "no .wasm in dist/\n{report}");
    assert!(wasm <= WASM_CAP, "the wasm is over its cap\n{report}");
    assert!(
        total <= FIRST_LOAD_CAP,
        "the first load is over its cap\n{report}"
    );
}
