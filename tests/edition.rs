//! The whole bundled edition: the invariants of records.md, and the expectations table
//! (tests/expectations/r4.tsv), written by reading the raw text, not copied from the output.
//! The table says each value as a reader writes it (normalized, repaired where a repair applies),
//! and is compared as written: passing it through the code under test would weaken the oracle.

mod common;

use torikumi::record::Edition;

const SOURCE: &str = "raw/r4.txt";

fn raw() -> String {
    std::fs::read_to_string(SOURCE).expect("raw/r4.txt is part of the repository")
}

fn extract() -> Edition {
    torikumi::extract(SOURCE, raw().as_bytes()).expect("the bundled edition extracts")
}

#[test]
fn every_non_blank_line_is_accounted_for_exactly_once() {
    let violations = common::coverage_violations(&raw(), &extract());
    assert!(violations.is_empty(), "{} violations:\n{}", violations.len(), violations.join("\n"));
}

#[test]
fn output_is_byte_identical_with_one_and_with_many_threads() {
    let with = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
        pool.install(|| torikumi::extract::emit::to_json(&extract()))
    };
    let one = with(1);
    assert_eq!(one, with(8));
    assert_eq!(one, with(8), "a second run with many threads");
}

#[test]
fn output_validates_against_the_published_schema() {
    let errors = common::schema_errors(&extract());
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

#[test]
fn committed_schema_is_the_generated_one() {
    let committed = std::fs::read_to_string("output/schema/records.schema.json").expect("committed schema");
    assert_eq!(committed, torikumi::record::schema_json(), "run `cargo run --release -- extract` and commit output/");
}

#[test]
fn committed_dataset_validates_against_the_committed_schema() {
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string("output/schema/records.schema.json").unwrap()).unwrap();
    let dataset: serde_json::Value = serde_json::from_str(&std::fs::read_to_string("output/r4.json").unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator.iter_errors(&dataset).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

#[test]
fn edition_metadata_comes_from_the_cover() {
    let edition = extract();
    let info = &edition.edition;
    assert_eq!(info.label.as_deref(), Some("令和4年度版"));
    assert_eq!(info.fiscal_year, Some(2022));
    assert_eq!(info.title.as_deref(), Some("地方創生人材支援制度 派遣者取組概要"));
    let pages: Vec<[u32; 2]> = info.categories.iter().map(|c| c.pages).collect();
    assert_eq!(pages, [[1, 36], [37, 62], [63, 69]]);
    assert_eq!(edition.unassigned.len(), 1);
    assert_eq!(edition.unassigned[0].lines, [3, 9]);
}

/// One row of the expectations table.
struct Expected<'a> {
    cols: Vec<&'a str>,
}

impl<'a> Expected<'a> {
    fn get(&self, header: &[&str], name: &str) -> &'a str {
        self.cols[header.iter().position(|h| *h == name).unwrap_or_else(|| panic!("no column {name}"))]
    }
}

fn some(text: String) -> Option<String> {
    (!text.is_empty()).then_some(text)
}

/// A report's section headings as `line:kind`, space-separated, in document order.
fn section_headings(report: &torikumi::record::Report) -> String {
    report
        .sections
        .iter()
        .filter(|s| s.heading.is_some())
        .map(|s| format!("{}:{}", s.lines[0], serde_json::to_value(s.kind).unwrap().as_str().unwrap()))
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn every_report_matches_the_expectations_table() {
    let table = std::fs::read_to_string("tests/expectations/r4.tsv").unwrap();
    let mut rows = table.lines();
    let header: Vec<&str> = rows.next().unwrap().split('\t').collect();
    let expected: Vec<Expected> = rows.filter(|l| !l.is_empty()).map(|l| Expected { cols: l.split('\t').collect() }).collect();
    let edition = extract();
    assert_eq!(edition.reports.len(), expected.len(), "report count");

    let mut mismatches = Vec::new();
    for (report, row) in edition.reports.iter().zip(&expected) {
        let get = |name: &str| row.get(&header, name);
        let mut check = |field: &str, want: Option<String>, got: Option<String>| {
            if want != got {
                mismatches.push(format!("{} (line {}): {field}: expected {want:?}, got {got:?}", report.id, get("first_line")));
            }
        };
        check("first_line", Some(get("first_line").to_string()), Some(report.lines[0].to_string()));
        check("last_line", Some(get("last_line").to_string()), Some(report.lines[1].to_string()));
        check("prefecture", some(get("prefecture").into()), report.fields.municipality.prefecture.clone());
        check("municipality", some(get("municipality").into()), report.fields.municipality.name.clone());
        check("dispatchees", Some(get("dispatchees").into()), Some(report.fields.dispatchees.join("|")));
        check("team", Some(get("team").into()), Some(report.fields.team.to_string()));
        check("org_raw", some(get("org_raw").into()), report.fields.dispatched_from.raw.clone());
        check("org_name", some(get("org_name").into()), report.fields.dispatched_from.name.clone());
        let kind = report.fields.dispatched_from.kind.map(|k| serde_json::to_value(k).unwrap().as_str().unwrap().to_string());
        check("org_kind", some(get("org_kind").into()), kind);
        check("position", some(get("position").into()), report.fields.position.clone());
        check("title", some(get("title").into()), report.fields.title.clone());
        check("sections", Some(get("sections").into()), Some(section_headings(report)));
    }
    assert!(mismatches.is_empty(), "{} mismatches:\n{}", mismatches.len(), mismatches.join("\n"));
}

#[test]
fn headings_worded_otherwise_are_found_as_the_kinds_they_name() {
    let edition = extract();
    let kind_at = |line: usize| {
        edition.reports.iter().flat_map(|r| &r.sections).find(|s| s.lines[0] == line && s.heading.is_some()).map(|s| s.kind)
    };
    use torikumi::record::SectionKind::*;
    assert_eq!(kind_at(4419), Some(Experiences), "取組にあたっての苦労・成功体験（心がけ）");
    assert_eq!(kind_at(2143), Some(Experiences), "取り組みで学んだこと(苦労・成功体験)");
    assert_eq!(kind_at(8194), Some(Challenges), "課題認識とミッション定義");
}

#[test]
fn stats_list_each_unrecognized_heading_with_its_report() {
    let edition = extract();
    let stats = torikumi::review::stats::stats(&edition);
    let reported: usize = edition
        .reports
        .iter()
        .map(|r| r.diagnostics.iter().filter(|d| d.code == torikumi::record::DiagnosticCode::UnrecognizedHeading).count())
        .sum();
    assert!(reported > 0, "r4 has heading-shaped lines about sections that fit no kind");
    assert_eq!(stats.unrecognized_headings.len(), reported);
    let text = stats.to_text();
    for heading in &stats.unrecognized_headings {
        assert!(text.contains(&format!("{} line {}: ", heading.report, heading.line)), "{text}");
    }
}
