//! Teams: named lists of colleagues for the daily round.

use crate::core::model::Handle;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Team {
    pub name: String,
    pub members: Vec<Handle>,
}
