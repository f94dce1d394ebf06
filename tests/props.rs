//! Property tests: records mutated at random (bytes flipped, cut, spliced with
//! TOML's sharp edges) never make the loader or the rules panic; every problem
//! has a code and a place, and no rendering quotes a patient's notes.

use chrono::NaiveDate;
use mmx::check::review::check_files;
use mmx::check::rules::Context;
use mmx::diag;
use mmx::model::Rules;
use mmx::model::fields;
use mmx::practice::read::RawFile;
use mmx::records;
use mmx::vocab::Vocabulary;
use proptest::prelude::*;

const PATIENT: &str = "patients/ana-lima-1980/patient.toml";
const RX: &str = "patients/ana-lima-1980/prescriptions/2026-11-02-a7k2mp.toml";
const SESSION: &str = "patients/ana-lima-1980/sessions/2026-11-03-b8k3nq.toml";

/// A word that appears only in free-text notes, never in a field name or id.
const SECRET: &str = "Quokkaberry";

fn originals() -> [(&'static str, String); 3] {
    [
        (
            PATIENT,
            format!(
                "id = \"ana-lima-1980\"\nname = \"Ana Lima\"\nbirth_date = 1980-04-12\n\
                 contraindications = [\"{SECRET} allergy\"]\nnotes = \"Told me about {SECRET} farm.\"\n"
            ),
        ),
        (
            RX,
            "id = \"2026-11-02-a7k2mp\"\npatient = \"ana-lima-1980\"\nissued = 2026-11-02\n\
             expires = 2027-02-01\nvisits = 3\nregions = [\"lumbar\", \"left-gluteal\"]\n\
             techniques = [\"swedish\", \"myofascial-release\"]\n\n[prescriber]\n\
             name = \"Dr. Ada Vance\"\nnpi = \"1234567893\"\n\n[[diagnoses]]\ncode = \"M54.16\"\n"
                .to_string(),
        ),
        (
            SESSION,
            format!(
                "id = \"2026-11-03-b8k3nq\"\npatient = \"ana-lima-1980\"\n\
                 prescription = \"2026-11-02-a7k2mp\"\ndate = 2026-11-03\nstart = 17:30\n\
                 minutes = 50\nregions = [\"lumbar\"]\ntechniques = [\"swedish\"]\n\
                 pain_before = 6\npain_after = 3\n\n[soap]\n\
                 subjective = \"{SECRET} picking hurt her back.\"\nplan = \"Again in a week.\"\n\n\
                 [[amendments]]\ndate = 2026-11-04\nnote = \"{SECRET} again.\"\n"
            ),
        ),
    ]
}

fn original_files() -> Vec<RawFile> {
    originals()
        .into_iter()
        .map(|(rel, text)| RawFile {
            rel: rel.to_string(),
            bytes: text.into_bytes(),
        })
        .collect()
}

/// What `check` finds in the folder, with the built-in vocabulary and rules.
fn check(files: &[RawFile]) -> Vec<mmx::diag::Diagnostic> {
    let vocab = Vocabulary::new(Vec::new(), Vec::new());
    let rules = Rules::default();
    let cx = Context {
        rules: &rules,
        therapists: &[],
        vocab: &vocab,
        today: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        entering: None,
    };
    check_files("ana-lima-1980", files, &cx)
}

/// Fragments that sit on TOML's and mmx's edges.
const SPLICES: &[&str] = &[
    "[",
    "]",
    "{",
    "}",
    "\"",
    "'",
    "=",
    "\n",
    ",",
    ".",
    "#",
    "\\",
    "\u{0}",
    "\u{feff}",
    "é",
    "\"\"\"",
    "[[amendments]]\n",
    "[soap]\n",
    "2026-02-30",
    "24:61",
    "-1",
    "99999999999999999999",
    "1e400",
    "nan",
    "inf",
    "true",
    "visits = 0\n",
    "regions = []\n",
    "status = \"no-show\"\n",
    "override = \"\"\n",
    "right-",
    "bilateral-",
    "id = \"../x\"\n",
    "a.b.c = 1\n",
];

#[derive(Debug, Clone)]
enum Mutation {
    Flip { at: usize, byte: u8 },
    Cut { at: usize, len: usize },
    Splice { at: usize, what: usize },
    DuplicateLine { line: usize },
    DropLine { line: usize },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(at, byte)| Mutation::Flip { at, byte }),
        (any::<usize>(), 1usize..40).prop_map(|(at, len)| Mutation::Cut { at, len }),
        (any::<usize>(), 0..SPLICES.len()).prop_map(|(at, what)| Mutation::Splice { at, what }),
        any::<usize>().prop_map(|line| Mutation::DuplicateLine { line }),
        any::<usize>().prop_map(|line| Mutation::DropLine { line }),
    ]
}

fn apply(bytes: &mut Vec<u8>, m: &Mutation) {
    let n = bytes.len().max(1);
    match *m {
        Mutation::Flip { at, byte } => {
            if !bytes.is_empty() {
                bytes[at % n] = byte;
            }
        }
        Mutation::Cut { at, len } => {
            let at = at % n;
            let end = (at + len).min(bytes.len());
            bytes.drain(at.min(end)..end);
        }
        Mutation::Splice { at, what } => {
            let at = at % (bytes.len() + 1);
            bytes.splice(at..at, SPLICES[what].bytes());
        }
        Mutation::DuplicateLine { line } | Mutation::DropLine { line } => {
            let mut lines: Vec<Vec<u8>> =
                bytes.split(|b| *b == b'\n').map(<[u8]>::to_vec).collect();
            let i = line % lines.len();
            if matches!(m, Mutation::DropLine { .. }) {
                lines.remove(i);
            } else {
                let copy = lines[i].clone();
                lines.insert(i, copy);
            }
            *bytes = lines.join(&b'\n');
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn mutated_records_give_located_findings_and_never_panic(
        which in 0usize..3,
        mutations in proptest::collection::vec(mutation(), 1..6),
    ) {
        let mut files = original_files();
        for m in &mutations {
            apply(&mut files[which].bytes, m);
        }
        let found = check(&files);
        for d in &found {
            prop_assert!(!d.code.as_str().is_empty());
            prop_assert!(
                files.iter().any(|f| f.rel == d.file) || d.code.is_whole_file(),
                "{d:?} names a file that was not given"
            );
            if !d.code.is_whole_file() {
                let file = files.iter().find(|f| f.rel == d.file).unwrap();
                let lines = String::from_utf8_lossy(&file.bytes).lines().count().max(1);
                prop_assert!(d.line >= 1 && d.column >= 1, "not located: {d:?}");
                prop_assert!(d.line <= lines + 1, "line past the end: {d:?}");
            }
        }
        let mut human = Vec::new();
        diag::render_human(&mut human, &found, false).unwrap();
        let human = String::from_utf8_lossy(&human);
        let json = serde_json::to_string(&found).unwrap();
        prop_assert!(!human.contains(SECRET), "notes printed:\n{human}");
        prop_assert!(!json.contains(SECRET), "notes in JSON:\n{json}");
    }
}

/// The unmutated records are clean: the property above starts from valid input.
#[test]
fn the_originals_are_clean() {
    let files: Vec<RawFile> = originals()
        .into_iter()
        .map(|(rel, text)| RawFile {
            rel: rel.to_string(),
            bytes: text.into_bytes(),
        })
        .collect();
    let found = check(&files);
    assert!(found.is_empty(), "{found:?}");
}

/// Where a field lives: the record file, and the table header it sits under
/// (`None`: the top level).
fn homes() -> Vec<(usize, Option<&'static str>, &'static [fields::Field])> {
    vec![
        (0, None, fields::PATIENT),
        (1, None, fields::PRESCRIPTION),
        (1, Some("[prescriber]"), fields::PRESCRIBER),
        (1, Some("[[diagnoses]]"), fields::DIAGNOSIS),
        (2, None, fields::SESSION),
        (2, Some("[soap]"), fields::SOAP),
        (2, Some("[[amendments]]"), fields::AMENDMENT),
        (2, Some("[[overrides]]"), fields::OVERRIDE),
        (2, Some("[[measures]]"), fields::MEASURE),
        (1, Some("[[targets]]"), fields::TARGET),
    ]
}

/// Shapes a person's words can take in a field, right or wrong for it.
fn shapes() -> Vec<String> {
    vec![
        format!("\"{SECRET} farm\""),
        format!("[\"{SECRET} farm\", 3]"),
        format!("{{ note = \"{SECRET} farm\" }}"),
        format!("\"\"\"\n{SECRET} farm\nmore\"\"\""),
        format!("12 {SECRET} farm"),
        format!("\"\\u001b{SECRET} farm\""),
        format!("\"lumbar\", \"{SECRET} farm\""),
        format!("2026-01-01 {SECRET} farm"),
    ]
}

/// `key = value` set in a record's text: under its table's header when it
/// has one (a header is added at the end when the record has none).
fn with_field(text: &str, header: Option<&str>, key: &str, value: &str) -> String {
    let line = format!("{key} = {value}\n");
    match header {
        None => {
            let kept: String = text
                .lines()
                .filter(|l| !l.starts_with(&format!("{key} =")))
                .map(|l| format!("{l}\n"))
                .collect();
            format!("{line}{kept}")
        }
        Some(h) => match text.find(&format!("{h}\n")) {
            Some(at) => {
                let at = at + h.len() + 1;
                format!("{}{line}{}", &text[..at], &text[at..])
            }
            None => format!("{text}\n{h}\n{line}"),
        },
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// Every field of every record kind, given a person's words in every
    /// shape, and every key spelt as words: no finding, human or JSON,
    /// ever shows them.
    #[test]
    fn no_field_of_any_record_leaks_its_words(
        home in 0usize..10,
        field in 0usize..16,
        shape in 0usize..8,
        as_key in any::<bool>(),
    ) {
        let (file, header, spec) = homes()[home];
        let f = spec[field % spec.len()];
        let value = &shapes()[shape];
        let mut files = original_files();
        let text = String::from_utf8(files[file].bytes.clone()).unwrap();
        let key = if as_key {
            format!("\"{SECRET} {}\"", f.name)
        } else {
            f.name.to_string()
        };
        files[file].bytes = with_field(&text, header, &key, value).into_bytes();
        let found = check(&files);
        let mut human = Vec::new();
        diag::render_human(&mut human, &found, false).unwrap();
        let human = String::from_utf8_lossy(&human);
        let json = serde_json::to_string(&found).unwrap();
        prop_assert!(!human.contains(SECRET), "{}.{} = {value}:\n{human}", home, f.name);
        prop_assert!(!json.contains(SECRET), "{}.{} = {value}:\n{json}", home, f.name);
    }

    /// The same for every field of mmx.toml.
    #[test]
    fn no_field_of_the_settings_leaks_its_words(
        table in 0usize..5,
        field in 0usize..10,
        shape in 0usize..8,
    ) {
        let tables = [
            ("[practice]", fields::PRACTICE),
            ("[rules]", fields::RULES),
            ("[alerts]", fields::ALERTS),
            ("[vocabulary]", fields::VOCABULARY),
            ("[[vocabulary.measures]]", fields::MEASURE_DEF),
        ];
        let (header, spec) = tables[table];
        let f = spec[field % spec.len()];
        let base = "[practice]\nname = \"Harbor Street\"\n[rules]\nrx_valid_days = 365\n\
                    [alerts]\nwithin_days = 14\n[vocabulary]\nregions = [\"pelvic-floor\"]\n";
        let text = with_field(base, Some(header), f.name, &shapes()[shape]);
        let (_, mut found) = records::settings("mmx.toml", &text);
        diag::locate_all(&mut found, |_| Some(text.clone()));
        let mut human = Vec::new();
        diag::render_human(&mut human, &found, false).unwrap();
        let human = String::from_utf8_lossy(&human);
        let json = serde_json::to_string(&found).unwrap();
        prop_assert!(!human.contains(SECRET), "{}:\n{human}", f.name);
        prop_assert!(!json.contains(SECRET), "{}:\n{json}", f.name);
    }
}
