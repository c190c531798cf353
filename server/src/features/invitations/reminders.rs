//! The reminder job: one reminder per invitation still unanswered after a few days.

use super::{
    mail::{MailFacts, invitation_mail},
    service::{Named, with_names},
};
use crate::{
    audit::{self, Event},
    db::Writer,
    email::outbox,
    entities::{enums::InvitationStatus, invitations, prelude::*},
    error::Result,
    tokens::{hash, new_token},
};
use app::{i18n::Locale, ports::ClientIp};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, sea_query::Expr};

/// Reminds, once, every invitation still unanswered `days` after it was sent. The reminder
/// carries a fresh link (only hashes are stored, so the first one cannot be sent again); the
/// first link keeps working beside it.
pub async fn remind_due(
    db: &DatabaseConnection,
    base_url: &str,
    days: u32,
    now: DateTime<Utc>,
) -> Result<usize> {
    if days == 0 {
        return Ok(0);
    }
    let cutoff = now - Duration::days(i64::from(days));
    // Every due invitation with the names its mail needs, in one query; then one short
    // transaction per invitation.
    let due = with_names()
        .filter(invitations::Column::Status.eq(InvitationStatus::Pending))
        .filter(invitations::Column::RemindedAt.is_null())
        .filter(invitations::Column::LastSentAt.lte(cutoff))
        .filter(invitations::Column::ExpiresAt.gt(now))
        .into_model::<Named>()
        .all(db)
        .await?;
    let writer = Writer::new(db.clone());
    let mut reminded = 0;
    for named in due {
        let inviter = named.inviter();
        let locale = match named.inviter_locale.as_str() {
            "en" => Locale::en,
            _ => Locale::sv,
        };
        let id = named.id;
        let token = new_token();
        let txn = writer.begin().await?;
        // Claimed by the update itself, so two instances never both remind.
        // The first link moves to `previous_token_hash` (SET reads the row as it was).
        let claimed = Invitation::update_many()
            .col_expr(
                invitations::Column::PreviousTokenHash,
                Expr::col(invitations::Column::TokenHash),
            )
            .col_expr(invitations::Column::TokenHash, Expr::value(hash(&token)))
            .col_expr(invitations::Column::RemindedAt, Expr::value(now))
            .filter(invitations::Column::Id.eq(id))
            .filter(invitations::Column::RemindedAt.is_null())
            .filter(invitations::Column::Status.eq(InvitationStatus::Pending))
            // Re-sent by a leader since it was read: that mail was its reminder.
            .filter(invitations::Column::LastSentAt.lte(cutoff))
            .exec(&txn)
            .await?
            .rows_affected;
        if claimed != 1 {
            continue;
        }
        let link = format!("{base_url}/inbjudan/{token}");
        let facts = MailFacts {
            reminder: true,
            to: &named.email,
            inviter: &inviter,
            group: &named.group_name,
            organisation: &named.organisation_name,
            link: &link,
            expires: named.expires_at,
        };
        outbox::enqueue(&txn, invitation_mail(facts, locale)?, now).await?;
        let event = Event {
            action: "invitation_reminded",
            actor: None,
            subject: Some(&named.email),
            client: &ClientIp::default(),
            outcome: "ok",
        };
        audit::record(&txn, event, now).await?;
        txn.commit().await?;
        reminded += 1;
    }
    Ok(reminded)
}
