//! What the content scripts learned, admitted again here (a tab is not trusted with the
//! ledger) and written in order: likes, newest posts, names and readings.

use super::*;

/// Records what a content script learned; writes only what changed (the last log chunk, the
/// name and seen buckets touched, `meta` when "me" changed), and applies it only once written.
pub(super) async fn learn(
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
            let name = crate::core::learn::stored_name(&name);
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
            .changes(
                posts
                    .into_iter()
                    .map(|(author, post)| (author, crate::core::learn::stored_newest(post))),
            )
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
    let posts_of: Vec<Handle> = pending.seen.keys().cloned().collect();
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
    if !pending.new.is_empty() || !posts_of.is_empty() {
        super::round::after_learn(&pending.new, &posts_of).await;
    }
    Ok(Reply {
        added,
        ..Reply::ok()
    })
}

/// A content script can be hostile too (or misled by the page): what it sends passes the
/// rules of `core::admit` again, here with what the background knows about posts. What the
/// sender refused itself is added to the count.
pub(super) fn admit_again(
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
pub(super) struct LearnPending {
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
