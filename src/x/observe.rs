//! Watching X's page: a `MutationObserver` that disconnects when dropped, and the collection
//! of changed cells into one batch per animation frame.

use super::selectors as sel;
use js_sys::Array;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, MutationObserver, MutationObserverInit, MutationRecord, Node, NodeList};

/// A live `MutationObserver`; dropping it disconnects it and frees its callback.
#[must_use]
pub struct Observer {
    observer: MutationObserver,
    _callback: Closure<dyn FnMut(Array, MutationObserver)>,
}

impl Observer {
    /// Watches `root`'s subtree for added and removed nodes, and for `data-testid` changes
    /// (X flips a like button from `like` to `unlike` on the same element).
    pub fn new(root: &Node, on_records: impl FnMut(Array) + 'static) -> Result<Observer, JsValue> {
        let mut on_records = on_records;
        let callback = Closure::<dyn FnMut(Array, MutationObserver)>::new(
            move |records: Array, _: MutationObserver| on_records(records),
        );
        let observer = MutationObserver::new(callback.as_ref().unchecked_ref())?;
        let init = MutationObserverInit::new();
        init.set_child_list(true);
        init.set_subtree(true);
        init.set_attributes(true);
        init.set_attribute_filter(&Array::of1(&"data-testid".into()));
        observer.observe_with_options(root, &init)?;
        Ok(Observer {
            observer,
            _callback: callback,
        })
    }
}

impl Drop for Observer {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}

/// The elements of a `NodeList` (text and other nodes skipped).
pub fn elements(list: &NodeList) -> impl Iterator<Item = Element> + '_ {
    (0..list.length()).filter_map(|i| list.item(i)?.dyn_into::<Element>().ok())
}

/// What a batch of mutation records touched.
#[derive(Default)]
pub struct Touched {
    /// Cells to (re)examine, without repeats.
    pub cells: Vec<Element>,
    /// Like buttons whose `data-testid` changed (liked or unliked in place).
    pub like_buttons: Vec<Element>,
}

impl Touched {
    fn add_cell(&mut self, seen: &js_sys::Set, cell: Element) {
        if !seen.has(&cell) {
            seen.add(&cell);
            self.cells.push(cell);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.cells.is_empty() && self.like_buttons.is_empty()
    }
}

/// Collects the cells touched by `records` into `into`. `seen` holds the cells already
/// collected for the coming frame, so a cell X changes fifty times is examined once.
pub fn collect(records: &Array, seen: &js_sys::Set, into: &mut Touched) {
    for record in records.iter() {
        let record: MutationRecord = record.unchecked_into();
        let Some(target) = record.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
            continue;
        };
        if record.type_() == "attributes" {
            let testid = target.get_attribute("data-testid");
            if matches!(testid.as_deref(), Some("like" | "unlike")) {
                into.like_buttons.push(target.clone());
            }
            continue;
        }
        if only_ours(&record) {
            continue;
        }
        // A change inside a cell: X re-rendered or recycled it for another post.
        if let Ok(Some(cell)) = target.closest(sel::CELL) {
            into.add_cell(seen, cell);
            continue;
        }
        // A change above the cells: new cells, or a whole new timeline after navigation.
        for el in elements(&record.added_nodes()) {
            if el.matches(sel::CELL).unwrap_or(false) {
                into.add_cell(seen, el);
            } else if let Ok(cells) = el.query_selector_all(sel::CELL) {
                for cell in elements(&cells) {
                    into.add_cell(seen, cell);
                }
            }
        }
    }
}

/// Our own insertions (a repost bar) also produce records: skip those.
fn only_ours(record: &MutationRecord) -> bool {
    // Every node ours (a text node is not).
    let ours = |list: NodeList| {
        (0..list.length()).all(|i| {
            list.item(i)
                .and_then(|n| n.dyn_into::<Element>().ok())
                .is_some_and(|e| e.has_attribute("data-lb"))
        })
    };
    let (added, removed) = (record.added_nodes(), record.removed_nodes());
    added.length() + removed.length() > 0 && ours(added) && ours(removed)
}
