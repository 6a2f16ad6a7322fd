//! Stage 6: checks on a finished report, as diagnostics (never a failure).

use std::collections::BTreeSet;

use crate::extract::classify::{Line, is_unrecognized_heading};
use crate::extract::segment::ReportSpan;
use crate::record::{Diagnostic, DiagnosticCode, Report, SectionKind};

/// The four sections every report is expected to have, in print order.
const EXPECTED: [(SectionKind, &str); 4] = [
    (SectionKind::Challenges, "派遣先市町村の課題"),
    (SectionKind::Initiatives, "課題に対する取組状況"),
    (SectionKind::Experiences, "取組にあたっての苦労・成功体験"),
    (SectionKind::Outlook, "今後の展開"),
];

pub fn check_report(report: &Report) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for (kind, heading) in EXPECTED {
        if !report.sections.iter().any(|s| s.kind == kind) {
            diagnostics.push(Diagnostic::new(DiagnosticCode::MissingSection, format!("no {heading} section"), report.lines));
        }
    }
    for section in &report.sections {
        if section.blocks.is_empty() && section.heading.is_some() {
            diagnostics.push(Diagnostic::new(DiagnosticCode::EmptySection,
                format!("section 「{}」 has no content", section.heading.as_deref().unwrap_or_default()),
                section.lines,
            ));
        }
    }
    let order: Vec<usize> = report
        .sections
        .iter()
        .filter_map(|s| EXPECTED.iter().position(|(kind, _)| *kind == s.kind))
        .collect();
    if order.windows(2).any(|w| w[1] < w[0]) {
        diagnostics.push(Diagnostic::new(DiagnosticCode::SectionsOutOfOrder, "sections are not in the usual order", report.lines));
    }
    for section in &report.sections {
        for block in &section.blocks {
            let glyphs = crate::extract::repair::non_cp932_ideographs(&block.text);
            if !glyphs.is_empty() {
                diagnostics.push(Diagnostic::new(DiagnosticCode::NonCp932Ideograph,
                    format!("{} outside CP932 with no repair rule: probably a Chinese glyph misread by OCR", glyphs.iter().collect::<String>()),
                    block.lines,
                ));
            }
        }
    }
    if report.fields.title.is_none() {
        diagnostics.push(Diagnostic::new(DiagnosticCode::MissingTitle, "no headline before the first section", report.lines));
    }
    diagnostics
}

/// Lines of a report shaped like a section heading, about what sections are about, that fit no
/// section kind: each stays content, and is reported with its text so that a maintainer sees a new
/// edition's new wording at once. A heading stands alone: blank lines (or the report's edge) above
/// and below. Field and title lines (`field_lines`) are not headings.
pub fn unrecognized_headings(lines: &[Line], span: ReportSpan, field_lines: &BTreeSet<usize>) -> Vec<Diagnostic> {
    let blank_or_edge = |i: usize| i < span.first || i > span.last || lines[i].is_blank();
    (span.first..=span.last)
        .filter(|&i| blank_or_edge(i.wrapping_sub(1)) && blank_or_edge(i + 1) && !field_lines.contains(&i))
        .filter(|&i| is_unrecognized_heading(&lines[i]))
        .map(|i| {
            let line = &lines[i];
            Diagnostic::new(DiagnosticCode::UnrecognizedHeading,
                format!("「{}」 looks like a section heading but names no section kind; read as content", line.text()),
                [line.number, line.number],
            )
        })
        .collect()
}

/// The edition's last report: when its sections stop before 今後の展開, the file may have been
/// cut off inside it.
pub fn check_last_report(report: &Report) -> Vec<Diagnostic> {
    let has_outlook = report.sections.iter().any(|s| s.kind == SectionKind::Outlook);
    if has_outlook {
        return Vec::new();
    }
    vec![Diagnostic::new(DiagnosticCode::IncompleteReport,
        "the edition ends before this report's 今後の展開 section: the file may be truncated",
        report.lines,
    )]
}
