import type { MessageKey } from '../i18n/messages';
import { conflictMessage, useErrorReporter, type ConflictWords } from '../lib/useErrorReporter';

/** The server's lead conflict codes, each with our own sentence. */
export const LEAD_CODE_MESSAGES: Record<string, MessageKey> = {
  lead_held: 'leads.code.lead_held',
  daily_claim_limit: 'leads.code.daily_claim_limit',
  max_held: 'leads.code.max_held',
  claim_cooldown: 'leads.code.claim_cooldown',
  lead_closed: 'leads.code.lead_closed',
  lead_in_pool: 'leads.code.lead_in_pool',
  lead_not_held: 'leads.code.lead_not_held',
  lead_converted: 'leads.code.lead_converted',
  lead_not_open: 'leads.code.lead_not_open',
  use_convert: 'leads.code.use_convert',
  duplicate_blocked: 'leads.code.duplicate_blocked',
};

const LEAD_WORDS: ConflictWords = { codes: LEAD_CODE_MESSAGES, duplicateField: 'leads.duplicateBlockedField' };

/** The message key for a lead conflict, or undefined for any other failure. */
export function leadCodeMessage(error: unknown): MessageKey | undefined {
  return conflictMessage(error, LEAD_CODE_MESSAGES);
}

/** Like useErrorReporter, but says in plain words why a lead action was refused. */
export function useLeadErrorReporter() {
  return useErrorReporter(LEAD_WORDS);
}
