//! The setting for the "where I left off" divider on X's timelines (shown unless turned off);
//! a change is saved at once and reaches open X tabs through `storage.onChanged`.

use super::common::save;
use crate::browser::chrome::t;
use crate::browser::dom::El;
use crate::core::settings::Settings;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;

pub(super) fn setting(settings: &Rc<RefCell<Settings>>) -> El {
    let hidden = settings.borrow().hide_last_seen;
    let settings = settings.clone();
    let mut input = El::new("input")
        .lb("last-seen-setting")
        .attr("type", "checkbox")
        .on("change", move |event| {
            let on = event
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
                .is_some_and(|i| i.checked());
            settings.borrow_mut().hide_last_seen = !on;
            save(settings.borrow().clone());
        });
    if !hidden {
        input = input.attr("checked", "");
    }
    El::new("p").class("setting").child(
        El::new("label")
            .class("choice")
            .child(input)
            .child(El::new("span").text(&t("lastSeenSetting"))),
    )
}
