//! The user's own likes and unlikes, seen as X flips a like button in place.

use super::*;

impl State {
    /// Like buttons X flipped in place (the user liked or unliked).
    pub(super) fn like_buttons(&mut self, buttons: &[Element]) {
        for button in buttons {
            if let Some(article) = button.closest(sel::TWEET).ok().flatten() {
                self.like_change(&article);
            }
        }
    }

    /// Compares an article's like button with the state recorded when it was read; a change is
    /// the user's own like or unlike, now.
    pub(super) fn like_change(&mut self, article: &Element) {
        let (Some(recorded), Some((author, post))) = (
            article.get_attribute("data-lb-liked"),
            recorded_post(article),
        ) else {
            return;
        };
        let Some(liked) = scan::like_state(article) else {
            return;
        };
        if (recorded == "true") == liked {
            return;
        }
        overlay::set_liked(article, liked);
        let Some(event) =
            learn::like_changed(author.clone(), post, liked, self.me.as_ref(), now_ms())
        else {
            return;
        };
        // Liking the marked post moves the mark away at once.
        self.friends.liked(&author, post, liked);
        self.remark_author(&author);
        self.learned.events.push(event);
    }
}
