//! The options page's Settings part: how reposts are shown on each kind of page, who "me" is,
//! the counting window, and the data (export, import, reset).

use super::common::{save, say, say_reply};
use super::render;
use crate::browser::chrome::{self, t, t_with};
use crate::browser::dom::{self, El};
use crate::core::export::{EventField, EventProblem, ImportError, MAX_BYTES};
use crate::core::ledger::Window;
use crate::core::model::Handle;
use crate::core::settings::{PageKind, RepostMode, Settings};
use crate::proto::messages::{Message, Status};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// One row per kind of page, three choices each; a change is saved at once and reaches open
/// X tabs through `storage.onChanged`.
pub(super) fn modes_section(settings: &Rc<RefCell<Settings>>) -> El {
    let rows = PageKind::CHOOSABLE.into_iter().map(|kind| {
        let current = settings.borrow().modes.get(kind);
        let choices = RepostMode::ALL.into_iter().map(|mode| {
            let settings = settings.clone();
            let mut input = El::new("input")
                .attr("type", "radio")
                .attr("name", &format!("mode-{}", kind.as_str()))
                .attr("value", mode.as_str())
                .attr("data-lb-mode", mode.as_str())
                .on("change", move |_| {
                    settings.borrow_mut().modes.set(kind, mode);
                    save(settings.borrow().clone());
                });
            if mode == current {
                input = input.attr("checked", "");
            }
            El::new("label")
                .class("choice")
                .child(input)
                .child(El::new("span").text(&t(&format!("mode_{}", mode.as_str()))))
        });
        El::new("fieldset")
            .lb("mode")
            .attr("data-lb-kind", kind.as_str())
            .child(El::new("legend").text(&t(&format!("kind_{}", kind.as_str()))))
            .children(choices)
    });
    El::new("section")
        .lb("modes")
        .child(El::new("h2").text(&t("modesHeading")))
        .child(El::new("p").class("help").text(&t("modesHelp")))
        .children(rows)
}

/// Who "me" is and the counting window.
pub(super) fn ledger_section(settings: &Rc<RefCell<Settings>>, status: Option<&Status>) -> El {
    let me = status
        .and_then(|s| s.me.as_ref())
        .map(Handle::to_string)
        .unwrap_or_default();
    let by_user = status.is_some_and(|s| s.me_by_user);
    let me_input = El::new("input")
        .lb("me")
        .attr("type", "text")
        .attr("value", &me)
        .attr("placeholder", &t("mePlaceholder"))
        .attr("aria-label", &t("meLabel"))
        .attr("autocomplete", "off")
        .attr("spellcheck", "false")
        .on("change", |event| {
            let value = dom::value_of(event)
                .trim()
                .trim_start_matches('@')
                .to_string();
            wasm_bindgen_futures::spawn_local(async move {
                let me = if value.is_empty() {
                    None
                } else {
                    Handle::parse(&value)
                };
                if !value.is_empty() && me.is_none() {
                    say("me-status", &t_with("meInvalid", &[&value]));
                    return;
                }
                let reply = chrome::ask(&Message::SetMe { me: me.clone() }).await;
                say_reply("me-status", &reply, || match me {
                    Some(me) => t_with("meSaved", &[me.as_str()]),
                    None => t("meFromPage"),
                });
            });
        });
    let me_note = if me.is_empty() {
        t("meUnknown")
    } else if by_user {
        t("meSetByYou")
    } else {
        t("meSeenOnX")
    };
    let current = settings.borrow().window;
    let window_select = {
        let settings = settings.clone();
        let select = El::new("select")
            .lb("window")
            .attr("aria-label", &t("windowLabel"));
        let select = Window::CHOICES.into_iter().fold(select, |select, w| {
            let mut option = El::new("option").attr("value", &w.as_str()).text(&match w {
                Window::All => t("windowAll"),
                Window::Days(1) => t("window1"),
                Window::Days(d) => t_with("windowDays", &[&d.to_string()]),
            });
            if w == current {
                option = option.attr("selected", "");
            }
            select.child(option)
        });
        select.on("change", move |event| {
            if let Some(w) = Window::parse(&dom::value_of(event)) {
                settings.borrow_mut().window = w;
                save(settings.borrow().clone());
            }
        })
    };
    El::new("section")
        .lb("ledger")
        .child(El::new("h2").text(&t("ledgerHeading")))
        .child(
            El::new("label")
                .class("row")
                .child(El::new("span").text(&t("meLabel")))
                .child(me_input),
        )
        .child(
            El::new("p")
                .class("help")
                .lb("me-status")
                .attr("aria-live", "polite")
                .text(&me_note),
        )
        .child(
            El::new("label")
                .class("row")
                .child(El::new("span").text(&t("windowLabel")))
                .child(window_select),
        )
        .child(El::new("p").class("help").text(&t("coverageNote")))
        .child(
            El::new("p")
                .class("help")
                .lb("shortcut")
                .text(&t("shortcutNote")),
        )
}

/// Counts, export, import and reset.
pub(super) fn data_section(status: Option<&Status>) -> El {
    let counts = match status {
        Some(s) => t_with(
            "dataCounts",
            &[
                &s.received.to_string(),
                &s.given.to_string(),
                &s.people.to_string(),
            ],
        ),
        None => t("dataUnavailable"),
    };
    let import = El::new("input")
        .lb("import")
        .attr("type", "file")
        .attr("accept", ".json,application/json")
        .attr("aria-label", &t("importLabel"))
        .on("change", |event| {
            let Some(input) = event
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            else {
                return;
            };
            let Some(file) = input.files().and_then(|f| f.get(0)) else {
                return;
            };
            if file.size() > crate::core::export::MAX_BYTES as f64 {
                let why = refusal(&crate::core::export::ImportError::TooLarge, &t_with);
                say("import-status", &t_with("importRefused", &[&why]));
                input.set_value("");
                return;
            }
            say("import-status", &t("importReading"));
            wasm_bindgen_futures::spawn_local(async move {
                // Kept as a JS string: it goes to the background in parts (`transfer`),
                // never whole into this page's WASM.
                let text: js_sys::JsString =
                    match wasm_bindgen_futures::JsFuture::from(file.text()).await {
                        Ok(v) => v.unchecked_into(),
                        Err(_) => {
                            say("import-status", &t("importUnreadable"));
                            return;
                        }
                    };
                let reply = crate::browser::transfer::send_import(&text).await;
                if reply.ok {
                    render().await;
                    say(
                        "import-status",
                        &t_with("importDone", &[&reply.added.to_string()]),
                    );
                } else {
                    // In the user's language where the reason is one Likeback knows.
                    let why = match &reply.refused {
                        Some(e) => refusal(e, &t_with),
                        None => reply.error.unwrap_or_default(),
                    };
                    say("import-status", &t_with("importRefused", &[&why]));
                }
                input.set_value("");
            });
        });
    let confirm = El::new("div")
        .lb("reset-confirm")
        .attr("hidden", "")
        .attr("role", "alertdialog")
        .attr("aria-label", &t("resetConfirm"))
        .child(El::new("p").text(&t("resetConfirm")))
        .child(
            El::new("button")
                .lb("reset-yes")
                .class("danger")
                .text(&t("resetYes"))
                .on("click", |_| {
                    wasm_bindgen_futures::spawn_local(async {
                        let reply = chrome::ask(&Message::Reset).await;
                        render().await;
                        say_reply("data-status", &reply, || t("resetDone"));
                    });
                }),
        )
        .child(
            El::new("button")
                .lb("reset-no")
                .text(&t("resetNo"))
                .on("click", |_| {
                    show_reset_confirm(false);
                }),
        );
    let mut section = El::new("section")
        .lb("data")
        .child(El::new("h2").text(&t("dataHeading")))
        .child(El::new("p").lb("counts").text(&counts));
    // Zero counts are no fault: say where the first likes come from.
    if status.is_some_and(|s| s.received == 0 && s.given == 0) {
        section = section.child(
            El::new("p")
                .lb("data-empty")
                .class("empty-note")
                .text(&t("dataEmpty")),
        );
    }
    section
        .child(
            El::new("div")
                .class("buttons")
                .child(
                    El::new("button")
                        .lb("export-json")
                        .text(&t("exportJson"))
                        .on("click", |_| download_export()),
                )
                .child(
                    El::new("button")
                        .lb("export-csv")
                        .text(&t("exportCsv"))
                        .on("click", |_| download(Message::ExportCsv)),
                ),
        )
        .child(
            El::new("label")
                .class("row")
                .child(El::new("span").text(&t("importLabel")))
                .child(import),
        )
        .child(El::new("p").class("help").text(&t("importHelp")))
        .child(
            El::new("p")
                .lb("import-status")
                .attr("role", "status")
                .attr("aria-live", "polite"),
        )
        .child(
            El::new("div").class("buttons").child(
                El::new("button")
                    .lb("reset")
                    .class("danger")
                    .text(&t("reset"))
                    .on("click", |_| {
                        show_reset_confirm(true);
                    }),
            ),
        )
        .child(confirm)
        .child(
            El::new("p")
                .lb("data-status")
                .attr("role", "status")
                .attr("aria-live", "polite"),
        )
}

fn show_reset_confirm(show: bool) {
    if let Some(e) = dom::by_selector(r#"[data-lb="reset-confirm"]"#) {
        if show {
            let _ = e.remove_attribute("hidden");
            if let Ok(Some(no)) = e.query_selector(r#"[data-lb="reset-no"]"#) {
                let _ = no.unchecked_into::<web_sys::HtmlElement>().focus();
            }
        } else {
            let _ = e.set_attribute("hidden", "");
        }
    }
}

/// Asks the background for the export file, in parts over a port (`transfer`: a message
/// carries at most 64 MiB), and hands it to the browser's downloads.
fn download_export() {
    wasm_bindgen_futures::spawn_local(async move {
        match crate::browser::transfer::receive_export().await {
            Ok((parts, name)) => save_file(&parts, &name),
            Err(why) => say("data-status", &why),
        }
    });
}

/// Asks the background for a file and hands it to the browser's downloads.
fn download(message: Message) {
    wasm_bindgen_futures::spawn_local(async move {
        let reply = chrome::ask(&message).await;
        let (Some(text), Some(name)) = (reply.text, reply.filename) else {
            say("data-status", &reply.error.unwrap_or_default());
            return;
        };
        save_file(&js_sys::Array::of1(&JsValue::from_str(&text)), &name);
    });
}

/// Offers `parts` (JS strings) as a file download named `name`.
fn save_file(parts: &js_sys::Array, name: &str) {
    {
        let options = web_sys::BlobPropertyBag::new();
        options.set_type(if name.ends_with(".csv") {
            "text/csv;charset=utf-8"
        } else {
            "application/json"
        });
        let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(parts, &options) else {
            return;
        };
        let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
            return;
        };
        let link = El::new("a").attr("href", &url).attr("download", name);
        link.html().click();
        // Revoked later: the download starts after this task.
        gloo::timers::callback::Timeout::new(60_000, move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        })
        .forget();
    }
}

/// Why an import was refused, in words of `_locales` (`t` is [`t_with`]; the tests pass one
/// that reads the locale files). Text quoted from the file is passed on as it is.
pub fn refusal(e: &ImportError, t: &dyn Fn(&str, &[&str]) -> String) -> String {
    match e {
        ImportError::TooLarge => t("importTooLarge", &[&(MAX_BYTES >> 20).to_string()]),
        ImportError::NotJson { line, column } => {
            t("importNotJson", &[&line.to_string(), &column.to_string()])
        }
        ImportError::CutShort => t("importCutShort", &[]),
        ImportError::NotLikeback => t("importNotLikeback", &[]),
        ImportError::NewerVersion(v) => t("importNewer", &[&v.to_string()]),
        ImportError::NoVersion => t("importNoVersion", &[]),
        ImportError::BadMe(me) => t("importBadMe", &[me]),
        ImportError::BadSettings => t("importBadSettings", &[]),
        ImportError::BadTeam => t("importBadTeam", &[]),
        ImportError::BadNames => t("importBadNames", &[]),
        ImportError::BadName(who) => t("importBadName", &[who]),
        ImportError::NoEvents => t("importNoEvents", &[]),
        ImportError::Event(i, problem) => {
            let why = match problem {
                EventProblem::Missing(field) => t(
                    match field {
                        EventField::Who => "importEventNoWho",
                        EventField::Post => "importEventNoPost",
                        EventField::At => "importEventNoAt",
                        EventField::Type => "importEventNoType",
                    },
                    &[],
                ),
                EventProblem::NotHandle(v) => t("importEventHandle", &[v]),
                EventProblem::NotPostId(v) => t("importEventPost", &[v]),
                EventProblem::NotTime(v) => t("importEventTime", &[v]),
                EventProblem::UnknownType(v) => t("importEventType", &[v]),
            };
            t("importBadEvent", &[&(i + 1).to_string(), &why])
        }
    }
}
