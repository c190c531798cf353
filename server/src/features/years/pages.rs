//! What the years' pages read: a group's years (its own, the next once opened, the closed
//! ones) and an organisation's (which groups are still finishing an earlier year).

use crate::{
    access,
    context::{Context, autumn_of, first_year_of, school_year_from},
    db::date,
    entities::{enums::StepStatus, group_years, groups, prelude::*},
    error::{Result, ServerError},
};
use app::{
    features::years::types::{EarlierYear, Finishing, OrganisationYears, YearsPage},
    ports::{Actor, GroupId, OrganisationId},
};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};

#[derive(Clone)]
pub(super) struct YearPages {
    pub(super) db: DatabaseConnection,
    pub(super) ctx: Context,
}

impl YearPages {
    /// The group's years, for anyone who may see the group. Five queries.
    pub async fn group_years(&self, actor: &Actor, group: GroupId) -> Result<YearsPage> {
        let seen = self.ctx.seen(&self.db, actor, group).await?;
        let year = self.ctx.year(&self.db, &seen).await?;
        let states = self
            .ctx
            .states(&self.db, seen.group.id, year.cycle.as_ref().map(|c| c.id))
            .await?;
        Ok(YearsPage {
            group: seen.summary(),
            leads: seen.leads(),
            current: year.cycle.as_ref().map(|c| c.label.clone()),
            closed: year.closed,
            step5_done: states.get(&5) == Some(&StepStatus::Done),
            next: year.next.as_ref().map(|c| c.label.clone()),
            earlier: year
                .closed_years
                .iter()
                .filter(|(c, _)| !(year.closed && year.cycle.as_ref() == Some(c)))
                .map(|(c, row)| EarlierYear {
                    id: c.id.to_string(),
                    label: c.label.clone(),
                    closed_on: row.closed_at.map(date),
                    moved_on: row.moved_on,
                })
                .collect(),
        })
    }

    /// The organisation's years, for everyone who takes part in it. Four queries.
    pub async fn organisation_years(
        &self,
        actor: &Actor,
        organisation: OrganisationId,
    ) -> Result<OrganisationYears> {
        let me = actor.user_id()?.0;
        let mut query = Organisation::find_by_id(organisation.0);
        if !actor.is_admin() {
            query = query.filter(access::takes_part_in(me));
        }
        let org = query.one(&self.db).await?.ok_or(ServerError::NotFound)?;
        let may_open = actor.is_admin()
            || Organisation::find_by_id(org.id)
                .filter(access::plans_year_of(me))
                .one(&self.db)
                .await?
                .is_some();
        let cycles = Cycle::find()
            .filter(crate::entities::cycles::Column::OrganisationId.eq(org.id))
            .order_by_desc(crate::entities::cycles::Column::CreatedAt)
            .order_by_desc(crate::entities::cycles::Column::Id)
            .all(&self.db)
            .await?;
        let this_year = autumn_of(self.ctx.clock.now());
        let newest_first = cycles.first().and_then(|c| first_year_of(&c.label));
        let opens = match newest_first {
            Some(first) if first > this_year => None,
            Some(first) => Some(school_year_from((first + 1).max(this_year))),
            None => Some(school_year_from(this_year)),
        };
        let held: Vec<(group_years::Model, Option<groups::Model>)> = GroupYear::find()
            .find_also_related(Group)
            .filter(group_years::Column::ClosedAt.is_null())
            .filter(groups::Column::OrganisationId.eq(org.id))
            .all(&self.db)
            .await?;
        let mut finishing: Vec<Finishing> = held
            .into_iter()
            .filter_map(|(row, group)| {
                let group = group?;
                let year = cycles.iter().find(|c| c.id == row.cycle_id)?;
                Some(Finishing {
                    group_id: group.id.to_string(),
                    name: group.name,
                    year: year.label.clone(),
                })
            })
            .collect();
        finishing.sort_by_key(|f| crate::text::sort_key(&f.name));
        Ok(OrganisationYears {
            organisation_id: org.id.to_string(),
            organisation: org.name,
            may_open,
            years: cycles.into_iter().map(|c| c.label).collect(),
            opens,
            finishing,
        })
    }
}
