//! `mmx patient consent`: a consent the patient (or a guardian) signed,
//! appended to the patient's record.

use super::done;
use crate::args::{parse_date, parse_patient};
use crate::config::Config;
use chrono::NaiveDate;
use clap::{Args, ValueEnum};
use mmx::error::{Error, Result};
use mmx::intake::safety::{append_to_patient, entry_flag, withdraw_consents};
use mmx::model::{Consent, ConsentPer, ConsentRule, ConsentScope};
use mmx::practice::Practice;
use std::io::Write;

pub(super) fn consent(
    practice: &Practice,
    config: &Config,
    args: PatientConsentArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8> {
    let scope = match args.scope {
        ScopeArg::Treatment => ConsentScope::Treatment,
        ScopeArg::Sensitive => ConsentScope::Sensitive,
        ScopeArg::Intraoral => ConsentScope::Intraoral,
        ScopeArg::Guardian => ConsentScope::Guardian,
    };
    if !args.regions.is_empty() && scope != ConsentScope::Sensitive {
        return Err(Error::Usage(
            "--region names what a consent of --scope sensitive covers".into(),
        ));
    }
    if args.withdraw {
        let day = args.date.unwrap_or(config.today);
        let regions = practice.vocab.regions_as_given(&args.regions);
        let w = withdraw_consents(
            practice,
            config.today,
            &args.patient,
            scope,
            &regions,
            day,
            Some(&entry_flag),
        )?;
        let n = w.count;
        let mut said = vec![format!(
            "withdrew {n} {} consent{} of patient `{}` on {day}: not in force from that day",
            scope.as_str(),
            if n == 1 { "" } else { "s" },
            args.patient
        )];
        if w.wider {
            said.push(format!(
                "{} covered more than the --region given: record again what the patient still consents to (`mmx patient consent {} --scope sensitive --region REGION --date {day}`)",
                if n == 1 { "it" } else { "one of them" },
                args.patient
            ));
        }
        return done(config, &w.shown, &said, &args.patient, out, err);
    }
    let signed_by = match args.signed_by.filter(|s| !s.trim().is_empty()) {
        Some(s) => s.trim().to_string(),
        None if scope == ConsentScope::Guardian => {
            return Err(Error::Usage(
                "--signed-by must name the parent or guardian who signed".into(),
            ));
        }
        // The patient's own consent, signed in their name.
        None => practice
            .read_patient_record(&args.patient)
            .map(|p| p.name)
            .map_err(|_| {
                Error::Usage(
                    "--signed-by NAME is needed: the patient's record cannot be read".into(),
                )
            })?,
    };
    let consent = Consent {
        date: args.date.unwrap_or(config.today),
        scope,
        regions: practice.vocab.regions_as_given(&args.regions),
        signed_by,
        per: match args.per {
            Some(PerArg::Session) => ConsentPer::Session,
            Some(PerArg::Course) | None => ConsentPer::Course,
        },
        withdrawn: None,
        note: args.note.filter(|n| !n.trim().is_empty()),
    };
    let shown = append_to_patient(
        practice,
        config.today,
        &args.patient,
        &consent.to_toml(),
        None,
        Some(&entry_flag),
    )?;
    let covers = if consent.regions.is_empty() {
        String::new()
    } else {
        format!(" ({})", consent.regions.join(", "))
    };
    let mut said = vec![format!(
        "recorded the {} consent of {} for patient `{}`{covers}, per {}",
        consent.scope.as_str(),
        consent.date,
        args.patient,
        consent.per.as_str()
    )];
    let rule = practice.settings.rules.sensitive_consent;
    if rule == ConsentRule::Off
        && matches!(scope, ConsentScope::Sensitive | ConsentScope::Intraoral)
    {
        said.push(
            "mmx.toml sets no consent rule, so no session is checked against it (`[rules] sensitive_consent`)".into(),
        );
    }
    // Recorded per course, but the practice's rule makes it count on its
    // own day only (as the rules read it): said, or "per course" misleads.
    if rule == ConsentRule::PerSession
        && consent.per == ConsentPer::Course
        && matches!(scope, ConsentScope::Sensitive | ConsentScope::Intraoral)
    {
        said.push(format!(
            "mmx.toml's `[rules] sensitive_consent = \"per-session\"`: it covers the visit on {} only; each later visit to a sensitive region needs its own (`--consent` on `session add`)",
            consent.date
        ));
    }
    done(config, &shown, &said, &args.patient, out, err)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ScopeArg {
    /// Treatment as such
    Treatment,
    /// Treatment of sensitive regions: those given with --region, or all
    Sensitive,
    /// Intraoral work
    Intraoral,
    /// A parent's or guardian's consent to a minor's treatment
    Guardian,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PerArg {
    /// From its date until withdrawn
    Course,
    /// The visit on its date only
    Session,
}

#[derive(Debug, Args)]
pub struct PatientConsentArgs {
    /// The patient's id
    #[arg(value_parser = parse_patient)]
    pub patient: String,
    /// What the consent covers
    #[arg(long, value_enum, value_name = "SCOPE")]
    pub scope: ScopeArg,
    /// A sensitive region it covers (repeatable; none: every sensitive region)
    #[arg(long = "region", value_name = "REGION")]
    pub regions: Vec<String>,
    /// Who signed it (default: the patient, by the record's name; a guardian's consent names the guardian)
    #[arg(long, value_name = "NAME")]
    pub signed_by: Option<String>,
    /// For the course of care (the default), or the one visit on its date
    #[arg(long, value_enum)]
    pub per: Option<PerArg>,
    /// The day it was signed, or withdrawn (default: today)
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    pub date: Option<NaiveDate>,
    /// A note (kept in the record, never shown in an error)
    #[arg(long, value_name = "TEXT", conflicts_with = "withdraw")]
    pub note: Option<String>,
    /// Record that the patient withdrew their consents of --scope (those
    /// covering a --region, when given) in force on --date: not in force
    /// from that day
    #[arg(long, conflicts_with_all = ["signed_by", "per"])]
    pub withdraw: bool,
}
