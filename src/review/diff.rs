//! Review: what changed between two edition files, report by report.
//!
//! Two extractions of one edition (the committed file and what the code writes now, or two
//! conversions of one edition from differently named raw files) pair their reports by id, read
//! without the file stem it starts with (`r4-014389` and `r4-fixed-014389` are one report).
//! Across editions ids name other reports, so a report is the same one when it has the same
//! municipality and the same dispatchees; positions in the raw file (`lines`, `line`,
//! `field_lines`) are then ignored, as they say nothing across editions.
//!
//! Records are compared through their JSON form, so a field added to the record format is
//! compared without a change here. Sections are summarized rather than listed block by block:
//! a reviewer needs which section changed and how much, and reads the text in the file itself.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::fmt;
use std::path::Path;

use serde::Serialize;
use serde_json::Value;

use crate::review::export::json_name;
use crate::record::{Edition, EditionInfo, Report, Section, SectionKind};

/// Keys holding positions in the raw file, ignored when comparing different editions.
const POSITION_KEYS: [&str; 4] = ["lines", "line", "field_lines", "ordinal"];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Matching {
    /// Two files of the same edition (same source stem or same label): report ids, without their
    /// file stem, are stable.
    Id,
    /// Different editions: same municipality code (or name, when unresolved) and same dispatchees.
    MunicipalityAndDispatchees,
}

#[derive(Debug, Serialize)]
pub struct EditionDiff {
    pub old: Side,
    pub new: Side,
    pub matching: Matching,
    /// Changes outside the reports: edition metadata, unassigned lines, edition diagnostics.
    pub edition: Vec<FieldChange>,
    /// Changed reports, in the old file's order.
    pub changed: Vec<ReportDiff>,
    /// Reports only in the old file, in its order.
    pub removed: Vec<ReportRef>,
    /// Reports only in the new file, in its order.
    pub added: Vec<ReportRef>,
    pub unchanged: usize,
}

/// Which edition one side of the diff is.
#[derive(Debug, Serialize)]
pub struct Side {
    pub source: String,
    pub label: Option<String>,
}

/// A report named the way a reviewer recognizes it.
#[derive(Debug, Serialize)]
pub struct ReportRef {
    pub id: String,
    pub municipality: Option<String>,
    pub dispatchees: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct ReportDiff {
    pub old_id: String,
    pub new_id: String,
    /// As in the new file.
    pub municipality: Option<String>,
    pub dispatchees: Vec<String>,
    pub fields: Vec<FieldChange>,
    pub sections: Vec<SectionChange>,
}

#[derive(Debug, PartialEq, Serialize)]
pub struct FieldChange {
    /// Dotted path in the record format (`municipality.code`); `repairs[]` is one entry of a list.
    pub field: String,
    pub change: Change,
    /// Null when added.
    pub old: Value,
    /// Null when removed.
    pub new: Value,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    Added,
    Removed,
    Changed,
}

/// One section that differs. Sections pair by kind and occurrence: the second `initiatives`
/// section of the old report with the second of the new.
#[derive(Debug, Serialize)]
pub struct SectionChange {
    pub kind: SectionKind,
    /// 1 for the first section of its kind in the report, 2 for the second, ...
    pub occurrence: usize,
    /// As in the new report (the old one when removed).
    pub heading: Option<String>,
    pub change: Change,
    /// The section's own fields (heading, lines); for a changed section only.
    pub fields: Vec<FieldChange>,
    pub old_blocks: usize,
    pub new_blocks: usize,
    pub blocks: BlockChanges,
}

/// How the old section's blocks became the new one's, aligned on the blocks they keep (longest
/// common subsequence): where blocks are both dropped and inserted between two kept ones, each
/// pair counts as one changed block, the rest as removed or added.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct BlockChanges {
    pub changed: usize,
    pub removed: usize,
    pub added: usize,
}

impl EditionDiff {
    pub fn is_empty(&self) -> bool {
        self.edition.is_empty() && self.changed.is_empty() && self.removed.is_empty() && self.added.is_empty()
    }

    /// Pretty JSON with a trailing newline, for `--format json`.
    pub fn to_json(&self) -> String {
        // Serializing plain structs of strings, numbers and JSON values cannot fail.
        #[allow(clippy::expect_used)]
        let mut text = serde_json::to_string_pretty(self).expect("a diff always serializes");
        text.push('\n');
        text
    }

    /// Whether a changed report's id changed: within one edition, beyond the file stems (a
    /// renamed raw file renames every id, which says nothing about the report).
    fn renamed(&self, report: &ReportDiff) -> bool {
        let stem = |side: &Side| Path::new(&side.source).file_stem().and_then(|s| s.to_str()).unwrap_or_default().to_string();
        match self.matching {
            Matching::Id => id_in_edition(&report.old_id, &stem(&self.old)) != id_in_edition(&report.new_id, &stem(&self.new)),
            Matching::MunicipalityAndDispatchees => report.old_id != report.new_id,
        }
    }

    /// The reviewer's rendering (its `Display`): `~` changed, `-` removed, `+` added.
    pub fn to_text(&self) -> String {
        self.to_string()
    }
}

impl fmt::Display for EditionDiff {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "old: {}", self.old)?;
        writeln!(f, "new: {}", self.new)?;
        match self.matching {
            Matching::Id => writeln!(f, "reports matched by id")?,
            Matching::MunicipalityAndDispatchees => writeln!(f, "reports matched by municipality and dispatchees")?,
        }
        if !self.edition.is_empty() {
            writeln!(f, "\nedition")?;
            write_fields(f, &self.edition, "  ")?;
        }
        for report in &self.changed {
            write!(f, "\n~ {}", report.old_id)?;
            if self.renamed(report) {
                write!(f, " -> {}", report.new_id)?;
            }
            writeln!(f, " {}", Who(&report.municipality, &report.dispatchees))?;
            write_fields(f, &report.fields, "  ")?;
            for section in &report.sections {
                write_section(f, section)?;
            }
        }
        for (sign, reports) in [("-", &self.removed), ("+", &self.added)] {
            if !reports.is_empty() {
                writeln!(f)?;
            }
            for report in reports {
                writeln!(f, "{sign} {} {}", report.id, Who(&report.municipality, &report.dispatchees))?;
            }
        }
        if self.is_empty() {
            writeln!(f, "\nno differences")
        } else {
            let (changed, removed, added) = (self.changed.len(), self.removed.len(), self.added.len());
            writeln!(f, "\nreports: {changed} changed, {removed} removed, {added} added, {} unchanged", self.unchanged)
        }
    }
}

impl fmt::Display for Side {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.label {
            Some(label) => write!(f, "{} ({label})", self.source),
            None => write!(f, "{}", self.source),
        }
    }
}

/// A report's municipality and dispatchees, as a reviewer names it.
struct Who<'a>(&'a Option<String>, &'a [String]);

impl fmt::Display for Who<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Who(municipality, dispatchees) = self;
        write!(f, "{}", municipality.as_deref().unwrap_or("(no municipality)"))?;
        if dispatchees.is_empty() { write!(f, " (no dispatchee)") } else { write!(f, " {}", dispatchees.join("、")) }
    }
}

/// One line per field; values as compact JSON (a `Value` displays as such).
fn write_fields(f: &mut fmt::Formatter<'_>, fields: &[FieldChange], indent: &str) -> fmt::Result {
    for field in fields {
        let (name, old, new) = (&field.field, &field.old, &field.new);
        match field.change {
            Change::Added => writeln!(f, "{indent}+ {name}: {new}")?,
            Change::Removed => writeln!(f, "{indent}- {name}: {old}")?,
            Change::Changed => writeln!(f, "{indent}~ {name}: {old} -> {new}")?,
        }
    }
    Ok(())
}

fn write_section(f: &mut fmt::Formatter<'_>, section: &SectionChange) -> fmt::Result {
    let mut name = json_name(section.kind);
    if section.occurrence > 1 {
        name = format!("{name} {}", section.occurrence);
    }
    if let Some(heading) = &section.heading {
        name = format!("{name} 「{heading}」");
    }
    match section.change {
        Change::Added => writeln!(f, "  + section {name}: {} blocks", section.new_blocks)?,
        Change::Removed => writeln!(f, "  - section {name}: {} blocks", section.old_blocks)?,
        Change::Changed if section.blocks == BlockChanges::default() => writeln!(f, "  ~ section {name}")?,
        Change::Changed => {
            let b = section.blocks;
            let counts: Vec<String> = [(b.changed, "changed"), (b.removed, "removed"), (b.added, "added")]
                .iter()
                .filter(|(n, _)| *n > 0)
                .map(|(n, what)| format!("{n} {what}"))
                .collect();
            let (old, new) = (section.old_blocks, section.new_blocks);
            writeln!(f, "  ~ section {name}: blocks {old} -> {new} ({})", counts.join(", "))?;
        }
    }
    write_fields(f, &section.fields, "      ")
}

/// Compares two edition files.
pub fn diff(old: &Edition, new: &Edition) -> EditionDiff {
    let matching = if same_edition(&old.edition, &new.edition) { Matching::Id } else { Matching::MunicipalityAndDispatchees };
    let positions = matching == Matching::Id;

    let mut edition = Vec::new();
    let without_reports = |e: &Edition| {
        let mut value = comparable(e, positions);
        if let Some(edition) = value.as_object_mut() {
            edition.remove("reports");
        }
        value
    };
    compare("", &without_reports(old), &without_reports(new), &mut edition);

    let (pairs, removed, added) = pair_reports(old, new, matching);
    let mut changed = Vec::new();
    for (a, b) in &pairs {
        let report = diff_report(a, b, positions);
        if !report.fields.is_empty() || !report.sections.is_empty() {
            changed.push(report);
        }
    }
    EditionDiff {
        old: side(&old.edition),
        new: side(&new.edition),
        matching,
        edition,
        unchanged: pairs.len() - changed.len(),
        changed,
        removed: removed.into_iter().map(report_ref).collect(),
        added: added.into_iter().map(report_ref).collect(),
    }
}

fn side(info: &EditionInfo) -> Side {
    Side { source: info.source.clone(), label: info.label.clone() }
}

fn same_edition(old: &EditionInfo, new: &EditionInfo) -> bool {
    stem(old) == stem(new) || (old.label.is_some() && old.label == new.label)
}

fn municipality_name(report: &Report) -> Option<String> {
    let m = &report.fields.municipality;
    match (&m.prefecture, &m.name) {
        (Some(prefecture), Some(name)) => Some(format!("{prefecture}{name}")),
        _ => m.raw.clone(),
    }
}

fn report_ref(report: &Report) -> ReportRef {
    ReportRef { id: report.id.clone(), municipality: municipality_name(report), dispatchees: report.fields.dispatchees.clone() }
}

/// The file stem of an edition's source (`raw/r4.txt` -> `r4`), which every report id starts with.
fn stem(info: &EditionInfo) -> &str {
    Path::new(&info.source).file_stem().and_then(|s| s.to_str()).unwrap_or_default()
}

/// A report id without its edition's stem: `r4-014389-2` -> `014389-2`. Two conversions of one
/// edition from differently named files (`r4.txt`, `r4-fixed.txt`) give the same rest.
fn id_in_edition<'a>(id: &'a str, stem: &str) -> &'a str {
    id.strip_prefix(stem).and_then(|rest| rest.strip_prefix('-')).unwrap_or(id)
}

/// What makes two reports the same report under `matching`; `stem` is the report's edition's.
fn match_key<'a>(report: &'a Report, stem: &str, matching: Matching) -> (Option<&'a str>, &'a [String]) {
    match matching {
        Matching::Id => (Some(id_in_edition(&report.id, stem)), &[]),
        Matching::MunicipalityAndDispatchees => {
            let m = &report.fields.municipality;
            (m.code.as_deref().or(m.name.as_deref()).or(m.raw.as_deref()), &report.fields.dispatchees)
        }
    }
}

type Pairing<'a> = (Vec<(&'a Report, &'a Report)>, Vec<&'a Report>, Vec<&'a Report>);

/// Pairs reports with equal keys; several reports with one key pair in document order.
fn pair_reports<'a>(old: &'a Edition, new: &'a Edition, matching: Matching) -> Pairing<'a> {
    let (old_stem, new_stem) = (stem(&old.edition), stem(&new.edition));
    let (old, new) = (&old.reports, &new.reports);
    let mut waiting: BTreeMap<_, VecDeque<usize>> = BTreeMap::new();
    for (i, report) in new.iter().enumerate() {
        waiting.entry(match_key(report, new_stem, matching)).or_default().push_back(i);
    }
    let mut paired = vec![false; new.len()];
    let mut pairs = Vec::new();
    let mut removed = Vec::new();
    for report in old {
        match waiting.get_mut(&match_key(report, old_stem, matching)).and_then(VecDeque::pop_front) {
            Some(i) => {
                paired[i] = true;
                pairs.push((report, &new[i]));
            }
            None => removed.push(report),
        }
    }
    let added = new.iter().zip(&paired).filter(|(_, paired)| !**paired).map(|(report, _)| report).collect();
    (pairs, removed, added)
}

fn diff_report(old: &Report, new: &Report, positions: bool) -> ReportDiff {
    let without_sections = |r: &Report| {
        let mut value = comparable(r, positions);
        if let Some(report) = value.as_object_mut() {
            report.remove("id");
            report.remove("sections");
        }
        value
    };
    let mut fields = Vec::new();
    compare("", &without_sections(old), &without_sections(new), &mut fields);
    let sections = diff_sections(&old.sections, &new.sections, positions);
    let kinds = |r: &Report| r.sections.iter().map(|s| json_name(s.kind)).collect::<Vec<_>>();
    if sections.is_empty() && kinds(old) != kinds(new) {
        // Same sections, printed in another order: pairing by kind hides that, so say it.
        fields.push(FieldChange::new("sections (order)", Value::from(kinds(old)), Value::from(kinds(new))));
    }
    ReportDiff {
        old_id: old.id.clone(),
        new_id: new.id.clone(),
        municipality: municipality_name(new),
        dispatchees: new.fields.dispatchees.clone(),
        fields,
        sections,
    }
}

fn diff_sections(old: &[Section], new: &[Section], positions: bool) -> Vec<SectionChange> {
    let mut kinds: Vec<SectionKind> = Vec::new();
    for section in new.iter().chain(old) {
        if !kinds.contains(&section.kind) {
            kinds.push(section.kind);
        }
    }
    let mut changes = Vec::new();
    for kind in kinds {
        let a: Vec<&Section> = old.iter().filter(|s| s.kind == kind).collect();
        let b: Vec<&Section> = new.iter().filter(|s| s.kind == kind).collect();
        for i in 0..a.len().max(b.len()) {
            let occurrence = i + 1;
            let change = match (a.get(i), b.get(i)) {
                (Some(old), Some(new)) => diff_section(old, new, occurrence, positions),
                (Some(old), None) => Some(SectionChange::whole(old, occurrence, Change::Removed)),
                (None, Some(new)) => Some(SectionChange::whole(new, occurrence, Change::Added)),
                (None, None) => None,
            };
            changes.extend(change);
        }
    }
    changes
}

fn diff_section(old: &Section, new: &Section, occurrence: usize, positions: bool) -> Option<SectionChange> {
    let own_fields = |s: &Section| {
        let mut value = comparable(s, positions);
        if let Some(section) = value.as_object_mut() {
            section.remove("blocks");
        }
        value
    };
    let mut fields = Vec::new();
    compare("", &own_fields(old), &own_fields(new), &mut fields);
    let blocks = |s: &Section| s.blocks.iter().map(|b| comparable(b, positions)).collect::<Vec<_>>();
    let (a, b) = (blocks(old), blocks(new));
    let change = SectionChange {
        kind: new.kind,
        occurrence,
        heading: new.heading.clone(),
        change: Change::Changed,
        fields,
        old_blocks: a.len(),
        new_blocks: b.len(),
        blocks: block_changes(&a, &b),
    };
    let differs = !change.fields.is_empty() || change.blocks != BlockChanges::default();
    differs.then_some(change)
}

impl SectionChange {
    fn whole(section: &Section, occurrence: usize, change: Change) -> Self {
        let blocks = section.blocks.len();
        let (old_blocks, new_blocks) = if change == Change::Added { (0, blocks) } else { (blocks, 0) };
        SectionChange {
            kind: section.kind,
            occurrence,
            heading: section.heading.clone(),
            change,
            fields: Vec::new(),
            old_blocks,
            new_blocks,
            blocks: BlockChanges { changed: 0, removed: old_blocks, added: new_blocks },
        }
    }
}

impl FieldChange {
    fn new(field: &str, old: Value, new: Value) -> Self {
        let change = match (&old, &new) {
            (Value::Null, _) => Change::Added,
            (_, Value::Null) => Change::Removed,
            _ => Change::Changed,
        };
        FieldChange { field: field.to_string(), change, old, new }
    }
}

fn block_changes(old: &[Value], new: &[Value]) -> BlockChanges {
    // kept[i][j]: length of the longest common subsequence of old[i..] and new[j..].
    let mut kept = vec![vec![0usize; new.len() + 1]; old.len() + 1];
    for i in (0..old.len()).rev() {
        for j in (0..new.len()).rev() {
            kept[i][j] = if old[i] == new[j] { kept[i + 1][j + 1] + 1 } else { kept[i + 1][j].max(kept[i][j + 1]) };
        }
    }
    let mut changes = BlockChanges::default();
    let (mut dropped, mut inserted) = (0, 0);
    let mut close_gap = |dropped: &mut usize, inserted: &mut usize| {
        let changed = (*dropped).min(*inserted);
        changes.changed += changed;
        changes.removed += *dropped - changed;
        changes.added += *inserted - changed;
        (*dropped, *inserted) = (0, 0);
    };
    let (mut i, mut j) = (0, 0);
    while i < old.len() || j < new.len() {
        if i < old.len() && j < new.len() && old[i] == new[j] {
            close_gap(&mut dropped, &mut inserted);
            (i, j) = (i + 1, j + 1);
        } else if j == new.len() || (i < old.len() && kept[i + 1][j] >= kept[i][j + 1]) {
            dropped += 1;
            i += 1;
        } else {
            inserted += 1;
            j += 1;
        }
    }
    close_gap(&mut dropped, &mut inserted);
    changes
}

/// A record's JSON form; without raw-file positions unless `positions`.
fn comparable<T: Serialize>(record: &T, positions: bool) -> Value {
    // Serializing plain structs of strings and numbers cannot fail.
    #[allow(clippy::expect_used)]
    let mut value = serde_json::to_value(record).expect("records always serialize");
    if !positions {
        strip_positions(&mut value);
    }
    value
}

fn strip_positions(value: &mut Value) {
    match value {
        Value::Object(object) => {
            object.retain(|key, _| !POSITION_KEYS.contains(&key.as_str()));
            object.values_mut().for_each(strip_positions);
        }
        Value::Array(items) => items.iter_mut().for_each(strip_positions),
        _ => {}
    }
}

/// Appends the differences between `old` and `new` at `path`: objects field by field, lists of
/// records (repairs, diagnostics) entry by entry, anything else as a whole value.
fn compare(path: &str, old: &Value, new: &Value, changes: &mut Vec<FieldChange>) {
    match (old, new) {
        (Value::Object(a), Value::Object(b)) => {
            let keys: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
            for key in keys {
                let field = if path.is_empty() { key.clone() } else { format!("{path}.{key}") };
                compare(&field, a.get(key).unwrap_or(&Value::Null), b.get(key).unwrap_or(&Value::Null), changes);
            }
        }
        _ if is_list_of_records(old) || is_list_of_records(new) => compare_entries(path, old, new, changes),
        _ if old != new => changes.push(FieldChange::new(path, old.clone(), new.clone())),
        _ => {}
    }
}

fn is_list_of_records(value: &Value) -> bool {
    value.as_array().is_some_and(|items| items.iter().any(Value::is_object))
}

/// Entries only in `old` are removed, entries only in `new` added; equal entries pair off.
fn compare_entries(path: &str, old: &Value, new: &Value, changes: &mut Vec<FieldChange>) {
    let empty = Vec::new();
    let old = old.as_array().unwrap_or(&empty);
    let new = new.as_array().unwrap_or(&empty);
    let field = format!("{path}[]");
    let mut paired = vec![false; new.len()];
    for entry in old {
        match (0..new.len()).find(|&i| !paired[i] && new[i] == *entry) {
            Some(i) => paired[i] = true,
            None => changes.push(FieldChange::new(&field, entry.clone(), Value::Null)),
        }
    }
    for (entry, _) in new.iter().zip(&paired).filter(|(_, paired)| !**paired) {
        changes.push(FieldChange::new(&field, Value::Null, entry.clone()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn changes(old: Value, new: Value) -> Vec<FieldChange> {
        let mut changes = Vec::new();
        compare("", &old, &new, &mut changes);
        changes
    }

    #[test]
    fn null_to_value_is_added_value_to_null_removed() {
        let found = changes(json!({"title": null, "position": "課長"}), json!({"title": "T", "position": null}));
        let kinds: Vec<(&str, Change)> = found.iter().map(|c| (c.field.as_str(), c.change)).collect();
        assert_eq!(kinds, [("position", Change::Removed), ("title", Change::Added)]);
    }

    #[test]
    fn nested_objects_compare_field_by_field() {
        let found = changes(json!({"municipality": {"code": "1", "name": "A"}}), json!({"municipality": {"code": "2", "name": "A"}}));
        assert_eq!(found, [FieldChange::new("municipality.code", json!("1"), json!("2"))]);
    }

    #[test]
    fn lists_of_records_compare_entry_by_entry_ignoring_order() {
        let a = json!({"code": "a"});
        let b = json!({"code": "b"});
        let c = json!({"code": "c"});
        let found = changes(json!({"diagnostics": [a, b]}), json!({"diagnostics": [c, a]}));
        assert_eq!(
            found,
            [FieldChange::new("diagnostics[]", b, Value::Null), FieldChange::new("diagnostics[]", Value::Null, c)]
        );
    }

    #[test]
    fn lists_of_text_compare_as_a_whole() {
        let found = changes(json!({"dispatchees": ["A"]}), json!({"dispatchees": ["A", "B"]}));
        assert_eq!(found, [FieldChange::new("dispatchees", json!(["A"]), json!(["A", "B"]))]);
    }

    #[test]
    fn a_block_replaced_between_kept_ones_counts_as_changed() {
        let blocks = |texts: &[&str]| texts.iter().map(|t| json!(t)).collect::<Vec<_>>();
        let counts = |old: &[&str], new: &[&str]| {
            let c = block_changes(&blocks(old), &blocks(new));
            (c.changed, c.removed, c.added)
        };
        assert_eq!(counts(&["a", "b", "c"], &["a", "b", "c"]), (0, 0, 0));
        assert_eq!(counts(&["a", "b", "c"], &["a", "B", "c"]), (1, 0, 0));
        assert_eq!(counts(&["a", "b", "c", "d"], &["a", "c", "x", "y", "d"]), (0, 1, 2));
        assert_eq!(counts(&["a", "b", "c"], &["x", "c", "d"]), (1, 1, 1));
        assert_eq!(counts(&[], &["a"]), (0, 0, 1));
    }

    fn sample() -> Edition {
        let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/sample.json")).unwrap();
        Edition::from_json(text.as_bytes()).unwrap()
    }

    /// The edition as converted from a copy of its raw file under another name.
    fn renamed(edition: &Edition, stem: &str) -> Edition {
        let mut copy = edition.clone();
        let old_stem = super::stem(&edition.edition).to_string();
        copy.edition.source = format!("raw/{stem}.txt");
        for report in &mut copy.reports {
            report.id = format!("{stem}-{}", id_in_edition(&report.id, &old_stem));
        }
        copy
    }

    #[test]
    fn one_edition_under_two_file_names_pairs_by_id_without_the_stem() {
        let old = sample();
        let mut new = renamed(&old, "sample-fixed");
        new.reports[0].fields.position = Some("changed".to_string());
        let diff = diff(&old, &new);
        assert_eq!(diff.matching, Matching::Id);
        assert_eq!((diff.changed.len(), diff.removed.len(), diff.added.len()), (1, 0, 0));
        assert_eq!(diff.unchanged, old.reports.len() - 1);
        assert!(diff.to_text().contains(&format!("\n~ {} ", old.reports[0].id)), "no arrow for a stem alone: {diff}");
    }

    #[test]
    fn other_editions_pair_by_municipality_and_dispatchees() {
        let old = sample();
        let mut new = renamed(&old, "next");
        new.edition.label = Some("令和9年度版".to_string());
        new.reports.reverse();
        let diff = diff(&old, &new);
        assert_eq!(diff.matching, Matching::MunicipalityAndDispatchees);
        assert_eq!((diff.changed.len(), diff.removed.len(), diff.added.len(), diff.unchanged), (0, 0, 0, old.reports.len()), "{diff}");
    }

    #[test]
    fn positions_are_stripped_at_every_depth() {
        let mut value = json!({"lines": [1, 2], "repairs": [{"line": 3, "to": "x"}], "field_lines": [1], "title": "t"});
        strip_positions(&mut value);
        assert_eq!(value, json!({"repairs": [{"to": "x"}], "title": "t"}));
    }
}
