//! SeaORM 2.0 entities (dense format) for every table the migrations create, one module per table.

pub mod answer_versions;
pub mod answers;
pub mod artefact_versions;
pub mod audit_events;
pub mod calendar_defaults;
pub mod calendar_feeds;
pub mod contributions;
pub mod cycles;
pub mod digest_lines;
pub mod enums;
pub mod flashes;
pub mod group_years;
pub mod groups;
pub mod invitations;
pub mod meeting_times;
pub mod memberships;
pub mod organisation_owners;
pub mod organisations;
pub mod outbox;
pub mod prompt_notes;
pub mod prompt_summaries;
pub mod publication_recipients;
pub mod publications;
pub mod rate_limits;
pub mod school_holidays;
pub mod sessions;
pub mod sign_in_tokens;
pub mod step_states;
pub mod submission_responses;
pub mod submissions;
pub mod unsubscribe_tokens;
pub mod users;

/// The entities under short singular names, e.g. `User::find()`.
pub mod prelude {
    pub use super::answer_versions::Entity as AnswerVersion;
    pub use super::answers::Entity as Answer;
    pub use super::artefact_versions::Entity as ArtefactVersion;
    pub use super::audit_events::Entity as AuditEvent;
    pub use super::calendar_defaults::Entity as CalendarDefault;
    pub use super::calendar_feeds::Entity as CalendarFeed;
    pub use super::contributions::Entity as Contribution;
    pub use super::cycles::Entity as Cycle;
    pub use super::digest_lines::Entity as DigestLine;
    pub use super::flashes::Entity as Flash;
    pub use super::group_years::Entity as GroupYear;
    pub use super::groups::Entity as Group;
    pub use super::invitations::Entity as Invitation;
    pub use super::meeting_times::Entity as MeetingTime;
    pub use super::memberships::Entity as Membership;
    pub use super::organisation_owners::Entity as OrganisationOwner;
    pub use super::organisations::Entity as Organisation;
    pub use super::outbox::Entity as Outbox;
    pub use super::prompt_notes::Entity as PromptNote;
    pub use super::prompt_summaries::Entity as PromptSummary;
    pub use super::publication_recipients::Entity as PublicationRecipient;
    pub use super::publications::Entity as Publication;
    pub use super::rate_limits::Entity as RateLimit;
    pub use super::school_holidays::Entity as SchoolHoliday;
    pub use super::sessions::Entity as Session;
    pub use super::sign_in_tokens::Entity as SignInToken;
    pub use super::step_states::Entity as StepState;
    pub use super::submission_responses::Entity as SubmissionResponse;
    pub use super::submissions::Entity as Submission;
    pub use super::unsubscribe_tokens::Entity as UnsubscribeToken;
    pub use super::users::Entity as User;
}
