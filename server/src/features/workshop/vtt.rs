//! A small WebVTT reader: enough to check caption files against their film's manuscript.

/// One caption cue: start and end in milliseconds, and its text lines joined by spaces.
#[derive(Debug, Clone, PartialEq)]
pub struct Cue {
    pub start_ms: u64,
    pub end_ms: u64,
    pub text: String,
}

/// Parses a WebVTT file. The error says what is wrong and on which line.
pub fn parse(source: &str) -> Result<Vec<Cue>, String> {
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    let mut lines = source.lines().enumerate().peekable();
    match lines.next() {
        Some((_, first))
            if first == "WEBVTT"
                || first.starts_with("WEBVTT ")
                || first.starts_with("WEBVTT\t") => {}
        _ => return Err("line 1: a WebVTT file must start with WEBVTT".into()),
    }
    let mut cues = Vec::new();
    while let Some((index, line)) = lines.next() {
        let Some((start, end)) = line.split_once("-->") else {
            continue; // blank lines, cue identifiers, NOTE blocks
        };
        let start_ms = timestamp(start.trim()).ok_or(format!(
            "line {}: bad start time {:?}",
            index + 1,
            start.trim()
        ))?;
        let end_text = end.split_whitespace().next().unwrap_or("");
        let end_ms =
            timestamp(end_text).ok_or(format!("line {}: bad end time {end_text:?}", index + 1))?;
        if end_ms <= start_ms {
            return Err(format!("line {}: the cue ends before it starts", index + 1));
        }
        let mut text = Vec::new();
        while let Some((_, next)) = lines.peek() {
            if next.trim().is_empty() {
                break;
            }
            text.push(next.trim().to_string());
            lines.next();
        }
        if text.is_empty() {
            return Err(format!("line {}: the cue has no text", index + 1));
        }
        cues.push(Cue {
            start_ms,
            end_ms,
            text: text.join(" "),
        });
    }
    if cues.is_empty() {
        return Err("the file has no cues".into());
    }
    Ok(cues)
}

/// `mm:ss.ttt` or `hh:mm:ss.ttt`.
fn timestamp(text: &str) -> Option<u64> {
    let (clock, millis) = text.split_once('.')?;
    if millis.len() != 3 {
        return None;
    }
    let millis: u64 = millis.parse().ok()?;
    let parts: Vec<u64> = clock
        .split(':')
        .map(|p| p.parse().ok())
        .collect::<Option<_>>()?;
    let seconds = match parts.as_slice() {
        [m, s] if *s < 60 => m * 60 + s,
        [h, m, s] if *m < 60 && *s < 60 => h * 3600 + m * 60 + s,
        _ => return None,
    };
    Some(seconds * 1000 + millis)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_cues() {
        let cues = parse("WEBVTT\n\n1\n00:00:00.500 --> 00:00:02.000\nHej och\nvälkommen.\n\n00:03.500 --> 00:05.000 align:start\nNästa del.\n").unwrap();
        assert_eq!(cues.len(), 2);
        assert_eq!(
            cues[0],
            Cue {
                start_ms: 500,
                end_ms: 2000,
                text: "Hej och välkommen.".into()
            }
        );
        assert_eq!(cues[1].start_ms, 3500);
        assert_eq!(cues[1].text, "Nästa del.");
    }

    #[test]
    fn names_the_line_of_a_bad_cue() {
        assert!(parse("hello").unwrap_err().contains("WEBVTT"));
        let err = parse("WEBVTT\n\n00:00:02.000 --> 00:00:01.000\nx\n").unwrap_err();
        assert!(err.contains("line 3"), "{err}");
        assert!(
            parse("WEBVTT\n\n00:00:0x.000 --> 00:00:01.000\nx\n")
                .unwrap_err()
                .contains("start time")
        );
    }
}
