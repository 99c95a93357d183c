import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { CurrentUser, Lead } from '../api/types';
import { SessionContext, type SessionValue } from '../auth/session';
import { translate } from '../i18n/messages';
import { renderWithProviders } from '../test/render';
import { LeadPoolPage } from './LeadPoolPage';

function poolLead(id: string, company: string): Lead {
  return {
    id,
    company_name: company,
    contact_name: '王芳',
    title: null,
    phone: '131****6789',
    email: 'w***@***.cn',
    source: 'web_form',
    campaign_id: null,
    province: '上海',
    city: '上海',
    industry: null,
    website: null,
    description: null,
    credit_code: null,
    status: 'new',
    invalid_reason: null,
    owner_id: null,
    in_pool: true,
    assigned_at: null,
    last_follow_up_at: null,
    protected_until: null,
    customer_id: null,
    contact_id: null,
    opportunity_id: null,
    merged_into_id: null,
    created_at: '2026-03-01T00:00:00Z',
    updated_at: '2026-03-01T00:00:00Z',
    version: 1,
  };
}

const session: SessionValue = {
  user: {
    id: 'rep',
    name: 'Zhang Wei',
    permissions: ['leads.read', 'leads.write'],
    data_scope: 'own',
    tenant: { id: 't', slug: 'demo', name: 'Demo', currency: 'CNY' },
  } as CurrentUser,
  can: (p) => ['leads.read', 'leads.write'].includes(p),
  replaceUser: vi.fn(),
  signOut: vi.fn(),
};

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' },
  });

function stub(claimAnswer: (id: string) => Response) {
  const fetchMock = vi.fn(async (url: string, init?: RequestInit) => {
    const claim = /\/api\/v1\/leads\/([^/]+)\/claim$/.exec(url);
    if (claim && init?.method === 'POST') return claimAnswer(claim[1]);
    if (url.startsWith('/api/v1/lead-pool')) {
      return json({ items: [poolLead('a', '上海星云科技有限公司'), poolLead('b', '杭州云杉有限公司')], next_cursor: null });
    }
    if (url.startsWith('/api/v1/settings/leads')) {
      return json({
        pool: { recycle_days: 7, max_protect_days: 30, warn_days: 1, cooldown_days: 3, daily_claims: 20, max_held: 200 },
        dedupe: {},
      });
    }
    if (url.includes('count=true')) return json({ count: 4 });
    return json({ items: [], next_cursor: null });
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

function renderPool() {
  return renderWithProviders(
    <SessionContext.Provider value={session}>
      <LeadPoolPage />
    </SessionContext.Provider>,
  );
}

describe('LeadPoolPage', () => {
  it('lists masked leads with the limits, and a claimed lead can be opened', async () => {
    stub((id) => json({ ...poolLead(id, '上海星云科技有限公司'), owner_id: 'rep', in_pool: false, phone: '+8613123456789' }));
    renderPool();
    const rows = await screen.findAllByTestId('pool-row');
    expect(rows).toHaveLength(2);
    expect(within(rows[0]).getByTestId('pool-phone').textContent).toBe('131****6789');
    expect((await screen.findByTestId('pool-limits')).textContent).toMatch(/You hold 12 \/ 200/);

    fireEvent.click(within(rows[0]).getByTestId('pool-claim'));
    expect(await screen.findByText(translate('en-US', 'pool.claimed'))).toBeTruthy();
    expect(within(rows[0]).getByTestId('pool-phone').textContent).toBe('+8613123456789');
    expect(within(rows[0]).getByTestId('pool-open').getAttribute('href')).toBe('/leads/a');
  });

  it.each(['daily_claim_limit', 'max_held', 'claim_cooldown', 'lead_held', 'lead_closed'])(
    'says why a claim was refused: %s',
    async (code) => {
      stub(() => json({ status: 409, code, title: 'Conflict', detail: 'The request conflicts with the record\'s state.' }, 409));
      renderPool();
      const rows = await screen.findAllByTestId('pool-row');
      fireEvent.click(within(rows[1]).getByTestId('pool-claim'));
      const expected = translate('en-US', `leads.code.${code}`);
      await waitFor(() => expect(within(rows[1]).getByTestId('pool-refused').textContent).toBe(expected));
      expect(within(rows[1]).getByTestId('pool-claim')).toBeTruthy();
    },
  );
});
