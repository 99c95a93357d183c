import { describe, expect, it } from 'vitest';
import type { Approval, ApprovalStep } from '../api/types';
import { currentStep, mayDecide, mayRecall, needsComment, stepPosition } from './decision';

const step = (name: string, status: string, decisions: [string, string][]): ApprovalStep => ({
  name,
  mode: 'any',
  status,
  approvers: decisions.map(([user]) => user),
  decisions: decisions.map(([user_id, decision]) => ({ user_id, decision })),
});
const approval = (status: string, current_step: number, steps: ApprovalStep[]) =>
  ({ status, current_step, steps, submitted_by: 'rep' }) as Pick<Approval, 'status' | 'current_step' | 'steps' | 'submitted_by'>;

describe('decisions', () => {
  const twoSteps = approval('pending', 1, [step('Manager', 'approved', [['mgr', 'approved']]), step('Director', 'pending', [['dir', 'pending'], ['vp', 'pending']])]);

  it('are asked of the current step’s approvers who have not answered', () => {
    expect(currentStep(twoSteps)?.name).toBe('Director');
    expect(mayDecide(twoSteps, 'dir')).toBe(true);
    expect(mayDecide(twoSteps, 'mgr')).toBe(false);
    expect(mayDecide(twoSteps, 'rep')).toBe(false);
    expect(stepPosition(twoSteps)).toEqual({ n: 2, of: 2 });
  });

  it('end once the approval is decided or recalled', () => {
    const done = { ...twoSteps, status: 'approved' };
    expect(currentStep(done)).toBeUndefined();
    expect(mayDecide(done, 'dir')).toBe(false);
    expect(mayRecall(done, 'rep')).toBe(false);
    expect(stepPosition(done)).toEqual({ n: 2, of: 2 });
  });

  it('let the submitter recall a pending approval', () => {
    expect(mayRecall(twoSteps, 'rep')).toBe(true);
    expect(mayRecall(twoSteps, 'dir')).toBe(false);
  });

  it('need a comment to reject or return', () => {
    expect(needsComment('approve')).toBe(false);
    expect(needsComment('reject')).toBe(true);
    expect(needsComment('return')).toBe(true);
  });
});
