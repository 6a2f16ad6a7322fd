//! Stage 4: a report's lines -> sections -> blocks.
//!
//! A section runs from its heading to the last non-blank line before the next heading or the
//! report's end; text before the first heading that is not a field forms a section of kind
//! `other` without heading. Inside a section each non-blank, non-field line lands in exactly
//! one block. A plain line directly below a figure continues its caption; directly below an
//! item or paragraph whose last line wrapped (long, no sentence end), it continues that block.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use regex::Regex;

use crate::extract::classify::Line;
use crate::extract::normalize::{clean, join_continuation};
use crate::record::{Block, BlockKind, Section, SectionKind};
use crate::extract::repair::Repairer;
use crate::extract::segment::ReportSpan;
use crate::tables::static_regex;
use crate::vocab;

/// Numbering that opens a list item: 1. / 1) / (1) / 1》.
static NUMBERED: LazyLock<Regex> =
    LazyLock::new(|| static_regex(r"^(?:\d{1,2}[.)]\s|\(\d{1,2}\)|\d{1,2}》)"));
/// A Markdown table rule cell: ---, :--, --:.
static RULE_CELL: LazyLock<Regex> = LazyLock::new(|| static_regex(r"^:?-+:?$"));

/// What one content line looks like, before it is joined into blocks.
#[derive(Debug, Clone, PartialEq)]
enum Shape {
    TableRow(Vec<String>),
    /// A table's ruling line (`|---|---|`): part of the table, no row.
    TableRule,
    Subheading(String),
    Item(u8, String),
    Figure(String),
    Plain(String),
    /// Converter debris with no text left (a lone HTML tag): kept with the block before it.
    Debris,
}

/// Builds the sections of one report. `field_lines` are line indexes already read as fields.
pub fn sections(lines: &[Line], span: ReportSpan, field_lines: &BTreeSet<usize>, repairer: &mut Repairer) -> Vec<Section> {
    let mut sections: Vec<Section> = Vec::new();
    let mut builder = BlockBuilder::default();
    for (i, line) in lines.iter().enumerate().take(span.last + 1).skip(span.first) {
        if line.is_blank() {
            builder.saw_blank();
            continue;
        }
        if let Some(kind) = line.heading() {
            close(&mut sections, &mut builder);
            sections.push(Section {
                kind,
                heading: Some(repairer.line(line.text(), line.number)),
                lines: [line.number, line.number],
                blocks: Vec::new(),
            });
            continue;
        }
        if let Some(section) = sections.last_mut() {
            section.lines[1] = line.number;
        }
        if field_lines.contains(&i) {
            continue;
        }
        if sections.is_empty() {
            sections.push(Section { kind: SectionKind::Other, heading: None, lines: [line.number, line.number], blocks: Vec::new() });
        }
        builder.push(line.number, shape(line, line.number, repairer));
    }
    close(&mut sections, &mut builder);
    sections
}

fn close(sections: &mut [Section], builder: &mut BlockBuilder) {
    let blocks = std::mem::take(&mut builder.blocks);
    builder.adjacent = false;
    if let Some(section) = sections.last_mut() {
        section.blocks.extend(blocks);
    }
}

fn shape(line: &Line, number: usize, repairer: &mut Repairer) -> Shape {
    let raw = line.raw.trim_matches(' ');
    // The converter sometimes turns a Markdown table's first row into a list item (`- | | |`).
    let markdown_row = raw.trim_start().strip_prefix("- ").unwrap_or(raw.trim_start());
    if markdown_row.starts_with('|') {
        let cells: Vec<&str> = markdown_row.trim().trim_matches('|').split('|').collect();
        return table_shape(cells, number, repairer);
    }
    if raw.trim_end().contains('\t') {
        return table_shape(raw.trim_end().split('\t').collect(), number, repairer);
    }
    if line.text().is_empty() {
        return Shape::Debris;
    }
    // The converter's list dash is a marker, not text; its indentation gives the level.
    let (item_level, text) = match (line.raw.strip_prefix("- "), line.raw.trim_start().strip_prefix("- ")) {
        (Some(rest), _) => (Some(1), clean(rest)),
        (None, Some(rest)) => (Some(2), clean(rest)),
        (None, None) => (None, line.text().to_string()),
    };
    let text = repairer.line(text, number);
    if let Some(level) = item_level {
        return Shape::Item(level, text);
    }
    if vocab::is_decoration(line.key()) {
        return Shape::Figure(text);
    }
    match text.chars().next().unwrap_or(' ') {
        '○' | '●' | '◎' | '■' | '◆' | '□' | '◇' | '▶' | '▪' | '【' => Shape::Subheading(text),
        '▲' | '△' => Shape::Figure(text),
        '・' | '•' | '\u{2460}'..='\u{2473}' => Shape::Item(1, text),
        _ if NUMBERED.is_match(&text) => Shape::Item(1, text),
        _ if is_image_description(&text) => Shape::Figure(text),
        _ => Shape::Plain(text),
    }
}

fn table_shape(cells: Vec<&str>, number: usize, repairer: &mut Repairer) -> Shape {
    let mut cells: Vec<String> = cells.into_iter().map(|c| table_cell(c, number, repairer)).collect();
    while cells.last().is_some_and(String::is_empty) {
        cells.pop();
    }
    if cells.iter().all(|c| c.is_empty() || RULE_CELL.is_match(c)) {
        return Shape::TableRule;
    }
    Shape::TableRow(cells)
}

/// A cell's text; an HTML list inside a cell (`<ul …> ・a ・b`) becomes one item per line.
fn table_cell(raw: &str, number: usize, repairer: &mut Repairer) -> String {
    let text = repairer.line(clean(raw), number);
    if !raw.contains("<ul") && !raw.contains("<li") {
        return text;
    }
    // An item starts at a bullet after a space: 「市民・事業者」 inside an item stays whole.
    let mut items: Vec<String> = Vec::new();
    for word in text.split(' ') {
        match items.last_mut() {
            Some(item) if !word.starts_with(['・', '●', '•']) => {
                item.push(' ');
                item.push_str(word);
            }
            _ => items.push(word.to_string()),
        }
    }
    items.join("\n")
}

/// An English description of an image, added by the conversion: mostly Latin words.
fn is_image_description(text: &str) -> bool {
    // Six words make at least six visible characters, so at least four Latin letters: most
    // Japanese lines fail this byte count and need no closer look.
    if text.bytes().filter(u8::is_ascii_alphabetic).count() < 4 {
        return false;
    }
    let is_word = |w: &&str| w.chars().all(|c| c.is_ascii_alphabetic() || ",.()'-:".contains(c));
    if text.split_whitespace().filter(is_word).nth(5).is_none() {
        return false;
    }
    let visible = text.chars().filter(|c| !c.is_whitespace()).count();
    let latin = text.chars().filter(char::is_ascii_alphabetic).count();
    latin * 5 >= visible * 3
}

/// A line shorter than this, or ending a sentence, is complete: the conversion keeps a
/// printed paragraph on one line, so only a long unfinished line can wrap onto the next.
const WRAP_MIN_CHARS: usize = 30;
const SENTENCE_ENDS: &[char] = &['。', '.', '!', '?', '」', '』', ')', '）'];

fn wraps(line: &str) -> bool {
    line.chars().count() >= WRAP_MIN_CHARS && !line.ends_with(SENTENCE_ENDS)
}

#[derive(Default)]
struct BlockBuilder {
    blocks: Vec<Block>,
    /// No blank line since the last block's last line.
    adjacent: bool,
    /// The last block's last line is unfinished, so a plain line below continues it.
    last_line_wraps: bool,
}

impl BlockBuilder {
    fn saw_blank(&mut self) {
        self.adjacent = false;
    }

    /// Whether a plain line continues the last block: a figure's caption goes on below it;
    /// an item or paragraph only when its last line wrapped.
    fn continues(&self) -> bool {
        self.adjacent
            && match self.blocks.last().map(|b| b.kind) {
                Some(BlockKind::Figure) => true,
                Some(BlockKind::Item | BlockKind::Paragraph) => self.last_line_wraps,
                _ => false,
            }
    }

    fn push(&mut self, number: usize, shape: Shape) {
        let last_kind = self.blocks.last().map(|b| b.kind);
        let mut line_wraps = false;
        match shape {
            Shape::Debris => match self.blocks.last_mut() {
                Some(block) => block.lines[1] = number,
                None => self.start(BlockKind::Paragraph, None, String::new(), number),
            },
            Shape::TableRule if last_kind == Some(BlockKind::Table) && self.adjacent => self.extend_table(number, None),
            Shape::TableRow(cells) if last_kind == Some(BlockKind::Table) && self.adjacent => {
                self.extend_table(number, Some(cells));
            }
            Shape::TableRule | Shape::TableRow(_) => {
                self.blocks.push(Block { kind: BlockKind::Table, level: None, text: String::new(), rows: Some(Vec::new()), lines: [number, number] });
                if let Shape::TableRow(cells) = shape {
                    self.extend_table(number, Some(cells));
                }
            }
            Shape::Plain(text) if self.continues() => {
                line_wraps = wraps(&text);
                if let Some(block) = self.blocks.last_mut() {
                    join_continuation(&mut block.text, &text);
                    block.lines[1] = number;
                }
            }
            Shape::Plain(text) => {
                line_wraps = wraps(&text);
                self.start(BlockKind::Paragraph, None, text, number);
            }
            Shape::Item(level, text) => {
                line_wraps = wraps(&text);
                self.start(BlockKind::Item, Some(level), text, number);
            }
            Shape::Figure(text) => self.start(BlockKind::Figure, None, text, number),
            Shape::Subheading(text) => self.start(BlockKind::Subheading, None, text, number),
        }
        self.adjacent = true;
        self.last_line_wraps = line_wraps;
    }

    fn start(&mut self, kind: BlockKind, level: Option<u8>, text: String, number: usize) {
        self.blocks.push(Block { kind, level, text, rows: None, lines: [number, number] });
    }

    /// Adds a line to the last block, a table.
    fn extend_table(&mut self, number: usize, cells: Option<Vec<String>>) {
        let Some(block) = self.blocks.last_mut() else { return };
        block.lines[1] = number;
        if let Some(cells) = cells {
            if !block.text.is_empty() {
                block.text.push('\n');
            }
            block.text.push_str(&cells.join("\t"));
            block.rows.get_or_insert_with(Vec::new).push(cells);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::classify::classify;
    use crate::extract::read::read_source;

    fn build(text: &str) -> Vec<Section> {
        let lines = classify(read_source("t.txt", text.as_bytes()).unwrap());
        let span = ReportSpan { first: 0, last: lines.len() - 1 };
        sections(&lines, span, &BTreeSet::new(), &mut Repairer::default())
    }

    fn kinds(section: &Section) -> Vec<(BlockKind, Option<u8>, &str)> {
        section.blocks.iter().map(|b| (b.kind, b.level, b.text.as_str())).collect()
    }

    #[test]
    fn converter_dashes_become_item_levels() {
        let s = build("派遣先市町村の課題\n\n- 人材確保\n - ・相談会の開催\n");
        assert_eq!(kinds(&s[0]), [(BlockKind::Item, Some(1), "人材確保"), (BlockKind::Item, Some(2), "・相談会の開催")]);
    }

    #[test]
    fn a_wrapped_line_continues_its_block() {
        let long = "大都市圏からのUターンの促進のため、大都市のハローワークで、移住相談会を";
        let s = build(&format!("今後の展開\n- {long}\n実施した。\n"));
        assert_eq!(kinds(&s[0]), [(BlockKind::Item, Some(1), format!("{long}実施した。").as_str())]);
    }

    #[test]
    fn a_short_or_finished_line_is_followed_by_a_new_paragraph() {
        let s = build("今後の展開\n- 専門人材不足\nAI等の専門人材が不足している。\n次の段落。\n\n三行目\n");
        assert_eq!(
            kinds(&s[0]),
            [
                (BlockKind::Item, Some(1), "専門人材不足"),
                (BlockKind::Paragraph, None, "AI等の専門人材が不足している。"),
                (BlockKind::Paragraph, None, "次の段落。"),
                (BlockKind::Paragraph, None, "三行目"),
            ]
        );
    }

    #[test]
    fn tab_separated_rows_form_one_table() {
        let s = build("今後の展開\n総人口\t高齢化率\n2015年\t29.0%\n\t\t367人\n");
        let rows = s[0].blocks[0].rows.clone().unwrap();
        assert_eq!(rows, [vec!["総人口", "高齢化率"], vec!["2015年", "29.0%"], vec!["", "", "367人"]]);
        assert_eq!(s[0].blocks[0].lines, [2, 4]);
    }

    #[test]
    fn markdown_table_rule_is_no_row() {
        let s = build("今後の展開\n- | 課題 | 対策 |\n|---|---|\n| a | b |\n");
        assert_eq!(s[0].blocks[0].rows.clone().unwrap(), [vec!["課題", "対策"], vec!["a", "b"]]);
    }

    #[test]
    fn html_list_in_a_cell_splits_into_items() {
        let s = build("今後の展開\n産業振興\t<ul style=\"list-style-type: none\"> ・集積 ・雇用</ul>\n");
        assert_eq!(s[0].blocks[0].rows.clone().unwrap(), [vec!["産業振興", "・集積\n・雇用"]]);
        let s = build("今後の展開\n<p>(市民・事業者視点) 利便性</p>\t<ul> ● 早い ● 簡単\n");
        assert_eq!(s[0].blocks[0].rows.clone().unwrap(), [vec!["(市民・事業者視点) 利便性", "● 早い\n● 簡単"]]);
    }

    #[test]
    fn marks_give_subheadings_and_figures() {
        let s = build("課題に対する取組状況\n○構想\n▲村内を走る自動運転\n新技術を導入\n【取組状況】試行\n");
        assert_eq!(
            kinds(&s[0]),
            [
                (BlockKind::Subheading, None, "○構想"),
                (BlockKind::Figure, None, "▲村内を走る自動運転新技術を導入"),
                (BlockKind::Subheading, None, "【取組状況】試行"),
            ]
        );
    }

    #[test]
    fn english_image_descriptions_are_figures() {
        let s = build("今後の展開\nThe chart shows the growth of DX implementation over time.\n");
        assert_eq!(s[0].blocks[0].kind, BlockKind::Figure);
    }

    #[test]
    fn text_before_the_first_heading_is_an_other_section() {
        let s = build("前置き\n今後の展開\n本文\n");
        assert_eq!((s[0].kind, s[0].heading.clone(), s[0].lines), (SectionKind::Other, None, [1, 1]));
        assert_eq!(s[1].lines, [2, 3]);
    }
}
