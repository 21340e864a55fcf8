//! Receives X's own API responses from `extension/tap.js` (page world) and hands them to
//! `core::api`. Messages from the page world are untrusted input: only the expected shape,
//! same-window origin and a bounded size get through.

use gloo::events::EventListener;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Larger bodies are ignored (X's largest timeline pages are around 1–2 MB).
const MAX_BODY: usize = 8 * 1024 * 1024;

/// What the tap says.
pub enum Tap {
    /// A copy of one of X's API responses.
    Response { url: String, body: String },
    /// Every response kept from before the content script started has been handed over.
    Flushed,
}

/// Calls `on_tap` for each message the tap sends.
pub fn listen(mut on_tap: impl FnMut(Tap) + 'static) -> EventListener {
    let window = gloo::utils::window();
    let own: JsValue = window.clone().into();
    EventListener::new(&window, "message", move |event| {
        let Some(event) = event.dyn_ref::<web_sys::MessageEvent>() else {
            return;
        };
        if event.source().map(JsValue::from).as_ref() != Some(&own) {
            return;
        }
        let data = event.data();
        let get = |k: &str| {
            js_sys::Reflect::get(&data, &k.into())
                .ok()
                .and_then(|v| v.as_string())
        };
        if get("source").as_deref() != Some("likeback-tap") {
            return;
        }
        if get("type").as_deref() == Some("flushed") {
            on_tap(Tap::Flushed);
            return;
        }
        let (Some(url), Some(body)) = (get("url"), get("body")) else {
            return;
        };
        if url.len() <= 4096 && body.len() <= MAX_BODY {
            on_tap(Tap::Response { url, body });
        }
    })
}

/// Tells the tap that the content script listens: it then sends what it kept since the page
/// started (X fetches the first timeline before the WASM has loaded).
pub fn announce_ready() {
    let window = gloo::utils::window();
    let message = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&message, &"source".into(), &"likeback-content".into());
    let _ = js_sys::Reflect::set(&message, &"type".into(), &"ready".into());
    let origin = window.location().origin().unwrap_or_else(|_| "*".into());
    let _ = window.post_message(&message, &origin);
}
