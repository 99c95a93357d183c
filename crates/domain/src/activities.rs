//! Activities: visits, calls, notes and tasks. A visit may carry where the phone was.

use crate::InvalidValue;

/// Where a phone was, as `lat,lng` in WGS-84 degrees, beside the place the rep typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Coordinates(String);

impl Coordinates {
    /// `31.2304,121.4737` (spaces allowed around the comma): latitude within ±90, longitude
    /// within ±180, at most 7 decimals (about a centimetre). Kept as written, trimmed.
    ///
    /// # Errors
    /// `Format` for anything else.
    pub fn parse(text: &str) -> Result<Self, InvalidValue> {
        let (lat, lng) = text.split_once(',').ok_or(InvalidValue::Format)?;
        let (lat, lng) = (lat.trim(), lng.trim());
        let degrees = |part: &str, limit: u32| -> Result<(), InvalidValue> {
            let digits = part.strip_prefix('-').unwrap_or(part);
            let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
            let numeric = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
            if whole.is_empty() || whole.len() > 3 || !numeric(whole) || !numeric(fraction) {
                return Err(InvalidValue::Format);
            }
            if digits.contains('.') && fraction.is_empty() || fraction.len() > 7 {
                return Err(InvalidValue::Format);
            }
            let whole: u32 = whole.parse().map_err(|_| InvalidValue::Format)?;
            let beyond = whole > limit || (whole == limit && fraction.bytes().any(|b| b != b'0'));
            if beyond {
                Err(InvalidValue::Format)
            } else {
                Ok(())
            }
        };
        degrees(lat, 90)?;
        degrees(lng, 180)?;
        Ok(Self(format!("{lat},{lng}")))
    }

    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    #[must_use]
    pub fn into_string(self) -> String {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coordinates_are_two_degrees_in_range() {
        assert_eq!(
            Coordinates::parse(" 31.23040 , 121.47370 ").map(Coordinates::into_string),
            Ok("31.23040,121.47370".to_owned())
        );
        assert!(Coordinates::parse("-33.8688,151.2093").is_ok());
        assert!(Coordinates::parse("90,-180").is_ok());
        for bad in [
            "",
            "31.2304",
            "91,0",
            "90.0001,0",
            "0,180.5",
            "0,-181",
            "a,b",
            "1.,2",
            "1,2,3",
            "1e3,2",
            "31.12345678,1",
            "上海",
        ] {
            assert_eq!(Coordinates::parse(bad), Err(InvalidValue::Format), "{bad}");
        }
    }
}
