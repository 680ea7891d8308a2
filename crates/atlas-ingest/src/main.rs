//! `ingest`: the native data tool (`cargo run --release --bin ingest -- --help`).
//!
//! - `ingest [--manifest PATH] [--out PATH]` rebuilds `public/data/clusters.json`, and
//!   `clusters.csv` beside it.
//! - `ingest --country CC [--label LEVEL] FILE...` prints the dataset JSON of saved ESCA country
//!   pages of one label level (bronze by default).
//! - `ingest --synthetic N [--seed S]` prints N made-up records, for benchmarks.
//! - `ingest map [--source PATH] [--out PATH]` regenerates the map asset.

use std::path::PathBuf;
use std::process::ExitCode;

use atlas_core::label::Label;
use atlas_ingest::{manifest, map, synthetic};
use clap::{Parser, Subcommand, ValueEnum};

#[derive(Parser)]
#[command(
    name = "ingest",
    about = "Builds the ECEI Cluster Atlas data files from saved ESCA pages and Natural Earth boundaries.",
    args_conflicts_with_subcommands = true
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// The manifest of the pages to rebuild the dataset from.
    #[arg(long, value_name = "PATH", default_value = manifest::MANIFEST)]
    manifest: PathBuf,
    /// Where the rebuilt dataset goes.
    #[arg(long, value_name = "PATH", default_value = manifest::OUT)]
    out: PathBuf,
    /// Print the dataset JSON of FILE..., saved ESCA pages of this country (ISO 3166-1 alpha-2).
    #[arg(long, value_name = "CC", requires = "files", conflicts_with_all = ["manifest", "synthetic"])]
    country: Option<String>,
    /// The label level of the pages read with --country.
    #[arg(long, value_name = "LEVEL", value_enum, default_value_t = Level::Bronze, requires = "country")]
    label: Level,
    /// Print N synthetic records, for benchmarks.
    #[arg(long, value_name = "N", conflicts_with_all = ["manifest", "out"])]
    synthetic: Option<usize>,
    /// The seed of the synthetic records: the same seed gives the same bytes.
    #[arg(long, value_name = "S", requires = "synthetic", default_value_t = 1)]
    seed: u64,
    /// The saved pages read with --country.
    #[arg(value_name = "FILE", requires = "country")]
    files: Vec<PathBuf>,
}

/// An ECEI label level, as a page lists them.
#[derive(Clone, Copy, ValueEnum)]
enum Level {
    Bronze,
    Silver,
    Gold,
}

impl From<Level> for Label {
    fn from(level: Level) -> Label {
        match level {
            Level::Bronze => Label::Bronze,
            Level::Silver => Label::Silver,
            Level::Gold => Label::Gold,
        }
    }
}

#[derive(Subcommand)]
enum Command {
    /// Regenerate the map asset from the Natural Earth TopoJSON.
    Map {
        #[arg(long, value_name = "PATH", default_value = map::DEFAULT_SOURCE)]
        source: PathBuf,
        #[arg(long, value_name = "PATH", default_value = map::DEFAULT_OUT)]
        out: PathBuf,
    },
}

fn run(cli: Cli) -> Result<(), String> {
    match (cli.command, cli.country, cli.synthetic) {
        (Some(Command::Map { source, out }), _, _) => map::run(&source, &out),
        (None, Some(cc), _) => {
            print!(
                "{}",
                manifest::pages(&cc, cli.label.into(), &cli.files)?.to_json()
            );
            Ok(())
        }
        (None, None, Some(n)) => {
            print!("{}", synthetic::dataset(n, cli.seed).to_json());
            Ok(())
        }
        (None, None, None) => manifest::rebuild(&cli.manifest, &cli.out),
    }
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("ingest: {message}");
            ExitCode::FAILURE
        }
    }
}
