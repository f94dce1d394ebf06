//! One module per subcommand; `run` dispatches.

pub mod check;
pub mod completions;
pub mod expiring;
pub mod export;
pub mod fmt;
pub mod hook;
pub mod init;
pub mod patient;
pub mod report;
pub mod rx;
pub mod schema;
pub mod session;
pub mod vocab;

use mmx::error::Error;
use mmx::values;
use std::io::Write;

use crate::args::Command;
use crate::config::Config;
use mmx::error::Result;

/// Runs one command; `Ok` carries the exit status (check may return 1).
pub fn run(
    config: &Config,
    command: Command,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8> {
    if config.dry_run && !writes_records(&command) {
        return Err(Error::Usage(
            "--dry-run is for the commands that add or change records: patient add|edit|import, rx add|edit|close|import, session add|amend|override|void, fmt".into(),
        ));
    }
    let mut command = command;
    named_patients(config, &mut command)?;
    match command {
        Command::Init(args) => init::run(config, args, err),
        Command::Patient(c) => patient::run(config, c, out, err),
        Command::Rx(c) => rx::run(config, c, out, err),
        Command::Session(c) => session::run(config, c, out, err),
        Command::Check(args) => check::run(config, args, out),
        Command::Report(args) => report::run(config, args, out, err),
        Command::Expiring(args) => expiring::run(config, args, out, err),
        Command::Vocab(args) => vocab::run(config, args, out),
        Command::Schema(args) => schema::run(config, args, out),
        Command::Export(c) => export::run(config, c, out, err),
        Command::Hook(c) => hook::run(config, c, out, err),
        Command::Fmt(args) => fmt::run(config, args, out, err),
        Command::Completions(args) => completions::script(args.shell, out),
        Command::Man(args) => completions::man(args, out),
    }
}

/// The patients a command names, each made the id of the patient it names
/// (an id, or a name as the record has it, when one patient alone has it:
/// `mmx report "Eleanor Whitcombe"`; see `Practice::patient_named`). The
/// practice is opened only when a value is not an id.
fn named_patients(config: &Config, command: &mut Command) -> Result<()> {
    use crate::commands::export::ExportCommand as E;
    use crate::commands::patient::PatientCommand as P;
    use crate::commands::rx::RxCommand as R;
    use crate::commands::session::SessionCommand as S;
    let named: Vec<&mut String> = match command {
        Command::Report(a) => a.patient.iter_mut().collect(),
        Command::Export(E::Fhir(a)) => a.patient.iter_mut().collect(),
        Command::Fmt(a) => a.patients.iter_mut().collect(),
        Command::Patient(P::Show(a)) => vec![&mut a.id],
        Command::Patient(P::Edit(a)) => vec![&mut a.id],
        Command::Rx(R::Add(a)) => vec![&mut a.patient],
        Command::Rx(R::List(a)) => a.patient.iter_mut().collect(),
        Command::Session(S::Add(a)) => vec![&mut a.patient],
        Command::Session(S::List(a)) => a.patient.iter_mut().collect(),
        _ => Vec::new(),
    };
    let mut practice = None;
    for given in named {
        if values::is_slug(given) {
            // An id: the command says if there is no such patient.
            continue;
        }
        let p = match practice.get_or_insert_with(|| config.practice()) {
            Ok(p) => p,
            // The command says what is wrong with the practice.
            Err(_) => return Ok(()),
        };
        *given = p.patient_named(given)?;
    }
    Ok(())
}

/// Whether a command adds or changes records, all through the gate (so
/// `--dry-run` can show what it would write).
fn writes_records(command: &Command) -> bool {
    use crate::commands::patient::PatientCommand as P;
    use crate::commands::rx::RxCommand as R;
    use crate::commands::session::SessionCommand as S;
    matches!(
        command,
        Command::Patient(P::Add(_) | P::Edit(_) | P::Import(_))
            | Command::Rx(R::Add(_) | R::Edit(_) | R::Close(_) | R::Import(_))
            | Command::Session(S::Add(_) | S::Amend(_) | S::Override(_) | S::Void(_))
            | Command::Fmt(_)
    )
}
