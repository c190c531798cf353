//! Breaking text into lines of a given width, with hyphenation in the document's language
//! (hypher's TeX patterns). A hyphen the breaking adds is a soft hyphen (U+00AD) in the text,
//! drawn as `-`, so copying or reading the PDF aloud gives the word whole.

use super::fonts::Face;

/// `text`'s lines at `size` points within `width`; a line break in the text is kept. `lang` is
/// `sv` or `en`; `zxx` (no language) breaks only between words, for narrow table cells where a
/// hyphenated word reads worse than a short line.
pub fn break_lines(face: &Face, text: &str, size: f32, width: f32, lang: &str) -> Vec<String> {
    let space = face.width(" ", size);
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        let mut used = 0.0;
        for word in paragraph.split(' ').filter(|w| !w.is_empty()) {
            let mut word = word.to_string();
            loop {
                let w = face.width(&word, size);
                let gap = if line.is_empty() { 0.0 } else { space };
                if used + gap + w <= width {
                    if !line.is_empty() {
                        line.push(' ');
                    }
                    line.push_str(&word);
                    used += gap + w;
                    break;
                }
                // The word does not fit: the part of it that does, hyphenated, ends this line.
                let room = width - used - gap;
                if let Some((head, tail)) = hyphenate(face, &word, size, room, lang) {
                    if !line.is_empty() {
                        line.push(' ');
                    }
                    line.push_str(&head);
                    line.push('\u{AD}');
                    lines.push(std::mem::take(&mut line));
                    used = 0.0;
                    word = tail;
                    continue;
                }
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                    used = 0.0;
                    continue;
                }
                // Alone on a line and still too wide (an address, a long number): cut it.
                let cut = cut_at(face, &word, size, width);
                lines.push(word[..cut].to_string());
                word = word[cut..].to_string();
                if word.is_empty() {
                    break;
                }
            }
        }
        lines.push(line);
    }
    lines
}

/// The longest syllable prefix of `word` that fits in `room` with a hyphen after it, and the
/// rest; `None` if no such break exists.
fn hyphenate(
    face: &Face,
    word: &str,
    size: f32,
    room: f32,
    lang: &str,
) -> Option<(String, String)> {
    // Letters only: punctuation around a word stays with its end.
    let letters = word.trim_end_matches(|c: char| !c.is_alphabetic());
    if lang == "zxx" || letters.chars().count() < 6 || !letters.chars().all(char::is_alphabetic) {
        return None;
    }
    let lang = if lang == "en" {
        hypher::Lang::English
    } else {
        hypher::Lang::Swedish
    };
    let hyphen = face.width("-", size);
    let mut best = None;
    let mut head = String::new();
    let syllables: Vec<&str> = hypher::hyphenate(letters, lang).collect();
    for syllable in &syllables[..syllables.len().saturating_sub(1)] {
        head.push_str(syllable);
        if face.width(&head, size) + hyphen <= room {
            best = Some(head.len());
        } else {
            break;
        }
    }
    best.map(|at| (word[..at].to_string(), word[at..].to_string()))
}

/// How many bytes of `word` fit in `width` (at least one character).
fn cut_at(face: &Face, word: &str, size: f32, width: f32) -> usize {
    let mut used = 0.0;
    for (i, c) in word.char_indices() {
        used += face.glyph(c).1 * size;
        if used > width && i > 0 {
            return i;
        }
    }
    word.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::exports::fonts::faces;

    #[test]
    fn lines_fit_and_keep_every_word() {
        let face = &faces().regular;
        let text = "Vi har sett att undervisningsformerna och kvalitetsarbetet behöver \
                    utvecklas tillsammans med elevhälsan under hela läsåret.";
        let lines = break_lines(face, text, 11.0, 150.0, "sv");
        assert!(lines.len() > 3);
        for line in &lines {
            assert!(face.width(line, 11.0) <= 150.0 + 0.01, "{line}");
        }
        let joined = lines.join(" ").replace("\u{AD} ", "");
        assert_eq!(joined, text);
        assert!(lines.iter().any(|l| l.ends_with('\u{AD}')), "{lines:?}");
    }

    #[test]
    fn a_line_break_stays_and_an_unbreakable_word_is_cut() {
        let face = &faces().regular;
        assert_eq!(
            break_lines(face, "ett\ntvå", 11.0, 300.0, "sv"),
            ["ett", "två"]
        );
        let long = "x".repeat(200);
        let lines = break_lines(face, &long, 11.0, 100.0, "sv");
        assert!(lines.len() > 1);
        assert_eq!(lines.concat().replace('\u{AD}', ""), long);
    }
}
