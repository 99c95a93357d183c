import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { CurrentUser, Delegation } from '../api/types';
import { SessionContext, type SessionValue } from '../auth/session';
import { renderWithProviders } from '../test/render';
import { delegationBody, delegationState, DelegationsDrawer, formatDays, localToday } from './DelegationsDrawer';

const session: SessionValue = {
  user: { id: 'me', name: '王强 Wang Qiang', permissions: [], data_scope: 'department', tenant: { id: 't', slug: 'demo', name: 'Demo', currency: 'CNY' } } as unknown as CurrentUser,
  can: () => true,
  replaceUser: vi.fn(),
  signOut: vi.fn(),
};

const person = (id: string, name: string, active = true) => ({ id, name, active, email: `${id}@x`, role_id: 'r', role_key: 'sales_manager', department_id: 'd', data_scope: 'own', permissions: [], created_at: '', version: 1 });
const users = [person('me', '王强 Wang Qiang'), person('zhao', '赵磊 Zhao Lei'), person('li', '李娜 Li Na'), person('gone', '孙杰 Sun Jie', false)];

/** A day `offset` days from today, as YYYY-MM-DD in the browser's zone. */
const day = (offset: number) => {
  const d = new Date();
  d.setDate(d.getDate() + offset);
  return localToday(d);
};

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** A pretend server keeping my delegations; the first create is refused as the server would refuse an unknown stand-in. */
function server(initial: Delegation[]) {
  let items = [...initial];
  let creates = 0;
  return vi.fn(async (url: string, init?: RequestInit) => {
    const method = init?.method ?? 'GET';
    if (url.startsWith('/api/v1/users')) return json({ items: users, next_cursor: null });
    if (url === '/api/v1/approvals/delegations' && method === 'GET') return json({ items, next_cursor: null });
    if (url === '/api/v1/approvals/delegations' && method === 'POST') {
      creates += 1;
      if (creates === 1) {
        return json(
          { status: 422, code: 'validation_failed', title: 'Invalid', detail: 'Some fields are not right.', errors: [{ field: 'delegate_id', code: 'unknown_reference', message: 'No such record' }] },
          422,
        );
      }
      const body = JSON.parse(String(init?.body)) as { delegate_id: string; starts_on: string; ends_on: string };
      const created = { id: 'new', user_id: 'me', ...body };
      items = [created, ...items];
      return json(created, 201);
    }
    const gone = /^\/api\/v1\/approvals\/delegations\/([^/]+)$/.exec(url);
    if (gone && method === 'DELETE') {
      items = items.filter((d) => d.id !== gone[1]);
      return new Response(null, { status: 204 });
    }
    return json({ status: 404, code: 'not_found' }, 404);
  });
}

function render() {
  return renderWithProviders(
    <SessionContext.Provider value={session}>
      <DelegationsDrawer open onClose={vi.fn()} />
    </SessionContext.Provider>,
  );
}

/** Opens a date picker and clicks the day; jsdom's screen is a phone's, so each end has a picker of its own. */
async function pick(testId: string, iso: string) {
  const input = screen.getByTestId(testId).querySelector('input') ?? screen.getByTestId(testId);
  fireEvent.mouseDown(input);
  fireEvent.click(input);
  const cells = await screen.findAllByTitle(iso);
  fireEvent.click(cells[cells.length - 1]);
}

describe('delegations', () => {
  it('lists mine with the stand-in’s name, the days and whether it is in force today', async () => {
    const active = { id: 'd1', user_id: 'me', delegate_id: 'zhao', starts_on: day(-1), ends_on: day(2) };
    const ended = { id: 'd2', user_id: 'me', delegate_id: 'gone', starts_on: day(-20), ends_on: day(-10) };
    const upcoming = { id: 'd3', user_id: 'me', delegate_id: 'li', starts_on: day(5), ends_on: day(6) };
    vi.stubGlobal('fetch', server([upcoming, active, ended]));
    render();

    await waitFor(() => expect(screen.getAllByTestId('delegation-row')).toHaveLength(3), { timeout: 5000 });
    await waitFor(() => expect(screen.getAllByTestId('delegation-name').map((n) => n.textContent)).toEqual(['李娜 Li Na', '赵磊 Zhao Lei', '孙杰 Sun Jie']));
    const row = (id: string) => screen.getAllByTestId('delegation-row').find((r) => r.dataset.delegationId === id)!;
    expect(within(row('d1')).getByTestId('delegation-state').textContent).toBe('Active now');
    expect(within(row('d2')).getByTestId('delegation-state').textContent).toBe('Ended');
    expect(within(row('d3')).getByTestId('delegation-state').textContent).toBe('Upcoming');
    expect(within(row('d1')).getByTestId('delegation-days').textContent).toBe(formatDays(active.starts_on, active.ends_on, 'en-US'));
    // Only active colleagues other than me can be picked.
    fireEvent.mouseDown(within(screen.getByTestId('delegation-delegate')).getByRole('combobox'));
    await screen.findByTitle('赵磊 Zhao Lei');
    const options = [...document.querySelectorAll('.ant-select-item-option')].map((o) => o.getAttribute('title'));
    expect(options).toEqual(['赵磊 Zhao Lei', '李娜 Li Na']);
  }, 15_000);

  it('creates one, shows the server’s field problem on the picker first, and deletes one after confirming', async () => {
    const fetchMock = server([{ id: 'd1', user_id: 'me', delegate_id: 'zhao', starts_on: day(-1), ends_on: day(2) }]);
    vi.stubGlobal('fetch', fetchMock);
    render();
    await waitFor(() => expect(screen.getAllByTestId('delegation-row')).toHaveLength(1), { timeout: 5000 });

    // Nothing is sent without a stand-in and dates.
    fireEvent.click(screen.getByTestId('delegation-add'));
    expect(await screen.findByText('Please choose Stand-in.', undefined, { timeout: 5000 })).toBeTruthy();
    const calls = (method: string) => fetchMock.mock.calls.filter(([, init]) => (init?.method ?? 'GET') === method);
    expect(calls('POST')).toHaveLength(0);

    fireEvent.mouseDown(within(screen.getByTestId('delegation-delegate')).getByRole('combobox'));
    fireEvent.click(await screen.findByTitle('李娜 Li Na'));
    await pick('delegation-starts', day(1));
    await pick('delegation-ends', day(3));

    fireEvent.click(screen.getByTestId('delegation-add'));
    const problem = await screen.findByText('Choose an active colleague other than yourself.', undefined, { timeout: 5000 });
    expect(problem.closest('.ant-form-item')?.contains(screen.getByTestId('delegation-delegate'))).toBe(true);
    expect(calls('POST')).toHaveLength(1);

    fireEvent.click(screen.getByTestId('delegation-add'));
    await waitFor(() => expect(screen.getAllByTestId('delegation-row')).toHaveLength(2), { timeout: 5000 });
    expect(calls('POST')).toHaveLength(2);
    expect(calls('POST')[1][0]).toBe('/api/v1/approvals/delegations');
    expect(JSON.parse(String(calls('POST')[1][1]?.body))).toEqual({ delegate_id: 'li', starts_on: day(1), ends_on: day(3) });
    const added = screen.getAllByTestId('delegation-row').find((r) => r.dataset.delegationId === 'new')!;
    expect(within(added).getByTestId('delegation-name').textContent).toBe('李娜 Li Na');
    expect(within(added).getByTestId('delegation-state').textContent).toBe('Upcoming');

    // Delete asks first; cancelling keeps it.
    const first = screen.getAllByTestId('delegation-row').find((r) => r.dataset.delegationId === 'd1')!;
    fireEvent.click(within(first).getByTestId('delegation-delete'));
    expect(await screen.findByText('Delete the delegation to 赵磊 Zhao Lei?', undefined, { timeout: 5000 })).toBeTruthy();
    expect(calls('DELETE')).toHaveLength(0);
    fireEvent.click(screen.getByTestId('delegation-delete-ok'));
    await waitFor(() => expect(screen.getAllByTestId('delegation-row').map((r) => r.dataset.delegationId)).toEqual(['new']), { timeout: 5000 });
    expect(calls('DELETE').map(([url]) => url)).toEqual(['/api/v1/approvals/delegations/d1']);
  }, 30_000);
});

describe('delegations at a desk', () => {
  it('takes the days from one range picker and puts the server’s date problem on it', async () => {
    // A desk-wide screen: every min-width media query matches.
    const matchMedia = window.matchMedia;
    window.matchMedia = (query: string) => ({ ...matchMedia(query), matches: /min-width/.test(query) }) as MediaQueryList;
    try {
      const fetchMock = vi.fn(async (url: string, init?: RequestInit) => {
        if (url.startsWith('/api/v1/users')) return json({ items: users, next_cursor: null });
        if (init?.method === 'POST') {
          return json({ status: 422, code: 'validation_failed', title: 'Invalid', errors: [{ field: 'ends_on', code: 'before_start', message: 'Before the start date' }] }, 422);
        }
        return json({ items: [], next_cursor: null });
      });
      vi.stubGlobal('fetch', fetchMock);
      render();
      await screen.findByText('No stand-in named', undefined, { timeout: 5000 });
      expect(screen.queryByTestId('delegation-starts')).toBeNull();

      fireEvent.mouseDown(within(screen.getByTestId('delegation-delegate')).getByRole('combobox'));
      fireEvent.click(await screen.findByTitle('赵磊 Zhao Lei'));
      const [start] = screen.getAllByTestId('delegation-range');
      fireEvent.mouseDown(start);
      fireEvent.click(start);
      fireEvent.click((await screen.findAllByTitle(day(1)))[0]);
      fireEvent.click(screen.getAllByTitle(day(2))[0]);
      fireEvent.click(screen.getByTestId('delegation-add'));

      const problem = await screen.findByText('The end date is before the start date.', undefined, { timeout: 5000 });
      expect(problem.closest('.ant-form-item')?.contains(start)).toBe(true);
      const posts = fetchMock.mock.calls.filter(([, init]) => init?.method === 'POST');
      expect(JSON.parse(String(posts[0][1]?.body))).toEqual({ delegate_id: 'zhao', starts_on: day(1), ends_on: day(2) });
    } finally {
      window.matchMedia = matchMedia;
    }
  }, 20_000);
});

describe('delegation helpers', () => {
  it('tell whether a delegation is in force, both ends included', () => {
    const d = { starts_on: '2026-12-06', ends_on: '2026-12-10' };
    expect(delegationState(d, '2026-12-05')).toBe('upcoming');
    expect(delegationState(d, '2026-12-06')).toBe('active');
    expect(delegationState(d, '2026-12-10')).toBe('active');
    expect(delegationState(d, '2026-12-11')).toBe('ended');
  });

  it('make the body from either the range picker or the two pickers', () => {
    const at = (iso: string) => ({ format: () => iso });
    expect(delegationBody({ delegate_id: 'u', range: [at('2026-12-06'), at('2026-12-10')] })).toEqual({ delegate_id: 'u', starts_on: '2026-12-06', ends_on: '2026-12-10' });
    expect(delegationBody({ delegate_id: 'u', starts_on: at('2026-12-07'), ends_on: at('2026-12-08') })).toEqual({ delegate_id: 'u', starts_on: '2026-12-07', ends_on: '2026-12-08' });
  });
});
