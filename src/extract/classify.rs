//! Stage 2: each raw line -> its normalized text, match key and what it is.

use std::borrow::Cow;
use std::sync::LazyLock;

use rayon::prelude::*;
use regex::Regex;

use crate::entities::municipality::{self, Resolution};
use crate::tables::static_regex;

use crate::extract::normalize::{Key, STARTS_BLOCK, clean_and_key, leading_white_space, match_key, starts_where};
use crate::extract::read::SourceText;
use crate::extract::shape::{self, Form, Mark, Role, Shape};
use crate::record::SectionKind;
use crate::vocab::{self, FieldKind, HeadingConcept};

/// What one line is, before anything knows which report it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineKind {
    Blank,
    /// A labelled line (`派遣元：総務省`) and its value as normalized text.
    Field(FieldKind, Box<str>),
    /// A section heading: shaped like one, naming a section kind, and opening a section there.
    Heading(SectionKind),
    Text,
}

#[derive(Debug, Clone)]
pub struct Line {
    /// 1-based line number in the raw input.
    pub number: usize,
    pub raw: String,
    /// [`Line::text`], or `None` when it is `raw` itself: most lines are clean already.
    clean: Option<String>,
    /// [`Line::key`]: mostly a slice of the text, kept as its range.
    key: Key,
    pub kind: LineKind,
    /// Indentation, marker, table row, debris: everything of the line's shape but its kind.
    pub shape: Shape,
    /// `Some` for a line shaped like a section heading, field lines apart: what later stages ask
    /// of it, read once here.
    heading_like: Option<HeadingLike>,
}

/// What a line shaped like a section heading is, beyond the kind it may name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct HeadingLike {
    /// Decorated or numbered (■…, 【…】, (2) …, Ⅲ …).
    decorated: bool,
    /// A short phrase about what sections are about (課題, 取組, 今後, …) that names no section kind.
    unrecognized: bool,
}

/// A line longer than this (in characters) is body text, not a headline or logo.
const MAX_TITLE_CHARS: usize = 80;

// The accessors that later stages call on every line are `#[inline]`: the crate is built in 16
// codegen units, and without the hint a call from blocks or fields stays a call.
impl Line {
    /// Output text (normalize::clean), without OCR repairs.
    #[inline]
    pub fn text(&self) -> &str {
        self.clean.as_deref().unwrap_or(&self.raw)
    }

    /// Match key (normalize::match_key), for comparing with vocabulary tables.
    #[inline]
    pub fn key(&self) -> &str {
        self.key.of(self.text())
    }

    /// The text without the converter's list dash: what a block holds of this line.
    #[inline]
    pub fn body(&self) -> &str {
        &self.text()[usize::from(self.shape.body)..]
    }

    /// Bullets, list dashes, numbering, notes, captions and table rows: a line that opens a
    /// list item or a remark.
    pub fn starts_with_marker(&self) -> bool {
        self.shape.dash
            || matches!(self.shape.form, Form::Row(_) | Form::Rule)
            || self.shape.marker().is_some_and(|m| m.role != Role::Label)
    }

    /// A line that can be a headline or logo text: short text that is not a list item, a
    /// sentence, a heading or a field.
    pub fn is_title_like(&self) -> bool {
        let text = self.text();
        self.kind == LineKind::Text
            && !text.is_empty()
            && text.chars().count() <= MAX_TITLE_CHARS
            && !text.ends_with('。')
            && !self.starts_with_marker()
    }

    #[inline]
    pub fn is_blank(&self) -> bool {
        self.kind == LineKind::Blank
    }

    #[inline]
    pub fn heading(&self) -> Option<SectionKind> {
        match self.kind {
            LineKind::Heading(kind) => Some(kind),
            _ => None,
        }
    }

    #[inline]
    pub fn field(&self) -> Option<(FieldKind, &str)> {
        match &self.kind {
            LineKind::Field(kind, value) => Some((*kind, value)),
            _ => None,
        }
    }
}

/// Normalizes and classifies every line of the source. Lines are independent, so they are
/// classified in parallel; indexed collects keep them in order. Takes the source by value so
/// each raw line moves into its [`Line`] instead of being copied. Which heading-shaped lines open a
/// section depends on the sections before them, so that is settled afterwards, in order.
///
/// Each stage runs over every line in a pass of its own (clean and key, then shape, then kind):
/// one closure doing all three per line ran more code per line than the instruction cache holds,
/// and fetched it again for every line.
pub fn classify(source: SourceText) -> Vec<Line> {
    let mut lines: Vec<Line> = source.lines.into_par_iter().enumerate().map(|(i, raw)| Line::cleaned(i + 1, raw)).collect();
    lines.par_iter_mut().filter(|line| !line.is_blank()).for_each(|line| {
        line.shape = shape_of(&line.raw, line.text(), line.key());
    });
    let candidates: Vec<Option<Candidate>> = lines
        .par_iter_mut()
        .map(|line| {
            if line.is_blank() {
                return None;
            }
            let Classified { kind, heading_like, candidate } = kind_of(line.text(), line.key(), &line.shape);
            (line.kind, line.heading_like) = (kind, heading_like);
            candidate
        })
        .collect();
    settle_headings(&mut lines, &candidates);
    lines
}

impl Line {
    /// A raw line with its clean text and key, not yet shaped nor classified: blank, or text for
    /// now.
    fn cleaned(number: usize, raw: String) -> Line {
        // Blank means blank in the raw text: a line of converter debris alone (`<br>`) is
        // still input, and must land somewhere.
        let blank = leading_white_space(&raw) == raw.len();
        // Cleaning folds white space away: a blank line's text is empty, and so is its key.
        let (clean, key) = if blank { ((!raw.is_empty()).then(String::new), Key::Within { start: 0, end: 0 }) } else { clean_and_key(&raw) };
        let kind = if blank { LineKind::Blank } else { LineKind::Text };
        Line { number, raw, clean, key, kind, shape: Shape::default(), heading_like: None }
    }
}

fn shape_of(raw: &str, text: &str, key: &str) -> Shape {
    let mut shape = shape::shape(raw, text);
    if shape.form == Form::Text && vocab::is_decoration(key) {
        shape.form = Form::Decoration;
    }
    shape
}

/// A line that names a section kind, before the document around it says whether it opens one.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    concept: HeadingConcept,
    decoration: Decoration,
    /// A circled number after it (取組状況②): one of several sections of its kind.
    numbered: bool,
}

/// What stands before a heading's words: nothing, a mark (■, 【】), or numbering of one style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Decoration {
    Bare,
    /// A mark of markers.tsv, by family.
    Mark(u8),
    /// Numbering, by style: (1), 第1, Ⅰ, 一、, 1., 1, A.
    Number(u8),
}

/// The usual order of the four sections.
fn usual_order(kind: SectionKind) -> usize {
    [SectionKind::Challenges, SectionKind::Initiatives, SectionKind::Experiences, SectionKind::Outlook]
        .iter()
        .position(|k| *k == kind)
        .unwrap_or(usize::MAX)
}

/// Decides which candidates open a section, as a reader does. The usual heading of a kind
/// (`full`, in any decoration) or a numbered one always does. Other lines naming a kind open a
/// section when bare, or decorated the way the report decorates its section headings: as its first
/// heading is, or a usual heading ((1) 着任時の課題認識, then (2) 具体的な取組内容). Any other
/// decorated line is a subheading (【苦労した点】, 【取組内容の一例】). A line that goes back in the
/// usual order is a subheading of the section it stands in (課題認識と対策 inside 取組状況); of the
/// same kind, a bare line opens a second section (関川村の課題, then 課題認識とミッション定義) and a
/// decorated one is a subheading. Field lines start a report's region afresh.
fn settle_headings(lines: &mut [Line], candidates: &[Option<Candidate>]) {
    let mut region_start = 0;
    for i in 0..=lines.len() {
        if i == lines.len() || lines[i].field().is_some() {
            settle_region(&mut lines[region_start..i], &candidates[region_start..i]);
            region_start = i + 1;
        }
    }
}

fn settle_region(lines: &mut [Line], candidates: &[Option<Candidate>]) {
    // The region's first heading sets how it decorates section headings, and so does any usual one.
    let mut found = candidates.iter().flatten();
    let first = found.next().map(|c| c.decoration);
    let mut section_styles: Vec<Decoration> = first.into_iter().chain(found.filter(|c| c.concept.full).map(|c| c.decoration)).collect();
    section_styles.dedup();
    let section_style = |decoration: Decoration| section_styles.contains(&decoration);
    let mut current: Option<SectionKind> = None;
    for (line, candidate) in lines.iter_mut().zip(candidates) {
        let Some(candidate) = candidate else { continue };
        let kind = candidate.concept.kind;
        // A bare line may open a second section of the current kind; a decorated one is then the
        // section's subheading (【取組内容の一例】 below これまでの取組).
        let forward = |current: SectionKind| match candidate.decoration {
            Decoration::Bare => usual_order(kind) >= usual_order(current),
            decoration => section_style(decoration) && usual_order(kind) > usual_order(current),
        };
        let opens = candidate.concept.full
            || candidate.numbered
            || current.is_none_or(forward) && (candidate.decoration == Decoration::Bare || section_style(candidate.decoration));
        if opens {
            current = Some(kind);
        } else {
            line.kind = LineKind::Text;
        }
    }
}

/// What [`kind_of`] reads of a line.
struct Classified {
    kind: LineKind,
    heading_like: Option<HeadingLike>,
    /// For a line naming a section kind: what [`settle_headings`] needs to decide it.
    candidate: Option<Candidate>,
}

impl Classified {
    fn of(kind: LineKind) -> Classified {
        Classified { kind, heading_like: None, candidate: None }
    }
}

fn kind_of(text: &str, key: &str, shape: &Shape) -> Classified {
    if let Some((label, value)) = split_at_colon(text) {
        let value = value.trim();
        if let Some(field) = vocab::label(&match_key(label)) {
            return Classified::of(LineKind::Field(field, value.into()));
        }
        // Whatever its label says, a value that is exactly a municipality of the code table
        // (prefecture and name) says where the person was sent.
        if names_a_municipality(value) {
            return Classified::of(LineKind::Field(FieldKind::Municipality, value.into()));
        }
    }
    let Some(shape) = heading_shape(text, key, shape) else { return Classified::of(LineKind::Text) };
    let decorated = shape.decoration != Decoration::Bare;
    match vocab::heading(&shape.core) {
        Some(concept) => Classified {
            kind: LineKind::Heading(concept.kind),
            heading_like: Some(HeadingLike { decorated, unrecognized: false }),
            candidate: Some(Candidate { concept, decoration: shape.decoration, numbered: shape.numbered }),
        },
        None => {
            let unrecognized = shape.core.chars().count() <= MAX_UNRECOGNIZED_CHARS && vocab::mentions_section(&shape.core);
            Classified { kind: LineKind::Text, heading_like: Some(HeadingLike { decorated, unrecognized }), candidate: None }
        }
    }
}

/// The text before and after its first colon (clean text has only the ASCII one). Every line is
/// searched for one: memchr's search costs less than `split_once`'s on both short and long lines.
fn split_at_colon(text: &str) -> Option<(&str, &str)> {
    let colon = memchr::memchr(b':', text.as_bytes())?;
    Some((&text[..colon], &text[colon + 1..]))
}

/// A label's value that names a prefecture and one of its municipalities, and nothing else but a
/// bracketed note.
fn names_a_municipality(value: &str) -> bool {
    let name = value.split(['【', '(', '[']).next().unwrap_or(value);
    name.chars().count() <= MAX_MUNICIPALITY_CHARS
        && municipality::starts_with_prefecture(name)
        && match municipality::resolve(name) {
            Resolution::Found(entry) => match_key(name) == format!("{}{}", entry.prefecture, entry.name),
            _ => false,
        }
}

/// No prefecture and municipality name together is longer than this (in characters).
const MAX_MUNICIPALITY_CHARS: usize = 16;
/// A heading's core (without decoration) is a phrase of this many characters.
const HEADING_CHARS: std::ops::RangeInclusive<usize> = 5..=30;
/// A line longer than this (in characters, decoration included) is no heading.
const MAX_HEADING_LINE_CHARS: usize = 40;

/// Numbering before a heading, in any common style (match keys are NFKC: Ⅲ is `III`, (２) is
/// `(2)`, and have no spaces). A bare number or Roman numeral counts only when no digit or Latin
/// letter follows it (2050年, IT活用 are words).
static NUMBERING: LazyLock<Regex> = LazyLock::new(|| {
    static_regex(r"^(?:第[0-9]{1,2}[章節部]?|[0-9]{1,2}[.)、-](?:[0-9]{1,2}\.?)?|\([0-9]{1,2}\)|\([一二三四五六七八九十]{1,2}\)|[一二三四五六七八九十]{1,2}[、.)]|[A-Za-z][.)]|[IVX]{1,4}[.)、]|[0-9]{1,2}|[IVX]{1,4})")
});

/// The style of a numbering (match key), one number per style: (1), 第1, I, 一、, 1., 1, A.
fn numbering_style_of(numbering: &str) -> u8 {
    match numbering.chars().next() {
        Some('(') => 0,
        Some('第') => 1,
        Some('I' | 'V' | 'X') => 2,
        Some(c) if c.is_ascii_digit() => {
            if numbering.ends_with(|c: char| c.is_ascii_digit()) { 5 } else { 4 }
        }
        Some(c) if c.is_ascii_alphabetic() => 6,
        _ => 3,
    }
}

/// Circled numbers after a heading (取組状況①, 取組状況②・③) number repeated sections.
static TRAILING_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| static_regex(r"[\u{2460}-\u{2473}](?:[・、][\u{2460}-\u{2473}])*$"));

/// A line shaped like a section heading.
struct HeadingShape<'k> {
    /// The match key without decoration and numbering.
    core: Cow<'k, str>,
    decoration: Decoration,
    numbered: bool,
}

/// The shape of a line that may be a section heading. `None` when the line is no heading by shape:
/// a list item or subheading (its mark says so in markers.tsv), a sentence, a labelled value, a
/// table row, a quotation or headline, a bracketed label before text (【取組状況】…), or too short
/// or too long a phrase.
fn heading_shape<'k>(text: &str, key: &'k str, shape: &Shape) -> Option<HeadingShape<'k>> {
    // Without a dash and in no table, the line is the shape's content, whose characters it has
    // counted.
    if shape.dash
        || shape.bracketed
        || matches!(shape.form, Form::Row(_) | Form::Rule)
        || shape.chars > MAX_HEADING_LINE_CHARS
        || has_stop_or_quote(text)
        || text.ends_with(['、', ','])
        || split_at_colon(text).is_some_and(|(_, value)| !value.trim().is_empty())
    {
        return None;
    }
    // The line's own mark (markers.tsv): one that opens items and subheadings rules a section
    // heading out; one that decorates it is left out of its words.
    let (mut core, decoration) = match &shape.mark {
        Some(mark) if !mark.may_open_section => return None,
        Some(mark) if decorates(mark) => {
            (Cow::Owned(match_key(&decorated_words(mark, text.get(usize::from(shape.body)..)?)?)), Some(Decoration::Mark(mark.family)))
        }
        _ => (Cow::Borrowed(key), None),
    };
    let mut numbering_style = None;
    loop {
        let before = core.len();
        // Numbering opens with a digit, a Latin letter, a parenthesis, 第 or a kanji numeral: most
        // lines open otherwise and need no pattern.
        let may_be_numbered = core.starts_with(|c: char| c.is_ascii_alphanumeric() || "(第一二三四五六七八九十".contains(c));
        if may_be_numbered && let Some(numbering) = NUMBERING.find(&core) {
            let rest = &core[numbering.end()..];
            let bare = numbering.as_str().ends_with(|c: char| c.is_ascii_alphanumeric());
            if !(bare && rest.starts_with(|c: char| c.is_ascii_alphanumeric())) {
                numbering_style.get_or_insert(numbering_style_of(numbering.as_str()));
                core = Cow::Owned(rest.to_string());
            }
        }
        // A mark after the numbering ((1)〔今後の展開〕) decorates it as well.
        if let Some(mark) = shape::mark(&core).filter(decorates) {
            core = Cow::Owned(match_key(&decorated_words(&mark, &core)?));
        }
        if core.len() >= before {
            break;
        }
    }
    let decoration = decoration.or(numbering_style.map(Decoration::Number)).unwrap_or(Decoration::Bare);
    // Only a core that ends on a circled number is searched for them.
    let ends_circled = core.ends_with(|c: char| ('\u{2460}'..='\u{2473}').contains(&c));
    let (core, numbered) = match ends_circled.then(|| TRAILING_NUMBER.find(&core)).flatten() {
        Some(number) => (Cow::Owned(core[..number.start()].to_string()), true),
        None => (core, false),
    };
    // A topic particle or a verb's end makes a sentence (…が課題であった); a note in parentheses
    // does not count.
    let phrase = core.split('(').next().unwrap_or(&core);
    let sentence = phrase.contains('は') || phrase.ends_with(['た', 'る', 'す']);
    (HEADING_CHARS.contains(&core.chars().count()) && !sentence).then_some(HeadingShape { core, decoration, numbered })
}

/// Whether a text holds a full stop, a quotation bracket or a wave dash (。「」『』～~), found by their
/// bytes in branch-free masks: `str::contains` on the set of characters decoded each one, and
/// mispredicted where kana and kanji alternate (4.5 k mispredicts an edition).
fn has_stop_or_quote(text: &str) -> bool {
    let bytes = text.as_bytes();
    let starts_one = |lead: u8, second: u8, third: u8| {
        let cjk = (lead == 0xE3) & (second == 0x80) & ((third == 0x82) | (0x8C..=0x8F).contains(&third));
        let wave = (lead == 0xEF) & (second == 0xBD) & (third == 0x9E);
        (lead == b'~') | cjk | wave
    };
    // Past the text's end, a byte that starts none of them.
    (0..bytes.len().div_ceil(STARTS_BLOCK)).any(|block| starts_where(bytes, block, 0, starts_one) != 0)
}

/// A mark that decorates a section heading's words. Numbering may open a section heading too,
/// but is read by its style ([`NUMBERING`]: (1) and (一) are one style, 1. and 1) another).
fn decorates(mark: &Mark) -> bool {
    mark.may_open_section && mark.role != Some(Role::Bullet)
}

/// The words a mark decorates in `text`: what follows it, or what it encloses and the circled
/// numbers after it (【取組状況】②). `None` for a bracketed label before text (【取組状況】共住推進…).
fn decorated_words(mark: &Mark, text: &str) -> Option<String> {
    let words = mark.words(text);
    let after = text[mark.end()..].trim();
    if !mark.encloses() || after.is_empty() {
        return Some(words.to_string());
    }
    let numbers_only = TRAILING_NUMBER.find(after).is_some_and(|number| number.start() == 0);
    numbers_only.then(|| format!("{words}{after}"))
}

/// A line shaped like a section heading, about what sections are about (課題, 取組, 今後, …), that
/// names none of the section kinds: a maintainer should see it (`unrecognized-heading`).
pub fn is_unrecognized_heading(line: &Line) -> bool {
    line.kind == LineKind::Text && line.heading_like.is_some_and(|like| like.unrecognized)
}

/// A line decorated or numbered like a heading (■…, 【…】, (2) …, Ⅲ …): never part of a headline.
pub fn is_decorated_heading(line: &Line) -> bool {
    line.kind == LineKind::Text && line.heading_like.is_some_and(|like| like.decorated)
}

/// Section headings are short: a longer phrase that names no kind is content, not worth a report.
const MAX_UNRECOGNIZED_CHARS: usize = 20;

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(raw: &str) -> LineKind {
        classify(SourceText { lines: vec![raw.to_string()], encoding: crate::extract::read::Encoding::Utf8 })[0].kind.clone()
    }

    #[test]
    fn stops_quotes_and_wave_dashes_are_found_by_their_bytes() {
        let set = ['。', '「', '」', '『', '』', '～', '~'];
        // Each character of the set, at the start, inside a long text (past a 64-byte block), across
        // two blocks (21 kanji of three bytes: it starts at byte 63) and at the end; and characters
        // whose bytes are close to theirs (、〇〈, ｜ and ｟).
        for c in set {
            for text in [format!("{c}課題"), format!("{}{c}", "地域の課題".repeat(9)), format!("{}{c}課題", "地".repeat(21)), format!("取組{c}")] {
                assert!(has_stop_or_quote(&text), "{text}");
            }
        }
        for text in ["", "着任時の課題認識", "、〇〈〉【】", "ｘ｜｝｟", "a-b(c)", &"今後の展開".repeat(20), &format!("{}｟", "地".repeat(21))] {
            assert_eq!(has_stop_or_quote(text), text.contains(set), "{text}");
        }
    }

    #[test]
    fn labels_with_any_colon_and_spacing_are_fields() {
        for raw in ["派遣元：総務省", "派遣元:総務省", "派遣元 : 総務省", "派遣元：\t総務省", "**派遣元**: 総務省"] {
            assert_eq!(kind(raw), LineKind::Field(FieldKind::DispatchedFrom, "総務省".into()), "{raw}");
        }
    }

    #[test]
    fn a_label_inside_a_sentence_is_text() {
        assert_eq!(kind("・派遣元のネットワーク活用"), LineKind::Text);
    }

    #[test]
    fn headings_and_blanks() {
        assert_eq!(kind("今後の展開"), LineKind::Heading(SectionKind::Outlook));
        assert_eq!(kind(" \u{3000}\u{a0}"), LineKind::Blank);
        for raw in ["", " \u{3000}\u{a0}", "\t"] {
            let blank = &classify(SourceText { lines: vec![raw.to_string()], encoding: crate::extract::read::Encoding::Utf8 })[0];
            let expected = (crate::extract::normalize::clean(raw), match_key(raw));
            assert_eq!((blank.text(), blank.key()), (expected.0.as_str(), expected.1.as_str()), "{raw:?}");
        }
    }

    fn lines(text: &str) -> Vec<Line> {
        let lines = text.lines().map(str::to_string).collect();
        classify(SourceText { lines, encoding: crate::extract::read::Encoding::Utf8 })
    }

    /// The section kind of each line of a text, `None` for any other line.
    fn headings(text: &str) -> Vec<Option<SectionKind>> {
        lines(text).iter().map(Line::heading).collect()
    }

    #[test]
    fn decorated_and_numbered_headings_keep_their_kind() {
        use SectionKind::*;
        let text = "■派遣先の現状と課題\n(2) 課題に対する取組状況\nⅢ 苦労・成功体験\n【今後の展開】";
        assert_eq!(headings(text), [Some(Challenges), Some(Initiatives), Some(Experiences), Some(Outlook)]);
        assert_eq!(headings("課題に対する取組状況①\n課題に対する取組状況②・③"), [Some(Initiatives), Some(Initiatives)]);
    }

    #[test]
    fn a_suffix_or_second_concept_does_not_hide_the_first() {
        use SectionKind::*;
        let text = "取組にあたっての苦労・成功体験（心がけ）\n今後の課題と展開";
        assert_eq!(headings(text), [Some(Experiences), Some(Outlook)]);
    }

    #[test]
    fn subheading_marks_sentences_and_labelled_values_are_no_headings() {
        for text in ["○地域の課題", "・課題に対する取組状況", "地域の課題は人口減少である。", "課題:人口減少", "【取組状況】共住推進事業制度の設計と試行"] {
            assert_eq!(headings(text), [None], "{text}");
        }
    }

    #[test]
    fn marks_that_may_decorate_a_section_heading_do() {
        use SectionKind::*;
        // Full-width brackets and digits are ASCII by then (NFKC): ［］ is [], （１） is (1).
        for text in ["■ 派遣先市町村の課題", "★現状と課題", "◼地域の課題", "《派遣先の課題》", "［派遣先市町村の課題］", "（１）〔地域の課題〕"] {
            assert_eq!(headings(text), [Some(Challenges)], "{text}");
        }
    }

    #[test]
    fn marks_that_open_items_never_make_a_section_heading() {
        use SectionKind::*;
        let section = "派遣先市町村の課題\n・課題に対する取組状況\n空き家の活用を進めた。";
        assert_eq!(headings(section), [Some(Challenges), None, None]);
        // Bullets of other conversions and fonts: ◯ (an OCR's ○), ▸, ◦, ‣, ⁃, ＊, and a katakana numbering.
        for text in ["◯今後の展開", "▸ 今後の展開", "◦今後の展開", "‣今後の展開", "⁃今後の展開", "＊ 今後の展開", "ア)今後の展開", "〈今後の展開〉", "＜今後の展開＞", "\u{2329}今後の展開\u{232A}"] {
            assert_eq!(headings(text), [None], "{text}");
        }
    }

    #[test]
    fn a_bracket_enclosing_a_heading_decorates_it_and_a_label_before_text_is_none() {
        use SectionKind::*;
        assert_eq!(headings("〔今後の展開〕"), [Some(Outlook)]);
        assert_eq!(headings("課題に対する取組状況①\n〔課題に対する取組状況〕②"), [Some(Initiatives), Some(Initiatives)]);
        assert_eq!(headings("〔取組状況〕共住推進事業制度の設計と試行"), [None]);
    }

    /// Each mark of markers.tsv, around a heading's words, is read by the shape as its row and
    /// decides a section heading as the row says: a `may` mark's line is one, decorated in the
    /// mark's own style; a `never` mark's line is none.
    #[test]
    fn every_mark_of_the_table_decides_headings_as_its_row_says() {
        use SectionKind::*;
        let square = shape::mark("■").map(|m| m.family);
        for (example, role, may) in shape::examples() {
            let line = |words: &str| example.replace('…', words);
            let shape = &lines(&line("今後に向けて"))[0].shape;
            // The converter's dash and a pipe row are read as such before any mark.
            if !shape.dash && !matches!(shape.form, Form::Row(_)) {
                assert_eq!(shape.mark.as_ref().map(|m| m.role), Some(role), "{example}");
                assert_eq!(shape.marker().map(|m| m.role), role, "{example}");
            }
            let outlook = may.then_some(Outlook);
            assert_eq!(headings(&line("今後に向けて")), [outlook], "{example}");
            assert_eq!(headings(&format!("{}\n{}", line("地域の課題"), line("今後に向けて"))), [may.then_some(Challenges), outlook], "{example}");
            // After a section heading decorated otherwise, a decorated line names a subheading.
            let alike = shape.mark.as_ref().map(|m| m.family) == square;
            let after_square = headings(&format!("■派遣先の現状と課題\n{}", line("今後に向けて")));
            assert_eq!(after_square, [Some(Challenges), outlook.filter(|_| alike)], "{example}");
        }
    }

    #[test]
    fn a_line_going_back_in_the_usual_order_is_a_subheading() {
        use SectionKind::*;
        assert_eq!(headings("課題に対する取組状況\n課題認識と対策"), [Some(Initiatives), None]);
        assert_eq!(headings("関川村の課題\n課題認識とミッション定義"), [Some(Challenges), Some(Challenges)]);
    }

    #[test]
    fn a_decoration_the_report_uses_for_sections_opens_them_and_no_other_does() {
        use SectionKind::*;
        let sections = "(1) 着任時の課題認識\n(2) 具体的な取組内容";
        assert_eq!(headings(sections), [Some(Challenges), Some(Initiatives)]);
        let subheadings = "派遣先市町村の課題\n【取組内容の一例】\n課題に対する取組状況\n【苦労した点】";
        assert_eq!(headings(subheadings), [Some(Challenges), None, Some(Initiatives), None]);
    }

    #[test]
    fn a_value_naming_a_municipality_is_a_municipality_field_whatever_its_label() {
        assert_eq!(kind("赴任先:北海道岩見沢市"), LineKind::Field(FieldKind::Municipality, "北海道岩見沢市".into()));
        assert_eq!(kind("出典:北海道の統計"), LineKind::Text);
    }

    #[test]
    fn debris_alone_is_not_blank() {
        assert_eq!(kind("<br>"), LineKind::Text);
    }
}
