//! "Where I left off" in the content script: the posts at the top of each visit to a timeline
//! go to the background (`Message::Visit`), and on the next visit a divider goes above the
//! first of them (`core::last_seen` says where, `overlay::divider` draws it).

use super::*;
use crate::core::last_seen::{self, Current, LastSeen, Visit};
use crate::overlay::divider;

/// The posts of a visit are sent this long after the last new one (a scroll renders many).
const VISIT_SEND_MS: u32 = 2_000;

#[derive(Default)]
pub(super) struct LeftOff {
    /// The last visit to each timeline: as stored when the tab started, then as storage
    /// changes (other tabs) and as this tab's own visits end.
    store: LastSeen,
    visit: Option<Visiting>,
    /// The posts the last batch read (originals, reposts, quotes), for `left_off`.
    pub(super) batch: Vec<PostId>,
}

struct Visiting {
    timeline: String,
    /// The previous visit to this timeline, taken when this one began.
    previous: Option<Visit>,
    current: Current,
    /// Decided once per visit: the post above which the divider goes (`Some(None)`: none,
    /// nothing was new).
    target: Option<Option<PostId>>,
    /// Posts seen since the last send.
    unsent: bool,
    timer: Option<Timeout>,
}

impl ContentScript {
    /// The visits as stored (`last_seen`), read with the settings at start.
    pub fn set_last_seen(&self, stored: Option<String>) {
        self._state.borrow_mut().left_off.store =
            stored.map(|t| LastSeen::decode(&t)).unwrap_or_default();
    }
}

/// The processed posts on the page in the timeline's order, pinned posts and ads left out
/// (they stay on top whatever is new).
fn shown_posts(doc: &Document) -> Vec<(PostId, Element)> {
    let Ok(articles) = doc.query_selector_all("article[data-lb-post]") else {
        return Vec::new();
    };
    observe::elements(&articles)
        .filter(|a| {
            matches!(
                a.get_attribute("data-lb-kind").as_deref(),
                Some("original" | "repost" | "quote")
            )
        })
        .filter_map(|a| Some((PostId::parse(&a.get_attribute("data-lb-post")?)?, a)))
        .collect()
}

impl State {
    /// After each batch: follows the visit to the timeline shown, and keeps the divider where
    /// it belongs (X recycles cells while scrolling, and draws them in any order).
    pub(super) fn left_off(&mut self) {
        let timeline = last_seen::timeline(&self.route, self.kind);
        if self.left_off.visit.as_ref().map(|v| &v.timeline) != timeline.as_ref() {
            self.send_visit();
            divider::remove(&self.doc);
            self.left_off.visit = timeline.map(|timeline| Visiting {
                previous: self.left_off.store.get(&timeline).cloned(),
                timeline,
                current: Current::default(),
                target: None,
                unsent: false,
                timer: None,
            });
        }
        let batch = std::mem::take(&mut self.left_off.batch);
        let Some(v) = self.left_off.visit.as_ref() else {
            return;
        };
        // The page is read whole (every article, in order) only while it can say something:
        // while the visit still collects its first posts, or when this batch brought a post of
        // the previous visit (where the divider goes is decided then) or the divider's own.
        // Otherwise, after a hundred posts, scrolling on costs nothing here but a look at
        // whether the divider's cell still shows its post.
        let collecting = v.current.ids.len() < last_seen::IDS_KEPT;
        let telling = batch.iter().any(|id| {
            v.target == Some(Some(*id))
                || (v.target.is_none() && v.previous.as_ref().is_some_and(|p| p.ids.contains(id)))
        });
        if !collecting && !telling {
            if !batch.is_empty() && matches!(v.target, Some(Some(_))) {
                divider::remove_if_moved(&self.doc);
            }
            return;
        }
        let shown = shown_posts(&self.doc);
        let mut new = false;
        if let Some(v) = self.left_off.visit.as_mut() {
            for (id, _) in &shown {
                new |= v.current.saw(*id);
            }
        }
        if new {
            self.schedule_visit();
        }
        self.draw_divider(&shown);
    }

    fn draw_divider(&mut self, shown: &[(PostId, Element)]) {
        let Some(v) = self.left_off.visit.as_mut() else {
            divider::remove(&self.doc);
            return;
        };
        let Some(previous) = v
            .previous
            .as_ref()
            .filter(|_| !self.settings.hide_last_seen)
        else {
            divider::remove(&self.doc);
            return;
        };
        if v.target.is_none() {
            let ids: Vec<PostId> = shown.iter().map(|(id, _)| *id).collect();
            if ids.first().is_some_and(|p| previous.ids.contains(p)) {
                v.target = Some(None);
            } else if let Some(i) = last_seen::divider_at(previous, &ids) {
                v.target = Some(Some(ids[i]));
            }
        }
        let Some(Some(post)) = v.target else {
            return;
        };
        let cell = shown
            .iter()
            .find(|(id, _)| *id == post)
            .and_then(|(_, a)| a.closest(sel::CELL).ok().flatten());
        match cell {
            Some(cell) => {
                let text = words::last_seen(self.lang, now_ms(), previous.at);
                divider::place(&self.doc, &cell, post, &text);
            }
            // Scrolled out of X's rendering, or its cell now shows another post.
            None => divider::remove_if_moved(&self.doc),
        }
    }

    /// The settings changed: the divider shows or goes.
    pub(super) fn redraw_left_off(&mut self) {
        let shown = shown_posts(&self.doc);
        self.draw_divider(&shown);
    }

    /// Another tab's visit was stored.
    pub(super) fn stored_visits(&mut self, text: Option<String>) {
        if let Some(text) = text {
            self.left_off.store = LastSeen::decode(&text);
        }
    }

    fn schedule_visit(&mut self) {
        let Some(v) = self.left_off.visit.as_mut() else {
            return;
        };
        v.unsent = true;
        if v.timer.is_some() {
            return;
        }
        let weak = self.weak.clone();
        v.timer = Some(Timeout::new(VISIT_SEND_MS, move || {
            if let Some(state) = live(&weak) {
                let mut s = state.borrow_mut();
                if let Some(v) = s.left_off.visit.as_mut() {
                    v.timer = None;
                }
                s.send_visit();
            }
        }));
    }

    /// Sends the visit under way (its posts, and "now" as its time): when new posts were
    /// seen, and when it ends or the tab is hidden or closed.
    pub(super) fn send_visit(&mut self) {
        let Some(v) = self.left_off.visit.as_mut() else {
            return;
        };
        if v.current.ids.is_empty() {
            return;
        }
        v.unsent = false;
        let (timeline, ids) = (v.timeline.clone(), v.current.ids.clone());
        self.left_off.store.record(&timeline, ids.clone(), now_ms());
        chrome::send_and_forget(&Message::Visit { timeline, ids });
    }
}
