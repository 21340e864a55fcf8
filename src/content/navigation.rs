//! Following X from page to page (a single-page app), the home tabs, and the verdict on
//! whether the page's layout is recognised (its health).

use super::*;
use crate::x::dom::{js, Dom};

impl State {
    /// X is a single-page app: it changes page with `history.pushState`, which the isolated
    /// world cannot hook, so the URL is compared once per batch (X mutates the DOM on every
    /// navigation, so a batch always follows one).
    pub(super) fn follow_navigation(&mut self) {
        let href = location_href(&self.doc);
        if href == self.href_js {
            return;
        }
        self.href = String::from(&href);
        self.href_js = href;
        self.route = Route::parse(&self.href);
        self.start_page();
    }

    pub(super) fn start_page(&mut self) {
        self.layout_check = None;
        self.skeleton_taken = false;
        if let Some(source) = Route::visit_source(&self.href, self.me.as_ref()) {
            self.note_reading(Reading {
                visits: 1,
                ..Reading::new(source, None)
            });
        }
        self.list_members.clear();
        if let Some((button, _)) = self.list_button.take() {
            button.remove();
        }
        if self.route.has_timeline() && !self.recognised {
            let weak = self.weak.clone();
            self.layout_check = Some(Timeout::new(LAYOUT_GRACE_MS, move || {
                if let Some(state) = live(&weak) {
                    state.borrow_mut().check_layout();
                }
            }));
        }
    }

    /// A timeline page that still shows no cell we can read is a layout we do not know.
    pub(super) fn check_layout(&mut self) {
        self.layout_check = None;
        if !self.recognised {
            self.set_health(HealthState::Unrecognised, "no timeline found");
            let mut reading = Reading::new(Source::Timeline, None);
            reading.unrecognised.insert("NoTimeline".into(), 1);
            self.note_reading(reading);
        }
    }

    /// X's Home tabs sit above the timeline; the tab list is found once (with a first-match
    /// query, which stops near the top of the page) and kept while it stays in the page.
    pub(super) fn home_tab(&mut self) -> Option<usize> {
        if self.route != Route::Home {
            return None;
        }
        // The tab shown stays selected for many batches: asking it again is two calls, where
        // finding it among the tabs is a dozen (this runs for every batch).
        if let Some((tab, index)) = &self.home_tab {
            if tab.is(js!(sel::SELECTED_TAB)) && tab.is_connected() {
                return Some(*index);
            }
        }
        if !self.tablist.as_ref().is_some_and(|t| t.is_connected()) {
            self.tablist = self.doc.query_selector(sel::HOME_TABLIST).ok().flatten();
        }
        let tabs = self.tablist.as_ref()?.query_selector_all(sel::TAB).ok()?;
        self.home_tab = observe::elements(&tabs)
            .enumerate()
            .find(|(_, t)| t.is(js!(sel::SELECTED_TAB)))
            .map(|(i, t)| (t, i));
        self.home_tab.as_ref().map(|(_, i)| *i)
    }

    pub(super) fn set_health(&mut self, health: HealthState, detail: &str) {
        if self.health == Some(health) {
            return;
        }
        self.health = Some(health);
        if let Some(root) = self.doc.document_element() {
            let _ = root.set_attribute("data-lb-health", health.as_str());
        }
        let message = Message::Health {
            health,
            detail: detail.to_string(),
        };
        wasm_bindgen_futures::spawn_local(async move {
            // The background may be starting up; health is re-sent on the next change.
            let _ = chrome::send(&message).await;
        });
    }
}
