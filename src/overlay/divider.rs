//! The "where I left off" divider (`[data-lb="last-seen"]`): a thin line of ours at the top
//! of the cell of the first post already seen on the previous visit to a timeline. It goes
//! inside X's cell, as the repost bar does: X's virtual list positions cells itself, so an
//! element between cells would break its layout, while one inside a cell is measured with it.

use super::text_element;
use crate::core::model::PostId;
use crate::x::observe;
use web_sys::{Document, Element};

pub const DIVIDER: &str = "last-seen";
const ANY: &str = r#"[data-lb="last-seen"]"#;

/// Puts the divider at the top of `cell` (the cell showing `post`), saying `text`; any
/// divider elsewhere goes. Nothing changes when it is already there with the same words.
pub fn place(doc: &Document, cell: &Element, post: PostId, text: &str) {
    let id = post.to_string();
    if let Ok(Some(there)) = cell.query_selector(&format!(":scope > {ANY}")) {
        if there.get_attribute("data-lb-post").as_deref() == Some(id.as_str())
            && there.text_content().as_deref() == Some(text)
        {
            return;
        }
    }
    remove(doc);
    let divider = text_element(doc, "div", DIVIDER, text);
    let _ = divider.set_attribute("data-lb-post", &id);
    let _ = divider.set_attribute("role", "separator");
    let _ = divider.set_attribute("aria-label", text);
    let _ = cell.prepend_with_node_1(&divider);
}

/// Removes the divider when its cell no longer shows its post (X recycles cells while
/// scrolling: the cell may now hold another post).
pub fn remove_if_moved(doc: &Document) {
    let Some(divider) = doc.query_selector(ANY).ok().flatten() else {
        return;
    };
    let shown = divider.parent_element().and_then(|cell| {
        cell.query_selector("article[data-lb-post]")
            .ok()
            .flatten()
            .and_then(|a| a.get_attribute("data-lb-post"))
    });
    if shown.is_none() || shown != divider.get_attribute("data-lb-post") {
        divider.remove();
    }
}

pub fn remove(doc: &Document) {
    if let Ok(all) = doc.query_selector_all(ANY) {
        for e in observe::elements(&all) {
            e.remove();
        }
    }
}
