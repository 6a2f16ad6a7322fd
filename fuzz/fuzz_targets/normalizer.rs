//! Normalization on arbitrary text: never panics, and is idempotent (normalized text
//! normalizes to itself), as are match keys.
#![no_main]

use libfuzzer_sys::fuzz_target;
use torikumi::extract::normalize::{clean, match_key};

fuzz_target!(|text: &str| {
    let once = clean(text);
    assert_eq!(clean(&once), once, "clean is not idempotent on {text:?}");
    let key = match_key(text);
    assert_eq!(match_key(&key), key, "match_key is not idempotent on {text:?}");
});
