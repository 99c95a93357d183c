import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { CurrentUser, ProcessStage } from '../api/types';
import { SessionContext, type SessionValue } from '../auth/session';
import { renderWithProviders } from '../test/render';
import { OpportunityBoard } from './OpportunityBoard';

const stage = (id: string, extra: Partial<ProcessStage> = {}): ProcessStage =>
  ({ id, key: id, name: id, name_en: id, position: 1, win_rate: '10', is_won: false, is_lost: false, tasks: [], ...extra }) as ProcessStage;
const STAGES = [stage('demo'), stage('won', { is_won: true, win_rate: '100' }), stage('lost', { is_lost: true, win_rate: '0' })];
const deal = (id: string, stageId: string) => ({
  id,
  name: `Deal in ${stageId}`,
  version: 1,
  stage: { id: stageId, key: stageId, name: stageId, win_rate: '10' },
  amount: { amount: '1000.00', currency: 'CNY' },
  done_tasks: [],
  competitors: [],
  customer_id: 'c1',
  created_at: '2026-04-01T00:00:00Z',
  stage_entered_at: '2026-04-01T00:00:00Z',
});

function session(permissions: string[]): SessionValue {
  const user = { id: 'u1', name: 'Zhang Wei', permissions, tenant: { id: 't', slug: 'demo', name: 'Demo', currency: 'CNY' } } as CurrentUser;
  return { user, can: (p) => permissions.includes(p), replaceUser: vi.fn(), signOut: vi.fn() };
}

function renderBoard(permissions: string[], phone: boolean) {
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string) => {
      const stageId = new URL(url, 'http://x').searchParams.get('stage_id') ?? '';
      return new Response(JSON.stringify({ items: [deal(`o-${stageId}`, stageId)], next_cursor: null }), { status: 200, headers: { 'content-type': 'application/json' } });
    }),
  );
  return renderWithProviders(
    <SessionContext.Provider value={session(permissions)}>
      <OpportunityBoard stages={STAGES} query={{}} nameOf={() => 'Zhang Wei'} phone={phone} />
    </SessionContext.Provider>,
  );
}

const column = (key: string) => document.querySelector<HTMLElement>(`[data-testid="opp-column"][data-stage-key="${key}"]`)!;

describe('OpportunityBoard and closed deals', () => {
  it('locks the won and lost columns for a role that may not reopen deals', async () => {
    renderBoard(['opportunities.read', 'opportunities.write'], false);
    await waitFor(() => expect(screen.getAllByTestId('opp-card')).toHaveLength(3));
    expect(within(column('demo')).queryByTestId('opp-column-locked')).toBeNull();
    expect(within(column('won')).getByTestId('opp-column-locked')).toBeTruthy();
    expect(within(column('lost')).getByTestId('opp-column-locked')).toBeTruthy();
    expect(column('demo').querySelector('[data-locked]')).toBeNull();
    expect(column('won').querySelector('.closer-opp-drag')?.getAttribute('data-locked')).toBe('true');
  });

  it('lets a role with opportunities.reopen drag closed deals', async () => {
    renderBoard(['opportunities.read', 'opportunities.write', 'opportunities.reopen'], false);
    await waitFor(() => expect(screen.getAllByTestId('opp-card')).toHaveLength(3));
    expect(screen.queryByTestId('opp-column-locked')).toBeNull();
    expect(document.querySelector('[data-locked]')).toBeNull();
  });

  it('disables the phone’s Move to… picker on a won deal for a role that may not reopen it', async () => {
    renderBoard(['opportunities.read', 'opportunities.write'], true);
    const picker = await screen.findByTestId('opp-card-move');
    expect(picker.className).not.toContain('ant-select-disabled');
    fireEvent.click(screen.getByTestId('opp-stage-tab-won'));
    await waitFor(() => expect(screen.getByTestId('opp-card-move').className).toContain('ant-select-disabled'));
  });
});
