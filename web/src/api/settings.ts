// Company-wide settings that are not one feature's: the logo printed on quotes. Same transport
// as `client.ts`. The logo itself answers with image bytes and its upload takes the raw file
// as the body, so only the JSON answers come from schema.d.ts.
import { apiUrl, request } from './client';
import type { components } from './schema';

/** What the server kept of an uploaded logo: its type, pixel size and file size. */
export type LogoInfo = components['schemas']['LogoDto'];

/** The company's branding: its logo, or null when quotes show the company's initial. */
export interface Branding {
  logo: LogoInfo | null;
}

/** The image types the server takes as a logo. */
export type LogoContentType = 'image/png' | 'image/jpeg';

export const settingsApi = {
  /** Whether there is a logo, and its size (any signed-in user); absent `logo` reads as null. */
  branding: () =>
    request<components['schemas']['BrandingDto']>('GET', '/settings/branding').then((answer): Branding => ({ logo: answer.logo ?? null })),
  /** The logo image (404 when none: ask `branding()` first); `version` busts the browser's cache after a change. */
  logoUrl: (version?: number | string) => apiUrl('/settings/logo', { v: version }),
  /**
   * Replaces the logo with the raw file. 413 over 256 KB; 422 names the field `logo` with
   * `not_an_image` or `too_large_image` (over 2048×2048 px). Needs `settings.manage`.
   */
  uploadLogo: (file: Blob, contentType: LogoContentType) =>
    request<LogoInfo>('PUT', '/settings/logo', { rawBody: file, headers: { 'Content-Type': contentType } }),
  /** Removes the logo (204); quotes then show the company's initial. */
  deleteLogo: () => request<void>('DELETE', '/settings/logo'),
};
