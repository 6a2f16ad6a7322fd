//! Stage 3: classified lines -> report spans.
//!
//! A report is anchored on its field cluster: the labelled lines (派遣先市町村, 派遣者氏名, 派遣元,
//! 派遣先での役職) that stand together. Not every cluster opens a report:
//!
//! - a cluster that only repeats the current report's municipality and opens no 課題 section is
//!   the page header of a continuation page;
//! - a cluster without a municipality label, in a report that has no person fields yet and
//!   opening no 課題 section, is that report's field block printed mid-report.
//!
//! Every other cluster opens a report. A report opened by a cluster without municipality label
//! starts at the title-like lines right above the cluster (its headline and logo text); one
//! opened by a municipality label starts at that label, as every edition prints it first.
//! A report ends at the last non-blank line before the next report.

use crate::extract::classify::Line;
use crate::entities::municipality::{self, Resolution};
use crate::record::SectionKind;
use crate::vocab::FieldKind;

/// Field lines further apart than this (or with a heading between) form separate clusters.
const CLUSTER_GAP: usize = 12;
/// At most this many title-like lines above a cluster are taken into the report it opens.
const MAX_LINES_ABOVE: usize = 4;

/// Lines of one report, as indexes into the classified lines (inclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReportSpan {
    pub first: usize,
    pub last: usize,
}

/// A report's municipality label, resolved once here; fields reads it from here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MunicipalityLabel {
    /// Index of the labelled line.
    pub index: usize,
    /// The value as printed (normalized text).
    pub value: String,
    pub resolution: Resolution,
}

/// One report: its lines, and the municipality label that opened it or came first in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SegmentedReport {
    pub span: ReportSpan,
    pub municipality: Option<MunicipalityLabel>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segmentation {
    pub reports: Vec<SegmentedReport>,
    /// Runs of lines outside every report (inclusive indexes; may hold blank lines).
    pub unassigned: Vec<(usize, usize)>,
}

#[derive(Debug)]
struct Cluster {
    first: usize,
    last: usize,
    municipality: Option<MunicipalityLabel>,
    has_person_fields: bool,
}

pub fn segment(lines: &[Line]) -> Segmentation {
    let clusters = clusters(lines);
    // Each report's start and municipality label.
    let mut starts: Vec<(usize, Option<MunicipalityLabel>)> = Vec::new();
    // Whether the report being read named a person yet.
    let mut current_has_persons = false;

    for (i, cluster) in clusters.iter().enumerate() {
        let next_cluster = clusters.get(i + 1).map_or(lines.len(), |c| c.first);
        let opens_challenges = first_heading(lines, cluster.last + 1, next_cluster) == Some(SectionKind::Challenges);
        let current_municipality = starts.last().and_then(|(_, label)| label.as_ref()).map(identity);
        let new_report = match (&cluster.municipality, starts.is_empty()) {
            (_, true) => true,
            (Some(label), false) => {
                let repeats = current_municipality.as_deref() == Some(identity(label).as_str());
                !(repeats && !cluster.has_person_fields && !opens_challenges)
            }
            (None, false) => current_has_persons || opens_challenges,
        };
        if new_report {
            let start = match cluster.municipality {
                Some(_) => cluster.first,
                None => start_above(lines, cluster.first, starts.last().map(|(start, _)| *start)),
            };
            starts.push((start, cluster.municipality.clone()));
            current_has_persons = false;
        } else if let Some((_, label @ None)) = starts.last_mut() {
            label.clone_from(&cluster.municipality);
        }
        current_has_persons |= cluster.has_person_fields;
    }

    let mut reports = Vec::new();
    for (i, (first, municipality)) in starts.iter().enumerate() {
        let limit = starts.get(i + 1).map_or(lines.len(), |(start, _)| *start);
        let last = last_non_blank(lines, *first, limit).unwrap_or(*first);
        reports.push(SegmentedReport { span: ReportSpan { first: *first, last }, municipality: municipality.clone() });
    }
    let unassigned = match starts.first() {
        Some(&(first, _)) if first > 0 => vec![(0, first - 1)],
        Some(_) => Vec::new(),
        None if lines.is_empty() => Vec::new(),
        None => vec![(0, lines.len() - 1)],
    };
    Segmentation { reports, unassigned }
}

fn clusters(lines: &[Line]) -> Vec<Cluster> {
    let mut clusters: Vec<Cluster> = Vec::new();
    let mut last_heading: Option<usize> = None;
    for (i, line) in lines.iter().enumerate() {
        if line.heading().is_some() {
            last_heading = Some(i);
        }
        let Some((field, value)) = line.field() else { continue };
        let joins = clusters
            .last()
            .is_some_and(|c| i - c.last <= CLUSTER_GAP && last_heading.is_none_or(|h| h < c.last));
        if !joins {
            clusters.push(Cluster { first: i, last: i, municipality: None, has_person_fields: false });
        }
        let Some(cluster) = clusters.last_mut() else { continue };
        cluster.last = i;
        match field {
            FieldKind::Municipality if cluster.municipality.is_none() => {
                cluster.municipality =
                    Some(MunicipalityLabel { index: i, value: value.to_string(), resolution: municipality::resolve(value) });
            }
            FieldKind::Dispatchee | FieldKind::DispatchedFrom | FieldKind::Position => {
                cluster.has_person_fields = true;
            }
            _ => {}
        }
    }
    clusters
}

/// What makes two municipality labels "the same place": the resolved code, else the key.
fn identity(label: &MunicipalityLabel) -> String {
    match &label.resolution {
        Resolution::Found(entry) => entry.code.to_string(),
        _ => crate::extract::normalize::match_key(&label.value),
    }
}

fn first_heading(lines: &[Line], from: usize, to: usize) -> Option<SectionKind> {
    lines[from.min(to)..to].iter().find_map(Line::heading)
}

/// The first line of a report whose cluster has no municipality label: the headline and logo
/// lines directly above the cluster, never reaching into the previous report's start.
fn start_above(lines: &[Line], cluster_first: usize, previous_start: Option<usize>) -> usize {
    let floor = previous_start.map_or(0, |s| s + 1);
    let mut start = cluster_first;
    let mut taken = 0;
    let mut i = cluster_first;
    while i > floor && taken < MAX_LINES_ABOVE {
        i -= 1;
        let line = &lines[i];
        if line.is_blank() {
            continue;
        }
        if !line.is_title_like() {
            break;
        }
        start = i;
        taken += 1;
    }
    start
}

/// See [`Line::is_title_like`].
pub fn is_title_like(line: &Line) -> bool {
    line.is_title_like()
}

fn last_non_blank(lines: &[Line], from: usize, to: usize) -> Option<usize> {
    (from..to).rev().find(|&i| !lines[i].is_blank())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::classify::classify;
    use crate::extract::read::read_source;

    fn spans(text: &str) -> Vec<(usize, usize)> {
        let lines = classify(read_source("t.txt", text.as_bytes()).unwrap());
        segment(&lines).reports.iter().map(|r| (r.span.first + 1, r.span.last + 1)).collect()
    }

    #[test]
    fn each_municipality_label_opens_a_report() {
        let text = "表紙\n\n派遣先市町村：北海道沼田町\n派遣者氏名：鈴木 健一\n派遣先市町村の課題\n本文\n\n\
                    派遣先市町村：北海道更別村\n派遣者氏名：大野 仁\n派遣先市町村の課題\n本文\n\n";
        assert_eq!(spans(text), [(3, 6), (8, 11)]);
    }

    #[test]
    fn continuation_page_does_not_start_a_report() {
        let text = "派遣先市町村：岐阜県美濃加茂市\n派遣者氏名：後藤 貴康\n派遣市町村の課題\n本文\n今後の展開\n本文\n\
                    派遣市先市町村：岐阜県美濃加茂市【取組事例】\n医療ツーリズム\n本文\n";
        assert_eq!(spans(text), [(1, 9)]);
    }

    #[test]
    fn fields_in_the_middle_do_not_start_a_report() {
        let text = "派遣先市町村：秋田県横手市\n題名\n派遣先市町村の課題\n本文\n課題に対する取組状況\n本文\n\
                    派遣者氏名：山田 亮介\n派遣元：セブン-イレブン・ジャパン\n取組にあたっての苦労・成功体験\n本文\n";
        assert_eq!(spans(text), [(1, 10)]);
    }

    #[test]
    fn report_without_municipality_label_starts_at_its_title() {
        let text = "派遣先市町村：福島県南相馬市\n派遣者氏名：佐々木 康之\n派遣先市町村の課題\n今後の展開\n○本文の続き\n\n\
                    南相馬市『市民と市職員がイキイキと活躍するために』\n\nSUNTORY\n\n派遣者氏名:下山宏治\n福島県 南相馬市の課題\n本文\n";
        assert_eq!(spans(text), [(1, 5), (7, 13)]);
    }

    #[test]
    fn same_municipality_opening_a_challenges_section_is_a_new_report() {
        let text = "派遣先市町村：兵庫県姫路市\n派遣者氏名：三宿 仁\n派遣先市町村の課題\n本文\n\n\
                    派遣先市町村:兵庫県姫路市\n姫路市スマートシティの推進\n派遣先市町村の課題\n本文\n";
        assert_eq!(spans(text), [(1, 4), (6, 9)]);
    }
}
