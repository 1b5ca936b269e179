//! Small reads that nearly every request repeats — a member's roles in a channel (every
//! channel-scoped permission check), a channel's type and team (every post), a post author's
//! name — kept in memory while nothing that could change them has been written.
//!
//! Validity follows the store's audience generation ([`Store::audience_generation`]): every
//! write that can change these facts (memberships and their roles, channels, users) moves it
//! when it starts and when it ends, and a value is kept only if the generation was the same
//! before and after it was read, so a read that raced with such a write is never kept. Writes
//! made by another process (another node, the CLI) are only noticed when the generation moves
//! here or after [`FACT_TTL`], as for sessions and channel rosters.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::posts::{PostAuthor, PostChannel};
use crate::{Store, StoreResult};

/// How long a fact read from the database is used at most.
pub(crate) const FACT_TTL: Duration = Duration::from_secs(60);

/// One kind of fact by key; starts over when it holds `cap` entries.
pub(crate) struct FactCache<K, V> {
    map: Mutex<HashMap<K, Fact<V>>>,
    cap: usize,
}

struct Fact<V> {
    generation: u64,
    at: Instant,
    value: V,
}

impl<K: Eq + Hash, V: Clone> FactCache<K, V> {
    pub(crate) fn new(cap: usize) -> Self {
        Self {
            map: Mutex::new(HashMap::new()),
            cap,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<K, Fact<V>>> {
        self.map
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The kept value, if it was read under `generation` less than [`FACT_TTL`] ago.
    pub(crate) fn get<Q>(&self, key: &Q, generation: u64) -> Option<V>
    where
        K: std::borrow::Borrow<Q>,
        Q: Eq + Hash + ?Sized,
    {
        let map = self.lock();
        map.get(key)
            .filter(|f| f.generation == generation && f.at.elapsed() < FACT_TTL)
            .map(|f| f.value.clone())
    }

    /// Keeps `value`, read between `before` and `after` (generations), if nothing moved.
    pub(crate) fn put(&self, key: K, before: u64, after: u64, value: V) {
        if before != after {
            return;
        }
        let mut map = self.lock();
        if map.len() >= self.cap {
            map.retain(|_, f| f.generation == before && f.at.elapsed() < FACT_TTL);
            if map.len() >= self.cap {
                map.clear();
            }
        }
        map.insert(
            key,
            Fact {
                generation: before,
                at: Instant::now(),
                value,
            },
        );
    }
}

/// Every kind of fact the store keeps.
pub(crate) struct Facts {
    /// `channel_id:user_id` → role names of the channel membership and of its team's membership.
    pub(crate) channel_roles: FactCache<String, (Option<String>, Option<String>)>,
    /// `team_id:user_id` → role names of an active team membership.
    pub(crate) team_roles: FactCache<String, Option<String>>,
    /// Channel id → what posting needs to know about the channel.
    pub(crate) post_channels: FactCache<String, PostChannel>,
    /// User id → what posting needs to know about its author.
    pub(crate) post_authors: FactCache<String, PostAuthor>,
}

impl Default for Facts {
    fn default() -> Self {
        Self {
            channel_roles: FactCache::new(100_000),
            team_roles: FactCache::new(50_000),
            post_channels: FactCache::new(20_000),
            post_authors: FactCache::new(50_000),
        }
    }
}

/// The key of a fact about a pair (`a:b`).
pub(crate) fn pair(a: &str, b: &str) -> String {
    let mut key = String::with_capacity(a.len() + b.len() + 1);
    key.push_str(a);
    key.push(':');
    key.push_str(b);
    key
}

impl Store {
    /// `cache[key]` if it is still valid, else `read` (kept if no write raced with it).
    pub(crate) async fn fact<V: Clone>(
        &self,
        cache: &FactCache<String, V>,
        key: String,
        read: impl Future<Output = StoreResult<V>>,
    ) -> StoreResult<V> {
        let before = self.audience_generation();
        if let Some(v) = cache.get(&key, before) {
            return Ok(v);
        }
        let v = read.await?;
        cache.put(key, before, self.audience_generation(), v.clone());
        Ok(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_is_kept_only_under_the_generation_it_was_read_in() {
        let c: FactCache<String, u32> = FactCache::new(4);
        c.put("a".into(), 7, 7, 1);
        assert_eq!(c.get("a", 7), Some(1));
        assert_eq!(c.get("a", 8), None, "a write since makes it stale");
        c.put("b".into(), 7, 9, 2);
        assert_eq!(
            c.get("b", 7),
            None,
            "a read that raced with a write is not kept"
        );
        assert_eq!(c.get("b", 9), None);
    }

    #[test]
    fn a_full_cache_starts_over_with_what_is_still_valid() {
        let c: FactCache<String, u32> = FactCache::new(2);
        c.put("old".into(), 1, 1, 1);
        c.put("a".into(), 2, 2, 2);
        c.put("b".into(), 2, 2, 3);
        assert_eq!(c.get("old", 1), None, "stale entries go first");
        assert_eq!(c.get("a", 2), Some(2));
        assert_eq!(c.get("b", 2), Some(3));
        c.put("c".into(), 2, 2, 4);
        assert_eq!(c.get("c", 2), Some(4));
        assert!(c.lock().len() <= 2);
    }
}
