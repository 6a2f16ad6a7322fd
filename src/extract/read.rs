//! Stage 1: raw bytes -> lines.
//!
//! Line numbers are the ones a text editor shows: `\n`, `\r\n` and a lone `\r` each end a line.
//! Input is UTF-8 (a byte order mark is dropped) or, as Japanese government text often is,
//! Shift_JIS/CP932: detected when the bytes are not UTF-8 but decode cleanly as CP932, or forced.

use std::fmt;

use rayon::prelude::*;

/// The character encodings torikumi reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    /// Shift_JIS as Windows writes it (CP932), the WHATWG `Shift_JIS` decoder.
    ShiftJis,
}

impl Encoding {
    /// The name recorded in the output (`edition.encoding`) and accepted by `--encoding`.
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::ShiftJis => "Shift_JIS",
        }
    }

    /// Parses an encoding name as users write it: utf-8, utf8, shift_jis, sjis, cp932.
    pub fn from_name(name: &str) -> Option<Self> {
        match name.to_ascii_lowercase().replace(['-', '_'], "").as_str() {
            "utf8" => Some(Encoding::Utf8),
            "shiftjis" | "sjis" | "cp932" | "windows31j" => Some(Encoding::ShiftJis),
            _ => None,
        }
    }
}

/// The raw input, split into lines. `lines[0]` is line 1.
#[derive(Debug, Clone)]
pub struct SourceText {
    pub lines: Vec<String>,
    pub encoding: Encoding,
}

/// Input that cannot be read as an edition. Always names the file and, where one applies, the line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    pub path: String,
    /// 1-based line, when the problem sits on one line.
    pub line: Option<usize>,
    pub message: String,
    /// That line as text (undecodable bytes shown as U+FFFD), for showing where the problem is.
    pub source_line: Option<String>,
}

impl InputError {
    /// The error as rustc shows one: the message, then the file and line with the line itself.
    ///
    /// ```text
    /// invalid UTF-8 at byte offset 11
    ///   --> raw/bad.txt:3
    ///    |
    ///  3 | bad \u{FFFD} here
    ///    |
    /// ```
    pub fn render(&self) -> String {
        match (self.line, &self.source_line) {
            (Some(line), Some(text)) => {
                let number = line.to_string();
                let pad = " ".repeat(number.len());
                let shown: String = text.chars().take(200).collect();
                format!("{}\n{pad}--> {}:{line}\n{pad} |\n{number} | {shown}\n{pad} |", self.message, self.path)
            }
            _ => self.to_string(),
        }
    }
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

/// Decodes `bytes`, detecting the encoding, and splits them into lines.
pub fn read_source(path: &str, bytes: &[u8]) -> Result<SourceText, InputError> {
    read_source_as(path, bytes, None)
}

/// Decodes `bytes` as `encoding` (detected when `None`) and splits them into lines.
pub fn read_source_as(path: &str, bytes: &[u8], encoding: Option<Encoding>) -> Result<SourceText, InputError> {
    let error = |offset: Option<usize>, message: String| {
        let line = offset.map(|o| line_of_offset(bytes, o));
        InputError {
            path: path.to_string(),
            line,
            message,
            source_line: line.map(|l| line_text(bytes, l)),
        }
    };
    if let Some(offset) = bytes.iter().position(|&b| b == 0) {
        return Err(error(Some(offset), format!("NUL byte at byte offset {offset}: this looks like a binary file")));
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(error(None, "empty file".to_string()));
    }
    let utf8 = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let (lines, encoding) = match encoding {
        Some(Encoding::Utf8) => (utf8_lines(utf8, PIECE_BYTES).map_err(|(o, m)| error(Some(o + bytes.len() - utf8.len()), m))?, Encoding::Utf8),
        Some(Encoding::ShiftJis) => (split_lines(&decode_shift_jis(bytes).map_err(|(o, m)| error(Some(o), m))?), Encoding::ShiftJis),
        None => match utf8_lines(utf8, PIECE_BYTES) {
            Ok(lines) => (lines, Encoding::Utf8),
            Err((offset, message)) => match decode_shift_jis(bytes) {
                Ok(text) => (split_lines(&text), Encoding::ShiftJis),
                Err(_) => {
                    let offset = offset + bytes.len() - utf8.len();
                    return Err(error(Some(offset), format!("{message}, and the file is not Shift_JIS (CP932) either")));
                }
            },
        },
    };
    Ok(SourceText { lines, encoding })
}

/// UTF-8 input is checked and split in pieces of about this many bytes, in parallel.
const PIECE_BYTES: usize = 64 * 1024;

/// Checks `bytes` as UTF-8 and splits them into lines, in pieces of about `piece_bytes` that
/// end just after a line feed, in parallel. A line feed is never part of a multi-byte
/// character and always ends a line, so each piece checks and splits as it would within the
/// whole. The error is the first invalid byte's offset in `bytes`.
fn utf8_lines(bytes: &[u8], piece_bytes: usize) -> Result<Vec<String>, (usize, String)> {
    let mut pieces = Vec::new();
    let mut start = 0;
    while start < bytes.len() {
        let line_feed = bytes.get(start + piece_bytes..).and_then(|rest| rest.iter().position(|&b| b == b'\n'));
        let end = line_feed.map_or(bytes.len(), |at| start + piece_bytes + at + 1);
        pieces.push((start, &bytes[start..end]));
        start = end;
    }
    let split: Vec<Result<Vec<String>, usize>> = pieces
        .par_iter()
        .map(|&(start, piece)| std::str::from_utf8(piece).map(split_lines).map_err(|err| start + err.valid_up_to()))
        .collect();
    let mut lines = Vec::with_capacity(split.iter().map(|piece| piece.as_ref().map_or(0, Vec::len)).sum());
    for piece in split {
        match piece {
            Ok(piece_lines) => lines.extend(piece_lines),
            Err(offset) => return Err((offset, format!("invalid UTF-8 at byte offset {offset}"))),
        }
    }
    Ok(lines)
}

fn decode_shift_jis(bytes: &[u8]) -> Result<String, (usize, String)> {
    let mut decoder = encoding_rs::SHIFT_JIS.new_decoder_without_bom_handling();
    // The decoder writes into spare capacity only: reserve the most it can need.
    let capacity = decoder.max_utf8_buffer_length_without_replacement(bytes.len()).unwrap_or(usize::MAX / 2);
    let mut text = String::with_capacity(capacity);
    let (result, read) = decoder.decode_to_string_without_replacement(bytes, &mut text, true);
    match result {
        encoding_rs::DecoderResult::InputEmpty => Ok(text),
        encoding_rs::DecoderResult::Malformed(bad, _) => {
            let offset = read.saturating_sub(bad as usize);
            Err((offset, format!("invalid Shift_JIS at byte offset {offset}")))
        }
        encoding_rs::DecoderResult::OutputFull => Err((read, "Shift_JIS text too large to decode".to_string())),
    }
}

/// Splits at `\n`, `\r\n` and a lone `\r`. `str::split` on one ASCII char searches with
/// memchr, so lines are found a word at a time; lone `\r`s are looked for within each line.
fn split_lines(text: &str) -> Vec<String> {
    if text.is_empty() {
        return Vec::new();
    }
    let body = text.strip_suffix('\n').unwrap_or(text);
    let mut lines = Vec::new();
    for piece in body.split('\n') {
        let line = piece.strip_suffix('\r').unwrap_or(piece);
        if line.contains('\r') {
            lines.extend(line.split('\r').map(str::to_string));
        } else {
            lines.push(line.to_string());
        }
    }
    lines
}

/// Line `line` (1-based) of undecodable bytes, shown lossily; control characters as U+FFFD.
fn line_text(bytes: &[u8], line: usize) -> String {
    let lossy = String::from_utf8_lossy(bytes);
    let text = split_lines(&lossy).into_iter().nth(line - 1).unwrap_or_default();
    text.chars().map(|c| if c.is_control() && c != '\t' { '\u{FFFD}' } else { c }).collect()
}

/// The 1-based line holding byte `offset`, counting line ends as `split_lines` does.
fn line_of_offset(bytes: &[u8], offset: usize) -> usize {
    let before = &bytes[..offset.min(bytes.len())];
    let lone_cr = before.windows(2).filter(|w| w[0] == b'\r' && w[1] != b'\n').count()
        + usize::from(before.last() == Some(&b'\r') && bytes.get(offset) != Some(&b'\n'));
    1 + before.iter().filter(|&&b| b == b'\n').count() + lone_cr
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
    fn line_ends_in_any_mix() {
        // Every string over these characters, up to length 6, against a plain scan for ends.
        let by_scan = |text: &str| {
            let mut lines = Vec::new();
            let mut rest = text;
            while let Some(end) = rest.find(['\n', '\r']) {
                lines.push(rest[..end].to_string());
                rest = &rest[end + if rest[end..].starts_with("\r\n") { 2 } else { 1 }..];
            }
            if !rest.is_empty() {
                lines.push(rest.to_string());
            }
            lines
        };
        let mut texts = vec![String::new()];
        for _ in 0..6 {
            texts = texts.iter().flat_map(|t| ["a", "\n", "\r", "あ"].map(|c| format!("{t}{c}"))).chain(texts.clone()).collect();
        }
        for text in texts {
            assert_eq!(split_lines(&text), by_scan(&text), "{text:?}");
        }
    }

    #[test]
    fn pieces_split_as_the_whole() {
        let edition = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/raw/r4.txt")).unwrap();
        let whole = split_lines(std::str::from_utf8(&edition).unwrap());
        for piece_bytes in [0, 1, 100, 4096, usize::MAX / 2] {
            assert_eq!(utf8_lines(&edition, piece_bytes).unwrap(), whole, "pieces of {piece_bytes}");
        }
        for text in ["a\r\nb\rc\n\nd", "\n\n", "\r\n", "あ\nい\r", ""] {
            assert_eq!(utf8_lines(text.as_bytes(), 1).unwrap(), split_lines(text), "{text:?}");
        }
        let mut bad = edition.clone();
        bad[300_000] = 0xFF;
        let expected = std::str::from_utf8(&bad).unwrap_err().valid_up_to();
        for piece_bytes in [1, 100, 4096, usize::MAX / 2] {
            assert_eq!(utf8_lines(&bad, piece_bytes).unwrap_err().0, expected, "pieces of {piece_bytes}");
        }
    }

    #[test]
    fn bom_is_dropped() {
        let source = read_source("t.txt", b"\xEF\xBB\xBFabc\n").unwrap();
        assert_eq!((source.lines, source.encoding), (vec!["abc".to_string()], Encoding::Utf8));
    }

    #[test]
    fn shift_jis_is_detected() {
        let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode("派遣元：総務省\r\n①取組");
        let source = read_source("t.txt", &bytes).unwrap();
        assert_eq!((source.lines, source.encoding), (vec!["派遣元：総務省".to_string(), "①取組".to_string()], Encoding::ShiftJis));
    }

    #[test]
    fn forced_encoding_is_used() {
        let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode("派遣");
        assert!(read_source_as("t.txt", &bytes, Some(Encoding::Utf8)).is_err());
        assert_eq!(read_source_as("t.txt", &bytes, Some(Encoding::ShiftJis)).unwrap().lines, ["派遣"]);
    }

    #[test]
    fn invalid_input_names_line_and_offset() {
        let err = read_source("t.txt", b"ok\nok\r\nbad \xFF here").unwrap_err();
        assert_eq!(err.line, Some(3));
        assert_eq!(err.to_string(), "t.txt:3: invalid UTF-8 at byte offset 11, and the file is not Shift_JIS (CP932) either");
    }

    #[test]
    fn errors_render_like_rustc_with_the_line() {
        let err = read_source("raw/bad.txt", b"ok\nbad \xFF here\n").unwrap_err();
        assert_eq!(
            err.render(),
            "invalid UTF-8 at byte offset 7, and the file is not Shift_JIS (CP932) either\n --> raw/bad.txt:2\n  |\n2 | bad \u{FFFD} here\n  |"
        );
        assert_eq!(read_source("raw/e.txt", b"").unwrap_err().render(), "raw/e.txt: empty file");
    }

    #[test]
    fn line_numbers_of_offsets_count_every_line_end() {
        assert_eq!(line_of_offset(b"a\rb\r\nc\nd", 7), 4);
        assert_eq!(line_of_offset(b"a\rb", 2), 2);
    }

    #[test]
    fn nul_byte_and_empty_input_are_errors() {
        assert_eq!(read_source("t.txt", b"a\nb\0").unwrap_err().to_string(), "t.txt:2: NUL byte at byte offset 3: this looks like a binary file");
        assert_eq!(read_source("t.txt", b"").unwrap_err().to_string(), "t.txt: empty file");
        assert_eq!(read_source("t.txt", b" \r\n\n").unwrap_err().to_string(), "t.txt: empty file");
    }

    #[test]
    fn encoding_names() {
        assert_eq!(Encoding::from_name("CP932"), Some(Encoding::ShiftJis));
        assert_eq!(Encoding::from_name("utf-8"), Some(Encoding::Utf8));
        assert_eq!(Encoding::from_name("latin1"), None);
    }
}
