//! Insights' "likers seen per post": for each of my newest posts, the likers Likeback has
//! seen of X's own like count ("likers seen: 71 of 665"), or that the count is not known.
//! Nothing is estimated: X's count is what X said, the likers are the ones X showed.

use crate::browser::chrome::{t, t_with};
use crate::browser::dom::El;
use crate::core::coverage::PostCoverage;
use crate::core::insights::Insights;
use crate::core::ledger::DAY_MS;

/// The table, or nothing when no post of mine is known yet.
pub fn table(i: &Insights) -> Option<El> {
    if i.coverage.is_empty() {
        return None;
    }
    let head = El::new("tr")
        .child(El::new("th").attr("scope", "col").text(&t("colPost")))
        .child(El::new("th").attr("scope", "col").text(&t("colLikersSeen")));
    let rows = i.coverage.iter().map(row);
    Some(
        El::new("section")
            .lb("coverage")
            .child(El::new("h3").text(&t("coverageHeading")))
            .child(El::new("p").class("help").text(&t("coverageHelp")))
            .child(
                El::new("table")
                    .lb("coverage-table")
                    .child(El::new("thead").child(head))
                    .child(El::new("tbody").children(rows)),
            ),
    )
}

fn row(c: &PostCoverage) -> El {
    let id = c.post.to_string();
    let (text, count) = match c.count {
        Some(n) => (
            t_with("coverageOf", &[&c.seen.to_string(), &n.to_string()]),
            n.to_string(),
        ),
        None => (
            t_with("coverageCountUnknown", &[&c.seen.to_string()]),
            "unknown".to_string(),
        ),
    };
    let mut seen = El::new("td").child(El::new("span").text(&text));
    if let Some(n) = c.count.filter(|n| *n > 0) {
        // A bar of what was seen; more likers seen than X counts (likes taken back) fills it.
        seen = seen.child(
            El::new("meter")
                .attr("min", "0")
                .attr("max", &n.to_string())
                .attr("value", &c.seen.min(n).to_string())
                .attr("aria-hidden", "true"),
        );
    }
    El::new("tr")
        .lb("post-coverage")
        .attr("data-lb-post", &id)
        .attr("data-lb-seen", &c.seen.to_string())
        .attr("data-lb-count", &count)
        .child(
            El::new("td").child(
                El::new("a")
                    .attr("href", &format!("https://x.com/i/web/status/{id}"))
                    .attr("target", "_blank")
                    .attr("rel", "noopener")
                    .text(&posted(c)),
            ),
        )
        .child(seen)
}

/// The post's local date and time, "2026-11-30 14:05" (from its id; the same in both
/// languages).
fn posted(c: &PostCoverage) -> String {
    let Some(ms) = c.post.time_ms() else {
        return c.post.to_string();
    };
    let offset = (js_sys::Date::new(&(ms as f64).into()).get_timezone_offset() as i64) * 60_000;
    let local = ms - offset;
    let (y, m, d) = crate::core::model::civil_from_days(local.div_euclid(DAY_MS));
    let minutes = local.rem_euclid(DAY_MS) / 60_000;
    format!("{y}-{m:02}-{d:02} {:02}:{:02}", minutes / 60, minutes % 60)
}
