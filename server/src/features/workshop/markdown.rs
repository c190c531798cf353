//! Markdown to HTML for editor-owned content. Raw HTML in the source is dropped, so content
//! files cannot inject markup or scripts into pages.

use pulldown_cmark::{Event, Options, Parser, html};

pub fn to_html(markdown: &str) -> String {
    let parser = Parser::new_ext(
        markdown,
        Options::ENABLE_TABLES | Options::ENABLE_SMART_PUNCTUATION,
    )
    .filter(|event| !matches!(event, Event::Html(_) | Event::InlineHtml(_)));
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, parser);
    out
}

#[cfg(test)]
mod tests {
    use super::to_html;

    #[test]
    fn renders_markdown_and_drops_raw_html() {
        let html = to_html(
            "## Rubrik\n\nText med *betoning*.\n\n<script>alert(1)</script>\n\n<b onclick=x>fet</b>",
        );
        assert!(html.contains("<h2>Rubrik</h2>"), "{html}");
        assert!(html.contains("<em>betoning</em>"), "{html}");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("onclick"), "{html}");
    }
}
