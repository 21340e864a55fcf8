//! Which X page a URL is. Pure string work, so it is tested natively.

use crate::core::health::Source;
use crate::core::model::{href_path, Handle, PostId};
use crate::core::settings::PageKind;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    Home,
    /// A profile and its tabs (`/aoi_dev`, `/aoi_dev/with_replies`, `/aoi_dev/media`…).
    Profile(Handle),
    Status(Handle, PostId),
    /// `/<handle>/status/<id>/likes`: who liked a post (shown to its author only).
    Likers(Handle, PostId),
    Notifications,
    List(String),
    ListMembers(String),
    Search,
    Other,
}

impl Route {
    pub fn parse(href: &str) -> Route {
        let path = href_path(href);
        let parts: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        let list_id = |s: &str| s.bytes().all(|b| b.is_ascii_digit()).then(|| s.to_string());
        match parts.as_slice() {
            ["home"] => Route::Home,
            ["notifications", ..] => Route::Notifications,
            ["search"] | ["explore", "search", ..] => Route::Search,
            ["i", "lists", id] => list_id(id).map_or(Route::Other, Route::List),
            ["i", "lists", id, "members"] => list_id(id).map_or(Route::Other, Route::ListMembers),
            [_, "status", _, "likes"] => match PostId::from_status_href(path) {
                Some((h, id)) => Route::Likers(h, id),
                None => Route::Other,
            },
            [_, "status", _, ..] => match PostId::from_status_href(path) {
                Some((h, id)) => Route::Status(h, id),
                None => Route::Other,
            },
            [handle] | [handle, "with_replies" | "media" | "highlights" | "articles" | "likes"] => {
                Handle::from_profile_href(&format!("/{handle}"))
                    .map_or(Route::Other, Route::Profile)
            }
            _ => Route::Other,
        }
    }

    /// The kind of page for repost modes. On Home, X's tabs are "For you", "Following" and then
    /// any pinned lists; `home_tab` is the index of the selected one.
    pub fn page_kind(&self, home_tab: Option<usize>) -> PageKind {
        match self {
            Route::Home => match home_tab {
                Some(1) => PageKind::HomeFollowing,
                Some(i) if i >= 2 => PageKind::List,
                _ => PageKind::HomeForYou,
            },
            Route::Profile(_) => PageKind::Profile,
            Route::List(_) => PageKind::List,
            Route::Search => PageKind::Search,
            _ => PageKind::Other,
        }
    }

    /// The source a visit to `href` is expected to yield from (for the per-source health).
    /// Only the notifications' "All" tab shows likes (not Mentions or Verified), and a likes
    /// page counts only on my own post: X shows that list to the author only.
    pub fn visit_source(href: &str, me: Option<&Handle>) -> Option<Source> {
        let route = Route::parse(href);
        match route {
            Route::Notifications if href_path(href).trim_end_matches('/') != "/notifications" => {
                None
            }
            _ => route.source(me),
        }
    }

    /// The source this page's cells feed.
    pub fn source(&self, me: Option<&Handle>) -> Option<Source> {
        match self {
            Route::Notifications => Some(Source::Notifications),
            Route::Likers(author, _) if Some(author) == me => Some(Source::Likes),
            Route::ListMembers(_) => Some(Source::Lists),
            r if r.has_timeline() => Some(Source::Timeline),
            _ => None,
        }
    }

    /// Pages where X shows a timeline of posts: where the extension expects to find articles.
    pub fn has_timeline(&self) -> bool {
        matches!(
            self,
            Route::Home | Route::Profile(_) | Route::Status(..) | Route::List(_) | Route::Search
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_map_to_pages() {
        let h = |s| Handle::parse(s).unwrap();
        assert_eq!(Route::parse("https://x.com/home"), Route::Home);
        assert_eq!(Route::parse("/aoi_dev"), Route::Profile(h("aoi_dev")));
        assert_eq!(Route::parse("/aoi_dev/media"), Route::Profile(h("aoi_dev")));
        assert_eq!(
            Route::parse("/aoi_dev/status/19?s=20"),
            Route::Status(h("aoi_dev"), PostId(19))
        );
        assert_eq!(
            Route::parse("/hana_lb/status/19/likes"),
            Route::Likers(h("hana_lb"), PostId(19))
        );
        assert_eq!(Route::parse("/i/lists/123"), Route::List("123".into()));
        assert_eq!(
            Route::parse("/i/lists/123/members"),
            Route::ListMembers("123".into())
        );
        assert_eq!(
            Route::parse("/search?q=cats&src=typed_query"),
            Route::Search
        );
        assert_eq!(
            Route::parse("/notifications/mentions"),
            Route::Notifications
        );
        assert_eq!(Route::parse("/settings/account"), Route::Other);
        assert_eq!(Route::parse("/i/lists/abc"), Route::Other);
    }

    #[test]
    fn pages_map_to_sources() {
        let me = Handle::parse("hana_lb").unwrap();
        let source = |href: &str| Route::visit_source(href, Some(&me));
        assert_eq!(source("/home"), Some(Source::Timeline));
        assert_eq!(source("/aoi_dev"), Some(Source::Timeline));
        assert_eq!(source("/aoi_dev/status/19"), Some(Source::Timeline));
        assert_eq!(source("/i/lists/123"), Some(Source::Timeline));
        assert_eq!(source("/search?q=cats"), Some(Source::Timeline));
        assert_eq!(source("/notifications"), Some(Source::Notifications));
        assert_eq!(
            source("https://x.com/notifications/?x=1"),
            Some(Source::Notifications)
        );
        assert_eq!(source("/notifications/mentions"), None);
        assert_eq!(source("/hana_lb/status/19/likes"), Some(Source::Likes));
        assert_eq!(source("/aoi_dev/status/19/likes"), None);
        assert_eq!(source("/i/lists/123/members"), Some(Source::Lists));
        assert_eq!(source("/settings/account"), None);
    }

    #[test]
    fn home_tabs_choose_the_page_kind() {
        assert_eq!(Route::Home.page_kind(None), PageKind::HomeForYou);
        assert_eq!(Route::Home.page_kind(Some(0)), PageKind::HomeForYou);
        assert_eq!(Route::Home.page_kind(Some(1)), PageKind::HomeFollowing);
        assert_eq!(Route::Home.page_kind(Some(3)), PageKind::List);
        assert_eq!(Route::Search.page_kind(None), PageKind::Search);
        assert_eq!(Route::Notifications.page_kind(None), PageKind::Other);
    }
}
