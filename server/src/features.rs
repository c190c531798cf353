//! The features, mirroring `app/src/features/`: each folder holds a feature's service (the
//! port the app calls), its queries and its mail. Shared infrastructure sits beside `features/`.

pub mod auth;
pub mod calendar;
pub mod exports;
pub mod groups;
pub mod handovers;
pub mod invitations;
pub mod notices;
pub mod work;
pub mod workshop;
pub mod years;
