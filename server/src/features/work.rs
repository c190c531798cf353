//! The group's work on the steps, by cycle: step states, members' own texts, the group's
//! versioned shared answers and their history, and progress.

mod service;

pub use service::WorkService;
