//! What reads X's page and decides nothing: every selector of X's markup, what one post's
//! article shows (`scan`), which cells a mutation touched (`observe`), and the shape of an
//! article kept for health reports (`skeleton`). Nothing here writes to the page.

pub mod dom;
pub mod observe;
pub mod scan;
pub mod selectors;
pub mod skeleton;
