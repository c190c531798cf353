//! Organisations, their groups and the groups' members.

mod service;

pub use service::GroupService;
