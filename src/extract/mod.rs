//! Raw bytes -> records: one module per pipeline stage, in the order data flows.

pub mod read;
pub mod normalize;
pub mod shape;
pub mod classify;
pub mod segment;
pub mod fields;
pub mod blocks;
pub mod repair;
pub mod validate;
pub mod edition;
pub mod emit;

use crate::extract::repair::Repairs;
use crate::record::Diagnostic;

/// What a per-report stage returns: its value, the OCR repairs it applied and suggested, and its
/// diagnostics. Stages share nothing mutable; the report is assembled from these.
#[derive(Debug, Clone)]
pub struct Extracted<T> {
    pub value: T,
    pub repairs: Repairs,
    pub diagnostics: Vec<Diagnostic>,
}
