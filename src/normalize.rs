//! Stage 2: raw line -> output text and match key (normalization.md).
//!
//! Two uses, kept apart: [`clean`] gives the text a reader sees and is conservative;
//! [`match_key`] folds much harder and is only ever compared against vocabulary tables.

use std::sync::LazyLock;

use regex::Regex;
use unicode_normalization::UnicodeNormalization;

/// HTML tags the converter left behind (`<ul style=...>`, `</p>`); Japanese `<...>` headings stay.
static HTML_TAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>").expect("valid regex"));
/// Markdown autolinks `<https://...>` keep their address.
static AUTOLINK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"<(https?://[^<>\s]+)>").expect("valid regex"));

/// Output text: NFKC except for the marks that carry meaning in Japanese text, converter debris
/// removed, white space folded to single ASCII spaces, trimmed.
pub fn clean(raw: &str) -> String {
    let without_debris = strip_debris(raw);
    let mut out = String::with_capacity(without_debris.len());
    let mut pending = String::new();
    for c in without_debris.chars() {
        if let Some(kept) = protected(c) {
            flush_nfkc(&mut pending, &mut out);
            out.push(kept);
        } else {
            pending.push(c);
        }
    }
    flush_nfkc(&mut pending, &mut out);
    fold_spaces(&out)
}

/// Removes Markdown emphasis and HTML tags; autolinks keep their address.
pub fn strip_debris(raw: &str) -> String {
    let mut text = raw.replace("**", "");
    if text.contains('<') {
        text = AUTOLINK.replace_all(&text, "$1").into_owned();
        text = HTML_TAG.replace_all(&text, " ").into_owned();
    }
    text
}

/// Characters NFKC would rewrite but whose form the document needs: circled numbers keep
/// numbered items apart, and the wave dash marks ranges and subtitles.
fn protected(c: char) -> Option<char> {
    match c {
        '\u{FF5E}' | '\u{301C}' => Some('\u{FF5E}'),
        '\u{2460}'..='\u{24FF}' => Some(c),
        _ => None,
    }
}

fn flush_nfkc(pending: &mut String, out: &mut String) {
    if pending.is_empty() {
        return;
    }
    if pending.is_ascii() {
        out.push_str(pending);
    } else {
        out.extend(pending.nfkc());
    }
    pending.clear();
}

fn fold_spaces(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split(|c: char| c.is_whitespace()).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Marks that open a heading or bullet line and never take part in its meaning.
const LEADING_MARKS: &[char] = &['○', '●', '◎', '■', '◆', '□', '◇', '▶', '▪', '・', '-', '*'];

/// Match key for recognizing labels and headings: NFKC, no white space, no `*`, no 【】,
/// leading bullets and heading marks stripped, trailing colon stripped.
pub fn match_key(text: &str) -> String {
    let cleaned = clean(text);
    let mut key: String = cleaned
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '*' | '【' | '】'))
        .collect();
    while let Some(rest) = key.strip_prefix(LEADING_MARKS) {
        key = rest.to_string();
    }
    while let Some(rest) = key.strip_suffix(':') {
        key = rest.to_string();
    }
    key
}

/// Joins a continuation line to the text before it: no space between Japanese text,
/// one space where both sides are Latin letters or digits.
pub fn join_continuation(text: &mut String, next: &str) {
    let ends_latin = text.chars().last().is_some_and(|c| c.is_ascii_alphanumeric());
    let starts_latin = next.chars().next().is_some_and(|c| c.is_ascii_alphanumeric());
    if ends_latin && starts_latin {
        text.push(' ');
    }
    text.push_str(next);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_ascii_becomes_ascii() {
        assert_eq!(clean("ＤＸ推進：２０２３（令和５）"), "DX推進:2023(令和5)");
    }

    #[test]
    fn half_width_katakana_becomes_full_width() {
        assert_eq!(clean("ｶﾀｶﾅ"), "カタカナ");
    }

    #[test]
    fn spaces_fold_and_trim() {
        assert_eq!(clean("\u{3000}鈴木\u{3000}\t 健一  "), "鈴木 健一");
    }

    #[test]
    fn wave_dashes_become_one_form() {
        assert_eq!(clean("〜副題〜"), "～副題～");
        assert_eq!(clean("～副題～"), "～副題～");
    }

    #[test]
    fn circled_numbers_and_marks_are_kept() {
        assert_eq!(clean("①取組 ※注 ○見出し ▲図 →"), "①取組 ※注 ○見出し ▲図 →");
    }

    #[test]
    fn kangxi_radicals_become_unified_ideographs() {
        assert_eq!(clean("⼀"), "一");
    }

    #[test]
    fn kabu_sign_becomes_parenthesized() {
        assert_eq!(clean("㈱博報堂"), "(株)博報堂");
    }

    #[test]
    fn markdown_emphasis_and_html_are_removed() {
        assert_eq!(clean("**関係人口を創出**する"), "関係人口を創出する");
        assert_eq!(clean(r#"<ul style="list-style-type: none"> ・a ・b</ul>"#), "・a ・b");
        assert_eq!(clean("<第1回ワークショップ>"), "<第1回ワークショップ>");
        assert_eq!(clean("<https://example.jp/a>"), "https://example.jp/a");
    }

    #[test]
    fn match_keys_ignore_spacing_colons_and_marks() {
        assert_eq!(match_key("派遣先市町村 :"), match_key("派遣先市町村："));
        assert_eq!(match_key("○ 今後の展開"), "今後の展開");
        assert_eq!(match_key("【取組状況】"), "取組状況");
        assert_eq!(match_key("- **派遣者 氏名**"), "派遣者氏名");
    }

    #[test]
    fn latin_continuations_get_a_space() {
        let mut text = String::from("Society");
        join_continuation(&mut text, "5.0");
        assert_eq!(text, "Society 5.0");
        let mut text = String::from("地域の");
        join_continuation(&mut text, "課題");
        assert_eq!(text, "地域の課題");
    }
}
