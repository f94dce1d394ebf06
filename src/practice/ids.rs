//! Ids: a patient's from their name and birth date, a record's from its date
//! and random bits.

use chrono::{Datelike, NaiveDate};
use std::hash::{BuildHasher, Hasher};

/// The slug of any text: ASCII transliteration, lower case, runs of anything
/// else turned into one `-`, at most 64 characters.
pub fn slug(text: &str) -> String {
    let ascii = deunicode::deunicode(text).to_ascii_lowercase();
    let mut out = String::new();
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let mut out = out.trim_end_matches('-').to_string();
    out.truncate(64);
    out.trim_end_matches('-').to_string()
}

/// A patient's default id: slug of the name, then the birth year when known
/// (`José Núñez`, 1975 -> `jose-nunez-1975`).
pub fn patient_id(name: &str, birth_date: Option<NaiveDate>) -> String {
    let base = slug(name);
    match birth_date {
        Some(d) => {
            let mut base = base;
            base.truncate(59);
            format!("{}-{}", base.trim_end_matches('-'), d.year())
        }
        None => base,
    }
}

/// Crockford's base-32 alphabet in lower case: no i, l, o or u to misread.
pub(crate) const ALPHABET: &[u8; 32] = b"0123456789abcdefghjkmnpqrstvwxyz";

/// A prescription or session id: the date, then six random base-32 characters
/// (`2026-11-02-k3m9qx`). Ids sort by date; the random part (30 bits) keeps two
/// git clones adding records for the same patient on the same day apart.
pub fn dated_id(date: NaiveDate) -> String {
    dated_id_from(date, random_u64())
}

/// The id [`dated_id`] makes from the given random bits; the synthetic-practice
/// generator passes its own seeded bits so a seed always gives the same ids.
pub fn dated_id_from(date: NaiveDate, bits: u64) -> String {
    let mut n = bits;
    let mut suffix = String::with_capacity(6);
    for _ in 0..6 {
        suffix.push(ALPHABET[(n & 31) as usize] as char);
        n >>= 5;
    }
    format!("{}-{suffix}", date.format("%Y-%m-%d"))
}

/// 64 random bits from the standard library's randomly keyed hasher, mixed
/// with the time and process id, so no extra dependency is needed.
pub(crate) fn random_u64() -> u64 {
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos()),
    );
    h.write_u32(std::process::id());
    h.finish()
}
