//! Keeps the layering written in `src/lib.rs` true: reads every `src/**/*.rs` and refuses a
//! `crate::…` path that points the wrong way, a browser crate in `core`, a write to the page
//! in `x`, and any cycle between top-level modules or between the files of one module.
//!
//! It reads the source as text (a path in a comment counts too, which keeps comments honest).

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Each top-level module and what it may use. Anything not listed is refused.
const MAY_USE: &[(&str, &[&str])] = &[
    ("core", &[]),
    ("proto", &["core"]),
    ("x", &["core"]),
    ("overlay", &["x", "core"]),
    ("browser", &["proto", "core"]),
    ("content", &["x", "overlay", "browser", "proto", "core"]),
    ("background", &["browser", "proto", "core"]),
    ("popup", &["browser", "proto", "core"]),
    ("options", &["browser", "proto", "core"]),
    ("welcome", &["browser", "core"]),
];

/// Crates that mean a browser; `core` names none of them.
const BROWSER_CRATES: &[&str] = &[
    "web_sys",
    "js_sys",
    "wasm_bindgen",
    "gloo",
    "serde_wasm_bindgen",
];

/// Calls that change X's page; `x/` reads it and never calls these.
const WRITES: &[&str] = &[
    "set_attribute(",
    "remove_attribute(",
    "toggle_attribute(",
    "set_text_content(",
    "set_inner_html(",
    "append_child(",
    "insert_before(",
    "remove_child(",
    "replace_child(",
    "class_list()",
    ".style()",
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The module path of a file under `src/`: `src/core/ledger.rs` → ["core", "ledger"],
/// `src/x/mod.rs` → ["x"], `src/lib.rs` → [].
fn module_of(rel: &Path) -> Vec<String> {
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let last = parts.pop().unwrap();
    let stem = last.trim_end_matches(".rs");
    if stem != "mod" && stem != "lib" {
        parts.push(stem.to_string());
    }
    parts
}

/// Every module path a file names, resolved from the crate root: `crate::a::b`, `super::b`,
/// and the names inside `crate::{a, b::c}` groups.
fn paths_named(text: &str, here: &[String]) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let ident = |s: &str| -> Vec<String> {
        let mut parts = Vec::new();
        let mut rest = s;
        loop {
            let end = rest
                .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            if end == 0 {
                break;
            }
            parts.push(rest[..end].to_string());
            rest = &rest[end..];
            match rest.strip_prefix("::") {
                Some(r) => rest = r,
                None => break,
            }
        }
        parts
    };
    for (prefix, base) in [
        ("crate::", Vec::new()),
        ("super::", {
            let mut b = here.to_vec();
            b.pop();
            b
        }),
    ] {
        let mut from = 0;
        while let Some(i) = text[from..].find(prefix) {
            let at = from + i + prefix.len();
            from = at;
            // Not part of a longer name (`likeback_crate::`).
            let before = text[..at - prefix.len()].chars().last();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue;
            }
            let rest = &text[at..];
            if let Some(group) = rest.strip_prefix('{') {
                let end = group.find('}').unwrap_or(group.len());
                for item in group[..end].split(',') {
                    let mut p = base.clone();
                    p.extend(ident(item.trim()));
                    out.push(p);
                }
            } else {
                let mut p = base.clone();
                p.extend(ident(rest));
                out.push(p);
            }
        }
    }
    out
}

/// Text without `//` comments (doc comments included), so prose does not count as a use.
fn code_of(text: &str) -> String {
    text.lines()
        .map(|l| match l.find("//") {
            // A `//` inside a string (a URL) is kept; good enough for this source.
            Some(i) if !l[..i].contains('"') => &l[..i],
            _ => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn find_cycle(edges: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        n: &str,
        edges: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>,
        stack: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        state.insert(n.to_string(), 1);
        stack.push(n.to_string());
        for m in edges.get(n).into_iter().flatten() {
            match state.get(m.as_str()).copied().unwrap_or(0) {
                1 => {
                    let start = stack.iter().position(|s| s == m).unwrap();
                    let mut cycle = stack[start..].to_vec();
                    cycle.push(m.clone());
                    return Some(cycle);
                }
                0 => {
                    if let Some(c) = visit(m, edges, state, stack) {
                        return Some(c);
                    }
                }
                _ => {}
            }
        }
        stack.pop();
        state.insert(n.to_string(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for n in edges.keys() {
        if state.get(n.as_str()).copied().unwrap_or(0) == 0 {
            if let Some(c) = visit(n, edges, &mut state, &mut Vec::new()) {
                return Some(c);
            }
        }
    }
    None
}

#[test]
fn dependencies_point_one_way() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let may: BTreeMap<&str, &[&str]> = MAY_USE.iter().copied().collect();
    let mut wrong = Vec::new();
    let mut top_edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut file_edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in &files {
        let rel = file.strip_prefix(&src).unwrap();
        let here = module_of(rel);
        let shown = format!("src/{}", rel.display());
        let text = fs::read_to_string(file).unwrap();
        // The tests at a file's end may use what they like: they are not the module's own
        // dependencies.
        let code = code_of(text.split("#[cfg(test)]").next().unwrap());
        let Some(top) = here.first() else {
            continue; // lib.rs: the entry points may call anything.
        };
        let Some(allowed) = may.get(top.as_str()) else {
            wrong.push(format!(
                "{shown}: top-level module `{top}` is not in MAY_USE"
            ));
            continue;
        };
        for path in paths_named(&code, &here) {
            let Some(target) = path.first() else {
                wrong.push(format!("{shown}: reaches up to the crate root"));
                continue;
            };
            if target == top {
                // Within one module: sibling file to sibling file, checked for cycles below
                // (a file and its parent `mod.rs` hold one another by Rust's design).
                if let (Some(a), Some(b)) = (here.get(1), path.get(1)) {
                    if a != b && may.contains_key(top.as_str()) {
                        let to = format!("{top}::{b}");
                        if files_has(&files, &src, top, b) {
                            file_edges
                                .entry(format!("{top}::{a}"))
                                .or_default()
                                .insert(to);
                        }
                    }
                }
                continue;
            }
            if !allowed.contains(&target.as_str()) {
                wrong.push(format!(
                    "{shown}: `{top}` may not use `crate::{}`",
                    path.join("::")
                ));
            }
            top_edges
                .entry(top.clone())
                .or_default()
                .insert(target.clone());
        }
        if top == "core" {
            for name in BROWSER_CRATES {
                if code.contains(&format!("{name}::")) {
                    wrong.push(format!("{shown}: core names the browser crate `{name}`"));
                }
            }
        }
        if top == "x" {
            for call in WRITES {
                if code.contains(call) {
                    wrong.push(format!("{shown}: x/ writes to the page (`{call}`)"));
                }
            }
        }
    }
    if let Some(c) = find_cycle(&top_edges) {
        wrong.push(format!("cycle between modules: {}", c.join(" → ")));
    }
    if let Some(c) = find_cycle(&file_edges) {
        wrong.push(format!("cycle between files: {}", c.join(" → ")));
    }
    assert!(
        wrong.is_empty(),
        "the layering in src/lib.rs is broken:\n{}",
        wrong.join("\n")
    );
}

/// Whether `src/<top>/<name>.rs` (or `src/<top>/<name>/mod.rs`) is a file of its own.
fn files_has(files: &[PathBuf], src: &Path, top: &str, name: &str) -> bool {
    let a = src.join(top).join(format!("{name}.rs"));
    let b = src.join(top).join(name).join("mod.rs");
    files.iter().any(|f| *f == a || *f == b)
}

#[test]
fn the_checks_can_fail() {
    let here = vec!["x".to_string(), "scan".to_string()];
    let named = paths_named(
        "use crate::{core::model, overlay};\nlet a = super::selectors::ALL;",
        &here,
    );
    assert!(named.contains(&vec!["core".into(), "model".into()]));
    assert!(named.contains(&vec!["overlay".into()]));
    assert!(named.contains(&vec!["x".into(), "selectors".into(), "ALL".into()]));
    let mut edges = BTreeMap::new();
    edges.insert("a".to_string(), BTreeSet::from(["b".to_string()]));
    edges.insert("b".to_string(), BTreeSet::from(["a".to_string()]));
    assert!(find_cycle(&edges).is_some());
    edges.remove("b");
    assert!(find_cycle(&edges).is_none());
}
