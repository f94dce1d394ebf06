//! Exit status 2: the command line or the environment is wrong. Nothing is
//! written, and the message says what would have been right.

use crate::common;
use insta::assert_snapshot;

use crate::common::{PATIENT, TestPractice};

/// Runs `session add` with `extra` and asserts exit 2 with nothing written.
fn usage_error(p: &TestPractice, extra: &[&str]) -> String {
    let before = p.files("");
    let run = p.add_session(extra);
    assert_eq!(run.code, 2, "expected a usage error:\n{run}");
    assert!(run.stdout.is_empty(), "{run}");
    assert_eq!(p.files(""), before, "a usage error wrote files");
    run.snapshot()
}

#[test]
fn bad_date() {
    let p = TestPractice::with_prescription();
    assert_snapshot!(usage_error(&p, &[
        "--date", "2026-13-01", "--region", "lumbar", "--technique", "swedish",
    ]), @"
    ----- stderr -----
    error: invalid value '2026-13-01' for '--date <DATE>': `2026-13-01` is not a date; use YYYY-MM-DD, e.g. 2026-03-14

    For more information, try '--help'.
    [exit status: 2]
    ");
}

#[test]
fn date_in_another_format() {
    let p = TestPractice::with_prescription();
    assert_snapshot!(usage_error(&p, &[
        "--date", "04/11/2026", "--region", "lumbar", "--technique", "swedish",
    ]), @"
    ----- stderr -----
    error: invalid value '04/11/2026' for '--date <DATE>': `04/11/2026` is not a date; use YYYY-MM-DD: 2026-04-11 if the month comes first, 2026-11-04 if the day does

    For more information, try '--help'.
    [exit status: 2]
    ");
}

#[test]
fn unknown_region_suggests_the_closest() {
    let p = TestPractice::with_prescription();
    assert_snapshot!(usage_error(&p, &[
        "--date", "2026-11-04", "--region", "lumbr", "--technique", "swedish",
    ]), @"
    ----- stderr -----
    error: --region: unknown region `lumbr`
      hint: did you mean `lumbar`? `mmx vocab` lists the regions
    [exit status: 2]
    ");
}

#[test]
fn unknown_technique_suggests_the_canonical_form() {
    let p = TestPractice::with_prescription();
    assert_snapshot!(usage_error(&p, &[
        "--date", "2026-11-04", "--region", "lumbar", "--technique", "swedisch",
    ]), @"
    ----- stderr -----
    error: --technique: unknown technique `swedisch`
      hint: did you mean `swedish`? `mmx vocab` lists the techniques
    [exit status: 2]
    ");
}

#[test]
fn paired_region_without_side() {
    let p = TestPractice::with_prescription();
    assert_snapshot!(usage_error(&p, &[
        "--date", "2026-11-04", "--region", "gluteal", "--technique", "swedish",
    ]), @"
    ----- stderr -----
    error: --region: region `gluteal` needs a side
      hint: write `left-gluteal`, `right-gluteal` or `bilateral-gluteal`
    [exit status: 2]
    ");
}

#[test]
fn misspelt_region_flag_gets_a_tip() {
    let p = TestPractice::with_prescription();
    assert_snapshot!(usage_error(&p, &[
        "--date", "2026-11-04", "--regoin", "lumbar", "--technique", "swedish",
    ]), @"
    ----- stderr -----
    error: unexpected argument '--regoin' found

      tip: a similar argument exists: '--region'

    Usage: mmx session add --patient <PATIENT> --date <DATE> --minutes <MINUTES> --region <REGION>

    For more information, try '--help'.
    [exit status: 2]
    ");
}

#[test]
fn completed_session_without_minutes_or_regions() {
    let p = TestPractice::with_prescription();
    let run = p.mmx(&[
        "session",
        "add",
        "--patient",
        PATIENT,
        "--date",
        "2026-11-04",
        "--technique",
        "swedish",
    ]);
    assert_snapshot!(run.snapshot(), @"
    ----- stderr -----
    error: --minutes: a completed session needs `minutes`, its length
    error: --region: `regions` must not be empty
    [exit status: 2]
    ");
}

#[test]
fn pain_out_of_range() {
    let p = TestPractice::with_prescription();
    assert_snapshot!(usage_error(&p, &[
        "--date", "2026-11-04", "--region", "lumbar", "--technique", "swedish", "--pain-after",
        "11",
    ]), @"
    ----- stderr -----
    error: invalid value '11' for '--pain-after <N>': expects a whole number from 0 (no pain) to 10 (the worst imaginable), got `11`

    For more information, try '--help'.
    [exit status: 2]
    ");
}

#[test]
fn id_that_is_not_a_slug() {
    let p = TestPractice::with_prescription();
    assert_snapshot!(usage_error(&p, &[
        "--date", "2026-11-04", "--region", "lumbar", "--technique", "swedish", "--id",
        "../escape",
    ]), @"
    ----- stderr -----
    error: invalid value '../escape' for '--id <ID>': `../escape` is not an id: ids are 1-64 characters of a-z, 0-9 and '-', starting with a letter or digit (and not con, prn, aux, nul, com1-9 or lpt1-9)

    For more information, try '--help'.
    [exit status: 2]
    ");
}

#[test]
fn empty_override_reason() {
    let p = TestPractice::with_prescription();
    assert_snapshot!(usage_error(&p, &[
        "--date", "2026-11-04", "--region", "lumbar", "--technique", "swedish", "--override",
        " ",
    ]), @"
    ----- stderr -----
    error: --override needs a reason
    [exit status: 2]
    ");
}

#[test]
fn bad_today_from_the_environment() {
    let p = TestPractice::with_prescription();
    let run = p.command(&["check"]).env("MMX_TODAY", "tomorrow").run();
    assert_snapshot!(run.snapshot(), @"
    ----- stderr -----
    error: MMX_TODAY: `tomorrow` is not a date; use YYYY-MM-DD, e.g. 2026-03-14
    [exit status: 2]
    ");
}

#[test]
fn an_empty_environment_variable_counts_as_unset() {
    let p = TestPractice::with_prescription();
    let run = p
        .command(&["check", "-q"])
        .env("MMX_TODAY", "")
        .env("MMX_DIR", "")
        .env("MMX_LOCK_TIMEOUT", "")
        .run();
    assert_eq!(run.code, 0, "{run}");
}

#[test]
fn today_flag_wins_over_the_environment() {
    let p = TestPractice::with_prescription();
    p.add_session(&[
        "--date",
        "2026-11-20",
        "--region",
        "lumbar",
        "--technique",
        "swedish",
    ])
    .success();
    // The session is in the future for --today 2026-11-19 only.
    let flag = p
        .command(&["--today", "2026-11-19", "check", "--format", "json"])
        .run();
    let report: common::CheckReport = flag.json();
    assert_eq!(report.summary.warnings, 1, "{flag}");
    p.mmx(&["check", "-q", "--strict"]).success();
}

#[test]
fn no_subcommand_prints_help_to_stderr_with_exit_2() {
    let p = TestPractice::new();
    let run = p.mmx(&[]);
    assert_eq!(run.code, 2, "{run}");
    assert!(run.stdout.is_empty());
    assert!(
        run.stderr.contains("Usage: mmx [OPTIONS] <COMMAND>"),
        "{run}"
    );
}

#[test]
fn help_is_success_on_stdout() {
    let p = TestPractice::new();
    let run = p.mmx(&["--help"]);
    run.success();
    assert!(run.stderr.is_empty());
    assert!(
        run.stdout
            .contains("Exit status: 0 success or clean, 1 the records say no, 2 the command line or environment is wrong."),
        "{run}"
    );
}

#[test]
fn natural_mistakes_get_what_was_meant() {
    let p = TestPractice::with_prescription();
    let cases: &[(&[&str], &str)] = &[
        (
            &[
                "rx",
                "add",
                "--patient",
                PATIENT,
                "--issued",
                "2026-11-02",
                "--visits",
                "ten",
                "--region",
                "lumbar",
                "--technique",
                "swedish",
                "--prescriber",
                "Dr. Ada Vance",
            ],
            "invalid value 'ten' for '--visits <VISITS>': expects a whole number of visits from 1 to 10000, got `ten`",
        ),
        (
            &["expiring", "--within", "2w"],
            "expects a whole number of days from 0 to 3650, got `2w`",
        ),
        (
            &[
                "session",
                "add",
                "--patient",
                PATIENT,
                "--date",
                "2026-11-23",
                "--pain-before",
                "11",
            ],
            "expects a whole number from 0 (no pain) to 10 (the worst imaginable), got `11`",
        ),
        (
            &["session", "add", "--patient", PATIENT, "--duration", "50"],
            "tip: the session's length is '--minutes N'",
        ),
        (
            &["session", "add", "--patient", PATIENT, "--notes", "sore"],
            "tip: each part of the SOAP note has its flag",
        ),
        (
            &["rx", "add", "--doctor", "Dr. Ada Vance"],
            "tip: the prescribing doctor is '--prescriber NAME'",
        ),
        (
            &["report", PATIENT, "--html"],
            "tip: a format is chosen with '--format html'",
        ),
        (
            &["check", "--json"],
            "tip: a format is chosen with '--format json'",
        ),
    ];
    for (args, want) in cases {
        let run = p.mmx(args);
        assert_eq!(run.code, 2, "{args:?}\n{run}");
        assert!(
            run.stderr.contains(want),
            "{args:?}: wanted {want:?}\n{run}"
        );
        // clap's tip by spelling is gone where one by meaning is given.
        assert!(run.stderr.matches("tip:").count() <= 1, "{run}");
    }
    // Aliases people reach for are simply taken.
    p.mmx(&["patient", "add", "--name", "Bo Chen", "--dob", "1991-02-03"])
        .success();
    p.mmx(&["report", PATIENT, "--format", "markdown"])
        .success();
}
