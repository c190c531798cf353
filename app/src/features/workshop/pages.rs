//! The step page: introduction, tasks, films and discussion questions of one step in one track.

use super::{
    api::get_step,
    types::{StepView, Track},
};
use crate::{
    error::AppError,
    features::system::ErrorPage,
    i18n::*,
    ui::{
        film::FilmPlayer,
        timer::{DiscussionTimer, TimerLabels},
    },
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// A track's name in the reader's language.
pub fn track_name(i18n: leptos_i18n::I18nContext<Locale>, track: Track) -> String {
    match track {
        Track::Huvudman => t_string!(i18n, track_huvudman).to_string(),
        Track::Enhet => t_string!(i18n, track_enhet).to_string(),
    }
}

/// The address of a step page.
pub fn step_href(track: Track, number: u8) -> String {
    format!("/{}/steg/{number}", track.slug())
}

#[component]
pub fn StepPage() -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let params = use_params_map();
    let track = params.with_untracked(|p| p.get("track").and_then(|t| Track::parse(&t)));
    let number = params.with_untracked(|p| p.get("number").and_then(|n| n.parse::<u8>().ok()));
    view! {
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                let step = match (track, number) {
                    (Some(track), Some(number)) => get_step(track, number, locale).await,
                    _ => Err(AppError::NotFound),
                };
                match step {
                    Ok(step) => view! { <StepContent step /> }.into_any(),
                    Err(error) => view! { <ErrorPage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn StepContent(step: StepView) -> impl IntoView {
    let i18n = use_i18n();
    let track_label = track_name(i18n, step.track);
    let heading = t_string!(
        i18n,
        step_heading,
        number = step.number,
        title = step.title.clone()
    )
    .to_string();
    let other = Track::ALL
        .into_iter()
        .find(|t| *t != step.track)
        .unwrap_or(step.track);
    let other_label = t_string!(i18n, other_track, track = track_name(i18n, other)).to_string();
    let timer_labels = TimerLabels {
        title: t_string!(i18n, timer_title).to_string(),
        minutes: t_string!(i18n, timer_minutes).to_string(),
        start: t_string!(i18n, timer_start).to_string(),
        pause: t_string!(i18n, timer_pause).to_string(),
        reset: t_string!(i18n, timer_reset).to_string(),
        done: t_string!(i18n, timer_done).to_string(),
    };
    let has_films = !step.films.is_empty();
    let has_prompts = !step.prompts.is_empty();
    view! {
        <Title text=heading.clone() />
        <nav class="breadcrumbs" aria-label=t_string!(i18n, breadcrumbs).to_string()>
            <ol>
                <li><a href="/">{t!(i18n, nav_home)}</a></li>
                <li>{track_label}</li>
                <li><a href=step_href(step.track, step.number) aria-current="page">
                    {t_string!(i18n, step_label, number = step.number).to_string()}
                </a></li>
            </ol>
        </nav>
        <article class="step">
            <header class="step-header">
                <h1>{heading}</h1>
                <p class="lead">{step.summary.clone()}</p>
            </header>
            <section aria-labelledby="om-steget" class="prose">
                <h2 id="om-steget">{t!(i18n, intro_title)}</h2>
                // Trusted: rendered from editor-owned Markdown with raw HTML dropped.
                <div inner_html=step.intro_html.clone()></div>
            </section>
            <section aria-labelledby="uppgifter">
                <h2 id="uppgifter">{t!(i18n, tasks_title)}</h2>
                <ol class="tasks">
                    {step.tasks.iter().map(|task| view! {
                        <li class="task" id=format!("uppgift-{}", task.id)>
                            <h3>{task.title.clone()}</h3>
                            <div class="prose" inner_html=task.body_html.clone()></div>
                        </li>
                    }).collect_view()}
                </ol>
            </section>
            <Show when=move || has_films>
                <section aria-labelledby="filmer">
                    <h2 id="filmer">{t!(i18n, films_title)}</h2>
                    <div class="films">
                        {step.films.iter().cloned().map(|film| view! { <FilmPlayer film /> }).collect_view()}
                    </div>
                </section>
            </Show>
            <Show when=move || has_prompts>
                <section aria-labelledby="diskussion">
                    <h2 id="diskussion">{t!(i18n, prompts_title)}</h2>
                    <p>{t!(i18n, prompts_lead)}</p>
                    <ol class="prompts">
                        {step.prompts.iter().map(|p| view! { <li>{p.clone()}</li> }).collect_view()}
                    </ol>
                    <DiscussionTimer labels=timer_labels.clone() />
                </section>
            </Show>
        </article>
        <nav class="step-nav" aria-label=t_string!(i18n, step_nav).to_string()>
            {step.previous.map(|n| view! {
                <a rel="prev" href=step_href(step.track, n)>
                    {t_string!(i18n, previous_step, number = n).to_string()}
                </a>
            })}
            {step.next.map(|n| view! {
                <a rel="next" href=step_href(step.track, n)>
                    {t_string!(i18n, next_step, number = n).to_string()}
                </a>
            })}
            <a href=step_href(other, step.number)>{other_label}</a>
        </nav>
    }
}
