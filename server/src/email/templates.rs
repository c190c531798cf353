//! Mail copy lives in templates, not in Rust strings: each mail is two minijinja templates per
//! language, kept beside its feature's code (`features/<feature>/mail/`):
//! `<mail>.<locale>.txt` holds a `subject` block and a plain-text `body` block, and
//! `<mail>.<locale>.html` the HTML body. Templates whose names end in `.html` escape every value
//! automatically, so a group named `<b>` reaches the mail as text. The signature is added here,
//! once for every mail.

use super::NewMail;
use app::i18n::Locale;
use minijinja::Environment;
use serde::Serialize;
use std::sync::LazyLock;

/// One template of a mail, by name, compiled in.
macro_rules! template {
    ($feature:literal, $mail:literal, $kind:literal) => {
        (
            concat!($mail, ".", $kind),
            include_str!(concat!(
                "../features/",
                $feature,
                "/mail/",
                $mail,
                ".",
                $kind
            )),
        )
    };
}

/// A mail's four templates: plain text and HTML, Swedish and English.
macro_rules! mail {
    ($feature:literal, $mail:literal) => {
        [
            template!($feature, $mail, "sv.txt"),
            template!($feature, $mail, "sv.html"),
            template!($feature, $mail, "en.txt"),
            template!($feature, $mail, "en.html"),
        ]
    };
}

/// Every mail there is.
const MAILS: [[(&str, &str); 4]; 9] = [
    mail!("auth", "sign_in"),
    mail!("invitations", "invitation"),
    mail!("invitations", "asked_again"),
    mail!("work", "step_opened"),
    mail!("handovers", "submitted"),
    mail!("handovers", "answered"),
    mail!("handovers", "published"),
    mail!("notices", "digest"),
    mail!("calendar", "reminder"),
];

static ENVIRONMENT: LazyLock<Environment<'static>> = LazyLock::new(|| {
    let mut environment = Environment::new();
    for (name, source) in MAILS.iter().flatten() {
        environment
            .add_template(name, source)
            .unwrap_or_else(|error| panic!("mail template {name} does not parse: {error}"));
    }
    environment
});

/// The mail `name` to `to` in `locale`, filled in with `values`. A template that fails to
/// render is a bug in this repository, caught by the unit test below for every mail.
pub fn render(
    name: &str,
    locale: Locale,
    to: &str,
    values: impl Serialize,
) -> Result<NewMail, minijinja::Error> {
    let lang = match locale {
        Locale::sv => "sv",
        Locale::en => "en",
    };
    let values = minijinja::Value::from_serialize(values);
    let mut html_values = values.clone();
    // minijinja's HTML escaping also writes `/` as `&#x2f;`, which mail clients show as it is in
    // some link previews; the links are ours (base URL, a path, a base64url token), so they are
    // escaped for an attribute here, by hand, and passed on as already safe. (The digest's
    // lines carry links of the same kind, marked `|safe` in its template.)
    for key in ["link", "unsubscribe"] {
        if let Some(link) = values
            .get_attr(key)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
        {
            let escaped = minijinja::Value::from_safe_string(
                link.replace('&', "&amp;")
                    .replace('<', "&lt;")
                    .replace('>', "&gt;")
                    .replace('"', "&quot;")
                    .replace('\'', "&#39;"),
            );
            html_values = match key {
                "link" => minijinja::context! { link => escaped, ..html_values },
                _ => minijinja::context! { unsubscribe => escaped, ..html_values },
            };
        }
    }
    let mut text = ENVIRONMENT
        .get_template(&format!("{name}.{lang}.txt"))?
        .render_captured(&values)?;
    let subject = text.with_state_mut(|state| state.render_block("subject"))?;
    let body = text.with_state_mut(|state| state.render_block("body"))?;
    let html = ENVIRONMENT
        .get_template(&format!("{name}.{lang}.html"))?
        .render(&html_values)?;
    Ok(NewMail {
        to: to.into(),
        subject: subject.trim().to_string(),
        text: format!("{}\n\n-- \nVerkstad\n", body.trim()),
        html: html.trim().replace('\n', ""),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_mail_renders_in_both_languages_and_escapes_html() {
        for locale in [Locale::sv, Locale::en] {
            let values = serde_json::json!({
                "link": "https://v.example/l?a=1&b=2", "inviter": "<b>Anna</b>",
                "group": "Grupp", "organisation": "Org", "date": "2026-12-01", "reminder": true,
                "email": "a<img src=x>@b.se", "leader": "<b>Anna</b>", "number": 2,
                "title": "<img src=x>", "version": 2, "kind": "complete",
                "unsubscribe": "https://v.example/avregistrera/t?x=1&y=2", "count": 1,
                "lines": [{"line": "<b>x</b>", "link": "https://v.example/l?a=1&b=2"}],
            });
            for name in [
                "sign_in",
                "invitation",
                "asked_again",
                "step_opened",
                "submitted",
                "answered",
                "published",
                "digest",
            ] {
                let mail = render(name, locale, "a@b.se", &values).unwrap();
                assert!(!mail.subject.is_empty() && !mail.subject.contains('\n'));
                assert!(
                    mail.text.contains("https://v.example/l?a=1&b=2"),
                    "{}",
                    mail.text
                );
                assert!(
                    mail.html
                        .contains(r#"href="https://v.example/l?a=1&amp;b=2""#)
                );
                assert!(
                    !mail.html.contains("<b>") && !mail.html.contains("<img"),
                    "{}",
                    mail.html
                );
            }
        }
    }
}
