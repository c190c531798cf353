//! Reminders before meetings: each person's choice of when (no row: the working day before;
//! `days_before` NULL: none), and each reminder sent, with the meeting's sequence at the time,
//! so a reminder goes once and once more only when the meeting has moved since.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ReminderChoices {
    Table,
    UserId,
    /// Working days before the meeting: 0 (that morning), 1 or 2; NULL for no reminders.
    DaysBefore,
}

#[derive(DeriveIden)]
enum MeetingReminders {
    Table,
    GroupId,
    CycleId,
    Step,
    Number,
    UserId,
    /// The meeting's sequence when the reminder went: a higher one means it moved since.
    Sequence,
    SentAt,
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

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ReminderChoices::Table)
                    .col(uuid(ReminderChoices::UserId).primary_key())
                    .col(small_integer_null(ReminderChoices::DaysBefore))
                    .foreign_key(&mut cascade(
                        (ReminderChoices::Table, ReminderChoices::UserId),
                        (Users::Table, Users::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(MeetingReminders::Table)
                    .col(uuid(MeetingReminders::GroupId))
                    .col(uuid(MeetingReminders::CycleId))
                    .col(small_integer(MeetingReminders::Step))
                    .col(small_integer(MeetingReminders::Number))
                    .col(uuid(MeetingReminders::UserId))
                    .col(integer(MeetingReminders::Sequence))
                    .col(timestamp_with_time_zone(MeetingReminders::SentAt))
                    .primary_key(
                        Index::create()
                            .col(MeetingReminders::GroupId)
                            .col(MeetingReminders::CycleId)
                            .col(MeetingReminders::Step)
                            .col(MeetingReminders::Number)
                            .col(MeetingReminders::UserId),
                    )
                    .foreign_key(&mut cascade(
                        (MeetingReminders::Table, MeetingReminders::GroupId),
                        (Groups::Table, Groups::Id),
                    ))
                    .foreign_key(&mut cascade(
                        (MeetingReminders::Table, MeetingReminders::CycleId),
                        (Cycles::Table, Cycles::Id),
                    ))
                    .foreign_key(&mut cascade(
                        (MeetingReminders::Table, MeetingReminders::UserId),
                        (Users::Table, Users::Id),
                    ))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            MeetingReminders::Table.into_iden(),
            ReminderChoices::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
