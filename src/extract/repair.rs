//! OCR repairs: rules by class of misreading, all named in the one table `data/repairs.tsv`
//! (normalization.md).
//!
//! Each row is a rule: what it looks for, in which context, and whether it repairs or only
//! suggests. A class rule (old character forms, small kana, lookalikes across scripts, katakana
//! words) decides by the shape of the text around it and by reference tables (`old_forms.tsv`,
//! `loanwords.tsv`, both derived from published sources) and by the edition's own vocabulary
//! ([`EditionVocabulary`]), never by a list of words seen once.
//!
//! Repairs apply to titles, positions and body text, never to person or organization names
//! (the caller decides which values come here). A [`Repairer`] keeps every repair it applies,
//! so that the report lists it for a reviewer to audit, and every suggestion it makes where no
//! rule is sure enough (`possible-ocr-error`), which changes nothing.

use std::borrow::Cow;
use std::cell::OnceCell;
use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::hash::Hash;
use std::ops::Range;
use std::sync::{Arc, LazyLock, OnceLock};

use rayon::prelude::*;
use serde::Deserialize;
use smallvec::SmallVec;

use crate::extract::normalize::{STARTS_BLOCK, starts_where};
use crate::extract::shape::is_kanji;
use crate::record::{Diagnostic, DiagnosticCode, Repair};
use crate::table;
use crate::tables::{Table, TableError};

const RULES_TABLE: Table = table!("repairs.tsv");
const OLD_FORMS_TABLE: Table = table!("old_forms.tsv");
const LOANWORDS_TABLE: Table = table!("loanwords.tsv");
const KANA_WORDS_TABLE: Table = table!("kana_words.tsv");

/// Loads the repairer's tables (for the test that checks every table).
pub fn check_table() -> Result<(), TableError> {
    RULES_TABLE.try_rows::<RuleRow>()?;
    OLD_FORMS_TABLE.try_rows::<(String, String)>()?;
    LOANWORDS_TABLE.try_rows::<(String,)>()?;
    KANA_WORDS_TABLE.try_rows::<(String,)>().map(drop)
}

/// True when CP932 (Shift_JIS as Windows and the PDF's fonts use it) can encode `text`.
pub fn in_cp932(text: &str) -> bool {
    !encoding_rs::SHIFT_JIS.encode(text).2
}

/// CJK ideographs in `text` that CP932 cannot encode: glyphs the OCR took from a Chinese
/// character set. The repair table maps the known ones; the rest are reported.
pub fn non_cp932_ideographs(text: &str) -> Vec<char> {
    let outside: &[bool] = &OUTSIDE_CP932;
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    // Only the characters of the range are read: those that open with E3 and a second byte from
    // 90 (U+3400 to U+3FFF) or with E4 to E9 (U+4000 to U+9FFF), found 64 bytes at a time without
    // a branch per character (kana, E3, and kanji alternate in Japanese text).
    for block in 0..bytes.len().div_ceil(STARTS_BLOCK) {
        let mut starts = starts_where(bytes, block, 0, |lead, second, _| (lead == 0xE3) & (second >= 0x90) | (0xE4..=0xE9).contains(&lead));
        while starts != 0 {
            let at = block * STARTS_BLOCK + starts.trailing_zeros() as usize;
            starts &= starts - 1;
            // A lead byte E3 to E9 opens a character of three bytes: its code point is read from
            // them, without slicing the text and decoding it again.
            let code = usize::from(bytes[at] & 0x0F) << 12 | usize::from(bytes[at + 1] & 0x3F) << 6 | usize::from(bytes[at + 2] & 0x3F);
            if outside[code - KANJI_START] {
                found.extend(char::from_u32(code as u32));
            }
        }
    }
    found
}

/// The range of code points that holds the ideographs [`is_kanji`] accepts: U+3400 to U+9FFF.
const KANJI_START: usize = 0x3400;
const KANJI_END: usize = 0x9FFF;

/// Which code points of that range are ideographs that CP932 cannot encode. Found once by
/// decoding every double-byte code: the decoded ideographs are exactly the encodable ones
/// (tested), and a lookup is much cheaper than encoding each ideograph of an edition.
static OUTSIDE_CP932: LazyLock<Vec<bool>> = LazyLock::new(|| {
    let mut codes = Vec::new();
    for lead in (0x81..=0x9F).chain(0xE0..=0xFC) {
        for trail in (0x40..=0x7E).chain(0x80..=0xFC) {
            codes.extend([lead, trail]);
        }
    }
    let (text, _) = encoding_rs::SHIFT_JIS.decode_without_bom_handling(&codes);
    let mut table: Vec<bool> = (KANJI_START..=KANJI_END).map(|c| char::from_u32(c as u32).is_some_and(is_kanji)).collect();
    for c in text.chars().filter(|&c| is_kanji(c)) {
        table[c as usize - KANJI_START] = false;
    }
    table
});

/// What a rule does where it fires.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum Action {
    /// Replaces the text and records a [`Repair`].
    Repair,
    /// Changes nothing and records a `possible-ocr-error` diagnostic with the correction.
    Suggest,
}

/// Where a rule fires (the table's header says the same for maintainers).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum Context {
    Any,
    /// Right after a katakana letter and not before a kanji: the long-vowel mark read as 一.
    AfterKatakana,
    /// Right after a katakana letter or long-vowel mark (コロナ過).
    AfterKatakanaWord,
    /// Right after a hiragana letter (皆さん之).
    AfterHiragana,
    /// Right after the name of a municipality of the code table (都城市的事業者).
    AfterPlaceName,
    /// Not in a report set in a 府 prefecture, where 府内 may well mean the prefecture.
    OutsideFuPrefecture,
    /// A kanji or hiragana look-alike with katakana on both sides (メ力ニズム), or at the end or
    /// start of a katakana word that it then makes a known word (デー夕の -> データの).
    InsideKatakana,
    /// A lone katakana look-alike right after a kanji, before a kanji, a hiragana or the end
    /// (協カ, 人ロ減少).
    LoneAfterKanji,
    /// At the start of the text, before Japanese text or before an acronym that the edition
    /// uses on its own (○ read as O).
    LineStartBeforeJapanese,
    /// At the start of the text, followed by a space, in an edition that numbers no line with
    /// 二 (a dash bullet read as 一).
    LineStartBullet,
    /// A large つ between a verb or adjective stem and た/て (なつた, 多かつた, 決まつた).
    VerbEnding,
    /// Any old character form of the 常用漢字表 (`old_forms.tsv`).
    OldFormTable,
    /// A katakana word one look-alike letter away from a known one.
    KatakanaLookalike,
    /// A katakana word one edit (or two, from a long word of the edition) from a known one.
    KatakanaNear,
}

/// One row of `repairs.tsv`: the rule, and an example it must change (or, for a suggestion,
/// flag) and one it must leave alone.
#[derive(Debug, Deserialize)]
struct RuleRow {
    name: String,
    action: Action,
    from: String,
    to: String,
    context: Context,
    /// Comma-separated: the rule does not fire right after any of these.
    unless_after: String,
    /// Comma-separated: the rule does not fire right before any of these.
    unless_before: String,
    // The examples are read by the table's own test, not by the repairer.
    #[cfg_attr(not(test), allow(dead_code))]
    changes: String,
    #[cfg_attr(not(test), allow(dead_code))]
    stays: String,
}

#[derive(Debug)]
struct Rule {
    name: String,
    action: Action,
    from: String,
    /// The first character of `from`: a text without it gives the rule nothing to read.
    first: Option<char>,
    to: String,
    context: Context,
    unless_after: Vec<String>,
    unless_before: Vec<String>,
}

fn comma_list(text: &str) -> Vec<String> {
    text.split(',').filter(|s| !s.is_empty()).map(str::to_string).collect()
}

static RULES: LazyLock<Vec<Rule>> = LazyLock::new(|| {
    RULES_TABLE
        .rows::<RuleRow>()
        .into_iter()
        .map(|row| Rule {
            unless_after: comma_list(&row.unless_after),
            unless_before: comma_list(&row.unless_before),
            first: row.from.chars().next(),
            name: row.name,
            action: row.action,
            from: row.from,
            to: row.to,
            context: row.context,
        })
        .collect()
});

/// Old form -> current form, less the forms that a rule of the table only suggests (those
/// common in family and place names: 澤, 邊).
static OLD_FORMS: LazyLock<HashMap<char, char>> = LazyLock::new(|| {
    let suggested: HashSet<&str> = RULES
        .iter()
        .filter(|r| r.action == Action::Suggest && r.context == Context::Any)
        .map(|r| r.from.as_str())
        .collect();
    OLD_FORMS_TABLE
        .rows::<(String, String)>()
        .into_iter()
        .filter(|(old, _)| !suggested.contains(old.as_str()))
        .filter_map(|(old, new)| Some((single_char(&old)?, single_char(&new)?)))
        .collect()
});

fn single_char(text: &str) -> Option<char> {
    let mut chars = text.chars();
    chars.next().filter(|_| chars.next().is_none())
}

/// A listed loanword, or a listed word with the English -ing (プレイ: プレイング), which the
/// dictionary lists only for some words. `key` is the word's [`word_key`].
fn listed(word: &str, key: u64) -> bool {
    is_loanword_keyed(word, key) || word.strip_suffix("ング").is_some_and(is_loanword)
}

fn is_loanword(word: &str) -> bool {
    is_loanword_keyed(word, word_key(word))
}

/// [`is_loanword`] of a word whose [`word_key`] is known.
fn is_loanword_keyed(word: &str, key: u64) -> bool {
    let index = &*LOANWORD_KEYS;
    let opening = key_opening(key);
    let range = index.starts[opening] as usize..index.starts[opening + 1] as usize;
    contains_keyed(&index.keys[range.clone()], &LOANWORDS[range], key, word)
}

/// The loanword list, sorted: the words that start with one letter are one slice. Borrowed from
/// the compiled-in table, so loading it copies no word. The derived file is sorted (by code
/// point, which is UTF-8 byte order; tested), so loading it sorts nothing.
static LOANWORDS: LazyLock<Vec<&'static str>> = LazyLock::new(|| LOANWORDS_TABLE.words().collect());

/// The [`word_key`] of each listed loanword, in the list's order (so sorted too), and where the
/// keys of each [`key_opening`] start: a lookup searches the few dozen keys of the word's first
/// two letters, 8 bytes each and side by side, instead of comparing text that the 800 KB table
/// scatters over as many cache lines (memory-bound: hundreds of ns per lookup).
struct LoanwordKeys {
    keys: Vec<u64>,
    starts: Vec<u32>,
}

static LOANWORD_KEYS: LazyLock<LoanwordKeys> = LazyLock::new(|| {
    let keys: Vec<u64> = LOANWORDS.iter().map(|word| word_key(word)).collect();
    let mut starts = vec![0u32; key_opening(u64::MAX) + 2];
    for &key in &keys {
        starts[key_opening(key) + 1] += 1;
    }
    for opening in 1..starts.len() {
        starts[opening] += starts[opening - 1];
    }
    LoanwordKeys { keys, starts }
});

/// Letters that a [`word_key`] spells, 7 bits each.
const KEY_LETTERS: usize = 9;
/// The lowest bit of a [`word_key`]: set when the key does not spell the whole word (a word
/// longer than [`KEY_LETTERS`] letters, or a character outside the katakana block), so that the
/// words that share the key must be compared as text. Without it, equal keys are equal words.
const KEY_INEXACT: u64 = 1;

/// A [`word_key`] that spells its whole word: equal keys are then equal words.
fn is_exact(key: u64) -> bool {
    key & KEY_INEXACT == 0
}

/// Where the `letter`th letter (from 0) of a [`word_key`] stands: the first in the highest bits.
fn key_shift(letter: usize) -> usize {
    64 - 7 * (letter + 1)
}

/// A katakana-block letter's code in a [`word_key`]: its offset in the block plus 2 (0 is the
/// end of the word, 1 a character below the block).
fn key_code(offset: usize) -> u64 {
    offset as u64 + 2
}

/// A word's first [`KEY_LETTERS`] letters packed into an integer that sorts as the words do
/// (never before the key of a word that sorts before it): each katakana-block letter is its
/// offset in the block plus 2, the end of the word 0; a character below the block is 1 and one
/// above it 98, and the key spells nothing after it.
fn word_key(word: &str) -> u64 {
    let mut key = 0;
    let mut at = 0;
    for letter in 0..KEY_LETTERS {
        let shift = key_shift(letter);
        let code = match katakana_offset_at(word, at) {
            Some(offset) => key_code(offset),
            None if at == word.len() => return key,
            None => {
                let below = word[at..].chars().next().is_some_and(|c| c < KATAKANA_BLOCK);
                return key | (if below { 1 } else { 98 }) << shift | KEY_INEXACT;
            }
        };
        key |= code << shift;
        at += 3;
    }
    if at == word.len() { key } else { key | KEY_INEXACT }
}

/// The first two letters of a [`word_key`], as an index.
fn key_opening(key: u64) -> usize {
    (key >> key_shift(1)) as usize
}

/// True when `word`, whose [`word_key`] is `key`, is one of `words` (sorted, `keys` their keys):
/// a binary search over the keys, and a text comparison only among the words that share an
/// inexact key.
fn contains_keyed<S: AsRef<str>>(keys: &[u64], words: &[S], key: u64, word: &str) -> bool {
    let start = keys.partition_point(|&k| k < key);
    let same = keys[start..].iter().take_while(|&&k| k == key).count();
    same > 0 && (is_exact(key) || words[start..start + same].iter().any(|w| w.as_ref() == word))
}

/// The first and the last letter of `word` as one index, when both are of the katakana block.
fn katakana_ends(word: &str) -> Option<usize> {
    Some(katakana_offset_at(word, 0)? * KATAKANA_BLOCK_LEN + katakana_offset_at(word, word.len().checked_sub(3)?)?)
}

/// The katakana-block offset of the character at byte `at` of `word`, read from its UTF-8 bytes
/// (E3 82 A0 to E3 83 BF) without decoding it: the keys and buckets of the whole loanword list
/// are built from it (decoding made an index of the list cost 2.9 M instructions instead of 1.2 M).
fn katakana_offset_at(word: &str, at: usize) -> Option<usize> {
    match word.as_bytes().get(at..at + 3)? {
        [0xE3, 0x82, low @ 0xA0..=0xBF] => Some(usize::from(low - 0xA0)),
        [0xE3, 0x83, low @ 0x80..=0xBF] => Some(usize::from(low - 0x60)),
        _ => None,
    }
}

/// The listed loanwords by their first and last letter ([`katakana_ends`]), for the near search:
/// an interior edit keeps both, so a katakana word can be one edit from the words of one bucket
/// only (a word that starts or ends outside the block can be none). Built on first use, as one
/// list sorted by bucket (a counting sort) and where each bucket starts in it.
static LOANWORDS_BY_ENDS: LazyLock<(Vec<&'static str>, Vec<usize>)> = LazyLock::new(|| {
    let buckets = KATAKANA_BLOCK_LEN * KATAKANA_BLOCK_LEN;
    let ends: Vec<Option<usize>> = LOANWORDS.iter().map(|word| katakana_ends(word)).collect();
    let mut starts = vec![0; buckets + 1];
    for &bucket in ends.iter().flatten() {
        starts[bucket + 1] += 1;
    }
    for bucket in 0..buckets {
        starts[bucket + 1] += starts[bucket];
    }
    let mut next = starts.clone();
    let mut words = vec![""; starts[buckets]];
    for (&word, &bucket) in LOANWORDS.iter().zip(&ends) {
        if let Some(bucket) = bucket {
            words[next[bucket]] = word;
            next[bucket] += 1;
        }
    }
    (words, starts)
});

/// The listed loanwords of one [`katakana_ends`] bucket.
fn loanwords_with_ends(ends: usize) -> &'static [&'static str] {
    let (words, starts) = &*LOANWORDS_BY_ENDS;
    &words[starts[ends]..starts[ends + 1]]
}

/// The words of a sorted list that start with `first`: one slice, found by binary search.
fn starting_with<S: AsRef<str>>(sorted: &[S], first: char) -> &[S] {
    let mut buffer = [0; 4];
    let first: &str = first.encode_utf8(&mut buffer);
    let start = sorted.partition_point(|w| w.as_ref() < first);
    let len = sorted[start..].partition_point(|w| w.as_ref().starts_with(first));
    &sorted[start..start + len]
}

/// Real words that look like a misreading of small kana: かつて (small-kana rule), and names
/// spelled with a large kana on purpose, キヤノン (katakana rules).
static KANA_WORDS: LazyLock<Vec<String>> =
    LazyLock::new(|| KANA_WORDS_TABLE.rows::<(String,)>().into_iter().map(|(word,)| word).collect());

/// The [`KANA_WORDS`] spelled in katakana (キヤノン): the only ones that a katakana word can hold.
static KATAKANA_NAMES: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| KANA_WORDS.iter().map(String::as_str).filter(|name| name.chars().all(is_katakana_word_char)).collect());

/// Groups of katakana that OCR confuses by a mark or a size: 濁点/半濁点, small and large
/// kana, ソ/ン and シ/ツ. A letter may be read as any other of its group.
const KATAKANA_LOOKALIKES: &[&str] = &[
    "カガヵ", "キギ", "クグ", "ケゲヶ", "コゴ", "サザ", "シジツヅッ", "スズ", "セゼ", "ソゾン", "タダ", "チヂ", "テデ", "トド",
    "ハバパ", "ヒビピ", "フブプ", "ヘベペ", "ホボポ", "ウヴゥ", "アァ", "イィ", "エェ", "オォ", "ヤャ", "ユュ", "ヨョ", "ワヮ",
];

/// The katakana block, U+30A0 to U+30FF: tables of katakana letters are indexed by the offset in it.
const KATAKANA_BLOCK: char = '\u{30A0}';
const KATAKANA_BLOCK_LEN: usize = 0x60;

/// `c`'s offset in the katakana block, if it is of the block.
fn katakana_offset(c: char) -> Option<usize> {
    (c as usize).checked_sub(KATAKANA_BLOCK as usize).filter(|&i| i < KATAKANA_BLOCK_LEN)
}

/// Each letter's look-alikes, indexed by [`katakana_offset`] (one array read per letter where a
/// hash map would hash it).
static KATAKANA_ALTERNATIVES: LazyLock<Vec<Vec<char>>> = LazyLock::new(|| {
    let mut table = vec![Vec::new(); KATAKANA_BLOCK_LEN];
    for group in KATAKANA_LOOKALIKES {
        for a in group.chars() {
            if let Some(i) = katakana_offset(a) {
                table[i].extend(group.chars().filter(|&b| b != a));
            }
        }
    }
    table
});

/// The letters OCR may read for `c` (none for a character outside the katakana block).
fn alternatives(c: char) -> &'static [char] {
    katakana_offset(c).map_or(&[], |i| KATAKANA_ALTERNATIVES[i].as_slice())
}

/// A katakana word shorter than this is left alone: too many short words are real.
const MIN_KATAKANA_WORD: usize = 4;
/// A katakana word the edition prints this often is one of its words.
const EDITION_WORD_COUNT: usize = 3;
/// In a compound, a part this long may be repaired to a listed loanword even when the edition
/// does not use it (パーチャル + ミュージアム); shorter parts have too many real neighbours
/// (アンガー, アンカー).
const MIN_COMPOUND_PART: usize = 5;
/// Only a word this long is compared with any one edit (not only look-alike letters).
const MIN_NEAR_WORD: usize = 7;
/// Only a word this long is compared at two edits with the edition's words.
const MIN_TWO_EDIT_WORD: usize = 7;

/// What the whole edition says, for rules that weigh a reading against the edition's own usage:
/// which katakana words it prints often, how often each Latin word occurs, whether lines are
/// numbered with kanji numerals, and what the katakana rules say of each of its katakana words.
#[derive(Debug, Default)]
pub struct EditionVocabulary {
    /// Latin words, counted where they do not open a line.
    latin: WordMap<String, usize>,
    /// Some line opens with 二 and a space: 一 opening a line is then a numeral.
    kanji_numbering: bool,
    /// The katakana words printed [`EDITION_WORD_COUNT`] times or more, sorted.
    frequent: Vec<String>,
    /// Those the edition establishes (see [`Repairer::in_edition`]), decided once; sorted, so
    /// that the words with one first letter are one slice.
    words: Vec<String>,
    /// The [`word_key`] of each of `words`, in their order: a lookup searches these.
    word_keys: Vec<u64>,
    /// Those of [`MIN_TWO_EDIT_WORD`] letters or more, with their letters, for the two-edit search.
    long_words: Vec<(String, Vec<char>)>,
    /// What the katakana rules say of each katakana word of the edition: decided once, by the
    /// first report that looks the word up, so that the deciding spreads over the parallel
    /// per-report work and a word no rule looks up is never decided. Keyed by the word's
    /// [`word_key`] where the key spells the whole word (a word of [`KEY_LETTERS`] letters or
    /// fewer): the map then holds no copy of the word, and building and dropping it allocates and
    /// frees no string per word (most of an edition's several hundred).
    verdicts: WordMap<u64, OnceLock<Option<Verdict>>>,
    /// The same for the longer words, keyed by the word.
    long_verdicts: WordMap<String, OnceLock<Option<Verdict>>>,
}

/// A map keyed by the edition's words, hashed by foldhash rather than SipHash: the count and the
/// verdict lookups hash every katakana and Latin word of every line (SipHash was about 2.7 M
/// instructions per edition). Nothing reads these maps in their order.
type WordMap<K, V> = foldhash::HashMap<K, V>;

/// What the katakana rules say of a word: repair it, or suggest, to these words.
type Verdict = (Action, Vec<String>);

/// What a stretch of an edition's lines holds, counted as slices of the lines. Counts add up, so
/// stretches are counted in parallel and merged, and the result does not depend on how the lines
/// were split.
#[derive(Default)]
struct Counts<'a> {
    /// The katakana words of [`KEY_LETTERS`] letters or fewer, by their exact [`word_key`], each
    /// with its count and one of its occurrences: a u64 is hashed and compared in a few
    /// instructions where the text cost a hash loop and a `memcmp` per word.
    katakana: WordMap<u64, (usize, &'a str)>,
    /// The longer katakana words, by their text.
    long_katakana: WordMap<&'a str, usize>,
    /// Latin words, counted where they do not open a line; only those that
    /// [`Repairer::opens_japanese`] may ask about (acronyms, [`is_acronym`]).
    latin: WordMap<&'a str, usize>,
    kanji_numbering: bool,
}

impl<'a> Counts<'a> {
    fn add_line(mut self, line: &'a str) -> Self {
        let text = line_body(line);
        self.kanji_numbering |= text.starts_with("二 ");
        for run in katakana_words(text) {
            let word = &text[run];
            let key = word_key(word);
            if is_exact(key) {
                self.katakana.entry(key).or_insert((0, word)).0 += 1;
            } else {
                *self.long_katakana.entry(word).or_default() += 1;
            }
        }
        // Most lines hold no Latin letter: a test of every byte without early exit, which the
        // compiler vectorizes, passes them over.
        if text.bytes().fold(false, |any, b| any | b.is_ascii_alphabetic()) {
            for run in latin_words(text).filter(|run| run.start > 0) {
                let word = &text[run];
                if is_acronym(word) {
                    *self.latin.entry(word).or_default() += 1;
                }
            }
        }
        self
    }

    fn merge(self, other: Self) -> Self {
        Self {
            katakana: add_counts(self.katakana, other.katakana, |(into, _), (n, _)| *into += n),
            long_katakana: add_counts(self.long_katakana, other.long_katakana, |into, n| *into += n),
            latin: add_counts(self.latin, other.latin, |into, n| *into += n),
            kanji_numbering: self.kanji_numbering || other.kanji_numbering,
        }
    }
}

/// The two counts added (by `add`), the smaller into the larger.
fn add_counts<K: Hash + Eq, V>(a: WordMap<K, V>, b: WordMap<K, V>, add: impl Fn(&mut V, V)) -> WordMap<K, V> {
    let (mut into, from) = if a.len() >= b.len() { (a, b) } else { (b, a) };
    for (word, n) in from {
        match into.entry(word) {
            Entry::Occupied(mut entry) => add(entry.get_mut(), n),
            Entry::Vacant(entry) => {
                entry.insert(n);
            }
        }
    }
    into
}

/// Two capital letters or more: what a line's opening O may stand before (ODX推進), and so the
/// only Latin words whose counts are read.
fn is_acronym(word: &str) -> bool {
    word.len() >= 2 && word.bytes().all(|b| b.is_ascii_uppercase())
}

/// Lines counted by one task of the parallel count: enough that merging the tasks' counts costs
/// little beside counting them.
const LINES_PER_COUNT: usize = 512;

impl EditionVocabulary {
    /// The vocabulary of an edition's lines (their output text), counted in parallel.
    pub fn of<'a>(lines: impl IntoIterator<Item = &'a str>) -> Self {
        let lines: Vec<&str> = lines.into_iter().collect();
        let counts = lines
            .par_iter()
            .with_min_len(LINES_PER_COUNT)
            .fold(Counts::default, |counts, line| counts.add_line(line))
            .reduce(Counts::default, Counts::merge);
        let mut frequent: Vec<&str> = counts
            .katakana
            .values()
            .map(|&(count, word)| (word, count))
            .chain(counts.long_katakana.iter().map(|(&word, &count)| (word, count)))
            .filter(|&(_, count)| count >= EDITION_WORD_COUNT)
            .map(|(word, _)| word)
            .collect();
        frequent.sort_unstable();
        let words: Vec<String> = frequent.par_iter().filter(|word| lookalikes(word, listed).is_empty()).map(|word| word.to_string()).collect();
        let word_keys = words.iter().map(|word| word_key(word)).collect();
        let long_words = words
            .iter()
            .map(|word| (word.clone(), word.chars().collect::<Vec<_>>()))
            .filter(|(_, letters)| letters.len() >= MIN_TWO_EDIT_WORD)
            .collect();
        let verdicts = counts.katakana.into_keys().map(|key| (key, OnceLock::new())).collect();
        let long_verdicts = counts.long_katakana.into_keys().map(|word| (word.to_string(), OnceLock::new())).collect();
        Self {
            latin: counts.latin.into_iter().map(|(word, n)| (word.to_string(), n)).collect(),
            kanji_numbering: counts.kanji_numbering,
            frequent: frequent.into_iter().map(str::to_string).collect(),
            words,
            word_keys,
            long_words,
            verdicts,
            long_verdicts,
        }
    }

    fn latin(&self, word: &str) -> usize {
        self.latin.get(word).copied().unwrap_or(0)
    }
}

/// A line without the converter's list dash and the spaces before it.
fn line_body(line: &str) -> &str {
    let line = line.trim_start();
    line.strip_prefix("- ").unwrap_or(line).trim_start()
}

/// Byte ranges of the katakana words of `text`: maximal runs of katakana letters and ー
/// ([`is_katakana_word_char`]). Read from the UTF-8 bytes without decoding them: the letters
/// are E3 82 A1 to E3 83 BA, and ー is E3 83 BC. E3 never continues a character, so every E3
/// byte starts one. The words are found from where they may start, marked 64 bytes at a time by
/// a test without branches ([`starts_where`]): a test per byte that branched on E3 was
/// mispredicted all over Japanese text, where kana (E3) and kanji (E4 to E9) alternate.
fn katakana_words(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let bytes = text.as_bytes();
    let katakana_at = |at: usize| matches!(bytes.get(at..at + 3), Some([0xE3, 0x82, 0xA1..=0xBF] | [0xE3, 0x83, 0x80..=0xBA | 0xBC]));
    // The block of 64 bytes where the last word ended, and the starts in it after that word.
    let mut block = 0;
    let mut starts = katakana_starts(bytes, 0);
    std::iter::from_fn(move || {
        while starts == 0 {
            block += 1;
            if block * STARTS_BLOCK >= bytes.len() {
                return None;
            }
            starts = katakana_starts(bytes, block);
        }
        let start = block * STARTS_BLOCK + starts.trailing_zeros() as usize;
        let mut at = start;
        while katakana_at(at) {
            at += 3;
        }
        // The starts inside the word just read are no word's.
        while at >= (block + 1) * STARTS_BLOCK {
            block += 1;
            starts = katakana_starts(bytes, block);
        }
        starts &= u64::MAX.checked_shl((at - block * STARTS_BLOCK) as u32).unwrap_or(0);
        Some(start..at)
    })
}


/// Bit `j` set when byte `64 * block + j` of `bytes` starts a katakana letter or ー.
fn katakana_starts(bytes: &[u8], block: usize) -> u64 {
    starts_where(bytes, block, 0, |lead, second, third| {
        (lead == 0xE3) & ((second == 0x82) & (third >= 0xA1) | (second == 0x83) & ((third <= 0xBA) | (third == 0xBC)))
    })
}

/// Byte ranges of the maximal runs of ASCII letters in `text`. Their bytes are never part of
/// another character, so the text is searched byte by byte without being decoded.
fn latin_words(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        let start = at + bytes[at..].iter().position(u8::is_ascii_alphabetic)?;
        at = bytes[start..].iter().position(|b| !b.is_ascii_alphabetic()).map_or(bytes.len(), |n| start + n);
        Some(start..at)
    })
}

fn is_katakana_letter(c: char) -> bool {
    ('\u{30A1}'..='\u{30FA}').contains(&c)
}

fn is_katakana_word_char(c: char) -> bool {
    is_katakana_letter(c) || c == 'ー'
}

fn is_hiragana(c: char) -> bool {
    ('\u{3041}'..='\u{309F}').contains(&c)
}

fn is_japanese(c: char) -> bool {
    is_kanji(c) || is_hiragana(c) || is_katakana_word_char(c)
}

/// Brackets and quotes that open Japanese text (「ロボットのまち」, “大学生”).
const OPENING_MARKS: &str = "「『“（(【〈《";

/// The municipality names of the code table.
static PLACE_NAMES: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| crate::entities::municipality::all().iter().map(|entry| entry.name.as_str()).collect());

/// The characters the municipality names end with (市, 町, 村, …), sorted.
static PLACE_NAME_ENDS: LazyLock<Vec<char>> = LazyLock::new(|| {
    let ends: BTreeSet<char> = PLACE_NAMES.iter().filter_map(|name| name.chars().next_back()).collect();
    ends.into_iter().collect()
});

/// True when `text` ends with a municipality's name (都城市; 都市 is none). Its last character is
/// tested first: most text before a 的 ends otherwise, and is then not hashed eight times.
fn ends_with_place_name(text: &str) -> bool {
    text.chars().next_back().is_some_and(|last| PLACE_NAME_ENDS.binary_search(&last).is_ok())
        && text.char_indices().rev().take(8).any(|(i, _)| PLACE_NAMES.contains(&text[i..]))
}

/// A set of rules, by their index in [`RULES`]: bit `i` is rule `i`.
type RuleSet = u128;

/// The rules a character may set off, found once per process so that the scan reads one table
/// entry per character: `by_char`, indexed by code point, holds 0 for a character that sets off
/// no rule and otherwise the index of its set in `sets` (few characters, and fewer distinct sets).
/// A character sets off the rules whose `from` starts with it, the old-form rule when it is an
/// old form, and the katakana rules when it belongs to katakana words.
struct Triggers {
    /// One bit per code point, set for the characters that set off some rule: 5 KB that stay in
    /// the processor's nearest cache, where `by_char` (40 KB, read at scattered kanji) did not.
    any: Vec<u64>,
    by_char: Vec<u8>,
    sets: Vec<RuleSet>,
    /// The rules that look for their `from`: the scan notes where their first characters stand.
    literal: RuleSet,
    old_form: RuleSet,
    katakana: RuleSet,
}

static TRIGGERS: LazyLock<Triggers> = LazyLock::new(|| {
    assert!(RULES.len() <= RuleSet::BITS as usize, "repairs.tsv holds more rules than a RuleSet has bits");
    let of_context = |wanted: fn(Context) -> bool| -> RuleSet {
        RULES.iter().enumerate().filter(|(_, rule)| wanted(rule.context)).fold(0, |set, (i, _)| set | 1 << i)
    };
    let old_form = of_context(|c| c == Context::OldFormTable);
    let katakana = of_context(|c| matches!(c, Context::KatakanaLookalike | Context::KatakanaNear));
    let literal = of_context(reads_from);
    let mut by_code_point: BTreeMap<char, RuleSet> = BTreeMap::new();
    for (i, rule) in RULES.iter().enumerate().filter(|(_, rule)| reads_from(rule.context)) {
        if let Some(first) = rule.first {
            *by_code_point.entry(first).or_default() |= 1 << i;
        }
    }
    for &c in OLD_FORMS.keys() {
        *by_code_point.entry(c).or_default() |= old_form;
    }
    for c in ('\u{30A0}'..='\u{30FF}').filter(|&c| is_katakana_word_char(c)) {
        *by_code_point.entry(c).or_default() |= katakana;
    }
    let mut sets: Vec<RuleSet> = vec![0];
    let mut by_char = vec![0; by_code_point.keys().next_back().map_or(0, |&c| c as usize + 1)];
    let mut any = vec![0; by_char.len().div_ceil(64)];
    for (c, set) in by_code_point {
        any[c as usize / 64] |= 1 << (c as usize % 64);
        let index = sets.iter().position(|&s| s == set).unwrap_or_else(|| {
            sets.push(set);
            sets.len() - 1
        });
        by_char[c as usize] = u8::try_from(index).unwrap_or_else(|_| panic!("more than 255 distinct sets of rules set off by one character"));
    }
    Triggers { any, by_char, sets, literal, old_form, katakana }
});

/// True for a rule in `context` that looks for its `from`; the others look for a class of characters.
fn reads_from(context: Context) -> bool {
    !matches!(context, Context::OldFormTable | Context::KatakanaLookalike | Context::KatakanaNear)
}

/// What a pass over a text finds for the rules to start from: the rules that may fire on it,
/// where the characters that start some rule's `from` (or are old forms) stand, and its katakana
/// words. Most lines hold few of these, so most rules are not even looked at for most lines, and
/// a rule's `from` is compared only where its first character stands.
#[derive(Default)]
struct Scan<'r> {
    /// The rules whose trigger characters the text holds.
    rules: RuleSet,
    /// Each character that starts some rule's `from` or is an old form, with its byte offset, in
    /// text order.
    triggers: SmallVec<[(usize, char); SCAN_INLINE]>,
    /// Its katakana words, each with what the katakana rules say of it: looked up once, by the
    /// first of them, and kept beside the word rather than in a vector of its own.
    katakana_words: SmallVec<[(Range<usize>, LazyVerdict<'r>); SCAN_INLINE]>,
}

/// The triggers and katakana words a scan holds without allocating: most lines have fewer, and
/// a vector allocated per scanned line was about 5k allocations per edition.
const SCAN_INLINE: usize = 8;

/// A katakana word's verdict, once a rule has asked for it.
type LazyVerdict<'r> = OnceCell<Option<Cow<'r, Verdict>>>;

impl Scan<'_> {
    fn of(text: &str) -> Self {
        let triggers = &*TRIGGERS;
        let noted = triggers.literal | triggers.old_form;
        let mut scan = Self::default();
        let mut word_start = None;
        for (i, c) in text.char_indices() {
            let code = c as usize;
            let set = match triggers.any.get(code / 64) {
                Some(bits) if bits >> (code % 64) & 1 != 0 => triggers.sets[usize::from(triggers.by_char[code])],
                _ => 0,
            };
            // Most characters start nothing and end no katakana word.
            if set == 0 && word_start.is_none() {
                continue;
            }
            match (set & triggers.katakana != 0, word_start) {
                (true, None) => word_start = Some(i),
                (false, Some(start)) => {
                    scan.katakana_words.push((start..i, OnceCell::new()));
                    word_start = None;
                }
                _ => {}
            }
            if set & noted != 0 {
                scan.triggers.push((i, c));
            }
            scan.rules |= set;
        }
        if let Some(start) = word_start {
            scan.katakana_words.push((start..text.len(), OnceCell::new()));
        }
        scan
    }

    /// The byte offsets where `first` stands, in text order.
    fn offsets(&self, first: char) -> impl Iterator<Item = usize> + '_ {
        self.triggers.iter().filter(move |&&(_, c)| c == first).map(|&(at, _)| at)
    }
}

/// One place where a rule fires: the byte range of the text it reads and what it should be.
struct Edit {
    range: Range<usize>,
    to: String,
}

/// The repair table as it applies to one report: built once for the report's prefecture and the
/// edition's vocabulary, then only read, so every stage of the report can share it.
#[derive(Debug, Default)]
pub struct Repairer {
    /// The report's prefecture: some rules depend on it.
    prefecture: Option<String>,
    /// The edition's vocabulary (empty by default).
    vocabulary: Arc<EditionVocabulary>,
}

/// What repairing a stage's texts did: each repair applied and each misreading only suggested,
/// in the order found. Each stage keeps its own and returns it with its value.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Repairs {
    pub applied: Vec<Repair>,
    /// `possible-ocr-error` diagnostics: readings that a rule doubts but does not change.
    pub suggestions: Vec<Diagnostic>,
}

impl Repairs {
    /// Appends another stage's repairs and suggestions.
    pub fn extend(&mut self, other: Repairs) {
        // Most stages' and lines' logs are empty: nothing to move.
        if other.applied.is_empty() && other.suggestions.is_empty() {
            return;
        }
        self.applied.extend(other.applied);
        self.suggestions.extend(other.suggestions);
    }
}

impl Repairer {
    pub fn new(prefecture: Option<&str>, vocabulary: Arc<EditionVocabulary>) -> Self {
        Self { prefecture: prefecture.map(str::to_string), vocabulary }
    }

    /// Applies every rule to one line's text, and records in `log` what it did; `line` is the
    /// text's 1-based raw line number. Takes the text by value, so that the usual line, which no
    /// rule changes, is not copied.
    pub fn line(&self, text: impl Into<String>, line: usize, log: &mut Repairs) -> String {
        let mut text = text.into();
        // Byte ranges of text that a repair wrote: no later rule reads them again.
        let mut repaired: Vec<Range<usize>> = Vec::new();
        let mut scan = Scan::of(&text);
        // The rules that may fire, taken in table order; a repair's new text is scanned again for
        // the rules after it.
        let mut pending = scan.rules;
        while pending != 0 {
            let index = pending.trailing_zeros() as usize;
            pending &= pending - 1;
            let rule = &RULES[index];
            let mut edits = self.edits(rule, &text, &scan);
            if !repaired.is_empty() {
                edits.retain(|edit| !repaired.iter().any(|r| r.start < edit.range.end && edit.range.start < r.end));
            }
            if edits.is_empty() {
                continue;
            }
            match rule.action {
                Action::Suggest => {
                    for edit in &edits {
                        log.suggestions.push(suggestion(rule, &text, edit, line));
                    }
                }
                Action::Repair => {
                    for edit in &edits {
                        log.applied.push(Repair {
                            line,
                            from: text[edit.range.clone()].to_string(),
                            to: edit.to.clone(),
                            rule: rule.name.clone(),
                        });
                    }
                    text = apply(&text, &edits, &mut repaired);
                    scan = Scan::of(&text);
                    pending = scan.rules & !(RuleSet::MAX >> (RuleSet::BITS as usize - 1 - index));
                }
            }
        }
        text
    }

    /// Where `rule` fires in `text`, in order and without overlap.
    fn edits<'r>(&'r self, rule: &Rule, text: &str, scan: &Scan<'r>) -> Vec<Edit> {
        match rule.context {
            Context::OutsideFuPrefecture if self.prefecture.as_deref().is_some_and(|p| p.ends_with('府')) => Vec::new(),
            Context::OldFormTable => old_form_edits(scan),
            Context::KatakanaLookalike | Context::KatakanaNear => self.katakana_edits(rule, text, scan),
            _ => self.literal_edits(rule, text, scan),
        }
    }

    /// Occurrences of the rule's `from` where its context holds. The occurrences are those that
    /// `match_indices` would find (from the left, none overlapping the one before), looked for
    /// only where the scan found the first character.
    fn literal_edits(&self, rule: &Rule, text: &str, scan: &Scan) -> Vec<Edit> {
        let mut edits = Vec::new();
        let Some(first) = rule.first else { return edits };
        let (mut next_free, mut match_end) = (0, 0);
        for start in scan.offsets(first) {
            if start < match_end || !text[start..].starts_with(rule.from.as_str()) {
                continue;
            }
            let end = start + rule.from.len();
            match_end = end;
            if start < next_free || !self.holds(rule, text, start, end) {
                continue;
            }
            let (before, after) = (&text[..start], &text[end..]);
            if rule.unless_after.iter().any(|w| before.ends_with(w.as_str())) || rule.unless_before.iter().any(|w| after.starts_with(w.as_str())) {
                continue;
            }
            let edit = match rule.context {
                // The stem and the ending make the repair readable in the audit trail (なつた -> なった).
                Context::VerbEnding => with_neighbours(text, start..end, &rule.to),
                _ => Edit { range: start..end, to: rule.to.clone() },
            };
            next_free = edit.range.end;
            edits.push(edit);
        }
        edits
    }

    /// True when the rule's context holds around `text[start..end]`.
    fn holds(&self, rule: &Rule, text: &str, start: usize, end: usize) -> bool {
        let previous = text[..start].chars().next_back();
        let next = text[end..].chars().next();
        match rule.context {
            Context::Any | Context::OutsideFuPrefecture => true,
            Context::AfterKatakana => previous.is_some_and(is_katakana_letter) && !next.is_some_and(is_kanji),
            Context::AfterKatakanaWord => previous.is_some_and(is_katakana_word_char),
            Context::AfterHiragana => previous.is_some_and(is_hiragana),
            Context::AfterPlaceName => ends_with_place_name(&text[..start]),
            Context::InsideKatakana => {
                let (after_katakana, before_katakana) = (previous.is_some_and(is_katakana_word_char), next.is_some_and(is_katakana_word_char));
                (after_katakana && before_katakana)
                    || ((after_katakana || before_katakana) && !previous.is_some_and(is_kanji) && !next.is_some_and(is_kanji) && self.known(&katakana_word_with(text, start, end, &rule.to)))
            }
            Context::LoneAfterKanji => {
                previous.is_some_and(is_kanji) && !next.is_some_and(|c| is_katakana_word_char(c) || c.is_ascii_alphanumeric())
            }
            Context::LineStartBeforeJapanese => start == 0 && self.opens_japanese(&text[end..]),
            Context::LineStartBullet => {
                start == 0
                    && !self.vocabulary.kanji_numbering
                    && text[end..].strip_prefix(' ').and_then(|t| t.chars().next()).is_some_and(|c| is_japanese(c) || OPENING_MARKS.contains(c))
            }
            Context::VerbEnding => {
                previous.is_some_and(|c| is_kanji(c) || is_hiragana(c)) && next.is_some_and(|c| c == 'た' || c == 'て') && !in_kana_word(text, start)
            }
            Context::OldFormTable | Context::KatakanaLookalike | Context::KatakanaNear => false,
        }
    }

    /// True when `rest` (the text after a leading O) is Japanese text, or an acronym that the
    /// edition uses on its own and never with the O, followed by Japanese text (ODX推進: DX).
    fn opens_japanese(&self, rest: &str) -> bool {
        if rest.chars().next().is_some_and(is_japanese) {
            return true;
        }
        let acronym_len = rest.find(|c: char| !c.is_ascii_uppercase()).unwrap_or(rest.len());
        let acronym = &rest[..acronym_len];
        acronym.len() >= 2
            && rest[acronym_len..].chars().next().is_some_and(is_japanese)
            && self.vocabulary.latin(acronym) >= 2
            && self.vocabulary.latin(&format!("O{acronym}")) == 0
    }

    /// The katakana words of `text` that the rule's class of katakana misreading fits.
    fn katakana_edits<'r>(&'r self, rule: &Rule, text: &str, scan: &Scan<'r>) -> Vec<Edit> {
        scan.katakana_words
            .iter()
            .filter_map(|(range, verdict)| {
                let (action, candidates) = verdict.get_or_init(|| self.katakana_verdict(&text[range.clone()])).as_deref()?;
                let fits = match rule.context {
                    Context::KatakanaLookalike => *action == Action::Repair,
                    _ => *action == Action::Suggest,
                };
                fits.then(|| Edit { range: range.clone(), to: candidates.join("/") })
            })
            .collect()
    }

    /// What the katakana rules say of one katakana word: decided once per edition for a word the
    /// edition prints, and each time for another (one a repair wrote). No katakana rule reads the
    /// report's prefecture, so the verdict is the same whichever report decides it first.
    fn katakana_verdict(&self, word: &str) -> Option<Cow<'_, Verdict>> {
        let key = word_key(word);
        let verdict = if is_exact(key) { self.vocabulary.verdicts.get(&key) } else { self.vocabulary.long_verdicts.get(word) };
        match verdict {
            Some(verdict) => verdict.get_or_init(|| self.decide_katakana(word, key)).as_ref().map(Cow::Borrowed),
            None => self.decide_katakana(word, key).map(Cow::Owned),
        }
    }

    /// What the katakana rules say of one katakana word (of [`is_katakana_word_char`]s), whose
    /// [`word_key`] is `key`: repair it to the one known word that is one look-alike letter away,
    /// or suggest the known words near it, or nothing. Most words are short or known: they are
    /// let go before their letters are collected.
    fn decide_katakana(&self, word: &str, key: u64) -> Option<Verdict> {
        if word.chars().nth(MIN_KATAKANA_WORD - 1).is_none() || self.known_keyed(word, key) || KATAKANA_NAMES.iter().any(|name| word.contains(name)) {
            return None;
        }
        let letters: Vec<char> = word.chars().collect();
        let compound = self.splits_into_known(word);
        let lookalikes: Vec<String> = lookalikes(word, |w, key| self.known_keyed(w, key)).into_iter().collect::<BTreeSet<_>>().into_iter().collect();
        match lookalikes.len() {
            0 => {}
            1 if !compound => return Some((Action::Repair, lookalikes)),
            _ => return Some((Action::Suggest, lookalikes)),
        }
        if let Some(repaired) = self.compound_lookalike(word) {
            return Some((Action::Repair, vec![repaired]));
        }
        // A word made of two known words is only doubted next to a word of the edition itself.
        // Near a word only as the dictionary or the edition spells it: an -ing added to a listed
        // word (サウンド: サウンドング) is too weak a reference for an edit that is no look-alike.
        let mut near: BTreeSet<String> = BTreeSet::new();
        if letters.len() >= MIN_NEAR_WORD {
            // A long word has 183 edits per letter and few known words start and end like it: each
            // known word that could be one is tested, rather than each edit looked up.
            // An interior edit keeps the first and the last letter.
            let listed_words: &[&str] = match katakana_ends(word) {
                Some(ends) if !compound => loanwords_with_ends(ends),
                _ => &[],
            };
            let edition_words = starting_with(if compound { &self.vocabulary.frequent } else { &self.vocabulary.words }, letters[0]);
            near.extend(
                listed_words
                    .iter()
                    .copied()
                    .chain(edition_words.iter().map(String::as_str))
                    // One edit changes a word's length by four bytes at most (a character
                    // dropped; a letter written is three): most of the bucket's words are
                    // rejected by their length before their letters are counted.
                    .filter(|w| w.len().abs_diff(word.len()) <= 4 && is_interior_edit(&letters, w) && !differs_by_long_vowel_only(word, w))
                    .map(str::to_string),
            );
        }
        if !compound && letters.len() >= MIN_TWO_EDIT_WORD {
            near.extend(
                self.vocabulary
                    .long_words
                    .iter()
                    // Words whose lengths or letters differ by more than two are more than two
                    // edits apart: both tests are much cheaper than the distance.
                    .filter(|(_, other)| {
                        other.len().abs_diff(letters.len()) <= 2 && letters_differ_within(&letters, other, 2) && edit_distance_within(&letters, other, 2) == Some(2)
                    })
                    .map(|(w, _)| w.clone()),
            );
        }
        (!near.is_empty()).then(|| (Action::Suggest, near.into_iter().collect()))
    }

    /// A compound of a known word and an unknown one, one look-alike letter from exactly one word that
    /// the edition prints several times (キャンプ + アドバイサー: アドバイザー), or from a listed
    /// loanword of [`MIN_COMPOUND_PART`] letters or more. A known word next to a short unknown one
    /// is often a real compound (アンガー + マネジメント), which the list alone cannot tell from a
    /// misreading.
    fn compound_lookalike(&self, word: &str) -> Option<String> {
        let mut found: BTreeSet<String> = BTreeSet::new();
        let in_edition = |w: &str, key: u64| self.in_edition(w, key) || (w.chars().count() >= MIN_COMPOUND_PART && listed(w, key));
        for (head, tail) in splits(word) {
            let (head_known, tail_known) = (self.known(head), self.known(tail));
            if head_known && !tail_known {
                found.extend(lookalikes(tail, in_edition).into_iter().map(|t| format!("{head}{t}")));
            }
            if tail_known && !head_known {
                found.extend(lookalikes(head, in_edition).into_iter().map(|h| format!("{h}{tail}")));
            }
        }
        (found.len() == 1).then(|| found.pop_first()).flatten()
    }

    /// A known katakana word: a listed loanword, or a word the edition uses several times and
    /// that is not itself one look-alike letter from a listed loanword (a misreading repeated
    /// on several pages, プランディング, is not a word of the edition).
    fn known(&self, word: &str) -> bool {
        self.known_keyed(word, word_key(word))
    }

    /// [`Repairer::known`] of a word whose [`word_key`] is `key`.
    fn known_keyed(&self, word: &str, key: u64) -> bool {
        listed(word, key) || self.in_edition(word, key)
    }

    /// A word the edition uses [`EDITION_WORD_COUNT`] times or more and that is not one look-alike
    /// letter from a listed loanword ([`EditionVocabulary::of`] decides). `key` is its [`word_key`].
    fn in_edition(&self, word: &str, key: u64) -> bool {
        contains_keyed(&self.vocabulary.word_keys, &self.vocabulary.words, key, word)
    }

    /// Two known words of three letters or more, written together (ステーキ + ホルダー).
    fn splits_into_known(&self, word: &str) -> bool {
        splits(word).any(|(head, tail)| self.known(head) && self.known(tail))
    }
}

/// Each cut of `word` into a head and a tail of three letters or more.
fn splits(word: &str) -> impl Iterator<Item = (&str, &str)> {
    let cuts = word.chars().count().saturating_sub(5);
    word.char_indices().skip(3).take(cuts).map(move |(i, _)| word.split_at(i))
}

/// The katakana word that `text[start..end]` would end or open if it were `to` (デー夕 -> データ).
fn katakana_word_with(text: &str, start: usize, end: usize, to: &str) -> String {
    let head_start = text[..start].char_indices().rev().take_while(|(_, c)| is_katakana_word_char(*c)).last().map_or(start, |(i, _)| i);
    let tail_end = text[end..].find(|c: char| !is_katakana_word_char(c)).map_or(text.len(), |i| end + i);
    format!("{}{to}{}", &text[head_start..start], &text[end..tail_end])
}

/// The words that `word` becomes with one letter replaced by a look-alike and that `keep` accepts,
/// given each with its [`word_key`]. Each is spelled in one reused buffer; only the kept ones are
/// copied. A candidate's key is the word's with the replaced letter's seven bits changed, where
/// the key spells that letter (one of the first [`KEY_LETTERS`], after letters of the katakana
/// block only), and the word's key elsewhere: it is not computed again for each candidate.
fn lookalikes(word: &str, mut keep: impl FnMut(&str, u64) -> bool) -> Vec<String> {
    let key = word_key(word);
    let mut kept = Vec::new();
    let mut buffer = String::with_capacity(word.len() + 4);
    let mut spelled = true;
    for (letter, (i, c)) in word.char_indices().enumerate() {
        let shift = key_shift(letter.min(KEY_LETTERS - 1));
        spelled &= letter < KEY_LETTERS;
        for &b in alternatives(c) {
            buffer.clear();
            buffer.push_str(&word[..i]);
            buffer.push(b);
            buffer.push_str(&word[i + c.len_utf8()..]);
            // Look-alikes are letters of the block, and so is the letter they replace.
            let candidate_key = match katakana_offset(b) {
                Some(offset) if spelled => key & !(0x7F << shift) | key_code(offset) << shift,
                _ => key,
            };
            if keep(&buffer, candidate_key) {
                kept.push(buffer.clone());
            }
        }
        spelled &= katakana_offset(c).is_some();
    }
    kept
}

/// True when `candidate` is the word `letters` with one letter replaced, inserted or dropped,
/// away from its first and last letter: a prefix or an ending added to a word is a new word, not
/// a misreading. The edit is at a letter other than the first and the last (an insertion goes
/// before it), and a replacing or inserted letter is a katakana letter up to ヴ or ー.
fn is_interior_edit(letters: &[char], candidate: &str) -> bool {
    // Most candidates end otherwise: rejected before their letters are counted.
    let Some(&last) = letters.last() else { return false };
    let mut buffer = [0; 4];
    if !candidate.as_bytes().ends_with(last.encode_utf8(&mut buffer).as_bytes()) {
        return false;
    }
    let (n, m) = (letters.len(), candidate.chars().count());
    if m + 1 < n || m > n + 1 {
        return false;
    }
    let prefix = letters.iter().zip(candidate.chars()).take_while(|(a, b)| **a == *b).count();
    let suffix = letters.iter().rev().zip(candidate.chars().rev()).take_while(|(a, b)| **a == *b).count();
    // An edit at letter i keeps the i letters before it, and the letters after it from i + 1
    // (replaced or dropped) or from i (an insertion before it).
    let kept_after = |i: usize| if m > n { n - i } else { n - 1 - i };
    (1..n - 1)
        .filter(|&i| i <= prefix && kept_after(i) <= suffix)
        .any(|i| m < n || candidate.chars().nth(i).is_some_and(is_edit_letter))
}

/// The letters an interior edit may write.
fn is_edit_letter(c: char) -> bool {
    ('\u{30A1}'..='\u{30F4}').contains(&c) || c == 'ー'
}

/// True when the words differ only by a long-vowel mark added or dropped (シティー, シティ):
/// a spelling variant, not a misreading.
fn differs_by_long_vowel_only(a: &str, b: &str) -> bool {
    a.replace('ー', "") == b.replace('ー', "")
}

/// False when more than `bound` edits separate `a` and `b` by their letters alone, counted as
/// multisets: an edit removes at most one letter of `a` and adds at most one of `b`. Letters
/// outside the katakana block are not counted (then the test proves nothing and is true).
fn letters_differ_within(a: &[char], b: &[char], bound: usize) -> bool {
    let mut balance = [0i32; KATAKANA_BLOCK_LEN];
    for (word, step) in [(a, 1), (b, -1)] {
        for &c in word {
            match katakana_offset(c) {
                Some(i) => balance[i] += step,
                None => return true,
            }
        }
    }
    let only_in_a: i32 = balance.iter().filter(|&&n| n > 0).sum();
    let only_in_b: i32 = -balance.iter().filter(|&&n| n < 0).sum::<i32>();
    usize::try_from(only_in_a.max(only_in_b)).is_ok_and(|n| n <= bound)
}

/// Levenshtein distance between two words, or `None` once it exceeds `bound`: no row of the
/// table is then at or below it, and no later row can be.
fn edit_distance_within(a: &[char], b: &[char], bound: usize) -> Option<usize> {
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, x) in a.iter().enumerate() {
        current[0] = i + 1;
        for (j, y) in b.iter().enumerate() {
            current[j + 1] = (previous[j + 1] + 1).min(current[j] + 1).min(previous[j] + usize::from(x != y));
        }
        if current.iter().all(|&d| d > bound) {
            return None;
        }
        std::mem::swap(&mut previous, &mut current);
    }
    Some(previous[b.len()]).filter(|&d| d <= bound)
}

/// The edit of `text[range]` to `to`, widened to the character on either side.
fn with_neighbours(text: &str, range: Range<usize>, to: &str) -> Edit {
    let start = text[..range.start].char_indices().next_back().map_or(range.start, |(i, _)| i);
    let end = text[range.end..].chars().next().map_or(range.end, |c| range.end + c.len_utf8());
    Edit { to: format!("{}{to}{}", &text[start..range.start], &text[range.end..end]), range: start..end }
}

/// Every old character form of the scanned text, with its current form.
fn old_form_edits(scan: &Scan) -> Vec<Edit> {
    scan.triggers
        .iter()
        .filter_map(|&(i, c)| OLD_FORMS.get(&c).map(|new| Edit { range: i..i + c.len_utf8(), to: new.to_string() }))
        .collect()
}

/// True when the large つ at `at` belongs to a real word of `kana_words.tsv` (かつて) that starts
/// a word there: not right after a kanji, where it is a verb's ending (分かつて).
fn in_kana_word(text: &str, at: usize) -> bool {
    KANA_WORDS.iter().any(|word| {
        word.match_indices('つ').any(|(offset, _)| {
            at >= offset
                && text.is_char_boundary(at - offset)
                && text[at - offset..].starts_with(word.as_str())
                && !text[..at - offset].chars().next_back().is_some_and(is_kanji)
        })
    })
}

/// Replaces each edit's range by its `to`, and records where the new text stands.
fn apply(text: &str, edits: &[Edit], repaired: &mut Vec<Range<usize>>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest_start = 0;
    let mut shifted: Vec<Range<usize>> = Vec::new();
    let shift = |position: usize, out_len: usize, rest_start: usize| out_len + position - rest_start;
    let mut old_ranges = std::mem::take(repaired);
    old_ranges.sort_by_key(|r| r.start);
    let mut old = old_ranges.into_iter().peekable();
    for edit in edits {
        while let Some(r) = old.next_if(|r| r.end <= edit.range.start) {
            shifted.push(shift(r.start, out.len(), rest_start)..shift(r.end, out.len(), rest_start));
        }
        out.push_str(&text[rest_start..edit.range.start]);
        shifted.push(out.len()..out.len() + edit.to.len());
        out.push_str(&edit.to);
        rest_start = edit.range.end;
    }
    for r in old {
        shifted.push(shift(r.start, out.len(), rest_start)..shift(r.end, out.len(), rest_start));
    }
    out.push_str(&text[rest_start..]);
    *repaired = shifted;
    out
}

/// The `possible-ocr-error` diagnostic for one suggestion, with the text around it.
fn suggestion(rule: &Rule, text: &str, edit: &Edit, line: usize) -> Diagnostic {
    let from = &text[edit.range.clone()];
    let before: String = text[..edit.range.start].chars().rev().take(8).collect::<Vec<_>>().into_iter().rev().collect();
    let after: String = text[edit.range.end..].chars().take(8).collect();
    Diagnostic::new(
        DiagnosticCode::PossibleOcrError,
        format!("「{from}」 may be a misreading of 「{}」 ({}): …{before}【{from}】{after}…", edit.to, rule.name),
        [line, line],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repaired(text: &str) -> (String, Vec<String>) {
        repaired_in(None, text)
    }

    fn repaired_in(prefecture: Option<&str>, text: &str) -> (String, Vec<String>) {
        let mut log = Repairs::default();
        let out = Repairer::new(prefecture, Arc::default()).line(text, 1, &mut log);
        (out, log.applied.into_iter().map(|r| r.rule).collect())
    }

    /// The messages of the suggestions made on `text`, with the edition's vocabulary.
    fn suggested(vocabulary: &[&str], text: &str) -> Vec<String> {
        let mut log = Repairs::default();
        Repairer::new(None, Arc::new(EditionVocabulary::of(vocabulary.iter().copied()))).line(text, 1, &mut log);
        log.suggestions.into_iter().map(|d| d.message).collect()
    }

    #[test]
    fn long_vowel_read_as_kanji_one() {
        assert_eq!(repaired("観光戦略マネージャ一").0, "観光戦略マネージャー");
        assert_eq!(repaired("ユーザ一の声").0, "ユーザーの声");
        // 一 before a kanji is the numeral (カメラ一台), and after kanji it is never a vowel mark.
        assert_eq!(repaired("カメラ一台").0, "カメラ一台");
        assert_eq!(repaired("一人ひとり").0, "一人ひとり");
    }

    #[test]
    fn small_tsu_by_grammar_not_by_word() {
        for (from, to) in [
            ("沼田町を知つてもらい", "沼田町を知ってもらい"),
            ("研修に参加出来なかつた職員", "研修に参加出来なかった職員"),
            ("決まつたルーティン", "決まったルーティン"),
            ("内容となつてまいります", "内容となってまいります"),
            ("意見によつて変わつた", "意見によって変わった"),
            ("事情が分かつてきた", "事情が分かってきた"),
        ] {
            assert_eq!(repaired(from).0, to, "{from}");
        }
        for stays in ["かつての商店街", "町はかつて栄えた", "一つてきな", "まつたけご飯", "つてを頼る", "なつかしい"] {
            assert_eq!(repaired(stays).0, stays);
        }
    }

    #[test]
    fn old_forms_from_the_derived_table() {
        assert_eq!(repaired("森林經營管理法").0, "森林経営管理法");
        assert_eq!(repaired("市總体としての").0, "市総体としての");
        assert_eq!(repaired("お天氣お姉さん、心を碎いた").0, "お天気お姉さん、心を砕いた");
        assert_eq!(repaired("戦略").0, "戦略");
        // Old forms common in family and place names are only suggested.
        assert_eq!(repaired("渡邊さんと澤田さん").0, "渡邊さんと澤田さん");
        assert_eq!(suggested(&[], "渡邊さん").len(), 1);
    }

    #[test]
    fn lookalikes_across_scripts() {
        assert_eq!(repaired("メ力ニズムを学ぶ").0, "メカニズムを学ぶ");
        assert_eq!(repaired("プ口グラムの開発").0, "プログラムの開発");
        assert_eq!(repaired("デー夕の活用、力メラ").0, "データの活用、カメラ");
        assert_eq!(repaired("地域の人ロ減少と協カ体制").0, "地域の人口減少と協力体制");
        assert_eq!(repaired("農産物の加エ品").0, "農産物の加工品");
        // Counters (3カ所, 数カ月) and katakana words stay.
        for stays in ["3カ所で実施", "数カ月ごとに", "何カ国か", "人口減少", "ロボット", "エリア"] {
            assert_eq!(repaired(stays).0, stays);
        }
    }

    #[test]
    fn the_vocabulary_counts_katakana_words_short_and_long_and_acronyms() {
        let vocabulary = EditionVocabulary::of(["市のDXとDx、Webの推進", "県のDX"].into_iter().chain(["アイデアマネジメントとアイデア、ロボ"; 3]));
        assert_eq!(vocabulary.latin("DX"), 2);
        // No rule asks how often a word with a small letter occurs.
        assert_eq!(vocabulary.latin("Dx") + vocabulary.latin("Web"), 0);
        assert_eq!(vocabulary.frequent, ["アイデア", "アイデアマネジメント", "ロボ"]);
        assert_eq!((vocabulary.verdicts.len(), vocabulary.long_verdicts.len()), (2, 1));
    }

    #[test]
    fn circle_read_as_latin_o_before_japanese_or_a_known_acronym() {
        assert_eq!(repaired("O地域の課題").0, "○地域の課題");
        let vocabulary = EditionVocabulary::of(["DX推進計画", "自治体DXの推進", "市のDX", "OAスキル"]);
        let repairer = Repairer::new(None, Arc::new(vocabulary));
        let mut log = Repairs::default();
        assert_eq!(repairer.line("ODX推進に向けて", 1, &mut log), "○DX推進に向けて");
        // OA and ODA are words of their own: A alone is too short, DA never stands alone.
        assert_eq!(repairer.line("OAスキル", 2, &mut log), "OAスキル");
        assert_eq!(repairer.line("ODA事業", 3, &mut log), "ODA事業");
        assert_eq!(repairer.line("OECD加盟国", 4, &mut log), "OECD加盟国");
    }

    #[test]
    fn dash_bullet_read_as_one_unless_the_edition_numbers_with_kanji() {
        assert_eq!(repaired("一 大規模圃場整備").0, "― 大規模圃場整備");
        assert_eq!(repaired("一 「ロボットのまち」").0, "― 「ロボットのまち」");
        assert_eq!(repaired("一人ひとり").0, "一人ひとり");
        assert_eq!(repaired("一 2023年").0, "一 2023年");
        let repairer = Repairer::new(None, Arc::new(EditionVocabulary::of(["一 総則", "二 目的"])));
        let mut log = Repairs::default();
        assert_eq!(repairer.line("一 総則", 1, &mut log), "一 総則");
    }

    #[test]
    fn katakana_words_one_lookalike_from_a_loanword_are_repaired() {
        assert_eq!(repaired("プレバブの倉庫").0, "プレハブの倉庫");
        assert_eq!(repaired("市のプランディング").0, "市のブランディング");
        assert_eq!(repaired("キヤッチフレーズ").0, "キャッチフレーズ");
        assert_eq!(repaired("パーチャルミュージアム").0, "バーチャルミュージアム");
        assert_eq!(repaired("ブレイングマネージャー").0, "プレイングマネージャー");
        // In a compound, the misread part must be a word that the edition itself uses.
        let repairer = Repairer::new(None, Arc::new(EditionVocabulary::of(["アドバイザー", "アドバイザーの", "アドバイザーと"])));
        let mut log = Repairs::default();
        assert_eq!(repairer.line("キャンプアドバイサーの育成", 1, &mut log), "キャンプアドバイザーの育成");
        // Known words, compounds of known words and short words stay.
        for stays in ["アンガーマネジメント", "リブランディング", "オーブンで焼く", "ビヤガーデン", "カバ", "キヤノンマーケティング"] {
            assert_eq!(repaired(stays).0, stays);
        }
        // A misreading printed on several pages is no word of the edition; a known word next to
        // a known word is a compound, even when one of them is a look-alike of an edition word.
        let edition = ["プランディング", "市のプランディング", "プランディング戦略", "グリーン", "グリーン化", "グリーン人材"];
        let repairer = Repairer::new(None, Arc::new(EditionVocabulary::of(edition)));
        let mut log = Repairs::default();
        assert_eq!(repairer.line("プランディングとアウターブランディング", 1, &mut log), "ブランディングとアウターブランディング");
        assert_eq!(repairer.line("クリーンテック関連", 2, &mut log), "クリーンテック関連");
    }

    #[test]
    fn katakana_words_near_a_known_word_are_suggested() {
        let edition = ["ステークホルダー", "ステークホルダーと", "ステークホルダーの", "マイナンバーカード", "マイナンバーカードの", "マイナンバーカード普及"];
        assert!(suggested(&edition, "ステーキホルダーとの連携")[0].contains("「ステークホルダー」"));
        assert!(suggested(&[], "サウンドィング型市場調査")[0].contains("「サウンディング」"));
        assert!(suggested(&[], "デジタル・トランフォーメーション")[0].contains("「トランスフォーメーション」"));
        assert!(suggested(&edition, "マイナーパーカード普及促進")[0].contains("「マイナンバーカード」"));
        assert_eq!(suggested(&edition, "ステークホルダーと連携"), Vec::<String>::new());
        assert_eq!(suggested(&[], "リブランディング、ファシリテート"), Vec::<String>::new());
        // A long-vowel mark added or dropped is a spelling variant.
        assert_eq!(suggested(&[], "シティープロモーションとコミュニティー"), Vec::<String>::new());
    }

    #[test]
    fn fu_read_for_cho_outside_fu_prefectures() {
        assert_eq!(repaired("府内のデジタル化、全府的・横断的に、府外").0, "庁内のデジタル化、全庁的・横断的に、庁外");
        assert_eq!(repaired("府舎内のペーパレス化").0, "庁舎内のペーパレス化");
        assert_eq!(repaired("大阪府内の自治体").0, "大阪府内の自治体");
        assert_eq!(repaired("政府内の議論").0, "政府内の議論");
        assert_eq!(repaired_in(Some("大阪府"), "府内の自治体").0, "府内の自治体");
        assert_eq!(repaired_in(Some("岩手県"), "府内運営の効率化").0, "庁内運営の効率化");
    }

    #[test]
    fn uncertain_readings_are_suggested_and_left_alone() {
        for (text, suggestion) in [("コロナ過の2年間", "「禍」"), ("職員の皆さん的能力", "「の」"), ("皆さん之力", "「の」"), ("都城市的事業者", "「の」"), ("エネルギー一代金", "「ー」")] {
            let repairer = Repairer::default();
            let mut log = Repairs::default();
            assert_eq!(repairer.line(text, 7, &mut log), text);
            assert_eq!(log.suggestions.len(), 1, "{text}");
            let diagnostic = &log.suggestions[0];
            assert_eq!((diagnostic.code, diagnostic.lines), (DiagnosticCode::PossibleOcrError, [7, 7]));
            assert!(diagnostic.message.contains(suggestion), "{}", diagnostic.message);
        }
        for stays in ["ピーク過ぎ", "声を的確に", "コーヒー一杯", "山田博之氏", "都市的な生活", "大都市的な"] {
            assert_eq!(suggested(&[], stays), Vec::<String>::new(), "{stays}");
        }
    }

    #[test]
    fn ideographs_outside_cp932_get_their_japanese_form() {
        for (from, to) in [("壳木村", "売木村"), ("一步前進", "一歩前進"), ("数值", "数値"), ("体质", "体質")] {
            assert_eq!(repaired(from).0, to);
        }
    }

    #[test]
    fn non_cp932_rules_replace_only_glyphs_outside_cp932() {
        for rule in RULES.iter().filter(|r| r.name == "non-cp932") {
            assert!(!in_cp932(&rule.from), "{} is in CP932: not this rule's class", rule.from);
            assert!(in_cp932(&rule.to), "{} is not in CP932", rule.to);
        }
    }

    #[test]
    fn name_forms_that_are_only_suggested_are_old_forms_of_the_table() {
        let table: HashMap<String, String> = OLD_FORMS_TABLE.rows::<(String, String)>().into_iter().collect();
        for rule in RULES.iter().filter(|r| r.name == "old-form-in-names") {
            assert_eq!(table.get(&rule.from), Some(&rule.to), "{}", rule.from);
            assert!(!OLD_FORMS.contains_key(&single_char(&rule.from).unwrap()));
        }
    }

    /// The table's own examples: every repair rule changes its `changes` example (and says so
    /// in the audit trail), every suggestion rule flags it and changes nothing, and every rule
    /// leaves its `stays` example alone.
    #[test]
    fn every_rule_changes_its_example_and_keeps_its_counterexample() {
        for row in RULES_TABLE.rows::<RuleRow>() {
            let (name, changes, stays) = (row.name.as_str(), row.changes.as_str(), row.stays.as_str());
            let repairer = Repairer::default();
            let mut log = Repairs::default();
            let changed = repairer.line(changes, 1, &mut log);
            match row.action {
                Action::Repair => {
                    assert_ne!(changed, changes, "{name}: {changes} unchanged");
                    assert!(log.applied.iter().any(|r| r.rule == name), "{name}: {changes} was changed by {:?}", log.applied);
                }
                Action::Suggest => {
                    assert_eq!(changed, changes, "{name}: a suggestion changed {changes}");
                    assert!(log.suggestions.iter().any(|d| d.message.contains(&format!("({name})"))), "{name}: {changes} not flagged");
                }
            }
            let repairer = Repairer::default();
            let mut log = Repairs::default();
            assert_eq!(repairer.line(stays, 1, &mut log), stays, "{name}: {stays} must stay");
            assert!(!log.suggestions.iter().any(|d| d.message.contains(&format!("({name})"))), "{name}: {stays} flagged");
        }
    }

    #[test]
    fn a_repair_is_not_repaired_again() {
        // One repair recorded per occurrence; a later rule skips the text a repair wrote.
        let repairer = Repairer::default();
            let mut log = Repairs::default();
        repairer.line("知つて、知つて", 1, &mut log);
        assert_eq!(log.applied.iter().map(|r| r.rule.as_str()).collect::<Vec<_>>(), ["small-tsu", "small-tsu"]);
        let mut written: Vec<Range<usize>> = std::iter::once(2..5).collect();
        let text = apply("ab一cd", &[Edit { range: 6..7, to: "ー".to_string() }], &mut written);
        assert_eq!(text, "ab一cー");
        assert_eq!(written, [2..5, 6..9]);
        // マネージャ一 -> マネージャー; the katakana rules then see a known word written by a repair.
        let (text, rules) = repaired("マネージャ一の育成");
        assert_eq!((text.as_str(), rules.as_slice()), ("マネージャーの育成", ["long-vowel".to_string()].as_slice()));
    }

    #[test]
    fn the_loanword_list_holds_every_row_of_its_table() {
        let rows: Vec<String> = LOANWORDS_TABLE.rows::<(String,)>().into_iter().map(|(word,)| word).collect();
        assert_eq!(*LOANWORDS, rows);
        assert!(LOANWORDS.is_sorted(), "loanwords.tsv must be sorted for binary search: regenerate it");
        assert!(starting_with(&LOANWORDS, 'ア').iter().all(|w| w.starts_with('ア')));
        let first_letters: usize = ('\u{30A1}'..='\u{30FA}').map(|c| starting_with(&LOANWORDS, c).len()).sum();
        assert_eq!(first_letters, LOANWORDS.len());
        // The search within a word's opening finds every listed word, and only those.
        assert!(LOANWORDS.iter().all(|w| is_loanword(w)));
        for other in ["アイデアー", "ア", "カメ", "データA", "Aデータ", "データ化"] {
            assert!(!is_loanword(other), "{other}");
        }
        // Each listed word's key stands in the bucket of its first two letters.
        let index = &*LOANWORD_KEYS;
        assert!(index.keys.is_sorted());
        for (i, word) in LOANWORDS.iter().enumerate() {
            let opening = key_opening(word_key(word));
            assert!((index.starts[opening] as usize..index.starts[opening + 1] as usize).contains(&i), "{word}");
        }
        // The near search's buckets hold every listed word by its first and last letter.
        let ends = |w: &str| (w.chars().next(), w.chars().next_back());
        let bucket = loanwords_with_ends(katakana_ends("アート").unwrap());
        assert!(!bucket.is_empty() && bucket.iter().all(|w| ends(w) == (Some('ア'), Some('ト'))));
        assert!(bucket.is_sorted());
        assert_eq!(LOANWORDS_BY_ENDS.0.len(), LOANWORDS.len());
    }

    #[test]
    fn word_keys_sort_as_the_words_do_and_tell_exact_words_apart() {
        let mut words: Vec<&str> = vec![
            "", "ア", "アア", "ァア", "ヿ", "ヿヿ", "゠ー", "゠", "アイデア", "アイデアー", "アイデアマネジメ", "アイデアマネジメン",
            "アイデアマネジメント", "アイデアマネジメンツ", "アイデアマネジメンアア", "Aア", "アA", "アAイ", "アBア", "ぁア", "ㇰア",
            "アあイ", "アいア", "ア漢", "ア漢字", "データ", "データ1", "データ化", "デ", "カメラ",
        ];
        words.extend(LOANWORDS.iter().step_by(97));
        words.sort_unstable();
        words.dedup();
        for (i, a) in words.iter().enumerate() {
            for b in &words[i + 1..] {
                let (ka, kb) = (word_key(a), word_key(b));
                assert!(ka <= kb, "{a} {b}");
                assert!(ka != kb || ka & KEY_INEXACT != 0, "{a} {b} share an exact key");
            }
        }
        let keys: Vec<u64> = words.iter().map(|w| word_key(w)).collect();
        assert!(words.iter().all(|w| contains_keyed(&keys, &words, word_key(w), w)));
        for other in ["イ", "アイデ", "アイデアマネジメントー", "アイデアマネジメ ン", "アう", "Bア"] {
            assert!(!contains_keyed(&keys, &words, word_key(other), other), "{other}");
        }
    }

    /// Every word one interior edit from `letters`, spelled out: what [`is_interior_edit`] tests.
    fn interior_edits(letters: &[char]) -> Vec<String> {
        let alphabet: Vec<char> = ('\u{30A1}'..='\u{30F4}').chain(['ー']).collect();
        let join = |parts: &[&[char]]| parts.iter().flat_map(|p| p.iter()).collect::<String>();
        let mut words = Vec::new();
        for i in 1..letters.len().saturating_sub(1) {
            words.push(join(&[&letters[..i], &letters[i + 1..]]));
            for c in &alphabet {
                words.push(join(&[&letters[..i], &[*c], &letters[i + 1..]]));
                words.push(join(&[&letters[..i], &[*c], &letters[i..]]));
            }
        }
        words
    }

    #[test]
    fn interior_edit_test_agrees_with_the_edits_spelled_out() {
        // Repeated letters, letters outside the edit alphabet (ヵ, ヷ) and the word itself.
        let letters = ['ア', 'ッ', 'ッ', 'ヵ', 'ー', 'ヷ', 'ク', 'ク'];
        let edits: BTreeSet<String> = interior_edits(&letters).into_iter().collect();
        let word: String = letters.iter().collect();
        let mut tried = 0;
        for candidate in edits.iter().cloned().chain(interior_edits(&word.chars().rev().collect::<Vec<_>>())).chain([word.clone()]) {
            for variant in [candidate.clone(), format!("{candidate}ク"), format!("ア{candidate}"), candidate.replace('ヵ', "ヷ")] {
                assert_eq!(is_interior_edit(&letters, &variant), edits.contains(&variant), "{variant}");
                tried += 1;
            }
        }
        assert!(tried > 5_000);
        for short in [&[][..], &['ア'][..], &['ア', 'イ'][..]] {
            assert!(!is_interior_edit(short, "アイ"));
        }
    }

    /// Byte ranges of the maximal runs of characters that satisfy `member`, by decoding every
    /// character: what the byte searches must find.
    fn runs(text: &str, member: impl Fn(char) -> bool) -> Vec<Range<usize>> {
        let mut chars = text.char_indices();
        std::iter::from_fn(|| {
            let start = chars.find(|&(_, c)| member(c))?.0;
            let end = chars.find(|&(_, c)| !member(c)).map_or(text.len(), |(i, _)| i);
            Some(start..end)
        })
        .collect()
    }

    #[test]
    fn latin_words_are_the_runs_of_ascii_letters() {
        for text in ["", "DX", "市のDXとAI活用", "ODX推進 PDCA", "ｗｅｂとweb、Ａ1b", "データ"] {
            assert_eq!(latin_words(text).collect::<Vec<_>>(), runs(text, |c| c.is_ascii_alphabetic()), "{text}");
        }
    }

    #[test]
    fn katakana_words_are_the_runs_of_katakana_letters_and_long_vowel_marks() {
        for text in ["", "データ", "市のデータとAIツール、ー・ヴァ゠ヿ", "ぁアゔ ヵヶヷヺ・ーｱ", "ABCデータ", "データ1"] {
            assert_eq!(katakana_words(text).collect::<Vec<_>>(), runs(text, is_katakana_word_char), "{text}");
        }
        // Words across the edges of the 64-byte blocks the starts are marked in, and at them.
        for shift in ["", "a", "ab"] {
            let text = format!("{shift}{}データの{}字ー{}", "漢".repeat(21), "ア".repeat(30), "イ".repeat(43));
            assert_eq!(katakana_words(&text).collect::<Vec<_>>(), runs(&text, is_katakana_word_char), "{text}");
        }
        let every_char: String = ('\u{3000}'..='\u{30FF}').collect();
        assert_eq!(katakana_words(&every_char).collect::<Vec<_>>(), runs(&every_char, is_katakana_word_char));
    }

    #[test]
    fn splits_cut_a_word_into_two_parts_of_three_letters_or_more() {
        assert_eq!(splits("アイウエオカキ").collect::<Vec<_>>(), [("アイウ", "エオカキ"), ("アイウエ", "オカキ")]);
        assert_eq!(splits("アイウエオ").count(), 0);
    }

    #[test]
    fn lookalikes_replace_one_letter_by_its_lookalike() {
        let all: BTreeSet<String> = lookalikes("カツ", |_, _| true).into_iter().collect();
        let expected = ["ガツ", "ヵツ", "カシ", "カジ", "カヅ", "カッ"].map(String::from);
        assert_eq!(all, BTreeSet::from(expected));
        assert_eq!(lookalikes("カツ", |w, _| w.starts_with('ガ')), ["ガツ"]);
        // Each candidate comes with its key, whether the key spells the replaced letter or not.
        for word in ["カツ", "ゲームセンター", "コミュニティバスケット", "アイウエオカキクケコサシスセソ", "カAツ", "aカツ", "カツ漢字ツ", "ツ"] {
            let mut seen = 0;
            lookalikes(word, |w, key| {
                assert_eq!(key, word_key(w), "{w}");
                seen += 1;
                false
            });
            assert!(seen > 0, "{word}");
        }
    }

    #[test]
    fn edit_distance_counts_replacements_insertions_and_deletions() {
        let letters = |w: &str| w.chars().collect::<Vec<_>>();
        for (a, b, distance) in [("", "", 0), ("", "アイ", 2), ("ステーキホルダー", "ステークホルダー", 1), ("マイナーパーカード", "マイナンバーカード", 2), ("カメラ", "ラメカ", 2)] {
            assert_eq!(edit_distance_within(&letters(a), &letters(b), 9), Some(distance), "{a} {b}");
            assert_eq!(edit_distance_within(&letters(b), &letters(a), 9), Some(distance), "{b} {a}");
            assert_eq!(edit_distance_within(&letters(a), &letters(b), distance), Some(distance), "{a} {b}");
            if distance > 0 {
                assert_eq!(edit_distance_within(&letters(a), &letters(b), distance - 1), None, "{a} {b}");
            }
        }
    }

    #[test]
    fn the_letter_test_never_rejects_words_within_the_edit_distance() {
        let letters = |w: &str| w.chars().collect::<Vec<_>>();
        let words = ["ステークホルダー", "ステーキホルダー", "マイナンバーカード", "マイナーパーカード", "カメラ", "ラメカ", "メカラカ", "アイ", "", "データA"];
        for a in words {
            for b in words {
                for bound in 0..4 {
                    if edit_distance_within(&letters(a), &letters(b), bound).is_some() {
                        assert!(letters_differ_within(&letters(a), &letters(b), bound), "{a} {b} {bound}");
                    }
                }
            }
        }
        assert!(!letters_differ_within(&letters("マイナンバーカード"), &letters("ステークホルダー"), 2));
    }

    #[test]
    fn the_cp932_table_holds_exactly_the_ideographs_it_cannot_encode() {
        for c in (KANJI_START..=KANJI_END).filter_map(|c| char::from_u32(c as u32)) {
            assert_eq!(OUTSIDE_CP932[c as usize - KANJI_START], is_kanji(c) && !in_cp932(c.encode_utf8(&mut [0; 4])), "{c}");
        }
        // The search reads every character of the range, at any offset in the text, and no other.
        let expected = |text: &str| text.chars().filter(|&c| is_kanji(c) && !in_cp932(&c.to_string())).collect::<Vec<_>>();
        for shift in ["", "a", "ab", "é"] {
            let text: String = std::iter::once(shift).chain(["壳木村", "ー一步", "🙂数值"]).collect::<String>()
                + &('\u{3000}'..='\u{A0FF}').chain(['𠀋', 'A', '壳']).collect::<String>();
            assert_eq!(non_cp932_ideographs(&text), expected(&text), "{shift}");
        }
    }
}
