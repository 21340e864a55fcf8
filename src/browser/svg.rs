//! Draws `core::chart` geometry as inline SVG elements. Labels are set as text.

use crate::browser::dom::El;
use crate::core::chart::{Chart, Shape, HEIGHT, WIDTH};

/// An `<svg>` drawing `chart`, described by `label` for screen readers.
pub fn draw(chart: &Chart, label: &str) -> El {
    let r = |v: f64| format!("{v:.1}");
    let shapes = chart.shapes.iter().map(|shape| match shape {
        Shape::Rect {
            x,
            y,
            w,
            h,
            class,
            title,
        } => titled(
            El::svg("rect")
                .attr("x", &r(*x))
                .attr("y", &r(*y))
                .attr("width", &r(*w))
                .attr("height", &r(h.max(0.0)))
                .class(class),
            title,
        ),
        Shape::Line {
            x1,
            y1,
            x2,
            y2,
            class,
        } => El::svg("line")
            .attr("x1", &r(*x1))
            .attr("y1", &r(*y1))
            .attr("x2", &r(*x2))
            .attr("y2", &r(*y2))
            .class(class),
        Shape::Path { points, class } => {
            let pts: Vec<String> = points
                .iter()
                .map(|(x, y)| format!("{},{}", r(*x), r(*y)))
                .collect();
            El::svg("polyline")
                .attr("points", &pts.join(" "))
                .class(class)
        }
        Shape::Dot { x, y, class, title } => titled(
            El::svg("circle")
                .attr("cx", &r(*x))
                .attr("cy", &r(*y))
                .attr("r", "3.5")
                .class("dot")
                .class(class),
            title,
        ),
        Shape::Text {
            x,
            y,
            anchor,
            class,
            text,
        } => El::svg("text")
            .attr("x", &r(*x))
            .attr("y", &r(*y))
            .attr("text-anchor", anchor)
            .class(class)
            .text(text),
    });
    El::svg("svg")
        .attr("viewBox", &format!("0 0 {WIDTH} {HEIGHT}"))
        .attr("role", "img")
        .attr("aria-label", label)
        .class("chart")
        .children(shapes)
}

/// A tooltip: SVG's `<title>` child.
fn titled(e: El, title: &str) -> El {
    if title.is_empty() {
        e
    } else {
        e.child(El::svg("title").text(title))
    }
}
