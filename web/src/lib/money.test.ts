import { describe, expect, it } from 'vitest';
import { amountToMinor, compareAmounts, currencyDecimals, fromFen, minorToAmount, sumMoney, toFen, toMoneyAmount } from './money';

const cny = (amount: string) => ({ amount, currency: 'CNY' });

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

describe('fen', () => {
  it('reads and writes money exactly', () => {
    expect(toFen('1234.5')).toBe(123450n);
    expect(toFen('-0.07')).toBe(-7n);
    expect(toFen('12')).toBe(1200n);
    expect(fromFen(-123405n, 'CNY')).toEqual(cny('-1234.05'));
    expect(fromFen(0n, 'CNY')).toEqual(cny('0.00'));
  });

  it('adds exactly in fen', () => {
    expect(sumMoney([cny('0.10'), cny('0.20')])).toEqual(cny('0.30'));
    expect(sumMoney([cny('1000000.00'), cny('5.5')]).amount).toBe('1000005.50');
    expect(sumMoney([]).amount).toBe('0.00');
  });

  it('converts minor units without floating point', () => {
    expect(minorToAmount(10_000_000)).toBe('100000.00');
    expect(minorToAmount(5)).toBe('0.05');
    expect(minorToAmount(-5)).toBe('-0.05');
    expect(amountToMinor('100,000')).toBe(10_000_000);
    expect(amountToMinor('0.1')).toBe(10);
    expect(amountToMinor('1.234')).toBeNull();
    expect(amountToMinor('abc')).toBeNull();
  });
});

describe('compareAmounts', () => {
  it('orders amounts exactly', () => {
    expect(compareAmounts('9007199254740993.00', '9007199254740992.99')).toBe(1);
    expect(compareAmounts('1280', '1280.00')).toBe(0);
    expect(compareAmounts('0.5', '0.45')).toBe(1);
    expect(compareAmounts('-1', '0')).toBe(-1);
  });

  it('knows how many decimals a currency takes', () => {
    expect(currencyDecimals('CNY')).toBe(2);
    expect(currencyDecimals('JPY')).toBe(0);
  });
});
