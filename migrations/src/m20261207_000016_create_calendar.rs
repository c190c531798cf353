//! The year in real dates: a group's usual meeting time and place, the meetings its leader has
//! moved, cancelled or given a place (a row only once something differs from the default), the
//! organisation's school holidays, and each person's calendar feed (only its token's hash).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum CalendarDefaults {
    Table,
    GroupId,
    /// ISO weekday, 1 = Monday.
    Weekday,
    /// Minutes after midnight, Swedish time.
    Starts,
    Place,
    /// Raised at every change: every default meeting moves with it, so feeds raise their
    /// SEQUENCE by it too.
    Revision,
}

#[derive(DeriveIden)]
enum MeetingTimes {
    Table,
    GroupId,
    CycleId,
    Step,
    /// The meeting's number in its step, from 1, as the content lists them.
    Number,
    Day,
    Starts,
    Minutes,
    Place,
    Cancelled,
    /// Raised at every change, so calendars that subscribed replace the old event.
    Sequence,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum SchoolHolidays {
    Table,
    OrganisationId,
    AutumnWeek,
    ChristmasFirstWeek,
    ChristmasLastWeek,
    SportsWeek,
    /// `after` (the week of Easter Monday) or `before` (the week of Good Friday).
    Easter,
    SummerFirstWeek,
    SummerLastWeek,
    /// Raised at every change (the default days move with the holidays).
    Revision,
}

#[derive(DeriveIden)]
enum CalendarFeeds {
    Table,
    UserId,
    TokenHash,
    CreatedAt,
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
enum Organisations {
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
                    .table(CalendarDefaults::Table)
                    .col(uuid(CalendarDefaults::GroupId).primary_key())
                    .col(small_integer(CalendarDefaults::Weekday))
                    .col(small_integer(CalendarDefaults::Starts))
                    .col(string_len(CalendarDefaults::Place, 300))
                    .col(integer(CalendarDefaults::Revision))
                    .foreign_key(&mut cascade(
                        (CalendarDefaults::Table, CalendarDefaults::GroupId),
                        (Groups::Table, Groups::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(MeetingTimes::Table)
                    .col(uuid(MeetingTimes::GroupId))
                    .col(uuid(MeetingTimes::CycleId))
                    .col(small_integer(MeetingTimes::Step))
                    .col(small_integer(MeetingTimes::Number))
                    .col(date(MeetingTimes::Day))
                    .col(small_integer(MeetingTimes::Starts))
                    .col(small_integer(MeetingTimes::Minutes))
                    .col(string_len(MeetingTimes::Place, 300))
                    .col(boolean(MeetingTimes::Cancelled))
                    .col(integer(MeetingTimes::Sequence))
                    .col(timestamp_with_time_zone(MeetingTimes::UpdatedAt))
                    .primary_key(
                        Index::create()
                            .col(MeetingTimes::GroupId)
                            .col(MeetingTimes::CycleId)
                            .col(MeetingTimes::Step)
                            .col(MeetingTimes::Number),
                    )
                    .foreign_key(&mut cascade(
                        (MeetingTimes::Table, MeetingTimes::GroupId),
                        (Groups::Table, Groups::Id),
                    ))
                    .foreign_key(&mut cascade(
                        (MeetingTimes::Table, MeetingTimes::CycleId),
                        (Cycles::Table, Cycles::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(SchoolHolidays::Table)
                    .col(uuid(SchoolHolidays::OrganisationId).primary_key())
                    .col(small_integer(SchoolHolidays::AutumnWeek))
                    .col(small_integer(SchoolHolidays::ChristmasFirstWeek))
                    .col(small_integer(SchoolHolidays::ChristmasLastWeek))
                    .col(small_integer(SchoolHolidays::SportsWeek))
                    .col(string_len(SchoolHolidays::Easter, 8))
                    .col(small_integer(SchoolHolidays::SummerFirstWeek))
                    .col(small_integer(SchoolHolidays::SummerLastWeek))
                    .col(integer(SchoolHolidays::Revision))
                    .foreign_key(&mut cascade(
                        (SchoolHolidays::Table, SchoolHolidays::OrganisationId),
                        (Organisations::Table, Organisations::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(CalendarFeeds::Table)
                    .col(uuid(CalendarFeeds::UserId).primary_key())
                    .col(string_len(CalendarFeeds::TokenHash, 64).unique_key())
                    .col(timestamp_with_time_zone(CalendarFeeds::CreatedAt))
                    .foreign_key(&mut cascade(
                        (CalendarFeeds::Table, CalendarFeeds::UserId),
                        (Users::Table, Users::Id),
                    ))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            CalendarFeeds::Table.into_iden(),
            SchoolHolidays::Table.into_iden(),
            MeetingTimes::Table.into_iden(),
            CalendarDefaults::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
