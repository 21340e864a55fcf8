//! Extension plumbing: browser APIs, messages, and one module per extension context.

#[cfg(feature = "pages")]
pub mod background;
pub mod chrome;
#[cfg(feature = "content")]
pub mod content;
#[cfg(feature = "pages")]
pub mod dom;
#[cfg(feature = "pages")]
pub mod insights_view;
pub mod messages;
#[cfg(feature = "pages")]
pub mod options;
#[cfg(feature = "content")]
pub mod outbox;
#[cfg(feature = "pages")]
pub mod popup;
#[cfg(feature = "pages")]
pub mod svg;
#[cfg(feature = "pages")]
pub mod team_view;
#[cfg(feature = "pages")]
pub mod transfer;
#[cfg(feature = "pages")]
pub mod welcome;
