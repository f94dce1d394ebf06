//! Fuzzes the loader and the rules together: the input is split at 0xFF
//! bytes into a patient file, a prescription, two sessions and `mmx.toml`, as
//! one patient's folder in memory; everything `check` does to them must end
//! in diagnostics, never a panic, and every diagnostic must be located.

#![no_main]

use mmx::records;
use libfuzzer_sys::fuzz_target;
use mmx::diag;
use mmx::practice::read::RawFile;
use mmx::check::review::check_files;
use mmx::check::rules::Context;

const NAMES: [&str; 4] = [
    "patients/ana-lima-1980/patient.toml",
    "patients/ana-lima-1980/prescriptions/2026-11-02-a7k2mp.toml",
    "patients/ana-lima-1980/sessions/2026-11-03-b8k3nq.toml",
    "patients/ana-lima-1980/sessions/2026-11-10-c9m4pr.toml",
];

fuzz_target!(|data: &[u8]| {
    let mut parts = data.split(|b| *b == 0xFF);
    let files: Vec<RawFile> = NAMES
        .iter()
        .zip(parts.by_ref())
        .map(|(rel, bytes)| RawFile {
            rel: rel.to_string(),
            bytes: bytes.to_vec(),
        })
        .collect();
    let settings_text = parts.next().map(String::from_utf8_lossy).unwrap_or_default();
    let (settings, mut found) = records::settings("mmx.toml", &settings_text);
    diag::locate_all(&mut found, |_| Some(settings_text.to_string()));
    let vocab = mmx::vocab::Vocabulary::new(
        settings.vocabulary.regions.clone(),
        settings.vocabulary.techniques.clone(),
    );
    let cx = Context {
        rules: &settings.rules,
        therapists: &settings.therapists,
        vocab: &vocab,
        today: chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        entering: None,
        clock: None,
    };
    found.extend(check_files("ana-lima-1980", &files, &cx));
    for d in &found {
        // Findings about a whole file have no line: a missing patient.toml,
        // an empty file, a copy of a record.
        if !d.code.is_whole_file() {
            assert!(d.line >= 1 && d.column >= 1, "not located: {d:?}");
        }
    }
    let mut out = Vec::new();
    diag::render_human(&mut out, &found, false).unwrap();
    serde_json::to_string(&found).unwrap();
});
