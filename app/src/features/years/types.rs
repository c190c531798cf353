//! What the years' pages show.

use crate::features::{groups::types::GroupSummary, workshop::types::Date};
use serde::{Deserialize, Serialize};

/// `/grupper/{id}/ar`: the group's school year and its earlier ones.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct YearsPage {
    pub group: GroupSummary,
    pub leads: bool,
    /// The year the group works in (or, closed, last worked in); `None` before any.
    pub current: Option<String>,
    /// The group's leader has closed `current`.
    pub closed: bool,
    /// Step 5 of `current` is done: the year can simply be closed.
    pub step5_done: bool,
    /// The next year, once the organisation has opened it.
    pub next: Option<String>,
    /// Years the group has closed, newest first.
    pub earlier: Vec<EarlierYear>,
}

/// A year the group has closed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EarlierYear {
    /// The cycle's id: the year's own page.
    pub id: String,
    pub label: String,
    pub closed_on: Option<Date>,
    /// Closed before step 5 was done, with the rest carried on.
    pub moved_on: bool,
}

/// `/organisationer/{id}/ar`: the organisation's school years.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrganisationYears {
    pub organisation_id: String,
    pub organisation: String,
    /// Owners and the huvudman group's process leaders open the next year.
    pub may_open: bool,
    /// Every year opened, newest first.
    pub years: Vec<String>,
    /// The year opening would start, or `None` when next year is already open.
    pub opens: Option<String>,
    /// Groups still finishing an earlier year than the newest, by name.
    pub finishing: Vec<Finishing>,
}

/// A group still working in an earlier year.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Finishing {
    pub group_id: String,
    pub name: String,
    pub year: String,
}
