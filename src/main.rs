//! The `torikumi` command: a thin shell over [`torikumi::extract`] and the review modules
//! ([`torikumi::review::diff`], [`torikumi::review::export`], [`torikumi::review::sqlite`],
//! [`torikumi::review::search`], [`torikumi::review::stats`]).
//!
//! Exit codes: 0 success; 1 `check` or `diff` found a difference, `search` found nothing; 2 bad
//! input or usage. Every error reaches the user through [`report`], as `error: <what>`.

use std::collections::BTreeMap;
use std::fmt::Display;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;

use torikumi::extract::emit::{to_json, write_atomically};
use torikumi::extract::read::{Encoding, InputError};
use torikumi::record::{DiagnosticCode, Edition, EditionFileError, Severity, schema_json};

// An edition is about 29,000 small allocations, made on one thread of the pool and often freed
// on another; mimalloc's per-thread free lists cost fewer instructions and branches than glibc's
// arenas for that (BENCHMARKS.md, "Session 9"). The library leaves the allocator to its users.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const EXIT_CODES: &str = "\
Exit codes:
  0  success
  1  `check` or `diff` found a difference, `search` found nothing
  2  bad input or usage; in a batch, the other files are still converted";

#[derive(Parser)]
#[command(version, about = "Raw OCR'd 派遣者取組概要 editions -> structured JSON dataset", after_help = EXIT_CODES)]
struct Cli {
    /// Print errors only: no summary lines, no progress bar, no diff under `check`.
    #[arg(short, long, global = true)]
    quiet: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Convert raw editions (files, or directories of *.txt) to DIR/<stem>.json.
    Extract {
        /// Raw edition files or directories [default: raw]
        paths: Vec<PathBuf>,
        /// Output directory
        #[arg(short, long, default_value = "output")]
        output: PathBuf,
        /// Input encoding: utf-8 or shift_jis (cp932) [default: detected]
        #[arg(long, value_parser = parse_encoding)]
        encoding: Option<Encoding>,
    },
    /// Exit 1 and name what differs when DIR is not what `extract` would write now.
    Check {
        /// Raw edition files or directories [default: raw]
        paths: Vec<PathBuf>,
        /// Directory holding the committed dataset
        #[arg(short, long, default_value = "output")]
        output: PathBuf,
        /// Input encoding: utf-8 or shift_jis (cp932) [default: detected]
        #[arg(long, value_parser = parse_encoding)]
        encoding: Option<Encoding>,
    },
    /// Print the JSON Schema of the output format.
    Schema,
    /// Compare two edition files report by report; exit 1 when they differ.
    Diff {
        old: PathBuf,
        new: PathBuf,
        #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
        format: ReportFormat,
    },
    /// Write editions' reports as CSV (one row per report), JSON Lines (one report per line) or
    /// one SQLite database with full-text search.
    Export {
        #[arg(required = true)]
        editions: Vec<PathBuf>,
        #[arg(long, value_enum)]
        format: ExportFormat,
        /// Output file [default: standard output; sqlite needs a file]
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Print the reports whose title or text holds QUERY, the match marked; exit 1 when none does.
    Search {
        query: String,
        /// Edition files to search [default: output/*.json]
        editions: Vec<PathBuf>,
        /// A database written by `export --format sqlite`, instead of edition files
        #[arg(long, conflicts_with = "editions")]
        db: Option<PathBuf>,
    },
    /// Count an edition's reports by category, prefecture, organization, diagnostics and missing sections.
    Stats {
        edition: PathBuf,
        #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
        format: ReportFormat,
        /// List every OCR repair and suggestion with its line and context, for an audit
        #[arg(long)]
        repairs: bool,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum ReportFormat {
    Text,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum ExportFormat {
    Csv,
    Jsonl,
    Sqlite,
}

/// Everything that stops a command or one file of a batch, as the user reads it.
#[derive(Debug, thiserror::Error)]
enum Error {
    /// A raw file that is not an edition; rendered with its line, rustc style, where it has one.
    #[error("{}", .0.render())]
    Input(#[from] InputError),
    #[error("{}: {source}", .path.display())]
    Io { path: PathBuf, source: std::io::Error },
    #[error("{}: {source}", .path.display())]
    EditionFile { path: PathBuf, source: EditionFileError },
    #[error("no *.txt files in {}", .0.display())]
    NoInput(PathBuf),
    #[error("{} and {} would both be written to {}: convert them into different directories (-o) or rename one", .first.display(), .second.display(), .target.display())]
    SameTarget { first: PathBuf, second: PathBuf, target: PathBuf },
    #[error("standard output: {0}")]
    Stdout(std::io::Error),
    /// What the review modules report in their own words (several edition files, a database).
    #[error("{0}")]
    Message(String),
}

impl Error {
    fn io(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
        move |source| Error::Io { path: path.to_path_buf(), source }
    }
}

/// The one way errors reach the user.
fn report(error: &impl Display) {
    eprintln!("error: {error}");
}

/// Reports `error` and gives the exit code of bad input or usage.
fn fail(error: &Error) -> ExitCode {
    report(error);
    ExitCode::from(2)
}

/// Where the published schema lives inside an output directory.
const SCHEMA_PATH: &str = "schema/records.schema.json";

fn parse_encoding(name: &str) -> Result<Encoding, String> {
    Encoding::from_name(name).ok_or_else(|| format!("unknown encoding {name:?}: use utf-8 or shift_jis"))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Extract { paths, output, encoding } => run_extract(&paths, &output, encoding, cli.quiet),
        Command::Check { paths, output, encoding } => run_check(&paths, &output, encoding, cli.quiet),
        Command::Schema => match print_out(&schema_json()) {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => fail(&error),
        },
        Command::Diff { old, new, format } => run_diff(&old, &new, format),
        Command::Export { editions, format, output } => run_export(&editions, format, output.as_deref()),
        Command::Search { query, editions, db } => run_search(&query, &editions, db.as_deref()),
        Command::Stats { edition, format, repairs } => run_stats(&edition, format, repairs),
    }
}

/// A raw file and the edition file it converts to.
struct Job {
    input: PathBuf,
    target: PathBuf,
}

/// The raw files named by `paths` (files as given, directories as their `*.txt` in any letter
/// case, sorted), each with its target in `output`. Checked before anything is read or written:
/// a path that does not exist, a directory without `*.txt` files, and two files that would
/// write one target are errors.
fn jobs(paths: &[PathBuf], output: &Path) -> Result<Vec<Job>, Error> {
    let paths = if paths.is_empty() { vec![PathBuf::from("raw")] } else { paths.to_vec() };
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let entries = std::fs::read_dir(&path).map_err(Error::io(&path))?;
            let mut found: Vec<PathBuf> = entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file() && p.extension().is_some_and(|x| x.eq_ignore_ascii_case("txt")))
                .collect();
            if found.is_empty() {
                return Err(Error::NoInput(path));
            }
            found.sort();
            files.extend(found);
        } else {
            std::fs::metadata(&path).map_err(Error::io(&path))?;
            files.push(path);
        }
    }
    let mut jobs: Vec<Job> = Vec::new();
    let mut by_target: BTreeMap<PathBuf, PathBuf> = BTreeMap::new();
    for input in files {
        let target = output_path(output, &input);
        if let Some(first) = by_target.get(&target) {
            if same_file(first, &input) {
                continue; // one file named twice converts once
            }
            return Err(Error::SameTarget { first: first.clone(), second: input, target });
        }
        by_target.insert(target.clone(), input.clone());
        jobs.push(Job { input, target });
    }
    Ok(jobs)
}

fn same_file(a: &Path, b: &Path) -> bool {
    a == b || matches!((a.canonicalize(), b.canonicalize()), (Ok(a), Ok(b)) if a == b)
}

/// Reads and extracts one file.
fn extract_file(path: &Path, encoding: Option<Encoding>) -> Result<Edition, Error> {
    let source = path.to_string_lossy().replace('\\', "/");
    let bytes = std::fs::read(path).map_err(Error::io(path))?;
    Ok(torikumi::extract_as(&source, &bytes, encoding)?)
}

fn output_path(output: &Path, input: &Path) -> PathBuf {
    let stem = input.file_stem().map_or_else(|| "edition".into(), |s| s.to_string_lossy().into_owned());
    output.join(format!("{stem}.json"))
}

fn summary(path: &Path, edition: &Edition) -> String {
    let all = edition.reports.iter().flat_map(|r| &r.diagnostics).chain(&edition.diagnostics);
    let (errors, warnings) = all.fold((0, 0), |(e, w), d| match d.severity {
        Severity::Error => (e + 1, w),
        Severity::Warning => (e, w + 1),
    });
    let count = |n: usize, what: &str| if n == 1 { format!("1 {what}") } else { format!("{n} {what}s") };
    let (reports, errors, warnings) = (count(edition.reports.len(), "report"), count(errors, "error"), count(warnings, "warning"));
    let unrecognized = edition.reports.iter().flat_map(|r| &r.diagnostics).filter(|d| d.code == DiagnosticCode::UnrecognizedHeading).count();
    format!("{}: {reports}, {errors}, {warnings} ({})", path.display(), count(unrecognized, "unrecognized heading"))
}

/// A progress bar for batches, only where a person watches: stderr is a terminal.
fn progress(files: usize, quiet: bool) -> ProgressBar {
    if quiet || files < 2 || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(files as u64);
    if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} files {elapsed}") {
        bar.set_style(style);
    }
    bar
}

fn run_extract(paths: &[PathBuf], output: &Path, encoding: Option<Encoding>, quiet: bool) -> ExitCode {
    let jobs = match jobs(paths, output) {
        Ok(jobs) => jobs,
        Err(error) => return fail(&error),
    };
    let bar = progress(jobs.len(), quiet);
    // Each file is read, extracted and written by one task, so memory holds only the files
    // the thread pool is working on; only the one-line results are kept for the end.
    let results: Vec<Result<String, Error>> = jobs
        .par_iter()
        .map(|job| {
            let result = extract_file(&job.input, encoding).and_then(|edition| {
                write_atomically(&job.target, &to_json(&edition)).map_err(Error::io(&job.target))?;
                Ok(summary(&job.input, &edition))
            });
            bar.inc(1);
            result
        })
        .collect();
    bar.finish_and_clear();
    let mut converted = 0;
    for result in &results {
        match result {
            Ok(line) => {
                converted += 1;
                if !quiet {
                    eprintln!("{line}");
                }
            }
            Err(error) => report(error),
        }
    }
    // The schema goes with the editions it describes: a run that converts nothing writes nothing.
    if converted > 0 {
        let schema = output.join(SCHEMA_PATH);
        if let Err(error) = write_atomically(&schema, schema_json().as_bytes()) {
            return fail(&Error::Io { path: schema, source: error });
        }
    }
    if converted == results.len() { ExitCode::SUCCESS } else { ExitCode::from(2) }
}

fn run_check(paths: &[PathBuf], output: &Path, encoding: Option<Encoding>, quiet: bool) -> ExitCode {
    let jobs = match jobs(paths, output) {
        Ok(jobs) => jobs,
        Err(error) => return fail(&error),
    };
    // Each target with the text it should hold and, for an edition file, the edition itself.
    type Expected = (PathBuf, Result<(Vec<u8>, Option<Edition>), Error>);
    let mut expected: Vec<Expected> = jobs
        .par_iter()
        .map(|job| (job.target.clone(), extract_file(&job.input, encoding).map(|e| (to_json(&e), Some(e)))))
        .collect();
    expected.push((output.join(SCHEMA_PATH), Ok((schema_json().into_bytes(), None))));
    let mut stale = false;
    for (target, result) in &expected {
        let (text, edition) = match result {
            Ok(expected) => expected,
            Err(error) => return fail(error),
        };
        match std::fs::read(target) {
            Ok(committed) if committed == *text => {}
            Ok(committed) => {
                let line = first_difference(&String::from_utf8_lossy(&committed), &String::from_utf8_lossy(text));
                eprintln!("{}: stale from line {line}: run `cargo run --release -- extract` and commit the result", target.display());
                if !quiet && let Some(edition) = edition {
                    print_check_diff(target, &committed, edition);
                }
                stale = true;
            }
            Err(_) => {
                eprintln!("{}: missing: run `cargo run --release -- extract` and commit the result", target.display());
                stale = true;
            }
        }
    }
    // Checking whole directories checks the whole dataset: an edition file that no raw file
    // converts to any more is stale too.
    if paths.is_empty() || paths.iter().all(|p| p.is_dir()) {
        let targets: Vec<&PathBuf> = expected.iter().map(|(target, _)| target).collect();
        for orphan in edition_files(output).into_iter().filter(|f| !targets.contains(&f)) {
            eprintln!("{}: no raw file converts to it: delete it, or add its raw file", orphan.display());
            stale = true;
        }
    }
    if stale {
        ExitCode::from(1)
    } else {
        if !quiet {
            eprintln!("{}: up to date", output.display());
        }
        ExitCode::SUCCESS
    }
}

/// The report-level diff of a stale edition file; a committed file that does not read (another
/// schema version) is named, and the stale line printed before still says where it differs.
fn print_check_diff(target: &Path, committed: &[u8], edition: &Edition) {
    match Edition::from_json(committed) {
        Ok(old) => {
            let diff = torikumi::review::diff::diff(&old, edition);
            if diff.is_empty() {
                eprintln!("{}: same records; only the file's formatting differs", target.display());
            } else {
                eprint!("{}", diff.to_text());
            }
        }
        Err(error) => eprintln!("{}: {error}", target.display()),
    }
}

/// The `*.json` files directly in `dir`, sorted.
fn edition_files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x.eq_ignore_ascii_case("json")))
        .collect();
    files.sort();
    files
}

fn run_diff(old: &Path, new: &Path, format: ReportFormat) -> ExitCode {
    let (old, new) = match (read_edition(old), read_edition(new)) {
        (Ok(old), Ok(new)) => (old, new),
        (Err(error), _) | (_, Err(error)) => return fail(&error),
    };
    let diff = torikumi::review::diff::diff(&old, &new);
    let text = match format {
        ReportFormat::Text => diff.to_text(),
        ReportFormat::Json => diff.to_json(),
    };
    if let Err(error) = print_out(&text) {
        return fail(&error);
    }
    if diff.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) }
}

fn run_export(paths: &[PathBuf], format: ExportFormat, output: Option<&Path>) -> ExitCode {
    let editions = match read_editions(paths) {
        Ok(editions) => editions,
        Err(error) => return fail(&error),
    };
    let text = match format {
        ExportFormat::Csv => torikumi::review::export::to_csv(&editions),
        ExportFormat::Jsonl => torikumi::review::export::to_jsonl(&editions),
        ExportFormat::Sqlite => {
            let Some(target) = output else { return fail(&Error::Message("--format sqlite writes a file: name it with -o FILE.db".into())) };
            return match torikumi::review::sqlite::write(&editions, target) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => fail(&Error::Message(format!("{}: {e}", target.display()))),
            };
        }
    };
    let text = match text {
        Ok(text) => text,
        Err(e) => return fail(&Error::Message(e.to_string())),
    };
    let written = match output {
        Some(target) => write_atomically(target, text.as_bytes()).map_err(Error::io(target)),
        None => print_out(&text),
    };
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => fail(&error),
    }
}

fn run_search(query: &str, paths: &[PathBuf], db: Option<&Path>) -> ExitCode {
    use torikumi::review::{search, sqlite};
    let conn = match db {
        Some(db) => sqlite::open(db).map_err(|e| Error::Message(format!("{}: {e}", db.display()))),
        None => {
            let paths = if paths.is_empty() { default_editions() } else { Ok(paths.to_vec()) };
            paths
                .and_then(|paths| read_editions(&paths))
                .and_then(|editions| sqlite::in_memory(&editions).map_err(|e| Error::Message(e.to_string())))
        }
    };
    let hits = match conn.and_then(|conn| search::search(&conn, query).map_err(|e| Error::Message(e.to_string()))) {
        Ok(hits) => hits,
        Err(error) => return fail(&error),
    };
    let mark = if std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none() {
        search::Mark::Color
    } else {
        search::Mark::Plain
    };
    if let Err(error) = print_out(&hits.to_text(mark)) {
        return fail(&error);
    }
    if hits.is_empty() { ExitCode::from(1) } else { ExitCode::SUCCESS }
}

/// The edition files `extract` writes by default: `output/*.json`, sorted.
fn default_editions() -> Result<Vec<PathBuf>, Error> {
    let dir = Path::new("output");
    let entries =
        std::fs::read_dir(dir).map_err(|e| Error::Message(format!("{}: {e} (name edition files or --db)", dir.display())))?;
    let mut files: Vec<PathBuf> =
        entries.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.extension().is_some_and(|x| x == "json")).collect();
    files.sort();
    if files.is_empty() {
        return Err(Error::Message(format!("{}: no edition file (*.json): name edition files or --db", dir.display())));
    }
    Ok(files)
}

fn run_stats(path: &Path, format: ReportFormat, repairs: bool) -> ExitCode {
    let edition = match read_edition(path) {
        Ok(edition) => edition,
        Err(error) => return fail(&error),
    };
    let text = match (repairs, format) {
        (true, ReportFormat::Text) => torikumi::review::stats::repair_review(&edition).to_text(),
        (true, ReportFormat::Json) => torikumi::review::stats::repair_review(&edition).to_json(),
        (false, ReportFormat::Text) => torikumi::review::stats::stats(&edition).to_text(),
        (false, ReportFormat::Json) => torikumi::review::stats::stats(&edition).to_json(),
    };
    match print_out(&text) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => fail(&error),
    }
}

/// Reads an edition file (`output/<stem>.json`).
fn read_edition(path: &Path) -> Result<Edition, Error> {
    let bytes = std::fs::read(path).map_err(Error::io(path))?;
    Edition::from_json(&bytes).map_err(|source| Error::EditionFile { path: path.to_path_buf(), source })
}

fn read_editions(paths: &[PathBuf]) -> Result<Vec<Edition>, Error> {
    paths.iter().map(|path| read_edition(path)).collect()
}

/// Writes to standard output; a reader that stops early (`| head`) is not an error.
fn print_out(text: &str) -> Result<(), Error> {
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Error::Stdout(e)),
        _ => Ok(()),
    }
}

fn first_difference(a: &str, b: &str) -> usize {
    a.lines().zip(b.lines()).position(|(x, y)| x != y).unwrap_or_else(|| a.lines().count().min(b.lines().count())) + 1
}
