//! The pure core: no web-sys, no js-sys. Every rule about posts, likes, owed counts and
//! settings lives here and is tested with plain `cargo test`.

pub mod admit;
pub mod api;
pub mod chart;
pub mod coverage;
pub mod export;
pub mod first_run;
pub mod friends;
pub mod health;
pub mod insights;
pub mod last_seen;
pub mod learn;
pub mod ledger;
pub mod marks;
pub mod model;
pub mod round;
pub mod route;
pub mod sent;
pub mod settings;
pub mod store;
pub mod summary;
pub mod team;
pub mod unread;
pub mod words;
