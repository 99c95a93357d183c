import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CurrentUser, User } from '../api/types';
import { SessionContext, type SessionValue } from '../auth/session';
import { renderWithProviders } from '../test/render';
import { UsersPage } from './UsersPage';

const users = [
  { id: 'u1', name: 'Zhang Wei', email: 'zhang.wei@demo.example.com', role_id: 'r', department_id: 'd', active: true },
  { id: 'u2', name: 'Li Na', email: 'li.na@demo.example.com', role_id: 'r', department_id: 'd', active: true },
] as unknown as User[];

function session(permissions: string[]): SessionValue {
  const user = { id: 'me', name: 'Me', permissions, tenant: { id: 't', slug: 'demo', name: 'Demo' } } as unknown as CurrentUser;
  return { user, can: (p) => permissions.includes(p), replaceUser: vi.fn(), signOut: vi.fn() };
}

function renderAs(permissions: string[]) {
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string) => {
      const body = url.startsWith('/api/v1/users') ? { items: users, next_cursor: null } : { items: [], next_cursor: null };
      return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
    }),
  );
  renderWithProviders(
    <SessionContext.Provider value={session(permissions)}>
      <UsersPage />
    </SessionContext.Provider>,
  );
}

describe('UsersPage', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('hides e-mail addresses from users without users.manage', async () => {
    renderAs(['leads.read', 'customers.read']);
    const table = await screen.findByTestId('users-table');
    await within(table).findByText('Zhang Wei');
    expect(within(table).queryByText(/@demo\.example\.com/)).toBeNull();
    expect(within(table).queryAllByTestId('user-cell-email')).toHaveLength(0);
    expect(screen.getByPlaceholderText('Search name')).toBeTruthy();
  });

  it('shows them to users with users.manage', async () => {
    renderAs(['users.manage']);
    const table = await screen.findByTestId('users-table');
    await within(table).findByText('zhang.wei@demo.example.com');
    expect(within(table).getAllByTestId('user-cell-email')).toHaveLength(2);
    expect(screen.getByPlaceholderText('Search name or email')).toBeTruthy();
  });
});
