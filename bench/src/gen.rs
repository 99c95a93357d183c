//! Writes N realistic lead rows as CSV (Chinese header names), for the lead benchmarks.
//!
//! closer-gen ROWS SEED
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::io::Write;

const BRANDS: &[&str] = &[
    "星云", "海川", "远航", "青山", "白云", "长城", "金桥", "华盛", "东方", "博远", "恒达", "瑞丰",
    "天合", "新锐", "鼎信", "嘉禾", "汇通", "宏图", "正源", "卓越", "明德", "凯盛", "中科", "万达",
    "永泰", "启明", "安泰", "蓝海", "云帆", "智联", "北辰", "南山", "西岭", "东岳", "朝阳", "晨光",
    "星河", "银河", "天宇", "地平", "海纳", "山川", "江河", "湖光", "森林",
];
const TRADES: &[&str] = &[
    "科技",
    "软件",
    "电子",
    "制造",
    "物流",
    "医疗器械",
    "食品",
    "新材料",
    "能源",
    "咨询",
    "贸易",
    "建设",
];
const CITIES: &[(&str, &str)] = &[
    ("上海", "上海"),
    ("杭州", "浙江"),
    ("苏州", "江苏"),
    ("南京", "江苏"),
    ("北京", "北京"),
    ("天津", "天津"),
    ("深圳", "广东"),
    ("广州", "广东"),
    ("成都", "四川"),
    ("武汉", "湖北"),
    ("西安", "陕西"),
    ("青岛", "山东"),
];
const SOURCES: &[&str] = &[
    "web_form",
    "import",
    "referral",
    "trade_show",
    "api",
    "campaign",
];

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let rows: u64 = args.get(1).and_then(|a| a.parse().ok()).expect("ROWS");
    let seed: u64 = args.get(2).and_then(|a| a.parse().ok()).expect("SEED");
    let mut state = seed
        .wrapping_mul(2_862_933_555_777_941_757)
        .wrapping_add(3_037_000_493);
    let mut next = |n: usize| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        usize::try_from((state >> 33) % n as u64).unwrap()
    };
    let out = std::io::stdout();
    let mut out = std::io::BufWriter::new(out.lock());
    writeln!(out, "公司名称,联系人,手机,邮箱,省份,城市,行业,来源").unwrap();
    for i in 0..rows {
        let (city, province) = CITIES[next(CITIES.len())];
        // The number makes names distinct; brand and trade make them realistic.
        let n = seed * 10_000_000 + i;
        writeln!(
            out,
            "{city}{}{}{}有限公司,联系人{i},1{}{:09},lead{n}@bench.example.com,{province},{city},{},{}",
            BRANDS[next(BRANDS.len())],
            n,
            TRADES[next(TRADES.len())],
            3 + next(7),
            n % 1_000_000_000,
            ["制造业", "软件", "医疗", "物流", "零售"][next(5)],
            SOURCES[next(SOURCES.len())],
        )
        .unwrap();
    }
}
