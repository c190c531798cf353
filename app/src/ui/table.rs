//! A table that may be wider than the screen: a focusable region that scrolls sideways, with
//! shadows at the edge that has more and, on a narrow screen, a line saying so. Every wide
//! table goes through it; the browser tests check that no table is cut off without it.

use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn ScrollTable(#[prop(into)] label: String, children: Children) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-label=label>{children()}</div>
        <p class="scroll-hint">{t!(i18n, table_scroll_hint)}</p>
    }
}
