// A bank statement import's job as the wizard shows it: how far it is and what it came to.
import type { BankImportResult } from '../api/freeform';
import type { Job } from '../api/types';

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
    paid_in: result.paid_in ?? 0,
    unmatched: result.unmatched ?? 0,
    duplicates: result.duplicates ?? 0,
    duplicate_rows: result.duplicate_rows ?? [],
    rejected: result.rejected ?? 0,
    rejected_rows: result.rejected_rows ?? [],
  };
}
