//! The data as files: export (in parts over a port), import (merged, each event admitted),
//! and reset.

use super::*;

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
pub(super) fn export_file() -> (String, String) {
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

pub(super) fn refusal(e: &export::ImportError) -> Reply {
    Reply {
        refused: Some(e.clone()),
        ..Reply::error(format!("{e:?}"))
    }
}

/// Checks the whole file first; only a good file changes anything. Its events are merged (a
/// like known already counts once), its settings, team and names are taken, and the log is
/// rewritten as one new generation, written together with the `meta` that names it; all of it
/// becomes the state only once that write resolved.
pub(super) async fn import(text: &str) -> Result<Reply, ExtError> {
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
        crate::core::team::merge_imported(&mut teams, imported.team);
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
pub(super) async fn reset() -> Result<Reply, ExtError> {
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
                || k == "like_counts"
                || store::parse_chunk_key(k).is_some_and(|(g, _)| g <= old)
        })
        .collect();
    chrome::remove(&doomed).await?;
    // Names and newest posts are forgotten once they are gone from storage too.
    STATE.with(|s| {
        let mut s = s.borrow_mut();
        s.names.clear();
        s.seen = Seen::default();
        s.like_counts = Default::default();
    });
    publish_summary().await?;
    Ok(Reply::ok())
}

/// `2026-11-23` for file names.
pub(super) fn file_stamp(ms: i64) -> String {
    crate::core::model::format_iso_ms(ms)[..10].to_string()
}
