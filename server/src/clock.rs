//! The time every rule is measured against. It is the system clock, which tests (and the
//! browser journey, when `test_clock` is on) may move forward to see links, invitations
//! and sessions expire without waiting for them.

use chrono::{DateTime, Duration, Utc};
use std::sync::{
    Arc,
    atomic::{AtomicI64, Ordering},
};

#[derive(Clone, Default)]
pub struct Clock {
    offset_seconds: Arc<AtomicI64>,
}

impl Clock {
    pub fn now(&self) -> DateTime<Utc> {
        Utc::now() + Duration::seconds(self.offset_seconds.load(Ordering::SeqCst))
    }

    /// Moves this clock, and every service holding a copy of it, forward by `by`.
    pub fn advance(&self, by: Duration) {
        self.offset_seconds
            .fetch_add(by.num_seconds(), Ordering::SeqCst);
    }
}
