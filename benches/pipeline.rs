//! `cargo bench --bench pipeline`: each stage alone on `raw/r4.txt`, the whole pipeline on one
//! edition and on a generated corpus of 100, and the floor they are read against: reading the
//! text and one bare NFKC pass over it, with unicode-normalization and with ICU4X.
//!
//! Every benchmark reports bytes of raw input per second, so each figure divides by the floor.

use std::hint::black_box;
use std::sync::Arc;

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use rayon::prelude::*;
use unicode_normalization::UnicodeNormalization;

use torikumi::extract::classify::classify;
use torikumi::extract::emit::to_json;
use torikumi::extract::normalize::clean_and_key;
use torikumi::extract::read::read_source;
use torikumi::extract::repair::{Repairer, Repairs};
use torikumi::extract::segment::segment;
use torikumi::extract;
use torikumi::extract::{blocks, fields, validate};

mod corpus;

// The command's allocator (src/main.rs), so that these figures are what `torikumi extract` runs.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const SOURCE: &str = "raw/r4.txt";
const CORPUS_SIZE: usize = 100;

fn floor(c: &mut Criterion) {
    let bytes = corpus::base_edition().into_bytes();
    let mut group = c.benchmark_group("floor");
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.bench_function("nfkc_unicode_normalization", |b| {
        b.iter(|| {
            let text = std::str::from_utf8(black_box(&bytes)).unwrap_or_default();
            text.nfkc().collect::<String>()
        })
    });
    let nfkc = icu_normalizer::ComposingNormalizerBorrowed::new_nfkc();
    group.bench_function("nfkc_icu4x", |b| {
        b.iter(|| {
            let text = std::str::from_utf8(black_box(&bytes)).unwrap_or_default();
            nfkc.normalize(text).into_owned()
        })
    });
    group.finish();
}

fn stages(c: &mut Criterion) {
    let bytes = corpus::base_edition().into_bytes();
    let source = read_source(SOURCE, &bytes).unwrap_or_else(|e| panic!("{e}"));
    let lines = classify(source.clone());
    let segmentation = segment(&lines);
    let read_all_fields = || {
        segmentation
            .reports
            .iter()
            .map(|report| fields::read_fields(&lines, report, &Arc::default()).value)
            .collect::<Vec<_>>()
    };
    let report_fields = read_all_fields();
    let edition = extract(SOURCE, &bytes).unwrap_or_else(|e| panic!("{e}"));

    let mut group = c.benchmark_group("stage");
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.bench_function("read", |b| b.iter(|| read_source(SOURCE, black_box(&bytes))));
    group.bench_function("normalize", |b| {
        b.iter(|| source.lines.iter().map(|raw| clean_and_key(raw)).collect::<Vec<_>>())
    });
    group.bench_function("classify", |b| {
        b.iter_batched(|| source.clone(), |source| classify(black_box(source)), BatchSize::LargeInput)
    });
    group.bench_function("segment", |b| b.iter(|| segment(black_box(&lines))));
    group.bench_function("fields", |b| b.iter(read_all_fields));
    group.bench_function("blocks", |b| {
        b.iter(|| {
            segmentation
                .reports
                .iter()
                .zip(&report_fields)
                .map(|(report, f)| blocks::sections(&lines, report.span, &f.field_lines, &Repairer::default()))
                .collect::<Vec<_>>()
        })
    });
    group.bench_function("repair", |b| {
        b.iter(|| {
            let (repairer, mut log) = (Repairer::default(), Repairs::default());
            lines.iter().map(|line| repairer.line(line.text(), line.number, &mut log)).collect::<Vec<_>>()
        })
    });
    group.bench_function("validate", |b| {
        b.iter(|| edition.reports.iter().map(validate::check_report).collect::<Vec<_>>())
    });
    group.bench_function("emit", |b| b.iter(|| to_json(black_box(&edition))));
    // What emit's own pretty printer saves against serde_json's, which writes the same bytes:
    // on one thread as well, as in a batch, where the files already keep both cores busy.
    let one_thread = rayon::ThreadPoolBuilder::new().num_threads(1).build().unwrap();
    group.bench_function("emit_1_thread", |b| b.iter(|| one_thread.install(|| to_json(black_box(&edition)))));
    group.bench_function("emit_serde_json_pretty", |b| {
        b.iter(|| {
            let mut text = Vec::new();
            serde_json::to_writer_pretty(&mut text, black_box(&edition)).unwrap();
            text.push(b'\n');
            text
        })
    });
    group.finish();
}

fn whole(c: &mut Criterion) {
    let bytes = corpus::base_edition().into_bytes();
    let mut group = c.benchmark_group("pipeline");
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    let edition = || to_json(&extract(SOURCE, black_box(&bytes)).unwrap_or_else(|e| panic!("{e}")));
    group.bench_function("edition", |b| b.iter(edition));
    // The same on one thread: what parallelism over reports adds.
    let one_thread = rayon::ThreadPoolBuilder::new().num_threads(1).build().unwrap_or_else(|e| panic!("{e}"));
    group.bench_function("edition_1_thread", |b| b.iter(|| one_thread.install(edition)));

    let base = corpus::base_edition();
    let editions: Vec<(String, Vec<u8>)> =
        (0..CORPUS_SIZE).map(|i| (format!("corpus/e{i:03}.txt"), corpus::variant(&base, i))).collect();
    let total: usize = editions.iter().map(|(_, bytes)| bytes.len()).sum();
    group.throughput(Throughput::Bytes(total as u64));
    group.sample_size(10);
    group.bench_function("corpus_100", |b| {
        b.iter(|| {
            editions
                .par_iter()
                .map(|(name, bytes)| to_json(&extract(name, bytes).unwrap_or_else(|e| panic!("{e}"))).len())
                .sum::<usize>()
        })
    });
    group.finish();
}

criterion_group!(benches, floor, stages, whole);
criterion_main!(benches);
