//! Every compliance refusal names the two truthful ways forward, and each
//! works as written: the prescriber's approval with `--override REASON`, or
//! the prescription (or patient record) changed with the exact command the
//! help gives. A visit entered late is reported against the session being
//! entered.

use crate::common::{PATIENT, RX, TestPractice};

/// One refusal: how to set the practice up, the session that is refused,
/// and the change the help must name.
struct Case {
    code: &'static str,
    setup: &'static [&'static [&'static str]],
    session: &'static [&'static str],
    change: &'static str,
}

const CASES: &[Case] = &[
    Case {
        code: "region-not-prescribed",
        setup: &[],
        session: &[
            "--date",
            "2026-11-04",
            "--region",
            "cervical",
            "--technique",
            "swedish",
        ],
        change: "mmx rx edit 2026-11-02-a7k2mp --add-region cervical",
    },
    Case {
        code: "wrong-side",
        setup: &[],
        session: &[
            "--date",
            "2026-11-04",
            "--region",
            "right-gluteal",
            "--technique",
            "swedish",
        ],
        change: "mmx rx edit 2026-11-02-a7k2mp --add-region right-gluteal",
    },
    Case {
        code: "technique-not-prescribed",
        setup: &[],
        session: &[
            "--date",
            "2026-11-04",
            "--region",
            "lumbar",
            "--technique",
            "cupping",
        ],
        change: "mmx rx edit 2026-11-02-a7k2mp --add-technique cupping",
    },
    Case {
        code: "minutes-exceeded",
        setup: &[&["rx", "edit", RX, "--minutes", "30"]],
        session: &[
            "--date",
            "2026-11-04",
            "--region",
            "lumbar",
            "--technique",
            "swedish",
        ],
        change: "mmx rx edit 2026-11-02-a7k2mp --minutes 50",
    },
    Case {
        code: "after-expiry",
        setup: &[],
        session: &[
            "--date",
            "2027-02-02",
            "--rx",
            RX,
            "--region",
            "lumbar",
            "--technique",
            "swedish",
        ],
        change: "mmx rx edit 2026-11-02-a7k2mp --expires 2027-02-02",
    },
    Case {
        code: "frequency-exceeded",
        setup: &[
            &["rx", "edit", RX, "--frequency", "1x/week"],
            &[
                "session",
                "add",
                "--patient",
                PATIENT,
                "--minutes",
                "50",
                "--date",
                "2026-11-03",
                "--region",
                "lumbar",
                "--technique",
                "swedish",
            ],
        ],
        session: &[
            "--date",
            "2026-11-05",
            "--region",
            "lumbar",
            "--technique",
            "swedish",
        ],
        change: "mmx rx edit 2026-11-02-a7k2mp --frequency 2x/week",
    },
    Case {
        code: "avoided-region",
        setup: &[&["rx", "edit", RX, "--avoid-region", "left-gluteal"]],
        session: &[
            "--date",
            "2026-11-04",
            "--region",
            "left-gluteal",
            "--technique",
            "swedish",
        ],
        change: "mmx rx edit 2026-11-02-a7k2mp --remove-avoid-region left-gluteal",
    },
    Case {
        code: "avoided-technique",
        setup: &[&["patient", "edit", PATIENT, "--avoid-technique", "mfr"]],
        session: &[
            "--date",
            "2026-11-04",
            "--region",
            "lumbar",
            "--technique",
            "mfr",
        ],
        change: "mmx patient edit ana-lima-1980 --remove-avoid-technique myofascial-release",
    },
    Case {
        code: "after-course-end",
        setup: &[
            &["rx", "edit", RX, "--weeks", "1"],
            &[
                "session",
                "add",
                "--patient",
                PATIENT,
                "--minutes",
                "50",
                "--date",
                "2026-11-03",
                "--region",
                "lumbar",
                "--technique",
                "swedish",
            ],
        ],
        session: &[
            "--date",
            "2026-11-12",
            "--region",
            "lumbar",
            "--technique",
            "swedish",
        ],
        change: "mmx rx edit 2026-11-02-a7k2mp --weeks 2",
    },
    Case {
        code: "visits-exceeded",
        setup: &[
            &[
                "session",
                "add",
                "--patient",
                PATIENT,
                "--minutes",
                "50",
                "--date",
                "2026-11-03",
                "--region",
                "lumbar",
                "--technique",
                "swedish",
            ],
            &[
                "session",
                "add",
                "--patient",
                PATIENT,
                "--minutes",
                "50",
                "--date",
                "2026-11-10",
                "--region",
                "lumbar",
                "--technique",
                "swedish",
            ],
            &[
                "session",
                "add",
                "--patient",
                PATIENT,
                "--minutes",
                "50",
                "--date",
                "2026-11-17",
                "--region",
                "lumbar",
                "--technique",
                "swedish",
            ],
        ],
        session: &[
            "--date",
            "2026-11-20",
            "--region",
            "lumbar",
            "--technique",
            "swedish",
        ],
        change: "mmx rx edit 2026-11-02-a7k2mp --visits 4",
    },
];

fn practice(case: &Case) -> TestPractice {
    let p = TestPractice::with_prescription();
    for args in case.setup {
        p.mmx(args).success();
    }
    p
}

/// The command after `change it: ` in the help, as typed.
fn named_change(stderr: &str) -> &str {
    let after = stderr
        .split("change it: `")
        .nth(1)
        .unwrap_or_else(|| panic!("no change named:\n{stderr}"));
    &after[..after.find('`').unwrap()]
}

#[test]
fn each_refusal_names_the_override_and_the_exact_change_and_both_work() {
    for case in CASES {
        let p = practice(case);
        let refused = p.add_session(case.session);
        refused.code(1);
        assert!(
            refused.stderr.contains(&format!("error[{}]", case.code)),
            "{}: {refused}",
            case.code
        );
        assert!(
            refused
                .stderr
                .contains("if the prescriber approved it, add `--override REASON` to this command"),
            "{}: {refused}",
            case.code
        );
        let change = named_change(&refused.stderr);
        assert_eq!(change, case.change, "{}", case.code);

        // The prescriber's approval, recorded.
        let mut approved = case.session.to_vec();
        approved.extend(["--override", "Dr. Vance approved it by phone on 2026-11-03"]);
        p.add_session(&approved).success();

        // Or the prescription changed as the help says, in a practice as it was.
        let p = practice(case);
        let args: Vec<&str> = change.split(' ').skip(1).collect();
        p.mmx(&args).success();
        p.add_session(case.session).success();
    }
}

/// A second visit on a date is a warning, so the session is written: its
/// help names the override on the written session.
#[test]
fn a_same_day_visit_names_the_override_of_the_written_session() {
    let p = TestPractice::with_prescription();
    let visit = [
        "--date",
        "2026-11-04",
        "--region",
        "lumbar",
        "--technique",
        "swedish",
    ];
    p.add_session(&visit).success();
    let second = p.add_session(&visit);
    let id = second.success().stdout.trim().to_string();
    assert!(
        second.stderr.contains(&format!(
            "if the prescriber approved it, record that: `mmx session override {PATIENT}/{id} --reason TEXT`; if the prescription now allows it, change it: `mmx rx edit {RX} --frequency 2x/day`"
        )),
        "{second}"
    );
    let args: Vec<&str> = named_change(&second.stderr).split(' ').skip(1).collect();
    p.mmx(&args).success();
    let check = p.mmx(&["check"]);
    check.success();
    assert!(!check.stdout.contains("same-day-visit"), "{check}");
}

#[test]
fn a_written_sessions_finding_names_its_own_override() {
    let p = TestPractice::with_prescription();
    p.write(
        &format!("patients/{PATIENT}/sessions/2026-11-09-t0t0t0.toml"),
        format!(
            "id = \"2026-11-09-t0t0t0\"\npatient = \"{PATIENT}\"\nprescription = \"{RX}\"\n\
             date = 2026-11-09\nminutes = 50\nregions = [\"cervical\"]\ntechniques = [\"swedish\"]\n"
        ),
    );
    let run = p.mmx(&["check"]);
    run.code(1);
    assert!(
        run.stdout.contains(&format!(
            "if the prescriber approved it, record that: `mmx session override {PATIENT}/2026-11-09-t0t0t0 --reason TEXT`"
        )),
        "{run}"
    );
    let args: Vec<&str> = named_change(&run.stdout).split(' ').skip(1).collect();
    p.mmx(&args).success();
    p.mmx(&["check"]).success();
}

#[test]
fn a_visit_entered_late_is_the_one_past_the_limit() {
    let p = TestPractice::with_prescription();
    for (date, id) in [
        ("2026-11-04", "2026-11-04-aaaaaa"),
        ("2026-11-06", "2026-11-06-bbbbbb"),
        ("2026-11-09", "2026-11-09-cccccc"),
    ] {
        p.add_session(&[
            "--date",
            date,
            "--region",
            "lumbar",
            "--technique",
            "swedish",
            "--id",
            id,
        ])
        .success();
    }
    // A visit on 11-05 written up only now: the prescription's 3 visits were
    // already on record, so this one is past the limit, not 11-09's.
    let late = [
        "--date",
        "2026-11-05",
        "--region",
        "lumbar",
        "--technique",
        "swedish",
        "--id",
        "2026-11-05-latexx",
    ];
    let refused = p.add_session(&late);
    refused.code(1);
    let stderr = &refused.stderr;
    assert!(
        stderr.contains("error[visits-exceeded]: a visit entered late: one of 4 visits on prescription `2026-11-02-a7k2mp`, entered after the others, which allows 3; the last visit it allows is session `2026-11-09-cccccc` on 2026-11-09")
            && stderr.contains("--> patients/ana-lima-1980/sessions/2026-11-05-latexx.toml")
            && !stderr.contains("2026-11-09-cccccc.toml")
            && stderr.contains("add `--override REASON` to this command"),
        "{refused}"
    );
    let mut approved = late.to_vec();
    approved.extend(["--override", "Dr. Vance approved a fourth visit"]);
    p.add_session(&approved).success();
    let session = p.read(&format!(
        "patients/{PATIENT}/sessions/2026-11-05-latexx.toml"
    ));
    assert!(
        session.contains("visits-exceeded: 2026-11-02-a7k2mp"),
        "{session}"
    );
    // The override on the late visit covers the excess: the visit on record
    // stays as it was, and the practice checks clean.
    p.mmx(&["check"]).success();
}
