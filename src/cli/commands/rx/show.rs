//! `mmx rx show`.

use crate::args::{ShowArgs, ShowFormat};
use crate::config::Config;
use crate::out::{self, KeyValues};
use mmx::check::review;
use mmx::course;
use mmx::error::{EXIT_OK, Error, Result};
use mmx::model::RecordKind;
use mmx::practice::Practice;
use mmx::vocab::measures;
use std::io::Write;

pub(super) fn show(
    practice: &Practice,
    config: &Config,
    args: ShowArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8> {
    let (patient, rx_id) = practice.locate_record(RecordKind::Prescription, &args.id)?;
    let review = review::patient(practice, config.today, &patient)?;
    // Its visits used leave out what those files hold: say so.
    out::skipped(err, &review.skipped())?;
    let folder = &review.folder;
    let Some(rx) = folder.prescription(&rx_id) else {
        return Err(Error::Records(format!(
            "prescription `{patient}/{rx_id}` cannot be read until the errors in its file are fixed\n  hint: `mmx check` shows where"
        )));
    };
    let s = course::of(&rx.rec, folder, &practice.settings.rules, config.today);
    let r = &rx.rec;
    match args.format {
        ShowFormat::Json => out::json(out, &s.json(r))?,
        ShowFormat::Text => {
            let mut f = KeyValues::default();
            f.add("id", &r.id)
                .add("patient", &r.patient)
                .add("issued", r.issued)
                .add(
                    "expires",
                    match s.default_expiry_days {
                        Some(days) => format!("{} (practice default, {days} days)", s.expires),
                        None => s.expires.to_string(),
                    },
                )
                .opt("course", s.course.map(|c| c.words()))
                .add(
                    "visits",
                    format!("{} used of {} ({} left)", s.used, s.visits, s.remaining),
                )
                .add("status", s.status.as_str())
                .opt("renews", r.renews.as_ref())
                .opt("referral", r.referral_id.as_ref())
                .opt("renewed by", s.renewed_by.as_ref())
                .opt("frequency", r.frequency.as_ref().map(|f| f.to_string()))
                .opt("minutes", r.minutes)
                .list("regions", &r.regions)
                .list("techniques", &r.techniques);
            if !r.avoid_regions.is_empty() {
                f.list("avoid regions", &r.avoid_regions);
            }
            if !r.avoid_techniques.is_empty() {
                f.list("avoid techniques", &r.avoid_techniques);
            }
            f.opt("precautions", r.precautions.as_ref());
            if let Some(o) = &r.order {
                f.add(
                    "order",
                    format!("{}; kept as orders/{}", o.arrival_words(), o.file),
                )
                .add("order sha256", &o.sha256);
            }
            if let Some(c) = &r.closed {
                f.add("closed", format!("{} ({})", c.date, c.reason.as_str()))
                    .opt("closing note", c.note.as_ref());
            }
            for g in &r.goals {
                f.add("goal", g);
            }
            for t in &r.targets {
                let by = t.by.map(|d| format!(" by {d}")).unwrap_or_default();
                f.add(
                    "target",
                    format!("{}={}{by}", t.key.written(), measures::number(t.target)),
                );
            }
            for d in &r.diagnoses {
                f.add(
                    "diagnosis",
                    match &d.text {
                        Some(t) => format!("{} {t}", d.code),
                        None => d.code.clone(),
                    },
                );
            }
            let p = &r.prescriber;
            f.add(
                "prescriber",
                match &p.credential {
                    Some(c) => format!("{}, {c}", p.name),
                    None => p.name.clone(),
                },
            )
            .opt("npi", p.npi.as_ref())
            .opt("license", p.license.as_ref())
            .opt("phone", p.phone.as_ref())
            .opt("fax", p.fax.as_ref())
            .opt("address", p.address.as_ref());
            f.write(out)?;
        }
    }
    Ok(EXIT_OK)
}
