//! What the content script learns and sends on: X's API responses passed on by the tap (the
//! precise source), who "me" is, and the readings per source for the health report.

use super::*;

impl State {
    /// "me" from X's side bar (the profile link, else the account switcher), once per page
    /// load, as soon as X has drawn it: at start, then at every batch until found (a batch
    /// also follows the side bar's appearance, see `schedule`).
    pub(super) fn read_me(&mut self) {
        let read = |selector: &str, attribute: &str| {
            self.doc
                .query_selector(selector)
                .ok()
                .flatten()
                .and_then(|e| e.get_attribute(attribute))
        };
        let link = read(sel::ME_LINK, "href");
        // The switcher is read only where the link is missing.
        let switcher = match link {
            Some(_) => None,
            None => read(sel::ME_SWITCHER_AVATAR, "data-testid"),
        };
        let Some(me) = crate::core::model::me_on_page(link.as_deref(), switcher.as_deref()) else {
            return;
        };
        self.me_from_page = true;
        if !self.me_by_user {
            self.me = Some(me.clone());
        }
        // The background keeps the user's choice over the page's.
        self.learned.me = Some(me);
        for (url, body) in std::mem::take(&mut self.waiting_api) {
            self.on_api_response(url, body);
        }
    }

    pub(super) fn send_learned(&mut self) {
        outbox::learn(std::mem::take(&mut self.learned), self.me.as_ref());
    }

    /// X's own API response, passed on by the tap: the precise source of likes.
    pub(super) fn on_api_response(&mut self, url: String, body: String) {
        let op = health::op_of_url(&url);
        let Some(endpoint) = Endpoint::of_url(&url) else {
            // Passed on by the tap but not read: the report shows it with nothing yielded.
            self.read_api(op, 0);
            return;
        };
        if self.me.is_none() {
            if self.waiting_api.len() < 20 {
                self.waiting_api.push((url, body));
            }
            return;
        }
        let post = api::request_variable(&url, "tweetId").and_then(|id| PostId::parse(&id));
        let ctx = api::Context {
            me: self.me.clone(),
            post,
            now: now_ms(),
        };
        let Some(learned) = api::parse_response(&url, &body, &ctx) else {
            return;
        };
        let yielded = match op.as_deref().map(Source::of_op) {
            Some(Source::Timeline) => learned.posts.iter().filter(|p| !p.promoted).count(),
            Some(Source::Notifications | Source::Likes) => learned.received.len(),
            Some(Source::Lists) => learned.members.len(),
            None => 0,
        };
        self.read_api(op, yielded);
        // X's like counts of my posts: how many likers there are to see (`core::coverage`).
        let now = now_ms();
        let counts: Vec<(PostId, u32)> =
            crate::core::coverage::my_like_counts(&learned.posts, self.me.as_ref())
                .into_iter()
                .filter(|(post, count)| crate::core::coverage::plausible(*post, *count, now))
                .collect();
        if !counts.is_empty() {
            chrome::send_and_forget(&Message::LikeCounts { counts });
        }
        // Likers count only on the likes page of one of my posts (X shows that list to the
        // author only, but a response for someone else's post must not count either).
        let mine =
            learn::my_likers_page(&self.route, self.me.as_ref()).is_some_and(|id| Some(id) == post);
        if endpoint != Endpoint::Favoriters || mine {
            self.learned
                .events
                .extend(learned.received.into_iter().map(Event::from));
        }
        for p in learned.posts {
            if p.promoted {
                continue;
            }
            // Seen in the liked state: a like given, on a reply as on any post.
            self.learned.events.extend(p.like_given(self.me.as_ref()));
            if p.reply {
                // Not anyone's "newest post": marks go on originals only.
                self.friends.note_reply(p.id);
                continue;
            }
            // The response may name a friend's post newer than any on the page yet.
            let seen = self.friends.seen(&p.author, p.id, p.liked);
            if learn::sends_newest(seen, true) {
                self.learned
                    .posts
                    .push((p.author.clone(), learn::newest(p.id, &p.text)));
            }
            if seen == friends::Seen::Newer && self.friends.is_friend(&p.author) {
                self.remark_author(&p.author);
            }
        }
        if endpoint == Endpoint::ListMembers {
            let list = api::request_variable(&url, "listId");
            if matches!(&self.route, Route::ListMembers(id) if Some(id) == list.as_ref()) {
                self.add_list_members(learned.members);
            }
        }
        self.learned.names.extend(learned.names);
        self.learned.note = learned.note;
        self.send_learned();
    }

    /// One API response of `op` read, with what it yielded.
    pub(super) fn read_api(&mut self, op: Option<String>, yielded: usize) {
        let Some(op) = op else {
            return;
        };
        let source = Source::of_op(&op);
        self.note_reading(Reading {
            seen: 1,
            yielded: yielded as u32,
            ..Reading::new(source, Some(op))
        });
    }

    /// What the page itself yielded for `source` (no operation).
    pub(super) fn read_page(&mut self, source: Source, yielded: usize) {
        if yielded > 0 {
            self.note_reading(Reading {
                seen: 1,
                yielded: yielded as u32,
                ..Reading::new(source, None)
            });
        }
    }

    /// Keeps a reading for the next report to the background, at most one a second.
    pub(super) fn note_reading(&mut self, reading: Reading) {
        health::merge(&mut self.readings, reading);
        if self.readings_timer.is_some() {
            return;
        }
        let weak = self.weak.clone();
        self.readings_timer = Some(Timeout::new(READINGS_MS, move || {
            if let Some(state) = weak.upgrade() {
                let mut s = state.borrow_mut();
                s.readings_timer = None;
                let readings = std::mem::take(&mut s.readings);
                s.learned.readings.extend(readings);
                s.send_learned();
            }
        }));
    }
}
