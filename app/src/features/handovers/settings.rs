//! The person's settings (`/installningar`): how they want mail about the work. And the pages
//! behind a mail's unsubscribe link (`/avregistrera/{token}`, then `/avregistrerad`), which need
//! no sign-in and show nothing of the person.

use super::{
    api::{ChooseNotices, Unsubscribe, get_notice_choice},
    types::NoticeChoice,
};
use crate::ui::head::PageTitle;
use crate::{i18n::*, ui::page::SignInFirst, ui::page::loaded};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn SettingsRoute() -> impl IntoView {
    loaded(get_notice_choice(), |choice| match choice {
        Some(choice) => view! { <SettingsView choice /> }.into_any(),
        None => view! { <SignInFirst /> }.into_any(),
    })
}

#[component]
fn SettingsView(choice: NoticeChoice) -> impl IntoView {
    let i18n = use_i18n();
    let saved = use_query_map().with_untracked(|q| q.get("sparat").is_some());
    let option = |value: NoticeChoice, label: String| {
        let id = format!("mejl-{}", value.slug());
        view! {
            <label>
                <input type="radio" id=id name="choice" value=value.slug() checked=choice == value />
                " "{label}
            </label>
        }
    };
    view! {
        <PageTitle text=t_string!(i18n, settings_title).to_string() />
        <h1>{t!(i18n, settings_title)}</h1>
        {saved.then(|| view! { <p class="notice" role="status">{t!(i18n, settings_saved)}</p> })}
        <form method="post" action=ChooseNotices::url() class="stack">
            <fieldset>
                <legend>{t!(i18n, settings_mail_legend)}</legend>
                <p class="muted">{t!(i18n, settings_mail_help)}</p>
                {option(NoticeChoice::Each, t_string!(i18n, settings_mail_each).to_string())}
                {option(NoticeChoice::Daily, t_string!(i18n, settings_mail_daily).to_string())}
                {option(NoticeChoice::Off, t_string!(i18n, settings_mail_off).to_string())}
            </fieldset>
            <button type="submit">{t!(i18n, settings_save)}</button>
        </form>
        <crate::features::calendar::pages::FeedSettings />
    }
}

/// The page a mail's unsubscribe link opens: one button, so that a link scanner that follows
/// links in mail does not unsubscribe anyone by looking.
#[component]
pub fn UnsubscribeRoute() -> impl IntoView {
    let i18n = use_i18n();
    let token = use_params_map().with_untracked(|p| p.get("token").unwrap_or_default());
    // The token must not travel on to other sites.
    #[cfg(feature = "ssr")]
    crate::ports::no_referrer();
    view! {
        <PageTitle text=t_string!(i18n, unsubscribe_title).to_string() />
        <h1>{t!(i18n, unsubscribe_title)}</h1>
        <p>{t!(i18n, unsubscribe_lead)}</p>
        <form method="post" action=Unsubscribe::url() class="stack">
            <input type="hidden" name="token" value=token />
            <button type="submit">{t!(i18n, unsubscribe_submit)}</button>
        </form>
    }
}

#[component]
pub fn UnsubscribedRoute() -> impl IntoView {
    let i18n = use_i18n();
    let failed = use_query_map().with_untracked(|q| q.get("fel").is_some());
    view! {
        <PageTitle text=t_string!(i18n, unsubscribe_title).to_string() />
        <h1>{t!(i18n, unsubscribe_title)}</h1>
        {if failed {
            view! { <p role="alert">{t!(i18n, unsubscribe_bad_link)}</p> }.into_any()
        } else {
            view! { <p role="status">{t!(i18n, unsubscribe_done)}</p> }.into_any()
        }}
        <p><a href="/installningar">{t!(i18n, unsubscribe_settings)}</a></p>
    }
}
