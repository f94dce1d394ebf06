//! Issue 23's rules tried as an attacker would: the holes a first use of
//! screening, clearance and consent found, each held shut here.

use serde_json::Value;

use crate::common::{PATIENT, TestPractice};
use crate::screening::{codes, sessions, visit};

/// What bash's completion of `words` (the last one being completed) offers.
fn complete(p: &TestPractice, words: &[&str]) -> Vec<String> {
    let mut args = vec!["--", "mmx"];
    args.extend_from_slice(words);
    let run = p
        .command(&args)
        .env("COMPLETE", "bash")
        .env("_CLAP_IFS", "\n")
        .env("_CLAP_COMPLETE_INDEX", words.len().to_string())
        .run();
    run.success();
    run.stdout.lines().map(str::to_string).collect()
}

/// `none` is a screening's word: a clearance covers red flags and a change
/// of health names them, so neither flag offers it, completes it or puts
/// it in the editors' schema, and refusing it names the flag as typed
/// (it named `--health-change-flags`, a flag there is none of).
#[test]
fn none_is_offered_only_where_a_screening_takes_it() {
    let p = TestPractice::with_prescription();
    let clear = p.mmx(&[
        "patient",
        "clear",
        PATIENT,
        "--flag",
        "none",
        "--by",
        "Dr. Ada Vance",
    ]);
    clear.code(2);
    assert!(
        clear.stderr.contains("'--flag <FLAG>'") && !clear.stderr.contains("skin-condition, none"),
        "{clear}"
    );
    let told = visit(&p, "2026-11-04", &["--health-change-flag", "none"]);
    told.code(2);
    assert!(
        told.stderr.contains("'--health-change-flag <FLAG>'")
            && !told.stderr.contains("--health-change-flags"),
        "{told}"
    );
    assert!(sessions(&p).is_empty());
    for words in [
        &["patient", "clear", PATIENT, "--flag", ""][..],
        &["session", "add", "--health-change-flag", ""][..],
    ] {
        let offered = complete(&p, words);
        assert!(
            offered.contains(&"dvt-history".to_string()) && !offered.contains(&"none".to_string()),
            "{words:?}: {offered:?}"
        );
    }
    let offered = complete(&p, &["patient", "screen", PATIENT, "--flag", ""]);
    assert!(offered.contains(&"none".to_string()), "{offered:?}");
    let schema: Value = p.mmx(&["schema"]).success().json();
    let enum_of = |v: &Value| -> Vec<String> {
        v["items"]["enum"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap().to_string())
            .collect()
    };
    let patient = &schema["patient"]["properties"];
    let screened = enum_of(&patient["screenings"]["items"]["properties"]["flags"]);
    let cleared = enum_of(&patient["clearances"]["items"]["properties"]["flags"]);
    let changed = enum_of(&schema["session"]["properties"]["health_change_flags"]);
    assert!(screened.contains(&"none".to_string()), "{screened:?}");
    for list in [&cleared, &changed] {
        assert!(
            list.contains(&"dvt-history".to_string()) && !list.contains(&"none".to_string()),
            "{list:?}"
        );
    }
}

/// A doctor's clearance clears what was known when it was given: a red flag
/// told as a change of health after it (a second surgery since the one the
/// surgeon cleared) needs a clearance given on or after that visit, as the
/// guide says, where the older clearance without an expiry let every later
/// session through.
#[test]
fn a_change_of_health_after_a_clearance_needs_a_new_one() {
    let p = TestPractice::with_prescription();
    let clear = |date: &str| {
        p.mmx(&[
            "patient",
            "clear",
            PATIENT,
            "--flag",
            "surgery-6mo",
            "--by",
            "Dr. Kay Ortho",
            "--date",
            date,
        ])
        .success();
    };
    clear("2026-11-03");
    let told = p.add_session(&[
        "--date",
        "2026-11-09",
        "--status",
        "cancelled",
        "--health-change",
        "Shoulder repair last week",
        "--health-change-flag",
        "surgery-6mo",
    ]);
    told.success();
    let refused = visit(&p, "2026-11-11", &["--health-change", "none"]);
    refused.code(1);
    assert!(
        refused.stderr.contains("error[clearance-missing]")
            && refused.stderr.contains(
                "reported as a change of health on 2026-11-09, has no doctor's clearance in force given on or after it (the clearance of 2026-11-03 came before it)"
            )
            && !refused.stderr.contains("Shoulder"),
        "{refused}"
    );
    assert_eq!(sessions(&p).len(), 1, "only the cancelled visit");
    clear("2026-11-10");
    visit(&p, "2026-11-11", &["--health-change", "none"]).success();
    assert_eq!(codes(&p), []);
}
