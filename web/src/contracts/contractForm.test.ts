import { describe, expect, it } from 'vitest';
import type { Contract } from '../api/types';
import { amendmentBody, editBody, sameLines, valuesFromContract } from './contractForm';

const cny = (amount: string) => ({ amount, currency: 'CNY' });
const contract = (extra: Partial<Contract> = {}): Contract => ({
  id: 'c1',
  number: 'HT-2026-00001',
  name: 'Line upgrade',
  customer_id: 'cu',
  status: 'draft',
  amount: cny('1200000.00'),
  ordered: cny('0.00'),
  delivered: cny('0.00'),
  revision: 1,
  version: 3,
  created_at: '2026-01-01T00:00:00Z',
  signed_on: '2026-03-01',
  lines: [],
  ...extra,
});
const withLines = contract({
  lines: [{ id: 'l1', product_id: 'p1', description: 'CRM', quantity: '2.000', unit_price: cny('600000.00'), discount: '0', total: cny('1200000.00') }],
});

describe('editBody', () => {
  it('sends nothing when nothing changed', () => {
    expect(editBody(valuesFromContract(contract()), contract())).toEqual({});
    expect(editBody(valuesFromContract(withLines), withLines)).toEqual({});
  });

  it('sends the changed fields, a cleared date as null and a typed amount cleaned', () => {
    const values = { ...valuesFromContract(contract()), name: ' Line upgrade II ', amount: '1,250,000', signed_on: '', ends_on: '2027-12-31' };
    expect(editBody(values, contract())).toEqual({
      name: 'Line upgrade II',
      amount: cny('1250000.00'),
      signed_on: null,
      ends_on: '2027-12-31',
    });
  });

  it('sends all lines when one of them changed', () => {
    const values = valuesFromContract(withLines);
    values.lines = [{ ...values.lines![0], quantity: '3' }, { description: ' Training ', quantity: '1', unit_price: '5000', discount: '' }];
    expect(editBody(values, withLines).lines).toEqual([
      { product_id: 'p1', description: 'CRM', quantity: '3', unit_price: cny('600000.00'), discount: '0' },
      { product_id: null, description: 'Training', quantity: '1', unit_price: cny('5000.00'), discount: null },
    ]);
  });
});

describe('sameLines', () => {
  it('reads "2" as "2.000" and "600000" as "600000.00"', () => {
    expect(sameLines([{ product_id: 'p1', description: 'CRM ', quantity: '2', unit_price: '600000', discount: '0.0' }], withLines)).toBe(true);
    expect(sameLines([{ product_id: 'p1', description: 'CRM', quantity: '2', unit_price: '600000', discount: '5' }], withLines)).toBe(false);
    expect(sameLines([], withLines)).toBe(false);
  });
});

describe('amendmentBody', () => {
  it('carries the reason and only what changes', () => {
    const values = { ...valuesFromContract(contract({ status: 'active' })), amount: '1500000', reason: ' Scope grew ' };
    expect(amendmentBody(values, contract({ status: 'active' }))).toEqual({ reason: 'Scope grew', amount: cny('1500000.00') });
  });
});
