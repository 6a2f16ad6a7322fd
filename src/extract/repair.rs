//! OCR repairs: the one table of named rules in `data/repairs.tsv` (normalization.md).
//!
//! Repairs apply to titles, positions and body text, never to person names. A [`Repairer`]
//! collects every repair it applies, so that the report can list it for a reviewer to audit.

use std::collections::HashMap;
use std::sync::LazyLock;

use serde::Deserialize;

use crate::record::Repair;
use crate::table;
use crate::tables::{Table, TableError};

const RULES_TABLE: Table = table!("repairs.tsv");

/// Loads the rule table (for the test that checks every table).
pub fn check_table() -> Result<(), TableError> {
    RULES_TABLE.try_rows::<RuleRow>().map(drop)
}

/// True when CP932 (Shift_JIS as Windows and the PDF's fonts use it) can encode `text`.
pub fn in_cp932(text: &str) -> bool {
    !encoding_rs::SHIFT_JIS.encode(text).2
}

/// CJK ideographs in `text` that CP932 cannot encode: glyphs the OCR took from a Chinese
/// character set. The repair table maps the known ones; the rest are reported.
pub fn non_cp932_ideographs(text: &str) -> Vec<char> {
    text.chars().filter(|&c| is_kanji(c) && !CP932_KANJI[c as usize - KANJI_START]).collect()
}

/// The ideographs [`is_kanji`] spans: U+3400 to U+9FFF.
const KANJI_START: usize = 0x3400;
const KANJI_END: usize = 0x9FFF;

/// Which of those CP932 encodes. Found once by decoding every double-byte code: the decoded
/// ideographs are exactly the encodable ones (tested), and a lookup is much cheaper than
/// encoding each ideograph of an edition.
static CP932_KANJI: LazyLock<Vec<bool>> = LazyLock::new(|| {
    let mut codes = Vec::new();
    for lead in (0x81..=0x9F).chain(0xE0..=0xFC) {
        for trail in (0x40..=0x7E).chain(0x80..=0xFC) {
            codes.extend([lead, trail]);
        }
    }
    let (text, _) = encoding_rs::SHIFT_JIS.decode_without_bom_handling(&codes);
    let mut table = vec![false; KANJI_END - KANJI_START + 1];
    for c in text.chars().filter(|&c| is_kanji(c)) {
        table[c as usize - KANJI_START] = true;
    }
    table
});

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum Context {
    Any,
    /// Right after a katakana letter and not before a kanji: the long-vowel mark read as 一.
    AfterKatakana,
    /// Not in a report set in a 府 prefecture, where 府内 may well mean the prefecture.
    OutsideFuPrefecture,
}

/// One row of `repairs.tsv`: the rule, and an example it must change and one it must not.
#[derive(Debug, Deserialize)]
struct RuleRow {
    name: String,
    from: String,
    to: String,
    context: Context,
    /// Comma-separated: the rule does not apply right after any of these.
    unless_after: String,
    // The examples are read by the table's own test, not by the repairer.
    #[cfg_attr(not(test), allow(dead_code))]
    changes: String,
    #[cfg_attr(not(test), allow(dead_code))]
    stays: String,
}

#[derive(Debug)]
struct Rule {
    name: String,
    from: String,
    to: String,
    context: Context,
    /// The rule does not apply right after any of these (政 for 政府内, 大阪 for 大阪府内).
    unless_after: Vec<String>,
}

static RULES: LazyLock<Vec<Rule>> = LazyLock::new(|| {
    RULES_TABLE
        .rows::<RuleRow>()
        .into_iter()
        .map(|row| Rule {
            unless_after: row.unless_after.split(',').filter(|s| !s.is_empty()).map(str::to_string).collect(),
            name: row.name,
            from: row.from,
            to: row.to,
            context: row.context,
        })
        .collect()
});

/// The rules by the first character of their `from`.
static RULES_BY_FIRST: LazyLock<HashMap<char, Vec<&'static Rule>>> = LazyLock::new(|| {
    let mut table: HashMap<char, Vec<&'static Rule>> = HashMap::new();
    for rule in RULES.iter() {
        if let Some(first) = rule.from.chars().next() {
            table.entry(first).or_default().push(rule);
        }
    }
    table
});

/// Indexed by code point: true for the first character of some rule's `from`, so that most
/// characters are passed over without a hash lookup.
static FIRST_CHARS: LazyLock<Vec<bool>> = LazyLock::new(|| {
    let firsts: Vec<usize> = RULES_BY_FIRST.keys().map(|&c| c as usize).collect();
    let mut table = vec![false; firsts.iter().max().map_or(0, |&max| max + 1)];
    for first in firsts {
        table[first] = true;
    }
    table
});

/// True when some rule could fire on `text`: its `from` occurs, after a katakana letter for
/// the rules that need one. One pass over the characters, looking closer only where a `from`
/// could start.
fn may_repair(text: &str) -> bool {
    let mut previous = None;
    for (i, c) in text.char_indices() {
        if FIRST_CHARS.get(c as usize).copied().unwrap_or(false)
            && let Some(rules) = RULES_BY_FIRST.get(&c)
        {
            let rest = &text[i..];
            let fires = |rule: &&Rule| {
                rest.starts_with(rule.from.as_str()) && (rule.context != Context::AfterKatakana || previous.is_some_and(is_katakana_letter))
            };
            if rules.iter().any(fires) {
                return true;
            }
        }
        previous = Some(c);
    }
    false
}

fn is_katakana_letter(c: char) -> bool {
    ('\u{30A1}'..='\u{30FA}').contains(&c)
}

fn is_kanji(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c) || ('\u{3400}'..='\u{4DBF}').contains(&c)
}

/// Applies the repair table within one report and keeps what it changed.
#[derive(Debug, Default)]
pub struct Repairer {
    /// The report's prefecture, once known: some rules depend on it.
    prefecture: Option<String>,
    pub repairs: Vec<Repair>,
}

impl Repairer {
    pub fn set_prefecture(&mut self, prefecture: Option<&str>) {
        self.prefecture = prefecture.map(str::to_string);
    }

    /// Applies every rule to one line's text; `line` is its 1-based raw line number.
    /// Takes the text by value, so that the usual line, which no rule changes, is not copied.
    pub fn line(&mut self, text: impl Into<String>, line: usize) -> String {
        let mut text = text.into();
        // Fast path: where no rule could fire, every rule leaves the text as it is.
        if !may_repair(&text) {
            return text;
        }
        for rule in RULES.iter() {
            if !text.contains(rule.from.as_str()) {
                continue;
            }
            let (repaired, count) = self.apply(rule, &text);
            for _ in 0..count {
                self.repairs.push(Repair {
                    line,
                    from: rule.from.to_string(),
                    to: rule.to.to_string(),
                    rule: rule.name.to_string(),
                });
            }
            text = repaired;
        }
        text
    }

    fn apply(&self, rule: &Rule, text: &str) -> (String, usize) {
        if rule.context == Context::OutsideFuPrefecture && self.prefecture.as_deref().is_some_and(|p| p.ends_with('府')) {
            return (text.to_string(), 0);
        }
        replace_where(rule, text, |before, after| {
            let context_holds = match rule.context {
                Context::Any | Context::OutsideFuPrefecture => true,
                Context::AfterKatakana => {
                    before.chars().last().is_some_and(is_katakana_letter) && !after.chars().next().is_some_and(is_kanji)
                }
            };
            context_holds && !rule.unless_after.iter().any(|word| before.ends_with(word))
        })
    }
}

/// Replaces each occurrence of `rule.from` for which `applies(text before, text after)` holds.
fn replace_where(rule: &Rule, text: &str, applies: impl Fn(&str, &str) -> bool) -> (String, usize) {
    let mut out = String::with_capacity(text.len());
    let mut count = 0;
    let mut rest_start = 0;
    for (start, _) in text.match_indices(rule.from.as_str()) {
        if start < rest_start {
            continue;
        }
        let end = start + rule.from.len();
        if applies(&text[..start], &text[end..]) {
            out.push_str(&text[rest_start..start]);
            out.push_str(&rule.to);
            rest_start = end;
            count += 1;
        }
    }
    out.push_str(&text[rest_start..]);
    (out, count)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repaired(text: &str) -> (String, Vec<String>) {
        repaired_in(None, text)
    }

    fn repaired_in(prefecture: Option<&str>, text: &str) -> (String, Vec<String>) {
        let mut repairer = Repairer::default();
        repairer.set_prefecture(prefecture);
        let out = repairer.line(text, 1);
        (out, repairer.repairs.into_iter().map(|r| r.rule).collect())
    }

    #[test]
    fn long_vowel_read_as_kanji_one() {
        assert_eq!(repaired("観光戦略マネージャ一").0, "観光戦略マネージャー");
        assert_eq!(repaired("ユーザ一の声").0, "ユーザーの声");
        // 一 before a kanji is the numeral (カメラ一台), and after kanji it is never a vowel mark.
        assert_eq!(repaired("カメラ一台").0, "カメラ一台");
        assert_eq!(repaired("一人ひとり").0, "一人ひとり");
    }

    #[test]
    fn small_tsu_only_in_known_contexts() {
        assert_eq!(repaired("沼田町を知つてもらい").0, "沼田町を知ってもらい");
        assert_eq!(repaired("かつての商店街").0, "かつての商店街");
    }

    #[test]
    fn old_forms_and_non_cp932_glyphs() {
        assert_eq!(repaired("総務企画部企画課 戰略監").0, "総務企画部企画課 戦略監");
        assert_eq!(repaired("壳木村").0, "売木村");
        assert_eq!(repaired("戦略").0, "戦略");
    }

    #[test]
    fn loanwords_from_the_word_list() {
        assert_eq!(repaired("みどり市のプランディング").0, "みどり市のブランディング");
        assert_eq!(repaired("リニューアルオーブン").0, "リニューアルオープン");
        assert_eq!(repaired("オーブンな議論").0, "オーブンな議論");
    }

    #[test]
    fn fu_read_for_cho_outside_fu_prefectures() {
        assert_eq!(repaired("府内のデジタル化、全府的・横断的に、府外").0, "庁内のデジタル化、全庁的・横断的に、庁外");
        assert_eq!(repaired("大阪府内の自治体").0, "大阪府内の自治体");
        assert_eq!(repaired("政府内の議論").0, "政府内の議論");
        assert_eq!(repaired_in(Some("大阪府"), "府内の自治体").0, "府内の自治体");
        assert_eq!(repaired_in(Some("岩手県"), "府内運営の効率化").0, "庁内運営の効率化");
    }

    #[test]
    fn ideographs_outside_cp932_get_their_japanese_form() {
        for (from, to) in [("壳木村", "売木村"), ("一步前進", "一歩前進"), ("数值", "数値"), ("体质", "体質")] {
            assert_eq!(repaired(from).0, to);
        }
    }

    #[test]
    fn non_cp932_rules_replace_only_glyphs_outside_cp932() {
        for rule in RULES.iter().filter(|r| r.name == "non-cp932") {
            assert!(!in_cp932(&rule.from), "{} is in CP932: not this rule's class", rule.from);
            assert!(in_cp932(&rule.to), "{} is not in CP932", rule.to);
        }
    }

    /// The table's own examples: every rule changes its `changes` example (and says so in the
    /// audit trail) and leaves its `stays` example alone.
    #[test]
    fn every_rule_changes_its_example_and_keeps_its_counterexample() {
        for row in RULES_TABLE.rows::<RuleRow>() {
            let (name, changes, stays) = (row.name.as_str(), row.changes.as_str(), row.stays.as_str());
            let (changed, rules) = repaired(changes);
            assert_ne!(changed, changes, "{name}: {changes} unchanged");
            assert!(rules.iter().any(|r| r == name), "{name}: {changes} was changed by {rules:?}");
            assert_eq!(repaired(stays).0, stays, "{name}: {stays} must stay");
        }
    }

    #[test]
    fn the_cp932_table_holds_exactly_the_encodable_ideographs() {
        for c in (KANJI_START..=KANJI_END).filter_map(|c| char::from_u32(c as u32)) {
            assert_eq!(CP932_KANJI[c as usize - KANJI_START], in_cp932(c.encode_utf8(&mut [0; 4])), "{c}");
        }
    }

    #[test]
    fn every_repair_is_recorded() {
        let (_, rules) = repaired("知つて、知つて");
        assert_eq!(rules, ["small-tsu", "small-tsu"]);
    }
}
