//! `mmx rx edit`: a renewal, an extension or a wider prescription, through
//! the comment-keeping editor.

use crate::args::AvoidArgs;
use crate::args::parse_date;
use crate::args::parse_minutes;
use crate::args::parse_visits;
use crate::args::parse_weeks;
use crate::commands::rx::PrescriberDetailArgs;
use crate::commands::rx::{OrderArgs, order_flag};
use crate::config::Config;
use crate::flags::{self, default_flag};
use crate::out::io_err;
use chrono::NaiveDate;
use clap::Args;
use mmx::check::pending::OpenRecord;
use mmx::check::pending::Pending;
use mmx::error::{EXIT_OK, Error, Result};
use mmx::model::Frequency;
use mmx::model::RecordKind;
use mmx::practice::Practice;
use mmx::practice::store::CreateOutcome;
use mmx::records::editor;
use mmx::records::editor::Setting;
use std::io::Write;

/// Renews, extends or widens a prescription through the comment-keeping
/// editor. Refused (exit 1) when a recorded session would fall outside it.
pub(super) fn edit(
    practice: &Practice,
    config: &Config,
    args: &RxEditArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8> {
    let OpenRecord {
        mut pending,
        patient: _,
        id: rx_id,
        ..
    } = Pending::open_record(practice, config.today, RecordKind::Prescription, &args.id)?;
    let Some(rx) = pending.folder().prescription(&rx_id) else {
        return Err(Error::NotFound {
            what: "prescription",
            id: args.id.clone(),
            hint: "`mmx rx list` shows the prescriptions".into(),
        });
    };
    let rel = rx.file.clone();
    let (regions, techniques) = (rx.rec.regions.clone(), rx.rec.techniques.clone());
    let (avoid_regions, avoid_techniques) = (
        rx.rec.avoid_regions.clone(),
        rx.rec.avoid_techniques.clone(),
    );
    let mut doc = pending.document(&rel, "prescription")?;
    // A new order replaces the one recorded; the earlier file stays in
    // orders/, as every record's history does.
    let order = args.order.read(config.today)?;
    if let Some(o) = &order {
        let r = &o.record;
        doc.set("order.file", &Setting::Str(r.file.clone()));
        doc.set("order.sha256", &Setting::Str(r.sha256.clone()));
        if let Some(d) = r.received {
            doc.set("order.received", &Setting::Date(d));
        }
        match r.source {
            Some(s) => doc.set("order.source", &Setting::Str(s.as_str().to_string())),
            None => doc.remove("order.source"),
        }
    }
    if let Some(d) = args.expires {
        doc.set("expires", &Setting::Date(d));
    }
    if let Some(n) = args.visits {
        doc.set("visits", &Setting::Int(n.into()));
    }
    if let Some(n) = args.minutes {
        doc.set("minutes", &Setting::Int(n.into()));
    }
    match args.frequency.as_deref().map(str::trim) {
        Some("") => doc.remove("frequency"),
        Some(f) => match Frequency::read(f) {
            Ok(f) => doc.set("frequency", &Setting::Str(f.to_string())),
            Err(why) => {
                return Err(Error::Usage(format!(
                    "--frequency {}: not a frequency mmx can check ({why}); write {}",
                    mmx::diag::quoted(f, "(the value given)"),
                    Frequency::GRAMMAR
                )));
            }
        },
        None => {}
    }
    match args.weeks.as_deref().map(str::trim) {
        Some("") => doc.remove("weeks"),
        Some(w) => {
            let weeks = parse_weeks(w).map_err(|e| Error::Usage(format!("--weeks: {e}")))?;
            doc.set("weeks", &Setting::Int(weeks.into()));
        }
        None => {}
    }
    let details = &args.prescriber_details;
    for (key, value) in [
        ("precautions", &args.precautions),
        ("prescriber.phone", &args.prescriber_phone),
        ("prescriber.credential", &details.credential),
        ("prescriber.npi", &args.npi),
        ("prescriber.license", &details.license),
        ("prescriber.fax", &details.prescriber_fax),
        ("prescriber.address", &details.prescriber_address),
    ] {
        match value {
            Some(v) if v.trim().is_empty() => doc.remove(key),
            Some(v) => doc.set(key, &Setting::Str(v.clone())),
            None => {}
        }
    }
    let vocab = &practice.vocab;
    let lists = [
        (
            "region",
            "regions",
            vocab.regions_as_given(&args.add_regions),
            vocab.regions_as_given(&args.remove_regions),
            &regions,
        ),
        (
            "technique",
            "techniques",
            vocab.techniques_as_given(&args.add_techniques),
            vocab.techniques_as_given(&args.remove_techniques),
            &techniques,
        ),
        (
            "avoid-region",
            "avoid_regions",
            vocab.regions_as_given(&args.avoid.avoid_regions),
            vocab.regions_as_given(&args.avoid.remove_avoid_regions),
            &avoid_regions,
        ),
        (
            "avoid-technique",
            "avoid_techniques",
            vocab.techniques_as_given(&args.avoid.avoid_techniques),
            vocab.techniques_as_given(&args.avoid.remove_avoid_techniques),
            &avoid_techniques,
        ),
    ];
    for (what, key, add, remove, current) in lists {
        for term in add {
            doc.add_to_list(key, &term);
        }
        for term in remove {
            if !current.contains(&term) {
                return Err(Error::Usage(format!(
                    "--remove-{what} {}: not in prescription `{rx_id}` ({key}: {})",
                    mmx::diag::quoted(&term, "the value given"),
                    current.join(", ")
                )));
            }
            doc.remove_from_list(key, &term);
        }
    }
    let mut changed = doc.changed().to_vec();
    let mut text = doc.render();
    let existing = pending
        .folder()
        .prescription(&rx_id)
        .map(|r| r.rec.targets.clone())
        .unwrap_or_default();
    for t in flags::targets_from_flags(&args.targets, vocab).map_err(Error::Usage)? {
        if existing.iter().any(|e| e.key == t.key) {
            return Err(Error::Usage(format!(
                "--target {}: prescription `{rx_id}` already has a target for it; edit its [[targets]] in the file to change it",
                t.key.measure
            )));
        }
        text = editor::append(&text, &t.to_toml());
        if !changed.iter().any(|c| c == "targets") {
            changed.push("targets".into());
        }
    }
    if changed.is_empty() {
        writeln!(err, "nothing to change in prescription `{rx_id}`").map_err(io_err)?;
    } else {
        let flag = |field: &str| match field {
            "regions" => Some("--add-region".to_string()),
            "techniques" => Some("--add-technique".to_string()),
            f => order_flag(f).or_else(|| default_flag(f)),
        };
        // The order goes on file first (see `rx add`).
        let kept = match &order {
            Some(o) => {
                let at = o.file.rel(&pending.folder().id);
                let made = pending.create_beside(&at, o.file.sha256.as_bytes(), &o.file.bytes)?;
                (made == CreateOutcome::Created).then_some(at)
            }
            None => None,
        };
        let written = pending.write_edit(&rel, &text, Some(&flag));
        if let (Err(_), Some(at)) = (&written, &kept) {
            pending.take_back(at);
        }
        let shown = written?;
        mmx::diag::render_human(err, &shown, config.color_stderr).map_err(io_err)?;
        writeln!(
            err,
            "updated prescription `{rx_id}`: {}",
            changed.join(", ")
        )
        .map_err(io_err)?;
    }
    writeln!(out, "{rx_id}").map_err(io_err)?;
    Ok(EXIT_OK)
}

#[derive(Debug, Args)]
pub struct RxEditArgs {
    /// The prescription (RX, or PATIENT/RX when several patients have that id)
    pub id: String,
    /// New last valid day (YYYY-MM-DD)
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    pub expires: Option<NaiveDate>,
    /// New number of completed sessions allowed
    #[arg(long, value_parser = parse_visits)]
    pub visits: Option<u32>,
    /// Add a body region (repeatable)
    #[arg(long = "add-region", value_name = "REGION")]
    pub add_regions: Vec<String>,
    /// Remove a body region (repeatable)
    #[arg(long = "remove-region", value_name = "REGION")]
    pub remove_regions: Vec<String>,
    /// Add an allowed technique (repeatable)
    #[arg(long = "add-technique", value_name = "TECHNIQUE")]
    pub add_techniques: Vec<String>,
    /// Remove a technique (repeatable)
    #[arg(long = "remove-technique", value_name = "TECHNIQUE")]
    pub remove_techniques: Vec<String>,
    #[command(flatten)]
    pub avoid: AvoidArgs,
    /// Prescribed frequency: Nx/day, Nx/week, Nx/month or Nx/K weeks, optionally
    /// `for W weeks`, in phases joined by `, then` ('' removes it)
    #[arg(long)]
    pub frequency: Option<String>,
    /// The course's length: it ends W weeks after its first completed visit
    /// ('' removes it: the frequency's weeks, if any, then give the length)
    #[arg(long, value_name = "W")]
    pub weeks: Option<String>,
    /// Prescribed session length in minutes
    #[arg(long, value_parser = parse_minutes)]
    pub minutes: Option<u32>,
    /// Add a measurable goal, repeatable: MEASURE[:SITE][:MOTION_OR_ITEM]=VALUE
    /// (a measure already targeted stays as it is: edit the file to change it)
    #[arg(long = "target", value_name = "MEASURE=VALUE")]
    pub targets: Vec<String>,
    /// Precautions ('' removes them)
    #[arg(long, value_name = "TEXT")]
    pub precautions: Option<String>,
    /// Prescriber's phone ('' removes it)
    #[arg(long, value_name = "PHONE")]
    pub prescriber_phone: Option<String>,
    #[command(flatten)]
    pub prescriber_details: PrescriberDetailArgs,
    /// Prescriber's 10-digit NPI ('' removes it)
    #[arg(long, value_name = "N")]
    pub npi: Option<String>,
    #[command(flatten)]
    pub order: OrderArgs,
}
