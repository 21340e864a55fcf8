//! A new user's first minutes: when the welcome page opens, and what the popup asks for
//! before Likeback has learned anything.

use serde::{Deserialize, Serialize};

/// What `runtime.onInstalled` said last, stored under `installed`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Installed {
    /// The browser's reason: "install", "update", "browser_update" (Firefox), "chrome_update"…
    pub reason: String,
    /// With "update": the version updated from.
    pub previous_version: Option<String>,
    /// ms since the epoch.
    pub at: i64,
    /// ms; when the welcome page was opened, once per profile.
    pub welcomed_at: Option<i64>,
}

/// The install event `reason` (with `previous_version`) arrives at `now`; `before` is the
/// record of the last one, if any. Returns the new record and whether the welcome page opens.
///
/// It opens on a first install only, never on an update, a browser update or a reload: someone
/// who already uses Likeback does not want a tab of explanations after every new version. The
/// browser's word alone is not enough: Chromium reports every start of an extension loaded
/// with `--load-extension` as an "install" (its storage kept), so a profile that has a record
/// already is not welcomed again. Uninstalling clears the storage, so a later install is
/// welcomed afresh.
pub fn on_installed(
    before: Option<Installed>,
    reason: &str,
    previous_version: Option<String>,
    now: i64,
) -> (Installed, bool) {
    let welcome = reason == "install" && before.is_none();
    let welcomed_at = if welcome {
        Some(now)
    } else {
        before.and_then(|b| b.welcomed_at)
    };
    (
        Installed {
            reason: reason.to_string(),
            previous_version,
            at: now,
            welcomed_at,
        },
        welcome,
    )
}

/// What the popup's empty state asks the user to do next.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FirstStep {
    /// Likeback has never seen X's page: "Open x.com to start".
    OpenX,
    /// X's page was seen and "me" is known, but no like yet: "Ready: open your notifications".
    OpenNotifications,
}

/// The popup's first-run state, or `None` once a like on my posts is known. Likes given, seen
/// on any timeline, do not end it: with nothing received there is nothing to return, and
/// "all caught up" would be said of nothing. A known "me" means the content script ran on X's
/// page (or the user typed the handle): what is missing then is a page that shows likes.
pub fn first_step(likes_received: usize, me_known: bool) -> Option<FirstStep> {
    match (likes_received, me_known) {
        (0, false) => Some(FirstStep::OpenX),
        (0, true) => Some(FirstStep::OpenNotifications),
        _ => None,
    }
}

impl FirstStep {
    /// The `data-lb-step` attribute tests and stylesheets read.
    pub fn as_str(self) -> &'static str {
        match self {
            FirstStep::OpenX => "open-x",
            FirstStep::OpenNotifications => "open-notifications",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_first_install_opens_the_welcome_page() {
        let (record, welcome) = on_installed(None, "install", None, 1000);
        assert!(welcome);
        assert_eq!(record.welcomed_at, Some(1000));
        assert_eq!(record.reason, "install");
    }

    #[test]
    fn an_update_never_opens_it() {
        for reason in [
            "update",
            "browser_update",
            "chrome_update",
            "shared_module_update",
            "",
        ] {
            let (record, welcome) = on_installed(None, reason, Some("0.1.0".into()), 5);
            assert!(!welcome, "{reason}");
            assert_eq!(record.welcomed_at, None);
        }
        let (first, _) = on_installed(None, "install", None, 1000);
        let (then, welcome) = on_installed(Some(first), "update", Some("0.1.0".into()), 2000);
        assert!(!welcome);
        assert_eq!(then.previous_version.as_deref(), Some("0.1.0"));
        assert_eq!(
            then.welcomed_at,
            Some(1000),
            "the first welcome is remembered"
        );
    }

    /// Chromium says "install" at every start of a `--load-extension` extension.
    #[test]
    fn an_install_into_a_profile_that_had_likeback_does_not_open_it_again() {
        let (first, _) = on_installed(None, "install", None, 1000);
        let (again, welcome) = on_installed(Some(first), "install", None, 9000);
        assert!(!welcome);
        assert_eq!(again.welcomed_at, Some(1000));
        let updated = Installed {
            reason: "update".into(),
            ..Installed::default()
        };
        assert!(!on_installed(Some(updated), "install", None, 9000).1);
    }

    #[test]
    fn the_first_step_follows_whether_me_is_known_until_a_like_is_received() {
        assert_eq!(first_step(0, false), Some(FirstStep::OpenX));
        assert_eq!(first_step(0, true), Some(FirstStep::OpenNotifications));
        assert_eq!(first_step(1, true), None);
        // An import can bring likes before X was ever visited.
        assert_eq!(first_step(3, false), None);
        assert_eq!(FirstStep::OpenX.as_str(), "open-x");
    }
}
