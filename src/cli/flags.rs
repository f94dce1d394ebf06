//! The command line's words for a record's fields: which flag gave a field,
//! so a finding about a value is reported against the flag.

/// The usual flag of a field: `birth_date` is `--birth-date`, `soap.plan` is
/// `--plan`, `prescriber.npi` is `--npi`, a list's `regions` is `--region`.
pub fn default_flag(field: &str) -> Option<String> {
    let mut parts = field.split('.');
    let head = parts.next()?;
    let tail: Vec<&str> = parts.filter(|p| p.parse::<usize>().is_err()).collect();
    let name = match (head, tail.as_slice()) {
        ("prescriber", ["name"]) => "prescriber".to_string(),
        ("prescriber", ["phone"]) => "prescriber-phone".to_string(),
        ("prescriber", ["npi"]) => "npi".to_string(),
        ("prescriber", ["credential"]) => "credential".to_string(),
        ("prescriber", ["license"]) => "license".to_string(),
        ("prescriber", ["fax"]) => "prescriber-fax".to_string(),
        ("prescriber", ["address"]) => "prescriber-address".to_string(),
        ("soap", [part]) => part.to_string(),
        ("diagnoses", _) => "diagnosis".to_string(),
        ("measures", _) => "measure".to_string(),
        ("targets", _) => "target".to_string(),
        ("overrides", _) | ("override", _) => "override".to_string(),
        ("regions", []) => "region".to_string(),
        ("techniques", []) => "technique".to_string(),
        ("contraindications", []) => "contraindication".to_string(),
        ("goals", []) => "goal".to_string(),
        ("prescription", []) => "rx".to_string(),
        (head, []) => head.replace('_', "-"),
        _ => return None,
    };
    Some(format!("--{name}"))
}
