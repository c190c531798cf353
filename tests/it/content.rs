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
