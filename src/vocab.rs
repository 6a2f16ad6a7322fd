//! The data tables of recognition (`src/data/*.tsv`): concepts, not spellings.
//!
//! Code holds rules; tables hold the concept words of labels, the concept patterns of section
//! headings, and overrides that say why the rule cannot cover them. A new edition's new wording is
//! recognized by concept; where it is not, the concept is extended, never one spelling added.
//! Tables are compiled in, so the binary needs no files.

use std::sync::LazyLock;

use regex::Regex;
use regex_syntax::hir::{Class, Hir, HirKind};
use serde::Deserialize;

use crate::entities::municipality;
use crate::extract::normalize::match_key;
use crate::record::{CategoryKind, SectionKind};
use crate::table;
use crate::tables::{Table, TableError, static_byte_regex, static_regex};

const LABELS_TABLE: Table = table!("labels.tsv");
const HEADINGS_TABLE: Table = table!("headings.tsv");
const CATEGORIES_TABLE: Table = table!("categories.tsv");
const DECORATIONS_TABLE: Table = table!("decorations.tsv");
const PERSONS_TABLE: Table = table!("persons.tsv");

/// Loads every table of this module (for the test that checks them all).
pub fn check_tables() -> Result<(), TableError> {
    LABELS_TABLE.try_rows::<(String, FieldKind)>()?;
    HEADINGS_TABLE.try_rows::<(SectionKind, Strength, String)>()?;
    CATEGORIES_TABLE.try_rows::<(String, CategoryKind)>()?;
    DECORATIONS_TABLE.try_rows::<(String,)>()?;
    PERSONS_TABLE.try_rows::<(String, usize)>()?;
    Ok(())
}

/// What a labelled line gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
    Municipality,
    Dispatchee,
    DispatchedFrom,
    Position,
    Period,
}

/// Concept words of labels (labels.tsv): each with its characters (for the search that tolerates
/// a misread one) and field, and all of them as one alternation, in table order, which finds the
/// word standing first in one pass (at one position, the first row wins).
struct Labels {
    words: Vec<(String, Vec<char>, FieldKind)>,
    first: Regex,
}

static LABELS: LazyLock<Labels> = LazyLock::new(|| {
    let words: Vec<(String, Vec<char>, FieldKind)> = LABELS_TABLE
        .rows::<(String, FieldKind)>()
        .into_iter()
        .map(|(word, kind)| {
            let word = match_key(&word);
            let chars = word.chars().collect();
            (word, chars, kind)
        })
        .collect();
    let first = static_regex(&words.iter().map(|(word, _, _)| regex::escape(word)).collect::<Vec<_>>().join("|"));
    Labels { words, first }
});

/// A label longer than this (in characters) is the start of a sentence, not a label.
const MAX_LABEL_CHARS: usize = 14;

/// The field that a label (the match key of the text before a colon) names, by the concept words
/// it contains: the word standing first wins. Without any, a word of three or more characters
/// may stand in the label with one character misread.
pub fn label(key: &str) -> Option<FieldKind> {
    if key.is_empty() || key.len() > MAX_LABEL_CHARS * 4 || key.chars().count() > MAX_LABEL_CHARS {
        return None;
    }
    if let Some(word) = LABELS.first.find(key) {
        return LABELS.words.iter().find(|(w, _, _)| w == word.as_str()).map(|(_, _, kind)| *kind);
    }
    // With a misread character, the longest words matched decide; words of one length that imply
    // different fields (派遣先 is one character from both 派遣元 and 派遣者) decide nothing.
    let chars: Vec<char> = key.chars().collect();
    let one_off = |word: &[char]| chars.windows(word.len()).any(|window| window.iter().zip(word).filter(|(a, b)| a != b).count() == 1);
    let mut misread = LABELS.words.iter().filter(|(_, word, _)| word.len() >= 3 && one_off(word)).map(|(_, word, kind)| (word.len(), *kind));
    let (mut longest, mut kind) = misread.next()?;
    let mut agreed = true;
    for (width, other) in misread {
        if width > longest {
            (longest, kind, agreed) = (width, other, true);
        } else if width == longest && other != kind {
            agreed = false;
        }
    }
    agreed.then_some(kind)
}

/// How much a heading pattern says (headings.tsv).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Strength {
    /// The line names the section kind.
    Concept,
    /// The line is the kind's usual whole heading, in some wording.
    Full,
}

/// Heading concepts: per section kind, patterns over a heading's core (headings.tsv), each tried
/// only on a core that holds one of the characters its matches need (most cores hold none, or the
/// characters of one or two rows). They are byte patterns without Unicode classes (`.` is any
/// byte): their automata stay small, and a match can only start where a literal of the pattern
/// starts, on a character boundary.
struct Headings {
    rows: Vec<HeadingRow>,
    /// Every character some row needs (see [`needed_chars`]), sorted: the `i`th is bit `i % 64` of
    /// a row's `needs`.
    needed: Vec<char>,
    /// Bit `c % 64` set for each needed character `c`: most characters of a core are not looked
    /// up in `needed` at all.
    needed_low: u64,
}

struct HeadingRow {
    kind: SectionKind,
    strength: Strength,
    pattern: regex::bytes::Regex,
    /// The bits of the characters of which the pattern's matches hold one; `None` when they need
    /// none in particular.
    needs: Option<u64>,
}

/// The bit of a needed character (bits are shared beyond 64 characters: a row is then tried on a
/// few cores more, never on fewer).
fn needed_bit(index: usize) -> u64 {
    1 << (index % 64)
}

static HEADINGS: LazyLock<Headings> = LazyLock::new(|| {
    let rows = HEADINGS_TABLE.rows::<(SectionKind, Strength, String)>();
    let row_needs: Vec<Option<Vec<char>>> = rows.iter().map(|(_, _, pattern)| byte_syntax(pattern).as_ref().and_then(needed_chars)).collect();
    let mut needed: Vec<char> = row_needs.iter().flatten().flatten().copied().collect();
    needed.sort_unstable();
    needed.dedup();
    let bits = |chars: &Vec<char>| chars.iter().filter_map(|c| needed.binary_search(c).ok()).map(needed_bit).fold(0, |bits, bit| bits | bit);
    let rows = rows
        .into_iter()
        .zip(&row_needs)
        .map(|((kind, strength, pattern), needs)| HeadingRow { kind, strength, pattern: static_byte_regex(&pattern), needs: needs.as_ref().map(bits) })
        .collect();
    let needed_low = needed.iter().fold(0, |bits, &c| bits | low_bit(c));
    Headings { rows, needed, needed_low }
});

fn low_bit(c: char) -> u64 {
    1 << (u32::from(c) % 64)
}

/// The bits of the needed characters a core holds.
fn held_bits(core: &str) -> u64 {
    let headings = &*HEADINGS;
    core.chars()
        .filter(|&c| headings.needed_low & low_bit(c) != 0)
        .filter_map(|c| headings.needed.binary_search(&c).ok())
        .fold(0, |bits, i| bits | needed_bit(i))
}

/// A pattern's syntax tree, parsed as [`static_byte_regex`] compiles it.
fn byte_syntax(pattern: &str) -> Option<Hir> {
    regex_syntax::ParserBuilder::new().unicode(false).utf8(false).build().parse(pattern).ok()
}

/// A class of more characters than this tells too little to be worth a test.
const MAX_NEEDED_CLASS: usize = 16;

/// Characters of which every match of a pattern holds at least one (`課題(?:$|と)` needs 課,
/// `苦労|成功体験` one of 苦 and 成), read from its syntax tree: a literal needs its first character,
/// a sequence what its part with the fewest such characters needs, an alternation what any of its
/// branches needs, a repetition what it repeats when it repeats at least once. `None` when a match
/// may hold no character in particular (`.`, `a*`, `^`).
fn needed_chars(hir: &Hir) -> Option<Vec<char>> {
    match hir.kind() {
        HirKind::Literal(literal) => std::str::from_utf8(&literal.0).ok()?.chars().next().map(|c| vec![c]),
        HirKind::Class(Class::Unicode(class)) => {
            let chars: Vec<char> = class.iter().flat_map(|range| range.start()..=range.end()).take(MAX_NEEDED_CLASS + 1).collect();
            (chars.len() <= MAX_NEEDED_CLASS).then_some(chars)
        }
        HirKind::Class(Class::Bytes(class)) => {
            let bytes: Vec<u8> = class.iter().flat_map(|range| range.start()..=range.end()).take(MAX_NEEDED_CLASS + 1).collect();
            (bytes.len() <= MAX_NEEDED_CLASS && bytes.is_ascii()).then(|| bytes.into_iter().map(char::from).collect())
        }
        HirKind::Capture(capture) => needed_chars(&capture.sub),
        HirKind::Repetition(repetition) if repetition.min > 0 => needed_chars(&repetition.sub),
        HirKind::Concat(parts) => parts.iter().filter_map(needed_chars).min_by_key(Vec::len),
        HirKind::Alternation(branches) => branches.iter().map(needed_chars).try_fold(Vec::new(), |mut all, chars| {
            all.extend(chars?);
            Some(all)
        }),
        HirKind::Empty | HirKind::Look(_) | HirKind::Repetition(_) => None,
    }
}

/// What a heading's core names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HeadingConcept {
    pub kind: SectionKind,
    /// The kind's usual whole heading (派遣先市町村の課題, 課題に対する取組状況, …) in some wording:
    /// it opens a section wherever it stands.
    pub full: bool,
}

/// 送り仮名 vary (取り組み, 取組み, 取組): concepts are written in the short form.
fn short_okurigana(core: &str) -> std::borrow::Cow<'_, str> {
    if core.contains("取り組") || core.contains("取組み") {
        core.replace("取り組み", "取組").replace("取り組", "取組").replace("取組み", "取組").into()
    } else {
        core.into()
    }
}

/// The section kind that a heading's core (match key without decoration and numbering) names: the
/// concept standing first, so that a second concept or a suffix does not hide it.
pub fn heading(core: &str) -> Option<HeadingConcept> {
    let core = short_okurigana(core);
    let held = held_bits(&core);
    let mut first: Option<(usize, SectionKind)> = None;
    // The kinds that a row of `Full` strength matched, one bit each: no list of matches to keep.
    let mut full_kinds = 0u32;
    const _: () = assert!((SectionKind::Other as u32) < u32::BITS, "one bit per section kind");
    let bit = |kind: SectionKind| 1u32 << kind as u32;
    for row in HEADINGS.rows.iter().filter(|row| row.needs.is_none_or(|needs| needs & held != 0)) {
        let Some(found) = row.pattern.find(core.as_bytes()) else { continue };
        // At one start, the row first in the table wins.
        if first.is_none_or(|(at, _)| found.start() < at) {
            first = Some((found.start(), row.kind));
        }
        if row.strength == Strength::Full {
            full_kinds |= bit(row.kind);
        }
    }
    let (_, kind) = first?;
    Some(HeadingConcept { kind, full: full_kinds & bit(kind) != 0 })
}

/// Words that only a section heading would carry: a heading-shaped line with one of them that fits
/// no kind is reported as an unrecognized heading.
const SECTION_WORDS: [&str; 7] = ["課題", "取組", "今後", "苦労", "成功体験", "展望", "現状"];

/// True when a heading's core mentions what a section heading is about, whatever its kind.
pub fn mentions_section(core: &str) -> bool {
    let core = short_okurigana(core);
    SECTION_WORDS.iter().any(|word| core.contains(word))
}

/// True when `a` becomes `b` by changing, inserting or deleting one character.
pub fn within_one_edit(a: &str, b: &str) -> bool {
    // Compared in place, without collecting characters: the organization lookup tries every alias
    // of about the same length for each report.
    let (a_chars, b_chars) = (a.chars().count(), b.chars().count());
    let (short, long, short_chars, long_chars) = if a_chars <= b_chars { (a, b, a_chars, b_chars) } else { (b, a, b_chars, a_chars) };
    if long_chars - short_chars > 1 {
        return false;
    }
    if short_chars == long_chars {
        return short.chars().zip(long.chars()).filter(|(x, y)| x != y).count() <= 1;
    }
    // The same characters up to the first difference (so the same bytes), then the long text's
    // extra character skipped.
    let prefix: usize = short.chars().zip(long.chars()).take_while(|(x, y)| x == y).map(|(x, _)| x.len_utf8()).sum();
    let extra = long[prefix..].chars().next().map_or(0, char::len_utf8);
    short[prefix..] == long[prefix + extra..]
}

static CATEGORIES: LazyLock<Vec<(String, CategoryKind)>> = LazyLock::new(|| {
    CATEGORIES_TABLE.rows::<(String, CategoryKind)>().into_iter().map(|(label, kind)| (match_key(&label), kind)).collect()
});

/// Category labels of a table of contents, as (match key, kind).
pub fn categories() -> &'static [(String, CategoryKind)] {
    &CATEGORIES
}

static DECORATIONS: LazyLock<Vec<String>> =
    LazyLock::new(|| DECORATIONS_TABLE.rows::<(String,)>().into_iter().map(|(key,)| match_key(&key)).collect());

/// True for logo and slogan text that the conversion carried in from page decoration: a row of
/// decorations.tsv, a line of capital Latin letters only (SUNTORY, SANJO CITY, ITOMAN/S), or a
/// line that only names a municipality (a city's logo: 三条市, 美祢市).
pub fn is_decoration(key: &str) -> bool {
    // A `matches!`, not `"/&.-".contains(c)`: for a character outside ASCII (the first of most
    // keys) that encodes it and sets up a substring search.
    let logo_letters = key.chars().all(|c| c.is_ascii_uppercase() || matches!(c, '/' | '&' | '.' | '-'))
        && key.chars().filter(char::is_ascii_uppercase).count() >= 3;
    logo_letters || DECORATIONS.iter().any(|d| d == key) || municipality::is_name(key)
}

static NON_PERSON_SUFFIXES: LazyLock<Vec<(String, usize)>> = LazyLock::new(|| PERSONS_TABLE.rows::<(String, usize)>());

/// True when a 派遣者氏名 value names an office or department rather than a person; a surname
/// ending like a department (服部, 阿部) is shorter than the table's `min_chars` for that ending.
pub fn is_non_person(name: &str) -> bool {
    let chars = name.chars().count();
    NON_PERSON_SUFFIXES.iter().any(|(suffix, min_chars)| name.ends_with(suffix.as_str()) && chars >= *min_chars)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn label_of(text: &str) -> Option<FieldKind> {
        label(&match_key(text))
    }

    #[test]
    fn labels_are_recognized_by_concept() {
        for spelling in ["派遣先市町村", "派遣市町村", "派遣市先市町村", "派遣先の市町村名", "派遣先自治体"] {
            assert_eq!(label_of(spelling), Some(FieldKind::Municipality), "{spelling}");
        }
        for spelling in ["派遣者 氏名", "派遣職員", "派遣者名", "氏名"] {
            assert_eq!(label_of(spelling), Some(FieldKind::Dispatchee), "{spelling}");
        }
        for spelling in ["派遣元", "出向元", "派遣元企業"] {
            assert_eq!(label_of(spelling), Some(FieldKind::DispatchedFrom), "{spelling}");
        }
        for spelling in ["派遣先での役職", "派遣先役職", "派遣先での職名", "役職"] {
            assert_eq!(label_of(spelling), Some(FieldKind::Position), "{spelling}");
        }
        assert_eq!(label_of("派遣期間"), Some(FieldKind::Period));
    }

    #[test]
    fn a_label_with_one_misread_character_is_recognized() {
        assert_eq!(label_of("派遺元"), Some(FieldKind::DispatchedFrom));
        assert_eq!(label_of("派遣先市町休"), Some(FieldKind::Municipality));
    }

    #[test]
    fn other_labels_and_sentences_are_no_field() {
        for text in ["派遣先", "参加者", "苦労した点", "KPI例", "出典", "派遣先市町村の課題を解決するために必要な取組"] {
            assert_eq!(label_of(text), None, "{text}");
        }
    }

    #[test]
    fn headings_are_recognized_by_concept() {
        let cases = [
            ("派遣先市町村の課題", SectionKind::Challenges),
            ("福島県南相馬市の課題", SectionKind::Challenges),
            ("派遣先の現状と課題", SectionKind::Challenges),
            ("課題認識とミッション定義", SectionKind::Challenges),
            ("派遣先市町村の課題と総合戦略における基本目標", SectionKind::Challenges),
            ("課題に対する取組状況", SectionKind::Initiatives),
            ("課題への取組(DXを柱に)", SectionKind::Initiatives),
            ("課題に対する取組状況と今後の課題", SectionKind::Initiatives),
            ("これまでの取り組み", SectionKind::Initiatives),
            ("取組にあたっての苦労・成功体験", SectionKind::Experiences),
            ("取組にあたっての苦労・成功体験(心がけ)", SectionKind::Experiences),
            ("取り組みで学んだこと(苦労・成功体験)", SectionKind::Experiences),
            ("今後の展開", SectionKind::Outlook),
            ("今後の課題と展開", SectionKind::Outlook),
            ("今後の展開・課題", SectionKind::Outlook),
        ];
        for (text, kind) in cases {
            assert_eq!(heading(&match_key(text)).map(|h| h.kind), Some(kind), "{text}");
        }
    }

    #[test]
    fn titles_and_slide_text_name_no_section_kind() {
        for text in ["R5年度古河市ブランド戦略の策定と実施・自走に向けた取組", "桜川市における人口減少対策の取組について", "課題解決型の人材育成"] {
            assert_eq!(heading(&match_key(text)).map(|h| h.kind), None, "{text}");
        }
    }

    #[test]
    fn a_pattern_tells_the_characters_its_matches_need() {
        let needed = |pattern: &str| needed_chars(&byte_syntax(pattern).unwrap()).map(|mut chars| {
            chars.sort_unstable();
            chars
        });
        assert_eq!(needed("課題(?:$|と|・)"), Some(vec!['課']));
        assert_eq!(needed("苦労|成功体験"), Some(vec!['成', '苦']));
        assert_eq!(needed("(?:これまでの|実施した).*取組"), Some(vec!['取']));
        assert_eq!(needed("^(?:派遣先|派遣)?の?課題$|現状と課題$"), Some(vec!['現', '課']));
        assert_eq!(needed("[a-c]x?"), Some(vec!['a', 'b', 'c']));
        for anything in ["a*", ".", "^$", "a|b*", "[^a]"] {
            assert_eq!(needed(anything), None, "{anything}");
        }
    }

    /// The character test skips a row only where its pattern cannot match: tried on every line
    /// of the bundled edition and the heading cases above, as keys.
    #[test]
    fn a_heading_row_is_never_skipped_on_a_core_it_matches() {
        let edition = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/raw/r4.txt")).unwrap();
        let cases = ["今後の課題と展開", "取り組みで学んだこと(苦労・成功体験)", "これまでの取り組み", "派遣先の現状と課題"];
        for core in edition.lines().chain(cases).map(|text| short_okurigana(&match_key(text)).into_owned()) {
            let held = held_bits(&core);
            for row in HEADINGS.rows.iter().filter(|row| row.pattern.is_match(core.as_bytes())) {
                assert!(row.needs.is_none_or(|needs| needs & held != 0), "{core} {:?}", row.pattern);
            }
        }
    }

    #[test]
    fn one_edit_apart() {
        assert!(within_one_edit("サンタリーHD", "サントリーHD"));
        assert!(within_one_edit("コミュニケーション", "コミュニケーションズ"));
        assert!(!within_one_edit("サンタリー", "サントリーHD"));
        assert!(within_one_edit("地域創生", "地域創生"));
        assert!(within_one_edit("地域共創", "地域の共創"));
        assert!(within_one_edit("の地域共創", "地域共創"));
        assert!(!within_one_edit("地域共創", "地方共生"));
        assert!(!within_one_edit("地域共創", "地域の共生"));
    }

    #[test]
    fn capital_letter_logos_are_decoration() {
        assert!(is_decoration(&match_key("SANJO CITY")));
        assert!(is_decoration(&match_key("水と生きる")));
        assert!(is_decoration(&match_key("三条市")));
        assert!(!is_decoration(&match_key("DXの推進")));
    }

    #[test]
    fn offices_are_not_persons_but_surnames_ending_like_a_department_are() {
        assert!(is_non_person("熊本支店"));
        assert!(is_non_person("デジタル推進部"));
        for name in ["鈴木 健一", "服部", "阿部", "長谷部"] {
            assert!(!is_non_person(name), "{name}");
        }
    }
}
