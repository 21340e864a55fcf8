//! X's API bodies parsed without the parts no reader in `api` looks into. A timeline body is
//! about 7 KB per post, and half of it is media, link cards, feedback menus, profile decoration
//! and entity lists; built into a `Value`, every string and map there is allocated only to be
//! freed unread, and in the content script's WASM that was most of the time a body took. Such
//! a key's value is parsed past (checked as JSON, never built) and kept as `null`, so that a
//! reader asking whether the key is there (`promotedMetadata`) still finds it.

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};
use std::fmt;

/// Keys whose values hold nothing `api` reads, wherever they sit: no user or post result and
/// no notification's parts. (A key is added here only with the captures' proof that reading
/// a body gives the same as before: `unread_parts_change_nothing_learned`, in
/// `tests/shared_api_fixtures.rs`.)
const UNREAD: &[&str] = &[
    "affiliates_highlighted_label",
    "avatar",
    "card",
    "description",
    "details",
    "dm_permissions",
    "edit_control",
    "extended_entities",
    "location",
    "media_permissions",
    "note_tweet",
    "privacy",
    "professional",
    "profile_bio",
    "promotedMetadata",
    "quick_promote_eligibility",
    "relationship_perspectives",
    "responseObjects",
    "source",
    "tipjar_settings",
    "views",
];

/// `entities` of a post's or a user's `legacy` (mentions, links, hashtags, media) are unread;
/// a notification's `rich_message.entities` name its likers and are read.
const UNREAD_IN_LEGACY: &str = "entities";

/// `body` as a `Value`, the unread parts `null`.
pub fn parse(body: &str) -> serde_json::Result<Value> {
    let mut de = serde_json::Deserializer::from_str(body);
    let value = Node { in_legacy: false }.deserialize(&mut de)?;
    de.end()?;
    Ok(value)
}

/// One value of the body; `in_legacy`: it is the value of a `legacy` key.
#[derive(Clone, Copy)]
struct Node {
    in_legacy: bool,
}

impl<'de> DeserializeSeed<'de> for Node {
    type Value = Value;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Node {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("JSON")
    }
    fn visit_bool<E>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Bool(b))
    }
    fn visit_i64<E>(self, n: i64) -> Result<Value, E> {
        Ok(n.into())
    }
    fn visit_u64<E>(self, n: u64) -> Result<Value, E> {
        Ok(n.into())
    }
    fn visit_f64<E>(self, n: f64) -> Result<Value, E> {
        Ok(n.into())
    }
    fn visit_str<E>(self, s: &str) -> Result<Value, E> {
        Ok(Value::String(s.to_owned()))
    }
    fn visit_string<E>(self, s: String) -> Result<Value, E> {
        Ok(Value::String(s))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(v) = seq.next_element_seed(Node { in_legacy: false })? {
            items.push(v);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let unread =
                UNREAD.contains(&key.as_str()) || (self.in_legacy && key == UNREAD_IN_LEGACY);
            let value = if unread {
                map.next_value::<IgnoredAny>()?;
                Value::Null
            } else {
                map.next_value_seed(Node {
                    in_legacy: key == "legacy",
                })?
            };
            out.insert(key, value);
        }
        Ok(Value::Object(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unread_values_are_null_and_the_rest_is_as_serde_json_reads_it() {
        let body = r#"{"a":[1,-2,3.5,true,null,"x\"y"],"card":{"big":[1,2,3]},
            "legacy":{"entities":{"urls":[]},"full_text":"hi","favorited":true},
            "rich_message":{"entities":[{"ref":{"user_results":{}}}]},"k\u00e9y":"v"}"#;
        let full: Value = serde_json::from_str(body).unwrap();
        let pruned = parse(body).unwrap();
        assert_eq!(pruned["card"], Value::Null);
        assert!(pruned.get("card").is_some(), "the key is still there");
        assert_eq!(pruned["legacy"]["entities"], Value::Null);
        assert_eq!(pruned["legacy"]["full_text"], full["legacy"]["full_text"]);
        assert_eq!(pruned["rich_message"], full["rich_message"]);
        assert_eq!(pruned["a"], full["a"]);
        assert_eq!(pruned["kéy"], "v");
    }

    #[test]
    fn deep_nesting_is_refused_where_it_is_read_and_passed_over_where_not() {
        let deep = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
        // serde_json's limit (128 levels) still guards what is built.
        assert!(parse(&format!(r#"{{"a":{}}}"#, deep(10_000))).is_err());
        // What is only passed over is walked without recursion.
        let v = parse(&format!(r#"{{"card":{},"id":"1"}}"#, deep(100_000))).unwrap();
        assert_eq!(v["id"], "1");
    }

    #[test]
    fn bad_json_is_refused_even_inside_an_unread_value() {
        assert!(parse(r#"{"card":{"a":}}"#).is_err());
        assert!(parse(r#"{"a":1} trailing"#).is_err());
        assert!(parse("").is_err());
    }
}
