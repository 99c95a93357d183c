//! Shapes shared by every resource: lists, versioned answers, PATCH fields that may be null,
//! money in and out.

use axum::{
    http::{header, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
    Json,
};
use closer_domain::money::{Currency, Money};
use serde::{Deserialize, Deserializer, Serialize};
use utoipa::ToSchema;

use super::error::{ApiError, ApiResult};

/// A page of a list.
#[derive(Serialize, ToSchema)]
pub struct ListOf<T: ToSchema> {
    pub items: Vec<T>,
    /// Pass as `?cursor=` for the next page; null on the last page.
    pub next_cursor: Option<String>,
}

/// `?count=true` answers this instead of a page.
#[derive(Serialize, ToSchema)]
pub struct Count {
    pub count: u64,
}

/// A list's answer: a page, or with `?count=true` how many records match.
#[derive(Serialize, ToSchema)]
#[serde(untagged)]
#[allow(dead_code)] // only describes the answer in the OpenAPI document
pub enum PageOrCount<T: ToSchema> {
    Page(ListOf<T>),
    Count(Count),
}

/// A record answered with its version as a strong `ETag`.
pub struct Versioned<T>(pub i32, pub T, pub StatusCode);

impl<T: Serialize> IntoResponse for Versioned<T> {
    fn into_response(self) -> Response {
        let mut res = (self.2, Json(self.1)).into_response();
        if let Ok(v) = HeaderValue::from_str(&format!("\"{}\"", self.0)) {
            res.headers_mut().insert(header::ETAG, v);
        }
        res
    }
}

/// For PATCH fields where absent (leave it) and `null` (clear it) differ.
///
/// # Errors
/// When the value is not of the field's type.
pub fn nullable<'de, D, T>(de: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(de).map(Some)
}

// Money as a client sends it: `{"amount": "100000.00", "currency": "CNY"}`.
#[derive(Deserialize, Serialize, ToSchema, Clone)]
#[serde(deny_unknown_fields)]
pub struct MoneyInput {
    pub amount: String,
    pub currency: String,
}

/// Money as the API writes it.
#[derive(Serialize, ToSchema)]
pub struct MoneyDto {
    pub amount: String,
    pub currency: String,
}

#[must_use]
pub fn money_dto(minor: i64, currency: &str) -> MoneyDto {
    let c = Currency::parse(currency).unwrap_or(Currency::Cny);
    MoneyDto {
        amount: Money::from_minor(minor, c).to_string(),
        currency: c.code().to_owned(),
    }
}

/// The largest amount accepted (the domain's ceiling, for files and forms alike).
pub const MAX_MINOR: i64 = closer_domain::money::MAX_AMOUNT_MINOR;

/// Parses money in the tenant's currency.
///
/// # Errors
/// 422 naming `field` for a bad amount, too many decimals or another currency.
pub fn money_field(field: &str, input: &MoneyInput, tenant_currency: &str) -> ApiResult<Money> {
    let currency = Currency::parse(&input.currency)
        .map_err(|e| ApiError::invalid(&format!("{field}.currency"), e))?;
    if currency.code() != tenant_currency {
        // The code names the one currency the tenant keeps accounts in.
        return Err(ApiError::field(
            &format!("{field}.currency"),
            &format!("only_{tenant_currency}"),
        ));
    }
    let money = Money::parse(&input.amount, currency)
        .map_err(|e| ApiError::invalid(&format!("{field}.amount"), e))?;
    if money.minor() < 0 {
        return Err(ApiError::field(&format!("{field}.amount"), "not_allowed"));
    }
    // Far above any deal, low enough that sums of many never overflow.
    if money.minor() > MAX_MINOR {
        return Err(ApiError::field(&format!("{field}.amount"), "too_large"));
    }
    Ok(money)
}

/// A decimal given as text (`"13"`, `"33.3333"`) or as a JSON number.
#[derive(Deserialize, ToSchema, Clone, Debug)]
#[serde(untagged)]
pub enum Decimal {
    Text(String),
    /// Read as the shortest decimal that gives the number back (`13` → `"13"`), then
    /// parsed exactly like text: no arithmetic is done on it.
    Number(f64),
}

impl Decimal {
    #[must_use]
    pub fn text(&self) -> String {
        match self {
            Self::Text(t) => t.trim().to_owned(),
            Self::Number(n) => n.to_string(),
        }
    }
}

/// An amount given as money (`{"amount", "currency"}`) or as plain text in the tenant's
/// currency (`"1000000.00"`).
#[derive(Deserialize, ToSchema, Clone)]
#[serde(untagged)]
pub enum AmountInput {
    Money(MoneyInput),
    Text(String),
}

impl AmountInput {
    /// Parses like [`money_field`]; plain text is read in the tenant's currency.
    ///
    /// # Errors
    /// 422 naming `field`.
    pub fn money(&self, field: &str, tenant_currency: &str) -> ApiResult<Money> {
        match self {
            Self::Money(m) => money_field(field, m, tenant_currency),
            Self::Text(t) => money_field(
                field,
                &MoneyInput {
                    amount: t.clone(),
                    currency: tenant_currency.to_owned(),
                },
                tenant_currency,
            )
            .map_err(|_| ApiError::field(field, "invalid_format")),
        }
    }

    /// The text of the amount, for counts (`"5"`).
    #[must_use]
    pub fn text(&self) -> &str {
        match self {
            Self::Money(m) => &m.amount,
            Self::Text(t) => t,
        }
    }
}
