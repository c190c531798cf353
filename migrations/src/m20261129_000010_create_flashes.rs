//! Flashes: what a form post tells the page it returns to (what happened, what was wrong, what
//! was typed), kept on the server for a few minutes under a random cookie instead of in the
//! URL, where addresses and long texts would reach logs, history and Referer headers.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Flashes {
    Table,
    /// SHA-256 of the browser's flash cookie.
    KeyHash,
    /// Which form the flash is for, e.g. `sign_in`, or `invite:<group id>`.
    Form,
    /// The form's typed payload, as JSON.
    Payload,
    ExpiresAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Flashes::Table)
                    .col(string_len(Flashes::KeyHash, 64))
                    .col(string_len(Flashes::Form, 80))
                    .col(text(Flashes::Payload))
                    .col(timestamp_with_time_zone(Flashes::ExpiresAt))
                    .primary_key(Index::create().col(Flashes::KeyHash).col(Flashes::Form))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("flashes_expiry")
                    .table(Flashes::Table)
                    .col(Flashes::ExpiresAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Flashes::Table).to_owned())
            .await
    }
}
