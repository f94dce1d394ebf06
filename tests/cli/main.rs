//! Integration tests: the real `mmx` binary on temporary practices.
//!
//! `common` owns the test environment; each other module covers one area of
//! behaviour, asserting on whole invocations (stdout, stderr, exit status).

mod attacks;
mod check;
mod coding;
mod common;
mod completions;
mod course;
mod docs;
mod documents;
mod edits;
mod everyday;
mod export;
mod fixtures;
mod gate;
mod git;
mod history;
mod home_care;
mod import;
mod intake;
mod layout;
mod letter;
mod listing;
mod locks;
mod order;
mod outcomes;
mod practice;
mod prescription;
mod privacy;
mod records;
mod referral;
mod referral_faults;
mod refusals;
mod report;
mod roundtrip;
mod safety;
mod safety_faults;
mod safety_records;
mod scale;
mod schema;
mod screening;
mod sending;
mod terminal;
mod therapists;
mod usage;
mod zone;

/// The synthetic-practice generator, shared with `cargo run --example synth`.
#[path = "../../examples/synth/practice.rs"]
mod synth;

/// Every file under tests/cli/ is compiled: each `.rs` file and folder is
/// declared as a module by the file of the folder it is in (main.rs here,
/// mod.rs below). A test file left out would never build nor run, and no
/// one would notice. (insta's `snapshots/` folders hold no code.)
#[test]
fn every_file_under_tests_cli_is_declared() {
    use std::path::Path;
    fn declared(module_file: &Path) -> Vec<String> {
        let text = std::fs::read_to_string(module_file)
            .unwrap_or_else(|e| panic!("{}: {e}", module_file.display()));
        text.lines()
            .map(str::trim)
            .filter(|l| !l.starts_with("//"))
            .filter_map(|l| l.strip_suffix(';'))
            .filter_map(|l| match l.split_whitespace().collect::<Vec<_>>()[..] {
                [.., "mod", name] => Some(name.to_string()),
                _ => None,
            })
            .collect()
    }
    fn check(dir: &Path, module_file: &str, missing: &mut Vec<String>) {
        let names = declared(&dir.join(module_file));
        for entry in std::fs::read_dir(dir).expect("list tests/cli") {
            let path = entry.expect("a folder entry").path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if name == module_file || (path.is_dir() && name == "snapshots") {
                continue;
            }
            let module = name.strip_suffix(".rs").unwrap_or(&name);
            if !names.iter().any(|n| n == module) {
                let root = Path::new(env!("CARGO_MANIFEST_DIR"));
                let shown = path.strip_prefix(root).unwrap_or(&path);
                missing.push(shown.display().to_string());
            } else if path.is_dir() {
                check(&path, "mod.rs", missing);
            }
        }
    }
    let mut missing = Vec::new();
    check(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cli"),
        "main.rs",
        &mut missing,
    );
    missing.sort();
    assert!(
        missing.is_empty(),
        "not declared as a module (add `mod NAME;` to main.rs or the folder's mod.rs): {missing:?}"
    );
}
