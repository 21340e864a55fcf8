//! The like-back ledger: who liked my posts (received), whose posts I liked (given), and what I
//! still owe each person over the counting window.
//!
//! Every rule is keyed so that seeing the same like again changes nothing: a received like by
//! (liker, post), a given like by post. Applying events is order-independent except for
//! unlikes, which the event log keeps in order.
//!
//! Over 400 lines only with its tests (from `#[cfg(test)]` on); the rules themselves are ~320.

use crate::core::model::{Handle, PostId};
use serde::{Deserialize, Serialize};
use std::collections::hash_map::Entry;
use std::collections::HashMap;

pub const DAY_MS: i64 = 86_400_000;

/// One thing learned about likes. (Serialised with a `type` tag between the extension's
/// contexts; times in ms.)
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Event {
    /// `who` liked my post `post`.
    Received { who: Handle, post: PostId, at: i64 },
    /// I liked `who`'s post `post`.
    Given { who: Handle, post: PostId, at: i64 },
    /// I took back my like of `post`.
    Unliked { post: PostId, at: i64 },
}

impl Event {
    pub fn at(&self) -> i64 {
        match self {
            Event::Received { at, .. } | Event::Given { at, .. } | Event::Unliked { at, .. } => *at,
        }
    }
}

/// The counting window: likes older than this do not count toward what is owed. Stored as a
/// number of days or `"all"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Window {
    Days(u32),
    All,
}

impl Serialize for Window {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Window::Days(d) => s.serialize_u32(*d),
            Window::All => s.serialize_str("all"),
        }
    }
}

impl<'de> Deserialize<'de> for Window {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Days(u32),
            Text(String),
        }
        match Raw::deserialize(d)? {
            Raw::Days(days) if days > 0 => Ok(Window::Days(days)),
            Raw::Text(t) => {
                Window::parse(&t).ok_or_else(|| serde::de::Error::custom("not a window"))
            }
            Raw::Days(_) => Err(serde::de::Error::custom("a window of zero days")),
        }
    }
}

impl Default for Window {
    fn default() -> Self {
        Window::Days(7)
    }
}

impl Window {
    /// The choices the options page offers.
    pub const CHOICES: [Window; 5] = [
        Window::Days(1),
        Window::Days(3),
        Window::Days(7),
        Window::Days(30),
        Window::All,
    ];

    /// The earliest time that counts, at `now`.
    pub fn start(self, now: i64) -> i64 {
        match self {
            Window::Days(d) => now.saturating_sub(i64::from(d) * DAY_MS),
            Window::All => i64::MIN,
        }
    }

    pub fn as_str(self) -> String {
        match self {
            Window::Days(d) => d.to_string(),
            Window::All => "all".into(),
        }
    }

    pub fn parse(s: &str) -> Option<Window> {
        match s {
            "all" => Some(Window::All),
            _ => s.parse().ok().filter(|d| *d > 0).map(Window::Days),
        }
    }
}

/// One person's counts over the window.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Balance {
    pub who: Handle,
    /// Likes from them on my posts.
    pub received: u32,
    /// Likes from me on their posts.
    pub given: u32,
    /// `max(0, received − given)`.
    pub owed: u32,
    /// When they last liked one of my posts (ms), whatever the window.
    pub last_received: Option<i64>,
    /// When I last liked one of theirs (ms), whatever the window.
    pub last_given: Option<i64>,
}

#[derive(Clone, Debug, Default)]
pub struct Ledger {
    received: HashMap<(Handle, PostId), i64>,
    given: HashMap<PostId, (Handle, i64)>,
}

impl Ledger {
    /// Applies one event; `true` when it changed anything (so it must be stored).
    pub fn apply(&mut self, event: &Event) -> bool {
        // Where one like is learned twice, the later time is kept: notifications give the exact
        // time, a likes list only the post's time, which is earlier.
        match event {
            Event::Received { who, post, at } => match self.received.entry((who.clone(), *post)) {
                Entry::Occupied(t) if *t.get() >= *at => false,
                Entry::Occupied(mut t) => {
                    t.insert(*at);
                    true
                }
                Entry::Vacant(v) => {
                    v.insert(*at);
                    true
                }
            },
            Event::Given { who, post, at } => match self.given.get_mut(post) {
                Some((_, t)) if *t >= *at => false,
                Some(entry) => {
                    *entry = (who.clone(), *at);
                    true
                }
                None => {
                    self.given.insert(*post, (who.clone(), *at));
                    true
                }
            },
            Event::Unliked { post, .. } => self.given.remove(post).is_some(),
        }
    }

    /// The events of `batch` that would change the ledger, in order, without changing it:
    /// applying exactly these gives what applying the whole batch would. The background writes
    /// them first and applies them only once the write resolved (a failed write leaves the
    /// ledger as it was, so the sender's retry is recorded for real).
    pub fn changes(&self, batch: impl IntoIterator<Item = Event>) -> Vec<Event> {
        // What the batch itself has changed so far, over the ledger (an unlike is `None`).
        let mut received: HashMap<(Handle, PostId), i64> = HashMap::new();
        let mut given: HashMap<PostId, Option<i64>> = HashMap::new();
        let given_at = |given: &HashMap<PostId, Option<i64>>, post: &PostId| match given.get(post) {
            Some(at) => *at,
            None => self.given.get(post).map(|(_, at)| *at),
        };
        let mut out = Vec::new();
        for event in batch {
            let changes = match &event {
                Event::Received { who, post, at } => {
                    let key = (who.clone(), *post);
                    let known = received
                        .get(&key)
                        .or_else(|| self.received.get(&key))
                        .copied();
                    let changes = known.is_none_or(|t| t < *at);
                    if changes {
                        received.insert(key, *at);
                    }
                    changes
                }
                Event::Given { post, at, .. } => {
                    let changes = given_at(&given, post).is_none_or(|t| t < *at);
                    if changes {
                        given.insert(*post, Some(*at));
                    }
                    changes
                }
                Event::Unliked { post, .. } => {
                    let changes = given_at(&given, post).is_some();
                    if changes {
                        given.insert(*post, None);
                    }
                    changes
                }
            };
            if changes {
                out.push(event);
            }
        }
        out
    }

    /// Every received like: `(who, my post, when)`.
    pub fn received_iter(&self) -> impl Iterator<Item = (&Handle, PostId, i64)> {
        self.received
            .iter()
            .map(|((who, post), at)| (who, *post, *at))
    }

    /// Every given like: `(whose post, the post, when)`.
    pub fn given_iter(&self) -> impl Iterator<Item = (&Handle, PostId, i64)> {
        self.given.iter().map(|(post, (who, at))| (who, *post, *at))
    }

    pub fn has_given(&self, post: PostId) -> bool {
        self.given.contains_key(&post)
    }

    pub fn received_count(&self) -> usize {
        self.received.len()
    }

    pub fn given_count(&self) -> usize {
        self.given.len()
    }

    /// The state as events (no unlikes: they are already applied), oldest first. Writing these
    /// into an empty ledger gives this ledger back.
    pub fn events(&self) -> Vec<Event> {
        let mut events: Vec<Event> = self
            .received
            .iter()
            .map(|((who, post), at)| Event::Received {
                who: who.clone(),
                post: *post,
                at: *at,
            })
            .chain(self.given.iter().map(|(post, (who, at))| Event::Given {
                who: who.clone(),
                post: *post,
                at: *at,
            }))
            .collect();
        events.sort_by(|a, b| {
            a.at()
                .cmp(&b.at())
                .then_with(|| sort_key(a).cmp(&sort_key(b)))
        });
        events
    }

    /// Everyone with a like either way in the window, most owed first, then the most recent
    /// liker first.
    pub fn balances(&self, now: i64, window: Window) -> Vec<Balance> {
        let start = window.start(now);
        let mut people: HashMap<&Handle, Balance> = HashMap::new();
        for ((who, _), at) in &self.received {
            let b = people.entry(who).or_insert_with(|| Balance::new(who));
            b.last_received = b.last_received.max(Some(*at));
            if *at >= start {
                b.received += 1;
            }
        }
        for (who, at) in self.given.values() {
            let b = people.entry(who).or_insert_with(|| Balance::new(who));
            b.last_given = b.last_given.max(Some(*at));
            if *at >= start {
                b.given += 1;
            }
        }
        let mut list: Vec<Balance> = people
            .into_values()
            .filter(|b| b.received > 0 || b.given > 0)
            .map(|mut b| {
                b.owed = b.received.saturating_sub(b.given);
                b
            })
            .collect();
        list.sort_by(|a, b| {
            b.owed
                .cmp(&a.owed)
                .then(b.last_received.cmp(&a.last_received))
                .then_with(|| a.who.cmp(&b.who))
        });
        list
    }
}

/// A tie-breaker so that `events()` is deterministic.
fn sort_key(e: &Event) -> (u8, Option<&Handle>, PostId) {
    match e {
        Event::Received { who, post, .. } => (0, Some(who), *post),
        Event::Given { who, post, .. } => (1, Some(who), *post),
        Event::Unliked { post, .. } => (2, None, *post),
    }
}

impl Balance {
    fn new(who: &Handle) -> Balance {
        Balance {
            who: who.clone(),
            received: 0,
            given: 0,
            owed: 0,
            last_received: None,
            last_given: None,
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) const NOW: i64 = 1_800_000_000_000;

    pub(crate) fn h(s: &str) -> Handle {
        Handle::parse(s).unwrap()
    }

    pub(crate) fn received(who: &str, post: u64, days_ago: i64) -> Event {
        Event::Received {
            who: h(who),
            post: PostId(post),
            at: NOW - days_ago * DAY_MS,
        }
    }

    pub(crate) fn given(who: &str, post: u64, days_ago: i64) -> Event {
        Event::Given {
            who: h(who),
            post: PostId(post),
            at: NOW - days_ago * DAY_MS,
        }
    }

    fn owed(l: &Ledger, window: Window) -> Vec<(String, u32, u32, u32)> {
        l.balances(NOW, window)
            .into_iter()
            .map(|b| (b.who.to_string(), b.received, b.given, b.owed))
            .collect()
    }

    #[test]
    fn the_same_like_seen_again_counts_once() {
        let mut l = Ledger::default();
        assert!(l.apply(&received("aoi_dev", 1, 1)));
        assert!(!l.apply(&received("aoi_dev", 1, 1)));
        assert!(
            !l.apply(&received("AOI_DEV", 1, 2)),
            "an earlier sighting of a known like"
        );
        assert!(l.apply(&received("aoi_dev", 2, 1)));
        assert!(l.apply(&given("aoi_dev", 10, 0)));
        assert!(!l.apply(&given("aoi_dev", 10, 0)));
        assert_eq!(owed(&l, Window::All), [("aoi_dev".into(), 2, 1, 1)]);
    }

    #[test]
    fn like_unlike_like_counts_once_and_unlike_removes() {
        let mut l = Ledger::default();
        l.apply(&received("kenji_k", 1, 0));
        l.apply(&given("kenji_k", 10, 0));
        assert!(l.apply(&Event::Unliked {
            post: PostId(10),
            at: NOW
        }));
        assert_eq!(owed(&l, Window::All), [("kenji_k".into(), 1, 0, 1)]);
        assert!(!l.apply(&Event::Unliked {
            post: PostId(10),
            at: NOW
        }));
        l.apply(&given("kenji_k", 10, 0));
        l.apply(&given("kenji_k", 10, 0));
        assert_eq!(owed(&l, Window::All), [("kenji_k".into(), 1, 1, 0)]);
    }

    #[test]
    fn owed_is_never_negative_and_only_counts_the_window() {
        let mut l = Ledger::default();
        // Mika liked three of my posts: two this week, one a month ago.
        for (post, days) in [(1, 1), (2, 5), (3, 30)] {
            l.apply(&received("mika_art", post, days));
        }
        // I liked one of hers long ago and two of Sora's this week.
        l.apply(&given("mika_art", 20, 40));
        l.apply(&given("sora_w", 21, 0));
        l.apply(&given("sora_w", 22, 2));
        assert_eq!(
            owed(&l, Window::Days(7)),
            [("mika_art".into(), 2, 0, 2), ("sora_w".into(), 0, 2, 0)]
        );
        assert_eq!(
            owed(&l, Window::Days(3)),
            [("mika_art".into(), 1, 0, 1), ("sora_w".into(), 0, 2, 0)]
        );
        assert_eq!(
            owed(&l, Window::All),
            [("mika_art".into(), 3, 1, 2), ("sora_w".into(), 0, 2, 0)]
        );
        // Nothing in the window: nobody listed.
        let mut old = Ledger::default();
        old.apply(&received("yuki_t", 1, 10));
        assert!(owed(&old, Window::Days(1)).is_empty());
        assert_eq!(old.balances(NOW, Window::Days(1)).len(), 0);
    }

    #[test]
    fn most_owed_first_then_most_recent_liker() {
        let mut l = Ledger::default();
        l.apply(&received("a_one", 1, 3));
        l.apply(&received("b_two", 1, 1));
        l.apply(&received("c_three", 1, 2));
        l.apply(&received("c_three", 2, 2));
        let order: Vec<String> = l
            .balances(NOW, Window::All)
            .into_iter()
            .map(|b| b.who.to_string())
            .collect();
        assert_eq!(order, ["c_three", "b_two", "a_one"]);
    }

    #[test]
    fn events_rebuild_the_same_ledger() {
        let mut l = Ledger::default();
        for e in [
            received("aoi_dev", 1, 1),
            given("aoi_dev", 9, 2),
            given("kenji_k", 8, 0),
            Event::Unliked {
                post: PostId(8),
                at: NOW,
            },
        ] {
            l.apply(&e);
        }
        let mut copy = Ledger::default();
        for e in l.events() {
            copy.apply(&e);
        }
        assert_eq!(copy.events(), l.events());
        assert_eq!(l.events().len(), 2);
        assert_eq!(owed(&copy, Window::All), owed(&l, Window::All));
    }

    #[test]
    fn changes_are_what_applying_would_change_and_leave_the_ledger_alone() {
        let mut base = Ledger::default();
        base.apply(&received("aoi_dev", 1, 2));
        base.apply(&given("aoi_dev", 10, 2));
        let unlike = |post| Event::Unliked {
            post: PostId(post),
            at: NOW,
        };
        // Every batch of up to three events drawn from a set that meets each rule: repeats,
        // later and earlier sightings, unlikes of known and unknown likes, like-unlike-like.
        let pool = [
            received("aoi_dev", 1, 2),
            received("AOI_DEV", 1, 1),
            received("aoi_dev", 1, 3),
            received("kenji_k", 1, 0),
            given("aoi_dev", 10, 2),
            given("aoi_dev", 10, 1),
            given("mika_art", 11, 0),
            unlike(10),
            unlike(11),
            unlike(12),
        ];
        let n = pool.len();
        for i in 0..n * n * n {
            let batch: Vec<Event> = [i % n, i / n % n, i / n / n]
                .iter()
                .map(|&k| pool[k].clone())
                .collect();
            let before = base.events();
            let changes = base.changes(batch.clone());
            assert_eq!(base.events(), before, "changes() changes nothing");
            let mut all = base.clone();
            let applied: Vec<Event> = batch.iter().filter(|e| all.apply(e)).cloned().collect();
            assert_eq!(changes, applied, "{batch:?}");
            let mut some = base.clone();
            for e in &changes {
                assert!(some.apply(e));
            }
            assert_eq!(some.events(), all.events());
        }
    }

    #[test]
    fn windows_parse_from_settings_values() {
        assert_eq!(Window::parse("7"), Some(Window::Days(7)));
        assert_eq!(Window::parse("all"), Some(Window::All));
        assert_eq!(Window::parse("0"), None);
        assert_eq!(Window::Days(1).start(NOW), NOW - DAY_MS);
    }
}
