//! Review: an edition's reports as a table (CSV, one row per report) or as JSON Lines (one
//! report per line), for spreadsheets and line-oriented tools.

use serde::Serialize;
use serde_json::Value;

use crate::record::{Edition, Report, SectionKind};

/// The section kinds counted in the CSV, one column each, in print order.
const SECTION_KINDS: [SectionKind; 5] =
    [SectionKind::Challenges, SectionKind::Initiatives, SectionKind::Experiences, SectionKind::Outlook, SectionKind::Other];

/// The CSV header; the last five columns count the report's sections of each kind.
pub const CSV_COLUMNS: [&str; 16] = [
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

/// RFC 4180 CSV, one row per report after a header row. It starts with a UTF-8 byte order mark:
/// without one, Excel reads the file in the local code page (CP932 in Japan) and garbles it.
pub fn to_csv(edition: &Edition) -> String {
    let mut out = String::from('\u{feff}');
    write_row(&mut out, CSV_COLUMNS.iter().map(|c| c.to_string()));
    for report in &edition.reports {
        write_row(&mut out, csv_row(report));
    }
    out
}

fn csv_row(report: &Report) -> impl Iterator<Item = String> {
    let text = |value: &Option<String>| value.clone().unwrap_or_default();
    let m = &report.municipality;
    let from = &report.dispatched_from;
    let fields = [
        report.id.clone(),
        report.category.map(json_name).unwrap_or_default(),
        text(&m.prefecture),
        text(&m.name),
        text(&m.code),
        report.dispatchees.join(DISPATCHEE_SEPARATOR),
        report.team.to_string(),
        text(&from.name),
        from.kind.map(json_name).unwrap_or_default(),
        text(&report.position),
        text(&report.title),
    ];
    let counts = SECTION_KINDS.map(|kind| report.sections.iter().filter(|s| s.kind == kind).count().to_string());
    fields.into_iter().chain(counts)
}

/// One record: fields separated by commas, CRLF at the end. A field holding a comma, a quote or a
/// line break is quoted, its quotes doubled.
fn write_row(out: &mut String, fields: impl Iterator<Item = String>) {
    for (i, field) in fields.enumerate() {
        if i > 0 {
            out.push(',');
        }
        if field.contains([',', '"', '\r', '\n']) {
            out.push('"');
            out.push_str(&field.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(&field);
        }
    }
    out.push_str("\r\n");
}

/// JSON Lines: each report as one line of compact JSON, in document order.
pub fn to_jsonl(edition: &Edition) -> String {
    edition
        .reports
        .iter()
        .map(|report| {
            // Serializing plain structs of strings and numbers cannot fail.
            #[allow(clippy::expect_used)]
            let line = serde_json::to_string(report).expect("records always serialize");
            line + "\n"
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(fields: &[&str]) -> String {
        let mut out = String::new();
        write_row(&mut out, fields.iter().map(|f| f.to_string()));
        out
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
