//! Messages between the extension's contexts, one enum for all, carried as JSON-like objects
//! with a `type` tag. The loaders send `Health` by hand (`{type: "health", …}`) when the WASM
//! cannot start, so that shape is part of the contract.

use crate::core::health::Reading;
#[cfg(feature = "pages")]
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

/// The variants only the extension's pages send are not serialisable outside the `pages` build
/// (`skip_serializing`): the content script and the popup never send them, and their
/// serialising code would only add to the WASM those load.
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
        /// What the content script refused or dropped since its last message (`core::admit`).
        #[serde(default)]
        refused: crate::core::admit::Refused,
        /// What each source (timelines, notifications, likes lists, lists) yielded, for the
        /// popup's per-source health.
        #[serde(default)]
        readings: Vec<Reading>,
    },
    /// From the options page: who "me" is (`None`: as X's page shows it).
    #[cfg_attr(not(feature = "pages"), serde(skip_serializing))]
    SetMe { me: Option<Handle> },
    /// From the options page: the export file's text.
    #[cfg_attr(not(feature = "pages"), serde(skip_serializing))]
    Export,
    /// From the options page: per-person counts as CSV.
    #[cfg_attr(not(feature = "pages"), serde(skip_serializing))]
    ExportCsv,
    /// From the options page: an export file to check and merge.
    #[cfg_attr(not(feature = "pages"), serde(skip_serializing))]
    Import { text: String },
    /// From the options page: forget every like learned (settings and team stay).
    #[cfg_attr(not(feature = "pages"), serde(skip_serializing))]
    Reset,
    /// Counts for the options page and the benchmarks.
    #[cfg_attr(not(feature = "pages"), serde(skip_serializing))]
    Status,
    /// From the options page: the teams as edited.
    #[cfg_attr(not(feature = "pages"), serde(skip_serializing))]
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
    #[cfg_attr(not(feature = "pages"), serde(skip_serializing))]
    Insights {
        offset_ms: i64,
        rule: crate::core::insights::RegularRule,
    },
    /// From the popup, or the X tab (Shift+R): start the like-back round, or continue the one
    /// under way. `order`: the setting's when `None`. Answered with the round (`Reply::round`).
    RoundStart {
        #[serde(default)]
        order: Option<crate::core::round::Order>,
    },
    /// From the round bar or the popup: next person, skip them for today, or end the round.
    RoundStep { step: crate::core::round::Step },
    /// From a content script: X's like counts of my posts (`favorite_count`), as its API
    /// showed them.
    LikeCounts {
        counts: Vec<(crate::core::model::PostId, u32)>,
    },
    /// From a content script: the posts at the top of a timeline in this visit
    /// (`core::last_seen`).
    Visit {
        timeline: String,
        ids: Vec<crate::core::model::PostId>,
    },
}

impl Message {
    /// What a content script may send: what it learned, its health, and a list's members.
    /// Everything else (settings, "me", import, export, reset, status, teams, Insights) comes
    /// only from the extension's own pages; the background refuses it from anywhere else.
    ///
    /// The round's messages too: the round bar and Shift+R live in the X tab, and they only
    /// move through a round (which person is shown); they change no like, setting or data.
    pub fn content_may_send(&self) -> bool {
        matches!(
            self,
            Message::Learn { .. }
                | Message::Health { .. }
                | Message::AddToTeam { .. }
                | Message::RoundStart { .. }
                | Message::RoundStep { .. }
                | Message::LikeCounts { .. }
                | Message::Visit { .. }
        )
    }

    /// The message's `type`, for a refusal that names it.
    pub fn kind(&self) -> &'static str {
        match self {
            Message::Health { .. } => "health",
            Message::Learn { .. } => "learn",
            Message::SetMe { .. } => "set_me",
            Message::Export => "export",
            Message::ExportCsv => "export_csv",
            Message::Import { .. } => "import",
            Message::Reset => "reset",
            Message::Status => "status",
            Message::SetTeams { .. } => "set_teams",
            Message::AddToTeam { .. } => "add_to_team",
            Message::Insights { .. } => "insights",
            Message::RoundStart { .. } => "round_start",
            Message::RoundStep { .. } => "round_step",
            Message::LikeCounts { .. } => "like_counts",
            Message::Visit { .. } => "visit",
        }
    }
}

/// The answer to every message: `ok`, or `error` with the reason.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Reply {
    pub ok: bool,
    pub error: Option<String>,
    /// Events newly recorded (Learn, Import).
    pub added: usize,
    /// Export: the file's text and name (AddToTeam: the team's name). The name and the next
    /// two are not in the content script's build, which never reads them: reading them there
    /// would only add to the WASM it loads in every tab (a reply's unknown fields are ignored).
    pub text: Option<String>,
    #[cfg(feature = "pages")]
    pub filename: Option<String>,
    #[cfg(feature = "pages")]
    pub status: Option<Status>,
    #[cfg(feature = "pages")]
    pub insights: Option<Insights>,
    /// RoundStart, RoundStep: the round as it is now (where to go: `active.here`). Not in the
    /// content script's build: it reads the same from storage without serde (see
    /// `content::round`), which keeps its WASM small.
    #[cfg(any(feature = "pages", feature = "popup", feature = "popup-first"))]
    pub round: Option<crate::core::round::View>,
    /// Import: why the file was refused, as a value the options page words in the user's
    /// language (`error` then holds the same, for logs). Not in the content script's build,
    /// which never imports: reading it there would only add to the WASM it loads in every tab.
    #[cfg(feature = "pages")]
    pub refused: Option<crate::core::export::ImportError>,
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
    /// Bytes of `storage.local` in use (`None` where the browser cannot tell).
    pub bytes: Option<f64>,
    pub learned_at: Option<i64>,
    /// Time to record one message's events (ms): median and 95th percentile of the last ones;
    /// `None` before the first. (Not NaN: Chrome carries messages as JSON, where NaN becomes
    /// `null`, which would not read back as a number and lose the whole reply.)
    pub record_ms: Option<(f64, f64)>,
    /// Stored entries that could not be read at start (skipped, not fatal).
    pub unreadable: usize,
    /// The last API response the content script did not understand.
    pub note: Option<String>,
    /// What content scripts and the background refused since the background started.
    pub refused: crate::core::admit::Refused,
    /// The layout version of a store written by a newer Likeback (then read-only).
    pub newer_schema: Option<u64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fresh install: nothing recorded, no storage figure. The reply must survive the JSON
    /// trip Chrome's messaging makes.
    #[test]
    fn a_status_with_no_figures_reads_back() {
        let reply = Reply {
            status: Some(Status::default()),
            ..Reply::ok()
        };
        let json = serde_json::to_string(&reply).unwrap();
        assert!(json.contains(r#""record_ms":null"#), "{json}");
        let back: Reply = serde_json::from_str(&json).unwrap();
        assert_eq!(back, reply);
        assert_eq!(back.status.unwrap().record_ms, None);
    }

    #[test]
    fn a_status_with_figures_reads_back() {
        let status = Status {
            bytes: Some(1234.0),
            record_ms: Some((1.5, 3.25)),
            ..Status::default()
        };
        let json = serde_json::to_string(&status).unwrap();
        assert!(json.contains(r#""record_ms":[1.5,3.25]"#), "{json}");
        assert_eq!(serde_json::from_str::<Status>(&json).unwrap(), status);
    }

    #[test]
    fn content_scripts_may_send_only_what_they_learn_health_and_list_members() {
        let allowed = [
            r#"{"type":"learn","events":[]}"#,
            r#"{"type":"health","health":"ok"}"#,
            r#"{"type":"add_to_team","name":"Design","members":["aoi_dev"]}"#,
            r#"{"type":"round_start"}"#,
            r#"{"type":"round_start","order":"team"}"#,
            r#"{"type":"round_step","step":"skip"}"#,
            r#"{"type":"like_counts","counts":[["1990000000000000001",665]]}"#,
            r#"{"type":"visit","timeline":"home:following","ids":["1990000000000000001"]}"#,
        ];
        let refused = [
            r#"{"type":"set_me","me":"mallory"}"#,
            r#"{"type":"export"}"#,
            r#"{"type":"export_csv"}"#,
            r#"{"type":"import","text":"{}"}"#,
            r#"{"type":"reset"}"#,
            r#"{"type":"status"}"#,
            r#"{"type":"set_teams","teams":[]}"#,
            r#"{"type":"insights","offset_ms":0,"rule":{"of_last":5,"at_least":3}}"#,
        ];
        for (text, may) in allowed
            .iter()
            .map(|t| (t, true))
            .chain(refused.iter().map(|t| (t, false)))
        {
            let message: Message = serde_json::from_str(text).expect(text);
            assert_eq!(message.content_may_send(), may, "{text}");
            // `kind` names the message as its `type` tag does.
            let tag = serde_json::to_value(&message).unwrap()["type"].clone();
            assert_eq!(tag, message.kind(), "{text}");
        }
    }
}
