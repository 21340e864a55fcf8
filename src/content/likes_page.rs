//! Likes received, read from X's page where the API response was not seen: the likes list of
//! one of my posts, and like notifications that link the post. (X's own API responses, which
//! `bridge.rs` receives, are the precise source; these are the fallback.)

use crate::core::ledger::Event;
use crate::core::model::{Handle, PostId};
use crate::core::route::Route;
use crate::x::selectors as sel;
use web_sys::Element;

/// Received likes shown in one cell that holds no post.
pub fn received_in_cell(
    cell: &Element,
    route: &Route,
    me: Option<&Handle>,
    now: i64,
) -> Vec<Event> {
    let Some(me) = me else {
        return Vec::new();
    };
    // Who liked my post (the rule: `core::learn::my_likers_page`).
    if let Some(post) = crate::core::learn::my_likers_page(route, Some(me)) {
        return match person_in_cell(cell) {
            Some(who) if who != *me => vec![Event::Received {
                who,
                post,
                at: post.like_time(now),
            }],
            _ => Vec::new(),
        };
    }
    match route {
        Route::Notifications => cell
            .query_selector(sel::NOTIFICATION)
            .ok()
            .flatten()
            .map(|n| like_notification(&n, me, now))
            .unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// The person a `UserCell` shows (a likes list, a list's members).
pub fn person_in_cell(cell: &Element) -> Option<Handle> {
    cell.query_selector(sel::USER_CELL)
        .ok()
        .flatten()?
        .query_selector(sel::PROFILE_LINK)
        .ok()
        .flatten()?
        .get_attribute("href")
        .and_then(|h| Handle::from_profile_href(&h))
}

/// A like notification that links one of my posts: each person it shows liked that post.
fn like_notification(notification: &Element, me: &Handle, now: i64) -> Vec<Event> {
    let heart = notification
        .query_selector(sel::FIRST_ICON_PATH)
        .ok()
        .flatten()
        .and_then(|p| p.get_attribute("d"))
        .is_some_and(|d| sel::HEART_ICONS.iter().any(|h| d.starts_with(h)));
    if !heart {
        return Vec::new();
    }
    let Some((author, post)) = notification
        .query_selector(sel::STATUS_LINK)
        .ok()
        .flatten()
        .and_then(|a| a.get_attribute("href"))
        .and_then(|h| PostId::from_status_href(&h))
    else {
        return Vec::new();
    };
    if author != *me {
        return Vec::new();
    }
    let at = notification
        .query_selector("time")
        .ok()
        .flatten()
        .and_then(|t| t.get_attribute("datetime"))
        .and_then(|d| crate::core::model::parse_iso_ms(&d))
        .unwrap_or(now);
    let Ok(links) = notification.query_selector_all(sel::NOTIFICATION_PEOPLE) else {
        return Vec::new();
    };
    let mut people: Vec<Handle> = Vec::new();
    let linked = crate::x::observe::elements(&links)
        .filter_map(|a| a.get_attribute("href"))
        .filter_map(|h| Handle::from_profile_href(&h));
    for who in linked {
        if who != *me && !people.contains(&who) {
            people.push(who);
        }
    }
    people
        .into_iter()
        .map(|who| Event::Received { who, post, at })
        .collect()
}
