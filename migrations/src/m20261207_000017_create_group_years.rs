//! The next year: a group's own relation to one of its organisation's cycles. A row with no
//! `closed_at` holds the group in that cycle after the organisation has opened a newer one (it
//! finishes its year first); `closed_at` marks the year closed by the group's leader, after
//! which the cycle is read-only for the group.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum GroupYears {
    Table,
    GroupId,
    CycleId,
    ClosedAt,
    ClosedBy,
    /// Closed before step 5 was done: the unfinished steps' answers were carried on.
    MovedOn,
}

#[derive(DeriveIden)]
enum Groups {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Cycles {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(GroupYears::Table)
                    .col(uuid(GroupYears::GroupId))
                    .col(uuid(GroupYears::CycleId))
                    .col(timestamp_with_time_zone_null(GroupYears::ClosedAt))
                    .col(uuid_null(GroupYears::ClosedBy))
                    .col(boolean(GroupYears::MovedOn).default(false))
                    .primary_key(
                        Index::create()
                            .col(GroupYears::GroupId)
                            .col(GroupYears::CycleId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(GroupYears::Table, GroupYears::GroupId)
                            .to(Groups::Table, Groups::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(GroupYears::Table, GroupYears::CycleId)
                            .to(Cycles::Table, Cycles::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    // A leader who leaves the platform leaves the year closed.
                    .foreign_key(
                        ForeignKey::create()
                            .from(GroupYears::Table, GroupYears::ClosedBy)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(GroupYears::Table).to_owned())
            .await
    }
}
