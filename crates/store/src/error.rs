//! Storage errors: the first of Xanh's two error layers. The web layer maps
//! each kind to a status code; only `Database` carries a cause, which is
//! logged and never shown to a client.

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not found: {0}")]
    NotFound(String),
    /// The write conflicts with the stored state (a stale version, a duplicate).
    #[error("conflict: {0}")]
    Conflict(String),
    #[error("invalid {field}: {reason}")]
    Invalid { field: String, reason: String },
    #[error("database error while {doing}")]
    Database {
        doing: &'static str,
        #[source]
        source: sqlx::Error,
    },
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Attaches what was being done to a database error.
pub trait Doing<T> {
    fn doing(self, doing: &'static str) -> Result<T>;
}

impl<T> Doing<T> for Result<T, sqlx::Error> {
    fn doing(self, doing: &'static str) -> Result<T> {
        self.map_err(|source| match &source {
            // PostgreSQL refuses U+0000 in text (SQLSTATE 22021), SQLite
            // stores it. It is the input's fault, not the system's: say so
            // (a 422, not a 500) wherever the text came from.
            sqlx::Error::Database(e) if e.code().as_deref() == Some("22021") => {
                StoreError::Invalid {
                    field: "văn bản / text".into(),
                    reason: "it holds a character the database cannot store (NUL, code 0)".into(),
                }
            }
            _ => StoreError::Database { doing, source },
        })
    }
}
