//! The user's settings, with their defaults in one place. Stored under the `settings` key and
//! carried in exports; unknown or missing fields fall back to the defaults so that an older
//! or newer extension reads them without loss.

use crate::core::insights::RegularRule;
use crate::core::ledger::Window;
use serde::{Deserialize, Serialize};

/// What to do with reposts on a kind of page.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RepostMode {
    /// A one-line bar that expands to the post on click.
    #[default]
    Collapse,
    /// Not shown at all.
    Hide,
    /// Left as X shows it.
    Show,
}

impl RepostMode {
    pub const ALL: [RepostMode; 3] = [RepostMode::Collapse, RepostMode::Hide, RepostMode::Show];

    pub fn as_str(self) -> &'static str {
        match self {
            RepostMode::Collapse => "collapse",
            RepostMode::Hide => "hide",
            RepostMode::Show => "show",
        }
    }
}

/// The kinds of page with their own repost mode.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PageKind {
    HomeForYou,
    HomeFollowing,
    List,
    Profile,
    Search,
    /// Status pages, notifications, anything else: reposts are collapsed as on Home.
    Other,
}

impl PageKind {
    /// The kinds the user sets a mode for, in the order the options page shows them.
    pub const CHOOSABLE: [PageKind; 5] = [
        PageKind::HomeForYou,
        PageKind::HomeFollowing,
        PageKind::List,
        PageKind::Profile,
        PageKind::Search,
    ];

    /// The name used in storage, in the options page and in `_locales` message names.
    pub fn as_str(self) -> &'static str {
        match self {
            PageKind::HomeForYou => "home_for_you",
            PageKind::HomeFollowing => "home_following",
            PageKind::List => "lists",
            PageKind::Profile => "profiles",
            PageKind::Search => "search",
            PageKind::Other => "other",
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Modes {
    pub home_for_you: RepostMode,
    pub home_following: RepostMode,
    pub lists: RepostMode,
    pub profiles: RepostMode,
    pub search: RepostMode,
}

impl Modes {
    pub fn get(&self, kind: PageKind) -> RepostMode {
        match kind {
            PageKind::HomeForYou => self.home_for_you,
            PageKind::HomeFollowing => self.home_following,
            PageKind::List => self.lists,
            PageKind::Profile => self.profiles,
            PageKind::Search => self.search,
            PageKind::Other => RepostMode::Collapse,
        }
    }

    pub fn set(&mut self, kind: PageKind, mode: RepostMode) {
        match kind {
            PageKind::HomeForYou => self.home_for_you = mode,
            PageKind::HomeFollowing => self.home_following = mode,
            PageKind::List => self.lists = mode,
            PageKind::Profile => self.profiles = mode,
            PageKind::Search => self.search = mode,
            PageKind::Other => {}
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub modes: Modes,
    /// The counting window for what is owed.
    pub window: Window,
    /// Who counts as a regular in Insights.
    pub regulars: RegularRule,
    /// Who comes first in the like-back round.
    pub round_order: crate::core::round::Order,
    /// No "where I left off" divider on X's timelines (shown by default; a setting named by
    /// what it turns off keeps `false` the default for stores and exports without it).
    pub hide_last_seen: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_and_unknown_fields_fall_back_to_defaults() {
        let s: Settings =
            serde_json::from_str(r#"{"modes":{"search":"hide","later":"x"},"other":1}"#).unwrap();
        assert_eq!(s.modes.get(PageKind::Search), RepostMode::Hide);
        assert_eq!(s.modes.get(PageKind::HomeForYou), RepostMode::Collapse);
        assert_eq!(
            serde_json::from_str::<Settings>("{}").unwrap(),
            Settings::default()
        );
    }

    #[test]
    fn every_choosable_kind_keeps_its_own_mode() {
        let mut m = Modes::default();
        for (i, kind) in PageKind::CHOOSABLE.into_iter().enumerate() {
            m.set(kind, RepostMode::ALL[i % 3]);
        }
        for (i, kind) in PageKind::CHOOSABLE.into_iter().enumerate() {
            assert_eq!(m.get(kind), RepostMode::ALL[i % 3]);
        }
        assert_eq!(m.get(PageKind::Other), RepostMode::Collapse);
    }
}
