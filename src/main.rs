//! The `torikumi` command: a thin shell over [`torikumi::extract`] and the review modules
//! ([`torikumi::review::diff`], [`torikumi::review::export`], [`torikumi::review::sqlite`],
//! [`torikumi::review::search`], [`torikumi::review::stats`]).
//!
//! Exit codes: 0 success; 1 `check` or `diff` found a difference, `search` found nothing; 2 bad
//! input or usage.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;

use torikumi::extract::emit::{to_json, write_atomically};
use torikumi::extract::read::Encoding;
use torikumi::record::{DiagnosticCode, Edition, Severity, schema_json};

#[derive(Parser)]
#[command(version, about = "Raw OCR'd 派遣者取組概要 editions -> structured JSON dataset")]
struct Cli {
    /// Print errors only: no summary lines, no progress bar.
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
        Command::Schema => {
            print!("{}", schema_json());
            ExitCode::SUCCESS
        }
        Command::Diff { old, new, format } => run_diff(&old, &new, format),
        Command::Export { editions, format, output } => run_export(&editions, format, output.as_deref()),
        Command::Search { query, editions, db } => run_search(&query, &editions, db.as_deref()),
        Command::Stats { edition, format, repairs } => run_stats(&edition, format, repairs),
    }
}

/// The raw files named by `paths`: files as given, directories as their `*.txt`, sorted.
fn input_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let paths = if paths.is_empty() { vec![PathBuf::from("raw")] } else { paths.to_vec() };
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let entries = std::fs::read_dir(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            let mut found: Vec<PathBuf> = entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "txt"))
                .collect();
            found.sort();
            files.extend(found);
        } else {
            files.push(path);
        }
    }
    Ok(files)
}

/// Reads and extracts one file; the error text names the file and, where one applies, shows
/// the line (rustc style).
fn extract_file(path: &Path, encoding: Option<Encoding>) -> Result<Edition, String> {
    let source = path.to_string_lossy().replace('\\', "/");
    let bytes = std::fs::read(path).map_err(|e| format!("{source}: {e}"))?;
    torikumi::extract_as(&source, &bytes, encoding).map_err(|e| e.render())
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
    let unrecognized = edition.reports.iter().flat_map(|r| &r.diagnostics).filter(|d| d.code == DiagnosticCode::UnrecognizedHeading).count();
    format!(
        "{}: {} reports, {errors} errors, {warnings} warnings ({unrecognized} unrecognized headings)",
        path.display(),
        edition.reports.len()
    )
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
    let files = match input_files(paths) {
        Ok(files) => files,
        Err(message) => return fail(&message),
    };
    let bar = progress(files.len(), quiet);
    // Each file is read, extracted and written by one task, so memory holds only the files
    // the thread pool is working on; only the one-line results are kept for the end.
    let results: Vec<Result<String, String>> = files
        .par_iter()
        .map(|file| {
            let result = extract_file(file, encoding).and_then(|edition| {
                let target = output_path(output, file);
                write_atomically(&target, &to_json(&edition)).map_err(|e| format!("{}: {e}", target.display()))?;
                Ok(summary(file, &edition))
            });
            bar.inc(1);
            result
        })
        .collect();
    bar.finish_and_clear();
    let mut failed = false;
    for result in results {
        match result {
            Ok(line) if !quiet => eprintln!("{line}"),
            Ok(_) => {}
            Err(message) => {
                eprintln!("error: {message}");
                failed = true;
            }
        }
    }
    if let Err(e) = write_atomically(&output.join(SCHEMA_PATH), schema_json().as_bytes()) {
        return fail(&format!("{}: {e}", output.join(SCHEMA_PATH).display()));
    }
    if failed { ExitCode::from(2) } else { ExitCode::SUCCESS }
}

fn run_check(paths: &[PathBuf], output: &Path, encoding: Option<Encoding>, quiet: bool) -> ExitCode {
    let files = match input_files(paths) {
        Ok(files) => files,
        Err(message) => return fail(&message),
    };
    // Each target with the text it should hold and, for an edition file, the edition itself.
    type Expected = (PathBuf, Result<(Vec<u8>, Option<Edition>), String>);
    let mut expected: Vec<Expected> = files
        .par_iter()
        .map(|file| (output_path(output, file), extract_file(file, encoding).map(|e| (to_json(&e), Some(e)))))
        .collect();
    expected.push((output.join(SCHEMA_PATH), Ok((schema_json().into_bytes(), None))));
    let mut stale = false;
    for (target, result) in expected {
        let (text, edition) = match result {
            Ok(expected) => expected,
            Err(message) => return fail(&message),
        };
        match std::fs::read(&target) {
            Ok(committed) if committed == text => {}
            Ok(committed) => {
                let (committed, text) = (String::from_utf8_lossy(&committed), String::from_utf8_lossy(&text));
                let line = first_difference(&committed, &text);
                eprintln!("{}: stale from line {line}: run `cargo run --release -- extract` and commit the result", target.display());
                // A committed file in an older format does not parse; the line above still says where.
                if let (Some(edition), Ok(old)) = (edition, serde_json::from_str::<Edition>(&committed)) {
                    let diff = torikumi::review::diff::diff(&old, &edition);
                    if diff.is_empty() {
                        eprintln!("{}: same records; only the file's formatting differs", target.display());
                    } else {
                        eprint!("{}", diff.to_text());
                    }
                }
                stale = true;
            }
            Err(_) => {
                eprintln!("{}: missing: run `cargo run --release -- extract` and commit the result", target.display());
                stale = true;
            }
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

fn run_diff(old: &Path, new: &Path, format: ReportFormat) -> ExitCode {
    let (old, new) = match (read_edition(old), read_edition(new)) {
        (Ok(old), Ok(new)) => (old, new),
        (Err(message), _) | (_, Err(message)) => return fail(&message),
    };
    let diff = torikumi::review::diff::diff(&old, &new);
    let text = match format {
        ReportFormat::Text => diff.to_text(),
        ReportFormat::Json => diff.to_json(),
    };
    if let Err(message) = print_out(&text) {
        return fail(&message);
    }
    if diff.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) }
}

fn run_export(paths: &[PathBuf], format: ExportFormat, output: Option<&Path>) -> ExitCode {
    let editions = match read_editions(paths) {
        Ok(editions) => editions,
        Err(message) => return fail(&message),
    };
    let text = match format {
        ExportFormat::Csv => torikumi::review::export::to_csv(&editions),
        ExportFormat::Jsonl => torikumi::review::export::to_jsonl(&editions),
        ExportFormat::Sqlite => {
            let Some(target) = output else { return fail("--format sqlite writes a file: name it with -o FILE.db") };
            return match torikumi::review::sqlite::write(&editions, target) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => fail(&format!("{}: {e}", target.display())),
            };
        }
    };
    let text = match text {
        Ok(text) => text,
        Err(e) => return fail(&e.to_string()),
    };
    let written = match output {
        Some(target) => write_atomically(target, text.as_bytes()).map_err(|e| format!("{}: {e}", target.display())),
        None => print_out(&text),
    };
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => fail(&message),
    }
}

fn run_search(query: &str, paths: &[PathBuf], db: Option<&Path>) -> ExitCode {
    use torikumi::review::{search, sqlite};
    let conn = match db {
        Some(db) => sqlite::open(db).map_err(|e| format!("{}: {e}", db.display())),
        None => {
            let paths = if paths.is_empty() { default_editions() } else { Ok(paths.to_vec()) };
            paths.and_then(|paths| read_editions(&paths)).and_then(|editions| sqlite::in_memory(&editions).map_err(|e| e.to_string()))
        }
    };
    let hits = match conn.map(|conn| search::search(&conn, query).map_err(|e| e.to_string())) {
        Ok(Ok(hits)) => hits,
        Ok(Err(message)) | Err(message) => return fail(&message),
    };
    let mark = if std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none() {
        search::Mark::Color
    } else {
        search::Mark::Plain
    };
    if let Err(message) = print_out(&hits.to_text(mark)) {
        return fail(&message);
    }
    if hits.is_empty() { ExitCode::from(1) } else { ExitCode::SUCCESS }
}

/// The edition files `extract` writes by default: `output/*.json`, sorted.
fn default_editions() -> Result<Vec<PathBuf>, String> {
    let dir = Path::new("output");
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e} (name edition files or --db)", dir.display()))?;
    let mut files: Vec<PathBuf> =
        entries.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.extension().is_some_and(|x| x == "json")).collect();
    files.sort();
    if files.is_empty() {
        return Err(format!("{}: no edition file (*.json): name edition files or --db", dir.display()));
    }
    Ok(files)
}

fn run_stats(path: &Path, format: ReportFormat, repairs: bool) -> ExitCode {
    let edition = match read_edition(path) {
        Ok(edition) => edition,
        Err(message) => return fail(&message),
    };
    let text = match (repairs, format) {
        (true, ReportFormat::Text) => torikumi::review::stats::repair_review(&edition).to_text(),
        (true, ReportFormat::Json) => torikumi::review::stats::repair_review(&edition).to_json(),
        (false, ReportFormat::Text) => torikumi::review::stats::stats(&edition).to_text(),
        (false, ReportFormat::Json) => torikumi::review::stats::stats(&edition).to_json(),
    };
    match print_out(&text) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => fail(&message),
    }
}

/// Reads an edition file (`output/<stem>.json`); the error text names the file.
fn read_edition(path: &Path) -> Result<Edition, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: not an edition file: {e}", path.display()))
}

fn read_editions(paths: &[PathBuf]) -> Result<Vec<Edition>, String> {
    paths.iter().map(|path| read_edition(path)).collect()
}

/// Writes to standard output; a reader that stops early (`| head`) is not an error.
fn print_out(text: &str) -> Result<(), String> {
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(format!("standard output: {e}")),
        _ => Ok(()),
    }
}

fn first_difference(a: &str, b: &str) -> usize {
    a.lines().zip(b.lines()).position(|(x, y)| x != y).unwrap_or_else(|| a.lines().count().min(b.lines().count())) + 1
}

fn fail(message: &str) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(2)
}
