//! Draws `core::chart` geometry as inline SVG elements. Labels are set as text.

use crate::core::chart::{Chart, Shape, HEIGHT, WIDTH};
use crate::ext::dom::El;
use web_sys::Element;

const SVG: &str = "http://www.w3.org/2000/svg";

fn element(tag: &str) -> Element {
    gloo::utils::document()
        .create_element_ns(Some(SVG), tag)
        .expect("createElementNS with a literal tag")
}

fn attrs(e: &Element, list: &[(&str, String)]) {
    for (k, v) in list {
        let _ = e.set_attribute(k, v);
    }
}

fn titled(e: &Element, title: &str) {
    if !title.is_empty() {
        let t = element("title");
        t.set_text_content(Some(title));
        let _ = e.append_child(&t);
    }
}

/// An `<svg>` drawing `chart`, described by `label` for screen readers.
pub fn draw(chart: &Chart, label: &str) -> El {
    let svg = element("svg");
    attrs(
        &svg,
        &[
            ("viewBox", format!("0 0 {WIDTH} {HEIGHT}")),
            ("role", "img".into()),
            ("aria-label", label.into()),
            ("class", "chart".into()),
        ],
    );
    let r = |v: f64| format!("{v:.1}");
    for shape in &chart.shapes {
        let e = match shape {
            Shape::Rect {
                x,
                y,
                w,
                h,
                class,
                title,
            } => {
                let e = element("rect");
                attrs(
                    &e,
                    &[
                        ("x", r(*x)),
                        ("y", r(*y)),
                        ("width", r(*w)),
                        ("height", r(h.max(0.0))),
                        ("class", (*class).into()),
                    ],
                );
                titled(&e, title);
                e
            }
            Shape::Line {
                x1,
                y1,
                x2,
                y2,
                class,
            } => {
                let e = element("line");
                attrs(
                    &e,
                    &[
                        ("x1", r(*x1)),
                        ("y1", r(*y1)),
                        ("x2", r(*x2)),
                        ("y2", r(*y2)),
                        ("class", (*class).into()),
                    ],
                );
                e
            }
            Shape::Path { points, class } => {
                let e = element("polyline");
                let pts: Vec<String> = points
                    .iter()
                    .map(|(x, y)| format!("{},{}", r(*x), r(*y)))
                    .collect();
                attrs(&e, &[("points", pts.join(" ")), ("class", (*class).into())]);
                e
            }
            Shape::Dot { x, y, class, title } => {
                let e = element("circle");
                attrs(
                    &e,
                    &[
                        ("cx", r(*x)),
                        ("cy", r(*y)),
                        ("r", "3.5".into()),
                        ("class", format!("dot {class}")),
                    ],
                );
                titled(&e, title);
                e
            }
            Shape::Text {
                x,
                y,
                anchor,
                class,
                text,
            } => {
                let e = element("text");
                attrs(
                    &e,
                    &[
                        ("x", r(*x)),
                        ("y", r(*y)),
                        ("text-anchor", (*anchor).into()),
                        ("class", (*class).into()),
                    ],
                );
                e.set_text_content(Some(text));
                e
            }
        };
        let _ = svg.append_child(&e);
    }
    El(svg)
}
