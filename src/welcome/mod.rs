//! The welcome page, opened once when Likeback is installed (see `core::first_run`) and again
//! from the options page: what Likeback does in three steps, where its icon is, what it never
//! does, and the way to the settings. The pictures are drawn here as inline SVG (like the
//! Insights charts): nothing is loaded from the network, and their words follow the browser's
//! language like the rest of the page.

use crate::browser::chrome::{self, t};
use crate::browser::dom::{self, El};
use wasm_bindgen::prelude::*;

pub async fn start() -> Result<(), JsValue> {
    dom::set_lang(&chrome::ui_language());
    gloo::utils::document().set_title(&t("welcomeTitle"));
    let steps = [
        ("notifications", "welcomeStep1Title", "welcomeStep1"),
        ("likes-list", "welcomeStep2Title", "welcomeStep2"),
        ("marks", "welcomeStep3Title", "welcomeStep3"),
    ];
    let steps = steps.iter().enumerate().map(|(i, (name, title, text))| {
        let picture = match i {
            0 => notifications_picture(),
            1 => likes_list_picture(),
            _ => marks_picture(),
        };
        El::new("li")
            .lb("welcome-step")
            .attr("data-lb-step", name)
            .child(picture.attr("aria-label", &t(title)))
            .child(El::new("h3").text(&t(title)))
            .child(El::new("p").text(&t(text)))
    });
    let never = [
        "welcomeNeverRequests",
        "welcomeNeverLikes",
        "welcomeNeverData",
    ]
    .iter()
    .map(|key| El::new("li").text(&t(key)));
    let page = El::new("div")
        .lb("welcome")
        .child(
            El::new("header")
                .class("welcome-top")
                .child(
                    El::svg("svg")
                        .attr("viewBox", "0 0 32 32")
                        .attr("aria-hidden", "true")
                        .class("logo")
                        .child(
                            El::svg("image")
                                .attr("href", "icons/icon128.png")
                                .attr("width", "32")
                                .attr("height", "32"),
                        ),
                )
                .child(El::new("h1").text(&t("welcomeTitle"))),
        )
        .child(El::new("p").class("lead").text(&t("welcomeLead")))
        .child(El::new("h2").text(&t("welcomeStepsHeading")))
        .child(El::new("ol").class("steps").children(steps))
        .child(
            El::new("section")
                .lb("welcome-pin")
                .class("pin")
                .child(pin_picture().attr("aria-label", &t("welcomePinHeading")))
                .child(
                    El::new("div")
                        .child(El::new("h2").text(&t("welcomePinHeading")))
                        .child(El::new("p").text(&t("welcomePin"))),
                ),
        )
        .child(
            El::new("section")
                .lb("welcome-never")
                .child(El::new("h2").text(&t("welcomeNeverHeading")))
                .child(El::new("ul").class("never").children(never)),
        )
        .child(
            El::new("section")
                .class("next")
                .child(
                    El::new("a")
                        .lb("welcome-options")
                        .class("button primary")
                        .attr("href", "options.html")
                        .text(&t("welcomeOptions")),
                )
                .child(
                    El::new("a")
                        .lb("welcome-notifications")
                        .class("button")
                        .attr("href", "https://x.com/notifications")
                        .attr("target", "_blank")
                        .attr("rel", "noopener")
                        .text(&t("openNotifications")),
                )
                .child(El::new("p").class("help").text(&t("welcomeOptionsHelp"))),
        );
    dom::mount("app", page);
    Ok(())
}

// The pictures: 320 × 180, drawn in the page's colours (pages.css, `svg.pic`). They show
// X's screens in outline, not copies of them.

const W: f64 = 320.0;
const H: f64 = 180.0;

fn picture() -> El {
    El::svg("svg")
        .attr("viewBox", &format!("0 0 {W} {H}"))
        .attr("role", "img")
        .class("pic")
}

fn rect(x: f64, y: f64, w: f64, h: f64, rx: f64, class: &str) -> El {
    El::svg("rect")
        .attr("x", &x.to_string())
        .attr("y", &y.to_string())
        .attr("width", &w.to_string())
        .attr("height", &h.to_string())
        .attr("rx", &rx.to_string())
        .class(class)
}

fn circle(cx: f64, cy: f64, r: f64, class: &str) -> El {
    El::svg("circle")
        .attr("cx", &cx.to_string())
        .attr("cy", &cy.to_string())
        .attr("r", &r.to_string())
        .class(class)
}

fn text(x: f64, y: f64, words: &str, class: &str) -> El {
    El::svg("text")
        .attr("x", &x.to_string())
        .attr("y", &y.to_string())
        .class(class)
        .text(words)
}

fn path(d: &str, class: &str) -> El {
    El::svg("path").attr("d", d).class(class)
}

/// A heart about 12 units wide whose top centre is at (x, y).
fn heart(x: f64, y: f64, class: &str) -> El {
    path(
        &format!(
            "M{x} {y2} C{a} {y0} {b} {y1} {x} {y3} C{c} {y1} {d} {y0} {x} {y2} Z",
            y0 = y - 4.0,
            y1 = y + 4.0,
            y2 = y + 2.0,
            y3 = y + 11.0,
            a = x - 3.0,
            b = x - 9.0,
            c = x + 9.0,
            d = x + 3.0,
        ),
        class,
    )
}

/// A friend's avatar: a coloured circle with a letter (as the popup draws them).
fn avatar(cx: f64, cy: f64, r: f64, letter: &str, hue: u32) -> El {
    El::svg("g")
        .child(circle(cx, cy, r, "avatar").attr("style", &format!("fill: hsl({hue} 45% 45%)")))
        .child(text(cx, cy + r * 0.4, letter, "avatar-letter").attr("text-anchor", "middle"))
}

/// Grey bars standing for the words of a post.
fn words(x: f64, y: f64, widths: &[f64]) -> El {
    El::svg("g").children(
        widths
            .iter()
            .enumerate()
            .map(|(i, w)| rect(x, y + i as f64 * 9.0, *w, 5.0, 2.5, "words")),
    )
}

/// Step 1: X's notifications, likes from friends.
fn notifications_picture() -> El {
    let row = |y: f64, who: &[(&str, u32)], line: &str| {
        let mut g = El::svg("g")
            .child(rect(96.0, y, 212.0, 52.0, 0.0, "card"))
            .child(heart(114.0, y + 10.0, "heart"));
        for (i, (letter, hue)) in who.iter().enumerate() {
            g = g.child(avatar(138.0 + i as f64 * 20.0, y + 15.0, 9.0, letter, *hue));
        }
        g.child(text(130.0, y + 40.0, line, "line strong"))
    };
    picture()
        .child(rect(0.5, 0.5, W - 1.0, H - 1.0, 10.0, "frame"))
        // X's side bar, Notifications chosen.
        .child(rect(12.0, 24.0, 60.0, 6.0, 3.0, "words"))
        .child(rect(8.0, 42.0, 80.0, 24.0, 12.0, "chosen"))
        .child(bell(20.0, 47.0))
        .child(text(34.0, 58.0, &t("picNotifications"), "small strong"))
        .child(rect(12.0, 80.0, 52.0, 6.0, 3.0, "words"))
        .child(rect(12.0, 100.0, 44.0, 6.0, 3.0, "words"))
        .child(path("M92 0 V180", "rule"))
        .child(row(
            14.0,
            &[("A", 221), ("K", 98), ("M", 305)],
            &t("picNotif1"),
        ))
        .child(row(72.0, &[("S", 31)], &t("picNotif2")))
        .child(rect(96.0, 130.0, 212.0, 40.0, 0.0, "card faint"))
        .child(words(130.0, 142.0, &[120.0, 80.0]))
}

fn bell(x: f64, y: f64) -> El {
    path(
        &format!(
            "M{x} {b} h12 l-2 -3 v-4 a4 4 0 0 0 -8 0 v4 Z M{l} {b2} h4",
            b = y + 10.0,
            b2 = y + 13.0,
            l = x + 4.0
        ),
        "icon",
    )
}

/// Step 2: one of my posts, its number of likes opening the list of who liked it.
fn likes_list_picture() -> El {
    let people = [
        ("Aoi", "A", 221),
        ("Kenji Kato", "K", 98),
        ("Mika", "M", 305),
    ];
    let mut list = El::svg("g")
        .child(rect(176.0, 14.0, 132.0, 152.0, 10.0, "card raised"))
        .child(text(188.0, 36.0, &t("picLikedBy"), "strong"));
    for (i, (name, letter, hue)) in people.iter().enumerate() {
        let y = 52.0 + i as f64 * 36.0;
        list = list
            .child(avatar(198.0, y + 12.0, 11.0, letter, *hue))
            .child(text(216.0, y + 10.0, name, "small strong"))
            .child(rect(216.0, y + 15.0, 50.0, 5.0, 2.5, "words"));
    }
    picture()
        .child(rect(0.5, 0.5, W - 1.0, H - 1.0, 10.0, "frame"))
        // My post.
        .child(rect(12.0, 14.0, 150.0, 152.0, 10.0, "card"))
        .child(avatar(32.0, 36.0, 11.0, "H", 330))
        .child(rect(50.0, 28.0, 60.0, 6.0, 3.0, "words dark"))
        .child(rect(50.0, 39.0, 40.0, 5.0, 2.5, "words"))
        .child(words(24.0, 60.0, &[126.0, 110.0, 72.0]))
        // Its number of likes, ringed: that is what opens the list.
        .child(rect(24.0, 118.0, 62.0, 26.0, 13.0, "ring"))
        .child(heart(40.0, 124.0, "heart"))
        .child(text(52.0, 136.0, "57", "strong"))
        .child(path("M90 131 C 120 131, 140 100, 170 90", "arrow"))
        .child(path("M162 84 L171 89 L164 97", "arrow"))
        .child(list)
}

/// Step 3: the mark on a friend's newest post, and the popup listing who is waiting.
fn marks_picture() -> El {
    let rows = [("A", 221, "2"), ("K", 98, "1")];
    let mut popup = El::svg("g")
        .child(rect(190.0, 10.0, 120.0, 160.0, 10.0, "card raised"))
        .child(text(202.0, 48.0, "3", "big"))
        .child(text(224.0, 46.0, &t("picOwed"), "tiny"));
    for (i, (letter, hue, owed)) in rows.iter().enumerate() {
        let y = 62.0 + i as f64 * 34.0;
        popup = popup
            .child(path(&format!("M198 {y} H302"), "rule"))
            .child(avatar(212.0, y + 16.0, 10.0, letter, *hue))
            .child(rect(228.0, y + 10.0, 40.0, 5.0, 2.5, "words dark"))
            .child(rect(228.0, y + 20.0, 28.0, 4.0, 2.0, "words"))
            .child(rect(278.0, y + 9.0, 22.0, 14.0, 7.0, "pill"))
            .child(text(289.0, y + 20.0, owed, "pill-text").attr("text-anchor", "middle"));
    }
    picture()
        .child(rect(0.5, 0.5, W - 1.0, H - 1.0, 10.0, "frame"))
        // Aoi's newest post, marked.
        .child(rect(10.0, 30.0, 168.0, 120.0, 10.0, "card"))
        .child(avatar(30.0, 52.0, 11.0, "A", 221))
        .child(rect(48.0, 44.0, 40.0, 6.0, 3.0, "words dark"))
        .child(rect(48.0, 55.0, 30.0, 5.0, 2.5, "words"))
        .child(rect(84.0, 40.0, 90.0, 18.0, 9.0, "badge"))
        .child(text(129.0, 53.0, &t("picBadge"), "badge-text").attr("text-anchor", "middle"))
        .child(words(22.0, 76.0, &[140.0, 120.0, 90.0]))
        .child(heart(30.0, 124.0, "heart-outline"))
        .child(popup)
}

/// Where the icon is: the toolbar, the Extensions menu and its pin.
fn pin_picture() -> El {
    picture()
        .child(rect(0.5, 0.5, W - 1.0, H - 1.0, 10.0, "frame"))
        // The toolbar: address bar, Likeback's icon with its number, the Extensions button.
        .child(rect(0.5, 0.5, W - 1.0, 40.0, 10.0, "toolbar"))
        .child(rect(12.0, 10.0, 190.0, 22.0, 11.0, "address"))
        .child(text(26.0, 25.0, "x.com", "small"))
        .child(rect(218.0, 8.0, 26.0, 26.0, 6.0, "ring"))
        .child(
            El::svg("image")
                .attr("href", "icons/icon32.png")
                .attr("x", "223")
                .attr("y", "13")
                .attr("width", "16")
                .attr("height", "16"),
        )
        .child(rect(234.0, 4.0, 16.0, 11.0, 5.5, "pill"))
        .child(text(242.0, 13.0, "3", "pill-text").attr("text-anchor", "middle"))
        .child(puzzle(262.0, 12.0))
        // The Extensions menu, open, with the pin next to Likeback.
        .child(rect(150.0, 46.0, 160.0, 100.0, 8.0, "card raised"))
        .child(text(162.0, 66.0, &t("picExtensions"), "small strong"))
        .child(path("M150 76 H310", "rule"))
        .child(
            El::svg("image")
                .attr("href", "icons/icon32.png")
                .attr("x", "162")
                .attr("y", "88")
                .attr("width", "16")
                .attr("height", "16"),
        )
        .child(text(186.0, 100.0, "Likeback", "small strong"))
        .child(circle(286.0, 96.0, 12.0, "ring"))
        .child(pin(286.0, 96.0))
        .child(rect(162.0, 120.0, 16.0, 16.0, 3.0, "words"))
        .child(rect(186.0, 124.0, 60.0, 6.0, 3.0, "words"))
        .child(path("M270 24 C 275 36, 290 60, 287 80", "arrow"))
        .child(path("M281 73 L287 82 L293 73", "arrow"))
}

/// The Extensions button: a puzzle piece.
fn puzzle(x: f64, y: f64) -> El {
    path(
        &format!(
            "M{x} {y} h5 a2.5 2.5 0 0 1 5 0 h5 v5 a2.5 2.5 0 0 1 0 5 v5 h-15 Z",
            x = x + 2.0,
            y = y + 3.0
        ),
        "icon",
    )
}

/// A pin, centred on (x, y).
fn pin(x: f64, y: f64) -> El {
    path(
        &format!(
            "M{a} {t} h8 l-1.5 1.5 v4 l2.5 3 h-10 l2.5 -3 v-4 Z M{x} {m} v5",
            a = x - 4.0,
            t = y - 7.0,
            m = y + 1.5
        ),
        "icon",
    )
}
