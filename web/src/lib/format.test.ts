import { describe, expect, it } from 'vitest';
import {
  currencySymbol,
  formatBytes,
  formatDay,
  formatMoney,
  formatMoneyDelta,
  formatNumber,
  formatPercent,
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
    expect(formatPhone('131****6789')).toBe('131****6789');
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
