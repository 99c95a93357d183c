//! The printed quote as a PDF on A4: the same facts as the HTML page, laid out here in
//! points. Text is set in Noto Sans SC (kept in the binary, see `assets/fonts`), of which
//! the PDF embeds only the glyphs it uses, with their Unicode so that the text can be
//! searched and copied. Long descriptions and terms wrap; the table runs onto new pages with
//! its header repeated, and every page is numbered "1 / 2".

use std::sync::LazyLock;

use krilla::{
    color::rgb,
    geom::{PathBuilder, Point, Rect, Size, Transform},
    metadata::Metadata,
    num::NormalizedF32,
    page::PageSettings,
    paint::{Fill, FillRule, Stroke},
    text::{Font, TextDirection},
    Document,
};
use skrifa::{
    charmap::Charmap,
    instance::{LocationRef, Size as FontSize},
    metrics::GlyphMetrics,
    FontRef, MetadataProvider,
};

use super::sheet::{Party, QuoteSheet};

static FONT_DATA: &[u8] = include_bytes!("../../../assets/fonts/NotoSansSC-Regular-GBK.otf");

static FONT: LazyLock<Option<Font>> = LazyLock::new(|| Font::new(krilla::Data::from(FONT_DATA), 0));

/// What text measures, read once from the font.
struct Measure {
    charmap: Charmap<'static>,
    glyphs: GlyphMetrics<'static>,
    units_per_em: f32,
}

static MEASURE: LazyLock<Option<Measure>> = LazyLock::new(|| {
    let font = FontRef::new(FONT_DATA).ok()?;
    let metrics = font.metrics(FontSize::unscaled(), LocationRef::default());
    Some(Measure {
        charmap: font.charmap(),
        glyphs: font.glyph_metrics(FontSize::unscaled(), LocationRef::default()),
        units_per_em: f32::from(metrics.units_per_em),
    })
});

// A4 in points, and the margins.
const PAGE_W: f32 = 595.28;
const PAGE_H: f32 = 841.89;
const LEFT: f32 = 42.0;
const RIGHT: f32 = PAGE_W - 42.0;
const TOP: f32 = 46.0;
const BOTTOM: f32 = PAGE_H - 58.0;

type Colour = (u8, u8, u8);
const INK: Colour = (31, 35, 40);
const MUTED: Colour = (87, 96, 106);
const BRAND: Colour = (29, 78, 216);
const RULE: Colour = (208, 215, 222);
const SHADE: Colour = (241, 245, 249);
const WHITE: Colour = (255, 255, 255);

fn char_width(c: char, size: f32) -> f32 {
    MEASURE.as_ref().map_or(size, |m| {
        let advance = m
            .charmap
            .map(c)
            .and_then(|g| m.glyphs.advance_width(g))
            .unwrap_or(m.units_per_em);
        advance * size / m.units_per_em
    })
}

fn width(text: &str, size: f32) -> f32 {
    text.chars().map(|c| char_width(c, size)).sum()
}

/// Characters set one em wide (ideographs, kana, full-width forms): a line may break
/// before or after each.
fn is_wide(c: char) -> bool {
    matches!(c, '\u{2E80}'..='\u{9FFF}' | '\u{AC00}'..='\u{D7AF}' | '\u{F900}'..='\u{FAFF}' | '\u{FF00}'..='\u{FFEF}')
}

/// Punctuation that never starts a line.
fn closes(c: char) -> bool {
    "，。、；：？！）」』】》〉％,.;:?!)%".contains(c)
}

/// Splits `text` into lines no wider than `max`: at spaces between words, anywhere between
/// ideographs, mid-word only when a word alone is too wide; new lines are kept.
fn wrap(text: &str, size: f32, max: f32) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        let mut line_width = 0.0;
        // Where the current line may be cut (byte indexes into it): the latest place, and
        // the one before it — used when closing punctuation must not start the next line.
        let mut cut: Option<usize> = None;
        let mut cut_before: Option<usize> = None;
        for c in paragraph.chars() {
            let w = char_width(c, size);
            if line_width + w > max && !line.is_empty() {
                if c == ' ' {
                    lines.push(line.trim_end().to_owned());
                    line.clear();
                    line_width = 0.0;
                    (cut, cut_before) = (None, None);
                    continue;
                }
                let at = if closes(c) && cut == Some(line.len()) {
                    cut_before
                } else {
                    cut
                };
                let rest = match at {
                    Some(at) if at > 0 && at < line.len() => line.split_off(at),
                    _ => String::new(),
                };
                lines.push(line.trim_end().to_owned());
                line = rest.trim_start().to_owned();
                line_width = width(&line, size);
                (cut, cut_before) = (None, None);
            }
            let mut may_cut = |at: usize| {
                if cut != Some(at) {
                    cut_before = cut;
                    cut = Some(at);
                }
            };
            if is_wide(c) && !closes(c) && !line.is_empty() {
                may_cut(line.len());
            }
            line.push(c);
            line_width += w;
            if c == ' ' || is_wide(c) {
                may_cut(line.len());
            }
        }
        lines.push(line.trim_end().to_owned());
    }
    lines
}

/// `text` cut with "…" to fit `max`.
fn fit(text: &str, size: f32, max: f32) -> String {
    if width(text, size) <= max {
        return text.to_owned();
    }
    let room = max - width("…", size);
    let mut out = String::new();
    let mut used = 0.0;
    for c in text.chars() {
        let w = char_width(c, size);
        if used + w > room {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

enum Op {
    Text {
        x: f32,
        y: f32,
        size: f32,
        bold: bool,
        colour: Colour,
        text: String,
    },
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        colour: Colour,
    },
    Logo {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
    },
}

/// The pages being laid out and where the next line goes (`y` grows down the page).
struct Sheet {
    pages: Vec<Vec<Op>>,
    y: f32,
}

#[derive(Clone, Copy)]
enum Align {
    Left,
    Right,
}

impl Sheet {
    fn ops(&mut self) -> &mut Vec<Op> {
        if self.pages.is_empty() {
            self.pages.push(Vec::new());
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    /// Starts a new page unless `height` still fits on this one; true when it did.
    fn room_for(&mut self, height: f32) -> bool {
        if self.y + height <= BOTTOM {
            return false;
        }
        self.pages.push(Vec::new());
        self.y = TOP;
        true
    }

    #[allow(clippy::too_many_arguments)]
    fn text(
        &mut self,
        x: f32,
        y: f32,
        size: f32,
        bold: bool,
        colour: Colour,
        align: Align,
        text: &str,
    ) {
        if text.is_empty() {
            return;
        }
        let x = match align {
            Align::Left => x,
            Align::Right => x - width(text, size),
        };
        self.ops().push(Op::Text {
            x,
            y,
            size,
            bold,
            colour,
            text: text.to_owned(),
        });
    }

    fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, colour: Colour) {
        self.ops().push(Op::Rect { x, y, w, h, colour });
    }
}

/// Table columns: where each starts, how wide it is, how it aligns.
const COLUMNS: [(f32, f32, Align); 6] = [
    (0.0, 22.0, Align::Left),
    (22.0, 197.28, Align::Left),
    (219.28, 48.0, Align::Right),
    (267.28, 86.0, Align::Right),
    (353.28, 66.0, Align::Right),
    (419.28, 92.0, Align::Right),
];
const HEADINGS: [&str; 6] = [
    "#",
    "项目 Item",
    "数量 Qty",
    "单价 Unit price",
    "折扣 Discount",
    "金额 Amount",
];
const PAD: f32 = 4.0;

fn cell(sheet: &mut Sheet, column: usize, y: f32, size: f32, bold: bool, text: &str) {
    let (start, w, align) = COLUMNS[column];
    let x = match align {
        Align::Left => LEFT + start + PAD,
        Align::Right => LEFT + start + w - PAD,
    };
    sheet.text(
        x,
        y,
        size,
        bold,
        INK,
        align,
        &fit(text, size, w - 2.0 * PAD),
    );
}

fn table_header(sheet: &mut Sheet) {
    let y = sheet.y;
    sheet.rect(LEFT, y, RIGHT - LEFT, 20.0, SHADE);
    for (i, heading) in HEADINGS.iter().enumerate() {
        cell(sheet, i, y + 13.5, 8.5, true, heading);
    }
    sheet.y += 20.0;
}

fn header(sheet: &mut Sheet, s: &QuoteSheet) {
    let top = TOP;
    let mark_w = match &s.logo {
        Some(logo) if logo.width > 0 && logo.height > 0 => {
            let ratio = logo.width as f32 / logo.height as f32;
            let (w, h) = if 40.0 * ratio > 130.0 {
                (130.0, 130.0 / ratio)
            } else {
                (40.0 * ratio, 40.0)
            };
            sheet.ops().push(Op::Logo {
                x: LEFT,
                y: top + (40.0 - h) / 2.0,
                w,
                h,
            });
            w
        }
        _ => {
            sheet.rect(LEFT, top + 2.0, 36.0, 36.0, BRAND);
            let initial = s.initial();
            let x = LEFT + (36.0 - width(&initial, 18.0)) / 2.0;
            sheet.text(x, top + 26.5, 18.0, true, WHITE, Align::Left, &initial);
            36.0
        }
    };
    let x = LEFT + mark_w + 10.0;
    let room = RIGHT - 190.0 - x;
    sheet.text(
        x,
        top + 17.0,
        13.0,
        true,
        INK,
        Align::Left,
        &fit(&s.seller.name, 13.0, room),
    );
    let deal = format!("商机 Opportunity: {}", s.opportunity);
    sheet.text(
        x,
        top + 33.0,
        9.0,
        false,
        MUTED,
        Align::Left,
        &fit(&deal, 9.0, room),
    );
    sheet.text(
        RIGHT,
        top + 17.0,
        18.0,
        true,
        INK,
        Align::Right,
        "报价单 Quotation",
    );
    let meta = [
        format!("报价单号 No. {}", s.number),
        format!("版本 Version {}", s.version),
        format!("日期 Date: {}", s.issued),
        format!("有效期至 Valid until: {}", s.valid_until),
    ];
    for (i, line) in meta.iter().enumerate() {
        sheet.text(
            RIGHT,
            top + 34.0 + 13.0 * i as f32,
            9.0,
            false,
            MUTED,
            Align::Right,
            line,
        );
    }
    sheet.y = top + 84.0;
    sheet.rect(LEFT, sheet.y, RIGHT - LEFT, 1.5, BRAND);
    sheet.y += 20.0;
}

/// One party in its column; answers the height it took.
fn party(sheet: &mut Sheet, x: f32, column: f32, heading: &str, p: Option<&Party>) -> f32 {
    let mut y = sheet.y;
    sheet.text(x, y, 8.0, false, MUTED, Align::Left, heading);
    y += 16.0;
    let Some(p) = p else {
        return y - sheet.y;
    };
    for line in wrap(&p.name, 11.0, column) {
        sheet.text(x, y, 11.0, true, INK, Align::Left, &line);
        y += 15.0;
    }
    for (label, value) in &p.details {
        for line in wrap(&format!("{label}: {value}"), 9.0, column) {
            sheet.text(x, y, 9.0, false, INK, Align::Left, &line);
            y += 13.0;
        }
    }
    y - sheet.y
}

fn lines(sheet: &mut Sheet, s: &QuoteSheet) {
    table_header(sheet);
    let item_width = COLUMNS[1].1 - 2.0 * PAD;
    for (i, l) in s.lines.iter().enumerate() {
        let description = wrap(&l.description, 9.0, item_width);
        let height = 12.5 * description.len() as f32 + 10.0;
        if sheet.room_for(height) {
            table_header(sheet);
        }
        let baseline = sheet.y + 14.0;
        cell(sheet, 0, baseline, 9.0, false, &(i + 1).to_string());
        for (n, line) in description.iter().enumerate() {
            cell(sheet, 1, baseline + 12.5 * n as f32, 9.0, false, line);
        }
        cell(sheet, 2, baseline, 9.0, false, &l.quantity);
        cell(sheet, 3, baseline, 9.0, false, &l.unit_price);
        cell(sheet, 4, baseline, 9.0, false, &l.discount);
        cell(sheet, 5, baseline, 9.0, false, &l.amount);
        sheet.y += height;
        sheet.rect(LEFT, sheet.y - 0.5, RIGHT - LEFT, 0.5, RULE);
    }
}

/// One line of the totals: its label right-aligned before the amount column.
fn total_line(sheet: &mut Sheet, label: &str, value: &str, size: f32, bold: bool) {
    let label_colour = if bold { INK } else { MUTED };
    let y = sheet.y;
    sheet.text(
        RIGHT - 110.0,
        y,
        size,
        bold,
        label_colour,
        Align::Right,
        label,
    );
    sheet.text(RIGHT - PAD, y, size, bold, INK, Align::Right, value);
}

fn totals(sheet: &mut Sheet, s: &QuoteSheet) {
    sheet.room_for(70.0);
    sheet.y += 16.0;
    total_line(sheet, "原价合计 List total", &s.list_total, 9.5, false);
    if let Some(discount) = &s.discount {
        sheet.y += 16.0;
        total_line(sheet, "折扣 Discount", discount, 9.5, false);
    }
    sheet.y += 9.0;
    sheet.rect(RIGHT - 260.0, sheet.y, 260.0, 1.5, INK);
    sheet.y += 17.0;
    let label = format!("总计 Total ({})", s.currency);
    total_line(sheet, &label, &s.total, 12.0, true);
    sheet.y += 26.0;
}

fn terms(sheet: &mut Sheet, s: &QuoteSheet) {
    sheet.room_for(40.0);
    sheet.text(LEFT, sheet.y, 10.0, true, INK, Align::Left, "条款 Terms");
    sheet.y += 16.0;
    for line in wrap(&s.terms, 9.0, RIGHT - LEFT) {
        sheet.room_for(14.0);
        sheet.text(LEFT, sheet.y, 9.0, false, INK, Align::Left, &line);
        sheet.y += 14.0;
    }
}

fn signatures(sheet: &mut Sheet) {
    sheet.room_for(70.0);
    sheet.y += 42.0;
    let column = (RIGHT - LEFT - 24.0) / 2.0;
    for (i, label) in ["卖方签章 For the seller", "买方签章 For the buyer"]
        .iter()
        .enumerate()
    {
        let x = LEFT + (column + 24.0) * i as f32;
        sheet.rect(x, sheet.y, column, 0.6, MUTED);
        sheet.text(x, sheet.y + 13.0, 9.0, false, MUTED, Align::Left, label);
    }
}

/// Lays the quote out on as many pages as it needs.
fn layout(s: &QuoteSheet) -> Vec<Vec<Op>> {
    let mut sheet = Sheet {
        pages: vec![Vec::new()],
        y: TOP,
    };
    header(&mut sheet, s);
    let column = (RIGHT - LEFT - 24.0) / 2.0;
    let seller = party(&mut sheet, LEFT, column, "卖方 SELLER", Some(&s.seller));
    let buyer = party(
        &mut sheet,
        LEFT + column + 24.0,
        column,
        "买方 BUYER",
        s.buyer.as_ref(),
    );
    sheet.y += seller.max(buyer) + 10.0;
    lines(&mut sheet, s);
    totals(&mut sheet, s);
    terms(&mut sheet, s);
    signatures(&mut sheet);
    let count = sheet.pages.len();
    let footer = fit(
        &format!("{} · 报价单号 No. {}", s.seller.name, s.number),
        8.0,
        RIGHT - LEFT - 120.0,
    );
    for (i, ops) in sheet.pages.iter_mut().enumerate() {
        let page = format!("第 {} / {} 页 Page {} of {}", i + 1, count, i + 1, count);
        let y = PAGE_H - 30.0;
        ops.push(Op::Text {
            x: LEFT,
            y,
            size: 8.0,
            bold: false,
            colour: MUTED,
            text: footer.clone(),
        });
        ops.push(Op::Text {
            x: RIGHT - width(&page, 8.0),
            y,
            size: 8.0,
            bold: false,
            colour: MUTED,
            text: page,
        });
    }
    sheet.pages
}

fn fill(colour: Colour) -> Fill {
    Fill {
        paint: rgb::Color::new(colour.0, colour.1, colour.2).into(),
        opacity: NormalizedF32::ONE,
        rule: FillRule::NonZero,
    }
}

/// The PDF's bytes.
///
/// # Errors
/// When the font cannot be read or the document cannot be written (neither happens with
/// the font this binary carries and a logo checked at upload).
pub(super) fn render(s: &QuoteSheet) -> Result<Vec<u8>, String> {
    let font = FONT.clone().ok_or("the quote font cannot be read")?;
    let page_settings = PageSettings::from_wh(PAGE_W, PAGE_H).ok_or("page size")?;
    let logo = s.logo.as_ref().and_then(crate::org::branding::Logo::image);
    let mut document = Document::new();
    document.set_metadata(
        Metadata::new()
            .title(format!("报价单 Quotation {}", s.number))
            .authors(vec![s.seller.name.clone()])
            .creator("Closer".to_owned())
            .language("zh-CN".to_owned()),
    );
    for ops in layout(s) {
        let mut page = document.start_page_with(page_settings.clone());
        let mut surface = page.surface();
        for op in ops {
            match op {
                Op::Text {
                    x,
                    y,
                    size,
                    bold,
                    colour,
                    text,
                } => {
                    surface.set_fill(Some(fill(colour)));
                    // One weight is carried: bold is the regular glyph, stroked thinly.
                    surface.set_stroke(bold.then(|| Stroke {
                        paint: rgb::Color::new(colour.0, colour.1, colour.2).into(),
                        width: size * 0.04,
                        ..Stroke::default()
                    }));
                    surface.draw_text(
                        Point::from_xy(x, y),
                        font.clone(),
                        size,
                        &text,
                        false,
                        TextDirection::LeftToRight,
                    );
                }
                Op::Rect { x, y, w, h, colour } => {
                    let mut path = PathBuilder::new();
                    if let Some(rect) = Rect::from_xywh(x, y, w, h) {
                        path.push_rect(rect);
                    }
                    if let Some(path) = path.finish() {
                        surface.set_stroke(None);
                        surface.set_fill(Some(fill(colour)));
                        surface.draw_path(&path);
                    }
                }
                Op::Logo { x, y, w, h } => {
                    if let (Some(image), Some(size)) = (&logo, Size::from_wh(w, h)) {
                        surface.push_transform(&Transform::from_translate(x, y));
                        surface.draw_image(image.clone(), size);
                        surface.pop();
                    }
                }
            }
        }
        surface.finish();
        page.finish();
    }
    document.finish().map_err(|e| format!("{e:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_never_run_past_their_width() {
        let text = "北京远航软件有限公司年度运维服务（含 7×24 小时响应、季度巡检与备件更换），Annual maintenance with on-site support and spare parts";
        for max in [60.0, 120.0, 193.0] {
            let lines = wrap(text, 9.0, max);
            assert!(lines.len() > 1, "{max}: {lines:?}");
            for line in &lines {
                assert!(width(line, 9.0) <= max + 0.01, "{max}: {line}");
            }
            // Nothing lost but the spaces where lines were cut.
            let joined: String = lines.concat().split_whitespace().collect();
            let original: String = text.split_whitespace().collect();
            assert_eq!(joined, original);
        }
    }

    #[test]
    fn words_are_kept_whole_and_punctuation_never_starts_a_line() {
        let lines = wrap(
            "Annual maintenance contract",
            9.0,
            width("Annual maintenance", 9.0) + 1.0,
        );
        assert_eq!(lines, ["Annual maintenance", "contract"]);
        let lines = wrap("甲乙丙丁，戊己", 10.0, width("甲乙丙丁", 10.0) + 0.5);
        assert!(!lines[1].starts_with('，'), "{lines:?}");
        assert_eq!(wrap("一\n二", 9.0, 100.0), ["一", "二"]);
    }

    #[test]
    fn what_does_not_fit_is_cut_with_an_ellipsis() {
        assert_eq!(fit("短", 9.0, 100.0), "短");
        let cut = fit("一个非常非常长的公司名称有限公司", 9.0, 50.0);
        assert!(cut.ends_with('…') && width(&cut, 9.0) <= 50.0, "{cut}");
    }

    #[test]
    fn the_font_measures_ideographs_one_em_and_digits_narrower() {
        assert!((width("报价", 10.0) - 20.0).abs() < 0.01);
        let digit = width("8", 10.0);
        assert!(digit > 3.0 && digit < 7.0, "{digit}");
    }
}
