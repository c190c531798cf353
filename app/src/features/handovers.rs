//! Hand-overs between a huvudman and its units: what units submit and the huvudman answers,
//! what the huvudman publishes, the huvudman's whole picture (matrix, side by side, charts),
//! and each person's choice of mail about it.

pub mod api;
pub mod compare;
pub mod inbox;
pub mod overview;
pub mod pages;
pub mod settings;
pub mod types;
