//! The only code that writes to X's page. It writes the DOM contract of DESIGN.md: attributes on
//! X's articles and cells, and our own elements (each with a `data-lb` attribute). Page text
//! goes in through `textContent` only. X's own nodes are never moved or removed: a collapsed or
//! hidden repost is hidden by `content.css` rules keyed on our attributes.

use super::words::{self, Lang, Piece};
use crate::core::model::{first_words, Post, PostKind};
use web_sys::{Document, Element};

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
const BAR_SELECTOR: &str = r#":scope > [data-lb="repost-bar"]"#;
/// How many characters of the post the bar shows.
const BAR_WORDS: usize = 80;

/// Tags a processed article with what it was recognised as.
pub fn mark_article(article: &Element, kind: PostKind, post: Option<&Post>) {
    let _ = article.set_attribute("data-lb-kind", kind.as_str());
    match post {
        Some(p) => {
            let _ = article.set_attribute("data-lb-post", &p.id.to_string());
            let _ = article.set_attribute("data-lb-author", p.author.as_str());
            match p.liked {
                Some(liked) => {
                    let _ = article
                        .set_attribute("data-lb-liked", if liked { "true" } else { "false" });
                }
                None => {
                    let _ = article.remove_attribute("data-lb-liked");
                }
            }
        }
        None => {
            for attr in ["data-lb-post", "data-lb-author", "data-lb-liked"] {
                let _ = article.remove_attribute(attr);
            }
        }
    }
}

/// Shows a cell as `view`, creating or updating its repost bar from `post` when it needs one.
pub fn set_view(doc: &Document, cell: &Element, view: CellView, post: Option<&Post>, lang: Lang) {
    let bar = cell.query_selector(BAR_SELECTOR).ok().flatten();
    match (view, post) {
        (CellView::Collapsed | CellView::Expanded, Some(post)) => {
            let bar = match bar {
                Some(bar)
                    if bar.get_attribute("data-lb-for").as_deref() == Some(&bar_key(post)) =>
                {
                    bar
                }
                Some(old) => {
                    let bar = repost_bar(doc, post, lang);
                    let _ = cell.replace_child(&bar, &old);
                    bar
                }
                None => {
                    let bar = repost_bar(doc, post, lang);
                    let _ = cell.insert_before(&bar, cell.first_child().as_ref());
                    bar
                }
            };
            let collapsed = view == CellView::Collapsed;
            let _ = cell.set_attribute(
                "data-lb-collapsed",
                if collapsed { "true" } else { "false" },
            );
            let _ = cell.remove_attribute("data-lb-hidden");
            let _ = bar.set_attribute("aria-expanded", if collapsed { "false" } else { "true" });
            let label = if collapsed {
                words::show_repost(lang)
            } else {
                words::hide_repost(lang)
            };
            let _ = bar.set_attribute("title", label);
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

/// Which repost a bar stands for: the same post reposted by two people gets two bars.
fn bar_key(post: &Post) -> String {
    let by = post.reposted_by.as_ref().map_or("", |(h, _)| h.as_str());
    format!("{by}/{}", post.id)
}

/// "🔁 Alice reposted Bob · first words…", built from text nodes only.
fn repost_bar(doc: &Document, post: &Post, lang: Lang) -> Element {
    let bar = element(doc, "div", BAR);
    let _ = bar.set_attribute("data-lb-for", &bar_key(post));
    let _ = bar.set_attribute("role", "button");
    let _ = bar.set_attribute("tabindex", "0");
    let _ = bar.set_attribute("lang", lang.tag());
    let _ = bar.append_child(&repost_icon(doc));
    let line = element(doc, "span", "repost-line");
    let (reposter_handle, reposter_name) = match &post.reposted_by {
        Some((h, name)) if !name.is_empty() => (h.as_str(), name.as_str()),
        Some((h, _)) => (h.as_str(), h.as_str()),
        None => ("", ""),
    };
    let author_name = if post.author_name.is_empty() {
        post.author.as_str()
    } else {
        post.author_name.as_str()
    };
    for piece in words::reposted(lang) {
        let node = match piece {
            Piece::Words(w) => text_element(doc, "span", "repost-words", w),
            Piece::Reposter => {
                let e = text_element(doc, "span", "reposter", reposter_name);
                let _ = e.set_attribute("title", &format!("@{reposter_handle}"));
                e
            }
            Piece::Author => {
                let e = text_element(doc, "span", "repost-author", author_name);
                let _ = e.set_attribute("title", &format!("@{}", post.author));
                e
            }
        };
        let _ = line.append_child(&node);
    }
    let _ = bar.append_child(&line);
    let words = first_words(&post.text, BAR_WORDS);
    if !words.is_empty() {
        let _ = bar.append_child(&text_element(
            doc,
            "span",
            "repost-text",
            &format!(" · {words}"),
        ));
    }
    bar
}

/// Two arrows in a loop, drawn rather than an emoji so that it looks the same without an emoji
/// font and takes the bar's colour.
fn repost_icon(doc: &Document) -> Element {
    const SVG: &str = "http://www.w3.org/2000/svg";
    let svg = doc
        .create_element_ns(Some(SVG), "svg")
        .expect("createElementNS svg");
    let path = doc
        .create_element_ns(Some(SVG), "path")
        .expect("createElementNS path");
    for (k, v) in [
        ("data-lb", "repost-icon"),
        ("viewBox", "0 0 24 24"),
        ("aria-hidden", "true"),
    ] {
        let _ = svg.set_attribute(k, v);
    }
    let _ = path.set_attribute("data-lb", "repost-icon-path");
    let _ = path.set_attribute(
        "d",
        "M7 7h10v3l4-4-4-4v3H5v6h2zm10 10H7v-3l-4 4 4 4v-3h12v-6h-2z",
    );
    let _ = path.set_attribute("fill", "currentColor");
    let _ = svg.append_child(&path);
    svg
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

/// Removes everything the extension wrote on a cell and its article.
pub fn clear_cell(cell: &Element) {
    if let Ok(Some(bar)) = cell.query_selector(BAR_SELECTOR) {
        bar.remove();
    }
    for attr in ["data-lb-collapsed", "data-lb-hidden"] {
        let _ = cell.remove_attribute(attr);
    }
}
