//! The sign-in mail; its copy is in `mail/sign_in.<locale>.{txt,html}`.

use crate::email::{NewMail, templates};
use app::i18n::Locale;

pub(crate) fn sign_in_mail(
    to: &str,
    link: &str,
    locale: Locale,
) -> Result<NewMail, minijinja::Error> {
    templates::render("sign_in", locale, to, serde_json::json!({ "link": link }))
}
