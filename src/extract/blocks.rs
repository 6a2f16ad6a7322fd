//! Stage 4: a report's classified lines -> sections -> blocks.
//!
//! A section runs from its heading to the last non-blank line before the next heading or the
//! report's end; text before the first heading that is not a field forms a section of kind
//! `other` without heading. Inside a section each non-blank, non-field line lands in exactly
//! one block. Each line's shape (shape.rs) was decided when it was classified; this stage only
//! reads shapes in context, never the raw text:
//!
//! - a marked line opens a block of its marker's kind: a bullet an item, a caption a figure, a
//!   bracketed label (【…】, a line wholly in 『…』) a subheading (before a statement on its
//!   line, 【課題】…がない, a paragraph); a heading mark opens a subheading, unless a full sentence
//!   follows it, which heads nothing and is an item, or its lines head nothing but one another
//!   in the section (a lone 「など」 under the last closes the list), which makes them a list, as
//!   do lines of it that head their next sibling beside lines of it over bullets (those bullets
//!   are then the items' children); indented under an item over the next item set further
//!   out, it heads nothing either; where two or more of its dashed lines head
//!   nothing, the section lists with it, and a dashed one over indented bullets is an item too;
//!   where other lines of its mark head text, one sentence marked so over text of its own (not
//!   a bracketed aside) is one of those headings, its full stop notwithstanding, and so is
//!   one over a note (※…) where the mark heads text in any section of the report;
//! - an item holds no headings: a numbered line over two or more labels that head their own
//!   text, lists or tables (取組内容, 課題等), or over one label over a list of its own (no
//!   caption), titles a page, and so do its numbering's other
//!   lines (undashed, no sentences, each over text of its own): subheadings; so is a numbering
//!   with a heading mark's line between two of its numbers that count on (the mark outranks
//!   any number, so the number titles the part that holds it);
//! - an item's level follows the marker hierarchy and indentation of the items above it in its
//!   section ((1) > ① > ・, and `- ・` under `- ` or under an undashed `・` item), and starts
//!   again under each subheading;
//!   a numbering from one directly under an unnumbered item that announces more spells it out
//!   and nests under it (unless its own items are set in under it: the converter then shows
//!   nesting by indentation, and the number at the item's margin is its sibling), and one
//!   that counts on (④) with no list of its own open goes on with a list closed above, never
//!   nesting by marker under the item before it; items set at an
//!   outer indentation between two numbers of a deeper list (① … ②) are the numbered item's
//!   children, and so, after its last number, where the section set them so before; two or
//!   more blocks of text, pictures or tables between an item and a list of lower rank at its
//!   indentation close the item's list (its own paragraph or remark alone does not);
//! - an unmarked line continues the block above only when it goes on with it: the line above
//!   stops mid-sentence or leaves a bracket open (unless it is short and a whole sentence more
//!   than twice its length stands under it: wrapped text fills its lines; …づくり is a noun,
//!   no conjunctive り) or right above ends on a colon that announces it, or this one opens
//!   on a particle, is indented under it, wholly in brackets, or a short line between two
//!   sibling items no longer than the item's line (not under a name set in bold to its end:
//!   its description); a figure's caption goes on over the lines directly below it. Any other
//!   line starts a new block;
//! - a middle dot opening the line right under text that stops on a noun, with no list of
//!   such dots around it, joins the halves of a compound the OCR wrapped there;
//! - the short complete phrases a section opens with, right above its first subheading, are
//!   its mottos: subheadings;
//! - statements finished politely but left without the 。 their section's sentences carry,
//!   each set apart over the lines that detail it, two or more in a section, sum those lines
//!   up: subheadings;
//! - an unmarked short label that stands apart, right over the list or text it introduces
//!   (across two blank lines where the section sets such labels over its lists; a lead-in
//!   stopping on a particle a blank line over a numbering from one or over bullets; or
//!   a blank line over a whole sentence, or over text in nouns where the section sets such
//!   labels over its lists or a label above heads its text, or a blank line over a table
//!   outside a chart's words), is its subheading, and so is a bullet over lines that
//!   are not its siblings, a label right over a bracketed label (not itself under a label),
//!   a word spaced out letter by letter (感 想), a phrase wholly in 「」 set apart over text
//!   (not under a figure), and a bracketed label over the lines it names (also a blank line
//!   under a list another bracketed label heads; however long if it asks a form's question,
//!   …のか); a bracketed statement (を, が, 。) or list of words (、) a blank line under a
//!   finished sentence is a paragraph of its own; a short line that stands apart (after or
//!   before a run of blank lines, but not right under a label, whose text it is; below a
//!   figure, in a run of such lines) and heads nothing is text read out of a picture
//!   (set apart by blank space alone, only when it names and states nothing; a run spaced as
//!   the text is, mostly deeds, …を開設, is the report's own list): a figure,
//!   as is a line that names the picture it stands under (…のイメージ) over blank space, a
//!   bracketed caption (no full stop inside: that is a remark), and a bracketed label set apart over nothing (no text of its own
//!   below it, only blank lines, a heading or the section's end);
//! - a notice photographed into a report written in plain register (a flyer, a declaration, a
//!   policy page) addresses its own readers in the humble register (お知らせいたします, お読み
//!   下さい), or in the polite one with no plain sentence among its own (…を推進します。): from
//!   its headline to the section's end, its lines are a picture's text, whatever their marks
//!   (each label:value pair of one line a figure of its own);
//!   so are a chart's questions that no text answers, over their answer scale;
//!   so are the lines over a source line (出典:…) that are no sentences, up to the report's
//!   own text; after a label over reference material (【参考資料】), a line standing apart that
//!   is no statement is the reprinted page's text, and anywhere a slogan standing apart (one
//!   exclamation or exhortation: …にチャレンジ!, …しましょう!) is a poster's, and a line
//!   printed again right under itself is, with its copies, one picture's text;
//! - table rows join into one table (across a single blank line inside a run of rows of one
//!   width), under a title row (tab cells, only the first filled,
//!   as many as the row below has), and a Markdown row whose cell wraps goes on until its
//!   closing `|`; debris lines (stray tags, rules, page numbers) are blocks of their own.
//!
//! A block's text is its lines' text (without the converter's list dash), OCR-repaired and
//! joined as wrapped text joins; a table's is its rows' cells. The lines that are a picture's
//! text whatever their marks (notices, charts, sourced or reprinted pages, slogans) are marked
//! before the blocks are built, in `figures`.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use crate::extract::classify::Line;
use crate::extract::normalize::join_continuation;
use crate::extract::Extracted;
use crate::extract::repair::{Repairer, Repairs};
use crate::extract::segment::ReportSpan;
use crate::extract::shape::{self, Form, Marker, Role};
use crate::record::{Block, BlockKind, Section, SectionKind};

mod figures;

use figures::{is_caption_label, is_reprinted_text, names_a_picture, names_a_slogan, points_at_a_picture};

/// An unmarked line at most this long (in characters) can be a label heading a list; longer
/// lines are body text.
const MAX_LABEL_CHARS: usize = 30;
/// A label over a paragraph is shorter still: a longer line over text is its first sentence.
const MAX_HEADING_LABEL_CHARS: usize = 20;
/// An unmarked line at most this long can be text read out of a picture.
const MAX_FRAGMENT_CHARS: usize = 40;
/// Fragments this short, three or more in a row, are the words of a picture or chart.
const MAX_RUN_FRAGMENT_CHARS: usize = 20;
const MIN_RUN: usize = 3;
/// A fragment this short with a run of blank lines below it is a caption.
const MAX_CAPTION_CHARS: usize = 15;
/// A heading mark before more than this many characters introduces a statement, not a heading,
/// unless a label stands under it.
const MAX_SUBHEADING_CHARS: usize = 80;
/// A motto over a section's subheadings is at most this long; a longer line is text.
const MAX_MOTTO_CHARS: usize = 50;
/// Blank lines in a row that part a picture from the text around it.
const PICTURE_GAP: usize = 2;
/// Lines of one section that sum up the lines under them, in the same way, to make its
/// structure (one alone may be a sentence that lost its 。).
const MIN_SUMMARIES: usize = 2;
/// Numbered page titles in a section, and labels heading the parts under one: a structure
/// repeats (one numbered line over one label may be an item over its caption).
const MIN_PAGE_PARTS: usize = 2;
/// Rows a table holds before a blank line that it goes on across: one or two rows over a
/// blank line may be a table of their own under its title; a run of three is a table the
/// converter broke.
const MIN_ROWS_BEFORE_A_BREAK: usize = 3;

/// Blocks other than items between an item and a list of a lower rank at its indentation that
/// part them: one is the item's own paragraph or remark, two or more stand between as text of
/// their own.
const MIN_BLOCKS_BETWEEN: usize = 2;

/// The converter's list dash, as an item marker.
static DASH: LazyLock<Marker> =
    LazyLock::new(|| shape::marker("-").unwrap_or(Marker { role: Role::Dash, family: u8::MAX, rank: u8::MAX }));

/// Builds the sections of one report. `field_lines` are line indexes already read as fields.
pub fn sections(lines: &[Line], span: ReportSpan, field_lines: &BTreeSet<usize>, repairer: &Repairer) -> Extracted<Vec<Section>> {
    let mut repairs = Repairs::default();
    let mut sections: Vec<Section> = Vec::new();
    let mut contents: Vec<Vec<Entry>> = Vec::new();
    let mut gap = 0;
    // The last content line still waits for the count of blank lines below it.
    let mut awaits_below = false;
    for (i, line) in lines.iter().enumerate().take(span.last + 1).skip(span.first) {
        if line.is_blank() {
            gap += 1;
            continue;
        }
        let blanks = std::mem::take(&mut gap);
        if std::mem::take(&mut awaits_below)
            && let Some(above) = contents.last_mut().and_then(|entries| entries.last_mut())
        {
            above.gap_below = blanks;
        }
        if let Some(kind) = line.heading() {
            sections.push(Section {
                kind,
                heading: Some(repairer.line(line.text(), line.number, &mut repairs)),
                lines: [line.number, line.number],
                blocks: Vec::new(),
            });
            contents.push(Vec::new());
            continue;
        }
        if let Some(section) = sections.last_mut() {
            section.lines[1] = line.number;
        }
        if field_lines.contains(&i) {
            continue;
        }
        if sections.is_empty() {
            sections.push(Section { kind: SectionKind::Other, heading: None, lines: [line.number, line.number], blocks: Vec::new() });
            contents.push(Vec::new());
        }
        if let Some(entries) = contents.last_mut() {
            // Read once: the notices' starts and the report's register both ask.
            let (humble, polite) = figures::register(line.body());
            entries.push(Entry { line, opens: opens(line), gap: blanks, gap_below: 0, humble, polite, in_run: false, slogan: false, pictured: false, in_reference: false });
            awaits_below = true;
        }
    }
    if awaits_below && let Some(last) = contents.last_mut().and_then(|entries| entries.last_mut()) {
        last.gap_below = gap;
    }
    figures::mark_pictures(&mut contents);
    // Every line of the report is repaired in one pass before any block is built, not line by
    // line as the builder takes it: the repairs' code and the builder's then each stay in the
    // instruction cache while they run (cachegrind, an edition: 0.57 -> 0.47 M misses).
    let repaired: Vec<Vec<Repaired>> = contents.iter().map(|entries| entries.iter().map(|e| Repaired::of(e.line, repairer)).collect()).collect();
    // Each section's headings are read once: the report's are theirs together.
    let headings: Vec<SectionHeadings> = contents.iter().map(|entries| section_headings(entries)).collect();
    let mut report_headings: Vec<u8> = headings.iter().flat_map(|h| &h.heading_families).copied().collect();
    report_headings.sort_unstable();
    report_headings.dedup();
    for (((section, entries), repaired), headings) in sections.iter_mut().zip(&contents).zip(repaired).zip(headings) {
        let (blocks, found) = blocks(entries, repaired, headings, &report_headings, repairer);
        section.blocks = blocks;
        repairs.extend(found);
    }
    Extracted { value: sections, repairs, diagnostics: Vec::new() }
}

/// A content line of a section, what it opens ([`opens`]), the number of blank lines right
/// above it and right below it (below a section's last line, those before the next heading),
/// whether it speaks in the humble register or in the polite one (humble included), whether it
/// is one of a run of short fragments, whether it is a slogan standing apart, whether it is the
/// text of a picture whatever its marks (a notice, the lines over a source line, a chart's
/// questions), and whether it follows a label over reference material.
struct Entry<'a> {
    line: &'a Line,
    opens: Opens,
    gap: usize,
    gap_below: usize,
    humble: bool,
    polite: bool,
    in_run: bool,
    slogan: bool,
    pictured: bool,
    in_reference: bool,
}

/// A line's body as the OCR repairs read it, and what they did to it: what a block holds of a
/// line of text, a picture's or a logo's. A table's cells are repaired one by one, and debris is
/// kept as it stands: theirs is empty. (A text line that is a title row, or goes on with a
/// wrapped cell, is repaired by cells too, and its body goes unused.)
#[derive(Default)]
struct Repaired {
    text: String,
    repairs: Repairs,
}

impl Repaired {
    fn of(line: &Line, repairer: &Repairer) -> Self {
        if !matches!(line.shape.form, Form::Text | Form::Picture | Form::Decoration) {
            return Self::default();
        }
        let mut repairs = Repairs::default();
        let text = repairer.line(line.body(), line.number, &mut repairs);
        Self { text, repairs }
    }
}

/// Unmarked text without a sentence end or a full stop: maybe a label, maybe picture text.
fn is_fragment(line: &Line, max_chars: usize) -> bool {
    let shape = &line.shape;
    shape.form == Form::Text
        && !shape.dash
        && shape.marker().is_none()
        && shape.chars <= max_chars
        && !line.body().ends_with(FULL_STOPS)
        && !line.body().contains('。')
}

/// Marks that end a sentence for certain (a closing bracket may end a label).
const FULL_STOPS: &[char] = &['。', '.', '!', '?'];

/// Endings that never close a Japanese sentence, besides those the line's shape calls cut
/// (、 の を): case particles and conjunctive forms (…のために, …したので, …が, …は, …して).
const OPEN_ENDS: &[char] = &['に', 'が', 'は', 'で', 'て'];

/// Whether a line breaks off its sentence for certain, so that it goes on even across a blank line.
fn is_cut(line: &Line) -> bool {
    line.shape.ends_cut || line.body().ends_with(OPEN_ENDS)
}

/// Whether a line stops where a label may: on a word, or on a particle that closes a phrase
/// (…に向けて, …について), but not on 、 の を, nor on the topic or subject (…は, …が) of a
/// sentence still to come.
fn may_end_a_label(line: &Line) -> bool {
    !line.shape.ends_cut && !line.body().ends_with(['は', 'が'])
}

/// A list of words (「情報収集、課題整理」).
fn is_enumeration(line: &Line) -> bool {
    line.body().contains(['、', ','])
}

/// A line that asks a question: its words end on the particle か (…のか, …していくか), but not
/// on ほか (「…ほか」, "and others").
fn is_question(line: &Line) -> bool {
    let words = line.body().trim_end_matches([')', '）']);
    words.ends_with('か') && !words.ends_with("ほか")
}

/// The cells of a table's title row: a line of tab cells with only the first filled (shaped as
/// text, with the count of its empty cells), right over a row with as many cells.
fn title_row(line: &Line, next: Option<&Entry>) -> Option<Vec<String>> {
    let empty = line.shape.empty_cells_after;
    let below = next.filter(|n| n.gap == 0)?;
    match &below.line.shape.form {
        Form::Row(row) if empty > 0 && row.cells.len() == empty + 1 => {
            Some(std::iter::once(line.text().to_string()).chain(std::iter::repeat_n(String::new(), empty)).collect())
        }
        _ => None,
    }
}

/// The blocks of one section's content lines, given the heading marks that head its stretches of
/// text and the parents of its lists ([`section_headings`]), and those that head text in the
/// whole report.
fn blocks(entries: &[Entry], repaired: Vec<Repaired>, headings: SectionHeadings, report_headings: &[u8], repairer: &Repairer) -> (Vec<Block>, Repairs) {
    let SectionHeadings { heading_families, parents } = headings;
    let mut listed = listed_families(entries, &heading_families);
    listed.extend(parents);
    let mut builder = Builder {
        listed,
        dashed_lists: dashed_lists(entries),
        set_out: set_out_items(entries),
        page_titles: page_titles(entries),
        indented_parents: indented_parents(entries),
        heading_families,
        report_headings: report_headings.to_vec(),
        mottos: mottos(entries),
        wrapped: wrapped_compounds(entries),
        summaries: summaries(entries),
        lists_under_labels: lists_under_labels(entries),
        ..Builder::default()
    };
    for ((i, entry), repaired) in entries.iter().enumerate().zip(repaired) {
        builder.push(entry, entries.get(i + 1), repaired, repairer);
    }
    builder.finish()
}

/// What a line opens, read from its marker once, into its [`Entry`]: the passes over a section
/// ask it of each line many times over, and its branches on the marker's role mispredicted at
/// each asking.
#[derive(Clone, Copy)]
enum Opens {
    Item(Marker),
    /// A heading mark: a subheading when it heads the lines below, else an item.
    Heading(Marker),
    Subheading,
    Figure,
    Paragraph,
    /// No marker: decided by context.
    Unmarked,
}

fn opens(line: &Line) -> Opens {
    let shape = &line.shape;
    let marker = shape.marker();
    if shape.dash {
        return match marker {
            Some(m) if m.role == Role::Heading => Opens::Heading(m),
            Some(m) if m.role == Role::Bullet => Opens::Item(m),
            _ => Opens::Item(*DASH),
        };
    }
    let Some(marker) = marker else { return Opens::Unmarked };
    match marker.role {
        Role::Bullet | Role::Dash => Opens::Item(marker),
        Role::Heading => Opens::Heading(marker),
        Role::Label => Opens::Subheading,
        Role::Caption => Opens::Figure,
        Role::Note | Role::Arrow => Opens::Paragraph,
    }
}

impl Opens {
    fn is_unmarked(&self) -> bool {
        matches!(self, Opens::Unmarked)
    }
}

/// The characters of a bracketed addendum that closes a line after words of its own: the
/// partners or status of a project named before it (…モデル事業 (新潟県・観光交流機構)).
/// Text that ends on a figure (…人口5,144人, …高齢化率43.1%) reports a value: a statement.
fn ends_on_a_figure(text: &str) -> bool {
    text.trim_end().ends_with(|c: char| c.is_ascii_digit() || c == '%')
}

fn addendum_chars(line: &Line) -> usize {
    let body = line.body().trim_end();
    let Some(inner) = body.strip_suffix([')', '）']) else { return 0 };
    match inner.rfind(['(', '（']) {
        Some(at) if !inner[..at].trim().is_empty() && !inner[at..].contains([')', '）']) => body[at..].chars().count(),
        _ => 0,
    }
}

/// The number a numbering mark counts (the shape reads it): 2 for (2), 2., [2], ②.
fn mark_number(line: &Line) -> Option<u32> {
    line.shape.mark.as_ref()?.number
}

/// A numbering mark that counts from one: (1), 1., [1], ①.
fn counts_from_one(line: &Line) -> bool {
    mark_number(line) == Some(1)
}

/// A line that opens a list item.
fn is_item(entry: &Entry) -> bool {
    matches!(entry.opens, Opens::Item(_))
}

/// The line below, when nothing but at most one blank line parts it from this one.
fn close_below<'a, 'b>(next: Option<&'a Entry<'b>>) -> Option<&'a Entry<'b>> {
    next.filter(|n| n.gap <= 1)
}

/// Whether a line goes on with the line right above it, whatever that line is: wholly in
/// brackets, indented under it, or opening on a particle.
fn goes_on(entry: &Entry, above_indent: u16) -> bool {
    let shape = &entry.line.shape;
    entry.gap == 0 && (shape.bracketed || shape.indent > above_indent || shape.starts_mid_sentence)
}

/// Whether a line with a heading mark heads the lines below it. Behind the converter's dash
/// it does only when items follow that are indented under it or bullets of another family
/// left undashed; otherwise a full sentence, or a statement with nothing under it, heads
/// nothing.
fn heads_below(entry: &Entry, next: Option<&Entry>, marker: Marker) -> bool {
    let line = entry.line;
    let below = close_below(next);
    if line.shape.dash {
        // The converter dashes a heading but not always the bullets under it.
        let under = |n: &Entry| {
            n.line.shape.indent > line.shape.indent
                || !n.line.shape.dash && n.line.shape.marker().is_some_and(|m| m.role == Role::Bullet && m.family != marker.family)
        };
        return below.is_some_and(|n| is_item(n) && under(n));
    }
    if line.body().contains('。') {
        return false;
    }
    // A long line is a statement, unless the label of a part of it stands right under it.
    if line.shape.chars > MAX_SUBHEADING_CHARS {
        return below.is_some_and(|n| is_label(n));
    }
    !(line.shape.ends_predicate && heads_nothing(next, marker))
}

/// A bracketed label, or short unmarked words that are no statement and no broken-off sentence.
fn is_label(entry: &Entry) -> bool {
    let line = entry.line;
    matches!(entry.opens, Opens::Subheading)
        || is_fragment(line, MAX_LABEL_CHARS) && !line.shape.ends_predicate && !line.shape.ends_mid_sentence && !line.shape.bracketed
}

/// The words that close an enumeration on a line of their own (「など」 under the last of a
/// list's items): they say the list goes on, and head nothing of their own.
const LIST_CLOSERS: &[&str] = &["など", "等", "ほか", "etc."];

/// Whether a line only says that the list above it goes on.
fn closes_a_list(line: &Line) -> bool {
    let words = line.body().trim().trim_end_matches(['。', '.']);
    line.shape.marker().is_none() && LIST_CLOSERS.contains(&words)
}

/// Whether nothing but a sibling, or the section's end, stands under a marked line; a line
/// that closes the list ([`closes_a_list`]) is no text of its own.
fn heads_nothing(next: Option<&Entry>, marker: Marker) -> bool {
    next.is_none_or(|n| n.line.shape.marker().is_some_and(|m| m.family == marker.family) || closes_a_list(n.line))
}

/// Whether a line with a heading mark heads text of its own, not only its siblings. An item
/// set further out right below it is no text of its own: a heading mark indented under an
/// item (「- ②…」 over 「 ♦…」 lines) is that item's child, and its run ends where the outer
/// list goes on.
fn heads_text(entry: &Entry, next: Option<&Entry>, marker: Marker) -> bool {
    let set_out = next.is_some_and(|n| is_item(n) && n.line.shape.indent < entry.line.shape.indent);
    heads_below(entry, next, marker) && (entry.line.shape.dash || !heads_nothing(next, marker)) && !set_out
}

/// The last line of the mottos a section opens with: short complete phrases right above its
/// first subheading (「次世代へ繋ぐ持続可能な土台作り」 over its ○ headings). They name what the
/// section is about; a paragraph's lines would be longer, broken off or a statement.
fn mottos(entries: &[Entry]) -> Option<usize> {
    let motto = |e: &Entry| {
        !e.in_run
            && !e.pictured
            && is_fragment(e.line, MAX_MOTTO_CHARS)
            && !e.line.shape.ends_predicate
            && !is_cut(e.line)
            // A phrase joins its words with particles and endings in hiragana; a name or a
            // logo's text (「スマートシティYAIZU」) has none.
            && e.line.body().contains(shape::is_hiragana)
    };
    let run = entries.iter().take_while(|e| motto(e)).count();
    let heading = entries.get(run).is_some_and(|e| matches!(e.opens, Opens::Heading(m) if heads_text(e, entries.get(run + 1), m)));
    entries[..run].last().filter(|_| heading).map(|e| e.line.number)
}

/// The lines of a section that open on a middle dot joining the two halves of a compound the
/// OCR wrapped at the line start (「…ディスカッション」 / 「・相談会及び…」): right under a line of
/// text that stops on a noun, in a section with no other line of that mark, so that no list
/// stands around it.
fn wrapped_compounds(entries: &[Entry]) -> Vec<usize> {
    // The shape's marker first: it is read without decoding the line.
    let dotted = |e: &Entry| is_item(e) && e.line.body().starts_with(MIDDLE_DOTS);
    if entries.iter().filter(|e| dotted(e)).count() != 1 {
        return Vec::new();
    }
    let stops_on_noun = |e: &Entry| {
        let l = e.line;
        e.opens.is_unmarked()
            && l.shape.form == Form::Text
            && !(l.shape.ends_sentence || l.shape.ends_predicate || l.shape.ends_mid_sentence || l.shape.bracketed)
    };
    entries
        .windows(2)
        .filter(|w| dotted(&w[1]) && !w[1].line.shape.dash && w[1].gap == 0 && w[1].line.shape.indent == w[0].line.shape.indent && stops_on_noun(&w[0]))
        .map(|w| w[1].line.number)
        .collect()
}

/// The lines of a section that sum up the lines right under them: a statement finished in the
/// polite register (…話を聞きました) but without the full stop the section's sentences carry,
/// set apart above and directly over a statement of its own, two or more times in the section.
/// A writer who ends sentences with 。 leaves it off a heading; one such line alone may be a
/// sentence whose 。 was lost, a pattern that repeats is the section's structure.
fn summaries(entries: &[Entry]) -> Vec<usize> {
    if !entries.iter().any(|e| e.line.body().trim_end().ends_with('。')) {
        return Vec::new();
    }
    let sums_up = |i: usize| {
        let (entry, below) = (&entries[i], entries.get(i + 1));
        let line = entry.line;
        (entry.gap > 0 || i == 0)
            && !(entry.pictured || entry.in_run || entry.slogan)
            && entry.polite
            && is_fragment(line, MAX_FRAGMENT_CHARS)
            && !line.shape.bracketed
            && below.is_some_and(|b| {
                b.gap == 0 && !b.pictured && b.opens.is_unmarked() && b.line.shape.form == Form::Text && !goes_on(b, line.shape.indent)
            })
    };
    let lines: Vec<usize> = (0..entries.len()).filter(|&i| sums_up(i)).map(|i| entries[i].line.number).collect();
    if lines.len() < MIN_SUMMARIES { Vec::new() } else { lines }
}

/// Whether a section sets an unmarked label apart over a list of its own (「自然・文化と調和した
/// 観光スタイルの形成」 over its ・ items): its other labels of that shape head their text, even
/// a text that states in nouns (…の魅力創出、情報発信) rather than in a sentence.
fn lists_under_labels(entries: &[Entry]) -> bool {
    entries.windows(2).any(|w| {
        w[0].gap > 0
            && !w[0].pictured
            && is_label(&w[0])
            && w[1].gap <= 1
            && is_item(&w[1])
            && w[1].line.shape.indent >= w[0].line.shape.indent
    })
}

/// The heading marks whose dashed lines, two or more in a section, head nothing: the converter
/// dashes list items, so the section lists with that mark (`- ◆` under its 👉 headings). A
/// dashed line of that mark with bullets indented under it is then an item with children, not
/// a heading over them.
fn dashed_lists(entries: &[Entry]) -> Vec<u8> {
    let items: Vec<u8> = entries
        .iter()
        .enumerate()
        .filter(|(_, e)| !e.pictured && e.line.shape.dash)
        .filter_map(|(i, e)| match e.opens {
            Opens::Heading(marker) if !heads_below(e, entries.get(i + 1), marker) => Some(marker.family),
            _ => None,
        })
        .collect();
    repeated(items)
}

/// The items right over an item the converter set deeper: where it shows nesting by
/// indentation, an item at the margin of the line above is no child of that line.
fn indented_parents(entries: &[Entry]) -> Vec<usize> {
    entries
        .windows(2)
        .filter(|w| is_item(&w[0]) && w[1].gap == 0 && is_item(&w[1]) && w[1].line.shape.indent > w[0].line.shape.indent)
        .map(|w| w[0].line.number)
        .collect()
}

/// The items the converter set at an outer indentation inside a numbered list indented deeper
/// (` - ①…`, `- …`, `- …`, ` - ②…`): the next number at the list's indentation comes after them,
/// so the list never closed and they are the numbered item's children. After the list's last
/// number, up to the section's end, items so set follow the pattern when the section set it
/// before. Each comes with the indentation it had in print: one step inside the numbering.
fn set_out_items(entries: &[Entry]) -> Vec<(usize, u16)> {
    let numbered = |e: &Entry| match e.opens {
        Opens::Item(marker) if marker.role == Role::Bullet => Some((marker.family, e.line.shape.indent, mark_number(e.line)?)),
        _ => None,
    };
    let mut set_out = Vec::new();
    let mut lists_set_out: Vec<(u8, u16)> = Vec::new();
    for (i, entry) in entries.iter().enumerate() {
        let Some((family, indent, number)) = numbered(entry).filter(|&(_, indent, _)| indent > 0) else { continue };
        let run: Vec<&Entry> = entries[i + 1..]
            .iter()
            .take_while(|e| match e.opens {
                Opens::Item(_) => numbered(e).is_none() && e.line.shape.indent < indent,
                Opens::Unmarked => true,
                _ => false,
            })
            .collect();
        let items = run.iter().filter(|e| is_item(e)).map(|e| (e.line.number, indent + 1));
        match entries.get(i + 1 + run.len()) {
            Some(next) if numbered(next) == Some((family, indent, number + 1)) => {
                let before = set_out.len();
                set_out.extend(items);
                if set_out.len() > before {
                    lists_set_out.push((family, indent));
                }
            }
            None if lists_set_out.contains(&(family, indent)) => set_out.extend(items),
            _ => {}
        }
    }
    set_out
}

/// The families that stand more than once among `families` (a line alone is no list: a heading
/// whose text the page lost reads the same), sorted, each once.
fn repeated(mut families: Vec<u8>) -> Vec<u8> {
    families.sort_unstable();
    let mut repeated: Vec<u8> = families.windows(2).filter(|w| w[0] == w[1]).map(|w| w[0]).collect();
    repeated.dedup();
    repeated
}

/// The heading marks of a section with a line that heads text of its own: the marks its
/// stretches of text are headed with.
fn heading_families(entries: &[Entry]) -> Vec<u8> {
    let mut families: Vec<u8> = entries
        .iter()
        .enumerate()
        .filter(|(_, e)| !e.pictured)
        .filter_map(|(i, e)| match e.opens {
            Opens::Heading(marker) if heads_text(e, entries.get(i + 1), marker) => Some(marker.family),
            _ => None,
        })
        .collect();
    families.sort_unstable();
    families.dedup();
    families
}

/// A section's heading marks, read once for both the report's headings and the section's blocks.
struct SectionHeadings {
    /// The marks that head the section's stretches of text, less those that are parents of a list.
    heading_families: Vec<u8>,
    /// The marks whose lines are the parents of a list ([`parent_families`]).
    parents: Vec<u8>,
}

fn section_headings(entries: &[Entry]) -> SectionHeadings {
    let parents = parent_families(entries);
    let mut heading_families = heading_families(entries);
    heading_families.retain(|family| !parents.contains(family));
    SectionHeadings { heading_families, parents }
}

/// The lines of a numbering that titles pages: an item holds no headings, so a numbered line
/// over two or more labels that head their own text, lists or tables (取組内容, 取組状況,
/// 課題等), or over one label over a list of its own, is a heading above them, and its numbering's other lines, undashed and no
/// sentences, each over text of its own, are its siblings. A numbering none of whose lines
/// holds a 。 or is cut off, with a heading mark's line between two of its numbers that count on,
/// titles the parts too (a heading mark outranks any numbering). A numbering over paragraphs alone
/// is a list of items with their text.
fn page_titles(entries: &[Entry]) -> Vec<usize> {
    let numbered = |e: &Entry| match e.opens {
        Opens::Item(marker) if !e.pictured && !e.line.shape.dash && marker.rank < DASH.rank && mark_number(e.line).is_some() => Some(marker.family),
        _ => None,
    };
    // A label stands on its own: the line above ended, and the label does not go on with it.
    let heads_its_part = |i: usize| {
        let (entry, below) = (&entries[i], entries.get(i + 1));
        let above = &entries[i - 1].line;
        entry.gap > 0
            && !above.shape.ends_mid_sentence
            && !is_cut(above)
            && !entry.line.shape.starts_mid_sentence
            && entry.opens.is_unmarked()
            && is_label(entry)
            && below.is_some_and(|n| n.gap <= PICTURE_GAP && (is_item(n) || matches!(n.line.shape.form, Form::Row(_)) || n.line.shape.chars > 2 * entry.line.shape.chars))
    };
    let mut titles = Vec::new();
    let families: BTreeSet<u8> = entries.iter().filter_map(numbered).collect();
    for family in families {
        let lines: Vec<usize> = (0..entries.len()).filter(|&i| numbered(&entries[i]) == Some(family)).collect();
        let titles_text = |&i: &usize| {
            let line = entries[i].line;
            !line.body().contains('。')
                && !line.shape.ends_mid_sentence
                && close_below(entries.get(i + 1)).is_some_and(|n| n.opens.is_unmarked() && !goes_on(n, line.shape.indent))
        };
        let heads_parts = |at: usize| {
            let end = lines.get(at + 1).copied().unwrap_or(entries.len());
            let parts: Vec<usize> = (lines[at] + 1..end).filter(|&i| heads_its_part(i)).collect();
            // A label over a list of its own is no item's caption: one is a part already.
            let heads_a_list = |i: usize| entries.get(i + 1).is_some_and(|n| is_item(n)) && entries.get(i + 2).is_some_and(|n| is_item(n));
            parts.len() >= MIN_PAGE_PARTS || parts.iter().any(|&i| heads_a_list(i))
        };
        // A heading mark outranks any numbering: a line of it between two numbers that count
        // on is no numbered item's child, so the number above titles a part that holds it.
        let holds_a_heading = |at: usize| {
            let (from, to) = (lines[at], lines[at + 1]);
            mark_number(entries[to].line) == mark_number(entries[from].line).map(|n| n + 1)
                && entries[from + 1..to].iter().any(|e| !e.pictured && !e.line.shape.dash && matches!(e.opens, Opens::Heading(_)))
        };
        let is_title = |&i: &usize| !entries[i].line.body().contains('。') && !is_cut(entries[i].line);
        let titles_headed_parts = lines.iter().all(is_title) && (0..lines.len().saturating_sub(1)).any(holds_a_heading);
        if lines.len() >= MIN_PAGE_PARTS && (lines.iter().all(titles_text) && (0..lines.len()).any(heads_parts) || titles_headed_parts) {
            titles.extend(lines.iter().map(|&i| entries[i].line.number));
        }
    }
    titles
}

/// A label before a statement on one line (【課題】…計画がない): the words after the label
/// end on a verb, an adjective or a full stop, so the line states its point under the label's
/// name and heads nothing; a label before a name (【方針1】人材の育成) heads.
fn labels_a_statement(line: &Line) -> bool {
    let words = line.shape.mark.as_ref().and_then(|mark| line.body().get(mark.end()..)).unwrap_or_default().trim();
    !words.is_empty() && (line.shape.ends_predicate || words.ends_with(FULL_STOPS))
}

/// A word set with a space between each of its letters (「感 想」, 「概 要」): print spaces a
/// short heading out to a heading's width; a sentence, a name or a chart's number never is.
fn is_letter_spaced(line: &Line) -> bool {
    let is_letter = |c: char| matches!(c, '\u{3041}'..='\u{30FF}' | '\u{4E00}'..='\u{9FFF}');
    // Read letter by letter: nearly every line fails at its first or second character.
    let (mut letters, mut after_letter) = (0, false);
    for c in line.body().trim().chars() {
        if c.is_whitespace() {
            after_letter = false;
        } else if after_letter || !is_letter(c) || letters == MAX_SPACED_LETTERS {
            return false;
        } else {
            letters += 1;
            after_letter = true;
        }
    }
    letters >= 2
}

/// The most letters a word spaced out as a heading has (「事 業 概 要」).
const MAX_SPACED_LETTERS: usize = 5;

/// A short label standing on its own a blank line at most over a table: the table's title.
/// Among a chart's words (調査日, 平均年齢 …) it is the chart's, and a line with empty tab
/// cells after its words is left to [`title_row`].
fn heads_a_table(entry: &Entry, next: Option<&Entry>) -> bool {
    entry.gap > 0
        && !entry.in_run
        && entry.line.shape.empty_cells_after == 0
        && is_label(entry)
        && !entry.line.shape.starts_mid_sentence
        && close_below(next).is_some_and(|n| matches!(n.line.shape.form, Form::Row(_) | Form::Rule))
}

/// The middle dot that joins the words of a compound, and opens a list item at a line's start.
const MIDDLE_DOTS: &[char] = &['・', '･'];

/// The heading marks of a section that list with children: some of their undashed lines head
/// nothing but the next line of their mark, others stand right over a list (「○…を開催した」,
/// 「○…を実施」, 「○高校と連携した「交流の場」を提供」 over its ・ lines). A heading is not
/// set as the empty sibling of the next, so the mark's lines are one list, and the bullets
/// under some of them are their items' children.
fn parent_families(entries: &[Entry]) -> Vec<u8> {
    let mut sibling_below = BTreeSet::new();
    let mut list_below = BTreeSet::new();
    for (i, entry) in entries.iter().enumerate().filter(|(_, e)| !e.pictured && !e.line.shape.dash) {
        let (Opens::Heading(marker), Some(below)) = (entry.opens, close_below(entries.get(i + 1))) else { continue };
        match below.opens {
            Opens::Heading(m) if m.family == marker.family && !below.line.shape.dash => sibling_below.insert(marker.family),
            Opens::Item(m) if m.role == Role::Bullet && below.line.shape.indent >= entry.line.shape.indent => list_below.insert(marker.family),
            _ => false,
        };
    }
    sibling_below.intersection(&list_below).copied().collect()
}

/// The heading marks of a section whose lines head nothing but one another: two or more ○
/// lines with nothing under any of them are a list, not a row of empty subheadings. Where one
/// of them heads text, the others are its sibling subheadings, even with nothing under them.
fn listed_families(entries: &[Entry], heading_families: &[u8]) -> Vec<u8> {
    let marks = entries.iter().filter(|e| !e.pictured).filter_map(|e| match e.opens {
        Opens::Heading(marker) if !heading_families.contains(&marker.family) => Some(marker.family),
        _ => None,
    });
    repeated(marks.collect())
}


#[derive(Default)]
struct Builder {
    blocks: Vec<Block>,
    /// The open lists of the section: the outermost first.
    lists: Vec<List>,
    /// The last block's first line's indentation.
    indent: u16,
    /// The marker family of the last block, when it is an item.
    item_family: Option<u8>,
    /// The last line of the last block stops mid-sentence; `cut` when for certain.
    mid_sentence: bool,
    cut: bool,
    /// The last line ends on a colon: it announces what the line under it holds.
    announces: bool,
    /// The last line is a name or title set in bold, complete on its line.
    bold_title: bool,
    /// The length of the last line.
    last_chars: usize,
    /// The length of the last line, when it stops where a label may ([`may_end_a_label`]).
    label_end: Option<usize>,
    /// The last table's last row is a Markdown row whose last cell goes on in the next line.
    open_row: bool,
    /// The last line is logo text.
    after_decoration: bool,
    /// What the OCR repairs did to the section's text.
    repairs: Repairs,
    /// The heading marks whose lines are a list in this section: [`listed_families`], and the
    /// marks whose lines are the parents of a list ([`parent_families`]).
    listed: Vec<u8>,
    /// The heading marks whose dashed lines are this section's items ([`dashed_lists`]).
    dashed_lists: Vec<u8>,
    /// The items the converter set out of the numbered list they belong to, with the
    /// indentation they had in print ([`set_out_items`]).
    set_out: Vec<(usize, u16)>,
    /// The numbered lines of the section that title its pages ([`page_titles`]).
    page_titles: Vec<usize>,
    /// The items of the section with items of their own set in under them ([`indented_parents`]).
    indented_parents: Vec<usize>,
    /// The heading marks that head the section's stretches of text, less the parents of a list
    /// ([`section_headings`]).
    heading_families: Vec<u8>,
    /// The heading marks that head stretches of text in any section of the report.
    report_headings: Vec<u8>,
    /// The last line of the section's [`mottos`].
    mottos: Option<usize>,
    /// The lines of the section that go on with a compound ([`wrapped_compounds`]).
    wrapped: Vec<usize>,
    /// The lines of the section that sum up the lines under them ([`summaries`]).
    summaries: Vec<usize>,
    /// The section sets unmarked labels apart over its lists ([`lists_under_labels`]).
    lists_under_labels: bool,
    /// An unmarked label already heads text of its own above in the section.
    labels_over_text: bool,
}

/// One open list: its marker family and rank, and its items' indentation.
struct List {
    family: u8,
    rank: u8,
    indent: u16,
    /// Nested by its marker under an item at the same indentation, not by indentation.
    by_marker: bool,
    /// Its last item carries the converter's list dash.
    dashed: bool,
}

impl Builder {
    fn push(&mut self, entry: &Entry, next: Option<&Entry>, repaired: Repaired, repairer: &Repairer) {
        let line = entry.line;
        let number = line.number;
        let adjacent = entry.gap == 0 && !self.blocks.is_empty();
        let last_kind = self.blocks.last().map(|b| b.kind);
        if self.open_row && adjacent && !matches!(line.shape.form, Form::Row(_)) {
            self.continue_row(line, repairer);
            return;
        }
        self.open_row = false;
        // Whether the line above was a logo's: read by the match below, before it is this line's.
        let after_decoration = std::mem::replace(&mut self.after_decoration, line.shape.form == Form::Decoration);
        let next_is_row = next.is_some_and(|n| n.gap == 0 && matches!(n.line.shape.form, Form::Row(_) | Form::Rule));
        match &line.shape.form {
            Form::Row(row) => {
                let cells: Vec<String> = row.cells.iter().map(|c| repairer.line(c, number, &mut self.repairs)).collect();
                if !(last_kind == Some(BlockKind::Table) && (adjacent || self.resumes_table(entry, cells.len(), next_is_row))) {
                    self.start(BlockKind::Table, None, String::new(), line);
                }
                self.add_row(number, cells);
                self.open_row = row.open;
            }
            Form::Rule if adjacent && last_kind == Some(BlockKind::Table) => self.extend(number),
            // A rule that opens a table: the converter's empty header row.
            Form::Rule if next_is_row => self.start(BlockKind::Table, None, String::new(), line),
            Form::Rule | Form::Debris => self.start(BlockKind::Debris, None, line.body().to_string(), line),
            // A logo's further lines join it.
            Form::Decoration if adjacent && after_decoration => {
                let text = self.take_repaired(repaired);
                self.join(text, line)
            }
            Form::Picture | Form::Decoration => {
                let text = self.take_repaired(repaired);
                self.start(BlockKind::Figure, None, text, line)
            }
            Form::Text => self.push_text(entry, next, repaired, repairer),
        }
    }

    /// A line's repaired text, taken for a block, with its repairs logged with the section's.
    fn take_repaired(&mut self, Repaired { text, repairs }: Repaired) -> String {
        self.repairs.extend(repairs);
        text
    }

    fn push_text(&mut self, entry: &Entry, next: Option<&Entry>, repaired: Repaired, repairer: &Repairer) {
        let line = entry.line;
        if let Some(cells) = title_row(line, next) {
            let cells = cells.iter().map(|c| repairer.line(c, line.number, &mut self.repairs)).collect();
            self.start(BlockKind::Table, None, String::new(), line);
            return self.add_row(line.number, cells);
        }
        let text = self.take_repaired(repaired);
        let last_kind = self.blocks.last().map(|b| b.kind);
        // The conversion glosses text read out of a chart in English, item by item.
        if line.shape.english && last_kind == Some(BlockKind::Figure) {
            return self.start(BlockKind::Figure, None, text, line);
        }
        // A notice's lines are a picture's text, whatever their marks; a line right under
        // another goes on with it, as a caption's does, unless it opens an item or a heading.
        if entry.pictured {
            let goes_on = entry.gap == 0
                && !line.shape.dash
                && !matches!(entry.opens, Opens::Item(_) | Opens::Heading(_))
                && last_kind == Some(BlockKind::Figure)
                && !self.pairs_with_the_line_above(line);
            return if goes_on { self.join(text, line) } else { self.start(BlockKind::Figure, None, text, line) };
        }
        match entry.opens {
            Opens::Item(_) if self.wrapped.contains(&line.number) => self.join(text, line),
            Opens::Item(marker) if self.is_bullet_label(entry, next, marker) || self.page_titles.contains(&line.number) => {
                self.subheading(text, line)
            }
            Opens::Item(marker) => self.item(marker, text, line),
            Opens::Heading(marker)
                if heads_below(entry, next, marker)
                    && !self.listed.contains(&marker.family)
                    && !(line.shape.dash && self.dashed_lists.contains(&marker.family)) =>
            {
                self.subheading(text, line)
            }
            Opens::Heading(marker) if self.heads_like_its_siblings(entry, next, marker) => self.subheading(text, line),
            Opens::Heading(marker) => self.item(marker, text, line),
            Opens::Subheading if is_caption_label(entry, next) || names_a_slogan(entry, next) => self.start(BlockKind::Figure, None, text, line),
            Opens::Subheading if labels_a_statement(line) => self.start(BlockKind::Paragraph, None, text, line),
            Opens::Subheading => self.subheading(text, line),
            Opens::Figure => self.start(BlockKind::Figure, None, text, line),
            Opens::Paragraph if points_at_a_picture(entry, next) => self.start(BlockKind::Figure, None, text, line),
            Opens::Paragraph => self.start(BlockKind::Paragraph, None, text, line),
            Opens::Unmarked if self.mottos.is_some_and(|last| line.number <= last) => self.subheading(text, line),
            Opens::Unmarked if self.is_caption_under_sentence(entry) => self.start(BlockKind::Figure, None, text, line),
            Opens::Unmarked if self.is_aside(entry) => self.start(BlockKind::Paragraph, None, text, line),
            Opens::Unmarked if self.continues(entry, next) => self.join(text, line),
            Opens::Unmarked if entry.slogan || names_a_slogan(entry, next) || is_reprinted_text(entry, next) => {
                self.start(BlockKind::Figure, None, text, line);
            }
            Opens::Unmarked if self.heads_its_text(entry, next) => {
                self.labels_over_text = true;
                self.subheading(text, line);
            }
            Opens::Unmarked
                if self.heads_a_list(entry, next)
                    || self.is_spaced_heading(entry, next)
                    || self.titles_labels(entry, next)
                    || self.is_quoted_title(entry, next)
                    || heads_a_table(entry, next)
                    || self.is_bracketed_label(entry, next)
                    || self.summaries.contains(&line.number) =>
            {
                self.subheading(text, line);
            }
            Opens::Unmarked if self.is_picture_text(entry, next) => self.start(BlockKind::Figure, None, text, line),
            Opens::Unmarked => self.start(BlockKind::Paragraph, None, text, line),
        }
    }

    /// Whether an unmarked line goes on with the block above: a caption's further lines; the
    /// rest of a sentence the line above broke off (across one blank line at most); an
    /// indented or bracketed addition to an item or paragraph.
    fn continues(&self, entry: &Entry, next: Option<&Entry>) -> bool {
        let shape = &entry.line.shape;
        // A bracketed enumeration below a line spells out what it names.
        let spells_out = entry.gap == 1 && shape.bracketed && is_enumeration(entry.line);
        match self.blocks.last().map(|b| b.kind) {
            Some(BlockKind::Figure) => entry.gap == 0,
            Some(BlockKind::Subheading) => spells_out,
            Some(BlockKind::Item | BlockKind::Paragraph) => {
                goes_on(entry, self.indent)
                    || entry.gap == 0 && (self.mid_sentence && !self.ended_short_of(entry) || self.announces || !self.bold_title && self.between_siblings(entry, next))
                    || entry.gap == 1 && (self.cut || shape.starts_mid_sentence)
                    || spells_out
            }
            _ => false,
        }
    }

    /// Whether the last line, though it stops on a particle or a conjunctive form (…に向けて),
    /// was ended by its writer: a whole sentence right under it runs more than twice as long.
    /// Wrapped text fills each line but its last, so a line that short is no wrapped line's
    /// first part; it is a label, and the sentence under it starts a block of its own.
    fn ended_short_of(&self, entry: &Entry) -> bool {
        let shape = &entry.line.shape;
        self.label_end.is_some_and(|chars| chars <= MAX_HEADING_LABEL_CHARS && shape.chars > 2 * chars)
            && entry.line.body().trim_end().ends_with('。')
    }

    /// A bracketed name right under a finished sentence (。) and over a run of blank lines: the
    /// sentence needs nothing more, and the line names the picture in the blank space
    /// (「(資料より抜粋)」). A remark on the sentence says something of its own: it spells a
    /// word out (例: …) or has a subject or topic (…が主担当); those go on with the sentence.
    fn is_caption_under_sentence(&self, entry: &Entry) -> bool {
        let (shape, body) = (&entry.line.shape, entry.line.body());
        let after_sentence = self.blocks.last().is_some_and(|b| matches!(b.kind, BlockKind::Paragraph | BlockKind::Item) && b.text.ends_with('。'));
        shape.bracketed
            && entry.gap == 0
            && entry.gap_below >= PICTURE_GAP
            && shape.chars <= MAX_FRAGMENT_CHARS
            && !body.contains(['。', ':', '：', 'が', 'は'])
            && !is_enumeration(entry.line)
            && after_sentence
    }

    /// A statement or a list of words wholly in brackets a blank line under a finished sentence
    /// (。): the full stop closed the sentence and the blank line sets the brackets apart, so
    /// they are the report's own aside, a paragraph of its own, whether they state something
    /// (「(今年度は、…を実施。)」) or list examples (「(庁舎内のネットワーク環境構築、…ツールなど)」).
    /// A bracketed label (「(課題)」) neither states nor lists, and heads what follows instead.
    fn is_aside(&self, entry: &Entry) -> bool {
        entry.line.shape.bracketed
            && entry.gap == 1
            && (entry.line.body().contains(['を', 'が', '。']) || is_enumeration(entry.line))
            && self.blocks.last().is_some_and(|b| matches!(b.kind, BlockKind::Paragraph | BlockKind::Item) && b.text.ends_with('。'))
    }

    /// A short unmarked line right under an item and over the item's next sibling: the rest of
    /// the item, which the page broke. Wrapped text fills its lines, so a line longer than the
    /// item's is no rest of it: the item ended short, and the line is its description.
    fn between_siblings(&self, entry: &Entry, next: Option<&Entry>) -> bool {
        is_fragment(entry.line, MAX_LABEL_CHARS)
            && entry.line.shape.chars <= self.last_chars
            && close_below(next).is_some_and(|n| matches!(n.opens, Opens::Item(m) if Some(m.family) == self.item_family))
    }

    /// A phrase wholly in corner quotes on a line of its own (「地域の魅力を次の世代へ」), set apart
    /// over the text or the clipping it titles: a catchphrase quoted as a title heads. Among a
    /// picture's lines (a figure right above it) it is the picture's, and one sentence quoted
    /// is a statement.
    fn is_quoted_title(&self, entry: &Entry, next: Option<&Entry>) -> bool {
        let body = entry.line.body().trim_end();
        let quoted = body.strip_prefix('「').and_then(|b| b.strip_suffix('」')).is_some_and(|words| !words.contains(['「', '」', '。']));
        quoted
            && (entry.gap > 0 || self.blocks.is_empty())
            && entry.line.shape.chars <= MAX_FRAGMENT_CHARS
            && self.blocks.last().is_none_or(|b| b.kind != BlockKind::Figure)
            && close_below(next).is_some_and(|n| n.line.shape.form == Form::Text)
    }

    /// A word spaced out letter by letter (「感 想」) heads the text below it, as a quoted title
    /// does; after a picture, or over no text, spaced letters are a chart's (男 女, 大 中 小).
    fn is_spaced_heading(&self, entry: &Entry, next: Option<&Entry>) -> bool {
        is_letter_spaced(entry.line)
            && self.blocks.last().is_none_or(|b| b.kind != BlockKind::Figure)
            && close_below(next).is_some_and(|n| n.line.shape.form == Form::Text)
    }

    /// A label right over a bracketed label (「…の推進体制」 over 【役割】) titles the labelled
    /// parts below it, as a heading over subheadings. Under a label of its own it is that
    /// label's text, and after a run of blank lines a picture's.
    fn titles_labels(&self, entry: &Entry, next: Option<&Entry>) -> bool {
        let under_a_label = self.blocks.last().is_some_and(|b| b.kind == BlockKind::Subheading);
        (entry.gap == 1 || self.blocks.is_empty())
            && !under_a_label
            && is_label(entry)
            && close_below(next).is_some_and(|n| matches!(n.opens, Opens::Subheading))
    }

    /// A short label that stands apart, over the longer text it names: 「デジタル人材の育成」
    /// over the paragraph that says what was done.
    fn heads_its_text(&self, entry: &Entry, next: Option<&Entry>) -> bool {
        let shape = &entry.line.shape;
        // A bracketed addendum (its partners, its status) is no part of the label's length.
        let addendum = addendum_chars(entry.line);
        let body = entry.line.body().trim_end();
        // Most lines have no addendum: their words are the whole line, with no characters to count.
        let words = match addendum {
            0 => body,
            _ => body.char_indices().nth(body.chars().count() - addendum).map_or(body, |(at, _)| &body[..at]),
        };
        let label = (entry.gap > 0 || self.blocks.is_empty())
            && is_fragment(entry.line, MAX_LABEL_CHARS + addendum)
            && !ends_on_a_figure(words)
            && !shape.ends_predicate
            && !shape.bracketed;
        let Some(text) = next.filter(|n| label && n.opens.is_unmarked() && n.line.shape.form == Form::Text) else {
            return false;
        };
        match text.gap {
            // Right over its text, a longer line is the text's first sentence, and after a run
            // of blank lines a short one is a caption's first line.
            0 => {
                entry.gap < PICTURE_GAP
                    && shape.chars <= MAX_HEADING_LABEL_CHARS
                    && !shape.ends_mid_sentence
                    && text.line.shape.chars > 2 * shape.chars
            }
            // A blank line apart, over a whole sentence (or over text in nouns more than twice
            // as long, where the section's labels head lists, or where a label above heads its
            // text and this one is set as it is, not apart as a picture's words): a label may
            // stop on a particle (…に向けて), but not on 、 の を. Among a picture's words, a
            // label is the picture's.
            1 => {
                let labels_head_nouns = self.lists_under_labels || self.labels_over_text && entry.gap < PICTURE_GAP;
                may_end_a_label(entry.line)
                    && (text.line.body().ends_with(FULL_STOPS)
                        || text.line.shape.ends_predicate
                        || labels_head_nouns && text.line.shape.chars > 2 * shape.chars)
                    && text.line.shape.chars > shape.chars - addendum
                    && (entry.gap >= PICTURE_GAP || self.blocks.last().is_none_or(|b| b.kind != BlockKind::Figure))
            }
            _ => false,
        }
    }

    /// A short bracketed label that stands apart, over the lines it names: 「(高畠町の取組)」.
    /// Below an item it is the item's caption, unless a blank line parts them and a bracketed
    /// label already heads the list above: then it is that label's sibling. A form's prompt is a question (「(…どのように乗り越えたのか)」): it heads the
    /// answer below, however long, whatever it lists.
    fn is_bracketed_label(&self, entry: &Entry, next: Option<&Entry>) -> bool {
        let shape = &entry.line.shape;
        let asks = is_question(entry.line);
        shape.bracketed
            && (self.blocks.last().is_none_or(|b| b.kind != BlockKind::Item) || entry.gap > 0 && self.under_bracketed_label())
            && shape.chars <= if asks { MAX_FRAGMENT_CHARS } else { MAX_LABEL_CHARS }
            && (asks || !is_enumeration(entry.line))
            && !entry.line.body().contains('。')
            && close_below(next).is_some_and(|n| n.line.shape.form == Form::Text && !n.line.shape.bracketed)
    }

    /// Whether the last subheading of the section so far is a bracketed label.
    fn under_bracketed_label(&self) -> bool {
        self.blocks.iter().rev().find(|b| b.kind == BlockKind::Subheading).is_some_and(|b| b.text.starts_with(['(', '（']))
    }

    /// A heading mark before one sentence, over text of its own, where other lines of its mark
    /// head the section's stretches of text: one of those headings, whose words happen to end
    /// on a full stop (「○ …といった思い込み。」 over its paragraphs, between ○ subheadings).
    /// Over a note (※…) it remarks on, the mark's lines may head text in another section of the
    /// report: alone in its section, the line is still one of the report's headings.
    /// Two sentences are a statement, and a bracketed aside below spells the line out.
    fn heads_like_its_siblings(&self, entry: &Entry, next: Option<&Entry>, marker: Marker) -> bool {
        let shape = &entry.line.shape;
        // Only 。 parts sentences here: a period inside a line is a decimal point (2.5倍).
        let one_sentence = !entry.line.body().trim_end().trim_end_matches(FULL_STOPS).contains('。');
        !shape.dash
            && one_sentence
            && shape.chars <= MAX_SUBHEADING_CHARS
            && close_below(next).is_some_and(|n| {
                let text = n.opens.is_unmarked() && !n.line.shape.bracketed && !goes_on(n, shape.indent);
                let note = n.line.shape.marker().is_some_and(|m| m.role == Role::Note);
                text && self.heading_families.contains(&marker.family) || note && self.report_headings.contains(&marker.family)
            })
    }

    /// An unmarked short label directly followed by a list it introduces (not by the next item
    /// of a list already open). A label stands apart from the text above it, and is no
    /// statement (「…移行できた」) and no broken-off sentence (「…に向けて、」).
    fn heads_a_list(&self, entry: &Entry, next: Option<&Entry>) -> bool {
        let line = entry.line;
        // Where the section sets labels right over its lists, a label of theirs heads its list
        // across two blank lines too: a caption would not stand over a list alone.
        let below = next.filter(|n| n.gap <= 1 || self.lists_under_labels && n.gap <= PICTURE_GAP);
        // A blank line over a numbering from one or over bullets, a lead-in may stop on a
        // particle or a noun ending like one (…に向けて, 分かったこと) as a label over text does;
        // a sentence broken off on 、 の を goes on into the list.
        let opens_a_list = |n: &Entry| match n.opens {
            Opens::Item(m) if m.role == Role::Bullet => mark_number(n.line).is_none() || counts_from_one(n.line),
            _ => false,
        };
        let lead_in = || {
            below.is_some_and(|n| n.gap == 1 && opens_a_list(n))
                && is_fragment(line, MAX_LABEL_CHARS)
                && !line.shape.ends_predicate
                && may_end_a_label(line)
                && !line.shape.bracketed
        };
        (entry.gap > 0 || self.blocks.is_empty())
            && (is_label(entry) || lead_in())
            && below.is_some_and(|n| {
                n.line.shape.form == Form::Text
                    && n.line.shape.indent >= line.shape.indent
                    && match n.opens {
                        // A middle dot that goes on with this line's last word opens no list.
                        Opens::Item(_) if self.wrapped.contains(&n.line.number) => false,
                        // Numbering goes on across text between its items; bullets start afresh.
                        Opens::Item(m) => !(m.rank < DASH.rank && self.lists.iter().any(|l| l.family == m.family)),
                        _ => false,
                    }
            })
    }

    /// A bullet before a short label, outside a list of its own bullets (open above it at its
    /// indentation, even with deeper items between), over lines that are not its siblings: the
    /// label of what follows (「・原課の顕在課題」 over its list).
    fn is_bullet_label(&self, entry: &Entry, next: Option<&Entry>, marker: Marker) -> bool {
        let shape = &entry.line.shape;
        !shape.dash
            && marker.rank >= DASH.rank
            && shape.chars <= MAX_LABEL_CHARS
            && !shape.ends_sentence
            && !shape.ends_mid_sentence
            && !shape.ends_predicate
            && self.item_family != Some(marker.family)
            && !self.lists.iter().any(|l| l.family == marker.family && l.indent == shape.indent)
            && close_below(next).is_some_and(|n| {
                n.line.shape.marker().is_none_or(|m| m.family != marker.family) && !goes_on(n, shape.indent) && n.line.shape.indent <= shape.indent
            })
    }

    /// Short unmarked text that stands apart from the text around it and heads nothing: a
    /// caption (or its source) in brackets, a chart's label, a line of a clipping.
    fn is_picture_text(&self, entry: &Entry, next: Option<&Entry>) -> bool {
        let shape = &entry.line.shape;
        // A caption names; a full stop inside the brackets closes a remark on the line above.
        if shape.bracketed {
            return entry.gap > 0 && shape.chars <= MAX_FRAGMENT_CHARS && !entry.line.body().contains('。');
        }
        let below_figure = self.blocks.last().is_some_and(|b| b.kind == BlockKind::Figure);
        // Right under a label, a short line is the label's text, whatever space follows it.
        let under_a_label = entry.gap == 0 && self.blocks.last().is_some_and(|b| b.kind == BlockKind::Subheading);
        let caption = !under_a_label && (shape.chars <= MAX_CAPTION_CHARS && entry.gap_below >= PICTURE_GAP || names_a_picture(entry));
        // Set apart by blank space alone, a picture's words name things: a line ending on a verb
        // or adjective states, and is the report's own remark. Under a picture's text, or among
        // its words, a line is the picture's whatever it ends on.
        let apart = !shape.ends_predicate && (entry.gap >= PICTURE_GAP || caption);
        is_fragment(entry.line, MAX_FRAGMENT_CHARS)
            && (apart || below_figure || entry.in_run)
            && !next.is_some_and(|n| n.gap == 0 && !is_fragment(n.line, MAX_FRAGMENT_CHARS))
    }

    fn subheading(&mut self, text: String, line: &Line) {
        self.lists.clear();
        self.start(BlockKind::Subheading, None, text, line);
    }

    fn item(&mut self, marker: Marker, text: String, line: &Line) {
        // A dashed consequence or remark (`- ⇒…`, `- ※…`) goes with the list it follows.
        let follows = line.shape.marker().is_some_and(|m| matches!(m.role, Role::Arrow | Role::Note));
        let marker = match self.lists.last() {
            Some(list) if follows && list.indent == line.shape.indent => Marker { family: list.family, rank: list.rank, ..marker },
            _ => marker,
        };
        let level = if self.spells_out(marker, line) {
            self.lists.push(List { family: marker.family, rank: marker.rank, indent: line.shape.indent, by_marker: true, dashed: line.shape.dash });
            u8::try_from(self.lists.len()).unwrap_or(u8::MAX)
        } else {
            self.level(marker, line, marker.rank < DASH.rank && counts_from_one(line))
        };
        self.start(BlockKind::Item, Some(level), text, line);
        self.item_family = Some(marker.family);
    }

    /// A numbering that starts at one directly under an unnumbered item at its indentation, whose
    /// text announces more, spells that item out (「…を策定し、…導入を促進」 over [1] … [6]): the
    /// run nests under it, although a numbering's rank would close the list. An item that ends
    /// its sentence, or on a figure (…高齢化率43.1%), states a fact and announces nothing.
    fn spells_out(&self, marker: Marker, line: &Line) -> bool {
        marker.rank < DASH.rank
            && counts_from_one(line)
            && !self.indented_parents.contains(&line.number)
            && self.item_family.is_some_and(|family| family != marker.family)
            && self.lists.last().is_some_and(|l| Some(l.family) == self.item_family && l.rank >= DASH.rank && l.indent == line.shape.indent)
            && self.blocks.last().is_some_and(|b| {
                b.lines[1] + 1 == line.number && !b.text.ends_with(FULL_STOPS) && !ends_on_a_figure(&b.text)
            })
    }

    /// The level of an item: one deeper than the list it nests in. A marker of an open list's
    /// family, at its indentation, is that list's next item; otherwise the lists that cannot
    /// hold this one close: those indented deeper, and at the same indentation those of a
    /// higher rank. The converter sets the first item of a list nested by its marker at its
    /// parent's indentation, and the next ones, right below, one step in: those are its siblings.
    /// A numbering that counts from one again starts a list of its own: the open list of its
    /// family closes; coming back out of deeper items, see below. A
    /// bullet the converter dashed, right under an item of its own bullet that it left
    /// undashed, was indented in print: it opens a list under that item.
    fn level(&mut self, marker: Marker, line: &Line, restarts: bool) -> u8 {
        let printed = self.set_out.iter().find(|(number, _)| *number == line.number).map(|&(_, indent)| indent);
        let (indent, dashed) = (printed.unwrap_or(line.shape.indent), line.shape.dash);
        let follows_its_first = self.item_family == Some(marker.family);
        // Of two open lists of one family at one indentation (one dashed under an undashed
        // item of the other), an item goes on with the one whose last item its dash matches.
        let of_family = |l: &&List| l.family == marker.family && l.indent == indent;
        let open = if self.nests_by_dash(marker, line) {
            None
        } else {
            let lists = || self.lists.iter().enumerate().rev().filter(|(_, l)| of_family(l));
            lists().find(|(_, l)| l.dashed == dashed).or_else(|| lists().next()).map(|(at, _)| at)
        };
        if let Some(list) = self.lists.last_mut().filter(|l| follows_its_first && l.by_marker && l.family == marker.family && indent > l.indent) {
            list.indent = indent;
            list.by_marker = false;
        } else if let Some(at) = open.filter(|_| !restarts) {
            self.lists.truncate(at + 1);
            if let Some(list) = self.lists.last_mut() {
                list.dashed = dashed;
            }
        } else {
            if let Some(at) = open {
                self.lists.truncate(at);
            }
            let mut came_out = false;
            // A list nested under an item starts from one: a numbering that counts on (④) with
            // no list of its own open goes on with one closed above, not under this item.
            let counts_on = open.is_none() && mark_number(line).is_some_and(|n| n > 1);
            // A list nested by its marker stands right under its parent: two or more blocks of
            // text, pictures or tables set between them (more than the parent's own paragraph
            // or remark) closed the parent's list.
            let after_text = self.blocks.iter().rev().take_while(|b| b.kind != BlockKind::Item).count() >= MIN_BLOCKS_BETWEEN;
            while let Some(list) = self.lists.last() {
                // Back out of deeper items, at the indentation of their parent, an item of
                // its rank is its sibling, not its child: the parent's children are set in.
                let sibling = came_out && indent == list.indent && marker.rank == list.rank;
                let nests_by_marker = indent == list.indent && marker.rank >= list.rank && !counts_on && !after_text;
                if !sibling && (indent > list.indent || nests_by_marker) {
                    break;
                }
                came_out |= list.indent > indent;
                self.lists.pop();
            }
            let by_marker = self.lists.last().is_some_and(|l| l.indent == indent);
            self.lists.push(List { family: marker.family, rank: marker.rank, indent, by_marker, dashed });
        }
        u8::try_from(self.lists.len()).unwrap_or(u8::MAX)
    }

    /// A bullet behind the converter's dash (`- ・`) right under an item of its own bullet
    /// printed without the dash (「・…<具体的には>」), at its indentation: the dash is how the
    /// converter renders a bullet indented in print, so the item nests under the one above.
    /// Under a dashed item of its bullet it is that item's sibling, and so is a bullet without
    /// the dash under a dashed one: the converter leaves the dash off some items of a list.
    /// What counts is the item right above, not the list's first item. A numbering that counts
    /// on (ア) then `- イ)`) is the next item whatever the converter did: only a bullet repeats
    /// the mark of the item above.
    fn nests_by_dash(&self, marker: Marker, line: &Line) -> bool {
        let mark = line.shape.mark.as_ref().and_then(|m| line.body().get(..m.end())).unwrap_or_default();
        line.shape.dash
            && marker.role == Role::Bullet
            && marker.rank >= DASH.rank
            && self.item_family == Some(marker.family)
            && self.lists.last().is_some_and(|l| l.family == marker.family && l.indent == line.shape.indent && !l.dashed)
            && !mark.is_empty()
            && self.blocks.last().is_some_and(|b| b.text.starts_with(mark))
    }

    fn start(&mut self, kind: BlockKind, level: Option<u8>, text: String, line: &Line) {
        let rows = (kind == BlockKind::Table).then(Vec::new);
        self.blocks.push(Block { kind, level, text, rows, lines: [line.number, line.number] });
        self.indent = line.shape.indent;
        self.item_family = None;
        self.mid_sentence = line.shape.ends_mid_sentence;
        self.cut = is_cut(line);
        self.announces = line.body().trim_end().ends_with(':');
        self.bold_title = line.shape.bold_title;
        self.last_chars = line.shape.chars;
        self.label_end = may_end_a_label(line).then_some(line.shape.chars);
    }

    fn join(&mut self, text: String, line: &Line) {
        if let Some(block) = self.blocks.last_mut() {
            join_continuation(&mut block.text, &text);
            block.lines[1] = line.number;
        }
        self.mid_sentence = line.shape.ends_mid_sentence;
        self.cut = is_cut(line);
        self.announces = line.body().trim_end().ends_with(':');
        self.bold_title = line.shape.bold_title;
        self.last_chars = line.shape.chars;
        self.label_end = may_end_a_label(line).then_some(line.shape.chars);
    }

    /// Adds a line to the last block.
    fn extend(&mut self, number: usize) {
        if let Some(block) = self.blocks.last_mut() {
            block.lines[1] = number;
        }
    }

    /// A single blank line inside a run of rows: the row below it has as many cells as the
    /// table's last row and more rows follow it directly, so the page break or the converter
    /// put the blank line there, and the table goes on. A table of its own has a title above.
    fn resumes_table(&self, entry: &Entry, cells: usize, next_is_row: bool) -> bool {
        let rows = self.blocks.last().and_then(|b| b.rows.as_ref());
        entry.gap == 1 && next_is_row && rows.is_some_and(|rows| rows.len() >= MIN_ROWS_BEFORE_A_BREAK && rows.last().is_some_and(|row| row.len() == cells))
    }

    /// A label and its value (「拡張利用領域：駅、…」) right under another such pair of one
    /// line: the picture lists its pairs, each a label of its own.
    fn pairs_with_the_line_above(&self, line: &Line) -> bool {
        // A clock time (10:00) is no label.
        let is_pair = |text: &str| {
            // Clean text is NFKC: a full-width colon is `:` already.
            text.split_once(':')
                .is_some_and(|(label, value)| !label.is_empty() && !label.ends_with(|c: char| c.is_ascii_digit()) && !value.trim().is_empty())
        };
        is_pair(line.body()) && self.blocks.last().is_some_and(|b| b.lines[0] == b.lines[1] && is_pair(&b.text))
    }

    fn add_row(&mut self, number: usize, cells: Vec<String>) {
        self.extend(number);
        if let Some(block) = self.blocks.last_mut() {
            block.rows.get_or_insert_with(Vec::new).push(cells);
        }
    }

    /// A line inside a Markdown row whose cell wrapped: its text up to the first `|` goes on
    /// with the open cell, and every `|` opens the next cell; a closing `|` ends the row.
    fn continue_row(&mut self, line: &Line, repairer: &Repairer) {
        self.extend(line.number);
        let text = line.text();
        self.open_row = !text.ends_with('|');
        let Some(row) = self.blocks.last_mut().and_then(|b| b.rows.as_mut()).and_then(|rows| rows.last_mut()) else { return };
        let mut pieces = text.strip_suffix('|').unwrap_or(text).split('|').map(|p| repairer.line(p.trim(), line.number, &mut self.repairs));
        if let (Some(first), Some(cell)) = (pieces.next(), row.last_mut())
            && !first.is_empty()
        {
            if !cell.is_empty() {
                cell.push('\n');
            }
            cell.push_str(&first);
        }
        row.extend(pieces);
    }

    /// The blocks, with each table's text made from its rows.
    fn finish(mut self) -> (Vec<Block>, Repairs) {
        for block in &mut self.blocks {
            if let Some(rows) = &block.rows {
                block.text = rows.iter().map(|cells| cells.join("\t")).collect::<Vec<_>>().join("\n");
            }
        }
        (self.blocks, self.repairs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::classify::classify;
    use crate::extract::read::read_source;

    fn build(text: &str) -> Vec<Section> {
        let lines = classify(read_source("t.txt", text.as_bytes()).unwrap());
        let span = ReportSpan { first: 0, last: lines.len() - 1 };
        sections(&lines, span, &BTreeSet::new(), &Repairer::default()).value
    }

    fn kinds(section: &Section) -> Vec<(BlockKind, Option<u8>, &str)> {
        section.blocks.iter().map(|b| (b.kind, b.level, b.text.as_str())).collect()
    }

    /// The kinds of the blocks of a text's first section.
    fn kinds_of(text: &str) -> Vec<BlockKind> {
        build(text)[0].blocks.iter().map(|b| b.kind).collect()
    }

    /// The item levels of the blocks of a text's first section.
    fn levels(text: &str) -> Vec<Option<u8>> {
        build(text)[0].blocks.iter().map(|b| b.level).collect()
    }

    use BlockKind::{Debris, Figure, Item, Paragraph, Subheading, Table};

    /// A logo's further lines join it; a logo line right under text starts a picture of its own.
    #[test]
    fn only_a_logo_line_takes_the_logo_line_under_it() {
        let s = build("今後の展開\n地域の魅力を発信する\nSANJO CITY\nSUSTAINABLE DEVELOPMENT GOALS\n");
        assert_eq!(kinds(&s[0]), [(Paragraph, None, "地域の魅力を発信する"), (Figure, None, "SANJO CITY SUSTAINABLE DEVELOPMENT GOALS")]);
    }

    #[test]
    fn converter_dashes_become_item_levels() {
        let s = build("派遣先市町村の課題\n\n- 人材確保\n - ・相談会の開催\n");
        assert_eq!(kinds(&s[0]), [(Item, Some(1), "人材確保"), (Item, Some(2), "・相談会の開催")]);
    }

    #[test]
    fn levels_follow_the_marker_hierarchy_and_restart_under_a_subheading() {
        let s = build("課題に対する取組状況\n(1) 販路拡大\n- ①ふるさと納税\n - ・返礼品数増\n- ②催事販売\n(2) 観光\n○次\n- a\n- ・b\n- c\n");
        let levels: Vec<Option<u8>> = s[0].blocks.iter().map(|b| b.level).collect();
        assert_eq!(levels, [Some(1), Some(2), Some(3), Some(2), Some(1), None, Some(1), Some(2), Some(1)]);
    }

    #[test]
    fn a_list_nested_by_its_marker_keeps_its_items_indented_one_step_in() {
        let s = build("今後の展開\n- 庁舎機能の再編\n- ・総合窓口を創設\n - ・庁舎と図書館を複合化\n - ・文化会館を改修\n- 宿泊施設の誘致\n");
        let levels: Vec<Option<u8>> = s[0].blocks.iter().map(|b| b.level).collect();
        assert_eq!(levels, [Some(1), Some(2), Some(2), Some(2), Some(1)]);
        // Nested by indentation, a deeper item is a child.
        let s = build("今後の展開\n- 庁舎機能の再編\n - ・総合窓口を創設\n   - ・相談窓口\n");
        let levels: Vec<Option<u8>> = s[0].blocks.iter().map(|b| b.level).collect();
        assert_eq!(levels, [Some(1), Some(2), Some(3)]);
    }

    #[test]
    fn back_out_of_deeper_items_an_item_of_its_parents_rank_is_the_parents_sibling() {
        let back_out = levels("派遣先市町村の課題\n- ・人口は2割減の推計\n - ⇒移住促進が必要\n- 指針がない\n- ・ICTの利活用が必要\n - ⇒指針の提示が必要\n");
        assert_eq!(back_out, [Some(1), Some(2), Some(1), Some(2), Some(3)]);
        // Right under the item, a dash of its rank at its indentation is its child.
        let under = levels("派遣先市町村の課題\n- ・積極的に町外と連携\n- 先進自治体\n - 研究所\n");
        assert_eq!(under, [Some(1), Some(2), Some(2)]);
        // An item of another rank still nests under a numbering after its deeper items.
        let numbered = levels("派遣先市町村の課題\n(1) 販路拡大\n - ・返礼品数増\n- ・催事販売\n");
        assert_eq!(numbered, [Some(1), Some(2), Some(2)]);
    }

    #[test]
    fn items_set_at_the_margin_between_numbers_of_a_deeper_list_are_the_numbered_items_children() {
        // ② comes after them at ①'s indentation: ①'s list never closed. After ③, the last
        // number, the run follows the pattern the section set.
        let set_out = levels("今後の展開\n- 脱炭素の推進\n - ①勉強会の開催\n- 基礎から説明\n - ②市民WSの支援\n- 市民を巻き込む\n- 講話を実施\n - ③計画の策定\n- 実行計画を策定予定\n");
        assert_eq!(set_out, [Some(1), Some(2), Some(3), Some(2), Some(3), Some(3), Some(2), Some(3)]);
        // No next number after them: the list may have closed, and they are the outer list's.
        let closed = levels("今後の展開\n- 脱炭素の推進\n - ①勉強会の開催\n- 市民向けの取組\n");
        assert_eq!(closed, [Some(1), Some(2), Some(1)]);
        // A number that does not count on (① then ③) is no sibling that shows the list open.
        let skipped = levels("今後の展開\n- 脱炭素の推進\n - ①勉強会の開催\n- 市民向けの取組\n - ③計画の策定\n");
        assert_eq!(skipped[2], Some(1));
    }

    #[test]
    fn a_lone_nado_under_the_last_of_a_marks_lines_heads_nothing() {
        let kinds_of = |text: &str| build(text)[0].blocks.iter().map(|b| (b.kind, b.level)).collect::<Vec<_>>();
        let listed = kinds_of("今後の展開\n○ DX推進計画の策定\n\n○ 人材育成の検討\n\nなど\n");
        assert_eq!(listed, [(Item, Some(1)), (Item, Some(1)), (Paragraph, None)]);
        // Where a line of the mark heads text of its own, its siblings are subheadings still.
        let headed = kinds_of("今後の展開\n○ DX推進計画の策定\n\n来年度に計画を策定する。\n\n○ 人材育成の検討\n\nなど\n");
        assert_eq!(headed[..3], [(Subheading, None), (Paragraph, None), (Subheading, None)]);
        // Words that go on after など are text of their own.
        let text = kinds_of("今後の展開\n○ DX推進計画の策定\n\n○ 人材育成の検討\n\nなどに取り組む\n");
        assert_eq!(text[..2], [(Subheading, None), (Subheading, None)]);
    }

    #[test]
    fn a_heading_mark_whose_lines_head_their_next_sibling_and_lists_lists_with_children() {
        let kinds_of = |text: &str| build(text)[0].blocks.iter().map(|b| (b.kind, b.level)).collect::<Vec<_>>();
        let listed = kinds_of("取組にあたっての苦労・成功体験\n○空き家活用の検討会\n\n○集落点検の調査\n\n○学び合いの場の提供\n・授業を担当\n・講義\n");
        assert_eq!(listed, [(Item, Some(1)), (Item, Some(1)), (Item, Some(1)), (Item, Some(2)), (Item, Some(2))]);
        // Each line of the mark over a list of its own, none over its sibling: subheadings.
        let headings = kinds_of("取組にあたっての苦労・成功体験\n○人材不足への対応\n・交付金を活用\n・他部署と連携\n\n○知識不足の改善\n・普及割合で差\n・危機感の共有\n");
        assert_eq!(headings, [(Subheading, None), (Item, Some(1)), (Item, Some(1)), (Subheading, None), (Item, Some(1)), (Item, Some(1))]);
    }

    #[test]
    fn a_heading_mark_indented_under_an_item_over_the_next_outer_item_is_a_child() {
        let kinds_of = |text: &str| build(text)[0].blocks.iter().map(|b| (b.kind, b.level)).collect::<Vec<_>>();
        let children = kinds_of("今後の展開\n- ②農家女性の技活用\n ♦ごちそうBOOK制作\n ♦CFクッキング\n\n- ③学び合いの場づくり\n ♦キャリアデザイン講義\n");
        assert_eq!(children, [(Item, Some(1)), (Item, Some(2)), (Item, Some(2)), (Item, Some(1)), (Item, Some(2))]);
        // Over a list set at its own indentation or deeper, it heads that list.
        let heading = kinds_of("今後の展開\n ♦ごちそうBOOK制作\n - ・試作品の開発\n");
        assert_eq!(heading, [(Subheading, None), (Item, Some(1))]);
    }

    #[test]
    fn a_dashed_bullet_under_an_undashed_item_of_its_bullet_nests_under_it() {
        let nested = levels("取組にあたっての苦労・成功体験\n・役割を確認。<具体的には>\n\n- ・協力者を見つける\n- ・担当者と読み合わせ\n・研修を監修\n");
        assert_eq!(nested, [Some(1), Some(2), Some(2), Some(1)]);
        // Under a dashed item of its bullet, a dashed bullet is its sibling, and so is one
        // without the dash; after text between them, it goes on with the list.
        let siblings = levels("取組にあたっての苦労・成功体験\n- ・協力者を見つける\n- ・担当者と読み合わせ\n\n・人手の不足\n");
        assert_eq!(siblings, [Some(1), Some(1), Some(1)]);
        let after_text = levels("取組にあたっての苦労・成功体験\n・人手が足りない。\n担当課の所掌範囲が広い。\n- ・研修を監修\n");
        assert_eq!(after_text, [Some(1), None, Some(1)]);
        // A numbering that counts on is the next item, dashed or not.
        let counting_on = levels("取組にあたっての苦労・成功体験\nア) 協力者を見つける\n- イ) 担当者と読み合わせ\n");
        assert_eq!(counting_on, [Some(1), Some(1)]);
        // What counts is the item right above, dashed or not, whatever the list's first item.
        let in_a_dashed_list = levels("取組にあたっての苦労・成功体験\n- ・協力者を見つける\n・人手が足りない。\n- ・所掌範囲が広い。\n- ・研修を監修\n・予算の不足\n");
        assert_eq!(in_a_dashed_list, [Some(1), Some(1), Some(2), Some(2), Some(1)]);
    }

    #[test]
    fn a_numbering_from_one_under_an_unnumbered_item_spells_it_out() {
        let spelled = levels("課題に対する取組状況\n- ロードマップを策定し、導入を促進\n- [1] 課題をヒアリング\n- [2] 実証実験を支援\n- 研修を実施\n");
        assert_eq!(spelled, [Some(1), Some(2), Some(2), Some(1)]);
        // An item that ends its sentence announces nothing: the numbering closes its list.
        let closed = levels("課題に対する取組状況\n- ロードマップを策定した。\n- [1] 課題をヒアリング\n- [2] 実証実験を支援\n");
        assert_eq!(closed, [Some(1), Some(1), Some(1)]);
        let a_figure = levels("課題に対する取組状況\n- 人口は5,144人に減少、高齢化率43.1%\n- ①自然災害への対応\n- ②耕作放棄地の拡大\n");
        assert_eq!(a_figure, [Some(1), Some(1), Some(1)]);
        // Set apart by a blank line, the numbering starts a list of its own.
        let apart = levels("課題に対する取組状況\n- 計画を検討\n\n- ①活動方針の策定\n- ②研修の実施\n");
        assert_eq!(apart, [Some(1), Some(1), Some(1)]);
        // Counting from one again after text of its own, a numbering starts a list of its own.
        let again = levels("課題に対する取組状況\n- 導入を促進\n- [1] 課題を整理\n- [2] 実験を支援\n\n計画を策定した。\n\n- [1] 観光の整備\n");
        assert_eq!(again, [Some(1), Some(2), Some(2), None, Some(1)]);
        // A numbering that goes on from an earlier item spells nothing out.
        let going_on = levels("課題に対する取組状況\n- 導入を促進\n- [3] 計画を策定\n- [4] 研修を実施\n");
        assert_eq!(going_on, [Some(1), Some(1), Some(1)]);
    }

    #[test]
    fn a_numbering_with_its_own_items_set_in_under_it_is_printed_at_the_items_level() {
        // The converter shows nesting by indentation here: ① at the theme's margin is its sibling.
        let siblings = levels("課題に対する取組状況\n- 地域資源の磨き上げと観光の力の活用\n- ①医療ツーリズムの推進\n - ・検診のプログラム\n- ②川のアクティビティ開発\n - ・和船の復活\n");
        assert_eq!(siblings, [Some(1), Some(1), Some(2), Some(1), Some(2)]);
        // With no items set in under the numbers, the numbering spells the theme out.
        let spelled = levels("課題に対する取組状況\n- 地域資源の磨き上げと観光の力の活用\n- ①医療ツーリズムの推進\n- ②川のアクティビティ開発\n");
        assert_eq!(spelled, [Some(1), Some(2), Some(2)]);
    }

    #[test]
    fn a_numbering_that_counts_on_under_an_item_of_another_family_is_not_its_child() {
        let counts_on = levels("今後の展開\n○環境を変更した。\n\n- ・活動を引き継ぎたい。\n\n④地域企業との取り組み\n\n- ・防災協定\n\n⑤道の駅の活性化\n");
        assert_eq!(counts_on, [Some(1), Some(2), Some(1), Some(2), Some(1)]);
        // A numbering from one under the item is its list, and counts on inside it.
        let from_one = levels("今後の展開\n○環境を変更した。\n①地域企業との取り組み\n②道の駅の活性化\n");
        assert_eq!(from_one, [Some(1), Some(2), Some(2)]);
        // Indented under the item, even a numbering that counts on is its child.
        let indented = levels("今後の展開\n- 環境を変更した。\n - ④地域企業との取り組み\n");
        assert_eq!(indented, [Some(1), Some(2)]);
    }

    #[test]
    fn a_dashed_heading_mark_heads_the_undashed_bullets_below_it() {
        let s = build("派遣先市町村の課題\n- ○行政サービスの転換\n・財政状況の悪化\n・改革の必要性\n");
        assert_eq!(kinds(&s[0]), [(Subheading, None, "○行政サービスの転換"), (Item, Some(1), "・財政状況の悪化"), (Item, Some(1), "・改革の必要性")]);
    }

    #[test]
    fn where_a_sections_dashed_heading_marks_are_items_one_over_indented_bullets_is_an_item_too() {
        let s = build("課題に対する取組状況\n👉 業務DX\n\n- ◆研修会を実施\n\n- ◆点検のデモ\n\n👉 スキル向上\n\n- ◆スマート教室を開催、133名が参加\n - ・基本操作\n");
        let items: Vec<_> = kinds(&s[0]).into_iter().filter(|(kind, ..)| *kind != Subheading).collect();
        assert_eq!(items, [(Item, Some(1), "◆研修会を実施"), (Item, Some(1), "◆点検のデモ"), (Item, Some(1), "◆スマート教室を開催、133名が参加"), (Item, Some(2), "・基本操作")]);
        // Where one dashed line alone heads nothing, the others head their bullets.
        let s = build("課題に対する取組状況\n- ◆業務DX\n - ・研修会\n- ◆スキル向上\n - ・スマート教室\n- ◆農業\n");
        let kinds: Vec<_> = s[0].blocks.iter().map(|b| (b.kind, b.level)).collect();
        assert_eq!(kinds, [(Subheading, None), (Item, Some(1)), (Subheading, None), (Item, Some(1)), (Item, Some(1))]);
    }

    #[test]
    fn a_heading_mark_over_its_text_ending_on_a_full_stop_heads_it_like_its_siblings() {
        let like_siblings = kinds_of("取組にあたっての苦労・成功体験\n\n○ 何もないといった思い込み。\n\n知ってもらう試みが不足している。\n\n○ 声の打破\n\nSNSで発信している。\n");
        assert_eq!(like_siblings, [Subheading, Paragraph, Subheading, Paragraph]);
        // Where no line of its mark heads text, a marked sentence is an item.
        let no_heading_siblings = kinds_of("取組にあたっての苦労・成功体験\n\n○ 何もないといった思い込み。\n\n知ってもらう試みが不足している。\n\n○ 発信した。\n");
        assert_eq!(no_heading_siblings, [Item, Paragraph, Item]);
        // Two sentences are a statement; a bracketed aside below spells the line out.
        let statements = kinds_of("取組にあたっての苦労・成功体験\n\n○ 声の打破\n\nSNSで発信している。\n\n○ 定例会で意見交換。方向性を助言。\n\n活用事例を紹介。\n\n○ 提案を実施。\n\n(スマホ教室の実施)\n");
        assert_eq!(statements[..4], [Subheading, Paragraph, Item, Paragraph]);
        assert_eq!(statements[4], Item);
    }

    #[test]
    fn a_numbering_over_labels_that_head_their_parts_titles_pages() {
        let kinds_of = |text: &str| build(text)[0].blocks.iter().map(|b| (b.kind, b.level)).collect::<Vec<_>>();
        let pages = kinds_of("今後の展開\n\n①公式LINEの拡充\n\n取組内容\n\n- 市民との接点として位置づけ\n\n課題等\n\n- 友達登録の促進\n\n②オンライン化の推進\n\nオンライン申請率は50%となりました。\n");
        let (subheading, item) = ((Subheading, None), (Item, Some(1)));
        assert_eq!(pages, [subheading, subheading, item, subheading, item, subheading, (Paragraph, None)]);
        // Over paragraphs alone, a numbering is a list of items with their text.
        let items = kinds_of("取組にあたっての苦労・成功体験\n\n1. ふるさと納税\n\n返礼品構成の脱却を図るも改善につながらず。\n\n2. 催事販売\n\n手数料などで赤字となった。\n");
        assert_eq!(items, [item, (Paragraph, None), item, (Paragraph, None)]);
        // The rest of a wrapped sentence is no label, however short.
        let wrapped = kinds_of("課題に対する取組状況\n\n①スマートシティの構築\n\n都市OSを導入。活力の\n\nある魅力的な市を目指しサービスをスタート\n\n・都市OSを整備し防災、\n\n観光情報を提供\n\n・データを分析\n\n②災害情報共有システム\n\nシステムを導入した。\n");
        assert_eq!(wrapped[0], item);
    }

    #[test]
    fn a_numbering_whose_part_holds_a_heading_mark_titles_its_parts() {
        let kinds_of = |text: &str| build(text)[0].blocks.iter().map(|b| (b.kind, b.level)).collect::<Vec<_>>();
        let titles = kinds_of("取組にあたっての苦労・成功体験\n1. 取組の苦労、課題など\n\n- 市長交代による方針転換\n - ・積み上げた取組\n\n○関係者の啓蒙活動\n\n- ・市民の理解\n\n2. 成功体験など\n\n- 地域の理解者ができた\n");
        assert_eq!(titles[..3], [(Subheading, None), (Item, Some(1)), (Item, Some(2))]);
        assert_eq!(titles[5..], [(Subheading, None), (Item, Some(1))]);
        // A heading mark after the last number, or between numberings that start again, is
        // no part of a number: the numbers stay items.
        let items = kinds_of("課題に対する取組状況\n①規格外野菜の販売\n\n②返礼品の規格を示教\n\n○規格外野菜は2年目も継続\n\n・総出荷実績\n");
        assert_eq!(items[..2], [(Item, Some(1)), (Item, Some(1))]);
        let restarts = kinds_of("課題に対する取組状況\n①経済効果の最大化\n\n②地域課題への貢献\n\n○重点施策\n\n①周遊滞在\n\n・交通情報のDX\n");
        assert_eq!(restarts[..2], [(Item, Some(1)), (Item, Some(1))]);
    }

    #[test]
    fn text_of_its_own_between_an_item_and_a_list_of_lower_rank_closes_the_items_list() {
        let closed = levels("今後の展開\n✿ 地域に入って学んだことを生かす。\n\n✿ よそ者として関わった。\n\nそこで感じたことがある。\n\n行政と地域の取組には違いがある。\n\n- 1》顔見知りになる\n- 2》何度も聞きまわる\n");
        assert_eq!(closed, [Some(1), Some(1), None, None, Some(1), Some(1)]);
        // The item's own paragraph, or a remark, between them: the list nests under the item.
        let nested = levels("今後の展開\n①スマートシティの構築\n\n交付金を活用し整備した。\n\n・都市OSを整備\n・データを提供\n");
        assert_eq!(nested, [Some(1), None, Some(2), Some(2)]);
    }

    #[test]
    fn a_bullet_of_an_open_list_is_its_next_item_after_deeper_items() {
        let s = build("派遣先市町村の課題\n- ・人口の減少\n\n—総人口は横ばい\n\n・地区による格差\n\n—北部で高い比率\n");
        let levels: Vec<(BlockKind, Option<u8>)> = s[0].blocks.iter().map(|b| (b.kind, b.level)).collect();
        assert_eq!(levels, [(Item, Some(1)), (Item, Some(2)), (Item, Some(1)), (Item, Some(2))]);
    }

    #[test]
    fn heading_marks_that_head_nothing_but_one_another_are_a_list() {
        let s = build("今後の展開\n\n○推進計画の作成と実行\n\n○地域経済循環システムの構築\n\n○事業の着実な立上げ\n");
        assert_eq!(s[0].blocks.iter().map(|b| (b.kind, b.level)).collect::<Vec<_>>(), [(Item, Some(1)); 3]);
        // Where one of them heads text, the one with nothing under it is its sibling subheading.
        let s = build("今後の展開\n\n○推進計画の作成\n\n・庁内会議の運営\n・外部会議の運営\n\n○第2期の検討\n");
        assert_eq!(s[0].blocks.iter().map(|b| (b.kind, b.level)).collect::<Vec<_>>(), [(Subheading, None), (Item, Some(1)), (Item, Some(1)), (Subheading, None)]);
    }

    #[test]
    fn a_long_marked_line_heads_only_a_label_of_its_own() {
        let long = "○住み続けたいと思えるまちに向けたデジタルを活用した利便性向上及び住民参画の促進に向けたロードマップの策定と運用、地域の事業者と住民による共創の場づくりと実証事業の展開";
        let s = build(&format!("課題に対する取組状況\n\n{long}\n\n主な施策・事業\n\n①公共交通の最適化\n"));
        assert_eq!(s[0].blocks.iter().map(|b| (b.kind, b.level)).collect::<Vec<_>>(), [(Subheading, None), (Subheading, None), (Item, Some(1))]);
        let s = build(&format!("課題に対する取組状況\n\n{long}\n\n各課へのヒアリングで課題を抽出し、優先順位を決めた。\n"));
        assert_eq!(s[0].blocks.iter().map(|b| b.kind).collect::<Vec<_>>(), [Item, Paragraph]);
    }

    #[test]
    fn short_phrases_opening_a_section_over_its_subheadings_are_its_mottos() {
        let section = |top: &str| build(&format!("課題に対する取組状況\n{top}\n\n○観光振興計画の策定\n\n計画を策定した。\n"));
        let s = section("次世代へ繋ぐ持続可能な土台作り\n地元住民を動かす新たな取り組み");
        assert_eq!(
            kinds(&s[0])[..3],
            [(Subheading, None, "次世代へ繋ぐ持続可能な土台作り"), (Subheading, None, "地元住民を動かす新たな取り組み"), (Subheading, None, "○観光振興計画の策定")]
        );
        // A name or a logo's text is no phrase; a broken-off line is a sentence's beginning.
        assert_eq!(section("スマートシティYAIZU")[0].blocks[0].kind, Paragraph);
        assert_eq!(kinds(&section("観光の振興のために")[0])[0], (Paragraph, None, "観光の振興のために"));
    }

    #[test]
    fn a_middle_dot_at_a_line_start_with_no_list_around_joins_a_wrapped_compound() {
        let section = |more: &str| build(&format!("取組にあたっての苦労・成功体験\n(苦労) 計画で設定した取組方針に対し、各課の進捗の把握が難しい。\n\n(取組) 各課との定期的なディスカッション\n・相談会を実施\n{more}"));
        assert_eq!(kinds(&section("")[0])[1], (Paragraph, None, "(取組) 各課との定期的なディスカッション・相談会を実施"));
        // With a sibling, the dot opens a list under its label.
        assert_eq!(section("・研修会を実施\n")[0].blocks.iter().map(|b| b.kind).collect::<Vec<_>>(), [Paragraph, Subheading, Item, Item]);
    }

    #[test]
    fn a_line_ending_on_the_compound_noun_zukuri_is_finished_but_a_conjunctive_ri_goes_on() {
        let s = build("派遣先市町村の課題\n- 避難指示エリアを残した状態での賑わいづくり\n帰還する住民と移住者という組み合わせでの復興計画の推進が課題。\n");
        assert_eq!(s[0].blocks.iter().map(|b| b.kind).collect::<Vec<_>>(), [Item, Paragraph]);
        let s = build("派遣先市町村の課題\n- まちづくり会社が事業を継続しており\n経営の強化と事業領域の見直しが課題。\n");
        assert_eq!(s[0].blocks.iter().map(|b| b.kind).collect::<Vec<_>>(), [Item]);
    }

    #[test]
    fn a_line_cut_mid_sentence_continues_its_block() {
        let s = build("今後の展開\n- 大都市のハローワークで、移住相談会を\n実施した。\n");
        assert_eq!(kinds(&s[0]), [(Item, Some(1), "大都市のハローワークで、移住相談会を実施した。")]);
    }

    #[test]
    fn a_whole_sentence_more_than_twice_as_long_as_the_line_above_does_not_go_on_with_it() {
        let s = build("課題に対する取組状況\n- 「美食の街」の実現に向けて\n派遣以前に市が行っていた、有名シェフの誘致による食材・料理レベルの向上に加え、以下の観点における取組を実施。\n");
        assert_eq!(kinds(&s[0]), [(Item, Some(1), "「美食の街」の実現に向けて"), (Paragraph, None, "派遣以前に市が行っていた、有名シェフの誘致による食材・料理レベルの向上に加え、以下の観点における取組を実施。")]);
        // A wrapped line, or one that stops where no label does (、 の を, は が), goes on.
        let s = build("課題に対する取組状況\n- 大都市のハローワークと連携して\n移住相談会を実施した。\n");
        assert_eq!(kinds(&s[0]), [(Item, Some(1), "大都市のハローワークと連携して移住相談会を実施した。")]);
        let s = build("課題に対する取組状況\n- 移住相談会の開催を\n大都市のハローワークと連携して、年に四回、県外の会場で実施した。\n");
        assert_eq!(s[0].blocks.len(), 1);
        let s = build("課題に対する取組状況\n本事業については\n大都市のハローワークと連携して、年に四回、県外の会場で実施した。\n");
        assert_eq!(s[0].blocks.len(), 1);
    }

    #[test]
    fn a_sentence_goes_on_across_a_blank_line_after_what_cannot_end_it() {
        let s = build("今後の展開\n全部署へのヒアリングを実施\n実施にあたっては仮説設定のために\n\n有識者に課題を伺った。\n");
        assert_eq!(kinds(&s[0]), [(Paragraph, None, "全部署へのヒアリングを実施"), (Paragraph, None, "実施にあたっては仮説設定のために有識者に課題を伺った。")]);
        let s = build("今後の展開\n全部署へのヒアリングを実施\n人が人を呼ぶまちづくり\n\n有識者に課題を伺った。\n");
        assert_eq!(s[0].blocks.len(), 3);
    }

    #[test]
    fn a_new_statement_starts_a_new_block_without_a_full_stop_above() {
        let s = build("今後の展開\nまちづくりを積極的に推進\n具体的には、施策に反映。\n");
        assert_eq!(kinds(&s[0]), [(Paragraph, None, "まちづくりを積極的に推進"), (Paragraph, None, "具体的には、施策に反映。")]);
    }

    #[test]
    fn a_short_line_under_a_bold_title_between_sibling_items_is_a_paragraph_of_its_own() {
        let kinds_of = |text: &str| build(text)[0].blocks.iter().map(|b| (b.kind, b.lines)).collect::<Vec<_>>();
        let titled = kinds_of("課題に対する取組状況\n- 持続可能な古民家再生研究事業の実証プロジェクト**\n大学生が古民家を再生\n- フードロス削減プロジェクト**\n");
        assert_eq!(titled, [(Item, [2, 2]), (Paragraph, [3, 3]), (Item, [4, 4])]);
        // Without the bold, or under a colon, the line is the rest of the item.
        let broken = kinds_of("課題に対する取組状況\n- 持続可能な古民家再生研究事業の実証プロジェクト\n大学生が古民家を再生\n- フードロス削減プロジェクト\n");
        assert_eq!(broken, [(Item, [2, 3]), (Item, [4, 4])]);
    }

    #[test]
    fn indented_and_bracketed_lines_continue_the_item() {
        let s = build("今後の展開\n- 地域商社の財源\n\u{3000}役割:ふるさと納税\n");
        assert_eq!(kinds(&s[0]), [(Item, Some(1), "地域商社の財源役割:ふるさと納税")]);
        let s = build("今後の展開\n・交流会の開催\n(移住者と農家女性)\n");
        assert_eq!(kinds(&s[0]), [(Item, Some(1), "・交流会の開催(移住者と農家女性)")]);
    }

    #[test]
    fn a_marked_sentence_is_an_item_and_a_marked_label_a_subheading() {
        let s = build("取組にあたっての苦労・成功体験\n○研修会を複数開催。\n○村民への説明\n★商社自立に向けて\n<第1回ワークショップ>\n");
        assert_eq!(
            kinds(&s[0]),
            [(Item, Some(1), "○研修会を複数開催。"), (Subheading, None, "○村民への説明"), (Subheading, None, "★商社自立に向けて"), (Subheading, None, "<第1回ワークショップ>")]
        );
    }

    #[test]
    fn a_short_line_between_sibling_items_is_the_rest_of_the_first() {
        let s = build("今後の展開\n- 2023年5月 準備室立ち上げ\n共創パートナ参加\n- 2023年9月 コンソーシアム立ち上げ\n");
        assert_eq!(kinds(&s[0]), [(Item, Some(1), "2023年5月 準備室立ち上げ共創パートナ参加"), (Item, Some(1), "2023年9月 コンソーシアム立ち上げ")]);
        // Wrapped text fills its lines: a line longer than the short item above is no rest of it.
        let s = build("派遣先市町村の課題\n- 若い世代の定住\n大学生の市内への引き留め、子育て層の定住\n- 子育て支援の充実\n");
        assert_eq!(kinds(&s[0]), [(Item, Some(1), "若い世代の定住"), (Paragraph, None, "大学生の市内への引き留め、子育て層の定住"), (Item, Some(1), "子育て支援の充実")]);
    }

    #[test]
    fn bracketed_lines_are_labels_captions_or_spell_out_the_line_above() {
        let s = build("課題に対する取組状況\n(高畠町の取組)\n\n- 新庁舎移転\n\n○スマホ教室のご提案\n\n(スマホ教室の実施、キャッシュレスの導入)\n\n本文。\n\n(全国農業新聞)\n");
        assert_eq!(
            kinds(&s[0]),
            [
                (Subheading, None, "(高畠町の取組)"),
                (Item, Some(1), "新庁舎移転"),
                (Subheading, None, "○スマホ教室のご提案(スマホ教室の実施、キャッシュレスの導入)"),
                (Paragraph, None, "本文。"),
                (Figure, None, "(全国農業新聞)"),
            ]
        );
    }

    #[test]
    fn a_bracketed_question_heads_its_answer_and_a_second_bracketed_label_its_list() {
        let s = build("課題に対する取組状況\n\n（苦労した点や、それをどのように乗り越えたのか）\n\n・担当者と読み合わせ。\n");
        assert_eq!(kinds(&s[0]), [(Subheading, None, "(苦労した点や、それをどのように乗り越えたのか)"), (Item, Some(1), "・担当者と読み合わせ。")]);
        let s = build("課題に対する取組状況\n(高畠町の取組)\n\n- 新庁舎移転\n\n(派遣者自身の取組)\n\n- 説明会の実施\n");
        assert_eq!(
            kinds(&s[0]),
            [(Subheading, None, "(高畠町の取組)"), (Item, Some(1), "新庁舎移転"), (Subheading, None, "(派遣者自身の取組)"), (Item, Some(1), "説明会の実施")]
        );
        // Under a list no bracketed label heads, a blank line apart, it is the item's caption.
        let s = build("今後の展開\n・データを分析。\n\n（データ分析サイト）\n\n・指標を収集。\n");
        assert_eq!(kinds(&s[0]), [(Item, Some(1), "・データを分析。"), (Figure, None, "(データ分析サイト)"), (Item, Some(1), "・指標を収集。")]);
    }

    #[test]
    fn a_bracketed_remark_a_blank_line_under_a_finished_sentence_is_a_paragraph_of_its_own() {
        let s = build("今後の展開\n○ 拠点の整備を実施。\n\n(今年度は、施設整備を実施。)\n\n○ ツールを選択。\n\n(環境構築、コミュニケーションツールなど)\n");
        assert_eq!(
            kinds(&s[0]),
            [
                (Item, Some(1), "○ 拠点の整備を実施。"),
                (Paragraph, None, "(今年度は、施設整備を実施。)"),
                (Item, Some(1), "○ ツールを選択。"),
                (Paragraph, None, "(環境構築、コミュニケーションツールなど)"),
            ]
        );
        // Under a sentence left open, a bracketed list a blank line below still spells it out.
        let s = build("今後の展開\n○ ツールの選択\n\n(環境構築、コミュニケーションツールなど)\n");
        assert_eq!(kinds(&s[0]), [(Subheading, None, "○ ツールの選択(環境構築、コミュニケーションツールなど)")]);
    }

    #[test]
    fn a_line_wholly_in_double_corner_brackets_titles_what_follows_but_a_quoted_name_in_a_sentence_does_not() {
        let s = build("課題に対する取組状況\n『推進体制(3つのグループを構築)』\n\n※目標の達成率を助言\n\n『広報誌』を毎月発行し、取組を周知した\n");
        assert_eq!(
            kinds(&s[0]),
            [
                (Subheading, None, "『推進体制(3つのグループを構築)』"),
                (Paragraph, None, "※目標の達成率を助言"),
                (Paragraph, None, "『広報誌』を毎月発行し、取組を周知した"),
            ]
        );
    }

    #[test]
    fn a_short_label_right_over_its_text_is_its_subheading() {
        let s = build("今後の展開\nデジタル人材の育成\nアドバイザーの伴走型支援体制の確立にて地域社会の活性化を促す\n");
        assert_eq!(s[0].blocks.iter().map(|b| b.kind).collect::<Vec<_>>(), [Subheading, Paragraph]);
    }

    #[test]
    fn finished_statements_without_the_sections_full_stop_over_their_details_are_subheadings() {
        let section = |second: &str| {
            format!(
                "取組にあたっての苦労・成功体験\n\n職員に話を聞きました\n当初3ヶ月で20人の話を聞きました。\n課長に人選を指定してもらい面談\n\n\
                 {second}\n毎回、打合せ資料を作成しました。\n\n一方、町の歴史を直接何度も聞きました\n"
            )
        };
        let s = kinds_of(&section("町長と話をしました"));
        assert_eq!(s, [Subheading, Paragraph, Paragraph, Subheading, Paragraph, Paragraph]);
        // One such line alone may be a sentence whose 。 was lost: a paragraph.
        let s = kinds_of(&section("町長と話をした。"));
        assert_eq!(s, [Paragraph, Paragraph, Paragraph, Paragraph, Paragraph, Paragraph]);
        // A writer who ends no sentence with 。 marks no heading by leaving it off.
        let s = kinds_of(
            "取組にあたっての苦労・成功体験\n\n役場の中で、いろいろな職員に話を聞きました\n当初3ヶ月間、隔週の滞在ごとに3~5人の話を聞きました\n\n\
             町長と滞在期間ごとに、話をしました\nできるだけ町長と話をし、ブランドの基礎をレクチャーしました\n",
        );
        assert_eq!(s, [Paragraph; 4]);
    }

    #[test]
    fn where_labels_head_lists_a_label_of_that_shape_heads_text_in_nouns_too() {
        let text = "国内外に通用する島のブランディング\n\n生物多様性、世界農業遺産、ジオパークに代表される多様な自然環境を中心とした魅力創出、情報発信\n";
        let s = kinds_of(&format!("今後の展開\n{text}\n自然・文化と調和した観光の形成\n\n・環境保全活動の推進\n・伝統芸能の活用\n"));
        assert_eq!(s, [Subheading, Paragraph, Subheading, Item, Item]);
        // Without a label over a list in the section, the short line is a statement of its own.
        let s = kinds_of(&format!("今後の展開\n{text}\n・環境保全活動の推進\n・伝統芸能の活用\n"));
        assert_eq!(s, [Paragraph, Paragraph, Item, Item]);
    }

    #[test]
    fn a_project_name_with_its_partners_over_its_statement_is_its_subheading() {
        let s = kinds_of("課題に対する取組状況\n\n持続可能な観光地づくりマネジメント体制構築支援事業(観光庁・地域観光研究所)\n\n各部署より12課14名が研修を受講し、うち7課9名が修了した\n");
        assert_eq!(s, [Subheading, Paragraph]);
        // A value it reports is a statement, whatever its source in brackets.
        let s = kinds_of("課題に対する取組状況\n\n市の地域内経済循環率は67.5% (RESAS)\n\n県内19市で16番目の高さであり、地域内で経済が循環していない\n");
        assert_eq!(s, [Paragraph, Paragraph]);
        // Without a bracketed addendum, a line that long is text.
        let s = kinds_of("課題に対する取組状況\n\n持続可能な観光地づくりのための地域マネジメント体制の構築に向けた支援事業への参画\n\n各部署より12課14名が研修を受講し、うち7課9名が修了した\n");
        assert_eq!(s, [Paragraph, Paragraph]);
    }

    #[test]
    fn a_short_label_a_blank_line_over_a_whole_sentence_is_its_subheading() {
        let s = build(
            "取組にあたっての苦労・成功体験\n- 以下を実施\n\nつぶやきひろば\n\n空きスペースを利用し、自由に発言ができる場を開設した。\n\n\n\n\
             10分間ディスカッション\n\n毎回、決められたテーマについてアイデアを出した。\n\n\n\n骨子\n\n市民が健康で楽しく過ごすところ\n",
        );
        assert_eq!(
            s[0].blocks.iter().map(|b| b.kind).collect::<Vec<_>>(),
            [Item, Subheading, Paragraph, Subheading, Paragraph, Figure, Figure]
        );
    }

    #[test]
    fn where_a_label_heads_its_sentence_a_label_of_its_shape_heads_text_in_nouns_too() {
        let after_a_label = kinds_of("課題に対する取組状況\n\n記念事業の実施\n\n壁画の発見から50周年を迎え、地元として協力を行った\n\n古墳の活用\n\n整備工事が完了し、公開。子どもたちの風船リリースなどを実施\n");
        assert_eq!(after_a_label, [Subheading, Paragraph, Subheading, Paragraph]);
        // With no label over text above it, a short line over text in nouns is text too.
        let alone = kinds_of("課題に対する取組状況\n\n古墳の活用\n\n整備工事が完了し、公開。子どもたちの風船リリースなどを実施\n");
        assert_eq!(alone, [Paragraph, Paragraph]);
    }

    #[test]
    fn where_labels_head_lists_a_label_heads_its_list_across_two_blank_lines() {
        let labels = kinds_of("今後の展開\n\n取組内容\n\n\n- 市民との接点として位置づけ\n\n課題等\n\n- 友達登録の促進\n");
        assert_eq!(labels, [Subheading, Item, Subheading, Item]);
        // Where no label stands right over a list, the short line over blank space is a caption.
        let caption = kinds_of("今後の展開\n\n取組内容\n\n\n- 市民との接点として位置づけ\n");
        assert_eq!(caption, [Figure, Item]);
    }

    #[test]
    fn a_lead_in_stopping_on_a_particle_a_blank_line_over_a_numbering_from_one_heads_it() {
        let lead_in = kinds_of("今後の展開\n\n目標人口37,000人に向けて\n\n1. 人口増加 (移住支援)\n2. 産業の振興 (集客支援)\n");
        assert_eq!(lead_in, [Subheading, Item, Item]);
        // Broken off on a comma, it is a sentence going on into the list.
        let broken_off = kinds_of("今後の展開\n\n目標人口37,000人に向けて、\n\n1. 人口増加 (移住支援)\n2. 産業の振興 (集客支援)\n");
        assert_eq!(broken_off[0], Paragraph);
        // Over a numbering that goes on, it heads nothing.
        let going_on = kinds_of("今後の展開\n\n目標人口37,000人に向けて\n\n3. 人口増加 (移住支援)\n4. 産業の振興 (集客支援)\n");
        assert_eq!(going_on[0], Paragraph);
    }

    #[test]
    fn a_lead_in_ending_like_a_particle_a_blank_line_over_bullets_heads_them() {
        let kinds_of = |text: &str| build(text)[0].blocks.iter().map(|b| (b.kind, b.level)).collect::<Vec<_>>();
        let headed = kinds_of("取組にあたっての苦労・成功体験\n- 1)地域に足を運ぶ。\n\n分かったこと\n\n- ・困りごとは余りない。\n- ・資源管理の困り度は高い。\n");
        assert_eq!(headed, [(Item, Some(1)), (Subheading, None), (Item, Some(1)), (Item, Some(1))]);
        // A sentence broken off on を goes on into the list: no label.
        let broken = kinds_of("取組にあたっての苦労・成功体験\n- 1)地域に足を運ぶ。\n\n課題を整理し、その結果を\n\n- ・困りごとは余りない。\n");
        assert_ne!(broken[1].0, Subheading);
    }

    #[test]
    fn an_unmarked_label_over_a_list_is_its_subheading() {
        let s = build("取組にあたっての苦労・成功体験\n窓口業務のBPRの実践\n\n- 講師を派遣\n");
        assert_eq!(kinds(&s[0]), [(Subheading, None, "窓口業務のBPRの実践"), (Item, Some(1), "講師を派遣")]);
    }

    #[test]
    fn tab_separated_rows_form_one_table() {
        let s = build("今後の展開\n総人口\t高齢化率\n2015年\t29.0%\n\t\t367人\n");
        let rows = s[0].blocks[0].rows.clone().unwrap();
        assert_eq!(rows, [vec!["総人口", "高齢化率"], vec!["2015年", "29.0%"], vec!["", "", "367人"]]);
        assert_eq!(s[0].blocks[0].lines, [2, 4]);
    }

    #[test]
    fn a_short_label_standing_over_a_table_is_its_title() {
        let titled = kinds_of("課題に対する取組状況\n業務を選定し、自動化を推進した。\n\n削減効果\n\n業務名\t削減率\n入力業務\t82.7%\n");
        assert_eq!(titled, [Paragraph, Subheading, Table]);
        // A statement over a table is text; among a chart's words a label is the chart's.
        let statement = kinds_of("課題に対する取組状況\n業務を選定した。\n\n自動化で時間を削減できた\n\n業務名\t削減率\n入力業務\t82.7%\n");
        assert_eq!(statement, [Paragraph, Paragraph, Table]);
        let chart = kinds_of("課題に対する取組状況\n業務を選定した。\n\n\n\n調査日 6月18日\n場所 旭地区\n\n平均年齢 63.13歳\n\n\tいま\t5年後\n買物\t-1.86\t-0.6\n");
        assert_eq!(chart[chart.len() - 2..], [Figure, Table]);
    }

    #[test]
    fn a_single_blank_line_inside_a_run_of_rows_does_not_end_the_table() {
        let lines = |s: &[Section]| s[0].blocks.iter().map(|b| (b.kind, b.lines)).collect::<Vec<_>>();
        let s = build("今後の展開\n施策\t内容\n窓口\t・電子申請\n防災\t・通知\n\n標準化\t・移行\n研修\t・勉強会\n");
        assert_eq!(lines(&s), [(Table, [2, 7])]);
        // A run of rows of another width, a lone row, or rows after two blank lines are tables
        // of their own.
        let s = build("今後の展開\n施策\t内容\n窓口\t・電子申請\n防災\t・通知\n\n年度\t件数\t増減\n令和2年\t70\t-76\n");
        assert_eq!(lines(&s), [(Table, [2, 4]), (Table, [6, 7])]);
        let s = build("今後の展開\n施策\t内容\n窓口\t・電子申請\n防災\t・通知\n\n合計\t3件\n");
        assert_eq!(lines(&s), [(Table, [2, 4]), (Table, [6, 6])]);
        let s = build("今後の展開\n施策\t内容\n窓口\t・電子申請\n防災\t・通知\n\n\n標準化\t・移行\n研修\t・勉強会\n");
        assert_eq!(lines(&s), [(Table, [2, 4]), (Table, [7, 8])]);
    }

    #[test]
    fn a_line_of_tab_cells_with_only_the_first_filled_is_its_tables_title_row() {
        let s = build("今後の展開\n経営体数\t\t\n平成17年\t令和2年\t増減\n146\t70\t-76\n\n事業者数\t\n平成19年\t令和2年\t増減\n");
        let tables: Vec<_> = s[0].blocks.iter().map(|b| (b.kind, b.rows.clone())).collect();
        let rows = |r: &[&[&str]]| Some(r.iter().map(|c| c.iter().map(|s| s.to_string()).collect()).collect::<Vec<Vec<String>>>());
        assert_eq!(tables[0], (Table, rows(&[&["経営体数", "", ""], &["平成17年", "令和2年", "増減"], &["146", "70", "-76"]])));
        // Two cells over a row of three: no title of that table.
        assert_eq!(tables[1].0, Paragraph);
        assert_eq!(tables[2], (Table, rows(&[&["平成19年", "令和2年", "増減"]])));
    }

    #[test]
    fn markdown_table_rule_is_no_row() {
        let s = build("今後の展開\n- | 課題 | 対策 |\n|---|---|\n| a | b |\n");
        assert_eq!(s[0].blocks[0].rows.clone().unwrap(), [vec!["課題", "対策"], vec!["a", "b"]]);
    }

    #[test]
    fn a_markdown_row_whose_cells_wrap_stays_one_row() {
        let s = build("今後の展開\n| 課題 | 対策 |\n| 一人では\nなにもできない | 積極的に\n接点を増やす |\n| 予算 | 民間 |\n");
        assert_eq!(kinds(&s[0]).len(), 1);
        let rows = s[0].blocks[0].rows.clone().unwrap();
        assert_eq!(rows, [vec!["課題", "対策"], vec!["一人では\nなにもできない", "積極的に\n接点を増やす"], vec!["予算", "民間"]]);
        assert_eq!(s[0].blocks[0].lines, [2, 6]);
    }

    #[test]
    fn html_list_in_a_cell_splits_into_items() {
        let s = build("今後の展開\n産業振興\t<ul style=\"list-style-type: none\"> ・集積 ・雇用</ul>\n");
        assert_eq!(s[0].blocks[0].rows.clone().unwrap(), [vec!["産業振興", "・集積\n・雇用"]]);
        let s = build("今後の展開\n<p>(市民・事業者視点) 利便性</p>\t<ul> ● 早い ● 簡単\n");
        assert_eq!(s[0].blocks[0].rows.clone().unwrap(), [vec!["(市民・事業者視点) 利便性", "● 早い\n● 簡単"]]);
    }

    #[test]
    fn an_arrow_naming_something_alone_between_blank_runs_points_at_a_picture() {
        let s = kinds_of("課題に対する取組状況\n\n史跡を活用した。\n\n\n←遺跡のシンボル「復元楼閣」\n\n\n古墳の整備を進めた。\n");
        assert_eq!(s, [Paragraph, Figure, Paragraph]);
        // A consequence it states, or an arrow among the lines it goes on from, is the report's text.
        let s = kinds_of("課題に対する取組状況\n\n史跡を活用した。\n\n\n→来訪者が増加した\n\n\n古墳の整備を進めた。\n");
        assert_eq!(s, [Paragraph, Paragraph, Paragraph]);
        let s = kinds_of("課題に対する取組状況\n\n史跡を活用した。\n→来訪者の増加\n\n\n古墳の整備を進めた。\n");
        assert_eq!(s, [Paragraph, Paragraph, Paragraph]);
    }

    #[test]
    fn captions_and_text_read_out_of_pictures_are_figures() {
        let s = build("課題に対する取組状況\n○構想\n▲村内を走る自動運転\n新技術を導入\n\n\n\n南相馬市保健計画2023\n\n骨子\n");
        assert_eq!(
            kinds(&s[0]),
            [(Subheading, None, "○構想"), (Figure, None, "▲村内を走る自動運転新技術を導入"), (Figure, None, "南相馬市保健計画2023"), (Figure, None, "骨子")]
        );
    }

    #[test]
    fn a_run_of_deeds_spaced_as_the_text_is_the_reports_own_list() {
        let deeds = "○ 環境整備\n\n※R4年度 専用室を開設。\n\n申請システムを開設\n\n会計システムを電子化\n\n議事録システム導入\n\n○ 次\n";
        assert_eq!(kinds_of(&format!("課題に対する取組状況\n{deeds}")), [Subheading, Paragraph, Paragraph, Paragraph, Paragraph, Subheading]);
        // Set apart by blank space, or naming things, the same run is a picture's words.
        let apart = deeds.replace("\n\n申請", "\n\n\n申請");
        assert_eq!(kinds_of(&format!("課題に対する取組状況\n{apart}"))[2..5], [Figure, Figure, Figure]);
        let names = "○ 環境整備\n\n※R4年度 専用室を開設。\n\n申請システム\n\n会計システムを電子化\n\n議事録システム\n\n○ 次\n";
        assert_eq!(kinds_of(&format!("課題に対する取組状況\n{names}"))[2..5], [Figure, Figure, Figure]);
    }

    #[test]
    fn a_bracketed_line_holding_a_full_stop_is_a_remark_not_a_caption() {
        let under_a_deed = |bracketed: &str| kinds_of(&format!("課題に対する取組状況\n○ 市政\n\n委員会を開催\n\n{bracketed}\n"))[2];
        assert_eq!(under_a_deed("(R4.6～月1回開催。～R5.6)"), Paragraph);
        assert_eq!(under_a_deed("(委員会の様子)"), Figure);
    }

    #[test]
    fn a_sentence_under_the_reports_heading_mark_over_a_note_is_a_heading_alone_in_its_section() {
        let last = |first: &str, below: &str| {
            let s = build(&format!("課題に対する取組状況\n{first}\n\n※R4年度 専用室を開設\n\n今後の展開\n\n○ 研修を進めること。\n\n{below}\n"));
            s[1].blocks.iter().map(|b| b.kind).collect::<Vec<_>>()
        };
        assert_eq!(last("○ 環境整備", "※外部の研修も進める"), [Subheading, Paragraph]);
        // Where the report's ○ heads no text, or under text with no note mark, it is an item.
        assert_eq!(last("- 環境整備", "※外部の研修も進める")[0], Item);
        assert_eq!(last("○ 環境整備", "外部の研修も進める")[0], Item);
    }

    #[test]
    fn a_number_and_a_space_titling_parts_that_hold_a_heading_mark_heads_them() {
        let titles = |under: &str| {
            let part = |n: u8, under: &str| format!("{n} 学びの自給\n\n〈入り口〉\n外部人材の活用\n\n- ①分室を開設\n- ②食の交流\n{under}\n");
            let s = build(&format!("課題に対する取組状況\n\n{}{}", part(1, under), part(2, "")));
            s[0].blocks.iter().filter(|b| b.text.ends_with("学びの自給")).map(|b| b.kind).collect::<Vec<_>>()
        };
        assert_eq!(titles(" ♦ごちそうBOOK制作\n ♦学生との交流\n"), [Subheading, Subheading]);
        // With no heading mark's line in a part, the numbers are items with their text.
        assert_eq!(titles(""), [Item, Item]);
    }

    #[test]
    fn a_label_over_a_bracketed_label_titles_the_labelled_parts() {
        let parts = "【事業】\n\n①学びの事業は、大学と連携した。\n\n【事業予算】\n\n予算は一般会計に計上\n";
        assert_eq!(kinds_of(&format!("課題に対する取組状況\n\n試行事業の関わり体制\n\n{parts}"))[..2], [Subheading, Subheading]);
        // Under a label of its own, a line over the next label is that label's text.
        let under_a_label = kinds_of("課題に対する取組状況\n<第1回ワークショップ>\n\n課のビジョンを策定\n\n<第2回ワークショップ>\n\n理想の姿を議論\n");
        assert_eq!(under_a_label, [Subheading, Paragraph, Subheading, Paragraph]);
        // After a run of blank lines, it is a picture's.
        let apart = kinds_of("課題に対する取組状況\n- ・機器は困っていない\n\n\n\n地区で中間報告会\n\n《事業紹介》外の力\n\n事業の一覧を示す。\n");
        assert_eq!(apart[1], Figure);
    }

    #[test]
    fn a_quoted_catchphrase_on_its_own_line_titles_what_follows() {
        let over_text = |quoted: &str| kinds_of(&format!("派遣先市町村の課題\n\n{quoted}\n\n人口減少→若者が流出→高齢化\n→産業の衰退が顕著に発生中!\n"));
        assert_eq!(over_text("「負のスパイラルが発生」"), [Subheading, Paragraph, Paragraph]);
        // A sentence quoted is a statement; a phrase among a picture's lines is the picture's.
        assert_eq!(over_text("「負のスパイラルが発生している。」")[0], Paragraph);
        let clipping = kinds_of("課題に対する取組状況\n【取組状況】制度の試行\n\n\n\n若い力で山間地活性化へ\n\n「農地管理の大変さを実感」\n\n県南部に位置する市と連携\n");
        assert_eq!(clipping[1..], [Figure, Figure, Figure]);
    }

    #[test]
    fn a_label_before_a_statement_on_its_line_is_a_paragraph() {
        let first = |line: &str| build(&format!("派遣先市町村の課題\n人口減少が続く。\n\n{line}\n\n調査を行った。\n"))[0].blocks[1].kind;
        assert_eq!(first("【課題】現象に対する具体的な対策立案がない"), Paragraph);
        assert_eq!(first("【課題】対策を立案した。"), Paragraph);
        // Before a name, or alone, the label heads.
        assert_eq!(first("【戦略1】産業の高付加価値化"), Subheading);
        assert_eq!(first("【課題】"), Subheading);
    }

    #[test]
    fn a_short_line_right_under_a_label_is_its_text_however_much_space_follows() {
        let under = |above: &str| kinds_of(&format!("課題に対する取組状況\n{above}\n大学との連携\n\n\n\n- ①分室を開設\n"));
        assert_eq!(under("〈入り口〉"), [Subheading, Paragraph, Item]);
        // Under a sentence, the same line over blank space is a caption.
        assert_eq!(under("分室を開設した。")[1], Figure);
    }

    #[test]
    fn a_line_right_under_an_item_ending_on_a_colon_is_what_it_announces() {
        let kinds_of = |text: &str| build(text)[0].blocks.iter().map(|b| (b.kind, b.text.clone())).collect::<Vec<_>>();
        let report = |item: &str| kinds_of(&format!("取組にあたっての苦労・成功体験\n○成果\n\n- {item}\n「キッシュ」「コーンフライ」「プリン」\n- 食材は農家から調達した。\n"));
        assert_eq!(report("試作品は八品:**")[1], (Item, "試作品は八品:「キッシュ」「コーンフライ」「プリン」".to_string()));
        // An item that announces nothing ends on its own line.
        assert_eq!(report("試作品は八品")[2].0, Paragraph);
    }

    #[test]
    fn a_numbering_whose_part_holds_a_label_over_its_own_list_titles_parts() {
        let numbered = |part: &str| {
            let s = build(&format!(
                "課題に対する取組状況\n医療ツーリズム\n\n1. モデルコース造成\n\n過去の実績を分析した。\n\n2. 海外での情報発信\n\n見本市へ出展した。\n\n{part}\n\n3. 事業者向けツアー\n\n検診を想定し、ツアーを実施した。\n"
            ));
            s[0].blocks.iter().filter(|b| b.text.starts_with(['1', '2', '3'])).map(|b| b.kind).collect::<Vec<_>>()
        };
        assert_eq!(numbered("「展示会」概要\n- ①実施時期:12月\n- ②会場:北京市"), [Subheading, Subheading, Subheading]);
        // A label over one line of text may be an item's caption: the numbers stay items.
        assert_eq!(numbered("「展示会」概要\n会場は北京市とした。"), [Item, Item, Item]);
    }

    #[test]
    fn a_word_spaced_out_letter_by_letter_is_a_heading() {
        let report = |line: &str| kinds_of(&format!("取組にあたっての苦労・成功体験\n強みを感じた。\n\n{line}\n\n制度を活用するのであれば、気に留めておきたいこと\n"));
        assert_eq!(report("感 想"), [Paragraph, Subheading, Paragraph]);
        // Unspaced, or spaced words and numbers, it is no heading set as one.
        for not_spaced in ["感想", "平均 63", "地域 課題"] {
            assert_eq!(report(not_spaced)[1], Paragraph, "{not_spaced}");
        }
        // Over no text (a chart's legend at the section's end) it heads nothing.
        let legend = kinds_of("取組にあたっての苦労・成功体験\n強みを感じた。\n\n男 女\n");
        assert_ne!(legend.last(), Some(&Subheading));
    }

    #[test]
    fn a_line_naming_a_picture_over_blank_space_is_its_caption_up_to_a_fragments_length() {
        let caption = kinds_of("今後の展開\nビデオ通話サービスを利用した。\n\n病院での手話通訳者オンライン派遣のイメージ\n\n\n\n- 家庭を訪問する\n");
        assert_eq!(caption, [Paragraph, Figure, Item]);
        // Right over a list it labels the list; naming no picture, a line that long is text.
        let over_a_list = kinds_of("今後の展開\nビデオ通話サービスを利用した。\n\n病院での手話通訳者オンライン派遣のイメージ\n\n- 家庭を訪問する\n");
        assert_eq!(over_a_list[1], Subheading);
        let no_picture = kinds_of("今後の展開\nビデオ通話サービスを利用した。\n\n病院での手話通訳者オンライン派遣の取り組み\n\n\n\n- 家庭を訪問する\n");
        assert_eq!(no_picture[1], Paragraph);
    }

    #[test]
    fn a_short_line_over_blank_space_is_a_caption_even_at_its_sections_end() {
        let s = build("課題に対する取組状況\n職員に説明した。\n\n取組イメージ\n\n\n\n今後の展開\n推進する。\n\n研修の様子\n\n今後も続ける。\n");
        assert_eq!(kinds(&s[0]), [(Paragraph, None, "職員に説明した。"), (Figure, None, "取組イメージ")]);
        // One blank line below, over a sentence, makes a label of it, not a caption.
        assert_eq!(s[1].blocks.iter().map(|b| b.kind).collect::<Vec<_>>(), [Paragraph, Subheading, Paragraph]);
        let s = build("課題に対する取組状況\n職員に説明した。\n\n取組イメージ\n\n今後の展開\n推進する。\n");
        assert_eq!(s[0].blocks[1].kind, Paragraph);
    }

    #[test]
    fn lines_that_name_things_apart_at_a_sections_end_are_a_picture() {
        let report = |end: &str| format!("課題に対する取組状況\n推進体制を整備した。\n\n推進本部会議\n\n本部長: 両副市長{end}今後の展開\n推進する。\n");
        let s = build(&report("\n\n\n\n"));
        assert_eq!(s[0].blocks.iter().map(|b| b.kind).collect::<Vec<_>>(), [Paragraph, Figure, Figure]);
        // A line directly under another goes on with it, as a caption's does.
        let s = build("課題に対する取組状況\n- 計画を整理した\n\n町改革プラン 基本理念\n“市民とともに”挑む社会の実現\n\n\n\n今後の展開\n推進する。\n");
        assert_eq!(kinds(&s[0])[1], (Figure, None, "町改革プラン 基本理念“市民とともに”挑む社会の実現"));
        // Not without the blank space below, not under a label they belong to, not a statement.
        assert_eq!(build(&report("\n"))[0].blocks[2].kind, Paragraph);
        let s = build("課題に対する取組状況\n○目標\n\n人口1万人の維持と関係人口の創出\n\n\n\n今後の展開\n推進する。\n");
        assert_eq!(s[0].blocks[1].kind, Paragraph);
        let s = build("課題に対する取組状況\n推進体制を整備した。\n\n職員の意識が変わりつつある\n\n\n\n今後の展開\n推進する。\n");
        assert_eq!(s[0].blocks[1].kind, Paragraph);
    }

    #[test]
    fn questions_nobody_answers_over_an_answer_scale_are_a_chart() {
        let s = build(
            "課題に対する取組状況\n職員の意識を調べた。\n\n1. 業務の見直しは必要だと思いますか?\n\nQ. (一つ選択)\n\n●そう思う\n●どちらでもない\n●思わない\n\n研修後の意識調査\n\n今後の展開\n推進する。\n",
        );
        assert_eq!(
            kinds(&s[0]),
            [
                (Paragraph, None, "職員の意識を調べた。"),
                (Figure, None, "1. 業務の見直しは必要だと思いますか?"),
                (Figure, None, "Q. (一つ選択)"),
                (Figure, None, "●そう思う"),
                (Figure, None, "●どちらでもない"),
                (Figure, None, "●思わない"),
                (Figure, None, "研修後の意識調査"),
            ]
        );
        // A question the report asks itself, in plain register, its list answers.
        let s = build("課題に対する取組状況\n職員の意識を調べた。\n\n○なぜ見直しが必要か?\n\n・待ち時間\n・人手不足\n・紙の書類\n");
        assert_eq!(s[0].blocks.iter().map(|b| b.kind).collect::<Vec<_>>(), [Paragraph, Subheading, Item, Item, Item]);
        // A question the text answers is the report's own.
        let s = build("課題に対する取組状況\n職員の意識を調べた。\n\nなぜ見直しが必要か?\n\n窓口の待ち時間が長く、住民の負担になっているため。\n\n- 受付\n- 審査\n- 交付\n");
        assert_eq!(s[0].blocks.iter().map(|b| b.kind).collect::<Vec<_>>(), [Paragraph, Paragraph, Paragraph, Item, Item, Item]);
    }

    #[test]
    fn a_bracketed_name_under_a_finished_sentence_over_blank_space_is_a_caption() {
        let tail = |remark: &str, below: &str| format!("今後の展開\n改善の進みが遅い。\n{remark}{below}次の段落。\n");
        let s = build(&tail("(示した資料より抜粋)", "\n\n\n"));
        assert_eq!(kinds(&s[0]), [(Paragraph, None, "改善の進みが遅い。"), (Figure, None, "(示した資料より抜粋)"), (Paragraph, None, "次の段落。")]);
        // A remark that spells a word out or says something of its own goes on with the sentence,
        // and without blank space below there is no picture to name.
        for (remark, below) in [("(実施例: 無料相談会)", "\n\n\n"), ("(右記の支援が主担当)", "\n\n\n"), ("(示した資料より抜粋)", "\n")] {
            let s = build(&tail(remark, below));
            assert_eq!(s[0].blocks[0].kind, Paragraph);
            assert_eq!(s[0].blocks[0].text, format!("改善の進みが遅い。{remark}"));
        }
    }

    #[test]
    fn a_remark_ending_on_a_verb_is_no_picture_text_however_it_stands() {
        let s = build("取組にあたっての苦労・成功体験\n○姿勢\n\n\n\n職員ともに本質に気付いていない\n\nまた改善の進みが遅い。\n\n\n\n町の計画の骨子\n\n住みよいまち\n\nみんなで改善を続けよう\n");
        assert_eq!(
            s[0].blocks.iter().map(|b| b.kind).collect::<Vec<_>>(),
            // Under a picture's text, a line ending on a verb is the picture's too.
            [Subheading, Paragraph, Paragraph, Figure, Figure, Figure]
        );
    }

    #[test]
    fn a_bracketed_label_apart_over_nothing_is_a_caption() {
        let s = build(
            "課題に対する取組状況\n- ◆スマート教室開催\n\n\n\n<スマート教室>\n\n👉 農業の取り組み\n\n- 検討\n\n\n\n\
             【戦略1】産業の高付加価値化\n\n需要の縮小を見据え、付加価値を高める。\n\n\n\n【移動診療車】\n",
        );
        assert_eq!(s[0].blocks.iter().map(|b| b.kind).collect::<Vec<_>>(), [Item, Figure, Subheading, Item, Subheading, Paragraph, Figure]);
    }

    #[test]
    fn in_a_notice_a_label_and_its_value_under_another_pair_is_a_label_of_its_own() {
        let notice = |lines: &str| {
            build(&format!(
                "取組にあたっての苦労・成功体験\n- 税収の増減要因を分析した。\n- 信頼関係の醸成が大事であると感じた。\n- 関係者と意見交換を行った。\n\n\
                 カードのお知らせ\n\n下記の通り導入いたしました。\n\nご利用の前にお読み下さい。\n\n{lines}\n"
            ))
        };
        let s = notice("住民向け領域:住民票のある市区町村\n拡張利用領域:駅、民間事業者等\n利用可能機能:自動で消える");
        assert_eq!(
            kinds(&s[0])[6..],
            [(Figure, None, "住民向け領域:住民票のある市区町村"), (Figure, None, "拡張利用領域:駅、民間事業者等"), (Figure, None, "利用可能機能:自動で消える")]
        );
        // A line that is no pair, or a pair under a clock time, goes on with the line above.
        let s = notice("利用可能機能:自動で消える\n駆出しても消えない\n受付 10:00\n終了:17時");
        assert_eq!(kinds(&s[0])[6..], [(Figure, None, "利用可能機能:自動で消える駆出しても消えない受付 10:00終了:17時")]);
        let s = notice("利用可能機能:自動で消える\n受付 10:00");
        assert_eq!(kinds(&s[0])[6..], [(Figure, None, "利用可能機能:自動で消える受付 10:00")]);
    }

    #[test]
    fn a_notice_in_humble_register_inside_a_plain_report_is_a_picture() {
        let report = |register: &str| {
            format!(
                "取組にあたっての苦労・成功体験\n- 税収の増減要因を分析した。\n- 信頼関係の醸成が大事であると感じた。\n- 関係者と意見交換を{register}\n\n\
                 予算のお知らせ\n\n下記の通り決算いたしました。\n【当初予算】についてお読み下さい。\n\n○予算概要\n\n87億円\n\n- 子育て支援\n\
                 今後の展開\n- 体制の強化を図る。\n"
            )
        };
        let s = build(&report("行った。"));
        assert_eq!(
            kinds(&s[0])[3..],
            [
                (Figure, None, "予算のお知らせ"),
                (Figure, None, "下記の通り決算いたしました。【当初予算】についてお読み下さい。"),
                (Figure, None, "○予算概要"),
                (Figure, None, "87億円"),
                (Figure, None, "子育て支援"),
            ]
        );
        assert_eq!(kinds(&s[1]), [(Item, Some(1), "体制の強化を図る。")]);
        // Where the report itself speaks politely, nothing tells the notice from its text.
        let s = build(&report("行いました。"));
        assert_eq!(s[0].blocks[4].kind, Paragraph);
    }

    #[test]
    fn a_policy_page_in_polite_register_inside_a_plain_report_is_a_picture() {
        let report = |page: &str| {
            format!(
                "課題に対する取組状況\n- 方針の策定を支援した。\n- 推進本部を立ち上げた。\n- 先行事例を紹介した。\n\n\
                 今後の展開\n○部会での検討\n\n検討を進める予定。\n\n基本方針\n\n国の計画を踏まえ、取組を推進します。\n{page}\n\n行政のデジタル化\n"
            )
        };
        let s = build(&report("以下を基本方針とします。"));
        assert_eq!(
            kinds(&s[1])[2..],
            [(Figure, None, "基本方針"), (Figure, None, "国の計画を踏まえ、取組を推進します。以下を基本方針とします。"), (Figure, None, "行政のデジタル化")]
        );
        // A plain sentence among them is the report's own voice: the report speaks politely too.
        let s = build(&report("以下を基本方針とします。\n職員と協議した。"));
        assert_eq!(s[1].blocks.iter().filter(|b| b.kind == Figure).count(), 0);
    }

    #[test]
    fn the_lines_over_a_source_line_that_are_no_sentences_are_a_picture() {
        let s = build(
            "今後の展開\n- 計画を立案し、推進する。\n\n町の将来像\n\n(目指す姿)\n\n- 自然が続いている\n- 資源を大切に使っている\n\n\n\n出典:町の計画 p.3\n",
        );
        assert_eq!(
            kinds(&s[0]),
            [
                (Item, Some(1), "計画を立案し、推進する。"),
                (Figure, None, "町の将来像"),
                (Figure, None, "(目指す姿)"),
                (Figure, None, "自然が続いている"),
                (Figure, None, "資源を大切に使っている"),
                (Figure, None, "出典:町の計画 p.3"),
            ]
        );
        // Without a source line below, the same points are the report's own list.
        let s = build("今後の展開\n- 計画を立案し、推進する。\n\n町の将来像\n\n(目指す姿)\n\n- 自然が続いている\n- 資源を大切に使っている\n");
        assert_eq!(s[0].blocks.iter().map(|b| b.kind).collect::<Vec<_>>()[3..], [Item, Item]);
        // A source line right under a list sources the list's figures.
        let s = build("今後の展開\n- 計画を立案し、推進する。\n\n- 人口が減っている\n- 高齢化率は45%\n\n出典:国勢調査\n");
        assert_eq!(s[0].blocks.iter().map(|b| b.kind).collect::<Vec<_>>()[1..3], [Item, Item]);
    }

    #[test]
    fn after_a_reference_label_lines_apart_that_are_no_statements_are_a_picture() {
        let s = build(
            "今後の展開\n【参考資料】\n\n令和5年度の計画\n\n町の標語 “職員自らデジタル化を進める力をつける” (知識・発想力・住民起点の考え方)\n\n\n\n\
             町デジタル化推進計画\n\n計画の概要を町のサイトで公開中\nこの一冊でわかるように工夫した。\n",
        );
        assert_eq!(s[0].blocks.iter().map(|b| b.kind).collect::<Vec<_>>(), [Subheading, Figure, Figure, Figure, Paragraph, Paragraph]);
        let s = build("今後の展開\n計画を立てた。\n\n【参考】令和5年度の計画\n\n町の標語 “職員自らデジタル化を進める力をつける”\n");
        assert_eq!(s[0].blocks.iter().map(|b| b.kind).collect::<Vec<_>>(), [Paragraph, Subheading, Figure]);
        // Without the label, the short line over the motto is a paragraph of the report's own.
        let s = build("今後の展開\n計画を立てた。\n\n令和5年度の計画\n\n町の標語 “職員自らデジタル化を進める力をつける” (知識・発想力・住民起点の考え方)\n");
        assert_eq!(s[0].blocks.iter().map(|b| b.kind).collect::<Vec<_>>(), [Paragraph, Paragraph, Paragraph]);
    }

    #[test]
    fn a_slogan_standing_apart_is_a_picture() {
        let s = build(
            "取組にあたっての苦労・成功体験\n意見を集める場を開設した。\n\n実現した要望はパネルへ!\n\n\n\n\
             10分間ディスカッション\n\n毎回、決められたテーマについてアイデアを出した。\n\n\
             脱炭素で稼ぎを増やしましょう!\n\nできることから始めましょう。\n\n- ・再生可能エネルギーを創りましょう\n大成功!\n",
        );
        // A label over its text, a run of blank lines below a panel's slogan, is no picture's;
        // an exclamation right under other text stands not apart.
        assert_eq!(
            kinds(&s[0]),
            [
                (Paragraph, None, "意見を集める場を開設した。"),
                (Figure, None, "実現した要望はパネルへ!"),
                (Subheading, None, "10分間ディスカッション"),
                (Paragraph, None, "毎回、決められたテーマについてアイデアを出した。"),
                (Figure, None, "脱炭素で稼ぎを増やしましょう!"),
                (Figure, None, "できることから始めましょう。"),
                (Item, Some(1), "・再生可能エネルギーを創りましょう"),
                (Paragraph, None, "大成功!"),
            ]
        );
        // A short label right over a slogan names it on its poster.
        let s = build("今後の展開\n計画を立てた。\n\n(キャッチフレーズ)\n\n多彩に暮らす、オール町で脱炭素!\n\n合言葉\n\nみんなで始めよう!\n");
        assert_eq!(s[0].blocks.iter().map(|b| b.kind).collect::<Vec<_>>(), [Paragraph, Figure, Figure, Figure, Figure]);
        // An exclaimed statement is the report's own voice.
        let s = build("今後の展開\n意見を集める場を開設した。\n\n参加者が大幅に増加しました!\n\n");
        assert_eq!(s[0].blocks[1].kind, Paragraph);
    }

    #[test]
    fn a_line_printed_again_right_under_itself_is_one_pictures_text() {
        let s = build(
            "取組にあたっての苦労・成功体験\n戦略の策定を支援した。\n\n「共感を伴うデジタル化」の推進\n「共感を伴うデジタル化」の推進\n「共感を伴うデジタル化」の推進\n\n\n\n             研修を実施した。\n研修を実施した。\n",
        );
        assert_eq!(
            kinds(&s[0]),
            [
                (Paragraph, None, "戦略の策定を支援した。"),
                (Figure, None, "「共感を伴うデジタル化」の推進「共感を伴うデジタル化」の推進「共感を伴うデジタル化」の推進"),
                (Figure, None, "研修を実施した。研修を実施した。"),
            ]
        );
        // The same words a blank line apart, or two different lines, are the report's own text.
        let s = build("取組にあたっての苦労・成功体験\n研修を実施した。\n\n研修を実施した。\n相談会を実施した。\n");
        assert_eq!(s[0].blocks.iter().map(|b| b.kind).collect::<Vec<_>>(), [Paragraph, Paragraph, Paragraph]);
    }

    #[test]
    fn english_image_descriptions_and_their_glosses_are_figures() {
        let s = build("今後の展開\nThe chart shows the growth of DX implementation over time.\n\n- 初期段階: 行政のDX実施 (Implementation of administrative DX).\n");
        assert_eq!(s[0].blocks.iter().map(|b| b.kind).collect::<Vec<_>>(), [Figure, Figure]);
    }

    #[test]
    fn debris_is_a_block_of_its_own() {
        let s = build("今後の展開\n本文。\n<p\n12\n---\n");
        assert_eq!(kinds(&s[0]), [(Paragraph, None, "本文。"), (Debris, None, "<p"), (Debris, None, "12"), (Debris, None, "---")]);
        assert_eq!(build("今後の展開\n| a |\n|---|\n")[0].blocks[0].kind, Table);
    }

    #[test]
    fn text_before_the_first_heading_is_an_other_section() {
        let s = build("前置き\n今後の展開\n本文\n");
        assert_eq!((s[0].kind, s[0].heading.clone(), s[0].lines), (SectionKind::Other, None, [1, 1]));
        assert_eq!(s[1].lines, [2, 3]);
    }
}
