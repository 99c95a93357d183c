// The credit split of a deal among its people: whole (the shares make up exactly 100 % or the
// deal's amount) or excess (credit on top, any sum), by ratio or by amount; the live sum
// check, what each share comes to, and the body of PUT /opportunities/{id}/splits.
import type { SplitBasis, SplitKind, Splits, SplitsInput } from '../api/performance';
import { formatRatio, parseRatio, RATIO_WHOLE } from '../cash/plan';
import { fromFen, toFen, toMoneyAmount } from '../lib/money';

export interface ShareRow {
  user_id: string;
  name: string;
  /** As typed. */
  value: string;
}

export interface SplitValues {
  kind: SplitKind;
  basis: SplitBasis;
  rows: ShareRow[];
}

export function valuesFromSplits(splits: Splits): SplitValues {
  return {
    kind: splits.kind,
    basis: splits.basis,
    rows: splits.shares.map((s) => ({
      user_id: s.user_id,
      name: s.name,
      value: (splits.basis === 'ratio' ? s.ratio : s.amount) ?? '',
    })),
  };
}

export interface SplitCheck {
  /** What the shares add up to: a percentage ("100") or an amount ("1000000.00"). */
  sum: string;
  /** What a whole split must add up to. */
  target: string;
  /** Whole: they add up exactly (and every row is a value). Excess: every row is a value. */
  ok: boolean;
  /** Rows whose share is not a value above zero. */
  badRows: number[];
  /** Each row's counterpart: by ratio its amount of the deal, by amount its percentage. */
  counterparts: (string | null)[];
}

function mulDivHalfUp(a: bigint, b: bigint, c: bigint): bigint {
  return c === 0n ? 0n : (a * b * 2n + c) / (2n * c);
}

/** The live sum check of the splits editor. */
export function checkSplit(values: SplitValues, dealAmount: string): SplitCheck {
  const deal = toFen(dealAmount || '0');
  const badRows: number[] = [];
  if (values.basis === 'ratio') {
    const ratios = values.rows.map((r) => parseRatio(r.value));
    ratios.forEach((r, i) => r === null && badRows.push(i));
    const sum = ratios.reduce<bigint>((acc, r) => acc + (r ?? 0n), 0n);
    return {
      sum: formatRatio(sum),
      target: formatRatio(RATIO_WHOLE),
      ok: values.rows.length > 0 && badRows.length === 0 && (values.kind === 'excess' || sum === RATIO_WHOLE),
      badRows,
      counterparts: ratios.map((r) => (r === null ? null : fromFen(mulDivHalfUp(deal, r, RATIO_WHOLE), '').amount)),
    };
  }
  const amounts = values.rows.map((r) => {
    const amount = toMoneyAmount(r.value);
    return amount === null || toFen(amount) <= 0n ? null : toFen(amount);
  });
  amounts.forEach((a, i) => a === null && badRows.push(i));
  const sum = amounts.reduce<bigint>((acc, a) => acc + (a ?? 0n), 0n);
  return {
    sum: fromFen(sum, '').amount,
    target: fromFen(deal, '').amount,
    ok: values.rows.length > 0 && badRows.length === 0 && (values.kind === 'excess' || sum === deal),
    badRows,
    counterparts: amounts.map((a) => (a === null || deal === 0n ? null : formatRatio(mulDivHalfUp(a, RATIO_WHOLE, deal)))),
  };
}

/**
 * What a new share holder starts with: for a whole split, what is left to 100 % (or to the
 * deal's amount) when anything is; otherwise nothing.
 */
export function leftFor(values: SplitValues, dealAmount: string): string {
  if (values.kind !== 'whole') return '';
  if (values.basis === 'ratio') {
    const left = RATIO_WHOLE - values.rows.reduce<bigint>((acc, r) => acc + (parseRatio(r.value) ?? 0n), 0n);
    return left > 0n ? formatRatio(left) : '';
  }
  const check = checkSplit(values, dealAmount);
  const left = toFen(check.target) - toFen(check.sum);
  return left > 0n ? fromFen(left, '').amount : '';
}

/** PUT /opportunities/{id}/splits: every share by the basis chosen; what is not a value goes as typed, so the server names it. */
export function splitBody(values: SplitValues): SplitsInput {
  return {
    kind: values.kind,
    shares: values.rows.map((r) =>
      values.basis === 'ratio'
        ? { user_id: r.user_id, ratio: r.value.trim() }
        : { user_id: r.user_id, amount: toMoneyAmount(r.value) ?? r.value.trim() },
    ),
  };
}

/**
 * The same shares switched to the other basis, as far as they convert: percentages become
 * the amounts they come to, amounts the percentages they are.
 */
export function switchBasis(values: SplitValues, basis: SplitBasis, dealAmount: string): SplitValues {
  if (basis === values.basis) return values;
  const check = checkSplit(values, dealAmount);
  return { ...values, basis, rows: values.rows.map((r, i) => ({ ...r, value: check.counterparts[i] ?? '' })) };
}
