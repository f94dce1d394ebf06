//! Edits that keep the therapist's own words: a record is changed through
//! toml_edit, so comments, blank lines, key order and the formatting of every
//! value not touched stay byte for byte, and `git diff` shows only the lines
//! that changed. A file keeps its line endings too: toml_edit renders every
//! line break outside a multi-line string as LF, so a CRLF file's are put
//! back, and what mmx adds is written the same way.

use toml_edit::{Array, DocumentMut, Item, Table, Value};

/// A record's TOML document opened for editing, with the fields changed so far.
pub struct Document {
    doc: DocumentMut,
    changed: Vec<String>,
    ending: LineEnding,
    /// The file began with a UTF-8 byte order mark (Notepad writes one):
    /// kept, since the edit keeps every byte it does not change.
    bom: bool,
    /// The order of the record's keys (its field table): a key the edit adds
    /// goes after the last key before it in that order, not at the end.
    order: Vec<&'static str>,
}

/// The line ending a file is written with, taken from its first line break.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineEnding {
    Lf,
    CrLf,
}

impl LineEnding {
    /// CRLF when the first line break of `text` is `\r\n`, else LF (also
    /// for a text with no line break).
    pub fn of(text: &str) -> LineEnding {
        match text.find('\n') {
            Some(i) if text[..i].ends_with('\r') => LineEnding::CrLf,
            _ => LineEnding::Lf,
        }
    }

    fn newline(self) -> &'static str {
        match self {
            LineEnding::Lf => "\n",
            LineEnding::CrLf => "\r\n",
        }
    }

    /// `text` with its line breaks in this ending. For CRLF, every `\n` not
    /// already after a `\r` gets one, so the result has no mixed endings; a
    /// line break inside a multi-line string mmx writes becomes CRLF too, as
    /// git's `autocrlf` would make it (TOML lets readers take either). LF
    /// text is left as it is.
    pub fn apply(self, text: &str) -> String {
        if self == LineEnding::Lf {
            return text.to_string();
        }
        let mut out = String::with_capacity(text.len() + text.len() / 16);
        for (i, line) in text.split('\n').enumerate() {
            if i > 0 {
                if !out.ends_with('\r') {
                    out.push('\r');
                }
                out.push('\n');
            }
            out.push_str(line);
        }
        out
    }
}

/// A value to set: what the flags of `patient edit` and `rx edit` carry.
#[derive(Debug, Clone, PartialEq)]
pub enum Setting {
    Str(String),
    Int(i64),
    /// A TOML local date (`2026-11-23`).
    Date(chrono::NaiveDate),
}

impl Setting {
    fn to_value(&self) -> Value {
        match self {
            Setting::Str(s) => Value::from(s.as_str()),
            Setting::Int(n) => Value::from(*n),
            Setting::Date(d) => Value::from(toml_edit::Datetime {
                date: Some(toml_edit::Date {
                    year: chrono::Datelike::year(d) as u16,
                    month: chrono::Datelike::month(d) as u8,
                    day: chrono::Datelike::day(d) as u8,
                }),
                time: None,
                offset: None,
            }),
        }
    }
}

impl Document {
    /// Opens a record's text; `Err` carries the parser's message (the caller
    /// reports the file through the normal diagnostics instead).
    pub fn parse(text: &str) -> Result<Document, String> {
        let body = text.strip_prefix('\u{feff}');
        body.unwrap_or(text)
            .parse::<DocumentMut>()
            .map(|doc| Document {
                doc,
                changed: Vec::new(),
                ending: LineEnding::of(text),
                bom: body.is_some(),
                order: Vec::new(),
            })
            .map_err(|e| e.message().to_string())
    }

    /// Keys this edit adds go where `order` puts them.
    pub fn keep_order(&mut self, order: Vec<&'static str>) {
        self.order = order;
    }

    /// Moves a top-level key just added (at the end) to after the last key
    /// that comes before it in the record's order; the others stay as they
    /// are.
    fn place(&mut self, key: &str) {
        let Some(rank) = self.order.iter().position(|o| *o == key) else {
            return;
        };
        let table = self.doc.as_table_mut();
        let mut keys: Vec<String> = table
            .iter()
            .filter(|(_, v)| v.is_value())
            .map(|(k, _)| k.to_string())
            .collect();
        keys.retain(|k| k != key);
        let before = |k: &str| {
            self.order
                .iter()
                .position(|o| *o == k)
                .is_some_and(|r| r < rank)
        };
        let at = keys.iter().rposition(|k| before(k)).map_or(0, |i| i + 1);
        keys.insert(at, key.to_string());
        let index = |k: &str| keys.iter().position(|x| x == k).unwrap_or(usize::MAX);
        table.sort_values_by(|a, _, b, _| index(a.get()).cmp(&index(b.get())));
    }

    /// The dotted names of the fields changed, in the order they were changed.
    pub fn changed(&self) -> &[String] {
        &self.changed
    }

    fn note(&mut self, path: &str) {
        if !self.changed.iter().any(|c| c == path) {
            self.changed.push(path.to_string());
        }
    }

    /// The table that holds `path`'s last key (`prescriber.phone` ->
    /// `[prescriber]`), created if missing.
    fn table_for<'a>(&'a mut self, path: &'a str) -> Option<(&'a mut Table, &'a str)> {
        let mut parts: Vec<&str> = path.split('.').collect();
        let key = parts.pop()?;
        let mut table = self.doc.as_table_mut();
        for part in parts {
            let item = table.entry(part).or_insert_with(toml_edit::table);
            table = item.as_table_mut()?;
        }
        Some((table, key))
    }

    /// Sets a field. An existing value keeps its surrounding spaces and any
    /// comment after it; a new key goes after the table's last key. Setting
    /// a field to the value it has changes nothing.
    pub fn set(&mut self, path: &str, field: &Setting) {
        let mut value = field.to_value();
        let Some((table, key)) = self.table_for(path) else {
            return;
        };
        match table.get_mut(key) {
            Some(Item::Value(old)) => {
                if same(old, &value) {
                    return;
                }
                *value.decor_mut() = old.decor().clone();
                *old = value;
            }
            _ => {
                table.insert(key, Item::Value(value));
                if !path.contains('.') {
                    self.place(path);
                }
            }
        }
        self.note(path);
    }

    /// The one rule for a text field given in a change: absent keeps it, an
    /// empty (or blank) text removes it, anything else sets it.
    pub fn set_text(&mut self, path: &str, value: Option<&str>) {
        match value {
            Some(v) if v.trim().is_empty() => self.remove(path),
            Some(v) => self.set(path, &Setting::Str(v.to_string())),
            None => {}
        }
    }

    /// Removes a field, with its line and any comment lines just above it;
    /// blank lines above it stay, before the next field.
    pub fn remove(&mut self, path: &str) {
        let Some((table, key)) = self.table_for(path) else {
            return;
        };
        let keys: Vec<String> = table.iter().map(|(k, _)| k.to_string()).collect();
        let Some(pos) = keys.iter().position(|k| k == key) else {
            return;
        };
        let prefix = table
            .key(key)
            .map(|k| raw(k.leaf_decor().prefix()))
            .unwrap_or_default();
        table.remove(key);
        let comment_at = prefix.find('#').unwrap_or(prefix.len());
        let blank = match prefix[..comment_at].rfind('\n') {
            Some(i) => &prefix[..=i],
            None => "",
        };
        if let Some(next) = keys.get(pos + 1)
            && let Some(mut next) = table.key_mut(next)
        {
            let decor = next.leaf_decor_mut();
            let old = raw(decor.prefix());
            decor.set_prefix(format!("{blank}{old}"));
        }
        self.note(path);
    }

    /// Appends a string to a list field (creating the list), formatted like
    /// the list's last element; a string already there is left alone.
    pub fn add_to_list(&mut self, path: &str, item: &str) {
        let Some((table, key)) = self.table_for(path) else {
            return;
        };
        let new = !table.contains_key(key);
        let entry = table
            .entry(key)
            .or_insert_with(|| Item::Value(Value::Array(Array::new())));
        let Some(array) = entry.as_array_mut() else {
            return;
        };
        if array.iter().any(|v| v.as_str() == Some(item)) {
            return;
        }
        // In a list of one item a line, a comment after the last item's comma
        // belongs to that item: it stays there, and the new item goes on a
        // new line with the same indent.
        let mut value = Value::from(item);
        let trailing = raw(Some(array.trailing()));
        if let Some(last) = array.iter().last() {
            let last_prefix = raw(last.decor().prefix());
            match (split_line(&trailing), split_line(&last_prefix)) {
                (Some((comment, closing)), Some((_, indent))) => {
                    value.decor_mut().set_prefix(format!("{comment}\n{indent}"));
                    array.set_trailing(format!("\n{closing}"));
                }
                _ => value.decor_mut().set_prefix(" "),
            }
        }
        array.push_formatted(value);
        if new && !path.contains('.') {
            self.place(path);
        }
        self.note(path);
    }

    /// Removes a string from a list field. The other items keep their
    /// layout, and each comment stays with the item it was written after:
    /// the removed item's own comment goes with it.
    pub fn remove_from_list(&mut self, path: &str, item: &str) {
        let Some((table, key)) = self.table_for(path) else {
            return;
        };
        let Some(array) = table.get_mut(key).and_then(Item::as_array_mut) else {
            return;
        };
        let Some(i) = array.iter().position(|v| v.as_str() == Some(item)) else {
            return;
        };
        // The removed item's prefix holds the comment of the item before it.
        let removed_prefix = array
            .get(i)
            .map(|v| raw(v.decor().prefix()))
            .unwrap_or_default();
        array.remove(i);
        let keep = |next: &str| match (split_line(&removed_prefix), split_line(next)) {
            (Some((comment, _)), Some((_, indent))) => format!("{comment}\n{indent}"),
            _ if i == 0 => removed_prefix.clone(),
            _ => next.to_string(),
        };
        if let Some(next) = array.get_mut(i) {
            let prefix = keep(&raw(next.decor().prefix()));
            next.decor_mut().set_prefix(prefix);
        } else if !array.is_empty() {
            let trailing = keep(&raw(Some(array.trailing())));
            array.set_trailing(trailing);
        }
        self.note(path);
    }

    /// Replaces each string of a top-level list that `canonical` maps to
    /// another, keeping the list's layout and comments, and then drops a
    /// string the list already holds (`["low back", "lumbar"]` is
    /// `["lumbar"]`, not `["lumbar", "lumbar"]`: the reader counts a term
    /// once, and so does the list mmx writes).
    pub fn canonical_list(&mut self, key: &str, canonical: impl Fn(&str) -> Option<String>) {
        let Some(array) = self.doc.get_mut(key).and_then(Item::as_array_mut) else {
            return;
        };
        let mut changed = false;
        for value in array.iter_mut() {
            if let Some(raw) = value.as_str()
                && let Some(c) = canonical(raw).filter(|c| c != raw)
            {
                let decor = value.decor().clone();
                *value = Value::from(c);
                *value.decor_mut() = decor;
                changed = true;
            }
        }
        let mut seen = std::collections::HashSet::new();
        let repeated: Vec<usize> = array
            .iter()
            .enumerate()
            .filter_map(|(i, v)| v.as_str().filter(|s| !seen.insert(*s)).map(|_| i))
            .collect();
        for i in repeated.into_iter().rev() {
            drop_keeping_comments(array, i);
            changed = true;
        }
        if changed {
            self.note(key);
        }
    }

    /// Replaces the string `field` of each table of the array of tables
    /// `key` (`[[measures]] site`) that `canonical` maps to another,
    /// keeping its comments; noted as `key.field`.
    pub fn canonical_in_tables(
        &mut self,
        key: &str,
        field: &str,
        canonical: impl Fn(&str) -> Option<String>,
    ) {
        let mut values: Vec<&mut Value> = match self.doc.get_mut(key) {
            Some(Item::ArrayOfTables(tables)) => tables
                .iter_mut()
                .filter_map(|t| t.get_mut(field).and_then(Item::as_value_mut))
                .collect(),
            // `measures = [{ ... }]`, written inline.
            Some(Item::Value(Value::Array(array))) => array
                .iter_mut()
                .filter_map(Value::as_inline_table_mut)
                .filter_map(|t| t.get_mut(field))
                .collect(),
            _ => return,
        };
        let mut changed = false;
        for value in values.iter_mut() {
            if let Some(raw) = value.as_str()
                && let Some(c) = canonical(raw).filter(|c| c != raw)
            {
                let decor = value.decor().clone();
                **value = Value::from(c);
                *value.decor_mut() = decor;
                changed = true;
            }
        }
        if changed {
            self.note(&format!("{key}.{field}"));
        }
    }

    /// Puts the top-level keys in `order` (others after them, as they were);
    /// each key's comments move with it, and what heads the file stays at
    /// its head. Tables are not moved.
    pub fn order_keys(&mut self, order: &[&str]) {
        let table = self.doc.as_table_mut();
        let rank = |k: &str| order.iter().position(|o| *o == k).unwrap_or(order.len());
        let keys: Vec<String> = table
            .iter()
            .filter(|(_, v)| v.is_value())
            .map(|(k, _)| k.to_string())
            .collect();
        let mut sorted = keys.clone();
        sorted.sort_by_key(|k| rank(k));
        if sorted == keys {
            return;
        }
        // The first key's leading text is the file's head (a comment about
        // the whole record): it stays first.
        let head = keys
            .first()
            .and_then(|k| table.key(k))
            .map(|k| raw(k.leaf_decor().prefix()))
            .unwrap_or_default();
        if let Some(mut k) = keys.first().and_then(|k| table.key_mut(k)) {
            k.leaf_decor_mut().set_prefix("");
        }
        table.sort_values_by(|a, _, b, _| rank(a.get()).cmp(&rank(b.get())));
        if let Some(mut k) = sorted.first().and_then(|k| table.key_mut(k)) {
            let own = raw(k.leaf_decor().prefix());
            k.leaf_decor_mut().set_prefix(format!("{head}{own}"));
        }
        self.note("key order");
    }

    /// Sets `field` in each table of the array of tables `key`
    /// (`[[consents]]`) that `pick` chooses, given each table's values as
    /// text (`scope` is `sensitive`, `date` is `2026-11-02`); a value there
    /// keeps its decor, a new one goes after the table's last key. Returns
    /// how many tables it set.
    pub fn set_in_tables(
        &mut self,
        key: &str,
        field: &str,
        value: &Setting,
        pick: impl Fn(&dyn Fn(&str) -> Option<String>) -> bool,
    ) -> usize {
        let Some(tables) = self.doc.get_mut(key).and_then(Item::as_array_of_tables_mut) else {
            return 0;
        };
        let mut set = 0;
        for (i, table) in tables.iter_mut().enumerate() {
            let read = |k: &str| {
                table.get(k).and_then(|v| match v.as_value()? {
                    Value::String(s) => Some(s.value().clone()),
                    Value::Datetime(d) => Some(d.value().to_string()),
                    other => Some(other.to_string().trim().to_string()),
                })
            };
            if !pick(&read) {
                continue;
            }
            let mut new = value.to_value();
            match table.get_mut(field) {
                Some(Item::Value(old)) => {
                    *new.decor_mut() = old.decor().clone();
                    *old = new;
                }
                _ => {
                    table.insert(field, Item::Value(new));
                }
            }
            set += 1;
            self.changed.push(format!("{key}.{i}.{field}"));
        }
        set
    }

    /// The document as text: untouched parts exactly as they were read, in
    /// the line ending the file had.
    pub fn render(&self) -> String {
        let text = self.ending.apply(&self.doc.to_string());
        if self.bom {
            format!("\u{feff}{text}")
        } else {
            text
        }
    }
}

/// A piece of decor as written (empty when there is none).
/// Removes item `i` of a list; a comment before it (the one after the item
/// above, on its line) passes to what follows it, so no comment is lost.
fn drop_keeping_comments(array: &mut Array, i: usize) {
    let prefix = array
        .get(i)
        .map(|v| raw(v.decor().prefix()))
        .unwrap_or_default();
    array.remove(i);
    // Up to the line the item was on: its indent goes with it.
    let kept = match prefix.rfind('\n') {
        Some(at) if prefix.contains('#') => &prefix[..at],
        _ => "",
    };
    if kept.is_empty() {
        return;
    }
    match array.get_mut(i) {
        Some(next) => {
            let own = raw(next.decor().prefix());
            next.decor_mut().set_prefix(format!("{kept}{own}"));
        }
        None => {
            let own = raw(Some(array.trailing()));
            array.set_trailing(format!("{kept}{own}"));
        }
    }
}

fn raw(s: Option<&toml_edit::RawString>) -> String {
    s.and_then(|r| r.as_str()).unwrap_or_default().to_string()
}

/// Decor split at its last line break: what is on the line before (blanks
/// and a comment) and the indent after.
fn split_line(s: &str) -> Option<(&str, &str)> {
    s.rfind('\n').map(|i| (&s[..i], &s[i + 1..]))
}

/// Whether two values are the same data, whatever their formatting.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::String(x), Value::String(y)) => x.value() == y.value(),
        (Value::Integer(x), Value::Integer(y)) => x.value() == y.value(),
        (Value::Datetime(x), Value::Datetime(y)) => x.value() == y.value(),
        _ => false,
    }
}

/// Appends a block of TOML (a `[[amendments]]` entry) after the last byte of
/// a record, so every byte before it is kept; a missing final newline is
/// added first, and a blank line before the block. What is added takes the
/// record's line ending.
pub fn append(text: &str, block: &str) -> String {
    let ending = LineEnding::of(text);
    let newline = ending.newline();
    let mut out = String::with_capacity(text.len() + 2 * block.len() + 4);
    out.push_str(text);
    if !out.is_empty() && !out.ends_with('\n') {
        out.push_str(newline);
    }
    if !out.is_empty() && !out.ends_with("\n\n") && !out.ends_with("\n\r\n") {
        out.push_str(newline);
    }
    out.push_str(&ending.apply(block));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const RX: &str = r#"# Renewal expected after the follow-up
id = "2026-11-02-a7k2mp"
visits = 10   # as written by Dr. Brandt
expires = 2026-12-31
regions = ["lumbar", "left-gluteal"]
techniques = [
    "effleurage",   # warm-up
    "petrissage",
]

[prescriber]
name = "Dr. Brandt"
"#;

    fn edit(f: impl FnOnce(&mut Document)) -> (String, Vec<String>) {
        let mut d = Document::parse(RX).unwrap();
        f(&mut d);
        (d.render(), d.changed().to_vec())
    }

    /// The lines of `after` that are not in `before`, and the reverse.
    fn diff(before: &str, after: &str) -> (Vec<String>, Vec<String>) {
        let b: Vec<&str> = before.lines().collect();
        let a: Vec<&str> = after.lines().collect();
        (
            a.iter()
                .filter(|l| !b.contains(l))
                .map(|l| l.to_string())
                .collect(),
            b.iter()
                .filter(|l| !a.contains(l))
                .map(|l| l.to_string())
                .collect(),
        )
    }

    #[test]
    fn a_list_holds_each_term_once_and_a_tables_field_is_canonical_inline_too() {
        let text = "regions = [\n    \"Low Back\",  # first\n    \"lumbar\",\n    \"left-gluteal\",  # second\n    \"left-gluteal\",\n]\nmeasures = [{ measure = \"rom\", site = \"Left Hip\" }]\n";
        let mut d = Document::parse(text).unwrap();
        d.canonical_list("regions", |raw| {
            Some(raw.to_lowercase().replace("low back", "lumbar"))
        });
        d.canonical_in_tables("measures", "site", |raw| {
            Some(raw.to_lowercase().replace(' ', "-"))
        });
        assert_eq!(d.changed(), ["regions", "measures.site"]);
        assert_eq!(
            d.render(),
            "regions = [\n    \"lumbar\",  # first\n    \"left-gluteal\",  # second\n]\nmeasures = [{ measure = \"rom\", site = \"left-hip\" }]\n"
        );
    }

    #[test]
    fn setting_a_value_keeps_its_comment_and_everything_else() {
        let (out, changed) = edit(|d| d.set("visits", &Setting::Int(14)));
        assert_eq!(changed, ["visits"]);
        assert_eq!(
            diff(RX, &out),
            (
                vec!["visits = 14   # as written by Dr. Brandt".to_string()],
                vec!["visits = 10   # as written by Dr. Brandt".to_string()]
            )
        );
    }

    #[test]
    fn a_new_key_goes_in_its_table_and_the_same_value_changes_nothing() {
        let (out, changed) = edit(|d| {
            d.set("prescriber.phone", &Setting::Str("+1 555 0100".into()));
            d.set(
                "expires",
                &Setting::Date(chrono::NaiveDate::from_ymd_opt(2026, 12, 31).unwrap()),
            );
        });
        assert_eq!(changed, ["prescriber.phone"]);
        assert!(out.ends_with("name = \"Dr. Brandt\"\nphone = \"+1 555 0100\"\n"));
        assert_eq!(diff(RX, &out).1, Vec::<String>::new());
    }

    #[test]
    fn lists_grow_and_shrink_in_their_own_style() {
        let (out, _) = edit(|d| {
            d.add_to_list("regions", "left-thigh");
            d.add_to_list("techniques", "stretching");
            d.remove_from_list("techniques", "effleurage");
        });
        assert!(out.contains("regions = [\"lumbar\", \"left-gluteal\", \"left-thigh\"]\n"));
        assert!(
            out.contains("techniques = [\n    \"petrissage\",\n    \"stretching\",\n]"),
            "{out}"
        );
        let (out, _) = edit(|d| d.remove_from_list("regions", "lumbar"));
        assert!(out.contains("regions = [\"left-gluteal\"]\n"), "{out}");
    }

    /// Comments after a list item's comma stay with that item.
    #[test]
    fn comments_stay_with_their_items() {
        const LIST: &str =
            "c = [\n  \"a\",  # about a\n  \"b\",  # about b\n  \"c\",  # about c\n]\n";
        let run = |f: &dyn Fn(&mut Document)| {
            let mut d = Document::parse(LIST).unwrap();
            f(&mut d);
            d.render()
        };
        assert_eq!(
            run(&|d| d.add_to_list("c", "d")),
            "c = [\n  \"a\",  # about a\n  \"b\",  # about b\n  \"c\",  # about c\n  \"d\",\n]\n"
        );
        assert_eq!(
            run(&|d| d.remove_from_list("c", "b")),
            "c = [\n  \"a\",  # about a\n  \"c\",  # about c\n]\n"
        );
        assert_eq!(
            run(&|d| d.remove_from_list("c", "c")),
            "c = [\n  \"a\",  # about a\n  \"b\",  # about b\n]\n"
        );
        assert_eq!(
            run(&|d| d.remove_from_list("c", "a")),
            "c = [\n  \"b\",  # about b\n  \"c\",  # about c\n]\n"
        );
    }

    #[test]
    fn removing_a_field_keeps_the_blank_line_above_it() {
        let text = "a = 1\n\n# about b\nb = 2\nc = 3\n";
        let mut d = Document::parse(text).unwrap();
        d.remove("b");
        assert_eq!(d.render(), "a = 1\n\nc = 3\n");
    }

    #[test]
    fn removing_a_field_drops_only_its_line() {
        let (out, changed) = edit(|d| d.remove("expires"));
        assert_eq!(changed, ["expires"]);
        assert_eq!(
            diff(RX, &out),
            (vec![], vec!["expires = 2026-12-31".to_string()])
        );
    }

    #[test]
    fn a_byte_order_mark_is_kept() {
        let mut d = Document::parse("\u{feff}a = 1\nb = 2\n").unwrap();
        d.set("a", &Setting::Int(3));
        assert_eq!(d.render(), "\u{feff}a = 3\nb = 2\n");
    }

    #[test]
    fn append_keeps_every_byte() {
        let block = "[[amendments]]\ndate = 2026-11-23\nnote = \"x\"\n";
        assert_eq!(append("a = 1", block), format!("a = 1\n\n{block}"));
        assert_eq!(append("a = 1\n\n", block), format!("a = 1\n\n{block}"));
    }

    /// Every `\n` is the end of a `\r\n`.
    fn all_crlf(text: &str) -> bool {
        text.match_indices('\n')
            .all(|(i, _)| text[..i].ends_with('\r'))
    }

    #[test]
    fn the_first_line_break_gives_the_ending() {
        assert_eq!(LineEnding::of("a = 1\r\nb = 2\n"), LineEnding::CrLf);
        assert_eq!(LineEnding::of("a = 1\nb = 2\r\n"), LineEnding::Lf);
        assert_eq!(LineEnding::of("a = 1"), LineEnding::Lf);
        assert_eq!(LineEnding::of(""), LineEnding::Lf);
        assert_eq!(LineEnding::CrLf.apply("a\nb\r\nc\n"), "a\r\nb\r\nc\r\n");
        assert_eq!(LineEnding::Lf.apply("a\nb\r\n"), "a\nb\r\n");
    }

    /// toml_edit renders every line break as LF; a CRLF record gets its
    /// CRLF back, untouched or edited, and an edit changes the same lines
    /// as in an LF record.
    #[test]
    fn a_crlf_record_stays_crlf() {
        let crlf = RX.replace('\n', "\r\n");
        assert_eq!(Document::parse(&crlf).unwrap().render(), crlf);
        let edits = |d: &mut Document| {
            d.set("visits", &Setting::Int(14));
            d.set("prescriber.phone", &Setting::Str("+1 555 0100".into()));
            d.set("frequency", &Setting::Str("weekly".into()));
            d.add_to_list("regions", "left-thigh");
            d.add_to_list("techniques", "stretching");
            d.remove_from_list("techniques", "effleurage");
            d.remove("expires");
        };
        let (lf, _) = edit(edits);
        let mut d = Document::parse(&crlf).unwrap();
        edits(&mut d);
        let out = d.render();
        assert!(all_crlf(&out), "{out:?}");
        assert_eq!(out, lf.replace('\n', "\r\n"));
        assert!(!lf.contains('\r'), "an LF record stays LF: {lf:?}");
    }

    /// The CRLF inside a multi-line string is kept as written (not doubled),
    /// and a new value with a line break is written with CRLF too.
    #[test]
    fn line_breaks_in_strings_follow_the_file() {
        let text = "notes = \"\"\"\r\nfirst\r\nsecond\"\"\"\r\n";
        let mut d = Document::parse(text).unwrap();
        d.set("address", &Setting::Str("1 Quay Lane\nPortview".into()));
        let out = d.render();
        assert!(out.starts_with(text), "{out:?}");
        assert!(all_crlf(&out), "{out:?}");
        assert!(out.contains("1 Quay Lane\r\nPortview"), "{out:?}");
        assert!(toml::from_str::<toml::Table>(&out).is_ok(), "{out:?}");
    }

    #[test]
    fn append_takes_the_records_line_ending() {
        let block = "[[amendments]]\ndate = 2026-11-23\nnote = \"x\"\n";
        let crlf_block = block.replace('\n', "\r\n");
        for (text, sep) in [
            ("a = 1\r\n", "\r\n"),
            ("a = 1\r\n\r\n", ""),
            ("a = 1\r\nb = 2", "\r\n\r\n"),
        ] {
            let out = append(text, block);
            assert_eq!(out, format!("{text}{sep}{crlf_block}"), "{text:?}");
            assert!(all_crlf(&out), "{out:?}");
        }
        assert_eq!(append("a = 1\n", block), format!("a = 1\n\n{block}"));
    }
}
