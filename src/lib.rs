//! Likeback: one crate, one `.wasm`, loaded by the content script, the background and the
//! extension pages. This file holds only the modules and the entry points the loaders call.

pub mod core;
pub mod ext;
pub mod page;

use wasm_bindgen::prelude::*;

/// The content script on x.com / twitter.com (called by `extension/content.js`).
#[wasm_bindgen]
pub async fn content_main() -> Result<(), JsValue> {
    ext::content::start().await
}

/// The background service worker / event page (called by `extension/background.js`).
#[wasm_bindgen]
pub async fn background_main() -> Result<(), JsValue> {
    ext::background::start().await
}

/// A message for the background, queued by `background.js` until the WASM was ready.
#[wasm_bindgen]
pub async fn background_message(message: JsValue) -> Result<JsValue, JsValue> {
    ext::background::on_message(message).await
}

/// The toolbar popup (called by `extension/popup.js`).
#[wasm_bindgen]
pub async fn popup_main() -> Result<(), JsValue> {
    ext::popup::start().await
}

/// The options page (called by `extension/options.js`).
#[wasm_bindgen]
pub async fn options_main() -> Result<(), JsValue> {
    ext::options::start().await
}
