//! How alike two company keys are, and the keys that find candidates through an index.

use super::company::CompanyKey;

/// The score at or above which two names count as the same company.
pub const SAME_COMPANY_SCORE: u8 = 80;

/// Names longer than this are compared on their first characters only.
const COMPARED_CHARS: usize = 256;

/// Similarity of two company keys, 0–100.
///
/// - 100 when `normalized` is equal;
/// - 90–99 when the cores are equal (华为技术 vs 华为科技);
/// - otherwise the mean of the edit similarities of `normalized` and of `core` (an adjacent
///   transposition counts as one edit), so that shared industry words alone do not make two
///   brands alike (腾讯网络科技 vs 腾达网络科技 → 66);
/// - a Latin-script core of 4+ letters one edit away scores at least 85 (Tencent vs Tencnet).
///
/// A one-character difference in a short Chinese name is a different company, not a typo
/// (江苏银行 vs 江西银行, 长城汽车 vs 长安汽车 → 75); in a long one it is a typo
/// (阿里巴巴网络技术 vs 阿里巴吧网络技术 → 81).
#[must_use]
pub fn company_similarity(a: &CompanyKey, b: &CompanyKey) -> u8 {
    if a.normalized == b.normalized {
        return 100;
    }
    let normalized = similarity(&a.normalized, &b.normalized);
    if a.core == b.core && !a.core.is_empty() {
        // The same brand in two different trades (白云能源 vs 白云电子) is two companies;
        // the same brand with a missing or interchangeable trade word is one.
        let tail = |k: &CompanyKey| {
            k.normalized
                .strip_prefix(k.core.as_str())
                .map(str::to_owned)
        };
        if let (Some(ta), Some(tb)) = (tail(a), tail(b)) {
            let both_named = !ta.is_empty() && !tb.is_empty();
            let same_trade = ta == tb || (interchangeable(&ta) && interchangeable(&tb));
            if both_named && !same_trade {
                return normalized.min(70);
            }
        }
        return normalized.clamp(90, 99);
    }
    let core = similarity(&a.core, &b.core);
    let mut score = (normalized + core) / 2;
    let latin = |s: &str| s.chars().all(|c| c.is_ascii_alphanumeric());
    if latin(&a.core)
        && latin(&b.core)
        && a.core.len().max(b.core.len()) >= 4
        && distance(&chars(&a.core), &chars(&b.core)) == 1
    {
        score = score.max(85);
    }
    score.min(99)
}

/// Trade words that say the same of a company: technology in its many names.
fn interchangeable(tail: &str) -> bool {
    const SAME: &[&str] = &[
        "科技",
        "技术",
        "信息",
        "网络",
        "软件",
        "信息技术",
        "网络科技",
        "信息科技",
        "科技发展",
        "技术开发",
        "电子科技",
        "数码",
        "智能",
        "智能科技",
        "technology",
        "technologies",
        "tech",
        "software",
        "digital",
    ];
    SAME.contains(&tail)
}

fn chars(s: &str) -> Vec<char> {
    s.chars().take(COMPARED_CHARS).collect()
}

/// Names up to this many characters are compared without touching the heap (an import
/// compares tens of candidates a row).
const ON_STACK: usize = 48;

/// 100 × (1 − distance / longer length), in integers.
fn similarity(a: &str, b: &str) -> u8 {
    let (mut sa, mut sb) = (['\0'; ON_STACK], ['\0'; ON_STACK]);
    let (va, vb);
    let (a, b): (&[char], &[char]) = match (fill(&mut sa, a), fill(&mut sb, b)) {
        (Some(la), Some(lb)) => (&sa[..la], &sb[..lb]),
        _ => {
            (va, vb) = (chars(a), chars(b));
            (&va, &vb)
        }
    };
    let longer = a.len().max(b.len());
    if longer == 0 {
        return 100;
    }
    let same = longer - distance(a, b).min(longer);
    u8::try_from(same * 100 / longer).unwrap_or(100)
}

/// Copies `s`'s characters into `buf`; `None` when they do not fit.
fn fill(buf: &mut [char; ON_STACK], s: &str) -> Option<usize> {
    let mut n = 0;
    for c in s.chars() {
        *buf.get_mut(n)? = c;
        n += 1;
    }
    Some(n)
}

/// Optimal string alignment distance: insertions, deletions, substitutions and transpositions
/// of adjacent characters.
fn distance(a: &[char], b: &[char]) -> usize {
    // Three rolling rows: the one before the previous (for transpositions), the previous and
    // the current.
    let width = b.len() + 1;
    let mut on_stack = [0usize; 3 * (ON_STACK + 1)];
    let mut on_heap = Vec::new();
    let rows: &mut [usize] = if 3 * width <= on_stack.len() {
        &mut on_stack[..3 * width]
    } else {
        on_heap.resize(3 * width, 0);
        &mut on_heap
    };
    let (mut before, mut previous, mut current) = (0, width, 2 * width);
    for (j, cell) in rows[previous..previous + width].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        rows[current] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (rows[previous + j] + 1)
                .min(rows[current + j - 1] + 1)
                .min(rows[previous + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(rows[before + j - 2] + 1);
            }
            rows[current + j] = best;
        }
        (before, previous, current) = (previous, current, before);
    }
    rows[previous + b.len()]
}

/// Keys that find fuzzy candidates through an index: the core, then its character bigrams
/// (trigrams for a Latin-script core, whose words are no longer separated), without repeats.
/// A core of up to 2 characters (3 letters) gives just itself.
#[must_use]
pub fn fuzzy_keys(key: &CompanyKey) -> Vec<String> {
    if key.core.is_empty() {
        return Vec::new();
    }
    let chars: Vec<char> = key.core.chars().collect();
    let size = if chars.iter().all(char::is_ascii_alphanumeric) {
        3
    } else {
        2
    };
    let mut keys = vec![key.core.clone()];
    if chars.len() > size {
        for gram in chars.windows(size) {
            let gram: String = gram.iter().collect();
            if !keys.contains(&gram) {
                keys.push(gram);
            }
        }
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::super::company::company_key;
    use super::*;
    use proptest::prelude::*;

    fn key(name: &str) -> CompanyKey {
        company_key(name).unwrap_or(CompanyKey {
            normalized: String::new(),
            core: String::new(),
        })
    }

    #[test]
    fn scores() {
        let cases: &[(&str, &str, u8)] = &[
            ("华为技术有限公司", "深圳市华为技术有限公司", 100),
            ("华为技术", "华为科技", 90),
            ("Tencent", "Tencnet", 85),
            ("中国银行", "中国建设银行", 66),
            ("华为技术", "华夏银行", 25),
            ("华为", "华夏", 50),
            ("江苏银行", "江西银行", 75),
            ("阿里巴巴网络技术有限公司", "阿里巴吧网络技术有限公司", 81),
            ("阿里巴巴", "阿里健康", 50),
        ];
        for (a, b, want) in cases {
            assert_eq!(company_similarity(&key(a), &key(b)), *want, "{a} vs {b}");
        }
    }

    #[test]
    fn edit_distance_counts_transpositions_once() {
        let d = |a: &str, b: &str| distance(&chars(a), &chars(b));
        assert_eq!(d("tencent", "tencnet"), 1);
        assert_eq!(d("abcd", "abdc"), 1);
        assert_eq!(d("", "abc"), 3);
        assert_eq!(d("kitten", "sitting"), 3);
        assert_eq!(d("华为", "华为"), 0);
    }

    #[test]
    fn fuzzy_keys_are_core_and_grams() {
        let k = |n: &str| fuzzy_keys(&key(n));
        assert_eq!(k("华为技术有限公司"), vec!["华为"]);
        assert_eq!(
            k("阿里巴巴网络技术有限公司"),
            vec!["阿里巴巴", "阿里", "里巴", "巴巴"]
        );
        assert_eq!(
            k("Tencent Holdings Ltd"),
            vec!["tencent", "ten", "enc", "nce", "cen", "ent"]
        );
        assert_eq!(k("IBM"), vec!["ibm"]);
        assert!(fuzzy_keys(&CompanyKey {
            normalized: String::new(),
            core: String::new()
        })
        .is_empty());
    }

    proptest! {
        #[test]
        fn similarity_is_reflexive_and_symmetric(a in "\\PC{0,24}", b in "\\PC{0,24}") {
            if let (Some(a), Some(b)) = (company_key(&a), company_key(&b)) {
                prop_assert_eq!(company_similarity(&a, &a), 100);
                let ab = company_similarity(&a, &b);
                prop_assert_eq!(ab, company_similarity(&b, &a));
                prop_assert!(ab <= 100);
            }
        }
    }
}
