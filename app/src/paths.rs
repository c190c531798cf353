//! Every address a page links to, in one place: the routes in `lib.rs` and these helpers
//! change together. Only ids and numbers go into a path, never personal data or user input.

use crate::features::workshop::types::Track;

/// A track's public step page.
pub fn step_href(track: Track, number: u8) -> String {
    format!("/{}/steg/{number}", track.slug())
}

/// A track's public year plan.
pub fn year_plan_href(track: Track) -> String {
    format!("/{}/arsplan", track.slug())
}

/// A group's home.
pub fn group_href(group: &str) -> String {
    format!("/grupper/{group}")
}

/// A group's page for one step.
pub fn group_step_href(group: &str, number: u8) -> String {
    format!("/grupper/{group}/steg/{number}")
}

/// The step's document as it stands, with its finalised versions.
pub fn document_href(group: &str, number: u8) -> String {
    format!("/grupper/{group}/steg/{number}/dokument")
}

/// A field's page: the others' texts and the group answer's saved versions.
pub fn field_href(group: &str, number: u8, task: &str, field: &str) -> String {
    format!("/grupper/{group}/steg/{number}/falt/{task}/{field}")
}

/// A discussion prompt's page: the group's notes under it and the forms.
pub fn prompt_href(group: &str, number: u8, prompt: &str) -> String {
    format!("/grupper/{group}/steg/{number}/fraga/{prompt}")
}

/// One finalised version of a step's document.
pub fn version_href(group: &str, number: u8, version: i32) -> String {
    format!("/grupper/{group}/steg/{number}/dokument/{version}")
}

/// Where a finalised version is downloaded: `…/{format}` after it (pdf, docx, md).
pub fn version_download_href(group: &str, number: u8, version: i32) -> String {
    format!("/grupper/{group}/steg/{number}/dokument/{version}/ladda-ner")
}

/// Where a unit group's kvalitetsrapport is downloaded: `…/{format}` after it.
pub fn report_download_href(group: &str) -> String {
    format!("/grupper/{group}/kvalitetsrapport")
}

/// Where the huvudman's compiled report is downloaded: `…/{format}` after it.
pub fn compiled_download_href(organisation: &str) -> String {
    format!("/organisationer/{organisation}/helhet/rapport")
}

/// An organisation's page.
pub fn organisation_href(organisation: &str) -> String {
    format!("/organisationer/{organisation}")
}

/// One submitted version of a hand-over.
pub fn submission_href(id: &str) -> String {
    format!("/overlamningar/{id}")
}

/// The huvudman's whole picture.
pub fn overview_href(organisation: &str) -> String {
    format!("/organisationer/{organisation}/helhet")
}

/// One step's submissions across units.
pub fn side_by_side_href(organisation: &str, number: u8) -> String {
    format!("/organisationer/{organisation}/helhet/steg/{number}")
}

/// A group's year in dates.
pub fn calendar_href(group: &str) -> String {
    format!("/grupper/{group}/kalender")
}

/// One meeting of a group's year: its day, what to prepare, the leader's form.
pub fn meeting_href(group: &str, step: u8, number: u8) -> String {
    format!("/grupper/{group}/kalender/{step}/{number}")
}

/// The organisation's school holidays.
pub fn holidays_href(organisation: &str) -> String {
    format!("/organisationer/{organisation}/lov")
}

/// The group's school years: closing this one, reading the earlier ones.
pub fn years_href(group: &str) -> String {
    format!("/grupper/{group}/ar")
}

/// One earlier year of the group, read-only: its documents and what it sent.
pub fn past_year_href(group: &str, cycle: &str) -> String {
    format!("/grupper/{group}/ar/{cycle}")
}

/// The organisation's school years: the huvudman opens the next.
pub fn organisation_years_href(organisation: &str) -> String {
    format!("/organisationer/{organisation}/ar")
}
