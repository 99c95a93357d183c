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
  // The server's count moves with each successful claim.
  let claimed = 3;
  const fetchMock = vi.fn(async (url: string, init?: RequestInit) => {
    const claim = /\/api\/v1\/leads\/([^/]+)\/claim$/.exec(url);
    if (claim && init?.method === 'POST') {
      const answer = claimAnswer(claim[1]);
      if (answer.ok) claimed += 1;
      return answer;
    }
    if (url.startsWith('/api/v1/lead-pool/quota')) {
      return json({ claimed_today: claimed, daily_limit: 20, held: 42 + claimed, max_held: 200 });
    }
    if (url.startsWith('/api/v1/lead-pool')) {
      return json({ items: [poolLead('a', '上海星云科技有限公司'), poolLead('b', '杭州云杉有限公司')], next_cursor: null });
    }
    if (url.startsWith('/api/v1/settings/leads')) {
      return json({
        pool: { recycle_days: 7, max_protect_days: 30, warn_days: 1, cooldown_days: 3, daily_claims: 20, max_held: 200 },
        dedupe: {},
      });
    }
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
  it('lists masked leads with the quota, and a claimed lead can be opened while the quota moves', async () => {
    const fetchMock = stub((id) =>
      json({ ...poolLead(id, '上海星云科技有限公司'), owner_id: 'rep', in_pool: false, phone: '+8613123456789' }),
    );
    renderPool();
    const rows = await screen.findAllByTestId('pool-row');
    expect(rows).toHaveLength(2);
    expect(within(rows[0]).getByTestId('pool-phone').textContent).toBe('131 **** 6789');
    expect((await screen.findByTestId('pool-quota-claimed')).textContent).toBe('Claimed today 3/20');
    expect(screen.getByTestId('pool-quota-held').textContent).toBe('Held 45/200');
    expect(within(screen.getByTestId('pool-quota-claimed')).getByRole('progressbar').getAttribute('aria-valuenow')).toBe('15');
    expect(screen.getByTestId('pool-limits').textContent).toMatch(/Cool-down 3 days/);

    fireEvent.click(within(rows[0]).getByTestId('pool-claim'));
    expect(await screen.findByText(translate('en-US', 'pool.claimed'))).toBeTruthy();
    expect(within(rows[0]).getByTestId('pool-phone').textContent).toBe('131 2345 6789');
    expect(within(rows[0]).getByTestId('pool-open').getAttribute('href')).toBe('/leads/a');
    await waitFor(() => expect(screen.getByTestId('pool-quota-claimed').textContent).toBe('Claimed today 4/20'));
    expect(screen.getByTestId('pool-quota-held').textContent).toBe('Held 46/200');
    expect(fetchMock.mock.calls.filter(([url]) => String(url).startsWith('/api/v1/lead-pool/quota'))).toHaveLength(2);
  });

  it('shows the quota in Chinese, red at the limit', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string) => {
        if (url.startsWith('/api/v1/lead-pool/quota')) return json({ claimed_today: 20, daily_limit: 20, held: 45, max_held: 200 });
        if (url.startsWith('/api/v1/lead-pool')) return json({ items: [], next_cursor: null });
        return json({}, 404);
      }),
    );
    renderWithProviders(
      <SessionContext.Provider value={session}>
        <LeadPoolPage />
      </SessionContext.Provider>,
      'zh-CN',
    );
    const claimed = await screen.findByTestId('pool-quota-claimed');
    expect(claimed.textContent).toBe('今日已领取 20/20');
    expect(claimed.querySelector('.ant-progress-status-exception')).toBeTruthy();
    expect(screen.getByTestId('pool-quota-held').textContent).toBe('持有 45/200');
  });

  it('works without the quota (an older server)', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string) => {
        if (url.startsWith('/api/v1/lead-pool/quota')) return json({ status: 404, title: 'Not Found' }, 404);
        if (url.startsWith('/api/v1/lead-pool')) return json({ items: [poolLead('a', '杭州云杉有限公司')], next_cursor: null });
        return json({ status: 404, title: 'Not Found' }, 404);
      }),
    );
    renderPool();
    await screen.findAllByTestId('pool-row');
    expect(screen.queryByTestId('pool-quota')).toBeNull();
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
