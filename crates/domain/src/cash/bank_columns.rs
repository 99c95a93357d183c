//! Which columns of a bank statement hold what. Banks export a few title lines (the account,
//! the period) above the column names, name the same column many ways (交易日期, 记账日期,
//! Value Date…; 贷方发生额（元）, 收入金额, Credit…), and often keep money in and money out
//! in two columns. The header is the first of the top rows naming a date, a payer and an
//! amount; a person may name the columns instead (the import's mapping step).

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// A named column refused: the parameter (`date`, `payer`, …) and why (`required`,
/// `unknown_column`).
pub type Refusal = (&'static str, &'static str);

/// How many rows from the top may hold the column names.
pub const HEADER_SEARCH_ROWS: usize = 30;

/// The columns of a statement, by position.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Columns {
    pub date: Option<usize>,
    pub payer: Option<usize>,
    /// Money received (the credit column, or one signed amount column).
    pub amount: Option<usize>,
    /// Money paid out, when the statement keeps it apart: rows with money only here are
    /// outgoing and skipped.
    pub debit: Option<usize>,
    pub reference: Option<usize>,
    pub currency: Option<usize>,
}

/// The names a person chose for each column (each one of the header's cells).
#[derive(Debug, Default, Deserialize, IntoParams, ToSchema)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ColumnMapping {
    /// The column with the date the money arrived.
    pub date: Option<String>,
    /// The column with the payer's name.
    pub payer: Option<String>,
    /// The column with the money received.
    pub amount: Option<String>,
    /// The column with money paid out, if the statement has one.
    pub debit: Option<String>,
    /// The column with the reference or note.
    pub reference: Option<String>,
}

impl ColumnMapping {
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.date.is_none()
            && self.payer.is_none()
            && self.amount.is_none()
            && self.debit.is_none()
            && self.reference.is_none()
    }
}

/// A header cell as compared: no BOM, spaces or unit such as （元）, lower case.
fn normalise(cell: &str) -> String {
    let mut h: String = cell
        .trim()
        .trim_start_matches('\u{feff}')
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_lowercase();
    for unit in [
        "(元)",
        "（元）",
        "(人民币)",
        "（人民币）",
        "(rmb)",
        "(cny)",
        "（rmb）",
        "（cny）",
    ] {
        h = h.replace(unit, "");
    }
    h
}

const DATES: &[&str] = &[
    "date",
    "received_on",
    "valuedate",
    "transactiondate",
    "postingdate",
    "bookingdate",
    "日期",
    "交易日期",
    "交易时间",
    "交易日",
    "到账日期",
    "记账日期",
    "入账日期",
    "入账时间",
    "收款日期",
];
const PAYERS: &[&str] = &[
    "payer",
    "payername",
    "counterparty",
    "counterpartyname",
    "付款人",
    "付款方",
    "付款人名称",
    "付款人户名",
    "付款单位",
    "对方户名",
    "对方名称",
    "对方单位",
    "对方账户名",
    "对方账户名称",
    "对方账号名称",
    "对手户名",
    "交易对手",
    "交易对方",
];
const AMOUNTS: &[&str] = &[
    "amount",
    "credit",
    "creditamount",
    "金额",
    "收入",
    "收入金额",
    "贷方",
    "贷方金额",
    "贷方发生额",
    "入账金额",
    "收款金额",
    "交易金额",
    "发生额",
];
const DEBITS: &[&str] = &[
    "debit",
    "debitamount",
    "支出",
    "支出金额",
    "借方",
    "借方金额",
    "借方发生额",
    "付款金额",
];
const REFERENCES: &[&str] = &[
    "reference",
    "ref",
    "memo",
    "description",
    "narrative",
    "details",
    "摘要",
    "附言",
    "用途",
    "备注",
    "流水号",
    "交易流水号",
    "凭证号",
];
const CURRENCIES: &[&str] = &["currency", "币种"];

/// The columns a header row names, by the names banks give them.
#[must_use]
pub fn recognise(header: &[String]) -> Columns {
    let mut c = Columns::default();
    for (i, cell) in header.iter().enumerate() {
        let h = normalise(cell);
        let is = |names: &[&str]| names.contains(&h.as_str());
        let slot = if is(DATES) {
            &mut c.date
        } else if is(PAYERS) {
            &mut c.payer
        } else if is(AMOUNTS) {
            &mut c.amount
        } else if is(DEBITS) {
            &mut c.debit
        } else if is(REFERENCES) {
            &mut c.reference
        } else if is(CURRENCIES) {
            &mut c.currency
        } else {
            continue;
        };
        if slot.is_none() {
            *slot = Some(i);
        }
    }
    c
}

impl Columns {
    #[must_use]
    pub fn complete(&self) -> bool {
        self.date.is_some() && self.payer.is_some() && self.amount.is_some()
    }
}

/// The header among the first rows: the first that names a date, a payer and an amount; else
/// the first row (whose missing columns the caller names). Answers its index and columns.
#[must_use]
pub fn find_header(rows: &[Vec<String>]) -> (usize, Columns) {
    rows.iter()
        .take(HEADER_SEARCH_ROWS)
        .enumerate()
        .map(|(i, row)| (i, recognise(row)))
        .find(|(_, c)| c.complete())
        .unwrap_or_else(|| (0, rows.first().map(|r| recognise(r)).unwrap_or_default()))
}

/// The columns a person named: the header is the first of the top rows holding every named
/// column; a currency column is still recognised.
///
/// # Errors
/// Each parameter whose column is in no header row (`unknown_column`), or each required one
/// left out (`required`).
pub fn mapped(
    rows: &[Vec<String>],
    mapping: &ColumnMapping,
) -> Result<(usize, Columns), Vec<Refusal>> {
    let named = [
        ("date", mapping.date.as_deref()),
        ("payer", mapping.payer.as_deref()),
        ("amount", mapping.amount.as_deref()),
        ("debit", mapping.debit.as_deref()),
        ("reference", mapping.reference.as_deref()),
    ];
    let position =
        |row: &[String], name: &str| row.iter().position(|cell| cell.trim() == name.trim());
    let header = rows.iter().take(HEADER_SEARCH_ROWS).position(|row| {
        named
            .iter()
            .all(|(_, name)| name.is_none_or(|n| position(row, n).is_some()))
    });
    let mut refused: Vec<Refusal> = Vec::new();
    for (field, name) in named {
        match name {
            None if matches!(field, "date" | "payer" | "amount") => {
                refused.push((field, "required"));
            }
            Some(n)
                if header.is_none()
                    && !rows
                        .iter()
                        .take(HEADER_SEARCH_ROWS)
                        .any(|r| position(r, n).is_some()) =>
            {
                refused.push((field, "unknown_column"));
            }
            _ => {}
        }
    }
    let Some(at) = header.filter(|_| refused.is_empty()) else {
        if refused.is_empty() {
            // Every name is somewhere, but not all in one row.
            refused.push(("date", "unknown_column"));
        }
        return Err(refused);
    };
    let row = &rows[at];
    let find = |name: Option<&str>| name.and_then(|n| position(row, n));
    Ok((
        at,
        Columns {
            date: find(mapping.date.as_deref()),
            payer: find(mapping.payer.as_deref()),
            amount: find(mapping.amount.as_deref()),
            debit: find(mapping.debit.as_deref()),
            reference: find(mapping.reference.as_deref()),
            currency: recognise(row).currency,
        },
    ))
}

/// The name of a column of `header`, for showing the mapping.
#[must_use]
pub fn name(header: &[String], column: Option<usize>) -> Option<String> {
    column
        .and_then(|i| header.get(i))
        .map(|h| h.trim().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|c| (*c).to_owned()).collect()
    }

    #[test]
    fn the_header_is_found_below_a_banks_title_lines() {
        let rows = vec![
            row(&["招商银行账户交易明细"]),
            row(&["账号：6222 0000 1234", "户名：星辰科技"]),
            row(&[
                "交易日期",
                "对方户名",
                "贷方发生额（元）",
                "借方发生额（元）",
                "摘 要",
                "币种",
            ]),
            row(&[
                "2026-03-01",
                "上海某某有限公司",
                "1,000.00",
                "",
                "货款",
                "CNY",
            ]),
        ];
        let (at, c) = find_header(&rows);
        assert_eq!(at, 2);
        assert_eq!(
            c,
            Columns {
                date: Some(0),
                payer: Some(1),
                amount: Some(2),
                debit: Some(3),
                reference: Some(4),
                currency: Some(5)
            }
        );
        assert_eq!(
            name(&rows[2], c.amount).as_deref(),
            Some("贷方发生额（元）")
        );
    }

    #[test]
    fn english_names_and_the_first_of_two_alike_columns() {
        let c = recognise(&row(&[
            "Value Date",
            "Counterparty",
            "Credit",
            "Debit",
            "Narrative",
            "Amount",
        ]));
        assert_eq!(
            (c.date, c.payer, c.amount, c.debit, c.reference),
            (Some(0), Some(1), Some(2), Some(3), Some(4))
        );
    }

    #[test]
    fn without_a_header_the_first_row_says_what_is_missing() {
        let rows = vec![
            row(&["时间", "客户", "钱"]),
            row(&["2026-03-01", "某公司", "1"]),
        ];
        let (at, c) = find_header(&rows);
        assert_eq!(at, 0);
        assert!(!c.complete());
    }

    #[test]
    fn a_person_names_the_columns() {
        let rows = vec![
            row(&["流水"]),
            row(&["时间", "客户", "钱", "说明"]),
            row(&["2026-03-01", "某公司", "1", "x"]),
        ];
        let mapping = ColumnMapping {
            date: Some("时间".into()),
            payer: Some("客户".into()),
            amount: Some("钱".into()),
            debit: None,
            reference: Some("说明".into()),
        };
        let (at, c) = mapped(&rows, &mapping).ok().unwrap_or_default();
        assert_eq!(at, 1);
        assert_eq!(
            (c.date, c.payer, c.amount, c.reference),
            (Some(0), Some(1), Some(2), Some(3))
        );

        let wrong = ColumnMapping {
            amount: Some("金额".into()),
            ..mapping
        };
        let fields = mapped(&rows, &wrong).err().unwrap_or_default();
        assert_eq!(fields, vec![("amount", "unknown_column")]);
        let fields = mapped(
            &rows,
            &ColumnMapping {
                date: Some("时间".into()),
                ..ColumnMapping::default()
            },
        )
        .err()
        .unwrap_or_default();
        assert_eq!(fields.len(), 2, "payer and amount are required: {fields:?}");
    }
}
