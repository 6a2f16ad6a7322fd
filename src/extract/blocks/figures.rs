//! Picture text: the lines of a section read out of a picture, a notice, a chart or a poster
//! photographed into a report. Each marking reads a section's content lines in context and
//! flags the entries that are a picture's text; the block builder turns them into figures.

use std::sync::LazyLock;

use regex::Regex;

use super::{Entry, MAX_CAPTION_CHARS, MAX_FRAGMENT_CHARS, MAX_RUN_FRAGMENT_CHARS, MIN_RUN, Opens, PICTURE_GAP, close_below, is_fragment};
use crate::extract::classify::Line;
use crate::extract::shape::{self, Form, Role};
use crate::tables::static_regex;

/// Marks every section's picture text: notices (read across the report, whose register decides),
/// then per section runs of fragments, slogans, the text over source lines, reprinted reference
/// material, the names at a section's end, unanswered questions and lines printed twice over.
pub(super) fn mark_pictures(contents: &mut [Vec<Entry>]) {
    mark_notices(contents);
    for entries in contents {
        mark_runs(entries);
        mark_slogans(entries);
        mark_sourced_pictures(entries);
        mark_reference_material(entries);
        mark_closing_pictures(entries);
        mark_unanswered_questions(entries);
        mark_repeated_lines(entries);
    }
}

/// Marks a line printed again right under itself, and its copies: a writer never repeats a
/// sentence word for word on the next line, while the OCR reads a picture's words once per
/// layer or panel they are printed on (a strategy's slogan three times over): one picture's text.
fn mark_repeated_lines(entries: &mut [Entry]) {
    for i in 1..entries.len() {
        let (above, line) = (entries[i - 1].line, entries[i].line);
        if entries[i].gap == 0 && line.shape.form == Form::Text && line.body() == above.body() {
            entries[i - 1].pictured = true;
            entries[i].pictured = true;
        }
    }
}

/// A line's register: whether it speaks humbly, and whether politely (humble included).
pub(super) fn register(body: &str) -> (bool, bool) {
    // Nearly every line is in neither register: a look for the kana its endings hold says so
    // without the search.
    if !holds_a_register_pair(body) || !REGISTER.is_match(body) {
        return (false, false);
    }
    (REGISTER.captures_iter(body).any(|found| found.name("humble").is_some()), true)
}

/// Marks the runs of at least [`MIN_RUN`] very short fragments: the words of a picture. A run
/// spaced as the report's own lines are (no run of blank lines above or below it) whose lines
/// mostly state deeds is the report's own list of what was done; a picture's words name things.
fn mark_runs(entries: &mut [Entry]) {
    let mut start = 0;
    for i in 0..=entries.len() {
        if i < entries.len() && is_fragment(entries[i].line, MAX_RUN_FRAGMENT_CHARS) {
            continue;
        }
        let run = &entries[start..i];
        let set_apart = run.first().is_some_and(|e| e.gap >= PICTURE_GAP) || run.last().is_some_and(|e| e.gap_below >= PICTURE_GAP);
        let deeds = run.iter().filter(|e| states_a_deed(e.line.body())).count();
        if run.len() >= MIN_RUN && (set_apart || 2 * deeds <= run.len()) {
            entries[start..i].iter_mut().for_each(|e| e.in_run = true);
        }
        start = i + 1;
    }
}

/// Whether a line ends on a verbal noun right after its object (…窓口を開設, …を電子化): a
/// deed stated with its する left out, as a report lists what it did.
fn states_a_deed(body: &str) -> bool {
    let body = body.trim_end();
    let object = body.trim_end_matches(shape::is_kanji);
    (1..=MAX_VERBAL_NOUN_CHARS).contains(&(body.chars().count() - object.chars().count())) && object.ends_with('を')
}

/// The longest verbal noun read after an object, in kanji: 開設, 電子化, 一元管理.
const MAX_VERBAL_NOUN_CHARS: usize = 4;

/// A line that names where the picture above it comes from: 出典:…, 資料:…, (出所:…).
static SOURCE: LazyLock<Regex> = LazyLock::new(|| static_regex(r"^[(\[<【]?(?:出典|出所|資料|引用|提供)\s*[:：]"));

/// The characters a source line starts with, read from its pattern (`None`: any).
static SOURCE_STARTS: LazyLock<Option<Vec<char>>> = LazyLock::new(|| shape::first_chars(SOURCE.as_str()));

/// Whether a line names a source. A line that starts with another character than a source
/// line can is not searched: the pattern's engine costs far more than the look at one
/// character, and nearly every line set apart is no source.
fn is_source_line(body: &str) -> bool {
    starts_with_one_of(SOURCE_STARTS.as_deref(), body) && SOURCE.is_match(body)
}

/// Whether `body` starts with one of `starts` (sorted), or `starts` is `None` (any).
fn starts_with_one_of(starts: Option<&[char]>, body: &str) -> bool {
    starts.is_none_or(|starts| body.chars().next().is_some_and(|c| starts.binary_search(&c).is_ok()))
}

/// Marks the text of a picture over its source line: a poster's title, labels, slogan and points,
/// none of them a sentence, from the source line up to the last sentence of the report's own
/// text, and set apart from it. A heading mark above is the report's own structure again. The
/// source of a picture stands below the picture's blank space; a source line right under text
/// sources that text.
fn mark_sourced_pictures(entries: &mut [Entry]) {
    for source in 0..entries.len() {
        if entries[source].gap < PICTURE_GAP || !is_source_line(entries[source].line.body()) {
            continue;
        }
        let mut top = source;
        while top > 0 && is_picture_word(entries[top - 1].line) {
            top -= 1;
        }
        // A line right under the sentence above goes on with it: the picture starts below.
        while top > 0 && top < source && entries[top].gap == 0 {
            top += 1;
        }
        if top < source {
            entries[top..=source].iter_mut().for_each(|e| e.pictured = true);
        }
    }
}

/// Marks a picture's text at a section's end: the last lines, when each names something (short
/// unmarked text with no 。 and no verb, adjective or particle ending), they are set apart from
/// the report's text above and a run of blank lines follows them up to the next heading. A
/// chart's title and label, a plan's name and motto stand there without a sentence of their own.
fn mark_closing_pictures(entries: &mut [Entry]) {
    if entries.last().is_none_or(|e| e.gap_below < PICTURE_GAP) {
        return;
    }
    let names = |e: &Entry| is_fragment(e.line, MAX_FRAGMENT_CHARS) && !e.line.shape.ends_predicate && !e.line.shape.ends_mid_sentence;
    let Some(above) = entries.iter().rposition(|e| !names(e)) else { return };
    let top = above + 1;
    // A label above is what the lines belong to; a sentence cut above goes on in them.
    let text_above = entries[above].line.shape.marker().is_none_or(|m| !matches!(m.role, Role::Heading | Role::Label)) && !entries[above].line.shape.ends_cut;
    if top < entries.len() && entries[top].gap > 0 && text_above {
        entries[top..].iter_mut().for_each(|e| e.pictured = true);
    }
}

/// A question put to someone in the polite register (…と思いますか?, …ですか?): a survey asks
/// its respondents so; a report that asks itself (なぜ…か?) answers in its own text.
static POLITE_QUESTION: LazyLock<Regex> = LazyLock::new(|| static_regex(r"(?:ます|です|ません|でしょう)か\s*[?？]$"));

/// Marks a chart read out of a picture: a survey's questions that no text answers, set apart,
/// followed only by very short lines (its answer scale, its labels, its title), at least
/// [`MIN_RUN`] of them, up to the next longer line or the section's end.
fn mark_unanswered_questions(entries: &mut [Entry]) {
    // The pattern ends on a question mark: a line that does not is no question, unsearched.
    let is_question = |e: &Entry| {
        let body = e.line.body();
        e.line.shape.form == Form::Text && body.ends_with(['?', '？']) && POLITE_QUESTION.is_match(body)
    };
    let is_word = |e: &Entry| e.line.shape.form == Form::Text && e.line.shape.chars <= MAX_RUN_FRAGMENT_CHARS && !e.line.body().contains('。');
    let Some(first) = entries.iter().position(|e| e.gap > 0 && is_question(e)) else { return };
    let end = entries[first..].iter().position(|e| !is_question(e) && !is_word(e)).map_or(entries.len(), |n| first + n);
    let words = entries[first..end].iter().filter(|e| !is_question(e)).count();
    if words >= MIN_RUN {
        entries[first..end].iter_mut().for_each(|e| e.pictured = true);
    }
}

/// A line a picture can hold: short text without a full stop, under no heading mark.
fn is_picture_word(line: &Line) -> bool {
    let shape = &line.shape;
    shape.form == Form::Text
        && shape.chars <= MAX_FRAGMENT_CHARS
        && !line.body().contains('。')
        && shape.marker().is_none_or(|m| m.role != Role::Heading)
}

/// A label over reference material the report reprints: 【参考資料】, <参考>, 関連資料, or in
/// brackets before the material's title (【参考】デジタル化推進計画).
static REFERENCE_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    static_regex(r"^(?:[【<(\[〈《](?:参考|資料|参考資料|関連資料|参考図|参考図表)[】>)\]〉》]|(?:参考|資料|参考資料|関連資料|参考図|参考図表)$)")
});

/// The characters a label over reference material starts with, read from its pattern (`None`:
/// any): a line that starts with another is no such label, and is not searched.
static REFERENCE_LABEL_STARTS: LazyLock<Option<Vec<char>>> = LazyLock::new(|| shape::first_chars(REFERENCE_LABEL.as_str()));

/// Whether a line is a label over reference material.
fn is_reference_label(body: &str) -> bool {
    starts_with_one_of(REFERENCE_LABEL_STARTS.as_deref(), body) && REFERENCE_LABEL.is_match(body)
}

/// Marks the lines after a label over reference material, to the section's end.
fn mark_reference_material(entries: &mut [Entry]) {
    if let Some(label) = entries.iter().position(|e| is_reference_label(e.line.body())) {
        entries[label + 1..].iter_mut().for_each(|e| e.in_reference = true);
    }
}

/// An exclamation or an exhortation to the reader (…にチャレンジ!, …を増やしましょう!); a statement
/// exclaimed (…しました!, …です!, …増加した!) is the report's own voice.
static SLOGAN: LazyLock<Regex> = LazyLock::new(|| static_regex(r"(?:[^すただ]!|ましょう[。!]?|しよう[。!]?)$"));

/// Whether a line ends as a slogan does. Every ending [`SLOGAN`] finds closes on `!` or on the う
/// of an exhortation (…しましょう, …しよう, with a 。 or not): a line that does not is not searched.
fn ends_as_a_slogan(body: &str) -> bool {
    (body.ends_with('!') || body.strip_suffix('。').unwrap_or(body).ends_with('う')) && SLOGAN.is_match(body)
}

/// Sentence endings of the polite register, and (the group `humble`, tried first) of the humble
/// register in which a notice addresses its readers (お知らせいたします, お読み下さい, 充実して
/// まいりました); a report written in plain register has none. One pattern, so that a line is
/// searched once. A polite match cannot hold the start of a humble one (its ま is followed by
/// す, し or せ, its い by the sentence's end) but where both start together (ください, 下さい),
/// and there the humble group wins: a line is humble when one of its matches is.
static REGISTER: LazyLock<Regex> = LazyLock::new(|| {
    static_regex(
        r"(?P<humble>(?:いたし|致し|まいり|参り|ござい|御座い)ま(?:す|した)|(?:下|くだ)さい(?:[。！!]|$))|(?:です|でした|ます|ました|ません|ましょう|ください|下さい)(?:[。！!]|$)",
    )
});
/// The pairs of kana that every ending [`REGISTER`] finds holds: ます, まし(た), ませ(ん), です,
/// でし(た), (くだ|下)さい; the humble いたします, まいりました, ございます hold ます or まし.
const REGISTER_PAIRS: [&str; 6] = ["ます", "まし", "ませ", "です", "でし", "さい"];

/// The last byte of a character of three bytes in UTF-8, as kana are: what tells it from the
/// other kana.
const fn last_byte(kana: char) -> u8 {
    0x80 | (kana as u32 & 0x3F) as u8
}

/// Whether a line holds one of the [`REGISTER_PAIRS`]: only such a line can be in the polite or
/// humble register. Three lines in a hundred hold one; memchr finds the pairs' first kana by
/// their last bytes, 32 bytes at a time. Searching every line with the pattern instead cost
/// 1.9 M cycles an edition more (cachegrind): its engine's instructions, and the misses of its
/// code and tables in the caches.
fn holds_a_register_pair(body: &str) -> bool {
    let ends = memchr::memchr3_iter(last_byte('ま'), last_byte('で'), last_byte('さ'), body.as_bytes());
    ends.filter_map(|end| body.get(end.checked_sub(2)?..)).any(|rest| REGISTER_PAIRS.iter().any(|pair| rest.starts_with(pair)))
}

/// Sentences in the polite or humble register that make a notice: one alone may be a quoted
/// phrase.
const MIN_NOTICE_SENTENCES: usize = 2;
/// Plain sentences outside any notice that show a report written in plain register.
const MIN_PLAIN_SENTENCES: usize = 3;

/// Marks the notices printed as pictures in a report written in plain register: a flyer, a
/// declaration or a policy page photographed into the report addresses its own readers in the
/// polite or humble register. A notice runs from its headline (the nearest line above its first
/// polite sentence that stands apart and is no sentence) to its section's end; a notice only
/// polite, not humble, holds no plain sentence. In a report that uses the polite register
/// anywhere else, nothing tells a notice from the report's own text, and nothing is marked.
fn mark_notices(contents: &mut [Vec<Entry>]) {
    let starts: Vec<Option<usize>> = contents.iter().map(|entries| notice_start(entries)).collect();
    // Without a notice, the report's register need not be read.
    if starts.iter().all(Option::is_none) {
        return;
    }
    let (mut polite, mut plain) = (0, 0);
    for (entries, start) in contents.iter().zip(&starts) {
        for entry in &entries[..start.unwrap_or(entries.len())] {
            let body = entry.line.body();
            if entry.polite {
                polite += 1;
            } else if body.contains('。') {
                plain += 1;
            }
        }
    }
    if polite > 0 || plain < MIN_PLAIN_SENTENCES {
        return;
    }
    for (entries, start) in contents.iter_mut().zip(starts) {
        if let Some(start) = start {
            entries[start..].iter_mut().for_each(|e| e.pictured = true);
        }
    }
}

/// Where a notice starts in a section's content lines: its headline.
fn notice_start(entries: &[Entry]) -> Option<usize> {
    let mut polite = entries.iter().enumerate().filter(|(_, e)| e.polite).map(|(i, _)| i);
    let first = polite.next()?;
    if 1 + polite.count() < MIN_NOTICE_SENTENCES {
        return None;
    }
    let start = (0..=first).rev().find(|&i| (i == 0 || entries[i].gap > 0) && is_fragment(entries[i].line, MAX_FRAGMENT_CHARS))?;
    // Humble address is a notice's own; a report may speak politely too, so a passage only
    // polite is a notice only when no plain sentence, the report's own voice, is in it.
    let humble = entries[start..].iter().any(|e| e.humble);
    let plain = entries[start..].iter().any(|e| !e.polite && e.line.body().contains('。'));
    (humble || !plain).then_some(start)
}

/// Words that name a picture at the end of its caption: …のイメージ, …イメージ図, …写真, …の様子.
static NAMES_A_PICTURE: LazyLock<Regex> = LazyLock::new(|| static_regex(r"(?:イメージ図?|写真|の様子)$"));

/// A line that names the picture it stands under (「…オンライン派遣のイメージ」): a caption up to
/// the length of any picture fragment ([`MAX_FRAGMENT_CHARS`]), longer than a short caption may
/// be, when blank space follows it.
pub(super) fn names_a_picture(entry: &Entry) -> bool {
    entry.gap_below >= PICTURE_GAP && is_fragment(entry.line, MAX_FRAGMENT_CHARS) && NAMES_A_PICTURE.is_match(entry.line.body().trim_end())
}

/// A bracketed label that stands apart and heads nothing: set off by a run of blank lines above,
/// with nothing below it in its section, another run of blank lines or a heading of its own, it
/// names the picture it stood under (【移動診療車】), not text that follows.
pub(super) fn is_caption_label(entry: &Entry, next: Option<&Entry>) -> bool {
    entry.gap >= PICTURE_GAP
        && next.is_none_or(|n| n.gap >= PICTURE_GAP || matches!(n.opens, Opens::Heading(_) | Opens::Subheading))
}

/// An arrow line alone between runs of blank lines that names and states nothing
/// (←…遺跡のシンボル「復元楼閣」) points at the picture beside it: it is the picture's caption.
/// An arrow in the report's text leads to a consequence, which it states, or sits among the
/// lines it goes on from.
pub(super) fn points_at_a_picture(entry: &Entry, next: Option<&Entry>) -> bool {
    let shape = &entry.line.shape;
    !shape.dash
        && shape.marker().is_some_and(|m| m.role == Role::Arrow)
        && entry.gap >= PICTURE_GAP
        && next.is_none_or(|n| n.gap >= PICTURE_GAP)
        && shape.chars <= MAX_FRAGMENT_CHARS
        && !shape.ends_predicate
        && !entry.line.body().contains('。')
}

/// Whether a line stands apart from the lines above and below it.
fn stands_apart(entry: &Entry, next: Option<&Entry>) -> bool {
    entry.gap > 0 && next.is_none_or(|n| n.gap > 0)
}

/// A slogan standing apart: one short unmarked exclamation or exhortation, which a report states
/// and does not call out; it was read out of a poster or a photographed panel.
fn is_slogan(entry: &Entry, next: Option<&Entry>) -> bool {
    let (line, body) = (entry.line, entry.line.body());
    line.shape.form == Form::Text
        && entry.opens.is_unmarked()
        && stands_apart(entry, next)
        && line.shape.chars <= MAX_FRAGMENT_CHARS
        && ends_as_a_slogan(body)
        && !body.trim_end_matches('。').contains('。')
}

/// Marks the slogans standing apart.
fn mark_slogans(entries: &mut [Entry]) {
    for i in 0..entries.len() {
        entries[i].slogan = is_slogan(&entries[i], entries.get(i + 1));
    }
}

/// A short label right over a slogan names it on its poster: (キャッチフレーズ).
pub(super) fn names_a_slogan(entry: &Entry, next: Option<&Entry>) -> bool {
    let shape = &entry.line.shape;
    shape.chars <= MAX_CAPTION_CHARS && (shape.bracketed || is_fragment(entry.line, MAX_CAPTION_CHARS)) && close_below(next).is_some_and(|n| n.slogan)
}

/// Under a label over reference material, a line that stands apart and is no statement is the
/// text of the reprinted slide or page (its title, its motto); the report's own remarks on it
/// are sentences or run over several lines.
pub(super) fn is_reprinted_text(entry: &Entry, next: Option<&Entry>) -> bool {
    entry.in_reference && stands_apart(entry, next) && !entry.line.shape.ends_predicate && !entry.line.body().contains('。')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::{classify, read};
    use crate::tables::static_regex;

    /// The reference label's pattern tells the characters it starts with, and the gate on them
    /// reads every line of the bundled edition as the pattern alone does.
    #[test]
    fn a_reference_label_is_searched_only_from_the_characters_it_starts_with() {
        let starts = REFERENCE_LABEL_STARTS.as_ref().expect("the pattern tells its first characters");
        assert!(['【', '<', '参', '資', '関'].iter().all(|c| starts.contains(c)), "{starts:?}");
        let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/raw/r4.txt")).unwrap();
        let lines = classify::classify(read::read_source("raw/r4.txt", &bytes).unwrap());
        for body in lines.iter().map(Line::body).chain(["【参考資料】", "参考", "<資料>取組", "参考資料です"]) {
            assert_eq!(is_reference_label(body), REFERENCE_LABEL.is_match(body), "{body}");
        }
    }

    /// The source pattern tells the characters it starts with, and the gate on them reads every
    /// line of the bundled edition as the pattern alone does.
    #[test]
    fn a_source_line_is_searched_only_from_the_characters_it_starts_with() {
        // The gate on first characters holds only for a pattern anchored at the text's start.
        assert!(SOURCE.as_str().starts_with('^'), "{}", SOURCE.as_str());
        let starts = SOURCE_STARTS.as_ref().expect("the pattern tells its first characters");
        assert!(['(', '【', '出', '資', '引', '提'].iter().all(|c| starts.contains(c)), "{starts:?}");
        let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/raw/r4.txt")).unwrap();
        let lines = classify::classify(read::read_source("raw/r4.txt", &bytes).unwrap());
        for body in lines.iter().map(Line::body).chain(["出典:総務省", "(資料:町作成)", "【出所:…】", "提供 : 市", "出典は町"]) {
            assert_eq!(is_source_line(body), SOURCE.is_match(body), "{body}");
        }
        assert!(is_source_line("(資料:町作成)"));
    }

    /// The slogan's gate on its last characters reads every line of the bundled edition, and a
    /// line of each ending, as the pattern alone does.
    #[test]
    fn a_slogan_is_searched_only_on_its_endings() {
        let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/raw/r4.txt")).unwrap();
        let lines = classify::classify(read::read_source("raw/r4.txt", &bytes).unwrap());
        let cases = ["挑戦しよう", "増やしましょう。", "やってみよう!", "にチャレンジ!", "しました!", "です!", "と思う", "しましょうね"];
        for body in lines.iter().map(Line::body).chain(cases) {
            assert_eq!(ends_as_a_slogan(body), SLOGAN.is_match(body), "{body}");
        }
    }

    /// Each pair is found wherever it stands, whatever stands around it; a line with the pairs'
    /// first kana alone (まちづくり, 小さな, …で整備) holds none.
    #[test]
    fn a_register_pair_is_found_wherever_it_stands() {
        for pair in REGISTER_PAIRS {
            for text in [pair.to_string(), format!("取組{pair}"), format!("a{pair}。"), format!("{pair}ね")] {
                assert!(holds_a_register_pair(&text), "{text}");
            }
        }
        for text in ["まちづくりを推進した。", "小さな町", "補助金で整備", "", "ま"] {
            assert!(!holds_a_register_pair(text), "{text}");
        }
    }

    /// The one pattern reads every line of the bundled edition, and a line of each ending, as
    /// the two patterns it replaced did (humble; polite, humble included).
    #[test]
    fn the_register_is_read_as_by_the_two_patterns_it_replaced() {
        let humble = static_regex(r"(?:いたし|致し|まいり|参り|ござい|御座い)ま(?:す|した)|(?:下|くだ)さい(?:[。！!]|$)");
        let polite = static_regex(r"(?:です|でした|ます|ました|ません|ましょう|ください|下さい)(?:[。！!]|$)");
        let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/raw/r4.txt")).unwrap();
        let lines = classify::classify(read::read_source("raw/r4.txt", &bytes).unwrap());
        let cases = [
            "お知らせいたします", "お読み下さい。", "ご覧ください!", "参りました。以上", "ご説明しますいたしました", "ですございます",
            "ます。ご覧下さい", "下さいね", "です！", "でした", "ましょう", "ますます",
        ];
        for body in lines.iter().map(Line::body).chain(cases) {
            let was_humble = humble.is_match(body);
            assert_eq!(register(body), (was_humble, was_humble || polite.is_match(body)), "{body}");
        }
        assert!(lines.iter().any(|line| register(line.body()).0));
    }
}
