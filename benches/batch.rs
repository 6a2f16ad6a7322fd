//! `cargo bench --bench batch [-- FILES]`: the batch figure. Generates FILES (default 1,000)
//! edition-sized files into `target/batch/in` (copies of `raw/r4.txt` with varied formatting,
//! see corpus.rs), then runs
//!
//! ```sh
//! /usr/bin/time -v target/release/torikumi extract target/batch/in -o target/batch/out --quiet
//! ```
//!
//! and prints input MB, wall time, MB/s end to end (JSON written) and peak RSS; then the floor
//! on the same files in the same run (read and one ICU4X NFKC pass, files in parallel on every
//! core) and the ratio. No criterion: one run of a few seconds is the measurement.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use rayon::prelude::*;

mod corpus;

fn main() {
    let files: usize = std::env::args().skip(1).find_map(|a| a.parse().ok()).unwrap_or(1000);
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/batch");
    let (input, output) = (dir.join("in"), dir.join("out"));
    for d in [&input, &output] {
        let _ = std::fs::remove_dir_all(d);
        std::fs::create_dir_all(d).unwrap_or_else(|e| panic!("{}: {e}", d.display()));
    }
    let base = corpus::base_edition();
    let mut bytes = 0u64;
    for i in 0..files {
        let text = corpus::variant(&base, i);
        bytes += text.len() as u64;
        let path = input.join(format!("e{i:04}.txt"));
        std::fs::write(&path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    }

    let binary = env!("CARGO_BIN_EXE_torikumi");
    let run = Command::new("/usr/bin/time")
        .arg("-v")
        .arg(binary)
        .args(["extract".as_ref(), input.as_os_str(), "-o".as_ref(), output.as_os_str(), "--quiet".as_ref()])
        .output()
        .unwrap_or_else(|e| panic!("/usr/bin/time: {e} (apt-get install time)"));
    let report = String::from_utf8_lossy(&run.stderr);
    if !run.status.success() {
        panic!("torikumi extract failed:\n{report}");
    }
    let field = |name: &str| {
        report.lines().find_map(|l| l.trim().strip_prefix(name)).map(str::trim).unwrap_or_else(|| panic!("no {name} in:\n{report}"))
    };
    let seconds = wall_seconds(field("Elapsed (wall clock) time (h:mm:ss or m:ss):"));
    let peak_kb: f64 = field("Maximum resident set size (kbytes):").parse().unwrap_or(f64::NAN);
    let cpu = field("Percent of CPU this job got:");
    let written = std::fs::read_dir(&output).map(|d| d.count()).unwrap_or(0);
    let mb = bytes as f64 / 1e6;
    println!(
        "batch: {files} files, {mb:.1} MB in, {written} entries out, {seconds:.2} s wall, {:.1} MB/s, peak RSS {:.1} MB, CPU {cpu}",
        mb / seconds,
        peak_kb / 1024.0
    );
    let floor = floor_seconds(&input);
    println!(
        "floor: read + ICU4X NFKC of the same files on {} threads: {floor:.2} s, {:.1} MB/s; batch / floor time: {:.1}x",
        rayon::current_num_threads(),
        mb / floor,
        seconds / floor
    );
}

/// Seconds to read every file of `dir` and normalize its text once (NFKC), files in parallel.
fn floor_seconds(dir: &Path) -> f64 {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir).into_iter().flatten().filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    let nfkc = icu_normalizer::ComposingNormalizerBorrowed::new_nfkc();
    let start = Instant::now();
    let chars: usize = paths
        .par_iter()
        .map(|path| {
            let bytes = std::fs::read(path).unwrap_or_default();
            let text = match std::str::from_utf8(&bytes) {
                Ok(text) => std::borrow::Cow::Borrowed(text),
                Err(_) => encoding_rs::SHIFT_JIS.decode_without_bom_handling(&bytes).0,
            };
            nfkc.normalize(&text).len()
        })
        .sum();
    std::hint::black_box(chars);
    start.elapsed().as_secs_f64()
}

/// `m:ss.ss` or `h:mm:ss` as seconds.
fn wall_seconds(text: &str) -> f64 {
    text.split(':').fold(0.0, |total, part| total * 60.0 + part.parse::<f64>().unwrap_or(f64::NAN))
}
