//! The report as plain text for a terminal: the letter, then the appendix.

use crate::out;
use std::io::Write;

use crate::out::wrapped;

use mmx::report::letter::compose;
use mmx::report::{Report, outline, sparkline};
use mmx::vocab::Vocabulary;

/// A table of the report, fitted to the terminal as every listing is.
fn table(
    out: &mut dyn Write,
    header: &[&'static str],
    rows: &[Vec<String>],
) -> std::io::Result<()> {
    use crate::out::Col;
    // Dates, counts and statuses stay whole; what a narrow window can do
    // without goes first (the prescription, the billing units, then the
    // measures, which the outcomes above sum up); every other column wraps.
    // (A status may be words, `entered in error`: it wraps.)
    let whole = ["date", "min", "pain", "change", "past mcid?", "visits"];
    let cols: Vec<Col> = header
        .iter()
        .map(|h| match h.to_lowercase().as_str() {
            "rx" => Col::Detail(h, 1),
            "units" => Col::Detail(h, 2),
            "measures" => Col::Detail(h, 3),
            lower if whole.contains(&lower) => Col::Key(h),
            _ => Col::Text(h),
        })
        .collect();
    out::table(out, &cols, rows.to_vec()).map_err(std::io::Error::other)
}

pub fn render(r: &Report, vocab: &Vocabulary, out: &mut dyn Write) -> std::io::Result<()> {
    let l = compose(r);
    for line in &l.letterhead {
        writeln!(out, "{}", wrapped(line))?;
    }
    writeln!(out, "\n{}\n", l.date)?;
    for line in &l.to {
        writeln!(out, "{}", wrapped(line))?;
    }
    writeln!(out, "\n{}", wrapped(&l.title))?;
    for line in &l.re {
        writeln!(out, "{}", wrapped(line))?;
    }
    writeln!(out, "\n{}", l.salutation)?;
    if let Some(a) = &l.alert {
        writeln!(out, "\n{}", wrapped(a))?;
    }
    writeln!(out, "\n{}\n", wrapped(&l.summary))?;
    writeln!(out, "Outcomes")?;
    match &l.outcomes {
        Some((header, rows)) => {
            table(out, header, rows)?;
            writeln!(out, "{}", wrapped(&l.outcomes_note))?;
        }
        None => writeln!(out, "No outcome measures recorded.")?,
    }
    if let Some(s) = &l.setbacks {
        writeln!(out, "{}", wrapped(s))?;
    }
    if !l.goals.is_empty() {
        writeln!(out)?;
        for g in &l.goals {
            writeln!(out, "{}", wrapped(g))?;
        }
    }
    writeln!(out, "\n{}", wrapped(&l.compliance))?;
    if let Some(p) = &l.patient_says {
        writeln!(out, "\n{}", wrapped(p))?;
    }
    if let Some(h) = &l.home_programme {
        writeln!(out, "\n{}", wrapped(h))?;
    }
    if let Some(a) = &l.assessment {
        writeln!(out, "\n{}", wrapped(a))?;
    }
    writeln!(out, "\n{}", wrapped(&l.recommendation))?;
    for line in &l.renewal {
        writeln!(out, "{}", wrapped(line))?;
    }
    writeln!(out, "\n{}\n\n\n______________________________", l.closing)?;
    for line in &l.signer {
        writeln!(out, "{line}")?;
    }
    if let Some(reply) = &l.reply {
        writeln!(out, "\n{}", wrapped(&reply.heading))?;
        for c in &reply.choices {
            writeln!(out, "[ ] {c}")?;
        }
        for line in &reply.lines {
            writeln!(out, "\n{}", wrapped(line))?;
        }
    }

    let trend = (!r.pain.series.is_empty()).then(|| {
        format!(
            "{} (pain before each session, 0-10)",
            sparkline(&r.pain.series)
        )
    });
    writeln!(
        out,
        "\n\n{}",
        wrapped(&format!(
            "Appendix: session log for {} ({})",
            r.patient.name, r.practice
        ))
    )?;
    for s in outline(r, vocab, trend) {
        writeln!(
            out,
            "\n{}\n{}",
            s.title,
            "-".repeat(s.title.chars().count())
        )?;
        let mut facts = out::KeyValues::default();
        for (k, v) in &s.facts {
            facts.add(k, v);
        }
        facts.write(out).map_err(std::io::Error::other)?;
        if let Some((header, rows)) = &s.table {
            table(out, header, rows)?;
        }
        for p in &s.paragraphs {
            writeln!(out, "{}", wrapped(p))?;
        }
    }
    Ok(())
}
