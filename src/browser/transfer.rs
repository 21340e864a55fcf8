//! Moving an export file between the options page and the background at any size. A
//! `runtime.sendMessage` carries at most 64 MiB in Chrome (an export of about 580,000 events),
//! so the file travels in parts over a `runtime.Port`: the background sends the export in
//! parts, the options page sends an import in parts, and each side keeps the parts as JS
//! strings until the whole is there.
//!
//! On the port: `{ready: true}` (the background listens: the page may send), `{part: "…"}`,
//! `{end: true}` (the page sent every part), `{reply: Reply}` (the outcome, last).

use crate::browser::chrome::ExtError;
use crate::proto::messages::Reply;
use js_sys::{Array, Function, JsString, Object, Promise, Reflect};
use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// The port the options page opens to receive the export file.
pub const EXPORT_PORT: &str = "likeback-export";
/// The port the options page opens to send a file to import.
pub const IMPORT_PORT: &str = "likeback-import";

/// UTF-16 code units per part: even with every character escaped or three bytes long, a part
/// stays far below the 64 MiB a message may carry.
const PART_UNITS: u32 = 4 << 20;
/// Bytes per part when the text is in Rust (UTF-8).
const PART_BYTES: usize = 4 << 20;

#[wasm_bindgen]
extern "C" {
    /// A `runtime.Port`.
    #[derive(Clone)]
    pub type Port;
    #[wasm_bindgen(js_namespace = ["lbExt", "runtime"], js_name = connect, catch)]
    fn runtime_connect(info: &JsValue) -> Result<Port, JsValue>;
    #[wasm_bindgen(method, getter)]
    fn name(this: &Port) -> String;
    #[wasm_bindgen(method, getter)]
    fn sender(this: &Port) -> JsValue;
    #[wasm_bindgen(method, js_name = postMessage, catch)]
    fn post_message(this: &Port, message: &JsValue) -> Result<(), JsValue>;
    #[wasm_bindgen(method, catch)]
    fn disconnect(this: &Port) -> Result<(), JsValue>;
    #[wasm_bindgen(method, getter, js_name = onMessage)]
    fn on_message(this: &Port) -> PortEvent;
    #[wasm_bindgen(method, getter, js_name = onDisconnect)]
    fn on_disconnect(this: &Port) -> PortEvent;

    type PortEvent;
    #[wasm_bindgen(method, js_name = addListener)]
    fn add_listener(this: &PortEvent, f: &Function);
    #[wasm_bindgen(method, js_name = removeListener)]
    fn remove_listener(this: &PortEvent, f: &Function);
}

#[derive(Default)]
struct Inbox {
    queue: VecDeque<JsValue>,
    closed: bool,
    wake: Option<Function>,
}

impl Inbox {
    fn wake(&mut self) {
        if let Some(wake) = self.wake.take() {
            let _ = wake.call0(&JsValue::NULL);
        }
    }
}

/// One end of a port, read in order with `next`. Dropping it removes its listeners and
/// closes the port.
#[must_use]
pub struct Connection {
    port: Port,
    inbox: Rc<RefCell<Inbox>>,
    on_message: Closure<dyn FnMut(JsValue)>,
    on_disconnect: Closure<dyn FnMut(JsValue)>,
}

impl Connection {
    /// Opens a port to the background.
    pub fn open(name: &str) -> Result<Connection, ExtError> {
        let info = Object::new();
        Reflect::set(&info, &"name".into(), &name.into())?;
        Ok(Connection::new(runtime_connect(&info)?))
    }

    /// Takes a port the other side opened (`runtime.onConnect`).
    pub fn new(port: Port) -> Connection {
        let inbox = Rc::new(RefCell::new(Inbox::default()));
        let on_message = Closure::<dyn FnMut(JsValue)>::new({
            let inbox = inbox.clone();
            move |message: JsValue| {
                let mut inbox = inbox.borrow_mut();
                inbox.queue.push_back(message);
                inbox.wake();
            }
        });
        let on_disconnect = Closure::<dyn FnMut(JsValue)>::new({
            let inbox = inbox.clone();
            move |_| {
                let mut inbox = inbox.borrow_mut();
                inbox.closed = true;
                inbox.wake();
            }
        });
        port.on_message()
            .add_listener(on_message.as_ref().unchecked_ref());
        port.on_disconnect()
            .add_listener(on_disconnect.as_ref().unchecked_ref());
        Connection {
            port,
            inbox,
            on_message,
            on_disconnect,
        }
    }

    pub fn name(&self) -> String {
        self.port.name()
    }

    /// Who opened the port (a `runtime.MessageSender`).
    pub fn sender(&self) -> JsValue {
        self.port.sender()
    }

    /// The next message; `None` once the other side is gone.
    pub async fn next(&self) -> Option<JsValue> {
        loop {
            let waiting = {
                let mut inbox = self.inbox.borrow_mut();
                if let Some(message) = inbox.queue.pop_front() {
                    return Some(message);
                }
                if inbox.closed {
                    return None;
                }
                let mut wake = None;
                let promise = Promise::new(&mut |resolve, _| wake = Some(resolve));
                inbox.wake = wake;
                promise
            };
            let _ = JsFuture::from(waiting).await;
        }
    }

    fn post(&self, key: &str, value: &JsValue) -> Result<(), ExtError> {
        let message = Object::new();
        Reflect::set(&message, &key.into(), value)?;
        Ok(self.port.post_message(&message)?)
    }

    pub fn post_ready(&self) -> Result<(), ExtError> {
        self.post("ready", &JsValue::TRUE)
    }

    pub fn post_end(&self) -> Result<(), ExtError> {
        self.post("end", &JsValue::TRUE)
    }

    pub fn post_reply(&self, reply: &Reply) -> Result<(), ExtError> {
        self.post("reply", &crate::browser::chrome::to_js(reply)?)
    }

    /// Sends a text held in Rust, in parts cut between characters.
    pub fn post_text(&self, text: &str) -> Result<(), ExtError> {
        let mut rest = text;
        while !rest.is_empty() {
            let mut cut = rest.len().min(PART_BYTES);
            while !rest.is_char_boundary(cut) {
                cut -= 1;
            }
            let (part, tail) = rest.split_at(cut);
            self.post("part", &JsValue::from_str(part))?;
            rest = tail;
        }
        Ok(())
    }

    /// Sends a JS string in parts without copying it into WASM, never splitting a surrogate
    /// pair (half of one would arrive as U+FFFD).
    pub fn post_js_text(&self, text: &JsString) -> Result<(), ExtError> {
        let len = text.length();
        let mut start = 0;
        while start < len {
            let mut end = (start + PART_UNITS).min(len);
            if end < len && (0xD800..0xDC00).contains(&(text.char_code_at(end - 1) as u32)) {
                end -= 1;
            }
            self.post("part", &text.slice(start, end))?;
            start = end;
        }
        Ok(())
    }
}

impl Drop for Connection {
    fn drop(&mut self) {
        self.port
            .on_message()
            .remove_listener(self.on_message.as_ref().unchecked_ref());
        self.port
            .on_disconnect()
            .remove_listener(self.on_disconnect.as_ref().unchecked_ref());
        let _ = self.port.disconnect();
    }
}

/// One message read from a port.
pub enum Received {
    Ready,
    Part(JsValue),
    End,
    Reply(Box<Reply>),
    /// Something else: ignored by the reader.
    Other,
}

pub fn read(message: &JsValue) -> Received {
    let get = |key: &str| Reflect::get(message, &key.into()).unwrap_or(JsValue::UNDEFINED);
    let part = get("part");
    if part.is_string() {
        return Received::Part(part);
    }
    let reply = get("reply");
    if !reply.is_undefined() {
        return Received::Reply(Box::new(
            crate::browser::chrome::from_js::<Reply>(reply).unwrap_or_else(|e| Reply::error(e.0)),
        ));
    }
    if get("ready").is_truthy() {
        return Received::Ready;
    }
    if get("end").is_truthy() {
        return Received::End;
    }
    Received::Other
}

/// Options page: asks the background for the export file; returns its parts (JS strings, to
/// make a `Blob` of without joining them) and its name.
pub async fn receive_export() -> Result<(Array, String), String> {
    let connection = Connection::open(EXPORT_PORT).map_err(|e| e.0)?;
    let parts = Array::new();
    while let Some(message) = connection.next().await {
        match read(&message) {
            Received::Part(part) => {
                parts.push(&part);
            }
            Received::Reply(reply) if reply.ok => {
                return Ok((parts, reply.filename.unwrap_or_default()));
            }
            Received::Reply(reply) => return Err(reply.error.unwrap_or_default()),
            _ => {}
        }
    }
    Err(NO_ANSWER.into())
}

/// Options page: sends a file to import and returns the background's reply.
pub async fn send_import(text: &JsString) -> Reply {
    let Ok(connection) = Connection::open(IMPORT_PORT) else {
        return Reply::error(NO_ANSWER);
    };
    // The background must be listening before the parts go (a worker that is starting
    // would drop them).
    while let Some(message) = connection.next().await {
        match read(&message) {
            Received::Ready => {
                if let Err(e) = connection
                    .post_js_text(text)
                    .and_then(|()| connection.post_end())
                {
                    return Reply::error(e.0);
                }
            }
            Received::Reply(reply) => return *reply,
            _ => {}
        }
    }
    Reply::error(NO_ANSWER)
}

const NO_ANSWER: &str =
    "the background did not answer (Likeback may have been updated or stopped); try again";
