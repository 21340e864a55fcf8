//! What the options page's parts share: saying how a change went, and saving the settings.

use crate::browser::chrome::{self, t};
use crate::browser::dom;
use crate::core::settings::Settings;
use crate::proto::messages::Reply;

thread_local! {
    /// The store was written by a newer Likeback: this page changes nothing.
    pub(crate) static READ_ONLY: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

pub(crate) fn say(hook: &str, text: &str) {
    if let Some(e) = dom::by_selector(&format!(r#"[data-lb="{hook}"]"#)) {
        e.set_text_content(Some(text));
    }
}

pub(crate) fn save(settings: Settings) {
    if READ_ONLY.with(|r| r.get()) {
        // Left as the newer Likeback stored it (the note at the top says why).
        say("status", &t("saveFailed"));
        return;
    }
    wasm_bindgen_futures::spawn_local(async move {
        let result = async { chrome::set(&[("settings", chrome::to_js(&settings)?)]).await }.await;
        say(
            "status",
            &match result {
                Ok(()) => t("saved"),
                Err(e) => format!("{}: {e}", t("saveFailed")),
            },
        );
    });
}

/// Says how a request to the background went: `ok` in words when it went through, else the
/// error the background gave.
pub(crate) fn say_reply(hook: &str, reply: &Reply, ok: impl FnOnce() -> String) {
    say(
        hook,
        &if reply.ok {
            ok()
        } else {
            reply.error.clone().unwrap_or_default()
        },
    );
}
