import type { FieldProblem } from '../api/types';
import type { MessageKey } from '../i18n/messages';
import { useErrorReporter, type ConflictWords } from '../lib/useErrorReporter';

/**
 * The server's contract, order and approval conflict codes, each with our own sentence (the
 * server's `detail` for them is a generic "conflicts with the record's state").
 */
export const CONTRACT_CODE_MESSAGES: Record<string, MessageKey> = {
  opportunity_not_won: 'contracts.code.opportunity_not_won',
  contract_not_editable: 'contracts.code.contract_not_editable',
  contract_not_submittable: 'contracts.code.contract_not_submittable',
  contract_not_active: 'contracts.code.contract_not_active',
  amendment_pending: 'contracts.code.amendment_pending',
  amendment_unchanged: 'contracts.code.amendment_unchanged',
  order_status: 'contracts.code.order_status',
  order_planned: 'cash.code.order_planned',
  approval_decided: 'approvals.code.approval_decided',
};

const CONTRACT_WORDS: ConflictWords = { codes: CONTRACT_CODE_MESSAGES, duplicateField: 'contracts.code.contract_not_editable' };

/** Like useErrorReporter, but says in plain words why a contract, order or approval action was refused. */
export function useContractErrorReporter() {
  return useErrorReporter(CONTRACT_WORDS);
}

/** Our words for the field codes the server answers with a bare "Invalid value". */
export function explainContractField(problem: Pick<FieldProblem, 'code'>): MessageKey | undefined {
  if (problem.code === 'exceeds_remaining') return 'contracts.code.exceeds_remaining';
  if (problem.code === 'before_start') return 'contracts.code.before_start';
  return undefined;
}
