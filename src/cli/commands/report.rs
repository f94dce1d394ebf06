//! `mmx report`: the doctor follow-up report in text, Markdown, HTML or JSON.

use crate::flags;
use chrono::NaiveDate;
use clap::{Args, ValueEnum};
use mmx::check::pending;
use mmx::check::review;
use mmx::course::RxStatus;
use mmx::model;
use mmx::model::RecordKind;
use mmx::practice;
use mmx::text;
use mmx::zone::Clock;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use crate::args::parse_date;
use crate::args::parse_id;
use crate::args::parse_patient;
use crate::config::Config;
use crate::out::{self, io_err};
use crate::report_text;
use mmx::error::{EXIT_OK, EXIT_REFUSED, Error, Result};
use mmx::practice::author::Author;
use mmx::practice::digest::{sha256_hex, sha256_of};
use mmx::practice::documents;
use mmx::report::sent::{self, Sent};
use mmx::report::{self, Missing, html, markdown, pdf};

/// The format `-o FILE`'s extension names, if it names one.
fn format_of(path: &std::path::Path) -> Option<ReportFormat> {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("pdf") => Some(ReportFormat::Pdf),
        Some("html" | "htm") => Some(ReportFormat::Html),
        Some("json") => Some(ReportFormat::Json),
        Some("txt") => Some(ReportFormat::Text),
        Some("md" | "markdown") => Some(ReportFormat::Md),
        _ => None,
    }
}

fn format_for(args: &ReportArgs) -> Result<ReportFormat> {
    let named = args.output.as_deref().and_then(format_of);
    match (args.format, named) {
        // The letter for the physician's system is JSON.
        (Some(ReportFormat::Fhir), Some(ReportFormat::Json)) => Ok(ReportFormat::Fhir),
        // A `.pdf` holds a PDF, never Markdown; nor a `.html` a PDF.
        (Some(f), Some(n)) if f != n => Err(Error::Usage(format!(
            "--format {} would write {} into a .{} file; leave --format out (the extension picks it) or name the file for the format",
            word(f),
            word(f),
            args.output
                .as_deref()
                .and_then(|p| p.extension())
                .and_then(|e| e.to_str())
                .unwrap_or_default()
                .to_ascii_lowercase()
        ))),
        (Some(f), _) => Ok(f),
        (None, Some(n)) => Ok(n),
        (None, None) if args.output.is_some() => Ok(ReportFormat::Md),
        (None, None) if std::io::stdout().is_terminal() => Ok(ReportFormat::Text),
        (None, None) => Ok(ReportFormat::Md),
    }
}

fn word(f: ReportFormat) -> &'static str {
    match f {
        ReportFormat::Pdf => "pdf",
        ReportFormat::Md => "md",
        ReportFormat::Html => "html",
        ReportFormat::Json => "json",
        ReportFormat::Text => "text",
        ReportFormat::Fhir => "fhir",
    }
}

pub fn run(
    config: &Config,
    args: ReportArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8> {
    if let Some(file) = &args.verify {
        return verify(config, &args, file, out);
    }
    let Some(patient) = args.patient.clone() else {
        return Err(Error::Usage("give the patient's id".into()));
    };
    let format = format_for(&args)?;
    if args.cover && !matches!(format, ReportFormat::Pdf | ReportFormat::Html) {
        return Err(Error::Usage(format!(
            "--cover puts a fax cover sheet before a PDF or HTML letter, not {}: write it with -o FILE.pdf or -o FILE.html",
            word(format)
        )));
    }
    // What was sent is proved by the file's bytes: without a file there is
    // nothing to prove it by.
    if args.sent.is_some() && args.output.is_none() {
        return Err(Error::Usage(
            "--sent records the SHA-256 of the file written with -o FILE, and there is none: write the letter with -o FILE.pdf (or .html) and --record --sent".into(),
        ));
    }
    if format == ReportFormat::Pdf && args.output.is_none() && std::io::stdout().is_terminal() {
        return Err(Error::Usage(
            "a PDF is not for a terminal: write it with -o FILE.pdf, or pipe it".into(),
        ));
    }
    let mut practice = config.practice()?;
    // The letter is signed by the therapist at this computer: mmx.toml's
    // `[practice] therapist` is every clone's, so in a clinic of several it
    // names no one. A recorded letter must say who sent it.
    practice.settings.practice.therapist = if args.record {
        config.author_or_given(&practice, None, None)?
    } else {
        match config.author(&practice)? {
            Author::Named(name) => Some(name),
            Author::Nobody | Author::Unsettled(_) => None,
        }
    };
    let review = review::patient(&practice, config.today, &patient)?;
    // A doctor's letter that left out an unreadable session would misstate
    // the visits and the compliance: none is made.
    let blocking = review.blocking();
    if !blocking.is_empty() {
        return Err(Error::Incomplete {
            diagnostics: blocking,
        });
    }
    let folder = &review.folder;
    let broken = || {
        Error::Records(format!(
            "patient `{}` has a broken patient.toml; run `mmx check` to see why",
            patient
        ))
    };
    let index = report::pick_rx(folder, &practice, args.rx.as_deref(), config.today).map_err(
        |m| match m {
            Missing::Prescription(id) => Error::NotFound {
                what: "prescription",
                id,
                hint: format!(
                    "`mmx rx list --patient {}` shows this patient's prescriptions",
                    patient
                ),
            },
            Missing::NoPrescriptions => Error::NotFound {
                what: "prescription for patient",
                id: patient.clone(),
                hint: "add one with `mmx rx add`".into(),
            },
            Missing::Patient => broken(),
            Missing::Refused(why) => Error::Usage(why),
        },
    )?;
    let recommendation = args.recommend.map(|a| {
        report::Recommendation::asked(
            match a {
                Recommend::Continue => report::Action::Continue,
                Recommend::Renew => report::Action::Renew,
                Recommend::Discharge => report::Action::Discharge,
                Recommend::Refer => report::Action::Refer,
            },
            args.request_visits,
            args.note.clone().filter(|n| !n.trim().is_empty()),
        )
    });
    if recommendation.is_none() && (args.request_visits.is_some() || args.note.is_some()) {
        return Err(Error::Usage(
            "--request-visits and --note go with --recommend continue|renew|discharge|refer".into(),
        ));
    }
    let data = report::build(
        &practice,
        &review,
        index,
        config.today,
        args.since,
        recommendation,
    )
    .map_err(|m| match m {
        Missing::Refused(why) => Error::Usage(why),
        _ => broken(),
    })?;
    // How it went, checked before anything is written.
    let sent_fax = match &args.sent {
        Some(Sent::Fax(Some(number))) => Some(number.clone()),
        Some(Sent::Fax(None)) => Some(data.letter.to.fax.clone().ok_or_else(|| {
            Error::Usage(format!(
                "--sent fax: the prescription names no fax for {}; give the number: --sent fax:NUMBER",
                data.letter.to.name
            ))
        })?),
        _ => None,
    };
    if let Some(on) = args.on.filter(|on| *on < config.today) {
        return Err(Error::Usage(format!(
            "--on {on} is before the letter's date {}: a letter is sent on or after the day it is dated",
            config.today
        )));
    }
    let mut buf = Vec::new();
    if let Some(note) = report::letter::others_note(&data) {
        writeln!(err, "note: {note}").map_err(io_err)?;
    }
    // A discharged course's letter is its discharge summary: nothing to choose.
    if let Some(why) = data
        .letter
        .recommendation
        .proposed
        .as_ref()
        .filter(|_| data.letter.state != RxStatus::Closed)
    {
        writeln!(
            err,
            "note: no --recommend given: the letter proposes `{}` ({why}); give --recommend to choose",
            report::letter::action_word(data.letter.recommendation.action)
        )
        .map_err(io_err)?;
    }
    match format {
        ReportFormat::Json => out::json(&mut buf, &data)?,
        ReportFormat::Md => markdown::render(&data, &practice.vocab, &mut buf).map_err(io_err)?,
        ReportFormat::Text => {
            let mut raw = Vec::new();
            report_text::render(&data, &practice.vocab, &mut raw).map_err(io_err)?;
            // What a terminal shows: no control code from a record acts.
            buf = text::clean(&String::from_utf8_lossy(&raw))
                .into_owned()
                .into_bytes();
        }
        ReportFormat::Html => {
            html::render_with(&data, &practice.vocab, args.cover, &mut buf).map_err(io_err)?;
        }
        ReportFormat::Fhir => {
            let mut letter = Vec::new();
            pdf::render(&data, &practice.vocab, &mut letter).map_err(io_err)?;
            let zone = practice.settings.practice.time_zone.as_deref();
            let clock = Clock::of(zone).map_err(|e| {
                Error::Usage(format!(
                    "cannot date the letter in the practice's time zone {}\n  hint: {}",
                    zone.unwrap_or_default(),
                    e.hint()
                ))
            })?;
            let bundle = report::fhir::document(&data, &practice, folder, &letter, &clock)
                .ok_or_else(broken)?;
            out::json(&mut buf, &bundle)?;
        }
        ReportFormat::Pdf => {
            let missing =
                pdf::render_with(&data, &practice.vocab, args.cover, &mut buf).map_err(io_err)?;
            if !missing.is_empty() {
                writeln!(
                    err,
                    "warning: the PDF's font has no letter for {} character{} of the records (drawn as ?); the HTML report (-o FILE.html) shows them",
                    missing.len(),
                    if missing.len() == 1 { "" } else { "s" }
                )
                .map_err(io_err)?;
            }
        }
    }
    match &args.output {
        Some(path) => {
            let path = if path.is_absolute() {
                path.clone()
            } else {
                config.cwd.join(path)
            };
            if let Some(moved) = documents::write(&path, &buf, &practice.root)? {
                writeln!(err, "{}", out::moved_to_documents(&moved)).map_err(io_err)?;
            }
        }
        None => out.write_all(&buf).map_err(io_err)?,
    }
    if args.record {
        // The file's very bytes, as written: what the physician receives.
        let sending = args.sent.as_ref().map(|how| Sending {
            channel: how.channel(),
            fax: sent_fax.clone(),
            on: args.on.filter(|on| *on != config.today),
            sha256: sha256_hex(&buf),
        });
        let id = record(
            config,
            &practice,
            &data,
            format,
            args.id.as_deref(),
            sending.as_ref(),
        )?;
        match &sending {
            Some(s) => writeln!(
                err,
                "recorded report `{id}` to {}, sent {} (SHA-256 {})",
                data.letter.to.name,
                model::sent_words(s.channel, s.fax.as_deref(), s.on.unwrap_or(config.today)),
                s.sha256
            ),
            None => writeln!(err, "recorded report `{id}` to {}", data.letter.to.name),
        }
        .map_err(io_err)?;
    }
    Ok(EXIT_OK)
}

/// How a letter went, for its record.
struct Sending {
    channel: &'static str,
    fax: Option<String>,
    /// The day it went, when not the letter's date.
    on: Option<NaiveDate>,
    sha256: String,
}

/// `report --verify FILE`: which recorded report FILE is, by its SHA-256.
fn verify(
    config: &Config,
    args: &ReportArgs,
    file: &std::path::Path,
    out: &mut dyn Write,
) -> Result<u8> {
    let json = match args.format {
        None | Some(ReportFormat::Text) => false,
        Some(ReportFormat::Json) => true,
        Some(f) => {
            return Err(Error::Usage(format!(
                "--verify answers in text or json, not {}",
                word(f)
            )));
        }
    };
    let shown = text::clean(&file.display().to_string()).into_owned();
    let path = if file.is_absolute() {
        file.to_path_buf()
    } else {
        config.cwd.join(file)
    };
    let opened = std::fs::File::open(&path).and_then(|f| {
        if f.metadata()?.is_file() {
            Ok(f)
        } else {
            Err(std::io::Error::other("not a file"))
        }
    });
    let sha256 = opened
        .and_then(sha256_of)
        .map_err(|e| Error::Usage(format!("--verify {shown}: cannot read it ({e})")))?;
    let practice = config.practice()?;
    let found = sent::matching(&practice, config.today, &sha256, args.patient.as_deref())?;
    if json {
        #[derive(serde::Serialize)]
        struct Verified<'a> {
            file: &'a str,
            sha256: &'a str,
            matches: &'a [sent::Match],
        }
        out::json(
            out,
            &Verified {
                file: &shown,
                sha256: &sha256,
                matches: &found,
            },
        )?;
    } else if found.is_empty() {
        writeln!(
            out,
            "{shown} is no recorded report: no report recorded with --sent has its SHA-256 ({sha256})"
        )
        .map_err(io_err)?;
    } else {
        for m in &found {
            let mut kv = out::KeyValues::default();
            kv.add("file", &shown)
                .add("report", &m.id)
                .add("patient", &m.patient)
                .add("prescription", &m.prescription)
                .add("dated", m.date)
                .add("to", &m.to)
                .opt(
                    "sent",
                    m.sent
                        .as_deref()
                        .map(|c| model::sent_words(c, m.fax.as_deref(), m.sent_on)),
                )
                .add("format", &m.format)
                .add("sha256", &sha256)
                .add("record", &m.file);
            kv.write(out)?;
        }
    }
    Ok(if found.is_empty() {
        EXIT_REFUSED
    } else {
        EXIT_OK
    })
}

/// Writes `patients/ID/reports/DATE-SUFFIX.toml` through the gate: to whom,
/// when, in what format, with what the letter asked (as given with
/// --recommend, or as proposed).
fn record(
    config: &Config,
    practice: &practice::Practice,
    data: &report::Report,
    format: ReportFormat,
    given_id: Option<&str>,
    sending: Option<&Sending>,
) -> Result<String> {
    let mut pending = pending::Pending::open(practice, config.today, &data.patient.id)?;
    let mut rec = model::SentReport {
        id: String::new(),
        patient: data.patient.id.clone(),
        prescription: data.prescription.id.clone(),
        date: config.today,
        to: data.letter.to.name.clone(),
        format: word(format).to_string(),
        // What the letter asked, as given or as proposed.
        recommendation: Some(
            report::letter::action_word(data.letter.recommendation.action).to_string(),
        ),
        request_visits: data
            .letter
            .recommendation
            .renewal
            .as_ref()
            .map(|r| r.visits)
            .or(data.letter.recommendation.request_visits),
        sent: sending.map(|s| s.channel.to_string()),
        fax: sending.and_then(|s| s.fax.clone()),
        sent_on: sending.and_then(|s| s.on),
        sha256: sending.map(|s| s.sha256.clone()),
    };
    let (id, _, _) = pending.create_dated(
        RecordKind::Report,
        config.today,
        given_id,
        Some(&flags::default_flag),
        |_, id, _| {
            rec.id = id.to_string();
            Ok(rec.to_toml())
        },
    )?;
    Ok(id)
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The patient's id (with --verify, the patient to look in; default every patient)
    #[arg(value_parser = parse_patient, required_unless_present = "verify")]
    pub patient: Option<String>,
    /// Prescription (default: the one in force today, else the most recent)
    #[arg(long, value_parser = parse_id, value_name = "RX")]
    pub rx: Option<String>,
    /// Only list sessions on or after DATE (visit counts cover the whole prescription)
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    pub since: Option<NaiveDate>,
    /// Output format (default: text on a terminal, else md; with -o, from the file's extension)
    #[arg(long, value_enum)]
    pub format: Option<ReportFormat>,
    /// Write the report to FILE (atomically) instead of stdout; the format
    /// follows its extension (.pdf, .html, .md, .txt, .json)
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// The therapist's recommendation to the prescriber
    #[arg(long, value_enum, value_name = "WHAT")]
    pub recommend: Option<Recommend>,
    /// Visits to ask the prescriber for (with --recommend continue or renew)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=200))]
    pub request_visits: Option<u32>,
    /// A sentence for the prescriber, printed with the recommendation
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    /// Record that the report was sent: writes patients/ID/reports/DATE-SUFFIX.toml
    /// (to whom, when, format, recommendation), which `expiring` counts from
    #[arg(long)]
    pub record: bool,
    /// Id of the recorded report (with --record; default: the date and a random suffix)
    #[arg(long, value_parser = parse_id, requires = "record")]
    pub id: Option<String>,
    /// How the letter went, recorded with the SHA-256 of the file written
    /// with -o: fax:NUMBER, fax (the prescriber's fax), mail, email or hand
    #[arg(long, value_name = "HOW", value_parser = parse_sent, requires = "record")]
    pub sent: Option<Sent>,
    /// A fax cover sheet before the letter (PDF or HTML): to and from,
    /// the date, the page count and a confidentiality notice; it names no
    /// patient
    #[arg(long)]
    pub cover: bool,
    /// The day it went (with --sent; default: the letter's date)
    #[arg(long, value_parser = parse_date, value_name = "DATE", requires = "sent")]
    pub on: Option<NaiveDate>,
    /// Which recorded report FILE is (by its SHA-256): the patient, the
    /// prescription, the date and how it was sent; exit 1 when none
    #[arg(
        long,
        value_name = "FILE",
        conflicts_with_all = ["rx", "since", "output", "recommend", "request_visits", "note", "record", "cover"]
    )]
    pub verify: Option<PathBuf>,
}

/// `--sent`'s grammar, read by the core.
fn parse_sent(s: &str) -> std::result::Result<Sent, String> {
    Sent::parse(s)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Pdf,
    #[value(alias = "markdown")]
    Md,
    #[value(alias = "htm")]
    Html,
    Json,
    #[value(alias = "txt")]
    Text,
    /// A FHIR R4 Bundle: the PDF letter as a DocumentReference, with what it refers to
    Fhir,
}

/// What the therapist recommends to the prescriber.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Recommend {
    /// Continue the current prescription
    Continue,
    /// Renew the prescription for more visits
    Renew,
    /// Discharge: goals met or care complete
    Discharge,
    /// Refer back for medical review
    Refer,
}
