//! Edition metadata from the cover and table of contents, and report categories.

use std::sync::LazyLock;

use regex::Regex;

use crate::extract::classify::{Line, LineKind};
use crate::extract::read::Encoding;
use crate::tables::static_regex;
use crate::extract::normalize::match_key;
use crate::record::{Category, Diagnostic, DiagnosticCode, EditionInfo, Report};
use crate::vocab;

/// 令和4年度版 / 平成27年度版 / 令和元年度版.
static LABEL: LazyLock<Regex> = LazyLock::new(|| static_regex(r"(令和|平成)(元|\d{1,2})年度版"));
/// A line that holds an edition label and nothing else but brackets: (令和4年度版).
static LABEL_LINE: LazyLock<Regex> =
    LazyLock::new(|| static_regex(r"^[(\[「『<]?(令和|平成)(元|\d{1,2})年度版[)\]」』>]?$"));
/// A table of contents line: 各種専門人材 P 1～36.
static CONTENTS: LazyLock<Regex> =
    LazyLock::new(|| static_regex(r"^(.+?)P(\d+)[～~\-](\d+)$"));

/// Reads title, label, fiscal year and categories from the lines before the first report.
pub fn edition_info(source: &str, sha256: String, encoding: Encoding, cover: &[Line]) -> EditionInfo {
    let text_lines: Vec<&Line> = cover.iter().filter(|l| !l.is_blank()).collect();
    let label_line = text_lines.iter().find_map(|l| LABEL.captures(l.text()));
    // The title is the cover's first plain line; a file that starts mid-report has none.
    let title = text_lines
        .first()
        .filter(|l| l.kind == LineKind::Text && !l.starts_with_marker() && !LABEL.is_match(l.text()))
        .map(|l| l.text().to_string());
    let categories = text_lines.iter().filter_map(|line| contents_entry(line)).collect();
    EditionInfo {
        source: source.to_string(),
        sha256,
        encoding: encoding.name().to_string(),
        title,
        label: label_line.as_ref().map(|c| c[0].to_string()),
        fiscal_year: label_line.as_ref().map(|c| fiscal_year(&c[1], &c[2])),
        categories,
    }
}

/// A table of contents line that names a category and its pages (各種専門人材 P 1～36).
fn contents_entry(line: &Line) -> Option<Category> {
    // Every line after the cover is asked (second_edition_start): the ending digit and the P are
    // tested before the regex, whose captures cost far more than this test on body text.
    let key = line.key();
    if !key.ends_with(|c: char| c.is_ascii_digit()) || !key.contains('P') {
        return None;
    }
    let caps = CONTENTS.captures(key)?;
    let label_key = match_key(&caps[1]);
    let (_, kind) = vocab::categories().iter().find(|(key, _)| *key == label_key)?;
    let page = |s: &str| s.parse::<u32>().unwrap_or(0);
    let label = line.text().trim_start_matches(['-', ' ']).split(" P").next().unwrap_or_default().trim().to_string();
    Some(Category { kind: *kind, label, pages: [page(&caps[2]), page(&caps[3])] })
}

/// The first line at or after `reports_start` that opens another edition: the cover's title
/// again, an edition label standing on its own line, or a table of contents line. One file holds
/// one edition; without this check, a second edition's cover would be read as text of the first
/// edition's last report, and its reports appended to the first edition's.
pub fn second_edition_start(lines: &[Line], reports_start: usize, title: Option<&str>) -> Option<usize> {
    let opens_edition = |line: &Line| {
        !line.is_blank()
            && (title == Some(line.text()) || LABEL_LINE.is_match(line.key()) || contents_entry(line).is_some())
    };
    (reports_start..lines.len()).find(|&i| opens_edition(&lines[i]))
}

/// Gregorian year of a 年度: 令和1 = 2019, 平成1 = 1989.
pub fn fiscal_year(era: &str, year: &str) -> i32 {
    let n = if year == "元" { 1 } else { year.parse::<i32>().unwrap_or(0) };
    match era {
        "令和" => 2018 + n,
        _ => 1988 + n,
    }
}

/// Assigns categories in order: the edition lists reports by prefecture code within each
/// category, so a prefecture code lower than the one before starts the next category.
pub fn assign_categories(reports: &mut [Report], categories: &[Category], diagnostics: &mut Vec<Diagnostic>) {
    if categories.is_empty() {
        return;
    }
    let mut index = 0;
    let mut last_prefecture: Option<u32> = None;
    for report in reports.iter_mut() {
        let prefecture = report.fields.municipality.code.as_deref().and_then(|c| c.get(..2)).and_then(|c| c.parse::<u32>().ok());
        if let (Some(p), Some(last)) = (prefecture, last_prefecture)
            && p < last
        {
            index += 1;
        }
        last_prefecture = prefecture.or(last_prefecture);
        report.category = categories.get(index.min(categories.len() - 1)).map(|c| c.kind);
    }
    if index + 1 != categories.len() {
        let last = reports.last().map_or([1, 1], |r| r.lines);
        diagnostics.push(Diagnostic::new(DiagnosticCode::CategoryCountMismatch,
            format!(
                "the table of contents names {} categories, the prefecture order shows {}",
                categories.len(),
                index + 1
            ),
            [reports.first().map_or(1, |r| r.lines[0]), last[1]],
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<Line> {
        let lines = text.lines().map(str::to_string).collect();
        crate::extract::classify::classify(crate::extract::read::SourceText { lines, encoding: Encoding::Utf8 })
    }

    #[test]
    fn a_label_or_contents_line_after_the_reports_opens_a_second_edition() {
        let report = "派遣先市町村：北海道沼田町\n令和4年度版の計画に基づき\n";
        for (second_cover, line) in [("（令和5年度版）", 2), ("- デジタル専門人材 P 37～62", 2), ("取組概要\n", 2)] {
            let lines = lines(&format!("{report}{second_cover}"));
            let found = second_edition_start(&lines, 0, Some("取組概要"));
            assert_eq!(found, Some(line), "{second_cover}");
        }
        assert_eq!(second_edition_start(&lines(report), 0, Some("取組概要")), None, "a label inside a sentence is text");
    }

    #[test]
    fn fiscal_years_of_both_eras() {
        assert_eq!(fiscal_year("令和", "4"), 2022);
        assert_eq!(fiscal_year("令和", "元"), 2019);
        assert_eq!(fiscal_year("平成", "27"), 2015);
        assert_eq!(fiscal_year("平成", "30"), 2018);
    }
}
