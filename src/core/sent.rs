//! A tab's memory of what it already sent to the background, so that what the background knows
//! is not sent again: X re-renders the same cells many times while one scrolls (each time a
//! liked post is seen liked, a repost bar shows its reposter's name), and its API answers the
//! same notifications again on every visit.
//!
//! Forgetting only costs a message (the background counts every like once), so the memory is
//! small: each map is cleared when it grows past `MAX_REMEMBERED`.

use crate::core::ledger::Event;
use crate::core::marks::Newest;
use crate::core::model::{Handle, PostId};
use std::collections::{HashMap, HashSet};

/// Most entries of each kind remembered.
pub const MAX_REMEMBERED: usize = 20_000;

#[derive(Default)]
pub struct Sent {
    /// The liked state last sent for a post (a like given, or taken back).
    liked: HashMap<PostId, bool>,
    received: HashSet<(Handle, PostId)>,
    /// The newest post sent for each author, and whether its first words went with it.
    newest: HashMap<Handle, (PostId, bool)>,
    names: HashMap<Handle, String>,
}

impl Sent {
    /// Keeps what is new to the background and remembers it as sent.
    pub fn keep_new(
        &mut self,
        events: &mut Vec<Event>,
        posts: &mut Vec<(Handle, Newest)>,
        names: &mut Vec<(Handle, String)>,
    ) {
        bound(&mut self.liked);
        bound_set(&mut self.received);
        bound(&mut self.newest);
        bound(&mut self.names);
        events.retain(|e| match e {
            Event::Given { post, .. } => self.liked.insert(*post, true) != Some(true),
            // An unlike is the user's own click: always sent.
            Event::Unliked { post, .. } => {
                self.liked.insert(*post, false);
                true
            }
            Event::Received { who, post, .. } => self.received.insert((who.clone(), *post)),
        });
        posts.retain(|(author, newest)| {
            let words = !newest.text.is_empty();
            match self.newest.get(author) {
                Some(&(id, _)) if id > newest.id => false,
                // The same post again: only when it now brings its first words.
                Some(&(id, had_words)) if id == newest.id && (had_words || !words) => false,
                _ => {
                    self.newest.insert(author.clone(), (newest.id, words));
                    true
                }
            }
        });
        names.retain(|(who, name)| {
            if self.names.get(who) == Some(name) {
                return false;
            }
            self.names.insert(who.clone(), name.clone());
            true
        });
    }
}

fn bound<K, V>(map: &mut HashMap<K, V>) {
    if map.len() > MAX_REMEMBERED {
        map.clear();
    }
}

fn bound_set<K>(set: &mut HashSet<K>) {
    if set.len() > MAX_REMEMBERED {
        set.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(s: &str) -> Handle {
        Handle::parse(s).unwrap()
    }

    fn given(post: u64) -> Event {
        Event::Given {
            who: h("mika_art"),
            post: PostId(post),
            at: 1,
        }
    }

    fn newest(id: u64, text: &str) -> (Handle, Newest) {
        (
            h("mika_art"),
            Newest {
                id: PostId(id),
                text: text.into(),
            },
        )
    }

    fn keep(sent: &mut Sent, events: Vec<Event>, posts: Vec<(Handle, Newest)>) -> (usize, usize) {
        let (mut events, mut posts, mut names) = (events, posts, Vec::new());
        sent.keep_new(&mut events, &mut posts, &mut names);
        (events.len(), posts.len())
    }

    #[test]
    fn an_unchanged_liked_state_is_sent_once() {
        let mut sent = Sent::default();
        assert_eq!(
            keep(&mut sent, vec![given(1), given(1), given(2)], vec![]).0,
            2
        );
        assert_eq!(keep(&mut sent, vec![given(1)], vec![]).0, 0);
        // Taken back, then liked again: both are news.
        let unlike = Event::Unliked {
            post: PostId(1),
            at: 2,
        };
        assert_eq!(keep(&mut sent, vec![unlike, given(1)], vec![]).0, 2);
    }

    #[test]
    fn received_likes_are_sent_once() {
        let mut sent = Sent::default();
        let r = |who: &str| Event::Received {
            who: h(who),
            post: PostId(5),
            at: 1,
        };
        assert_eq!(keep(&mut sent, vec![r("aoi_dev"), r("kenji")], vec![]).0, 2);
        assert_eq!(keep(&mut sent, vec![r("aoi_dev")], vec![]).0, 0);
    }

    #[test]
    fn only_a_newer_post_or_first_words_are_news() {
        let mut sent = Sent::default();
        assert_eq!(keep(&mut sent, vec![], vec![newest(10, "")]).1, 1);
        assert_eq!(keep(&mut sent, vec![], vec![newest(10, "")]).1, 0);
        assert_eq!(keep(&mut sent, vec![], vec![newest(9, "older")]).1, 0);
        assert_eq!(keep(&mut sent, vec![], vec![newest(10, "words")]).1, 1);
        assert_eq!(keep(&mut sent, vec![], vec![newest(10, "words")]).1, 0);
        assert_eq!(keep(&mut sent, vec![], vec![newest(11, "")]).1, 1);
    }

    #[test]
    fn a_name_is_sent_again_only_when_it_changed() {
        let mut sent = Sent::default();
        let mut names = vec![(h("kenji"), "Kenji".to_string())];
        sent.keep_new(&mut Vec::new(), &mut Vec::new(), &mut names);
        assert_eq!(names.len(), 1);
        sent.keep_new(&mut Vec::new(), &mut Vec::new(), &mut names);
        assert!(names.is_empty());
        let mut renamed = vec![(h("kenji"), "Kenji 🍵".to_string())];
        sent.keep_new(&mut Vec::new(), &mut Vec::new(), &mut renamed);
        assert_eq!(renamed.len(), 1);
    }

    #[test]
    fn the_memory_stays_small() {
        let mut sent = Sent::default();
        let many: Vec<Event> = (0..MAX_REMEMBERED as u64 + 5).map(given).collect();
        keep(&mut sent, many, vec![]);
        // Cleared at the next call: what was forgotten is merely sent again.
        assert_eq!(keep(&mut sent, vec![given(0)], vec![]).0, 1);
        assert!(sent.liked.len() <= 1);
    }
}
