//! The review tools (`diff`, `export`, `stats`) on a small fixture edition, as library output
//! (snapshots) and as the binary users run (exit codes, messages).
//!
//! `tests/data/sample.json` is `tests/data/sample.txt` (cover, table of contents and nine reports
//! cut from the fixtures) extracted; `sample_next.json` is the same text edited into a next year's
//! edition (label 令和5年度版, one position shortened, one section filled, one report dropped, one
//! added). They are inputs, frozen on purpose: these tests pin the review tools, not extraction.
//! After a change to the record format, regenerate both with
//! `cargo run --release -- extract tests/data/sample.txt tests/data/sample_next.txt -o /tmp/x`
//! and copy `/tmp/x/*.json` here.

use std::path::Path;
use std::process::{Command, Output};

use torikumi::review::diff::{Change, Matching, diff};
use torikumi::review::export::{to_csv, to_jsonl};
use torikumi::record::{Edition, Report};
use torikumi::review::stats::stats;

fn data(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data").join(name).to_string_lossy().into_owned()
}

fn edition(name: &str) -> Edition {
    let text = std::fs::read_to_string(data(name)).unwrap();
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e} (regenerate it: see this file's header)"))
}

fn report<'a>(edition: &'a mut Edition, id: &str) -> &'a mut Report {
    edition.reports.iter_mut().find(|r| r.id == id).unwrap()
}

// --- stats

#[test]
fn stats_as_text() {
    insta::assert_snapshot!(stats(&edition("sample.json")).to_text());
}

#[test]
fn stats_as_json() {
    insta::assert_snapshot!(stats(&edition("sample.json")).to_json());
}

// --- export

fn csv_text(editions: &[Edition]) -> String {
    to_csv(editions).unwrap()
}

fn jsonl_text(editions: &[Edition]) -> String {
    to_jsonl(editions).unwrap()
}

#[test]
fn csv_starts_with_a_byte_order_mark_and_ends_every_row_with_crlf() {
    let csv = csv_text(&[edition("sample.json")]);
    assert!(csv.starts_with("\u{feff}edition,fiscal_year,id,category,"));
    let rows: Vec<&str> = csv.split_inclusive('\n').collect();
    assert_eq!(rows.len(), 1 + 9, "a header and one row per report");
    assert!(rows.iter().all(|row| row.ends_with("\r\n")));
}

#[test]
fn csv_has_one_row_per_report() {
    let csv = csv_text(&[edition("sample.json")]);
    // The snapshot shows rows as lines; the test above pins the BOM and the CRLF ends.
    insta::assert_snapshot!(csv.trim_start_matches('\u{feff}').replace("\r\n", "\n"));
}

#[test]
fn csv_shows_the_suggested_ocr_corrections_of_a_report() {
    use torikumi::record::{Diagnostic, DiagnosticCode};
    let mut sample = edition("sample.json");
    let message = "「コロナ過」 may be a misreading of 「コロナ禍」 (lookalike-kanji)";
    report(&mut sample, "sample-014389").diagnostics.push(Diagnostic::new(DiagnosticCode::PossibleOcrError, message, [20, 20]));
    let csv = csv_text(&[sample]);
    let row = csv.lines().find(|row| row.starts_with("sample,2022,sample-014389,")).unwrap();
    assert!(row.ends_with(&format!(",3,{message}")), "{row}");
}

#[test]
fn csv_quotes_a_field_with_a_comma_or_quote_and_doubles_the_quotes() {
    let mut sample = edition("sample.json");
    report(&mut sample, "sample-014389").fields.title = Some("沼田町, \"人材確保\" の取組".to_string());
    let csv = csv_text(&[sample]);
    let row = csv.lines().find(|row| row.contains(",sample-014389,")).unwrap();
    assert!(row.contains(",\"沼田町, \"\"人材確保\"\" の取組\","), "{row}");
}

#[test]
fn csv_of_several_editions_is_one_table_with_an_edition_column() {
    let (sample, next) = (edition("sample.json"), edition("sample_next.json"));
    let csv = csv_text(&[sample.clone(), next.clone()]);
    let rows: Vec<&str> = csv.lines().skip(1).collect();
    assert_eq!(rows.len(), sample.reports.len() + next.reports.len(), "one header, then every report of both");
    assert!(rows[..9].iter().all(|row| row.starts_with("sample,2022,sample-")), "{rows:?}");
    assert!(rows[9..].iter().all(|row| row.starts_with("sample_next,2023,sample_next-")), "{rows:?}");
}

#[test]
fn editions_with_one_stem_are_refused_because_their_ids_would_collide() {
    let sample = edition("sample.json");
    let twice = [sample.clone(), sample];
    let expected = torikumi::review::KeyError::DuplicateEdition("sample".to_string());
    assert_eq!(to_csv(&twice), Err(expected.clone()));
    assert_eq!(to_jsonl(&twice), Err(expected));
}

#[test]
fn jsonl_round_trips_to_the_same_reports_with_their_edition_first() {
    let (sample, next) = (edition("sample.json"), edition("sample_next.json"));
    let jsonl = jsonl_text(&[sample.clone(), next.clone()]);
    let mut editions = Vec::new();
    let mut parsed = Vec::new();
    for line in jsonl.lines() {
        assert!(line.starts_with("{\"edition\":"), "{line}");
        let mut value: serde_json::Value = serde_json::from_str(line).unwrap();
        let object = value.as_object_mut().unwrap();
        editions.push((object.remove("edition").unwrap(), object.remove("fiscal_year").unwrap()));
        parsed.push(serde_json::from_value::<Report>(value).unwrap());
    }
    assert_eq!(parsed, [sample.reports, next.reports].concat());
    assert_eq!(editions[0], (serde_json::json!("sample"), serde_json::json!(2022)));
    assert_eq!(editions[parsed.len() - 1], (serde_json::json!("sample_next"), serde_json::json!(2023)));
}

// --- diff

#[test]
fn an_edition_against_itself_has_no_differences() {
    let sample = edition("sample.json");
    let found = diff(&sample, &sample);
    assert!(found.is_empty());
    assert_eq!(found.unchanged, sample.reports.len());
    assert!(found.to_text().ends_with("\nno differences\n"));
}

#[test]
fn across_editions_reports_pair_by_municipality_and_dispatchees_ignoring_positions() {
    let found = diff(&edition("sample.json"), &edition("sample_next.json"));
    assert_eq!(found.matching, Matching::MunicipalityAndDispatchees);
    // Dropping 横手市 shifts every later report's lines; those reports are still unchanged.
    assert_eq!((found.changed.len(), found.removed.len(), found.added.len(), found.unchanged), (1, 1, 1, 7));
    insta::assert_snapshot!(found.to_text());
}

#[test]
fn across_editions_as_json() {
    insta::assert_snapshot!(diff(&edition("sample.json"), &edition("sample_next.json")).to_json());
}

/// The committed file against a regeneration by changed code: same edition, so ids pair.
#[test]
fn within_an_edition_reports_pair_by_id_and_each_change_is_named() {
    let old = edition("sample.json");
    let mut new = old.clone();
    new.reports.retain(|r| r.id != "sample-052035");
    let r = report(&mut new, "sample-014389");
    r.fields.title = Some("沼田町の人材確保".to_string());
    r.fields.position = None;
    r.fields.municipality.code = Some("014380".to_string());
    r.repairs.clear();
    let challenges = &mut r.sections[0];
    challenges.blocks[1].text.push('。');
    challenges.blocks.pop();
    challenges.lines[1] -= 1;
    let r = report(&mut new, "sample-282014");
    r.sections.pop();
    let found = diff(&old, &new);
    assert_eq!(found.matching, Matching::Id);
    insta::assert_snapshot!(found.to_text());
}

#[test]
fn sections_printed_in_another_order_are_a_difference() {
    let old = edition("sample.json");
    let mut new = old.clone();
    report(&mut new, "sample-014389").sections.swap(0, 1);
    let found = diff(&old, &new);
    let fields = &found.changed[0].fields;
    assert_eq!(fields.len(), 1);
    assert_eq!((fields[0].field.as_str(), fields[0].change), ("sections (order)", Change::Changed));
    assert_eq!(fields[0].old[0], "challenges");
    assert_eq!(fields[0].new[0], "initiatives");
}

// --- the binary

fn torikumi(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_torikumi")).args(args).current_dir(dir).output().unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn diff_exits_0_when_equal_1_when_different_2_on_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let (old, new) = (data("sample.json"), data("sample_next.json"));

    let equal = torikumi(&["diff", &old, &old], dir.path());
    assert_eq!(equal.status.code(), Some(0), "{}", stderr(&equal));
    assert!(stdout(&equal).ends_with("no differences\n"));

    let different = torikumi(&["diff", &old, &new], dir.path());
    assert_eq!(different.status.code(), Some(1), "{}", stderr(&different));
    assert!(stdout(&different).contains("- sample-052035 秋田県横手市 山田 亮介"), "{}", stdout(&different));

    let missing = torikumi(&["diff", &old, "missing.json"], dir.path());
    assert_eq!(missing.status.code(), Some(2));
    assert!(stderr(&missing).starts_with("error: missing.json: "), "{}", stderr(&missing));

    std::fs::write(dir.path().join("notes.json"), "{\"schema_version\": 2}").unwrap();
    let invalid = torikumi(&["diff", "notes.json", &old], dir.path());
    assert_eq!(invalid.status.code(), Some(2));
    assert!(stderr(&invalid).starts_with("error: notes.json: not an edition file: missing field"), "{}", stderr(&invalid));
}

#[test]
fn diff_as_json_is_the_library_diff() {
    let dir = tempfile::tempdir().unwrap();
    let output = torikumi(&["diff", "--format", "json", &data("sample.json"), &data("sample_next.json")], dir.path());
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(stdout(&output), diff(&edition("sample.json"), &edition("sample_next.json")).to_json());
}

#[test]
fn export_writes_the_file_named_by_o_and_jsonl_to_standard_output() {
    let dir = tempfile::tempdir().unwrap();
    let csv = torikumi(&["export", "--format", "csv", &data("sample.json"), "-o", "sample.csv"], dir.path());
    assert!(csv.status.success(), "{}", stderr(&csv));
    assert_eq!(std::fs::read_to_string(dir.path().join("sample.csv")).unwrap(), csv_text(&[edition("sample.json")]));

    let both = torikumi(&["export", "--format", "jsonl", &data("sample.json"), &data("sample_next.json")], dir.path());
    assert!(both.status.success(), "{}", stderr(&both));
    assert_eq!(stdout(&both), jsonl_text(&[edition("sample.json"), edition("sample_next.json")]));
}

#[test]
fn export_exits_2_on_editions_with_one_stem_and_on_sqlite_without_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let twice = torikumi(&["export", "--format", "csv", &data("sample.json"), &data("sample.json")], dir.path());
    assert_eq!(twice.status.code(), Some(2));
    assert!(stderr(&twice).starts_with("error: two editions have the source stem \"sample\""), "{}", stderr(&twice));

    let no_file = torikumi(&["export", "--format", "sqlite", &data("sample.json")], dir.path());
    assert_eq!(no_file.status.code(), Some(2));
    assert!(stderr(&no_file).contains("name it with -o FILE.db"), "{}", stderr(&no_file));
}

#[test]
fn stats_prints_text_or_json() {
    let dir = tempfile::tempdir().unwrap();
    let text = torikumi(&["stats", &data("sample.json")], dir.path());
    assert!(text.status.success(), "{}", stderr(&text));
    assert_eq!(stdout(&text), stats(&edition("sample.json")).to_text());
    let json = torikumi(&["stats", "--format", "json", &data("sample.json")], dir.path());
    let value: serde_json::Value = serde_json::from_str(&stdout(&json)).unwrap();
    assert_eq!(value["reports"], 9);
}

#[test]
fn check_prints_the_report_diff_of_a_stale_edition() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("raw")).unwrap();
    std::fs::copy(data("sample.txt"), dir.path().join("raw/a.txt")).unwrap();
    assert!(torikumi(&["extract"], dir.path()).status.success());

    // Shorten one position in the raw text: the committed file is now stale.
    let raw = std::fs::read_to_string(data("sample.txt")).unwrap();
    std::fs::write(dir.path().join("raw/a.txt"), raw.replace("産業創出課参事併用創出対策室長", "産業創出課参事")).unwrap();

    let check = torikumi(&["check"], dir.path());
    assert_eq!(check.status.code(), Some(1));
    let message = stderr(&check);
    assert!(message.contains("output/a.json: stale from line"), "{message}");
    assert!(message.contains("reports matched by id"), "{message}");
    assert!(message.contains("~ a-014389 北海道沼田町 鈴木 健一\n  ~ position: \"産業創出課参事併用創出対策室長\" -> \"産業創出課参事\"\n"), "{message}");
    assert!(message.contains("reports: 1 changed, 0 removed, 0 added, 8 unchanged"), "{message}");
}
