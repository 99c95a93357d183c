// The rules of the company logo the browser can check before uploading (the server checks
// them again), and the words for the server's refusals.
import { ApiError } from '../../api/client';
import type { LogoContentType } from '../../api/settings';
import type { MessageKey, Vars } from '../../i18n/messages';
import { formatBytes } from '../../lib/format';

/** The largest logo file the server takes: 256 KB. */
export const LOGO_MAX_BYTES = 256 * 1024;
/** The file picker's filter: PNG and JPEG, by extension and by type. */
export const LOGO_ACCEPT = '.png,.jpg,.jpeg,image/png,image/jpeg';

/** A sentence to show, with its placeholders. */
export interface LogoMessage {
  key: MessageKey;
  vars?: Vars;
}

export type LogoCheck = { ok: true; contentType: LogoContentType } | { ok: false; message: LogoMessage };

/**
 * The type to send a chosen file as: its own when it is PNG or JPEG, or by its name when the
 * system gave none (or only `application/octet-stream`); null for anything else.
 */
export function logoContentType(file: { type?: string; name?: string }): LogoContentType | null {
  const type = (file.type ?? '').trim().toLowerCase();
  if (type === 'image/png') return 'image/png';
  if (type === 'image/jpeg' || type === 'image/jpg' || type === 'image/pjpeg') return 'image/jpeg';
  if (type && type !== 'application/octet-stream') return null;
  const extension = /\.([^./\\]+)$/.exec(file.name ?? '')?.[1]?.toLowerCase();
  if (extension === 'png') return 'image/png';
  if (extension === 'jpg' || extension === 'jpeg') return 'image/jpeg';
  return null;
}

/** Whether a chosen file may be uploaded as the logo: PNG or JPEG, at most 256 KB. */
export function checkLogoFile(file: { size: number; type?: string; name?: string }): LogoCheck {
  const contentType = logoContentType(file);
  if (!contentType) return { ok: false, message: { key: 'branding.logo.notImage' } };
  if (file.size > LOGO_MAX_BYTES) {
    return { ok: false, message: { key: 'branding.logo.fileTooLarge', vars: { size: formatBytes(file.size) } } };
  }
  if (file.size === 0) return { ok: false, message: { key: 'branding.logo.notAnImage' } };
  return { ok: true, contentType };
}

/**
 * Our sentence for an upload the server refused: 413 (over 256 KB), or 422 on `logo` with
 * `not_an_image` / `too_large_image`. Undefined for any other failure (shown the usual way).
 */
export function logoProblem(error: unknown): LogoMessage | undefined {
  if (!(error instanceof ApiError)) return undefined;
  if (error.status === 413) return { key: 'branding.logo.tooLarge' };
  if (error.status !== 422) return undefined;
  const codes = (error.problem.errors ?? []).filter((problem) => problem.field === 'logo').map((problem) => problem.code);
  if (codes.includes('too_large_image')) return { key: 'branding.logo.tooManyPixels' };
  if (codes.includes('not_an_image')) return { key: 'branding.logo.notAnImage' };
  return undefined;
}
