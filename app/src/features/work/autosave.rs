//! Autosave for a task's form, an island: what a person types is mirrored in this browser's
//! local storage at once, and saved on the server as their own text two seconds after the last
//! change, one request at a time; a status line says where it stands. A text the server never
//! acknowledged (the network was cut, the session ended) comes back into the form on the next
//! visit and is saved then. Without JavaScript the form's buttons do the same by hand.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The status line's words, translated on the server so no translations ship to the browser.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AutosaveLabels {
    pub pending: String,
    pub saving: String,
    pub saved: String,
    pub offline: String,
    pub signed_out: String,
    pub refused: String,
    pub closed: String,
    pub restored: String,
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
    Restored,
}

/// Autosave for the form with the id `form`, posting to `endpoint` (the draft server function)
/// and keeping unsaved text under `store` in local storage. The key names the reader, so on a
/// shared computer nobody else's text is ever put into their form.
#[island]
pub fn Autosave(
    form: String,
    store: String,
    endpoint: String,
    labels: AutosaveLabels,
) -> impl IntoView {
    let (status, set_status) = signal(Status::Idle);
    let (hydrated, set_hydrated) = signal(false);
    // Effects run only in the browser.
    Effect::new(move |previous: Option<()>| {
        if previous.is_none() {
            set_hydrated.set(true);
            #[cfg(feature = "hydrate")]
            browser::start(&form, &store, &endpoint, set_status);
            #[cfg(not(feature = "hydrate"))]
            let _ = (&form, &store, &endpoint, set_status);
        }
    });
    let text = move || match status.get() {
        Status::Idle => String::new(),
        Status::Pending => labels.pending.clone(),
        Status::Saving => labels.saving.clone(),
        Status::Saved => labels.saved.clone(),
        Status::Offline => labels.offline.clone(),
        Status::SignedOut => labels.signed_out.clone(),
        Status::Refused => labels.refused.clone(),
        Status::Closed => labels.closed.clone(),
        Status::Restored => labels.restored.clone(),
    };
    view! {
        <p class="autosave" role="status" data-hydrated=move || hydrated.get().to_string()>{text}</p>
    }
}

#[cfg(feature = "hydrate")]
mod browser {
    use super::Status;
    use leptos::prelude::*;
    use std::{cell::RefCell, rc::Rc, time::Duration};
    use wasm_bindgen::{JsCast, JsValue, closure::Closure};
    use web_sys::{HtmlFormElement, HtmlInputElement, HtmlTextAreaElement, UrlSearchParams};

    /// How long after the last change a save goes out: well within the ten seconds promised.
    const QUIET: Duration = Duration::from_secs(2);
    /// How long after a failed save the next try goes out.
    const RETRY: Duration = Duration::from_secs(10);

    struct Saver {
        form: HtmlFormElement,
        store: String,
        endpoint: String,
        set_status: WriteSignal<Status>,
        in_flight: bool,
        /// The form changed while a save was in flight: save again when it returns.
        again: bool,
        timer: Option<TimeoutHandle>,
    }

    type Shared = Rc<RefCell<Saver>>;

    fn storage() -> Option<web_sys::Storage> {
        window().local_storage().ok().flatten()
    }

    fn unsaved_key(store: &str) -> String {
        format!("{store}:ej-sparat")
    }

    fn forget(store: &str) {
        if let Some(storage) = storage() {
            let _ = storage.remove_item(store);
            let _ = storage.remove_item(&unsaved_key(store));
        }
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

    /// Puts back into the form what this browser kept and the server never acknowledged, and
    /// forgets what the server already has. True when something was put back.
    fn restore(form: &HtmlFormElement, store: &str) -> bool {
        let Some(storage) = storage() else {
            return false;
        };
        let unsaved = storage
            .get_item(&unsaved_key(store))
            .ok()
            .flatten()
            .is_some();
        let kept = storage.get_item(store).ok().flatten().filter(|_| unsaved);
        let Some(params) = kept.and_then(|kept| UrlSearchParams::new_with_str(&kept).ok()) else {
            forget(store);
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
        if !changed {
            forget(store);
        }
        changed
    }

    pub fn start(form: &str, store: &str, endpoint: &str, set_status: WriteSignal<Status>) {
        let Some(form) = document()
            .get_element_by_id(form)
            .and_then(|e| e.dyn_into::<HtmlFormElement>().ok())
        else {
            return;
        };
        let restored = restore(&form, store);
        let saver: Shared = Rc::new(RefCell::new(Saver {
            form: form.clone(),
            store: store.to_string(),
            endpoint: endpoint.to_string(),
            set_status,
            in_flight: false,
            again: false,
            timer: None,
        }));
        if restored {
            set_status.set(Status::Restored);
            save(&saver);
        }
        let on_change = {
            let saver = saver.clone();
            Closure::<dyn Fn(web_sys::Event)>::new(move |_| changed(&saver))
        };
        for event in ["input", "change"] {
            let _ =
                form.add_event_listener_with_callback(event, on_change.as_ref().unchecked_ref());
        }
        // The listener lives as long as the page.
        on_change.forget();
    }

    /// Mirrors the form in local storage at once, and saves after a quiet moment.
    fn changed(saver: &Shared) {
        let mut s = saver.borrow_mut();
        if let (Some(storage), Some(body)) = (storage(), encoded(&s.form)) {
            let _ = storage.set_item(&s.store, &body);
            let _ = storage.set_item(&unsaved_key(&s.store), "1");
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
                s.set_status.set(status);
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
