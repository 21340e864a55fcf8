//! The options page's Insights part (seed 000): likes per post by month from regulars and
//! from everyone else, the regulars' share, the like-back balance per week, and the regulars.
//! The numbers come from the background (which holds the ledger); the charts are drawn here.

use super::common::save;
use crate::browser::chrome::{self, t, t_with};
use crate::browser::dom::{self, El};
use crate::browser::svg;
use crate::core::chart;
use crate::core::insights::{Insights, Month, RegularRule, Week};
use crate::core::ledger::DAY_MS;
use crate::core::model::MONTHS;
use crate::core::settings::Settings;
use crate::proto::messages::Message;
use std::cell::RefCell;
use std::rc::Rc;

/// Fewer posts with likers than this, and there is no picture yet.
const MIN_POSTS: usize = 3;

pub fn section(settings: &Rc<RefCell<Settings>>) -> El {
    let rule = settings.borrow().regulars;
    // `set`: which number of the rule the input holds.
    let number = |hook: &str, value: u32, set: fn(&mut RegularRule, u32)| {
        let settings = settings.clone();
        El::new("input")
            .lb(hook)
            .attr("type", "number")
            .attr("min", "1")
            .attr("max", "50")
            .attr("value", &value.to_string())
            .class("small")
            .on("change", move |event| {
                let value = dom::value_of(event).parse::<u32>().unwrap_or(1);
                let rule = {
                    let mut s = settings.borrow_mut();
                    set(&mut s.regulars, value);
                    s.regulars = s.regulars.clamped();
                    s.regulars
                };
                save(settings.borrow().clone());
                // The rule goes with the question: the background need not have seen it saved.
                load(rule);
            })
    };
    // "A regular liked at least [3] of my previous [5] posts", the inputs inside the sentence
    // wherever the language puts them.
    let sentence = t_with("ruleSentence", &["\u{1}", "\u{2}"]);
    let mut rule_line = El::new("p").lb("rule").class("rule");
    let mut words = String::new();
    for c in sentence.chars() {
        let input = match c {
            '\u{1}' => number("rule-at-least", rule.at_least, |r, v| r.at_least = v),
            '\u{2}' => number("rule-of-last", rule.of_last, |r, v| r.of_last = v),
            _ => {
                words.push(c);
                continue;
            }
        };
        rule_line = rule_line
            .child(El::new("span").text(&std::mem::take(&mut words)))
            .child(input);
    }
    rule_line = rule_line.child(El::new("span").text(&words));
    El::new("section")
        .lb("insights")
        .child(El::new("h2").text(&t("insightsHeading")))
        .child(El::new("p").class("help").text(&t("insightsHelp")))
        .child(rule_line)
        .child(
            El::new("div")
                .lb("insights-body")
                .child(El::new("p").class("help").text(&t("insightsLoading"))),
        )
}

/// Asks the background for the numbers under `rule` and draws them.
pub fn load(rule: RegularRule) {
    wasm_bindgen_futures::spawn_local(async move {
        let offset_ms = -(js_sys::Date::new_0().get_timezone_offset() as i64) * 60_000;
        let started = chrome::perf_now();
        let reply = chrome::ask(&Message::Insights { offset_ms, rule }).await;
        let body = match reply.insights {
            Some(i) => El::new("div")
                .child(draw(&i))
                .children(super::coverage::table(&i)),
            None => El::new("p").text(&reply.error.unwrap_or_default()),
        };
        if let Some(old) = dom::by_selector(r#"[data-lb="insights-body"]"#) {
            old.set_text_content(None);
            let _ = old.append_child(&body.0);
            let _ = old.set_attribute(
                "data-lb-ms",
                &format!("{:.1}", chrome::perf_now() - started),
            );
        }
    });
}

fn draw(i: &Insights) -> El {
    if i.posts == 0 {
        // A fresh install: nothing seen yet is not "missing", it is where everyone starts.
        return El::new("p")
            .lb("insights-missing")
            .attr("data-lb-posts", "0")
            .class("empty-note")
            .text(&t_with("insightsNone", &[&MIN_POSTS.to_string()]));
    }
    if i.posts < MIN_POSTS {
        return El::new("p")
            .lb("insights-missing")
            .attr("data-lb-posts", &i.posts.to_string())
            .class("empty-note")
            .text(&t_with(
                "insightsMissing",
                &[&i.posts.to_string(), &MIN_POSTS.to_string()],
            ));
    }
    let ja = chrome::ui_language().starts_with("ja");
    let month_labels: Vec<String> = i.months.iter().map(|m| month_label(m, ja)).collect();
    let one = |v: f64| format!("{v:.1}");
    let percent = |v: f64| format!("{:.0}%", v * 100.0);
    let likes = chart::stacked_bars(
        &month_labels,
        &i.months
            .iter()
            .map(|m| m.regular_per_post)
            .collect::<Vec<_>>(),
        &i.months
            .iter()
            .map(|m| m.other_per_post)
            .collect::<Vec<_>>(),
        ("regular", "other"),
        &one,
        &i.months
            .iter()
            .zip(&month_labels)
            .map(|(m, label)| {
                t_with(
                    "monthTitle",
                    &[
                        label,
                        &m.posts.to_string(),
                        &one(m.regular_per_post + m.other_per_post),
                        &one(m.regular_per_post),
                    ],
                )
            })
            .collect::<Vec<_>>(),
    );
    let share = chart::lines(
        &month_labels,
        &[(
            "share",
            i.months.iter().map(|m| m.regular_share).collect(),
            i.months
                .iter()
                .zip(&month_labels)
                .map(|(m, l)| format!("{l}: {}", percent(m.regular_share)))
                .collect(),
        )],
        Some(1.0),
        &percent,
        true,
    );
    let week_labels: Vec<String> = i.weeks.iter().map(week_label).collect();
    let titles = |f: fn(&Week) -> u32, key: &str| -> Vec<String> {
        i.weeks
            .iter()
            .zip(&week_labels)
            .map(|(w, l)| t_with(key, &[l, &f(w).to_string()]))
            .collect()
    };
    let balance = chart::lines(
        &week_labels,
        &[
            (
                "received",
                i.weeks.iter().map(|w| f64::from(w.received)).collect(),
                titles(|w| w.received, "weekReceived"),
            ),
            (
                "given",
                i.weeks.iter().map(|w| f64::from(w.given)).collect(),
                titles(|w| w.given, "weekGiven"),
            ),
        ],
        None,
        &|v| format!("{v:.0}"),
        false,
    );
    let given: u32 = i.weeks.iter().map(|w| w.given).sum();
    let received: u32 = i.weeks.iter().map(|w| w.received).sum();
    El::new("div")
        .child(El::new("p").lb("insights-summary").text(&t_with(
            "insightsSummary",
            &[
                &i.posts.to_string(),
                &i.likers.to_string(),
                &i.regular_likes.to_string(),
                &i.occasional_likes.to_string(),
                &i.first_time_likes.to_string(),
            ],
        )))
        .child(figure(
            "chart-likes",
            &t("chartLikes"),
            svg::draw(&likes, &t("chartLikes")),
            &[("regular", t("legendRegular")), ("other", t("legendOther"))],
        ))
        .child(figure(
            "chart-share",
            &t("chartShare"),
            svg::draw(&share, &t("chartShare")),
            &[("share", t("legendShare"))],
        ))
        .child(
            figure(
                "chart-balance",
                &t_with("chartBalance", &[&given.to_string(), &received.to_string()]),
                svg::draw(&balance, &t("chartBalanceShort")),
                &[
                    ("received", t("legendReceived")),
                    ("given", t("legendGiven")),
                ],
            )
            .attr("data-lb-given", &given.to_string())
            .attr("data-lb-received", &received.to_string()),
        )
        .child(regulars_table(i))
}

fn figure(hook: &str, caption: &str, chart: El, legend: &[(&str, String)]) -> El {
    let keys = legend.iter().map(|(class, label)| {
        El::new("span")
            .class("key")
            .child(El::new("span").class(&format!("swatch {class}")))
            .child(El::new("span").text(label))
    });
    El::new("figure")
        .lb(hook)
        .child(El::new("figcaption").text(caption))
        .child(chart)
        .child(El::new("div").class("legend").children(keys))
}

fn regulars_table(i: &Insights) -> El {
    let rule = i.rule;
    if i.regulars.is_empty() {
        return El::new("p").lb("regulars-none").class("help").text(&t_with(
            "regularsNone",
            &[&rule.at_least.to_string(), &rule.of_last.to_string()],
        ));
    }
    let head = El::new("tr")
        .child(El::new("th").attr("scope", "col").text(&t("colWho")))
        .child(
            El::new("th")
                .attr("scope", "col")
                .text(&t_with("colLiked", &[&rule.of_last.to_string()])),
        )
        .child(El::new("th").attr("scope", "col").text(&t("colOwed")));
    let rows = i.regulars.iter().map(|r| {
        let name = crate::core::model::shown_name(&r.name, &r.who);
        El::new("tr")
            .lb("regular")
            .attr("data-lb-handle", r.who.as_str())
            .child(
                El::new("td")
                    .child(El::new("span").class("name").text(name))
                    .child(
                        El::new("span")
                            .class("handle")
                            .text(&format!(" @{}", r.who)),
                    ),
            )
            .child(El::new("td").class("num").text(&r.liked.to_string()))
            .child(El::new("td").class("num").text(&r.owed.to_string()))
    });
    El::new("table")
        .lb("regulars")
        .child(El::new("caption").text(&t_with(
            "regularsCaption",
            &[&rule.at_least.to_string(), &rule.of_last.to_string()],
        )))
        .child(El::new("thead").child(head))
        .child(El::new("tbody").children(rows))
}

/// "Nov 2026", or in Japanese "2026年11月".
fn month_label(m: &Month, ja: bool) -> String {
    if ja {
        format!("{}年{}月", m.year, m.month)
    } else {
        format!("{} {}", MONTHS[(m.month - 1) as usize], m.year)
    }
}

/// "11/23": the local day the week starts (the same in both languages).
fn week_label(w: &Week) -> String {
    // Weeks start at local midnight; `start` is that instant in UTC ms.
    let local = w.start
        - (js_sys::Date::new(&(w.start as f64).into()).get_timezone_offset() as i64) * 60_000;
    let (_, m, d) = crate::core::model::civil_from_days(local.div_euclid(DAY_MS));
    format!("{m}/{d}")
}
