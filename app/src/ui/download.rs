//! A document's downloads: PDF, Word and Markdown, as plain links (they work without
//! JavaScript, and the browser saves what the server names).

use crate::i18n::*;
use leptos::prelude::*;

/// Links to `{base}/pdf`, `{base}/docx` and `{base}/md`; `label` says which document.
#[component]
pub fn DownloadLinks(base: String, label: String) -> impl IntoView {
    let i18n = use_i18n();
    let link = |format: &str, text: String| {
        view! { <li><a href=format!("{base}/{format}") download="">{text}</a></li> }
    };
    view! {
        <nav class="downloads" aria-label=label>
            <span>{t!(i18n, export_download)}</span>
            <ul>
                {link("pdf", t_string!(i18n, export_format_pdf).to_string())}
                {link("docx", t_string!(i18n, export_format_docx).to_string())}
                {link("md", t_string!(i18n, export_format_md).to_string())}
            </ul>
        </nav>
    }
}
