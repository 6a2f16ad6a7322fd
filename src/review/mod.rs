//! Finished edition files -> what reviewers and analysts read: diff, export, stats.
//! They read the [`record`](crate::record) types only, never the extraction stages.

pub mod diff;
pub mod export;
pub mod stats;
