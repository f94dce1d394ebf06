//! The JSON type FHIR R4 gives each element of a ServiceRequest mmx reads
//! or knows: a list for an element that repeats, an object for a complex
//! type, a string for a code, a date or text, true or false for a boolean.
//! An element of another type (`"authoredOn": 20261116`, `"note": "..."`)
//! is reported once as what it is and what FHIR has there, then read as
//! absent, so it is neither taken for missing nor quietly lost.

use serde_json::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    List,
    Object,
    Text,
    Boolean,
}

use Shape::{Boolean, List, Object, Text};

/// The elements of a ServiceRequest, by the type FHIR R4 gives them.
const SHAPES: &[(&str, Shape)] = &[
    ("resourceType", Text),
    ("id", Text),
    ("meta", Object),
    ("implicitRules", Text),
    ("language", Text),
    ("text", Object),
    ("contained", List),
    ("extension", List),
    ("modifierExtension", List),
    ("identifier", List),
    ("instantiatesCanonical", List),
    ("instantiatesUri", List),
    ("basedOn", List),
    ("replaces", List),
    ("requisition", Object),
    ("status", Text),
    ("intent", Text),
    ("category", List),
    ("priority", Text),
    ("doNotPerform", Boolean),
    ("code", Object),
    ("orderDetail", List),
    ("quantityQuantity", Object),
    ("quantityRatio", Object),
    ("quantityRange", Object),
    ("subject", Object),
    ("encounter", Object),
    ("occurrenceDateTime", Text),
    ("occurrencePeriod", Object),
    ("occurrenceTiming", Object),
    ("asNeededBoolean", Boolean),
    ("asNeededCodeableConcept", Object),
    ("authoredOn", Text),
    ("requester", Object),
    ("performerType", Object),
    ("performer", List),
    ("locationCode", List),
    ("locationReference", List),
    ("reasonCode", List),
    ("reasonReference", List),
    ("insurance", List),
    ("supportingInfo", List),
    ("specimen", List),
    ("bodySite", List),
    ("note", List),
    ("patientInstruction", Text),
    ("relevantHistory", List),
];

impl Shape {
    fn fits(self, v: &Value) -> bool {
        match self {
            List => v.is_array(),
            Object => v.is_object(),
            Text => v.is_string(),
            Boolean => v.is_boolean(),
        }
    }

    fn words(self) -> &'static str {
        match self {
            List => "a list (`[...]`)",
            Object => "an object (`{...}`)",
            Text => "a string (`\"...\"`)",
            Boolean => "true or false",
        }
    }
}

/// What a JSON value is, in a message's words (never the value itself).
pub(super) fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "true or false",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// The ServiceRequest without its elements of another type than FHIR's,
/// and those elements: each key, what it is and what FHIR has there.
pub(super) fn well_typed(sr: &Value) -> (Value, Vec<(&'static str, &'static str, &'static str)>) {
    let mut clean = sr.clone();
    let mut wrong = Vec::new();
    if let Some(map) = clean.as_object_mut() {
        for (key, shape) in SHAPES {
            if let Some(v) = map.get(*key)
                && !shape.fits(v)
            {
                wrong.push((*key, kind(v), shape.words()));
                map.remove(*key);
            }
        }
    }
    (clean, wrong)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn an_element_of_another_type_is_taken_out_and_named() {
        let sr = json!({ "authoredOn": 20261116, "note": "secret", "status": "active", "bodySite": null });
        let (clean, wrong) = well_typed(&sr);
        assert_eq!(clean, json!({ "status": "active" }));
        assert_eq!(
            wrong,
            vec![
                ("authoredOn", "a number", "a string (`\"...\"`)"),
                ("bodySite", "null", "a list (`[...]`)"),
                ("note", "a string", "a list (`[...]`)"),
            ]
        );
    }
}
