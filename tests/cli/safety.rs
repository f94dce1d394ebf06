//! Never lose, corrupt or leak a record: racing writers, killed writers,
//! hostile files, links, permissions.

use crate::common;
use std::collections::BTreeSet;
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use crate::common::{PATIENT, RX, TestPractice};

fn session_args(date: &str) -> Vec<String> {
    [
        "session",
        "add",
        "--patient",
        PATIENT,
        "--date",
        date,
        "--minutes",
        "50",
        "--region",
        "lumbar",
        "--technique",
        "swedish",
        "--subjective",
        "Reports stiffness after long drives.",
    ]
    .map(String::from)
    .to_vec()
}

/// `session add` of one visit on `date`, run to its end.
fn add_visit(p: &TestPractice, date: &str) -> common::Run {
    let args = session_args(date);
    p.mmx(&args.iter().map(String::as_str).collect::<Vec<_>>())
}

fn spawn(p: &TestPractice, args: &[String]) -> Child {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    p.command(&args)
        .into_command()
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start mmx")
}

fn sessions(p: &TestPractice) -> Vec<String> {
    p.files(&format!("patients/{PATIENT}/sessions"))
}

fn mode(p: &TestPractice, rel: &str) -> u32 {
    fs::metadata(p.path(rel))
        .expect("stat")
        .permissions()
        .mode()
        & 0o777
}

/// Eight processes race for the last 2 of a prescription's 3 visits: the lock
/// on the patient's folder lets exactly two through.
#[test]
fn eight_writers_racing_for_the_last_two_visits() {
    let p = TestPractice::with_prescription();
    add_visit(&p, "2026-11-03").success();
    let children: Vec<Child> = (0..8)
        .map(|i| spawn(&p, &session_args(&format!("2026-11-{:02}", 10 + i))))
        .collect();
    let mut ok = 0;
    let mut ids = BTreeSet::new();
    for child in children {
        let out = child.wait_with_output().expect("wait");
        let stderr = String::from_utf8_lossy(&out.stderr);
        match out.status.code() {
            Some(0) => {
                ok += 1;
                assert!(ids.insert(String::from_utf8_lossy(&out.stdout).trim().to_string()));
            }
            Some(1) => assert!(
                stderr.contains("error[visits-exceeded]"),
                "refused for another reason:\n{stderr}"
            ),
            other => panic!("exit {other:?}:\n{stderr}"),
        }
    }
    assert_eq!(ok, 2, "exactly the two remaining visits are taken");
    let files = sessions(&p);
    assert_eq!(files.len(), 3, "{files:?}");
    let report = p.check_json();
    assert_eq!(report.summary.errors, 0, "{:?}", report.diagnostics);
}

/// Writers killed (SIGKILL) at moments spread over a write's whole life leave
/// each record as it was or whole and new, never partial; a leftover temp
/// file is reported as a stray file, and the next write removes it.
#[test]
fn writers_killed_at_any_moment_leave_whole_records() {
    let p = TestPractice::with_prescription();
    p.mmx(&["rx", "edit", RX, "--visits", "1000"]).success();
    // How long one write takes here, to spread the kills over it.
    let start = Instant::now();
    add_visit(&p, "2026-11-03").success();
    let life = start.elapsed().as_micros().max(1000) as u64;
    let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
    let mut killed = 0;
    for round in 0..40 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let delay = seed % (life + life / 4);
        let date = format!("2026-11-{:02}", 4 + round % 20);
        let mut child = spawn(&p, &session_args(&date));
        std::thread::sleep(Duration::from_micros(delay));
        if child.kill().is_ok() {
            killed += 1;
        }
        child.wait().expect("reap");
    }
    assert!(killed > 0, "no writer was killed");
    let report = p.check_json();
    // Forty writes over twenty dates: some share a day, which is a warning.
    for d in report
        .diagnostics
        .iter()
        .filter(|d| d.code != "same-day-visit")
    {
        assert_eq!(
            d.code, "stray-file",
            "a killed writer left a broken record: {d:?}"
        );
        assert!(d.file.contains(".mmx-tmp-"), "{d:?}");
    }
    for rel in sessions(&p).iter().filter(|f| f.ends_with(".toml")) {
        let text = p.read(rel);
        assert!(
            text.contains("Reports stiffness after long drives.") && text.ends_with("\"\n"),
            "{rel} is not whole:\n{text}"
        );
    }
    // The next write to the folder clears what the killed ones left.
    add_visit(&p, "2026-11-22").success();
    assert!(
        sessions(&p).iter().all(|f| !f.contains(".mmx-tmp-")),
        "{:?}",
        sessions(&p)
    );
    assert!(
        p.check_json()
            .diagnostics
            .iter()
            .all(|d| d.code == "same-day-visit")
    );
}

#[test]
fn a_leftover_temp_file_is_a_stray_file_until_the_next_write() {
    let p = TestPractice::with_prescription();
    let tmp = format!("patients/{PATIENT}/sessions/.2026-11-05-abcdef.toml.mmx-tmp-1f2e");
    p.write(&tmp, "id = \"2026-11-05-abcdef\"\npatient = \"ana-li");
    let report = p.check_json();
    let found: Vec<String> = report.diagnostics.iter().map(|d| d.located()).collect();
    assert_eq!(found, [format!("stray-file {tmp}")]);
    assert_eq!(report.summary.errors, 0);
    assert_eq!(report.summary.sessions, 0, "the temp file is not a record");
    add_visit(&p, "2026-11-06").success();
    assert!(!p.path(&tmp).exists(), "the next write removes it");
}

/// Every kind of broken file is one located diagnostic, never a panic.
#[test]
fn hostile_files_are_located_findings() {
    let p = TestPractice::with_prescription();
    let dir = format!("patients/{PATIENT}/sessions");
    let cases: Vec<(&str, Vec<u8>)> = vec![
        (
            "not-utf8",
            b"id = \"not-utf8\"\nnote = \"caf\xe9\"\n".to_vec(),
        ),
        ("nul-byte", b"id = \"nul-byte\x00\"\n".to_vec()),
        (
            "deep-array",
            format!("id = {}{}\n", "[".repeat(100_000), "]".repeat(100_000)).into_bytes(),
        ),
        (
            "deep-table",
            format!("{}b = 1\n", "a.".repeat(50_000)).into_bytes(),
        ),
        (
            "duplicate",
            b"id = \"duplicate\"\nid = \"again\"\n".to_vec(),
        ),
        ("feb-30", b"id = \"feb-30\"\ndate = 2026-02-30\n".to_vec()),
    ];
    for (name, bytes) in &cases {
        p.write(&format!("{dir}/{name}.toml"), bytes);
    }
    p.write(
        &format!("{dir}/huge-number.toml"),
        "id = \"huge-number\"\nminutes = 99999999999999999999999\n",
    );
    let report = p.check_json();
    let located: BTreeSet<String> = report
        .diagnostics
        .iter()
        .filter(|d| d.code == "toml-syntax")
        .map(|d| {
            assert!(d.line >= 1 && d.column >= 1, "not located: {d:?}");
            d.file.rsplit('/').next().unwrap().to_string()
        })
        .collect();
    for (name, _) in &cases {
        assert!(
            located.contains(&format!("{name}.toml")),
            "{name}: {located:?}"
        );
    }
    let not_utf8 = report
        .diagnostics
        .iter()
        .find(|d| d.file.ends_with("not-utf8.toml"))
        .unwrap();
    assert_eq!((not_utf8.line, not_utf8.column), (2, 12));
    let big = report
        .diagnostics
        .iter()
        .find(|d| d.file.ends_with("huge-number.toml") && d.code == "invalid-value")
        .expect("huge number reported");
    assert!(
        big.line >= 1 && big.message.contains("out of range"),
        "{big:?}"
    );
}

/// A file over 1 MiB is reported without being read whole.
#[test]
fn an_oversized_file_is_reported_not_read() {
    let p = TestPractice::with_prescription();
    let rel = format!("patients/{PATIENT}/sessions/2026-11-05-huge.toml");
    let mut text = String::from("id = \"2026-11-05-huge\"\n# ");
    text.push_str(&"x".repeat(1 << 20));
    text.push_str("\nnot toml at all [[[\n");
    p.write(&rel, &text);
    let report = p.check_json();
    let found: Vec<String> = report.diagnostics.iter().map(|d| d.located()).collect();
    assert_eq!(found, [format!("file-too-large {rel}")]);
    assert_eq!(report.summary.errors, 1);
    // Exactly at the limit is still read (and here is broken TOML).
    let mut edge = "#".repeat((1 << 20) - 2);
    edge.push_str("\n[");
    p.write(&rel, &edge);
    let codes: Vec<String> = p
        .check_json()
        .diagnostics
        .iter()
        .map(|d| d.code.clone())
        .collect();
    assert_eq!(codes, ["toml-syntax"]);
}

#[test]
fn links_are_reported_and_never_followed() {
    let p = TestPractice::with_prescription();
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("s.toml");
    fs::write(&secret, "id = \"x\"\nSECRET-MARKER = 1\n").unwrap();
    let link = format!("patients/{PATIENT}/sessions/2026-11-05-link.toml");
    fs::create_dir_all(p.path(&format!("patients/{PATIENT}/sessions"))).unwrap();
    common::owner_only_dir(&p.path(&format!("patients/{PATIENT}/sessions")));
    std::os::unix::fs::symlink(&secret, p.path(&link)).unwrap();
    std::os::unix::fs::symlink(outside.path(), p.path("patients/linked-1990")).unwrap();
    let run = p.mmx(&["check", "--format", "json"]);
    assert!(!run.stdout.contains("SECRET-MARKER"), "{run}");
    let report: common::CheckReport = run.json();
    let found: Vec<String> = report.diagnostics.iter().map(|d| d.located()).collect();
    assert_eq!(
        found,
        [
            format!("symlink {link}"),
            "symlink patients/linked-1990".to_string()
        ]
    );
    // A link among the records hides what it points to from every count.
    assert_eq!(
        report.summary.errors, 2,
        "links among the records are errors"
    );
    p.mmx(&["session", "list", "--patient", "linked-1990"])
        .code(2);
}

/// Ids from flags that are not slugs are refused before they touch a path.
#[test]
fn ids_that_are_not_slugs_never_reach_a_path() {
    let p = TestPractice::with_prescription();
    for args in [
        vec!["patient", "show", "../x"],
        vec!["patient", "edit", "../../etc", "--phone", "1"],
        vec!["patient", "add", "--name", "X", "--id", "a/b"],
        vec!["patient", "add", "--name", "X", "--id", "Upper"],
        vec!["patient", "add", "--name", "X", "--id", ""],
        vec!["rx", "show", "../x"],
        vec!["rx", "edit", "ana-lima-1980/../../x", "--visits", "9"],
        vec!["session", "show", "../x/y"],
        vec!["session", "show", "ana-lima-1980/../x"],
        vec!["session", "amend", "a/../b", "--note", "n"],
        vec!["session", "amend", "ana-lima-1980/..", "--note", "n"],
        vec!["report", "../x"],
        vec!["session", "list", "--patient", ".."],
    ] {
        let run = p.mmx(&args);
        // A patient named by what is not an id is looked for by name (exit
        // 1, no such patient); anything else is refused as not an id.
        let by_name = run.code == 1
            && (run.stderr.contains("error: no patient ")
                || run.stderr.contains("is not one patient's id"));
        assert!(run.code == 2 || by_name, "{args:?}:\n{run}");
    }
    // mmx.toml, the patient, the prescription (and init's editor files).
    assert_eq!(p.files("").len(), 9, "nothing written: {:?}", p.files(""));
}

/// Every file mmx creates is 0600 and every folder 0700, whatever the umask.
#[test]
fn records_are_private_whatever_the_umask() {
    let dir = tempfile::tempdir().unwrap();
    let script = format!(
        "umask 000 && m='{}' && cd '{}' \
         && $m init practice --name P --git >/dev/null 2>&1 \
         && cd practice \
         && $m patient add --name 'Ana Lima' --birth-date 1980-04-12 \
         && $m rx add --patient ana-lima-1980 --issued 2026-11-02 --visits 3 --region lumbar --technique swedish --prescriber 'Dr. Ada Vance' --id {RX} \
         && $m session add --patient ana-lima-1980 --date 2026-11-03 --minutes 50 --region lumbar --technique swedish \
         && $m session amend ana-lima-1980/$(ls patients/ana-lima-1980/sessions | sed 's/.toml$//') --note 'Late entry.' --by 'Ines Ortega' \
         && $m rx edit {RX} --visits 4 && $m patient edit ana-lima-1980 --phone 555-0100",
        env!("CARGO_BIN_EXE_mmx"),
        dir.path().display()
    );
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(&script)
        .env("MMX_TODAY", "2026-11-23")
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let root = dir.path().join("practice");
    let mut seen = 0;
    for entry in walkdir(&root) {
        let m = fs::symlink_metadata(&entry).unwrap();
        let mode = m.permissions().mode() & 0o777;
        if entry.components().any(|c| c.as_os_str() == ".git") {
            continue;
        }
        seen += 1;
        if m.is_dir() {
            assert_eq!(mode, 0o700, "{}", entry.display());
        } else {
            assert_eq!(mode, 0o600, "{}", entry.display());
        }
    }
    assert!(seen >= 10, "{seen}");
}

fn walkdir(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = vec![dir.to_path_buf()];
    for e in fs::read_dir(dir).unwrap() {
        let path = e.unwrap().path();
        if path.is_dir() {
            out.extend(walkdir(&path));
        } else {
            out.push(path);
        }
    }
    out
}

#[test]
fn check_warns_about_records_others_can_read() {
    let p = TestPractice::with_prescription();
    let rel = format!("patients/{PATIENT}/patient.toml");
    assert_eq!(mode(&p, &rel), 0o600);
    fs::set_permissions(p.path(&rel), fs::Permissions::from_mode(0o644)).unwrap();
    let report = p.check_json();
    let found: Vec<String> = report.diagnostics.iter().map(|d| d.located()).collect();
    assert_eq!(found, [format!("permissions {rel}")]);
    assert_eq!(report.summary.errors, 0);
    assert!(
        report.diagnostics[0]
            .message
            .contains("read by group and others")
    );
    // Writable by others is as bad; a folder lists patients' names.
    fs::set_permissions(p.path(&rel), fs::Permissions::from_mode(0o622)).unwrap();
    let dir = format!("patients/{PATIENT}");
    fs::set_permissions(p.path(&dir), fs::Permissions::from_mode(0o755)).unwrap();
    let report = p.check_json();
    let found: Vec<(String, String)> = report
        .diagnostics
        .iter()
        .map(|d| (d.located(), d.message.clone()))
        .collect();
    assert_eq!(
        found,
        [
            (
                format!("permissions {dir}"),
                format!("`{dir}` can be read by group and others (mode 0755)")
            ),
            (
                format!("permissions {rel}"),
                format!("`{rel}` can be changed by group and others (mode 0622)")
            ),
        ]
    );
}

/// A `patient add` killed after making the folder leaves only its lock and
/// temp file: that is no patient yet, and the same add then succeeds.
#[test]
fn an_interrupted_patient_add_can_be_run_again() {
    let p = TestPractice::new();
    let tmp = "patients/ana-lima-1980/.patient.toml.mmx-tmp-9a";
    p.write(tmp, "id = \"ana-lima-1980\"\nname = \"Ana Lima\"\n");
    p.write("patients/ana-lima-1980/.mmx-lock", "");
    let report = p.check_json();
    let found: Vec<String> = report.diagnostics.iter().map(|d| d.located()).collect();
    // The folder holds no record: its id is taken by no one until the add
    // is run again.
    assert_eq!(
        found,
        [
            format!("stray-file {tmp}"),
            "missing-record patients/ana-lima-1980/patient.toml".to_string()
        ]
    );
    // Said as it is: the record it was for was never written.
    assert!(
        report.diagnostics[0]
            .message
            .contains("`patient.toml` was not written"),
        "{:?}",
        report.diagnostics[0]
    );
    p.add_patient("Ana Lima", "1980-04-12");
    assert_eq!(p.files("patients"), ["patients/ana-lima-1980/patient.toml"]);
    assert!(p.check_json().diagnostics.is_empty());
}

/// The same left by an import: running the import again makes the patient
/// (what was left is no file the import cannot read).
#[test]
fn an_interrupted_import_of_an_older_mmx_can_be_run_again() {
    let p = TestPractice::new();
    let tmp = "patients/ana-lima-1980/.patient.toml.mmx-tmp-9a";
    p.write(tmp, "id = \"ana-lima-1980\"\nname = \"Ana Lima\"\n");
    p.write("patients/ana-lima-1980/.mmx-lock", "");
    p.write(
        "intake.csv",
        "name,birth_date\nAna Lima,1980-04-12\nBo Chen,1975-01-02\n",
    );
    let run = p.mmx(&["patient", "import", "intake.csv"]);
    run.success();
    assert_eq!(run.stdout, "ana-lima-1980\nbo-chen-1975\n");
    assert_eq!(
        p.files("patients"),
        [
            "patients/ana-lima-1980/patient.toml",
            "patients/bo-chen-1975/patient.toml"
        ]
    );
    assert!(p.check_json().diagnostics.is_empty());
}

/// `mmx ARGS` with writes to files limited to `limit` bytes: past it the
/// kernel stops the process (SIGXFSZ), as a crash would, or, with
/// `ignored`, fails the write (EFBIG), as a full disk would.
fn with_file_size_limit(
    p: &TestPractice,
    args: &[&str],
    limit: u64,
    ignored: bool,
) -> std::process::Output {
    use std::os::unix::process::CommandExt;
    let mut cmd = p.command(args).into_command();
    // SAFETY: setrlimit and signal are async-signal-safe, and nothing else
    // runs between fork and exec.
    unsafe {
        cmd.pre_exec(move || {
            let rlim = libc::rlimit {
                rlim_cur: limit as libc::rlim_t,
                rlim_max: limit as libc::rlim_t,
            };
            if libc::setrlimit(libc::RLIMIT_FSIZE, &rlim) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            if ignored {
                libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            }
            Ok(())
        });
    }
    cmd.output().expect("run mmx")
}

/// A `patient add` or `patient import` killed while it writes the patient's
/// record leaves no patient folder at all: the practice checks clean (what
/// it left is reported as what it is, and ignored), and the same import
/// then makes the patient and removes what was left.
#[test]
fn a_patient_creation_killed_part_way_leaves_no_half_made_patient() {
    use std::os::unix::process::ExitStatusExt;
    let p = TestPractice::new();
    p.write(
        "intake.csv",
        "name,birth_date\nAna Lima,1980-04-12\nBo Chen,1975-01-02\n",
    );
    for args in [
        &[
            "patient",
            "add",
            "--name",
            "Ana Lima",
            "--birth-date",
            "1980-04-12",
        ][..],
        &["patient", "import", "intake.csv"][..],
    ] {
        let out = with_file_size_limit(&p, args, 0, false);
        assert_eq!(
            out.status.signal(),
            Some(libc::SIGXFSZ),
            "{args:?}: {out:?}"
        );
        assert!(
            !p.path("patients/ana-lima-1980").exists(),
            "{args:?}: {:?}",
            p.files("patients")
        );
        let report = p.check_json();
        assert_eq!(report.summary.errors, 0, "{:?}", report.diagnostics);
        assert_eq!(report.diagnostics.len(), 1, "{:?}", report.diagnostics);
        let d = &report.diagnostics[0];
        assert_eq!(d.code, "stray-file");
        assert!(
            d.file
                .starts_with("patients/.mmx-new/.ana-lima-1980.mmx-tmp-"),
            "{d:?}"
        );
        assert!(
            d.message
                .contains("patient `ana-lima-1980` was not created by it"),
            "{d:?}"
        );
        p.mmx(&["expiring"]).success();
        p.mmx(&["patient", "list"]).success();
    }
    let run = p.mmx(&["patient", "import", "intake.csv"]);
    run.success();
    assert_eq!(run.stdout, "ana-lima-1980\nbo-chen-1975\n");
    assert_eq!(
        p.files("patients"),
        [
            "patients/ana-lima-1980/patient.toml",
            "patients/bo-chen-1975/patient.toml"
        ]
    );
    assert!(p.check_json().diagnostics.is_empty());
}

/// A full disk while a patient is made: the write fails, the command says
/// so, and nothing of the patient is left anywhere.
#[test]
fn a_full_disk_during_patient_add_leaves_nothing() {
    let p = TestPractice::new();
    let out = with_file_size_limit(
        &p,
        &[
            "patient",
            "add",
            "--name",
            "Ana Lima",
            "--birth-date",
            "1980-04-12",
        ],
        0,
        true,
    );
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(out.stdout.is_empty(), "{out:?}");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("patient.toml"),
        "{out:?}"
    );
    assert_eq!(p.files("patients"), Vec::<String>::new());
    assert!(p.check_json().diagnostics.is_empty());
    p.add_patient("Ana Lima", "1980-04-12");
    assert_eq!(p.files("patients"), ["patients/ana-lima-1980/patient.toml"]);
}

/// A temp file that is still linked as its record says the record was
/// written, so a script that never got the id does not record it twice.
#[test]
fn a_temp_file_whose_record_was_written_says_so() {
    let p = TestPractice::with_prescription();
    let rel = format!("patients/{PATIENT}/prescriptions/{RX}.toml");
    let tmp = format!("patients/{PATIENT}/prescriptions/.{RX}.toml.mmx-tmp-77");
    fs::hard_link(p.path(&rel), p.path(&tmp)).unwrap();
    let report = p.check_json();
    assert_eq!(report.diagnostics.len(), 1, "{:?}", report.diagnostics);
    assert!(
        report.diagnostics[0]
            .message
            .contains("its record was written"),
        "{:?}",
        report.diagnostics[0]
    );
}

/// The hint for a folder without patient.toml works as it says.
#[test]
fn missing_record_is_fixed_by_the_add_its_hint_gives() {
    let p = TestPractice::with_prescription();
    fs::remove_file(p.path(&format!("patients/{PATIENT}/patient.toml"))).unwrap();
    let report = p.check_json();
    let d = &report.diagnostics[0];
    assert_eq!(d.code, "missing-record");
    assert!(
        d.hint
            .as_deref()
            .unwrap()
            .contains(&format!("mmx patient add --id {PATIENT}"))
    );
    p.mmx(&["patient", "add", "--id", PATIENT, "--name", "Ana Lima"])
        .success();
    assert!(p.check_json().diagnostics.is_empty());
    p.mmx(&["patient", "add", "--id", PATIENT, "--name", "Ana Lima"])
        .code(1);
}

/// A linked folder is never written through: records outside the practice
/// would be outside git and outside every check.
#[test]
fn nothing_is_written_through_a_linked_folder() {
    let p = TestPractice::with_prescription();
    let outside = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(
        outside.path(),
        p.path(&format!("patients/{PATIENT}/sessions")),
    )
    .unwrap();
    let run = add_visit(&p, "2026-11-05");
    run.code(2);
    assert!(run.stderr.contains("symbolic link"), "{run}");
    assert_eq!(fs::read_dir(outside.path()).unwrap().count(), 0);

    let q = TestPractice::new();
    let elsewhere = tempfile::tempdir().unwrap();
    fs::remove_dir(q.path("patients")).unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), q.path("patients")).unwrap();
    q.mmx(&["check"]).code(2);
    q.mmx(&["patient", "add", "--name", "Ana Lima"]).code(2);
    assert_eq!(fs::read_dir(elsewhere.path()).unwrap().count(), 0);
}

/// Rewrites a record with CRLF line endings, as a Windows editor or git's
/// `autocrlf` leaves it.
fn to_crlf(p: &TestPractice, rel: &str) {
    let text = p.read(rel);
    assert!(!text.contains('\r'));
    p.write(rel, text.replace('\n', "\r\n"));
}

/// The record is still CRLF throughout, holds `added`, and `check` reads it
/// (and the rest of the practice) cleanly.
#[track_caller]
fn still_crlf(p: &TestPractice, rel: &str, added: &str) {
    let text = p.read(rel);
    let bare: Vec<usize> = text
        .match_indices('\n')
        .map(|(i, _)| i)
        .filter(|&i| !text[..i].ends_with('\r'))
        .collect();
    assert_eq!(bare, Vec::<usize>::new(), "bare LF in {rel}:\n{text:?}");
    assert!(text.contains(added), "{rel}:\n{text:?}");
    let report = p.check_json();
    assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
}

#[test]
fn patient_edit_keeps_crlf_line_endings() {
    let p = TestPractice::with_prescription();
    let rel = format!("patients/{PATIENT}/patient.toml");
    to_crlf(&p, &rel);
    p.mmx(&[
        "patient",
        "edit",
        PATIENT,
        "--phone",
        "555-0100",
        "--add-contraindication",
        "varicose veins",
    ])
    .success();
    still_crlf(&p, &rel, "phone = \"555-0100\"\r\n");
}

#[test]
fn rx_edit_keeps_crlf_line_endings() {
    let p = TestPractice::with_prescription();
    let rel = format!("patients/{PATIENT}/prescriptions/{RX}.toml");
    to_crlf(&p, &rel);
    p.mmx(&[
        "rx",
        "edit",
        RX,
        "--visits",
        "4",
        "--frequency",
        "1x/week",
        "--add-region",
        "cervical",
    ])
    .success();
    still_crlf(&p, &rel, "visits = 4\r\n");
}

#[test]
fn session_amend_keeps_crlf_line_endings() {
    let p = TestPractice::with_prescription();
    let id = add_visit(&p, "2026-11-03")
        .success()
        .stdout
        .trim()
        .to_string();
    let rel = format!("patients/{PATIENT}/sessions/{id}.toml");
    to_crlf(&p, &rel);
    let before = p.read(&rel);
    p.mmx(&[
        "session",
        "amend",
        &format!("{PATIENT}/{id}"),
        "--note",
        "Late entry.",
    ])
    .success();
    still_crlf(&p, &rel, "\r\n\r\n[[amendments]]\r\n");
    assert!(p.read(&rel).starts_with(&before), "every byte kept");
}
