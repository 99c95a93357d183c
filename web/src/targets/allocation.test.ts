import { describe, expect, it } from 'vitest';
import type { SuggestedUnit } from '../api/targets';
import {
  allocationBody,
  balance,
  checkGrid,
  formatUnits,
  gridFromPlan,
  mergeSuggestion,
  normalize,
  parseUnits,
  problemCell,
  removeUnit,
  setMonth,
  spreadEvenly,
  treeOrder,
  type GridUnit,
} from './allocation';

const res = (active_customers: number, potential = '0.00') => ({ active_customers, potential });
const even = (total: string) => spreadEvenly(parseUnits(total, 2) ?? 0n).map((v) => formatUnits(v, 2));
const unit = (id: string, parent: string | null, months: string[], kind: 'department' | 'user' = 'department', customers = 0): GridUnit => ({
  kind,
  id,
  name: id,
  parent,
  months,
  resources: res(customers),
});
const suggested = (id: string, months: string[], kind: 'department' | 'user' = 'department', customers = 0): SuggestedUnit => ({
  kind,
  id,
  name: id,
  resources: res(customers),
  share: '0',
  months,
  total: '0',
});

describe('amounts', () => {
  it('reads and writes minor units exactly, at two decimals or none', () => {
    expect(parseUnits('1234.5', 2)).toBe(123450n);
    expect(parseUnits('1,234.50', 2)).toBe(123450n);
    expect(parseUnits('5', 0)).toBe(5n);
    expect(parseUnits('5.0', 0)).toBe(5n);
    expect(parseUnits('5.5', 0)).toBeNull();
    expect(parseUnits('1.005', 2)).toBeNull();
    expect(parseUnits('-1', 2)).toBeNull();
    expect(parseUnits('abc', 2)).toBeNull();
    expect(formatUnits(123405n, 2)).toBe('1234.05');
    expect(formatUnits(-5n, 2)).toBe('-0.05');
    expect(formatUnits(7n, 0)).toBe('7');
    expect(normalize('250000', 2)).toBe('250000.00');
    expect(normalize('x', 2)).toBe('');
  });

  it('spreads a total over the months evenly, the remainder in December', () => {
    const months = even('1000000.00');
    expect(months.slice(0, 11).every((m) => m === '83333.33')).toBe(true);
    expect(months[11]).toBe('83333.37');
  });
});

describe('the grid', () => {
  const plan = {
    units: [
      { kind: 'user' as const, id: 'a1', name: 'A1', parent_id: 'A', months: even('300000.00'), total: '300000.00', resources: res(3) },
      { kind: 'department' as const, id: 'A', name: 'A', parent_id: null, months: even('600000.00'), total: '600000.00', resources: res(4) },
      { kind: 'department' as const, id: 'B', name: 'B', parent_id: null, months: even('400000.00'), total: '400000.00', resources: res(4) },
      { kind: 'user' as const, id: 'a2', name: 'A2', parent_id: 'A', months: even('300000.00'), total: '300000.00', resources: res(1) },
    ],
  };

  it('puts each parent before its children', () => {
    expect(gridFromPlan(plan).map((u) => u.id)).toEqual(['A', 'a1', 'a2', 'B']);
    expect(treeOrder([unit('x', 'gone', [])]).map((u) => u.parent)).toEqual(['gone']);
  });

  it('is balanced when the top units make the total and each parent its children', () => {
    const check = checkGrid(gridFromPlan(plan), '1000000.00', 2);
    expect(check.balanced).toBe(true);
    expect(check.companyTotal).toBe('1000000.00');
    expect(check.rowTotals.get('A')).toBe('600000.00');
    expect(check.companyMonths[11]).toBe('83333.37');
    expect(check.childSums.get('A')?.[0]).toBe('50000.00');
  });

  it('names the parent months its children no longer add up to, and what is left of the total', () => {
    let units = gridFromPlan(plan);
    units = setMonth(units, 'a1', 2, '30000');
    const check = checkGrid(units, '1000000.00', 2);
    expect([...check.unbalanced]).toEqual(['A:2']);
    expect(check.companyBalanced).toBe(true);
    expect(check.balanced).toBe(false);
    expect(check.rowTotals.get('a1')).toBe('305000.00');

    const over = checkGrid(setMonth(units, 'B', 0, '43333.33'), '1000000.00', 2);
    expect(over.companyBalanced).toBe(false);
    expect(over.companyLeft).toBe('-10000.00');
  });

  it('flags a cell that is not an amount, and counts a blank as nothing', () => {
    const units = setMonth(setMonth(gridFromPlan(plan), 'B', 0, 'x'), 'B', 1, '');
    const check = checkGrid(units, '1000000.00', 2);
    expect(check.invalid.has('B:0')).toBe(true);
    expect(check.invalid.has('B:1')).toBe(false);
  });

  it('counts whole numbers for the counted metrics', () => {
    const units = [unit('A', null, ['5', '5', '5', '5', '5', '5', '5', '5', '5', '5', '5', '5'])];
    expect(checkGrid(units, '60', 0).balanced).toBe(true);
    expect(checkGrid(units, '60', 0).rowTotals.get('A')).toBe('60');
  });
});

describe('a suggestion merged into the grid', () => {
  it('fills the company, then a department, keeping what lies under the units it keeps', () => {
    let units: GridUnit[] = [];
    units = mergeSuggestion(units, null, [suggested('A', even('600000.00'), 'department', 4), suggested('B', even('400000.00'), 'department', 4)]);
    expect(units.map((u) => [u.id, u.parent])).toEqual([
      ['A', null],
      ['B', null],
    ]);
    units = mergeSuggestion(units, 'A', [suggested('a1', even('450000.00'), 'user', 3), suggested('a2', even('150000.00'), 'user', 1)]);
    expect(units.map((u) => u.id)).toEqual(['A', 'a1', 'a2', 'B']);
    expect(checkGrid(units, '1000000.00', 2).balanced).toBe(true);

    // The company again, on another basis: A and B get new months, A keeps its people.
    units = mergeSuggestion(units, null, [suggested('A', even('500000.00')), suggested('B', even('500000.00'))]);
    expect(units.map((u) => u.id)).toEqual(['A', 'a1', 'a2', 'B']);
    expect(units.find((u) => u.id === 'A')?.months[0]).toBe('41666.66');
    expect(checkGrid(units, '1000000.00', 2).unbalanced.size).toBe(12);
  });

  it('drops children the suggestion leaves out, with everything under them', () => {
    const units = [unit('A', null, []), unit('a1', 'A', [], 'user'), unit('C', null, []), unit('c1', 'C', [], 'user')];
    const merged = mergeSuggestion(units, null, [suggested('A', even('1.00'))]);
    expect(merged.map((u) => u.id)).toEqual(['A', 'a1']);
    expect(removeUnit(merged, 'A')).toEqual([]);
  });
});

describe('saving', () => {
  it('sends every unit in tree order with twelve normalised months, and puts the 422 problems back on their cells', () => {
    const units = [unit('A', null, ['1', '', ...Array(10).fill('0')]), unit('a1', 'A', Array(12).fill('0'), 'user')];
    const { body, order } = allocationBody(units, 2);
    expect(body[0]).toEqual({ department_id: 'A', months: ['1.00', '0.00', ...Array(10).fill('0.00')] });
    expect(body[1].user_id).toBe('a1');
    expect(order).toEqual(['A', 'a1']);
    expect(problemCell('units[1].months[3]', order)).toBe('a1:3');
    expect(problemCell('units[0]', order)).toBe('A');
    expect(problemCell('total', order)).toBe('total');
    expect(problemCell('units[7].months[0]', order)).toBeNull();
    expect(problemCell('name', order)).toBeNull();
  });
});

describe('the balance chart', () => {
  it('gives each child its share of the target beside its share of the resources', () => {
    const units = [unit('A', null, ['300', ...Array(11).fill('0')], 'department', 3), unit('B', null, ['100', ...Array(11).fill('0')], 'department', 1)];
    expect(balance(units, null, 'active_customers', 2)).toEqual([
      { id: 'A', name: 'A', target: 75, resources: 75 },
      { id: 'B', name: 'B', target: 25, resources: 25 },
    ]);
    expect(balance(units, null, 'even', 2).map((b) => b.resources)).toEqual([50, 50]);
    expect(balance([], null, 'potential', 2)).toEqual([]);
  });
});
