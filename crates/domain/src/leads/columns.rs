//! Import column recognition: which lead field each column of an uploaded file fills.
//!
//! Header cells are recognised from common CRM exports (Salesforce, HubSpot), from our own
//! field keys and from the Chinese names people type into their own spreadsheets. A user's
//! explicit mapping then overrides what was recognised.

use std::collections::BTreeMap;

use crate::InvalidValue;

/// A lead field an import column can fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LeadField {
    CompanyName,
    ContactName,
    FirstName,
    LastName,
    Title,
    Phone,
    Mobile,
    Email,
    Street,
    City,
    Province,
    PostalCode,
    Country,
    Source,
    Status,
    Industry,
    Website,
    Description,
    ExternalId,
    CreditCode,
    Campaign,
    Owner,
}

impl LeadField {
    /// Every field, in the order the mapping screen lists them.
    pub const ALL: [Self; 22] = [
        Self::CompanyName,
        Self::ContactName,
        Self::FirstName,
        Self::LastName,
        Self::Title,
        Self::Phone,
        Self::Mobile,
        Self::Email,
        Self::Street,
        Self::City,
        Self::Province,
        Self::PostalCode,
        Self::Country,
        Self::Source,
        Self::Status,
        Self::Industry,
        Self::Website,
        Self::Description,
        Self::ExternalId,
        Self::CreditCode,
        Self::Campaign,
        Self::Owner,
    ];

    /// The stable snake_case key used in the API and in saved mappings.
    #[must_use]
    pub fn key(self) -> &'static str {
        match self {
            Self::CompanyName => "company_name",
            Self::ContactName => "contact_name",
            Self::FirstName => "first_name",
            Self::LastName => "last_name",
            Self::Title => "title",
            Self::Phone => "phone",
            Self::Mobile => "mobile",
            Self::Email => "email",
            Self::Street => "street",
            Self::City => "city",
            Self::Province => "province",
            Self::PostalCode => "postal_code",
            Self::Country => "country",
            Self::Source => "source",
            Self::Status => "status",
            Self::Industry => "industry",
            Self::Website => "website",
            Self::Description => "description",
            Self::ExternalId => "external_id",
            Self::CreditCode => "credit_code",
            Self::Campaign => "campaign",
            Self::Owner => "owner",
        }
    }

    /// The field with exactly this key.
    ///
    /// # Errors
    /// `Required` for an empty key, `NotAllowed` for any other unknown one.
    pub fn parse(key: &str) -> Result<Self, InvalidValue> {
        if key.is_empty() {
            return Err(InvalidValue::Required);
        }
        Self::ALL
            .into_iter()
            .find(|f| f.key() == key)
            .ok_or(InvalidValue::NotAllowed)
    }
}

/// Lower-cases a header and drops what people vary freely: surrounding whitespace and BOM,
/// spaces, underscores, dashes, dots and required-field asterisks; full-width ASCII (as typed
/// with a Chinese input method) becomes half-width first.
pub(crate) fn normalise(header: &str) -> String {
    header
        .chars()
        .map(|c| match c {
            '\u{3000}' => ' ',
            '\u{ff01}'..='\u{ff5e}' => char::from_u32(u32::from(c) - 0xfee0).unwrap_or(c),
            _ => c,
        })
        .filter(|c| !(c.is_whitespace() || matches!(c, '\u{feff}' | '_' | '-' | '.' | '*')))
        .flat_map(char::to_lowercase)
        .collect()
}

/// A header or a value naming a record (a stage, a product), compared as [`normalise`]
/// compares headers: letter case, spaces and punctuation people vary freely ignored.
#[must_use]
pub fn normalise_value(text: &str) -> String {
    normalise(text)
}

/// Recognises a header cell: Salesforce and HubSpot export names, our own field keys, and the
/// Chinese names people use, in any letter case and ignoring spaces, underscores and dashes.
#[must_use]
pub fn recognise(header: &str) -> Option<LeadField> {
    use LeadField as F;
    let name = normalise(header);
    if let Some(own) = LeadField::ALL
        .into_iter()
        .find(|f| f.key().replace('_', "") == name)
    {
        return Some(own);
    }
    let field = match name.as_str() {
        // Salesforce lead exports (API names and report labels), HubSpot contact exports and
        // common synonyms; Chinese names as people type them in their own sheets.
        "company" | "companyname" | "company/account" | "account" | "accountname"
        | "organization" | "organisation" | "公司名称" | "公司" | "企业名称" | "客户名称"
        | "单位名称" | "单位" | "企业" => F::CompanyName,
        "name" | "fullname" | "contact" | "联系人" | "姓名" | "联系人姓名" | "客户姓名" => {
            F::ContactName
        }
        "firstname" | "givenname" | "名" | "名字" => F::FirstName,
        "lastname" | "surname" | "familyname" | "姓" | "姓氏" => F::LastName,
        "title" | "jobtitle" | "position" | "职位" | "职务" | "职称" | "岗位" => F::Title,
        "phone" | "phonenumber" | "telephone" | "tel" | "businessphone" | "workphone" | "电话"
        | "座机" | "联系电话" | "电话号码" | "固定电话" | "办公电话" => F::Phone,
        "mobilephone" | "mobile" | "mobilephonenumber" | "cellphone" | "cell" | "手机"
        | "手机号" | "手机号码" | "移动电话" => F::Mobile,
        "email" | "emailaddress" | "邮箱" | "电子邮件" | "电子邮箱" | "邮件" | "邮箱地址" => {
            F::Email
        }
        "street" | "streetaddress" | "address" | "billingstreet" | "mailingstreet" | "地址"
        | "详细地址" | "街道" | "公司地址" => F::Street,
        "city" | "billingcity" | "mailingcity" | "城市" | "市" => F::City,
        "state"
        | "state/region"
        | "state/province"
        | "province"
        | "billingstate"
        | "billingstate/province"
        | "mailingstate"
        | "省份"
        | "省"
        | "省/直辖市" => F::Province,
        "postalcode" | "zip" | "zipcode" | "zip/postalcode" | "postcode" | "邮编" | "邮政编码" => {
            F::PostalCode
        }
        "country" | "country/region" | "国家" | "国家/地区" => F::Country,
        "leadsource" | "accountsource" | "source" | "originalsource" | "来源" | "线索来源"
        | "客户来源" => F::Source,
        "status" | "leadstatus" | "lifecyclestage" | "状态" | "线索状态" => F::Status,
        "industry" | "行业" | "所属行业" => F::Industry,
        "website" | "websiteurl" | "url" | "web" | "网址" | "网站" | "官网" | "公司网址" => {
            F::Website
        }
        "description" | "notes" | "note" | "comments" | "备注" | "描述" | "说明" => {
            F::Description
        }
        "recordid" | "id" | "leadid" | "externalid" | "外部编号" => F::ExternalId,
        "统一社会信用代码" | "信用代码" | "社会信用代码" | "税号" => {
            F::CreditCode
        }
        "campaign" | "campaignname" | "市场活动" | "活动" => F::Campaign,
        "owner" | "leadowner" | "contactowner" | "accountowner" | "负责人" | "所有人"
        | "归属人" => F::Owner,
        _ => return None,
    };
    Some(field)
}

/// Maps a header row: for each column, the field it fills. When two columns map to the same
/// field the first one wins and the later ones map to nothing.
#[must_use]
pub fn map_headers(headers: &[String]) -> Vec<Option<LeadField>> {
    map_headers_by(headers, recognise)
}

/// [`map_headers`] for any kind of record's fields.
pub(crate) fn map_headers_by<F: Copy + PartialEq>(
    headers: &[String],
    recognise: impl Fn(&str) -> Option<F>,
) -> Vec<Option<F>> {
    let mut taken = Vec::with_capacity(headers.len());
    headers
        .iter()
        .map(|h| {
            let field = recognise(h).filter(|f| !taken.contains(f))?;
            taken.push(field);
            Some(field)
        })
        .collect()
}

/// Applies a user's own mapping (column index → field key) over the recognised one.
///
/// An empty key unmaps its column. A field given to a column is taken away from any other
/// column it was recognised for, so one field is never filled from two columns.
///
/// # Errors
/// `NotAllowed` for an unknown field key, a column index out of range, or two overrides
/// naming the same field.
pub fn with_overrides(
    recognised: Vec<Option<LeadField>>,
    overrides: &[(usize, String)],
) -> Result<Vec<Option<LeadField>>, InvalidValue> {
    with_overrides_by(recognised, overrides, |key| LeadField::parse(key).ok())
}

/// [`with_overrides`] for any kind of record's fields, `parse` naming a field by its key.
///
/// # Errors
/// As [`with_overrides`].
pub(crate) fn with_overrides_by<F: Copy + PartialEq>(
    recognised: Vec<Option<F>>,
    overrides: &[(usize, String)],
    parse: impl Fn(&str) -> Option<F>,
) -> Result<Vec<Option<F>>, InvalidValue> {
    let mut mapping = recognised;
    let mut chosen: Vec<(usize, Option<F>)> = Vec::with_capacity(overrides.len());
    for (column, key) in overrides {
        if *column >= mapping.len() {
            return Err(InvalidValue::NotAllowed);
        }
        let field = match key.trim() {
            "" => None,
            key => Some(parse(key).ok_or(InvalidValue::NotAllowed)?),
        };
        if field.is_some() && chosen.iter().any(|(c, f)| *f == field && c != column) {
            return Err(InvalidValue::NotAllowed);
        }
        chosen.retain(|(c, _)| c != column);
        chosen.push((*column, field));
    }
    for (column, field) in &chosen {
        if let Some(field) = field {
            for slot in &mut mapping {
                if *slot == Some(*field) {
                    *slot = None;
                }
            }
        }
        mapping[*column] = *field;
    }
    Ok(mapping)
}

/// Whether a character belongs to a script whose names are written family name first
/// (Chinese, Japanese, Korean).
fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30ff}'
        | '\u{3400}'..='\u{4dbf}'
        | '\u{4e00}'..='\u{9fff}'
        | '\u{ac00}'..='\u{d7af}'
        | '\u{f900}'..='\u{faff}'
        | '\u{20000}'..='\u{2fa1f}')
}

/// A full name from its parts: family name first without a space when either part is CJK
/// (张 + 三 → 张三), else given name first ("Ann Lee").
fn join_name(first: Option<&str>, last: Option<&str>) -> Option<String> {
    match (first, last) {
        (Some(first), Some(last)) if first.chars().chain(last.chars()).any(is_cjk) => {
            Some(format!("{last}{first}"))
        }
        (Some(first), Some(last)) => Some(format!("{first} {last}")),
        (Some(only), None) | (None, Some(only)) => Some(only.to_owned()),
        (None, None) => None,
    }
}

/// One data row as field → value: cells trimmed, empty cells absent, cells beyond the mapping
/// ignored. When ContactName is absent, FirstName and LastName are joined into it (and
/// removed); Mobile is copied into Phone when Phone is empty.
#[must_use]
pub fn row_to_fields(
    mapping: &[Option<LeadField>],
    cells: &[String],
) -> BTreeMap<LeadField, String> {
    let mut fields = BTreeMap::new();
    for (field, cell) in mapping.iter().zip(cells) {
        let value = cell.trim();
        match field {
            Some(field) if !value.is_empty() => {
                fields.entry(*field).or_insert_with(|| value.to_owned());
            }
            _ => {}
        }
    }
    if !fields.contains_key(&LeadField::ContactName) {
        let first = fields.remove(&LeadField::FirstName);
        let last = fields.remove(&LeadField::LastName);
        if let Some(name) = join_name(first.as_deref(), last.as_deref()) {
            fields.insert(LeadField::ContactName, name);
        }
    }
    if !fields.contains_key(&LeadField::Phone) {
        if let Some(mobile) = fields.get(&LeadField::Mobile).cloned() {
            fields.insert(LeadField::Phone, mobile);
        }
    }
    fields
}

/// Whether a mapping can import leads at all: it needs CompanyName, or a contact name
/// (ContactName, FirstName or LastName) together with a way to reach them (Phone, Mobile or
/// Email).
///
/// # Errors
/// `"company_or_contact_required"`, a description code the UI translates.
pub fn check_mapping(mapping: &[Option<LeadField>]) -> Result<(), &'static str> {
    use LeadField as F;
    let has = |wanted: &[LeadField]| mapping.iter().flatten().any(|f| wanted.contains(f));
    if has(&[F::CompanyName])
        || (has(&[F::ContactName, F::FirstName, F::LastName])
            && has(&[F::Phone, F::Mobile, F::Email]))
    {
        Ok(())
    } else {
        Err("company_or_contact_required")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use LeadField as F;

    #[test]
    fn keys_round_trip_and_are_unique() {
        for field in LeadField::ALL {
            assert_eq!(LeadField::parse(field.key()), Ok(field));
            assert_eq!(recognise(field.key()), Some(field), "{}", field.key());
        }
        let mut keys: Vec<_> = LeadField::ALL.iter().map(|f| f.key()).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), LeadField::ALL.len());
        assert_eq!(LeadField::parse(""), Err(InvalidValue::Required));
        assert_eq!(
            LeadField::parse("Company_Name"),
            Err(InvalidValue::NotAllowed)
        );
        assert_eq!(LeadField::parse("salary"), Err(InvalidValue::NotAllowed));
    }

    const SALESFORCE: &[(&str, LeadField)] = &[
        ("FirstName", F::FirstName),
        ("LastName", F::LastName),
        ("Company", F::CompanyName),
        ("Title", F::Title),
        ("Email", F::Email),
        ("Phone", F::Phone),
        ("MobilePhone", F::Mobile),
        ("Street", F::Street),
        ("City", F::City),
        ("State", F::Province),
        ("PostalCode", F::PostalCode),
        ("Country", F::Country),
        ("LeadSource", F::Source),
        ("Status", F::Status),
        ("Industry", F::Industry),
        ("Website", F::Website),
        ("Description", F::Description),
    ];

    const HUBSPOT: &[(&str, LeadField)] = &[
        ("First Name", F::FirstName),
        ("Last Name", F::LastName),
        ("Email", F::Email),
        ("Phone Number", F::Phone),
        ("Company Name", F::CompanyName),
        ("Job Title", F::Title),
        ("Lead Status", F::Status),
        ("Lifecycle Stage", F::Status),
        ("City", F::City),
        ("State/Region", F::Province),
        ("Country/Region", F::Country),
        ("Website URL", F::Website),
        ("Industry", F::Industry),
        ("Record ID", F::ExternalId),
    ];

    const CHINESE: &[(&str, LeadField)] = &[
        ("公司名称", F::CompanyName),
        ("公司", F::CompanyName),
        ("企业名称", F::CompanyName),
        ("客户名称", F::CompanyName),
        ("联系人", F::ContactName),
        ("姓名", F::ContactName),
        ("职位", F::Title),
        ("职务", F::Title),
        ("电话", F::Phone),
        ("座机", F::Phone),
        ("手机", F::Mobile),
        ("手机号", F::Mobile),
        ("邮箱", F::Email),
        ("电子邮件", F::Email),
        ("地址", F::Street),
        ("城市", F::City),
        ("省份", F::Province),
        ("省", F::Province),
        ("邮编", F::PostalCode),
        ("国家", F::Country),
        ("来源", F::Source),
        ("线索来源", F::Source),
        ("状态", F::Status),
        ("行业", F::Industry),
        ("网址", F::Website),
        ("网站", F::Website),
        ("备注", F::Description),
        ("描述", F::Description),
        ("统一社会信用代码", F::CreditCode),
        ("信用代码", F::CreditCode),
        ("市场活动", F::Campaign),
        ("活动", F::Campaign),
        ("负责人", F::Owner),
        ("所有人", F::Owner),
    ];

    /// The same name as people and tools actually spell it.
    fn variants(name: &str) -> Vec<String> {
        vec![
            name.to_owned(),
            name.to_lowercase(),
            name.to_uppercase(),
            name.replace(' ', "_").to_lowercase(),
            name.replace(' ', "-").to_uppercase(),
            format!("  {name}\t"),
            format!("\u{feff}{name}"),
        ]
    }

    #[test]
    fn recognises_exports_in_any_case_and_spacing() {
        for (name, field) in SALESFORCE.iter().chain(HUBSPOT).chain(CHINESE) {
            for variant in variants(name) {
                assert_eq!(recognise(&variant), Some(*field), "{variant:?}");
            }
        }
        let cases: &[(&str, Option<LeadField>)] = &[
            ("company_name", Some(F::CompanyName)),
            ("Company-Name", Some(F::CompanyName)),
            ("credit_code", Some(F::CreditCode)),
            ("ＥＭＡＩＬ", Some(F::Email)),
            ("公司名称*", Some(F::CompanyName)),
            ("\u{3000}手机号\u{3000}", Some(F::Mobile)),
            ("E-mail", Some(F::Email)),
            ("Favourite colour", None),
            ("年收入", None),
            ("", None),
            ("   ", None),
            ("\u{feff}", None),
        ];
        for (header, expected) in cases {
            assert_eq!(recognise(header), *expected, "{header:?}");
        }
    }

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn first_column_wins_a_field() {
        let headers = strings(&[
            "Lead Status",
            "Email",
            "Lifecycle Stage",
            "Shoe size",
            "邮箱",
        ]);
        assert_eq!(
            map_headers(&headers),
            vec![Some(F::Status), Some(F::Email), None, None, None]
        );
        assert!(map_headers(&[]).is_empty());
    }

    #[test]
    fn overrides_replace_recognition() {
        let recognised = vec![Some(F::CompanyName), None, Some(F::Phone)];
        let over = |o: &[(usize, &str)]| {
            let o: Vec<(usize, String)> = o.iter().map(|(c, k)| (*c, (*k).to_owned())).collect();
            with_overrides(recognised.clone(), &o)
        };
        assert_eq!(over(&[]), Ok(recognised.clone()));
        assert_eq!(
            over(&[(1, "mobile")]),
            Ok(vec![Some(F::CompanyName), Some(F::Mobile), Some(F::Phone)])
        );
        // The field moves to the column the user chose.
        assert_eq!(
            over(&[(1, "phone")]),
            Ok(vec![Some(F::CompanyName), Some(F::Phone), None])
        );
        assert_eq!(over(&[(0, "")]), Ok(vec![None, None, Some(F::Phone)]));
        // Swapping two columns' fields.
        assert_eq!(
            over(&[(0, "phone"), (2, "company_name")]),
            Ok(vec![Some(F::Phone), None, Some(F::CompanyName)])
        );
        // A later override of the same column replaces the earlier one.
        assert_eq!(
            over(&[(1, "email"), (1, "title")]),
            Ok(vec![Some(F::CompanyName), Some(F::Title), Some(F::Phone)])
        );
        assert_eq!(over(&[(3, "email")]), Err(InvalidValue::NotAllowed));
        assert_eq!(over(&[(1, "salary")]), Err(InvalidValue::NotAllowed));
        assert_eq!(over(&[(1, "Email")]), Err(InvalidValue::NotAllowed));
        assert_eq!(
            over(&[(0, "email"), (1, "email")]),
            Err(InvalidValue::NotAllowed)
        );
    }

    #[test]
    fn rows_become_fields() {
        let mapping = vec![
            Some(F::CompanyName),
            Some(F::FirstName),
            Some(F::LastName),
            None,
            Some(F::Mobile),
            Some(F::Phone),
        ];
        let row = |cells: &[&str]| row_to_fields(&mapping, &strings(cells));

        let fields = row(&[" 华为 ", "三", "张", "ignored", "13800138000", ""]);
        assert_eq!(
            fields.get(&F::CompanyName).map(String::as_str),
            Some("华为")
        );
        assert_eq!(
            fields.get(&F::ContactName).map(String::as_str),
            Some("张三")
        );
        assert_eq!(
            fields.get(&F::Phone).map(String::as_str),
            Some("13800138000")
        );
        assert_eq!(
            fields.get(&F::Mobile).map(String::as_str),
            Some("13800138000")
        );
        assert!(!fields.contains_key(&F::FirstName) && !fields.contains_key(&F::LastName));

        let fields = row(&["Acme", "Ann", "Lee", "", "+1 555 0100", "+1 555 0199"]);
        assert_eq!(
            fields.get(&F::ContactName).map(String::as_str),
            Some("Ann Lee")
        );
        assert_eq!(
            fields.get(&F::Phone).map(String::as_str),
            Some("+1 555 0199")
        );

        // Mixed scripts still follow the Chinese order.
        assert_eq!(
            row(&["", "Wei", "王"])
                .get(&F::ContactName)
                .map(String::as_str),
            Some("王Wei")
        );
        assert_eq!(
            row(&["", "  ", "Lee"])
                .get(&F::ContactName)
                .map(String::as_str),
            Some("Lee")
        );
        // Short rows: missing cells are absent, nothing is invented.
        let fields = row(&["Acme"]);
        assert_eq!(fields.len(), 1);
        assert!(row(&[]).is_empty());
        assert!(row(&["", " ", "\t"]).is_empty());
    }

    #[test]
    fn contact_name_wins_over_its_parts() {
        let mapping = vec![Some(F::ContactName), Some(F::FirstName), Some(F::LastName)];
        let fields = row_to_fields(&mapping, &strings(&["李四", "三", "张"]));
        assert_eq!(
            fields.get(&F::ContactName).map(String::as_str),
            Some("李四")
        );
        assert_eq!(fields.get(&F::FirstName).map(String::as_str), Some("三"));
    }

    #[test]
    fn mapping_needs_a_company_or_a_reachable_contact() {
        let ok: &[&[LeadField]] = &[
            &[F::CompanyName],
            &[F::ContactName, F::Phone],
            &[F::FirstName, F::Email],
            &[F::LastName, F::Mobile],
        ];
        for fields in ok {
            let mapping: Vec<_> = fields.iter().copied().map(Some).chain([None]).collect();
            assert_eq!(check_mapping(&mapping), Ok(()), "{fields:?}");
        }
        let refused: &[&[LeadField]] = &[
            &[],
            &[F::ContactName],
            &[F::Phone, F::Email],
            &[F::Title, F::Website],
        ];
        for fields in refused {
            let mapping: Vec<_> = fields.iter().copied().map(Some).collect();
            assert_eq!(
                check_mapping(&mapping),
                Err("company_or_contact_required"),
                "{fields:?}"
            );
        }
    }
}
