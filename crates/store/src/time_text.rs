//! Dates and timestamps as text, the one representation both databases share.

use time::format_description::well_known::Rfc3339;
use time::{Date, OffsetDateTime};

pub fn now() -> String {
    OffsetDateTime::now_utc()
        .format(&Rfc3339)
        .unwrap_or_else(|_| "1970-01-01T00:00:00Z".into())
}

/// A date as stored: core's one ISO form.
pub fn date(d: Date) -> String {
    xanh_core::display::iso_date(d)
}
