//! The export format (DESIGN.md, "Export format"): writing it, and reading it back with every
//! problem named, so that a corrupt or foreign file is refused before anything is changed.
//!
//! ```json
//! {"format":"likeback","version":1,"exported_at":"2026-11-23T18:00:00.000Z","me":"hana_lb",
//!  "settings":{…},"team":[{"name":"…","members":["…"]}],"names":{"aoi_dev":"Aoi"},
//!  "events":[{"type":"received","who":"aoi_dev","post":"2124…","at":"2026-11-22T09:00:00.000Z"},
//!            {"type":"given","who":"aoi_dev","post":"2124…","at":"…"}]}
//! ```
//!
//! Over 400 lines only with its tests (from `#[cfg(test)]` on); the format itself is ~320.

use crate::core::ledger::{Balance, Event, Ledger};
use crate::core::model::{format_iso_ms, parse_iso_ms, Handle, PostId};
use crate::core::settings::Settings;
use crate::core::team::Team;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

pub const FORMAT: &str = "likeback";
pub const VERSION: u64 = 1;
/// Larger files are refused before parsing (a 100,000-event export is about 10 MB). Files move
/// between the options page and the background in parts (`browser::transfer`), so the limit is not
/// a message's 64 MiB but what the background can hold while it checks a file: a
/// 1,000,000-event export (94 MiB) is imported in the browser tests; 128 MiB is about 1.3
/// million events.
pub const MAX_BYTES: usize = 128 * 1024 * 1024;

/// What an export file holds.
#[derive(Clone, Debug, PartialEq)]
pub struct Imported {
    pub me: Option<Handle>,
    /// Display names (optional in the file).
    pub names: Vec<(Handle, String)>,
    pub settings: Option<Settings>,
    pub team: Vec<Team>,
    pub events: Vec<Event>,
}

/// Why a file was refused: a reason code with its data, never words. The options page says it
/// in the user's language; text quoted from the file is shortened and stays as the file had it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportError {
    /// Larger than [`MAX_BYTES`].
    TooLarge,
    /// Not JSON: where the parser stopped (1-based).
    NotJson {
        line: usize,
        column: usize,
    },
    /// JSON that ends too early: most likely a file cut short.
    CutShort,
    NotLikeback,
    NewerVersion(u64),
    NoVersion,
    /// `me` is not a handle (the value as the file has it).
    BadMe(String),
    BadSettings,
    BadTeam,
    /// `names` is not an object of handle → name.
    BadNames,
    /// One entry of `names` has a bad handle or a name that is not text (the handle).
    BadName(String),
    NoEvents,
    /// The event at this index (0-based) is not valid.
    Event(usize, EventProblem),
}

/// What is wrong with one event of the file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventProblem {
    Missing(EventField),
    NotHandle(String),
    NotPostId(String),
    NotTime(String),
    UnknownType(String),
}

/// The fields of an event, as the file names them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventField {
    Who,
    Post,
    At,
    Type,
}

impl EventField {
    pub fn as_str(self) -> &'static str {
        match self {
            EventField::Who => "who",
            EventField::Post => "post",
            EventField::At => "at",
            EventField::Type => "type",
        }
    }
}

/// Text quoted from a file into a reason: at most 40 characters.
fn quoted(s: &str) -> String {
    s.chars().take(40).collect()
}

/// Writes the export: the header, then one event per line (readable and easy to compare).
pub fn write(
    ledger: &Ledger,
    me: Option<&Handle>,
    settings: &Settings,
    team: &[Team],
    names: &HashMap<Handle, String>,
    now: i64,
) -> String {
    #[derive(Serialize)]
    struct Line<'a> {
        #[serde(rename = "type")]
        kind: &'static str,
        who: &'a Handle,
        post: PostId,
        at: String,
    }
    let mut out = String::new();
    let json = |v: &dyn erased::Json| v.to_json();
    let _ = write!(
        out,
        "{{\"format\":\"{FORMAT}\",\"version\":{VERSION},\"exported_at\":{},\"me\":{},\"settings\":{},\"team\":{},\"names\":{},\"events\":[",
        json(&format_iso_ms(now)),
        json(&me),
        json(settings),
        json(&team),
        json(&sorted_names(names)),
    );
    let events = ledger.events();
    for (i, e) in events.iter().enumerate() {
        let line = match e {
            Event::Received { who, post, at } => Line {
                kind: "received",
                who,
                post: *post,
                at: format_iso_ms(*at),
            },
            Event::Given { who, post, at } => Line {
                kind: "given",
                who,
                post: *post,
                at: format_iso_ms(*at),
            },
            Event::Unliked { .. } => continue,
        };
        out.push_str(if i == 0 { "\n" } else { ",\n" });
        out.push_str(&serde_json::to_string(&line).unwrap_or_default());
    }
    out.push_str("\n]}\n");
    out
}

/// Names by handle, in a stable order (`{"aoi_dev": "Aoi"}`).
fn sorted_names(names: &HashMap<Handle, String>) -> std::collections::BTreeMap<&str, &str> {
    names
        .iter()
        .map(|(h, n)| (h.as_str(), n.as_str()))
        .collect()
}

/// Tiny helper so that `write` can serialise values of different types in one `write!`.
mod erased {
    pub trait Json {
        fn to_json(&self) -> String;
    }
    impl<T: serde::Serialize> Json for T {
        fn to_json(&self) -> String {
            serde_json::to_string(self).unwrap_or_else(|_| "null".into())
        }
    }
}

/// Reads and checks an export file. Nothing is applied here: the caller applies the result
/// only when the whole file was good.
pub fn read(text: &str) -> Result<Imported, ImportError> {
    if text.len() > MAX_BYTES {
        return Err(ImportError::TooLarge);
    }
    let value: Value = serde_json::from_str(text).map_err(|e| match e.classify() {
        serde_json::error::Category::Eof => ImportError::CutShort,
        _ => ImportError::NotJson {
            line: e.line(),
            column: e.column(),
        },
    })?;
    let Value::Object(top) = value else {
        return Err(ImportError::NotLikeback);
    };
    if top.get("format").and_then(Value::as_str) != Some(FORMAT) {
        return Err(ImportError::NotLikeback);
    }
    match top.get("version").and_then(Value::as_u64) {
        Some(VERSION) => {}
        Some(v) if v > VERSION => return Err(ImportError::NewerVersion(v)),
        _ => return Err(ImportError::NoVersion),
    }
    let me = match top.get("me") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => {
            Some(Handle::parse(s).ok_or_else(|| ImportError::BadMe(quoted(s)))?)
        }
        Some(other) => return Err(ImportError::BadMe(quoted(&other.to_string()))),
    };
    let settings = match top.get("settings") {
        None | Some(Value::Null) => None,
        Some(v) => Some(
            serde_json::from_value::<Settings>(v.clone()).map_err(|_| ImportError::BadSettings)?,
        ),
    };
    let team = match top.get("team") {
        None | Some(Value::Null) => Vec::new(),
        Some(v) => {
            serde_json::from_value::<Vec<Team>>(v.clone()).map_err(|_| ImportError::BadTeam)?
        }
    };
    let names = match top.get("names") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Object(map)) => map
            .iter()
            .map(|(h, n)| match (Handle::parse(h), n.as_str()) {
                (Some(h), Some(n)) => Ok((h, n.chars().take(100).collect())),
                _ => Err(ImportError::BadName(quoted(h))),
            })
            .collect::<Result<_, _>>()?,
        Some(_) => return Err(ImportError::BadNames),
    };
    let Some(Value::Array(raw)) = top.get("events") else {
        return Err(ImportError::NoEvents);
    };
    let mut events = Vec::with_capacity(raw.len());
    for (i, e) in raw.iter().enumerate() {
        events.push(read_event(e).map_err(|why| ImportError::Event(i, why))?);
    }
    Ok(Imported {
        me,
        names,
        settings,
        team,
        events,
    })
}

fn read_event(e: &Value) -> Result<Event, EventProblem> {
    let field = |f: EventField| {
        e.get(f.as_str())
            .and_then(Value::as_str)
            .ok_or(EventProblem::Missing(f))
    };
    let who = field(EventField::Who)?;
    let who = Handle::parse(who).ok_or_else(|| EventProblem::NotHandle(quoted(who)))?;
    let post = field(EventField::Post)?;
    let post = PostId::parse(post).ok_or_else(|| EventProblem::NotPostId(quoted(post)))?;
    let at = field(EventField::At)?;
    let at = parse_iso_ms(at).ok_or_else(|| EventProblem::NotTime(quoted(at)))?;
    match field(EventField::Type)? {
        "received" => Ok(Event::Received { who, post, at }),
        "given" => Ok(Event::Given { who, post, at }),
        other => Err(EventProblem::UnknownType(other.chars().take(20).collect())),
    }
}

/// Per-person counts as CSV: the window's counts and the all-time ones.
pub fn csv(window: &[Balance], all: &[Balance], names: &HashMap<Handle, String>) -> String {
    let totals: HashMap<&Handle, &Balance> = all.iter().map(|b| (&b.who, b)).collect();
    let mut out =
        String::from("handle,name,owed,received,given,received_all,given_all,last_received\r\n");
    let mut rows: Vec<&Balance> = window.iter().collect();
    // People with no like in the window still get a row, with zeros.
    let in_window: HashSet<&Handle> = window.iter().map(|w| &w.who).collect();
    let zero: Vec<Balance> = all
        .iter()
        .filter(|b| !in_window.contains(&b.who))
        .map(|b| Balance {
            received: 0,
            given: 0,
            owed: 0,
            ..b.clone()
        })
        .collect();
    rows.extend(zero.iter());
    for b in rows {
        let total = totals.get(&b.who);
        let cells = [
            b.who.to_string(),
            names.get(&b.who).cloned().unwrap_or_default(),
            b.owed.to_string(),
            b.received.to_string(),
            b.given.to_string(),
            total.map_or(0, |t| t.received).to_string(),
            total.map_or(0, |t| t.given).to_string(),
            b.last_received.map(format_iso_ms).unwrap_or_default(),
        ];
        let line: Vec<String> = cells.iter().map(|c| csv_cell(c)).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
}

/// Quotes a CSV cell, and defuses text a spreadsheet would run as a formula (a display name
/// can say anything, `=HYPERLINK(…)` included).
fn csv_cell(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::ledger::Window;

    fn h(s: &str) -> Handle {
        Handle::parse(s).unwrap()
    }

    fn sample() -> Ledger {
        let mut l = Ledger::default();
        l.apply(&Event::Received {
            who: h("aoi_dev"),
            post: PostId(2),
            at: 1_763_800_000_000,
        });
        l.apply(&Event::Given {
            who: h("aoi_dev"),
            post: PostId(3),
            at: 1_763_800_100_000,
        });
        l.apply(&Event::Received {
            who: h("kenji_k"),
            post: PostId(2),
            at: 1_763_800_200_000,
        });
        l
    }

    #[test]
    fn an_export_reads_back_to_the_same_ledger() {
        let settings = Settings {
            window: Window::Days(30),
            ..Settings::default()
        };
        let team = vec![Team {
            name: "Design".into(),
            members: vec![h("aoi_dev")],
            list: Some("1896138409377399057".into()),
        }];
        let names = HashMap::from([(h("aoi_dev"), "Aoi <b>".to_string())]);
        let text = write(
            &sample(),
            Some(&h("hana_lb")),
            &settings,
            &team,
            &names,
            1_763_900_000_000,
        );
        assert!(text.starts_with(r#"{"format":"likeback","version":1,"exported_at":"2025-11-23T"#));
        let back = read(&text).unwrap();
        assert_eq!(back.me, Some(h("hana_lb")));
        assert_eq!(back.settings, Some(settings));
        assert_eq!(back.team, team);
        assert_eq!(back.names, vec![(h("aoi_dev"), "Aoi <b>".to_string())]);
        let mut l = Ledger::default();
        for e in &back.events {
            l.apply(e);
        }
        assert_eq!(l.events(), sample().events());
        // One event per line.
        assert_eq!(
            text.lines().filter(|l| l.starts_with("{\"type\"")).count(),
            3
        );
    }

    #[test]
    fn bad_files_are_refused_with_a_reason() {
        let ok = write(
            &sample(),
            None,
            &Settings::default(),
            &[],
            &HashMap::new(),
            0,
        );
        use EventProblem::*;
        let event = |i, p| ImportError::Event(i, p);
        let cases = [
            ("[1,2]".to_string(), ImportError::NotLikeback),
            (
                r#"{"format":"other","version":1,"events":[]}"#.to_string(),
                ImportError::NotLikeback,
            ),
            (
                r#"{"format":"likeback","version":9,"events":[]}"#.to_string(),
                ImportError::NewerVersion(9),
            ),
            (
                r#"{"format":"likeback","version":"1","events":[]}"#.to_string(),
                ImportError::NoVersion,
            ),
            (
                r#"{"format":"likeback","version":1}"#.to_string(),
                ImportError::NoEvents,
            ),
            (
                r#"{"format":"likeback","version":1,"me":"not a handle","events":[]}"#.to_string(),
                ImportError::BadMe("not a handle".into()),
            ),
            (
                r#"{"format":"likeback","version":1,"me":42,"events":[]}"#.to_string(),
                ImportError::BadMe("42".into()),
            ),
            (
                r#"{"format":"likeback","version":1,"team":7,"events":[]}"#.to_string(),
                ImportError::BadTeam,
            ),
            (
                r#"{"format":"likeback","version":1,"names":[],"events":[]}"#.to_string(),
                ImportError::BadNames,
            ),
            (
                ok.replace("\"aoi_dev\"", "\"<script>\""),
                event(0, NotHandle("<script>".into())),
            ),
            (
                ok.replace("\"received\"", "\"stolen\""),
                event(0, UnknownType("stolen".into())),
            ),
            (
                ok.replace(".000Z", ""),
                event(0, NotTime("2025-11-22T08:26:40".into())),
            ),
            (
                ok.replacen("\"post\":\"2\"", "\"post\":\"two\"", 1),
                event(0, NotPostId("two".into())),
            ),
            (
                ok.replacen(",\"at\":", ",\"when\":", 2),
                event(0, Missing(EventField::At)),
            ),
            (
                ok.replace("\"window\":7", "\"window\":0"),
                ImportError::BadSettings,
            ),
            (
                ok.replace("\"names\":{}", "\"names\":{\"<x>\":\"X\"}"),
                ImportError::BadName("<x>".into()),
            ),
            (ok[..ok.len() / 2].to_string(), ImportError::CutShort),
        ];
        for (text, why) in cases {
            assert_eq!(read(&text), Err(why));
        }
        assert_eq!(
            read("not json at all"),
            Err(ImportError::NotJson { line: 1, column: 2 })
        );
        // Text quoted from the file is cut to 40 characters.
        let long = format!(
            r#"{{"format":"likeback","version":1,"me":"{}","events":[]}}"#,
            "y".repeat(100)
        );
        assert_eq!(read(&long), Err(ImportError::BadMe("y".repeat(40))));
        assert!(read(&ok).is_ok());
    }

    #[test]
    fn csv_lists_everyone_and_defuses_formulas() {
        let l = sample();
        let names = HashMap::from([
            (h("aoi_dev"), "Aoi, \"the dev\"".to_string()),
            (h("kenji_k"), "=HYPERLINK(\"x\")".to_string()),
        ]);
        let now = 1_763_800_300_000;
        let text = csv(
            &l.balances(now, Window::Days(7)),
            &l.balances(now, Window::All),
            &names,
        );
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[0],
            "handle,name,owed,received,given,received_all,given_all,last_received"
        );
        assert_eq!(
            lines[1],
            r#"kenji_k,"'=HYPERLINK(""x"")",1,1,0,1,0,2025-11-22T08:30:00.000Z"#
        );
        assert_eq!(
            lines[2],
            r#"aoi_dev,"Aoi, ""the dev""",0,1,1,1,1,2025-11-22T08:26:40.000Z"#
        );
        assert_eq!(lines.len(), 3);
    }

    proptest::proptest! {
        /// Export → import → the same ledger, names and "me", for any likes in X's lifetime
        /// (the only times `core::admit` lets in) up to the year 9999.
        #[test]
        fn export_then_import_gives_the_same_ledger(
            likes in proptest::collection::vec(
                (proptest::bool::ANY, "[A-Za-z0-9_]{1,15}", proptest::num::u64::ANY,
                 crate::core::admit::X_BEGAN_MS..253_402_300_799_999i64),
                0..60),
            names in proptest::collection::vec(("[A-Za-z0-9_]{1,15}", "\\PC{0,20}"), 0..10),
        ) {
            let mut ledger = Ledger::default();
            for (received, who, post, at) in likes {
                let (who, post) = (h(&who), PostId(post));
                ledger.apply(&if received {
                    Event::Received { who, post, at }
                } else {
                    Event::Given { who, post, at }
                });
            }
            let names: HashMap<Handle, String> =
                names.into_iter().map(|(w, n)| (h(&w), n)).collect();
            let me = h("hana_lb");
            let text = write(&ledger, Some(&me), &Settings::default(), &[], &names, 1_763_800_000_000);
            let imported = read(&text).map_err(|e| proptest::test_runner::TestCaseError::fail(format!("{e:?}")))?;
            let mut again = Ledger::default();
            for e in &imported.events {
                again.apply(e);
            }
            proptest::prop_assert_eq!(again.events(), ledger.events());
            proptest::prop_assert_eq!(imported.me, Some(me));
            let back: HashMap<Handle, String> = imported.names.into_iter().collect();
            proptest::prop_assert_eq!(back, names);
        }
    }
}
