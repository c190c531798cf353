//! Verkstad's schema, one migration per file, applied in order at start-up on SQLite and PostgreSQL.

pub use sea_orm_migration::prelude::*;

mod m20261123_000001_create_users;
mod m20261123_000002_create_outbox;
mod m20261123_000003_create_sign_in;
mod m20261123_000004_create_audit_events;
mod m20261123_000005_create_organisations_and_groups;
mod m20261123_000006_create_invitations;
mod m20261123_000007_add_invitation_reminders;
mod m20261129_000008_harden_invitations_outbox_limits;
mod m20261129_000009_index_lookups_by_owner;
mod m20261129_000010_create_flashes;
mod m20261129_000011_create_group_work;
mod m20261129_000012_create_prompt_notes;
mod m20261129_000013_create_artefact_versions;
mod m20261129_000014_add_step_mail_limit;
mod m20261130_000015_create_handovers;
mod m20261207_000016_create_calendar;
mod m20261207_000017_create_group_years;
mod m20261207_000018_create_meeting_reminders;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261123_000001_create_users::Migration),
            Box::new(m20261123_000002_create_outbox::Migration),
            Box::new(m20261123_000003_create_sign_in::Migration),
            Box::new(m20261123_000004_create_audit_events::Migration),
            Box::new(m20261123_000005_create_organisations_and_groups::Migration),
            Box::new(m20261123_000006_create_invitations::Migration),
            Box::new(m20261123_000007_add_invitation_reminders::Migration),
            Box::new(m20261129_000008_harden_invitations_outbox_limits::Migration),
            Box::new(m20261129_000009_index_lookups_by_owner::Migration),
            Box::new(m20261129_000010_create_flashes::Migration),
            Box::new(m20261129_000011_create_group_work::Migration),
            Box::new(m20261129_000012_create_prompt_notes::Migration),
            Box::new(m20261129_000013_create_artefact_versions::Migration),
            Box::new(m20261129_000014_add_step_mail_limit::Migration),
            Box::new(m20261130_000015_create_handovers::Migration),
            Box::new(m20261207_000016_create_calendar::Migration),
            Box::new(m20261207_000017_create_group_years::Migration),
            Box::new(m20261207_000018_create_meeting_reminders::Migration),
        ]
    }
}
