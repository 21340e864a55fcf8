//! Trust and empathy (seed 000): the likes on my posts, told apart into regulars (who like
//! post after post: trust) and first-time or occasional likers (who came for this post:
//! empathy), month by month; and the like-back balance week by week.
//!
//! A liker of a post is a **regular** when they liked at least `at_least` of my `of_last`
//! previous posts (a setting; 3 of 5 by default), **first-time** when they liked none of my
//! earlier posts, and **occasional** otherwise. Only posts whose likers Likeback has seen
//! count, and only the likers X showed.
//!
//! Over 400 lines only with its tests (from `#[cfg(test)]` on); the rules themselves are ~290.

use crate::core::ledger::{Balance, Ledger, DAY_MS};
use crate::core::model::{civil_from_days, Handle, PostId};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// Who counts as a regular: liked at least `at_least` of my `of_last` previous posts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RegularRule {
    pub of_last: u32,
    pub at_least: u32,
}

impl Default for RegularRule {
    fn default() -> Self {
        RegularRule {
            of_last: 5,
            at_least: 3,
        }
    }
}

impl RegularRule {
    /// Keeps the rule sensible: 1 ≤ at_least ≤ of_last ≤ 50.
    pub fn clamped(self) -> RegularRule {
        let of_last = self.of_last.clamp(1, 50);
        RegularRule {
            of_last,
            at_least: self.at_least.clamp(1, of_last),
        }
    }
}

/// One of my posts with what its likers were.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PostStat {
    pub post: PostId,
    /// ms (from the post's id).
    pub time: i64,
    pub regulars: u32,
    pub occasional: u32,
    pub first_time: u32,
}

impl PostStat {
    pub fn likes(&self) -> u32 {
        self.regulars + self.occasional + self.first_time
    }
}

/// My posts seen with their likers, oldest first, each liker classified by the rule.
pub fn post_stats(ledger: &Ledger, rule: RegularRule) -> Vec<PostStat> {
    let rule = rule.clamped();
    // My posts are the ones liked by others; each with its likers.
    let mut likers: BTreeMap<PostId, Vec<&Handle>> = BTreeMap::new();
    for (who, post, _) in ledger.received_iter() {
        likers.entry(post).or_default().push(who);
    }
    let posts: Vec<(PostId, Vec<&Handle>)> = likers.into_iter().collect();
    // For each liker, the indices (in `posts`) of the posts they liked, ascending.
    let mut liked: HashMap<&Handle, Vec<usize>> = HashMap::new();
    for (i, (_, who)) in posts.iter().enumerate() {
        for w in who {
            liked.entry(w).or_default().push(i);
        }
    }
    let window = rule.of_last as usize;
    posts
        .iter()
        .enumerate()
        .map(|(i, (post, who))| {
            let mut stat = PostStat {
                post: *post,
                time: post.time_ms().unwrap_or(0),
                regulars: 0,
                occasional: 0,
                first_time: 0,
            };
            for w in who {
                let mine = &liked[w];
                let before = mine.partition_point(|&j| j < i);
                let recent = before - mine[..before].partition_point(|&j| j + window < i);
                if before == 0 {
                    stat.first_time += 1;
                } else if recent >= rule.at_least as usize {
                    stat.regulars += 1;
                } else {
                    stat.occasional += 1;
                }
            }
            stat
        })
        .collect()
}

/// One calendar month of my posts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Month {
    pub year: i64,
    pub month: i64,
    pub posts: u32,
    /// Average likes per post from regulars, and from everyone else.
    pub regular_per_post: f64,
    pub other_per_post: f64,
    /// Regulars' share of all likes that month (0–1).
    pub regular_share: f64,
}

/// Months of the stats (local time: `offset_ms` is added to UTC), oldest first.
pub fn monthly(stats: &[PostStat], offset_ms: i64) -> Vec<Month> {
    let mut months: BTreeMap<(i64, i64), (u32, u32, u32)> = BTreeMap::new();
    for s in stats {
        let (y, m, _) = civil_from_days(s.time.saturating_add(offset_ms).div_euclid(DAY_MS));
        let e = months.entry((y, m)).or_default();
        e.0 += 1;
        e.1 += s.regulars;
        e.2 += s.occasional + s.first_time;
    }
    months
        .into_iter()
        .map(|((year, month), (posts, regular, other))| Month {
            year,
            month,
            posts,
            regular_per_post: f64::from(regular) / f64::from(posts),
            other_per_post: f64::from(other) / f64::from(posts),
            regular_share: if regular + other == 0 {
                0.0
            } else {
                f64::from(regular) / f64::from(regular + other)
            },
        })
        .collect()
}

/// One week (from Monday) of likes both ways.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Week {
    /// ms (local midnight of the Monday, as UTC ms minus the offset).
    pub start: i64,
    pub given: u32,
    pub received: u32,
}

/// The like-back balance week by week over the last `weeks` weeks up to `now` (local time:
/// `offset_ms` is added to UTC), oldest first; weeks without likes are there with zeros.
pub fn weekly_balance(ledger: &Ledger, now: i64, offset_ms: i64, weeks: usize) -> Vec<Week> {
    // Saturating: a time or offset from outside (a damaged store, a page's message) must not
    // wrap around in a release build.
    let week = 7 * DAY_MS;
    let monday = |t: i64| {
        let day = t.saturating_add(offset_ms).div_euclid(DAY_MS);
        // 1970-01-01 was a Thursday: day 4 is the first Monday.
        let monday = day - (day - 4).rem_euclid(7);
        monday.saturating_mul(DAY_MS).saturating_sub(offset_ms)
    };
    let weeks = weeks.min(10_000) as i64;
    let last = monday(now);
    let first = last.saturating_sub((weeks - 1).max(0) * week);
    let mut out: Vec<Week> = (0..weeks)
        .map(|i| Week {
            start: first.saturating_add(i * week),
            given: 0,
            received: 0,
        })
        .collect();
    let received = ledger.received_iter().map(|(_, _, at)| (at, false));
    let given = ledger.given_iter().map(|(_, _, at)| (at, true));
    for (at, given) in received.chain(given) {
        let start = monday(at);
        if start < first || start > last {
            continue;
        }
        let Some(w) = usize::try_from((start - first) / week)
            .ok()
            .and_then(|i| out.get_mut(i))
        else {
            continue;
        };
        if given {
            w.given += 1;
        } else {
            w.received += 1;
        }
    }
    out
}

/// A regular of mine, for the table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Regular {
    pub who: Handle,
    #[serde(default)]
    pub name: String,
    /// How many of my last `of_last` posts (with likers seen) they liked.
    pub liked: u32,
    pub owed: u32,
}

/// The people who liked at least `at_least` of my last `of_last` posts, most first.
pub fn regulars(ledger: &Ledger, rule: RegularRule, balances: &[Balance]) -> Vec<Regular> {
    let rule = rule.clamped();
    let mut posts: Vec<PostId> = ledger.received_iter().map(|(_, p, _)| p).collect();
    posts.sort_unstable();
    posts.dedup();
    let last: Vec<PostId> = posts
        .iter()
        .rev()
        .take(rule.of_last as usize)
        .copied()
        .collect();
    let mut counts: HashMap<&Handle, u32> = HashMap::new();
    for (who, post, _) in ledger.received_iter() {
        if last.contains(&post) {
            *counts.entry(who).or_default() += 1;
        }
    }
    let owed: HashMap<&Handle, u32> = balances.iter().map(|b| (&b.who, b.owed)).collect();
    let mut out: Vec<Regular> = counts
        .into_iter()
        .filter(|(_, n)| *n >= rule.at_least)
        .map(|(who, liked)| Regular {
            who: who.clone(),
            name: String::new(),
            liked,
            owed: owed.get(who).copied().unwrap_or(0),
        })
        .collect();
    out.sort_by(|a, b| b.liked.cmp(&a.liked).then_with(|| a.who.cmp(&b.who)));
    out
}

/// Weeks shown in the balance chart: half a year, the span of the seed's story.
pub const WEEKS: usize = 26;

/// Everything the Insights page shows.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Insights {
    pub rule: RegularRule,
    /// My posts seen with their likers.
    pub posts: usize,
    /// People who liked any of them.
    pub likers: usize,
    pub regular_likes: u32,
    pub occasional_likes: u32,
    pub first_time_likes: u32,
    pub months: Vec<Month>,
    pub weeks: Vec<Week>,
    pub regulars: Vec<Regular>,
    /// My newest posts with their likers seen of X's like count (`core::coverage`; set by the
    /// background, which holds the counts).
    pub coverage: Vec<crate::core::coverage::PostCoverage>,
}

pub fn compute(
    ledger: &Ledger,
    rule: RegularRule,
    balances: &[Balance],
    names: &HashMap<Handle, String>,
    now: i64,
    offset_ms: i64,
) -> Insights {
    let rule = rule.clamped();
    let stats = post_stats(ledger, rule);
    let likers: std::collections::HashSet<&Handle> =
        ledger.received_iter().map(|(w, _, _)| w).collect();
    let mut regulars = regulars(ledger, rule, balances);
    for r in &mut regulars {
        r.name = names.get(&r.who).cloned().unwrap_or_default();
    }
    Insights {
        rule,
        posts: stats.len(),
        likers: likers.len(),
        regular_likes: stats.iter().map(|s| s.regulars).sum(),
        occasional_likes: stats.iter().map(|s| s.occasional).sum(),
        first_time_likes: stats.iter().map(|s| s.first_time).sum(),
        months: monthly(&stats, offset_ms),
        weeks: weekly_balance(ledger, now, offset_ms, WEEKS),
        regulars,
        coverage: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::ledger::{Event, Window, DAY_MS};
    use crate::core::model::parse_iso_ms;

    fn h(s: &str) -> Handle {
        Handle::parse(s).unwrap()
    }

    /// A post id whose snowflake time is `ms`.
    fn post_at(ms: i64, n: u64) -> PostId {
        PostId((((ms - 1_288_834_974_657) as u64) << 22) | n)
    }

    /// My posts P0..P6 (one a week from 2026-09-07), liked by:
    /// - reg: every post;  - occ: P0 and P5;  - new1: P3 only;  - new2: P6 only.
    fn ledger() -> (Ledger, Vec<PostId>) {
        let first = parse_iso_ms("2026-09-07T10:00:00.000Z").unwrap();
        let posts: Vec<PostId> = (0..7)
            .map(|i| post_at(first + i * 7 * DAY_MS, i as u64))
            .collect();
        let mut l = Ledger::default();
        let mut like = |who: &str, i: usize| {
            l.apply(&Event::Received {
                who: h(who),
                post: posts[i],
                at: posts[i].time_ms().unwrap() + 3_600_000,
            });
        };
        for i in 0..7 {
            like("reg", i);
        }
        like("occ", 0);
        like("occ", 5);
        like("new1", 3);
        like("new2", 6);
        (l, posts)
    }

    #[test]
    fn likers_are_regulars_occasional_or_first_time() {
        let (l, posts) = ledger();
        let stats = post_stats(&l, RegularRule::default());
        let got: Vec<(u32, u32, u32)> = stats
            .iter()
            .map(|s| (s.regulars, s.occasional, s.first_time))
            .collect();
        assert_eq!(stats.iter().map(|s| s.post).collect::<Vec<_>>(), posts);
        assert_eq!(
            got,
            [
                (0, 0, 2), // P0: nobody has history yet
                (0, 1, 0), // P1: reg liked 1 of the previous posts: occasional so far
                (0, 1, 0), // P2: reg 2 of 2
                (1, 0, 1), // P3: reg 3 of 3 → regular; new1 first time
                (1, 0, 0), // P4
                (1, 1, 0), // P5: occ liked P0 only (1 of the last 5): occasional
                (1, 0, 1), // P6: new2 first time
            ]
        );
        // A stricter rule: 5 of the last 5.
        let strict = post_stats(
            &l,
            RegularRule {
                of_last: 5,
                at_least: 5,
            },
        );
        assert_eq!(
            strict.iter().map(|s| s.regulars).collect::<Vec<_>>(),
            [0, 0, 0, 0, 0, 1, 1]
        );
    }

    #[test]
    fn months_average_likes_per_post_split_by_regulars() {
        let (l, _) = ledger();
        let months = monthly(&post_stats(&l, RegularRule::default()), 0);
        // September: P0–P3 (4 posts, 1 regular like, 5 others); October: P4–P6 (3 posts, 3
        // regular likes, 2 others).
        assert_eq!(months.len(), 2);
        assert_eq!(
            (months[0].year, months[0].month, months[0].posts),
            (2026, 9, 4)
        );
        assert_eq!(months[0].regular_per_post, 0.25);
        assert_eq!(months[0].other_per_post, 1.25);
        assert!((months[0].regular_share - 1.0 / 6.0).abs() < 1e-9);
        assert_eq!((months[1].month, months[1].posts), (10, 3));
        assert_eq!(months[1].regular_per_post, 1.0);
        assert!((months[1].other_per_post - 2.0 / 3.0).abs() < 1e-9);
        assert_eq!(months[1].regular_share, 0.6);
    }

    #[test]
    fn weeks_count_both_ways_from_monday() {
        let mut l = Ledger::default();
        let t = |iso: &str| parse_iso_ms(iso).unwrap();
        // 2026-11-23 is a Monday.
        l.apply(&Event::Received {
            who: h("a"),
            post: PostId(1),
            at: t("2026-11-22T23:00:00.000Z"),
        });
        l.apply(&Event::Received {
            who: h("b"),
            post: PostId(1),
            at: t("2026-11-23T00:30:00.000Z"),
        });
        l.apply(&Event::Given {
            who: h("a"),
            post: PostId(5),
            at: t("2026-11-24T12:00:00.000Z"),
        });
        l.apply(&Event::Given {
            who: h("a"),
            post: PostId(6),
            at: t("2026-10-01T12:00:00.000Z"),
        });
        let weeks = weekly_balance(&l, t("2026-11-25T12:00:00.000Z"), 0, 3);
        let got: Vec<(String, u32, u32)> = weeks
            .iter()
            .map(|w| {
                (
                    crate::core::model::format_iso_ms(w.start)[..10].to_string(),
                    w.given,
                    w.received,
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("2026-11-09".into(), 0, 0),
                ("2026-11-16".into(), 0, 1),
                ("2026-11-23".into(), 1, 1)
            ]
        );
        // In Tokyo (UTC+9) the Sunday-night like already falls on Monday.
        let tokyo = weekly_balance(&l, t("2026-11-25T12:00:00.000Z"), 9 * 3_600_000, 1);
        assert_eq!((tokyo[0].given, tokyo[0].received), (1, 2));
    }

    #[test]
    fn regulars_table_counts_the_last_posts() {
        let (l, _) = ledger();
        let now = parse_iso_ms("2026-10-20T00:00:00.000Z").unwrap();
        let balances = l.balances(now, Window::Days(30));
        let table = regulars(&l, RegularRule::default(), &balances);
        // Of the last 5 posts (P2–P6): reg liked 5, occ 1, new1 1, new2 1.
        assert_eq!(table.len(), 1);
        assert_eq!((table[0].who.as_str(), table[0].liked), ("reg", 5));
        assert_eq!(table[0].owed, 5);
        let loose = regulars(
            &l,
            RegularRule {
                of_last: 5,
                at_least: 1,
            },
            &balances,
        );
        assert_eq!(
            loose.iter().map(|r| r.who.as_str()).collect::<Vec<_>>(),
            ["reg", "new1", "new2", "occ"]
        );
    }

    #[test]
    fn the_whole_picture_adds_up() {
        let (l, _) = ledger();
        let now = parse_iso_ms("2026-10-20T00:00:00.000Z").unwrap();
        let names = HashMap::from([(h("reg"), "The Regular".to_string())]);
        let i = compute(
            &l,
            RegularRule::default(),
            &l.balances(now, Window::Days(7)),
            &names,
            now,
            0,
        );
        assert_eq!((i.posts, i.likers), (7, 4));
        assert_eq!(
            (i.regular_likes, i.occasional_likes, i.first_time_likes),
            (4, 3, 4)
        );
        assert_eq!(i.months.len(), 2);
        assert_eq!(i.weeks.len(), WEEKS);
        assert_eq!(i.weeks.iter().map(|w| w.received).sum::<u32>(), 11);
        assert_eq!(i.regulars[0].name, "The Regular");
    }

    #[test]
    fn the_rule_is_kept_sensible() {
        assert_eq!(
            RegularRule {
                of_last: 0,
                at_least: 9
            }
            .clamped(),
            RegularRule {
                of_last: 1,
                at_least: 1
            }
        );
        assert_eq!(
            RegularRule {
                of_last: 99,
                at_least: 0
            }
            .clamped(),
            RegularRule {
                of_last: 50,
                at_least: 1
            }
        );
    }
}
