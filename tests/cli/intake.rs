//! `patient import` of a form tool's export as it comes: headers read by
//! meaning, `--map`, `--skip`, `--skip-unknown`, dates in any order a file
//! settles or `--date-order` says, and header errors that name their cell.

use insta::assert_snapshot;

use crate::common::{TestPractice, crate_root};

/// The question column of `examples/intake-form.csv`, as the guide maps it.
const QUESTION: &str = "Any injuries or conditions we should know about?=contraindications";

#[test]
fn the_form_export_imports_in_one_command_as_the_guide_says() {
    let p = TestPractice::new();
    let form = crate_root().join("examples/intake-form.csv");
    let map = format!("--map \"{QUESTION}\"");
    let guide = std::fs::read_to_string(crate_root().join("docs/guides/intake.md")).unwrap();
    assert!(
        guide.contains(&format!(
            "mmx patient import --skip-unknown {map} examples/intake-form.csv"
        )),
        "the intake guide no longer imports the form export this way"
    );
    let args = [
        "patient",
        "import",
        "--skip-unknown",
        "--map",
        QUESTION,
        form.to_str().unwrap(),
    ];
    assert_snapshot!(p.mmx(&args).snapshot(), @"
    philippa-ashdown-grey-1958
    cormac-delahunty-1971
    yusra-benali-whitlock-1990
    agnieszka-florczak-1949
    desmond-ollerenshaw-1983
    ----- stderr -----
    skipped columns: Timestamp (column 1), How did you hear about us? (column 8)
    birth dates read as month/day/year, as row 2's can only be (--date-order says otherwise)
    5 added, 0 unchanged
    [exit status: 0]
    ");
    assert_snapshot!(p.read("patients/philippa-ashdown-grey-1958/patient.toml"), @r#"
    id = "philippa-ashdown-grey-1958"
    name = "Philippa Ashdown-Grey"
    birth_date = 1958-03-14
    phone = "555-0161"
    email = "philippa.ag@example.org"
    emergency_contact = "Rupert Ashdown 555-0162"
    contraindications = ["left knee replacement 2019", "takes blood thinners"]
    "#);
    // 07/04/1971 could be either, but the file's other dates settle it.
    assert!(
        p.read("patients/cormac-delahunty-1971/patient.toml")
            .contains("birth_date = 1971-07-04")
    );
    p.mmx(&["check", "--quiet"]).success();
    let again = p.mmx(&args);
    again.success();
    assert!(again.stderr.ends_with("0 added, 5 unchanged\n"), "{again}");
}

#[test]
fn headers_are_read_by_meaning_and_the_rest_named_by_their_cell() {
    let p = TestPractice::new();
    p.write(
        "form.csv",
        "Patient Name,DOB,Mobile,E-mail,Sex,Timestamp\n\
         Ana Lima,1980-04-12,555-0101,ana@example.com,Female,x\n",
    );
    let refused = p.mmx(&["patient", "import", "form.csv"]);
    assert_snapshot!(refused.snapshot(), @r#"
    ----- stderr -----
    form.csv:1:6: unknown column `Timestamp`; --map "Timestamp=FIELD" reads it as a field (id, name, birth_date, gender, phone, email, address, emergency_contact, contraindications, notes, screenings), --skip Timestamp leaves it out
    error: refused: 1 problem in form.csv (the header is row 1); nothing was written
      hint: --skip-unknown leaves out every column that names no field (and lists them)
    [exit status: 1]
    "#);
    let run = p.mmx(&["patient", "import", "--skip", "timestamp", "form.csv"]);
    assert_snapshot!(run.snapshot(), @"
    ana-lima-1980
    ----- stderr -----
    skipped columns: Timestamp (column 6)
    1 added, 0 unchanged
    [exit status: 0]
    ");
    assert_snapshot!(p.read("patients/ana-lima-1980/patient.toml"), @r#"
    id = "ana-lima-1980"
    name = "Ana Lima"
    birth_date = 1980-04-12
    gender = "female"
    phone = "555-0101"
    email = "ana@example.com"
    "#);
}

#[test]
fn two_cells_that_mean_one_field_are_both_named() {
    let p = TestPractice::new();
    p.write(
        "two.csv",
        "Full Name,Phone,Mobile\nAna Lima,555-0101,555-0102\n",
    );
    assert_snapshot!(p.mmx(&["patient", "import", "two.csv"]).snapshot(), @"
    ----- stderr -----
    two.csv:1:3: the header cell `Mobile` means `phone`, as column 2 (`Phone`) does; --skip Mobile leaves it out, or --map gives it another field
    error: refused: 1 problem in two.csv (the header is row 1); nothing was written
    [exit status: 1]
    ");
    let run = p.mmx(&["patient", "import", "--map", "mobile=notes", "two.csv"]);
    run.success();
    assert!(
        p.read("patients/ana-lima/patient.toml")
            .contains("phone = \"555-0101\"\nnotes = \"555-0102\"")
    );
}

#[test]
fn a_map_or_skip_that_names_no_column_is_a_command_line_error() {
    let p = TestPractice::new();
    p.write("a.csv", "name\nAna Lima\n");
    assert_snapshot!(p.mmx(&["patient", "import", "--map", "Allergies=notes", "--skip", "Timestamp", "a.csv"]).snapshot(), @r#"
    ----- stderr -----
    error: --map "Allergies=notes", --skip Timestamp name no column of a.csv's header (header cells are matched ignoring case, spaces and punctuation)
    [exit status: 2]
    "#);
    let bad_field = p.mmx(&["patient", "import", "--map", "Allergies=shoe", "a.csv"]);
    bad_field.code(2);
    assert!(
        bad_field
            .stderr
            .contains("`shoe` is not a field a column can hold; one of id, name,"),
        "{bad_field}"
    );
    assert!(p.files("patients").is_empty());
}

#[test]
fn skip_unknown_does_not_take_a_row_of_data_for_a_header() {
    // No cell of the first row names a field: it is a patient, so nothing is
    // skipped and no cell that may be someone's words is shown.
    let p = TestPractice::new();
    p.write("nohead.csv", "Ana Lima,7 Marigold Lane\n");
    let run = p.mmx(&["patient", "import", "--skip-unknown", "nohead.csv"]);
    run.code(1);
    assert!(
        !run.stderr.contains("Marigold") && !run.stderr.contains("Ana"),
        "{run}"
    );
    assert!(!run.stderr.contains("skipped"), "{run}");
}

#[test]
fn an_ambiguous_file_is_refused_row_by_row_until_date_order_says() {
    let p = TestPractice::new();
    p.write(
        "dates.csv",
        "name,birth_date\nAna Lima,03/04/1980\nBo Ek,1975-06-01\nCy Lo,05/06/1990\nDi Ng,05/05/1985\n",
    );
    assert_snapshot!(p.mmx(&["patient", "import", "dates.csv"]).snapshot(), @"
    ----- stderr -----
    dates.csv:2:2: birth_date: `03/04/1980` is 1980-03-04 month first or 1980-04-03 day first, and no date in the file says which; add --date-order mdy or --date-order dmy
    dates.csv:4:2: birth_date: `05/06/1990` is 1990-05-06 month first or 1990-06-05 day first, and no date in the file says which; add --date-order mdy or --date-order dmy
    error: refused: 2 problems in dates.csv (the header is row 1); nothing was written
      hint: --date-order mdy (03/14/1958), dmy (14/03/1958) or ymd says how the file writes dates
    [exit status: 1]
    ");
    let run = p.mmx(&["patient", "import", "--date-order", "dmy", "dates.csv"]);
    assert_snapshot!(run.snapshot(), @"
    ana-lima-1980
    bo-ek-1975
    cy-lo-1990
    di-ng-1985
    ----- stderr -----
    4 added, 0 unchanged
    [exit status: 0]
    ");
    assert!(
        p.read("patients/ana-lima-1980/patient.toml")
            .contains("birth_date = 1980-04-03")
    );
    assert!(
        p.read("patients/cy-lo-1990/patient.toml")
            .contains("birth_date = 1990-06-05")
    );
}

#[test]
fn dates_that_disagree_on_the_order_name_each_other() {
    let p = TestPractice::new();
    p.write(
        "mixed.csv",
        "name,birth_date\nAna Lima,03/14/1980\nBo Ek,14/03/1975\nCy Lo,13.01.1990\n",
    );
    assert_snapshot!(p.mmx(&["patient", "import", "mixed.csv"]).snapshot(), @"
    ----- stderr -----
    mixed.csv:2:2: birth_date: `03/14/1980` reads only as month/day/year, but row 3's `14/03/1975` only as day/month/year; add --date-order mdy or dmy and correct the rows it cannot read
    mixed.csv:3:2: birth_date: `14/03/1975` reads only as day/month/year, but row 2's `03/14/1980` only as month/day/year; add --date-order mdy or dmy and correct the rows it cannot read
    mixed.csv:4:2: birth_date: `13.01.1990` reads only as day/month/year, but row 2's `03/14/1980` only as month/day/year; add --date-order mdy or dmy and correct the rows it cannot read
    error: refused: 3 problems in mixed.csv (the header is row 1); nothing was written
      hint: --date-order mdy (03/14/1958), dmy (14/03/1958) or ymd says how the file writes dates
    [exit status: 1]
    ");
    assert_snapshot!(p.mmx(&["patient", "import", "--date-order", "dmy", "mixed.csv"]).snapshot(), @"
    ----- stderr -----
    mixed.csv:2:2: birth_date: `03/14/1980` is not a date in day/month/year order (--date-order dmy); read as month/day/year it is 1980-03-14; correct the cell or the order
    error: refused: 1 problem in mixed.csv (the header is row 1); nothing was written
    [exit status: 1]
    ");
    assert_snapshot!(p.mmx(&["patient", "import", "--date-order", "ymd", "mixed.csv"]).snapshot(), @"
    ----- stderr -----
    mixed.csv:2:2: birth_date: `03/14/1980` is not a date in year/month/day order (--date-order ymd); read as month/day/year it is 1980-03-14; correct the cell or the order
    mixed.csv:3:2: birth_date: `14/03/1975` is not a date in year/month/day order (--date-order ymd); read as day/month/year it is 1975-03-14; correct the cell or the order
    mixed.csv:4:2: birth_date: `13.01.1990` is not a date in year/month/day order (--date-order ymd); read as day/month/year it is 1990-01-13; correct the cell or the order
    error: refused: 3 problems in mixed.csv (the header is row 1); nothing was written
    [exit status: 1]
    ");
    assert!(p.files("patients").is_empty());
}

#[test]
fn a_two_digit_year_is_refused_rather_than_given_a_century() {
    let p = TestPractice::new();
    p.write("short.csv", "name,DOB\nAna Lima,03/14/58\n");
    assert_snapshot!(p.mmx(&["patient", "import", "--date-order", "mdy", "short.csv"]).snapshot(), @"
    ----- stderr -----
    short.csv:2:2: birth_date: `03/14/58` is not a date mmx can read; its year has two digits, so its century would be a guess; write the year in full
    error: refused: 1 problem in short.csv (the header is row 1); nothing was written
    [exit status: 1]
    ");
}
