//! The README's tour, run as written by a newcomer in a fresh home: each of
//! its shell blocks in turn, each console block's output as the README shows
//! it (ids aside: they are random), and the practice it leaves, once the
//! sharing guide's `init --git` has made it a repository, holding nothing
//! but records and mmx's own files for `git add -A` to share.

use std::path::Path;
use std::process::Command;

use crate::common::crate_root;

/// The tour's date: the README's check output says the override was
/// recorded on 2026-11-06.
const TOUR_DAY: &str = "2026-11-06";

/// The fenced blocks (info string, text) of the README's `## A tour`.
fn tour_blocks() -> Vec<(String, String)> {
    let readme = std::fs::read_to_string(crate_root().join("README.md")).unwrap();
    let start = readme.find("\n## A tour\n").expect("the README has a tour");
    let tour = &readme[start + 1..];
    let end = tour[3..].find("\n## ").map_or(tour.len(), |i| i + 3);
    let mut blocks = Vec::new();
    let mut open: Option<(String, String)> = None;
    for line in tour[..end].lines() {
        match (&mut open, line.strip_prefix("```")) {
            (None, Some(info)) => open = Some((info.to_string(), String::new())),
            (Some(_), Some(_)) => blocks.push(open.take().unwrap()),
            (Some((_, text)), None) => {
                text.push_str(line);
                text.push('\n');
            }
            (None, None) => {}
        }
    }
    blocks
}

/// `script` run by bash in `dir` as a fresh account would: mmx on PATH,
/// HOME a fresh folder, nothing else from this environment; stdout and
/// stderr together, as a terminal shows them, and the exit status.
fn run(home: &Path, dir: &Path, script: &str) -> (String, i32) {
    let bin = Path::new(env!("CARGO_BIN_EXE_mmx"));
    let out = Command::new("bash")
        .arg("-c")
        .arg(format!("exec 2>&1\n{script}"))
        .env_clear()
        .env(
            "PATH",
            format!("{}:/usr/bin:/bin", bin.parent().unwrap().display()),
        )
        .env("HOME", home)
        .env("MMX_TODAY", TOUR_DAY)
        .env("TZ", "UTC")
        .env("NO_COLOR", "1")
        .current_dir(dir)
        .output()
        .expect("bash runs");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

/// `text` with each dated random id (`2026-11-02-8a6v5z`) as `ID`.
fn ids_as_id(text: &str) -> String {
    let bytes = text.as_bytes();
    let shape = b"dddd-dd-dd-";
    let mut out = String::new();
    let mut i = 0;
    while i < text.len() {
        let dated = bytes.len() >= i + 17
            && shape.iter().enumerate().all(|(k, s)| match s {
                b'd' => bytes[i + k].is_ascii_digit(),
                c => bytes[i + k] == *c,
            })
            && bytes[i + 11..i + 17]
                .iter()
                .all(|b| b.is_ascii_digit() || b.is_ascii_lowercase())
            && bytes
                .get(i + 17)
                .is_none_or(|b| !(b.is_ascii_alphanumeric() || *b == b'-'));
        if dated {
            out.push_str("ID");
            i += 17;
        } else {
            let c = text[i..].chars().next().unwrap();
            out.push(c);
            i += c.len_utf8();
        }
    }
    out
}

/// A console block as the commands it types and the output it shows.
fn console(block: &str) -> (String, String) {
    let (mut script, mut shown) = (String::new(), String::new());
    let mut continued = false;
    for line in block.lines() {
        if let Some(cmd) = line.strip_prefix("$ ").filter(|_| !continued) {
            script.push_str(cmd);
            script.push('\n');
            continued = cmd.ends_with('\\');
        } else if continued {
            script.push_str(line);
            script.push('\n');
            continued = line.ends_with('\\');
        } else {
            shown.push_str(line);
            shown.push('\n');
        }
    }
    (script, shown)
}

#[test]
fn the_readme_tour_runs_as_written_and_leaves_nothing_but_records() {
    let home = tempfile::tempdir().unwrap();
    let practice = home.path().join("practice");
    let blocks = tour_blocks();
    let mut shell = blocks.iter().filter(|(info, _)| info == "sh");
    let mut consoles = blocks.iter().filter(|(info, _)| info == "console");

    // `mmx init ~/practice ...` (the `cd` is for the blocks that follow).
    let (said, code) = run(home.path(), home.path(), &shell.next().unwrap().1);
    assert_eq!(code, 0, "{said}");
    // The intake script: what it recorded, the session's id last, and no
    // finding the README does not show.
    let (said, code) = run(home.path(), &practice, &shell.next().unwrap().1);
    assert_eq!(code, 0, "{said}");
    assert!(
        !said.contains("warning")
            && !said.contains("error")
            && ids_as_id(&said).ends_with("\nID\n"),
        "the intake script said more than the README shows:\n{said}"
    );
    // The refused session, word for word but for the ids.
    let (script, shown) = console(&consoles.next().unwrap().1);
    let (said, _) = run(home.path(), &practice, &script);
    assert_eq!(ids_as_id(&said), ids_as_id(&shown));
    // The override, then `mmx check` as the README shows it.
    let (said, code) = run(home.path(), &practice, &shell.next().unwrap().1);
    assert_eq!(code, 0, "{said}");
    let (script, shown) = console(&consoles.next().unwrap().1);
    let (said, _) = run(home.path(), &practice, &script);
    assert_eq!(ids_as_id(&said), ids_as_id(&shown));
    // Where to go next: the letter goes to the home folder.
    let (said, _) = run(home.path(), &practice, &shell.next().unwrap().1);
    assert!(said.contains("marta-quill-1982"), "{said}");
    assert!(home.path().join("marta-progress.pdf").is_file(), "{said}");

    // Shared as the sharing guide sets it up: `git add -A` would take
    // records and mmx's own files, nothing else.
    let sharing = std::fs::read_to_string(crate_root().join("docs/guides/sharing.md")).unwrap();
    let init = sharing
        .lines()
        .find(|l| l.starts_with("mmx init ~/practice") && l.contains("--git"))
        .expect("the sharing guide's init line");
    let (said, code) = run(home.path(), home.path(), init);
    assert_eq!(code, 0, "{said}");
    let (status, code) = run(
        home.path(),
        &practice,
        "git status --porcelain --untracked-files=all",
    );
    assert_eq!(code, 0, "{status}");
    let own = ["mmx.toml", ".gitignore", ".gitattributes", ".taplo.toml"];
    for line in status.lines() {
        let path = line.trim_start_matches("?? ");
        let record = path.starts_with("patients/") && path.ends_with(".toml");
        assert!(
            record || own.contains(&path) || path.starts_with(".mmx/schema/"),
            "the tour left `{path}` for git to share:\n{status}"
        );
    }
}
