import type { Money, Quote } from '../api/types';
import { fromFen, toFen } from '../lib/money';

export type QuoteLine = Quote['lines'][number];
export type LineChange = 'added' | 'removed' | 'changed' | 'same';
export type LineField = 'quantity' | 'unit_price' | 'discount' | 'total';

/** One line of the comparison: the line in the older and in the newer version. */
export interface LineDiff {
  key: string;
  product_id: string | null;
  description: string;
  change: LineChange;
  before: QuoteLine | null;
  after: QuoteLine | null;
  /** Which figures differ on a line present in both. */
  changed: LineField[];
  /** Newer line total − older line total (a removed line counts as 0 in the newer one). */
  total_delta: Money;
}

export interface QuoteDiff {
  lines: LineDiff[];
  list_delta: Money;
  discount_delta: Money;
  total_delta: Money;
  counts: Record<LineChange, number>;
}

/** A decimal string without insignificant zeros, so "2.000" and "2" compare equal. */
function decimal(value: string | null | undefined): string {
  const text = (value ?? '0').trim().replace(/^\+/, '');
  const [whole, fraction = ''] = text.split('.');
  const w = whole.replace(/^(-?)0+(?=\d)/, '$1') || '0';
  const f = fraction.replace(/0+$/, '');
  const out = f ? `${w}.${f}` : w;
  return out === '-0' ? '0' : out;
}

/**
 * Which line of one version is "the same line" in another: a catalogue product by its id, a
 * free line by its description; the n-th repeat of either pairs with the n-th repeat.
 */
function lineKeys(lines: QuoteLine[]): string[] {
  const seen = new Map<string, number>();
  return lines.map((line) => {
    const base = line.product_id ? `p:${line.product_id}` : `d:${line.description.trim().toLowerCase()}`;
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return `${base}#${n}`;
  });
}

/**
 * Line-by-line differences from `from` (usually the older version) to `to`: lines of `to` in
 * their order, each added, changed or the same, then the lines `from` had and `to` dropped.
 * Amounts are compared and subtracted exactly, in fen.
 */
export function diffQuotes(from: Pick<Quote, 'lines' | 'list_amount' | 'discount_amount' | 'total'>, to: Pick<Quote, 'lines' | 'list_amount' | 'discount_amount' | 'total'>): QuoteDiff {
  const currency = to.total.currency || from.total.currency;
  const fromKeys = lineKeys(from.lines);
  const toKeys = lineKeys(to.lines);
  const older = new Map(fromKeys.map((key, i) => [key, from.lines[i]]));
  const lines: LineDiff[] = [];

  toKeys.forEach((key, i) => {
    const after = to.lines[i];
    const before = older.get(key) ?? null;
    older.delete(key);
    const changed: LineField[] = [];
    if (before) {
      if (decimal(before.quantity) !== decimal(after.quantity)) changed.push('quantity');
      if (toFen(before.unit_price.amount) !== toFen(after.unit_price.amount)) changed.push('unit_price');
      if (decimal(before.discount) !== decimal(after.discount)) changed.push('discount');
      if (toFen(before.total.amount) !== toFen(after.total.amount)) changed.push('total');
    }
    lines.push({
      key,
      product_id: after.product_id ?? null,
      description: after.description,
      change: before ? (changed.length > 0 ? 'changed' : 'same') : 'added',
      before,
      after,
      changed,
      total_delta: fromFen(toFen(after.total.amount) - (before ? toFen(before.total.amount) : 0n), currency),
    });
  });
  for (const [key, before] of older) {
    lines.push({
      key,
      product_id: before.product_id ?? null,
      description: before.description,
      change: 'removed',
      before,
      after: null,
      changed: [],
      total_delta: fromFen(-toFen(before.total.amount), currency),
    });
  }

  const counts: Record<LineChange, number> = { added: 0, removed: 0, changed: 0, same: 0 };
  for (const line of lines) counts[line.change] += 1;
  const delta = (a: Money, b: Money) => fromFen(toFen(b.amount) - toFen(a.amount), currency);
  return {
    lines,
    list_delta: delta(from.list_amount, to.list_amount),
    discount_delta: delta(from.discount_amount, to.discount_amount),
    total_delta: delta(from.total, to.total),
    counts,
  };
}
