//! The two tracks: an organisation (a huvudman) with one huvudman group and any number of unit
//! groups, each for an enhet. Roles are granted per group; owners act for the organisation.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Organisations::Table)
                    .if_not_exists()
                    .col(pk_uuid(Organisations::Id))
                    .col(string_len(Organisations::Name, 200))
                    // kommunal or enskild
                    .col(string_len(Organisations::Kind, 16))
                    .col(timestamp_with_time_zone(Organisations::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(OrganisationOwners::Table)
                    .if_not_exists()
                    .col(uuid(OrganisationOwners::OrganisationId))
                    .col(uuid(OrganisationOwners::UserId))
                    .col(timestamp_with_time_zone(OrganisationOwners::CreatedAt))
                    .primary_key(
                        Index::create()
                            .col(OrganisationOwners::OrganisationId)
                            .col(OrganisationOwners::UserId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(
                                OrganisationOwners::Table,
                                OrganisationOwners::OrganisationId,
                            )
                            .to(Organisations::Table, Organisations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(OrganisationOwners::Table, OrganisationOwners::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Groups::Table)
                    .if_not_exists()
                    .col(pk_uuid(Groups::Id))
                    .col(uuid(Groups::OrganisationId))
                    // huvudman or enhet
                    .col(string_len(Groups::Track, 16))
                    .col(string_len(Groups::Name, 200))
                    // Unit groups: school forms, comma-separated, and the optional skolenhetskod.
                    .col(string_len(Groups::SchoolForms, 200).default(""))
                    .col(string_len_null(Groups::SchoolUnitCode, 8))
                    .col(small_integer(Groups::CurrentStep).default(1))
                    .col(timestamp_with_time_zone(Groups::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Groups::Table, Groups::OrganisationId)
                            .to(Organisations::Table, Organisations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Memberships::Table)
                    .if_not_exists()
                    .col(uuid(Memberships::GroupId))
                    .col(uuid(Memberships::UserId))
                    // processledare or deltagare
                    .col(string_len(Memberships::Role, 16))
                    .col(timestamp_with_time_zone(Memberships::CreatedAt))
                    .primary_key(
                        Index::create()
                            .col(Memberships::GroupId)
                            .col(Memberships::UserId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Memberships::Table, Memberships::GroupId)
                            .to(Groups::Table, Groups::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Memberships::Table, Memberships::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("memberships_user")
                    .table(Memberships::Table)
                    .col(Memberships::UserId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            Memberships::Table.into_iden(),
            Groups::Table.into_iden(),
            OrganisationOwners::Table.into_iden(),
            Organisations::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Organisations {
    Table,
    Id,
    Name,
    Kind,
    CreatedAt,
}

#[derive(DeriveIden)]
enum OrganisationOwners {
    Table,
    OrganisationId,
    UserId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Groups {
    Table,
    Id,
    OrganisationId,
    Track,
    Name,
    SchoolForms,
    SchoolUnitCode,
    CurrentStep,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Memberships {
    Table,
    GroupId,
    UserId,
    Role,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}
