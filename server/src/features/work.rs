//! The group's work on the steps, by cycle: step states, members' own texts, the group's
//! versioned shared answers and their history, progress, and the step's artefact with its
//! finalised versions.

mod document;
mod mail;
mod service;

pub use service::WorkService;
pub(crate) use service::{Seen, field_key, kept, school_year, state_of, task_progress};
