//! Integration tests: the real binary on temp practices.
