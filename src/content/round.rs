//! The like-back round in the X tab: Shift+R starts or continues it, the round bar shows who
//! is next, N / S / Esc (or the bar's buttons) move on, skip for today or end. The round itself
//! is kept by the background (it outlives this tab); this script draws what is stored under
//! `round`, points at the person's post and sends the user's steps.
//!
//! Likeback only points: the post is scrolled into view and focused so that X's own L likes
//! it; nothing here clicks X's like, and nothing navigates unless a key or a click asked.

use crate::browser::chrome;
use crate::core::model::{Handle, PostId};
use crate::core::round::{Active, Ended, Step, Stop, View};
use crate::core::words::Lang;
use crate::overlay::round as bar;
use crate::proto::messages::Message;
use gloo::events::{EventListener, EventListenerOptions, EventListenerPhase};
use std::cell::RefCell;
use std::rc::{Rc, Weak};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, KeyboardEvent, MutationObserver, MutationObserverInit};

/// Shift+R: start or continue the round (free on X, where r replies).
pub const START_KEY: &str = "R";

const CAPTURE: EventListenerOptions = EventListenerOptions {
    phase: EventListenerPhase::Capture,
    passive: false,
};

/// The round in this tab; dropping it removes the bar and every listener.
#[must_use]
pub struct Round {
    inner: Rc<RefCell<Inner>>,
    _keys: EventListener,
    _clicks: EventListener,
    _storage: Option<chrome::StorageListener>,
}

struct Inner {
    lang: Lang,
    view: View,
    /// The summary of a round ended from this tab, shown until closed.
    ended: Option<Ended>,
    /// The page (href) where the person's post was last pointed at: pointed at once per page,
    /// so that a redraw (a like seen) does not scroll the user back.
    pointed: Option<String>,
    /// Watches our attributes on X's articles until the person's post is found.
    watch: Option<(MutationObserver, Closure<dyn FnMut()>)>,
    /// A step is on its way to the background: keys wait for its answer.
    busy: bool,
    weak: Weak<RefCell<Inner>>,
}

impl Drop for Round {
    fn drop(&mut self) {
        if let Ok(mut inner) = self.inner.try_borrow_mut() {
            inner.unwatch();
        }
        bar::remove(&gloo::utils::document());
    }
}

impl Round {
    pub fn start() -> Round {
        let doc = gloo::utils::document();
        let lang = Lang::from_tag(
            &doc.document_element()
                .and_then(|r| r.get_attribute("lang"))
                .unwrap_or_default(),
        );
        let inner = Rc::new_cyclic(|weak| {
            RefCell::new(Inner {
                lang,
                view: View::default(),
                ended: None,
                pointed: None,
                watch: None,
                busy: false,
                weak: weak.clone(),
            })
        });
        let window = gloo::utils::window();
        let weak = Rc::downgrade(&inner);
        let keys = EventListener::new_with_options(&window, "keydown", CAPTURE, move |event| {
            if let Some(inner) = weak.upgrade() {
                on_key(&inner, event);
            }
        });
        let weak = Rc::downgrade(&inner);
        let clicks = EventListener::new_with_options(&window, "click", CAPTURE, move |event| {
            let hook = event
                .target()
                .and_then(|t| t.dyn_into::<Element>().ok())
                .filter(|t| t.closest(bar::ROUND_BAR).ok().flatten().is_some())
                .and_then(|t| t.get_attribute("data-lb"));
            let step = match hook.as_deref() {
                Some(bar::NEXT) => Some(Step::Next),
                Some(bar::SKIP) => Some(Step::Skip),
                Some(bar::END) => Some(Step::End),
                Some(bar::CLOSE) => None,
                _ => return,
            };
            event.prevent_default();
            event.stop_propagation();
            if let Some(inner) = weak.upgrade() {
                match step {
                    Some(step) => send(&inner, Message::RoundStep { step }),
                    None => inner.borrow_mut().close(),
                }
            }
        });
        let weak = Rc::downgrade(&inner);
        let storage =
            chrome::StorageListener::new(Closure::new(move |changes: JsValue, area: JsValue| {
                let Some(value) = chrome::new_value(&changes, &area, "round") else {
                    return;
                };
                if let Some(inner) = weak.upgrade() {
                    inner.borrow_mut().show(view_of(&value));
                }
            }))
            .ok();
        let weak = Rc::downgrade(&inner);
        wasm_bindgen_futures::spawn_local(async move {
            // The content script may start before X's page has a <body> for the bar.
            let doc = gloo::utils::document();
            if doc.ready_state() == "loading" {
                let loaded = js_sys::Promise::new(&mut |resolve, _| {
                    let options = web_sys::AddEventListenerOptions::new();
                    options.set_once(true);
                    let _ = doc.add_event_listener_with_callback_and_add_event_listener_options(
                        "DOMContentLoaded",
                        &resolve,
                        &options,
                    );
                });
                let _ = wasm_bindgen_futures::JsFuture::from(loaded).await;
            }
            let Ok(stored) = chrome::get(Some(&["round"])).await else {
                return;
            };
            let value = js_sys::Reflect::get(&stored, &"round".into()).unwrap_or_default();
            if let Some(inner) = weak.upgrade() {
                inner.borrow_mut().show(view_of(&value));
            }
        });
        Round {
            inner,
            _keys: keys,
            _clicks: clicks,
            _storage: storage,
        }
    }
}

/// The stored `round` (JSON text); nothing readable is no round. Read field by field through
/// the browser's JSON rather than serde: the content script's WASM is loaded in every X tab,
/// and serde's code for these structs would add kilobytes to it.
fn view_of(value: &JsValue) -> View {
    let Some(root) = value
        .as_string()
        .and_then(|t| js_sys::JSON::parse(&t).ok())
        .filter(|v| v.is_object())
    else {
        return View::default();
    };
    let get = |o: &JsValue, k: &str| {
        js_sys::Reflect::get(o, &k.into())
            .ok()
            .filter(|v| !v.is_null() && !v.is_undefined())
    };
    let num = |o: &JsValue, k: &str| get(o, k).and_then(|v| v.as_f64()).unwrap_or(0.0);
    let text = |o: &JsValue, k: &str| get(o, k).and_then(|v| v.as_string()).unwrap_or_default();
    let here = |a: &JsValue| {
        let s = get(a, "here")?;
        Some(Stop {
            who: Handle::parse(&text(&s, "who"))?,
            name: text(&s, "name"),
            owed: num(&s, "owed") as u32,
            post: PostId::parse(&text(&s, "post")),
            liked: get(&s, "liked").and_then(|v| v.as_bool()).unwrap_or(false),
        })
    };
    View {
        active: get(&root, "active").map(|a| Active {
            n: num(&a, "n") as usize,
            of: num(&a, "of") as usize,
            left: num(&a, "left") as usize,
            here: here(&a),
            ..Active::default()
        }),
        last: get(&root, "last").map(|e| Ended {
            likes: num(&e, "likes") as u32,
            people: num(&e, "people") as u32,
            minutes: num(&e, "minutes") as u32,
            ..Ended::default()
        }),
        ..View::default()
    }
}

fn on_key(inner: &Rc<RefCell<Inner>>, event: &web_sys::Event) {
    let Some(key) = event.dyn_ref::<KeyboardEvent>() else {
        return;
    };
    if key.ctrl_key() || key.alt_key() || key.meta_key() || key.repeat() || typing(event) {
        return;
    }
    let (active, ended) = {
        let i = inner.borrow();
        (i.view.active.is_some(), i.ended.is_some())
    };
    let message = match (key.key().as_str(), key.shift_key()) {
        (START_KEY, true) => Message::RoundStart { order: None },
        ("n" | "N", false) if active => Message::RoundStep { step: Step::Next },
        ("s" | "S", false) if active => Message::RoundStep { step: Step::Skip },
        // X closes its own dialogs with Esc: while one is open, Esc is X's.
        ("Escape", _) if (active || ended) && !x_dialog_open() => {
            if !active {
                event.prevent_default();
                event.stop_propagation();
                inner.borrow_mut().close();
                return;
            }
            Message::RoundStep { step: Step::End }
        }
        _ => return,
    };
    if !chrome::context_valid() {
        return;
    }
    event.prevent_default();
    event.stop_propagation();
    send(inner, message);
}

/// A key typed into a post, a reply or a search box is not a shortcut.
fn typing(event: &web_sys::Event) -> bool {
    event
        .target()
        .and_then(|t| t.dyn_into::<HtmlElement>().ok())
        .is_some_and(|t| {
            t.is_content_editable()
                || matches!(t.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
        })
}

fn x_dialog_open() -> bool {
    gloo::utils::document()
        .query_selector(crate::x::selectors::MODAL)
        .ok()
        .flatten()
        .is_some()
}

/// Sends a start or a step; the answer says where to go (a key or a click asked for it).
fn send(inner: &Rc<RefCell<Inner>>, message: Message) {
    {
        let mut i = inner.borrow_mut();
        if i.busy {
            return;
        }
        i.busy = true;
    }
    let weak = Rc::downgrade(inner);
    wasm_bindgen_futures::spawn_local(async move {
        let ok = chrome::ask(&message).await.ok;
        // Where to go is what the background stored (and answered once stored).
        let stored = match ok {
            true => chrome::get(Some(&["round"])).await.ok(),
            false => None,
        };
        let Some(inner) = weak.upgrade() else {
            return;
        };
        let mut i = inner.borrow_mut();
        i.busy = false;
        let Some(stored) = stored else {
            return;
        };
        let view = view_of(&js_sys::Reflect::get(&stored, &"round".into()).unwrap_or_default());
        i.ended = match &view.active {
            None => view.last.clone(),
            Some(_) => None,
        };
        let go = view.active.as_ref().and_then(|a| a.here.clone());
        i.show(view);
        if let Some(stop) = go {
            i.go(&stop);
        }
    });
}

/// The page's address and path, lowercased, for comparing with a person's.
fn here_path() -> (String, String) {
    let location = gloo::utils::window().location();
    (
        location.href().unwrap_or_default(),
        location.pathname().unwrap_or_default().to_ascii_lowercase(),
    )
}

fn path_of(stop: &Stop) -> String {
    let url = stop.url();
    url.trim_start_matches("https://x.com").to_ascii_lowercase()
}

impl Inner {
    /// Draws the bar for `view` (or the summary of a round ended here, or nothing).
    fn show(&mut self, view: View) {
        let doc = gloo::utils::document();
        let now = js_sys::Date::now() as i64;
        self.view = view;
        match (self.view.active.clone(), self.ended.clone()) {
            (Some(a), _) => {
                self.ended = None;
                bar::show_active(&doc, self.lang, &a, now);
                self.watch();
                self.point();
            }
            (None, Some(e)) => {
                self.unwatch();
                bar::remove(&doc);
                bar::show_ended(&doc, self.lang, &e);
            }
            (None, None) => {
                self.unwatch();
                bar::remove(&doc);
            }
        }
    }

    fn close(&mut self) {
        self.ended = None;
        let view = std::mem::take(&mut self.view);
        self.show(view);
    }

    /// Opens the person's post (or profile) in this tab, unless it is the page shown.
    fn go(&mut self, stop: &Stop) {
        let path = path_of(stop);
        if here_path().1 == path {
            self.pointed = None;
            self.point();
            return;
        }
        let location = gloo::utils::window().location();
        let origin = location.origin().unwrap_or_default();
        let _ = location.assign(&format!("{origin}{}", path_of_case(stop)));
    }

    /// On the person's page (their profile, or their post's page): marks their post, scrolls
    /// it into view and focuses it, once per page.
    fn point(&mut self) {
        let Some(stop) = self.view.active.as_ref().and_then(|a| a.here.as_ref()) else {
            return;
        };
        let (href, path) = here_path();
        let profile = format!("/{}", stop.who.as_str().to_ascii_lowercase());
        if (path != path_of(stop) && path != profile)
            || self.pointed.as_deref() == Some(href.as_str())
        {
            return;
        }
        let doc = gloo::utils::document();
        // Their newest post, or (on their profile, before it is known) the one the marks show.
        let by_author = format!(
            r#"article[data-lb-author="{}"][data-lb-mark]"#,
            stop.who.as_str()
        );
        let selector = match stop.post {
            Some(id) => format!(r#"article[data-lb-post="{id}"], {by_author}"#),
            None => by_author,
        };
        let Some(article) = doc.query_selector(&selector).ok().flatten() else {
            return;
        };
        bar::mark_here(&doc, &article);
        let options = web_sys::ScrollIntoViewOptions::new();
        options.set_block(web_sys::ScrollLogicalPosition::Center);
        article.scroll_into_view_with_scroll_into_view_options(&options);
        if let Ok(a) = article.dyn_into::<HtmlElement>() {
            let _ = a.focus();
        }
        self.pointed = Some(href);
        // For the benchmark: when the person's post was pointed at.
        if let Some(perf) = gloo::utils::window().performance() {
            let _ = perf.mark("likeback-round-pointed");
        }
    }

    /// Until the post is pointed at: our attributes on X's articles say when it is read.
    fn watch(&mut self) {
        if self.watch.is_some() {
            return;
        }
        let weak = self.weak.clone();
        let callback = Closure::<dyn FnMut()>::new(move || {
            if let Some(inner) = weak.upgrade() {
                if let Ok(mut i) = inner.try_borrow_mut() {
                    i.point();
                }
            }
        });
        let Ok(observer) = MutationObserver::new(callback.as_ref().unchecked_ref()) else {
            return;
        };
        let init = MutationObserverInit::new();
        init.set_subtree(true);
        init.set_attributes(true);
        init.set_attribute_filter(&js_sys::Array::of2(
            &"data-lb-post".into(),
            &"data-lb-mark".into(),
        ));
        if let Some(root) = gloo::utils::document().document_element() {
            let _ = observer.observe_with_options(&root, &init);
        }
        self.watch = Some((observer, callback));
    }

    fn unwatch(&mut self) {
        if let Some((observer, _)) = self.watch.take() {
            observer.disconnect();
        }
    }
}

/// The person's page path as X writes it (handles keep their case in the address).
fn path_of_case(stop: &Stop) -> String {
    stop.url().trim_start_matches("https://x.com").to_string()
}
