//! The like-back round in the popup: "Start the round", "Continue the round (12 left)", and
//! the summary of the round that ended today. The round is kept by the background; the popup
//! reads the `round` it publishes, sends a start, and opens the first person in the X tab (or a
//! new one) as a click on a person does.

use super::*;
use crate::core::round::{self, Order, View};
use crate::core::words::Lang;
use crate::proto::messages::Message;

/// Where the round's part of the popup goes; filled once `round` is read (it is not among
/// the keys the loader reads before the WASM starts, so the list paints without waiting).
pub(super) fn slot(hook: &str) -> El {
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

/// Reads `round` and fills the slots: the owed list's (when someone is owed) and the team
/// tab's (when there is a team).
pub(super) fn fill(owed: bool, team: bool) {
    wasm_bindgen_futures::spawn_local(async move {
        let view: View = chrome::get_json("round").await.unwrap_or_default();
        if let Some(slot) = dom::by_selector(r#"[data-lb="round-slot"]"#) {
            slot.set_text_content(None);
            for el in contents(&view, owed, None) {
                let _ = slot.append_child(&el.0);
            }
        }
        if let Some(slot) = dom::by_selector(r#"[data-lb="round-slot-team"]"#) {
            slot.set_text_content(None);
            if team && view.active.is_none() {
                let _ = slot.append_child(
                    &start_button("round-start-team", &t("roundStartTeam"), Some(Order::Team)).0,
                );
            }
        }
    });
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
            out.push(
                El::new("button")
                    .lb("round-end-popup")
                    .class("link")
                    .text(&t("roundEnd"))
                    .on("click", |_| {
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
                    }),
            );
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
fn start_button(hook: &str, label: &str, order: Option<Order>) -> El {
    El::new("button")
        .lb(hook)
        .class("primary")
        .text(label)
        .on("click", move |_| {
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
