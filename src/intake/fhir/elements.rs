//! What a ServiceRequest's elements must be beyond their JSON type (which
//! shape.rs checks): a status FHIR R4 has, one value of a choice element
//! (`occurrence[x]`), extensions and notes of their own shape, one placer
//! order number, and visits counted as visits. Each that is not is a
//! finding at its JSON path, never a guess and never the file's words.

use super::Reader;
use crate::intake::json_spans::{element, member};

/// FHIR R4's request-status value set.
const STATUSES: &[&str] = &[
    "draft",
    "active",
    "on-hold",
    "revoked",
    "completed",
    "entered-in-error",
    "unknown",
];

/// The choice elements of a ServiceRequest mmx reads: each may hold one of
/// its types, never two.
const CHOICES: &[&[&str]] = &[
    &["occurrenceDateTime", "occurrencePeriod", "occurrenceTiming"],
    &["quantityQuantity", "quantityRatio", "quantityRange"],
    &["asNeededBoolean", "asNeededCodeableConcept"],
];

/// Units a Quantity is in when it is a length of time, as UCUM codes and
/// as words: such a quantity is no number of visits.
const TIME_UNITS: &[&str] = &[
    "s", "min", "h", "d", "wk", "mo", "a", "second", "seconds", "minute", "minutes", "hour",
    "hours", "day", "days", "week", "weeks", "month", "months", "year", "years",
];

const UCUM: &str = "http://unitsofmeasure.org";

impl Reader<'_, '_> {
    /// The findings about the ServiceRequest's elements that its JSON types
    /// alone do not tell.
    pub(super) fn check_elements(&mut self) {
        let sr = self.sr;
        if let Some(status) = sr["status"].as_str()
            && !STATUSES.contains(&status)
        {
            let path = self.at("status");
            self.error(
                &path,
                "not a request status FHIR R4 has (draft, active, on-hold, revoked, completed, entered-in-error, unknown)",
                None,
            );
        }
        for choice in CHOICES {
            let given: Vec<&str> = choice
                .iter()
                .copied()
                .filter(|k| sr.get(*k).is_some())
                .collect();
            if let [first, rest @ ..] = given.as_slice() {
                for other in rest {
                    let path = self.at(other);
                    self.error(
                        &path,
                        format!("given beside `{first}`: FHIR allows one of them, and mmx cannot tell which the order means"),
                        Some("ask the sender for a file that says it once".into()),
                    );
                }
            }
        }
        self.check_extensions();
        self.check_notes();
        self.check_placers();
        self.check_visits_unit();
    }

    /// Each extension an object with a `url`: one that is not could be any
    /// of mmx's (an area to avoid, the expiry), so it is not passed over.
    fn check_extensions(&mut self) {
        let base = self.at("extension");
        let bad: Vec<usize> = self.sr["extension"]
            .as_array()
            .into_iter()
            .flatten()
            .enumerate()
            .filter(|(_, e)| !e["url"].is_string())
            .map(|(i, _)| i)
            .collect();
        for i in bad {
            self.error(
                &element(&base, i),
                "not an extension (an object with a `url`): the file is not FHIR here",
                None,
            );
        }
    }

    /// Each note an Annotation whose `text` is a string: a note read as
    /// empty would drop a precaution.
    fn check_notes(&mut self) {
        let base = self.at("note");
        let bad: Vec<usize> = self.sr["note"]
            .as_array()
            .into_iter()
            .flatten()
            .enumerate()
            .filter(|(_, n)| !n["text"].is_string())
            .map(|(i, _)| i)
            .collect();
        for i in bad {
            self.error(
                &element(&base, i),
                "not a note FHIR writes (an object whose `text` is a string): its precaution would be lost",
                None,
            );
        }
    }

    /// One placer order number: two that differ leave the referral's
    /// number (which the export writes back) a guess.
    fn check_placers(&mut self) {
        let placers: Vec<&str> = self.sr["identifier"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|i| {
                i["type"]["coding"]
                    .as_array()
                    .is_some_and(|c| c.iter().any(|c| c["code"] == "PLAC"))
            })
            .filter_map(|i| i["value"].as_str().map(str::trim))
            .collect();
        if placers.iter().any(|p| *p != placers[0]) {
            let path = self.at("identifier");
            self.error(
                &path,
                "several placer order numbers (`PLAC`) that differ: mmx cannot tell which is the order's",
                None,
            );
        }
    }

    /// `quantityQuantity` counts visits: a length of time, or a UCUM unit
    /// that is no count, is another quantity.
    fn check_visits_unit(&mut self) {
        let q = &self.sr["quantityQuantity"];
        let unit = |key: &str| q[key].as_str().map(str::trim).unwrap_or_default();
        let (code, words) = (unit("code"), unit("unit"));
        let is_time =
            |u: &str| TIME_UNITS.iter().any(|t| u.eq_ignore_ascii_case(t)) && !u.is_empty();
        let counted =
            |c: &str| c.is_empty() || c == "1" || (c.starts_with('{') && c.ends_with('}'));
        let ucum_measure = q["system"] == UCUM && !counted(code);
        let culprit = if is_time(code) || ucum_measure {
            "code"
        } else if is_time(words) {
            "unit"
        } else {
            return;
        };
        let path = member(&self.at("quantityQuantity"), culprit);
        self.error(
            &path,
            "a quantity in another unit than visits (a length of time, a measure): mmx counts the visits the order allows",
            Some("ask the sender for the number of visits the order allows, or type the order with `mmx rx add`".into()),
        );
    }
}
