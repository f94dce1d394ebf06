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

#[test]
fn bash_completes_subcommands_and_patient_ids() {
    if Command::new("bash").arg("--version").output().is_err() {
        eprintln!("no bash here; skipped");
        return;
    }
    let demo = crate_root().join("examples/demo-practice");
    assert_eq!(bash_complete(&["mmx", "pat"], &demo), ["patient"]);
    let sub = bash_complete(&["mmx", "patient", ""], &demo);
    for want in ["add", "list", "show", "import", "edit"] {
        assert!(sub.iter().any(|s| s == want), "{want} missing from {sub:?}");
    }
    let ids = bash_complete(&["mmx", "report", "jo"], &demo);
    assert_eq!(ids, ["jose-nunez-1975"]);
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
