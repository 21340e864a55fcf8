//! The options page: how reposts are shown on each kind of page.

use crate::core::settings::{PageKind, RepostMode, Settings};
use crate::ext::chrome::{self, t};
use crate::ext::dom::{self, El};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

pub async fn start() -> Result<(), JsValue> {
    dom::set_lang(&chrome::ui_language());
    let settings = chrome::get_one::<Settings>("settings")
        .await
        .ok()
        .flatten()
        .unwrap_or_default();
    let settings = Rc::new(RefCell::new(settings));
    let page = El::new("div")
        .child(El::new("h1").text(&t("optionsTitle")))
        .child(modes_section(&settings))
        .child(
            El::new("p")
                .lb("status")
                .attr("role", "status")
                .attr("aria-live", "polite"),
        );
    dom::mount("app", page);
    Ok(())
}

/// One row per kind of page, three choices each; a change is saved at once and reaches open
/// X tabs through `storage.onChanged`.
fn modes_section(settings: &Rc<RefCell<Settings>>) -> El {
    let rows = PageKind::CHOOSABLE.into_iter().map(|kind| {
        let current = settings.borrow().modes.get(kind);
        let choices = RepostMode::ALL.into_iter().map(|mode| {
            let settings = settings.clone();
            let mut input = El::new("input")
                .attr("type", "radio")
                .attr("name", &format!("mode-{}", kind.as_str()))
                .attr("value", mode.as_str())
                .attr("data-lb-mode", mode.as_str())
                .on("change", move |_| {
                    settings.borrow_mut().modes.set(kind, mode);
                    save(settings.borrow().clone());
                });
            if mode == current {
                input = input.attr("checked", "");
            }
            El::new("label")
                .class("choice")
                .child(input)
                .child(El::new("span").text(&t(&format!("mode_{}", mode.as_str()))))
        });
        El::new("fieldset")
            .lb("mode")
            .attr("data-lb-kind", kind.as_str())
            .child(El::new("legend").text(&t(&format!("kind_{}", kind.as_str()))))
            .children(choices)
    });
    El::new("section")
        .lb("modes")
        .child(El::new("h2").text(&t("modesHeading")))
        .child(El::new("p").class("help").text(&t("modesHelp")))
        .children(rows)
}

fn save(settings: Settings) {
    wasm_bindgen_futures::spawn_local(async move {
        let result = async {
            let items = js_sys::Object::new();
            js_sys::Reflect::set(&items, &"settings".into(), &chrome::to_js(&settings)?)?;
            chrome::set(&items).await
        }
        .await;
        let text = match result {
            Ok(()) => t("saved"),
            Err(e) => format!("{}: {e}", t("saveFailed")),
        };
        if let Some(status) = gloo::utils::document()
            .query_selector(r#"[data-lb="status"]"#)
            .ok()
            .flatten()
        {
            status.set_text_content(Some(&text));
        }
    });
}
