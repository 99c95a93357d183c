// Who may do what to an approval now, and the step it waits on — from the approval as the
// server sends it (`ApprovalDto`).
import type { Decision } from '../api/approvals';
import type { Approval, ApprovalStep } from '../api/types';

export const DECISIONS: readonly Decision[] = ['approve', 'reject', 'return'];

/** Rejecting or returning says why; approving may. */
export function needsComment(decision: Decision): boolean {
  return decision !== 'approve';
}

/** The step being decided now: the pending one, else the one `current_step` names. */
export function currentStep(approval: Pick<Approval, 'steps' | 'current_step' | 'status'>): ApprovalStep | undefined {
  if (approval.status !== 'pending') return undefined;
  return approval.steps.find((step) => step.status === 'pending') ?? approval.steps[approval.current_step];
}

/** Whether `userId` is asked on the current step and has not answered yet. */
export function mayDecide(approval: Pick<Approval, 'steps' | 'current_step' | 'status'>, userId: string): boolean {
  const step = currentStep(approval);
  return Boolean(step?.decisions.some((d) => d.user_id === userId && d.decision === 'pending'));
}

/** The submitter may take a pending approval back. */
export function mayRecall(approval: Pick<Approval, 'status' | 'submitted_by'>, userId: string): boolean {
  return approval.status === 'pending' && approval.submitted_by === userId;
}

/** "Step 2 of 3", as numbers (1-based); the last step once decided. */
export function stepPosition(approval: Pick<Approval, 'steps' | 'current_step' | 'status'>): { n: number; of: number } {
  const step = currentStep(approval);
  const index = step ? approval.steps.indexOf(step) : approval.steps.length - 1;
  return { n: Math.max(index, 0) + 1, of: approval.steps.length };
}

/** Where an approval is, as a tag colour. */
export const APPROVAL_STATUS_COLOR: Record<string, string> = {
  pending: 'processing',
  approved: 'success',
  rejected: 'error',
  returned: 'warning',
  recalled: 'default',
};

/** Where a step or one person's decision is, as a tag colour. */
export const DECISION_COLOR: Record<string, string> = {
  waiting: 'default',
  pending: 'processing',
  approved: 'success',
  rejected: 'error',
  returned: 'warning',
  cancelled: 'default',
};
