//! Review: the reports of one or several editions as one table (CSV, one row per report) or as
//! JSON Lines (one report per line), each saying its edition, for spreadsheets and line-oriented
//! tools. (The SQLite database is [`sqlite`](super::sqlite).)

use serde::Serialize;
use serde_json::Value;

use crate::record::{DiagnosticCode, Edition, Report, SectionKind, Severity};
use crate::review::{KeyError, check_keys, edition_stem};

/// The section kinds counted in the CSV, one column each, in print order.
const SECTION_KINDS: [SectionKind; 5] =
    [SectionKind::Challenges, SectionKind::Initiatives, SectionKind::Experiences, SectionKind::Outlook, SectionKind::Other];

/// The CSV header; the first two columns name the edition (its source stem and fiscal year), the
/// last five count the report's sections of each kind.
pub const CSV_COLUMNS: [&str; 20] = [
    "edition",
    "fiscal_year",
    "id",
    "category",
    "prefecture",
    "municipality",
    "code",
    "dispatchees",
    "team",
    "organization",
    "kind",
    "position",
    "title",
    "sections_challenges",
    "sections_initiatives",
    "sections_experiences",
    "sections_outlook",
    "sections_other",
    "warnings",
    "possible_ocr_errors",
];

/// Joins several dispatchees in one cell, as Japanese text lists names.
const DISPATCHEE_SEPARATOR: &str = "、";

/// The name an enum value has in the record format (`national_government`); empty for a value
/// that does not serialize as a string, which no record enum does.
pub fn json_name<T: Serialize>(value: T) -> String {
    match serde_json::to_value(value) {
        Ok(Value::String(name)) => name,
        _ => String::new(),
    }
}

/// RFC 4180 CSV, one row per report of every edition after a header row. Editions must have
/// distinct stems ([`check_keys`]).
pub fn to_csv(editions: &[Edition]) -> Result<String, KeyError> {
    check_keys(editions)?;
    let header = std::iter::once(CSV_COLUMNS.map(String::from).to_vec());
    let rows = editions.iter().flat_map(|edition| {
        let stem = edition_stem(edition);
        let year = edition.edition.fiscal_year.map(|y| y.to_string()).unwrap_or_default();
        edition.reports.iter().map(move |report| [stem.clone(), year.clone()].into_iter().chain(csv_row(report)).collect())
    });
    Ok(csv_text(header.chain(rows)))
}

/// Records as CSV text: a UTF-8 byte order mark first (without one, Excel reads the file in the
/// local code page, CP932 in Japan, and garbles it), fields quoted only where they hold a comma,
/// a quote or a line break, quotes doubled, CRLF after every record.
fn csv_text(records: impl Iterator<Item = Vec<String>>) -> String {
    let mut out = "\u{feff}".as_bytes().to_vec();
    let mut writer = csv::WriterBuilder::new()
        .quote_style(csv::QuoteStyle::Necessary)
        .terminator(csv::Terminator::CRLF)
        .from_writer(&mut out);
    // The writer reports only I/O errors, and writing into memory has none.
    #[allow(clippy::expect_used)]
    for record in records {
        writer.write_record(record).expect("writing CSV into memory cannot fail");
    }
    #[allow(clippy::expect_used)]
    writer.flush().expect("writing CSV into memory cannot fail");
    drop(writer);
    // Every field was a `String`, so the bytes are UTF-8.
    String::from_utf8_lossy(&out).into_owned()
}

fn csv_row(report: &Report) -> impl Iterator<Item = String> {
    let text = |value: &Option<String>| value.clone().unwrap_or_default();
    let m = &report.fields.municipality;
    let from = &report.fields.dispatched_from;
    let fields = [
        report.id.clone(),
        report.category.map(json_name).unwrap_or_default(),
        text(&m.prefecture),
        text(&m.name),
        text(&m.code),
        report.fields.dispatchees.join(DISPATCHEE_SEPARATOR),
        report.fields.team.to_string(),
        text(&from.name),
        from.kind.map(json_name).unwrap_or_default(),
        text(&report.fields.position),
        text(&report.fields.title),
    ];
    let counts = SECTION_KINDS.map(|kind| report.sections.iter().filter(|s| s.kind == kind).count().to_string());
    // What a reviewer must not miss in a table that has no room for every diagnostic: how many
    // warnings the report has, and each suggested OCR correction in full, one per line of the cell.
    let warnings = report.diagnostics.iter().filter(|d| d.severity == Severity::Warning).count().to_string();
    let suggestions: Vec<&str> =
        report.diagnostics.iter().filter(|d| d.code == DiagnosticCode::PossibleOcrError).map(|d| d.message.as_str()).collect();
    fields.into_iter().chain(counts).chain([warnings, suggestions.join("\n")])
}

/// JSON Lines: each report of every edition as one line of compact JSON, in document order, as
/// in the edition file with two fields first: `edition` (the source stem) and `fiscal_year`.
/// Editions must have distinct stems ([`check_keys`]).
pub fn to_jsonl(editions: &[Edition]) -> Result<String, KeyError> {
    check_keys(editions)?;
    let mut out = String::new();
    for edition in editions {
        let stem = edition_stem(edition);
        for report in &edition.reports {
            let line = JsonlReport { edition: &stem, fiscal_year: edition.edition.fiscal_year, report };
            // Serializing plain structs of strings and numbers cannot fail.
            #[allow(clippy::expect_used)]
            out.push_str(&serde_json::to_string(&line).expect("records always serialize"));
            out.push('\n');
        }
    }
    Ok(out)
}

#[derive(Serialize)]
struct JsonlReport<'a> {
    edition: &'a str,
    fiscal_year: Option<i32>,
    #[serde(flatten)]
    report: &'a Report,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(fields: &[&str]) -> String {
        let text = csv_text(std::iter::once(fields.iter().map(|f| f.to_string()).collect()));
        text.strip_prefix('\u{feff}').unwrap().to_string()
    }

    #[test]
    fn plain_fields_are_not_quoted_and_rows_end_with_crlf() {
        assert_eq!(row(&["r4-001", "北海道", ""]), "r4-001,北海道,\r\n");
    }

    #[test]
    fn fields_with_commas_quotes_or_line_breaks_are_quoted_with_quotes_doubled() {
        assert_eq!(row(&["a,b", "say \"hi\"", "two\nlines", "cr\r"]), "\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\r\"\r\n");
    }

    #[test]
    fn enum_values_take_their_json_names() {
        assert_eq!(json_name(crate::record::OrganizationKind::NationalGovernment), "national_government");
    }
}
