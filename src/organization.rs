//! 派遣元 values -> canonical organization name and kind.
//!
//! Legal forms are spelled out by rule ((株)X -> 株式会社X, X(株) / X株 -> X株式会社,
//! 一社)X -> 一般社団法人X); brand names, abbreviations and misreadings go through the alias
//! table (`data/organizations.tsv`); kinds come from the alias table, else from the ordered
//! rules in `data/organization_kinds.tsv`.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use crate::normalize::{clean, match_key};
use crate::record::OrganizationKind;
use crate::vocab::rows;

static ALIASES: LazyLock<HashMap<String, (&'static str, OrganizationKind)>> = LazyLock::new(|| {
    rows(include_str!("data/organizations.tsv"))
        .map(|row| (match_key(row[0]), (row[1], OrganizationKind::from_table(row[2]))))
        .collect()
});

enum KindMatch {
    Contains,
    Suffix,
}

static KIND_RULES: LazyLock<Vec<(KindMatch, &'static str, OrganizationKind)>> = LazyLock::new(|| {
    rows(include_str!("data/organization_kinds.tsv"))
        .map(|row| {
            let how = match row[0] {
                "contains" => KindMatch::Contains,
                "suffix" => KindMatch::Suffix,
                other => panic!("organization_kinds.tsv: unknown match {other:?}"),
            };
            (how, row[1], OrganizationKind::from_table(row[2]))
        })
        .collect()
});

/// Abbreviated legal forms, in parentheses or with a closing parenthesis only (一社）).
static ABBREVIATED_FORM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\(?(株|有|一社|公財|一財|公社)\)").expect("valid regex"));
/// Spaces next to a spelled-out legal form are layout, not part of the name.
static SPACE_BY_FORM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\s*(株式会社|有限会社|一般社団法人|公益財団法人|一般財団法人|公益社団法人)\s*").expect("valid regex")
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

/// The canonical name and kind of a printed 派遣元 value.
pub fn canonical(raw: &str) -> (String, OrganizationKind) {
    let mut name = ABBREVIATED_FORM
        .replace_all(&clean(raw), |caps: &regex::Captures| spelled_out(&caps[1]).to_string())
        .into_owned();
    // A trailing 株 alone is the print's short form of 株式会社 (サントリーホールディングス株).
    if name.ends_with('株') && !name.ends_with("株式会社") {
        name.push_str("式会社");
    }
    name = SPACE_BY_FORM.replace_all(&name, "$1").trim().to_string();
    if let Some((canonical, kind)) = ALIASES.get(&match_key(&name)) {
        return (canonical.to_string(), *kind);
    }
    let kind = kind_of(&name);
    (name, kind)
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
        canonical(raw).0
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
    fn kinds_follow_the_rules() {
        assert_eq!(canonical("厚生労働省").1, NationalGovernment);
        assert_eq!(canonical("財務省九州財務局").1, NationalGovernment);
        assert_eq!(canonical("会計検査院").1, NationalGovernment);
        assert_eq!(canonical("金融庁").1, NationalGovernment);
        assert_eq!(canonical("愛知大学").1, University);
        assert_eq!(canonical("福島県南相馬市").1, LocalGovernment);
        assert_eq!(canonical("日本郵便株式会社").1, Company);
        assert_eq!(canonical("一社）サステナブル経営推進機構").1, Other);
    }
}
