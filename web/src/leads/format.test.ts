import { describe, expect, it } from 'vitest';
import { formatPhone, protectionOf, relativeTime, toMoneyAmount } from './format';
import { filterCount, normalizeQuery, paramsFromQuery, queryFromParams, sameQuery } from './query';
import { duplicateQueryOf } from './useDuplicateCheck';

describe('toMoneyAmount', () => {
  it('writes exactly two decimals without floating point', () => {
    expect(toMoneyAmount('250000')).toBe('250000.00');
    expect(toMoneyAmount('250,000.5')).toBe('250000.50');
    expect(toMoneyAmount(1234.56)).toBe('1234.56');
    expect(toMoneyAmount('0.1')).toBe('0.10');
    expect(toMoneyAmount('007')).toBe('7.00');
    expect(toMoneyAmount('9007199254740993.99')).toBe('9007199254740993.99');
  });

  it('refuses negative amounts, more than two decimals and text', () => {
    expect(toMoneyAmount('-5')).toBeNull();
    expect(toMoneyAmount('1.005')).toBeNull();
    expect(toMoneyAmount('abc')).toBeNull();
    expect(toMoneyAmount(null)).toBeNull();
  });
});

describe('protection', () => {
  const now = Date.parse('2026-03-01T00:00:00Z');
  it('is urgent under a day and overdue when past', () => {
    expect(protectionOf(null, now)).toBe('none');
    expect(protectionOf('2026-03-03T00:00:00Z', now)).toBe('safe');
    expect(protectionOf('2026-03-01T20:00:00Z', now)).toBe('urgent');
    expect(protectionOf('2026-02-28T00:00:00Z', now)).toBe('overdue');
  });

  it('says when in words', () => {
    expect(relativeTime('2026-03-04T00:00:00Z', 'en-US', now)).toBe('in 3 days');
    expect(relativeTime('2026-03-01T05:00:00Z', 'en-US', now)).toBe('in 5 hours');
    expect(relativeTime('2026-03-04T00:00:00Z', 'zh-CN', now)).toBe('3天后');
  });
});

describe('formatPhone', () => {
  it('groups Chinese mobiles and leaves the rest', () => {
    expect(formatPhone('+8613912345678')).toBe('139 1234 5678');
    expect(formatPhone('131****6789')).toBe('131****6789');
    expect(formatPhone('+14155550100')).toBe('+14155550100');
  });
});

describe('lead query', () => {
  it('drops empty values, the default sort and unknown statuses', () => {
    expect(normalizeQuery({ q: ' ', status: 'new', sort: '-created_at' })).toEqual({ status: 'new' });
    expect(normalizeQuery({ status: 'nonsense' as never, sort: 'created_at' })).toEqual({ sort: 'created_at' });
    expect(sameQuery({ status: 'new', sort: '-created_at' }, { status: 'new' })).toBe(true);
    expect(sameQuery({ status: 'new' }, { status: 'contacted' })).toBe(false);
  });

  it('round-trips through the URL and counts only narrowing filters', () => {
    const query = { q: '星云', status: 'qualified' as const, owner_id: 'u1', sort: 'created_at' as const };
    expect(queryFromParams(paramsFromQuery(query))).toEqual(query);
    expect(filterCount(query)).toBe(2);
  });
});

describe('duplicateQueryOf', () => {
  it('asks only about values worth a lookup', () => {
    expect(duplicateQueryOf({ company_name: 'A', phone: '123', email: 'x', credit_code: 'short' })).toEqual({});
    expect(
      duplicateQueryOf({
        company_name: ' 星云 ',
        phone: '131 2345 6789',
        email: 'a@b.cn',
        credit_code: '91350100M000100Y43',
      }),
    ).toEqual({ company_name: '星云', phone: '131 2345 6789', email: 'a@b.cn', credit_code: '91350100M000100Y43' });
    // Masked pool values would match nothing useful.
    expect(duplicateQueryOf({ phone: '131****6789', email: 'z***@***.cn' })).toEqual({});
  });
});
