import { App, type FormInstance } from 'antd';
import { useCallback } from 'react';
import { ApiError } from '../api/client';
import type { MessageKey } from '../i18n/messages';
import { useI18n } from '../i18n/useI18n';
import { applyProblemToForm } from '../lib/problem';
import { useErrorReporter } from '../lib/useErrorReporter';

/**
 * The server's customer conflict codes, each with our own sentence: the problem's `detail`
 * for these is a generic "conflicts with the record's state".
 */
export const CUSTOMER_CODE_MESSAGES: Record<string, MessageKey> = {
  duplicate_blocked: 'customers.code.duplicate_blocked',
  customers_changed: 'customers.code.customers_changed',
  activity_done: 'customers.code.activity_done',
};

export function customerCodeMessage(error: unknown): MessageKey | undefined {
  if (!(error instanceof ApiError) || !error.code) return undefined;
  return CUSTOMER_CODE_MESSAGES[error.code];
}

/** The server names a blocked duplicate's field as a lead's (`company_name`); ours is `name`. */
const BLOCKED_FIELD: Record<string, string> = { company_name: 'name' };

interface Options {
  form?: FormInstance;
  onStale?: () => void;
}

/** Like useErrorReporter, but says in plain words why a customer action was refused. */
export function useCustomerErrorReporter() {
  const report = useErrorReporter();
  const { message } = App.useApp();
  const { t } = useI18n();
  return useCallback(
    (error: unknown, options: Options = {}) => {
      const key = customerCodeMessage(error);
      if (!key) {
        report(error, options);
        return;
      }
      if (options.form && error instanceof ApiError && error.code === 'duplicate_blocked') {
        const fields = new Set((error.problem.errors ?? []).map((p) => BLOCKED_FIELD[p.field] ?? p.field));
        const known = new Set(options.form.getFieldsError().map((entry) => String(entry.name[0])));
        options.form.setFields(
          [...fields].filter((name) => known.has(name)).map((name) => ({ name, errors: [t('customers.duplicateBlockedField')] })),
        );
      } else if (options.form) {
        applyProblemToForm(options.form, error);
      }
      void message.error(t(key));
    },
    [message, report, t],
  );
}
