//! A film: the native `<video>` player with WebVTT captions and a transcript beside it, or a
//! link to a film hosted elsewhere that loads nothing until the reader follows it.

use crate::{
    features::workshop::types::{FilmSource, FilmView},
    i18n::*,
};
use leptos::prelude::*;

#[component]
pub fn FilmPlayer(film: FilmView) -> impl IntoView {
    let i18n = use_i18n();
    let heading_id = format!("film-{}", film.id);
    let length = t_string!(
        i18n,
        film_length,
        minutes = film.duration_seconds / 60,
        seconds = film.duration_seconds % 60
    )
    .to_string();
    let media = match film.source {
        FilmSource::Local { url, mime } => view! {
            <video controls preload="metadata" aria-labelledby=heading_id.clone()>
                <source src=url type=mime />
                {film.captions.iter().map(|c| view! {
                    <track kind="captions" src=c.url.clone() srclang=c.lang.clone() label=c.label.clone() default=c.default />
                }).collect_view()}
                <p>{t!(i18n, film_no_video)}</p>
            </video>
            <p class="film-note">{t!(i18n, film_captions_note)}</p>
        }
        .into_any(),
        FilmSource::External { url, host } => view! {
            <p class="film-note">{t_string!(i18n, film_external_note, host = host.clone()).to_string()}</p>
            <p>
                <a class="button" href=url rel="noopener noreferrer external">
                    {t_string!(i18n, film_external_open, host = host).to_string()}
                </a>
            </p>
        }
        .into_any(),
    };
    view! {
        <figure class="film" aria-labelledby=heading_id.clone()>
            <figcaption>
                <h3 id=heading_id.clone()>{film.title.clone()}</h3>
                <p>{film.description.clone()}</p>
                <p class="film-length">{length}</p>
            </figcaption>
            {media}
            <details class="transcript">
                <summary>{t!(i18n, film_transcript)}</summary>
                {film.transcript.into_iter().map(|part| view! {
                    <h4>{part.heading}</h4>
                    <p>{part.text}</p>
                }).collect_view()}
            </details>
        </figure>
    }
}
