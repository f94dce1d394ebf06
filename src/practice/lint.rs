//! Findings about the files themselves: modes, links, strays, copies and
//! files that cannot be read.

use crate::diag::{self, Code, Diagnostic};
use crate::practice::PATIENTS_DIR;
use crate::practice::SETTINGS_FILE;
use crate::practice::ids;
use crate::practice::read::MAX_RECORD_BYTES;
use crate::practice::store;
use crate::practice::tree::Entry;
use crate::practice::tree::EntryKind;
use crate::practice::tree::Tree;
use crate::values::is_slug;
use std::fs;

/// The finding for a name at the practice's top (`name`) that a
/// case-insensitive checkout would take for `patients` or `mmx.toml`.
pub fn case_twin(name: &str) -> Option<Diagnostic> {
    // Disks fold case by Unicode's tables, not ASCII's: NTFS upper-cases
    // `ſ` (long s) to `S` and `ı` (dotless i) to `I`, and APFS folds `ſ`
    // to `s`, so `patientſ` and `patıents` are `patients` there too.
    let twin = [PATIENTS_DIR, SETTINGS_FILE].into_iter().find(|real| {
        name != *real
            && (name.to_lowercase() == *real || name.to_uppercase() == real.to_uppercase())
    })?;
    Some(
        Diagnostic::new(
            Code::CaseTwin,
            name,
            None,
            format!(
                "`{name}` differs from `{twin}` only by case: on a clone whose disk ignores case (macOS, Windows) its files check out as `{twin}`'s, unchecked"
            ),
        )
        .hint(format!(
            "move what it holds into `{twin}` (`git mv`), or out of the practice"
        )),
    )
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
        // A patient's folder is no finding: of 20,000 entries, what is left
        // is looked at (a hook's budget is milliseconds).
        let is_patient = |e: &Entry<T::Node>| e.kind == Some(EntryKind::Dir) && is_slug(&e.name);
        let (folders, mut entries): (Vec<_>, Vec<_>) = entries.drain(..).partition(is_patient);
        entries.sort_by(|a, b| a.name.cmp(&b.name));
        let ids: std::collections::HashSet<&str> = if entries.is_empty() {
            std::collections::HashSet::new()
        } else {
            folders.iter().map(|e| e.name.as_str()).collect()
        };
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
    let new_folders = format!("{PATIENTS_DIR}/{}", store::NEW_FOLDERS);
    if let Some((EntryKind::Dir, new)) = tree.at(&new_folders) {
        let mut entries = tree.list(&new).unwrap_or_default();
        entries.sort_by(|a, b| a.name.cmp(&b.name));
        for e in entries.iter().filter(|e| e.name != store::LOCK_FILE) {
            stray.push(unfinished_patient(
                &format!("{new_folders}/{}", e.name),
                store::new_folder_for(&e.name),
            ));
        }
    }
    if let Some((_, root)) = tree.at("") {
        // On disk as in git: a working folder's `Patients/` is what a
        // commit would bring.
        let mut top = tree.list(&root).unwrap_or_default();
        top.sort_by(|a, b| a.name.cmp(&b.name));
        stray.extend(top.iter().filter_map(|e| case_twin(&e.name)));
        strays_outside_patients(tree, &root, "", &mut stray);
    }
    diag::locate_all(&mut stray, |rel| tree.text(rel));
    stray
}

/// The links and `.toml` files in `dir` (shown as `rel`) and below it, but
/// for patients/ and names starting with `.`; at the root, a copy of
/// mmx.toml.
pub(crate) fn strays_outside_patients<T: Tree>(
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
pub(crate) fn copy_base(name: &str, file: bool) -> Option<&str> {
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

pub(crate) fn conflict_copy(rel: &str, original: &str, exists: bool) -> Diagnostic {
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

pub(crate) fn unreadable(rel: &str, e: &std::io::Error, folder: bool) -> Diagnostic {
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
pub(crate) fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        std::io::ErrorKind::NotFound => "it went away while being read".into(),
        _ => e.to_string(),
    }
}

pub(crate) fn dir_permissions<T: Tree>(tree: &T, rel: &str, dir: &T::Node) -> Option<Diagnostic> {
    permissions(rel, tree.mode(dir)?, true)
}

#[cfg(unix)]
pub(crate) fn file_mode(meta: &fs::Metadata) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    meta.permissions().mode()
}

#[cfg(not(unix))]
pub(crate) fn file_mode(_: &fs::Metadata) -> u32 {
    0o600
}

/// A warning when a record, or a folder (whose names are patients' names),
/// is open to anyone but its owner: readable or writable by group or others.
pub(crate) fn permissions(rel: &str, mode: u32, is_dir: bool) -> Option<Diagnostic> {
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

pub(crate) fn not_an_id(rel: &str, name: &str) -> Diagnostic {
    let suggestion = ids::slug(name);
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

pub(crate) fn symlink(rel: &str) -> Diagnostic {
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
pub(crate) fn bad_lock_file(rel: &str, kind: EntryKind) -> Option<Diagnostic> {
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

/// A temp file of an interrupted write, said as it is: `record` is the
/// record it was written for (by its name), `record_there` whether the
/// folder holds that record, `linked` whether the temp file has another
/// name (it was linked into place, and only its clean-up was cut short).
pub(crate) fn stray_temp(
    rel: &str,
    record: Option<&str>,
    record_there: bool,
    linked: bool,
) -> Diagnostic {
    let what = match record {
        Some(record) if !record_there => format!(
            "`{record}` was not written: the write was stopped before the record was put in place"
        ),
        Some(record) if linked => format!(
            "its record was written, as `{record}`, but the process was stopped before it said so: look for the record before recording it again"
        ),
        Some(record) => format!("it was never put in place, so `{record}` was not changed by it"),
        None => "no record was written or changed by it".to_string(),
    };
    Diagnostic::new(
        Code::StrayFile,
        rel,
        None,
        format!("`{rel}` is a temp file left by a write that was interrupted; {what}"),
    )
    .hint("mmx removes it on the next write to this patient's folder; deleting it by hand is safe too")
}

/// What an interrupted `patient add` or `patient import` left in
/// patients/.mmx-new: a folder made for a patient and never put in place.
pub(crate) fn unfinished_patient(rel: &str, id: Option<&str>) -> Diagnostic {
    let what = match id {
        Some(id) => format!("patient `{id}` was not created by it"),
        None => "no patient was created by it".to_string(),
    };
    Diagnostic::new(
        Code::StrayFile,
        rel,
        None,
        format!(
            "`{rel}` was left by a `patient add` or `patient import` that was interrupted (a crash or a full disk) before the patient's folder was put in place; {what}, and mmx ignores it"
        ),
    )
    .hint("run the add or the import again: mmx removes what was left when it next adds a patient; deleting it by hand is safe too")
}

pub(crate) fn stray_file(rel: &str, why: &str) -> Diagnostic {
    Diagnostic::new(Code::StrayFile, rel, Some(0..0), format!("`{rel}` is {why}, so mmx ignores it"))
        .hint("records live at patients/ID/patient.toml, patients/ID/prescriptions/RX.toml and patients/ID/sessions/SESSION.toml")
}

pub(crate) fn not_utf8(rel: &str, offset: usize) -> Diagnostic {
    Diagnostic::new(
        Code::TomlSyntax,
        rel,
        Some(offset..offset + 1),
        "the file is not valid UTF-8 text",
    )
    .hint("save the file as UTF-8")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_twins_of_the_practices_names() {
        for twin in [
            "Patients",
            "PATIENTS",
            "MMX.toml",
            "Mmx.Toml",
            "patientſ",
            "patıents",
        ] {
            assert_eq!(
                case_twin(twin).map(|d| d.code),
                Some(Code::CaseTwin),
                "{twin}"
            );
        }
        for other in ["patients", "mmx.toml", "patient", "letters", "Patients2"] {
            assert!(case_twin(other).is_none(), "{other}");
        }
    }
}
