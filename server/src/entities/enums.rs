//! The closed sets of values some text columns hold, as active enums. Each is stored as the
//! same lower-case slug the raw SQL writes, in the column's own `VARCHAR(16)`.

use sea_orm::entity::prelude::*;

/// A member's role in one group (`memberships.role`), and the role an invitation grants when it
/// is accepted (`invitations.role`): the same slugs, copied from one to the other.
#[derive(Clone, Copy, Debug, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum MembershipRole {
    /// Leads the group: invites, removes members, moves through the steps.
    #[sea_orm(string_value = "processledare")]
    Processledare,
    /// Takes part in the group's work.
    #[sea_orm(string_value = "deltagare")]
    Deltagare,
}

/// Where an invitation stands (`invitations.status`). Expiry is not a status: a pending
/// invitation whose `expires_at` has passed is expired.
#[derive(Clone, Copy, Debug, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum InvitationStatus {
    /// Sent and not yet answered; at most one per group and address (partial unique index).
    #[sea_orm(string_value = "pending")]
    Pending,
    /// Used: the invitee is now a member.
    #[sea_orm(string_value = "accepted")]
    Accepted,
    /// Withdrawn by a leader, superseded, or revoked when its inviter left the group.
    #[sea_orm(string_value = "revoked")]
    Revoked,
}

/// Which of the workshop's two tracks a group follows (`groups.track`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum GroupTrack {
    /// The organisation's own group: one per organisation.
    #[sea_orm(string_value = "huvudman")]
    Huvudman,
    /// A school or preschool unit's group.
    #[sea_orm(string_value = "enhet")]
    Enhet,
}

/// What kind of huvudman an organisation is (`organisations.kind`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum OrganisationKind {
    /// A municipality.
    #[sea_orm(string_value = "kommunal")]
    Kommunal,
    /// An independent (private) organiser.
    #[sea_orm(string_value = "enskild")]
    Enskild,
}

/// Where a mail in the outbox stands (`outbox.status`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum OutboxStatus {
    /// Waiting to be sent, or to be retried at `next_attempt_at`.
    #[sea_orm(string_value = "pending")]
    Pending,
    /// Delivered to the mail server.
    #[sea_orm(string_value = "sent")]
    Sent,
    /// Given up: a permanent failure, or 72 hours of retries.
    #[sea_orm(string_value = "dead")]
    Dead,
}

/// How far a group has come with an opened step (`step_states.state`); a step without a row
/// has not been opened.
#[derive(Clone, Copy, Debug, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum StepStatus {
    /// Opened by the process leader: members work in it.
    #[sea_orm(string_value = "open")]
    Open,
    /// Marked done; reopening makes it open again.
    #[sea_orm(string_value = "done")]
    Done,
}

/// How the huvudman answered a submitted version (`submission_responses.kind`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum ResponseKind {
    /// A comment; the submission stands.
    #[sea_orm(string_value = "comment")]
    Comment,
    /// The unit is asked to complete it and submit again.
    #[sea_orm(string_value = "complete")]
    Complete,
    /// Read and acknowledged.
    #[sea_orm(string_value = "acknowledge")]
    Acknowledge,
}

/// How a person wants mail about the work (`users.notice_mail`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum NoticeMail {
    /// One short mail per event.
    #[sea_orm(string_value = "each")]
    Each,
    /// One mail a morning with the day before's events.
    #[sea_orm(string_value = "daily")]
    Daily,
    /// None (unsubscribed).
    #[sea_orm(string_value = "off")]
    Off,
}

// The app's own types for the same sets (they reach the browser, which has no sea-orm).
macro_rules! same_set {
    ($ours:ident, $theirs:ty, $($variant:ident),+) => {
        impl From<$ours> for $theirs {
            fn from(value: $ours) -> Self {
                match value { $($ours::$variant => Self::$variant),+ }
            }
        }
        impl From<$theirs> for $ours {
            fn from(value: $theirs) -> Self {
                match value { $(<$theirs>::$variant => Self::$variant),+ }
            }
        }
    };
}

same_set!(
    MembershipRole,
    app::features::groups::types::Role,
    Processledare,
    Deltagare
);
same_set!(
    GroupTrack,
    app::features::workshop::types::Track,
    Huvudman,
    Enhet
);
same_set!(
    OrganisationKind,
    app::features::groups::types::OrganisationKind,
    Kommunal,
    Enskild
);
same_set!(
    ResponseKind,
    app::features::handovers::types::ResponseKind,
    Comment,
    Complete,
    Acknowledge
);
same_set!(
    NoticeMail,
    app::features::handovers::types::NoticeChoice,
    Each,
    Daily,
    Off
);
