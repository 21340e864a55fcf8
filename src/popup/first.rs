//! The popup's first view, built into a WASM of its own (the `popup-first` feature): the
//! header, the total and the rows of the first frame, drawn from the stored summary's head
//! (`summary_head`) before the full popup has loaded. The full popup (`popup` WASM: serde, the
//! footer, the round, the team tab, the other rows) loads once these rows are on the screen
//! and draws the whole page in their place, with the same frame and the same rows, so that
//! nothing moves.
//!
//! What keeps this WASM small: the summary's JSON is parsed by the browser (`JSON.parse`) and
//! the few fields drawn are read by hand, so no serde code is in it; nothing but these rows is
//! computed.

use super::*;
use crate::core::marks::Newest;
use crate::core::round::{Active, Ended, View};
use js_sys::{Object, Reflect};

/// The longest the full popup waits for the first rows to be painted.
const PAINT_WAIT_MS: u32 = 200;

/// `stored`: the loader's `storage.local.get(["summary_head", "meta", "round"])`. Resolves
/// once the first rows are on the screen (at once when there are none to draw: the empty
/// state, a newer schema, no head and anything unreadable are left to the full popup).
pub async fn start(stored: js_sys::Promise) -> Result<(), JsValue> {
    mark("likeback-popup-start");
    dom::set_lang(&chrome::ui_language());
    // The header needs nothing stored: made while the storage read is in flight, it takes
    // with it the cost of a page's first elements and messages (the glue's first calls),
    // ~1.5 ms that the first row paid after the read.
    let header = header();
    let stored: Object = wasm_bindgen_futures::JsFuture::from(stored)
        .await?
        .unchecked_into();
    let now = js_sys::Date::now() as i64;
    let Some(view) = first_view(&stored, now, header) else {
        return Ok(());
    };
    dom::mount("app", view);
    mark("likeback-popup-first");
    // Once the rows are on the screen, not merely drawn: the full popup's WASM, compiled
    // sooner, would delay that frame by ~6 ms. A page that is not shown (opened in a
    // background tab) is never painted: the timer then lets the full popup load all the same.
    let painted = js_sys::Promise::new(&mut |resolve, _| {
        let again = resolve.clone();
        dom::after_first_paint(move || {
            let _ = resolve.call0(&JsValue::UNDEFINED);
        });
        gloo::timers::callback::Timeout::new(PAINT_WAIT_MS, move || {
            let _ = again.call0(&JsValue::UNDEFINED);
        })
        .forget();
    });
    wasm_bindgen_futures::JsFuture::from(painted).await?;
    Ok(())
}

/// Where a click on a first view's round button is kept: `data-lb-clicked` on `<html>`, the
/// button's `data-lb` hook.
const CLICKED: &str = "data-lb-clicked";

/// A click on a button the first view cannot act on (its WASM does not message the
/// background): kept for the full popup (`replay_click`).
#[cfg_attr(feature = "popup", allow(dead_code))]
pub(super) fn keep_click(hook: &'static str) -> impl FnMut(&web_sys::Event) {
    move |_| {
        if let Some(root) = gloo::utils::document().document_element() {
            let _ = root.set_attribute(CLICKED, hook);
        }
    }
}

/// In the full popup, once drawn: makes again the click the first view kept, on the same
/// button of the new page (if it is still there).
pub(super) fn replay_click() {
    let Some(root) = gloo::utils::document().document_element() else {
        return;
    };
    let Some(hook) = root.get_attribute(CLICKED) else {
        return;
    };
    let _ = root.remove_attribute(CLICKED);
    if let Some(button) = dom::by_selector(&format!(r#"[data-lb="{hook}"]"#)) {
        button.unchecked_into::<web_sys::HtmlElement>().click();
    }
}

/// For the benchmark and the tests: when each step was in the page.
fn mark(name: &str) {
    if let Some(perf) = gloo::utils::window().performance() {
        let _ = perf.mark(name);
    }
}

/// The frame, the total and the first rows, as the full popup draws them; `None` when the
/// full popup would draw something else (no likes received yet, a newer schema) or when the
/// summary cannot be read as this view expects.
fn first_view(stored: &Object, now: i64, header: El) -> Option<El> {
    if chrome::newer_schema(stored).is_some() {
        return None;
    }
    let (summary, team) = first_summary(&get(stored, "summary_head"))?;
    // Before any like is received, the popup shows its first-run steps (see `render`).
    if summary.received == 0 {
        return None;
    }
    let owed = first_owed_view(&summary, now);
    // With a team, the same tabs; the team's panel is hidden until the full popup fills it.
    let team = team.then(|| El::new("section"));
    // The round's buttons, above the list as in the full popup: drawn now, they do not push
    // the list down when it takes over.
    let round = first_round(&get(stored, "round"));
    let slots = round::slots(&round, summary.people_owed > 0, team.is_some());
    Some(frame(header, None, owed, team, slots))
}

/// The summary's head the background stores as JSON (`Summary::head`), with only what the
/// first view draws: the totals, the window and the first `FIRST_PAINT_ROWS` people owed; and
/// whether there is a team round (the full popup then shows tabs). No head (stored by a
/// version before it, until the background publishes again): the full popup draws.
fn first_summary(json: &JsValue) -> Option<(Summary, bool)> {
    // Parsed where it is: the text is not copied into WASM.
    let s = json_parse(json.is_string().then_some(json)?).ok()?;
    let window = get(&s, "window");
    let window = match (window.as_f64(), window.as_string()) {
        (Some(days), _) if days >= 1.0 => Window::Days(days as u32),
        (_, Some(text)) => Window::parse(&text)?,
        _ => Window::default(),
    };
    let owed: js_sys::Array = get(&s, "owed").dyn_into().ok()?;
    let owed = (0..owed.length().min(FIRST_PAINT_ROWS as u32))
        .map(|i| first_owed(&owed.get(i)))
        .collect::<Option<Vec<Owed>>>()?;
    let round = get(&s, "round")
        .dyn_into::<js_sys::Array>()
        .is_ok_and(|r| r.length() > 0);
    let summary = Summary {
        total_owed: count(&s, "total_owed")?,
        people_owed: count(&s, "people_owed")?,
        window,
        received: count(&s, "received")? as usize,
        owed,
        ..Summary::default()
    };
    Some((summary, round))
}

/// The published round (`core::round::View`, JSON), with what the popup's round buttons show:
/// whether a round is under way and how many are left, and the last round's summary. Anything
/// unreadable reads as no round, as in the full popup.
fn first_round(json: &JsValue) -> View {
    let Some(r) = json.is_string().then(|| json_parse(json).ok()).flatten() else {
        return View::default();
    };
    let active = Some(get(&r, "active"))
        .filter(|a| a.is_object())
        .map(|a| Active {
            left: count(&a, "left").unwrap_or(0) as usize,
            ..Active::default()
        });
    // Missing numbers are 0, as `#[serde(default)]` reads them.
    let last = Some(get(&r, "last"))
        .filter(|e| e.is_object())
        .map(|e| Ended {
            likes: count(&e, "likes").unwrap_or(0),
            people: count(&e, "people").unwrap_or(0),
            minutes: count(&e, "minutes").unwrap_or(0),
            at: get(&e, "at").as_f64().unwrap_or(0.0) as i64,
            day: get(&e, "day").as_f64().unwrap_or(0.0) as i64,
        });
    View {
        active,
        last,
        ..View::default()
    }
}

/// One person owed, as `Owed` is stored (`newest.id` as a string, as `PostId` writes it).
fn first_owed(o: &JsValue) -> Option<Owed> {
    let newest = get(o, "newest");
    let newest = if newest.is_null() || newest.is_undefined() {
        None
    } else {
        Some(Newest {
            id: crate::core::model::PostId::parse(&get(&newest, "id").as_string()?)?,
            text: String::new(),
        })
    };
    Some(Owed {
        who: Handle::parse(&get(o, "who").as_string()?)?,
        name: get(o, "name").as_string().unwrap_or_default(),
        owed: count(o, "owed")?,
        received: count(o, "received")?,
        given: count(o, "given")?,
        last_received: get(o, "last_received").as_f64().map(|t| t as i64),
        newest,
    })
}

#[wasm_bindgen]
extern "C" {
    /// `JSON.parse` of a JS string as it is (`js_sys::JSON::parse` takes a `&str`).
    #[wasm_bindgen(catch, js_namespace = JSON, js_name = parse)]
    fn json_parse(text: &JsValue) -> Result<JsValue, JsValue>;
}

fn get(o: &JsValue, key: &str) -> JsValue {
    Reflect::get(o, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// A whole number that is not negative (the counts and totals).
fn count(o: &JsValue, key: &str) -> Option<u32> {
    get(o, key)
        .as_f64()
        .filter(|n| *n >= 0.0 && n.fract() == 0.0)
        .map(|n| n as u32)
}
