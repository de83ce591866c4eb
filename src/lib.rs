//! Dogear: a self-hostable social reading site.
pub mod store;
