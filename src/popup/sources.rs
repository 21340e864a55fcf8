//! The popup's account of its sources: what each of X's sources yielded lately, and the report
//! to copy when one stops.

use super::*;

pub(super) fn source_name(source: Source) -> String {
    t(match source {
        Source::Timeline => "sourceTimeline",
        Source::Notifications => "sourceNotifications",
        Source::Likes => "sourceLikes",
        Source::Lists => "sourceLists",
    })
}

/// "Timeline ✓ 2 min ago · Notifications ✓ 1 hour ago · Likes lists —", a warning per source
/// that stopped answering, and the problem report.
pub(super) fn sources_view(book: &Book, page: &str, now: i64) -> El {
    let mut line = El::new("p")
        .lb("sources")
        .class("sources")
        .attr("aria-label", &t("sourcesLabel"));
    let mut warnings = Vec::new();
    let mut first = true;
    for source in Source::ALL {
        let state = book.get(source);
        // Lists feed teams only: shown once a list's members page was visited.
        if source == Source::Lists && state.visits == 0 && state.last_yield.is_none() {
            continue;
        }
        let shown = state.shown(now);
        let mark = match shown {
            Shown::Ok(at) => format!("✓ {}", ago(now, at)),
            Shown::Never => "—".to_string(),
            Shown::Warning => "⚠".to_string(),
        };
        if !first {
            line = line.child(El::new("span").attr("aria-hidden", "true").text(" · "));
        }
        first = false;
        line = line.child(
            El::new("span")
                .lb("source")
                .attr("data-lb-source", source.as_str())
                .attr("data-lb-state", shown.as_str())
                .attr("data-lb-empty-visits", &state.empty_visits.to_string())
                .class(&format!("source-{}", shown.as_str()))
                .text(&format!("{} {mark}", source_name(source))),
        );
        for w in state.warnings(now) {
            let text = match w {
                Warning::Silent { visits } => {
                    t_with("sourceSilent", &[&source_name(source), &visits.to_string()])
                }
                Warning::Unrecognised { count } => t_with(
                    "sourceUnrecognised",
                    &[&source_name(source), &count.to_string()],
                ),
            };
            warnings.push(
                El::new("p")
                    .lb("source-warning")
                    .attr("data-lb-source", source.as_str())
                    .class("source-warning")
                    .text(&format!("⚠ {text}")),
            );
        }
    }
    let about = health::About {
        extension: chrome::extension_version(),
        user_agent: gloo::utils::window()
            .navigator()
            .user_agent()
            .unwrap_or_default(),
        ui_language: chrome::ui_language(),
        page: page.to_string(),
    };
    let report = health::report(book, &about, now);
    El::new("section")
        .lb("health-sources")
        .class("health-sources")
        .child(line)
        .children(warnings)
        .child(
            El::new("button")
                .lb("copy-report")
                .class("link")
                .attr("type", "button")
                .text(&t("copyReport"))
                .on("click", move |_| {
                    hold();
                    copy_report(report.clone())
                }),
        )
        .child(
            El::new("p")
                .lb("report-status")
                .class("help")
                .attr("role", "status"),
        )
        .child(
            El::new("details")
                .lb("report-box")
                .attr("hidden", "")
                .child(El::new("summary").text(&t("reportShow")))
                .child(El::new("pre").lb("report").class("report")),
        )
}

/// Puts the report on the clipboard and shows it (so that it can be copied by hand, and so
/// that the user sees what it holds). Nothing is sent anywhere.
pub(super) fn copy_report(report: String) {
    if let Some(pre) = dom::by_selector(r#"[data-lb="report"]"#) {
        pre.set_text_content(Some(&report));
    }
    if let Some(b) = dom::by_selector(r#"[data-lb="report-box"]"#) {
        let _ = b.remove_attribute("hidden");
    }
    let clipboard = gloo::utils::window().navigator().clipboard();
    wasm_bindgen_futures::spawn_local(async move {
        let copied = wasm_bindgen_futures::JsFuture::from(clipboard.write_text(&report))
            .await
            .is_ok();
        if let Some(status) = dom::by_selector(r#"[data-lb="report-status"]"#) {
            let _ = status.set_attribute("data-lb-copied", if copied { "true" } else { "false" });
            status.set_text_content(Some(&t(if copied {
                "reportCopied"
            } else {
                "reportCopyFailed"
            })));
        }
    });
}
