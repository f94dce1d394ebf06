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
use crate::intake::dates;
use crate::intake::draft;
use crate::model::fields;
use crate::practice::read;
use crate::values;
use chrono::NaiveDate;
use std::collections::HashMap;

use crate::check::review::Review;
use crate::diag::{quoted, shown_in};
use crate::intake::change::PatientChange;
use crate::intake::columns::{Columns, HeaderOptions, SCREENINGS, read_header};
use crate::intake::dates::{DateOrder, Reading};
use crate::intake::draft::DraftError;
use crate::intake::draft::PatientDraft;
use crate::model::{Gender, Patient, Screening};
use crate::practice::Practice;
use crate::vocab::flags;

/// One thing wrong with the input, located as `FILE:ROW:COLUMN`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Spreadsheet row (the header is row 1); 0 when the whole file is wrong.
    pub row: usize,
    /// 1-based column, 0 when the problem is the row as a whole.
    pub column: usize,
    pub message: String,
    pub kind: Kind,
}

/// What kind of problem, for the way out the command line offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A cell, a row or the file is not what it should be.
    Invalid,
    /// The row disagrees with an existing patient (`--update` would apply it).
    Conflict,
    /// A header cell names no field (`--map`, `--skip` or `--skip-unknown`).
    UnknownColumn,
    /// A date reads month first and day first, and nothing says which
    /// (`--date-order`).
    DateOrder,
}

impl Problem {
    pub fn new(row: usize, column: usize, message: impl Into<String>) -> Problem {
        Problem {
            row,
            column,
            message: message.into(),
            kind: Kind::Invalid,
        }
    }

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
#[derive(Debug, Default)]
pub struct Plan {
    pub actions: Vec<Action>,
    pub problems: Vec<Problem>,
    /// `--map` and `--skip` flags (as typed) that name no header cell: the
    /// command line is wrong, whatever the rows hold.
    pub unmatched: Vec<String>,
    /// The columns left out (`--skip`, `--skip-unknown`): position and header cell.
    pub skipped: Vec<(usize, String)>,
    /// The order the file's day-and-month dates were read in when no
    /// `--date-order` was given, and the first row whose date settles it.
    pub date_order: Option<(DateOrder, usize)>,
}

/// How to read the file: the command line's flags.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// `,` or `;`; `None` sniffs it from the header row.
    pub delimiter: Option<u8>,
    /// Change existing patients whose row differs, rather than refuse.
    pub update: bool,
    pub header: HeaderOptions,
    /// How to read a date whose day and month could be either way round.
    pub date_order: Option<DateOrder>,
}

/// The change that makes `old` agree with `new` on `fields`: an absent text
/// value removes the field, contraindications are added and removed one by one.
pub fn change_for(old: &Patient, new: &Patient, fields: &[&str]) -> PatientChange {
    let has = |f: &str| fields.contains(&f);
    PatientChange {
        name: has("name").then(|| new.name.clone()),
        // A row's empty date leaves the record's as it is: only a date
        // changes it.
        birth_date: new.birth_date.filter(|_| has("birth_date")).map(Some),
        // As for text: an empty cell removes it.
        gender: has("gender").then_some(new.gender),
        texts: Patient::TEXTS
            .into_iter()
            .filter(|f| has(f))
            .map(|f| (f, new.text(f).cloned().unwrap_or_default()))
            .collect(),
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
        // A row's red flags that differ from the latest screening's are a
        // new screening, appended; earlier screenings stay.
        add_screening: new.screenings.first().filter(|_| has(SCREENINGS)).cloned(),
        // Not import columns: what the patient's record says stays.
        ..PatientChange::default()
    }
}

/// Reads the file and checks every row; writes nothing.
pub fn plan(practice: &Practice, today: NaiveDate, bytes: &[u8], options: &Options) -> Plan {
    let mut plan = Plan::default();
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
                kind: Kind::Invalid,
            });
            return plan;
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let delimiter = options.delimiter.unwrap_or_else(|| sniff(text));
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
            kind: Kind::Invalid,
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
                kind: Kind::Invalid,
            });
            return plan;
        }
    };
    let columns = read_header(
        &header,
        &options.header,
        &mut plan.problems,
        &mut plan.unmatched,
    );
    let Some(columns) = columns else {
        plan.problems.sort_by_key(|p| p.row);
        return plan;
    };
    plan.skipped = columns.skipped.clone();
    // Every row is read before any is judged: a date's order may be settled
    // by a row after it.
    let mut rows = Vec::new();
    for (index, record) in reader.records().enumerate() {
        let row = index + 2;
        if open_quote.is_some_and(|(open, _)| row >= open) {
            break;
        }
        match record {
            Ok(r) if r.iter().all(|c| c.trim().is_empty()) => {}
            Ok(r) => rows.push((row, r)),
            Err(e) => {
                plan.problems
                    .push(Problem::new(row, 0, format!("the row cannot be read: {e}")))
            }
        }
    }
    let order = match options.date_order {
        Some(order) => Some(order),
        None => {
            let settled = date_order(&columns, &rows, &mut plan.problems);
            plan.date_order = settled;
            settled.map(|(order, _)| order)
        }
    };
    let mut seen: HashMap<String, usize> = HashMap::new();
    // A row's red flags are the intake screening, as `patient add --flag`
    // records it: today, by the practice's therapist.
    let screened = Screened {
        date: today,
        by: practice.settings.practice.therapist.clone(),
    };
    for (row, record) in rows {
        let Some(patient) = read_row(&columns, &record, row, order, &screened, &mut plan.problems)
        else {
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
                kind: Kind::Invalid,
            });
            continue;
        }
        // All or nothing: a row whose patient's folder holds a file the gate
        // cannot read would be refused at its write, after earlier rows were
        // written; it is refused here, before anything is.
        let review = folder_of(practice, today, &patient.id);
        let taken = draft::taken(practice, &patient.id);
        // A folder with no patient.toml takes the new one, as `patient add`
        // writes it (what an interrupted import left is no obstacle).
        let skipped = review
            .as_ref()
            .map(|r| {
                if taken {
                    r.skipped()
                } else {
                    r.skipped_for_new_patient()
                }
            })
            .unwrap_or_default();
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
                kind: Kind::Invalid,
            });
            continue;
        }
        if taken {
            let old = review.and_then(|r| r.folder.patient).map(|p| p.rec);
            match compare_existing(practice, old, &columns, &patient, row, options.update) {
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
                kind: Kind::Invalid,
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

/// The first character a cell may not hold: the record's own rule
/// ([`values::control_char`]), with line breaks only in the columns whose
/// field is multi-line text.
pub(crate) fn refused_char(cell: &str, column: &str) -> Option<char> {
    let lines = fields::PATIENT
        .iter()
        .any(|f| f.name == column && f.text == fields::Text::Lines);
    values::control_char(cell, lines)
}

/// Names the character by code point: echoing it, or the cell, would do what
/// the check prevents.
pub(crate) fn refused_char_message(cell: &str, c: char) -> String {
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
/// someone's words rather than a token (see [`shown_in`]).
fn not_a(field: &str, value: &str, what: &str, allowed: &str) -> String {
    match shown_in(field, value) {
        Some(value) => format!("{field}: `{value}` is not {what}; {allowed}"),
        None => format!("{field}: the cell is not {what}; {allowed}"),
    }
}

/// A birth date cell in `order` (YYYY-MM-DD whatever the order), or why
/// not: the problem's kind and words, or `None` when [`date_order`] has
/// already named the row.
fn birth_date(cell: &str, order: Option<DateOrder>) -> Result<NaiveDate, Option<(Kind, String)>> {
    let reading = dates::read(cell);
    if let Some(d) = reading.in_order(order) {
        return Ok(d);
    }
    let iso = "use YYYY-MM-DD, e.g. 2026-03-14";
    let invalid = |message| Err(Some((Kind::Invalid, message)));
    match (reading, order) {
        (Reading::ShortYear, _) => invalid(not_a(
            "birth_date",
            cell,
            "a date mmx can read",
            "its year has two digits, so its century would be a guess; write the year in full",
        )),
        (
            Reading::DayMonth {
                mdy: Some(mdy),
                dmy: Some(dmy),
            },
            None,
        ) => Err(Some((
            Kind::DateOrder,
            format!(
                "birth_date: {} is {mdy} month first or {dmy} day first, and no date in the \
                 file says which; add --date-order mdy or --date-order dmy",
                quoted(cell, "the cell")
            ),
        ))),
        // Month first here, day first in another row: named as such.
        (Reading::DayMonth { .. }, None) => Err(None),
        (Reading::DayMonth { mdy, dmy }, Some(order)) => {
            let as_mdy = mdy.map(|d| (d, DateOrder::Mdy));
            let as_dmy = dmy.map(|d| (d, DateOrder::Dmy));
            let other = match order {
                DateOrder::Mdy => as_dmy,
                DateOrder::Dmy => as_mdy,
                // Year first: the one other reading, if there is just one.
                DateOrder::Ymd => as_mdy.xor(as_dmy),
            };
            let allowed = match other {
                Some((d, other)) => format!(
                    "read as {} it is {d}; correct the cell or the order",
                    other.words()
                ),
                None => iso.to_string(),
            };
            invalid(not_a(
                "birth_date",
                cell,
                &format!(
                    "a date in {} order (--date-order {})",
                    order.words(),
                    order.as_str()
                ),
                &allowed,
            ))
        }
        _ => invalid(not_a("birth_date", cell, "a date", iso)),
    }
}

/// The order the file's day-and-month dates are in, settled by the dates
/// that read only one way (`03/14/1958` is month first), with the first row
/// that settles it. When some read only month first and others only day
/// first, each of those rows is a problem naming a row that reads the other
/// way: mmx does not guess which is right.
fn date_order(
    columns: &Columns,
    rows: &[(usize, ::csv::StringRecord)],
    problems: &mut Vec<Problem>,
) -> Option<(DateOrder, usize)> {
    let column = columns.of("birth_date")?;
    let readings: Vec<(usize, &str, DateOrder)> = rows
        .iter()
        .filter_map(|(row, record)| {
            let cell = columns.cell(record, "birth_date")?;
            Some((*row, cell, dates::read(cell).only_order()?))
        })
        .collect();
    let first = |order| readings.iter().find(|(_, _, o)| *o == order);
    let (mdy, dmy) = match (first(DateOrder::Mdy), first(DateOrder::Dmy)) {
        (None, None) => return None,
        (Some((row, _, _)), None) => return Some((DateOrder::Mdy, *row)),
        (None, Some((row, _, _))) => return Some((DateOrder::Dmy, *row)),
        (Some(mdy), Some(dmy)) => (mdy, dmy),
    };
    for (row, cell, order) in &readings {
        let (other_row, other_cell, other) = if *order == DateOrder::Mdy { dmy } else { mdy };
        problems.push(Problem {
            kind: Kind::DateOrder,
            ..Problem::new(
                *row,
                column,
                format!(
                    "birth_date: {} reads only as {}, but row {other_row}'s {} only as {}; \
                     add --date-order mdy or dmy and correct the rows it cannot read",
                    quoted(cell, "the cell"),
                    order.words(),
                    quoted(other_cell, "date"),
                    other.words(),
                ),
            )
        });
    }
    None
}

/// The day and author of the screening a row's red flags record.
struct Screened {
    date: NaiveDate,
    by: Option<String>,
}

/// A cell of red flags (`dvt-history; anticoagulant`, `,` between them too),
/// each read as the records read one ([`flags::read`]), as a screening; or
/// its problems, at the cell. An unknown word is quoted only in a flag's
/// shape: the cell may hold the patient's own words.
fn screening_of(
    cell: &str,
    screened: &Screened,
    at: (usize, usize),
    problems: &mut Vec<Problem>,
) -> Option<Screening> {
    let (row, column) = at;
    let before = problems.len();
    let mut found: Vec<String> = Vec::new();
    for word in cell
        .split([';', ','])
        .map(str::trim)
        .filter(|w| !w.is_empty())
    {
        match flags::read(word) {
            Ok(id) if !found.iter().any(|f| f == id) => found.push(id.to_string()),
            Ok(_) => {}
            Err(hint) => problems.push(Problem::new(
                row,
                column,
                format!(
                    "{SCREENINGS}: {} is not a red flag mmx knows; {hint}",
                    quoted(word, "an entry of the cell")
                ),
            )),
        }
    }
    if found.len() > 1 && found.iter().any(|f| f == flags::NONE) {
        problems.push(Problem::new(
            row,
            column,
            format!(
                "{SCREENINGS}: `none` means the patient reported no red flag; leave it out, or the flags"
            ),
        ));
    }
    (problems.len() == before && !found.is_empty()).then(|| Screening {
        date: screened.date,
        by: screened.by.clone(),
        flags: found,
        note: None,
    })
}

/// One row as a new patient record, or its problems.
fn read_row(
    columns: &Columns,
    record: &::csv::StringRecord,
    row: usize,
    order: Option<DateOrder>,
    screened: &Screened,
    problems: &mut Vec<Problem>,
) -> Option<Patient> {
    let width = columns.width;
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
            kind: Kind::Invalid,
        });
        return None;
    }
    let mut bad = false;
    for &(name, column) in columns.all() {
        let cell = record.get(column - 1).unwrap_or("");
        if let Some(c) = refused_char(cell, name) {
            problems.push(Problem {
                row,
                column,
                message: refused_char_message(&format!("{name}: the cell"), c),
                kind: Kind::Invalid,
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
        Some(s) => match birth_date(s, order) {
            Ok(d) => Some(d),
            Err(problem) => {
                if let Some((kind, message)) = problem {
                    problems.push(Problem {
                        kind,
                        ..Problem::new(row, column("birth_date"), message)
                    });
                }
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
                    kind: Kind::Invalid,
                });
                bad = true;
                None
            }
        },
    };
    let screening = match columns.cell(record, SCREENINGS) {
        None => None,
        Some(cell) => {
            let before = problems.len();
            let read = screening_of(cell, screened, (row, column(SCREENINGS)), problems);
            bad |= problems.len() > before;
            read
        }
    };
    let draft = PatientDraft {
        id: text("id"),
        name: text("name").unwrap_or_default(),
        birth_date,
        gender,
        texts: Patient::TEXTS
            .into_iter()
            .filter_map(|f| text(f).map(|v| (f, v)))
            .collect(),
        contraindications: columns
            .cell(record, "contraindications")
            .map(|s| s.split(';').map(|c| c.trim().to_string()).collect())
            .unwrap_or_default(),
        screening,
    };
    match draft::new_patient(draft) {
        Ok(patient) if !bad => Some(patient),
        Ok(_) => None,
        Err(errors) => {
            for e in errors {
                let message = match &e {
                    DraftError::EmptyName => "name: every row needs a name".to_string(),
                    // A name is a person's words, whatever its shape.
                    DraftError::NoIdFromName { .. } => {
                        "name: cannot make an id from the name; add an `id` column".into()
                    }
                    DraftError::BadId { id } => not_a("id", id, "an id", values::SLUG_RULE),
                    DraftError::EmptyField { .. } => format!("{}: {}", e.field(), e.reason()),
                };
                problems.push(Problem {
                    row,
                    column: column(e.field()),
                    message,
                    kind: Kind::Invalid,
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
            kind: Kind::Invalid,
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
                kind: Kind::Invalid,
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
            kind: Kind::Conflict,
        })
        .collect())
}

/// `FIELD: patient `ID` already exists with OLD; this row has NEW`, with the
/// values only when both may be quoted: a plain field's, in a token's shape
/// (see [`shown_in`]); otherwise which side has a value. A person's words
/// (a name, `gender`, a phone number, contraindications, notes) are never
/// quoted, whatever they hold.
fn conflict_message(field: &str, id: &str, old: Option<&str>, new: Option<&str>) -> String {
    let quoted = |v: Option<&str>| match v {
        None => Some("none".to_string()),
        Some(v) => shown_in(field, v).map(|v| format!("\"{v}\"")),
    };
    let values = match (quoted(old), quoted(new)) {
        _ if field == "notes" => "different notes".to_string(),
        // Red flags as read: ids of the vocabulary, never a person's words.
        _ if field == SCREENINGS => format!(
            "{} on file; this row reports {}",
            old.map_or("no screening".to_string(), |o| format!("the red flags {o}")),
            new.unwrap_or("none"),
        ),
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
    let texts = Patient::TEXTS
        .into_iter()
        .map(|f| (f, old.text(f).cloned(), new.text(f).cloned()));
    let mut pairs: Vec<_> = [
        ("name", Some(old.name.clone()), Some(new.name.clone())),
        ("birth_date", date(old.birth_date), date(new.birth_date)),
        (
            "gender",
            old.gender.map(|g| g.as_str().to_string()),
            new.gender.map(|g| g.as_str().to_string()),
        ),
        (
            "contraindications",
            list(&old.contraindications),
            list(&new.contraindications),
        ),
        // An empty cell asks nothing: only red flags given are compared, with
        // those of the latest screening on file.
        (
            SCREENINGS,
            latest_flags(old),
            new.screenings.first().and_then(|_| latest_flags(new)),
        ),
    ]
    .into_iter()
    .chain(texts)
    .collect();
    // In the record's order.
    let rank = |f: &str| fields::PATIENT.iter().position(|d| d.name == f);
    pairs.sort_by_key(|(f, _, _)| rank(f));
    pairs
        .into_iter()
        .filter(|(f, a, b)| a != b && !(*f == SCREENINGS && b.is_none()))
        .collect()
}

/// The red flags of a patient's latest screening, sorted, `; `-joined.
fn latest_flags(p: &Patient) -> Option<String> {
    let latest = p
        .screenings
        .iter()
        .enumerate()
        .max_by_key(|(i, s)| (s.date, *i))?
        .1;
    let mut flags = latest.flags.clone();
    flags.sort();
    Some(flags.join("; "))
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
