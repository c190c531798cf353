//! The group's work on the steps, keyed by cycle (a school year of the organisation) so that a
//! new year starts clean without moving anything: which steps the process leader has opened,
//! each member's own text per field, the group's shared answer per field with its version, and
//! every explicit save of a shared answer (its history).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Cycles {
    Table,
    Id,
    OrganisationId,
    /// The school year, e.g. `2026/27`.
    Label,
    CreatedAt,
}

#[derive(DeriveIden)]
enum StepStates {
    Table,
    GroupId,
    CycleId,
    Step,
    /// `open` or `done`; a step without a row has not been opened.
    State,
    OpenedAt,
    OpenedBy,
    DoneAt,
}

#[derive(DeriveIden)]
enum Answers {
    Table,
    GroupId,
    CycleId,
    /// The field's stable id, e.g. `1/enhet/field/bestam-rytm/forum` (see `content/ids.toml`).
    Field,
    Step,
    Body,
    /// 1 for the first save, one more for each save after it.
    Version,
    /// Marked agreed by a process leader; a new save makes it "in progress" again.
    Agreed,
    SavedBy,
    SavedAt,
}

#[derive(DeriveIden)]
enum AnswerVersions {
    Table,
    GroupId,
    CycleId,
    Field,
    Version,
    Body,
    SavedBy,
    SavedAt,
}

#[derive(DeriveIden)]
enum Contributions {
    Table,
    GroupId,
    CycleId,
    Field,
    UserId,
    Step,
    Body,
    /// The version of the shared answer this text was last based on (0: none).
    BaseVersion,
    SavedAt,
}

#[derive(DeriveIden)]
enum Organisations {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Groups {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

fn to_group(table: impl IntoIden, column: impl IntoIden) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(table, column)
        .to(Groups::Table, Groups::Id)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

fn to_cycle(table: impl IntoIden, column: impl IntoIden) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(table, column)
        .to(Cycles::Table, Cycles::Id)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

/// Who saved something: kept when the person's account goes (the text stays the group's).
fn by_user(table: impl IntoIden, column: impl IntoIden) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(table, column)
        .to(Users::Table, Users::Id)
        .on_delete(ForeignKeyAction::SetNull)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Cycles::Table)
                    .col(pk_uuid(Cycles::Id))
                    .col(uuid(Cycles::OrganisationId))
                    .col(string_len(Cycles::Label, 16))
                    .col(timestamp_with_time_zone(Cycles::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Cycles::Table, Cycles::OrganisationId)
                            .to(Organisations::Table, Organisations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("cycles_organisation_label")
                    .table(Cycles::Table)
                    .col(Cycles::OrganisationId)
                    .col(Cycles::Label)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(StepStates::Table)
                    .col(uuid(StepStates::GroupId))
                    .col(uuid(StepStates::CycleId))
                    .col(small_integer(StepStates::Step))
                    .col(string_len(StepStates::State, 16))
                    .col(timestamp_with_time_zone(StepStates::OpenedAt))
                    .col(uuid_null(StepStates::OpenedBy))
                    .col(timestamp_with_time_zone_null(StepStates::DoneAt))
                    .primary_key(
                        Index::create()
                            .col(StepStates::GroupId)
                            .col(StepStates::CycleId)
                            .col(StepStates::Step),
                    )
                    .foreign_key(&mut to_group(StepStates::Table, StepStates::GroupId))
                    .foreign_key(&mut to_cycle(StepStates::Table, StepStates::CycleId))
                    .foreign_key(&mut by_user(StepStates::Table, StepStates::OpenedBy))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Answers::Table)
                    .col(uuid(Answers::GroupId))
                    .col(uuid(Answers::CycleId))
                    .col(string_len(Answers::Field, 200))
                    .col(small_integer(Answers::Step))
                    .col(text(Answers::Body))
                    .col(integer(Answers::Version))
                    .col(boolean(Answers::Agreed).default(false))
                    .col(uuid_null(Answers::SavedBy))
                    .col(timestamp_with_time_zone(Answers::SavedAt))
                    .primary_key(
                        Index::create()
                            .col(Answers::GroupId)
                            .col(Answers::CycleId)
                            .col(Answers::Field),
                    )
                    .foreign_key(&mut to_group(Answers::Table, Answers::GroupId))
                    .foreign_key(&mut to_cycle(Answers::Table, Answers::CycleId))
                    .foreign_key(&mut by_user(Answers::Table, Answers::SavedBy))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(AnswerVersions::Table)
                    .col(uuid(AnswerVersions::GroupId))
                    .col(uuid(AnswerVersions::CycleId))
                    .col(string_len(AnswerVersions::Field, 200))
                    .col(integer(AnswerVersions::Version))
                    .col(text(AnswerVersions::Body))
                    .col(uuid_null(AnswerVersions::SavedBy))
                    .col(timestamp_with_time_zone(AnswerVersions::SavedAt))
                    .primary_key(
                        Index::create()
                            .col(AnswerVersions::GroupId)
                            .col(AnswerVersions::CycleId)
                            .col(AnswerVersions::Field)
                            .col(AnswerVersions::Version),
                    )
                    .foreign_key(&mut to_group(
                        AnswerVersions::Table,
                        AnswerVersions::GroupId,
                    ))
                    .foreign_key(&mut to_cycle(
                        AnswerVersions::Table,
                        AnswerVersions::CycleId,
                    ))
                    .foreign_key(&mut by_user(AnswerVersions::Table, AnswerVersions::SavedBy))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Contributions::Table)
                    .col(uuid(Contributions::GroupId))
                    .col(uuid(Contributions::CycleId))
                    .col(string_len(Contributions::Field, 200))
                    .col(uuid(Contributions::UserId))
                    .col(small_integer(Contributions::Step))
                    .col(text(Contributions::Body))
                    .col(integer(Contributions::BaseVersion).default(0))
                    .col(timestamp_with_time_zone(Contributions::SavedAt))
                    .primary_key(
                        Index::create()
                            .col(Contributions::GroupId)
                            .col(Contributions::CycleId)
                            .col(Contributions::Field)
                            .col(Contributions::UserId),
                    )
                    .foreign_key(&mut to_group(Contributions::Table, Contributions::GroupId))
                    .foreign_key(&mut to_cycle(Contributions::Table, Contributions::CycleId))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Contributions::Table, Contributions::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            Contributions::Table.into_iden(),
            AnswerVersions::Table.into_iden(),
            Answers::Table.into_iden(),
            StepStates::Table.into_iden(),
            Cycles::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
