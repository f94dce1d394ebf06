//! Writing records: ids, slugs and atomic, never-overwriting file creation.

use crate::practice;
use std::fs::{self, File, OpenOptions, TryLockError};
use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

use crate::error::{Error, Result};
use crate::practice::ids::random_u64;

/// Temp files are named `.<record>.mmx-tmp-<hex>`: hidden, and recognisable
/// by `check` and by the clean-up that runs under the folder's lock.
pub(crate) const TEMP_MARK: &str = ".mmx-tmp-";

/// The lock file in each patient's folder, held while a write is decided and made.
pub const LOCK_FILE: &str = ".mmx-lock";

/// Whether a file name is one of mmx's temp files.
pub fn is_temp_name(name: &str) -> bool {
    name.starts_with('.') && name.contains(TEMP_MARK)
}

/// The name of the record a temp file was written for (`patient.toml` of
/// `.patient.toml.mmx-tmp-1f2e`).
pub fn record_of_temp(name: &str) -> Option<&str> {
    name.strip_prefix('.')?
        .split_once(TEMP_MARK)
        .map(|(record, _)| record)
        .filter(|r| !r.is_empty())
}

/// Writes `bytes` to a fresh, recognisably named temp file beside `path`,
/// readable by its owner only, and syncs it; the caller links or renames it
/// into place.
pub(crate) fn write_temp(
    dir: &Path,
    path: &Path,
    bytes: &[u8],
) -> std::io::Result<std::path::PathBuf> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}{TEMP_MARK}{:x}", random_u64()));
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut f = options.open(&tmp)?;
    let written = owner_only(&f, 0o600)
        .and_then(|()| f.write_all(bytes))
        .and_then(|()| f.sync_all());
    if written.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    written.map(|()| tmp)
}

/// Sets an exact mode on Unix, whatever the umask left.
pub(crate) fn owner_only(f: &File, mode: u32) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        f.set_permissions(fs::Permissions::from_mode(mode))
    }
    #[cfg(not(unix))]
    {
        let _ = (f, mode);
        Ok(())
    }
}

/// Creates `dir` and any missing parents, each new folder 0700 on Unix
/// whatever the umask; folders that exist are left as they are.
pub fn create_dirs(dir: &Path) -> Result<()> {
    if dir.as_os_str().is_empty() || dir.is_dir() {
        return Ok(());
    }
    if let Some(parent) = dir.parent() {
        create_dirs(parent)?;
    }
    let mut builder = fs::DirBuilder::new();
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    match builder.create(dir) {
        Ok(()) => File::open(dir)
            .and_then(|d| owner_only(&d, 0o700))
            .map_err(|e| Error::io(dir, e)),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && dir.is_dir() => Ok(()),
        Err(e) => Err(Error::io(dir, e)),
    }
}

/// A record is never written through a link: a linked `sessions/` folder
/// would put records outside the practice, and outside its checks.
pub fn refuse_link(dir: &Path) -> Result<()> {
    if fs::symlink_metadata(dir).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(Error::Usage(format!(
            "{} is a symbolic link; mmx does not write through links: move the folder it points to into its place",
            dir.display()
        )));
    }
    Ok(())
}

/// An exclusive lock on a patient's folder, released when dropped. Writers
/// hold it from reading the records they decide on to the last rename, so two
/// processes can never both take a prescription's last visit.
#[derive(Debug)]
pub struct FolderLock {
    _file: File,
}

/// How long a writer waits for another mmx's lock unless `MMX_LOCK_TIMEOUT`
/// says otherwise.
pub const DEFAULT_LOCK_WAIT: Duration = Duration::from_secs(30);
/// A writer that has waited this long says so, once.
pub(crate) const SAY_WAITING_AFTER: Duration = Duration::from_secs(1);
/// How often a waiting writer tries the lock again.
pub(crate) const RETRY_EVERY: Duration = Duration::from_millis(50);

/// Locks `dir` (creating it if needed), then removes temp files a killed
/// writer left in it. While another mmx holds the lock it is tried again
/// every 50 ms; after a second `waiting` is called once with a line to show
/// the user (the store has no stderr of its own), and after `wait` it gives
/// up with [`Error::Locked`]. A zero `wait` tries once.
pub fn lock_folder(
    dir: &Path,
    wait: Duration,
    waiting: &mut dyn FnMut(&str),
) -> Result<FolderLock> {
    create_dirs(dir)?;
    refuse_link(dir)?;
    let patient = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let lock = take_lock(&dir.join(LOCK_FILE), &patient, wait, waiting)?;
    remove_temps(dir);
    Ok(lock)
}

/// Takes the lock file at `path` for a write to `patient`, waiting as
/// [`lock_folder`] says.
fn take_lock(
    path: &Path,
    patient: &str,
    wait: Duration,
    waiting: &mut dyn FnMut(&str),
) -> Result<FolderLock> {
    let file = open_lock_file(path)?;
    let start = Instant::now();
    let mut said = false;
    loop {
        match file.try_lock() {
            Ok(()) => break,
            Err(TryLockError::WouldBlock) => {}
            Err(TryLockError::Error(e)) => return Err(Error::io(path, e)),
        }
        let waited = start.elapsed();
        if waited >= wait {
            return Err(Error::Locked {
                path: path.to_path_buf(),
                patient: patient.to_string(),
                waited: wait,
            });
        }
        if !said && waited >= SAY_WAITING_AFTER {
            waiting(&format!(
                "waiting for another mmx writing patient {patient}"
            ));
            said = true;
        }
        std::thread::sleep(RETRY_EVERY.min(wait - waited));
    }
    Ok(FolderLock { _file: file })
}

/// The folder in patients/ where a new patient's folder is made whole before
/// it is put in place (see [`create_folder`]). Its name starts with `.`, so
/// no listing of the patients takes it, or what it holds, for a patient.
pub const NEW_FOLDERS: &str = ".mmx-new";

/// The name a folder being made for `name` has in [`NEW_FOLDERS`]: a temp
/// name, which the `.gitignore` of `mmx init --git` keeps out of git.
fn new_folder_name(name: &str) -> String {
    format!(".{name}{TEMP_MARK}{:x}", random_u64())
}

/// What a folder left in [`NEW_FOLDERS`] was being made for: the patient's
/// id, from its name.
pub fn new_folder_for(name: &str) -> Option<&str> {
    record_of_temp(name)
}

/// Creates the folder `parent/name` holding `files` (paths relative to it,
/// `/`-separated), atomically: the folder is made whole inside
/// `parent/.mmx-new/` under that folder's lock, every file synced, then
/// renamed into place, so a crash or a full disk leaves either no folder
/// `name` or the whole of it, never a half-made one. What an interrupted
/// creation left in `.mmx-new` (no other can be under way while the lock is
/// held) is removed first. Never over an existing folder
/// ([`CreateOutcome::Exists`]); files and folders are 0600 and 0700 on Unix.
pub fn create_folder(
    parent: &Path,
    name: &str,
    files: &[(&str, &[u8])],
    wait: Duration,
    waiting: &mut dyn FnMut(&str),
) -> Result<CreateOutcome> {
    let target = parent.join(name);
    if fs::symlink_metadata(&target).is_ok() {
        return Ok(CreateOutcome::Exists);
    }
    create_dirs(parent)?;
    refuse_link(parent)?;
    let new = parent.join(NEW_FOLDERS);
    create_dirs(&new)?;
    refuse_link(&new)?;
    let _lock = take_lock(&new.join(LOCK_FILE), name, wait, waiting)?;
    remove_unfinished(&new);
    let build = new.join(new_folder_name(name));
    let made = make_folder(&build, files).and_then(|()| {
        if fs::symlink_metadata(&target).is_ok() {
            return Ok(CreateOutcome::Exists);
        }
        // Only an empty folder can be in the way of a rename (another is
        // refused): a folder with nothing in it, which the patient fills.
        match fs::rename(&build, &target) {
            Ok(()) => {
                if let Ok(d) = File::open(parent) {
                    let _ = d.sync_all();
                }
                Ok(CreateOutcome::Created)
            }
            Err(_) if fs::symlink_metadata(&target).is_ok() => Ok(CreateOutcome::Exists),
            Err(e) => Err(Error::io(&target, e)),
        }
    });
    if !matches!(made, Ok(CreateOutcome::Created)) {
        let _ = fs::remove_dir_all(&build);
    }
    made
}

/// Makes `dir` with `files` in it, each written as [`create_new`] writes.
fn make_folder(dir: &Path, files: &[(&str, &[u8])]) -> Result<()> {
    create_dirs(dir)?;
    for (rel, bytes) in files {
        let path = dir.join(rel);
        if create_new(&path, bytes)? == CreateOutcome::Exists {
            return Err(Error::io(
                &path,
                std::io::Error::from(std::io::ErrorKind::AlreadyExists),
            ));
        }
    }
    Ok(())
}

/// Removes what interrupted creations left in [`NEW_FOLDERS`] (all but its
/// lock file). Only called under that folder's lock.
fn remove_unfinished(new: &Path) {
    let Ok(entries) = fs::read_dir(new) else {
        return;
    };
    for entry in entries.flatten() {
        if entry.file_name() == LOCK_FILE {
            continue;
        }
        // Never followed: a link is removed, not what it points to.
        let _ = match entry.file_type() {
            Ok(t) if t.is_dir() => fs::remove_dir_all(entry.path()),
            _ => fs::remove_file(entry.path()),
        };
    }
}

/// Opens (or creates) a folder's lock file, which must be a regular file.
/// A link in its place (it can arrive by `git pull`) is never followed, and
/// a FIFO or device never read: the name is checked without following it,
/// then opened with `O_NOFOLLOW` (a link put there meanwhile fails the open)
/// and `O_NONBLOCK` (a FIFO put there meanwhile does not hang it), and what
/// was opened is checked again.
pub(crate) fn open_lock_file(path: &Path) -> Result<File> {
    if let Ok(meta) = fs::symlink_metadata(path)
        && !meta.is_file()
    {
        return Err(not_a_lock_file(path, &meta.file_type()));
    }
    let mut options = OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options
            .mode(0o600)
            .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(|e| {
        // Put in place between the check above and the open.
        match fs::symlink_metadata(path) {
            Ok(meta) if !meta.is_file() => not_a_lock_file(path, &meta.file_type()),
            _ => Error::io(path, e),
        }
    })?;
    let meta = file.metadata().map_err(|e| Error::io(path, e))?;
    if !meta.is_file() {
        return Err(not_a_lock_file(path, &meta.file_type()));
    }
    Ok(file)
}

/// What a file that should be a regular file is instead, in a message.
pub fn file_kind(kind: &fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if kind.is_socket() {
            return "a socket";
        }
        if kind.is_block_device() || kind.is_char_device() {
            return "a device";
        }
    }
    if kind.is_symlink() {
        "a symbolic link"
    } else if kind.is_dir() {
        "a folder"
    } else {
        "not a regular file"
    }
}

pub(crate) fn not_a_lock_file(path: &Path, kind: &fs::FileType) -> Error {
    Error::Usage(format!(
        "{} is {}, not mmx's lock file, so mmx does not use it and nothing was written\n  \
         hint: remove it; mmx makes a new one on its next write (lock files belong in .gitignore, as `mmx init --git` writes it)",
        path.display(),
        file_kind(kind)
    ))
}

/// Removes leftover temp files in `dir` and its sub-folders (two levels, as
/// deep as records go). Only called under the folder's lock, when no other
/// writer can have one open.
pub(crate) fn remove_temps(dir: &Path) {
    for entry in walkdir::WalkDir::new(dir)
        .max_depth(2)
        .into_iter()
        .flatten()
    {
        if entry.file_type().is_file() && is_temp_name(&entry.file_name().to_string_lossy()) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Writes a new file atomically and never over an existing one: the bytes go
/// to a temp file in the same folder, are synced, then hard-linked into place
/// (which fails if the name is taken) and the temp name removed. The file is
/// 0600 and new folders 0700 on Unix.
pub fn create_new(path: &Path, bytes: &[u8]) -> Result<CreateOutcome> {
    let dir = path
        .parent()
        .ok_or_else(|| Error::Usage(format!("{} has no folder", path.display())))?;
    create_dirs(dir)?;
    refuse_link(dir)?;
    let tmp = write_temp(dir, path, bytes).map_err(|e| Error::io(path, e))?;
    let result = match fs::hard_link(&tmp, path) {
        Ok(()) => {
            if let Ok(d) = File::open(dir) {
                let _ = d.sync_all();
            }
            Ok(CreateOutcome::Created)
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(CreateOutcome::Exists),
        Err(e) => Err(e),
    };
    let _ = fs::remove_file(&tmp);
    result.map_err(|e| Error::io(path, e))
}

/// Writes a report or an export to `-o PATH`, atomically. Refused (exit 2)
/// when the path is a device, a pipe or a folder (a rename would replace
/// it), or a record or the settings of the practice (an output is never
/// written over the records it was made from).
pub fn write_output(path: &Path, bytes: &[u8], root: &Path) -> Result<()> {
    let shown = path.display();
    if let Ok(m) = fs::symlink_metadata(path)
        && !m.is_file()
        && !m.file_type().is_symlink()
    {
        return Err(Error::Usage(format!(
            "{shown} is not a regular file ({}); write the output to a file",
            file_kind(&m.file_type())
        )));
    }
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if let (Ok(dir), Ok(root)) = (dir.canonicalize(), root.canonicalize()) {
        let name = path.file_name().unwrap_or_default();
        // Compared without case: on macOS and Windows `MMX.TOML` is mmx.toml.
        let lower = |p: &Path| p.to_string_lossy().to_lowercase();
        let target = lower(&dir.join(name));
        if target.starts_with(&lower(&root.join("patients")))
            || target == lower(&root.join("mmx.toml"))
        {
            return Err(Error::Usage(format!(
                "{shown} is inside the practice's records; write the output outside patients/ (and not over mmx.toml)"
            )));
        }
    }
    replace(path, bytes)
}

/// The practice whose record folders (`patients/`, compared without case,
/// as a macOS or Windows clone would) hold `dir`, a folder that may not
/// exist yet: its root, if any. Links are resolved; the practice is the
/// nearest folder above holding mmx.toml, wherever the command was run.
pub fn practice_holding_records(dir: &Path) -> Option<std::path::PathBuf> {
    use std::path::Component;
    let absolute = std::path::absolute(dir).ok()?;
    // The part that exists, resolved; the rest as given, `..` taken
    // lexically (there is no link in what does not exist).
    let mut rest = Vec::new();
    let mut existing = absolute.as_path();
    let mut resolved = loop {
        match existing.canonicalize() {
            Ok(real) => break real,
            Err(_) => {
                rest.push(existing.components().next_back()?);
                existing = existing.parent()?;
            }
        }
    };
    for part in rest.into_iter().rev() {
        match part {
            Component::ParentDir => {
                resolved.pop();
            }
            Component::Normal(name) => resolved.push(name),
            _ => {}
        }
    }
    let root = resolved
        .ancestors()
        .skip(1)
        .find(|a| a.join(practice::SETTINGS_FILE).is_file())?;
    let first = resolved.strip_prefix(root).ok()?.components().next()?;
    first
        .as_os_str()
        .to_string_lossy()
        .eq_ignore_ascii_case(practice::PATIENTS_DIR)
        .then(|| root.to_path_buf())
}

/// Replaces a file atomically (a record edited): temp file in the same
/// folder, synced, renamed over the old one.
pub fn replace(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let tmp = write_temp(&dir, path, bytes).map_err(|e| Error::io(path, e))?;
    let result = fs::rename(&tmp, path);
    match result {
        Ok(()) => {
            if let Ok(d) = File::open(&dir) {
                let _ = d.sync_all();
            }
        }
        Err(_) => {
            let _ = fs::remove_file(&tmp);
        }
    }
    result.map_err(|e| Error::io(path, e))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CreateOutcome {
    Created,
    Exists,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::practice::ids::*;
    use crate::values;
    use chrono::NaiveDate;

    #[test]
    fn slugs_transliterate() {
        assert_eq!(slug("José Núñez"), "jose-nunez");
        assert_eq!(slug("  Anne-Marie  O'Neil "), "anne-marie-o-neil");
        assert_eq!(slug("!!!"), "");
        assert_eq!(
            patient_id(
                "José Núñez",
                Some(NaiveDate::from_ymd_opt(1975, 3, 1).unwrap())
            ),
            "jose-nunez-1975"
        );
    }

    #[test]
    fn dated_ids_are_slugs_that_sort_by_date() {
        let a = dated_id(NaiveDate::from_ymd_opt(2026, 1, 2).unwrap());
        assert!(values::is_slug(&a));
        assert!(a.starts_with("2026-01-02-"));
        assert_eq!(a.len(), 17);
        assert_ne!(a, dated_id(NaiveDate::from_ymd_opt(2026, 1, 2).unwrap()));
    }

    /// Another process's lock, as flock sees it: a second open of the file.
    fn hold_lock(dir: &Path) -> File {
        fs::write(dir.join(LOCK_FILE), "").unwrap();
        let held = File::open(dir.join(LOCK_FILE)).unwrap();
        held.lock().unwrap();
        held
    }

    #[test]
    fn a_held_lock_is_given_up_on_after_the_wait() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("ana-lima-1980");
        fs::create_dir(&dir).unwrap();
        let _held = hold_lock(&dir);
        let mut said = Vec::new();
        let start = Instant::now();
        let err = lock_folder(&dir, Duration::ZERO, &mut |l| said.push(l.to_string())).unwrap_err();
        assert!(start.elapsed() < Duration::from_millis(500));
        assert!(
            matches!(&err, Error::Locked { patient, waited, .. } if patient == "ana-lima-1980" && waited.is_zero()),
            "{err:?}"
        );
        assert_eq!(said, Vec::<String>::new(), "no wait, nothing to say");
    }

    #[test]
    fn a_waiting_writer_says_so_once_and_goes_on_when_the_lock_is_free() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("ana-lima-1980");
        fs::create_dir(&dir).unwrap();
        let held = hold_lock(&dir);
        let release = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(1300));
            drop(held);
        });
        let mut said = Vec::new();
        let lock = lock_folder(&dir, Duration::from_secs(10), &mut |l| {
            said.push(l.to_string());
        });
        release.join().unwrap();
        assert!(lock.is_ok(), "{lock:?}");
        assert_eq!(
            said,
            ["waiting for another mmx writing patient ana-lima-1980"]
        );
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    fn create(parent: &Path, name: &str, files: &[(&str, &[u8])]) -> Result<CreateOutcome> {
        create_folder(parent, name, files, Duration::ZERO, &mut |_| {})
    }

    #[test]
    fn a_new_folder_is_put_in_place_whole_and_never_over_another() {
        let tmp = tempfile::tempdir().unwrap();
        let patients = tmp.path().join("patients");
        let made = create(&patients, "ana-lima-1980", &[("patient.toml", b"one")]);
        assert_eq!(made.unwrap(), CreateOutcome::Created);
        assert_eq!(names(&patients), [NEW_FOLDERS, "ana-lima-1980"]);
        assert_eq!(names(&patients.join("ana-lima-1980")), ["patient.toml"]);
        assert_eq!(names(&patients.join(NEW_FOLDERS)), [LOCK_FILE]);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode(&patients.join("ana-lima-1980")), 0o700);
            assert_eq!(mode(&patients.join("ana-lima-1980/patient.toml")), 0o600);
        }
        let again = create(&patients, "ana-lima-1980", &[("patient.toml", b"two")]);
        assert_eq!(again.unwrap(), CreateOutcome::Exists);
        assert_eq!(
            fs::read(patients.join("ana-lima-1980/patient.toml")).unwrap(),
            b"one"
        );
        assert_eq!(names(&patients.join(NEW_FOLDERS)), [LOCK_FILE]);
    }

    #[test]
    fn a_creation_that_fails_part_way_leaves_no_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let patients = tmp.path().join("patients");
        // The second file cannot be made (its folder would be a file): the
        // first was written already, in the folder being made.
        let failed = create(
            &patients,
            "bo-chen-1975",
            &[("patient.toml", b"one"), ("patient.toml/x.toml", b"two")],
        );
        assert!(failed.is_err(), "{failed:?}");
        assert_eq!(names(&patients), [NEW_FOLDERS]);
        assert_eq!(names(&patients.join(NEW_FOLDERS)), [LOCK_FILE]);
    }

    #[test]
    fn what_an_interrupted_creation_left_is_removed_by_the_next() {
        let tmp = tempfile::tempdir().unwrap();
        let patients = tmp.path().join("patients");
        let left = patients
            .join(NEW_FOLDERS)
            .join(".ana-lima-1980.mmx-tmp-1f2e");
        fs::create_dir_all(&left).unwrap();
        fs::write(left.join("patient.toml"), "id = \"ana-lima-1980\"\n").unwrap();
        fs::write(left.join(".patient.toml.mmx-tmp-9a"), "id = ").unwrap();
        assert_eq!(
            new_folder_for(".ana-lima-1980.mmx-tmp-1f2e"),
            Some("ana-lima-1980")
        );
        let made = create(&patients, "bo-chen-1975", &[("patient.toml", b"one")]);
        assert_eq!(made.unwrap(), CreateOutcome::Created);
        assert_eq!(names(&patients), [NEW_FOLDERS, "bo-chen-1975"]);
        assert_eq!(names(&patients.join(NEW_FOLDERS)), [LOCK_FILE]);
    }

    #[test]
    fn a_creation_waits_for_another_under_way() {
        let tmp = tempfile::tempdir().unwrap();
        let patients = tmp.path().join("patients");
        fs::create_dir_all(patients.join(NEW_FOLDERS)).unwrap();
        let _held = hold_lock(&patients.join(NEW_FOLDERS));
        // What the other is making is not touched while it holds the lock.
        let making = patients.join(NEW_FOLDERS).join(".cy-ng-1990.mmx-tmp-2b");
        fs::create_dir(&making).unwrap();
        let err = create(&patients, "bo-chen-1975", &[("patient.toml", b"one")]).unwrap_err();
        assert!(
            matches!(&err, Error::Locked { patient, .. } if patient == "bo-chen-1975"),
            "{err:?}"
        );
        assert!(making.is_dir());
        assert_eq!(names(&patients), [NEW_FOLDERS]);
    }

    #[test]
    fn create_new_never_overwrites() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.toml");
        assert_eq!(create_new(&p, b"one").unwrap(), CreateOutcome::Created);
        assert_eq!(create_new(&p, b"two").unwrap(), CreateOutcome::Exists);
        assert_eq!(fs::read(&p).unwrap(), b"one");
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            1,
            "temp file left behind"
        );
    }
}
