//! The `torikumi` command as users run it: files in, files out, exit codes, messages.

use std::path::Path;
use std::process::{Command, Output};

fn torikumi(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_torikumi")).args(args).current_dir(dir).output().unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A scratch directory holding `raw/` with the given files.
fn workspace(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("raw")).unwrap();
    for (name, bytes) in files {
        std::fs::write(dir.path().join("raw").join(name), bytes).unwrap();
    }
    dir
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(name)).unwrap()
}

#[test]
fn extract_writes_one_json_per_raw_file_and_a_summary_line() {
    let dir = workspace(&[("a.txt", &fixture("heading_variants.txt"))]);
    let output = torikumi(&["extract"], dir.path());
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stderr(&output).starts_with("raw/a.txt: 1 reports, 0 errors, "), "{}", stderr(&output));
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(dir.path().join("output/a.json")).unwrap()).unwrap();
    assert_eq!(json["reports"][0]["ordinal"], 1);
    let code = json["reports"][0]["municipality"]["code"].as_str().unwrap();
    assert_eq!(json["reports"][0]["id"], format!("a-{code}"), "the id is the stem and the municipality code");
    assert_eq!(json["edition"]["source"], "raw/a.txt");
    assert!(dir.path().join("output/schema/records.schema.json").exists());
}

#[test]
fn check_passes_when_fresh_and_names_the_stale_file_otherwise() {
    let dir = workspace(&[("a.txt", &fixture("heading_variants.txt"))]);
    assert!(torikumi(&["extract"], dir.path()).status.success());
    let fresh = torikumi(&["check"], dir.path());
    assert_eq!(fresh.status.code(), Some(0), "{}", stderr(&fresh));

    std::fs::write(dir.path().join("raw/a.txt"), fixture("two_line_subtitle.txt")).unwrap();
    let stale = torikumi(&["check"], dir.path());
    assert_eq!(stale.status.code(), Some(1));
    assert!(stderr(&stale).contains("output/a.json: stale from line"), "{}", stderr(&stale));
}

#[test]
fn invalid_utf8_is_an_error_naming_file_and_line_and_writes_nothing() {
    let dir = workspace(&[("bad.txt", b"\xE6\xB4\xBE\xE9\x81\xA3\n\xFF\xFE\n")]);
    let output = torikumi(&["extract"], dir.path());
    assert_eq!(output.status.code(), Some(2));
    // rustc style: the message, then the file and line, then the line itself.
    let expected = "error: invalid UTF-8 at byte offset 7, and the file is not Shift_JIS (CP932) either\n --> raw/bad.txt:2\n  |\n2 | \u{FFFD}\u{FFFD}\n  |\n";
    assert_eq!(stderr(&output), expected);
    assert!(!dir.path().join("output/bad.json").exists());
}

#[test]
fn a_file_with_no_report_is_an_error_not_an_empty_dataset() {
    let dir = workspace(&[("notes.txt", "買い物リスト\n牛乳\n".as_bytes())]);
    let output = torikumi(&["extract"], dir.path());
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("raw/notes.txt: no report found"), "{}", stderr(&output));
    assert!(!dir.path().join("output/notes.json").exists());
}

#[test]
fn one_bad_file_in_a_batch_does_not_stop_the_others() {
    let dir = workspace(&[("bad.txt", b"\xFF"), ("good.txt", &fixture("heading_variants.txt"))]);
    let output = torikumi(&["extract"], dir.path());
    assert_eq!(output.status.code(), Some(2));
    assert!(dir.path().join("output/good.json").exists());
    assert!(!dir.path().join("output/bad.json").exists());
}

#[test]
fn a_failed_run_leaves_the_previous_output_untouched() {
    let dir = workspace(&[("a.txt", &fixture("heading_variants.txt"))]);
    assert!(torikumi(&["extract"], dir.path()).status.success());
    let before = std::fs::read(dir.path().join("output/a.json")).unwrap();
    std::fs::write(dir.path().join("raw/a.txt"), b"\xFF").unwrap();
    assert_eq!(torikumi(&["extract"], dir.path()).status.code(), Some(2));
    assert_eq!(std::fs::read(dir.path().join("output/a.json")).unwrap(), before);
}

#[test]
fn explicit_files_and_output_directory() {
    let dir = workspace(&[("a.txt", &fixture("heading_variants.txt"))]);
    let output = torikumi(&["extract", "raw/a.txt", "-o", "elsewhere"], dir.path());
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(dir.path().join("elsewhere/a.json").exists());
}

#[test]
fn quiet_prints_errors_only() {
    let dir = workspace(&[("a.txt", &fixture("heading_variants.txt")), ("bad.txt", b"\xFF")]);
    let output = torikumi(&["extract", "--quiet"], dir.path());
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(err.starts_with("error: ") && !err.contains("reports,"), "{err}");
}

#[test]
fn encoding_can_be_forced_and_a_wrong_name_is_a_usage_error() {
    let utf8 = fixture("heading_variants.txt");
    let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode(std::str::from_utf8(&utf8).unwrap());
    let dir = workspace(&[("a.txt", &sjis)]);
    assert!(torikumi(&["extract", "--encoding", "cp932"], dir.path()).status.success());
    let json = std::fs::read_to_string(dir.path().join("output/a.json")).unwrap();
    assert!(json.contains("\"encoding\": \"Shift_JIS\""));
    assert_eq!(torikumi(&["extract", "--encoding", "utf-8"], dir.path()).status.code(), Some(2));
    assert_eq!(torikumi(&["extract", "--encoding", "latin1"], dir.path()).status.code(), Some(2));
}
