//! The toolbar popup: the like-backs still to return, person by person, most owed first.
//! It reads the summary the background keeps ready in storage (no message, so the background
//! need not wake up for the popup to paint).

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
/// Stands for the total in the words around it (text from `_locales` never holds it).
const COUNT: &str = "\u{1}";

/// `stored`: `storage.local.get(["summary", "health", "meta", "source_health"])`, started by
/// the loader.
pub async fn start(stored: js_sys::Promise) -> Result<(), JsValue> {
    if let Some(perf) = gloo::utils::window().performance() {
        let _ = perf.mark("likeback-popup-start");
    }
    dom::set_lang(&chrome::ui_language());
    let stored = wasm_bindgen_futures::JsFuture::from(stored).await?.into();
    // A JSON string: one copy into WASM instead of thousands of property reads.
    let summary = chrome::field::<String>(&stored, "summary")
        .and_then(|t| serde_json::from_str::<Summary>(&t).ok());
    let health = chrome::field::<HealthNote>(&stored, "health");
    // "me" is in `meta` from the first visit to X on, even before anything else is learned.
    let me_known = chrome::field::<Meta>(&stored, "meta").is_some_and(|m| m.me.is_some());
    let sources = chrome::field::<String>(&stored, "source_health")
        .and_then(|t| serde_json::from_str::<Book>(&t).ok())
        .unwrap_or_default();
    let now = js_sys::Date::now() as i64;
    let step = first_run::first_step(summary.as_ref().map_or(0, |s| s.received), me_known);
    let owed = match (&summary, step) {
        (Some(s), None) => owed_view(s, now),
        (_, step) => empty_view(step.unwrap_or(FirstStep::OpenX)),
    };
    let mut page = El::new("div").child(header());
    if let Some(schema) = chrome::newer_schema(&stored) {
        page = page.child(dom::read_only_note(schema));
    }
    // With a team, two tabs: the like-backs and the team's round.
    match summary.as_ref().filter(|s| !s.round.is_empty()) {
        Some(s) => {
            page = page
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
                        .child(owed),
                )
                .child(
                    El::new("div")
                        .lb("panel-round")
                        .attr("role", "tabpanel")
                        .attr("hidden", "")
                        .child(round_view(&s.round, now)),
                );
        }
        None => page = page.child(owed),
    }
    // Before anything is learned, the empty state says what to do; "ready to receive" would
    // only add a second instruction.
    if step.is_none() || summary.as_ref().is_some_and(|s| s.my_newest.is_some()) {
        page = page.child(ready_to_receive(summary.as_ref(), now));
    }
    let page = page.child(footer(summary.as_ref(), health.as_ref(), &sources, now));
    dom::mount("app", page);
    // For the benchmark: when the list was in the page (one mark per popup opening).
    if let Some(perf) = gloo::utils::window().performance() {
        let _ = perf.mark("likeback-popup-ready");
    }
    Ok(())
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

/// The total, then one row per person owed.
fn owed_view(s: &Summary, now: i64) -> El {
    let window = window_words(s.window);
    // The big number sits where the language puts the count ("7 like-backs…",
    // 「いいね返し残り7件…」): the message is asked with a marker in its place and cut there.
    let words = match (s.total_owed, s.people_owed) {
        (0, _) => t_with("caughtUpAll", &[&window, COUNT]),
        (_, 1) => t_with("owedTotalOne", &[&window, COUNT]),
        (_, n) => t_with("owedTotal", &[&n.to_string(), &window, COUNT]),
    };
    let (lead, rest) = words.split_once(COUNT).unwrap_or(("", &words));
    let total = El::new("section")
        .class("total")
        .child(El::new("span").class("total-lead").text(lead))
        .child(
            El::new("span")
                .lb("owed-total")
                .class("big")
                .text(&s.total_owed.to_string()),
        )
        .child(El::new("span").class("total-words").text(rest));
    let list = El::new("ol").lb("owed-list").class("people");
    let rows: Vec<El> = s
        .owed
        .iter()
        .take(FIRST_ROWS)
        .map(|o| row(o, now))
        .collect();
    let list = list.children(rows);
    let mut view = El::new("div").child(total).child(list);
    if s.owed.len() > FIRST_ROWS {
        let rest: Vec<Owed> = s.owed[FIRST_ROWS..].to_vec();
        view = view.child(
            El::new("button")
                .lb("show-all")
                .class("link")
                .text(&t_with("showAll", &[&s.owed.len().to_string()]))
                .on("click", move |event| {
                    if let Some(list) = dom::by_selector(r#"[data-lb="owed-list"]"#) {
                        for o in &rest {
                            let _ = list.append_child(&row(o, now).0);
                        }
                    }
                    if let Some(b) = event
                        .target()
                        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                    {
                        b.remove();
                    }
                }),
        );
    }
    if (s.people_owed as usize) > s.owed.len() {
        view = view.child(El::new("p").class("help").text(&t_with(
            "moreOwed",
            &[&(s.people_owed as usize - s.owed.len()).to_string()],
        )));
    }
    view
}

/// One person: initials, name, @handle, what I owe, the counts, when they last liked me.
/// Clicking opens their newest post I have not liked (or their profile).
fn row(o: &Owed, now: i64) -> El {
    let liked_you = o.last_received.map(|at| ago(now, at)).unwrap_or_default();
    let counts = t_with("counts", &[&o.received.to_string(), &o.given.to_string()]);
    let hint = if o.newest.is_some() {
        t("openNewest")
    } else {
        t("openProfile")
    };
    let link = person(
        "owed",
        &o.who,
        &o.name,
        o.newest.as_ref().map(|n| n.id),
        &hint,
        &joined(&[counts, liked_you]),
    );
    El::new("li").child(
        link.attr("data-lb-owed", &o.owed.to_string()).child(
            El::new("span")
                .class("owed")
                .attr("aria-label", &t_with("owedAria", &[&o.owed.to_string()]))
                .text(&o.owed.to_string()),
        ),
    )
}

/// A person's link, as the owed list and the round show it: initials, name, @handle and a
/// line of detail. It opens `post` of theirs, or their profile.
fn person(
    hook: &str,
    who: &Handle,
    name: &str,
    post: Option<PostId>,
    title: &str,
    detail: &str,
) -> El {
    let name = shown_name(name, who);
    let url = match post {
        Some(id) => format!("https://x.com/{who}/status/{id}"),
        None => format!("https://x.com/{who}"),
    };
    El::new("a")
        .lb(hook)
        .attr("data-lb-handle", who.as_str())
        .attr("href", &url)
        .attr("title", title)
        .class("person")
        .on("click", open_on_click(url))
        .child(initials(name, who.as_str()))
        .child(
            El::new("span")
                .class("who")
                .child(El::new("span").class("name").text(name))
                .child(El::new("span").class("handle").text(&format!("@{who}")))
                .child(El::new("span").class("detail").text(detail)),
        )
}

/// The parts that say something, joined by the language's separator (" · ", 「・」).
fn joined(parts: &[String]) -> String {
    parts
        .iter()
        .filter(|s| !s.is_empty())
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(&t("separator"))
}

/// Opens `url` in the current X tab (or a new one) and closes the popup.
fn open_on_click(url: String) -> impl FnMut(&web_sys::Event) {
    move |event| {
        event.prevent_default();
        let url = url.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let _ = chrome::open_in_x_tab(&url).await;
            let _ = gloo::utils::window().close();
        });
    }
}

/// A circle with the first letter of the name: no avatar is ever fetched from the network.
fn initials(name: &str, handle: &str) -> El {
    let letter: String = name
        .chars()
        .find(|c| c.is_alphanumeric())
        .map(|c| c.to_uppercase().collect())
        .unwrap_or_else(|| "?".into());
    let hue = handle
        .bytes()
        .fold(7u32, |h, b| h.wrapping_mul(31).wrapping_add(u32::from(b)))
        % 360;
    let el = El::new("span")
        .class("initials")
        .attr("aria-hidden", "true")
        .text(&letter);
    let _ = el
        .html()
        .style()
        .set_property("background-color", &format!("hsl({hue} 45% 45%)"));
    el
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

/// The team's round: each colleague's newest post, the one who has waited longest first; no
/// counts and no ranking (seed 004: support without pressure).
fn round_view(round: &[RoundEntry], now: i64) -> El {
    let mut view = El::new("section").lb("round").class("round");
    if round.iter().all(|e| e.newest.is_none()) {
        view = view.child(
            El::new("p")
                .lb("round-empty")
                .class("empty-note")
                .text(&t("roundNoneSeen")),
        );
    }
    if team::round_done(round) {
        view = view.child(
            El::new("p")
                .lb("round-done")
                .class("done")
                .text(&t("roundDone")),
        );
    }
    let rows = round.iter().map(|e| {
        let (state, detail) = match (&e.newest, e.liked) {
            (Some(n), liked) => {
                let when = e.time.map(|at| ago(now, at)).unwrap_or_default();
                let words = crate::core::model::first_words(&n.text, 60);
                let lead = if liked {
                    t("roundLiked")
                } else {
                    String::new()
                };
                (
                    if liked { "liked" } else { "waiting" },
                    joined(&[lead, when, words]),
                )
            }
            (None, _) => ("unknown", t("roundNoPost")),
        };
        let post = e.newest.as_ref().map(|n| n.id);
        let link = person(
            "round-entry",
            &e.who,
            &e.name,
            post,
            &t("roundOpen"),
            &detail,
        );
        El::new("li").child(link.attr("data-lb-state", state))
    });
    view.child(El::new("ol").class("people").children(rows))
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
        .child(El::new("p").class("help").text(&t("coverageShort")))
}

fn source_name(source: Source) -> String {
    t(match source {
        Source::Timeline => "sourceTimeline",
        Source::Notifications => "sourceNotifications",
        Source::Likes => "sourceLikes",
        Source::Lists => "sourceLists",
    })
}

/// "Timeline ✓ 2 min ago · Notifications ✓ 1 hour ago · Likes lists —", a warning per source
/// that stopped answering, and the problem report.
fn sources_view(book: &Book, page: &str, now: i64) -> El {
    let mut line = El::new("p")
        .lb("sources")
        .class("sources")
        .attr("aria-label", &t("sourcesLabel"));
    let mut warnings = Vec::new();
    let mut first = true;
    for source in Source::ALL {
        let state = book.get(source);
        // Lists feed teams only: shown once a list's members page was visited.
        if source == Source::Lists && state.visits == 0 && state.last_yield.is_none() {
            continue;
        }
        let shown = state.shown(now);
        let mark = match shown {
            Shown::Ok(at) => format!("✓ {}", ago(now, at)),
            Shown::Never => "—".to_string(),
            Shown::Warning => "⚠".to_string(),
        };
        if !first {
            line = line.child(El::new("span").attr("aria-hidden", "true").text(" · "));
        }
        first = false;
        line = line.child(
            El::new("span")
                .lb("source")
                .attr("data-lb-source", source.as_str())
                .attr("data-lb-state", shown.as_str())
                .attr("data-lb-empty-visits", &state.empty_visits.to_string())
                .class(&format!("source-{}", shown.as_str()))
                .text(&format!("{} {mark}", source_name(source))),
        );
        for w in state.warnings(now) {
            let text = match w {
                Warning::Silent { visits } => {
                    t_with("sourceSilent", &[&source_name(source), &visits.to_string()])
                }
                Warning::Unrecognised { count } => t_with(
                    "sourceUnrecognised",
                    &[&source_name(source), &count.to_string()],
                ),
            };
            warnings.push(
                El::new("p")
                    .lb("source-warning")
                    .attr("data-lb-source", source.as_str())
                    .class("source-warning")
                    .text(&format!("⚠ {text}")),
            );
        }
    }
    let about = health::About {
        extension: chrome::extension_version(),
        user_agent: gloo::utils::window()
            .navigator()
            .user_agent()
            .unwrap_or_default(),
        ui_language: chrome::ui_language(),
        page: page.to_string(),
    };
    let report = health::report(book, &about, now);
    El::new("section")
        .lb("health-sources")
        .class("health-sources")
        .child(line)
        .children(warnings)
        .child(
            El::new("button")
                .lb("copy-report")
                .class("link")
                .attr("type", "button")
                .text(&t("copyReport"))
                .on("click", move |_| copy_report(report.clone())),
        )
        .child(
            El::new("p")
                .lb("report-status")
                .class("help")
                .attr("role", "status"),
        )
        .child(
            El::new("details")
                .lb("report-box")
                .attr("hidden", "")
                .child(El::new("summary").text(&t("reportShow")))
                .child(El::new("pre").lb("report").class("report")),
        )
}

/// Puts the report on the clipboard and shows it (so that it can be copied by hand, and so
/// that the user sees what it holds). Nothing is sent anywhere.
fn copy_report(report: String) {
    if let Some(pre) = dom::by_selector(r#"[data-lb="report"]"#) {
        pre.set_text_content(Some(&report));
    }
    if let Some(b) = dom::by_selector(r#"[data-lb="report-box"]"#) {
        let _ = b.remove_attribute("hidden");
    }
    let clipboard = gloo::utils::window().navigator().clipboard();
    wasm_bindgen_futures::spawn_local(async move {
        let copied = wasm_bindgen_futures::JsFuture::from(clipboard.write_text(&report))
            .await
            .is_ok();
        if let Some(status) = dom::by_selector(r#"[data-lb="report-status"]"#) {
            let _ = status.set_attribute("data-lb-copied", if copied { "true" } else { "false" });
            status.set_text_content(Some(&t(if copied {
                "reportCopied"
            } else {
                "reportCopyFailed"
            })));
        }
    });
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
