//! The discussion timer: an island, the only part of a step page that runs in the browser.
//! Without JavaScript it stays hidden, since its buttons could not work.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::time::Duration;

/// The timer's words, translated on the server so no translations ship to the browser.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TimerLabels {
    pub title: String,
    pub minutes: String,
    pub start: String,
    pub pause: String,
    pub reset: String,
    pub done: String,
}

const CHOICES: [u32; 4] = [3, 5, 10, 15];

#[island]
pub fn DiscussionTimer(labels: TimerLabels) -> impl IntoView {
    let (hydrated, set_hydrated) = signal(false);
    let (minutes, set_minutes) = signal(5u32);
    let (remaining, set_remaining) = signal(5 * 60u32);
    let (running, set_running) = signal(false);
    let (status, set_status) = signal(String::new());
    let done = labels.done.clone();

    // Effects run only in the browser: this marks the island as live and starts the clock.
    Effect::new(move |previous: Option<()>| {
        if previous.is_none() {
            set_hydrated.set(true);
            let done = done.clone();
            set_interval(
                move || {
                    if !running.get_untracked() {
                        return;
                    }
                    let left = remaining.get_untracked().saturating_sub(1);
                    set_remaining.set(left);
                    if left == 0 {
                        set_running.set(false);
                        set_status.set(done.clone());
                    }
                },
                Duration::from_secs(1),
            );
        }
    });

    let reset = move || {
        set_running.set(false);
        set_remaining.set(minutes.get_untracked() * 60);
        set_status.set(String::new());
    };
    let clock = move || {
        let left = remaining.get();
        format!("{}:{:02}", left / 60, left % 60)
    };
    let (start, pause) = (labels.start.clone(), labels.pause.clone());

    view! {
        <div class="timer" hidden=move || !hydrated.get() data-hydrated=move || hydrated.get().to_string()>
            <h3 class="timer-title">{labels.title.clone()}</h3>
            <div class="timer-row">
                <label>
                    {labels.minutes.clone()} " "
                    <select on:change:target=move |ev| {
                        set_minutes.set(ev.target().value().parse().unwrap_or(5));
                        reset();
                    }>
                        {CHOICES.map(|m| view! { <option value=m.to_string() selected=m == 5>{m}</option> }).collect_view()}
                    </select>
                </label>
                <span class="timer-clock" role="timer" aria-atomic="true">{clock}</span>
                <button type="button" on:click=move |_| {
                    if remaining.get_untracked() == 0 { reset(); }
                    set_status.set(String::new());
                    set_running.update(|r| *r = !*r);
                }>
                    {move || if running.get() { pause.clone() } else { start.clone() }}
                </button>
                <button type="button" on:click=move |_| reset()>{labels.reset.clone()}</button>
            </div>
            <p class="timer-status" aria-live="polite">{status}</p>
        </div>
    }
}
