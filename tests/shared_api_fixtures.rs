//! `core::api` against real X responses captured by others, read in place from
//! `../shared/fixtures/x-api/` (never copied into the project). The expected figures were
//! counted by hand from the files. Skipped, with a message, where the folder is absent.

use likeback::core::api::{parse, Context, Endpoint, Learned};
use likeback::core::model::{Handle, PostId};
use std::collections::HashSet;
use std::path::PathBuf;

fn shared(name: &str) -> Option<String> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/fixtures/x-api")
        .join(name);
    match std::fs::read_to_string(&path) {
        Ok(body) => Some(body),
        Err(_) => {
            eprintln!("skipped: {} is absent", path.display());
            None
        }
    }
}

fn learn(name: &str, endpoint: Endpoint, ctx: Context) -> Option<Learned> {
    let learned = parse(endpoint, &shared(name)?, &ctx);
    assert_eq!(learned.note, None, "{name} was not understood");
    Some(learned)
}

fn h(s: &str) -> Handle {
    Handle::parse(s).unwrap()
}

#[test]
fn home_timeline_2025() {
    let Some(l) = learn(
        "HomeTimeline-2025.json",
        Endpoint::Timeline,
        Context::default(),
    ) else {
        return;
    };
    // 39 tweet items (conversation modules included) embedding 11 quoted posts; 6 are ads.
    assert_eq!(l.posts.len(), 50);
    assert_eq!(l.posts.iter().filter(|p| p.promoted).count(), 6);
    assert_eq!(l.posts.iter().filter(|p| p.quote).count(), 11);
    assert_eq!(
        l.posts.iter().filter(|p| p.reposted_by.is_some()).count(),
        0
    );
    // The capturing account liked nothing.
    assert!(l.posts.iter().all(|p| p.liked == Some(false)));
    let first = &l.posts[0];
    assert_eq!(
        (first.id, first.author.as_str()),
        (PostId(1925159823030579442), "joplinapp")
    );
    assert_eq!(
        likeback::core::model::format_iso_ms(first.time),
        "2025-05-21T12:00:44.000Z"
    );
}

#[test]
fn user_tweets_2026() {
    let Some(l) = learn(
        "UserTweets-2026.json",
        Endpoint::Timeline,
        Context::default(),
    ) else {
        return;
    };
    // A pinned post, 20 timeline tweets (16 of them reposts by the profile's owner), 12 quotes.
    assert_eq!(l.posts.len(), 33);
    let reposted: Vec<&ApiPostRef> = l.posts.iter().filter(|p| p.reposted_by.is_some()).collect();
    assert_eq!(reposted.len(), 16);
    assert!(reposted
        .iter()
        .all(|p| p.reposted_by.as_ref() == Some(&h("XDevelopers"))));
    // A repost is the original author's post, never the reposter's.
    assert!(reposted.iter().all(|p| p.author != h("XDevelopers")));
    assert!(
        l.posts.iter().any(|p| p.id == PostId(2019881223666233717)),
        "the pinned post"
    );
}

type ApiPostRef = likeback::core::api::ApiPost;

#[test]
fn likes_2024() {
    let Some(l) = learn("Likes-2024.json", Endpoint::Timeline, Context::default()) else {
        return;
    };
    assert_eq!(l.posts.len(), 53);
    assert_eq!(l.posts.iter().filter(|p| p.quote).count(), 13);
}

#[test]
fn favoriters_2024() {
    let post = PostId(1796438353292548775);
    let ctx = Context {
        post: Some(post),
        now: i64::MAX,
        ..Context::default()
    };
    let Some(l) = learn("Favoriters-2024.json", Endpoint::Favoriters, ctx) else {
        return;
    };
    // 20 user entries (plus two cursors), users in the older `legacy` shape.
    assert_eq!(l.received.len(), 20);
    assert!(l.received.iter().all(|r| r.post == post));
    assert_eq!(l.received[0].who, h("InnahMt"));
    let distinct: HashSet<&Handle> = l.received.iter().map(|r| &r.who).collect();
    assert_eq!(distinct.len(), 20);
}

#[test]
fn notifications_all_2025() {
    let ctx = Context {
        me: Some(h("rxliuli")),
        ..Context::default()
    };
    let Some(l) = learn(
        "notifications-all-2025.json",
        Endpoint::NotificationsRest,
        ctx,
    ) else {
        return;
    };
    // 17 notifications: 15 hearts (two follows ignored) naming 37 (liker, post) pairs, though
    // one says "and 29 others": X lists only ten, and only those are counted.
    assert_eq!(l.received.len(), 37);
    let pairs: HashSet<(String, PostId)> =
        l.received.iter().map(|r| (r.who.key(), r.post)).collect();
    assert_eq!(pairs.len(), 37);
    let likers: HashSet<&Handle> = l.received.iter().map(|r| &r.who).collect();
    let posts: HashSet<PostId> = l.received.iter().map(|r| r.post).collect();
    assert_eq!((likers.len(), posts.len()), (27, 14));
    assert_eq!(
        l.received
            .iter()
            .filter(|r| r.who == h("harukio_0"))
            .count(),
        8
    );
    // Another account's view of the same notifications: none of the posts is theirs.
    let other = Context {
        me: Some(h("someone_else")),
        ..Context::default()
    };
    let body = shared("notifications-all-2025.json").unwrap();
    assert!(parse(Endpoint::NotificationsRest, &body, &other)
        .received
        .is_empty());
}
