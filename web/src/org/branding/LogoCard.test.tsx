import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '../../test/render';
import { LogoCard } from './LogoCard';

afterEach(() => vi.unstubAllGlobals());

type Call = { url: string; method: string; body?: unknown; contentType?: string };

function stubApi(answer: (call: Call) => Response) {
  const calls: Call[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init?: RequestInit) => {
      const call = {
        url,
        method: init?.method ?? 'GET',
        body: init?.body,
        contentType: (init?.headers as Record<string, string> | undefined)?.['Content-Type'],
      };
      calls.push(call);
      return answer(call);
    }),
  );
  return calls;
}

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

function chooseFile(file: File) {
  const input = document.querySelector('[data-testid="logo-card"] input[type="file"]') as HTMLInputElement;
  expect(input.accept).toBe('.png,.jpg,.jpeg,image/png,image/jpeg');
  fireEvent.change(input, { target: { files: [file] } });
}

const LOGO = { content_type: 'image/png', width: 320, height: 120, bytes: 4096 };
const BRANDING = '/api/v1/settings/branding';
const gets = (calls: Call[], url: string) => calls.filter((c) => c.method === 'GET' && c.url === url);

describe('LogoCard', () => {
  it('asks the branding first and, with no logo, never requests the image', async () => {
    const calls = stubApi((call) => (call.url === BRANDING ? json({ logo: null }) : json({}, 404)));
    renderWithProviders(<LogoCard companyName="Xingchen Tech" />);
    expect(screen.getByTestId('logo-preview').getAttribute('data-state')).toBe('loading');
    expect((await screen.findByTestId('logo-empty')).textContent).toContain("No logo: quotes show the company's initial");
    expect(screen.getByTestId('logo-preview').getAttribute('data-state')).toBe('none');
    expect(screen.getByTestId('logo-hint').textContent).toContain('256 KB');
    expect(screen.queryByTestId('logo-image')).toBeNull();
    expect(screen.queryByTestId('logo-size')).toBeNull();
    expect(screen.queryByTestId('logo-remove')).toBeNull();
    expect(screen.getByTestId('logo-upload').textContent).toContain('Upload a logo');
    expect(calls.map((c) => c.url)).toEqual([BRANDING]);
  });

  it('reads an absent logo member as no logo', async () => {
    stubApi(() => json({}));
    renderWithProviders(<LogoCard companyName="Demo" />);
    expect(await screen.findByTestId('logo-empty')).toBeTruthy();
    expect(screen.queryByTestId('logo-image')).toBeNull();
  });

  it('shows the logo with the size the branding gives, and offers to replace or remove it', async () => {
    stubApi(() => json({ logo: LOGO }));
    renderWithProviders(<LogoCard companyName="Xingchen Tech" />, 'zh-CN');
    const image = (await screen.findByTestId('logo-image')) as HTMLImageElement;
    expect(image.getAttribute('src')).toMatch(/^\/api\/v1\/settings\/logo\?v=\d+$/);
    expect(image.alt).toBe('Xingchen Tech 的 Logo');
    expect(screen.getByTestId('logo-preview').getAttribute('data-state')).toBe('shown');
    expect(screen.getByTestId('logo-size').textContent).toBe('320×120 像素 · 4.0 KB');
    expect(screen.getByTestId('logo-upload').textContent).toContain('更换 Logo');
    expect(screen.getByTestId('logo-remove')).toBeTruthy();
    expect(screen.queryByTestId('logo-empty')).toBeNull();
  });

  it('says when the branding cannot be read, and tries again', async () => {
    let fail = true;
    const calls = stubApi(() => (fail ? json({ status: 500, title: 'Boom', detail: 'Storage is down' }, 500) : json({ logo: LOGO })));
    renderWithProviders(<LogoCard companyName="Demo" />);
    expect(await screen.findByText('Storage is down')).toBeTruthy();
    expect(screen.getByTestId('logo-preview').getAttribute('data-state')).toBe('failed');
    expect(screen.queryByTestId('logo-empty')).toBeNull();
    expect(screen.queryByTestId('logo-image')).toBeNull();
    fail = false;
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByTestId('logo-image')).toBeTruthy();
    expect(gets(calls, BRANDING)).toHaveLength(2);
  });

  it('refuses a file over 256 KB before uploading it', async () => {
    const calls = stubApi(() => json({ logo: null }));
    renderWithProviders(<LogoCard companyName="Demo" />);
    await screen.findByTestId('logo-empty');
    chooseFile(new File([new Uint8Array(300 * 1024)], 'big.png', { type: 'image/png' }));
    expect((await screen.findByTestId('logo-error')).textContent).toContain('This file is 300 KB; a logo may be at most 256 KB');
    expect(calls.filter((c) => c.method === 'PUT')).toHaveLength(0);
  });

  it('uploads the raw file, shows the new logo and reads the branding again', async () => {
    const saved = { content_type: 'image/jpeg', width: 800, height: 200, bytes: 51200 };
    let current: typeof saved | null = null;
    const calls = stubApi((call) => {
      if (call.method === 'PUT') {
        current = saved;
        return json(saved);
      }
      return json({ logo: current });
    });
    renderWithProviders(<LogoCard companyName="Demo" />);
    await screen.findByTestId('logo-empty');

    const file = new File([new Uint8Array([0xff, 0xd8, 0xff])], 'logo.jpg', { type: 'image/jpeg' });
    chooseFile(file);
    await waitFor(() => expect(calls.filter((c) => c.method === 'PUT')).toHaveLength(1));
    const put = calls.find((c) => c.method === 'PUT');
    expect(put?.url).toBe('/api/v1/settings/logo');
    expect(put?.contentType).toBe('image/jpeg');
    expect(put?.body).toBe(file);

    expect(await screen.findByTestId('logo-image')).toBeTruthy();
    expect((await screen.findByTestId('logo-size')).textContent).toBe('800×200 px · 50 KB');
    await waitFor(() => expect(gets(calls, BRANDING)).toHaveLength(2));
    expect(screen.getByTestId('logo-preview').getAttribute('data-state')).toBe('shown');
  });

  it("says the server's refusal in plain words", async () => {
    stubApi((call) =>
      call.method === 'PUT'
        ? json({ status: 422, title: 'Invalid', errors: [{ field: 'logo', code: 'too_large_image', message: 'too large' }] }, 422)
        : json({ logo: null }),
    );
    renderWithProviders(<LogoCard companyName="Demo" />);
    await screen.findByTestId('logo-empty');
    chooseFile(new File([new Uint8Array([0x89, 0x50])], 'huge.png', { type: 'image/png' }));
    expect((await screen.findByTestId('logo-error')).textContent).toContain('larger than 2048×2048 px');
    expect(screen.getByTestId('logo-preview').getAttribute('data-state')).toBe('none');
  });

  it('removes the logo after a confirmation and reads the branding again', async () => {
    let current: typeof LOGO | null = LOGO;
    const calls = stubApi((call) => {
      if (call.method === 'DELETE') {
        current = null;
        return new Response(null, { status: 204 });
      }
      return json({ logo: current });
    });
    renderWithProviders(<LogoCard companyName="Demo" />);
    fireEvent.click(await screen.findByTestId('logo-remove'));
    expect(calls.filter((c) => c.method === 'DELETE')).toHaveLength(0);
    fireEvent.click(await screen.findByTestId('logo-remove-confirm'));
    expect(await screen.findByTestId('logo-empty')).toBeTruthy();
    expect(screen.queryByTestId('logo-image')).toBeNull();
    expect(screen.queryByTestId('logo-size')).toBeNull();
    expect(calls.filter((c) => c.method === 'DELETE').map((c) => c.url)).toEqual(['/api/v1/settings/logo']);
    await waitFor(() => expect(gets(calls, BRANDING)).toHaveLength(2));
    expect(screen.getByTestId('logo-preview').getAttribute('data-state')).toBe('none');
  });
});
