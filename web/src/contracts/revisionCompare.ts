// Two revisions of a contract side by side: the server's line-by-line differences of a
// revision against the one before it, which figures of a changed line moved, and which
// terms changed.
import type { ContractLine, Money, Revision } from '../api/types';
import { compareAmounts, toFen } from '../lib/money';

export type LineChange = 'added' | 'removed' | 'changed' | 'unchanged';
export type LineField = 'quantity' | 'unit_price' | 'discount' | 'total';
export type TermField = 'name' | 'amount' | 'signed_on' | 'starts_on' | 'ends_on' | 'terms';

export interface RevisionRow {
  key: string;
  change: LineChange;
  before: ContractLine | null;
  after: ContractLine | null;
  /** The figures that differ on a changed line. */
  changed: LineField[];
}

export interface TermRow {
  field: TermField;
  before: string | Money | null;
  after: string | Money | null;
}

export interface RevisionComparison {
  before: Revision;
  after: Revision;
  rows: RevisionRow[];
  terms: TermRow[];
  amountChange: Money;
  counts: Record<LineChange, number>;
}

const CHANGES: readonly string[] = ['added', 'removed', 'changed', 'unchanged'];

function changedFields(before: ContractLine, after: ContractLine): LineField[] {
  const fields: LineField[] = [];
  if (compareAmounts(before.quantity, after.quantity) !== 0) fields.push('quantity');
  if (toFen(before.unit_price.amount) !== toFen(after.unit_price.amount)) fields.push('unit_price');
  if (compareAmounts(before.discount, after.discount) !== 0) fields.push('discount');
  if (toFen(before.total.amount) !== toFen(after.total.amount)) fields.push('total');
  return fields;
}

function termRows(before: Revision, after: Revision): TermRow[] {
  const rows: TermRow[] = [];
  if (before.name !== after.name) rows.push({ field: 'name', before: before.name, after: after.name });
  if (toFen(before.amount.amount) !== toFen(after.amount.amount)) rows.push({ field: 'amount', before: before.amount, after: after.amount });
  for (const field of ['signed_on', 'starts_on', 'ends_on', 'terms'] as const) {
    const a = before[field] ?? null;
    const b = after[field] ?? null;
    if (a !== b) rows.push({ field, before: a, after: b });
  }
  return rows;
}

/** The revisions that have one before them to compare with, newest first. */
export function comparableRevisions(revisions: Revision[]): number[] {
  return revisions
    .map((r) => r.revision)
    .filter((n) => revisions.some((r) => r.revision < n))
    .sort((a, b) => b - a);
}

/** Revision `number` against the revision before it, or null when there is none before it. */
export function compareRevision(revisions: Revision[], number: number): RevisionComparison | null {
  const sorted = [...revisions].sort((a, b) => a.revision - b.revision);
  const index = sorted.findIndex((r) => r.revision === number);
  if (index < 1) return null;
  const before = sorted[index - 1];
  const after = sorted[index];
  const rows: RevisionRow[] = after.differences.map((d, i) => {
    const change = (CHANGES.includes(d.change) ? d.change : 'changed') as LineChange;
    const b = d.before ?? null;
    const a = d.after ?? null;
    return { key: `${i}:${a?.id ?? b?.id ?? ''}`, change, before: b, after: a, changed: b && a ? changedFields(b, a) : [] };
  });
  const counts: Record<LineChange, number> = { added: 0, removed: 0, changed: 0, unchanged: 0 };
  for (const row of rows) counts[row.change] += 1;
  return { before, after, rows, terms: termRows(before, after), amountChange: after.amount_change, counts };
}
