//! A CSV intake file as a plan, all or none: every row is read and checked
//! against the same rules as `patient add` (see [`draft`]) and against the
//! practice before anything is written; the outcome is a plan (add /
//! unchanged / update) or a list of [`Problem`]s, each located at a row and
//! column of the file. Nothing here reads a file or prints: the command line
//! brings the bytes and words the outcome.
//!
//! Rows are numbered as a spreadsheet shows them: the header is row 1, so the
//! first patient is row 2. Columns are numbered from 1.

use crate::check::review;
use crate::intake::draft;
use crate::model::fields;
use crate::practice::read;
use crate::values;
use chrono::NaiveDate;
use std::collections::HashMap;

use crate::check::review::Review;
use crate::diag::shown;
use crate::intake::change::PatientChange;
use crate::intake::draft::DraftError;
use crate::intake::draft::PatientDraft;
use crate::model::{Gender, Patient};
use crate::practice::Practice;

/// The columns a header may name: `patient add`'s fields (the regions and
/// techniques to avoid are vocabulary, set with `patient edit`).
fn known_columns() -> Vec<&'static str> {
    let mut names = fields::names(fields::PATIENT);
    names.retain(|n| !n.starts_with("avoid_"));
    names
}

/// One thing wrong with the input, located as `FILE:ROW:COLUMN`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Spreadsheet row (the header is row 1); 0 when the whole file is wrong.
    pub row: usize,
    /// 1-based column, 0 when the problem is the row as a whole.
    pub column: usize,
    pub message: String,
    /// The row disagrees with an existing patient (`--update` would apply it).
    pub conflict: bool,
}

impl Problem {
    /// `FILE:ROW:COLUMN: message`, as much of the place as is known, with
    /// `label` naming the file.
    pub fn located(&self, label: &str) -> String {
        match (self.row, self.column) {
            (0, _) => format!("{label}: {}", self.message),
            (row, 0) => format!("{label}:{row}: {}", self.message),
            (row, col) => format!("{label}:{row}:{col}: {}", self.message),
        }
    }
}

/// What importing one row would do.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    Add(Box<Patient>),
    Unchanged(String),
    /// `--update`: the fields the row changes in an existing patient.
    Update {
        old: Box<Patient>,
        new: Box<Patient>,
        fields: Vec<&'static str>,
    },
}

/// The result of reading and checking the whole file against the practice.
#[derive(Debug)]
pub struct Plan {
    pub actions: Vec<Action>,
    pub problems: Vec<Problem>,
}

/// The change that makes `old` agree with `new` on `fields`: an absent text
/// value removes the field, contraindications are added and removed one by one.
pub fn change_for(old: &Patient, new: &Patient, fields: &[&str]) -> PatientChange {
    let has = |f: &str| fields.contains(&f);
    let text = |f: &str, v: &Option<String>| has(f).then(|| v.clone().unwrap_or_default());
    PatientChange {
        name: has("name").then(|| new.name.clone()),
        // A row's empty date leaves the record's as it is: only a date
        // changes it.
        birth_date: new.birth_date.filter(|_| has("birth_date")).map(Some),
        // As for text: an empty cell removes it.
        gender: has("gender").then_some(new.gender),
        phone: text("phone", &new.phone),
        email: text("email", &new.email),
        address: text("address", &new.address),
        emergency_contact: text("emergency_contact", &new.emergency_contact),
        add_contraindications: new
            .contraindications
            .iter()
            .filter(|c| has("contraindications") && !old.contraindications.contains(c))
            .cloned()
            .collect(),
        remove_contraindications: old
            .contraindications
            .iter()
            .filter(|c| has("contraindications") && !new.contraindications.contains(c))
            .cloned()
            .collect(),
        notes: text("notes", &new.notes),
        // Not import columns: what the patient's record says stays.
        ..PatientChange::default()
    }
}

/// Reads the file and checks every row; writes nothing.
pub fn plan(
    practice: &Practice,
    today: NaiveDate,
    bytes: &[u8],
    delimiter: Option<u8>,
    update: bool,
) -> Plan {
    let mut plan = Plan {
        actions: Vec::new(),
        problems: Vec::new(),
    };
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let before = &bytes[..e.valid_up_to()];
            let line = before.iter().filter(|b| **b == b'\n').count() + 1;
            plan.problems.push(Problem {
                row: line,
                column: 0,
                message: format!(
                    "line {line} is not UTF-8 text; export the sheet as \"CSV UTF-8\""
                ),
                conflict: false,
            });
            return plan;
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let delimiter = delimiter.unwrap_or_else(|| sniff(text));
    // The csv reader takes an unclosed quote to run to the end of the input,
    // so one stray `"` would turn the rest of the file into a single cell.
    let open_quote = unclosed_quote(text, delimiter);
    if let Some((row, column)) = open_quote {
        plan.problems.push(Problem {
            row,
            column,
            message: "a quoted cell opened here is never closed; it would swallow the rest of \
                      the file (close the quote, and write a quote inside a quoted cell as \"\")"
                .into(),
            conflict: false,
        });
        if row == 1 {
            return plan;
        }
    }
    let mut reader = ::csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(text.as_bytes());
    let header = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            plan.problems.push(Problem {
                row: 1,
                column: 0,
                message: format!("the header row cannot be read: {e}"),
                conflict: false,
            });
            return plan;
        }
    };
    let Some(columns) = read_header(&header, &mut plan.problems) else {
        plan.problems.sort_by_key(|p| p.row);
        return plan;
    };
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (index, record) in reader.records().enumerate() {
        let row = index + 2;
        if open_quote.is_some_and(|(open, _)| row >= open) {
            break;
        }
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                plan.problems.push(Problem {
                    row,
                    column: 0,
                    message: format!("the row cannot be read: {e}"),
                    conflict: false,
                });
                continue;
            }
        };
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let Some(patient) = read_row(&columns, &record, row, &mut plan.problems) else {
            continue;
        };
        let id_column = columns.of("id").or(columns.of("name")).unwrap_or(0);
        if let Some(first) = seen.insert(patient.id.clone(), row) {
            plan.problems.push(Problem {
                row,
                column: id_column,
                message: format!(
                    "id `{}` is also row {first}'s; give one of them another id",
                    patient.id
                ),
                conflict: false,
            });
            continue;
        }
        // All or nothing: a row whose patient's folder holds a file the gate
        // cannot read would be refused at its write, after earlier rows were
        // written; it is refused here, before anything is.
        let review = folder_of(practice, today, &patient.id);
        let skipped = review.as_ref().map(Review::skipped).unwrap_or_default();
        if !skipped.is_empty() {
            let files = skipped.join(", ");
            let id_column = columns.of("id").or(columns.of("name")).unwrap_or(0);
            plan.problems.push(Problem {
                row,
                column: id_column,
                message: format!(
                    "patient `{}`: {files} cannot be read, so no change to this patient can be checked; fix it first (`mmx check` shows why)",
                    patient.id
                ),
                conflict: false,
            });
            continue;
        }
        if draft::taken(practice, &patient.id) {
            let old = review.and_then(|r| r.folder.patient).map(|p| p.rec);
            match compare_existing(practice, old, &columns, &patient, row, update) {
                Ok(None) => plan.actions.push(Action::Unchanged(patient.id)),
                Ok(Some(action)) => plan.actions.push(action),
                Err(problems) => plan.problems.extend(problems),
            }
        } else if patient.to_toml().len() as u64 > read::MAX_RECORD_BYTES {
            // Refused here, before any row is written, as the gate would at
            // this row's write.
            plan.problems.push(Problem {
                row,
                column: columns.of("notes").unwrap_or(0),
                message: format!(
                    "the row makes a record over {} bytes (1 MiB), more than mmx reads back; shorten its text",
                    read::MAX_RECORD_BYTES
                ),
                conflict: false,
            });
        } else {
            plan.actions.push(Action::Add(Box::new(patient)));
        }
    }
    // In row order, the open quote among the rows before it (stable within a row).
    plan.problems.sort_by_key(|p| p.row);
    plan
}

/// Where a quoted cell still open at the end of the text began, as (row,
/// column) numbered like a [`Problem`]. Quotes are read as the csv reader reads
/// them by default: a `"` opens a quoted cell only as the cell's first
/// character (elsewhere it is text), `""` inside one is a quote, and empty
/// lines are no rows.
fn unclosed_quote(text: &str, delimiter: u8) -> Option<(usize, usize)> {
    #[derive(Clone, Copy, PartialEq)]
    enum At {
        RowEnd,
        CellStart,
        Unquoted,
        Quoted,
        /// A `"` in a quoted cell: the cell's end, or the first of `""`.
        QuoteInQuoted,
    }
    let (mut row, mut column, mut at) = (0, 0, At::RowEnd);
    for &b in text.as_bytes() {
        let line_end = b == b'\n' || b == b'\r';
        if at == At::RowEnd {
            if line_end {
                continue;
            }
            (row, column, at) = (row + 1, 1, At::CellStart);
        }
        at = match at {
            At::Quoted if b == b'"' => At::QuoteInQuoted,
            At::Quoted => At::Quoted,
            At::QuoteInQuoted if b == b'"' => At::Quoted,
            _ if b == delimiter => {
                column += 1;
                At::CellStart
            }
            _ if line_end => At::RowEnd,
            At::CellStart if b == b'"' => At::Quoted,
            _ => At::Unquoted,
        };
    }
    (at == At::Quoted).then_some((row, column))
}

/// The gate's reading of a row's patient folder (empty if there is none),
/// read once for both questions the plan asks of it: can it be changed, and
/// what does its record say.
fn folder_of(practice: &Practice, today: NaiveDate, id: &str) -> Option<Review> {
    let read = practice.read_folder_or_none(id).ok()?;
    Some(review::review(read, &review::context(practice, today)))
}

/// `,` unless the header line holds more `;` than `,` (outside quotes).
fn sniff(text: &str) -> u8 {
    let line = text.lines().next().unwrap_or("");
    let (mut commas, mut semicolons, mut quoted) = (0, 0, false);
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => commas += 1,
            ';' if !quoted => semicolons += 1,
            _ => {}
        }
    }
    if semicolons > commas { b';' } else { b',' }
}

/// Which known column sits at which position (1-based).
struct Columns(Vec<(&'static str, usize)>);

impl Columns {
    fn of(&self, name: &str) -> Option<usize> {
        self.0.iter().find(|(n, _)| *n == name).map(|(_, i)| *i)
    }
    fn cell<'r>(&self, record: &'r ::csv::StringRecord, name: &str) -> Option<&'r str> {
        let i = self.of(name)?;
        let cell = record.get(i - 1).unwrap_or("").trim();
        (!cell.is_empty()).then_some(cell)
    }
}

/// `Birth Date`, `birth-date` and `birth_date` all name `birth_date`.
fn column_name(cell: &str) -> String {
    cell.trim()
        .chars()
        .map(|c| match c {
            ' ' | '-' => '_',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

fn read_header(header: &::csv::StringRecord, problems: &mut Vec<Problem>) -> Option<Columns> {
    let before = problems.len();
    let mut columns = Vec::new();
    for (i, cell) in header.iter().enumerate() {
        let column = i + 1;
        if let Some(c) = refused_char(cell, "") {
            problems.push(Problem {
                row: 1,
                column,
                message: refused_char_message("the header cell", c),
                conflict: false,
            });
            continue;
        }
        let name = column_name(cell);
        match known_columns().into_iter().find(|c| *c == name) {
            Some(known) if columns.iter().any(|(n, _)| *n == known) => problems.push(Problem {
                row: 1,
                column,
                message: format!("column `{known}` appears twice in the header"),
                conflict: false,
            }),
            Some(known) => columns.push((known, column)),
            None => problems.push(Problem {
                row: 1,
                column,
                // A header cell may be a patient's name when the sheet has no header.
                message: match shown(cell.trim()) {
                    Some(cell) => format!("unknown column `{cell}`"),
                    None => "the header cell is not a known column".to_string(),
                } + &format!("; the known columns are {}", known_columns().join(", ")),
                conflict: false,
            }),
        }
    }
    if !columns.iter().any(|(n, _)| *n == "name") {
        problems.push(Problem {
            row: 1,
            column: 0,
            message: format!(
                "the header has no `name` column; the first row must name the columns, e.g. {}",
                known_columns()[1..].join(",")
            ),
            conflict: false,
        });
    }
    (problems.len() == before).then_some(Columns(columns))
}

/// The first character a cell may not hold: the record's own rule
/// ([`values::control_char`]), with line breaks only in the columns whose
/// field is multi-line text.
fn refused_char(cell: &str, column: &str) -> Option<char> {
    let lines = fields::PATIENT
        .iter()
        .any(|f| f.name == column && f.text == fields::Text::Lines);
    values::control_char(cell, lines)
}

/// Names the character by code point: echoing it, or the cell, would do what
/// the check prevents.
fn refused_char_message(cell: &str, c: char) -> String {
    let code = u32::from(c);
    if matches!(c, '\n' | '\r') {
        format!(
            "{cell} holds a line break (U+{code:04X}); only notes, the address and lists may span lines"
        )
    } else {
        format!(
            "{cell} holds the control character U+{code:04X}; remove it (of control \
             characters only tabs, and line breaks in multi-line text, are allowed)"
        )
    }
}

/// `FIELD: `VALUE` is not WHAT; ALLOWED`, the value left out when it may be
/// someone's words rather than a token (see [`shown`]).
fn not_a(field: &str, value: &str, what: &str, allowed: &str) -> String {
    match shown(value) {
        Some(value) => format!("{field}: `{value}` is not {what}; {allowed}"),
        None => format!("{field}: the cell is not {what}; {allowed}"),
    }
}

/// One row as a new patient record, or its problems.
fn read_row(
    columns: &Columns,
    record: &::csv::StringRecord,
    row: usize,
    problems: &mut Vec<Problem>,
) -> Option<Patient> {
    // Every header cell names a known column, so this is the header's width.
    let width = columns.0.iter().map(|(_, i)| *i).max().unwrap_or(0);
    if record.len() != width {
        // A missing delimiter misreads the cells after it as surely as a stray
        // one: either way, point at the first missing or extra cell.
        problems.push(Problem {
            row,
            column: record.len().min(width) + 1,
            message: format!(
                "the row has {} {} but the header names {width} columns",
                record.len(),
                if record.len() == 1 { "cell" } else { "cells" }
            ),
            conflict: false,
        });
        return None;
    }
    let mut bad = false;
    for &(name, column) in &columns.0 {
        let cell = record.get(column - 1).unwrap_or("");
        if let Some(c) = refused_char(cell, name) {
            problems.push(Problem {
                row,
                column,
                message: refused_char_message(&format!("{name}: the cell"), c),
                conflict: false,
            });
            bad = true;
        }
    }
    if bad {
        return None;
    }
    let column = |name: &str| columns.of(name).unwrap_or(0);
    let text = |name: &str| columns.cell(record, name).map(str::to_string);
    let birth_date = match columns.cell(record, "birth_date") {
        None => None,
        Some(s) => match NaiveDate::parse_from_str(s, "%Y-%m-%d") {
            Ok(d) => Some(d),
            Err(_) => {
                problems.push(Problem {
                    row,
                    column: column("birth_date"),
                    message: not_a("birth_date", s, "a date", "use YYYY-MM-DD, e.g. 2026-03-14"),
                    conflict: false,
                });
                bad = true;
                None
            }
        },
    };
    let gender = match columns.cell(record, "gender") {
        None => None,
        Some(s) => match Gender::parse(&s.trim().to_lowercase()) {
            Some(g) => Some(g),
            // Not the cell's words: they may be the patient's own.
            None => {
                problems.push(Problem {
                    row,
                    column: column("gender"),
                    message: format!("gender: the cell is not a gender; {}", Gender::RULE),
                    conflict: false,
                });
                bad = true;
                None
            }
        },
    };
    let draft = PatientDraft {
        id: text("id"),
        name: text("name").unwrap_or_default(),
        birth_date,
        gender,
        phone: text("phone"),
        email: text("email"),
        address: text("address"),
        emergency_contact: text("emergency_contact"),
        contraindications: columns
            .cell(record, "contraindications")
            .map(|s| s.split(';').map(|c| c.trim().to_string()).collect())
            .unwrap_or_default(),
        notes: text("notes"),
    };
    match draft::new_patient(draft) {
        Ok(patient) if !bad => Some(patient),
        Ok(_) => None,
        Err(errors) => {
            for e in errors {
                let message = match &e {
                    DraftError::EmptyName => "name: every row needs a name".to_string(),
                    DraftError::NoIdFromName { name } => match shown(name) {
                        Some(name) => {
                            format!("name: cannot make an id from `{name}`; add an `id` column")
                        }
                        None => "name: cannot make an id from the name; add an `id` column".into(),
                    },
                    DraftError::BadId { id } => not_a("id", id, "an id", values::SLUG_RULE),
                    DraftError::EmptyField { .. } => format!("{}: {}", e.field(), e.reason()),
                };
                problems.push(Problem {
                    row,
                    column: column(e.field()),
                    message,
                    conflict: false,
                });
            }
            None
        }
    }
}

/// An existing patient matches a row when every column the file has agrees.
/// Columns the file lacks are left alone, so a sheet without `notes` never
/// disagrees about notes. A disagreement is a conflict, or with `update` the
/// fields to change.
fn compare_existing(
    practice: &Practice,
    old: Option<Patient>,
    columns: &Columns,
    new: &Patient,
    row: usize,
    update: bool,
) -> Result<Option<Action>, Vec<Problem>> {
    let path = practice.patient_dir(&new.id).join("patient.toml");
    let rel = practice.rel(&path);
    let id_column = columns.of("id").or(columns.of("name")).unwrap_or(0);
    let Some(old) = old else {
        return Err(vec![Problem {
            row,
            column: id_column,
            message: format!(
                "patient `{}` exists but {rel} cannot be read; `mmx check` shows why",
                new.id
            ),
            conflict: false,
        }]);
    };
    let differences: Vec<_> = differences(&old, new)
        .into_iter()
        .filter_map(|d| {
            let column = columns.of(d.0)?;
            Some((d, column))
        })
        .collect();
    if differences.is_empty() {
        return Ok(None);
    }
    if update {
        // The editor cannot remove a birth date; say so rather than skip it.
        if old.birth_date.is_some()
            && new.birth_date.is_none()
            && columns.of("birth_date").is_some()
        {
            return Err(vec![Problem {
                row,
                column: columns.of("birth_date").unwrap_or(0),
                message: format!(
                    "birth_date: the cell is empty but patient `{}` has one; --update does not remove a birth date",
                    new.id
                ),
                conflict: false,
            }]);
        }
        return Ok(Some(Action::Update {
            old: Box::new(old),
            new: Box::new(new.clone()),
            fields: differences.iter().map(|((f, _, _), _)| *f).collect(),
        }));
    }
    Err(differences
        .into_iter()
        .map(|((field, old_value, new_value), column)| Problem {
            row,
            column,
            message: conflict_message(field, &new.id, old_value.as_deref(), new_value.as_deref()),
            conflict: true,
        })
        .collect())
}

/// `FIELD: patient `ID` already exists with OLD; this row has NEW`, with the
/// values only when both may be quoted (see [`shown`]); otherwise which side
/// has a value. Notes are never quoted, whatever they hold.
fn conflict_message(field: &str, id: &str, old: Option<&str>, new: Option<&str>) -> String {
    let quoted = |v: Option<&str>| match v {
        None => Some("none".to_string()),
        Some(v) => shown(v).map(|v| format!("\"{v}\"")),
    };
    let values = match (quoted(old), quoted(new)) {
        _ if field == "notes" => "different notes".to_string(),
        (Some(old), Some(new)) => format!("{old}; this row has {new}"),
        _ => match (old, new) {
            (None, _) => "none; this row has a value",
            (_, None) => "a value; this row's cell is empty",
            _ => "a different value",
        }
        .to_string(),
    };
    format!("{field}: patient `{id}` already exists with {values}")
}

/// The fields two patients disagree on, with each side's value.
fn differences(
    old: &Patient,
    new: &Patient,
) -> Vec<(&'static str, Option<String>, Option<String>)> {
    let date = |d: Option<NaiveDate>| d.map(|d| d.to_string());
    // Order does not matter in a list of contraindications.
    let list = |l: &[String]| {
        let mut l = l.to_vec();
        l.sort();
        (!l.is_empty()).then(|| l.join("; "))
    };
    let pairs = [
        ("name", Some(old.name.clone()), Some(new.name.clone())),
        ("birth_date", date(old.birth_date), date(new.birth_date)),
        (
            "gender",
            old.gender.map(|g| g.as_str().to_string()),
            new.gender.map(|g| g.as_str().to_string()),
        ),
        ("phone", old.phone.clone(), new.phone.clone()),
        ("email", old.email.clone(), new.email.clone()),
        ("address", old.address.clone(), new.address.clone()),
        (
            "emergency_contact",
            old.emergency_contact.clone(),
            new.emergency_contact.clone(),
        ),
        (
            "contraindications",
            list(&old.contraindications),
            list(&new.contraindications),
        ),
        ("notes", old.notes.clone(), new.notes.clone()),
    ];
    pairs.into_iter().filter(|(_, a, b)| a != b).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_the_header_delimiter() {
        assert_eq!(sniff("name;birth_date;phone\n"), b';');
        assert_eq!(sniff("name,birth_date\n"), b',');
        assert_eq!(sniff("\"a;b\",name\n"), b',');
        assert_eq!(sniff(""), b',');
    }

    #[test]
    fn finds_the_quoted_cell_left_open() {
        let open = |text| unclosed_quote(text, b',');
        assert_eq!(open("a,b\n1,\"x\n2,3\n"), Some((2, 2)));
        assert_eq!(open("a;b\n\"x;y\n"), Some((2, 1)));
        assert_eq!(unclosed_quote("a;b\n1;\"x\n", b';'), Some((2, 2)));
        // Empty lines are no rows; `\r\n` ends a row once.
        assert_eq!(open("a\r\n\r\n\n1\r\n\"x"), Some((3, 1)));
        assert_eq!(open("\"a,b"), Some((1, 1)));
        // Closed, escaped, or not a quoted cell at all.
        assert_eq!(open("a,b\n\"x\ny\",2\n"), None);
        assert_eq!(open("a\n\"say \"\"hi\"\"\"\n"), None);
        assert_eq!(open("a\n5\" tall\n"), None);
        assert_eq!(open("a\n\"x\"y\n"), None);
        assert_eq!(open("a\n\"\""), None);
        assert_eq!(open("a\n\"\"\""), Some((2, 1)));
    }

    #[test]
    fn refuses_c0_del_and_c1_but_tabs_and_line_breaks_in_notes() {
        for c in [
            '\u{0}', '\u{7}', '\u{1b}', '\u{1f}', '\u{7f}', '\u{80}', '\u{9b}', '\u{9f}',
        ] {
            assert_eq!(refused_char(&format!("a{c}b"), "notes"), Some(c));
        }
        for ok in ["a\tb", "Zoë \u{a0}Ångström", "~"] {
            assert_eq!(refused_char(ok, "name"), None);
        }
        assert_eq!(refused_char("a\r\nb", "notes"), None);
        assert_eq!(refused_char("a\r\nb", "name"), Some('\r'));
    }

    #[test]
    fn header_cells_are_read_leniently() {
        assert_eq!(column_name(" Birth Date "), "birth_date");
        assert_eq!(column_name("Emergency-Contact"), "emergency_contact");
    }

    #[test]
    fn differences_hide_nothing_but_report_every_field() {
        let old = Patient {
            id: "a".into(),
            name: "A".into(),
            phone: Some("1".into()),
            notes: Some("x".into()),
            ..Default::default()
        };
        let new = Patient {
            phone: Some("2".into()),
            notes: None,
            ..old.clone()
        };
        let fields: Vec<_> = differences(&old, &new).into_iter().map(|d| d.0).collect();
        assert_eq!(fields, vec!["phone", "notes"]);
        assert!(differences(&old, &old).is_empty());
    }
}
