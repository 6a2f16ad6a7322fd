//! Stage 1: raw bytes -> lines.
//!
//! Line numbers are the ones a text editor shows: `\n`, `\r\n` and a lone `\r` each end a line,
//! and a UTF-8 byte order mark is dropped.

use std::fmt;

/// The raw input, split into lines. `lines[0]` is line 1.
#[derive(Debug, Clone)]
pub struct SourceText {
    pub lines: Vec<String>,
}

/// Input that cannot be read as an edition. Always names the file and, where one applies, the line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    pub path: String,
    /// 1-based line, when the problem sits on one line.
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.path, line, self.message),
            None => write!(f, "{}: {}", self.path, self.message),
        }
    }
}

impl std::error::Error for InputError {}

/// Decodes `bytes` (UTF-8, with or without BOM) and splits them into lines.
pub fn read_source(path: &str, bytes: &[u8]) -> Result<SourceText, InputError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|err| {
        let offset = err.valid_up_to();
        InputError {
            path: path.to_string(),
            line: Some(line_of_offset(bytes, offset)),
            message: format!("invalid UTF-8 at byte offset {offset}"),
        }
    })?;
    if let Some(offset) = text.find('\0') {
        return Err(InputError {
            path: path.to_string(),
            line: Some(line_of_offset(bytes, offset)),
            message: format!("NUL byte at byte offset {offset}: this looks like a binary file"),
        });
    }
    Ok(SourceText { lines: split_lines(text) })
}

fn split_lines(text: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        match rest.find(['\n', '\r']) {
            Some(end) => {
                lines.push(rest[..end].to_string());
                let terminator = if rest[end..].starts_with("\r\n") { 2 } else { 1 };
                rest = &rest[end + terminator..];
            }
            None => {
                lines.push(rest.to_string());
                rest = "";
            }
        }
    }
    lines
}

/// The 1-based line holding byte `offset`, counting line ends as `split_lines` does.
fn line_of_offset(bytes: &[u8], offset: usize) -> usize {
    let before = &bytes[..offset.min(bytes.len())];
    let mut line = 1;
    let mut i = 0;
    while i < before.len() {
        match before[i] {
            b'\n' => line += 1,
            b'\r' if before.get(i + 1) != Some(&b'\n') => line += 1,
            _ => {}
        }
        i += 1;
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crlf_cr_and_lf_all_end_lines() {
        let source = read_source("t.txt", "a\r\nb\rc\nd".as_bytes()).unwrap();
        assert_eq!(source.lines, ["a", "b", "c", "d"]);
    }

    #[test]
    fn bom_is_dropped() {
        let source = read_source("t.txt", b"\xEF\xBB\xBFabc\n").unwrap();
        assert_eq!(source.lines, ["abc"]);
    }

    #[test]
    fn invalid_utf8_names_line_and_offset() {
        let err = read_source("t.txt", b"ok\nok\r\nbad \xFF here").unwrap_err();
        assert_eq!(err.line, Some(3));
        assert_eq!(err.to_string(), "t.txt:3: invalid UTF-8 at byte offset 11");
    }

    #[test]
    fn nul_byte_is_an_error() {
        assert!(read_source("t.txt", b"a\nb\0").is_err());
    }
}
