//! The round bar on X's page (`[data-lb="round-bar"]`): where the like-back round is, and its
//! buttons. Our own element at the end of `<body>`, outside X's app root, so X's handlers never
//! see its clicks; text through `textContent` only. The content script wires the buttons.

use crate::core::round::{self, Active, Ended};
use crate::core::words::Lang;
use web_sys::{Document, Element};

pub const ROUND_BAR: &str = r#"[data-lb="round-bar"]"#;
/// The attribute on the article the round points at.
pub const HERE_ATTR: &str = "data-lb-round";

/// The bar's buttons, by their `data-lb` hook.
pub const NEXT: &str = "round-next";
pub const SKIP: &str = "round-skip";
pub const END: &str = "round-end";
pub const CLOSE: &str = "round-close";

fn el(doc: &Document, tag: &str, hook: &str, text: &str) -> Option<Element> {
    let e = doc.create_element(tag).ok()?;
    let _ = e.set_attribute("data-lb", hook);
    e.set_text_content(Some(text));
    Some(e)
}

fn button(doc: &Document, hook: &str, text: &str) -> Option<Element> {
    let b = el(doc, "button", hook, text)?;
    let _ = b.set_attribute("type", "button");
    Some(b)
}

fn add(bar: &Element, child: Option<Element>) -> Option<()> {
    let child = child?;
    bar.append_child(&child).ok().map(|_| ())
}

/// The bar, made or found, emptied for new contents.
fn bar(doc: &Document, lang: Lang) -> Option<Element> {
    let bar = match doc.query_selector(ROUND_BAR).ok().flatten() {
        Some(b) => b,
        None => {
            let b = el(doc, "div", "round-bar", "")?;
            let _ = b.set_attribute("role", "region");
            doc.body()?.append_child(&b).ok()?;
            b
        }
    };
    bar.set_text_content(None);
    let _ = bar.set_attribute("lang", lang.tag());
    let _ = bar.set_attribute("aria-label", round::bar_label(lang));
    Some(bar)
}

/// The round under way: "3 / 48 · Aoi @aoi_dev · owed 2 · newest post 2 h ago", "✓ liked"
/// once the like is seen, and Next, Skip for today, End.
pub fn show_active(doc: &Document, lang: Lang, a: &Active, now: i64) -> Option<Element> {
    let bar = bar(doc, lang)?;
    let [next, skip, end, liked, _] = round::bar_words(lang);
    let is_liked = a.here.as_ref().is_some_and(|s| s.liked);
    let _ = bar.set_attribute("data-lb-state", if is_liked { "liked" } else { "waiting" });
    add(
        &bar,
        el(doc, "span", "round-line", &round::bar_line(lang, a, now)),
    )?;
    if is_liked {
        add(&bar, el(doc, "span", "round-liked", liked))?;
    }
    for (hook, words) in [(NEXT, next), (SKIP, skip), (END, end)] {
        add(&bar, button(doc, hook, words))?;
    }
    Some(bar)
}

/// The round's end: "Round done: 23 likes returned to 21 people in 9 min", and Close.
pub fn show_ended(doc: &Document, lang: Lang, e: &Ended) -> Option<Element> {
    let bar = bar(doc, lang)?;
    let _ = bar.set_attribute("data-lb-state", "done");
    add(
        &bar,
        el(doc, "span", "round-summary", &round::summary(lang, e)),
    )?;
    add(&bar, button(doc, CLOSE, round::bar_words(lang)[4]))?;
    Some(bar)
}

/// Takes the bar away, and the mark on the article it pointed at.
pub fn remove(doc: &Document) {
    if let Ok(Some(bar)) = doc.query_selector(ROUND_BAR) {
        bar.remove();
    }
    unmark(doc);
}

/// Marks the article the round points at (and no other).
pub fn mark_here(doc: &Document, article: &Element) {
    unmark(doc);
    let _ = article.set_attribute(HERE_ATTR, "here");
}

fn unmark(doc: &Document) {
    if let Ok(list) = doc.query_selector_all(r#"[data-lb-round="here"]"#) {
        for e in crate::x::observe::elements(&list) {
            let _ = e.remove_attribute(HERE_ATTR);
        }
    }
}
