//! Blocks against the hand-read table `tests/expectations/r4_blocks.tsv`: whole reports of the
//! bundled edition, each body line's block kind, item level and whether it opens its block, written
//! by reading the raw text. Prints the three measures overall and per group of reports (those the
//! rules were fitted to, and those read only to check them), every line that misses, and holds the
//! measures of every report but the last groups read to the thresholds a reader accepts; the
//! last groups, which no rule has seen, are held to them by a test of their own. A second, independent reading of twenty-four
//! reports (`r4_blocks_second_reading.tsv`) shows how far two readers agree.

mod hand_read;

use torikumi::record::{Block, BlockKind, Edition};

/// Share of lines in the right kind of block.
const MIN_KIND_ACCURACY: f64 = 0.95;
/// F1 of block starts: a line opens a block exactly where a reader sees one open.
const MIN_START_F1: f64 = 0.98;
/// Share of item lines with the right level.
const MIN_LEVEL_ACCURACY: f64 = 0.97;

/// Reports (by ordinal) read after the rules were written, to check them on reports they were not
/// fitted to: three read at the time, five more in a later session before any rule change, three
/// more in that session after its rule changes (which the misses of the first eight led to), and
/// four groups of six drawn at random in the session after, each read before looking at its output.
/// Rules were fitted to the fourth and fifth groups' misses afterwards, the sixth was read after those
/// changes, and rules were fitted to the sixth group's misses and then the seventh's (two of whose rows were
/// corrected to the table's convention for `- ・` under `- `). The
/// eighth to eleventh, drawn the same way and read by four readers apart in the session after that
/// before looking at their output, were measured before any rule was fitted to them, and then had
/// rules fitted to their misses. The twelfth to fourteenth, read by three more readers after those
/// rules, were measured before rules were fitted to their misses in turn, and so were the
/// fifteenth to seventeenth, read meanwhile by three more readers; the eighteenth to twentieth,
/// read by three more while rules were fitted to those, are the ones no rule was fitted to: they
/// measure the rules on reports they were not written for. The twenty-first to twenty-fourth, the
/// nine reports no one had read yet, were read by four more readers at the start of the session
/// after, and measured on the rules as that session found them; rules were then fitted to the
/// eighteenth to twentieth groups' misses, and the twenty-first to twenty-fourth measured again
/// (unchanged): they are now the ones no rule was fitted to.
const HELD_OUT_FIRST: [usize; 3] = [19, 52, 95];
const HELD_OUT_SECOND: [usize; 5] = [31, 49, 76, 94, 110];
const HELD_OUT_THIRD: [usize; 3] = [18, 71, 106];
const HELD_OUT_FOURTH: [usize; 6] = [3, 16, 20, 64, 73, 102];
const HELD_OUT_FIFTH: [usize; 6] = [7, 44, 61, 82, 91, 107];
const HELD_OUT_SIXTH: [usize; 6] = [17, 21, 30, 35, 37, 56];
const HELD_OUT_SEVENTH: [usize; 6] = [27, 42, 43, 51, 55, 68];
const HELD_OUT_EIGHTH: [usize; 6] = [5, 23, 34, 36, 48, 81];
const HELD_OUT_NINTH: [usize; 6] = [85, 88, 96, 97, 109, 111];
const HELD_OUT_TENTH: [usize; 4] = [8, 13, 29, 39];
const HELD_OUT_ELEVENTH: [usize; 4] = [57, 69, 90, 99];
const HELD_OUT_TWELFTH: [usize; 4] = [11, 58, 74, 83];
const HELD_OUT_THIRTEENTH: [usize; 4] = [4, 65, 67, 92];
const HELD_OUT_FOURTEENTH: [usize; 4] = [28, 60, 93, 104];
const HELD_OUT_FIFTEENTH: [usize; 4] = [15, 24, 45, 86];
const HELD_OUT_SIXTEENTH: [usize; 4] = [12, 53, 80, 100];
const HELD_OUT_SEVENTEENTH: [usize; 4] = [1, 38, 87, 108];
const HELD_OUT_EIGHTEENTH: [usize; 4] = [33, 70, 84, 98];
const HELD_OUT_NINETEENTH: [usize; 4] = [14, 26, 63, 78];
const HELD_OUT_TWENTIETH: [usize; 4] = [10, 25, 46, 103];
const HELD_OUT_TWENTY_FIRST: [usize; 2] = [32, 105];
const HELD_OUT_TWENTY_SECOND: [usize; 2] = [41, 50];
const HELD_OUT_TWENTY_THIRD: [usize; 2] = [59, 66];
const HELD_OUT_TWENTY_FOURTH: [usize; 3] = [72, 75, 101];

struct Expected {
    line: usize,
    kind: String,
    level: Option<u8>,
    starts: bool,
}

fn expectations() -> Vec<Expected> {
    reading("tests/expectations/r4_blocks.tsv")
}

/// The rows of one hand-read table.
fn reading(path: &str) -> Vec<Expected> {
    hand_read::rows(path, 4)
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

/// The ordinal of the report holding `line`.
fn report_of(edition: &Edition, line: usize) -> usize {
    edition.reports.iter().find(|r| r.lines[0] <= line && line <= r.lines[1]).map_or(0, |r| r.ordinal)
}

/// Holds `measures` to the thresholds a reader accepts.
fn assert_thresholds(measures: &Measures, what: &str) {
    assert!(measures.kind_accuracy >= MIN_KIND_ACCURACY, "{what}: kind {:.3}", measures.kind_accuracy);
    assert!(measures.start_f1 >= MIN_START_F1, "{what}: block starts F1 {:.3}", measures.start_f1);
    assert!(measures.level_accuracy >= MIN_LEVEL_ACCURACY, "{what}: item levels {:.3}", measures.level_accuracy);
}

/// What the extraction made of one hand-read line.
struct Outcome {
    right_kind: bool,
    /// `Some(right level)` for a line the reader puts in an item.
    item_level: Option<bool>,
    expected_start: bool,
    predicted_start: bool,
}

impl Outcome {
    /// How a line read as `expected` was made: into a block of `kind` and `level`, opening it or not.
    fn of(expected: &Expected, kind: &str, level: Option<u8>, starts: bool) -> Outcome {
        Outcome {
            right_kind: kind == expected.kind,
            item_level: (expected.kind == "item").then_some(kind == "item" && level == expected.level),
            expected_start: expected.starts,
            predicted_start: starts,
        }
    }
}

/// The code's measures against a reading: each read line against the block that holds it.
fn code_against<'a>(blocks: &std::collections::HashMap<usize, &Block>, readings: impl Iterator<Item = &'a Expected>) -> Measures {
    let outcomes: Vec<Outcome> = readings
        .map(|e| {
            let (kind, level, starts) = made_of(blocks, e.line);
            Outcome::of(e, &kind, level, starts)
        })
        .collect();
    Measures::of(outcomes.iter())
}

/// The kind and level of the block holding `line`, and whether the line opens it.
fn made_of(blocks: &std::collections::HashMap<usize, &Block>, line: usize) -> (String, Option<u8>, bool) {
    let block = blocks.get(&line);
    (block.map_or("(no block)".to_string(), |b| kind_name(b.kind)), block.and_then(|b| b.level), block.is_some_and(|b| b.lines[0] == line))
}

/// The three measures over a set of lines.
struct Measures {
    lines: usize,
    kind_accuracy: f64,
    start_f1: f64,
    precision: f64,
    recall: f64,
    items: usize,
    level_accuracy: f64,
}

impl Measures {
    fn of<'a>(outcomes: impl Iterator<Item = &'a Outcome>) -> Measures {
        let (mut lines, mut right_kind, mut items, mut right_level) = (0, 0, 0, 0);
        let (mut true_starts, mut predicted_starts, mut expected_starts) = (0, 0, 0);
        for o in outcomes {
            lines += 1;
            right_kind += usize::from(o.right_kind);
            if let Some(right) = o.item_level {
                items += 1;
                right_level += usize::from(right);
            }
            expected_starts += usize::from(o.expected_start);
            predicted_starts += usize::from(o.predicted_start);
            true_starts += usize::from(o.predicted_start && o.expected_start);
        }
        let ratio = |a: usize, b: usize| a as f64 / b.max(1) as f64;
        let (precision, recall) = (ratio(true_starts, predicted_starts), ratio(true_starts, expected_starts));
        Measures {
            lines,
            kind_accuracy: ratio(right_kind, lines),
            start_f1: 2.0 * precision * recall / (precision + recall).max(f64::EPSILON),
            precision,
            recall,
            items,
            level_accuracy: ratio(right_level, items),
        }
    }
}

impl std::fmt::Display for Measures {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(
            f,
            "{} lines: kind {:.3}; block starts F1 {:.3} (precision {:.3}, recall {:.3}); item levels {:.3} of {} item lines",
            self.lines, self.kind_accuracy, self.start_f1, self.precision, self.recall, self.level_accuracy, self.items
        )
    }
}

#[test]
fn blocks_match_the_hand_read_table() {
    let raw = std::fs::read_to_string("raw/r4.txt").unwrap();
    let edition = torikumi::extract("raw/r4.txt", raw.as_bytes()).unwrap();
    let blocks = blocks_by_line(&edition);

    let mut outcomes = Vec::new();
    let mut misses = Vec::new();
    for e in expectations() {
        let (kind, level, starts) = made_of(&blocks, e.line);
        if kind != e.kind || level != e.level || starts != e.starts {
            let text = raw.lines().nth(e.line - 1).unwrap_or_default().chars().take(40).collect::<String>();
            misses.push(format!(
                "line {}: expected {} {:?} starts={}, got {kind} {level:?} starts={starts}: {text}",
                e.line, e.kind, e.level, e.starts
            ));
        }
        outcomes.push((report_of(&edition, e.line), Outcome::of(&e, &kind, level, starts)));
    }
    let group = |reports: &[usize]| Measures::of(outcomes.iter().filter(|(r, _)| reports.contains(r)).map(|(_, o)| o));
    let held_out = [&HELD_OUT_FIRST[..], &HELD_OUT_SECOND, &HELD_OUT_THIRD, &HELD_OUT_FOURTH, &HELD_OUT_FIFTH, &HELD_OUT_SIXTH, &HELD_OUT_SEVENTH, &HELD_OUT_EIGHTH, &HELD_OUT_NINTH, &HELD_OUT_TENTH, &HELD_OUT_ELEVENTH, &HELD_OUT_TWELFTH, &HELD_OUT_THIRTEENTH, &HELD_OUT_FOURTEENTH, &HELD_OUT_FIFTEENTH, &HELD_OUT_SIXTEENTH, &HELD_OUT_SEVENTEENTH, &HELD_OUT_EIGHTEENTH, &HELD_OUT_NINETEENTH, &HELD_OUT_TWENTIETH, &HELD_OUT_TWENTY_FIRST, &HELD_OUT_TWENTY_SECOND, &HELD_OUT_TWENTY_THIRD, &HELD_OUT_TWENTY_FOURTH].concat();
    let unfitted = [&HELD_OUT_TWENTY_FIRST[..], &HELD_OUT_TWENTY_SECOND, &HELD_OUT_TWENTY_THIRD, &HELD_OUT_TWENTY_FOURTH].concat();
    let fitted: Vec<usize> = outcomes.iter().map(|(r, _)| *r).filter(|r| !held_out.contains(r)).collect();
    let all = Measures::of(outcomes.iter().map(|(_, o)| o));
    println!("{}", misses.join("\n"));
    println!("fitted:              {}", group(&fitted));
    println!("held out (first 3):  {}", group(&HELD_OUT_FIRST));
    println!("held out (second 5): {}", group(&HELD_OUT_SECOND));
    println!("held out (third 3):  {}", group(&HELD_OUT_THIRD));
    println!("held out (fourth 6): {}", group(&HELD_OUT_FOURTH));
    println!("held out (fifth 6):  {}", group(&HELD_OUT_FIFTH));
    println!("held out (sixth 6):  {}", group(&HELD_OUT_SIXTH));
    println!("held out (seventh 6): {}", group(&HELD_OUT_SEVENTH));
    println!("held out (eighth 6): {}", group(&HELD_OUT_EIGHTH));
    println!("held out (ninth 6):  {}", group(&HELD_OUT_NINTH));
    println!("held out (tenth 4):  {}", group(&HELD_OUT_TENTH));
    println!("held out (eleventh 4): {}", group(&HELD_OUT_ELEVENTH));
    println!("held out (twelfth 4): {}", group(&HELD_OUT_TWELFTH));
    println!("held out (thirteenth 4): {}", group(&HELD_OUT_THIRTEENTH));
    println!("held out (fourteenth 4): {}", group(&HELD_OUT_FOURTEENTH));
    println!("held out (fifteenth 4): {}", group(&HELD_OUT_FIFTEENTH));
    println!("held out (sixteenth 4): {}", group(&HELD_OUT_SIXTEENTH));
    println!("held out (seventeenth 4): {}", group(&HELD_OUT_SEVENTEENTH));
    println!("held out (eighteenth 4): {}", group(&HELD_OUT_EIGHTEENTH));
    println!("held out (nineteenth 4): {}", group(&HELD_OUT_NINETEENTH));
    println!("held out (twentieth 4): {}", group(&HELD_OUT_TWENTIETH));
    println!("held out (twenty-first 2): {}", group(&HELD_OUT_TWENTY_FIRST));
    println!("held out (twenty-second 2): {}", group(&HELD_OUT_TWENTY_SECOND));
    println!("held out (twenty-third 2): {}", group(&HELD_OUT_TWENTY_THIRD));
    println!("held out (twenty-fourth 3): {}", group(&HELD_OUT_TWENTY_FOURTH));
    let last_fitted = [&HELD_OUT_EIGHTEENTH[..], &HELD_OUT_NINETEENTH, &HELD_OUT_TWENTIETH].concat();
    println!("eighteenth to twentieth (fitted in session 7, {}): {}", last_fitted.len(), group(&last_fitted));
    println!("twenty-first to twenty-fourth (no rule fitted to them, {}): {}", unfitted.len(), group(&unfitted));
    println!("held out (all {}):   {}", held_out.len(), group(&held_out));
    println!("all:                 {all}");
    // What the rules were checked against holds the thresholds: a rule that breaks a line read
    // before it fails here. The last groups, which no rule has seen, are held apart
    // (`the_thresholds_hold_on_reports_no_rule_was_fitted_to`).
    let seen: Vec<usize> = outcomes.iter().map(|(r, _)| *r).filter(|r| !unfitted.contains(r)).collect();
    let seen = group(&seen);
    println!("all but the last groups (asserted): {seen}");
    assert_thresholds(&seen, "every report but the last groups");
}

/// Issue #11's measure on reports the rules were not written for: the groups read last, which
/// no rule has been fitted to, hold the thresholds too (kind 0.951, block starts F1 0.989, item
/// levels 0.994 of 160 item lines when it was last changed: kinds with little to spare, most misses
/// on a roadmap chart and a survey chart that their readers found ambiguous themselves).
#[test]
fn the_thresholds_hold_on_reports_no_rule_was_fitted_to() {
    let raw = std::fs::read_to_string("raw/r4.txt").unwrap();
    let edition = torikumi::extract("raw/r4.txt", raw.as_bytes()).unwrap();
    let blocks = blocks_by_line(&edition);
    let unfitted = [&HELD_OUT_TWENTY_FIRST[..], &HELD_OUT_TWENTY_SECOND, &HELD_OUT_TWENTY_THIRD, &HELD_OUT_TWENTY_FOURTH].concat();
    let expected = expectations();
    let measures = code_against(&blocks, expected.iter().filter(|e| unfitted.contains(&report_of(&edition, e.line))));
    println!("reports no rule was fitted to: {measures}");
    assert_thresholds(&measures, "the reports no rule was fitted to");
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

/// Twenty-four reports read a second time by other readers who never saw the first reading: how far
/// two careful readers agree is what the thresholds can fairly ask of the code. They agree on kinds
/// and block starts at least as far as the thresholds ask. On item levels they agree on 0.989 of the
/// fifteenth to seventeenth groups' item lines but only 0.947 of the eighteenth to twentieth groups'
/// (all of that gap is r4-026's dashed ①–⑤ under a dashed theme: siblings to one reader, children to
/// the other), so levels are printed, not held: 97% is a bar two readers miss on such nestings.
#[test]
fn two_readers_agree_on_kinds_and_starts_as_far_as_the_thresholds_ask() {
    let first: std::collections::HashMap<usize, Expected> = expectations().into_iter().map(|e| (e.line, e)).collect();
    let second = reading("tests/expectations/r4_blocks_second_reading.tsv");
    assert!(!second.is_empty());
    let outcomes: Vec<Outcome> = second
        .iter()
        .map(|s| {
            let f = first.get(&s.line).unwrap_or_else(|| panic!("line {} is read a second time but not a first", s.line));
            Outcome::of(f, &s.kind, s.level, s.starts)
        })
        .collect();
    let agreement = Measures::of(outcomes.iter());
    println!("the second reading against the first: {agreement}");
    // The code against the second reading, and against the lines both readings read alike.
    let raw = std::fs::read_to_string("raw/r4.txt").unwrap();
    let edition = torikumi::extract("raw/r4.txt", raw.as_bytes()).unwrap();
    let blocks = blocks_by_line(&edition);
    println!("the code against the second reading: {}", code_against(&blocks, second.iter()));
    let alike = second.iter().filter(|s| first[&s.line].kind == s.kind && first[&s.line].level == s.level && first[&s.line].starts == s.starts);
    println!("the code on the lines both readings read alike: {}", code_against(&blocks, alike));
    assert!(agreement.kind_accuracy >= MIN_KIND_ACCURACY, "the two readings agree on kinds {:.3}", agreement.kind_accuracy);
    assert!(agreement.start_f1 >= MIN_START_F1, "the two readings agree on block starts F1 {:.3}", agreement.start_f1);
}
