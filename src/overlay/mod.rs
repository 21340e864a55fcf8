//! The only code that writes to X's page. It writes the DOM contract of DESIGN.md: attributes on
//! X's articles and cells, and our own elements (each with a `data-lb` attribute). Page text
//! goes in through `textContent` only. X's own nodes are never moved or removed: a collapsed or
//! hidden repost is hidden by `content.css` rules keyed on our attributes.

pub mod round;

use crate::core::marks::Mark;
use crate::core::model::{first_words, shown_name, Post, PostKind};
use crate::core::words::{self, Lang, Piece};
use crate::x::dom::{js, Dom};
use wasm_bindgen::JsCast;
use web_sys::{Document, Element};

pub mod divider;
mod fast;

/// How a cell is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CellView {
    /// As X shows it; no bar.
    Plain,
    /// The one-line bar only.
    Collapsed,
    /// The bar (to collapse again) and the post.
    Expanded,
    /// Nothing.
    Hidden,
}

pub const BAR: &str = "repost-bar";
/// Attribute names and values written or read for every post (interned once).
pub const NAMES: &[&str] = &[
    "data-lb-kind",
    "data-lb-post",
    "data-lb-author",
    "data-lb-liked",
    "data-lb-collapsed",
    "data-lb-hidden",
    "data-lb-for",
    "data-lb",
    "data-testid",
    "href",
    "a[href]",
    "datetime",
    "aria-selected",
    "aria-expanded",
    "true",
    "false",
    "data-lb-mark",
    BAR_SELECTOR,
    BADGE_SELECTOR,
    DECORATED,
];
/// A cell's own bar; any bar (an event's target may sit inside one).
pub const BAR_SELECTOR: &str = r#":scope > [data-lb="repost-bar"]"#;
pub const ANY_BAR: &str = r#"[data-lb="repost-bar"]"#;
/// How many characters of the post the bar shows.
const BAR_WORDS: usize = 80;

/// Tags a processed article with what it was recognised as.
pub fn mark_article(article: &Element, kind: PostKind, post: Option<&Post>) {
    fast::set_js(article, js!("data-lb-kind"), js(kind.as_str()));
    match post {
        Some(p) => {
            fast::set_id(article, js!("data-lb-post"), p.id);
            fast::set(article, js!("data-lb-author"), p.author.as_str());
            match p.liked {
                Some(liked) => {
                    fast::set_js(article, js!("data-lb-liked"), js(bool_str(liked)));
                }
                None => fast::remove(article, js!("data-lb-liked")),
            }
        }
        None => {
            for attr in ["data-lb-post", "data-lb-author", "data-lb-liked"] {
                fast::remove(article, js(attr));
            }
        }
    }
}

fn bool_str(b: bool) -> &'static str {
    if b {
        "true"
    } else {
        "false"
    }
}

const BADGE_SELECTOR: &str = r#":scope > [data-lb="badge"]"#;
const BAR_BADGE_SELECTOR: &str = r#"[data-lb="bar-badge"]"#;

/// Marks (or unmarks) a friend's post: `data-lb-mark` on the article, a badge inside it, and
/// the same badge on the repost bar when the post is shown collapsed.
pub fn set_mark(
    doc: &Document,
    article: &Element,
    cell: Option<&Element>,
    mark: Option<Mark>,
    lang: Lang,
) {
    let bar_badge = || {
        cell.and_then(|c| c.query_selector(BAR_SELECTOR).ok().flatten())
            .map(|bar| (bar.query_selector(BAR_BADGE_SELECTOR).ok().flatten(), bar))
    };
    let Some(mark) = mark else {
        if article.has(js!("data-lb-mark")) {
            let _ = article.remove_attribute("data-lb-mark");
            if let Ok(Some(badge)) = article.query_selector(BADGE_SELECTOR) {
                badge.remove();
            }
            if let Some((Some(badge), _)) = bar_badge() {
                badge.remove();
            }
        }
        return;
    };
    let (text, title) = match mark {
        Mark::NewestUnliked { owed } => (
            words::like_back(lang, owed),
            words::like_back_title(lang, owed),
        ),
        Mark::CaughtUp => (words::caught_up(lang).to_string(), String::new()),
    };
    if article.get_attribute("data-lb-mark").as_deref() != Some(mark.as_str()) {
        let _ = article.set_attribute("data-lb-mark", mark.as_str());
    }
    let badge = match article.query_selector(BADGE_SELECTOR).ok().flatten() {
        Some(b) => b,
        None => {
            let b = element(doc, "span", "badge");
            let _ = article.insert_before(&b, article.first_child().as_ref());
            b
        }
    };
    fill_badge(&badge, mark, &text, &title);
    if let Some((existing, bar)) = bar_badge() {
        let b = existing.unwrap_or_else(|| {
            let b = element(doc, "span", "bar-badge");
            let _ = bar.append_child(&b);
            b
        });
        fill_badge(&b, mark, &text, &title);
    }
}

fn fill_badge(badge: &Element, mark: Mark, text: &str, title: &str) {
    if badge.text_content().as_deref() != Some(text) {
        badge.set_text_content(Some(text));
    }
    let _ = badge.set_attribute("data-lb-state", mark.as_str());
    if title.is_empty() {
        let _ = badge.remove_attribute("title");
    } else {
        let _ = badge.set_attribute("title", title);
    }
}

/// Records the like state the page now shows.
pub fn set_liked(article: &Element, liked: bool) {
    let _ = article.set_attribute("data-lb-liked", if liked { "true" } else { "false" });
}

/// Shows a cell as `view`, creating or updating its repost bar from `post` when it needs one.
pub fn set_view(doc: &Document, cell: &Element, view: CellView, post: Option<&Post>, lang: Lang) {
    // Only a cell with one of our view attributes can hold a bar: most cells are read once.
    let decorated = decorated(cell);
    if view == CellView::Plain && !decorated {
        return;
    }
    let bar = if decorated {
        cell.query(js!(BAR_SELECTOR))
    } else {
        None
    };
    match (view, post) {
        (CellView::Collapsed | CellView::Expanded, Some(post)) => {
            let collapsed = view == CellView::Collapsed;
            let expanded = if collapsed { "false" } else { "true" };
            let current = bar
                .as_ref()
                .filter(|b| b.attr(js!("data-lb-for")).as_deref() == Some(bar_key(post).as_str()));
            // Writes to the live page are the costly part: a new bar gets its state while it is
            // still detached, an existing one only when its state changes.
            match current {
                Some(bar) if bar.attr(js!("aria-expanded")).as_deref() != Some(expanded) => {
                    set_bar_state(bar, collapsed, lang);
                }
                Some(_) => {}
                None => {
                    let new = repost_bar(doc, post, lang);
                    if !collapsed {
                        set_bar_state(&new, collapsed, lang);
                    }
                    // `insertBefore` rather than `prepend`: in Chromium the variadic `prepend`
                    // took nearly twice as long for the same bar.
                    let _ = match bar {
                        Some(old) => cell.replace_child(&new, &old),
                        None => cell.insert_before(&new, cell.first_child().as_ref()),
                    };
                }
            }
            if !decorated {
                fast::set_js(cell, js!("data-lb-collapsed"), js(bool_str(collapsed)));
                return;
            }
            if cell.attr(js!("data-lb-collapsed")).as_deref() != Some(bool_str(collapsed)) {
                fast::set_js(cell, js!("data-lb-collapsed"), js(bool_str(collapsed)));
            }
            if cell.has(js!("data-lb-hidden")) {
                fast::remove(cell, js!("data-lb-hidden"));
            }
        }
        (CellView::Hidden, _) => {
            if let Some(bar) = bar {
                bar.remove();
            }
            let _ = cell.remove_attribute("data-lb-collapsed");
            let _ = cell.set_attribute("data-lb-hidden", "true");
        }
        _ => {
            if let Some(bar) = bar {
                bar.remove();
            }
            let _ = cell.remove_attribute("data-lb-collapsed");
            let _ = cell.remove_attribute("data-lb-hidden");
        }
    }
}

fn set_bar_state(bar: &Element, collapsed: bool, lang: Lang) {
    let _ = bar.set_attribute("aria-expanded", if collapsed { "false" } else { "true" });
    let label = if collapsed {
        words::show_repost(lang)
    } else {
        words::hide_repost(lang)
    };
    let _ = bar.set_attribute("title", label);
}

/// Which repost a bar stands for: the same post reposted by two people gets two bars.
fn bar_key(post: &Post) -> String {
    let by = post.reposted_by.as_ref().map_or("", |(h, _)| h.as_str());
    format!("{by}/{}", post.id)
}

thread_local! {
    // One bar per language, built once with its three hooks. For each repost the hooks get the
    // post's names and words and the bar is cloned: the clone carries them, so nothing has to
    // be found in it (three queries and three elements handed to the WASM for every repost).
    static BAR_TEMPLATES: std::cell::RefCell<Vec<(Lang, BarTemplate)>> = const { std::cell::RefCell::new(Vec::new()) };
}

struct BarTemplate {
    bar: Element,
    reposter: Element,
    author: Element,
    text: Element,
}

/// "🔁 Alice reposted Bob · first words…": our template, filled and cloned, with page text set
/// as text.
fn repost_bar(doc: &Document, post: &Post, lang: Lang) -> Element {
    let (reposter_handle, reposter_name) = match &post.reposted_by {
        Some((h, name)) => (h.as_str(), shown_name(name, h)),
        None => ("", ""),
    };
    let author_name = shown_name(&post.author_name, &post.author);
    let words = first_words(&post.text, BAR_WORDS);
    let bar: Element = BAR_TEMPLATES.with(|t| {
        let mut t = t.borrow_mut();
        let at = match t.iter().position(|(l, _)| *l == lang) {
            Some(at) => at,
            None => {
                t.push((lang, bar_template(doc, lang)));
                t.len() - 1
            }
        };
        let template = &t[at].1;
        template.reposter.set_text_content(Some(reposter_name));
        fast::set(
            &template.reposter,
            js!("title"),
            &format!("@{reposter_handle}"),
        );
        template.author.set_text_content(Some(author_name));
        fast::set(&template.author, js!("title"), &format!("@{}", post.author));
        template.text.set_text_content(Some(&if words.is_empty() {
            String::new()
        } else {
            format!(" · {words}")
        }));
        template
            .bar
            .clone_node_with_deep(true)
            .expect("cloneNode of our own element")
            .unchecked_into()
    });
    fast::set(&bar, js!("data-lb-for"), &bar_key(post));
    if words.is_empty() {
        if let Some(e) = bar.query(js!(r#"[data-lb="repost-text"]"#)) {
            e.remove();
        }
    }
    bar
}

/// The bar without its names and words.
fn bar_template(doc: &Document, lang: Lang) -> BarTemplate {
    let bar = element(doc, "div", BAR);
    let _ = bar.set_attribute("role", "button");
    let _ = bar.set_attribute("tabindex", "0");
    // Only when the words are not in the page's language (X in French: our English): one
    // attribute fewer to clone for every repost otherwise.
    let page = doc
        .document_element()
        .and_then(|r| r.get_attribute("lang"))
        .unwrap_or_default();
    if Lang::from_tag(&page) != lang || !page.starts_with(lang.tag()) {
        let _ = bar.set_attribute("lang", lang.tag());
    }
    set_bar_state(&bar, true, lang);
    // The repost icon is drawn by content.css (a mask on ::before): no elements to clone.
    let line = element(doc, "span", "repost-line");
    let reposter = element(doc, "span", "reposter");
    let author = element(doc, "span", "repost-author");
    for piece in words::reposted(lang) {
        // The words between the names are plain text: one element fewer to clone per bar.
        let _ = match piece {
            Piece::Words(w) => line.append_child(&doc.create_text_node(w)),
            Piece::Reposter => line.append_child(&reposter),
            Piece::Author => line.append_child(&author),
        };
    }
    let _ = bar.append_child(&line);
    let text = element(doc, "span", "repost-text");
    let _ = bar.append_child(&text);
    BarTemplate {
        bar,
        reposter,
        author,
        text,
    }
}

/// Every element the extension adds is made here, tagged with `data-lb`.
pub fn element(doc: &Document, tag: &str, lb: &str) -> Element {
    let e = doc
        .create_element(tag)
        .expect("createElement with a literal tag");
    let _ = e.set_attribute("data-lb", lb);
    e
}

pub fn text_element(doc: &Document, tag: &str, lb: &str, text: &str) -> Element {
    let e = element(doc, tag, lb);
    e.set_text_content(Some(text));
    e
}

/// Whether the cell carries a view of ours (most cells never do: checking its attributes is
/// cheaper than looking for a bar).
fn decorated(cell: &Element) -> bool {
    cell.is(js!(DECORATED))
}

const DECORATED: &str = "[data-lb-collapsed], [data-lb-hidden]";

/// Removes everything the extension wrote on a cell and its article.
pub fn clear_cell(cell: &Element) {
    if !decorated(cell) {
        return;
    }
    if let Ok(Some(bar)) = cell.query_selector(BAR_SELECTOR) {
        bar.remove();
    }
    for attr in ["data-lb-collapsed", "data-lb-hidden"] {
        let _ = cell.remove_attribute(attr);
    }
}

/// Our attributes on X's own nodes (on our elements they go with the element).
const ON_X_NODES: &[&str] = &[
    "data-lb-kind",
    "data-lb-post",
    "data-lb-author",
    "data-lb-liked",
    "data-lb-mark",
    "data-lb-collapsed",
    "data-lb-hidden",
];

/// Takes back everything the extension wrote on the page, for a content script that stops
/// (the extension was reloaded or updated, or it crashed): its listeners are gone, so a bar
/// left behind would be a collapsed repost no click can open. X's page is left as X drew it.
pub fn remove_all(doc: &Document) {
    if let Ok(ours) = doc.query_selector_all("[data-lb]") {
        for e in crate::x::observe::elements(&ours) {
            e.remove();
        }
    }
    for attr in ON_X_NODES {
        if let Ok(marked) = doc.query_selector_all(&format!("[{attr}]")) {
            for e in crate::x::observe::elements(&marked) {
                let _ = e.remove_attribute(attr);
            }
        }
    }
}
