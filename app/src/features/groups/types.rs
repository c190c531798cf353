//! What the group and organisation pages show, and what their forms send.

use crate::features::workshop::types::Track;
pub use crate::shared::{GroupSummary, Role};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum OrganisationKind {
    Kommunal,
    Enskild,
}

impl OrganisationKind {
    pub fn slug(self) -> &'static str {
        match self {
            OrganisationKind::Kommunal => "kommunal",
            OrganisationKind::Enskild => "enskild",
        }
    }

    pub fn parse(slug: &str) -> Option<Self> {
        [OrganisationKind::Kommunal, OrganisationKind::Enskild]
            .into_iter()
            .find(|k| k.slug() == slug)
    }
}

/// The school forms a unit group can cover.
pub const SCHOOL_FORMS: [&str; 5] = [
    "forskola",
    "grundskola",
    "gymnasieskola",
    "fritidshem",
    "anpassad-skola",
];

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MemberView {
    /// The member's user id, for "remove".
    pub id: String,
    /// Whether this member is the person looking.
    pub is_me: bool,
    pub name: String,
    pub email: String,
    pub role: Role,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GroupHome {
    pub group: GroupSummary,
    pub school_forms: Vec<String>,
    pub school_unit_code: Option<String>,
    pub is_owner: bool,
    pub members: Vec<MemberView>,
    /// The group's pending invitations, for those who manage it (its process leaders and the
    /// organisation's owners); `None` for everyone else.
    pub pending: Option<Vec<crate::features::invitations::types::PendingInvitation>>,
    /// The steps in the current cycle, with their states and progress.
    pub progress: crate::features::work::types::GroupProgress,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrganisationOverview {
    pub id: String,
    pub name: String,
    pub kind: OrganisationKind,
    /// The organisation's groups, each with its next move.
    pub groups: Vec<crate::shared::GroupLine>,
    /// What needs the huvudman now.
    pub inbox: crate::shared::Inbox,
}

/// One page of the platform overview: organisations by name, a fixed number per page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlatformPage {
    pub organisations: Vec<PlatformOrganisation>,
    /// From 1.
    pub page: u32,
    pub pages: u32,
    pub total_organisations: u64,
}

/// One organisation as platform administrators see it: structure and counts, no people.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlatformOrganisation {
    pub name: String,
    pub kind: OrganisationKind,
    /// The day it registered (UTC).
    pub registered_on: crate::features::workshop::types::Date,
    pub groups: Vec<PlatformGroup>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlatformGroup {
    pub name: String,
    pub track: Track,
    pub current_step: u8,
    pub members: i64,
    pub pending_invitations: i64,
}

/// A process leader's registration of their organisation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Registration {
    pub your_name: String,
    pub organisation: String,
    pub kind: String,
    /// A small independent school is both: one huvudman and one unit, the same people.
    pub also_unit: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UnitGroupForm {
    pub name: String,
    pub school_forms: Vec<String>,
    pub school_unit_code: String,
    /// The unit's process leader, to be invited; empty when the owner leads it.
    #[serde(default)]
    pub leader_email: String,
}

/// What a unit form sends, as fields `unit[name]`, `unit[forskola]`, …: one checkbox per school
/// form (present when ticked), and on the new-unit form the leader's address.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct UnitFields {
    pub name: String,
    pub school_unit_code: String,
    pub forskola: Option<String>,
    pub grundskola: Option<String>,
    pub gymnasieskola: Option<String>,
    pub fritidshem: Option<String>,
    pub anpassad_skola: Option<String>,
    pub leader_email: Option<String>,
}

impl From<UnitFields> for UnitGroupForm {
    fn from(fields: UnitFields) -> Self {
        let boxes = [
            fields.forskola,
            fields.grundskola,
            fields.gymnasieskola,
            fields.fritidshem,
            fields.anpassad_skola,
        ];
        UnitGroupForm {
            name: fields.name,
            school_forms: SCHOOL_FORMS
                .iter()
                .zip(boxes)
                .filter(|(_, ticked)| ticked.is_some())
                .map(|(form, _)| form.to_string())
                .collect(),
            school_unit_code: fields.school_unit_code,
            leader_email: fields.leader_email.unwrap_or_default(),
        }
    }
}

impl crate::flash_form::FlashForm for crate::flash_form::Returned<Registration> {
    const FORM: &'static str = "register";
}

impl crate::flash_form::FlashForm for crate::flash_form::Returned<UnitGroupForm> {
    const FORM: &'static str = "unit";
}

/// The flash scope of the "new unit" form on an organisation's page.
pub fn new_unit_scope(organisation: impl std::fmt::Display) -> String {
    format!("new:{organisation}")
}

/// The flash scope of a unit group's "details" form.
pub fn unit_scope(group: impl std::fmt::Display) -> String {
    format!("edit:{group}")
}
