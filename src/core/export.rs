//! The export format (DESIGN.md, "Export format"): writing it, and reading it back with every
//! problem named, so that a corrupt or foreign file is refused before anything is changed.
//!
//! ```json
//! {"format":"likeback","version":1,"exported_at":"2026-11-23T18:00:00.000Z","me":"hana_lb",
//!  "settings":{…},"team":[{"name":"…","members":["…"]}],"names":{"aoi_dev":"Aoi"},
//!  "events":[{"type":"received","who":"aoi_dev","post":"2124…","at":"2026-11-22T09:00:00.000Z"},
//!            {"type":"given","who":"aoi_dev","post":"2124…","at":"…"}]}
//! ```

use crate::core::ledger::{Balance, Event, Ledger};
use crate::core::model::{format_iso_ms, parse_iso_ms, Handle, PostId};
use crate::core::settings::Settings;
use crate::core::team::Team;
use serde::Serialize;
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

pub const FORMAT: &str = "likeback";
pub const VERSION: u64 = 1;
/// Larger files are refused before parsing (a 100,000-event export is about 10 MB). Files move
/// between the options page and the background in parts (`ext::transfer`), so the limit is not
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

/// Why a file was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImportError {
    TooLarge,
    NotJson(String),
    NotLikeback,
    NewerVersion(u64),
    Field(String),
    Event(usize, String),
}

impl ImportError {
    /// The reason as a message name of `_locales` and its substitutions, so that the options
    /// page says it in the user's language (details from the file itself stay as they are).
    pub fn message(&self) -> (&'static str, Vec<String>) {
        match self {
            ImportError::TooLarge => ("importTooLarge", vec![(MAX_BYTES >> 20).to_string()]),
            ImportError::NotJson(e) => ("importNotJson", vec![e.clone()]),
            ImportError::NotLikeback => ("importNotLikeback", vec![]),
            ImportError::NewerVersion(v) => ("importNewer", vec![v.to_string()]),
            ImportError::Field(e) => ("importBadField", vec![e.clone()]),
            ImportError::Event(i, e) => ("importBadEvent", vec![(i + 1).to_string(), e.clone()]),
        }
    }
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ImportError::TooLarge => write!(f, "the file is larger than {} MB", MAX_BYTES >> 20),
            ImportError::NotJson(e) => write!(f, "the file is not JSON ({e})"),
            ImportError::NotLikeback => f.write_str("the file is not a Likeback export"),
            ImportError::NewerVersion(v) => write!(
                f,
                "the file is from a newer Likeback (format version {v}); update Likeback first"
            ),
            ImportError::Field(e) => f.write_str(e),
            ImportError::Event(i, e) => write!(f, "event {}: {e}", i + 1),
        }
    }
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
    let value: Value =
        serde_json::from_str(text).map_err(|e| ImportError::NotJson(e.to_string()))?;
    let Value::Object(top) = value else {
        return Err(ImportError::NotLikeback);
    };
    if top.get("format").and_then(Value::as_str) != Some(FORMAT) {
        return Err(ImportError::NotLikeback);
    }
    match top.get("version").and_then(Value::as_u64) {
        Some(VERSION) => {}
        Some(v) if v > VERSION => return Err(ImportError::NewerVersion(v)),
        _ => {
            return Err(ImportError::Field(
                "the file has no valid format version".into(),
            ))
        }
    }
    let me = match top.get("me") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(
            Handle::parse(s)
                .ok_or_else(|| ImportError::Field(format!("\"me\" is not a handle: {s:.40}")))?,
        ),
        Some(_) => return Err(ImportError::Field("\"me\" is not a handle".into())),
    };
    let settings = match top.get("settings") {
        None | Some(Value::Null) => None,
        Some(v) => Some(
            serde_json::from_value::<Settings>(v.clone())
                .map_err(|e| ImportError::Field(format!("\"settings\" are not valid: {e}")))?,
        ),
    };
    let team = match top.get("team") {
        None | Some(Value::Null) => Vec::new(),
        Some(v) => serde_json::from_value::<Vec<Team>>(v.clone())
            .map_err(|e| ImportError::Field(format!("\"team\" is not valid: {e}")))?,
    };
    let names = match top.get("names") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Object(map)) => map
            .iter()
            .map(|(h, n)| match (Handle::parse(h), n.as_str()) {
                (Some(h), Some(n)) => Ok((h, n.chars().take(100).collect())),
                _ => Err(ImportError::Field(format!(
                    "\"names\" has a bad entry: {h:.40}"
                ))),
            })
            .collect::<Result<_, _>>()?,
        Some(_) => return Err(ImportError::Field("\"names\" is not valid".into())),
    };
    let Some(Value::Array(raw)) = top.get("events") else {
        return Err(ImportError::Field("the file has no list of events".into()));
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

fn read_event(e: &Value) -> Result<Event, String> {
    let field = |name: &str| {
        e.get(name)
            .and_then(Value::as_str)
            .ok_or(format!("\"{name}\" is missing"))
    };
    let who = field("who")?;
    let who = Handle::parse(who).ok_or(format!("\"who\" is not a handle: {who:.40}"))?;
    let post = field("post")?;
    let post = PostId::parse(post).ok_or(format!("\"post\" is not a post id: {post:.40}"))?;
    let at = field("at")?;
    let at = parse_iso_ms(at).ok_or(format!("\"at\" is not a time: {at:.40}"))?;
    match field("type")? {
        "received" => Ok(Event::Received { who, post, at }),
        "given" => Ok(Event::Given { who, post, at }),
        other => Err(format!("unknown type {other:.20}")),
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
        let cases = [
            ("not json at all".to_string(), "not JSON"),
            ("[1,2]".to_string(), "not a Likeback export"),
            (
                r#"{"format":"other","version":1,"events":[]}"#.to_string(),
                "not a Likeback export",
            ),
            (
                r#"{"format":"likeback","version":9,"events":[]}"#.to_string(),
                "newer Likeback",
            ),
            (
                r#"{"format":"likeback","version":1}"#.to_string(),
                "no list of events",
            ),
            (
                ok.replace("\"aoi_dev\"", "\"<script>\""),
                "event 1: \"who\" is not a handle",
            ),
            (ok.replace("\"received\"", "\"stolen\""), "unknown type"),
            (ok.replace(".000Z", ""), "\"at\" is not a time"),
            (
                ok.replacen("\"post\":\"2\"", "\"post\":\"two\"", 1),
                "\"post\" is not a post id",
            ),
            (
                ok.replace("\"window\":7", "\"window\":0"),
                "\"settings\" are not valid",
            ),
            (
                ok.replace("\"names\":{}", "\"names\":{\"<x>\":\"X\"}"),
                "\"names\" has a bad entry",
            ),
            (ok[..ok.len() / 2].to_string(), "not JSON"),
        ];
        for (text, why) in cases {
            let err = read(&text).expect_err(why).to_string();
            assert!(err.contains(why), "{err:?} should say {why:?}");
        }
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
            let imported = read(&text).map_err(|e| proptest::test_runner::TestCaseError::fail(e.to_string()))?;
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
