//! Place names that company names carry as a registration prefix (`深圳市…`) or in brackets
//! (`…（上海）有限公司`): every province-level division and every prefecture-level division of
//! mainland China, Hong Kong, Macao and Taiwan, with the short forms and romanisations in use.

use std::collections::HashMap;
use std::sync::OnceLock;

/// The 34 province-level divisions: official name, then the short forms in use.
pub(super) const PROVINCES: &[(&str, &str)] = &[
    ("北京市", "北京"),
    ("天津市", "天津"),
    ("上海市", "上海"),
    ("重庆市", "重庆"),
    ("河北省", "河北"),
    ("山西省", "山西"),
    ("辽宁省", "辽宁"),
    ("吉林省", "吉林"),
    ("黑龙江省", "黑龙江"),
    ("江苏省", "江苏"),
    ("浙江省", "浙江"),
    ("安徽省", "安徽"),
    ("福建省", "福建"),
    ("江西省", "江西"),
    ("山东省", "山东"),
    ("河南省", "河南"),
    ("湖北省", "湖北"),
    ("湖南省", "湖南"),
    ("广东省", "广东"),
    ("海南省", "海南"),
    ("四川省", "四川"),
    ("贵州省", "贵州"),
    ("云南省", "云南"),
    ("陕西省", "陕西"),
    ("甘肃省", "甘肃"),
    ("青海省", "青海"),
    ("台湾省", "台湾"),
    ("内蒙古自治区", "内蒙古 内蒙"),
    ("广西壮族自治区", "广西 广西自治区"),
    ("西藏自治区", "西藏"),
    ("宁夏回族自治区", "宁夏 宁夏自治区"),
    ("新疆维吾尔自治区", "新疆 新疆自治区"),
    ("香港特别行政区", "香港"),
    ("澳门特别行政区", "澳门"),
];

/// The 293 prefecture-level cities (地级市) by province, without the 市 suffix.
pub(super) const CITIES: &[(&str, &str)] = &[
    ("河北", "石家庄 唐山 秦皇岛 邯郸 邢台 保定 张家口 承德 沧州 廊坊 衡水"),
    ("山西", "太原 大同 阳泉 长治 晋城 朔州 晋中 运城 忻州 临汾 吕梁"),
    ("内蒙古", "呼和浩特 包头 乌海 赤峰 通辽 鄂尔多斯 呼伦贝尔 巴彦淖尔 乌兰察布"),
    ("辽宁", "沈阳 大连 鞍山 抚顺 本溪 丹东 锦州 营口 阜新 辽阳 盘锦 铁岭 朝阳 葫芦岛"),
    ("吉林", "长春 吉林 四平 辽源 通化 白山 松原 白城"),
    ("黑龙江", "哈尔滨 齐齐哈尔 鸡西 鹤岗 双鸭山 大庆 伊春 佳木斯 七台河 牡丹江 黑河 绥化"),
    ("江苏", "南京 无锡 徐州 常州 苏州 南通 连云港 淮安 盐城 扬州 镇江 泰州 宿迁"),
    ("浙江", "杭州 宁波 温州 嘉兴 湖州 绍兴 金华 衢州 舟山 台州 丽水"),
    ("安徽", "合肥 芜湖 蚌埠 淮南 马鞍山 淮北 铜陵 安庆 黄山 滁州 阜阳 宿州 六安 亳州 池州 宣城"),
    ("福建", "福州 厦门 莆田 三明 泉州 漳州 南平 龙岩 宁德"),
    ("江西", "南昌 景德镇 萍乡 九江 新余 鹰潭 赣州 吉安 宜春 抚州 上饶"),
    ("山东", "济南 青岛 淄博 枣庄 东营 烟台 潍坊 济宁 泰安 威海 日照 临沂 德州 聊城 滨州 菏泽"),
    ("河南", "郑州 开封 洛阳 平顶山 安阳 鹤壁 新乡 焦作 濮阳 许昌 漯河 三门峡 南阳 商丘 信阳 周口 驻马店"),
    ("湖北", "武汉 黄石 十堰 宜昌 襄阳 鄂州 荆门 孝感 荆州 黄冈 咸宁 随州"),
    ("湖南", "长沙 株洲 湘潭 衡阳 邵阳 岳阳 常德 张家界 益阳 郴州 永州 怀化 娄底"),
    ("广东", "广州 韶关 深圳 珠海 汕头 佛山 江门 湛江 茂名 肇庆 惠州 梅州 汕尾 河源 阳江 清远 东莞 中山 潮州 揭阳 云浮"),
    ("广西", "南宁 柳州 桂林 梧州 北海 防城港 钦州 贵港 玉林 百色 贺州 河池 来宾 崇左"),
    ("海南", "海口 三亚 三沙 儋州"),
    ("四川", "成都 自贡 攀枝花 泸州 德阳 绵阳 广元 遂宁 内江 乐山 南充 眉山 宜宾 广安 达州 雅安 巴中 资阳"),
    ("贵州", "贵阳 六盘水 遵义 安顺 毕节 铜仁"),
    ("云南", "昆明 曲靖 玉溪 保山 昭通 丽江 普洱 临沧"),
    ("西藏", "拉萨 日喀则 昌都 林芝 山南 那曲"),
    ("陕西", "西安 铜川 宝鸡 咸阳 渭南 延安 汉中 榆林 安康 商洛"),
    ("甘肃", "兰州 嘉峪关 金昌 白银 天水 武威 张掖 平凉 酒泉 庆阳 定西 陇南"),
    ("青海", "西宁 海东"),
    ("宁夏", "银川 石嘴山 吴忠 固原 中卫"),
    ("新疆", "乌鲁木齐 克拉玛依 吐鲁番 哈密"),
];

/// The 40 other prefecture-level divisions — 30 autonomous prefectures (自治州), 7 prefectures
/// (地区) and 3 leagues (盟): province, official name, short forms in use.
///
/// 阿里地区 and 兴安盟 have no short form here: 阿里 and 兴安 open far more brand names
/// (阿里巴巴, 兴安证券 …) than registration prefixes.
pub(super) const OTHER_PREFECTURES: &[(&str, &str, &str)] = &[
    ("吉林", "延边朝鲜族自治州", "延边 延边州"),
    ("湖北", "恩施土家族苗族自治州", "恩施 恩施州"),
    ("湖南", "湘西土家族苗族自治州", "湘西 湘西州"),
    ("四川", "阿坝藏族羌族自治州", "阿坝 阿坝州"),
    ("四川", "甘孜藏族自治州", "甘孜 甘孜州"),
    ("四川", "凉山彝族自治州", "凉山 凉山州"),
    ("贵州", "黔西南布依族苗族自治州", "黔西南 黔西南州"),
    ("贵州", "黔东南苗族侗族自治州", "黔东南 黔东南州"),
    ("贵州", "黔南布依族苗族自治州", "黔南 黔南州"),
    ("云南", "楚雄彝族自治州", "楚雄 楚雄州"),
    ("云南", "红河哈尼族彝族自治州", "红河 红河州"),
    ("云南", "文山壮族苗族自治州", "文山 文山州"),
    ("云南", "西双版纳傣族自治州", "西双版纳 西双版纳州 版纳"),
    ("云南", "大理白族自治州", "大理 大理州"),
    ("云南", "德宏傣族景颇族自治州", "德宏 德宏州"),
    ("云南", "怒江傈僳族自治州", "怒江 怒江州"),
    ("云南", "迪庆藏族自治州", "迪庆 迪庆州"),
    ("甘肃", "临夏回族自治州", "临夏 临夏州"),
    ("甘肃", "甘南藏族自治州", "甘南 甘南州"),
    ("青海", "海北藏族自治州", "海北 海北州"),
    ("青海", "黄南藏族自治州", "黄南 黄南州"),
    ("青海", "海南藏族自治州", "海南州"),
    ("青海", "果洛藏族自治州", "果洛 果洛州"),
    ("青海", "玉树藏族自治州", "玉树 玉树州"),
    ("青海", "海西蒙古族藏族自治州", "海西 海西州"),
    ("新疆", "昌吉回族自治州", "昌吉 昌吉州"),
    ("新疆", "博尔塔拉蒙古自治州", "博尔塔拉 博州"),
    ("新疆", "巴音郭楞蒙古自治州", "巴音郭楞 巴州"),
    ("新疆", "克孜勒苏柯尔克孜自治州", "克孜勒苏 克州"),
    ("新疆", "伊犁哈萨克自治州", "伊犁 伊犁州"),
    ("黑龙江", "大兴安岭地区", "大兴安岭"),
    ("西藏", "阿里地区", ""),
    ("新疆", "阿克苏地区", "阿克苏"),
    ("新疆", "喀什地区", "喀什"),
    ("新疆", "和田地区", "和田"),
    ("新疆", "塔城地区", "塔城"),
    ("新疆", "阿勒泰地区", "阿勒泰"),
    ("内蒙古", "兴安盟", ""),
    ("内蒙古", "锡林郭勒盟", "锡林郭勒"),
    ("内蒙古", "阿拉善盟", "阿拉善"),
];

/// Names of the whole country or a wider region: removed in brackets (`西门子（中国）`,
/// `(Asia Pacific)`) and after an English legal form, never at the start, where they belong
/// to the name (中国银行, China Mobile).
const REGIONS: &[&str] = &[
    "中国",
    "中华人民共和国",
    "中国大陆",
    "亚洲",
    "亚太",
    "china",
    "prc",
    "pr china",
    "mainland china",
    "greater china",
    "hk",
    "asia",
    "asia pacific",
    "apac",
];

/// Romanised province and city names that open or close English company names.
const LATIN: &[&str] = &[
    "beijing",
    "peking",
    "tianjin",
    "shanghai",
    "chongqing",
    "hebei",
    "shanxi",
    "shaanxi",
    "liaoning",
    "jilin",
    "heilongjiang",
    "jiangsu",
    "zhejiang",
    "anhui",
    "fujian",
    "jiangxi",
    "shandong",
    "henan",
    "hubei",
    "hunan",
    "guangdong",
    "hainan",
    "sichuan",
    "guizhou",
    "yunnan",
    "gansu",
    "qinghai",
    "taiwan",
    "guangxi",
    "tibet",
    "xizang",
    "ningxia",
    "xinjiang",
    "inner mongolia",
    "hong kong",
    "hongkong",
    "macau",
    "macao",
    "shijiazhuang",
    "tangshan",
    "qinhuangdao",
    "baoding",
    "langfang",
    "taiyuan",
    "datong",
    "hohhot",
    "baotou",
    "ordos",
    "shenyang",
    "dalian",
    "anshan",
    "changchun",
    "harbin",
    "daqing",
    "nanjing",
    "wuxi",
    "xuzhou",
    "changzhou",
    "suzhou",
    "nantong",
    "yangzhou",
    "zhenjiang",
    "taizhou",
    "hangzhou",
    "ningbo",
    "wenzhou",
    "jiaxing",
    "huzhou",
    "shaoxing",
    "jinhua",
    "hefei",
    "wuhu",
    "fuzhou",
    "xiamen",
    "quanzhou",
    "zhangzhou",
    "nanchang",
    "jinan",
    "qingdao",
    "zibo",
    "yantai",
    "weifang",
    "weihai",
    "linyi",
    "zhengzhou",
    "luoyang",
    "wuhan",
    "yichang",
    "xiangyang",
    "changsha",
    "zhuzhou",
    "guangzhou",
    "shenzhen",
    "zhuhai",
    "shantou",
    "foshan",
    "jiangmen",
    "zhanjiang",
    "huizhou",
    "dongguan",
    "zhongshan",
    "zhaoqing",
    "nanning",
    "guilin",
    "liuzhou",
    "haikou",
    "sanya",
    "chengdu",
    "mianyang",
    "guiyang",
    "zunyi",
    "kunming",
    "lhasa",
    "xi an",
    "xian",
    "xianyang",
    "lanzhou",
    "xining",
    "yinchuan",
    "urumqi",
    "karamay",
    "kashgar",
];

/// Words that begin with a place name without being one: the place is not removed from them.
const NOT_PLACES: &[&str] = &["大理石", "三明治", "和田玉", "北海道", "阿里巴巴"];

/// Words that begin with 市 and so show a bare city stem before them (`深圳市场…` is
/// 深圳 + 市场, not 深圳市 + 场…).
const SHI_WORDS: &[&str] = &["市场", "市政", "市民", "市容", "市区", "市值", "市级"];

struct Form {
    text: String,
    /// May stand at the start of a company name (regions may not).
    leading: bool,
    /// Unmistakably a place even right before a legal form (`3M中国有限公司`): regions,
    /// provinces and names with their 市/州/盟/地区 suffix, not bare city stems like 朝阳.
    closing: bool,
}

struct Index {
    /// Forms by first character, longest first.
    by_first: HashMap<char, Vec<Form>>,
    latin_leading: Vec<Vec<&'static str>>,
    latin_any: Vec<Vec<&'static str>>,
}

fn index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(build)
}

fn build() -> Index {
    let mut forms: Vec<Form> = Vec::new();
    let mut add = |text: String, leading: bool, closing: bool| {
        if !text.is_empty() {
            forms.push(Form {
                text,
                leading,
                closing,
            });
        }
    };
    for (official, short) in PROVINCES {
        add((*official).to_owned(), true, true);
        for s in short.split_whitespace() {
            add(s.to_owned(), true, true);
        }
    }
    for (_, stems) in CITIES {
        for s in stems.split_whitespace() {
            add(s.to_owned(), true, false);
            add(format!("{s}市"), true, true);
        }
    }
    for (_, official, short) in OTHER_PREFECTURES {
        add((*official).to_owned(), true, true);
        for s in short.split_whitespace() {
            add(s.to_owned(), true, s.ends_with('州'));
        }
    }
    for region in REGIONS {
        let joined: String = region.split_whitespace().collect();
        add(joined, false, true);
    }
    for place in LATIN {
        let joined: String = place.split_whitespace().collect();
        add(joined, false, false);
    }
    let mut by_first: HashMap<char, Vec<Form>> = HashMap::new();
    for form in forms {
        if let Some(first) = form.text.chars().next() {
            let list = by_first.entry(first).or_default();
            if !list.iter().any(|f| f.text == form.text) {
                list.push(form);
            }
        }
    }
    for list in by_first.values_mut() {
        list.sort_by_key(|f| std::cmp::Reverse(f.text.len()));
    }
    let tokens = |p: &&'static str| p.split_whitespace().collect::<Vec<_>>();
    let mut latin_leading: Vec<Vec<&str>> = LATIN.iter().map(tokens).collect();
    let mut latin_any: Vec<Vec<&str>> = LATIN.iter().chain(REGIONS).map(tokens).collect();
    latin_any.retain(|t| t.iter().all(|w| w.is_ascii()));
    // Longest first so that "hong kong" wins over a shorter match.
    latin_leading.sort_by_key(|t| std::cmp::Reverse(t.len()));
    latin_any.sort_by_key(|t| std::cmp::Reverse(t.len()));
    Index {
        by_first,
        latin_leading,
        latin_any,
    }
}

fn forms_at(s: &str) -> impl Iterator<Item = &'static Form> + '_ {
    s.chars()
        .next()
        .and_then(|c| index().by_first.get(&c))
        .into_iter()
        .flatten()
        .filter(move |f| s.starts_with(f.text.as_str()))
}

/// Byte length of the longest place name opening `s` that may stand before a company name.
pub(super) fn leading_place(s: &str) -> Option<usize> {
    if NOT_PLACES.iter().any(|w| s.starts_with(w)) {
        return None;
    }
    forms_at(s)
        .filter(|f| f.leading)
        .map(|f| f.text.len())
        .find(|&len| {
            // 深圳市场 → 深圳 + 市场: the 市 belongs to the next word.
            let shi = "市".len();
            !(s[..len].ends_with('市') && SHI_WORDS.iter().any(|w| s[len - shi..].starts_with(w)))
        })
}

/// Byte length of the longest place name closing `s` (with its 市/省 suffix, if any);
/// with `strict`, only unmistakable ones (中国, 上海, 深圳市, not 朝阳).
pub(super) fn trailing_place(s: &str, strict: bool) -> Option<usize> {
    s.char_indices()
        .map(|(i, _)| i)
        .find(|&i| forms_at(&s[i..]).any(|f| f.text.len() == s.len() - i && (f.closing || !strict)))
        .map(|i| s.len() - i)
}

/// Byte length of a district, county or town (`南山区`, `沭阳县`, `长安镇`) opening `s`: two
/// to four Chinese characters and the suffix. Only looked for right after a province or city.
/// County-level cities are left alone: 市 ends too many words (超市, 城市, 门市).
pub(super) fn leading_county(s: &str) -> Option<usize> {
    let mut chars = s.char_indices();
    for n in 1..=5 {
        let (i, c) = chars.next()?;
        if matches!(c, '区' | '县' | '镇') && n >= 3 {
            return Some(i + c.len_utf8());
        }
        if !('\u{4e00}'..='\u{9fff}').contains(&c) {
            return None;
        }
    }
    None
}

/// Whether `s` (already without spaces and punctuation) is nothing but place names, such as
/// the content of `（中国香港）` or `(Shanghai China)`.
pub(super) fn is_place_only(s: &str) -> bool {
    if s.is_empty() {
        return false;
    }
    // Reachability over byte positions: a position is reached when a run of places ends there.
    let mut reached = vec![false; s.len() + 1];
    reached[0] = true;
    for start in 0..s.len() {
        if !reached[start] || !s.is_char_boundary(start) {
            continue;
        }
        for form in forms_at(&s[start..]) {
            reached[start + form.text.len()] = true;
        }
    }
    reached[s.len()]
}

/// How many words at the start of `words` form a romanised place that may open a name.
pub(super) fn latin_leading_place(words: &[String]) -> usize {
    index()
        .latin_leading
        .iter()
        .find(|p| words.len() >= p.len() && p.iter().zip(words).all(|(a, b)| *a == b))
        .map_or(0, Vec::len)
}

/// How many words at the end of `words` form a romanised place or region.
pub(super) fn latin_trailing_place(words: &[String]) -> usize {
    index()
        .latin_any
        .iter()
        .find(|p| {
            words.len() >= p.len()
                && p.iter()
                    .zip(&words[words.len() - p.len()..])
                    .all(|(a, b)| *a == b)
        })
        .map_or(0, Vec::len)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cities() -> Vec<&'static str> {
        CITIES
            .iter()
            .flat_map(|(_, s)| s.split_whitespace())
            .collect()
    }

    #[test]
    fn every_division_is_listed_once() {
        assert_eq!(PROVINCES.len(), 34);
        let cities = cities();
        assert_eq!(cities.len(), 293, "prefecture-level cities");
        assert_eq!(OTHER_PREFECTURES.len(), 40, "自治州, 地区 and 盟");
        assert_eq!(cities.len() + OTHER_PREFECTURES.len(), 333);
        let autonomous = OTHER_PREFECTURES
            .iter()
            .filter(|(_, n, _)| n.ends_with("自治州"))
            .count();
        let prefectures = OTHER_PREFECTURES
            .iter()
            .filter(|(_, n, _)| n.ends_with("地区"))
            .count();
        let leagues = OTHER_PREFECTURES
            .iter()
            .filter(|(_, n, _)| n.ends_with('盟'))
            .count();
        assert_eq!((autonomous, prefectures, leagues), (30, 7, 3));
        let mut seen = std::collections::HashSet::new();
        for name in cities
            .iter()
            .copied()
            .chain(OTHER_PREFECTURES.iter().map(|(_, n, _)| *n))
        {
            assert!(seen.insert(name), "{name} listed twice");
        }
        let provinces: Vec<&str> = PROVINCES
            .iter()
            .filter_map(|(_, s)| s.split_whitespace().next())
            .collect();
        for (p, _) in CITIES {
            assert!(provinces.contains(p), "{p}");
        }
        for (p, _, _) in OTHER_PREFECTURES {
            assert!(provinces.contains(p), "{p}");
        }
    }

    #[test]
    fn leading_places_take_the_longest_form() {
        let cases: &[(&str, Option<&str>)] = &[
            ("广东省深圳市华为", Some("广东省")),
            ("深圳市华为", Some("深圳市")),
            ("深圳华为", Some("深圳")),
            ("深圳市场调研", Some("深圳")),
            ("内蒙古自治区伊利", Some("内蒙古自治区")),
            ("内蒙古伊利", Some("内蒙古")),
            ("延边朝鲜族自治州长白山", Some("延边朝鲜族自治州")),
            ("恩施州硒茶", Some("恩施州")),
            ("大理石材", None),
            ("阿里巴巴", None),
            ("中国银行", None),
            ("华为", None),
        ];
        for (text, want) in cases {
            let got = leading_place(text).map(|n| &text[..n]);
            assert_eq!(got, *want, "{text}");
        }
    }

    #[test]
    fn place_only_texts() {
        for yes in [
            "中国",
            "上海",
            "深圳市",
            "中国香港",
            "shanghai",
            "shanghaichina",
            "hongkong",
            "广东省深圳市",
            "asiapacific",
        ] {
            assert!(is_place_only(yes), "{yes}");
        }
        for no in ["集团", "上海浦东", "华为", "", "chinamobile"] {
            assert!(!is_place_only(no), "{no}");
        }
        assert_eq!(trailing_place("华为北京市", true), Some("北京市".len()));
        assert_eq!(trailing_place("红星朝阳", true), None);
        assert_eq!(trailing_place("红星朝阳", false), Some("朝阳".len()));
        assert_eq!(trailing_place("华为", false), None);
        assert_eq!(leading_county("南山区腾讯"), Some("南山区".len()));
        assert_eq!(leading_county("浦东新区某某"), Some("浦东新区".len()));
        assert_eq!(leading_county("超市发"), None);
        assert_eq!(leading_county("华为技术"), None);
    }
}
