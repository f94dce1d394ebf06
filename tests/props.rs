//! Property tests: records mutated at random (bytes flipped, cut, spliced with
//! TOML's sharp edges) never make the loader or the rules panic; every problem
//! is said on one line and located where it is, and no rendering quotes a
//! patient's notes; nor does any finding about any field the field tables
//! list, whatever words are put in it.

use chrono::NaiveDate;
use mmx::check::history::{Kind, judge};
use mmx::check::review::check_files;
use mmx::check::rules::Context;
use mmx::diag::{self, Code, Diagnostic};
use mmx::model::fields::{self, Field, Nested, Text, Ty};
use mmx::model::{Amendment, Override, Void};
use mmx::model::{RecordKind, Rules};
use mmx::practice::folder;
use mmx::practice::read::RawFile;
use mmx::records;
use mmx::records::editor::append;
use mmx::vocab::Vocabulary;
use proptest::collection;
use proptest::option;
use proptest::prelude::*;

const PATIENT: &str = "patients/ana-lima-1980/patient.toml";
const RX: &str = "patients/ana-lima-1980/prescriptions/2026-11-02-a7k2mp.toml";
const SESSION: &str = "patients/ana-lima-1980/sessions/2026-11-03-b8k3nq.toml";
/// A session recorded in error: where `[void]` is.
const VOIDED: &str = "patients/ana-lima-1980/sessions/2026-11-05-d2v7xs.toml";
const REPORT: &str = "patients/ana-lima-1980/reports/2026-11-20-c9m4pr.toml";

/// How many records [`originals`] gives: one of each kind, with every
/// table of each, and a voided session.
const ORIGINALS: usize = 5;

/// A word that appears only in free-text notes, never in a field name or id.
const SECRET: &str = "Quokkaberry";

/// A clean folder of one patient: every table of every record kind, a
/// person's words in its free-text fields, and letters beyond ASCII before
/// the end of some lines (so a column counted in bytes, not characters,
/// shows in the first property).
fn originals() -> [(&'static str, String); ORIGINALS] {
    [
        (
            PATIENT,
            format!(
                "id = \"ana-lima-1980\"\nname = \"Ana Líma\"\nbirth_date = 1980-04-12\n\
                 contraindications = [\"{SECRET} allergy\", \"No Ibuprofène\"]\nnotes = \"Told me about {SECRET} farm, near Créteil.\"\n\n\
                 [[screenings]]\ndate = 2026-11-02\nflags = [\"osteoporosis\"]\nnote = \"{SECRET} fall in 2024.\"\n\n\
                 [[clearances]]\ndate = 2026-11-02\nby = \"Dr. Ada Vance\"\nflags = [\"dvt-history\"]\n\n\
                 [[consents]]\ndate = 2026-11-02\nscope = \"treatment\"\nsigned_by = \"Ana Líma\"\n"
            ),
        ),
        (
            RX,
            "id = \"2026-11-02-a7k2mp\"\npatient = \"ana-lima-1980\"\nissued = 2026-11-02\n\
             expires = 2027-02-01\nvisits = 3\nregions = [\"lumbar\", \"left-gluteal\"]\n\
             techniques = [\"swedish\", \"myofascial-release\"]\n\n[prescriber]\n\
             name = \"Dr. Ada Vance\"\nnpi = \"1234567893\"\n\n[[diagnoses]]\ncode = \"M54.16\"\n\n\
             [[targets]]\nmeasure = \"quickdash\"\ntarget = 20\n\n\
             [closed]\ndate = 2026-11-22\nreason = \"goals-met\"\n"
                .to_string(),
        ),
        (
            SESSION,
            format!(
                "id = \"2026-11-03-b8k3nq\"\npatient = \"ana-lima-1980\"\n\
                 prescription = \"2026-11-02-a7k2mp\"\ndate = 2026-11-03\nstart = 17:30\n\
                 minutes = 50\nregions = [\"lumbar\"]\ntechniques = [\"swedish\"]\n\
                 pain_before = 6\npain_after = 3\n\n[soap]\n\
                 subjective = \"{SECRET} picking hurt her back.\"\nplan = \"Again in a week — Thursday.\"\n\n\
                 [[amendments]]\ndate = 2026-11-04\nnote = \"{SECRET} again.\"\n\n\
                 [[measures]]\nmeasure = \"quickdash\"\nvalue = 52\n\n\
                 [[overrides]]\ndate = 2026-11-03\nfindings = [\"visits-exceeded: 2026-11-02-a7k2mp\"]\n\
                 reason = \"{SECRET} asked.\"\n"
            ),
        ),
        (
            VOIDED,
            format!(
                "id = \"2026-11-05-d2v7xs\"\npatient = \"ana-lima-1980\"\n\
                 prescription = \"2026-11-02-a7k2mp\"\ndate = 2026-11-05\nstart = 09:00\n\
                 minutes = 50\nregions = [\"lumbar\"]\ntechniques = [\"swedish\"]\n\n\
                 [void]\ndate = 2026-11-06\nby = \"Ines Ortega\"\nreason = \"{SECRET} mix-up.\"\n"
            ),
        ),
        (
            REPORT,
            format!(
                "id = \"2026-11-20-c9m4pr\"\npatient = \"ana-lima-1980\"\n\
                 prescription = \"2026-11-02-a7k2mp\"\ndate = 2026-11-20\n\
                 to = \"Dr. Ada Vance, {SECRET} clinic\"\nformat = \"pdf\"\n"
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
fn check(files: &[RawFile]) -> Vec<Diagnostic> {
    let vocab = Vocabulary::new(Vec::new(), Vec::new());
    let rules = Rules::default();
    let cx = Context {
        rules: &rules,
        therapists: &[],
        vocab: &vocab,
        today: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        entering: None,
        clock: None,
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
    "\t",
    "\\u001b",
    "\\n",
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

/// Where byte `at` of `text` is as a person counts: the line (from 1, by
/// line breaks) and the column (from 1, in characters).
fn line_column(text: &str, at: usize) -> (usize, usize) {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let before = &text[..at];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (
        before.matches('\n').count() + 1,
        before[line_start..].chars().count() + 1,
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    /// Any record mutated: no panic; every finding names a file given, says
    /// what is wrong on one clean line, and is located where its span
    /// starts (or, about a whole file, nowhere); no finding shows the notes.
    #[test]
    fn mutated_records_give_located_findings_and_never_panic(
        which in 0..ORIGINALS,
        mutations in collection::vec(mutation(), 1..6),
    ) {
        let mut files = original_files();
        for m in &mutations {
            apply(&mut files[which].bytes, m);
        }
        let found = check(&files);
        for d in &found {
            // Every finding says what is wrong in words, on one line, with
            // no control character: a JSON reader gets the message as it
            // is, and the mutations put line breaks, NULs and ESCs in keys
            // and values a message may name.
            for said in std::iter::once(&d.message).chain(&d.hint) {
                prop_assert!(
                    !said.trim().is_empty() && !said.chars().any(char::is_control),
                    "a message or hint not one clean line: {d:?}"
                );
            }
            // A finding about a whole file has no position; any other has one.
            prop_assert_eq!(d.code.is_whole_file(), d.line == 0, "{:?}", d);
            // And that position is where its span starts, counted afresh:
            // lines by line breaks, columns in characters (not bytes), in
            // the text as the file holds it.
            if let (Some(span), Some(file)) = (&d.span, files.iter().find(|f| f.rel == d.file)) {
                let text = String::from_utf8_lossy(&file.bytes);
                prop_assert!(span.start <= span.end && span.end <= text.len(), "span past the end: {d:?}");
                prop_assert_eq!((d.line, d.column), line_column(&text, span.start), "{:?}", d);
            }
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

/// A word planted in one field at a time by the properties below: never in
/// the originals, so a record that reads it back read it from that field.
const PLANTED: &str = "Wombatfig";

/// One table of fields as it sits in a file: which file (an index into the
/// files a property edits), the header it sits under (`None`: the top), its
/// path as the field tables name it (`prescription.closed`), and its fields.
struct Home {
    file: usize,
    header: Option<String>,
    path: String,
    fields: &'static [Field],
}

/// The tables of a file whose top table is `top` (named `name`, as the
/// paths of [`fields::NESTED`] start): the top and, through NESTED, every
/// table and array of tables below it, however deep. A table NESTED does
/// not name fails here (and in the unit test that holds NESTED to the field
/// tables). Term maps (`[billing]`) have no field table: their headers go
/// to `maps`.
fn tables_of(
    file: usize,
    name: &str,
    top: &'static [Field],
    homes: &mut Vec<Home>,
    maps: &mut Vec<String>,
) {
    fn walk(
        file: usize,
        name: &str,
        path: &str,
        header: Option<String>,
        spec: &'static [Field],
        homes: &mut Vec<Home>,
        maps: &mut Vec<String>,
    ) {
        homes.push(Home {
            file,
            header,
            path: path.to_string(),
            fields: spec,
        });
        for f in spec {
            if !matches!(f.ty, Ty::Table | Ty::Tables) {
                continue;
            }
            let at = format!("{path}.{}", f.name);
            let inner = &at[name.len() + 1..];
            let header = match f.ty {
                Ty::Table => format!("[{inner}]"),
                _ => format!("[[{inner}]]"),
            };
            match fields::nested(&at) {
                Some(Nested::Fields(sub)) => walk(file, name, &at, Some(header), sub, homes, maps),
                Some(Nested::TermMap(_)) => maps.push(header),
                None => panic!("`{at}` is a table fields::NESTED does not name"),
            }
        }
    }
    walk(file, name, name, None, top, homes, maps);
}

/// The record kind a file of a patient's folder is, as the field tables'
/// paths name it: `patient`, or the word of its folder's [`RecordKind`]
/// (`prescription` for `prescriptions/`).
fn kind_name(rel: &str) -> String {
    let inner: Vec<&str> = rel.split('/').skip(2).collect();
    match inner.as_slice() {
        [file] => file.trim_end_matches(".toml").to_string(),
        [folder, _] => RecordKind::ALL
            .iter()
            .find(|k| k.folder() == *folder)
            .map(|k| k.word().to_string())
            .unwrap_or_else(|| panic!("{rel} is not in a record folder")),
        _ => panic!("{rel} is not at a record's place"),
    }
}

/// Every table of every record kind, in the files of [`originals`]: each
/// original's top table is the one the loader reads it with
/// (`practice::folder::record_fields`), and every record folder has an
/// original, so a new record kind, table or field is planted in here
/// without a change to this test.
fn record_homes() -> Vec<Home> {
    let files = originals();
    for kind in RecordKind::ALL {
        assert!(
            files
                .iter()
                .any(|(rel, _)| rel.split('/').nth(2) == Some(kind.folder())),
            "no original record in {}/: add one to originals()",
            kind.folder()
        );
    }
    let mut all = Vec::new();
    let mut maps = Vec::new();
    for (i, (rel, _)) in files.iter().enumerate() {
        let top = folder::record_fields(rel).expect("each original is at a record's place");
        tables_of(i, &kind_name(rel), top, &mut all, &mut maps);
    }
    assert!(maps.is_empty(), "a term map in a record: {maps:?}");
    // Each table once, in an original that has it (a session's `[void]` is
    // in the voided one); a table no original has is planted alone, and
    // the read-back in `plant_everywhere` says so.
    let has = |h: &Home| {
        h.header
            .as_deref()
            .is_none_or(|header| files[h.file].1.lines().any(|l| l == header))
    };
    let mut homes: Vec<Home> = Vec::new();
    for h in all {
        match homes.iter().position(|k| k.path == h.path) {
            None => homes.push(h),
            Some(i) if !has(&homes[i]) && has(&h) => homes[i] = h,
            Some(_) => {}
        }
    }
    // The record kinds the JSON Schemas know are these same tables.
    for (name, top) in fields::RECORD_TOPS {
        assert!(
            *name == SETTINGS_TOP
                || homes
                    .iter()
                    .any(|h| h.path == *name && fields::names(h.fields) == fields::names(top)),
            "record kind {name} has no original in originals()"
        );
    }
    homes
}

/// How the settings' top table is named in [`fields::RECORD_TOPS`].
const SETTINGS_TOP: &str = "settings";

/// A valid mmx.toml the settings property plants words in.
const SETTINGS: &str = "[practice]\nname = \"Harbor Street\"\n[rules]\nrx_valid_days = 365\n\
                        [alerts]\nwithin_days = 14\n[vocabulary]\nregions = [\"pelvic-floor\"]\n\
                        [[vocabulary.measures]]\nid = \"grip\"\nlabel = \"Grip strength\"\n\
                        unit = \"kg\"\nmin = 0\nmax = 90\nbetter = \"higher\"\nmcid = 6\n\
                        mcid_source = \"Bohannon 2019\"\n\
                        [[therapists]]\nname = \"Ines Ortega\"\n[billing]\nswedish = \"97124\"\n";

/// Every table of mmx.toml, and the headers of its term maps.
fn settings_homes() -> (Vec<Home>, Vec<String>) {
    let top = fields::RECORD_TOPS
        .iter()
        .find(|(name, _)| *name == SETTINGS_TOP)
        .map(|(_, top)| *top)
        .expect("mmx.toml's fields in RECORD_TOPS");
    let mut homes = Vec::new();
    let mut maps = Vec::new();
    tables_of(0, SETTINGS_TOP, top, &mut homes, &mut maps);
    (homes, maps)
}

/// Shapes a person's words can take in a field, right or wrong for it.
fn shapes() -> Vec<String> {
    vec![
        format!("\"{PLANTED} farm\""),
        format!("[\"{PLANTED} farm\", 3]"),
        format!("{{ note = \"{PLANTED} farm\" }}"),
        format!("\"\"\"\n{PLANTED} farm\nmore\"\"\""),
        format!("12 {PLANTED} farm"),
        format!("\"\\u001b{PLANTED} farm\""),
        format!("\"lumbar\", \"{PLANTED} farm\""),
        format!("2026-01-01 {PLANTED} farm"),
    ]
}

/// The words as a value the field takes when it holds a person's words: a
/// string, or a list of them.
fn words_for(f: &Field) -> String {
    match f.ty {
        Ty::List => format!("[\"{PLANTED} farm\"]"),
        _ => format!("\"{PLANTED} farm\""),
    }
}

/// `key = value` set in a text under `header` (`None`: at the top), in
/// place of the key's line there if it has one; a header the text lacks is
/// added at its end.
fn with_field(text: &str, header: Option<&str>, key: &str, value: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    // The section: the lines after its header, up to the next header.
    let (start, at_end) = match header {
        None => (0, false),
        Some(h) => match lines.iter().position(|l| *l == h) {
            Some(i) => (i + 1, false),
            None => (lines.len(), true),
        },
    };
    let end = lines[start..]
        .iter()
        .position(|l| l.starts_with('['))
        .map_or(lines.len(), |i| start + i);
    let mut out: Vec<String> = lines[..start].iter().map(|l| l.to_string()).collect();
    if at_end {
        out.push(header.expect("a header to add").to_string());
    }
    out.push(format!("{key} = {value}"));
    out.extend(
        lines[start..end]
            .iter()
            .filter(|l| !l.starts_with(&format!("{key} =")))
            .map(|l| l.to_string()),
    );
    out.extend(lines[end..].iter().map(|l| l.to_string()));
    out.iter().map(|l| format!("{l}\n")).collect()
}

/// Neither the originals' nor the planted words in any finding, human or
/// JSON: `Err` says which and shows it.
fn no_words_in(found: &[Diagnostic]) -> Result<(), String> {
    let mut human = Vec::new();
    diag::render_human(&mut human, found, false).unwrap();
    let human = String::from_utf8_lossy(&human);
    let json = serde_json::to_string(found).unwrap();
    for word in [SECRET, PLANTED] {
        if human.contains(word) {
            return Err(format!("{word} printed:\n{human}"));
        }
        if json.contains(word) {
            return Err(format!("{word} in JSON:\n{json}"));
        }
    }
    Ok(())
}

/// The patient's folder with `key = value` planted in one table of one
/// record: what `check` finds, and the records as read, as JSON.
fn plant_in_records(home: &Home, key: &str, value: &str) -> (Vec<Diagnostic>, String) {
    let mut files = original_files();
    let text = String::from_utf8(files[home.file].bytes.clone()).unwrap();
    files[home.file].bytes = with_field(&text, home.header.as_deref(), key, value).into_bytes();
    let found = check(&files);
    let vocab = Vocabulary::new(Vec::new(), Vec::new());
    let read = folder::parse_folder("ana-lima-1980", &files, true, &vocab);
    let records = serde_json::json!([
        read.patient.map(|r| r.rec),
        read.prescriptions
            .into_iter()
            .map(|r| r.rec)
            .collect::<Vec<_>>(),
        read.sessions.into_iter().map(|r| r.rec).collect::<Vec<_>>(),
        read.reports.into_iter().map(|r| r.rec).collect::<Vec<_>>(),
    ]);
    (found, records.to_string())
}

/// mmx.toml with `key = value` planted under `header`: what its reader
/// finds (located, as every command shows it), and the settings as read.
fn plant_in_settings(header: Option<&str>, key: &str, value: &str) -> (Vec<Diagnostic>, String) {
    let text = with_field(SETTINGS, header, key, value);
    let (settings, mut found) = records::settings("mmx.toml", &text);
    diag::locate_all(&mut found, |_| Some(text.clone()));
    (found, serde_json::to_string(&settings).unwrap())
}

/// Plants a person's words in every field of every table in `homes`, in
/// every shape and as the field's key, and holds every finding to showing
/// none of them. Each free-text field is also given the words in the shape
/// it takes, and must read them back (or refuse them with a finding on that
/// field): proof the words went where the reader reads that field, so no
/// field is "covered" by words it never looks at. Returns the free-text
/// fields planted, by path.
fn plant_everywhere(
    homes: &[Home],
    plant: impl Fn(&Home, &str, &str) -> (Vec<Diagnostic>, String),
) -> Vec<String> {
    let mut failures = Vec::new();
    let mut free_text = Vec::new();
    for home in homes {
        for f in home.fields {
            let at = format!("{}.{}", home.path, f.name);
            let spelt = format!("\"{PLANTED} {}\"", f.name);
            let tries = shapes()
                .into_iter()
                .map(|v| (f.name.to_string(), v))
                .chain([(spelt, "1".to_string())]);
            for (key, value) in tries {
                let (found, _) = plant(home, &key, &value);
                if let Err(e) = no_words_in(&found) {
                    failures.push(format!("{at}: {key} = {value}: {e}"));
                }
            }
            if matches!(f.text, Text::Line | Text::Lines) {
                free_text.push(at.clone());
                let (found, read) = plant(home, f.name, &words_for(f));
                let refused = found.iter().any(|d| {
                    d.field
                        .as_deref()
                        .is_some_and(|p| p.rsplit('.').next() == Some(f.name))
                        && d.code != Code::UnknownField
                });
                if !read.contains(PLANTED) && !refused {
                    failures.push(format!(
                        "{at}: the words planted were neither read nor refused: {found:?}"
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n\n"));
    free_text
}

/// Every field of every record kind, given a person's words in every shape,
/// and every key spelt as words: no finding, human or JSON, ever shows them.
/// The fields are the field tables' own (see [`record_homes`]).
#[test]
fn no_field_of_any_record_leaks_its_words() {
    let homes = record_homes();
    let free_text = plant_everywhere(&homes, plant_in_records);
    // The fields the tables say hold a person's words, among them those
    // once left out when the tables were listed by hand.
    for at in [
        "patient.notes",
        "prescription.closed.note",
        "prescription.prescriber.address",
        "session.void.reason",
        "session.void.by",
        "session.soap.plan",
        "report.to",
    ] {
        assert!(
            free_text.iter().any(|f| f == at),
            "{at} not planted: {free_text:?}"
        );
    }
}

/// The same for every field of mmx.toml, and a term map's terms and codes.
#[test]
fn no_field_of_the_settings_leaks_its_words() {
    let (homes, maps) = settings_homes();
    let free_text = plant_everywhere(&homes, |home, key, value| {
        plant_in_settings(home.header.as_deref(), key, value)
    });
    for at in [
        "settings.practice.address",
        "settings.therapists.name",
        "settings.therapists.license",
        "settings.vocabulary.measures.label",
    ] {
        assert!(
            free_text.iter().any(|f| f == at),
            "{at} not planted: {free_text:?}"
        );
    }
    assert!(maps.iter().any(|m| m == "[billing]"), "{maps:?}");
    let mut failures = Vec::new();
    for header in &maps {
        let spelt = format!("\"{PLANTED} farm\"");
        let mut tries = vec![(spelt.clone(), "\"97140\"".to_string())];
        tries.extend(shapes().into_iter().map(|v| ("swedish".to_string(), v)));
        for (key, value) in tries {
            let (found, _) = plant_in_settings(Some(header), &key, &value);
            if let Err(e) = no_words_in(&found) {
                failures.push(format!("{header} {key} = {value}: {e}"));
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n\n"));
}

/// The settings the property above starts from are valid.
#[test]
fn the_settings_original_is_clean() {
    let (_, found) = records::settings("mmx.toml", SETTINGS);
    assert!(found.is_empty(), "{found:?}");
}

/// Words as a person writes them in an amendment, a reason or a name:
/// quotes, backslashes, line breaks, TOML's brackets and letters beyond ASCII.
fn words() -> impl Strategy<Value = String> {
    "[ -~\n\té\"\\\\\\[\\]]{1,40}"
}

/// Entries as mmx appends them to a session (`session amend`, `override`,
/// and `void` once), with any words in them.
fn entries(most: usize) -> impl Strategy<Value = Vec<String>> {
    let date = || (1u32..28).prop_map(|d| NaiveDate::from_ymd_opt(2026, 12, d).unwrap());
    let added = prop_oneof![
        (date(), option::of(words()), words()).prop_map(|(date, by, note)| Amendment {
            date,
            by,
            note
        }
        .to_toml()),
        (
            date(),
            option::of(words()),
            collection::vec(words(), 0..3),
            words()
        )
            .prop_map(|(date, by, findings, reason)| Override {
                date,
                by,
                findings,
                reason
            }
            .to_toml()),
    ];
    let void = (date(), option::of(words()), words())
        .prop_map(|(date, by, reason)| Void { date, by, reason }.to_toml());
    (
        collection::vec(added.clone(), 0..=most),
        option::of(void),
        collection::vec(added, 0..=most),
    )
        .prop_map(|(before, void, after)| before.into_iter().chain(void).chain(after).collect())
}

/// What may follow a session's last table without being an entry mmx
/// appends: a field of what it recorded, or a table of it.
const NOT_ENTRIES: &[&str] = &[
    "minutes = 90\n",
    "regions = [\"neck\"]\n",
    "\nnote = \"x\"\n",
    "\n[soap]\nplan = \"x\"\n",
    "\n[[measures]]\nmeasure = \"pain\"\nvalue = 2.0\n",
    "\nvoid = { date = 2026-12-01, reason = \"x\" }\n",
    "\n[void.why]\nreason = \"x\"\n",
    "\namendments = [{ date = 2026-12-01, note = \"x\" }]\n",
    "\n[amendments.x]\nnote = \"x\"\n",
    "status = \"no-show\"\n",
];

fn session_text() -> String {
    originals()[2].1.clone()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// Any entries mmx appends to a session, whatever words they hold, are
    /// allowed by the history rule, one by one and all at once.
    #[test]
    fn an_appended_entry_is_allowed(entries in entries(2)) {
        let first = session_text();
        let mut text = first.clone();
        for e in &entries {
            let next = append(&text, e);
            prop_assert_eq!(judge(Kind::Session, text.as_bytes(), next.as_bytes(), || None), None, "{}", next);
            text = next;
        }
        prop_assert_eq!(judge(Kind::Session, first.as_bytes(), text.as_bytes(), || None), None);
    }

    /// Any other byte change of a session (a byte changed, bytes cut or
    /// spliced in anywhere before its end, lines dropped or repeated, the
    /// end cut off) is refused, from a session already added to or not.
    #[test]
    fn any_other_change_of_a_session_is_refused(
        added in entries(1),
        mutations in collection::vec(mutation(), 1..4),
    ) {
        let mut old = session_text();
        for e in &added {
            old = append(&old, e);
        }
        let mut new = old.clone().into_bytes();
        for m in &mutations {
            apply(&mut new, m);
        }
        // An append is the property above.
        prop_assume!(!new.starts_with(old.as_bytes()));
        prop_assert!(
            judge(Kind::Session, old.as_bytes(), &new, || None).is_some(),
            "{}", String::from_utf8_lossy(&new)
        );
    }

    /// Appended bytes that are not an entry (a field of what the session
    /// recorded, any table but the entries) are refused, after any entries.
    #[test]
    fn an_append_that_is_not_an_entry_is_refused(
        added in entries(1),
        which in 0..NOT_ENTRIES.len(),
        then in entries(1),
    ) {
        let mut old = session_text();
        for e in &added {
            old = append(&old, e);
        }
        let mut new = format!("{old}{}", NOT_ENTRIES[which]);
        let voided = old.contains("\n[void]\n");
        for e in then.iter().filter(|e| !(voided && e.starts_with("[void]"))) {
            new = append(&new, e);
        }
        prop_assert!(judge(Kind::Session, old.as_bytes(), new.as_bytes(), || None).is_some(), "{}", new);
    }
}
