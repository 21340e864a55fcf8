//! The toolbar popup: the like-backs still to return, person by person, most owed first.
//! It reads the summary the background keeps ready in storage (no message, so the background
//! need not wake up for the popup to paint).

pub mod first;
mod people;
mod round;
mod sources;

use people::*;
use sources::*;

use crate::browser::chrome::{self, t, t_with};
use crate::browser::dom::{self, El};
use crate::core::first_run::{self, FirstStep};
use crate::core::health::{self, Book, Shown, Source, Warning};
use crate::core::ledger::Window;
use crate::core::model::{shown_name, Handle, PostId};
use crate::core::store::Meta;
use crate::core::summary::{Owed, Summary};
use crate::core::team::{self, RoundEntry};
use crate::proto::messages::{HealthNote, HealthState};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// A day and more without a fresh post of mine: the nudge to post something.
const FRESH_MS: i64 = crate::core::ledger::DAY_MS;
/// Rows drawn at first (more than the popup shows); the rest on "show all", so that a long
/// list still paints at once.
const FIRST_ROWS: usize = 50;
/// Of those, the rows in the popup's first frame (the summary's head: enough to fill the
/// list); the others follow right after that frame is painted.
const FIRST_PAINT_ROWS: usize = Summary::HEAD_ROWS;
/// Stands for the total in the words around it (text from `_locales` never holds it).
const COUNT: &str = "\u{1}";

/// `stored`: `storage.local.get(STORED_KEYS)`, started by the loader.
pub async fn start(stored: js_sys::Promise) -> Result<(), JsValue> {
    // (The first view marks `likeback-popup-start`, when Likeback's code starts.)
    if let Some(perf) = gloo::utils::window().performance() {
        let _ = perf.mark("likeback-popup-full-start");
    }
    dom::set_lang(&chrome::ui_language());
    let stored = wasm_bindgen_futures::JsFuture::from(stored).await?.into();
    render(&stored);
    follow_changes();
    // For the benchmark: when the whole popup was in the page (one mark per popup opening).
    if let Some(perf) = gloo::utils::window().performance() {
        let _ = perf.mark("likeback-popup-ready");
    }
    Ok(())
}

thread_local! {
    /// Set once the user has done something the next drawing would undo (copied the report,
    /// asked for the whole list): the popup then stays as it is.
    static HELD: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Keeps the popup as the user has it: no redrawing on storage changes from now on.
pub(crate) fn hold() {
    HELD.with(|h| h.set(true));
}

/// What the popup is drawn from; `popup.js` starts reading the same keys before the WASM loads.
/// `round` is among them so that the round's buttons are drawn with the list, above it, and
/// do not push it down a moment later.
const STORED_KEYS: [&str; 5] = ["summary", "health", "meta", "source_health", "round"];

/// A content script sends what it learned about once a second, so the background may store
/// something new just after the popup opened: the popup is drawn again when what it shows
/// changes.
fn follow_changes() {
    type Listener = Closure<dyn FnMut(JsValue, JsValue)>;
    thread_local! {
        static LISTENER: std::cell::RefCell<Option<Listener>> = const { std::cell::RefCell::new(None) };
    }
    let callback =
        Closure::<dyn FnMut(JsValue, JsValue)>::new(|changes: JsValue, area: JsValue| {
            let changed = |key: &str| chrome::new_value(&changes, &area, key).is_some();
            if HELD.with(|h| h.get()) || !STORED_KEYS.iter().any(|k| changed(k)) {
                return;
            }
            wasm_bindgen_futures::spawn_local(async {
                if let Ok(stored) = chrome::get(Some(&STORED_KEYS)).await {
                    render(&stored);
                }
            });
        });
    chrome::on_storage_changed(callback.as_ref().unchecked_ref());
    // Kept for the popup's life (the page is closed with it).
    LISTENER.with(|l| *l.borrow_mut() = Some(callback));
}

/// Draws the popup from what `storage.local.get(STORED_KEYS)` returned.
fn render(stored: &js_sys::Object) {
    // Drawn again while open (see `follow_changes`): the tab the user chose stays chosen.
    let on_round = gloo::utils::document()
        .query_selector(r#"[data-lb="tab-round"][aria-selected="true"]"#)
        .ok()
        .flatten()
        .is_some();
    // A JSON string: one copy into WASM instead of thousands of property reads.
    let summary = chrome::field::<String>(stored, "summary")
        .and_then(|t| serde_json::from_str::<Summary>(&t).ok());
    let health = chrome::field::<HealthNote>(stored, "health");
    // "me" is in `meta` from the first visit to X on, even before anything else is learned.
    let me_known = chrome::field::<Meta>(stored, "meta").is_some_and(|m| m.me.is_some());
    let sources = chrome::field::<String>(stored, "source_health")
        .and_then(|t| serde_json::from_str::<Book>(&t).ok())
        .unwrap_or_default();
    let now = js_sys::Date::now() as i64;
    let step = first_run::first_step(summary.as_ref().map_or(0, |s| s.received), me_known);
    let owed = match (&summary, step) {
        (Some(s), None) => owed_view(s, now),
        (_, step) => empty_view(step.unwrap_or(FirstStep::OpenX)),
    };
    let note = chrome::newer_schema(stored).map(dom::read_only_note);
    let team = summary
        .as_ref()
        .filter(|s| !s.round.is_empty())
        .map(|s| round_view(&s.round, now));
    let round_now: crate::core::round::View = chrome::field::<String>(stored, "round")
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default();
    let slots = round::slots(
        &round_now,
        step.is_none() && summary.as_ref().is_some_and(|s| s.people_owed > 0),
        team.is_some(),
    );
    let mut page = frame(header(), note, owed, team, slots);
    // Before anything is learned, the empty state says what to do; "ready to receive" would
    // only add a second instruction.
    if step.is_none() || summary.as_ref().is_some_and(|s| s.my_newest.is_some()) {
        page = page.child(ready_to_receive(summary.as_ref(), now));
    }
    let page = page.child(footer(summary.as_ref(), health.as_ref(), &sources, now));
    dom::mount("app", page);
    first::replay_click();
    if on_round {
        dom::select_tab("panel", "tab", "round", &["owed", "round"]);
    }
}

/// The page around the lists: the header, then with a team two tabs and their panels (the
/// like-backs and the team's round `team`), else the like-backs alone; the round's `slots`
/// (`round::slots`) above each. The first view draws the same frame (`first`), so that this
/// popup takes its place without a jump.
fn frame(header: El, note: Option<El>, owed: El, team: Option<El>, slots: (El, El)) -> El {
    let page = El::new("div").child(header).children(note);
    match team {
        Some(team) => page
            .child(
                El::new("nav")
                    .class("tabs")
                    .attr("role", "tablist")
                    .child(tab("owed", &t("tabOwed"), true))
                    .child(tab("round", &t("tabRound"), false)),
            )
            .child(
                El::new("div")
                    .lb("panel-owed")
                    .attr("role", "tabpanel")
                    .child(slots.0)
                    .child(owed),
            )
            .child(
                El::new("div")
                    .lb("panel-round")
                    .attr("role", "tabpanel")
                    .attr("hidden", "")
                    .child(slots.1)
                    .child(team),
            ),
        None => page.child(slots.0).child(owed),
    }
}

fn header() -> El {
    El::new("header")
        .class("top")
        .child(El::new("h1").text(&t("extName")))
        .child(
            El::new("button")
                .lb("open-options")
                .class("icon")
                .attr("title", &t("openOptions"))
                .attr("aria-label", &t("openOptions"))
                .text("⚙")
                .on("click", |_| {
                    wasm_bindgen_futures::spawn_local(async {
                        let _ = chrome::open_options_page().await;
                    })
                }),
        )
}

fn tab(part: &'static str, label: &str, selected: bool) -> El {
    El::new("button")
        .lb(&format!("tab-{part}"))
        .attr("role", "tab")
        .attr("aria-selected", if selected { "true" } else { "false" })
        .text(label)
        .on("click", move |_| {
            dom::select_tab("panel", "tab", part, &["owed", "round"])
        })
}

/// What a new user does first: open x.com; once Likeback has seen it ("me" is known), open
/// the notifications.
fn empty_view(step: FirstStep) -> El {
    let (headline, lines) = match step {
        FirstStep::OpenX => (t("healthUnknown"), [t("emptyIntro"), t("emptyStep")]),
        FirstStep::OpenNotifications => (t("emptyReady"), [t("emptyIntro"), t("emptyReadyStep")]),
    };
    El::new("section")
        .lb("empty")
        .attr("data-lb-step", step.as_str())
        .class("empty")
        .child(
            El::new("p")
                .lb("empty-headline")
                .class("headline")
                .text(&headline),
        )
        .children(lines.iter().map(|l| El::new("p").text(l)))
        .child(
            El::new("div")
                .class("buttons")
                .child(
                    El::new("button")
                        .lb("open-notifications")
                        .class("primary")
                        .text(&t("openNotifications"))
                        .on("click", open_on_click("https://x.com/notifications".into())),
                )
                .child(
                    El::new("button")
                        .lb("open-welcome")
                        .class("link")
                        .text(&t("howItWorks"))
                        .on("click", |_| {
                            wasm_bindgen_futures::spawn_local(async {
                                let url = chrome::runtime_url("welcome.html");
                                let _ = chrome::open_tab(&url).await;
                                let _ = gloo::utils::window().close();
                            })
                        }),
                ),
        )
}

/// The seed's advice: keep something fresh up for the people returning your likes.
fn ready_to_receive(s: Option<&Summary>, now: i64) -> El {
    let section = El::new("section").lb("ready").class("ready");
    match s.and_then(|s| s.my_newest) {
        Some(at) if now.saturating_sub(at) > FRESH_MS => section
            .attr("data-lb-fresh", "false")
            .child(El::new("p").text(&t_with("readyStale", &[&ago(now, at)]))),
        Some(at) => section
            .attr("data-lb-fresh", "true")
            .child(El::new("p").text(&t_with("readyFresh", &[&ago(now, at)]))),
        None => section
            .attr("data-lb-fresh", "unknown")
            .child(El::new("p").text(&t("readyUnknown"))),
    }
}

fn footer(s: Option<&Summary>, health: Option<&HealthNote>, sources: &Book, now: i64) -> El {
    let page = health.map_or("unknown", |n| n.health.as_str()).to_string();
    let health = health.map(|n| n.health);
    let state = health.map_or("unknown", HealthState::as_str);
    let text = match health {
        Some(HealthState::Ok) => t("healthOk"),
        Some(HealthState::Unrecognised) => t("healthUnrecognised"),
        Some(HealthState::Blocked) => t("healthBlocked"),
        Some(HealthState::Crashed) => t("healthCrashed"),
        None => t("healthNotYet"),
    };
    let learned = s
        .and_then(|s| s.learned_at)
        .map(|at| t_with("learnedAgo", &[&ago(now, at)]))
        .unwrap_or_else(|| t("learnedNever"));
    El::new("footer")
        .child(
            El::new("p")
                .lb("health")
                .attr("data-lb-health", state)
                .class(&format!("health-{state}"))
                .text(&text),
        )
        .child(sources_view(sources, &page, now))
        .child(El::new("p").lb("learned").class("help").text(&learned))
        .children(s.and_then(coverage_line))
        .child(El::new("p").class("help").text(&t("coverageShort")))
}

/// "Likes on your posts (last 7 days): you have seen 60% (412 of 687)": only from X's own
/// counts; unknown counts are said to be unknown, and with nothing to say, nothing is said.
fn coverage_line(s: &Summary) -> Option<El> {
    let c = s.coverage?;
    let window = window_words(s.window);
    let line = El::new("p").lb("coverage").class("help");
    match c.percent() {
        Some(percent) => Some(
            line.attr("data-lb-percent", &percent.to_string())
                .attr("data-lb-seen", &c.seen.to_string())
                .attr("data-lb-count", &c.count.to_string())
                .text(&t_with(
                    "coverageWindow",
                    &[
                        &window,
                        &percent.to_string(),
                        &c.seen.to_string(),
                        &c.count.to_string(),
                    ],
                )),
        ),
        None if c.unknown > 0 => Some(
            line.attr("data-lb-percent", "unknown")
                .text(&t_with("coverageWindowUnknown", &[&window])),
        ),
        None => None,
    }
}

fn window_words(w: Window) -> String {
    match w {
        Window::All => t("windowAllTime"),
        Window::Days(1) => t("windowLastDay"),
        Window::Days(d) => t_with("windowLastDays", &[&d.to_string()]),
    }
}

/// "5 min ago", "3 hours ago", "2 days ago" (and their Japanese).
pub fn ago(now: i64, at: i64) -> String {
    let minutes = (now.saturating_sub(at).max(0) / 60_000) as u64;
    match minutes {
        0 => t("agoNow"),
        m if m < 60 => t_with("agoMinutes", &[&m.to_string()]),
        m if m < 48 * 60 => t_with("agoHours", &[&(m / 60).to_string()]),
        m => t_with("agoDays", &[&(m / 1440).to_string()]),
    }
}
