//! The DTOs more than one feature shows: a group as pages name it, and the reader's role in it.
//! A leaf module (it uses only the content's `Track`), so features' DTOs can share these
//! without depending on each other.

use crate::features::workshop::types::Track;
use serde::{Deserialize, Serialize};

/// A person's role in a group.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Role {
    Processledare,
    Deltagare,
}

/// A group as pages name it, with the reader's role.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GroupSummary {
    pub id: String,
    pub name: String,
    pub track: Track,
    pub organisation_id: String,
    pub organisation: String,
    /// The signed-in person's role; `None` for an owner who is not a member.
    pub role: Option<Role>,
}
