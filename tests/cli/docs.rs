//! The documentation agrees with the program: the finding codes, the record
//! files' fields and the vocabulary in docs/reference/ are the ones mmx has,
//! the README's shell lines work in a fresh shell, and every relative link in
//! the README, the guides and the reference leads somewhere.

use mmx::model::fields;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path, PathBuf};
use std::process::Command;

use mmx::diag::{COMPLIANCE_CODES, Code};
use mmx::model::fields::Field;
use mmx::model::fields::Nested;
use mmx::model::fields::Ty;
use serde_json::Value;

use crate::common::{TestPractice, crate_root};

/// A file of the repository, by its path from the crate's root.
fn read(path: &str) -> String {
    std::fs::read_to_string(crate_root().join(path))
        .unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
}

/// The lines of a Markdown text that are outside fenced code blocks.
fn prose_lines(text: &str) -> Vec<&str> {
    let mut fenced = false;
    let mut lines = Vec::new();
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if !fenced {
            lines.push(line);
        }
    }
    lines
}

/// The text of the section under the heading that starts with `heading`
/// (`## What an override excuses`), up to the next heading of any level.
fn section<'a>(text: &'a str, heading: &str) -> &'a str {
    let start = text
        .find(&format!("\n{heading}"))
        .unwrap_or_else(|| panic!("no heading {heading:?}"))
        + 1;
    let body = &text[start..];
    let body = &body[body.find('\n').map_or(body.len(), |i| i + 1)..];
    let mut end = 0;
    let mut fenced = false;
    for line in body.split_inclusive('\n') {
        if line.starts_with("```") {
            fenced = !fenced;
        }
        if !fenced && line.starts_with('#') {
            break;
        }
        end += line.len();
    }
    &body[..end]
}

/// Every text between a pair of backticks, in order.
fn backticked(text: &str) -> Vec<&str> {
    text.split('`').skip(1).step_by(2).collect()
}

/// Whether `name` has the shape of a finding code (`wrong-side`).
fn is_code_shaped(name: &str) -> bool {
    !name.is_empty()
        && name
            .split('-')
            .all(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase()))
}

#[test]
fn the_findings_reference_lists_exactly_the_codes_mmx_has() {
    let doc = read("docs/reference/findings.md");
    // The first cell of each row of the table: | `code` | severity | meaning |
    let listed: Vec<&str> = prose_lines(&doc)
        .into_iter()
        .filter_map(|line| line.strip_prefix("| `"))
        .map(|rest| &rest[..rest.find('`').expect("a closing backtick")])
        .collect();
    let mut seen = BTreeSet::new();
    for code in &listed {
        assert!(seen.insert(*code), "{code} is listed twice");
    }
    let known: BTreeSet<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
    let missing: Vec<_> = known.difference(&seen).collect();
    let unknown: Vec<_> = seen.difference(&known).collect();
    assert!(
        missing.is_empty() && unknown.is_empty(),
        "docs/reference/findings.md disagrees with diag::Code: \
         missing from the table {missing:?}; in the table but not in mmx {unknown:?}"
    );
}

#[test]
fn the_findings_reference_says_which_codes_an_override_excuses() {
    let doc = read("docs/reference/findings.md");
    let said: BTreeSet<&str> = backticked(section(&doc, "## What an override excuses"))
        .into_iter()
        .filter(|t| is_code_shaped(t))
        .collect();
    let compliance: BTreeSet<&str> = Code::ALL
        .iter()
        .filter(|c| c.is_compliance())
        .map(|c| c.as_str())
        .collect();
    assert_eq!(said, compliance, "docs/reference/findings.md");
    assert_eq!(
        compliance,
        COMPLIANCE_CODES.iter().copied().collect::<BTreeSet<_>>()
    );
}

/// The example of each record file in docs/reference/file-format.md: the
/// heading its section starts with, the name of its kind as the field tables'
/// paths start with it, and its field table.
const FILE_EXAMPLES: &[(&str, &str, &[Field])] = &[
    ("## `mmx.toml`", "settings", fields::SETTINGS),
    ("## `patient.toml`", "patient", fields::PATIENT),
    ("## `prescriptions/", "prescription", fields::PRESCRIPTION),
    ("## `sessions/", "session", fields::SESSION),
    ("## `reports/", "report", fields::REPORT),
];

/// The first ```toml block of a section, read as TOML; a comment that is a
/// whole `key = value` line (`# mcid = 13`, a field shown but not to be
/// copied as it is) is read as that key.
fn toml_example(section: &str, heading: &str) -> toml::Table {
    let start = section
        .find("```toml\n")
        .unwrap_or_else(|| panic!("no ```toml block under {heading:?}"))
        + "```toml\n".len();
    let block = &section[start..];
    let block = &block[..block.find("```").expect("the block's end")];
    let text: String = block
        .lines()
        .map(|line| match line.strip_prefix("# ") {
            Some(rest)
                if rest
                    .split_once(" = ")
                    .is_some_and(|(key, _)| is_field_name(key)) =>
            {
                rest
            }
            _ => line,
        })
        .flat_map(|line| [line, "\n"])
        .collect();
    toml::from_str(&text)
        .unwrap_or_else(|e| panic!("the example under {heading:?} is not TOML: {e}"))
}

fn is_field_name(key: &str) -> bool {
    !key.is_empty()
        && key
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b == b'_' || b.is_ascii_digit())
}

/// Holds the tables an example shows at `path` to `fields`: every field is
/// shown in at least one of them, every key shown is a field; then the same
/// for each nested table, by the paths of `fields::NESTED`.
fn compare(path: &str, fields: &[Field], shown: &[&toml::Table], problems: &mut Vec<String>) {
    for table in shown {
        for key in table.keys() {
            if !fields.iter().any(|f| f.name == key) {
                problems.push(format!("{path}.{key} is shown, but mmx has no such field"));
            }
        }
    }
    for field in fields {
        let values: Vec<&toml::Value> = shown.iter().filter_map(|t| t.get(field.name)).collect();
        let at = format!("{path}.{}", field.name);
        if values.is_empty() {
            problems.push(format!("{at} is in no example"));
            continue;
        }
        if !matches!(field.ty, Ty::Table | Ty::Tables) {
            continue;
        }
        match fields::nested(&at) {
            Some(Nested::Fields(inner)) => {
                let tables: Vec<&toml::Table> = values
                    .iter()
                    .flat_map(|v| match v {
                        toml::Value::Table(t) => vec![t],
                        toml::Value::Array(a) => a.iter().filter_map(|v| v.as_table()).collect(),
                        _ => Vec::new(),
                    })
                    .collect();
                if tables.is_empty() {
                    problems.push(format!("{at} is shown, but not as a table"));
                }
                compare(&at, inner, &tables, problems);
            }
            // Vocabulary terms as keys ([billing]): any term.
            Some(Nested::TermMap(_)) => {}
            None => problems.push(format!("{at} is a table without a NESTED entry")),
        }
    }
}

#[test]
fn the_file_format_reference_shows_every_field_and_no_other() {
    let doc = read("docs/reference/file-format.md");
    for (kind, _) in fields::RECORD_TOPS {
        assert!(
            FILE_EXAMPLES.iter().any(|(_, k, _)| k == kind),
            "record kind {kind} has no example in this test"
        );
    }
    let mut problems = Vec::new();
    for (heading, kind, fields) in FILE_EXAMPLES {
        let example = toml_example(section(&doc, heading), heading);
        compare(kind, fields, &[&example], &mut problems);
    }
    assert!(
        problems.is_empty(),
        "docs/reference/file-format.md disagrees with src/schema.rs:\n{}",
        problems.join("\n")
    );
}

/// Whether `word` occurs in `text` as a whole term (not inside a longer one:
/// `rotation` is not found in `internal-rotation`).
fn has_term(text: &str, word: &str) -> bool {
    let part = |c: char| c.is_ascii_alphanumeric() || c == '-';
    text.match_indices(word).any(|(i, _)| {
        !text[..i].chars().next_back().is_some_and(part)
            && !text[i + word.len()..].chars().next().is_some_and(part)
    })
}

#[test]
fn the_vocabulary_reference_names_every_term_mmx_accepts() {
    let doc = read("docs/reference/vocabulary.md");
    let p = TestPractice::new();
    let vocab: Value = p.mmx(&["vocab", "--format", "json"]).success().json();
    let strings = |key: &str| -> Vec<String> {
        vocab[key]
            .as_array()
            .unwrap_or_else(|| panic!("vocab JSON has no {key}"))
            .iter()
            .map(|v| v.as_str().expect("a string").to_string())
            .collect()
    };
    let version = vocab["version"].as_u64().expect("a version");
    assert!(
        doc.starts_with(&format!("# Vocabulary (version {version})\n")),
        "docs/reference/vocabulary.md names another version than {version}"
    );
    // Canonical terms are written as code; aliases and motions as words.
    let code: BTreeSet<&str> = backticked(&doc).into_iter().collect();
    let mut missing = Vec::new();
    let mut canonical = strings("midline_regions");
    canonical.extend(strings("paired_regions"));
    canonical.extend(strings("groups"));
    let mut words = strings("motions");
    for t in vocab["techniques"].as_array().expect("techniques") {
        canonical.push(t["id"].as_str().expect("an id").to_string());
        for alias in t["aliases"].as_array().expect("aliases") {
            words.push(alias.as_str().expect("an alias").to_string());
        }
    }
    for a in vocab["region_aliases"].as_array().expect("region aliases") {
        words.push(a["alias"].as_str().expect("an alias").to_string());
    }
    for m in vocab["measures"].as_array().expect("measures") {
        canonical.push(m["id"].as_str().expect("an id").to_string());
    }
    for k in vocab["home_care"]["kinds"]
        .as_array()
        .expect("home-care kinds")
    {
        canonical.push(k["id"].as_str().expect("an id").to_string());
        for alias in k["aliases"].as_array().expect("aliases") {
            words.push(alias.as_str().expect("an alias").to_string());
        }
    }
    for a in vocab["home_care"]["adherence"]
        .as_array()
        .expect("adherence")
    {
        canonical.push(a.as_str().expect("a word").to_string());
    }
    for term in &canonical {
        if !code.contains(term.as_str()) {
            missing.push(format!("`{term}`"));
        }
    }
    for word in &words {
        if !has_term(&doc, word) {
            missing.push(word.clone());
        }
    }
    assert!(
        missing.is_empty(),
        "docs/reference/vocabulary.md does not name: {}",
        missing.join(", ")
    );
    // The ICD-10-CM release the file format names is the one mmx carries.
    let release = vocab["diagnoses"]["release"].as_str().expect("a release");
    let name = release.split(" (").next().unwrap();
    let format = read("docs/reference/file-format.md").replace('\n', " ");
    assert!(
        format.contains(&format!("**{name}")),
        "docs/reference/file-format.md does not name the release {name}"
    );
}

/// The argument of the README's `echo '...' >> RCFILE` line for `shell`.
fn completion_line(doc: &str, shell: &str) -> String {
    let line = doc
        .lines()
        .find(|l| l.contains(&format!("mmx completions {shell}")))
        .unwrap_or_else(|| panic!("no completion line for {shell}"));
    let quoted = line
        .strip_prefix("echo '")
        .and_then(|rest| rest.split_once("' >>"))
        .unwrap_or_else(|| panic!("not an echo '...' >> line: {line}"));
    quoted.0.to_string()
}

/// Runs `args` with mmx on PATH and nothing from the environment but a
/// fresh, empty home; whether it succeeded, and what it printed.
fn fresh_shell(args: &[&str]) -> (bool, String) {
    let bin = Path::new(env!("CARGO_BIN_EXE_mmx"));
    let home = tempfile::tempdir().expect("a home");
    let out = Command::new(args[0])
        .args(&args[1..])
        .env_clear()
        .env(
            "PATH",
            format!("{}:/usr/bin:/bin", bin.parent().unwrap().display()),
        )
        .env("HOME", home.path())
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "{} is needed by the tests (apt-get install {}): {e}",
                args[0], args[0]
            )
        });
    let text =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    (out.status.success(), text)
}

#[test]
fn the_readme_completion_lines_work_in_a_fresh_shell() {
    let readme = read("README.md");
    let guide = read("docs/guides/shell.md");
    for shell in ["bash", "zsh", "fish"] {
        let line = completion_line(&readme, shell);
        assert_eq!(
            line,
            completion_line(&guide, shell),
            "the README and docs/guides/shell.md give different {shell} lines"
        );
        // As the rc file runs it, in a shell that has read no other.
        let (ok, text) = match shell {
            "bash" => fresh_shell(&[
                "bash",
                "--norc",
                "--noprofile",
                "-c",
                &format!("{line}\ncomplete -p mmx"),
            ]),
            "zsh" => fresh_shell(&[
                "zsh",
                "-f",
                "-c",
                &format!("{line}\n(( ${{+_comps[mmx]}} )) && print -r -- $_comps[mmx]"),
            ]),
            _ => fresh_shell(&[
                "fish",
                "--no-config",
                "-c",
                &format!("{line}\ncomplete -c mmx"),
            ]),
        };
        assert!(
            ok && text.contains("mmx") && !text.contains("not found"),
            "{shell}: the README's line does not register mmx's completion:\n{text}"
        );
    }
}

/// The documents whose links this test follows: the README, the guides, the
/// reference and the development notes (the other files in docs/ have
/// owners of their own).
fn linked_documents() -> Vec<PathBuf> {
    let root = crate_root();
    let mut docs = vec![root.join("README.md"), root.join("docs/development.md")];
    for dir in ["docs/guides", "docs/reference"] {
        let mut files: Vec<PathBuf> = std::fs::read_dir(root.join(dir))
            .unwrap_or_else(|e| panic!("{dir}: {e}"))
            .map(|e| e.expect("an entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "md"))
            .collect();
        files.sort();
        docs.extend(files);
    }
    docs
}

/// GitHub's anchor for a heading: lower case, spaces as hyphens, and
/// nothing but letters, digits, hyphens and underscores; a repeated heading
/// gets `-1`, `-2`, ...
fn anchors(text: &str) -> BTreeSet<String> {
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut out = BTreeSet::new();
    for line in prose_lines(text) {
        let Some(title) = line.strip_prefix('#') else {
            continue;
        };
        let title = title.trim_start_matches('#');
        if !title.starts_with(' ') {
            continue;
        }
        let slug: String = title
            .trim()
            .to_lowercase()
            .chars()
            .filter_map(|c| match c {
                ' ' => Some('-'),
                c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
                _ => None,
            })
            .collect();
        let n = seen.entry(slug.clone()).or_insert(0);
        out.insert(if *n == 0 {
            slug.clone()
        } else {
            format!("{slug}-{n}")
        });
        *n += 1;
    }
    out
}

/// `a/b/../c` as `a/c`, without asking the file system.
fn normal(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

#[test]
fn every_relative_link_leads_to_a_file_and_heading_that_exist() {
    let mut broken = Vec::new();
    let docs = linked_documents();
    assert!(docs.len() > 10, "the guides and reference are there");
    for doc in &docs {
        let text = std::fs::read_to_string(doc).expect("a document");
        let name = doc
            .strip_prefix(crate_root())
            .unwrap()
            .display()
            .to_string();
        for line in prose_lines(&text) {
            for (i, _) in line.match_indices("](") {
                let rest = &line[i + 2..];
                let Some(end) = rest.find(')') else {
                    broken.push(format!("{name}: a link not closed on its line: {line}"));
                    continue;
                };
                let target = &rest[..end];
                if target.contains("://") || target.starts_with("mailto:") {
                    continue;
                }
                let (file, anchor) = target.split_once('#').unwrap_or((target, ""));
                let path = if file.is_empty() {
                    doc.clone()
                } else {
                    normal(&doc.parent().unwrap().join(file))
                };
                if !path.exists() {
                    broken.push(format!("{name}: {target}: no such file"));
                    continue;
                }
                if !anchor.is_empty() {
                    let there = std::fs::read_to_string(&path).expect("a linked document");
                    if !anchors(&there).contains(anchor) {
                        broken.push(format!("{name}: {target}: no such heading"));
                    }
                }
            }
        }
    }
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

#[test]
fn anchors_are_made_as_github_makes_them() {
    let text = "# mmx\n## `mmx.toml`: the practice's settings\n```sh\n# not a heading\n```\n## The gate: nothing is written that `check` would not prove\n## Set-up\n## Set-up\n";
    let got: Vec<String> = anchors(text).into_iter().collect();
    assert_eq!(
        got,
        [
            "mmx",
            "mmxtoml-the-practices-settings",
            "set-up",
            "set-up-1",
            "the-gate-nothing-is-written-that-check-would-not-prove",
        ]
    );
}
