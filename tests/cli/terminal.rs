//! In a real terminal (tmux, 80 and 60 columns, no COLUMNS: the width is
//! the terminal's own): no line mmx prints is wrapped by the terminal, so
//! no id, date or word is cut, and every id shown is whole.

use std::path::Path;
use std::process::Command;

use crate::common::{TODAY, TestPractice, crate_root};

/// What `mmx ARGS` shows in a tmux window `cols` wide, run in `root`: the
/// lines as the window shows them, and whether the terminal had to wrap
/// any of them (a line longer than the window).
fn in_terminal(root: &Path, cols: u16, args: &[&str]) -> (String, bool) {
    in_terminal_coloured(root, cols, args, false)
}

/// [`in_terminal`], in colour when `colour` (as mmx is in a terminal unless
/// NO_COLOR is set), the colour codes left out of what is returned.
fn in_terminal_coloured(root: &Path, cols: u16, args: &[&str], colour: bool) -> (String, bool) {
    let tmp = tempfile::tempdir().unwrap();
    let sock = tmp.path().join("tmux.sock");
    let quote = |s: &str| format!("'{}'", s.replace('\'', "'\\''"));
    let mmx = env!("CARGO_BIN_EXE_mmx");
    let path = std::env::var("PATH").unwrap_or_default();
    let script = format!(
        "cd {root} && env -i PATH={path} HOME={home} {no_colour} MMX_TODAY={TODAY} TZ=UTC TERM=$TERM {mmx} {args} 2>&1\n\
         tmux -S {sock} wait-for -S done\nsleep 60\n",
        root = quote(&root.display().to_string()),
        path = quote(&path),
        home = quote(&tmp.path().display().to_string()),
        no_colour = if colour { "" } else { "NO_COLOR=1" },
        mmx = quote(mmx),
        args = args.iter().map(|a| quote(a)).collect::<Vec<_>>().join(" "),
        sock = quote(&sock.display().to_string()),
    );
    let run = tmp.path().join("run.sh");
    std::fs::write(&run, script).unwrap();
    let tmux = |args: &[&str]| {
        let out = Command::new("tmux")
            .arg("-S")
            .arg(&sock)
            .arg("-f")
            .arg("/dev/null")
            .args(args)
            .output()
            .expect("run tmux");
        assert!(out.status.success(), "tmux {args:?}: {out:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    let size = cols.to_string();
    tmux(&[
        "new-session",
        "-d",
        "-x",
        &size,
        "-y",
        "50",
        "sh",
        run.to_str().unwrap(),
    ]);
    tmux(&["set-option", "-g", "history-limit", "50000"]);
    tmux(&["wait-for", "done"]);
    let shown = tmux(&["capture-pane", "-p", "-S", "-", "-E", "-"]);
    let joined = tmux(&["capture-pane", "-p", "-J", "-S", "-", "-E", "-"]);
    tmux(&["kill-server"]);
    let trim = |s: &str| s.trim_end().to_string();
    // The terminal wrapped a line when the joined capture has it longer than
    // the window; a `-->` location (a long file name) may be.
    let wrapped = trim(&joined)
        .lines()
        .any(|l| l.chars().count() > usize::from(cols) && !l.trim_start().starts_with("-->"));
    (trim(&shown), wrapped)
}

/// Whether any word on the screen is the start of an id cut after a dash
/// (`marta-quill-` over `1982`).
fn cut_id<'a>(shown: &str, ids: &'a [String]) -> Option<&'a str> {
    shown
        .split(|c: char| c.is_whitespace() || c == '|' || c == ',')
        .filter(|w| w.ends_with('-'))
        .find_map(|w| {
            ids.iter()
                .find(|id| id.starts_with(w) && id.len() > w.len())
        })
        .map(String::as_str)
}

fn demo() -> TestPractice {
    TestPractice::copy_of(&crate_root().join("examples/demo-practice"))
}

/// Every id of the demo's patients, prescriptions and sessions.
fn ids(p: &TestPractice) -> Vec<String> {
    p.files("patients")
        .iter()
        .flat_map(|f| {
            let parts: Vec<&str> = f.trim_end_matches(".toml").split('/').collect();
            [parts[1].to_string(), parts[parts.len() - 1].to_string()]
        })
        .filter(|id| id != "patient")
        .collect()
}

#[test]
fn listings_keep_every_id_and_date_whole_at_80_and_60_columns() {
    let p = demo();
    let ids = ids(&p);
    let today = ["--today", "2026-11-23"];
    for cols in [80, 60] {
        for args in [
            vec!["patient", "list"],
            vec!["rx", "list"],
            vec!["session", "list"],
            vec![
                "session",
                "list",
                "--patient",
                "marisol-quinones-hartley-1964",
            ],
        ] {
            let args: Vec<&str> = today.iter().copied().chain(args).collect();
            let (shown, wrapped) = in_terminal(p.root(), cols, &args);
            assert!(
                !wrapped,
                "{cols} columns, {args:?}: a line was wider:\n{shown}"
            );
            assert_eq!(
                cut_id(&shown, &ids),
                None,
                "{cols} columns, {args:?}:\n{shown}"
            );
            // What the listing shows (the patient it is limited to aside),
            // at least each row's id, whole.
            let json = p.mmx(&[&args[..], &["--format", "json"]].concat());
            let rows: Vec<serde_json::Value> = serde_json::from_str(&json.stdout).unwrap();
            for row in &rows {
                let id = row["id"].as_str().unwrap();
                assert!(
                    shown.contains(id),
                    "{cols} columns, {args:?}: `{id}`:\n{shown}"
                );
            }
        }
    }
    // At 60 columns the whole practice's sessions are a block a session,
    // each with its date.
    let (sixty, _) = in_terminal(p.root(), 60, &["--today", "2026-11-23", "session", "list"]);
    assert!(sixty.starts_with("patient "), "{sixty}");
    assert!(sixty.lines().any(|l| l.starts_with("date ")), "{sixty}");
}

#[test]
fn findings_refusals_alerts_and_the_vocabulary_wrap_between_words() {
    let p = TestPractice::with_prescription();
    // A refusal (stderr), a finding (check), an alert and the vocabulary.
    p.write(
        "patients/ana-lima-1980/sessions/2026-11-09-t0t0t0.toml",
        "id = \"2026-11-09-t0t0t0\"\npatient = \"ana-lima-1980\"\nprescription = \"2026-11-02-a7k2mp\"\n\
         date = 2026-11-09\nminutes = 50\nregions = [\"cervical\"]\ntechniques = [\"swedish\"]\n",
    );
    for cols in [80, 60] {
        for args in [
            vec![
                "session",
                "add",
                "--patient",
                "ana-lima-1980",
                "--minutes",
                "50",
                "--date",
                "2026-11-10",
                "--region",
                "right-gluteal",
                "--technique",
                "cupping",
            ],
            vec!["check"],
            vec!["expiring", "--within", "90", "--visits-left", "5"],
            vec!["vocab"],
            // A value clap refuses, in mmx's words.
            vec!["session", "list", "--since", "12/02/2026"],
        ] {
            let (shown, wrapped) = in_terminal(p.root(), cols, &args);
            assert!(
                !wrapped,
                "{cols} columns, {args:?}: a line was wider:\n{shown}"
            );
            assert!(!shown.is_empty(), "{args:?}");
            assert_eq!(
                cut_id(&shown, &["2026-11-02-a7k2mp".to_string()]),
                None,
                "{shown}"
            );
            // The help's words go on under it, the command it names whole.
            if args[0] == "check" {
                assert!(
                    shown.contains("`mmx rx edit 2026-11-02-a7k2mp --add-region cervical`"),
                    "{shown}"
                );
                assert!(shown.lines().any(|l| l.starts_with("      ")), "{shown}");
            }
        }
    }
}

/// In colour, as mmx is in a terminal by default: colour codes take no room,
/// so each line holds the words that fit, the help's lines go on under its
/// words, and a location stays one line when it fits.
#[test]
fn in_colour_a_refusal_fills_its_lines_and_keeps_its_help_under_its_words() {
    let p = TestPractice::with_prescription();
    let refused = [
        "session",
        "add",
        "--patient",
        "ana-lima-1980",
        "--minutes",
        "50",
        "--date",
        "2026-11-10",
        "--region",
        "right-gluteal",
        "--technique",
        "cupping",
    ];
    for cols in [80, 60] {
        let (shown, wrapped) = in_terminal_coloured(p.root(), cols, &refused, true);
        assert!(!wrapped, "{cols} columns: a line was wider:\n{shown}");
        let lines: Vec<&str> = shown.lines().collect();
        let mut titles = 0;
        for pair in lines.windows(2) {
            let (line, next) = (pair[0], pair[1]);
            if line.starts_with("error[") {
                titles += 1;
                // The next word did not fit on the title's line.
                let word = next.split_whitespace().next().unwrap_or_default();
                assert!(
                    next.starts_with("  ")
                        && line.chars().count() + 1 + word.chars().count() > usize::from(cols),
                    "{cols} columns: `{line}` had room for `{word}`:\n{shown}"
                );
            }
        }
        assert_eq!(titles, 2, "{shown}");
        // Under `help: `, six spaces in.
        let help = lines.iter().position(|l| l.starts_with("help: ")).unwrap();
        assert!(
            lines[help + 1].starts_with("      ") && !lines[help + 1].starts_with("       "),
            "{shown}"
        );
        if cols == 80 {
            assert!(
                lines
                    .iter()
                    .any(|l| l.starts_with(" --> patients/ana-lima-1980/sessions/")
                        && l.ends_with(":7:12")),
                "{shown}"
            );
            assert!(
                shown.contains("`mmx rx edit 2026-11-02-a7k2mp --add-region right-gluteal`"),
                "{shown}"
            );
        }
    }
}

/// The date is the last detail of a session to go: at 80 columns one
/// patient's sessions show no other detail without it, and when an id does
/// not carry its date (one chosen with `--id`), the date is never left out.
#[test]
fn a_sessions_date_goes_last_and_never_when_its_id_does_not_say_it() {
    let p = demo();
    let tobias = "tobias-marchetti-wren-1992";
    let list = [
        "--today",
        "2026-11-23",
        "session",
        "list",
        "--patient",
        tobias,
    ];
    let details = ["date", "min", "status", "rx", "pain"];
    let (shown, _) = in_terminal(p.root(), 80, &list);
    let header = shown.lines().nth(1).unwrap_or_default();
    let hidden = shown
        .lines()
        .find_map(|l| l.strip_prefix("(not shown at this width: "))
        .unwrap_or_default();
    assert!(
        header.contains(" date ") || details.iter().all(|d| !header.contains(&format!(" {d} "))),
        "a detail shown without the date:\n{shown}"
    );
    assert!(hidden.is_empty() || hidden.starts_with("date"), "{shown}");
    // A visit whose id is a name, not a date: its date is shown.
    p.mmx(&[
        "--today",
        "2026-11-23",
        "session",
        "add",
        "--patient",
        tobias,
        "--date",
        "2026-11-20",
        "--minutes",
        "45",
        "--region",
        "bilateral-tmj",
        "--technique",
        "myofascial-release",
        "--therapist",
        "Rowan Ashgrove",
        "--id",
        "last-visit-before-renewal",
    ])
    .success();
    for cols in [80, 60] {
        let (shown, wrapped) = in_terminal(p.root(), cols, &list);
        assert!(!wrapped, "{cols} columns:\n{shown}");
        assert!(shown.contains("last-visit-before-renewal"), "{shown}");
        assert!(shown.contains("2026-11-20"), "{cols} columns:\n{shown}");
        assert!(!shown.contains("not shown at this width: date"), "{shown}");
    }
}

/// The text report, letter and appendix, wraps between words at 80 and 60
/// columns: no line is left for the terminal to cut.
#[test]
fn the_text_report_wraps_between_words_at_80_and_60_columns() {
    let p = demo();
    for cols in [80, 60] {
        let (shown, wrapped) = in_terminal(
            p.root(),
            cols,
            &["--today", "2026-11-23", "report", "jose-nunez-1975"],
        );
        assert!(!wrapped, "{cols} columns: a line was wider:\n{shown}");
        assert!(shown.contains("Appendix: session log for"), "{shown}");
        assert!(shown.contains("2026-08-19-sciatica"), "{shown}");
    }
}

/// The intake guide's one command, in a terminal: the form export imports,
/// and the summary comes after the ids it counts.
#[test]
fn the_form_export_imports_in_one_command_with_its_summary_last() {
    let p = TestPractice::new();
    let form = crate_root().join("examples/intake-form.csv");
    let (shown, wrapped) = in_terminal(
        p.root(),
        80,
        &[
            "patient",
            "import",
            "--skip-unknown",
            "--map",
            "Any injuries or conditions we should know about?=contraindications",
            form.to_str().unwrap(),
        ],
    );
    assert!(!wrapped, "{shown}");
    let lines: Vec<&str> = shown.lines().collect();
    let first_id = lines
        .iter()
        .position(|l| *l == "philippa-ashdown-grey-1958")
        .unwrap_or_else(|| panic!("{shown}"));
    let summary = lines
        .iter()
        .position(|l| *l == "5 added, 0 unchanged")
        .unwrap_or_else(|| panic!("{shown}"));
    assert!(first_id < summary, "{shown}");
    assert_eq!(lines.last(), Some(&"5 added, 0 unchanged"), "{shown}");
}

/// `--dry-run` shows the file a write would make under its path, on a line
/// of its own: at 80 columns the path (and the id in it) is whole. (At 60,
/// this one, 61 characters with its `# `, cannot be.)
#[test]
fn a_dry_runs_file_path_is_whole_at_80_columns() {
    let p = TestPractice::with_prescription();
    let (shown, wrapped) = in_terminal(
        p.root(),
        80,
        &[
            "--dry-run",
            "rx",
            "edit",
            "2026-11-02-a7k2mp",
            "--visits",
            "4",
        ],
    );
    assert!(!wrapped, "a line was wider:\n{shown}");
    assert!(
        shown
            .lines()
            .any(|l| l == "# patients/ana-lima-1980/prescriptions/2026-11-02-a7k2mp.toml"),
        "{shown}"
    );
}
