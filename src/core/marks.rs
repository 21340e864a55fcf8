//! Each friend's newest post, and whether I have liked it: what the page marks.
//!
//! A friend is anyone who liked one of my posts within the counting window, and anyone on a
//! team. Their newest post is the newest original post or quote of theirs seen anywhere
//! (timelines, profiles, X's API responses; a repost by someone else shows their post too).
//! While I have not liked it, that post carries the mark; once it is liked the friend is caught
//! up, and no older post is marked instead: a like-back is one like on their latest post, not a
//! hunt through their history (the seeds ask for gentleness, not chores).

use crate::core::ledger::{Balance, Ledger};
use crate::core::model::{Handle, PostId};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// A post kept as someone's newest.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Newest {
    pub id: PostId,
    /// The first words, for the popup and the round.
    pub text: String,
}

/// The newest post seen of each author.
#[derive(Clone, Debug, Default)]
pub struct Seen {
    newest: HashMap<Handle, Newest>,
}

impl Seen {
    /// Keeps `post` if it is newer than the author's newest known (or gives the known one its
    /// words, seen first without them); `true` when anything changed.
    pub fn add(&mut self, author: &Handle, post: Newest) -> bool {
        match self.newest.get_mut(author) {
            Some(known)
                if known.id == post.id && known.text.is_empty() && !post.text.is_empty() =>
            {
                known.text = post.text;
                true
            }
            Some(known) if known.id >= post.id => false,
            Some(known) => {
                *known = post;
                true
            }
            None => {
                self.newest.insert(author.clone(), post);
                true
            }
        }
    }

    /// What `add`ing each of `posts` would change, without changing anything: each touched
    /// author with the newest post they would then have. `add`ing these gives the same result
    /// as adding all of `posts` (the background stores them before they become its state).
    pub fn changes(
        &self,
        posts: impl IntoIterator<Item = (Handle, Newest)>,
    ) -> Vec<(Handle, Newest)> {
        let mut touched: HashMap<Handle, Newest> = HashMap::new();
        for (author, post) in posts {
            // The rule is `add`'s, applied to a one-author copy.
            let mut one = Seen::default();
            if let Some(known) = touched.get(&author).or_else(|| self.newest.get(&author)) {
                one.newest.insert(author.clone(), known.clone());
            }
            if one.add(&author, post) {
                if let Some(newest) = one.newest.remove(&author) {
                    touched.insert(author, newest);
                }
            }
        }
        touched.into_iter().collect()
    }

    pub fn newest(&self, author: &Handle) -> Option<&Newest> {
        self.newest.get(author)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&Handle, &Newest)> {
        self.newest.iter()
    }

    pub fn len(&self) -> usize {
        self.newest.len()
    }

    pub fn is_empty(&self) -> bool {
        self.newest.is_empty()
    }
}

/// What the page needs to mark one friend's posts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Friend {
    pub who: Handle,
    pub owed: u32,
    /// Their newest post seen, if any.
    pub newest: Option<PostId>,
    /// Whether I liked it (then they are caught up).
    pub liked: bool,
}

/// Every friend: the people with received likes in the window (`balances`, the ledger's
/// balances over it), and the team.
pub fn friends(ledger: &Ledger, seen: &Seen, balances: &[Balance], team: &[Handle]) -> Vec<Friend> {
    let owed: HashMap<&Handle, u32> = balances.iter().map(|b| (&b.who, b.owed)).collect();
    let mut out: Vec<Friend> = Vec::new();
    let mut listed: HashSet<&Handle> = HashSet::new();
    let people = balances
        .iter()
        .filter(|b| b.received > 0)
        .map(|b| &b.who)
        .chain(team);
    for who in people {
        if !listed.insert(who) {
            continue;
        }
        let newest = seen.newest(who).map(|n| n.id);
        out.push(Friend {
            liked: newest.is_some_and(|id| ledger.has_given(id)),
            who: who.clone(),
            owed: owed.get(who).copied().unwrap_or(0),
            newest,
        });
    }
    out
}

/// How a post of a friend's is marked on the page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    /// Their newest post, not liked yet: the one to like (with what I owe them).
    NewestUnliked { owed: u32 },
    /// Their newest post, liked.
    CaughtUp,
}

impl Mark {
    pub fn as_str(self) -> &'static str {
        match self {
            Mark::NewestUnliked { .. } => "newest-unliked",
            Mark::CaughtUp => "caught-up",
        }
    }
}

/// The mark of post `id` by a friend whose newest post is `friend.newest`, given whether the
/// page shows it liked. Older posts get none.
pub fn mark_of(friend: &Friend, id: PostId, liked_on_page: Option<bool>) -> Option<Mark> {
    if friend.newest != Some(id) {
        return None;
    }
    let liked = liked_on_page.unwrap_or(friend.liked);
    Some(if liked {
        Mark::CaughtUp
    } else {
        Mark::NewestUnliked { owed: friend.owed }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::ledger::{Event, Window, DAY_MS};

    const NOW: i64 = 1_800_000_000_000;

    #[test]
    fn seen_changes_match_adding_and_change_nothing() {
        let post = |id: u64, text: &str| Newest {
            id: PostId(id),
            text: text.into(),
        };
        let mut seen = Seen::default();
        seen.add(&h("aoi_dev"), post(5, ""));
        seen.add(&h("kenji_k"), post(9, "hi"));
        let batch = vec![
            (h("aoi_dev"), post(5, "words")),
            (h("aoi_dev"), post(4, "older")),
            (h("kenji_k"), post(8, "older")),
            (h("mika_art"), post(3, "")),
            (h("mika_art"), post(7, "newer")),
        ];
        let mut changes = seen.changes(batch.clone());
        changes.sort_by(|a, b| a.0.cmp(&b.0));
        assert_eq!(seen.newest(&h("aoi_dev")), Some(&post(5, "")), "unchanged");
        assert_eq!(
            changes,
            [
                (h("aoi_dev"), post(5, "words")),
                (h("mika_art"), post(7, "newer"))
            ]
        );
        let (mut all, mut some) = (seen.clone(), seen.clone());
        for (a, p) in batch {
            all.add(&a, p);
        }
        for (a, p) in changes {
            assert!(some.add(&a, p));
        }
        let sorted = |s: &Seen| {
            let mut v: Vec<_> = s.iter().map(|(a, p)| (a.clone(), p.clone())).collect();
            v.sort_by(|a, b| a.0.cmp(&b.0));
            v
        };
        assert_eq!(sorted(&some), sorted(&all));
    }

    fn h(s: &str) -> Handle {
        Handle::parse(s).unwrap()
    }

    fn post(id: u64) -> Newest {
        Newest {
            id: PostId(id),
            text: format!("post {id}"),
        }
    }

    #[test]
    fn the_newest_seen_wins_wherever_it_was_seen() {
        let mut seen = Seen::default();
        assert!(seen.add(&h("aoi_dev"), post(10)));
        assert!(
            !seen.add(&h("AOI_DEV"), post(5)),
            "an older post changes nothing"
        );
        assert!(seen.add(&h("aoi_dev"), post(12)));
        assert!(!seen.add(&h("aoi_dev"), post(12)));
        assert!(seen.add(
            &h("mika_art"),
            Newest {
                id: PostId(3),
                text: String::new()
            }
        ));
        assert!(seen.add(&h("mika_art"), post(3)), "the words arrive later");
        assert_eq!(
            seen.newest(&h("mika_art")).map(|n| n.text.as_str()),
            Some("post 3")
        );
        assert_eq!(seen.newest(&h("aoi_dev")).map(|n| n.id), Some(PostId(12)));
    }

    #[test]
    fn friends_are_recent_likers_and_the_team() {
        let mut ledger = Ledger::default();
        ledger.apply(&Event::Received {
            who: h("aoi_dev"),
            post: PostId(1),
            at: NOW - DAY_MS,
        });
        ledger.apply(&Event::Received {
            who: h("aoi_dev"),
            post: PostId(2),
            at: NOW - DAY_MS,
        });
        ledger.apply(&Event::Received {
            who: h("old_friend"),
            post: PostId(1),
            at: NOW - 30 * DAY_MS,
        });
        ledger.apply(&Event::Given {
            who: h("aoi_dev"),
            post: PostId(99),
            at: NOW,
        });
        let mut seen = Seen::default();
        seen.add(&h("aoi_dev"), post(99));
        seen.add(&h("mika_art"), post(50));
        let team = [h("mika_art"), h("aoi_dev")];
        let f = friends(
            &ledger,
            &seen,
            &ledger.balances(NOW, Window::Days(7)),
            &team,
        );
        assert_eq!(
            f,
            vec![
                Friend {
                    who: h("aoi_dev"),
                    owed: 1,
                    newest: Some(PostId(99)),
                    liked: true
                },
                Friend {
                    who: h("mika_art"),
                    owed: 0,
                    newest: Some(PostId(50)),
                    liked: false
                },
            ]
        );
    }

    #[test]
    fn only_the_newest_post_is_marked_and_a_like_catches_up() {
        let friend = Friend {
            who: h("aoi_dev"),
            owed: 2,
            newest: Some(PostId(9)),
            liked: false,
        };
        assert_eq!(
            mark_of(&friend, PostId(9), Some(false)),
            Some(Mark::NewestUnliked { owed: 2 })
        );
        assert_eq!(
            mark_of(&friend, PostId(8), Some(false)),
            None,
            "an older unliked post"
        );
        assert_eq!(
            mark_of(&friend, PostId(9), Some(true)),
            Some(Mark::CaughtUp)
        );
        assert_eq!(
            mark_of(&friend, PostId(9), None),
            Some(Mark::NewestUnliked { owed: 2 })
        );
        let unknown = Friend {
            newest: None,
            ..friend
        };
        assert_eq!(mark_of(&unknown, PostId(9), Some(false)), None);
    }
}
