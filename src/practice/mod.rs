//! The practice on disk: its root and settings, the `Tree` it is read
//! through (the folder here, or a tree in git: see `crate::git`), a patient's
//! folder read into bytes (read.rs), the findings about files themselves
//! (lint.rs), lookups with suggestions (lookup.rs), atomic writes and locks
//! (store.rs), ids (ids.rs) and the SHA-256 of a kept order (digest.rs).
//! A patient's folder is the unit of loading: `session add` reads only its
//! patient's folder; `check` reads them all.

pub mod author;
pub mod digest;
pub mod documents;
pub mod folder;
pub mod ids;
pub mod lint;
mod lookup;
pub mod read;
pub mod store;
pub mod tree;

use crate::model::RecordKind;
use crate::records;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use crate::diag::{self, Diagnostic};
use crate::error::{Error, Result};
use crate::model::{Patient, Settings};
use crate::practice::lint::not_utf8;
use crate::practice::lint::practice_findings;
use crate::practice::lint::symlink;
use crate::practice::lint::too_large;
use crate::practice::lint::unreadable;
use crate::practice::read::FolderFiles;
use crate::practice::read::Record;
use crate::practice::read::read_patient;
use crate::practice::read::read_record;
use crate::practice::tree::Disk;
use crate::practice::tree::PatientsListing;
use crate::practice::tree::map_patients;
use crate::values::is_slug;
use crate::vocab::Vocabulary;
use crate::zone::{Clock, Zone};

/// The environment variable that names the practice folder, and the one
/// that fixes the day (read by the command line; set aside by the hooks).
pub const DIR_VAR: &str = "MMX_DIR";
pub const TODAY_VAR: &str = "MMX_TODAY";

pub const SETTINGS_FILE: &str = "mmx.toml";
pub const PATIENTS_DIR: &str = "patients";

/// Finds the practice root: `--dir`/`MMX_DIR` if given (which must hold
/// `mmx.toml`), else the first folder from `cwd` upwards that holds one.
pub fn find_root(explicit: Option<&Path>, cwd: &Path) -> Result<PathBuf> {
    if let Some(dir) = explicit {
        if dir.join(SETTINGS_FILE).is_file() {
            return Ok(dir.to_path_buf());
        }
        return Err(Error::NotAPractice {
            dir: dir.to_path_buf(),
        });
    }
    cwd.ancestors()
        .find(|d| d.join(SETTINGS_FILE).is_file())
        .map(Path::to_path_buf)
        .ok_or_else(|| Error::NoPractice {
            from: cwd.to_path_buf(),
        })
}

/// The practice's settings and vocabulary, with any problems in `mmx.toml`.
pub struct Practice {
    pub root: PathBuf,
    pub settings: Settings,
    pub vocab: Vocabulary,
    pub diags: Vec<Diagnostic>,
    /// The practice's own clock, when mmx.toml names its zone and this
    /// computer's zoneinfo database holds it: session times are judged on
    /// it (never on the clock of whichever computer checks).
    pub clock: Option<Clock>,
    /// How long a write waits for another mmx's lock on a patient's folder
    /// (the command line reads it from `MMX_LOCK_TIMEOUT`).
    pub lock_wait: Duration,
    /// What a write does with a record the gate admitted.
    pub writes: Writes,
    /// Where the line saying a write waits for another mmx's lock goes: it
    /// must show while mmx waits (the command line sends it to stderr).
    pub on_wait: fn(&str),
}

/// What a write does with a record the gate admitted: make the file, or
/// (`--dry-run`) show it whole on the sink the command line gave, and write
/// nothing at all (not even a lock file).
pub enum Writes {
    Files,
    Shown(Mutex<Box<dyn Write + Send>>),
}

impl Writes {
    pub fn dry_run(&self) -> bool {
        matches!(self, Writes::Shown(_))
    }
}

impl Practice {
    pub fn open(root: PathBuf) -> Result<Practice> {
        let patients = root.join(PATIENTS_DIR);
        if fs::symlink_metadata(&patients).is_ok_and(|m| m.file_type().is_symlink()) {
            return Err(patients_is_a_link(&patients.display().to_string()));
        }
        let path = root.join(SETTINGS_FILE);
        let bytes = fs::read(&path).map_err(|e| Error::io(&path, e))?;
        Practice::with_settings(root, &bytes)
    }

    /// The practice at `root` with the settings `bytes` (mmx.toml as read
    /// from disk or from a tree in git).
    pub fn with_settings(root: PathBuf, bytes: &[u8]) -> Result<Practice> {
        let (settings, mut diags) = match std::str::from_utf8(bytes) {
            Ok(text) => {
                let (settings, mut diags) = records::settings(SETTINGS_FILE, text);
                diag::locate_all(&mut diags, |_| Some(text.to_string()));
                (settings, diags)
            }
            Err(e) => (
                Settings::default(),
                vec![not_utf8(SETTINGS_FILE, e.valid_up_to())],
            ),
        };
        // Every command reads its rules and vocabulary from mmx.toml: with an
        // error in it, none may run on defaults instead.
        if diags.iter().any(|d| d.severity == diag::Severity::Error) {
            if let Err(e) = std::str::from_utf8(bytes) {
                let line = bytes[..e.valid_up_to()]
                    .iter()
                    .filter(|b| **b == b'\n')
                    .count()
                    + 1;
                diags.iter_mut().for_each(|d| d.line = line);
            }
            diag::sort(&mut diags);
            return Err(Error::Settings { diagnostics: diags });
        }
        let vocab = Vocabulary::new(
            settings.vocabulary.regions.clone(),
            settings.vocabulary.techniques.clone(),
        )
        .with_measures(settings.vocabulary.measures.clone());
        let clock = settings
            .practice
            .time_zone
            .as_deref()
            .and_then(|name| Zone::named(name).ok())
            .map(Clock::Practice);
        Ok(Practice {
            root,
            settings,
            vocab,
            diags,
            clock,
            lock_wait: store::DEFAULT_LOCK_WAIT,
            writes: Writes::Files,
            on_wait: |_| {},
        })
    }

    pub fn patient_dir(&self, id: &str) -> PathBuf {
        self.root.join(PATIENTS_DIR).join(id)
    }

    /// Path relative to the root, `/`-separated, as diagnostics show it.
    pub fn rel(&self, path: &Path) -> String {
        let rel = path.strip_prefix(&self.root).unwrap_or(path);
        rel.components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/")
    }

    /// The practice folder on disk, as the loader's [`Tree`].
    pub fn disk(&self) -> Disk<'_> {
        Disk { root: &self.root }
    }

    /// The ids of every patient folder, sorted.
    pub fn patient_ids(&self) -> Result<Vec<String>> {
        Ok(self.listing()?.ids)
    }

    fn listing(&self) -> Result<PatientsListing> {
        PatientsListing::of(&self.disk()).map_err(|e| Error::io(self.root.join(PATIENTS_DIR), e))
    }

    /// Reads one existing patient's folder from disk. A missing folder is
    /// `NotFound`; a file that cannot be read is a finding in the result.
    pub fn read_folder(&self, id: &str) -> Result<FolderFiles> {
        let dir = self.existing_patient_dir(id)?;
        Ok(read_patient(&self.disk(), id, &dir, &[]))
    }

    /// [`Practice::read_folder`] for a write: also a copy of the whole folder
    /// beside it (`patients/ID (1)`), whose visits the write could not count.
    /// That takes listing every patient folder, which a read of one patient
    /// does not pay (`check` lists them once for all).
    pub fn read_folder_for_write(&self, id: &str) -> Result<FolderFiles> {
        let dir = self.existing_patient_dir(id)?;
        let copies = PatientsListing::copies_of(&self.disk(), id)
            .map_err(|e| Error::io(self.root.join(PATIENTS_DIR), e))?;
        Ok(read_patient(&self.disk(), id, &dir, &copies))
    }

    /// The files of a patient folder that may not exist yet (a new patient):
    /// none, if it does not.
    pub fn read_folder_or_none(&self, id: &str) -> Result<FolderFiles> {
        match self.read_folder_for_write(id) {
            Err(Error::NotFound { .. }) => Ok(FolderFiles {
                id: id.to_string(),
                files: Vec::new(),
                found: Vec::new(),
                exists: false,
            }),
            other => other,
        }
    }

    /// Locks one patient's folder for a write (see [`store::lock_folder`]).
    pub fn lock_patient(&self, id: &str) -> Result<store::FolderLock> {
        self.lock_folder(&self.existing_patient_dir(id)?)
    }

    /// Locks a patient's folder, new or existing, waiting up to `lock_wait`
    /// for another mmx, and saying so through `on_wait`: every command that
    /// writes reaches the lock through here.
    pub fn lock_folder(&self, dir: &Path) -> Result<store::FolderLock> {
        let on_wait = self.on_wait;
        store::lock_folder(dir, self.lock_wait, &mut |line| on_wait(line))
    }

    /// The folder of an existing patient. The id is checked to be a slug before
    /// it touches a path; a link in its place is refused, never followed.
    fn existing_patient_dir(&self, id: &str) -> Result<PathBuf> {
        if !is_slug(id) {
            // A name, most likely (`"Rosa Delgado"`): said by the patients
            // it may be, never used as a path.
            return Err(self.no_patient(id));
        }
        let dir = self.patient_dir(id);
        let meta = fs::symlink_metadata(&dir);
        if meta.as_ref().is_ok_and(|m| m.file_type().is_symlink()) {
            return Err(Error::Usage(format!(
                "{} is a symbolic link; mmx does not follow links inside the practice",
                self.rel(&dir)
            )));
        }
        if !meta.is_ok_and(|m| m.is_dir()) {
            return Err(self.no_patient(id));
        }
        Ok(dir)
    }

    /// Reads every patient folder on disk (see [`map_patients`]).
    pub fn map_folders<T: Send>(&self, f: impl Fn(FolderFiles) -> T + Sync) -> Result<Vec<T>> {
        map_patients(&self.disk(), None, f).map_err(|e| Error::io(self.root.join(PATIENTS_DIR), e))
    }

    /// The findings about the practice folder itself (see [`practice_findings`]).
    pub fn stray_files(&self) -> Vec<Diagnostic> {
        practice_findings(&self.disk())
    }

    /// A patient's own record alone (for listings and completion, which need
    /// no sessions): the record if it reads, else the finding that says why.
    pub fn read_patient_record(&self, id: &str) -> std::result::Result<Patient, Vec<Diagnostic>> {
        let path = self.patient_dir(id).join("patient.toml");
        let rel = self.rel(&path);
        let bytes = match fs::symlink_metadata(&path) {
            Ok(m) if m.file_type().is_symlink() => return Err(vec![symlink(&rel)]),
            Ok(m) if !m.is_file() => {
                let e = std::io::Error::other("it is not a regular file");
                return Err(vec![unreadable(&rel, &e, false)]);
            }
            _ => match read_record(&path) {
                Ok(Record::Read { bytes, .. }) => bytes,
                Ok(Record::TooLarge(len)) => return Err(vec![too_large(&rel, len)]),
                Err(e) => return Err(vec![unreadable(&rel, &e, false)]),
            },
        };
        let Ok(text) = std::str::from_utf8(&bytes) else {
            return Err(vec![not_utf8(&rel, 0)]);
        };
        let parsed = records::patient(&rel, text, id, &self.vocab);
        parsed.record.map(|r| r.rec).ok_or(parsed.diags)
    }
}

/// The listing that shows records of a kind (recorded reports have none:
/// `mmx check` reads them).
pub(crate) fn listing(kind: RecordKind) -> &'static str {
    match kind {
        RecordKind::Prescription => "rx list",
        RecordKind::Session => "session list",
        RecordKind::Report => "check",
    }
}

/// Where a patient's own record is: `patients/PATIENT/patient.toml`.
pub fn patient_rel(patient: &str) -> String {
    format!("{PATIENTS_DIR}/{patient}/patient.toml")
}

/// The one layout of a record's path in the practice:
/// `patients/PATIENT/sessions/ID.toml` and the like.
pub fn record_rel(kind: RecordKind, patient: &str, id: &str) -> String {
    format!("{PATIENTS_DIR}/{patient}/{}/{id}.toml", kind.folder())
}

/// A linked patients/ folder stops every command: the records it points to
/// are outside the practice.
pub fn patients_is_a_link(shown: &str) -> Error {
    Error::Usage(format!(
        "{shown} is a symbolic link; mmx does not follow links inside the practice: move the folder it points to into its place"
    ))
}
