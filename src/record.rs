//! The output format, schema version 2 (`records.md` in the design references).
//!
//! These types are the contract with every user: field names and order here are what the JSON
//! says, and the published JSON Schema is generated from them (`schema_json`), so the two cannot
//! drift. Add fields freely; change or remove one only with a new `SCHEMA_VERSION`.

use std::sync::LazyLock;

use regex::Regex;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::tables::static_regex;

pub const SCHEMA_VERSION: u32 = 2;

/// An inclusive range `[first, last]` of 1-based raw input lines.
pub type Lines = [usize; 2];

/// One edition: `output/<stem>.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Edition {
    /// The record format's version: 2. A reader refuses any other.
    #[schemars(extend("const" = SCHEMA_VERSION))]
    pub schema_version: u32,
    pub edition: EditionInfo,
    /// Reports in document order.
    pub reports: Vec<Report>,
    /// Every non-blank line that belongs to no report (cover, table of contents).
    pub unassigned: Vec<Unassigned>,
    /// Diagnostics about the edition as a whole.
    pub diagnostics: Vec<Diagnostic>,
}

/// Why bytes are not an edition file that this version of torikumi reads.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditionFileError {
    #[error("not an edition file: binary data, not JSON text")]
    Binary,
    #[error("not an edition file: not JSON ({0})")]
    NotJson(String),
    #[error("not an edition file: no schema_version")]
    NoSchemaVersion,
    #[error(
        "schema version {0}, but this torikumi reads version {SCHEMA_VERSION}: convert the raw edition again with `torikumi extract`"
    )]
    OtherSchemaVersion(serde_json::Value),
    #[error("not an edition file: {0}")]
    Malformed(String),
}

impl Edition {
    /// Reads an edition file (`output/<stem>.json`) of this schema version. The version is
    /// checked before anything else, so that a file of another version is named as such rather
    /// than by the first field that changed.
    pub fn from_json(bytes: &[u8]) -> Result<Edition, EditionFileError> {
        if bytes.contains(&0) {
            return Err(EditionFileError::Binary);
        }
        let text = std::str::from_utf8(bytes).map_err(|_| EditionFileError::Binary)?;
        #[derive(Deserialize)]
        struct Version {
            schema_version: Option<serde_json::Value>,
        }
        let version: Version = serde_json::from_str(text).map_err(|e| match e.classify() {
            serde_json::error::Category::Data => EditionFileError::Malformed("not a JSON object".to_string()),
            _ => EditionFileError::NotJson(e.to_string()),
        })?;
        match version.schema_version {
            None => return Err(EditionFileError::NoSchemaVersion),
            Some(v) if v != SCHEMA_VERSION => return Err(EditionFileError::OtherSchemaVersion(v)),
            Some(_) => {}
        }
        serde_json::from_str(text).map_err(|e| EditionFileError::Malformed(without_type_names(&e.to_string())))
    }
}

/// serde's messages name the Rust type that was expected (`expected struct EditionInfo`); a user
/// knows JSON, not this crate's types, so each such name becomes the JSON it stands for.
fn without_type_names(message: &str) -> String {
    static RUST_TYPE: LazyLock<Regex> = LazyLock::new(|| {
        static_regex(r"\b(struct [A-Z]\w*|tuple struct [A-Z]\w*|enum [A-Z]\w*|variant identifier|field identifier|u8|u16|u32|u64|usize|i8|i16|i32|i64|isize)\b")
    });
    RUST_TYPE
        .replace_all(message, |caps: &regex::Captures| match &caps[0] {
            name if name.contains("struct") => "a JSON object",
            name if name.starts_with("enum") || name == "variant identifier" => "one of the documented strings",
            "field identifier" => "a field name",
            name if name.starts_with('u') => "a whole number, 0 or more",
            _ => "a whole number",
        })
        .into_owned()
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EditionInfo {
    /// The raw file, as given to the extractor (`raw/r4.txt`).
    pub source: String,
    /// Hex SHA-256 of the raw bytes.
    pub sha256: String,
    /// The raw file's character encoding: `UTF-8` or `Shift_JIS`.
    pub encoding: String,
    pub title: Option<String>,
    /// The edition label as printed, e.g. 令和4年度版.
    pub label: Option<String>,
    /// Gregorian year of the 年度 (令和4年度 -> 2022).
    pub fiscal_year: Option<i32>,
    pub categories: Vec<Category>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Category {
    pub kind: CategoryKind,
    pub label: String,
    /// First and last page, from the table of contents.
    pub pages: [u32; 2],
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CategoryKind {
    General,
    Digital,
    Green,
}


#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Unassigned {
    pub lines: Lines,
    /// The non-blank lines' text, one per line.
    pub text: String,
}

/// One report: where it stands, its fields, sections, repairs and diagnostics.
// serde's `deny_unknown_fields` does not work together with `flatten`, so reading does not refuse
// an unknown report field; the published schema still does (schemars' own attribute).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Report {
    /// Stable across regenerations: the edition stem and the municipality code (`r4-014389`),
    /// `-2`, `-3`, … for a municipality's later reports, `<stem>-unresolved-<k>` without a code.
    pub id: String,
    /// 1-based position in the document.
    pub ordinal: usize,
    /// Null only when the edition has no table of contents to take categories from.
    pub category: Option<CategoryKind>,
    pub lines: Lines,
    /// What the report's labelled lines and headline say; flat in the JSON.
    #[serde(flatten)]
    pub fields: ReportFields,
    pub sections: Vec<Section>,
    pub repairs: Vec<Repair>,
    pub diagnostics: Vec<Diagnostic>,
}

/// The fields read from a report's labelled lines and headline (the `fields` stage's value).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ReportFields {
    pub title: Option<String>,
    pub municipality: Municipality,
    /// Named persons in print order.
    pub dispatchees: Vec<String>,
    /// A team dispatch (チーム派遣) or several persons.
    pub team: bool,
    pub name_raw: Option<String>,
    pub dispatched_from: DispatchedFrom,
    pub position: Option<String>,
    /// The text after 派遣期間, when printed.
    #[serde(default)]
    pub period: Option<String>,
    /// Lines the title and labelled fields were read from.
    pub field_lines: Vec<usize>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Municipality {
    /// The text after the 派遣先市町村 label, or null when the report has none.
    pub raw: Option<String>,
    pub prefecture: Option<String>,
    /// Official name, without prefecture and 郡.
    pub name: Option<String>,
    /// 6-digit 全国地方公共団体コード with check digit.
    pub code: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DispatchedFrom {
    pub raw: Option<String>,
    /// Canonical name: legal forms spelled out, aliases and misreadings resolved.
    pub name: Option<String>,
    pub kind: Option<OrganizationKind>,
    /// A branch or department printed with the organization (四国支社), not a separate entity.
    #[serde(default)]
    pub unit: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum OrganizationKind {
    NationalGovernment,
    LocalGovernment,
    Company,
    University,
    Other,
}


#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Section {
    pub kind: SectionKind,
    /// The heading as printed (normalized); null for text before the first heading.
    pub heading: Option<String>,
    pub lines: Lines,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SectionKind {
    Challenges,
    Initiatives,
    Experiences,
    Outlook,
    Other,
}


#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Block {
    pub kind: BlockKind,
    /// Nesting of an item: 1 for a top-level item, 2 for one indented under it. Null otherwise.
    pub level: Option<u8>,
    /// The block's text; for a table, its cells joined by tabs and rows by newlines.
    pub text: String,
    /// Rows of cells, for tables only.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub rows: Option<Vec<Vec<String>>>,
    pub lines: Lines,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum BlockKind {
    Subheading,
    Item,
    Paragraph,
    Table,
    Figure,
    /// Converter leftovers that carry no document text (stray tags, rules, page numbers).
    Debris,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Repair {
    pub line: usize,
    pub from: String,
    pub to: String,
    pub rule: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Stable kebab-case identifier (see [`DiagnosticCode`]).
    pub code: DiagnosticCode,
    pub message: String,
    pub lines: Lines,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Error,
    Warning,
}

/// What a diagnostic says, as a stable kebab-case code. Every code the extractor can emit is
/// here, so that the schema lists them and a reader can match on them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum DiagnosticCode {
    /// A report without a 派遣先市町村 line (its municipality came from the text, if at all).
    MissingMunicipalityLabel,
    /// A municipality value that names no municipality of the code table.
    UnknownMunicipality,
    /// A municipality value that fits several municipalities.
    AmbiguousMunicipality,
    /// No municipality could be determined for the report.
    UnresolvedMunicipality,
    MissingDispatchee,
    /// A 派遣者氏名 value that names an office (熊本支店), not a person.
    NonPersonDispatchee,
    MissingOrganization,
    MissingPosition,
    MissingTitle,
    /// One of the four usual sections is missing.
    MissingSection,
    EmptySection,
    SectionsOutOfOrder,
    /// A line shaped like a section heading that fits no section kind.
    UnrecognizedHeading,
    /// A CJK glyph outside CP932 that no repair rule maps.
    NonCp932Ideograph,
    /// A likely OCR misreading that no rule was sure enough to repair, with the suggestion.
    PossibleOcrError,
    /// The edition ends inside its last report.
    IncompleteReport,
    /// The table of contents and the reports disagree on how many reports a category has.
    CategoryCountMismatch,
}

impl DiagnosticCode {
    /// The code as written in the JSON (`missing-title`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::MissingMunicipalityLabel => "missing-municipality-label",
            Self::UnknownMunicipality => "unknown-municipality",
            Self::AmbiguousMunicipality => "ambiguous-municipality",
            Self::UnresolvedMunicipality => "unresolved-municipality",
            Self::MissingDispatchee => "missing-dispatchee",
            Self::NonPersonDispatchee => "non-person-dispatchee",
            Self::MissingOrganization => "missing-organization",
            Self::MissingPosition => "missing-position",
            Self::MissingTitle => "missing-title",
            Self::MissingSection => "missing-section",
            Self::EmptySection => "empty-section",
            Self::SectionsOutOfOrder => "sections-out-of-order",
            Self::UnrecognizedHeading => "unrecognized-heading",
            Self::NonCp932Ideograph => "non-cp932-ideograph",
            Self::PossibleOcrError => "possible-ocr-error",
            Self::IncompleteReport => "incomplete-report",
            Self::CategoryCountMismatch => "category-count-mismatch",
        }
    }

    /// An error is what leaves a record unusable for its main question, "who went where": a
    /// report whose municipality cannot be determined. Everything else is a warning: the record
    /// stands, and a reviewer should look (`incomplete-report` is a guess from the usual section
    /// order, so it stays a warning).
    pub fn severity(self) -> Severity {
        match self {
            Self::UnresolvedMunicipality => Severity::Error,
            _ => Severity::Warning,
        }
    }
}

impl std::fmt::Display for DiagnosticCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Diagnostic {
    /// A diagnostic with its code's severity.
    pub fn new(code: DiagnosticCode, message: impl Into<String>, lines: Lines) -> Self {
        Self { severity: code.severity(), code, message: message.into(), lines }
    }
}

/// The published JSON Schema of [`Edition`], pretty-printed with a trailing newline.
pub fn schema_json() -> String {
    let schema = schemars::schema_for!(Edition);
    #[allow(clippy::expect_used)] // a generated schema is plain JSON
    let mut text = serde_json::to_string_pretty(&schema).expect("a schema always serializes");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r4_json() -> String {
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/output/r4.json")).unwrap()
    }

    fn error(text: &str) -> String {
        Edition::from_json(text.as_bytes()).unwrap_err().to_string()
    }

    #[test]
    fn the_committed_dataset_reads() {
        assert_eq!(Edition::from_json(r4_json().as_bytes()).unwrap().reports.len(), 111);
    }

    #[test]
    fn another_schema_version_is_refused_by_name() {
        let v1 = r4_json().replacen("\"schema_version\": 2", "\"schema_version\": 1", 1);
        assert_eq!(error(&v1), "schema version 1, but this torikumi reads version 2: convert the raw edition again with `torikumi extract`");
        assert_eq!(error("{\"reports\": []}"), "not an edition file: no schema_version");
    }

    #[test]
    fn binary_and_other_json_are_not_edition_files() {
        assert_eq!(Edition::from_json(b"\x89PNG\r\n\x1a\n\0\0").unwrap_err(), EditionFileError::Binary);
        assert!(error("[1, 2]").starts_with("not an edition file: "), "{}", error("[1, 2]"));
        assert!(error("{\"schema_version\": 2,").starts_with("not an edition file: not JSON"));
    }

    #[test]
    fn messages_name_json_never_rust_types() {
        let json = r4_json();
        let cases = [
            json.replacen("\"edition\": {", "\"edition\": 5, \"x\": {", 1),
            json.replacen("\"fiscal_year\": 2022", "\"fiscal_year\": \"2022\"", 1),
            json.replacen("\"kind\": \"general\"", "\"kind\": 7", 1),
            json.replacen("\"encoding\": \"UTF-8\",", "", 1),
        ];
        for case in cases {
            let message = error(&case);
            assert!(message.starts_with("not an edition file: "), "{message}");
            for rust in ["struct", "enum", "Edition", "Category", "i32", "identifier"] {
                assert!(!message.contains(rust), "{message}");
            }
        }
        let missing = error(&json.replacen("\"encoding\": \"UTF-8\",", "", 1));
        assert!(missing.contains("missing field `encoding`"), "{missing}");
    }
}
