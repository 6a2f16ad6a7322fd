//! Generated editions for the corpus and batch benchmarks: copies of `raw/r4.txt` whose
//! formatting varies the way other conversions of the series do (line ends, byte order mark,
//! colon and space widths, full-width Latin letters and digits, Shift_JIS). Generated at bench
//! time, never committed.

/// The edition every copy is made from.
pub fn base_edition() -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/raw/r4.txt");
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Copy number `i` of `base`, as the bytes of a file.
pub fn variant(base: &str, i: usize) -> Vec<u8> {
    let mut text: String = base
        .lines()
        .map(|line| {
            let mut line = line.to_string();
            if i % 2 == 1 {
                line = line.replace('：', ":");
            }
            if i % 3 == 1 {
                line = line.replace(' ', "\u{3000}");
            }
            if i % 5 == 2 {
                line = line.chars().map(full_width).collect();
            }
            if i % 4 == 3 && !line.is_empty() {
                line.push_str("  ");
            }
            line
        })
        .collect::<Vec<_>>()
        .join(["\n", "\r\n", "\r"][i % 3]);
    text.push_str(["\n", "\r\n", "\r"][i % 3]);
    if i % 10 == 7 {
        return encoding_rs::SHIFT_JIS.encode(&text).0.into_owned();
    }
    if i.is_multiple_of(4) {
        text.insert(0, '\u{FEFF}');
    }
    text.into_bytes()
}

/// Latin letters and digits as OCR sometimes gives them: full-width.
fn full_width(c: char) -> char {
    if c.is_ascii_alphanumeric() { char::from_u32(c as u32 + 0xFEE0).unwrap_or(c) } else { c }
}
