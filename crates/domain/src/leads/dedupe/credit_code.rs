//! The unified social credit code (统一社会信用代码, GB 32100-2015).

use std::fmt;

use serde::Serialize;

use crate::InvalidValue;

/// The 31 characters of the code, in the order of their values (no I, O, S, V, Z).
const ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";

/// Weights of the first 17 characters: 3^i mod 31.
const WEIGHTS: [usize; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

/// A unified social credit code: 18 characters whose last is the GB 32100-2015 check character.
/// Trimmed, upper-cased, without spaces.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct CreditCode(String);

impl CreditCode {
    pub const LEN: usize = 18;

    /// # Errors
    /// `Required` when blank, `TooShort`/`TooLong` on a wrong length, `Format` on a character
    /// outside the code's alphabet or a wrong check character.
    pub fn parse(text: &str) -> Result<Self, InvalidValue> {
        let code: String = text
            .chars()
            .map(|c| match c {
                '\u{ff01}'..='\u{ff5e}' => char::from_u32(u32::from(c) - 0xfee0).unwrap_or(c),
                _ => c,
            })
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_uppercase();
        let len = code.chars().count();
        if len == 0 {
            return Err(InvalidValue::Required);
        }
        if len < Self::LEN {
            return Err(InvalidValue::TooShort { min: Self::LEN });
        }
        if len > Self::LEN {
            return Err(InvalidValue::TooLong { max: Self::LEN });
        }
        let values = code
            .bytes()
            .map(value)
            .collect::<Option<Vec<usize>>>()
            .ok_or(InvalidValue::Format)?;
        if values.len() != Self::LEN || values[17] != check_value(&values[..17]) {
            return Err(InvalidValue::Format);
        }
        Ok(Self(code))
    }

    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for CreditCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

fn value(byte: u8) -> Option<usize> {
    ALPHABET.iter().position(|&c| c == byte)
}

/// 31 − (Σ value × weight mod 31), where 31 becomes 0.
fn check_value(values: &[usize]) -> usize {
    let sum: usize = values.iter().zip(WEIGHTS).map(|(v, w)| v * w).sum();
    (31 - sum % 31) % 31
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const VALID: &[&str] = &[
        "91350100M000100Y43",
        "91110108551385082Q",
        "91440300708461136T",
        "91330100716105852F",
        "914403001922038216",
        "11100000000013127D",
    ];

    #[test]
    fn weights_are_powers_of_three() {
        let mut w = 1;
        for weight in WEIGHTS {
            assert_eq!(weight, w);
            w = w * 3 % 31;
        }
    }

    #[test]
    fn valid_codes_parse() {
        for code in VALID {
            assert_eq!(
                CreditCode::parse(code).map(|c| c.to_string()).as_deref(),
                Ok(*code)
            );
        }
        let messy = CreditCode::parse(" 9135 0100 m000 100y43 ").map(|c| c.as_str().to_owned());
        assert_eq!(messy.as_deref(), Ok("91350100M000100Y43"));
        let wide = CreditCode::parse("９１１１０１０８５５１３８５０８２Ｑ").map(|c| c.to_string());
        assert_eq!(wide.as_deref(), Ok("91110108551385082Q"));
    }

    #[test]
    fn bad_codes_are_refused() {
        let cases: &[(&str, InvalidValue)] = &[
            ("", InvalidValue::Required),
            ("   ", InvalidValue::Required),
            ("91350100M000100Y4", InvalidValue::TooShort { min: 18 }),
            ("91350100M000100Y433", InvalidValue::TooLong { max: 18 }),
            // one character changed
            ("91350100M000100Y44", InvalidValue::Format),
            ("91350100M000200Y43", InvalidValue::Format),
            ("91110108551385082R", InvalidValue::Format),
            ("91110108551385083Q", InvalidValue::Format),
            // letters outside the alphabet
            ("91350100I000100Y43", InvalidValue::Format),
            ("91350100O000100Y43", InvalidValue::Format),
            ("9135010-M000100Y43", InvalidValue::Format),
            ("91350100中000100Y43", InvalidValue::Format),
        ];
        for (text, want) in cases {
            assert_eq!(CreditCode::parse(text), Err(*want), "{text}");
        }
    }

    proptest! {
        #[test]
        fn any_single_change_is_caught(index in 0usize..18, shift in 1usize..31) {
            let code = VALID[0].as_bytes();
            let mut changed = code.to_vec();
            let v = value(code[index]).unwrap_or(0);
            changed[index] = ALPHABET[(v + shift) % 31];
            let changed = String::from_utf8(changed).unwrap_or_default();
            prop_assert_eq!(CreditCode::parse(&changed), Err(InvalidValue::Format));
        }

        #[test]
        fn parse_never_panics(text in "\\PC{0,24}") {
            let _ = CreditCode::parse(&text);
        }
    }
}
