//! What was seen, turned into like events and newest posts: each rule decided once here, for
//! every source (X's API responses and X's page alike). What comes out still passes
//! `core::admit` (plausible times and ids, caps) before it is sent on.

use crate::core::friends::Seen;
use crate::core::ledger::Event;
use crate::core::marks::Newest;
use crate::core::model::{first_words, Handle, PostId};
use crate::core::route::Route;

/// How much of a post's text goes with it as an author's newest post (the popup shows less).
pub const NEWEST_TEXT_CHARS: usize = 140;

/// At most this many characters of a display name are stored.
pub const NAME_CHARS: usize = 100;

/// A display name as the background stores it: its first `NAME_CHARS` characters.
pub fn stored_name(name: &str) -> String {
    name.chars().take(NAME_CHARS).collect()
}

/// An author's newest post as the background stores it: the text cut to `NEWEST_TEXT_CHARS`
/// characters whatever a content script sent.
pub fn stored_newest(post: Newest) -> Newest {
    let text = post.text.chars().take(NEWEST_TEXT_CHARS).collect();
    Newest { text, ..post }
}

/// A post seen in the liked state is a like I gave: on an original, a reply or a quoted post
/// alike (a like is a like, whoever it was given to). Not on my own posts, nor on ads. `at`
/// is the post's time: X does not say when the like was given.
pub fn like_seen(
    author: &Handle,
    post: PostId,
    liked: Option<bool>,
    promoted: bool,
    me: Option<&Handle>,
    at: i64,
) -> Option<Event> {
    let mine = me == Some(author);
    (liked == Some(true) && !mine && !promoted).then(|| Event::Given {
        who: author.clone(),
        post,
        at,
    })
}

/// The user liked or unliked a post in place: a like given, or taken back, `now`. Nothing on
/// my own posts (liking myself owes no one).
pub fn like_changed(
    author: Handle,
    post: PostId,
    liked: bool,
    me: Option<&Handle>,
    now: i64,
) -> Option<Event> {
    if me == Some(&author) {
        return None;
    }
    Some(if liked {
        Event::Given {
            who: author,
            post,
            at: now,
        }
    } else {
        Event::Unliked { post, at: now }
    })
}

/// Whether a post of an author, compared with their newest seen in this tab, goes to the
/// background as their newest: a newer one always; one seen before (`Same`) again only from
/// X's API, as it always did (a cell X re-renders is seen again on every scroll, and would
/// send it each time); an older one never.
pub fn sends_newest(seen: Seen, from_api: bool) -> bool {
    match seen {
        Seen::Newer => true,
        Seen::Same => from_api,
        Seen::Older => false,
    }
}

/// A post as an author's newest: its id and the start of its text.
pub fn newest(id: PostId, text: &str) -> Newest {
    Newest {
        id,
        text: first_words(text, NEWEST_TEXT_CHARS),
    }
}

/// The post whose likers count here: only on the likes page of one of my own posts (X shows
/// that list to the post's author only, and a list of someone else's post must not count
/// either, whatever a response or the page shows).
pub fn my_likers_page(route: &Route, me: Option<&Handle>) -> Option<PostId> {
    match route {
        Route::Likers(author, post) if Some(author) == me => Some(*post),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(s: &str) -> Handle {
        Handle::parse(s).unwrap()
    }

    #[test]
    fn a_post_seen_liked_is_a_like_given_but_not_on_mine_nor_on_ads() {
        let (me, aoi) = (h("hana_lb"), h("aoi_dev"));
        assert_eq!(
            like_seen(&aoi, PostId(5), Some(true), false, Some(&me), 7),
            Some(Event::Given {
                who: aoi.clone(),
                post: PostId(5),
                at: 7
            })
        );
        assert_eq!(
            like_seen(&aoi, PostId(5), Some(false), false, Some(&me), 7),
            None
        );
        assert_eq!(like_seen(&aoi, PostId(5), None, false, Some(&me), 7), None);
        assert_eq!(
            like_seen(&aoi, PostId(5), Some(true), true, Some(&me), 7),
            None
        );
        assert_eq!(
            like_seen(&me, PostId(5), Some(true), false, Some(&me), 7),
            None
        );
        // "Me" not known yet: still a like given.
        assert!(like_seen(&aoi, PostId(5), Some(true), false, None, 7).is_some());
    }

    #[test]
    fn a_like_changed_in_place_is_given_or_taken_back_now_but_not_on_mine() {
        let (me, aoi) = (h("hana_lb"), h("aoi_dev"));
        assert_eq!(
            like_changed(aoi.clone(), PostId(5), true, Some(&me), 9),
            Some(Event::Given {
                who: aoi.clone(),
                post: PostId(5),
                at: 9
            })
        );
        assert_eq!(
            like_changed(aoi, PostId(5), false, Some(&me), 9),
            Some(Event::Unliked {
                post: PostId(5),
                at: 9
            })
        );
        assert_eq!(
            like_changed(me.clone(), PostId(5), true, Some(&me), 9),
            None
        );
    }

    #[test]
    fn a_newer_post_becomes_the_authors_newest() {
        assert!(sends_newest(Seen::Newer, false));
        assert!(sends_newest(Seen::Newer, true));
        assert!(!sends_newest(Seen::Same, false));
        assert!(sends_newest(Seen::Same, true));
        assert!(!sends_newest(Seen::Older, false));
        assert!(!sends_newest(Seen::Older, true));
        let long = "あ".repeat(300);
        let n = newest(PostId(3), &long);
        assert_eq!(n.id, PostId(3));
        assert_eq!(n.text, first_words(&long, NEWEST_TEXT_CHARS));
    }

    #[test]
    fn names_and_texts_are_stored_cut_by_characters() {
        let long = "é".repeat(NAME_CHARS + 5);
        assert_eq!(stored_name(&long).chars().count(), NAME_CHARS);
        assert_eq!(stored_name("Aoi"), "Aoi");
        let post = stored_newest(Newest {
            id: PostId(4),
            text: "字".repeat(NEWEST_TEXT_CHARS + 1),
        });
        assert_eq!(
            (post.id, post.text.chars().count()),
            (PostId(4), NEWEST_TEXT_CHARS)
        );
    }

    #[test]
    fn likers_count_only_on_my_own_posts_likes_page() {
        let (me, aoi) = (h("hana_lb"), h("aoi_dev"));
        let mine = Route::Likers(me.clone(), PostId(8));
        let theirs = Route::Likers(aoi, PostId(8));
        assert_eq!(my_likers_page(&mine, Some(&me)), Some(PostId(8)));
        assert_eq!(my_likers_page(&theirs, Some(&me)), None);
        assert_eq!(my_likers_page(&mine, None), None);
        assert_eq!(my_likers_page(&Route::Notifications, Some(&me)), None);
    }
}
