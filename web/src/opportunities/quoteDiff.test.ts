import { describe, expect, it } from 'vitest';
import { diffQuotes, type QuoteLine } from './quoteDiff';

const cny = (amount: string) => ({ amount, currency: 'CNY' });

function line(product_id: string | null, description: string, quantity: string, price: string, discount: string, total: string): QuoteLine {
  return { product_id, description, quantity, unit_price: cny(price), discount, total: cny(total) };
}

function quote(lines: QuoteLine[], list: string, discount: string, total: string) {
  return { lines, list_amount: cny(list), discount_amount: cny(discount), total: cny(total) };
}

describe('diffQuotes', () => {
  const v1 = quote(
    [
      line('p-server', 'Server 服务器', '2', '50000.00', '10', '90000.00'),
      line('p-licence', 'Licence', '10', '1000.00', '0', '10000.00'),
      line(null, 'Installation 安装', '1', '5000.00', '0', '5000.00'),
    ],
    '115000.00',
    '10000.00',
    '105000.00',
  );
  const v2 = quote(
    [
      line('p-server', 'Server 服务器', '3.000', '50000.00', '15', '127500.00'),
      line('p-licence', 'Licence', '10.000', '1000.00', '0.00', '10000.00'),
      line('p-support', 'Support', '1', '8000.00', '0', '8000.00'),
    ],
    '168000.00',
    '22500.00',
    '145500.00',
  );

  it('pairs lines by product, then says what was added, removed and changed', () => {
    const diff = diffQuotes(v1, v2);
    expect(diff.lines.map((l) => [l.description, l.change])).toEqual([
      ['Server 服务器', 'changed'],
      ['Licence', 'same'],
      ['Support', 'added'],
      ['Installation 安装', 'removed'],
    ]);
    expect(diff.lines[0].changed).toEqual(['quantity', 'discount', 'total']);
    expect(diff.lines[0].total_delta).toEqual(cny('37500.00'));
    expect(diff.lines[1].changed).toEqual([]);
    expect(diff.lines[2].before).toBeNull();
    expect(diff.lines[2].total_delta).toEqual(cny('8000.00'));
    expect(diff.lines[3].after).toBeNull();
    expect(diff.lines[3].total_delta).toEqual(cny('-5000.00'));
    expect(diff.counts).toEqual({ added: 1, removed: 1, changed: 1, same: 1 });
  });

  it('subtracts the totals exactly', () => {
    const diff = diffQuotes(v1, v2);
    expect(diff.total_delta).toEqual(cny('40500.00'));
    expect(diff.list_delta).toEqual(cny('53000.00'));
    expect(diff.discount_delta).toEqual(cny('12500.00'));
    expect(diffQuotes(v2, v1).total_delta).toEqual(cny('-40500.00'));
    // 0.1 + 0.2 in floating point is not 0.3; in fen it is.
    const a = quote([line(null, 'a', '1', '0.10', '0', '0.10'), line(null, 'b', '1', '0.20', '0', '0.20')], '0.30', '0.00', '0.30');
    const b = quote([], '0.00', '0.00', '0.00');
    expect(diffQuotes(a, b).total_delta).toEqual(cny('-0.30'));
  });

  it('pairs free lines by description and repeats in order', () => {
    const a = quote([line('p', 'Cable', '1', '10.00', '0', '10.00'), line('p', 'Cable', '2', '10.00', '0', '20.00'), line(null, ' Training ', '1', '100.00', '0', '100.00')], '130.00', '0.00', '130.00');
    const b = quote([line('p', 'Cable', '1', '10.00', '0', '10.00'), line(null, 'training', '1', '120.00', '0', '120.00')], '130.00', '0.00', '130.00');
    const diff = diffQuotes(a, b);
    expect(diff.lines.map((l) => [l.key, l.change, l.changed])).toEqual([
      ['p:p#0', 'same', []],
      ['d:training#0', 'changed', ['unit_price', 'total']],
      ['p:p#1', 'removed', []],
    ]);
    expect(diff.total_delta).toEqual(cny('0.00'));
  });

  it('compares a version with itself as unchanged', () => {
    const diff = diffQuotes(v2, v2);
    expect(diff.lines.every((l) => l.change === 'same')).toBe(true);
    expect(diff.total_delta).toEqual(cny('0.00'));
  });
});
