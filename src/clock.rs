//! Local time, and times shown to people. `time` can only read the local UTC offset while the process has a single
//! thread, so `init` must run at the start of `main`, before any thread is spawned; later
//! calls reuse the offset it found (UTC when it could not be read).

use std::sync::OnceLock;

use time::{OffsetDateTime, UtcOffset};

use crate::lang::Lang;

static OFFSET: OnceLock<Option<UtcOffset>> = OnceLock::new();

/// Reads the local offset once. Call first thing in `main`.
pub fn init() {
    OFFSET.get_or_init(|| offset_at(std::time::SystemTime::now()));
}

/// The local offset at `now`; `None` (UTC) when it cannot be read or the clock is outside the
/// years `time` knows (a misset server clock past 9999-12-31, where `time`'s own
/// `current_local_offset` panics).
fn offset_at(now: std::time::SystemTime) -> Option<UtcOffset> {
    UtcOffset::local_offset_at(utc(now).ok()?).ok()
}

/// The local offset found by [`init`] (UTC if `init` was not called or failed).
pub(crate) fn offset() -> UtcOffset {
    local_offset().unwrap_or(UtcOffset::UTC)
}

/// The local offset found by [`init`], or `None` when it could not be read (or `init` was
/// not called): what is shown as local time must then say that it is UTC.
pub(crate) fn local_offset() -> Option<UtcOffset> {
    *OFFSET.get_or_init(|| None)
}

/// A timestamp for people (text and Markdown reports, who holds a lock): local time to the minute with the
/// local UTC offset, and the 和暦 date in Japanese — 「2026-11-26 15:04 +09:00
/// (令和8年11月26日)」. `offset` is the local offset ([`local_offset`]); when it
/// could not be read the time is shown in UTC and says so.
pub fn local_time(t: OffsetDateTime, offset: Option<UtcOffset>, lang: Lang) -> String {
    let local = t.to_offset(offset.unwrap_or(UtcOffset::UTC));
    let clock = format!(
        "{} {:02}:{:02}",
        crate::date::iso(local.date()),
        local.hour(),
        local.minute()
    );
    let zone = match offset {
        Some(o) => {
            let (h, m, _) = o.as_hms();
            let sign = if o.is_negative() { '-' } else { '+' };
            format!("{sign}{:02}:{:02}", h.unsigned_abs(), m.unsigned_abs())
        }
        None => "UTC".to_string(),
    };
    match (lang, offset) {
        (Lang::Ja, Some(_)) => format!("{clock} {zone} ({})", crate::date::wareki(local.date())),
        (Lang::Ja, None) => format!(
            "{clock} {zone} ({}; 地方時の時差を読めませんでした)",
            crate::date::wareki(local.date())
        ),
        (Lang::En, Some(_)) => format!("{clock} {zone}"),
        (Lang::En, None) => format!("{clock} {zone} (local offset unknown)"),
    }
}

/// Now, in local time, to the second (RFC 3339 timestamps in files carry no fractions).
pub(crate) fn now() -> OffsetDateTime {
    at(std::time::SystemTime::now())
}

/// `time`, in local time, to the second. `OffsetDateTime::now_utc` panics for a clock outside
/// the years 1–9999 (a misset server clock): such a time is clamped to that range instead.
pub(crate) fn at(time: std::time::SystemTime) -> OffsetDateTime {
    use time::{Date, PrimitiveDateTime, Time};
    let utc = utc(time).unwrap_or_else(|later| {
        let edge = if later { Date::MAX } else { Date::MIN };
        PrimitiveDateTime::new(edge, Time::MIDNIGHT).assume_utc()
    });
    let local = utc.checked_to_offset(offset()).unwrap_or(utc);
    local.replace_nanosecond(0).unwrap_or(local)
}

/// `time` in UTC, or whether it lies after (`true`) or before (`false`) the years `time` knows.
fn utc(time: std::time::SystemTime) -> Result<OffsetDateTime, bool> {
    use time::Duration;
    match time.duration_since(std::time::UNIX_EPOCH) {
        Ok(after) => Duration::try_from(after)
            .ok()
            .and_then(|d| OffsetDateTime::UNIX_EPOCH.checked_add(d))
            .ok_or(true),
        Err(before) => Duration::try_from(before.duration())
            .ok()
            .and_then(|d| OffsetDateTime::UNIX_EPOCH.checked_sub(d))
            .ok_or(false),
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, SystemTime, UNIX_EPOCH};

    #[test]
    fn a_clock_beyond_year_9999_or_before_year_1_does_not_panic() {
        let far = UNIX_EPOCH + Duration::from_secs(300_000_000_000);
        assert_eq!(super::at(far).year(), 9999);
        let early = UNIX_EPOCH - Duration::from_secs(100_000_000_000);
        assert!(super::at(early).year() <= 1);
        let now = super::at(SystemTime::now()).year();
        assert!((2024..9999).contains(&now));
    }

    /// Issue 22.16: reading the offset at start-up (every command, `--version` too) must not
    /// panic on a clock past 9999-12-31 or before year 1.
    #[test]
    fn the_offset_of_a_clock_beyond_year_9999_or_before_year_1_does_not_panic() {
        let far = UNIX_EPOCH + Duration::from_secs(300_000_000_000);
        let early = UNIX_EPOCH - Duration::from_secs(100_000_000_000);
        // Out of range: UTC.
        assert_eq!(super::offset_at(far), None);
        assert_eq!(super::offset_at(UNIX_EPOCH + Duration::MAX / 4), None);
        let _ = super::offset_at(early);
    }
}
