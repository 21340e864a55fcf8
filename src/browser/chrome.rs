//! Bindings to the WebExtension APIs Likeback uses. The loaders set `globalThis.lbExt` to
//! `browser` (Firefox) or `chrome` (Chrome/Edge): both return promises in MV3.

use js_sys::{Function, Promise};
use serde::{de::DeserializeOwned, Serialize};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

// Every binding is `catch`: any call into the browser can throw (after an update, the old
// content script's calls throw "Extension context invalidated"), and an exception must come
// back as an `Err`, never unwind through Rust's frames (that would leave its borrows held).
#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_namespace = ["lbExt", "storage", "local"], js_name = get)]
    fn storage_get(keys: &JsValue) -> Result<Promise, JsValue>;
    #[wasm_bindgen(catch, js_namespace = ["lbExt", "storage", "local"], js_name = set)]
    fn storage_set(items: &JsValue) -> Result<Promise, JsValue>;
    #[wasm_bindgen(catch, js_namespace = ["lbExt", "storage", "local"], js_name = remove)]
    fn storage_remove(keys: &JsValue) -> Result<Promise, JsValue>;
    #[wasm_bindgen(catch, js_namespace = ["lbExt", "storage", "local"], js_name = getBytesInUse)]
    fn storage_bytes_in_use(keys: &JsValue) -> Result<Promise, JsValue>;
    #[wasm_bindgen(catch, js_namespace = ["lbExt", "storage", "onChanged"], js_name = addListener)]
    fn storage_add_listener(callback: &Function) -> Result<(), JsValue>;
    #[wasm_bindgen(catch, js_namespace = ["lbExt", "storage", "onChanged"], js_name = removeListener)]
    fn storage_remove_listener(callback: &Function) -> Result<(), JsValue>;

    #[wasm_bindgen(catch, js_namespace = ["lbExt", "runtime"], js_name = sendMessage)]
    fn runtime_send_message(message: &JsValue) -> Result<Promise, JsValue>;
    #[wasm_bindgen(catch, js_namespace = ["lbExt", "runtime"], js_name = getURL)]
    fn runtime_get_url(path: &str) -> Result<String, JsValue>;
    #[wasm_bindgen(catch, js_namespace = ["lbExt", "runtime"], js_name = openOptionsPage)]
    fn runtime_open_options_page() -> Result<Promise, JsValue>;

    #[wasm_bindgen(catch, js_namespace = ["lbExt", "i18n"], js_name = getMessage)]
    fn i18n_get_message(name: &str, substitutions: &JsValue) -> Result<String, JsValue>;
    #[wasm_bindgen(catch, js_namespace = ["lbExt", "i18n"], js_name = getUILanguage)]
    fn i18n_ui_language() -> Result<String, JsValue>;

    #[wasm_bindgen(catch, js_namespace = ["lbExt", "action"], js_name = setBadgeText)]
    fn action_set_badge_text(details: &JsValue) -> Result<Promise, JsValue>;
    #[wasm_bindgen(catch, js_namespace = ["lbExt", "action"], js_name = setBadgeBackgroundColor)]
    fn action_set_badge_background_color(details: &JsValue) -> Result<Promise, JsValue>;

    #[wasm_bindgen(catch, js_namespace = ["lbExt", "tabs"], js_name = query)]
    fn tabs_query(query: &JsValue) -> Result<Promise, JsValue>;
    #[wasm_bindgen(catch, js_namespace = ["lbExt", "tabs"], js_name = update)]
    fn tabs_update(tab_id: i32, props: &JsValue) -> Result<Promise, JsValue>;
    #[wasm_bindgen(catch, js_namespace = ["lbExt", "tabs"], js_name = create)]
    fn tabs_create(props: &JsValue) -> Result<Promise, JsValue>;
}

/// Adds a `storage.onChanged` listener for the life of the extension context (the background
/// and the pages, which live no longer than their listener); a failure is ignored, as there
/// is no one to tell. The content script uses `StorageListener`, which is removed on drop.
pub fn on_storage_changed(callback: &Function) {
    let _ = storage_add_listener(callback);
}

/// A `storage.onChanged` listener, removed when dropped.
#[must_use]
pub struct StorageListener {
    callback: Closure<dyn FnMut(JsValue, JsValue)>,
}

impl StorageListener {
    pub fn new(callback: Closure<dyn FnMut(JsValue, JsValue)>) -> Result<Self, ExtError> {
        storage_add_listener(callback.as_ref().unchecked_ref())?;
        Ok(StorageListener { callback })
    }
}

impl Drop for StorageListener {
    fn drop(&mut self) {
        // Throws when the extension context is gone, and then there is nothing to remove.
        let _ = storage_remove_listener(self.callback.as_ref().unchecked_ref());
    }
}

/// Whether this context still belongs to a running extension. After the extension is
/// reloaded, updated or removed, an open tab keeps its old content script, whose
/// `runtime.id` is then undefined and whose every call to the extension throws.
pub fn context_valid() -> bool {
    // Read through the binding (as every call here is), not through `js_sys::global()`: in a
    // Firefox content script the loaders' `lbExt` sits on the script's own scope, which the
    // global object wasm-bindgen finds there does not see.
    let id = RUNTIME
        .with(|r| js_sys::Reflect::get(r, &"id".into()))
        .unwrap_or(JsValue::UNDEFINED);
    !id.is_undefined()
}

#[wasm_bindgen]
extern "C" {
    /// `lbExt.runtime`: the same object for the context's life; its `id` goes when the
    /// extension context does.
    #[wasm_bindgen(thread_local_v2, js_namespace = lbExt, js_name = runtime)]
    static RUNTIME: JsValue;
}

/// `runtime.getURL(path)`; empty when the extension context is gone.
pub fn runtime_url(path: &str) -> String {
    runtime_get_url(path).unwrap_or_default()
}

/// The browser's UI language; empty when it cannot be read.
pub fn ui_language() -> String {
    i18n_ui_language().unwrap_or_default()
}

/// A failure at the boundary with the browser, with its reason.
#[derive(Debug, Clone)]
pub struct ExtError(pub String);

impl From<JsValue> for ExtError {
    fn from(v: JsValue) -> Self {
        ExtError(
            v.as_string()
                .or_else(|| js_sys::Error::from(v.clone()).message().as_string())
                .unwrap_or_else(|| format!("{v:?}")),
        )
    }
}

impl From<serde_wasm_bindgen::Error> for ExtError {
    fn from(e: serde_wasm_bindgen::Error) -> Self {
        ExtError(e.to_string())
    }
}

impl std::fmt::Display for ExtError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Serialises maps as plain JS objects, which is what the extension APIs expect.
pub fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, ExtError> {
    Ok(value.serialize(&serde_wasm_bindgen::Serializer::json_compatible())?)
}

pub fn from_js<T: DeserializeOwned>(value: JsValue) -> Result<T, ExtError> {
    Ok(serde_wasm_bindgen::from_value(value)?)
}

/// Reads keys from `storage.local`; `None` reads everything.
pub async fn get(keys: Option<&[&str]>) -> Result<js_sys::Object, ExtError> {
    let keys = match keys {
        Some(keys) => keys
            .iter()
            .map(|k| JsValue::from_str(k))
            .collect::<js_sys::Array>()
            .into(),
        None => JsValue::NULL,
    };
    Ok(JsFuture::from(storage_get(&keys)?).await?.unchecked_into())
}

/// From a `storage.onChanged` event: the new value of `key` in `storage.local`, when it
/// changed (`undefined` when it was removed).
pub fn new_value(changes: &JsValue, area: &JsValue, key: &str) -> Option<JsValue> {
    if area.as_string().as_deref() != Some("local") {
        return None;
    }
    let change = js_sys::Reflect::get(changes, &JsValue::from_str(key))
        .ok()
        .filter(|c| !c.is_undefined())?;
    Some(js_sys::Reflect::get(&change, &"newValue".into()).unwrap_or(JsValue::UNDEFINED))
}

/// One key of what `get` read, deserialised; `None` when absent or unreadable.
pub fn field<T: DeserializeOwned>(items: &js_sys::Object, key: &str) -> Option<T> {
    js_sys::Reflect::get(items, &JsValue::from_str(key))
        .ok()
        .filter(|v| !v.is_undefined())
        .and_then(|v| from_js(v).ok())
}

/// A key of `storage.local` that holds JSON text (the background's published views), read and
/// parsed; `None` when it is absent or unreadable.
pub async fn get_json<T: DeserializeOwned>(key: &str) -> Option<T> {
    let items = get(Some(&[key])).await.ok()?;
    serde_json::from_str(&field::<String>(&items, key)?).ok()
}

/// Writes several keys in one call: `storage.local.set` applies them together.
pub async fn set<K: AsRef<str>>(items: &[(K, JsValue)]) -> Result<(), ExtError> {
    let obj = js_sys::Object::new();
    for (k, v) in items {
        js_sys::Reflect::set(&obj, &JsValue::from_str(k.as_ref()), v)?;
    }
    JsFuture::from(storage_set(&obj)?).await?;
    Ok(())
}

pub async fn remove(keys: &[String]) -> Result<(), ExtError> {
    let keys: js_sys::Array = keys.iter().map(|k| JsValue::from_str(k)).collect();
    JsFuture::from(storage_remove(&keys)?).await?;
    Ok(())
}

/// Bytes of `storage.local` in use; `None` where the browser cannot tell.
pub async fn bytes_in_use() -> Result<Option<f64>, ExtError> {
    // Firefox has no getBytesInUse on storage.local.
    let f = js_sys::Reflect::get(&storage_area(), &"getBytesInUse".into())?;
    if !f.is_function() {
        return Ok(None);
    }
    Ok(JsFuture::from(storage_bytes_in_use(&JsValue::NULL)?)
        .await?
        .as_f64()
        .filter(|b| b.is_finite()))
}

fn storage_area() -> JsValue {
    let ext = js_sys::Reflect::get(&js_sys::global(), &"lbExt".into()).unwrap_or(JsValue::NULL);
    let storage = js_sys::Reflect::get(&ext, &"storage".into()).unwrap_or(JsValue::NULL);
    js_sys::Reflect::get(&storage, &"local".into()).unwrap_or(JsValue::NULL)
}

/// A fine clock for timings (`performance.now()`, which workers have too).
pub fn perf_now() -> f64 {
    js_sys::Reflect::get(&js_sys::global(), &"performance".into())
        .ok()
        .and_then(|p| {
            let now = js_sys::Reflect::get(&p, &"now".into()).ok()?;
            now.unchecked_ref::<js_sys::Function>()
                .call0(&p)
                .ok()?
                .as_f64()
        })
        .unwrap_or_else(js_sys::Date::now)
}

/// Sends a message to the background and waits for its answer.
pub async fn send<T: Serialize>(message: &T) -> Result<JsValue, ExtError> {
    send_js(&to_js(message)?).await
}

/// `send` for a message already made into a JS value.
async fn send_js(message: &JsValue) -> Result<JsValue, ExtError> {
    Ok(JsFuture::from(runtime_send_message(message)?).await?)
}

/// Sends a message to the background without waiting for its answer, from where no future
/// can run (the panic hook); a failure is ignored, there is no one left to tell.
pub fn send_and_forget<T: Serialize>(message: &T) {
    let Ok(value) = to_js(message) else {
        return;
    };
    if let Ok(promise) = runtime_send_message(&value) {
        // Called once, on either outcome, so it frees itself.
        let settle = Closure::once_into_js(|_: JsValue| {});
        if let Ok(then) = js_sys::Reflect::get(&promise, &"then".into()) {
            let _ = then
                .unchecked_ref::<Function>()
                .call2(&promise, &settle, &settle);
        }
    }
}

/// Sends a message to the background and reads its `Reply`; an answer that did not come or
/// could not be read is a `Reply` with the error.
pub async fn ask(message: &crate::proto::messages::Message) -> crate::proto::messages::Reply {
    use crate::proto::messages::Reply;
    match to_js(message) {
        Ok(value) => ask_js(&value).await,
        Err(e) => Reply::error(e.0),
    }
}

/// `ask` for a message already made into a JS value (the outbox checks that it can be, and
/// does not make it twice).
pub async fn ask_js(message: &JsValue) -> crate::proto::messages::Reply {
    use crate::proto::messages::Reply;
    match send_js(message).await {
        Ok(answer) => from_js::<Reply>(answer).unwrap_or_else(|e| Reply::error(e.0)),
        Err(e) => Reply::error(e.0),
    }
}

/// A localised string from `_locales`, or the message name when it is missing (a visible
/// hint rather than an empty label).
pub fn t(name: &str) -> String {
    t_with(name, &[])
}

/// A localised string with `$1`, `$2`… filled in.
pub fn t_with(name: &str, subs: &[&str]) -> String {
    thread_local! {
        /// Each message as the browser gave it, with a marker where each substitution goes:
        /// asked once per page, not once per row (a popup's "show all" draws 500 rows, four
        /// messages each).
        /// (A list: a page uses a few dozen messages, and a map's hashing code would grow the
        /// popup's WASM by 7 KB.)
        static MESSAGES: std::cell::RefCell<Vec<(String, String)>> =
            const { std::cell::RefCell::new(Vec::new()) };
    }
    let message = MESSAGES.with(|m| {
        if let Some((_, message)) = m.borrow().iter().find(|(n, _)| n == name) {
            return message.clone();
        }
        let markers: js_sys::Array = (1..=MAX_SUBS)
            .map(|n| JsValue::from_str(&format!("{MARK}{n}")))
            .collect();
        let message = i18n_get_message(name, &markers).unwrap_or_default();
        m.borrow_mut().push((name.to_string(), message.clone()));
        message
    });
    if message.is_empty() {
        name.to_string()
    } else {
        fill(&message, subs)
    }
}

/// The most substitutions a message can have (`$1`…`$9`).
const MAX_SUBS: usize = 9;
/// Stands, with the substitution's number after it, where a substitution goes: a character of
/// the private use area, in none of our messages.
const MARK: char = '\u{E000}';

/// `message` with each marker replaced by its substitution (none given: nothing, as the
/// browser does).
fn fill(message: &str, subs: &[&str]) -> String {
    let mut out =
        String::with_capacity(message.len() + subs.iter().map(|s| s.len()).sum::<usize>());
    let mut rest = message;
    while let Some(at) = rest.find(MARK) {
        out.push_str(&rest[..at]);
        let after = &rest[at + MARK.len_utf8()..];
        match after.chars().next().and_then(|d| d.to_digit(10)) {
            Some(n) if (1..=MAX_SUBS as u32).contains(&n) => {
                out.push_str(subs.get(n as usize - 1).copied().unwrap_or(""));
                rest = &after[1..];
            }
            _ => {
                out.push(MARK);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_is_filled_as_the_browser_fills_it() {
        let m = |s: &str| s.replace('%', &MARK.to_string());
        assert_eq!(
            fill(&m("%1 received · %2 given"), &["3", "1"]),
            "3 received · 1 given"
        );
        assert_eq!(
            fill(&m("受け取り%1・お返し%2"), &["3", "1"]),
            "受け取り3・お返し1"
        );
        // A substitution is text: a marker or a "$1" in it is not filled again.
        assert_eq!(
            fill(&m("%1 and %2"), &[&m("%2"), "$1"]),
            format!("{} and $1", m("%2"))
        );
        // A substitution not given is empty; a message without any is as it is.
        assert_eq!(fill(&m("%1/%2"), &["a"]), "a/");
        assert_eq!(fill("No likes yet", &[]), "No likes yet");
    }
}

pub async fn set_badge(text: &str) -> Result<(), ExtError> {
    let details = js_sys::Object::new();
    js_sys::Reflect::set(&details, &"text".into(), &text.into())?;
    JsFuture::from(action_set_badge_text(&details)?).await?;
    let color = js_sys::Object::new();
    js_sys::Reflect::set(&color, &"color".into(), &"#e0245e".into())?;
    JsFuture::from(action_set_badge_background_color(&color)?).await?;
    Ok(())
}

pub async fn open_options_page() -> Result<(), ExtError> {
    JsFuture::from(runtime_open_options_page()?).await?;
    Ok(())
}

/// Opens `url` in a new tab.
pub async fn open_tab(url: &str) -> Result<(), ExtError> {
    let props = js_sys::Object::new();
    js_sys::Reflect::set(&props, &"url".into(), &url.into())?;
    JsFuture::from(tabs_create(&props)?).await?;
    Ok(())
}

/// Opens `url` in the active tab when it is an X tab, else in a new tab.
pub async fn open_in_x_tab(url: &str) -> Result<(), ExtError> {
    let query = js_sys::Object::new();
    js_sys::Reflect::set(&query, &"active".into(), &true.into())?;
    js_sys::Reflect::set(&query, &"currentWindow".into(), &true.into())?;
    let tabs: js_sys::Array = JsFuture::from(tabs_query(&query)?).await?.unchecked_into();
    let props = js_sys::Object::new();
    js_sys::Reflect::set(&props, &"url".into(), &url.into())?;
    let x_tab = tabs.get(0);
    let tab_url = js_sys::Reflect::get(&x_tab, &"url".into())
        .ok()
        .and_then(|u| u.as_string())
        .unwrap_or_default();
    let id = js_sys::Reflect::get(&x_tab, &"id".into())
        .ok()
        .and_then(|i| i.as_f64());
    match id {
        Some(id) if is_x_url(&tab_url) => {
            JsFuture::from(tabs_update(id as i32, &props)?).await?;
        }
        _ => {
            JsFuture::from(tabs_create(&props)?).await?;
        }
    }
    Ok(())
}

pub fn is_x_url(url: &str) -> bool {
    [
        "https://x.com/",
        "https://twitter.com/",
        "https://mobile.x.com/",
        "https://mobile.twitter.com/",
    ]
    .iter()
    .any(|p| url.starts_with(p))
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_namespace = ["lbExt", "runtime"], js_name = getManifest)]
    fn runtime_get_manifest() -> Result<JsValue, JsValue>;
}

/// The extension's version, from its manifest.
pub fn extension_version() -> String {
    runtime_get_manifest()
        .and_then(|m| js_sys::Reflect::get(&m, &"version".into()))
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}

/// The layout version of a store written by a newer Likeback (read from `meta.schema` as the
/// bare number, as the background does).
pub fn newer_schema(stored: &js_sys::Object) -> Option<u64> {
    let schema = js_sys::Reflect::get(stored, &"meta".into())
        .and_then(|m| js_sys::Reflect::get(&m, &"schema".into()))
        .ok()
        .and_then(|s| s.as_f64());
    crate::core::store::newer_schema(schema)
}
