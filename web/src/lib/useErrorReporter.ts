import { App, type FormInstance } from 'antd';
import { useCallback } from 'react';
import { useI18n } from '../i18n/useI18n';
import { applyProblemToForm, isStale, problemMessage } from './problem';

interface ReportOptions {
  form?: FormInstance;
  /** Reloads the record after a 412 (someone else changed it). */
  onStale?: () => void;
}

/** Shows a failed call to the user: field messages on the form, the rest as a toast. */
export function useErrorReporter() {
  const { message, modal } = App.useApp();
  const { t } = useI18n();

  return useCallback(
    (error: unknown, options: ReportOptions = {}) => {
      if (isStale(error)) {
        options.onStale?.();
        modal.warning({ title: t('error.staleTitle'), content: t('error.stale') });
        return;
      }
      const unmatched = options.form ? applyProblemToForm(options.form, error) : [];
      const extra = unmatched.map((problem) => problem.message).join(' ');
      const text = problemMessage(error, t);
      void message.error(extra && !text.includes(extra) ? `${text} ${extra}` : text);
    },
    [message, modal, t],
  );
}
