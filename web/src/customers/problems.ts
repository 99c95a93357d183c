import type { MessageKey } from '../i18n/messages';
import { conflictMessage, useErrorReporter, type ConflictWords } from '../lib/useErrorReporter';

/** The server's customer conflict codes, each with our own sentence. */
export const CUSTOMER_CODE_MESSAGES: Record<string, MessageKey> = {
  duplicate_blocked: 'customers.code.duplicate_blocked',
  customers_changed: 'customers.code.customers_changed',
  activity_done: 'customers.code.activity_done',
};

const CUSTOMER_WORDS: ConflictWords = {
  codes: CUSTOMER_CODE_MESSAGES,
  duplicateField: 'customers.duplicateBlockedField',
  // The server names a blocked duplicate's field as a lead's (`company_name`); ours is `name`.
  fieldNames: { company_name: 'name' },
};

export function customerCodeMessage(error: unknown): MessageKey | undefined {
  return conflictMessage(error, CUSTOMER_CODE_MESSAGES);
}

/** Like useErrorReporter, but says in plain words why a customer action was refused. */
export function useCustomerErrorReporter() {
  return useErrorReporter(CUSTOMER_WORDS);
}
