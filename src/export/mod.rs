//! What mmx gives other systems: the practice as a FHIR R4 Bundle (fhir.rs),
//! with body sites coded in SNOMED CT (bodysite.rs).

pub mod bodysite;
pub mod fhir;
pub mod safety;
