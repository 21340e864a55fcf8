//! The popup's lists of people: who is owed a like back (with their newest post to open), and
//! the team round.

use super::*;

/// The total, then one row per person owed.
pub(super) fn owed_view(s: &Summary, now: i64) -> El {
    let total = owed_total(s);
    let list = people_list().lb("owed-list");
    // The rows of the first frame; the others of the first FIRST_ROWS right after it is
    // painted, and the rest on "show all". Each step goes on from the rows the list holds, so
    // the order stays whichever comes first.
    let owed: std::rc::Rc<[Owed]> = s.owed.clone().into();
    extend(&list.0, &owed, FIRST_PAINT_ROWS, now);
    if owed.len() > FIRST_PAINT_ROWS {
        // This list's own element: a redraw may have replaced it by then, and nothing is lost.
        let (target, owed) = (list.0.clone(), owed.clone());
        dom::after_next_paint(move || extend(&target, &owed, FIRST_ROWS, now));
    }
    let mut view = El::new("div").child(total).child(list);
    if owed.len() > FIRST_ROWS {
        view = view.child(
            El::new("button")
                .lb("show-all")
                .class("link")
                .text(&t_with("showAll", &[&owed.len().to_string()]))
                .on("click", move |event| {
                    hold();
                    if let Some(list) = dom::by_selector(r#"[data-lb="owed-list"]"#) {
                        extend(&list, &owed, owed.len(), now);
                    }
                    if let Some(b) = event
                        .target()
                        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                    {
                        b.remove();
                    }
                }),
        );
    }
    if (s.people_owed as usize) > s.owed.len() {
        view = view.child(El::new("p").class("help").text(&t_with(
            "moreOwed",
            &[&(s.people_owed as usize - s.owed.len()).to_string()],
        )));
    }
    view
}

/// The first view's (`first`): the total and the rows of the first frame, as `owed_view`
/// draws them; `s.owed` holds those rows.
pub(super) fn first_owed_view(s: &Summary, now: i64) -> El {
    let list = people_list().lb("owed-list");
    extend(&list.0, &s.owed, FIRST_PAINT_ROWS, now);
    El::new("div").child(owed_total(s)).child(list)
}

/// "7 like-backs to return · 3 people · last 7 days", the count big.
fn owed_total(s: &Summary) -> El {
    let window = window_words(s.window);
    // The big number sits where the language puts the count ("7 like-backs…",
    // 「いいね返し残り7件…」): the message is asked with a marker in its place and cut there.
    let words = match (s.total_owed, s.people_owed) {
        (0, _) => t_with("caughtUpAll", &[&window, COUNT]),
        (_, 1) => t_with("owedTotalOne", &[&window, COUNT]),
        (_, n) => t_with("owedTotal", &[&n.to_string(), &window, COUNT]),
    };
    let (lead, rest) = words.split_once(COUNT).unwrap_or(("", &words));
    El::new("section")
        .class("total")
        .child(El::new("span").class("total-lead").text(lead))
        .child(
            El::new("span")
                .lb("owed-total")
                .class("big")
                .text(&s.total_owed.to_string()),
        )
        .child(El::new("span").class("total-words").text(rest))
}

/// Adds rows to `list` for the people after those it shows, up to the first `upto`.
fn extend(list: &web_sys::Element, owed: &[Owed], upto: usize, now: i64) {
    let have = list.child_element_count() as usize;
    for o in owed.iter().take(upto).skip(have) {
        let _ = list.append_child(&row(o, now).0);
    }
}

/// One person: initials, name, @handle, what I owe, the counts, when they last liked me.
/// Clicking opens their newest post I have not liked (or their profile).
pub(super) fn row(o: &Owed, now: i64) -> El {
    let liked_you = o.last_received.map(|at| ago(now, at)).unwrap_or_default();
    let counts = t_with("counts", &[&o.received.to_string(), &o.given.to_string()]);
    let hint = if o.newest.is_some() {
        t("openNewest")
    } else {
        t("openProfile")
    };
    let link = person(
        "owed",
        &o.who,
        &o.name,
        o.newest.as_ref().map(|n| n.id),
        &hint,
        &joined(&[counts, liked_you]),
    );
    El::new("li").child(
        link.attr("data-lb-owed", &o.owed.to_string()).child(
            El::new("span")
                .class("owed")
                .attr("aria-label", &t_with("owedAria", &[&o.owed.to_string()]))
                .text(&o.owed.to_string()),
        ),
    )
}

/// A person's link, as the owed list and the round show it: initials, name, @handle and a
/// line of detail. It opens `post` of theirs, or their profile.
pub(super) fn person(
    hook: &str,
    who: &Handle,
    name: &str,
    post: Option<PostId>,
    title: &str,
    detail: &str,
) -> El {
    let name = shown_name(name, who);
    let url = match post {
        Some(id) => format!("https://x.com/{who}/status/{id}"),
        None => format!("https://x.com/{who}"),
    };
    El::new("a")
        .lb(hook)
        .attr("data-lb-handle", who.as_str())
        .attr("href", &url)
        .attr("title", title)
        .class("person")
        .child(initials(name, who.as_str()))
        .child(
            El::new("span")
                .class("who")
                .child(El::new("span").class("name").text(name))
                .child(El::new("span").class("handle").text(&format!("@{who}")))
                .child(El::new("span").class("detail").text(detail)),
        )
}

/// The parts that say something, joined by the language's separator (" · ", 「・」).
pub(super) fn joined(parts: &[String]) -> String {
    parts
        .iter()
        .filter(|s| !s.is_empty())
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(&t("separator"))
}

/// A list of people (`person` rows): one click listener for all its rows, however many "show
/// all" adds, rather than one per row.
fn people_list() -> El {
    El::new("ol").class("people").on("click", |event| {
        let link = event
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.closest("a.person").ok().flatten());
        // The link's address, which `person` made from the handle and the post id.
        if let Some(url) = link.and_then(|a| a.get_attribute("href")) {
            open(url, event);
        }
    })
}

/// Opens `url` in the current X tab (or a new one) and closes the popup.
pub(super) fn open_on_click(url: String) -> impl FnMut(&web_sys::Event) {
    move |event| open(url.clone(), event)
}

/// What a click on a link of the popup does: the X tab, not the popup, goes there.
fn open(url: String, event: &web_sys::Event) {
    event.prevent_default();
    wasm_bindgen_futures::spawn_local(async move {
        let _ = chrome::open_in_x_tab(&url).await;
        let _ = gloo::utils::window().close();
    });
}

/// A circle with the first letter of the name: no avatar is ever fetched from the network.
pub(super) fn initials(name: &str, handle: &str) -> El {
    let letter: String = name
        .chars()
        .find(|c| c.is_alphanumeric())
        .map(|c| c.to_uppercase().collect())
        .unwrap_or_else(|| "?".into());
    let hue = handle
        .bytes()
        .fold(7u32, |h, b| h.wrapping_mul(31).wrapping_add(u32::from(b)))
        % 360;
    let el = El::new("span")
        .class("initials")
        .attr("aria-hidden", "true")
        .text(&letter);
    let _ = el
        .html()
        .style()
        .set_property("background-color", &format!("hsl({hue} 45% 45%)"));
    el
}

/// The team's round: each colleague's newest post, the one who has waited longest first; no
/// counts and no ranking (seed 004: support without pressure).
pub(super) fn round_view(round: &[RoundEntry], now: i64) -> El {
    let mut view = El::new("section").lb("round").class("round");
    if round.iter().all(|e| e.newest.is_none()) {
        view = view.child(
            El::new("p")
                .lb("round-empty")
                .class("empty-note")
                .text(&t("roundNoneSeen")),
        );
    }
    if team::round_done(round) {
        view = view.child(
            El::new("p")
                .lb("round-done")
                .class("done")
                .text(&t("roundDone")),
        );
    }
    let rows = round.iter().map(|e| {
        let (state, detail) = match (&e.newest, e.liked) {
            (Some(n), liked) => {
                let when = e.time.map(|at| ago(now, at)).unwrap_or_default();
                let words = crate::core::model::first_words(&n.text, 60);
                let lead = if liked {
                    t("roundLiked")
                } else {
                    String::new()
                };
                (
                    if liked { "liked" } else { "waiting" },
                    joined(&[lead, when, words]),
                )
            }
            (None, _) => ("unknown", t("roundNoPost")),
        };
        let post = e.newest.as_ref().map(|n| n.id);
        let link = person(
            "round-entry",
            &e.who,
            &e.name,
            post,
            &t("roundOpen"),
            &detail,
        );
        El::new("li").child(link.attr("data-lb-state", state))
    });
    view.child(people_list().children(rows))
}
