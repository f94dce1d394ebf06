//! Where each value of a JSON text is: its path (`entry[2].resource.bodySite[0].coding[0].code`)
//! mapped to its byte range, for a finding about an imported file to point
//! at the value it is about. One pass over a text `serde_json` has already
//! read (so it is valid JSON); anything unexpected simply ends the scan.

use std::collections::HashMap;
use std::ops::Range;

/// The deepest nesting scanned (serde_json refuses deeper texts anyway).
const MAX_DEPTH: usize = 128;

/// Every value's path and span. The root's path is empty; a member is
/// `parent.key` (`key` alone at the root), an element `parent[i]`.
pub fn spans(text: &str) -> HashMap<String, Range<usize>> {
    let mut s = Scanner {
        bytes: text.as_bytes(),
        at: 0,
        out: HashMap::new(),
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
    at: usize,
    out: HashMap<String, Range<usize>>,
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
            self.out.insert(path.clone(), start..self.at);
        }
        ok
    }

    /// A string's contents (escapes left as written: keys mmx looks for
    /// have none), the quotes consumed.
    fn string(&mut self) -> Option<String> {
        self.at += 1;
        let start = self.at;
        while let Some(b) = self.peek() {
            match b {
                b'\\' => self.at += 2,
                b'"' => {
                    let s = String::from_utf8_lossy(&self.bytes[start..self.at]).into_owned();
                    self.at += 1;
                    return Some(s);
                }
                _ => self.at += 1,
            }
        }
        None
    }

    fn object(&mut self, path: &mut String, depth: usize) -> bool {
        self.at += 1;
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
        let s = spans(text);
        let at = |p: &str| &text[s[p].clone()];
        assert_eq!(at("a[0]"), "1");
        assert_eq!(at("a[1].b"), r#""x\"y""#);
        assert_eq!(at("c.d"), "true");
        assert_eq!(at("c"), r#"{"d": true}"#);
        assert_eq!(at(""), text.trim());
        assert_eq!(member("", "a"), "a");
        assert_eq!(element(&member("c", "d"), 2), "c.d[2]");
    }
}
