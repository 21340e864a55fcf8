//! How complete the counts are. X shows only part of a busy post's likers (its likes list
//! stops after some 50 to 100 people, notifications group likers), so for each of my posts
//! Likeback keeps X's own like count (the API's `favorite_count`) beside the likers it has
//! seen, and says "likers seen: 71 of 665". The rest is never invented: a post whose count is
//! not known says so, and a total counts only the posts whose count is known.

use crate::core::admit::post_exists;
use crate::core::api::ApiPost;
use crate::core::ledger::{Ledger, Window};
use crate::core::model::{Handle, PostId};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// No post has ever had this many likes (X's most liked posts have under ten million): a
/// larger count is a misreading or a forgery and is refused.
pub const MAX_LIKE_COUNT: u32 = 100_000_000;
/// Like counts kept: the newest posts (a post's count matters while its likers are counted;
/// 5,000 posts is years of posting, about 150 KB stored).
pub const POSTS_KEPT: usize = 5_000;
/// Posts listed in Insights, newest first.
pub const POSTS_LISTED: usize = 20;

/// A like count as X states it, when plausible: a post that can exist now and a count no post
/// ever reached.
pub fn plausible(post: PostId, count: u32, now: i64) -> bool {
    count <= MAX_LIKE_COUNT && post_exists(post, now)
}

/// X's like count of each of my posts, as last read. Stored as JSON text under `like_counts`
/// (`{"<post id>": count}`); absent in stores written before 0.3.0, which then know none.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct LikeCounts(BTreeMap<PostId, u32>);

impl LikeCounts {
    /// Reads the stored text; anything unreadable is no count at all (the counts come back
    /// the next time X's API shows my posts).
    pub fn decode(text: &str) -> LikeCounts {
        serde_json::from_str(text).unwrap_or_default()
    }

    pub fn encode(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    pub fn get(&self, post: PostId) -> Option<u32> {
        self.0.get(&post).copied()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The counts of `batch` that are new or changed (the last of a post wins).
    pub fn changes(&self, batch: impl IntoIterator<Item = (PostId, u32)>) -> Vec<(PostId, u32)> {
        let mut latest: BTreeMap<PostId, u32> = BTreeMap::new();
        for (post, count) in batch {
            latest.insert(post, count);
        }
        latest
            .into_iter()
            .filter(|(post, count)| self.get(*post) != Some(*count))
            .collect()
    }

    /// Sets counts, then forgets the oldest posts beyond `POSTS_KEPT`.
    pub fn apply(&mut self, counts: impl IntoIterator<Item = (PostId, u32)>) {
        self.0.extend(counts);
        while self.0.len() > POSTS_KEPT {
            self.0.pop_first();
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = (PostId, u32)> + '_ {
        self.0.iter().map(|(p, c)| (*p, *c))
    }
}

/// X's like counts of my posts in what an API response showed: `(post, favorite_count)` for
/// each post of mine (also when someone reposted it), none of anyone else's, nor of an ad.
/// Still to pass `core::coverage::plausible`.
pub fn my_like_counts(posts: &[ApiPost], me: Option<&Handle>) -> Vec<(PostId, u32)> {
    let Some(me) = me else {
        return Vec::new();
    };
    posts
        .iter()
        .filter(|p| &p.author == me && !p.promoted)
        .filter_map(|p| Some((p.id, p.likes?)))
        .collect()
}

/// One of my posts: the likers Likeback has seen, and X's like count when known.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostCoverage {
    pub post: PostId,
    pub seen: u32,
    /// X's like count; `None` when X's API has not shown it yet.
    #[serde(default)]
    pub count: Option<u32>,
}

/// Likers seen per post of mine (the ledger's received likes are on my posts only).
fn likers_seen(ledger: &Ledger) -> HashMap<PostId, u32> {
    let mut seen: HashMap<PostId, u32> = HashMap::new();
    for (_, post, _) in ledger.received_iter() {
        *seen.entry(post).or_default() += 1;
    }
    seen
}

/// My newest posts (with likers seen or a like count known), newest first, at most `limit`.
pub fn per_post(ledger: &Ledger, counts: &LikeCounts, limit: usize) -> Vec<PostCoverage> {
    let seen = likers_seen(ledger);
    let mut posts: Vec<PostId> = seen
        .keys()
        .copied()
        .chain(counts.0.keys().copied())
        .collect();
    posts.sort_unstable_by(|a, b| b.cmp(a));
    posts.dedup();
    posts
        .into_iter()
        .take(limit)
        .map(|post| PostCoverage {
            post,
            seen: seen.get(&post).copied().unwrap_or(0),
            count: counts.get(post),
        })
        .collect()
}

/// The likes on my posts of the counting window that Likeback has seen, out of X's counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct WindowCoverage {
    /// Likers seen on the posts whose count is known (at most each post's count: a like taken
    /// back since is not counted twice).
    pub seen: u32,
    /// X's like counts of those posts, summed.
    pub count: u32,
    /// My posts of the window whose count is known.
    pub posts: u32,
    /// My posts of the window with likers seen but no count known (left out of the figures).
    pub unknown: u32,
}

impl WindowCoverage {
    /// The share seen in whole percent, rounded down (never "100 %" while one is missing);
    /// `None` when no like is known to count (no count known, or only posts without likes).
    pub fn percent(&self) -> Option<u32> {
        (self.count > 0).then(|| (u64::from(self.seen) * 100 / u64::from(self.count)) as u32)
    }
}

/// My posts posted in the counting window (by the time in their id), with what was seen of
/// their likes.
pub fn in_window(ledger: &Ledger, counts: &LikeCounts, window: Window, now: i64) -> WindowCoverage {
    let start = window.start(now);
    let in_window = |post: PostId| post.time_ms().is_some_and(|t| t >= start);
    let seen = likers_seen(ledger);
    let mut out = WindowCoverage::default();
    for (post, count) in counts.iter().filter(|(p, _)| in_window(*p)) {
        out.posts += 1;
        out.count = out.count.saturating_add(count);
        out.seen = out
            .seen
            .saturating_add(seen.get(&post).copied().unwrap_or(0).min(count));
    }
    out.unknown = seen
        .keys()
        .filter(|p| in_window(**p) && counts.get(**p).is_none())
        .count() as u32;
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::ledger::{Event, DAY_MS};

    const NOW: i64 = 1_795_000_000_000;

    /// A post id whose snowflake time is `ms`.
    fn post_at(ms: i64, n: u64) -> PostId {
        PostId((((ms - 1_288_834_974_657) as u64) << 22) | n)
    }

    fn liked(l: &mut Ledger, post: PostId, likers: u32) {
        for i in 0..likers {
            l.apply(&Event::Received {
                who: Handle::parse(&format!("liker{i}")).unwrap(),
                post,
                at: post.time_ms().unwrap(),
            });
        }
    }

    #[test]
    fn only_plausible_counts_are_taken() {
        let post = post_at(NOW - DAY_MS, 1);
        assert!(plausible(post, 0, NOW));
        assert!(plausible(post, 665, NOW));
        assert!(plausible(post, MAX_LIKE_COUNT, NOW));
        assert!(!plausible(post, MAX_LIKE_COUNT + 1, NOW));
        assert!(!plausible(post, u32::MAX, NOW));
        // A post from the future (an id beyond the clock's slack) has no count.
        assert!(!plausible(post_at(NOW + 3 * DAY_MS, 1), 5, NOW));
    }

    #[test]
    fn counts_change_store_and_read_back_and_keep_the_newest_posts() {
        let mut c = LikeCounts::default();
        let (a, b) = (post_at(NOW - 2 * DAY_MS, 1), post_at(NOW - DAY_MS, 2));
        let changes = c.changes([(a, 10), (b, 5), (a, 12)]);
        assert_eq!(changes, vec![(a, 12), (b, 5)]);
        c.apply(changes);
        assert!(c.changes([(a, 12)]).is_empty());
        assert_eq!(c.changes([(b, 6)]), vec![(b, 6)]);
        let text = c.encode();
        assert_eq!(text, format!(r#"{{"{a}":12,"{b}":5}}"#));
        assert_eq!(LikeCounts::decode(&text), c);
        // Unreadable text: no counts (a store of an older Likeback has none at all).
        assert!(LikeCounts::decode("not json").is_empty());
        assert!(LikeCounts::decode(r#"{"abc":1}"#).is_empty());
        let mut many = LikeCounts::default();
        many.apply((0..POSTS_KEPT as u64 + 3).map(|i| (PostId(i + 1), 1)));
        assert_eq!(many.len(), POSTS_KEPT);
        assert_eq!(many.get(PostId(1)), None);
        assert_eq!(many.get(PostId(POSTS_KEPT as u64 + 3)), Some(1));
    }

    #[test]
    fn each_post_says_its_likers_seen_of_its_count_or_that_the_count_is_unknown() {
        let mut l = Ledger::default();
        let (old, busy, fresh) = (
            post_at(NOW - 3 * DAY_MS, 1),
            post_at(NOW - 2 * DAY_MS, 2),
            post_at(NOW - DAY_MS, 3),
        );
        liked(&mut l, old, 3);
        liked(&mut l, busy, 71);
        let mut c = LikeCounts::default();
        c.apply([(busy, 665), (fresh, 4)]);
        assert_eq!(
            per_post(&l, &c, 10),
            vec![
                PostCoverage {
                    post: fresh,
                    seen: 0,
                    count: Some(4)
                },
                PostCoverage {
                    post: busy,
                    seen: 71,
                    count: Some(665)
                },
                PostCoverage {
                    post: old,
                    seen: 3,
                    count: None
                },
            ]
        );
        assert_eq!(per_post(&l, &c, 1).len(), 1);
    }

    #[test]
    fn the_window_counts_only_posts_with_a_known_count_posted_in_it() {
        let mut l = Ledger::default();
        let week_ago = post_at(NOW - 8 * DAY_MS, 1);
        let (a, b, unknown) = (
            post_at(NOW - 3 * DAY_MS, 2),
            post_at(NOW - DAY_MS, 3),
            post_at(NOW - DAY_MS, 4),
        );
        liked(&mut l, week_ago, 50);
        liked(&mut l, a, 30);
        liked(&mut l, b, 12);
        liked(&mut l, unknown, 7);
        let mut c = LikeCounts::default();
        // `b`: more likers seen than X counts now (one was taken back): counted as 10.
        c.apply([(week_ago, 100), (a, 90), (b, 10)]);
        let w = in_window(&l, &c, Window::Days(7), NOW);
        assert_eq!(
            w,
            WindowCoverage {
                seen: 40,
                count: 100,
                posts: 2,
                unknown: 1
            }
        );
        assert_eq!(w.percent(), Some(40));
        let all = in_window(&l, &c, Window::All, NOW);
        assert_eq!((all.seen, all.count, all.posts), (90, 200, 3));
        assert_eq!(all.percent(), Some(45));
        // Nothing known: no figure, not 0 %.
        let none = in_window(&l, &LikeCounts::default(), Window::Days(7), NOW);
        assert_eq!(none.percent(), None);
        assert_eq!(none.unknown, 3);
        // Known posts without any like: no share to speak of.
        let mut zero = LikeCounts::default();
        zero.apply([(b, 0)]);
        assert_eq!(
            in_window(&Ledger::default(), &zero, Window::Days(7), NOW).percent(),
            None
        );
        // Rounded down: 2 of 3 is 66 %, and 999 of 1000 is not yet 100 %.
        let p = |seen, count| {
            WindowCoverage {
                seen,
                count,
                posts: 1,
                unknown: 0,
            }
            .percent()
        };
        assert_eq!(p(2, 3), Some(66));
        assert_eq!(p(999, 1000), Some(99));
    }

    #[test]
    fn like_counts_are_read_for_my_posts_only() {
        let h = |s: &str| Handle::parse(s).unwrap();
        let (me, aoi) = (h("hana_lb"), h("aoi_dev"));
        let post = |id, author: &Handle, likes, promoted| ApiPost {
            id: PostId(id),
            author: author.clone(),
            time: 0,
            liked: None,
            quote: false,
            reply: false,
            reposted_by: None,
            promoted,
            text: String::new(),
            likes,
        };
        let posts = [
            post(1, &me, Some(665), false),
            post(2, &aoi, Some(9), false),
            post(3, &me, None, false),
            post(4, &me, Some(5), true),
            ApiPost {
                reposted_by: Some(aoi.clone()),
                ..post(5, &me, Some(12), false)
            },
        ];
        assert_eq!(
            my_like_counts(&posts, Some(&me)),
            vec![(PostId(1), 665), (PostId(5), 12)]
        );
        assert!(my_like_counts(&posts, None).is_empty());
    }
}
