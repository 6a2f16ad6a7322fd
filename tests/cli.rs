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
    assert!(stderr(&output).starts_with("raw/a.txt: 1 report, 0 errors, "), "{}", stderr(&output));
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
    assert!(err.starts_with("error: ") && !err.contains("report,"), "{err}");
}

/// Every file under `dir`, as paths relative to it.
fn files_in(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(next) = pending.pop() {
        for entry in std::fs::read_dir(next).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else {
                found.push(path.strip_prefix(dir).unwrap().display().to_string());
            }
        }
    }
    found.sort();
    found
}

#[test]
fn two_inputs_with_one_stem_are_refused_before_anything_is_written() {
    let dir = workspace(&[("r4.txt", &fixture("heading_variants.txt"))]);
    std::fs::create_dir(dir.path().join("fixed")).unwrap();
    std::fs::write(dir.path().join("fixed/r4.txt"), fixture("two_line_subtitle.txt")).unwrap();
    let output = torikumi(&["extract", "raw/r4.txt", "fixed/r4.txt", "-o", "out"], dir.path());
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "error: raw/r4.txt and fixed/r4.txt would both be written to out/r4.json: convert them into different directories (-o) or rename one\n"
    );
    assert!(!dir.path().join("out").exists());
    // One file named twice is one input, not two.
    assert!(torikumi(&["extract", "raw/r4.txt", "./raw/r4.txt", "-o", "out"], dir.path()).status.success());
}

#[test]
fn a_run_that_converts_nothing_is_an_error_and_writes_nothing() {
    let dir = workspace(&[]);
    let output = torikumi(&["extract"], dir.path());
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(stderr(&output), "error: no *.txt files in raw\n");

    let missing = torikumi(&["extract", "raw/nowhere.txt"], dir.path());
    assert_eq!(missing.status.code(), Some(2));
    assert!(stderr(&missing).starts_with("error: raw/nowhere.txt: "), "{}", stderr(&missing));

    std::fs::write(dir.path().join("raw/bad.txt"), b"\xFF").unwrap();
    assert_eq!(torikumi(&["extract"], dir.path()).status.code(), Some(2));
    assert_eq!(files_in(dir.path()), ["raw/bad.txt"], "no output directory, no schema");
}

#[test]
fn raw_files_match_txt_in_any_letter_case() {
    let dir = workspace(&[("R6.TXT", &fixture("heading_variants.txt")), ("notes.md", b"# notes")]);
    let output = torikumi(&["extract"], dir.path());
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(files_in(&dir.path().join("output")), ["R6.json", "schema/records.schema.json"]);
}

#[test]
fn quiet_check_names_the_stale_file_without_the_diff() {
    let dir = workspace(&[("a.txt", &fixture("heading_variants.txt"))]);
    assert!(torikumi(&["extract"], dir.path()).status.success());
    std::fs::write(dir.path().join("raw/a.txt"), fixture("two_line_subtitle.txt")).unwrap();
    let loud = torikumi(&["check"], dir.path());
    assert!(stderr(&loud).contains("reports:"), "the diff's summary line: {}", stderr(&loud));
    let quiet = torikumi(&["--quiet", "check"], dir.path());
    assert_eq!(quiet.status.code(), Some(1));
    let lines: Vec<String> = stderr(&quiet).lines().map(str::to_string).collect();
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].starts_with("output/a.json: stale from line "), "{lines:?}");
}

#[test]
fn check_names_an_edition_file_whose_raw_file_is_gone() {
    let dir = workspace(&[("a.txt", &fixture("heading_variants.txt")), ("b.txt", &fixture("two_line_subtitle.txt"))]);
    assert!(torikumi(&["extract"], dir.path()).status.success());
    std::fs::remove_file(dir.path().join("raw/b.txt")).unwrap();
    let output = torikumi(&["check"], dir.path());
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(stderr(&output), "output/b.json: no raw file converts to it: delete it, or add its raw file\n");
}

#[test]
fn help_lists_the_exit_codes() {
    let output = torikumi(&["--help"], Path::new("."));
    let help = String::from_utf8_lossy(&output.stdout);
    assert!(help.contains("Exit codes:\n  0  success\n  1  ") && help.contains("\n  2  bad input or usage"), "{help}");
}

#[test]
fn a_binary_file_is_not_an_edition_file() {
    let dir = workspace(&[]);
    std::fs::write(dir.path().join("x.json"), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
    for command in [&["stats", "x.json"][..], &["export", "--format", "csv", "x.json"], &["diff", "x.json", "x.json"]] {
        let output = torikumi(command, dir.path());
        assert_eq!(output.status.code(), Some(2));
        assert_eq!(stderr(&output), "error: x.json: not an edition file: binary data, not JSON text\n", "{command:?}");
    }
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
