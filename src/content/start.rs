//! The content script's start: read the settings, then hand over to `ContentScript`. Also its
//! end: a content script stops when the extension context it belongs to is gone (the
//! extension was reloaded, updated or removed while the tab stayed open) or after a panic,
//! and either way says so rather than looking alive.

use crate::browser::chrome;
use crate::content::ContentScript;
use crate::core::marks::Friend;
use crate::core::settings::Settings;
use crate::core::store::Meta;
use crate::proto::messages::{HealthState, Message};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = console, js_name = error)]
    fn console_error(what: &str, detail: &str);
}

thread_local! {
    // Lives as long as the tab: X is a single-page app, so one content script serves every
    // page the user visits in it.
    static CONTENT: RefCell<Option<ContentScript>> = const { RefCell::new(None) };
}

/// `tap`: the content script's end of the private channel to `extension/tap.js`, made by the
/// loader at document_start.
pub async fn start(tap: web_sys::MessagePort) -> Result<(), JsValue> {
    std::panic::set_hook(Box::new(on_panic));
    // One read. Unreadable settings must not keep the page from working: the defaults.
    let stored = chrome::get(Some(&["settings", "meta", "marks", "last_seen"]))
        .await
        .unwrap_or_else(|_| js_sys::Object::new());
    let settings = chrome::field::<Settings>(&stored, "settings").unwrap_or_default();
    let meta = chrome::field::<Meta>(&stored, "meta").unwrap_or_default();
    // The friends to mark, as the background last published them.
    let marks = js_sys::Reflect::get(&stored, &"marks".into())
        .map(|v| friends_of(&v))
        .unwrap_or_default();
    let script = ContentScript::start(settings, meta, marks, tap)?;
    script.set_last_seen(chrome::field::<String>(&stored, "last_seen"));
    CONTENT.with(|c| *c.borrow_mut() = Some(script));
    Ok(())
}

/// Stops the content script in a task of its own: the caller may be one of its callbacks,
/// which must not be freed under it. From now on every queued callback does nothing.
pub fn stop_soon() {
    crate::content::mark_stopped();
    let stop = Closure::once_into_js(|| {
        // Dropping it disconnects, removes and closes everything (see `ContentScript`).
        let script = CONTENT.with(|c| c.try_borrow_mut().ok().and_then(|mut c| c.take()));
        drop(script);
    });
    let _ = gloo::utils::window()
        .set_timeout_with_callback_and_timeout_and_arguments_0(stop.unchecked_ref(), 0);
}

/// A panic aborts the WebAssembly instance mid-way (`panic = "abort"`: wasm32 cannot unwind
/// on stable Rust), so nothing it was doing can be trusted to finish. It says so on the page
/// (`data-lb-health="crashed"`) and to the popup (a health note), then the script stops. The
/// hook runs before the abort, and touches neither the state nor its borrows.
fn on_panic(info: &std::panic::PanicHookInfo) {
    thread_local! {
        static REPORTED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    }
    if REPORTED.with(|r| r.replace(true)) {
        return;
    }
    crate::content::mark_stopped();
    let detail: String = info.to_string().chars().take(200).collect();
    console_error("Likeback stopped on this page after an error:", &detail);
    if let Some(root) = gloo::utils::document().document_element() {
        let _ = root.set_attribute("data-lb-health", HealthState::Crashed.as_str());
    }
    chrome::send_and_forget(&Message::Health {
        health: HealthState::Crashed,
        detail,
    });
    stop_soon();
}

/// The `marks` value the background publishes (a JSON string); nothing when unreadable.
pub fn friends_of(value: &JsValue) -> Vec<Friend> {
    value
        .as_string()
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default()
}
