//! Request extractors whose every rejection is an [`ApiError`]: a JSON-object body read
//! from raw bytes, query strings and path segments.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::error::{ApiError, ErrorCode};

/// The most bytes a request body may have.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// A request body that is a JSON object, sent with a JSON `Content-Type`.
///
/// Rejections, in the order they are checked: `unsupported_media_type` (no or a non-JSON
/// `Content-Type`), `payload_too_large` (over [`MAX_BODY_BYTES`], enforced by the
/// router's `DefaultBodyLimit`), `request_timeout` (the body timeout ran out),
/// `invalid_utf8`, `invalid_json` (malformed, or not an object).
pub struct JsonObject(pub Map<String, Value>);

impl<S: Send + Sync> FromRequest<S> for JsonObject {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<JsonObject, ApiError> {
        if !has_json_content_type(request.headers()) {
            return Err(ApiError::new(
                ErrorCode::UnsupportedMediaType,
                "send the body as JSON with `Content-Type: application/json`",
            ));
        }
        let bytes = Bytes::from_request(request, state)
            .await
            .map_err(|rejection| {
                if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                    ApiError::new(
                        ErrorCode::PayloadTooLarge,
                        format!("the body is larger than {MAX_BODY_BYTES} bytes"),
                    )
                } else if is_timeout(&rejection) {
                    ApiError::new(
                        ErrorCode::RequestTimeout,
                        "the body did not arrive within the body timeout",
                    )
                } else {
                    ApiError::new(ErrorCode::InvalidRequest, rejection.body_text())
                }
            })?;
        let text = std::str::from_utf8(&bytes)
            .map_err(|_| ApiError::new(ErrorCode::InvalidUtf8, "the body is not valid UTF-8"))?;
        match serde_json::from_str(text) {
            Ok(Value::Object(object)) => Ok(JsonObject(object)),
            Ok(_) => Err(ApiError::new(
                ErrorCode::InvalidJson,
                "the body must be a JSON object",
            )),
            Err(error) => Err(ApiError::new(
                ErrorCode::InvalidJson,
                format!("the body is not valid JSON: {error}"),
            )),
        }
    }
}

/// Returns true if and only if `error`, or an error it was caused by, is the body
/// timeout's.
pub(super) fn is_timeout(error: &(dyn std::error::Error + 'static)) -> bool {
    let mut cause = Some(error);
    while let Some(error) = cause {
        if error.is::<tower_http::timeout::TimeoutError>() {
            return true;
        }
        cause = error.source();
    }
    false
}

/// Returns true if and only if the `Content-Type` is `application/json` or
/// `application/<something>+json`, with any parameters (such as `charset`).
fn has_json_content_type(headers: &HeaderMap) -> bool {
    let Some(value) = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let essence = value
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
}

/// A query string deserialized into `T`; a malformed one is `invalid_request`.
pub struct QueryParams<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for QueryParams<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        axum::extract::Query::<T>::from_request_parts(parts, state)
            .await
            .map(|query| QueryParams(query.0))
            .map_err(|rejection| ApiError::new(ErrorCode::InvalidRequest, rejection.body_text()))
    }
}

/// A path parameter deserialized into `T`; a malformed one is `invalid_request`.
pub struct PathParam<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for PathParam<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        axum::extract::Path::<T>::from_request_parts(parts, state)
            .await
            .map(|path| PathParam(path.0))
            .map_err(|rejection| ApiError::new(ErrorCode::InvalidRequest, rejection.body_text()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn with_content_type(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_str(value).expect("a valid header value"),
        );
        headers
    }

    #[test]
    fn json_content_types_may_carry_parameters_and_suffixes() {
        assert!(has_json_content_type(&with_content_type(
            "application/json"
        )));
        assert!(has_json_content_type(&with_content_type(
            "Application/JSON; charset=utf-8"
        )));
        assert!(has_json_content_type(&with_content_type(
            "application/merge-patch+json"
        )));
        assert!(!has_json_content_type(&with_content_type("text/plain")));
        assert!(!has_json_content_type(&with_content_type(
            "application/jsonx"
        )));
        assert!(!has_json_content_type(&HeaderMap::new()));
    }
}
