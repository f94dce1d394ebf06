//! `patient import`: a CSV intake file is all or nothing, named row by row,
//! and importing it again changes nothing.

use crate::common;
use insta::assert_snapshot;

use crate::common::TestPractice;

/// A 50-row sheet (semicolons, as many European spreadsheets export) with one
/// accented name; `bad_date` replaces row 35's birth date.
fn intake(bad_date: Option<&str>) -> String {
    let mut s = String::from("\u{feff}Name;Birth Date;phone;contraindications;notes\n");
    for i in 0..50 {
        let name = if i == 7 {
            "Zoë Ångström".to_string()
        } else {
            format!("Test Person {i:02}")
        };
        let date = match bad_date {
            Some(d) if i == 33 => d.to_string(),
            _ => format!("19{}-0{}-1{}", 50 + i % 40, 1 + i % 9, i % 9),
        };
        s.push_str(&format!(
            "{name};{date};555-01{i:02};\"sciatica; bruising\";private note {i}\n"
        ));
    }
    s
}

#[test]
fn a_bad_row_refuses_the_whole_file_then_the_fixed_file_imports_once() {
    let p = TestPractice::new();
    p.write("intake.csv", intake(Some("1985-02-30")));
    let run = p.mmx(&["patient", "import", "intake.csv"]);
    assert_snapshot!(run.snapshot(), @"
    ----- stderr -----
    intake.csv:35:2: birth_date: `1985-02-30` is not a date; use YYYY-MM-DD, e.g. 2026-03-14
    error: refused: 1 problem in intake.csv (the header is row 1); nothing was written
    [exit status: 1]
    ");
    assert!(p.files("patients").is_empty(), "something was written");

    p.write("intake.csv", intake(None));
    let run = p.mmx(&["patient", "import", "intake.csv"]);
    run.success();
    let ids: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(ids.len(), 50);
    assert_eq!(ids[7], "zoe-angstrom-1957");
    assert_eq!(run.stderr, "50 added, 0 unchanged\n");
    assert!(
        p.read("patients/zoe-angstrom-1957/patient.toml")
            .contains("name = \"Zoë Ångström\"\nbirth_date = 1957-08-17\nphone = \"555-0107\"\ncontraindications = [\"sciatica\", \"bruising\"]")
    );

    let again = p.mmx(&["patient", "import", "intake.csv"]);
    assert_snapshot!(again.snapshot(), @"
    ----- stderr -----
    0 added, 50 unchanged
    [exit status: 0]
    ");
}

#[test]
fn header_and_row_problems_are_all_named_with_the_known_columns() {
    let p = TestPractice::new();
    p.write("bad-header.csv", "name,shoe size,name\nAna,4,Ana\n");
    assert_snapshot!(p.mmx(&["patient", "import", "bad-header.csv"]).snapshot(), @r#"
    ----- stderr -----
    bad-header.csv:1:2: unknown column `shoe size`; --map "shoe size=FIELD" reads it as a field (id, name, birth_date, gender, phone, email, address, emergency_contact, contraindications, notes, screenings), --skip "shoe size" leaves it out
    bad-header.csv:1:3: column `name` appears twice in the header
    error: refused: 2 problems in bad-header.csv (the header is row 1); nothing was written
      hint: --skip-unknown leaves out every column that names no field (and lists them)
    [exit status: 1]
    "#);
    p.write(
        "rows.csv",
        "id,name,birth_date\nBad Id,Ana Lima,\nbo,,1990-01-01\n,,\nx,Ana,01/02/1990\ndup,A,\ndup,B,\nc,C,,extra\n",
    );
    assert_snapshot!(p.mmx(&["patient", "import", "rows.csv"]).snapshot(), @"
    ----- stderr -----
    rows.csv:2:1: id: the cell is not an id; ids are 1-64 characters of a-z, 0-9 and '-', starting with a letter or digit (and not con, prn, aux, nul, com1-9 or lpt1-9)
    rows.csv:3:2: name: every row needs a name
    rows.csv:5:3: birth_date: `01/02/1990` is 1990-01-02 month first or 1990-02-01 day first, and no date in the file says which; add --date-order mdy or --date-order dmy
    rows.csv:7:1: id `dup` is also row 6's; give one of them another id
    rows.csv:8:4: the row has 4 cells but the header names 3 columns
    error: refused: 5 problems in rows.csv (the header is row 1); nothing was written
      hint: --date-order mdy (03/14/1958), dmy (14/03/1958) or ymd says how the file writes dates
    [exit status: 1]
    ");
    assert!(p.files("patients").is_empty());
}

#[test]
fn a_row_that_disagrees_is_a_conflict_unless_update_which_keeps_comments() {
    let p = TestPractice::new();
    p.write(
        "a.csv",
        "name,birth_date,phone,contraindications,notes\nAna Lima,1980-04-12,555-0101,a;b,first secret\n",
    );
    p.mmx(&["patient", "import", "a.csv"]).success();
    let file = "patients/ana-lima-1980/patient.toml";
    p.write(file, format!("# from the March form\n{}", p.read(file)));
    p.write(
        "b.csv",
        "name,birth_date,phone,contraindications,notes\nAna Lima,1980-04-12,555-0199,b;a,second secret\nBo Ek,,,,\n",
    );
    let run = p.mmx(&["patient", "import", "b.csv"]);
    assert_snapshot!(run.snapshot(), @r#"
    ----- stderr -----
    b.csv:2:3: phone: patient `ana-lima-1980` already exists with a different value
    b.csv:2:5: notes: patient `ana-lima-1980` already exists with different notes
    error: refused: 2 problems in b.csv (the header is row 1); nothing was written
      hint: to change existing patients to match the file, add --update
    [exit status: 1]
    "#);
    assert!(!run.stderr.contains("secret"), "notes were printed");
    assert!(!p.path("patients/bo-ek").exists());

    let dry = p.mmx(&["patient", "import", "--update", "--dry-run", "b.csv"]);
    assert_snapshot!(dry.snapshot(), @"
    would update ana-lima-1980: phone, notes
    would add bo-ek
    ----- stderr -----
    (dry run, nothing written) would be 1 added, 1 updated, 0 unchanged
    [exit status: 0]
    ");
    assert!(!p.path("patients/bo-ek").exists());

    let run = p.mmx(&["patient", "import", "--update", "b.csv"]);
    assert_snapshot!(run.snapshot(), @"
    bo-ek
    ----- stderr -----
    updated ana-lima-1980: phone, notes
    1 added, 1 updated, 0 unchanged
    [exit status: 0]
    ");
    assert_snapshot!(p.read(file), @r#"
    # from the March form
    id = "ana-lima-1980"
    name = "Ana Lima"
    birth_date = 1980-04-12
    phone = "555-0199"
    contraindications = ["a", "b"]
    notes = "second secret"
    "#);
    p.mmx(&["patient", "import", "b.csv"]).success();
}

#[test]
fn an_import_that_stops_part_way_says_exactly_what_it_wrote_and_runs_again() {
    let p = TestPractice::new();
    for (name, born) in [
        ("Ana Lima", "1980-04-12"),
        ("Bo Reyes", "1975-01-02"),
        ("Cy Tran", "1990-05-06"),
    ] {
        p.add_patient(name, born);
    }
    p.write(
        "in.csv",
        "name,birth_date,phone\nAna Lima,1980-04-12,555-0101\nDee Park,1985-03-03,555-0104\nBo Reyes,1975-01-02,555-0102\nCy Tran,1990-05-06,555-0103\nEd Moss,1970-07-07,\n",
    );
    // Bo's folder cannot be written (its lock file is a folder): the file
    // is fine, so the import starts, and stops at Bo's row.
    let lock = p.path("patients/bo-reyes-1975/.mmx-lock");
    let _ = std::fs::remove_file(&lock);
    std::fs::create_dir(&lock).unwrap();
    let run = p.mmx(&["patient", "import", "--update", "in.csv"]);
    assert_snapshot!(run.snapshot(), @"
    dee-park-1985
    ----- stderr -----
    updated ana-lima-1980: phone
    stopped at bo-reyes-1975's row: nothing of it was written (the error below says why)
    written before it: added 1 (dee-park-1985); updated 1 (ana-lima-1980)
    not reached: 2 rows after it
    put the cause right and run the same import again: the rows written read as unchanged
    error: [PRACTICE]/patients/bo-reyes-1975/.mmx-lock is a folder, not mmx's lock file, so mmx does not use it and nothing was written
      hint: remove it; mmx makes a new one on its next write (lock files belong in .gitignore, as `mmx init --git` writes it)
    [exit status: 2]
    ");
    // What it says it wrote is what is on disk, and nothing else.
    assert!(
        p.read("patients/ana-lima-1980/patient.toml")
            .contains("555-0101")
    );
    assert!(p.path("patients/dee-park-1985/patient.toml").exists());
    assert!(
        !p.read("patients/bo-reyes-1975/patient.toml")
            .contains("phone")
    );
    assert!(!p.path("patients/ed-moss-1970").exists());
    std::fs::remove_dir(&lock).unwrap();
    let again = p.mmx(&["patient", "import", "--update", "in.csv"]);
    assert_snapshot!(again.snapshot(), @"
    ed-moss-1970
    ----- stderr -----
    updated bo-reyes-1975: phone
    updated cy-tran-1990: phone
    1 added, 2 updated, 2 unchanged
    [exit status: 0]
    ");
}

#[test]
fn the_sample_intake_file_imports() {
    let p = TestPractice::new();
    let sample = common::crate_root().join("examples/intake.csv");
    let run = p.mmx(&["patient", "import", sample.to_str().unwrap()]);
    run.success();
    assert_eq!(run.stdout.lines().count(), 3, "{run}");
    // Its red flags column is each patient's intake screening.
    assert!(
        p.read("patients/hannelore-quist-1958/patient.toml")
            .contains("flags = [\"anticoagulant\", \"osteoporosis\"]\n")
    );
    p.mmx(&["check", "--quiet"]).success();
}

/// `n` well-formed rows of name, birth_date and phone, to stand at row `first` on.
fn rows(first: usize, n: usize) -> String {
    (first..first + n)
        .map(|i| format!("Test Person {i:03},1970-01-01,555-0{i:03}\n"))
        .collect()
}

#[test]
fn an_unterminated_quote_is_located_where_it_opened_and_nothing_is_written() {
    let p = TestPractice::new();
    // Without the check the csv reader reads rows 3..202 as part of row 2's name.
    p.write(
        "intake.csv",
        format!(
            "name,birth_date,phone\n\"Ana Lima,1980-04-12,555-0101\n{}",
            rows(3, 200)
        ),
    );
    assert_snapshot!(p.mmx(&["patient", "import", "intake.csv"]).snapshot(), @r#"
    ----- stderr -----
    intake.csv:2:1: a quoted cell opened here is never closed; it would swallow the rest of the file (close the quote, and write a quote inside a quoted cell as "")
    error: refused: 1 problem in intake.csv (the header is row 1); nothing was written
    [exit status: 1]
    "#);
    assert!(p.files("patients").is_empty(), "something was written");

    // Rows before it are still checked; the quote may open any cell.
    p.write(
        "later.csv",
        format!(
            "name,birth_date,phone\n{}Bo Ek,1990-13-01,555-0102\nCy Lo,1991-01-01,\"555-0103\n{}",
            rows(2, 2),
            rows(6, 3)
        ),
    );
    assert_snapshot!(p.mmx(&["patient", "import", "later.csv"]).snapshot(), @r#"
    ----- stderr -----
    later.csv:4:2: birth_date: `1990-13-01` is not a date; use YYYY-MM-DD, e.g. 2026-03-14
    later.csv:5:3: a quoted cell opened here is never closed; it would swallow the rest of the file (close the quote, and write a quote inside a quoted cell as "")
    error: refused: 2 problems in later.csv (the header is row 1); nothing was written
    [exit status: 1]
    "#);
    assert!(p.files("patients").is_empty(), "something was written");
}

#[test]
fn quotes_inside_an_unquoted_cell_and_doubled_quotes_in_a_quoted_one_are_text() {
    let p = TestPractice::new();
    p.write(
        "quotes.csv",
        "name,notes\nBo \"Bobby\" Ek,5\" tall\n\"Cy \"\"C\"\" Lo\",\"said \"\"ok\"\",\nthen left\"\n",
    );
    let run = p.mmx(&["patient", "import", "quotes.csv"]);
    assert_snapshot!(run.snapshot(), @"
    bo-bobby-ek
    cy-c-lo
    ----- stderr -----
    2 added, 0 unchanged
    [exit status: 0]
    ");
    assert!(
        p.read("patients/bo-bobby-ek/patient.toml")
            .contains(r#"name = 'Bo "Bobby" Ek'"#)
    );
    assert!(
        p.read("patients/cy-c-lo/patient.toml")
            .contains("name = 'Cy \"C\" Lo'\nnotes = \"\"\"\nsaid \"ok\",\nthen left\"\"\"")
    );
}

#[test]
fn a_row_shorter_or_longer_than_the_header_is_located_at_its_first_missing_or_extra_cell() {
    let p = TestPractice::new();
    // Blank lines and rows of empty cells are skipped, whatever their width.
    p.write(
        "width.csv",
        "name,birth_date,phone\nAna Lima,1980-04-12\n\n,\n   \nBo Ek,1990-01-01,555-0102,x\nCy Lo\nDi Ng,1991-01-01,555-0104\n",
    );
    assert_snapshot!(p.mmx(&["patient", "import", "width.csv"]).snapshot(), @"
    ----- stderr -----
    width.csv:2:3: the row has 2 cells but the header names 3 columns
    width.csv:5:4: the row has 4 cells but the header names 3 columns
    width.csv:6:2: the row has 1 cell but the header names 3 columns
    error: refused: 3 problems in width.csv (the header is row 1); nothing was written
    [exit status: 1]
    ");
    assert!(p.files("patients").is_empty(), "something was written");
}

#[test]
fn control_characters_in_the_files_name_are_escaped_where_it_is_named() {
    let p = TestPractice::new();
    let name = "in\u{1b}[31m\n.csv";
    p.write(name, "name,birth_date\nBo Ek,1990-02-30\n");
    let run = p.mmx(&["patient", "import", name]);
    run.code(1);
    assert!(!run.stderr.contains('\u{1b}'), "{run}");
    assert_eq!(
        run.stderr.lines().next(),
        Some(
            "in\u{FFFD}[31m\u{FFFD}.csv:2:2: birth_date: `1990-02-30` is not a date; use YYYY-MM-DD, e.g. 2026-03-14"
        ),
        "{run}"
    );
}

#[test]
fn control_characters_are_refused_by_code_point_without_echoing_the_cell() {
    let p = TestPractice::new();
    p.write(
        "ctl.csv",
        "name,address,phone,notes\n\
         \"Ana \u{1b}[31mLima\",1 Main St,555-0101,ok\n\
         Bo Ek,\"Pier\u{7} Lane\",555-0102,\n\
         Cy Lo,x,555\u{7f}0103,\n\
         Di Ng,x,555\u{9b}0104,\"bell \u{7}\"\n\
         \"Ed\nOx\",x,555-0105,\n\
         Fa Ro,x,555-0106,\"nul \u{0}\"\n",
    );
    let run = p.mmx(&["patient", "import", "ctl.csv"]);
    assert_snapshot!(run.snapshot(), @"
    ----- stderr -----
    ctl.csv:2:1: name: the cell holds the control character U+001B; remove it (of control characters only tabs, and line breaks in multi-line text, are allowed)
    ctl.csv:3:2: address: the cell holds the control character U+0007; remove it (of control characters only tabs, and line breaks in multi-line text, are allowed)
    ctl.csv:4:3: phone: the cell holds the control character U+007F; remove it (of control characters only tabs, and line breaks in multi-line text, are allowed)
    ctl.csv:5:3: phone: the cell holds the control character U+009B; remove it (of control characters only tabs, and line breaks in multi-line text, are allowed)
    ctl.csv:5:4: notes: the cell holds the control character U+0007; remove it (of control characters only tabs, and line breaks in multi-line text, are allowed)
    ctl.csv:6:1: name: the cell holds a line break (U+000A); only notes, the address and lists may span lines
    ctl.csv:7:4: notes: the cell holds the control character U+0000; remove it (of control characters only tabs, and line breaks in multi-line text, are allowed)
    error: refused: 7 problems in ctl.csv (the header is row 1); nothing was written
    [exit status: 1]
    ");
    for c in ['\u{1b}', '\u{7}', '\u{7f}', '\u{9b}', '\u{0}'] {
        assert!(!run.stderr.contains(c), "{c:?} was printed");
    }
    assert!(!run.stderr.contains("Lima") && !run.stderr.contains("Pier"));
    assert!(p.files("patients").is_empty(), "something was written");

    p.write("header.csv", "name,pho\u{1b}ne\nAna Lima,555-0101\n");
    assert_snapshot!(p.mmx(&["patient", "import", "header.csv"]).snapshot(), @"
    ----- stderr -----
    header.csv:1:2: the header cell `pho�ne` holds the control character U+001B; remove it (of control characters only tabs, and line breaks in multi-line text, are allowed)
    error: refused: 1 problem in header.csv (the header is row 1); nothing was written
    [exit status: 1]
    ");

    // Tabs anywhere, and line breaks in notes, are text.
    p.write(
        "ok.csv",
        "name,address,notes\nAna Lima,\"1\tMain St\",\"line one\r\nline two\nthree\"\n",
    );
    p.mmx(&["patient", "import", "ok.csv"]).success();
    assert!(
        p.read("patients/ana-lima/patient.toml").contains(
            "address = \"1\\tMain St\"\nnotes = \"\"\"\nline one\\r\nline two\nthree\"\"\""
        )
    );
}

/// A word from a patient's own words, in every file the next tests import:
/// no message may print it.
const SECRET: &str = "Marigold";

/// Imports `csv`, expects it refused, and returns stderr after asserting
/// that [`SECRET`] is in neither stream and that nothing was written.
#[track_caller]
fn refused_without_the_secret(p: &TestPractice, csv: &str) -> String {
    refused_without(p, csv, SECRET)
}

#[track_caller]
fn refused_without(p: &TestPractice, csv: &str, secret: &str) -> String {
    assert!(csv.contains(secret), "the test file holds no secret");
    let before = p.files("patients");
    p.write("secret.csv", csv);
    let run = p.mmx(&["patient", "import", "secret.csv"]);
    run.code(1);
    assert!(
        !run.stdout.contains(secret) && !run.stderr.contains(secret),
        "a cell was printed:\n{run}"
    );
    assert_eq!(p.files("patients"), before, "something was written");
    run.stderr
}

#[test]
fn a_shifted_column_is_not_a_date_without_quoting_the_cell() {
    let p = TestPractice::new();
    let err = refused_without_the_secret(
        &p,
        "name,birth_date,phone\nAna Lima,worried about Marigold,1980-04-12\n",
    );
    assert_snapshot!(err, @"
    secret.csv:2:2: birth_date: the cell is not a date; use YYYY-MM-DD, e.g. 2026-03-14
    error: refused: 1 problem in secret.csv (the header is row 1); nothing was written
    ");
}

#[test]
fn a_data_row_as_header_names_no_cell_that_is_not_a_plain_token() {
    let p = TestPractice::new();
    let err = refused_without_the_secret(&p, "Ana Lima,7 Marigold Lane,555-0101\n");
    assert_snapshot!(err, @r#"
    secret.csv:1:1: the header cell is not a known column; the known columns are id, name, birth_date, gender, phone, email, address, emergency_contact, contraindications, notes, screenings
    secret.csv:1:2: the header cell is not a known column; the known columns are id, name, birth_date, gender, phone, email, address, emergency_contact, contraindications, notes, screenings
    secret.csv:1:3: unknown column `555-0101`; the known columns are id, name, birth_date, gender, phone, email, address, emergency_contact, contraindications, notes, screenings
    secret.csv:1: the header has no `name` column; the first row must name the columns, e.g. name,birth_date,gender,phone,email,address,emergency_contact,contraindications,notes,screenings (--map "HEADER=name" names the column of names)
    error: refused: 4 problems in secret.csv (the header is row 1); nothing was written
    "#);
}

#[test]
fn a_bad_id_with_spaces_is_not_quoted() {
    let p = TestPractice::new();
    let err = refused_without_the_secret(&p, "id,name\nana of Marigold,Ana Lima\n");
    assert_snapshot!(err, @"
    secret.csv:2:1: id: the cell is not an id; ids are 1-64 characters of a-z, 0-9 and '-', starting with a letter or digit (and not con, prn, aux, nul, com1-9 or lpt1-9)
    error: refused: 1 problem in secret.csv (the header is row 1); nothing was written
    ");
}

#[test]
fn a_name_that_makes_no_id_is_not_quoted() {
    let p = TestPractice::new();
    // Only a name without a letter or digit makes no id, so the cell is the secret.
    let err = refused_without(
        &p,
        "name\n\u{203d} \u{bf}\u{a1} ??\n",
        "\u{203d} \u{bf}\u{a1} ??",
    );
    assert_snapshot!(err, @"
    secret.csv:2:1: name: cannot make an id from the name; add an `id` column
    error: refused: 1 problem in secret.csv (the header is row 1); nothing was written
    ");
}

#[test]
fn a_conflict_names_the_field_but_quotes_only_plain_values() {
    let p = TestPractice::new();
    p.write(
        "first.csv",
        "id,name,phone,email,address,emergency_contact,contraindications\n\
         ana,Ana Lima,555-0101,,12 Harbour Road,Bo Lima 555-0102,varicose veins\n",
    );
    p.mmx(&["patient", "import", "first.csv"]).success();
    let err = refused_without_the_secret(
        &p,
        "id,name,phone,email,address,emergency_contact,contraindications\n\
         ana,Ana Marigold Lima,555-0109,ask Marigold,7 Marigold Lane,,Marigold allergy\n",
    );
    assert_snapshot!(err, @r#"
    secret.csv:2:2: name: patient `ana` already exists with a different value
    secret.csv:2:3: phone: patient `ana` already exists with a different value
    secret.csv:2:4: email: patient `ana` already exists with none; this row has a value
    secret.csv:2:5: address: patient `ana` already exists with a different value
    secret.csv:2:6: emergency_contact: patient `ana` already exists with a value; this row's cell is empty
    secret.csv:2:7: contraindications: patient `ana` already exists with a different value
    error: refused: 6 problems in secret.csv (the header is row 1); nothing was written
      hint: to change existing patients to match the file, add --update
    "#);
    assert!(!err.contains("Harbour") && !err.contains("Bo Lima") && !err.contains("varicose"));
    // A phone number is a person's, however much it looks like a token.
    assert!(!err.contains("555-01"), "{err}");
}

/// One word is as private as a sentence: the value of a field that is not
/// plain (a contraindication, `gender`, a name, a phone number) is never
/// quoted in a conflict, whatever its shape; a plain field's (a birth date)
/// still is.
#[test]
fn a_conflict_never_quotes_one_word_of_a_field_that_is_not_plain() {
    let p = TestPractice::new();
    p.write(
        "first.csv",
        "id,name,birth_date,gender,phone,contraindications\nana,Ana,1980-04-12,female,5550101,\n",
    );
    p.mmx(&["patient", "import", "first.csv"]).success();
    p.write(
        "second.csv",
        "id,name,birth_date,gender,phone,contraindications\nana,Zephyrine,1980-04-13,other,5550199,pregnancy\n",
    );
    let run = p.mmx(&["patient", "import", "second.csv"]);
    assert_eq!(run.code, 1, "{run}");
    assert_snapshot!(run.stderr, @r#"
    second.csv:2:2: name: patient `ana` already exists with a different value
    second.csv:2:3: birth_date: patient `ana` already exists with "1980-04-12"; this row has "1980-04-13"
    second.csv:2:4: gender: patient `ana` already exists with a different value
    second.csv:2:5: phone: patient `ana` already exists with a different value
    second.csv:2:6: contraindications: patient `ana` already exists with none; this row has a value
    error: refused: 5 problems in second.csv (the header is row 1); nothing was written
      hint: to change existing patients to match the file, add --update
    "#);
    for word in ["pregnancy", "Zephyrine", "other", "female", "5550"] {
        assert!(!run.stderr.contains(word), "`{word}` was quoted:\n{run}");
    }
}

#[test]
fn an_open_quote_a_wrong_width_and_a_control_character_quote_no_cell() {
    let p = TestPractice::new();
    let err = refused_without_the_secret(
        &p,
        "name,phone\nAna Marigold Lima\nBo \u{1b}Marigold Ek,555-0102\n\"Cy Marigold Lo,555-0103\n",
    );
    assert_snapshot!(err, @r#"
    secret.csv:2:2: the row has 1 cell but the header names 2 columns
    secret.csv:3:1: name: the cell holds the control character U+001B; remove it (of control characters only tabs, and line breaks in multi-line text, are allowed)
    secret.csv:4:1: a quoted cell opened here is never closed; it would swallow the rest of the file (close the quote, and write a quote inside a quoted cell as "")
    error: refused: 3 problems in secret.csv (the header is row 1); nothing was written
    "#);
}

/// Every column, with a person's words in it where they do not belong (a
/// cell that is not a date, an id, a name with a control character, a row
/// shifted by one cell, a conflict with the patient on file): no message
/// shows them.
#[test]
fn no_column_ever_prints_its_cell() {
    let p = TestPractice::new();
    p.mmx(&[
        "patient",
        "add",
        "--name",
        "Ana Lima",
        "--birth-date",
        "1980-04-12",
        "--id",
        "ana-lima-1980",
    ])
    .success();
    let header =
        "id,name,birth_date,gender,phone,email,address,emergency_contact,contraindications,notes";
    let good = [
        "ana-lima-1980",
        "Ana Lima",
        "1980-04-12",
        "555-0101",
        "ana@example.com",
        "1 Harbor St",
        "Rui Lima",
        "none",
        "ok",
    ];
    let words = format!("{SECRET} farm");
    for column in 0..good.len() {
        for shape in 0..3 {
            let mut cells: Vec<String> = good.iter().map(|c| c.to_string()).collect();
            match shape {
                // The words in the column, for the existing patient: a
                // conflict, or a cell that is not what the column holds.
                0 => cells[column] = words.clone(),
                // With a control character too.
                1 => cells[column] = format!("{words}\u{1b}[2J"),
                // Shifted: the words one cell early, the row one cell long.
                _ => cells.insert(column, words.clone()),
            }
            let csv = format!("{header}\n{}\n", cells.join(","));
            refused_without_the_secret(&p, &csv);
        }
    }
}
