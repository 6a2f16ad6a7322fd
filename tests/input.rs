//! Input as people bring it: other encodings and line ends, damaged and wrong files.
//! Each case has a file in fixtures/input/ named after it.

use torikumi::record::Edition;

fn input(name: &str) -> Vec<u8> {
    std::fs::read(format!("fixtures/input/{name}")).unwrap()
}

fn extract(name: &str) -> Result<Edition, String> {
    torikumi::extract(&format!("fixtures/input/{name}"), &input(name)).map_err(|e| e.to_string())
}

/// Everything an analyst reads, without the source's name (report ids start with its stem),
/// hash and encoding.
fn content(edition: &Edition) -> String {
    let mut reports = edition.reports.clone();
    for report in &mut reports {
        report.id = report.id.rsplit('-').next().unwrap().to_string();
    }
    serde_json::to_string(&(&reports, &edition.unassigned, &edition.diagnostics, &edition.edition.categories)).unwrap()
}

#[test]
fn bom_crlf_and_cr_give_the_same_dataset_as_lf() {
    let lf = content(&extract("lf.txt").unwrap());
    for name in ["utf8_bom.txt", "crlf.txt", "cr_only.txt"] {
        let edition = extract(name).unwrap();
        assert_eq!(content(&edition), lf, "{name}");
        assert_eq!(edition.edition.encoding, "UTF-8");
    }
}

#[test]
fn shift_jis_is_detected_decoded_and_recorded() {
    let edition = extract("shift_jis.txt").unwrap();
    assert_eq!(edition.edition.encoding, "Shift_JIS");
    assert_eq!(content(&edition), content(&extract("lf.txt").unwrap()));
}

#[test]
fn forcing_the_wrong_encoding_is_an_error() {
    let err = torikumi::extract_as("x.txt", &input("shift_jis.txt"), Some(torikumi::extract::read::Encoding::Utf8)).unwrap_err();
    // Lines 1 and 2 are blank; line 3 holds the first Japanese text.
    assert_eq!(err.line, Some(3), "{err}");
}

#[test]
fn invalid_utf8_that_is_not_shift_jis_names_file_line_and_offset() {
    let err = extract("invalid_utf8.txt").unwrap_err();
    assert!(err.starts_with("fixtures/input/invalid_utf8.txt:13: invalid UTF-8 at byte offset "), "{err}");
}

#[test]
fn empty_binary_and_nul_files_are_errors() {
    assert_eq!(extract("empty.txt").unwrap_err(), "fixtures/input/empty.txt: empty file");
    assert!(extract("binary.png").unwrap_err().contains("binary file"));
    assert!(extract("nul_byte.txt").unwrap_err().starts_with("fixtures/input/nul_byte.txt:2: NUL byte"));
}

#[test]
fn a_white_space_only_file_is_empty_not_an_edition_without_reports() {
    assert_eq!(extract("white_space_only.txt").unwrap_err(), "fixtures/input/white_space_only.txt: empty file (white space only)");
}

#[test]
fn a_file_cut_inside_a_character_says_truncated() {
    let err = extract("cut_inside_a_character.txt").unwrap_err();
    assert!(err.contains("ends inside a UTF-8 character") && err.ends_with("truncated?"), "{err}");
}

#[test]
fn two_editions_in_one_file_are_an_error_naming_where_the_second_starts() {
    let one = input("lf.txt");
    let two = [one.as_slice(), one.as_slice()].concat();
    let err = torikumi::extract("two.txt", &two).unwrap_err();
    let lines = one.split(|&b| b == b'\n').count() - 1; // lf.txt ends with a line feed
    // The second copy's cover title (its line 3) is the first line that opens an edition.
    assert_eq!(err.line, Some(lines + 3), "{err}");
    assert!(err.to_string().contains("a second edition starts here"), "{err}");
    assert_eq!(err.source_line.as_deref(), Some("地方創生人材支援制度 派遣者取組概要"));
}

#[test]
fn a_file_that_is_no_edition_is_an_error() {
    assert!(extract("not_an_edition.txt").unwrap_err().contains("no report found"));
}

#[test]
fn a_truncated_edition_is_extracted_with_a_diagnostic_on_its_last_report() {
    let edition = extract("truncated_edition.txt").unwrap();
    let last = edition.reports.last().unwrap();
    assert!(last.diagnostics.iter().any(|d| d.code.as_str() == "incomplete-report"), "{:?}", last.diagnostics);
    assert_eq!(last.fields.dispatchees, ["鈴木 健一"]);
}

#[test]
fn a_line_of_several_megabytes_is_read() {
    let mut text = String::from_utf8(input("lf.txt")).unwrap();
    let long = "地域の課題を解決するための取組を進める。".repeat(150_000); // about 9 MB
    text.push_str(&format!("\n{long}\n"));
    let edition = torikumi::extract("long.txt", text.as_bytes()).unwrap();
    let last_block = edition.reports[0].sections.last().unwrap().blocks.last().unwrap();
    assert_eq!(last_block.text.len(), long.len());
}
