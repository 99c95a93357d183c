import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { CurrentUser } from '../api/types';
import { SessionContext, type SessionValue } from '../auth/session';
import { renderWithProviders } from '../test/render';
import { OpportunityCreateDrawer } from './OpportunityCreateDrawer';

const session: SessionValue = {
  user: { id: 'rep', name: 'Zhang Wei', permissions: ['opportunities.write'], data_scope: 'own', tenant: { id: 't', slug: 'demo', name: 'Demo', currency: 'CNY' } } as CurrentUser,
  can: () => true,
  replaceUser: vi.fn(),
  signOut: vi.fn(),
};

const stage = (id: string, key: string, position: number, extra = {}) => ({ id, key, name: key, name_en: key, position, win_rate: '10', is_won: false, is_lost: false, tasks: [], ...extra });
const process = {
  items: [{ id: 'p', name: 'Default', is_default: true, stages: [stage('s-won', 'won', 5, { is_won: true }), stage('s2', 'needs', 2), stage('s1', 'initial', 1)] }],
  next_cursor: null,
};

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('OpportunityCreateDrawer', () => {
  it('posts the deal for a fixed customer in the first stage and shows the server’s field problems on their fields', async () => {
    let posts = 0;
    const fetchMock = vi.fn(async (url: string, init?: RequestInit) => {
      if (url.startsWith('/api/v1/sales-processes')) return json(process);
      if (url === '/api/v1/opportunities' && init?.method === 'POST') {
        posts += 1;
        if (posts === 1) {
          return json(
            { status: 422, code: 'validation_failed', title: 'Invalid', errors: [{ field: 'amount.amount', code: 'too_large', message: 'The amount is too large' }] },
            422,
          );
        }
        return json({ id: 'o1', name: 'Line upgrade', customer_id: 'c1' }, 201);
      }
      return json({ items: [], next_cursor: null });
    });
    vi.stubGlobal('fetch', fetchMock);
    const onCreated = vi.fn();
    renderWithProviders(
      <SessionContext.Provider value={session}>
        <OpportunityCreateDrawer open customer={{ id: 'c1', name: '星云科技' }} onClose={vi.fn()} onCreated={onCreated} />
      </SessionContext.Provider>,
    );

    fireEvent.change(await screen.findByTestId('opp-create-name', undefined, { timeout: 5000 }), { target: { value: ' Line upgrade ' } });
    fireEvent.change(screen.getByTestId('opp-create-amount'), { target: { value: '250000' } });
    fireEvent.click(screen.getByTestId('opp-create-submit'));
    expect(await screen.findByText('The amount is too large', undefined, { timeout: 5000 })).toBeTruthy();
    expect(onCreated).not.toHaveBeenCalled();

    fireEvent.click(screen.getByTestId('opp-create-submit'));
    await waitFor(() => expect(onCreated).toHaveBeenCalled(), { timeout: 5000 });
    const bodies = fetchMock.mock.calls.filter(([, init]) => init?.method === 'POST').map(([, init]) => JSON.parse(String(init?.body)));
    expect(bodies[1]).toEqual({ customer_id: 'c1', name: 'Line upgrade', amount: { amount: '250000.00', currency: 'CNY' }, stage_id: 's1' });
  });
});
