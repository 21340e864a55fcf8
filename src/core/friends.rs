//! The friends this tab marks: what the background published (`marks` in storage), kept up to
//! date with what this tab sees before the background hears of it (a newer post, a like).

use crate::core::marks::{mark_of, Friend, Mark};
use crate::core::model::{Handle, PostId};
use std::collections::{HashMap, HashSet};

#[derive(Default)]
pub struct Friends {
    by_handle: HashMap<Handle, Friend>,
    /// The newest post this tab has seen of each author (friend or not), so that only newer
    /// ones are sent to the background.
    newest_seen: HashMap<Handle, PostId>,
    /// Posts X's API says are replies: not anyone's "newest post".
    replies: HashSet<PostId>,
}

/// How a post seen compares with the author's newest known here.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Seen {
    Newer,
    Same,
    Older,
}

/// Most reply ids kept (a long session scrolls through thousands).
const MAX_REPLIES: usize = 20_000;

impl Friends {
    /// Takes the background's list, keeping newer posts this tab has seen meanwhile.
    pub fn load(&mut self, friends: Vec<Friend>) {
        let mut by_handle = HashMap::with_capacity(friends.len());
        for mut f in friends {
            if let Some(local) = self.newest_seen.get(&f.who) {
                if f.newest.is_none_or(|n| n < *local) {
                    f.newest = Some(*local);
                    f.liked = self
                        .by_handle
                        .get(&f.who)
                        .is_some_and(|old| old.newest == Some(*local) && old.liked);
                }
            }
            by_handle.insert(f.who.clone(), f);
        }
        self.by_handle = by_handle;
    }

    pub fn is_friend(&self, who: &Handle) -> bool {
        self.by_handle.contains_key(who)
    }

    pub fn note_reply(&mut self, id: PostId) {
        if self.replies.len() < MAX_REPLIES {
            self.replies.insert(id);
        }
    }

    /// A post of `author` seen (in the page or an API response). `Newer` when it is newer
    /// than any seen before: it is then their newest, and goes to the background.
    pub fn seen(&mut self, author: &Handle, id: PostId, liked: Option<bool>) -> Seen {
        let known = self.newest_seen.get(author).copied();
        if self.replies.contains(&id) || known.is_some_and(|n| n >= id) {
            if let (Some(f), Some(liked)) = (self.by_handle.get_mut(author), liked) {
                if f.newest == Some(id) {
                    f.liked = liked;
                }
            }
            return if known == Some(id) {
                Seen::Same
            } else {
                Seen::Older
            };
        }
        self.newest_seen.insert(author.clone(), id);
        if let Some(f) = self.by_handle.get_mut(author) {
            if f.newest.is_none_or(|n| n < id) {
                f.newest = Some(id);
                f.liked = liked.unwrap_or(false);
            } else if f.newest == Some(id) {
                if let Some(liked) = liked {
                    f.liked = liked;
                }
            }
        }
        Seen::Newer
    }

    /// The user liked or unliked `id`.
    pub fn liked(&mut self, author: &Handle, id: PostId, liked: bool) {
        if let Some(f) = self.by_handle.get_mut(author) {
            if f.newest == Some(id) {
                f.liked = liked;
            }
        }
    }

    /// The mark of a post, from what the page shows of its like button.
    pub fn mark(&self, author: &Handle, id: PostId, liked_on_page: Option<bool>) -> Option<Mark> {
        mark_of(self.by_handle.get(author)?, id, liked_on_page)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(s: &str) -> Handle {
        Handle::parse(s).unwrap()
    }

    fn friend(who: &str, newest: Option<u64>, liked: bool) -> Friend {
        Friend {
            who: h(who),
            owed: 1,
            newest: newest.map(PostId),
            liked,
        }
    }

    #[test]
    fn a_newer_post_seen_here_moves_the_mark_before_the_background_knows() {
        let mut f = Friends::default();
        f.load(vec![friend("aoi_dev", Some(10), false)]);
        assert_eq!(
            f.mark(&h("aoi_dev"), PostId(10), Some(false)),
            Some(Mark::NewestUnliked { owed: 1 })
        );
        assert_eq!(f.seen(&h("aoi_dev"), PostId(12), Some(false)), Seen::Newer);
        assert_eq!(f.mark(&h("aoi_dev"), PostId(10), Some(false)), None);
        assert_eq!(
            f.mark(&h("aoi_dev"), PostId(12), Some(false)),
            Some(Mark::NewestUnliked { owed: 1 })
        );
        // The background's older list does not take it back.
        f.load(vec![friend("aoi_dev", Some(10), false)]);
        assert_eq!(
            f.mark(&h("aoi_dev"), PostId(12), None),
            Some(Mark::NewestUnliked { owed: 1 })
        );
        f.liked(&h("aoi_dev"), PostId(12), true);
        assert_eq!(
            f.mark(&h("aoi_dev"), PostId(12), None),
            Some(Mark::CaughtUp)
        );
    }

    #[test]
    fn replies_and_older_posts_are_not_newest() {
        let mut f = Friends::default();
        f.load(vec![friend("kenji_k", None, false)]);
        f.note_reply(PostId(20));
        assert_eq!(f.seen(&h("kenji_k"), PostId(20), Some(false)), Seen::Older);
        assert_eq!(f.seen(&h("kenji_k"), PostId(15), Some(false)), Seen::Newer);
        assert_eq!(f.seen(&h("kenji_k"), PostId(15), None), Seen::Same);
        assert_eq!(f.seen(&h("kenji_k"), PostId(14), Some(false)), Seen::Older);
        assert_eq!(
            f.mark(&h("kenji_k"), PostId(15), Some(false)),
            Some(Mark::NewestUnliked { owed: 1 })
        );
        assert_eq!(f.mark(&h("someone"), PostId(15), Some(false)), None);
        assert_eq!(
            f.seen(&h("someone"), PostId(1), None),
            Seen::Newer,
            "strangers' posts still go to the background"
        );
    }
}
