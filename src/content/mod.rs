//! The content script on x.com / twitter.com: watches X's timeline, recognises posts and shows
//! reposts as the user chose. Everything it holds is dropped with `ContentScript`.

pub mod bridge;
mod cells;
pub mod input;
mod intake;
mod left_off;
mod likes;
pub mod likes_page;
mod list_import;
mod navigation;
pub mod outbox;
mod pace;
mod round;
pub mod start;

use crate::browser::chrome;
use crate::core::api::{self, Endpoint};
use crate::core::health::{self, Reading, Source};
use crate::core::ledger::Event;
use crate::core::marks::Friend;
use crate::core::model::{classify, Handle, PostId, PostKind, Scanned, Unrecognised};
use crate::core::settings::{PageKind, RepostMode, Settings};
use crate::core::store::Meta;
use crate::core::{friends, learn, route, words};
use crate::overlay;
use crate::proto::messages::{HealthState, Message};
use crate::x::dom::{js, Dom};
use crate::x::{observe, scan, selectors, skeleton};
use friends::Friends;
use gloo::events::EventListener;
use gloo::timers::callback::Timeout;
use observe::{Observer, Touched};
use outbox::Learned;
use overlay::CellView;
use route::Route;
use selectors as sel;
use std::cell::RefCell;
use std::collections::HashSet;
use std::rc::{Rc, Weak};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element};
use words::Lang;

/// How long a timeline page may show no cells before its layout counts as unrecognised. X
/// renders its first cells within a second or two; a slow network only delays the verdict.
const LAYOUT_GRACE_MS: u32 = 8_000;
/// How long the first reading of the page waits for the tap's kept responses.
const TAP_WAIT_MS: u32 = 300;
/// What each source yielded is sent at most this often (a scroll reads many batches).
const READINGS_MS: u32 = 1_000;
/// The longest what a batch learned waits for an idle period before it goes to the outbox.
const LEARNED_IDLE_MS: u32 = 500;

/// Everything the content script holds; dropping it tears everything down: the observer is
/// disconnected, every listener and timer removed, the channel to the tap closed, and what
/// was written on the page taken back.
#[must_use]
pub struct ContentScript {
    _state: Rc<RefCell<State>>,
    _observer: Observer,
    _listeners: Vec<EventListener>,
    _storage_listener: chrome::StorageListener,
    _tap: bridge::Channel,
    _tap_wait: Timeout,
    /// The like-back round's bar and keys (`round.rs`).
    _round: round::Round,
}

impl Drop for ContentScript {
    fn drop(&mut self) {
        STOPPED.with(|s| s.set(true));
        let doc = gloo::utils::document();
        overlay::remove_all(&doc);
        // Nothing runs here any more: `crashed` stays to say so, any other verdict goes.
        if let Some(root) = doc.document_element() {
            if root.get_attribute("data-lb-health").as_deref()
                != Some(HealthState::Crashed.as_str())
            {
                let _ = root.remove_attribute("data-lb-health");
            }
        }
    }
}

thread_local! {
    /// Set once the content script stops (dropped, or crashed): a callback still queued in
    /// the browser (a frame, a timer, an event) then does nothing.
    static STOPPED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Marks the content script stopped (see `STOPPED`); the panic hook calls it first thing.
pub fn mark_stopped() {
    STOPPED.with(|s| s.set(true));
}

/// The state, unless the content script has stopped. Every callback reaches the state
/// through this.
fn live(weak: &Weak<RefCell<State>>) -> Option<Rc<RefCell<State>>> {
    if STOPPED.with(|s| s.get()) {
        return None;
    }
    weak.upgrade()
}

struct State {
    doc: Document,
    settings: Settings,
    /// The logged-in account: set by the user on the options page, else as X's side bar shows
    /// it, else as last stored.
    me: Option<Handle>,
    /// "me" as the user set it (never overridden by the page).
    me_by_user: bool,
    /// "me" was read from this page's side bar (and sent to the background).
    me_from_page: bool,
    /// Learned in this batch, sent to the background at its end.
    learned: Learned,
    /// Friends and their newest posts: what gets marked.
    friends: Friends,
    /// The tap has handed over the responses it kept from before we started (so X's API has
    /// said which posts are replies before the first cells are read).
    tap_flushed: bool,
    /// API responses that arrived before "me" was known (a notification counts only on my
    /// posts): read once it is.
    waiting_api: Vec<(String, String)>,
    lang: Lang,
    href: String,
    /// `href` as a JS string, for the comparison made at every batch.
    href_js: js_sys::JsString,
    route: Route,
    kind: PageKind,
    /// Reposts the user expanded, by (post, reposter): they stay expanded while the tab lives,
    /// even when X destroys and recreates their cells.
    expanded: HashSet<(PostId, Option<Handle>)>,
    health: Option<HealthState>,
    /// At least one article was recognised since the page loaded: X's layout is the one we know.
    recognised: bool,
    touched: Touched,
    seen: js_sys::Set,
    /// The next batch's animation frame and the idle call that hands what was learned to the
    /// outbox (`None` only while the state is being made).
    pace: Option<pace::Pace>,
    /// X's Home tab list, once found, and its tab shown (with its place among the tabs).
    tablist: Option<Element>,
    home_tab: Option<(Element, usize)>,
    /// `<html>`, where the benchmark's `data-lb-bench` is.
    root: Element,
    /// On an X list's members page: the members seen, and our button to take them into a team.
    list_members: Vec<Handle>,
    list_button: Option<(Element, EventListener)>,
    /// Dropped on navigation, cancelling the layout check of the page left.
    layout_check: Option<Timeout>,
    /// What each source yielded since the last report, and the timer that sends it.
    readings: Vec<Reading>,
    readings_timer: Option<Timeout>,
    /// An unrecognised article's skeleton was taken on this page (one per page is enough).
    skeleton_taken: bool,
    /// "Where I left off": the visit to the timeline shown, and the divider.
    left_off: left_off::LeftOff,
    weak: Weak<RefCell<State>>,
    /// The observer of added and removed nodes, whose records of our own writes are dropped
    /// at the end of each batch.
    own_writes: Option<web_sys::MutationObserver>,
    /// When the extension context was last found valid (ms since the epoch).
    context_checked: i64,
    context_timer: Option<Timeout>,
}

impl ContentScript {
    /// `tap`: this end of the private channel to `extension/tap.js`.
    pub fn start(
        settings: Settings,
        meta: Meta,
        friends: Vec<Friend>,
        tap: web_sys::MessagePort,
    ) -> Result<ContentScript, JsValue> {
        for s in sel::ALL.iter().chain(overlay::NAMES) {
            wasm_bindgen::intern(s);
        }
        let doc = gloo::utils::document();
        let root = doc.document_element().ok_or("no documentElement")?;
        let href_js = location_href(&doc);
        let href = String::from(&href_js);
        let state = Rc::new_cyclic(|weak| {
            RefCell::new(State {
                lang: Lang::from_tag(&root.get_attribute("lang").unwrap_or_default()),
                route: Route::parse(&href),
                doc: doc.clone(),
                settings,
                me: meta.me,
                me_by_user: meta.me_by_user,
                me_from_page: false,
                learned: Learned::default(),
                friends: {
                    let mut f = Friends::default();
                    f.load(friends);
                    f
                },
                tap_flushed: false,
                waiting_api: Vec::new(),
                href_js,
                href,
                kind: PageKind::Other,
                expanded: HashSet::new(),
                health: None,
                recognised: false,
                touched: Touched::default(),
                seen: js_sys::Set::new(&JsValue::UNDEFINED),
                pace: None,
                layout_check: None,
                readings: Vec::new(),
                readings_timer: None,
                skeleton_taken: false,
                tablist: None,
                home_tab: None,
                root: root.clone(),
                list_members: Vec::new(),
                list_button: None,
                left_off: Default::default(),
                weak: weak.clone(),
                own_writes: None,
                context_checked: 0,
                context_timer: None,
            })
        });

        let weak = Rc::downgrade(&state);
        let observer = Observer::new(&root, move |records, kind| {
            if let Some(state) = live(&weak) {
                let mut s = state.borrow_mut();
                observe::collect(&records, kind, &s.seen.clone(), &mut s.touched);
                // A like is recorded at once, not at the next frame: a tab in the background
                // gets no frames, and it may be closed before it is shown again.
                let buttons = std::mem::take(&mut s.touched.like_buttons);
                if !buttons.is_empty() {
                    s.like_buttons(&buttons);
                    s.send_learned();
                    outbox::flush();
                }
                s.schedule();
            }
        })?;
        state.borrow_mut().own_writes = Some(observer.children_handle());
        let (on_frame, on_idle, on_gap) = (
            Rc::downgrade(&state),
            Rc::downgrade(&state),
            Rc::downgrade(&state),
        );
        state.borrow_mut().pace = Some(pace::Pace::new(
            move || {
                if let Some(state) = live(&on_frame) {
                    let mut s = state.borrow_mut();
                    s.pace_mut().frame_ran();
                    s.run_batch();
                }
            },
            move || {
                if let Some(state) = live(&on_idle) {
                    let mut s = state.borrow_mut();
                    s.pace_mut().idle_ran();
                    s.send_learned();
                }
            },
            move || {
                if let Some(state) = live(&on_gap) {
                    state.borrow_mut().pace_mut().idle_now();
                }
            },
            LEARNED_IDLE_MS,
        ));

        let mut listeners = input::bar_listeners(&state);
        listeners.push(input::shortcut_listener());
        let weak = Rc::downgrade(&state);
        let tap = bridge::Channel::listen(tap, move |tap| {
            if let Some(state) = live(&weak) {
                let mut s = state.borrow_mut();
                match tap {
                    bridge::Tap::Response { url, body } => s.on_api_response(url, body),
                    bridge::Tap::Flushed => {
                        s.tap_flushed = true;
                        s.schedule();
                    }
                }
            }
        });
        // Without the tap (it did not run), the cells are read anyway after a moment.
        let weak = Rc::downgrade(&state);
        let tap_wait = Timeout::new(TAP_WAIT_MS, move || {
            if let Some(state) = live(&weak) {
                let mut s = state.borrow_mut();
                s.tap_flushed = true;
                s.schedule();
            }
        });
        // What was gathered goes at once when the tab is hidden (it may get no timers for a
        // long while) or closed; a batch waiting for a frame that will not come is run first.
        let window: web_sys::EventTarget = gloo::utils::window().into();
        for (target, event) in [(doc.as_ref(), "visibilitychange"), (&window, "pagehide")] {
            let weak = Rc::downgrade(&state);
            listeners.push(EventListener::new(target, event, move |_| {
                if let Some(state) = live(&weak) {
                    if let Ok(mut s) = state.try_borrow_mut() {
                        if s.pace_mut().frame_pending() {
                            s.pace_mut().cancel_frame();
                            s.run_batch();
                        }
                        s.send_visit();
                        s.send_learned();
                    }
                }
                if event == "pagehide" {
                    outbox::leaving();
                } else {
                    outbox::flush();
                }
            }));
        }
        let storage_listener = chrome::StorageListener::new(input::storage_listener(&state))
            .map_err(|e| JsValue::from_str(&e.0))?;

        {
            let mut s = state.borrow_mut();
            s.start_page();
            s.read_me();
            s.send_learned();
            // Cells X rendered before we started.
            if let Ok(cells) = doc.query_selector_all(sel::CELL) {
                let seen = s.seen.clone();
                for cell in observe::elements(&cells) {
                    seen.add(&cell);
                    s.touched.cells.push(cell);
                }
            }
            s.schedule();
        }
        tap.announce_ready();
        Ok(ContentScript {
            _state: state,
            _observer: observer,
            _listeners: listeners,
            _storage_listener: storage_listener,
            _tap: tap,
            _tap_wait: tap_wait,
            _round: round::Round::start(),
        })
    }
}

impl State {
    fn schedule(&mut self) {
        // Until "me" is known, any change to the page may be X drawing its side bar: a batch
        // looks for it even when no cell changed.
        let idle = self.touched.is_empty() && self.me_from_page;
        if idle || !self.tap_flushed {
            return;
        }
        self.pace_mut().frame();
    }

    fn pace_mut(&mut self) -> &mut pace::Pace {
        self.pace
            .as_mut()
            .expect("pace is set before any callback can run")
    }

    /// Once per animation frame: everything X changed since the last one.
    fn run_batch(&mut self) {
        // The extension was reloaded or updated under this tab: this script can no longer
        // record anything; it steps aside (the tab's next load runs the new one).
        // Asked at most once a second: the answer comes through the extension's bindings, one of
        // the costliest calls a batch would make.
        // A batch between two checks leaves a timer for the next one, so that the last batch
        // before the extension went is always followed by a check.
        let now = now_ms();
        if now - self.context_checked >= 1_000 {
            if !chrome::context_valid() {
                crate::content::start::stop_soon();
                return;
            }
            self.context_checked = now;
        } else if self.context_timer.is_none() {
            let weak = self.weak.clone();
            self.context_timer = Some(Timeout::new(1_000, move || {
                if let Some(state) = live(&weak) {
                    state.borrow_mut().context_timer = None;
                    if !chrome::context_valid() {
                        crate::content::start::stop_soon();
                    }
                }
            }));
        }
        // Only for the benchmark (`data-lb-bench` on <html>): a `performance.measure` per batch.
        let started = self.root.has(js!("data-lb-bench")).then(perf_now);
        let touched = std::mem::take(&mut self.touched);
        self.seen.clear();
        self.follow_navigation();
        if !self.me_from_page {
            self.read_me();
        }
        let tab = self.home_tab();
        let kind = self.route.page_kind(tab);
        if kind != self.kind {
            self.kind = kind;
            self.reapply_views();
        }
        let posts = self.process_cells(&touched.cells);
        self.left_off();
        self.like_buttons(&touched.like_buttons);
        if let Some(children) = &self.own_writes {
            observe::forget_pending(children);
        }
        // What was learned is not needed for this frame: handed to the outbox when idle.
        self.pace_mut().idle();
        if let Some(started) = started {
            measure_batch(started, posts);
        }
    }
}

/// The post a processed article was recorded as showing (`data-lb-author`, `data-lb-post`).
fn recorded_post(article: &Element) -> Option<(Handle, PostId)> {
    let author = Handle::parse(&article.get_attribute("data-lb-author")?)?;
    let post = PostId::parse(&article.get_attribute("data-lb-post")?)?;
    Some((author, post))
}

#[wasm_bindgen]
extern "C" {
    /// `document.URL`: the page's address, read once per batch (X changes page without a
    /// load). Cheaper than `location.href`, whose object Chromium checks on every access; kept
    /// as a JS string, compared with the last one without crossing as text.
    #[wasm_bindgen(method, getter, js_name = URL)]
    fn url(this: &UrlOf) -> js_sys::JsString;
    type UrlOf;
    #[wasm_bindgen(js_namespace = performance, js_name = now)]
    fn perf_now() -> f64;
}

fn location_href(doc: &Document) -> js_sys::JsString {
    doc.unchecked_ref::<UrlOf>().url()
}

fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

/// For the benchmark: the time this batch took, and how many posts it read.
fn measure_batch(started: f64, posts: usize) {
    let Some(perf) = gloo::utils::window().performance() else {
        return;
    };
    // `measure(name, {start, end})`, which web-sys does not bind.
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"start".into(), &started.into());
    let _ = js_sys::Reflect::set(&options, &"end".into(), &perf_now().into());
    if let Ok(measure) = js_sys::Reflect::get(&perf, &"measure".into()) {
        let measure: js_sys::Function = measure.unchecked_into();
        let name = JsValue::from_str(&format!("likeback-batch:{posts}"));
        let _ = measure.call2(&perf, &name, &options);
    }
}
