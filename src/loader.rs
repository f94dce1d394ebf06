//! Finds the practice root and reads the practice folder into records.
//! A patient's folder is the unit of loading: `session add` reads only its
//! patient's folder; `check` reads them all.

use crate::model::fields;
use crate::records;
use crate::values;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rayon::prelude::*;

use crate::diag::{self, Code, Diagnostic};
use crate::error::{Error, Result};
use crate::model::Loaded;
use crate::model::{Patient, Prescription, Session, Settings};
use crate::store;
use crate::values::is_slug;
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
    /// How long a write waits for another mmx's lock on a patient's folder
    /// (`MMX_LOCK_TIMEOUT`, read by [`crate::config`]).
    pub lock_wait: Duration,
    /// `--dry-run`: writes show what they would write, and write nothing.
    pub dry_run: bool,
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
        Ok(Practice {
            root,
            settings,
            vocab,
            diags,
            lock_wait: store::DEFAULT_LOCK_WAIT,
            dry_run: false,
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
    /// for another mmx. The line saying it waits goes straight to stderr,
    /// the one message printed below the commands: it must show while mmx
    /// waits, and every command that writes reaches it through here.
    pub fn lock_folder(&self, dir: &Path) -> Result<store::FolderLock> {
        store::lock_folder(dir, self.lock_wait, &mut |line| eprintln!("{line}"))
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

    /// No patient `given`: with the ids it may have meant, by id (a prefix,
    /// a part, a typo) or by name (`tom`, `Rosa Delgado`).
    fn no_patient(&self, given: &str) -> Error {
        let key = store::slug(given);
        let ids = self.patient_ids().unwrap_or_default();
        let mut meant: Vec<String> = Vec::new();
        if !key.is_empty() {
            let words: Vec<&str> = key.split('-').collect();
            for id in &ids {
                let name = self
                    .read_patient_record(id)
                    .map(|p| store::slug(&p.name))
                    .unwrap_or_default();
                let by_id = id.starts_with(&format!("{key}-")) || id.contains(&key);
                let name_words: Vec<&str> = name.split('-').collect();
                let by_name = words.iter().all(|w| name_words.contains(w));
                if by_id || by_name {
                    meant.push(id.clone());
                }
            }
            if meant.is_empty()
                && let Some(close) = crate::text::closest(&key, ids.iter().map(String::as_str))
            {
                meant.push(close);
            }
        }
        const SHOWN: usize = 6;
        let hint = match meant.as_slice() {
            [] => "`mmx patient list` shows the patients".to_string(),
            [one] => format!("did you mean `{one}`?"),
            many => {
                let more = many.len().saturating_sub(SHOWN);
                let listed: Vec<String> =
                    many.iter().take(SHOWN).map(|m| format!("`{m}`")).collect();
                format!(
                    "it may be {}{}: give the whole id",
                    listed.join(", "),
                    if more > 0 {
                        format!(" and {more} more (`mmx patient list`)")
                    } else {
                        String::new()
                    }
                )
            }
        };
        Error::NotFound {
            what: "patient",
            // Quoted only when it is the shape of an id (not a person's name).
            id: diag::shown(given).unwrap_or_default().to_string(),
            hint,
        }
    }

    /// The patient and id of a record named as `ID` or `PATIENT/ID`: the
    /// patient whose folder has the file (read or not: an edit of a broken
    /// one is refused by the gate, naming the file). `ID` alone must be one
    /// patient's.
    pub fn locate_record(&self, kind: Records, given: &str) -> Result<(String, String)> {
        let (folder, what, list) = kind.words();
        let (patient, id) = match given.split_once('/') {
            Some((p, r)) => (Some(p), r),
            None => (None, given),
        };
        if !patient.is_none_or(is_slug) || !is_slug(id) {
            return Err(Error::Usage(format!(
                "{} is not a {what} id ({} or PATIENT/{}, each {})",
                diag::quoted(given, "the value given"),
                what.to_uppercase(),
                what.to_uppercase(),
                values::SLUG_RULE
            )));
        }
        let ids = match patient {
            Some(p) => {
                self.existing_patient_dir(p)?;
                vec![p.to_string()]
            }
            None => self.patient_ids()?,
        };
        let hits: Vec<String> = ids
            .into_iter()
            .filter(|p| {
                fs::symlink_metadata(self.patient_dir(p).join(folder).join(format!("{id}.toml")))
                    .is_ok()
            })
            .collect();
        match hits.as_slice() {
            [one] => Ok((one.clone(), id.to_string())),
            [] => Err(Error::NotFound {
                what,
                id: given.to_string(),
                hint: match patient {
                    Some(p) => format!("`mmx {list} --patient {p}` shows them"),
                    None => format!("`mmx {list}` shows them"),
                },
            }),
            several => Err(Error::Usage(format!(
                "{what} id `{id}` is used by several patients ({}); write PATIENT/{id}",
                several.join(", ")
            ))),
        }
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

/// The records a patient's folder keeps one file each of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Records {
    Prescriptions,
    Sessions,
}

impl Records {
    /// Its folder, what one is called, and the listing that shows them.
    fn words(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Records::Prescriptions => ("prescriptions", "prescription", "rx list"),
            Records::Sessions => ("sessions", "session", "session list"),
        }
    }
}

/// A linked patients/ folder stops every command: the records it points to
/// are outside the practice.
pub fn patients_is_a_link(shown: &str) -> Error {
    Error::Usage(format!(
        "{shown} is a symbolic link; mmx does not follow links inside the practice: move the folder it points to into its place"
    ))
}

/// What a folder listing says an entry is, without following a link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    File,
    Dir,
    Symlink,
    /// Anything else (a pipe, a device, a git submodule), in words.
    Other(&'static str),
    /// An entry that cannot be read as what it is, and why (a git tree
    /// naming two entries alike).
    Broken(&'static str),
}

/// One entry of a folder listing.
pub struct Entry<N> {
    pub name: String,
    /// `None` when its type cannot be read.
    pub kind: Option<EntryKind>,
    pub node: N,
}

/// A practice folder the loader reads records from: the folder on disk
/// ([`Disk`]), or a tree in git ([`crate::git::GitTree`]). What is a record,
/// a copy, a stray file or a link is decided once, here, over either.
pub trait Tree: Sync {
    type Node: Send + Sync;
    /// The entry at `rel` (`/`-separated from the practice root; `""` is the
    /// root), not following a link; `None` when nothing is there.
    fn at(&self, rel: &str) -> Option<(EntryKind, Self::Node)>;
    /// A folder's entries, in any order.
    fn list(&self, dir: &Self::Node) -> std::io::Result<Vec<Entry<Self::Node>>>;
    /// The entries whose name `keep` takes (a tree may skip making the
    /// others: a write looks for one patient's copies among thousands).
    fn list_where(
        &self,
        dir: &Self::Node,
        keep: &dyn Fn(&str) -> bool,
    ) -> std::io::Result<Vec<Entry<Self::Node>>> {
        Ok(self
            .list(dir)?
            .into_iter()
            .filter(|e| keep(&e.name))
            .collect())
    }
    /// A record file's bytes, unless it is larger than [`MAX_RECORD_BYTES`].
    fn read(&self, file: &Self::Node) -> std::io::Result<Record>;
    /// Its permission bits, where the tree keeps them (git keeps none).
    fn mode(&self, node: &Self::Node) -> Option<u32>;
    /// How many names a file has: a temp file still linked as its record
    /// means the write was done and only the clean-up was cut short.
    fn links(&self, _file: &Self::Node) -> u64 {
        1
    }
    /// A file's text for locating a finding, however broken its bytes.
    fn text(&self, rel: &str) -> Option<String>;
}

/// The practice folder on disk.
pub struct Disk<'a> {
    pub root: &'a Path,
}

fn disk_kind(kind: &fs::FileType) -> EntryKind {
    if kind.is_symlink() {
        EntryKind::Symlink
    } else if kind.is_dir() {
        EntryKind::Dir
    } else if kind.is_file() {
        EntryKind::File
    } else {
        EntryKind::Other(store::file_kind(kind))
    }
}

impl Tree for Disk<'_> {
    type Node = PathBuf;

    fn at(&self, rel: &str) -> Option<(EntryKind, PathBuf)> {
        let path = if rel.is_empty() {
            self.root.to_path_buf()
        } else {
            self.root.join(rel)
        };
        let meta = fs::symlink_metadata(&path).ok()?;
        Some((disk_kind(&meta.file_type()), path))
    }

    fn list(&self, dir: &PathBuf) -> std::io::Result<Vec<Entry<PathBuf>>> {
        self.list_where(dir, &|_| true)
    }

    fn list_where(
        &self,
        dir: &PathBuf,
        keep: &dyn Fn(&str) -> bool,
    ) -> std::io::Result<Vec<Entry<PathBuf>>> {
        let mut entries = Vec::new();
        for entry in fs::read_dir(dir)? {
            let entry = entry
                .map_err(|_| std::io::Error::other("the folder could not be listed to its end"))?;
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if !keep(&name) {
                continue;
            }
            entries.push(Entry {
                name: name.into_owned(),
                kind: entry.file_type().ok().map(|k| disk_kind(&k)),
                node: entry.path(),
            });
        }
        Ok(entries)
    }

    fn read(&self, file: &PathBuf) -> std::io::Result<Record> {
        read_record(file)
    }

    fn mode(&self, node: &PathBuf) -> Option<u32> {
        fs::symlink_metadata(node).ok().map(|m| file_mode(&m))
    }

    fn links(&self, file: &PathBuf) -> u64 {
        link_count(file)
    }

    fn text(&self, rel: &str) -> Option<String> {
        source_of(self.root, rel)
    }
}

/// What patients/ holds: the patient folders' ids, sorted, and the folders
/// that are copies of one (`ana-lima-1980 (1)`, as a sync tool or a file
/// manager makes them), by the id they copy. A copy is reported with its
/// patient, whose writes it blocks: a visit recorded in it is not counted.
#[derive(Debug, Default)]
pub struct PatientsListing {
    pub ids: Vec<String>,
    pub copies: std::collections::HashMap<String, Vec<String>>,
}

impl PatientsListing {
    pub fn of<T: Tree>(tree: &T) -> std::io::Result<PatientsListing> {
        let mut listing = PatientsListing::default();
        let Some((EntryKind::Dir, dir)) = tree.at(PATIENTS_DIR) else {
            return Ok(listing);
        };
        let entries = tree.list(&dir)?;
        let is_dir = |e: &Entry<T::Node>| e.kind == Some(EntryKind::Dir);
        let ids: std::collections::HashSet<&str> = entries
            .iter()
            .filter(|e| is_dir(e) && is_slug(&e.name))
            .map(|e| e.name.as_str())
            .collect();
        for e in entries.iter().filter(|e| is_dir(e) && !is_slug(&e.name)) {
            if let Some(id) = folder_copy_of(&e.name).filter(|id| ids.contains(id.as_str())) {
                listing.copies.entry(id).or_default().push(e.name.clone());
            }
        }
        listing.copies.values_mut().for_each(|v| v.sort());
        listing.ids = ids.into_iter().map(str::to_string).collect();
        listing.ids.sort();
        Ok(listing)
    }

    /// The copies of one existing patient's folder (for a write to it), by
    /// the same rule, looking only at names that hold its id.
    pub fn copies_of<T: Tree>(tree: &T, id: &str) -> std::io::Result<Vec<String>> {
        let Some((EntryKind::Dir, dir)) = tree.at(PATIENTS_DIR) else {
            return Ok(Vec::new());
        };
        let mut copies: Vec<String> = tree
            .list_where(&dir, &|n| !is_slug(n) && n.to_lowercase().contains(id))?
            .into_iter()
            .filter(|e| {
                e.kind == Some(EntryKind::Dir) && folder_copy_of(&e.name).as_deref() == Some(id)
            })
            .map(|e| e.name)
            .collect();
        copies.sort();
        Ok(copies)
    }
}

/// The patient a path in the practice belongs to (`patients/ID/...`), or
/// whose folder it copies (`patients/ID (1)/...`).
pub fn patient_of(rel: &str) -> Option<String> {
    let name = rel.strip_prefix(PATIENTS_DIR)?.strip_prefix('/')?;
    let (name, _) = name.split_once('/')?;
    if is_slug(name) {
        Some(name.to_string())
    } else {
        folder_copy_of(name).filter(|id| is_slug(id))
    }
}

/// Reads every patient folder of `tree` (or those in `only`), in parallel
/// across the cores, and hands each to `f` as soon as it is read, so only the
/// folders being worked on are in memory. The results are in patient-id
/// order whatever the thread count.
pub fn map_patients<T: Tree, R: Send>(
    tree: &T,
    only: Option<&std::collections::BTreeSet<String>>,
    f: impl Fn(FolderFiles) -> R + Sync,
) -> std::io::Result<Vec<R>> {
    let listing = PatientsListing::of(tree)?;
    let ids: Vec<&String> = listing
        .ids
        .iter()
        .filter(|id| only.is_none_or(|o| o.contains(*id)))
        .collect();
    Ok(ids
        .par_iter()
        .map(|id| {
            let copies = listing.copies.get(*id).map_or(&[][..], Vec::as_slice);
            let read = match tree.at(&format!("{PATIENTS_DIR}/{id}")) {
                Some((EntryKind::Dir, dir)) => read_patient(tree, id, &dir, copies),
                _ => FolderFiles {
                    id: id.to_string(),
                    ..Default::default()
                },
            };
            f(read)
        })
        .collect())
}

/// The record files of patient `id`'s folder `dir`, and the problems found
/// while reading it: links are reported, never followed; a leftover temp
/// file is a stray file; an oversized file is reported unread; each copy of
/// the whole folder (`copies`, names in patients/) is a finding.
pub fn read_patient<T: Tree>(tree: &T, id: &str, dir: &T::Node, copies: &[String]) -> FolderFiles {
    let mut files = Vec::new();
    let rel = format!("{PATIENTS_DIR}/{id}");
    let mut found: Vec<Diagnostic> = dir_permissions(tree, &rel, dir).into_iter().collect();
    read_below(tree, dir, &rel, true, &mut files, &mut found);
    for copy in copies {
        found.push(conflict_copy(&format!("{PATIENTS_DIR}/{copy}"), &rel, true));
    }
    FolderFiles {
        id: id.to_string(),
        files,
        found,
        exists: true,
    }
}

/// `.toml` files that are not where records live (loose in patients/ or
/// anywhere outside it), links, folders in patients/ that are not ids, and
/// copies of mmx.toml: the findings about the practice folder itself,
/// located. (Strays inside a patient's folder are reported with that folder.)
pub fn practice_findings<T: Tree>(tree: &T) -> Vec<Diagnostic> {
    let mut stray = Vec::new();
    if let Some((EntryKind::Dir, patients)) = tree.at(PATIENTS_DIR) {
        stray.extend(dir_permissions(tree, PATIENTS_DIR, &patients));
        let mut entries = tree.list(&patients).unwrap_or_default();
        entries.sort_by(|a, b| a.name.cmp(&b.name));
        let ids: std::collections::HashSet<&str> = entries
            .iter()
            .filter(|e| e.kind == Some(EntryKind::Dir) && is_slug(&e.name))
            .map(|e| e.name.as_str())
            .collect();
        for e in &entries {
            let name = &e.name;
            let rel = format!("{PATIENTS_DIR}/{name}");
            match e.kind {
                None => {}
                // A linked patient folder is a patient whose records are
                // never checked: an error.
                Some(EntryKind::Symlink) => {
                    let mut d = symlink(&rel);
                    d.severity = diag::Severity::Error;
                    stray.push(d);
                }
                // Reported with the patient it copies (see `PatientsListing`).
                Some(EntryKind::Dir)
                    if folder_copy_of(name).is_some_and(|id| ids.contains(id.as_str())) => {}
                Some(EntryKind::Dir) if !name.starts_with('.') && !is_slug(name) => {
                    stray.push(not_an_id(&rel, name));
                }
                Some(EntryKind::File) if !name.starts_with('.') && name.ends_with(".toml") => {
                    stray.push(stray_file(&rel, "not inside a patient's folder"));
                }
                // A pipe, a device, a git submodule where a patient's folder
                // may be: whatever it holds is never checked.
                Some(EntryKind::Other(why) | EntryKind::Broken(why)) if !name.starts_with('.') => {
                    stray.push(unreadable(&rel, &std::io::Error::other(why), true));
                }
                _ => {}
            }
        }
    }
    if let Some((_, root)) = tree.at("") {
        strays_outside_patients(tree, &root, "", &mut stray);
    }
    diag::locate_all(&mut stray, |rel| tree.text(rel));
    stray
}

/// The links and `.toml` files in `dir` (shown as `rel`) and below it, but
/// for patients/ and names starting with `.`; at the root, a copy of
/// mmx.toml.
fn strays_outside_patients<T: Tree>(
    tree: &T,
    dir: &T::Node,
    rel: &str,
    stray: &mut Vec<Diagnostic>,
) {
    let mut entries = tree.list(dir).unwrap_or_default();
    entries.sort_by(|a, b| a.name.cmp(&b.name));
    for e in entries {
        let name = e.name.as_str();
        if name.starts_with('.') || (rel.is_empty() && name == PATIENTS_DIR) {
            continue;
        }
        let path = if rel.is_empty() {
            name.to_string()
        } else {
            format!("{rel}/{name}")
        };
        match e.kind {
            Some(EntryKind::Symlink) => stray.push(symlink(&path)),
            Some(EntryKind::Broken(why)) => {
                stray.push(unreadable(&path, &std::io::Error::other(why), false));
            }
            Some(EntryKind::Dir) => strays_outside_patients(tree, &e.node, &path, stray),
            Some(EntryKind::File)
                if rel.is_empty() && copy_of(name, |_| true).as_deref() == Some(SETTINGS_FILE) =>
            {
                // A copy of the settings may hold the change that was meant.
                stray.push(
                    conflict_copy(&path, SETTINGS_FILE, true)
                        .hint("compare it with mmx.toml, keep what is right in mmx.toml, then delete the copy"),
                );
            }
            Some(EntryKind::File) if path.ends_with(".toml") && path != SETTINGS_FILE => {
                stray.push(stray_file(&path, "outside patients/"));
            }
            _ => {}
        }
    }
}

/// Reads the entries of `dir` (shown as `rel`) and every folder below it,
/// depth first and sorted by name, as [`read_patient`] says.
/// Names starting with `.` are skipped, and all below them, except mmx's temp
/// files and, in the patient's folder itself (`top`), a lock file that is not
/// a regular file. A file or folder that cannot be read is a finding on it,
/// never an abort. (A hand-rolled walk rather than walkdir: this runs once per patient
/// folder on every `check`, and building each entry's path from the folder's
/// is a tenth of its time.)
fn read_below<T: Tree>(
    tree: &T,
    dir: &T::Node,
    rel: &str,
    top: bool,
    files: &mut Vec<RawFile>,
    found: &mut Vec<Diagnostic>,
) {
    let listing = match tree.list(dir) {
        Ok(l) => l,
        Err(e) => {
            found.push(unreadable(rel, &e, true));
            return;
        }
    };
    let mut entries = Vec::with_capacity(listing.len());
    for entry in listing {
        if !entry.name.starts_with('.') || store::is_temp_name(&entry.name) {
            entries.push(entry);
        } else if top
            && entry.name == store::LOCK_FILE
            && let Some(kind) = entry.kind
        {
            found.extend(bad_lock_file(&format!("{rel}/{}", entry.name), kind));
        }
    }
    entries.sort_by(|a, b| a.name.cmp(&b.name));
    let names: std::collections::HashSet<&str> = entries.iter().map(|e| e.name.as_str()).collect();
    for entry in &entries {
        let name = entry.name.as_str();
        let rel = format!("{rel}/{name}");
        let Some(kind) = entry.kind else {
            found.push(unreadable(
                &rel,
                &std::io::Error::other("its type cannot be read"),
                false,
            ));
            continue;
        };
        let is_dir = kind == EntryKind::Dir;
        let record_folder = top && RECORD_FOLDERS.contains(&name);
        if let EntryKind::Broken(why) = kind {
            found.push(unreadable(&rel, &std::io::Error::other(why), false));
        } else if kind == EntryKind::Symlink {
            // Inside a patient's folder a link hides what it points to from
            // the visit count: an error, not a warning.
            let mut d = symlink(&rel);
            d.severity = diag::Severity::Error;
            found.push(d);
        } else if (record_folder && !is_dir) || (is_dir && name.to_lowercase().ends_with(".toml")) {
            // `sessions` that is a file, or a folder where a record belongs:
            // what it should hold is neither read nor counted.
            let what = if is_dir {
                "a folder where a record file belongs"
            } else {
                "not a folder, so its records cannot be read"
            };
            found.push(unreadable(&rel, &std::io::Error::other(what), false));
        } else if is_dir {
            // A copy of a record folder (`sessions (1)`) holds records that
            // are not counted: reported whole, as a copy.
            match folder_copy_of(name).filter(|o| top && RECORD_FOLDERS.contains(&o.as_str())) {
                Some(original) => {
                    let exists = names.contains(original.as_str());
                    found.push(conflict_copy(&rel, &original, exists));
                }
                None => {
                    found.extend(dir_permissions(tree, &rel, &entry.node));
                    read_below(tree, &entry.node, &rel, false, files, found);
                }
            }
        } else if kind != EntryKind::File {
            // A pipe or a device where a record belongs is never opened.
            if name.to_lowercase().ends_with(".toml") {
                found.push(unreadable(
                    &rel,
                    &std::io::Error::other("it is not a regular file"),
                    false,
                ));
            }
        } else if store::is_temp_name(name) {
            found.push(stray_temp(&rel, tree.links(&entry.node) > 1));
        } else if let Some(original) = copy_of(name, |n| names.contains(n)) {
            let exists = names.contains(original.as_str());
            found.push(conflict_copy(&rel, &original, exists));
        } else if !name.ends_with(".toml") {
            continue;
        } else {
            match tree.read(&entry.node) {
                Ok(Record::Read { bytes, mode }) => {
                    found.extend(mode.and_then(|m| permissions(&rel, m, false)));
                    files.push(RawFile { rel, bytes });
                }
                Ok(Record::TooLarge(len)) => found.push(too_large(&rel, len)),
                Err(e) => found.push(unreadable(&rel, &e, false)),
            }
        }
    }
}

/// The record a sync tool's or an editor's copy was made from, by its name:
/// `X (conflicted copy).toml`, `X.sync-conflict-*.toml`, `X-DESKTOP-*.toml`,
/// `X.toml.orig`, `X.toml~`, `~X.toml`, `X.TOML` are copies of `X.toml`. A
/// record's own name (`<id>.toml`, `patient.toml`) is never a copy. Of the
/// names it may be a copy of, the first that `exists` says is there, else the
/// likeliest.
pub fn copy_of(name: &str, exists: impl Fn(&str) -> bool) -> Option<String> {
    let is_record = |n: &str| {
        n.strip_suffix(".toml")
            .is_some_and(|s| is_slug(s) || s == "patient")
    };
    if is_record(name) {
        return None;
    }
    let mut candidates = Vec::new();
    let lower = name.to_lowercase();
    for n in [name, lower.as_str()] {
        if let Some(base) = copy_base(n, true) {
            candidates.push(format!("{base}.toml"));
        }
    }
    // Only the case differs (`X.TOML`, `Patient.toml`).
    if is_record(&lower) {
        candidates.push(lower.clone());
    }
    candidates
        .iter()
        .find(|c| exists(c))
        .or(candidates.first())
        .cloned()
}

/// A folder that is a copy of another by its name (`sessions (1)`,
/// `ana-lima-1980 (conflicted copy)`): the name it copies.
pub fn folder_copy_of(name: &str) -> Option<String> {
    let lower = name.to_lowercase();
    if lower != name && is_slug(&lower) {
        // Only the case differs (`Marta-Quill-1982`).
        return Some(lower);
    }
    copy_base(&lower, false).map(str::to_string)
}

/// The start of `name` that could be an id, when what follows it is what a
/// copy adds (a space, a bracket, a `.toml` and more, a `~`).
fn copy_base(name: &str, file: bool) -> Option<&str> {
    // Windows Explorer and macOS Finder put the mark in front: `Copy of X`.
    let given = name;
    let name = ["Copy of ", "copy of ", "Copy_of_", "copy_of_"]
        .iter()
        .find_map(|p| name.strip_prefix(p))
        .unwrap_or(name);
    let trimmed = name.trim_start_matches(|c: char| !c.is_ascii_alphanumeric());
    let head_len = trimmed
        .bytes()
        .position(|b| !(b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'))
        .unwrap_or(trimmed.len());
    let head = trimmed[..head_len].trim_end_matches('-');
    let rest = &trimmed[head.len()..];
    // Something before the id (`~X.toml`, `Copy of X.toml`) marks a copy.
    let marked = trimmed.len() != given.len();
    let copy_like = if file {
        (rest.starts_with(".toml") && (rest.len() > 5 || marked))
            || (rest.ends_with(".toml") && rest.len() > ".toml".len())
            || rest.ends_with('~')
    } else {
        marked
            || (!rest.is_empty()
                && (rest.starts_with([' ', '(', '_', '.', '~'])
                    || rest.to_lowercase().starts_with("-desktop")))
    };
    (copy_like && !head.is_empty() && (is_slug(head) || head == "patient")).then_some(head)
}

fn conflict_copy(rel: &str, original: &str, exists: bool) -> Diagnostic {
    let (message, hint) = if exists {
        (
            format!(
                "`{rel}` looks like a copy of `{original}` left by a sync tool, a merge or an editor; it is not read as a record"
            ),
            format!(
                "compare it with `{original}`, keep what is right in `{original}`, then delete the copy; until then mmx refuses every change to this patient, which could land in the wrong file"
            ),
        )
    } else {
        (
            format!(
                "`{rel}` looks like a copy of `{original}`, which is not there; it is not read as a record"
            ),
            format!(
                "if it holds the record, rename it to `{original}`; otherwise delete it. Until then mmx refuses every change to this patient"
            ),
        )
    };
    Diagnostic::new(Code::ConflictCopy, rel, None, message).hint(hint)
}

fn unreadable(rel: &str, e: &std::io::Error, folder: bool) -> Diagnostic {
    let what = if folder { "folder" } else { "file" };
    let hint = if e.kind() == std::io::ErrorKind::PermissionDenied {
        format!(
            "give its owner read access (`chmod u+r{} {rel}`), or run mmx as the user who owns it",
            if folder { "x" } else { "" }
        )
    } else {
        "check the disk and the file; `git status` shows whether git still has it".to_string()
    };
    Diagnostic::new(
        Code::Unreadable,
        rel,
        None,
        format!(
            "the {what} `{rel}` cannot be read ({}), so nothing in it is checked or counted",
            io_reason(e)
        ),
    )
    .hint(hint)
}

/// An I/O error's reason without the OS error number.
fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        std::io::ErrorKind::NotFound => "it went away while being read".into(),
        _ => e.to_string(),
    }
}

/// One patient's folder as read from disk, before any parsing: its record
/// files' bytes, and what was found while reading (links, unreadable and
/// oversized files, copies, permissions).
#[derive(Debug, Clone, Default)]
pub struct FolderFiles {
    pub id: String,
    pub files: Vec<RawFile>,
    pub found: Vec<Diagnostic>,
    /// Whether the folder is there (a new patient's is not, yet).
    pub exists: bool,
}

/// One file of a patient's folder as read from disk: its path relative to the
/// practice root (`patients/ID/...`, `/`-separated) and its bytes.
#[derive(Debug, Clone)]
pub struct RawFile {
    pub rel: String,
    pub bytes: Vec<u8>,
}

/// Parses the files of patient `id`'s folder (which `exists`, or not yet)
/// into records, with every problem found in them. Pure: no I/O, so the fuzzer and property tests drive it.
pub fn parse_folder(
    id: &str,
    files: &[RawFile],
    exists: bool,
    vocab: &Vocabulary,
) -> PatientFolder {
    let mut folder = PatientFolder {
        id: id.to_string(),
        ..Default::default()
    };
    let prefix = format!("{PATIENTS_DIR}/{id}/");
    let mut has_patient_file = false;
    for file in files {
        let rel = file.rel.as_str();
        let inner = rel.strip_prefix(&prefix).unwrap_or(rel);
        let kind = kind_of(inner);
        let name = inner.rsplit('/').next().unwrap_or(inner);
        let dir = rel.rsplit_once('/').map_or("", |(d, _)| d);
        let sibling = |n: &str| {
            files
                .iter()
                .any(|f| f.rel.rsplit_once('/') == Some((dir, n)))
        };
        if let (Kind::Stray, Some(original)) = (kind, copy_of(name, sibling)) {
            let exists = sibling(&original);
            folder.diags.push(conflict_copy(rel, &original, exists));
            folder.unbuilt.push(rel.to_string());
            continue;
        }
        if let Kind::Stray = kind {
            // Inside a patient's folder, a `.toml` out of place may be a
            // session (`sessions/2026/`, `Sessions/`) whose visit is not
            // counted: an error, and writes wait until it is put right.
            let mut d = stray_file(
                rel,
                "not at a record's place (patient.toml, prescriptions/ID.toml, sessions/ID.toml, reports/ID.toml)",
            );
            d.severity = diag::Severity::Error;
            folder.diags.push(d);
            folder.unbuilt.push(rel.to_string());
            continue;
        }
        let text = match std::str::from_utf8(&file.bytes) {
            Ok(t) => t,
            Err(e) => {
                folder.diags.push(not_utf8(rel, e.valid_up_to()));
                folder.unbuilt.push(rel.to_string());
                match kind {
                    Kind::Prescription(stem) => {
                        folder.unreadable_prescriptions.push(stem.to_string())
                    }
                    Kind::Patient => has_patient_file = true,
                    _ => {}
                }
                continue;
            }
        };
        match kind {
            Kind::Patient => {
                let p = records::patient(rel, text, id, vocab);
                folder.diags.extend(p.diags);
                if p.record.is_none() {
                    folder.unbuilt.push(rel.to_string());
                }
                folder.patient = p.record;
                has_patient_file = true;
            }
            Kind::Prescription(stem) => {
                let p = records::prescription(rel, text, id, stem, vocab);
                folder.diags.extend(p.diags);
                match p.record {
                    Some(r) => folder.prescriptions.push(r),
                    None => {
                        folder.unreadable_prescriptions.push(stem.to_string());
                        folder.unbuilt.push(rel.to_string());
                    }
                }
            }
            Kind::Session(stem) => {
                let p = records::session(rel, text, id, stem, vocab);
                folder.diags.extend(p.diags);
                match p.record {
                    Some(r) => folder.sessions.push(r),
                    None => folder.unbuilt.push(rel.to_string()),
                }
            }
            Kind::Report(stem) => {
                let p = records::report(rel, text, id, stem);
                folder.diags.extend(p.diags);
                match p.record {
                    Some(r) => folder.reports.push(r),
                    None => folder.unbuilt.push(rel.to_string()),
                }
            }
            Kind::Stray => {}
        }
    }
    // A patient's folder without its record (empty, or left by an
    // interrupted `patient add` with only its lock and temp files) is
    // reported: its id is taken, by no one. (A new patient's folder, not
    // made yet, has no files either: the gate does not count it.)
    if !has_patient_file && (exists || !files.is_empty()) {
        folder.diags.push(
            Diagnostic::new(Code::MissingRecord, format!("{prefix}patient.toml"), None, format!("patient folder `{id}` has no patient.toml"))
                .hint(format!("create it with `mmx patient add --id {id} --name NAME`, or move the folder out of patients/")),
        );
    }
    folder
}

/// The folders of a patient's folder that hold records.
pub const RECORD_FOLDERS: &[&str] = &["sessions", "prescriptions", "reports"];

/// What a file of a patient's folder is, by its path in the folder.
fn kind_of(inner: &str) -> Kind<'_> {
    match inner.split_once('/') {
        None if inner == "patient.toml" => Kind::Patient,
        Some((sub, name)) if !name.contains('/') => {
            match (sub, name.strip_suffix(".toml").filter(|s| is_slug(s))) {
                ("prescriptions", Some(stem)) => Kind::Prescription(stem),
                ("sessions", Some(stem)) => Kind::Session(stem),
                ("reports", Some(stem)) => Kind::Report(stem),
                _ => Kind::Stray,
            }
        }
        _ => Kind::Stray,
    }
}

/// The fields of the record at `rel` (`patients/ID/...`), by its place.
pub fn record_fields(rel: &str) -> Option<&'static [fields::Field]> {
    let inner = rel.strip_prefix(PATIENTS_DIR)?.strip_prefix('/')?;
    let (_, inner) = inner.split_once('/')?;
    match kind_of(inner) {
        Kind::Patient => Some(fields::PATIENT),
        Kind::Prescription(_) => Some(fields::PRESCRIPTION),
        Kind::Session(_) => Some(fields::SESSION),
        Kind::Report(_) => Some(fields::REPORT),
        Kind::Stray => None,
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind<'a> {
    Patient,
    Prescription(&'a str),
    Session(&'a str),
    Report(&'a str),
    Stray,
}

/// The most bytes a record file may hold. A session note of a few pages is
/// a few KiB; anything near this size is not a record, and is not read.
pub const MAX_RECORD_BYTES: u64 = 1 << 20;

/// A record file as read: its bytes and, where the tree keeps them, its
/// permission bits; or, past [`MAX_RECORD_BYTES`], only its length.
pub enum Record {
    Read { bytes: Vec<u8>, mode: Option<u32> },
    TooLarge(u64),
}

/// Reads a record file whole, unless it is larger than [`MAX_RECORD_BYTES`]:
/// then nothing is read. At most the length the file had when opened is read,
/// however large it grows meanwhile: mmx replaces records whole (a rename),
/// so a record's length does not change under a reader, and stopping at the
/// known length spares the extra read that would only find the end (one of
/// five system calls per file, on every `check`).
fn read_record(path: &Path) -> std::io::Result<Record> {
    use std::io::Read;
    let mut options = fs::OpenOptions::new();
    options.read(true);
    // Never follow a link swapped in, nor wait on a pipe swapped in, after
    // the folder was listed.
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(
        &mut options,
        libc::O_NOFOLLOW | libc::O_NONBLOCK,
    );
    let mut file = options.open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(std::io::Error::other("it is not a regular file"));
    }
    if meta.len() > MAX_RECORD_BYTES {
        return Ok(Record::TooLarge(meta.len()));
    }
    let mut bytes = vec![0; meta.len() as usize];
    let mut got = 0;
    while got < bytes.len() {
        match file.read(&mut bytes[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    bytes.truncate(got);
    Ok(Record::Read {
        bytes,
        mode: Some(file_mode(&meta)),
    })
}

fn dir_permissions<T: Tree>(tree: &T, rel: &str, dir: &T::Node) -> Option<Diagnostic> {
    permissions(rel, tree.mode(dir)?, true)
}

#[cfg(unix)]
fn file_mode(meta: &fs::Metadata) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    meta.permissions().mode()
}

#[cfg(not(unix))]
fn file_mode(_: &fs::Metadata) -> u32 {
    0o600
}

/// A warning when a record, or a folder (whose names are patients' names),
/// is open to anyone but its owner: readable or writable by group or others.
fn permissions(rel: &str, mode: u32, is_dir: bool) -> Option<Diagnostic> {
    let (read, write) = if is_dir {
        (0o055, 0o022)
    } else {
        (0o044, 0o022)
    };
    let open = mode & (read | write);
    if open == 0 {
        return None;
    }
    let who = match (open & 0o070 != 0, open & 0o007 != 0) {
        (true, true) => "group and others",
        (true, false) => "its group",
        _ => "others",
    };
    let can = match (open & read != 0, open & write != 0) {
        (true, true) => "read and changed",
        (true, false) => "read",
        _ => "changed",
    };
    Some(
        Diagnostic::new(
            Code::Permissions,
            rel,
            None,
            format!("`{rel}` can be {can} by {who} (mode {:04o})", mode & 0o7777),
        )
        .hint("health records should be open to their owner only: `chmod -R go= PRACTICE` fixes every file and folder"),
    )
}

fn not_an_id(rel: &str, name: &str) -> Diagnostic {
    let suggestion = store::slug(name);
    // The slug of a person's name is the name: suggested only for a name
    // that may be quoted at all.
    let hint = if is_slug(&suggestion) && diag::shown(name).is_some() {
        format!(
            "rename the folder to an id, e.g. `{suggestion}`, and set the same `id` in its patient.toml"
        )
    } else {
        "rename the folder to an id: lower-case letters, digits and dashes".to_string()
    };
    Diagnostic::new(
        Code::InvalidValue,
        rel,
        None,
        format!(
            "patient folder {} is not an id, so none of its records are read",
            diag::quoted(name, "(its name is a person's, not an id)")
        ),
    )
    .hint(hint)
}

fn symlink(rel: &str) -> Diagnostic {
    Diagnostic::new(
        Code::Symlink,
        rel,
        None,
        format!("`{rel}` is a symbolic link; mmx does not follow links, so it is not checked"),
    )
    .hint("replace the link with the file or folder it points to")
}

/// A warning for a lock file that is not a regular file: every write to the
/// patient is refused until it is removed.
fn bad_lock_file(rel: &str, kind: EntryKind) -> Option<Diagnostic> {
    let (code, what) = match kind {
        EntryKind::File => return None,
        EntryKind::Symlink => (Code::Symlink, "a symbolic link"),
        EntryKind::Dir => (Code::StrayFile, "a folder"),
        EntryKind::Other(what) | EntryKind::Broken(what) => (Code::StrayFile, what),
    };
    let mut d = Diagnostic::new(
        code,
        rel,
        None,
        format!(
            "`{rel}` is {what}, not mmx's lock file, so every write to this patient is refused"
        ),
    )
    .hint("remove it; mmx makes a new one on its next write");
    // It refuses every write: a check (and a pre-commit hook) must say so.
    d.severity = diag::Severity::Error;
    Some(d)
}

pub fn too_large(rel: &str, len: u64) -> Diagnostic {
    Diagnostic::new(
        Code::FileTooLarge,
        rel,
        None,
        format!(
            "`{rel}` is {len} bytes; a record may be at most {MAX_RECORD_BYTES} bytes (1 MiB), so it was not read"
        ),
    )
    .hint("a record is a few KiB of text: move attachments out of the practice folder")
}

/// How many names a file has on disk (see [`Tree::links`]).
fn link_count(path: &Path) -> u64 {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        fs::symlink_metadata(path).map_or(1, |m| m.nlink())
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        1
    }
}

fn stray_temp(rel: &str, record_written: bool) -> Diagnostic {
    let what = if record_written {
        "its record was written, but the process was stopped before it said so: look for the record before recording it again"
    } else {
        "no record was changed by it"
    };
    Diagnostic::new(
        Code::StrayFile,
        rel,
        None,
        format!("`{rel}` is a temp file left by a write that was interrupted; {what}"),
    )
    .hint("mmx removes it on the next write to this patient's folder; deleting it by hand is safe too")
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
    /// Progress reports recorded as sent (`reports/ID.toml`).
    pub reports: Vec<Loaded<crate::model::SentReport>>,
    /// File stems of prescriptions whose file is there but could not be read
    /// into a record: their errors are reported on that file, not on every
    /// session that names them.
    pub unreadable_prescriptions: Vec<String>,
    /// Files that are there but could not be read into a record (broken,
    /// empty, out of place, a copy): what they hold is neither checked nor
    /// counted, so writes to the patient are refused while one is there.
    pub unbuilt: Vec<String>,
    pub diags: Vec<Diagnostic>,
}

impl PatientFolder {
    pub fn prescription(&self, id: &str) -> Option<&Loaded<Prescription>> {
        self.prescriptions.iter().find(|r| r.rec.id == id)
    }
}
