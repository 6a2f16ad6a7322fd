//! Properties over generated input: normalization never panics and is idempotent; the
//! coverage invariant holds for any text, edition-like or not.

mod common;

use proptest::prelude::*;
use torikumi::extract::normalize::{clean, match_key};

/// Lines an edition is made of, so that generated text reaches the segmenter's rules.
const EDITION_LINES: &[&str] = &[
    "",
    "派遣先市町村：北海道沼田町",
    "派遣市町村: 兵庫県南あわじ",
    "派遣者 氏名：鈴木 健一",
    "派遣者氏名：チーム派遣（代表：舛田路子）",
    "派遣元：（株）博報堂",
    "派遣先での役職：参事",
    "／特別デジタル専門監",
    "派遣先市町村の課題",
    "福島県 南相馬市の課題",
    "課題に対する取組状況②・③",
    "取組にあたっての苦労・成功体験",
    "今後の展開",
    "横手市における地方創生について",
    "～マーケットイン視点で～",
    "SUNTORY",
    "- 町内事業所の人材確保",
    " - ・移住・職業相談会の開催",
    "○人口減少と少子高齢化の進行",
    "▲村内を走る自動運転の移動サービス",
    "総人口\t高齢化率\t2015年",
    "| a | b |",
    "|---|---|",
    "<ul style=\"list-style-type: none\"> ・a ・b",
    "**強調**",
    "The chart shows the growth of DX implementation over time.",
    "町内に高等教育機関がなく、イベント等を開催する際には、従来は近隣の高等教育機関に",
    "知つてもらう",
];

fn edition_like() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        4 => proptest::sample::select(EDITION_LINES).prop_map(str::to_string),
        1 => "[ -~\u{3000}-\u{30ff}\u{4e00}-\u{4e80}\t]{0,40}",
    ];
    proptest::collection::vec(line, 0..60).prop_map(|lines| lines.join("\n"))
}

proptest! {
    #[test]
    fn clean_is_idempotent(text in "\\PC{0,80}") {
        let once = clean(&text);
        prop_assert_eq!(clean(&once), once);
    }

    #[test]
    fn match_key_is_idempotent(text in "\\PC{0,80}") {
        let key = match_key(&text);
        prop_assert_eq!(match_key(&key), key);
    }

    #[test]
    fn every_line_is_accounted_for_in_any_input(text in edition_like()) {
        // Input without any report is an error, which is the right answer for it.
        if let Ok(edition) = torikumi::extract("prop.txt", text.as_bytes()) {
            let violations = common::coverage_violations(&text, &edition);
            prop_assert!(violations.is_empty(), "{}\n---\n{}", violations.join("\n"), text);
            prop_assert!(common::schema_errors(&edition).is_empty());
        }
    }
}
