//! `mmx vocab`: the regions, techniques and measures this practice accepts.

use clap::Args;
use mmx::diag;
use mmx::error::Error;
use mmx::vocab::flags;
use mmx::vocab::home_care;
use mmx::vocab::icd;
use mmx::vocab::measures;
use std::io::Write;

use serde::Serialize;

use crate::args::ShowFormat;
use crate::config::Config;
use crate::out::{self, io_err};
use mmx::error::{EXIT_OK, Result};
use mmx::vocab::{self, GROUPS, MIDLINE, PAIRED, REGION_ALIASES, SIDED_MIDLINE, TECHNIQUES};

#[derive(Serialize)]
struct Listing<'a> {
    version: u32,
    midline_regions: &'a [&'a str],
    /// Midline regions that may also be written left- or right-.
    sided_midline_regions: &'a [&'a str],
    paired_regions: &'a [&'a str],
    region_aliases: Vec<RegionAlias<'a>>,
    groups: &'a [&'a str],
    practice_regions: &'a [String],
    techniques: Vec<Technique<'a>>,
    practice_techniques: &'a [String],
    /// Outcome measures, built-in then the practice's own.
    measures: &'a [measures::MeasureDef],
    /// The motions a range of motion (`rom`) is measured in.
    motions: &'a [&'a str],
    diagnoses: Diagnoses,
    /// The health screening's red flags, what each requires, and consent.
    screening: Screening<'a>,
    /// The kinds of a home programme's items, and the adherence words.
    home_care: HomeCareWords<'a>,
}

#[derive(Serialize)]
struct HomeCareWords<'a> {
    kinds: &'a [home_care::Kind],
    adherence: &'a [&'a str],
}

#[derive(Serialize)]
struct Screening<'a> {
    version: u32,
    red_flags: &'a [flags::RedFlag],
    consent_scopes: &'a [&'a str],
    /// The practice's `[rules] sensitive_regions` (the default list when it sets none).
    sensitive_regions: &'a [String],
}

/// The ICD-10-CM release diagnoses are checked against.
#[derive(Serialize)]
struct Diagnoses {
    release: &'static str,
    codes: usize,
    billable: usize,
}

#[derive(Serialize)]
struct RegionAlias<'a> {
    alias: &'a str,
    region: &'a str,
}

#[derive(Serialize)]
struct Technique<'a> {
    id: &'a str,
    aliases: &'a [&'a str],
}

pub fn run(config: &Config, args: VocabArgs, out: &mut dyn Write) -> Result<u8> {
    let practice = config.practice()?;
    if let Some(prefix) = &args.diagnoses {
        return diagnoses(prefix, args.format, out);
    }
    let (codes, billable) = icd::counts();
    let extra = &practice.settings.vocabulary;
    let listing = Listing {
        version: vocab::VERSION,
        midline_regions: MIDLINE,
        sided_midline_regions: SIDED_MIDLINE,
        paired_regions: PAIRED,
        region_aliases: REGION_ALIASES
            .iter()
            .map(|(alias, region)| RegionAlias { alias, region })
            .collect(),
        groups: GROUPS,
        practice_regions: &extra.regions,
        techniques: TECHNIQUES
            .iter()
            .map(|(id, aliases)| Technique { id, aliases })
            .collect(),
        practice_techniques: &extra.techniques,
        measures: practice.vocab.measures(),
        motions: measures::MOTIONS,
        diagnoses: Diagnoses {
            release: icd::release(),
            codes,
            billable,
        },
        screening: Screening {
            version: flags::FLAGS_VERSION,
            red_flags: flags::FLAGS,
            consent_scopes: flags::CONSENT_SCOPES,
            sensitive_regions: &practice.settings.rules.sensitive_regions,
        },
        home_care: HomeCareWords {
            kinds: home_care::KINDS,
            adherence: home_care::ADHERENCE,
        },
    };
    if args.format == ShowFormat::Json {
        return out::json(out, &listing).map(|_| EXIT_OK);
    }
    let mut out = out::Wrapping::new(out, out::stdout_width());
    let mut w = |s: String| writeln!(out, "{s}").map_err(io_err);
    w(format!("vocabulary version {}", listing.version))?;
    w(format!(
        "\nmidline regions (no side):\n  {}",
        MIDLINE.join(", ")
    ))?;
    w(format!(
        "  (also left- or right-: {})",
        SIDED_MIDLINE.join(", ")
    ))?;
    w(format!(
        "\npaired regions (write left-, right- or bilateral-):\n  {}",
        PAIRED.join(", ")
    ))?;
    let aliases: Vec<String> = REGION_ALIASES
        .iter()
        .map(|(a, r)| format!("{a} = {r}"))
        .collect();
    w(format!(
        "\nwords read as regions (a paired one takes a side, e.g. left-calf):\n  {}",
        aliases.join(", ")
    ))?;
    w(format!("\ngroups:\n  {}", GROUPS.join(", ")))?;
    if !extra.regions.is_empty() {
        w(format!(
            "\npractice regions (mmx.toml):\n  {}",
            extra.regions.join(", ")
        ))?;
    }
    w("\ntechniques (aliases):".into())?;
    for (id, aliases) in TECHNIQUES {
        if aliases.is_empty() {
            w(format!("  {id}"))?;
        } else {
            w(format!("  {id} ({})", aliases.join(", ")))?;
        }
    }
    if !extra.techniques.is_empty() {
        w(format!(
            "\npractice techniques (mmx.toml):\n  {}",
            extra.techniques.join(", ")
        ))?;
    }
    w(format!(
        "\ndiagnoses: {} ({codes} codes, {billable} billable; `mmx vocab --diagnoses PREFIX` lists them)",
        icd::release()
    ))?;
    w("\nmeasures (--measure MEASURE[:SITE][:MOTION_OR_ITEM]=VALUE):".into())?;
    for m in practice.vocab.measures() {
        use mmx::vocab::measures::{Better, Needs, number};
        let needs = match m.needs {
            Needs::Nothing => "",
            Needs::OptionalSite => ", site optional",
            Needs::Site => ", needs a site",
            Needs::SiteAndMotion => ", needs a site and a motion",
            Needs::Item => ", needs the patient's activity",
        };
        let better = match m.better {
            Better::Higher => "higher is better",
            Better::Lower => "lower is better",
        };
        let mcid = m
            .mcid
            .map_or_else(|| "no MCID".to_string(), |v| format!("MCID {}", number(v)));
        w(format!(
            "  {}  {}: {} to {} ({}), {better}, {mcid}{needs}",
            m.id,
            m.label,
            number(m.min),
            number(m.max),
            measures::unit_word(&m.unit),
        ))?;
    }
    w(format!(
        "\nmotions (rom):\n  {}",
        measures::MOTIONS.join(", ")
    ))?;
    w(format!(
        "\nred flags (screening vocabulary version {}; `mmx patient screen --flag FLAG`):",
        flags::FLAGS_VERSION
    ))?;
    for f in flags::FLAGS {
        let care = if f.precaution.is_empty() {
            String::new()
        } else {
            format!("; {}", f.precaution)
        };
        w(format!(
            "  {}  {}: requires {}{care}",
            f.id,
            f.label,
            f.requires.words()
        ))?;
    }
    w(format!(
        "\nsensitive regions (a consent covers them where [rules] sensitive_consent is on):\n  {}",
        practice.settings.rules.sensitive_regions.join(", ")
    ))?;
    w(format!(
        "consent scopes: {}",
        flags::CONSENT_SCOPES.join(", ")
    ))?;
    w("\nhome care (--home-care KIND:REGION[:DOSE[:FREQUENCY]]; aliases):".into())?;
    for k in home_care::KINDS {
        if k.aliases.is_empty() {
            w(format!("  {}", k.id))?;
        } else {
            w(format!("  {} ({})", k.id, k.aliases.join(", ")))?;
        }
    }
    w(format!(
        "adherence (--adherence): {}",
        home_care::ADHERENCE.join(", ")
    ))?;
    Ok(EXIT_OK)
}

/// `mmx vocab --diagnoses PREFIX`: the release's codes under a prefix.
fn diagnoses(prefix: &str, format: ShowFormat, out: &mut dyn Write) -> Result<u8> {
    let found = icd::starting_with(prefix.trim());
    if found.is_empty() {
        return Err(Error::Usage(format!(
            "--diagnoses {}: no code of {} starts with it",
            diag::quoted(prefix, "(the value given)"),
            icd::release()
        )));
    }
    if format == ShowFormat::Json {
        return out::json(out, &found).map(|_| EXIT_OK);
    }
    let mut out = out::Wrapping::new(out, out::stdout_width());
    for e in &found {
        let mark = if e.billable { "" } else { "  (category)" };
        writeln!(out, "{:<9}{}{mark}", e.code, e.description).map_err(io_err)?;
    }
    Ok(EXIT_OK)
}

#[derive(Debug, Args)]
pub struct VocabArgs {
    /// Output: text for people, or JSON for scripts
    #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
    pub format: ShowFormat,
    /// List the ICD-10-CM codes that start with PREFIX (M54.1, M54), with their official descriptions
    #[arg(long, value_name = "PREFIX")]
    pub diagnoses: Option<String>,
}
