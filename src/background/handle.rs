//! Every message the content scripts and the extension pages send, answered (the admin ones
//! only from the extension's own pages: see `on_message`).

use super::*;

pub(super) async fn handle(message: Message) -> Result<Reply, ExtError> {
    match message {
        Message::Health { health, detail } => {
            let note = HealthNote {
                health,
                detail: detail.chars().take(200).collect(),
                at: js_sys::Date::now(),
            };
            chrome::set(&[("health", chrome::to_js(&note)?)]).await?;
            Ok(Reply::ok())
        }
        Message::Learn {
            me,
            events,
            names,
            posts,
            note,
            refused,
            readings,
        } => {
            let a = admit_again(me.as_ref(), events, names, posts, &refused);
            learn(me, a.events, a.names, a.posts, note, readings).await
        }
        Message::SetMe { me } => {
            let mut meta = STATE.with(|s| s.borrow().meta.clone());
            meta.me_by_user = me.is_some();
            if me.is_some() {
                meta.me = me;
            }
            chrome::set(&[("meta", chrome::to_js(&meta)?)])
                .await
                .map_err(not_stored)?;
            STATE.with(|s| s.borrow_mut().meta = meta);
            Ok(Reply::ok())
        }
        // The options page takes the file over a port (`on_connect`): a message carries at
        // most 64 MiB. This answer is for small ledgers (the tests read the ledger with it).
        Message::Export => {
            let (text, filename) = export_file();
            Ok(Reply {
                text: Some(text),
                filename: Some(filename),
                ..Reply::ok()
            })
        }
        Message::ExportCsv => {
            let (text, stamp) = STATE.with(|s| {
                let s = s.borrow();
                let t = now();
                let window = s.ledger.balances(t, s.settings.window);
                let all = s.ledger.balances(t, crate::core::ledger::Window::All);
                (export::csv(&window, &all, &s.names), file_stamp(t))
            });
            Ok(Reply {
                text: Some(text),
                filename: Some(format!("likeback-people-{stamp}.csv")),
                ..Reply::ok()
            })
        }
        // The options page sends files over a port (`on_connect`); this is for small ones.
        Message::Import { text } => import(&text).await,
        Message::SetTeams { teams } => {
            let mut clean: Vec<Team> = Vec::new();
            for t in teams {
                team::add_to_teams(&mut clean, &t.name, t.list, t.members);
            }
            chrome::set(&[("team", chrome::to_js(&clean)?)])
                .await
                .map_err(not_stored)?;
            STATE.with(|s| s.borrow_mut().team = clean);
            publish_summary().await?;
            Ok(Reply::ok())
        }
        Message::AddToTeam {
            name,
            list,
            members,
        } => {
            let mut teams = STATE.with(|s| s.borrow().team.clone());
            let (name, added) = team::add_to_teams(&mut teams, &name, list, members);
            chrome::set(&[("team", chrome::to_js(&teams)?)])
                .await
                .map_err(not_stored)?;
            STATE.with(|s| s.borrow_mut().team = teams);
            publish_summary().await?;
            Ok(Reply {
                added,
                text: Some(name),
                ..Reply::ok()
            })
        }
        Message::Insights { offset_ms, rule } => {
            let insights = STATE.with(|s| {
                let s = s.borrow();
                let t = now();
                let balances = s.ledger.balances(t, s.settings.window);
                let mut i = insights::compute(&s.ledger, rule, &balances, &s.names, t, offset_ms);
                i.coverage = crate::core::coverage::per_post(
                    &s.ledger,
                    &s.like_counts,
                    crate::core::coverage::POSTS_LISTED,
                );
                i
            });
            Ok(Reply {
                insights: Some(insights),
                ..Reply::ok()
            })
        }
        Message::Reset => reset().await,
        Message::RoundStart { order } => super::round::start(order).await,
        Message::RoundStep { step } => super::round::step(step).await,
        Message::LikeCounts { counts } => super::coverage::like_counts(counts).await,
        Message::Visit { timeline, ids } => super::coverage::visit(&timeline, ids).await,
        Message::Status => {
            let bytes = chrome::bytes_in_use().await.ok().flatten();
            let status = STATE.with(|s| {
                let s = s.borrow();
                Status {
                    me: s.meta.me.clone(),
                    me_by_user: s.meta.me_by_user,
                    received: s.ledger.received_count(),
                    given: s.ledger.given_count(),
                    people: s
                        .ledger
                        .balances(now(), crate::core::ledger::Window::All)
                        .len(),
                    bytes,
                    learned_at: s.learned_at,
                    record_ms: percentiles(&s.record_ms),
                    unreadable: s.unreadable,
                    note: s.note.clone(),
                    refused: s.refused,
                    newer_schema: s.newer,
                }
            });
            Ok(Reply {
                status: Some(status),
                ..Reply::ok()
            })
        }
    }
}
