//! Money in integer minor units (fen), and percentages in basis points. No floating point.

use std::fmt;

use crate::InvalidValue;

/// The largest amount any one record takes: 10^15 minor units (¥10,000,000,000,000.00) —
/// far above any deal, low enough that sums of thousands never overflow.
pub const MAX_AMOUNT_MINOR: i64 = 1_000_000_000_000_000;

/// An amount of one currency, in minor units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Money {
    minor: i64,
    currency: Currency,
}

/// Currencies Closer keeps accounts in, with their minor digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Currency {
    Cny,
    Usd,
    Eur,
    Hkd,
    Jpy,
}

impl Currency {
    /// # Errors
    /// When the code is not a supported currency.
    pub fn parse(code: &str) -> Result<Self, InvalidValue> {
        match code.trim().to_ascii_uppercase().as_str() {
            "CNY" => Ok(Self::Cny),
            "USD" => Ok(Self::Usd),
            "EUR" => Ok(Self::Eur),
            "HKD" => Ok(Self::Hkd),
            "JPY" => Ok(Self::Jpy),
            "" => Err(InvalidValue::Required),
            _ => Err(InvalidValue::NotAllowed),
        }
    }

    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::Cny => "CNY",
            Self::Usd => "USD",
            Self::Eur => "EUR",
            Self::Hkd => "HKD",
            Self::Jpy => "JPY",
        }
    }

    /// Digits after the decimal point.
    #[must_use]
    pub fn minor_digits(self) -> u32 {
        match self {
            Self::Jpy => 0,
            _ => 2,
        }
    }
}

impl Money {
    #[must_use]
    pub fn from_minor(minor: i64, currency: Currency) -> Self {
        Self { minor, currency }
    }

    #[must_use]
    pub fn minor(self) -> i64 {
        self.minor
    }

    #[must_use]
    pub fn currency(self) -> Currency {
        self.currency
    }

    /// Parses a decimal string such as `"1000000.00"`, `"12.5"` or `"-3"`; more digits after
    /// the point than the currency has is refused, not rounded.
    ///
    /// # Errors
    /// `Format` for anything but an optional sign, digits and one point; `TooLong` past the
    /// range of an `i64` of minor units.
    pub fn parse(text: &str, currency: Currency) -> Result<Self, InvalidValue> {
        let text = text.trim();
        if text.is_empty() {
            return Err(InvalidValue::Required);
        }
        let (negative, digits) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text.strip_prefix('+').unwrap_or(text)),
        };
        let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
        let places = currency.minor_digits() as usize;
        let digits_ok = |s: &str| s.chars().all(|c| c.is_ascii_digit());
        if whole.is_empty()
            || !digits_ok(whole)
            || !digits_ok(fraction)
            || (digits.contains('.') && fraction.is_empty())
        {
            return Err(InvalidValue::Format);
        }
        if fraction.len() > places {
            return Err(InvalidValue::Format);
        }
        let padded = format!("{whole}{fraction:0<places$}");
        let magnitude: i64 = padded
            .parse()
            .map_err(|_| InvalidValue::TooLong { max: 18 })?;
        Ok(Self {
            minor: if negative { -magnitude } else { magnitude },
            currency,
        })
    }

    /// Multiplies by a rate in basis points (1 bp = 0.01 %), rounding half away from zero to
    /// the minor unit — the one place a product of money is rounded.
    #[must_use]
    pub fn times_bp(self, bp: i64) -> Self {
        let product = i128::from(self.minor) * i128::from(bp);
        let (q, r) = (product / 10_000, product % 10_000);
        let rounded = if r.abs() * 2 >= 10_000 {
            q + product.signum()
        } else {
            q
        };
        Self {
            minor: i64::try_from(rounded).unwrap_or(i64::MAX),
            currency: self.currency,
        }
    }
}

/// Divides rounding half away from zero: the one rounding rule of money products.
#[must_use]
pub fn div_round_half_up(numerator: i128, denominator: i128) -> i128 {
    let (q, r) = (numerator / denominator, numerator % denominator);
    if r.abs() * 2 >= denominator.abs() {
        q + numerator.signum() * denominator.signum()
    } else {
        q
    }
}

impl fmt::Display for Money {
    /// The amount with exactly the currency's minor digits, e.g. `1000000.00`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let places = self.currency.minor_digits();
        let sign = if self.minor < 0 { "-" } else { "" };
        let abs = self.minor.unsigned_abs();
        if places == 0 {
            return write!(f, "{sign}{abs}");
        }
        let unit = 10u64.pow(places);
        write!(
            f,
            "{sign}{}.{:0width$}",
            abs / unit,
            abs % unit,
            width = places as usize
        )
    }
}

impl Money {
    /// The amount as people read it on a document: currency sign, thousands separated,
    /// exactly the currency's minor digits — `¥1,234,567.89`, `-$12.50`, `¥1,200` (yen).
    #[must_use]
    pub fn for_people(self) -> String {
        let plain = self.to_string();
        let (sign, digits) = match plain.strip_prefix('-') {
            Some(rest) => ("-", rest),
            None => ("", plain.as_str()),
        };
        let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
        let mut grouped = String::new();
        for (i, c) in whole.chars().enumerate() {
            if i > 0 && (whole.len() - i) % 3 == 0 {
                grouped.push(',');
            }
            grouped.push(c);
        }
        let symbol = match self.currency {
            Currency::Cny | Currency::Jpy => "¥",
            Currency::Usd => "$",
            Currency::Eur => "€",
            Currency::Hkd => "HK$",
        };
        if fraction.is_empty() {
            format!("{sign}{symbol}{grouped}")
        } else {
            format!("{sign}{symbol}{grouped}.{fraction}")
        }
    }
}

/// Parses a percentage such as `"70"`, `"12.5"` or `"0.25"` into basis points (0–10000).
///
/// # Errors
/// When the text is not a number with at most two decimals in 0–100.
pub fn parse_percent(text: &str) -> Result<i32, InvalidValue> {
    let m = Money::parse(text, Currency::Cny).map_err(|_| InvalidValue::Format)?;
    if !(0..=10_000).contains(&m.minor()) {
        return Err(InvalidValue::NotAllowed);
    }
    i32::try_from(m.minor()).map_err(|_| InvalidValue::NotAllowed)
}

/// Basis points as a percentage string without needless zeros: 1000 → `"10"`, 1250 → `"12.5"`.
#[must_use]
pub fn format_percent(bp: i32) -> String {
    let s = Money::from_minor(i64::from(bp), Currency::Cny).to_string();
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn amounts_read_as_people_write_them() {
        let cny = |m| Money::from_minor(m, Currency::Cny).for_people();
        assert_eq!(cny(123_456_789), "¥1,234,567.89");
        assert_eq!(cny(18_000_000), "¥180,000.00");
        assert_eq!(cny(5), "¥0.05");
        assert_eq!(cny(-1250), "-¥12.50");
        assert_eq!(cny(99_999), "¥999.99");
        assert_eq!(
            Money::from_minor(1200, Currency::Jpy).for_people(),
            "¥1,200"
        );
        assert_eq!(Money::from_minor(100, Currency::Usd).for_people(), "$1.00");
    }

    #[test]
    fn parse_and_display() {
        let cny = Currency::Cny;
        let cases = [
            ("1000000", Ok(100_000_000)),
            ("1000000.00", Ok(100_000_000)),
            ("12.5", Ok(1250)),
            ("0.01", Ok(1)),
            ("-3", Ok(-300)),
            ("1.234", Err(InvalidValue::Format)),
            ("1,000", Err(InvalidValue::Format)),
            ("abc", Err(InvalidValue::Format)),
            ("1.", Err(InvalidValue::Format)),
            (".5", Err(InvalidValue::Format)),
            ("", Err(InvalidValue::Required)),
            (
                "99999999999999999999",
                Err(InvalidValue::TooLong { max: 18 }),
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(
                Money::parse(text, cny).map(Money::minor),
                expected,
                "{text:?}"
            );
        }
        assert_eq!(
            Money::from_minor(100_000_000, cny).to_string(),
            "1000000.00"
        );
        assert_eq!(Money::from_minor(-5, cny).to_string(), "-0.05");
        assert_eq!(Money::from_minor(500, Currency::Jpy).to_string(), "500");
        assert_eq!(
            Money::parse("1.5", Currency::Jpy),
            Err(InvalidValue::Format)
        );
    }

    #[test]
    fn percents() {
        assert_eq!(parse_percent("70"), Ok(7000));
        assert_eq!(parse_percent("12.5"), Ok(1250));
        assert_eq!(parse_percent("100"), Ok(10_000));
        assert_eq!(parse_percent("100.01"), Err(InvalidValue::NotAllowed));
        assert_eq!(parse_percent("-1"), Err(InvalidValue::NotAllowed));
        assert_eq!(format_percent(1000), "10");
        assert_eq!(format_percent(1250), "12.5");
        assert_eq!(format_percent(0), "0");
    }

    #[test]
    fn rates_round_half_up_once() {
        let m = Money::from_minor(100_000_000, Currency::Cny);
        assert_eq!(m.times_bp(1000).minor(), 10_000_000, "¥1,000,000 × 10%");
        assert_eq!(
            Money::from_minor(5, Currency::Cny).times_bp(5000).minor(),
            3,
            "2.5 fen → 3"
        );
        assert_eq!(
            Money::from_minor(-5, Currency::Cny).times_bp(5000).minor(),
            -3
        );
    }

    proptest! {
        #[test]
        fn display_parses_back(minor in -1_000_000_000_000i64..1_000_000_000_000) {
            let m = Money::from_minor(minor, Currency::Cny);
            prop_assert_eq!(Money::parse(&m.to_string(), Currency::Cny), Ok(m));
        }

        #[test]
        fn a_rate_never_moves_more_than_half_a_fen(minor in -1_000_000_000_000i64..1_000_000_000_000, bp in 0i64..=10_000) {
            let exact = i128::from(minor) * i128::from(bp);
            let got = i128::from(Money::from_minor(minor, Currency::Cny).times_bp(bp).minor()) * 10_000;
            prop_assert!((got - exact).abs() <= 5_000);
        }
    }
}
