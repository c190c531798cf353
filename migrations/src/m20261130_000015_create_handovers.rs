//! Hand-overs between the units and the huvudman: what a unit submits (a copy of a finalised
//! artefact, or a text), versioned per unit, cycle, step and hand-over; the huvudman's answers to
//! each version; what the huvudman publishes to all units or chosen ones. Also each person's
//! choice of mail about the work (each event, a daily digest, none), the digest's waiting lines
//! and the links that unsubscribe without signing in (stored as hashes).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Submissions {
    Table,
    Id,
    OrganisationId,
    /// The unit group that submitted.
    GroupId,
    CycleId,
    Step,
    /// The hand-over's stable id in the content, e.g. `enhetens-nulagesbeskrivning`.
    Handover,
    /// 1, 2, … per (group, cycle, step, hand-over).
    Version,
    /// The hand-over's title as it read when submitted.
    Title,
    /// The finalised artefact version this is a copy of (artefact hand-overs only).
    ArtefactVersion,
    /// JSON: the artefact's snapshot, or the text the unit wrote.
    Body,
    SubmittedBy,
    SubmittedAt,
}

#[derive(DeriveIden)]
enum SubmissionResponses {
    Table,
    SubmissionId,
    /// 1, 2, … per submission: a double-submitted answer is one answer.
    Number,
    /// `comment`, `complete` (asked to complete) or `acknowledge`.
    Kind,
    Body,
    RespondedBy,
    RespondedAt,
}

#[derive(DeriveIden)]
enum Publications {
    Table,
    Id,
    OrganisationId,
    /// The huvudman group that published.
    GroupId,
    CycleId,
    Step,
    Handover,
    /// 1, 2, … per (group, cycle, step, hand-over).
    Number,
    Title,
    Body,
    /// Every unit of the organisation, also those added later; otherwise the recipients' rows.
    ToAll,
    PublishedBy,
    PublishedAt,
}

#[derive(DeriveIden)]
enum PublicationRecipients {
    Table,
    PublicationId,
    GroupId,
}

#[derive(DeriveIden)]
enum DigestLines {
    Table,
    Id,
    UserId,
    /// One line in the person's language, written when the event happened.
    Line,
    Link,
    CreatedAt,
}

#[derive(DeriveIden)]
enum UnsubscribeTokens {
    Table,
    /// SHA-256 of the token in the mail's link; the token itself is never stored.
    TokenHash,
    UserId,
    ExpiresAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    /// `each` (default), `daily` or `off`: mail about submissions, answers, publications and
    /// opened steps.
    NoticeMail,
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

fn set_null(from: (impl IntoIden, impl IntoIden)) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(from.0, from.1)
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
                    .table(Submissions::Table)
                    .col(uuid(Submissions::Id).primary_key())
                    .col(uuid(Submissions::OrganisationId))
                    .col(uuid(Submissions::GroupId))
                    .col(uuid(Submissions::CycleId))
                    .col(small_integer(Submissions::Step))
                    .col(string_len(Submissions::Handover, 64))
                    .col(integer(Submissions::Version))
                    .col(string_len(Submissions::Title, 200))
                    .col(integer_null(Submissions::ArtefactVersion))
                    .col(text(Submissions::Body))
                    .col(uuid_null(Submissions::SubmittedBy))
                    .col(timestamp_with_time_zone(Submissions::SubmittedAt))
                    .foreign_key(&mut cascade(
                        (Submissions::Table, Submissions::OrganisationId),
                        (Organisations::Table, Organisations::Id),
                    ))
                    .foreign_key(&mut cascade(
                        (Submissions::Table, Submissions::GroupId),
                        (Groups::Table, Groups::Id),
                    ))
                    .foreign_key(&mut cascade(
                        (Submissions::Table, Submissions::CycleId),
                        (Cycles::Table, Cycles::Id),
                    ))
                    .foreign_key(&mut set_null((
                        Submissions::Table,
                        Submissions::SubmittedBy,
                    )))
                    .to_owned(),
            )
            .await?;
        // The key that makes a double-submitted hand-over one version, not two.
        manager
            .create_index(
                Index::create()
                    .name("submissions_version")
                    .table(Submissions::Table)
                    .col(Submissions::GroupId)
                    .col(Submissions::CycleId)
                    .col(Submissions::Step)
                    .col(Submissions::Handover)
                    .col(Submissions::Version)
                    .unique()
                    .to_owned(),
            )
            .await?;
        // The huvudman's pages read every unit's submissions of a cycle at once.
        manager
            .create_index(
                Index::create()
                    .name("submissions_cycle")
                    .table(Submissions::Table)
                    .col(Submissions::CycleId)
                    .col(Submissions::Step)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(SubmissionResponses::Table)
                    .col(uuid(SubmissionResponses::SubmissionId))
                    .col(integer(SubmissionResponses::Number))
                    .col(string_len(SubmissionResponses::Kind, 16))
                    .col(text(SubmissionResponses::Body))
                    .col(uuid_null(SubmissionResponses::RespondedBy))
                    .col(timestamp_with_time_zone(SubmissionResponses::RespondedAt))
                    .primary_key(
                        Index::create()
                            .col(SubmissionResponses::SubmissionId)
                            .col(SubmissionResponses::Number),
                    )
                    .foreign_key(&mut cascade(
                        (
                            SubmissionResponses::Table,
                            SubmissionResponses::SubmissionId,
                        ),
                        (Submissions::Table, Submissions::Id),
                    ))
                    .foreign_key(&mut set_null((
                        SubmissionResponses::Table,
                        SubmissionResponses::RespondedBy,
                    )))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Publications::Table)
                    .col(uuid(Publications::Id).primary_key())
                    .col(uuid(Publications::OrganisationId))
                    .col(uuid(Publications::GroupId))
                    .col(uuid(Publications::CycleId))
                    .col(small_integer(Publications::Step))
                    .col(string_len(Publications::Handover, 64))
                    .col(integer(Publications::Number))
                    .col(string_len(Publications::Title, 200))
                    .col(text(Publications::Body))
                    .col(boolean(Publications::ToAll))
                    .col(uuid_null(Publications::PublishedBy))
                    .col(timestamp_with_time_zone(Publications::PublishedAt))
                    .foreign_key(&mut cascade(
                        (Publications::Table, Publications::OrganisationId),
                        (Organisations::Table, Organisations::Id),
                    ))
                    .foreign_key(&mut cascade(
                        (Publications::Table, Publications::GroupId),
                        (Groups::Table, Groups::Id),
                    ))
                    .foreign_key(&mut cascade(
                        (Publications::Table, Publications::CycleId),
                        (Cycles::Table, Cycles::Id),
                    ))
                    .foreign_key(&mut set_null((
                        Publications::Table,
                        Publications::PublishedBy,
                    )))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("publications_number")
                    .table(Publications::Table)
                    .col(Publications::GroupId)
                    .col(Publications::CycleId)
                    .col(Publications::Step)
                    .col(Publications::Handover)
                    .col(Publications::Number)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("publications_cycle")
                    .table(Publications::Table)
                    .col(Publications::CycleId)
                    .col(Publications::Step)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PublicationRecipients::Table)
                    .col(uuid(PublicationRecipients::PublicationId))
                    .col(uuid(PublicationRecipients::GroupId))
                    .primary_key(
                        Index::create()
                            .col(PublicationRecipients::PublicationId)
                            .col(PublicationRecipients::GroupId),
                    )
                    .foreign_key(&mut cascade(
                        (
                            PublicationRecipients::Table,
                            PublicationRecipients::PublicationId,
                        ),
                        (Publications::Table, Publications::Id),
                    ))
                    .foreign_key(&mut cascade(
                        (PublicationRecipients::Table, PublicationRecipients::GroupId),
                        (Groups::Table, Groups::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        // A unit's step page asks which publications reached it: by its group id.
        manager
            .create_index(
                Index::create()
                    .name("publication_recipients_group")
                    .table(PublicationRecipients::Table)
                    .col(PublicationRecipients::GroupId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(DigestLines::Table)
                    .col(uuid(DigestLines::Id).primary_key())
                    .col(uuid(DigestLines::UserId))
                    .col(text(DigestLines::Line))
                    .col(text(DigestLines::Link))
                    .col(timestamp_with_time_zone(DigestLines::CreatedAt))
                    .foreign_key(&mut cascade(
                        (DigestLines::Table, DigestLines::UserId),
                        (Users::Table, Users::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("digest_lines_created")
                    .table(DigestLines::Table)
                    .col(DigestLines::CreatedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(UnsubscribeTokens::Table)
                    .col(string_len(UnsubscribeTokens::TokenHash, 64).primary_key())
                    .col(uuid(UnsubscribeTokens::UserId))
                    .col(timestamp_with_time_zone(UnsubscribeTokens::ExpiresAt))
                    .foreign_key(&mut cascade(
                        (UnsubscribeTokens::Table, UnsubscribeTokens::UserId),
                        (Users::Table, Users::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        // The purge job removes expired links by their expiry.
        manager
            .create_index(
                Index::create()
                    .name("unsubscribe_tokens_expiry")
                    .table(UnsubscribeTokens::Table)
                    .col(UnsubscribeTokens::ExpiresAt)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Users::Table)
                    .add_column(string_len(Users::NoticeMail, 16).default("each"))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Users::Table)
                    .drop_column(Users::NoticeMail)
                    .to_owned(),
            )
            .await?;
        for table in [
            UnsubscribeTokens::Table.into_iden(),
            DigestLines::Table.into_iden(),
            PublicationRecipients::Table.into_iden(),
            Publications::Table.into_iden(),
            SubmissionResponses::Table.into_iden(),
            Submissions::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
