import { describe, expect, it } from 'vitest';
import type { Receivable } from '../api/types';
import { afterWaiver, allocationSums, changeBody, invoiceable, invoiceBody, paymentBody, percentOf, prefillAllocations } from './forms';

const cny = (amount: string) => ({ amount, currency: 'CNY' });
const receivable = (id: string, position: number, due_on: string, outstanding: string) =>
  ({ id, position, due_on, outstanding: cny(outstanding), amount: cny(outstanding), invoiced: cny('0.00') }) as Receivable;

describe('paymentBody', () => {
  const target = { customer_id: 'c1', contract_id: 'k1' };

  it('leaves the write-off to the server (earliest due first) unless receivables are named', () => {
    expect(paymentBody({ amount: '150,000', received_on: '2026-02-20', reference: ' 第1期 ', payer_name: '', allocate: 'auto' }, target, 'CNY')).toEqual({
      customer_id: 'c1',
      contract_id: 'k1',
      amount: cny('150000.00'),
      received_on: '2026-02-20',
      reference: '第1期',
      payer_name: null,
    });
  });

  it('names only the receivables given an amount above zero', () => {
    const body = paymentBody(
      {
        amount: '100000',
        received_on: '2026-02-20',
        allocate: 'named',
        allocations: [
          { receivable_id: 'r1', amount: '' },
          { receivable_id: 'r2', amount: '0' },
          { receivable_id: 'r3', amount: '100000' },
          { receivable_id: 'r4', amount: '1.234' },
        ],
      },
      target,
      'CNY',
    );
    expect(body.allocations).toEqual([
      { receivable_id: 'r3', amount: cny('100000.00') },
      { receivable_id: 'r4', amount: cny('1.234') },
    ]);
  });
});

describe('allocations', () => {
  it('fills the owing receivables earliest due first until the payment runs out', () => {
    const rs = [receivable('r2', 1, '2026-03-01', '600000.01'), receivable('r1', 0, '2026-02-01', '300000.00'), receivable('r0', 2, '2026-12-31', '0.00')];
    expect(prefillAllocations(rs, '400000')).toEqual([
      { receivable_id: 'r1', amount: '300000.00' },
      { receivable_id: 'r2', amount: '100000.00' },
    ]);
    expect(prefillAllocations(rs, '')).toEqual([
      { receivable_id: 'r1', amount: '' },
      { receivable_id: 'r2', amount: '' },
    ]);
  });

  it('adds up what is named and what is left for credit', () => {
    expect(allocationSums({ amount: '100', allocations: [{ receivable_id: 'a', amount: '30.5' }, { receivable_id: 'b', amount: 'x' }] }, 'CNY')).toEqual({
      named: cny('30.50'),
      left: cny('69.50'),
    });
    expect(allocationSums({ amount: '10', allocations: [{ receivable_id: 'a', amount: '10.01' }] }, 'CNY').left).toEqual(cny('-0.01'));
  });
});

describe('invoices', () => {
  it('sends the amount with tax and the rate; the server works out the tax', () => {
    expect(invoiceBody({ receivable_id: 'r1', kind: 'vat_ordinary', tax_rate: 13, amount: '113000', number: ' 3100261130 ', issued_on: '' }, 'CNY')).toEqual({
      receivable_id: 'r1',
      kind: 'vat_ordinary',
      tax_rate: '13',
      amount: cny('113000.00'),
      number: '3100261130',
      issued_on: null,
    });
  });

  it('offers what a receivable leaves to invoice', () => {
    expect(invoiceable({ amount: cny('300000.00'), invoiced: cny('113000.00') })).toEqual(cny('187000.00'));
    expect(invoiceable({ amount: cny('90000.00'), invoiced: cny('100000.00') })).toEqual(cny('0.00'));
  });
});

describe('waivers', () => {
  it('takes 10 % off ¥100,000.00 → ¥90,000.00 (the worked example)', () => {
    expect(afterWaiver(cny('100000.00'), '10')).toEqual(cny('90000.00'));
  });

  it('rounds the waived part half up to the fen', () => {
    expect(afterWaiver(cny('0.05'), '10')).toEqual(cny('0.04'));
    expect(afterWaiver(cny('600000.01'), 12.5)).toEqual(cny('525000.01'));
    expect(afterWaiver(cny('100.00'), '100')).toEqual(cny('0.00'));
  });

  it('refuses what is not a percentage', () => {
    expect(afterWaiver(cny('100.00'), '101')).toBeNull();
    expect(afterWaiver(cny('100.00'), '-1')).toBeNull();
    expect(afterWaiver(cny('100.00'), '')).toBeNull();
  });

  it('sends the change as one receivable with its new amount and the reason', () => {
    expect(changeBody({ receivable_id: 'r3', new_amount: '90000', reason: ' 服务费减免 10% ' }, 'CNY')).toEqual({
      reason: '服务费减免 10%',
      receivables: [{ receivable_id: 'r3', new_amount: cny('90000.00') }],
    });
  });
});

describe('percentOf', () => {
  it('is a whole percentage between 0 and 100', () => {
    expect(percentOf(cny('150000.00'), cny('300000.00'))).toBe(50);
    expect(percentOf(cny('299999.99'), cny('300000.00'))).toBe(99);
    expect(percentOf(cny('1.00'), cny('0.00'))).toBe(0);
    expect(percentOf(cny('400.00'), cny('300.00'))).toBe(100);
  });
});
