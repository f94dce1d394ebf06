//! Findings as data: every problem mmx finds in the records is a [`Diagnostic`]
//! with a stable [`Code`], a file and a location; renderers turn a list of them
//! into compiler-style text or JSON. Nothing here prints on its own.

use crate::model::fields;
use crate::text;
use std::io::{self, Write};
use std::ops::Range;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// Every finding's stable code, as printed in `error[code]` and in JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Code {
    TomlSyntax,
    UnknownField,
    MissingField,
    InvalidValue,
    UnknownRegion,
    UnknownTechnique,
    UnknownMeasure,
    MissingSide,
    IdMismatch,
    MissingRecord,
    UnknownPrescription,
    RegionNotPrescribed,
    WrongSide,
    TechniqueNotPrescribed,
    VisitsExceeded,
    BeforeIssue,
    AfterExpiry,
    FrequencyExceeded,
    SameDayVisit,
    MinutesExceeded,
    AvoidedRegion,
    AvoidedTechnique,
    AfterClose,
    InvalidNpi,
    InvalidDiagnosis,
    FutureSession,
    StrayFile,
    Symlink,
    FileTooLarge,
    Permissions,
    MergeConflict,
    ConflictCopy,
    EmptyRecord,
    Unreadable,
    ControlCharacter,
    UnspecificOverride,
    UnknownTherapist,
    UnknownDiagnosis,
    NonBillableDiagnosis,
    RecordDeleted,
    RecordRewritten,
    CaseTwin,
    GitAttributes,
    ScreeningMissing,
    ScreeningExpired,
    ClearanceMissing,
    ConsentMissing,
    HealthChangeMissing,
    AfterCourseEnd,
    DefaultExpiry,
    FrequencyUnchecked,
    OrderMissing,
    OrderChanged,
    OrderRequired,
    ClearanceDocumentMissing,
    ClearanceDocumentChanged,
    NotMapped,
    OrderOrphan,
    HomeCareAvoidedRegion,
}

impl Code {
    pub const ALL: &[Code] = &[
        Code::TomlSyntax,
        Code::UnknownField,
        Code::MissingField,
        Code::InvalidValue,
        Code::UnknownRegion,
        Code::UnknownTechnique,
        Code::UnknownMeasure,
        Code::MissingSide,
        Code::IdMismatch,
        Code::MissingRecord,
        Code::UnknownPrescription,
        Code::RegionNotPrescribed,
        Code::WrongSide,
        Code::TechniqueNotPrescribed,
        Code::VisitsExceeded,
        Code::BeforeIssue,
        Code::AfterExpiry,
        Code::FrequencyExceeded,
        Code::SameDayVisit,
        Code::MinutesExceeded,
        Code::AvoidedRegion,
        Code::AvoidedTechnique,
        Code::AfterClose,
        Code::InvalidNpi,
        Code::InvalidDiagnosis,
        Code::FutureSession,
        Code::StrayFile,
        Code::Symlink,
        Code::FileTooLarge,
        Code::Permissions,
        Code::MergeConflict,
        Code::ConflictCopy,
        Code::EmptyRecord,
        Code::Unreadable,
        Code::ControlCharacter,
        Code::UnspecificOverride,
        Code::UnknownTherapist,
        Code::UnknownDiagnosis,
        Code::NonBillableDiagnosis,
        Code::RecordDeleted,
        Code::RecordRewritten,
        Code::CaseTwin,
        Code::GitAttributes,
        Code::ScreeningMissing,
        Code::ScreeningExpired,
        Code::ClearanceMissing,
        Code::ConsentMissing,
        Code::HealthChangeMissing,
        Code::AfterCourseEnd,
        Code::DefaultExpiry,
        Code::FrequencyUnchecked,
        Code::OrderMissing,
        Code::OrderChanged,
        Code::OrderRequired,
        Code::ClearanceDocumentMissing,
        Code::ClearanceDocumentChanged,
        Code::NotMapped,
        Code::OrderOrphan,
        Code::HomeCareAvoidedRegion,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Code::TomlSyntax => "toml-syntax",
            Code::UnknownField => "unknown-field",
            Code::MissingField => "missing-field",
            Code::InvalidValue => "invalid-value",
            Code::UnknownRegion => "unknown-region",
            Code::UnknownTechnique => "unknown-technique",
            Code::UnknownMeasure => "unknown-measure",
            Code::MissingSide => "missing-side",
            Code::IdMismatch => "id-mismatch",
            Code::MissingRecord => "missing-record",
            Code::UnknownPrescription => "unknown-prescription",
            Code::RegionNotPrescribed => "region-not-prescribed",
            Code::WrongSide => "wrong-side",
            Code::TechniqueNotPrescribed => "technique-not-prescribed",
            Code::VisitsExceeded => "visits-exceeded",
            Code::BeforeIssue => "before-issue",
            Code::AfterExpiry => "after-expiry",
            Code::FrequencyExceeded => "frequency-exceeded",
            Code::SameDayVisit => "same-day-visit",
            Code::MinutesExceeded => "minutes-exceeded",
            Code::AvoidedRegion => "avoided-region",
            Code::AvoidedTechnique => "avoided-technique",
            Code::AfterClose => "after-close",
            Code::InvalidNpi => "invalid-npi",
            Code::InvalidDiagnosis => "invalid-diagnosis",
            Code::FutureSession => "future-session",
            Code::StrayFile => "stray-file",
            Code::Symlink => "symlink",
            Code::FileTooLarge => "file-too-large",
            Code::Permissions => "permissions",
            Code::MergeConflict => "merge-conflict",
            Code::ConflictCopy => "conflict-copy",
            Code::EmptyRecord => "empty-record",
            Code::Unreadable => "unreadable",
            Code::ControlCharacter => "control-character",
            Code::UnspecificOverride => "unspecific-override",
            Code::UnknownTherapist => "unknown-therapist",
            Code::UnknownDiagnosis => "unknown-diagnosis",
            Code::NonBillableDiagnosis => "non-billable-diagnosis",
            Code::RecordDeleted => "record-deleted",
            Code::RecordRewritten => "record-rewritten",
            Code::CaseTwin => "case-twin",
            Code::GitAttributes => "git-attributes",
            Code::ScreeningMissing => "screening-missing",
            Code::ScreeningExpired => "screening-expired",
            Code::ClearanceMissing => "clearance-missing",
            Code::ConsentMissing => "consent-missing",
            Code::HealthChangeMissing => "health-change-missing",
            Code::AfterCourseEnd => "after-course-end",
            Code::DefaultExpiry => "default-expiry",
            Code::FrequencyUnchecked => "frequency-unchecked",
            Code::OrderMissing => "order-missing",
            Code::OrderChanged => "order-changed",
            Code::OrderRequired => "order-required",
            Code::ClearanceDocumentMissing => "clearance-document-missing",
            Code::ClearanceDocumentChanged => "clearance-document-changed",
            Code::NotMapped => "not-mapped",
            Code::OrderOrphan => "order-orphan",
            Code::HomeCareAvoidedRegion => "home-care-avoided-region",
        }
    }

    /// Findings that mean a file could not be read as a record: while one is
    /// in a patient's folder, nothing can be proven about it (its visits are
    /// not counted), so every write to that patient is refused.
    pub fn blocks_writes(self) -> bool {
        matches!(
            self,
            Code::TomlSyntax
                | Code::MergeConflict
                | Code::ConflictCopy
                | Code::IdMismatch
                | Code::EmptyRecord
                | Code::Unreadable
                | Code::FileTooLarge
                | Code::Symlink
                | Code::MissingRecord
        )
    }

    /// Findings about a whole file or folder, which have no line and column.
    pub fn is_whole_file(self) -> bool {
        matches!(
            self,
            Code::MissingRecord
                | Code::EmptyRecord
                | Code::ConflictCopy
                | Code::RecordDeleted
                | Code::CaseTwin
        )
    }

    /// Findings of the rules between records (a session against its
    /// prescription, the visit count, the calendar), as opposed to what one
    /// file says on its own. A write refused for one of these is refused
    /// because of the records (exit 1), not because of how it was asked for.
    pub fn is_rule(self) -> bool {
        self.is_compliance()
            || matches!(
                self,
                Code::UnknownPrescription | Code::FutureSession | Code::HealthChangeMissing
            )
    }

    /// Compliance findings are the ones a session's `override` may turn into warnings.
    /// A finding about the files on disk rather than the care (modes, links,
    /// stray or unreadable files): `check`'s alone, never in a report.
    pub fn is_file_system(self) -> bool {
        matches!(
            self,
            Code::Permissions
                | Code::Symlink
                | Code::StrayFile
                | Code::Unreadable
                | Code::FileTooLarge
                | Code::ConflictCopy
                | Code::OrderOrphan
        )
    }

    pub fn is_compliance(self) -> bool {
        matches!(
            self,
            Code::RegionNotPrescribed
                | Code::WrongSide
                | Code::TechniqueNotPrescribed
                | Code::VisitsExceeded
                | Code::BeforeIssue
                | Code::AfterExpiry
                | Code::FrequencyExceeded
                | Code::SameDayVisit
                | Code::MinutesExceeded
                | Code::AvoidedRegion
                | Code::AvoidedTechnique
                | Code::AfterClose
                | Code::ScreeningMissing
                | Code::ScreeningExpired
                | Code::ClearanceMissing
                | Code::ConsentMissing
                | Code::AfterCourseEnd
                | Code::HomeCareAvoidedRegion
        )
    }
}

/// The codes of the findings an override may excuse, as written in a
/// session's `[[overrides]]`.
pub const COMPLIANCE_CODES: &[&str] = &[
    "region-not-prescribed",
    "wrong-side",
    "technique-not-prescribed",
    "visits-exceeded",
    "before-issue",
    "after-expiry",
    "frequency-exceeded",
    "same-day-visit",
    "minutes-exceeded",
    "avoided-region",
    "avoided-technique",
    "after-close",
    "screening-missing",
    "screening-expired",
    "clearance-missing",
    "consent-missing",
    "after-course-end",
    "home-care-avoided-region",
];

/// Reads `code: value` as an override names a finding; `None` unless the code
/// is one an override may excuse and the value has the shape of a term or id.
pub fn parse_override_key(s: &str) -> Option<(Code, &str)> {
    let (code, value) = s.split_once(':')?;
    let code = Code::ALL
        .iter()
        .copied()
        .find(|c| c.as_str() == code.trim() && c.is_compliance())?;
    let value = value.trim();
    shown(value).map(|v| (code, v))
}

/// One finding. `span` is a byte range in the file; `line` and `column` (1-based,
/// column counted in characters) are filled in by [`locate_all`] from the file's text.
#[derive(Debug, Clone, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub code: Code,
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// The field the finding is about, as a dotted path (`regions`,
    /// `prescriber.npi`, `soap.plan`), when it is about one: how a write maps
    /// the finding back to the flag that gave the value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// The offending value of a compliance finding (the region, the
    /// technique, the prescription id): what an override names to excuse it.
    #[serde(skip)]
    pub subject: Option<String>,
    #[serde(skip)]
    pub span: Option<Range<usize>>,
    /// The start of the offending line up to the end of the span: enough to point
    /// at the value, never the rest of a line that may hold a patient's notes.
    /// Bounded: a line or a value longer than [`EXCERPT_MAX`] is not shown.
    #[serde(skip)]
    pub excerpt: Option<String>,
}

/// The longest excerpt shown, in bytes: a finding in a 600 KB line costs no
/// more than one in a short line.
pub const EXCERPT_MAX: usize = 160;

impl Diagnostic {
    pub fn new(
        code: Code,
        file: impl Into<String>,
        span: Option<Range<usize>>,
        message: impl Into<String>,
    ) -> Self {
        let severity = match code {
            Code::FutureSession
            | Code::StrayFile
            | Code::Symlink
            | Code::Permissions
            | Code::SameDayVisit
            | Code::UnspecificOverride
            | Code::NonBillableDiagnosis
            | Code::ScreeningExpired
            | Code::HealthChangeMissing => Severity::Warning,
            Code::DefaultExpiry | Code::FrequencyUnchecked => Severity::Warning,
            Code::OrderOrphan => Severity::Warning,
            _ => Severity::Error,
        };
        // A file name is shown as it is, but for control characters (a line
        // break in a name would split the `-->` line; ESC would act); the
        // message names it as shown too.
        let mut file: String = file.into();
        let mut message: String = message.into();
        if let std::borrow::Cow::Owned(shown) = text::clean_line(&file) {
            message = message.replace(&file, &shown);
            file = shown;
        }
        Diagnostic {
            severity,
            code,
            file,
            line: 0,
            column: 0,
            message,
            hint: None,
            field: None,
            subject: None,
            span,
            excerpt: None,
        }
    }

    pub fn severity_word(&self) -> &'static str {
        match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn hint_opt(mut self, hint: Option<String>) -> Self {
        self.hint = hint;
        self
    }

    pub fn field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }

    pub fn subject(mut self, subject: impl Into<String>) -> Self {
        self.subject = Some(subject.into());
        self
    }

    /// How an override names this finding (`technique-not-prescribed: cupping`),
    /// for the findings an override may excuse.
    pub fn override_key(&self) -> Option<String> {
        let subject = self.subject.as_ref()?;
        self.code
            .is_compliance()
            .then(|| format!("{}: {subject}", self.code.as_str()))
    }

    /// The order diagnostics are always shown in, whatever order they were found in.
    pub fn sort_key(&self) -> (&str, usize, usize, Code, &str) {
        (&self.file, self.line, self.column, self.code, &self.message)
    }
}

/// `` `value` `` when [`shown`] allows it, else `fallback`.
pub fn quoted(value: &str, fallback: &str) -> String {
    match shown(value) {
        Some(v) => format!("`{v}`"),
        None => fallback.to_string(),
    }
}

/// Fills in line, column and excerpt for every diagnostic of one file, in one
/// pass over its text whatever the number of findings: findings are visited
/// in the order of their spans and the line and column counted on from the
/// previous one.
fn locate_in(diags: &mut [&mut Diagnostic], text: &str) {
    diags.sort_by_key(|d| d.span.as_ref().map_or(0, |s| s.start));
    let (mut pos, mut line, mut line_start, mut column) = (0usize, 1usize, 0usize, 0usize);
    for d in diags.iter_mut() {
        let Some(span) = d.span.clone() else { continue };
        let start = floor_char_boundary(text, span.start.min(text.len()));
        if start > pos {
            for (i, c) in text[pos..start].char_indices() {
                if c == '\n' {
                    line += 1;
                    line_start = pos + i + 1;
                    column = 0;
                } else {
                    column += 1;
                }
            }
            pos = start;
        }
        d.line = line;
        d.column = column + 1;
        d.excerpt = excerpt(
            d.code,
            d.field.as_deref(),
            text,
            line_start,
            start,
            span.end,
        );
    }
}

/// The excerpt of a finding at `start..end` on the line starting at
/// `line_start`, as [`Diagnostic::excerpt`] says; `None` when the line or the
/// value is too long to show, or may hold a person's words. Whether a value
/// may be shown is the field's to say, never the value's shape: the whole
/// line of a plain field (an id, a date, a number, vocabulary: its key and
/// `field`, the finding's, both plain in the field tables); of any other
/// field (a name, `gender`, notes, contraindications, goals, a misspelt
/// key) at most the key the finding points at, never its value, however
/// short or plain that value looks.
fn excerpt(
    code: Code,
    field: Option<&str>,
    text: &str,
    line_start: usize,
    start: usize,
    end: usize,
) -> Option<String> {
    // A broken or stray file may hold anything: show no text of it.
    if matches!(
        code,
        Code::TomlSyntax | Code::StrayFile | Code::MergeConflict | Code::ConflictCopy
    ) || start - line_start > EXCERPT_MAX
    {
        return None;
    }
    let limit = floor_char_boundary(text, (start + EXCERPT_MAX).min(text.len()));
    let line_end = match text[start..limit].find('\n') {
        Some(i) => start + i,
        None if limit == text.len() => text.len(),
        // The line runs on past the window.
        None => return None,
    };
    let line = text[line_start..line_end].trim_end_matches('\r');
    // The finding's own field, when it names one (`prescriber.npi`,
    // `regions`), by its last key.
    let field_plain = field.map(|f| {
        let key = f
            .rsplit('.')
            .find(|k| !k.bytes().all(|b| b.is_ascii_digit()))
            .unwrap_or(f);
        fields::is_plain_key(key.split('[').next().unwrap_or(key))
    });
    // Only the part of the line before its value, blanks before it, so the
    // caret lines up.
    let only = |stop: usize| {
        let stop = floor_char_boundary(text, stop.clamp(start, line_end)).max(start);
        let column = text[line_start..start].chars().count();
        let part = text[start..stop].trim_end();
        (!part.is_empty()).then(|| format!("{}{part}", " ".repeat(column)))
    };
    let shown = match key_end(line) {
        Some(eq) if field_plain != Some(false) && fields::is_plain_key(line[..eq].trim()) => {
            // A comment after the value is the therapist's own words: cut.
            without_comment(line).to_string()
        }
        // An entry on a line of its own in a plain field's list
        // (`regions = [` above it): the entry the finding is at.
        None if field_plain == Some(true) => only(end)?,
        // Any other field: the key the finding points at, if it is there.
        Some(eq) if start < line_start + eq => only((line_start + eq).min(end))?,
        _ => return None,
    };
    // A plain field may still hold prose (`pain_after = "she said ..."`):
    // then the location alone is shown.
    (!quotes_prose(&shown)).then_some(shown)
}

/// Where a TOML line's key ends: its first `=` outside quotes, if any.
fn key_end(line: &str) -> Option<usize> {
    let mut quote: Option<char> = None;
    for (i, c) in line.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c == '=' => return Some(i),
            None if c == '#' => return None,
            None => {}
        }
    }
    None
}

/// A line up to a `#` that is outside quotes, with the blanks before it.
fn without_comment(line: &str) -> &str {
    line[..shape(line).code_end].trim_end()
}

/// Whether a line holds a quoted string with a space in it, or the start of a
/// multi-line string: the shape of a person's words, not of an id or a term.
fn quotes_prose(line: &str) -> bool {
    line.contains("\"\"\"") || line.contains("'''") || shape(line).prose
}

/// What a scan of one TOML line, minding quotes and escapes, finds.
struct LineShape {
    /// Where a comment starts (the line's length if there is none).
    code_end: usize,
    /// A quoted string before the comment holds whitespace.
    prose: bool,
}

fn shape(line: &str) -> LineShape {
    let mut quote: Option<char> = None;
    let mut escaped = false;
    let mut prose = false;
    for (i, c) in line.char_indices() {
        match quote {
            Some(q) => {
                if escaped {
                    escaped = false;
                } else if c == '\\' && q == '"' {
                    // An escape may spell a blank (`\u0020`, `\t`) or
                    // anything else: the string is taken for words.
                    escaped = true;
                    prose = true;
                } else if c == q {
                    quote = None;
                } else if c.is_whitespace() {
                    prose = true;
                }
            }
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c == '#' => return LineShape { code_end: i, prose },
            None => {}
        }
    }
    LineShape {
        code_end: line.len(),
        prose,
    }
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Fills in locations for every diagnostic, reading each file's text once
/// through `source` (a file in memory, or a record not yet written). Time and
/// memory are linear in the files' sizes and the number of findings.
pub fn locate_all(diags: &mut [Diagnostic], mut source: impl FnMut(&str) -> Option<String>) {
    let mut by_file: Vec<&mut Diagnostic> = diags.iter_mut().filter(|d| d.span.is_some()).collect();
    by_file.sort_by(|a, b| a.file.cmp(&b.file));
    let mut rest: &mut [&mut Diagnostic] = &mut by_file;
    while let Some(first) = rest.first() {
        let file = first.file.clone();
        let n = rest.iter().take_while(|d| d.file == file).count();
        let (group, tail) = rest.split_at_mut(n);
        if let Some(text) = source(&file) {
            locate_in(group, &text);
        }
        rest = tail;
    }
}

pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
}

/// Counts shown at the end of `check`.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq, Eq)]
pub struct Summary {
    pub patients: usize,
    pub prescriptions: usize,
    pub sessions: usize,
    pub errors: usize,
    pub warnings: usize,
    /// Of the warnings, those about file permissions (shown as one).
    #[serde(skip)]
    pub permissions: usize,
}

/// Renders diagnostics the way rustc does: a title with the code, an arrow to
/// `file:line:column`, the offending line with a caret, and the hint.
pub fn render_human(out: &mut dyn Write, diags: &[Diagnostic], color: bool) -> io::Result<()> {
    render_human_grouped(out, diags, color, true)
}

/// [`render_human`], with file-permission findings summarised as one line
/// with their fix (`group`), or each in full (`check -v`).
pub fn render_human_grouped(
    out: &mut dyn Write,
    diags: &[Diagnostic],
    color: bool,
    group: bool,
) -> io::Result<()> {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    // A fresh git clone leaves every record 0644: one line says so for them
    // all, with the one command that fixes them (each is in the JSON, and
    // with -v).
    let permissions = diags.iter().filter(|d| d.code == Code::Permissions).count();
    let mut shown_permissions = false;
    for d in diags {
        if group && permissions > 1 && d.code == Code::Permissions {
            if !shown_permissions {
                shown_permissions = true;
                let title = Level::WARNING
                    .primary_title(format!(
                        "{permissions} files and folders can be read or changed by others than their owner: `chmod -R go= PRACTICE` fixes them all (`-v` lists each)"
                    ))
                    .id(Code::Permissions.as_str());
                writeln!(out, "{}\n", renderer.render(&[Group::with_title(title)]))?;
            }
            continue;
        }
        let level = match d.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        // A message or a hint may name a file, or a part of its name (a
        // folder, the record it looks like a copy of), whose name holds a
        // control character, and an excerpt show one: none may act on the
        // terminal, nor a line break in a name split the message (messages
        // and hints are one line each). (The renderer's own colour codes
        // come after.)
        let message = text::clean_line(&d.message);
        let excerpt = d.excerpt.as_deref().map(text::clean);
        let title = level.primary_title(message.as_ref()).id(d.code.as_str());
        let mut text = match &excerpt {
            Some(excerpt) => {
                let start = excerpt
                    .char_indices()
                    .nth(d.column.saturating_sub(1))
                    .map_or(excerpt.len(), |(i, _)| i);
                let end = d
                    .span
                    .as_ref()
                    .map_or(start, |s| start + s.len())
                    .clamp(start + 1, excerpt.len().max(start + 1))
                    .min(excerpt.len());
                let end = floor_char_boundary(excerpt, end).max(start);
                let snippet = Snippet::source(excerpt.as_ref())
                    .line_start(d.line)
                    .path(d.file.as_str())
                    .annotation(AnnotationKind::Primary.span(start..end));
                renderer.render(&[title.element(snippet)])
            }
            None => format!(
                "{}\n --> {}",
                renderer.render(&[Group::with_title(title)]),
                location(d)
            ),
        };
        if let Some(hint) = &d.hint {
            let hint = text::clean_line(hint);
            text.push('\n');
            text.push_str(&renderer.render(&[Group::with_title(
                Level::HELP.secondary_title(hint.as_ref()),
            )]));
        }
        writeln!(out, "{text}\n")?;
    }
    Ok(())
}

fn location(d: &Diagnostic) -> String {
    if d.line > 0 {
        format!("{}:{}:{}", d.file, d.line, d.column)
    } else {
        d.file.clone()
    }
}

pub fn summary_line(s: &Summary) -> String {
    let n = |count: usize, one: &str, many: &str| {
        format!("{count} {}", if count == 1 { one } else { many })
    };
    let permissions = if s.permissions > 1 {
        format!(" ({} about file permissions)", s.permissions)
    } else {
        String::new()
    };
    format!(
        "checked {}, {}, {}: {}, {}{permissions}",
        n(s.patients, "patient", "patients"),
        n(s.prescriptions, "prescription", "prescriptions"),
        n(s.sessions, "session", "sessions"),
        n(s.errors, "error", "errors"),
        n(s.warnings, "warning", "warnings"),
    )
}

/// The value itself when a message may quote it: at most 40 characters of
/// ASCII letters, digits and `-_.:/@`, the shape of an id, a date, a number or
/// a token like `555-0142`. Anything else, whitespace above all, may be a
/// person's own words (a disclosure typed in the wrong column, an address), so
/// `None`: the message then names the field and what is allowed, not the
/// value. Empty is `None` too, there being nothing to quote. This is the
/// shape alone: a field's value goes through [`shown_in`], which first asks
/// the field tables whether the field is plain.
pub fn shown(value: &str) -> Option<&str> {
    let plain = |b: u8| b.is_ascii_alphanumeric() || b"-_.:/@".contains(&b);
    (!value.is_empty() && value.len() <= 40 && value.bytes().all(plain)).then_some(value)
}

/// A value of the field `key` when a message may quote it: only when the
/// field tables say the field is plain ([`fields::is_plain_key`]: an id, a
/// date, a number, vocabulary), and then only in the shape [`shown`] allows.
/// A value of any other field (a name, `gender`, a phone number, a
/// contraindication, notes) is a person's words and is never quoted,
/// however short or plain it looks.
pub fn shown_in<'v>(key: &str, value: &'v str) -> Option<&'v str> {
    if fields::is_plain_key(key) {
        shown(value)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_plain_fields_value_is_shown() {
        assert_eq!(shown_in("birth_date", "1980-04-12"), Some("1980-04-12"));
        assert_eq!(shown_in("regions", "lumbar"), Some("lumbar"));
        assert_eq!(shown_in("regions", "low back"), None);
        for (key, word) in [
            ("gender", "intersex"),
            ("contraindications", "pregnancy"),
            ("notes", "diabetic"),
            ("name", "Zephyrine"),
            ("goals", "swimming"),
            ("phone", "555-0142"),
            ("nots", "diabetic"),
        ] {
            assert_eq!(shown_in(key, word), None, "{key}");
        }
    }

    #[test]
    fn code_all_lists_every_variant_once() {
        // `Code::ALL` is written by hand: held here to the enum's own text,
        // so a new code cannot be left out of it (and so out of the fixtures'
        // and the reference's checks).
        let source = include_str!("diag.rs");
        let start = source.find("pub enum Code {").expect("the enum");
        let body = &source[start..source[start..].find('}').expect("its end") + start];
        let variants: Vec<&str> = body
            .lines()
            .skip(1)
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with("//"))
            .map(|l| l.trim_end_matches(','))
            .collect();
        let listed: Vec<String> = Code::ALL.iter().map(|c| format!("{c:?}")).collect();
        assert_eq!(
            variants.len(),
            listed.len(),
            "{variants:?} against {listed:?}"
        );
        for v in &variants {
            assert_eq!(
                listed.iter().filter(|l| l == v).count(),
                1,
                "{v} in Code::ALL"
            );
        }
    }

    #[test]
    fn shows_only_short_plain_tokens() {
        for plain in [
            "ana-lima-1980",
            "2026-03-14",
            "42",
            "555-0142",
            "jose.nf@example.org",
            "09:30",
            "a_b/c",
            &"x".repeat(40),
        ] {
            assert_eq!(shown(plain), Some(plain));
        }
        for words in [
            "",
            "Ana Lima",
            " 42",
            "12\tHarbour",
            "line\nbreak",
            "Zoë",
            "\"quoted\"",
            "a,b",
            "\u{1b}[31m",
            &"x".repeat(41),
        ] {
            assert_eq!(shown(words), None, "{words:?}");
        }
    }
}
