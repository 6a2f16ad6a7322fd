//! Organizations: each canonical name with every raw spelling of it in the edition.
//!
//! The table was grouped from tests/expectations/r4.tsv (written by reading the raw text). A new
//! spelling in a new edition fails `every_organization_in_the_edition_is_listed` until it is
//! added here, and its alias, if one is needed, to src/data/organizations.tsv.

use std::collections::BTreeSet;

use torikumi::entities::organization::canonical;
use torikumi::record::OrganizationKind::{self, *};

const ORGANIZATIONS: &[(&str, OrganizationKind, &[&str])] = &[
    ("ANAあきんど株式会社", Company, &["ANAあきんど（株）"]),
    ("H&A環境計画株式会社", Company, &["H&A環境計画株式会社"]),
    ("アバナード株式会社", Company, &["アバナード株式会社"]),
    ("エヌ・ティ・ティ・コミュニケーションズ株式会社", Company, &["エヌ・ティ・ティ・コミュニケーション株式会社"]),
    ("サントリーホールディングス株式会社", Company, &["サンタリーHD", "サントリー", "サントリーHD", "サントリーホールディングス(株)", "サントリーホールディングス株", "サントリーホールディングス（株）"]),
    ("テス・エンジニアリング株式会社", Company, &["テス・エンジニアリング株"]),
    ("リコージャパン株式会社", Company, &["リコージャパン株式会社"]),
    ("一般社団法人サステナブル経営推進機構", Other, &["一社）サステナブル経営推進機構"]),
    ("会計検査院", NationalGovernment, &["会計検査院"]),
    ("厚生労働省", NationalGovernment, &["厚生労働省"]),
    ("国土交通省", NationalGovernment, &["国土交通省"]),
    ("国土交通省関東地方整備局", NationalGovernment, &["国土交通省関東地方整備局"]),
    ("富士通Japan株式会社", Company, &["富士通Japan", "富士通Japan（株）"]),
    ("愛知大学", University, &["愛知大学"]),
    ("文部科学省", NationalGovernment, &["文部科学省"]),
    ("日本郵便株式会社", Company, &["日本郵便株式会社"]),
    ("日本郵政株式会社", Company, &["日本郵政株式会社"]),
    ("日本電気株式会社", Company, &["日本電気株式会社"]),
    ("東日本電信電話株式会社", Company, &["NTT東日本", "東日本電信電話(株)", "東日本電信電話株式会社"]),
    ("株式会社BSNアイネット", Company, &["BSNアイネット", "株式会社BSNアイネット"]),
    ("株式会社IHI", Company, &["株式会社 IHI"]),
    ("株式会社ITスクエア", Company, &["株式会社 I Tスクエア"]),
    ("株式会社JTB", Company, &["(株) JTB", "株式会社 JTB", "株式会社JTB"]),
    ("株式会社NTTドコモ", Company, &["NTTドコモ", "株式会社NTTドコモ", "（株）NTTドコモ 四国支社"]),
    ("株式会社イメージワン", Company, &["(株)イメージワン"]),
    ("株式会社サイバーエージェント", Company, &["サイバーエージェント", "株式会社サイバーエージェント"]),
    ("株式会社サービスマーケティング", Company, &["（株）サービスマーケティング"]),
    ("株式会社ジェネックス", Company, &["株式会社ジェネックス"]),
    ("株式会社セブン-イレブン・ジャパン", Company, &["セブン-イレブン・ジャパン"]),
    ("株式会社フォーバル", Company, &["株式会社フォーバル"]),
    ("株式会社北海道日立システムズ", Company, &["(株)北海道日立システムズ"]),
    ("株式会社博報堂", Company, &["博報堂", "株式会社博報堂"]),
    ("株式会社博報堂DYメディアパートナーズ", Company, &["（株）博報堂DYメディアパートナーズ"]),
    ("株式会社日本総合研究所", Company, &["株式会社日本総合研究所"]),
    ("株式会社日立システムズ", Company, &["(株)日立システムズ", "株式会社日立システムズ"]),
    ("法務省", NationalGovernment, &["法務省"]),
    ("法政大学", University, &["法政大学（地域研究センター）"]),
    ("環境省", NationalGovernment, &["環境省"]),
    ("福島県南相馬市", LocalGovernment, &["福島県南相馬市"]),
    ("経済産業省", NationalGovernment, &["経済産業省"]),
    ("経済産業省東北経済産業局", NationalGovernment, &["経済産業省東北経済産業局"]),
    ("総務省", NationalGovernment, &["総務省"]),
    ("西日本電信電話株式会社", Company, &["NTT西日本", "西日本電信電話(株)", "西日本電信電話株式会社"]),
    ("財務省九州財務局", NationalGovernment, &["財務省九州財務局"]),
    ("農林水産省", NationalGovernment, &["農林水産省"]),
    ("金融庁", NationalGovernment, &["金融庁"]),
];

#[test]
fn every_raw_spelling_maps_to_its_canonical_organization() {
    let mut wrong = Vec::new();
    for (name, kind, spellings) in ORGANIZATIONS {
        for raw in *spellings {
            let got = canonical(raw);
            if (got.name.as_str(), got.kind) != (*name, *kind) {
                wrong.push(format!("{raw}: expected {name} {kind:?}, got {} {:?}", got.name, got.kind));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn every_organization_in_the_edition_is_listed() {
    let edition = torikumi::extract("raw/r4.txt", &std::fs::read("raw/r4.txt").unwrap()).unwrap();
    // Raw values in the output are normalized text; the table holds them as printed.
    let listed: BTreeSet<String> =
        ORGANIZATIONS.iter().flat_map(|(_, _, spellings)| spellings.iter()).map(|s| torikumi::extract::normalize::clean(s)).collect();
    let unlisted: Vec<&str> = edition
        .reports
        .iter()
        .filter_map(|r| r.fields.dispatched_from.raw.as_deref())
        .filter(|raw| !listed.contains(*raw))
        .collect();
    assert!(unlisted.is_empty(), "spellings missing from ORGANIZATIONS: {unlisted:?}");
}
