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
    // One read. Unreadable settings must not keep the page from working: the defaults.
    let stored = chrome::get(Some(&["settings", "meta", "marks"]))
        .await
        .unwrap_or_else(|_| js_sys::Object::new());
    let settings = chrome::field::<Settings>(&stored, "settings").unwrap_or_default();
    let meta = chrome::field::<Meta>(&stored, "meta").unwrap_or_default();
    // The friends to mark, as the background last published them.
    let marks = js_sys::Reflect::get(&stored, &"marks".into())
        .map(|v| crate::page::input::friends_of(&v))
        .unwrap_or_default();
    let script = ContentScript::start(settings, meta, marks)?;
    CONTENT.with(|c| *c.borrow_mut() = Some(script));
    Ok(())
}
