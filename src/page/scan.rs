//! Reads one X article into `ArticleFacts`. Reading only: what the facts mean is decided by
//! `core::model::classify`. This runs for every post that scrolls by, so it makes a handful
//! of `querySelector` calls and nothing else.

use super::selectors as sel;
use crate::core::model::{ArticleFacts, ContextIcon};
use wasm_bindgen::JsCast;
use web_sys::Element;

pub fn article_facts(article: &Element) -> ArticleFacts {
    let user_names = article.query_selector_all(sel::USER_NAME).ok();
    let first_user_name = user_names.as_ref().and_then(|l| l.item(0));
    let author = first_user_name
        .and_then(|n| n.dyn_into::<Element>().ok())
        .and_then(|n| n.query_selector("a[href]").ok().flatten())
        .and_then(|a| {
            let href = a.get_attribute("href")?;
            let handle = crate::core::model::href_path(&href)
                .trim_start_matches('/')
                .to_string();
            Some((
                handle,
                a.text_content().unwrap_or_default().trim().to_string(),
            ))
        });
    let (status_href, datetime) = permalink(article, author.as_ref().map(|a| a.0.as_str()));
    let promoted = article.query_selector(sel::PROMOTED).ok().flatten().is_some()
        || article.closest(sel::PROMOTED).ok().flatten().is_some()
        // An ad shows "Ad" where a post shows its time, and has no permalink.
        || (author.is_some() && datetime.is_none() && status_href.is_none());
    let liked = article
        .query_selector(sel::LIKE_BUTTON)
        .ok()
        .flatten()
        .and_then(|b| b.get_attribute("data-testid"))
        .map(|t| t == sel::LIKED_TESTID);
    let text = article
        .query_selector(sel::TWEET_TEXT)
        .ok()
        .flatten()
        .and_then(|t| t.text_content())
        .unwrap_or_default();
    ArticleFacts {
        author,
        status_href,
        datetime,
        context: social_context(article),
        user_names: user_names.map_or(0, |l| l.length() as usize),
        promoted,
        liked,
        text,
    }
}

/// The post's permalink and time. The first `<time>` inside a status link is the post's own,
/// except on a focused post with a quote, where the quote comes first: prefer the link that
/// names the author.
pub fn permalink(article: &Element, author: Option<&str>) -> (Option<String>, Option<String>) {
    let Ok(times) = article.query_selector_all(sel::TIME) else {
        return (None, None);
    };
    let mut first = None;
    for i in 0..times.length() {
        let Some(time) = times.item(i).and_then(|t| t.dyn_into::<Element>().ok()) else {
            continue;
        };
        let Some(href) = time
            .closest("a[href]")
            .ok()
            .flatten()
            .and_then(|a| a.get_attribute("href"))
            .filter(|h| h.contains("/status/"))
        else {
            continue;
        };
        let found = (Some(href), time.get_attribute("datetime"));
        let by_author = author.is_some_and(|a| {
            found.0.as_deref().is_some_and(|h| {
                let p = crate::core::model::href_path(h).trim_start_matches('/');
                p.len() > a.len()
                    && p[..a.len()].eq_ignore_ascii_case(a)
                    && p.as_bytes()[a.len()] == b'/'
            })
        });
        if by_author {
            return found;
        }
        first.get_or_insert(found);
    }
    first.unwrap_or((None, None))
}

/// The social context line: its icon, the link it sits in and the name it shows.
fn social_context(article: &Element) -> Option<(ContextIcon, Option<String>, String)> {
    let context = article.query_selector(sel::SOCIAL_CONTEXT).ok().flatten()?;
    let icon = article
        .query_selector(sel::FIRST_ICON_PATH)
        .ok()
        .flatten()
        .and_then(|p| p.get_attribute("d"))
        .map_or(ContextIcon::Other, |d| icon_of(&d));
    let href = context
        .closest("a[href]")
        .ok()
        .flatten()
        .and_then(|a| a.get_attribute("href"));
    // "<span>Name</span> reposted" / "<span>Name</span>さんがリポストしました": the name is the
    // first inner element, whatever the language.
    let name = context
        .first_element_child()
        .and_then(|e| e.text_content())
        .or_else(|| context.text_content())
        .unwrap_or_default();
    Some((icon, href, name.trim().to_string()))
}

fn icon_of(d: &str) -> ContextIcon {
    let any = |prefixes: &[&str]| prefixes.iter().any(|p| d.starts_with(p));
    if any(sel::REPOST_ICONS) {
        ContextIcon::Repost
    } else if any(sel::PIN_ICONS) {
        ContextIcon::Pin
    } else if any(sel::COMMUNITY_ICONS) {
        ContextIcon::Community
    } else {
        ContextIcon::Other
    }
}
