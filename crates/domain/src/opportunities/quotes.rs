//! Products and quotes (CPQ): product kinds, quote lines priced exactly, and quote totals.
//!
//! A line's total is quantity × unit price × (1 − discount), rounded half up to the minor
//! unit once per line; a quote's total is the exact sum of its line totals.

use std::fmt;

use super::{div_round_half_up, InvalidField};
use crate::{
    money::{format_percent, parse_percent, Currency, Money, MAX_AMOUNT_MINOR},
    InvalidValue,
};

/// What a product is, for catalogues and reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ProductKind {
    Product,
    Accessory,
    Service,
}

impl ProductKind {
    pub const ALL: [Self; 3] = [Self::Product, Self::Accessory, Self::Service];

    /// # Errors
    /// `Required` when blank, `NotAllowed` for an unknown key.
    pub fn parse(key: &str) -> Result<Self, InvalidValue> {
        match key.trim() {
            "" => Err(InvalidValue::Required),
            key => Self::ALL
                .into_iter()
                .find(|k| k.key() == key)
                .ok_or(InvalidValue::NotAllowed),
        }
    }

    /// The stable key stored and sent by the API.
    #[must_use]
    pub fn key(self) -> &'static str {
        match self {
            Self::Product => "product",
            Self::Accessory => "accessory",
            Self::Service => "service",
        }
    }
}

/// A quantity in thousandths of a unit (`2.5` is 2500): non-negative, at most three
/// decimals, at most one trillion units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Quantity(i64);

impl Quantity {
    /// Thousandths in one unit.
    pub const MILLI: i64 = 1000;
    /// The largest quantity, in thousandths; keeps every product of a line exact.
    pub const MAX_MILLI: i64 = 1_000_000_000_000 * Self::MILLI;

    /// # Errors
    /// `NotAllowed` when negative or over the largest quantity.
    pub fn from_milli(milli: i64) -> Result<Self, InvalidValue> {
        if (0..=Self::MAX_MILLI).contains(&milli) {
            Ok(Self(milli))
        } else {
            Err(InvalidValue::NotAllowed)
        }
    }

    /// # Errors
    /// `NotAllowed` when negative or too large.
    pub fn from_units(units: i64) -> Result<Self, InvalidValue> {
        Self::from_milli(
            units
                .checked_mul(Self::MILLI)
                .ok_or(InvalidValue::NotAllowed)?,
        )
    }

    /// Parses `"3"`, `"2.5"` or `"0.125"`.
    ///
    /// # Errors
    /// `Required` when blank, `Format` for anything but digits with at most three decimals,
    /// `NotAllowed` when negative or too large.
    pub fn parse(text: &str) -> Result<Self, InvalidValue> {
        let text = text.trim();
        if text.is_empty() {
            return Err(InvalidValue::Required);
        }
        let (negative, digits) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text.strip_prefix('+').unwrap_or(text)),
        };
        let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
        let all_digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
        if whole.is_empty()
            || !all_digits(whole)
            || !all_digits(fraction)
            || (digits.contains('.') && fraction.is_empty())
            || fraction.len() > 3
        {
            return Err(InvalidValue::Format);
        }
        let milli: i64 = format!("{whole}{fraction:0<3}")
            .parse()
            .map_err(|_| InvalidValue::NotAllowed)?;
        if negative && milli != 0 {
            return Err(InvalidValue::NotAllowed);
        }
        Self::from_milli(milli)
    }

    #[must_use]
    pub fn milli(self) -> i64 {
        self.0
    }
}

impl fmt::Display for Quantity {
    /// Without needless zeros: `3`, `2.5`, `0.125`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (whole, fraction) = (self.0 / Self::MILLI, self.0 % Self::MILLI);
        if fraction == 0 {
            write!(f, "{whole}")
        } else {
            let digits = format!("{fraction:03}");
            write!(f, "{whole}.{}", digits.trim_end_matches('0'))
        }
    }
}

/// A discount off the unit price in basis points, 0–10000 (0–100 %).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Discount(i32);

impl Discount {
    pub const NONE: Self = Self(0);
    pub const FULL: Self = Self(10_000);

    /// # Errors
    /// `NotAllowed` outside 0–10000.
    pub fn from_bp(bp: i32) -> Result<Self, InvalidValue> {
        if (0..=10_000).contains(&bp) {
            Ok(Self(bp))
        } else {
            Err(InvalidValue::NotAllowed)
        }
    }

    /// Parses a percentage as the API sends it (`"15"`, `"7.5"`).
    ///
    /// # Errors
    /// `Format` for junk, `NotAllowed` outside 0–100.
    pub fn parse(text: &str) -> Result<Self, InvalidValue> {
        parse_percent(text).map(Self)
    }

    #[must_use]
    pub fn bp(self) -> i32 {
        self.0
    }
}

impl fmt::Display for Discount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&format_percent(self.0))
    }
}

/// One priced line of a quote, with its amounts worked out once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuoteLine {
    quantity: Quantity,
    unit_price: Money,
    discount: Discount,
    list_amount: Money,
    total: Money,
}

/// `quantity × price × (10000 − discount bp)`, with `quantity` in thousandths, over
/// `1000 × 10000`, rounded half up. Exact in `i128` within [`Quantity::MAX_MILLI`].
fn line_amount(quantity: Quantity, price_minor: i64, discount_bp: i32) -> i128 {
    let numerator =
        i128::from(quantity.0) * i128::from(price_minor) * i128::from(10_000 - discount_bp);
    div_round_half_up(numerator, i128::from(Quantity::MILLI) * 10_000)
}

impl QuoteLine {
    /// Prices a line.
    ///
    /// # Errors
    /// On `unit_price`: `NotAllowed` when negative, `TooLarge` when the line's amount would
    /// pass the largest amount a record takes ([`MAX_AMOUNT_MINOR`]).
    pub fn new(
        quantity: Quantity,
        unit_price: Money,
        discount: Discount,
    ) -> Result<Self, InvalidField> {
        if unit_price.minor() < 0 {
            return Err(InvalidField::new("unit_price", InvalidValue::NotAllowed));
        }
        let too_large = || InvalidField::new("unit_price", InvalidValue::TooLarge);
        let within = |amount: i128| {
            i64::try_from(amount)
                .ok()
                .filter(|a| *a <= MAX_AMOUNT_MINOR)
                .ok_or_else(too_large)
        };
        let list = within(line_amount(quantity, unit_price.minor(), 0))?;
        let total = within(line_amount(quantity, unit_price.minor(), discount.0))?;
        let currency = unit_price.currency();
        Ok(Self {
            quantity,
            unit_price,
            discount,
            list_amount: Money::from_minor(list, currency),
            total: Money::from_minor(total, currency),
        })
    }

    #[must_use]
    pub fn quantity(&self) -> Quantity {
        self.quantity
    }

    #[must_use]
    pub fn unit_price(&self) -> Money {
        self.unit_price
    }

    #[must_use]
    pub fn discount(&self) -> Discount {
        self.discount
    }

    /// Quantity × unit price before the discount, rounded once.
    #[must_use]
    pub fn list_amount(&self) -> Money {
        self.list_amount
    }

    /// What the discount takes off: list amount − total, never negative.
    #[must_use]
    pub fn discount_amount(&self) -> Money {
        Money::from_minor(
            self.list_amount.minor() - self.total.minor(),
            self.total.currency(),
        )
    }

    /// Quantity × unit price × (1 − discount), rounded half up once.
    #[must_use]
    pub fn total(&self) -> Money {
        self.total
    }
}

/// A quote's lines in one currency with their exact total, which sets the opportunity's
/// amount.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    lines: Vec<QuoteLine>,
    list_amount: Money,
    total: Money,
}

impl Quote {
    /// Totals the lines; a quote without lines totals zero.
    ///
    /// # Errors
    /// `lines[i].unit_price` `NotAllowed` for a line in another currency; `lines`
    /// `TooLarge` when the total would pass [`MAX_AMOUNT_MINOR`].
    pub fn new(currency: Currency, lines: Vec<QuoteLine>) -> Result<Self, Vec<InvalidField>> {
        let errors: Vec<InvalidField> = lines
            .iter()
            .enumerate()
            .filter(|(_, line)| line.unit_price.currency() != currency)
            .map(|(i, _)| {
                InvalidField::new(format!("lines[{i}].unit_price"), InvalidValue::NotAllowed)
            })
            .collect();
        if !errors.is_empty() {
            return Err(errors);
        }
        let sum = |amount: fn(&QuoteLine) -> Money| {
            let exact: i128 = lines.iter().map(|l| i128::from(amount(l).minor())).sum();
            i64::try_from(exact)
                .ok()
                .filter(|minor| *minor <= MAX_AMOUNT_MINOR)
                .map(|minor| Money::from_minor(minor, currency))
                .ok_or_else(|| vec![InvalidField::new("lines", InvalidValue::TooLarge)])
        };
        let list_amount = sum(QuoteLine::list_amount)?;
        let total = sum(QuoteLine::total)?;
        Ok(Self {
            lines,
            list_amount,
            total,
        })
    }

    #[must_use]
    pub fn lines(&self) -> &[QuoteLine] {
        &self.lines
    }

    /// Sum of the lines' list amounts.
    #[must_use]
    pub fn list_amount(&self) -> Money {
        self.list_amount
    }

    /// Sum of the lines' discount amounts: list amount − total.
    #[must_use]
    pub fn discount_amount(&self) -> Money {
        Money::from_minor(
            self.list_amount.minor() - self.total.minor(),
            self.total.currency(),
        )
    }

    /// Sum of the line totals, exact.
    #[must_use]
    pub fn total(&self) -> Money {
        self.total
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn cny(minor: i64) -> Money {
        Money::from_minor(minor, Currency::Cny)
    }

    fn line(quantity: &str, price_minor: i64, discount: &str) -> Result<QuoteLine, InvalidField> {
        QuoteLine::new(
            Quantity::parse(quantity).unwrap(),
            cny(price_minor),
            Discount::parse(discount).unwrap(),
        )
    }

    #[test]
    fn product_kinds() {
        for kind in ProductKind::ALL {
            assert_eq!(ProductKind::parse(kind.key()), Ok(kind));
        }
        assert_eq!(ProductKind::parse(" service "), Ok(ProductKind::Service));
        assert_eq!(ProductKind::parse(""), Err(InvalidValue::Required));
        assert_eq!(ProductKind::parse("Product"), Err(InvalidValue::NotAllowed));
    }

    #[test]
    fn quantities() {
        let cases = [
            ("3", Ok(3000)),
            ("2.5", Ok(2500)),
            ("0.125", Ok(125)),
            ("0", Ok(0)),
            ("-0", Ok(0)),
            ("-1", Err(InvalidValue::NotAllowed)),
            ("1.2345", Err(InvalidValue::Format)),
            ("1.", Err(InvalidValue::Format)),
            (".5", Err(InvalidValue::Format)),
            ("1e3", Err(InvalidValue::Format)),
            ("", Err(InvalidValue::Required)),
            ("1000000000000", Ok(Quantity::MAX_MILLI)),
            ("1000000000000.001", Err(InvalidValue::NotAllowed)),
            ("99999999999999999999", Err(InvalidValue::NotAllowed)),
        ];
        for (text, expected) in cases {
            assert_eq!(
                Quantity::parse(text).map(Quantity::milli),
                expected,
                "{text:?}"
            );
        }
        assert_eq!(Quantity::from_milli(2500).unwrap().to_string(), "2.5");
        assert_eq!(Quantity::from_units(3).unwrap().to_string(), "3");
        assert_eq!(Quantity::from_milli(-1), Err(InvalidValue::NotAllowed));
    }

    #[test]
    fn discounts() {
        assert_eq!(Discount::parse("15").map(Discount::bp), Ok(1500));
        assert_eq!(Discount::parse("100").map(Discount::bp), Ok(10_000));
        assert_eq!(Discount::parse("100.5"), Err(InvalidValue::NotAllowed));
        assert_eq!(Discount::parse("-5"), Err(InvalidValue::NotAllowed));
        assert_eq!(Discount::from_bp(10_001), Err(InvalidValue::NotAllowed));
        assert_eq!(Discount::from_bp(750).unwrap().to_string(), "7.5");
    }

    #[test]
    fn line_totals_round_once() {
        // (quantity, unit price in fen, discount %, list amount, total)
        let cases = [
            ("3", 1_000_000, "0", 3_000_000, 3_000_000),
            ("3", 1_000_000, "15", 3_000_000, 2_550_000),
            ("2.5", 333, "0", 833, 833),   // 832.5 → 833
            ("1", 333, "50", 333, 167),    // 166.5 → 167
            ("0.001", 1, "0", 0, 0),       // 0.001 fen → 0
            ("0.5", 1, "0", 1, 1),         // 0.5 fen → 1
            ("3", 333, "33.33", 999, 666), // 666.0333 → 666
            ("1", 999, "100", 999, 0),
            ("0", 999, "10", 0, 0),
        ];
        for (q, price, d, list, total) in cases {
            let l = line(q, price, d).unwrap();
            assert_eq!(
                (l.list_amount().minor(), l.total().minor()),
                (list, total),
                "{q} × {price} − {d}%"
            );
            assert_eq!(l.discount_amount().minor(), list - total);
        }
    }

    #[test]
    fn bad_lines_and_quotes() {
        assert_eq!(
            line("1", -1, "0"),
            Err(InvalidField::new("unit_price", InvalidValue::NotAllowed))
        );
        assert_eq!(
            line("1000000000000", i64::MAX, "0"),
            Err(InvalidField::new("unit_price", InvalidValue::TooLarge))
        );
        // Within i64 but above the largest amount a record takes: 9,223 × ¥9,999,999,999,999.99.
        assert_eq!(
            line("9223", 999_999_999_999_999, "0"),
            Err(InvalidField::new("unit_price", InvalidValue::TooLarge))
        );
        let usd = QuoteLine::new(
            Quantity::from_units(1).unwrap(),
            Money::from_minor(100, Currency::Usd),
            Discount::NONE,
        )
        .unwrap();
        let ok = line("1", 100, "0").unwrap();
        assert_eq!(
            Quote::new(Currency::Cny, vec![ok, usd]),
            Err(vec![InvalidField::new(
                "lines[1].unit_price",
                InvalidValue::NotAllowed
            )])
        );
        let big = line("1", MAX_AMOUNT_MINOR, "0").unwrap();
        assert_eq!(
            Quote::new(Currency::Cny, vec![big, big]),
            Err(vec![InvalidField::new("lines", InvalidValue::TooLarge)])
        );
        let empty = Quote::new(Currency::Cny, Vec::new()).unwrap();
        assert_eq!(empty.total(), cny(0));
    }

    #[test]
    fn a_quote_totals_its_lines() {
        let lines = vec![
            line("2", 1_200_000, "10").unwrap(), // 2,160,000
            line("1.5", 333, "0").unwrap(),      // 499.5 → 500
            line("1.5", 333, "0").unwrap(),      // 500, not 999 summed then rounded
        ];
        let q = Quote::new(Currency::Cny, lines).unwrap();
        assert_eq!(q.total(), cny(2_161_000));
        assert_eq!(q.list_amount(), cny(2_401_000));
        assert_eq!(q.discount_amount(), cny(240_000));
        assert_eq!(q.total().to_string(), "21610.00");
    }

    fn any_line() -> impl Strategy<Value = QuoteLine> {
        // Up to a million units at ¥500,000: twenty such lines stay within the largest amount.
        (0..=1_000_000_000i64, 0..=50_000_000i64, 0..=10_000i32).prop_map(|(q, p, d)| {
            QuoteLine::new(
                Quantity::from_milli(q).unwrap(),
                cny(p),
                Discount::from_bp(d).unwrap(),
            )
            .unwrap()
        })
    }

    proptest! {
        #[test]
        fn totals_are_never_negative_and_never_above_list(l in any_line()) {
            prop_assert!(l.total().minor() >= 0);
            prop_assert!(l.total() <= l.list_amount());
            prop_assert!(l.discount_amount().minor() >= 0);
        }

        #[test]
        fn a_line_is_within_half_a_fen_of_exact(l in any_line()) {
            let exact = i128::from(l.quantity().milli())
                * i128::from(l.unit_price().minor())
                * i128::from(10_000 - l.discount().bp());
            let got = i128::from(l.total().minor()) * 10_000_000;
            prop_assert!((got - exact).abs() <= 5_000_000);
        }

        #[test]
        fn no_discount_is_list_and_full_discount_is_zero(q in 0..=1_000_000_000i64, p in 0..=1_000_000_000i64) {
            let quantity = Quantity::from_milli(q).unwrap();
            let list = QuoteLine::new(quantity, cny(p), Discount::NONE).unwrap();
            prop_assert_eq!(list.total(), list.list_amount());
            let free = QuoteLine::new(quantity, cny(p), Discount::FULL).unwrap();
            prop_assert_eq!(free.total(), cny(0));
            prop_assert_eq!(free.discount_amount(), list.total());
        }

        #[test]
        fn whole_units_at_list_price_are_exact(units in 0..=1_000_000i64, p in 0..=1_000_000_000i64) {
            let l = QuoteLine::new(Quantity::from_units(units).unwrap(), cny(p), Discount::NONE).unwrap();
            prop_assert_eq!(l.total().minor(), units * p);
        }

        #[test]
        fn the_parts_sum_to_the_whole(lines in prop::collection::vec(any_line(), 0..20)) {
            let q = Quote::new(Currency::Cny, lines.clone()).unwrap();
            let sum: i64 = lines.iter().map(|l| l.total().minor()).sum();
            prop_assert_eq!(q.total().minor(), sum);
            prop_assert_eq!(q.list_amount().minor() - q.discount_amount().minor(), q.total().minor());
            prop_assert!(q.total().minor() >= 0);
        }

        #[test]
        fn quantities_display_and_parse_back(q in 0..=Quantity::MAX_MILLI) {
            let quantity = Quantity::from_milli(q).unwrap();
            prop_assert_eq!(Quantity::parse(&quantity.to_string()), Ok(quantity));
        }
    }
}
