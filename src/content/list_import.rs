//! The button on a list's members page that imports the list as a team.

use super::*;

impl State {
    /// Members of the X list whose members page this is, from its API response or its cells.
    pub(super) fn add_list_members(&mut self, members: Vec<Handle>) {
        let before = self.list_members.len();
        for m in members {
            if !self.list_members.contains(&m) {
                self.list_members.push(m);
            }
        }
        if self.list_members.len() == before {
            return;
        }
        let text = words::list_import(self.lang, self.list_members.len());
        if let Some((button, _)) = &self.list_button {
            if button.get_attribute("data-lb-state").as_deref() != Some("added") {
                button.set_text_content(Some(&text));
            }
            return;
        }
        let button = overlay::element(&self.doc, "button", "list-import");
        let _ = button.set_attribute("type", "button");
        button.set_text_content(Some(&text));
        let weak = self.weak.clone();
        let listener = EventListener::new(&button, "click", move |_| {
            if let Some(state) = live(&weak) {
                state.borrow().import_list();
            }
        });
        if let Some(body) = self.doc.body() {
            let _ = body.append_child(&button);
        }
        self.list_button = Some((button, listener));
    }

    /// The user asked for this list's members to become a team.
    pub(super) fn import_list(&self) {
        let (Route::ListMembers(list), Some((button, _))) = (&self.route, &self.list_button) else {
            return;
        };
        let message = Message::AddToTeam {
            name: words::list_team_name(self.lang, list),
            list: Some(list.clone()),
            members: self.list_members.clone(),
        };
        let (button, lang) = (button.clone(), self.lang);
        let _ = button.set_attribute("disabled", "");
        wasm_bindgen_futures::spawn_local(async move {
            let reply = Some(chrome::ask(&message).await).filter(|r| r.ok);
            let _ = button.remove_attribute("disabled");
            match reply {
                Some(r) => {
                    let _ = button.set_attribute("data-lb-state", "added");
                    button.set_text_content(Some(&words::list_imported(
                        lang,
                        &r.text.unwrap_or_default(),
                        r.added,
                    )));
                }
                None => button.set_text_content(Some(words::list_import_failed(lang))),
            }
        });
    }
}
