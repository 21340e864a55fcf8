//! Chart geometry: bars, lines, labels in SVG user units. The options page draws these as
//! inline SVG elements (no chart library, nothing from the network); keeping the arithmetic
//! here lets `cargo test` check where things land.

pub const WIDTH: f64 = 640.0;
pub const HEIGHT: f64 = 230.0;
const LEFT: f64 = 44.0;
const RIGHT: f64 = 12.0;
const TOP: f64 = 18.0;
const BOTTOM: f64 = 30.0;
/// Horizontal grid lines (and y-axis labels) besides the base line.
const GRID: usize = 4;

#[derive(Clone, Debug, PartialEq)]
pub enum Shape {
    Rect {
        x: f64,
        y: f64,
        w: f64,
        h: f64,
        class: &'static str,
        title: String,
    },
    Line {
        x1: f64,
        y1: f64,
        x2: f64,
        y2: f64,
        class: &'static str,
    },
    /// A polyline through the points.
    Path {
        points: Vec<(f64, f64)>,
        class: &'static str,
    },
    Dot {
        x: f64,
        y: f64,
        class: &'static str,
        title: String,
    },
    Text {
        x: f64,
        y: f64,
        anchor: &'static str,
        class: &'static str,
        text: String,
    },
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Chart {
    pub shapes: Vec<Shape>,
}

impl Chart {
    pub fn texts(&self) -> Vec<&str> {
        self.shapes
            .iter()
            .filter_map(|s| match s {
                Shape::Text { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect()
    }
}

/// The smallest "nice" number (1, 2 or 5 × 10^k) at least `v`, so that grid lines fall on
/// round values.
pub fn nice_ceiling(v: f64) -> f64 {
    if v <= 0.0 || !v.is_finite() {
        return 1.0;
    }
    let exp = 10f64.powf(v.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * exp)
        .find(|c| *c >= v - 1e-9)
        .unwrap_or(10.0 * exp)
}

fn plot_height() -> f64 {
    HEIGHT - TOP - BOTTOM
}

fn y_of(value: f64, max: f64) -> f64 {
    TOP + plot_height() * (1.0 - value / max)
}

/// Grid lines with their values on the left.
fn grid(max: f64, fmt: &dyn Fn(f64) -> String, out: &mut Vec<Shape>) {
    for i in 0..=GRID {
        let value = max * i as f64 / GRID as f64;
        let y = y_of(value, max);
        out.push(Shape::Line {
            x1: LEFT,
            y1: y,
            x2: WIDTH - RIGHT,
            y2: y,
            class: if i == 0 { "axis" } else { "grid" },
        });
        out.push(Shape::Text {
            x: LEFT - 6.0,
            y: y + 4.0,
            anchor: "end",
            class: "tick",
            text: fmt(value),
        });
    }
}

/// Which of `n` labels to print so that they do not overlap (at most about 12).
fn label_step(n: usize) -> usize {
    n.div_ceil(12).max(1)
}

/// Stacked bars: for each label a `lower` part and an `upper` part on top of it, the total
/// printed above the bar. `titles` describe each bar for screen readers and tooltips.
pub fn stacked_bars(
    labels: &[String],
    lower: &[f64],
    upper: &[f64],
    classes: (&'static str, &'static str),
    fmt: &dyn Fn(f64) -> String,
    titles: &[String],
) -> Chart {
    let n = labels.len();
    let mut shapes = Vec::new();
    let max = nice_ceiling((0..n).map(|i| lower[i] + upper[i]).fold(0.0, f64::max));
    grid(max, fmt, &mut shapes);
    let slot = (WIDTH - LEFT - RIGHT) / n.max(1) as f64;
    let bar = (slot * 0.64).min(56.0);
    let step = label_step(n);
    for i in 0..n {
        let x = LEFT + slot * i as f64 + (slot - bar) / 2.0;
        let (lo, hi) = (lower[i], upper[i]);
        let y_lo = y_of(lo, max);
        let y_top = y_of(lo + hi, max);
        let title = titles.get(i).cloned().unwrap_or_default();
        shapes.push(Shape::Rect {
            x,
            y: y_lo,
            w: bar,
            h: TOP + plot_height() - y_lo,
            class: classes.0,
            title: title.clone(),
        });
        shapes.push(Shape::Rect {
            x,
            y: y_top,
            w: bar,
            h: y_lo - y_top,
            class: classes.1,
            title,
        });
        shapes.push(Shape::Text {
            x: x + bar / 2.0,
            y: y_top - 4.0,
            anchor: "middle",
            class: "value",
            text: fmt(lo + hi),
        });
        if i % step == 0 {
            shapes.push(Shape::Text {
                x: x + bar / 2.0,
                y: HEIGHT - 10.0,
                anchor: "middle",
                class: "label",
                text: labels[i].clone(),
            });
        }
    }
    Chart { shapes }
}

/// Lines over the labels, one per series, with a dot (and its title) at each point. With
/// `values`, the value of each point of the first series is printed above it.
pub fn lines(
    labels: &[String],
    series: &[(&'static str, Vec<f64>, Vec<String>)],
    max: Option<f64>,
    fmt: &dyn Fn(f64) -> String,
    values: bool,
) -> Chart {
    let n = labels.len();
    let mut shapes = Vec::new();
    let top = series
        .iter()
        .flat_map(|s| s.1.iter().copied())
        .fold(0.0, f64::max);
    let max = max.unwrap_or_else(|| nice_ceiling(top));
    grid(max, fmt, &mut shapes);
    let slot = (WIDTH - LEFT - RIGHT) / n.max(1) as f64;
    let x_of = |i: usize| LEFT + slot * (i as f64 + 0.5);
    let step = label_step(n);
    for (i, label) in labels.iter().enumerate() {
        if i % step == 0 {
            shapes.push(Shape::Text {
                x: x_of(i),
                y: HEIGHT - 10.0,
                anchor: "middle",
                class: "label",
                text: label.clone(),
            });
        }
    }
    for (k, (class, points, titles)) in series.iter().enumerate() {
        let pts: Vec<(f64, f64)> = points
            .iter()
            .enumerate()
            .map(|(i, v)| (x_of(i), y_of(*v, max)))
            .collect();
        shapes.push(Shape::Path {
            points: pts.clone(),
            class,
        });
        for (i, (x, y)) in pts.iter().enumerate() {
            shapes.push(Shape::Dot {
                x: *x,
                y: *y,
                class,
                title: titles.get(i).cloned().unwrap_or_default(),
            });
            if values && k == 0 {
                shapes.push(Shape::Text {
                    x: *x,
                    y: y - 8.0,
                    anchor: "middle",
                    class: "value",
                    text: fmt(points[i]),
                });
            }
        }
    }
    Chart { shapes }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ceilings_are_round() {
        assert_eq!(nice_ceiling(0.0), 1.0);
        assert_eq!(nice_ceiling(3.2), 5.0);
        assert_eq!(nice_ceiling(7.0), 10.0);
        assert_eq!(nice_ceiling(10.0), 10.0);
        assert_eq!(nice_ceiling(180.0), 200.0);
        assert_eq!(nice_ceiling(0.42), 0.5);
    }

    #[test]
    fn stacked_bars_stand_on_the_axis_and_print_their_totals() {
        let labels = vec!["Sep".to_string(), "Oct".to_string()];
        let fmt = |v: f64| format!("{v:.1}");
        let c = stacked_bars(
            &labels,
            &[0.25, 1.0],
            &[1.25, 0.6667],
            ("regular", "other"),
            &fmt,
            &[],
        );
        let rects: Vec<(f64, f64, &str)> = c
            .shapes
            .iter()
            .filter_map(|s| match s {
                Shape::Rect { y, h, class, .. } => Some((*y, *h, *class)),
                _ => None,
            })
            .collect();
        // Scale: the taller bar (1.67) rounds up to 2.
        let base = HEIGHT - BOTTOM;
        let unit = (HEIGHT - TOP - BOTTOM) / 2.0;
        assert!((rects[0].0 + rects[0].1 - base).abs() < 1e-9, "on the axis");
        assert!((rects[0].1 - 0.25 * unit).abs() < 1e-9);
        assert!((rects[1].1 - 1.25 * unit).abs() < 1e-9);
        assert!(
            (rects[1].0 + rects[1].1 - rects[0].0).abs() < 1e-9,
            "stacked"
        );
        assert_eq!(rects[2].2, "regular");
        let texts = c.texts();
        assert!(texts.contains(&"1.5") && texts.contains(&"1.7") && texts.contains(&"Sep"));
        assert!(texts.contains(&"2.0"), "the top grid value");
    }

    #[test]
    fn many_labels_are_thinned() {
        let labels: Vec<String> = (0..26).map(|i| format!("w{i}")).collect();
        let c = lines(
            &labels,
            &[("given", vec![1.0; 26], vec![])],
            None,
            &|v| format!("{v}"),
            false,
        );
        let shown = c.texts().iter().filter(|t| t.starts_with('w')).count();
        assert!((9..=13).contains(&shown), "{shown}");
    }
}
