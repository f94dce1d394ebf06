//! A patient's folder read into bytes: what is a record, a copy, a stray or
//! a link is decided here, once, for the disk and for git.

use crate::diag::{self, Diagnostic};
use crate::practice::PATIENTS_DIR;
use crate::practice::folder::RECORD_FOLDERS;
use crate::practice::folder::is_order_path;
use crate::practice::lint::bad_lock_file;
use crate::practice::lint::conflict_copy;
use crate::practice::lint::copy_of;
use crate::practice::lint::dir_permissions;
use crate::practice::lint::file_mode;
use crate::practice::lint::folder_copy_of;
use crate::practice::lint::permissions;
use crate::practice::lint::stray_temp;
use crate::practice::lint::symlink;
use crate::practice::lint::too_large;
use crate::practice::lint::unreadable;
use crate::practice::store;
use crate::practice::tree::EntryKind;
use crate::practice::tree::Tree;
use std::fs;
use std::path::Path;

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

/// Reads the entries of `dir` (shown as `rel`) and every folder below it,
/// depth first and sorted by name, as [`read_patient`] says.
/// Names starting with `.` are skipped, and all below them, except mmx's temp
/// files and, in the patient's folder itself (`top`), a lock file that is not
/// a regular file. A file or folder that cannot be read is a finding on it,
/// never an abort. (A hand-rolled walk rather than walkdir: this runs once per patient
/// folder on every `check`, and building each entry's path from the folder's
/// is a tenth of its time.)
pub(crate) fn read_below<T: Tree>(
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
            let record = store::record_of_temp(name);
            let record_there = record.is_some_and(|r| names.contains(r));
            found.push(stray_temp(
                &rel,
                record,
                record_there,
                tree.links(&entry.node) > 1,
            ));
        } else if let Some(original) = copy_of(name, |n| names.contains(n)) {
            let exists = names.contains(original.as_str());
            found.push(conflict_copy(&rel, &original, exists));
        } else if !name.ends_with(".toml") {
            // A kept order is any kind of file, of any size: only its
            // digest is read (see `records::folder::ORDERS_DIR`).
            if is_order_path(&rel) {
                match tree.order_digest(&entry.node) {
                    Ok((digest, mode)) => {
                        found.extend(mode.and_then(|m| permissions(&rel, m, false)));
                        files.push(RawFile {
                            rel,
                            bytes: digest.into_bytes(),
                        });
                    }
                    Err(e) => found.push(unreadable(&rel, &e, false)),
                }
            }
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
/// practice root (`patients/ID/...`, `/`-separated) and its bytes. For a
/// kept order (`patients/ID/orders/NAME`, any size), `bytes` is its SHA-256
/// in hex rather than its contents: the rules compare digests, and a scan of
/// many megabytes is not held in memory.
#[derive(Debug, Clone)]
pub struct RawFile {
    pub rel: String,
    pub bytes: Vec<u8>,
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
pub(crate) fn read_record(path: &Path) -> std::io::Result<Record> {
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

/// The source text of a file for diagnostics, however broken its bytes are.
pub fn source_of(root: &Path, rel: &str) -> Option<String> {
    fs::read(root.join(rel))
        .ok()
        .map(|b| String::from_utf8_lossy(&b).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::{Code, Severity};
    use crate::practice::tree::Disk;
    use std::os::unix::fs::PermissionsExt;
    use std::os::unix::fs::symlink as link;
    use std::path::PathBuf;

    const ID: &str = "ana-lima-1980";

    /// A patient's folder on disk holding one of each kind of entry; files
    /// 0600 and folders 0700, as mmx makes them, so modes say nothing.
    fn folder_on_disk(outside: &Path) -> tempfile::TempDir {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join(PATIENTS_DIR).join(ID);
        let put = |rel: &str, text: &str| {
            let path = dir.join(rel);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(&path, text).unwrap();
        };
        put("patient.toml", "id = \"ana-lima-1980\"\n");
        put(
            "sessions/2026-11-03-b8k3nq.toml",
            "id = \"2026-11-03-b8k3nq\"\n",
        );
        // A sync tool's copy beside its original.
        put(
            "sessions/2026-11-03-b8k3nq (1).toml",
            "id = \"2026-11-03-b8k3nq\"\n",
        );
        // An interrupted write's temp file.
        put(
            ".2026-11-04-c9m4pr.toml.mmx-tmp-1f2e3d",
            "id = \"2026-11-04-c9m4pr\"\n",
        );
        // A record out of place: read, for the readers to call stray.
        put(
            "sessions/2026/2026-10-01-a1b2c3.toml",
            "id = \"2026-10-01-a1b2c3\"\n",
        );
        // Not a record, and hidden: not read at all.
        put("sessions/scan.pdf", "%PDF");
        put(".draft.toml", "id = \"draft\"\n");
        // A copy of a whole record folder.
        put(
            "prescriptions (1)/2026-11-02-a7k2mp.toml",
            "id = \"2026-11-02-a7k2mp\"\n",
        );
        // A link where a record belongs, to a file outside the practice.
        fs::create_dir_all(dir.join("prescriptions")).unwrap();
        link(outside, dir.join("prescriptions/2026-11-02-a7k2mp.toml")).unwrap();
        for entry in walk(tmp.path()) {
            let mode = if entry.is_dir() { 0o700 } else { 0o600 };
            fs::set_permissions(&entry, fs::Permissions::from_mode(mode)).unwrap();
        }
        tmp
    }

    /// Every file and folder below `dir`, not following links.
    fn walk(dir: &Path) -> Vec<PathBuf> {
        let mut all = vec![dir.to_path_buf()];
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let meta = fs::symlink_metadata(&path).unwrap();
            if meta.is_dir() {
                all.extend(walk(&path));
            } else if meta.is_file() {
                all.push(path);
            }
        }
        all
    }

    #[test]
    fn a_folder_is_sorted_into_records_copies_strays_temps_and_links() {
        let outside = tempfile::NamedTempFile::new().unwrap();
        fs::write(outside.path(), "id = \"elsewhere\"\n").unwrap();
        let tmp = folder_on_disk(outside.path());
        let disk = Disk { root: tmp.path() };
        let (_, node) = disk.at(&format!("{PATIENTS_DIR}/{ID}")).unwrap();
        let read = read_patient(&disk, ID, &node, &["ana-lima-1980 (1)".to_string()]);
        let p = |rel: &str| format!("{PATIENTS_DIR}/{ID}/{rel}");
        // Read as records, for the readers, depth first by name: the records
        // in their place, and the one out of place (it may be a visit; the
        // readers report it).
        let files: Vec<&str> = read.files.iter().map(|f| f.rel.as_str()).collect();
        assert_eq!(
            files,
            [
                p("patient.toml"),
                p("sessions/2026/2026-10-01-a1b2c3.toml"),
                p("sessions/2026-11-03-b8k3nq.toml"),
            ]
        );
        assert_eq!(read.files[0].bytes, b"id = \"ana-lima-1980\"\n");
        // Found while reading, each never read: the temp file, the copies
        // (of a file, of a record folder, of the whole patient's folder),
        // and the link, an error inside a patient's folder.
        let mut found: Vec<(Code, Severity, String)> = read
            .found
            .iter()
            .map(|d| (d.code, d.severity, d.file.clone()))
            .collect();
        found.sort();
        let mut want = vec![
            (
                Code::StrayFile,
                Severity::Warning,
                p(".2026-11-04-c9m4pr.toml.mmx-tmp-1f2e3d"),
            ),
            (Code::ConflictCopy, Severity::Error, p("prescriptions (1)")),
            (
                Code::ConflictCopy,
                Severity::Error,
                p("sessions/2026-11-03-b8k3nq (1).toml"),
            ),
            (
                Code::ConflictCopy,
                Severity::Error,
                format!("{PATIENTS_DIR}/ana-lima-1980 (1)"),
            ),
            (
                Code::Symlink,
                Severity::Error,
                p("prescriptions/2026-11-02-a7k2mp.toml"),
            ),
        ];
        want.sort();
        assert_eq!(found, want, "{:#?}", read.found);
        assert!(read.exists);
    }

    #[test]
    fn a_temp_file_still_linked_as_its_record_says_the_record_was_written() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join(PATIENTS_DIR).join(ID);
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("patient.toml"), "id = \"ana-lima-1980\"\n").unwrap();
        fs::hard_link(
            dir.join("patient.toml"),
            dir.join(".patient.toml.mmx-tmp-9a"),
        )
        .unwrap();
        let disk = Disk { root: tmp.path() };
        let (_, node) = disk.at(&format!("{PATIENTS_DIR}/{ID}")).unwrap();
        let read = read_patient(&disk, ID, &node, &[]);
        let temp = read
            .found
            .iter()
            .find(|d| d.code == Code::StrayFile)
            .expect("the temp file");
        assert!(temp.message.contains("its record was written"), "{temp:?}");
        assert_eq!(read.files.len(), 1);
    }
}
