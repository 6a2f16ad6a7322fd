//! Stage 7: an edition -> its JSON file, written atomically.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::record::Edition;

/// The output text: pretty-printed JSON with a trailing newline. Struct field order fixes the
/// key order, so equal editions give byte-identical text.
pub fn to_json(edition: &Edition) -> String {
    // Serializing plain structs of strings and numbers cannot fail.
    #[allow(clippy::expect_used)]
    let mut text = serde_json::to_string_pretty(edition).expect("records always serialize");
    text.push('\n');
    text
}

/// Writes `text` to `path` through a temporary file in the same directory and a rename, so a
/// reader never sees a half-written file and a failure leaves the old file untouched. No fsync:
/// the dataset is regenerated from `raw/` at will, and a sync per file made batches of many
/// files wait on the disk (about a quarter second a file here).
pub fn write_atomically(path: &Path, text: &str) -> io::Result<()> {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    fs::create_dir_all(dir)?;
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("output");
    let temp: PathBuf = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = fs::File::create(&temp)?;
        file.write_all(text.as_bytes())?;
        drop(file);
        fs::rename(&temp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}
