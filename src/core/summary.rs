//! What the popup and the icon badge read: the totals owed, the people owed with their
//! newest unliked post, and the team round. The background computes it after each change from
//! the ledger (a leaf: events → balances), the posts seen and the teams.

use crate::core::ledger::{Balance, Ledger, Window};
use crate::core::marks::{Newest, Seen};
use crate::core::model::Handle;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// What the popup and the icon badge need, computed by the background after each change.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Summary {
    /// Like-backs still owed, summed over people.
    pub total_owed: u32,
    /// How many people are owed at least one.
    pub people_owed: u32,
    pub window: Window,
    /// ms; when this summary was computed.
    pub computed_at: i64,
    /// ms; when the ledger last learned something.
    pub learned_at: Option<i64>,
    /// Events in the ledger (received + given).
    pub events: usize,
    /// Likes received in the ledger (all time). None yet: nothing to return, whatever likes
    /// given were seen, so the popup keeps its first-run state.
    pub received: usize,
    /// The people owed, most owed first (at most `Summary::LISTED`).
    pub owed: Vec<Owed>,
    /// ms; the time of my newest post seen ("ready to receive": something fresh to like).
    pub my_newest: Option<i64>,
    /// The team round (empty without a team).
    pub round: Vec<crate::core::team::RoundEntry>,
    /// How much of X's like counts of my posts of the window Likeback has seen (set by the
    /// background, which holds the counts; `None` in summaries of older versions).
    pub coverage: Option<crate::core::coverage::WindowCoverage>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Owed {
    pub who: Handle,
    pub name: String,
    pub owed: u32,
    pub received: u32,
    pub given: u32,
    pub last_received: Option<i64>,
    /// Their newest post, when known and not liked yet: the one to open.
    pub newest: Option<Newest>,
}

impl Summary {
    /// The popup lists this many; the totals count everyone.
    pub const LISTED: usize = 500;

    /// `balances`: `ledger.balances(now, window)`, computed once for the summary and the marks.
    #[allow(clippy::too_many_arguments)]
    pub fn compute(
        ledger: &Ledger,
        balances: &[Balance],
        names: &HashMap<Handle, String>,
        seen: &Seen,
        me: Option<&Handle>,
        window: Window,
        now: i64,
        learned_at: Option<i64>,
    ) -> Summary {
        let owed: Vec<&Balance> = balances.iter().filter(|b| b.owed > 0).collect();
        Summary {
            total_owed: owed.iter().map(|b| b.owed).sum(),
            people_owed: owed.len() as u32,
            window,
            computed_at: now,
            learned_at,
            events: ledger.received_count() + ledger.given_count(),
            received: ledger.received_count(),
            owed: owed
                .iter()
                .take(Summary::LISTED)
                .map(|b| Owed {
                    who: b.who.clone(),
                    name: names.get(&b.who).cloned().unwrap_or_default(),
                    owed: b.owed,
                    received: b.received,
                    given: b.given,
                    last_received: b.last_received,
                    newest: seen
                        .newest(&b.who)
                        .filter(|n| !ledger.has_given(n.id))
                        .cloned(),
                })
                .collect(),
            my_newest: me
                .and_then(|me| seen.newest(me))
                .and_then(|n| n.id.time_ms()),
            coverage: None,
            round: Vec::new(),
        }
    }

    /// The people the popup's first frame draws: enough to fill its list (340 px; a row is at
    /// least 46 px: the 32 px initials, 7 px of padding above and below, its border).
    pub const HEAD_ROWS: usize = 8;

    /// What the popup's first frame draws, stored beside the summary as `summary_head`: the
    /// same summary with only the first `HEAD_ROWS` people owed. A read of the whole summary
    /// (70 KB at 500 people) takes the popup ~5 ms longer than one of a few KB.
    pub fn head(&self) -> Summary {
        Summary {
            owed: self.owed.iter().take(Self::HEAD_ROWS).cloned().collect(),
            round: self.round.clone(),
            ..*self
        }
    }

    /// The icon badge: the total owed, empty at zero.
    pub fn badge(&self) -> String {
        match self.total_owed {
            0 => String::new(),
            n if n > 999 => "999+".into(),
            n => n.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::ledger::tests::{given, h, received, NOW};
    use crate::core::model::PostId;

    #[test]
    fn the_summary_totals_owed_and_lists_the_owed_with_names() {
        let mut l = Ledger::default();
        l.apply(&received("aoi_dev", 1, 1));
        l.apply(&received("aoi_dev", 2, 1));
        l.apply(&received("kenji_k", 1, 2));
        l.apply(&given("kenji_k", 9, 0));
        l.apply(&received("mika_art", 3, 0));
        let names = HashMap::from([(h("aoi_dev"), "Aoi".to_string())]);
        let mut seen = Seen::default();
        seen.add(
            &h("aoi_dev"),
            Newest {
                id: PostId(2124793072976666901),
                text: "Shipped".into(),
            },
        );
        seen.add(
            &h("mika_art"),
            Newest {
                id: PostId(10),
                text: String::new(),
            },
        );
        seen.add(
            &h("hana_lb"),
            Newest {
                id: PostId(2124725880224904851),
                text: String::new(),
            },
        );
        // Mika's newest post, liked: she is owed nothing more.
        l.apply(&given("mika_art", 10, 0));
        let s = Summary::compute(
            &l,
            &l.balances(NOW, Window::Days(7)),
            &names,
            &seen,
            Handle::parse("hana_lb").as_ref(),
            Window::Days(7),
            NOW,
            Some(NOW - 5),
        );
        assert_eq!((s.total_owed, s.people_owed, s.events), (2, 1, 6));
        assert_eq!(
            s.received, 4,
            "likes received, for the popup's first-run state"
        );
        let listed: Vec<(&str, &str, u32)> = s
            .owed
            .iter()
            .map(|o| (o.who.as_str(), o.name.as_str(), o.owed))
            .collect();
        assert_eq!(listed, [("aoi_dev", "Aoi", 2)]);
        // Aoi's newest post, unliked, is the one to open.
        assert_eq!(
            s.owed[0].newest.as_ref().map(|n| n.id),
            Some(PostId(2124793072976666901))
        );
        assert_eq!(s.my_newest, PostId(2124725880224904851).time_ms());
        assert_eq!(s.badge(), "2");
        assert_eq!(Summary::default().badge(), "");
    }

    #[test]
    fn the_head_is_the_summary_with_its_first_people_only() {
        let mut l = Ledger::default();
        for n in 0..20u64 {
            // person_0 owed most: listed first.
            for k in 0..(20 - n) {
                l.apply(&received(&format!("person_{n}"), 100 * n + k, 1));
            }
        }
        let s = Summary::compute(
            &l,
            &l.balances(NOW, Window::Days(7)),
            &HashMap::new(),
            &Seen::default(),
            None,
            Window::Days(7),
            NOW,
            None,
        );
        assert_eq!(s.owed.len(), 20);
        let head = s.head();
        assert_eq!(head.owed, s.owed[..Summary::HEAD_ROWS]);
        assert_eq!(head.owed[0].who.as_str(), "person_0");
        // The totals count everyone, as in the summary.
        assert_eq!(
            (
                head.total_owed,
                head.people_owed,
                head.received,
                head.window
            ),
            (s.total_owed, s.people_owed, s.received, s.window)
        );
        let short = Summary {
            owed: s.owed[..3].to_vec(),
            ..s.clone()
        };
        assert_eq!(short.head(), short);
    }
}
