//! The DOM reads made for every post, bound without what web-sys's bindings add to each call:
//! no `try`/`catch` wrapper (these never throw: every selector is one of ours, checked by the
//! browser tests, and attribute names are literals), and selectors and attribute names passed
//! as JS strings made once (`js`), so that nothing is encoded on the way out. Anything not on
//! the hot path keeps web-sys's safer bindings.

use js_sys::JsString;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, Node, NodeList};

#[wasm_bindgen]
extern "C" {
    /// An element seen through these bindings (`Dom` casts to it; no check, no crossing).
    type Fast;
    #[wasm_bindgen(method, js_name = querySelector)]
    fn query(this: &Fast, selector: &JsString) -> Option<Element>;
    #[wasm_bindgen(method, js_name = querySelectorAll)]
    fn query_all(this: &Fast, selector: &JsString) -> NodeList;
    #[wasm_bindgen(method, js_name = closest)]
    fn up_to(this: &Fast, selector: &JsString) -> Option<Element>;
    #[wasm_bindgen(method, js_name = matches)]
    fn is(this: &Fast, selector: &JsString) -> bool;
    /// `matches` on a node that may not be an element: a text node has none, and throws.
    #[wasm_bindgen(method, catch, js_name = matches)]
    fn node_is(this: &Fast, selector: &JsString) -> Result<bool, JsValue>;
    #[wasm_bindgen(method, js_name = getAttribute)]
    fn attr(this: &Fast, name: &JsString) -> Option<String>;
    #[wasm_bindgen(method, js_name = hasAttribute)]
    fn has(this: &Fast, name: &JsString) -> bool;
}

/// The hot reads, on any element.
pub trait Dom {
    /// `querySelector`.
    fn query(&self, selector: &JsString) -> Option<Element>;
    /// `querySelectorAll`.
    fn query_all(&self, selector: &JsString) -> NodeList;
    /// `closest`.
    fn up_to(&self, selector: &JsString) -> Option<Element>;
    /// `matches`.
    fn is(&self, selector: &JsString) -> bool;
    /// `getAttribute`.
    fn attr(&self, name: &JsString) -> Option<String>;
    /// `hasAttribute`.
    fn has(&self, name: &JsString) -> bool;
}

impl Dom for Element {
    fn query(&self, selector: &JsString) -> Option<Element> {
        self.unchecked_ref::<Fast>().query(selector)
    }
    fn query_all(&self, selector: &JsString) -> NodeList {
        self.unchecked_ref::<Fast>().query_all(selector)
    }
    fn up_to(&self, selector: &JsString) -> Option<Element> {
        self.unchecked_ref::<Fast>().up_to(selector)
    }
    fn is(&self, selector: &JsString) -> bool {
        self.unchecked_ref::<Fast>().is(selector)
    }
    fn attr(&self, name: &JsString) -> Option<String> {
        self.unchecked_ref::<Fast>().attr(name)
    }
    fn has(&self, name: &JsString) -> bool {
        self.unchecked_ref::<Fast>().has(name)
    }
}

/// `matches` on any node: `None` when it is not an element. Asked straight away, as X adds
/// elements: a text node's throw is rarer, and no dearer, than asking every node its type.
pub fn node_matches(node: &Node, selector: &JsString) -> Option<bool> {
    node.unchecked_ref::<Fast>().node_is(selector).ok()
}

thread_local! {
    // Keyed by the literal's address and length: the few values chosen at run time (a post's
    // kind, "true" and "false"), looked up by a short scan, never hashed.
    static MADE: RefCell<Vec<(usize, usize, &'static JsString)>> = const { RefCell::new(Vec::new()) };
}

/// `js!(CONSTANT)`: the constant as a JS string, made on first use at this call site and kept
/// for the life of the script. Each site holds its own, so the hot path finds it without a
/// search (`js()` is for values that differ from call to call).
macro_rules! js_made_here {
    ($s:expr) => {{
        // `const`: a plain static underneath (one load and a null check), not a lazy one.
        thread_local! {
            static MADE: std::cell::Cell<Option<&'static js_sys::JsString>> =
                const { std::cell::Cell::new(None) };
        }
        MADE.with(|made| {
            made.get().unwrap_or_else(|| {
                let j: &'static js_sys::JsString = Box::leak(Box::new(js_sys::JsString::from($s)));
                made.set(Some(j));
                j
            })
        })
    }};
}
pub(crate) use js_made_here as js;

/// `s`, one of a few literals chosen at run time, as a JS string, made on first use and kept
/// for the life of the script (a constant takes `js!`).
pub fn js(s: &'static str) -> &'static JsString {
    let key = (s.as_ptr() as usize, s.len());
    MADE.with(|m| {
        if let Some(&(_, _, j)) = m.borrow().iter().find(|(p, l, _)| (*p, *l) == key) {
            return j;
        }
        let j: &'static JsString = Box::leak(Box::new(JsString::from(s)));
        m.borrow_mut().push((key.0, key.1, j));
        j
    })
}
