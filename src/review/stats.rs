//! Review: an edition summarized as counts, to see at a glance what it holds and how clean the
//! extraction is.
//!
//! Every list is ordered most frequent first, ties in order of first appearance in the edition,
//! so that the output does not depend on anything but the file.

use std::fmt;

use serde::Serialize;

use crate::review::export::json_name;
use crate::record::{DiagnosticCode, Edition, Severity, SectionKind};

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
        by_prefecture: tally(reports.iter().map(|r| r.municipality.prefecture.clone())),
        by_organization_kind: tally(reports.iter().map(|r| r.dispatched_from.kind.map(json_name))),
        by_organization: tally(reports.iter().map(|r| r.dispatched_from.name.clone())),
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
    fn tally_puts_the_most_frequent_first_and_keeps_first_appearance_among_ties() {
        let values = ["b", "a", "c", "a", "c"].map(|v| Some(v.to_string()));
        let counts = tally(values.into_iter().chain([None]));
        let names: Vec<(Option<&str>, usize)> = counts.iter().map(|c| (c.name.as_deref(), c.count)).collect();
        assert_eq!(names, [(Some("a"), 2), (Some("c"), 2), (Some("b"), 1), (None, 1)]);
    }
}
