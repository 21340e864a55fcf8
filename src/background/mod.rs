//! The background (service worker in Chrome, event page in Firefox): the single writer of
//! Likeback's stored data. Content scripts and pages send it messages; it handles them one at a
//! time, in order, and answers only once what they taught is stored, so a content script that
//! gets no answer (the worker was stopped) sends again and nothing acknowledged is ever lost.
//!
//! Commit after the write: every change (ledger, log, names, seen posts, teams, "me", the log
//! generation) is worked out beside the state, written, and becomes the state only once
//! `storage.local.set` resolved. A failed write leaves the state as it was and answers "not
//! stored", so the sender's retry is recorded for real. Everything that reads the state (the
//! summary included) takes its turn, so nothing half-done is ever seen.
//!
//! Only the extension's own pages may change settings, "me", the teams or the data; content
//! scripts may send what they learn, their health and a list's members (`Message::content_may_send`).

mod coverage;
mod data;
mod handle;
mod learn;
mod round;

pub use data::on_connect;
use data::*;
use handle::*;
use learn::*;

use crate::browser::chrome::{self, ExtError};
use crate::browser::transfer;
use crate::core::export;
use crate::core::first_run::{self, Installed};
use crate::core::health::{self, Reading};
use crate::core::insights;
use crate::core::ledger::{Event, Ledger};
use crate::core::marks::{self, Newest, Seen};
use crate::core::model::Handle;
use crate::core::settings::Settings;
use crate::core::store::{self, Log, Meta};
use crate::core::summary::Summary;
use crate::core::team::{self, Team};
use crate::proto::messages::{HealthNote, Message, Reply, Status};
use gloo::timers::callback::Timeout;
use js_sys::{Function, Object, Promise, Reflect};
use std::cell::RefCell;
use std::collections::{HashMap, HashSet, VecDeque};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// The summary is recomputed this long after the last change: a burst of events (a page of
/// notifications) costs one summary, not one per event.
const SUMMARY_DELAY_MS: u32 = 150;

#[derive(Default)]
struct Background {
    meta: Meta,
    settings: Settings,
    team: Vec<Team>,
    ledger: Ledger,
    log: Log,
    names: HashMap<Handle, String>,
    /// Each author's newest post seen.
    seen: Seen,
    /// The `marks` last published, to write only changes.
    marks: String,
    learned_at: Option<i64>,
    /// Recent recording times (ms), for the status and the benchmark.
    record_ms: VecDeque<f64>,
    unreadable: usize,
    note: Option<String>,
    /// Each source's health (stored as JSON text under `source_health`).
    sources: health::Book,
    summary_timer: Option<Timeout>,
    /// The content scripts' allowance per minute (`core::admit`).
    allowance: crate::core::admit::Allowance,
    /// Refused since start, by the content scripts and here.
    refused: crate::core::admit::Refused,
    /// The layout version of a store written by a newer Likeback: opened read-only.
    newer: Option<u64>,
    /// The like-back round (`round_state`).
    rounds: crate::core::round::Rounds,
    /// X's like counts of my posts (stored as JSON text under `like_counts`).
    like_counts: crate::core::coverage::LikeCounts,
    /// The last visit to each timeline (stored as JSON text under `last_seen`).
    last_seen: crate::core::last_seen::LastSeen,
}

type StorageListener = Closure<dyn FnMut(JsValue, JsValue)>;

thread_local! {
    static STATE: RefCell<Background> = RefCell::new(Background::default());
    /// The end of the queue of messages being handled (see `Turn`).
    static TAIL: RefCell<Option<Promise>> = const { RefCell::new(None) };
    static SETTINGS_LISTENER: RefCell<Option<StorageListener>> = const { RefCell::new(None) };
}

/// One message's turn: messages are handled one after the other, each to the end (its writes
/// included) before the next starts. Dropping the turn lets the next one in.
struct Turn {
    release: Function,
}

impl Turn {
    async fn take() -> Turn {
        let mut release = None;
        let mine = Promise::new(&mut |resolve, _| release = Some(resolve));
        let before = TAIL.with(|t| t.replace(Some(mine)));
        if let Some(before) = before {
            let _ = JsFuture::from(before).await;
        }
        Turn {
            release: release.expect("the Promise executor runs at once"),
        }
    }
}

impl Drop for Turn {
    fn drop(&mut self) {
        let _ = self.release.call0(&JsValue::NULL);
    }
}

fn now() -> i64 {
    js_sys::Date::now() as i64
}

/// Loads everything stored, migrating an older layout, then publishes the summary.
pub async fn start() -> Result<(), JsValue> {
    let _turn = Turn::take().await;
    let all = chrome::get(None).await.map_err(js_err)?;
    let schema = Reflect::get(&all, &"meta".into())
        .and_then(|m| Reflect::get(&m, &"schema".into()))
        .ok()
        .and_then(|s| s.as_f64());
    if let Some(newer) = store::newer_schema(schema) {
        // Written by a newer Likeback: nothing is read past `meta`, nothing is written.
        STATE.with(|s| s.borrow_mut().newer = Some(newer));
        return Ok(());
    }
    let keys = keys_of(&all);
    let mut chunks = HashMap::new();
    let mut names = HashMap::new();
    let mut seen = Seen::default();
    for key in &keys {
        let value = Reflect::get(&all, &key.into()).unwrap_or(JsValue::UNDEFINED);
        if store::parse_chunk_key(key).is_some() {
            if let Some(text) = value.as_string() {
                chunks.insert(key.clone(), text);
            }
        } else if store::is_name_key(key) {
            for (h, n) in value
                .as_string()
                .map(|t| store::decode_names(&t))
                .unwrap_or_default()
            {
                names.insert(h, n);
            }
        } else if store::is_seen_key(key) {
            for (h, n) in value
                .as_string()
                .map(|t| store::decode_seen(&t))
                .unwrap_or_default()
            {
                seen.add(&h, n);
            }
        }
    }
    let (meta, migrated) = store::migrate(chrome::field::<Meta>(&all, "meta"));
    let settings = chrome::field::<Settings>(&all, "settings").unwrap_or_default();
    let team = chrome::field::<Vec<Team>>(&all, "team").unwrap_or_default();
    let learned_at = chrome::field::<f64>(&all, "learned_at").map(|t| t as i64);
    let sources = chrome::field::<String>(&all, "source_health")
        .and_then(|t| serde_json::from_str::<health::Book>(&t).ok())
        .unwrap_or_default();
    let (events, log, unreadable) = store::load_log(meta.log_gen, &chunks);
    let mut ledger = Ledger::default();
    for e in &events {
        ledger.apply(e);
    }
    let stale = store::stale_chunks(meta.log_gen, chunks.keys());
    STATE.with(|s| {
        let mut s = s.borrow_mut();
        *s = Background {
            meta: meta.clone(),
            settings,
            team,
            ledger,
            log,
            names,
            seen,
            learned_at,
            unreadable,
            sources,
            rounds: round::load(&all),
            like_counts: coverage::load_like_counts(&all),
            last_seen: coverage::load_last_seen(&all),
            ..Background::default()
        };
    });
    // None of these writes may stop the background from starting: a store that refuses writes
    // now (a full disk) still answers "not stored" to each message until it takes them again.
    if migrated {
        // The same keys, only the version recorded: the next write of `meta` records it too.
        if let Ok(value) = chrome::to_js(&meta) {
            let _ = chrome::set(&[("meta", value)]).await;
        }
    }
    if !stale.is_empty() {
        // Left over from a rewrite that was interrupted: the current generation is complete.
        let _ = chrome::remove(&stale).await;
    }
    listen_for_settings();
    let _ = publish_summary().await;
    Ok(())
}

/// The browser installed or updated Likeback: a first install opens the welcome page. The
/// event is recorded (`installed`) once the page is open, so that what happened can be read.
pub async fn installed(reason: &str, previous_version: Option<String>) -> Result<(), JsValue> {
    let stored = chrome::get(Some(&["installed"])).await.map_err(js_err)?;
    let before = chrome::field::<Installed>(&stored, "installed");
    let (record, welcome) = first_run::on_installed(before, reason, previous_version, now());
    let opened = if welcome {
        chrome::open_tab(&chrome::runtime_url("welcome.html")).await
    } else {
        Ok(())
    };
    chrome::set(&[("installed", chrome::to_js(&record).map_err(js_err)?)])
        .await
        .map_err(js_err)?;
    opened.map_err(js_err)
}

/// `sender`: the `runtime.MessageSender` the browser gives with the message.
pub async fn on_message(message: JsValue, sender: JsValue) -> Result<JsValue, JsValue> {
    let reply = match chrome::from_js::<Message>(message) {
        Ok(message) if !message.content_may_send() && !from_own_page(&sender) => {
            Reply::error(format!(
                "refused: \"{}\" is accepted only from Likeback's own pages",
                message.kind()
            ))
        }
        Ok(message) => {
            let _turn = Turn::take().await;
            match read_only() {
                Some(reply) if !matches!(message, Message::Status) => reply,
                _ => handle(message).await.unwrap_or_else(|e| Reply::error(e.0)),
            }
        }
        Err(e) => Reply::error(format!("not a message Likeback knows: {e}")),
    };
    chrome::to_js(&reply).map_err(js_err)
}

/// Whether a message or port comes from one of the extension's own pages (popup, options),
/// not a content script. Both browsers set `sender.url` to the sending document's address
/// (a content script's is the web page's, whatever it claims) and `sender.id` to the
/// extension's; `sender.tab` cannot tell, since the options page opens in a tab.
fn from_own_page(sender: &JsValue) -> bool {
    let text = |key: &str| {
        Reflect::get(sender, &key.into())
            .ok()
            .and_then(|v| v.as_string())
    };
    let own = chrome::runtime_url("");
    let id_matches = match (text("id"), runtime_id()) {
        (Some(id), Some(ours)) => id == ours,
        _ => false,
    };
    id_matches && !own.is_empty() && text("url").is_some_and(|url| url.starts_with(&own))
}

fn runtime_id() -> Option<String> {
    let ext = Reflect::get(&js_sys::global(), &"lbExt".into()).ok()?;
    let runtime = Reflect::get(&ext, &"runtime".into()).ok()?;
    Reflect::get(&runtime, &"id".into()).ok()?.as_string()
}

/// In a store written by a newer Likeback, the answer to everything but `Status`: not
/// stored, so content scripts keep what they learned and send it again (to the newer
/// Likeback, once it is back) rather than lose it.
fn read_only() -> Option<Reply> {
    STATE.with(|s| s.borrow().newer).map(|schema| {
        Reply::error(format!(
            "read-only: the data was stored by a newer Likeback (layout {schema}); nothing is changed until Likeback is updated"
        ))
    })
}

/// A failed write: the state is as it was, and the sender is told so.
fn not_stored(e: ExtError) -> ExtError {
    ExtError(format!("not stored: {e}"))
}

fn js_err(e: ExtError) -> JsValue {
    JsValue::from_str(&e.0)
}

fn keys_of(items: &Object) -> Vec<String> {
    Object::keys(items)
        .iter()
        .filter_map(|k| k.as_string())
        .collect()
}

fn schedule_summary() {
    STATE.with(|s| {
        let mut s = s.borrow_mut();
        if s.summary_timer.is_none() {
            s.summary_timer = Some(Timeout::new(SUMMARY_DELAY_MS, || {
                STATE.with(|s| s.borrow_mut().summary_timer = None);
                wasm_bindgen_futures::spawn_local(async {
                    // In turn: it reads the state, which a message may be changing.
                    let _turn = Turn::take().await;
                    let _ = publish_summary().await;
                });
            }));
        }
    });
}

/// Computes the summary, the icon badge and the friends' marks from the ledger.
async fn publish_summary() -> Result<(), ExtError> {
    let (summary, marks) = STATE.with(|s| {
        let s = s.borrow();
        let t = now();
        let balances = s.ledger.balances(t, s.settings.window);
        let mut summary = Summary::compute(
            &s.ledger,
            &balances,
            &s.names,
            &s.seen,
            s.meta.me.as_ref(),
            s.settings.window,
            t,
            s.learned_at,
        );
        summary.round = team::round(&s.team, &s.seen, &s.ledger, &s.names);
        summary.coverage = Some(crate::core::coverage::in_window(
            &s.ledger,
            &s.like_counts,
            s.settings.window,
            t,
        ));
        let team: Vec<Handle> = s
            .team
            .iter()
            .flat_map(|t| t.members.iter().cloned())
            .collect();
        let friends = marks::friends(&s.ledger, &s.seen, &balances, &team);
        let text = serde_json::to_string(&friends).unwrap_or_default();
        // Content scripts in every X tab re-mark their page when this changes: only on change.
        let marks = (text != s.marks).then_some(text);
        (summary, marks)
    });
    // Stored as JSON text: the popup reads it in one piece (see popup.rs); its first frame
    // reads only the head, written in the same `set`.
    let json = |s: &Summary| serde_json::to_string(s).map_err(|e| ExtError(e.to_string()));
    let mut items = vec![
        ("summary", JsValue::from_str(&json(&summary)?)),
        ("summary_head", JsValue::from_str(&json(&summary.head())?)),
    ];
    if let Some(marks) = &marks {
        items.push(("marks", JsValue::from_str(marks)));
    }
    chrome::set(&items).await?;
    if let Some(marks) = marks {
        // Published: later summaries write the marks again only when they change.
        STATE.with(|s| s.borrow_mut().marks = marks);
    }
    chrome::set_badge(&summary.badge()).await
}

/// The options page writes `settings`; a new counting window changes what is owed.
fn listen_for_settings() {
    let listener =
        Closure::<dyn FnMut(JsValue, JsValue)>::new(|changes: JsValue, area: JsValue| {
            let Some(new) = chrome::new_value(&changes, &area, "settings") else {
                return;
            };
            let settings = chrome::from_js::<Settings>(new).unwrap_or_default();
            let window_changed = STATE.with(|s| {
                let mut s = s.borrow_mut();
                let changed = s.settings.window != settings.window;
                s.settings = settings;
                changed
            });
            if window_changed {
                schedule_summary();
            }
        });
    chrome::on_storage_changed(listener.as_ref().unchecked_ref());
    SETTINGS_LISTENER.with(|l| *l.borrow_mut() = Some(listener));
}

/// Median and 95th percentile; `None` without samples (a fresh install has recorded nothing).
fn percentiles(samples: &VecDeque<f64>) -> Option<(f64, f64)> {
    if samples.is_empty() {
        return None;
    }
    let mut v: Vec<f64> = samples.iter().copied().collect();
    v.sort_by(f64::total_cmp);
    let at = |q: f64| v[((v.len() as f64 * q) as usize).min(v.len() - 1)];
    Some((at(0.5), at(0.95)))
}
