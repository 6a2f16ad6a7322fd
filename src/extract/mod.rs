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
