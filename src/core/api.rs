//! X's own API responses, as the web app receives them, turned into posts and likes.
//!
//! Typed structs for only the fields we read; everything is `Option` or defaulted because X
//! leaves fields out or sets them to null freely, and unknown fields are ignored. A body whose
//! shape we do not know yields nothing and a note, never a panic.

use crate::core::model::{Handle, PostId};
use serde::Deserialize;

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
    let result = match endpoint {
        Endpoint::NotificationsRest => serde_json::from_str::<RestNotifications>(body)
            .map_err(|e| e.to_string())
            .and_then(|b| rest_notifications(b, ctx)),
        _ => serde_json::from_str::<Graphql>(body)
            .map_err(|e| e.to_string())
            .and_then(|b| graphql(endpoint, b, ctx)),
    };
    result.unwrap_or_else(|reason| Learned {
        note: Some(format!("{endpoint:?}: {reason:.160}")),
        ..Learned::default()
    })
}

// ---- GraphQL ---------------------------------------------------------------------------

#[derive(Deserialize, Default)]
#[serde(default)]
struct Graphql {
    data: Option<Data>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Data {
    home: Option<Home>,
    user: Option<Wrapped<UserTimelines>>,
    list: Option<ListData>,
    threaded_conversation_with_injections_v2: Option<Timeline>,
    threaded_conversation_with_injections: Option<Timeline>,
    favoriters_timeline: Option<TimelineHolder>,
    search_by_raw_query: Option<SearchData>,
    viewer_v2: Option<Viewer>,
    viewer: Option<Viewer>,
}

// Missing `Option` fields read as `None` without a container default.
#[derive(Deserialize)]
struct Wrapped<T> {
    result: Option<T>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Home {
    home_timeline_urt: Option<Timeline>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct UserTimelines {
    timeline: Option<TimelineHolder>,
    timeline_v2: Option<TimelineHolder>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ListData {
    tweets_timeline: Option<TimelineHolder>,
    members_timeline: Option<TimelineHolder>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct SearchData {
    search_timeline: Option<TimelineHolder>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Viewer {
    user_results: Option<Wrapped<ViewerUser>>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ViewerUser {
    notification_timeline: Option<TimelineHolder>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct TimelineHolder {
    timeline: Option<Timeline>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Timeline {
    instructions: Vec<Instruction>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Instruction {
    entries: Vec<Entry>,
    /// `TimelinePinEntry`, `TimelineReplaceEntry`.
    entry: Option<Entry>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Entry {
    #[serde(rename = "entryId")]
    entry_id: String,
    content: Content,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Content {
    #[serde(rename = "itemContent")]
    item_content: Option<ItemContent>,
    items: Vec<ModuleItem>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ModuleItem {
    item: Option<ModuleInner>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ModuleInner {
    #[serde(rename = "itemContent")]
    item_content: Option<ItemContent>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ItemContent {
    tweet_results: Option<Wrapped<Tweet>>,
    user_results: Option<Wrapped<User>>,
    #[serde(rename = "promotedMetadata")]
    promoted_metadata: Option<serde::de::IgnoredAny>,
    // A notification (NotificationsTimeline).
    notification_icon: Option<String>,
    timestamp_ms: Option<Number>,
    template: Option<NotificationTemplate>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct NotificationTemplate {
    from_users: Vec<Wrapped2<User>>,
    target_objects: Vec<Target>,
}

/// `{"user_results": {"result": …}}`
#[derive(Deserialize)]
struct Wrapped2<T> {
    user_results: Option<Wrapped<T>>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Target {
    tweet_results: Option<Wrapped<Tweet>>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Tweet {
    #[serde(rename = "__typename")]
    typename: Option<String>,
    rest_id: Option<String>,
    core: Option<TweetCore>,
    legacy: Option<TweetLegacy>,
    quoted_status_result: Option<Box<Wrapped<Tweet>>>,
    /// `TweetWithVisibilityResults` wraps the tweet one level down.
    tweet: Option<Box<Tweet>>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct TweetCore {
    user_results: Option<Wrapped<User>>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct TweetLegacy {
    created_at: Option<String>,
    favorited: Option<bool>,
    full_text: Option<String>,
    in_reply_to_status_id_str: Option<String>,
    retweeted_status_result: Option<Box<Wrapped<Tweet>>>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct User {
    core: Option<Names>,
    legacy: Option<Names>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Names {
    screen_name: Option<String>,
    name: Option<String>,
}

/// X sends some numbers as strings and some as numbers.
#[derive(Deserialize)]
#[serde(untagged)]
enum Number {
    Text(String),
    Int(i64),
    Float(f64),
}

impl Number {
    fn as_i64(&self) -> Option<i64> {
        match self {
            Number::Text(s) => s.parse().ok(),
            Number::Int(i) => Some(*i),
            Number::Float(f) => Some(*f as i64),
        }
    }
}

impl User {
    /// 2025+ responses put the names in `core`, older ones in `legacy`.
    fn handle_and_name(&self) -> Option<(Handle, String)> {
        let names = [self.core.as_ref(), self.legacy.as_ref()];
        let handle = names
            .iter()
            .flatten()
            .find_map(|n| n.screen_name.as_deref().and_then(Handle::parse))?;
        let name = names
            .iter()
            .flatten()
            .find_map(|n| n.name.clone())
            .unwrap_or_default();
        Some((handle, name))
    }
}

impl Tweet {
    fn unwrapped(&self) -> &Tweet {
        match (&self.typename, &self.tweet) {
            (_, Some(inner)) if self.rest_id.is_none() => inner,
            (Some(t), Some(inner)) if t == "TweetWithVisibilityResults" => inner,
            _ => self,
        }
    }

    fn author(&self) -> Option<(Handle, String)> {
        self.core
            .as_ref()?
            .user_results
            .as_ref()?
            .result
            .as_ref()?
            .handle_and_name()
    }
}

fn graphql(endpoint: Endpoint, body: Graphql, ctx: &Context) -> Result<Learned, String> {
    let data = body.data.ok_or("no data")?;
    let timeline = match endpoint {
        Endpoint::Notifications => data
            .viewer_v2
            .or(data.viewer)
            .and_then(|v| v.user_results?.result?.notification_timeline?.timeline),
        Endpoint::Favoriters => data.favoriters_timeline.and_then(|t| t.timeline),
        Endpoint::ListMembers => data
            .list
            .and_then(|l| l.members_timeline)
            .and_then(|t| t.timeline),
        _ => data
            .home
            .and_then(|h| h.home_timeline_urt)
            .or_else(|| {
                let user = data.user.and_then(|u| u.result)?;
                user.timeline.or(user.timeline_v2)?.timeline
            })
            .or_else(|| data.list.and_then(|l| l.tweets_timeline)?.timeline)
            .or(data.threaded_conversation_with_injections_v2)
            .or(data.threaded_conversation_with_injections)
            .or_else(|| data.search_by_raw_query?.search_timeline?.timeline),
    }
    .ok_or("no timeline instructions")?;

    let mut learned = Learned::default();
    for instruction in &timeline.instructions {
        for entry in instruction.entries.iter().chain(&instruction.entry) {
            let items = entry.content.item_content.iter().chain(
                entry
                    .content
                    .items
                    .iter()
                    .filter_map(|m| m.item.as_ref()?.item_content.as_ref()),
            );
            for item in items {
                read_item(endpoint, &entry.entry_id, item, ctx, &mut learned);
            }
        }
    }
    Ok(learned)
}

fn read_item(
    endpoint: Endpoint,
    entry_id: &str,
    item: &ItemContent,
    ctx: &Context,
    out: &mut Learned,
) {
    if let Some(tweet) = item.tweet_results.as_ref().and_then(|r| r.result.as_ref()) {
        let promoted = item.promoted_metadata.is_some() || entry_id.starts_with("promoted-");
        read_tweet(tweet, promoted, None, out);
    }
    if let Some((who, name)) = item
        .user_results
        .as_ref()
        .and_then(|r| r.result.as_ref())
        .and_then(User::handle_and_name)
    {
        out.names.push((who.clone(), name));
        match endpoint {
            // Likers of a post: X shows this list only to the post's author.
            Endpoint::Favoriters => {
                if let Some(post) = ctx.post {
                    let at = post.time_ms().unwrap_or(ctx.now).min(ctx.now);
                    out.received.push(ReceivedLike { who, post, at });
                }
            }
            Endpoint::ListMembers => out.members.push(who),
            _ => {}
        }
    }
    if item.notification_icon.as_deref() == Some("heart_icon") {
        if let Some(template) = &item.template {
            let at = item
                .timestamp_ms
                .as_ref()
                .and_then(Number::as_i64)
                .unwrap_or(ctx.now);
            let likers: Vec<Handle> = template
                .from_users
                .iter()
                .filter_map(|u| u.user_results.as_ref()?.result.as_ref()?.handle_and_name())
                .map(|(h, name)| {
                    out.names.push((h.clone(), name));
                    h
                })
                .collect();
            for target in &template.target_objects {
                let Some(tweet) = target
                    .tweet_results
                    .as_ref()
                    .and_then(|r| r.result.as_ref())
                else {
                    continue;
                };
                let tweet = tweet.unwrapped();
                let Some(post) = tweet.rest_id.as_deref().and_then(PostId::parse) else {
                    continue;
                };
                let author = tweet.author().map(|(h, _)| h);
                if is_mine(author.as_ref(), ctx) {
                    for who in &likers {
                        out.received.push(ReceivedLike {
                            who: who.clone(),
                            post,
                            at,
                        });
                    }
                }
            }
        }
    }
}

/// Received likes count only on my posts. A target without a known author is taken as mine
/// (X says "liked your post"); one with another author is not (e.g. a post I was mentioned in).
fn is_mine(author: Option<&Handle>, ctx: &Context) -> bool {
    match (author, &ctx.me) {
        (Some(author), Some(me)) => author == me,
        (Some(_), None) => false,
        (None, _) => ctx.me.is_some(),
    }
}

fn read_tweet(tweet: &Tweet, promoted: bool, reposted_by: Option<&Handle>, out: &mut Learned) {
    let tweet = tweet.unwrapped();
    let Some((author, name)) = tweet.author() else {
        return;
    };
    out.names.push((author.clone(), name));
    let legacy = tweet.legacy.as_ref();
    if let Some(original) = legacy
        .and_then(|l| l.retweeted_status_result.as_ref())
        .and_then(|r| r.result.as_ref())
    {
        // A repost: the post is the original, by its own author.
        read_tweet(original, promoted, Some(&author), out);
        return;
    }
    let Some(id) = tweet.rest_id.as_deref().and_then(PostId::parse) else {
        return;
    };
    let quoted = tweet
        .quoted_status_result
        .as_ref()
        .and_then(|q| q.result.as_ref());
    if let Some(quoted) = quoted {
        read_tweet(quoted, false, None, out);
    }
    let time = legacy
        .and_then(|l| l.created_at.as_deref())
        .and_then(parse_twitter_time)
        .or_else(|| id.time_ms())
        .unwrap_or(0);
    out.posts.push(ApiPost {
        id,
        author,
        time,
        liked: legacy.and_then(|l| l.favorited),
        quote: quoted.is_some(),
        reply: legacy.is_some_and(|l| l.in_reply_to_status_id_str.is_some()),
        reposted_by: reposted_by.cloned(),
        promoted,
        text: legacy.and_then(|l| l.full_text.clone()).unwrap_or_default(),
    });
}

// ---- REST notifications ----------------------------------------------------------------

#[derive(Deserialize, Default)]
#[serde(default)]
struct RestNotifications {
    #[serde(rename = "globalObjects")]
    global_objects: Option<GlobalObjects>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct GlobalObjects {
    users: std::collections::HashMap<String, Names>,
    tweets: std::collections::HashMap<String, RestTweet>,
    notifications: std::collections::HashMap<String, RestNotification>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RestTweet {
    user_id_str: Option<String>,
    retweeted_status_id_str: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RestNotification {
    #[serde(rename = "timestampMs")]
    timestamp_ms: Option<Number>,
    icon: Option<RestIcon>,
    template: Option<RestTemplate>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RestIcon {
    id: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RestTemplate {
    #[serde(rename = "aggregateUserActionsV1")]
    aggregate: Option<RestAggregate>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RestAggregate {
    #[serde(rename = "fromUsers")]
    from_users: Vec<RestRef>,
    #[serde(rename = "targetObjects")]
    target_objects: Vec<RestRef>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RestRef {
    user: Option<RestId>,
    tweet: Option<RestId>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RestId {
    id: Option<String>,
}

fn rest_notifications(body: RestNotifications, ctx: &Context) -> Result<Learned, String> {
    let objects = body.global_objects.ok_or("no globalObjects")?;
    let mut learned = Learned::default();
    let handle_of = |id: &str| {
        let names = objects.users.get(id)?;
        Some((
            Handle::parse(names.screen_name.as_deref()?)?,
            names.name.clone().unwrap_or_default(),
        ))
    };
    // Sorted for a stable order of events.
    let mut notifications: Vec<(&String, &RestNotification)> =
        objects.notifications.iter().collect();
    notifications.sort_by(|a, b| a.0.cmp(b.0));
    for (_, n) in notifications {
        if n.icon.as_ref().and_then(|i| i.id.as_deref()) != Some("heart_icon") {
            continue;
        }
        let Some(aggregate) = n.template.as_ref().and_then(|t| t.aggregate.as_ref()) else {
            continue;
        };
        let at = n
            .timestamp_ms
            .as_ref()
            .and_then(Number::as_i64)
            .unwrap_or(ctx.now);
        let likers: Vec<Handle> = aggregate
            .from_users
            .iter()
            .filter_map(|u| handle_of(u.user.as_ref()?.id.as_deref()?))
            .map(|(h, name)| {
                learned.names.push((h.clone(), name));
                h
            })
            .collect();
        for target in &aggregate.target_objects {
            let Some(id) = target.tweet.as_ref().and_then(|t| t.id.as_deref()) else {
                continue;
            };
            let Some(post) = PostId::parse(id) else {
                continue;
            };
            let tweet = objects.tweets.get(id);
            // "liked your repost": a repost is not my post.
            if tweet.is_some_and(|t| t.retweeted_status_id_str.is_some()) {
                continue;
            }
            let author = tweet
                .and_then(|t| t.user_id_str.as_deref())
                .and_then(handle_of)
                .map(|(h, _)| h);
            if !is_mine(author.as_ref(), ctx) {
                continue;
            }
            for who in &likers {
                learned.received.push(ReceivedLike {
                    who: who.clone(),
                    post,
                    at,
                });
            }
        }
    }
    Ok(learned)
}

/// `Fri Jul 31 21:34:08 +0000 2026` → ms since the epoch.
pub fn parse_twitter_time(s: &str) -> Option<i64> {
    let parts: Vec<&str> = s.split_whitespace().collect();
    let [_, month, day, time, zone, year] = parts.as_slice() else {
        return None;
    };
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month = MONTHS.iter().position(|m| m == month)? as i64 + 1;
    let (day, year): (i64, i64) = (day.parse().ok()?, year.parse().ok()?);
    let hms: Vec<i64> = time
        .split(':')
        .map(|p| p.parse().ok())
        .collect::<Option<_>>()?;
    let [h, m, sec] = hms.as_slice() else {
        return None;
    };
    let sign = if zone.starts_with('-') { -1 } else { 1 };
    let zone: i64 = zone.get(1..)?.parse().ok()?;
    let offset = sign * ((zone / 100) * 3600 + (zone % 100) * 60);
    let days = crate::core::model::days_from_civil(year, month, day);
    Some((days * 86_400 + h * 3600 + m * 60 + sec - offset) * 1000)
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
        assert_eq!(
            crate::core::model::format_iso_ms(l.posts[0].time),
            "2026-11-20T09:00:00.000Z"
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
}
