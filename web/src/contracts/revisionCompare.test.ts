import { describe, expect, it } from 'vitest';
import type { ContractLine, Revision } from '../api/types';
import { comparableRevisions, compareRevision } from './revisionCompare';

const cny = (amount: string) => ({ amount, currency: 'CNY' });
const line = (id: string, quantity: string, price: string, discount = '0', total = price): ContractLine => ({
  id,
  description: id,
  quantity,
  unit_price: cny(price),
  discount,
  total: cny(total),
});
const revision = (n: number, extra: Partial<Revision> = {}): Revision => ({
  revision: n,
  status: 'approved',
  name: 'Line upgrade',
  amount: cny('1000.00'),
  amount_change: cny('0.00'),
  created_at: '2026-01-01T00:00:00Z',
  lines: [],
  differences: [],
  ...extra,
});

describe('compareRevision', () => {
  const revisions = [
    revision(2, {
      amount: cny('1500.00'),
      amount_change: cny('500.00'),
      ends_on: '2027-12-31',
      differences: [
        { change: 'changed', before: line('a', '2', '250.00', '0', '500.00'), after: line('a', '3.000', '250.00', '0', '750.00') },
        { change: 'unchanged', before: line('b', '1', '500.00'), after: line('b', '1.000', '500.00') },
        { change: 'added', before: null, after: line('c', '1', '250.00') },
        { change: 'removed', before: line('d', '1', '0.00'), after: null },
      ],
    }),
    revision(1, { ends_on: '2027-06-30' }),
  ];

  it('puts each revision beside the one before it, with what moved on each line', () => {
    const compared = compareRevision(revisions, 2);
    expect(compared?.before.revision).toBe(1);
    expect(compared?.after.revision).toBe(2);
    expect(compared?.rows.map((r) => [r.change, r.changed])).toEqual([
      ['changed', ['quantity', 'total']],
      ['unchanged', []],
      ['added', []],
      ['removed', []],
    ]);
    expect(compared?.counts).toEqual({ added: 1, removed: 1, changed: 1, unchanged: 1 });
    expect(compared?.amountChange).toEqual(cny('500.00'));
  });

  it('names the terms that changed', () => {
    expect(compareRevision(revisions, 2)?.terms).toEqual([
      { field: 'amount', before: cny('1000.00'), after: cny('1500.00') },
      { field: 'ends_on', before: '2027-06-30', after: '2027-12-31' },
    ]);
  });

  it('has nothing to compare the first revision with', () => {
    expect(compareRevision(revisions, 1)).toBeNull();
    expect(compareRevision(revisions, 7)).toBeNull();
    expect(comparableRevisions(revisions)).toEqual([2]);
    expect(comparableRevisions([revision(1)])).toEqual([]);
  });
});
