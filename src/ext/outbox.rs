//! What a content script learned, on its way to the background. Kept until the background
//! answers that it is stored: MV3 stops idle service workers, and a message sent while the
//! worker is stopping gets no answer, so it is sent again (with a growing pause) until one comes.

use crate::core::ledger::Event;
use crate::core::marks::Newest;
use crate::core::model::Handle;
use crate::ext::chrome;
use crate::ext::messages::Message;
use std::cell::RefCell;

/// Things learned, waiting to be sent.
#[derive(Default)]
pub struct Learned {
    pub me: Option<Handle>,
    pub events: Vec<Event>,
    pub names: Vec<(Handle, String)>,
    pub posts: Vec<(Handle, Newest)>,
    pub note: Option<String>,
}

impl Learned {
    fn is_empty(&self) -> bool {
        self.me.is_none()
            && self.events.is_empty()
            && self.names.is_empty()
            && self.posts.is_empty()
            && self.note.is_none()
    }
}

#[derive(Default)]
struct Outbox {
    waiting: Learned,
    sending: bool,
}

thread_local! {
    static OUTBOX: RefCell<Outbox> = RefCell::new(Outbox::default());
}

/// Most items of each kind one message carries; a large backlog goes in several.
const PER_MESSAGE: usize = 2000;

/// Queues what was learned and starts sending if nothing is under way.
pub fn learn(learned: Learned) {
    if learned.is_empty() {
        return;
    }
    let start = OUTBOX.with(|o| {
        let mut o = o.borrow_mut();
        let w = &mut o.waiting;
        if learned.me.is_some() {
            w.me = learned.me;
        }
        w.events.extend(learned.events);
        w.names.extend(learned.names);
        w.posts.extend(learned.posts);
        if learned.note.is_some() {
            w.note = learned.note;
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
            if o.waiting.is_empty() {
                o.sending = false;
                return None;
            }
            let w = &o.waiting;
            let first = |n: usize| n.min(PER_MESSAGE);
            Some(Message::Learn {
                me: w.me.clone(),
                events: w.events[..first(w.events.len())].to_vec(),
                names: w.names[..first(w.names.len())].to_vec(),
                posts: w.posts[..first(w.posts.len())].to_vec(),
                note: w.note.clone(),
            })
        });
        let Some(message) = message else {
            return;
        };
        if !chrome::ask(&message).await.ok {
            // The extension was reloaded or updated under this tab: no answer can ever come,
            // and this content script steps aside (the tab's next load runs the new one).
            if !chrome::context_valid() {
                OUTBOX.with(|o| *o.borrow_mut() = Outbox::default());
                crate::ext::content::stop_soon();
                return;
            }
            sleep(pause).await;
            pause = (pause * 2).min(8000);
            continue;
        }
        pause = 250;
        if let Message::Learn {
            me,
            events,
            names,
            posts,
            note,
        } = message
        {
            OUTBOX.with(|o| {
                let w = &mut o.borrow_mut().waiting;
                w.events.drain(..events.len());
                w.names.drain(..names.len());
                w.posts.drain(..posts.len());
                // Only what was sent; a newer value that arrived meanwhile goes next.
                if w.me == me {
                    w.me = None;
                }
                if w.note == note {
                    w.note = None;
                }
            });
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
