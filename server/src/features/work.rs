//! The group's work on the steps, by cycle: step states, members' own texts, the group's
//! versioned shared answers and their history, progress, and the step's artefact with its
//! finalised versions.

mod answers;
mod commands;
mod document;
mod mail;
mod pages;
mod service;

pub use service::WorkService;
