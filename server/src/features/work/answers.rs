//! Saving answers: a member's own texts and the group's versioned answer (compare-and-swap on
//! the version, so a save from an older version is a conflict, never an overwrite), and
//! restoring an earlier version. Each save is one write transaction that reads only through it.

use super::commands::WorkCommands;
use crate::{
    context::field_key,
    db::{kept, replacing},
    entities::{answer_versions, answers, contributions, enums::StepStatus, prelude::*},
    error::{Result, ServerError},
};
use app::{
    error::Invalid,
    features::{
        work::types::{AnswerProblem, MAX_ANSWER, Saved, TaskAnswers},
        workshop::types::{FieldKind, FieldView, Track},
    },
    ports::{Actor, GroupId},
};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect,
    sea_query::Expr,
};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// `value` as it is stored for `field`, or why it cannot be.
fn checked(field: &FieldView, value: &str) -> std::result::Result<String, AnswerProblem> {
    let value = value.replace("\r\n", "\n");
    if value.chars().count() > MAX_ANSWER {
        return Err(AnswerProblem::TooLong);
    }
    match &field.kind {
        FieldKind::ShortText | FieldKind::LongText | FieldKind::List => Ok(value),
        FieldKind::Rating { scale } => {
            let value = value.trim();
            match value.parse::<usize>() {
                _ if value.is_empty() => Ok(String::new()),
                Ok(n) if (1..=scale.len()).contains(&n) => Ok(n.to_string()),
                _ => Err(AnswerProblem::NotOnScale),
            }
        }
        FieldKind::Choice { options, multiple } => {
            let chosen: Vec<&str> = value
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect();
            let known = chosen.iter().all(|c| options.iter().any(|o| o.id == *c));
            if !known || (!multiple && chosen.len() > 1) {
                return Err(AnswerProblem::NotAnOption);
            }
            // In the content's order, each once.
            Ok(options
                .iter()
                .filter(|o| chosen.contains(&o.id.as_str()))
                .map(|o| o.id.as_str())
                .collect::<Vec<_>>()
                .join("\n"))
        }
    }
}

impl WorkCommands {
    /// Saves a task's values as the member's own texts and, when asked, as the group's answers.
    /// A group answer someone else saved since the version the member started from is a
    /// conflict: that field keeps the member's text as their own and the group's as it is.
    pub async fn save(
        &self,
        actor: &Actor,
        group: GroupId,
        number: u8,
        answers_in: TaskAnswers,
    ) -> Result<Saved> {
        let txn = self.writer.begin().await?;
        let (seen, me) = self.ctx.member(&txn, actor, group).await?;
        let track = seen.track();
        let tasks = self.ctx.content.tasks(track, number);
        let task = tasks
            .iter()
            .find(|t| t.id == answers_in.task)
            .ok_or(ServerError::NotFound)?;
        let mut values = Vec::with_capacity(task.fields.len());
        for field in &task.fields {
            let typed = answers_in
                .values
                .get(&field.id)
                .map(String::as_str)
                .unwrap_or("");
            match checked(field, typed) {
                Ok(value) => values.push((field, value)),
                Err(problem) => {
                    return Ok(Saved::Refused {
                        field: field.id.clone(),
                        problem,
                    });
                }
            }
        }
        let now = self.ctx.clock.now();
        // A closed year is closed for work like a step that is not open: the text goes back
        // to the box, with the reason.
        let cycle = match self.ctx.current_cycle(&txn, &seen).await {
            Err(ServerError::Invalid(Invalid::YearClosed)) => return Ok(Saved::Closed),
            other => other?,
        };
        let state = self.ctx.states(&txn, seen.group.id, Some(cycle.id)).await?;
        if state.get(&number) != Some(&StepStatus::Open) {
            return Ok(Saved::Closed);
        }
        // A field the member has no text of their own in, sent back unchanged from the group's
        // answer (or empty), is no contribution: the box showed the group's text. Without this
        // an autosave would copy every group answer of the task into the member's own texts.
        let keys: Vec<String> = values
            .iter()
            .map(|(field, _)| field_key(track, number, &task.id, &field.id))
            .collect();
        // Saving to the group, an empty box the member never wrote in is no proposal either:
        // there was no group answer to clear, or it changed since the page (a conflict over
        // nothing would only put an empty box in front of them). Clearing the group's answer
        // knowingly, from the version the page showed, still goes through.
        let unchanged: HashSet<String> = {
            let shared: HashMap<String, (String, i32)> = Answer::find()
                .select_only()
                .columns([
                    answers::Column::Field,
                    answers::Column::Body,
                    answers::Column::Version,
                ])
                .filter(answers::Column::GroupId.eq(seen.group.id))
                .filter(answers::Column::CycleId.eq(cycle.id))
                .filter(answers::Column::Field.is_in(keys.clone()))
                .into_tuple::<(String, String, i32)>()
                .all(&txn)
                .await?
                .into_iter()
                .map(|(field, body, version)| (field, (body, version)))
                .collect();
            let own: HashSet<String> = Contribution::find()
                .select_only()
                .column(contributions::Column::Field)
                .filter(contributions::Column::GroupId.eq(seen.group.id))
                .filter(contributions::Column::CycleId.eq(cycle.id))
                .filter(contributions::Column::UserId.eq(me))
                .filter(contributions::Column::Field.is_in(keys.clone()))
                .into_tuple::<String>()
                .all(&txn)
                .await?
                .into_iter()
                .collect();
            values
                .iter()
                .zip(&keys)
                .filter(|((field, value), key)| {
                    if own.contains(*key) {
                        return false;
                    }
                    let group = shared.get(*key);
                    if answers_in.to_group {
                        let base = answers_in.base.get(&field.id).copied().unwrap_or(0);
                        value.is_empty() && group.is_none_or(|(_, version)| *version != base)
                    } else {
                        value.is_empty() || group.map(|(body, _)| body) == Some(value)
                    }
                })
                .map(|(_, key)| key.clone())
                .collect()
        };
        let mut conflicts = Vec::new();
        for (field, value) in values {
            let key = field_key(track, number, &task.id, &field.id);
            if unchanged.contains(&key) {
                continue;
            }
            let started_from = answers_in.base.get(&field.id).copied().unwrap_or(0);
            let mut based_on = started_from;
            if answers_in.to_group {
                match self
                    .save_shared(
                        &txn,
                        seen.group.id,
                        cycle.id,
                        number,
                        &key,
                        &value,
                        started_from,
                        me,
                        now,
                    )
                    .await?
                {
                    Some(version) => based_on = version,
                    None => conflicts.push(field.id.clone()),
                }
            }
            let own = contributions::ActiveModel {
                group_id: Set(seen.group.id),
                cycle_id: Set(cycle.id),
                field: Set(key),
                user_id: Set(me),
                step: Set(i16::from(number)),
                body: Set(value),
                base_version: Set(based_on),
                saved_at: Set(now),
            };
            Contribution::insert(own)
                .on_conflict(replacing(
                    [
                        contributions::Column::GroupId,
                        contributions::Column::CycleId,
                        contributions::Column::Field,
                        contributions::Column::UserId,
                    ],
                    [
                        contributions::Column::Body,
                        contributions::Column::BaseVersion,
                        contributions::Column::SavedAt,
                    ],
                ))
                .exec_without_returning(&txn)
                .await?;
        }
        txn.commit().await?;
        Ok(if conflicts.is_empty() {
            Saved::Done
        } else {
            Saved::Conflicts(conflicts)
        })
    }

    /// Makes `value` the group's answer if it is still at `started_from`: the new version, or
    /// `None` when someone saved in between. An unchanged text makes no new version.
    #[allow(clippy::too_many_arguments)]
    async fn save_shared<C: ConnectionTrait>(
        &self,
        db: &C,
        group: Uuid,
        cycle: Uuid,
        number: u8,
        key: &str,
        value: &str,
        started_from: i32,
        me: Uuid,
        now: DateTime<Utc>,
    ) -> Result<Option<i32>> {
        let current = Answer::find_by_id((group, cycle, key.to_string()))
            .one(db)
            .await?;
        let version = current.as_ref().map_or(0, |a| a.version);
        if current.as_ref().is_some_and(|a| a.body == value) {
            return Ok(Some(version));
        }
        if version != started_from || (current.is_none() && value.is_empty()) {
            return Ok((version == started_from).then_some(version));
        }
        let next = version + 1;
        // Compare and swap on the version: of two saves from the same version, one changes the
        // row and the other finds it moved on (or, for a first answer, finds it there).
        let swapped = match current {
            Some(_) => {
                Answer::update_many()
                    .col_expr(answers::Column::Body, Expr::value(value))
                    .col_expr(answers::Column::Version, Expr::value(next))
                    .col_expr(answers::Column::Agreed, Expr::value(false))
                    .col_expr(answers::Column::SavedBy, Expr::value(Some(me)))
                    .col_expr(answers::Column::SavedAt, Expr::value(now))
                    .filter(answers::Column::GroupId.eq(group))
                    .filter(answers::Column::CycleId.eq(cycle))
                    .filter(answers::Column::Field.eq(key))
                    .filter(answers::Column::Version.eq(version))
                    .exec(db)
                    .await?
                    .rows_affected
            }
            None => {
                Answer::insert(answers::ActiveModel {
                    group_id: Set(group),
                    cycle_id: Set(cycle),
                    field: Set(key.to_string()),
                    step: Set(i16::from(number)),
                    body: Set(value.to_string()),
                    version: Set(next),
                    agreed: Set(false),
                    saved_by: Set(Some(me)),
                    saved_at: Set(now),
                })
                .on_conflict(kept([
                    answers::Column::GroupId,
                    answers::Column::CycleId,
                    answers::Column::Field,
                ]))
                .exec_without_returning(db)
                .await?
            }
        };
        if swapped == 0 {
            return Ok(None);
        }
        AnswerVersion::insert(answer_versions::ActiveModel {
            group_id: Set(group),
            cycle_id: Set(cycle),
            field: Set(key.to_string()),
            version: Set(next),
            body: Set(value.to_string()),
            saved_by: Set(Some(me)),
            saved_at: Set(now),
        })
        .exec_without_returning(db)
        .await?;
        Ok(Some(next))
    }

    /// Makes an earlier version of the group's answer to `field` (`task/field`) the current one,
    /// as a new version; from `current`, the version the person saw (someone saving in between
    /// is a conflict, as for any save).
    pub async fn restore(
        &self,
        actor: &Actor,
        group: GroupId,
        number: u8,
        field: &str,
        version: i32,
        current: i32,
    ) -> Result<Saved> {
        let txn = self.writer.begin().await?;
        let (seen, me) = self.ctx.member(&txn, actor, group).await?;
        let key = self.known_field(seen.track(), number, field)?;
        let cycle = self
            .ctx
            .working_cycle(&txn, &seen)
            .await?
            .ok_or(ServerError::NotFound)?;
        let earlier = AnswerVersion::find_by_id((seen.group.id, cycle.id, key.clone(), version))
            .one(&txn)
            .await?
            .ok_or(ServerError::NotFound)?;
        let state = self.ctx.states(&txn, seen.group.id, Some(cycle.id)).await?;
        if state.get(&number) != Some(&StepStatus::Open) {
            return Ok(Saved::Closed);
        }
        let now = self.ctx.clock.now();
        let saved = self
            .save_shared(
                &txn,
                seen.group.id,
                cycle.id,
                number,
                &key,
                &earlier.body,
                current,
                me,
                now,
            )
            .await?;
        txn.commit().await?;
        let field = field.split_once('/').map_or(field, |(_, f)| f).to_string();
        Ok(match saved {
            Some(_) => Saved::Done,
            None => Saved::Conflicts(vec![field]),
        })
    }

    /// The stable id of `field` (`task/field`) in this step, if the content has it.
    pub(super) fn known_field(&self, track: Track, number: u8, field: &str) -> Result<String> {
        let (task, field) = field.split_once('/').ok_or(ServerError::NotFound)?;
        let known = self
            .ctx
            .content
            .tasks(track, number)
            .iter()
            .any(|t| t.id == task && t.fields.iter().any(|f| f.id == field));
        if !known {
            return Err(ServerError::NotFound);
        }
        Ok(field_key(track, number, task, field))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_checked_against_the_fields_kind() {
        let field = |kind| FieldView {
            id: "f".into(),
            label: "F".into(),
            help: None,
            kind,
        };
        let rating = field(FieldKind::Rating {
            scale: vec!["a".into(), "b".into(), "c".into()],
        });
        assert_eq!(checked(&rating, " 2 "), Ok("2".into()));
        assert_eq!(checked(&rating, ""), Ok(String::new()));
        assert_eq!(checked(&rating, "4"), Err(AnswerProblem::NotOnScale));
        assert_eq!(checked(&rating, "0"), Err(AnswerProblem::NotOnScale));
        let option = |id: &str| app::features::workshop::types::ChoiceOption {
            id: id.into(),
            label: id.into(),
        };
        let one = field(FieldKind::Choice {
            options: vec![option("x"), option("y")],
            multiple: false,
        });
        assert_eq!(checked(&one, "y"), Ok("y".into()));
        assert_eq!(checked(&one, "x\ny"), Err(AnswerProblem::NotAnOption));
        assert_eq!(checked(&one, "z"), Err(AnswerProblem::NotAnOption));
        let many = field(FieldKind::Choice {
            options: vec![option("x"), option("y")],
            multiple: true,
        });
        assert_eq!(checked(&many, "y\r\nx"), Ok("x\ny".into()));
        let text = field(FieldKind::LongText);
        assert_eq!(
            checked(&text, &"å".repeat(MAX_ANSWER)).map(|s| s.len()),
            Ok(MAX_ANSWER * 2)
        );
        assert_eq!(
            checked(&text, &"å".repeat(MAX_ANSWER + 1)),
            Err(AnswerProblem::TooLong)
        );
    }
}
