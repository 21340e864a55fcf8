//! X's own API responses, as the web app receives them, turned into posts and likes.
//!
//! Typed structs for only the fields we read; everything is `Option` or defaulted because X
//! leaves fields out or sets them to null freely, and unknown fields are ignored. A body whose
//! shape we do not know yields nothing and a note, never a panic.

use crate::core::ledger::Event;
use crate::core::model::{Handle, PostId};
use serde_json::Value;

/// The endpoints Likeback reads. Anything else is not forwarded by `tap.js`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Endpoint {
    /// Any GraphQL timeline of posts: HomeTimeline, HomeLatestTimeline, UserTweets,
    /// ListLatestTweetsTimeline, TweetDetail, SearchTimeline, Likes.
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
    /// From a request URL: `/i/api/graphql/<queryId>/<Operation>` or the REST notifications.
    pub fn of_url(url: &str) -> Option<Endpoint> {
        let path = crate::core::model::href_path(url);
        if let Some(rest) = path.strip_prefix("/i/api/2/notifications/") {
            return rest
                .ends_with(".json")
                .then_some(Endpoint::NotificationsRest);
        }
        let op = path.strip_prefix("/i/api/graphql/")?.split('/').nth(1)?;
        Some(match op {
            "HomeTimeline"
            | "HomeLatestTimeline"
            | "UserTweets"
            | "UserTweetsAndReplies"
            | "UserMedia"
            | "ListLatestTweetsTimeline"
            | "TweetDetail"
            | "SearchTimeline"
            | "Likes" => Endpoint::Timeline,
            "Favoriters" => Endpoint::Favoriters,
            "NotificationsTimeline" => Endpoint::Notifications,
            "ListMembers" => Endpoint::ListMembers,
            _ => return None,
        })
    }
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

pub fn parse(endpoint: Endpoint, body: &str, ctx: &Context) -> Learned {
    let result = serde_json::from_str::<Value>(body)
        .map_err(|e| e.to_string())
        .and_then(|v| match endpoint {
            Endpoint::NotificationsRest => rest_notifications(&v, ctx),
            _ => graphql(endpoint, &v, ctx),
        });
    result.unwrap_or_else(|reason| Learned {
        note: Some(format!("{endpoint:?}: {reason:.160}")),
        ..Learned::default()
    })
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

/// The `instructions` of the timeline a GraphQL body carries, wherever the endpoint puts it.
fn instructions(endpoint: Endpoint, data: &Value) -> Option<&[Value]> {
    const TIMELINES: &[&[&str]] = &[
        &["home", "home_timeline_urt"],
        &["user", "result", "timeline", "timeline"],
        &["user", "result", "timeline_v2", "timeline"],
        &["list", "tweets_timeline", "timeline"],
        &["threaded_conversation_with_injections_v2"],
        &["threaded_conversation_with_injections"],
        &["search_by_raw_query", "search_timeline", "timeline"],
    ];
    let paths: &[&[&str]] = match endpoint {
        Endpoint::Notifications => &[
            &[
                "viewer_v2",
                "user_results",
                "result",
                "notification_timeline",
                "timeline",
            ],
            &[
                "viewer",
                "user_results",
                "result",
                "notification_timeline",
                "timeline",
            ],
        ],
        Endpoint::Favoriters => &[&["favoriters_timeline", "timeline"]],
        Endpoint::ListMembers => &[&["list", "members_timeline", "timeline"]],
        _ => TIMELINES,
    };
    paths
        .iter()
        .find_map(|p| at(data, p)?.get("instructions")?.as_array())
        .map(Vec::as_slice)
}

fn graphql(endpoint: Endpoint, body: &Value, ctx: &Context) -> Result<Learned, String> {
    let data = body
        .get("data")
        .filter(|d| d.is_object())
        .ok_or("no data")?;
    let instructions = instructions(endpoint, data).ok_or("no timeline instructions")?;
    let mut learned = Learned::default();
    for instruction in instructions {
        let entries = array_at(instruction, &["entries"])
            .iter()
            .chain(instruction.get("entry"));
        for entry in entries {
            let entry_id = str_at(entry, &["entryId"]).unwrap_or_default();
            let content = entry.get("content");
            let single = content.and_then(|c| c.get("itemContent"));
            let module = content
                .map(|c| array_at(c, &["items"]))
                .unwrap_or_default()
                .iter()
                .filter_map(|m| at(m, &["item", "itemContent"]));
            for item in single.into_iter().chain(module) {
                read_item(endpoint, entry_id, item, ctx, &mut learned);
            }
        }
    }
    Ok(learned)
}

fn read_item(endpoint: Endpoint, entry_id: &str, item: &Value, ctx: &Context, out: &mut Learned) {
    if let Some(tweet) = at(item, &["tweet_results", "result"]) {
        let promoted = item.get("promotedMetadata").is_some() || entry_id.starts_with("promoted-");
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
    if str_at(item, &["notification_icon"]) == Some("heart_icon") {
        let at_ms = item.get("timestamp_ms").and_then(int).unwrap_or(ctx.now);
        let likers: Vec<Handle> = array_at(item, &["template", "from_users"])
            .iter()
            .filter_map(|u| user(at(u, &["user_results", "result"])?))
            .map(|(h, name)| {
                out.names.push((h.clone(), name));
                h
            })
            .collect();
        for target in array_at(item, &["template", "target_objects"]) {
            let Some(tweet) = at(target, &["tweet_results", "result"]).map(unwrap_tweet) else {
                continue;
            };
            let Some(post) = str_at(tweet, &["rest_id"]).and_then(PostId::parse) else {
                continue;
            };
            let author = tweet_author(tweet).map(|(h, _)| h);
            if is_mine(author.as_ref(), ctx) {
                for who in &likers {
                    out.received.push(ReceivedLike {
                        who: who.clone(),
                        post,
                        at: at_ms,
                    });
                }
            }
        }
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
    let value: serde_json::Value = serde_json::from_str(&json).ok()?;
    match value.get(key)? {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
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
        assert_eq!(gql("CreateTweet"), None);
        assert_eq!(
            Endpoint::of_url("/i/api/2/notifications/all.json?count=20"),
            Some(Endpoint::NotificationsRest)
        );
        assert_eq!(Endpoint::of_url("/home"), None);
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
}
