//! The group's work on the steps: opening steps, each member's own text, the group's shared
//! answers (versioned, so nobody's text is overwritten silently), and progress.

pub mod api;
pub mod autosave;
pub mod document;
pub mod field;
pub mod next;
pub mod pages;
pub mod past;
pub mod prompt;
pub mod types;
