//! Likeback: one crate, built into four `.wasm` files: `content` for the content script on X's
//! pages, `pages` for the background, the options and welcome pages, `popup` for the toolbar
//! popup alone, and `popup-first` for the popup's first rows only (smaller still, so that they
//! paint at once; `popup` then takes over the page). This file holds only the
//! modules and the entry points the loaders call.
//!
//! The layout, and the one way its dependencies point (`tests/layering.rs` keeps it true):
//!
//! ```text
//! content, background, popup, options, welcome     the contexts: wiring, each its own job
//!        ↓
//! x, overlay, browser, proto                       X's page read; our marks written on it;
//!        ↓                                         chrome.* and DOM helpers; the messages
//! core                                             every rule, pure, tested with cargo test
//! ```
//!
//! - `core` knows no browser: no `web_sys`, `js_sys`, `wasm_bindgen`, `gloo`.
//! - `x` reads X's page and never writes to it; `overlay` writes our DOM contract (it may use
//!   `x` to find X's cells); `browser` may use `proto` (it carries the messages).
//! - The contexts do not use one another; nothing reaches up; no two modules, and no two files
//!   of one module, use each other in a cycle.

#[cfg(feature = "pages")]
pub mod background;
pub mod browser;
#[cfg(feature = "content")]
pub mod content;
pub mod core;
#[cfg(feature = "pages")]
pub mod options;
#[cfg(feature = "content")]
pub mod overlay;
#[cfg(any(feature = "popup", feature = "popup-first"))]
pub mod popup;
pub mod proto;
#[cfg(feature = "pages")]
pub mod welcome;
#[cfg(feature = "content")]
pub mod x;

use wasm_bindgen::prelude::*;

/// The content script on x.com / twitter.com (called by `extension/content.js` with its end
/// of the private channel to `extension/tap.js`).
#[cfg(feature = "content")]
#[wasm_bindgen]
pub async fn content_main(tap: web_sys::MessagePort) -> Result<(), JsValue> {
    content::start::start(tap).await
}

/// The background service worker / event page (called by `extension/background.js`).
#[cfg(feature = "pages")]
#[wasm_bindgen]
pub async fn background_main() -> Result<(), JsValue> {
    background::start().await
}

/// A message for the background, queued by `background.js` until the WASM was ready, with
/// its `runtime.MessageSender`.
#[cfg(feature = "pages")]
#[wasm_bindgen]
pub async fn background_message(message: JsValue, sender: JsValue) -> Result<JsValue, JsValue> {
    background::on_message(message, sender).await
}

/// A `runtime.Port` an extension page opened to the background (files at any size).
#[cfg(feature = "pages")]
#[wasm_bindgen]
pub async fn background_port(port: browser::transfer::Port) {
    background::on_connect(port).await
}

/// `runtime.onInstalled` (registered by `extension/background.js` when the worker starts):
/// opens the welcome page on a first install.
#[cfg(feature = "pages")]
#[wasm_bindgen]
pub async fn background_installed(
    reason: String,
    previous_version: Option<String>,
) -> Result<(), JsValue> {
    background::installed(&reason, previous_version).await
}

/// The toolbar popup (called by `extension/popup.js`, with its read of `summary` and `health`
/// already under way).
#[cfg(feature = "popup")]
#[wasm_bindgen]
pub async fn popup_main(stored: js_sys::Promise) -> Result<(), JsValue> {
    popup::start(stored).await
}

/// The popup's first view: the first rows of the owed list, from a WASM of their own that
/// holds nothing else (called by `extension/popup.js` before `popup_main`, with a read of the
/// summary's head).
#[cfg(feature = "popup-first")]
#[wasm_bindgen]
pub async fn popup_first(stored: js_sys::Promise) -> Result<(), JsValue> {
    popup::first::start(stored).await
}

/// The options page (called by `extension/options.js`).
#[cfg(feature = "pages")]
#[wasm_bindgen]
pub async fn options_main() -> Result<(), JsValue> {
    options::start().await
}

/// The welcome page (called by `extension/welcome.js`).
#[cfg(feature = "pages")]
#[wasm_bindgen]
pub async fn welcome_main() -> Result<(), JsValue> {
    welcome::start().await
}
