//! The practice as git holds it: plumbing (repo.rs), a tree in git read as
//! the practice's `Tree` (tree.rs), the findings cache that counts the errors
//! of patients a change does not touch (cache.rs), what git knows of a
//! change beyond its trees (history.rs: blobs, commits, messages), what the
//! pre-commit hook learnt of the index for the commit-msg hook (staged.rs),
//! and mmx's hooks (hooks.rs).

pub mod cache;
pub mod history;
pub mod hooks;
pub mod repo;
mod staged;
pub mod tree;
