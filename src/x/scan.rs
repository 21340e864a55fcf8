//! Reads X's articles into `ArticleFacts`. Reading only: what the facts mean is decided by
//! `core::model::classify`. This runs for every post that scrolls by, and each call into the
//! DOM costs more than the Rust around it, so the common case makes about ten calls: the
//! permalink (which names the author), the `User-Name` count, the social context, the ad
//! wrapper (one `closest`), the ad traces and the like button. Names and text are read by
//! `details`, for the posts that show them.

use super::dom::{js, Dom};
use super::selectors as sel;
use crate::core::model::{ArticleFacts, ContextIcon};
use web_sys::Element;

/// Reads the article of a timeline cell.
pub fn article_facts(article: &Element) -> ArticleFacts {
    let user_names = article.query_all(js!(sel::USER_NAME)).length() as usize;
    let mut facts = ArticleFacts {
        user_names,
        status_href: permalink(article),
        ad_wrapper: ad_wrapper(article),
        context: social_context(article),
        liked: like_state(article),
        ..ArticleFacts::default()
    };
    // The traces cost a scan of the whole article: only when nothing cheaper decided.
    if !facts.is_ad() {
        facts.ad_traces = article.query(js!(sel::AD_PIXEL)).is_some()
            || article.query(js!(sel::AD_CLICK)).is_some();
    }
    facts
}

/// A placement tracker around the article, within its cell: X's wrapper of an ad. (`matches`
/// only walks up the article's ancestors, far cheaper than a scan of the cell, and never sees a
/// tracker inside the article — a video's.)
fn ad_wrapper(article: &Element) -> bool {
    article.is(js!(sel::IN_AD_WRAPPER))
}

/// Whether the post is liked, from its like button (`None`: no like button).
pub fn like_state(article: &Element) -> Option<bool> {
    // Two exact queries: a selector list (`like, unlike`) is several times slower in Chromium.
    let has = |s: &js_sys::JsString| article.query(s).is_some();
    if has(js!(sel::LIKE_BUTTON)) {
        Some(false)
    } else if has(js!(sel::UNLIKE_BUTTON)) {
        Some(true)
    } else {
        None
    }
}

/// The author's display name and the post's text.
pub fn details(article: &Element, facts: &mut ArticleFacts) {
    facts.author_name = article
        .query(js!(sel::USER_NAME_LINK))
        .and_then(|a| a.text_content())
        .map(|t| t.trim().to_string())
        .unwrap_or_default();
    facts.text = article
        .query(js!(sel::TWEET_TEXT))
        .and_then(|t| t.text_content())
        .unwrap_or_default();
}

/// The post's permalink: the first status link around a `<time>` (a
/// quoted post's time has no link of its own).
pub fn permalink(article: &Element) -> Option<String> {
    article.query(js!(sel::PERMALINK))?.attr(js!("href"))
}

/// The social context line: its icon, the link it sits in and the name it shows.
fn social_context(article: &Element) -> Option<(ContextIcon, Option<String>, String)> {
    let context = article.query(js!(sel::SOCIAL_CONTEXT))?;
    let icon = match article.query(js!(sel::FIRST_ICON_PATH)) {
        Some(path) if path.is(js!(sel::REPOST_ICON)) => ContextIcon::Repost,
        Some(path) => path
            .attr(js!("d"))
            .map_or(ContextIcon::Other, |d| icon_of(&d)),
        None => ContextIcon::Other,
    };
    let href = context
        .up_to(js!(sel::LINK))
        .and_then(|a| a.attr(js!("href")));
    // "<span>Name</span> reposted" / "<span>Name</span>さんがリポストしました": the name is the
    // first inner element, whatever the language.
    let name = context
        .first_element_child()
        .and_then(|e| e.text_content())
        .or_else(|| context.text_content())
        .unwrap_or_default();
    Some((icon, href, name.trim().to_string()))
}

/// The icon of a context line that is not a repost's (`REPOST_ICON` told that one).
fn icon_of(d: &str) -> ContextIcon {
    let any = |prefixes: &[&str]| prefixes.iter().any(|p| d.starts_with(p));
    if any(sel::PIN_ICONS) {
        ContextIcon::Pin
    } else if any(sel::COMMUNITY_ICONS) {
        ContextIcon::Community
    } else {
        ContextIcon::Other
    }
}

/// The status id an already processed article shows now: X reuses articles for other posts.
pub fn shown_post(article: &Element) -> Option<String> {
    let href = permalink(article)?;
    crate::core::model::PostId::from_status_href(&href).map(|(_, id)| id.to_string())
}
