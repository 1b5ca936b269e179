//! The pure parts of the mixed workload: what a simulated user does next, how long it waits, which
//! channels it is in, how the ramp steps up, and whether a step stayed within the thresholds.

use std::time::Duration;

use rand::Rng;

/// What a simulated user does. The weights follow the relative frequencies of Mattermost's
/// load-test-ng simulated user (`simulcontroller`) for the actions that exist here; channel-list
/// reload and log-in are rarer there and are given small fixed weights so that they still happen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// `GET /channels/{id}/posts?page=0&per_page=60`, then `POST /channels/members/me/view`.
    SwitchChannel,
    /// The next page of the current channel.
    ScrollChannel,
    /// `GET /users/me/teams/unread`.
    UnreadCheck,
    /// `user_typing` over the WebSocket, then a few seconds later a post (a reply 85% of the time).
    Post,
    /// `POST /reactions` on a recent post.
    React,
    /// `GET /users/{id}/teams/{tid}/threads`.
    ViewThreads,
    /// `GET /posts/{id}/thread`.
    ReadThread,
    /// `user_typing` alone (a message started and abandoned).
    Typing,
    /// `GET /users/me/teams/{tid}/channels` and `…/channels/members` (a reload of the sidebar).
    ChannelList,
    /// `POST /users/login` (PBKDF2 on the server); the user goes on with the new session.
    Login,
}

impl Action {
    pub const ALL: [Action; 10] = [
        Action::SwitchChannel,
        Action::ScrollChannel,
        Action::UnreadCheck,
        Action::Post,
        Action::React,
        Action::ViewThreads,
        Action::ReadThread,
        Action::Typing,
        Action::ChannelList,
        Action::Login,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Action::SwitchChannel => "switch_channel",
            Action::ScrollChannel => "scroll_channel",
            Action::UnreadCheck => "unread_check",
            Action::Post => "post",
            Action::React => "react",
            Action::ViewThreads => "view_threads",
            Action::ReadThread => "read_thread",
            Action::Typing => "typing",
            Action::ChannelList => "channel_list",
            Action::Login => "login",
        }
    }

    /// Relative weight (load-test-ng's frequencies: SwitchChannel 6.52, ScrollChannel 1.99,
    /// UnreadCheck 1, CreatePost 1, ViewGlobalThreads 0.60, ViewThread 0.28, AddReaction 0.13).
    pub fn weight(self) -> f64 {
        match self {
            Action::SwitchChannel => 6.52,
            Action::ScrollChannel => 1.99,
            Action::UnreadCheck => 1.0,
            Action::Post => 1.0,
            Action::React => 0.13,
            Action::ViewThreads => 0.60,
            Action::ReadThread => 0.28,
            Action::Typing => 0.25,
            Action::ChannelList => 0.05,
            Action::Login => 0.002,
        }
    }

    pub fn index(self) -> usize {
        Action::ALL.iter().position(|a| *a == self).unwrap_or(0)
    }
}

/// Share of new posts that are replies (load-test-ng's `PercentReplies`).
pub const REPLY_SHARE: f64 = 0.85;

/// Weighted choice among [`Action::ALL`].
pub struct Mix {
    cumulative: [f64; Action::ALL.len()],
}

impl Mix {
    pub fn new() -> Self {
        let mut cumulative = [0.0; Action::ALL.len()];
        let mut sum = 0.0;
        for (c, a) in cumulative.iter_mut().zip(Action::ALL) {
            sum += a.weight();
            *c = sum;
        }
        Self { cumulative }
    }

    pub fn total(&self) -> f64 {
        self.cumulative[Action::ALL.len() - 1]
    }

    /// The action for a uniform draw `u` in [0, 1).
    pub fn at(&self, u: f64) -> Action {
        let x = u * self.total();
        let i = self.cumulative.partition_point(|c| *c <= x);
        Action::ALL[i.min(Action::ALL.len() - 1)]
    }

    pub fn pick(&self, rng: &mut impl Rng) -> Action {
        self.at(rng.random::<f64>())
    }
}

/// Idle time between two actions: uniform in [min, 2·avg − min), so its mean is `avg`
/// (load-test-ng's `PickIdleTimeMs`; its sample configuration uses min 1 s, avg 20 s).
#[derive(Debug, Clone, Copy)]
pub struct Think {
    pub min: Duration,
    pub avg: Duration,
}

impl Think {
    pub fn upper(&self) -> Duration {
        (self.avg * 2).saturating_sub(self.min).max(self.min)
    }

    pub fn pick(&self, rng: &mut impl Rng) -> Duration {
        let (lo, hi) = (self.min.as_secs_f64(), self.upper().as_secs_f64());
        if hi <= lo {
            return self.min;
        }
        Duration::from_secs_f64(rng.random_range(lo..hi))
    }

    /// Delay before a new user's first action: uniform in [0, avg), so that users added together
    /// do not act together and the step's request rate is the steady one from the start.
    pub fn first(&self, rng: &mut impl Rng) -> Duration {
        Duration::from_secs_f64(rng.random::<f64>() * self.avg.as_secs_f64())
    }
}

/// The channels (indices into the seeded list) user `i` is a member of: `per_user` distinct
/// channels spread evenly, so every channel gets about `users · per_user / channels` members.
pub fn user_channels(i: usize, channels: usize, per_user: usize) -> Vec<usize> {
    if channels == 0 {
        return Vec::new();
    }
    let k = per_user.clamp(1, channels);
    let stride = channels / k;
    (0..k).map(|j| (i + j * stride) % channels).collect()
}

/// How the number of users grows: `start`, then `+step` every step, up to `max`.
#[derive(Debug, Clone, Copy)]
pub struct Ramp {
    pub start: usize,
    pub step: usize,
    pub max: usize,
}

impl Ramp {
    /// Users during step `n` (0-based); `None` once the maximum has been run.
    pub fn users_at(&self, n: usize) -> Option<usize> {
        let start = self.start.clamp(1, self.max.max(1));
        if n == 0 {
            return Some(start);
        }
        let prev = start.saturating_add(self.step.max(1).saturating_mul(n - 1));
        if prev >= self.max {
            return None;
        }
        Some(prev.saturating_add(self.step.max(1)).min(self.max))
    }
}

/// Mattermost's "supported" thresholds.
#[derive(Debug, Clone, Copy)]
pub struct Thresholds {
    pub mean_ms: f64,
    pub p99_ms: f64,
}

impl Thresholds {
    pub const MATTERMOST: Thresholds = Thresholds {
        mean_ms: 100.0,
        p99_ms: 2000.0,
    };
}

/// What one step measured, as far as the thresholds are concerned.
#[derive(Debug, Clone, Copy, Default)]
pub struct StepFigures {
    pub requests: u64,
    pub mean_ms: f64,
    pub p99_ms: f64,
    pub errors: u64,
}

impl Thresholds {
    /// Why the step broke the thresholds, or an empty list when it held.
    pub fn broken(&self, f: &StepFigures) -> Vec<String> {
        let mut why = Vec::new();
        if f.errors > 0 {
            why.push(format!("{} errors", f.errors));
        }
        if f.requests == 0 {
            why.push("no request completed".to_owned());
            return why;
        }
        if f.mean_ms >= self.mean_ms {
            why.push(format!("average {:.1} ms ≥ {} ms", f.mean_ms, self.mean_ms));
        }
        if f.p99_ms >= self.p99_ms {
            why.push(format!("p99 {:.0} ms ≥ {} ms", f.p99_ms, self.p99_ms));
        }
        why
    }
}

/// The largest number of users of a step that held, given the steps in order (users, held);
/// steps after the first broken one do not count.
pub fn held_users(steps: &[(usize, bool)]) -> usize {
    steps
        .iter()
        .take_while(|(_, ok)| *ok)
        .map(|(u, _)| *u)
        .max()
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand::rngs::StdRng;

    #[test]
    fn mix_follows_the_weights() {
        let mix = Mix::new();
        let mut rng = StdRng::seed_from_u64(7);
        let mut counts = [0u32; Action::ALL.len()];
        let n = 200_000;
        for _ in 0..n {
            counts[mix.pick(&mut rng).index()] += 1;
        }
        for a in Action::ALL {
            let expected = a.weight() / mix.total();
            let got = f64::from(counts[a.index()]) / f64::from(n);
            assert!(
                (got - expected).abs() < 0.01 + expected * 0.2,
                "{}: {got} vs {expected}",
                a.name()
            );
        }
        // Switching channel is the most frequent action, as in load-test-ng.
        let max = Action::ALL
            .iter()
            .max_by_key(|a| counts[a.index()])
            .copied();
        assert_eq!(max, Some(Action::SwitchChannel));
    }

    #[test]
    fn mix_edges() {
        let mix = Mix::new();
        assert_eq!(mix.at(0.0), Action::SwitchChannel);
        assert_eq!(mix.at(0.999_999_999), Action::Login);
        assert_eq!(mix.at(1.0), Action::Login);
    }

    #[test]
    fn think_time_is_uniform_with_the_configured_mean() {
        let t = Think {
            min: Duration::from_secs(1),
            avg: Duration::from_secs(20),
        };
        assert_eq!(t.upper(), Duration::from_secs(39));
        let mut rng = StdRng::seed_from_u64(1);
        let n = 50_000;
        let mut sum = 0.0;
        for _ in 0..n {
            let d = t.pick(&mut rng);
            assert!(d >= t.min && d < t.upper(), "{d:?}");
            sum += d.as_secs_f64();
        }
        let mean = sum / f64::from(n);
        assert!((mean - 20.0).abs() < 0.3, "mean {mean}");
        for _ in 0..1000 {
            assert!(t.first(&mut rng) < t.avg);
        }
        let fixed = Think {
            min: Duration::from_secs(2),
            avg: Duration::from_secs(1),
        };
        assert_eq!(fixed.pick(&mut rng), Duration::from_secs(2));
    }

    #[test]
    fn channels_are_distinct_and_balanced() {
        let (channels, per_user, users) = (50, 8, 5000);
        let mut members = vec![0usize; channels];
        for i in 0..users {
            let mut c = user_channels(i, channels, per_user);
            assert_eq!(c.len(), per_user);
            c.sort_unstable();
            c.dedup();
            assert_eq!(c.len(), per_user, "user {i} has a channel twice");
            for x in c {
                members[x] += 1;
            }
        }
        let expected = users * per_user / channels;
        assert!(
            members.iter().all(|m| m.abs_diff(expected) <= 1),
            "{members:?}"
        );
        assert_eq!(user_channels(3, 2, 8).len(), 2);
        assert!(user_channels(3, 0, 8).is_empty());
    }

    #[test]
    fn ramp_steps_up_to_the_maximum() {
        let r = Ramp {
            start: 1000,
            step: 2000,
            max: 6000,
        };
        let steps: Vec<usize> = (0..10).map_while(|n| r.users_at(n)).collect();
        assert_eq!(steps, vec![1000, 3000, 5000, 6000]);
        let r = Ramp {
            start: 10,
            step: 10,
            max: 20,
        };
        assert_eq!(
            (0..5).map_while(|n| r.users_at(n)).collect::<Vec<_>>(),
            vec![10, 20]
        );
        let r = Ramp {
            start: 50,
            step: 10,
            max: 20,
        };
        assert_eq!(
            (0..5).map_while(|n| r.users_at(n)).collect::<Vec<_>>(),
            vec![20]
        );
    }

    #[test]
    fn thresholds() {
        let t = Thresholds::MATTERMOST;
        let ok = StepFigures {
            requests: 100,
            mean_ms: 99.9,
            p99_ms: 1999.0,
            errors: 0,
        };
        assert!(t.broken(&ok).is_empty());
        let slow = StepFigures {
            mean_ms: 100.0,
            ..ok
        };
        assert_eq!(t.broken(&slow), vec!["average 100.0 ms ≥ 100 ms"]);
        let tail = StepFigures {
            p99_ms: 2000.0,
            ..ok
        };
        assert_eq!(t.broken(&tail), vec!["p99 2000 ms ≥ 2000 ms"]);
        let errors = StepFigures { errors: 1, ..ok };
        assert_eq!(t.broken(&errors), vec!["1 errors"]);
        let idle = StepFigures {
            requests: 0,
            ..StepFigures::default()
        };
        assert_eq!(t.broken(&idle), vec!["no request completed"]);
    }

    #[test]
    fn held_is_the_last_step_before_the_first_break() {
        assert_eq!(held_users(&[(100, true), (200, true), (300, false)]), 200);
        assert_eq!(held_users(&[(100, false), (200, true)]), 0);
        assert_eq!(held_users(&[(100, true), (200, false), (300, true)]), 100);
        assert_eq!(held_users(&[]), 0);
    }
}
