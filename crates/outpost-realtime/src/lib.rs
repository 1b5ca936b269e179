//! The real-time hub. It knows nothing about HTTP: the API's WebSocket endpoint registers
//! connections here and writes the frames it is handed; services publish events after commit.
//!
//! - Each event is serialised **once**; per connection only `,"seq":N}` is appended.
//! - Connections are sharded by a hash of the user id; queues are bounded and a connection that
//!   cannot keep up is dropped (its client reconnects and resyncs). Publishing never blocks.
//! - Every connection numbers its events from 0 (`hello`) and keeps the last [`DEAD_QUEUE`] frames.
//!   A client that reconnects with `connection_id` and `sequence_number` within [`REUSE_WINDOW`]
//!   gets the frames it missed replayed (including those published while it was away); otherwise
//!   it gets a new connection id and a fresh `hello`, as Mattermost does.

mod event;

use std::collections::{HashMap, VecDeque};
use std::fmt::Write as _;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use tokio::sync::mpsc;

pub use event::{Broadcast, Event};

/// What a connection's writer sends: a numbered event (its body shared by every recipient and
/// kept once in every replay buffer) or a reply to a client action.
#[derive(Debug, Clone)]
pub enum Frame {
    /// An event: the serialised envelope without its closing brace, and this connection's number.
    Event { seq: i64, body: Arc<str> },
    /// A reply (`{"status":…,"seq_reply":…}`), sent as is.
    Reply(Arc<str>),
}

impl Frame {
    /// The text to put on the wire.
    pub fn text(&self) -> String {
        match self {
            Frame::Event { seq, body } => {
                let mut text = String::with_capacity(body.len() + 28);
                text.push_str(body);
                // Writing to a String cannot fail.
                let _ = write!(text, ",\"seq\":{seq}}}");
                text
            }
            Frame::Reply(text) => text.to_string(),
        }
    }

    /// The event number, for replies `None`.
    pub fn seq(&self) -> Option<i64> {
        match self {
            Frame::Event { seq, .. } => Some(*seq),
            Frame::Reply(_) => None,
        }
    }
}

/// Frames a connection remembers for replay.
pub const DEAD_QUEUE: usize = 128;
/// Frames that may wait to be written before the connection is dropped.
pub const SEND_QUEUE: usize = 256;
/// How long a closed connection can be resumed.
pub const REUSE_WINDOW: Duration = Duration::from_secs(120);

/// Who receives an event.
#[derive(Debug, Clone)]
pub enum Target {
    /// Every connection of these users.
    Users(Vec<String>),
    /// Every connection.
    All,
}

struct ConnState {
    user_id: String,
    session_id: String,
    next_seq: i64,
    dead: VecDeque<Frame>,
    tx: Option<mpsc::Sender<Frame>>,
    closed_at: Option<Instant>,
    /// Bumped each time a socket attaches (resume included), so a replaced socket's late
    /// teardown cannot close its successor.
    generation: u64,
    /// Frames numbered since the socket closed. Past [`DEAD_QUEUE`] the connection can no longer
    /// be resumed (its oldest kept frame is newer than anything its client saw), so it stops
    /// taking frames: a busy server does not keep numbering frames for thousands of sockets
    /// that closed within the reuse window.
    missed_while_closed: usize,
}

impl ConnState {
    /// Numbers and records a frame, and hands it to the socket if the connection is open.
    /// Returns `false` once the connection is closed and too far behind to be resumed: it takes
    /// no more frames and its shard forgets it.
    fn deliver(&mut self, body: &Arc<str>) -> bool {
        if self.tx.is_none() {
            if self.missed_while_closed > DEAD_QUEUE {
                return false;
            }
            self.missed_while_closed += 1;
            if self.missed_while_closed > DEAD_QUEUE {
                // Too far behind to resume: forget the frames, take no more.
                self.dead = VecDeque::new();
                return false;
            }
        }
        let seq = self.next_seq;
        self.next_seq += 1;
        // The event body is shared by every connection; only the number is this connection's.
        let frame = Frame::Event {
            seq,
            body: Arc::clone(body),
        };
        if self.dead.len() == DEAD_QUEUE {
            self.dead.pop_front();
        }
        self.dead.push_back(frame.clone());
        if let Some(tx) = &self.tx
            && tx.try_send(frame).is_err()
        {
            // Too slow or gone: drop the socket; the client reconnects and catches up.
            self.close();
        }
        true
    }

    fn close(&mut self) {
        self.tx = None;
        self.closed_at.get_or_insert_with(Instant::now);
    }
}

#[derive(Default)]
struct Shard {
    conns: HashMap<String, Arc<Mutex<ConnState>>>,
    by_user: HashMap<String, Vec<String>>,
}

/// The hub. One per server; cheap to share behind an `Arc`.
pub struct Hub {
    shards: Vec<Mutex<Shard>>,
}

/// A registered connection: its id, the frames to write, and what to replay first.
pub struct Connection {
    /// `connection_id` (new, or the resumed one).
    pub id: String,
    /// Frames to write to the socket, in order.
    pub rx: mpsc::Receiver<Frame>,
    /// Whether this is a fresh connection that must be greeted with `hello`.
    pub needs_hello: bool,
    /// Which attachment of the connection this socket is (pass it back to [`Hub::disconnect`]).
    pub generation: u64,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl Default for Hub {
    fn default() -> Self {
        Self::new(
            std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(2),
        )
    }
}

impl Hub {
    /// A hub with `shards` shards.
    pub fn new(shards: usize) -> Self {
        Self {
            shards: (0..shards.max(1))
                .map(|_| Mutex::new(Shard::default()))
                .collect(),
        }
    }

    fn shard(&self, user_id: &str) -> &Mutex<Shard> {
        let mut h = DefaultHasher::new();
        user_id.hash(&mut h);
        let i = usize::try_from(h.finish() % self.shards.len() as u64).unwrap_or(0);
        &self.shards[i]
    }

    /// Registers a connection of `user_id`. With `resume = Some((connection_id, sequence_number))`
    /// the old connection is reused when it still holds every frame from `sequence_number` on;
    /// those frames are queued first. Otherwise a new connection id is issued.
    pub fn connect(
        &self,
        user_id: &str,
        session_id: &str,
        resume: Option<(&str, i64)>,
    ) -> Connection {
        let (tx, rx) = mpsc::channel(SEND_QUEUE);
        let mut shard = lock(self.shard(user_id));
        sweep(&mut shard);
        if let Some((conn_id, from_seq)) = resume
            && let Some(state) = shard.conns.get(conn_id).cloned()
        {
            let mut st = lock(&state);
            let first = st.dead.front().and_then(Frame::seq).unwrap_or(st.next_seq);
            let resumable = st.user_id == user_id
                && st.missed_while_closed <= DEAD_QUEUE
                && from_seq >= first
                && from_seq <= st.next_seq;
            if resumable {
                let missed: Vec<Frame> = st
                    .dead
                    .iter()
                    .filter(|f| f.seq().is_some_and(|s| s >= from_seq))
                    .cloned()
                    .collect();
                // Replaying fits in the queue: the dead queue is smaller than the send queue.
                for f in missed {
                    let _ = tx.try_send(f);
                }
                if let Some(old) = st.tx.replace(tx) {
                    drop(old);
                }
                st.closed_at = None;
                st.missed_while_closed = 0;
                st.generation += 1;
                session_id.clone_into(&mut st.session_id);
                return Connection {
                    id: conn_id.to_owned(),
                    rx,
                    needs_hello: false,
                    generation: st.generation,
                };
            }
        }
        let id = outpost_model::new_id();
        let state = ConnState {
            user_id: user_id.to_owned(),
            session_id: session_id.to_owned(),
            next_seq: 0,
            // Grown on demand: an idle connection keeps only its `hello`, not 128 empty slots.
            dead: VecDeque::new(),
            tx: Some(tx),
            closed_at: None,
            generation: 0,
            missed_while_closed: 0,
        };
        shard.conns.insert(id.clone(), Arc::new(Mutex::new(state)));
        shard
            .by_user
            .entry(user_id.to_owned())
            .or_default()
            .push(id.clone());
        Connection {
            id,
            rx,
            needs_hello: true,
            generation: 0,
        }
    }

    /// Marks a connection closed; it stays resumable for [`REUSE_WINDOW`].
    pub fn disconnect(&self, user_id: &str, connection_id: &str, generation: u64) {
        let shard = lock(self.shard(user_id));
        if let Some(state) = shard.conns.get(connection_id) {
            let mut st = lock(state);
            // A socket replaced by a resume must not close the one that replaced it.
            if st.generation == generation {
                st.close();
            }
        }
    }

    /// Closes the user's sockets opened with these sessions (revoked or logged out); an empty list
    /// closes every socket of the user. The clients must authenticate again.
    pub fn close_sessions(&self, user_id: &str, session_ids: &[String]) {
        let shard = lock(self.shard(user_id));
        for id in shard.by_user.get(user_id).into_iter().flatten() {
            if let Some(state) = shard.conns.get(id) {
                let mut st = lock(state);
                if session_ids.is_empty() || session_ids.contains(&st.session_id) {
                    st.close();
                }
            }
        }
    }

    /// Closes every socket of every user (all sessions revoked).
    pub fn close_all(&self) {
        for shard in &self.shards {
            for state in lock(shard).conns.values() {
                lock(state).close();
            }
        }
    }

    /// Whether the user has at least one open connection.
    pub fn is_connected(&self, user_id: &str) -> bool {
        let shard = lock(self.shard(user_id));
        shard.by_user.get(user_id).is_some_and(|ids| {
            ids.iter()
                .any(|id| shard.conns.get(id).is_some_and(|s| lock(s).tx.is_some()))
        })
    }

    /// Number of open connections.
    pub fn open_connections(&self) -> usize {
        self.shards
            .iter()
            .map(|s| {
                lock(s)
                    .conns
                    .values()
                    .filter(|c| lock(c).tx.is_some())
                    .count()
            })
            .sum()
    }

    /// Sends an event to one connection (e.g. `hello`).
    pub fn send_to_connection(&self, user_id: &str, connection_id: &str, event: &Event) {
        let prefix: Arc<str> = Arc::from(event.prefix());
        let shard = lock(self.shard(user_id));
        if let Some(state) = shard.conns.get(connection_id) {
            // A connection that takes no more frames is forgotten by the next publish or sweep.
            let _ = lock(state).deliver(&prefix);
        }
    }

    /// Queues a frame that is not a numbered event (a reply to a client action).
    pub fn send_reply(&self, user_id: &str, connection_id: &str, reply: &serde_json::Value) {
        let shard = lock(self.shard(user_id));
        if let Some(state) = shard.conns.get(connection_id) {
            let mut st = lock(state);
            let text = Frame::Reply(Arc::from(reply.to_string()));
            if let Some(tx) = &st.tx
                && tx.try_send(text).is_err()
            {
                st.close();
            }
        }
    }

    /// Publishes an event to its targets, honouring the broadcast's omissions and connection filters.
    pub fn publish(&self, event: &Event, target: &Target) {
        let prefix: Arc<str> = Arc::from(event.prefix());
        let b = &event.broadcast;
        let wanted = |user: &str, conn: &str| {
            !b.omits(user)
                && (b.connection_id.is_empty() || b.connection_id == conn)
                && (b.omit_connection_id.is_empty() || b.omit_connection_id != conn)
        };
        match target {
            Target::Users(users) => {
                let mut gone = Vec::new();
                for user in users {
                    if b.omits(user) {
                        continue;
                    }
                    let mut shard = lock(self.shard(user));
                    for id in shard.by_user.get(user).into_iter().flatten() {
                        if wanted(user, id)
                            && let Some(state) = shard.conns.get(id)
                            && !lock(state).deliver(&prefix)
                        {
                            gone.push(id.clone());
                        }
                    }
                    for id in gone.drain(..) {
                        forget(&mut shard, user, &id);
                    }
                }
            }
            Target::All => {
                for shard in &self.shards {
                    let mut shard = lock(shard);
                    let mut gone = Vec::new();
                    for (id, state) in &shard.conns {
                        let mut st = lock(state);
                        if wanted(&st.user_id.clone(), id) && !st.deliver(&prefix) {
                            gone.push((st.user_id.clone(), id.clone()));
                        }
                    }
                    for (user, id) in gone {
                        forget(&mut shard, &user, &id);
                    }
                }
            }
        }
    }
}

/// Forgets connections closed longer than the reuse window.
fn sweep(shard: &mut Shard) {
    let expired: Vec<(String, String)> = shard
        .conns
        .iter()
        .filter_map(|(id, s)| {
            let st = lock(s);
            st.closed_at
                .filter(|t| t.elapsed() > REUSE_WINDOW || st.missed_while_closed > DEAD_QUEUE)
                .map(|_| (id.clone(), st.user_id.clone()))
        })
        .collect();
    for (id, user) in expired {
        forget(shard, &user, &id);
    }
}

/// Removes a connection from its shard.
fn forget(shard: &mut Shard, user: &str, id: &str) {
    shard.conns.remove(id);
    if let Some(ids) = shard.by_user.get_mut(user) {
        ids.retain(|c| c != id);
        if ids.is_empty() {
            shard.by_user.remove(user);
        }
    }
}

#[cfg(test)]
mod tests;
