//! `mmx session add`: a visit recorded through the gate, refused when it
//! breaks its prescription (or excused with --override).

use super::text_flag;
use crate::args::named_red_flag;
use crate::args::parse_date;
use crate::args::parse_id;
use crate::args::parse_minutes;
use crate::args::parse_pain;
use crate::args::parse_patient;
use crate::args::parse_time;
use crate::args::parse_utc_offset;
use crate::config::Config;
use crate::flags::{self, default_flag};
use crate::out::io_err;
use chrono::NaiveDate;
use chrono::NaiveTime;
use clap::{Args, ValueEnum};
use mmx::check::pending::Pending;
use mmx::check::rules::override_keys;
use mmx::course;
use mmx::course::NoPrescription;
use mmx::diag::{self, Code, Severity};
use mmx::error::{EXIT_OK, Error, Result};
use mmx::model::RecordKind;
use mmx::model::{Adherence, Override, Session, Soap, Status};
use mmx::practice::Practice;
use std::io::Write;

pub(super) fn add(
    practice: &Practice,
    config: &Config,
    args: SessionAddArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8> {
    // Held until the new file is in place: the visit count read now is
    // still true when the session is written.
    let mut pending = Pending::open(practice, config.today, &args.patient)?;
    let status = match args.status {
        StatusArg::Completed => Status::Completed,
        StatusArg::Cancelled => Status::Cancelled,
        StatusArg::NoShow => Status::NoShow,
    };
    let override_reason = match args.override_reason {
        Some(r) if r.trim().is_empty() => {
            return Err(Error::Usage("--override needs a reason".into()));
        }
        r => r.map(|r| r.trim().to_string()),
    };
    let health_change = text_flag(args.health_change).map(|h| h.trim().to_string());
    if health_change.as_deref() == Some("none") && !args.health_change_flags.is_empty() {
        return Err(Error::Usage(
            "--health-change none says nothing changed: leave out --health-change-flag, or say what changed".into(),
        ));
    }
    let mut health_change_flags: Vec<String> = Vec::new();
    for f in args.health_change_flags {
        if !health_change_flags.contains(&f) {
            health_change_flags.push(f);
        }
    }
    let mut consent: Vec<String> = Vec::new();
    for c in args.consent {
        if !consent.contains(&c) {
            consent.push(c);
        }
    }
    let folder = pending.folder();
    let prescription = match args.rx {
        Some(rx) => rx,
        None => {
            let regions = practice.vocab.regions_as_given(&args.regions);
            match course::prescription_for(
                folder,
                &practice.settings.rules,
                &practice.vocab,
                args.date,
                status,
                &regions,
            ) {
                Ok(rx) => rx.rec.id.clone(),
                Err(NoPrescription::NoneInForce) => {
                    return Err(Error::Records(format!(
                        "patient `{}` has no prescription in force on {}\n  hint: `mmx rx list --patient {}` shows them; pass --rx RX, or add a prescription with `mmx rx add`",
                        folder.id, args.date, folder.id
                    )));
                }
                Err(NoPrescription::Several { all, covering }) => {
                    let which = if covering.is_empty() {
                        "none of them covers all the regions given".to_string()
                    } else {
                        format!("{} cover the regions given", covering.join(" and "))
                    };
                    return Err(Error::Records(format!(
                        "patient `{}` has {} prescriptions in force on {} ({}); {which}, so mmx cannot choose\n  hint: pass --rx RX for the one this session belongs to",
                        folder.id,
                        all.len(),
                        args.date,
                        all.join(", "),
                    )));
                }
            }
        }
    };
    let therapist =
        config.author_or_given(practice, text_flag(args.therapist), Some("--therapist"))?;
    let mut session = Session {
        id: String::new(),
        patient: folder.id.clone(),
        prescription,
        date: args.date,
        start: args.start,
        start_offset: args.start_offset,
        minutes: args.minutes,
        status,
        therapist: therapist.clone(),
        regions: practice.vocab.regions_as_given(&args.regions),
        techniques: practice.vocab.techniques_as_given(&args.techniques),
        pain_before: args.pain_before,
        pain_after: args.pain_after,
        health_change,
        health_change_flags,
        consent,
        adherence: args.adherence.map(|a| match a {
            AdherenceArg::Full => Adherence::Full,
            AdherenceArg::Partial => Adherence::Partial,
            AdherenceArg::None => Adherence::None,
        }),
        measures: flags::measurements_from_flags(&args.measures, &practice.vocab)
            .map_err(Error::Usage)?,
        home_care: flags::home_care_from_flags(&args.home_care, &practice.vocab)
            .map_err(Error::Usage)?,
        override_reason: None,
        soap: Soap {
            subjective: text_flag(args.subjective),
            objective: text_flag(args.objective),
            assessment: text_flag(args.assessment),
            plan: text_flag(args.plan),
        },
        amendments: Vec::new(),
        overrides: Vec::new(),
        void: None,
    };
    // Of several --home-care flags, the one a finding is about.
    let several = args.home_care.len() > 1;
    let flag = |field: &str| {
        let item = field
            .strip_prefix("home_care.")
            .and_then(|rest| rest.split('.').next())
            .and_then(|n| n.parse::<usize>().ok());
        match item {
            Some(i) if several => Some(format!("--home-care (item {})", i + 1)),
            _ => default_flag(field),
        }
    };
    // Checked exactly as it would be written, with the patient's whole
    // folder: a back-dated visit that pushes a later one past the visit
    // count is refused too.
    let (id, _, shown) = pending.create_dated(
        RecordKind::Session,
        session.date,
        args.id.as_deref(),
        Some(&flag),
        |pending, id, rel| {
            session.id = id.to_string();
            session.overrides.clear();
            if let Some(reason) = &override_reason {
                // The override names what this session breaks, as the gate finds
                // it, so it excuses those findings and nothing a later change causes.
                let probe = pending.preview(&[(rel, &session.to_toml())]);
                let keys = override_keys(probe.findings.iter().filter(|d| {
                    d.severity == Severity::Error
                        && (d.file == rel
                            || (d.code == Code::VisitsExceeded
                                && d.subject.as_deref() == Some(session.prescription.as_str())))
                }));
                let other_errors = probe
                    .findings
                    .iter()
                    .any(|d| d.file == rel && d.severity == Severity::Error);
                if keys.is_empty() && !other_errors {
                    return Err(Error::Usage(format!(
                        "--override: the session is within prescription `{}`, so there is nothing to override; leave --override out",
                        session.prescription
                    )));
                }
                if !keys.is_empty() {
                    session.overrides.push(Override {
                        date: config.today,
                        by: therapist.clone(),
                        findings: keys,
                        reason: reason.clone(),
                    });
                }
            }
            Ok(session.to_toml())
        },
    )?;
    diag::render_human(err, &shown, config.color_stderr).map_err(io_err)?;
    writeln!(out, "{id}").map_err(io_err)?;
    Ok(EXIT_OK)
}

#[derive(Debug, Args)]
pub struct SessionAddArgs {
    /// The patient's id (`mmx patient list` shows them)
    #[arg(long, value_parser = parse_patient, value_name = "PATIENT")]
    pub patient: String,
    /// Prescription (default: the patient's only prescription in force that day, or of several the only one covering the regions given)
    #[arg(long, value_parser = parse_id, value_name = "RX")]
    pub rx: Option<String>,
    /// Date of the session (YYYY-MM-DD)
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    pub date: NaiveDate,
    /// Start time (HH:MM)
    #[arg(long, value_parser = parse_time, value_name = "HH:MM")]
    pub start: Option<NaiveTime>,
    /// The start's UTC offset (+HH:MM or -HH:MM), only needed in the hour the clocks go back: which of the two times it was (default: the first)
    #[arg(long, value_parser = parse_utc_offset, value_name = "OFFSET", requires = "start", allow_hyphen_values = true)]
    pub start_offset: Option<String>,
    /// Length in minutes (required for a completed session)
    #[arg(long, value_parser = parse_minutes)]
    pub minutes: Option<u32>,
    /// Whether it took place; only completed sessions count as visits
    #[arg(long, value_enum, default_value_t = StatusArg::Completed)]
    pub status: StatusArg,
    /// A region treated (repeatable)
    #[arg(long = "region", value_name = "REGION")]
    pub regions: Vec<String>,
    /// A technique used (repeatable)
    #[arg(long = "technique", value_name = "TECHNIQUE")]
    pub techniques: Vec<String>,
    /// Pain before treatment, 0-10
    #[arg(long, value_parser = parse_pain, value_name = "N")]
    pub pain_before: Option<u8>,
    /// Pain after treatment, 0-10
    #[arg(long, value_parser = parse_pain, value_name = "N")]
    pub pain_after: Option<u8>,
    /// A measurement taken this visit, repeatable:
    /// MEASURE[:SITE][:MOTION_OR_ITEM]=VALUE, e.g. rom:left-shoulder:flexion=130,
    /// circumference:left-forearm=27.5, ndi=18, "psfs:Lift grandchild=4"
    #[arg(long = "measure", value_name = "MEASURE=VALUE")]
    pub measures: Vec<String>,
    /// An item of the home programme given at this visit, repeatable (together the whole programme from now on):
    /// KIND:REGION[:DOSE[:FREQUENCY]], e.g. stretch:neck:3x30s:2x/day, "heat:lumbar:15 min:as needed";
    /// (`mmx vocab` lists the kinds)
    #[arg(long = "home-care", value_name = "KIND:REGION:DOSE:FREQUENCY")]
    pub home_care: Vec<String>,
    /// How well the patient says the last home programme was followed
    #[arg(long, value_enum)]
    pub adherence: Option<AdherenceArg>,
    /// SOAP subjective: what the patient reports
    #[arg(long, value_name = "TEXT")]
    pub subjective: Option<String>,
    /// SOAP objective: what the therapist observes and measures
    #[arg(long, value_name = "TEXT")]
    pub objective: Option<String>,
    /// SOAP assessment: the therapist's reading of it
    #[arg(long, value_name = "TEXT")]
    pub assessment: Option<String>,
    /// SOAP plan: what comes next
    #[arg(long, value_name = "TEXT")]
    pub plan: Option<String>,
    /// Therapist (default: the therapist at this computer: MMX_THERAPIST or git config mmx.therapist, else in a practice of one therapist [practice] therapist in mmx.toml)
    #[arg(long, value_name = "NAME")]
    pub therapist: Option<String>,
    /// Record a justified deviation from the prescription: the session's compliance findings are named in the file with REASON, and become warnings; any other finding stays an error
    #[arg(long = "override", value_name = "REASON")]
    pub override_reason: Option<String>,
    /// Whether the patient's health changed since the last visit: `none`, or what changed (kept in the record, never shown in an error)
    #[arg(long, value_name = "none|TEXT")]
    pub health_change: Option<String>,
    /// A red flag the change amounts to (repeatable): from this visit on it needs what the screening's flag would, a doctor's clearance for most
    #[arg(long = "health-change-flag", value_name = "FLAG", value_parser = named_red_flag())]
    pub health_change_flags: Vec<String>,
    /// A consent the patient (or a guardian) signed at this visit, for this visit (repeatable): sensitive (the default), intraoral, guardian or treatment
    #[arg(long, value_name = "SCOPE", num_args = 0..=1, default_missing_value = "sensitive", value_parser = ["sensitive", "intraoral", "guardian", "treatment"])]
    pub consent: Vec<String>,
    /// Id to use (default: date and a random suffix)
    #[arg(long, value_parser = parse_id)]
    pub id: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AdherenceArg {
    Full,
    Partial,
    None,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatusArg {
    Completed,
    Cancelled,
    NoShow,
}
