//! The frame of every page: skip link, header with the account links and language switch,
//! main landmark and footer.

use crate::{
    features::auth::api::{SignOut, current_user},
    i18n::*,
};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_router::hooks::use_location;

/// Who is signed in, in the header: "Mina grupper" and "Logga ut" for them; "Logga in" and
/// "Anmäl din organisation" for everyone else, so a newcomer never needs to know a URL.
#[component]
fn AccountNav() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <nav class="account-nav" aria-label=t_string!(i18n, nav_label).to_string()>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match current_user().await {
                        Ok(Some(user)) => {
                            let name = if user.display_name.is_empty() { user.email } else { user.display_name };
                            view! {
                                <a href="/mina-grupper">{t!(i18n, nav_my_groups)}</a>
                                <a href="/installningar">{t!(i18n, nav_settings)}</a>
                                <span class="muted signed-in-as">{t_string!(i18n, nav_signed_in_as, name = name).to_string()}</span>
                                <form method="post" action=SignOut::url()>
                                    <button type="submit" class="link-button">{t!(i18n, sign_out)}</button>
                                </form>
                            }.into_any()
                        }
                        _ => view! {
                            <a href="/logga-in">{t!(i18n, nav_sign_in)}</a>
                            <a href="/anmalan">{t!(i18n, nav_register)}</a>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </nav>
    }
}

#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    // After switching language, the reader lands on the page they were on.
    let back = format!(
        "{}{}",
        location.pathname.get_untracked(),
        location
            .search
            .get_untracked()
            .chars()
            .next()
            .map(|_| format!("?{}", location.search.get_untracked()))
            .unwrap_or_default()
    );
    let other = match i18n.get_locale_untracked() {
        Locale::sv => Locale::en,
        Locale::en => Locale::sv,
    };
    view! {
        <a class="skip-link" href="#innehall">{t!(i18n, skip_to_content)}</a>
        <header class="site-header">
            <div class="wrap header-row">
                <a class="brand" href="/">
                    <span class="brand-name">{t!(i18n, site_name)}</span>
                    <span class="brand-tagline">{t!(i18n, site_tagline)}</span>
                </a>
                <AccountNav />
                // A plain form, so switching works without JavaScript; the server remembers the
                // choice in a cookie and sends the reader back.
                <form class="lang-switch" method="post" action="/sprak">
                    <input type="hidden" name="tillbaka" value=back />
                    <input type="hidden" name="sprak" value=other.as_str() />
                    <button type="submit" lang=other.as_str()>{t!(i18n, language_switch_button)}</button>
                </form>
            </div>
        </header>
        <main id="innehall" tabindex="-1" class="wrap">{children()}</main>
        <footer class="site-footer">
            <div class="wrap">
                <p>{t!(i18n, footer_text)}</p>
            </div>
        </footer>
    }
}
