//! The `_locales` files and the Japanese of the content script, checked against the rules of
//! `extension/_locales/README.md`: the two locales have the same keys and placeholders, and
//! Japanese text holds no Latin letters other than names (X, Likeback, keys, file formats),
//! no あなた, no space between a number and its counter, and polite sentences (です/ます).

use likeback::core::export::{EventField, EventProblem, ImportError};
use likeback::core::words::{self, Lang, Piece};
use likeback::options::refusal;
use serde_json::{Map, Value};
use std::collections::BTreeSet;
use std::path::PathBuf;

/// Latin words a Japanese string may hold: names of products, keys and formats.
const ALLOWED_LATIN: &[&str] = &[
    "X", "Likeback", "Shift", "Enter", "Esc", "J", "K", "L", "N", "S", "R", "CSV", "JSON", "MB",
];

/// Counters that follow a number (「7件」「3人」「10時間」).
const COUNTERS: &[&str] = &[
    "件", "人", "日", "時間", "分", "週", "回", "行", "文字", "MB", "年", "月",
];

fn messages(lang: &str) -> Map<String, Value> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("extension/_locales")
        .join(lang)
        .join("messages.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    match serde_json::from_str(&text) {
        Ok(Value::Object(map)) => map,
        other => panic!("{path:?} is not an object of messages: {other:?}"),
    }
}

fn message(entry: &Value) -> &str {
    entry["message"].as_str().expect("a message is text")
}

/// The placeholder names of a message, lower-cased, as declared.
fn placeholders(entry: &Value) -> BTreeSet<String> {
    entry
        .get("placeholders")
        .and_then(Value::as_object)
        .map(|p| p.keys().map(|k| k.to_lowercase()).collect())
        .unwrap_or_default()
}

/// `$NAME$` tokens used in a message, lower-cased.
fn tokens(text: &str) -> BTreeSet<String> {
    let parts: Vec<&str> = text.split('$').collect();
    parts
        .iter()
        .enumerate()
        .filter(|(i, p)| {
            i % 2 == 1
                && *i + 1 < parts.len()
                && !p.is_empty()
                && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        })
        .map(|(_, p)| p.to_lowercase())
        .collect()
}

/// Replaces every `$NAME$` with `PLACEHOLDER`, so that the rules see the text around it.
fn without_tokens(text: &str) -> String {
    let mut out = text.to_string();
    for t in tokens(text) {
        for form in [t.to_uppercase(), t.clone()] {
            out = out.replace(&format!("${form}$"), "0");
        }
    }
    out
}

/// Everything wrong with one piece of Japanese text (empty: nothing).
fn japanese_problems(text: &str) -> Vec<String> {
    let text = without_tokens(text);
    let mut problems = Vec::new();
    let latin: Vec<&str> = text
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| !w.is_empty())
        .collect();
    for w in latin {
        if !ALLOWED_LATIN.contains(&w) {
            problems.push(format!("Latin word {w:?}"));
        }
    }
    if text.contains("あなた") {
        problems.push("あなた (say 自分, or nothing)".into());
    }
    for counter in COUNTERS {
        for gap in [" ", "\u{3000}"] {
            for digit in '0'..='9' {
                if text.contains(&format!("{digit}{gap}{counter}")) {
                    problems.push(format!("a space between a number and {counter}"));
                }
            }
        }
    }
    // Polite form: each sentence closed by 。 ends in です/ます (a closing parenthesis aside).
    for sentence in text.split('。').rev().skip(1) {
        let core = match sentence.rfind('（') {
            Some(i) if sentence.ends_with('）') => &sentence[..i],
            _ => sentence,
        };
        let polite = ["ます", "ません", "です", "ました", "でした", "ください"]
            .iter()
            .any(|end| core.ends_with(end));
        if !polite {
            problems.push(format!("not です/ます: {sentence:?}"));
        }
    }
    problems
}

#[test]
fn both_locales_have_the_same_keys_and_placeholders() {
    let en = messages("en");
    let ja = messages("ja");
    let only_en: Vec<&String> = en.keys().filter(|k| !ja.contains_key(*k)).collect();
    let only_ja: Vec<&String> = ja.keys().filter(|k| !en.contains_key(*k)).collect();
    assert!(only_en.is_empty(), "only in en: {only_en:?}");
    assert!(only_ja.is_empty(), "only in ja: {only_ja:?}");
    for (key, e) in &en {
        let j = &ja[key];
        assert_eq!(placeholders(e), placeholders(j), "{key}: placeholders");
        for (lang, entry) in [("en", e), ("ja", j)] {
            let used = tokens(message(entry));
            assert!(
                used.is_subset(&placeholders(entry)),
                "{lang} {key} uses an undeclared placeholder: {used:?}"
            );
        }
    }
}

#[test]
fn japanese_messages_follow_the_glossary_rules() {
    let problems: Vec<String> = messages("ja")
        .iter()
        .flat_map(|(key, entry)| {
            japanese_problems(message(entry))
                .into_iter()
                .map(move |p| format!("{key}: {p}"))
        })
        .collect();
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn the_rules_catch_what_they_are_meant_to() {
    assert!(japanese_problems("XでShift+Jを押すと移動します。").is_empty());
    assert!(japanese_problems("新しいいいね $VALUE$ 件").len() == 1);
    assert!(!japanese_problems("あなたのポスト").is_empty());
    assert!(!japanese_problems("the file has no list of events").is_empty());
    assert!(!japanese_problems("常連とする。").is_empty());
    assert!(japanese_problems("まだいいねしていません（残り2件）。").is_empty());
}

#[test]
fn the_content_scripts_japanese_follows_the_same_rules() {
    let mut texts: Vec<String> = words::reposted(Lang::Ja)
        .iter()
        .filter_map(|p| match p {
            Piece::Words(w) => Some(w.to_string()),
            _ => None,
        })
        .collect();
    texts.extend([
        words::show_repost(Lang::Ja).to_string(),
        words::hide_repost(Lang::Ja).to_string(),
        words::caught_up(Lang::Ja).to_string(),
        words::list_import(Lang::Ja, 12),
        words::list_imported(Lang::Ja, "開発", 3),
        words::list_import_failed(Lang::Ja).to_string(),
        words::list_team_name(Lang::Ja, "1896138409377399057"),
        words::last_seen(Lang::Ja, 2 * 3_600_000, 0),
        words::last_seen(Lang::Ja, 5 * 60_000, 0),
        words::last_seen(Lang::Ja, 0, 0),
        words::last_seen(Lang::Ja, 72 * 3_600_000, 0),
    ]);
    for n in 0..3 {
        texts.push(words::like_back(Lang::Ja, n));
        texts.push(words::like_back_title(Lang::Ja, n));
    }
    for text in &texts {
        assert!(
            japanese_problems(text).is_empty(),
            "{text}: {:?}",
            japanese_problems(text)
        );
    }
    assert_eq!(words::like_back(Lang::Ja, 2), "♡ いいね返し残り2件");
}

/// `chrome.i18n.getMessage` over the files: `$NAME$` → the placeholder's `$n` → the n-th
/// substitution. A missing message fails the test (the page would show its name).
fn translator(lang: &str) -> impl Fn(&str, &[&str]) -> String {
    let all = messages(lang);
    let lang = lang.to_string();
    move |key: &str, subs: &[&str]| {
        let entry = all
            .get(key)
            .unwrap_or_else(|| panic!("{lang}: no message {key}"));
        let mut out = message(entry).to_string();
        if let Some(ph) = entry.get("placeholders").and_then(Value::as_object) {
            for (name, p) in ph {
                let content = p["content"].as_str().unwrap_or_default();
                let n: usize = content.trim_start_matches('$').parse().unwrap_or(0);
                let value = subs.get(n.wrapping_sub(1)).copied().unwrap_or_default();
                out = out
                    .replace(&format!("${}$", name.to_uppercase()), value)
                    .replace(&format!("${name}$"), value);
            }
        }
        out
    }
}

/// One of each reason an import is refused for.
fn every_refusal() -> Vec<ImportError> {
    use EventProblem::*;
    let mut all = vec![
        ImportError::TooLarge,
        ImportError::NotJson {
            line: 3,
            column: 14,
        },
        ImportError::CutShort,
        ImportError::NotLikeback,
        ImportError::NewerVersion(2),
        ImportError::NoVersion,
        ImportError::BadMe("日本語の名前".into()),
        ImportError::BadSettings,
        ImportError::BadTeam,
        ImportError::BadNames,
        ImportError::BadName("<x>".into()),
        ImportError::NoEvents,
    ];
    for field in [
        EventField::Who,
        EventField::Post,
        EventField::At,
        EventField::Type,
    ] {
        all.push(ImportError::Event(4, Missing(field)));
    }
    for problem in [
        NotHandle("<script>".into()),
        NotPostId("二".into()),
        NotTime("昨日".into()),
        UnknownType("盗んだ".into()),
    ] {
        all.push(ImportError::Event(4, problem));
    }
    all
}

#[test]
fn every_refused_import_is_said_in_japanese() {
    let t = translator("ja");
    for e in every_refusal() {
        let said = refusal(&e, &t);
        // Text quoted from the file is not ours to judge: it is what the file holds.
        let ours = said.replace("<script>", "").replace("<x>", "");
        assert!(
            japanese_problems(&ours).is_empty(),
            "{e:?} → {said}: {:?}",
            japanese_problems(&ours)
        );
        assert!(!said.contains('$'), "{e:?} → {said}");
    }
    assert_eq!(
        refusal(&ImportError::NoEvents, &t),
        "ファイルにいいねの一覧がありません"
    );
    assert_eq!(
        refusal(
            &ImportError::Event(4, EventProblem::NotHandle("<script>".into())),
            &t
        ),
        "5件目のいいねのユーザー名「<script>」が正しくありません"
    );
    assert_eq!(
        refusal(
            &ImportError::NotJson {
                line: 3,
                column: 14
            },
            &t
        ),
        "JSONファイルではありません（3行目、14文字目）"
    );
}

#[test]
fn every_refused_import_is_said_in_english() {
    let t = translator("en");
    for e in every_refusal() {
        let said = refusal(&e, &t);
        assert!(!said.is_empty() && !said.contains('$'), "{e:?} → {said}");
    }
    // The words the browser tests look for.
    assert!(refusal(&ImportError::CutShort, &t).contains("not JSON"));
    assert_eq!(
        refusal(
            &ImportError::Event(0, EventProblem::UnknownType("stolen".into())),
            &t
        ),
        "event 1: unknown type stolen"
    );
}
