//! Values as spreadsheets and other systems' exports write them: dates in the common
//! formats (and Excel's day numbers), amounts with currency symbols, codes and thousands
//! separators. Imports of every kind read cells through here.

use chrono::NaiveDate;

use crate::money::{Currency, Money};

/// A date as people and exports write it: `2025-03-14`, `2025/3/14`, `20250314`,
/// `2025.03.14`, `2025年3月14日`, Salesforce's US `3/14/2025`, a date-time (the day is
/// kept), or a spreadsheet's day number (days since 1899-12-30). A year outside 1900–2199
/// is no business date (`0001-01-01` would stretch every monthly report over two thousand
/// years) and reads as no date.
#[must_use]
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    use chrono::Datelike;
    parse_any_date(text).filter(|d| (1900..=2199).contains(&d.year()))
}

fn parse_any_date(text: &str) -> Option<NaiveDate> {
    let t = text.trim();
    for f in [
        "%Y-%m-%d",
        "%Y/%m/%d",
        "%Y%m%d",
        "%Y.%m.%d",
        "%Y年%m月%d日",
        "%m/%d/%Y",
    ] {
        if let Ok(d) = NaiveDate::parse_from_str(t, f) {
            return Some(d);
        }
    }
    if let Some((d, _)) = t.split_once([' ', 'T']) {
        return parse_any_date(d);
    }
    let n: i64 = t.parse().ok().filter(|n| (20_000..=80_000).contains(n))?;
    NaiveDate::from_ymd_opt(1899, 12, 30).map(|d| d + chrono::Duration::days(n))
}

/// Why an amount cell was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AmountError {
    /// Not a number of the currency's precision.
    Format,
    /// Written in another currency than the one expected.
    OtherCurrency,
    /// Below zero.
    Negative,
    /// Above the largest amount accepted anywhere ([`crate::money::MAX_AMOUNT_MINOR`]).
    TooLarge,
}

impl AmountError {
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::Format => "invalid_format",
            Self::OtherCurrency => "currency_mismatch",
            Self::Negative => "not_allowed",
            Self::TooLarge => "too_large",
        }
    }
}

/// The currency a symbol or code in front of or behind an amount names.
fn marked_currency(mark: &str) -> Option<Option<Currency>> {
    match mark.trim().to_ascii_uppercase().as_str() {
        "" => Some(None),
        "¥" | "￥" | "RMB" | "CNY" | "元" => Some(Some(Currency::Cny)),
        "$" | "US$" | "USD" => Some(Some(Currency::Usd)),
        "€" | "EUR" => Some(Some(Currency::Eur)),
        "HK$" | "HKD" => Some(Some(Currency::Hkd)),
        "JPY" | "円" => Some(Some(Currency::Jpy)),
        _ => None,
    }
}

/// An amount in `currency`, in minor units: `1,234.50`, `¥1 234.5`, `CNY 1234`, `1234元`.
/// A symbol or code of another currency is refused (`¥` is read as the yuan).
///
/// # Errors
/// `Format`, `OtherCurrency`, `Negative`, `TooLarge`.
pub fn parse_amount(text: &str, currency: Currency) -> Result<i64, AmountError> {
    let t = text.trim();
    let start = t
        .find(|c: char| c.is_ascii_digit() || c == '-' || c == '+' || c == '.')
        .ok_or(AmountError::Format)?;
    let end = t
        .rfind(|c: char| c.is_ascii_digit() || c == '.')
        .map_or(t.len(), |i| i + 1);
    if end <= start {
        return Err(AmountError::Format);
    }
    let (prefix, number, suffix) = (&t[..start], &t[start..end], &t[end..]);
    for mark in [prefix, suffix] {
        match marked_currency(mark) {
            None => return Err(AmountError::Format),
            Some(Some(c)) if c != currency => return Err(AmountError::OtherCurrency),
            Some(_) => {}
        }
    }
    let cleaned: String = number
        .chars()
        .filter(|c| *c != ',' && !c.is_whitespace())
        .collect();
    let minor = Money::parse(&cleaned, currency)
        .map_err(|_| AmountError::Format)?
        .minor();
    if minor < 0 {
        return Err(AmountError::Negative);
    }
    if minor > crate::money::MAX_AMOUNT_MINOR {
        return Err(AmountError::TooLarge);
    }
    Ok(minor)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn dates_in_the_formats_exports_use() {
        for text in [
            "2025-03-14",
            "2025/3/14",
            "20250314",
            "2025.03.14",
            "2025年3月14日",
            "3/14/2025",
            "2025-03-14 09:30:00",
            "2025-03-14T09:30:00Z",
            "45730",
        ] {
            assert_eq!(parse_date(text), Some(day(2025, 3, 14)), "{text}");
        }
        assert_eq!(parse_date("14.03.2025x"), None);
        assert_eq!(parse_date("2025-02-30"), None);
        assert_eq!(parse_date("0001-02-03"), None);
        assert_eq!(parse_date("9999-12-31"), None);
        assert!(parse_date("1900-01-01").is_some());
        assert_eq!(parse_date(""), None);
    }

    #[test]
    fn amounts_with_symbols_codes_and_separators() {
        let cny = Currency::Cny;
        assert_eq!(parse_amount("1,234.50", cny), Ok(123_450));
        // The API's ceiling holds in files too.
        assert_eq!(
            parse_amount("10000000000000.00", cny),
            Ok(crate::money::MAX_AMOUNT_MINOR)
        );
        assert_eq!(
            parse_amount("9999999999999999.99", cny),
            Err(AmountError::TooLarge)
        );
        assert_eq!(parse_amount("¥1 234.5", cny), Ok(123_450));
        assert_eq!(parse_amount("￥0", cny), Ok(0));
        assert_eq!(parse_amount("CNY 1000", cny), Ok(100_000));
        assert_eq!(parse_amount("1000元", cny), Ok(100_000));
        assert_eq!(
            parse_amount("USD 1000", cny),
            Err(AmountError::OtherCurrency)
        );
        assert_eq!(
            parse_amount("$1,000.00", cny),
            Err(AmountError::OtherCurrency)
        );
        assert_eq!(parse_amount("€5", cny), Err(AmountError::OtherCurrency));
        assert_eq!(parse_amount("$5", Currency::Usd), Ok(500));
        assert_eq!(parse_amount("-5", cny), Err(AmountError::Negative));
        assert_eq!(parse_amount("1.005", cny), Err(AmountError::Format));
        assert_eq!(parse_amount("abc", cny), Err(AmountError::Format));
        assert_eq!(parse_amount("12abc34", cny), Err(AmountError::Format));
        assert_eq!(parse_amount("", cny), Err(AmountError::Format));
    }
}
