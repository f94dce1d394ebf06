//! The practice as a `Tree`: the folder on disk (`Disk`) here, a tree in git
//! in `crate::git`; listing the patients and reading their folders in parallel.

use crate::practice::PATIENTS_DIR;
use crate::practice::digest::file_sha256;
use crate::practice::lint::file_mode;
use crate::practice::lint::folder_copy_of;
use crate::practice::read::FolderFiles;
use crate::practice::read::Record;
use crate::practice::read::read_patient;
use crate::practice::read::read_record;
use crate::practice::read::source_of;
use crate::practice::store;
use crate::values::is_slug;
use rayon::prelude::*;
use std::fs;
use std::path::{Path, PathBuf};

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
/// ([`Disk`]), or a tree in git ([`tree::GitTree`]). What is a record,
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
    /// A kept order's SHA-256 in hex (a file under a patient's `orders/`,
    /// of any size: only its digest is kept in memory), with its permission
    /// bits where the tree keeps them.
    fn order_digest(&self, file: &Self::Node) -> std::io::Result<(String, Option<u32>)>;
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

pub(crate) fn disk_kind(kind: &fs::FileType) -> EntryKind {
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

    fn order_digest(&self, file: &PathBuf) -> std::io::Result<(String, Option<u32>)> {
        file_sha256(file).map(|(digest, mode)| (digest, Some(mode)))
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
        let (ids, others): (Vec<String>, Vec<String>) = entries
            .into_iter()
            .filter(|e| e.kind == Some(EntryKind::Dir))
            .map(|e| e.name)
            .partition(|name| is_slug(name));
        listing.ids = ids;
        listing.ids.sort_unstable();
        listing.ids.dedup();
        // Only folders whose name is not an id may be copies: most
        // practices have none, and 20,000 ids are not hashed for nothing.
        if !others.is_empty() {
            let ids: std::collections::HashSet<&str> =
                listing.ids.iter().map(String::as_str).collect();
            let mut copies: std::collections::HashMap<String, Vec<String>> =
                std::collections::HashMap::new();
            for name in others {
                if let Some(id) = folder_copy_of(&name).filter(|id| ids.contains(id.as_str())) {
                    copies.entry(id).or_default().push(name);
                }
            }
            copies.values_mut().for_each(|v| v.sort());
            listing.copies = copies;
        }
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

/// How many names a file has on disk (see [`Tree::links`]).
pub(crate) fn link_count(path: &Path) -> u64 {
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
