//! The printed quote's facts, read once and written as people read them; the HTML page and
//! the PDF draw the same sheet.

use closer_domain::{
    money::{Currency, Money},
    opportunities::quotes::{Discount, Quantity},
};

use super::super::quotes::visible_quote;
use crate::{
    org::branding::{tenant_logo, Logo},
    platform::{caller::Caller, error::ApiResult, policy},
};

/// One party of the quote: a name and the lines under it (label, value).
pub(crate) struct Party {
    pub name: String,
    pub details: Vec<(&'static str, String)>,
}

/// One line as printed: every figure already written as people read it.
pub(crate) struct SheetLine {
    pub description: String,
    pub quantity: String,
    pub unit_price: String,
    /// `—` when none.
    pub discount: String,
    pub amount: String,
}

/// Everything the printed quote says, in the words and figures it says it with.
pub(crate) struct QuoteSheet {
    pub number: String,
    pub version: i32,
    pub issued: String,
    /// `—` when the quote has no end date.
    pub valid_until: String,
    pub opportunity: String,
    pub seller: Party,
    pub buyer: Option<Party>,
    pub lines: Vec<SheetLine>,
    pub list_total: String,
    /// The total discount, written with its minus sign; absent when nothing was taken off.
    pub discount: Option<String>,
    pub total: String,
    pub currency: String,
    pub terms: String,
    pub logo: Option<Logo>,
}

impl QuoteSheet {
    /// The seller's name, for the lettermark when there is no logo.
    pub fn initial(&self) -> String {
        self.seller.name.chars().take(1).collect()
    }
}

/// Reads the quote, its deal, the customer, the author and the logo into the printed words.
pub(super) async fn read(
    caller: &Caller,
    owned: &policy::Owned,
    id: &str,
) -> ApiResult<QuoteSheet> {
    let (q, lines, o) = visible_quote(owned, id).await?;
    let customer = owned.store.customer(o.customer_id).await.ok();
    let author = match q.created_by {
        Some(u) => owned.store.user(u).await.ok(),
        None => None,
    };
    let logo = tenant_logo(&owned.store).await?;
    let currency = Currency::parse(&q.currency).unwrap_or(Currency::Cny);
    let money = |minor: i64| Money::from_minor(minor, currency).for_people();
    let tz: chrono_tz::Tz = caller
        .tenant
        .time_zone
        .parse()
        .unwrap_or(chrono_tz::Asia::Shanghai);
    let issued = q.created_at.with_timezone(&tz).date_naive();
    // Readable and stable: the issue date, the deal, the version.
    let number = format!(
        "Q-{}-{}-{}",
        issued.format("%Y%m%d"),
        o.id.simple().to_string()[24..].to_uppercase(),
        q.number
    );
    let lines = lines
        .iter()
        .map(|l| SheetLine {
            description: l.description.clone(),
            quantity: Quantity::from_milli(l.quantity_milli)
                .map(|q| q.to_string())
                .unwrap_or_default(),
            unit_price: money(l.unit_price_minor),
            discount: if l.discount_bp == 0 {
                "—".to_owned()
            } else {
                Discount::from_bp(l.discount_bp)
                    .map(|d| format!("{d}%"))
                    .unwrap_or_default()
            },
            amount: money(l.total_minor),
        })
        .collect();
    let discount_minor = q.list_minor - q.total_minor;
    let filled = |label: &'static str, value: Option<&str>| {
        value
            .filter(|v| !v.trim().is_empty())
            .map(|v| (label, v.to_owned()))
    };
    let buyer = customer.map(|c| Party {
        details: [
            filled("地址 Address", c.address.as_deref()),
            filled("电话 Phone", c.phone.as_deref()),
            filled("邮箱 E-mail", c.email.as_deref()),
            filled("统一社会信用代码 Credit code", c.credit_code.as_deref()),
        ]
        .into_iter()
        .flatten()
        .collect(),
        name: c.name,
    });
    let seller = Party {
        name: caller.tenant.name.clone(),
        details: [
            filled("联系人 Contact", author.as_ref().map(|a| a.name.as_str())),
            filled("邮箱 E-mail", author.as_ref().map(|a| a.email.as_str())),
        ]
        .into_iter()
        .flatten()
        .collect(),
    };
    Ok(QuoteSheet {
        number,
        version: q.number,
        issued: issued.to_string(),
        valid_until: q
            .valid_until
            .map_or_else(|| "—".to_owned(), |v| v.to_string()),
        opportunity: o.name,
        seller,
        buyer,
        lines,
        list_total: money(q.list_minor),
        discount: (discount_minor > 0).then(|| format!("−{}", money(discount_minor))),
        total: money(q.total_minor),
        currency: currency.code().to_owned(),
        terms: q.notes.filter(|n| !n.trim().is_empty()).unwrap_or_else(|| {
            "本报价以双方签订的合同为准。This quotation becomes binding only through a contract signed by both parties.".to_owned()
        }),
        logo,
    })
}
