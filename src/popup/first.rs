//! The popup's first view, built into a WASM of its own (the `popup-first` feature): the
//! header, the total and the rows of the first frame, drawn from the stored summary before the
//! full popup has loaded. The full popup (`popup` WASM: serde, the footer, the round, the team
//! tab, the other rows) loads once these rows are painted and draws the whole page in their
//! place, with the same frame and the same rows, so that nothing moves.
//!
//! What keeps this WASM small: the summary's JSON is parsed by the browser (`JSON.parse`) and
//! the few fields drawn are read by hand, so no serde code is in it; nothing but these rows is
//! computed.

use super::*;
use crate::core::marks::Newest;
use js_sys::{Object, Reflect};

/// `stored`: the loader's `storage.local.get(...)`, the same promise the full popup is given
/// next. Resolves once the first rows are painted (at once when there are none to draw: the
/// empty state, a newer schema and anything unreadable are left to the full popup).
pub async fn start(stored: js_sys::Promise) -> Result<(), JsValue> {
    mark("likeback-popup-start");
    dom::set_lang(&chrome::ui_language());
    let stored: Object = wasm_bindgen_futures::JsFuture::from(stored)
        .await?
        .unchecked_into();
    let now = js_sys::Date::now() as i64;
    let Some(view) = first_view(&stored, now) else {
        return Ok(());
    };
    dom::mount("app", view);
    mark("likeback-popup-first");
    let painted = js_sys::Promise::new(&mut |resolve, _| {
        dom::after_next_paint(move || {
            let _ = resolve.call0(&JsValue::UNDEFINED);
        })
    });
    wasm_bindgen_futures::JsFuture::from(painted).await?;
    Ok(())
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
fn first_view(stored: &Object, now: i64) -> Option<El> {
    if chrome::newer_schema(stored).is_some() {
        return None;
    }
    let (summary, team) = first_summary(&get(stored, "summary"))?;
    // Before any like is received, the popup shows its first-run steps (see `render`).
    if summary.received == 0 {
        return None;
    }
    let owed = first_owed_view(&summary, now);
    // With a team, the same tabs; the team's panel is hidden until the full popup fills it.
    let team = team.then(|| El::new("section"));
    Some(frame(None, owed, team))
}

/// The summary the background stores as JSON (`core::summary`), with only what the first
/// view draws: the totals, the window and the first `FIRST_PAINT_ROWS` people owed; and
/// whether there is a team round (the full popup then shows tabs).
fn first_summary(json: &JsValue) -> Option<(Summary, bool)> {
    // Parsed where it is: the text is not copied into WASM (~70 KB at 500 people listed).
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
