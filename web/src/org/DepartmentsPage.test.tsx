import { screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { CurrentUser, Department } from '../api/types';
import { SessionContext, type SessionValue } from '../auth/session';
import { renderWithProviders } from '../test/render';
import { DepartmentsPage } from './DepartmentsPage';

const departments: Department[] = [
  { id: 'root', name: 'Xingchen Tech', parent_id: null, is_sales_region: false, head_user_id: null, version: 1 },
  { id: 'east', name: 'East China', parent_id: 'root', is_sales_region: true, head_user_id: null, version: 1 },
  { id: 'sh', name: 'Shanghai Team', parent_id: 'east', is_sales_region: false, head_user_id: null, version: 1 },
];

function session(permissions: string[]): SessionValue {
  const user = { id: 'u1', name: 'Rep', permissions, tenant: { id: 't', slug: 'demo', name: 'Demo' } } as CurrentUser;
  return { user, can: (p) => permissions.includes(p), replaceUser: vi.fn(), signOut: vi.fn() };
}

function stubApi() {
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string) => {
      const body = url.startsWith('/api/v1/departments') ? { items: departments, next_cursor: null } : { items: [], next_cursor: null };
      return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
    }),
  );
}

describe('DepartmentsPage', () => {
  it('shows the tree with sales regions, and admin actions only with org.manage', async () => {
    stubApi();
    renderWithProviders(
      <SessionContext.Provider value={session(['leads.read'])}>
        <DepartmentsPage />
      </SessionContext.Provider>,
    );
    const tree = await screen.findByTestId('department-tree');
    for (const name of ['Xingchen Tech', 'East China', 'Shanghai Team']) {
      expect(within(tree).getByText(name)).toBeTruthy();
    }
    const east = within(tree).getByText('East China').closest('[data-testid="department-node"]') as HTMLElement;
    expect(within(east).getByText('Sales region')).toBeTruthy();
    expect(screen.queryByTestId('department-new')).toBeNull();
  });

  it('offers "New department" to an organisation admin', async () => {
    stubApi();
    renderWithProviders(
      <SessionContext.Provider value={session(['org.manage'])}>
        <DepartmentsPage />
      </SessionContext.Provider>,
    );
    await screen.findByTestId('department-tree');
    expect(screen.getByTestId('department-new')).toBeTruthy();
  });
});
