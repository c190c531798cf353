//! Content loading: the real content is valid, and mistakes are reported by file and field.

use app::{
    features::workshop::types::{Direction, FilmSource, Track},
    i18n::{I18nLocaleTrait, Locale},
    ports::Workshop,
};
use integration_tests::{repo_root, scratch_content};
use server::features::workshop::load;
use std::{
    fs,
    path::{Path, PathBuf},
};

/// The default content is a whole workshop: a group could run its year from it.
#[test]
fn the_shipped_content_has_five_full_steps_in_both_tracks_and_languages() {
    let store = load(&repo_root().join("content")).unwrap_or_else(|e| panic!("{e}"));
    for track in Track::ALL {
        for number in 1..=5 {
            for locale in [Locale::sv, Locale::en] {
                let at = format!("step {number} {track:?} {locale:?}");
                let step = store.step(track, number, locale).expect(&at);
                assert!(step.tasks.len() >= 4, "{at}: {} tasks", step.tasks.len());
                assert!(
                    step.prompts.len() >= 5,
                    "{at}: {} prompts",
                    step.prompts.len()
                );
                assert!(step.films.len() >= 2, "{at}: {} films", step.films.len());
                assert!(
                    step.tasks.iter().all(|t| !t.fields.is_empty()),
                    "{at}: a task without answer fields"
                );
                assert!(
                    [Direction::Up, Direction::Down]
                        .iter()
                        .all(|d| step.handovers.iter().any(|h| h.direction == *d)),
                    "{at}: hand-overs must go both ways"
                );
                for film in &step.films {
                    let FilmSource::Local { url, .. } = &film.source else {
                        panic!("{at}: film {} is not shipped as a file", film.id);
                    };
                    let file = url.trim_start_matches("/filmer/");
                    let size = fs::metadata(repo_root().join("content/films").join(file))
                        .map(|m| m.len())
                        .unwrap_or(0);
                    assert!(size > 10_000, "{at}: {file} is not a real video");
                    assert!(film.duration_seconds >= 30, "{at}: {} too short", film.id);
                    assert!(
                        film.captions.iter().any(|c| c.lang == "sv")
                            && film.captions.iter().any(|c| c.lang == locale.as_str()),
                        "{at}: film {} lacks captions",
                        film.id
                    );
                    assert!(film.transcript.len() >= 3, "{at}: {} transcript", film.id);
                }
            }
        }
    }
    assert!(
        store.unrecorded_ids().is_empty(),
        "run `make content-ids`: {:?}",
        store.unrecorded_ids()
    );
    let summary = store.summary();
    let lines = summary.lines().filter(|l| l.starts_with("step ")).count();
    assert_eq!(lines, 5 * 2 * 2, "{summary}");
}

#[test]
fn all_films_together_stay_small() {
    let total: u64 = fs::read_dir(repo_root().join("content/films"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("webm" | "mp4")))
        .map(|p| fs::metadata(p).unwrap().len())
        .sum();
    assert!(total <= 25 * 1024 * 1024, "films take {total} bytes");
}

fn step_file(root: &Path) -> PathBuf {
    root.join("steps/01-gemensam-grund/enhet.sv.md")
}

/// Rewrites a file in the scratch content.
fn edit(file: &Path, change: impl FnOnce(String) -> String) {
    let text = fs::read_to_string(file).unwrap();
    let changed = change(text.clone());
    assert_ne!(text, changed, "the edit must change {}", file.display());
    fs::write(file, changed).unwrap();
}

#[test]
fn a_missing_field_is_named_with_its_file() {
    let root = scratch_content();
    let file = step_file(&root);
    let text = fs::read_to_string(&file).unwrap();
    let broken: String = text
        .lines()
        .filter(|l| !l.starts_with("summary"))
        .map(|l| format!("{l}\n"))
        .collect();
    fs::write(&file, broken).unwrap();
    let error = load(&root).unwrap_err().to_string();
    assert!(error.contains("enhet.sv.md"), "{error}");
    assert!(error.contains("summary"), "{error}");
    fs::remove_dir_all(root).unwrap();
}

#[test]
fn a_wrong_type_and_a_dangling_film_are_both_reported() {
    let root = scratch_content();
    let file = step_file(&root);
    let text = fs::read_to_string(&file).unwrap();
    let broken = text.replacen("step = 1", "step = \"ett\"", 1);
    fs::write(&file, broken).unwrap();
    let huvudman = file.with_file_name("huvudman.en.md");
    let text = fs::read_to_string(&huvudman).unwrap();
    let films_line = text
        .lines()
        .find(|l| l.starts_with("films"))
        .unwrap()
        .to_string();
    fs::write(
        &huvudman,
        text.replace(&films_line, "films = [\"finns-inte\"]"),
    )
    .unwrap();

    let error = load(&root).unwrap_err().to_string();
    assert!(
        error.contains("enhet.sv.md") && error.contains("`step`") && error.contains("line"),
        "{error}"
    );
    assert!(
        error.contains("huvudman.en.md")
            && error.contains("films[0]")
            && error.contains("finns-inte"),
        "{error}"
    );
    fs::remove_dir_all(root).unwrap();
}

#[test]
fn broken_captions_and_missing_languages_are_reported() {
    let root = scratch_content();
    let vtt = fs::read_dir(root.join("films"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().ends_with(".sv.vtt"))
        .unwrap();
    fs::write(&vtt, "WEBVTT\n\n00:00:05.000 --> 00:00:01.000\nBakvänd\n").unwrap();
    fs::remove_file(step_file(&root).with_file_name("huvudman.en.md")).unwrap();

    let error = load(&root).unwrap_err().to_string();
    assert!(
        error.contains(&vtt.file_name().unwrap().to_string_lossy().to_string())
            && error.contains("line 3"),
        "{error}"
    );
    assert!(
        error.contains("huvudman.en.md") && error.contains("missing"),
        "{error}"
    );
    fs::remove_dir_all(root).unwrap();
}

#[test]
fn a_duplicate_task_id_is_rejected() {
    let root = scratch_content();
    edit(&step_file(&root), |t| {
        t.replacen("id = \"klargor-ansvar\"", "id = \"kartlagg-idag\"", 1)
    });
    let error = load(&root).unwrap_err().to_string();
    assert!(
        error.contains("enhet.sv.md") && error.contains("\"kartlagg-idag\" is used twice"),
        "{error}"
    );
    fs::remove_dir_all(root).unwrap();
}

#[test]
fn a_removed_id_is_reported_unless_it_is_retired() {
    let root = scratch_content();
    let id = "1/enhet/prompt/vad-anvands";
    let ids = fs::read_to_string(root.join("ids.toml")).unwrap();
    assert!(ids.contains(id), "the shipped ids.toml records {id}");
    // Renaming a prompt's id in both languages removes the old id.
    for lang in ["sv", "en"] {
        edit(
            &root.join(format!("steps/01-gemensam-grund/enhet.{lang}.md")),
            |t| t.replacen("\"vad-anvands\"", "\"vad-som-anvands\"", 1),
        );
    }
    let error = load(&root).unwrap_err().to_string();
    assert!(
        error.contains("ids.toml") && error.contains(id) && error.contains("orphaned"),
        "{error}"
    );

    // Retired on purpose: accepted, and the new id is reported as not yet recorded.
    edit(&root.join("ids.toml"), |t| {
        t.replacen(&format!("  \"{id}\",\n"), "", 1).replacen(
            "retired = [\n",
            &format!("retired = [\n  \"{id}\",\n"),
            1,
        )
    });
    let store = load(&root).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(store.unrecorded_ids(), ["1/enhet/prompt/vad-som-anvands"]);
    assert!(store.summary().contains("make content-ids"));

    // Recording adds the new id and keeps the retired one retired.
    store.record_ids(&root).unwrap();
    let store = load(&root).unwrap_or_else(|e| panic!("{e}"));
    assert!(store.unrecorded_ids().is_empty());
    let ids = fs::read_to_string(root.join("ids.toml")).unwrap();
    assert!(ids.contains("vad-som-anvands") && ids.contains(id));
    fs::remove_dir_all(root).unwrap();
}

#[test]
fn languages_of_a_track_must_have_the_same_fields() {
    let root = scratch_content();
    edit(&root.join("steps/01-gemensam-grund/huvudman.en.md"), |t| {
        t.replacen("kind = \"long_text\"", "kind = \"short_text\"", 1)
    });
    let error = load(&root).unwrap_err().to_string();
    assert!(
        error.contains("huvudman.en.md") && error.contains("short_text"),
        "{error}"
    );
    fs::remove_dir_all(root).unwrap();
}

#[test]
fn captions_that_drift_from_the_manuscript_are_rejected() {
    let root = scratch_content();
    edit(&root.join("films/varfor-ska.sv.md"), |t| {
        t.replacen("skollagen", "skolförordningen", 1)
    });
    let error = load(&root).unwrap_err().to_string();
    assert!(
        error.contains("varfor-ska.sv.vtt")
            && error.contains("differ from the manuscript")
            && error.contains("make films"),
        "{error}"
    );
    fs::remove_dir_all(root).unwrap();
}

#[test]
fn a_step_below_the_minimum_is_rejected() {
    let root = scratch_content();
    edit(&step_file(&root), |t| {
        // Drop prompts from the front until four are left.
        let mut text = t;
        while text.matches("[[prompts]]").count() > 4 {
            let first = text.find("[[prompts]]").unwrap();
            let next = first + 1 + text[first + 1..].find("[[prompts]]").unwrap();
            text.replace_range(first..next, "");
        }
        text
    });
    let error = load(&root).unwrap_err().to_string();
    assert!(
        error.contains("enhet.sv.md") && error.contains("at least 5 discussion prompts"),
        "{error}"
    );
    fs::remove_dir_all(root).unwrap();
}

#[test]
fn a_step_before_its_release_date_shows_when_it_opens() {
    let root = scratch_content();
    for lang in Locale::get_all() {
        edit(
            &root.join(format!(
                "steps/01-gemensam-grund/enhet.{}.md",
                lang.as_str()
            )),
            |t| t.replacen("\nfilms = ", "\navailable_from = 2999-03-01\nfilms = ", 1),
        );
    }
    let store = load(&root).unwrap_or_else(|e| panic!("{e}"));
    let step = store.step(Track::Enhet, 1, Locale::sv).unwrap();
    assert!(step.opens.is_some());
    assert!(step.tasks.is_empty() && step.films.is_empty() && step.prompts.is_empty());
    assert!(!step.prepare.is_empty(), "leaders can still plan");
    let open = store.step(Track::Huvudman, 1, Locale::sv).unwrap();
    assert!(open.opens.is_none() && !open.tasks.is_empty());
    fs::remove_dir_all(root).unwrap();
}

/// Rewrites the first `key = value` line after `marker` in a step file's front matter, from the
/// old value. Panics when there is no such line: the edit must hit something.
fn change_after(text: &str, marker: &str, key: &str, new: impl FnOnce(&str) -> String) -> String {
    let from = text.find(marker).expect("the marker is in the file");
    let line = format!("\n{key} = ");
    let start = from
        + text[from..]
            .find(&line)
            .expect("the key follows the marker")
        + 1;
    let end = start + text[start..].find('\n').unwrap();
    let old = &text[start + line.len() - 1..end];
    let mut changed = text.to_string();
    changed.replace_range(start..end, &format!("{key} = {}", new(old.trim())));
    changed
}

/// Adds minutes to a number as content writes it.
fn plus(minutes: u16) -> impl FnOnce(&str) -> String {
    move |old| (old.parse::<u16>().unwrap() + minutes).to_string()
}

#[test]
fn an_agenda_longer_than_its_meeting_is_rejected() {
    let root = scratch_content();
    for lang in Locale::get_all() {
        let file = root.join(format!(
            "steps/03-varfor-ar-det-sa/enhet.{}.md",
            lang.as_str()
        ));
        edit(&file, |t| {
            change_after(&t, "[[meetings.agenda]]", "minutes", plus(5))
        });
    }
    let error = load(&root).unwrap_err().to_string();
    assert!(
        error.contains("03-varfor-ar-det-sa/enhet.sv.md: field `meetings[0].agenda`: adds up to")
            && error.contains("more than the meeting's"),
        "{error}"
    );
    fs::remove_dir_all(root).unwrap();
}

#[test]
fn an_agenda_that_leaves_minutes_untimed_is_rejected() {
    let root = scratch_content();
    edit(&step_file(&root), |t| {
        change_after(&t, "[[meetings]]", "minutes", plus(10))
    });
    let error = load(&root).unwrap_err().to_string();
    assert!(
        error.contains("field `meetings[0].agenda`: adds up to")
            && error.contains("time every minute"),
        "{error}"
    );
    fs::remove_dir_all(root).unwrap();
}

#[test]
fn a_meeting_in_july_and_a_task_no_meeting_works_on_are_rejected() {
    let root = scratch_content();
    edit(&step_file(&root), |t| {
        change_after(&t, "[[meetings]]", "week", |_| "28".into())
            .replace("task = \"kartlagg-idag\"\n", "")
    });
    let error = load(&root).unwrap_err().to_string();
    assert!(
        error.contains("field `meetings[0].week`: week 28 is not in a school year"),
        "{error}"
    );
    assert!(
        error.contains("no meeting works on task \"kartlagg-idag\""),
        "{error}"
    );
    fs::remove_dir_all(root).unwrap();
}

#[test]
fn ska_must_be_spelled_out_before_it_is_used() {
    let root = scratch_content();
    edit(&step_file(&root), |t| {
        t.replacen("\nsummary = \"", "\nsummary = \"SKA i korthet. ", 1)
    });
    let error = load(&root).unwrap_err().to_string();
    assert!(
        error.contains("enhet.sv.md: field `summary`: uses \"SKA\" before it is spelled out"),
        "{error}"
    );
    fs::remove_dir_all(root).unwrap();
}

#[test]
fn a_hand_over_week_must_be_the_same_in_both_tracks() {
    let root = scratch_content();
    for lang in Locale::get_all() {
        let file = root.join(format!("steps/02-var-ar-vi/huvudman.{}.md", lang.as_str()));
        edit(&file, |t| {
            change_after(&t, "[[handovers]]", "week", |_| "50".into())
        });
    }
    let error = load(&root).unwrap_err().to_string();
    assert!(
        error.contains(
            "02-var-ar-vi/enhet.sv.md: field `handovers`: both tracks must name the same hand-overs"
        ) && error.contains("week 50"),
        "{error}"
    );
    fs::remove_dir_all(root).unwrap();
}

/// The shipped year runs forward in both tracks: every meeting and hand-over inside the school
/// year, each step after the one before, agendas that add up, and what the units need from the
/// huvudman arriving before they meet about it.
#[test]
fn each_tracks_year_plan_fits_the_school_year_with_its_hand_overs() {
    use app::features::workshop::types::{Term, YearPlanItem};
    let store = load(&repo_root().join("content")).unwrap_or_else(|e| panic!("{e}"));
    for track in Track::ALL {
        for locale in [Locale::sv, Locale::en] {
            let plan = store.year_plan(track, locale);
            let at = format!("{track:?} {locale:?}");
            assert!(
                plan.entries.windows(2).all(|w| w[0].week <= w[1].week),
                "{at}: in week order"
            );
            assert!(plan.entries.iter().all(|e| e.week.in_school_year()), "{at}");
            for number in 1..=5 {
                let step = store.step(track, number, locale).unwrap();
                assert!(!step.meetings.is_empty(), "{at} step {number}");
                for (i, meeting) in step.meetings.iter().enumerate() {
                    let total: u16 = meeting.agenda.iter().map(|a| a.minutes).sum();
                    assert_eq!(
                        total,
                        meeting.minutes,
                        "{at} step {number} meeting {}",
                        i + 1
                    );
                    assert!(!meeting.lead.is_empty() && !meeting.notes.is_empty());
                }
                // Steps follow each other: this step's first meeting is not before the
                // previous step's first.
                if number > 1 {
                    let before = store.step(track, number - 1, locale).unwrap();
                    assert!(
                        before.meetings[0].week <= step.meetings[0].week,
                        "{at} step {number}"
                    );
                }
                // What the other track sends reaches this one before a meeting of this step
                // or the next, where it can be taken up; the last step's is taken up by the
                // next year's step 1 (the year is a cycle), which comes after it.
                let receives = if track == Track::Enhet {
                    Direction::Down
                } else {
                    Direction::Up
                };
                let next = store.step(track, number + 1, locale);
                for h in step.handovers.iter().filter(|h| h.direction == receives) {
                    let taken_up = next.is_none()
                        || step
                            .meetings
                            .iter()
                            .chain(next.iter().flat_map(|s| &s.meetings))
                            .any(|m| m.week >= h.week);
                    assert!(taken_up, "{at} step {number}: no meeting takes up {}", h.id);
                }
            }
            let meetings = plan
                .entries
                .iter()
                .filter(|e| matches!(e.what, YearPlanItem::Meeting { .. }))
                .count();
            assert!(meetings >= 15, "{at}: {meetings} meetings");
            if track == Track::Huvudman {
                // The compiled report is written after the summer, once every unit's is in.
                let after: Vec<_> = plan
                    .entries
                    .iter()
                    .filter(|e| e.step == 5 && e.week.term() == Term::AfterSummer)
                    .collect();
                assert!(
                    after
                        .iter()
                        .any(|e| matches!(e.what, YearPlanItem::Meeting { .. })),
                    "{at}: step 5 continues after the summer"
                );
                // The seam between years is one sequence: the reports come up, are read with
                // a week for the readers, answered and the frame adjusted, all before the
                // summer, so each unit has its reply and next year's frame before its step 1.
                let step5 = store.step(track, 5, locale).unwrap();
                let week_of = |id: &str| {
                    step5
                        .handovers
                        .iter()
                        .find(|h| h.id == id)
                        .unwrap_or_else(|| panic!("{at}: no {id}"))
                        .week
                };
                let (report, reply, frame) = (
                    week_of("enhetens-kvalitetsrapport"),
                    week_of("aterkoppling"),
                    week_of("ny-ram"),
                );
                let reading = step5
                    .meetings
                    .iter()
                    .find(|m| {
                        m.agenda
                            .iter()
                            .any(|a| a.task.as_ref().is_some_and(|t| t.id == "las-rapporterna"))
                    })
                    .expect("a meeting reads the reports");
                assert!(
                    report < reading.week,
                    "{at}: the reports come before they are read"
                );
                assert!(
                    reading.week <= reply && reading.week <= frame,
                    "{at}: read, then answer"
                );
                for week in [reply, frame] {
                    assert_ne!(
                        week.term(),
                        Term::AfterSummer,
                        "{at}: the reply and frame come in June"
                    );
                }
                let reading_days = step5
                    .handovers
                    .iter()
                    .find(|h| h.id == "enhetens-kvalitetsrapport")
                    .unwrap()
                    .read_days;
                assert!(
                    reading_days >= 7,
                    "{at}: two readers need a week for every unit's report"
                );
            }
        }
    }
}

/// The three pillars of quality work close to teaching live in the work itself (tasks, fields
/// and prompts, not only introductions), fritidshem and förskoleklass are in every step, the
/// huvudman's duties under skollagen 4 kap. 7-8 §§ are where they act, and förskola gets one
/// box per step instead of a repeated line.
#[test]
fn the_pillars_the_whole_school_and_the_legal_frame_are_in_the_work() {
    let store = load(&repo_root().join("content")).unwrap_or_else(|e| panic!("{e}"));
    let pillars = |locale: Locale| match locale {
        Locale::sv => [
            "formativt förhållningssätt",
            "systematisk utvecklingsorganisation",
            "tvärprofessionell",
        ],
        Locale::en => [
            "formative approach",
            "systematic development organisation",
            "cross-professional",
        ],
    };
    for track in Track::ALL {
        for locale in [Locale::sv, Locale::en] {
            let at = format!("{track:?} {locale:?}");
            let steps: Vec<_> = (1..=5)
                .map(|n| store.step(track, n, locale).unwrap())
                .collect();
            // The work of a step: what the group reads while doing it and answers.
            let work = |n: usize| {
                let step = &steps[n - 1];
                let mut text = String::new();
                for task in &step.tasks {
                    text.push_str(&task.body_html);
                    for field in &task.fields {
                        text.push_str(&field.label);
                        text.push_str(field.help.as_deref().unwrap_or_default());
                    }
                }
                for prompt in &step.prompts {
                    text.push_str(&prompt.text);
                }
                text.to_lowercase()
            };
            let everything = |n: usize| {
                let step = &steps[n - 1];
                format!(
                    "{} {} {} {}",
                    work(n),
                    step.intro_html,
                    step.participants,
                    step.preschool_html
                )
                .to_lowercase()
            };
            for pillar in pillars(locale) {
                let found: Vec<usize> = (1..=5).filter(|n| work(*n).contains(pillar)).collect();
                assert!(
                    found.len() >= 2,
                    "{at}: {pillar:?} only in the work of steps {found:?}"
                );
            }
            let (fritidshem, forskoleklass) = match locale {
                Locale::sv => ("fritidshem", "förskoleklass"),
                Locale::en => ("school-age educare", "preschool class"),
            };
            for n in 1..=5 {
                assert!(
                    everything(n).contains(fritidshem),
                    "{at} step {n}: {fritidshem}"
                );
                assert!(
                    everything(n).contains(forskoleklass),
                    "{at} step {n}: {forskoleklass}"
                );
                assert!(!steps[n - 1].preschool_html.is_empty(), "{at} step {n}");
                assert!(
                    !everything(n).contains("inga betyg i förskolan")
                        && !everything(n).contains("i förskolan finns inga betyg"),
                    "{at} step {n}: the förskola box replaces the repeated line"
                );
            }
            // Cited as the terminology list says, one form per language (the work is lowercased).
            let section = |n: u8| match locale {
                Locale::sv => format!("skollagen 4 kap. {n} §"),
                Locale::en => format!("education act (skollagen), chapter 4, section {n}"),
            };
            if track == Track::Huvudman {
                assert!(
                    everything(1).to_lowercase().contains(&section(8)),
                    "{at}: complaints routines"
                );
                assert!(
                    everything(5).to_lowercase().contains(&section(7)),
                    "{at}: acting on shortcomings"
                );
            }
            if locale == Locale::en {
                for n in 1..=5 {
                    assert!(
                        !everything(n).contains(" kap. "),
                        "{at} step {n}: the law cited in Swedish form"
                    );
                }
            }
        }
    }
}

/// Removes tags from rendered Markdown (or a page), leaving the words a reader sees.
pub fn words_of(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push(' ');
            }
            '>' => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// Plain Swedish (klarspråk): short sentences on average, none that runs on and on. Counted over
/// everything a step page says, in the Swedish of both tracks.
#[test]
fn the_swedish_steps_speak_in_short_sentences() {
    let store = load(&repo_root().join("content")).unwrap_or_else(|e| panic!("{e}"));
    let (mut sentences, mut words, mut longest) = (0usize, 0usize, (0usize, String::new()));
    for track in Track::ALL {
        for number in 1..=5 {
            let step = store.step(track, number, Locale::sv).unwrap();
            let mut texts = vec![
                step.summary.clone(),
                step.participants.clone(),
                words_of(&step.intro_html),
                words_of(&step.preschool_html),
                step.artefact.description.clone(),
            ];
            for meeting in &step.meetings {
                texts.push(meeting.who.clone());
                texts.extend(meeting.agenda.iter().map(|a| a.text.clone()));
            }
            for task in &step.tasks {
                texts.push(words_of(&task.body_html));
                texts.push(task.produce.clone());
            }
            texts.extend(step.handovers.iter().map(|h| h.description.clone()));
            for text in texts {
                for sentence in text.split(['.', '!', '?', ':', '\n']) {
                    let count = sentence.split_whitespace().count();
                    if count == 0 {
                        continue;
                    }
                    sentences += 1;
                    words += count;
                    if count > longest.0 {
                        longest = (count, format!("{track:?} step {number}: {sentence}"));
                    }
                }
            }
        }
    }
    let average = words as f64 / sentences as f64;
    assert!(
        average <= 12.0,
        "{average:.1} words per sentence on average"
    );
    assert!(
        longest.0 <= 35,
        "a sentence of {} words: {}",
        longest.0,
        longest.1
    );
}
