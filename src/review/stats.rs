//! Review: an edition summarized as counts, to see at a glance what it holds and how clean the
//! extraction is.
//!
//! Every list is ordered most frequent first, ties in order of first appearance in the edition,
//! so that the output does not depend on anything but the file.

use std::fmt;

use serde::Serialize;

use crate::review::export::json_name;
use crate::record::{DiagnosticCode, Edition, Report, Severity, SectionKind};

/// The sections every report is expected to have, in print order.
const EXPECTED_SECTIONS: [SectionKind; 4] =
    [SectionKind::Challenges, SectionKind::Initiatives, SectionKind::Experiences, SectionKind::Outlook];

#[derive(Debug, Serialize)]
pub struct Stats {
    pub source: String,
    pub label: Option<String>,
    pub reports: usize,
    pub by_category: Vec<Count>,
    pub by_prefecture: Vec<Count>,
    pub by_organization_kind: Vec<Count>,
    pub by_organization: Vec<Count>,
    /// Reports with at least one warning.
    pub reports_with_warnings: usize,
    /// Reports with at least one error.
    pub reports_with_errors: usize,
    /// Per diagnostic code, the reports that have it.
    pub reports_by_diagnostic: Vec<Count>,
    /// Reports without one or more of the four expected sections.
    pub reports_missing_sections: usize,
    /// Per expected section kind, in print order, the reports without it (zeros included).
    pub sections_missing: Vec<Count>,
    /// Diagnostics about the edition as a whole, per code.
    pub edition_diagnostics: Vec<Count>,
    /// OCR repairs applied, per rule.
    pub repairs_by_rule: Vec<Count>,
    /// Possible OCR errors suggested and not applied (`possible-ocr-error` diagnostics).
    pub suggestions: usize,
    /// Every line read as content although shaped like a section heading, in document order: the
    /// new wording a maintainer converting a new edition looks at first.
    pub unrecognized_headings: Vec<UnrecognizedHeading>,
}

#[derive(Debug, PartialEq, Serialize)]
pub struct UnrecognizedHeading {
    pub report: String,
    pub line: usize,
    pub message: String,
}

#[derive(Debug, PartialEq, Serialize)]
pub struct Count {
    /// The value counted; null for reports that have none.
    pub name: Option<String>,
    /// A category's label from the table of contents (各種専門人材).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    pub count: usize,
}

pub fn stats(edition: &Edition) -> Stats {
    let reports = &edition.reports;
    let mut by_category = tally(reports.iter().map(|r| r.category.map(json_name)));
    for count in &mut by_category {
        let category = edition.edition.categories.iter().find(|c| Some(json_name(c.kind)) == count.name);
        count.label = category.map(|c| c.label.clone());
    }
    let has = |severity| reports.iter().filter(|r| r.diagnostics.iter().any(|d| d.severity == severity)).count();
    let missing = |kind| reports.iter().filter(|r| !r.sections.iter().any(|s| s.kind == kind)).count();
    Stats {
        source: edition.edition.source.clone(),
        label: edition.edition.label.clone(),
        reports: reports.len(),
        by_category,
        by_prefecture: tally(reports.iter().map(|r| r.fields.municipality.prefecture.clone())),
        by_organization_kind: tally(reports.iter().map(|r| r.fields.dispatched_from.kind.map(json_name))),
        by_organization: tally(reports.iter().map(|r| r.fields.dispatched_from.name.clone())),
        reports_with_warnings: has(Severity::Warning),
        reports_with_errors: has(Severity::Error),
        reports_by_diagnostic: tally(reports.iter().flat_map(|r| {
            let mut codes: Vec<&str> = Vec::new();
            for d in &r.diagnostics {
                if !codes.contains(&d.code.as_str()) {
                    codes.push(d.code.as_str());
                }
            }
            codes.into_iter().map(|code| Some(code.to_string()))
        })),
        reports_missing_sections: reports
            .iter()
            .filter(|r| EXPECTED_SECTIONS.iter().any(|&kind| !r.sections.iter().any(|s| s.kind == kind)))
            .count(),
        sections_missing: EXPECTED_SECTIONS
            .iter()
            .map(|&kind| Count { name: Some(json_name(kind)), label: None, count: missing(kind) })
            .collect(),
        edition_diagnostics: tally(edition.diagnostics.iter().map(|d| Some(d.code.to_string()))),
        unrecognized_headings: reports
            .iter()
            .flat_map(|r| r.diagnostics.iter().map(move |d| (r, d)))
            .filter(|(_, d)| d.code == DiagnosticCode::UnrecognizedHeading)
            .map(|(r, d)| UnrecognizedHeading { report: r.id.clone(), line: d.lines[0], message: d.message.clone() })
            .collect(),
        repairs_by_rule: tally(reports.iter().flat_map(|r| r.repairs.iter().map(|repair| Some(repair.rule.clone())))),
        suggestions: reports.iter().flat_map(|r| &r.diagnostics).filter(|d| d.code == DiagnosticCode::PossibleOcrError).count(),
    }
}

/// Every OCR repair applied and every possible OCR error suggested, in document order, with the
/// text around it: what a reviewer reads to audit a new edition's repairs (`stats --repairs`).
#[derive(Debug, Serialize)]
pub struct RepairReview {
    pub source: String,
    pub label: Option<String>,
    pub repairs: usize,
    pub suggestions: usize,
    pub entries: Vec<RepairEntry>,
}

#[derive(Debug, Serialize)]
pub struct RepairEntry {
    pub report: String,
    pub line: usize,
    /// `repair` (applied) or `suggestion` (not applied).
    pub kind: &'static str,
    pub rule: String,
    pub from: String,
    pub to: String,
    /// The output text around the repair, the repaired text in 【】; for a suggestion, its message.
    pub context: String,
}

pub fn repair_review(edition: &Edition) -> RepairReview {
    let mut entries = Vec::new();
    for report in &edition.reports {
        let mut of_report: Vec<RepairEntry> = report
            .repairs
            .iter()
            .enumerate()
            .map(|(i, r)| {
                // A repair whose text an earlier repair of the line also wrote shows the next occurrence.
                let nth = report.repairs[..i].iter().filter(|earlier| earlier.line == r.line && earlier.to.contains(r.to.as_str())).count();
                RepairEntry {
                    report: report.id.clone(),
                    line: r.line,
                    kind: "repair",
                    rule: r.rule.clone(),
                    from: r.from.clone(),
                    to: r.to.clone(),
                    context: repaired_context(report, r.line, &r.to, nth).unwrap_or_default(),
                }
            })
            .collect();
        of_report.extend(report.diagnostics.iter().filter(|d| d.code == DiagnosticCode::PossibleOcrError).map(|d| RepairEntry {
            report: report.id.clone(),
            line: d.lines[0],
            kind: "suggestion",
            rule: String::new(),
            from: String::new(),
            to: String::new(),
            context: d.message.clone(),
        }));
        // Stable: repairs before suggestions on one line, each in the order the report lists them.
        of_report.sort_by_key(|e| e.line);
        entries.extend(of_report);
    }
    RepairReview {
        source: edition.edition.source.clone(),
        label: edition.edition.label.clone(),
        repairs: entries.iter().filter(|e| e.kind == "repair").count(),
        suggestions: entries.iter().filter(|e| e.kind == "suggestion").count(),
        entries,
    }
}

/// The output text of the report that holds raw line `line` and `to`, cut to a few characters
/// around the `nth` (0-based) occurrence of `to`, which is marked 【】.
fn repaired_context(report: &Report, line: usize, to: &str, nth: usize) -> Option<String> {
    let covers = |lines: [usize; 2]| lines[0] <= line && line <= lines[1];
    let mut texts: Vec<&str> = Vec::new();
    texts.extend(report.fields.title.as_deref());
    texts.extend(report.fields.position.as_deref());
    for section in &report.sections {
        if covers(section.lines) {
            texts.extend(section.heading.as_deref());
        }
        for block in section.blocks.iter().filter(|b| covers(b.lines)) {
            texts.push(&block.text);
            texts.extend(block.rows.iter().flatten().flatten().map(String::as_str));
        }
    }
    let (text, at) = texts.into_iter().flat_map(|t| t.match_indices(to).map(move |(at, _)| (t, at))).nth(nth)?;
    let before: String = text[..at].chars().rev().take(12).collect::<Vec<_>>().into_iter().rev().collect();
    let after: String = text[at + to.len()..].chars().take(12).collect();
    Some(format!("…{before}【{to}】{after}…").replace('\n', " "))
}

impl RepairReview {
    /// Pretty JSON with a trailing newline, for `--format json`.
    pub fn to_json(&self) -> String {
        // Serializing plain structs of strings and numbers cannot fail.
        #[allow(clippy::expect_used)]
        let mut text = serde_json::to_string_pretty(self).expect("a repair review always serializes");
        text.push('\n');
        text
    }

    /// Plain text (its `Display`).
    pub fn to_text(&self) -> String {
        self.to_string()
    }
}

impl fmt::Display for RepairReview {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = match &self.label {
            Some(label) => format!("{} ({label})", self.source),
            None => self.source.clone(),
        };
        writeln!(f, "{name}: {} repairs applied, {} suggested", self.repairs, self.suggestions)?;
        let mut report = "";
        for entry in &self.entries {
            if entry.report != report {
                report = &entry.report;
                writeln!(f, "\n{report}")?;
            }
            match entry.kind {
                "repair" => writeln!(f, "  {:>5}  {} -> {} ({})  {}", entry.line, entry.from, entry.to, entry.rule, entry.context)?,
                _ => writeln!(f, "  {:>5}  ? {}", entry.line, entry.context)?,
            }
        }
        Ok(())
    }
}

/// Counts equal values: most frequent first, ties in order of first appearance.
fn tally(values: impl Iterator<Item = Option<String>>) -> Vec<Count> {
    let mut counts: Vec<Count> = Vec::new();
    for value in values {
        match counts.iter_mut().find(|c| c.name == value) {
            Some(count) => count.count += 1,
            None => counts.push(Count { name: value, label: None, count: 1 }),
        }
    }
    // A stable sort keeps first-appearance order among equal counts.
    counts.sort_by_key(|c| std::cmp::Reverse(c.count));
    counts
}

impl Stats {
    /// Pretty JSON with a trailing newline, for `--format json`.
    pub fn to_json(&self) -> String {
        // Serializing plain structs of strings and numbers cannot fail.
        #[allow(clippy::expect_used)]
        let mut text = serde_json::to_string_pretty(self).expect("stats always serialize");
        text.push('\n');
        text
    }

    /// Plain text (its `Display`).
    pub fn to_text(&self) -> String {
        self.to_string()
    }
}

impl fmt::Display for Stats {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.label {
            Some(label) => writeln!(f, "{} ({label}): {} reports", self.source, self.reports)?,
            None => writeln!(f, "{}: {} reports", self.source, self.reports)?,
        }
        write_counts(f, "by category", &self.by_category)?;
        write_counts(f, "by prefecture", &self.by_prefecture)?;
        write_counts(f, "by organization kind", &self.by_organization_kind)?;
        write_counts(f, "by organization", &self.by_organization)?;
        let heading = format!(
            "reports with warnings: {} of {}; with errors: {}; by diagnostic code",
            self.reports_with_warnings, self.reports, self.reports_with_errors
        );
        write_counts(f, &heading, &self.reports_by_diagnostic)?;
        let heading = format!("reports missing a section: {} of {}; by section", self.reports_missing_sections, self.reports);
        write_counts(f, &heading, &self.sections_missing)?;
        write_counts(f, "edition diagnostics", &self.edition_diagnostics)?;
        let heading = format!("OCR repairs by rule; {} more suggested, not applied (stats --repairs lists each)", self.suggestions);
        write_counts(f, &heading, &self.repairs_by_rule)?;
        writeln!(f, "\nunrecognized headings: {}", self.unrecognized_headings.len())?;
        for heading in &self.unrecognized_headings {
            writeln!(f, "  {} line {}: {}", heading.report, heading.line, heading.message)?;
        }
        Ok(())
    }
}

/// Counts first, right-aligned, so that wide (Japanese) names need no padding.
fn write_counts(f: &mut fmt::Formatter<'_>, heading: &str, counts: &[Count]) -> fmt::Result {
    writeln!(f, "\n{heading}")?;
    if counts.is_empty() {
        writeln!(f, "  none")?;
    }
    let width = counts.iter().map(|c| c.count.to_string().len()).max().unwrap_or(0);
    for count in counts {
        let name = count.name.as_deref().unwrap_or("(none)");
        match &count.label {
            Some(label) => writeln!(f, "  {:>width$}  {name} {label}", count.count)?,
            None => writeln!(f, "  {:>width$}  {name}", count.count)?,
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repair_review_lists_each_repair_and_suggestion_with_its_context() {
        let text = "派遣先市町村:北海道沼田町\n派遣者氏名:渡邊 一郎\n派遣元:総務省\n派遣先での役職:参事\n\n派遣先市町村の課題\n沼田町を知つてもらう機会が少なく、コロナ過の影響も大きかった。\n";
        let edition = crate::extract("raw/t.txt", text.as_bytes()).unwrap();
        let review = repair_review(&edition);
        assert_eq!((review.repairs, review.suggestions), (1, 1));
        let text = review.to_text();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "raw/t.txt: 1 repairs applied, 1 suggested");
        assert_eq!(lines[3], "      7  知つて -> 知って (small-tsu)  …沼田町を【知って】もらう機会が少なく、コロ…");
        assert!(lines[4].starts_with("      7  ? 「過」 may be a misreading of 「禍」"), "{}", lines[4]);
        assert_eq!(stats(&edition).suggestions, 1);
    }

    #[test]
    fn tally_puts_the_most_frequent_first_and_keeps_first_appearance_among_ties() {
        let values = ["b", "a", "c", "a", "c"].map(|v| Some(v.to_string()));
        let counts = tally(values.into_iter().chain([None]));
        let names: Vec<(Option<&str>, usize)> = counts.iter().map(|c| (c.name.as_deref(), c.count)).collect();
        assert_eq!(names, [(Some("a"), 2), (Some("c"), 2), (Some("b"), 1), (None, 1)]);
    }
}
