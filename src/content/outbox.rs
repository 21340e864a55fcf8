//! What a content script learned, on its way to the background. Everything passes
//! `core::admit` first. Then it is kept until the background answers that it is stored: MV3
//! stops idle service workers, and a message sent while the worker is stopping gets no answer,
//! so it is sent again (with a growing pause) until one comes.
//!
//! Retrying is bounded, so that one bad batch can never stop a tab from recording: a batch
//! that cannot even be serialised is dropped at once (only its bad items when they can be told
//! apart) with a note; a batch that keeps failing is sent in ever smaller parts, so that what
//! can be stored is, and a single item that still fails is dropped with a note. What waits is
//! bounded too: past `MAX_WAITING` items the oldest go. Everything dropped is counted in
//! `Refused::unsent`, which travels with the next message that arrives.
//!
//! Messaging is the costliest thing a content script does while X streams posts in (each
//! `runtime.sendMessage` serialises, crosses processes and wakes the service worker), so what
//! is learned is gathered for `GATHER_MS` and sent in one message; `flush` sends at once (a
//! like the user gave, the tab hidden or closing). What the background already heard from this
//! tab is not sent again (`core::sent`).

use crate::browser::chrome;
use crate::core::admit::{self, Allowance, Refused, Rules};
use crate::core::health::Reading;
use crate::core::ledger::Event;
use crate::core::marks::Newest;
use crate::core::model::Handle;
use crate::core::sent::Sent;
use crate::proto::messages::Message;
use std::cell::RefCell;

/// Things learned, waiting to be sent.
#[derive(Default)]
pub struct Learned {
    pub me: Option<Handle>,
    pub events: Vec<Event>,
    pub names: Vec<(Handle, String)>,
    pub posts: Vec<(Handle, Newest)>,
    pub note: Option<String>,
    /// What each source yielded (merged per source by the content script).
    pub readings: Vec<Reading>,
}

impl Learned {
    fn is_empty(&self) -> bool {
        self.me.is_none()
            && self.events.is_empty()
            && self.names.is_empty()
            && self.posts.is_empty()
            && self.note.is_none()
            && self.readings.is_empty()
    }
}

struct Outbox {
    waiting: Learned,
    /// Refused or dropped since the background last heard of it.
    refused: Refused,
    sending: bool,
    /// This tab's per-minute allowance (the content script lives as long as the tab).
    allowance: Allowance,
    /// Most items of each kind in the next message: `PER_MESSAGE`, halved while a batch keeps
    /// failing.
    limit: usize,
    /// Send what waits at once, not at the end of the gathering pause.
    urgent: bool,
    /// The end of the gathering pause; dropping it cancels it.
    timer: Option<gloo::timers::callback::Timeout>,
    /// What this tab already sent.
    sent: Sent,
}

impl Default for Outbox {
    fn default() -> Self {
        Outbox {
            waiting: Learned::default(),
            refused: Refused::default(),
            sending: false,
            allowance: Allowance::default(),
            limit: admit::PER_MESSAGE,
            urgent: false,
            timer: None,
            sent: Sent::default(),
        }
    }
}

thread_local! {
    static OUTBOX: RefCell<Outbox> = RefCell::new(Outbox::default());
}

/// Most items of each kind kept waiting: a tab whose background has been unreachable for a
/// long time keeps this many (ten minutes of the largest allowance) and drops the oldest.
const MAX_WAITING: usize = (admit::POSTS_PER_MINUTE * admit::BACKLOG_MINUTES) as usize;
/// Failures of one batch before it is split in two (or, a single item, dropped).
const FAILURES_BEFORE_SPLIT: u32 = 3;
/// The pause after a failure grows from `FIRST_PAUSE_MS` to this.
const FIRST_PAUSE_MS: i32 = 250;
const LONGEST_PAUSE_MS: i32 = 30_000;
/// How long what is learned is gathered before it is sent (unless something calls `flush`).
pub const GATHER_MS: u32 = 1_000;

/// What to do about the queue now.
#[derive(Debug, PartialEq, Eq)]
enum Plan {
    /// Nothing waits, or a send is under way (it looks at the queue again when it ends).
    Nothing,
    /// Start sending now.
    Send,
    /// Send at the end of the gathering pause.
    Gather,
}

fn plan(o: &Outbox) -> Plan {
    if o.sending || (o.waiting.is_empty() && o.refused.is_empty()) {
        Plan::Nothing
    } else if o.urgent {
        Plan::Send
    } else {
        Plan::Gather
    }
}

/// Acts on `plan`: starts the drain, or the gathering pause if none is running.
fn follow_plan(o: &mut Outbox) {
    match plan(o) {
        Plan::Nothing => {}
        Plan::Send => {
            o.timer = None;
            o.sending = true;
            wasm_bindgen_futures::spawn_local(drain());
        }
        Plan::Gather => {
            if o.timer.is_none() {
                o.timer = Some(gloo::timers::callback::Timeout::new(GATHER_MS, || {
                    OUTBOX.with(|o| {
                        let mut o = o.borrow_mut();
                        o.timer = None;
                        o.urgent = true;
                        follow_plan(&mut o);
                    })
                }));
            }
        }
    }
}

/// Sends what waits now (a like the user gave, the tab hidden or about to close).
pub fn flush() {
    OUTBOX.with(|o| {
        let mut o = o.borrow_mut();
        o.urgent = true;
        follow_plan(&mut o);
    });
}

/// The page is going away (`pagehide`). When a message is under way, its answer may come too
/// late for the drain to send the rest, so everything that waits also goes now, in messages of
/// the usual size, without waiting for answers. What the message under way carries may then
/// arrive twice: the background counts every like once, however often it is told.
pub fn leaving() {
    OUTBOX.with(|o| {
        let mut o = o.borrow_mut();
        if o.sending {
            let w = &o.waiting;
            let longest = w
                .events
                .len()
                .max(w.names.len())
                .max(w.posts.len())
                .max(w.readings.len());
            for from in (0..longest).step_by(o.limit.max(1)) {
                // Counts are reported once, by the message under way.
                chrome::send_and_forget(&message_from(&o, from, None, Refused::default()));
            }
        }
        o.urgent = true;
        follow_plan(&mut o);
    });
}

/// Checks what was learned (`me` is the account as the content script knows it), queues what
/// is plausible and new to the background, to be sent within `GATHER_MS`.
pub fn learn(learned: Learned, me: Option<&Handle>) {
    if learned.is_empty() {
        return;
    }
    OUTBOX.with(|o| {
        let mut o = o.borrow_mut();
        let o = &mut *o;
        let rules = Rules {
            now: js_sys::Date::now() as i64,
            me,
            // Received likes come only from sources that named me as the post's author
            // (`core::api`, `content::likes_page`); the background checks them against what it knows.
            others_post: &|_| false,
        };
        let mut admitted = o
            .allowance
            .admit(&rules, learned.events, learned.posts, learned.names);
        o.refused.add(&admitted.refused);
        o.sent.keep_new(
            &mut admitted.events,
            &mut admitted.posts,
            &mut admitted.names,
        );
        let w = &mut o.waiting;
        if learned.me.is_some() {
            w.me = learned.me;
        }
        w.events.extend(admitted.events);
        w.names.extend(admitted.names);
        w.posts.extend(admitted.posts);
        if learned.note.is_some() {
            w.note = learned.note;
        }
        w.readings.extend(learned.readings);
        let dropped =
            drop_oldest(&mut w.events) + drop_oldest(&mut w.names) + drop_oldest(&mut w.posts);
        o.refused.unsent = o.refused.unsent.saturating_add(dropped);
        follow_plan(o);
    });
}

/// Keeps the newest `MAX_WAITING` items; the number dropped.
fn drop_oldest<T>(items: &mut Vec<T>) -> u32 {
    let over = items.len().saturating_sub(MAX_WAITING);
    items.drain(..over);
    u32::try_from(over).unwrap_or(u32::MAX)
}

/// The next message: the first `limit` items of each kind.
fn next_message(o: &Outbox) -> Message {
    message_from(o, 0, o.waiting.note.clone(), o.refused)
}

/// Up to `limit` items of each kind from position `from` of the queue.
fn message_from(o: &Outbox, from: usize, note: Option<String>, refused: Refused) -> Message {
    let w = &o.waiting;
    let part = |n: usize| from.min(n)..from.saturating_add(o.limit).min(n);
    Message::Learn {
        me: w.me.clone(),
        events: w.events[part(w.events.len())].to_vec(),
        names: w.names[part(w.names.len())].to_vec(),
        posts: w.posts[part(w.posts.len())].to_vec(),
        note,
        refused,
        readings: w.readings[part(w.readings.len())].to_vec(),
    }
}

/// Removes what `message` carried from the queue (and from the counts it reported).
fn remove_sent(o: &mut Outbox, message: &Message) {
    let Message::Learn {
        me,
        events,
        names,
        posts,
        note,
        refused,
        readings,
    } = message
    else {
        return;
    };
    let w = &mut o.waiting;
    w.readings.drain(..readings.len());
    w.events.drain(..events.len());
    w.names.drain(..names.len());
    w.posts.drain(..posts.len());
    // Only what was sent; a newer value that arrived meanwhile goes next.
    if w.me == *me {
        w.me = None;
    }
    if w.note == *note {
        w.note = None;
    }
    let r = &mut o.refused;
    r.clamped = r.clamped.saturating_sub(refused.clamped);
    r.future_post = r.future_post.saturating_sub(refused.future_post);
    r.not_mine = r.not_mine.saturating_sub(refused.not_mine);
    r.over_cap = r.over_cap.saturating_sub(refused.over_cap);
    r.unsent = r.unsent.saturating_sub(refused.unsent);
}

/// Drops what could not be serialised: the items that fail on their own, or, when none does,
/// the whole batch. A note says why.
fn drop_unserialisable(o: &mut Outbox, message: &Message, error: &str) {
    let Message::Learn { events, .. } = message else {
        return;
    };
    let bad: Vec<usize> = (0..events.len())
        .filter(|&i| chrome::to_js(&events[i]).is_err())
        .collect();
    let dropped = if bad.is_empty() {
        let n = events.len();
        remove_sent(o, message);
        n.max(1)
    } else {
        for i in bad.iter().rev() {
            o.waiting.events.remove(*i);
        }
        bad.len()
    };
    o.refused.unsent = o
        .refused
        .unsent
        .saturating_add(u32::try_from(dropped).unwrap_or(u32::MAX));
    o.waiting.note = Some(format!(
        "{dropped} learned items could not be sent: {error:.120}"
    ));
}

/// A batch that keeps failing: split it, or drop it when it is one item (or only counts).
fn after_failures(o: &mut Outbox, message: &Message) {
    let Message::Learn {
        events,
        names,
        posts,
        ..
    } = message
    else {
        return;
    };
    let items = events.len() + names.len() + posts.len();
    if items > 1 && o.limit > 1 {
        o.limit /= 2;
        return;
    }
    remove_sent(o, message);
    if items > 0 {
        o.refused.unsent = o.refused.unsent.saturating_add(1);
        o.waiting.note = Some("a learned item was never stored by the background".into());
    }
}

async fn drain() {
    let mut pause = FIRST_PAUSE_MS;
    let mut failures = 0;
    // After a message, the next goes at once only when asked to or when the queue is longer
    // than a message; otherwise the rest is gathered again.
    let mut more_now = true;
    loop {
        let message = OUTBOX.with(|o| {
            let mut o = o.borrow_mut();
            if o.waiting.is_empty() && o.refused.is_empty() {
                o.sending = false;
                o.urgent = false;
                return None;
            }
            if !more_now && !o.urgent {
                o.sending = false;
                follow_plan(&mut o);
                return None;
            }
            // What arrives while this message is under way is gathered again, unless flushed.
            o.urgent = false;
            Some(next_message(&o))
        });
        let Some(message) = message else {
            return;
        };
        let value = match chrome::to_js(&message) {
            Ok(value) => value,
            Err(e) => {
                // Sending it again would fail the same way, for ever: it goes now.
                OUTBOX.with(|o| drop_unserialisable(&mut o.borrow_mut(), &message, &e.0));
                continue;
            }
        };
        if chrome::ask_js(&value).await.ok {
            more_now = OUTBOX.with(|o| {
                let mut o = o.borrow_mut();
                let full = is_full(&o, &message);
                remove_sent(&mut o, &message);
                // Back to full messages step by step: a bad item found by splitting is then
                // not met again at full size.
                o.limit = o.limit.saturating_mul(2).min(admit::PER_MESSAGE);
                full
            });
            pause = FIRST_PAUSE_MS;
            failures = 0;
            continue;
        }
        // The extension was reloaded or updated under this tab: no answer can ever come, and
        // this content script steps aside (the tab's next load runs the new one).
        if !chrome::context_valid() {
            OUTBOX.with(|o| *o.borrow_mut() = Outbox::default());
            crate::content::start::stop_soon();
            return;
        }
        failures += 1;
        // A retry waits only for its pause.
        more_now = true;
        if failures % FAILURES_BEFORE_SPLIT == 0 {
            OUTBOX.with(|o| after_failures(&mut o.borrow_mut(), &message));
        }
        sleep(pause).await;
        pause = pause.saturating_mul(2).min(LONGEST_PAUSE_MS);
    }
}

/// `message` carried as much as a message may: more of that kind may be waiting.
fn is_full(o: &Outbox, message: &Message) -> bool {
    let Message::Learn {
        events,
        names,
        posts,
        ..
    } = message
    else {
        return false;
    };
    [events.len(), names.len(), posts.len()]
        .iter()
        .any(|&n| n >= o.limit)
}

async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = gloo::utils::window()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::model::PostId;

    fn given(n: u64) -> Event {
        Event::Given {
            who: Handle::parse("aoi_dev").unwrap(),
            post: PostId(n),
            at: 1_763_800_000_000,
        }
    }

    fn outbox_with(events: usize) -> Outbox {
        let mut o = Outbox::default();
        o.waiting.events = (0..events as u64).map(given).collect();
        o
    }

    fn sent(m: &Message) -> usize {
        match m {
            Message::Learn { events, .. } => events.len(),
            _ => 0,
        }
    }

    #[test]
    fn a_batch_that_keeps_failing_is_split_until_its_bad_item_is_dropped() {
        let mut o = outbox_with(5_000);
        // The first item is one the background never stores: the rest must still go.
        let (mut rounds, mut reported) = (0, 0);
        while !o.waiting.events.is_empty() && rounds < 200 {
            rounds += 1;
            let m = next_message(&o);
            let bad =
                matches!(&m, Message::Learn { events, .. } if events.first() == Some(&given(0)));
            if bad {
                // (the drain loop calls this after every `FAILURES_BEFORE_SPLIT` failures)
                after_failures(&mut o, &m);
            } else {
                if let Message::Learn { refused, .. } = &m {
                    reported += refused.unsent;
                }
                remove_sent(&mut o, &m);
                o.limit = o.limit.saturating_mul(2).min(admit::PER_MESSAGE);
            }
        }
        assert!(o.waiting.events.is_empty(), "stuck after {rounds} rounds");
        // The drop was told to the background with the next message that arrived.
        assert_eq!((reported, o.refused.unsent), (1, 0));
        assert!(rounds < 40, "{rounds} rounds");
    }

    #[test]
    fn messages_carry_at_most_the_limit_and_what_was_sent_leaves_the_queue() {
        let mut o = outbox_with(4_500);
        o.refused.clamped = 3;
        let m = next_message(&o);
        assert_eq!(sent(&m), admit::PER_MESSAGE);
        o.refused.clamped += 1; // learned while the message was under way
        remove_sent(&mut o, &m);
        assert_eq!(o.waiting.events.len(), 2_500);
        assert_eq!(o.waiting.events[0], given(2_000));
        assert_eq!(o.refused.clamped, 1);
    }

    #[test]
    fn what_is_learned_is_gathered_unless_urgent() {
        let mut o = Outbox::default();
        assert_eq!(plan(&o), Plan::Nothing);
        o.waiting.events.push(given(1));
        assert_eq!(plan(&o), Plan::Gather);
        o.urgent = true;
        assert_eq!(plan(&o), Plan::Send);
        // A send under way looks at the queue again when it ends.
        o.sending = true;
        assert_eq!(plan(&o), Plan::Nothing);
        // Only counts to report still make a message.
        let mut o = Outbox::default();
        o.refused.unsent = 1;
        assert_eq!(plan(&o), Plan::Gather);
    }

    #[test]
    fn a_full_message_means_more_may_wait() {
        let o = outbox_with(4_500);
        assert!(is_full(&o, &next_message(&o)));
        let o = outbox_with(3);
        assert!(!is_full(&o, &next_message(&o)));
    }

    #[test]
    fn the_queue_keeps_the_newest_items() {
        let mut events: Vec<Event> = (0..MAX_WAITING as u64 + 10).map(given).collect();
        assert_eq!(drop_oldest(&mut events), 10);
        assert_eq!(events[0], given(10));
        assert_eq!(drop_oldest(&mut events), 0);
    }
}
