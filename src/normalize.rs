//! Stage 2: raw line -> output text and match key (normalization.md).
//!
//! Two uses, kept apart: [`clean`] gives the text a reader sees and is conservative;
//! [`match_key`] folds much harder and is only ever compared against vocabulary tables.

use std::sync::LazyLock;

use regex::Regex;

use unicode_normalization::UnicodeNormalization;

use crate::vocab::static_regex;

/// HTML tags the converter left behind (`<ul style=...>`, `</p>`); Japanese `<...>` headings stay.
static HTML_TAG: LazyLock<Regex> =
    LazyLock::new(|| static_regex(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>"));
/// Markdown autolinks `<https://...>` keep their address.
static AUTOLINK: LazyLock<Regex> =
    LazyLock::new(|| static_regex(r"<(https?://[^<>\s]+)>"));

/// Output text: NFKC except for the marks that carry meaning in Japanese text, converter debris
/// removed, white space folded to single ASCII spaces, trimmed. Idempotent: clean text cleans to
/// itself (fuzzed in fuzz/fuzz_targets/normalizer.rs).
pub fn clean(raw: &str) -> String {
    // Removing debris can bring a letter and a combining mark together (`F**\u{307}`), which
    // NFKC then composes: when debris was removed, repeat until stable. Without debris one pass
    // is already stable (folding spaces joins no two characters).
    let (mut text, mut had_debris) = clean_once(raw);
    while had_debris {
        let (next, debris) = clean_once(&text);
        if next == text {
            break;
        }
        (text, had_debris) = (next, debris);
    }
    text
}

/// One pass of cleaning, and whether it removed debris.
fn clean_once(raw: &str) -> (String, bool) {
    let normalized = nfkc_keeping_marks(raw);
    let stripped = strip_debris(&normalized);
    let had_debris = stripped != normalized;
    (fold_spaces(&stripped), had_debris)
}

/// NFKC, except for the protected marks.
fn nfkc_keeping_marks(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut pending = String::new();
    for c in raw.chars() {
        if let Some(kept) = protected(c) {
            flush_nfkc(&mut pending, &mut out);
            out.push(kept);
        } else {
            pending.push(c);
        }
    }
    flush_nfkc(&mut pending, &mut out);
    out
}

/// Removes Markdown emphasis and HTML tags; autolinks keep their address. Repeated until
/// nothing changes, since removing one tag can reveal another (`<<p>p>`).
fn strip_debris(text: &str) -> String {
    let mut text = text.to_string();
    loop {
        let mut stripped = text.replace("**", "");
        if stripped.contains('<') {
            stripped = AUTOLINK.replace_all(&stripped, "$1").into_owned();
            stripped = HTML_TAG.replace_all(&stripped, " ").into_owned();
        }
        if stripped == text {
            return text;
        }
        text = stripped;
    }
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
    // Removing characters can join neighbours into new debris (`<【】p>`), so fold until stable:
    // keys are idempotent, and every pass shortens the key or ends the loop.
    let mut key = key_once(text);
    loop {
        let next = key_once(&key);
        if next == key {
            return key;
        }
        key = next;
    }
}

fn key_once(text: &str) -> String {
    let mut key: String = clean(text).chars().filter(|c| !c.is_whitespace() && !matches!(c, '*' | '【' | '】')).collect();
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
    fn cleaning_is_idempotent_on_nested_debris() {
        for text in ["<<p>p>", "＊＊強調＊＊", "<<https://a.jp>>", "a<b>*</b>*c", "①\u{301} ～", "F**\u{307}"] {
            let once = clean(text);
            assert_eq!(clean(&once), once, "{text:?}");
            let key = match_key(text);
            assert_eq!(match_key(&key), key, "{text:?}");
        }
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
