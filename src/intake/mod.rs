//! New records and changes from what a person gives: a new patient from
//! flags or a CSV row (draft.rs), a CSV intake file as a plan (csv.rs), a
//! change to a record as data applied through the editor (change.rs), the
//! doctor's order kept on file (order.rs), a referral from the referrer's
//! system (fhir.rs, whose patient referral.rs finds).

pub mod change;
pub mod columns;
pub mod csv;
pub mod dates;
pub mod draft;
pub mod fhir;
mod json_spans;
pub mod order;
pub mod referral;
pub mod safety;
