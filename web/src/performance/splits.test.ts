import { describe, expect, it } from 'vitest';
import type { Splits } from '../api/performance';
import { checkSplit, leftFor, splitBody, switchBasis, valuesFromSplits, type SplitValues } from './splits';

const splits: Splits = {
  kind: 'whole',
  basis: 'ratio',
  amount: '1000000.00',
  win_rate: '10',
  shares: [{ user_id: 'a', name: 'A', active: true, ratio: '100', amount: null, credited_expected: '100000.00', credited_won: '0.00' }],
};

describe('the splits editor', () => {
  it('starts from the saved split', () => {
    expect(valuesFromSplits(splits)).toEqual({ kind: 'whole', basis: 'ratio', rows: [{ user_id: 'a', name: 'A', value: '100' }] });
  });

  it('checks that a whole split by ratio makes exactly 100 %', () => {
    const values: SplitValues = { kind: 'whole', basis: 'ratio', rows: [{ user_id: 'a', name: 'A', value: '60' }, { user_id: 'b', name: 'B', value: '30' }] };
    let check = checkSplit(values, '1000000.00');
    expect(check).toMatchObject({ sum: '90', target: '100', ok: false, badRows: [] });
    expect(check.counterparts).toEqual(['600000.00', '300000.00']);
    expect(leftFor(values, '1000000.00')).toBe('10');
    check = checkSplit({ ...values, rows: [values.rows[0], { ...values.rows[1], value: '40' }] }, '1000000.00');
    expect(check.ok).toBe(true);
    expect(leftFor({ ...values, rows: [values.rows[0], { ...values.rows[1], value: '40' }] }, '1000000.00')).toBe('');
  });

  it('lets an excess split add up to more, and by amount to the deal', () => {
    const excess: SplitValues = { kind: 'excess', basis: 'ratio', rows: [{ user_id: 'a', name: 'A', value: '100' }, { user_id: 'b', name: 'B', value: '50' }] };
    expect(checkSplit(excess, '1000.00')).toMatchObject({ sum: '150', ok: true });
    expect(leftFor(excess, '1000.00')).toBe('');
    const byAmount: SplitValues = { kind: 'whole', basis: 'amount', rows: [{ user_id: 'a', name: 'A', value: '700' }, { user_id: 'b', name: 'B', value: '300' }] };
    expect(checkSplit(byAmount, '1000.00')).toMatchObject({ sum: '1000.00', target: '1000.00', ok: true, counterparts: ['70', '30'] });
    expect(checkSplit({ ...byAmount, rows: [byAmount.rows[0]] }, '1000.00').ok).toBe(false);
    expect(leftFor({ ...byAmount, rows: [byAmount.rows[0]] }, '1000.00')).toBe('300.00');
  });

  it('marks a share that is not a value', () => {
    const values: SplitValues = { kind: 'whole', basis: 'ratio', rows: [{ user_id: 'a', name: 'A', value: '' }, { user_id: 'b', name: 'B', value: '101' }] };
    expect(checkSplit(values, '1000.00').badRows).toEqual([0, 1]);
  });

  it('switches the basis, converting the shares', () => {
    const values: SplitValues = { kind: 'whole', basis: 'ratio', rows: [{ user_id: 'a', name: 'A', value: '60' }, { user_id: 'b', name: 'B', value: '40' }] };
    const amounts = switchBasis(values, 'amount', '1000000.00');
    expect(amounts.rows.map((r) => r.value)).toEqual(['600000.00', '400000.00']);
    expect(switchBasis(amounts, 'ratio', '1000000.00').rows.map((r) => r.value)).toEqual(['60', '40']);
  });

  it('sends each share by the basis chosen', () => {
    expect(splitBody({ kind: 'whole', basis: 'ratio', rows: [{ user_id: 'a', name: 'A', value: ' 60 ' }] })).toEqual({ kind: 'whole', shares: [{ user_id: 'a', ratio: '60' }] });
    expect(splitBody({ kind: 'excess', basis: 'amount', rows: [{ user_id: 'a', name: 'A', value: '1,000' }] })).toEqual({ kind: 'excess', shares: [{ user_id: 'a', amount: '1000.00' }] });
  });
});
