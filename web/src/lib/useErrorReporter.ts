import { App, type FormInstance } from 'antd';
import { useCallback } from 'react';
import { ApiError } from '../api/client';
import type { MessageKey } from '../i18n/messages';
import { useI18n } from '../i18n/useI18n';
import { applyFieldProblems, type FieldPath } from './formProblems';
import { isStale, problemMessage } from './problem';

export interface ReportOptions {
  form?: FormInstance;
  /** Reloads the record after a 412 (someone else changed it). */
  onStale?: () => void;
}

/**
 * A feature's own sentences for the server's conflict codes: the problem's `detail` for
 * these is a generic "conflicts with the record's state", which tells a rep nothing.
 */
export interface ConflictWords {
  codes: Record<string, MessageKey>;
  /** Said on each form field a blocked duplicate (`duplicate_blocked`) names. */
  duplicateField: MessageKey;
  /** The server's name of a field → the form's, where they differ. */
  fieldNames?: Record<string, string>;
}

/** The sentence for a conflict code, or undefined for any other failure. */
export function conflictMessage(error: unknown, codes: Record<string, MessageKey>): MessageKey | undefined {
  if (!(error instanceof ApiError) || !error.code) return undefined;
  return codes[error.code];
}

/**
 * Shows a failed call to the user: field messages on the form, the rest as a toast. With
 * `words`, a known conflict says our sentence instead, and a blocked duplicate marks the
 * fields it was found by.
 */
export function useErrorReporter(words?: ConflictWords) {
  const { message, modal } = App.useApp();
  const { t } = useI18n();

  return useCallback(
    (error: unknown, options: ReportOptions = {}) => {
      const conflict = words && conflictMessage(error, words.codes);
      if (conflict) {
        if (options.form && error instanceof ApiError && error.code === 'duplicate_blocked') {
          const rename = ([first, ...rest]: FieldPath): FieldPath => [words.fieldNames?.[String(first)] ?? first, ...rest];
          applyFieldProblems(options.form, error, { rename, explain: () => t(words.duplicateField) });
        } else if (options.form) {
          applyFieldProblems(options.form, error);
        }
        void message.error(t(conflict));
        return;
      }
      if (isStale(error)) {
        options.onStale?.();
        modal.warning({ title: t('error.staleTitle'), content: t('error.stale') });
        return;
      }
      const unplaced = options.form ? applyFieldProblems(options.form, error) : [];
      const extra = unplaced.map((problem) => problem.message).join(' ');
      const text = problemMessage(error, t);
      void message.error(extra && !text.includes(extra) ? `${text} ${extra}` : text);
    },
    [message, modal, t, words],
  );
}
