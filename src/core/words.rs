//! What the extension writes into X's page, in the page's language. These follow X's own
//! `<html lang>` rather than the browser's language so that our lines read like the timeline
//! around them; the popup and options pages use `_locales` instead.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    En,
    Ja,
}

impl Lang {
    pub fn from_tag(tag: &str) -> Lang {
        if tag.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("ja")) {
            Lang::Ja
        } else {
            Lang::En
        }
    }

    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ja => "ja",
        }
    }
}

/// One piece of a sentence that names people: literal words, or a slot for a name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Piece {
    Words(&'static str),
    Reposter,
    Author,
}

/// "Alice reposted Bob", in the order the language wants the names.
pub fn reposted(lang: Lang) -> &'static [Piece] {
    use Piece::*;
    match lang {
        Lang::En => &[Reposter, Words(" reposted "), Author],
        // No space between a name and Japanese, as X writes 「Kenji Katoさんがリポストしました」.
        Lang::Ja => &[
            Reposter,
            Words("さんが"),
            Author,
            Words("さんのポストをリポスト"),
        ],
    }
}

pub fn show_repost(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "Collapsed repost. Press Enter to show it.",
        Lang::Ja => "折りたたまれたリポストです。Enterキーを押すと表示されます。",
    }
}

pub fn hide_repost(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "Repost shown. Press Enter to collapse it.",
        Lang::Ja => "表示中のリポストです。Enterキーを押すと折りたたまれます。",
    }
}

/// The badge on a friend's newest post I have not liked: "♡ like back · 2", 「♡ いいね返し残り2件」
/// (a number in Japanese takes its counter).
pub fn like_back(lang: Lang, owed: u32) -> String {
    match (lang, owed) {
        (Lang::En, 0) => "♡ like back".into(),
        (Lang::En, n) => format!("♡ like back · {n}"),
        (Lang::Ja, 0) => "♡ いいね返し".into(),
        (Lang::Ja, n) => format!("♡ いいね返し残り{n}件"),
    }
}

pub fn like_back_title(lang: Lang, owed: u32) -> String {
    match (lang, owed) {
        (Lang::En, 0) => "Their newest post. You have not liked it yet.".into(),
        (Lang::En, 1) => {
            "Their newest post. You have not liked it yet; you owe them 1 like-back.".into()
        }
        (Lang::En, n) => {
            format!("Their newest post. You have not liked it yet; you owe them {n} like-backs.")
        }
        (Lang::Ja, 0) => "この人の最新ポストです。まだいいねしていません。".into(),
        (Lang::Ja, n) => {
            format!("この人の最新ポストです。まだいいねしていません（いいね返し残り{n}件）。")
        }
    }
}

/// The badge on a friend's newest post once I liked it.
pub fn caught_up(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "✓ caught up",
        Lang::Ja => "✓ いいね返し済み",
    }
}

/// The button on an X list's members page.
pub fn list_import(lang: Lang, members: usize) -> String {
    match lang {
        Lang::En => format!("Add {members} members to a Likeback team"),
        Lang::Ja => format!("メンバー{members}人をLikebackのチームに追加"),
    }
}

pub fn list_imported(lang: Lang, team: &str, added: usize) -> String {
    match lang {
        Lang::En => format!("Added to the team “{team}” ✓ ({added} new)"),
        Lang::Ja => format!("チーム「{team}」に追加しました ✓（新しいメンバー{added}人）"),
    }
}

pub fn list_import_failed(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "Could not add them; try again.",
        Lang::Ja => "追加できませんでした。もう一度お試しください。",
    }
}

/// A team made from an X list is named after it; the user can rename it.
pub fn list_team_name(lang: Lang, list: &str) -> String {
    match lang {
        Lang::En => format!("X list {list}"),
        Lang::Ja => format!("Xのリスト（{list}）"),
    }
}

/// The divider above the first post already seen on the previous visit to a timeline:
/// "You were here · 2 h ago", 「前回はここまで・2時間前」. `at`: when that visit was (ms).
pub fn last_seen(lang: Lang, now: i64, at: i64) -> String {
    let minutes = now.saturating_sub(at).max(0) / 60_000;
    // (number, English unit, Japanese counter); one `format!` per language keeps the content
    // script's WASM small.
    let (n, en, ja) = match minutes {
        0 => (0, "", ""),
        m if m < 60 => (m, " min ago", "分前"),
        m if m < 48 * 60 => (m / 60, " h ago", "時間前"),
        m => (m / 1_440, " days ago", "日前"),
    };
    match (lang, n) {
        (Lang::En, 0) => "You were here · just now".into(),
        (Lang::Ja, 0) => "前回はここまで・たった今".into(),
        (Lang::En, n) => format!("You were here · {n}{en}"),
        (Lang::Ja, n) => format!("前回はここまで・{n}{ja}"),
    }
}

#[cfg(test)]
mod last_seen_tests {
    use super::*;

    #[test]
    fn the_divider_says_when_the_last_visit_was() {
        let h = 3_600_000;
        assert_eq!(last_seen(Lang::En, 2 * h, 0), "You were here · 2 h ago");
        assert_eq!(last_seen(Lang::Ja, 2 * h, 0), "前回はここまで・2時間前");
        assert_eq!(
            last_seen(Lang::En, 5 * 60_000, 0),
            "You were here · 5 min ago"
        );
        assert_eq!(last_seen(Lang::Ja, 30_000, 0), "前回はここまで・たった今");
        assert_eq!(last_seen(Lang::En, 72 * h, 0), "You were here · 3 days ago");
        assert_eq!(last_seen(Lang::Ja, 72 * h, 0), "前回はここまで・3日前");
        // A clock set back: never "in the future".
        assert_eq!(last_seen(Lang::En, 0, h), "You were here · just now");
    }
}
