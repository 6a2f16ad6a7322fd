//! Finished edition files -> what reviewers and analysts read: diff, export (CSV, JSON Lines,
//! SQLite), search, stats. They read the [`record`](crate::record) types only, never the
//! extraction stages.

pub mod diff;
pub mod export;
pub mod search;
pub mod sqlite;
pub mod stats;

use std::collections::BTreeSet;
use std::path::Path;

use crate::record::Edition;

/// The stem of an edition's source file (`raw/r4.txt` -> `r4`): what its report ids start with,
/// and the key that tells editions apart where several are read together.
pub fn edition_stem(edition: &Edition) -> String {
    let source = &edition.edition.source;
    Path::new(source).file_stem().map_or_else(|| source.clone(), |stem| stem.to_string_lossy().into_owned())
}

/// Why several editions cannot be read together: their keys would collide.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    #[error("two editions have the source stem {0:?}: their report ids would collide (extract one under another file name)")]
    DuplicateEdition(String),
    #[error("report id {0:?} is in two editions: is one edition file a renamed copy of another?")]
    DuplicateReport(String),
}

/// Edition stems and report ids are the keys of a table that covers several editions: each must
/// be unique among `editions`.
pub fn check_keys(editions: &[Edition]) -> Result<(), KeyError> {
    let mut stems = BTreeSet::new();
    let mut ids = BTreeSet::new();
    for edition in editions {
        let stem = edition_stem(edition);
        if !stems.insert(stem.clone()) {
            return Err(KeyError::DuplicateEdition(stem));
        }
        if let Some(report) = edition.reports.iter().find(|r| !ids.insert(r.id.as_str())) {
            return Err(KeyError::DuplicateReport(report.id.clone()));
        }
    }
    Ok(())
}
