//! OCR repairs: the one table of named rules in `data/repairs.tsv` (normalization.md).
//!
//! Repairs apply to titles, positions and body text, never to person names. Every repair
//! applied is returned, so that the report can list it for a reviewer to audit.

use std::sync::LazyLock;

use crate::record::Repair;
use crate::vocab::rows;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Context {
    Any,
    /// Right after a katakana letter and not before a kanji: the long-vowel mark read as 一.
    AfterKatakana,
}

#[derive(Debug)]
struct Rule {
    name: &'static str,
    from: &'static str,
    to: &'static str,
    context: Context,
}

static RULES: LazyLock<Vec<Rule>> = LazyLock::new(|| {
    rows(include_str!("data/repairs.tsv"))
        .map(|row| Rule {
            name: row[0],
            from: row[1],
            to: row[2],
            context: match row[3] {
                "any" => Context::Any,
                "after-katakana" => Context::AfterKatakana,
                other => panic!("repairs.tsv: unknown context {other:?}"),
            },
        })
        .collect()
});

fn is_katakana_letter(c: char) -> bool {
    ('\u{30A1}'..='\u{30FA}').contains(&c)
}

fn is_kanji(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c) || ('\u{3400}'..='\u{4DBF}').contains(&c)
}

/// Applies every rule to one line's text, appending what changed to `repairs`.
pub fn repair_line(text: &str, line: usize, repairs: &mut Vec<Repair>) -> String {
    let mut text = text.to_string();
    for rule in RULES.iter() {
        if !text.contains(rule.from) {
            continue;
        }
        let (repaired, count) = apply(rule, &text);
        if count > 0 {
            for _ in 0..count {
                repairs.push(Repair {
                    line,
                    from: rule.from.to_string(),
                    to: rule.to.to_string(),
                    rule: rule.name.to_string(),
                });
            }
            text = repaired;
        }
    }
    text
}

fn apply(rule: &Rule, text: &str) -> (String, usize) {
    match rule.context {
        Context::Any => (text.replace(rule.from, rule.to), text.matches(rule.from).count()),
        Context::AfterKatakana => {
            let mut out = String::with_capacity(text.len());
            let mut count = 0;
            let mut previous: Option<char> = None;
            let mut rest = text;
            while let Some(c) = rest.chars().next() {
                let after = &rest[c.len_utf8()..];
                let next = after.chars().next();
                if rest.starts_with(rule.from)
                    && previous.is_some_and(is_katakana_letter)
                    && !next.is_some_and(is_kanji)
                {
                    out.push_str(rule.to);
                    rest = &rest[rule.from.len()..];
                    previous = rule.to.chars().last();
                    count += 1;
                    continue;
                }
                out.push(c);
                previous = Some(c);
                rest = after;
            }
            (out, count)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repaired(text: &str) -> (String, Vec<&'static str>) {
        let mut repairs = Vec::new();
        let out = repair_line(text, 1, &mut repairs);
        let names = repairs.iter().map(|r| RULES.iter().find(|x| x.name == r.rule).unwrap().name).collect();
        (out, names)
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
    fn every_repair_is_recorded() {
        let (_, rules) = repaired("知つて、知つて");
        assert_eq!(rules, ["small-tsu", "small-tsu"]);
    }
}
