//! The reminder job: one reminder per invitation still unanswered after a few days.

use super::mail::{MailFacts, invitation_mail};
use crate::{
    audit::{self, Event},
    db::{begin_write, statement},
    email::outbox,
    error::internal,
    tokens::{hash, new_token},
};
use app::{error::AppError, i18n::Locale, ports::ClientIp};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection};
use uuid::Uuid;

/// Reminds, once, every invitation still unanswered `days` after it was sent. The reminder
/// carries a fresh link (only hashes are stored, so the first one cannot be sent again); the
/// first link keeps working beside it.
pub async fn remind_due(
    db: &DatabaseConnection,
    base_url: &str,
    days: u32,
    now: DateTime<Utc>,
) -> Result<usize, AppError> {
    if days == 0 {
        return Ok(0);
    }
    let due = db
        .query_all_raw(statement(
            db,
            "SELECT i.id, i.email, i.expires_at, g.name AS group_name, o.name AS organisation_name, \
             u.display_name, u.email AS inviter_email, u.locale \
             FROM invitations i JOIN groups g ON g.id = i.group_id \
             JOIN organisations o ON o.id = g.organisation_id JOIN users u ON u.id = i.invited_by \
             WHERE i.status = 'pending' AND i.reminded_at IS NULL AND i.last_sent_at <= $1 \
             AND i.expires_at > $2",
            vec![(now - Duration::days(i64::from(days))).into(), now.into()],
        ))
        .await
        .map_err(internal)?;
    let mut reminded = 0;
    for row in due {
        let id: Uuid = row.try_get("", "id").map_err(internal)?;
        let email: String = row.try_get("", "email").map_err(internal)?;
        let inviter: String = row.try_get("", "display_name").map_err(internal)?;
        let inviter = if inviter.is_empty() {
            row.try_get("", "inviter_email").map_err(internal)?
        } else {
            inviter
        };
        let locale = match row
            .try_get::<String>("", "locale")
            .map_err(internal)?
            .as_str()
        {
            "en" => Locale::en,
            _ => Locale::sv,
        };
        let token = new_token();
        let txn = begin_write(db).await.map_err(internal)?;
        // Claimed by the update itself, so two instances never both remind.
        let claimed = txn
            .execute_raw(statement(
                &txn,
                "UPDATE invitations SET previous_token_hash = token_hash, token_hash = $1, reminded_at = $2 \
                 WHERE id = $3 AND reminded_at IS NULL AND status = 'pending'",
                vec![hash(&token).into(), now.into(), id.into()],
            ))
            .await
            .map_err(internal)?;
        if claimed.rows_affected() != 1 {
            continue;
        }
        let link = format!("{base_url}/inbjudan/{token}");
        let facts = MailFacts {
            reminder: true,
            to: &email,
            inviter: &inviter,
            group: &row.try_get::<String>("", "group_name").map_err(internal)?,
            organisation: &row
                .try_get::<String>("", "organisation_name")
                .map_err(internal)?,
            link: &link,
            expires: row.try_get("", "expires_at").map_err(internal)?,
        };
        outbox::enqueue(&txn, invitation_mail(facts, locale), now)
            .await
            .map_err(internal)?;
        let event = Event {
            action: "invitation_reminded",
            actor: None,
            subject: Some(&email),
            client: &ClientIp::default(),
            outcome: "ok",
        };
        audit::record(&txn, event, now).await.map_err(internal)?;
        txn.commit().await.map_err(internal)?;
        reminded += 1;
    }
    Ok(reminded)
}
