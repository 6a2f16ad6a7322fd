//! The data tables that hold every spelling variant (`src/data/*.tsv`).
//!
//! Code holds rules; tables hold vocabulary. A new edition's new heading, label or alias is one
//! line in a table, never a change here. Tables are compiled in, so the binary needs no files.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;
use serde::Deserialize;

use crate::extract::normalize::match_key;
use crate::record::{CategoryKind, SectionKind};
use crate::table;
use crate::tables::{Table, TableError, static_regex};

const LABELS_TABLE: Table = table!("labels.tsv");
const HEADINGS_TABLE: Table = table!("headings.tsv");
const CATEGORIES_TABLE: Table = table!("categories.tsv");
const DECORATIONS_TABLE: Table = table!("decorations.tsv");
const PERSONS_TABLE: Table = table!("persons.tsv");

/// Loads every table of this module (for the test that checks them all).
pub fn check_tables() -> Result<(), TableError> {
    LABELS_TABLE.try_rows::<(String, FieldKind)>()?;
    HEADINGS_TABLE.try_rows::<(SectionKind, String)>()?;
    CATEGORIES_TABLE.try_rows::<(String, CategoryKind)>()?;
    DECORATIONS_TABLE.try_rows::<(String,)>()?;
    PERSONS_TABLE.try_rows::<(String,)>()?;
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

static LABELS: LazyLock<HashMap<String, FieldKind>> = LazyLock::new(|| {
    LABELS_TABLE.rows::<(String, FieldKind)>().into_iter().map(|(label, kind)| (match_key(&label), kind)).collect()
});

/// The field whose label has this match key.
pub fn label(key: &str) -> Option<FieldKind> {
    LABELS.get(key).copied()
}

struct Headings {
    exact: HashMap<String, SectionKind>,
    patterns: Vec<HeadingPattern>,
    /// No key longer than this (in bytes) can match: most lines are paragraphs, and this spares
    /// them hashing.
    longest: usize,
}

/// A heading with `{place}`: the literal text around the place, checked before the regex.
struct HeadingPattern {
    prefix: String,
    suffix: String,
    regex: Regex,
    kind: SectionKind,
}

/// What `{place}` in headings.tsv stands for: a name ending like a municipality.
const PLACE: &str = r"[^\s、。・:()「」]{1,14}?[市町村区]";

static HEADINGS: LazyLock<Headings> = LazyLock::new(|| {
    let mut exact = HashMap::new();
    let mut patterns = Vec::new();
    for (kind, heading) in HEADINGS_TABLE.rows::<(SectionKind, String)>() {
        let key = match_key(&heading);
        if let Some((prefix, suffix)) = key.split_once("{place}") {
            let pattern = format!("^{}$", regex::escape(&key).replace(r"\{place\}", PLACE));
            patterns.push(HeadingPattern { prefix: prefix.to_string(), suffix: suffix.to_string(), regex: static_regex(&pattern), kind });
        } else {
            exact.insert(key, kind);
        }
    }
    // A `{place}` is at most 15 characters of at most 4 bytes each.
    let longest_pattern = patterns.iter().map(|p| p.prefix.len() + p.suffix.len() + 15 * 4);
    let longest = exact.keys().map(String::len).chain(longest_pattern).max().unwrap_or(0);
    Headings { exact, patterns, longest }
});

/// Circled numbers after a heading (取組状況①, 取組状況②・③) number repeated sections.
static HEADING_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| static_regex(r"[\u{2460}-\u{2473}](?:[・、][\u{2460}-\u{2473}])*$"));

/// The section kind of a heading line's match key, if the key is a known heading.
pub fn heading(key: &str) -> Option<SectionKind> {
    // Only a key ending in a circled number can carry a heading number to remove.
    let numbered = key.ends_with(|c| ('\u{2460}'..='\u{2473}').contains(&c));
    let key = if numbered { HEADING_NUMBER.replace(key, "") } else { key.into() };
    if key.len() > HEADINGS.longest {
        return None;
    }
    if let Some(kind) = HEADINGS.exact.get(key.as_ref()) {
        return Some(*kind);
    }
    HEADINGS
        .patterns
        .iter()
        .find(|p| key.starts_with(&p.prefix) && key.ends_with(&p.suffix) && p.regex.is_match(&key))
        .map(|p| p.kind)
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

/// True for logo and slogan text that the conversion carried in from page decoration.
pub fn is_decoration(key: &str) -> bool {
    DECORATIONS.iter().any(|d| d == key)
}

static NON_PERSON_SUFFIXES: LazyLock<Vec<String>> =
    LazyLock::new(|| PERSONS_TABLE.rows::<(String,)>().into_iter().map(|(suffix,)| suffix).collect());

/// True when a 派遣者氏名 value names an office or department rather than a person.
pub fn is_non_person(name: &str) -> bool {
    NON_PERSON_SUFFIXES.iter().any(|suffix| name.ends_with(suffix.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_spellings_share_a_field() {
        for spelling in ["派遣先市町村", "派遣市町村", "派遣市先市町村"] {
            assert_eq!(label(&match_key(spelling)), Some(FieldKind::Municipality), "{spelling}");
        }
        assert_eq!(label(&match_key("派遣者 氏名")), Some(FieldKind::Dispatchee));
        assert_eq!(label(&match_key("派遣先役職")), Some(FieldKind::Position));
        assert_eq!(label(&match_key("派遣先")), None);
    }

    #[test]
    fn heading_variants_are_recognized() {
        let cases = [
            ("派遣先市町村の課題", SectionKind::Challenges),
            ("福島県 南相馬市の課題", SectionKind::Challenges),
            ("由利本荘市の課題", SectionKind::Challenges),
            ("派遣市町村の課題", SectionKind::Challenges),
            ("課題に対する取組状況①", SectionKind::Initiatives),
            ("課題に対する取組状況②・③", SectionKind::Initiatives),
            ("取組にあたっての苦労・成功体験", SectionKind::Experiences),
            ("今後の展開・課題", SectionKind::Outlook),
            ("今後の展開へ期待", SectionKind::Outlook),
        ];
        for (text, kind) in cases {
            assert_eq!(heading(&match_key(text)), Some(kind), "{text}");
        }
    }

    #[test]
    fn slide_titles_and_body_text_are_not_headings() {
        for text in ["【取組状況】共住推進事業制度の設計と試行", "取組状況", "課題等", "今後の展開を見据えた施策の課題"] {
            assert_eq!(heading(&match_key(text)), None, "{text}");
        }
    }

    #[test]
    fn branch_offices_are_not_persons() {
        assert!(is_non_person("熊本支店"));
        assert!(!is_non_person("鈴木 健一"));
    }
}
