//! Constrained text values shared by every capability: emails, names, slugs, passwords.

use std::fmt;

/// Why a value was refused. The server turns the code into a message in the user's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum InvalidValue {
    #[error("required")]
    Required,
    #[error("too long (at most {max} characters)")]
    TooLong { max: usize },
    #[error("too short (at least {min} characters)")]
    TooShort { min: usize },
    #[error("not in the expected format")]
    Format,
    #[error("not one of the allowed values")]
    NotAllowed,
    #[error("too large")]
    TooLarge,
}

impl InvalidValue {
    /// Stable machine code, used in problem documents and translated by the UI.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::Required => "required",
            Self::TooLong { .. } => "too_long",
            Self::TooShort { .. } => "too_short",
            Self::Format => "invalid_format",
            Self::NotAllowed => "not_allowed",
            Self::TooLarge => "too_large",
        }
    }
}

/// Free text a person may leave out (a reference, a note, a comment): trimmed, `None` when
/// blank, refused — never cut — past `max` characters.
///
/// # Errors
/// `TooLong` past `max` characters.
pub fn optional_text(text: Option<&str>, max: usize) -> Result<Option<String>, InvalidValue> {
    let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    if text.chars().count() > max {
        return Err(InvalidValue::TooLong { max });
    }
    Ok(Some(text.to_owned()))
}

/// Free text a person must give (a reason): trimmed, refused when blank or past `max`
/// characters.
///
/// # Errors
/// `Required` when blank, `TooLong` past `max` characters.
pub fn required_text(text: &str, max: usize) -> Result<String, InvalidValue> {
    optional_text(Some(text), max)?.ok_or(InvalidValue::Required)
}

/// An e-mail address, trimmed and lower-cased so that lookups and duplicate checks agree.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct EmailAddress(String);

impl EmailAddress {
    /// # Errors
    /// When the text is empty, longer than 254 characters or not shaped like an address.
    pub fn parse(text: &str) -> Result<Self, InvalidValue> {
        let text = text.trim().to_lowercase();
        if text.is_empty() {
            return Err(InvalidValue::Required);
        }
        if text.chars().count() > 254 {
            return Err(InvalidValue::TooLong { max: 254 });
        }
        let Some((local, domain)) = text.split_once('@') else {
            return Err(InvalidValue::Format);
        };
        let domain_ok = domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..")
            && !domain.contains('@');
        if local.is_empty() || !domain_ok || text.chars().any(char::is_whitespace) {
            return Err(InvalidValue::Format);
        }
        Ok(Self(text))
    }

    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for EmailAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A display name (of a person, department, role, tenant): trimmed, 1–200 characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name(String);

impl Name {
    pub const MAX: usize = 200;

    /// # Errors
    /// When the trimmed text is empty or too long.
    pub fn parse(text: &str) -> Result<Self, InvalidValue> {
        let text = text.trim();
        if text.is_empty() {
            return Err(InvalidValue::Required);
        }
        if text.chars().count() > Self::MAX {
            return Err(InvalidValue::TooLong { max: Self::MAX });
        }
        if text.chars().any(char::is_control) {
            return Err(InvalidValue::Format);
        }
        Ok(Self(text.to_owned()))
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

/// A tenant's short name used at sign-in and in URLs: `a-z`, `0-9`, `-`, 2–40 characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TenantSlug(String);

impl TenantSlug {
    /// # Errors
    /// When the text is not a valid slug.
    pub fn parse(text: &str) -> Result<Self, InvalidValue> {
        let text = text.trim().to_lowercase();
        if text.is_empty() {
            return Err(InvalidValue::Required);
        }
        if text.len() < 2 {
            return Err(InvalidValue::TooShort { min: 2 });
        }
        if text.len() > 40 {
            return Err(InvalidValue::TooLong { max: 40 });
        }
        let ok = text
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            && !text.starts_with('-')
            && !text.ends_with('-');
        if !ok {
            return Err(InvalidValue::Format);
        }
        Ok(Self(text))
    }

    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A password as typed by a user, before hashing: 8–256 characters, not all blank.
#[derive(Clone, PartialEq, Eq)]
pub struct NewPassword(String);

impl NewPassword {
    /// # Errors
    /// When the password is too short, too long or blank.
    pub fn parse(text: &str) -> Result<Self, InvalidValue> {
        if text.trim().is_empty() {
            return Err(InvalidValue::Required);
        }
        let n = text.chars().count();
        if n < 8 {
            return Err(InvalidValue::TooShort { min: 8 });
        }
        if n > 256 {
            return Err(InvalidValue::TooLong { max: 256 });
        }
        Ok(Self(text.to_owned()))
    }

    #[must_use]
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("NewPassword(***)")
    }
}

/// The languages the UI and the error messages speak.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Language {
    #[default]
    ZhCn,
    EnUs,
}

impl Language {
    /// # Errors
    /// When the tag is not a supported language.
    pub fn parse(tag: &str) -> Result<Self, InvalidValue> {
        match tag.trim().to_ascii_lowercase().as_str() {
            "zh-cn" | "zh" | "zh-hans" => Ok(Self::ZhCn),
            "en-us" | "en" => Ok(Self::EnUs),
            "" => Err(InvalidValue::Required),
            _ => Err(InvalidValue::NotAllowed),
        }
    }

    /// Picks the best supported language from an `Accept-Language` header; Chinese by default.
    #[must_use]
    pub fn from_accept_language(header: &str) -> Self {
        for part in header.split(',') {
            let tag = part
                .split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase();
            if tag.starts_with("zh") {
                return Self::ZhCn;
            }
            if tag.starts_with("en") {
                return Self::EnUs;
            }
        }
        Self::ZhCn
    }

    #[must_use]
    pub fn tag(self) -> &'static str {
        match self {
            Self::ZhCn => "zh-CN",
            Self::EnUs => "en-US",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_normalise_and_refuse_bad_shapes() {
        let cases: &[(&str, Result<&str, InvalidValue>)] = &[
            ("  Zhang.San@Example.COM ", Ok("zhang.san@example.com")),
            ("li@corp.example.cn", Ok("li@corp.example.cn")),
            ("", Err(InvalidValue::Required)),
            ("no-at-sign", Err(InvalidValue::Format)),
            ("a@nodot", Err(InvalidValue::Format)),
            ("@example.com", Err(InvalidValue::Format)),
            ("a b@example.com", Err(InvalidValue::Format)),
            ("a@b@example.com", Err(InvalidValue::Format)),
            ("a@example..com", Err(InvalidValue::Format)),
        ];
        for (input, expected) in cases {
            let got = EmailAddress::parse(input).map(|e| e.as_str().to_owned());
            assert_eq!(got, expected.map(str::to_owned), "input {input:?}");
        }
    }

    #[test]
    fn optional_text_is_trimmed_and_refused_not_cut() {
        assert_eq!(optional_text(None, 5), Ok(None));
        assert_eq!(optional_text(Some("   "), 5), Ok(None));
        assert_eq!(
            optional_text(Some(" 回款五笔 "), 4),
            Ok(Some("回款五笔".into()))
        );
        assert_eq!(
            optional_text(Some("回款五笔了"), 4),
            Err(InvalidValue::TooLong { max: 4 })
        );
        assert_eq!(required_text(" \n ", 4), Err(InvalidValue::Required));
        assert_eq!(required_text(" 撤回 ", 4), Ok("撤回".into()));
        assert_eq!(
            required_text("12345", 4),
            Err(InvalidValue::TooLong { max: 4 })
        );
    }

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(
            Name::parse("  华东大区 ").map(Name::into_string),
            Ok("华东大区".into())
        );
        assert_eq!(Name::parse("   "), Err(InvalidValue::Required));
        assert_eq!(
            Name::parse(&"x".repeat(201)),
            Err(InvalidValue::TooLong { max: 200 })
        );
        assert_eq!(Name::parse("a\u{0}b"), Err(InvalidValue::Format));
    }

    #[test]
    fn slugs() {
        assert_eq!(
            TenantSlug::parse("Demo").map(|s| s.as_str().to_owned()),
            Ok("demo".into())
        );
        assert_eq!(
            TenantSlug::parse("a"),
            Err(InvalidValue::TooShort { min: 2 })
        );
        assert_eq!(TenantSlug::parse("-ab"), Err(InvalidValue::Format));
        assert_eq!(TenantSlug::parse("a_b"), Err(InvalidValue::Format));
    }

    #[test]
    fn passwords() {
        assert!(NewPassword::parse("short").is_err());
        assert!(NewPassword::parse("        ").is_err());
        assert!(NewPassword::parse("long enough").is_ok());
        assert_eq!(
            format!("{:?}", NewPassword::parse("secret-pass").ok()),
            "Some(NewPassword(***))"
        );
    }

    #[test]
    fn accept_language_picks_supported() {
        assert_eq!(
            Language::from_accept_language("en-GB,en;q=0.9"),
            Language::EnUs
        );
        assert_eq!(
            Language::from_accept_language("zh-CN,zh;q=0.9,en;q=0.8"),
            Language::ZhCn
        );
        assert_eq!(
            Language::from_accept_language("fr-FR,en;q=0.5"),
            Language::EnUs
        );
        assert_eq!(Language::from_accept_language(""), Language::ZhCn);
        assert_eq!(Language::parse("en"), Ok(Language::EnUs));
        assert_eq!(Language::parse("de"), Err(InvalidValue::NotAllowed));
    }
}
