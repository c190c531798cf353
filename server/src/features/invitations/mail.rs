//! The invitation mail and its reminder, in each language.

use crate::email::NewMail;
use app::i18n::Locale;
use chrono::{DateTime, Utc};

/// What the mail says: who invites, to what, what Verkstad is, the link and its last day.
pub(crate) struct MailFacts<'a> {
    pub(crate) reminder: bool,
    pub(crate) to: &'a str,
    pub(crate) inviter: &'a str,
    pub(crate) group: &'a str,
    pub(crate) organisation: &'a str,
    pub(crate) link: &'a str,
    pub(crate) expires: DateTime<Utc>,
}

/// Subject and paragraphs of an invitation, or of its reminder.
fn invitation_text(
    reminder: bool,
    inviter: &str,
    group: &str,
    organisation: &str,
    link: &str,
    date: &str,
    locale: Locale,
) -> (String, [String; 5]) {
    let (subject, mut body) = match locale {
        Locale::sv => (
            format!("{inviter} bjuder in dig till {group} i Verkstad"),
            [
                "Hej!".to_string(),
                format!("{inviter} har bjudit in dig till gruppen {group} hos {organisation} i Verkstad."),
                "Verkstad är ett verktyg för skolans och förskolans systematiska kvalitetsarbete. Gruppen arbetar igenom fem steg tillsammans, med uppgifter, filmer och diskussionsfrågor.".into(),
                format!("Gå med i gruppen med den här länken:\n{link}"),
                format!("Länken fungerar en gång, till och med {date}."),
            ],
        ),
        Locale::en => (
            format!("{inviter} invites you to {group} in Verkstad"),
            [
                "Hello,".to_string(),
                format!("{inviter} has invited you to the group {group} at {organisation} in Verkstad."),
                "Verkstad is a tool for the systematic quality work of schools and preschools. The group works through five steps together, with tasks, films and discussion questions.".into(),
                format!("Join the group with this link:\n{link}"),
                format!("The link works once, until {date}."),
            ],
        ),
    };
    if reminder {
        body[0] = match locale {
            Locale::sv => "Hej igen! Det här är en påminnelse. Du kan använda länken här nedanför eller den i det förra mejlet.".into(),
            Locale::en => "Hello again! This is a reminder. You can use the link below or the one in the earlier e-mail.".into(),
        };
    }
    (subject, body)
}

pub(crate) fn invitation_mail(facts: MailFacts<'_>, locale: Locale) -> NewMail {
    let date = facts.expires.format("%Y-%m-%d").to_string();
    let reminder = facts.reminder;
    let MailFacts {
        to,
        inviter,
        group,
        organisation,
        link,
        ..
    } = facts;
    let (subject, body) =
        invitation_text(reminder, inviter, group, organisation, link, &date, locale);
    let escape = |t: &str| {
        t.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let html = body
        .iter()
        .map(|p| {
            let p = escape(p);
            let p = p.replace(link, &format!("<a href=\"{link}\">{link}</a>"));
            format!("<p>{}</p>", p.replace('\n', "<br>"))
        })
        .collect::<String>();
    NewMail {
        to: to.into(),
        subject,
        text: format!("{}\n\n-- \nVerkstad\n", body.join("\n\n")),
        html,
    }
}
