//! The one way to write: a patient's folder read under its lock, the new
//! files reviewed with the rest, and written only when they add no error.

use crate::check::review::Review;
use crate::check::review::context;
use crate::check::review::review;
use crate::check::rules::Context;
use crate::diag::{self, Code, Diagnostic, Severity};
use crate::error::io_err;
use crate::error::{Error, FlagProblem, Result};
use crate::model::RecordKind;
use crate::model::fields;
use crate::practice::folder;
use crate::practice::lint;
use crate::practice::read;
use crate::practice::read::FolderFiles;
use crate::practice::read::RawFile;
use crate::practice::store;
use crate::practice::store::CreateOutcome;
use crate::practice::store::FolderLock;
use crate::practice::{Practice, Writes, ids, listing, record_rel};
use crate::records::PatientFolder;
use crate::records::editor::Document;
use crate::text;
use chrono::NaiveDate;
use std::collections::HashSet;
use std::io::Write;
use std::sync::{Mutex, PoisonError};

/// How a write names the flags that gave a record's fields, so a rule that
/// refuses a value is reported against the flag, in the rule's own words.
pub type FlagOf<'f> = &'f dyn Fn(&str) -> Option<String>;

/// A patient's folder opened for a change: locked (so no other writer can
/// change what the decision rests on), read and reviewed. Dropping it
/// releases the lock.
pub struct Pending<'p> {
    practice: &'p Practice,
    today: NaiveDate,
    pub before: Review,
    lock: Option<FolderLock>,
}

/// A record named as a person typed it (`ID` or `PATIENT/ID`), opened for a
/// change: its patient's folder locked and reviewed, and the record's text.
pub struct OpenRecord<'p> {
    pub pending: Pending<'p>,
    pub patient: String,
    pub id: String,
    pub rel: String,
    pub text: String,
}

impl<'p> Pending<'p> {
    /// Opens the record of `kind` named `given` for a change: the one way a
    /// command finds, locks and reads a record it amends, edits or closes.
    pub fn open_record(
        practice: &'p Practice,
        today: NaiveDate,
        kind: RecordKind,
        given: &str,
    ) -> Result<OpenRecord<'p>> {
        let (patient, id) = practice.locate_record(kind, given)?;
        let pending = Pending::open(practice, today, &patient)?;
        let rel = record_rel(kind, &patient, &id);
        let Some(text) = pending.before.text_of(&rel).map(str::to_string) else {
            return Err(Error::NotFound {
                what: kind.word(),
                id: given.to_string(),
                hint: match kind {
                    RecordKind::Session => {
                        format!("`mmx session list --patient {patient}` shows the sessions")
                    }
                    _ => format!("`mmx {}` shows the {}s", listing(kind), kind.word()),
                },
            });
        };
        Ok(OpenRecord {
            pending,
            patient,
            id,
            rel,
            text,
        })
    }

    /// Creates a new record of `kind` for the patient, under `given` or else
    /// a fresh dated id (tried again, up to eight times, when a concurrent
    /// writer took it). `make` gives the record's text for an id and path; the
    /// gate admits it or refuses the write. Returns the id, the path and the
    /// findings to show.
    pub fn create_dated(
        &mut self,
        kind: RecordKind,
        date: NaiveDate,
        given: Option<&str>,
        flags: Option<FlagOf<'_>>,
        mut make: impl FnMut(&Pending<'p>, &str, &str) -> Result<String>,
    ) -> Result<(String, String, Vec<Diagnostic>)> {
        let patient = self.before.folder.id.clone();
        for _ in 0..8 {
            let id = given.map_or_else(|| ids::dated_id(date), str::to_string);
            let rel = record_rel(kind, &patient, &id);
            let text = make(self, &id, &rel)?;
            let shown = self.admit(&[(&rel, &text)], flags)?;
            match self.create(&rel, &text)? {
                CreateOutcome::Created => return Ok((id, rel, shown)),
                CreateOutcome::Exists if given.is_some() => {
                    return Err(Error::Exists {
                        what: kind.word(),
                        id,
                        path: rel,
                    });
                }
                CreateOutcome::Exists => continue,
            }
        }
        Err(Error::Records(format!(
            "could not find a free {} id; pass --id",
            kind.word()
        )))
    }

    /// Locks and reads an existing patient's folder. Refused (exit 1, naming
    /// each file) when it holds a file the gate cannot read.
    pub fn open(practice: &'p Practice, today: NaiveDate, id: &str) -> Result<Pending<'p>> {
        // `--dry-run` writes nothing at all: not the lock file, nor the
        // clean-up of a killed writer's temp files the lock brings. What it
        // shows rests on the folder as read, each record whole.
        let lock = if practice.writes.dry_run() {
            None
        } else {
            Some(practice.lock_patient(id)?)
        };
        // A linked record folder would put the record outside the practice.
        for sub in folder::RECORD_FOLDERS {
            store::refuse_link(&practice.patient_dir(id).join(sub))?;
        }
        Self::admitted(
            practice,
            today,
            practice.read_folder_for_write(id)?,
            lock,
            false,
        )
    }

    /// A folder for a new patient, which may not exist yet: nothing is
    /// locked or created until [`Pending::create`].
    pub fn new_patient(practice: &'p Practice, today: NaiveDate, id: &str) -> Result<Pending<'p>> {
        Self::admitted(
            practice,
            today,
            practice.read_folder_or_none(id)?,
            None,
            true,
        )
    }

    /// The folder reviewed, unless it holds a file the gate cannot read.
    fn admitted(
        practice: &'p Practice,
        today: NaiveDate,
        read: FolderFiles,
        lock: Option<FolderLock>,
        new_patient: bool,
    ) -> Result<Pending<'p>> {
        let before = review(read, &context(practice, today));
        let blocking = if new_patient {
            before.blocking_new_patient()
        } else {
            before.blocking()
        };
        if !blocking.is_empty() {
            return Err(Error::Blocked {
                diagnostics: blocking,
            });
        }
        Ok(Pending {
            practice,
            today,
            before,
            lock,
        })
    }

    pub fn folder(&self) -> &PatientFolder {
        &self.before.folder
    }

    /// The folder as it would be with `changes` (files added or replaced,
    /// by path relative to the root), reviewed in memory.
    pub fn preview(&self, changes: &[(&str, &str)]) -> Review {
        let mut files = self.before.files.clone();
        for (rel, text) in changes {
            match files.iter_mut().find(|f| f.rel == *rel) {
                Some(f) => f.bytes = text.as_bytes().to_vec(),
                None => files.push(RawFile {
                    rel: rel.to_string(),
                    bytes: text.as_bytes().to_vec(),
                }),
            }
        }
        let read = FolderFiles {
            id: self.before.folder.id.clone(),
            files,
            found: Vec::new(),
            // As it would be once the change is written.
            exists: true,
        };
        // A record the change adds is the one being entered.
        let entering = changes
            .iter()
            .map(|(rel, _)| *rel)
            .find(|rel| !self.before.files.iter().any(|f| f.rel == *rel));
        let cx = Context {
            entering,
            ..context(self.practice, self.today)
        };
        review(read, &cx)
    }

    /// Checks the folder with `changes` made. Refused when the change adds an
    /// error anywhere in the folder: a rule of the records (exit 1, with the
    /// diagnostics located in the text that would be written) or, when
    /// `flags` names the flag a refused value came from, that flag (exit 2,
    /// in the rule's words). Returns the warnings on the changed files, for
    /// the caller to show.
    pub fn admit(
        &self,
        changes: &[(&str, &str)],
        flags: Option<FlagOf<'_>>,
    ) -> Result<Vec<Diagnostic>> {
        // What mmx writes it must be able to read back: no record past the
        // size the reader takes.
        if let Some((rel, text)) = changes
            .iter()
            .find(|(_, t)| t.len() as u64 > read::MAX_RECORD_BYTES)
        {
            return Err(Error::Refused {
                diagnostics: vec![lint::too_large(rel, text.len() as u64)],
            });
        }
        // A finding is the same before and after when its file, code and
        // message are; kept as borrowed keys, so 60,000 findings are not
        // copied to be compared.
        fn key(d: &Diagnostic) -> (&str, Code, &str) {
            (d.file.as_str(), d.code, d.message.as_str())
        }
        let before: HashSet<_> = self.before.findings.iter().map(key).collect();
        let after = self.preview(changes);
        let changed = |d: &Diagnostic| changes.iter().any(|(rel, _)| *rel == d.file);
        let new: Vec<Diagnostic> = after
            .findings
            .iter()
            .filter(|d| d.severity == Severity::Error && !before.contains(&key(d)))
            .cloned()
            .collect();
        if let Some(flag_of) = flags {
            let problems: Vec<FlagProblem> = new
                .iter()
                .filter(|d| changed(d) && !d.code.is_rule())
                .filter_map(|d| {
                    let flag = d.field.as_deref().and_then(flag_of)?;
                    Some(FlagProblem {
                        flag,
                        message: d.message.clone(),
                        hint: d.hint.clone().filter(|_| d.code != Code::MissingField),
                    })
                })
                .collect();
            if !problems.is_empty() {
                return Err(Error::Flags { problems });
            }
        }
        if !new.is_empty() {
            let mut shown = new;
            shown.extend(
                after
                    .findings
                    .iter()
                    .filter(|d| d.severity == Severity::Warning && changed(d))
                    .cloned(),
            );
            diag::sort(&mut shown);
            return Err(Error::Refused { diagnostics: shown });
        }
        Ok(after
            .findings
            .into_iter()
            .filter(|d| changed(d) && d.code != Code::Permissions)
            .collect())
    }

    /// Writes a new record that [`Pending::admit`] let through; never over an
    /// existing file. For a new patient whose folder is not there yet, the
    /// folder is made whole with the record in it and put in place at once
    /// ([`store::create_folder`]): a crash or a full disk leaves no
    /// half-made patient. For one whose folder is there (without its
    /// patient.toml), the folder's lock is taken first.
    pub fn create(&mut self, rel: &str, text: &str) -> Result<CreateOutcome> {
        if let Writes::Shown(sink) = &self.practice.writes {
            return show_unwritten(sink, rel, text).map(|()| CreateOutcome::Created);
        }
        let path = self.practice.root.join(rel);
        if self.lock.is_none() {
            let id = &self.before.folder.id;
            let dir = self.practice.patient_dir(id);
            if let (Some(patients), Ok(inside)) = (dir.parent(), path.strip_prefix(&dir))
                && std::fs::symlink_metadata(&dir)
                    .is_err_and(|e| e.kind() == std::io::ErrorKind::NotFound)
            {
                let inside = inside.to_string_lossy();
                let on_wait = self.practice.on_wait;
                return store::create_folder(
                    patients,
                    id,
                    &[(&inside, text.as_bytes())],
                    self.practice.lock_wait,
                    &mut |line| on_wait(line),
                );
            }
            self.lock = Some(self.practice.lock_folder(&dir)?);
        }
        store::create_new(&path, text.as_bytes())
    }

    /// Writes a file a record will name (a kept order) before the record
    /// itself, never over another file: `bytes` go to disk, `seen` is what
    /// the gate reviews of it from now on (an order's SHA-256, see
    /// `RawFile`). `--dry-run` says what it would write instead. Returns
    /// whether it made the file (`Exists`: a file of that name was there,
    /// left as it is); [`Pending::take_back`] removes one made for a record
    /// the gate then refused.
    pub fn create_beside(&mut self, rel: &str, seen: &[u8], bytes: &[u8]) -> Result<CreateOutcome> {
        if !self.stage(rel, seen) {
            return Ok(CreateOutcome::Exists);
        }
        self.create_file(rel, bytes)
    }

    /// Adds a file to what the gate reviews from now on, as `seen` (see
    /// [`Pending::create_beside`]), without writing it; false when the
    /// folder has a file of that name already.
    pub fn stage(&mut self, rel: &str, seen: &[u8]) -> bool {
        if self.before.files.iter().any(|f| f.rel == rel) {
            return false;
        }
        self.before.files.push(RawFile {
            rel: rel.to_string(),
            bytes: seen.to_vec(),
        });
        true
    }

    /// Writes a file that is not a record (a kept order) under the folder's
    /// lock, never over another; `--dry-run` says what it would write.
    pub fn create_file(&mut self, rel: &str, bytes: &[u8]) -> Result<CreateOutcome> {
        if let Writes::Shown(sink) = &self.practice.writes {
            let note = format!("({} bytes, kept as they are)\n", bytes.len());
            return show_unwritten(sink, rel, &note).map(|()| CreateOutcome::Created);
        }
        if self.lock.is_none() {
            let dir = self.practice.patient_dir(&self.before.folder.id);
            self.lock = Some(self.practice.lock_folder(&dir)?);
        }
        store::create_new(&self.practice.root.join(rel), bytes)
    }

    /// Removes a file [`Pending::create_beside`] made, when the record that
    /// was to name it was not written.
    pub fn take_back(&self, rel: &str) {
        if !self.practice.writes.dry_run() {
            let _ = std::fs::remove_file(self.practice.root.join(rel));
        }
    }

    /// One of the folder's records opened for an edit through the
    /// comment-keeping editor. (The gate has already refused a folder with a
    /// file it cannot read, so the record is there and parses.)
    pub fn document(&self, rel: &str, what: &'static str) -> Result<Document> {
        let Some(text) = self.before.text_of(rel) else {
            return Err(Error::NotFound {
                what,
                id: rel.to_string(),
                hint: "`mmx check` shows the records it can read".into(),
            });
        };
        let order = folder::record_fields(rel).map(fields::names);
        Document::parse(text)
            .map(|mut doc| {
                doc.keep_order(order.unwrap_or_default());
                doc
            })
            .map_err(|m| {
            Error::Records(format!(
                "{rel} cannot be edited until its TOML is fixed: {}\n  hint: `mmx check` shows where",
                m.trim()
            ))
        })
    }

    /// Writes an edited record if the gate admits it (see [`Pending::admit`]).
    pub fn write_edit(
        &self,
        rel: &str,
        text: &str,
        flags: Option<FlagOf<'_>>,
    ) -> Result<Vec<Diagnostic>> {
        let shown = self.admit(&[(rel, text)], flags)?;
        self.replace(rel, text)?;
        Ok(shown)
    }

    /// Replaces an existing record that [`Pending::admit`] let through.
    pub fn replace(&self, rel: &str, text: &str) -> Result<()> {
        if let Writes::Shown(sink) = &self.practice.writes {
            return show_unwritten(sink, rel, text);
        }
        store::replace(&self.practice.root.join(rel), text.as_bytes())
    }
}

/// `--dry-run`: the file a write would make, whole, on the sink (before
/// what the command prints), and nothing written. Only what the gate
/// admitted gets here: a refused change is refused as without it.
fn show_unwritten(sink: &Mutex<Box<dyn Write + Send>>, rel: &str, text: &str) -> Result<()> {
    let mut out = sink.lock().unwrap_or_else(PoisonError::into_inner);
    let shown = text::clean(text);
    write!(
        out,
        "# {} (not written: --dry-run)\n{shown}{}",
        text::clean_line(rel),
        if shown.ends_with('\n') { "" } else { "\n" }
    )
    .map_err(io_err)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;
    use std::os::unix::fs::PermissionsExt;
    use std::path::{Path, PathBuf};

    const ID: &str = "ana-lima-1980";
    const RX: &str = "2026-11-02-a7k2mp";
    const FIRST: &str = "patients/ana-lima-1980/sessions/2026-11-03-b8k3nq.toml";

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    /// A session on the prescription: lumbar, swedish, 50 minutes, on `date`.
    fn session(id: &str, date: &str, regions: &str) -> String {
        format!(
            "id = \"{id}\"\npatient = \"{ID}\"\nprescription = \"{RX}\"\ndate = {date}\n\
             minutes = 50\nregions = [{regions}]\ntechniques = [\"swedish\"]\n"
        )
    }

    fn session_rel(id: &str) -> String {
        format!("patients/{ID}/sessions/{id}.toml")
    }

    /// A practice with one patient, a prescription of `visits` visits for
    /// the lumbar region, and one visit on it; records 0600, folders 0700.
    fn practice(visits: u32) -> (tempfile::TempDir, Practice) {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        let put = |rel: &str, text: &str| {
            let path = root.join(rel);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, text).unwrap();
        };
        put("mmx.toml", "[practice]\nname = \"Harbor Street\"\n");
        put(
            &format!("patients/{ID}/patient.toml"),
            // Screened at intake: the screening's warning is no part of these tests.
            &format!(
                "id = \"{ID}\"\nname = \"Ana Lima\"\n\n[[screenings]]\ndate = 2026-11-02\nflags = [\"none\"]\n"
            ),
        );
        put(
            &format!("patients/{ID}/prescriptions/{RX}.toml"),
            &format!(
                "id = \"{RX}\"\npatient = \"{ID}\"\nissued = 2026-11-02\nexpires = 2027-02-01\n\
                 visits = {visits}\nregions = [\"lumbar\"]\ntechniques = [\"swedish\"]\n\
                 [prescriber]\nname = \"Dr. Ada Vance\"\n"
            ),
        );
        put(
            FIRST,
            &session("2026-11-03-b8k3nq", "2026-11-03", "\"lumbar\""),
        );
        for path in walk(root) {
            let mode = if path.is_dir() { 0o700 } else { 0o600 };
            fs::set_permissions(&path, fs::Permissions::from_mode(mode)).unwrap();
        }
        let practice = Practice::open(root.to_path_buf()).unwrap();
        (tmp, practice)
    }

    fn walk(dir: &Path) -> Vec<PathBuf> {
        let mut all = vec![dir.to_path_buf()];
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                all.extend(walk(&path));
            } else {
                all.push(path);
            }
        }
        all.sort();
        all
    }

    /// Every file of the practice with its bytes.
    fn snapshot(root: &Path) -> Vec<(PathBuf, Vec<u8>)> {
        walk(root)
            .into_iter()
            .filter(|p| p.is_file())
            .map(|p| {
                let bytes = fs::read(&p).unwrap();
                (p, bytes)
            })
            .collect()
    }

    fn codes(d: &[Diagnostic]) -> Vec<Code> {
        d.iter().map(|d| d.code).collect()
    }

    #[test]
    fn a_change_that_adds_an_error_is_refused_and_writes_nothing() {
        let (tmp, practice) = practice(3);
        let pending = Pending::open(&practice, today(), ID).unwrap();
        let before = snapshot(tmp.path());
        // A new visit to a region not prescribed.
        let new = session_rel("2026-11-10-c4d5e6");
        let text = session("2026-11-10-c4d5e6", "2026-11-10", "\"right-knee\"");
        match pending.admit(&[(&new, &text)], None) {
            Err(Error::Refused { diagnostics }) => {
                assert!(
                    codes(&diagnostics).contains(&Code::RegionNotPrescribed),
                    "{diagnostics:?}"
                );
                assert!(diagnostics.iter().all(|d| d.file == new), "{diagnostics:?}");
            }
            other => panic!("admitted: {other:?}"),
        }
        // The same in an edit of the visit there: refused, and the file
        // (and every other) as it was.
        let edited = session("2026-11-03-b8k3nq", "2026-11-03", "\"right-knee\"");
        let refused = pending.write_edit(FIRST, &edited, None);
        assert!(matches!(refused, Err(Error::Refused { .. })), "{refused:?}");
        assert_eq!(snapshot(tmp.path()), before);
    }

    #[test]
    fn a_change_that_adds_only_a_warning_is_admitted_with_it() {
        let (tmp, practice) = practice(3);
        let mut pending = Pending::open(&practice, today(), ID).unwrap();
        // A second visit on the day of the first: a warning.
        let new = session_rel("2026-11-03-c4d5e6");
        let text = session("2026-11-03-c4d5e6", "2026-11-03", "\"lumbar\"");
        let warnings = pending.admit(&[(&new, &text)], None).unwrap();
        assert_eq!(codes(&warnings), [Code::SameDayVisit], "{warnings:?}");
        pending.create(&new, &text).unwrap();
        assert_eq!(fs::read_to_string(tmp.path().join(&new)).unwrap(), text);
        // An edit that moves the first visit past today: a warning too.
        let edited = session("2026-11-03-b8k3nq", "2026-12-01", "\"lumbar\"");
        let warnings = pending.write_edit(FIRST, &edited, None).unwrap();
        assert_eq!(codes(&warnings), [Code::FutureSession], "{warnings:?}");
        assert_eq!(fs::read_to_string(tmp.path().join(FIRST)).unwrap(), edited);
    }

    #[test]
    fn only_the_errors_a_change_adds_refuse_it() {
        // One visit prescribed and two taken: the folder has an error already.
        let (tmp, practice) = practice(1);
        let second = session_rel("2026-11-04-c4d5e6");
        fs::write(
            tmp.path().join(&second),
            session("2026-11-04-c4d5e6", "2026-11-04", "\"lumbar\""),
        )
        .unwrap();
        fs::set_permissions(tmp.path().join(&second), fs::Permissions::from_mode(0o600)).unwrap();
        let pending = Pending::open(&practice, today(), ID).unwrap();
        assert!(codes(&pending.before.findings).contains(&Code::VisitsExceeded));
        // A change to the patient's record adds none: admitted.
        let patient = format!("patients/{ID}/patient.toml");
        let text = format!("id = \"{ID}\"\nname = \"Ana Lima\"\nphone = \"555-0142\"\n");
        let warnings = pending.admit(&[(&patient, &text)], None).unwrap();
        assert!(warnings.is_empty(), "{warnings:?}");
        // A third visit adds one of its own: refused.
        let third = session_rel("2026-11-05-d6e7f8");
        let visit = session("2026-11-05-d6e7f8", "2026-11-05", "\"lumbar\"");
        match pending.admit(&[(&third, &visit)], None) {
            Err(Error::Refused { diagnostics }) => assert!(
                diagnostics
                    .iter()
                    .any(|d| d.code == Code::VisitsExceeded && d.file == third),
                "{diagnostics:?}"
            ),
            other => panic!("admitted: {other:?}"),
        }
    }

    #[test]
    fn a_folder_with_a_record_the_gate_cannot_read_takes_no_write() {
        let (tmp, practice) = practice(3);
        let broken = tmp.path().join(session_rel("2026-11-04-c4d5e6"));
        fs::write(&broken, "id = \"2026-11-04-c4d5e6\"\ndate = \n").unwrap();
        fs::set_permissions(&broken, fs::Permissions::from_mode(0o600)).unwrap();
        match Pending::open(&practice, today(), ID) {
            Err(Error::Blocked { diagnostics }) => {
                assert_eq!(codes(&diagnostics), [Code::TomlSyntax], "{diagnostics:?}")
            }
            Err(e) => panic!("{e:?}"),
            Ok(_) => panic!("opened for a write"),
        }
    }
}
