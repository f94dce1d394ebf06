//! `mmx patient list`.

use super::all_patients;
use crate::args::ListFormat;
use crate::out::{self};
use mmx::error::{EXIT_OK, Result};
use mmx::practice::Practice;
use std::io::Write;

pub(super) fn list(
    practice: &Practice,
    format: ListFormat,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8> {
    let patients = all_patients(practice, err)?;
    match format {
        ListFormat::Json => out::json(out, &patients)?,
        ListFormat::Table => {
            let rows = patients
                .iter()
                .map(|p| {
                    vec![
                        p.id.clone(),
                        p.name.clone(),
                        p.birth_date.map(|d| d.to_string()).unwrap_or_default(),
                        p.phone.clone().unwrap_or_default(),
                        p.email.clone().unwrap_or_default(),
                    ]
                })
                .collect();
            use out::Col::{Detail, Id, Key, Text};
            out::table(
                out,
                &[
                    Id("id"),
                    Text("name"),
                    Key("birth date"),
                    Detail("phone", 2),
                    Detail("email", 1),
                ],
                rows,
            )?;
        }
    }
    Ok(EXIT_OK)
}
