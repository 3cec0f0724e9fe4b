//! Local time. `time` can only read the local UTC offset while the process has a single
//! thread, so `init` must run at the start of `main`, before any thread is spawned; later
//! calls reuse the offset it found (UTC when it could not be read).

use std::sync::OnceLock;

use time::{OffsetDateTime, UtcOffset};

static OFFSET: OnceLock<UtcOffset> = OnceLock::new();

/// Reads the local offset once. Call first thing in `main`.
pub fn init() {
    OFFSET.get_or_init(|| UtcOffset::current_local_offset().unwrap_or(UtcOffset::UTC));
}

/// The local offset found by [`init`] (UTC if `init` was not called or failed).
pub fn offset() -> UtcOffset {
    *OFFSET.get_or_init(|| UtcOffset::UTC)
}

/// Now, in local time, to the second (RFC 3339 timestamps in files carry no fractions).
pub fn now() -> OffsetDateTime {
    let t = OffsetDateTime::now_utc().to_offset(offset());
    t.replace_nanosecond(0).unwrap_or(t)
}
