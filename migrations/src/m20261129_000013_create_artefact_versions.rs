//! The step's artefact as the process leader finalised it: a stored snapshot of the group's
//! answers (values per field id with their labels), dated and numbered per step and cycle, and
//! never recomputed. The hand-overs between units and the huvudman send these snapshots.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ArtefactVersions {
    Table,
    GroupId,
    CycleId,
    Step,
    /// 1, 2, … per (group, cycle, step).
    Version,
    /// The artefact's title as it read when finalised, e.g. "Nulägesbeskrivning".
    Title,
    /// The snapshot as JSON: each task with its fields' labels and values.
    Snapshot,
    /// Who finalised it; kept (as unknown) when their account goes.
    FinalisedBy,
    FinalisedAt,
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
                    .table(ArtefactVersions::Table)
                    .col(uuid(ArtefactVersions::GroupId))
                    .col(uuid(ArtefactVersions::CycleId))
                    .col(small_integer(ArtefactVersions::Step))
                    .col(integer(ArtefactVersions::Version))
                    .col(string_len(ArtefactVersions::Title, 200))
                    .col(text(ArtefactVersions::Snapshot))
                    .col(uuid_null(ArtefactVersions::FinalisedBy))
                    .col(timestamp_with_time_zone(ArtefactVersions::FinalisedAt))
                    // The key is what makes a double-submitted "finalise" one version, not two.
                    .primary_key(
                        Index::create()
                            .col(ArtefactVersions::GroupId)
                            .col(ArtefactVersions::CycleId)
                            .col(ArtefactVersions::Step)
                            .col(ArtefactVersions::Version),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(ArtefactVersions::Table, ArtefactVersions::GroupId)
                            .to(Groups::Table, Groups::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(ArtefactVersions::Table, ArtefactVersions::CycleId)
                            .to(Cycles::Table, Cycles::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(ArtefactVersions::Table, ArtefactVersions::FinalisedBy)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ArtefactVersions::Table).to_owned())
            .await
    }
}
