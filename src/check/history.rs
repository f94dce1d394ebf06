//! History is the record: how a medical record may change from one version
//! of the practice to the next. Pure: the rules take a record's old and new
//! bytes and say what, if anything, the change may not do; the git check
//! (scope.rs) reads the versions and turns each breach into a finding.
//!
//! - No record is deleted (`record-deleted`), and no patient folder is
//!   removed or replaced by a file, but by a commit that says the record's
//!   retention period has passed (`Mmx-Destroy:`, see [`destructions`]).
//! - A session (or a sent report) is written once: its bytes are kept byte
//!   for byte (`record-rewritten`), and what is added to it after is an
//!   entry as mmx appends one (`[[amendments]]`, `[[overrides]]`, `[void]`),
//!   never a field of what it recorded. The one rewrite allowed is what
//!   `mmx fmt` makes of it (the same record in mmx's form).
//! - A patient's record and a prescription are edited through mmx's editor
//!   (`patient edit`, `rx edit`, `fmt`): any change to them is allowed (and
//!   reviewable in `git diff`); deleting them is not.

use crate::diag::{self, Code, Diagnostic};
use crate::practice::PATIENTS_DIR;
use crate::practice::folder::{Kind as Place, kind_of};
use crate::values::is_slug;
use toml_edit::{Document, DocumentMut, Item, Table, Value};

/// A record, by its place in a patient's folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Patient,
    Prescription,
    Session,
    Report,
    /// A kept order (a scan, a fax, a FHIR file): kept as it arrived.
    Order,
}

/// The entries mmx appends to a session, each a table of its own after
/// everything the session recorded: the table's name, and whether it is an
/// array of tables (`[[name]]`) or one table (`[name]`).
pub const SESSION_ENTRIES: &[(&str, bool)] =
    &[("amendments", true), ("overrides", true), ("void", false)];

impl Kind {
    /// The record at `rel` (`patients/ID/...`), if a record is there.
    pub fn of(rel: &str) -> Option<Kind> {
        let (id, inner) = rel
            .strip_prefix(PATIENTS_DIR)?
            .strip_prefix('/')?
            .split_once('/')?;
        if !is_slug(id) {
            return None;
        }
        match kind_of(inner) {
            Place::Patient => Some(Kind::Patient),
            Place::Prescription(_) => Some(Kind::Prescription),
            Place::Session(_) => Some(Kind::Session),
            Place::Report(_) => Some(Kind::Report),
            Place::Order(_) => Some(Kind::Order),
            Place::Stray => None,
        }
    }

    /// Whether mmx edits this record in place (any change is allowed).
    pub fn is_edited(self) -> bool {
        matches!(self, Kind::Patient | Kind::Prescription)
    }

    /// The tables that may be appended to it.
    fn entries(self) -> &'static [(&'static str, bool)] {
        match self {
            Kind::Session => SESSION_ENTRIES,
            _ => &[],
        }
    }

    fn noun(self) -> &'static str {
        match self {
            Kind::Patient => "patient record",
            Kind::Prescription => "prescription",
            Kind::Session => "session",
            Kind::Report => "sent report",
            Kind::Order => "order on file",
        }
    }
}

/// What a change may not do to a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Breach {
    /// The record is gone (deleted, moved, or no longer a file).
    Deleted,
    /// Bytes it had were changed or removed; `at` is where the new text
    /// first differs. `removed` names an appended entry that is gone.
    Rewritten {
        at: usize,
        removed: Option<&'static str>,
    },
    /// Something was added after it that is not an entry mmx appends; `at`
    /// is where, in the new text.
    NotAnEntry { at: usize },
}

/// Judges a record that is in both versions: `None` when the change is one
/// a medical record may make. `canonical` gives the old text in mmx's form
/// (what `mmx fmt` writes), asked for only when the new text does not
/// simply add to the old.
pub fn judge(
    kind: Kind,
    old: &[u8],
    new: &[u8],
    canonical: impl FnOnce() -> Option<String>,
) -> Option<Breach> {
    if old == new || kind.is_edited() {
        return None;
    }
    // An order on file is kept as it arrived, whatever its bytes (a PDF, a
    // FHIR file): nothing is appended to it, and a prescription's SHA-256
    // edited to match new bytes makes them no less another order.
    if kind == Kind::Order {
        return Some(Breach::Rewritten {
            at: first_difference(old, new),
            removed: None,
        });
    }
    if !is_readable(old) {
        return None;
    }
    if let Some(tail) = new.strip_prefix(old) {
        return appended(kind, old, tail);
    }
    if let Some(c) = canonical()
        && c.as_bytes() != old
        && let Some(tail) = new.strip_prefix(c.as_bytes())
    {
        return appended(kind, c.as_bytes(), tail);
    }
    Some(Breach::Rewritten {
        at: first_difference(old, new),
        removed: removed_entry(old, new),
    })
}

/// Judges a record of a merge against one of the merged versions (`from`)
/// when [`judge`] refuses it: a merge of two versions that each added
/// entries to the version they share (`base`) keeps that version whole and
/// each side's entries, in either order.
pub fn judge_merged(kind: Kind, base: &[u8], from: &[u8], new: &[u8]) -> bool {
    let (Some(theirs), Some(ours)) = (from.strip_prefix(base), new.strip_prefix(base)) else {
        return false;
    };
    if appended(kind, base, ours).is_some() {
        return false;
    }
    let theirs = trim_blank_start(theirs);
    if theirs.is_empty() {
        return true;
    }
    // Their entries stay entries: the merge holds them whole between
    // entries of its own, not quoted inside one (a multi-line string whose
    // text is their entry would keep their words and drop their entry).
    // str's search is linear; a few places are tried, and a merge that
    // quotes them more often than that before keeping them is refused.
    const TRIES: usize = 8;
    let (Ok(ours), Ok(theirs)) = (std::str::from_utf8(ours), std::str::from_utf8(theirs)) else {
        return false;
    };
    let step = theirs.chars().next().map_or(1, char::len_utf8);
    let mut from = 0;
    for _ in 0..TRIES {
        let Some(i) = ours[from..].find(theirs).map(|i| from + i) else {
            return false;
        };
        let (before, after) = (&ours[..i], &ours[i + theirs.len()..]);
        let head = [base, before.as_bytes(), theirs.as_bytes()].concat();
        if appended(kind, base, before.as_bytes()).is_none()
            && appended(kind, &head, after.as_bytes()).is_none()
        {
            return true;
        }
        from = i + step;
    }
    false
}

fn trim_blank_start(b: &[u8]) -> &[u8] {
    let n = b
        .iter()
        .take_while(|c| matches!(c, b'\n' | b'\r' | b' ' | b'\t'))
        .count();
    &b[n..]
}

/// A record that could not be read as one (not UTF-8, not TOML, empty) was
/// never a record: putting it right is not rewriting history. (No such file
/// reaches a shared remote: every commit of a push is judged.)
fn is_readable(bytes: &[u8]) -> bool {
    std::str::from_utf8(bytes)
        .is_ok_and(|t| !t.trim().is_empty() && t.parse::<DocumentMut>().is_ok())
}

/// Judges what was added after a record's `before` bytes: blank lines,
/// comments, and the record kind's own entries, each a table of its own.
fn appended(kind: Kind, before: &[u8], tail: &[u8]) -> Option<Breach> {
    if tail.is_empty() {
        return None;
    }
    let at = before.len();
    // Joined to the last line, it would change that line's value.
    if !before.is_empty()
        && !before.ends_with(b"\n")
        && !tail.starts_with(b"\n")
        && !tail.starts_with(b"\r\n")
    {
        return Some(Breach::NotAnEntry { at });
    }
    let Ok(text) = std::str::from_utf8(tail) else {
        return Some(Breach::NotAnEntry { at });
    };
    let doc = match Document::parse(text) {
        Ok(doc) => doc,
        Err(e) => {
            return Some(Breach::NotAnEntry {
                at: at + e.span().map_or(0, |s| s.start),
            });
        }
    };
    for (key, item) in doc.as_table().iter() {
        let wanted = kind.entries().iter().find(|(name, _)| *name == key);
        // An entry holds values, never a table of its own.
        let flat = |t: &Table| t.iter().all(|(_, v)| v.is_value());
        let fits = match (wanted, item) {
            (Some((_, true)), Item::ArrayOfTables(a)) => a.iter().all(flat),
            (Some((_, false)), Item::Table(t)) => !t.is_dotted() && !t.is_implicit() && flat(t),
            _ => false,
        };
        if !fits {
            // A key before the first table would join the record's last
            // table; any other table is part of what it recorded.
            let start = item
                .span()
                .or_else(|| doc.as_table().key(key).and_then(|k| k.span()))
                .map_or(0, |s| s.start);
            return Some(Breach::NotAnEntry { at: at + start });
        }
    }
    None
}

fn first_difference(old: &[u8], new: &[u8]) -> usize {
    old.iter().zip(new).take_while(|(a, b)| a == b).count()
}

/// The appended entry the new text has fewer of than the old, if any.
fn removed_entry(old: &[u8], new: &[u8]) -> Option<&'static str> {
    let count = |bytes: &[u8], name: &str| -> Option<usize> {
        let doc: DocumentMut = std::str::from_utf8(bytes).ok()?.parse().ok()?;
        Some(match doc.get(name) {
            Some(Item::ArrayOfTables(a)) => a.len(),
            Some(Item::Value(Value::Array(a))) => a.len(),
            Some(_) => 1,
            None => 0,
        })
    };
    SESSION_ENTRIES.iter().find_map(|(name, many)| {
        let before = count(old, name)?;
        let after = count(new, name).unwrap_or(0);
        (after < before).then_some(match (name, many) {
            (&"void", _) => "[void]",
            (&"amendments", _) => "[[amendments]]",
            _ => "[[overrides]]",
        })
    })
}

/// The trailer of a commit message that destroys records whose retention
/// period has passed: `Mmx-Destroy: patients/ID reason=retention-expired`.
pub const DESTROY_TRAILER: &str = "Mmx-Destroy";

/// A record (or a patient's whole folder) a commit says it destroys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Destruction {
    /// `patients/ID`, or one record in it.
    pub path: String,
    pub reason: String,
}

impl Destruction {
    /// Whether it names `path` or a folder holding it.
    pub fn covers(&self, path: &str) -> bool {
        path == self.path
            || path
                .strip_prefix(self.path.as_str())
                .is_some_and(|r| r.starts_with('/'))
    }
}

/// The destructions a commit message declares: each line
/// `Mmx-Destroy: PATH reason=REASON` (the key in any case, at the start of
/// the line), PATH a patient's folder (`patients/ID`) or a record in it,
/// REASON a word (`retention-expired`). A line without both says nothing.
/// What git shows below a scissors line (`git commit -v`) is not read.
pub fn destructions(message: &str) -> Vec<Destruction> {
    let mut found = Vec::new();
    for line in message.lines() {
        if line.starts_with('#') && line.contains(">8") {
            break;
        }
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        if !key.eq_ignore_ascii_case(DESTROY_TRAILER) {
            continue;
        }
        let mut words = value.split_whitespace();
        let (Some(path), Some(reason)) =
            (words.next(), words.find_map(|w| w.strip_prefix("reason=")))
        else {
            continue;
        };
        let path = path.trim_end_matches('/');
        let names_record = Kind::of(path).is_some();
        let names_folder = path
            .strip_prefix(PATIENTS_DIR)
            .and_then(|r| r.strip_prefix('/'))
            .is_some_and(is_slug);
        if (names_record || names_folder) && is_slug(reason) {
            found.push(Destruction {
                path: path.to_string(),
                reason: reason.to_string(),
            });
        }
    }
    found
}

/// How a patient's folder is gone from the new version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gone {
    Removed,
    /// A file, a link or a submodule now has its name.
    Replaced(&'static str),
}

/// The finding for a record's breach. `new` is the record's new text (for
/// the place of a rewrite).
pub fn finding(rel: &str, kind: Kind, breach: &Breach, new: &[u8]) -> Diagnostic {
    let noun = kind.noun();
    let stem = rel
        .rsplit('/')
        .next()
        .unwrap_or(rel)
        .trim_end_matches(".toml");
    let id = diag::quoted(stem, "");
    let named = if kind == Kind::Patient || id.is_empty() {
        format!("the {noun}")
    } else {
        format!("{noun} {id}")
    };
    let (code, at, message, hint) = match breach {
        Breach::Deleted => (
            Code::RecordDeleted,
            None,
            format!("{named} was deleted: a medical record is kept, not deleted"),
            deleted_hint(kind, rel),
        ),
        Breach::Rewritten { at, removed: Some(entry) } => (
            Code::RecordRewritten,
            Some(*at),
            match *entry {
                "[void]" => format!("the `[void]` that voided {named} was removed: the visit would count again"),
                _ => format!("an `{entry}` entry of {named} was removed: what is added to a record stays"),
            },
            "put the file back as it was in the last commit (`git checkout HEAD -- FILE`); what changed since is added with `mmx session amend`".to_string(),
        ),
        Breach::Rewritten { at: _, removed: None } if kind == Kind::Order => (
            Code::RecordRewritten,
            None,
            format!("{named} was changed: an order is kept as it arrived, byte for byte"),
            "put the file back as it was in the last commit (`git checkout HEAD -- FILE`); a new order from the prescriber is recorded beside it: `mmx rx edit RX --order FILE --received DATE --source HOW`".to_string(),
        ),
        Breach::Rewritten { at, removed: None } => (
            Code::RecordRewritten,
            Some(*at),
            format!("{named} was changed after it was written: its text is kept byte for byte"),
            rewritten_hint(kind),
        ),
        Breach::NotAnEntry { at } => (
            Code::RecordRewritten,
            Some(*at),
            format!("{named} was added to other than by an `[[amendments]]`, `[[overrides]]` or `[void]` entry: what it recorded is kept as it was"),
            rewritten_hint(kind),
        ),
    };
    let mut d = Diagnostic::new(code, rel, None, message).hint(hint);
    if let Some(at) = at {
        let (line, column) = line_column(new, at);
        d.line = line;
        d.column = column;
    }
    d
}

/// The finding for a patient's folder that is gone, with `records` records.
pub fn folder_finding(folder: &str, gone: Gone, records: usize) -> Diagnostic {
    let how = match gone {
        Gone::Removed => "was removed".to_string(),
        Gone::Replaced(what) => format!("was replaced by {what}"),
    };
    let n = if records == 1 {
        "its record".to_string()
    } else {
        format!("its {records} records")
    };
    Diagnostic::new(
        Code::RecordDeleted,
        folder,
        None,
        format!("the patient folder `{folder}` {how}, and {n} with it: a medical record is kept, not deleted"),
    )
    .hint(destroy_hint(folder))
}

fn deleted_hint(kind: Kind, rel: &str) -> String {
    let undo = "put it back (`git checkout HEAD -- FILE`)";
    let folder = rel.splitn(3, '/').take(2).collect::<Vec<_>>().join("/");
    match kind {
        Kind::Session => format!(
            "{undo}; a visit recorded in error is voided, not deleted: `mmx session void PATIENT/SESSION --reason TEXT`; {}",
            destroy_hint(&folder)
        ),
        Kind::Prescription => format!(
            "{undo}; a course that ended is closed: `mmx rx close`; {}",
            destroy_hint(&folder)
        ),
        _ => format!("{undo}; {}", destroy_hint(&folder)),
    }
}

fn destroy_hint(folder: &str) -> String {
    format!(
        "records whose retention period has passed are destroyed by a commit whose message says so: `{DESTROY_TRAILER}: {folder} reason=retention-expired` (see the guide to sharing a practice)"
    )
}

fn rewritten_hint(kind: Kind) -> String {
    match kind {
        Kind::Session => "put the file back as it was in the last commit (`git checkout HEAD -- FILE`), and add what changed with `mmx session amend PATIENT/SESSION --note TEXT` (or void it: `mmx session void`)".to_string(),
        _ => "put the file back as it was in the last commit (`git checkout HEAD -- FILE`)".to_string(),
    }
}

/// The 1-based line and column (in characters) of byte `at` of `text`.
fn line_column(text: &[u8], at: usize) -> (usize, usize) {
    let at = at.min(text.len());
    let before = &text[..at];
    let line = before.iter().filter(|b| **b == b'\n').count() + 1;
    let start = before
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&text[start..at]).chars().count() + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Amendment, Override, Void};
    use crate::records::editor::append;
    use chrono::NaiveDate;

    const SESSION: &str = "id = \"2026-11-03-b8k3nq\"\npatient = \"ana-lima-1980\"\nprescription = \"2026-11-02-a7k2mp\"\ndate = 2026-11-03\nminutes = 50\nregions = [\"lumbar\"]\ntechniques = [\"swedish\"]\n\n[soap]\nsubjective = \"Lifting boxes.\"\n";
    const REL: &str = "patients/ana-lima-1980/sessions/2026-11-03-b8k3nq.toml";

    fn none() -> Option<String> {
        None
    }

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 5).unwrap()
    }

    #[test]
    fn records_are_known_by_their_place() {
        assert_eq!(Kind::of(REL), Some(Kind::Session));
        assert_eq!(
            Kind::of("patients/ana-lima-1980/patient.toml"),
            Some(Kind::Patient)
        );
        assert_eq!(
            Kind::of("patients/ana-lima-1980/prescriptions/x-1.toml"),
            Some(Kind::Prescription)
        );
        assert_eq!(
            Kind::of("patients/ana-lima-1980/reports/x-1.toml"),
            Some(Kind::Report)
        );
        for not in [
            "mmx.toml",
            "patients/Ana Lima/patient.toml",
            "patients/ana-lima-1980/notes.txt",
            "patients/ana-lima-1980/sessions/a/b.toml",
        ] {
            assert_eq!(Kind::of(not), None, "{not}");
        }
    }

    #[test]
    fn what_mmx_appends_is_allowed() {
        let amendment = Amendment {
            date: day(),
            by: Some("Ines Ortega".into()),
            note: "Also the neck.".into(),
        };
        let over = Override {
            date: day(),
            by: None,
            findings: vec!["visits-exceeded: 2026-11-02-a7k2mp".into()],
            reason: "Dr. Vance approved".into(),
        };
        let void = Void {
            date: day(),
            by: None,
            reason: "wrong patient".into(),
        };
        let mut text = SESSION.to_string();
        for entry in [
            amendment.to_toml(),
            over.to_toml(),
            void.to_toml(),
            amendment.to_toml(),
        ] {
            let next = append(&text, &entry);
            assert_eq!(
                judge(Kind::Session, text.as_bytes(), next.as_bytes(), none),
                None,
                "{next}"
            );
            text = next;
        }
        // From the first version to the last too, and with CRLF lines.
        assert_eq!(
            judge(Kind::Session, SESSION.as_bytes(), text.as_bytes(), none),
            None
        );
        let crlf = SESSION.replace('\n', "\r\n");
        let next = append(&crlf, &amendment.to_toml());
        assert_eq!(
            judge(Kind::Session, crlf.as_bytes(), next.as_bytes(), none),
            None
        );
    }

    #[test]
    fn a_sessions_bytes_are_kept() {
        let rewritten = SESSION.replace("Lifting boxes.", "Gardening.");
        let at = SESSION.find("Lifting").unwrap();
        assert_eq!(
            judge(
                Kind::Session,
                SESSION.as_bytes(),
                rewritten.as_bytes(),
                none
            ),
            Some(Breach::Rewritten { at, removed: None })
        );
        // A field added after the last table joins it: what it recorded.
        for added in [
            "plan = \"More.\"\n",
            "\n[[measures]]\nmeasure = \"pain\"\nvalue = 3.0\n",
            "\nminutes = 90\n",
            "\n[void.x]\ny = 1\n",
            "\nvoid = { date = 2026-11-05, reason = \"x\" }\n",
        ] {
            let new = format!("{SESSION}{added}");
            assert!(
                matches!(
                    judge(Kind::Session, SESSION.as_bytes(), new.as_bytes(), none),
                    Some(Breach::NotAnEntry { .. })
                ),
                "{added:?}"
            );
        }
        // Glued to the last line without a line break.
        let unended = SESSION.trim_end();
        let new = format!("{unended}\n[[amendments]]\ndate = 2026-11-05\nnote = \"x\"\n");
        assert_eq!(
            judge(Kind::Session, unended.as_bytes(), new.as_bytes(), none),
            None
        );
        let glued = format!("{unended} still\n");
        assert!(judge(Kind::Session, unended.as_bytes(), glued.as_bytes(), none).is_some());
        // Comments and blank lines add nothing.
        let new = format!("{SESSION}\n# seen again\n");
        assert_eq!(
            judge(Kind::Session, SESSION.as_bytes(), new.as_bytes(), none),
            None
        );
    }

    #[test]
    fn removing_an_entry_is_named() {
        let void = Void {
            date: day(),
            by: None,
            reason: "wrong patient".into(),
        };
        let voided = append(SESSION, &void.to_toml());
        assert_eq!(
            judge(Kind::Session, voided.as_bytes(), SESSION.as_bytes(), none),
            Some(Breach::Rewritten {
                at: SESSION.len(),
                removed: Some("[void]")
            })
        );
        let amendment = Amendment {
            date: day(),
            by: None,
            note: "x".into(),
        };
        let amended = append(SESSION, &amendment.to_toml());
        assert!(matches!(
            judge(Kind::Session, amended.as_bytes(), SESSION.as_bytes(), none),
            Some(Breach::Rewritten {
                removed: Some("[[amendments]]"),
                ..
            })
        ));
    }

    #[test]
    fn mmx_fmts_form_of_the_old_text_is_allowed_and_nothing_else() {
        let hand = SESSION
            .replace("minutes = 50\n", "")
            .replace("techniques", "minutes = 50\ntechniques");
        let canonical = || Some(SESSION.to_string());
        assert_eq!(
            judge(
                Kind::Session,
                hand.as_bytes(),
                SESSION.as_bytes(),
                canonical
            ),
            None
        );
        let amendment = Amendment {
            date: day(),
            by: None,
            note: "x".into(),
        };
        let then = append(SESSION, &amendment.to_toml());
        assert_eq!(
            judge(Kind::Session, hand.as_bytes(), then.as_bytes(), canonical),
            None
        );
        let other = SESSION.replace("50", "55");
        assert!(judge(Kind::Session, hand.as_bytes(), other.as_bytes(), canonical).is_some());
    }

    #[test]
    fn edited_records_and_unreadable_ones_may_change() {
        let rx = "id = \"x\"\nvisits = 2\n";
        assert_eq!(
            judge(
                Kind::Prescription,
                rx.as_bytes(),
                b"id = \"x\"\nvisits = 4\n",
                none
            ),
            None
        );
        assert_eq!(
            judge(Kind::Patient, b"name = \"A\"\n", b"name = \"B\"\n", none),
            None
        );
        assert_eq!(
            judge(Kind::Session, b"id = \"x\n", SESSION.as_bytes(), none),
            None
        );
        assert_eq!(judge(Kind::Session, b"", SESSION.as_bytes(), none), None);
        assert!(judge(Kind::Report, b"id = \"x\"\n", b"id = \"y\"\n", none).is_some());
        assert!(
            judge(
                Kind::Report,
                b"id = \"x\"\n",
                b"id = \"x\"\n\n[[amendments]]\nnote = \"x\"\n",
                none
            )
            .is_some()
        );
    }

    #[test]
    fn a_merge_keeps_both_sides_entries() {
        let a = append(
            SESSION,
            &Amendment {
                date: day(),
                by: None,
                note: "a".into(),
            }
            .to_toml(),
        );
        let b = append(
            SESSION,
            &Amendment {
                date: day(),
                by: None,
                note: "b".into(),
            }
            .to_toml(),
        );
        let both = append(
            &a,
            &Amendment {
                date: day(),
                by: None,
                note: "b".into(),
            }
            .to_toml(),
        );
        assert!(judge(Kind::Session, b.as_bytes(), both.as_bytes(), none).is_some());
        assert!(judge_merged(
            Kind::Session,
            SESSION.as_bytes(),
            b.as_bytes(),
            both.as_bytes()
        ));
        // Not when one side's entry is dropped, nor the shared text changed.
        assert!(!judge_merged(
            Kind::Session,
            SESSION.as_bytes(),
            b.as_bytes(),
            a.as_bytes()
        ));
        let changed = both.replace("Lifting", "Lofting");
        assert!(!judge_merged(
            Kind::Session,
            SESSION.as_bytes(),
            b.as_bytes(),
            changed.as_bytes()
        ));
        // Nor when one side's entry is kept only as words quoted in an
        // entry of the other's: its bytes are there, the entry is not.
        let theirs = &b[SESSION.len()..].trim_start();
        let quoted =
            format!("{a}\n[[amendments]]\ndate = 2026-11-05\nnote = \"\"\"{theirs}\"\"\"\n");
        assert!(judge(Kind::Session, a.as_bytes(), quoted.as_bytes(), none).is_none());
        assert!(!judge_merged(
            Kind::Session,
            SESSION.as_bytes(),
            b.as_bytes(),
            quoted.as_bytes()
        ));
        // Quoted first and kept as an entry after, it is kept.
        let kept = format!("{quoted}\n{theirs}");
        assert!(judge_merged(
            Kind::Session,
            SESSION.as_bytes(),
            b.as_bytes(),
            kept.as_bytes()
        ));
    }

    #[test]
    fn an_order_on_file_is_kept_as_it_arrived() {
        let pdf = b"%PDF-1.4\nsigned order\n%%EOF\n";
        let forged = b"%PDF-1.4\nforged order\n%%EOF\n";
        assert_eq!(
            judge(Kind::Order, pdf, forged, none),
            Some(Breach::Rewritten {
                at: 9,
                removed: None
            })
        );
        let json = b"{\"resourceType\": \"ServiceRequest\"}\n";
        let appended_to = [json.as_slice(), b"\n# more\n"].concat();
        assert!(judge(Kind::Order, json, &appended_to, none).is_some());
        assert_eq!(judge(Kind::Order, pdf, pdf, none), None);
    }

    #[test]
    fn destructions_are_read_from_the_message() {
        let message = "Destroy Ana's records\n\nTheir retention period ended.\n\nMmx-Destroy: patients/ana-lima-1980 reason=retention-expired\nmmx-destroy: patients/bo-chen-1991/sessions/2026-11-03-b8k3nq.toml reason=court-order\nMmx-Destroy: patients/cy-dee-1990\nMmx-Destroy: ../etc reason=retention-expired\n # Mmx-Destroy: patients/ed-fu-1990 reason=retention-expired\n";
        let found = destructions(message);
        assert_eq!(
            found,
            [
                Destruction {
                    path: "patients/ana-lima-1980".into(),
                    reason: "retention-expired".into()
                },
                Destruction {
                    path: "patients/bo-chen-1991/sessions/2026-11-03-b8k3nq.toml".into(),
                    reason: "court-order".into()
                },
            ]
        );
        assert!(found[0].covers(REL));
        assert!(found[0].covers("patients/ana-lima-1980"));
        assert!(!found[0].covers("patients/ana-lima-19801/patient.toml"));
        let verbose = "x\n# ------------------------ >8 ------------------------\nMmx-Destroy: patients/ana-lima-1980 reason=retention-expired\n";
        assert!(destructions(verbose).is_empty());
    }

    #[test]
    fn findings_are_located_and_show_no_text() {
        let rewritten = SESSION.replace("Lifting boxes.", "Gardening.");
        let breach = judge(
            Kind::Session,
            SESSION.as_bytes(),
            rewritten.as_bytes(),
            none,
        )
        .unwrap();
        let d = finding(REL, Kind::Session, &breach, rewritten.as_bytes());
        assert_eq!((d.code, d.line, d.column), (Code::RecordRewritten, 10, 15));
        assert!(d.excerpt.is_none() && d.span.is_none());
        assert!(!d.message.contains("Gardening"), "{}", d.message);
        let d = finding(REL, Kind::Session, &Breach::Deleted, b"");
        assert_eq!((d.code, d.line), (Code::RecordDeleted, 0));
        assert!(
            d.hint
                .unwrap()
                .contains("Mmx-Destroy: patients/ana-lima-1980 reason=retention-expired")
        );
    }
}
