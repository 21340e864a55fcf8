//! What is plausible enough to be counted. Everything learned, from any source (X's API
//! responses, the page, the user's clicks), passes `Allowance::admit` in the content script
//! before it is sent, and again in the background when it arrives: a content script can be
//! misled by the page (or be hostile itself), and one absurd value must not stop a tab from
//! recording (a time beyond ±2^53 ms cannot even become a JavaScript number).
//!
//! The rules:
//! - a time is moved into X's lifetime: no earlier than 2006-03-21 (or than a day before the
//!   post it is about: a like does not precede its post, give or take the clocks' slack), no
//!   later than now (a like dated in the future would never leave the counting window);
//! - a post whose id (a snowflake, which carries its creation time) lies more than a day
//!   ahead of this machine's clock is refused: such an id (`u64::MAX`, say) would outrank every
//!   real post of its author and silence their marks for good;
//! - a received like counts only on a post known to be mine: "me" must be known, the liker
//!   is not me, and the post is not known as someone else's (one I liked, or seen by another
//!   author);
//! - at most `PER_MESSAGE` items of each kind per message, and a per-minute allowance per tab
//!   with room for a backlog (see the constants for the figures and why).
//!
//! What is refused is never stored; it is counted in `Refused`, which travels with what is
//! sent so the background can show it as health.
//!
//! Over 400 lines only with its tests (from `#[cfg(test)]` on); the rules themselves are ~310.

use crate::core::ledger::{Event, DAY_MS};
use crate::core::marks::Newest;
use crate::core::model::{Handle, PostId};
use serde::{Deserialize, Serialize};

/// 2006-03-21T00:00:00Z, the day of Twitter's first post: no like is older.
pub const X_BEGAN_MS: i64 = 1_142_899_200_000;
/// How far X's servers' clock may be ahead of this machine's (a post id from a server a few
/// minutes ahead is real): a day, so that only absurd ids are refused.
pub const CLOCK_SLACK_MS: i64 = DAY_MS;

/// Most items of each kind (events, posts, names) in one message. The outbox splits a backlog
/// into messages of this size, so only a forged message is ever larger.
pub const PER_MESSAGE: usize = 2_000;

/// Per-minute allowances, per tab. From real use: one user gave 90,000 likes in five months
/// (about 600 a day, in bursts); a busy post of mine has thousands of likers, and X's likes
/// list and notifications show them some 20 to 100 per response, at most about one response a
/// second while scrolling fast. So a few thousand a minute is more than a person can make X
/// show, and a flood of forged likes is held to that pace.
pub const RECEIVED_PER_MINUTE: u32 = 3_000;
/// Given likes: clicks, and posts seen liked (scrolling my own Likes tab shows many).
pub const GIVEN_PER_MINUTE: u32 = 3_000;
/// Posts seen (candidates for their author's newest): timelines show 20 to 40 per response.
pub const POSTS_PER_MINUTE: u32 = 6_000;
/// Unused allowance is kept for this many minutes: a tab whose messages waited (a stopped
/// service worker, a slow start) sends its backlog at once and must not lose it.
pub const BACKLOG_MINUTES: u32 = 10;

/// What was refused or corrected, by reason; sent with each message for health.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Refused {
    /// Times outside X's lifetime (before 2006, or more than a day ahead), moved to its edge.
    pub clamped: u32,
    /// Posts whose id lies in the future.
    pub future_post: u32,
    /// Received likes on a post not known to be mine.
    pub not_mine: u32,
    /// Over the caps per message or per minute.
    pub over_cap: u32,
    /// Dropped by the outbox: could not be serialised, or never delivered.
    pub unsent: u32,
}

impl Refused {
    /// Everything not stored (clamped times are stored, corrected).
    pub fn total(&self) -> u32 {
        [self.future_post, self.not_mine, self.over_cap, self.unsent]
            .iter()
            .fold(0u32, |a, b| a.saturating_add(*b))
    }

    pub fn is_empty(&self) -> bool {
        *self == Refused::default()
    }

    pub fn add(&mut self, other: &Refused) {
        self.clamped = self.clamped.saturating_add(other.clamped);
        self.future_post = self.future_post.saturating_add(other.future_post);
        self.not_mine = self.not_mine.saturating_add(other.not_mine);
        self.over_cap = self.over_cap.saturating_add(other.over_cap);
        self.unsent = self.unsent.saturating_add(other.unsent);
    }

    /// For the health line: `future_post 2, over_cap 10`.
    pub fn describe(&self) -> String {
        [
            ("clamped", self.clamped),
            ("future_post", self.future_post),
            ("not_mine", self.not_mine),
            ("over_cap", self.over_cap),
            ("unsent", self.unsent),
        ]
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(what, n)| format!("{what} {n}"))
        .collect::<Vec<_>>()
        .join(", ")
    }
}

/// `true` when a post with this id can exist at `now`: its snowflake time is no more than a
/// day ahead. (Ids from before snowflakes carry no time and are old.)
pub fn post_exists(post: PostId, now: i64) -> bool {
    post.time_ms()
        .is_none_or(|t| t <= now.saturating_add(CLOCK_SLACK_MS))
}

/// The time a like of `post` can have been given, from the time a source said: within X's
/// lifetime, not before the post, not after `now`. The flag says the time said was absurd
/// (not just a little off, as X's whole-second times and clocks a little apart are).
pub fn like_time(at: i64, post: PostId, now: i64) -> (i64, bool) {
    // The post's time is X's clock, a click's is ours: they may differ by the slack allowed
    // for ids. (This keeps the rule stable: applied again later, it moves nothing.)
    let earliest = post
        .time_ms()
        .map_or(X_BEGAN_MS, |t| t.saturating_sub(CLOCK_SLACK_MS))
        .max(X_BEGAN_MS);
    let absurd = at < X_BEGAN_MS || at > now.saturating_add(CLOCK_SLACK_MS);
    (at.min(now).max(earliest.min(now)), absurd)
}

/// A received like counts only on my post: X notifies "liked your post" for mine, so a
/// target without a known author is taken as mine once "me" is known; one with another
/// author is not (a post I was mentioned in).
pub fn is_mine(author: Option<&Handle>, me: Option<&Handle>) -> bool {
    match (author, me) {
        (Some(author), Some(me)) => author == me,
        (_, None) => false,
        (None, Some(_)) => true,
    }
}

/// Who is asking, and what is known about posts.
pub struct Rules<'a> {
    /// ms since the epoch, this machine's clock.
    pub now: i64,
    pub me: Option<&'a Handle>,
    /// A post known to be someone else's: a received like on it is misread or forged.
    pub others_post: &'a dyn Fn(PostId) -> bool,
}

/// What may be sent on or stored.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Admitted {
    pub events: Vec<Event>,
    pub posts: Vec<(Handle, Newest)>,
    pub names: Vec<(Handle, String)>,
    pub refused: Refused,
}

/// A per-minute allowance that refills continuously and keeps up to `BACKLOG_MINUTES` of it.
#[derive(Clone, Copy, Debug)]
struct Bucket {
    per_minute: u32,
    /// In thousandths of an item, so that a refill of a few ms is not rounded away.
    milli: u64,
    at: Option<i64>,
}

impl Bucket {
    fn new(per_minute: u32) -> Bucket {
        Bucket {
            per_minute,
            milli: 0,
            at: None,
        }
    }

    fn capacity(&self) -> u64 {
        u64::from(self.per_minute) * u64::from(BACKLOG_MINUTES) * 1000
    }

    fn refill(&mut self, now: i64) {
        let elapsed = match self.at {
            // A first use starts full: a tab's first message may carry a backlog.
            None => u64::MAX,
            // A clock set back refills nothing rather than wrapping.
            Some(at) => u64::try_from(now.saturating_sub(at)).unwrap_or(0),
        };
        let gained = elapsed
            .saturating_mul(u64::from(self.per_minute))
            .saturating_mul(1000)
            / 60_000;
        self.milli = self.milli.saturating_add(gained).min(self.capacity());
        self.at = Some(self.at.map_or(now, |at| at.max(now)));
    }

    fn take(&mut self) -> bool {
        let ok = self.milli >= 1000;
        if ok {
            self.milli -= 1000;
        }
        ok
    }
}

/// One tab's allowances (the content script keeps one; the background one per sender).
#[derive(Clone, Debug)]
pub struct Allowance {
    received: Bucket,
    given: Bucket,
    posts: Bucket,
}

impl Default for Allowance {
    fn default() -> Self {
        Allowance {
            received: Bucket::new(RECEIVED_PER_MINUTE),
            given: Bucket::new(GIVEN_PER_MINUTE),
            posts: Bucket::new(POSTS_PER_MINUTE),
        }
    }
}

impl Allowance {
    /// Applies every rule to one message's worth of what was learned.
    pub fn admit(
        &mut self,
        rules: &Rules,
        events: Vec<Event>,
        posts: Vec<(Handle, Newest)>,
        names: Vec<(Handle, String)>,
    ) -> Admitted {
        let now = rules.now;
        for b in [&mut self.received, &mut self.given, &mut self.posts] {
            b.refill(now);
        }
        let mut out = Admitted::default();
        let r = &mut out.refused;
        let over = |n: usize| u32::try_from(n.saturating_sub(PER_MESSAGE)).unwrap_or(u32::MAX);
        r.over_cap = over(events.len())
            .saturating_add(over(posts.len()))
            .saturating_add(over(names.len()));
        // Posts that this very message shows by someone else (or liked by me) are not mine.
        let others_here: std::collections::HashSet<PostId> = events
            .iter()
            .filter_map(|e| match e {
                Event::Given { post, .. } => Some(*post),
                _ => None,
            })
            .chain(
                posts
                    .iter()
                    .filter(|(a, _)| Some(a) != rules.me)
                    .map(|(_, p)| p.id),
            )
            .collect();
        for event in events.into_iter().take(PER_MESSAGE) {
            let post = match &event {
                Event::Received { post, .. }
                | Event::Given { post, .. }
                | Event::Unliked { post, .. } => *post,
            };
            if !post_exists(post, now) {
                r.future_post += 1;
                continue;
            }
            if let Event::Received { who, .. } = &event {
                let mine = rules.me.is_some_and(|me| me != who)
                    && !others_here.contains(&post)
                    && !(rules.others_post)(post);
                if !mine {
                    r.not_mine += 1;
                    continue;
                }
            }
            let bucket = match &event {
                Event::Received { .. } => &mut self.received,
                // An unlike undoes a given like: it is held to the same pace.
                Event::Given { .. } | Event::Unliked { .. } => &mut self.given,
            };
            if !bucket.take() {
                r.over_cap += 1;
                continue;
            }
            let (at, absurd) = like_time(event.at(), post, now);
            r.clamped += u32::from(absurd);
            out.events.push(match event {
                Event::Received { who, post, .. } => Event::Received { who, post, at },
                Event::Given { who, post, .. } => Event::Given { who, post, at },
                Event::Unliked { post, .. } => Event::Unliked { post, at },
            });
        }
        for (author, post) in posts.into_iter().take(PER_MESSAGE) {
            if !post_exists(post.id, now) {
                r.future_post += 1;
            } else if !self.posts.take() {
                r.over_cap += 1;
            } else {
                let text = crate::core::model::first_words(&post.text, 140);
                out.posts.push((author, Newest { id: post.id, text }));
            }
        }
        out.names = names
            .into_iter()
            .take(PER_MESSAGE)
            .map(|(who, name)| (who, name.chars().take(100).collect()))
            .collect();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::model::parse_iso_ms;
    use proptest::prelude::*;

    const NOW: i64 = 1_795_000_000_000; // 2026-11-18
    const SNOWFLAKE_EPOCH: i64 = 1_288_834_974_657;

    fn h(s: &str) -> Handle {
        Handle::parse(s).unwrap()
    }

    fn post_at(ms: i64) -> PostId {
        PostId(((ms - SNOWFLAKE_EPOCH) as u64) << 22)
    }

    fn nobody(_: PostId) -> bool {
        false
    }

    fn rules<'a>(me: &'a Handle, others: &'a dyn Fn(PostId) -> bool) -> Rules<'a> {
        Rules {
            now: NOW,
            me: Some(me),
            others_post: others,
        }
    }

    fn admit(events: Vec<Event>) -> Admitted {
        let me = h("hana_lb");
        Allowance::default().admit(&rules(&me, &nobody), events, vec![], vec![])
    }

    #[test]
    fn times_move_into_x_lifetime_and_future_likes_come_back_to_now() {
        let post = post_at(NOW - DAY_MS);
        let given = |at| Event::Given {
            who: h("aoi_dev"),
            post,
            at,
        };
        // 17 digits of ms (the year 5138), a six-digit year, a negative time, a time long
        // before the post, an hour ahead (clock skew): all stored as a time X can have had.
        let out = admit(vec![
            given(99_999_999_999_999_999),
            given(i64::MAX),
            given(-5),
            given(NOW - 5 * DAY_MS),
            given(NOW + 3_600_000),
            given(NOW - 2 * DAY_MS),
        ]);
        let times: Vec<i64> = out.events.iter().map(Event::at).collect();
        let earliest = post.time_ms().unwrap() - DAY_MS;
        assert_eq!(times, [NOW, NOW, earliest, earliest, NOW, NOW - 2 * DAY_MS]);
        assert_eq!(out.refused.clamped, 3);
        assert_eq!(out.refused.total(), 0);
    }

    #[test]
    fn posts_from_the_future_are_refused() {
        let me = h("hana_lb");
        let future = post_at(NOW + 2 * DAY_MS);
        let out = Allowance::default().admit(
            &rules(&me, &nobody),
            vec![
                Event::Received {
                    who: h("aoi_dev"),
                    post: PostId(u64::MAX),
                    at: NOW,
                },
                Event::Given {
                    who: h("aoi_dev"),
                    post: future,
                    at: NOW,
                },
                // A few minutes ahead is X's clock, not a forgery.
                Event::Given {
                    who: h("aoi_dev"),
                    post: post_at(NOW + 300_000),
                    at: NOW,
                },
            ],
            vec![(
                h("aoi_dev"),
                Newest {
                    id: PostId(u64::MAX),
                    text: "forever newest".into(),
                },
            )],
            vec![],
        );
        assert_eq!(out.events.len(), 1);
        assert!(out.posts.is_empty());
        assert_eq!(out.refused.future_post, 3);
        // Ids older than snowflakes carry no time and are kept.
        assert!(post_exists(PostId(20), NOW));
    }

    #[test]
    fn received_likes_count_only_on_my_posts() {
        let me = h("hana_lb");
        let mine = post_at(NOW - DAY_MS);
        let theirs = post_at(NOW - 2 * DAY_MS);
        let liked_by_me = post_at(NOW - 3 * DAY_MS);
        let received = |who: &str, post| Event::Received {
            who: h(who),
            post,
            at: NOW,
        };
        let others = move |p: PostId| p == liked_by_me;
        let out = Allowance::default().admit(
            &rules(&me, &others),
            vec![
                received("aoi_dev", mine),
                received("aoi_dev", theirs),
                received("aoi_dev", liked_by_me),
                received("Hana_LB", mine),
            ],
            vec![(
                h("kenji_k"),
                Newest {
                    id: theirs,
                    text: String::new(),
                },
            )],
            vec![],
        );
        assert_eq!(out.events, vec![received("aoi_dev", mine)]);
        assert_eq!(out.refused.not_mine, 3);
        // "me" unknown: nothing can be mine.
        let out = Allowance::default().admit(
            &Rules {
                now: NOW,
                me: None,
                others_post: &nobody,
            },
            vec![received("aoi_dev", mine)],
            vec![],
            vec![],
        );
        assert!(out.events.is_empty());
        assert!(is_mine(None, Some(&me)) && !is_mine(Some(&h("x")), Some(&me)));
    }

    #[test]
    fn floods_are_held_to_the_caps_and_the_allowance_refills() {
        let me = h("hana_lb");
        let post = post_at(NOW - DAY_MS);
        let flood = |n: usize| -> Vec<Event> {
            (0..n)
                .map(|i| Event::Received {
                    who: h(&format!("fake{i}")),
                    post,
                    at: NOW,
                })
                .collect()
        };
        let mut allowance = Allowance::default();
        let mut at = |now: i64, n: usize| {
            let r = Rules {
                now,
                ..rules(&me, &nobody)
            };
            allowance.admit(&r, flood(n), vec![], vec![])
        };
        // 100,000 likers in one message: only one message's worth is even looked at.
        let first = at(NOW, 100_000);
        assert_eq!(first.events.len(), PER_MESSAGE);
        assert_eq!(first.refused.over_cap, 98_000);
        // A backlog of ten minutes passes at once; then the pace is per minute.
        let mut total = first.events.len();
        for _ in 0..20 {
            total += at(NOW, PER_MESSAGE).events.len();
        }
        assert_eq!(total, (RECEIVED_PER_MINUTE * BACKLOG_MINUTES) as usize);
        assert_eq!(at(NOW + 60_000, PER_MESSAGE).events.len(), 2_000);
        assert_eq!(
            at(NOW + 60_000, PER_MESSAGE).events.len(),
            (RECEIVED_PER_MINUTE - 2_000) as usize
        );
        // A clock set back refills nothing and breaks nothing.
        assert!(at(0, 10).events.is_empty());
    }

    #[test]
    fn a_real_users_pace_is_never_refused() {
        // 600 likes given a day, 100 in a burst every few minutes, and a viral post of mine
        // with 5,000 likers scrolled through in two minutes.
        let me = h("hana_lb");
        let mut allowance = Allowance::default();
        let mine = post_at(NOW - DAY_MS);
        let mut refused = Refused::default();
        for minute in 0..120i64 {
            let now = NOW + minute * 60_000;
            let mut events: Vec<Event> = (0..100)
                .map(|i| Event::Given {
                    who: h("aoi_dev"),
                    post: PostId(mine.0 + 1 + (minute * 100 + i) as u64),
                    at: now,
                })
                .collect();
            if minute < 2 {
                events.extend((0..2_500).map(|i| Event::Received {
                    who: h(&format!("fan{minute}_{i}")),
                    post: mine,
                    at: now,
                }));
            }
            for chunk in events.chunks(PER_MESSAGE) {
                let r = Rules {
                    now,
                    ..rules(&me, &nobody)
                };
                let out = allowance.admit(&r, chunk.to_vec(), vec![], vec![]);
                refused.add(&out.refused);
            }
        }
        assert_eq!(refused, Refused::default());
    }

    fn handle() -> impl Strategy<Value = Handle> {
        "[A-Za-z0-9_]{1,15}".prop_map(|s| Handle::parse(&s).unwrap())
    }

    fn event() -> impl Strategy<Value = Event> {
        let post = any::<u64>().prop_map(PostId);
        (0..3u8, handle(), post, any::<i64>()).prop_map(|(k, who, post, at)| match k {
            0 => Event::Received { who, post, at },
            1 => Event::Given { who, post, at },
            _ => Event::Unliked { post, at },
        })
    }

    proptest! {
        /// Whatever arrives, what is admitted has times in X's lifetime up to now (so it can
        /// be a JavaScript number and leaves the counting window), posts that can exist, and
        /// received likes from others; nothing is lost without being counted.
        #[test]
        fn admitted_events_are_plausible(events in prop::collection::vec(event(), 0..200),
                                         now in X_BEGAN_MS..4_102_444_800_000i64) {
            let me = h("hana_lb");
            let n = events.len();
            let r = Rules { now, me: Some(&me), others_post: &nobody };
            let out = Allowance::default().admit(&r, events, vec![], vec![]);
            prop_assert_eq!(out.events.len() as u32 + out.refused.total(), n as u32);
            for e in &out.events {
                prop_assert!(e.at() >= X_BEGAN_MS.min(now) && e.at() <= now);
                prop_assert!(e.at().unsigned_abs() < 1 << 53);
                let post = match e {
                    Event::Received { post, who, .. } => { prop_assert!(*who != me); *post }
                    Event::Given { post, .. } | Event::Unliked { post, .. } => *post,
                };
                prop_assert!(post_exists(post, now));
            }
        }

        /// Admitting twice changes nothing more: the background's second pass agrees with the
        /// content script's first.
        #[test]
        fn admitting_again_keeps_everything(events in prop::collection::vec(event(), 0..100),
                                            now in X_BEGAN_MS..4_102_444_800_000i64,
                                            later in 0..600_000i64) {
            let me = h("hana_lb");
            let first = Allowance::default()
                .admit(&Rules { now, me: Some(&me), others_post: &nobody }, events, vec![], vec![]);
            let second = Allowance::default().admit(
                &Rules { now: now + later, me: Some(&me), others_post: &nobody },
                first.events.clone(), vec![], vec![]);
            prop_assert_eq!(second.events, first.events);
            prop_assert_eq!(second.refused, Refused::default());
        }
    }

    #[test]
    fn x_began_on_the_day_of_its_first_post() {
        assert_eq!(parse_iso_ms("2006-03-21T00:00:00.000Z"), Some(X_BEGAN_MS));
    }
}
