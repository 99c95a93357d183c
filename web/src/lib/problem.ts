import type { FormInstance } from 'antd';
import { ApiError } from '../api/client';
import type { MessageKey } from '../i18n/messages';
import type { FieldProblem } from '../api/types';

type Translate = (key: MessageKey) => string;

/** The one sentence to show for a failed call: the server's translated `detail` first. */
export function problemMessage(error: unknown, t: Translate): string {
  if (error instanceof ApiError) {
    if (error.status === 0) return t('error.network');
    const { detail, title } = error.problem;
    if (detail) return detail;
    if (error.status === 403) return t('error.forbidden');
    if (error.status === 412) return t('error.stale');
    if (title) return title;
  }
  return t('error.generic');
}

/** A nested field such as `permissions[2]` or `address.city` belongs to its first segment. */
function fieldKey(field: string): string {
  return field.split(/[.[]/)[0] ?? field;
}

/**
 * Puts each `errors[].message` of a problem document on the form field of the same name.
 * Answers the field problems that matched no field of the form, so the caller can show them.
 */
export function applyProblemToForm(form: FormInstance, error: unknown): FieldProblem[] {
  if (!(error instanceof ApiError)) return [];
  const problems = error.problem.errors ?? [];
  const known = new Set(form.getFieldsError().map((entry) => String(entry.name[0])));
  const byField = new Map<string, string[]>();
  const unmatched: FieldProblem[] = [];
  for (const problem of problems) {
    const key = fieldKey(problem.field);
    if (known.has(key)) {
      byField.set(key, [...(byField.get(key) ?? []), problem.message]);
    } else {
      unmatched.push(problem);
    }
  }
  form.setFields([...byField].map(([name, errors]) => ({ name, errors })));
  return unmatched;
}

export function isStale(error: unknown): boolean {
  return error instanceof ApiError && error.status === 412;
}

export function isForbidden(error: unknown): boolean {
  return error instanceof ApiError && error.status === 403;
}
