//! The application's error: the first of the two error layers. A use case
//! says what kind of failure it met and what to tell the person, in both
//! languages; each edge turns the kind into its own answer (an HTTP status, a
//! command's exit). SQL and cause chains go to the log, never into a message.

use xanh_core::Lang;
use xanh_store::StoreError;

/// What went wrong, as an edge needs to know it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The thing asked for does not exist (or is not this person's to see).
    NotFound,
    /// The person may not do this.
    Forbidden,
    /// What was given is malformed.
    BadRequest,
    /// What was given is well formed but breaks a rule.
    Invalid,
    /// Someone else changed the data first, or its state does not allow this.
    Conflict,
    /// The system failed; the person can only try again later.
    Internal,
}

#[derive(Debug)]
pub struct AppError {
    pub kind: Kind,
    /// A stable code for API clients ("invalid", "conflict", "unreadable_report").
    pub code: &'static str,
    pub vi: String,
    pub en: String,
    /// The language the person reads.
    pub lang: Lang,
    /// More for API clients, e.g. the fields that failed.
    pub details: Option<serde_json::Value>,
}

impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} / {}", self.vi, self.en)
    }
}

impl std::error::Error for AppError {}

impl AppError {
    /// An error with its own kind, code and wording.
    pub fn with_message(
        kind: Kind,
        code: &'static str,
        lang: Lang,
        vi: impl Into<String>,
        en: impl Into<String>,
    ) -> Self {
        AppError {
            kind,
            code,
            vi: vi.into(),
            en: en.into(),
            lang,
            details: None,
        }
    }

    pub fn not_found(lang: Lang, vi: impl Into<String>, en: impl Into<String>) -> Self {
        Self::with_message(Kind::NotFound, "not_found", lang, vi, en)
    }

    pub fn bad_request(lang: Lang, vi: impl Into<String>, en: impl Into<String>) -> Self {
        Self::with_message(Kind::BadRequest, "bad_request", lang, vi, en)
    }

    pub fn invalid(lang: Lang, vi: impl Into<String>, en: impl Into<String>) -> Self {
        Self::with_message(Kind::Invalid, "invalid", lang, vi, en)
    }

    pub fn forbidden(lang: Lang) -> Self {
        Self::with_message(
            Kind::Forbidden,
            "forbidden",
            lang,
            "Tài khoản của bạn không có quyền thực hiện việc này.",
            "Your account may not do this.",
        )
    }

    pub fn with_details(mut self, details: serde_json::Value) -> Self {
        self.details = Some(details);
        self
    }

    pub fn from_store(e: StoreError, lang: Lang) -> Self {
        let (kind, code, vi, en) = match &e {
            StoreError::NotFound(what) => (
                Kind::NotFound,
                "not_found",
                "Không tìm thấy nội dung yêu cầu.".to_string(),
                format!("Not found: {what}."),
            ),
            StoreError::Conflict(why) => (
                Kind::Conflict,
                "conflict",
                "Dữ liệu đã bị người khác thay đổi. Hãy tải lại trang và thử lại.".to_string(),
                format!("Conflict: {why}."),
            ),
            StoreError::Invalid { field, reason } => (
                Kind::Invalid,
                "invalid",
                format!("Dữ liệu không hợp lệ ở trường \"{field}\"."),
                format!("Invalid {field}: {reason}."),
            ),
            StoreError::Database { .. } | StoreError::Corrupt(_) => {
                tracing::error!(error = ?e, "storage failure");
                (
                    Kind::Internal,
                    "internal",
                    "Hệ thống gặp lỗi khi truy cập dữ liệu. Vui lòng thử lại sau.".to_string(),
                    "The system failed while reading or writing data. Please try again later."
                        .to_string(),
                )
            }
        };
        AppError::with_message(kind, code, lang, vi, en)
    }
}
