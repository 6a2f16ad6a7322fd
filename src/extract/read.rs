//! Stage 1: raw bytes -> lines.
//!
//! Line numbers are the ones a text editor shows: `\n`, `\r\n` and a lone `\r` each end a line.
//! Input is UTF-8 (a byte order mark is dropped) or, as Japanese government text often is,
//! Shift_JIS/CP932: detected when the bytes are not UTF-8 but decode cleanly as CP932, or forced.

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
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}{}: {problem}", at_line(*.line))]
pub struct InputError {
    pub path: String,
    /// 1-based line, when the problem sits on one line.
    pub line: Option<usize>,
    pub problem: InputProblem,
    /// That line as text (undecodable bytes shown as U+FFFD), for showing where the problem is.
    pub source_line: Option<String>,
}

/// What is wrong with an input file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InputProblem {
    #[error("empty file")]
    Empty,
    #[error("empty file (white space only)")]
    WhiteSpaceOnly,
    #[error("NUL byte at byte offset {offset}: this looks like a binary file")]
    Binary { offset: usize },
    #[error("invalid UTF-8 at byte offset {offset}")]
    InvalidUtf8 { offset: usize },
    #[error("invalid Shift_JIS at byte offset {offset}")]
    InvalidShiftJis { offset: usize },
    #[error("invalid UTF-8 at byte offset {offset}, and the file is not Shift_JIS (CP932) either")]
    NeitherUtf8NorShiftJis { offset: usize },
    /// The last bytes begin a character that the file does not finish.
    #[error("the file ends inside a {encoding} character at byte offset {offset}: truncated?")]
    Truncated { encoding: &'static str, offset: usize },
    #[error("Shift_JIS text too large to decode")]
    TooLarge,
    #[error("no report found (no 派遣先市町村 or 派遣者氏名 line): is this an edition?")]
    NoReport,
    /// A cover or table of contents after the first report: several editions in one file.
    #[error("a second edition starts here (a cover or table of contents after the reports): give each edition its own file")]
    SecondEdition,
}

fn at_line(line: Option<usize>) -> String {
    line.map(|line| format!(":{line}")).unwrap_or_default()
}

impl InputError {
    /// An error about the file as a whole.
    pub fn file(path: &str, problem: InputProblem) -> Self {
        InputError { path: path.to_string(), line: None, problem, source_line: None }
    }

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
                format!("{}\n{pad}--> {}:{line}\n{pad} |\n{number} | {shown}\n{pad} |", self.problem, self.path)
            }
            _ => self.to_string(),
        }
    }
}

/// Decodes `bytes`, detecting the encoding, and splits them into lines.
pub fn read_source(path: &str, bytes: &[u8]) -> Result<SourceText, InputError> {
    read_source_as(path, bytes, None)
}

/// Decodes `bytes` as `encoding` (detected when `None`) and splits them into lines.
pub fn read_source_as(path: &str, bytes: &[u8], encoding: Option<Encoding>) -> Result<SourceText, InputError> {
    let error = |offset: usize, problem: InputProblem| {
        let line = line_of_offset(bytes, offset);
        InputError { path: path.to_string(), line: Some(line), problem, source_line: Some(line_text(bytes, line)) }
    };
    if bytes.is_empty() {
        return Err(InputError::file(path, InputProblem::Empty));
    }
    // `contains` on bytes searches with memchr, a word at a time; the position, by a plain loop,
    // is needed only in a binary file.
    if bytes.contains(&0)
        && let Some(offset) = bytes.iter().position(|&b| b == 0)
    {
        return Err(error(offset, InputProblem::Binary { offset }));
    }
    let utf8 = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let bom = bytes.len() - utf8.len();
    let (lines, encoding) = match encoding {
        Some(Encoding::Utf8) => (utf8_lines(utf8, PIECE_BYTES).map_err(|bad| error(bad.offset + bom, bad.problem(bom)))?, Encoding::Utf8),
        Some(Encoding::ShiftJis) => (split_lines(&decode_shift_jis(bytes).map_err(|(offset, problem)| error(offset, problem))?), Encoding::ShiftJis),
        None => match utf8_lines(utf8, PIECE_BYTES) {
            Ok(lines) => (lines, Encoding::Utf8),
            Err(bad) => match decode_shift_jis(bytes) {
                Ok(text) => (split_lines(&text), Encoding::ShiftJis),
                // Cut inside a character: say so, in the encoding whose text it was.
                Err(_) if bad.at_end => return Err(error(bad.offset + bom, bad.problem(bom))),
                Err((offset, problem @ InputProblem::Truncated { .. })) => return Err(error(offset, problem)),
                Err(_) => {
                    let offset = bad.offset + bom;
                    return Err(error(offset, InputProblem::NeitherUtf8NorShiftJis { offset }));
                }
            },
        },
    };
    if lines.iter().all(|line| line.trim().is_empty()) {
        return Err(InputError::file(path, InputProblem::WhiteSpaceOnly));
    }
    Ok(SourceText { lines, encoding })
}

/// Where UTF-8 text stops being valid.
#[derive(Debug, PartialEq, Eq)]
struct BadUtf8 {
    /// The first invalid byte's offset.
    offset: usize,
    /// The bytes from `offset` on start a character, and the input ends before it does.
    at_end: bool,
}

impl BadUtf8 {
    /// The problem, with offsets counted from the file's start (`bom` bytes before the text).
    fn problem(&self, bom: usize) -> InputProblem {
        let offset = self.offset + bom;
        if self.at_end { InputProblem::Truncated { encoding: "UTF-8", offset } } else { InputProblem::InvalidUtf8 { offset } }
    }
}

/// UTF-8 input is checked and split in pieces of about this many bytes, in parallel.
const PIECE_BYTES: usize = 64 * 1024;

/// Checks `bytes` as UTF-8 and splits them into lines, in pieces of about `piece_bytes` that
/// end just after a line feed, in parallel. A line feed is never part of a multi-byte
/// character and always ends a line, so each piece checks and splits as it would within the
/// whole. The error is the first invalid byte's offset in `bytes`.
fn utf8_lines(bytes: &[u8], piece_bytes: usize) -> Result<Vec<String>, BadUtf8> {
    let mut pieces = Vec::new();
    let mut start = 0;
    while start < bytes.len() {
        let line_feed = bytes.get(start + piece_bytes..).and_then(|rest| rest.iter().position(|&b| b == b'\n'));
        let end = line_feed.map_or(bytes.len(), |at| start + piece_bytes + at + 1);
        pieces.push((start, &bytes[start..end]));
        start = end;
    }
    // Only the last piece can end inside a character: the others end with a line feed.
    let split: Vec<Result<Vec<String>, BadUtf8>> = pieces
        .par_iter()
        .map(|&(start, piece)| {
            // std's check takes a character at a time outside ASCII, i.e. nearly everywhere in
            // Japanese text; simdutf8's vectorized one reports the same offsets.
            simdutf8::compat::from_utf8(piece)
                .map(split_lines)
                .map_err(|err| BadUtf8 { offset: start + err.valid_up_to(), at_end: err.error_len().is_none() })
        })
        .collect();
    let mut lines = Vec::with_capacity(split.iter().map(|piece| piece.as_ref().map_or(0, Vec::len)).sum());
    for piece in split {
        lines.extend(piece?);
    }
    Ok(lines)
}

/// The text, or the offset of the first byte that is not Shift_JIS and what is wrong there.
fn decode_shift_jis(bytes: &[u8]) -> Result<String, (usize, InputProblem)> {
    let mut decoder = encoding_rs::SHIFT_JIS.new_decoder_without_bom_handling();
    // The decoder writes into spare capacity only: reserve the most it can need.
    let capacity = decoder.max_utf8_buffer_length_without_replacement(bytes.len()).unwrap_or(usize::MAX / 2);
    let mut text = String::with_capacity(capacity);
    let (result, read) = decoder.decode_to_string_without_replacement(bytes, &mut text, true);
    match result {
        encoding_rs::DecoderResult::InputEmpty => Ok(text),
        encoding_rs::DecoderResult::Malformed(bad, _) => {
            let offset = read.saturating_sub(bad as usize);
            // A lead byte as the file's last byte: the character's second byte is missing.
            let lead_byte = |b: u8| matches!(b, 0x81..=0x9F | 0xE0..=0xFC);
            if offset + 1 == bytes.len() && lead_byte(bytes[offset]) {
                Err((offset, InputProblem::Truncated { encoding: "Shift_JIS", offset }))
            } else {
                Err((offset, InputProblem::InvalidShiftJis { offset }))
            }
        }
        encoding_rs::DecoderResult::OutputFull => Err((read, InputProblem::TooLarge)),
    }
}

/// Splits at `\n`, `\r\n` and a lone `\r`. The line ends are found with memchr's vectorized
/// search (32 bytes at a time), which std's `split` on a char does not use.
fn split_lines(text: &str) -> Vec<String> {
    if text.is_empty() {
        return Vec::new();
    }
    // The last line's end ends no line of its own.
    let body = text.strip_suffix("\r\n").or_else(|| text.strip_suffix(['\n', '\r'])).unwrap_or(text);
    let bytes = body.as_bytes();
    let mut lines = Vec::new();
    let mut start = 0;
    for at in memchr::memchr2_iter(b'\n', b'\r', bytes) {
        // The `\n` of a `\r\n`, ended with its `\r`.
        if at < start {
            continue;
        }
        lines.push(body[start..at].to_string());
        start = at + 1 + usize::from(bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n'));
    }
    lines.push(body[start..].to_string());
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
            assert_eq!(utf8_lines(&bad, piece_bytes).unwrap_err().offset, expected, "pieces of {piece_bytes}");
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
        let white_space = "\u{FEFF} \r\n\u{3000}\t\n".as_bytes();
        assert_eq!(read_source("t.txt", white_space).unwrap_err().to_string(), "t.txt: empty file (white space only)");
    }

    #[test]
    fn a_file_cut_inside_a_character_looks_truncated() {
        let utf8 = "派遣元：総務省\n".as_bytes();
        let cut = &utf8[..utf8.len() - 3]; // the file stops after the first of 省's three bytes
        let err = read_source("t.txt", cut).unwrap_err();
        assert_eq!(err.to_string(), "t.txt:1: the file ends inside a UTF-8 character at byte offset 18: truncated?");
        assert!(matches!(read_source_as("t.txt", cut, Some(Encoding::Utf8)).unwrap_err().problem, InputProblem::Truncated { .. }));

        let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode("派遣元：総務省");
        let cut = &sjis[..sjis.len() - 1];
        let err = read_source("t.txt", cut).unwrap_err();
        assert_eq!(err.problem, InputProblem::Truncated { encoding: "Shift_JIS", offset: sjis.len() - 2 });
        assert!(err.to_string().ends_with("truncated?"), "{err}");
    }

    #[test]
    fn encoding_names() {
        assert_eq!(Encoding::from_name("CP932"), Some(Encoding::ShiftJis));
        assert_eq!(Encoding::from_name("utf-8"), Some(Encoding::Utf8));
        assert_eq!(Encoding::from_name("latin1"), None);
    }
}
