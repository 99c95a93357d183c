import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { CurrentUser, Opportunity, ProcessStage } from '../api/types';
import { SessionContext, type SessionValue } from '../auth/session';
import { renderWithProviders } from '../test/render';
import { useStageMove } from './MoveFlow';

const stage = (id: string, extra: Partial<ProcessStage> = {}): ProcessStage =>
  ({ id, key: id, name: id, name_en: id, position: 1, win_rate: '10', is_won: false, is_lost: false, tasks: [], ...extra }) as ProcessStage;
const STAGES = [stage('initial'), stage('demo'), stage('won', { is_won: true, win_rate: '100' }), stage('lost', { is_lost: true, win_rate: '0' })];
const ref = (s: ProcessStage) => ({ id: s.id, key: s.key, name: s.name, win_rate: s.win_rate });
const deal = (stageId: string): Opportunity =>
  ({
    id: 'o1',
    name: 'Line upgrade',
    version: 3,
    stage: ref(STAGES.find((s) => s.id === stageId)!),
    amount: { amount: '1000.00', currency: 'CNY' },
    done_tasks: [],
    competitors: [],
    customer_id: 'c1',
    created_at: '2026-04-01T00:00:00Z',
  }) as unknown as Opportunity;

function session(permissions: string[]): SessionValue {
  const user = { id: 'u1', name: 'Zhou Jing', permissions, tenant: { id: 't', slug: 'demo', name: 'Demo', currency: 'CNY' } } as CurrentUser;
  return { user, can: (p) => permissions.includes(p), replaceUser: vi.fn(), signOut: vi.fn() };
}

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** A button per target stage that starts the move of one deal. */
function Harness({ from, onMoved }: { from: string; onMoved: () => void }) {
  const { move, canMove, modals } = useStageMove(STAGES, onMoved);
  const opportunity = deal(from);
  return (
    <>
      {STAGES.map((to) => (
        <button key={to.id} type="button" data-testid={`to-${to.id}`} data-offered={canMove(opportunity, to)} onClick={() => move(opportunity, to)}>
          {to.id}
        </button>
      ))}
      {modals}
    </>
  );
}

function setup(from: string, permissions: string[], answer?: (body: Record<string, unknown>, calls: number) => Response) {
  let calls = 0;
  const fetchMock = vi.fn(async (url: string, init?: RequestInit) => {
    if (url === '/api/v1/opportunities/o1/stage' && init?.method === 'POST') {
      calls += 1;
      const body = JSON.parse(String(init.body)) as Record<string, unknown>;
      return answer?.(body, calls) ?? json({ ...deal(String(body.stage_id)), version: 4 });
    }
    return json({ items: [], next_cursor: null });
  });
  vi.stubGlobal('fetch', fetchMock);
  const onMoved = vi.fn();
  renderWithProviders(
    <SessionContext.Provider value={session(permissions)}>
      <Harness from={from} onMoved={onMoved} />
    </SessionContext.Provider>,
  );
  const posted = () =>
    fetchMock.mock.calls.filter(([, init]) => init?.method === 'POST').map(([, init]) => JSON.parse(String(init?.body)) as Record<string, unknown>);
  return { onMoved, posted };
}

const MANAGER = ['opportunities.read', 'opportunities.write', 'opportunities.reopen'];
const REP = ['opportunities.read', 'opportunities.write'];

describe('useStageMove', () => {
  it('asks why a won deal is reopened, keeps the dialog until a reason is given, and sends it', async () => {
    const { onMoved, posted } = setup('won', MANAGER);
    fireEvent.click(screen.getByTestId('to-demo'));
    expect(await screen.findByText('Reopen this deal?')).toBeTruthy();
    expect(screen.getByTestId('reopen-explain').textContent).toContain('history');
    expect(screen.queryByTestId('loss-reason')).toBeNull();

    fireEvent.click(screen.getByTestId('reopen-submit'));
    expect(await screen.findByText('Give the reason for reopening the deal')).toBeTruthy();
    expect(posted()).toEqual([]);

    fireEvent.change(screen.getByTestId('reopen-reason'), { target: { value: '  Customer came back with a new budget ' } });
    fireEvent.click(screen.getByTestId('reopen-submit'));
    await waitFor(() => expect(onMoved).toHaveBeenCalled(), { timeout: 5000 });
    expect(posted()).toEqual([{ stage_id: 'demo', reopen_reason: 'Customer came back with a new budget' }]);
  });

  it('asks for both reasons in one dialog when a won deal is lost', async () => {
    const { onMoved, posted } = setup('won', MANAGER);
    fireEvent.click(screen.getByTestId('to-lost'));
    expect(await screen.findByText('Turn this won deal into a loss?')).toBeTruthy();
    fireEvent.change(screen.getByTestId('reopen-reason'), { target: { value: 'Signed by mistake' } });
    fireEvent.change(screen.getByTestId('loss-reason'), { target: { value: 'Budget cut' } });
    fireEvent.click(screen.getByTestId('loss-submit'));
    await waitFor(() => expect(onMoved).toHaveBeenCalled(), { timeout: 5000 });
    expect(posted()).toEqual([{ stage_id: 'lost', reopen_reason: 'Signed by mistake', loss_reason: 'Budget cut' }]);
  });

  it('asks only for the loss reason when an open deal is lost, and nothing between open stages', async () => {
    const { onMoved, posted } = setup('demo', REP);
    fireEvent.click(screen.getByTestId('to-initial'));
    await waitFor(() => expect(onMoved).toHaveBeenCalledTimes(1), { timeout: 5000 });
    expect(posted()).toEqual([{ stage_id: 'initial' }]);

    fireEvent.click(screen.getByTestId('to-lost'));
    expect(await screen.findByText('Why was Line upgrade lost?')).toBeTruthy();
    expect(screen.queryByTestId('reopen-reason')).toBeNull();
    fireEvent.change(screen.getByTestId('loss-reason'), { target: { value: 'Went with a competitor' } });
    fireEvent.click(screen.getByTestId('loss-submit'));
    await waitFor(() => expect(onMoved).toHaveBeenCalledTimes(2), { timeout: 5000 });
    expect(posted()[1]).toEqual({ stage_id: 'lost', loss_reason: 'Went with a competitor' });
  });

  it('offers a role without opportunities.reopen no way out of a won or lost stage, and sends nothing', async () => {
    const { onMoved, posted } = setup('won', REP);
    expect(STAGES.map((s) => screen.getByTestId(`to-${s.id}`).getAttribute('data-offered'))).toEqual(['false', 'false', 'false', 'false']);
    fireEvent.click(screen.getByTestId('to-demo'));
    expect(await screen.findByText(/Only roles that may reopen won or lost deals/)).toBeTruthy();
    expect(screen.queryByTestId('reopen-reason')).toBeNull();
    expect(posted()).toEqual([]);
    expect(onMoved).not.toHaveBeenCalled();
  });

  it('offers a rep every move of an open deal', () => {
    setup('demo', REP);
    expect(STAGES.map((s) => screen.getByTestId(`to-${s.id}`).getAttribute('data-offered'))).toEqual(['true', 'false', 'true', 'true']);
  });

  it('closes the dialog when the server refuses the reopening (403), with its words', async () => {
    const { onMoved } = setup('won', MANAGER, () =>
      json({ status: 403, code: 'forbidden', title: 'Forbidden', detail: 'Your role may not reopen won or lost deals' }, 403),
    );
    fireEvent.click(screen.getByTestId('to-demo'));
    fireEvent.change(await screen.findByTestId('reopen-reason'), { target: { value: 'Back on' } });
    fireEvent.click(screen.getByTestId('reopen-submit'));
    await waitFor(() => expect(screen.queryByTestId('reopen-reason')).toBeNull(), { timeout: 5000 });
    expect(onMoved).not.toHaveBeenCalled();
  });

  it('shows a 422 on reopen_reason on that field and keeps what was typed', async () => {
    const { onMoved, posted } = setup('lost', MANAGER, (_body, calls) =>
      calls === 1
        ? json({ status: 422, code: 'validation_failed', title: 'Invalid', errors: [{ field: 'reopen_reason', code: 'too_long', message: 'At most 500 characters' }] }, 422)
        : json({ ...deal('initial'), version: 4 }),
    );
    fireEvent.click(screen.getByTestId('to-initial'));
    fireEvent.change(await screen.findByTestId('reopen-reason'), { target: { value: 'A long story' } });
    fireEvent.click(screen.getByTestId('reopen-submit'));
    expect(await screen.findByText('At most 500 characters', undefined, { timeout: 5000 })).toBeTruthy();
    expect((screen.getByTestId('reopen-reason') as HTMLTextAreaElement).value).toBe('A long story');
    expect(onMoved).not.toHaveBeenCalled();

    fireEvent.change(screen.getByTestId('reopen-reason'), { target: { value: 'Short' } });
    await waitFor(() => expect(screen.queryByText('At most 500 characters')).toBeNull());
    fireEvent.click(screen.getByTestId('reopen-submit'));
    await waitFor(() => expect(onMoved).toHaveBeenCalled(), { timeout: 5000 });
    expect(posted().map((b) => b.reopen_reason)).toEqual(['A long story', 'Short']);
  });
});
