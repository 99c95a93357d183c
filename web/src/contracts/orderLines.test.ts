import { describe, expect, it } from 'vitest';
import type { ContractLine, Order } from '../api/types';
import { exceeds, fromMilli, orderBody, orderFieldPath, remainingAmount, remainingByLine, toMilli } from './orderLines';

const cny = (amount: string) => ({ amount, currency: 'CNY' });
const line = (id: string, quantity: string): ContractLine => ({ id, description: id, quantity, unit_price: cny('100.00'), discount: '0', total: cny('0') });
const order = (status: string, lines: [string, string][]): Order =>
  ({ id: status, contract_id: 'c', number: 1, status, amount: cny('0'), version: 1, created_at: '', lines: lines.map(([id, q]) => ({ contract_line_id: id, quantity: q, description: id, amount: cny('0') })) }) as Order;

describe('quantities', () => {
  it('count exactly in thousandths', () => {
    expect(toMilli('2.5')).toBe(2500n);
    expect(toMilli('0.001')).toBe(1n);
    expect(toMilli(3)).toBe(3000n);
    expect(toMilli('2.0005')).toBeNull();
    expect(toMilli('abc')).toBeNull();
    expect(toMilli('')).toBeNull();
    expect(fromMilli(2500n)).toBe('2.5');
    expect(fromMilli(3000n)).toBe('3');
  });
});

describe('remainingByLine', () => {
  it('takes what orders took, cancelled ones excepted, never below zero', () => {
    const lines = [line('a', '10'), line('b', '1.5'), line('c', '2')];
    const orders = [order('delivered', [['a', '3'], ['b', '0.5']]), order('open', [['a', '2.25']]), order('cancelled', [['c', '2']]), order('open', [['b', '5']])];
    const left = remainingByLine(lines, orders);
    expect(left.get('a')).toBe('4.75');
    expect(left.get('b')).toBe('0');
    expect(left.get('c')).toBe('2');
  });

  it('leaves the amount no order took', () => {
    expect(remainingAmount({ amount: cny('1200000.00'), ordered: cny('200000.50') })).toBe('999999.50');
    expect(remainingAmount({ amount: cny('10.00'), ordered: cny('12.00') })).toBe('0.00');
  });

  it('says when a typed quantity is more than a line leaves', () => {
    expect(exceeds('4.751', '4.75')).toBe(true);
    expect(exceeds('4.75', '4.75')).toBe(false);
    expect(exceeds('x', '1')).toBe(false);
  });
});

describe('orderBody', () => {
  const contract = { id: 'c1', amount: cny('500.00'), lines: [line('a', '10'), line('b', '2')] };

  it('sends the lines given a quantity, in the contract’s order', () => {
    expect(orderBody(contract, { quantities: { b: '1.50', a: '0', x: '9' }, deliver_by: '2026-12-01', notes: '  first batch ' })).toEqual({
      contract_id: 'c1',
      lines: [{ contract_line_id: 'b', quantity: '1.5' }],
      deliver_by: '2026-12-01',
      notes: 'first batch',
    });
  });

  it('sends a quantity that is not a number as typed, so the server names the line', () => {
    expect(orderBody(contract, { quantities: { a: 'lots' } }).lines).toEqual([{ contract_line_id: 'a', quantity: 'lots' }]);
  });

  it('sends an amount for a contract without lines', () => {
    expect(orderBody({ ...contract, lines: [] }, { amount: '1,200.5' }).lines).toEqual([{ amount: cny('1200.50') }]);
  });
});

describe('orderFieldPath', () => {
  it('puts a line’s problem on that line’s quantity and an amount’s on the amount', () => {
    const body = { contract_id: 'c', lines: [{ contract_line_id: 'b', quantity: '9' }] };
    expect(orderFieldPath(['lines', 0, 'quantity'], body)).toEqual(['quantities', 'b']);
    expect(orderFieldPath(['lines', 0, 'amount', 'amount'], body)).toEqual(['amount']);
    expect(orderFieldPath(['lines'], body)).toEqual(['lines']);
    expect(orderFieldPath(['deliver_by'], body)).toEqual(['deliver_by']);
  });
});
