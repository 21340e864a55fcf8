//! The background (service worker in Chrome, event page in Firefox): the single writer of
//! Likeback's stored data. Content scripts and pages send it messages; it applies them in
//! order and persists them before answering.

use crate::ext::chrome::{self, ExtError};
use crate::ext::messages::{HealthState, Message};
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

/// What the last visited X page looked like to the content script, for the popup.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct HealthNote {
    pub health: HealthState,
    #[serde(default)]
    pub detail: String,
    /// ms since the epoch.
    pub at: f64,
}

pub async fn start() -> Result<(), JsValue> {
    Ok(())
}

pub async fn on_message(message: JsValue) -> Result<JsValue, JsValue> {
    let message: Message = chrome::from_js(message).map_err(|e| JsValue::from_str(&e.0))?;
    handle(message).await.map_err(|e| JsValue::from_str(&e.0))
}

async fn handle(message: Message) -> Result<JsValue, ExtError> {
    match message {
        Message::Health { health, detail } => {
            let note = HealthNote {
                health,
                detail: detail.chars().take(200).collect(),
                at: js_sys::Date::now(),
            };
            let items = js_sys::Object::new();
            js_sys::Reflect::set(&items, &"health".into(), &chrome::to_js(&note)?)?;
            chrome::set(&items).await?;
            Ok(JsValue::TRUE)
        }
    }
}
