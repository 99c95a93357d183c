import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { TargetPlan } from '../api/targets';
import type { CurrentUser } from '../api/types';
import { SessionContext, type SessionValue } from '../auth/session';
import { renderWithProviders } from '../test/render';
import { CompensationPlanDrawer } from './CompensationPlanDrawer';

const session: SessionValue = {
  user: { id: 'boss', name: 'Li Na', permissions: ['performance.manage'], data_scope: 'all', tenant: { id: 't', slug: 'demo', name: 'Demo', currency: 'CNY' } } as CurrentUser,
  can: () => true,
  replaceUser: vi.fn(),
  signOut: vi.fn(),
};

const targetPlan = { id: 'tp', name: '2026 sales', metric: 'contract_amount', year: 2026, version: 1, superseded_by: null } as TargetPlan;

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

const posts = (fetchMock: ReturnType<typeof vi.fn>) =>
  fetchMock.mock.calls.filter(([, init]) => (init as RequestInit | undefined)?.method === 'POST').map(([, init]) => JSON.parse(String((init as RequestInit).body)));

function open(onCreated = vi.fn()) {
  renderWithProviders(
    <SessionContext.Provider value={session}>
      <CompensationPlanDrawer targetPlans={[targetPlan]} onClose={vi.fn()} onCreated={onCreated} />
    </SessionContext.Provider>,
  );
  return onCreated;
}

async function fillTerms() {
  fireEvent.change(await screen.findByTestId('comp-plan-name', undefined, { timeout: 5000 }), { target: { value: 'Q plan' } });
  fireEvent.change(screen.getByTestId('comp-plan-base'), { target: { value: '8000' } });
  fireEvent.change(screen.getByTestId('comp-plan-pool'), { target: { value: '30000' } });
}

describe('CompensationPlanDrawer', () => {
  it('sends no collections factor while it is switched off', async () => {
    const fetchMock = vi.fn(async () => json({ id: 'cp', name: 'Q plan', tiers: [], collections: null }, 201));
    vi.stubGlobal('fetch', fetchMock);
    const onCreated = open();
    await fillTerms();
    expect(screen.queryByTestId('comp-plan-collections')).toBeNull();
    fireEvent.click(screen.getByTestId('comp-plan-save'));
    await waitFor(() => expect(onCreated).toHaveBeenCalled(), { timeout: 5000 });
    expect(posts(fetchMock)[0]).not.toHaveProperty('collections');
    expect(posts(fetchMock)[0].tiers).toEqual([
      { from: '0', to: '100', rate: '1' },
      { from: '100', to: null, rate: '1.5' },
    ]);
  });

  it('sends the collections tiers when switched on and puts the server’s problems on their cells', async () => {
    let calls = 0;
    const fetchMock = vi.fn(async () => {
      calls += 1;
      if (calls === 1) {
        return json(
          {
            status: 422,
            code: 'validation_failed',
            title: 'Invalid',
            errors: [
              { field: 'collections[1].from', code: 'tier_gap', message: 'Collections tier 2 leaves a gap' },
              { field: 'collections[2].rate', code: 'invalid', message: 'The multiplier is not a number' },
            ],
          },
          422,
        );
      }
      return json({ id: 'cp', name: 'Q plan', tiers: [], collections: [] }, 201);
    });
    vi.stubGlobal('fetch', fetchMock);
    const onCreated = open();
    await fillTerms();

    fireEvent.click(screen.getByTestId('comp-plan-collections-switch'));
    const table = await screen.findByTestId('comp-plan-collections');
    const rows = within(table).getAllByTestId('comp-collection');
    expect(rows).toHaveLength(3);
    expect(within(table).getByTestId('comp-collections-ok')).toBeTruthy();
    expect(screen.getByText('Collected from %')).toBeTruthy();
    expect(screen.getByText('× Multiplier')).toBeTruthy();

    fireEvent.change(within(rows[2]).getByTestId('comp-collection-rate'), { target: { value: '1.2' } });
    fireEvent.click(screen.getByTestId('comp-plan-save'));

    const gap = await screen.findByText('Collections tier 2 leaves a gap', undefined, { timeout: 5000 });
    expect(rows[1].contains(gap)).toBe(true);
    expect(within(rows[1]).getByTestId('comp-collection-from').closest('.ant-form-item')?.contains(gap)).toBe(true);
    const rate = screen.getByText('The multiplier is not a number');
    expect(within(rows[2]).getByTestId('comp-collection-rate').closest('.ant-form-item')?.contains(rate)).toBe(true);
    // Not on the completion tiers of the same index.
    const completion = screen.getAllByTestId('comp-tier');
    expect(completion.some((row) => row.contains(gap) || row.contains(rate))).toBe(false);
    expect(onCreated).not.toHaveBeenCalled();

    expect(posts(fetchMock)[0].collections).toEqual([
      { from: '0', to: '50', rate: '0.5' },
      { from: '50', to: '80', rate: '0.8' },
      { from: '80', to: null, rate: '1.2' },
    ]);

    // Switched off again: the next save sends none.
    fireEvent.click(screen.getByTestId('comp-plan-collections-switch'));
    await waitFor(() => expect(screen.queryByTestId('comp-plan-collections')).toBeNull());
    fireEvent.click(screen.getByTestId('comp-plan-save'));
    await waitFor(() => expect(onCreated).toHaveBeenCalled(), { timeout: 5000 });
    expect(posts(fetchMock)[1]).not.toHaveProperty('collections');
  });

  it('sends the margin and forecast-accuracy bands when each is switched on', async () => {
    const fetchMock = vi.fn(async () => json({ id: 'cp', name: 'Q plan', tiers: [] }, 201));
    vi.stubGlobal('fetch', fetchMock);
    const onCreated = open();
    await fillTerms();
    fireEvent.click(screen.getByTestId('comp-plan-margin-switch'));
    fireEvent.click(screen.getByTestId('comp-plan-forecast_accuracy-switch'));
    const margin = await screen.findByTestId('comp-plan-margin');
    expect(within(margin).getAllByTestId('comp-margin')).toHaveLength(3);
    expect(screen.getByText('Margin from %')).toBeTruthy();
    const accuracy = await screen.findByTestId('comp-plan-forecast_accuracy');
    const rows = within(accuracy).getAllByTestId('comp-accuracy');
    fireEvent.change(within(rows[0]).getByTestId('comp-accuracy-rate'), { target: { value: '0.85' } });
    expect(screen.getByText('Accuracy from %')).toBeTruthy();
    fireEvent.click(screen.getByTestId('comp-plan-save'));
    await waitFor(() => expect(onCreated).toHaveBeenCalled(), { timeout: 5000 });
    const body = posts(fetchMock)[0];
    expect(body.margin).toEqual([
      { from: '0', to: '20', rate: '0.8' },
      { from: '20', to: '40', rate: '1' },
      { from: '40', to: null, rate: '1.2' },
    ]);
    expect(body.forecast_accuracy).toEqual([
      { from: '0', to: '70', rate: '0.85' },
      { from: '70', to: '90', rate: '1' },
      { from: '90', to: null, rate: '1.1' },
    ]);
    expect(body).not.toHaveProperty('collections');
  });
});
