//! Indexes for the lookups every signed-in page makes, so their cost does not grow with the
//! number of organisations: the groups of an organisation (owners' pages, "Mina grupper") and
//! the organisations a person owns. The primary key of `organisation_owners` starts with the
//! organisation, so it cannot answer "which organisations does this person own".

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Groups {
    Table,
    OrganisationId,
}

#[derive(DeriveIden)]
enum OrganisationOwners {
    Table,
    UserId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name("groups_organisation")
                    .table(Groups::Table)
                    .col(Groups::OrganisationId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("organisation_owners_user")
                    .table(OrganisationOwners::Table)
                    .col(OrganisationOwners::UserId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, table) in [
            ("groups_organisation", Groups::Table.into_iden()),
            (
                "organisation_owners_user",
                OrganisationOwners::Table.into_iden(),
            ),
        ] {
            manager
                .drop_index(Index::drop().name(name).table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
