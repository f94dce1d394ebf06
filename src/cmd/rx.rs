//! `mmx rx add|list|show|edit`.

use std::io::Write;

use chrono::NaiveDate;
use serde::Serialize;

use crate::cli::{ListFormat, RxAddArgs, RxCommand, RxEditArgs, RxListArgs, ShowArgs, ShowFormat};
use crate::config::Config;
use crate::edit::Field;
use crate::error::{EXIT_OK, Error, Result};
use crate::loader::{PatientFolder, Practice};
use crate::model::{Diagnosis, Prescriber, Prescription};
use crate::output::{self, Fields, io_err};
use crate::parse::{self, Loaded};
use crate::store::{self, CreateOutcome};
use crate::vocab::{VocabError, Vocabulary};

pub fn run(
    config: &Config,
    command: RxCommand,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8> {
    let practice = config.practice()?;
    match command {
        RxCommand::Edit(args) => edit(&practice, config, &args, out, err),
        RxCommand::Add(args) => add(&practice, *args, out),
        RxCommand::List(args) => list(&practice, config, args, out),
        RxCommand::Show(args) => show(&practice, config, args, out),
    }
}

/// Reads `--region` / `--technique` values through the vocabulary; an unknown
/// one is a command-line error naming the flag and the closest known term.
pub fn read_terms(vocab: &Vocabulary, flag: &str, values: &[String]) -> Result<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for v in values {
        let is_region = flag.ends_with("region");
        let read = if is_region {
            vocab.region(v)
        } else {
            vocab.technique(v)
        };
        let term = read.map_err(|e| {
            let what = if is_region { "region" } else { "technique" };
            Error::Usage(match e {
                VocabError::MissingSide { base } => {
                    format!("{flag} {v}: region `{base}` needs a side: left-{base}, right-{base} or bilateral-{base}")
                }
                VocabError::Unknown { suggestion: Some(s) } => format!("{flag} {v}: unknown {what}; did you mean `{s}`? (`mmx vocab` lists them)"),
                VocabError::Unknown { suggestion: None } => format!("{flag} {v}: unknown {what} (`mmx vocab` lists them)"),
            })
        })?;
        if !out.contains(&term) {
            out.push(term);
        }
    }
    Ok(out)
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
    let (folder, i) = find(practice, &args.id)?;
    let (patient, rx_id) = (folder.id.clone(), folder.prescriptions[i].rec.id.clone());
    let _lock = practice.lock_patient(&patient)?;
    // Read again under the lock: the folder may have changed since `find`.
    let folder = practice.load_patient(&patient)?;
    let Some(rx) = folder.prescription(&rx_id) else {
        return Err(Error::NotFound {
            what: "prescription",
            id: args.id.clone(),
            hint: "`mmx rx list` shows the prescriptions".into(),
        });
    };
    let target = super::edit::Target::read(practice, &patient, rx.file.clone(), "prescription")?;
    let mut doc = target.document()?;
    if let Some(d) = args.expires {
        doc.set("expires", &Field::Date(d));
    }
    if let Some(n) = args.visits {
        doc.set("visits", &Field::Int(n.into()));
    }
    if let Some(n) = args.minutes {
        doc.set("minutes", &Field::Int(n.into()));
    }
    for (key, value) in [
        ("frequency", &args.frequency),
        ("precautions", &args.precautions),
        ("prescriber.phone", &args.prescriber_phone),
    ] {
        match value {
            Some(v) if v.trim().is_empty() => doc.remove(key),
            Some(v) => doc.set(key, &Field::Str(v.clone())),
            None => {}
        }
    }
    let lists = [
        (
            "--region",
            "regions",
            &args.add_regions,
            &args.remove_regions,
            &rx.rec.regions,
        ),
        (
            "--technique",
            "techniques",
            &args.add_techniques,
            &args.remove_techniques,
            &rx.rec.techniques,
        ),
    ];
    for (flag, key, add, remove, current) in lists {
        for term in read_terms(&practice.vocab, &format!("--add-{}", &flag[2..]), add)? {
            doc.add_to_list(key, &term);
        }
        let remove_flag = format!("--remove-{}", &flag[2..]);
        for term in read_terms(&practice.vocab, &remove_flag, remove)? {
            if !current.contains(&term) {
                return Err(Error::Usage(format!(
                    "{remove_flag} {term}: not in prescription `{rx_id}` ({key}: {})",
                    current.join(", ")
                )));
            }
            doc.remove_from_list(key, &term);
        }
    }
    let changed = doc.changed().to_vec();
    if changed.is_empty() {
        writeln!(err, "nothing to change in prescription `{rx_id}`").map_err(io_err)?;
    } else {
        target.write_checked(practice, config, &doc.render())?;
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

fn add(practice: &Practice, args: RxAddArgs, out: &mut dyn Write) -> Result<u8> {
    let _lock = practice.lock_patient(&args.patient)?;
    let folder = practice.load_patient(&args.patient)?;
    let regions = read_terms(&practice.vocab, "--region", &args.regions)?;
    let techniques = read_terms(&practice.vocab, "--technique", &args.techniques)?;
    if args.prescriber.trim().is_empty() {
        return Err(Error::Usage("--prescriber must not be empty".into()));
    }
    if let Some(npi) = &args.npi
        && !parse::npi_valid(npi)
    {
        return Err(Error::Usage(format!(
            "--npi {npi}: not a valid NPI (10 digits with a Luhn check digit)"
        )));
    }
    if let Some(e) = args.expires
        && e < args.issued
    {
        return Err(Error::Usage(format!(
            "--expires {e} is before --issued {}",
            args.issued
        )));
    }
    let mut diagnoses = Vec::new();
    for d in &args.diagnoses {
        let (code, text) = match d.split_once('=') {
            Some((c, t)) => (
                c.trim().to_uppercase(),
                Some(t.trim().to_string()).filter(|t| !t.is_empty()),
            ),
            None => (d.trim().to_uppercase(), None),
        };
        if !parse::icd10_shaped(&code) {
            return Err(Error::Usage(format!(
                "--diagnosis {d}: `{code}` is not an ICD-10-CM code (like M54.16 or S13.4XXA)"
            )));
        }
        diagnoses.push(Diagnosis { code, text });
    }
    let mut rx = Prescription {
        id: String::new(),
        patient: args.patient.clone(),
        issued: args.issued,
        expires: args.expires,
        visits: args.visits,
        frequency: args.frequency.filter(|s| !s.trim().is_empty()),
        minutes: args.minutes,
        regions,
        techniques,
        precautions: args.precautions.filter(|s| !s.trim().is_empty()),
        goals: args
            .goals
            .into_iter()
            .filter(|s| !s.trim().is_empty())
            .collect(),
        prescriber: Prescriber {
            name: args.prescriber.trim().to_string(),
            npi: args.npi,
            phone: args.prescriber_phone.filter(|s| !s.trim().is_empty()),
        },
        diagnoses,
    };
    let fixed_id = args.id.is_some();
    for _ in 0..8 {
        rx.id = args
            .id
            .clone()
            .unwrap_or_else(|| store::dated_id(rx.issued));
        let path = practice
            .patient_dir(&folder.id)
            .join("prescriptions")
            .join(format!("{}.toml", rx.id));
        let text = rx.to_toml();
        let parsed = parse::prescription(
            &practice.rel(&path),
            &text,
            &folder.id,
            &rx.id,
            &practice.vocab,
        );
        if !parsed.diags.is_empty() {
            let mut diagnostics = parsed.diags;
            crate::diag::locate_all(&mut diagnostics, |_| Some(text.clone()));
            return Err(Error::Refused { diagnostics });
        }
        match store::create_new(&path, text.as_bytes())? {
            CreateOutcome::Created => {
                writeln!(out, "{}", rx.id).map_err(io_err)?;
                return Ok(EXIT_OK);
            }
            CreateOutcome::Exists if fixed_id => {
                return Err(Error::Exists {
                    what: "prescription",
                    id: rx.id,
                    path: practice.rel(&path),
                });
            }
            CreateOutcome::Exists => continue,
        }
    }
    Err(Error::Records(
        "could not find a free prescription id; pass --id".into(),
    ))
}

/// A prescription with what has been used of it, as `rx list` and `rx show` give it.
#[derive(Debug, Clone, Serialize)]
pub struct RxSummary {
    pub id: String,
    pub patient: String,
    pub issued: NaiveDate,
    /// `expires`, or issued + rx_valid_days when the file has none.
    pub expires: NaiveDate,
    pub visits: u32,
    pub used: u32,
    pub remaining: u32,
    /// active, pending (issued after today), expired or used-up.
    pub status: &'static str,
    pub prescriber: String,
    pub regions: Vec<String>,
    pub techniques: Vec<String>,
}

pub fn status(rx: &Prescription, used: u32, practice: &Practice, today: NaiveDate) -> &'static str {
    if today > rx.expiry(&practice.settings.rules) {
        "expired"
    } else if used >= rx.visits {
        "used-up"
    } else if today < rx.issued {
        "pending"
    } else {
        "active"
    }
}

pub fn summarize(
    rx: &Loaded<Prescription>,
    folder: &PatientFolder,
    practice: &Practice,
    today: NaiveDate,
) -> RxSummary {
    let r = &rx.rec;
    let used = folder.visits_used(&r.id) as u32;
    RxSummary {
        id: r.id.clone(),
        patient: r.patient.clone(),
        issued: r.issued,
        expires: r.expiry(&practice.settings.rules),
        visits: r.visits,
        used,
        remaining: r.visits.saturating_sub(used),
        status: status(r, used, practice, today),
        prescriber: r.prescriber.name.clone(),
        regions: r.regions.clone(),
        techniques: r.techniques.clone(),
    }
}

fn folders(practice: &Practice, patient: Option<&str>) -> Result<Vec<PatientFolder>> {
    match patient {
        Some(id) => Ok(vec![practice.load_patient(id)?]),
        None => practice
            .patient_ids()?
            .iter()
            .map(|id| practice.load_patient(id))
            .collect(),
    }
}

fn list(practice: &Practice, config: &Config, args: RxListArgs, out: &mut dyn Write) -> Result<u8> {
    let mut rows: Vec<RxSummary> = Vec::new();
    for folder in folders(practice, args.patient.as_deref())? {
        rows.extend(
            folder
                .prescriptions
                .iter()
                .map(|rx| summarize(rx, &folder, practice, config.today)),
        );
    }
    if args.active {
        rows.retain(|r| r.status == "active");
    }
    rows.sort_by(|a, b| (&a.patient, a.issued, &a.id).cmp(&(&b.patient, b.issued, &b.id)));
    match args.format {
        ListFormat::Json => output::json(out, &rows)?,
        ListFormat::Table => {
            let table = rows
                .iter()
                .map(|r| {
                    vec![
                        r.patient.clone(),
                        r.id.clone(),
                        r.issued.to_string(),
                        r.expires.to_string(),
                        format!("{}/{}", r.used, r.visits),
                        r.status.to_string(),
                        r.prescriber.clone(),
                    ]
                })
                .collect();
            output::table(
                out,
                &[
                    "patient",
                    "id",
                    "issued",
                    "expires",
                    "visits",
                    "status",
                    "prescriber",
                ],
                table,
            )?;
        }
    }
    Ok(EXIT_OK)
}

/// Finds a prescription by `RX` or `PATIENT/RX`.
fn find(practice: &Practice, id: &str) -> Result<(PatientFolder, usize)> {
    let (patient, rx_id) = match id.split_once('/') {
        Some((p, r)) => (Some(p), r),
        None => (None, id),
    };
    if !patient.is_none_or(parse::is_slug) || !parse::is_slug(rx_id) {
        return Err(Error::Usage(format!(
            "`{id}` is not a prescription id (RX or PATIENT/RX, each {})",
            parse::SLUG_RULE
        )));
    }
    let mut hits = Vec::new();
    let mut broken = Vec::new();
    for folder in folders(practice, patient)? {
        if let Some(i) = folder.prescriptions.iter().position(|r| r.rec.id == rx_id) {
            hits.push((folder, i));
        } else if folder.unreadable_prescriptions.iter().any(|s| s == rx_id) {
            broken.push(format!("{}/{rx_id}", folder.id));
        }
    }
    match hits.len() {
        1 => Ok(hits.remove(0)),
        0 if broken.len() == 1 => Err(Error::Records(format!(
            "prescription `{}` cannot be read until the errors in its file are fixed\n  hint: `mmx check` shows where",
            broken[0]
        ))),
        0 => Err(Error::NotFound {
            what: "prescription",
            id: id.to_string(),
            hint: "`mmx rx list` shows the prescriptions".into(),
        }),
        _ => Err(Error::Usage(format!(
            "prescription id `{rx_id}` is used by several patients; write PATIENT/{rx_id}"
        ))),
    }
}

#[derive(Serialize)]
struct RxView<'a> {
    #[serde(flatten)]
    rx: &'a Prescription,
    valid_until: NaiveDate,
    used: u32,
    remaining: u32,
    status: &'static str,
}

fn show(practice: &Practice, config: &Config, args: ShowArgs, out: &mut dyn Write) -> Result<u8> {
    let (folder, i) = find(practice, &args.id)?;
    let rx = &folder.prescriptions[i];
    let s = summarize(rx, &folder, practice, config.today);
    let r = &rx.rec;
    match args.format {
        ShowFormat::Json => output::json(
            out,
            &RxView {
                rx: r,
                valid_until: s.expires,
                used: s.used,
                remaining: s.remaining,
                status: s.status,
            },
        )?,
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
                .add("status", s.status)
                .opt("frequency", r.frequency.as_ref())
                .opt("minutes", r.minutes)
                .list("regions", &r.regions)
                .list("techniques", &r.techniques)
                .opt("precautions", r.precautions.as_ref());
            for g in &r.goals {
                f.add("goal", g);
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
            f.add("prescriber", &r.prescriber.name)
                .opt("npi", r.prescriber.npi.as_ref())
                .opt("phone", r.prescriber.phone.as_ref());
            f.write(out)?;
        }
    }
    Ok(EXIT_OK)
}
