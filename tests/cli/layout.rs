//! The house's shape, held by tests: the library's modules import one another
//! without a cycle, the library knows nothing of the command line, commands
//! do not import other commands, and no source file outgrows one reader.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, into: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("src is readable") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            rust_files(&path, into);
        } else if path.extension().is_some_and(|e| e == "rs") {
            into.push(path);
        }
    }
}

/// The code of a file without its comments and its `mod tests` (a test may
/// reach anywhere).
fn code(path: &Path) -> String {
    let text = fs::read_to_string(path).expect("a source file is UTF-8");
    let text = match text.find("#[cfg(test)]\nmod tests {") {
        Some(at) => &text[..at],
        None => &text[..],
    };
    text.lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The modules `code` names as `crate::NAME`.
fn crate_paths(code: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut rest = code;
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if !name.is_empty() {
            found.insert(name);
        }
    }
    found
}

/// Each top-level module of the library and the modules it uses.
fn library_graph() -> BTreeMap<String, BTreeSet<String>> {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for f in files {
        let rel = f.strip_prefix(src()).expect("under src");
        let top = rel
            .components()
            .next()
            .and_then(|c| c.as_os_str().to_str())
            .expect("a name")
            .trim_end_matches(".rs")
            .to_string();
        if top == "cli" || top == "lib" {
            continue;
        }
        let uses = crate_paths(&code(&f));
        let entry = graph.entry(top.clone()).or_default();
        entry.extend(uses.into_iter().filter(|u| *u != top));
    }
    graph
}

/// A cycle in `graph`, as the modules along it, if there is one.
fn find_cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    // Depth-first, keeping the path: a module met again on its own path
    // closes a cycle.
    fn visit(
        m: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|p| p == m) {
            let mut cycle = path[at..].to_vec();
            cycle.push(m.to_string());
            return Some(cycle);
        }
        if !done.insert(m.to_string()) {
            return None;
        }
        path.push(m.to_string());
        for next in graph.get(m).into_iter().flatten() {
            if let Some(cycle) = visit(next, graph, path, done) {
                return Some(cycle);
            }
        }
        path.pop();
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|m| visit(m, graph, &mut Vec::new(), &mut done))
}

#[test]
fn the_librarys_modules_import_one_another_without_a_cycle() {
    let graph = library_graph();
    assert!(
        graph.len() > 10,
        "the library's modules are found: {graph:?}"
    );
    if let Some(cycle) = find_cycle(&graph) {
        panic!("an import cycle: {}", cycle.join(" -> "));
    }
}

#[test]
fn a_cycle_is_found_where_there_is_one() {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (from, to) in [("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")] {
        graph.entry(from.into()).or_default().insert(to.into());
    }
    assert_eq!(
        find_cycle(&graph).map(|c| c.join(" -> ")),
        Some("a -> b -> c -> a".to_string())
    );
    graph.get_mut("c").expect("c").remove("a");
    assert_eq!(find_cycle(&graph), None);
    assert_eq!(
        crate_paths("use crate::model::fields;\nlet x = crate::text::clean(y);"),
        BTreeSet::from(["model".to_string(), "text".to_string()])
    );
}

#[test]
fn the_library_knows_nothing_of_the_command_line() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    for f in files.iter().filter(|f| !f.starts_with(src().join("cli"))) {
        let code = code(f);
        for word in ["clap", "crate::cli", "println!", "eprintln!"] {
            assert!(
                !code.contains(word),
                "{} uses {word}: the command line's business",
                f.display()
            );
        }
    }
}

#[test]
fn commands_do_not_import_other_commands() {
    let commands = src().join("cli/commands");
    let mut files = Vec::new();
    rust_files(&commands, &mut files);
    for f in &files {
        let rel = f.strip_prefix(&commands).expect("under commands");
        let mine = rel
            .components()
            .next()
            .and_then(|c| c.as_os_str().to_str())
            .expect("a name")
            .trim_end_matches(".rs");
        let code = code(f);
        let mut rest = code.as_str();
        while let Some(at) = rest.find("commands::") {
            rest = &rest[at + "commands::".len()..];
            let other: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            // The dispatcher (commands/mod.rs) names every command.
            assert!(
                other == mine || rel == Path::new("mod.rs"),
                "{} imports the `{other}` command: what two commands share belongs to the core",
                f.display()
            );
        }
    }
}

#[test]
fn no_source_file_is_over_a_thousand_lines() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    for f in files {
        let lines = fs::read_to_string(&f).expect("readable").lines().count();
        assert!(
            lines <= 1000,
            "{} has {lines} lines: split it by what it owns",
            f.display()
        );
    }
}
