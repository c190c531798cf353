//! `POST /sprak`: remembers the reader's language in a cookie and sends them back where they were.

use app::i18n::Locale;
use axum::{
    Form,
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use leptos_i18n::Locale as _;
use serde::Deserialize;

/// The cookie leptos_i18n reads when it picks the language of a page.
pub const COOKIE: &str = "i18n_pref_locale";

#[derive(Deserialize)]
pub struct LanguageForm {
    sprak: String,
    #[serde(default)]
    tillbaka: String,
}

pub async fn switch(Form(form): Form<LanguageForm>) -> Response {
    let Some(locale) = Locale::get_all().iter().find(|l| l.as_str() == form.sprak) else {
        return (StatusCode::BAD_REQUEST, "Okänt språk. / Unknown language.").into_response();
    };
    let cookie = format!(
        "{COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly",
        locale.as_str()
    );
    let mut response = (
        StatusCode::SEE_OTHER,
        [(header::LOCATION, local_path(&form.tillbaka))],
    )
        .into_response();
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}

/// Only paths on this site are followed, so the form cannot be used to send people elsewhere.
fn local_path(requested: &str) -> String {
    let ok = requested.starts_with('/')
        && !requested.starts_with("//")
        && !requested.contains('\\')
        && !requested.chars().any(char::is_control);
    if ok {
        requested.to_string()
    } else {
        "/".to_string()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_local_paths_are_followed() {
        assert_eq!(super::local_path("/enhet/steg/1"), "/enhet/steg/1");
        assert_eq!(super::local_path("//evil.example"), "/");
        assert_eq!(super::local_path("https://evil.example"), "/");
        assert_eq!(super::local_path("/\\evil.example"), "/");
        assert_eq!(super::local_path(""), "/");
    }
}
