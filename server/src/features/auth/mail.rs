//! The sign-in mail, in each language.

use crate::email::NewMail;
use app::i18n::Locale;

pub(crate) fn sign_in_mail(to: &str, link: &str, locale: Locale) -> NewMail {
    let (subject, greeting, action, expiry, ignore) = match locale {
        Locale::sv => (
            "Din inloggningslänk till Verkstad",
            "Hej!",
            "Logga in i Verkstad med den här länken:",
            "Länken fungerar en gång och i 15 minuter.",
            "Bad du inte om att logga in? Då kan du strunta i det här mejlet.",
        ),
        Locale::en => (
            "Your sign-in link for Verkstad",
            "Hello,",
            "Sign in to Verkstad with this link:",
            "The link works once and for 15 minutes.",
            "Did you not ask to sign in? Then you can ignore this e-mail.",
        ),
    };
    NewMail {
        to: to.into(),
        subject: subject.into(),
        text: format!("{greeting}\n\n{action}\n{link}\n\n{expiry}\n\n{ignore}\n\n-- \nVerkstad\n"),
        html: format!(
            "<p>{greeting}</p><p>{action}<br><a href=\"{link}\">{link}</a></p><p>{expiry}</p><p>{ignore}</p>"
        ),
    }
}
