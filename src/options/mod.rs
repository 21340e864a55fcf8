//! The options page, in three parts: Settings (how reposts are shown, who "me" is, the
//! counting window, the data: export, import, reset), Teams, and Insights. Settings are written
//! here; everything about the ledger and the teams goes through the background, the only
//! writer.

mod common;
mod coverage;
pub mod insights;
mod last_seen;
mod round;
pub mod settings;
pub mod team;

pub use settings::refusal;

use crate::browser::chrome::{self, t};
use crate::browser::dom::{self, El};
use crate::core::settings::Settings;
use crate::core::team::Team;
use crate::proto::messages::{Message, Status};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

pub async fn start() -> Result<(), JsValue> {
    dom::set_lang(&chrome::ui_language());
    render().await;
    Ok(())
}

/// The page's parts, each behind a tab (and an address: `options.html#insights`).
const PARTS: [&str; 3] = ["settings", "team", "insights"];

/// Builds the whole page from what is stored (again after an import or a reset).
pub(crate) async fn render() {
    let stored = chrome::get(Some(&["settings", "team", "meta"]))
        .await
        .unwrap_or_else(|_| js_sys::Object::new());
    let newer = chrome::newer_schema(&stored);
    common::READ_ONLY.with(|r| r.set(newer.is_some()));
    let settings = chrome::field::<Settings>(&stored, "settings").unwrap_or_default();
    let teams = chrome::field::<Vec<Team>>(&stored, "team").unwrap_or_default();
    let status = status().await;
    let settings = Rc::new(RefCell::new(settings));
    let nav = El::new("nav")
        .class("tabs")
        .attr("role", "tablist")
        .children(PARTS.iter().map(|part| {
            El::new("button")
                .lb(&format!("nav-{part}"))
                .attr("role", "tab")
                .text(&t(&format!("part_{part}")))
                .on("click", {
                    let settings = settings.clone();
                    move |_| show_part(part, &settings)
                })
        }));
    let mut page = El::new("div").child(
        El::new("header")
            .class("top")
            .child(El::new("h1").text(&t("optionsTitle")))
            .child(
                El::new("a")
                    .lb("open-welcome")
                    .attr("href", "welcome.html")
                    .text(&t("howItWorks")),
            ),
    );
    if let Some(schema) = newer {
        page = page.child(dom::read_only_note(schema));
    }
    let page = page
        .child(nav)
        .child(
            El::new("div")
                .lb("part-settings")
                .attr("role", "tabpanel")
                .child(settings::modes_section(&settings))
                .child(last_seen::setting(&settings))
                .child(settings::ledger_section(&settings, status.as_ref()))
                .child(round::order_section(&settings))
                .child(settings::data_section(status.as_ref())),
        )
        .child(
            El::new("div")
                .lb("part-team")
                .attr("role", "tabpanel")
                .child(team::section(teams)),
        )
        .child(
            El::new("div")
                .lb("part-insights")
                .attr("role", "tabpanel")
                .child(round::today_section())
                .child(insights::section(&settings)),
        )
        .child(
            El::new("p")
                .lb("status")
                .attr("role", "status")
                .attr("aria-live", "polite"),
        );
    dom::mount("app", page);
    let hash = gloo::utils::window().location().hash().unwrap_or_default();
    let part = PARTS
        .iter()
        .find(|p| hash == format!("#{p}"))
        .copied()
        .unwrap_or("settings");
    show_part(part, &settings);
}

/// Shows one part of the page; Insights are computed when first shown.
fn show_part(part: &str, settings: &Rc<RefCell<Settings>>) {
    dom::select_tab("part", "nav", part, &PARTS);
    let _ = gloo::utils::window()
        .history()
        .and_then(|h| h.replace_state_with_url(&JsValue::NULL, "", Some(&format!("#{part}"))));
    if part == "insights" {
        insights::load(settings.borrow().regulars);
    }
}

async fn status() -> Option<Status> {
    chrome::ask(&Message::Status).await.status
}
