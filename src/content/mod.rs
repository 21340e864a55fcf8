//! The content script on x.com / twitter.com: watches X's timeline, recognises posts and shows
//! reposts as the user chose. Everything it holds is dropped with `ContentScript`.

pub mod bridge;
pub mod input;
pub mod likes_page;
pub mod outbox;
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
use crate::x::{observe, scan, selectors, skeleton};
use friends::Friends;
use gloo::events::EventListener;
use gloo::render::{request_animation_frame, AnimationFrame};
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
    frame: Option<AnimationFrame>,
    /// X's Home tab list, once found.
    tablist: Option<Element>,
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
    weak: Weak<RefCell<State>>,
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
        let href = location_href();
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
                href,
                kind: PageKind::Other,
                expanded: HashSet::new(),
                health: None,
                recognised: false,
                touched: Touched::default(),
                seen: js_sys::Set::new(&JsValue::UNDEFINED),
                frame: None,
                layout_check: None,
                readings: Vec::new(),
                readings_timer: None,
                skeleton_taken: false,
                tablist: None,
                list_members: Vec::new(),
                list_button: None,
                weak: weak.clone(),
            })
        });

        let weak = Rc::downgrade(&state);
        let observer = Observer::new(&root, move |records| {
            if let Some(state) = live(&weak) {
                let mut s = state.borrow_mut();
                observe::collect(&records, &s.seen.clone(), &mut s.touched);
                // A like is recorded at once, not at the next frame: a tab in the background
                // gets no frames, and it may be closed before it is shown again.
                let buttons = std::mem::take(&mut s.touched.like_buttons);
                if !buttons.is_empty() {
                    s.like_buttons(&buttons);
                    s.send_learned();
                }
                s.schedule();
            }
        })?;

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
        })
    }
}

impl State {
    fn schedule(&mut self) {
        // Until "me" is known, any change to the page may be X drawing its side bar: a batch
        // looks for it even when no cell changed.
        let idle = self.touched.is_empty() && self.me_from_page;
        if self.frame.is_some() || idle || !self.tap_flushed {
            return;
        }
        let weak = self.weak.clone();
        self.frame = Some(request_animation_frame(move |_| {
            if let Some(state) = live(&weak) {
                state.borrow_mut().run_batch();
            }
        }));
    }

    /// Once per animation frame: everything X changed since the last one.
    fn run_batch(&mut self) {
        self.frame = None;
        // The extension was reloaded or updated under this tab: this script can no longer
        // record anything; it steps aside (the tab's next load runs the new one).
        if !chrome::context_valid() {
            crate::content::start::stop_soon();
            return;
        }
        // Only for the benchmark (`data-lb-bench` on <html>): a `performance.measure` per batch.
        let started = self
            .doc
            .document_element()
            .is_some_and(|r| r.has_attribute("data-lb-bench"))
            .then(chrome::perf_now);
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
        self.like_buttons(&touched.like_buttons);
        self.send_learned();
        if let Some(started) = started {
            measure_batch(started, posts);
        }
    }

    /// "me" from X's side bar (the profile link, else the account switcher), once per page
    /// load, as soon as X has drawn it: at start, then at every batch until found (a batch
    /// also follows the side bar's appearance, see `schedule`).
    fn read_me(&mut self) {
        let read = |selector: &str, attribute: &str| {
            self.doc
                .query_selector(selector)
                .ok()
                .flatten()
                .and_then(|e| e.get_attribute(attribute))
        };
        let link = read(sel::ME_LINK, "href");
        // The switcher is read only where the link is missing.
        let switcher = match link {
            Some(_) => None,
            None => read(sel::ME_SWITCHER_AVATAR, "data-testid"),
        };
        let Some(me) = crate::core::model::me_on_page(link.as_deref(), switcher.as_deref()) else {
            return;
        };
        self.me_from_page = true;
        if !self.me_by_user {
            self.me = Some(me.clone());
        }
        // The background keeps the user's choice over the page's.
        self.learned.me = Some(me);
        for (url, body) in std::mem::take(&mut self.waiting_api) {
            self.on_api_response(url, body);
        }
    }

    fn send_learned(&mut self) {
        outbox::learn(std::mem::take(&mut self.learned), self.me.as_ref());
    }

    /// X's own API response, passed on by the tap: the precise source of likes.
    fn on_api_response(&mut self, url: String, body: String) {
        let op = health::op_of_url(&url);
        let Some(endpoint) = Endpoint::of_url(&url) else {
            // Passed on by the tap but not read: the report shows it with nothing yielded.
            self.read_api(op, 0);
            return;
        };
        if self.me.is_none() {
            if self.waiting_api.len() < 20 {
                self.waiting_api.push((url, body));
            }
            return;
        }
        let post = api::request_variable(&url, "tweetId").and_then(|id| PostId::parse(&id));
        let ctx = api::Context {
            me: self.me.clone(),
            post,
            now: now_ms(),
        };
        let Some(learned) = api::parse_response(&url, &body, &ctx) else {
            return;
        };
        let yielded = match op.as_deref().map(Source::of_op) {
            Some(Source::Timeline) => learned.posts.iter().filter(|p| !p.promoted).count(),
            Some(Source::Notifications | Source::Likes) => learned.received.len(),
            Some(Source::Lists) => learned.members.len(),
            None => 0,
        };
        self.read_api(op, yielded);
        // Likers count only on the likes page of one of my posts (X shows that list to the
        // author only, but a response for someone else's post must not count either).
        let mine =
            learn::my_likers_page(&self.route, self.me.as_ref()).is_some_and(|id| Some(id) == post);
        if endpoint != Endpoint::Favoriters || mine {
            self.learned
                .events
                .extend(learned.received.into_iter().map(Event::from));
        }
        for p in learned.posts {
            if p.promoted {
                continue;
            }
            // Seen in the liked state: a like given, on a reply as on any post.
            self.learned.events.extend(p.like_given(self.me.as_ref()));
            if p.reply {
                // Not anyone's "newest post": marks go on originals only.
                self.friends.note_reply(p.id);
                continue;
            }
            // The response may name a friend's post newer than any on the page yet.
            let seen = self.friends.seen(&p.author, p.id, p.liked);
            if learn::sends_newest(seen, true) {
                self.learned
                    .posts
                    .push((p.author.clone(), learn::newest(p.id, &p.text)));
            }
            if seen == friends::Seen::Newer && self.friends.is_friend(&p.author) {
                self.remark_author(&p.author);
            }
        }
        if endpoint == Endpoint::ListMembers {
            let list = api::request_variable(&url, "listId");
            if matches!(&self.route, Route::ListMembers(id) if Some(id) == list.as_ref()) {
                self.add_list_members(learned.members);
            }
        }
        self.learned.names.extend(learned.names);
        self.learned.note = learned.note;
        self.send_learned();
    }

    /// One API response of `op` read, with what it yielded.
    fn read_api(&mut self, op: Option<String>, yielded: usize) {
        let Some(op) = op else {
            return;
        };
        let source = Source::of_op(&op);
        self.note_reading(Reading {
            seen: 1,
            yielded: yielded as u32,
            ..Reading::new(source, Some(op))
        });
    }

    /// What the page itself yielded for `source` (no operation).
    fn read_page(&mut self, source: Source, yielded: usize) {
        if yielded > 0 {
            self.note_reading(Reading {
                seen: 1,
                yielded: yielded as u32,
                ..Reading::new(source, None)
            });
        }
    }

    /// Keeps a reading for the next report to the background, at most one a second.
    fn note_reading(&mut self, reading: Reading) {
        health::merge(&mut self.readings, reading);
        if self.readings_timer.is_some() {
            return;
        }
        let weak = self.weak.clone();
        self.readings_timer = Some(Timeout::new(READINGS_MS, move || {
            if let Some(state) = weak.upgrade() {
                let mut s = state.borrow_mut();
                s.readings_timer = None;
                let readings = std::mem::take(&mut s.readings);
                s.learned.readings.extend(readings);
                s.send_learned();
            }
        }));
    }

    /// Like buttons X flipped in place (the user liked or unliked).
    fn like_buttons(&mut self, buttons: &[Element]) {
        for button in buttons {
            if let Some(article) = button.closest(sel::TWEET).ok().flatten() {
                self.like_change(&article);
            }
        }
    }

    /// Compares an article's like button with the state recorded when it was read; a change is
    /// the user's own like or unlike, now.
    fn like_change(&mut self, article: &Element) {
        let (Some(recorded), Some((author, post))) = (
            article.get_attribute("data-lb-liked"),
            recorded_post(article),
        ) else {
            return;
        };
        let Some(liked) = scan::like_state(article) else {
            return;
        };
        if (recorded == "true") == liked {
            return;
        }
        overlay::set_liked(article, liked);
        let Some(event) =
            learn::like_changed(author.clone(), post, liked, self.me.as_ref(), now_ms())
        else {
            return;
        };
        // Liking the marked post moves the mark away at once.
        self.friends.liked(&author, post, liked);
        self.remark_author(&author);
        self.learned.events.push(event);
    }

    /// X is a single-page app: it changes page with `history.pushState`, which the isolated
    /// world cannot hook, so the URL is compared once per batch (X mutates the DOM on every
    /// navigation, so a batch always follows one).
    fn follow_navigation(&mut self) {
        let href = location_href();
        if href == self.href {
            return;
        }
        self.href = href;
        self.route = Route::parse(&self.href);
        self.start_page();
    }

    fn start_page(&mut self) {
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
    fn check_layout(&mut self) {
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
    fn home_tab(&mut self) -> Option<usize> {
        if self.route != Route::Home {
            return None;
        }
        if !self.tablist.as_ref().is_some_and(|t| t.is_connected()) {
            self.tablist = self.doc.query_selector(sel::HOME_TABLIST).ok().flatten();
        }
        let tabs = self.tablist.as_ref()?.query_selector_all(sel::TAB).ok()?;
        let selected = observe::elements(&tabs)
            .position(|t| t.get_attribute("aria-selected").as_deref() == Some("true"));
        selected
    }

    /// Recognises the articles in `cells` and shows them. Nothing is written until X's layout
    /// has been recognised at least once, so an unknown layout is left exactly as it was.
    fn process_cells(&mut self, cells: &[Element]) -> usize {
        let mut found = Vec::new();
        let mut unreadable = 0;
        let mut page_likes = 0;
        let mut page_members = 0;
        for cell in cells {
            let Some(article) = cell.query_selector(sel::TWEET).ok().flatten() else {
                // A recycled cell now holding something else (a "Show more" row, a user).
                overlay::clear_cell(cell);
                let received =
                    likes_page::received_in_cell(cell, &self.route, self.me.as_ref(), now_ms());
                page_likes += received.len();
                self.learned.events.extend(received);
                if matches!(self.route, Route::ListMembers(_)) {
                    let member = likes_page::person_in_cell(cell);
                    page_members += usize::from(member.is_some());
                    self.add_list_members(member.into_iter().collect());
                }
                continue;
            };
            if self.unchanged(&article) {
                // X re-rendered it: a like button replaced rather than flipped shows here.
                self.like_change(&article);
                continue;
            }
            let scanned = self.read(cell, &article);
            unreadable += usize::from(scanned.is_err());
            found.push((cell, article, scanned));
        }
        self.read_cells(&found, page_likes, page_members);
        if !self.recognised {
            if found.iter().all(|(_, _, s)| s.is_err()) {
                if unreadable > 0 {
                    self.set_health(HealthState::Unrecognised, "articles without their parts");
                }
                return 0;
            }
            self.recognised = true;
            self.layout_check = None;
            self.set_health(HealthState::Ok, "");
        }
        let count = found.len();
        // First every post's place among its author's posts (a newer one in this batch moves the
        // mark before anything is drawn), then the page.
        let mut newer_friends = Vec::new();
        for (_, _, scanned) in &found {
            if let Ok(Scanned::Post(post)) = scanned {
                let seen = self.friends.seen(&post.author, post.id, post.liked);
                if learn::sends_newest(seen, false) {
                    self.learned
                        .posts
                        .push((post.author.clone(), learn::newest(post.id, &post.text)));
                    if self.friends.is_friend(&post.author) {
                        newer_friends.push(post.author.clone());
                    }
                }
            }
        }
        for (cell, article, scanned) in found {
            match scanned {
                Ok(Scanned::Post(post)) => {
                    overlay::mark_article(&article, post.kind, Some(&post));
                    // Seen in the liked state: a like given, dated by the post.
                    self.learned.events.extend(learn::like_seen(
                        &post.author,
                        post.id,
                        post.liked,
                        false,
                        self.me.as_ref(),
                        post.time.unwrap_or_else(now_ms),
                    ));
                    if let Some((who, name)) = &post.reposted_by {
                        if !name.is_empty() {
                            self.learned.names.push((who.clone(), name.clone()));
                        }
                    }
                    let view =
                        self.view_of(post.kind, &(post.id, post.reposted_by.clone().map(|r| r.0)));
                    overlay::set_view(&self.doc, cell, view, Some(&post), self.lang);
                    let mark = self.friends.mark(&post.author, post.id, post.liked);
                    overlay::set_mark(&self.doc, &article, Some(cell), mark, self.lang);
                }
                Ok(Scanned::Promoted { .. }) => {
                    overlay::mark_article(&article, PostKind::Promoted, None);
                    overlay::clear_cell(cell);
                    overlay::set_mark(&self.doc, &article, Some(cell), None, self.lang);
                }
                Err(_) => {
                    overlay::mark_article(&article, PostKind::Unknown, None);
                    overlay::clear_cell(cell);
                    overlay::set_mark(&self.doc, &article, Some(cell), None, self.lang);
                }
            }
        }
        // Posts of these friends read in earlier batches may have lost their mark.
        for who in newer_friends {
            self.remark_author(&who);
        }
        count
    }

    /// What this batch of cells yielded, per source: posts read and articles not recognised
    /// (with one skeleton per page), likes from the notifications or a likes list, members.
    fn read_cells(
        &mut self,
        found: &[(&Element, Element, Result<Scanned, Unrecognised>)],
        likes: usize,
        members: usize,
    ) {
        let posts = found
            .iter()
            .filter(|(_, _, s)| matches!(s, Ok(Scanned::Post(_))))
            .count();
        let mut reading = Reading::new(Source::Timeline, None);
        for (_, article, scanned) in found {
            if let Err(reason) = scanned {
                *reading
                    .unrecognised
                    .entry(format!("{reason:?}"))
                    .or_default() += 1;
                if !self.skeleton_taken {
                    self.skeleton_taken = true;
                    reading.skeleton = Some(skeleton::of_article(article));
                }
            }
        }
        if posts > 0 || !reading.unrecognised.is_empty() {
            reading.seen = 1;
            reading.yielded = posts as u32;
            self.note_reading(reading);
        }
        match self.route {
            Route::Notifications => self.read_page(Source::Notifications, likes),
            Route::Likers(..) => self.read_page(Source::Likes, likes),
            Route::ListMembers(_) => self.read_page(Source::Lists, members),
            _ => {}
        }
    }

    /// Members of the X list whose members page this is, from its API response or its cells.
    fn add_list_members(&mut self, members: Vec<Handle>) {
        let before = self.list_members.len();
        for m in members {
            if !self.list_members.contains(&m) {
                self.list_members.push(m);
            }
        }
        if self.list_members.len() == before {
            return;
        }
        let text = words::list_import(self.lang, self.list_members.len());
        if let Some((button, _)) = &self.list_button {
            if button.get_attribute("data-lb-state").as_deref() != Some("added") {
                button.set_text_content(Some(&text));
            }
            return;
        }
        let button = overlay::element(&self.doc, "button", "list-import");
        let _ = button.set_attribute("type", "button");
        button.set_text_content(Some(&text));
        let weak = self.weak.clone();
        let listener = EventListener::new(&button, "click", move |_| {
            if let Some(state) = live(&weak) {
                state.borrow().import_list();
            }
        });
        if let Some(body) = self.doc.body() {
            let _ = body.append_child(&button);
        }
        self.list_button = Some((button, listener));
    }

    /// The user asked for this list's members to become a team.
    fn import_list(&self) {
        let (Route::ListMembers(list), Some((button, _))) = (&self.route, &self.list_button) else {
            return;
        };
        let message = Message::AddToTeam {
            name: words::list_team_name(self.lang, list),
            list: Some(list.clone()),
            members: self.list_members.clone(),
        };
        let (button, lang) = (button.clone(), self.lang);
        let _ = button.set_attribute("disabled", "");
        wasm_bindgen_futures::spawn_local(async move {
            let reply = Some(chrome::ask(&message).await).filter(|r| r.ok);
            let _ = button.remove_attribute("disabled");
            match reply {
                Some(r) => {
                    let _ = button.set_attribute("data-lb-state", "added");
                    button.set_text_content(Some(&words::list_imported(
                        lang,
                        &r.text.unwrap_or_default(),
                        r.added,
                    )));
                }
                None => button.set_text_content(Some(words::list_import_failed(lang))),
            }
        });
    }

    /// Marks again every post of `who` on the page (their newest changed, or it was liked).
    fn remark_author(&mut self, who: &Handle) {
        // Handles are `[A-Za-z0-9_]`: safe inside the selector; `i`: X's handles ignore case.
        let selector = format!(r#"article[data-lb-author="{who}" i]"#);
        self.remark(&selector);
    }

    /// Marks again every processed post on the page (the friends list changed).
    fn remark_all(&mut self) {
        self.remark("article[data-lb-post]");
    }

    fn remark(&mut self, selector: &str) {
        let Ok(articles) = self.doc.query_selector_all(selector) else {
            return;
        };
        for article in observe::elements(&articles) {
            let Some((author, post)) = recorded_post(&article) else {
                continue;
            };
            if Some(&author) == self.me.as_ref() {
                continue;
            }
            let liked = article.get_attribute("data-lb-liked").map(|l| l == "true");
            let mark = self.friends.mark(&author, post, liked);
            let cell = article.closest(sel::CELL).ok().flatten();
            overlay::set_mark(&self.doc, &article, cell.as_ref(), mark, self.lang);
        }
    }

    /// Reads and classifies an article; a repost also gets the names and words of its bar.
    fn read(&self, cell: &Element, article: &Element) -> Result<Scanned, Unrecognised> {
        let mut facts = scan::article_facts(cell, article);
        let mut scanned = classify(&facts, self.me.as_ref());
        if let Ok(Scanned::Post(post)) = &mut scanned {
            if post.kind == PostKind::Repost {
                scan::details(article, &mut facts);
                post.author_name = facts.author_name;
                post.text = facts.text;
            }
        }
        scanned
    }

    /// An article already processed and still showing the same post (X re-renders cells for
    /// many reasons; a recycled cell shows another post and is processed again).
    fn unchanged(&self, article: &Element) -> bool {
        let Some(kind) = article.get_attribute("data-lb-kind") else {
            return false;
        };
        let shown = scan::shown_post(article);
        shown == article.get_attribute("data-lb-post")
            || (shown.is_none() && kind == PostKind::Promoted.as_str())
    }

    fn view_of(&self, kind: PostKind, key: &(PostId, Option<Handle>)) -> CellView {
        if kind != PostKind::Repost {
            return CellView::Plain;
        }
        match self.settings.modes.get(self.kind) {
            RepostMode::Show => CellView::Plain,
            RepostMode::Hide => CellView::Hidden,
            RepostMode::Collapse if self.expanded.contains(key) => CellView::Expanded,
            RepostMode::Collapse => CellView::Collapsed,
        }
    }

    /// After a change of settings or of page kind: every repost on the page again.
    fn reapply_views(&mut self) {
        let Ok(articles) = self
            .doc
            .query_selector_all(r#"article[data-lb-kind="repost"]"#)
        else {
            return;
        };
        for article in observe::elements(&articles) {
            let Some(cell) = article.closest(sel::CELL).ok().flatten() else {
                continue;
            };
            // Re-reading the article gives the bar its words back if it has to be rebuilt.
            if let Ok(Scanned::Post(post)) = self.read(&cell, &article) {
                let key = (post.id, post.reposted_by.clone().map(|r| r.0));
                let view = self.view_of(post.kind, &key);
                overlay::set_view(&self.doc, &cell, view, Some(&post), self.lang);
                let mark = self.friends.mark(&post.author, post.id, post.liked);
                overlay::set_mark(&self.doc, &article, Some(&cell), mark, self.lang);
            }
        }
    }

    /// The user clicked a repost bar (or pressed Enter/Space on it).
    fn toggle(&mut self, bar: &Element) {
        let Some(cell) = bar.closest(sel::CELL).ok().flatten() else {
            return;
        };
        let Some(article) = cell.query_selector(sel::TWEET).ok().flatten() else {
            return;
        };
        let Ok(Scanned::Post(post)) = self.read(&cell, &article) else {
            return;
        };
        let key = (post.id, post.reposted_by.clone().map(|r| r.0));
        if !self.expanded.remove(&key) {
            self.expanded.insert(key.clone());
        }
        let view = self.view_of(post.kind, &key);
        overlay::set_view(&self.doc, &cell, view, Some(&post), self.lang);
    }

    fn set_health(&mut self, health: HealthState, detail: &str) {
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

/// The post a processed article was recorded as showing (`data-lb-author`, `data-lb-post`).
fn recorded_post(article: &Element) -> Option<(Handle, PostId)> {
    let author = Handle::parse(&article.get_attribute("data-lb-author")?)?;
    let post = PostId::parse(&article.get_attribute("data-lb-post")?)?;
    Some((author, post))
}

fn location_href() -> String {
    thread_local! {
        // Reading `window.location` is slow in Chromium (it is a cross-origin-checked object);
        // the object itself never changes, so it is fetched once.
        static LOCATION: web_sys::Location = gloo::utils::window().location();
    }
    LOCATION.with(|l| l.href().unwrap_or_default())
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
    let _ = js_sys::Reflect::set(&options, &"end".into(), &chrome::perf_now().into());
    if let Ok(measure) = js_sys::Reflect::get(&perf, &"measure".into()) {
        let measure: js_sys::Function = measure.unchecked_into();
        let name = JsValue::from_str(&format!("likeback-batch:{posts}"));
        let _ = measure.call2(&perf, &name, &options);
    }
}
