//! Rewrites the bundled edition the way another year's edition words things: word lists kept
//! here, never read from `src/data`, so that the code under test has never seen them. Every line
//! keeps its place (line numbers do not move), so the expected output is the bundled edition's,
//! with the rewritten values put in.
//!
//! The one table read from `src/data` is `markers.tsv`, for its marks: it is the specification of
//! which marks may decorate a section heading (`may`) and which only open items and subheadings
//! inside a section (`never`). Every mark it lists is put around heading words here, each in
//! every rewording, so a new row is exercised as soon as it is written.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;
use torikumi::record::{Edition, OrganizationKind, SectionKind};

/// Heading paraphrases per section kind, none of them printed in the bundled edition.
const CHALLENGES: &[&str] = &[
    "派遣先の現状と課題",
    "派遣先自治体の課題",
    "地域が抱える課題",
    "着任時の課題認識",
    "派遣先市町村が抱える課題",
    "市町村の現状と課題",
    "赴任先の課題",
    "地域の現状と課題認識",
    "当該自治体の課題",
];
const INITIATIVES: &[&str] = &[
    "これまでの取組",
    "課題解決に向けた取組",
    "課題に対する取り組みの状況",
    "取組の状況",
    "課題への取組状況",
    "これまでの取り組み内容",
    "課題に対する主な取組",
    "主な取組と成果",
    "具体的な取組内容",
];
const EXPERIENCES: &[&str] = &[
    "苦労・成功体験",
    "取組を通じた苦労と成功体験",
    "取組で学んだこと",
    "苦労した点と成功体験",
    "取組にあたっての苦労・成功体験(心がけ)",
    "成功体験と苦労",
    "活動を通じて得た気づき・苦労",
    "工夫した点と苦労した点",
];
const OUTLOOK: &[&str] = &["今後の展望", "今後の課題と展開", "今後の取組方針", "今後の展開予定", "今後の方向性", "今後に向けて", "これからの展開"];

fn paraphrases(kind: SectionKind) -> &'static [&'static str] {
    match kind {
        SectionKind::Challenges => CHALLENGES,
        SectionKind::Initiatives => INITIATIVES,
        SectionKind::Experiences => EXPERIENCES,
        _ => OUTLOOK,
    }
}

/// The usual section headings, as the bundled edition prints them (by [`usual_place`]).
const USUAL_HEADINGS: &[&str] = &["派遣先市町村の課題", "課題に対する取組状況", "取組にあたっての苦労・成功体験", "今後の展開"];

/// How one report may decorate its section headings besides the marks of markers.tsv (whose
/// examples give ■ …, 【…】, (1) …, 1. … and the other marks); `n` is the section's place in the
/// usual order.
const HEADING_STYLES: &[fn(usize, &str) -> String] = &[
    |_, h| h.to_string(),
    |_, h| h.to_string(),
    |_, h| format!("■{h}"),
    |n, h| format!("{} {h}", ["Ⅰ", "Ⅱ", "Ⅲ", "Ⅳ"][n - 1]),
    |n, h| format!("第{n} {h}"),
];

/// The marks of `src/data/markers.tsv`, each as its `example` column writes it around words (`…`),
/// by the row's `section` column.
pub struct TableMarks {
    /// Marks that may decorate a section heading: a reworded report decorates its section
    /// headings with one of them.
    pub may: Vec<String>,
    /// Marks that only open items and subheadings inside a section: a reworded report puts one
    /// before heading words inside a section, a line that must not open a section.
    pub never: Vec<String>,
}

pub fn table_marks() -> TableMarks {
    let table = std::fs::read_to_string("src/data/markers.tsv").unwrap();
    // The column names are the comment line that starts with the first column's name.
    let columns: Vec<&str> = table
        .lines()
        .filter_map(|line| line.strip_prefix('#').map(str::trim_start))
        .find(|line| line.starts_with("pattern\t"))
        .expect("markers.tsv: no column names")
        .split('\t')
        .collect();
    let column = |name: &str| columns.iter().position(|c| *c == name).unwrap_or_else(|| panic!("markers.tsv: no column {name}"));
    let (section, example) = (column("section"), column("example"));
    let mut marks = TableMarks { may: Vec::new(), never: Vec::new() };
    for row in table.lines().filter(|line| !line.is_empty() && !line.starts_with('#')) {
        let cells: Vec<&str> = row.split('\t').collect();
        assert_eq!(cells.len(), columns.len(), "markers.tsv: {row}");
        assert!(cells[example].contains('…'), "markers.tsv: an example without its words: {row}");
        match cells[section] {
            "may" => marks.may.push(cells[example].to_string()),
            "never" => marks.never.push(cells[example].to_string()),
            other => panic!("markers.tsv: section {other}: {row}"),
        }
    }
    marks
}

/// A mark's example around a heading's words; the numbering examples count with 1, which becomes
/// the section's place in the usual order (`(1) …` -> `(3) 苦労した点と成功体験`).
pub fn marked(example: &str, n: usize, words: &str) -> String {
    example.replace('1', &n.to_string()).replace('…', words)
}

/// One report's decoration of its section headings.
enum Style {
    Own(fn(usize, &str) -> String),
    /// A `may` mark of markers.tsv, as its example writes it.
    Table(String),
}

impl Style {
    fn decorate(&self, n: usize, words: &str) -> String {
        match self {
            Style::Own(style) => style(n, words),
            Style::Table(example) => marked(example, n, words),
        }
    }
}

/// Items drawn in a shuffled order, all of them before any again: over a rewording's 111 reports,
/// each is drawn as often as any other, so every mark of the table is exercised by every seed.
struct Deck<T> {
    items: Vec<T>,
    order: Vec<usize>,
    rng: Rng,
}

impl<T> Deck<T> {
    fn new(items: Vec<T>, rng: Rng) -> Self {
        Deck { items, order: Vec::new(), rng }
    }

    fn draw(&mut self) -> &T {
        if self.order.is_empty() {
            self.order = (0..self.items.len()).collect();
            for i in (1..self.order.len()).rev() {
                self.order.swap(i, self.rng.below(i + 1));
            }
        }
        let i = self.order.pop().unwrap();
        &self.items[i]
    }
}

/// Field labels worded otherwise, per field.
const MUNICIPALITY_LABELS: &[&str] = &["派遣先の市町村名", "派遣先自治体", "受入自治体", "派遣先市区町村", "派遣先市町村名"];
const DISPATCHEE_LABELS: &[&str] = &["派遣職員", "派遣者", "氏名", "派遣人材の氏名", "派遣者名"];
const ORGANIZATION_LABELS: &[&str] = &["出向元", "派遣元企業・団体", "派遣元団体", "所属元", "派遣元組織"];
const POSITION_LABELS: &[&str] = &["派遣先での職名", "役職", "派遣先における役職", "職名", "派遣先での役職名"];
const COLONS: &[&str] = &["：", ":", " : ", "："];

/// Organizations the bundled edition does not name: as printed, canonical name, kind.
const ORGANIZATIONS: &[(&str, &str, OrganizationKind)] = &[
    ("株式会社みらい創研", "株式会社みらい創研", OrganizationKind::Company),
    ("（株）北都ソリューションズ", "株式会社北都ソリューションズ", OrganizationKind::Company),
    ("瀬戸内データ工房株式会社", "瀬戸内データ工房株式会社", OrganizationKind::Company),
    ("国土交通省北陸地方整備局", "国土交通省北陸地方整備局", OrganizationKind::NationalGovernment),
    ("農林水産省東北農政局", "農林水産省東北農政局", OrganizationKind::NationalGovernment),
    ("デジタル庁", "デジタル庁", OrganizationKind::NationalGovernment),
    ("信州大学", "信州大学", OrganizationKind::University),
    ("一般社団法人まちづくり推進機構", "一般社団法人まちづくり推進機構", OrganizationKind::Other),
    ("合同会社ひだまり企画", "合同会社ひだまり企画", OrganizationKind::Company),
    ("日本航空株式会社", "日本航空株式会社", OrganizationKind::Company),
];

/// Family and given names the bundled edition does not print; surnames ending like a department.
const FAMILY_NAMES: &[&str] = &["服部", "阿部", "岡部", "長谷部", "佐藤", "高橋", "渡辺", "伊藤", "小池", "松本", "井上", "斎藤", "清水", "森田"];
const GIVEN_NAMES: &[&str] = &["太郎", "花子", "翔太", "美咲", "健", "陽菜", "大輔", "由美", "拓海", "千尋"];

/// Other municipalities of each prefecture that the bundled edition names.
const MUNICIPALITIES: &[(&str, &[&str])] = &[
    ("北海道", &["岩見沢市", "美瑛町", "音威子府村"]),
    ("青森県", &["弘前市", "十和田市"]),
    ("岩手県", &["遠野市", "雫石町"]),
    ("宮城県", &["気仙沼市", "登米市"]),
    ("秋田県", &["能代市", "仙北市", "五城目町"]),
    ("山形県", &["酒田市", "寒河江市", "大石田町"]),
    ("福島県", &["白河市", "会津美里町", "磐梯町"]),
    ("茨城県", &["笠間市", "常総市", "大洗町"]),
    ("栃木県", &["那須塩原市", "茂木町"]),
    ("群馬県", &["富岡市", "草津町"]),
    ("埼玉県", &["秩父市", "小川町"]),
    ("千葉県", &["鴨川市", "南房総市", "大多喜町"]),
    ("新潟県", &["燕市", "十日町市", "湯沢町"]),
    ("石川県", &["七尾市", "輪島市", "能登町"]),
    ("長野県", &["飯田市", "小布施町"]),
    ("岐阜県", &["郡上市", "中津川市", "白川村"]),
    ("静岡県", &["掛川市", "伊豆市", "川根本町"]),
    ("愛知県", &["新城市", "設楽町"]),
    ("大阪府", &["泉佐野市", "河内長野市", "能勢町"]),
    ("兵庫県", &["豊岡市", "丹波篠山市", "香美町"]),
    ("奈良県", &["天理市", "宇陀市", "吉野町"]),
    ("和歌山県", &["田辺市", "高野町"]),
    ("鳥取県", &["倉吉市", "智頭町"]),
    ("島根県", &["浜田市", "海士町"]),
    ("岡山県", &["笠岡市", "高梁市", "勝央町"]),
    ("広島県", &["尾道市", "庄原市"]),
    ("山口県", &["萩市", "長門市", "周防大島町"]),
    ("愛媛県", &["西条市", "内子町"]),
    ("高知県", &["四万十市", "馬路村"]),
    ("福岡県", &["八女市", "うきは市"]),
    ("長崎県", &["五島市", "小値賀町"]),
    ("熊本県", &["人吉市", "菊池市", "南小国町"]),
    ("宮崎県", &["日南市", "綾町"]),
    ("鹿児島県", &["指宿市", "霧島市", "屋久島町"]),
    ("沖縄県", &["名護市", "国頭村"]),
];

/// The bundled edition's own labels, found by this test's own patterns.
static LABELLED: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(\s*)(派遣[^:：]{0,6}?)(\s*[:：]\s*)(.*)$").unwrap());

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Label {
    Municipality,
    Dispatchee,
    Organization,
    Position,
    Other,
}

fn label_of(label: &str) -> Label {
    let label: String = label.chars().filter(|c| !c.is_whitespace()).collect();
    if label.contains("役職") {
        Label::Position
    } else if label.contains("町村") {
        Label::Municipality
    } else if label.contains("氏名") || label.contains("者名") {
        Label::Dispatchee
    } else if label == "派遣元" {
        Label::Organization
    } else {
        Label::Other
    }
}

/// A small deterministic generator (xorshift), so that each seed gives one edition.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// What one report must give after the rewrite.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expected {
    pub lines: [usize; 2],
    pub prefecture: Option<String>,
    pub municipality: Option<String>,
    pub dispatchees: Vec<String>,
    pub organization: Option<String>,
    pub kind: Option<OrganizationKind>,
    pub position: Option<String>,
    pub title: Option<String>,
    /// Section headings as (line, kind).
    pub sections: Vec<(usize, SectionKind)>,
    /// Lines where a `never` mark of markers.tsv stands before heading words inside a section, as
    /// (line, the heading line of the section it stands in): no section heading.
    pub marked_inside: Vec<(usize, usize)>,
}

impl Expected {
    pub fn of(report: &torikumi::record::Report) -> Self {
        Expected {
            lines: report.lines,
            prefecture: report.fields.municipality.prefecture.clone(),
            municipality: report.fields.municipality.name.clone(),
            dispatchees: report.fields.dispatchees.clone(),
            organization: report.fields.dispatched_from.name.clone(),
            kind: report.fields.dispatched_from.kind,
            position: report.fields.position.clone(),
            title: report.fields.title.clone(),
            sections: report.sections.iter().filter(|s| s.heading.is_some()).map(|s| (s.lines[0], s.kind)).collect(),
            marked_inside: Vec::new(),
        }
    }

    /// The fields compared one by one for the field accuracy.
    pub fn fields(&self) -> [String; 7] {
        [
            format!("{:?}", self.prefecture),
            format!("{:?}", self.municipality),
            format!("{:?}", self.dispatchees),
            format!("{:?}", self.organization),
            format!("{:?}", self.kind),
            format!("{:?}", self.position),
            format!("{:?}", self.title),
        ]
    }
}

/// The bundled edition rewritten with `seed`, and what each report must give.
pub fn reworded(raw: &str, base: &Edition, seed: u64) -> (String, Vec<Expected>) {
    let mut rng = Rng::new(seed);
    let mut lines: Vec<String> = raw.split('\n').map(str::to_string).collect();
    let mut expected = Vec::new();
    let moved = moved_municipalities(base, &mut rng);
    // The marks are drawn by generators of their own, so that a new row of markers.tsv changes
    // which marks the reports get and no other choice of the rewording.
    let marks = table_marks();
    let styles = HEADING_STYLES.iter().map(|&style| Style::Own(style)).chain(marks.may.into_iter().map(Style::Table)).collect();
    let mut styles = Deck::new(styles, Rng::new(seed ^ 0x5EC7_10E5));
    let mut never = Deck::new(marks.never, Rng::new(seed ^ 0x17E4_5000));
    for report in &base.reports {
        let mut want = Expected::of(report);
        let [first, last] = report.lines;
        reorder_header(&mut lines, report, &mut rng);
        let style = styles.draw();
        for section in report.sections.iter().filter(|s| s.heading.is_some()) {
            let line = &mut lines[section.lines[0] - 1];
            let number: String = line.trim_end().chars().rev().take_while(|c| matches!(c, '①'..='⑳' | '・')).collect();
            let number: String = number.chars().rev().collect();
            let paraphrase = paraphrases(section.kind)[rng.below(paraphrases(section.kind).len())];
            *line = format!("{}{number}", style.decorate(usual_place(section.kind).unwrap_or(1), paraphrase));
        }
        // Heading words behind a mark that never decorates a section heading (・今後の展開,
        // ▸主な取組と成果), inside a section: an item or subheading of that section, which must not
        // open one, even when the words are a usual heading or those of the section that comes next.
        if let Some((n, heading)) = place_inside_a_section(&lines, report, &mut rng) {
            let kind = [SectionKind::Challenges, SectionKind::Initiatives, SectionKind::Experiences, SectionKind::Outlook][rng.below(4)];
            let place = usual_place(kind).unwrap_or(1);
            let words = if rng.below(2) == 0 { USUAL_HEADINGS[place - 1] } else { *rng.pick(paraphrases(kind)) };
            lines[n - 1] = marked(never.draw(), place, words);
            want.marked_inside.push((n, heading));
        }
        // Another municipality of the same prefecture, everywhere the report names its own.
        if let (Some(name), Some(other)) = (&report.fields.municipality.name, moved.get(&report.fields.municipality.code)) {
            let label_names_it = report.fields.municipality.raw.as_deref().is_none_or(|raw| raw.contains(name.as_str()));
            if label_names_it {
                let stems = [name.as_str(), name.trim_end_matches(['市', '町', '村'])];
                let new_stems = [other.as_str(), other.trim_end_matches(['市', '町', '村'])];
                let rename = |text: &str| {
                    let text = text.replace(stems[0], new_stems[0]);
                    if stems[1].chars().count() >= 2 { text.replace(stems[1], new_stems[1]) } else { text }
                };
                for line in &mut lines[first - 1..last] {
                    *line = rename(line);
                }
                want.municipality = Some(other.to_string());
                want.title = want.title.as_deref().map(rename);
                want.position = want.position.as_deref().map(rename);
            }
        }
        let mut new_persons = Vec::new();
        for &n in &report.fields.field_lines {
            let line = lines[n - 1].clone();
            let Some(caps) = LABELLED.captures(&line) else { continue };
            let (indent, label, value) = (&caps[1], &caps[2], &caps[4]);
            let colon = rng.pick(COLONS);
            let (new_label, new_value) = match label_of(label) {
                Label::Municipality => (*rng.pick(MUNICIPALITY_LABELS), value.to_string()),
                Label::Position => (*rng.pick(POSITION_LABELS), value.to_string()),
                Label::Organization => {
                    let (printed, name, kind) = rng.pick(ORGANIZATIONS);
                    if !value.trim().is_empty() {
                        want.organization = Some(name.to_string());
                        want.kind = Some(*kind);
                    }
                    (*rng.pick(ORGANIZATION_LABELS), if value.trim().is_empty() { String::new() } else { printed.to_string() })
                }
                Label::Dispatchee => {
                    let value = renamed(value, &report.fields.dispatchees, &mut rng, &mut new_persons);
                    (*rng.pick(DISPATCHEE_LABELS), value)
                }
                Label::Other => continue,
            };
            lines[n - 1] = format!("{indent}{new_label}{colon}{new_value}");
        }
        if !new_persons.is_empty() {
            want.dispatchees = new_persons;
        }
        expected.push(want);
    }
    (lines.join("\n"), expected)
}

/// A section's place in the usual order, from 1.
fn usual_place(kind: SectionKind) -> Option<usize> {
    [SectionKind::Challenges, SectionKind::Initiatives, SectionKind::Experiences, SectionKind::Outlook]
        .iter()
        .position(|k| *k == kind)
        .map(|p| p + 1)
}

/// A line inside one of the report's sections, after its heading and before its last line, that
/// may be rewritten, and the heading line of that section: a blank line when the report has one
/// there (no text is lost), else a line of text. Never a labelled field line.
fn place_inside_a_section(lines: &[String], report: &torikumi::record::Report, rng: &mut Rng) -> Option<(usize, usize)> {
    let inside: Vec<(usize, usize)> = report
        .sections
        .iter()
        .filter(|s| s.heading.is_some())
        .flat_map(|s| (s.lines[0] + 1..s.lines[1]).map(move |n| (n, s.lines[0])))
        .filter(|(n, _)| !report.fields.field_lines.contains(n))
        .collect();
    let blank: Vec<(usize, usize)> = inside.iter().copied().filter(|(n, _)| lines[n - 1].trim().is_empty()).collect();
    let places = if blank.is_empty() { inside } else { blank };
    (!places.is_empty()).then(|| places[rng.below(places.len())])
}

/// Each municipality of the edition (by code) -> another of its prefecture. Two municipalities never
/// move to one place, which would merge their reports; one that finds no free place stays.
fn moved_municipalities(base: &Edition, rng: &mut Rng) -> BTreeMap<Option<String>, String> {
    let mut moved = BTreeMap::new();
    let mut taken: Vec<String> = base.reports.iter().filter_map(|r| r.fields.municipality.name.clone()).collect();
    for report in &base.reports {
        let (Some(prefecture), Some(_)) = (&report.fields.municipality.prefecture, &report.fields.municipality.name) else { continue };
        if moved.contains_key(&report.fields.municipality.code) {
            continue;
        }
        let Some((_, others)) = MUNICIPALITIES.iter().find(|(p, _)| p == prefecture) else { continue };
        let free: Vec<&&str> = others.iter().filter(|o| !taken.iter().any(|t| t == **o)).collect();
        if free.is_empty() {
            continue;
        }
        let other = free[rng.below(free.len())].to_string();
        taken.push(other.clone());
        moved.insert(report.fields.municipality.code.clone(), other);
    }
    moved
}

/// A 派遣者氏名 value with every person in it replaced by a new name, separators kept.
fn renamed(value: &str, persons: &[String], rng: &mut Rng, new_persons: &mut Vec<String>) -> String {
    let mut out = value.to_string();
    for person in persons {
        let printed = [person.clone(), person.replace(' ', "\u{3000}"), person.replace(' ', "")]
            .into_iter()
            .find(|p| out.contains(p.as_str()));
        let Some(printed) = printed else { continue };
        let family = *rng.pick(FAMILY_NAMES);
        let new = if person.contains(' ') {
            format!("{family} {}", rng.pick(GIVEN_NAMES))
        } else if person.chars().count() <= 2 {
            family.to_string()
        } else {
            format!("{family}{}", rng.pick(GIVEN_NAMES))
        };
        out = out.replacen(printed.as_str(), &new, 1);
        new_persons.push(new);
    }
    out
}

/// Fields in another order and the headline after them: the non-blank lines above the first
/// section heading of a report that opens with its labelled lines are put back into the same
/// places, labelled lines first (shuffled), headline lines last.
fn reorder_header(lines: &mut [String], report: &torikumi::record::Report, rng: &mut Rng) {
    let [first, _] = report.lines;
    let Some(heading) = report.sections.iter().find(|s| s.heading.is_some()).map(|s| s.lines[0]) else { return };
    let slots: Vec<usize> = (first..heading).filter(|&n| !lines[n - 1].trim().is_empty()).collect();
    let is_field = |n: &usize| report.fields.field_lines.contains(n);
    // Only a header made of labelled lines and the headline: anything else stays where it is.
    if !slots.iter().all(is_field) || !LABELLED.is_match(&lines[first - 1]) {
        return;
    }
    let (mut labelled, headline): (Vec<usize>, Vec<usize>) = slots.iter().partition(|&&n| LABELLED.is_match(&lines[n - 1]));
    // A value continued on the next line (／特別デジタル専門監) must stay below its label.
    if headline.iter().any(|&n| lines[n - 1].trim_start().starts_with(['/', '／'])) {
        return;
    }
    for i in (1..labelled.len()).rev() {
        labelled.swap(i, rng.below(i + 1));
    }
    let texts: BTreeMap<usize, String> = slots.iter().map(|&n| (n, lines[n - 1].clone())).collect();
    for (slot, source) in slots.iter().zip(labelled.iter().chain(&headline)) {
        lines[slot - 1] = texts[source].clone();
    }
}
