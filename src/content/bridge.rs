//! Receives X's own API responses from `extension/tap.js` (page world) and hands them to
//! `core::api`. They come over the private `MessagePort` that `extension/content.js` set up
//! with the tap at document_start; nothing posted to the window is read, so a page script
//! cannot speak for the tap. What arrives is still untrusted input: only the expected shape
//! and a bounded size get through, and a body's length is checked before it is copied into
//! WebAssembly memory.

use gloo::events::EventListener;
use wasm_bindgen::JsCast;
use web_sys::MessagePort;

/// Larger bodies are ignored (X's largest timeline pages are around 1–2 MB). In UTF-16 units,
/// as JavaScript measures strings, before anything is copied.
const MAX_BODY: u32 = 8 * 1024 * 1024;
const MAX_URL: u32 = 4096;

/// What the tap says.
pub enum Tap {
    /// A copy of one of X's API responses.
    Response { url: String, body: String },
    /// Every response kept from before the content script started has been handed over.
    Flushed,
}

/// The content script's end of the channel to the tap; dropping it stops listening and
/// closes the port (the tap's sends then go nowhere).
#[must_use]
pub struct Channel {
    port: MessagePort,
    _listener: EventListener,
}

impl Channel {
    /// Calls `on_tap` for each message the tap sends on `port`.
    pub fn listen(port: MessagePort, mut on_tap: impl FnMut(Tap) + 'static) -> Channel {
        let listener = EventListener::new(&port, "message", move |event| {
            if let Some(tap) = event.dyn_ref::<web_sys::MessageEvent>().and_then(read) {
                on_tap(tap);
            }
        });
        // A port listened to with addEventListener delivers only once started; until then it
        // has held what the tap sent.
        port.start();
        Channel {
            port,
            _listener: listener,
        }
    }

    /// Tells the tap that the content script listens: it then sends what it kept since the
    /// page started (X fetches the first timeline before the WASM has loaded).
    pub fn announce_ready(&self) {
        let _ = self.port.post_message(&"ready".into());
    }
}

impl Drop for Channel {
    fn drop(&mut self) {
        self.port.close();
    }
}

fn read(event: &web_sys::MessageEvent) -> Option<Tap> {
    let data = event.data();
    if data.as_string().as_deref() == Some("flushed") {
        return Some(Tap::Flushed);
    }
    if !data.is_object() {
        return None;
    }
    // Lengths first: a string is copied into WASM memory only once it is known to be small.
    let text = |key: &str, max: u32| -> Option<String> {
        let v = js_sys::Reflect::get(&data, &key.into()).ok()?;
        let s = v.dyn_ref::<js_sys::JsString>()?;
        (s.length() <= max).then(|| String::from(s))
    };
    Some(Tap::Response {
        url: text("url", MAX_URL)?,
        body: text("body", MAX_BODY)?,
    })
}
