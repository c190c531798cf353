//! Autosave for a task's form, an island: what a person types is mirrored in this browser's
//! local storage at once, and saved on the server as their own text two seconds after the last
//! change, one request at a time; a status line says where it stands. A text the server never
//! acknowledged (the network was cut, the session ended) comes back on the next visit: by
//! itself when the server still holds what the page held when the text was begun, otherwise
//! only when the person asks for it, so an old copy never replaces newer work. Copies are
//! dropped once saved, after a week, and when the person signs out. Without JavaScript the
//! form's buttons do the same by hand.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The island's words, translated on the server so no translations ship to the browser. The
/// step page writes them once, as the data attributes of one hidden element (`AutosaveWords`),
/// and every form's island reads them there: not once per task in each island's props.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AutosaveLabels {
    pub pending: String,
    pub saving: String,
    pub saved: String,
    pub offline: String,
    pub signed_out: String,
    pub refused: String,
    pub closed: String,
    pub restored: String,
    pub offer: String,
    pub put_back: String,
    pub discard: String,
}

/// Where the form's text stands. Only the browser moves it past `Idle`.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Status {
    Idle,
    Pending,
    Saving,
    Saved,
    Offline,
    SignedOut,
    Refused,
    Closed,
}

/// What became of a copy this browser kept from an earlier visit.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kept {
    None,
    /// Put back into the form (and being saved).
    Restored,
    /// The server's text changed since the copy was begun: the person chooses.
    Offered,
}

/// Autosave for the form with the id `form`, posting to `endpoint` (the draft server function)
/// and keeping unsaved text under `store` in local storage. The key names the reader and the
/// cycle, so nobody else's text, and no text from another school year, is put into their form.
#[island]
pub fn Autosave(form: String, store: String, endpoint: String) -> impl IntoView {
    let (status, set_status) = signal(Status::Idle);
    let (kept, set_kept) = signal(Kept::None);
    // The person's answer to an offered copy: put it back (`true`) or drop it.
    let (choice, set_choice) = signal(None::<bool>);
    let (hydrated, set_hydrated) = signal(false);
    let (labels, set_labels) = signal(AutosaveLabels::default());
    // Effects run only in the browser.
    Effect::new(move |previous: Option<()>| {
        if previous.is_none() {
            set_hydrated.set(true);
            #[cfg(feature = "hydrate")]
            {
                set_labels.set(browser::words());
                browser::start(&form, &store, &endpoint, set_status, set_kept, choice);
            }
            #[cfg(not(feature = "hydrate"))]
            let _ = (
                &form, &store, &endpoint, set_status, set_kept, choice, set_labels,
            );
        }
    });
    let text = move || {
        labels.with(|l| match status.get() {
            Status::Idle => String::new(),
            Status::Pending => l.pending.clone(),
            Status::Saving => l.saving.clone(),
            Status::Saved => l.saved.clone(),
            Status::Offline => l.offline.clone(),
            Status::SignedOut => l.signed_out.clone(),
            Status::Refused => l.refused.clone(),
            Status::Closed => l.closed.clone(),
        })
    };
    let notice = move || {
        let l = labels.get();
        match kept.get() {
            Kept::None => None,
            Kept::Restored => Some(view! { <p class="notice">{l.restored}</p> }.into_any()),
            Kept::Offered => Some(
                view! {
                    <div class="notice">
                        <p>{l.offer}</p>
                        <p class="actions">
                            <button type="button" on:click=move |_| set_choice.set(Some(true))>{l.put_back}</button>
                            " "
                            <button type="button" on:click=move |_| set_choice.set(Some(false))>{l.discard}</button>
                        </p>
                    </div>
                }
                .into_any(),
            ),
        }
    };
    view! {
        <div class="autosave">
            {notice}
            <p role="status" data-hydrated=move || hydrated.get().to_string()>{text}</p>
        </div>
    }
}

/// The autosave islands' words, once per page: a hidden element whose data attributes the
/// islands read when they start.
#[component]
pub fn AutosaveWords(labels: AutosaveLabels) -> impl IntoView {
    view! {
        <div id="autosave-ord" hidden
            data-pending=labels.pending data-saving=labels.saving data-saved=labels.saved
            data-offline=labels.offline data-signed-out=labels.signed_out data-refused=labels.refused
            data-closed=labels.closed data-restored=labels.restored data-offer=labels.offer
            data-put-back=labels.put_back data-discard=labels.discard></div>
    }
}

#[cfg(feature = "hydrate")]
mod browser {
    use super::{Kept, Status};
    use leptos::prelude::*;
    use std::{cell::RefCell, rc::Rc, time::Duration};
    use wasm_bindgen::{JsCast, JsValue, closure::Closure};
    use web_sys::{HtmlFormElement, HtmlInputElement, HtmlTextAreaElement, UrlSearchParams};

    /// How long after the last change a save goes out: well within the ten seconds promised.
    const QUIET: Duration = Duration::from_secs(2);
    /// How long after a failed save the next try goes out.
    const RETRY: Duration = Duration::from_secs(10);
    /// How long a copy the server never acknowledged is kept, in milliseconds.
    const KEEP_MS: f64 = 7.0 * 24.0 * 3600.0 * 1000.0;
    /// Every key this island writes starts so.
    const PREFIX: &str = "verkstad:";

    struct Saver {
        form: HtmlFormElement,
        store: String,
        endpoint: String,
        set_status: WriteSignal<Status>,
        /// What the server holds, as this form would send it: the page as loaded, then each
        /// acknowledged save.
        server: String,
        in_flight: bool,
        /// The form changed while a save was in flight: save again when it returns.
        again: bool,
        /// The form was sent by its own button: no autosave may follow it.
        stopped: bool,
        timer: Option<TimeoutHandle>,
    }

    type Shared = Rc<RefCell<Saver>>;

    fn storage() -> Option<web_sys::Storage> {
        window().local_storage().ok().flatten()
    }

    /// When the copy under `store` was last changed, in ms since the epoch.
    fn since_key(store: &str) -> String {
        format!("{store}:ej-sparat")
    }

    /// What the server held when the copy under `store` was begun.
    fn base_key(store: &str) -> String {
        format!("{store}:grund")
    }

    fn forget(store: &str) {
        if let Some(storage) = storage() {
            for key in [store.to_string(), since_key(store), base_key(store)] {
                let _ = storage.remove_item(&key);
            }
        }
    }

    /// Drops every copy older than a week, whichever form it belongs to.
    fn forget_old() {
        let Some(storage) = storage() else {
            return;
        };
        let now = js_sys::Date::now();
        let stale: Vec<String> = (0..storage.length().unwrap_or(0))
            .filter_map(|i| storage.key(i).ok().flatten())
            .filter_map(|key| key.strip_suffix(":ej-sparat").map(str::to_string))
            .filter(|store| store.starts_with(PREFIX))
            .filter(|store| {
                let since = storage.get_item(&since_key(store)).ok().flatten();
                since
                    .and_then(|s| s.parse::<f64>().ok())
                    .is_none_or(|since| now - since > KEEP_MS)
            })
            .collect();
        for store in stale {
            forget(&store);
        }
    }

    /// What the server sent, encoded as [`encoded`] does: the fields' values as the page was
    /// served, whatever was typed before this island started (a slow phone hydrates late).
    fn as_served(form: &HtmlFormElement) -> Option<String> {
        let copy = form
            .clone_node_with_deep(true)
            .ok()?
            .dyn_into::<HtmlFormElement>()
            .ok()?;
        // A reset puts every field of the detached copy back to the value it was served with.
        copy.reset();
        encoded(&copy)
    }

    /// The form's fields, encoded as the browser posts them without JavaScript.
    fn encoded(form: &HtmlFormElement) -> Option<String> {
        let data = web_sys::FormData::new_with_form(form).ok()?;
        let params = UrlSearchParams::new_with_str_sequence_sequence(&data).ok()?;
        Some(String::from(params.to_string()))
    }

    fn is_answer(name: &str) -> bool {
        name.starts_with("answers[") || name.starts_with("choices[")
    }

    /// Puts `kept` (an encoded form) into the form's answer fields; true when anything changed.
    fn put_back(form: &HtmlFormElement, kept: &str) -> bool {
        let Ok(params) = UrlSearchParams::new_with_str(kept) else {
            return false;
        };
        let mut changed = false;
        let elements = form.elements();
        for i in 0..elements.length() {
            let Some(element) = elements.item(i) else {
                continue;
            };
            if let Some(input) = element.dyn_ref::<HtmlTextAreaElement>() {
                let name = input.name();
                if let Some(value) = params.get(&name).filter(|_| is_answer(&name))
                    && input.value() != value
                {
                    input.set_value(&value);
                    changed = true;
                }
            } else if let Some(input) = element.dyn_ref::<HtmlInputElement>() {
                let name = input.name();
                if !is_answer(&name) {
                    continue;
                }
                let on = match input.type_().as_str() {
                    "radio" => params.get(&name).as_deref() == Some(input.value().as_str()),
                    "checkbox" => params.has(&name),
                    _ => {
                        if let Some(value) = params.get(&name)
                            && input.value() != value
                        {
                            input.set_value(&value);
                            changed = true;
                        }
                        continue;
                    }
                };
                if input.checked() != on {
                    input.set_checked(on);
                    changed = true;
                }
            }
        }
        changed
    }

    /// The words the step page wrote once for every island (`AutosaveWords`).
    pub fn words() -> super::AutosaveLabels {
        let element = document().get_element_by_id("autosave-ord");
        let word = |name: &str| {
            element
                .as_ref()
                .and_then(|e| e.get_attribute(&format!("data-{name}")))
                .unwrap_or_default()
        };
        super::AutosaveLabels {
            pending: word("pending"),
            saving: word("saving"),
            saved: word("saved"),
            offline: word("offline"),
            signed_out: word("signed-out"),
            refused: word("refused"),
            closed: word("closed"),
            restored: word("restored"),
            offer: word("offer"),
            put_back: word("put-back"),
            discard: word("discard"),
        }
    }

    pub fn start(
        form: &str,
        store: &str,
        endpoint: &str,
        set_status: WriteSignal<Status>,
        set_kept: WriteSignal<Kept>,
        choice: ReadSignal<Option<bool>>,
    ) {
        let Some(form) = document()
            .get_element_by_id(form)
            .and_then(|e| e.dyn_into::<HtmlFormElement>().ok())
        else {
            return;
        };
        forget_old();
        let page = as_served(&form).unwrap_or_default();
        let saver: Shared = Rc::new(RefCell::new(Saver {
            form: form.clone(),
            store: store.to_string(),
            endpoint: endpoint.to_string(),
            set_status,
            server: page.clone(),
            in_flight: false,
            again: false,
            stopped: false,
            timer: None,
        }));

        // A copy from an earlier visit that the server never acknowledged.
        let copy = storage().and_then(|storage| {
            let kept = storage.get_item(store).ok().flatten()?;
            let base = storage.get_item(&base_key(store)).ok().flatten();
            Some((kept, base))
        });
        // Typed before the island started (a slow phone hydrates late): no event was heard.
        let now = encoded(&form).unwrap_or_default();
        let typed_early = now != page;
        if let Some((kept, base)) = copy {
            if kept == page || kept == now {
                forget(store);
            } else if !typed_early && base.as_deref() == Some(page.as_str()) {
                // Nothing changed on the server since the copy was begun: it is simply newer.
                put_back(&form, &kept);
                set_kept.set(Kept::Restored);
                save(&saver);
            } else {
                set_kept.set(Kept::Offered);
                let (saver, store, kept) = (saver.clone(), store.to_string(), kept.clone());
                Effect::new(move |_| match choice.get() {
                    Some(true) => {
                        let form = saver.borrow().form.clone();
                        put_back(&form, &kept);
                        set_kept.set(Kept::Restored);
                        changed(&saver);
                    }
                    Some(false) => {
                        // Only the offered copy goes, never one of text typed since.
                        let held = storage().and_then(|st| st.get_item(&store).ok().flatten());
                        if held.as_deref() == Some(kept.as_str()) {
                            forget(&store);
                        }
                        set_kept.set(Kept::None);
                    }
                    None => {}
                });
            }
        }

        let on_change = {
            let saver = saver.clone();
            Closure::<dyn Fn(web_sys::Event)>::new(move |_| changed(&saver))
        };
        for event in ["input", "change"] {
            let _ =
                form.add_event_listener_with_callback(event, on_change.as_ref().unchecked_ref());
        }
        // Sent by its own button: the post carries everything, and no autosave may land after
        // it with older text.
        let on_submit = {
            let saver = saver.clone();
            Closure::<dyn Fn(web_sys::Event)>::new(move |_| {
                let mut s = saver.borrow_mut();
                s.stopped = true;
                if let Some(timer) = s.timer.take() {
                    timer.clear();
                }
            })
        };
        let _ = form.add_event_listener_with_callback("submit", on_submit.as_ref().unchecked_ref());
        // The listeners live as long as the page.
        on_change.forget();
        on_submit.forget();
        // What was typed early is the newest text: it is saved as if typed now. An older copy
        // is still offered on this page, but the browser keeps only the new one.
        if typed_early {
            forget(store);
            changed(&saver);
        }
    }

    /// Mirrors the form in local storage at once, and saves after a quiet moment.
    fn changed(saver: &Shared) {
        let mut s = saver.borrow_mut();
        if s.stopped {
            return;
        }
        if let (Some(storage), Some(body)) = (storage(), encoded(&s.form)) {
            // The first change of a copy records what the server held then.
            if storage.get_item(&s.store).ok().flatten().is_none() {
                let _ = storage.set_item(&base_key(&s.store), &s.server);
            }
            let _ = storage.set_item(&s.store, &body);
            let _ = storage.set_item(&since_key(&s.store), &js_sys::Date::now().to_string());
        }
        s.set_status.set(Status::Pending);
        if let Some(timer) = s.timer.take() {
            timer.clear();
        }
        let next = saver.clone();
        s.timer = set_timeout_with_handle(move || save(&next), QUIET).ok();
    }

    fn save(saver: &Shared) {
        let (endpoint, body) = {
            let mut s = saver.borrow_mut();
            s.timer = None;
            if s.stopped {
                return;
            }
            if s.in_flight {
                s.again = true;
                return;
            }
            let Some(body) = encoded(&s.form) else {
                return;
            };
            s.in_flight = true;
            s.set_status.set(Status::Saving);
            (s.endpoint.clone(), body)
        };
        let saver = saver.clone();
        leptos::task::spawn_local(async move {
            let outcome = post(&endpoint, &body).await;
            let (retry, again) = {
                let mut s = saver.borrow_mut();
                s.in_flight = false;
                let status = match outcome.as_deref() {
                    Ok("\"Done\"") => {
                        s.server = body.clone();
                        // Forget the copy only if nothing was typed since this save left.
                        let kept = storage().and_then(|st| st.get_item(&s.store).ok().flatten());
                        if kept.as_deref() == Some(body.as_str()) {
                            forget(&s.store);
                        }
                        Status::Saved
                    }
                    Ok("\"SignedOut\"") => Status::SignedOut,
                    Ok("\"Closed\"") => Status::Closed,
                    Ok(_) => Status::Refused,
                    Err(()) => Status::Offline,
                };
                // A newer change waiting to go out is what the line speaks of.
                let waiting = s.again || s.timer.is_some();
                s.set_status.set(if waiting && status == Status::Saved {
                    Status::Pending
                } else {
                    status
                });
                let retry = status == Status::Offline && s.timer.is_none();
                (retry, std::mem::take(&mut s.again))
            };
            if again {
                save(&saver);
            } else if retry {
                let next = saver.clone();
                let timer = set_timeout_with_handle(move || save(&next), RETRY).ok();
                saver.borrow_mut().timer = timer;
            }
        });
    }

    /// Posts the form as the draft server function reads it; the outcome as JSON text, or
    /// `Err` when the server could not be reached or failed.
    async fn post(endpoint: &str, body: &str) -> Result<String, ()> {
        let init = web_sys::RequestInit::new();
        init.set_method("POST");
        init.set_body(&JsValue::from_str(body));
        let headers = web_sys::Headers::new().map_err(|_| ())?;
        headers
            .set("content-type", "application/x-www-form-urlencoded")
            .map_err(|_| ())?;
        headers.set("accept", "application/json").map_err(|_| ())?;
        init.set_headers(&headers);
        let request = web_sys::Request::new_with_str_and_init(endpoint, &init).map_err(|_| ())?;
        let response: web_sys::Response =
            wasm_bindgen_futures::JsFuture::from(window().fetch_with_request(&request))
                .await
                .map_err(|_| ())?
                .dyn_into()
                .map_err(|_| ())?;
        if response.status() >= 500 {
            return Err(());
        }
        let text = response.text().map_err(|_| ())?;
        wasm_bindgen_futures::JsFuture::from(text)
            .await
            .map_err(|_| ())?
            .as_string()
            .ok_or(())
    }
}
