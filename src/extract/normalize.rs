//! Stage 2: raw line -> output text and match key (normalization.md).
//!
//! Two uses, kept apart: [`clean`] gives the text a reader sees and is conservative;
//! [`match_key`] folds much harder and is only ever compared against vocabulary tables.
//!
//! NFKC is ICU4X's (`icu_normalizer`): the same output as unicode-normalization on every
//! code point (tested below), at several times the speed (BENCHMARKS.md).

use std::borrow::Cow;
use std::ops::Range;
use std::sync::LazyLock;

use icu_normalizer::ComposingNormalizerBorrowed;
use regex::Regex;

use crate::tables::static_regex;

const NFKC: ComposingNormalizerBorrowed<'static> = ComposingNormalizerBorrowed::new_nfkc();

/// HTML tags the converter left behind (`<ul style=...>`, `</p>`); Japanese `<...>` headings stay.
static HTML_TAG: LazyLock<Regex> =
    LazyLock::new(|| static_regex(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>"));
/// Markdown autolinks `<https://...>` keep their address.
static AUTOLINK: LazyLock<Regex> =
    LazyLock::new(|| static_regex(r"<(https?://[^<>\s]+)>"));

/// Output text: NFKC except for the marks that carry meaning in Japanese text, converter debris
/// removed, white space folded to single ASCII spaces, trimmed. Idempotent: clean text cleans to
/// itself (fuzzed in fuzz/fuzz_targets/normalizer.rs).
pub fn clean(raw: &str) -> String {
    clean_scanned(raw, &scan(raw)).into_owned()
}

/// The clean text, borrowed when `raw` is clean already.
fn clean_scanned<'a>(raw: &'a str, scan: &Scan) -> Cow<'a, str> {
    if scan.emphasized {
        // What the plain paths below do, once the emphasis is gone. Removing it can bring
        // spaces together, so they are folded in any case.
        let narrow: Cow<'_, str> = if scan.wide { Cow::Owned(narrowed(raw)) } else { Cow::Borrowed(raw) };
        return Cow::Owned(fold_spaces(&without_emphasis(&narrow)));
    }
    if scan.plain && scan.wide {
        // NFKC maps each full-width form to its ASCII character, and does nothing else here.
        let narrow = narrowed(raw);
        return Cow::Owned(if scan.folded { narrow } else { fold_spaces(&narrow) });
    }
    if scan.plain {
        // Fast path: NFKC and debris removal would change nothing, so only spaces can need folding.
        return if scan.folded { Cow::Borrowed(raw) } else { Cow::Owned(fold_spaces(raw)) };
    }
    Cow::Owned(clean_fully(raw))
}

/// Every step of cleaning, until stable.
fn clean_fully(raw: &str) -> String {
    // Removing debris can bring a letter and a combining mark together (`F**\u{307}`), which
    // NFKC then composes: when debris was removed, repeat until stable. Without debris one pass
    // is already stable (folding spaces joins no two characters).
    let (mut text, mut had_debris) = clean_once(raw);
    while had_debris {
        let (next, debris) = clean_once(&text);
        if next == text {
            break;
        }
        (text, had_debris) = (next, debris);
    }
    text
}

/// True only when `clean(text) == text`, decided cheaply: each step of [`clean_once`] would
/// leave it as it is. Some clean text still answers false (`<第1回>`), and is cleaned in full.
fn is_clean(text: &str) -> bool {
    let scan = scan(text);
    scan.folded
        && !scan.wide
        && (scan.plain
            || !text.contains('<')
                && !text.contains("**")
                && !text.contains('\u{301C}')
                && text.split(|c| protected(c).is_some()).all(|run| NFKC.is_normalized(run)))
}

/// What one pass over a text finds out.
#[derive(Debug, PartialEq, Eq)]
struct Scan {
    /// White space is single ASCII spaces between words already.
    folded: bool,
    /// NFKC (with the protected marks) and debris removal change nothing but the full-width
    /// forms (`wide`): no `<`, no `**`, and only characters that are normalized in any order
    /// ([`is_plainly_normalized`]), protected marks in their kept form, white space (which NFKC
    /// maps to white space) and full-width forms of ASCII other than `＊` and `＜` (which could
    /// make debris).
    plain: bool,
    /// Holds full-width forms of ASCII (（ ） ：), which NFKC maps to ASCII one by one.
    wide: bool,
    /// Holds white space, `*`, 【 or 】, which match keys drop wherever they stand.
    spaced: bool,
    /// Holds 【 or 】 (and so does the clean text of a plain line).
    lenticular: bool,
    /// Plain but for Markdown emphasis (`**`): removing it leaves plain text.
    emphasized: bool,
}

fn scan(text: &str) -> Scan {
    // Only the loud characters are read; a quiet one changes nothing but `previous`, which then
    // holds a character that is neither a space nor `*`, as any quiet one does.
    let bytes = text.as_bytes();
    let mut scanner = Scanner::new();
    let mut end_of_loud = 0;
    for block in 0..bytes.len().div_ceil(STARTS_BLOCK) {
        // Past the text's end, a quiet ASCII letter.
        let mut loud = starts_where(bytes, block, b'a', |lead, second, third| !is_quiet(lead, second, third));
        while loud != 0 {
            let at = block * STARTS_BLOCK + loud.trailing_zeros() as usize;
            loud &= loud - 1;
            if at > end_of_loud {
                scanner.previous = QUIET;
            }
            let Some(c) = text[at..].chars().next() else { break };
            scanner.step(c);
            end_of_loud = at + c.len_utf8();
        }
    }
    if bytes.len() > end_of_loud {
        scanner.previous = QUIET;
    }
    scanner.finish(text.is_empty())
}

/// A character the scan passes over ([`is_quiet`]).
const QUIET: char = '一';

/// The scan's state after the characters read so far.
struct Scanner {
    previous: char,
    folded: bool,
    plain: bool,
    wide: bool,
    spaced: bool,
    lenticular: bool,
    emphasis: bool,
}

impl Scanner {
    fn new() -> Scanner {
        Scanner { previous: ' ', folded: true, plain: true, wide: false, spaced: false, lenticular: false, emphasis: false }
    }

    fn step(&mut self, c: char) {
        // Ideographs and kana, most of an edition, are plain and none of the characters checked
        // below; other plain characters may be 【 or 】.
        if is_ideograph_or_kana(c) {
            self.previous = c;
            return;
        }
        if !c.is_ascii() && is_plainly_normalized(c) {
            self.lenticular |= matches!(c, '【' | '】');
            self.previous = c;
            return;
        }
        match c {
            ' ' => self.folded &= self.previous != ' ',
            '*' => self.emphasis |= self.previous == '*',
            '<' => self.plain = false,
            _ if c.is_whitespace() => self.folded = false,
            _ if narrow(c) != c && !matches!(c, '＊' | '＜') => self.wide = true,
            _ => self.plain &= c.is_ascii() || protected(c) == Some(c),
        }
        self.spaced |= c == '*' || c.is_whitespace();
        self.previous = c;
    }

    fn finish(self, empty: bool) -> Scan {
        let Scanner { previous, folded, plain, wide, spaced, lenticular, emphasis } = self;
        Scan {
            folded: folded && (empty || previous != ' '),
            plain: plain && !emphasis,
            wide,
            spaced: spaced || lenticular,
            lenticular,
            emphasized: plain && emphasis,
        }
    }
}

/// Bytes that one [`starts_where`] mask covers.
pub(crate) const STARTS_BLOCK: usize = 64;

/// Bit `j` set when `test` holds for byte `64 * block + j` of `bytes` and the two after it
/// (`past_end` past the end). Tested without branches (a loop the compiler vectorizes), then eight
/// flags to eight bits by one multiplication each, so that text where the answer alternates from
/// one character to the next (kana and kanji, one byte-length apart) costs no mispredicted branch.
/// Callers take the set bits themselves (`trailing_zeros`, then clear the lowest): an iterator of
/// offsets over the blocks, tried in place of those loops, cost 0.9 M instructions an edition more.
#[inline]
pub(crate) fn starts_where(bytes: &[u8], block: usize, past_end: u8, test: impl Fn(u8, u8, u8) -> bool) -> u64 {
    let from = block * STARTS_BLOCK;
    let mut window = [past_end; STARTS_BLOCK + 2];
    let len = bytes.len().saturating_sub(from).min(window.len());
    window[..len].copy_from_slice(&bytes[from..from + len]);
    let mut flags = [0u8; STARTS_BLOCK];
    for (j, flag) in flags.iter_mut().enumerate() {
        *flag = u8::from(test(window[j], window[j + 1], window[j + 2]));
    }
    let mut starts = 0;
    for (i, eight) in flags.as_chunks::<8>().0.iter().enumerate() {
        starts |= (u64::from_le_bytes(*eight).wrapping_mul(0x0102_0408_1020_4080) >> 56) << (8 * i);
    }
    starts
}

/// True for a byte that continues a character, or that starts one (with the two bytes after it)
/// that [`Scanner::step`] only passes over: ASCII but white space, controls, `*` and `<`; ideographs
/// U+4E00 to U+9FFF; kana; 、。々 and the CJK brackets but 【】. Decided without a branch.
// Inlined into the vectorized loop of `starts_where`: a call per byte would cost more than the test.
#[inline(always)]
fn is_quiet(lead: u8, second: u8, third: u8) -> bool {
    let ascii = (0x21..=0x7E).contains(&lead) & (lead != b'*') & (lead != b'<');
    let continuation = (0x80..=0xBF).contains(&lead);
    let ideograph = (0xE5..=0xE9).contains(&lead) | (lead == 0xE4) & (second >= 0xB8);
    let hiragana = (second == 0x81) & (third >= 0x81) | (second == 0x82) & (third <= 0x96);
    let katakana = (second == 0x82) & (third >= 0xA1) | (second == 0x83) & (third <= 0xBC);
    let punctuation = (second == 0x80) & (matches!(third, 0x81 | 0x82 | 0x85) | (0x88..=0x8F).contains(&third) | (0x92..=0x9B).contains(&third));
    ascii | continuation | ideograph | (lead == 0xE3) & (hiragana | katakana | punctuation)
}

/// The ASCII character of a full-width form (U+FF01 to U+FF5D, NFKC's mapping); any other
/// character as it is. The wave dash U+FF5E is a protected mark.
fn narrow(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5D}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// `text` with each full-width form of ASCII mapped by [`narrow`]. The forms are found by their
/// UTF-8 lead byte, EF, which no kana or kanji has, with memchr: the runs between them are copied
/// whole instead of character by character.
fn narrowed(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    // EF is never a continuation byte: where it stands, a character starts.
    while let Some(at) = memchr::memchr(0xEF, rest.as_bytes()) {
        out.push_str(&rest[..at]);
        let mut chars = rest[at..].chars();
        out.extend(chars.next().map(narrow));
        rest = chars.as_str();
    }
    out.push_str(rest);
    out
}

/// ASCII, the Japanese punctuation and brackets (、。「」【】〈〉《》〔〕, not the wave dash 〜, a
/// protected mark), kana and unified ideographs, and the marks reports open lines with (geometric
/// shapes ○ ■ ◆ ▲, arrows → ⇒, ※, 々, “ ”, the symbols and dingbats ★ ♦ ✓ ❖ ➡, pictographs):
/// NFKC quick check Yes and combining class 0, so any run of them is NFKC-normalized without
/// asking ICU4X.
fn is_plainly_normalized(c: char) -> bool {
    is_ideograph_or_kana(c)
        || c.is_ascii()
        || matches!(c, '\u{3001}'..='\u{3002}' | '\u{3008}'..='\u{301B}' | '\u{3005}')
        || matches!(c, '\u{25A0}'..='\u{25FF}' | '\u{2190}'..='\u{2193}' | '\u{21D0}'..='\u{21D4}' | '\u{203B}' | '\u{201C}'..='\u{201D}')
        || matches!(c, '\u{2600}'..='\u{27BF}' | '\u{1F300}'..='\u{1F64F}')
}

/// Unified ideographs, hiragana and katakana (with the middle dot and the long vowel mark).
fn is_ideograph_or_kana(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3041}'..='\u{3096}' | '\u{30A1}'..='\u{30FC}')
}

/// The text cleaned, borrowed when it was clean already.
fn cleaned(text: &str) -> Cow<'_, str> {
    if is_clean(text) { Cow::Borrowed(text) } else { Cow::Owned(clean(text)) }
}

/// One pass of cleaning, and whether it removed debris.
fn clean_once(raw: &str) -> (String, bool) {
    let normalized = nfkc_keeping_marks(raw);
    let stripped = strip_debris(&normalized);
    // Borrowed means nothing to strip was found: no need to compare.
    let had_debris = matches!(&stripped, Cow::Owned(text) if *text != normalized);
    (fold_spaces(&stripped), had_debris)
}

/// NFKC, except for the protected marks.
fn nfkc_keeping_marks(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut run_start = 0;
    for (i, c) in raw.char_indices() {
        if let Some(kept) = protected(c) {
            push_nfkc(&raw[run_start..i], &mut out);
            out.push(kept);
            run_start = i + c.len_utf8();
        }
    }
    push_nfkc(&raw[run_start..], &mut out);
    out
}

/// Removes Markdown emphasis (`***` leaves `*`, as [`strip_debris`] does).
fn without_emphasis(text: &str) -> String {
    let mut text = text.replace("**", "");
    while text.contains("**") {
        text = text.replace("**", "");
    }
    text
}

/// Removes Markdown emphasis and HTML tags; autolinks keep their address. Repeated until
/// nothing changes, since removing one tag can reveal another (`<<p>p>`).
fn strip_debris(text: &str) -> Cow<'_, str> {
    if !text.contains("**") && !text.contains('<') {
        return Cow::Borrowed(text);
    }
    let mut text = text.to_string();
    loop {
        let mut stripped = text.replace("**", "");
        if stripped.contains('<') {
            stripped = AUTOLINK.replace_all(&stripped, "$1").into_owned();
            stripped = HTML_TAG.replace_all(&stripped, " ").into_owned();
        }
        if stripped == text {
            return Cow::Owned(text);
        }
        text = stripped;
    }
}

/// Characters NFKC would rewrite but whose form the document needs: circled numbers keep
/// numbered items apart, and the wave dash marks ranges and subtitles.
fn protected(c: char) -> Option<char> {
    match c {
        '\u{FF5E}' | '\u{301C}' => Some('\u{FF5E}'),
        '\u{2460}'..='\u{24FF}' => Some(c),
        _ => None,
    }
}

fn push_nfkc(run: &str, out: &mut String) {
    // ICU4X copies the normalized prefix as is and only decomposes from the first change.
    let _ = NFKC.normalize_to(run, out);
}

/// The words of a text (what white space separates) joined by single ASCII spaces. The white space
/// is found by its bytes ([`starts_white_space`]), without decoding a character: splitting on
/// `char::is_whitespace` decoded every one and looked most up in Unicode's tables, with a
/// mispredicted branch wherever kana and kanji alternate.
fn fold_spaces(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut word_start = 0;
    for block in 0..bytes.len().div_ceil(STARTS_BLOCK) {
        // Past the text's end, a letter.
        let mut spaces = starts_where(bytes, block, b'a', starts_white_space);
        while spaces != 0 {
            let at = block * STARTS_BLOCK + spaces.trailing_zeros() as usize;
            spaces &= spaces - 1;
            push_word(&mut out, &text[word_start..at]);
            word_start = at + utf8_len(bytes[at]);
        }
    }
    push_word(&mut out, &text[word_start..]);
    out
}

/// The byte length of the white space a text starts with, found as [`fold_spaces`] finds it: most
/// lines start with a word, which one test of their first bytes tells, where `char::is_whitespace`
/// branched on the first character's Unicode block.
pub(crate) fn leading_white_space(text: &str) -> usize {
    let bytes = text.as_bytes();
    let byte = |at: usize| bytes.get(at).copied().unwrap_or(b'a');
    let mut at = 0;
    while at < bytes.len() && starts_white_space(byte(at), byte(at + 1), byte(at + 2)) {
        at += utf8_len(bytes[at]);
    }
    at
}

/// Adds a word to folded text, after a space unless it is the first; nothing for an empty one.
fn push_word(out: &mut String, word: &str) {
    if word.is_empty() {
        return;
    }
    if !out.is_empty() {
        out.push(' ');
    }
    out.push_str(word);
}

/// The length of the character whose UTF-8 encoding starts with `lead`.
fn utf8_len(lead: u8) -> usize {
    1 + usize::from(lead >= 0xC0) + usize::from(lead >= 0xE0) + usize::from(lead >= 0xF0)
}

/// True for a byte that starts (with the two bytes after it) a character of white space
/// (`char::is_whitespace`): U+0009 to U+000D, U+0020, U+0085, U+00A0, U+1680, U+2000 to U+200A,
/// U+2028, U+2029, U+202F, U+205F and U+3000. Decided without a branch, like [`is_quiet`].
#[inline(always)]
fn starts_white_space(lead: u8, second: u8, third: u8) -> bool {
    let ascii = (lead == b' ') | (b'\t'..=b'\r').contains(&lead);
    let latin1 = (lead == 0xC2) & ((second == 0x85) | (second == 0xA0));
    let ogham = (lead == 0xE1) & (second == 0x9A) & (third == 0x80);
    let general = (lead == 0xE2) & ((second == 0x80) & ((0x80..=0x8A).contains(&third) | matches!(third, 0xA8 | 0xA9 | 0xAF)) | (second == 0x81) & (third == 0x9F));
    let ideographic = (lead == 0xE3) & (second == 0x80) & (third == 0x80);
    ascii | latin1 | ogham | general | ideographic
}

/// Match key for recognizing labels and headings: NFKC, no white space, no `*`, no 【】,
/// leading bullets and heading marks stripped, trailing colon stripped.
pub fn match_key(text: &str) -> String {
    key_of_clean(&cleaned(text)).into_owned()
}

/// A line's match key, kept beside its clean text. Most keys are a slice of the text (the text
/// itself, or the text without the marks that open it and the colon that closes it): those are its
/// byte range, not a copy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Key {
    /// The key is `text[start..end]`.
    Within { start: usize, end: usize },
    /// The key differs from any slice of the text (white space, `*` or 【】 dropped inside it).
    Apart(String),
}

impl Key {
    /// The key of the line whose clean text is `text`.
    #[inline]
    pub fn of<'a>(&'a self, text: &'a str) -> &'a str {
        match self {
            Key::Within { start, end } => &text[*start..*end],
            Key::Apart(key) => key,
        }
    }
}

/// A raw line's output text and match key, cleaning it once for both. The text is `None` when the
/// fast paths find it equal to the raw line, as for most lines of an edition: those need no copy.
/// `Some` may still hold an equal string (`<第1回>` is cleaned in full and comes out as it went in).
pub fn clean_and_key(raw: &str) -> (Option<String>, Key) {
    let scan = scan(raw);
    let text = clean_scanned(raw, &scan);
    // The key of the clean text is the key of the raw text: cleaning is idempotent. Fast path: a
    // plain text's key is plain, folded and free of `*`, hence clean and stable after one strip
    // (so is the key of one that was plain but for emphasis);
    // without anything a key drops inside it, only its ends can differ.
    let key = match scan {
        Scan { plain: true, spaced: true, lenticular, .. } | Scan { emphasized: true, lenticular, .. } => plain_key(&text, lenticular),
        Scan { plain: true, spaced: false, .. } => within(key_ends(&text)),
        Scan { plain: false, .. } => key_in(&text),
    };
    let text = match text {
        Cow::Borrowed(_) => None,
        Cow::Owned(text) => Some(text),
    };
    (text, key)
}

/// The key that is `text[range]` of its line's text.
fn within(range: Range<usize>) -> Key {
    Key::Within { start: range.start, end: range.end }
}

/// [`match_key`] of text that is clean already; borrowed when it is a slice of the text.
fn key_of_clean(text: &str) -> Cow<'_, str> {
    match key_in(text) {
        Key::Within { start, end } => Cow::Borrowed(&text[start..end]),
        Key::Apart(key) => Cow::Owned(key),
    }
}

/// The key of a plain text's clean text (or of one plain but for emphasis): stable once stripped.
/// Without 【】 (`lenticular`), what a key drops is ASCII, found with memchr.
fn plain_key(text: &str, lenticular: bool) -> Key {
    let stripped = if lenticular { without_dropped(text) } else { without_spaces_and_stars(text) };
    match stripped {
        Cow::Borrowed(_) => within(key_ends(text)),
        Cow::Owned(mut key) => {
            trim_key_ends(&mut key);
            Key::Apart(key)
        }
    }
}

/// [`match_key`] of clean text.
fn key_in(text: &str) -> Key {
    let Cow::Owned(mut key) = without_dropped(text) else { return within(key_ends(text)) };
    trim_key_ends(&mut key);
    // Removing characters can join neighbours into new debris (`<【】p>`), so fold until stable:
    // keys are idempotent, and every pass shortens the key or ends the loop. A key that is clean
    // is stable (it has nothing left to strip), which spares most keys a second pass.
    while !is_clean(&key) {
        let mut next = without_dropped(&cleaned(&key)).into_owned();
        trim_key_ends(&mut next);
        if next == key {
            break;
        }
        key = next;
    }
    Key::Apart(key)
}

/// The text without white space, `*` and 【】, wherever they stand; borrowed when it has none.
fn without_dropped(clean: &str) -> Cow<'_, str> {
    // A predicate costs less than a list of characters: it needs no search over the list.
    let dropped = |c: char| matches!(c, ' ' | '*' | '【' | '】');
    match clean.find(dropped) {
        None => Cow::Borrowed(clean),
        Some(at) => {
            let mut key = String::with_capacity(clean.len());
            key.push_str(&clean[..at]);
            clean[at..].split(dropped).for_each(|piece| key.push_str(piece));
            Cow::Owned(key)
        }
    }
}

/// [`without_dropped`] of clean text without 【】: what it drops, spaces and `*`, are single bytes.
fn without_spaces_and_stars(clean: &str) -> Cow<'_, str> {
    let mut dropped = memchr::memchr2_iter(b' ', b'*', clean.as_bytes()).peekable();
    if dropped.peek().is_none() {
        return Cow::Borrowed(clean);
    }
    let mut key = String::with_capacity(clean.len());
    let mut start = 0;
    for at in dropped {
        key.push_str(&clean[start..at]);
        start = at + 1;
    }
    key.push_str(&clean[start..]);
    Cow::Owned(key)
}

/// The marks that match keys drop from their start (markers.tsv), sorted for a binary search: a
/// list searched from its start compares every one of them with each line's first character.
static KEY_MARKS: LazyLock<Vec<char>> = LazyLock::new(|| {
    let mut marks = crate::extract::shape::key_marks().to_vec();
    marks.sort_unstable();
    marks
});

/// The first bytes of the marks' UTF-8 encodings, by byte value.
static KEY_MARK_LEADS: LazyLock<[bool; 256]> = LazyLock::new(|| {
    let mut leads = [false; 256];
    for mark in KEY_MARKS.iter() {
        leads[usize::from(mark.encode_utf8(&mut [0; 4]).as_bytes()[0])] = true;
    }
    leads
});

/// Where a key stands in `key`: without the marks that open it and the colon that closes it.
fn key_ends(key: &str) -> Range<usize> {
    // Marks that open a heading or bullet line never take part in its meaning. Most keys open with
    // a byte that starts no mark, which spares them decoding their first character and searching
    // the marks for it; the colon is ASCII, trimmed by its bytes without decoding the last one
    // (about 0.3 M instructions and 1.5 k mispredicts an edition less than decoding both ends).
    let opens_with_lead = key.as_bytes().first().is_some_and(|&b| KEY_MARK_LEADS[usize::from(b)]);
    let start = if opens_with_lead { key.len() - key.trim_start_matches(|c: char| KEY_MARKS.binary_search(&c).is_ok()).len() } else { 0 };
    let colons = key.as_bytes()[start..].iter().rev().take_while(|&&b| b == b':').count();
    start..key.len() - colons
}

/// [`key_ends`] of a key of its own, in place.
fn trim_key_ends(key: &mut String) {
    let Range { start, end } = key_ends(key);
    key.truncate(end);
    key.drain(..start);
}

/// Joins a continuation line to the text before it: no space between Japanese text,
/// one space where both sides are Latin letters or digits.
pub fn join_continuation(text: &mut String, next: &str) {
    let ends_latin = text.chars().last().is_some_and(|c| c.is_ascii_alphanumeric());
    let starts_latin = next.chars().next().is_some_and(|c| c.is_ascii_alphanumeric());
    if ends_latin && starts_latin {
        text.push(' ');
    }
    text.push_str(next);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The scan reading every character.
    fn every_character(text: &str) -> Scan {
        let mut scanner = Scanner::new();
        text.chars().for_each(|c| scanner.step(c));
        scanner.finish(text.is_empty())
    }

    /// Every character whose bytes the quiet test passes is one the scan passes over.
    #[test]
    fn a_quiet_character_changes_no_scan() {
        let passed_over = every_character("一一");
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let text = format!("一{c}一");
            let bytes = text.as_bytes();
            let quiet = (0..bytes.len()).all(|j| is_quiet(bytes[j], bytes.get(j + 1).copied().unwrap_or(b'a'), bytes.get(j + 2).copied().unwrap_or(b'a')));
            if quiet {
                assert_eq!(every_character(&text), passed_over, "{c:?}");
            }
        }
    }

    /// The byte test of white space agrees with `char::is_whitespace` on every character, and never
    /// holds inside one.
    #[test]
    fn white_space_is_found_by_its_bytes() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let text = format!("一{c}一");
            let bytes = text.as_bytes();
            let byte = |j: usize| bytes.get(j).copied().unwrap_or(b'a');
            let starts: Vec<usize> = (0..bytes.len()).filter(|&j| starts_white_space(byte(j), byte(j + 1), byte(j + 2))).collect();
            let expected = if c.is_whitespace() { vec!['一'.len_utf8()] } else { vec![] };
            assert_eq!(starts, expected, "{c:?}");
            assert_eq!(utf8_len(c.to_string().as_bytes()[0]), c.len_utf8(), "{c:?}");
        }
        assert_eq!(fold_spaces("\u{3000}鈴木\u{3000}\t 健一  \u{a0}a\u{2028}"), "鈴木 健一 a");
        assert_eq!(fold_spaces(&format!("{} 課題", "地域".repeat(40))), format!("{} 課題", "地域".repeat(40)));
        assert_eq!(fold_spaces(" \u{3000} "), "");
        // A space across two blocks: 21 kanji of three bytes, so U+3000 starts at byte 63.
        assert_eq!(fold_spaces(&format!("{}\u{3000}課題", "地".repeat(21))), format!("{} 課題", "地".repeat(21)));
        for (text, leading) in [("", 0), ("課題", 0), (" \u{3000}\t課題 ", 5), ("\u{a0}\u{2003}", 5), ("\u{3001}", 0)] {
            assert_eq!(leading_white_space(text), leading, "{text:?}");
        }
    }

    /// Reading only the loud characters gives the scan of every character: over every line of the
    /// bundled edition, and lines with loud characters in a later block or at a block's edge.
    #[test]
    fn the_scan_of_the_loud_characters_is_the_scan_of_every_character() {
        let edition = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/raw/r4.txt")).unwrap();
        let long = "地域の課題を解決するために".repeat(4);
        let made = [format!("{long}  です"), format!("{long}**強調**"), format!("{long}<br>"), format!("{long}【注】"), format!("ab{long}（１）"), format!("{long}\u{3000}"), long.clone(), format!("{long} ")];
        for text in edition.lines().chain(made.iter().map(String::as_str)) {
            assert_eq!(scan(text), every_character(text), "{text}");
        }
    }

    #[test]
    fn full_width_ascii_becomes_ascii() {
        assert_eq!(clean("ＤＸ推進：２０２３（令和５）"), "DX推進:2023(令和5)");
    }

    #[test]
    fn half_width_katakana_becomes_full_width() {
        assert_eq!(clean("ｶﾀｶﾅ"), "カタカナ");
    }

    #[test]
    fn spaces_fold_and_trim() {
        assert_eq!(clean("\u{3000}鈴木\u{3000}\t 健一  "), "鈴木 健一");
    }

    #[test]
    fn wave_dashes_become_one_form() {
        assert_eq!(clean("〜副題〜"), "～副題～");
        assert_eq!(clean("～副題～"), "～副題～");
    }

    #[test]
    fn circled_numbers_and_marks_are_kept() {
        assert_eq!(clean("①取組 ※注 ○見出し ▲図 →"), "①取組 ※注 ○見出し ▲図 →");
    }

    #[test]
    fn kangxi_radicals_become_unified_ideographs() {
        assert_eq!(clean("⼀"), "一");
    }

    #[test]
    fn kabu_sign_becomes_parenthesized() {
        assert_eq!(clean("㈱博報堂"), "(株)博報堂");
    }

    #[test]
    fn markdown_emphasis_and_html_are_removed() {
        assert_eq!(clean("**関係人口を創出**する"), "関係人口を創出する");
        assert_eq!(clean(r#"<ul style="list-style-type: none"> ・a ・b</ul>"#), "・a ・b");
        assert_eq!(clean("<第1回ワークショップ>"), "<第1回ワークショップ>");
        assert_eq!(clean("<https://example.jp/a>"), "https://example.jp/a");
    }

    #[test]
    fn cleaning_is_idempotent_on_nested_debris() {
        for text in ["<<p>p>", "＊＊強調＊＊", "<<https://a.jp>>", "a<b>*</b>*c", "①\u{301} ～", "F**\u{307}"] {
            let once = clean(text);
            assert_eq!(clean(&once), once, "{text:?}");
            let key = match_key(text);
            assert_eq!(match_key(&key), key, "{text:?}");
        }
    }

    #[test]
    fn match_keys_ignore_spacing_colons_and_marks() {
        assert_eq!(match_key("派遣先市町村 :"), match_key("派遣先市町村："));
        assert_eq!(match_key("○ 今後の展開"), "今後の展開");
        assert_eq!(match_key("【取組状況】"), "取組状況");
        assert_eq!(match_key("- **派遣者 氏名**"), "派遣者氏名");
    }

    #[test]
    fn key_ends_drop_opening_marks_and_closing_colons_only() {
        for (key, ends) in [("・取組::", "取組"), ("○◆", ""), ("::", ""), ("取組・○:", "取組・○"), ("一課題", "一課題"), ("", "")] {
            let range = key_ends(key);
            assert_eq!(&key[range], ends, "{key}");
        }
    }

    /// The reason ICU4X may replace unicode-normalization: the same NFKC on every code point
    /// alone, and on every line of the bundled edition and the fixtures.
    #[test]
    fn icu4x_nfkc_is_unicode_normalization_nfkc() {
        use unicode_normalization::UnicodeNormalization;
        let same = |text: &str| NFKC.normalize(text) == text.nfkc().collect::<String>();
        let differing: Vec<char> = (0..=0x10FFFF).filter_map(char::from_u32).filter(|c| !same(c.encode_utf8(&mut [0; 4]))).collect();
        assert!(differing.is_empty(), "{differing:?}");
        let mut texts = vec![std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/raw/r4.txt")).unwrap()];
        for entry in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures")).unwrap() {
            texts.extend(std::fs::read_to_string(entry.unwrap().path()).ok());
        }
        for line in texts.iter().flat_map(|t| t.lines()) {
            assert!(same(line), "{line:?}");
        }
    }

    #[test]
    fn plainly_normalized_characters_are_normalized() {
        let plain = (0..=0x10FFFF).filter_map(char::from_u32).filter(|&c| is_plainly_normalized(c));
        for c in plain {
            assert!(NFKC.is_normalized(c.encode_utf8(&mut [0; 4])), "{c:?}");
        }
    }

    #[test]
    fn fast_paths_give_what_every_step_gives() {
        let edition = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/raw/r4.txt")).unwrap();
        let odd = ["a\u{3000}\u{301}", "* *", "*\u{3000}*", " ①\u{3000}～ ", "か\u{3099}", "\u{3000}\u{3000}", "a\tb ", "ｶ ﾞ", "（１）　派遣元：Ａ社", "＊＊強調＊＊", "*＊", "＜ｐ＞本文", "Ａ\u{301}", "【取組】", "○【取組】:", "■取組:", "**a** b ***c***", "**ＤＸ**　推進 ** **", "****", "*a**"];
        for line in edition.lines().chain(odd) {
            for text in [line.to_string(), line.replace(' ', "\u{3000}"), format!("{line}  "), format!("\t{line}")] {
                let expected = clean_fully(&text);
                assert_eq!(clean(&text), expected, "{text:?}");
                let (clean_text, key) = clean_and_key(&text);
                let clean_text = clean_text.unwrap_or_else(|| text.clone());
                let key = key.of(&clean_text).to_string();
                assert_eq!((clean_text, key), (expected.clone(), key_of_clean(&expected).into_owned()), "{text:?}");
                assert!(!is_clean(&text) || expected == text, "{text:?}");
            }
        }
    }

    #[test]
    fn clean_text_takes_the_fast_path_to_itself() {
        for text in ["派遣元 総務省", "①取組 ～", "a b", "", "カタカナ"] {
            assert!(is_clean(text), "{text:?}");
        }
        for text in ["a  b", " a", "ＤＸ", "〜", "a**b", "<p>", "ｶﾀｶﾅ", "a\tb", "a\u{3000}b", "⼀"] {
            assert!(!is_clean(text), "{text:?}");
            assert_ne!(clean(text), text, "{text:?}");
        }
    }

    #[test]
    fn latin_continuations_get_a_space() {
        let mut text = String::from("Society");
        join_continuation(&mut text, "5.0");
        assert_eq!(text, "Society 5.0");
        let mut text = String::from("地域の");
        join_continuation(&mut text, "課題");
        assert_eq!(text, "地域の課題");
    }
}
