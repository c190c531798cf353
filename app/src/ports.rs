//! The services pages and server functions call, as traits. They are compiled only with `ssr`:
//! `server` implements them (database, mail, content) and provides a `Services` value through
//! context, so nothing server-only ever reaches the wasm build. Tests can substitute them.

use crate::{
    error::AppError,
    features::{
        auth::types::SignedInUser,
        calendar::types::{
            CalendarPage, FeedState, HolidayWeeks, HolidaysPage, MeetingForm, MeetingPage,
            ReminderChoice, UsualForm,
        },
        groups::types::{
            GroupHome, OrganisationOverview, PlatformPage, Registration, UnitGroupForm,
        },
        handovers::types::{
            Handed, NoticeChoice, Overview, ResponseKind, SideBySide, StepHandovers, SubmissionPage,
        },
        invitations::types::{InvitationView, InviteResult, MyInvitation, PendingInvitation},
        work::types::{
            FinalisedDocument, FinalisedSet, GroupStep, Noted, PastYear, Saved, StepDocument,
            TaskAnswers,
        },
        workshop::types::{StepView, Track, TrackOverview, YearPlanView},
        years::types::{OrganisationYears, YearsPage},
    },
    i18n::Locale,
};
use std::sync::Arc;

/// The workshop's content: steps of both tracks, in each language.
pub trait Workshop: Send + Sync {
    /// Both tracks with their steps, in order.
    fn overview(&self, locale: Locale) -> Vec<TrackOverview>;
    /// One step of one track; `None` when there is no such step.
    fn step(&self, track: Track, number: u8, locale: Locale) -> Option<StepView>;
    /// A track's school year: every step's meetings and hand-overs, in week order.
    fn year_plan(&self, track: Track, locale: Locale) -> YearPlanView;
    /// Whether content has been loaded (for `/readyz`).
    fn is_loaded(&self) -> bool;
}

/// Signing in by e-mailed link, and the sessions that follow.
#[async_trait::async_trait]
pub trait Auth: Send + Sync {
    /// Sends a one-time sign-in link to `email`, in the actor's language. The answer is the
    /// same whether or not the address has an account, so nobody can probe for accounts.
    /// Too many requests for one address or from one client give `RateLimited`.
    async fn request_sign_in(&self, actor: &Actor, email: &str) -> Result<(), AppError>;
    /// Spends a link's token and starts a session; returns the `Set-Cookie` value.
    async fn confirm_sign_in(&self, actor: &Actor, token: &str) -> Result<String, AppError>;
    /// Ends the actor's session; returns the `Set-Cookie` value that clears it.
    async fn sign_out(&self, actor: &Actor) -> Result<String, AppError>;
    /// Ends every session of the actor, in every browser.
    async fn sign_out_everywhere(&self, actor: &Actor) -> Result<String, AppError>;
}

/// Who is asking. The server's middleware resolves it once per request, from the session
/// cookie and the client address, before any page renders or server function runs; both read
/// it with `actor()`. Services take it instead of cookies.
#[derive(Clone, Debug, Default)]
pub struct Actor {
    /// The person signed in, if a live session came with the request.
    pub user: Option<SignedInUser>,
    /// The SHA-256 of that session's token: what signing out deletes.
    pub session: Option<String>,
    /// The id of the person whose session came with the request but had ended (idle or past
    /// its last hour): "sign out everywhere" must still end their other sessions.
    pub lapsed: Option<String>,
    /// The session could not be looked up (the database failed): signing out must say so
    /// rather than claim it worked.
    pub unresolved: bool,
    /// The SHA-256 of the browser's flash cookie, if it has one (see `Flashes`).
    pub flash: Option<String>,
    pub client: ClientIp,
    /// The reader's language, as their pages are shown in: mail they cause is written in it.
    pub locale: Locale,
}

impl Actor {
    /// The signed-in person's id; `Forbidden` for someone not signed in.
    pub fn user_id(&self) -> Result<UserId, AppError> {
        let user = self.user.as_ref().ok_or(AppError::Forbidden)?;
        user.id.parse().map_err(|_| AppError::Forbidden)
    }

    /// Whether the signed-in person administers the platform.
    pub fn is_admin(&self) -> bool {
        self.user.as_ref().is_some_and(|u| u.is_admin)
    }
}

/// Ids as services take them: parsed once where they arrive (a form field, a path), so a
/// malformed one is a page that does not exist (404) and a group's id cannot be passed where
/// a person's is expected.
macro_rules! ids {
    ($($(#[$doc:meta])* $name:ident;)*) => {$(
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub struct $name(pub uuid::Uuid);

        impl std::str::FromStr for $name {
            type Err = AppError;
            fn from_str(value: &str) -> Result<Self, AppError> {
                uuid::Uuid::parse_str(value.trim()).map(Self).map_err(|_| AppError::NotFound)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
    )*};
}

ids! {
    /// A person's account.
    UserId;
    /// A huvudman or unit group.
    GroupId;
    /// An organisation (a huvudman).
    OrganisationId;
    /// One invitation.
    InvitationId;
    /// One submitted version of a hand-over.
    SubmissionId;
    /// One school year of an organisation.
    CycleId;
}

/// Parses an id a request sent; a malformed one answers 404, like one that does not exist.
pub fn id<T: std::str::FromStr<Err = AppError>>(value: &str) -> Result<T, AppError> {
    crate::error::with_status(value.parse())
}

/// This request's actor (anonymous if the middleware did not run, as for a static file).
pub fn actor() -> Actor {
    let parts = leptos::prelude::use_context::<http::request::Parts>();
    if let Some(actor) = parts.as_ref().and_then(|p| p.extensions.get::<Actor>()) {
        return actor.clone();
    }
    if parts.is_some() {
        tracing::warn!("a request reached a page or server function without its actor");
    }
    Actor {
        client: client_ip(),
        ..Actor::default()
    }
}

/// The client's address as the server saw it, put on each request by the server's middleware.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ClientIp(pub String);

/// This request's client address.
pub fn client_ip() -> ClientIp {
    leptos::prelude::use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<ClientIp>().cloned())
        .unwrap_or_default()
}

/// Whether the request is a plain form post (it wants a page back) rather than a call from
/// the app's own script, which wants the error itself.
pub fn wants_html() -> bool {
    leptos::prelude::use_context::<http::request::Parts>().is_some_and(|parts| {
        parts
            .headers
            .get(http::header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|accept| accept.contains("text/html"))
    })
}

/// The path (no query) of the page the form was posted from, when it is on this site.
pub fn referring_path() -> Option<String> {
    let parts = leptos::prelude::use_context::<http::request::Parts>()?;
    let referer = parts.headers.get(http::header::REFERER)?.to_str().ok()?;
    let host = parts.headers.get(http::header::HOST)?.to_str().ok()?;
    let rest = referer
        .strip_prefix("https://")
        .or_else(|| referer.strip_prefix("http://"))?
        .strip_prefix(host)?;
    let path = rest.split(['?', '#']).next()?;
    (path.starts_with('/') && !path.starts_with("//")).then(|| path.to_string())
}

/// For a plain form whose target is gone (an invitation already revoked or accepted, a member
/// who already left): sends the browser back to the page it came from, saying so, instead of
/// a bare 404. Without a same-site `Referer` (a script, or another site) it does nothing and
/// the caller answers 404. Returns whether it redirected. It says the same whether the target
/// never existed or is someone else's, so it reveals nothing.
pub fn back_with_stale_notice(anchor: &str) -> bool {
    match referring_path() {
        Some(path) if wants_html() => {
            leptos_axum::redirect(&format!("{path}?fel=inaktuell#{anchor}"));
            true
        }
        _ => false,
    }
}

/// Keeps this response's address out of `Referer` headers: for pages whose URL holds a token.
pub fn no_referrer() {
    if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        response.insert_header(
            http::header::REFERRER_POLICY,
            http::HeaderValue::from_static("no-referrer"),
        );
    }
}

/// Organisations and groups. Every method is scoped to the actor: what they may not see is
/// `NotFound`, never a hint that it exists.
#[async_trait::async_trait]
pub trait Groups: Send + Sync {
    async fn my_groups(&self, actor: &Actor) -> Result<Vec<crate::shared::GroupLine>, AppError>;
    /// Creates the organisation, its huvudman group (and a unit group for a school that is
    /// both); the actor becomes owner and process leader. Returns the huvudman group's id.
    async fn register(&self, actor: &Actor, form: Registration) -> Result<GroupId, AppError>;
    async fn group(&self, actor: &Actor, id: GroupId) -> Result<GroupHome, AppError>;
    /// Owners only.
    async fn organisation(
        &self,
        actor: &Actor,
        id: OrganisationId,
    ) -> Result<OrganisationOverview, AppError>;
    /// A process leader removes someone else; their access ends with their next request,
    /// and the invitations they sent are revoked.
    async fn remove_member(
        &self,
        actor: &Actor,
        group: GroupId,
        member: UserId,
    ) -> Result<(), AppError>;
    /// Leaves a group; the last process leader cannot (`Invalid::LastLeader`).
    async fn leave(&self, actor: &Actor, group: GroupId) -> Result<(), AppError>;
    /// Platform administrators only: one page (from 1) of every organisation with its groups
    /// and their counts.
    async fn platform(&self, actor: &Actor, page: u32) -> Result<PlatformPage, AppError>;
    /// A unit group's name, school forms and code; for its process leaders and the owners.
    async fn update_unit(
        &self,
        actor: &Actor,
        group: GroupId,
        form: UnitGroupForm,
    ) -> Result<(), AppError>;
    /// Owners only. The owner becomes the unit group's process leader, unless the form names
    /// another leader, who is invited in the same transaction. Returns its id, and the
    /// invitation's result when a leader was named.
    async fn create_unit_group(
        &self,
        actor: &Actor,
        organisation: OrganisationId,
        form: UnitGroupForm,
    ) -> Result<(GroupId, Option<Vec<InviteResult>>), AppError>;
}

/// Invitations by e-mail. Inviting, resending and revoking are for the group's process
/// leaders; anyone else gets `NotFound`. Mail goes out in the actor's language.
#[async_trait::async_trait]
pub trait Invitations: Send + Sync {
    /// Invites every address in `addresses` (any separators, at most 200), one result each.
    async fn invite(
        &self,
        actor: &Actor,
        group: GroupId,
        addresses: &str,
        role: crate::features::groups::types::Role,
    ) -> Result<Vec<InviteResult>, AppError>;
    async fn pending(
        &self,
        actor: &Actor,
        group: GroupId,
    ) -> Result<Vec<PendingInvitation>, AppError>;
    /// A new link (the old one stops working) and a new expiry. Returns the group's id.
    async fn resend(&self, actor: &Actor, invitation: InvitationId) -> Result<GroupId, AppError>;
    /// The link stops working at once. Returns the group's id.
    async fn revoke(&self, actor: &Actor, invitation: InvitationId) -> Result<GroupId, AppError>;
    /// From an expired link: tells whoever invited that a new invitation is wanted.
    async fn ask_again(&self, actor: &Actor, token: &str) -> Result<(), AppError>;
    /// What the link shows; `NotFound` once it is used or revoked.
    async fn view(&self, actor: &Actor, token: &str) -> Result<InvitationView, AppError>;
    /// Joins the group: as the account signed in here if it is the invited one, or as a new
    /// account for the invited address, created with `name` and signed in. An address that
    /// already has an account is never signed in by an invitation (`Forbidden`): its owner
    /// signs in and finds the invitation under "Mina grupper". Returns the group's id and the
    /// session cookie to set, if a session was started.
    async fn accept(
        &self,
        actor: &Actor,
        token: &str,
        name: &str,
    ) -> Result<(GroupId, Option<String>), AppError>;
    /// Pending invitations to the signed-in person's own address, for groups they are not in.
    async fn mine(&self, actor: &Actor) -> Result<Vec<MyInvitation>, AppError>;
    /// Accepts one of `mine` by its id; anyone else's is `NotFound`. Returns the group's id.
    async fn join(&self, actor: &Actor, invitation: InvitationId) -> Result<GroupId, AppError>;
}

/// The group's work on the steps, in the organisation's current cycle. Members see and change
/// it; the organisation's owners and platform administrators who are not members see states and
/// progress, never the text. Opening, finishing and agreeing are for process leaders.
#[async_trait::async_trait]
pub trait Work: Send + Sync {
    /// A discussion prompt's page: its notes and summary. Members only.
    async fn prompt(
        &self,
        actor: &Actor,
        group: GroupId,
        number: u8,
        prompt: &str,
    ) -> Result<crate::features::work::types::PromptPage, AppError>;
    /// A field's page: the others' texts and the answer's versions. Members only.
    async fn field(
        &self,
        actor: &Actor,
        group: GroupId,
        number: u8,
        task: &str,
        field: &str,
    ) -> Result<crate::features::work::types::FieldPage, AppError>;
    async fn step(&self, actor: &Actor, group: GroupId, number: u8) -> Result<GroupStep, AppError>;
    /// Opens a released step, in order (`Invalid::StepNotOpen` otherwise); with `notify`, the
    /// other members get a short mail (at most one such mail a day each).
    async fn open(
        &self,
        actor: &Actor,
        group: GroupId,
        number: u8,
        notify: bool,
    ) -> Result<(), AppError>;
    /// Marks an open step done; `Invalid::TasksNotAgreed` unless every task is agreed or the
    /// leader has confirmed.
    async fn finish(
        &self,
        actor: &Actor,
        group: GroupId,
        number: u8,
        confirmed: bool,
    ) -> Result<(), AppError>;
    async fn reopen(&self, actor: &Actor, group: GroupId, number: u8) -> Result<(), AppError>;
    /// Saves a task's values in an open step; see `Saved` for the outcomes that are not errors.
    async fn save(
        &self,
        actor: &Actor,
        group: GroupId,
        number: u8,
        answers: TaskAnswers,
    ) -> Result<Saved, AppError>;
    /// Makes an earlier `version` of the group's answer to `field` (`task/field`) current
    /// again, as a new version, from `current` (the version the person saw).
    async fn restore(
        &self,
        actor: &Actor,
        group: GroupId,
        number: u8,
        field: &str,
        version: i32,
        current: i32,
    ) -> Result<Saved, AppError>;
    /// Adds a member's note under a discussion prompt (its id within the step) or, with
    /// `summary`, a process leader's summary of it (empty removes it).
    #[allow(clippy::too_many_arguments)]
    async fn note(
        &self,
        actor: &Actor,
        group: GroupId,
        number: u8,
        prompt: &str,
        body: &str,
        summary: bool,
    ) -> Result<Noted, AppError>;
    /// Marks the group's answer to `field` (`task/field`) agreed, or not.
    async fn agree(
        &self,
        actor: &Actor,
        group: GroupId,
        number: u8,
        field: &str,
        agreed: bool,
    ) -> Result<(), AppError>;
    /// The step's artefact as the group's answers make it now, with its finalised versions.
    async fn document(
        &self,
        actor: &Actor,
        group: GroupId,
        number: u8,
    ) -> Result<StepDocument, AppError>;
    /// One finalised version of the step's artefact, exactly as it was stored.
    async fn finalised(
        &self,
        actor: &Actor,
        group: GroupId,
        number: u8,
        version: i32,
    ) -> Result<FinalisedDocument, AppError>;
    /// Every step's newest finalised version, for a member, in a fixed number of queries.
    async fn newest_finalised(
        &self,
        actor: &Actor,
        group: GroupId,
        year: Option<CycleId>,
    ) -> Result<FinalisedSet, AppError>;
    /// One of the group's closed years, read-only: every step's newest finalised document and
    /// what the group sent; `NotFound` for a year the group has not closed.
    async fn past_year(
        &self,
        actor: &Actor,
        group: GroupId,
        year: CycleId,
    ) -> Result<PastYear, AppError>;
    /// Finalises the step's artefact as the next version, from `seen` (the newest version the
    /// leader's page showed; `Conflict` when there is a newer one). Returns the version that
    /// holds the answers now: unchanged answers make no new version.
    async fn finalise(
        &self,
        actor: &Actor,
        group: GroupId,
        number: u8,
        seen: i32,
    ) -> Result<i32, AppError>;
}

/// Flashes: what a form post leaves for the page it redirects to, kept on the server under a
/// random cookie for a few minutes, never in the URL. `crate::flash` is the typed way to use it.
/// What moves between a huvudman and its units, and the huvudman's whole picture.
#[async_trait::async_trait]
pub trait Handovers: Send + Sync {
    /// The hand-overs on a group's step page: a unit's own, or every unit's for the huvudman.
    async fn step(
        &self,
        actor: &Actor,
        group: GroupId,
        number: u8,
    ) -> Result<StepHandovers, AppError>;
    /// A unit's process leader submits a hand-over up; `seen` is the newest version the page
    /// showed. Returns the version that now holds it, or why it was not taken.
    async fn submit(
        &self,
        actor: &Actor,
        group: GroupId,
        number: u8,
        handover: &str,
        seen: i32,
        text: Option<String>,
    ) -> Result<Handed, AppError>;
    /// One submitted version, for the unit's members and those who oversee the organisation.
    async fn submission(&self, actor: &Actor, id: SubmissionId)
    -> Result<SubmissionPage, AppError>;
    /// The huvudman's process leader answers the newest version; `seen`: answers shown.
    async fn respond(
        &self,
        actor: &Actor,
        id: SubmissionId,
        seen: i32,
        kind: ResponseKind,
        body: &str,
    ) -> Result<Handed, AppError>;
    /// The huvudman's process leader publishes to every unit (`to`: `None`) or those named.
    #[allow(clippy::too_many_arguments)]
    async fn publish(
        &self,
        actor: &Actor,
        group: GroupId,
        number: u8,
        handover: &str,
        seen: i32,
        body: &str,
        to: Option<Vec<GroupId>>,
    ) -> Result<Handed, AppError>;
    /// Units × steps, progress and the ratings' spread, for those who oversee the organisation.
    async fn overview(
        &self,
        actor: &Actor,
        organisation: OrganisationId,
    ) -> Result<Overview, AppError>;
    /// One step's submissions across units, side by side.
    async fn side_by_side(
        &self,
        actor: &Actor,
        organisation: OrganisationId,
        number: u8,
    ) -> Result<SideBySide, AppError>;
}

/// A group's year in dates, the organisation's holidays, and each person's calendar feed.
#[async_trait::async_trait]
pub trait Calendar: Send + Sync {
    /// The group's meetings and hand-overs on their days, for anyone who may see the group.
    async fn page(&self, actor: &Actor, group: GroupId) -> Result<CalendarPage, AppError>;
    /// One meeting (step `step`, meeting `number` from 1); `NotFound` for one that is not.
    async fn meeting(
        &self,
        actor: &Actor,
        group: GroupId,
        step: u8,
        number: u8,
    ) -> Result<MeetingPage, AppError>;
    /// The leader sets a meeting's day, time, length and place; every change raises its
    /// sequence, so calendars move it.
    async fn move_meeting(
        &self,
        actor: &Actor,
        group: GroupId,
        step: u8,
        number: u8,
        form: MeetingForm,
    ) -> Result<(), AppError>;
    /// The leader cancels a meeting, or brings it back (`cancelled = false`).
    async fn cancel_meeting(
        &self,
        actor: &Actor,
        group: GroupId,
        step: u8,
        number: u8,
        cancelled: bool,
    ) -> Result<(), AppError>;
    /// The leader sets the group's usual weekday, time and place.
    async fn set_usual(
        &self,
        actor: &Actor,
        group: GroupId,
        form: UsualForm,
    ) -> Result<(), AppError>;
    /// The organisation's school holidays, for its owners and members of its groups.
    async fn holidays(
        &self,
        actor: &Actor,
        organisation: OrganisationId,
    ) -> Result<HolidaysPage, AppError>;
    /// An owner or the huvudman's process leader sets the holidays.
    async fn set_holidays(
        &self,
        actor: &Actor,
        organisation: OrganisationId,
        weeks: HolidayWeeks,
    ) -> Result<(), AppError>;
    /// Whether the actor has a calendar address.
    async fn feed(&self, actor: &Actor) -> Result<FeedState, AppError>;
    /// Stops the actor's calendar address: it answers 404 from now on.
    async fn stop_feed(&self, actor: &Actor) -> Result<(), AppError>;
    /// When the actor is reminded before meetings.
    async fn set_reminders(&self, actor: &Actor, choice: ReminderChoice) -> Result<(), AppError>;
}

/// The school years: a group's own (closed by its leader) and the organisation's (the next
/// opened by the huvudman).
#[async_trait::async_trait]
pub trait Years: Send + Sync {
    /// The group's year and its earlier ones, for anyone who may see the group.
    async fn group_years(&self, actor: &Actor, group: GroupId) -> Result<YearsPage, AppError>;
    /// The leader closes the group's year: with step 5 done, or with `move_on` (the answers of
    /// the steps not done go on to the next year, which must be open); `YearNotDone` otherwise.
    async fn close(&self, actor: &Actor, group: GroupId, move_on: bool) -> Result<(), AppError>;
    /// The organisation's years, for everyone who takes part in it.
    async fn organisation_years(
        &self,
        actor: &Actor,
        organisation: OrganisationId,
    ) -> Result<OrganisationYears, AppError>;
    /// Owners and the huvudman's process leaders open the next school year.
    async fn open_next(&self, actor: &Actor, organisation: OrganisationId) -> Result<(), AppError>;
}

/// Each person's choice of mail about the work, and the links that unsubscribe.
#[async_trait::async_trait]
pub trait Notices: Send + Sync {
    async fn choice(&self, actor: &Actor) -> Result<NoticeChoice, AppError>;
    async fn choose(&self, actor: &Actor, choice: NoticeChoice) -> Result<(), AppError>;
    /// Spends an unsubscribe link; `false` if it is unknown, used or expired.
    async fn unsubscribe(&self, actor: &Actor, token: &str) -> Result<bool, AppError>;
}

#[async_trait::async_trait]
pub trait Flashes: Send + Sync {
    /// Keeps `payload` (JSON) for the next page showing `form`; returns the `Set-Cookie` value
    /// when the browser had no flash cookie yet.
    async fn put(
        &self,
        actor: &Actor,
        form: &str,
        payload: String,
    ) -> Result<Option<String>, AppError>;
    /// The payload left for `form`, once.
    async fn take(&self, actor: &Actor, form: &str) -> Result<Option<String>, AppError>;
}

/// Every service, handed to server functions via context.
#[derive(Clone)]
pub struct Services {
    pub flashes: Arc<dyn Flashes>,
    pub workshop: Arc<dyn Workshop>,
    pub auth: Arc<dyn Auth>,
    pub groups: Arc<dyn Groups>,
    pub invitations: Arc<dyn Invitations>,
    pub work: Arc<dyn Work>,
    pub handovers: Arc<dyn Handovers>,
    pub notices: Arc<dyn Notices>,
    pub calendar: Arc<dyn Calendar>,
    pub years: Arc<dyn Years>,
}

/// This request's actor if someone is signed in; otherwise sends a form post to the sign-in
/// page and returns `None`.
pub fn signed_in_or_redirect() -> Option<Actor> {
    let actor = actor();
    if actor.user.is_none() {
        leptos_axum::redirect("/logga-in");
        return None;
    }
    Some(actor)
}

/// A read for signed-in people, answered the same way by every server function: `None` for
/// someone not signed in (the page then asks them to sign in first), otherwise what `load`
/// answers, with its status.
pub async fn for_signed_in<T, F>(
    load: impl FnOnce(Actor, Services) -> F,
) -> Result<Option<T>, AppError>
where
    F: std::future::Future<Output = Result<T, AppError>>,
{
    let actor = actor();
    if actor.user.is_none() {
        return Ok(None);
    }
    crate::error::with_status(load(actor, services()?).await).map(Some)
}

/// The person signed in on this request, or `None`.
pub async fn signed_in() -> Result<Option<SignedInUser>, AppError> {
    Ok(actor().user)
}

/// Adds a `Set-Cookie` header to the response being built.
pub fn set_cookie(value: &str) {
    if let (Some(response), Ok(value)) = (
        leptos::prelude::use_context::<leptos_axum::ResponseOptions>(),
        http::HeaderValue::from_str(value),
    ) {
        response.append_header(http::header::SET_COOKIE, value);
    }
}

/// Tells the browser to drop what the site keeps in it (local storage: unsaved text kept by
/// autosave), so nothing of the person is left for the next user of a shared computer.
pub fn clear_browser_storage() {
    if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        response.append_header(
            http::HeaderName::from_static("clear-site-data"),
            http::HeaderValue::from_static("\"storage\""),
        );
    }
}

/// The services in context, or an internal error if the server forgot to provide them.
pub fn services() -> Result<Services, crate::error::AppError> {
    leptos::prelude::use_context::<Services>().ok_or_else(|| {
        tracing::error!("Services missing from context");
        crate::error::AppError::Internal {
            ref_id: "context".into(),
        }
    })
}
