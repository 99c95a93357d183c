import { afterEach, describe, expect, it, vi } from 'vitest';
import { api, ApiError, setApiLanguage, setCsrfToken, setUnauthorizedHandler } from './client';

function answer(status: number, body?: unknown, type = 'application/json') {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'content-type': type },
  });
}

afterEach(() => {
  setCsrfToken(null);
  setUnauthorizedHandler(null);
  setApiLanguage('en-US');
});

describe('api client', () => {
  it('sends the CSRF token, language and If-Match on changes', async () => {
    const fetchMock = vi.fn().mockResolvedValue(answer(200, { id: 'd1', name: 'East', version: 4 }));
    vi.stubGlobal('fetch', fetchMock);
    setCsrfToken('tok-123');
    setApiLanguage('zh-CN');

    await api.updateDepartment('d1', { name: 'East' }, 3);

    const [url, init] = fetchMock.mock.calls[0] as [string, RequestInit];
    const headers = init.headers as Record<string, string>;
    expect(url).toBe('/api/v1/departments/d1');
    expect(init.method).toBe('PATCH');
    expect(headers['X-CSRF-Token']).toBe('tok-123');
    expect(headers['Accept-Language']).toBe('zh-CN');
    expect(headers['If-Match']).toBe('"3"');
    expect(JSON.parse(String(init.body))).toEqual({ name: 'East' });
  });

  it('sends en for English and no CSRF header on reads; builds list queries', async () => {
    const fetchMock = vi.fn().mockResolvedValue(answer(200, { items: [], next_cursor: null }));
    vi.stubGlobal('fetch', fetchMock);
    setCsrfToken('tok-123');

    await api.users({ q: '王', limit: 50 });

    const [url, init] = fetchMock.mock.calls[0] as [string, RequestInit];
    const headers = init.headers as Record<string, string>;
    expect(url).toBe(`/api/v1/users?limit=50&q=${encodeURIComponent('王')}`);
    expect(headers['X-CSRF-Token']).toBeUndefined();
    expect(headers['Accept-Language']).toBe('en');
  });

  it('turns a problem document into an ApiError and reports an ended session', async () => {
    const onUnauthorized = vi.fn();
    setUnauthorizedHandler(onUnauthorized);
    vi.stubGlobal(
      'fetch',
      vi.fn().mockResolvedValue(
        answer(401, { status: 401, code: 'unauthenticated', detail: 'Please sign in.' }, 'application/problem+json'),
      ),
    );

    const error = await api.roles().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(401);
    expect((error as ApiError).code).toBe('unauthenticated');
    expect((error as ApiError).message).toBe('Please sign in.');
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
  });

  it('reads every page of a list', async () => {
    const fetchMock = vi
      .fn()
      .mockResolvedValueOnce(answer(200, { items: [{ id: 'a' }], next_cursor: 'c2' }))
      .mockResolvedValueOnce(answer(200, { items: [{ id: 'b' }], next_cursor: null }));
    vi.stubGlobal('fetch', fetchMock);

    const all = await api.departments();

    expect(all.map((d) => d.id)).toEqual(['a', 'b']);
    expect(String(fetchMock.mock.calls[1]?.[0])).toContain('cursor=c2');
  });
});
