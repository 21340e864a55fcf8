//! The options page's Teams part: named lists of colleagues for the daily round. Every change
//! is sent to the background (which stores the teams with the ledger) and the part redrawn.

use super::common::{say, say_reply};
use crate::browser::chrome::{self, t, t_with};
use crate::browser::dom::{self, El};
use crate::core::model::Handle;
use crate::core::team::{self, Team};
use crate::proto::messages::Message;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;

type Teams = Rc<RefCell<Vec<Team>>>;

pub fn section(teams: Vec<Team>) -> El {
    let teams: Teams = Rc::new(RefCell::new(teams));
    El::new("section").lb("teams").child(body(&teams))
}

fn body(teams: &Teams) -> El {
    let list = teams
        .borrow()
        .iter()
        .enumerate()
        .map(|(i, team)| team_box(teams, i, team))
        .collect::<Vec<_>>();
    let new_name = El::new("input")
        .lb("new-team-name")
        .attr("type", "text")
        .attr("maxlength", "60")
        .attr("placeholder", &t("teamNamePlaceholder"))
        .attr("aria-label", &t("teamNamePlaceholder"));
    let create = {
        let teams = teams.clone();
        El::new("button")
            .lb("new-team")
            .text(&t("teamNew"))
            .on("click", move |_| {
                let name = input_value(r#"[data-lb="new-team-name"]"#);
                let name = if name.trim().is_empty() {
                    t("teamDefaultName")
                } else {
                    name
                };
                teams.borrow_mut().push(Team::new(&name, None));
                commit(&teams);
            })
    };
    let mut part = El::new("div")
        .lb("teams-body")
        .child(El::new("h2").text(&t("teamsHeading")))
        .child(El::new("p").class("help").text(&t("teamsHelp")));
    if list.is_empty() {
        part = part.child(
            El::new("p")
                .lb("teams-empty")
                .class("empty-note")
                .text(&t("teamsEmpty")),
        );
    }
    part.children(list)
        .child(
            El::new("div")
                .class("buttons")
                .child(new_name)
                .child(create),
        )
        .child(
            El::new("p")
                .lb("team-status")
                .attr("role", "status")
                .attr("aria-live", "polite"),
        )
}

fn team_box(teams: &Teams, i: usize, team: &Team) -> El {
    let name = {
        let teams = teams.clone();
        El::new("input")
            .lb("team-name")
            .attr("type", "text")
            .attr("maxlength", "60")
            .attr("value", &team.name)
            .attr("aria-label", &t("teamNameLabel"))
            .on("change", move |event| {
                let value = dom::value_of(event);
                if let Some(team) = teams.borrow_mut().get_mut(i) {
                    team.name = team::clean_name(&value);
                }
                commit(&teams);
            })
    };
    let members = team.members.iter().enumerate().map(|(m, who)| {
        let teams = teams.clone();
        El::new("li")
            .lb("member")
            .attr("data-lb-handle", who.as_str())
            .child(El::new("span").text(&format!("@{who}")))
            .child(
                El::new("button")
                    .lb("remove-member")
                    .class("icon")
                    .attr("aria-label", &t_with("teamRemove", &[who.as_str()]))
                    .text("×")
                    .on("click", move |_| {
                        if let Some(team) = teams.borrow_mut().get_mut(i) {
                            if m < team.members.len() {
                                team.members.remove(m);
                            }
                        }
                        commit(&teams);
                    }),
            )
    });
    let add_input = El::new("input")
        .lb("add-member")
        .attr("type", "text")
        .attr("placeholder", &t("teamAddPlaceholder"))
        .attr("aria-label", &t("teamAddLabel"))
        .attr("autocomplete", "off")
        .attr("spellcheck", "false");
    let add = {
        let teams = teams.clone();
        El::new("button")
            .lb("add-member-button")
            .text(&t("teamAdd"))
            .on("click", move |event| {
                let field = event
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                    .and_then(|b| b.closest(r#"[data-lb="team"]"#).ok().flatten())
                    .and_then(|b| b.query_selector(r#"[data-lb="add-member"]"#).ok().flatten())
                    .and_then(|i| i.dyn_into::<web_sys::HtmlInputElement>().ok());
                let value = field.as_ref().map(|f| f.value()).unwrap_or_default();
                // Several handles at once: "@aoi_dev, @kenji_k".
                let mut bad = Vec::new();
                let handles: Vec<Handle> = value
                    .split([',', ' ', '\n', '、'])
                    .filter(|s| !s.trim().is_empty())
                    .filter_map(|s| {
                        let h = Handle::parse(s.trim());
                        if h.is_none() {
                            bad.push(s.trim().to_string());
                        }
                        h
                    })
                    .collect();
                if !bad.is_empty() {
                    say("team-status", &t_with("meInvalid", &[&bad.join(", ")]));
                    return;
                }
                if let Some(team) = teams.borrow_mut().get_mut(i) {
                    team.add(handles);
                }
                commit(&teams);
            })
    };
    let delete = {
        let teams = teams.clone();
        El::new("button")
            .lb("delete-team")
            .class("danger")
            .text(&t("teamDelete"))
            .on("click", move |_| {
                if i < teams.borrow().len() {
                    teams.borrow_mut().remove(i);
                }
                commit(&teams);
            })
    };
    let source = match &team.list {
        Some(id) => t_with("teamFromList", &[id]),
        None => String::new(),
    };
    El::new("fieldset")
        .lb("team")
        .attr("data-lb-team", &team.name)
        .child(El::new("legend").child(name))
        .child(El::new("p").class("help").text(&format!(
            "{}{}",
            t_with("teamCount", &[&team.members.len().to_string()]),
            if source.is_empty() {
                String::new()
            } else {
                format!(" · {source}")
            }
        )))
        .child(if team.members.is_empty() {
            El::new("p")
                .lb("members-empty")
                .class("empty-note")
                .text(&t("teamNoMembers"))
        } else {
            El::new("ul").class("members").children(members)
        })
        .child(
            El::new("div")
                .class("buttons")
                .child(add_input)
                .child(add)
                .child(delete),
        )
}

fn input_value(selector: &str) -> String {
    dom::by_selector(selector)
        .and_then(|i| i.dyn_into::<web_sys::HtmlInputElement>().ok())
        .map(|i| i.value())
        .unwrap_or_default()
}

/// Sends the teams to the background, then redraws this part from what it stored (it merges
/// teams of the same list or name).
fn commit(teams: &Teams) {
    let list = teams.borrow().clone();
    let teams = teams.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let reply = chrome::ask(&Message::SetTeams { teams: list }).await;
        if let Some(stored) = chrome::get(Some(&["team"]))
            .await
            .ok()
            .and_then(|s| chrome::field::<Vec<Team>>(&s, "team"))
        {
            *teams.borrow_mut() = stored;
        }
        if let Some(old) = dom::by_selector(r#"[data-lb="teams-body"]"#) {
            if let Some(parent) = old.parent_element() {
                parent.set_text_content(None);
                let _ = parent.append_child(&body(&teams).0);
            }
        }
        say_reply("team-status", &reply, || t("saved"));
    });
}
