//! The like-back round on the options page: its order (a setting) and, in Insights, the day's
//! total of like-backs returned in rounds (read from the `round` the background publishes).

use super::common::save;
use crate::browser::chrome::{self, t};
use crate::browser::dom::{self, El};
use crate::core::round::{self, Order, View};
use crate::core::settings::Settings;
use crate::core::words::Lang;
use std::cell::RefCell;
use std::rc::Rc;

/// "Order of the like-back round: most owed first / waited longest first / team only".
pub(super) fn order_section(settings: &Rc<RefCell<Settings>>) -> El {
    let current = settings.borrow().round_order;
    let select = Order::ALL.into_iter().fold(
        El::new("select")
            .lb("round-order")
            .attr("aria-label", &t("roundOrderLabel")),
        |select, o| {
            let words = match o {
                Order::MostOwed => t("roundOrderMostOwed"),
                Order::WaitedLongest => t("roundOrderWaitedLongest"),
                Order::Team => t("roundOrderTeam"),
            };
            let mut option = El::new("option").attr("value", o.as_str()).text(&words);
            if o == current {
                option = option.attr("selected", "");
            }
            select.child(option)
        },
    );
    let settings = settings.clone();
    let select = select.on("change", move |event| {
        if let Some(o) = Order::parse(&dom::value_of(event)) {
            settings.borrow_mut().round_order = o;
            save(settings.borrow().clone());
        }
    });
    El::new("section").lb("round-settings").child(
        El::new("label")
            .class("row")
            .child(El::new("span").text(&t("roundOrderLabel")))
            .child(select),
    )
}

/// The day's total in Insights, filled once `round` is read.
pub(super) fn today_section() -> El {
    let section = El::new("section")
        .lb("round-today")
        .child(El::new("h2").text(&t("roundTodayHeading")))
        .child(El::new("p").lb("round-today-line").class("help"));
    wasm_bindgen_futures::spawn_local(async {
        let view: View = chrome::get_json("round").await.unwrap_or_default();
        let offset = -(js_sys::Date::new_0().get_timezone_offset() * 60_000.0) as i64;
        let day = round::day_of(js_sys::Date::now() as i64, offset);
        let words = match view.today_on(day) {
            Some(today) => round::today_line(Lang::from_tag(&chrome::ui_language()), today),
            None => t("roundTodayNone"),
        };
        if let Some(line) = dom::by_selector(r#"[data-lb="round-today-line"]"#) {
            line.set_text_content(Some(&words));
        }
    });
    section
}
