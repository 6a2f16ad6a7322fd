//! The output format, schema version 1 (`records.md` in the design references).
//!
//! These types are the contract with every user: field names and order here are what the JSON
//! says, and the published JSON Schema is generated from them (`schema_json`), so the two cannot
//! drift. Add fields freely; change or remove one only with a new `SCHEMA_VERSION`.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub const SCHEMA_VERSION: u32 = 1;

/// An inclusive range `[first, last]` of 1-based raw input lines.
pub type Lines = [usize; 2];

/// One edition: `output/<stem>.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Edition {
    pub schema_version: u32,
    pub edition: EditionInfo,
    /// Reports in document order.
    pub reports: Vec<Report>,
    /// Every non-blank line that belongs to no report (cover, table of contents).
    pub unassigned: Vec<Unassigned>,
    /// Diagnostics about the edition as a whole.
    pub diagnostics: Vec<Diagnostic>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EditionInfo {
    /// The raw file, as given to the extractor (`raw/r4.txt`).
    pub source: String,
    /// Hex SHA-256 of the raw bytes.
    pub sha256: String,
    /// The raw file's character encoding: `UTF-8` or `Shift_JIS`. (Files written before this
    /// field existed read as UTF-8.)
    #[serde(default = "utf8")]
    pub encoding: String,
    pub title: Option<String>,
    /// The edition label as printed, e.g. 令和4年度版.
    pub label: Option<String>,
    /// Gregorian year of the 年度 (令和4年度 -> 2022).
    pub fiscal_year: Option<i32>,
    pub categories: Vec<Category>,
}

fn utf8() -> String {
    "UTF-8".to_string()
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

impl CategoryKind {
    /// Parses a kind as written in `categories.tsv`.
    pub fn from_table(name: &str) -> Self {
        match name {
            "general" => Self::General,
            "digital" => Self::Digital,
            "green" => Self::Green,
            other => panic!("categories.tsv: unknown category kind {other:?}"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Unassigned {
    pub lines: Lines,
    /// The non-blank lines' text, one per line.
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Report {
    /// Edition stem and ordinal, zero-padded: `r4-001`.
    pub id: String,
    /// Null only when the edition has no table of contents to take categories from.
    pub category: Option<CategoryKind>,
    pub lines: Lines,
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
    pub sections: Vec<Section>,
    pub repairs: Vec<Repair>,
    pub diagnostics: Vec<Diagnostic>,
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

impl OrganizationKind {
    /// Parses a kind as written in the organization tables.
    pub fn from_table(name: &str) -> Self {
        match name {
            "national_government" => Self::NationalGovernment,
            "local_government" => Self::LocalGovernment,
            "company" => Self::Company,
            "university" => Self::University,
            "other" => Self::Other,
            other => panic!("organization table: unknown kind {other:?}"),
        }
    }
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

impl SectionKind {
    /// Parses a kind as written in `headings.tsv`.
    pub fn from_table(name: &str) -> Self {
        match name {
            "challenges" => Self::Challenges,
            "initiatives" => Self::Initiatives,
            "experiences" => Self::Experiences,
            "outlook" => Self::Outlook,
            "other" => Self::Other,
            other => panic!("headings.tsv: unknown section kind {other:?}"),
        }
    }
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
    /// Stable kebab-case identifier, listed in ARCHITECTURE.md.
    pub code: String,
    pub message: String,
    pub lines: Lines,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Error,
    Warning,
}

impl Diagnostic {
    pub fn warning(code: &str, message: impl Into<String>, lines: Lines) -> Self {
        Self { severity: Severity::Warning, code: code.to_string(), message: message.into(), lines }
    }

    pub fn error(code: &str, message: impl Into<String>, lines: Lines) -> Self {
        Self { severity: Severity::Error, code: code.to_string(), message: message.into(), lines }
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
