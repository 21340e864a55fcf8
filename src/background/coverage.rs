//! X's like counts of my posts, and the last visit to each timeline: each admitted here (a tab
//! is not trusted), written, and only then the state (commit after write, as for likes).

use super::*;
use crate::core::admit::PER_MESSAGE;
use crate::core::coverage::{self, LikeCounts};
use crate::core::last_seen::LastSeen;
use crate::core::model::PostId;

/// The counts stored under `like_counts`; a store from before 0.3.0 has none.
pub(super) fn load_like_counts(all: &Object) -> LikeCounts {
    chrome::field::<String>(all, "like_counts")
        .map(|t| LikeCounts::decode(&t))
        .unwrap_or_default()
}

/// The visits stored under `last_seen`; none in a store from before 0.3.0.
pub(super) fn load_last_seen(all: &Object) -> LastSeen {
    chrome::field::<String>(all, "last_seen")
        .map(|t| LastSeen::decode(&t))
        .unwrap_or_default()
}

/// Like counts a content script read from X's API. Taken only when "me" is known, for a post
/// not known as someone else's (one I liked, or another author's newest), with a plausible
/// count; at most `PER_MESSAGE` of them. The rest is counted as refused.
pub(super) async fn like_counts(counts: Vec<(PostId, u32)>) -> Result<Reply, ExtError> {
    let t = now();
    let pending = STATE.with(|s| {
        let mut s = s.borrow_mut();
        let s = &mut *s;
        let me = s.meta.me.clone();
        let theirs: HashSet<PostId> = s
            .seen
            .iter()
            .filter(|(author, _)| Some(*author) != me.as_ref())
            .map(|(_, p)| p.id)
            .collect();
        let total = counts.len();
        let admitted: Vec<(PostId, u32)> = counts
            .into_iter()
            .take(PER_MESSAGE)
            .filter(|(post, count)| {
                me.is_some()
                    && coverage::plausible(*post, *count, t)
                    && !s.ledger.has_given(*post)
                    && !theirs.contains(post)
            })
            .collect();
        s.refused.over_cap = s
            .refused
            .over_cap
            .saturating_add(total.saturating_sub(PER_MESSAGE) as u32);
        s.refused.not_mine = s
            .refused
            .not_mine
            .saturating_add((total.min(PER_MESSAGE) - admitted.len()) as u32);
        let changes = s.like_counts.changes(admitted);
        (!changes.is_empty()).then(|| {
            let mut next = s.like_counts.clone();
            next.apply(changes.iter().copied());
            next
        })
    });
    let Some(next) = pending else {
        return Ok(Reply::ok());
    };
    chrome::set(&[("like_counts", JsValue::from_str(&next.encode()))])
        .await
        .map_err(not_stored)?;
    let added = STATE.with(|s| {
        let mut s = s.borrow_mut();
        let added = next.len().saturating_sub(s.like_counts.len());
        s.like_counts = next;
        added
    });
    schedule_summary();
    Ok(Reply {
        added,
        ..Reply::ok()
    })
}

/// A content script's visit to a timeline: its posts at the top, now.
pub(super) async fn visit(timeline: &str, ids: Vec<PostId>) -> Result<Reply, ExtError> {
    let t = now();
    let mut next = STATE.with(|s| s.borrow().last_seen.clone());
    let ids: Vec<PostId> = ids
        .into_iter()
        .filter(|p| crate::core::admit::post_exists(*p, t))
        .collect();
    if !next.record(timeline, ids, t) {
        return Ok(Reply::error(format!("not a timeline: {timeline:.40}")));
    }
    chrome::set(&[("last_seen", JsValue::from_str(&next.encode()))])
        .await
        .map_err(not_stored)?;
    STATE.with(|s| s.borrow_mut().last_seen = next);
    Ok(Reply::ok())
}
