//! X's own API responses, as the web app receives them, turned into posts and likes.
//!
//! Typed structs for only the fields we read; everything is `Option` or defaulted because X
//! leaves fields out or sets them to null freely, and unknown fields are ignored. A body whose
//! shape we do not know yields nothing and a note, never a panic.
//!
//! Over 400 lines: one reader per endpoint of X's API sharing the shape walkers, ~730 lines
//! of code and tests against the written fixtures. One module per endpoint, with the walkers
//! in a module of their own, is the way to split it when it grows.

use crate::core::ledger::Event;
use crate::core::model::{Handle, PostId};
use serde_json::Value;
use std::collections::HashSet;

/// What a body of X's API holds, decided by the operation's name where its meaning differs and
/// by the body's shape otherwise: X renames its operations (`UserTweets` became
/// `UserOriginalsTimeline`), so no list of names decides what is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Endpoint {
    /// Any other GraphQL query: read as a timeline when its instructions carry tweet or user
    /// results (HomeTimeline, UserOriginalsTimeline, UserRepliesTimeline, TweetDetail, Likes,
    /// Bookmarks, CommunityTweetsTimeline, the next rename…).
    Timeline,
    /// Who liked a post (shown to the post's author only).
    Favoriters,
    /// GraphQL NotificationsTimeline.
    Notifications,
    /// REST `/i/api/2/notifications/*.json`.
    NotificationsRest,
    /// Members of a list.
    ListMembers,
}

impl Endpoint {
    /// From a request URL on any of X's hosts: `/i/api/graphql/<queryId>/<Operation>`,
    /// `https://api.x.com/graphql/<queryId>/<Operation>` or the REST notifications. Mutations
    /// (FavoriteTweet, CreateRetweet…) are what the user did, not what X shows: none.
    pub fn of_url(url: &str) -> Option<Endpoint> {
        Some(request_of(url)?.0)
    }

    fn of_operation(op: &str) -> Option<Endpoint> {
        if is_mutation(op) {
            return None;
        }
        Some(match op {
            "Favoriters" => Endpoint::Favoriters,
            "NotificationsTimeline" => Endpoint::Notifications,
            "ListMembers" => Endpoint::ListMembers,
            _ => Endpoint::Timeline,
        })
    }
}

/// The operation a request URL names (`HomeTimeline`, `UserOriginalsTimeline`,
/// `notifications/all` for the REST notifications), if it is one Likeback reads.
pub fn operation(url: &str) -> Option<&str> {
    Some(request_of(url)?.1)
}

fn request_of(url: &str) -> Option<(Endpoint, &str)> {
    if let Some((_, rest)) = url.split_once("://") {
        let host = rest.split(['/', '?', '#']).next()?;
        let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
        let host = host.split(':').next()?;
        if !is_x_host(host) {
            return None;
        }
    }
    let path = crate::core::model::href_path(url);
    let path = path.strip_prefix("/i/api").unwrap_or(path);
    if let Some(rest) = path.strip_prefix("/2/notifications/") {
        let name = rest.strip_suffix(".json")?;
        let ok = !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
        return ok.then(|| (Endpoint::NotificationsRest, &path[3..path.len() - 5]));
    }
    let mut parts = path.strip_prefix("/graphql/")?.split('/');
    let (_query_id, op) = (parts.next()?, parts.next()?);
    let ok = parts.next().is_none()
        && !op.is_empty()
        && op.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    if !ok {
        return None;
    }
    Some((Endpoint::of_operation(op)?, op))
}

/// x.com, twitter.com and their subdomains (api.x.com, mobile.x.com…).
fn is_x_host(host: &str) -> bool {
    let host = host.to_ascii_lowercase();
    ["x.com", "twitter.com"]
        .iter()
        .any(|d| host == *d || host.strip_suffix(d).is_some_and(|s| s.ends_with('.')))
}

/// X's mutations are named by a verb (`FavoriteTweet`, `DeleteBookmark`, `ListAddMember`);
/// queries by what they show (`Favoriters`, `Bookmarks`, `ListMembers`).
fn is_mutation(op: &str) -> bool {
    const VERBS: &[&str] = &[
        "Create",
        "Delete",
        "Favorite",
        "Unfavorite",
        "Update",
        "Remove",
        "Add",
        "Pin",
        "Unpin",
        "Mute",
        "Unmute",
        "Block",
        "Unblock",
        "Follow",
        "Unfollow",
        "Edit",
        "Put",
        "Set",
        "Mark",
        "Dismiss",
        "Report",
        "Subscribe",
        "Unsubscribe",
        "Join",
        "Leave",
    ];
    let op = op.strip_prefix("List").unwrap_or(op);
    VERBS.iter().any(|v| {
        op.strip_prefix(v)
            .is_some_and(|rest| rest.bytes().next().is_some_and(|b| b.is_ascii_uppercase()))
    })
}

/// A post as an API response shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct ApiPost {
    pub id: PostId,
    pub author: Handle,
    /// ms since the epoch.
    pub time: i64,
    /// `favorited`: whether the logged-in user liked it.
    pub liked: Option<bool>,
    pub quote: bool,
    pub reply: bool,
    /// Seen only as this person's repost.
    pub reposted_by: Option<Handle>,
    pub promoted: bool,
    pub text: String,
    /// `favorite_count`: how many likes X counts on the post (`None` when absent, or beyond a
    /// `u32`, which no real count is).
    pub likes: Option<u32>,
}

impl ApiPost {
    /// The like I gave this post, when X shows it liked by me: on an original, a reply or a
    /// quoted post alike (a like is a like, whoever it was given to). Not on my own posts, nor
    /// on ads. Dated by the post, as X does not say when the like was given.
    pub fn like_given(&self, me: Option<&Handle>) -> Option<Event> {
        crate::core::learn::like_seen(
            &self.author,
            self.id,
            self.liked,
            self.promoted,
            me,
            self.time,
        )
    }
}

/// "`who` liked my post `post`", at `at` (ms).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReceivedLike {
    pub who: Handle,
    pub post: PostId,
    pub at: i64,
}

impl From<ReceivedLike> for Event {
    fn from(r: ReceivedLike) -> Event {
        Event::Received {
            who: r.who,
            post: r.post,
            at: r.at,
        }
    }
}

/// Everything one response taught us.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Learned {
    pub posts: Vec<ApiPost>,
    pub received: Vec<ReceivedLike>,
    /// Display names of the people seen.
    pub names: Vec<(Handle, String)>,
    /// Members of a list (ListMembers).
    pub members: Vec<Handle>,
    /// Set when the body was not understood.
    pub note: Option<String>,
    /// The operation the body answered (`UserOriginalsTimeline`, `notifications/all`…), when
    /// read through `parse_response`: which of X's sources spoke.
    pub operation: String,
}

/// What the caller knows about the request.
#[derive(Clone, Debug, Default)]
pub struct Context {
    pub me: Option<Handle>,
    /// For Favoriters: the post whose likers these are (from the request's variables).
    pub post: Option<PostId>,
    /// ms since the epoch, for likes whose time X does not give.
    pub now: i64,
}

/// A response to the request `url`: `None` when it is not one Likeback reads.
pub fn parse_response(url: &str, body: &str, ctx: &Context) -> Option<Learned> {
    let (endpoint, operation) = request_of(url)?;
    let mut learned = parse(endpoint, body, ctx);
    learned.operation = operation.to_string();
    Some(learned)
}

/// Reads `body`, parsed without what no reader here looks into (`core::unread`).
pub fn parse(endpoint: Endpoint, body: &str, ctx: &Context) -> Learned {
    match crate::core::unread::parse(body) {
        Ok(v) => parse_value(endpoint, &v, ctx),
        Err(e) => not_understood(endpoint, &e.to_string()),
    }
}

/// Reads a body already parsed whole (the tests compare it with `parse`).
pub fn parse_value(endpoint: Endpoint, v: &Value, ctx: &Context) -> Learned {
    let result = match endpoint {
        Endpoint::NotificationsRest => rest_notifications(v, ctx),
        _ => graphql(endpoint, v, ctx),
    };
    result.unwrap_or_else(|reason| not_understood(endpoint, &reason))
}

fn not_understood(endpoint: Endpoint, reason: &str) -> Learned {
    Learned {
        note: Some(format!("{endpoint:?}: {reason:.160}")),
        ..Learned::default()
    }
}

// The body is read as a `serde_json::Value` and walked by path. (Derived `Deserialize` structs
// for the thirty-odd shapes below cost over 40 KB of the content script's gzipped WASM; a walk
// by path costs a fraction, and a missing or mistyped field still just reads as absent.)

/// The value at `path` (object keys), if every step exists.
fn at<'a>(v: &'a Value, path: &[&str]) -> Option<&'a Value> {
    path.iter().try_fold(v, |v, key| v.get(key))
}

fn str_at<'a>(v: &'a Value, path: &[&str]) -> Option<&'a str> {
    at(v, path)?.as_str()
}

fn array_at<'a>(v: &'a Value, path: &[&str]) -> &'a [Value] {
    at(v, path)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

/// X sends some numbers as strings and some as numbers.
fn int(v: &Value) -> Option<i64> {
    match v {
        Value::String(s) => s.parse().ok(),
        Value::Number(n) => n.as_i64().or_else(|| n.as_f64().map(|f| f as i64)),
        _ => None,
    }
}

/// A user result's handle and display name: 2025+ responses put them in `core`, older ones in
/// `legacy`.
fn user(result: &Value) -> Option<(Handle, String)> {
    let handle = ["core", "legacy"]
        .iter()
        .find_map(|k| str_at(result, &[k, "screen_name"]).and_then(Handle::parse))?;
    let name = ["core", "legacy"]
        .iter()
        .find_map(|k| str_at(result, &[k, "name"]))
        .unwrap_or_default();
    Some((handle, name.to_string()))
}

/// `TweetWithVisibilityResults` wraps the tweet one level down.
fn unwrap_tweet(t: &Value) -> &Value {
    match t.get("tweet") {
        Some(inner) if t.get("rest_id").is_none() => inner,
        _ => t,
    }
}

fn tweet_author(t: &Value) -> Option<(Handle, String)> {
    user(at(t, &["core", "user_results", "result"])?)
}

/// The `instructions` of the timeline a GraphQL body carries, wherever the operation puts it
/// (`data.home.home_timeline_urt`, `data.user.result.timeline.timeline`,
/// `data.viewer_v2.user_results.result.notification_timeline.timeline`, the next one…): the
/// first found breadth-first through objects. Arrays are not entered, so the walk never goes
/// through the posts themselves.
fn instructions(data: &Value) -> Option<&[Value]> {
    let mut level: Vec<&Value> = vec![data];
    for _ in 0..10 {
        let mut next = Vec::new();
        for v in level {
            let Some(map) = v.as_object() else { continue };
            if let Some(found) = map.get("instructions").and_then(Value::as_array) {
                return Some(found);
            }
            next.extend(map.values().filter(|v| v.is_object()));
        }
        if next.is_empty() {
            break;
        }
        level = next;
    }
    None
}

fn graphql(endpoint: Endpoint, body: &Value, ctx: &Context) -> Result<Learned, String> {
    let data = body
        .get("data")
        .filter(|d| d.is_object())
        .ok_or("no data")?;
    let mut learned = Learned::default();
    let mut hearts = 0;
    if endpoint == Endpoint::Notifications {
        let mut seen = HashSet::new();
        hearts = heart_notifications(data, ctx, &mut learned, &mut seen, 0);
    }
    let Some(instructions) = instructions(data) else {
        // Not a timeline: a post or posts on their own (`TweetResultByRestId`,
        // `data.tweetResult.result`), read by shape too.
        let loose = loose_tweets(data, &mut learned, 0);
        return if hearts + loose > 0 {
            Ok(learned)
        } else {
            Err("no timeline instructions".into())
        };
    };
    for instruction in instructions {
        let entries = array_at(instruction, &["entries"])
            .iter()
            .chain(instruction.get("entry"))
            // `TimelineAddToModule`: more items of a module already shown.
            .chain(array_at(instruction, &["moduleItems"]));
        for entry in entries {
            let entry_id = str_at(entry, &["entryId"]).unwrap_or_default();
            let content = entry.get("content").or_else(|| entry.get("item"));
            let single = content
                .and_then(|c| c.get("itemContent"))
                .map(|item| (entry_id, item));
            let module = content
                .map(|c| array_at(c, &["items"]))
                .unwrap_or_default()
                .iter()
                .filter_map(|m| {
                    let id = str_at(m, &["entryId"]).unwrap_or(entry_id);
                    Some((id, at(m, &["item", "itemContent"])?))
                });
            for (id, item) in single.into_iter().chain(module) {
                let promoted = entry_id.starts_with("promoted-") || id.starts_with("promoted-");
                read_item(endpoint, promoted, item, ctx, &mut learned);
            }
        }
    }
    Ok(learned)
}

/// Posts outside any timeline: every `tweetResult` / `tweet_results` found; returns how many.
fn loose_tweets(v: &Value, out: &mut Learned, depth: usize) -> usize {
    if depth > MAX_DEPTH {
        return 0;
    }
    match v {
        Value::Object(map) => map
            .iter()
            .map(|(key, v)| match (key.as_str(), v.get("result")) {
                ("tweetResult" | "tweet_results" | "tweetResults", Some(t)) if t.is_object() => {
                    read_tweet(t, false, None, out);
                    1
                }
                _ => loose_tweets(v, out, depth + 1),
            })
            .sum(),
        Value::Array(items) => items.iter().map(|v| loose_tweets(v, out, depth + 1)).sum(),
        _ => 0,
    }
}

fn read_item(endpoint: Endpoint, promoted: bool, item: &Value, ctx: &Context, out: &mut Learned) {
    if let Some(tweet) = at(item, &["tweet_results", "result"]) {
        // An ad: `promotedMetadata` beside the tweet, or an entry id `promoted-tweet-…`.
        let promoted = promoted || item.get("promotedMetadata").is_some();
        read_tweet(tweet, promoted, None, out);
    }
    if let Some((who, name)) = at(item, &["user_results", "result"]).and_then(user) {
        out.names.push((who.clone(), name));
        match endpoint {
            // Likers of a post: X shows this list only to the post's author.
            Endpoint::Favoriters => {
                if let Some(post) = ctx.post {
                    let at = post.like_time(ctx.now);
                    out.received.push(ReceivedLike { who, post, at });
                }
            }
            Endpoint::ListMembers => out.members.push(who),
            _ => {}
        }
    }
}

// ---- GraphQL notifications ----------------------------------------------------------
// No public capture of X's GraphQL NotificationsTimeline exists, and the parsers others wrote
// disagree on where things sit: the heart in `notification_icon`, `icon.id` or the entry's
// `clientEventInfo.element` ("users_liked_your_tweet"); the likers in `template.from_users`,
// `aggregateUserActionsV1.fromUsers` or `rich_message.entities[].ref`; the liked post in
// `template.target_objects[]` or beside them as `tweet_results`. So a heart notification is
// found by what it says wherever it sits (entries, modules), and read by structure: every user
// result inside it liked every tweet result inside it that is mine.

/// Deeper than any notification X sends; keeps a hostile body from recursing without end.
const MAX_DEPTH: usize = 48;

/// Reads every heart notification in `v`; returns how many were found.
fn heart_notifications(
    v: &Value,
    ctx: &Context,
    out: &mut Learned,
    seen: &mut HashSet<(Handle, PostId)>,
    depth: usize,
) -> usize {
    if depth > MAX_DEPTH {
        return 0;
    }
    match v {
        Value::Object(map) if is_heart(v) => {
            read_heart(v, ctx, out, seen);
            usize::from(!map.is_empty())
        }
        Value::Object(map) => map
            .iter()
            .filter(|(k, _)| !TWEET_KEYS.contains(&k.as_str()))
            .map(|(_, v)| heart_notifications(v, ctx, out, seen, depth + 1))
            .sum(),
        Value::Array(items) => items
            .iter()
            .map(|v| heart_notifications(v, ctx, out, seen, depth + 1))
            .sum(),
        _ => 0,
    }
}

/// Keys under which a post sits: its author and quoted posts are not likers.
const TWEET_KEYS: &[&str] = &[
    "tweet_results",
    "tweetResults",
    "tweet",
    "quoted_status_result",
    "retweeted_status_result",
];

fn is_heart(v: &Value) -> bool {
    const HEART: &str = "heart_icon";
    str_at(v, &["notification_icon"]) == Some(HEART)
        || str_at(v, &["icon", "id"]) == Some(HEART)
        || str_at(v, &["icon"]) == Some(HEART)
        // "users_liked_your_tweet", "user_liked_multiple_tweets"…
        || str_at(v, &["clientEventInfo", "element"]).is_some_and(|e| e.contains("liked"))
}

fn read_heart(n: &Value, ctx: &Context, out: &mut Learned, seen: &mut HashSet<(Handle, PostId)>) {
    let mut likers = Vec::new();
    let mut targets = Vec::new();
    let mut at_ms = None;
    collect_heart(n, &mut likers, &mut targets, &mut at_ms, 0);
    let at_ms = at_ms.unwrap_or(ctx.now);
    let mut who_liked = Vec::new();
    for (who, name) in likers {
        if ctx.me.as_ref() == Some(&who) || who_liked.contains(&who) {
            continue;
        }
        out.names.push((who.clone(), name));
        who_liked.push(who);
    }
    for tweet in targets {
        // "liked your repost": a repost is not my post.
        if at(tweet, &["legacy", "retweeted_status_result"]).is_some() {
            continue;
        }
        let Some(post) = str_at(tweet, &["rest_id"]).and_then(PostId::parse) else {
            continue;
        };
        let author = tweet_author(tweet).map(|(h, _)| h);
        if !is_mine(author.as_ref(), ctx) {
            continue;
        }
        for who in &who_liked {
            if seen.insert((who.clone(), post)) {
                out.received.push(ReceivedLike {
                    who: who.clone(),
                    post,
                    at: at_ms,
                });
            }
        }
    }
}

/// The users, the posts and the time a heart notification holds, wherever they sit in it.
fn collect_heart<'a>(
    v: &'a Value,
    likers: &mut Vec<(Handle, String)>,
    targets: &mut Vec<&'a Value>,
    at_ms: &mut Option<i64>,
    depth: usize,
) {
    if depth > MAX_DEPTH {
        return;
    }
    match v {
        Value::Object(map) => {
            for (key, v) in map {
                match key.as_str() {
                    "tweet_results" | "tweetResults" => {
                        if let Some(t) = v.get("result").map(unwrap_tweet) {
                            targets.push(t);
                        }
                    }
                    "user_results" | "userResults" => {
                        likers.extend(v.get("result").and_then(user));
                    }
                    "timestamp_ms" | "timestampMs" if at_ms.is_none() => {
                        *at_ms = int(v)
                            .or_else(|| v.as_str().and_then(crate::core::model::parse_iso_ms));
                    }
                    k if TWEET_KEYS.contains(&k) => {}
                    _ => collect_heart(v, likers, targets, at_ms, depth + 1),
                }
            }
        }
        Value::Array(items) => {
            for v in items {
                collect_heart(v, likers, targets, at_ms, depth + 1);
            }
        }
        _ => {}
    }
}

fn is_mine(author: Option<&Handle>, ctx: &Context) -> bool {
    crate::core::admit::is_mine(author, ctx.me.as_ref())
}

fn read_tweet(tweet: &Value, promoted: bool, reposted_by: Option<&Handle>, out: &mut Learned) {
    let tweet = unwrap_tweet(tweet);
    let Some((author, name)) = tweet_author(tweet) else {
        return;
    };
    out.names.push((author.clone(), name));
    let legacy = tweet.get("legacy");
    if let Some(original) = legacy.and_then(|l| at(l, &["retweeted_status_result", "result"])) {
        // A repost: the post is the original, by its own author.
        read_tweet(original, promoted, Some(&author), out);
        return;
    }
    let Some(id) = str_at(tweet, &["rest_id"]).and_then(PostId::parse) else {
        return;
    };
    let quoted = at(tweet, &["quoted_status_result", "result"]);
    if let Some(quoted) = quoted {
        read_tweet(quoted, false, None, out);
    }
    let field = |k: &str| legacy.and_then(|l| l.get(k));
    // `created_at` (whole seconds) unless it contradicts the id, whose snowflake is X's own
    // clock to the ms: a garbled date (a six-digit year) must not date a like.
    let created = field("created_at")
        .and_then(Value::as_str)
        .and_then(parse_twitter_time);
    let time = match (created, id.time_ms()) {
        (Some(c), Some(s)) if c.abs_diff(s) <= crate::core::ledger::DAY_MS as u64 => c,
        (_, Some(s)) => s,
        (c, None) => c.unwrap_or(0),
    };
    out.posts.push(ApiPost {
        id,
        author,
        time,
        liked: field("favorited").and_then(Value::as_bool),
        quote: quoted.is_some(),
        reply: field("in_reply_to_status_id_str").is_some_and(Value::is_string),
        reposted_by: reposted_by.cloned(),
        promoted,
        text: field("full_text")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string(),
        likes: field("favorite_count")
            .and_then(Value::as_u64)
            .and_then(|n| u32::try_from(n).ok()),
    });
}

// ---- REST notifications ----------------------------------------------------------------

fn rest_notifications(body: &Value, ctx: &Context) -> Result<Learned, String> {
    let objects = body
        .get("globalObjects")
        .filter(|o| o.is_object())
        .ok_or("no globalObjects")?;
    let mut learned = Learned::default();
    let handle_of = |id: &str| {
        let u = at(objects, &["users", id])?;
        let handle = Handle::parse(str_at(u, &["screen_name"])?)?;
        Some((handle, str_at(u, &["name"]).unwrap_or_default().to_string()))
    };
    let Some(notifications) = objects.get("notifications").and_then(Value::as_object) else {
        return Ok(learned);
    };
    // Sorted for a stable order of events.
    let mut notifications: Vec<(&String, &Value)> = notifications.iter().collect();
    notifications.sort_by(|a, b| a.0.cmp(b.0));
    for (_, n) in notifications {
        if str_at(n, &["icon", "id"]) != Some("heart_icon") {
            continue;
        }
        let Some(aggregate) = at(n, &["template", "aggregateUserActionsV1"]) else {
            continue;
        };
        let at_ms = n.get("timestampMs").and_then(int).unwrap_or(ctx.now);
        let likers: Vec<Handle> = array_at(aggregate, &["fromUsers"])
            .iter()
            .filter_map(|u| handle_of(str_at(u, &["user", "id"])?))
            .map(|(h, name)| {
                learned.names.push((h.clone(), name));
                h
            })
            .collect();
        for target in array_at(aggregate, &["targetObjects"]) {
            let Some(id) = str_at(target, &["tweet", "id"]) else {
                continue;
            };
            let Some(post) = PostId::parse(id) else {
                continue;
            };
            let tweet = at(objects, &["tweets", id]);
            // "liked your repost": a repost is not my post.
            if tweet
                .and_then(|t| t.get("retweeted_status_id_str"))
                .is_some_and(Value::is_string)
            {
                continue;
            }
            let author = tweet
                .and_then(|t| str_at(t, &["user_id_str"]))
                .and_then(handle_of)
                .map(|(h, _)| h);
            if !is_mine(author.as_ref(), ctx) {
                continue;
            }
            for who in &likers {
                learned.received.push(ReceivedLike {
                    who: who.clone(),
                    post,
                    at: at_ms,
                });
            }
        }
    }
    Ok(learned)
}

/// `Fri Jul 31 21:34:08 +0000 2026` → ms since the epoch.
pub fn parse_twitter_time(s: &str) -> Option<i64> {
    // Read in place: this runs for every post of every API response.
    let mut parts = s.split_whitespace();
    let mut next = || parts.next();
    let (_, month, day, time, zone, year) = (next()?, next()?, next()?, next()?, next()?, next()?);
    if next().is_some() {
        return None;
    }
    let month = crate::core::model::MONTHS
        .iter()
        .position(|m| *m == month)? as i64
        + 1;
    let (day, year): (i64, i64) = (day.parse().ok()?, year.parse().ok()?);
    let mut hms = time.split(':').map(|p| p.parse::<i64>().ok());
    let (h, m, sec) = (hms.next()??, hms.next()??, hms.next()??);
    if hms.next().is_some() {
        return None;
    }
    // `+0900`: four digits, hours and minutes, never more than a day.
    let sign = match zone.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let zone = zone
        .get(1..)
        .filter(|z| z.len() == 4 && z.bytes().all(|b| b.is_ascii_digit()))?;
    let zone: i64 = zone.parse().ok()?;
    if zone % 100 > 59 || zone / 100 > 23 {
        return None;
    }
    let offset = sign * ((zone / 100) * 3600 + (zone % 100) * 60);
    crate::core::model::utc_ms(year, month, day, h, m, sec)?.checked_sub(offset * 1000)
}

/// A value from a GraphQL request's `variables` query parameter (URL-encoded JSON), e.g. the
/// `tweetId` of a Favoriters request.
pub fn request_variable(url: &str, key: &str) -> Option<String> {
    let query = url.split_once('?')?.1.split('#').next()?;
    let raw = query
        .split('&')
        .find_map(|pair| pair.strip_prefix("variables="))?;
    let json = percent_decode(raw)?;
    // The bodies' parser, so that the content script's WASM holds one (no variable Likeback
    // asks for is among the keys it leaves unread).
    let value = crate::core::unread::parse(&json).ok()?;
    match value.get(key)? {
        serde_json::Value::String(s) => Some(s.clone()),
        // Whole numbers only (X's ids and counts): no float formatting in the content script.
        serde_json::Value::Number(n) => n.as_u64().map(|n| n.to_string()),
        _ => None,
    }
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = s.get(i + 1..i + 3)?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(s: &str) -> Handle {
        Handle::parse(s).unwrap()
    }

    #[test]
    fn endpoints_are_known_by_their_url() {
        let gql = |op: &str| {
            Endpoint::of_url(&format!(
                "https://x.com/i/api/graphql/abc123/{op}?variables=%7B%7D"
            ))
        };
        assert_eq!(gql("HomeTimeline"), Some(Endpoint::Timeline));
        assert_eq!(gql("Favoriters"), Some(Endpoint::Favoriters));
        assert_eq!(gql("NotificationsTimeline"), Some(Endpoint::Notifications));
        assert_eq!(gql("ListMembers"), Some(Endpoint::ListMembers));
        // No list of names: today's and tomorrow's timelines are read by their shape.
        for op in [
            "UserOriginalsTimeline",
            "UserRepliesTimeline",
            "Bookmarks",
            "CommunityTweetsTimeline",
            "Likes",
            "SomeTimelineXInventsNextYear",
        ] {
            assert_eq!(gql(op), Some(Endpoint::Timeline), "{op}");
        }
        // Mutations are what the user did, not what X shows.
        for op in [
            "CreateTweet",
            "FavoriteTweet",
            "UnfavoriteTweet",
            "CreateRetweet",
            "DeleteBookmark",
            "ListAddMember",
        ] {
            assert_eq!(gql(op), None, "{op}");
        }
        assert_eq!(
            Endpoint::of_url("/i/api/2/notifications/all.json?count=20"),
            Some(Endpoint::NotificationsRest)
        );
        assert_eq!(Endpoint::of_url("/home"), None);
        assert_eq!(Endpoint::of_url("/i/api/graphql/abc/"), None);
        assert_eq!(Endpoint::of_url("/i/api/graphql/abc/Op/more"), None);
    }

    #[test]
    fn every_host_of_x_is_read_and_no_other() {
        for url in [
            "https://x.com/i/api/graphql/q/UserOriginalsTimeline?variables=%7B%7D",
            "https://twitter.com/i/api/graphql/q/UserOriginalsTimeline",
            "https://api.x.com/graphql/q/UserOriginalsTimeline?variables=%7B%7D",
            "https://api.twitter.com/graphql/q/UserOriginalsTimeline",
            "https://mobile.x.com/i/api/graphql/q/UserOriginalsTimeline",
            "https://API.X.COM:443/graphql/q/UserOriginalsTimeline",
        ] {
            assert_eq!(Endpoint::of_url(url), Some(Endpoint::Timeline), "{url}");
            assert_eq!(operation(url), Some("UserOriginalsTimeline"), "{url}");
        }
        for url in [
            "https://notx.com/i/api/graphql/q/HomeTimeline",
            "https://x.com.evil.example/graphql/q/HomeTimeline",
            "https://evil.example/i/api/graphql/q/HomeTimeline?x=https://x.com/",
        ] {
            assert_eq!(Endpoint::of_url(url), None, "{url}");
        }
        assert_eq!(
            operation("https://x.com/i/api/2/notifications/all.json?count=20"),
            Some("notifications/all")
        );
        assert_eq!(
            operation("https://api.x.com/2/notifications/mentions.json"),
            Some("notifications/mentions")
        );
    }

    #[test]
    fn the_operation_travels_with_what_was_learned() {
        let url = "https://api.x.com/graphql/q/HomeTimeline?variables=%7B%7D";
        let l = parse_response(url, TIMELINE, &Context::default()).unwrap();
        assert_eq!(l.operation, "HomeTimeline");
        assert_eq!(l.posts.len(), 4);
        assert!(parse_response(
            "https://x.com/i/api/graphql/q/FavoriteTweet",
            "{}",
            &Context::default()
        )
        .is_none());
    }

    #[test]
    fn twitter_times_parse_with_their_zone() {
        let t = parse_twitter_time("Fri Jul 31 21:34:08 +0000 2026").unwrap();
        assert_eq!(
            crate::core::model::format_iso_ms(t),
            "2026-07-31T21:34:08.000Z"
        );
        let jst = parse_twitter_time("Sat Aug 01 06:34:08 +0900 2026").unwrap();
        assert_eq!(jst, t);
        assert_eq!(parse_twitter_time("yesterday"), None);
    }

    #[test]
    fn variables_are_read_from_the_request_url() {
        let url = "https://x.com/i/api/graphql/q/Favoriters?variables=%7B%22tweetId%22%3A%221990000000000000000%22%2C%22count%22%3A20%7D&features=%7B%7D";
        assert_eq!(
            request_variable(url, "tweetId").as_deref(),
            Some("1990000000000000000")
        );
        assert_eq!(request_variable(url, "count").as_deref(), Some("20"));
        assert_eq!(request_variable(url, "missing"), None);
        assert_eq!(
            request_variable("https://x.com/i/api/graphql/q/Favoriters", "tweetId"),
            None
        );
    }

    const TIMELINE: &str = r#"{"data":{"home":{"home_timeline_urt":{"instructions":[
      {"type":"TimelineAddEntries","entries":[
        {"entryId":"tweet-1990000000000000001","content":{"itemContent":{"tweet_results":{"result":{
          "__typename":"Tweet","rest_id":"1990000000000000001",
          "core":{"user_results":{"result":{"core":{"screen_name":"kenji_k","name":"Kenji"}}}},
          "legacy":{"created_at":"Sat Nov 21 10:00:00 +0000 2026","favorited":false,"full_text":"RT",
            "retweeted_status_result":{"result":{"__typename":"TweetWithVisibilityResults","tweet":{
              "rest_id":"1989000000000000000",
              "core":{"user_results":{"result":{"core":{"screen_name":"mika_art","name":"Mika"}}}},
              "legacy":{"created_at":"Fri Nov 20 09:00:00 +0000 2026","favorited":true,"full_text":"Cats"}}}}}}}}}},
        {"entryId":"promoted-tweet-1-2","content":{"itemContent":{"promotedMetadata":{},"tweet_results":{"result":{
          "rest_id":"1988000000000000000","core":{"user_results":{"result":{"legacy":{"screen_name":"brand","name":"Brand"}}}},
          "legacy":{"created_at":null}}}}}},
        {"entryId":"home-conversation-1","content":{"items":[{"item":{"itemContent":{"tweet_results":{"result":{
          "rest_id":"1987000000000000000","core":{"user_results":{"result":{"core":{"screen_name":"sora_w","name":"Sora"}}}},
          "legacy":{"created_at":"Thu Nov 19 09:00:00 +0000 2026","in_reply_to_status_id_str":"1","full_text":"reply"},
          "quoted_status_result":{"result":{"rest_id":"1986000000000000000",
            "core":{"user_results":{"result":{"core":{"screen_name":"aoi_dev","name":"Aoi"}}}},
            "legacy":{"created_at":"Wed Nov 18 09:00:00 +0000 2026","favorited":false}}}}}}}}]}},
        {"entryId":"cursor-bottom-1","content":{"value":"x","cursorType":"Bottom"}}
      ]}]}}}}"#;

    #[test]
    fn timelines_give_posts_with_reposts_unwrapped() {
        let l = parse(Endpoint::Timeline, TIMELINE, &Context::default());
        assert_eq!(l.note, None);
        let summary: Vec<String> = l
            .posts
            .iter()
            .map(|p| {
                let by = p.reposted_by.as_ref().map_or("-".into(), |h| h.to_string());
                let flags = [(p.quote, 'q'), (p.reply, 'r'), (p.promoted, 'p')]
                    .iter()
                    .filter(|f| f.0)
                    .map(|f| f.1)
                    .collect::<String>();
                format!("{} {} {:?} {by} {flags}", p.id, p.author, p.liked)
            })
            .collect();
        assert_eq!(
            summary,
            [
                "1989000000000000000 mika_art Some(true) kenji_k ",
                "1988000000000000000 brand None - p",
                "1986000000000000000 aoi_dev Some(false) - ",
                "1987000000000000000 sora_w None - qr",
            ]
        );
        // This created_at is a year from what the (made-up) id says: the id's time wins.
        assert_eq!(
            l.posts[0].time,
            PostId(1989000000000000000).time_ms().unwrap()
        );
        // No created_at: the snowflake gives the time.
        assert_eq!(Some(l.posts[1].time), PostId(1988000000000000000).time_ms());
        assert!(l.names.contains(&(h("kenji_k"), "Kenji".into())));
    }

    #[test]
    fn unknown_shapes_give_a_note_and_nothing_else() {
        for body in [
            "",
            "[]",
            "{\"data\":{}}",
            "{\"data\":{\"home\":{\"home_timeline_urt\":{\"instructions\":5}}}}",
        ] {
            let l = parse(Endpoint::Timeline, body, &Context::default());
            assert!(l.posts.is_empty() && l.received.is_empty());
            assert!(l.note.is_some(), "{body}");
        }
        let l = parse(
            Endpoint::NotificationsRest,
            "{\"x\":1}",
            &Context::default(),
        );
        assert!(l.note.is_some());
    }

    #[test]
    fn favoriters_are_received_likes_on_the_post_of_the_request() {
        let body = r#"{"data":{"favoriters_timeline":{"timeline":{"instructions":[{"type":"TimelineAddEntries","entries":[
          {"entryId":"user-1","content":{"itemContent":{"user_results":{"result":{"legacy":{"screen_name":"aoi_dev","name":"Aoi"}}}}}},
          {"entryId":"user-2","content":{"itemContent":{"user_results":{"result":{"core":{"screen_name":"yuki_t","name":"Yuki"}}}}}}
        ]}]}}}}"#;
        let post = PostId(1990000000000000000);
        let ctx = Context {
            post: Some(post),
            now: i64::MAX,
            ..Context::default()
        };
        let l = parse(Endpoint::Favoriters, body, &ctx);
        let who: Vec<&str> = l.received.iter().map(|r| r.who.as_str()).collect();
        assert_eq!(who, ["aoi_dev", "yuki_t"]);
        assert!(l
            .received
            .iter()
            .all(|r| r.post == post && Some(r.at) == post.time_ms()));
    }

    #[test]
    fn graphql_notifications_count_hearts_on_my_posts_only() {
        let body = r#"{"data":{"viewer_v2":{"user_results":{"result":{"notification_timeline":{"timeline":{"instructions":[
          {"type":"TimelineAddEntries","entries":[
            {"entryId":"n1","content":{"itemContent":{"__typename":"TimelineNotification","notification_icon":"heart_icon",
              "timestamp_ms":"1763800000000",
              "template":{"from_users":[{"user_results":{"result":{"core":{"screen_name":"aoi_dev","name":"Aoi"}}}},
                                        {"user_results":{"result":{"core":{"screen_name":"kenji_k","name":"Kenji"}}}}],
                          "target_objects":[{"tweet_results":{"result":{"rest_id":"1990000000000000000",
                             "core":{"user_results":{"result":{"core":{"screen_name":"hana_lb"}}}}}}}]}}}},
            {"entryId":"n2","content":{"itemContent":{"notification_icon":"heart_icon","timestamp_ms":1763800000001,
              "template":{"from_users":[{"user_results":{"result":{"core":{"screen_name":"aoi_dev"}}}}],
                          "target_objects":[{"tweet_results":{"result":{"rest_id":"1990000000000000001",
                             "core":{"user_results":{"result":{"core":{"screen_name":"someone"}}}}}}}]}}}},
            {"entryId":"n3","content":{"itemContent":{"notification_icon":"person_icon",
              "template":{"from_users":[{"user_results":{"result":{"core":{"screen_name":"yuki_t"}}}}]}}}}
          ]}]}}}}}}}"#;
        let ctx = Context {
            me: Some(h("hana_lb")),
            ..Context::default()
        };
        let l = parse(Endpoint::Notifications, body, &ctx);
        assert_eq!(
            l.received,
            vec![
                ReceivedLike {
                    who: h("aoi_dev"),
                    post: PostId(1990000000000000000),
                    at: 1763800000000
                },
                ReceivedLike {
                    who: h("kenji_k"),
                    post: PostId(1990000000000000000),
                    at: 1763800000000
                },
            ]
        );
    }

    proptest::proptest! {
        /// X's `created_at`, with its zone, read as the same instant as the ISO time, for
        /// every time from the year 1000 to 9999 and every zone X could write.
        #[test]
        fn twitter_times_agree_with_iso_times(
            t in -30_610_224_000_000i64..253_402_214_400_000,
            zone_h in 0i64..14, zone_m in 0i64..60, east in proptest::bool::ANY,
        ) {
            let t = t - t.rem_euclid(1000);
            let offset = (zone_h * 3600 + zone_m * 60) * 1000 * if east { 1 } else { -1 };
            // The local time written, as if it were UTC: format it and move the fields.
            let local = crate::core::model::format_iso_ms(t + offset);
            let month = crate::core::model::MONTHS[local[5..7].parse::<usize>().unwrap() - 1];
            let text = format!(
                "Mon {month} {} {} {}{zone_h:02}{zone_m:02} {}",
                &local[8..10], &local[11..19], if east { '+' } else { '-' }, &local[..4]
            );
            proptest::prop_assert_eq!(parse_twitter_time(&text), Some(t), "{}", text);
        }

        /// A year of any size, any numbers and any text give a time or none, never a wrap.
        #[test]
        fn twitter_times_never_overflow(
            year in proptest::num::i64::ANY, day in proptest::num::i64::ANY,
            hms in "[0-9]{1,20}:[0-9]{1,20}:[0-9]{1,20}", zone in "[+-][0-9]{1,20}",
            junk in "\\PC{0,60}",
        ) {
            let _ = parse_twitter_time(&format!("Fri Jul {day} {hms} {zone} {year}"));
            let _ = parse_twitter_time(&junk);
            // A six-digit year is a real (far) time: `core::admit` is what refuses it.
            proptest::prop_assert!(parse_twitter_time("Fri Jul 31 21:34:08 +0000 275760").is_some());
        }
    }

    /// A tweet result by `handle`, as X's 2026 bodies have them.
    fn tweet(id: u64, handle: &str, extra: &str) -> String {
        format!(
            r#"{{"__typename":"Tweet","rest_id":"{id}","core":{{"user_results":{{"result":{{"__typename":"User","core":{{"screen_name":"{handle}","name":"{handle}"}}}}}}}},"legacy":{{"created_at":"Sat Nov 21 10:00:00 +0000 2026","full_text":"t"{extra}}}}}"#
        )
    }

    fn entry(id: &str, item: &str) -> String {
        format!(
            r#"{{"entryId":"{id}","content":{{"entryType":"TimelineTimelineItem","itemContent":{item}}}}}"#
        )
    }

    fn tweet_item(t: &str) -> String {
        format!(r#"{{"itemType":"TimelineTweet","tweet_results":{{"result":{t}}}}}"#)
    }

    #[test]
    fn any_timeline_is_read_by_its_shape_whatever_it_is_called() {
        let entries = [
            entry(
                "tweet-1",
                &tweet_item(&tweet(1990000000000000001, "aoi_dev", "")),
            ),
            entry(
                "tweet-2",
                &tweet_item(&tweet(
                    1990000000000000002,
                    "kenji_k",
                    r#","in_reply_to_status_id_str":"1990000000000000001","favorited":true"#,
                )),
            ),
        ]
        .join(",");
        let instructions = format!(
            r#"{{"instructions":[{{"type":"TimelineAddEntries","entries":[{entries}]}}]}}"#
        );
        // UserOriginalsTimeline / UserRepliesTimeline (the UserTweets shape), Bookmarks,
        // CommunityTweetsTimeline, and a shape nobody has seen yet.
        for wrap in [
            format!(
                r#"{{"data":{{"user":{{"result":{{"__typename":"User","timeline":{{"timeline":{instructions}}}}}}}}}}}"#
            ),
            format!(r#"{{"data":{{"bookmark_timeline_v2":{{"timeline":{instructions}}}}}}}"#),
            format!(
                r#"{{"data":{{"communityResults":{{"result":{{"ranked_community_timeline":{{"timeline":{instructions}}}}}}}}}}}"#
            ),
            format!(r#"{{"data":{{"a":{{"b":{{"c":{{"d":{instructions}}}}}}}}}}}"#),
        ] {
            let l = parse(Endpoint::Timeline, &wrap, &Context::default());
            assert_eq!(l.note, None, "{wrap}");
            let ids: Vec<(u64, &str, bool)> = l
                .posts
                .iter()
                .map(|p| (p.id.0, p.author.as_str(), p.reply))
                .collect();
            assert_eq!(
                ids,
                [
                    (1990000000000000001, "aoi_dev", false),
                    (1990000000000000002, "kenji_k", true)
                ]
            );
        }
    }

    #[test]
    fn a_like_on_a_reply_or_a_quoted_post_is_a_like_given() {
        let quoted = tweet(
            1990000000000000005,
            "mika_art",
            r#","favorited":true,"in_reply_to_status_id_str":"1990000000000000004""#,
        );
        let quoting = tweet(1990000000000000006, "yuki_t", r#","favorited":false"#).replacen(
            r#""legacy""#,
            &format!(r#""quoted_status_result":{{"result":{quoted}}},"legacy""#),
            1,
        );
        let entries = [
            entry(
                "tweet-3",
                &tweet_item(&tweet(
                    1990000000000000003,
                    "kenji_k",
                    r#","favorited":true,"in_reply_to_status_id_str":"1990000000000000001""#,
                )),
            ),
            entry("tweet-6", &tweet_item(&quoting)),
            entry(
                "tweet-7",
                &tweet_item(&tweet(
                    1990000000000000007,
                    "hana_lb",
                    r#","favorited":true"#,
                )),
            ),
            entry(
                "promoted-tweet-8-x",
                &tweet_item(&tweet(1990000000000000008, "brand", r#","favorited":true"#)),
            ),
        ]
        .join(",");
        let body = format!(
            r#"{{"data":{{"user":{{"result":{{"timeline":{{"timeline":{{"instructions":[{{"type":"TimelineAddEntries","entries":[{entries}]}}]}}}}}}}}}}}}"#
        );
        let l = parse(Endpoint::Timeline, &body, &Context::default());
        let me = h("hana_lb");
        let given: Vec<(String, u64)> = l
            .posts
            .iter()
            .filter_map(|p| p.like_given(Some(&me)))
            .map(|e| match e {
                Event::Given { who, post, .. } => (who.to_string(), post.0),
                other => panic!("{other:?}"),
            })
            .collect();
        // kenji's reply and mika's quoted reply; not my own post, not the ad.
        assert_eq!(
            given,
            [
                ("kenji_k".to_string(), 1990000000000000003),
                ("mika_art".to_string(), 1990000000000000005)
            ]
        );
    }

    const ME_POST: u64 = 1990000000000000000;

    fn notifications_body(entries: &str) -> String {
        format!(
            r#"{{"data":{{"viewer_v2":{{"user_results":{{"result":{{"__typename":"User","notification_timeline":{{"id":"x","timeline":{{"instructions":[{{"type":"TimelineClearCache"}},{{"type":"TimelineAddEntries","entries":[{entries}]}}]}}}}}}}}}}}}}}"#
        )
    }

    fn user_ref(handle: &str) -> String {
        format!(
            r#"{{"__typename":"TimelineNotificationUserRef","user_results":{{"result":{{"__typename":"User","rest_id":"1","core":{{"screen_name":"{handle}","name":"{handle} name"}}}}}}}}"#
        )
    }

    fn received(body: &str) -> Vec<(String, u64, i64)> {
        let ctx = Context {
            me: Some(h("hana_lb")),
            now: 42,
            ..Context::default()
        };
        let l = parse(Endpoint::Notifications, body, &ctx);
        assert_eq!(l.note, None);
        l.received
            .iter()
            .map(|r| (r.who.to_string(), r.post.0, r.at))
            .collect()
    }

    #[test]
    fn graphql_notifications_template_with_target_objects() {
        // The shape most parsers read: `template.from_users` and `template.target_objects`,
        // the heart in `notification_icon`, the time in `timestamp_ms` as a string.
        let n = format!(
            r#"{{"entryId":"notification-1","sortIndex":"1","content":{{"entryType":"TimelineTimelineItem","__typename":"TimelineTimelineItem",
              "itemContent":{{"itemType":"TimelineNotification","__typename":"TimelineNotification","id":"n1","notification_icon":"heart_icon",
                "rich_message":{{"rtl":false,"text":"Aoi and Kenji liked your post","entities":[]}},
                "notification_url":{{"url":"https://x.com/hana_lb/status/{ME_POST}","urlType":"ExternalUrl"}},
                "template":{{"__typename":"TimelineNotificationAggregateUserActions",
                  "target_objects":[{{"__typename":"TimelineNotificationTweetRef","tweet_results":{{"result":{}}}}}],
                  "from_users":[{},{}]}},
                "timestamp_ms":"1763800000000"}},
              "clientEventInfo":{{"component":"urt","element":"users_liked_your_tweet"}}}}}}"#,
            tweet(ME_POST, "hana_lb", ""),
            user_ref("aoi_dev"),
            user_ref("kenji_k"),
        );
        assert_eq!(
            received(&notifications_body(&n)),
            [
                ("aoi_dev".into(), ME_POST, 1763800000000),
                ("kenji_k".into(), ME_POST, 1763800000000)
            ]
        );
    }

    #[test]
    fn graphql_notifications_rich_message_and_a_tweet_beside_it() {
        // Another reading: no template; the likers only in `rich_message.entities[].ref`, the
        // liked post as the item's own `tweet_results`; the heart only in the entry's
        // `clientEventInfo`; an ISO time.
        let n = format!(
            r#"{{"entryId":"notification-2","content":{{"clientEventInfo":{{"element":"user_liked_multiple_tweets"}},
              "itemContent":{{"itemType":"TimelineNotification","timestamp_ms":"2026-11-22T10:00:00Z",
                "rich_message":{{"text":"Sora liked your post","entities":[{{"fromIndex":0,"toIndex":4,"ref":{{"type":"TimelineRichTextUser","user_results":{{"result":{{"legacy":{{"screen_name":"sora_w","name":"Sora"}}}}}}}}}}]}},
                "tweet_results":{{"result":{{"__typename":"TweetWithVisibilityResults","tweet":{}}}}}}}}}}}"#,
            tweet(ME_POST + 1, "hana_lb", "")
        );
        let at = crate::core::model::parse_iso_ms("2026-11-22T10:00:00Z").unwrap();
        assert_eq!(
            received(&notifications_body(&n)),
            [("sora_w".into(), ME_POST + 1, at)]
        );
    }

    #[test]
    fn graphql_notifications_in_modules_with_rest_like_names() {
        // Inside a module, REST's camelCase names (`icon.id`, `aggregateUserActionsV1`,
        // `fromUsers`, `targetObjects`, `userResults`, `tweetResults`), a number for the time,
        // the same liker listed twice, and me among the users.
        let n = format!(
            r#"{{"entryId":"module-1","content":{{"entryType":"TimelineTimelineModule","items":[
              {{"entryId":"module-1-n","item":{{"itemContent":{{"icon":{{"id":"heart_icon"}},"timestampMs":1763800000005,
                "template":{{"aggregateUserActionsV1":{{
                  "fromUsers":[{{"userResults":{{"result":{{"core":{{"screen_name":"mika_art","name":"Mika"}}}}}}}},
                               {{"userResults":{{"result":{{"core":{{"screen_name":"mika_art","name":"Mika"}}}}}}}},
                               {{"userResults":{{"result":{{"core":{{"screen_name":"hana_lb","name":"Hana"}}}}}}}}],
                  "targetObjects":[{{"tweetResults":{{"result":{}}}}},{{"tweetResults":{{"result":{}}}}}]}}}}}}}}}}]}}}}"#,
            tweet(ME_POST + 2, "hana_lb", ""),
            tweet(ME_POST + 3, "hana_lb", ""),
        );
        assert_eq!(
            received(&notifications_body(&n)),
            [
                ("mika_art".into(), ME_POST + 2, 1763800000005),
                ("mika_art".into(), ME_POST + 3, 1763800000005)
            ]
        );
    }

    #[test]
    fn graphql_notifications_that_are_not_likes_of_my_posts_give_nothing() {
        let repost_of_mine = tweet(1990000000000000009, "hana_lb", "").replacen(
            r#""full_text":"t""#,
            &format!(
                r#""full_text":"RT","retweeted_status_result":{{"result":{}}}"#,
                tweet(ME_POST, "aoi_dev", "")
            ),
            1,
        );
        let entries = [
            // A follow.
            format!(
                r#"{{"entryId":"n-f","content":{{"itemContent":{{"notification_icon":"person_icon","template":{{"from_users":[{}]}}}}}}}}"#,
                user_ref("yuki_t")
            ),
            // A repost of my post.
            format!(
                r#"{{"entryId":"n-r","content":{{"itemContent":{{"notification_icon":"retweet_icon","template":{{"from_users":[{}],"target_objects":[{{"tweet_results":{{"result":{}}}}}]}}}}}}}}"#,
                user_ref("aoi_dev"),
                tweet(ME_POST, "hana_lb", "")
            ),
            // A like on someone else's post I was mentioned in.
            format!(
                r#"{{"entryId":"n-m","content":{{"itemContent":{{"notification_icon":"heart_icon","template":{{"from_users":[{}],"target_objects":[{{"tweet_results":{{"result":{}}}}}]}}}}}}}}"#,
                user_ref("aoi_dev"),
                tweet(ME_POST + 4, "kenji_k", "")
            ),
            // "liked your repost": my repost is not my post.
            format!(
                r#"{{"entryId":"n-rt","content":{{"clientEventInfo":{{"element":"users_liked_your_retweet"}},"itemContent":{{"template":{{"from_users":[{}],"target_objects":[{{"tweet_results":{{"result":{}}}}}]}}}}}}}}"#,
                user_ref("sora_w"),
                repost_of_mine
            ),
            // A reply to me: a post, not a like.
            entry("tweet-r", &tweet_item(&tweet(ME_POST + 5, "evil_name", r#","in_reply_to_status_id_str":"1990000000000000000""#))),
        ]
        .join(",");
        let body = notifications_body(&entries);
        assert_eq!(received(&body), []);
        let l = parse(Endpoint::Notifications, &body, &Context::default());
        assert!(l
            .posts
            .iter()
            .any(|p| p.id == PostId(ME_POST + 5) && p.reply));
        // Empty notifications are no problem; a body with no timeline at all is one.
        assert_eq!(received(&notifications_body("")), []);
        let l = parse(
            Endpoint::Notifications,
            r#"{"data":{"viewer_v2":{}}}"#,
            &Context::default(),
        );
        assert!(l.note.is_some());
    }

    #[test]
    fn an_ad_is_known_by_its_metadata_or_its_entry_id() {
        let ad_item = |id: u64| {
            tweet_item(&tweet(id, "brand", "")).replacen(
                r#""itemType":"TimelineTweet""#,
                r#""itemType":"TimelineTweet","promotedMetadata":{"advertiser_results":{}}"#,
                1,
            )
        };
        let module = format!(
            r#"{{"entryId":"home-conversation-1","content":{{"entryType":"TimelineTimelineModule","items":[{{"entryId":"promoted-tweet-4-x","item":{{"itemContent":{}}}}}]}}}}"#,
            tweet_item(&tweet(1990000000000000024, "brand", ""))
        );
        let entries = [
            entry("tweet-1990000000000000021", &ad_item(1990000000000000021)),
            entry(
                "promoted-tweet-1990000000000000022-3e45",
                &tweet_item(&tweet(1990000000000000022, "brand", "")),
            ),
            entry(
                "tweet-1990000000000000023",
                &tweet_item(&tweet(1990000000000000023, "aoi_dev", "")),
            ),
            module,
        ]
        .join(",");
        let body = format!(
            r#"{{"data":{{"home":{{"home_timeline_urt":{{"instructions":[{{"type":"TimelineAddEntries","entries":[{entries}]}}]}}}}}}}}"#
        );
        let l = parse(Endpoint::Timeline, &body, &Context::default());
        let ads: Vec<(u64, bool)> = l.posts.iter().map(|p| (p.id.0, p.promoted)).collect();
        assert_eq!(
            ads,
            [
                (1990000000000000021, true),
                (1990000000000000022, true),
                (1990000000000000023, false),
                (1990000000000000024, true)
            ]
        );
    }

    #[test]
    fn a_post_on_its_own_is_read_by_its_shape_too() {
        let body = format!(
            r#"{{"data":{{"tweetResult":{{"result":{}}}}}}}"#,
            tweet(1990000000000000011, "sora_w", r#","favorited":true"#)
        );
        let l = parse(Endpoint::Timeline, &body, &Context::default());
        assert_eq!(l.note, None);
        assert_eq!(l.posts.len(), 1);
        assert_eq!(l.posts[0].liked, Some(true));
        // Nothing of the kind: a note.
        let l = parse(
            Endpoint::Timeline,
            r#"{"data":{"user":{"result":{"core":{}}}}}"#,
            &Context::default(),
        );
        assert!(l.note.is_some() && l.posts.is_empty());
    }

    #[test]
    fn hostile_bodies_give_a_note_not_a_panic() {
        let deep = format!("{}{}", r#"{"data":"#.repeat(200), "}".repeat(200));
        for endpoint in [Endpoint::Timeline, Endpoint::Notifications] {
            let l = parse(endpoint, &deep, &Context::default());
            assert!(l.note.is_some());
        }
        let deep_arrays = format!(
            r#"{{"data":{{"viewer_v2":{}{}}}}}"#,
            r#"{"notification_icon":"x","a":["#.repeat(60),
            "]}".repeat(60)
        );
        let l = parse(Endpoint::Notifications, &deep_arrays, &Context::default());
        assert!(l.received.is_empty());
    }
}
