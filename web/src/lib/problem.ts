import { ApiError } from '../api/client';
import type { MessageKey } from '../i18n/messages';

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

export function isStale(error: unknown): boolean {
  return error instanceof ApiError && error.status === 412;
}

export function isForbidden(error: unknown): boolean {
  return error instanceof ApiError && error.status === 403;
}
