//! The like-back round in the popup: "Start the round", "Continue the round (12 left)", and
//! the summary of the round that ended today. The round is kept by the background; the popup
//! reads the `round` it publishes, sends a start, and opens the first person in the X tab (or a
//! new one) as a click on a person does.

use super::*;
use crate::core::round::{self, Order, View};
use crate::core::words::Lang;
use crate::proto::messages::Message;

/// Where the round's part of the popup goes (filled again when the round ends from the popup).
fn slot(hook: &str) -> El {
    El::new("section").lb(hook).class("round-start")
}

/// The popup's language, for the words the round bar shares (`core::round`).
fn lang() -> Lang {
    Lang::from_tag(&chrome::ui_language())
}

fn today() -> i64 {
    let offset = -(js_sys::Date::new_0().get_timezone_offset() * 60_000.0) as i64;
    round::day_of(js_sys::Date::now() as i64, offset)
}

/// The round's part of the owed list (`round-slot`, when someone is owed) and of the team tab
/// (`round-slot-team`, when there is a team), from the `round` the background publishes.
pub(super) fn slots(view: &View, owed: bool, team: bool) -> (El, El) {
    let mine = slot("round-slot").children(contents(view, owed, None));
    let mut theirs = slot("round-slot-team");
    if team && view.active.is_none() {
        theirs = theirs.child(start_button(
            "round-start-team",
            &t("roundStartTeam"),
            Some(Order::Team),
        ));
    }
    (mine, theirs)
}

fn contents(view: &View, owed: bool, order: Option<Order>) -> Vec<El> {
    let mut out = Vec::new();
    if let Some(e) = view.ended_on(today()) {
        out.push(
            El::new("p")
                .lb("round-summary")
                .class("done")
                .text(&round::summary(lang(), e)),
        );
    }
    match &view.active {
        Some(a) => {
            out.push(start_button(
                "round-continue",
                &t_with("roundContinue", &[&a.left.to_string()]),
                None,
            ));
            out.push(live(
                El::new("button")
                    .lb("round-end-popup")
                    .class("link")
                    .text(&t("roundEnd")),
                "round-end-popup",
                |_| {
                    hold();
                    wasm_bindgen_futures::spawn_local(async {
                        let step = round::Step::End;
                        let reply = chrome::ask(&Message::RoundStep { step }).await;
                        if let Some(view) = reply.round {
                            if let Some(slot) = dom::by_selector(r#"[data-lb="round-slot"]"#) {
                                slot.set_text_content(None);
                                for el in contents(&view, false, None) {
                                    let _ = slot.append_child(&el.0);
                                }
                            }
                        }
                    })
                },
            ));
        }
        None if owed => {
            out.push(start_button("round-start", &t("roundStart"), order));
            out.push(El::new("p").class("help").text(&t("roundHint")));
        }
        None => {}
    }
    out
}

/// Starts (or continues) the round and opens its person in the X tab; the popup closes.
fn start_button(hook: &'static str, label: &str, order: Option<Order>) -> El {
    let button = El::new("button").lb(hook).class("primary").text(label);
    live(button, hook, move |_| {
        wasm_bindgen_futures::spawn_local(async move {
            let reply = chrome::ask(&Message::RoundStart { order }).await;
            let here = reply.round.and_then(|v| v.active).and_then(|a| a.here);
            if let Some(stop) = here {
                let _ = chrome::open_in_x_tab(&stop.url()).await;
                let _ = gloo::utils::window().close();
            }
        })
    })
}

/// A round button that asks the background: `on_click` in the full popup. The first view's
/// WASM (built without `popup`) carries no messaging (serde and the messages would double its
/// size): there, a click is kept for the full popup, which makes it again once it has taken
/// over (`first::keep_click`).
#[cfg(feature = "popup")]
fn live(button: El, _hook: &'static str, on_click: impl FnMut(&web_sys::Event) + 'static) -> El {
    button.on("click", on_click)
}

#[cfg(not(feature = "popup"))]
fn live(button: El, hook: &'static str, _on_click: impl FnMut(&web_sys::Event)) -> El {
    button.on("click", super::first::keep_click(hook))
}
