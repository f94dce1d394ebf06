//! Issue 23's rules tried as an attacker would: the holes a first use of
//! screening, clearance and consent found, each held shut here.

use serde_json::Value;

use crate::common::{PATIENT, TestPractice};
use crate::screening::{sessions, visit};

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
