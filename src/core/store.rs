//! How the ledger is laid out in `storage.local`, kept free of browser types so that the rules
//! are tested natively. The background reads and writes the keys these functions name.
//!
//! - `meta`: `{schema, me, me_source, log_gen}`.
//! - `log:<gen>:<n>`: the event log in chunks of at most `CHUNK` events, each a JSON string of
//!   compact tuples. Recording an event rewrites only the last chunk (a few KB).
//! - `names:<b>`: display names, in `NAME_BUCKETS` buckets by handle.
//! - `summary`, `settings`, `health`: small keys the popup and content scripts read;
//!   `summary_head`, the summary's first people only (`Summary::head`), for the popup's first
//!   frame.
//!
//! Rewriting the whole log (after an import) writes a new generation of chunks and the `meta`
//! that names it in one `set` call, which the browser applies atomically; the old generation is
//! removed afterwards. A crash in between leaves unreferenced old chunks, never a mixed log.
//!
//! Over 400 lines only with its tests (from `#[cfg(test)]` on); the layout itself is under 300.

use crate::core::ledger::Event;
use crate::core::marks::Newest;
use crate::core::model::{Handle, PostId};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The storage layout's version. Older layouts are migrated on load, never wiped.
pub const SCHEMA: u32 = 1;
pub const CHUNK: usize = 500;
pub const NAME_BUCKETS: u32 = 64;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Meta {
    pub schema: u32,
    /// The logged-in account, as last seen on X's page or set by the user.
    pub me: Option<Handle>,
    /// `true` when the user set `me` on the options page: the page no longer overrides it.
    pub me_by_user: bool,
    /// Which generation of `log:` chunks is current.
    pub log_gen: u32,
}

pub fn chunk_key(gen: u32, n: u32) -> String {
    format!("log:{gen}:{n}")
}

/// `(generation, index)` of a log chunk key.
pub fn parse_chunk_key(key: &str) -> Option<(u32, u32)> {
    let rest = key.strip_prefix("log:")?;
    let (gen, n) = rest.split_once(':')?;
    Some((gen.parse().ok()?, n.parse().ok()?))
}

/// One event as stored: `["r", who, post, at]`, `["g", who, post, at]`, `["u", "", post, at]`.
/// (The post id serialises as a string.)
#[derive(Serialize)]
struct Stored<'a>(&'a str, &'a str, PostId, i64);

pub fn encode_chunk(events: &[Event]) -> String {
    let stored: Vec<Stored> = events
        .iter()
        .map(|e| match e {
            Event::Received { who, post, at } => Stored("r", who.as_str(), *post, *at),
            Event::Given { who, post, at } => Stored("g", who.as_str(), *post, *at),
            Event::Unliked { post, at } => Stored("u", "", *post, *at),
        })
        .collect();
    serde_json::to_string(&stored).unwrap_or_else(|_| "[]".into())
}

/// Reads a chunk. Events that do not read are skipped and counted, so that one damaged entry
/// never costs the rest.
pub fn decode_chunk(text: &str) -> (Vec<Event>, usize) {
    let Ok(raw) = serde_json::from_str::<Vec<serde_json::Value>>(text) else {
        return (Vec::new(), 1);
    };
    let mut bad = 0;
    let events =
        raw.iter()
            .filter_map(|v| {
                // Read in place from the parsed value: no copy of it, no owned strings.
                let e = <(&str, &str, &str, i64)>::deserialize(v).ok().and_then(
                    |(kind, who, post, at)| {
                        let post = PostId::parse(post)?;
                        match kind {
                            "r" => Some(Event::Received {
                                who: Handle::parse(who)?,
                                post,
                                at,
                            }),
                            "g" => Some(Event::Given {
                                who: Handle::parse(who)?,
                                post,
                                at,
                            }),
                            "u" => Some(Event::Unliked { post, at }),
                            _ => None,
                        }
                    },
                );
                bad += usize::from(e.is_none());
                e
            })
            .collect();
    (events, bad)
}

/// The log as the background holds it: only the last chunk is kept, since older ones never
/// change.
#[derive(Clone, Debug, Default)]
pub struct Log {
    pub gen: u32,
    /// Index of the last chunk.
    pub last: u32,
    pub current: Vec<Event>,
    pub total: usize,
}

impl Log {
    /// Appends a batch of events; returns the key and text of every chunk it changed (a batch
    /// that fills the last chunk also writes that one, before starting the next), each encoded
    /// once.
    pub fn append(&mut self, events: impl IntoIterator<Item = Event>) -> Vec<(String, String)> {
        let mut writes = Vec::new();
        let mut changed = false;
        for event in events {
            if self.current.len() >= CHUNK {
                if changed {
                    writes.push((chunk_key(self.gen, self.last), encode_chunk(&self.current)));
                }
                self.last += 1;
                self.current.clear();
            }
            self.current.push(event);
            self.total += 1;
            changed = true;
        }
        if changed {
            writes.push((chunk_key(self.gen, self.last), encode_chunk(&self.current)));
        }
        writes
    }

    /// A new generation holding `events`: the chunks to write (with `meta`, in one call).
    pub fn rewrite(&mut self, events: Vec<Event>) -> Vec<(String, String)> {
        self.gen += 1;
        self.total = events.len();
        let chunks: Vec<(String, String)> = events
            .chunks(CHUNK)
            .enumerate()
            .map(|(n, c)| (chunk_key(self.gen, n as u32), encode_chunk(c)))
            .collect();
        self.last = chunks.len().saturating_sub(1) as u32;
        self.current = events
            .chunks(CHUNK)
            .last()
            .map(<[Event]>::to_vec)
            .unwrap_or_default();
        chunks
    }
}

/// Rebuilds the log from stored chunk texts (`key → text`) of the generation `gen`. Returns the
/// events in order, the log positioned after them, and how many entries could not be read.
pub fn load_log(gen: u32, chunks: &HashMap<String, String>) -> (Vec<Event>, Log, usize) {
    let mut ours: Vec<(u32, &String)> = chunks
        .iter()
        .filter_map(|(k, v)| match parse_chunk_key(k) {
            Some((g, n)) if g == gen => Some((n, v)),
            _ => None,
        })
        .collect();
    ours.sort_by_key(|(n, _)| *n);
    let mut events = Vec::new();
    let mut bad = 0;
    let mut log = Log {
        gen,
        ..Log::default()
    };
    let mut last_len = 0;
    for (n, text) in ours {
        let (chunk, b) = decode_chunk(text);
        bad += b;
        log.last = n;
        last_len = chunk.len();
        events.extend(chunk);
    }
    log.total = events.len();
    // Appends continue the last chunk.
    log.current = events[events.len() - last_len..].to_vec();
    (events, log, bad)
}

/// Chunk keys of other generations than `gen`: left over from a rewrite, safe to remove.
pub fn stale_chunks<'a>(gen: u32, keys: impl IntoIterator<Item = &'a String>) -> Vec<String> {
    keys.into_iter()
        .filter(|k| parse_chunk_key(k).is_some_and(|(g, _)| g != gen))
        .cloned()
        .collect()
}

/// Brings stored metadata up to the current schema. A store without `meta` (written before
/// the layout was versioned, or a fresh one) starts at generation 0.
pub fn migrate(meta: Option<Meta>) -> (Meta, bool) {
    let mut meta = meta.unwrap_or_default();
    let changed = meta.schema != SCHEMA;
    // Schema 0 → 1: the same keys; only the version is recorded. Later versions add arms here.
    if meta.schema < SCHEMA {
        meta.schema = SCHEMA;
    }
    (meta, changed)
}

/// The layout version of a store written by a newer Likeback than this build (`meta.schema`
/// above `SCHEMA`, read as the bare number so that a `meta` of another shape still tells it).
/// Such a store is opened read-only: its keys may mean things this build does not know, so
/// nothing past `meta` is read and nothing is written (no migration down, no overwrite).
pub fn newer_schema(schema: Option<f64>) -> Option<u64> {
    schema
        .filter(|s| s.is_finite() && *s > f64::from(SCHEMA))
        .map(|s| s.ceil() as u64)
}

pub fn name_bucket(who: &Handle) -> u32 {
    // FNV-1a: stable across runs and builds, unlike std's hasher.
    let mut h: u32 = 0x811c_9dc5;
    for b in who.folded() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h % NAME_BUCKETS
}

const NAMES_PREFIX: &str = "names:";
const SEEN_PREFIX: &str = "seen:";

pub fn name_key(bucket: u32) -> String {
    format!("{NAMES_PREFIX}{bucket}")
}

pub fn is_name_key(key: &str) -> bool {
    key.starts_with(NAMES_PREFIX)
}

pub fn is_seen_key(key: &str) -> bool {
    key.starts_with(SEEN_PREFIX)
}

/// A bucket of display names: `{"aoi_dev": ["aoi_dev", "Aoi"]}` (key, then the handle as
/// spelled and the name).
pub fn encode_names(names: &[(&Handle, &String)]) -> String {
    let map: HashMap<String, (&str, &str)> = names
        .iter()
        .map(|(h, n)| (h.key(), (h.as_str(), n.as_str())))
        .collect();
    serde_json::to_string(&map).unwrap_or_else(|_| "{}".into())
}

pub fn decode_names(text: &str) -> Vec<(Handle, String)> {
    serde_json::from_str::<HashMap<String, (String, String)>>(text)
        .map(|m| {
            m.into_values()
                .filter_map(|(h, n)| Some((Handle::parse(&h)?, n)))
                .collect()
        })
        .unwrap_or_default()
}

pub fn seen_key(bucket: u32) -> String {
    format!("{SEEN_PREFIX}{bucket}")
}

/// A bucket of newest posts: `{"aoi_dev": ["aoi_dev", "2124…", "first words"]}`.
pub fn encode_seen(posts: &[(&Handle, &Newest)]) -> String {
    let map: HashMap<String, (&str, String, &str)> = posts
        .iter()
        .map(|(h, n)| (h.key(), (h.as_str(), n.id.to_string(), n.text.as_str())))
        .collect();
    serde_json::to_string(&map).unwrap_or_else(|_| "{}".into())
}

pub fn decode_seen(text: &str) -> Vec<(Handle, Newest)> {
    serde_json::from_str::<HashMap<String, (String, String, String)>>(text)
        .map(|m| {
            m.into_values()
                .filter_map(|(h, id, text)| {
                    Some((
                        Handle::parse(&h)?,
                        Newest {
                            id: PostId::parse(&id)?,
                            text,
                        },
                    ))
                })
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::ledger::Ledger;

    fn h(s: &str) -> Handle {
        Handle::parse(s).unwrap()
    }

    fn given(n: u64) -> Event {
        Event::Given {
            who: h("aoi_dev"),
            post: PostId(n),
            at: n as i64,
        }
    }

    #[test]
    fn appending_rewrites_only_the_last_small_chunk() {
        let mut log = Log::default();
        let mut written = HashMap::new();
        for n in 0..(CHUNK as u64 * 2 + 3) {
            let [(key, text)] = <[_; 1]>::try_from(log.append([given(n)])).unwrap();
            assert!(text.len() < 40 * CHUNK, "a chunk stays small");
            written.insert(key, text);
        }
        assert_eq!(written.len(), 3);
        let (events, reloaded, bad) = load_log(0, &written);
        assert_eq!(
            (events.len(), bad, reloaded.last, reloaded.current.len()),
            (CHUNK * 2 + 3, 0, 2, 3)
        );
        assert_eq!(events[CHUNK + 1], given(CHUNK as u64 + 1));
    }

    #[test]
    fn a_batch_across_a_chunk_boundary_writes_both_chunks() {
        let mut log = Log::default();
        let mut written: HashMap<String, String> = log
            .append((0..CHUNK as u64 - 1).map(given))
            .into_iter()
            .collect();
        let writes = log.append((100_000..100_003).map(given));
        let keys: Vec<&str> = writes.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["log:0:0", "log:0:1"]);
        written.extend(writes);
        let (events, reloaded, _) = load_log(0, &written);
        assert_eq!((events.len(), reloaded.current.len()), (CHUNK + 2, 2));
        assert_eq!(events[CHUNK - 1], given(100_000));
        // A batch that starts on a full chunk does not write it again.
        let mut log = Log::default();
        log.append((0..CHUNK as u64).map(given));
        let keys: Vec<String> = log.append([given(7)]).into_iter().map(|(k, _)| k).collect();
        assert_eq!(keys, ["log:0:1"]);
    }

    #[test]
    fn every_kind_of_event_round_trips() {
        let events = vec![
            Event::Received {
                who: h("Kenji_K"),
                post: PostId(2124793072976666901),
                at: 1_763_800_000_000,
            },
            given(7),
            Event::Unliked {
                post: PostId(7),
                at: 9,
            },
        ];
        let (back, bad) = decode_chunk(&encode_chunk(&events));
        assert_eq!((back, bad), (events, 0));
    }

    #[test]
    fn damaged_entries_are_skipped_not_fatal() {
        let text = r#"[["r","aoi_dev","5",1],["x","aoi_dev","5",1],["g","<b>","6",1],"junk",["g","kenji_k","7",2]]"#;
        let (events, bad) = decode_chunk(text);
        assert_eq!(bad, 3);
        assert_eq!(events.len(), 2);
        assert_eq!(decode_chunk("not json").1, 1);
    }

    #[test]
    fn a_rewrite_is_a_new_generation_and_the_old_one_is_stale() {
        let mut log = Log::default();
        let mut store: HashMap<String, String> = HashMap::new();
        store.extend(log.append((0..10).map(given)));
        let mut ledger = Ledger::default();
        let (events, _, _) = load_log(0, &store);
        for e in &events {
            ledger.apply(e);
        }
        let chunks = log.rewrite(ledger.events());
        assert_eq!(log.gen, 1);
        for (k, v) in chunks {
            store.insert(k, v);
        }
        // Before the old generation is removed, loading the new one sees exactly the state.
        let (events, _, _) = load_log(1, &store);
        assert_eq!(events, ledger.events());
        let stale = stale_chunks(1, store.keys());
        assert_eq!(stale, vec!["log:0:0".to_string()]);
        // Appends continue in the new generation.
        assert_eq!(log.append([given(99)])[0].0, "log:1:0");
    }

    #[test]
    fn stores_without_a_schema_are_adopted_not_wiped() {
        let (meta, changed) = migrate(None);
        assert_eq!((meta.schema, meta.log_gen, changed), (SCHEMA, 0, true));
        let current = Meta {
            schema: SCHEMA,
            me: Some(h("hana_lb")),
            me_by_user: true,
            log_gen: 4,
        };
        assert_eq!(migrate(Some(current.clone())), (current, false));
    }

    #[test]
    fn a_newer_layout_is_recognised_from_the_bare_number() {
        assert_eq!(
            newer_schema(Some(f64::from(SCHEMA) + 1.0)),
            Some(u64::from(SCHEMA) + 1)
        );
        assert_eq!(newer_schema(Some(99.0)), Some(99));
        assert_eq!(newer_schema(Some(f64::from(SCHEMA))), None);
        assert_eq!(newer_schema(Some(0.0)), None);
        assert_eq!(newer_schema(None), None);
        assert_eq!(newer_schema(Some(f64::NAN)), None);
    }

    #[test]
    fn names_live_in_stable_buckets() {
        assert_eq!(name_bucket(&h("Aoi_Dev")), name_bucket(&h("aoi_dev")));
        let name = "<img src=x>".to_string();
        let text = encode_names(&[(&h("Aoi_Dev"), &name)]);
        assert_eq!(decode_names(&text), vec![(h("Aoi_Dev"), name)]);
        assert!(decode_names("garbage").is_empty());
        assert_eq!(parse_chunk_key("log:3:12"), Some((3, 12)));
        assert_eq!(parse_chunk_key("names:3"), None);
        let newest = Newest {
            id: PostId(2124793072976666901),
            text: "Shipped \"it\"".into(),
        };
        let text = encode_seen(&[(&h("aoi_dev"), &newest)]);
        assert_eq!(decode_seen(&text), vec![(h("aoi_dev"), newest)]);
    }
}
