//! A new user's first minutes: when the welcome page opens, and what the popup asks for
//! before Likeback has learned anything.

/// The welcome page opens when the browser installs Likeback (`runtime.onInstalled` with
/// `reason` "install"), never on an update, a browser update or a reload: someone who already
/// uses it does not want a tab of explanations after every new version.
pub fn opens_welcome(install_reason: &str) -> bool {
    install_reason == "install"
}

/// What the popup's empty state asks the user to do next.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FirstStep {
    /// Likeback has never seen X's page: "Open x.com to start".
    OpenX,
    /// X's page was seen and "me" is known, but no like yet: "Ready: open your notifications".
    OpenNotifications,
}

impl FirstStep {
    /// Known "me" means the content script ran on X's page (or the user typed the handle):
    /// the only thing missing is a page that shows likes.
    pub fn given(me_known: bool) -> FirstStep {
        if me_known {
            FirstStep::OpenNotifications
        } else {
            FirstStep::OpenX
        }
    }

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
    fn only_an_install_opens_the_welcome_page() {
        assert!(opens_welcome("install"));
        for reason in [
            "update",
            "browser_update",
            "chrome_update",
            "shared_module_update",
            "",
        ] {
            assert!(!opens_welcome(reason), "{reason}");
        }
    }

    #[test]
    fn the_first_step_follows_whether_me_is_known() {
        assert_eq!(FirstStep::given(false), FirstStep::OpenX);
        assert_eq!(FirstStep::given(true), FirstStep::OpenNotifications);
        assert_eq!(FirstStep::OpenX.as_str(), "open-x");
    }
}
