//! Strings -> official names: municipalities (the code table) and organizations (aliases, kinds).
//! They work on text and know nothing of lines or reports.

pub mod municipality;
pub mod organization;
