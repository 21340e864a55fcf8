//! The cell pipeline: each batch of X's cells read, recognised and marked (repost bars, badges,
//! the newest-post mark), and marks redrawn when what they depend on changes.

use super::*;
use crate::x::dom::{js, Dom};

impl State {
    /// Recognises the articles in `cells` and shows them. Nothing is written until X's layout
    /// has been recognised at least once, so an unknown layout is left exactly as it was.
    pub(super) fn process_cells(&mut self, cells: &[Element]) -> usize {
        let mut found = Vec::new();
        let mut fresh = Vec::new();
        let mut unreadable = 0;
        let mut page_likes = 0;
        let mut page_members = 0;
        for cell in cells {
            let Some(article) = cell.query(js!(sel::TWEET)) else {
                // A recycled cell now holding something else (a "Show more" row, a user).
                overlay::clear_cell(cell);
                let received =
                    likes_page::received_in_cell(cell, &self.route, self.me.as_ref(), now_ms());
                page_likes += received.len();
                self.learned.events.extend(received);
                if matches!(self.route, Route::ListMembers(_)) {
                    let member = likes_page::person_in_cell(cell);
                    page_members += usize::from(member.is_some());
                    self.add_list_members(member.into_iter().collect());
                }
                continue;
            };
            // An article never marked (most are: X makes new ones as the user scrolls) has
            // nothing of ours to compare or take back.
            let kind = article.attr(js!("data-lb-kind"));
            if kind.as_deref().is_some_and(|k| unchanged(&article, k)) {
                // X re-rendered it: a like button replaced rather than flipped shows here.
                self.like_change(&article);
                continue;
            }
            let scanned = self.read(&article);
            unreadable += usize::from(scanned.is_err());
            fresh.push(kind.is_none());
            found.push((cell, article, scanned));
        }
        self.read_cells(&found, page_likes, page_members);
        if !self.recognised {
            if found.iter().all(|(_, _, s)| s.is_err()) {
                if unreadable > 0 {
                    self.set_health(HealthState::Unrecognised, "articles without their parts");
                }
                return 0;
            }
            self.recognised = true;
            self.layout_check = None;
            self.set_health(HealthState::Ok, "");
        }
        let count = found.len();
        // First every post's place among its author's posts (a newer one in this batch moves the
        // mark before anything is drawn), then the page.
        let mut newer_friends = Vec::new();
        for (_, _, scanned) in &found {
            if let Ok(Scanned::Post(post)) = scanned {
                let seen = self.friends.seen(&post.author, post.id, post.liked);
                if learn::sends_newest(seen, false) {
                    self.learned
                        .posts
                        .push((post.author.clone(), learn::newest(post.id, &post.text)));
                    if self.friends.is_friend(&post.author) {
                        newer_friends.push(post.author.clone());
                    }
                }
            }
        }
        for ((cell, article, scanned), fresh) in found.into_iter().zip(fresh) {
            match scanned {
                Ok(Scanned::Post(post)) => {
                    overlay::mark_article(&article, post.kind, Some(&post));
                    if matches!(
                        post.kind,
                        PostKind::Original | PostKind::Repost | PostKind::Quote
                    ) {
                        self.left_off.batch.push(post.id);
                    }
                    // Seen in the liked state: a like given, dated by the post.
                    self.learned.events.extend(learn::like_seen(
                        &post.author,
                        post.id,
                        post.liked,
                        false,
                        self.me.as_ref(),
                        post.time.unwrap_or_else(now_ms),
                    ));
                    if let Some((who, name)) = &post.reposted_by {
                        if !name.is_empty() {
                            self.learned.names.push((who.clone(), name.clone()));
                        }
                    }
                    let view =
                        self.view_of(post.kind, &(post.id, post.reposted_by.clone().map(|r| r.0)));
                    overlay::set_view(&self.doc, cell, view, Some(&post), self.lang);
                    let mark = self.friends.mark(&post.author, post.id, post.liked);
                    if mark.is_some() || !fresh {
                        overlay::set_mark(&self.doc, &article, Some(cell), mark, self.lang);
                    }
                }
                Ok(Scanned::Promoted { .. }) => {
                    overlay::mark_article(&article, PostKind::Promoted, None);
                    overlay::clear_cell(cell);
                    if !fresh {
                        overlay::set_mark(&self.doc, &article, Some(cell), None, self.lang);
                    }
                }
                Err(_) => {
                    overlay::mark_article(&article, PostKind::Unknown, None);
                    overlay::clear_cell(cell);
                    if !fresh {
                        overlay::set_mark(&self.doc, &article, Some(cell), None, self.lang);
                    }
                }
            }
        }
        // Posts of these friends read in earlier batches may have lost their mark.
        for who in newer_friends {
            self.remark_author(&who);
        }
        count
    }

    /// What this batch of cells yielded, per source: posts read and articles not recognised
    /// (with one skeleton per page), likes from the notifications or a likes list, members.
    pub(super) fn read_cells(
        &mut self,
        found: &[(&Element, Element, Result<Scanned, Unrecognised>)],
        likes: usize,
        members: usize,
    ) {
        let posts = found
            .iter()
            .filter(|(_, _, s)| matches!(s, Ok(Scanned::Post(_))))
            .count();
        let mut reading = Reading::new(Source::Timeline, None);
        for (_, article, scanned) in found {
            if let Err(reason) = scanned {
                *reading
                    .unrecognised
                    .entry(format!("{reason:?}"))
                    .or_default() += 1;
                if !self.skeleton_taken {
                    self.skeleton_taken = true;
                    reading.skeleton = Some(skeleton::of_article(article));
                }
            }
        }
        if posts > 0 || !reading.unrecognised.is_empty() {
            reading.seen = 1;
            reading.yielded = posts as u32;
            self.note_reading(reading);
        }
        match self.route {
            Route::Notifications => self.read_page(Source::Notifications, likes),
            Route::Likers(..) => self.read_page(Source::Likes, likes),
            Route::ListMembers(_) => self.read_page(Source::Lists, members),
            _ => {}
        }
    }

    /// Reads and classifies an article; a repost also gets the names and words of its bar.
    pub(super) fn read(&self, article: &Element) -> Result<Scanned, Unrecognised> {
        let mut facts = scan::article_facts(article);
        let mut scanned = classify(&facts, self.me.as_ref());
        if let Ok(Scanned::Post(post)) = &mut scanned {
            if post.kind == PostKind::Repost {
                scan::details(article, &mut facts);
                post.author_name = facts.author_name;
                post.text = facts.text;
            }
        }
        scanned
    }

    pub(super) fn view_of(&self, kind: PostKind, key: &(PostId, Option<Handle>)) -> CellView {
        if kind != PostKind::Repost {
            return CellView::Plain;
        }
        match self.settings.modes.get(self.kind) {
            RepostMode::Show => CellView::Plain,
            RepostMode::Hide => CellView::Hidden,
            RepostMode::Collapse if self.expanded.contains(key) => CellView::Expanded,
            RepostMode::Collapse => CellView::Collapsed,
        }
    }

    /// After a change of settings or of page kind: every repost on the page again.
    pub(super) fn reapply_views(&mut self) {
        let Ok(articles) = self
            .doc
            .query_selector_all(r#"article[data-lb-kind="repost"]"#)
        else {
            return;
        };
        for article in observe::elements(&articles) {
            let Some(cell) = article.closest(sel::CELL).ok().flatten() else {
                continue;
            };
            // Re-reading the article gives the bar its words back if it has to be rebuilt.
            if let Ok(Scanned::Post(post)) = self.read(&article) {
                let key = (post.id, post.reposted_by.clone().map(|r| r.0));
                let view = self.view_of(post.kind, &key);
                overlay::set_view(&self.doc, &cell, view, Some(&post), self.lang);
                let mark = self.friends.mark(&post.author, post.id, post.liked);
                overlay::set_mark(&self.doc, &article, Some(&cell), mark, self.lang);
            }
        }
    }

    /// The user clicked a repost bar (or pressed Enter/Space on it).
    pub(super) fn toggle(&mut self, bar: &Element) {
        let Some(cell) = bar.closest(sel::CELL).ok().flatten() else {
            return;
        };
        let Some(article) = cell.query_selector(sel::TWEET).ok().flatten() else {
            return;
        };
        let Ok(Scanned::Post(post)) = self.read(&article) else {
            return;
        };
        let key = (post.id, post.reposted_by.clone().map(|r| r.0));
        if !self.expanded.remove(&key) {
            self.expanded.insert(key.clone());
        }
        let view = self.view_of(post.kind, &key);
        overlay::set_view(&self.doc, &cell, view, Some(&post), self.lang);
    }

    /// Marks again every post of `who` on the page (their newest changed, or it was liked).
    pub(super) fn remark_author(&mut self, who: &Handle) {
        // Handles are `[A-Za-z0-9_]`: safe inside the selector; `i`: X's handles ignore case.
        let selector = format!(r#"article[data-lb-author="{who}" i]"#);
        self.remark(&selector);
    }

    /// Marks again every processed post on the page (the friends list changed).
    pub(super) fn remark_all(&mut self) {
        self.remark("article[data-lb-post]");
    }

    pub(super) fn remark(&mut self, selector: &str) {
        let Ok(articles) = self.doc.query_selector_all(selector) else {
            return;
        };
        for article in observe::elements(&articles) {
            let Some((author, post)) = recorded_post(&article) else {
                continue;
            };
            if Some(&author) == self.me.as_ref() {
                continue;
            }
            let liked = article.get_attribute("data-lb-liked").map(|l| l == "true");
            let mark = self.friends.mark(&author, post, liked);
            let cell = article.closest(sel::CELL).ok().flatten();
            overlay::set_mark(&self.doc, &article, cell.as_ref(), mark, self.lang);
        }
    }
}

/// Whether an article already processed (as `kind`) still shows the same post (X re-renders
/// cells for many reasons; a recycled cell shows another post and is processed again).
fn unchanged(article: &Element, kind: &str) -> bool {
    let shown = scan::shown_post(article);
    shown == article.attr(js!("data-lb-post"))
        || (shown.is_none() && kind == PostKind::Promoted.as_str())
}
