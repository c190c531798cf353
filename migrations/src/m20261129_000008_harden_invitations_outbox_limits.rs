//! Hardening found by trying Verkstad as an attacker would:
//! - an index for finding one address's invitations across groups ("Mina grupper");
//! - one pending invitation per group and address, held by the database (a partial unique
//!   index), after revoking older duplicates that code alone let through;
//! - an invitation's previous link, kept working when the automatic reminder sends a new one;
//! - a claim token on outbox rows, so only the worker holding the lease may finish a mail;
//! - window counters for rate limits and quotas, counted in the transaction that acts.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Older pending duplicates are revoked: the newest (UUIDv7 ids grow with time) stays.
        let newer = Query::select()
            .expr(Expr::val(1))
            .from_as(Invitations::Table, Alias::new("newer"))
            .and_where(
                Expr::col((Alias::new("newer"), Invitations::GroupId))
                    .equals((Invitations::Table, Invitations::GroupId)),
            )
            .and_where(
                Expr::col((Alias::new("newer"), Invitations::Email))
                    .equals((Invitations::Table, Invitations::Email)),
            )
            .and_where(Expr::col((Alias::new("newer"), Invitations::Status)).eq("pending"))
            .and_where(
                Expr::col((Alias::new("newer"), Invitations::Id))
                    .gt(Expr::col((Invitations::Table, Invitations::Id))),
            )
            .to_owned();
        manager
            .exec_stmt(
                Query::update()
                    .table(Invitations::Table)
                    .value(Invitations::Status, "revoked")
                    .and_where(Expr::col(Invitations::Status).eq("pending"))
                    .and_where(Expr::exists(newer))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("invitations_one_pending")
                    .table(Invitations::Table)
                    .col(Invitations::GroupId)
                    .col(Invitations::Email)
                    .unique()
                    .and_where(Expr::col(Invitations::Status).eq("pending"))
                    .to_owned(),
            )
            .await?;
        // "Mina grupper" looks up the invitations waiting for one address, in every group:
        // the (group, address) index cannot serve that, so without this it reads every row.
        manager
            .create_index(
                Index::create()
                    .name("invitations_email")
                    .table(Invitations::Table)
                    .col(Invitations::Email)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Invitations::Table)
                    .add_column(string_len_null(Invitations::PreviousTokenHash, 64))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("invitations_previous_token")
                    .table(Invitations::Table)
                    .col(Invitations::PreviousTokenHash)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Outbox::Table)
                    .add_column(uuid_null(Outbox::ClaimToken))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(RateLimits::Table)
                    .if_not_exists()
                    // What is counted, e.g. `sign_in_address:anna@ekby.se|192.0.2.1`.
                    .col(string_len(RateLimits::Key, 400).primary_key())
                    // When the current window began: at the first hit after the last one ended.
                    .col(timestamp_with_time_zone(RateLimits::WindowStart))
                    .col(integer(RateLimits::Count))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("rate_limits_window")
                    .table(RateLimits::Table)
                    .col(RateLimits::WindowStart)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(RateLimits::Table).to_owned())
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Outbox::Table)
                    .drop_column(Outbox::ClaimToken)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("invitations_email")
                    .table(Invitations::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("invitations_previous_token")
                    .table(Invitations::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Invitations::Table)
                    .drop_column(Invitations::PreviousTokenHash)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("invitations_one_pending")
                    .table(Invitations::Table)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum Invitations {
    Table,
    Id,
    GroupId,
    Email,
    Status,
    PreviousTokenHash,
}

#[derive(DeriveIden)]
enum Outbox {
    Table,
    ClaimToken,
}

#[derive(DeriveIden)]
enum RateLimits {
    Table,
    Key,
    WindowStart,
    Count,
}
