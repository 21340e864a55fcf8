//! Messages between the extension's contexts, one enum for all, carried as JSON-like objects
//! with a `type` tag. The loaders send `Health` by hand (`{type: "health", …}`) when the WASM
//! cannot start, so that shape is part of the contract.

use crate::core::insights::Insights;
use crate::core::ledger::Event;
use crate::core::marks::Newest;
use crate::core::model::Handle;
use crate::core::team::Team;
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
    /// The content script stopped after an error (a panic); the tab must be reloaded.
    Crashed,
}

impl HealthState {
    pub fn as_str(self) -> &'static str {
        match self {
            HealthState::Ok => "ok",
            HealthState::Unrecognised => "unrecognised",
            HealthState::Blocked => "blocked",
            HealthState::Crashed => "crashed",
        }
    }
}

/// What the last visited X page looked like to the content script, for the popup.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct HealthNote {
    pub health: HealthState,
    #[serde(default)]
    pub detail: String,
    /// ms since the epoch.
    pub at: f64,
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
    /// From a content script: what it learned. Answered once stored.
    Learn {
        /// The logged-in account, as X's page shows it.
        #[serde(default)]
        me: Option<Handle>,
        #[serde(default)]
        events: Vec<Event>,
        /// Display names seen.
        #[serde(default)]
        names: Vec<(Handle, String)>,
        /// Posts seen (originals and quotes), each a candidate for its author's newest.
        #[serde(default)]
        posts: Vec<(Handle, Newest)>,
        /// A note about an API response that was not understood.
        #[serde(default)]
        note: Option<String>,
    },
    /// From the options page: who "me" is (`None`: as X's page shows it).
    SetMe { me: Option<Handle> },
    /// From the options page: the export file's text.
    Export,
    /// From the options page: per-person counts as CSV.
    ExportCsv,
    /// From the options page: an export file to check and merge.
    Import { text: String },
    /// From the options page: forget every like learned (settings and team stay).
    Reset,
    /// Counts for the options page and the benchmarks.
    Status,
    /// From the options page: the teams as edited.
    SetTeams { teams: Vec<Team> },
    /// From a list's members page: add these people to the team of that list.
    AddToTeam {
        name: String,
        #[serde(default)]
        list: Option<String>,
        members: Vec<Handle>,
    },
    /// From the options page: the Insights under `rule` (the page's, saved or not yet), with
    /// `offset_ms` the local time zone's offset.
    Insights {
        offset_ms: i64,
        rule: crate::core::insights::RegularRule,
    },
}

/// The answer to every message: `ok`, or `error` with the reason.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Reply {
    pub ok: bool,
    pub error: Option<String>,
    /// Events newly recorded (Learn, Import).
    pub added: usize,
    /// Export: the file's text and name.
    pub text: Option<String>,
    pub filename: Option<String>,
    pub status: Option<Status>,
    pub insights: Option<Insights>,
    /// With `error`: the same reason as a `_locales` message name and its substitutions.
    pub reason: Option<(String, Vec<String>)>,
}

impl Reply {
    pub fn ok() -> Reply {
        Reply {
            ok: true,
            ..Reply::default()
        }
    }

    pub fn error(why: impl Into<String>) -> Reply {
        Reply {
            ok: false,
            error: Some(why.into()),
            ..Reply::default()
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Status {
    pub me: Option<Handle>,
    pub me_by_user: bool,
    pub received: usize,
    pub given: usize,
    pub people: usize,
    /// Bytes of `storage.local` in use (NaN where the browser cannot tell).
    pub bytes: f64,
    pub learned_at: Option<i64>,
    /// Time to record one message's events (ms): median and 95th percentile of the last ones.
    pub record_ms: (f64, f64),
    /// Stored entries that could not be read at start (skipped, not fatal).
    pub unreadable: usize,
    /// The last API response the content script did not understand.
    pub note: Option<String>,
}
