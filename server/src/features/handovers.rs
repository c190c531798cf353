//! Hand-overs between a huvudman and its units: what a unit submits (a copy of a finalised
//! artefact, or a text) with its versions, the huvudman's answers to each version, what the
//! huvudman publishes to all units or chosen ones, and the huvudman's whole picture across
//! units (a matrix of states, the same task side by side, the spread of ratings).

mod commands;
mod mail;
mod overview;
mod pages;
mod service;

pub use service::HandoverService;
