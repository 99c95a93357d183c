import { App, type FormInstance } from 'antd';
import { useCallback } from 'react';
import { ApiError } from '../api/client';
import type { MessageKey } from '../i18n/messages';
import { useI18n } from '../i18n/useI18n';
import { applyProblemToForm } from '../lib/problem';
import { useErrorReporter } from '../lib/useErrorReporter';

/**
 * The server's lead conflict codes, each with our own sentence: its problem `detail` for
 * these is a generic "conflicts with the record's state", which tells a rep nothing.
 */
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

/** The message key for a lead conflict, or undefined for any other failure. */
export function leadCodeMessage(error: unknown): MessageKey | undefined {
  if (!(error instanceof ApiError) || !error.code) return undefined;
  return LEAD_CODE_MESSAGES[error.code];
}

interface Options {
  form?: FormInstance;
  onStale?: () => void;
}

/** Like useErrorReporter, but says in plain words why a lead action was refused. */
export function useLeadErrorReporter() {
  const report = useErrorReporter();
  const { message } = App.useApp();
  const { t } = useI18n();
  return useCallback(
    (error: unknown, options: Options = {}) => {
      const key = leadCodeMessage(error);
      if (!key) {
        report(error, options);
        return;
      }
      if (options.form && error instanceof ApiError && error.code === 'duplicate_blocked') {
        // The server names the blocked fields; say why on each of them.
        const fields = new Set((error.problem.errors ?? []).map((problem) => problem.field));
        options.form.setFields([...fields].map((name) => ({ name, errors: [t('leads.duplicateBlockedField')] })));
      } else if (options.form) {
        applyProblemToForm(options.form, error);
      }
      void message.error(t(key));
    },
    [message, report, t],
  );
}
