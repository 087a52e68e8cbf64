//! The web error: the second of the two error layers. One `match` decides
//! the status; the client gets a plain message in its language and never the
//! SQL or a cause chain, which go to the log.

use crate::lang::Lang;
use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use xanh_store::StoreError;

#[derive(Debug)]
pub struct WebError {
    pub status: StatusCode,
    pub code: &'static str,
    pub vi: String,
    pub en: String,
    pub lang: Lang,
    /// Pages answer with HTML, the API with JSON.
    pub json: bool,
    /// More for API clients, e.g. the fields that failed.
    pub details: Option<serde_json::Value>,
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    error: ErrorDetail<'a>,
}

#[derive(Serialize)]
struct ErrorDetail<'a> {
    code: &'a str,
    message: &'a str,
    message_vi: &'a str,
    message_en: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    details: Option<&'a serde_json::Value>,
    /// The id of the request in the server's log, to quote when asking for help.
    #[serde(skip_serializing_if = "Option::is_none")]
    request_id: Option<String>,
}

impl WebError {
    pub fn not_found(lang: Lang, vi: impl Into<String>, en: impl Into<String>) -> Self {
        WebError {
            status: StatusCode::NOT_FOUND,
            code: "not_found",
            vi: vi.into(),
            en: en.into(),
            lang,
            json: false,
            details: None,
        }
    }

    fn with(
        status: StatusCode,
        code: &'static str,
        lang: Lang,
        vi: impl Into<String>,
        en: impl Into<String>,
    ) -> Self {
        WebError {
            status,
            code,
            vi: vi.into(),
            en: en.into(),
            lang,
            json: false,
            details: None,
        }
    }

    /// An error with its own status, code and wording.
    pub fn with_message(
        status: StatusCode,
        code: &'static str,
        lang: Lang,
        vi: impl Into<String>,
        en: impl Into<String>,
    ) -> Self {
        Self::with(status, code, lang, vi, en)
    }

    pub fn bad_request(lang: Lang, vi: impl Into<String>, en: impl Into<String>) -> Self {
        Self::with(StatusCode::BAD_REQUEST, "bad_request", lang, vi, en)
    }

    pub fn invalid(lang: Lang, vi: impl Into<String>, en: impl Into<String>) -> Self {
        Self::with(StatusCode::UNPROCESSABLE_ENTITY, "invalid", lang, vi, en)
    }

    pub fn unauthorized(lang: Lang) -> Self {
        Self::with(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            lang,
            "Cần đăng nhập (hoặc mã truy cập API hợp lệ).",
            "Sign-in (or a valid API token) is required.",
        )
    }

    pub fn forbidden(lang: Lang) -> Self {
        Self::with(
            StatusCode::FORBIDDEN,
            "forbidden",
            lang,
            "Tài khoản của bạn không có quyền thực hiện việc này.",
            "Your account may not do this.",
        )
    }

    pub fn csrf(lang: Lang) -> Self {
        Self::with(
            StatusCode::FORBIDDEN,
            "csrf",
            lang,
            "Biểu mẫu đã hết hạn hoặc không hợp lệ. Hãy tải lại trang và thử lại.",
            "The form has expired or is not valid. Reload the page and try again.",
        )
    }

    pub fn too_large(lang: Lang) -> Self {
        Self::with(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_large",
            lang,
            "Dữ liệu gửi lên quá lớn (tối đa 2 MB); không lưu gì.",
            "What was sent is too large (at most 2 MB); nothing was stored.",
        )
    }

    pub fn with_details(mut self, details: serde_json::Value) -> Self {
        self.details = Some(details);
        self
    }

    /// Any error as the JSON API answers it.
    pub fn api(e: impl Into<WebError>) -> Self {
        e.into().json()
    }

    pub fn json(mut self) -> Self {
        self.json = true;
        self
    }

    /// A storage error as the application words it (one wording for every edge).
    pub fn from_store(e: StoreError, lang: Lang) -> Self {
        xanh_app::AppError::from_store(e, lang).into()
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let message = self.lang.pick(&self.vi, &self.en);
        if self.json {
            let body = ErrorBody {
                error: ErrorDetail {
                    code: self.code,
                    message,
                    message_vi: &self.vi,
                    message_en: &self.en,
                    details: self.details.as_ref(),
                    request_id: crate::request_id::current(),
                },
            };
            return (self.status, Json(body)).into_response();
        }
        let page = crate::pages::ErrorPage {
            lang: self.lang,
            nav: crate::pages::Nav::anonymous(self.lang),
            status: self.status.as_u16(),
            message,
            request_id: crate::request_id::current(),
        };
        (self.status, crate::pages::render(&page)).into_response()
    }
}

/// A use case's error as an HTTP answer: its kind decides the status.
impl From<xanh_app::AppError> for WebError {
    fn from(e: xanh_app::AppError) -> Self {
        use xanh_app::Kind;
        let status = match e.kind {
            Kind::NotFound => StatusCode::NOT_FOUND,
            Kind::Forbidden => StatusCode::FORBIDDEN,
            Kind::BadRequest => StatusCode::BAD_REQUEST,
            Kind::Invalid => StatusCode::UNPROCESSABLE_ENTITY,
            Kind::Conflict => StatusCode::CONFLICT,
            Kind::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        };
        WebError {
            status,
            code: e.code,
            vi: e.vi,
            en: e.en,
            lang: e.lang,
            json: false,
            details: e.details,
        }
    }
}
