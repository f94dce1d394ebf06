//! `mmx rx add|list|show|edit`.

use clap::{Args, Subcommand, ValueEnum};
use mmx::check::pending::OpenRecord;
use mmx::check::review;
use mmx::course;
use mmx::model::RecordKind;
use mmx::records::editor;
use mmx::vocab::measures;
use std::io::Write;

use chrono::NaiveDate;

use crate::args::AvoidArgs;
use crate::args::parse_date;
use crate::args::parse_frequency;
use crate::args::parse_id;
use crate::args::parse_minutes;
use crate::args::parse_patient;
use crate::args::parse_visits;
use crate::args::{ListFormat, ShowArgs, ShowFormat};
use crate::config::Config;
use crate::flags::{self, default_flag};
use crate::out::{self, Fields, io_err};
use mmx::check::pending::Pending;
use mmx::check::review::Review;
use mmx::course::RxState;
use mmx::course::RxStatus;
use mmx::error::{EXIT_OK, Error, Result};
use mmx::model::{CloseReason, Diagnosis, Frequency, Prescriber, Prescription};
use mmx::practice::Practice;
use mmx::records::editor::Field;

pub fn run(
    config: &Config,
    command: RxCommand,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8> {
    let practice = config.practice()?;
    match command {
        RxCommand::Edit(args) => edit(&practice, config, &args, out, err),
        RxCommand::Add(args) => add(&practice, config, *args, out, err),
        RxCommand::List(args) => list(&practice, config, args, out, err),
        RxCommand::Show(args) => show(&practice, config, args, out, err),
        RxCommand::Close(args) => close(&practice, config, args, out, err),
    }
}

/// Records a discharge as a `[closed]` table through the comment-keeping
/// editor. Refused (exit 1) when a completed session falls after the date.
fn close(
    practice: &Practice,
    config: &Config,
    args: RxCloseArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8> {
    let OpenRecord {
        pending,
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
    if let Some(c) = &rx.rec.closed {
        return Err(Error::Usage(format!(
            "prescription `{rx_id}` was already closed on {} ({}); nothing was written",
            c.date,
            c.reason.as_str()
        )));
    }
    let reason = match args.reason {
        CloseReasonArg::GoalsMet => CloseReason::GoalsMet,
        CloseReasonArg::PatientWithdrew => CloseReason::PatientWithdrew,
        CloseReasonArg::ReferredOut => CloseReason::ReferredOut,
        CloseReasonArg::PhysicianStopped => CloseReason::PhysicianStopped,
        CloseReasonArg::Other => CloseReason::Other,
    };
    let date = args.date.unwrap_or(config.today);
    let rel = rx.file.clone();
    let mut doc = pending.document(&rel, "prescription")?;
    doc.set("closed.date", &Field::Date(date));
    doc.set("closed.reason", &Field::Str(reason.as_str().to_string()));
    if let Some(note) = args.note.filter(|n| !n.trim().is_empty()) {
        doc.set("closed.note", &Field::Str(note.trim().to_string()));
    }
    let flag = |field: &str| match field {
        "closed.date" => Some("--date".to_string()),
        "closed.note" => Some("--note".to_string()),
        "closed.reason" => Some("--reason".to_string()),
        f => default_flag(f),
    };
    pending.write_edit(&rel, &doc.render(), Some(&flag))?;
    writeln!(
        err,
        "closed prescription `{rx_id}` on {date} ({})",
        reason.as_str()
    )
    .map_err(io_err)?;
    writeln!(out, "{rx_id}").map_err(io_err)?;
    Ok(EXIT_OK)
}

/// Renews, extends or widens a prescription through the comment-keeping
/// editor. Refused (exit 1) when a recorded session would fall outside it.
fn edit(
    practice: &Practice,
    config: &Config,
    args: &RxEditArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8> {
    let OpenRecord {
        pending,
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
    if let Some(d) = args.expires {
        doc.set("expires", &Field::Date(d));
    }
    if let Some(n) = args.visits {
        doc.set("visits", &Field::Int(n.into()));
    }
    if let Some(n) = args.minutes {
        doc.set("minutes", &Field::Int(n.into()));
    }
    match args.frequency.as_deref().map(str::trim) {
        Some("") => doc.remove("frequency"),
        Some(f) => match Frequency::parse(f) {
            Some(f) => doc.set("frequency", &Field::Str(f.to_string())),
            None => {
                return Err(Error::Usage(format!(
                    "--frequency {}: not a frequency mmx can check; write {}",
                    mmx::diag::quoted(f, "(the value given)"),
                    Frequency::GRAMMAR
                )));
            }
        },
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
            Some(v) => doc.set(key, &Field::Str(v.clone())),
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
            f => default_flag(f),
        };
        pending.write_edit(&rel, &text, Some(&flag))?;
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

fn add(
    practice: &Practice,
    config: &Config,
    args: RxAddArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8> {
    let pending = Pending::open(practice, config.today, &args.patient)?;
    let diagnoses = args
        .diagnoses
        .iter()
        .map(|d| match d.split_once('=') {
            Some((c, t)) => Diagnosis {
                code: c.trim().to_uppercase(),
                text: Some(t.trim().to_string()).filter(|t| !t.is_empty()),
            },
            None => Diagnosis {
                code: d.trim().to_uppercase(),
                text: None,
            },
        })
        .collect();
    let mut rx = Prescription {
        id: String::new(),
        patient: args.patient.clone(),
        issued: args.issued,
        expires: args.expires,
        renews: args.renews,
        visits: args.visits,
        frequency: args.frequency,
        minutes: args.minutes,
        regions: practice.vocab.regions_as_given(&args.regions),
        techniques: practice.vocab.techniques_as_given(&args.techniques),
        avoid_regions: practice.vocab.regions_as_given(&args.avoid_regions),
        avoid_techniques: practice.vocab.techniques_as_given(&args.avoid_techniques),
        precautions: args.precautions.filter(|s| !s.trim().is_empty()),
        goals: args
            .goals
            .into_iter()
            .filter(|s| !s.trim().is_empty())
            .collect(),
        targets: flags::targets_from_flags(&args.targets, &practice.vocab).map_err(Error::Usage)?,
        prescriber: {
            let given =
                |s: Option<String>| s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
            let d = args.prescriber_details;
            Prescriber {
                name: args.prescriber.trim().to_string(),
                credential: given(d.credential),
                npi: args.npi,
                license: given(d.license),
                phone: given(args.prescriber_phone),
                fax: given(d.prescriber_fax),
                address: given(d.prescriber_address),
            }
        },
        diagnoses,
        closed: None,
    };
    let flag = |field: &str| default_flag(field);
    let mut pending = pending;
    let (id, _, shown) = pending.create_dated(
        RecordKind::Prescription,
        rx.issued,
        args.id.as_deref(),
        Some(&flag),
        |_, id, _| {
            rx.id = id.to_string();
            Ok(rx.to_toml())
        },
    )?;
    mmx::diag::render_human(err, &shown, config.color_stderr).map_err(io_err)?;
    writeln!(out, "{id}").map_err(io_err)?;
    Ok(EXIT_OK)
}

/// The reviews of one patient, or of every patient, with a line on stderr
/// for each file left out because it cannot be read.
fn reviews(
    practice: &Practice,
    today: NaiveDate,
    patient: Option<&str>,
    err: &mut dyn Write,
) -> Result<Vec<Review>> {
    let reviews = match patient {
        Some(id) => vec![review::patient(practice, today, id)?],
        None => review::each_patient(practice, today, |r| r)?,
    };
    for r in &reviews {
        out::skipped(err, &r.skipped())?;
    }
    Ok(reviews)
}

fn list(
    practice: &Practice,
    config: &Config,
    args: RxListArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8> {
    let rules = &practice.settings.rules;
    let reviews = reviews(practice, config.today, args.patient.as_deref(), err)?;
    let mut rows: Vec<(RxState, &mmx::model::Prescription)> = Vec::new();
    for review in &reviews {
        let folder = &review.folder;
        rows.extend(
            folder
                .prescriptions
                .iter()
                .map(|rx| (course::of(&rx.rec, folder, rules, config.today), &rx.rec)),
        );
    }
    if args.active {
        rows.retain(|(r, _)| r.status == RxStatus::Active);
    }
    rows.sort_by(|(a, _), (b, _)| {
        (&a.patient, a.issued, &a.id).cmp(&(&b.patient, b.issued, &b.id))
    });
    match args.format {
        ListFormat::Json => {
            let shown: Vec<_> = rows.iter().map(|(s, rx)| s.json(rx)).collect();
            out::json(out, &shown)?
        }
        ListFormat::Table => {
            let table = rows
                .iter()
                .map(|(r, _)| {
                    vec![
                        r.patient.clone(),
                        r.id.clone(),
                        r.issued.to_string(),
                        r.expires.to_string(),
                        format!("{}/{}", r.used, r.visits),
                        r.status.as_str().to_string(),
                        r.prescriber.clone(),
                    ]
                })
                .collect();
            use out::Col::{Detail, Id, Key};
            out::table(
                out,
                &[
                    Id("patient"),
                    Id("id"),
                    Detail("issued", 2),
                    Key("expires"),
                    Key("visits"),
                    Key("status"),
                    Detail("prescriber", 1),
                ],
                table,
            )?;
        }
    }
    Ok(EXIT_OK)
}

fn show(
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
            let mut f = Fields::default();
            f.add("id", &r.id)
                .add("patient", &r.patient)
                .add("issued", r.issued)
                .add("expires", s.expires)
                .add(
                    "visits",
                    format!("{} used of {} ({} left)", s.used, s.visits, s.remaining),
                )
                .add("status", s.status.as_str())
                .opt("renews", r.renews.as_ref())
                .opt("renewed by", s.renewed_by.as_ref())
                .opt("frequency", r.frequency.map(|f| f.to_string()))
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

#[derive(Debug, Subcommand)]
pub enum RxCommand {
    /// Add a prescription; prints the new id
    Add(Box<RxAddArgs>),
    /// List prescriptions with visits used and status
    List(RxListArgs),
    /// Show one prescription
    Show(ShowArgs),
    /// Renew, extend or widen a prescription; refused if recorded sessions would fall outside it
    Edit(Box<RxEditArgs>),
    /// Record a discharge: the prescription takes no visit after the date, and alerts stop
    Close(RxCloseArgs),
}

#[derive(Debug, Args)]
pub struct RxCloseArgs {
    /// The prescription (RX, or PATIENT/RX when several patients have that id)
    pub id: String,
    /// Why the course ended
    #[arg(long, value_enum)]
    pub reason: CloseReasonArg,
    /// The day of the discharge (default: today)
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    pub date: Option<NaiveDate>,
    /// More about the discharge (a home programme, who it was referred to)
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CloseReasonArg {
    GoalsMet,
    PatientWithdrew,
    ReferredOut,
    PhysicianStopped,
    Other,
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
    /// Prescribed frequency: Nx/day, Nx/week or Nx/month, optionally `for W weeks` ('' removes it)
    #[arg(long)]
    pub frequency: Option<String>,
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
}

/// What a prescription says of its prescriber besides name, NPI and phone.
#[derive(Debug, Args)]
pub struct PrescriberDetailArgs {
    /// Prescriber's credential: MD, DO, DC, NP, PA-C, DPM, DDS, PT, ... ('' removes it on edit)
    #[arg(long, value_name = "CRED")]
    pub credential: Option<String>,
    /// Prescriber's state licence number ('' removes it on edit)
    #[arg(long, value_name = "NUMBER")]
    pub license: Option<String>,
    /// Prescriber's fax, where a renewal request goes ('' removes it on edit)
    #[arg(long, value_name = "FAX")]
    pub prescriber_fax: Option<String>,
    /// Prescriber's office address ('' removes it on edit)
    #[arg(long, value_name = "TEXT")]
    pub prescriber_address: Option<String>,
}

#[derive(Debug, Args)]
pub struct RxAddArgs {
    /// The patient's id (`mmx patient list` shows them)
    #[arg(long, value_parser = parse_patient, value_name = "PATIENT")]
    pub patient: String,
    /// Date the doctor issued it (YYYY-MM-DD)
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    pub issued: NaiveDate,
    /// Last valid day (default: issued + [rules] rx_valid_days)
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    pub expires: Option<NaiveDate>,
    /// Completed sessions allowed
    #[arg(long, value_parser = parse_visits)]
    pub visits: u32,
    /// A body region to treat (repeatable), e.g. lumbar, left-shoulder, bilateral-gluteal
    #[arg(long = "region", required = true, value_name = "REGION")]
    pub regions: Vec<String>,
    /// An allowed technique (repeatable), e.g. swedish, mfr, trigger-point
    #[arg(long = "technique", required = true, value_name = "TECHNIQUE")]
    pub techniques: Vec<String>,
    /// Prescribing doctor's name
    #[arg(long, value_name = "NAME")]
    pub prescriber: String,
    /// Prescriber's 10-digit NPI
    #[arg(long, value_name = "N")]
    pub npi: Option<String>,
    /// Prescriber's phone
    #[arg(long, value_name = "PHONE")]
    pub prescriber_phone: Option<String>,
    #[command(flatten)]
    pub prescriber_details: PrescriberDetailArgs,
    /// ICD-10-CM diagnosis, optionally with its text: M54.16=Radiculopathy, lumbar (repeatable)
    #[arg(long = "diagnosis", value_name = "CODE[=TEXT]")]
    pub diagnoses: Vec<String>,
    /// Prescribed frequency: Nx/day, Nx/week or Nx/month, optionally `for W weeks`, e.g. 2x/week, "2x/week for 6 weeks"
    #[arg(long, value_parser = parse_frequency, value_name = "FREQ")]
    pub frequency: Option<mmx::model::Frequency>,
    /// The prescription this one renews: the two are one course of care
    #[arg(long, value_parser = parse_id, value_name = "RX")]
    pub renews: Option<String>,
    /// A body region no session may treat (repeatable), e.g. intraoral, left-wrist
    #[arg(long = "avoid-region", value_name = "REGION")]
    pub avoid_regions: Vec<String>,
    /// A technique no session may use (repeatable), e.g. hot-cold-pack
    #[arg(long = "avoid-technique", value_name = "TECHNIQUE")]
    pub avoid_techniques: Vec<String>,
    /// Prescribed session length in minutes
    #[arg(long, value_parser = parse_minutes)]
    pub minutes: Option<u32>,
    /// Precautions, in the prescriber's words
    #[arg(long, value_name = "TEXT")]
    pub precautions: Option<String>,
    /// A treatment goal (repeatable)
    #[arg(long = "goal", value_name = "TEXT")]
    pub goals: Vec<String>,
    /// A measurable goal, repeatable: MEASURE[:SITE][:MOTION_OR_ITEM]=VALUE,
    /// e.g. rom:left-shoulder:flexion=160, ndi=10, "psfs:Lift grandchild=8"
    /// (`mmx vocab` lists the measures)
    #[arg(long = "target", value_name = "MEASURE=VALUE")]
    pub targets: Vec<String>,
    /// Id to use (default: issue date and a random suffix)
    #[arg(long, value_parser = parse_id)]
    pub id: Option<String>,
}

#[derive(Debug, Args)]
pub struct RxListArgs {
    /// Only this patient's prescriptions
    #[arg(long, value_parser = parse_patient, value_name = "PATIENT")]
    pub patient: Option<String>,
    /// Only prescriptions in force today with visits left
    #[arg(long)]
    pub active: bool,
    /// Output: a table for people, or JSON for scripts
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
}
