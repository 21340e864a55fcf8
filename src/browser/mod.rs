//! The browser beneath every context: `chrome.*` bindings (every one `catch`), and for the
//! extension pages the DOM helpers (`El`), SVG and the port that carries files.

pub mod chrome;
#[cfg(any(feature = "pages", feature = "popup", feature = "popup-first"))]
pub mod dom;
#[cfg(feature = "pages")]
pub mod svg;
#[cfg(feature = "pages")]
pub mod transfer;
