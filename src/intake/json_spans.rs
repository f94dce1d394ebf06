//! Where each value of a JSON text is: its path (`entry[2].resource.bodySite[0].coding[0].code`)
//! mapped to its byte range, for a finding about an imported file to point
//! at the value it is about. One pass over a text `serde_json` has already
//! read (so it is valid JSON); anything unexpected simply ends the scan.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

/// The deepest nesting scanned (serde_json refuses deeper texts anyway).
const MAX_DEPTH: usize = 128;

/// What one pass over a JSON text finds.
#[derive(Debug, Default)]
pub struct Scan {
    /// Every value's path and span. The root's path is empty; a member is
    /// `parent.key` (`key` alone at the root), an element `parent[i]`.
    pub spans: HashMap<String, Range<usize>>,
    /// The path of each member whose key its object already had, in the
    /// text's order: JSON readers differ on which of the two counts (the
    /// last, here, as for `serde_json`), so a person reading the file and
    /// mmx could see two different orders.
    pub twice: Vec<String>,
}

/// Scans `text` once: spans, and the keys given twice in one object.
pub fn scan(text: &str) -> Scan {
    let mut s = Scanner {
        bytes: text.as_bytes(),
        text,
        at: 0,
        out: Scan::default(),
    };
    let mut path = String::new();
    s.value(&mut path, 0);
    s.out
}

/// The path of member `key` of the value at `parent`.
pub fn member(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_string()
    } else {
        format!("{parent}.{key}")
    }
}

/// The path of element `i` of the array at `parent`.
pub fn element(parent: &str, i: usize) -> String {
    format!("{parent}[{i}]")
}

struct Scanner<'t> {
    bytes: &'t [u8],
    text: &'t str,
    at: usize,
    out: Scan,
}

impl Scanner<'_> {
    fn blanks(&mut self) {
        while self.at < self.bytes.len() && self.bytes[self.at].is_ascii_whitespace() {
            self.at += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    /// Scans one value at `path`, recording its span. Returns false when
    /// the text ends or is not what a valid text would hold.
    fn value(&mut self, path: &mut String, depth: usize) -> bool {
        self.blanks();
        let start = self.at;
        let ok = match self.peek() {
            Some(b'{') if depth < MAX_DEPTH => self.object(path, depth),
            Some(b'[') if depth < MAX_DEPTH => self.array(path, depth),
            Some(b'"') => self.string().is_some(),
            Some(_) => {
                while self
                    .peek()
                    .is_some_and(|b| !matches!(b, b',' | b'}' | b']') && !b.is_ascii_whitespace())
                {
                    self.at += 1;
                }
                self.at > start
            }
            None => false,
        };
        if ok {
            self.out.spans.insert(path.clone(), start..self.at);
        }
        ok
    }

    /// A string's contents, escapes read as JSON reads them (a key
    /// written `"authored\u004fn"` is `authoredOn`), the quotes consumed.
    fn string(&mut self) -> Option<String> {
        let open = self.at;
        self.at += 1;
        let start = self.at;
        let mut escaped = false;
        while let Some(b) = self.peek() {
            match b {
                b'\\' => {
                    escaped = true;
                    self.at += 2;
                }
                b'"' => {
                    self.at += 1;
                    let s = match (escaped, self.text.get(open..self.at)) {
                        (true, Some(quoted)) => serde_json::from_str::<String>(quoted).ok()?,
                        _ => String::from_utf8_lossy(&self.bytes[start..self.at - 1]).into_owned(),
                    };
                    return Some(s);
                }
                _ => self.at += 1,
            }
        }
        None
    }

    fn object(&mut self, path: &mut String, depth: usize) -> bool {
        self.at += 1;
        let mut keys: HashSet<String> = HashSet::new();
        loop {
            self.blanks();
            match self.peek() {
                Some(b'}') => {
                    self.at += 1;
                    return true;
                }
                Some(b',') => self.at += 1,
                Some(b'"') => {
                    let Some(key) = self.string() else {
                        return false;
                    };
                    self.blanks();
                    if self.peek() != Some(b':') {
                        return false;
                    }
                    self.at += 1;
                    let len = path.len();
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(&key);
                    if !keys.insert(key) {
                        self.out.twice.push(path.clone());
                    }
                    let ok = self.value(path, depth + 1);
                    path.truncate(len);
                    if !ok {
                        return false;
                    }
                }
                _ => return false,
            }
        }
    }

    fn array(&mut self, path: &mut String, depth: usize) -> bool {
        self.at += 1;
        let mut i = 0;
        loop {
            self.blanks();
            match self.peek() {
                Some(b']') => {
                    self.at += 1;
                    return true;
                }
                Some(b',') => self.at += 1,
                Some(_) => {
                    let len = path.len();
                    path.push_str(&format!("[{i}]"));
                    let ok = self.value(path, depth + 1);
                    path.truncate(len);
                    if !ok {
                        return false;
                    }
                    i += 1;
                }
                None => return false,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_value_has_its_span() {
        let text = r#"{ "a": [1, {"b": "x\"y"}], "c": {"d": true} }"#;
        let s = scan(text).spans;
        let at = |p: &str| &text[s[p].clone()];
        assert_eq!(at("a[0]"), "1");
        assert_eq!(at("a[1].b"), r#""x\"y""#);
        assert_eq!(at("c.d"), "true");
        assert_eq!(at("c"), r#"{"d": true}"#);
        assert_eq!(at(""), text.trim());
        assert_eq!(member("", "a"), "a");
        assert_eq!(element(&member("c", "d"), 2), "c.d[2]");
    }

    #[test]
    fn a_key_given_twice_in_one_object_is_found_however_it_is_written() {
        let text = r#"{ "a": 1, "b": {"a": 2}, "\u0061": 3, "c": [{"d": 1, "d": 2}] }"#;
        let s = scan(text);
        assert_eq!(s.twice, ["a", "c[0].d"]);
        // The last counts, as for serde_json.
        assert_eq!(&text[s.spans["a"].clone()], "3");
    }
}
