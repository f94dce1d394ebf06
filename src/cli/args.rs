//! The command line, and nothing else: every flag and its help text. Kept free
//! of behaviour so completions and a man page can be generated from it: the
//! only things it uses besides clap are the grammar of the values it reads
//! (dates, times, ids). Completion candidates from the practice are attached
//! by `commands::completions`, which asks the core.

use mmx::values;
use std::path::PathBuf;

use chrono::{NaiveDate, NaiveTime};
use clap::{Args, Parser, Subcommand, ValueEnum};

use mmx::model::Gender;

/// mmx keeps a medical-massage practice's records as plain TOML files and
/// proves that every session stayed within its prescription.
#[derive(Debug, Parser)]
#[command(name = "mmx", version, about, long_about = None, max_term_width = 100)]
#[command(
    after_help = "Exit status: 0 success or clean, 1 the records say no, 2 the command line or environment is wrong."
)]
pub struct Cli {
    /// The practice folder (default: MMX_DIR, else the nearest folder
    /// upwards holding mmx.toml)
    #[arg(
        long,
        global = true,
        value_name = "DIR",
        help_heading = "Global options"
    )]
    pub dir: Option<PathBuf>,

    /// The date taken as today by every rule and report, YYYY-MM-DD
    /// (default: MMX_TODAY, else the computer's date)
    #[arg(long, global = true, value_name = "DATE", value_parser = parse_date, help_heading = "Global options")]
    pub today: Option<NaiveDate>,

    /// When to colour output
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN", help_heading = "Global options")]
    pub color: ColorChoice,

    /// For a command that adds or changes a record: print each file it
    /// would write, and its findings, and write nothing
    #[arg(long, global = true, help_heading = "Global options")]
    pub dry_run: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour on a terminal, unless NO_COLOR is set
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a practice: the folder, mmx.toml and patients/
    Init(InitArgs),
    /// Patients: add, list, show, edit, and import from a CSV file
    #[command(subcommand)]
    Patient(PatientCommand),
    /// Prescriptions (also `mmx prescription`): add, list, show, edit, and close at discharge
    #[command(subcommand, alias = "prescription")]
    Rx(RxCommand),
    /// Sessions: add, list, show, amend, override a finding with a reason, and void
    #[command(subcommand)]
    Session(SessionCommand),
    /// Check every record and every session against its prescription (in
    /// the folder, or what git holds: --staged, --rev)
    Check(CheckArgs),
    /// A progress report for the prescribing doctor: a one-page letter (outcomes against
    /// the targets, compliance, your recommendation) and the session log as an appendix
    Report(ReportArgs),
    /// Flag prescriptions that expire soon, are low on visits, or lapsed unused: for cron (silent and exit 0 when nothing is due, exit 1 when something is)
    Expiring(ExpiringArgs),
    /// List the regions and techniques this practice accepts
    Vocab(VocabArgs),
    /// Print the JSON Schemas of the record files and mmx.toml, with this
    /// practice's regions and techniques, for editors (taplo, Even Better
    /// TOML); with --out write them (`mmx schema --out .mmx/schema`
    /// refreshes the ones `init` wrote)
    Schema(SchemaArgs),
    /// Export records for other systems
    #[command(subcommand)]
    Export(ExportCommand),
    /// Bring hand-edited records to the form mmx writes: vocabulary terms as
    /// mmx spells them (`Left Knee` is `left-knee`) and keys in mmx's order,
    /// comments and layout kept; through the gate, so no change adds an error
    Fmt(FmtArgs),
    /// Git hooks that check commits, merges and pushes: install them, and
    /// the check a clinic's shared remote runs
    #[command(subcommand)]
    Hook(HookCommand),
    /// Print the shell completion script (bash, zsh, fish, elvish, powershell)
    Completions(CompletionsArgs),
    /// Print the manual page (roff) on stdout, or with --out write one page
    /// for mmx and one for each subcommand (`man mmx-session-add`)
    Man(ManArgs),
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write mmx.1 and mmx-SUBCOMMAND.1 into DIR (created if missing), for
    /// example ~/.local/share/man/man1; prints each file written
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Folder to create the practice in (default: --dir, else the current folder)
    pub path: Option<PathBuf>,
    /// The practice's name (required for a new practice)
    #[arg(long)]
    pub name: Option<String>,
    /// Default therapist recorded on new sessions
    #[arg(long)]
    pub therapist: Option<String>,
    /// The practice's postal address, for the report's letterhead
    #[arg(long, value_name = "TEXT")]
    pub address: Option<String>,
    /// The practice's phone number, for the report's letterhead
    #[arg(long, value_name = "PHONE")]
    pub phone: Option<String>,
    /// The practice's fax number, for the report's letterhead
    #[arg(long, value_name = "FAX")]
    pub fax: Option<String>,
    /// Also make the folder a git repository (or set up the one it is, in a
    /// clone or a worktree): .gitignore and .gitattributes for a practice,
    /// a pre-commit hook that refuses a commit whose records break a rule or
    /// that rewrites a record, a commit-msg hook that refuses one that
    /// deletes a record (but records past their retention period, with an
    /// `Mmx-Destroy:` trailer), and post-merge/post-rewrite hooks that say
    /// what a pull broke
    #[arg(long)]
    pub git: bool,
}

#[derive(Debug, Args)]
pub struct FmtArgs {
    /// The patients whose records to format (default: every patient)
    #[arg(value_parser = parse_patient, value_name = "PATIENT")]
    pub patients: Vec<String>,
    /// Change nothing: list the files that are not in mmx's form, and exit 1
    /// if there is any (for a hook or CI)
    #[arg(long)]
    pub check: bool,
}

#[derive(Debug, Subcommand)]
pub enum HookCommand {
    /// Install mmx's hooks where git runs them (core.hooksPath honoured):
    /// pre-commit, commit-msg, post-merge and post-rewrite in a practice's
    /// repository;
    /// pre-receive in a bare repository (a clinic's shared remote), which
    /// then also refuses pushes that drop commits
    Install(HookInstallArgs),
    /// Check a push as git's pre-receive hook gives it (`OLD NEW REF` lines
    /// on stdin): every commit it brings, each against its parents; exit 1,
    /// refusing the push, when one breaks a rule for a patient it touches
    /// or deletes or rewrites a record
    PreReceive,
    /// Check the records a commit deletes, with its message, as git's
    /// commit-msg hook gives it: exit 1, refusing the commit, unless an
    /// `Mmx-Destroy: patients/ID reason=retention-expired` trailer names
    /// each
    CommitMsg(CommitMsgArgs),
}

#[derive(Debug, Args)]
pub struct CommitMsgArgs {
    /// The file holding the commit's message (the hook's first argument)
    pub message: PathBuf,
}

#[derive(Debug, Args)]
pub struct HookInstallArgs {
    /// The repository: a practice folder, or a bare repository (default:
    /// --dir, else the practice or repository the current folder is in)
    pub repo: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum PatientCommand {
    /// Add a patient; prints the new id
    Add(PatientAddArgs),
    /// List patients
    List(ListArgs),
    /// Show one patient
    Show(ShowArgs),
    /// Add patients from a CSV intake file (`-` for stdin); all rows or none. Prints the new ids
    Import(PatientImportArgs),
    /// Change a patient's details; comments and untouched lines stay as written
    Edit(Box<PatientEditArgs>),
}

/// Each flag changes one field; an empty value (`--email ''`) removes it.
#[derive(Debug, Args)]
pub struct PatientEditArgs {
    /// The patient's id
    #[arg(value_parser = parse_patient)]
    pub id: String,
    /// Full name
    #[arg(long)]
    pub name: Option<String>,
    /// Date of birth (YYYY-MM-DD; '' removes it)
    #[arg(long, visible_alias = "dob", value_parser = parse_date_or_empty, value_name = "DATE")]
    pub birth_date: Option<MaybeDate>,
    /// Administrative gender as a receiving EHR files it: male, female, other or unknown ('' removes it)
    #[arg(long, value_parser = parse_gender_or_empty, value_name = "GENDER")]
    pub gender: Option<MaybeGender>,
    /// Phone number
    #[arg(long)]
    pub phone: Option<String>,
    /// E-mail address
    #[arg(long)]
    pub email: Option<String>,
    /// Postal address
    #[arg(long)]
    pub address: Option<String>,
    /// Whom to call in an emergency, and how
    #[arg(long, value_name = "TEXT")]
    pub emergency_contact: Option<String>,
    /// Add a contraindication (repeatable)
    #[arg(long = "add-contraindication", value_name = "TEXT")]
    pub add_contraindications: Vec<String>,
    /// Remove a contraindication, as written (repeatable)
    #[arg(long = "remove-contraindication", value_name = "TEXT")]
    pub remove_contraindications: Vec<String>,
    #[command(flatten)]
    pub avoid: AvoidArgs,
    /// Notes about the patient (kept in the record, never shown in an error)
    #[arg(long)]
    pub notes: Option<String>,
}

/// What no session may do, on a prescription or (for every prescription)
/// a patient's record: `rx edit` and `patient edit` change the lists.
#[derive(Debug, Args)]
pub struct AvoidArgs {
    /// A body region no session may treat, nor any region inside it or group holding it (repeatable)
    #[arg(long = "avoid-region", value_name = "REGION")]
    pub avoid_regions: Vec<String>,
    /// Take a region off the avoided ones (repeatable)
    #[arg(long = "remove-avoid-region", value_name = "REGION")]
    pub remove_avoid_regions: Vec<String>,
    /// A technique no session may use (repeatable)
    #[arg(long = "avoid-technique", value_name = "TECHNIQUE")]
    pub avoid_techniques: Vec<String>,
    /// Take a technique off the avoided ones (repeatable)
    #[arg(long = "remove-avoid-technique", value_name = "TECHNIQUE")]
    pub remove_avoid_techniques: Vec<String>,
}

#[derive(Debug, Args)]
pub struct PatientAddArgs {
    /// Full name
    #[arg(long)]
    pub name: String,
    /// Date of birth (YYYY-MM-DD)
    #[arg(long, visible_alias = "dob", value_parser = parse_date, value_name = "DATE")]
    pub birth_date: Option<NaiveDate>,
    /// Administrative gender as a receiving EHR files it: male, female, other or unknown
    #[arg(long, value_parser = parse_gender, value_name = "GENDER")]
    pub gender: Option<Gender>,
    /// Id to use (default: slug of name and birth year, e.g. jose-nunez-1975)
    #[arg(long, value_parser = parse_id)]
    pub id: Option<String>,
    /// Phone number
    #[arg(long)]
    pub phone: Option<String>,
    /// E-mail address
    #[arg(long)]
    pub email: Option<String>,
    /// Postal address
    #[arg(long)]
    pub address: Option<String>,
    /// Whom to call in an emergency, and how
    #[arg(long, value_name = "TEXT")]
    pub emergency_contact: Option<String>,
    /// A contraindication (repeatable)
    #[arg(long = "contraindication", value_name = "TEXT")]
    pub contraindications: Vec<String>,
    /// Notes about the patient (kept in the record, never shown in an error)
    #[arg(long)]
    pub notes: Option<String>,
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

#[derive(Debug, Subcommand)]
pub enum SessionCommand {
    /// Record a session; it is checked against the prescription before anything is written. Prints the new id
    Add(Box<SessionAddArgs>),
    /// List sessions
    List(SessionListArgs),
    /// Show one session (PATIENT/SESSION)
    Show(ShowArgs),
    /// Append a dated amendment to a recorded session; what was written stays as it was
    Amend(SessionAmendArgs),
    /// Record why a session's present compliance findings are justified (a doctor's approval, a renewal on its way); appended like an amendment, it excuses those findings only
    Override(SessionOverrideArgs),
    /// Mark a session recorded in error (entered-in-error): it stays in the file and in history, and no longer counts
    Void(SessionVoidArgs),
}

#[derive(Debug, Args)]
pub struct SessionVoidArgs {
    /// The session, as PATIENT/SESSION
    pub id: String,
    /// Why the session was recorded in error
    #[arg(long, value_name = "TEXT")]
    pub reason: String,
    /// Who records it (default: the practice's therapist)
    #[arg(long, value_name = "NAME")]
    pub by: Option<String>,
}

#[derive(Debug, Args)]
pub struct SessionOverrideArgs {
    /// The session, as PATIENT/SESSION
    pub id: String,
    /// Why the findings are justified (who approved what, and when)
    #[arg(long, value_name = "TEXT")]
    pub reason: String,
    /// Who records it (default: the practice's therapist)
    #[arg(long, value_name = "NAME")]
    pub by: Option<String>,
}

#[derive(Debug, Args)]
pub struct SessionAmendArgs {
    /// The session, as PATIENT/SESSION
    pub id: String,
    /// What to add to the record
    #[arg(long, value_name = "TEXT")]
    pub note: String,
    /// Who amends it (default: the practice's therapist)
    #[arg(long, value_name = "NAME")]
    pub by: Option<String>,
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
    /// Therapist (default: [practice] therapist in mmx.toml)
    #[arg(long, value_name = "NAME")]
    pub therapist: Option<String>,
    /// Record a justified deviation from the prescription: the session's compliance findings are named in the file with REASON, and become warnings; any other finding stays an error
    #[arg(long = "override", value_name = "REASON")]
    pub override_reason: Option<String>,
    /// Id to use (default: date and a random suffix)
    #[arg(long, value_parser = parse_id)]
    pub id: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatusArg {
    Completed,
    Cancelled,
    NoShow,
}

#[derive(Debug, Args)]
pub struct SessionListArgs {
    /// Only this patient's sessions
    #[arg(long, value_parser = parse_patient, value_name = "PATIENT")]
    pub patient: Option<String>,
    /// Only the sessions of this prescription
    #[arg(long, value_parser = parse_id, value_name = "RX")]
    pub rx: Option<String>,
    /// Only sessions on or after DATE
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    pub since: Option<NaiveDate>,
    /// Only sessions on or before DATE
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    pub until: Option<NaiveDate>,
    /// Output: a table for people, or JSON for scripts
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Output: a table for people, or JSON for scripts
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The record's id (for a session: PATIENT/SESSION)
    pub id: String,
    /// Output: text for people, or JSON for scripts
    #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
    pub format: ShowFormat,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Output: human (each finding at file:line:column) or JSON for scripts
    #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
    pub format: CheckFormat,
    /// Treat warnings as errors: exit 1 if there is any, naming their codes
    #[arg(long)]
    pub strict: bool,
    /// Print nothing when there are no findings (warnings are still
    /// printed; they fail only with --strict)
    #[arg(short, long)]
    pub quiet: bool,
    /// Every finding in full: findings about files of one kind (their
    /// permissions) are otherwise one line with their fix
    #[arg(short, long)]
    pub verbose: bool,
    /// Check what a commit would record (git's staged index) instead of the
    /// folder, judged on the patients it touches (every patient when it
    /// touches mmx.toml); what the pre-commit hook runs
    #[arg(long, group = "git_source")]
    pub staged: bool,
    /// Check a commit, branch, tag or tree in git instead of the folder:
    /// every patient, or with --base those the change from BASE touches
    #[arg(long, value_name = "REV", group = "git_source")]
    pub rev: Option<String>,
    /// With --staged or --rev: judge only the patients whose files changed
    /// since BASE, a commit or tree (--staged compares with HEAD unless
    /// given one); other patients with errors are counted in one line
    #[arg(long, value_name = "BASE", requires = "git_source")]
    pub base: Option<String>,
    /// With --staged: leave the records the commit deletes to the
    /// commit-msg hook (`mmx hook commit-msg`), which sees the commit's
    /// message and its `Mmx-Destroy:` trailers; what the pre-commit hook runs
    #[arg(long, requires = "staged")]
    pub deletions_later: bool,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The patient's id
    #[arg(value_parser = parse_patient)]
    pub patient: String,
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

#[derive(Debug, Args)]
pub struct ExpiringArgs {
    /// Days ahead (and back, for lapsed ones) to look (default: [alerts] within_days, else 14)
    #[arg(long, value_name = "DAYS", value_parser = parse_days)]
    pub within: Option<u32>,
    /// Flag prescriptions with N or fewer visits left (default: [alerts] visits_left, else 1)
    #[arg(long, value_name = "N", value_parser = parse_visits_left)]
    pub visits_left: Option<u32>,
    /// Output: text for people, or JSON for scripts
    #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
    pub format: ShowFormat,
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

#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Only this file's schema (default: all four, as one JSON object keyed by kind)
    #[arg(value_enum)]
    pub kind: Option<SchemaKind>,
    /// Write KIND.schema.json into DIR (created if missing) instead of
    /// printing; prints each file written
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// A record file kind with a schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SchemaKind {
    /// patients/ID/patient.toml
    Patient,
    /// patients/ID/prescriptions/RX.toml
    Prescription,
    /// patients/ID/sessions/SESSION.toml
    Session,
    /// mmx.toml
    Settings,
}

impl SchemaKind {
    /// The kind's name, as written on the command line.
    pub fn name(self) -> &'static str {
        match self {
            SchemaKind::Patient => "patient",
            SchemaKind::Prescription => "prescription",
            SchemaKind::Session => "session",
            SchemaKind::Settings => "settings",
        }
    }
}

#[derive(Debug, Args)]
pub struct PatientImportArgs {
    /// CSV file whose header row names patient fields (name, birth_date, gender, phone, email, address, emergency_contact, contraindications, notes, id); `-` reads stdin
    #[arg(value_name = "FILE.csv")]
    pub file: PathBuf,
    /// Field delimiter: `,` or `;` (default: whichever the header row uses)
    #[arg(long, value_parser = parse_delimiter, value_name = "CHAR")]
    pub delimiter: Option<u8>,
    /// Change existing patients whose row differs (through `patient edit`, which keeps comments) instead of refusing
    #[arg(long)]
    pub update: bool,
}

#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// A FHIR R4 (4.0.1) Bundle of type collection, as JSON: Patient, Practitioner, ServiceRequest, Encounter, Procedure and Observation resources
    Fhir(ExportFhirArgs),
}

#[derive(Debug, Args)]
pub struct ExportFhirArgs {
    /// Only this patient (default: the whole practice)
    #[arg(value_parser = parse_patient)]
    pub patient: Option<String>,
    /// Write the bundle to FILE (atomically) instead of stdout
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to print the script for
    #[arg(value_enum)]
    pub shell: Shell,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
    Elvish,
    Powershell,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Table,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ShowFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    Human,
    Json,
}

fn parse_delimiter(s: &str) -> Result<u8, String> {
    match s {
        "," | "comma" => Ok(b','),
        ";" | "semicolon" => Ok(b';'),
        _ => Err(format!(
            "{} is not a delimiter mmx reads; use `,` or `;`",
            shown(s)
        )),
    }
}

/// A whole number from `min` to `max`, in words that say what was wrong
/// (`ten`, `2w`, `700`): "expects a whole number of minutes from 1 to 600,
/// got `700`".
fn whole(s: &str, min: u32, max: u32, of: &str) -> Result<u32, String> {
    match s.trim().parse::<i64>() {
        Ok(n) if (i64::from(min)..=i64::from(max)).contains(&n) => Ok(n as u32),
        _ => Err(format!(
            "expects a whole number{of} from {min} to {max}, got {}",
            shown(s)
        )),
    }
}

fn parse_visits(s: &str) -> Result<u32, String> {
    whole(s, 1, 10_000, " of visits")
}

fn parse_visits_left(s: &str) -> Result<u32, String> {
    whole(s, 0, 10_000, " of visits")
}

fn parse_minutes(s: &str) -> Result<u32, String> {
    whole(s, 1, 600, " of minutes")
}

fn parse_days(s: &str) -> Result<u32, String> {
    whole(s, 0, 3650, " of days")
}

/// Pain on the 0-10 numeric rating scale.
fn parse_pain(s: &str) -> Result<u8, String> {
    s.trim()
        .parse::<u8>()
        .ok()
        .filter(|n| *n <= 10)
        .ok_or_else(|| {
            format!(
                "expects a whole number from 0 (no pain) to 10 (the worst imaginable), got {}",
                shown(s)
            )
        })
}

/// Flags people reach for, the flag mmx has for what they mean (clap's own
/// suggestion goes by spelling: `--duration` is not `--region`), and the
/// tip that says so.
const MEANT: &[(&[&str], &str, &str)] = &[
    (
        &["--duration", "--length", "--mins"],
        "--minutes",
        "the session's length is '--minutes N'",
    ),
    (
        &["--time", "--at", "--start-time"],
        "--start",
        "the time it starts is '--start HH:MM'",
    ),
    (
        &["--notes", "--note", "--soap"],
        "--subjective",
        "each part of the SOAP note has its flag: '--subjective', '--objective', '--assessment', '--plan'",
    ),
    (
        &["--birthday", "--born", "--birthdate"],
        "--birth-date",
        "the date of birth is '--birth-date YYYY-MM-DD'",
    ),
    (
        &["--doctor", "--physician", "--referrer"],
        "--prescriber",
        "the prescribing doctor is '--prescriber NAME'",
    ),
    (
        &["--area", "--body-part", "--site", "--regions"],
        "--region",
        "each body region is one '--region REGION'",
    ),
    (
        &["--modality", "--techniques", "--treatment"],
        "--technique",
        "each technique is one '--technique TECHNIQUE'",
    ),
    (
        &["--pain"],
        "--pain-before",
        "pain is '--pain-before N' and '--pain-after N', 0-10",
    ),
    (
        &["--sessions", "--count"],
        "--visits",
        "the number of visits prescribed is '--visits N'",
    ),
    (
        &["--icd", "--icd10", "--dx", "--code"],
        "--diagnosis",
        "an ICD-10-CM code is '--diagnosis CODE'",
    ),
    (
        &["--expiry", "--expiration", "--valid-until"],
        "--expires",
        "the last day it is valid is '--expires YYYY-MM-DD'",
    ),
    (
        &["--days", "--in"],
        "--within",
        "how many days ahead to look is '--within DAYS'",
    ),
    (
        &["--output-file", "--out", "--file"],
        "--output",
        "the file to write is '-o FILE'",
    ),
    (
        &["--mobile", "--cell", "--tel", "--telephone"],
        "--phone",
        "a phone number is '--phone NUMBER'",
    ),
    (
        &["--from", "--after", "--start-date"],
        "--since",
        "the first day is '--since YYYY-MM-DD'",
    ),
    (
        &["--to", "--before", "--end-date"],
        "--until",
        "the last day is '--until YYYY-MM-DD'",
    ),
];

/// For an unknown flag given to `cmd`: the flag it has for what was meant,
/// and the words to say so; or, for `--html` and the like, `--format`.
pub fn meant(cmd: &clap::Command, given: &str) -> Option<String> {
    let given = given.split('=').next().unwrap_or(given);
    let has = |flag: &str| {
        cmd.get_arguments()
            .any(|a| a.get_long().is_some_and(|l| format!("--{l}") == flag))
    };
    if let Some(format) = cmd.get_arguments().find(|a| a.get_long() == Some("format")) {
        let wanted = given.trim_start_matches('-');
        if format
            .get_possible_values()
            .iter()
            .any(|v| v.matches(wanted, true))
        {
            return Some(format!("a format is chosen with '--format {wanted}'"));
        }
    }
    MEANT
        .iter()
        .find(|(words, flag, _)| words.contains(&given) && has(flag))
        .map(|(_, _, tip)| tip.to_string())
}

/// A date, or none (`''`, to remove one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MaybeDate(pub Option<NaiveDate>);

fn parse_date_or_empty(s: &str) -> Result<MaybeDate, String> {
    if s.trim().is_empty() {
        Ok(MaybeDate(None))
    } else {
        parse_date(s).map(|d| MaybeDate(Some(d)))
    }
}

/// A gender flag's value, or '' (remove it).
#[derive(Debug, Clone, Copy)]
pub struct MaybeGender(pub Option<Gender>);

fn parse_gender_or_empty(s: &str) -> Result<MaybeGender, String> {
    if s.trim().is_empty() {
        Ok(MaybeGender(None))
    } else {
        parse_gender(s).map(|g| MaybeGender(Some(g)))
    }
}

/// A gender as [`Gender::parse`] reads it, in any case (`Female`); the file
/// gets its code. The value is not repeated: it may be the patient's own words.
pub fn parse_gender(s: &str) -> Result<Gender, String> {
    Gender::parse(&s.trim().to_lowercase()).ok_or_else(|| format!("not a gender; {}", Gender::RULE))
}

pub fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| {
        format!(
            "{} is not a date; use YYYY-MM-DD, e.g. 2026-03-14",
            shown(s)
        )
    })
}

fn parse_time(s: &str) -> Result<NaiveTime, String> {
    NaiveTime::parse_from_str(s, "%H:%M").map_err(|_| {
        format!(
            "{} is not a time; use HH:MM (24-hour), e.g. 09:30",
            shown(s)
        )
    })
}

fn parse_frequency(s: &str) -> Result<mmx::model::Frequency, String> {
    mmx::model::Frequency::parse(s).ok_or_else(|| {
        format!(
            "{} is not a frequency mmx can check; write {}",
            shown(s),
            mmx::model::Frequency::GRAMMAR
        )
    })
}

/// A patient as named on the command line: an id, or a name (with which
/// mmx says the ids it may mean); never empty, never a control character.
fn parse_patient(s: &str) -> Result<String, String> {
    if s.trim().is_empty() || s.chars().any(char::is_control) || s.len() > 200 {
        return Err(
            "expects a patient's id (or name), e.g. jose-nunez-1975; `mmx patient list` shows them"
                .to_string(),
        );
    }
    Ok(s.to_string())
}

pub fn parse_id(s: &str) -> Result<String, String> {
    if values::is_slug(s) {
        Ok(s.to_string())
    } else {
        Err(format!("{} is not an id: {}", shown(s), values::SLUG_RULE))
    }
}

/// A flag's value as a message may quote it (see `diag::quoted`).
fn shown(s: &str) -> String {
    mmx::diag::quoted(s, "the value")
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }
}

#[cfg(test)]
mod help_tests {
    use clap::CommandFactory;

    /// Every flag and argument says what it takes and in what form.
    #[test]
    fn every_argument_has_help() {
        fn walk(cmd: &clap::Command, path: &str, missing: &mut Vec<String>) {
            for a in cmd.get_arguments() {
                let id = a.get_id().as_str();
                if id == "help" || id == "version" || a.is_hide_set() {
                    continue;
                }
                if a.get_help().is_none() {
                    missing.push(format!("{path} {id}"));
                }
            }
            for s in cmd.get_subcommands() {
                if s.get_about().is_none() {
                    missing.push(format!("{path} {} (no about)", s.get_name()));
                }
                walk(s, &format!("{path} {}", s.get_name()), missing);
            }
        }
        let mut missing = Vec::new();
        walk(&super::Cli::command(), "mmx", &mut missing);
        assert!(missing.is_empty(), "no help text:\n{}", missing.join("\n"));
    }
}
