//! What the pages know about the person signed in.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SignedInUser {
    /// The user's id (a UUID), as text.
    pub id: String,
    pub email: String,
    pub display_name: String,
    /// A platform administrator (from configuration): sees the platform overview.
    #[serde(default)]
    pub is_admin: bool,
}
