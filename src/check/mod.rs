//! The one gate: a patient's folder reviewed (review.rs: read, rules, locate,
//! sort), the scope of a check (scope.rs: the practice, a tree in git, the
//! patients a change touches), the one way to write (pending.rs), and the
//! rules between records (rules.rs; a course's own in course_rules.rs); in git, how a record may change from one
//! version to the next (history.rs) and what a checkout would make of the
//! tree (checkout.rs), and the judgement of a push, commit by commit (push.rs).

pub mod checkout;
mod course_rules;
pub mod history;
mod home_care;
pub mod pending;
pub mod push;
pub mod review;
pub mod rules;
pub mod safety;
pub mod scope;
pub mod times;
mod ways;
