//! What a biller and a receiving EHR read: the prescriber's credential,
//! licence, fax and address, and the clinic's listed therapists.

use crate::common::{PATIENT, RX, TestPractice};

#[test]
fn a_prescribers_credential_licence_fax_and_address_are_fields_of_their_own() {
    let p = TestPractice::with_prescription();
    p.mmx(&[
        "rx",
        "edit",
        RX,
        "--credential",
        "MD",
        "--license",
        "MA 254117",
        "--prescriber-fax",
        "555-0101",
        "--prescriber-address",
        "12 Harbor St, Salem",
    ])
    .success();
    let text = p.read(&format!("patients/{PATIENT}/prescriptions/{RX}.toml"));
    assert!(
        text.contains(
            "[prescriber]\nname = \"Dr. Ada Vance\"\nnpi = \"1234567893\"\ncredential = \"MD\"\nlicense = \"MA 254117\"\nfax = \"555-0101\"\naddress = \"12 Harbor St, Salem\"\n"
        ),
        "{text}"
    );
    let show = p.mmx(&["rx", "show", RX]);
    show.success();
    for line in [
        "Dr. Ada Vance, MD",
        "MA 254117",
        "555-0101",
        "12 Harbor St, Salem",
    ] {
        assert!(show.stdout.contains(line), "{line}: {show}");
    }
    p.mmx(&["check"]).success();
    // '' removes one; a credential with a space is refused at its flag.
    p.mmx(&["rx", "edit", RX, "--prescriber-fax", ""]).success();
    assert!(
        !p.read(&format!("patients/{PATIENT}/prescriptions/{RX}.toml"))
            .contains("fax")
    );
    let run = p.mmx(&["rx", "edit", RX, "--credential", "M D"]);
    run.code(2);
    assert!(
        run.stderr.contains("--credential") && run.stderr.contains("is not a credential"),
        "{run}"
    );
}

#[test]
fn rx_add_writes_the_prescriber_in_the_tables_order() {
    let p = TestPractice::new();
    p.add_patient("Ana Lima", "1980-04-12");
    p.mmx(&[
        "rx",
        "add",
        "--patient",
        PATIENT,
        "--issued",
        "2026-11-02",
        "--visits",
        "3",
        "--region",
        "lumbar",
        "--technique",
        "swedish",
        "--prescriber",
        "Ada Vance",
        "--credential",
        "DO",
        "--npi",
        "1234567893",
        "--license",
        "MA 254117",
        "--prescriber-phone",
        "555-0100",
        "--prescriber-fax",
        "555-0101",
        "--prescriber-address",
        "12 Harbor St",
        "--id",
        RX,
    ])
    .success();
    let text = p.read(&format!("patients/{PATIENT}/prescriptions/{RX}.toml"));
    assert!(
        text.ends_with(
            "[prescriber]\nname = \"Ada Vance\"\ncredential = \"DO\"\nnpi = \"1234567893\"\nlicense = \"MA 254117\"\nphone = \"555-0100\"\nfax = \"555-0101\"\naddress = \"12 Harbor St\"\n"
        ),
        "{text}"
    );
}

/// A practice listing two therapists, the default one among them.
fn clinic() -> TestPractice {
    let p = TestPractice::with_prescription();
    let settings = p.read("mmx.toml").replace(
        "[rules]",
        "[[therapists]]\nname = \"Ines Ortega\"\ncredential = \"LMT\"\nlicense = \"MA-12345\"\nnpi = \"1234567893\"\n\n[[therapists]]\nname = \"Ben Okafor\"\n\n[rules]",
    );
    assert!(settings.contains("[[therapists]]"), "{settings}");
    p.write("mmx.toml", settings);
    p
}

#[test]
fn a_session_names_one_of_the_listed_therapists() {
    let p = clinic();
    let base = [
        "--date",
        "2026-11-04",
        "--region",
        "lumbar",
        "--technique",
        "swedish",
    ];
    // The default therapist is listed; a mistyped name is refused with the
    // listed name it is closest to, and nothing is written.
    let mut typo = base.to_vec();
    typo.extend(["--therapist", "Ben Okafr"]);
    let run = p.add_session(&typo);
    run.code(2);
    assert!(
        run.stderr.contains(
            "--therapist: the session's `therapist` is not one of the practice's [[therapists]]"
        ) && run.stderr.contains("did you mean `Ben Okafor`?"),
        "{run}"
    );
    assert!(p.files(&format!("patients/{PATIENT}/sessions")).is_empty());
    let mut listed = base.to_vec();
    listed.extend(["--therapist", "Ben Okafor"]);
    p.add_session(&listed).success();
    p.add_session(&[
        "--date",
        "2026-11-06",
        "--region",
        "lumbar",
        "--technique",
        "swedish",
    ])
    .success();
    p.mmx(&["check"]).success();
}

#[test]
fn the_default_therapist_must_be_listed_too() {
    let p = clinic();
    let settings = p
        .read("mmx.toml")
        .replace("therapist = \"Ines Ortega\"", "therapist = \"Ines Ortaga\"");
    p.write("mmx.toml", settings);
    let run = p.mmx(&["check"]);
    run.code(2);
    assert!(
        run.stderr.contains("error[unknown-therapist]")
            && run.stderr.contains("did you mean `Ines Ortega`?"),
        "{run}"
    );
    // A listed therapist's NPI is checked like a prescriber's.
    let settings = p
        .read("mmx.toml")
        .replace("Ines Ortaga", "Ines Ortega")
        .replace("npi = \"1234567893\"", "npi = \"1234567890\"");
    p.write("mmx.toml", settings);
    let run = p.mmx(&["check"]);
    run.code(2);
    assert!(run.stderr.contains("error[invalid-npi]"), "{run}");
}
