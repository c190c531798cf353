//! The five-step workshop: step pages for both tracks, fed by content from `content/`.

pub mod api;
pub mod pages;
pub mod types;
pub mod year_plan;
