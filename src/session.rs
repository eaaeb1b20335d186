//! Conversations kept in memory, bounded in number and age, so a follow-up question
//! ("And in 1949?") can be read against the one before it.

use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use crate::understand::Frame;

/// How many conversations are kept at most; the least recently used go first.
pub const MAX_SESSIONS: usize = 10_000;
/// How long a conversation is kept after its last question.
pub const SESSION_TTL: Duration = Duration::from_secs(30 * 60);

/// The conversations, each with the frame of its last question.
#[derive(Default)]
pub struct Sessions {
    inner: Mutex<HashMap<String, (Frame, Instant)>>,
}

impl Sessions {
    /// Returns the frame of a live conversation; an unknown or expired id has none.
    pub fn get(&self, id: &str) -> Option<Frame> {
        let mut map = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        match map.get(id) {
            Some((frame, at)) if at.elapsed() <= SESSION_TTL => Some(frame.clone()),
            Some(_) => {
                map.remove(id);
                None
            }
            None => None,
        }
    }

    /// Stores the frame of a conversation's latest question, evicting expired and then
    /// least recently used conversations beyond [`MAX_SESSIONS`].
    pub fn put(&self, id: &str, frame: Frame) {
        self.put_at(id, frame, Instant::now());
    }

    fn put_at(&self, id: &str, frame: Frame, now: Instant) {
        let mut map = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        if !map.contains_key(id) && map.len() >= MAX_SESSIONS {
            // Make room for many at once, so a full store costs one sort per
            // MAX_SESSIONS / 10 new conversations rather than a scan per question.
            map.retain(|_, (_, at)| now.saturating_duration_since(*at) <= SESSION_TTL);
            if map.len() >= MAX_SESSIONS {
                let mut ages: Vec<(Instant, String)> =
                    map.iter().map(|(k, (_, at))| (*at, k.clone())).collect();
                ages.sort_unstable();
                for (_, oldest) in ages.into_iter().take(MAX_SESSIONS / 10) {
                    map.remove(&oldest);
                }
            }
        }
        map.insert(id.to_string(), (frame, now));
    }

    /// How many conversations are held.
    pub fn len(&self) -> usize {
        self.inner.lock().unwrap_or_else(|e| e.into_inner()).len()
    }

    /// Returns true if and only if no conversation is held.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Returns a new, unpredictable conversation id of 32 hex digits.
pub fn new_session_id() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let state = std::collections::hash_map::RandomState::new();
    let mut parts = [0u64; 2];
    for (i, part) in parts.iter_mut().enumerate() {
        let mut h = state.build_hasher();
        h.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
        h.write_usize(i);
        h.write_u128(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos()),
        );
        *part = h.finish();
    }
    format!("{:016x}{:016x}", parts[0], parts[1])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expired_conversations_are_forgotten() {
        let sessions = Sessions::default();
        let long_ago = Instant::now()
            .checked_sub(SESSION_TTL + Duration::from_secs(1))
            .expect("the clock is past the TTL");
        sessions.put_at("old", Frame::default(), long_ago);
        sessions.put("new", Frame::default());
        assert!(sessions.get("old").is_none());
        assert!(sessions.get("new").is_some());
        assert!(sessions.get("unknown").is_none());
    }

    #[test]
    fn the_number_of_conversations_is_bounded() {
        let sessions = Sessions::default();
        let start = Instant::now();
        for i in 0..MAX_SESSIONS + 5 {
            sessions.put_at(
                &format!("s{i}"),
                Frame::default(),
                start + Duration::from_millis(i as u64),
            );
        }
        // The first insertion over the bound made room for a tenth of the bound at once.
        assert_eq!(sessions.len(), MAX_SESSIONS - MAX_SESSIONS / 10 + 5);
        assert!(
            sessions.get("s0").is_none(),
            "the least recently used went first"
        );
        assert!(
            sessions
                .get(&format!("s{}", MAX_SESSIONS / 10 - 1))
                .is_none()
        );
        assert!(sessions.get(&format!("s{}", MAX_SESSIONS / 10)).is_some());
        assert!(sessions.get(&format!("s{}", MAX_SESSIONS + 4)).is_some());
    }

    #[test]
    fn new_ids_are_valid_and_distinct() {
        let a = new_session_id();
        let b = new_session_id();
        assert_ne!(a, b);
        assert!(crate::reply::SessionId::parse(&a).is_ok());
    }
}
