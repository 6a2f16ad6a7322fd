//! A line's shape, decided once when the line is classified: its indentation, the converter's
//! list dash, its marker (from `src/data/markers.tsv`), and whether it is a table row, a table
//! rule, converter debris or text read out of a picture. Nothing here knows the lines around a
//! line: blocks.rs groups shaped lines into blocks by their context.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;
use regex_syntax::hir::literal::Extractor;
use regex_syntax::hir::{Hir, HirKind};
use serde::Deserialize;

use crate::extract::normalize::{clean, leading_white_space};
use crate::extract::repair::{Repairer, Repairs};
use crate::table;
use crate::tables::{Table, TableError, static_regex};

const MARKERS_TABLE: Table = table!("markers.tsv");

/// What a marker says about its line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Opens a subheading, unless a full sentence follows it.
    Heading,
    /// A bracketed label: a subheading.
    Label,
    /// A list mark or numbering: an item.
    Bullet,
    /// A picture's caption.
    Caption,
    /// A remark (※).
    Note,
    /// A consequence or step (→).
    Arrow,
    /// The converter's list dash.
    Dash,
}

/// A row's role in the table: one of [`Role`], or `plain` for a mark that opens nothing of its
/// own (blocks read its line as an unmarked one) and is listed for what it does to headings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
enum RowRole {
    Marker(Role),
    Plain(Plain),
}

impl RowRole {
    fn role(self) -> Option<Role> {
        match self {
            RowRole::Marker(role) => Some(role),
            RowRole::Plain(_) => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Plain {
    Plain,
}

/// Whether a line the mark opens may be a section heading.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Section {
    /// The mark may decorate a section heading (■ 派遣先市町村の課題, 【今後の展開】).
    May,
    /// The mark opens subheadings and items inside a section: its line is never a section heading.
    Never,
}

/// One row of the marker table.
#[derive(Debug, Deserialize)]
struct MarkerRow {
    pattern: String,
    role: RowRole,
    section: Section,
    family: String,
    rank: u8,
    key: Yes,
    /// The mark around words, written `…`.
    example: String,
    /// A numbering: the mark inside a sentence names an item.
    numbers: Yes,
    /// The character the OCR reads for the mark at the start of a line, or `-`.
    misread: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Yes {
    Yes,
    No,
}

/// A line's marker: what it opens, and where it stands in a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Marker {
    pub role: Role,
    /// Index of the marker's family: lines of one family are siblings.
    pub family: u8,
    /// Lower ranks hold higher ranks nested under them.
    pub rank: u8,
}

/// The mark that opens a text, as the marker table reads it: what heading recognition needs
/// besides the [`Marker`] (which only rows with a role have).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    /// The row's role; `None` for a `plain` row.
    pub role: Option<Role>,
    /// Index of the row's family: one style of decoration.
    pub family: u8,
    pub rank: u8,
    /// A line it opens may be a section heading.
    pub may_open_section: bool,
    /// Byte length of the mark in the text ([`Mark::end`]). Offsets are kept in 16 bits, as every
    /// line carries its mark: a match longer than that is no mark ([`Mark::found`]).
    len: u16,
    /// For a bracket that encloses its words (a pattern with a group): their byte range.
    enclosed: Option<(u16, u16)>,
    /// The number a numbering mark counts: 2 for (2), 2., [2], ②; `None` for other marks.
    pub number: Option<u32>,
}

impl Mark {
    /// A mark of `row` that ends at byte `len` of its text and encloses `enclosed`; `None` when
    /// an offset does not fit in 16 bits (64 KB of one mark: converter debris, not a mark).
    fn found(row: &Row, len: usize, enclosed: Option<Range<usize>>, number: Option<u32>) -> Option<Mark> {
        let enclosed = match enclosed {
            Some(range) => Some((u16::try_from(range.start).ok()?, u16::try_from(range.end).ok()?)),
            None => None,
        };
        Some(Mark { role: row.role, family: row.family, rank: row.rank, may_open_section: row.may_open_section, len: u16::try_from(len).ok()?, enclosed, number })
    }

    /// Byte offset in the text where the mark ends and what follows it starts.
    pub fn end(&self) -> usize {
        usize::from(self.len)
    }

    /// Whether the mark is a bracket that encloses its words (【取組状況】).
    pub fn encloses(&self) -> bool {
        self.enclosed.is_some()
    }

    /// What blocks read of the mark: `None` for a plain one.
    pub fn marker(&self) -> Option<Marker> {
        Some(Marker { role: self.role?, family: self.family, rank: self.rank })
    }

    /// The words a mark decorates, in `text` (the text it was found in): what follows it, or
    /// what it encloses.
    pub fn words<'t>(&self, text: &'t str) -> &'t str {
        match self.enclosed {
            Some((start, end)) => &text[usize::from(start)..usize::from(end)],
            None => &text[self.end()..],
        }
    }
}

struct Markers {
    rows: Vec<Row>,
    /// The rows worth trying on a text, by its first character, in table order: a row whose
    /// pattern tells its first characters is listed under each of them, and every other row
    /// under every character (and in `others`). Sorted by character, for a binary search.
    by_first: Vec<(char, Vec<usize>)>,
    /// The rows whose first characters the pattern does not tell: tried on any other text.
    others: Vec<usize>,
    /// The single-character marks that match keys drop.
    key_marks: Vec<char>,
    /// The characters the OCR reads for a mark, each with the mark's row.
    misread: Vec<(char, usize)>,
}

/// One row: how its mark is found, and what it says.
struct Row {
    matcher: Matcher,
    role: Option<Role>,
    /// Index of the row's family.
    family: u8,
    rank: u8,
    may_open_section: bool,
    /// The pattern has a group: the words the mark encloses.
    encloses: bool,
    /// A numbering, which a sentence may name instead of opening with it.
    numbers: bool,
}

/// How a row's mark is found at the start of a text.
enum Matcher {
    /// A pattern of one literal character (`○`, `\*`): compared, not searched.
    Char(char),
    /// Any other pattern, anchored at the start.
    Pattern(Regex),
}

impl Row {
    /// The end of the row's mark at the start of `text`, and the words it encloses.
    fn find(&self, text: &str) -> Option<(usize, Option<std::ops::Range<usize>>)> {
        match &self.matcher {
            Matcher::Char(c) => text.starts_with(*c).then_some((c.len_utf8(), None)),
            // Most marks enclose nothing: their end is all there is to find, which costs less
            // than groups.
            Matcher::Pattern(pattern) if self.encloses => {
                let captures = pattern.captures(text)?;
                Some((captures.get(0)?.end(), captures.get(1).map(|m| m.range())))
            }
            Matcher::Pattern(pattern) => Some((pattern.find(text)?.end(), None)),
        }
    }
}

static MARKERS: LazyLock<Markers> = LazyLock::new(|| {
    let table = MARKERS_TABLE.rows::<MarkerRow>();
    let mut families: Vec<&str> = Vec::new();
    let mut rows = Vec::new();
    for row in &table {
        let family = families.iter().position(|f| *f == row.family).unwrap_or_else(|| {
            families.push(&row.family);
            families.len() - 1
        });
        let pattern = anchored(&row.pattern).unwrap_or_else(|e| panic!("src/data/markers.tsv: {e}"));
        rows.push(Row {
            role: row.role.role(),
            family: u8::try_from(family).unwrap_or(u8::MAX),
            rank: row.rank,
            may_open_section: row.section == Section::May,
            encloses: pattern.captures_len() > 1,
            numbers: row.numbers == Yes::Yes,
            matcher: literal_char(&row.pattern).map_or(Matcher::Pattern(pattern), Matcher::Char),
        });
    }
    let firsts: Vec<Option<Vec<char>>> = table.iter().map(|row| first_chars(&row.pattern)).collect();
    let others: Vec<usize> = (0..table.len()).filter(|&i| firsts[i].is_none()).collect();
    let mut starts: Vec<char> = firsts.iter().flatten().flatten().copied().collect();
    starts.sort_unstable();
    starts.dedup();
    let by_first = starts
        .into_iter()
        .map(|c| (c, (0..table.len()).filter(|&i| firsts[i].as_ref().is_none_or(|cs| cs.contains(&c))).collect()))
        .collect();
    let key_marks = table.iter().filter(|r| r.key == Yes::Yes).filter_map(|r| key_char(&r.pattern)).collect();
    let misread = table.iter().enumerate().filter_map(|(i, r)| Some((misread_char(&r.misread)?, i))).collect();
    Markers { rows, by_first, others, key_marks, misread }
});

/// The `misread` column's character: `None` for `-`.
fn misread_char(cell: &str) -> Option<char> {
    let mut chars = cell.chars();
    chars.next().filter(|&c| c != '-' && chars.next().is_none())
}

fn anchored(pattern: &str) -> Result<Regex, regex::Error> {
    Regex::new(&format!("^(?:{pattern})"))
}

/// The pattern's syntax tree, as the regex crate reads it.
fn syntax(pattern: &str) -> Option<Hir> {
    regex_syntax::parse(pattern).ok()
}

/// The character a pattern matches when it is exactly one literal character (`○`, `\*`, `-`).
fn literal_char(pattern: &str) -> Option<char> {
    let HirKind::Literal(literal) = syntax(pattern)?.into_kind() else { return None };
    let mut chars = std::str::from_utf8(&literal.0).ok()?.chars();
    chars.next().filter(|_| chars.next().is_none())
}

/// What a mark that needs white space after it adds to its pattern (markers.tsv, `key`).
const SPACE_AFTER: &str = "(?:\\s|$)";

/// The character of a key mark's pattern: one literal character (`○`), alone or followed by
/// [`SPACE_AFTER`] (`\*(?:\s|$)`, Markdown's list star).
fn key_char(pattern: &str) -> Option<char> {
    literal_char(pattern.strip_suffix(SPACE_AFTER).unwrap_or(pattern))
}

/// The most prefixes of a pattern that are listed: a class larger than this (`[^】]`) tells
/// nothing about how a text starts.
const MAX_PREFIXES: usize = 0x1000;

/// The characters a text must start with for `pattern` to match it, read from the pattern's
/// prefix literals by regex-syntax's extractor: a literal (`○`, `\(`), a class
/// (`[\x{2460}-\x{2473}]`), an alternation of such. `None` when the pattern may start with any
/// character or with nothing (`.`, `[^a]`, `a*`): such a row is tried on every text.
pub(crate) fn first_chars(pattern: &str) -> Option<Vec<char>> {
    let prefixes = Extractor::new().limit_class(MAX_PREFIXES).limit_total(MAX_PREFIXES).extract(&syntax(pattern)?);
    let mut chars = prefixes.literals()?.iter().map(|prefix| first_char(prefix.as_bytes())).collect::<Option<Vec<char>>>()?;
    chars.sort_unstable();
    chars.dedup();
    (!chars.is_empty()).then_some(chars)
}

/// The first whole character of a prefix (the extractor may cut a long one inside a character).
fn first_char(bytes: &[u8]) -> Option<char> {
    let whole = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => std::str::from_utf8(&bytes[..error.valid_up_to()]).ok()?,
    };
    whole.chars().next()
}

/// Loads the marker table (for the test that checks every table): every pattern compiles, with
/// at most one group; key marks are single characters; each row's example, around words, is
/// matched by that row first (no row above hides it); and the example starts with one of the
/// characters [`mark`] tries the row on.
pub fn check_table() -> Result<(), TableError> {
    let rows = MARKERS_TABLE.try_rows::<MarkerRow>()?;
    let error = |message: String| TableError { table: MARKERS_TABLE.name, line: 0, message };
    let mut patterns = Vec::new();
    for row in &rows {
        if row.key == Yes::Yes && key_char(&row.pattern).is_none() {
            return Err(error(format!("key mark {:?} is not one character", row.pattern)));
        }
        if row.misread != "-" && misread_char(&row.misread).is_none() {
            return Err(error(format!("misread {:?} is not one character", row.misread)));
        }
        let pattern = anchored(&row.pattern).map_err(|e| error(e.to_string()))?;
        if pattern.captures_len() > 2 {
            return Err(error(format!("{:?} has more than one group", row.pattern)));
        }
        patterns.push(pattern);
    }
    for (i, row) in rows.iter().enumerate() {
        let example = row.example.replace('…', "今後の展開");
        if patterns.iter().position(|p| p.is_match(&example)) != Some(i) {
            return Err(error(format!("the example {:?} is not matched first by {:?}", row.example, row.pattern)));
        }
        let first = example.chars().next().unwrap_or_default();
        if first_chars(&row.pattern).is_some_and(|chars| !chars.contains(&first)) {
            return Err(error(format!("{:?} is read as starting otherwise than its example {:?}", row.pattern, row.example)));
        }
    }
    Ok(())
}

/// Each row's example (its mark around `…`), role and whether its line may be a section heading.
#[cfg(test)]
pub(crate) fn examples() -> Vec<(String, Option<Role>, bool)> {
    MARKERS_TABLE
        .rows::<MarkerRow>()
        .into_iter()
        .map(|row| (row.example, row.role.role(), row.section == Section::May))
        .collect()
}

/// The marks match keys drop from the start of a line (normalize.rs).
pub fn key_marks() -> &'static [char] {
    &MARKERS.key_marks
}

/// The mark at the start of a text (a line's clean text after the dash, or a part of a match key),
/// if any: the first row of the table that matches. Only the rows that may start with the text's
/// first character are tried, most of them by comparing one character: most texts try none.
pub fn mark(text: &str) -> Option<Mark> {
    // Most lines start with a word; no mark starts with hiragana or a kanji (markers.tsv).
    if text.starts_with(|c: char| matches!(c, '\u{3041}'..='\u{309F}' | '\u{4E00}'..='\u{9FFF}')) {
        return None;
    }
    let first = text.chars().next()?;
    let candidates = match MARKERS.by_first.binary_search_by_key(&first, |(c, _)| *c) {
        Ok(at) => &MARKERS.by_first[at].1,
        Err(_) => &MARKERS.others,
    };
    let found = candidates.iter().find_map(|&i| {
        let row = &MARKERS.rows[i];
        let (len, enclosed) = row.find(text)?;
        if row.numbers && (names_an_item(row, &text[len..]) || counts_a_quantity(&text[..len], &text[len..])) {
            return None;
        }
        Mark::found(row, len, enclosed, number_of(&text[..len]))
    })?;
    // A line of one mark repeated (―――, ・・・) draws a rule or fills space: it opens nothing.
    let mut rest = text.trim_end().chars().skip(1).peekable();
    let repeated = rest.peek().is_some() && rest.all(|c| c == first);
    (!repeated).then_some(found)
}

/// Particles that follow a noun: a number before one is named in a sentence (⑤に基づく,
/// ⑥のプロジェクト). The longer ones first.
const PARTICLES: &[&str] = &["から", "まで", "より", "を", "に", "の", "は", "で", "と", "が", "へ", "や"];
/// Marks that join numbers into a range or a list (①～④, (1)・(2), ①、②).
const NUMBER_JOINERS: &[char] = &['～', '〜', '~', '-', '・', '、', ','];

/// Whether the words after a numbering show that a sentence names the item instead of opening
/// with its mark: a range or list of numbers of the same style follows (①～④を踏まえて), or a
/// particle (⑤に基づく), unless the particle's letter starts a word of the item (①はじめに). A
/// number of another style after a joiner numbers a sub-item (①-1 観光客の…).
fn names_an_item(row: &Row, rest: &str) -> bool {
    let rest = rest.trim_start();
    if let Some(next) = rest.strip_prefix(NUMBER_JOINERS) {
        return row.find(next.trim_start()).is_some();
    }
    PARTICLES.iter().any(|particle| rest.strip_prefix(particle).is_some_and(|after| !after.starts_with(is_hiragana)))
}

/// Counters after a bare number (1 つ, 3 月, 2 年目, 5 人): the number counts something, and the
/// space between was the OCR's. A numbering's words start with a word of their own, which may
/// start with a counter's character (2 人口減少への対応, 3 人材育成, 1 社会実装).
const COUNTERS: &[char] = &['つ', '年', '月', '日', '人', '名', '回', '件', '歳', '%', '円', '万', '億', '時', '分', '個', '社', '校', '期'];

/// Characters that go on from a counter within the quantity (2 年目, 3 日間, 4 年度, 5 月末, 1 万円).
const AFTER_A_COUNTER: &[char] = &['目', '間', '度', '末', '頃', '以', '前', '後', '程', '余'];

/// Whether a bare number and a space (the `1 …` numbering) measure a quantity instead: a counter
/// followed by the end, by what is not a kanji (3 月に, 5 人が, 1 つ目), or by what goes on from a
/// counter. A counter followed by another kanji starts a word (人口, 社会, 分野).
fn counts_a_quantity(mark: &str, rest: &str) -> bool {
    if !(mark.ends_with(' ') && mark.trim_end().bytes().all(|b| b.is_ascii_digit())) {
        return false;
    }
    let mut chars = rest.chars();
    chars.next().is_some_and(|c| COUNTERS.contains(&c))
        && chars.next().is_none_or(|c| !is_kanji(c) || COUNTERS.contains(&c) || AFTER_A_COUNTER.contains(&c))
}

/// A kanji (CJK unified ideographs and extension A).
pub(crate) fn is_kanji(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c) || ('\u{3400}'..='\u{4DBF}').contains(&c)
}

/// A hiragana letter: particles and endings are written in it.
pub fn is_hiragana(c: char) -> bool {
    matches!(c, '\u{3041}'..='\u{309F}')
}

/// True when `text` opens with a character the OCR reads for a mark (markers.tsv, `misread`):
/// the only texts [`restored_mark`] may give a mark.
pub fn opens_with_misread_mark(text: &str) -> bool {
    text.chars().next().and_then(misread_row).is_some()
}

/// The row of the mark the OCR reads `c` for, if it reads it for one.
fn misread_row(c: char) -> Option<usize> {
    MARKERS.misread.iter().find(|&&(misread, _)| misread == c).map(|&(_, row)| row)
}

/// The mark of a text that opens with a character the OCR reads for a mark (markers.tsv,
/// `misread`: ODX推進 for ○DX推進, 一 大規模… for ― 大規模…), where the OCR repairs restore the
/// mark: they weigh the context and the edition's words (DX stands alone elsewhere, ODX never),
/// which the text alone does not show. The mark's length is the misread character's in `text`.
pub fn restored_mark(text: &str, repairer: &Repairer) -> Option<Mark> {
    let first = text.chars().next()?;
    let i = misread_row(first)?;
    // The repairs are recorded where the block's text is repaired; here only the mark counts.
    let repaired = repairer.line(text, 0, &mut Repairs::default());
    let restored = repaired.chars().next().filter(|&c| c != first)?;
    let row = &MARKERS.rows[i];
    let (len, enclosed) = row.find(&repaired)?;
    // An offset in the repaired text, in `text`: the mark's character is as long as it was read.
    let unshift = |offset: usize| offset + first.len_utf8() - restored.len_utf8();
    Mark::found(row, unshift(len), enclosed.map(|range| unshift(range.start)..unshift(range.end)), number_of(&repaired[..len]))
}

/// The number a mark's text counts: its digits ((2), 2., [2]), or a circled number (②).
fn number_of(mark: &str) -> Option<u32> {
    let digits: String = mark.chars().filter(char::is_ascii_digit).collect();
    if let Ok(number) = digits.parse() {
        return Some(number);
    }
    // The circled numbers ① to ⑳ follow one another in Unicode.
    let circled = mark.chars().next().map(u32::from).filter(|c| (0x2460..=0x2473).contains(c))?;
    Some(circled - 0x2460 + 1)
}

/// The marker at the start of a clean text, if any: the mark of a row with a role.
pub fn marker(text: &str) -> Option<Marker> {
    mark(text)?.marker()
}

/// What a line holds, apart from text.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Form {
    #[default]
    Text,
    /// A table row: tab-separated cells, or a Markdown pipe row (`| a | b |`). Boxed: few lines
    /// are rows, and every line carries its form.
    Row(Box<TableRow>),
    /// A table's ruling line (`|---|---|`), or a Markdown rule outside a table.
    Rule,
    /// Converter debris with no document text: a stray HTML tag, a page number, a number or
    /// other fragment of a chart.
    Debris,
    /// An English description of an image, added by the conversion.
    Picture,
    /// Logo or slogan text (decorations.tsv).
    Decoration,
}

/// The cells of a table row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableRow {
    pub cells: Vec<String>,
    /// The last cell of a pipe row wraps onto the next line (no closing `|`).
    pub open: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Shape {
    /// Leading white space of the raw line, in half-width columns (an ideographic space is
    /// two, a tab four).
    pub indent: u16,
    /// Opened by the converter's Markdown list dash (`- `, or `-` glued to Japanese text).
    pub dash: bool,
    /// Byte offset in the line's clean text where its content starts, after the dash (0, 1 or 2).
    pub body: u8,
    /// The mark after the dash, whatever its role (heading recognition reads it).
    pub mark: Option<Mark>,
    pub form: Form,
    /// Ends a sentence (。 and its equivalents, or a closing bracket).
    pub ends_sentence: bool,
    /// Ends cut off mid-sentence: on a particle, a conjunctive form or a comma.
    pub ends_mid_sentence: bool,
    /// Ends on a comma, a particle that never closes a line of its own (の, を) or inside a
    /// bracket, so the sentence goes on even across a blank line.
    pub ends_cut: bool,
    /// Ends on a verb or adjective: a statement, even without its full stop.
    pub ends_predicate: bool,
    /// Wholly in brackets or wave dashes: `(学生と農家女性)`, `～安心して働く～`.
    pub bracketed: bool,
    /// Starts with a particle or a closing mark, or closes a bracket it did not open, so it
    /// goes on with a sentence above.
    pub starts_mid_sentence: bool,
    /// Number of characters of the content.
    pub chars: usize,
    /// Holds an English gloss, as the conversion writes into image descriptions.
    pub english: bool,
    /// Empty tab cells after the text (`表題\t\t`: two).
    pub empty_cells_after: usize,
    /// Set in bold to its end (`- …連携事業**`, the emphasis opened at the words' start
    /// or before the line), and not on a colon: a name or title, complete on its line.
    pub bold_title: bool,
}

impl Shape {
    /// The marker after the dash: its mark's role, family and rank, as blocks read them.
    pub fn marker(&self) -> Option<Marker> {
        self.mark.as_ref().and_then(Mark::marker)
    }
}

/// Characters that end a sentence, or a bracketed remark that closes one.
const SENTENCE_ENDS: &[char] = &['。', '.', '!', '?', '」', '』', ')', '）'];
/// Endings that leave a Japanese sentence unfinished: a comma, case particles and conjunctive
/// forms. A line that stops on one is cut by the page, and the next line goes on with it.
const MID_SENTENCE_ENDS: &[char] = &['、', ',', 'の', 'を', 'に', 'が', 'は', 'で', 'と', 'て', 'や', 'も', 'へ', 'り', 'ど', 'ば'];
/// A noun that ends on り all the same: the voiced づ of …づくり (まちづくり, 体制づくり, "the
/// building of") only joins a compound, so the line stops on a noun, not on a conjunctive form
/// (…しており, …であり) that the next line would go on from.
const COMPOUND_NOUN_END: &str = "づくり";
/// The strongest of those: a line never stops on them unless the page cut it.
const CUT_ENDS: &[char] = &['、', ',', 'の', 'を'];
/// Endings of a verb or adjective that closes a statement (作る, 増加した, 目指す, 難しい).
const PREDICATE_ENDS: &[char] = &['る', 'た', 'す', 'い', 'う', 'だ'];
/// Starts that no sentence has: the particles that only follow a word, and closing marks.
const MID_SENTENCE_STARTS: &[char] = &['の', 'を', '、', '。', ')', '）', '」'];

/// A Markdown table rule cell: ---, :--, --:.
static RULE_CELL: LazyLock<Regex> = LazyLock::new(|| static_regex(r"^:?-+:?$"));
/// A leftover piece of an HTML tag (`<p`, `</div`, `br>`).
static TAG_PIECE: LazyLock<Regex> = LazyLock::new(|| static_regex(r"^(?:</?[A-Za-z]{1,10}/?>?|/?[A-Za-z]{1,10}/?>)$"));

/// The shape of one line: `raw` as read, `text` its clean text ([`clean`]: its only
/// white space is single spaces, which the counts of [`Counts::of`] rely on).
pub fn shape(raw: &str, text: &str) -> Shape {
    let leading = leading_white_space(raw);
    let indent = raw[..leading].chars().map(width).sum();
    let trimmed = raw[leading..].trim_end();
    // The converter sometimes turns a Markdown table's first row into a list item (`- | | |`).
    let row = trimmed.strip_prefix("- ").unwrap_or(trimmed);
    if row.starts_with('|') {
        return Shape { indent, form: pipe_row(row), ..Shape::default() };
    }
    // Leading tabs are empty cells.
    let spaced = raw.trim_matches(' ');
    let cells = spaced.trim_end();
    if memchr::memchr(b'\t', cells.as_bytes()).is_some() {
        return Shape { indent, form: tab_row(cells), ..Shape::default() };
    }
    // Empty tab cells after the text (`表題\t\t`) were trimmed above; their count is kept, since
    // such a line over a row of as many cells is that table's title row.
    let empty_cells_after = spaced[cells.len()..].bytes().filter(|&b| b == b'\t').count();
    let (dash, body): (bool, u8) = match text.strip_prefix("- ") {
        Some(_) => (true, 2),
        None if text.starts_with('-') && text[1..].starts_with(|c: char| !c.is_ascii()) => (true, 1),
        None => (false, 0),
    };
    let content = &text[usize::from(body)..];
    let counts = Counts::of(content);
    // More round brackets opened than closed: 「プロジェクト策定 (計6」 goes on in the next line.
    let open_bracket = counts.opened > counts.closed;
    let form = if is_debris(content) {
        Form::Debris
    } else if is_image_description(content, &counts) {
        Form::Picture
    } else {
        Form::Text
    };
    let mark = mark(content);
    // The tests of how the content starts and ends read its first and last character, decoded
    // once.
    let first = content.chars().next();
    let last = content.chars().next_back();
    let closed = match first {
        Some('(' | '（') => in_one_bracket(content),
        Some('～') => content.len() > '～'.len_utf8() && last == Some('～'),
        _ => false,
    };
    let ends_in = |set: &[char]| last.is_some_and(|c| set.contains(&c));
    Shape {
        indent,
        dash,
        body,
        mark,
        form,
        ends_sentence: ends_in(SENTENCE_ENDS),
        ends_mid_sentence: ends_in(MID_SENTENCE_ENDS) && !content.ends_with(COMPOUND_NOUN_END) || open_bracket,
        ends_cut: ends_in(CUT_ENDS) || open_bracket,
        ends_predicate: ends_in(PREDICATE_ENDS),
        bracketed: closed,
        starts_mid_sentence: first.is_some_and(|c| MID_SENTENCE_STARTS.contains(&c)) || counts.is_bracket_tail(),
        chars: counts.chars,
        english: has_english_gloss(content, counts.latin),
        empty_cells_after,
        bold_title: is_bold_title(trimmed, content),
    }
}

/// Whether a raw line's words are bold to their end, the emphasis not opened mid-line
/// (「R5年度 **○…**」 sets a part in bold), and do not end on a colon that announces more.
fn is_bold_title(trimmed: &str, content: &str) -> bool {
    let words = trimmed.strip_prefix("- ").unwrap_or(trimmed);
    words.strip_suffix("**").is_some_and(|words| !words.trim_start_matches('*').contains("**")) && !content.ends_with(':')
}

/// What the shape counts in a line's content (clean text).
#[derive(Default)]
struct Counts {
    chars: usize,
    /// ASCII letters.
    latin: usize,
    /// Spaces: clean text has no other white space, so the content has one more word than spaces.
    spaces: usize,
    /// Round brackets opened and closed: ASCII ones, as NFKC leaves no full-width （ ） in clean
    /// text.
    opened: usize,
    closed: usize,
}

/// Bytes that [`Counts::of`] counts at a time.
const COUNT_BLOCK: usize = 32;
/// Blocks counted into the lanes before they are summed, so that no byte-wide lane overflows
/// (the padded last block may add one more).
const BLOCKS_PER_SUM: usize = u8::MAX as usize - 1;
/// What fills a line's last block: a continuation byte, which is no character, letter, space nor
/// bracket.
const COUNT_PADDING: u8 = 0x80;

impl Counts {
    /// The bytes are counted in blocks of fixed length, the last one padded, each byte into a lane
    /// of its own (a byte-wide counter per position of the block), and the lanes are summed once:
    /// the compiler vectorizes it without a branch on the text. A fold over the line's bytes left
    /// a remainder loop of up to 31 bytes per fold and line, whose exit the CPU mispredicted (27 k
    /// mispredicts an edition, half the shape pass's).
    fn of(text: &str) -> Counts {
        let (blocks, tail) = text.as_bytes().as_chunks::<COUNT_BLOCK>();
        let mut last = [COUNT_PADDING; COUNT_BLOCK];
        last[..tail.len()].copy_from_slice(tail);
        let mut counts = Counts::default();
        let mut lanes = [[0u8; COUNT_BLOCK]; 5];
        // A lane counts up to 255: the lanes of a text longer than that many blocks (the last
        // block one more) are summed on the way.
        for run in blocks.chunks(BLOCKS_PER_SUM) {
            add_to_lanes(&mut lanes, run);
            if run.len() == BLOCKS_PER_SUM {
                counts.take(&mut lanes);
            }
        }
        add_to_lanes(&mut lanes, &[last]);
        counts.take(&mut lanes);
        counts
    }

    /// Adds what the lanes counted, and empties them.
    fn take(&mut self, lanes: &mut [[u8; COUNT_BLOCK]; 5]) {
        let [chars, latin, spaces, opened, closed] = lanes.map(|lane| lane_sum(&lane));
        self.chars += chars;
        self.latin += latin;
        self.spaces += spaces;
        self.opened += opened;
        self.closed += closed;
        *lanes = [[0; COUNT_BLOCK]; 5];
    }

    /// Whether a short text closes a round bracket it did not open: 「回)」 ends what the line
    /// above began. (A longer one has more likely lost its opening bracket to the OCR.)
    fn is_bracket_tail(&self) -> bool {
        self.chars <= MAX_TAIL_CHARS && self.closed > self.opened
    }
}

/// Counts the bytes of each block into the lanes: characters (the bytes that start one), ASCII
/// letters, spaces, and round brackets opened and closed.
fn add_to_lanes(lanes: &mut [[u8; COUNT_BLOCK]; 5], blocks: &[[u8; COUNT_BLOCK]]) {
    for block in blocks {
        for (j, &b) in block.iter().enumerate() {
            lanes[0][j] += u8::from(!is_continuation(b));
            lanes[1][j] += u8::from(b.is_ascii_alphabetic());
            lanes[2][j] += u8::from(b == b' ');
            lanes[3][j] += u8::from(b == b'(');
            lanes[4][j] += u8::from(b == b')');
        }
    }
}

/// The sum of a block's lanes, eight at a time in a u64: their bytes added pairwise into 16-bit
/// lanes, and those summed by one multiplication. Widening each byte to sum them cost about 360
/// instructions a line (the sums now cost 1.1 M instructions an edition less).
fn lane_sum(lane: &[u8; COUNT_BLOCK]) -> usize {
    const EVEN_BYTES: u64 = 0x00FF_00FF_00FF_00FF;
    // Four words of two bytes of 255 at most: each 16-bit lane holds at most 2040.
    let pairs: u64 = lane.as_chunks::<8>().0.iter().map(|eight| u64::from_le_bytes(*eight)).map(|x| (x & EVEN_BYTES) + ((x >> 8) & EVEN_BYTES)).sum();
    // The top 16-bit lane of the product is the sum of the four, at most 8160.
    (pairs.wrapping_mul(0x0001_0001_0001_0001) >> 48) as usize
}

/// A byte inside a character's UTF-8 encoding, after its first (10xxxxxx).
fn is_continuation(byte: u8) -> bool {
    byte & 0xC0 == 0x80
}

/// A line at most this long that closes a bracket it did not open is the tail of the line above.
const MAX_TAIL_CHARS: usize = 10;

/// Whether the bracket that opens a text closes only at its end: `(a(b)c)`, not `(a) b (c)`.
fn in_one_bracket(text: &str) -> bool {
    if !text.starts_with(['(', '（']) {
        return false;
    }
    let mut depth = 0usize;
    let last = text.chars().count() - 1;
    for (i, c) in text.chars().enumerate() {
        match c {
            '(' | '（' => depth += 1,
            ')' | '）' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return i == last;
                }
            }
            _ => {}
        }
    }
    false
}

fn width(c: char) -> u16 {
    match c {
        '\t' => 4,
        ' ' => 1,
        _ => 2,
    }
}

/// A tab-separated row, or debris when its cells hold nothing (`--\t---`).
fn tab_row(cells: &str) -> Form {
    row_form(cells.split('\t').collect(), false)
}

fn pipe_row(row: &str) -> Form {
    let row = row.trim();
    let open = !row.ends_with('|') || row.len() == 1;
    row_form(row.trim_start_matches('|').strip_suffix('|').unwrap_or(row.trim_start_matches('|')).split('|').collect(), open)
}

fn row_form(pieces: Vec<&str>, open: bool) -> Form {
    let mut cells: Vec<String> = pieces.into_iter().map(cell).collect();
    while !open && cells.last().is_some_and(String::is_empty) {
        cells.pop();
    }
    if !open && cells.iter().all(|c| c.is_empty() || RULE_CELL.is_match(c)) {
        return Form::Rule;
    }
    Form::Row(Box::new(TableRow { cells, open }))
}

/// A cell's text; an HTML list inside a cell (`<ul …> ・a ・b`) becomes one item per line.
pub fn cell(raw: &str) -> String {
    let text = clean(raw);
    if !raw.contains("<ul") && !raw.contains("<li") {
        return text;
    }
    // An item starts at a bullet or heading mark (markers.tsv) after a space: 「市民・事業者」
    // inside an item stays whole.
    let opens_item = |word: &str| marker(word).is_some_and(|m| matches!(m.role, Role::Bullet | Role::Heading));
    let mut items: Vec<String> = Vec::new();
    for word in text.split(' ') {
        match items.last_mut() {
            Some(item) if !opens_item(word) => {
                item.push(' ');
                item.push_str(word);
            }
            _ => items.push(word.to_string()),
        }
    }
    items.join("\n")
}

/// Text that carries no words: nothing left after cleaning (a lone tag), a piece of a tag, a
/// Markdown rule, or only numbers and signs (a page number, a value read out of a chart).
fn is_debris(text: &str) -> bool {
    let Some(first) = text.chars().next() else { return true };
    // Words start every other line: no need to look further.
    if !first.is_ascii() && !matches!(first, '～' | '―' | '–') {
        return false;
    }
    if TAG_PIECE.is_match(text) {
        return true;
    }
    // The test that fails at the first word's letter comes first.
    if text.chars().all(|c| matches!(c, '-' | '=' | '_' | '*' | '|' | ':' | ' ')) && text.chars().filter(|c| matches!(c, '-' | '=' | '_' | '*')).count() >= 3 {
        return true;
    }
    text.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '%' | '/' | '-' | '+' | ' ' | '(' | ')' | '~' | '～' | '―' | '–'))
        && text.chars().any(|c| c.is_ascii_digit())
}

/// An English description of an image, added by the conversion: six Latin words or more, and
/// three fifths of the visible characters Latin letters. `counts` are the clean text's, whose only
/// white space is single spaces: they tell the share and a word count most lines fall short of,
/// before any word is read (splitting every line with Latin letters into words cost 9 k
/// mispredicts an edition).
fn is_image_description(text: &str, counts: &Counts) -> bool {
    debug_assert!(!text.contains(|c: char| c.is_whitespace() && c != ' '), "clean text has only single spaces: {text:?}");
    let visible = counts.chars - counts.spaces;
    if counts.latin * 5 < visible * 3 || counts.spaces < 5 {
        return false;
    }
    let is_word = |w: &&str| w.chars().all(|c| c.is_ascii_alphabetic() || ",.()'-:".contains(c));
    text.split_whitespace().filter(is_word).nth(5).is_some()
}

/// An English phrase of three words or more in brackets, as the conversion glosses the Japanese
/// text it read out of a chart: 「行政のDX実施 (Implementation of administrative DX).」
fn has_english_gloss(text: &str, latin: usize) -> bool {
    if latin < 12 {
        return false;
    }
    text.split('(').skip(1).any(|inside| {
        let inside = inside.split(')').next().unwrap_or_default();
        inside.split(' ').filter(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_alphabetic() || c == '-')).nth(2).is_some()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(raw: &str) -> Shape {
        shape(raw, &clean(raw))
    }

    fn family(text: &str) -> u8 {
        marker(text).map(|m| m.family).unwrap_or(u8::MAX)
    }

    #[test]
    fn the_table_loads_and_its_key_marks_are_single_characters() {
        check_table().unwrap();
        // The marks match keys drop: the vocabulary tables' keys were made with exactly these.
        assert_eq!(key_marks(), ['○', '◯', '●', '◎', '■', '◼', '◆', '□', '◇', '▼', '▷', '▶', '►', '▪', '・', '◦', '▸', '‣', '⁃', '*', '-']);
    }

    #[test]
    fn a_pattern_tells_its_first_characters_when_they_are_few() {
        assert_eq!(first_chars("○"), Some(vec!['○']));
        assert_eq!(first_chars(r"\([0-9]{1,2}\)"), Some(vec!['(']));
        assert_eq!(first_chars(r"[0-9]{1,2}\.(?:\s|$)"), Some(('0'..='9').collect()));
        assert_eq!(first_chars(r"[\x{2460}-\x{2462}]"), Some(vec!['①', '②', '③']));
        assert_eq!(first_chars("【([^】]*)】"), Some(vec!['【']));
        assert_eq!(first_chars("[〈‹]([^〉》›]+)[〉》›]"), Some(vec!['‹', '〈']));
        for (either, chars) in [("a|b", ['a', 'b']), ("a?b", ['a', 'b']), ("a{0,2}b", ['a', 'b']), ("(a)|(?:b)c", ['a', 'b'])] {
            assert_eq!(first_chars(either), Some(chars.to_vec()), "{either}");
        }
        for anything in ["a*", ".", "[^a]", "(?:)", r"\pL"] {
            assert_eq!(first_chars(anything), None, "{anything}");
        }
        assert_eq!((literal_char(r"\*"), literal_char("-"), literal_char("."), literal_char("[▲△]")), (Some('*'), Some('-'), None, None));
    }

    #[test]
    fn dash_indent_and_marker() {
        let s = of(" - ・地域産品の販売");
        assert_eq!((s.indent, s.dash, s.body), (1, true, 2));
        assert_eq!(s.marker().map(|m| m.role), Some(Role::Bullet));
        let s = of("-観光協会事務局の立て直し");
        assert_eq!((s.dash, s.body, s.marker()), (true, 1, None));
        assert_eq!(of("\u{3000}役割:ふるさと納税").indent, 2);
    }

    #[test]
    fn numbering_families_rank_from_outer_to_inner() {
        let rank = |t: &str| marker(t).map(|m| m.rank);
        assert!(rank("(1) 取組") < rank("①取組") && rank("①取組") < rank("ア) 取組") && rank("ア) 取組") <= rank("・取組"));
        assert_eq!(family("(1) a"), family("(12) b"));
        assert_eq!(family("・a"), family("•b"));
        assert_ne!(family("①a"), family("・a"));
        assert_eq!(marker("2.5億円"), None);
        assert_eq!(marker("<第1回ワークショップ>").map(|m| m.role), Some(Role::Label));
        assert_eq!(marker("★商社自立に向けて").map(|m| m.role), Some(Role::Heading));
        assert_eq!(marker("=特徴=").map(|m| m.role), Some(Role::Label));
        for not_a_label in ["=特徴", "=A+B=C", "= 100"] {
            assert_eq!(marker(not_a_label), None, "{not_a_label}");
        }
    }

    #[test]
    fn a_number_named_in_a_sentence_opens_nothing() {
        for named in ["①～④を踏まえて、方向性を検討。", "⑤に基づくプロジェクト", "⑥のプロジェクトの事業構想", "(1)・(2)の取組", "1)から3)までを整理", "ア)～ウ)を踏まえ"] {
            assert_eq!(marker(named), None, "{named}");
        }
        // A particle's letter that starts a word, a sub-item's number, a space: the item's own words.
        for item in ["①はじめに", "②のぼり旗の設置", "ア)とりまとめ", "①- 1 観光客を呼び込む", "(1) 取組", "1. とりくみ", "③「事業化」"] {
            assert_eq!(marker(item).map(|m| m.role), Some(Role::Bullet), "{item}");
        }
    }

    #[test]
    fn a_number_and_one_space_before_words_number_them() {
        let numbered = marker("1 集落再生への学びの自給").unwrap();
        assert_eq!((numbered.role, numbered.rank), (Role::Bullet, marker("1. 取組").unwrap().rank));
        assert_eq!(mark("3 小さな起業").and_then(|m| m.number), Some(3));
        // Glued to its counter, before a tab (a table row's first cell), or a year: no mark.
        for not_a_number in ["2年目の取組", "23\t18\t13", "2022 年度", "3 月に開催", "1 つ目の課題", "5 人が参加", "2 年目の取組", "3 日間の研修", "1 万円"] {
            assert_eq!(marker(not_a_number), None, "{not_a_number}");
        }
        // A counter's character that starts a word of the numbering's own is no quantity.
        for numbered in ["2 人口減少への対応", "3 人材育成", "1 社会実装", "2 分野別の計画"] {
            assert!(marker(numbered).is_some(), "{numbered}");
        }
    }

    #[test]
    fn a_heavy_arrow_leads_to_a_consequence_and_a_pointer_heads() {
        let role = |t: &str| marker(t).map(|m| m.role);
        assert_eq!(role("➡ 移住定住促進の推進"), role("→ 移住定住促進の推進"));
        assert_eq!(role("➡ 移住定住促進の推進"), Some(Role::Arrow));
        assert_eq!((role("➢ 計画の策定"), role("👉 農業の取り組み")), (Some(Role::Heading), Some(Role::Heading)));
    }

    #[test]
    fn a_star_is_a_bullet_only_with_a_space_after_it() {
        let role = |t: &str| marker(t).map(|m| m.role);
        assert_eq!(role("* 窓口相談件数49件"), Some(Role::Bullet));
        assert_eq!(role("*"), Some(Role::Bullet));
        // Against the words it is the OCR's reading of ※.
        assert_eq!(role("*「市長と語ろう」にて"), Some(Role::Note));
        assert_eq!(role("*非常勤での活動が前提"), role("※非常勤での活動が前提"));
        assert_eq!((key_char(r"\*(?:\s|$)"), key_char(r"\*"), key_char(r"\*\s")), (Some('*'), Some('*'), None));
    }

    #[test]
    fn a_dash_opens_a_bullet_one_level_below_the_dot() {
        let dash = marker("—現在約7.9万人で横ばい傾向にあり").unwrap();
        assert_eq!(dash.role, Role::Bullet);
        assert!(dash.rank > marker("・市内エリア").unwrap().rank && dash.rank > marker("-").unwrap().rank);
        for other in ["― 大規模圃場整備", "– 地域の課題", "‐地域の課題", "‒ 2023年"] {
            assert_eq!(marker(other), Some(dash), "{other}");
        }
        // A rule, words between dashes, a long-vowel mark, a box-drawing line, a dash inside text.
        for none in ["――――", "——— ", "・・・", "―安心して暮らせるまち―", "ーー", "─ 地域", "令和4年—5年"] {
            assert_eq!(marker(none), None, "{none}");
        }
    }

    #[test]
    fn a_mark_longer_than_its_offsets_hold_is_no_mark() {
        let label = mark("【取組状況】の概要").unwrap();
        assert_eq!((label.end(), label.words("【取組状況】の概要"), label.encloses()), ("【取組状況】".len(), "取組状況", true));
        // 16-bit offsets: a bracket enclosing 90 KB is converter debris, not a label.
        assert_eq!(mark(&format!("【{}】", "ア".repeat(30_000))), None);
    }

    #[test]
    fn a_mark_the_ocr_misread_is_the_mark_the_repairs_restore() {
        use crate::extract::repair::EditionVocabulary;
        let edition = ["DX推進計画", "自治体DXの推進", "市のDX", "OJT研修を実施"];
        let repairer = Repairer::new(None, std::sync::Arc::new(EditionVocabulary::of(edition)));
        let circle = marker("○DX推進");
        // The mark is as long as the OCR read it: the words after it are the line's.
        for misread in ["ODX推進に向けたBPR", "O地域の課題"] {
            let mark = restored_mark(misread, &repairer).unwrap();
            assert_eq!((mark.marker(), mark.words(misread)), (circle, &misread[1..]), "{misread}");
        }
        assert_eq!(restored_mark("一 大規模圃場整備", &repairer).and_then(|m| m.marker()), marker("― 大規模圃場整備"));
        for word in ["OJT研修を実施", "OECD加盟国", "OAスキル", "一人ひとり", "一 2023年", "DX推進"] {
            assert_eq!(restored_mark(word, &repairer), None, "{word}");
        }
        // Only a text that opens with a misread character is weighed at all (lib.rs asks first).
        for text in ["ODX推進に向けたBPR", "O地域の課題", "一 大規模圃場整備", "OJT研修を実施", "一人ひとり"] {
            assert!(opens_with_misread_mark(text), "{text}");
        }
        for text in ["DX推進", "○DX推進", "地域の課題", ""] {
            assert!(!opens_with_misread_mark(text), "{text}");
            assert_eq!(restored_mark(text, &repairer), None, "{text}");
        }
    }

    #[test]
    fn tables_rules_and_debris() {
        assert_eq!(of("| a | b |").form, Form::Row(Box::new(TableRow { cells: vec!["a".into(), "b".into()], open: false })));
        assert_eq!(of("| 一人では").form, Form::Row(Box::new(TableRow { cells: vec!["一人では".into()], open: true })));
        assert_eq!(of("- | | |").form, Form::Rule);
        assert_eq!(of("|---|:--:|").form, Form::Rule);
        for debris in ["<p", "<br>", "12", "- 3 -", "29.0%", "--- ---", "</div"] {
            assert_eq!(of(debris).form, Form::Debris, "{debris}");
        }
        // An HTML list in a cell: an item at each mark of the table, not at 「・」 inside a word.
        let list = r#"<ul style="list-style-type: none"> ・市民・事業者 ● 申請 ◦ 予約 (1) 窓口</ul>"#;
        assert_eq!(cell(list), "・市民・事業者\n● 申請\n◦ 予約\n(1) 窓口");
        for text in ["2015年", "<第1回>", "R4"] {
            assert_eq!(of(text).form, Form::Text, "{text}");
        }
    }

    #[test]
    fn words_bold_to_their_end_are_a_title_unless_bold_opens_mid_line_or_a_colon_ends_them() {
        assert!(of("- SDGs起業家教育（内省）実証プロジェクト**").bold_title);
        assert!(of("- **持続可能な古民家再生研究事業**").bold_title);
        assert!(!of("- R5年度 **○試作を行い、新たな商品づくり**").bold_title);
        assert!(!of("- クッキング試作品は八品:**").bold_title);
        assert!(!of("- 持続可能な古民家再生研究事業").bold_title);
    }

    #[test]
    fn counts_are_the_characters_letters_spaces_and_brackets_at_any_length() {
        // Shorter than a block, a block and a piece, and longer than a lane counts (254 blocks).
        for text in ["", "課題(DX)", &"地域 (a) b)".repeat(3), &"取組 AI(IoT)".repeat(700)] {
            let counts = Counts::of(text);
            let of = |c: char| text.chars().filter(|&d| d == c).count();
            assert_eq!(counts.chars, text.chars().count(), "{text}");
            assert_eq!(counts.latin, text.chars().filter(char::is_ascii_alphabetic).count());
            assert_eq!((counts.spaces, counts.opened, counts.closed), (of(' '), of('('), of(')')));
        }
    }

    #[test]
    fn sentence_ends_and_glosses() {
        assert!(of("状況にある。").ends_sentence);
        assert!(of("一人では出来ることが少ないと").ends_mid_sentence);
        assert!(of("継続的に運営しており").ends_mid_sentence && !of("- 賑わいづくり").ends_mid_sentence);
        assert!(of("・職員向け 2年目 プロジェクト策定 (計6").ends_mid_sentence);
        // Full-width brackets are counted as the ASCII ones clean text has instead.
        assert!(of("・プロジェクト策定 （計6").ends_mid_sentence);
        assert!(of("（計6）").bracketed && of("回）").starts_mid_sentence);
        assert!(of("(学生と農家女性)").bracketed);
        assert!(!of("(交流人口) 2024年度").bracketed);
        assert!(!of("(定住人口) 2030年度 (目標)").bracketed);
        assert!(of("(総合計画 第二期基本計画(2022~2025)抜粋)").bracketed);
        assert!(of("～安心して働く安定した「しごと」を創出する～").bracketed);
        assert!(of("を活用したPR").starts_mid_sentence);
        assert!(of("回)").starts_mid_sentence);
        assert!(of("- 初期段階 (初期): 行政のDX実施 (Implementation of administrative DX).").english);
        assert_eq!(of("The chart shows the growth of DX implementation over time.").form, Form::Picture);
    }
}
