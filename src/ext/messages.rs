//! Messages between the extension's contexts, one enum for all, carried as JSON-like objects
//! with a `type` tag. The loaders send `Health` by hand (`{type: "health", …}`) when the WASM
//! cannot start, so that shape is part of the contract.

use serde::{Deserialize, Serialize};

/// How the content script found X's page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum HealthState {
    /// X's layout was recognised.
    Ok,
    /// X's layout was not recognised: the page was left untouched.
    Unrecognised,
    /// The content script could not start (for example the page's CSP refused WebAssembly).
    Blocked,
}

impl HealthState {
    pub fn as_str(self) -> &'static str {
        match self {
            HealthState::Ok => "ok",
            HealthState::Unrecognised => "unrecognised",
            HealthState::Blocked => "blocked",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Message {
    /// From a content script (or its loader): what it found on the page.
    Health {
        health: HealthState,
        #[serde(default)]
        detail: String,
    },
}
