//! The like-back round, kept here so that it survives a closed tab, a browser restart and a
//! stopped service worker: `round_state` (what the background needs) and `round` (the `View`
//! the popup, the round bar and Insights read) are written together, and become the state only
//! once written (commit after write), like everything else the background keeps.

use super::*;
use crate::core::round::{self, Order, Rounds, Step, Stop, View};

/// The stored keys: the whole state, and what the pages read.
pub(super) const STATE_KEY: &str = "round_state";
pub(super) const VIEW_KEY: &str = "round";

/// The local time zone's offset (ms added to UTC), for "skip for today" and the day's total.
fn offset_ms() -> i64 {
    -(js_sys::Date::new_0().get_timezone_offset() * 60_000.0) as i64
}

fn today(t: i64) -> i64 {
    round::day_of(t, offset_ms())
}

/// The state as stored at start (a damaged record: no round, rather than no background).
pub(super) fn load(all: &Object) -> Rounds {
    chrome::field::<String>(all, STATE_KEY)
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default()
}

/// The view of `rounds`, with the person shown described from the state as it is now.
fn view_of(s: &Background, rounds: &Rounds) -> View {
    let stop = rounds.here().map(|who| {
        let balances = s.ledger.balances(now(), s.settings.window);
        Stop::of(who, &s.names, &balances, &s.seen, &s.ledger)
    });
    rounds.view(stop)
}

/// Writes `rounds` and its view; the state takes them once written.
async fn commit(rounds: Rounds) -> Result<View, ExtError> {
    let view = STATE.with(|s| view_of(&s.borrow(), &rounds));
    let state = serde_json::to_string(&rounds).map_err(|e| ExtError(e.to_string()))?;
    let shown = serde_json::to_string(&view).map_err(|e| ExtError(e.to_string()))?;
    chrome::set(&[
        (STATE_KEY, JsValue::from_str(&state)),
        (VIEW_KEY, JsValue::from_str(&shown)),
    ])
    .await
    .map_err(not_stored)?;
    STATE.with(|s| s.borrow_mut().rounds = rounds);
    Ok(view)
}

fn answer(view: View) -> Reply {
    Reply {
        round: Some(view),
        ..Reply::ok()
    }
}

/// Starts a round over everyone owed (or the team), or continues the one under way.
pub(super) async fn start(order: Option<Order>) -> Result<Reply, ExtError> {
    let t = now();
    let rounds = STATE.with(|s| {
        let s = s.borrow();
        let mut rounds = s.rounds.clone();
        if rounds.current.is_none() {
            let order = order.unwrap_or(s.settings.round_order);
            let balances = s.ledger.balances(t, s.settings.window);
            let team = match order {
                Order::Team => team::round(&s.team, &s.seen, &s.ledger, &s.names),
                _ => Vec::new(),
            };
            let queue = round::plan(order, &balances, &team, &rounds.skipped_on(today(t)));
            rounds.start(order, queue, t);
        }
        rounds
    });
    commit(rounds).await.map(answer)
}

/// Next, skip for today, or end.
pub(super) async fn step(step: Step) -> Result<Reply, ExtError> {
    let t = now();
    let day = today(t);
    let mut rounds = STATE.with(|s| s.borrow().rounds.clone());
    match step {
        Step::Next => rounds.next(t, day),
        Step::Skip => rounds.skip(t, day),
        Step::End => rounds.end(t, day),
    };
    commit(rounds).await.map(answer)
}

/// After a `Learn` was stored: likes I gave to people of the round count for it, and the
/// person shown is described again when what was learned is about them (a like either way, a
/// newer post), so that the bar says "✓ liked" and the counts follow. Best effort: the likes
/// themselves are stored already; a failed write here only leaves the round's counts behind.
pub(super) async fn after_learn(new: &[Event], posts_of: &[Handle]) {
    let t = now();
    let day = today(t);
    let changed = STATE.with(|s| {
        let s = s.borrow();
        let here = s.rounds.here()?.clone();
        let mut rounds = s.rounds.clone();
        let mut touched = posts_of.contains(&here);
        for e in new {
            match e {
                Event::Given { who, at, .. } => {
                    rounds.liked(who, *at, day);
                    touched |= *who == here;
                }
                Event::Received { who, .. } => touched |= *who == here,
                Event::Unliked { .. } => touched = true,
            }
        }
        (touched || rounds != s.rounds).then_some(rounds)
    });
    if let Some(rounds) = changed {
        let _ = commit(rounds).await;
    }
}
