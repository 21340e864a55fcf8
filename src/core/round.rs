//! The like-back round: everyone owed, one person at a time, walked from the X tab with one key
//! per person. Likeback only points: the user presses like (X forbids automated likes).
//!
//! The background keeps `Rounds` (stored as `round_state`) and publishes a `View` (stored as
//! `round`) that the popup, the round bar and Insights read. Nothing here knows a browser; days
//! are local days (`day_of`), given by the caller, so "skipped today" comes back tomorrow
//! wherever the user lives.

use crate::core::ledger::{Balance, Ledger, DAY_MS};
use crate::core::marks::Seen;
use crate::core::model::{Handle, PostId};
use crate::core::team::RoundEntry;
use crate::core::words::Lang;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// A round holds at most this many people: at ~600 like-backs a day (the heaviest user we
/// know), more is not one sitting, and the stored state stays small.
pub const MAX_QUEUE: usize = 1_000;
/// Days of skips kept: only today's matter, yesterday's are dropped on the next change.
const MAX_SKIPPED: usize = 2_000;

/// Who comes first in a round (a setting).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Order {
    /// The most owed first (then the most recent liker), as the popup lists them.
    #[default]
    MostOwed,
    /// The one I have not liked back for the longest first (never before anyone else; then
    /// the earliest last like).
    WaitedLongest,
    /// The team round: colleagues whose newest post waits for my like, the one who has waited
    /// longest first, then those whose newest post is not known yet.
    Team,
}

impl Order {
    pub const ALL: [Order; 3] = [Order::MostOwed, Order::WaitedLongest, Order::Team];

    pub fn as_str(self) -> &'static str {
        match self {
            Order::MostOwed => "most_owed",
            Order::WaitedLongest => "waited_longest",
            Order::Team => "team",
        }
    }

    pub fn parse(s: &str) -> Option<Order> {
        Order::ALL.into_iter().find(|o| o.as_str() == s)
    }
}

/// The local day of `now` (`offset_ms` is added to UTC, as in Insights).
pub fn day_of(now: i64, offset_ms: i64) -> i64 {
    now.saturating_add(offset_ms).div_euclid(DAY_MS)
}

/// Who a round visits, in order: from the balances (owed orders) or the team round, without
/// the people skipped today.
pub fn plan(
    order: Order,
    balances: &[Balance],
    team: &[RoundEntry],
    skipped_today: &[Handle],
) -> Vec<Handle> {
    let skipped = |who: &Handle| skipped_today.contains(who);
    let mut queue: Vec<Handle> = match order {
        Order::MostOwed | Order::WaitedLongest => {
            let mut owed: Vec<&Balance> = balances
                .iter()
                .filter(|b| b.owed > 0 && !skipped(&b.who))
                .collect();
            if order == Order::MostOwed {
                owed.sort_by(|a, b| {
                    b.owed
                        .cmp(&a.owed)
                        .then(b.last_received.cmp(&a.last_received))
                        .then_with(|| a.who.cmp(&b.who))
                });
            } else {
                // `None` (never liked back) sorts first.
                owed.sort_by(|a, b| {
                    a.last_given
                        .cmp(&b.last_given)
                        .then(a.last_received.cmp(&b.last_received))
                        .then_with(|| a.who.cmp(&b.who))
                });
            }
            owed.into_iter().map(|b| b.who.clone()).collect()
        }
        // `team::round` has the order already; those already liked are done for today.
        Order::Team => team
            .iter()
            .filter(|e| !e.liked && !skipped(&e.who))
            .map(|e| e.who.clone())
            .collect(),
    };
    queue.truncate(MAX_QUEUE);
    queue
}

/// Everything the background keeps about rounds (stored as `round_state`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Rounds {
    pub current: Option<Round>,
    /// People skipped, with the local day they were skipped on.
    pub skipped: Vec<(Handle, i64)>,
    /// Like-backs returned in rounds today.
    pub today: DayTotal,
    /// The last round that ended.
    pub last: Option<Ended>,
}

/// A round under way.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Round {
    pub order: Order,
    /// ms.
    pub started_at: i64,
    pub queue: Vec<Handle>,
    /// The person shown now: an index into `queue`.
    pub at: usize,
    /// Likes given to people of the round since it started.
    pub likes: u32,
    /// The people those likes went to.
    pub people: Vec<Handle>,
}

/// A round that ended: "23 likes returned to 21 people in 9 min".
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Ended {
    pub likes: u32,
    pub people: u32,
    pub minutes: u32,
    /// ms: when it ended.
    pub at: i64,
    /// Its local day.
    pub day: i64,
}

/// Like-backs returned in rounds on one local day.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DayTotal {
    pub day: i64,
    pub likes: u32,
    pub people: Vec<Handle>,
}

impl Rounds {
    /// Starts a round over `queue`, unless one is under way (it is continued: `false`). An
    /// empty queue starts nothing.
    pub fn start(&mut self, order: Order, queue: Vec<Handle>, now: i64) -> bool {
        if self.current.is_some() || queue.is_empty() {
            return false;
        }
        self.current = Some(Round {
            order,
            started_at: now,
            queue,
            ..Round::default()
        });
        true
    }

    /// The person shown now.
    pub fn here(&self) -> Option<&Handle> {
        self.current.as_ref().and_then(|r| r.queue.get(r.at))
    }

    /// On to the next person; after the last, the round ends (its summary is returned).
    pub fn next(&mut self, now: i64, day: i64) -> Option<Ended> {
        let round = self.current.as_mut()?;
        round.at += 1;
        if round.at >= round.queue.len() {
            return self.end(now, day);
        }
        None
    }

    /// Skips the person shown for today (they come back in tomorrow's rounds), then `next`.
    pub fn skip(&mut self, now: i64, day: i64) -> Option<Ended> {
        let who = self.here()?.clone();
        self.skipped.retain(|(w, d)| *d == day && *w != who);
        if self.skipped.len() < MAX_SKIPPED {
            self.skipped.push((who, day));
        }
        self.next(now, day)
    }

    /// Ends the round under way; its summary is kept as `last`.
    pub fn end(&mut self, now: i64, day: i64) -> Option<Ended> {
        let round = self.current.take()?;
        let minutes = now.saturating_sub(round.started_at).max(0) as f64 / 60_000.0;
        let ended = Ended {
            likes: round.likes,
            people: round.people.len() as u32,
            // "in 0 min" reads wrong: a round that took seconds took a minute.
            minutes: (minutes.ceil() as u32).max(1),
            at: now,
            day,
        };
        self.last = Some(ended.clone());
        Some(ended)
    }

    /// People skipped on `day` (earlier skips no longer count).
    pub fn skipped_on(&self, day: i64) -> Vec<Handle> {
        self.skipped
            .iter()
            .filter(|(_, d)| *d == day)
            .map(|(w, _)| w.clone())
            .collect()
    }

    /// A like I gave to `who` at `at` (ms), newly recorded: it counts for the round when
    /// `who` is in it and the like came after the round started (a like of theirs seen on the
    /// page from before, learned now, is not a like-back of this round). `true` when counted.
    pub fn liked(&mut self, who: &Handle, at: i64, day: i64) -> bool {
        let Some(round) = self.current.as_mut() else {
            return false;
        };
        if at < round.started_at || !round.queue.contains(who) {
            return false;
        }
        round.likes += 1;
        if !round.people.contains(who) {
            round.people.push(who.clone());
        }
        if self.today.day != day {
            self.today = DayTotal {
                day,
                ..DayTotal::default()
            };
        }
        self.today.likes += 1;
        if !self.today.people.contains(who) {
            self.today.people.push(who.clone());
        }
        true
    }

    /// What the popup, the round bar and Insights read. `stop` describes the person shown.
    pub fn view(&self, stop: Option<Stop>) -> View {
        View {
            active: self.current.as_ref().map(|r| Active {
                n: r.at + 1,
                of: r.queue.len(),
                left: r.queue.len().saturating_sub(r.at),
                likes: r.likes,
                started_at: r.started_at,
                here: stop,
            }),
            last: self.last.clone(),
            today: Today {
                day: self.today.day,
                likes: self.today.likes,
                people: self.today.people.len() as u32,
            },
        }
    }
}

/// The person shown in the round, as the bar says it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stop {
    pub who: Handle,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub owed: u32,
    /// Their newest post seen, if any.
    #[serde(default)]
    pub post: Option<PostId>,
    /// Whether I have liked it.
    #[serde(default)]
    pub liked: bool,
}

impl Stop {
    pub fn of(
        who: &Handle,
        names: &HashMap<Handle, String>,
        balances: &[Balance],
        seen: &Seen,
        ledger: &Ledger,
    ) -> Stop {
        let post = seen.newest(who).map(|n| n.id);
        Stop {
            who: who.clone(),
            name: names.get(who).cloned().unwrap_or_default(),
            owed: balances
                .iter()
                .find(|b| &b.who == who)
                .map_or(0, |b| b.owed),
            post,
            liked: post.is_some_and(|p| ledger.has_given(p)),
        }
    }

    /// Where the round opens them: their newest post (liked or not, so that the bar can say
    /// "✓ liked" there), or their profile when no post of theirs is known yet (the marks then
    /// show their newest there).
    pub fn url(&self) -> String {
        match self.post {
            Some(id) => format!("https://x.com/{}/status/{id}", self.who),
            None => format!("https://x.com/{}", self.who),
        }
    }
}

/// Published for the popup, the round bar and Insights (stored as `round`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct View {
    pub active: Option<Active>,
    pub last: Option<Ended>,
    pub today: Today,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Active {
    /// 1-based position of the person shown.
    pub n: usize,
    pub of: usize,
    /// People left, the one shown included.
    pub left: usize,
    pub likes: u32,
    pub started_at: i64,
    pub here: Option<Stop>,
}

/// The day's total: like-backs returned in rounds.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Today {
    pub day: i64,
    pub likes: u32,
    pub people: u32,
}

impl View {
    /// The day's total, if it is of `day`.
    pub fn today_on(&self, day: i64) -> Option<&Today> {
        Some(&self.today).filter(|t| t.day == day && t.likes > 0)
    }

    /// The last round's summary, if it ended on `day` and no round is under way.
    pub fn ended_on(&self, day: i64) -> Option<&Ended> {
        self.last
            .as_ref()
            .filter(|e| e.day == day && self.active.is_none())
    }
}

/// A round bar or popup action.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    Next,
    Skip,
    End,
}

// The round's words, in the page's language (the bar follows X's `<html lang>`; the popup and
// Insights pass the browser's). Stated once here, used by all three.

/// "2 h ago", 「2時間前」.
pub fn ago(lang: Lang, now: i64, at: i64) -> String {
    let m = now.saturating_sub(at).max(0) / 60_000;
    match (lang, m) {
        (Lang::En, 0) => "just now".into(),
        (Lang::En, m) if m < 60 => format!("{m} min ago"),
        (Lang::En, m) if m < 48 * 60 => format!("{} h ago", m / 60),
        (Lang::En, m) => format!("{} d ago", m / 1440),
        (Lang::Ja, 0) => "たった今".into(),
        (Lang::Ja, m) if m < 60 => format!("{m}分前"),
        (Lang::Ja, m) if m < 48 * 60 => format!("{}時間前", m / 60),
        (Lang::Ja, m) => format!("{}日前", m / 1440),
    }
}

/// The bar's line: "3 / 48 · Aoi @aoi_dev · owed 2 · newest post 2 h ago".
pub fn bar_line(lang: Lang, a: &Active, now: i64) -> String {
    let mut parts = vec![format!("{} / {}", a.n, a.of)];
    if let Some(s) = &a.here {
        let name = crate::core::model::shown_name(&s.name, &s.who);
        parts.push(format!("{name} @{}", s.who));
        parts.push(match lang {
            Lang::En => format!("owed {}", s.owed),
            Lang::Ja => format!("いいね返し残り{}件", s.owed),
        });
        if let Some(at) = s.post.and_then(|p| p.time_ms()) {
            let ago = ago(lang, now, at);
            parts.push(match lang {
                Lang::En => format!("newest post {ago}"),
                Lang::Ja => format!("最新ポスト{ago}"),
            });
        }
    }
    parts.join(separator(lang))
}

fn separator(lang: Lang) -> &'static str {
    match lang {
        Lang::En => " · ",
        Lang::Ja => "・",
    }
}

/// "Round done: 23 likes returned to 21 people in 9 min".
pub fn summary(lang: Lang, e: &Ended) -> String {
    let s = |n: u32, one: &'static str, many: &'static str| if n == 1 { one } else { many };
    match lang {
        Lang::En => format!(
            "Round done: {} {} returned to {} {} in {} min",
            e.likes,
            s(e.likes, "like", "likes"),
            e.people,
            s(e.people, "person", "people"),
            e.minutes
        ),
        Lang::Ja => format!(
            "いいね返し完了：{}分で{}人に{}件のいいねを返しました",
            e.minutes, e.people, e.likes
        ),
    }
}

/// The day's total: "Today: 23 likes returned to 21 people in rounds".
pub fn today_line(lang: Lang, t: &Today) -> String {
    let s = |n: u32, one: &'static str, many: &'static str| if n == 1 { one } else { many };
    match lang {
        Lang::En => format!(
            "Today: {} {} returned to {} {} in rounds",
            t.likes,
            s(t.likes, "like", "likes"),
            t.people,
            s(t.people, "person", "people"),
        ),
        Lang::Ja => format!(
            "今日のいいね返し：{}人に{}件のいいねを返しました",
            t.people, t.likes
        ),
    }
}

/// The bar's words: (next, skip, end, liked, close).
pub fn bar_words(lang: Lang) -> [&'static str; 5] {
    match lang {
        Lang::En => [
            "Next (N)",
            "Skip for today (S)",
            "End (Esc)",
            "✓ liked",
            "Close",
        ],
        Lang::Ja => [
            "次へ（N）",
            "今日はスキップ（S）",
            "終了（Esc）",
            "✓ いいねしました",
            "閉じる",
        ],
    }
}

/// The bar's label for screen readers.
pub fn bar_label(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "Like-back round",
        Lang::Ja => "いいね返し",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::ledger::tests::{given, h, received, NOW};
    use crate::core::ledger::Window;
    use crate::core::marks::Newest;

    const HOUR: i64 = 3_600_000;

    fn ledger() -> Ledger {
        let mut l = Ledger::default();
        // aoi: owed 3, never liked back. mika: owed 1, liked back 5 days ago. yuki: owed 1.
        for p in 1..=3 {
            l.apply(&received("aoi_dev", p, 1));
        }
        l.apply(&received("mika_art", 1, 2));
        l.apply(&received("mika_art", 2, 3));
        l.apply(&given("mika_art", 50, 120));
        l.apply(&received("yuki_t", 1, 4));
        l.apply(&given("sora_w", 60, 1));
        l
    }

    #[test]
    fn most_owed_comes_first_and_nobody_caught_up_is_in_the_round() {
        let l = ledger();
        let b = l.balances(NOW, Window::All);
        let q = plan(Order::MostOwed, &b, &[], &[]);
        assert_eq!(q, [h("aoi_dev"), h("mika_art"), h("yuki_t")]);
    }

    #[test]
    fn waited_longest_puts_those_never_liked_back_first_then_the_oldest_liker() {
        let l = ledger();
        let b = l.balances(NOW, Window::All);
        let q = plan(Order::WaitedLongest, &b, &[], &[]);
        // aoi and yuki were never liked back; yuki liked me earlier (4 days ago vs 1).
        assert_eq!(q, [h("yuki_t"), h("aoi_dev"), h("mika_art")]);
    }

    #[test]
    fn the_team_order_follows_the_team_round_and_leaves_out_who_is_liked() {
        let entry = |who: &str, liked: bool| RoundEntry {
            who: h(who),
            name: String::new(),
            teams: vec![],
            newest: None,
            time: None,
            liked,
        };
        let team = [
            entry("kenji_k", false),
            entry("aoi_dev", false),
            entry("sora_w", true),
        ];
        let q = plan(Order::Team, &[], &team, &[]);
        assert_eq!(q, [h("kenji_k"), h("aoi_dev")]);
    }

    #[test]
    fn a_round_walks_skips_and_ends_with_its_summary() {
        let l = ledger();
        let b = l.balances(NOW, Window::All);
        let mut r = Rounds::default();
        let day = day_of(NOW, 0);
        assert!(r.start(Order::MostOwed, plan(Order::MostOwed, &b, &[], &[]), NOW));
        // A second start continues the round under way.
        assert!(!r.start(Order::MostOwed, vec![h("x")], NOW));
        assert_eq!(r.here(), Some(&h("aoi_dev")));
        assert!(r.liked(&h("aoi_dev"), NOW + 1_000, day));
        assert!(r.liked(&h("aoi_dev"), NOW + 2_000, day));
        // Before the round started, or someone not in it: not counted.
        assert!(!r.liked(&h("aoi_dev"), NOW - 1, day));
        assert!(!r.liked(&h("sora_w"), NOW + 3_000, day));
        assert_eq!(r.next(NOW + 60_000, day), None);
        assert_eq!(r.view(None).active.unwrap().n, 2);
        assert_eq!(r.skip(NOW + 120_000, day), None);
        assert_eq!(r.skipped_on(day), [h("mika_art")]);
        assert_eq!(r.view(None).active.unwrap().left, 1);
        assert!(r.liked(&h("yuki_t"), NOW + 200_000, day));
        let ended = r
            .next(NOW + 9 * 60_000 - 5_000, day)
            .expect("the last next ends it");
        assert_eq!(
            ended,
            Ended {
                likes: 3,
                people: 2,
                minutes: 9,
                at: NOW + 9 * 60_000 - 5_000,
                day
            }
        );
        assert!(r.current.is_none());
        let v = r.view(None);
        assert_eq!(v.ended_on(day), Some(&ended));
        assert_eq!(v.today_on(day).map(|t| (t.likes, t.people)), Some((3, 2)));
        assert_eq!(
            summary(Lang::En, &ended),
            "Round done: 3 likes returned to 2 people in 9 min"
        );
        assert_eq!(
            summary(Lang::Ja, &ended),
            "いいね返し完了：9分で2人に3件のいいねを返しました"
        );
    }

    #[test]
    fn skipped_today_is_left_out_today_and_back_tomorrow() {
        let l = ledger();
        let b = l.balances(NOW, Window::All);
        let day = day_of(NOW, 9 * HOUR);
        let mut r = Rounds::default();
        r.start(Order::MostOwed, plan(Order::MostOwed, &b, &[], &[]), NOW);
        r.skip(NOW, day);
        r.end(NOW, day);
        let today = plan(Order::MostOwed, &b, &[], &r.skipped_on(day));
        assert_eq!(today, [h("mika_art"), h("yuki_t")]);
        let tomorrow = plan(Order::MostOwed, &b, &[], &r.skipped_on(day + 1));
        assert_eq!(tomorrow[0], h("aoi_dev"));
    }

    #[test]
    fn the_days_total_starts_again_on_a_new_day_and_an_empty_round_does_not_start() {
        let mut r = Rounds::default();
        assert!(!r.start(Order::MostOwed, vec![], NOW));
        r.start(Order::MostOwed, vec![h("aoi_dev")], NOW);
        r.liked(&h("aoi_dev"), NOW, 10);
        r.liked(&h("aoi_dev"), NOW, 11);
        assert_eq!((r.today.day, r.today.likes), (11, 1));
        assert_eq!(r.view(None).today_on(10), None);
    }

    #[test]
    fn the_state_survives_being_stored() {
        let mut r = Rounds::default();
        r.start(Order::WaitedLongest, vec![h("aoi_dev"), h("kenji_k")], NOW);
        r.next(NOW, 1);
        let text = serde_json::to_string(&r).unwrap();
        assert_eq!(serde_json::from_str::<Rounds>(&text).unwrap(), r);
        // An older or damaged record reads as no round rather than failing.
        assert_eq!(
            serde_json::from_str::<Rounds>("{}").unwrap(),
            Rounds::default()
        );
    }

    #[test]
    fn the_stop_opens_the_newest_post_or_the_profile_and_the_bar_says_it() {
        let l = ledger();
        let b = l.balances(NOW, Window::All);
        let mut seen = Seen::default();
        // A snowflake id from 2 hours before NOW.
        let id = PostId(((NOW - 2 * HOUR - 1_288_834_974_657) as u64) << 22);
        seen.add(
            &h("aoi_dev"),
            Newest {
                id,
                text: String::new(),
            },
        );
        let names = HashMap::from([(h("aoi_dev"), "Aoi".to_string())]);
        let stop = Stop::of(&h("aoi_dev"), &names, &b, &seen, &l);
        assert_eq!(stop.url(), format!("https://x.com/aoi_dev/status/{}", id.0));
        assert!(!stop.liked);
        assert_eq!(stop.owed, 3);
        let none = Stop::of(&h("yuki_t"), &names, &b, &seen, &l);
        assert_eq!(none.url(), "https://x.com/yuki_t");
        let a = Active {
            n: 3,
            of: 48,
            left: 46,
            likes: 0,
            started_at: NOW,
            here: Some(stop),
        };
        assert_eq!(
            bar_line(Lang::En, &a, NOW),
            "3 / 48 · Aoi @aoi_dev · owed 3 · newest post 2 h ago"
        );
        assert_eq!(
            bar_line(Lang::Ja, &a, NOW),
            "3 / 48・Aoi @aoi_dev・いいね返し残り3件・最新ポスト2時間前"
        );
    }
}
