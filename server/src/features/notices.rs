//! Mail about the work (a step opened; a submission, an answer or a publication between the
//! huvudman and its units): each person chooses one mail per event, a daily digest, or none,
//! and every such mail carries a link that unsubscribes without signing in.

mod service;

pub(crate) use service::{Notice, notify};
pub use service::{NoticeService, purge, send_digests};
