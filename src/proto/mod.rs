//! What the extension's contexts say to each other (serde): the one language of
//! `runtime.sendMessage`, its replies and the transfer port.

pub mod messages;
