//! What a page puts in the document's `<head>`: its title, escaped in this one place.
//! leptos_meta writes a `<Title>`'s text into `<title>` as it is, without escaping (0.8.7,
//! `ServerMetaContext`), so a name holding `</title>` would end the title and add markup of
//! its own to `<head>` (a `<meta http-equiv="refresh">` the CSP does not stop). Every page sets
//! its title through `PageTitle`; `make test` refuses leptos_meta's `Title` and `Meta`
//! anywhere else.

use crate::ui::form::escape_text;
use leptos::prelude::*;
use leptos_meta::Title;

/// The page's title: `text – Verkstad`, or `Verkstad` alone when `text` is empty. Islands never
/// render a title (pages are not hydrated), so the escaped text is what every browser reads.
#[component]
pub fn PageTitle(#[prop(into)] text: String) -> impl IntoView {
    let title = if text.is_empty() {
        "Verkstad".to_string()
    } else {
        format!("{} – Verkstad", escape_text(&text))
    };
    view! { <Title text=title /> }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_name_cannot_close_the_title() {
        let name =
            r#"Enhet B </title><meta http-equiv="refresh" content="0;url=https://evil.example/">"#;
        let escaped = super::escape_text(name);
        assert!(
            !escaped.contains('<') && !escaped.contains('>'),
            "{escaped}"
        );
        assert!(
            escaped.starts_with("Enhet B &lt;/title&gt;&lt;meta"),
            "{escaped}"
        );
    }
}
