import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { CurrentUser } from '../api/types';
import { SessionContext, type SessionValue } from '../auth/session';
import { renderWithProviders } from '../test/render';
import { LeadCreateDrawer } from './LeadCreateDrawer';
import type { LeadLookups } from './lookups';

const session: SessionValue = {
  user: { id: 'rep', name: 'Zhang Wei', permissions: ['leads.write'], data_scope: 'own', tenant: { id: 't', slug: 'demo', name: 'Demo' } } as CurrentUser,
  can: () => true,
  replaceUser: vi.fn(),
  signOut: vi.fn(),
};

const lookups = {
  users: [],
  activeUsers: [],
  campaigns: [],
  userName: () => '',
  campaignName: () => '',
  reloadCampaigns: vi.fn(),
} as unknown as LeadLookups;

describe('LeadCreateDrawer', () => {
  it('warns of duplicates while typing, then shows what the server found after saving', async () => {
    const fetchMock = vi.fn(async (url: string, init?: RequestInit) => {
      const duplicate = { record_type: 'lead', id: 'l1', name: '上海星云科技有限公司 · 王芳', score: 100, reasons: ['same_phone'] };
      if (url.startsWith('/api/v1/leads/duplicates')) {
        return new Response(JSON.stringify({ items: url.includes('phone=') ? [duplicate] : [], next_cursor: null }), {
          headers: { 'content-type': 'application/json' },
        });
      }
      if (url === '/api/v1/leads' && init?.method === 'POST') {
        return new Response(JSON.stringify({ id: 'new', company_name: '星云', duplicates: [duplicate] }), {
          status: 201,
          headers: { 'content-type': 'application/json' },
        });
      }
      return new Response('{}', { headers: { 'content-type': 'application/json' } });
    });
    vi.stubGlobal('fetch', fetchMock);
    const onCreated = vi.fn();
    renderWithProviders(
      <SessionContext.Provider value={session}>
        <LeadCreateDrawer open lookups={lookups} onClose={vi.fn()} onCreated={onCreated} />
      </SessionContext.Provider>,
    );

    fireEvent.change(await screen.findByTestId('lead-company'), { target: { value: '星云' } });
    fireEvent.change(screen.getByTestId('lead-phone'), { target: { value: '131 2345 6789' } });
    const warning = await screen.findByTestId('duplicate-warning', undefined, { timeout: 3000 });
    expect(warning.textContent).toMatch(/Same phone/);
    const lookup = fetchMock.mock.calls.map(([url]) => String(url)).find((url) => url.includes('phone='));
    expect(lookup).toContain('company_name=%E6%98%9F%E4%BA%91');

    fireEvent.click(screen.getByTestId('lead-create-submit'));
    await screen.findByTestId('lead-created');
    expect(onCreated).toHaveBeenCalled();
    const post = fetchMock.mock.calls.find(([, init]) => init?.method === 'POST');
    expect(JSON.parse(String(post?.[1]?.body))).toEqual({ company_name: '星云', phone: '131 2345 6789' });
    await waitFor(() => expect(screen.getByTestId('duplicate-link').getAttribute('href')).toBe('/leads/l1'));
  });
});
