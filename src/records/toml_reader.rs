//! The parsed form of one record file: a small tree of spanned TOML values
//! that `parse` reads fields from.
//!
//! Nearly every file mmx reads is one mmx wrote: `key = value` lines of plain
//! strings, integers, dates, times and one-line string lists, and a few
//! `[table]` / `[[table]]` headers. [`parse`] reads that plain subset in one
//! pass with no token list and no copies. Anything else, however valid or
//! broken (escapes, comments inside lists, inline tables, floats, duplicate
//! keys, syntax errors), is handed to the `toml` crate's full parser, whose
//! result or error is what mmx reports; for the plain subset both give the
//! same tree and the same spans (a test holds them side by side).

use std::borrow::Cow;
use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};
use toml::value::{Date, Datetime, Time};

/// A value and the byte range of its text (strings with their quotes).
#[derive(Debug, Clone, PartialEq)]
pub struct Item<'i> {
    span: Range<usize>,
    value: Value<'i>,
}

impl<'i> Item<'i> {
    pub fn span(&self) -> Range<usize> {
        self.span.clone()
    }
    pub fn get_ref(&self) -> &Value<'i> {
        &self.value
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value<'i> {
    String(Cow<'i, str>),
    /// The integer, when it fits in an `i64`, and its text as written.
    Integer(Option<i64>, Cow<'i, str>),
    /// A float (a measurement, `27.5`); NaN and infinities as TOML gives them.
    Float(f64),
    Boolean(bool),
    Datetime(Datetime),
    Array(Vec<Item<'i>>),
    Table(Table<'i>),
}

impl Value<'_> {
    pub fn type_str(&self) -> &'static str {
        match self {
            Value::String(_) => "string",
            Value::Integer(..) => "integer",
            Value::Float(_) => "float",
            Value::Boolean(_) => "boolean",
            Value::Datetime(_) => "datetime",
            Value::Array(_) => "array",
            Value::Table(_) => "table",
        }
    }
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }
}

/// A key as written, and where.
#[derive(Debug, Clone, PartialEq)]
pub struct Key<'i> {
    name: Cow<'i, str>,
    span: Range<usize>,
}

impl Key<'_> {
    pub fn name(&self) -> &str {
        &self.name
    }
    pub fn span(&self) -> Range<usize> {
        self.span.clone()
    }
}

/// A table's entries in file order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Table<'i>(Vec<(Key<'i>, Item<'i>)>);

impl<'i> Table<'i> {
    pub fn iter(&self) -> impl Iterator<Item = (&Key<'i>, &Item<'i>)> {
        self.0.iter().map(|(k, v)| (k, v))
    }
    pub fn get(&self, key: &str) -> Option<&Item<'i>> {
        self.0.iter().find(|(k, _)| k.name == key).map(|(_, v)| v)
    }
    fn get_mut(&mut self, key: &str) -> Option<&mut Item<'i>> {
        self.0
            .iter_mut()
            .find(|(k, _)| k.name == key)
            .map(|(_, v)| v)
    }
}

/// Why a document could not be read: the `toml` crate's message and where.
#[derive(Debug, Clone)]
pub struct SyntaxError {
    pub message: String,
    pub span: Option<Range<usize>>,
}

/// Parses a whole document: the plain subset directly, anything else through
/// the full TOML parser.
pub fn parse(text: &str) -> Result<Table<'_>, SyntaxError> {
    if let Some(table) = plain(text) {
        return Ok(table);
    }
    full(text)
}

/// The `toml` crate's parse, converted to this module's tree.
pub fn full(text: &str) -> Result<Table<'_>, SyntaxError> {
    match DeTable::parse(text) {
        Ok(t) => Ok(convert_table(t.into_inner())),
        Err(e) => Err(SyntaxError {
            message: e.message().to_string(),
            span: e.span(),
        }),
    }
}

fn convert_table(t: DeTable<'_>) -> Table<'_> {
    Table(
        t.into_iter()
            .map(|(k, v)| {
                let span = k.span();
                let key = Key {
                    name: k.into_inner(),
                    span,
                };
                (key, convert(v))
            })
            .collect(),
    )
}

fn convert(v: Spanned<DeValue<'_>>) -> Item<'_> {
    let span = v.span();
    let value = match v.into_inner() {
        DeValue::String(s) => Value::String(s),
        DeValue::Integer(i) => {
            let n = i64::from_str_radix(&i.as_str().replace('_', ""), i.radix()).ok();
            Value::Integer(n, Cow::Owned(i.as_str().to_string()))
        }
        DeValue::Float(f) => Value::Float(f.as_str().replace('_', "").parse().unwrap_or(f64::NAN)),
        DeValue::Boolean(b) => Value::Boolean(b),
        DeValue::Datetime(d) => Value::Datetime(d),
        DeValue::Array(items) => Value::Array(items.into_iter().map(convert).collect()),
        DeValue::Table(t) => Value::Table(convert_table(t)),
    };
    Item { span, value }
}

/// Where the `key = value` lines being read go.
enum Target {
    Root,
    /// The root entry at this index: a `[table]`.
    Table(usize),
    /// The last table of the root entry at this index: a `[[table]]`.
    ArrayTable(usize),
}

/// Reads the plain subset; `None` for anything outside it.
/// The most entries a table read by the plain path may have. Its tables are
/// small vectors searched by key, which is the fastest for a record's dozen
/// fields and quadratic for a hostile file's thousands: past this many, the
/// full parser (a hash map) reads the file.
const PLAIN_MAX_KEYS: usize = 64;

fn plain(text: &str) -> Option<Table<'_>> {
    let mut root = Table(Vec::with_capacity(16));
    // Root entries made by `[[name]]` headers, which later ones may extend.
    let mut array_tables: Vec<usize> = Vec::new();
    let mut target = Target::Root;
    let mut p = Cursor { text, pos: 0 };
    // One line per turn; every arm leaves the cursor on the line's newline.
    loop {
        p.skip_ws();
        match p.peek() {
            None => break,
            Some(b'\n') => {}
            Some(b'#') => p.rest_is_blank()?,
            Some(b'[') => {
                let open = p.pos;
                let double = p.at(open + 1) == Some(b'[');
                p.pos += if double { 2 } else { 1 };
                let key = p.bare_key()?;
                p.expect(if double { "]]" } else { "]" })?;
                let span = open..p.pos;
                p.rest_is_blank()?;
                let table = || Item {
                    span: span.clone(),
                    value: Value::Table(Table::default()),
                };
                if root.0.len() >= PLAIN_MAX_KEYS {
                    return None;
                }
                match (double, root.0.iter().position(|(k, _)| k.name == key.name)) {
                    (false, None) => {
                        root.0.push((key, table()));
                        target = Target::Table(root.0.len() - 1);
                    }
                    (true, None) => {
                        let array = Item {
                            span: span.clone(),
                            value: Value::Array(vec![table()]),
                        };
                        root.0.push((key, array));
                        array_tables.push(root.0.len() - 1);
                        target = Target::ArrayTable(root.0.len() - 1);
                    }
                    (true, Some(i)) if array_tables.contains(&i) => {
                        let Value::Array(items) = &mut root.0[i].1.value else {
                            return None;
                        };
                        if items.len() >= PLAIN_MAX_KEYS {
                            return None;
                        }
                        items.push(table());
                        target = Target::ArrayTable(i);
                    }
                    _ => return None,
                }
            }
            Some(_) => {
                let key = p.bare_key()?;
                p.skip_ws();
                p.expect("=")?;
                p.skip_ws();
                let item = p.value()?;
                p.rest_is_blank()?;
                let table = match target {
                    Target::Root => &mut root,
                    Target::Table(i) => match &mut root.0[i].1.value {
                        Value::Table(t) => t,
                        _ => return None,
                    },
                    Target::ArrayTable(i) => match &mut root.0[i].1.value {
                        Value::Array(items) => match items.last_mut().map(|t| &mut t.value) {
                            Some(Value::Table(t)) => t,
                            _ => return None,
                        },
                        _ => return None,
                    },
                };
                if table.0.len() >= PLAIN_MAX_KEYS || table.get_mut(&key.name).is_some() {
                    return None;
                }
                table.0.push((key, item));
            }
        }
        p.pos += 1;
    }
    Some(root)
}

/// A position in the document. No value reaches past the end of its line.
struct Cursor<'i> {
    text: &'i str,
    pos: usize,
}

impl<'i> Cursor<'i> {
    fn at(&self, i: usize) -> Option<u8> {
        self.text.as_bytes().get(i).copied()
    }
    fn peek(&self) -> Option<u8> {
        self.at(self.pos)
    }
    fn rest(&self) -> &'i [u8] {
        self.text.as_bytes().get(self.pos..).unwrap_or_default()
    }
    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.pos += 1;
        }
    }
    fn expect(&mut self, s: &str) -> Option<()> {
        let found = self.rest().starts_with(s.as_bytes());
        found.then(|| self.pos += s.len())
    }
    /// Nothing but blanks and perhaps a comment up to the end of the line;
    /// leaves the cursor on the newline (or at the end of the text).
    fn rest_is_blank(&mut self) -> Option<()> {
        self.skip_ws();
        if self.peek() == Some(b'#') {
            let rest = self.rest();
            self.pos += rest
                .iter()
                .position(|&b| STOP[usize::from(b)] >= NEWLINE)
                .unwrap_or(rest.len());
        }
        matches!(self.peek(), None | Some(b'\n')).then_some(())
    }
    fn bare_key(&mut self) -> Option<Key<'i>> {
        let start = self.pos;
        while matches!(
            self.peek(),
            Some(b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'_' | b'-')
        ) {
            self.pos += 1;
        }
        (self.pos > start).then(|| Key {
            name: Cow::Borrowed(&self.text[start..self.pos]),
            span: start..self.pos,
        })
    }
    fn value(&mut self) -> Option<Item<'i>> {
        let start = self.pos;
        let value = match self.peek()? {
            b'"' => Value::String(Cow::Borrowed(self.basic_string()?)),
            b'[' => {
                self.pos += 1;
                let mut items = Vec::new();
                loop {
                    self.skip_ws();
                    match self.peek()? {
                        b']' => break,
                        b'"' => {
                            let at = self.pos;
                            let s = self.basic_string()?;
                            items.push(Item {
                                span: at..self.pos,
                                value: Value::String(Cow::Borrowed(s)),
                            });
                            self.skip_ws();
                            match self.peek()? {
                                b',' => self.pos += 1,
                                b']' => break,
                                _ => return None,
                            }
                        }
                        _ => return None,
                    }
                }
                self.pos += 1;
                Value::Array(items)
            }
            b'0'..=b'9' | b'+' | b'-' => self.number_or_date()?,
            _ => return None,
        };
        Some(Item {
            span: start..self.pos,
            value,
        })
    }
    /// A `"..."` string with no escapes and no control characters; its contents.
    fn basic_string(&mut self) -> Option<&'i str> {
        let open = self.pos;
        if self.rest().starts_with(b"\"\"\"") {
            return None;
        }
        let body = open + 1;
        let len = plain_len(&self.text.as_bytes()[body..]);
        if self.at(body + len) != Some(b'"') {
            return None;
        }
        self.pos = body + len + 1;
        Some(&self.text[body..body + len])
    }
    /// A decimal integer, a local date `YYYY-MM-DD` or a local time `HH:MM:SS`.
    fn number_or_date(&mut self) -> Option<Value<'i>> {
        let start = self.pos;
        let b = self.text.as_bytes();
        let digits = |from: usize| {
            b.get(from..)
                .unwrap_or_default()
                .iter()
                .take_while(|c| c.is_ascii_digit())
                .count()
        };
        let num = |from: usize, n: usize| -> u32 {
            b[from..from + n]
                .iter()
                .fold(0, |acc, d| acc * 10 + u32::from(d - b'0'))
        };
        let lead = digits(start);
        if lead == 4 && self.at(start + 4) == Some(b'-') {
            if digits(start + 5) != 2 || self.at(start + 7) != Some(b'-') || digits(start + 8) != 2
            {
                return None;
            }
            let (year, month, day) = (num(start, 4), num(start + 5, 2), num(start + 8, 2));
            chrono::NaiveDate::from_ymd_opt(year as i32, month, day)?;
            self.pos = start + 10;
            self.ends_value()?;
            return Some(Value::Datetime(Datetime {
                date: Some(Date {
                    year: year as u16,
                    month: month as u8,
                    day: day as u8,
                }),
                time: None,
                offset: None,
            }));
        }
        if lead == 2 && self.at(start + 2) == Some(b':') {
            if digits(start + 3) != 2 || self.at(start + 5) != Some(b':') || digits(start + 6) != 2
            {
                return None;
            }
            let (hour, minute, second) = (num(start, 2), num(start + 3, 2), num(start + 6, 2));
            if hour > 23 || minute > 59 || second > 59 {
                return None;
            }
            self.pos = start + 8;
            self.ends_value()?;
            return Some(Value::Datetime(Datetime {
                date: None,
                time: Some(Time {
                    hour: hour as u8,
                    minute: minute as u8,
                    second: Some(second as u8),
                    nanosecond: None,
                }),
                offset: None,
            }));
        }
        let sign = usize::from(matches!(b[start], b'+' | b'-'));
        let n = digits(start + sign);
        if n == 0 || (n > 1 && b[start + sign] == b'0') {
            return None;
        }
        self.pos = start + sign + n;
        // A plain decimal fraction (`27.5`, as mmx writes a measurement);
        // exponents, `inf` and `nan` go to the full parser.
        if self.peek() == Some(b'.') {
            let frac = digits(self.pos + 1);
            if frac == 0 {
                return None;
            }
            self.pos += 1 + frac;
            self.ends_value()?;
            return Some(Value::Float(self.text[start..self.pos].parse().ok()?));
        }
        self.ends_value()?;
        let raw = &self.text[start..self.pos];
        Some(Value::Integer(raw.parse().ok(), Cow::Borrowed(raw)))
    }
    /// The value ends here: a blank, a comment or the end of the line follows.
    fn ends_value(&self) -> Option<()> {
        matches!(self.peek(), None | Some(b' ' | b'\t' | b'#' | b'\n')).then_some(())
    }
}

/// How many bytes at the start of `s` are plain string text: up to the first
/// quote, backslash, newline or control character (or the end). SOAP notes
/// are most of every record's bytes, so they are scanned eight at a time;
/// a word holding any byte that might stop the run is scanned byte by byte.
fn plain_len(s: &[u8]) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // Non-zero when some byte of `x` is below `n` (n <= 128).
    let below = |x: u64, n: u8| x.wrapping_sub(ONES * u64::from(n)) & !x & HIGH;
    let has = |x: u64, b: u8| below(x ^ (ONES * u64::from(b)), 1);
    let mut i = 0;
    while let Some(word) = s.get(i..i + 8) {
        let x = u64::from_le_bytes(word.try_into().unwrap_or_default());
        if below(x, 0x20) | has(x, b'"') | has(x, b'\\') | has(x, 0x7f) != 0 {
            break;
        }
        i += 8;
    }
    i + s[i..]
        .iter()
        .position(|&b| STOP[usize::from(b)] != PLAIN)
        .unwrap_or(s.len() - i)
}

const PLAIN: u8 = 0;
const QUOTE: u8 = 1;
const NEWLINE: u8 = 2;
const CONTROL: u8 = 3;

/// The class of each byte inside a string or comment: plain text (tab
/// included), a quote or backslash, the newline, or a control character TOML
/// forbids there. A table because this is the loop every byte goes through.
static STOP: [u8; 256] = {
    let mut t = [PLAIN; 256];
    let mut b = 0;
    while b < 0x20 {
        t[b] = CONTROL;
        b += 1;
    }
    t[b'\t' as usize] = PLAIN;
    t[b'\n' as usize] = NEWLINE;
    t[0x7f] = CONTROL;
    t[b'"' as usize] = QUOTE;
    t[b'\\' as usize] = QUOTE;
    t
};

#[cfg(test)]
mod tests {
    use super::*;

    /// The plain reader either declines or agrees with the full parser.
    fn agrees(text: &str) -> bool {
        match plain(text) {
            Some(fast) => {
                assert_eq!(
                    Ok(&fast),
                    full(text).as_ref().map_err(|e| &e.message),
                    "{text}"
                );
                true
            }
            None => false,
        }
    }

    #[test]
    fn plain_runs_stop_where_a_byte_at_a_time_scan_stops() {
        let base = "é plain words, ".repeat(6).into_bytes();
        for len in 0..40 {
            for at in 0..=len {
                // A tab is plain text, though it makes a word be scanned slowly.
                for stop in [b'"', b'\\', b'\n', b'\r', 0, 0x1f, 0x7f, b'\t'] {
                    let mut text = base[..len].to_vec();
                    text.insert(at, stop);
                    let slow = text.iter().position(|&b| STOP[usize::from(b)] != PLAIN);
                    assert_eq!(plain_len(&text), slow.unwrap_or(text.len()), "{text:?}");
                }
            }
            let text = &base[..len];
            let slow = text.iter().position(|&b| STOP[usize::from(b)] != PLAIN);
            assert_eq!(plain_len(text), slow.unwrap_or(len), "{text:?}");
        }
    }

    #[test]
    fn the_plain_subset_reads_as_the_full_parser_does() {
        let plain_docs = [
            "",
            "\n\n",
            "# only a comment\n",
            "id = \"a\"  # c\nn = -5\nm = +7\nz = 0\n",
            "regions = [\"x\", \"y\",]\ne = []\nf = [ \"a\" ]\n",
            "date = 2026-01-05\nstart = 09:30:00\nt=\"x\"",
            "a = \"naïve ünïcode\"\n[prescriber]\nname = \"Dr\"\nnpi = \"1\"\n\n[[diagnoses]]\ncode = \"M54\"\n\n[[diagnoses]]\ncode = \"M55\"\ntext = \"t\"\n",
            "\ta\t=\t\"tab\"\t\n",
            "big = 99999999999999999999\n",
            "value = 27.5\nv = -0.25\nw = 130\n",
        ];
        for text in plain_docs {
            assert!(agrees(text), "declined: {text}");
        }
    }

    #[test]
    fn anything_else_goes_to_the_full_parser() {
        let others = [
            "a = \"esc\\\"aped\"\n",
            "a = 'literal'\n",
            "a = \"\"\"multi\nline\"\"\"\n",
            "a = [\n  \"x\",\n]\n",
            "a = 1.5e3\n",
            "a = 1.\n",
            "a = 1.5_0\n",
            "a = true\n",
            "a = 1_000\n",
            "a = 007\n",
            "a = 0x1f\n",
            "a = 2026-02-30\n",
            "a = 2026-01-05T10:00:00\n",
            "a = 2026-01-05 10:00:00\n",
            "a = 24:00:00\n",
            "a = 09:30\n",
            "a = {x = 1}\n",
            "a.b = 1\n",
            "\"a\" = 1\n",
            "a = 1\na = 2\n",
            "[t]\n[t]\n",
            "a = 1\n[a]\n",
            "[a]\n[[a]]\n",
            "a = \"x\"\r\n",
            "a = \"unterminated\n",
            "a = \"x\" b\n",
            "a = [\"x\", 1]\n",
            "[ spaced ]\n",
            "a = 1 # bell \u{7}\n",
            "\u{feff}a = 1\n",
        ];
        for text in others {
            assert!(plain(text).is_none(), "accepted: {text:?}");
        }
    }

    /// Single-byte changes to real records: wherever the plain reader still
    /// accepts the text, the full parser must read the same tree.
    #[test]
    fn mutated_records_never_read_differently() {
        let texts = [
            include_str!(
                "../../examples/demo-practice/patients/augustin-pellworth-1981/sessions/2026-10-07-1830.toml"
            ),
            include_str!(
                "../../examples/demo-practice/patients/augustin-pellworth-1981/prescriptions/2026-10-05-plantar-fasciitis.toml"
            ),
        ];
        let alphabet = b" \t\n\r\"'#[]=.,-+_:0123456789aZ\\{}\x07";
        let mut state: u64 = 1;
        let mut next = || {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 33) as usize
        };
        let (mut accepted, mut declined) = (0, 0);
        for round in 0..4000 {
            let mut bytes = texts[round % 2].as_bytes().to_vec();
            for _ in 0..1 + next() % 2 {
                let at = next() % bytes.len();
                let b = alphabet[next() % alphabet.len()];
                match next() % 3 {
                    0 => bytes[at] = b,
                    1 => bytes.insert(at, b),
                    _ => {
                        bytes.remove(at);
                    }
                }
            }
            let Ok(t) = std::str::from_utf8(&bytes) else {
                continue;
            };
            if agrees(t) {
                accepted += 1;
            } else {
                declined += 1;
            }
        }
        assert!(
            accepted > 100 && declined > 100,
            "{accepted} accepted, {declined} declined"
        );
    }

    #[test]
    fn every_demo_record_takes_the_plain_path_and_agrees() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/demo-practice");
        let mut seen = 0;
        // The records: not the editors' `.taplo.toml`, which the loader skips.
        let records = walkdir::WalkDir::new(root)
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
        for entry in records {
            let entry = entry.unwrap();
            if entry.path().extension().is_some_and(|e| e == "toml") {
                let text = std::fs::read_to_string(entry.path()).unwrap();
                assert!(agrees(&text), "declined {}", entry.path().display());
                seen += 1;
            }
        }
        assert!(seen > 80, "only {seen} files");
    }
}
