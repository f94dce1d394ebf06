//! `mmx schema` and the editor files `init` writes: the JSON Schemas are
//! well-formed, carry the practice's vocabulary, refuse a misspelt region
//! where a validator reads them, and the demo practice's copies are current.
//! (tests/schema/check-demo.sh validates the demo with taplo and jsonschema.)

use insta::assert_snapshot;
use serde_json::Value;

use crate::common::{EDITOR_FILES, TestPractice, crate_root};

/// The enum of a region list in a session schema.
fn session_regions(schema: &Value) -> Vec<String> {
    schema["properties"]["regions"]["items"]["enum"]
        .as_array()
        .expect("regions are an enum")
        .iter()
        .map(|v| v.as_str().expect("a string").to_string())
        .collect()
}

#[test]
fn prints_all_five_schemas_or_one() {
    let p = TestPractice::new();
    let all: Value = p.mmx(&["schema"]).success().json();
    let kinds: Vec<&String> = all.as_object().unwrap().keys().collect();
    assert_eq!(
        kinds,
        ["patient", "prescription", "report", "session", "settings"]
    );
    // A recorded report: how it was sent is one of four words, and the
    // file's digest is kept beside it.
    let report = &all["report"]["properties"];
    assert_eq!(
        report["sent"]["enum"],
        serde_json::json!(["fax", "mail", "email", "hand"])
    );
    assert_eq!(report["sha256"]["type"], "string");
    assert_eq!(report["sent_on"]["format"], "date");
    for (kind, schema) in all.as_object().unwrap() {
        assert_eq!(
            schema["$schema"], "http://json-schema.org/draft-07/schema#",
            "{kind}"
        );
        assert_eq!(schema["type"], "object", "{kind}");
        assert_eq!(schema["additionalProperties"], false, "{kind}");
    }
    let session: Value = p.mmx(&["schema", "session"]).success().json();
    assert_eq!(session, all["session"]);
    let regions = session_regions(&session);
    assert!(regions.iter().any(|r| r == "lumbar") && regions.iter().any(|r| r == "left-gluteal"));
    assert!(!regions.iter().any(|r| r == "lumbr"));
    let required = session["required"].as_array().unwrap();
    for key in ["id", "patient", "prescription", "date"] {
        assert!(required.contains(&key.into()), "{key}");
    }
    assert_eq!(session["properties"]["date"]["format"], "date");
}

#[test]
fn the_practice_vocabulary_is_in_the_enums() {
    let p = TestPractice::new();
    let settings = p.read("mmx.toml").replace(
        "regions = []\ntechniques = []",
        "regions = [\"scar-site\"]\ntechniques = [\"gua-sha\"]",
    );
    p.write("mmx.toml", settings);
    let session: Value = p.mmx(&["schema", "session"]).success().json();
    assert!(session_regions(&session).contains(&"scar-site".to_string()));
    let techniques = &session["properties"]["techniques"]["items"]["enum"];
    assert!(techniques.as_array().unwrap().contains(&"gua-sha".into()));
}

#[test]
fn out_writes_each_schema_and_prints_its_path() {
    let p = TestPractice::new();
    let run = p.mmx(&["schema", "--out", "editor/schemas"]);
    assert_snapshot!(run.snapshot(), @r"
    [PRACTICE]/editor/schemas/patient.schema.json
    [PRACTICE]/editor/schemas/prescription.schema.json
    [PRACTICE]/editor/schemas/session.schema.json
    [PRACTICE]/editor/schemas/report.schema.json
    [PRACTICE]/editor/schemas/settings.schema.json
    ----- stderr -----
    [exit status: 0]
    ");
    let printed: Value = p.mmx(&["schema", "patient"]).success().json();
    let written: Value =
        serde_json::from_str(&p.read("editor/schemas/patient.schema.json")).unwrap();
    assert_eq!(printed, written);
    let run = p.mmx(&["schema", "settings", "--out", "one"]);
    run.success();
    assert_eq!(p.files("one"), ["one/settings.schema.json"]);
}

#[test]
fn out_is_refused_inside_the_records_and_a_bad_kind_is_a_usage_error() {
    let p = TestPractice::new();
    let run = p.mmx(&["schema", "patient", "--out", "patients"]);
    run.code(2);
    assert!(!p.path("patients/patient.schema.json").exists());
    p.mmx(&["schema", "regions"]).code(2);
    // The vocabulary is the practice's: no practice, no schema.
    TestPractice::empty().mmx(&["schema"]).code(2);
}

#[test]
fn init_writes_the_schemas_and_a_taplo_config_that_maps_them() {
    let p = TestPractice::empty();
    // What init says of them is in practice.rs's snapshot.
    p.mmx(&["init", "--name", "Harbor Street Massage"])
        .success();
    assert_eq!(p.files(""), [EDITOR_FILES, &["mmx.toml"]].concat());
    let config: toml::Table = toml::from_str(&p.read(".taplo.toml")).unwrap();
    let rules = config["rule"].as_array().unwrap();
    let mapped: Vec<(&str, &str)> = rules
        .iter()
        .map(|r| {
            (
                r["include"][0].as_str().unwrap(),
                r["schema"]["path"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        mapped,
        [
            ("patients/*/patient.toml", ".mmx/schema/patient.schema.json"),
            (
                "patients/*/prescriptions/*.toml",
                ".mmx/schema/prescription.schema.json"
            ),
            (
                "patients/*/sessions/*.toml",
                ".mmx/schema/session.schema.json"
            ),
            (
                "patients/*/reports/*.toml",
                ".mmx/schema/report.schema.json"
            ),
            ("mmx.toml", ".mmx/schema/settings.schema.json"),
        ]
    );
    for (_, schema) in &mapped {
        let written: Value = serde_json::from_str(&p.read(schema)).unwrap();
        let kind = schema
            .trim_start_matches(".mmx/schema/")
            .trim_end_matches(".schema.json");
        assert_eq!(written, p.mmx(&["schema", kind]).success().json::<Value>());
    }
    // The editor files are no records: the practice checks clean.
    p.mmx(&["check", "--strict"]).success();
}

#[test]
fn init_git_in_a_practice_keeps_its_own_taplo_config() {
    let p = TestPractice::new();
    p.write(".taplo.toml", "# the clinic's own\n");
    std::fs::remove_dir_all(p.path(".mmx")).unwrap();
    let run = p.mmx(&["init", "--git"]);
    run.success();
    assert_eq!(p.read(".taplo.toml"), "# the clinic's own\n");
    assert!(
        p.path(".mmx/schema/session.schema.json").is_file(),
        "missing schemas are written"
    );
    assert!(
        run.stderr.contains("kept the practice's own .taplo.toml"),
        "{}",
        run.stderr
    );
    // And what init wrote is committed with the records, refused by no hook.
    let git = |args: &[&str]| {
        let out = std::process::Command::new("git")
            .args(["-c", "user.name=T", "-c", "user.email=t@example.org"])
            .args(args)
            .current_dir(p.root())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    git(&["add", "-A"]);
    git(&["commit", "-q", "-m", "practice"]);
}

/// A validator's view of the schema: the enum refuses a misspelt region in
/// a real demo session (the full validators run in tests/schema/).
#[test]
fn a_misspelt_region_is_outside_the_schema() {
    let demo = crate_root().join("examples/demo-practice");
    let p = TestPractice::copy_of(&demo);
    let session: Value = p.mmx(&["schema", "session"]).success().json();
    let regions = session_regions(&session);
    let file = p
        .files("patients")
        .into_iter()
        .find(|f| f.contains("/sessions/"))
        .unwrap();
    let record: toml::Table = toml::from_str(&p.read(&file)).unwrap();
    let written: Vec<&str> = record["regions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert!(
        written.iter().all(|r| regions.iter().any(|e| e == r)),
        "{file}: {written:?}"
    );
    assert!(!regions.iter().any(|e| e == "lumbr"));
}

/// The demo's committed schemas and .taplo.toml are what `init` and `mmx
/// schema` write now: a new field or term makes this fail until they are
/// written again.
#[test]
fn the_demo_practice_editor_files_are_current() {
    let demo = crate_root().join("examples/demo-practice");
    let p = TestPractice::copy_of(&demo);
    p.mmx(&["schema", "--out", "fresh"]).success();
    for kind in ["patient", "prescription", "session", "report", "settings"] {
        let name = format!("{kind}.schema.json");
        let committed = std::fs::read_to_string(demo.join(".mmx/schema").join(&name)).unwrap();
        assert!(
            committed == p.read(&format!("fresh/{name}")),
            "examples/demo-practice/.mmx/schema/{name} is stale: run `cargo run -- --dir examples/demo-practice schema --out examples/demo-practice/.mmx/schema`"
        );
    }
    let fresh = TestPractice::empty();
    fresh.mmx(&["init", "--name", "X"]).success();
    assert_eq!(
        std::fs::read_to_string(demo.join(".taplo.toml")).unwrap(),
        fresh.read(".taplo.toml"),
        "examples/demo-practice/.taplo.toml is not the one `mmx init` writes"
    );
}
