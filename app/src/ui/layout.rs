//! The frame of every page: skip link, header with language switch, main landmark and footer.

use crate::i18n::*;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

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
