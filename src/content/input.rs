//! What reaches the content script from outside the page's cells: clicks and keys on repost
//! bars, the keyboard shortcut to the next marked post, and storage changes (settings from the
//! options page, friends from the background).

use super::State;
use crate::browser::chrome;
use crate::core::settings::Settings;
use crate::overlay;
use crate::x::selectors as sel;
use gloo::events::{EventListener, EventListenerOptions, EventListenerPhase};
use std::cell::RefCell;
use std::rc::{Rc, Weak};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, KeyboardEvent};

/// The shortcut to the next marked post: Shift+J. X uses j/k to move between posts and l to
/// like; Shift+J is free on X and reads as "jump to the next like-back".
pub const SHORTCUT_KEY: &str = "J";

const CAPTURE: EventListenerOptions = EventListenerOptions {
    phase: EventListenerPhase::Capture,
    passive: false,
};

/// One listener each for clicks and keys on any repost bar, on the window in the capture
/// phase so that X's own handlers (which open a post on click, or act on keys) never see them.
pub(super) fn bar_listeners(state: &Rc<RefCell<State>>) -> Vec<EventListener> {
    let window = gloo::utils::window();
    let handler = |state: Weak<RefCell<State>>, keys: bool| {
        move |event: &web_sys::Event| {
            if keys {
                let key = event
                    .dyn_ref::<KeyboardEvent>()
                    .map(|k| k.key())
                    .unwrap_or_default();
                if key != "Enter" && key != " " {
                    return;
                }
            }
            let Some(bar) = event
                .target()
                .and_then(|t| t.dyn_into::<Element>().ok())
                .and_then(|t| t.closest(overlay::ANY_BAR).ok().flatten())
            else {
                return;
            };
            let Some(state) = super::live(&state) else {
                return;
            };
            if !chrome::context_valid() {
                // The extension was reloaded under this tab: the bars go with this script.
                crate::content::start::stop_soon();
                return;
            }
            event.prevent_default();
            event.stop_propagation();
            state.borrow_mut().toggle(&bar);
        }
    };
    vec![
        EventListener::new_with_options(
            &window,
            "click",
            CAPTURE,
            handler(Rc::downgrade(state), false),
        ),
        EventListener::new_with_options(
            &window,
            "keydown",
            CAPTURE,
            handler(Rc::downgrade(state), true),
        ),
    ]
}

/// Shift+J: scrolls to the next post marked "like back" below the top of the window (or the
/// first one again), and focuses it so that X's own `l` likes it.
pub(super) fn shortcut_listener() -> EventListener {
    EventListener::new_with_options(&gloo::utils::window(), "keydown", CAPTURE, |event| {
        let Some(key) = event.dyn_ref::<KeyboardEvent>() else {
            return;
        };
        if key.key() != SHORTCUT_KEY
            || !key.shift_key()
            || key.ctrl_key()
            || key.alt_key()
            || key.meta_key()
        {
            return;
        }
        // Typing a capital J in a post or a search box is not a shortcut.
        let typing = event
            .target()
            .and_then(|t| t.dyn_into::<HtmlElement>().ok())
            .is_some_and(|t| {
                t.is_content_editable()
                    || matches!(t.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
            });
        if typing {
            return;
        }
        if let Some(target) = next_marked() {
            event.prevent_default();
            event.stop_propagation();
            let options = web_sys::ScrollIntoViewOptions::new();
            options.set_block(web_sys::ScrollLogicalPosition::Center);
            target.scroll_into_view_with_scroll_into_view_options(&options);
            if let Ok(t) = target.dyn_into::<HtmlElement>() {
                let _ = t.focus();
            }
        }
    })
}

/// The next marked post below the top of the window: its article, or its bar when collapsed.
fn next_marked() -> Option<Element> {
    let doc = gloo::utils::document();
    let marked = doc
        .query_selector_all(r#"article[data-lb-mark="newest-unliked"]"#)
        .ok()?;
    let shown = |article: &Element| -> Option<Element> {
        let cell = article.closest(sel::CELL).ok().flatten();
        match cell {
            Some(c) if c.get_attribute("data-lb-collapsed").as_deref() == Some("true") => {
                c.query_selector(overlay::BAR_SELECTOR).ok().flatten()
            }
            Some(c) if c.get_attribute("data-lb-hidden").as_deref() == Some("true") => None,
            _ => Some(article.clone()),
        }
    };
    let targets: Vec<Element> = crate::x::observe::elements(&marked)
        .filter_map(|a| shown(&a))
        .collect();
    let top = |e: &Element| e.get_bounding_client_rect().top();
    let mut sorted = targets;
    sorted.sort_by(|a, b| top(a).total_cmp(&top(b)));
    // From the marked post in focus (the last jump), the next one; otherwise the first below
    // X's header, which covers the top of the window. After the last, the first again.
    let focused = doc.active_element();
    let from = match focused.and_then(|f| sorted.iter().position(|e| *e == f)) {
        Some(i) => top(&sorted[i]) + 1.0,
        None => 120.0,
    };
    let below = sorted.iter().find(|e| top(e) >= from).cloned();
    below.or_else(|| sorted.into_iter().next())
}

/// The `storage.local` key the browser tests set to make this content script panic.
pub const TEST_PANIC: &str = "test_panic";

/// Settings from the options page, friends from the background: applied to this tab at once.
pub(super) fn storage_listener(state: &Rc<RefCell<State>>) -> Closure<dyn FnMut(JsValue, JsValue)> {
    let weak = Rc::downgrade(state);
    Closure::new(move |changes: JsValue, area: JsValue| {
        let new = |key: &str| chrome::new_value(&changes, &area, key);
        let Some(state) = super::live(&weak) else {
            return;
        };
        // For the browser tests only: a crash on demand, to check that one is reported. Only
        // the extension's own contexts can write `storage.local`; page scripts cannot reach it,
        // and nothing in the extension writes this key.
        if new(TEST_PANIC).is_some_and(|v| !v.is_undefined()) {
            panic!("test panic requested through storage.local.{TEST_PANIC}");
        }
        if let Some(value) = new("settings") {
            let mut s = state.borrow_mut();
            s.settings = chrome::from_js::<Settings>(value).unwrap_or_default();
            s.reapply_views();
            s.redraw_left_off();
        }
        if let Some(value) = new("last_seen") {
            state.borrow_mut().stored_visits(value.as_string());
        }
        if let Some(value) = new("marks") {
            let mut s = state.borrow_mut();
            s.friends.load(super::start::friends_of(&value));
            s.remark_all();
        }
    })
}
