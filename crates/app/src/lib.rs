//! Xanh's application layer: the use cases every edge calls (the pages and
//! the JSON API, the command line, the tests). Each takes an actor where
//! access matters and typed inputs, checks access through core's rules,
//! reads and writes through the store, and answers with typed results or an
//! [`AppError`]. Nothing here knows HTTP.

pub mod accounts;
pub mod assessment;
pub mod chain;
pub mod chart;
pub mod consistency;
pub mod consolidation;
pub mod continued;
pub mod contribution;
pub mod drafting;
pub mod error;
pub mod exports;
pub mod frameworks;
pub mod images;
pub mod lineage;
pub mod national;
pub mod official;
pub mod overview;
pub mod password;
pub mod periods;
pub mod quality;
pub mod rating;
pub mod reminders;
pub mod reporting;
pub mod sessions;
pub mod unit;
pub mod unusual;
pub mod work;

pub use error::{AppError, Kind};
pub use reporting::parse_iso_date;
use std::sync::Arc;
use xanh_store::Store;

/// How the application behaves; the defaults suit a local installation.
#[derive(Clone, Debug, Default)]
pub struct Settings {
    /// The database holds the sample data set (read at start-up).
    pub demo: bool,
    /// The organisation's key, to sign provincial reports when they are
    /// issued; none: issued reports are kept unsigned.
    pub signing: Option<Arc<SigningKey>>,
    /// The signer signs an issued report first (with a key Xanh never sees),
    /// and the organisation after them; otherwise the organisation signs at issue.
    pub leader_signs_first: bool,
    /// Root certificates (PEM) that signatures are checked against.
    pub trust_roots: Option<Arc<Vec<u8>>>,
}

/// A PKCS#12 key Xanh holds, and its passphrase: read from files the
/// administrator configures, never stored in the database, never logged.
pub struct SigningKey {
    pub p12: Vec<u8>,
    pub password: String,
    /// A time-stamping authority (RFC 3161, http://) the organisation's
    /// signature asks for its trusted time (PAdES B-T); None: B-B.
    pub tsa_url: Option<String>,
}

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SigningKey(…)")
    }
}

/// What every use case may reach: the store and the settings.
#[derive(Clone)]
pub struct App {
    pub store: Store,
    pub settings: Settings,
}

impl App {
    pub fn new(store: Store) -> Self {
        App {
            store,
            settings: Settings::default(),
        }
    }

    /// Whether the database answers, for the health check.
    pub async fn database_answers(&self) -> Result<(), xanh_store::StoreError> {
        self.store.health().await
    }
}

/// A path segment or query value percent-encoded, for the links a use case
/// hands back (an indicator code may hold any character a framework allows).
pub fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}
