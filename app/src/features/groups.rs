//! Organisations (huvudmän), their huvudman group and unit groups, and who is in them.

pub mod api;
pub mod pages;
pub mod types;
