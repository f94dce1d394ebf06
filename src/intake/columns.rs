//! A form export's header row read by meaning: which cell holds which of a
//! patient's fields. A cell names a field by the field's own name (`Birth
//! Date`, `birth-date`) or by one of the ways forms ask for it (`Full Name`,
//! `DOB`, `E-mail`, `Mobile`); `--map "HEADER=FIELD"` says it for any other
//! cell (a question column into `contraindications`), `--skip HEADER` leaves
//! a column out, and `--skip-unknown` every column not recognised.
//!
//! A header is no patient's data, so its cells are quoted in messages, but
//! only once the row is known to be a header (one of its cells names a
//! field): a file without a header row has a patient in row 1.

use crate::model::fields;
use crate::text;
use std::collections::HashSet;

use crate::diag::shown;
use crate::intake::csv::{Kind, Problem, refused_char, refused_char_message};

/// The fields a column may hold: `patient add`'s (the regions and techniques
/// to avoid are vocabulary, set with `patient edit`; clearances and consents
/// are dated entries, added with `patient clear` and `consent`).
/// `screenings` is the intake screening's red flags, as `patient add --flag`
/// takes them: one screening, dated the day of the import.
pub fn fields() -> Vec<&'static str> {
    fields::PATIENT
        .iter()
        .filter(|f| {
            !f.name.starts_with("avoid_") && (f.ty != fields::Ty::Tables || f.name == SCREENINGS)
        })
        .map(|f| f.name)
        .collect()
}

/// The column of the intake screening's red flags.
pub const SCREENINGS: &str = "screenings";

/// What else a header cell may say for each field, beyond the field's own
/// name, compared as [`normal`] compares them. Only words that mean the one
/// field: a question whose answer may be anything (`Anything else?`) is for
/// `--map`.
const MEANINGS: &[(&str, &[&str])] = &[
    ("id", &["patient id", "record id", "mmx id"]),
    (
        "name",
        &[
            "full name",
            "patient name",
            "patient full name",
            "client name",
            "client full name",
            "your name",
            "your full name",
            "first and last name",
            "name of patient",
        ],
    ),
    (
        "birth_date",
        &[
            "date of birth",
            "dob",
            "d o b",
            "birthdate",
            "birthday",
            "patient date of birth",
            "your date of birth",
        ],
    ),
    ("gender", &["sex", "gender identity"]),
    (
        "phone",
        &[
            "phone number",
            "mobile",
            "mobile number",
            "mobile phone",
            "cell",
            "cell phone",
            "cell phone number",
            "telephone",
            "telephone number",
            "tel",
            "contact number",
            "your phone number",
        ],
    ),
    (
        "email",
        &[
            "e mail",
            "email address",
            "e mail address",
            "your email",
            "your email address",
        ],
    ),
    (
        "address",
        &[
            "home address",
            "street address",
            "postal address",
            "mailing address",
            "your address",
        ],
    ),
    (
        "emergency_contact",
        &[
            "emergency contact name and phone",
            "emergency contact name and number",
            "in case of emergency",
        ],
    ),
    (
        "contraindications",
        &["contraindication", "medical contraindications"],
    ),
    (
        "notes",
        &["note", "comments", "comment", "additional notes"],
    ),
    (
        SCREENINGS,
        &[
            "flags",
            "red flags",
            "red flag",
            "screening",
            "health screening",
            "screening flags",
        ],
    ),
];

/// A header's words as they are compared: lower case, every run of anything
/// but letters and digits one space, none at the ends (`E-mail *` is `e
/// mail`, `birth_date` is `birth date`).
fn normal(cell: &str) -> String {
    let mut out = String::with_capacity(cell.len());
    for c in cell.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// The field a header cell means, if its words are one of the ways to name it.
pub fn meaning(cell: &str) -> Option<&'static str> {
    let words = normal(cell);
    fields().into_iter().find(|field| {
        normal(field) == words
            || MEANINGS
                .iter()
                .any(|(f, says)| f == field && says.iter().any(|s| normal(s) == words))
    })
}

/// The field a `--map` names: a field's name, or any of its meanings.
pub fn field_named(name: &str) -> Option<&'static str> {
    meaning(name)
}

/// How the command line says to read the header.
#[derive(Debug, Clone, Default)]
pub struct HeaderOptions {
    /// `--map "HEADER=FIELD"`: the header cell and the field it holds.
    pub maps: Vec<(String, &'static str)>,
    /// `--skip HEADER`.
    pub skips: Vec<String>,
    /// `--skip-unknown`: leave out every column that names no field.
    pub skip_unknown: bool,
}

/// Which field sits at which position (1-based), the header's width, and the
/// columns left out.
#[derive(Debug)]
pub struct Columns {
    fields: Vec<(&'static str, usize)>,
    pub width: usize,
    /// The columns `--skip` or `--skip-unknown` left out: position and header
    /// cell (only for a row known to be a header).
    pub skipped: Vec<(usize, String)>,
}

impl Columns {
    pub fn of(&self, name: &str) -> Option<usize> {
        self.fields
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, i)| *i)
    }

    pub fn all(&self) -> &[(&'static str, usize)] {
        &self.fields
    }

    /// The row's cell for `name`, trimmed; `None` when the column is absent
    /// or the cell blank.
    pub fn cell<'r>(&self, record: &'r ::csv::StringRecord, name: &str) -> Option<&'r str> {
        let i = self.of(name)?;
        let cell = record.get(i - 1).unwrap_or("").trim();
        (!cell.is_empty()).then_some(cell)
    }
}

/// How a message shows a header cell: quoted (control characters made
/// harmless, a long question cut) when the row is a header, otherwise only
/// when it has the shape of a token (see [`shown`]).
fn quote(cell: &str, header: bool) -> Option<String> {
    let cell = cell.trim();
    if cell.is_empty() {
        return None;
    }
    if !header {
        return shown(cell).map(|c| format!("`{c}`"));
    }
    const LONG: usize = 60;
    let clean = text::clean_line(cell);
    let shown: String = if clean.chars().count() > LONG {
        clean.chars().take(LONG - 1).chain(['…']).collect()
    } else {
        clean.into_owned()
    };
    Some(format!("`{shown}`"))
}

/// The header as the flag text a user would type for it (`--skip "Timestamp"`).
fn flag_arg(cell: &str) -> String {
    let cell = text::clean_line(cell.trim()).into_owned();
    if shown(&cell).is_some() {
        cell
    } else {
        format!("\"{}\"", cell.replace('"', "\\\""))
    }
}

/// What a `--map` or `--skip` names matched nothing in the header: the flag
/// as typed, for a command-line error.
pub type Unmatched = Vec<String>;

/// Reads the header row: every cell is a field, skipped, or a problem (named
/// by its cell). `None` when the header has problems.
pub fn read_header(
    header: &::csv::StringRecord,
    options: &HeaderOptions,
    problems: &mut Vec<Problem>,
    unmatched: &mut Unmatched,
) -> Option<Columns> {
    let before = problems.len();
    let is = |cell: &str, flag: &str| normal(cell) == normal(flag);
    let mapped = |cell: &str| {
        options
            .maps
            .iter()
            .find(|(h, _)| is(cell, h))
            .map(|(_, f)| *f)
    };
    let skipped = |cell: &str| options.skips.iter().any(|h| is(cell, h));
    for (h, f) in &options.maps {
        if !header.iter().any(|cell| is(cell, h)) {
            unmatched.push(format!("--map {}", flag_arg(&format!("{h}={f}"))));
        }
    }
    for h in &options.skips {
        if !header.iter().any(|cell| is(cell, h)) {
            unmatched.push(format!("--skip {}", flag_arg(h)));
        }
    }
    // A row is a header when one of its cells names a field: then its cells
    // are no patient's words and may be quoted.
    let is_header = header
        .iter()
        .any(|cell| !skipped(cell) && (mapped(cell).is_some() || meaning(cell).is_some()));
    let mut columns: Vec<(&'static str, usize)> = Vec::new();
    let mut left_out = Vec::new();
    let mut seen = HashSet::new();
    for (i, cell) in header.iter().enumerate() {
        let column = i + 1;
        let quoted = quote(cell, is_header);
        if let Some(c) = refused_char(cell, "") {
            let what = match &quoted {
                Some(q) => format!("the header cell {q}"),
                None => "the header cell".to_string(),
            };
            problems.push(Problem::new(1, column, refused_char_message(&what, c)));
            continue;
        }
        if skipped(cell) {
            left_out.push((column, cell.trim().to_string()));
            continue;
        }
        let field = mapped(cell).or_else(|| meaning(cell));
        match field {
            Some(field) if !seen.insert(field) => {
                let first = columns.iter().find(|(f, _)| *f == field).map_or(0, |c| c.1);
                let first_cell = header.get(first - 1).unwrap_or("");
                let message = if normal(cell) == normal(first_cell) {
                    format!("column `{field}` appears twice in the header")
                } else {
                    let quoted = quoted.unwrap_or_else(|| format!("column {column}"));
                    let first_cell = quote(first_cell, is_header)
                        .unwrap_or_else(|| format!("column {first}"));
                    format!(
                        "the header cell {quoted} means `{field}`, as column {first} ({first_cell}) does; \
                         --skip {} leaves it out, or --map gives it another field",
                        flag_arg(cell)
                    )
                };
                problems.push(Problem::new(1, column, message));
            }
            Some(field) => columns.push((field, column)),
            None if options.skip_unknown && is_header => {
                left_out.push((column, cell.trim().to_string()));
            }
            None => problems.push(match quoted.clone().filter(|_| is_header) {
                Some(q) => Problem {
                    kind: Kind::UnknownColumn,
                    ..Problem::new(
                        1,
                        column,
                        format!(
                            "unknown column {q}; --map {} reads it as a field ({}), --skip {} leaves it out",
                            flag_arg(&format!("{}=FIELD", cell.trim())),
                            fields().join(", "),
                            flag_arg(cell)
                        ),
                    )
                },
                // A header cell may be a patient's name when the sheet has
                // no header.
                None => Problem::new(
                    1,
                    column,
                    match quoted {
                        Some(cell) => format!("unknown column {cell}"),
                        None => "the header cell is not a known column".to_string(),
                    } + &format!("; the known columns are {}", fields().join(", ")),
                ),
            }),
        }
    }
    if !columns.iter().any(|(n, _)| *n == "name") {
        problems.push(Problem::new(
            1,
            0,
            format!(
                "the header has no `name` column; the first row must name the columns, e.g. {} \
                 (--map \"HEADER=name\" names the column of names)",
                fields()[1..].join(",")
            ),
        ));
    }
    (problems.len() == before).then_some(Columns {
        fields: columns,
        width: header.len(),
        skipped: left_out,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_cells_are_read_by_meaning() {
        for (cell, field) in [
            (" Birth Date ", "birth_date"),
            ("birth_date", "birth_date"),
            ("Emergency-Contact", "emergency_contact"),
            ("Full Name", "name"),
            ("Patient name", "name"),
            ("DOB", "birth_date"),
            ("Date of Birth *", "birth_date"),
            ("Birthdate", "birth_date"),
            ("Phone Number", "phone"),
            ("Mobile", "phone"),
            ("E-mail", "email"),
            ("Email Address", "email"),
            ("Notes", "notes"),
            ("Red flags", "screenings"),
            ("flags", "screenings"),
            ("Screening", "screenings"),
        ] {
            assert_eq!(meaning(cell), Some(field), "{cell}");
        }
        for cell in [
            "Timestamp",
            "Any injuries or conditions we should know about?",
            "",
            "Name of your doctor",
        ] {
            assert_eq!(meaning(cell), None, "{cell}");
        }
    }

    #[test]
    fn every_meaning_names_an_import_field_and_means_one_field() {
        let fields = fields();
        let mut seen = HashSet::new();
        for (field, says) in MEANINGS {
            assert!(fields.contains(field), "{field}");
            for s in says.iter().copied().chain([*field]) {
                assert!(seen.insert(normal(s)), "`{s}` means two fields");
            }
        }
    }

    #[test]
    fn normal_form_ignores_case_punctuation_and_spacing() {
        assert_eq!(normal("  E-mail *"), "e mail");
        assert_eq!(normal("Date  of_Birth?"), "date of birth");
        assert_eq!(normal("Zoë"), "zoë");
    }
}
