//! Stage 2: each raw line -> its normalized text, match key and what it is.

use rayon::prelude::*;

use crate::extract::normalize::{clean_and_key, match_key};
use crate::extract::read::SourceText;
use crate::extract::shape::{self, Form, Role, Shape};
use crate::record::SectionKind;
use crate::vocab::{self, FieldKind};

/// What one line is, before anything knows which report it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineKind {
    Blank,
    /// A labelled line (`派遣元：総務省`) and its value as normalized text.
    Field(FieldKind, String),
    /// A section heading from the vocabulary.
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
    /// [`Line::key`], or `None` when it is the text itself.
    key: Option<String>,
    pub kind: LineKind,
    /// Indentation, marker, table row, debris: everything of the line's shape but its kind.
    pub shape: Shape,
}

/// A line longer than this (in characters) is body text, not a headline or logo.
const MAX_TITLE_CHARS: usize = 80;

impl Line {
    /// Output text (normalize::clean), without OCR repairs.
    pub fn text(&self) -> &str {
        self.clean.as_deref().unwrap_or(&self.raw)
    }

    /// Match key (normalize::match_key), for comparing with vocabulary tables.
    pub fn key(&self) -> &str {
        self.key.as_deref().unwrap_or_else(|| self.text())
    }

    /// The text without the converter's list dash: what a block holds of this line.
    pub fn body(&self) -> &str {
        &self.text()[self.shape.body..]
    }

    /// Bullets, list dashes, numbering, notes, captions and table rows: a line that opens a
    /// list item or a remark.
    pub fn starts_with_marker(&self) -> bool {
        self.shape.dash
            || matches!(self.shape.form, Form::Row { .. } | Form::Rule)
            || self.shape.marker.is_some_and(|m| m.role != Role::Label)
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

    pub fn is_blank(&self) -> bool {
        self.kind == LineKind::Blank
    }

    pub fn heading(&self) -> Option<SectionKind> {
        match self.kind {
            LineKind::Heading(kind) => Some(kind),
            _ => None,
        }
    }

    pub fn field(&self) -> Option<(FieldKind, &str)> {
        match &self.kind {
            LineKind::Field(kind, value) => Some((*kind, value.as_str())),
            _ => None,
        }
    }
}

/// Normalizes and classifies every line of the source. Lines are independent, so they are
/// classified in parallel; an indexed collect keeps them in order. Takes the source by value so
/// each raw line moves into its [`Line`] instead of being copied.
pub fn classify(source: SourceText) -> Vec<Line> {
    source
        .lines
        .into_par_iter()
        .enumerate()
        .map(|(i, raw)| {
            let (clean, key) = clean_and_key(&raw);
            let text = clean.as_deref().unwrap_or(&raw);
            // Blank means blank in the raw text: a line of converter debris alone (`<br>`) is
            // still input, and must land somewhere.
            let kind = if raw.chars().all(char::is_whitespace) { LineKind::Blank } else { kind_of(text, key.as_deref().unwrap_or(text)) };
            let shape = if kind == LineKind::Blank { Shape::default() } else { shape_of(&raw, text, key.as_deref().unwrap_or(text)) };
            Line { number: i + 1, raw, clean, key, kind, shape }
        })
        .collect()
}

fn shape_of(raw: &str, text: &str, key: &str) -> Shape {
    let mut shape = shape::shape(raw, text);
    if shape.form == Form::Text && vocab::is_decoration(key) {
        shape.form = Form::Decoration;
    }
    shape
}

fn kind_of(text: &str, key: &str) -> LineKind {
    if let Some((label, value)) = text.split_once(':')
        && let Some(field) = vocab::label(&match_key(label))
    {
        return LineKind::Field(field, value.trim().to_string());
    }
    match vocab::heading(key) {
        Some(kind) => LineKind::Heading(kind),
        None => LineKind::Text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(raw: &str) -> LineKind {
        classify(SourceText { lines: vec![raw.to_string()], encoding: crate::extract::read::Encoding::Utf8 })[0].kind.clone()
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
    }

    #[test]
    fn debris_alone_is_not_blank() {
        assert_eq!(kind("<br>"), LineKind::Text);
    }
}
