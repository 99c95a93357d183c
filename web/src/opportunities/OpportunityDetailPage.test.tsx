import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { describe, expect, it, vi } from 'vitest';
import type { CurrentUser, ProcessStage } from '../api/types';
import { AntdRoot } from '../app/AntdRoot';
import { SessionContext, type SessionValue } from '../auth/session';
import { I18nProvider } from '../i18n/I18nProvider';
import { OpportunityDetailPage } from './OpportunityDetailPage';

const stage = (id: string, position: number, extra: Partial<ProcessStage> = {}): ProcessStage =>
  ({ id, key: id, name: id, name_en: `Stage ${id}`, position, win_rate: '10', is_won: false, is_lost: false, tasks: [], ...extra }) as ProcessStage;
const STAGES = [stage('demo', 1), stage('won', 2, { is_won: true, win_rate: '100' }), stage('lost', 3, { is_lost: true, win_rate: '0' })];
const DEAL = {
  id: 'o1',
  name: 'Line upgrade',
  version: 5,
  stage: { id: 'won', key: 'won', name: 'won', win_rate: '100' },
  amount: { amount: '1000.00', currency: 'CNY' },
  done_tasks: [],
  competitors: [],
  customer_id: 'c1',
  owner_id: 'u1',
  can_change: true,
  created_at: '2026-04-01T00:00:00Z',
  stage_entered_at: '2026-04-20T00:00:00Z',
};
const STAGE_HISTORY = {
  items: [
    { at: '2026-04-01T00:00:00Z', from_stage_id: null, to_stage_id: 'demo', amount: DEAL.amount, actor_id: 'u1' },
    { at: '2026-04-20T00:00:00Z', from_stage_id: 'demo', to_stage_id: 'won', amount: DEAL.amount, actor_id: 'u1' },
    { at: '2026-04-25T08:00:00.100Z', from_stage_id: 'won', to_stage_id: 'demo', amount: DEAL.amount, actor_id: 'u1' },
    { at: '2026-04-26T08:00:00Z', from_stage_id: 'demo', to_stage_id: 'won', amount: DEAL.amount, actor_id: 'u1' },
  ],
  time_in_stages: [],
};
const CHANGES = {
  items: [{ at: '2026-04-25T08:00:00.300Z', action: 'reopened', actor: { id: 'u1', name: 'Zhou Jing' }, changes: [{ field: 'reopen_reason', old: null, new: 'Budget is back' }] }],
};

const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });

function renderAs(permissions: string[]) {
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string) => {
      const path = url.split('?')[0];
      if (path === '/api/v1/sales-processes') return json({ items: [{ id: 'p', name: 'Default', is_default: true, stages: STAGES }], next_cursor: null });
      if (path === '/api/v1/opportunities/o1') return json(DEAL);
      if (path === '/api/v1/opportunities/o1/stage-history') return json(STAGE_HISTORY);
      if (path === '/api/v1/opportunities/o1/history') return json(CHANGES);
      if (path === '/api/v1/customers/c1') return json({ id: 'c1', name: '星云科技' });
      if (path === '/api/v1/opportunities/o1/splits') return json({ kind: 'whole', shares: [] });
      return json({ items: [], next_cursor: null });
    }),
  );
  const user = { id: 'u1', name: 'Zhou Jing', permissions, tenant: { id: 't', slug: 'demo', name: 'Demo', currency: 'CNY' } } as CurrentUser;
  const session: SessionValue = { user, can: (p) => permissions.includes(p), replaceUser: vi.fn(), signOut: vi.fn() };
  return render(
    <I18nProvider language="en-US">
      <AntdRoot>
        <MemoryRouter initialEntries={['/opportunities/o1']}>
          <SessionContext.Provider value={session}>
            <Routes>
              <Route path="/opportunities/:id" element={<OpportunityDetailPage />} />
            </Routes>
          </SessionContext.Provider>
        </MemoryRouter>
      </AntdRoot>
    </I18nProvider>,
  );
}

describe('OpportunityDetailPage and a won deal', () => {
  it('disables Move to… for a rep who may not reopen it', async () => {
    renderAs(['opportunities.read', 'opportunities.write']);
    const picker = await screen.findByTestId('opp-move-to', undefined, { timeout: 5000 });
    expect(picker.className).toContain('ant-select-disabled');
  });

  it('offers a manager every other stage, and asks why before reopening', async () => {
    renderAs(['opportunities.read', 'opportunities.write', 'opportunities.reopen']);
    const picker = await screen.findByTestId('opp-move-to', undefined, { timeout: 5000 });
    expect(picker.className).not.toContain('ant-select-disabled');
    fireEvent.mouseDown(within(picker).getByRole('combobox'));
    const options = await waitFor(() => {
      const found = [...document.querySelectorAll('.ant-select-item-option')].map((o) => o.textContent);
      expect(found.length).toBeGreaterThan(0);
      return found;
    });
    expect(options).toEqual(['Stage demo', 'Stage lost']);
    fireEvent.click(screen.getByText('Stage demo', { selector: '.ant-select-item-option-content' }));
    expect(await screen.findByText('Reopen this deal?')).toBeTruthy();
    expect(screen.getByTestId('reopen-reason')).toBeTruthy();
  });

  it('shows why the deal was reopened beside the move out of won', async () => {
    renderAs(['opportunities.read', 'opportunities.write']);
    const history = await screen.findByTestId('opp-stage-history', undefined, { timeout: 5000 });
    const reason = await within(history).findByTestId('opp-history-reopened');
    expect(reason.textContent).toBe('Reopened: Budget is back');
    expect(reason.closest('.ant-timeline-item')?.textContent).toContain('Stage won → Stage demo');

    // The change log names the reopening and its reason, labelled.
    fireEvent.click(screen.getByTestId('opp-history-all'));
    const drawer = await screen.findByTestId('history-list', undefined, { timeout: 5000 });
    expect(within(drawer).getByText('Reopened')).toBeTruthy();
    expect(within(drawer).getByText('Reopen reason')).toBeTruthy();
    expect(within(drawer).getByText('Budget is back')).toBeTruthy();
  });
});
