//! The toolbar popup.

use crate::ext::background::HealthNote;
use crate::ext::chrome::{self, t};
use crate::ext::dom::{self, El};
use crate::ext::messages::HealthState;
use wasm_bindgen::prelude::*;

pub async fn start() -> Result<(), JsValue> {
    dom::set_lang(&chrome::ui_language());
    let health = chrome::get_one::<HealthNote>("health").await.ok().flatten();
    let page = El::new("div")
        .child(El::new("h1").text(&t("extName")))
        .child(health_line(health.as_ref()))
        .child(
            El::new("button")
                .lb("open-options")
                .text(&t("openOptions"))
                .on("click", |_| {
                    wasm_bindgen_futures::spawn_local(async {
                        let _ = chrome::open_options_page().await;
                    })
                }),
        );
    dom::mount("app", page);
    Ok(())
}

fn health_line(note: Option<&HealthNote>) -> El {
    let (state, text) = match note.map(|n| n.health) {
        Some(HealthState::Ok) => ("ok", t("healthOk")),
        Some(HealthState::Unrecognised) => ("unrecognised", t("healthUnrecognised")),
        Some(HealthState::Blocked) => ("blocked", t("healthBlocked")),
        None => ("unknown", t("healthUnknown")),
    };
    El::new("p")
        .lb("health")
        .attr("data-lb-health", state)
        .class(&format!("health-{state}"))
        .text(&text)
}
