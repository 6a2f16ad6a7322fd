//! Stage 7: an edition -> its JSON file, written atomically.

use std::fs;
use std::io::{self, Write};
use std::path::Path;

use rayon::prelude::*;
use serde::Serialize;
use serde_json::ser::Formatter;

use crate::record::{Block, Edition, Report};

/// The output file's bytes: pretty-printed JSON (UTF-8) with a trailing newline, byte-identical
/// to `serde_json::to_string_pretty(edition)` plus `"\n"`. Bytes rather than a `String`: the
/// file needs no second UTF-8 check of text that serde_json wrote (a quarter of the time). Struct field order fixes the key order,
/// so equal editions give byte-identical text.
///
/// Reports are nearly all of the text, so they are serialized in parallel, already indented for
/// their place in the document (see [`PrettyAt`]), each into a buffer of its own, and joined in
/// order; the text does not depend on the number of threads. Each buffer starts at about its
/// report's size ([`size_hint`]): grown from nothing, a buffer is reallocated and copied a dozen
/// times, and growing one buffer per rayon piece instead still copied the text once more.
pub fn to_json(edition: &Edition) -> Vec<u8> {
    // Naming every field makes a new one a compile error here instead of a silent omission.
    let Edition { schema_version, edition: info, reports, unassigned, diagnostics } = edition;
    // Collecting into a `Vec` keeps the reports in document order.
    let texts: Vec<Vec<u8>> = reports
        .par_iter()
        .map(|report| {
            let mut text = Vec::with_capacity(size_hint(report));
            write_pretty_at(&mut text, report, 2);
            text
        })
        .collect();
    let (schema_version, info) = (pretty_at(schema_version, 1), pretty_at(info, 1));
    let (unassigned, diagnostics) = (pretty_at(unassigned, 1), pretty_at(diagnostics, 1));
    let capacity = 128 // keys and punctuation
        + [&schema_version, &info, &unassigned, &diagnostics].iter().map(|part| part.len()).sum::<usize>()
        + texts.iter().map(|text| REPORT_SEPARATOR.len() + text.len()).sum::<usize>();
    let mut text = Vec::with_capacity(capacity);
    text.extend_from_slice(b"{\n  \"schema_version\": ");
    text.extend_from_slice(&schema_version);
    text.extend_from_slice(b",\n  \"edition\": ");
    text.extend_from_slice(&info);
    text.extend_from_slice(b",\n  \"reports\": ");
    if texts.is_empty() {
        text.extend_from_slice(b"[]");
    } else {
        for (i, report) in texts.iter().enumerate() {
            text.extend_from_slice(if i == 0 { b"[\n    " } else { REPORT_SEPARATOR });
            text.extend_from_slice(report);
        }
        text.extend_from_slice(b"\n  ]");
    }
    text.extend_from_slice(b",\n  \"unassigned\": ");
    text.extend_from_slice(&unassigned);
    text.extend_from_slice(b",\n  \"diagnostics\": ");
    text.extend_from_slice(&diagnostics);
    text.extend_from_slice(b"\n}\n");
    text
}

/// About the size of a report's JSON text, from the lengths of its texts and the number of its
/// blocks, repairs and diagnostics (each with its keys and indentation). Only a buffer's first
/// capacity: a report that needs more grows its buffer, as any `Vec` does.
fn size_hint(report: &Report) -> usize {
    let blocks = report.sections.iter().flat_map(|section| &section.blocks);
    let cells = |block: &Block| block.rows.iter().flatten().flatten().map(String::len).sum::<usize>();
    let text: usize = blocks.clone().map(|block| block.text.len() + cells(block)).sum();
    text + 160 * blocks.count() + 256 * report.repairs.len() + 512 * report.diagnostics.len() + 4096
}

/// `value` as pretty JSON for a place `depth` levels deep in the document: its first line is not
/// indented (the caller writes the key or the array indentation before it), the rest are.
fn pretty_at<T: Serialize + ?Sized>(value: &T, depth: usize) -> Vec<u8> {
    let mut buf = Vec::new();
    write_pretty_at(&mut buf, value, depth);
    buf
}

/// [`pretty_at`], appended to `buf`.
// Serializing plain structs of strings and numbers cannot fail.
#[allow(clippy::expect_used)]
fn write_pretty_at<T: Serialize + ?Sized>(buf: &mut Vec<u8>, value: &T, depth: usize) {
    let mut serializer = serde_json::Serializer::with_formatter(Text(buf), PrettyAt { depth, has_value: false });
    value.serialize(&mut serializer).expect("records always serialize");
}

/// The JSON text's buffer, for serde_json. Its one-byte writes (the two quotes of every string,
/// brackets) are a push; `Vec`'s own `Write` copies every slice through a call to `memcpy`.
struct Text<'a>(&'a mut Vec<u8>);

impl Write for Text<'_> {
    #[inline]
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.write_all(bytes)?;
        Ok(bytes.len())
    }

    #[inline]
    fn write_all(&mut self, bytes: &[u8]) -> io::Result<()> {
        match bytes {
            [byte] => self.0.push(*byte),
            _ => self.0.extend_from_slice(bytes),
        }
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// What stands between two reports in the `reports` array: a comma, and the next report's
/// line and indentation.
const REPORT_SEPARATOR: &[u8] = b",\n    ";

/// serde_json's `PrettyFormatter` with its two-space indent, starting `depth` levels deep (which
/// `PrettyFormatter` cannot do). The same steps as serde_json 1.0's implementation (arrays and objects
/// share `open`, `close` and `entry`), so the text is that of a whole-document `to_string_pretty`.
struct PrettyAt {
    depth: usize,
    has_value: bool,
}

/// `,` and a line feed, then the indentation of up to 31 levels: a new line and its indentation
/// are one slice of it, so one write (a report's JSON text is a few hundred thousand small writes
/// into its buffer, and each costs a call and a capacity test beside its bytes).
const NEW_LINE: &[u8; 64] = b",\n                                                              ";

impl PrettyAt {
    /// A line feed (after a comma if `comma`) and the indentation of the current depth.
    fn new_line<W: ?Sized + Write>(&self, writer: &mut W, comma: bool) -> io::Result<()> {
        let start = usize::from(!comma);
        match NEW_LINE.get(start..2 + 2 * self.depth) {
            Some(line) => writer.write_all(line),
            None => {
                writer.write_all(&NEW_LINE[start..2])?;
                (0..self.depth).try_for_each(|_| writer.write_all(b"  "))
            }
        }
    }

    /// Opens an array or object one level deeper.
    fn open<W: ?Sized + Write>(&mut self, writer: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        writer.write_all(bracket)
    }

    /// Closes it: on a line of its own, unless it was empty (`[]`, `{}`).
    fn close<W: ?Sized + Write>(&mut self, writer: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            self.new_line(writer, false)?;
        }
        writer.write_all(bracket)
    }

    /// Starts an element or key on a new, indented line.
    fn entry<W: ?Sized + Write>(&self, writer: &mut W, first: bool) -> io::Result<()> {
        self.new_line(writer, !first)
    }
}

impl Formatter for PrettyAt {
    fn begin_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.open(writer, b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.close(writer, b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(&mut self, writer: &mut W, first: bool) -> io::Result<()> {
        self.entry(writer, first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _writer: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.open(writer, b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.close(writer, b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, writer: &mut W, first: bool) -> io::Result<()> {
        self.entry(writer, first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        writer.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _writer: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// Writes `bytes` to `path` through a temporary file in the same directory and a rename, so a
/// reader never sees a half-written file and a failure leaves the old file untouched. The
/// temporary file has a name of its own (`tempfile`), so writers never share one, and it is
/// removed if anything fails. No fsync: the dataset is regenerated from `raw/` at will, and a
/// sync per file made batches of many files wait on the disk (about a quarter second a file here).
pub fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    fs::create_dir_all(dir)?;
    let mut file = tempfile::NamedTempFile::new_in(dir)?;
    // A temporary file is private to its owner (0600); the dataset is for everyone to read.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.as_file().set_permissions(fs::Permissions::from_mode(0o644))?;
    }
    file.write_all(bytes)?;
    file.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::BlockKind;

    fn r4() -> Edition {
        let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/raw/r4.txt")).unwrap();
        crate::extract("raw/r4.txt", &bytes).unwrap()
    }

    fn assert_same_as_serde_json(edition: &Edition) {
        let expected = serde_json::to_string_pretty(edition).unwrap() + "\n";
        assert!(to_json(edition) == expected.as_bytes(), "to_json differs from to_string_pretty for {}", edition.edition.source);
    }

    #[test]
    fn bundled_edition_is_byte_identical_to_to_string_pretty() {
        assert_same_as_serde_json(&r4());
    }

    #[test]
    fn every_fixture_is_byte_identical_to_to_string_pretty() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures");
        let mut checked = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|ext| ext == "txt") {
                let bytes = std::fs::read(&path).unwrap();
                if let Ok(edition) = crate::extract(&path.display().to_string(), &bytes) {
                    assert_same_as_serde_json(&edition);
                    checked += 1;
                }
            }
        }
        assert!(checked > 0, "no fixture extracted");
    }

    #[test]
    fn empty_arrays_at_every_depth_are_byte_identical_to_to_string_pretty() {
        let mut edition = r4();
        let report = &mut edition.reports[0];
        report.sections.clear();
        report.repairs.clear();
        report.diagnostics.clear();
        report.fields.dispatchees.clear();
        report.fields.field_lines.clear();
        report.fields.title = Some("\"quoted\" \\ \n\t\u{1} 見出し".to_string());
        let block = Block { kind: BlockKind::Table, level: None, text: String::new(), rows: Some(vec![vec![]]), lines: [1, 1] };
        edition.reports[1].sections[0].blocks = vec![block.clone(), Block { rows: Some(vec![]), ..block }];
        edition.edition.categories.clear();
        assert_same_as_serde_json(&edition);

        edition.reports.clear();
        edition.unassigned.clear();
        edition.diagnostics.clear();
        assert_same_as_serde_json(&edition);
    }

    #[test]
    fn nesting_deeper_than_the_indentation_slice_is_indented_as_serde_json_does() {
        let mut value = serde_json::json!({"key": [1, "text"]});
        for _ in 0..40 {
            value = serde_json::json!([value, {"more": []}]);
        }
        assert_eq!(String::from_utf8(pretty_at(&value, 0)).unwrap(), serde_json::to_string_pretty(&value).unwrap());
    }

    #[test]
    fn an_atomic_write_replaces_the_file_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("sub/r4.json");
        write_atomically(&target, b"old").unwrap();
        write_atomically(&target, b"new").unwrap();
        assert_eq!(fs::read(&target).unwrap(), b"new");
        let names: Vec<_> = fs::read_dir(dir.path().join("sub")).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, ["r4.json"]);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(fs::metadata(&target).unwrap().permissions().mode() & 0o777, 0o644, "readable by all, like any new file");
        }
    }

    // One thread against many: tests/edition.rs, output_is_byte_identical_with_one_and_with_many_threads.
}
