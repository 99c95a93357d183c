import { describe, expect, it } from 'vitest';
import { checkPlan, formatRatio, parseRatio, planBody, splitByRatio, switchMode, valuesFromPlan, type PlanValues } from './plan';

const contract = { amount: '1000000.01', currency: 'CNY' };
const worked: PlanValues = {
  mode: 'ratio',
  installments: [
    { due_on: '2026-02-01', ratio: '30' },
    { due_on: '2026-03-01', ratio: 60 },
    { due_on: '2026-12-31', ratio: '10' },
  ],
};

describe('parseRatio', () => {
  it('reads percentages with up to four decimals, as the server does', () => {
    expect(parseRatio('30')).toBe(300_000n);
    expect(parseRatio(' 33.3333 ')).toBe(333_333n);
    expect(parseRatio(100)).toBe(1_000_000n);
    expect(parseRatio('0.0001')).toBe(1n);
  });

  it('refuses zero, more than 100, five decimals and anything else', () => {
    for (const bad of ['0', '100.0001', '33.33333', '-5', 'abc', '', null, undefined, '1e2']) {
      expect(parseRatio(bad), String(bad)).toBeNull();
    }
  });

  it('writes millionths back without trailing zeros', () => {
    expect(formatRatio(300_000n)).toBe('30');
    expect(formatRatio(333_333n)).toBe('33.3333');
    expect(formatRatio(-100_000n)).toBe('-10');
    expect(formatRatio(125_000n)).toBe('12.5');
  });
});

describe('splitByRatio', () => {
  it('rounds each half up to the fen and gives the last the remainder (the worked example)', () => {
    expect(splitByRatio(100_000_001n, [300_000n, 600_000n, 100_000n])).toEqual([30_000_000n, 60_000_001n, 10_000_000n]);
  });

  it('always adds up to the whole', () => {
    const parts = splitByRatio(1_000n, [333_333n, 333_333n, 333_334n]);
    expect(parts.reduce((a, b) => a + b, 0n)).toBe(1_000n);
    expect(parts).toEqual([333n, 333n, 334n]);
  });
});

describe('checkPlan', () => {
  it('passes 30 / 60 / 10 of ¥1,000,000.01 and shows what each comes to', () => {
    const check = checkPlan(worked, contract);
    expect(check).toMatchObject({ sum: '100', target: '100', left: '0', whole: true, badRows: [] });
    expect(check.amounts.map((m) => m?.amount)).toEqual(['300000.00', '600000.01', '100000.00']);
  });

  it('says how much is left while the ratios do not add up, and each row on its own', () => {
    const check = checkPlan({ mode: 'ratio', installments: [{ due_on: '2026-02-01', ratio: '30' }, { due_on: '2026-03-01', ratio: '60' }] }, contract);
    expect(check).toMatchObject({ sum: '90', left: '10', whole: false });
    expect(check.amounts.map((m) => m?.amount)).toEqual(['300000.00', '600000.01']);
  });

  it('marks rows without a date or a valid share', () => {
    const check = checkPlan({ mode: 'ratio', installments: [{ due_on: '', ratio: '50' }, { due_on: '2026-03-01', ratio: 'x' }, { due_on: '2026-03-01', ratio: '50' }] }, contract);
    expect(check.badRows).toEqual([0, 1]);
    expect(check.whole).toBe(false);
    expect(check.amounts[1]).toBeNull();
  });

  it('checks amounts to the fen against the contract amount', () => {
    const rows = [
      { due_on: '2026-02-01', amount: '300,000' },
      { due_on: '2026-03-01', amount: '600000.01' },
      { due_on: '2026-12-31', amount: '100000' },
    ];
    expect(checkPlan({ mode: 'amount', installments: rows }, contract)).toMatchObject({ sum: '1000000.01', left: '0.00', whole: true });
    const short = checkPlan({ mode: 'amount', installments: rows.slice(0, 2) }, contract);
    expect(short).toMatchObject({ sum: '900000.01', left: '100000.00', whole: false });
    const over = checkPlan({ mode: 'amount', installments: [...rows, { due_on: '2027-01-01', amount: '0.01' }] }, contract);
    expect(over).toMatchObject({ left: '-0.01', whole: false });
  });

  it('refuses an installment of zero by amount', () => {
    const check = checkPlan({ mode: 'amount', installments: [{ due_on: '2026-02-01', amount: '1000000.01' }, { due_on: '2026-03-01', amount: '0' }] }, contract);
    expect(check.badRows).toEqual([1]);
    expect(check.whole).toBe(false);
  });
});

describe('planBody', () => {
  it('sends every row by ratio, or every row by amount with the currency', () => {
    expect(planBody(worked, 'CNY')).toEqual({
      installments: [
        { due_on: '2026-02-01', ratio: '30' },
        { due_on: '2026-03-01', ratio: '60' },
        { due_on: '2026-12-31', ratio: '10' },
      ],
    });
    expect(planBody({ mode: 'amount', installments: [{ due_on: '2026-02-01', amount: '1,000,000.01' }] }, 'CNY')).toEqual({
      installments: [{ due_on: '2026-02-01', amount: { amount: '1000000.01', currency: 'CNY' } }],
    });
  });

  it('sends what is not an amount as typed, for the server to name', () => {
    expect(planBody({ mode: 'amount', installments: [{ due_on: '2026-02-01', amount: '12.345' }] }, 'CNY').installments[0].amount).toEqual({
      amount: '12.345',
      currency: 'CNY',
    });
  });
});

describe('valuesFromPlan and switchMode', () => {
  it('starts a new plan at one installment of 100 %, an existing one by its amounts in order', () => {
    expect(valuesFromPlan(null)).toEqual({ mode: 'ratio', installments: [{ due_on: '', ratio: '100' }] });
    const plan = {
      receivables: [
        { position: 1, due_on: '2026-03-01', amount: { amount: '600000.01', currency: 'CNY' } },
        { position: 0, due_on: '2026-02-01', amount: { amount: '300000.00', currency: 'CNY' } },
      ],
    } as Parameters<typeof valuesFromPlan>[0];
    expect(valuesFromPlan(plan)).toEqual({
      mode: 'amount',
      installments: [
        { due_on: '2026-02-01', amount: '300000.00' },
        { due_on: '2026-03-01', amount: '600000.01' },
      ],
    });
  });

  it('turns ratios into their amounts and amounts into their ratios', () => {
    const byAmount = switchMode(worked, 'amount', contract);
    expect(byAmount.installments.map((r) => r.amount)).toEqual(['300000.00', '600000.01', '100000.00']);
    const back = switchMode(byAmount, 'ratio', { amount: '1000000.00', currency: 'CNY' });
    expect(back.installments.map((r) => r.ratio)).toEqual(['30', '60', '10']);
    expect(back.installments[0].due_on).toBe('2026-02-01');
  });
});
