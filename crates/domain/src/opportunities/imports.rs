//! Opportunity imports: which field each column of a file fills (Salesforce's opportunity
//! export and the Chinese names people use), and the rules a row's dates must follow to
//! become true history.

use chrono::NaiveDate;

use crate::{
    leads::columns::{map_headers_by, normalise, with_overrides_by},
    opportunities::process::StageKind,
    InvalidValue,
};

/// An opportunity field an import column can fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DealField {
    Name,
    Account,
    Amount,
    Currency,
    Stage,
    CloseDate,
    CreatedDate,
    Owner,
    Product,
    LossReason,
}

impl DealField {
    /// Every field, in the order the mapping screen lists them.
    pub const ALL: [Self; 10] = [
        Self::Name,
        Self::Account,
        Self::Amount,
        Self::Currency,
        Self::Stage,
        Self::CloseDate,
        Self::CreatedDate,
        Self::Owner,
        Self::Product,
        Self::LossReason,
    ];

    /// The stable key used in the API and in saved mappings.
    #[must_use]
    pub fn key(self) -> &'static str {
        match self {
            Self::Name => "name",
            Self::Account => "account",
            Self::Amount => "amount",
            Self::Currency => "currency",
            Self::Stage => "stage",
            Self::CloseDate => "close_date",
            Self::CreatedDate => "created_date",
            Self::Owner => "owner",
            Self::Product => "product",
            Self::LossReason => "loss_reason",
        }
    }

    /// The field with exactly this key.
    #[must_use]
    pub fn parse(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.key() == key)
    }
}

/// Recognises a header cell: Salesforce's opportunity export (labels and API names), our own
/// keys, and the Chinese names people type.
#[must_use]
pub fn recognise(header: &str) -> Option<DealField> {
    use DealField as F;
    let name = normalise(header);
    if let Some(own) = DealField::ALL
        .into_iter()
        .find(|f| f.key().replace('_', "") == name)
    {
        return Some(own);
    }
    Some(match name.as_str() {
        "opportunityname" | "opportunity" | "dealname" | "deal" | "商机名称" | "商机"
        | "机会名称" | "销售机会" | "项目名称" => F::Name,
        "accountname" | "account" | "company" | "companyname" | "customer" | "customername"
        | "客户名称" | "客户" | "公司名称" | "公司" | "单位名称" => F::Account,
        "amount" | "opportunityamount" | "dealamount" | "金额" | "商机金额" | "预计金额"
        | "合同金额" | "销售金额" => F::Amount,
        "opportunitycurrency" | "currency" | "currencyisocode" | "币种" | "货币" => F::Currency,
        "stage" | "stagename" | "dealstage" | "阶段" | "销售阶段" | "商机阶段" => {
            F::Stage
        }
        "closedate" | "expectedclosedate" | "结单日期" | "预计成交日期" | "成交日期"
        | "关闭日期" | "赢单日期" => F::CloseDate,
        "createddate" | "createdate" | "created" | "创建日期" | "创建时间" => {
            F::CreatedDate
        }
        "opportunityowner" | "owner" | "ownername" | "dealowner" | "负责人" | "销售负责人"
        | "所有人" | "归属人" | "销售" => F::Owner,
        "product" | "productname" | "product2" | "产品" | "产品名称" => F::Product,
        "lossreason" | "reasonlost" | "closedlostreason" | "输单原因" | "丢单原因" => {
            F::LossReason
        }
        _ => return None,
    })
}

/// For each column, the field it fills; a field is filled from its first column only.
#[must_use]
pub fn map_headers(headers: &[String]) -> Vec<Option<DealField>> {
    map_headers_by(headers, recognise)
}

/// A user's mapping (column → field key, empty to skip) over the recognised one.
///
/// # Errors
/// `NotAllowed` for an unknown key, a column out of range or a field given twice.
pub fn with_overrides(
    recognised: Vec<Option<DealField>>,
    overrides: &[(usize, String)],
) -> Result<Vec<Option<DealField>>, InvalidValue> {
    with_overrides_by(recognised, overrides, DealField::parse)
}

/// Whether a mapping can make opportunities: it needs a name, an account, an amount and a
/// stage.
///
/// # Errors
/// `"name_account_amount_stage_required"`, a code the UI translates.
pub fn check_mapping(mapping: &[Option<DealField>]) -> Result<(), &'static str> {
    let has = |f: DealField| mapping.iter().flatten().any(|m| *m == f);
    if [
        DealField::Name,
        DealField::Account,
        DealField::Amount,
        DealField::Stage,
    ]
    .into_iter()
    .all(has)
    {
        Ok(())
    } else {
        Err("name_account_amount_stage_required")
    }
}

/// Salesforce's closing stages, as they appear in its exports.
#[must_use]
pub fn closing_stage(text: &str) -> Option<StageKind> {
    match normalise(text).as_str() {
        "closedwon" | "won" | "赢单" | "已成交" | "成交" => Some(StageKind::Won),
        "closedlost" | "lost" | "输单" | "丢单" | "已输单" => Some(StageKind::Lost),
        _ => None,
    }
}

/// The two dates of an imported deal that become its history: created, and (for a won or
/// lost deal) closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DealDates {
    pub created: NaiveDate,
    /// The close date: won or lost on it when closed, expected to close on it when open.
    pub close: Option<NaiveDate>,
}

/// Checks an imported deal's dates against its stage and today: a closed deal needs a close
/// date that is not in the future and not before it was created; nothing is created in the
/// future. Without a created date the deal is created on its close date when closed, else
/// today.
///
/// # Errors
/// The field and code of the first problem.
pub fn check_dates(
    kind: StageKind,
    created: Option<NaiveDate>,
    close: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<DealDates, (&'static str, &'static str)> {
    let closed = kind != StageKind::Open;
    if closed && close.is_none() {
        return Err(("close_date", "required"));
    }
    if closed && close.is_some_and(|c| c > today) {
        return Err(("close_date", "in_future"));
    }
    if created.is_some_and(|c| c > today) {
        return Err(("created_date", "in_future"));
    }
    let created = match (created, close) {
        (Some(c), _) => c,
        (None, Some(c)) if closed => c,
        _ => today,
    };
    if closed && close.is_some_and(|c| c < created) {
        return Err(("close_date", "before_created"));
    }
    Ok(DealDates { created, close })
}

#[cfg(test)]
mod tests {
    use super::*;
    use DealField as F;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn salesforce_and_chinese_headers_are_recognised() {
        let sf: Vec<String> = [
            "Opportunity Name",
            "Account Name",
            "Amount",
            "Stage",
            "Close Date",
            "Created Date",
            "Opportunity Owner",
            "Product",
            "Fiscal Period",
        ]
        .map(String::from)
        .to_vec();
        assert_eq!(
            map_headers(&sf),
            vec![
                Some(F::Name),
                Some(F::Account),
                Some(F::Amount),
                Some(F::Stage),
                Some(F::CloseDate),
                Some(F::CreatedDate),
                Some(F::Owner),
                Some(F::Product),
                None
            ]
        );
        let zh: Vec<String> = [
            "商机名称",
            "客户名称",
            "金额",
            "销售阶段",
            "结单日期",
            "创建日期",
            "负责人",
            "产品",
        ]
        .map(String::from)
        .to_vec();
        assert!(map_headers(&zh).iter().all(Option::is_some));
        assert!(check_mapping(&map_headers(&zh)).is_ok());
        assert_eq!(
            check_mapping(&[Some(F::Name), Some(F::Amount)]),
            Err("name_account_amount_stage_required")
        );
    }

    #[test]
    fn overrides_move_a_field_and_refuse_unknown_keys() {
        let mapping = with_overrides(vec![Some(F::Name), None], &[(1, "name".into())]).unwrap();
        assert_eq!(mapping, vec![None, Some(F::Name)]);
        assert!(with_overrides(vec![None], &[(0, "nope".into())]).is_err());
        assert!(with_overrides(vec![None], &[(3, "name".into())]).is_err());
    }

    #[test]
    fn closed_deals_need_a_past_close_date_after_creation() {
        let today = day(2026, 6, 1);
        let won = StageKind::Won;
        assert_eq!(
            check_dates(won, Some(day(2026, 1, 5)), Some(day(2026, 3, 1)), today),
            Ok(DealDates {
                created: day(2026, 1, 5),
                close: Some(day(2026, 3, 1))
            })
        );
        assert_eq!(
            check_dates(won, None, None, today),
            Err(("close_date", "required"))
        );
        assert_eq!(
            check_dates(StageKind::Lost, None, Some(day(2026, 7, 1)), today),
            Err(("close_date", "in_future"))
        );
        assert_eq!(
            check_dates(won, Some(day(2026, 4, 1)), Some(day(2026, 3, 1)), today),
            Err(("close_date", "before_created"))
        );
        assert_eq!(
            check_dates(won, None, Some(day(2026, 3, 1)), today).map(|d| d.created),
            Ok(day(2026, 3, 1))
        );
        // An open deal may close in the future and may lack dates.
        assert_eq!(
            check_dates(StageKind::Open, None, Some(day(2026, 9, 1)), today).map(|d| d.created),
            Ok(today)
        );
        assert_eq!(
            check_dates(StageKind::Open, Some(day(2026, 7, 1)), None, today),
            Err(("created_date", "in_future"))
        );
        assert_eq!(closing_stage("Closed Won"), Some(StageKind::Won));
        assert_eq!(closing_stage("closed lost"), Some(StageKind::Lost));
        assert_eq!(closing_stage("Prospecting"), None);
    }
}
