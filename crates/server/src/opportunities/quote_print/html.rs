//! The printed quote as an HTML page, laid out for A4 by its print style sheet.

use std::fmt::Write as _;

use super::sheet::{Party, QuoteSheet};

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn party(p: &Party) -> String {
    let mut out = format!("<div class=party-name>{}</div>", escape(&p.name));
    for (label, value) in &p.details {
        let _ = write!(out, "<div>{label}: {}</div>", escape(value));
    }
    out
}

const STYLE: &str = "@page{size:A4;margin:16mm 14mm}body{font-family:'Noto Sans CJK SC','Noto Sans',sans-serif;margin:0 auto;max-width:182mm;padding:12mm 0;color:#1f2328;font-size:10.5pt}\
header{display:flex;justify-content:space-between;align-items:flex-start;border-bottom:2px solid #1d4ed8;padding-bottom:4mm}\
.logo{display:flex;gap:3mm;align-items:center}.logo img{max-height:14mm;max-width:45mm;object-fit:contain}.mark{width:12mm;height:12mm;border-radius:2mm;background:#1d4ed8;color:#fff;display:flex;align-items:center;justify-content:center;font-size:16pt;font-weight:700}\
h1{font-size:18pt;margin:0;text-align:right}.meta{text-align:right;color:#555;line-height:1.6;white-space:nowrap}\
.parties{display:grid;grid-template-columns:1fr 1fr;gap:8mm;margin:6mm 0}.party h2{font-size:9pt;color:#666;margin:0 0 1mm;text-transform:uppercase;letter-spacing:.05em}.party-name{font-weight:700;font-size:11.5pt}.party div{line-height:1.55}\
table{width:100%;border-collapse:collapse}th{background:#f1f5f9;font-weight:600}td,th{border-bottom:1px solid #d0d7de;padding:2.2mm 2mm;text-align:left;vertical-align:top}\
.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}tfoot td{border:none;padding:1.4mm 2mm}tfoot tr.total td{font-weight:700;font-size:12pt;border-top:2px solid #1f2328}\
.terms{margin-top:7mm}.terms h2{font-size:10.5pt;margin:0 0 1mm}.terms p{white-space:pre-wrap;margin:0;line-height:1.6}\
footer{margin-top:12mm;display:grid;grid-template-columns:1fr 1fr;gap:8mm;color:#555}footer div{border-top:1px solid #999;padding-top:2mm}\
@media print{body{padding:0}th{-webkit-print-color-adjust:exact;print-color-adjust:exact}}\
@media screen and (max-width:640px){body{padding:5mm 4mm;font-size:10pt}header{flex-direction:column;gap:4mm}h1,.meta{text-align:left}.meta{white-space:normal}\
.parties{grid-template-columns:1fr;gap:4mm}thead{display:none}tbody tr{display:grid;grid-template-columns:auto 1fr;column-gap:3mm;border-bottom:1px solid #d0d7de;padding:2mm 0}\
tbody td{border:none;padding:.6mm 0}tbody td:first-child{grid-row:span 5;color:#555}tbody td.n{text-align:left;white-space:normal}tbody td[data-label]::before{content:attr(data-label) ': ';color:#555}\
tfoot td:first-child{padding-left:0}footer{grid-template-columns:1fr;gap:10mm}}";

/// The page: the logo (kept inside it as a `data:` address, so a saved copy keeps it) or
/// the seller's initial, the number and dates, both parties, the lines, totals and terms.
pub(super) fn render(s: &QuoteSheet) -> String {
    let mut rows = String::new();
    for (i, l) in s.lines.iter().enumerate() {
        let _ = write!(
            rows,
            "<tr><td>{}</td><td>{}</td><td class=n data-label=\"数量 Qty\">{}</td><td class=n data-label=\"单价 Unit price\">{}</td><td class=n data-label=\"折扣 Discount\">{}</td><td class=n data-label=\"金额 Amount\">{}</td></tr>",
            i + 1,
            escape(&l.description),
            escape(&l.quantity),
            escape(&l.unit_price),
            escape(&l.discount),
            escape(&l.amount)
        );
    }
    let discount_row = s.discount.as_ref().map_or_else(String::new, |d| {
        format!(
            "<tr><td colspan=5 class=n>折扣 Discount</td><td class=n>{}</td></tr>",
            escape(d)
        )
    });
    let mark = s.logo.as_ref().map_or_else(
        || format!("<div class=mark>{}</div>", escape(&s.initial())),
        |logo| format!("<img src=\"{}\" alt=\"logo\">", logo.data_url()),
    );
    let buyer = s.buyer.as_ref().map(party).unwrap_or_default();
    format!(
        "<!doctype html><html lang=zh-CN><head><meta charset=utf-8><meta name=viewport content=\"width=device-width,initial-scale=1\"><title>报价单 Quotation {number}</title><style>{STYLE}</style></head>\
<body><header><div class=logo>{mark}<div><div class=party-name>{tenant}</div><div>商机 Opportunity: {opportunity}</div></div></div>\
<div><h1>报价单 Quotation</h1><div class=meta>报价单号 No. {number}<br>版本 Version {version}<br>日期 Date: {issued}<br>有效期至 Valid until: {valid}</div></div></header>\
<section class=parties><div class=party><h2>卖方 Seller</h2>{seller}</div><div class=party><h2>买方 Buyer</h2>{buyer}</div></section>\
<table><thead><tr><th>#</th><th>项目 Item</th><th class=n>数量 Qty</th><th class=n>单价 Unit price</th><th class=n>折扣 Discount</th><th class=n>金额 Amount</th></tr></thead>\
<tbody>{rows}</tbody><tfoot><tr><td colspan=5 class=n>原价合计 List total</td><td class=n>{list}</td></tr>{discount_row}\
<tr class=total><td colspan=5 class=n>总计 Total ({currency})</td><td class=n>{total}</td></tr></tfoot></table>\
<section class=terms><h2>条款 Terms</h2><p>{terms}</p></section>\
<footer><div>卖方签章 For the seller</div><div>买方签章 For the buyer</div></footer></body></html>",
        number = escape(&s.number),
        tenant = escape(&s.seller.name),
        opportunity = escape(&s.opportunity),
        version = s.version,
        issued = escape(&s.issued),
        valid = escape(&s.valid_until),
        seller = party(&s.seller),
        list = escape(&s.list_total),
        currency = escape(&s.currency),
        total = escape(&s.total),
        terms = escape(&s.terms),
    )
}
