//! The words of the domain: handles, post ids, posts and what kind of timeline item a post is.
//!
//! Over 400 lines: ~500 of code, the vocabulary (handles, ids, times, post kinds) that nearly
//! every module imports together, and its tests.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::hash::{Hash, Hasher};

/// An X account name without the `@`. X treats handles case-insensitively (`/Aoi_Dev` and
/// `/aoi_dev` are one account), so equality and hashing ignore ASCII case while the original
/// spelling is kept for display.
#[derive(Clone, Debug, Eq)]
pub struct Handle(String);

impl Handle {
    /// Accepts what X allows in a handle: 1–15 of `[A-Za-z0-9_]`. Anything else (a path like
    /// `/home`, page text, a hostile string) is refused, so a `Handle` is always safe to put in a
    /// URL or an attribute.
    pub fn parse(s: &str) -> Option<Handle> {
        let s = s.strip_prefix('@').unwrap_or(s);
        let ok = (1..=15).contains(&s.len())
            && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
        ok.then(|| Handle(s.to_string()))
    }

    /// The handle from a profile link such as `/aoi_dev` (and only such a link: `/home`,
    /// `/i/lists/1` or `/aoi_dev/status/1` are not profiles).
    pub fn from_profile_href(href: &str) -> Option<Handle> {
        let path = href_path(href);
        let rest = path.strip_prefix('/')?;
        if rest.contains('/') || is_reserved_path(rest) {
            return None;
        }
        Handle::parse(rest)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The form used as a storage key.
    pub fn key(&self) -> String {
        self.0.to_ascii_lowercase()
    }

    /// The bytes of `key()`, without making it: X's handles ignore case.
    pub fn folded(&self) -> impl Iterator<Item = u8> + '_ {
        self.0.bytes().map(|b| b.to_ascii_lowercase())
    }
}

impl PartialEq for Handle {
    fn eq(&self, other: &Self) -> bool {
        self.0.eq_ignore_ascii_case(&other.0)
    }
}

impl Hash for Handle {
    fn hash<H: Hasher>(&self, state: &mut H) {
        for b in self.folded() {
            state.write_u8(b);
        }
    }
}

impl PartialOrd for Handle {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Handle {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.folded().cmp(other.folded())
    }
}

impl fmt::Display for Handle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for Handle {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Handle {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Handle::parse(&s).ok_or_else(|| serde::de::Error::custom(format!("not a handle: {s:.40}")))
    }
}

/// The name to show for someone: their display name, or their handle when none is known.
pub fn shown_name<'a>(name: &'a str, who: &'a Handle) -> &'a str {
    if name.is_empty() {
        who.as_str()
    } else {
        name
    }
}

/// First path segments of x.com that are pages, not accounts.
fn is_reserved_path(segment: &str) -> bool {
    const RESERVED: &[&str] = &[
        "home",
        "explore",
        "search",
        "notifications",
        "messages",
        "i",
        "settings",
        "compose",
        "login",
        "logout",
        "signup",
        "tos",
        "privacy",
        "jobs",
        "bookmarks",
        "lists",
        "communities",
        "premium",
        "hashtag",
        "intent",
        "share",
    ];
    RESERVED.iter().any(|r| r.eq_ignore_ascii_case(segment))
}

/// The path of an href that may be absolute (`https://x.com/a`) or relative (`/a`), without
/// query or fragment.
pub fn href_path(href: &str) -> &str {
    let path = match href.find("://") {
        Some(i) => {
            let after = &href[i + 3..];
            after.find('/').map_or("/", |j| &after[j..])
        }
        None => href,
    };
    let end = path.find(['?', '#']).unwrap_or(path.len());
    &path[..end]
}

/// A status id. X's ids are snowflakes: the creation time is in the upper bits, so ids of
/// posts order by time and a post's time is known from its id alone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PostId(pub u64);

/// Twitter's snowflake epoch (2010-11-04T01:42:54.657Z), in ms.
const SNOWFLAKE_EPOCH_MS: i64 = 1_288_834_974_657;
/// Ids below this were issued before snowflakes and carry no time.
const FIRST_SNOWFLAKE: u64 = 30_000_000_000_000_000;

impl PostId {
    pub fn parse(s: &str) -> Option<PostId> {
        if s.is_empty() || s.len() > 20 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        s.parse().ok().map(PostId)
    }

    /// The id from a permalink such as `/aoi_dev/status/1841842569182929401` (or one of its
    /// sub-pages: `/photo/1`, `/likes`, `/analytics`), with the author.
    pub fn from_status_href(href: &str) -> Option<(Handle, PostId)> {
        let mut parts = href_path(href).trim_start_matches('/').split('/');
        let handle = Handle::parse(parts.next()?)?;
        if parts.next()? != "status" {
            return None;
        }
        Some((handle, PostId::parse(parts.next()?)?))
    }

    /// Creation time in ms since the Unix epoch, when the id is a snowflake.
    pub fn time_ms(self) -> Option<i64> {
        (self.0 >= FIRST_SNOWFLAKE).then(|| (self.0 >> 22) as i64 + SNOWFLAKE_EPOCH_MS)
    }

    /// When a like of this post was given, where X does not say (a likes list): the post's
    /// time, the earliest it can have been, and never after `now`.
    pub fn like_time(self, now: i64) -> i64 {
        self.time_ms().unwrap_or(now).min(now)
    }
}

impl fmt::Display for PostId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

// Ids travel as strings: they exceed JavaScript's 2^53.
impl Serialize for PostId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for PostId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        PostId::parse(&s).ok_or_else(|| serde::de::Error::custom(format!("not a post id: {s:.40}")))
    }
}

/// What a timeline item is, as written to `data-lb-kind`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PostKind {
    Original,
    Repost,
    Quote,
    Promoted,
    Pinned,
    Unknown,
}

impl PostKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PostKind::Original => "original",
            PostKind::Repost => "repost",
            PostKind::Quote => "quote",
            PostKind::Promoted => "promoted",
            PostKind::Pinned => "pinned",
            PostKind::Unknown => "unknown",
        }
    }
}

/// The icon beside an article's social context line ("Alice reposted", "Pinned", a community),
/// told apart by the icon's shape because the words change with X's language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ContextIcon {
    Repost,
    Pin,
    Community,
    Other,
}

/// What `x::scan` read from one tweet article, before any decision. Display names and
/// the post's text are read only for posts that need them (a repost's bar), because this runs
/// for every post that scrolls by.
#[derive(Clone, Debug, Default)]
pub struct ArticleFacts {
    /// How many `User-Name` blocks: none means the article is not one we can read; two means a
    /// quoted post is embedded.
    pub user_names: usize,
    /// The permalink of the post shown (`/<handle>/status/<id>`): it names the author too.
    pub status_href: Option<String>,
    /// The social context line: `(icon, href of its link, reposter's display name)`.
    pub context: Option<(ContextIcon, Option<String>, String)>,
    /// A `placementTracking` encloses the article within its cell: X's wrapper around an ad.
    /// (One *inside* the article is media: X wraps every video player, GIF and Spaces card in
    /// one, so it says nothing.)
    pub ad_wrapper: bool,
    /// X's impression pixels (`…-impression-pixel`) or a `twclid=` ad-click link in the
    /// article. Read only when the cheaper signs left the question open.
    pub ad_traces: bool,
    /// `Some(true)` when the like button reads `unlike`.
    pub liked: Option<bool>,
    /// The author's display name, when read.
    pub author_name: String,
    /// The post's text, when read.
    pub text: String,
}

/// A post as the extension understands it.
#[derive(Clone, Debug, PartialEq)]
pub struct Post {
    pub id: PostId,
    /// The author of the post shown: for a repost, the original author.
    pub author: Handle,
    pub author_name: String,
    pub kind: PostKind,
    /// Who reposted it (handle, display name), for reposts.
    pub reposted_by: Option<(Handle, String)>,
    pub liked: Option<bool>,
    /// ms since the Unix epoch.
    pub time: Option<i64>,
    pub text: String,
}

/// Why an article could not be understood.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unrecognised {
    NoAuthor,
    NoPermalink,
}

impl ArticleFacts {
    /// Whether the article is an ad: its author block has no permalink time (X shows "Ad" /
    /// 「プロモーション」 there), a placement tracker encloses it, or it carries X's ad
    /// traces. A placement tracker inside the article is not a sign: it wraps media.
    pub fn is_ad(&self) -> bool {
        self.ad_wrapper || self.ad_traces || (self.user_names > 0 && self.status_href.is_none())
    }
}

/// A promoted article carries no permalink, so it is recognised without one.
#[derive(Clone, Debug, PartialEq)]
pub enum Scanned {
    Post(Post),
    Promoted { author: Option<Handle> },
}

/// Decides what an article is. `me` is the logged-in account: my own posts are never reposts
/// to collapse, even when someone reposted them.
pub fn classify(facts: &ArticleFacts, me: Option<&Handle>) -> Result<Scanned, Unrecognised> {
    let link = facts
        .status_href
        .as_deref()
        .and_then(PostId::from_status_href);
    if facts.is_ad() {
        return Ok(Scanned::Promoted {
            author: link.map(|(h, _)| h),
        });
    }
    if facts.user_names == 0 {
        return Err(Unrecognised::NoAuthor);
    }
    let (author, id) = link.ok_or(Unrecognised::NoPermalink)?;
    let mine = me.is_some_and(|me| *me == author);
    let mut reposted_by = None;
    let kind = match &facts.context {
        Some((ContextIcon::Pin, _, _)) => PostKind::Pinned,
        Some((ContextIcon::Repost, href, name)) if !mine => {
            reposted_by = href
                .as_deref()
                .and_then(Handle::from_profile_href)
                .map(|h| (h, name.clone()));
            PostKind::Repost
        }
        _ if facts.user_names >= 2 => PostKind::Quote,
        _ => PostKind::Original,
    };
    Ok(Scanned::Post(Post {
        id,
        author,
        author_name: facts.author_name.clone(),
        kind,
        reposted_by,
        liked: facts.liked,
        time: id.time_ms(),
        text: facts.text.clone(),
    }))
}

/// "me" as X's page shows it: the side bar's profile link (`href="/<me>"`), else the account
/// switcher's avatar (`data-testid="UserAvatar-Container-<me>"`). The profile link comes first
/// because it is a link to my own page; the switcher names the same account where the link is
/// not drawn yet or not at all. (The user's own setting and X's API viewer are weighed by the
/// caller: the user's choice always wins.)
pub fn me_on_page(profile_href: Option<&str>, switcher_avatar: Option<&str>) -> Option<Handle> {
    profile_href
        .and_then(Handle::from_profile_href)
        .or_else(|| {
            switcher_avatar
                .and_then(|t| t.strip_prefix("UserAvatar-Container-"))
                .and_then(Handle::parse)
        })
}

/// The first words of a post, on one line, at most `max` characters (an ellipsis marks a cut).
pub fn first_words(text: &str, max: usize) -> String {
    let mut out = String::new();
    let mut count = 0;
    for word in text.split_whitespace() {
        let sep = usize::from(!out.is_empty());
        let len = word.chars().count();
        if count + sep + len > max {
            if out.is_empty() {
                out.extend(word.chars().take(max));
            }
            out.push('…');
            return out;
        }
        if sep == 1 {
            out.push(' ');
        }
        out.push_str(word);
        count += sep + len;
    }
    out
}

/// Parses `2024-10-03T14:07:42.000Z` (what X puts in `<time datetime>`) to ms since the epoch.
pub fn parse_iso_ms(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' {
        return None;
    }
    // Digits only: `parse` alone would take a sign.
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        let part = s.get(r)?;
        part.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    let (y, mo, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (h, mi, sec) = (num(11..13)?, num(14..16)?, num(17..19)?);
    let mut ms = 0;
    let mut rest = &s[19..];
    if let Some(frac) = rest.strip_prefix('.') {
        let digits = frac.bytes().take_while(u8::is_ascii_digit).count();
        // The first three digits, padded with zeros: ".1" is 100 ms.
        ms = frac
            .bytes()
            .take(digits.min(3))
            .chain(std::iter::repeat(b'0'))
            .take(3)
            .fold(0, |ms, b| ms * 10 + i64::from(b - b'0'));
        rest = &frac[digits..];
    }
    if rest != "Z" || !(1..=31).contains(&d) || h > 23 || mi > 59 || sec > 59 {
        return None;
    }
    utc_ms(y, mo, d, h, mi, sec)?.checked_add(ms)
}

/// Month names as X writes them in its API's dates (and the charts label months).
pub const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// ms since the epoch of a UTC date and time; `None` when a part is out of its range or the
/// result does not fit (a year of six digits or more comes from a broken or hostile source,
/// and release builds would otherwise wrap around silently).
pub fn utc_ms(y: i64, mo: i64, d: i64, h: i64, mi: i64, s: i64) -> Option<i64> {
    let fits = |v: i64, max: i64| (0..=max).contains(&v);
    if !(fits(h, 23) && fits(mi, 59) && fits(s, 59)) {
        return None;
    }
    days_from_civil(y, mo, d)?
        .checked_mul(86_400)?
        .checked_add(h * 3600 + mi * 60 + s)?
        .checked_mul(1000)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm); `None`
/// for a date that does not exist (a 13th month, the 30th of February) or a year whose days
/// do not fit.
pub fn days_from_civil(y: i64, m: i64, d: i64) -> Option<i64> {
    let leap = y.rem_euclid(4) == 0 && (y.rem_euclid(100) != 0 || y.rem_euclid(400) == 0);
    let days_in_month = match m {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        1..=12 => 31,
        _ => return None,
    };
    if !(1..=days_in_month).contains(&d) {
        return None;
    }
    let y = if m <= 2 { y.checked_sub(1)? } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era.checked_mul(146_097)?.checked_add(doe - 719_468)
}

/// The days `civil_from_days` reads: about ±2.9 billion years, far past any time it is given
/// from a checked source; beyond, it saturates instead of wrapping.
const CIVIL_DAYS: i64 = 1 << 40;

/// `(year, month, day)` of a day count since 1970-01-01.
pub fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z.clamp(-CIVIL_DAYS, CIVIL_DAYS) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (
        if m <= 2 {
            yoe + era * 400 + 1
        } else {
            yoe + era * 400
        },
        m,
        d,
    )
}

/// ms since the epoch → `2026-11-23T18:29:55.000Z`.
pub fn format_iso_ms(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let (y, m, d) = civil_from_days(secs.div_euclid(86_400));
    let t = secs.rem_euclid(86_400);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{:03}Z",
        t / 3600,
        t / 60 % 60,
        t % 60,
        ms.rem_euclid(1000)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(href: &str) -> ArticleFacts {
        ArticleFacts {
            status_href: Some(href.into()),
            user_names: 1,
            ..Default::default()
        }
    }

    #[test]
    fn handles_compare_without_case_and_refuse_non_handles() {
        assert_eq!(Handle::parse("Aoi_Dev"), Handle::parse("@aoi_dev"));
        assert_eq!(Handle::parse("<img src=x>"), None);
        assert_eq!(Handle::parse("sixteen_chars_xx"), None);
        assert_eq!(
            Handle::from_profile_href("/kenji_k").map(|h| h.to_string()),
            Some("kenji_k".into())
        );
        assert_eq!(Handle::from_profile_href("/home"), None);
        assert_eq!(Handle::from_profile_href("/a/status/1"), None);
        assert_eq!(
            Handle::from_profile_href("https://x.com/Mika?s=1").map(|h| h.key()),
            Some("mika".into())
        );
    }

    #[test]
    fn post_ids_come_from_permalinks_and_carry_their_time() {
        let (h, id) = PostId::from_status_href("/jarvis_best/status/1841842569182929401").unwrap();
        assert_eq!((h.as_str(), id.0), ("jarvis_best", 1841842569182929401));
        // The capture's <time> says 2024-10-03T14:07:42.000Z (X shows whole seconds).
        let shown = parse_iso_ms("2024-10-03T14:07:42.000Z").unwrap();
        assert!((0..1000).contains(&(id.time_ms().unwrap() - shown)));
        assert!(PostId::from_status_href("/a/status/12/photo/1").is_some());
        assert!(PostId::from_status_href("/a/likes").is_none());
        assert!(PostId::parse("12a").is_none());
        assert_eq!(PostId(5).time_ms(), None);
    }

    #[test]
    fn iso_times_round_trip() {
        let t = parse_iso_ms("2026-11-23T18:29:55.120Z").unwrap();
        assert_eq!(format_iso_ms(t), "2026-11-23T18:29:55.120Z");
        assert_eq!(parse_iso_ms("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(parse_iso_ms("2026-13-01T00:00:00Z"), None);
        assert_eq!(parse_iso_ms("yesterday"), None);
    }

    #[test]
    fn a_repost_is_told_by_its_icon_and_names_both_people() {
        let mut f = facts("/mika_art/status/1990000000000000000");
        f.context = Some((ContextIcon::Repost, Some("/kenji_k".into()), "Kenji".into()));
        let Ok(Scanned::Post(p)) = classify(&f, Handle::parse("hana_lb").as_ref()) else {
            panic!("not a post")
        };
        assert_eq!(p.kind, PostKind::Repost);
        assert_eq!(p.author.as_str(), "mika_art");
        assert_eq!(
            p.reposted_by,
            Some((Handle::parse("kenji_k").unwrap(), "Kenji".into()))
        );
    }

    #[test]
    fn pinned_quote_and_mine_are_not_reposts() {
        let me = Handle::parse("hana_lb");
        let kind = |f: &ArticleFacts| match classify(f, me.as_ref()) {
            Ok(Scanned::Post(p)) => p.kind,
            other => panic!("{other:?}"),
        };
        let mut pinned = facts("/aoi_dev/status/1");
        pinned.context = Some((ContextIcon::Pin, None, "Pinned".into()));
        assert_eq!(kind(&pinned), PostKind::Pinned);

        let mut quote = facts("/aoi_dev/status/1");
        quote.user_names = 2;
        assert_eq!(kind(&quote), PostKind::Quote);

        let mut reposted_quote = quote.clone();
        reposted_quote.context = Some((ContextIcon::Repost, Some("/sora_w".into()), "S".into()));
        assert_eq!(kind(&reposted_quote), PostKind::Repost);

        let mut community = facts("/aoi_dev/status/1");
        community.context = Some((ContextIcon::Community, None, "Rustaceans".into()));
        assert_eq!(kind(&community), PostKind::Original);

        let mut mine_reposted = facts("/HANA_LB/status/1");
        mine_reposted.context = Some((ContextIcon::Repost, Some("/kenji_k".into()), "K".into()));
        assert_eq!(kind(&mine_reposted), PostKind::Original);
    }

    #[test]
    fn promoted_needs_no_permalink_and_broken_articles_say_why() {
        // An ad shows "Ad" where the time would be: a User-Name and no permalink.
        let promoted = ArticleFacts {
            user_names: 1,
            ..Default::default()
        };
        assert!(matches!(
            classify(&promoted, None),
            Ok(Scanned::Promoted { author: None })
        ));
        assert_eq!(
            classify(&ArticleFacts::default(), None),
            Err(Unrecognised::NoAuthor)
        );
        let no_link = facts("/aoi_dev");
        assert_eq!(classify(&no_link, None), Err(Unrecognised::NoPermalink));
        let mut no_user_name = facts("/aoi_dev/status/1");
        no_user_name.user_names = 0;
        assert_eq!(classify(&no_user_name, None), Err(Unrecognised::NoAuthor));
    }

    #[test]
    fn an_ad_is_told_by_its_wrapper_or_traces_and_media_is_not_an_ad() {
        let is_ad = |f: &ArticleFacts| matches!(classify(f, None), Ok(Scanned::Promoted { .. }));
        // A post with a video, a GIF or a Spaces card: X's placement tracker sits inside the
        // article, which `x::scan` does not report as a sign. It is a post like any other.
        let video = facts("/mika_art/status/1990000000000000000");
        assert!(!is_ad(&video));

        let mut wrapped = video.clone();
        wrapped.ad_wrapper = true;
        assert!(is_ad(&wrapped));
        // The wrapped ad keeps its advertiser when it shows a permalink.
        assert!(matches!(
            classify(&wrapped, None),
            Ok(Scanned::Promoted { author: Some(a) }) if a.as_str() == "mika_art"
        ));

        let mut traced = video.clone();
        traced.ad_traces = true;
        assert!(is_ad(&traced));

        let mut no_time = video.clone();
        no_time.status_href = None;
        assert!(is_ad(&no_time));
    }

    #[test]
    fn me_comes_from_the_profile_link_else_the_account_switcher() {
        let me = |link, switcher| me_on_page(link, switcher).map(|h| h.to_string());
        let avatar = Some("UserAvatar-Container-hana_lb");
        assert_eq!(me(Some("/hana_lb"), avatar), Some("hana_lb".into()));
        assert_eq!(me(None, avatar), Some("hana_lb".into()));
        // The link wins when both are there; a broken one falls back to the switcher.
        assert_eq!(
            me(Some("/kenji_k"), Some("UserAvatar-Container-other")),
            Some("kenji_k".into())
        );
        assert_eq!(me(Some("/home"), avatar), Some("hana_lb".into()));
        assert_eq!(me(None, Some("UserAvatar-Container-<img>")), None);
        assert_eq!(me(None, Some("UserAvatar-Container-")), None);
        assert_eq!(me(None, None), None);
    }

    #[test]
    fn first_words_cut_on_word_boundaries() {
        assert_eq!(
            first_words("  Sketching\ncats   all morning ", 80),
            "Sketching cats all morning"
        );
        assert_eq!(first_words("one two three", 8), "one two…");
        assert_eq!(first_words("日本語の長いポストです", 4), "日本語の…");
        assert_eq!(first_words("", 5), "");
    }

    proptest::proptest! {
        /// Every time from the year 0 to 9999 is written and read back exactly.
        #[test]
        fn iso_times_round_trip_for_any_time(t in -62_167_219_200_000i64..253_402_300_800_000) {
            proptest::prop_assert_eq!(parse_iso_ms(&format_iso_ms(t)), Some(t));
        }

        /// Any text, and any numbers in the shape of a time, is read without a panic (tests
        /// build with overflow checks: a wrap would fail here) and gives the date written or
        /// none (the 30th of February, a 13th month, a sign are not dates).
        #[test]
        fn iso_times_never_overflow(
            y in "[+-]?[0-9]{3,4}", mo in 0i64..14, d in 0i64..33,
            h in 0i64..26, mi in 0i64..62, sec in 0i64..62, frac in "(\\.[0-9]{1,12})?",
            junk in "\\PC{0,40}",
        ) {
            let text = format!("{y}-{mo:02}-{d:02}T{h:02}:{mi:02}:{sec:02}{frac}Z");
            for text in [&text, &junk] {
                if let Some(t) = parse_iso_ms(text) {
                    proptest::prop_assert_eq!(&format_iso_ms(t)[..10], &text[..10]);
                }
            }
        }

        #[test]
        fn dates_of_any_size_give_none_instead_of_wrapping(
            y in proptest::num::i64::ANY, m in -20i64..20, d in -40i64..40,
            z in proptest::num::i64::ANY,
        ) {
            let _ = utc_ms(y, m, d, 12, 0, 0);
            let (_, month, day) = civil_from_days(z);
            proptest::prop_assert!((1..=12).contains(&month) && (1..=31).contains(&day));
        }
    }
}
