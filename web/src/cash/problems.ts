import { App } from 'antd';
import { useCallback } from 'react';
import { ApiError } from '../api/client';
import type { MessageKey } from '../i18n/messages';
import { useI18n } from '../i18n/useI18n';
import { useErrorReporter, type ConflictWords, type ReportOptions } from '../lib/useErrorReporter';

/**
 * The server's payment-plan conflict codes, each with our own sentence (its `detail` for the
 * newer ones is a generic "conflicts with the record's state").
 */
export const PLAN_CODE_MESSAGES: Record<string, MessageKey> = {
  planned_by_orders: 'cash.code.planned_by_orders',
  planned_as_whole: 'cash.code.planned_as_whole',
  order_not_plannable: 'cash.code.order_not_plannable',
  contract_not_plannable: 'cash.code.contract_not_plannable',
  order_planned: 'cash.code.order_planned',
};

/** Field codes a plan's removal is refused with, said on their own (there is no form to mark). */
const PLAN_FIELD_MESSAGES: Record<string, MessageKey> = {
  cannot_drop_collected: 'cash.code.cannot_drop_collected',
};

const PLAN_WORDS: ConflictWords = { codes: PLAN_CODE_MESSAGES, duplicateField: 'cash.code.contract_not_plannable' };

/** Our sentence for a refused plan call: its conflict code, or (without a form) its field code; else undefined. */
export function planProblemKey(error: unknown, withForm = false): MessageKey | undefined {
  if (!(error instanceof ApiError)) return undefined;
  if (error.code && PLAN_CODE_MESSAGES[error.code]) return PLAN_CODE_MESSAGES[error.code];
  if (withForm) return undefined;
  for (const problem of error.problem.errors ?? []) {
    const key = PLAN_FIELD_MESSAGES[problem.code];
    if (key) return key;
  }
  return undefined;
}

/** Like useErrorReporter, but says in plain words why a payment plan (of a contract or an order) was refused. */
export function usePlanErrorReporter() {
  const report = useErrorReporter(PLAN_WORDS);
  const { message } = App.useApp();
  const { t } = useI18n();
  return useCallback(
    (error: unknown, options: ReportOptions = {}) => {
      const key = options.form ? undefined : planProblemKey(error);
      if (key) {
        void message.error(t(key));
        return;
      }
      report(error, options);
    },
    [message, report, t],
  );
}
