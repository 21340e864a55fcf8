//! The content script's start: read the settings, then hand over to the page layer.

use crate::core::settings::Settings;
use crate::core::store::Meta;
use crate::ext::chrome;
use crate::page::ContentScript;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;

thread_local! {
    // Lives as long as the tab: X is a single-page app, so one content script serves every
    // page the user visits in it.
    static CONTENT: RefCell<Option<ContentScript>> = const { RefCell::new(None) };
}

pub async fn start() -> Result<(), JsValue> {
    // Unreadable settings must not keep the page from working: fall back to the defaults.
    let settings = chrome::get_one::<Settings>("settings")
        .await
        .ok()
        .flatten()
        .unwrap_or_default();
    let meta = chrome::get_one::<Meta>("meta")
        .await
        .ok()
        .flatten()
        .unwrap_or_default();
    // The friends to mark, as the background last published them.
    let marks = chrome::get(Some(&["marks"]))
        .await
        .ok()
        .and_then(|s| js_sys::Reflect::get(&s, &"marks".into()).ok())
        .map(|v| crate::page::input::friends_of(&v))
        .unwrap_or_default();
    let script = ContentScript::start(settings, meta, marks)?;
    CONTENT.with(|c| *c.borrow_mut() = Some(script));
    Ok(())
}
