//! Stage 5: a report's labelled lines and headline -> its fields.

use std::collections::BTreeSet;

use crate::extract::classify::{Line, LineKind, is_decorated_heading};
use crate::entities::municipality::{self, Resolution};
use crate::extract::normalize::join_continuation;
use crate::entities::organization;
use crate::record::{Diagnostic, DiagnosticCode, DispatchedFrom, Municipality, ReportFields, SectionKind};
use crate::extract::Extracted;
use crate::extract::repair::{EditionVocabulary, Repairer, Repairs};
use crate::extract::segment::{MunicipalityLabel, ReportSpan, SegmentedReport, is_title_like};
use crate::vocab::{self, FieldKind};

/// Everything read from a report's field lines and headline.
#[derive(Debug, Clone)]
pub struct Fields {
    /// The fields as the report record holds them (`field_lines` as raw line numbers).
    pub record: ReportFields,
    /// Indexes of the lines read here (labelled lines and title lines), for the stages after.
    pub field_lines: BTreeSet<usize>,
}

/// Reads the fields. The municipality (resolved by segment) comes first: the report's repairer
/// depends on its prefecture, and repairs the title and the position.
pub fn read_fields(lines: &[Line], report: &SegmentedReport, vocabulary: &std::sync::Arc<EditionVocabulary>) -> Extracted<Fields> {
    let mut found = Vec::new();
    let diagnostics = &mut found;
    let mut repairs = Repairs::default();
    let span = report.span;
    let report_lines = [lines[span.first].number, lines[span.last].number];
    let mut field_lines = BTreeSet::new();
    let mut values: Vec<(FieldKind, String, usize)> = Vec::new();
    for (i, line) in lines.iter().enumerate().take(span.last + 1).skip(span.first) {
        if let Some((kind, value)) = line.field() {
            field_lines.insert(i);
            values.push((kind, value.to_string(), i));
        }
    }
    let first = |kind: FieldKind| values.iter().find(|(k, _, _)| *k == kind);
    let position_line = first(FieldKind::Position).map(|(_, _, i)| *i);
    let position_next = position_line.and_then(|i| position_continuation(lines, i, span.last));
    field_lines.extend(position_next);

    let label = report.municipality.as_ref();
    let title_parts = title_parts(lines, span, &field_lines);
    // Without a label that resolves, the headline may name the place.
    let printed = match label.map(|label| &label.resolution) {
        Some(Resolution::Found(_)) => None,
        _ => join_title(&title_parts, |part| lines[part.index].text().to_string()),
    };
    let municipality = municipality(lines, span, label, printed.as_deref(), diagnostics);
    field_lines.extend(title_parts.iter().map(|part| part.index));
    let repairer = Repairer::new(municipality.prefecture.as_deref(), vocabulary.clone());

    let title = join_title(&title_parts, |part| repairer.line(lines[part.index].text(), lines[part.index].number, &mut repairs))
        .map(|t| strip_logo_name(strip_spilled_suffix(t, &municipality), &municipality));
    let position = first(FieldKind::Position).map(|(_, value, i)| {
        let mut position = repairer.line(value, lines[*i].number, &mut repairs);
        if let Some(next) = position_next {
            join_continuation(&mut position, &repairer.line(lines[next].text(), lines[next].number, &mut repairs));
        }
        position
    });

    let name_raw = first(FieldKind::Dispatchee).map(|(_, v, _)| v.clone());
    let (dispatchees, mut team) = match first(FieldKind::Dispatchee) {
        Some((_, value, i)) => persons(value, lines[*i].number, diagnostics),
        None => {
            diagnostics.push(Diagnostic::new(DiagnosticCode::MissingDispatchee, "no 派遣者氏名 line", report_lines));
            (Vec::new(), false)
        }
    };
    team |= position.as_deref().is_some_and(|p| p.contains("チーム派遣"));

    let dispatched_from = match first(FieldKind::DispatchedFrom) {
        Some((_, raw, _)) if !raw.is_empty() => {
            let organization = organization::canonical(raw);
            DispatchedFrom {
                raw: Some(raw.clone()),
                name: Some(organization.name),
                kind: Some(organization.kind),
                unit: organization.unit,
            }
        }
        _ => {
            diagnostics.push(Diagnostic::new(DiagnosticCode::MissingOrganization, "no 派遣元 line", report_lines));
            DispatchedFrom { raw: None, name: None, kind: None, unit: None }
        }
    };
    if position.is_none() {
        diagnostics.push(Diagnostic::new(DiagnosticCode::MissingPosition, "no 派遣先での役職 line", report_lines));
    }

    let record = ReportFields {
        title,
        municipality,
        dispatchees,
        team,
        name_raw,
        dispatched_from,
        position,
        period: first(FieldKind::Period).map(|(_, v, _)| v.clone()),
        field_lines: field_lines.iter().map(|&i| lines[i].number).collect(),
    };
    let fields = Fields { record, field_lines };
    Extracted { value: fields, repairs, diagnostics: found }
}

/// A position printed over two lines: the second directly below, opening with a separator.
fn position_continuation(lines: &[Line], i: usize, last: usize) -> Option<usize> {
    let next = i + 1;
    (next <= last && lines[next].kind == LineKind::Text && lines[next].text().starts_with(['/', '／', '、'])).then_some(next)
}

/// One line of a headline; a line that does not continue an open ～subtitle～ is set off by a space.
struct TitlePart {
    index: usize,
    space_before: bool,
}

/// The report's headline: every title-like line between the report's start and its first section
/// heading, wherever the field lines stand among them (before, between or after), up to the first
/// line of content. A line that continues a ～subtitle～ broken over lines (the ～ still open) joins
/// without a space.
fn title_parts(lines: &[Line], span: ReportSpan, field_lines: &BTreeSet<usize>) -> Vec<TitlePart> {
    let region_end = (span.first..=span.last).find(|&i| lines[i].heading().is_some()).unwrap_or(span.last + 1);
    let mut parts: Vec<TitlePart> = Vec::new();
    let mut open_subtitle = false;
    for (i, line) in lines.iter().enumerate().take(region_end).skip(span.first) {
        if line.is_blank() || field_lines.contains(&i) || vocab::is_decoration(line.key()) {
            continue;
        }
        if !is_title_like(line) || is_decorated_heading(line) {
            if parts.is_empty() {
                continue;
            }
            break;
        }
        let text = line.text();
        parts.push(TitlePart { index: i, space_before: !parts.is_empty() && !open_subtitle });
        open_subtitle ^= text.matches(['～', '~']).count() % 2 == 1;
    }
    parts
}

fn join_title(parts: &[TitlePart], mut text_of: impl FnMut(&TitlePart) -> String) -> Option<String> {
    if parts.is_empty() {
        return None;
    }
    let mut title = String::new();
    for part in parts {
        if part.space_before {
            title.push(' ');
        }
        title.push_str(&text_of(part));
    }
    Some(title)
}

/// A truncated label (兵庫県南あわじ) can leave its last character at the start of the next
/// line (「市 「子育ての…」): that stray suffix is not part of the title.
fn strip_spilled_suffix(title: String, municipality: &Municipality) -> String {
    let (Some(raw), Some(name)) = (&municipality.raw, &municipality.name) else { return title };
    for suffix in ["市 ", "町 ", "村 "] {
        let suffix_char = suffix.trim();
        if name.ends_with(suffix_char)
            && !raw.ends_with(suffix_char)
            && let Some(rest) = title.strip_prefix(suffix)
        {
            return rest.to_string();
        }
    }
    title
}

/// A page logo naming the place can share the headline's line: 「… 観光地域づくり 出雲」 on a
/// 出雲市 report. A last word that is the municipality's name without 市/町/村 is that logo.
fn strip_logo_name(title: String, municipality: &Municipality) -> String {
    let Some(name) = &municipality.name else { return title };
    let stem = name.trim_end_matches(['市', '町', '村']);
    match title.rsplit_once(' ') {
        Some((head, last)) if !stem.is_empty() && last == stem && !head.is_empty() => head.to_string(),
        _ => title,
    }
}

fn municipality(lines: &[Line], span: ReportSpan, label: Option<&MunicipalityLabel>, title: Option<&str>, diagnostics: &mut Vec<Diagnostic>) -> Municipality {
    let report_lines = [lines[span.first].number, lines[span.last].number];
    let mut result = Municipality { raw: label.map(|l| l.value.clone()), prefecture: None, name: None, code: None };
    let mut found = None;
    if let Some(MunicipalityLabel { index: i, value, resolution }) = label {
        match resolution {
            Resolution::Found(entry) => found = Some(entry.clone()),
            Resolution::Ambiguous(entries) => diagnostics.push(Diagnostic::new(DiagnosticCode::AmbiguousMunicipality,
                format!("「{value}」 could be {}", entries.iter().map(|e| format!("{}{}", e.prefecture, e.name)).collect::<Vec<_>>().join(", ")),
                [lines[*i].number, lines[*i].number],
            )),
            Resolution::NotFound => diagnostics.push(Diagnostic::new(DiagnosticCode::UnknownMunicipality,
                format!("「{value}」 is not in the municipality code table"),
                [lines[*i].number, lines[*i].number],
            )),
        }
    } else {
        diagnostics.push(Diagnostic::new(DiagnosticCode::MissingMunicipalityLabel, "no 派遣先市町村 line", report_lines));
    }
    if found.is_none() {
        // Without a usable label, the title and the 「X市の課題」 heading may still name the place.
        let mut named = title.map(str::to_string).unwrap_or_default();
        for line in &lines[span.first..=span.last] {
            if line.heading() == Some(SectionKind::Challenges) {
                named.push('\n');
                named.push_str(line.text());
            }
        }
        found = municipality::find_in_text(&named);
        if found.is_none() {
            diagnostics.push(Diagnostic::new(DiagnosticCode::UnresolvedMunicipality, "no municipality could be determined", report_lines));
        }
    }
    if let Some(entry) = found {
        result.prefecture = Some(entry.prefecture.to_string());
        result.name = Some(entry.name.to_string());
        result.code = Some(entry.code.to_string());
    }
    result
}

/// Splits a 派遣者氏名 value into persons. 「チーム派遣（代表：X）」 gives X and a team; a value
/// that names an office gives nobody and a diagnostic.
fn persons(value: &str, line: usize, diagnostics: &mut Vec<Diagnostic>) -> (Vec<String>, bool) {
    let mut team = value.contains("チーム派遣");
    let value = match value.split_once("代表:") {
        Some((_, rest)) => rest.trim_end_matches(')'),
        None if team => "",
        None => value,
    };
    let mut names = Vec::new();
    for name in value.split(['、', '/', '／', ',', '，', '・']).map(str::trim).filter(|n| !n.is_empty()) {
        if vocab::is_non_person(name) {
            diagnostics.push(Diagnostic::new(DiagnosticCode::NonPersonDispatchee,
                format!("派遣者氏名 「{name}」 names no person"),
                [line, line],
            ));
            team = true;
        } else {
            names.push(name.to_string());
        }
    }
    team |= names.len() > 1;
    (names, team)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(value: &str) -> (Vec<String>, bool, usize) {
        let mut diagnostics = Vec::new();
        let (names, team) = persons(value, 1, &mut diagnostics);
        (names, team, diagnostics.len())
    }

    #[test]
    fn persons_split_on_separators() {
        assert_eq!(split("鈴木 健一"), (vec!["鈴木 健一".to_string()], false, 0));
        assert_eq!(split("瀬戸 伸亮/土肥 憲市").0, ["瀬戸 伸亮", "土肥 憲市"]);
        assert_eq!(split("大島裕司、青山光彦、中村浩俊").0.len(), 3);
        assert_eq!(split("久保・飯田"), (vec!["久保".to_string(), "飯田".to_string()], true, 0));
    }

    #[test]
    fn team_dispatch_gives_its_representative() {
        assert_eq!(split("チーム派遣(代表:舛田路子)"), (vec!["舛田路子".to_string()], true, 0));
    }

    #[test]
    fn person_names_are_never_repaired_but_positions_are() {
        let text = "派遣先市町村：鹿児島県日置市\n派遣者氏名：戰場 將太\n派遣先での役職：企画課 戰略監\n";
        let lines = crate::extract::classify::classify(crate::extract::read::read_source("t", text.as_bytes()).unwrap());
        let report = crate::extract::segment::segment(&lines).reports.remove(0);
        let fields = read_fields(&lines, &report, &std::sync::Arc::default());
        assert_eq!(fields.value.record.dispatchees, ["戰場 將太"]);
        assert_eq!(fields.value.record.position.as_deref(), Some("企画課 戦略監"));
        assert_eq!(fields.repairs.applied.len(), 1);
    }

    #[test]
    fn an_office_is_no_person() {
        assert_eq!(split("熊本支店"), (vec![], true, 1));
    }
}
