//! The whole pipeline on arbitrary bytes: it must return an edition or an error, never panic,
//! and an edition must serialize.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(edition) = torikumi::extract("fuzz.txt", data) {
        let json = torikumi::extract::emit::to_json(&edition);
        assert!(json.ends_with(b"\n"));
    }
});
