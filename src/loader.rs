//! Finds the practice root and reads the practice folder into records.
//! A patient's folder is the unit of loading: `session add` reads only its
//! patient's folder; `check` reads them all.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::diag::{Code, Diagnostic};
use crate::error::{Error, Result};
use crate::model::{Patient, Prescription, Session, Settings};
use crate::parse::{self, Loaded, is_slug};
use crate::vocab::Vocabulary;

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
}

impl Practice {
    pub fn open(root: PathBuf) -> Result<Practice> {
        let path = root.join(SETTINGS_FILE);
        let text = read_text(&path)?;
        let (settings, diags) = parse::settings(SETTINGS_FILE, &text);
        let vocab = Vocabulary::new(
            settings.vocabulary.regions.clone(),
            settings.vocabulary.techniques.clone(),
        );
        Ok(Practice {
            root,
            settings,
            vocab,
            diags,
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

    /// The ids of every patient folder, sorted.
    pub fn patient_ids(&self) -> Result<Vec<String>> {
        let dir = self.root.join(PATIENTS_DIR);
        let entries = match fs::read_dir(&dir) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(Error::io(dir, e)),
        };
        let mut ids = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|e| Error::io(&dir, e))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if !name.starts_with('.') && entry.file_type().is_ok_and(|t| t.is_dir()) {
                ids.push(name);
            }
        }
        ids.sort();
        Ok(ids)
    }

    /// Reads one patient's folder. A missing folder is `NotFound`.
    pub fn load_patient(&self, id: &str) -> Result<PatientFolder> {
        if !is_slug(id) {
            return Err(Error::Usage(format!(
                "`{id}` is not a patient id: {}",
                parse::SLUG_RULE
            )));
        }
        let dir = self.patient_dir(id);
        if !dir.is_dir() {
            return Err(Error::NotFound {
                what: "patient",
                id: id.to_string(),
                hint: "`mmx patient list` shows the patients".into(),
            });
        }
        self.read_patient_dir(id, &dir, &mut FileBuf::default())
    }

    /// Reads every patient folder, in parallel across the cores, and hands each
    /// to `f` as soon as it is read, so only the folders being worked on are in
    /// memory. The results are in patient-id order whatever the thread count.
    pub fn map_patients<T: Send>(&self, f: impl Fn(PatientFolder) -> T + Sync) -> Result<Vec<T>> {
        let ids = self.patient_ids()?;
        let results: Vec<Result<T>> = ids
            .par_iter()
            .map_init(FileBuf::default, |buf, id| {
                self.read_patient_dir(id, &self.patient_dir(id), buf)
                    .map(&f)
            })
            .collect();
        // The first error in patient order, so a failure reads the same every run.
        results.into_iter().collect()
    }

    /// `.toml` files that are not where records live: loose in patients/ or
    /// anywhere outside it. (Strays inside a patient's folder are reported
    /// with that folder.)
    pub fn stray_files(&self) -> Vec<Diagnostic> {
        let mut stray = Vec::new();
        if let Ok(entries) = fs::read_dir(self.root.join(PATIENTS_DIR)) {
            let mut files: Vec<PathBuf> = entries
                .flatten()
                .filter(|e| {
                    e.file_type().is_ok_and(|t| t.is_file())
                        && !e.file_name().to_string_lossy().starts_with('.')
                })
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "toml"))
                .collect();
            files.sort();
            stray.extend(
                files
                    .iter()
                    .map(|p| stray_file(&self.rel(p), "not inside a patient's folder")),
            );
        }
        let walker = WalkDir::new(&self.root)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| {
                let name = e.file_name().to_string_lossy();
                e.depth() == 0
                    || !(name.starts_with('.') || (e.depth() == 1 && name == PATIENTS_DIR))
            });
        for entry in walker.flatten() {
            let rel = self.rel(entry.path());
            if entry.file_type().is_file() && rel.ends_with(".toml") && rel != SETTINGS_FILE {
                stray.push(stray_file(&rel, "outside patients/"));
            }
        }
        stray
    }

    fn read_patient_dir(&self, id: &str, dir: &Path, buf: &mut FileBuf) -> Result<PatientFolder> {
        let mut folder = PatientFolder {
            id: id.to_string(),
            ..Default::default()
        };
        let mut has_patient_file = false;
        for found in files_below(dir)? {
            if !found.file_type.is_file() {
                continue;
            }
            let path = found.path.as_path();
            let Some(stem) = found.name.strip_suffix(".toml") else {
                continue;
            };
            let name = found.name.as_str();
            let rel = format!("{PATIENTS_DIR}/{id}/{}", found.rel);
            let (depth, parent) = (found.depth, found.parent.as_str());
            let kind = match (depth, parent, name) {
                (1, _, "patient.toml") => Kind::Patient,
                (2, "prescriptions", _) => Kind::Prescription,
                (2, "sessions", _) => Kind::Session,
                _ => {
                    folder.diags.push(stray_file(
                        &rel,
                        "not a patient, prescription or session record",
                    ));
                    continue;
                }
            };
            let bytes = buf.read(path).map_err(|e| Error::io(path, e))?;
            let text = match std::str::from_utf8(bytes) {
                Ok(t) => t,
                Err(e) => {
                    folder.diags.push(not_utf8(&rel, e.valid_up_to()));
                    continue;
                }
            };
            match kind {
                Kind::Patient => {
                    let p = parse::patient(&rel, text, id);
                    folder.diags.extend(p.diags);
                    folder.patient = p.record;
                    has_patient_file = true;
                }
                Kind::Prescription => {
                    let p = parse::prescription(&rel, text, id, stem, &self.vocab);
                    folder.diags.extend(p.diags);
                    folder.prescriptions.extend(p.record);
                }
                Kind::Session => {
                    let p = parse::session(&rel, text, id, stem, &self.vocab);
                    folder.diags.extend(p.diags);
                    folder.sessions.extend(p.record);
                }
            }
        }
        if !has_patient_file {
            folder.diags.push(
                Diagnostic::new(Code::MissingRecord, format!("{PATIENTS_DIR}/{id}/patient.toml"), None, format!("patient folder `{id}` has no patient.toml"))
                    .hint(format!("create it with `mmx patient add --id {id} --name NAME`, or move the folder out of patients/")),
            );
        }
        Ok(folder)
    }
}

enum Kind {
    Patient,
    Prescription,
    Session,
}

fn stray_file(rel: &str, why: &str) -> Diagnostic {
    Diagnostic::new(Code::StrayFile, rel, Some(0..0), format!("`{rel}` is {why}, so mmx ignores it"))
        .hint("records live at patients/ID/patient.toml, patients/ID/prescriptions/RX.toml and patients/ID/sessions/SESSION.toml")
}

fn not_utf8(rel: &str, offset: usize) -> Diagnostic {
    Diagnostic::new(
        Code::TomlSyntax,
        rel,
        Some(offset..offset + 1),
        "the file is not valid UTF-8 text",
    )
    .hint("save the file as UTF-8")
}

/// One entry of a patient's folder: a file, link or other non-folder.
struct Found {
    path: PathBuf,
    /// Path below the patient's folder, `/`-separated.
    rel: String,
    name: String,
    /// 1 for the folder's own entries, 2 for those of its subfolders, ...
    depth: usize,
    /// The name of the folder holding it ("" at depth 1).
    parent: String,
    file_type: fs::FileType,
}

/// Everything below `dir` but folders, depth first and sorted by name at each
/// level; names starting with `.` (and all below them) are left out, and
/// links are listed, never followed.
fn files_below(dir: &Path) -> Result<Vec<Found>> {
    fn walk(dir: &Path, rel: &str, parent: &str, depth: usize, out: &mut Vec<Found>) -> Result<()> {
        let io = |e| Error::io(dir, e);
        let mut entries = Vec::new();
        for entry in fs::read_dir(dir).map_err(io)? {
            let entry = entry.map_err(io)?;
            let name = match entry.file_name().into_string() {
                Ok(name) => name,
                Err(raw) => raw.to_string_lossy().into_owned(),
            };
            if !name.starts_with('.') {
                entries.push((name, entry));
            }
        }
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        for (name, entry) in entries {
            let file_type = entry.file_type().map_err(io)?;
            let child = if rel.is_empty() {
                name.clone()
            } else {
                format!("{rel}/{name}")
            };
            if file_type.is_dir() {
                walk(&entry.path(), &child, &name, depth + 1, out)?;
            } else {
                out.push(Found {
                    path: entry.path(),
                    rel: child,
                    name,
                    depth,
                    parent: parent.to_string(),
                    file_type,
                });
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    walk(dir, "", "", 1, &mut out)?;
    Ok(out)
}

/// A read buffer reused from file to file (one per thread): reading a record
/// then costs no allocation and no `stat`, just open, read and close.
#[derive(Default)]
pub struct FileBuf(Vec<u8>);

impl FileBuf {
    /// The whole contents of the file at `path`.
    pub fn read(&mut self, path: &Path) -> std::io::Result<&[u8]> {
        let mut file = fs::File::open(path)?;
        if self.0.is_empty() {
            self.0.resize(64 * 1024, 0);
        }
        let mut len = 0;
        loop {
            if len == self.0.len() {
                self.0.resize(len * 2, 0);
            }
            match file.read(&mut self.0[len..]) {
                Ok(0) => break,
                Ok(n) => len += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(&self.0[..len])
    }
}

/// Reads a file as UTF-8; invalid UTF-8 is an `InvalidData` I/O error.
pub fn read_text(path: &Path) -> Result<String> {
    fs::read_to_string(path).map_err(|e| Error::io(path, e))
}

/// The source text of a file for diagnostics, however broken its bytes are.
pub fn source_of(root: &Path, rel: &str) -> Option<String> {
    fs::read(root.join(rel))
        .ok()
        .map(|b| String::from_utf8_lossy(&b).into_owned())
}

/// One patient's records as read from disk, with the problems found in them.
#[derive(Debug, Default)]
pub struct PatientFolder {
    pub id: String,
    pub patient: Option<Loaded<Patient>>,
    pub prescriptions: Vec<Loaded<Prescription>>,
    pub sessions: Vec<Loaded<Session>>,
    pub diags: Vec<Diagnostic>,
}

impl PatientFolder {
    pub fn prescription(&self, id: &str) -> Option<&Loaded<Prescription>> {
        self.prescriptions.iter().find(|r| r.rec.id == id)
    }

    /// Completed sessions per prescription id.
    pub fn visits_used(&self, rx: &str) -> usize {
        self.sessions
            .iter()
            .filter(|s| s.rec.prescription == rx && s.rec.completed())
            .count()
    }
}
