//! Rules for single values every part shares: ids (slugs), NPI check digits,
//! credentials and the control characters a text may hold.

/// A UTC offset as a record writes it: `+HH:MM` or `-HH:MM` (hours 00-23,
/// minutes 00-59), as FHIR and ISO 8601 write one.
pub fn utc_offset(s: &str) -> Option<chrono::FixedOffset> {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| -> Option<i32> {
        b[r].iter().try_fold(0, |n, d| {
            d.is_ascii_digit().then(|| n * 10 + i32::from(d - b'0'))
        })
    };
    if b.len() != 6 || b[3] != b':' {
        return None;
    }
    let sign = match b[0] {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let (h, m) = (digits(1..3)?, digits(4..6)?);
    (h < 24 && m < 60)
        .then(|| chrono::FixedOffset::east_opt(sign * (h * 3600 + m * 60)))
        .flatten()
}

/// What a UTC offset is, for a hint.
pub const UTC_OFFSET_RULE: &str = "a UTC offset is +HH:MM or -HH:MM, e.g. -06:00";

/// The first character a text may not hold: a control character other than
/// tab (and, in multi-line text, line breaks), DEL, or a C1 control.
pub fn control_char(s: &str, lines: bool) -> Option<char> {
    let bytes = s.as_bytes();
    let at = |i: usize| -> Option<char> {
        match bytes[i] {
            b'\t' => None,
            b'\n' | b'\r' if lines => None,
            b @ (0..=0x1f | 0x7f) => Some(char::from(b)),
            // U+0080..U+009F are 0xC2 0x80..0x9F in UTF-8.
            0xc2 => bytes
                .get(i + 1)
                .filter(|n| (0x80..=0x9f).contains(*n))
                .map(|n| char::from_u32(u32::from(*n)).unwrap_or('\u{FFFD}')),
            _ => None,
        }
    };
    // Almost every text holds none, and a multi-line one only line breaks:
    // eight bytes at a time, each byte looked at only in a word that may
    // hold one.
    let mut i = 0;
    while i + 8 <= bytes.len() {
        if may_hold_control(&bytes[i..i + 8])
            && let Some(c) = (i..i + 8).find_map(at)
        {
            return Some(c);
        }
        i += 8;
    }
    (i..bytes.len()).find_map(at)
}

/// Whether any byte could start a control character: below 0x20, DEL, or
/// 0xC2 (the lead byte of U+0080..U+009F). Every string of every record
/// passes here, SOAP notes included, so it is written to vectorise: a block
/// of bytes is folded without an early exit, blocks are left early.
pub(crate) fn may_hold_control(bytes: &[u8]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // Whether any byte of the word is zero (the classic bit trick).
    let has_zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGH != 0;
    let mut words = bytes.chunks_exact(8);
    for w in &mut words {
        let x = u64::from_le_bytes([w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]]);
        // A byte below 0x20 has its high bit clear and goes below zero when
        // 0x20 is taken from it.
        let below_space = x.wrapping_sub(0x20 * ONES) & !x & HIGH != 0;
        if below_space || has_zero(x ^ (0x7f * ONES)) || has_zero(x ^ (0xc2 * ONES)) {
            return true;
        }
    }
    words
        .remainder()
        .iter()
        .any(|&b| b < 0x20 || b == 0x7f || b == 0xc2)
}

/// The words of the control-character rule, for a file and a flag alike;
/// `lines` when the field is multi-line text.
pub fn control_char_message(name: &str, c: char, lines: bool) -> String {
    format!(
        "`{name}` holds the control character U+{:04X}; text may hold tabs{}, never terminal or control codes",
        u32::from(c),
        if lines { " and line breaks" } else { "" }
    )
}

/// An id mmx will use in a path: `[a-z0-9][a-z0-9-]{0,63}`, and not a name
/// Windows reserves for a device (a clone there could not check it out).
pub fn is_slug(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.len() <= 64
        && (b[0].is_ascii_lowercase() || b[0].is_ascii_digit())
        && b.iter()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
        && !is_reserved(s)
}

/// `con`, `prn`, `aux`, `nul`, `com1`-`com9`, `lpt1`-`lpt9`.
fn is_reserved(s: &str) -> bool {
    matches!(s, "con" | "prn" | "aux" | "nul")
        || (s.len() == 4
            && (s.starts_with("com") || s.starts_with("lpt"))
            && matches!(s.as_bytes()[3], b'1'..=b'9'))
}

pub const SLUG_RULE: &str = "ids are 1-64 characters of a-z, 0-9 and '-', starting with a letter or digit (and not con, prn, aux, nul, com1-9 or lpt1-9)";

/// True for a 10-digit NPI whose last digit is the Luhn check digit over
/// the prefix 80840 and the first nine digits.
pub fn npi_valid(npi: &str) -> bool {
    let digits: Vec<u32> = npi.chars().filter_map(|c| c.to_digit(10)).collect();
    if npi.len() != 10 || digits.len() != 10 {
        return false;
    }
    // 80840 prefix contributes a constant 24 to the Luhn sum.
    let mut sum = 24;
    for (i, d) in digits[..9].iter().rev().enumerate() {
        sum += if i % 2 == 0 {
            let x = d * 2;
            if x > 9 { x - 9 } else { x }
        } else {
            *d
        };
    }
    (10 - sum % 10) % 10 == digits[9]
}

/// A clinician's credential as written after the name: `MD`, `DO`, `DC`,
/// `NP`, `PA-C`, `DPM`, `DDS`, `PT`, `LMT`, `M.D.`: 1-16 ASCII letters,
/// digits, `.`, `-` or `/`, with at least one letter, and no spaces (two
/// credentials are written `MD/PhD`).
pub fn credential_shaped(s: &str) -> bool {
    (1..=16).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-./".contains(&b))
        && s.bytes().any(|b| b.is_ascii_alphabetic())
}

/// The hint of a credential that is not one.
pub const CREDENTIAL_RULE: &str = "a credential is written like MD, DO, DC, NP, PA-C, DPM, DDS, PT or LMT: letters, digits, `.`, `-` or `/`, no spaces (MD/PhD for two)";

/// Whether a text is a SHA-256 as mmx writes it (a kept order's
/// `sha256`): 64 lowercase hex digits.
pub fn is_sha256(s: &str) -> bool {
    s.len() == 64
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}
