//! Charts drawn on the server: no JavaScript, text as real text at the body size, bars as SVG
//! with patterns as well as colour (so they read in black and white and without colour vision), `role="img"` with a
//! title and a description, and the same numbers in a table beside each chart. Hand-written
//! rather than a crate: the crates we measured either draw no text without bundling a font
//! (plotters' SVG backend) or know nothing of patterns and accessible names, and a horizontal
//! bar chart is a few rectangles.

use leptos::prelude::*;

/// One bar: its label, its length as a share of the chart's scale, and the value as text.
#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: f64,
    pub text: String,
    /// Which fill (colour and pattern) the bar gets; bars of the same kind share one.
    pub fill: usize,
}

/// The fills: a dark colour each (3:1 or more against white) with a white pattern on it.
const FILLS: [(&str, &str); 5] = [
    ("#1f5f8b", ""),
    ("#8a4b08", "M0,8 L8,0"),
    ("#2f6b2f", "M2,2 h1 v1 h-1 z M6,6 h1 v1 h-1 z"),
    ("#6b3fa0", "M0,8 L8,0 M0,0 L8,8"),
    ("#444444", "M0,4 H8"),
];

/// How many fills there are; a fill number wraps around.
pub const FILL_COUNT: usize = FILLS.len();

/// A horizontal bar chart: each bar's label above it, the bar, and its value beside the bar.
/// `max` is the value of a full-length bar. `id` must be unique on the page (it names the
/// patterns). The labels and values are HTML text at the page's body size, never scaled with
/// a drawing: on a phone they wrap instead of shrinking or running out of the chart. Only the
/// bars are SVG, their lengths in per cent of the line.
#[component]
pub fn BarChart(
    #[prop(into)] id: String,
    #[prop(into)] title: String,
    #[prop(into)] description: String,
    bars: Vec<Bar>,
    max: f64,
) -> impl IntoView {
    let title_id = format!("{id}-titel");
    let desc_id = format!("{id}-beskrivning");
    let labelled = format!("{title_id} {desc_id}");
    let rows = bars
        .into_iter()
        .enumerate()
        .map(|(i, bar)| {
            let share = if max > 0.0 { (bar.value / max).clamp(0.0, 1.0) } else { 0.0 };
            // A value above zero always shows as a sliver.
            let length = (100.0 * share).max(if bar.value > 0.0 { 1.0 } else { 0.0 });
            let pattern = format!("{id}-fyllning-{i}");
            view! {
                <div class="chart-row">
                    <span class="chart-label">{bar.label}</span>
                    <span class="chart-line">
                        <svg class="chart-bar" aria-hidden="true" focusable="false">
                            <Fill id=pattern.clone() fill=bar.fill />
                            <rect x="0.5" y="0.5" width="99%" height="17" fill="#ffffff" stroke="#767676" stroke-width="1"></rect>
                            <rect x="0.5" y="0.5" width=format!("{length:.1}%") height="17"
                                fill=format!("url(#{pattern})") stroke="#000000" stroke-width="1"></rect>
                        </svg>
                        <span class="chart-value">{bar.text}</span>
                    </span>
                </div>
            }
        })
        .collect_view();
    view! {
        <div class="chart" id=id.clone() role="img" aria-labelledby=labelled>
            <p class="visually-hidden" id=title_id>{title}</p>
            <p class="visually-hidden" id=desc_id>{description}</p>
            {rows}
        </div>
    }
}

/// Fill number `fill` as an SVG pattern named `id`: its colour with its white pattern on it.
#[component]
fn Fill(id: String, fill: usize) -> impl IntoView {
    let (colour, path) = FILLS[fill % FILL_COUNT];
    view! {
        <defs>
            <pattern id=id patternUnits="userSpaceOnUse" width="8" height="8">
                <rect width="8" height="8" fill=colour></rect>
                <path d=path stroke="#ffffff" stroke-width="1.5" fill="none"></path>
            </pattern>
        </defs>
    }
}

/// The key to a chart's fills: each fill's swatch (with its pattern) and its name.
#[component]
pub fn ChartKey(#[prop(into)] id: String, items: Vec<(usize, String)>) -> impl IntoView {
    view! {
        <ul class="chart-key">
            {items.into_iter().map(|(fill, name)| {
                let n = fill % FILL_COUNT;
                let pattern = format!("{id}-nyckel-{n}");
                view! {
                    <li>
                        <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
                            <Fill id=pattern.clone() fill=n />
                            <rect x="0.5" y="0.5" width="15" height="15" fill=format!("url(#{pattern})") stroke="#000000"></rect>
                        </svg>
                        " "{name}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}
