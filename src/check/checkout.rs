//! What a checkout would make of a tree in git: rules about the files git
//! itself reads. A shared remote judges them (hidden files included), so no
//! clone checks out records other than those checked. (The names a
//! case-insensitive clone would fold together, `Patients/` beside
//! `patients/`, are `case-twin` findings of the practice folder itself,
//! on disk and in git alike: [`crate::practice::lint::case_twin`].)
//!
//! - `.gitattributes` below the practice's top, `.gitmodules` anywhere in
//!   it, and any attribute at the top that could change a record's bytes on
//!   checkout (`working-tree-encoding`, `filter`, `ident`, `eol` other than
//!   `lf`, `crlf`) are errors (`git-attributes`). What `mmx init --git`
//!   writes (`*.toml text eol=lf`) passes. A practice in a folder of a
//!   larger repository is judged by the `.gitattributes` of every folder
//!   above it too (git applies them to its files alike), on the lines whose
//!   pattern can reach into it.

use crate::diag::{Code, Diagnostic};

/// The finding for a file git reads for its own use, at `rel` in the
/// practice: `.gitattributes` anywhere but the top, `.gitmodules` anywhere
/// (in any case: a case-insensitive clone reads them all the same).
pub fn git_file(rel: &str) -> Option<Diagnostic> {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    let lower = name.to_lowercase();
    let message = if lower == ".gitmodules" {
        format!("`{rel}` names submodules: what a submodule holds is never checked")
    } else if lower == ".gitattributes" && (rel.contains('/') || name != ".gitattributes") {
        format!(
            "`{rel}` gives git attributes inside the practice, which can change the records' bytes on checkout (their encoding, line endings, a filter)"
        )
    } else {
        return None;
    };
    Some(
        Diagnostic::new(Code::GitAttributes, rel, None, message)
            .hint("remove it (`git rm`): the practice's one `.gitattributes` is the one at its top, as `mmx init --git` writes it"),
    )
}

/// The findings in a `.gitattributes` (`rel`) that applies to the
/// practice's files: the practice's top one (`below` empty), or one in a
/// folder above the practice, which `below` is the path to from there
/// (`front desk`). Each line that could change a record's bytes on
/// checkout is one.
pub fn attributes(rel: &str, text: &str, below: &str) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (pattern, attrs) = split_pattern(line);
        let is_macro = pattern.starts_with("[attr]");
        let applies = is_macro || (may_match_toml(pattern) && reaches(pattern, below));
        if !applies {
            continue;
        }
        if let Some(attr) = attrs.split_whitespace().find(|a| changes_bytes(a)) {
            let name = attr.split('=').next().unwrap_or(attr);
            let mut d = Diagnostic::new(
                Code::GitAttributes,
                rel,
                None,
                if is_macro {
                    format!("the attribute macro on line {} sets `{name}`, which changes a file's bytes on checkout", i + 1)
                } else {
                    format!("line {} sets `{name}` on files that may be records: it changes their bytes on checkout (a clone would read them differently)", i + 1)
                },
            )
            .hint("remove the line; records are kept as UTF-8 text with LF line endings (`*.toml text eol=lf`)");
            d.line = i + 1;
            d.column = 1;
            found.push(d);
        }
    }
    found
}

/// A line's pattern (quoted or not) and the attributes after it.
fn split_pattern(line: &str) -> (&str, &str) {
    if let Some(rest) = line.strip_prefix('"') {
        // A C-style quoted pattern: up to the closing quote not escaped.
        let mut escaped = false;
        for (i, c) in rest.char_indices() {
            match c {
                '\\' if !escaped => escaped = true,
                '"' if !escaped => return (&rest[..i], &rest[i + 1..]),
                _ => escaped = false,
            }
        }
        return (rest, "");
    }
    match line.find(char::is_whitespace) {
        Some(i) => (&line[..i], &line[i..]),
        None => (line, ""),
    }
}

/// Whether an attribute, as set on a line, changes a file's bytes between
/// git and the disk: an encoding, a filter, `$Id$` expansion, CRLF line
/// endings. Unset (`-a`, `!a`) ones do not, nor `eol=lf`, `text`,
/// `crlf=input` (which change only what is committed).
fn changes_bytes(attr: &str) -> bool {
    if attr.starts_with('-') || attr.starts_with('!') {
        return false;
    }
    let (name, value) = match attr.split_once('=') {
        Some((n, v)) => (n, Some(v)),
        None => (attr, None),
    };
    match name {
        "working-tree-encoding" | "filter" | "ident" => true,
        "eol" => value != Some("lf"),
        "crlf" => value != Some("input"),
        _ => false,
    }
}

/// Whether a gitattributes pattern, in the folder `below` is the practice's
/// path from, could match a file inside the practice: a pattern without a
/// `/` matches at any depth; one with a `/` is matched from its folder, so
/// each of its parts must agree with the path down to the practice (a
/// glob may: unsure is yes) and go on past it. A part that ends the pattern
/// at a folder on the way names that folder, whose files git gives no
/// attributes by it, unless it is `**`.
fn reaches(pattern: &str, below: &str) -> bool {
    if below.is_empty() {
        return true;
    }
    let anchored = pattern.strip_prefix('/').unwrap_or(pattern);
    if !anchored.contains('/') {
        return pattern == anchored;
    }
    let parts: Vec<&str> = anchored.split('/').collect();
    for (i, folder) in below.split('/').enumerate() {
        let Some(part) = parts.get(i) else {
            return false;
        };
        if i + 1 == parts.len() {
            return *part == "**";
        }
        if part.contains(['*', '?', '[', '\\']) {
            return true;
        }
        // A clone that ignores case matches folders so.
        if !part.eq_ignore_ascii_case(folder) {
            return false;
        }
    }
    true
}

/// Whether a gitattributes pattern could match a file whose name ends in
/// `.toml` (in any case): its last part ends in `.toml`, or holds a glob
/// whose literal end could be the end of `.toml`. Unsure is yes.
fn may_match_toml(pattern: &str) -> bool {
    let last = pattern.rsplit('/').next().unwrap_or(pattern).to_lowercase();
    if last.ends_with(".toml") {
        return true;
    }
    let globbed = last.contains(['*', '?', '[', '\\']);
    if !globbed {
        return false;
    }
    // The literal characters after the last glob character: a match ends
    // with them.
    let suffix = match last.rfind(['*', '?', ']', '\\']) {
        Some(i) => &last[i + 1..],
        None => last.as_str(),
    };
    suffix.is_empty() || ".toml".ends_with(suffix) || suffix.ends_with(".toml")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn git_files_below_the_top() {
        assert!(git_file(".gitattributes").is_none());
        assert!(git_file(".gitignore").is_none());
        assert!(git_file("patients/.gitattributes").is_some());
        assert!(git_file("patients/ana-lima-1980/.GitAttributes").is_some());
        assert!(git_file(".GITATTRIBUTES").is_some());
        assert!(git_file(".gitmodules").is_some());
        assert!(git_file("letters/.gitmodules").is_some());
    }

    #[test]
    fn attributes_that_change_a_records_bytes() {
        let init = "# mmx records are text: merged line by line, LF line endings on every clone\n*.toml text eol=lf\n";
        assert!(attributes(".gitattributes", init, "").is_empty());
        let fine =
            "*.pdf binary\n*.txt eol=crlf\n*.toml -text\n*.md filter=lfs\n*.toml crlf=input\n";
        assert!(
            attributes(".gitattributes", fine, "").is_empty(),
            "{:?}",
            attributes(".gitattributes", fine, "")
        );
        for bad in [
            "*.toml text working-tree-encoding=UTF-16LE",
            "* filter=crypt",
            "patients/** eol=crlf",
            "*.tom? ident",
            "*ml crlf",
            "*.[Tt][Oo][Mm][Ll] text eol=crlf",
            "[attr]rec text eol=crlf",
            "\"*.toml\" eol=crlf",
            "sessions/*.TOML eol=crlf",
        ] {
            let found = attributes(".gitattributes", &format!("{init}{bad}\n"), "");
            assert_eq!(found.len(), 1, "{bad}");
            assert_eq!(
                (found[0].line, found[0].code),
                (3, Code::GitAttributes),
                "{bad}"
            );
        }
    }

    #[test]
    fn attributes_above_the_practice_count_where_they_reach_it() {
        // The practice is `clinic/desk` from the repository's top.
        let below = "clinic/desk";
        for reaching in [
            "*.toml working-tree-encoding=UTF-16LE",
            "**/*.toml eol=crlf",
            "clinic/** filter=crypt",
            "/clinic/desk/patients/** eol=crlf",
            "Clinic/Desk/*.toml eol=crlf",
            "\"clinic/desk/*.toml\" eol=crlf",
            "clinic/*/patients/**/*.toml ident",
            "* filter=crypt",
        ] {
            let found = attributes("../../.gitattributes", &format!("{reaching}\n"), below);
            assert_eq!(found.len(), 1, "{reaching}");
            assert_eq!(found[0].file, "../../.gitattributes");
        }
        for elsewhere in [
            "/*.toml eol=crlf",
            "docs/*.toml eol=crlf",
            "clinic/*.toml eol=crlf",
            "clinic/desk eol=crlf",
            "clinic/other/** eol=crlf",
            "*.toml text eol=lf",
        ] {
            assert!(
                attributes("../../.gitattributes", &format!("{elsewhere}\n"), below).is_empty(),
                "{elsewhere}"
            );
        }
    }
}
