//! Teams and the daily round (seed 004): colleagues who support each other's posts once a day,
//! without pressure. The round lists each member's newest post I have not liked, the one who
//! has waited longest first; never by follower counts, with no ranking and no streak.

use crate::core::ledger::Ledger;
use crate::core::marks::{Newest, Seen};
use crate::core::model::Handle;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Team {
    pub name: String,
    pub members: Vec<Handle>,
    /// The X list it was imported from, so that importing it again adds to the same team.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub list: Option<String>,
}

/// Team names are shown as text; they are kept short.
pub const MAX_NAME: usize = 60;
pub const MAX_MEMBERS: usize = 500;

impl Team {
    pub fn new(name: &str, list: Option<String>) -> Team {
        Team {
            name: clean_name(name),
            members: Vec::new(),
            list,
        }
    }

    /// Adds members not already in; returns how many were new.
    pub fn add(&mut self, members: impl IntoIterator<Item = Handle>) -> usize {
        let mut added = 0;
        for m in members {
            if self.members.len() < MAX_MEMBERS && !self.members.contains(&m) {
                self.members.push(m);
                added += 1;
            }
        }
        added
    }
}

/// Teams from an imported file, merged into mine: a team of the same name gains the members
/// it lacks (up to `MAX_MEMBERS`), any other is added.
pub fn merge_imported(teams: &mut Vec<Team>, imported: Vec<Team>) {
    for team in imported {
        match teams.iter_mut().find(|t| t.name == team.name) {
            Some(t) => {
                t.add(team.members);
            }
            None => teams.push(team),
        }
    }
}

pub fn clean_name(name: &str) -> String {
    let name: String = name.split_whitespace().collect::<Vec<_>>().join(" ");
    let name: String = name.chars().take(MAX_NAME).collect();
    if name.is_empty() {
        "Team".into()
    } else {
        name
    }
}

/// Adds `members` to the team imported from `list` (or named `name`), creating it if needed.
/// Returns the team's name and how many members were new.
pub fn add_to_teams(
    teams: &mut Vec<Team>,
    name: &str,
    list: Option<String>,
    members: Vec<Handle>,
) -> (String, usize) {
    let name = clean_name(name);
    let i = teams
        .iter()
        .position(|t| (list.is_some() && t.list == list) || (list.is_none() && t.name == name))
        .unwrap_or_else(|| {
            teams.push(Team::new(&name, list));
            teams.len() - 1
        });
    let added = teams[i].add(members);
    (teams[i].name.clone(), added)
}

/// One member in the round.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoundEntry {
    pub who: Handle,
    pub name: String,
    /// The teams they are in.
    pub teams: Vec<String>,
    /// Their newest post seen, if any.
    pub newest: Option<Newest>,
    /// ms: that post's time.
    pub time: Option<i64>,
    /// Whether I liked it.
    pub liked: bool,
}

/// Every member of every team once: first those whose newest post waits for my like, the
/// one who has waited longest first; then those whose newest post is not known yet; then
/// those already liked.
pub fn round(
    teams: &[Team],
    seen: &Seen,
    ledger: &Ledger,
    names: &HashMap<Handle, String>,
) -> Vec<RoundEntry> {
    let mut out: Vec<RoundEntry> = Vec::new();
    for team in teams {
        for who in &team.members {
            if let Some(e) = out.iter_mut().find(|e| &e.who == who) {
                e.teams.push(team.name.clone());
                continue;
            }
            let newest = seen.newest(who).cloned();
            out.push(RoundEntry {
                who: who.clone(),
                name: names.get(who).cloned().unwrap_or_default(),
                teams: vec![team.name.clone()],
                time: newest.as_ref().and_then(|n| n.id.time_ms()),
                liked: newest.as_ref().is_some_and(|n| ledger.has_given(n.id)),
                newest,
            });
        }
    }
    let order = |e: &RoundEntry| match (&e.newest, e.liked) {
        (Some(_), false) => 0,
        (None, _) => 1,
        (Some(_), true) => 2,
    };
    out.sort_by(|a, b| {
        order(a)
            .cmp(&order(b))
            .then(a.time.cmp(&b.time))
            .then_with(|| a.who.cmp(&b.who))
    });
    out
}

/// The round is done when every member's newest post is liked (and there is a member).
pub fn round_done(round: &[RoundEntry]) -> bool {
    !round.is_empty() && round.iter().all(|e| e.liked)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::ledger::Event;
    use crate::core::model::PostId;

    fn h(s: &str) -> Handle {
        Handle::parse(s).unwrap()
    }

    #[test]
    fn imported_teams_merge_by_name() {
        let mut mine = vec![Team::new("Design", None)];
        mine[0].add([h("aoi_dev")]);
        let mut same = Team::new("Design", None);
        same.add([h("aoi_dev"), h("mika_art")]);
        let other = Team::new("Dev", None);
        merge_imported(&mut mine, vec![same, other]);
        assert_eq!(mine.len(), 2);
        assert_eq!(mine[0].members, [h("aoi_dev"), h("mika_art")]);
        assert_eq!(mine[1].name, "Dev");
    }

    #[test]
    fn importing_a_list_again_adds_to_the_same_team() {
        let mut teams = Vec::new();
        let (name, added) = add_to_teams(
            &mut teams,
            "  LB   friends ",
            Some("18".into()),
            vec![h("aoi_dev"), h("kenji_k")],
        );
        assert_eq!((name.as_str(), added), ("LB friends", 2));
        let (_, added) = add_to_teams(
            &mut teams,
            "renamed on X",
            Some("18".into()),
            vec![h("AOI_DEV"), h("mika_art")],
        );
        assert_eq!(added, 1);
        assert_eq!(teams.len(), 1);
        assert_eq!(
            teams[0].members,
            [h("aoi_dev"), h("kenji_k"), h("mika_art")]
        );
        add_to_teams(&mut teams, "Design", None, vec![h("sora_w")]);
        assert_eq!(teams.len(), 2);
        assert_eq!(clean_name(""), "Team");
    }

    #[test]
    fn the_round_puts_who_waited_longest_first_and_the_liked_last() {
        let teams = vec![
            Team {
                name: "Dev".into(),
                members: vec![h("aoi_dev"), h("kenji_k"), h("mika_art"), h("yuki_t")],
                list: None,
            },
            Team {
                name: "Design".into(),
                members: vec![h("mika_art")],
                list: None,
            },
        ];
        let mut seen = Seen::default();
        // A post made `hour` hours into 2026-11-20 (snowflake ids carry their time).
        let id =
            |hour: u64| PostId((1_763_596_800_000 - 1_288_834_974_657 + hour * 3_600_000) << 22);
        let post = |hour: u64| Newest {
            id: id(hour),
            text: format!("post {hour}"),
        };
        seen.add(&h("aoi_dev"), post(30));
        seen.add(&h("kenji_k"), post(10));
        seen.add(&h("mika_art"), post(20));
        let mut ledger = Ledger::default();
        ledger.apply(&Event::Given {
            who: h("mika_art"),
            post: id(20),
            at: 0,
        });
        let r = round(&teams, &seen, &ledger, &HashMap::new());
        let order: Vec<(&str, bool)> = r.iter().map(|e| (e.who.as_str(), e.liked)).collect();
        assert_eq!(
            order,
            [
                ("kenji_k", false),
                ("aoi_dev", false),
                ("yuki_t", false),
                ("mika_art", true)
            ]
        );
        assert_eq!(r[3].teams, ["Dev", "Design"]);
        assert!(!round_done(&r));
        ledger.apply(&Event::Given {
            who: h("kenji_k"),
            post: id(10),
            at: 0,
        });
        ledger.apply(&Event::Given {
            who: h("aoi_dev"),
            post: id(30),
            at: 0,
        });
        let only_seen: Vec<Team> = vec![Team {
            name: "Dev".into(),
            members: vec![h("aoi_dev"), h("kenji_k")],
            list: None,
        }];
        assert!(round_done(&round(
            &only_seen,
            &seen,
            &ledger,
            &HashMap::new()
        )));
        assert!(!round_done(&[]));
    }
}
