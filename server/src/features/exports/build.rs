//! The three documents, built from what the pages show: the same read ports (`Work`,
//! `Handovers`) with the same access rules, so a download holds exactly what its reader may
//! see on the pages, and only finalised versions and submitted work.

use super::model::{Block, Chart, Doc, Table, clean, file_stem};
use crate::error::{Result, ServerError};
use app::{
    error::AppError,
    features::{
        handovers::types::{StepHandovers, SubmissionBody},
        work::types::{DocumentBody, FinalisedDocument},
        workshop::types::{Date, Track},
    },
    i18n::{Locale, td_string},
    ports::{Actor, CycleId, GroupId, OrganisationId, Services},
    shared::{GroupSummary, StepState},
    states::{handover_state_in, response_kind_in, step_state_in, tasks_agreed_in},
    ui::date::long_date_in,
};

fn lang(locale: Locale) -> &'static str {
    match locale {
        Locale::en => "en",
        Locale::sv => "sv",
    }
}

fn date(locale: Locale, date: Date) -> String {
    long_date_in(locale, date)
}

/// A step's tasks: a heading each (at `level`), every field's label and answer, and what is
/// not agreed or not answered said in words.
fn step_body(locale: Locale, body: &DocumentBody, level: u8, out: &mut Vec<Block>) {
    for task in &body.tasks {
        out.push(Block::Heading(level, clean(&task.title)));
        for field in &task.fields {
            out.push(Block::Label(clean(&field.label)));
            let text = clean(&field.text);
            if text.is_empty() {
                out.push(Block::Note(
                    td_string!(locale, export_no_answer).to_string(),
                ));
                continue;
            }
            out.push(Block::Para(text));
            if !field.agreed {
                out.push(Block::Note(
                    td_string!(locale, state_field_not_agreed).to_string(),
                ));
            }
        }
    }
}

fn version_line(locale: Locale, document: &FinalisedDocument) -> String {
    td_string!(
        locale,
        export_version_line,
        version = document.meta.version,
        date = date(locale, document.meta.finalised_on),
        name = clean(&document.meta.finalised_by)
    )
    .to_string()
}

/// One finalised version of a step's document, for a member of its group.
pub async fn version(
    services: &Services,
    actor: &Actor,
    group: GroupId,
    number: u8,
    version: i32,
    today: Date,
) -> Result<Doc> {
    let locale = actor.locale;
    let document = services
        .work
        .finalised(actor, group, number, version)
        .await?;
    let mut blocks = vec![Block::Heading(1, clean(&document.title))];
    blocks.push(Block::Note(version_line(locale, &document)));
    step_body(locale, &document.body, 2, &mut blocks);
    Ok(Doc {
        lang: lang(locale),
        kind: clean(&document.title),
        title: clean(&document.group.name),
        facts: vec![
            (
                td_string!(locale, export_fact_group).to_string(),
                clean(&document.group.name),
            ),
            (
                td_string!(locale, export_fact_cycle).to_string(),
                document.cycle.clone(),
            ),
            (
                td_string!(locale, export_fact_step).to_string(),
                td_string!(
                    locale,
                    export_step_title,
                    number = number,
                    title = clean(&document.step_title)
                )
                .to_string(),
            ),
            (
                td_string!(locale, export_fact_version).to_string(),
                document.meta.version.to_string(),
            ),
            (
                td_string!(locale, export_fact_finalised_by).to_string(),
                clean(&document.meta.finalised_by),
            ),
            (
                td_string!(locale, export_fact_finalised_on).to_string(),
                date(locale, document.meta.finalised_on),
            ),
            (
                td_string!(locale, export_fact_made).to_string(),
                date(locale, today),
            ),
        ],
        blocks,
        file_stem: file_stem(&[
            &document.title,
            &document.group.name,
            &format!("v{}", document.meta.version),
        ]),
    })
}

/// Each step's newest finalised version (steps 1 to 5) and its artefact's title, for a member.
async fn newest_documents(
    services: &Services,
    actor: &Actor,
    group: GroupId,
    year: Option<CycleId>,
) -> Result<(GroupSummary, Vec<(u8, String, Option<FinalisedDocument>)>)> {
    let set = services.work.newest_finalised(actor, group, year).await?;
    let steps = set
        .steps
        .into_iter()
        .map(|s| (s.number, clean(&s.artefact), s.document))
        .collect();
    Ok((set.group, steps))
}

/// A unit's kvalitetsrapport for the current cycle (or `year`, one it has closed): step 5's report, a guide to where the law's
/// parts are, and steps 1 to 4 as appendices. Finalised versions only; `Conflict` until step 5
/// has one.
pub async fn report(
    services: &Services,
    actor: &Actor,
    group: GroupId,
    year: Option<CycleId>,
    today: Date,
) -> Result<Doc> {
    let locale = actor.locale;
    let (home, documents) = newest_documents(services, actor, group, year).await?;
    if home.track == Track::Huvudman {
        return Err(ServerError::NotFound);
    }
    let Some((_, report_title, Some(report))) = documents.iter().find(|d| d.0 == 5) else {
        return Err(ServerError::Conflict);
    };
    let mut blocks = Vec::new();
    blocks.push(Block::Heading(
        1,
        td_string!(locale, export_part_report, title = report_title.clone()).to_string(),
    ));
    blocks.push(Block::Note(version_line(locale, report)));
    step_body(locale, &report.body, 2, &mut blocks);

    // Where each part the law asks for is: appendix n is step n.
    let place = |n: u8| -> String {
        let (_, title, document) = &documents[usize::from(n - 1)];
        match document {
            Some(_) => td_string!(
                locale,
                export_appendix,
                n = n,
                title = title.clone(),
                step = n
            )
            .to_string(),
            None => td_string!(
                locale,
                export_not_finalised,
                title = title.clone(),
                step = n
            )
            .to_string(),
        }
    };
    blocks.push(Block::Heading(
        1,
        td_string!(locale, export_guide_heading).to_string(),
    ));
    blocks.push(Block::Para(
        td_string!(locale, export_guide_intro).to_string(),
    ));
    blocks.push(Block::Table(Table {
        caption: td_string!(locale, export_guide_caption).to_string(),
        head: vec![
            td_string!(locale, export_guide_what).to_string(),
            td_string!(locale, export_guide_where).to_string(),
        ],
        rows: vec![
            vec![
                td_string!(locale, export_guide_followed).to_string(),
                place(2),
            ],
            vec![
                td_string!(locale, export_guide_analysis).to_string(),
                place(3),
            ],
            vec![td_string!(locale, export_guide_goals).to_string(), place(4)],
            vec![td_string!(locale, export_guide_who).to_string(), place(4)],
            vec![
                td_string!(locale, export_guide_next).to_string(),
                td_string!(locale, export_part_report, title = report_title.clone()).to_string(),
            ],
        ],
    }));
    let mut based_on = Vec::new();
    for (number, title, document) in documents.iter().filter(|d| d.0 < 5) {
        blocks.push(Block::Heading(
            1,
            td_string!(
                locale,
                export_appendix,
                n = *number,
                title = title.clone(),
                step = *number
            )
            .to_string(),
        ));
        match document {
            Some(document) => {
                blocks.push(Block::Note(version_line(locale, document)));
                step_body(locale, &document.body, 2, &mut blocks);
                based_on.push(
                    td_string!(
                        locale,
                        export_step_version,
                        step = *number,
                        version = document.meta.version
                    )
                    .to_string(),
                );
            }
            None => blocks.push(Block::Note(
                td_string!(
                    locale,
                    export_not_finalised,
                    title = title.clone(),
                    step = *number
                )
                .to_string(),
            )),
        }
    }
    based_on.push(
        td_string!(
            locale,
            export_step_version,
            step = 5,
            version = report.meta.version
        )
        .to_string(),
    );
    let kind = td_string!(locale, export_report_kind).to_string();
    Ok(Doc {
        lang: lang(locale),
        file_stem: file_stem(&[&kind, &home.name, &report.cycle]),
        kind,
        title: clean(&home.name),
        facts: vec![
            (
                td_string!(locale, export_fact_unit).to_string(),
                clean(&home.name),
            ),
            (
                td_string!(locale, export_fact_organisation).to_string(),
                clean(&home.organisation),
            ),
            (
                td_string!(locale, export_fact_cycle).to_string(),
                report.cycle.clone(),
            ),
            (
                td_string!(locale, export_fact_based_on).to_string(),
                based_on.join(", "),
            ),
            (
                td_string!(locale, export_fact_made).to_string(),
                date(locale, today),
            ),
        ],
        blocks,
    })
}

/// The huvudman's compiled report for the current cycle: the state at a glance (matrix and
/// ratings), its own finalised documents, each unit's newest submission with the answers to
/// it, and what it published.
pub async fn compiled(
    services: &Services,
    actor: &Actor,
    organisation: OrganisationId,
    today: Date,
) -> Result<Doc> {
    let locale = actor.locale;
    let overview = services.handovers.overview(actor, organisation).await?;
    let mut blocks = Vec::new();

    blocks.push(Block::Heading(
        1,
        td_string!(locale, export_state_heading).to_string(),
    ));
    let mut head = vec![td_string!(locale, export_unit).to_string()];
    head.extend(overview.steps.iter().map(|(n, title)| {
        td_string!(locale, export_step_title, number = *n, title = clean(title)).to_string()
    }));
    blocks.push(Block::Table(Table {
        caption: td_string!(locale, export_matrix_caption).to_string(),
        head,
        rows: overview
            .units
            .iter()
            .map(|unit| {
                let mut row = vec![clean(&unit.unit.name)];
                // As the whole picture's cell says it: the step, what was sent once it is open,
                // and the agreed tasks.
                row.extend(unit.steps.iter().map(|step| {
                    let mut cell = step_state_in(locale, step.step_state);
                    if let Some(sent) = step
                        .sent
                        .filter(|_| step.step_state != StepState::NotOpened)
                    {
                        cell.push_str(" · ");
                        cell.push_str(&handover_state_in(locale, sent));
                    }
                    cell.push_str(" · ");
                    cell.push_str(&tasks_agreed_in(locale, step.agreed, step.tasks));
                    cell
                }));
                row
            })
            .collect(),
    }));
    if overview
        .ratings
        .iter()
        .any(|r| r.counts.iter().any(|c| *c > 0) || r.unrated > 0)
    {
        blocks.push(Block::Heading(
            2,
            td_string!(locale, export_ratings_heading).to_string(),
        ));
        for rating in &overview.ratings {
            let title = td_string!(
                locale,
                export_chart_title,
                step = rating.number,
                task = clean(&rating.task),
                label = clean(&rating.label)
            )
            .to_string();
            let mut bars: Vec<(String, u32)> = rating
                .scale
                .iter()
                .zip(&rating.counts)
                .map(|(label, count)| (clean(label), u32::from(*count)))
                .collect();
            if rating.unrated > 0 {
                bars.push((
                    td_string!(locale, export_unrated).to_string(),
                    u32::from(rating.unrated),
                ));
            }
            let words = bars
                .iter()
                .map(|(label, count)| {
                    td_string!(
                        locale,
                        export_chart_bar,
                        label = label.clone(),
                        count = *count
                    )
                    .to_string()
                })
                .collect::<Vec<_>>()
                .join(", ");
            blocks.push(Block::Chart(Chart {
                alt: td_string!(
                    locale,
                    export_chart_alt,
                    title = title.clone(),
                    bars = words
                )
                .to_string(),
                title,
                bars,
            }));
        }
    }

    // The huvudman group's own documents: for its members (an owner outside it is told so).
    blocks.push(Block::Heading(
        1,
        td_string!(locale, export_own_heading).to_string(),
    ));
    let own = match &overview.huvudman_group {
        Some(group) => {
            match newest_documents(services, actor, group.id.parse::<GroupId>()?, None).await {
                Ok((_, documents)) => Some(documents),
                Err(ServerError::NotFound) => None,
                Err(other) => return Err(other),
            }
        }
        None => None,
    };
    match own {
        Some(documents) => {
            for (number, title, document) in documents {
                let heading = td_string!(
                    locale,
                    export_handover_title,
                    step = number,
                    title = title.clone()
                )
                .to_string();
                blocks.push(Block::Heading(2, heading));
                match document {
                    Some(document) => {
                        blocks.push(Block::Note(version_line(locale, &document)));
                        step_body(locale, &document.body, 3, &mut blocks);
                    }
                    None => blocks.push(Block::Note(
                        td_string!(locale, export_not_finalised, title = title, step = number)
                            .to_string(),
                    )),
                }
            }
        }
        None => blocks.push(Block::Note(
            td_string!(locale, export_own_missing).to_string(),
        )),
    }

    blocks.push(Block::Heading(
        1,
        td_string!(locale, export_submitted_heading).to_string(),
    ));
    for number in 1..=5u8 {
        let side = match services
            .handovers
            .side_by_side(actor, organisation, number)
            .await
        {
            Ok(side) => side,
            // A step without hand-overs up.
            Err(AppError::NotFound) => continue,
            Err(other) => return Err(other.into()),
        };
        for (handover, units) in &side.handovers {
            blocks.push(Block::Heading(
                2,
                td_string!(
                    locale,
                    export_handover_title,
                    step = number,
                    title = clean(&handover.title)
                )
                .to_string(),
            ));
            for unit in units {
                let name = clean(&unit.unit.name);
                let (Some(version), Some(body)) = (&unit.version, &unit.body) else {
                    blocks.push(Block::Note(
                        td_string!(locale, export_nothing_submitted, unit = name).to_string(),
                    ));
                    continue;
                };
                blocks.push(Block::Heading(3, name));
                blocks.push(Block::Note(
                    td_string!(
                        locale,
                        export_submission_line,
                        version = version.version,
                        date = date(locale, version.on),
                        name = clean(&version.by)
                    )
                    .to_string(),
                ));
                match body {
                    SubmissionBody::Document(document) => {
                        for task in &document.tasks {
                            for field in &task.fields {
                                let text = clean(&field.text);
                                if text.is_empty() {
                                    continue;
                                }
                                blocks.push(Block::Label(format!(
                                    "{}: {}",
                                    clean(&task.title),
                                    clean(&field.label)
                                )));
                                blocks.push(Block::Para(text));
                            }
                        }
                    }
                    SubmissionBody::Text(text) => blocks.push(Block::Para(clean(text))),
                }
                for response in &version.responses {
                    blocks.push(Block::Label(
                        td_string!(
                            locale,
                            export_response_line,
                            kind = response_kind_in(locale, response.kind),
                            name = clean(&response.by),
                            date = date(locale, response.on)
                        )
                        .to_string(),
                    ));
                    let text = clean(&response.body);
                    if !text.is_empty() {
                        blocks.push(Block::Para(text));
                    }
                }
            }
        }
    }

    blocks.push(Block::Heading(
        1,
        td_string!(locale, export_published_heading).to_string(),
    ));
    let mut any = false;
    if let Some(group) = &overview.huvudman_group {
        let group: GroupId = group.id.parse()?;
        for number in 1..=5u8 {
            let down = match services.handovers.step(actor, group, number).await {
                Ok(StepHandovers::Huvudman { down, .. }) => down,
                Ok(_) | Err(AppError::NotFound) => continue,
                Err(other) => return Err(other.into()),
            };
            for item in down {
                for publication in &item.published {
                    any = true;
                    blocks.push(Block::Heading(2, clean(&publication.title)));
                    let to = match &publication.to {
                        None => td_string!(locale, export_to_all).to_string(),
                        Some(units) => units
                            .iter()
                            .map(|u| clean(u))
                            .collect::<Vec<_>>()
                            .join(", "),
                    };
                    blocks.push(Block::Note(
                        td_string!(
                            locale,
                            export_published_line,
                            date = date(locale, publication.on),
                            name = clean(&publication.by),
                            to = to
                        )
                        .to_string(),
                    ));
                    blocks.push(Block::Para(clean(&publication.body)));
                }
            }
        }
    }
    if !any {
        blocks.push(Block::Note(
            td_string!(locale, export_nothing_published).to_string(),
        ));
    }

    let kind = td_string!(locale, export_compiled_kind).to_string();
    Ok(Doc {
        lang: lang(locale),
        file_stem: file_stem(&[&kind, &overview.organisation, &overview.cycle]),
        kind,
        title: clean(&overview.organisation),
        facts: vec![
            (
                td_string!(locale, export_fact_organisation).to_string(),
                clean(&overview.organisation),
            ),
            (
                td_string!(locale, export_fact_cycle).to_string(),
                overview.cycle.clone(),
            ),
            (
                td_string!(locale, export_fact_units).to_string(),
                overview.units.len().to_string(),
            ),
            (
                td_string!(locale, export_fact_made).to_string(),
                date(locale, today),
            ),
        ],
        blocks,
    })
}
