//! Blocks against the hand-read table `tests/expectations/r4_blocks.tsv`: fourteen whole reports of
//! the bundled edition, each body line's block kind, item level and whether it opens its block,
//! written by reading the raw text. Prints the three measures and every line that misses, and
//! holds them to the thresholds a reader accepts.

mod hand_read;

use torikumi::record::{Block, BlockKind, Edition};

/// Share of lines in the right kind of block.
const MIN_KIND_ACCURACY: f64 = 0.95;
/// F1 of block starts: a line opens a block exactly where a reader sees one open.
const MIN_START_F1: f64 = 0.98;
/// Share of item lines with the right level.
const MIN_LEVEL_ACCURACY: f64 = 0.97;

struct Expected {
    line: usize,
    kind: String,
    level: Option<u8>,
    starts: bool,
}

fn expectations() -> Vec<Expected> {
    hand_read::rows("tests/expectations/r4_blocks.tsv", 4)
        .into_iter()
        .map(|c| Expected { line: c[0].parse().unwrap(), kind: c[1].clone(), level: c[2].parse().ok(), starts: c[3] == "yes" })
        .collect()
}

fn kind_name(kind: BlockKind) -> String {
    serde_json::to_value(kind).unwrap().as_str().unwrap().to_string()
}

/// The block holding each line of the edition.
fn blocks_by_line(edition: &Edition) -> std::collections::HashMap<usize, &Block> {
    let mut map = std::collections::HashMap::new();
    for block in edition.reports.iter().flat_map(|r| &r.sections).flat_map(|s| &s.blocks) {
        for n in block.lines[0]..=block.lines[1] {
            map.insert(n, block);
        }
    }
    map
}

#[test]
fn blocks_match_the_hand_read_table() {
    let raw = std::fs::read_to_string("raw/r4.txt").unwrap();
    let edition = torikumi::extract("raw/r4.txt", raw.as_bytes()).unwrap();
    let blocks = blocks_by_line(&edition);
    let expected = expectations();

    let (mut right_kind, mut items, mut right_level) = (0, 0, 0);
    let (mut true_starts, mut predicted_starts, mut expected_starts) = (0, 0, 0);
    let mut misses = Vec::new();
    for e in &expected {
        let block = blocks.get(&e.line);
        let kind = block.map_or("(no block)".to_string(), |b| kind_name(b.kind));
        let level = block.and_then(|b| b.level);
        let starts = block.is_some_and(|b| b.lines[0] == e.line);
        right_kind += usize::from(kind == e.kind);
        if e.kind == "item" {
            items += 1;
            right_level += usize::from(kind == "item" && level == e.level);
        }
        expected_starts += usize::from(e.starts);
        predicted_starts += usize::from(starts);
        true_starts += usize::from(starts && e.starts);
        if kind != e.kind || level != e.level || starts != e.starts {
            let text = raw.lines().nth(e.line - 1).unwrap_or_default().chars().take(40).collect::<String>();
            misses.push(format!(
                "line {}: expected {} {:?} starts={}, got {kind} {level:?} starts={starts}: {text}",
                e.line, e.kind, e.level, e.starts
            ));
        }
    }
    let ratio = |a: usize, b: usize| a as f64 / b.max(1) as f64;
    let kind_accuracy = ratio(right_kind, expected.len());
    let (precision, recall) = (ratio(true_starts, predicted_starts), ratio(true_starts, expected_starts));
    let start_f1 = 2.0 * precision * recall / (precision + recall).max(f64::EPSILON);
    let level_accuracy = ratio(right_level, items);
    println!("{}", misses.join("\n"));
    println!(
        "{} lines: kind {kind_accuracy:.3}; block starts F1 {start_f1:.3} (precision {precision:.3}, recall {recall:.3}); \
         item levels {level_accuracy:.3} of {items} item lines",
        expected.len()
    );
    assert!(kind_accuracy >= MIN_KIND_ACCURACY, "kind accuracy {kind_accuracy:.3}");
    assert!(start_f1 >= MIN_START_F1, "block start F1 {start_f1:.3}");
    assert!(level_accuracy >= MIN_LEVEL_ACCURACY, "item level accuracy {level_accuracy:.3}");
}

/// Every block's text is its lines' text (without the converter's list dash), OCR-repaired and
/// joined as wrapped text joins: nothing lost, nothing invented. A table's text is its cells.
#[test]
fn block_text_is_its_lines_text_joined() {
    use torikumi::extract::classify::classify;
    use torikumi::extract::normalize::join_continuation;
    use torikumi::extract::read::read_source;
    use torikumi::extract::repair::{EditionVocabulary, Repairer, Repairs};

    let raw = std::fs::read_to_string("raw/r4.txt").unwrap();
    let edition = torikumi::extract("raw/r4.txt", raw.as_bytes()).unwrap();
    let lines = classify(read_source("raw/r4.txt", raw.as_bytes()).unwrap());
    // Some repairs weigh a reading against the whole edition's words, as extraction does.
    let vocabulary = std::sync::Arc::new(EditionVocabulary::of(lines.iter().map(|l| l.text())));
    let mut differing = Vec::new();
    for report in &edition.reports {
        let repairer = Repairer::new(report.fields.municipality.prefecture.as_deref(), vocabulary.clone());
        let mut log = Repairs::default();
        for block in report.sections.iter().flat_map(|s| &s.blocks) {
            if block.kind == BlockKind::Table {
                let cells: Vec<String> = block.rows.iter().flatten().map(|cells| cells.join("\t")).collect();
                assert_eq!(block.text, cells.join("\n"), "table at {:?}", block.lines);
                continue;
            }
            let mut text = String::new();
            for line in &lines[block.lines[0] - 1..block.lines[1]] {
                if line.is_blank() || report.fields.field_lines.contains(&line.number) {
                    continue;
                }
                let body = if block.kind == BlockKind::Debris { line.body().to_string() } else { repairer.line(line.body(), line.number, &mut log) };
                join_continuation(&mut text, &body);
            }
            if text != block.text {
                differing.push(format!("{:?}: {:?} != {:?}", block.lines, block.text, text));
            }
        }
    }
    assert!(differing.is_empty(), "{}", differing.join("\n"));
}
