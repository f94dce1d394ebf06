//! How an error ends a run: its words, with the command line's hints (the
//! flags and commands that get out of it), and its exit code (0 success or
//! clean, 1 the records say no, 2 the command line or environment is wrong).

use std::io::{self, Write};

use mmx::error::{EXIT_REFUSED, EXIT_USAGE, Error};
use mmx::practice::SETTINGS_FILE;
use mmx::practice::store::DEFAULT_LOCK_WAIT;
use mmx::text;

/// Says `e` on stderr (labelled, in colour when asked) and gives its exit code.
pub fn report(e: &Error, color: bool) -> u8 {
    report_to(&mut io::stderr(), e, color)
}

/// [`report`] to `err`.
pub fn report_to(err: &mut dyn Write, e: &Error, color: bool) -> u8 {
    let label = if color {
        "\x1b[1;31merror\x1b[0m"
    } else {
        "error"
    };
    // A message may hold a path or a value from the environment: nothing in
    // it acts on the terminal.
    let _ = writeln!(err, "{label}: {}", text::clean(&words(e)));
    let _ = err.flush();
    code(e)
}

/// The error's words, with the hint that gets out of it.
pub fn words(e: &Error) -> String {
    match e {
        Error::NoPractice { .. } => format!(
            "{e}\n  hint: create one with `mmx init DIR --name \"Practice name\"`, \
             or point at one with `--dir DIR` or MMX_DIR"
        ),
        Error::NotAPractice { dir } => {
            // Inside one (`--dir practice/patients`): the practice is above.
            match dir
                .ancestors()
                .skip(1)
                .find(|d| d.join(SETTINGS_FILE).is_file())
            {
                Some(root) => format!(
                    "{e}\n  hint: it is inside the practice in {}: `--dir {}`",
                    root.display(),
                    root.display()
                ),
                None => format!(
                    "{e}\n  hint: create one with `mmx init {} --name \"Practice name\"`, or fix --dir / MMX_DIR",
                    dir.display()
                ),
            }
        }
        Error::Locked { waited, .. } => {
            let text = e.to_string();
            let text = if waited.as_secs() == 0 {
                text.replacen("did not wait", "did not wait (MMX_LOCK_TIMEOUT is 0)", 1)
            } else {
                text
            };
            format!(
                "{text}\n  hint: run the command again when the other is done; MMX_LOCK_TIMEOUT sets \
                 how many seconds to wait (default {})",
                DEFAULT_LOCK_WAIT.as_secs()
            )
        }
        _ => e.to_string(),
    }
}

/// The exit code of a run that ends with `e`.
pub fn code(e: &Error) -> u8 {
    match e {
        Error::Usage(_)
        | Error::NoPractice { .. }
        | Error::NotAPractice { .. }
        | Error::Io { .. }
        | Error::Locked { .. }
        | Error::Settings { .. }
        | Error::Flags { .. } => EXIT_USAGE,
        Error::Exists { .. }
        | Error::NotFound { .. }
        | Error::Refused { .. }
        | Error::Blocked { .. }
        | Error::Incomplete { .. }
        | Error::NotExported { .. }
        | Error::Records(_) => EXIT_REFUSED,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_codes_follow_the_contract() {
        let locked = Error::Locked {
            path: "x".into(),
            patient: "a".into(),
            waited: std::time::Duration::ZERO,
        };
        let exists = Error::Exists {
            what: "patient",
            id: "a".into(),
            path: "p".into(),
        };
        let not_found = Error::NotFound {
            what: "patient",
            id: "a".into(),
            hint: String::new(),
        };
        let refused = Error::Refused {
            diagnostics: vec![],
        };
        assert_eq!(code(&Error::Usage("x".into())), 2);
        assert_eq!(code(&Error::NoPractice { from: ".".into() }), 2);
        assert_eq!(code(&Error::io("x", std::io::Error::other("e"))), 2);
        assert_eq!(code(&locked), 2);
        assert_eq!(code(&exists), 1);
        assert_eq!(code(&not_found), 1);
        assert_eq!(code(&refused), 1);
    }

    #[test]
    fn a_lock_that_was_not_waited_for_says_why() {
        let locked = Error::Locked {
            path: "x".into(),
            patient: "a".into(),
            waited: std::time::Duration::ZERO,
        };
        let w = words(&locked);
        assert!(w.contains("did not wait (MMX_LOCK_TIMEOUT is 0)"), "{w}");
        assert!(w.contains("MMX_LOCK_TIMEOUT sets how many seconds"), "{w}");
    }
}
