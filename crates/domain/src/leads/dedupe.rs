//! Duplicate detection (线索查重): the keys a lead, contact or customer is indexed by, and the
//! comparison of a new record with an existing one.
//!
//! Candidates are found through an index of `(kind, value)` pairs ([`DedupeKeys::index_entries`])
//! and then compared with [`compare`]; nothing here scans records.

mod company;
mod credit_code;
mod phone;
mod places;
mod similarity;
mod words;

use serde::Serialize;

use crate::text::EmailAddress;
use crate::InvalidValue;

pub use company::{company_key, CompanyKey};
pub use credit_code::CreditCode;
pub use phone::{mask_email, mask_phone, normalize_phone};
pub use similarity::{company_similarity, fuzzy_keys, SAME_COMPANY_SCORE};

/// Everything duplicate detection knows about one record (a lead, contact or customer).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DedupeKeys {
    pub company: Option<CompanyKey>,
    /// E.164.
    pub phone: Option<String>,
    /// Lower-case.
    pub email: Option<String>,
    pub credit_code: Option<String>,
}

impl DedupeKeys {
    /// From raw fields; fields that do not parse are simply absent (the caller validates them
    /// separately).
    #[must_use]
    pub fn from_fields(
        company: Option<&str>,
        phone: Option<&str>,
        email: Option<&str>,
        credit_code: Option<&str>,
    ) -> Self {
        Self {
            company: company.and_then(company_key),
            phone: phone.and_then(|p| normalize_phone(p).ok()),
            email: email
                .and_then(|e| EmailAddress::parse(e).ok())
                .map(|e| e.as_str().to_owned()),
            credit_code: credit_code
                .and_then(|c| CreditCode::parse(c).ok())
                .map(|c| c.as_str().to_owned()),
        }
    }

    /// `(kind, value)` pairs to store in an index table, without repeats.
    #[must_use]
    pub fn index_entries(&self) -> Vec<(KeyKind, String)> {
        let mut entries = Vec::new();
        let mut push = |kind: KeyKind, value: &str| {
            if !value.is_empty() && !entries.iter().any(|(k, v)| *k == kind && v == value) {
                entries.push((kind, value.to_owned()));
            }
        };
        if let Some(code) = &self.credit_code {
            push(KeyKind::CreditCode, code);
        }
        if let Some(company) = &self.company {
            push(KeyKind::Company, &company.normalized);
            for key in fuzzy_keys(company) {
                push(KeyKind::Fuzzy, &key);
            }
        }
        if let Some(phone) = &self.phone {
            push(KeyKind::Phone, phone);
        }
        if let Some(email) = &self.email {
            push(KeyKind::Email, email);
        }
        entries
    }
}

/// The kind of an index entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum KeyKind {
    Company,
    Fuzzy,
    Phone,
    Email,
    CreditCode,
}

impl KeyKind {
    pub const ALL: [Self; 5] = [
        Self::Company,
        Self::Fuzzy,
        Self::Phone,
        Self::Email,
        Self::CreditCode,
    ];

    /// The stored key: "company", "fuzzy", "phone", "email", "credit_code".
    #[must_use]
    pub fn key(self) -> &'static str {
        match self {
            Self::Company => "company",
            Self::Fuzzy => "fuzzy",
            Self::Phone => "phone",
            Self::Email => "email",
            Self::CreditCode => "credit_code",
        }
    }

    /// # Errors
    /// `Required` when blank, `NotAllowed` when not one of the keys.
    pub fn parse(text: &str) -> Result<Self, InvalidValue> {
        let text = text.trim();
        if text.is_empty() {
            return Err(InvalidValue::Required);
        }
        Self::ALL
            .into_iter()
            .find(|k| k.key() == text)
            .ok_or(InvalidValue::NotAllowed)
    }
}

/// Why a candidate is a duplicate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum Reason {
    SameCreditCode,
    SamePhone,
    SameEmail,
    SameCompany,
    SimilarCompany { score: u8 },
}

impl Reason {
    /// Stable machine code, translated by the UI.
    #[must_use]
    pub fn code(&self) -> &'static str {
        match self {
            Self::SameCreditCode => "same_credit_code",
            Self::SamePhone => "same_phone",
            Self::SameEmail => "same_email",
            Self::SameCompany => "same_company",
            Self::SimilarCompany { .. } => "similar_company",
        }
    }

    /// Order among reasons of equal score: exact keys before a similar name.
    fn rank(&self) -> u8 {
        match self {
            Self::SameCreditCode => 0,
            Self::SameCompany => 1,
            Self::SamePhone => 2,
            Self::SameEmail => 3,
            Self::SimilarCompany { .. } => 4,
        }
    }

    /// The score this reason alone gives.
    #[must_use]
    pub fn score(&self) -> u8 {
        match self {
            Self::SameCreditCode => 100,
            Self::SameCompany => 95,
            Self::SamePhone | Self::SameEmail => 90,
            Self::SimilarCompany { score } => *score,
        }
    }
}

/// A duplicate's score (0–100) and its reasons, strongest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Match {
    pub score: u8,
    pub reasons: Vec<Reason>,
}

/// Compares a new record with an existing one: `None` when not a duplicate.
///
/// Each reason scores on its own (credit code 100, same normalized company 95, phone 90,
/// e-mail 90, similar company its similarity when at least [`SAME_COMPANY_SCORE`]); several
/// reasons give the highest plus 5 per extra reason, at most 100.
///
/// Two records with different credit codes are different legal entities: their names are then
/// not compared (北京某某科技 and 上海某某科技 both reduce to 某某科技), while a shared phone or
/// e-mail still counts.
#[must_use]
pub fn compare(new: &DedupeKeys, existing: &DedupeKeys) -> Option<Match> {
    let same = |a: &Option<String>, b: &Option<String>| matches!((a, b), (Some(a), Some(b)) if !a.is_empty() && a == b);
    let mut reasons = Vec::new();
    if same(&new.credit_code, &existing.credit_code) {
        reasons.push(Reason::SameCreditCode);
    }
    let other_entity = matches!(
        (&new.credit_code, &existing.credit_code),
        (Some(a), Some(b)) if a != b
    );
    if let (Some(a), Some(b), false) = (&new.company, &existing.company, other_entity) {
        if a.normalized == b.normalized {
            reasons.push(Reason::SameCompany);
        } else {
            let score = company_similarity(a, b);
            if score >= SAME_COMPANY_SCORE {
                reasons.push(Reason::SimilarCompany { score });
            }
        }
    }
    if same(&new.phone, &existing.phone) {
        reasons.push(Reason::SamePhone);
    }
    if same(&new.email, &existing.email) {
        reasons.push(Reason::SameEmail);
    }
    reasons.sort_by_key(|r| (std::cmp::Reverse(r.score()), r.rank()));
    let best = reasons.first()?.score();
    let extra = u8::try_from(reasons.len() - 1).unwrap_or(u8::MAX);
    let score = best.saturating_add(extra.saturating_mul(5)).min(100);
    Some(Match { score, reasons })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Company pairs and whether they are the same company.
    const COMPANIES: &[(&str, &str, bool)] = &[
        // full-width, case, punctuation, spaces
        ("ＡＢＣ科技（上海）有限公司", "ABC科技有限公司", true),
        ("Ｈｕａｗｅｉ", "huawei", true),
        ("华为技术 有限 公司", "华为技术有限公司", true),
        ("华为技术-有限公司。", "华为技术有限公司", true),
        ("TENCENT HOLDINGS LTD.", "tencent holdings limited", true),
        (
            "Huawei Technologies Co., Ltd.",
            "HUAWEI TECHNOLOGIES CO.,LTD",
            true,
        ),
        (
            "SAMSUNG ELECTRONICS CO LTD",
            "Samsung Electronics Co., Ltd.",
            true,
        ),
        // places in brackets, anywhere
        ("腾讯科技（深圳）有限公司", "腾讯科技有限公司", true),
        (
            "阿里巴巴（中国）网络技术有限公司",
            "阿里巴巴网络技术有限公司",
            true,
        ),
        (
            "百度在线网络技术（北京）有限公司",
            "百度在线网络技术有限公司",
            true,
        ),
        ("网易（杭州）网络有限公司", "网易网络有限公司", true),
        (
            "携程计算机技术（上海）有限公司",
            "携程计算机技术有限公司",
            true,
        ),
        ("字节跳动有限公司", "字节跳动（香港）有限公司", true),
        ("台积电（南京）有限公司", "台积电有限公司", true),
        ("西门子（中国）有限公司", "西门子有限公司", true),
        ("联想（北京）有限公司", "联想集团有限公司", true),
        (
            "【北京】京东方科技集团股份有限公司",
            "京东方科技集团股份有限公司",
            true,
        ),
        ("Lenovo (Hong Kong) Limited", "Lenovo Limited", true),
        (
            "Tencent Technology (Shenzhen) Company Limited",
            "Tencent Technology Co., Ltd.",
            true,
        ),
        (
            "Robert Bosch (China) Investment Ltd.",
            "Robert Bosch Investment Ltd.",
            true,
        ),
        // places at the start, with and without 市/省/自治区
        ("广东省深圳市华为技术有限公司", "深圳华为技术有限公司", true),
        ("深圳市华为技术有限公司", "华为技术有限公司", true),
        ("北京字节跳动科技有限公司", "字节跳动科技有限公司", true),
        (
            "北京市字节跳动科技有限公司",
            "北京字节跳动科技有限公司",
            true,
        ),
        ("小米科技有限责任公司", "北京小米科技有限责任公司", true),
        ("上海拉扎斯信息科技有限公司", "拉扎斯信息科技有限公司", true),
        ("京东世纪贸易有限公司", "北京京东世纪贸易有限公司", true),
        ("苏州科达科技股份有限公司", "科达科技股份有限公司", true),
        (
            "苏州科沃斯机器人股份有限公司",
            "科沃斯机器人股份有限公司",
            true,
        ),
        (
            "杭州海康威视数字技术股份有限公司",
            "海康威视数字技术股份有限公司",
            true,
        ),
        ("深圳市大疆创新科技有限公司", "大疆创新科技有限公司", true),
        ("深圳市汇川技术股份有限公司", "深圳汇川技术有限公司", true),
        ("深圳市中兴通讯股份有限公司", "中兴通讯股份有限公司", true),
        ("广东美的集团股份有限公司", "美的集团股份有限公司", true),
        ("山东省青岛市海信集团有限公司", "海信集团有限公司", true),
        (
            "重庆市长安汽车股份有限公司",
            "重庆长安汽车股份有限公司",
            true,
        ),
        ("江苏省南京市苏宁易购集团", "苏宁易购集团股份有限公司", true),
        ("浙江吉利控股集团有限公司", "吉利控股集团", true),
        (
            "内蒙古伊利实业集团股份有限公司",
            "伊利实业集团股份有限公司",
            true,
        ),
        ("内蒙古自治区蒙牛乳业有限公司", "蒙牛乳业有限公司", true),
        (
            "广西壮族自治区柳工机械股份有限公司",
            "广西柳工机械股份有限公司",
            true,
        ),
        (
            "新疆维吾尔自治区金风科技股份有限公司",
            "新疆金风科技股份有限公司",
            true,
        ),
        (
            "西藏自治区奇正藏药股份有限公司",
            "西藏奇正藏药股份有限公司",
            true,
        ),
        (
            "宁夏回族自治区宝丰能源集团股份有限公司",
            "宁夏宝丰能源集团股份有限公司",
            true,
        ),
        ("黑龙江省哈尔滨市哈药集团", "哈药集团股份有限公司", true),
        ("延边州长白山旅游有限公司", "长白山旅游有限公司", true),
        (
            "恩施土家族苗族自治州华龙村茶业有限公司",
            "华龙村茶业有限公司",
            true,
        ),
        ("福州福耀玻璃工业集团", "福耀玻璃工业集团股份有限公司", true),
        (
            "Shenzhen Tencent Computer Systems Co., Ltd.",
            "Tencent Computer Systems Company Limited",
            true,
        ),
        (
            "深圳市腾讯计算机系统有限公司",
            "腾讯计算机系统有限公司",
            true,
        ),
        (
            "Beijing Kingsoft Office Software, Inc.",
            "Kingsoft Office Software Inc",
            true,
        ),
        (
            "Shanghai Electric Group Company Limited",
            "Shanghai Electric Group Co., Ltd.",
            true,
        ),
        // legal forms, groups, factories, branches
        (
            "Alibaba Group Holding Limited",
            "Alibaba Group Holding Ltd.",
            true,
        ),
        ("Apple Inc.", "Apple Incorporated", true),
        ("Microsoft Corporation", "Microsoft Corp.", true),
        ("Siemens Ltd., China", "Siemens Limited", true),
        ("The Coca-Cola Company", "Coca Cola Co.", true),
        ("Xiaomi Corporation", "XIAOMI CORP", true),
        ("Amazon.com, Inc.", "Amazon.com Inc", true),
        ("Bank of China Limited", "Bank of China Ltd", true),
        ("Lenovo Group Limited", "Lenovo (Beijing) Co., Ltd.", true),
        ("美的集团股份有限公司", "美的集团有限公司", true),
        ("海尔集团公司", "青岛海尔集团", true),
        ("华润（集团）有限公司", "华润集团", true),
        ("顺丰速运有限公司", "顺丰速运（集团）有限公司", true),
        ("蚂蚁科技集团股份有限公司", "蚂蚁科技集团", true),
        ("中国平安保险（集团）股份有限公司", "中国平安保险集团", true),
        (
            "宁德时代新能源科技股份有限公司",
            "宁德时代新能源科技有限公司",
            true,
        ),
        ("上海汽车集团股份有限公司", "上海汽车集团", true),
        ("上海贝尔股份有限公司", "上海贝尔有限公司", true),
        ("东莞市新科电子厂", "新科电子有限公司", true),
        ("华为技术有限公司", "华为技术有限公司北京分公司", true),
        ("中国银行股份有限公司上海市分行", "中国银行", true),
        ("中国银行股份有限公司", "中国银行", true),
        ("招商银行股份有限公司", "招商银行", true),
        ("上海浦东发展银行股份有限公司", "上海浦东发展银行", true),
        ("北京银行股份有限公司", "北京银行", true),
        // the same brand with other industry words, and typos
        ("华为技术有限公司", "华为科技有限公司", true),
        ("比亚迪股份有限公司", "比亚迪汽车有限公司", true),
        (
            "科大讯飞股份有限公司",
            "安徽科大讯飞信息科技股份有限公司",
            true,
        ),
        ("京东方科技集团股份有限公司", "北京京东方科技有限公司", true),
        (
            "Huawei Technologies Co., Ltd.",
            "Huawei Technology Co Ltd",
            true,
        ),
        ("Tencent", "Tencnet", true),
        ("Tencent Technology Ltd", "Tencnet Technology Ltd", true),
        ("Alibaba", "Alibabba", true),
        ("阿里巴巴网络技术有限公司", "阿里巴吧网络技术有限公司", true),
        // near misses
        ("中国银行", "中国建设银行", false),
        ("中国银行股份有限公司", "中国人民银行", false),
        ("华为", "华夏", false),
        ("华为技术有限公司", "华夏银行股份有限公司", false),
        ("上海浦东发展银行", "上海浦东开发区建设有限公司", false),
        ("北京大学", "北京理工大学", false),
        ("北京大学", "南京大学", false),
        ("北京理工大学", "大连理工大学", false),
        ("北京交通大学", "上海交通大学", false),
        ("北京协和医院", "北京同仁医院", false),
        ("北京银行", "南京银行", false),
        ("江苏银行", "江西银行", false),
        ("上海银行", "上海农商银行", false),
        ("工商银行", "农商银行", false),
        ("中信银行", "中信证券", false),
        ("招商银行", "招商证券", false),
        ("上海证券有限责任公司", "北京证券有限责任公司", false),
        ("苏州科达科技股份有限公司", "苏州科技有限公司", false),
        ("苏州科达", "苏州科技", false),
        ("长城汽车股份有限公司", "长安汽车股份有限公司", false),
        (
            "阿里巴巴网络技术有限公司",
            "阿里健康信息技术有限公司",
            false,
        ),
        ("腾讯科技有限公司", "腾讯音乐娱乐科技有限公司", false),
        ("北京星河科技有限公司", "北京银河科技有限公司", false),
        (
            "深圳市腾达网络科技有限公司",
            "深圳市腾讯网络科技有限公司",
            false,
        ),
        ("华为技术有限公司", "华硕科技有限公司", false),
        (
            "深圳市大疆创新科技有限公司",
            "深圳市大族激光科技股份有限公司",
            false,
        ),
        ("小米科技有限责任公司", "小鹏汽车科技有限公司", false),
        ("中国建设银行", "中国建筑集团有限公司", false),
        (
            "中国移动通信集团有限公司",
            "中国联合网络通信集团有限公司",
            false,
        ),
        (
            "中国人寿保险股份有限公司",
            "中国人民保险集团股份有限公司",
            false,
        ),
        (
            "中国石油天然气集团有限公司",
            "中国石油化工集团有限公司",
            false,
        ),
        (
            "上海汽车集团股份有限公司",
            "上海电气集团股份有限公司",
            false,
        ),
        ("上海贝尔股份有限公司", "上海贝岭股份有限公司", false),
        ("华润置地有限公司", "华润万家有限公司", false),
        ("深圳华强集团有限公司", "深圳华侨城集团有限公司", false),
        ("美的集团", "美菱集团", false),
        ("海尔集团", "海信集团", false),
        ("格力电器", "格兰仕电器", false),
        ("Apple Inc.", "Applied Materials Inc.", false),
        ("Tencent", "Tesla", false),
        ("Tencent Holdings", "Tenant Holdings", false),
        ("Microsoft Corporation", "Micron Technology Inc.", false),
        ("Bank of China", "Bank of Communications", false),
        (
            "Bank of Beijing Co., Ltd.",
            "Bank of Shanghai Co., Ltd.",
            false,
        ),
        ("China Mobile Limited", "China Unicom Limited", false),
        (
            "Shanghai Electric Group",
            "Shanghai Automotive Group",
            false,
        ),
        (
            "Alibaba Group",
            "Alibaba Health Information Technology Ltd",
            false,
        ),
    ];

    #[test]
    fn company_pairs() {
        assert!(COMPANIES.len() >= 80);
        let mut wrong = Vec::new();
        for (a, b, same) in COMPANIES {
            let found = compare(
                &DedupeKeys::from_fields(Some(a), None, None, None),
                &DedupeKeys::from_fields(Some(b), None, None, None),
            );
            let back = compare(
                &DedupeKeys::from_fields(Some(b), None, None, None),
                &DedupeKeys::from_fields(Some(a), None, None, None),
            );
            assert_eq!(found, back, "{a} / {b}: not symmetric");
            if found.is_some() != *same {
                let ka = company_key(a);
                let kb = company_key(b);
                let score = ka.zip(kb).map(|(x, y)| {
                    (
                        x.normalized.clone(),
                        y.normalized.clone(),
                        company_similarity(&x, &y),
                    )
                });
                wrong.push(format!("{a} / {b}: expected same={same}, got {score:?}"));
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    fn keys(company: &str, phone: &str, email: &str, code: &str) -> DedupeKeys {
        let opt = |s: &str| {
            if s.is_empty() {
                None
            } else {
                Some(s.to_owned())
            }
        };
        DedupeKeys::from_fields(
            opt(company).as_deref(),
            opt(phone).as_deref(),
            opt(email).as_deref(),
            opt(code).as_deref(),
        )
    }

    #[test]
    fn reasons_and_scores() {
        let a = keys(
            "深圳市华为技术有限公司",
            "131 2345 6789",
            "Zhang@Huawei.com",
            "914403001922038216",
        );
        let found = compare(
            &a,
            &keys(
                "华为技术有限公司",
                "+8613123456789",
                "zhang@huawei.com",
                "914403001922038216",
            ),
        );
        assert_eq!(
            found,
            Some(Match {
                score: 100,
                reasons: vec![
                    Reason::SameCreditCode,
                    Reason::SameCompany,
                    Reason::SamePhone,
                    Reason::SameEmail
                ],
            })
        );
        let phone_only = compare(&a, &keys("某某贸易", "0086 13123456789", "", ""));
        assert_eq!(
            phone_only,
            Some(Match {
                score: 90,
                reasons: vec![Reason::SamePhone]
            })
        );
        let email_only = compare(&a, &keys("", "", "ZHANG@huawei.com ", ""));
        assert_eq!(email_only.map(|m| m.score), Some(90));
        let company_only = compare(&a, &keys("华为技术", "", "", ""));
        assert_eq!(
            company_only,
            Some(Match {
                score: 95,
                reasons: vec![Reason::SameCompany]
            })
        );
        let similar_and_phone = compare(&a, &keys("华为科技有限公司", "13123456789", "", ""));
        assert_eq!(
            similar_and_phone,
            Some(Match {
                score: 95,
                reasons: vec![Reason::SamePhone, Reason::SimilarCompany { score: 90 }]
            })
        );
        assert_eq!(
            compare(&a, &keys("腾讯科技", "13912345678", "li@qq.com", "")),
            None
        );
        assert_eq!(
            compare(&DedupeKeys::default(), &DedupeKeys::default()),
            None
        );
    }

    #[test]
    fn different_credit_codes_are_different_entities() {
        let beijing = keys("北京某某科技有限公司", "", "", "91110108551385082Q");
        let shanghai = keys("上海某某科技有限公司", "", "", "91350100M000100Y43");
        assert_eq!(compare(&beijing, &shanghai), None);
        let without_code = keys("上海某某科技有限公司", "", "", "");
        assert_eq!(
            compare(&beijing, &without_code).map(|m| m.reasons),
            Some(vec![Reason::SameCompany])
        );
        let same_phone = keys(
            "上海某某科技有限公司",
            "13123456789",
            "",
            "91350100M000100Y43",
        );
        let beijing_phone = keys(
            "北京某某科技有限公司",
            "13123456789",
            "",
            "91110108551385082Q",
        );
        assert_eq!(
            compare(&beijing_phone, &same_phone).map(|m| m.reasons),
            Some(vec![Reason::SamePhone])
        );
    }

    #[test]
    fn unparsable_fields_are_absent() {
        let k = keys("  ", "not a phone", "nobody", "91350100M000100Y44");
        assert_eq!(k, DedupeKeys::default());
        assert!(k.index_entries().is_empty());
    }

    #[test]
    fn index_entries_cover_every_key() {
        let k = keys(
            "阿里巴巴（中国）网络技术有限公司",
            "0571-8502 2088",
            "Ma@Alibaba-inc.com",
            "91330100716105852F",
        );
        let entries = k.index_entries();
        let entries: Vec<(&str, &str)> = entries
            .iter()
            .map(|(kind, v)| (kind.key(), v.as_str()))
            .collect();
        assert_eq!(
            entries,
            vec![
                ("credit_code", "91330100716105852F"),
                ("company", "阿里巴巴网络技术"),
                ("fuzzy", "阿里巴巴"),
                ("fuzzy", "阿里"),
                ("fuzzy", "里巴"),
                ("fuzzy", "巴巴"),
                ("phone", "+8657185022088"),
                ("email", "ma@alibaba-inc.com"),
            ]
        );
    }

    #[test]
    fn key_kinds_and_reason_codes() {
        for kind in KeyKind::ALL {
            assert_eq!(KeyKind::parse(kind.key()), Ok(kind));
            assert_eq!(
                serde_json::to_value(kind).ok(),
                Some(serde_json::json!(kind.key()))
            );
        }
        assert_eq!(KeyKind::parse(""), Err(InvalidValue::Required));
        assert_eq!(KeyKind::parse("name"), Err(InvalidValue::NotAllowed));
        let codes: Vec<&str> = [
            Reason::SameCreditCode,
            Reason::SamePhone,
            Reason::SameEmail,
            Reason::SameCompany,
            Reason::SimilarCompany { score: 85 },
        ]
        .iter()
        .map(Reason::code)
        .collect();
        assert_eq!(
            codes,
            [
                "same_credit_code",
                "same_phone",
                "same_email",
                "same_company",
                "similar_company"
            ]
        );
        assert_eq!(
            serde_json::to_value(Reason::SimilarCompany { score: 85 }).ok(),
            Some(serde_json::json!({"code": "similar_company", "score": 85}))
        );
    }

    proptest! {
        #[test]
        fn compare_is_symmetric_and_bounded(
            a in "(深圳市|华为|华夏|技术|科技|银行|有限公司| Ltd|Tencent|1312345678[0-9]){1,4}",
            b in "(深圳市|华为|华夏|技术|科技|银行|有限公司| Ltd|Tencent|1312345678[0-9]){1,4}",
        ) {
            let ka = DedupeKeys::from_fields(Some(&a), Some(&a), Some(&a), Some(&a));
            let kb = DedupeKeys::from_fields(Some(&b), Some(&b), Some(&b), Some(&b));
            let ab = compare(&ka, &kb);
            prop_assert_eq!(&ab, &compare(&kb, &ka));
            if let Some(m) = ab {
                prop_assert!(m.score <= 100 && m.score >= SAME_COMPANY_SCORE && !m.reasons.is_empty());
            }
            if ka.company.is_some() {
                let itself = compare(&ka, &ka);
                prop_assert!(itself.as_ref().is_some_and(|m| m.score >= 95), "{:?}", itself);
                prop_assert!(itself.is_some_and(|m| m.reasons.contains(&Reason::SameCompany)));
            }
        }
    }
}

#[cfg(test)]
mod trade_tests {
    use super::*;

    fn same(a: &str, b: &str) -> bool {
        compare(
            &DedupeKeys::from_fields(Some(a), None, None, None),
            &DedupeKeys::from_fields(Some(b), None, None, None),
        )
        .is_some()
    }

    #[test]
    fn one_brand_in_two_trades_is_two_companies() {
        assert!(!same("深圳白云能源有限公司", "南京白云电子有限公司"));
        assert!(!same("上海星云食品有限公司", "上海星云物流有限公司"));
        assert!(
            same("华为技术有限公司", "华为科技有限公司"),
            "technology in two names"
        );
        assert!(same("上海星云科技有限公司", "星云科技（上海）有限公司"));
        assert!(
            same("星云物流有限公司", "上海星云有限公司"),
            "a missing trade word"
        );
    }
}
