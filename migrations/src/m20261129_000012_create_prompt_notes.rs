//! Discussion notes: what members jot down under a step's discussion prompts during or between
//! meetings, and the process leader's short summary per prompt ("det här tar vi med oss").
//! Keyed by cycle like the rest of the group's work.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum PromptNotes {
    Table,
    Id,
    GroupId,
    CycleId,
    Step,
    /// The prompt's stable id, e.g. `1/enhet/prompt/vad-anvands`.
    Prompt,
    /// Who wrote it; kept (as unknown) when their account goes.
    UserId,
    Body,
    CreatedAt,
}

#[derive(DeriveIden)]
enum PromptSummaries {
    Table,
    GroupId,
    CycleId,
    Prompt,
    Step,
    Body,
    SavedBy,
    SavedAt,
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

fn cascade(
    from: (impl IntoIden, impl IntoIden),
    to: (impl IntoIden, impl IntoIden),
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(from.0, from.1)
        .to(to.0, to.1)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

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
                    .table(PromptNotes::Table)
                    .col(pk_uuid(PromptNotes::Id))
                    .col(uuid(PromptNotes::GroupId))
                    .col(uuid(PromptNotes::CycleId))
                    .col(small_integer(PromptNotes::Step))
                    .col(string_len(PromptNotes::Prompt, 200))
                    .col(uuid_null(PromptNotes::UserId))
                    .col(text(PromptNotes::Body))
                    .col(timestamp_with_time_zone(PromptNotes::CreatedAt))
                    .foreign_key(&mut cascade(
                        (PromptNotes::Table, PromptNotes::GroupId),
                        (Groups::Table, Groups::Id),
                    ))
                    .foreign_key(&mut cascade(
                        (PromptNotes::Table, PromptNotes::CycleId),
                        (Cycles::Table, Cycles::Id),
                    ))
                    .foreign_key(&mut by_user(PromptNotes::Table, PromptNotes::UserId))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("prompt_notes_group_step")
                    .table(PromptNotes::Table)
                    .col(PromptNotes::GroupId)
                    .col(PromptNotes::CycleId)
                    .col(PromptNotes::Step)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PromptSummaries::Table)
                    .col(uuid(PromptSummaries::GroupId))
                    .col(uuid(PromptSummaries::CycleId))
                    .col(string_len(PromptSummaries::Prompt, 200))
                    .col(small_integer(PromptSummaries::Step))
                    .col(text(PromptSummaries::Body))
                    .col(uuid_null(PromptSummaries::SavedBy))
                    .col(timestamp_with_time_zone(PromptSummaries::SavedAt))
                    .primary_key(
                        Index::create()
                            .col(PromptSummaries::GroupId)
                            .col(PromptSummaries::CycleId)
                            .col(PromptSummaries::Prompt),
                    )
                    .foreign_key(&mut cascade(
                        (PromptSummaries::Table, PromptSummaries::GroupId),
                        (Groups::Table, Groups::Id),
                    ))
                    .foreign_key(&mut cascade(
                        (PromptSummaries::Table, PromptSummaries::CycleId),
                        (Cycles::Table, Cycles::Id),
                    ))
                    .foreign_key(&mut by_user(
                        PromptSummaries::Table,
                        PromptSummaries::SavedBy,
                    ))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(PromptSummaries::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(PromptNotes::Table).to_owned())
            .await
    }
}
