//! The attribute writes made for every post, bound as `x::dom` binds the reads: no
//! `try`/`catch` wrapper (the names are our literals, valid, so these never throw) and names
//! and fixed values passed as JS strings made once. A post id goes over as a number (a
//! `BigInt`, which the browser writes out itself), not as text made for it.

use crate::core::model::PostId;
use js_sys::JsString;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::Element;

#[wasm_bindgen]
extern "C" {
    type Fast;
    #[wasm_bindgen(method, js_name = setAttribute)]
    fn set(this: &Fast, name: &JsString, value: &str);
    #[wasm_bindgen(method, js_name = setAttribute)]
    fn set_js(this: &Fast, name: &JsString, value: &JsString);
    #[wasm_bindgen(method, js_name = setAttribute)]
    fn set_u64(this: &Fast, name: &JsString, value: u64);
    #[wasm_bindgen(method, js_name = removeAttribute)]
    fn remove(this: &Fast, name: &JsString);
}

/// `element.setAttribute(name, value)`.
pub fn set(element: &Element, name: &JsString, value: &str) {
    element.unchecked_ref::<Fast>().set(name, value);
}

/// `element.setAttribute(name, value)` with a value made once (`x::dom::js`).
pub fn set_js(element: &Element, name: &JsString, value: &JsString) {
    element.unchecked_ref::<Fast>().set_js(name, value);
}

/// `element.setAttribute(name, id)`: the browser writes the digits.
pub fn set_id(element: &Element, name: &JsString, id: PostId) {
    element.unchecked_ref::<Fast>().set_u64(name, id.0);
}

/// `element.removeAttribute(name)`.
pub fn remove(element: &Element, name: &JsString) {
    element.unchecked_ref::<Fast>().remove(name);
}
