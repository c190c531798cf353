//! Features, one module each: pages, server functions and DTOs side by side.

pub mod auth;
pub mod calendar;
pub mod groups;
pub mod handovers;
pub mod home;
pub mod invitations;
pub mod work;
pub mod workshop;
pub mod years;
