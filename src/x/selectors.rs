//! Every way Likeback finds things in X's page, in one place. When X changes its markup, this
//! file (and `scan.rs`, which reads what these find) is what changes.
//!
//! X's class names are generated and change with every deploy; `data-testid` attributes are
//! X's own test hooks and have been stable for years, so everything here keys on them, on ARIA
//! roles and on icon shapes — never on English words, because X may be in Japanese.

/// One timeline row. X virtualises its lists: these are created, reused for other posts and
/// destroyed while the user scrolls.
pub const CELL: &str = r#"[data-testid="cellInnerDiv"]"#;

/// A post inside a cell (timelines, profiles, lists, search, status pages).
pub const TWEET: &str = r#"article[data-testid="tweet"]"#;

/// The line above a post saying why it is shown: "Alice reposted", "Pinned", a community.
/// It sits inside a link to the reposter's profile when it is a repost.
pub const SOCIAL_CONTEXT: &str = r#"[data-testid="socialContext"]"#;

/// The first icon of an article: with a social context, it is the context's icon.
pub const FIRST_ICON_PATH: &str = "svg path";

/// Author block: display-name link then `@handle` link (and, in timelines, the time link).
/// A quote embeds a second one for the quoted post's author.
pub const USER_NAME: &str = r#"[data-testid="User-Name"]"#;

/// The display-name link of the author (the first `User-Name`'s first link).
pub const USER_NAME_LINK: &str = r#"[data-testid="User-Name"] a[href]"#;

/// A post's permalink `/<handle>/status/<id>`: the status link whose child is the post's
/// `<time>` (a quoted post's time has no link of its own). One query, where finding the time
/// and then its link took two calls.
pub const PERMALINK: &str = r#"a[href*="/status/"]:has(> time)"#;

/// The link an element sits in (a permalink's time, a social context).
pub const LINK: &str = "a[href]";

/// An article inside X's placement tracker inside a cell: X's wrapper of an ad, whose first
/// children are the impression pixels. *Inside* an article a placement tracker wraps media —
/// every video player and GIF (`tweetPhoto > … > placementTracking > videoPlayer`), Spaces
/// cards, videos in X Articles — and says nothing about ads; so only the article's ancestors
/// count (cells never nest, so the tracker sits in the article's own cell). Asked with
/// `matches`, which answers without handing an element over.
pub const IN_AD_WRAPPER: &str =
    r#"[data-testid="cellInnerDiv"] [data-testid="placementTracking"] article"#;

/// What only ads carry: X's impression pixels (`top-impression-pixel`, …) and links with X's
/// ad-click id `twclid=` (an ad's call to action). Read only when the article has a permalink
/// and no ad wrapper (an ad nearly always lacks both); as two queries, because Chromium runs a
/// selector list on its slow path (the list cost twice the two queries on X's articles).
pub const AD_PIXEL: &str = r#"[data-testid$="-impression-pixel"]"#;
pub const AD_CLICK: &str = r#"a[href*="twclid="]"#;

/// The like button: `like` when not liked, `unlike` when liked (X flips the attribute in
/// place, on the same element).
pub const LIKE_BUTTON: &str = r#"[data-testid="like"]"#;
pub const UNLIKE_BUTTON: &str = r#"[data-testid="unlike"]"#;
/// Either, for `matches` on an element whose `data-testid` changed.
pub const LIKE_OR_UNLIKE: &str = r#"[data-testid="like"], [data-testid="unlike"]"#;

pub const TWEET_TEXT: &str = r#"[data-testid="tweetText"]"#;

/// The logged-in account's profile link in the side bar: `href="/<me>"`.
pub const ME_LINK: &str = r#"a[data-testid="AppTabBar_Profile_Link"]"#;
/// The account switcher at the foot of the side bar holds my avatar, whose `data-testid` is
/// `UserAvatar-Container-<me>`. X's narrow (phone) layout has no side bar: the same avatar is
/// in the button at the top left that opens the account drawer.
pub const ME_SWITCHER_AVATAR: &str = concat!(
    r#"[data-testid="SideNav_AccountSwitcher_Button"] [data-testid^="UserAvatar-Container-"], "#,
    r#"[data-testid="DashButton_ProfileIcon_Link"] [data-testid^="UserAvatar-Container-"]"#
);

/// The Home page's tabs ("For you", "Following", then pinned lists), told apart by position
/// because their labels are in the user's language.
pub const HOME_TABLIST: &str = r#"[data-testid="primaryColumn"] [role="tablist"]"#;
pub const TAB: &str = r#"[role="tab"]"#;
/// The tab shown, told by `matches` on a tab.
pub const SELECTED_TAB: &str = r#"[aria-selected="true"]"#;

/// A person in a list of people: who liked a post (`/<me>/status/<id>/likes`), list members.
pub const USER_CELL: &str = r#"[data-testid="UserCell"]"#;
/// A profile link inside a person's cell or a notification's avatar row.
pub const PROFILE_LINK: &str = r#"a[href^="/"]"#;

/// A notification ("Aoi and 2 others liked your post"); its first icon tells its kind.
pub const NOTIFICATION: &str = r#"article[data-testid="notification"]"#;
/// The avatars of the people a notification names.
pub const NOTIFICATION_PEOPLE: &str = r#"[data-testid^="UserAvatar-Container-"] a[href]"#;
/// A link to a post inside a notification, where X gives one.
pub const STATUS_LINK: &str = r#"a[href*="/status/"]"#;

/// Icon shapes (the start of the svg path `d`), as X drew them in 2024–2025. Several entries
/// may exist for one meaning as X redraws icons.
/// The repost icon, as a selector on the icon's path: the common case is answered by the
/// browser without the path (hundreds of characters) crossing into WASM.
pub const REPOST_ICON: &str = r#"[d^="M4.75 3.79l4.603 4.3"], [d^="M4.5 3.88l4.432 4.14"]"#;
pub const PIN_ICONS: &[&str] = &["M13 21l-1 2-1-2v-5H4.5v-2.287l"];
pub const COMMUNITY_ICONS: &[&str] = &["M7.471 21H.472l.029-1.027c.184"];
/// The filled heart: a like notification's icon (and a liked post's button).
pub const HEART_ICONS: &[&str] = &["M20.884 13.19"];

/// An open dialog of X's (a compose box, a menu, a photo): Esc is X's while one is open, so
/// the like-back round does not take it.
pub const MODAL: &str = r#"[aria-modal="true"]"#;

/// Every selector, so that the content script can hand them to the browser once (interned) rather
/// than re-encoding the same strings for every post.
pub const ALL: &[&str] = &[
    CELL,
    TWEET,
    SOCIAL_CONTEXT,
    FIRST_ICON_PATH,
    USER_NAME,
    USER_NAME_LINK,
    PERMALINK,
    IN_AD_WRAPPER,
    AD_PIXEL,
    AD_CLICK,
    REPOST_ICON,
    LIKE_BUTTON,
    UNLIKE_BUTTON,
    LIKE_OR_UNLIKE,
    TWEET_TEXT,
    ME_LINK,
    ME_SWITCHER_AVATAR,
    HOME_TABLIST,
    TAB,
    SELECTED_TAB,
    USER_CELL,
    PROFILE_LINK,
    NOTIFICATION,
    NOTIFICATION_PEOPLE,
    STATUS_LINK,
];
