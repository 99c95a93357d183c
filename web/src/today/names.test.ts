import { describe, expect, it } from 'vitest';
import type { TodayItem } from '../api/types';
import { recordNames } from './names';

const item = (over: Partial<TodayItem>): TodayItem =>
  ({
    id: 'a',
    kind: 'visit',
    subject: 'x',
    customer_id: null,
    contact_id: null,
    opportunity_id: null,
    lead_id: null,
    overdue: false,
    ...over,
  }) as TodayItem;

describe('recordNames', () => {
  it('keeps the names the server sends, by customer or lead', () => {
    const names = recordNames([
      item({ customer_id: 'c1', record_name: '上海星图软件有限公司' }),
      item({ lead_id: 'l1', record_name: 'Acme Ltd' }),
      item({ customer_id: 'c2', record_name: null }),
    ]);
    expect(names.customers.get('c1')).toBe('上海星图软件有限公司');
    expect(names.leads.get('l1')).toBe('Acme Ltd');
    expect(names.customers.has('c2')).toBe(false);
  });
});
