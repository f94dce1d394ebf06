//! Patient documents (letters, exports) kept out of the shared history. A
//! clinic shares its practice folder with `git add -A`, which takes every
//! file in it to every clone: a report written beside the records would be
//! too. So an output asked for inside the practice folder goes to
//! `documents/`, a folder git never takes (it ignores itself), and `check`
//! names any file git already holds that is no record but whose name is a
//! patient's.

use std::path::{Component, Path, PathBuf};

use crate::diag::{Code, Diagnostic, Severity};
use crate::error::Result;
use crate::practice::folder::is_order_path;
use crate::practice::store;
use crate::practice::{PATIENTS_DIR, SETTINGS_FILE};

/// The folder, at the top of the practice, that documents go to.
pub const DOCUMENTS_DIR: &str = "documents";

/// What `documents/.gitignore` holds: everything in the folder, itself too,
/// is left out of git's history whatever the practice's own `.gitignore`
/// says (a clone made before mmx wrote one).
const IGNORE_ALL: &str = "# mmx: patient documents stay out of the shared history\n*\n";

/// Where an output asked for at `path` goes: a path inside the practice
/// folder, outside `documents/`, goes to the same place under `documents/`
/// (with the path it had from the top of the practice); any other path is
/// written where it is asked (the records themselves, and mmx.toml, are
/// refused by the writer, as is a pipe or a device). The second value is the path from the top of
/// the practice when it was moved.
pub fn place(path: &Path, root: &Path) -> (PathBuf, Option<String>) {
    // What is there and no file (a pipe, a device) is the writer's to refuse.
    let special = std::fs::metadata(path).is_ok_and(|m| !m.is_file());
    let Some(rel) = within(path, root).filter(|_| !special) else {
        return (path.to_path_buf(), None);
    };
    let first = rel
        .components()
        .next()
        .map(|c| c.as_os_str().to_string_lossy().to_lowercase());
    let kept = match first.as_deref() {
        None => true,
        Some(f) => f == DOCUMENTS_DIR || f == PATIENTS_DIR || (rel == Path::new(SETTINGS_FILE)),
    };
    if kept {
        return (path.to_path_buf(), None);
    }
    let moved = Path::new(DOCUMENTS_DIR).join(&rel);
    (
        root.join(&moved),
        Some(moved.to_string_lossy().replace('\\', "/")),
    )
}

/// `path` from the top of the practice at `root`, when it is inside it
/// (links resolved in the part that exists).
fn within(path: &Path, root: &Path) -> Option<PathBuf> {
    let root = root.canonicalize().ok()?;
    // `..` taken lexically: what does not exist yet holds no link.
    let mut absolute = PathBuf::new();
    for c in std::path::absolute(path).ok()?.components() {
        match c {
            Component::ParentDir => {
                absolute.pop();
            }
            Component::CurDir => {}
            c => absolute.push(c),
        }
    }
    // The nearest folder that exists, resolved; the rest as given.
    let mut rest = Vec::new();
    let mut existing = absolute.as_path();
    let resolved = loop {
        match existing.canonicalize() {
            Ok(real) => break real,
            Err(_) => {
                rest.push(existing.file_name()?.to_os_string());
                existing = existing.parent()?;
            }
        }
    };
    let mut full = resolved;
    for part in rest.into_iter().rev() {
        full.push(part);
    }
    let rel = full.strip_prefix(&root).ok()?;
    rel.components()
        .all(|c| matches!(c, Component::Normal(_)))
        .then(|| rel.to_path_buf())
}

/// Makes `documents/` (private to its owner) with the `.gitignore` that
/// keeps it out of git, and the folders under it a moved path needs.
pub fn prepare(root: &Path, target: &Path) -> Result<()> {
    let dir = root.join(DOCUMENTS_DIR);
    store::create_dirs(&dir)?;
    let ignore = dir.join(".gitignore");
    if std::fs::symlink_metadata(&ignore).is_err() {
        store::create_new(&ignore, IGNORE_ALL.as_bytes())?;
    }
    if let Some(parent) = target.parent() {
        store::create_dirs(parent)?;
    }
    Ok(())
}

/// Writes an output asked for at `path` where [`place`] puts it, atomically
/// (see [`crate::practice::store::write_output`]); the path it went to from
/// the top of the practice, when it was moved to `documents/`.
pub fn write(path: &Path, bytes: &[u8], root: &Path) -> Result<Option<String>> {
    let (target, moved) = place(path, root);
    let in_documents = within(&target, root)
        .is_some_and(|rel| rel.starts_with(DOCUMENTS_DIR) && rel != Path::new(DOCUMENTS_DIR));
    if in_documents {
        prepare(root, &target)?;
    }
    store::write_output(&target, bytes, root)?;
    Ok(moved)
}

/// The words of a patient's id that may name them in a file name: its
/// parts of three letters or more (`marta-quill-1982`: `marta`, `quill`).
fn name_words(id: &str) -> impl Iterator<Item = &str> {
    id.split('-')
        .filter(|w| w.len() >= 3 && w.bytes().any(|b| b.is_ascii_alphabetic()))
}

/// Whether git-held `rel` is a file mmx reads or writes itself (a record,
/// an order kept on file, the settings, the editors' files, git's own).
fn is_mmx_file(rel: &str) -> bool {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    is_order_path(rel)
        || rel.ends_with(".toml")
        || rel.starts_with(".mmx/")
        || matches!(name, ".gitignore" | ".gitattributes" | ".mmx-lock")
}

/// The files git holds in the practice (`tracked`, paths from its top) that
/// are no record but name a patient: any such file under `patients/`, and a
/// file elsewhere whose name holds a word of a patient's id (`ids`). Each
/// is in every clone's history: a warning.
pub fn committed(tracked: &[String], ids: &[String]) -> Vec<Diagnostic> {
    let words: std::collections::HashSet<&str> = ids.iter().flat_map(|id| name_words(id)).collect();
    tracked
        .iter()
        .filter(|rel| !is_mmx_file(rel))
        .filter_map(|rel| {
            let name = rel.rsplit('/').next().unwrap_or(rel).to_lowercase();
            let in_patients = rel.starts_with(&format!("{PATIENTS_DIR}/"));
            let named = name
                .split(|c: char| !c.is_ascii_alphanumeric())
                .any(|w| words.contains(w));
            (in_patients || named).then(|| {
                let mut d = Diagnostic::new(
                    Code::StrayFile,
                    rel.as_str(),
                    None,
                    format!(
                        "`{rel}` is no record, but its name is a patient's, and git holds it: every clone of the practice gets it"
                    ),
                )
                .hint(format!(
                    "`git rm --cached {}` takes it out of what is shared from now on (its history keeps it); outputs written inside the practice go to {DOCUMENTS_DIR}/, which git leaves out",
                    shell_word(rel)
                ));
                d.severity = Severity::Warning;
                d
            })
        })
        .collect()
}

fn shell_word(s: &str) -> String {
    if s.bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"-_./".contains(&b))
    {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_output_inside_the_practice_goes_to_documents() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().canonicalize().unwrap();
        std::fs::create_dir_all(root.join("patients")).unwrap();
        let (path, moved) = place(&root.join("marta.pdf"), &root);
        assert_eq!(
            (path, moved.as_deref()),
            (
                root.join("documents/marta.pdf"),
                Some("documents/marta.pdf")
            )
        );
        let (path, moved) = place(&root.join("letters/x/../marta.pdf"), &root);
        assert_eq!(
            moved.as_deref(),
            Some("documents/letters/marta.pdf"),
            "{path:?}"
        );
        for kept in ["documents/a.pdf", "patients/a/x.pdf", "mmx.toml"] {
            assert_eq!(place(&root.join(kept), &root).1, None, "{kept}");
        }
        let outside = tmp.path().parent().unwrap().join("elsewhere.pdf");
        assert_eq!(place(&outside, &root).1, None);
    }

    #[test]
    fn names_files_git_holds_that_name_a_patient() {
        let tracked: Vec<String> = [
            "mmx.toml",
            ".gitignore",
            ".mmx/schema/patient.schema.json",
            "patients/marta-quill-1982/patient.toml",
            "patients/marta-quill-1982/scan.pdf",
            "marta-progress.pdf",
            "Quill letter.html",
            "new-ids.txt",
            "README.md",
        ]
        .map(String::from)
        .to_vec();
        let found: Vec<String> = committed(&tracked, &["marta-quill-1982".into()])
            .into_iter()
            .map(|d| d.file)
            .collect();
        assert_eq!(
            found,
            [
                "patients/marta-quill-1982/scan.pdf",
                "marta-progress.pdf",
                "Quill letter.html"
            ]
        );
    }
}
