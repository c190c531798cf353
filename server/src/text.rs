//! What people type, made safe to store and show: names on one line without invisible or
//! direction-changing characters, and e-mail addresses in one canonical form, so that two
//! accounts can never look the same while being different.

use unicode_normalization::UnicodeNormalization as _;

/// Characters that change nothing visible, or change the direction text is shown in: a name or
/// address holding one can pose as another, or reorder what a mail says around it.
fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
        | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}' | '\u{3164}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}'
        | '\u{FFA0}' | '\u{FFF0}'..='\u{FFFB}' | '\u{1D173}'..='\u{1D17A}'
        | '\u{E0000}'..='\u{E0FFF}')
}

/// A name, title or other one-line text: NFC-normalised, trimmed, inner runs of spaces made
/// one, at most `max` characters. `None` when it is empty, too long, or holds a line break, a
/// control character or an invisible one.
pub fn one_line(input: &str, max: usize) -> Option<String> {
    let normal: String = input.nfc().collect();
    if normal
        .chars()
        .any(|c| c.is_control() || is_invisible(c) || c == '\u{2028}' || c == '\u{2029}')
    {
        return None;
    }
    let line = normal.split_whitespace().collect::<Vec<_>>().join(" ");
    (!line.is_empty() && line.chars().count() <= max).then_some(line)
}

/// Letters an address may hold besides ASCII: the Latin letters of Nordic and other European
/// languages (å, ä, ö, é, ü, ø, …), never Cyrillic or Greek ones that look like Latin letters.
fn latin_letter(c: char) -> bool {
    matches!(c, '\u{00C0}'..='\u{024F}') && c != '\u{00D7}' && c != '\u{00F7}'
}

/// An e-mail address in its one canonical form (NFC, trimmed, lower case), or `None` when it
/// cannot be one or holds characters that could make it look like someone else's.
pub fn email(input: &str) -> Option<String> {
    let email: String = input.trim().nfc().collect::<String>().to_lowercase();
    let (local, domain) = email.split_once('@')?;
    let plausible = !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
        && !domain.contains('@')
        && email.len() <= 320
        && email.chars().all(|c| {
            (c.is_ascii_graphic() || latin_letter(c)) && !c.is_whitespace() && !is_invisible(c)
        });
    plausible.then_some(email)
}

/// A key that sorts names as a Swedish reader expects: case does not matter, å, ä and ö
/// come after z in that order, and é sorts as e. (Byte order puts Ä before Å and every
/// capital before every small letter.)
pub fn sort_key(name: &str) -> String {
    name.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'å' => '\u{7b}',
            'ä' => '\u{7c}',
            'ö' | 'ø' => '\u{7d}',
            'æ' => '\u{7c}',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'ü' => 'y',
            other => other,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_sort_in_swedish_order() {
        let mut names = vec!["Österby", "Åby", "Älvskolan", "alby", "Berga", "Édens"];
        names.sort_by_key(|n| super::sort_key(n));
        assert_eq!(
            names,
            ["alby", "Berga", "Édens", "Åby", "Älvskolan", "Österby"]
        );
    }

    use super::*;

    #[test]
    fn names_are_one_clean_line() {
        assert_eq!(one_line("  Anna   Berg ", 200), Some("Anna Berg".into()));
        // The same name typed with a combining ring and with the precomposed letter.
        assert_eq!(one_line("A\u{030A}sa", 200), one_line("\u{00C5}sa", 200));
        for bad in [
            "",
            "   ",
            "Anna\r\nBcc: eve@x.se",
            "Anna\nBerg",
            "Anna\u{200B}",
            "\u{202E}greB annA",
            "Anna\u{2066}Berg",
            "Anna\u{FEFF}",
            "Anna\u{2028}Berg",
        ] {
            assert_eq!(one_line(bad, 200), None, "{bad:?}");
        }
        assert_eq!(one_line(&"a".repeat(201), 200), None);
        assert!(one_line(&"å".repeat(200), 200).is_some());
    }

    #[test]
    fn addresses_have_one_form_and_no_look_alikes() {
        assert_eq!(
            email("  Anna.Berg@Skola.SE "),
            Some("anna.berg@skola.se".into())
        );
        assert_eq!(email("åsa@växjö.se"), Some("åsa@växjö.se".into()));
        assert_eq!(email("A\u{030A}sa@x.se"), email("åsa@x.se"));
        for bad in [
            "",
            "anna",
            "anna@",
            "@skola.se",
            "anna@skola",
            "an na@skola.se",
            "a@b@c.se",
            "anna@skola..se",
            "an\u{200B}na@skola.se",
            "anna@sko\u{200D}la.se",
            "anna\u{202E}@skola.se",
            "\u{0430}nna@skola.se", // Cyrillic a
            "anna@ѕkola.se",        // Cyrillic dze
        ] {
            assert_eq!(email(bad), None, "{bad:?}");
        }
    }
}
