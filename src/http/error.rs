//! The HTTP error contract: one error type with a stable machine-readable code, from which
//! the status follows, and the JSON body `{"error": {"code", "message"}}` it is sent as.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::reply::{QuestionError, SessionIdError};
use crate::workers::Busy;

/// The stable code of an API error; clients match on it, and the status follows from it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The body is not JSON, or is JSON but not an object (400).
    InvalidJson,
    /// The body is not UTF-8 (400).
    InvalidUtf8,
    /// The question is missing, null, not a string, or blank (400).
    InvalidQuestion,
    /// The question has more than 1000 characters (400).
    QuestionTooLong,
    /// The session is not a string of 1 to 128 characters of `[A-Za-z0-9_-]` (400).
    InvalidSession,
    /// Another field or query parameter has the wrong type or form (400).
    InvalidRequest,
    /// The body is larger than 65536 bytes (413).
    PayloadTooLarge,
    /// A POST without a JSON `Content-Type` (415).
    UnsupportedMediaType,
    /// No such route or document (404).
    NotFound,
    /// The route exists but not for this method (405).
    MethodNotAllowed,
    /// The request has no `Host`, or a `Host` or `Origin` this server does not accept (403
    /// for a foreign one; a missing `Host` is `invalid_request`).
    Forbidden,
    /// An API key is required and the request does not carry it (401).
    Unauthorized,
    /// The request body did not arrive within the body timeout (408).
    RequestTimeout,
    /// The request target is longer than 8192 bytes (414).
    UriTooLong,
    /// The request headers are larger than 32768 bytes in all (431).
    HeadersTooLarge,
    /// This client sent more requests than its rate allows (429, with `Retry-After`).
    RateLimited,
    /// The server is at its limit of connections or questions in progress (503, with
    /// `Retry-After`).
    Overloaded,
    /// A fault of the server; the details are logged, not sent (500).
    Internal,
}

impl ErrorCode {
    /// The HTTP status every error with this code is sent with.
    pub fn status(self) -> StatusCode {
        match self {
            ErrorCode::InvalidJson
            | ErrorCode::InvalidUtf8
            | ErrorCode::InvalidQuestion
            | ErrorCode::QuestionTooLong
            | ErrorCode::InvalidSession
            | ErrorCode::InvalidRequest => StatusCode::BAD_REQUEST,
            ErrorCode::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ErrorCode::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ErrorCode::NotFound => StatusCode::NOT_FOUND,
            ErrorCode::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ErrorCode::Forbidden => StatusCode::FORBIDDEN,
            ErrorCode::Unauthorized => StatusCode::UNAUTHORIZED,
            ErrorCode::RequestTimeout => StatusCode::REQUEST_TIMEOUT,
            ErrorCode::UriTooLong => StatusCode::URI_TOO_LONG,
            ErrorCode::HeadersTooLarge => StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            ErrorCode::RateLimited => StatusCode::TOO_MANY_REQUESTS,
            ErrorCode::Overloaded => StatusCode::SERVICE_UNAVAILABLE,
            ErrorCode::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The code as it appears on the wire, e.g. `"invalid_json"`.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::InvalidJson => "invalid_json",
            ErrorCode::InvalidUtf8 => "invalid_utf8",
            ErrorCode::InvalidQuestion => "invalid_question",
            ErrorCode::QuestionTooLong => "question_too_long",
            ErrorCode::InvalidSession => "invalid_session",
            ErrorCode::InvalidRequest => "invalid_request",
            ErrorCode::PayloadTooLarge => "payload_too_large",
            ErrorCode::UnsupportedMediaType => "unsupported_media_type",
            ErrorCode::NotFound => "not_found",
            ErrorCode::MethodNotAllowed => "method_not_allowed",
            ErrorCode::Forbidden => "forbidden",
            ErrorCode::Unauthorized => "unauthorized",
            ErrorCode::RequestTimeout => "request_timeout",
            ErrorCode::UriTooLong => "uri_too_long",
            ErrorCode::HeadersTooLarge => "headers_too_large",
            ErrorCode::RateLimited => "rate_limited",
            ErrorCode::Overloaded => "overloaded",
            ErrorCode::Internal => "internal",
        }
    }

    /// The code an error response with this status is given when something below the
    /// handlers (rmcp, a layer) produced it without one.
    pub fn for_status(status: StatusCode) -> ErrorCode {
        match status {
            StatusCode::NOT_FOUND => ErrorCode::NotFound,
            StatusCode::METHOD_NOT_ALLOWED => ErrorCode::MethodNotAllowed,
            StatusCode::UNSUPPORTED_MEDIA_TYPE => ErrorCode::UnsupportedMediaType,
            StatusCode::PAYLOAD_TOO_LARGE => ErrorCode::PayloadTooLarge,
            StatusCode::FORBIDDEN => ErrorCode::Forbidden,
            StatusCode::UNAUTHORIZED => ErrorCode::Unauthorized,
            StatusCode::REQUEST_TIMEOUT => ErrorCode::RequestTimeout,
            StatusCode::URI_TOO_LONG => ErrorCode::UriTooLong,
            StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE => ErrorCode::HeadersTooLarge,
            StatusCode::TOO_MANY_REQUESTS => ErrorCode::RateLimited,
            StatusCode::SERVICE_UNAVAILABLE => ErrorCode::Overloaded,
            status if status.is_client_error() => ErrorCode::InvalidRequest,
            _ => ErrorCode::Internal,
        }
    }
}

/// An error answered to a client: a code and a message safe to show.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}: {message}", code.as_str())]
pub struct ApiError {
    code: ErrorCode,
    message: String,
}

impl ApiError {
    /// An error with this code and a message for the client.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> ApiError {
        ApiError {
            code,
            message: message.into(),
        }
    }

    /// Logs `error` and returns an `internal` error that does not reveal it.
    pub fn internal(error: &dyn std::fmt::Display) -> ApiError {
        tracing::error!(%error, "internal error while answering a request");
        ApiError::new(
            ErrorCode::Internal,
            "the server failed to answer; the fault is logged",
        )
    }

    /// The error's code.
    pub fn code(&self) -> ErrorCode {
        self.code
    }

    /// The message for the client.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl From<QuestionError> for ApiError {
    fn from(error: QuestionError) -> ApiError {
        let code = match error {
            QuestionError::Blank => ErrorCode::InvalidQuestion,
            QuestionError::TooLong(_) => ErrorCode::QuestionTooLong,
        };
        ApiError::new(code, error.to_string())
    }
}

impl From<Busy> for ApiError {
    fn from(busy: Busy) -> ApiError {
        match busy {
            Busy::Full => ApiError::new(ErrorCode::Overloaded, busy.to_string()),
            Busy::Failed => ApiError::internal(&busy),
        }
    }
}

impl From<SessionIdError> for ApiError {
    fn from(error: SessionIdError) -> ApiError {
        ApiError::new(ErrorCode::InvalidSession, error.to_string())
    }
}

/// The body of every error reply outside `/v1`.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

/// What went wrong: a stable code and a human-readable message.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorDetail {
    pub code: ErrorCode,
    pub message: String,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            error: ErrorDetail {
                code: self.code,
                message: self.message,
            },
        };
        let mut response = (self.code.status(), Json(body)).into_response();
        if matches!(self.code, ErrorCode::RateLimited | ErrorCode::Overloaded) {
            response.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from_static(RETRY_AFTER_SECONDS),
            );
        }
        if self.code == ErrorCode::Unauthorized {
            response.headers_mut().insert(
                axum::http::header::WWW_AUTHENTICATE,
                axum::http::HeaderValue::from_static("Bearer"),
            );
        }
        response
    }
}

/// The `Retry-After` of `rate_limited` and `overloaded` answers, in seconds.
pub const RETRY_AFTER_SECONDS: &str = "1";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn question_errors_map_to_their_own_codes() {
        assert_eq!(
            ApiError::from(QuestionError::Blank).code(),
            ErrorCode::InvalidQuestion
        );
        assert_eq!(
            ApiError::from(QuestionError::TooLong(1001)).code(),
            ErrorCode::QuestionTooLong
        );
    }

    #[test]
    fn wire_codes_match_the_serialized_enum() {
        for code in [
            ErrorCode::InvalidJson,
            ErrorCode::InvalidUtf8,
            ErrorCode::InvalidQuestion,
            ErrorCode::QuestionTooLong,
            ErrorCode::InvalidSession,
            ErrorCode::InvalidRequest,
            ErrorCode::PayloadTooLarge,
            ErrorCode::UnsupportedMediaType,
            ErrorCode::NotFound,
            ErrorCode::MethodNotAllowed,
            ErrorCode::Forbidden,
            ErrorCode::Unauthorized,
            ErrorCode::RequestTimeout,
            ErrorCode::UriTooLong,
            ErrorCode::HeadersTooLarge,
            ErrorCode::RateLimited,
            ErrorCode::Overloaded,
            ErrorCode::Internal,
        ] {
            assert_eq!(ErrorCode::for_status(code.status()), code_for_status(code));
            let json = serde_json::to_value(code).expect("a unit enum serializes");
            assert_eq!(json, serde_json::Value::String(code.as_str().to_string()));
        }
    }

    /// The code `for_status` gives back: itself, but for the codes that share 400.
    fn code_for_status(code: ErrorCode) -> ErrorCode {
        if code.status() == StatusCode::BAD_REQUEST {
            ErrorCode::InvalidRequest
        } else {
            code
        }
    }
}
