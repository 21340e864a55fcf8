//! What a content script learned, on its way to the background. Kept until the background
//! answers that it is stored: MV3 stops idle service workers, and a message sent while the
//! worker is stopping gets no answer, so it is sent again (with a growing pause) until one comes.

use crate::core::ledger::Event;
use crate::core::model::Handle;
use crate::ext::chrome;
use crate::ext::messages::{Message, Reply};
use std::cell::RefCell;

#[derive(Default)]
struct Outbox {
    me: Option<Handle>,
    events: Vec<Event>,
    names: Vec<(Handle, String)>,
    note: Option<String>,
    sending: bool,
}

thread_local! {
    static OUTBOX: RefCell<Outbox> = RefCell::new(Outbox::default());
}

/// Most events one message carries; a large backlog goes in several.
const PER_MESSAGE: usize = 2000;

/// Queues what was learned and starts sending if nothing is under way.
pub fn learn(
    me: Option<Handle>,
    events: Vec<Event>,
    names: Vec<(Handle, String)>,
    note: Option<String>,
) {
    if me.is_none() && events.is_empty() && names.is_empty() && note.is_none() {
        return;
    }
    let start = OUTBOX.with(|o| {
        let mut o = o.borrow_mut();
        if me.is_some() {
            o.me = me;
        }
        o.events.extend(events);
        o.names.extend(names);
        if note.is_some() {
            o.note = note;
        }
        !std::mem::replace(&mut o.sending, true)
    });
    if start {
        wasm_bindgen_futures::spawn_local(drain());
    }
}

async fn drain() {
    let mut pause = 250;
    loop {
        let message = OUTBOX.with(|o| {
            let mut o = o.borrow_mut();
            if o.me.is_none() && o.events.is_empty() && o.names.is_empty() && o.note.is_none() {
                o.sending = false;
                return None;
            }
            let n = o.events.len().min(PER_MESSAGE);
            let names_n = o.names.len().min(PER_MESSAGE);
            Some(Message::Learn {
                me: o.me.clone(),
                events: o.events[..n].to_vec(),
                names: o.names[..names_n].to_vec(),
                note: o.note.clone(),
            })
        });
        let Some(message) = message else {
            return;
        };
        let stored = match chrome::send(&message).await {
            Ok(answer) => chrome::from_js::<Reply>(answer).is_ok_and(|r| r.ok),
            Err(_) => false,
        };
        if stored {
            pause = 250;
            if let Message::Learn {
                me,
                events,
                names,
                note,
            } = message
            {
                OUTBOX.with(|o| {
                    let mut o = o.borrow_mut();
                    o.events.drain(..events.len());
                    o.names.drain(..names.len());
                    // Only what was sent; a newer value that arrived meanwhile goes next.
                    if o.me == me {
                        o.me = None;
                    }
                    if o.note == note {
                        o.note = None;
                    }
                });
            }
        } else {
            sleep(pause).await;
            pause = (pause * 2).min(8000);
        }
    }
}

async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = gloo::utils::window()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
