//! Issue 23's rules tried as an attacker would: the holes a first use of
//! screening, clearance and consent found, each held shut here.

use serde_json::Value;

use crate::common::{PATIENT, TestPractice};
use crate::screening::{codes, sessions, set_rules, visit};

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

/// A patient who withdraws consent for a region is no longer treated
/// there, whichever consent covered it: one of every sensitive region or of
/// both sides (withdrawn, with a line saying it covered more), one written
/// by hand in single quotes. Withdrawing for a region used to look for the
/// region's name in the file's text, so these stayed in force (or the
/// command said there was none to withdraw) and the session went ahead;
/// and it marked a past visit's consent withdrawn too.
#[test]
fn a_withdrawn_consent_stops_every_consent_covering_the_region() {
    let p = TestPractice::with_prescription();
    set_rules(&p, "sensitive_consent = \"per-course\"");
    let consent = |extra: &[&str]| {
        let mut args = vec!["patient", "consent", PATIENT, "--scope", "sensitive"];
        args.extend_from_slice(extra);
        p.mmx(&args)
    };
    consent(&["--date", "2026-11-03"]).success();
    // A consent for one visit's day is over by the next: not withdrawn.
    consent(&["--per", "session", "--date", "2026-11-04"]).success();
    visit(&p, "2026-11-04", &[]).success();
    let withdrawn = consent(&[
        "--withdraw",
        "--region",
        "left-gluteal",
        "--date",
        "2026-11-06",
    ]);
    withdrawn.success();
    assert!(
        withdrawn.stderr.contains(&format!(
            "withdrew 1 sensitive consent of patient `{PATIENT}` on 2026-11-06: not in force from that day\nit covered more than the --region given: record again what the patient still consents to (`mmx patient consent {PATIENT} --scope sensitive --region REGION --date 2026-11-06`)"
        )),
        "{withdrawn}"
    );
    let refused = visit(&p, "2026-11-06", &[]);
    refused.code(1);
    assert!(
        refused
            .stderr
            .contains("error[consent-missing]: session treats left-gluteal"),
        "{refused}"
    );
    // Both sides, and one as a person writes it by hand.
    consent(&["--region", "bilateral-gluteal", "--date", "2026-11-06"]).success();
    let rel = format!("patients/{PATIENT}/patient.toml");
    let mut text = p.read(&rel);
    text.push_str(
        "\n[[consents]]\ndate = 2026-11-06\nscope = 'sensitive'\nregions = [ 'left-gluteal' ]\nsigned_by = 'Ana Lima'\n",
    );
    p.write(&rel, text);
    visit(&p, "2026-11-06", &[]).success();
    let withdrawn = consent(&[
        "--withdraw",
        "--region",
        "left-gluteal",
        "--date",
        "2026-11-09",
    ]);
    withdrawn.success();
    assert!(
        withdrawn.stderr.contains("withdrew 2 sensitive consents")
            && withdrawn.stderr.contains("one of them covered more"),
        "{withdrawn}"
    );
    let refused = visit(&p, "2026-11-09", &[]);
    refused.code(1);
    assert!(
        refused.stderr.contains("error[consent-missing]"),
        "{refused}"
    );
    // A consent of the other side only is not the patient's to withdraw here.
    consent(&["--region", "right-gluteal", "--date", "2026-11-09"]).success();
    consent(&[
        "--withdraw",
        "--region",
        "left-gluteal",
        "--date",
        "2026-11-10",
    ])
    .code(1);
    assert_eq!(codes(&p), []);
}

/// A consent withdrawn on a day is not in force that day (the rules refuse
/// a session then), and FHIR's Period.end is the last day in force: the
/// export gave the withdrawal's day, telling a receiving system the consent
/// covered a day it did not. Withdrawn the day it was given, it never was
/// in force: no period at all, where the export gave it that one day.
#[test]
fn the_export_ends_a_withdrawn_consent_the_day_before() {
    let p = TestPractice::with_prescription();
    set_rules(&p, "sensitive_consent = \"per-course\"");
    let consent = |extra: &[&str]| {
        let mut args = vec!["patient", "consent", PATIENT, "--scope", "sensitive"];
        args.extend_from_slice(extra);
        p.mmx(&args).success();
    };
    consent(&["--region", "left-gluteal", "--date", "2026-11-03"]);
    consent(&["--withdraw", "--date", "2026-11-06"]);
    visit(&p, "2026-11-06", &[]).code(1);
    consent(&["--region", "left-gluteal", "--date", "2026-11-09"]);
    consent(&["--withdraw", "--date", "2026-11-09"]);
    visit(&p, "2026-11-09", &[]).code(1);
    let bundle: Value = p.mmx(&["export", "fhir"]).success().json();
    let consent_of = |n: usize| {
        bundle["entry"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| &e["resource"])
            .find(|r| r["id"] == format!("{PATIENT}.consent{n}"))
            .cloned()
            .unwrap_or_else(|| panic!("consent{n} exported: {bundle}"))
    };
    let first = consent_of(1);
    assert_eq!(first["status"], "inactive");
    assert_eq!(
        first["provision"]["period"],
        serde_json::json!({ "start": "2026-11-03", "end": "2026-11-05" }),
        "{first}"
    );
    let second = consent_of(2);
    assert_eq!(second["status"], "inactive");
    assert!(second["provision"].get("period").is_none(), "{second}");
}

/// Under per-session consent rules a consent on file covers its own day's
/// visit only: `patient consent` said "per course" and nothing else, and
/// the next visit was refused with no warning given when it was recorded.
#[test]
fn a_per_session_practice_says_a_consent_covers_its_day_only() {
    let p = TestPractice::with_prescription();
    set_rules(&p, "sensitive_consent = \"per-session\"");
    let recorded = p.mmx(&[
        "patient",
        "consent",
        PATIENT,
        "--scope",
        "sensitive",
        "--date",
        "2026-11-04",
    ]);
    recorded.success();
    assert!(
        recorded.stderr.contains(
            "mmx.toml's `[rules] sensitive_consent = \"per-session\"`: it covers the visit on 2026-11-04 only; each later visit to a sensitive region needs its own (`--consent` on `session add`)"
        ),
        "{recorded}"
    );
    visit(&p, "2026-11-04", &[]).success();
    visit(&p, "2026-11-06", &[]).code(1);
    visit(&p, "2026-11-06", &["--consent"]).success();
    // A guardian's consent lasts its course whatever the rule: nothing said.
    let guardian = p.mmx(&[
        "patient",
        "consent",
        PATIENT,
        "--scope",
        "guardian",
        "--signed-by",
        "Rui Lima",
    ]);
    guardian.success();
    assert!(!guardian.stderr.contains("per-session"), "{guardian}");
}
