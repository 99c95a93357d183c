//! The demo company's vocabulary: sign-in, a seeded dice, and the names, trades and places
//! its records are made from.

pub const ADMIN_EMAIL: &str = "admin@demo.example.com";

pub const PASSWORD: &str = "closer-demo";

/// A small deterministic generator, so every demo looks the same.
pub struct Dice(pub u64);

pub const BRANDS: &[&str] = &[
    "星云", "海川", "远航", "青山", "白云", "长城", "金桥", "华盛", "东方", "博远", "恒达", "瑞丰",
    "天合", "新锐", "鼎信", "嘉禾", "汇通", "宏图", "正源", "卓越", "明德", "凯盛", "中科", "万达",
    "永泰", "启明", "安泰", "蓝海", "云帆", "智联",
];

pub const TRADES: &[&str] = &[
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
];

pub const CITIES: &[(&str, &str)] = &[
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
];

pub const EN_COMPANIES: &[&str] = &[
    "Northwind Traders",
    "Contoso Manufacturing",
    "Fabrikam Logistics",
    "Tailspin Medical",
    "Litware Software",
    "Adventure Works",
    "Proseware Analytics",
    "Wide World Importers",
    "Blue Yonder Foods",
    "Alpine Ski House",
];

pub const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙",
];

pub const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "磊", "洋", "勇", "军", "杰", "婷", "强",
];

pub const EN_PEOPLE: &[&str] = &[
    "Ann Lee",
    "Mark Chen",
    "Sara Wong",
    "Tom Baker",
    "Lucy Park",
    "Ivan Petrov",
    "Maria Garcia",
];

pub const TITLES: &[&str] = &[
    "采购经理",
    "IT 总监",
    "总经理",
    "运营负责人",
    "财务总监",
    "CTO",
    "Head of Operations",
];

pub const INDUSTRIES: &[&str] = &[
    "制造业",
    "软件和信息技术",
    "医疗健康",
    "物流运输",
    "零售",
    "能源",
    "金融",
];

pub const SOURCES: &[&str] = &[
    "manual",
    "web_form",
    "import",
    "referral",
    "campaign",
    "api",
    "trade_show",
];

impl Dice {
    pub fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        usize::try_from((self.0 >> 33) % (n as u64)).unwrap_or(0)
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.next(items.len())]
    }
}
