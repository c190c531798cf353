//! Content loading: the real content is valid, and mistakes are reported by file and field.

use app::{features::workshop::types::Track, i18n::Locale, ports::Workshop};
use integration_tests::{repo_root, scratch_content};
use server::content::load;
use std::{fs, path::Path};

#[test]
fn the_shipped_content_is_valid_and_complete_for_step_one() {
    let store = load(&repo_root().join("content")).unwrap_or_else(|e| panic!("{e}"));
    for track in Track::ALL {
        for locale in [Locale::sv, Locale::en] {
            let step = store.step(track, 1, locale).expect("step 1 exists");
            assert!(!step.tasks.is_empty() && !step.prompts.is_empty() && !step.films.is_empty());
            for film in &step.films {
                assert!(
                    film.captions.iter().any(|c| c.lang == "sv"),
                    "film {} lacks Swedish captions",
                    film.id
                );
                assert!(!film.transcript.is_empty());
            }
        }
    }
    let summary = store.summary();
    assert!(summary.contains("step 1 huvudman  sv"), "{summary}");
}

fn step_file(root: &Path) -> std::path::PathBuf {
    let step_dir = fs::read_dir(root.join("steps"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.is_dir())
        .unwrap();
    step_dir.join("enhet.sv.md")
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
