//! Phone numbers in E.164, China by default, and the masks shown in the lead pool.

use crate::InvalidValue;

/// Markers of an extension at the end of a number, lower-case.
const EXTENSION: &[&str] = &["extension", "ext", "x", "转", "分机", "#"];

/// A phone number in E.164 (`+8613123456789`); China (+86) is the default country.
///
/// Accepts spaces, `-`, `.`, `/` and brackets as separators, `+`, `00` and a bare `86` before
/// a Chinese mobile; drops the trunk 0 of a Chinese fixed line (`0755 8888 6666` →
/// `+8675588886666`) and an extension at the end (`ext 12`, `转12`, `x12`). 400/800 service
/// numbers are accepted.
///
/// # Errors
/// `Required` when blank; `Format` on letters, too few or too many digits, a Chinese mobile
/// that is not 11 digits starting with 1[3-9], or a Chinese fixed line without its area code.
pub fn normalize_phone(text: &str) -> Result<String, InvalidValue> {
    let folded: String = text.chars().map(fold).collect();
    let text = folded.trim();
    if text.is_empty() {
        return Err(InvalidValue::Required);
    }
    let main = without_extension(text);
    let mut digits = String::new();
    let mut plus = false;
    for c in main.chars() {
        match c {
            '0'..='9' => digits.push(c),
            '+' if digits.is_empty() && !plus => plus = true,
            ' ' | '-' | '.' | '/' | '(' | ')' | '\u{a0}' | '\t' => {}
            _ => return Err(InvalidValue::Format),
        }
    }
    if plus {
        return international(&digits);
    }
    if let Some(rest) = digits.strip_prefix("00") {
        return international(rest);
    }
    // 86-13123456789: a country code without its +.
    if digits.len() == 13 && digits.starts_with("861") {
        return china(&digits[2..], false);
    }
    china(&digits, true)
}

/// Full-width digits and separators to ASCII.
fn fold(c: char) -> char {
    match c {
        '\u{ff01}'..='\u{ff5e}' => char::from_u32(u32::from(c) - 0xfee0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

/// `text` without a trailing extension, when there is one.
fn without_extension(text: &str) -> &str {
    // ASCII lower-casing keeps byte offsets.
    let lower = text.to_ascii_lowercase();
    for (i, _) in lower.char_indices() {
        if !lower[..i].bytes().any(|b| b.is_ascii_digit()) {
            continue;
        }
        for marker in EXTENSION {
            let Some(tail) = lower[i..].strip_prefix(marker) else {
                continue;
            };
            let tail = tail.trim_start_matches([' ', '.', ':', '：']);
            let digits = tail.chars().filter(char::is_ascii_digit).count();
            if (1..=6).contains(&digits)
                && tail
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == ' ' || c == '-')
            {
                return &text[..i];
            }
        }
    }
    text
}

/// After `+` or `00`: the country code and the national number.
fn international(digits: &str) -> Result<String, InvalidValue> {
    if let Some(national) = digits.strip_prefix("86") {
        // +86 (0)755 …: the trunk 0 is sometimes kept after the country code.
        return china(national.strip_prefix('0').unwrap_or(national), false);
    }
    if digits.starts_with('0') || !(7..=15).contains(&digits.len()) {
        return Err(InvalidValue::Format);
    }
    Ok(format!("+{digits}"))
}

/// A Chinese number; `trunk` when a fixed line must carry its leading 0 (dialled at home).
fn china(digits: &str, trunk: bool) -> Result<String, InvalidValue> {
    let national = if trunk {
        match digits.strip_prefix('0') {
            Some(rest) => fixed_line(rest)?,
            None => mobile_or_service(digits)?,
        }
    } else if digits.starts_with("10") || !digits.starts_with('1') {
        // After +86, 10… is Beijing's area code; other numbers starting with 1 are mobiles.
        mobile_or_service(digits).or_else(|_| fixed_line(digits))?
    } else {
        mobile_or_service(digits)?
    };
    Ok(format!("+86{national}"))
}

fn mobile_or_service(digits: &str) -> Result<&str, InvalidValue> {
    let bytes = digits.as_bytes();
    let mobile = bytes.len() == 11 && bytes[0] == b'1' && (b'3'..=b'9').contains(&bytes[1]);
    let service = bytes.len() == 10 && (digits.starts_with("400") || digits.starts_with("800"));
    if mobile || service {
        Ok(digits)
    } else {
        Err(InvalidValue::Format)
    }
}

/// A fixed line without its trunk 0: area code 10 or 2x with 8 digits, or a 3-digit area code
/// with 7 or 8 digits.
fn fixed_line(digits: &str) -> Result<&str, InvalidValue> {
    let ok = match digits.as_bytes().first() {
        Some(b'1') => digits.starts_with("10") && digits.len() == 10,
        Some(b'2') => digits.len() == 10,
        Some(b'3'..=b'9') => digits.len() == 10 || digits.len() == 11,
        _ => false,
    };
    let local_ok = digits
        .as_bytes()
        .get(if digits.as_bytes().first().is_some_and(|b| *b <= b'2') {
            2
        } else {
            3
        })
        .is_some_and(|b| *b != b'0');
    if ok && local_ok {
        Ok(digits)
    } else {
        Err(InvalidValue::Format)
    }
}

/// Masks a phone for the public pool: the national part's first 3 and last 4 digits
/// (`+8613123456789` → `131****6789`); the country code stays in front of other countries'
/// numbers (`+14155550100` → `+1 415****0100`). Short numbers keep less.
#[must_use]
pub fn mask_phone(e164: &str) -> String {
    let digits: String = e164.chars().filter(char::is_ascii_digit).collect();
    if !e164.trim_start().starts_with('+') {
        return mask_national(&digits);
    }
    if let Some(national) = digits.strip_prefix("86") {
        return mask_national(national);
    }
    let cc = country_code_len(&digits).min(digits.len());
    format!("+{} {}", &digits[..cc], mask_national(&digits[cc..]))
}

fn mask_national(digits: &str) -> String {
    let n = digits.len();
    match n {
        10.. => format!("{}****{}", &digits[..3], &digits[n - 4..]),
        6..=9 => format!("{}****{}", &digits[..2], &digits[n - 2..]),
        _ => "****".to_owned(),
    }
}

/// Length of the ITU country code opening an international number.
fn country_code_len(digits: &str) -> usize {
    const TWO: &[&str] = &[
        "20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41", "43", "44", "45", "46",
        "47", "48", "49", "51", "52", "53", "54", "55", "56", "57", "58", "60", "61", "62", "63",
        "64", "65", "66", "81", "82", "84", "86", "90", "91", "92", "93", "94", "95", "98",
    ];
    if digits.starts_with('1') || digits.starts_with('7') {
        1
    } else if TWO.iter().any(|p| digits.starts_with(p)) {
        2
    } else {
        3
    }
}

/// Masks an e-mail: `zhang@example.cn` → `z***@***.cn`.
#[must_use]
pub fn mask_email(email: &str) -> String {
    let email = email.trim().to_lowercase();
    let Some((local, domain)) = email.rsplit_once('@') else {
        return "***".to_owned();
    };
    let Some(first) = local.chars().next() else {
        return "***".to_owned();
    };
    match domain.rsplit_once('.') {
        Some((_, tld)) if !tld.is_empty() => format!("{first}***@***.{tld}"),
        _ => format!("{first}***@***"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn phones_normalise_to_e164() {
        let ok: &[(&str, &str)] = &[
            ("0086 131 2345 6789", "+8613123456789"),
            ("+86 131-2345-6789", "+8613123456789"),
            ("13123456789", "+8613123456789"),
            ("(+86)13123456789", "+8613123456789"),
            ("86-13123456789", "+8613123456789"),
            ("+86 13123456789", "+8613123456789"),
            ("  131 2345 6789 ", "+8613123456789"),
            ("１３１２３４５６７８９", "+8613123456789"),
            ("199.1234.5678", "+8619912345678"),
            ("010-12345678", "+861012345678"),
            ("0755 8888 6666", "+8675588886666"),
            ("(0755)88886666", "+8675588886666"),
            ("021-6888 8888", "+862168888888"),
            ("0871-6512345", "+868716512345"),
            ("+86 (0)755 8888 6666", "+8675588886666"),
            ("+86 10 1234 5678", "+861012345678"),
            ("400-810-8888", "+864008108888"),
            ("+1 415 555 0100", "+14155550100"),
            ("001 415 555 0100", "+14155550100"),
            ("+44 20 7946 0958", "+442079460958"),
            ("+852 2123 4567", "+85221234567"),
            ("0755-88886666 ext 12", "+8675588886666"),
            ("0755-88886666转12", "+8675588886666"),
            ("+1 415 555 0100 x12", "+14155550100"),
            ("010 12345678 分机 801", "+861012345678"),
        ];
        for (input, want) in ok {
            assert_eq!(normalize_phone(input).as_deref(), Ok(*want), "{input:?}");
        }
        let refused: &[(&str, InvalidValue)] = &[
            ("", InvalidValue::Required),
            ("   ", InvalidValue::Required),
            ("call me", InvalidValue::Format),
            ("131abc45678", InvalidValue::Format),
            ("1312345678", InvalidValue::Format),
            ("131234567890", InvalidValue::Format),
            ("12123456789", InvalidValue::Format),
            ("+86 121 2345 6789", InvalidValue::Format),
            ("88886666", InvalidValue::Format),
            ("0755-888", InvalidValue::Format),
            ("010-123456789", InvalidValue::Format),
            ("95555", InvalidValue::Format),
            ("+1 415", InvalidValue::Format),
            ("+1234567890123456", InvalidValue::Format),
            ("131+2345 6789", InvalidValue::Format),
            ("0755-88886666 ext", InvalidValue::Format),
            ("ext 12", InvalidValue::Format),
        ];
        for (input, want) in refused {
            assert_eq!(normalize_phone(input), Err(*want), "{input:?}");
        }
    }

    #[test]
    fn masks() {
        assert_eq!(mask_phone("+8613123456789"), "131****6789");
        assert_eq!(mask_phone("+861012345678"), "101****5678");
        assert_eq!(mask_phone("+14155550100"), "+1 415****0100");
        assert_eq!(mask_phone("+442079460958"), "+44 207****0958");
        assert_eq!(mask_phone("+85221234567"), "+852 21****67");
        assert_eq!(mask_phone("13123456789"), "131****6789");
        assert_eq!(mask_phone("+86"), "****");
        assert_eq!(mask_phone(""), "****");
        assert_eq!(mask_email("zhang@example.cn"), "z***@***.cn");
        assert_eq!(mask_email("Li.Si@Corp.Example.COM"), "l***@***.com");
        assert_eq!(mask_email("王@例子.中国"), "王***@***.中国");
        assert_eq!(mask_email("a@localhost"), "a***@***");
        assert_eq!(mask_email("not an address"), "***");
        assert_eq!(mask_email("@example.com"), "***");
    }

    proptest! {
        #[test]
        fn phones_never_panic(text in "\\PC{0,30}") {
            if let Ok(e164) = normalize_phone(&text) {
                prop_assert!(e164.starts_with('+'));
                prop_assert_eq!(normalize_phone(&e164), Ok(e164.clone()));
                let _ = mask_phone(&e164);
            }
            let _ = mask_phone(&text);
            let _ = mask_email(&text);
        }

        #[test]
        fn mobiles_normalise_however_written(
            rest in "1[3-9][0-9]{9}",
            prefix in "(|\\+86|0086|\\+86 |86-|\\(\\+86\\))",
            sep in "( |-|)",
        ) {
            let written = format!("{prefix}{}{sep}{}{sep}{}", &rest[..3], &rest[3..7], &rest[7..]);
            prop_assert_eq!(normalize_phone(&written), Ok(format!("+86{rest}")));
        }
    }
}
