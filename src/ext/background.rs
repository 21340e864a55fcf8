//! The background (service worker in Chrome, event page in Firefox): the single writer of
//! Likeback's stored data. Content scripts and pages send it messages; it handles them one at a
//! time, in order, and answers only once what they taught is stored, so a content script that
//! gets no answer (the worker was stopped) sends again and nothing acknowledged is ever lost.

use crate::core::export;
use crate::core::insights;
use crate::core::ledger::{Event, Ledger, Summary};
use crate::core::marks::{self, Newest, Seen};
use crate::core::model::Handle;
use crate::core::settings::Settings;
use crate::core::store::{self, Log, Meta};
use crate::core::team::{self, Team};
use crate::ext::chrome::{self, ExtError};
use crate::ext::messages::{HealthNote, Message, Reply, Status};
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
    summary_timer: Option<Timeout>,
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
            ..Background::default()
        };
    });
    if migrated {
        chrome::set(&[("meta", chrome::to_js(&meta).map_err(js_err)?)])
            .await
            .map_err(js_err)?;
    }
    if !stale.is_empty() {
        // Left over from a rewrite that was interrupted: the current generation is complete.
        chrome::remove(&stale).await.map_err(js_err)?;
    }
    listen_for_settings();
    publish_summary().await.map_err(js_err)?;
    Ok(())
}

pub async fn on_message(message: JsValue) -> Result<JsValue, JsValue> {
    let reply = match chrome::from_js::<Message>(message) {
        Ok(message) => {
            let _turn = Turn::take().await;
            handle(message).await.unwrap_or_else(|e| Reply::error(e.0))
        }
        Err(e) => Reply::error(format!("not a message Likeback knows: {e}")),
    };
    chrome::to_js(&reply).map_err(js_err)
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
        } => learn(me, events, names, posts, note).await,
        Message::SetMe { me } => {
            let meta = STATE.with(|s| {
                let mut s = s.borrow_mut();
                s.meta.me_by_user = me.is_some();
                if me.is_some() {
                    s.meta.me = me;
                }
                s.meta.clone()
            });
            chrome::set(&[("meta", chrome::to_js(&meta)?)]).await?;
            Ok(Reply::ok())
        }
        Message::Export => {
            let (text, stamp) = STATE.with(|s| {
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
                (text, file_stamp(t))
            });
            Ok(Reply {
                text: Some(text),
                filename: Some(format!("likeback-{stamp}.json")),
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
        Message::Import { text } => import(&text).await,
        Message::SetTeams { teams } => {
            let teams = STATE.with(|s| {
                let mut s = s.borrow_mut();
                let mut clean: Vec<Team> = Vec::new();
                for t in teams {
                    team::add_to_teams(&mut clean, &t.name, t.list, t.members);
                }
                s.team = clean;
                s.team.clone()
            });
            chrome::set(&[("team", chrome::to_js(&teams)?)]).await?;
            publish_summary().await?;
            Ok(Reply::ok())
        }
        Message::AddToTeam {
            name,
            list,
            members,
        } => {
            let (teams, name, added) = STATE.with(|s| {
                let mut s = s.borrow_mut();
                let (name, added) = team::add_to_teams(&mut s.team, &name, list, members);
                (s.team.clone(), name, added)
            });
            chrome::set(&[("team", chrome::to_js(&teams)?)]).await?;
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
            let bytes = chrome::bytes_in_use().await.unwrap_or(f64::NAN);
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
                }
            });
            Ok(Reply {
                status: Some(status),
                ..Reply::ok()
            })
        }
    }
}

/// Applies what a content script learned; writes only what changed (the last log chunk, the
/// name buckets touched, `meta` when "me" changed).
async fn learn(
    me: Option<Handle>,
    events: Vec<Event>,
    names: Vec<(Handle, String)>,
    posts: Vec<(Handle, Newest)>,
    note: Option<String>,
) -> Result<Reply, ExtError> {
    let started = chrome::perf_now();
    let (writes, added) = STATE.with(|s| -> Result<_, ExtError> {
        let mut s = s.borrow_mut();
        let mut writes: Vec<(String, JsValue)> = Vec::new();
        let new: Vec<Event> = events.into_iter().filter(|e| s.ledger.apply(e)).collect();
        let added = new.len();
        for (key, text) in s.log.append(new) {
            writes.push((key, JsValue::from_str(&text)));
        }
        let mut buckets = HashSet::new();
        for (who, name) in names {
            let name: String = name.chars().take(100).collect();
            if !name.is_empty() && s.names.get(&who) != Some(&name) {
                buckets.insert(store::name_bucket(&who));
                s.names.insert(who, name);
            }
        }
        for bucket in buckets {
            let members: Vec<(&Handle, &String)> = s
                .names
                .iter()
                .filter(|(h, _)| store::name_bucket(h) == bucket)
                .collect();
            writes.push((
                store::name_key(bucket),
                JsValue::from_str(&store::encode_names(&members)),
            ));
        }
        let mut seen_buckets = HashSet::new();
        for (author, post) in posts {
            let post = Newest {
                text: post.text.chars().take(140).collect(),
                ..post
            };
            if s.seen.add(&author, post) {
                seen_buckets.insert(store::name_bucket(&author));
            }
        }
        for bucket in &seen_buckets {
            let members: Vec<(&Handle, &Newest)> = s
                .seen
                .iter()
                .filter(|(h, _)| store::name_bucket(h) == *bucket)
                .collect();
            writes.push((
                store::seen_key(*bucket),
                JsValue::from_str(&store::encode_seen(&members)),
            ));
        }
        if let Some(me) = me {
            if !s.meta.me_by_user && s.meta.me.as_ref() != Some(&me) {
                s.meta.me = Some(me);
                writes.push(("meta".into(), chrome::to_js(&s.meta)?));
            }
        }
        if note.is_some() {
            s.note = note;
        }
        if added > 0 {
            let t = now();
            s.learned_at = Some(t);
            writes.push(("learned_at".into(), JsValue::from_f64(t as f64)));
        }
        Ok((writes, added + seen_buckets.len()))
    })?;
    if !writes.is_empty() {
        chrome::set(&writes).await?;
    }
    STATE.with(|s| {
        let mut s = s.borrow_mut();
        s.record_ms.push_back(chrome::perf_now() - started);
        if s.record_ms.len() > 1000 {
            s.record_ms.pop_front();
        }
    });
    if added > 0 {
        schedule_summary();
    }
    Ok(Reply {
        added,
        ..Reply::ok()
    })
}

/// Checks the whole file first; only a good file changes anything. Its events are merged (a
/// like known already counts once), its settings and team are taken, and the log is rewritten
/// as one new generation.
async fn import(text: &str) -> Result<Reply, ExtError> {
    let imported = match export::read(text) {
        Ok(i) => i,
        Err(e) => {
            return Ok(Reply {
                refused: Some(e.clone()),
                ..Reply::error(format!("{e:?}"))
            });
        }
    };
    let (writes, added) = STATE.with(|s| -> Result<_, ExtError> {
        let mut s = s.borrow_mut();
        let mut added = 0;
        for e in &imported.events {
            added += usize::from(s.ledger.apply(e));
        }
        if let Some(settings) = imported.settings {
            s.settings = settings;
        }
        for team in imported.team {
            match s.team.iter_mut().find(|t| t.name == team.name) {
                Some(t) => {
                    t.add(team.members);
                }
                None => s.team.push(team),
            }
        }
        if s.meta.me.is_none() {
            s.meta.me = imported.me;
        }
        for (who, name) in imported.names {
            s.names.entry(who).or_insert(name);
        }
        let events = s.ledger.events();
        let chunks = s.log.rewrite(events);
        s.meta.log_gen = s.log.gen;
        let t = now();
        s.learned_at = Some(t);
        let mut writes: Vec<(String, JsValue)> = chunks
            .into_iter()
            .map(|(k, v)| (k, JsValue::from_str(&v)))
            .collect();
        writes.push(("meta".into(), chrome::to_js(&s.meta)?));
        writes.push(("settings".into(), chrome::to_js(&s.settings)?));
        writes.push(("team".into(), chrome::to_js(&s.team)?));
        writes.push(("learned_at".into(), JsValue::from_f64(t as f64)));
        Ok((writes, added))
    })?;
    chrome::set(&writes).await?;
    remove_stale_chunks().await?;
    publish_summary().await?;
    Ok(Reply {
        added,
        ..Reply::ok()
    })
}

/// Forgets every like learned, and the names; settings, team and "me" stay.
async fn reset() -> Result<Reply, ExtError> {
    let (meta, old) = STATE.with(|s| {
        let mut s = s.borrow_mut();
        let old = s.log.gen;
        s.ledger = Ledger::default();
        s.names.clear();
        s.seen = Seen::default();
        s.log = Log {
            gen: old + 1,
            ..Log::default()
        };
        s.meta.log_gen = old + 1;
        s.learned_at = None;
        (s.meta.clone(), old)
    });
    chrome::set(&[("meta", chrome::to_js(&meta)?)]).await?;
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
    publish_summary().await?;
    Ok(Reply::ok())
}

async fn remove_stale_chunks() -> Result<(), ExtError> {
    let keys = keys_of(&chrome::get(None).await?);
    let gen = STATE.with(|s| s.borrow().log.gen);
    let stale = store::stale_chunks(gen, keys.iter());
    if !stale.is_empty() {
        chrome::remove(&stale).await?;
    }
    Ok(())
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
                    let _ = publish_summary().await;
                });
            }));
        }
    });
}

/// Computes the summary, the icon badge and the friends' marks from the ledger.
async fn publish_summary() -> Result<(), ExtError> {
    let (summary, marks) = STATE.with(|s| {
        let mut s = s.borrow_mut();
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
        let marks = (text != s.marks).then(|| {
            s.marks = text.clone();
            text
        });
        (summary, marks)
    });
    // Stored as JSON text: the popup reads it in one piece (see popup.rs).
    let summary_json = serde_json::to_string(&summary).map_err(|e| ExtError(e.to_string()))?;
    let mut items = vec![("summary", JsValue::from_str(&summary_json))];
    if let Some(marks) = marks {
        items.push(("marks", JsValue::from_str(&marks)));
    }
    chrome::set(&items).await?;
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

fn percentiles(samples: &VecDeque<f64>) -> (f64, f64) {
    if samples.is_empty() {
        return (f64::NAN, f64::NAN);
    }
    let mut v: Vec<f64> = samples.iter().copied().collect();
    v.sort_by(f64::total_cmp);
    let at = |q: f64| v[((v.len() as f64 * q) as usize).min(v.len() - 1)];
    (at(0.5), at(0.95))
}

/// `2026-11-23` for file names.
fn file_stamp(ms: i64) -> String {
    crate::core::model::format_iso_ms(ms)[..10].to_string()
}
