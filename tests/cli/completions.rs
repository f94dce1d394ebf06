//! `mmx completions` and `mmx man`, generated from the command line itself.

use std::process::Command;

use crate::common::{TestPractice, crate_root};

#[test]
fn every_shell_gets_a_script_naming_mmx() {
    let p = TestPractice::empty();
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let run = p.mmx(&["completions", shell]);
        run.success();
        assert!(run.stdout.contains("mmx"), "{shell}:\n{run}");
        assert!(run.stdout.contains("COMPLETE"), "{shell}:\n{run}");
    }
    p.mmx(&["completions", "tcsh"]).code(2);
}

/// Sources the bash script in a real bash and asks it to complete, as a
/// shell does on Tab; mmx is found on PATH like an installed one.
fn bash_complete(words: &[&str], practice: &std::path::Path) -> Vec<String> {
    let bin = std::path::Path::new(env!("CARGO_BIN_EXE_mmx"));
    let script = format!(
        "source <(mmx completions bash) && complete -p mmx >/dev/null && \
         COMP_WORDS=({words}) && COMP_CWORD={cword} && COMP_TYPE=9 && \
         _clap_complete_mmx mmx \"${{COMP_WORDS[COMP_CWORD]}}\" \"${{COMP_WORDS[COMP_CWORD-1]}}\" && \
         printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        words = words
            .iter()
            .map(|w| format!("'{w}'"))
            .collect::<Vec<_>>()
            .join(" "),
        cword = words.len() - 1,
    );
    let out = Command::new("bash")
        .arg("-c")
        .arg(script)
        .env_clear()
        .env(
            "PATH",
            format!("{}:/usr/bin:/bin", bin.parent().unwrap().display()),
        )
        .env("MMX_DIR", practice)
        .output()
        .expect("run bash");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

/// Runs `script` in a real `shell`, with mmx on PATH and the practice in
/// MMX_DIR; the lines it prints. A shell that is missing fails the test:
/// the README names them, and CI installs them.
fn in_shell(shell: &str, script: &str, practice: &std::path::Path) -> Vec<String> {
    let bin = std::path::Path::new(env!("CARGO_BIN_EXE_mmx"));
    let out = Command::new(shell)
        .arg("-c")
        .arg(script)
        .env_clear()
        .env(
            "PATH",
            format!("{}:/usr/bin:/bin", bin.parent().unwrap().display()),
        )
        .env("HOME", practice)
        .env("MMX_DIR", practice)
        .output()
        .unwrap_or_else(|e| {
            panic!("{shell} is needed by the tests (apt-get install {shell}): {e}")
        });
    assert!(
        out.status.success(),
        "{shell}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

/// zsh runs the script's own completer function; `_describe` and `compdef`,
/// which only a full completion system has, print what they are given (with
/// the suffix `-S` adds).
fn zsh_complete(words: &[&str], practice: &std::path::Path) -> Vec<String> {
    let script = format!(
        "compdef() {{ : }}; \
         _describe() {{ local s=; [[ $4 == -S ]] && s=$5; for x in ${{(P)3}}; do print -r -- \"$x\t$s\"; done }}; \
         source <(mmx completions zsh) && words=({words}) && CURRENT={current} && \
         _clap_dynamic_completer_mmx; true",
        words = words
            .iter()
            .map(|w| format!("'{w}'"))
            .collect::<Vec<_>>()
            .join(" "),
        current = words.len(),
    );
    // `VALUE:DESCRIPTION`, a `:` in the value written `\:`; then the suffix.
    in_shell("zsh", &script, practice)
        .into_iter()
        .map(|l| {
            let (entry, suffix) = l.split_once('\t').unwrap_or((&l, ""));
            let mut value = String::new();
            let mut chars = entry.chars();
            while let Some(c) = chars.next() {
                match c {
                    '\\' => value.extend(chars.next()),
                    ':' => break,
                    c => value.push(c),
                }
            }
            value + suffix
        })
        .collect()
}

/// fish asks its own completion machinery, as a Tab does.
fn fish_complete(line: &str, practice: &std::path::Path) -> Vec<String> {
    let script = format!("mmx completions fish | source; complete -C '{line}'");
    in_shell("fish", &script, practice)
        .into_iter()
        .map(|l| l.split('\t').next().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn a_dir_on_the_line_is_the_practice_completed_from() {
    let elsewhere = TestPractice::empty();
    let demo = crate_root().join("examples/demo-practice");
    let words = ["mmx", "--dir", demo.to_str().unwrap(), "report", "jo"];
    assert_eq!(bash_complete(&words, elsewhere.root()), ["jose-nunez-1975"]);
}

#[test]
fn bash_completes_subcommands_and_patient_ids() {
    let demo = crate_root().join("examples/demo-practice");
    assert_eq!(bash_complete(&["mmx", "pat"], &demo), ["patient"]);
    let sub = bash_complete(&["mmx", "patient", ""], &demo);
    for want in ["add", "list", "show", "import", "edit"] {
        assert!(sub.iter().any(|s| s == want), "{want} missing from {sub:?}");
    }
    let ids = bash_complete(&["mmx", "report", "jo"], &demo);
    assert_eq!(ids, ["jose-nunez-1975"]);
    let genders = bash_complete(&["mmx", "patient", "add", "--gender", "f"], &demo);
    assert_eq!(genders, ["female"]);
}

/// Every kind of id and vocabulary term, in each shell.
#[test]
fn every_shell_completes_ids_and_terms() {
    let demo = crate_root().join("examples/demo-practice");
    let cases: &[(&[&str], &[&str])] = &[
        (&["mmx", "r"], &["report", "rx"]),
        (
            &["mmx", "patient", "show", "to"],
            &["tobias-marchetti-wren-1992"],
        ),
        (
            &["mmx", "patient", "edit", "to"],
            &["tobias-marchetti-wren-1992"],
        ),
        (&["mmx", "rx", "show", "2026-08"], &["2026-08-19-sciatica"]),
        (
            &["mmx", "session", "add", "--rx", "2026-08"],
            &["2026-08-19-sciatica"],
        ),
        (&["mmx", "session", "show", "jo"], &["jose-nunez-1975/"]),
        (
            &["mmx", "session", "void", "jose-nunez-1975/2026-10-0"],
            &[
                "jose-nunez-1975/2026-10-02-1730",
                "jose-nunez-1975/2026-10-09-1730",
            ],
        ),
        (
            &["mmx", "session", "add", "--region", "left-th"],
            &["left-thigh"],
        ),
        (
            &["mmx", "rx", "add", "--technique", "myofascial-r"],
            &["myofascial-release"],
        ),
        (&["mmx", "session", "add", "--measure", "nd"], &["ndi="]),
        (
            &[
                "mmx",
                "patient",
                "screen",
                "jose-nunez-1975",
                "--flag",
                "dvt",
            ],
            &["dvt-history"],
        ),
        (
            &["mmx", "session", "add", "--health-change-flag", "surg"],
            &["surgery-6mo"],
        ),
        (
            &["mmx", "session", "add", "--measure", "rom:left-sh"],
            &["rom:left-shoulder:"],
        ),
        (
            &["mmx", "session", "add", "--home-care", "st"],
            &["strengthen:", "stretch:"],
        ),
        (
            &["mmx", "session", "add", "--home-care", "stretch:left-sh"],
            &["stretch:left-shoulder:"],
        ),
        (&["mmx", "session", "add", "--adherence", "p"], &["partial"]),
    ];
    let sorted = |mut v: Vec<String>| {
        v.sort();
        v
    };
    for (words, want) in cases {
        assert_eq!(
            sorted(bash_complete(words, &demo)),
            *want,
            "bash: {words:?}"
        );
        assert_eq!(sorted(zsh_complete(words, &demo)), *want, "zsh: {words:?}");
        assert_eq!(
            sorted(fish_complete(&words.join(" "), &demo)),
            *want,
            "fish: {words:?}"
        );
    }
}

/// `--rx` offers the prescriptions of the patient the line names, and a
/// region or technique its aliases too, in each shell.
#[test]
fn rx_completes_the_typed_patients_prescriptions_and_terms_their_aliases() {
    let demo = crate_root().join("examples/demo-practice");
    let jose = ["2026-06-01-sciatica", "2026-08-19-sciatica"];
    let cases: &[(&[&str], &[&str])] = &[
        (
            &[
                "mmx",
                "session",
                "add",
                "--patient",
                "jose-nunez-1975",
                "--rx",
                "",
            ],
            &jose,
        ),
        (&["mmx", "report", "jose-nunez-1975", "--rx", ""], &jose),
        (&["mmx", "session", "add", "--technique", "mf"], &["mfr"]),
        (&["mmx", "rx", "add", "--region", "low-b"], &["low-back"]),
        (
            &["mmx", "rx", "add", "--region", "left-cal"],
            &["left-calf"],
        ),
    ];
    for (words, want) in cases {
        let mut got = bash_complete(words, &demo);
        got.sort();
        assert_eq!(got, *want, "bash: {words:?}");
        let mut got = zsh_complete(words, &demo);
        got.sort();
        assert_eq!(got, *want, "zsh: {words:?}");
    }
}

#[test]
fn man_is_roff_for_every_command() {
    let run = TestPractice::empty().mmx(&["man"]);
    run.success();
    assert!(
        run.stdout.lines().any(|l| l.starts_with(".TH mmx 1")),
        "{run}"
    );
    for command in ["patient", "export", "completions", "check"] {
        assert!(run.stdout.contains(command), "{command} missing");
    }
}

#[test]
fn man_out_refuses_the_practices_record_folders() {
    let p = TestPractice::with_prescription();
    let before = p.files("");
    let folder = p.path("patients/ana-lima-1980");
    for (at, out) in [
        (p.root().to_path_buf(), "patients/ana-lima-1980"),
        (p.root().to_path_buf(), "patients"),
        // Not there yet, or named with another case (one folder on macOS).
        (p.root().to_path_buf(), "patients/man/man1"),
        (p.root().to_path_buf(), "Patients/man1"),
        (folder.clone(), "."),
        (folder.join("sessions"), "../man1"),
        (p.path("share"), "../patients/x"),
        (p.root().to_path_buf(), "new/../patients/x"),
    ] {
        std::fs::create_dir_all(&at).unwrap();
        let run = p.command(&["man", "--out", out]).current_dir(&at).run();
        assert_eq!(run.code, 2, "{out} from {}: {run}", at.display());
        assert!(
            run.stderr.starts_with(&format!(
                "error: --out {out} is inside the records of the practice in {}; nothing was written\n  hint: write the pages outside patients/",
                p.root().display()
            )),
            "{run}"
        );
        assert!(run.stdout.is_empty(), "{run}");
    }
    assert_eq!(p.files(""), before, "a page was written");
    assert!(!p.path("Patients").exists() && !p.path("patients/man").exists());
    // Beside the records is the practice's business.
    p.mmx(&["man", "--out", "share/man1"]).success();
    assert!(p.path("share/man1/mmx.1").is_file());
}

#[test]
fn man_out_writes_a_page_for_every_subcommand_into_a_new_folder() {
    let p = TestPractice::empty();
    let dir = p.root().join("share/man/man1");
    let run = p.mmx(&["man", "--out", dir.to_str().unwrap()]);
    run.success();
    let written: Vec<&str> = run.stdout.lines().collect();
    for page in [
        "mmx.1",
        "mmx-session-add.1",
        "mmx-rx-list.1",
        "mmx-hook-install.1",
        "mmx-export-fhir.1",
    ] {
        let path = dir.join(page);
        assert!(
            written.contains(&path.to_str().unwrap()),
            "{page} not listed:\n{run}"
        );
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.starts_with(".ie") || text.contains(".TH"), "{page}");
        assert!(text.contains(".SH \"EXIT STATUS\""), "{page}");
        assert!(text.contains(".SH \"SEE ALSO\""), "{page}");
    }
    let top = std::fs::read_to_string(dir.join("mmx.1")).unwrap();
    for section in [
        ".SH ENVIRONMENT",
        ".SH FILES",
        ".SH EXAMPLES",
        "MMX_TODAY",
        "NO_COLOR",
    ] {
        assert!(top.contains(section), "{section} missing from mmx.1");
    }
    let add = std::fs::read_to_string(dir.join("mmx-session-add.1")).unwrap();
    assert!(
        add.contains("\\-\\-pain\\-before") || add.contains("pain-before"),
        "{add}"
    );
    // Every page a page names is there.
    for page in std::fs::read_dir(&dir).unwrap() {
        let text = std::fs::read_to_string(page.unwrap().path()).unwrap();
        for name in text
            .split("\\fB")
            .skip(1)
            .filter_map(|s| s.split_once("\\fR(1)"))
            .map(|(n, _)| n)
        {
            let name = name.replace("\\-", "-");
            assert!(
                dir.join(format!("{name}.1")).is_file(),
                "{name}(1) is named but not written"
            );
        }
    }
}

/// The files `man mmx` lists are the practice folder's files the reference
/// lists (docs/reference/file-format.md), no more and no fewer, and its SEE
/// ALSO sends the reader to that reference.
#[test]
fn the_manual_names_the_files_and_the_reference_the_docs_give() {
    let page = TestPractice::empty().mmx(&["man"]).stdout;
    let files = page
        .split(".SH FILES\n")
        .nth(1)
        .and_then(|s| s.split("\n.SH ").next())
        .expect("a FILES section");
    // `\fBpatients/\fIID\fB/prescriptions/\fIRX\fB.toml\fR` as the reader
    // sees it, each placeholder a word in capitals.
    let mut in_man: Vec<String> = files
        .split(".TP\n")
        .skip(1)
        .map(|entry| {
            entry
                .lines()
                .next()
                .unwrap_or_default()
                .replace("\\fB", "")
                .replace("\\fI", "")
                .replace("\\fR", "")
                .replace("\\-", "-")
        })
        .collect();
    let reference =
        std::fs::read_to_string(crate_root().join("docs/reference/file-format.md")).unwrap();
    let block = reference
        .split("## The practice folder\n\n```\n")
        .nth(1)
        .and_then(|s| s.split("```").next())
        .expect("the reference's folder block");
    let mut in_docs: Vec<String> = block
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .map(|path| {
            path.split('/')
                .map(|part| match part.split_once('>') {
                    Some((name, rest)) => {
                        let name = name.trim_start_matches('<');
                        let word = match name {
                            "patient-id" => "ID".to_string(),
                            "rx-id" => "RX".to_string(),
                            "session-id" => "SESSION".to_string(),
                            "report-id" => "REPORT".to_string(),
                            other => other.to_uppercase(),
                        };
                        format!("{word}{rest}")
                    }
                    None => part.to_string(),
                })
                .collect::<Vec<_>>()
                .join("/")
        })
        .collect();
    in_man.sort();
    in_docs.sort();
    assert_eq!(
        in_man, in_docs,
        "man mmx's FILES and the reference's folder differ"
    );
    let see_also = page.split(".SH \"SEE ALSO\"\n").nth(1).unwrap_or_default();
    assert!(see_also.contains("docs/reference/"), "{see_also}");
    assert!(!see_also.contains("README"), "{see_also}");
}

/// The environment and the global flags the command-line reference gives
/// (docs/reference/command-line.md) are those `man mmx` and `mmx --help`
/// give: a variable or a flag added to one and not the other fails here.
#[test]
fn the_manual_and_help_give_the_environment_and_flags_the_reference_gives() {
    let reference =
        std::fs::read_to_string(crate_root().join("docs/reference/command-line.md")).unwrap();
    let table = reference
        .split("## Global flags\n")
        .nth(1)
        .and_then(|s| s.split("\n## ").next())
        .expect("the reference's global flags");
    let (mut flags, mut vars) = (Vec::new(), Vec::new());
    for row in table
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| flag"))
    {
        let cells: Vec<&str> = row.split(" | ").collect();
        if let Some(flag) = cells[0].trim_start_matches("| ").split('`').nth(1) {
            flags.push(flag.split(' ').next().unwrap().to_string());
        }
        if let Some(var) = cells.get(1).and_then(|c| c.split('`').nth(1)) {
            vars.push(var.to_string());
        }
    }
    let page = TestPractice::empty().mmx(&["man"]).stdout;
    let environment = page
        .split(".SH ENVIRONMENT\n")
        .nth(1)
        .and_then(|s| s.split("\n.SH ").next())
        .expect("an ENVIRONMENT section");
    let mut in_man: Vec<String> = environment
        .split(".TP\n")
        .skip(1)
        .filter_map(|e| e.lines().next())
        .map(|l| l.replace("\\fB", "").replace("\\fR", ""))
        // Set by the completion scripts, not by a person.
        .filter(|v| v != "COMPLETE")
        .collect();
    in_man.sort();
    vars.sort();
    assert_eq!(
        in_man, vars,
        "man mmx's ENVIRONMENT and the reference differ"
    );
    let help = TestPractice::empty().mmx(&["--help"]).stdout;
    let global = help
        .split("Global options:\n")
        .nth(1)
        .expect("global options");
    let mut in_help: Vec<String> = global
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix("--"))
        .map(|l| format!("--{}", l.split([' ', '<']).next().unwrap()))
        .collect();
    in_help.sort();
    flags.sort();
    assert_eq!(
        in_help, flags,
        "mmx --help's global options and the reference differ"
    );
}
