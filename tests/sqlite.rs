//! The SQLite export and `search`: the database holds what the edition files hold, its keys
//! check, its full-text index finds what the text holds, and the README's example queries run as
//! documented and answer what the JSON answers.
//!
//! Two editions: the committed `output/r4.json`, and `raw/r4.txt` extracted again under the stem
//! `r4b` (the issue's "another edition"); the small `tests/data/sample*.json` editions where
//! only the file's behaviour matters.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use rusqlite::Connection;
use rusqlite::types::Value;
use torikumi::record::{BlockKind, Edition, Report};
use torikumi::review::search::{Mark, search};
use torikumi::review::{KeyError, sqlite};

fn root(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

fn read_edition(path: &Path) -> Edition {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn r4() -> &'static Edition {
    static R4: OnceLock<Edition> = OnceLock::new();
    R4.get_or_init(|| read_edition(&root("output/r4.json")))
}

/// The bundled edition extracted again from a copy named `r4b.txt`.
fn r4b() -> &'static Edition {
    static R4B: OnceLock<Edition> = OnceLock::new();
    R4B.get_or_init(|| torikumi::extract("tmp/r4b.txt", &std::fs::read(root("raw/r4.txt")).unwrap()).unwrap())
}

fn both() -> Vec<Edition> {
    vec![r4().clone(), r4b().clone()]
}

fn sample(name: &str) -> Edition {
    read_edition(&root("tests/data").join(name))
}

fn count(conn: &Connection, sql: &str) -> usize {
    conn.query_row(sql, [], |row| row.get(0)).unwrap()
}

fn rows(conn: &Connection, sql: &str) -> Vec<Vec<Value>> {
    let mut statement = conn.prepare(sql).unwrap();
    let columns = statement.column_count();
    statement
        .query_map([], |row| (0..columns).map(|i| row.get::<_, Value>(i)).collect())
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn text(value: &Option<String>) -> Value {
    value.clone().map_or(Value::Null, Value::Text)
}

fn json_name<T: serde::Serialize>(value: Option<T>) -> Value {
    value.map_or(Value::Null, |v| Value::Text(torikumi::review::export::json_name(v)))
}

/// Does the report's title, or a block that is not debris, hold `word`? What the index covers.
fn mentions(report: &Report, word: &str) -> bool {
    let title = report.fields.title.as_deref().is_some_and(|t| t.contains(word));
    let blocks = report.sections.iter().flat_map(|s| &s.blocks).filter(|b| b.kind != BlockKind::Debris);
    title || blocks.clone().any(|b| b.text.contains(word))
}

/// The ids of the reports that mention `word`, as the database orders them (stem, ordinal).
fn reports_mentioning(editions: &[Edition], word: &str) -> Vec<String> {
    let mut ids: Vec<(String, usize, String)> = editions
        .iter()
        .flat_map(|e| e.reports.iter().map(move |r| (torikumi::review::edition_stem(e), r)))
        .filter(|(_, r)| mentions(r, word))
        .map(|(stem, r)| (stem, r.ordinal, r.id.clone()))
        .collect();
    ids.sort();
    ids.into_iter().map(|(_, _, id)| id).collect()
}

// --- the issue's done-when check, through the binary

fn torikumi(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_torikumi")).args(args).current_dir(dir).output().unwrap()
}

#[test]
fn the_bundled_edition_and_a_re_extraction_under_another_stem_hold_222_reports() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("r4b.json"), torikumi::extract::emit::to_json(r4b())).unwrap();
    let r4_json = root("output/r4.json");
    let export = torikumi(&["export", "--format", "sqlite", r4_json.to_str().unwrap(), "r4b.json", "-o", "data.db"], dir.path());
    assert!(export.status.success(), "{}", String::from_utf8_lossy(&export.stderr));

    let conn = Connection::open(dir.path().join("data.db")).unwrap();
    assert_eq!(count(&conn, "SELECT count(*) FROM reports"), 222);
    assert_eq!(rows(&conn, "SELECT edition, count(*) FROM reports GROUP BY edition ORDER BY edition"), [
        vec![Value::Text("r4".into()), Value::Integer(111)],
        vec![Value::Text("r4b".into()), Value::Integer(111)],
    ]);
    assert!(rows(&conn, "PRAGMA foreign_key_check").is_empty(), "foreign keys check clean");
    assert_eq!(rows(&conn, "PRAGMA integrity_check"), [vec![Value::Text("ok".into())]]);
}

// --- the tables hold what the JSON holds

#[test]
fn every_table_has_one_row_per_record_of_the_json() {
    let editions = both();
    let conn = sqlite::in_memory(&editions).unwrap();
    let reports = || editions.iter().flat_map(|e| &e.reports);
    let sections = || reports().flat_map(|r| &r.sections);
    let blocks = || sections().flat_map(|s| &s.blocks);
    let expected = [
        ("editions", editions.len()),
        ("categories", editions.iter().map(|e| e.edition.categories.len()).sum()),
        ("reports", reports().count()),
        ("dispatchees", reports().map(|r| r.fields.dispatchees.len()).sum()),
        ("sections", sections().count()),
        ("blocks", blocks().count()),
        ("repairs", reports().map(|r| r.repairs.len()).sum()),
        ("diagnostics", reports().map(|r| r.diagnostics.len()).sum::<usize>() + editions.iter().map(|e| e.diagnostics.len()).sum::<usize>()),
        ("unassigned", editions.iter().map(|e| e.unassigned.len()).sum()),
        ("fulltext", reports().filter(|r| r.fields.title.is_some()).count() + blocks().filter(|b| b.kind != BlockKind::Debris).count()),
    ];
    for (table, rows) in expected {
        assert_eq!(count(&conn, &format!("SELECT count(*) FROM {table}")), rows, "{table}");
    }
    assert!(rows(&conn, "PRAGMA foreign_key_check").is_empty());
}

#[test]
fn a_report_row_holds_the_report_fields_and_its_blocks_their_text_in_order() {
    let conn = sqlite::in_memory(std::slice::from_ref(r4())).unwrap();
    let report = &r4().reports[0];
    let (m, from) = (&report.fields.municipality, &report.fields.dispatched_from);
    let row = rows(
        &conn,
        &format!(
            "SELECT ordinal, category, title, prefecture, municipality, municipality_code, organization, organization_kind, position
             FROM reports WHERE id = '{}'",
            report.id
        ),
    );
    assert_eq!(row, [vec![
        Value::Integer(report.ordinal as i64),
        json_name(report.category),
        text(&report.fields.title),
        text(&m.prefecture),
        text(&m.name),
        text(&m.code),
        text(&from.name),
        json_name(from.kind),
        text(&report.fields.position),
    ]]);
    let blocks: Vec<Vec<Value>> = report
        .sections
        .iter()
        .flat_map(|s| s.blocks.iter().map(move |b| vec![json_name(Some(s.kind)), json_name(Some(b.kind)), Value::Text(b.text.clone())]))
        .collect();
    let sql = format!(
        "SELECT s.kind, b.kind, b.text FROM blocks b JOIN sections s ON s.id = b.section_id
         WHERE b.report_id = '{}' ORDER BY s.ordinal, b.ordinal",
        report.id
    );
    assert_eq!(rows(&conn, &sql), blocks);
}

// --- full-text search

#[test]
fn a_full_text_query_for_a_word_of_one_block_finds_its_report() {
    let editions = both();
    let conn = sqlite::in_memory(&editions).unwrap();
    // Eight characters from the middle of the edition's longest block.
    let (report, block) = r4()
        .reports
        .iter()
        .flat_map(|r| r.sections.iter().flat_map(move |s| s.blocks.iter().map(move |b| (r, b))))
        .max_by_key(|(_, b)| b.text.chars().count())
        .unwrap();
    let word: String = block.text.chars().skip(block.text.chars().count() / 2).take(8).collect();
    let sql = format!(
        "SELECT DISTINCT r.id FROM fulltext JOIN reports r ON r.id = fulltext.report_id
         WHERE fulltext MATCH '\"{word}\"' ORDER BY r.edition, r.ordinal"
    );
    let found: Vec<String> = conn.prepare(&sql).unwrap().query_map([], |row| row.get(0)).unwrap().map(Result::unwrap).collect();
    assert!(found.contains(&report.id), "{word}: {found:?}");
    assert_eq!(found, reports_mentioning(&editions, &word), "{word}");
}

#[test]
fn search_finds_words_of_three_characters_through_the_index_and_shorter_ones_by_scanning() {
    let editions = [sample("sample.json"), sample("sample_next.json")];
    let conn = sqlite::in_memory(&editions).unwrap();
    for word in ["マーケットイン", "スマートシティ", "ふるさと納税", "DX", "町", "dx"] {
        let hits = search(&conn, word).unwrap();
        let mut ids: Vec<&str> = hits.hits.iter().map(|h| h.report_id.as_str()).collect();
        ids.dedup();
        let expected = reports_mentioning(&editions, &word.to_ascii_uppercase());
        assert_eq!(ids, expected, "{word}");
        assert_eq!(hits.reports(), expected.len(), "{word}");
    }
}

#[test]
fn search_prints_each_report_once_with_its_matches_marked() {
    let conn = sqlite::in_memory(&[sample("sample.json")]).unwrap();
    let text = search(&conn, "マーケットイン").unwrap().to_text(Mark::Plain);
    let expected = "sample-052035 秋田県横手市\n  title: 横手市における地方創生について ～**マーケットイン**視点で仕組みの構築と地域経済の活性化～\n";
    assert!(text.starts_with(expected), "{text}");
    assert!(text.ends_with(" in 1 report\n"), "{text}");
}

#[test]
fn search_takes_the_query_literally() {
    let editions = [sample("sample.json")];
    let conn = sqlite::in_memory(&editions).unwrap();
    // FTS query syntax and LIKE wildcards: each finds the reports that hold it as written.
    for query in ["\"", "%", "_", "a OR b", "\"関係\" NEAR", "NOT 町", "*", "4.9%", "%と%"] {
        let hits = search(&conn, query).unwrap();
        let mut ids: Vec<&str> = hits.hits.iter().map(|h| h.report_id.as_str()).collect();
        ids.dedup();
        assert_eq!(ids, reports_mentioning(&editions, query), "{query}");
    }
    assert!(search(&conn, "  ").is_err());
}

// --- the README's example queries

/// The `sql` code blocks of the README's database section, in order.
fn readme_queries() -> Vec<String> {
    let readme = std::fs::read_to_string(root("README.md")).unwrap();
    let start = readme.find("## The database").expect("the README has a database section");
    let section = &readme[start..];
    let section = &section[..section[3..].find("\n## ").map_or(section.len(), |end| end + 3)];
    section.split("```sql\n").skip(1).map(|block| block[..block.find("```").unwrap()].to_string()).collect()
}

fn readme_query(containing: &str) -> String {
    let queries = readme_queries();
    let found: Vec<&String> = queries.iter().filter(|q| q.contains(containing)).collect();
    assert_eq!(found.len(), 1, "one README query holds {containing:?}: {queries:#?}");
    found[0].clone()
}

#[test]
fn the_readme_queries_answer_what_the_json_answers() {
    let editions = both();
    let conn = sqlite::in_memory(&editions).unwrap();
    let reports: Vec<&Report> = editions.iter().flat_map(|e| &e.reports).collect();

    // Reports per organization kind per year.
    let mut per_kind: BTreeMap<(Option<i32>, Option<String>), i64> = BTreeMap::new();
    for edition in &editions {
        for r in &edition.reports {
            let kind = r.fields.dispatched_from.kind.map(torikumi::review::export::json_name);
            *per_kind.entry((edition.edition.fiscal_year, kind)).or_default() += 1;
        }
    }
    let mut expected: Vec<_> = per_kind.into_iter().collect();
    expected.sort_by(|((year_a, kind_a), n_a), ((year_b, kind_b), n_b)| (year_a, n_b, kind_a).cmp(&(year_b, n_a, kind_b)));
    let expected: Vec<Vec<Value>> = expected
        .into_iter()
        .map(|((year, kind), n)| vec![year.map_or(Value::Null, |y| Value::Integer(y.into())), text(&kind), Value::Integer(n)])
        .collect();
    assert_eq!(rows(&conn, &readme_query("GROUP BY e.fiscal_year, r.organization_kind")), expected);

    // The reports that mention a word, through the index and through the LIKE fallback.
    for (containing, word) in [("MATCH '関係人口'", "関係人口"), ("LIKE '%雪%'", "雪")] {
        let found: Vec<Value> = rows(&conn, &readme_query(containing)).into_iter().map(|row| row[0].clone()).collect();
        let expected: Vec<Value> = reports_mentioning(&editions, word).into_iter().map(Value::Text).collect();
        assert!(!expected.is_empty(), "{word} is in the edition");
        assert_eq!(found, expected, "{word}");
    }

    // The dispatching organizations of one prefecture.
    let mut per_organization: BTreeMap<(Option<String>, Option<String>), i64> = BTreeMap::new();
    for r in reports.iter().filter(|r| r.fields.municipality.prefecture.as_deref() == Some("新潟県")) {
        let from = &r.fields.dispatched_from;
        *per_organization.entry((from.name.clone(), from.kind.map(torikumi::review::export::json_name))).or_default() += 1;
    }
    let mut expected: Vec<_> = per_organization.into_iter().collect();
    expected.sort_by(|(key_a, n_a), (key_b, n_b)| (n_b, key_a).cmp(&(n_a, key_b)));
    let expected: Vec<Vec<Value>> =
        expected.into_iter().map(|((name, kind), n)| vec![text(&name), text(&kind), Value::Integer(n)]).collect();
    assert!(!expected.is_empty());
    assert_eq!(rows(&conn, &readme_query("r.prefecture = '新潟県'")), expected);
}

// --- the file

#[test]
fn exporting_again_replaces_the_file_and_a_failed_export_leaves_it_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("data.db");
    let (first, next) = (sample("sample.json"), sample("sample_next.json"));

    sqlite::write(std::slice::from_ref(&first), &path).unwrap();
    let one = std::fs::read(&path).unwrap();
    sqlite::write(std::slice::from_ref(&first), &path).unwrap();
    assert!(std::fs::read(&path).unwrap() == one, "the same editions give the same bytes");

    sqlite::write(&[first.clone(), next.clone()], &path).unwrap();
    let conn = Connection::open(&path).unwrap();
    assert_eq!(count(&conn, "SELECT count(*) FROM reports"), first.reports.len() + next.reports.len());
    drop(conn);
    let two = std::fs::read(&path).unwrap();

    let failed = sqlite::write(&[first.clone(), first], &path);
    assert!(matches!(failed, Err(sqlite::DatabaseError::Keys(KeyError::DuplicateEdition(ref stem))) if stem == "sample"), "{failed:?}");
    assert!(std::fs::read(&path).unwrap() == two, "the old file is untouched");
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names, ["data.db"], "no temporary file is left");
}

#[test]
fn search_exits_0_on_a_match_1_on_none_2_on_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let sample_json = root("tests/data/sample.json");
    let sample_json = sample_json.to_str().unwrap();
    assert!(torikumi(&["export", "--format", "sqlite", sample_json, "-o", "s.db"], dir.path()).status.success());

    let found = torikumi(&["search", "マーケットイン", "--db", "s.db"], dir.path());
    assert_eq!(found.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&found.stdout);
    assert!(stdout.starts_with("sample-052035 秋田県横手市\n  title: "), "{stdout}");
    assert!(stdout.contains("**マーケットイン**"), "{stdout}");
    assert_eq!(torikumi(&["search", "マーケットイン", sample_json], dir.path()).stdout, found.stdout, "edition files or their database");

    assert_eq!(torikumi(&["search", "存在しない言葉", "--db", "s.db"], dir.path()).status.code(), Some(1));
    assert_eq!(torikumi(&["search", "", "--db", "s.db"], dir.path()).status.code(), Some(2));
    let missing = torikumi(&["search", "町", "--db", "missing.db"], dir.path());
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).starts_with("error: missing.db: "));
    let not_a_db = torikumi(&["search", "町", "--db", sample_json], dir.path());
    assert_eq!(not_a_db.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&not_a_db.stderr).contains("not a torikumi database"), "{}", String::from_utf8_lossy(&not_a_db.stderr));
    assert_eq!(torikumi(&["search", "町", sample_json, "--db", "s.db"], dir.path()).status.code(), Some(2), "one source only");
}
