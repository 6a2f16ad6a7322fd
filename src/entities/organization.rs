//! 派遣元 values -> canonical organization name and kind.
//!
//! Legal forms are spelled out by rule ((株)X -> 株式会社X, X(株) / X株 -> X株式会社,
//! 一社)X -> 一般社団法人X); brand names, abbreviations and misreadings go through the alias
//! table (`data/organizations.tsv`); kinds come from the alias table, else from the ordered
//! rules in `data/organization_kinds.tsv`.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;

use crate::extract::normalize::{clean, match_key};
use crate::record::OrganizationKind;
use crate::table;
use crate::tables::{Table, TableError, static_regex};
use crate::vocab::within_one_edit;

const ALIASES_TABLE: Table = table!("organizations.tsv");
const KINDS_TABLE: Table = table!("organization_kinds.tsv");
const UNITS_TABLE: Table = table!("organization_units.tsv");

/// Loads every table of this module (for the test that checks them all).
pub fn check_tables() -> Result<(), TableError> {
    ALIASES_TABLE.try_rows::<(String, String, OrganizationKind)>()?;
    KINDS_TABLE.try_rows::<(KindMatch, String, OrganizationKind)>()?;
    UNITS_TABLE.try_rows::<(String,)>()?;
    Ok(())
}

/// Aliases and canonical names (each canonical name is an alias of itself), by match key; ordered,
/// so that the misreading search tries them in one order on every run.
static ALIASES: LazyLock<BTreeMap<String, (String, OrganizationKind)>> = LazyLock::new(|| {
    let mut aliases = BTreeMap::new();
    for (alias, canonical, kind) in ALIASES_TABLE.rows::<(String, String, OrganizationKind)>() {
        aliases.insert(match_key(&canonical), (canonical.clone(), kind));
        aliases.insert(match_key(&alias), (canonical, kind));
    }
    aliases
});

#[derive(serde::Deserialize)]
#[serde(rename_all = "snake_case")]
enum KindMatch {
    Contains,
    Suffix,
}

static KIND_RULES: LazyLock<Vec<(KindMatch, String, OrganizationKind)>> = LazyLock::new(|| KINDS_TABLE.rows());

/// Abbreviated legal forms, in parentheses or with a closing parenthesis only (一社）).
static ABBREVIATED_FORM: LazyLock<Regex> =
    LazyLock::new(|| static_regex(r"\(?(株|有|一社|公財|一財|公社)\)"));
/// Spaces next to a spelled-out legal form are layout, not part of the name.
static SPACE_BY_FORM: LazyLock<Regex> = LazyLock::new(|| {
    static_regex(r"\s*(株式会社|有限会社|一般社団法人|公益財団法人|一般財団法人|公益社団法人)\s*")
});

fn spelled_out(abbreviation: &str) -> &'static str {
    match abbreviation {
        "株" => "株式会社",
        "有" => "有限会社",
        "一社" => "一般社団法人",
        "公財" => "公益財団法人",
        "一財" => "一般財団法人",
        _ => "公益社団法人",
    }
}

/// A printed 派遣元 value, resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Organization {
    /// The legal entity's canonical name.
    pub name: String,
    pub kind: OrganizationKind,
    /// A branch or department printed with it (四国支社, 地域研究センター), which is not a
    /// separate entity: counts per organization join on `name`.
    pub unit: Option<String>,
}

static UNIT_SUFFIXES: LazyLock<Vec<String>> =
    LazyLock::new(|| UNITS_TABLE.rows::<(String,)>().into_iter().map(|(suffix,)| suffix).collect());

/// Splits `法政大学(地域研究センター)` and `株式会社NTTドコモ 四国支社` into entity and unit.
fn split_unit(name: &str) -> (String, Option<String>) {
    let is_unit = |text: &str| UNIT_SUFFIXES.iter().any(|suffix| text.ends_with(suffix));
    if let Some((entity, unit)) = name.strip_suffix(')').and_then(|n| n.rsplit_once('('))
        && is_unit(unit)
        && !entity.is_empty()
    {
        return (entity.trim().to_string(), Some(unit.to_string()));
    }
    if let Some((entity, unit)) = name.rsplit_once(' ')
        && is_unit(unit)
    {
        return (entity.trim().to_string(), Some(unit.to_string()));
    }
    (name.to_string(), None)
}

/// Resolves a printed 派遣元 value: legal forms spelled out, unit split off, aliases applied.
pub fn canonical(raw: &str) -> Organization {
    // Each pattern below matches only where a character stands that most names lack (the
    // abbreviation's closing parenthesis, a space): a name without it is not searched. A match
    // costs more than a search, and SPACE_BY_FORM matches every 株式会社, spaced or not.
    let mut name = clean(raw);
    if name.contains(')') {
        name = ABBREVIATED_FORM.replace_all(&name, |caps: &regex::Captures| spelled_out(&caps[1]).to_string()).into_owned();
    }
    // A trailing 株 alone is the print's short form of 株式会社 (サントリーホールディングス株).
    if name.ends_with('株') && !name.ends_with("株式会社") {
        name.push_str("式会社");
    }
    if name.contains(char::is_whitespace) {
        name = SPACE_BY_FORM.replace_all(&name, "$1").trim().to_string();
        name = SPACED_CAPITALS.replace_all(&name, "$1$2$3$4").into_owned();
    }
    let (name, unit) = split_unit(&name);
    match alias(&match_key(&name)) {
        Some((canonical, kind)) => Organization { name: canonical.to_string(), kind: *kind, unit },
        None => Organization { kind: kind_of(&name), name, unit },
    }
}

/// OCR spaces letters of an acronym apart (「I Tスクエア」): a space between two single capitals.
static SPACED_CAPITALS: LazyLock<Regex> = LazyLock::new(|| static_regex(r"(^|[^A-Za-z])([A-Z]) ([A-Z])([^A-Za-z]|$)"));

/// Names at least this long (in characters) that are one character away from a listed name are
/// taken for a misreading of it; shorter names differ by one character too often (博報堂, 博報社).
const MIN_CHARS_FOR_MISREADING: usize = 6;

/// The alias table's entry for a match key: an alias or a canonical name, exactly, else one
/// misread, missing or extra character away.
fn alias(key: &str) -> Option<&'static (String, OrganizationKind)> {
    if let Some(entry) = ALIASES.get(key) {
        return Some(entry);
    }
    if key.chars().count() < MIN_CHARS_FOR_MISREADING {
        return None;
    }
    // One edit adds, drops or replaces one character, which changes the length by at most four
    // bytes: a cheap test that spares most aliases the character-by-character comparison.
    ALIASES
        .iter()
        .find(|(alias, _)| key.len().abs_diff(alias.len()) <= 4 && within_one_edit(key, alias))
        .map(|(_, entry)| entry)
}

fn kind_of(name: &str) -> OrganizationKind {
    KIND_RULES
        .iter()
        .find(|(how, text, _)| match how {
            KindMatch::Contains => name.contains(text),
            KindMatch::Suffix => name.ends_with(text),
        })
        .map_or(OrganizationKind::Other, |(_, _, kind)| *kind)
}

#[cfg(test)]
mod tests {
    use super::*;
    use OrganizationKind::*;

    fn name(raw: &str) -> String {
        canonical(raw).name
    }

    #[test]
    fn legal_forms_are_spelled_out_on_their_side() {
        assert_eq!(name("(株) JTB"), "株式会社JTB");
        assert_eq!(name("株式会社 JTB"), "株式会社JTB");
        assert_eq!(name("ANAあきんど（株）"), "ANAあきんど株式会社");
        assert_eq!(name("テス・エンジニアリング株"), "テス・エンジニアリング株式会社");
        assert_eq!(name("一社）サステナブル経営推進機構"), "一般社団法人サステナブル経営推進機構");
        assert_eq!(name("(公財) 日本財団"), "公益財団法人日本財団");
    }

    #[test]
    fn aliases_and_misreadings_resolve_to_one_name() {
        for raw in ["サントリーHD", "サンタリーHD", "サントリーホールディングス(株)", "サントリーホールディングス株", "サントリー"] {
            assert_eq!(name(raw), "サントリーホールディングス株式会社", "{raw}");
        }
        assert_eq!(name("NTT東日本"), "東日本電信電話株式会社");
        assert_eq!(name("NTT西日本"), "西日本電信電話株式会社");
    }

    #[test]
    fn a_misread_character_resolves_to_the_listed_name() {
        assert_eq!(name("サンタリーHD"), "サントリーホールディングス株式会社");
        assert_eq!(name("エヌ・ティ・ティ・コミュニケーション株式会社"), "エヌ・ティ・ティ・コミュニケーションズ株式会社");
        assert_eq!(name("博報社"), "博報社", "too short to tell a misreading from another name");
    }

    #[test]
    fn spaced_acronym_letters_join() {
        assert_eq!(name("株式会社 I Tスクエア"), "株式会社ITスクエア");
        assert_eq!(name("株式会社 JTB"), "株式会社JTB");
    }

    fn kind(raw: &str) -> OrganizationKind {
        canonical(raw).kind
    }

    #[test]
    fn branches_and_departments_are_units_of_their_entity() {
        let docomo = canonical("(株)NTTドコモ 四国支社");
        assert_eq!((docomo.name.as_str(), docomo.unit.as_deref()), ("株式会社NTTドコモ", Some("四国支社")));
        let hosei = canonical("法政大学（地域研究センター）");
        assert_eq!((hosei.name.as_str(), hosei.unit.as_deref(), hosei.kind), ("法政大学", Some("地域研究センター"), University));
        assert_eq!(canonical("ANAあきんど（株）").unit, None);
    }

    #[test]
    fn kinds_follow_the_rules() {
        assert_eq!(kind("厚生労働省"), NationalGovernment);
        assert_eq!(kind("財務省九州財務局"), NationalGovernment);
        assert_eq!(kind("会計検査院"), NationalGovernment);
        assert_eq!(kind("金融庁"), NationalGovernment);
        assert_eq!(kind("愛知大学"), University);
        assert_eq!(kind("福島県南相馬市"), LocalGovernment);
        assert_eq!(kind("日本郵便株式会社"), Company);
        assert_eq!(kind("一社）サステナブル経営推進機構"), Other);
    }
}
