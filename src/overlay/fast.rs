//! The attribute writes made for every post, bound as `x::dom` binds the reads: no
//! `try`/`catch` wrapper (the names are our literals, valid, so these never throw) and names
//! and fixed values passed as JS strings made once. What changes from post to post goes over
//! without being encoded as text where it can: a post id as a number (a `BigInt`, which the
//! browser writes out itself), a handle as a JS string kept per handle (`handle`).

use crate::core::model::{Handle, PostId};
use js_sys::JsString;
use std::cell::RefCell;
use std::collections::HashMap;
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
    /// A JS string seen through these bindings.
    type Str;
    /// `String.prototype.concat`, for `"<handle>/<id>"` made in one call.
    #[wasm_bindgen(method, js_name = concat)]
    fn concat_id(this: &Str, separator: &JsString, id: u64) -> JsString;
    #[wasm_bindgen(method, js_name = concat)]
    fn concat(this: &Str, tail: &JsString) -> JsString;
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

/// `"<handle>/<id>"` (a repost bar's `data-lb-for`).
pub fn handle_slash_id(who: &Handle, id: PostId) -> JsString {
    handle(who)
        .unchecked_ref::<Str>()
        .concat_id(crate::x::dom::js("/"), id.0)
}

/// `"@<handle>"` (a repost bar's titles), kept beside the handle.
pub fn at_handle(who: &Handle) -> JsString {
    cached(who, |entry| {
        entry
            .1
            .get_or_insert_with(|| {
                crate::x::dom::js("@")
                    .unchecked_ref::<Str>()
                    .concat(&entry.0)
            })
            .clone()
    })
}

/// Handles kept at most (then the cache starts again): the people of a timeline repeat.
const HANDLES_KEPT: usize = 2_048;

thread_local! {
    // By exact spelling (a `Handle` compares without case; the attribute keeps the spelling).
    static HANDLES: RefCell<HashMap<String, (JsString, Option<JsString>), Fnv>> =
        RefCell::new(HashMap::default());
}

/// FNV-1a: handles are short and come from X's links, not from anyone choosing collisions; the
/// standard hasher's SipHash cost more than the rest of the lookup.
type Fnv = std::hash::BuildHasherDefault<FnvHasher>;

struct FnvHasher(u64);

impl Default for FnvHasher {
    fn default() -> Self {
        FnvHasher(0xcbf2_9ce4_8422_2325)
    }
}

impl std::hash::Hasher for FnvHasher {
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

/// `who` as a JS string, made once per handle: the same few hundred people fill a timeline,
/// and each would otherwise be encoded again for every post of theirs.
pub fn handle(who: &Handle) -> JsString {
    cached(who, |entry| entry.0.clone())
}

fn cached<T>(who: &Handle, read: impl FnOnce(&mut (JsString, Option<JsString>)) -> T) -> T {
    HANDLES.with(|h| {
        let mut h = h.borrow_mut();
        if !h.contains_key(who.as_str()) {
            if h.len() >= HANDLES_KEPT {
                h.clear();
            }
            h.insert(
                who.as_str().to_string(),
                (JsString::from(who.as_str()), None),
            );
        }
        read(h.get_mut(who.as_str()).expect("inserted above"))
    })
}
