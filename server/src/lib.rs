//! The Verkstad server: configuration, HTTP stack, database, content, and the services behind
//! the app's ports. `main.rs` only wires these together; tests use them directly.

pub mod audit;
pub mod auth;
pub mod clock;
pub mod config;
pub mod content;
pub mod db;
pub mod email;
pub mod error;
pub mod groups;
pub mod housekeeping;
pub mod invitations;
pub mod limits;
pub mod middleware;
pub mod routes;
pub mod startup;
pub mod state;
pub mod telemetry;
pub mod text;
