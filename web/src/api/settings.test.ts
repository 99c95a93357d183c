import { afterEach, describe, expect, it, vi } from 'vitest';
import { opportunitiesApi } from './opportunities';
import { settingsApi } from './settings';

afterEach(() => vi.unstubAllGlobals());

describe('the branding', () => {
  it('GETs the branding and reads an absent logo as null', async () => {
    const logo = { content_type: 'image/png', width: 240, height: 80, bytes: 1234 };
    const answers = [{ logo }, { logo: null }, {}];
    const fetchMock = vi.fn(
      async (_url: string, _init?: RequestInit) =>
        new Response(JSON.stringify(answers.shift()), { status: 200, headers: { 'content-type': 'application/json' } }),
    );
    vi.stubGlobal('fetch', fetchMock);
    await expect(settingsApi.branding()).resolves.toEqual({ logo });
    await expect(settingsApi.branding()).resolves.toEqual({ logo: null });
    await expect(settingsApi.branding()).resolves.toEqual({ logo: null });
    expect(fetchMock.mock.calls[0][0]).toBe('/api/v1/settings/branding');
    expect(fetchMock.mock.calls[0][1]?.method ?? 'GET').toBe('GET');
  });
});

describe('the logo endpoints', () => {
  it('address the logo image with a cache buster', () => {
    expect(settingsApi.logoUrl()).toBe('/api/v1/settings/logo');
    expect(settingsApi.logoUrl(1733470000000)).toBe('/api/v1/settings/logo?v=1733470000000');
  });

  it('PUT the raw file with its image type, and DELETE the logo', async () => {
    const fetchMock = vi.fn(async (_url: string, init?: RequestInit) =>
      init?.method === 'DELETE'
        ? new Response(null, { status: 204 })
        : new Response(JSON.stringify({ content_type: 'image/png', width: 320, height: 120, bytes: 2048 }), {
            status: 200,
            headers: { 'content-type': 'application/json' },
          }),
    );
    vi.stubGlobal('fetch', fetchMock);
    const file = new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], { type: 'image/png' });

    await expect(settingsApi.uploadLogo(file, 'image/png')).resolves.toEqual({ content_type: 'image/png', width: 320, height: 120, bytes: 2048 });
    const [url, init] = fetchMock.mock.calls[0];
    expect(url).toBe('/api/v1/settings/logo');
    expect(init?.method).toBe('PUT');
    expect(init?.body).toBe(file);
    expect((init?.headers as Record<string, string>)['Content-Type']).toBe('image/png');

    await expect(settingsApi.deleteLogo()).resolves.toBeUndefined();
    expect(fetchMock.mock.calls[1][0]).toBe('/api/v1/settings/logo');
    expect(fetchMock.mock.calls[1][1]?.method).toBe('DELETE');
  });
});

describe('the quote links', () => {
  it('print a quote as a page or as a PDF', () => {
    expect(opportunitiesApi.quotePrintUrl('q1')).toBe('/api/v1/quotes/q1/print');
    expect(opportunitiesApi.quotePdfUrl('q1')).toBe('/api/v1/quotes/q1/print?format=pdf');
  });
});
