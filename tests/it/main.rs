//! The one integration-test binary: every module runs against a real server from `spawn_app()`.

mod access;
mod auth;
mod content;
mod database;
mod films;
mod groups;
mod handovers;
mod health;
mod invitations;
mod mail;
mod pages;
mod security;
mod work;
