//! `users`: the people who use Verkstad, with only what the work needs (name, e-mail, language).

use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    /// UUIDv7, made by the application.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Lower-cased and trimmed before it is stored; the unique constraint stops duplicates.
    #[sea_orm(unique, column_type = "String(StringLen::N(320))")]
    pub email: String,
    /// Empty until the person gives a name (at registration or when accepting an invitation).
    #[sea_orm(column_type = "String(StringLen::N(200))")]
    pub display_name: String,
    /// A language code, `sv` (default) or `en`.
    #[sea_orm(column_type = "String(StringLen::N(8))", default_value = "sv")]
    pub locale: String,
    pub created_at: DateTimeUtc,
    /// When the person was last mailed that a step opened (at most one such mail a day).
    pub step_mail_at: Option<DateTimeUtc>,
    /// Mail about the work: each event, a daily digest, or none.
    #[sea_orm(default_value = "each")]
    pub notice_mail: super::enums::NoticeMail,

    /// Signed-in sessions (deleted with the user).
    #[sea_orm(has_many)]
    pub sessions: HasMany<super::sessions::Entity>,
    /// Memberships in groups (deleted with the user).
    #[sea_orm(has_many)]
    pub memberships: HasMany<super::memberships::Entity>,
    /// The groups the user is a member of, through `memberships`.
    #[sea_orm(has_many, via = "memberships")]
    pub groups: HasMany<super::groups::Entity>,
    /// Ownerships of organisations (deleted with the user).
    #[sea_orm(has_many)]
    pub organisation_owners: HasMany<super::organisation_owners::Entity>,
    /// The organisations the user owns, through `organisation_owners`.
    #[sea_orm(has_many, via = "organisation_owners")]
    pub owned_organisations: HasMany<super::organisations::Entity>,
    /// Invitations the user has sent (`invitations.invited_by`; no foreign key in the database).
    #[sea_orm(has_many)]
    pub sent_invitations: HasMany<super::invitations::Entity>,
}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    /// How mails and pages name this person: their name, or their address until they give one.
    pub fn name_or_email(&self) -> String {
        if self.display_name.is_empty() {
            self.email.clone()
        } else {
            self.display_name.clone()
        }
    }
}
