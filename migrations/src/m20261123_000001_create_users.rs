//! People who use Verkstad. Only what the work needs is stored (GDPR art. 5): name, e-mail and
//! preferred language; roles live on memberships, which later migrations add.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Users::Table)
                    .if_not_exists()
                    // UUIDv7: time-sorted, so no sequence is shared between instances.
                    .col(pk_uuid(Users::Id))
                    // Stored lower-cased and trimmed; the unique index is what stops duplicates.
                    .col(string_len_uniq(Users::Email, 320))
                    .col(string_len(Users::DisplayName, 200))
                    .col(string_len(Users::Locale, 8).default("sv"))
                    .col(timestamp_with_time_zone(Users::CreatedAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Users::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    Email,
    DisplayName,
    Locale,
    CreatedAt,
}
