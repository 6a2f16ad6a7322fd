//! The data tables (`src/data/*.tsv`), read as typed rows.
//!
//! Code holds rules; tables hold vocabulary, reference data and justified overrides. Each table
//! is tab-separated text compiled into the binary: `#` lines are comments (the last one names
//! the columns), every other line is one row that deserializes into the row type of the module
//! that owns the table. A malformed row is a [`TableError`] naming the table and line; the unit
//! test `every_table_parses` loads every table, so a typo fails `cargo test`, never a user's run.

use regex::Regex;
use serde::de::DeserializeOwned;

/// A table compiled into the binary: its file name under `src/data/` and its text.
#[derive(Debug, Clone, Copy)]
pub struct Table {
    pub name: &'static str,
    pub text: &'static str,
}

/// `table!("labels.tsv")`: the table `src/data/labels.tsv`, compiled in.
#[macro_export]
macro_rules! table {
    ($name:literal) => {
        $crate::tables::Table { name: $name, text: include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/src/data/", $name)) }
    };
}

/// A row that does not fit its table's row type.
#[derive(Debug, thiserror::Error)]
#[error("src/data/{table}:{line}: {message}")]
pub struct TableError {
    pub table: &'static str,
    pub line: u64,
    pub message: String,
}

impl Table {
    /// Every row, in table order, or the first malformed one.
    pub fn try_rows<T: DeserializeOwned>(self) -> Result<Vec<T>, TableError> {
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(b'\t')
            .comment(Some(b'#'))
            .has_headers(false)
            .quoting(false)
            .from_reader(self.text.as_bytes());
        let mut rows = Vec::new();
        for record in reader.records() {
            let error = |line: u64, message: String| TableError { table: self.name, line, message };
            let record = record.map_err(|e| error(e.position().map_or(0, |p| p.line()), e.to_string()))?;
            let line = record.position().map_or(0, |p| p.line());
            if record.iter().all(|cell| cell.trim().is_empty()) {
                continue;
            }
            rows.push(record.deserialize(None).map_err(|e| error(line, deserialize_message(&e)))?);
        }
        Ok(rows)
    }

    /// Every row. The tables are part of the program and `every_table_parses` checks them all,
    /// so a malformed row here is a bug in the build, reported with its table and line.
    pub fn rows<T: DeserializeOwned>(self) -> Vec<T> {
        self.try_rows().unwrap_or_else(|e| panic!("{e}"))
    }

    /// The rows of a one-column table, borrowed from the compiled-in text: a word list of tens of
    /// thousands of rows loads without a copy or an allocation per row. The owner checks the
    /// table with [`Table::try_rows`], which reads the same rows (tested).
    pub fn words(self) -> impl Iterator<Item = &'static str> {
        self.text.lines().filter(|line| !line.starts_with('#') && !line.chars().all(char::is_whitespace))
    }
}

/// serde's message, without the position csv prepends (the table line says it better).
fn deserialize_message(error: &csv::Error) -> String {
    match error.kind() {
        csv::ErrorKind::Deserialize { err, .. } => match err.field() {
            Some(column) => format!("column {}: {}", column + 1, err.kind()),
            None => err.kind().to_string(),
        },
        _ => error.to_string(),
    }
}

/// Compiles a pattern written in the source or a data table. Such patterns are constants: a bad
/// one is a bug that every test run shows, never an input error, so it may panic.
#[allow(clippy::expect_used)]
pub fn static_regex(pattern: &str) -> Regex {
    Regex::new(pattern).expect("a valid constant pattern")
}

/// [`static_regex`] over bytes, without Unicode classes (`.` is any byte; literals still match
/// as UTF-8): for patterns whose Unicode automata would cost more to build than to run.
#[allow(clippy::expect_used)]
pub fn static_byte_regex(pattern: &str) -> regex::bytes::Regex {
    regex::bytes::RegexBuilder::new(pattern).unicode(false).build().expect("a valid constant pattern")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize, PartialEq)]
    #[serde(rename_all = "snake_case")]
    enum Kind {
        Outlook,
    }

    #[test]
    fn rows_deserialize_by_position_and_skip_comments() {
        let table = Table { name: "t.tsv", text: "# kind\tkey\noutlook\t今後の展開\n\n# more\noutlook\t展望\n" };
        let rows: Vec<(Kind, String)> = table.try_rows().unwrap();
        assert_eq!(rows, [(Kind::Outlook, "今後の展開".to_string()), (Kind::Outlook, "展望".to_string())]);
    }

    #[test]
    fn a_malformed_row_names_the_table_and_line() {
        let table = Table { name: "headings.tsv", text: "# kind\tkey\noutlook\t今後の展開\noutlok\t展望\n" };
        let error = table.try_rows::<(Kind, String)>().unwrap_err();
        assert_eq!(error.line, 3, "{error}");
        let message = error.to_string();
        assert!(message.starts_with("src/data/headings.tsv:3: ") && message.contains("unknown variant `outlok`"), "{message}");

        let short = Table { name: "labels.tsv", text: "派遣元\tdispatched_from\n派遣先\n" };
        let error = short.try_rows::<(String, String)>().unwrap_err();
        assert!(error.to_string().starts_with("src/data/labels.tsv:2: "), "{error}");
    }

    #[test]
    fn words_are_the_rows_of_a_one_column_table() {
        let table = Table { name: "w.tsv", text: "# word\nアイデア\r\n\n# more\nカメラ\n  \nデータ" };
        let rows: Vec<String> = table.try_rows::<(String,)>().unwrap().into_iter().map(|(word,)| word).collect();
        assert_eq!(table.words().collect::<Vec<_>>(), rows);
        assert_eq!(rows, ["アイデア", "カメラ", "データ"]);
    }

    /// Every table of `src/data/` loads into its owner's row type: a typo fails here.
    #[test]
    fn every_table_parses() {
        crate::vocab::check_tables().unwrap();
        crate::entities::municipality::check_table().unwrap();
        crate::entities::organization::check_tables().unwrap();
        crate::extract::repair::check_table().unwrap();
        crate::extract::shape::check_table().unwrap();
    }
}
