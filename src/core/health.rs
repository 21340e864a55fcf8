//! Knowing when X changes. X renames its API operations and rebuilds its page without notice;
//! when that happens Likeback reads nothing and, without this, says nothing. So each source
//! Likeback reads (timelines, notifications, a post's likes list, a list's members) keeps what
//! it last yielded, and the popup warns when a source that normally answers stops yielding or
//! when articles go unrecognised. The problem report gathers what a maintainer needs and,
//! by construction, nothing private: operation names, counts, and the tag/`data-testid`
//! skeleton of one unrecognised article with every text, handle, id and URL removed.
//!
//! Over 400 lines: one chain (readings → warnings → the report) that reads best in one place,
//! ~600 lines of code and its tests. The report could become a module of its own.

use crate::core::ledger::DAY_MS;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// After this many visits to a source's page with nothing read, the popup warns.
pub const EMPTY_VISITS_WARN: u32 = 3;
/// Operation names kept per source (X has a handful; more means something odd, not more use).
const MAX_OPS: usize = 16;
/// Lines of a skeleton (an article has a few dozen elements).
const MAX_SKELETON_LINES: usize = 120;
const MAX_SKELETON_DEPTH: usize = 24;

/// Where Likeback learns from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    /// Home, profiles, lists, search, a post's page: posts and likes seen on them.
    Timeline,
    /// Likes received, from the notifications.
    Notifications,
    /// Who liked one of my posts (its likes page).
    Likes,
    /// A list's members (for teams).
    Lists,
}

impl Source {
    pub const ALL: [Source; 4] = [
        Source::Timeline,
        Source::Notifications,
        Source::Likes,
        Source::Lists,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Source::Timeline => "timeline",
            Source::Notifications => "notifications",
            Source::Likes => "likes",
            Source::Lists => "lists",
        }
    }

    /// The source an API operation feeds, by the shape of its name rather than a list, so that
    /// X's next rename (`NotificationsTimelineV2`, `UserOriginalsTimeline`) still lands right.
    pub fn of_op(op: &str) -> Source {
        let op = op.to_ascii_lowercase();
        if op.contains("notification") {
            Source::Notifications
        } else if op.contains("favoriters") || op.contains("liker") {
            Source::Likes
        } else if op.contains("listmembers") {
            Source::Lists
        } else {
            Source::Timeline
        }
    }

    /// What a source yields, in the report's words.
    fn unit(self) -> &'static str {
        match self {
            Source::Timeline => "posts",
            Source::Notifications | Source::Likes => "likes",
            Source::Lists => "members",
        }
    }
}

/// The operation an API request names: `…/graphql/<queryId>/<Operation>` (on any X host) or
/// X's REST notifications (`…/2/notifications/all.json` → `notifications/all`). Only names
/// made of plain characters come out: they go into the problem report.
pub fn op_of_url(url: &str) -> Option<String> {
    let path = crate::core::model::href_path(url);
    let op = if let Some(i) = path.find("/graphql/") {
        path[i + "/graphql/".len()..].split('/').nth(1)?.to_string()
    } else if let Some(i) = path.find("/2/notifications/") {
        let rest = &path[i + "/2/".len()..];
        rest.strip_suffix(".json").unwrap_or(rest).to_string()
    } else {
        return None;
    };
    clean_op(&op)
}

fn clean_op(op: &str) -> Option<String> {
    let plain = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '/';
    (!op.is_empty() && op.len() <= 64 && op.chars().all(plain)).then(|| op.to_string())
}

/// What a content script read from one source since its last report: sent with `Learn`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Reading {
    pub source: Source,
    /// The API operation read; `None`: the page itself.
    #[serde(default)]
    pub op: Option<String>,
    /// Responses of `op` (or page batches) read.
    #[serde(default)]
    pub seen: u32,
    /// What they yielded: posts (timeline), likes (notifications, likes lists), members (lists).
    #[serde(default)]
    pub yielded: u32,
    /// Visits to the source's page.
    #[serde(default)]
    pub visits: u32,
    /// Articles not recognised, by reason.
    #[serde(default)]
    pub unrecognised: BTreeMap<String, u32>,
    /// The sanitised skeleton of one unrecognised article (see `skeleton`).
    #[serde(default)]
    pub skeleton: Option<String>,
}

impl Reading {
    pub fn new(source: Source, op: Option<String>) -> Reading {
        Reading {
            source,
            op,
            seen: 0,
            yielded: 0,
            visits: 0,
            unrecognised: BTreeMap::new(),
            skeleton: None,
        }
    }
}

/// Adds `r` to the readings waiting to be sent, one entry per source and operation, so that a
/// long scroll sends a few counters rather than one entry per batch.
pub fn merge(into: &mut Vec<Reading>, r: Reading) {
    match into
        .iter_mut()
        .find(|w| w.source == r.source && w.op == r.op)
    {
        Some(w) => {
            w.seen += r.seen;
            w.yielded += r.yielded;
            w.visits += r.visits;
            for (reason, n) in r.unrecognised {
                *w.unrecognised.entry(reason).or_default() += n;
            }
            if r.skeleton.is_some() {
                w.skeleton = r.skeleton;
            }
        }
        None => into.push(r),
    }
}

/// One operation as seen by a source.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct OpSeen {
    pub name: String,
    pub seen: u64,
    pub yielded: u64,
    pub last_at: i64,
}

/// What the background keeps of one source.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SourceState {
    /// When it last yielded anything (ms).
    pub last_yield: Option<i64>,
    pub yielded: u64,
    pub visits: u64,
    /// Visits to its page since it last yielded anything.
    pub empty_visits: u32,
    pub ops: Vec<OpSeen>,
    /// Unrecognised articles by reason, all time.
    pub unrecognised: BTreeMap<String, u64>,
    /// Unrecognised articles since `recent_since` (a window of a day), for the warning.
    pub recent_unrecognised: u64,
    pub recent_since: i64,
}

/// Why the popup warns about a source.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Warning {
    /// Its page was opened `visits` times and nothing was read.
    Silent { visits: u32 },
    /// `count` articles were not recognised in the last day.
    Unrecognised { count: u64 },
}

/// How the popup shows a source.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shown {
    /// Never read (or never visited): "—".
    Never,
    /// Read, last at this time (ms).
    Ok(i64),
    /// Something is wrong: the warnings say what.
    Warning,
}

impl Shown {
    pub fn as_str(self) -> &'static str {
        match self {
            Shown::Never => "never",
            Shown::Ok(_) => "ok",
            Shown::Warning => "warning",
        }
    }
}

impl SourceState {
    fn apply(&mut self, r: &Reading, now: i64) {
        self.visits += u64::from(r.visits);
        self.empty_visits = self.empty_visits.saturating_add(r.visits);
        if r.yielded > 0 {
            self.yielded += u64::from(r.yielded);
            self.last_yield = Some(now);
            // A visit and what it yielded may arrive in one reading: either way, it answered.
            self.empty_visits = 0;
        }
        if let Some(name) = &r.op {
            let full = self.ops.len() >= MAX_OPS;
            match self.ops.iter_mut().find(|o| &o.name == name) {
                Some(o) => {
                    o.seen += u64::from(r.seen);
                    o.yielded += u64::from(r.yielded);
                    o.last_at = now;
                }
                None if !full => self.ops.push(OpSeen {
                    name: name.clone(),
                    seen: u64::from(r.seen),
                    yielded: u64::from(r.yielded),
                    last_at: now,
                }),
                None => {}
            }
        }
        let unrecognised: u64 = r.unrecognised.values().map(|&n| u64::from(n)).sum();
        if unrecognised > 0 {
            if now - self.recent_since > DAY_MS {
                self.recent_since = now;
                self.recent_unrecognised = 0;
            }
            self.recent_unrecognised += unrecognised;
            for (reason, n) in &r.unrecognised {
                *self.unrecognised.entry(reason.clone()).or_default() += u64::from(*n);
            }
        }
    }

    /// The warning rules: a source whose page was opened `EMPTY_VISITS_WARN` times without
    /// anything read has stopped answering (X changed where or how it says it); articles
    /// that went unrecognised within the last day mean X's page changed shape.
    pub fn warnings(&self, now: i64) -> Vec<Warning> {
        let mut out = Vec::new();
        if self.empty_visits >= EMPTY_VISITS_WARN {
            out.push(Warning::Silent {
                visits: self.empty_visits,
            });
        }
        if self.recent_unrecognised > 0 && now - self.recent_since <= DAY_MS {
            out.push(Warning::Unrecognised {
                count: self.recent_unrecognised,
            });
        }
        out
    }

    pub fn shown(&self, now: i64) -> Shown {
        if !self.warnings(now).is_empty() {
            Shown::Warning
        } else if let Some(at) = self.last_yield {
            Shown::Ok(at)
        } else {
            Shown::Never
        }
    }
}

/// Every source's state, as stored under `source_health` (JSON text).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Book {
    pub timeline: SourceState,
    pub notifications: SourceState,
    pub likes: SourceState,
    pub lists: SourceState,
    /// The skeleton of the last unrecognised article (already sanitised by the content script,
    /// and again here: stored data is outside input too).
    pub skeleton: Option<String>,
}

impl Book {
    pub fn get(&self, s: Source) -> &SourceState {
        match s {
            Source::Timeline => &self.timeline,
            Source::Notifications => &self.notifications,
            Source::Likes => &self.likes,
            Source::Lists => &self.lists,
        }
    }

    fn get_mut(&mut self, s: Source) -> &mut SourceState {
        match s {
            Source::Timeline => &mut self.timeline,
            Source::Notifications => &mut self.notifications,
            Source::Likes => &mut self.likes,
            Source::Lists => &mut self.lists,
        }
    }

    pub fn apply(&mut self, readings: &[Reading], now: i64) {
        for r in readings {
            // Messages are outside input: an operation name that is not plain is dropped.
            let r = Reading {
                op: r.op.as_deref().and_then(clean_op),
                ..r.clone()
            };
            self.get_mut(r.source).apply(&r, now);
            if let Some(s) = &r.skeleton {
                self.skeleton = Some(resanitise(s));
            }
        }
    }
}

/// One element of an article as the content script read it: only these three things are
/// ever read for a skeleton (no text, no href, no id, no other attribute).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Node {
    pub depth: usize,
    pub tag: String,
    pub testid: Option<String>,
    pub role: Option<String>,
}

/// ARIA roles X uses on articles (anything else becomes `?`).
const ROLES: &[&str] = &[
    "article",
    "button",
    "group",
    "heading",
    "img",
    "link",
    "list",
    "listitem",
    "menu",
    "menuitem",
    "none",
    "presentation",
    "progressbar",
    "region",
    "separator",
    "slider",
    "status",
    "tab",
    "tablist",
    "textbox",
];

/// The sanitiser: an article's skeleton as text, one element a line (`tag[testid][role]`,
/// indented by depth), with nothing of what it shows. Tags and roles keep only known shapes;
/// a `data-testid` is kept part by part (split at `-`): a part with a digit becomes `#` (X
/// puts user and post ids there: `1234-follow`), and a part that is one of `secrets` (every
/// word, handle and link segment the article shows, gathered by the content script) or shaped
/// like a handle after the first part (`UserAvatar-Container-aoi_dev`) becomes `…`.
pub fn skeleton(nodes: &[Node], secrets: &[String]) -> String {
    let secrets: Vec<String> = secrets
        .iter()
        .map(|s| s.trim_start_matches('@').to_ascii_lowercase())
        .filter(|s| !s.is_empty())
        .collect();
    let mut out = String::new();
    for n in nodes.iter().take(MAX_SKELETON_LINES) {
        let depth = n.depth.min(MAX_SKELETON_DEPTH);
        out.push_str(&"  ".repeat(depth));
        out.push_str(&clean_tag(&n.tag));
        if let Some(t) = &n.testid {
            out.push_str(&format!("[data-testid={}]", clean_testid(t, &secrets)));
        }
        if let Some(r) = &n.role {
            let r = r.to_ascii_lowercase();
            let r = if ROLES.contains(&r.as_str()) { &r } else { "?" };
            out.push_str(&format!("[role={r}]"));
        }
        out.push('\n');
    }
    if nodes.len() > MAX_SKELETON_LINES {
        out.push_str(&format!("… {} more\n", nodes.len() - MAX_SKELETON_LINES));
    }
    out
}

fn clean_tag(tag: &str) -> String {
    let tag = tag.to_ascii_lowercase();
    let ok = !tag.is_empty()
        && tag.len() <= 24
        && tag.starts_with(|c: char| c.is_ascii_lowercase())
        && tag
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if ok {
        tag
    } else {
        "?".into()
    }
}

fn clean_testid(testid: &str, secrets: &[String]) -> String {
    testid
        .split('-')
        .take(8)
        .enumerate()
        .map(|(i, part)| {
            let lower = part.to_ascii_lowercase();
            if part.chars().any(|c| c.is_ascii_digit()) || part == "#" {
                "#".to_string()
            } else if part.is_empty() || part == "…" {
                // Empty, or struck out already (a stored skeleton read again).
                part.to_string()
            } else if secrets.contains(&lower)
                || part.len() > 40
                || !part
                    .chars()
                    .all(|c| c.is_ascii_alphabetic() || c == '_' || c == '.')
                // After the first part, an underscore or a lowercase start is a handle's shape
                // (X's own words there are CamelCase or a short known word).
                || (i > 0 && !is_x_word(part))
            {
                "…".to_string()
            } else {
                part.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("-")
}

/// Later parts of X's test ids: `UserAvatar-Container-…`, `…-follow`, `…-impression-pixel`,
/// `tweet-text-show-more-link`, `app-text-transition-container`.
fn is_x_word(part: &str) -> bool {
    const WORDS: &[&str] = &[
        "follow",
        "unfollow",
        "block",
        "unblock",
        "cancel",
        "subscribe",
        "impression",
        "pixel",
        "text",
        "show",
        "more",
        "link",
        "transition",
        "container",
        "name",
        "avatar",
        "user",
        "card",
        "media",
        "button",
        "unknown",
    ];
    WORDS.contains(&part)
        || (part.starts_with(|c: char| c.is_ascii_uppercase())
            && !part.contains('_')
            && part.chars().all(|c| c.is_ascii_alphabetic() || c == '.'))
}

/// A stored skeleton again through the line rules (without the page's words, which the
/// background does not have): it was built by our own content script, but storage is input.
fn resanitise(text: &str) -> String {
    let nodes: Vec<Node> = text
        .lines()
        .filter(|l| !l.starts_with('…'))
        .map(|line| {
            let depth = (line.len() - line.trim_start().len()) / 2;
            let line = line.trim();
            let (tag, rest) = line.split_at(line.find('[').unwrap_or(line.len()));
            let attr = |name: &str| {
                let start = rest.find(&format!("[{name}="))? + name.len() + 2;
                let end = rest[start..].find(']')? + start;
                Some(rest[start..end].to_string())
            };
            Node {
                depth,
                tag: tag.to_string(),
                testid: attr("data-testid"),
                role: attr("role"),
            }
        })
        .collect();
    skeleton(&nodes, &[])
}

/// What the popup knows about where it runs, for the report.
#[derive(Clone, Debug, Default)]
pub struct About {
    pub extension: String,
    /// `navigator.userAgent`: only the browser's name and version are kept.
    pub user_agent: String,
    pub ui_language: String,
    /// How the last X page looked (`ok`, `unrecognised`, `blocked`).
    pub page: String,
}

/// "Chrome 156", "Firefox 140", "Edge 150" from a user agent: the OS and the rest are left out.
pub fn browser_of(user_agent: &str) -> String {
    for (token, name) in [
        ("Firefox/", "Firefox"),
        ("Edg/", "Edge"),
        ("OPR/", "Opera"),
        ("Chrome/", "Chrome"),
        ("Safari/", "Safari"),
    ] {
        if let Some(i) = user_agent.find(token) {
            let version: String = user_agent[i + token.len()..]
                .chars()
                .take_while(|c| c.is_ascii_digit() || *c == '.')
                .take(20)
                .collect();
            return format!("{name} {version}").trim().to_string();
        }
    }
    "unknown".into()
}

fn plain(s: &str, max: usize) -> String {
    s.chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
        .take(max)
        .collect()
}

/// The problem report: plain text for the clipboard, in English for the maintainer. Nothing in
/// it comes from what the user read: sources, counts, operation names, reasons and the
/// sanitised skeleton.
pub fn report(book: &Book, about: &About, now: i64) -> String {
    let mut out =
        String::from("Likeback problem report (nothing was sent; paste it where you choose)\n");
    out.push_str(&format!(
        "extension: {} · browser: {} · UI language: {} · last X page: {}\n",
        plain(&about.extension, 20),
        browser_of(&about.user_agent),
        plain(&about.ui_language, 12),
        plain(&about.page, 20),
    ));
    out.push_str(&format!(
        "written: {}\n",
        crate::core::model::format_iso_ms(now)
    ));
    for source in Source::ALL {
        let s = book.get(source);
        let last = s.last_yield.map_or("never".to_string(), |at| {
            format!("{} min ago", (now - at).max(0) / 60_000)
        });
        out.push_str(&format!(
            "\n{}: {} · last yield: {last} · {} {} read · {} visits, {} since the last yield\n",
            source.as_str(),
            s.shown(now).as_str(),
            s.yielded,
            source.unit(),
            s.visits,
            s.empty_visits,
        ));
        for w in s.warnings(now) {
            out.push_str(&match w {
                Warning::Silent { visits } => {
                    format!("  warning: opened {visits} times with nothing read\n")
                }
                Warning::Unrecognised { count } => {
                    format!("  warning: {count} articles not recognised in the last day\n")
                }
            });
        }
        for o in &s.ops {
            out.push_str(&format!(
                "  op {}: {} responses, {} {}, last {} min ago\n",
                o.name,
                o.seen,
                o.yielded,
                source.unit(),
                (now - o.last_at).max(0) / 60_000
            ));
        }
        for (reason, n) in &s.unrecognised {
            out.push_str(&format!("  unrecognised ({}): {n}\n", plain(reason, 40)));
        }
    }
    match &book.skeleton {
        Some(s) => {
            out.push_str(
                "\nskeleton of one unrecognised article (tags, data-testid, role only):\n",
            );
            out.push_str(&resanitise(s));
        }
        None => out.push_str("\nno unrecognised article seen\n"),
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIN: i64 = 60_000;

    #[test]
    fn operations_map_to_sources_by_their_shape() {
        assert_eq!(Source::of_op("HomeTimeline"), Source::Timeline);
        assert_eq!(Source::of_op("UserOriginalsTimeline"), Source::Timeline);
        assert_eq!(Source::of_op("Likes"), Source::Timeline);
        assert_eq!(
            Source::of_op("NotificationsTimeline"),
            Source::Notifications
        );
        assert_eq!(
            Source::of_op("NotificationsTimelineV2"),
            Source::Notifications
        );
        assert_eq!(Source::of_op("notifications/all"), Source::Notifications);
        assert_eq!(Source::of_op("Favoriters"), Source::Likes);
        assert_eq!(Source::of_op("TweetLikers"), Source::Likes);
        assert_eq!(Source::of_op("ListMembers"), Source::Lists);
        assert_eq!(Source::of_op("ListMembersTimeline"), Source::Lists);
        assert_eq!(Source::of_op("SomethingNew"), Source::Timeline);
    }

    #[test]
    fn operation_names_come_from_any_x_host() {
        let op = |u| op_of_url(u);
        assert_eq!(
            op("https://x.com/i/api/graphql/abc-1/HomeTimeline?variables=%7B%7D").as_deref(),
            Some("HomeTimeline")
        );
        assert_eq!(
            op("https://api.x.com/graphql/Q1/UserOriginalsTimeline").as_deref(),
            Some("UserOriginalsTimeline")
        );
        assert_eq!(
            op("https://x.com/i/api/2/notifications/all.json?count=20").as_deref(),
            Some("notifications/all")
        );
        assert_eq!(op("https://x.com/home"), None);
        assert_eq!(op("https://x.com/i/api/graphql/abc/"), None);
        // Anything that is not a plain name never reaches the report.
        assert_eq!(
            op("https://x.com/i/api/graphql/abc/Op%20with%20space"),
            None
        );
    }

    fn reading(source: Source, op: Option<&str>, yielded: u32, visits: u32) -> Reading {
        Reading {
            seen: u32::from(op.is_some()),
            yielded,
            visits,
            ..Reading::new(source, op.map(String::from))
        }
    }

    #[test]
    fn readings_merge_per_source_and_operation() {
        let mut waiting = Vec::new();
        merge(&mut waiting, reading(Source::Timeline, None, 3, 1));
        merge(&mut waiting, reading(Source::Timeline, None, 4, 0));
        merge(
            &mut waiting,
            reading(Source::Timeline, Some("HomeTimeline"), 20, 0),
        );
        let mut bad = reading(Source::Timeline, None, 0, 0);
        bad.unrecognised.insert("NoAuthor".into(), 2);
        bad.skeleton = Some("article\n".into());
        merge(&mut waiting, bad);
        assert_eq!(waiting.len(), 2);
        assert_eq!((waiting[0].yielded, waiting[0].visits), (7, 1));
        assert_eq!(waiting[0].unrecognised["NoAuthor"], 2);
        assert_eq!(waiting[0].skeleton.as_deref(), Some("article\n"));
        assert_eq!(waiting[1].op.as_deref(), Some("HomeTimeline"));
    }

    #[test]
    fn a_source_opened_three_times_with_nothing_read_warns() {
        let mut book = Book::default();
        let n = Source::Notifications;
        assert_eq!(book.get(n).shown(0), Shown::Never);
        book.apply(&[reading(n, None, 0, 1)], MIN);
        book.apply(&[reading(n, Some("NotificationsTimeline"), 0, 0)], MIN);
        book.apply(&[reading(n, None, 0, 1)], 2 * MIN);
        assert_eq!(book.get(n).warnings(2 * MIN), vec![]);
        book.apply(&[reading(n, None, 0, 1)], 3 * MIN);
        assert_eq!(
            book.get(n).warnings(3 * MIN),
            vec![Warning::Silent { visits: 3 }]
        );
        assert_eq!(book.get(n).shown(3 * MIN), Shown::Warning);
        // The other sources are untouched.
        assert_eq!(book.get(Source::Timeline).shown(3 * MIN), Shown::Never);
        // One like read, and it answers again.
        book.apply(&[reading(n, Some("NotificationsTimeline"), 2, 0)], 4 * MIN);
        assert_eq!(book.get(n).shown(4 * MIN), Shown::Ok(4 * MIN));
        assert_eq!(book.get(n).ops[0].seen, 2);
        assert_eq!(book.get(n).ops[0].yielded, 2);
    }

    #[test]
    fn a_visit_that_yields_in_the_same_reading_is_not_empty() {
        let mut book = Book::default();
        for i in 0..5 {
            book.apply(&[reading(Source::Timeline, None, 10, 1)], i * MIN);
        }
        assert_eq!(book.timeline.empty_visits, 0);
        assert_eq!(book.timeline.visits, 5);
        assert_eq!(book.timeline.yielded, 50);
    }

    #[test]
    fn unrecognised_articles_warn_for_a_day() {
        let mut book = Book::default();
        let mut r = reading(Source::Timeline, None, 10, 0);
        r.unrecognised.insert("NoAuthor".into(), 2);
        book.apply(&[r.clone()], 10 * MIN);
        assert_eq!(
            book.timeline.warnings(11 * MIN),
            vec![Warning::Unrecognised { count: 2 }]
        );
        book.apply(&[r], 20 * MIN);
        assert_eq!(book.timeline.unrecognised["NoAuthor"], 4);
        assert_eq!(
            book.timeline.warnings(30 * MIN),
            vec![Warning::Unrecognised { count: 4 }]
        );
        assert_eq!(book.timeline.warnings(10 * MIN + DAY_MS + 1), vec![]);
        assert_eq!(
            book.timeline.shown(10 * MIN + DAY_MS + 1),
            Shown::Ok(20 * MIN)
        );
    }

    #[test]
    fn operations_are_bounded_and_plain() {
        let mut book = Book::default();
        for i in 0..40 {
            book.apply(
                &[reading(Source::Timeline, Some(&format!("Op{i}")), 1, 0)],
                0,
            );
        }
        book.apply(&[reading(Source::Timeline, Some("has space"), 1, 0)], 0);
        assert_eq!(book.timeline.ops.len(), MAX_OPS);
        assert!(book.timeline.ops.iter().all(|o| o.name.starts_with("Op")));
    }

    fn node(depth: usize, tag: &str, testid: Option<&str>, role: Option<&str>) -> Node {
        Node {
            depth,
            tag: tag.into(),
            testid: testid.map(String::from),
            role: role.map(String::from),
        }
    }

    #[test]
    fn the_skeleton_keeps_structure_and_drops_handles_ids_and_words() {
        let nodes = vec![
            node(0, "ARTICLE", Some("tweet"), Some("article")),
            node(
                1,
                "div",
                Some("UserAvatar-Container-zq_secret_handle"),
                None,
            ),
            node(1, "div", Some("UserAvatar-Container-ZqSecret"), None),
            node(
                1,
                "button",
                Some("1912345678901234567-follow"),
                Some("button"),
            ),
            node(1, "div", Some("tweetText"), None),
            node(2, "span", Some("hello world"), Some("Hello")),
            node(1, "div", Some("placementTracking"), None),
            node(2, "div", Some("videoPlayer"), None),
            node(1, "img", Some("card.layoutLarge.media"), Some("img")),
            node(1, "div", Some("dm-impression-pixel"), None),
            node(1, "x<script>", Some("tweet-text-show-more-link"), None),
            node(1, "div", Some("mysecretword"), None),
        ];
        let secrets = vec!["@ZqSecret".to_string(), "MySecretWord".to_string()];
        let text = skeleton(&nodes, &secrets);
        assert_eq!(
            text,
            "article[data-testid=tweet][role=article]\n\
             \x20 div[data-testid=UserAvatar-Container-…]\n\
             \x20 div[data-testid=UserAvatar-Container-…]\n\
             \x20 button[data-testid=#-follow][role=button]\n\
             \x20 div[data-testid=tweetText]\n\
             \x20   span[data-testid=…][role=?]\n\
             \x20 div[data-testid=placementTracking]\n\
             \x20   div[data-testid=videoPlayer]\n\
             \x20 img[data-testid=card.layoutLarge.media][role=img]\n\
             \x20 div[data-testid=dm-impression-pixel]\n\
             \x20 ?[data-testid=tweet-text-show-more-link]\n\
             \x20 div[data-testid=…]\n"
        );
        for secret in [
            "zq_secret",
            "ZqSecret",
            "1912345678901234567",
            "hello",
            "Hello",
            "mysecretword",
            "script",
        ] {
            assert!(!text.contains(secret), "{secret} leaked");
        }
    }

    #[test]
    fn the_skeleton_is_bounded_and_survives_a_second_pass() {
        let nodes: Vec<Node> = (0..200).map(|i| node(i % 40, "div", None, None)).collect();
        let text = skeleton(&nodes, &[]);
        assert_eq!(text.lines().count(), MAX_SKELETON_LINES + 1);
        assert!(text.ends_with("… 80 more\n"));
        let once = skeleton(
            &[
                node(0, "article", Some("tweet"), Some("article")),
                node(1, "div", Some("User-Name"), None),
                node(1, "button", Some("1234-follow"), Some("button")),
                node(1, "div", Some("UserAvatar-Container-aoi_dev"), None),
            ],
            &[],
        );
        assert_eq!(resanitise(&once), once);
        // Whatever storage holds, the report's skeleton keeps the line rules.
        assert_eq!(
            resanitise("a b c [data-testid=x y_z-aoi_dev]\n"),
            "?[data-testid=…-…]\n"
        );
    }

    #[test]
    fn the_browser_is_named_without_the_rest_of_the_user_agent() {
        let chrome = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.7500.1 Safari/537.36";
        assert_eq!(browser_of(chrome), "Chrome 156.0.7500.1");
        assert_eq!(
            browser_of("Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0"),
            "Firefox 140.0"
        );
        assert_eq!(browser_of(&format!("{chrome} Edg/150.0.1")), "Edge 150.0.1");
        assert_eq!(browser_of("curl"), "unknown");
    }

    #[test]
    fn the_report_says_what_a_maintainer_needs() {
        let mut book = Book::default();
        let mut r = reading(Source::Timeline, Some("UserOriginalsTimeline"), 0, 0);
        r.unrecognised.insert("NoAuthor".into(), 1);
        r.skeleton =
            Some("article[data-testid=tweet]\n  div[data-testid=UserAvatar-Container-…]\n".into());
        book.apply(
            &[r, reading(Source::Timeline, Some("HomeTimeline"), 12, 1)],
            0,
        );
        for _ in 0..3 {
            book.apply(&[reading(Source::Notifications, None, 0, 1)], MIN);
        }
        let about = About {
            extension: "0.1.0".into(),
            user_agent: "Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0.1 Safari/537.36".into(),
            ui_language: "ja".into(),
            page: "ok".into(),
        };
        let text = report(&book, &about, 5 * MIN);
        for expected in [
            "extension: 0.1.0 · browser: Chrome 156.0.1 · UI language: ja · last X page: ok",
            "timeline: warning · last yield: 5 min ago · 12 posts read · 1 visits, 0 since the last yield",
            "op UserOriginalsTimeline: 1 responses, 0 posts",
            "op HomeTimeline: 1 responses, 12 posts",
            "unrecognised (NoAuthor): 1",
            "notifications: warning · last yield: never · 0 likes read · 3 visits, 3 since the last yield",
            "warning: opened 3 times with nothing read",
            "likes: never",
            "lists: never",
            "  div[data-testid=UserAvatar-Container-…]",
        ] {
            assert!(text.contains(expected), "{expected:?} missing from:\n{text}");
        }
        assert!(!text.contains("Linux"), "the OS is left out");
    }

    #[test]
    fn the_book_reads_what_it_stored() {
        let mut book = Book::default();
        book.apply(&[reading(Source::Lists, Some("ListMembers"), 5, 1)], MIN);
        let text = serde_json::to_string(&book).unwrap();
        assert_eq!(serde_json::from_str::<Book>(&text).unwrap(), book);
        assert_eq!(serde_json::from_str::<Book>("{}").unwrap(), Book::default());
    }
}
