//! Extension plumbing: browser APIs, messages, and one module per extension context.

pub mod background;
pub mod chrome;
pub mod content;
pub mod dom;
pub mod messages;
pub mod options;
pub mod outbox;
pub mod popup;
