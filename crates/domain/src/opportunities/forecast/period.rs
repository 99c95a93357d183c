//! Forecast periods: a year, a quarter or a month of expected close dates.

use std::fmt;

use chrono::{Datelike, Months, NaiveDate};

use crate::InvalidValue;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Span {
    Year(i32),
    Quarter(i32, u32),
    Month(i32, u32),
}

/// An inclusive range of dates named as the API names it: `2026`, `2026-Q3`, `2026-07`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Period {
    span: Span,
    first: NaiveDate,
    last: NaiveDate,
}

impl Period {
    /// Parses `YYYY`, `YYYY-Qn` (or `qn`) or `YYYY-MM`.
    ///
    /// # Errors
    /// `Required` when blank, `Format` for another shape, `NotAllowed` for year 0, a quarter
    /// outside 1–4 or a month outside 01–12.
    pub fn parse(text: &str) -> Result<Self, InvalidValue> {
        let text = text.trim();
        if text.is_empty() {
            return Err(InvalidValue::Required);
        }
        let digits = |s: &str, n: usize| -> Result<u32, InvalidValue> {
            if s.len() == n && s.chars().all(|c| c.is_ascii_digit()) {
                s.parse().map_err(|_| InvalidValue::Format)
            } else {
                Err(InvalidValue::Format)
            }
        };
        let (year, rest) = match text.split_once('-') {
            Some((year, rest)) => (year, Some(rest)),
            None => (text, None),
        };
        let year = i32::try_from(digits(year, 4)?).map_err(|_| InvalidValue::Format)?;
        let period = match rest {
            None => Self::year(year),
            Some(rest) => match rest.strip_prefix(['Q', 'q']) {
                Some(quarter) => Self::quarter(year, digits(quarter, 1)?),
                None => Self::month(year, digits(rest, 2)?),
            },
        };
        period.ok_or(InvalidValue::NotAllowed)
    }

    /// A calendar year from 1 to 9999.
    #[must_use]
    pub fn year(year: i32) -> Option<Self> {
        Self::build(Span::Year(year), year, 1, 12)
    }

    /// Quarter 1–4 of a year.
    #[must_use]
    pub fn quarter(year: i32, quarter: u32) -> Option<Self> {
        if !(1..=4).contains(&quarter) {
            return None;
        }
        let first_month = quarter * 3 - 2;
        Self::build(Span::Quarter(year, quarter), year, first_month, 3)
    }

    /// Month 1–12 of a year.
    #[must_use]
    pub fn month(year: i32, month: u32) -> Option<Self> {
        if !(1..=12).contains(&month) {
            return None;
        }
        Self::build(Span::Month(year, month), year, month, 1)
    }

    /// The month a date falls in.
    #[must_use]
    pub fn month_of(date: NaiveDate) -> Option<Self> {
        Self::month(date.year(), date.month())
    }

    /// The `count` whole months before the one `today` falls in, oldest first.
    #[must_use]
    pub fn months_before(today: NaiveDate, count: u32) -> Vec<Self> {
        let Some(this) = Self::month_of(today) else {
            return Vec::new();
        };
        (1..=count)
            .rev()
            .filter_map(|back| this.first.checked_sub_months(Months::new(back)))
            .filter_map(Self::month_of)
            .collect()
    }

    fn build(span: Span, year: i32, first_month: u32, months: u32) -> Option<Self> {
        if !(1..=9999).contains(&year) {
            return None;
        }
        let first = NaiveDate::from_ymd_opt(year, first_month, 1)?;
        let last = first.checked_add_months(Months::new(months))?.pred_opt()?;
        Some(Self { span, first, last })
    }

    #[must_use]
    pub fn first_day(self) -> NaiveDate {
        self.first
    }

    /// The last day, inclusive.
    #[must_use]
    pub fn last_day(self) -> NaiveDate {
        self.last
    }

    #[must_use]
    pub fn contains(self, date: NaiveDate) -> bool {
        self.first <= date && date <= self.last
    }

    /// The period of the same kind just before: 2026-Q1 → 2025-Q4, 2026-01 → 2025-12.
    #[must_use]
    pub fn previous(self) -> Option<Self> {
        match self.span {
            Span::Year(y) => Self::year(y - 1),
            Span::Quarter(y, 1) => Self::quarter(y - 1, 4),
            Span::Quarter(y, q) => Self::quarter(y, q - 1),
            Span::Month(y, 1) => Self::month(y - 1, 12),
            Span::Month(y, m) => Self::month(y, m - 1),
        }
    }
}

impl fmt::Display for Period {
    /// The form `parse` reads: `2026`, `2026-Q3`, `2026-07`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.span {
            Span::Year(y) => write!(f, "{y:04}"),
            Span::Quarter(y, q) => write!(f, "{y:04}-Q{q}"),
            Span::Month(y, m) => write!(f, "{y:04}-{m:02}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn periods_parse_to_inclusive_ranges() {
        let cases = [
            ("2026", Ok(("2026-01-01", "2026-12-31"))),
            (" 2026-Q3 ", Ok(("2026-07-01", "2026-09-30"))),
            ("2026-q1", Ok(("2026-01-01", "2026-03-31"))),
            ("2026-Q4", Ok(("2026-10-01", "2026-12-31"))),
            ("2026-07", Ok(("2026-07-01", "2026-07-31"))),
            ("2024-02", Ok(("2024-02-01", "2024-02-29"))),
            ("2026-02", Ok(("2026-02-01", "2026-02-28"))),
            ("", Err(InvalidValue::Required)),
            ("26", Err(InvalidValue::Format)),
            ("2026-7", Err(InvalidValue::Format)),
            ("2026-Q", Err(InvalidValue::Format)),
            ("2026-Q10", Err(InvalidValue::Format)),
            ("2026-07-01", Err(InvalidValue::Format)),
            ("2026/07", Err(InvalidValue::Format)),
            ("+202", Err(InvalidValue::Format)),
            ("２０２６", Err(InvalidValue::Format)),
            ("next", Err(InvalidValue::Format)),
            ("2026-Q0", Err(InvalidValue::NotAllowed)),
            ("2026-Q5", Err(InvalidValue::NotAllowed)),
            ("2026-13", Err(InvalidValue::NotAllowed)),
            ("2026-00", Err(InvalidValue::NotAllowed)),
            ("0000", Err(InvalidValue::NotAllowed)),
        ];
        for (text, expected) in cases {
            let got = Period::parse(text).map(|p| (p.first_day(), p.last_day()));
            let expected = expected.map(|(a, b)| (day(a), day(b)));
            assert_eq!(got, expected, "{text:?}");
        }
    }

    #[test]
    fn periods_print_as_parsed_and_count_back() {
        for text in ["2026", "2026-Q3", "2026-07", "0001-01", "9999-Q4"] {
            assert_eq!(Period::parse(text).unwrap().to_string(), text);
        }
        let months: Vec<String> = Period::months_before(day("2026-02-15"), 3)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(months, ["2025-11", "2025-12", "2026-01"]);
        let q3 = Period::parse("2026-Q3").unwrap();
        assert!(q3.contains(day("2026-09-30")) && !q3.contains(day("2026-10-01")));
    }

    proptest! {
        #[test]
        fn every_day_is_in_its_month_quarter_and_year(days in 0i64..3_000_000) {
            let date = NaiveDate::from_ymd_opt(1, 1, 1).unwrap() + chrono::Duration::days(days);
            prop_assume!(date.year() <= 9999);
            let q = (date.month() - 1) / 3 + 1;
            for p in [Period::month_of(date), Period::quarter(date.year(), q), Period::year(date.year())] {
                let p = p.unwrap();
                prop_assert!(p.contains(date));
                prop_assert!(p.first_day() <= p.last_day());
                prop_assert_eq!(Period::parse(&p.to_string()), Ok(p));
            }
        }
    }
}
