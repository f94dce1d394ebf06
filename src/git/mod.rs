//! The practice as git holds it: plumbing (repo.rs), a tree in git read as
//! the practice's `Tree` (tree.rs), the findings cache that counts the errors
//! of patients a change does not touch (cache.rs), and mmx's hooks (hooks.rs).

pub mod cache;
pub mod hooks;
pub mod repo;
pub mod tree;
