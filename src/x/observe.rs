//! Watching X's page: a `MutationObserver` that disconnects when dropped, and the collection
//! of changed cells into one batch per animation frame.

use super::dom::{js, Dom};
use super::selectors as sel;
use js_sys::Array;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, MutationObserver, MutationObserverInit, Node, NodeList};

#[wasm_bindgen]
extern "C" {
    /// A `MutationRecord` read through bindings of its own: web-sys's `target()` and
    /// `NodeList::item` return an `Option`, which wasm-bindgen's glue puts in its table from
    /// JS (a call into the WASM and a `Table.set`, for every record X causes and every node it
    /// adds). A record's target is never null, nor is an added node below the list's length,
    /// so these return the node as it is, and the WASM stores it itself.
    type Record;
    #[wasm_bindgen(method, getter)]
    fn target(this: &Record) -> Element;
    #[wasm_bindgen(method, getter, js_name = addedNodes)]
    fn added_nodes(this: &Record) -> Added;
    /// A record's `addedNodes`.
    type Added;
    #[wasm_bindgen(method, getter)]
    fn length(this: &Added) -> u32;
    #[wasm_bindgen(method)]
    fn item(this: &Added, index: u32) -> Node;
}

/// What a batch of records is about. Two observers, one per kind, so that no record's `type`
/// has to be read (a string crossing into WASM for every record X causes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Records {
    /// Added and removed nodes.
    Children,
    /// `data-testid` changes (X flips a like button from `like` to `unlike` on the same element).
    LikeButtons,
}

/// Live `MutationObserver`s; dropping them disconnects them and frees their callbacks.
#[must_use]
pub struct Observer {
    children: MutationObserver,
    attributes: MutationObserver,
    _callbacks: [Closure<dyn FnMut(Array, MutationObserver)>; 2],
}

impl Observer {
    /// Watches `root`'s subtree for added and removed nodes, and for `data-testid` changes.
    pub fn new(
        root: &Node,
        on_records: impl FnMut(Array, Records) + 'static,
    ) -> Result<Observer, JsValue> {
        let on_records = std::rc::Rc::new(std::cell::RefCell::new(on_records));
        let callback = |kind| {
            let on_records = on_records.clone();
            Closure::<dyn FnMut(Array, MutationObserver)>::new(
                move |records: Array, _: MutationObserver| (on_records.borrow_mut())(records, kind),
            )
        };
        let callbacks = [callback(Records::Children), callback(Records::LikeButtons)];
        let children = MutationObserver::new(callbacks[0].as_ref().unchecked_ref())?;
        let init = MutationObserverInit::new();
        init.set_child_list(true);
        init.set_subtree(true);
        children.observe_with_options(root, &init)?;
        let attributes = MutationObserver::new(callbacks[1].as_ref().unchecked_ref())?;
        let init = MutationObserverInit::new();
        init.set_subtree(true);
        init.set_attributes(true);
        init.set_attribute_filter(&Array::of1(&"data-testid".into()));
        attributes.observe_with_options(root, &init)?;
        Ok(Observer {
            children,
            attributes,
            _callbacks: callbacks,
        })
    }

    /// A handle for `forget_pending` (the observer itself stays with its owner).
    pub fn children_handle(&self) -> MutationObserver {
        self.children.clone()
    }
}

/// Drops the added/removed-node records waiting in `children`: called at the end of a batch,
/// whose only changes to the page since its start are our own writes (bars, badges) — nothing
/// else runs in between — so that they do not bring their cells back for another look.
pub fn forget_pending(children: &MutationObserver) {
    let _ = children.take_records();
}

impl Drop for Observer {
    fn drop(&mut self) {
        self.children.disconnect();
        self.attributes.disconnect();
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

    /// A cell just added to the page: nothing can have brought it in this frame before, and it
    /// is not noted in `seen` either (a call for every new cell). Should X add it twice or
    /// change it again within the frame, it comes twice, and the second look finds it
    /// unchanged; over the scroll bench's posts no new cell came twice.
    fn add_new_cell(&mut self, cell: Element) {
        self.cells.push(cell);
    }

    pub fn is_empty(&self) -> bool {
        self.cells.is_empty() && self.like_buttons.is_empty()
    }
}

/// Collects the cells touched by `records` (of `kind`) into `into`. `seen` holds the cells
/// already collected for the coming frame, so a cell X changes fifty times is examined once.
pub fn collect(records: &Array, kind: Records, seen: &js_sys::Set, into: &mut Touched) {
    for record in records.iter() {
        let record: Record = record.unchecked_into();
        // Under `documentElement`, only elements have children or attributes: no check needed.
        if kind == Records::LikeButtons {
            let target = record.target();
            // `matches` instead of reading the attribute: nothing crosses but a boolean.
            if target.is(js!(sel::LIKE_OR_UNLIKE)) {
                into.like_buttons.push(target);
            }
            continue;
        }
        // Nodes only removed: a cell scrolled out of X's list (about one record per post), or
        // something taken out of a cell, which shows nothing new (whatever X puts in its place
        // comes as added nodes). Asked first: two calls, sparing the target and `closest`.
        let added = record.added_nodes();
        let count = added.length();
        if count == 0 {
            continue;
        }
        let first = added.item(0);
        let first_is = super::dom::node_matches(&first, js!(sel::CELL));
        // A change inside a cell: X re-rendered or recycled it for another post. (Our own
        // writes of a batch are forgotten at its end, see `forget_pending`; one made outside a
        // batch — a bar opened — only brings its cell back for a cheap second look.) Not when
        // the first node added is a cell, the common case (one record per cell as the user
        // scrolls): cells never nest, so the target and `closest` need not be asked.
        if first_is != Some(true) {
            if let Some(cell) = record.target().up_to(js!(sel::CELL)) {
                into.add_cell(seen, cell);
                continue;
            }
        }
        // A change above the cells: new cells, or a whole new timeline after navigation.
        add_under(first, first_is, seen, into);
        for i in 1..count {
            let node = added.item(i);
            let is_cell = super::dom::node_matches(&node, js!(sel::CELL));
            add_under(node, is_cell, seen, into);
        }
    }
}

/// A node added above the cells (`is_cell`: whether it matched `CELL`, `None` for a text node):
/// a cell, or something that may hold some.
fn add_under(node: Node, is_cell: Option<bool>, seen: &js_sys::Set, into: &mut Touched) {
    match is_cell {
        Some(true) => into.add_new_cell(node.unchecked_into()),
        Some(false) => {
            let el: Element = node.unchecked_into();
            for cell in elements(&el.query_all(js!(sel::CELL))) {
                into.add_cell(seen, cell);
            }
        }
        None => {}
    }
}
