//! The product catalogue and quotes: products with line, kind and list price (administrators
//! keep the catalogue); quotes of an opportunity with lines priced exactly, whose total sets
//! the opportunity's amount; every save a new version. The printed quote is `quote_print`.

use axum::{
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Response},
    Json,
};
use closer_domain::{
    money::{Currency, Money},
    opportunities::quotes::{Discount, ProductKind, Quantity, Quote, QuoteLine},
    org::Permission,
    text::{optional_text, Name},
};
use closer_store::entity::{product, quote, quote_line};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::{
    platform::caller::Caller,
    platform::dto::{money_dto, money_field, MoneyDto, MoneyInput},
    platform::dto::{ListOf, Versioned},
    platform::error::{ApiError, ApiResult, Invalid},
    platform::extract::{path_id, ApiJson, ApiQuery, IfMatch},
    platform::policy,
    platform::state::AppState,
};

#[derive(Serialize, ToSchema)]
pub struct ProductDto {
    pub id: String,
    pub name: String,
    pub sku: Option<String>,
    pub product_line: Option<String>,
    /// `product`, `accessory` or `service`.
    pub kind: String,
    pub list_price: MoneyDto,
    /// What one unit costs the company (contract margins read it); shown to those who keep
    /// the catalogue, `null` to others and when not known.
    pub unit_cost: Option<MoneyDto>,
    pub active: bool,
    pub version: i32,
}

/// A product as the caller may see it: its cost only to those who keep the catalogue.
fn product_dto_for(p: &product::Model, caller: &Caller) -> ProductDto {
    ProductDto {
        id: p.id.to_string(),
        name: p.name.clone(),
        sku: p.sku.clone(),
        product_line: p.product_line.clone(),
        kind: p.kind.clone(),
        list_price: money_dto(p.list_price_minor, &p.currency),
        unit_cost: p
            .unit_cost_minor
            .filter(|_| policy::sees_costs(caller))
            .map(|c| money_dto(c, &p.currency)),
        active: p.active,
        version: p.version,
    }
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProductInput {
    pub name: Option<String>,
    pub sku: Option<String>,
    pub product_line: Option<String>,
    pub kind: Option<String>,
    pub list_price: Option<MoneyInput>,
    /// What one unit costs the company; `null` clears it.
    #[serde(default, deserialize_with = "crate::platform::dto::nullable")]
    #[schema(value_type = Option<MoneyInput>)]
    pub unit_cost: Option<Option<MoneyInput>>,
    pub active: Option<bool>,
}

fn apply_product(p: &mut product::Model, req: ProductInput, currency: &str, invalid: &mut Invalid) {
    if let Some(n) = req.name.as_deref() {
        if let Some(n) = invalid.check("name", Name::parse(n)) {
            p.name = n.into_string();
        }
    }
    if let Some(k) = req.kind.as_deref() {
        if let Some(k) = invalid.check("kind", ProductKind::parse(k)) {
            k.key().clone_into(&mut p.kind);
        }
    }
    if let Some(price) = &req.list_price {
        match money_field("list_price", price, currency) {
            Ok(m) if m.minor() >= 0 => p.list_price_minor = m.minor(),
            Ok(_) => invalid.push("list_price.amount", "not_allowed"),
            Err(e) => {
                invalid.absorb(e);
            }
        }
    }
    match &req.unit_cost {
        None => {}
        Some(None) => p.unit_cost_minor = None,
        Some(Some(cost)) => match money_field("unit_cost", cost, currency) {
            Ok(m) if m.minor() >= 0 => p.unit_cost_minor = Some(m.minor()),
            Ok(_) => invalid.push("unit_cost.amount", "not_allowed"),
            Err(e) => {
                invalid.absorb(e);
            }
        },
    }
    if let Some(sku) = req.sku.as_deref() {
        if let Some(sku) = invalid.check("sku", optional_text(Some(sku), 60)) {
            p.sku = sku;
        }
    }
    if let Some(line) = req.product_line.as_deref() {
        if let Some(line) = invalid.check("product_line", optional_text(Some(line), 100)) {
            p.product_line = line;
        }
    }
    if let Some(a) = req.active {
        p.active = a;
    }
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ProductQuery {
    /// Also list products no longer sold.
    pub include_inactive: Option<bool>,
}

#[utoipa::path(get, path = "/products", tag = "opportunities", params(ProductQuery), responses((status = 200, body = ListOf<ProductDto>)))]
pub async fn list_products(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<ProductQuery>,
) -> ApiResult<Json<ListOf<ProductDto>>> {
    let dir = policy::directory(&caller, &state);
    let items = dir
        .store
        .products(q.include_inactive.unwrap_or(false))
        .await?
        .iter()
        .map(|p| product_dto_for(p, &caller))
        .collect();
    Ok(Json(ListOf {
        items,
        next_cursor: None,
    }))
}

#[utoipa::path(post, path = "/products", tag = "opportunities", request_body = ProductInput,
    responses((status = 201, body = ProductDto), (status = 403, body = crate::platform::error::Problem), (status = 422, body = crate::platform::error::Problem)))]
pub async fn create_product(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(req): ApiJson<ProductInput>,
) -> ApiResult<Response> {
    let admin = policy::settings_admin(&caller, &state)?;
    let mut invalid = Invalid::default();
    for (field, missing) in [
        ("name", req.name.is_none()),
        ("kind", req.kind.is_none()),
        ("list_price", req.list_price.is_none()),
    ] {
        if missing {
            invalid.push(field, "required");
        }
    }
    let now = closer_store::now();
    let mut p = product::Model {
        tenant_id: admin.store.tenant_id(),
        id: closer_domain::ids::new_id(),
        name: String::new(),
        sku: None,
        product_line: None,
        kind: "product".into(),
        list_price_minor: 0,
        unit_cost_minor: None,
        currency: caller.tenant.currency.clone(),
        active: true,
        created_at: now,
        updated_at: now,
        version: 1,
    };
    apply_product(&mut p, req, &caller.tenant.currency, &mut invalid);
    invalid.finish(Some(()))?;
    let p = admin.store.create_product(admin.actor, p).await?;
    Ok(Versioned(p.version, product_dto_for(&p, &caller), StatusCode::CREATED).into_response())
}

#[utoipa::path(patch, path = "/products/{id}", tag = "opportunities", params(("id" = String, Path)), request_body = ProductInput,
    responses((status = 200, body = ProductDto), (status = 403, body = crate::platform::error::Problem), (status = 404, body = crate::platform::error::Problem), (status = 412, body = crate::platform::error::Problem), (status = 422, body = crate::platform::error::Problem)))]
pub async fn update_product(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    IfMatch(version): IfMatch,
    ApiJson(req): ApiJson<ProductInput>,
) -> ApiResult<Response> {
    let admin = policy::settings_admin(&caller, &state)?;
    let before = admin.store.product(path_id(&id)?).await?;
    let mut after = before.clone();
    let mut invalid = Invalid::default();
    apply_product(&mut after, req, &caller.tenant.currency, &mut invalid);
    invalid.finish(Some(()))?;
    let p = admin
        .store
        .update_product(admin.actor, before.id, version, |m| *m = after)
        .await?;
    Ok(Versioned(p.version, product_dto_for(&p, &caller), StatusCode::OK).into_response())
}

// ----- quotes -----

#[derive(Serialize, ToSchema)]
pub struct QuoteLineDto {
    pub product_id: Option<String>,
    pub description: String,
    /// Up to 3 decimals.
    pub quantity: String,
    pub unit_price: MoneyDto,
    /// Percent.
    pub discount: String,
    pub total: MoneyDto,
}

#[derive(Serialize, ToSchema)]
pub struct QuoteDto {
    pub id: String,
    pub opportunity_id: String,
    /// The version: 1, 2, 3… per opportunity.
    pub number: i32,
    pub lines: Vec<QuoteLineDto>,
    /// Before discounts.
    pub list_amount: MoneyDto,
    pub discount_amount: MoneyDto,
    pub total: MoneyDto,
    pub valid_until: Option<chrono::NaiveDate>,
    pub notes: Option<String>,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

fn quote_dto(q: &quote::Model, lines: &[quote_line::Model]) -> QuoteDto {
    let c = q.currency.as_str();
    QuoteDto {
        id: q.id.to_string(),
        opportunity_id: q.opportunity_id.to_string(),
        number: q.number,
        lines: lines
            .iter()
            .map(|l| QuoteLineDto {
                product_id: l.product_id.map(|p| p.to_string()),
                description: l.description.clone(),
                quantity: Quantity::from_milli(l.quantity_milli)
                    .map(|q| q.to_string())
                    .unwrap_or_default(),
                unit_price: money_dto(l.unit_price_minor, c),
                discount: Discount::from_bp(l.discount_bp)
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
                total: money_dto(l.total_minor, c),
            })
            .collect(),
        list_amount: money_dto(q.list_minor, c),
        discount_amount: money_dto(q.list_minor - q.total_minor, c),
        total: money_dto(q.total_minor, c),
        valid_until: q.valid_until,
        notes: q.notes.clone(),
        created_at: q.created_at,
    }
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct QuoteLineInput {
    /// A catalogue product: its name and list price are the defaults.
    pub product_id: Option<String>,
    pub description: Option<String>,
    /// Not negative; up to 3 decimals.
    pub quantity: String,
    /// Default: the product's list price.
    pub unit_price: Option<MoneyInput>,
    /// Percent, 0–100 (default 0).
    pub discount: Option<String>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct QuoteInput {
    pub opportunity_id: String,
    pub lines: Vec<QuoteLineInput>,
    pub valid_until: Option<chrono::NaiveDate>,
    pub notes: Option<String>,
}

/// A request line priced against the catalogue.
pub struct PricedLine {
    pub product_id: Option<uuid::Uuid>,
    pub product_line: Option<String>,
    pub description: String,
    pub line: QuoteLine,
}

/// Prices request lines the way a quote does (a catalogue product gives the name and list
/// price unless the line says otherwise); every problem goes into `invalid` as
/// `lines[i].field`. Quotes and contracts price their lines here.
pub fn price_lines(
    input: &[QuoteLineInput],
    products: &[product::Model],
    currency: Currency,
    invalid: &mut Invalid,
) -> Vec<PricedLine> {
    let mut out = Vec::new();
    for (i, l) in input.iter().enumerate() {
        let field = |f: &str| format!("lines[{i}].{f}");
        let product = match l.product_id.as_deref() {
            None => None,
            Some(p) => {
                let found = closer_domain::ids::parse_id(p)
                    .ok()
                    .and_then(|id| products.iter().find(|x| x.id == id));
                if found.is_none() {
                    invalid.push(&field("product_id"), "unknown_reference");
                }
                found
            }
        };
        let description = invalid
            .check(
                &field("description"),
                optional_text(l.description.as_deref(), 250),
            )
            .flatten()
            .or_else(|| product.map(|p| p.name.clone()));
        if description.is_none() && product.is_none() && l.product_id.is_none() {
            invalid.push(&field("description"), "required");
        }
        let quantity = invalid.check(&field("quantity"), Quantity::parse(&l.quantity));
        let discount = match l.discount.as_deref() {
            None => Some(Discount::NONE),
            Some(d) => invalid.check(&field("discount"), Discount::parse(d)),
        };
        let unit_price = match (&l.unit_price, product) {
            (Some(input), _) => match money_field(&field("unit_price"), input, currency.code()) {
                Ok(m) => Some(m),
                Err(e) => {
                    invalid.absorb(e);
                    None
                }
            },
            (None, Some(p)) => Some(Money::from_minor(p.list_price_minor, currency)),
            (None, None) => {
                invalid.push(&field("unit_price"), "required");
                None
            }
        };
        if let (Some(q), Some(u), Some(d)) = (quantity, unit_price, discount) {
            match QuoteLine::new(q, u, d) {
                Ok(line) => out.push(PricedLine {
                    product_id: product.map(|p| p.id),
                    product_line: product.and_then(|p| p.product_line.clone()),
                    description: description.clone().unwrap_or_default(),
                    line,
                }),
                Err(e) => {
                    invalid.check::<()>(&field(&e.field), Err(e.error));
                }
            }
        }
    }
    out
}

/// An opportunity the caller may see (and, for `change`, quote), or 404.
async fn opportunity_of(
    owned: &policy::Owned,
    id: uuid::Uuid,
    change: bool,
) -> ApiResult<closer_store::entity::opportunity::Model> {
    // Team members read the quotes of the deals they are on; changing stays with the scope.
    let o = policy::readable_opportunity(owned, id).await?;
    if change && !(o.owner_id.is_some() && owned.may_change(o.owner_id)) {
        return Err(ApiError::not_found());
    }
    Ok(o)
}

#[utoipa::path(post, path = "/quotes", tag = "opportunities", request_body = QuoteInput,
    responses((status = 201, body = QuoteDto), (status = 422, body = crate::platform::error::Problem)))]
pub async fn create_quote(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(req): ApiJson<QuoteInput>,
) -> ApiResult<Response> {
    let owned = policy::owned(&caller, &state, Permission::OpportunitiesRead).await?;
    owned.require(Permission::OpportunitiesWrite)?;
    let opportunity = match closer_domain::ids::parse_id(&req.opportunity_id) {
        Ok(id) => opportunity_of(&owned, id, true)
            .await
            .map_err(|_| ApiError::field("opportunity_id", "unknown_reference"))?,
        Err(_) => return Err(ApiError::field("opportunity_id", "unknown_reference")),
    };
    let currency = Currency::parse(&opportunity.currency).map_err(|_| ApiError::internal())?;
    let mut invalid = Invalid::default();
    if req.lines.is_empty() {
        invalid.push("lines", "required");
    }
    let products = owned.store.products(true).await?;
    let lines = price_lines(&req.lines, &products, currency, &mut invalid);
    let (priced, rows): (Vec<QuoteLine>, Vec<(Option<uuid::Uuid>, String)>) = lines
        .into_iter()
        .map(|l| (l.line, (l.product_id, l.description)))
        .unzip();
    let notes = invalid
        .check("notes", optional_text(req.notes.as_deref(), 5000))
        .flatten();
    invalid.finish(Some(()))?;
    let quote = Quote::new(currency, priced).map_err(|errors| {
        let mut invalid = Invalid::default();
        for e in errors {
            invalid.check::<()>(&e.field, Err(e.error));
        }
        invalid
            .finish(None::<()>)
            .err()
            .unwrap_or_else(ApiError::internal)
    })?;
    let now = closer_store::now();
    let lines: Vec<quote_line::Model> = quote
        .lines()
        .iter()
        .zip(rows)
        .enumerate()
        .map(|(i, (l, (product_id, description)))| quote_line::Model {
            tenant_id: owned.store.tenant_id(),
            id: closer_domain::ids::new_id(),
            quote_id: uuid::Uuid::nil(),
            position: i32::try_from(i).unwrap_or(0),
            product_id,
            description,
            quantity_milli: l.quantity().milli(),
            unit_price_minor: l.unit_price().minor(),
            discount_bp: l.discount().bp(),
            total_minor: l.total().minor(),
        })
        .collect();
    let model = quote::Model {
        tenant_id: owned.store.tenant_id(),
        id: closer_domain::ids::new_id(),
        opportunity_id: opportunity.id,
        number: 0,
        total_minor: quote.total().minor(),
        list_minor: quote.list_amount().minor(),
        currency: currency.code().to_owned(),
        valid_until: req.valid_until,
        notes,
        created_by: Some(owned.actor.user_id),
        created_at: now,
        updated_at: now,
        version: 1,
    };
    let (q, lines) = owned
        .store
        .create_quote(owned.actor.user_id, model, lines)
        .await?;
    Ok(Versioned(q.version, quote_dto(&q, &lines), StatusCode::CREATED).into_response())
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct QuoteQuery {
    pub opportunity_id: String,
}

#[utoipa::path(get, path = "/quotes", tag = "opportunities", params(QuoteQuery), responses((status = 200, body = ListOf<QuoteDto>)))]
pub async fn list_quotes(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<QuoteQuery>,
) -> ApiResult<Json<ListOf<QuoteDto>>> {
    let owned = policy::owned(&caller, &state, Permission::OpportunitiesRead).await?;
    let id = closer_domain::ids::parse_id(&q.opportunity_id)
        .map_err(|_| ApiError::field("opportunity_id", "invalid_format"))?;
    let o = opportunity_of(&owned, id, false).await?;
    let mut items = Vec::new();
    for head in owned.store.quotes(o.id).await? {
        let (q, lines) = owned.store.quote(head.id).await?;
        items.push(quote_dto(&q, &lines));
    }
    Ok(Json(ListOf {
        items,
        next_cursor: None,
    }))
}

pub(super) async fn visible_quote(
    owned: &policy::Owned,
    id: &str,
) -> ApiResult<(
    quote::Model,
    Vec<quote_line::Model>,
    closer_store::entity::opportunity::Model,
)> {
    let (q, lines) = owned.store.quote(path_id(id)?).await?;
    let o = opportunity_of(owned, q.opportunity_id, false).await?;
    Ok((q, lines, o))
}

#[utoipa::path(get, path = "/quotes/{id}", tag = "opportunities", params(("id" = String, Path)),
    responses((status = 200, body = QuoteDto), (status = 404, body = crate::platform::error::Problem)))]
pub async fn get_quote(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<QuoteDto>> {
    let owned = policy::owned(&caller, &state, Permission::OpportunitiesRead).await?;
    let (q, lines, _) = visible_quote(&owned, &id).await?;
    Ok(Json(quote_dto(&q, &lines)))
}
