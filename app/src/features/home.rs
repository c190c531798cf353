//! The start page: what Verkstad is for, and the steps of both tracks.

use crate::paths::{step_href, year_plan_href};
use crate::ui::head::PageTitle;
use crate::{
    features::{
        auth::api::current_user,
        workshop::{
            api::get_overview,
            pages::track_name,
            types::{Track, TrackOverview},
        },
    },
    i18n::*,
    ui::{date::long_date, page::ErrorPage},
};
use leptos::prelude::*;

#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    view! {
        <PageTitle text=String::new() />
        <section class="hero">
            <h1>{t!(i18n, home_title)}</h1>
            <p class="lead">{t!(i18n, home_lead)}</p>
            <GetStarted />
        </section>
        <section aria-labelledby="sa-fungerar-det">
            <h2 id="sa-fungerar-det">{t!(i18n, home_how_title)}</h2>
            <ol class="how">
                <li>{t!(i18n, home_how_1)}</li>
                <li>{t!(i18n, home_how_2)}</li>
                <li>{t!(i18n, home_how_3)}</li>
            </ol>
        </section>
        <section aria-labelledby="spar">
            <h2 id="spar">{t!(i18n, home_tracks_title)}</h2>
            <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
                {move || Suspend::new(async move {
                    match get_overview(locale).await {
                        Ok(tracks) => view! {
                            <div class="tracks">
                                {tracks.into_iter().map(|overview| view! { <TrackCard overview /> }).collect_view()}
                            </div>
                        }.into_any(),
                        Err(error) => view! { <ErrorPage error /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// The way in: sign in, or register an organisation; for someone signed in, their groups.
#[component]
fn GetStarted() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="get-started">
            <h2 id="kom-igang">{t!(i18n, home_start_title)}</h2>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match current_user().await {
                        Ok(Some(_)) => view! {
                            <p>{t!(i18n, home_start_signed_in)}</p>
                            <p class="actions"><a class="button primary" href="/mina-grupper">{t!(i18n, home_start_my_groups)}</a></p>
                        }.into_any(),
                        _ => view! {
                            <p>{t!(i18n, home_start_text)}</p>
                            <p class="actions">
                                <a class="button primary" href="/logga-in">{t!(i18n, home_start_sign_in)}</a>
                                <a class="button" href="/anmalan">{t!(i18n, home_start_register)}</a>
                            </p>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn TrackCard(overview: TrackOverview) -> impl IntoView {
    let i18n = use_i18n();
    let track = overview.track;
    let name = track_name(i18n, track);
    let heading_id = format!("spar-{}", track.slug());
    let labelled_by = heading_id.clone();
    let intro = match track {
        Track::Huvudman => t_string!(i18n, track_huvudman_intro).to_string(),
        Track::Enhet => t_string!(i18n, track_enhet_intro).to_string(),
    };
    view! {
        <section class="track" aria-labelledby=labelled_by>
            <h3 id=heading_id>{name.clone()}</h3>
            <p>{intro}</p>
            <ol class="step-list">
                {overview.steps.into_iter().map(|step| {
                    let label = t_string!(i18n, step_label, number = step.number).to_string();
                    view! {
                        <li>
                            // The track is in the link's name for screen-reader link lists,
                            // hidden visually since the heading above already says it.
                            <a href=step_href(track, step.number)>
                                <span class="step-number">{label}</span>
                                " "
                                <span class="step-title">{step.title}</span>
                                <span class="visually-hidden">{format!(", {}", name.to_lowercase())}</span>
                            </a>
                            <p>{step.summary}</p>
                            {step.opens.map(|date| view! {
                                <p class="opens">
                                    <time datetime=date.iso()>
                                        {t_string!(i18n, step_opens_short, date = long_date(i18n, date)).to_string()}
                                    </time>
                                </p>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ol>
            <p>
                <a href=year_plan_href(track)>
                    {t_string!(i18n, year_plan_heading, track = name.clone()).to_string()}
                </a>
            </p>
        </section>
    }
}
