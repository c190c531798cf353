//! Form fields that echo what someone typed. The one `<textarea>` of the app lives here:
//! Leptos writes a textarea's children as they are (browsers read its content as raw text),
//! so a value holding `</textarea>` would close the field and inject markup after it. This
//! component escapes the value itself. `make test` refuses a `<textarea` anywhere else.

use leptos::prelude::*;

/// `value` with the characters that could end the field or start a character reference
/// escaped; a browser shows it exactly as typed.
pub fn escape_text(value: &str) -> String {
    let mut escaped = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            _ => escaped.push(c),
        }
    }
    escaped
}

/// A multi-line text field showing `value`, escaped.
#[component]
pub fn TextArea(
    #[prop(into)] id: String,
    #[prop(into)] name: String,
    #[prop(into)] value: String,
    #[prop(optional)] rows: Option<u32>,
    #[prop(optional)] maxlength: Option<u32>,
    #[prop(optional)] required: bool,
    /// Ids of the texts that describe the field (hint, error).
    #[prop(optional, into)]
    described_by: Option<String>,
    #[prop(optional)] invalid: bool,
) -> impl IntoView {
    view! {
        <textarea
            id=id
            name=name
            rows=rows
            maxlength=maxlength
            required=required
            aria-describedby=described_by
            aria-invalid=invalid.then_some("true")
            inner_html=escape_text(&value)
        ></textarea>
    }
}

#[cfg(test)]
mod tests {
    use super::escape_text;

    #[test]
    fn nothing_typed_can_close_the_field() {
        assert_eq!(
            escape_text("</textarea><script>x</script>&amp;"),
            "&lt;/textarea&gt;&lt;script&gt;x&lt;/script&gt;&amp;amp;"
        );
        assert_eq!(
            escape_text("åsa@växjö.se\nbo@x.se"),
            "åsa@växjö.se\nbo@x.se"
        );
    }
}
