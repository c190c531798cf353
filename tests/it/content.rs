//! Content loading: the real content is valid, and mistakes are reported by file and field.

use app::{features::workshop::types::Track, i18n::Locale, ports::Workshop};
use integration_tests::repo_root;
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

/// Copies the real content into a temp folder, so one file can be broken.
fn scratch_copy() -> std::path::PathBuf {
    let target = std::env::temp_dir().join(format!(
        "verkstad-content-{}",
        uuid::Uuid::new_v4().simple()
    ));
    copy_dir(&repo_root().join("content"), &target);
    target
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let path = entry.path();
        if path.is_dir() {
            copy_dir(&path, &to.join(entry.file_name()));
        } else if !matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("webm" | "mp4")
        ) {
            fs::copy(&path, to.join(entry.file_name())).unwrap();
        } else {
            // Videos are only checked for existence; an empty stand-in keeps the copy small.
            fs::write(to.join(entry.file_name()), b"").unwrap();
        }
    }
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
    let root = scratch_copy();
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
    let root = scratch_copy();
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
    let root = scratch_copy();
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
