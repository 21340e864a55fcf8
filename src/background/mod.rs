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

/// A port from the options page, moving an export file at any size (see `transfer`).
pub async fn on_connect(port: transfer::Port) {
    let connection = transfer::Connection::new(port);
    if !from_own_page(&connection.sender()) {
        let _ = connection.post_reply(&Reply::error(
            "refused: files are moved only by Likeback's own pages",
        ));
        return;
    }
    match connection.name().as_str() {
        transfer::EXPORT_PORT => {
            let file = {
                let _turn = Turn::take().await;
                match read_only() {
                    Some(reply) => Err(reply),
                    None => Ok(export_file()),
                }
            };
            let reply = match file {
                Ok((text, filename)) => match connection.post_text(&text) {
                    Ok(()) => Reply {
                        filename: Some(filename),
                        ..Reply::ok()
                    },
                    Err(e) => Reply::error(e.0),
                },
                Err(reply) => reply,
            };
            let _ = connection.post_reply(&reply);
        }
        transfer::IMPORT_PORT => {
            if connection.post_ready().is_err() {
                return;
            }
            let mut text = String::new();
            loop {
                let Some(message) = connection.next().await else {
                    // The page went away before the end: nothing changes.
                    return;
                };
                match transfer::read(&message) {
                    transfer::Received::Part(part) => {
                        text.push_str(&part.as_string().unwrap_or_default());
                        if text.len() > export::MAX_BYTES {
                            let e = export::ImportError::TooLarge;
                            let _ = connection.post_reply(&refusal(&e));
                            return;
                        }
                    }
                    transfer::Received::End => break,
                    _ => {}
                }
            }
            let reply = {
                let _turn = Turn::take().await;
                match read_only() {
                    Some(reply) => reply,
                    None => import(&text).await.unwrap_or_else(|e| Reply::error(e.0)),
                }
            };
            let _ = connection.post_reply(&reply);
        }
        _ => {}
    }
}

/// The export file and its name, from the state.
fn export_file() -> (String, String) {
    STATE.with(|s| {
        let s = s.borrow();
        let t = now();
        let text = export::write(
            &s.ledger,
            s.meta.me.as_ref(),
            &s.settings,
            &s.team,
            &s.names,
            t,
        );
        (text, format!("likeback-{}.json", file_stamp(t)))
    })
}

fn refusal(e: &export::ImportError) -> Reply {
    Reply {
        refused: Some(e.clone()),
        ..Reply::error(format!("{e:?}"))
    }
}

/// A failed write: the state is as it was, and the sender is told so.
fn not_stored(e: ExtError) -> ExtError {
    ExtError(format!("not stored: {e}"))
}

fn js_err(e: ExtError) -> JsValue {
    JsValue::from_str(&e.0)
}

async fn handle(message: Message) -> Result<Reply, ExtError> {
    match message {
        Message::Health { health, detail } => {
            let note = HealthNote {
                health,
                detail: detail.chars().take(200).collect(),
                at: js_sys::Date::now(),
            };
            chrome::set(&[("health", chrome::to_js(&note)?)]).await?;
            Ok(Reply::ok())
        }
        Message::Learn {
            me,
            events,
            names,
            posts,
            note,
            refused,
            readings,
        } => {
            let a = admit_again(me.as_ref(), events, names, posts, &refused);
            learn(me, a.events, a.names, a.posts, note, readings).await
        }
        Message::SetMe { me } => {
            let mut meta = STATE.with(|s| s.borrow().meta.clone());
            meta.me_by_user = me.is_some();
            if me.is_some() {
                meta.me = me;
            }
            chrome::set(&[("meta", chrome::to_js(&meta)?)])
                .await
                .map_err(not_stored)?;
            STATE.with(|s| s.borrow_mut().meta = meta);
            Ok(Reply::ok())
        }
        // The options page takes the file over a port (`on_connect`): a message carries at
        // most 64 MiB. This answer is for small ledgers (the tests read the ledger with it).
        Message::Export => {
            let (text, filename) = export_file();
            Ok(Reply {
                text: Some(text),
                filename: Some(filename),
                ..Reply::ok()
            })
        }
        Message::ExportCsv => {
            let (text, stamp) = STATE.with(|s| {
                let s = s.borrow();
                let t = now();
                let window = s.ledger.balances(t, s.settings.window);
                let all = s.ledger.balances(t, crate::core::ledger::Window::All);
                (export::csv(&window, &all, &s.names), file_stamp(t))
            });
            Ok(Reply {
                text: Some(text),
                filename: Some(format!("likeback-people-{stamp}.csv")),
                ..Reply::ok()
            })
        }
        // The options page sends files over a port (`on_connect`); this is for small ones.
        Message::Import { text } => import(&text).await,
        Message::SetTeams { teams } => {
            let mut clean: Vec<Team> = Vec::new();
            for t in teams {
                team::add_to_teams(&mut clean, &t.name, t.list, t.members);
            }
            chrome::set(&[("team", chrome::to_js(&clean)?)])
                .await
                .map_err(not_stored)?;
            STATE.with(|s| s.borrow_mut().team = clean);
            publish_summary().await?;
            Ok(Reply::ok())
        }
        Message::AddToTeam {
            name,
            list,
            members,
        } => {
            let mut teams = STATE.with(|s| s.borrow().team.clone());
            let (name, added) = team::add_to_teams(&mut teams, &name, list, members);
            chrome::set(&[("team", chrome::to_js(&teams)?)])
                .await
                .map_err(not_stored)?;
            STATE.with(|s| s.borrow_mut().team = teams);
            publish_summary().await?;
            Ok(Reply {
                added,
                text: Some(name),
                ..Reply::ok()
            })
        }
        Message::Insights { offset_ms, rule } => {
            let insights = STATE.with(|s| {
                let s = s.borrow();
                let t = now();
                let balances = s.ledger.balances(t, s.settings.window);
                insights::compute(&s.ledger, rule, &balances, &s.names, t, offset_ms)
            });
            Ok(Reply {
                insights: Some(insights),
                ..Reply::ok()
            })
        }
        Message::Reset => reset().await,
        Message::Status => {
            let bytes = chrome::bytes_in_use().await.ok().flatten();
            let status = STATE.with(|s| {
                let s = s.borrow();
                Status {
                    me: s.meta.me.clone(),
                    me_by_user: s.meta.me_by_user,
                    received: s.ledger.received_count(),
                    given: s.ledger.given_count(),
                    people: s
                        .ledger
                        .balances(now(), crate::core::ledger::Window::All)
                        .len(),
                    bytes,
                    learned_at: s.learned_at,
                    record_ms: percentiles(&s.record_ms),
                    unreadable: s.unreadable,
                    note: s.note.clone(),
                    refused: s.refused,
                    newer_schema: s.newer,
                }
            });
            Ok(Reply {
                status: Some(status),
                ..Reply::ok()
            })
        }
    }
}

/// Records what a content script learned; writes only what changed (the last log chunk, the
/// name and seen buckets touched, `meta` when "me" changed), and applies it only once written.
async fn learn(
    me: Option<Handle>,
    events: Vec<Event>,
    names: Vec<(Handle, String)>,
    posts: Vec<(Handle, Newest)>,
    note: Option<String>,
    readings: Vec<Reading>,
) -> Result<Reply, ExtError> {
    let started = chrome::perf_now();
    let pending = STATE.with(|s| -> Result<_, ExtError> {
        let s = s.borrow();
        let mut writes: Vec<(String, JsValue)> = Vec::new();
        // Only the events that change the ledger, and a copy of the log's last chunk (at most
        // `store::CHUNK` events): the ledger itself is not copied.
        let new = s.ledger.changes(events);
        let mut log = s.log.clone();
        for (key, text) in log.append(new.iter().cloned()) {
            writes.push((key, JsValue::from_str(&text)));
        }
        let mut new_names: HashMap<Handle, String> = HashMap::new();
        for (who, name) in names {
            let name: String = name.chars().take(100).collect();
            if !name.is_empty() && new_names.get(&who).or(s.names.get(&who)) != Some(&name) {
                new_names.insert(who, name);
            }
        }
        let buckets: HashSet<u32> = new_names.keys().map(store::name_bucket).collect();
        for bucket in buckets {
            let in_bucket = |h: &Handle| store::name_bucket(h) == bucket;
            let members: Vec<(&Handle, &String)> = s
                .names
                .iter()
                .filter(|(h, _)| in_bucket(h) && !new_names.contains_key(*h))
                .chain(new_names.iter().filter(|(h, _)| in_bucket(h)))
                .collect();
            writes.push((
                store::name_key(bucket),
                JsValue::from_str(&store::encode_names(&members)),
            ));
        }
        let new_seen: HashMap<Handle, Newest> = s
            .seen
            .changes(posts.into_iter().map(|(author, post)| {
                let text = post.text.chars().take(140).collect();
                (author, Newest { text, ..post })
            }))
            .into_iter()
            .collect();
        let seen_buckets: HashSet<u32> = new_seen.keys().map(store::name_bucket).collect();
        for bucket in &seen_buckets {
            let in_bucket = |h: &Handle| store::name_bucket(h) == *bucket;
            let members: Vec<(&Handle, &Newest)> = s
                .seen
                .iter()
                .filter(|(h, _)| in_bucket(h) && !new_seen.contains_key(*h))
                .chain(new_seen.iter().filter(|(h, _)| in_bucket(h)))
                .collect();
            writes.push((
                store::seen_key(*bucket),
                JsValue::from_str(&store::encode_seen(&members)),
            ));
        }
        let mut meta = None;
        if let Some(me) = me {
            if !s.meta.me_by_user && s.meta.me.as_ref() != Some(&me) {
                let changed = Meta {
                    me: Some(me),
                    ..s.meta.clone()
                };
                writes.push(("meta".into(), chrome::to_js(&changed)?));
                meta = Some(changed);
            }
        }
        // The per-source health: stored with the rest, in use once written.
        let sources = (!readings.is_empty()).then(|| {
            let mut sources = s.sources.clone();
            sources.apply(&readings, now());
            sources
        });
        if let Some(sources) = &sources {
            let text = serde_json::to_string(sources).unwrap_or_default();
            writes.push(("source_health".into(), JsValue::from_str(&text)));
        }
        let learned_at = (!new.is_empty()).then(now);
        if let Some(t) = learned_at {
            writes.push(("learned_at".into(), JsValue::from_f64(t as f64)));
        }
        Ok(LearnPending {
            writes,
            new,
            log,
            names: new_names,
            seen: new_seen,
            meta,
            learned_at,
            sources,
        })
    })?;
    if !pending.writes.is_empty() {
        chrome::set(&pending.writes).await.map_err(not_stored)?;
    }
    let added = pending.new.len() + pending.seen.len();
    STATE.with(|s| {
        let mut s = s.borrow_mut();
        for e in &pending.new {
            s.ledger.apply(e);
        }
        s.log = pending.log;
        s.names.extend(pending.names);
        for (author, post) in pending.seen {
            s.seen.add(&author, post);
        }
        if let Some(meta) = pending.meta {
            s.meta = meta;
        }
        if pending.learned_at.is_some() {
            s.learned_at = pending.learned_at;
        }
        if let Some(sources) = pending.sources {
            s.sources = sources;
        }
        if note.is_some() {
            s.note = note;
        }
        s.record_ms.push_back(chrome::perf_now() - started);
        if s.record_ms.len() > 1000 {
            s.record_ms.pop_front();
        }
    });
    if !pending.new.is_empty() {
        schedule_summary();
    }
    Ok(Reply {
        added,
        ..Reply::ok()
    })
}

/// A content script can be hostile too (or misled by the page): what it sends passes the
/// rules of `core::admit` again, here with what the background knows about posts. What the
/// sender refused itself is added to the count.
fn admit_again(
    me: Option<&Handle>,
    events: Vec<Event>,
    names: Vec<(Handle, String)>,
    posts: Vec<(Handle, Newest)>,
    refused_by_sender: &crate::core::admit::Refused,
) -> crate::core::admit::Admitted {
    STATE.with(|s| {
        let mut s = s.borrow_mut();
        let s = &mut *s;
        // As `learn` will store it: the user's choice, else what the page says.
        let me = match (s.meta.me_by_user, me) {
            (false, Some(me)) => Some(me.clone()),
            _ => s.meta.me.clone(),
        };
        // Other people's newest posts: a received like on one of them is not on my post.
        let theirs: HashSet<crate::core::model::PostId> =
            if events.iter().any(|e| matches!(e, Event::Received { .. })) {
                s.seen
                    .iter()
                    .filter(|(author, _)| Some(*author) != me.as_ref())
                    .map(|(_, p)| p.id)
                    .collect()
            } else {
                HashSet::new()
            };
        let ledger = &s.ledger;
        let others_post = |p| ledger.has_given(p) || theirs.contains(&p);
        let rules = crate::core::admit::Rules {
            now: now(),
            me: me.as_ref(),
            others_post: &others_post,
        };
        // One allowance for all tabs: the sender's tab is not known here yet.
        let admitted = s.allowance.admit(&rules, events, posts, names);
        s.refused.add(refused_by_sender);
        s.refused.add(&admitted.refused);
        admitted
    })
}

/// What a `Learn` changes, written before it becomes the state.
struct LearnPending {
    writes: Vec<(String, JsValue)>,
    /// The events that change the ledger.
    new: Vec<Event>,
    /// The log after them.
    log: Log,
    names: HashMap<Handle, String>,
    seen: HashMap<Handle, Newest>,
    meta: Option<Meta>,
    learned_at: Option<i64>,
    sources: Option<health::Book>,
}

/// Checks the whole file first; only a good file changes anything. Its events are merged (a
/// like known already counts once), its settings, team and names are taken, and the log is
/// rewritten as one new generation, written together with the `meta` that names it; all of it
/// becomes the state only once that write resolved.
async fn import(text: &str) -> Result<Reply, ExtError> {
    let imported = match export::read(text) {
        Ok(i) => i,
        Err(e) => return Ok(refusal(&e)),
    };
    let (next, writes, added) = STATE.with(|s| -> Result<_, ExtError> {
        let s = s.borrow();
        // An import is rare and rewrites everything anyway: it works on a copy.
        let mut ledger = s.ledger.clone();
        let mut added = 0;
        for e in &imported.events {
            added += usize::from(ledger.apply(e));
        }
        let settings = imported.settings.unwrap_or_else(|| s.settings.clone());
        let mut teams = s.team.clone();
        for team in imported.team {
            match teams.iter_mut().find(|t| t.name == team.name) {
                Some(t) => {
                    t.add(team.members);
                }
                None => teams.push(team),
            }
        }
        let mut meta = s.meta.clone();
        if meta.me.is_none() {
            meta.me = imported.me;
        }
        let new_names: HashMap<Handle, String> = imported
            .names
            .into_iter()
            .filter(|(who, _)| !s.names.contains_key(who))
            .collect();
        let mut log = s.log.clone();
        let chunks = log.rewrite(ledger.events());
        meta.log_gen = log.gen;
        let t = now();
        let mut writes: Vec<(String, JsValue)> = chunks
            .into_iter()
            .map(|(k, v)| (k, JsValue::from_str(&v)))
            .collect();
        let buckets: HashSet<u32> = new_names.keys().map(store::name_bucket).collect();
        for bucket in buckets {
            let members: Vec<(&Handle, &String)> = s
                .names
                .iter()
                .chain(new_names.iter())
                .filter(|(h, _)| store::name_bucket(h) == bucket)
                .collect();
            writes.push((
                store::name_key(bucket),
                JsValue::from_str(&store::encode_names(&members)),
            ));
        }
        writes.push(("meta".into(), chrome::to_js(&meta)?));
        writes.push(("settings".into(), chrome::to_js(&settings)?));
        writes.push(("team".into(), chrome::to_js(&teams)?));
        writes.push(("learned_at".into(), JsValue::from_f64(t as f64)));
        let next = (ledger, log, meta, settings, teams, new_names, t);
        Ok((next, writes, added))
    })?;
    chrome::set(&writes).await.map_err(not_stored)?;
    drop(writes);
    let stale = STATE.with(|s| {
        let mut s = s.borrow_mut();
        // The generation being replaced: its chunks are known, no need to list storage (at a
        // million events that read alone is tens of MB).
        let stale: Vec<String> = (0..=s.log.last)
            .map(|n| store::chunk_key(s.log.gen, n))
            .collect();
        let (ledger, log, meta, settings, teams, names, t) = next;
        s.ledger = ledger;
        s.log = log;
        s.meta = meta;
        s.settings = settings;
        s.team = teams;
        s.names.extend(names);
        s.learned_at = Some(t);
        stale
    });
    // Stored and in use: from here a failure only leaves old chunks behind, which the next
    // start removes.
    let _ = chrome::remove(&stale).await;
    publish_summary().await?;
    Ok(Reply {
        added,
        ..Reply::ok()
    })
}

/// Forgets every like learned, and the names; settings, team and "me" stay. The new (empty)
/// generation is committed by writing `meta`; what is left of the old one is then removed.
async fn reset() -> Result<Reply, ExtError> {
    let (meta, old) = STATE.with(|s| {
        let s = s.borrow();
        let meta = Meta {
            log_gen: s.log.gen + 1,
            ..s.meta.clone()
        };
        (meta, s.log.gen)
    });
    chrome::set(&[("meta", chrome::to_js(&meta)?)])
        .await
        .map_err(not_stored)?;
    STATE.with(|s| {
        let mut s = s.borrow_mut();
        s.ledger = Ledger::default();
        s.log = Log {
            gen: meta.log_gen,
            ..Log::default()
        };
        s.meta = meta;
        s.learned_at = None;
    });
    let doomed: Vec<String> = keys_of(&chrome::get(None).await?)
        .into_iter()
        .filter(|k| {
            store::is_name_key(k)
                || store::is_seen_key(k)
                || k == "learned_at"
                || store::parse_chunk_key(k).is_some_and(|(g, _)| g <= old)
        })
        .collect();
    chrome::remove(&doomed).await?;
    // Names and newest posts are forgotten once they are gone from storage too.
    STATE.with(|s| {
        let mut s = s.borrow_mut();
        s.names.clear();
        s.seen = Seen::default();
    });
    publish_summary().await?;
    Ok(Reply::ok())
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
    // Stored as JSON text: the popup reads it in one piece (see popup.rs).
    let summary_json = serde_json::to_string(&summary).map_err(|e| ExtError(e.to_string()))?;
    let mut items = vec![("summary", JsValue::from_str(&summary_json))];
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

/// `2026-11-23` for file names.
fn file_stamp(ms: i64) -> String {
    crate::core::model::format_iso_ms(ms)[..10].to_string()
}
