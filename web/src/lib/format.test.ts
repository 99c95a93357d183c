import { describe, expect, it } from 'vitest';
import {
  currencySymbol,
  formatBytes,
  formatCompactNumber,
  formatDay,
  formatMinorUnits,
  formatMoney,
  formatMoneyCompact,
  formatMonth,
  formatMoneyDelta,
  formatNumber,
  formatPercent,
  formatPeriod,
  formatPhone,
  relativeTime,
} from './format';

const cny = (amount: string) => ({ amount, currency: 'CNY' });

describe('formatMoney', () => {
  it('formats the decimal string exactly, in the user language', () => {
    expect(formatMoney(cny('12345678901234567.89'), 'zh-CN')).toBe('¥12,345,678,901,234,567.89');
    expect(formatMoney(cny('0.10'), 'en-US')).toBe('CN¥0.10');
    expect(formatMoney(cny('oops'), 'en-US')).toBe('oops CNY');
    expect(formatMoney(null, 'en-US')).toBe('');
  });

  it('signs a difference, and shows no sign on zero', () => {
    expect(formatMoneyDelta(cny('1000.00'), 'zh-CN')).toBe('+¥1,000.00');
    expect(formatMoneyDelta(cny('-500.00'), 'zh-CN')).toBe('−¥500.00');
    expect(formatMoneyDelta(cny('0.00'), 'zh-CN')).toBe('¥0.00');
  });

  it('reads a stored amount in minor units exactly, as a number or as text', () => {
    expect(formatMinorUnits(123450, 'CNY', 'zh-CN')).toBe('¥1,234.50');
    expect(formatMinorUnits('-5', 'CNY', 'zh-CN')).toBe('-¥0.05');
    // Past what a float holds exactly: text keeps every fen.
    expect(formatMinorUnits('900719925474099301', 'CNY', 'zh-CN')).toBe('¥9,007,199,254,740,993.01');
    expect(formatMinorUnits('12.5', 'CNY', 'zh-CN')).toBeNull();
    expect(formatMinorUnits(null, 'CNY', 'zh-CN')).toBeNull();
  });

  it('names the currency sign for an amount field', () => {
    expect(currencySymbol('CNY', 'zh-CN')).toBe('¥');
    expect(currencySymbol('CNY', 'en-US')).toBe('CN¥');
    expect(currencySymbol('NOPE', 'en-US')).toBe('NOPE');
  });
});

describe('formatNumber and formatPercent', () => {
  it('groups digits, taking decimal strings as they are', () => {
    expect(formatNumber(1280, 'en-US')).toBe('1,280');
    expect(formatNumber('2.500', 'zh-CN', 3)).toBe('2.5');
    expect(formatNumber('9007199254740993', 'en-US')).toBe('9,007,199,254,740,993');
    expect(formatNumber('n/a', 'en-US')).toBe('n/a');
  });

  it('puts the percent sign after the figure as given', () => {
    expect(formatPercent('12.5')).toBe('12.5%');
    expect(formatPercent(formatNumber('10', 'en-US'))).toBe('10%');
  });
});

describe('formatBytes', () => {
  it('writes sizes in binary multiples', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(200 * 1024)).toBe('200 KB');
    expect(formatBytes(50 * 1024 * 1024)).toBe('50 MB');
  });
});

describe('formatPhone', () => {
  it('groups Chinese mobiles and leaves the rest', () => {
    expect(formatPhone('+8613912345678')).toBe('139 1234 5678');
    expect(formatPhone('131****6789')).toBe('131 **** 6789');
    expect(formatPhone('+86131****6789')).toBe('131 **** 6789');
    expect(formatPhone('13912345678')).toBe('139 1234 5678');
    expect(formatPhone('+86 139-1234-5678')).toBe('139 1234 5678');
    expect(formatPhone('021-6212 3456')).toBe('021-6212 3456');
    expect(formatPhone('+14155550100')).toBe('+14155550100');
    expect(formatPhone(null)).toBe('');
  });
});

describe('formatDay', () => {
  it('names the weekday of a calendar day', () => {
    expect(formatDay('2026-03-02', 'en-US')).toBe('Monday, March 2');
    expect(formatDay('2026-03-02', 'zh-CN')).toBe('3月2日星期一');
    expect(formatDay('someday', 'en-US')).toBe('someday');
  });
});

describe('relativeTime', () => {
  const now = Date.parse('2026-03-01T00:00:00Z');
  it('says when in words', () => {
    expect(relativeTime('2026-03-04T00:00:00Z', 'en-US', now)).toBe('in 3 days');
    expect(relativeTime('2026-03-01T05:00:00Z', 'en-US', now)).toBe('in 5 hours');
    expect(relativeTime('2026-03-04T00:00:00Z', 'zh-CN', now)).toBe('3天后');
  });
});

describe('formatMoneyCompact', () => {
  it('writes large amounts in 万 and 亿 in Chinese, one decimal at most', () => {
    expect(formatMoneyCompact(cny('8977000.00'), 'zh-CN')).toBe('¥897.7万');
    expect(formatMoneyCompact(cny('120000000.00'), 'zh-CN')).toBe('¥1.2亿');
    expect(formatMoneyCompact(cny('123456789.00'), 'zh-CN')).toBe('¥1.2亿');
    expect(formatMoneyCompact(cny('180000.00'), 'zh-CN')).toBe('¥18万');
    expect(formatMoneyCompact(cny('2500000000000.00'), 'zh-CN')).toBe('¥2.5万亿');
  });

  it('crosses the 万 and 亿 boundaries where they are, and rounds up into the next unit', () => {
    expect(formatMoneyCompact(cny('9999.99'), 'zh-CN')).toBe('¥9,999.99');
    expect(formatMoneyCompact(cny('10000.00'), 'zh-CN')).toBe('¥1万');
    expect(formatMoneyCompact(cny('10049.99'), 'zh-CN')).toBe('¥1万');
    expect(formatMoneyCompact(cny('10050.00'), 'zh-CN')).toBe('¥1万');
    expect(formatMoneyCompact(cny('10500.00'), 'zh-CN')).toBe('¥1.1万');
    expect(formatMoneyCompact(cny('99994999.99'), 'zh-CN')).toBe('¥9999.5万');
    expect(formatMoneyCompact(cny('99999999.99'), 'zh-CN')).toBe('¥1亿');
    expect(formatMoneyCompact(cny('100000000.00'), 'zh-CN')).toBe('¥1亿');
  });

  it('writes K, M and B with three significant digits in English', () => {
    expect(formatMoneyCompact(cny('8977000.00'), 'en-US')).toBe('¥8.98M');
    expect(formatMoneyCompact(cny('120000.00'), 'en-US')).toBe('¥120K');
    expect(formatMoneyCompact(cny('1234.00'), 'en-US')).toBe('¥1.23K');
    expect(formatMoneyCompact(cny('12345678.00'), 'en-US')).toBe('¥12.3M');
    expect(formatMoneyCompact(cny('1500000000.00'), 'en-US')).toBe('¥1.5B');
    expect(formatMoneyCompact(cny('999.99'), 'en-US')).toBe('¥999.99');
    expect(formatMoneyCompact(cny('1000.00'), 'en-US')).toBe('¥1K');
    expect(formatMoneyCompact(cny('999999.00'), 'en-US')).toBe('¥1M');
    expect(formatMoneyCompact(cny('999499.00'), 'en-US')).toBe('¥999K');
  });

  it('keeps the sign, shows zero plainly and leaves what is not an amount', () => {
    expect(formatMoneyCompact(cny('-8977000.00'), 'zh-CN')).toBe('-¥897.7万');
    expect(formatMoneyCompact(cny('-120000.00'), 'en-US')).toBe('-¥120K');
    expect(formatMoneyCompact(cny('-500.50'), 'en-US')).toBe('-¥500.50');
    expect(formatMoneyCompact(cny('0.00'), 'zh-CN')).toBe('¥0');
    expect(formatMoneyCompact(cny('0.00'), 'en-US')).toBe('¥0');
    expect(formatMoneyCompact(cny('8500.00'), 'zh-CN')).toBe('¥8,500');
    expect(formatMoneyCompact(cny('oops'), 'en-US')).toBe('oops CNY');
    expect(formatMoneyCompact(null, 'en-US')).toBe('');
  });

  it('rounds from the decimal string, not from a float', () => {
    // 1.15 as a float is 1.1499…, which toFixed(1) takes down; in fen the half rounds up.
    expect((1.15).toFixed(1)).toBe('1.1');
    expect(formatMoneyCompact(cny('11500.00'), 'zh-CN')).toBe('¥1.2万');
    expect(formatMoneyCompact(cny('12345678901234567.89'), 'en-US')).toBe('¥12346T');
    expect(formatMoneyCompact(cny('12345678901234567.89'), 'zh-CN')).toBe('¥12345.7万亿');
  });

  it('leaves the exact figure to formatMoney', () => {
    expect(formatMoney(cny('8977000.00'), 'zh-CN')).toBe('¥8,977,000.00');
    expect(formatMoney(cny('8977000.00'), 'en-US')).toBe('CN¥8,977,000.00');
  });
});

describe('formatCompactNumber', () => {
  it('rounds axis figures the way amounts are rounded, without a sign', () => {
    expect(formatCompactNumber(8_977_000, 'zh-CN')).toBe('897.7万');
    expect(formatCompactNumber(8_977_000, 'en-US')).toBe('8.98M');
    expect(formatCompactNumber(250_000_000, 'zh-CN')).toBe('2.5亿');
    expect(formatCompactNumber(-2_500, 'en-US')).toBe('-2.5K');
    expect(formatCompactNumber(800, 'en-US')).toBe('800');
    expect(formatCompactNumber(0, 'zh-CN')).toBe('0');
  });
});

describe('formatPeriod and formatMonth', () => {
  it('names quarters, months and years as people read them', () => {
    expect(formatPeriod('2026-Q1', 'zh-CN')).toBe('2026年第1季度');
    expect(formatPeriod('2026-Q1', 'en-US')).toBe('Q1 2026');
    expect(formatPeriod('2026-03', 'zh-CN')).toBe('2026年3月');
    expect(formatPeriod('2026-03', 'en-US')).toBe('Mar 2026');
    expect(formatPeriod('2026', 'zh-CN')).toBe('2026年');
    expect(formatPeriod('2026', 'en-US')).toBe('2026');
    expect(formatPeriod('someday', 'en-US')).toBe('someday');
    expect(formatPeriod(null, 'en-US')).toBe('');
  });

  it('drops the year of a month when asked', () => {
    expect(formatMonth('2026-03', 'en-US', false)).toBe('Mar');
    expect(formatMonth('2026-03', 'zh-CN', false)).toBe('3月');
  });
});
