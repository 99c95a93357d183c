//! The API's one error type, answered as an RFC 9457 problem document in the user's language.

use axum::{
    http::{header, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
};
use closer_domain::{text::Language, InvalidValue};
use closer_store::StoreError;
use serde::Serialize;
use utoipa::ToSchema;

use crate::platform::i18n;

/// One field's problem.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FieldError {
    pub field: String,
    pub code: String,
    pub message: String,
}

/// An RFC 9457 problem document.
#[derive(Debug, Serialize, ToSchema)]
pub struct Problem {
    #[serde(rename = "type")]
    pub type_: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    pub code: String,
    pub errors: Vec<FieldError>,
}

/// What a handler answers when it cannot do what was asked.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    /// Field, code, length limit.
    pub fields: Vec<(String, String, Option<usize>)>,
    pub lang: Language,
}

impl ApiError {
    #[must_use]
    pub fn new(status: StatusCode, code: &'static str) -> Self {
        Self {
            status,
            code,
            fields: Vec::new(),
            lang: Language::default(),
        }
    }

    #[must_use]
    pub fn not_found() -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found")
    }

    #[must_use]
    pub fn forbidden() -> Self {
        Self::new(StatusCode::FORBIDDEN, "forbidden")
    }

    #[must_use]
    pub fn unauthenticated() -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "unauthenticated")
    }

    #[must_use]
    pub fn conflict(code: &'static str) -> Self {
        Self::new(StatusCode::CONFLICT, code)
    }

    #[must_use]
    pub fn internal() -> Self {
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, "internal")
    }

    /// A 422 naming one field.
    #[must_use]
    pub fn field(field: &str, code: &str) -> Self {
        Self::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_input").with_field(field, code, None)
    }

    #[must_use]
    pub fn with_field(mut self, field: &str, code: &str, limit: Option<usize>) -> Self {
        self.fields.push((field.to_owned(), code.to_owned(), limit));
        self
    }

    #[must_use]
    pub fn in_language(mut self, lang: Language) -> Self {
        self.lang = lang;
        self
    }

    /// Maps a domain refusal of one field's value.
    #[must_use]
    pub fn invalid(field: &str, err: InvalidValue) -> Self {
        let limit = match err {
            InvalidValue::TooLong { max } => Some(max),
            InvalidValue::TooShort { min } => Some(min),
            _ => None,
        };
        Self::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_input").with_field(
            field,
            err.code(),
            limit,
        )
    }

    #[must_use]
    pub fn to_problem(&self) -> Problem {
        Problem {
            type_: format!("/problems/{}", self.code),
            title: i18n::title(self.code, self.lang).to_owned(),
            status: self.status.as_u16(),
            detail: i18n::detail(self.code, self.lang).to_owned(),
            code: self.code.to_owned(),
            errors: self
                .fields
                .iter()
                .map(|(field, code, limit)| FieldError {
                    field: field.clone(),
                    code: code.clone(),
                    message: i18n::field_message(code, self.lang, *limit),
                })
                .collect(),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let problem = self.to_problem();
        let body = serde_json::to_vec(&problem).unwrap_or_default();
        let mut res = (self.status, body).into_response();
        res.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        // The language middleware rewrites the texts once it knows the request's language.
        res.extensions_mut().insert(ProblemMarker {
            code: self.code,
            fields: self.fields,
        });
        res
    }
}

/// Left on a problem response so the language layer can translate it after the fact.
#[derive(Clone, Debug)]
pub struct ProblemMarker {
    pub code: &'static str,
    pub fields: Vec<(String, String, Option<usize>)>,
}

impl From<StoreError> for ApiError {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::NotFound => Self::not_found(),
            StoreError::StaleVersion => Self::new(StatusCode::PRECONDITION_FAILED, "stale_version"),
            StoreError::Conflict(code) => match code {
                "unknown_role" => Self::field("role_id", "unknown_reference"),
                "unknown_department" => Self::field("department_id", "unknown_reference"),
                "unknown_parent" => Self::field("parent_id", "unknown_reference"),
                "unknown_user" => Self::field("head_user_id", "unknown_reference"),
                other => Self::conflict(other),
            },
            StoreError::Forbidden => Self::forbidden(),
            StoreError::Invalid { field, code } => Self::field(&field, code),
            StoreError::Db(_) => {
                tracing::error!(error = %err, "database error");
                if err.is_unavailable() {
                    return Self::new(StatusCode::SERVICE_UNAVAILABLE, "unavailable");
                }
                Self::internal()
            }
            other => {
                tracing::error!(error = %other, "store error");
                Self::internal()
            }
        }
    }
}

/// The result of a handler.
pub type ApiResult<T> = Result<T, ApiError>;

/// Collects every field's problem before answering, so a form shows them all at once.
#[derive(Default)]
pub struct Invalid(Vec<(String, String, Option<usize>)>);

impl Invalid {
    /// Keeps the value, or notes why it was refused.
    pub fn check<T>(&mut self, field: &str, parsed: Result<T, InvalidValue>) -> Option<T> {
        match parsed {
            Ok(v) => Some(v),
            Err(err) => {
                let limit = match err {
                    InvalidValue::TooLong { max } => Some(max),
                    InvalidValue::TooShort { min } => Some(min),
                    _ => None,
                };
                self.0
                    .push((field.to_owned(), err.code().to_owned(), limit));
                None
            }
        }
    }

    /// Names a field as the request calls it (shared parsers name fields their own way).
    pub fn rename(&mut self, from: &str, to: &str) {
        for f in &mut self.0 {
            if f.0 == from {
                to.clone_into(&mut f.0);
            }
        }
    }

    /// Adds an error with a code of its own (`unknown_reference`, …).
    pub fn push(&mut self, field: &str, code: &str) {
        self.0.push((field.to_owned(), code.to_owned(), None));
    }

    /// Takes over every field refusal of an error made elsewhere (a money field's), with
    /// its limit.
    pub fn absorb(&mut self, err: ApiError) {
        self.0.extend(err.fields);
    }

    /// The refusals so far: (field, code, limit).
    #[must_use]
    pub fn fields(&self) -> &[(String, String, Option<usize>)] {
        &self.0
    }

    /// A 422 naming every refused field, or the values when all were good.
    ///
    /// # Errors
    /// When any field was refused.
    pub fn finish<T>(self, values: Option<T>) -> Result<T, ApiError> {
        match values {
            Some(v) if self.0.is_empty() => Ok(v),
            _ => {
                let mut err = ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_input");
                err.fields = self.0;
                Err(err)
            }
        }
    }
}
