//! Company names reduced to what identifies the company.

use serde::Serialize;

use super::places;
use super::words::{
    without_suffix, BRANCH, CJK_LEGAL, CJK_LEGAL_NOTES, GENERIC, INSTITUTIONS, LATIN_LEGAL,
    LATIN_LINKS, PARENT_END, TYPES,
};

/// A company name reduced to what identifies the company.
///
/// `normalized`: full-width folded to half-width, lower-case, without punctuation and spaces,
/// without legal forms (有限公司, Co., Ltd. …), without places in brackets anywhere and without
/// places at the start (深圳市…, Shanghai …) — unless nothing identifying would be left.
/// A branch (…分公司, …分行, …办事处) is reduced to its parent.
///
/// `core`: `normalized` without industry words at its end (科技, 技术, Technology …), never
/// reduced to nothing, to a place or to industry words only.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct CompanyKey {
    pub normalized: String,
    pub core: String,
}

/// The key of a company name; `None` when nothing identifying is in it (blank, punctuation).
///
/// `company_key(&k.normalized)` gives `k` back.
#[must_use]
pub fn company_key(name: &str) -> Option<CompanyKey> {
    let mut normalized = reduce(name, true);
    if !normalized.chars().any(char::is_alphanumeric) {
        // Only a bracketed place, such as "（上海）": keep it rather than nothing.
        normalized = reduce(name, false);
    }
    // Each reduction only removes once the text is folded, so repeating it until nothing
    // changes makes the key of `normalized` equal to itself.
    loop {
        let next = reduce(&normalized, true);
        if next.len() >= normalized.len() {
            break;
        }
        normalized = next;
    }
    if normalized.is_empty() {
        return None;
    }
    let core = core_of(&normalized);
    Some(CompanyKey { normalized, core })
}

/// One round of reduction.
fn reduce(name: &str, drop_places: bool) -> String {
    let folded: String = name.chars().map(fold).collect::<String>().to_lowercase();
    let unbracketed = brackets(&folded, drop_places, 0);
    let mut words: Vec<String> = unbracketed
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect();
    strip_latin_ends(&mut words);
    let mut text = words.concat();
    strip_cjk_suffixes(&mut text);
    if !is_institution(&text) {
        while let Some(n) = places::leading_place(&text) {
            if !meaningful(&text[n..]) {
                break;
            }
            text.drain(..n);
            // 深圳市南山区…: the district after a city goes with it.
            if let Some(m) = places::leading_county(&text) {
                if meaningful(&text[m..]) {
                    text.drain(..m);
                }
            }
        }
    }
    text
}

/// Full-width ASCII and the ideographic space to ASCII; CJK brackets to round ones.
fn fold(c: char) -> char {
    match c {
        '\u{ff01}'..='\u{ff5e}' => char::from_u32(u32::from(c) - 0xfee0).unwrap_or(c),
        '\u{3000}' => ' ',
        '【' | '〔' | '〖' | '「' | '『' | '〈' | '《' => '(',
        '】' | '〕' | '〗' | '」' | '』' | '〉' | '》' => ')',
        _ => c,
    }
}

fn is_open(c: char) -> bool {
    matches!(c, '(' | '[' | '{')
}

fn is_close(c: char) -> bool {
    matches!(c, ')' | ']' | '}')
}

/// Removes bracketed places and legal notes; other bracket contents stay, without brackets.
fn brackets(text: &str, drop_places: bool, depth: usize) -> String {
    let chars: Vec<char> = text.chars().collect();
    // Matching pairs, found with a stack in one pass.
    let mut close_of = vec![None; chars.len()];
    let mut open = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        if is_open(c) {
            open.push(i);
        } else if is_close(c) {
            if let Some(o) = open.pop() {
                close_of[o] = Some(i);
            }
        }
    }
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match close_of[i] {
            Some(j) if depth < 8 => {
                let inner: String = chars[i + 1..j].iter().collect();
                let bare: String = inner.chars().filter(|c| c.is_alphanumeric()).collect();
                let note = places::is_place_only(&bare) || CJK_LEGAL_NOTES.contains(&bare.as_str());
                out.push(' ');
                if !(drop_places && note) {
                    out.push_str(&brackets(&inner, drop_places, depth + 1));
                    out.push(' ');
                }
                i = j + 1;
                continue;
            }
            _ if is_open(c) || is_close(c) => out.push(' '),
            _ => out.push(c),
        }
        i += 1;
    }
    out
}

/// English legal forms at the end (`Co., Ltd.`), a place next to them (`Siemens Ltd., China`,
/// `Foo Shanghai Co., Ltd.`), a leading "the" and leading places (`Shenzhen Tencent …`).
fn strip_latin_ends(words: &mut Vec<String>) {
    let mut after_legal = false;
    while words.len() >= 2 {
        let last = words.len() - 1;
        if LATIN_LEGAL.contains(&words[last].as_str()) {
            words.truncate(last);
            after_legal = true;
            continue;
        }
        let k = places::latin_trailing_place(words);
        if k > 0 && words.len() > k {
            let before = words[words.len() - k - 1].as_str();
            let legal_before = LATIN_LEGAL.contains(&before);
            if (legal_before || after_legal)
                && !LATIN_LINKS.contains(&before)
                && meaningful(&words[..words.len() - k].concat())
            {
                words.truncate(words.len() - k);
                after_legal = false;
                continue;
            }
        }
        break;
    }
    if words.len() >= 2 && words[0] == "the" {
        words.remove(0);
    }
    loop {
        let k = places::latin_leading_place(words);
        // "Hong Kong and China Gas": the place is part of the name.
        if k == 0
            || words.len() <= k
            || LATIN_LINKS.contains(&words[k].as_str())
            || is_institution(&words.concat())
        {
            break;
        }
        if !meaningful(&words[k..].concat()) {
            break;
        }
        words.drain(..k);
    }
}

/// Chinese legal forms and branch markers at the end, repeatedly, and a place right before a
/// legal form (`3M中国有限公司`, `腾讯科技深圳市有限公司`).
fn strip_cjk_suffixes(text: &mut String) {
    let mut after_legal = false;
    loop {
        if let Some(parent) = without_suffix(text, BRANCH).map(branch_parent) {
            if !parent.is_empty() {
                *text = parent;
                after_legal = false;
                continue;
            }
        }
        if let Some(rest) = without_suffix(text, CJK_LEGAL) {
            // 厂 after a single character is the name itself (电厂); 有限公司 alone stays.
            if (rest.chars().count() >= 2 || !text.ends_with('厂')) && !only_legal(rest) {
                *text = rest.to_owned();
                after_legal = true;
                continue;
            }
        }
        if after_legal {
            if let Some(n) = places::trailing_place(text, true) {
                let rest = &text[..text.len() - n];
                if meaningful(rest) && !is_institution(rest) {
                    *text = rest.to_owned();
                    after_legal = false;
                    continue;
                }
            }
        }
        break;
    }
}

fn only_legal(text: &str) -> bool {
    let mut rest = text;
    loop {
        if CJK_LEGAL.contains(&rest) {
            return true;
        }
        match without_suffix(rest, CJK_LEGAL) {
            Some(r) => rest = r,
            None => return false,
        }
    }
}

/// The parent's name in a branch's name without its branch marker: everything up to the last
/// legal form (`华为技术有限公司北京` → `华为技术有限公司`), else without a trailing place
/// (`华为技术北京` → `华为技术`).
fn branch_parent(head: &str) -> String {
    let cut = PARENT_END
        .iter()
        .filter_map(|w| head.rfind(w).map(|i| i + w.len()))
        .max();
    if let Some(end) = cut {
        return head[..end].to_owned();
    }
    if let Some(n) = places::trailing_place(head, false) {
        let rest = &head[..head.len() - n];
        if meaningful(rest) {
            return rest.to_owned();
        }
    }
    head.to_owned()
}

fn is_institution(text: &str) -> bool {
    INSTITUTIONS.iter().any(|w| text.ends_with(w))
}

/// Whether `text` still names someone: something beyond industry words, organisation types and
/// places, of at least two characters.
fn meaningful(text: &str) -> bool {
    let mut rest = text;
    while let Some(r) = without_suffix(rest, GENERIC)
        .or_else(|| without_suffix(rest, TYPES))
        .or_else(|| without_suffix(rest, INSTITUTIONS))
        .or_else(|| without_suffix(rest, CJK_LEGAL))
    {
        rest = r;
    }
    let whole_word = |list: &[&str]| list.contains(&rest);
    rest.chars().count() >= 2
        && !whole_word(GENERIC)
        && !whole_word(TYPES)
        && !whole_word(INSTITUTIONS)
        && !places::is_place_only(rest)
}

/// `normalized` without industry words at its end.
fn core_of(normalized: &str) -> String {
    let mut core = normalized;
    while let Some(rest) = without_suffix(core, GENERIC) {
        if !meaningful(rest) {
            break;
        }
        core = rest;
    }
    core.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn key(name: &str) -> (String, String) {
        company_key(name).map_or_else(Default::default, |k| (k.normalized, k.core))
    }

    #[test]
    fn names_reduce_to_their_identity() {
        let cases: &[(&str, &str, &str)] = &[
            ("深圳市华为技术有限公司", "华为技术", "华为"),
            ("广东省深圳市华为技术有限公司", "华为技术", "华为"),
            ("华为技术有限公司北京分公司", "华为技术", "华为"),
            ("腾讯科技（深圳）有限公司", "腾讯科技", "腾讯"),
            ("ＡＢＣ科技（上海）有限公司", "abc科技", "abc"),
            (
                "阿里巴巴（中国）网络技术有限公司",
                "阿里巴巴网络技术",
                "阿里巴巴",
            ),
            (
                "中国平安保险（集团）股份有限公司",
                "中国平安保险",
                "中国平安",
            ),
            ("中国银行股份有限公司上海市分行", "中国银行", "中国银行"),
            ("北京大学", "北京大学", "北京大学"),
            ("北京银行股份有限公司", "北京银行", "北京银行"),
            ("苏州科达科技股份有限公司", "科达科技", "科达"),
            ("苏州科技有限公司", "苏州科技", "苏州科技"),
            ("上海汽车集团股份有限公司", "上海汽车", "上海汽车"),
            ("上海证券有限责任公司", "上海证券", "上海证券"),
            ("深圳市场调研有限公司", "市场调研", "市场调研"),
            ("大理石材有限公司", "大理石材", "大理石材"),
            ("东莞市新科电子厂", "新科电子", "新科"),
            ("某某合伙企业（有限合伙）", "某某", "某某"),
            (
                "Alibaba Group Holding Limited",
                "alibabagroupholding",
                "alibaba",
            ),
            (
                "Huawei Technologies Co., Ltd.",
                "huaweitechnologies",
                "huawei",
            ),
            ("Siemens Ltd., China", "siemens", "siemens"),
            (
                "Shenzhen Tencent Computer Systems Co., Ltd.",
                "tencentcomputersystems",
                "tencentcomputer",
            ),
            (
                "Bank of Shanghai Co., Ltd.",
                "bankofshanghai",
                "bankofshanghai",
            ),
            ("The Coca-Cola Company", "cocacola", "cocacola"),
            ("Lenovo (Hong Kong) Limited", "lenovo", "lenovo"),
            (
                "Hong Kong and China Gas Company Limited",
                "hongkongandchinagas",
                "hongkongandchinagas",
            ),
            ("3M中国有限公司", "3m", "3m"),
            ("红星朝阳有限公司", "红星朝阳", "红星朝阳"),
            ("数字中国有限公司", "数字中国", "数字中国"),
            ("深圳市南山区腾讯科技有限公司", "腾讯科技", "腾讯"),
            ("江苏省沭阳县某某精密机械有限公司", "某某精密机械", "某某"),
            ("北京华联超市连锁有限公司", "华联超市连锁", "华联超市连锁"),
            ("北京超市发连锁股份有限公司", "超市发连锁", "超市发连锁"),
            ("上海", "上海", "上海"),
            ("（上海）", "上海", "上海"),
            ("有限公司", "有限公司", "有限公司"),
        ];
        for (name, normalized, core) in cases {
            assert_eq!(
                key(name),
                ((*normalized).to_owned(), (*core).to_owned()),
                "{name}"
            );
        }
        assert_eq!(company_key("  "), None);
        assert_eq!(company_key("（）——"), None);
    }

    proptest! {
        #[test]
        fn keys_are_idempotent(name in "\\PC{0,40}") {
            if let Some(k) = company_key(&name) {
                prop_assert!(!k.normalized.is_empty() && !k.core.is_empty());
                prop_assert_eq!(company_key(&k.normalized), Some(k));
            }
        }

        #[test]
        fn keys_of_company_like_names_are_idempotent(
            name in "(广东省|深圳市|北京|南山区|\\(上海\\)|（中国）|中国|Shanghai |Hong Kong |China |of |华为|腾讯|市场|科技|技术|有限公司|分公司|支行|集团|厂| Co\\., Ltd\\.|大学|银行|证券| |ａ|Ｂ|x){1,8}"
        ) {
            if let Some(k) = company_key(&name) {
                prop_assert_eq!(company_key(&k.normalized), Some(k));
            }
        }
    }
}
