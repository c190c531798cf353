//! A group's year in real dates: its meetings placed on days (the leader moves, cancels and
//! places them), the hand-overs' deadlines with the meeting that reads each, the organisation's
//! school holidays, and each person's calendar feed.

pub mod api;
pub mod pages;
pub mod types;
pub mod wheel;
