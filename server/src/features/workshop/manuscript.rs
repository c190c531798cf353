//! A film's manuscript: `## Heading` sections, each with the paragraph spoken under it. It is
//! the film's transcript, and its captions must say the same words.

use app::features::workshop::types::TranscriptPart;

/// Parses a manuscript. The error names the line.
pub fn parse(source: &str) -> Result<Vec<TranscriptPart>, String> {
    let mut parts: Vec<TranscriptPart> = Vec::new();
    for (index, line) in source.lines().enumerate() {
        if let Some(heading) = line.strip_prefix("## ") {
            if let Some(last) = parts.last()
                && last.text.is_empty()
            {
                return Err(format!(
                    "line {}: the section {:?} has nothing to say",
                    index + 1,
                    last.heading
                ));
            }
            if heading.trim().is_empty() {
                return Err(format!("line {}: the heading is empty", index + 1));
            }
            parts.push(TranscriptPart {
                heading: heading.trim().into(),
                text: String::new(),
            });
        } else if !line.trim().is_empty() {
            let Some(part) = parts.last_mut() else {
                return Err(format!(
                    "line {}: text before the first `## ` heading",
                    index + 1
                ));
            };
            for word in line.split_whitespace() {
                if !part.text.is_empty() {
                    part.text.push(' ');
                }
                part.text.push_str(word);
            }
        }
    }
    match parts.last() {
        None => Err("the manuscript has no `## ` sections".into()),
        Some(last) if last.text.is_empty() => Err(format!(
            "the last section {:?} has nothing to say",
            last.heading
        )),
        Some(_) => Ok(parts),
    }
}

/// Where captions stop saying what the manuscript says: the first differing word, as
/// `(position, manuscript word, caption word)`, with `""` past either end.
pub fn first_difference<'a>(
    manuscript: &'a [TranscriptPart],
    captions: impl IntoIterator<Item = &'a str>,
) -> Option<(usize, &'a str, &'a str)> {
    let mut said = manuscript.iter().flat_map(|p| p.text.split_whitespace());
    let mut shown = captions.into_iter().flat_map(str::split_whitespace);
    let mut position = 0;
    loop {
        position += 1;
        match (said.next(), shown.next()) {
            (None, None) => return None,
            (a, b) if a == b => continue,
            (a, b) => return Some((position, a.unwrap_or(""), b.unwrap_or(""))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_sections_and_finds_where_captions_drift() {
        let parts = parse("## Lagen\nFörsta meningen.\nAndra\n\n## Målet\nTredje.\n").unwrap();
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].heading, "Lagen");
        assert_eq!(parts[0].text, "Första meningen. Andra");
        assert_eq!(
            first_difference(&parts, ["Första meningen.", "Andra Tredje."]),
            None
        );
        assert_eq!(
            first_difference(&parts, ["Första meningen.", "Andra Fjärde."]),
            Some((4, "Tredje.", "Fjärde."))
        );
        assert_eq!(
            first_difference(&parts, ["Första meningen. Andra"]),
            Some((4, "Tredje.", ""))
        );
    }

    #[test]
    fn names_the_line_of_a_malformed_manuscript() {
        assert!(
            parse("Hej\n## Rubrik\ntext")
                .unwrap_err()
                .contains("line 1")
        );
        assert!(
            parse("## Tom\n\n## Nästa\ntext")
                .unwrap_err()
                .contains("line 3")
        );
        assert!(parse("").is_err());
    }
}
