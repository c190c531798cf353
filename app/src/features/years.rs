//! The next year: a group's school years (closing its own, reading the earlier ones) and the
//! organisation's (the huvudman opens the next).

pub mod api;
pub mod pages;
pub mod types;
