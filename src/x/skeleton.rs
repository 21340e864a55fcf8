//! The skeleton of an article Likeback did not recognise, for the problem report. Only three
//! things are read per element: its tag name, its `data-testid` and its `role`. The words,
//! handles and link segments the article shows are gathered only to be struck out of the test
//! ids (X puts handles and user ids there); `core::health::skeleton` does the sanitising.
//! (No X selector here: the walk takes every element, whatever X calls it.)

use crate::core::health::{self, Node};
use web_sys::Element;

/// Elements walked at most (an article has a few dozen; a huge one is cut, not walked).
const MAX_NODES: usize = 400;

pub fn of_article(article: &Element) -> String {
    let mut nodes = Vec::new();
    walk(article, 0, &mut nodes);
    let mut secrets = Vec::new();
    let mut words = |text: &str| {
        for w in text.split(|c: char| !(c.is_alphanumeric() || c == '_')) {
            if !w.is_empty() && secrets.len() < 2000 {
                secrets.push(w.to_string());
            }
        }
    };
    words(&article.text_content().unwrap_or_default());
    // Labels are left out on purpose: they hold X's own words ("Like"), which would strike
    // X's test ids of the same name; names and handles are in the text and the links.
    if let Ok(all) = article.query_selector_all("[href], [id]") {
        for e in crate::x::observe::elements(&all) {
            for name in ["href", "id"] {
                if let Some(v) = e.get_attribute(name) {
                    words(&v);
                }
            }
        }
    }
    health::skeleton(&nodes, &secrets)
}

fn walk(element: &Element, depth: usize, nodes: &mut Vec<Node>) {
    if nodes.len() >= MAX_NODES {
        return;
    }
    nodes.push(Node {
        depth,
        tag: element.local_name(),
        testid: element.get_attribute("data-testid"),
        role: element.get_attribute("role"),
    });
    let mut child = element.first_element_child();
    while let Some(c) = child {
        walk(&c, depth + 1, nodes);
        child = c.next_element_sibling();
    }
}
