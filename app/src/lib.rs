//! Verkstad's user interface: the HTML shell, the routes and every page. Pages render on the
//! server; only islands (`#[island]`) ship to the browser as wasm and hydrate there.

// Release builds keep Leptos's full view types (debug builds erase them), and a step page's
// type nests deeper than the default limit of 128.
#![recursion_limit = "256"]

pub mod error;
pub mod features;
pub mod flash;
pub mod flash_form;
pub mod paths;
#[cfg(feature = "ssr")]
pub mod ports;
pub mod shared;
pub mod states;
pub mod ui;

// Translations: `pub mod i18n`, generated from app/locales/*.json by `make i18n` (app/i18n-gen);
// `make test` fails when it is older than the locale files.
include!("i18n_generated.rs");

use crate::{
    features::{
        auth::pages::{ConfirmSignInPage, MyGroupsPage, SignInPage, SignInSentPage},
        calendar::pages::{CalendarRoute, HolidaysRoute, MeetingRoute, PosterRoute},
        groups::pages::{GroupPage, OrganisationPage, PlatformPage, RegisterPage},
        handovers::{
            overview::{OverviewRoute, SideBySideRoute},
            pages::SubmissionRoute,
            settings::{SettingsRoute, UnsubscribeRoute, UnsubscribedRoute},
        },
        home::HomePage,
        invitations::pages::InvitationPage,
        work::{
            document::{FinalisedPage, StepDocumentPage},
            field::FieldRoute,
            pages::{ContributorsPage, GroupStepPage},
            past::PastYearRoute,
            prompt::PromptRoute,
        },
        workshop::{pages::StepPage, year_plan::YearPlanPage},
        years::pages::{OrganisationYearsRoute, YearsRoute},
    },
    i18n::I18nContextProvider,
    ui::{layout::Layout, page::NotFound},
};
use leptos::prelude::*;
use leptos_meta::{HashedStylesheet, MetaTags, provide_meta_context};
use leptos_router::{
    SsrMode,
    components::{Route, Router, Routes},
    path,
};

/// The HTML document around every page. Hydration scripts load only the islands.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light" />
                <HashedStylesheet options=options.clone() />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <HydrationScripts options islands=true />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// Routes. Every page renders completely on the server (`SsrMode::Async`) so that it works
/// with JavaScript off; no route streams a loading state that needs a script to resolve.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <I18nContextProvider cookie_options=language_cookie()>
            <Router>
                <Layout>
                    <Routes fallback=NotFound>
                        <Route path=path!("/") view=HomePage ssr=SsrMode::Async />
                        <Route path=path!("/:track/steg/:number") view=StepPage ssr=SsrMode::Async />
                        <Route path=path!("/:track/arsplan") view=YearPlanPage ssr=SsrMode::Async />
                        <Route path=path!("/logga-in") view=SignInPage ssr=SsrMode::Async />
                        <Route path=path!("/logga-in/skickat") view=SignInSentPage ssr=SsrMode::Async />
                        <Route path=path!("/logga-in/:token") view=ConfirmSignInPage ssr=SsrMode::Async />
                        <Route path=path!("/mina-grupper") view=MyGroupsPage ssr=SsrMode::Async />
                        <Route path=path!("/anmalan") view=RegisterPage ssr=SsrMode::Async />
                        <Route path=path!("/inbjudan/:token") view=InvitationPage ssr=SsrMode::Async />
                        <Route path=path!("/grupper/:id") view=GroupPage ssr=SsrMode::Async />
                        <Route path=path!("/grupper/:id/steg/:number") view=GroupStepPage ssr=SsrMode::Async />
                        <Route path=path!("/grupper/:id/kalender") view=CalendarRoute ssr=SsrMode::Async />
                        <Route path=path!("/grupper/:id/arshjul") view=PosterRoute ssr=SsrMode::Async />
                        <Route path=path!("/grupper/:id/ar") view=YearsRoute ssr=SsrMode::Async />
                        <Route path=path!("/grupper/:id/ar/:cycle") view=PastYearRoute ssr=SsrMode::Async />
                        <Route path=path!("/grupper/:id/kalender/:step/:number") view=MeetingRoute ssr=SsrMode::Async />
                        <Route path=path!("/grupper/:id/steg/:number/dokument") view=StepDocumentPage ssr=SsrMode::Async />
                        <Route path=path!("/grupper/:id/steg/:number/falt/:task/:field") view=FieldRoute ssr=SsrMode::Async />
                        <Route path=path!("/grupper/:id/steg/:number/fraga/:prompt") view=PromptRoute ssr=SsrMode::Async />
                        <Route path=path!("/grupper/:id/steg/:number/bidrag") view=ContributorsPage ssr=SsrMode::Async />
                        <Route path=path!("/grupper/:id/steg/:number/dokument/:version") view=FinalisedPage ssr=SsrMode::Async />
                        <Route path=path!("/organisationer/:id") view=OrganisationPage ssr=SsrMode::Async />
                        <Route path=path!("/organisationer/:id/helhet") view=OverviewRoute ssr=SsrMode::Async />
                        <Route path=path!("/organisationer/:id/lov") view=HolidaysRoute ssr=SsrMode::Async />
                        <Route path=path!("/organisationer/:id/ar") view=OrganisationYearsRoute ssr=SsrMode::Async />
                        <Route path=path!("/organisationer/:id/helhet/steg/:number") view=SideBySideRoute ssr=SsrMode::Async />
                        <Route path=path!("/overlamningar/:id") view=SubmissionRoute ssr=SsrMode::Async />
                        <Route path=path!("/installningar") view=SettingsRoute ssr=SsrMode::Async />
                        <Route path=path!("/avregistrera/:token") view=UnsubscribeRoute ssr=SsrMode::Async />
                        <Route path=path!("/avregistrerad") view=UnsubscribedRoute ssr=SsrMode::Async />
                        <Route path=path!("/plattform") view=PlatformPage ssr=SsrMode::Async />
                    </Routes>
                </Layout>
            </Router>
        </I18nContextProvider>
    }
}

/// The language cookie as the server renews it on each page. Without an explicit path the
/// browser would scope it to the page's folder, and a stale copy could shadow a later choice.
/// It must match what `POST /sprak` sets.
fn language_cookie() -> leptos_i18n::context::CookieOptions<i18n::Locale> {
    leptos_use::UseCookieOptions::default()
        .path("/")
        .max_age(365 * 24 * 60 * 60 * 1000_i64)
        .same_site(leptos_use::SameSite::Lax)
        .http_only(true)
}

/// Entry point of the wasm bundle: hydrates the islands on the page and nothing else.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
