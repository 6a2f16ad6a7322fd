//! torikumi: the raw OCR'd text of 「地方創生人材支援制度 派遣者取組概要」 editions -> a validated,
//! structured dataset (`records.md` in the design references).
//!
//! The crate reads as the pipeline:
//!
//! - [`extract`] (the module): raw bytes -> records, one module per stage in the order data flows:
//!   read, normalize, classify, segment, fields, blocks, repair, validate, edition, emit;
//! - [`entities`]: strings -> official names (municipality code table, organizations);
//! - [`review`]: finished edition files -> diff, export (CSV, JSONL, SQLite), search, stats;
//! - [`record`]: the output types, the contract with every user; [`vocab`]: the data tables.
//!
//! [`extract()`] runs the whole pipeline on one file's bytes; the CLI is a thin shell over it.

#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

pub mod entities;
pub mod extract;
pub mod record;
pub mod tables;
pub mod review;
pub mod vocab;

use std::sync::Arc;

use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::extract::classify::{Line, LineKind};
use crate::extract::shape::{self, Form, Mark};
use crate::extract::read::{Encoding, InputError, InputProblem};
use crate::extract::repair::{EditionVocabulary, Repairer};
use crate::extract::segment::SegmentedReport;
use crate::extract::{Extracted, blocks, classify, edition, fields, read, segment, validate};
use crate::record::{Edition, EditionInfo, Report, SCHEMA_VERSION, Unassigned};

/// Extracts one edition. `source` is the path as it should appear in the output
/// (`raw/r4.txt`); the report ids take the file stem (`r4-014389`).
pub fn extract(source: &str, bytes: &[u8]) -> Result<Edition, InputError> {
    extract_as(source, bytes, None)
}

/// [`extract`] with the input encoding forced (`Some`) or detected (`None`).
pub fn extract_as(source: &str, bytes: &[u8], encoding: Option<Encoding>) -> Result<Edition, InputError> {
    // The stages below hand work to the thread pool several times. Called from outside the pool,
    // each hand-over would wake a sleeping worker and put this thread to sleep until it is done;
    // entering the pool once makes them cheap calls between the pool's own threads.
    rayon::scope(|_| extract_in_pool(source, bytes, encoding))
}

fn extract_in_pool(source: &str, bytes: &[u8], encoding: Option<Encoding>) -> Result<Edition, InputError> {
    let text = read::read_source_as(source, bytes, encoding)?;
    let encoding = text.encoding;
    // The digest needs only the bytes: it runs beside classification rather than after it.
    let (mut lines, sha256) = rayon::join(|| classify::classify(text), || hex_sha256(bytes));
    // Both only read the lines: the edition's words are counted (in parallel) beside the
    // segmentation and the edition's cover, which run on one thread, rather than after them.
    let (front, vocabulary) = rayon::join(
        || front_matter(source, sha256, encoding, &lines),
        || Arc::new(EditionVocabulary::of(lines.iter().map(|l| l.text()))),
    );
    let (segmentation, info) = front?;
    let stem = std::path::Path::new(source).file_stem().and_then(|s| s.to_str()).unwrap_or("edition");

    // The OCR repairs weigh a reading against the whole edition's words.
    restore_marks(&mut lines, &vocabulary);
    // Reports are independent once segmented; collecting an indexed parallel iterator keeps
    // document order, so the output does not depend on the number of threads.
    let mut reports: Vec<Report> = segmentation
        .reports
        .par_iter()
        .enumerate()
        .map(|(i, report)| build_report(&lines, report, i + 1, &vocabulary))
        .collect();
    assign_ids(stem, &mut reports);

    let mut diagnostics = Vec::new();
    edition::assign_categories(&mut reports, &info.categories, &mut diagnostics);
    if let Some(last) = reports.last_mut() {
        last.diagnostics.extend(validate::check_last_report(last));
    }
    let unassigned = segmentation.unassigned.iter().filter_map(|&(first, last)| unassigned(&lines[first..=last])).collect();
    Ok(Edition { schema_version: SCHEMA_VERSION, edition: info, reports, unassigned, diagnostics })
}

/// The reports' segments and the edition's cover, or why the lines are not one edition.
fn front_matter(source: &str, sha256: String, encoding: Encoding, lines: &[Line]) -> Result<(segment::Segmentation, EditionInfo), InputError> {
    let segmentation = segment::segment(lines);
    let Some(first) = segmentation.reports.first() else {
        return Err(InputError::file(source, InputProblem::NoReport));
    };
    let cover_end = first.span.first;
    let info = edition::edition_info(source, sha256, encoding, &lines[..cover_end]);
    if let Some(i) = edition::second_edition_start(lines, cover_end, info.title.as_deref()) {
        let line = &lines[i];
        return Err(InputError {
            path: source.to_string(),
            line: Some(line.number),
            problem: InputProblem::SecondEdition,
            source_line: Some(line.raw.clone()),
        });
    }
    Ok((segmentation, info))
}

/// Gives a text line the mark the OCR misread at its start (ODX推進 for ○DX推進) where the OCR
/// repairs restore it: they weigh the reading against the edition's words, known only once
/// every line is classified, and the line's mark must say what its repaired text says.
fn restore_marks(lines: &mut [Line], vocabulary: &Arc<EditionVocabulary>) {
    let repairer = Repairer::new(None, vocabulary.clone());
    // Few lines open with a character the OCR reads for a mark (33 of 8,573 in the bundled
    // edition), but each is weighed by repairing its whole line: they are found on one thread,
    // and repaired on both, where the other worker would otherwise wait for them.
    let misread: Vec<usize> = (0..lines.len())
        .filter(|&i| {
            let line = &lines[i];
            line.kind == LineKind::Text && line.shape.form == Form::Text && line.shape.mark.is_none() && shape::opens_with_misread_mark(line.body())
        })
        .collect();
    let restored: Vec<(usize, Mark)> =
        misread.par_iter().filter_map(|&i| Some((i, shape::restored_mark(lines[i].body(), &repairer)?))).collect();
    for (i, mark) in restored {
        lines[i].shape.mark = Some(mark);
    }
}

fn hex_sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// Stable report ids (records.md): `<stem>-<code>`, then `-2`, `-3`, … for a municipality's later
/// reports in document order, and `<stem>-unresolved-<k>` for reports without a code. An id depends
/// only on reports of the same municipality, so adding or dropping another report renames nothing.
fn assign_ids(stem: &str, reports: &mut [Report]) {
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for report in reports {
        let base = match &report.fields.municipality.code {
            Some(code) => format!("{stem}-{code}"),
            None => format!("{stem}-unresolved"),
        };
        let count = seen.entry(base.clone()).or_insert(0);
        *count += 1;
        // The first report of a municipality takes the bare code; unresolved ones are always numbered.
        report.id = if *count == 1 && report.fields.municipality.code.is_some() { base } else { format!("{base}-{count}") };
    }
}

/// One report from its segment: each stage returns its value with the repairs and diagnostics it
/// found, and the report is assembled from them. The report's repairer is built from the
/// municipality that the fields resolved, and only read.
fn build_report(lines: &[Line], segmented: &SegmentedReport, ordinal: usize, vocabulary: &Arc<EditionVocabulary>) -> Report {
    let span = segmented.span;
    let Extracted { value: fields, repairs: field_repairs, diagnostics: field_diagnostics } =
        fields::read_fields(lines, segmented, vocabulary);
    let repairer = Repairer::new(fields.record.municipality.prefecture.as_deref(), vocabulary.clone());
    let Extracted { value: sections, repairs: block_repairs, .. } = blocks::sections(lines, span, &fields.field_lines, &repairer);

    let mut repairs = field_repairs;
    repairs.extend(block_repairs);
    let mut diagnostics = field_diagnostics;
    diagnostics.extend(validate::unrecognized_headings(lines, span, &fields.field_lines));
    diagnostics.extend(repairs.suggestions);
    let mut applied = repairs.applied;
    applied.sort_by_key(|r| r.line);
    let mut report = Report {
        id: String::new(), // assign_ids, once every report's municipality is known
        ordinal,
        category: None,
        lines: [lines[span.first].number, lines[span.last].number],
        fields: fields.record,
        sections,
        repairs: applied,
        diagnostics: Vec::new(),
    };
    diagnostics.extend(validate::check_report(&report));
    diagnostics.sort_by(|a, b| a.lines.cmp(&b.lines).then_with(|| a.code.as_str().cmp(b.code.as_str())));
    report.diagnostics = diagnostics;
    report
}

fn unassigned(lines: &[Line]) -> Option<Unassigned> {
    let text_lines: Vec<&Line> = lines.iter().filter(|l| !l.is_blank()).collect();
    let first = text_lines.first()?;
    let last = text_lines.last()?;
    let text = text_lines.iter().map(|l| l.text()).collect::<Vec<_>>().join("\n");
    Some(Unassigned { lines: [first.number, last.number], text })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r4() -> String {
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/raw/r4.txt")).unwrap()
    }

    /// A report as its municipality code and dispatchees, which do not depend on its position.
    type Who = (Option<String>, Vec<String>);

    /// Each report's id beside who it is.
    fn ids(edition: &Edition) -> Vec<(Who, String)> {
        edition.reports.iter().map(|r| ((r.fields.municipality.code.clone(), r.fields.dispatchees.clone()), r.id.clone())).collect()
    }

    #[test]
    fn other_reports_keep_their_ids_when_one_is_deleted_from_the_middle() {
        let text = r4();
        let whole = extract("raw/r4.txt", text.as_bytes()).unwrap();
        // A report that shares its municipality with no other: dropping the first of several
        // would, by the id rule, shift the numbers of that municipality's later reports.
        let alone = |r: &&Report| whole.reports.iter().filter(|o| o.fields.municipality.code == r.fields.municipality.code).count() == 1;
        let middle = whole.reports[whole.reports.len() / 2..].iter().find(alone).unwrap();
        let [first, last] = middle.lines;
        let kept: Vec<&str> = text.lines().enumerate().filter(|(i, _)| !(first..=last).contains(&(i + 1))).map(|(_, l)| l).collect();
        let shorter = extract("raw/r4.txt", kept.join("\n").as_bytes()).unwrap();

        assert_eq!(shorter.reports.len() + 1, whole.reports.len());
        let mut expected = ids(&whole);
        expected.retain(|(_, id)| *id != middle.id);
        assert_eq!(ids(&shorter), expected, "every other report keeps its id");
        let ordinals: Vec<usize> = shorter.reports.iter().map(|r| r.ordinal).collect();
        assert_eq!(ordinals, (1..=shorter.reports.len()).collect::<Vec<_>>(), "ordinals close the gap");
    }

    #[test]
    fn a_municipalitys_later_reports_and_unresolved_ones_are_numbered() {
        let text = r4();
        let edition = extract("raw/r4.txt", text.as_bytes()).unwrap();
        let mut reports = edition.reports[..3].to_vec();
        reports[1].fields.municipality = reports[0].fields.municipality.clone();
        reports[2].fields.municipality.code = None;
        assign_ids("x", &mut reports);
        let code = reports[0].fields.municipality.code.clone().unwrap();
        let ids: Vec<&str> = reports.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, [format!("x-{code}"), format!("x-{code}-2"), "x-unresolved-1".to_string()]);
    }
}
