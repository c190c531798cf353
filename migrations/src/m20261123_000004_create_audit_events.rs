//! The audit log of security events (sign-ins, sign-outs, invitations, role changes): append
//! only, kept for the huvudman's own follow-up. Also what sign-in rate limits count.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(AuditEvents::Table)
                    .if_not_exists()
                    .col(pk_uuid(AuditEvents::Id))
                    .col(timestamp_with_time_zone(AuditEvents::At))
                    .col(uuid_null(AuditEvents::ActorUserId))
                    .col(string_len(AuditEvents::Action, 64))
                    // What the event is about: an address, a group, an invitation.
                    .col(string_len_null(AuditEvents::Subject, 320))
                    .col(string_len_null(AuditEvents::ClientIp, 64))
                    .col(string_len(AuditEvents::Outcome, 16))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("audit_events_action_at")
                    .table(AuditEvents::Table)
                    .col(AuditEvents::Action)
                    .col(AuditEvents::At)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(AuditEvents::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum AuditEvents {
    Table,
    Id,
    At,
    ActorUserId,
    Action,
    Subject,
    ClientIp,
    Outcome,
}
