// A bank statement import as the wizard shows it: which column plays which role, how far the
// job is and what it came to.
import type { BankMapping, BankPreview, BankRole } from '../api/cash';
import type { BankImportResult } from '../api/freeform';
import type { FieldProblem, Job } from '../api/types';

/** How far the job is, as a whole percentage (100 only once done). */
export function jobPercent(job: Pick<Job, 'status' | 'progress'> | null): number {
  if (!job) return 0;
  if (job.status === 'done') return 100;
  const { done, total } = job.progress;
  return total > 0 ? Math.min(99, Math.floor((done / total) * 100)) : 0;
}

/** The job's result as a statement import reports it, or null before it is done. */
export function importResult(job: Pick<Job, 'result'> | null): BankImportResult | null {
  const result = job?.result as Partial<BankImportResult> | null | undefined;
  if (!result || typeof result !== 'object') return null;
  return {
    rows: result.rows ?? 0,
    outgoing: result.outgoing ?? 0,
    paid_in: result.paid_in ?? 0,
    unmatched: result.unmatched ?? 0,
    duplicates: result.duplicates ?? 0,
    duplicate_rows: result.duplicate_rows ?? [],
    rejected: result.rejected ?? 0,
    rejected_rows: result.rejected_rows ?? [],
  };
}

/** The roles a statement's columns can play, in the order the wizard asks for them. */
export const BANK_ROLES: readonly BankRole[] = ['date', 'payer', 'amount', 'debit', 'reference'];
/** The roles an import cannot do without; `debit` and `reference` may be none. */
export const REQUIRED_ROLES: readonly BankRole[] = ['date', 'payer', 'amount'];

export const isRequiredRole = (role: BankRole) => REQUIRED_ROLES.includes(role);

/** The columns a role can be given: each named column of the file once, in the file's order. */
export function columnChoices(columns: readonly string[]): string[] {
  return [...new Set(columns.filter((c) => c.trim() !== ''))];
}

/** The server's recognition as a full mapping; a name that is not a column of the file counts as none. */
export function initialBankMapping(preview: Pick<BankPreview, 'columns' | 'mapping'>): BankMapping {
  const choices = new Set(columnChoices(preview.columns));
  const mapping = {} as BankMapping;
  for (const role of BANK_ROLES) {
    const column = preview.mapping[role];
    mapping[role] = column && choices.has(column) ? column : null;
  }
  return mapping;
}

export interface BankMappingCheck {
  /** Required roles without a column. */
  missing: BankRole[];
  /** Roles given the same column as another role. */
  repeated: BankRole[];
  /** Every required role has a column and no column plays two roles. */
  ready: boolean;
}

/** Whether the mapping can be imported: the three required roles chosen, each column used once. */
export function checkBankMapping(mapping: BankMapping, columns: readonly string[]): BankMappingCheck {
  const choices = new Set(columnChoices(columns));
  const chosen = (role: BankRole) => {
    const column = mapping[role];
    return column && choices.has(column) ? column : null;
  };
  const missing = REQUIRED_ROLES.filter((role) => !chosen(role));
  const uses = new Map<string, number>();
  for (const role of BANK_ROLES) {
    const column = chosen(role);
    if (column) uses.set(column, (uses.get(column) ?? 0) + 1);
  }
  const repeated = BANK_ROLES.filter((role) => (uses.get(chosen(role) ?? '') ?? 0) > 1);
  return { missing, repeated, ready: missing.length === 0 && repeated.length === 0 };
}

/**
 * The mapping as the import's query parameters: every role that has a column, by the column's
 * exact name (a role left at none is not sent).
 */
export function bankMappingQuery(mapping: BankMapping): Partial<Record<BankRole, string>> {
  const query: Partial<Record<BankRole, string>> = {};
  for (const role of BANK_ROLES) {
    const column = mapping[role];
    if (column) query[role] = column;
  }
  return query;
}

/**
 * An import's field problems by the role they are about — `date` (a chosen name that is not a
 * column) or `file.columns.date` (no column for it) both go beside the date picker — and the
 * problems no role takes.
 */
export function bankRoleProblems(problems: readonly FieldProblem[]): {
  byRole: Partial<Record<BankRole, FieldProblem>>;
  rest: FieldProblem[];
} {
  const byRole: Partial<Record<BankRole, FieldProblem>> = {};
  const rest: FieldProblem[] = [];
  for (const problem of problems) {
    const name = problem.field.startsWith('file.columns.') ? problem.field.slice('file.columns.'.length) : problem.field;
    const role = BANK_ROLES.find((r) => r === name);
    if (role && !byRole[role]) byRole[role] = problem;
    else rest.push(problem);
  }
  return { byRole, rest };
}
