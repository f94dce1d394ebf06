//! Who records: the therapist at this computer. `mmx.toml` is shared by
//! every clone of a practice, so its `[practice] therapist` can only name
//! the author in a practice of one therapist; in a clinic each therapist
//! says who they are on their own computer (the command line reads it from
//! `MMX_THERAPIST` or git's `mmx.therapist`). A record's author is never
//! guessed.

use crate::model::Settings;

/// The therapist this computer says it is, and where it said so (an
/// environment variable, git's config), for a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub name: String,
    pub from: &'static str,
}

/// Who records, as far as the practice and this computer say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Author {
    /// This therapist.
    Named(String),
    /// The practice names no therapist at all: a record has no author
    /// unless one is given.
    Nobody,
    /// `[[therapists]]` lists these, and this computer has not said which
    /// one it is: a command that records an author must be told.
    Unsettled(Vec<String>),
}

/// What is wrong with the identity this computer gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotListed {
    pub identity: Identity,
    pub listed: Vec<String>,
}

/// The author for `identity` in a practice with these settings: the
/// identity when given (and, when the practice lists its therapists, one of
/// them); otherwise, in a practice of at most one therapist, `[practice]
/// therapist` or the one listed; in a clinic of several, [`Author::Unsettled`].
pub fn author(settings: &Settings, identity: Option<Identity>) -> Result<Author, NotListed> {
    let listed: Vec<String> = settings.therapists.iter().map(|t| t.name.clone()).collect();
    if let Some(identity) = identity {
        return match settings.therapist(&identity.name) {
            Some(t) => Ok(Author::Named(t.name.clone())),
            None if listed.is_empty() => Ok(Author::Named(identity.name.trim().to_string())),
            None => Err(NotListed { identity, listed }),
        };
    }
    if listed.len() > 1 {
        return Ok(Author::Unsettled(listed));
    }
    Ok(settings
        .practice
        .therapist
        .clone()
        .filter(|t| !t.trim().is_empty())
        .or_else(|| listed.into_iter().next())
        .map_or(Author::Nobody, Author::Named))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Therapist;

    fn settings(default: Option<&str>, listed: &[&str]) -> Settings {
        let mut s = Settings::default();
        s.practice.therapist = default.map(str::to_string);
        s.therapists = listed
            .iter()
            .map(|n| Therapist {
                name: n.to_string(),
                ..Default::default()
            })
            .collect();
        s
    }

    fn me(name: &str) -> Option<Identity> {
        Some(Identity {
            name: name.into(),
            from: "MMX_THERAPIST",
        })
    }

    #[test]
    fn a_clinic_of_several_never_takes_the_shared_default() {
        let clinic = settings(Some("Ines Ortega"), &["Ines Ortega", "Sam Park"]);
        assert_eq!(
            author(&clinic, None),
            Ok(Author::Unsettled(vec![
                "Ines Ortega".into(),
                "Sam Park".into()
            ]))
        );
        assert_eq!(
            author(&clinic, me(" Sam Park ")),
            Ok(Author::Named("Sam Park".into()))
        );
        let err = author(&clinic, me("Sam")).unwrap_err();
        assert_eq!(err.listed.len(), 2);
    }

    #[test]
    fn a_practice_of_one_takes_its_default_or_its_one_therapist() {
        assert_eq!(
            author(&settings(Some("Ines Ortega"), &[]), None),
            Ok(Author::Named("Ines Ortega".into()))
        );
        assert_eq!(
            author(&settings(None, &["Sam Park"]), None),
            Ok(Author::Named("Sam Park".into()))
        );
        assert_eq!(author(&settings(None, &[]), None), Ok(Author::Nobody));
        // Unlisted practices take whoever this computer says.
        assert_eq!(
            author(&settings(Some("Ines Ortega"), &[]), me("Sam Park")),
            Ok(Author::Named("Sam Park".into()))
        );
    }
}
