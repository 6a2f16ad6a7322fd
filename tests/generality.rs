//! Another year's conversion will not look like this one. The bundled edition, re-formatted the
//! ways a different conversion might, must give the same fields for every report.

use std::sync::LazyLock;

use regex::Regex;
use torikumi::record::Edition;

static LABEL_COLON: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?m)^(派遣[^:：\n]{0,8})[:：][ \t]*").unwrap());
static MUNICIPALITY_LABEL: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?m)^派遣先市町村").unwrap());

fn original() -> String {
    std::fs::read_to_string("raw/r4.txt").unwrap()
}

fn extract(text: &str) -> Edition {
    torikumi::extract("raw/variant.txt", text.as_bytes()).unwrap()
}

/// The fields an analyst joins on, one line per report.
fn fields(edition: &Edition) -> Vec<String> {
    edition
        .reports
        .iter()
        .map(|r| {
            format!(
                "{:?} {:?} {:?} {} {:?} {:?} {:?} {:?} {:?}",
                r.category,
                r.municipality.code,
                r.dispatchees,
                r.team,
                r.dispatched_from.name,
                r.dispatched_from.kind,
                r.position,
                r.period,
                r.title
            )
        })
        .collect()
}

fn full_width_digits(text: &str) -> String {
    text.chars().map(|c| if c.is_ascii_digit() { char::from_u32(c as u32 - '0' as u32 + 0xFF10).unwrap() } else { c }).collect()
}

fn swapped_colons(text: &str) -> String {
    text.chars().map(|c| match c { ':' => '：', '：' => ':', c => c }).collect()
}

/// Full-width katakana to half-width (ｶﾀｶﾅ), as some converters write it.
fn half_width_katakana(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mut table = std::collections::HashMap::new();
    for half in '\u{FF66}'..='\u{FF9D}' {
        let full: String = half.to_string().nfkc().collect();
        table.insert(full, half.to_string());
        for mark in ['\u{FF9E}', '\u{FF9F}'] {
            let pair = format!("{half}{mark}");
            let composed: String = pair.nfkc().collect();
            if composed.chars().count() == 1 {
                table.insert(composed, pair);
            }
        }
    }
    text.chars().map(|c| table.get(&c.to_string()).cloned().unwrap_or_else(|| c.to_string())).collect()
}

fn page_numbers_between_reports(text: &str) -> String {
    let mut page = 0;
    MUNICIPALITY_LABEL
        .replace_all(text, |_: &regex::Captures| {
            page += 1;
            format!("- {page} -\n\n派遣先市町村")
        })
        .into_owned()
}

fn blank_lines(text: &str, per_run: usize) -> String {
    let mut out = String::new();
    let mut blanks = 0;
    for line in text.lines() {
        if line.trim().is_empty() {
            blanks += 1;
            continue;
        }
        if blanks > 0 && !out.is_empty() {
            out.push_str(&"\n".repeat(per_run));
        }
        blanks = 0;
        out.push_str(line);
        out.push('\n');
    }
    out
}

#[test]
fn reformatted_editions_give_the_same_fields() {
    let text = original();
    let expected = fields(&extract(&text));
    let variants: Vec<(&str, String)> = vec![
        ("full-width digits", full_width_digits(&text)),
        ("colons swapped between half and full width", swapped_colons(&text)),
        ("spaces around label colons", LABEL_COLON.replace_all(&text, "$1 ： ").into_owned()),
        ("CRLF and BOM", format!("\u{FEFF}{}", text.replace('\n', "\r\n"))),
        ("half-width katakana", half_width_katakana(&text)),
        ("page numbers between reports", page_numbers_between_reports(&text)),
        ("blank lines doubled", blank_lines(&text, 2)),
        ("one blank line per run", blank_lines(&text, 1)),
        ("no blank lines", blank_lines(&text, 0)),
    ];
    let mut failures = Vec::new();
    for (name, variant) in &variants {
        let got = fields(&extract(variant));
        if got.len() != expected.len() {
            failures.push(format!("{name}: {} reports instead of {}", got.len(), expected.len()));
            continue;
        }
        for (i, (want, got)) in expected.iter().zip(&got).enumerate() {
            if want != got {
                failures.push(format!("{name}: report {}:\n  want {want}\n  got  {got}", i + 1));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn another_year_label_gives_its_fiscal_year() {
    let heisei = original().replace("(令和4年度版)", "(平成27年度版)");
    let edition = extract(&heisei);
    assert_eq!((edition.edition.label.as_deref(), edition.edition.fiscal_year), (Some("平成27年度版"), Some(2015)));
}
