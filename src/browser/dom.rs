//! A small element builder for the extension's own pages (popup, options). Text goes in as
//! `textContent`; nothing is ever parsed as HTML.

use gloo::events::EventListener;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

pub struct El(pub Element);

impl El {
    pub fn new(tag: &str) -> El {
        El(gloo::utils::document()
            .create_element(tag)
            .expect("createElement with a literal tag"))
    }

    /// An SVG element (charts).
    pub fn svg(tag: &str) -> El {
        El(gloo::utils::document()
            .create_element_ns(Some("http://www.w3.org/2000/svg"), tag)
            .expect("createElementNS with a literal tag"))
    }

    /// The `data-lb` hook tests and stylesheets use.
    pub fn lb(self, hook: &str) -> El {
        self.attr("data-lb", hook)
    }

    pub fn attr(self, name: &str, value: &str) -> El {
        let _ = self.0.set_attribute(name, value);
        self
    }

    /// Adds one class or several (space-separated).
    pub fn class(self, class: &str) -> El {
        for c in class.split_whitespace() {
            let _ = self.0.class_list().add_1(c);
        }
        self
    }

    pub fn text(self, text: &str) -> El {
        self.0.set_text_content(Some(text));
        self
    }

    pub fn child(self, child: impl Into<Element>) -> El {
        let _ = self.0.append_child(&child.into());
        self
    }

    pub fn children(self, children: impl IntoIterator<Item = El>) -> El {
        for c in children {
            let _ = self.0.append_child(&c.0);
        }
        self
    }

    /// Listens for as long as the page lives (extension pages are short-lived).
    pub fn on(self, event: &'static str, f: impl FnMut(&web_sys::Event) + 'static) -> El {
        EventListener::new(&self.0, event, f).forget();
        self
    }

    pub fn html(&self) -> HtmlElement {
        self.0.clone().unchecked_into()
    }
}

impl From<El> for Element {
    fn from(e: El) -> Element {
        e.0
    }
}

/// The value of the input or select an event came from ("" when none).
pub fn value_of(event: &web_sys::Event) -> String {
    let target = event.target();
    if let Some(i) = target
        .as_ref()
        .and_then(|t| t.dyn_ref::<web_sys::HtmlInputElement>())
    {
        return i.value();
    }
    target
        .as_ref()
        .and_then(|t| t.dyn_ref::<web_sys::HtmlSelectElement>())
        .map(|s| s.value())
        .unwrap_or_default()
}

/// Shows the panel `[data-lb="<panels>-<part>"]` of `parts` and hides the others, marking the
/// matching tab `[data-lb="<tabs>-<part>"]` selected.
pub fn select_tab(panels: &str, tabs: &str, part: &str, parts: &[&str]) {
    for p in parts {
        if let Some(panel) = by_selector(&format!(r#"[data-lb="{panels}-{p}"]"#)) {
            if *p == part {
                let _ = panel.remove_attribute("hidden");
            } else {
                let _ = panel.set_attribute("hidden", "");
            }
        }
        if let Some(tab) = by_selector(&format!(r#"[data-lb="{tabs}-{p}"]"#)) {
            let _ = tab.set_attribute("aria-selected", if *p == part { "true" } else { "false" });
        }
    }
}

/// Replaces the children of the element with id `id` (the page's mount point).
pub fn mount(id: &str, content: El) {
    let doc = gloo::utils::document();
    if let Some(root) = doc.get_element_by_id(id) {
        root.set_text_content(None);
        let _ = root.append_child(&content.0);
    }
}

/// Runs `f` once the next frame has been painted (a task queued from that frame's animation
/// callback runs after its paint): what a page draws first shows sooner.
pub fn after_next_paint(f: impl FnOnce() + 'static) {
    let frame = wasm_bindgen::closure::Closure::once_into_js(move || {
        gloo::timers::callback::Timeout::new(0, f).forget();
    });
    let _ = gloo::utils::window().request_animation_frame(frame.unchecked_ref());
}

/// Runs `f` once the page's first content is on the screen (its `first-contentful-paint`
/// entry, already there or still to come). Later than `after_next_paint`, whose callback runs
/// once the frame leaves the main thread, before it is rastered and shown: work started then
/// (the full popup's WASM) competes with that frame for the CPU and shows it later.
pub fn after_first_paint(f: impl FnOnce() + 'static) {
    use wasm_bindgen::closure::Closure;
    use web_sys::{PerformanceObserver, PerformanceObserverEntryList, PerformanceObserverInit};
    let mut f = Some(f);
    let seen = Closure::<dyn FnMut(PerformanceObserverEntryList, PerformanceObserver)>::new(
        move |list: PerformanceObserverEntryList, observer: PerformanceObserver| {
            if list.get_entries_by_name("first-contentful-paint").length() > 0 {
                observer.disconnect();
                if let Some(f) = f.take() {
                    f();
                }
            }
        },
    );
    // `{type, buffered}`: an entry from before `observe` is delivered too. (web-sys's
    // init has only `entryTypes`, with which `buffered` does nothing.)
    let init = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&init, &"type".into(), &"paint".into());
    let _ = js_sys::Reflect::set(&init, &"buffered".into(), &true.into());
    if let Ok(observer) = PerformanceObserver::new(seen.as_ref().unchecked_ref()) {
        observer.observe(init.unchecked_ref::<PerformanceObserverInit>());
    }
    // Once a page: the observer keeps the callback for as long as the page is open.
    seen.forget();
}

pub fn by_selector(selector: &str) -> Option<Element> {
    gloo::utils::document()
        .query_selector(selector)
        .ok()
        .flatten()
}

/// Sets `<html lang>` to the UI language so that CJK text gets Japanese glyphs.
pub fn set_lang(tag: &str) {
    if let Some(root) = gloo::utils::document().document_element() {
        let _ = root.set_attribute("lang", tag);
    }
}

/// Says that the data was stored by a newer Likeback and is left alone (popup and options).
pub fn read_only_note(schema: u64) -> El {
    El::new("p")
        .lb("read-only")
        .class("read-only")
        .attr("role", "alert")
        .text(&super::chrome::t_with(
            "readOnlyNewer",
            &[&schema.to_string()],
        ))
}
