//! The one gate: a patient's folder reviewed (review.rs: read, rules, locate,
//! sort), the scope of a check (scope.rs: the practice, a tree in git, the
//! patients a change touches), the one way to write (pending.rs), and the
//! rules between records (rules.rs; the course's own in course_rules.rs).

mod course_rules;
pub mod pending;
pub mod review;
pub mod rules;
pub mod scope;
