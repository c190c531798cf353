//! The Verkstad server: the services behind the app's ports, one folder per feature under
//! `features/`, and the shared infrastructure beside them (configuration, database, HTTP
//! middleware, mail and its outbox, background jobs, clock, telemetry, tokens). `main.rs` only
//! wires these together; tests use them directly.

pub mod access;
pub mod audit;
pub mod clock;
pub mod config;
pub mod context;
pub mod db;
pub mod email;
pub mod entities;
pub mod error;
pub mod features;
pub mod flash;
pub mod jobs;
pub mod limits;
pub mod middleware;
pub mod routes;
pub mod standing;
pub mod startup;
pub mod state;
pub mod telemetry;
pub mod text;
pub mod tokens;
