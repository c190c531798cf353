//! `invitations`: an e-mail invitation to one group, with a one-time token (only its hash
//! stored) that expires. Indexes: `invitations_group_email` on (`group_id`, `email`);
//! `invitations_one_pending`, unique on (`group_id`, `email`) where `status = 'pending'`;
//! `invitations_email` on `email`; `invitations_previous_token` on `previous_token_hash`.

use super::enums::{InvitationStatus, MembershipRole};
use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "invitations")]
pub struct Model {
    /// UUIDv7, made by the application (the migrations rely on ids growing with time).
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub group_id: Uuid,
    /// The invited address, normalised like `users.email`.
    #[sea_orm(column_type = "String(StringLen::N(320))")]
    pub email: String,
    /// The user who sent the invitation. No foreign key and no index in the database.
    pub invited_by: Uuid,
    /// The role the invitee gets on accepting.
    pub role: MembershipRole,
    /// SHA-256 of the current link's token, 64 hex digits.
    #[sea_orm(unique, column_type = "String(StringLen::N(64))")]
    pub token_hash: String,
    pub status: InvitationStatus,
    pub expires_at: DateTimeUtc,
    pub last_sent_at: DateTimeUtc,
    /// How many times the invitation has been sent, reminders not counted.
    #[sea_orm(default_value = 1)]
    pub send_count: i32,
    pub created_at: DateTimeUtc,
    /// When the automatic reminder went out; each invitation is reminded once.
    pub reminded_at: Option<DateTimeUtc>,
    /// The link before the reminder's new one, kept working. Indexed, not unique.
    #[sea_orm(column_type = "String(StringLen::N(64))", nullable)]
    pub previous_token_hash: Option<String>,

    #[sea_orm(belongs_to, from = "group_id", to = "id", on_delete = "Cascade")]
    pub group: BelongsTo<super::groups::Entity>,
    /// For joins only: `skip_fk` because the database has no foreign key here.
    #[sea_orm(belongs_to, from = "invited_by", to = "id", skip_fk)]
    pub inviter: BelongsTo<super::users::Entity>,
}

impl ActiveModelBehavior for ActiveModel {}
