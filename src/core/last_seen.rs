//! "Where I left off": a divider above the first post that was already on screen in the
//! previous visit to a timeline, so the user knows where the new posts end.
//!
//! What "already on screen in the previous visit" means here: the posts X rendered at the top
//! of that timeline during the visit (the first `IDS_KEPT` of them, in the order they were
//! rendered; X renders only the cells near the screen). The background keeps, per timeline,
//! the last visit's posts and when it was (`at`, updated while the visit lasts, so it is when
//! the user last looked). On the next visit the divider goes above the first post, in the
//! timeline's order, that is one of them, and only when at least one post above it is new:
//! with nothing new there is nothing to tell apart. Pinned posts and ads are left out both ways
//! (they stay on top whatever is new). Ids are compared, not times: a repost on Home carries
//! the id of an older post, so "older than the newest seen" would misplace the divider.

use crate::core::model::{Handle, PostId};
use crate::core::route::Route;
use crate::core::settings::PageKind;

/// Posts kept per visit: the top of the timeline, a few screens of it.
pub const IDS_KEPT: usize = 100;
/// Timelines remembered: the most recently visited (about 2 KB each).
pub const TIMELINES_KEPT: usize = 50;

/// The timeline a page shows, as the key its last visit is kept under: Home's Following tab,
/// an X list, a profile's posts. Nothing for "For you" (X orders it anew on every visit), a
/// pinned list on Home, search or any other page.
pub fn timeline(route: &Route, kind: PageKind) -> Option<String> {
    match (route, kind) {
        (Route::Home, PageKind::HomeFollowing) => Some("home:following".into()),
        (Route::List(id), _) => Some(format!("list:{id}")),
        (Route::Profile(who), _) => Some(format!("profile:{}", who.key())),
        _ => None,
    }
}

/// A timeline's key as sent by a content script: one of the forms `timeline` makes.
pub fn valid_timeline(key: &str) -> bool {
    key == "home:following"
        || key.strip_prefix("list:").is_some_and(|id| {
            (1..=20).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_digit())
        })
        || key
            .strip_prefix("profile:")
            .and_then(Handle::parse)
            .is_some_and(|h| h.key() == key["profile:".len()..])
}

/// One visit to a timeline: the posts at its top, and when it was (ms).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Visit {
    pub ids: Vec<PostId>,
    pub at: i64,
}

/// The last visit to each timeline. Stored as text under `last_seen`, one line per timeline:
/// `<timeline>\t<at>\t<id>,<id>,…`. Plain text read by hand rather than JSON through serde:
/// the content script reads it, and its WASM is loaded in every X tab (serde's code for one
/// more map type costs kilobytes there).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LastSeen(Vec<(String, Visit)>);

impl LastSeen {
    /// Reads the stored text; a line that does not read is skipped (it comes back on the next
    /// visit to its timeline).
    pub fn decode(text: &str) -> LastSeen {
        let mut out = LastSeen::default();
        for line in text.lines() {
            let mut parts = line.splitn(3, '\t');
            let (Some(timeline), Some(at), Some(ids)) = (parts.next(), parts.next(), parts.next())
            else {
                continue;
            };
            let Ok(at) = at.parse::<i64>() else {
                continue;
            };
            let ids = ids.split(',').filter_map(PostId::parse).collect();
            out.record(timeline, ids, at);
        }
        out
    }

    pub fn encode(&self) -> String {
        let mut text = String::new();
        for (timeline, visit) in &self.0 {
            let ids: Vec<String> = visit.ids.iter().map(PostId::to_string).collect();
            text.push_str(&format!("{timeline}\t{}\t{}\n", visit.at, ids.join(",")));
        }
        text
    }

    pub fn get(&self, timeline: &str) -> Option<&Visit> {
        self.0.iter().find(|(t, _)| t == timeline).map(|(_, v)| v)
    }

    /// Records a visit (its first `IDS_KEPT` posts), then forgets the timelines visited least
    /// recently beyond `TIMELINES_KEPT`. `false` when the key is not a timeline's.
    pub fn record(&mut self, timeline: &str, mut ids: Vec<PostId>, at: i64) -> bool {
        if !valid_timeline(timeline) {
            return false;
        }
        ids.truncate(IDS_KEPT);
        self.0.retain(|(t, _)| t != timeline);
        self.0.push((timeline.to_string(), Visit { ids, at }));
        while self.0.len() > TIMELINES_KEPT {
            let oldest = (0..self.0.len()).min_by_key(|i| self.0[*i].1.at);
            match oldest {
                Some(i) => self.0.remove(i),
                None => break,
            };
        }
        true
    }
}

/// The posts of the visit under way, in the order X rendered them (each once, at most
/// `IDS_KEPT`): what the next visit compares with.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Current {
    pub ids: Vec<PostId>,
}

impl Current {
    /// `true` when the post was new to this visit and kept.
    pub fn saw(&mut self, post: PostId) -> bool {
        if self.ids.len() >= IDS_KEPT || self.ids.contains(&post) {
            return false;
        }
        self.ids.push(post);
        true
    }
}

/// Where the divider goes among the posts shown, in the timeline's order (pinned posts and
/// ads left out): the index of the first post the previous visit had, when a new one is above
/// it. `None`: no previous visit, nothing new, or no post of the previous visit shown (yet).
pub fn divider_at(previous: &Visit, shown: &[PostId]) -> Option<usize> {
    let at = shown.iter().position(|p| previous.ids.contains(p))?;
    (at > 0).then_some(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(v: &[u64]) -> Vec<PostId> {
        v.iter().map(|i| PostId(*i)).collect()
    }

    #[test]
    fn timelines_are_home_following_lists_and_profiles() {
        let aoi = Handle::parse("Aoi_Dev").unwrap();
        let t = |r: &Route, k| timeline(r, k);
        assert_eq!(
            t(&Route::Home, PageKind::HomeFollowing).as_deref(),
            Some("home:following")
        );
        assert_eq!(t(&Route::Home, PageKind::HomeForYou), None);
        assert_eq!(t(&Route::Home, PageKind::List), None);
        assert_eq!(
            t(&Route::List("42".into()), PageKind::List).as_deref(),
            Some("list:42")
        );
        assert_eq!(
            t(&Route::Profile(aoi), PageKind::Profile).as_deref(),
            Some("profile:aoi_dev")
        );
        assert_eq!(t(&Route::Search, PageKind::Search), None);
        assert_eq!(t(&Route::Notifications, PageKind::Other), None);
        for good in ["home:following", "list:42", "profile:aoi_dev"] {
            assert!(valid_timeline(good), "{good}");
        }
        for bad in [
            "home",
            "list:",
            "list:4x",
            "profile:Aoi_Dev",
            "profile:a b",
            "profile:",
            "x".repeat(300).as_str(),
        ] {
            assert!(!valid_timeline(bad), "{bad}");
        }
    }

    #[test]
    fn the_divider_goes_above_the_first_post_of_the_last_visit_below_a_new_one() {
        let previous = Visit {
            ids: ids(&[50, 40, 30]),
            at: 1,
        };
        // Two new posts, then the top of the last visit.
        assert_eq!(divider_at(&previous, &ids(&[70, 60, 50, 40])), Some(2));
        // A repost of an old post (an older id) that was on screen: ids, not times, decide.
        assert_eq!(divider_at(&previous, &ids(&[70, 30, 50])), Some(1));
        // Nothing new: no divider.
        assert_eq!(divider_at(&previous, &ids(&[50, 40])), None);
        // Only new posts shown so far: not yet.
        assert_eq!(divider_at(&previous, &ids(&[90, 80])), None);
        // First visit: nothing to compare with.
        assert_eq!(divider_at(&Visit::default(), &ids(&[90, 80])), None);
    }

    #[test]
    fn visits_keep_the_top_of_the_timeline_and_the_latest_timelines() {
        let mut current = Current::default();
        assert!(current.saw(PostId(9)));
        assert!(!current.saw(PostId(9)));
        for i in 0..IDS_KEPT as u64 + 5 {
            current.saw(PostId(100 + i));
        }
        assert_eq!(current.ids.len(), IDS_KEPT);
        assert_eq!(current.ids[0], PostId(9));

        let mut seen = LastSeen::default();
        assert!(!seen.record("nope", ids(&[1]), 5));
        assert!(seen.record("home:following", ids(&[1, 2]), 5));
        assert!(seen.record("list:1", (0..200).map(PostId).collect(), 6));
        assert_eq!(seen.get("list:1").unwrap().ids.len(), IDS_KEPT);
        let text = seen.encode();
        assert_eq!(LastSeen::decode(&text), seen);
        assert_eq!(LastSeen::decode("[1,2"), LastSeen::default());
        // Lines that do not read are skipped, the others kept.
        let damaged = format!("list:9\tsoon\t1\nnope\t5\t1\n{text}");
        assert_eq!(LastSeen::decode(&damaged), seen);
        for i in 0..TIMELINES_KEPT as i64 {
            seen.record(&format!("list:{}", 100 + i), ids(&[1]), 10 + i);
        }
        // The least recently visited went first.
        assert!(seen.get("home:following").is_none());
        assert!(seen.get("list:1").is_none());
        assert!(seen.get(&format!("list:{}", 100)).is_some());
        assert_eq!(seen.0.len(), TIMELINES_KEPT);
    }
}
