import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client';
import { checkLogoFile, LOGO_MAX_BYTES, logoContentType, logoProblem } from './logo';

describe('logoContentType', () => {
  it('takes PNG and JPEG by type, or by name when the system gives no type', () => {
    expect(logoContentType({ type: 'image/png', name: 'logo' })).toBe('image/png');
    expect(logoContentType({ type: 'image/jpeg', name: 'logo.JPG' })).toBe('image/jpeg');
    expect(logoContentType({ type: 'image/pjpeg' })).toBe('image/jpeg');
    expect(logoContentType({ type: '', name: 'Logo.PNG' })).toBe('image/png');
    expect(logoContentType({ type: 'application/octet-stream', name: 'logo.jpeg' })).toBe('image/jpeg');
  });

  it('refuses other images and files', () => {
    expect(logoContentType({ type: 'image/svg+xml', name: 'logo.svg' })).toBeNull();
    expect(logoContentType({ type: 'image/gif', name: 'logo.png' })).toBeNull();
    expect(logoContentType({ type: '', name: 'logo.webp' })).toBeNull();
    expect(logoContentType({ type: '', name: 'png' })).toBeNull();
    expect(logoContentType({})).toBeNull();
  });
});

describe('checkLogoFile', () => {
  it('passes a PNG or JPEG up to 256 KB, with the type to send', () => {
    expect(checkLogoFile({ size: 1000, type: 'image/png', name: 'a.png' })).toEqual({ ok: true, contentType: 'image/png' });
    expect(checkLogoFile({ size: LOGO_MAX_BYTES, type: 'image/jpeg', name: 'a.jpg' })).toEqual({ ok: true, contentType: 'image/jpeg' });
  });

  it('says how big a file over 256 KB is', () => {
    expect(LOGO_MAX_BYTES).toBe(262144);
    expect(checkLogoFile({ size: LOGO_MAX_BYTES + 1, type: 'image/png', name: 'a.png' })).toEqual({
      ok: false,
      message: { key: 'branding.logo.fileTooLarge', vars: { size: '256 KB' } },
    });
    expect(checkLogoFile({ size: 3 * 1024 * 1024, type: 'image/png', name: 'a.png' })).toEqual({
      ok: false,
      message: { key: 'branding.logo.fileTooLarge', vars: { size: '3.0 MB' } },
    });
  });

  it('refuses another type before its size, and an empty file', () => {
    expect(checkLogoFile({ size: 10 * 1024 * 1024, type: 'application/pdf', name: 'a.pdf' })).toEqual({ ok: false, message: { key: 'branding.logo.notImage' } });
    expect(checkLogoFile({ size: 0, type: 'image/png', name: 'a.png' })).toEqual({ ok: false, message: { key: 'branding.logo.notAnImage' } });
  });
});

describe('logoProblem', () => {
  const refused = (status: number, errors?: { field: string; code: string; message: string }[]) =>
    new ApiError(status, { status, title: 'Refused', errors });

  it('names the server refusals in our words', () => {
    expect(logoProblem(refused(413))).toEqual({ key: 'branding.logo.tooLarge' });
    expect(logoProblem(refused(422, [{ field: 'logo', code: 'not_an_image', message: 'bad' }]))).toEqual({ key: 'branding.logo.notAnImage' });
    expect(logoProblem(refused(422, [{ field: 'logo', code: 'too_large_image', message: 'big' }]))).toEqual({ key: 'branding.logo.tooManyPixels' });
  });

  it('leaves other failures to the usual report', () => {
    expect(logoProblem(refused(422, [{ field: 'other', code: 'not_an_image', message: 'x' }]))).toBeUndefined();
    expect(logoProblem(refused(422))).toBeUndefined();
    expect(logoProblem(refused(403))).toBeUndefined();
    expect(logoProblem(new Error('boom'))).toBeUndefined();
  });
});
