import { fireEvent, render, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CurrentUser } from '../api/types';
import { SessionContext, type SessionValue } from '../auth/session';
import { I18nProvider } from '../i18n/I18nProvider';
import { accessFor, canFrom, canOpen, landingFor, ROUTE_ACCESS } from './access';
import { AntdRoot } from './AntdRoot';
import { AppRoutes } from './AppRoutes';
import { flatNav, NAV, visibleNav, type NavEntry } from './areas';

// The demo tenant's default roles (crates/domain/src/org.rs, default_roles).
const SALES = [
  'leads.read',
  'leads.write',
  'customers.read',
  'customers.write',
  'opportunities.read',
  'opportunities.write',
  'contracts.read',
  'contracts.write',
  'cash.read',
  'targets.read',
  'performance.read',
];
const ROLES = {
  sales_rep: SALES,
  sales_manager: [
    ...SALES,
    'leads.import',
    'customers.transfer',
    'contracts.approve',
    'targets.manage',
    'performance.manage',
    'analytics.read',
    'users.manage',
    'opportunities.reopen',
    'org.api_tokens',
  ],
  finance: ['customers.read', 'contracts.read', 'cash.read', 'cash.write', 'targets.read', 'performance.read', 'analytics.read'],
  marketing: ['leads.read', 'leads.write', 'leads.import', 'campaigns.manage', 'customers.read', 'analytics.read'],
} satisfies Record<string, string[]>;
type RoleKey = keyof typeof ROLES;

const keysOf = (entries: NavEntry[]): string[] => entries.flatMap((e) => [e.key, ...keysOf(e.children ?? [])]);
const menuFor = (role: RoleKey) => keysOf(visibleNav(canFrom(ROLES[role])));

describe('route access', () => {
  it('has a rule for every menu entry, with the same path', () => {
    for (const entry of flatNav().filter((e) => !e.external)) {
      expect(accessFor(entry.path ?? '')?.path, entry.key).toBe(entry.path);
    }
    expect(new Set(ROUTE_ACCESS.map((r) => r.id)).size).toBe(ROUTE_ACCESS.length);
  });

  it('ranks a fixed path above a parameter', () => {
    expect(accessFor('/leads/import')?.id).toBe('leadImport');
    expect(accessFor('/leads/0b7c')?.id).toBe('lead');
    expect(accessFor('/opportunities/forecast')?.id).toBe('forecast');
    expect(accessFor('/no/such/page')).toBeUndefined();
  });

  it('gives finance no Leads, Lead pool or Opportunities entries', () => {
    const menu = menuFor('finance');
    for (const key of ['leads', 'leadPool', 'opportunities', 'forecast', 'leadSettings', 'products']) {
      expect(menu, key).not.toContain(key);
    }
    for (const key of ['home', 'customers', 'contracts', 'cash', 'receivables', 'analytics', 'users', 'apiDocs']) {
      expect(menu, key).toContain(key);
    }
    const can = canFrom(ROLES.finance);
    expect(canOpen('/leads', can)).toBe(false);
    expect(canOpen('/leads/0b7c', can)).toBe(false);
    expect(canOpen('/lead-pool', can)).toBe(false);
    expect(canOpen('/opportunities', can)).toBe(false);
  });

  it('gives a sales rep no Import route, and a manager one', () => {
    expect(canOpen('/leads/import', canFrom(ROLES.sales_rep))).toBe(false);
    expect(canOpen('/leads', canFrom(ROLES.sales_rep))).toBe(true);
    expect(canOpen('/leads/0b7c', canFrom(ROLES.sales_rep))).toBe(true);
    expect(canOpen('/leads/import', canFrom(ROLES.sales_manager))).toBe(true);
    expect(canOpen('/leads/import', canFrom(ROLES.marketing))).toBe(true);
  });

  it('gives every role the approvals inbox, and the flows and webhooks to administrators only', () => {
    for (const role of Object.keys(ROLES) as RoleKey[]) {
      expect(menuFor(role), role).toContain('approvals');
      expect(canOpen('/approvals/0b7c', canFrom(ROLES[role])), role).toBe(true);
      expect(menuFor(role), role).not.toContain('approvalFlows');
      expect(menuFor(role), role).not.toContain('webhooks');
    }
    expect(canOpen('/org/approval-flows', canFrom(['settings.manage']))).toBe(true);
    expect(canOpen('/contracts/0b7c', canFrom(ROLES.finance))).toBe(true);
    expect(canOpen('/contracts/0b7c', canFrom(ROLES.marketing))).toBe(false);
  });

  it('leaves out a group none of whose entries remain', () => {
    const menu = menuFor('marketing');
    expect(menu).not.toContain('cash');
    expect(menu).not.toContain('receivables');
    expect(menu).toContain('leadSettings');
    expect(menu).toContain('org');
  });

  it('lands finance on the cash home, and everyone who works leads on the general one', () => {
    expect(landingFor(canFrom(ROLES.finance))).toBe('cash');
    expect(landingFor(canFrom(ROLES.sales_rep))).toBe('home');
    expect(landingFor(canFrom(ROLES.sales_manager))).toBe('home');
    expect(landingFor(canFrom([...ROLES.sales_manager, 'cash.write']))).toBe('home');
    expect(landingFor(canFrom(ROLES.marketing))).toBe('home');
  });

  it('gives the cash pages to roles that read cash, the bank import and settings to those who may', () => {
    expect(menuFor('sales_rep')).toEqual(expect.arrayContaining(['cash', 'receivables', 'payments', 'aging']));
    expect(canOpen('/cash/payments/import', canFrom(ROLES.sales_rep))).toBe(false);
    expect(canOpen('/cash/payments/import', canFrom(ROLES.finance))).toBe(true);
    expect(canOpen('/cash/refunds/0b7c', canFrom(ROLES.finance))).toBe(true);
    expect(menuFor('finance')).not.toContain('cashSettings');
    expect(canOpen('/org/cash-settings', canFrom(['settings.manage']))).toBe(true);
  });

  it('gives the company branding (the quote logo) to administrators only', () => {
    for (const role of Object.keys(ROLES) as RoleKey[]) expect(menuFor(role), role).not.toContain('branding');
    expect(accessFor('/org/branding')?.id).toBe('branding');
    expect(canOpen('/org/branding', canFrom(['settings.manage']))).toBe(true);
    expect(canOpen('/org/branding', canFrom(ROLES.sales_manager))).toBe(false);
  });

  it('opens targets to those who read them, visit rules to those who manage them, compensation to performance', () => {
    expect(accessFor('/targets/visit-rules')?.id).toBe('visitRules');
    expect(accessFor('/targets/0b7c/completion')?.id).toBe('targetCompletion');
    expect(canOpen('/targets/0b7c', canFrom(ROLES.sales_rep))).toBe(true);
    expect(canOpen('/targets/visit-rules', canFrom(ROLES.sales_rep))).toBe(false);
    expect(canOpen('/targets/visit-rules', canFrom(ROLES.sales_manager))).toBe(true);
    expect(canOpen('/compensation/runs/0b7c', canFrom(ROLES.finance))).toBe(true);
    expect(menuFor('sales_rep')).toEqual(expect.arrayContaining(['targets', 'performance', 'compensation']));
    for (const key of ['targets', 'performance', 'compensation']) expect(menuFor('marketing'), key).not.toContain(key);
  });

  it('opens analytics to analysts and to everyone who reads opportunities, the deal import to those who write them', () => {
    for (const role of ['sales_rep', 'sales_manager', 'finance', 'marketing'] as RoleKey[]) {
      expect(menuFor(role), role).toContain('analytics');
    }
    expect(canOpen('/analytics', canFrom(['customers.read']))).toBe(false);
    expect(accessFor('/opportunities/import')?.id).toBe('opportunityImport');
    expect(canOpen('/opportunities/import', canFrom(ROLES.sales_rep))).toBe(true);
    expect(canOpen('/opportunities/import', canFrom(['opportunities.read']))).toBe(false);
  });

  it('shows every entry to a role with every permission', () => {
    const all = [...new Set(Object.values(ROLES).flat()), 'settings.manage', 'roles.manage', 'org.manage', 'jobs.run'];
    expect(keysOf(visibleNav(canFrom(all)))).toEqual(keysOf(NAV));
  });
});

const cny = (amount: string) => ({ amount, currency: 'CNY' });
const SUMMARY = {
  today: '2026-04-15',
  due_this_week: cny('100000.00'),
  overdue: cny('500000.01'),
  collected_this_month: cny('400000.00'),
  outstanding: cny('600000.01'),
  refunds_open: 1,
  unmatched_bank_rows: 2,
};

describe('the app for a role', () => {
  let calls: string[] = [];
  afterEach(() => {
    vi.unstubAllGlobals();
    calls = [];
  });

  function renderApp(role: RoleKey, path: string) {
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string) => {
        calls.push(url);
        const body = url.includes('unread')
          ? { count: 0 }
          : url.includes('/cash/summary')
            ? SUMMARY
            : { items: [], next_cursor: null };
        return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
      }),
    );
    const permissions = ROLES[role];
    const user = {
      id: 'u1',
      name: 'Zhou Jing',
      role_key: role,
      data_scope: 'tenant',
      permissions,
      tenant: { id: 't', slug: 'demo', name: 'Demo' },
    } as unknown as CurrentUser;
    const session: SessionValue = { user, can: canFrom(permissions), replaceUser: vi.fn(), signOut: vi.fn() };
    return render(
      <I18nProvider language="en-US">
        <AntdRoot>
          <MemoryRouter initialEntries={[path]}>
            <SessionContext.Provider value={session}>
              <AppRoutes />
            </SessionContext.Provider>
          </MemoryRouter>
        </AntdRoot>
      </I18nProvider>,
    );
  }

  it('tells a sales rep the import is not for their role, and asks the API nothing about imports', async () => {
    renderApp('sales_rep', '/leads/import');
    const page = await screen.findByTestId('leadImport-no-access');
    expect(within(page).getByText('Not available for your role')).toBeTruthy();
    expect(within(page).getByText(/Your role \(Sales rep\)/)).toBeTruthy();
    expect(calls.some((url) => url.includes('/leads'))).toBe(false);
  });

  it('shows finance a menu and quick links without Leads, Lead pool or Opportunities', async () => {
    renderApp('finance', '/');
    await screen.findByTestId('home');
    // Finance lands on the cash home: its figures, each a way into its list.
    await screen.findByTestId('finance-home');
    const overdue = await screen.findByTestId('stat-overdue');
    expect(overdue.getAttribute('href')).toBe('/cash/receivables?status=owing&due_to=2026-04-14');
    // The tile reads at a glance; the exact figure is behind it.
    expect(overdue.textContent).toContain('¥500K');
    expect(overdue.querySelector('[data-exact]')?.getAttribute('data-exact')).toContain('500,000.01');
    // jsdom has the width of a phone: the menu sits in the drawer behind the hamburger.
    fireEvent.click(screen.getByTestId('nav-toggle'));
    const menu = await screen.findByTestId('side-menu');
    expect(within(menu).queryByTestId('nav-leads')).toBeNull();
    expect(within(menu).queryByTestId('nav-leadPool')).toBeNull();
    expect(within(menu).queryByTestId('nav-opportunities')).toBeNull();
    expect(within(menu).getByTestId('nav-customers')).toBeTruthy();
    const links = [...screen.getByTestId('home').querySelectorAll('a')].map((a) => a.getAttribute('href'));
    expect(links).toContain('/customers');
    expect(links).not.toContain('/leads');
    expect(links).not.toContain('/opportunities');
  });

  it('does not load the lead list for finance at /leads', async () => {
    renderApp('finance', '/leads');
    await screen.findByTestId('leads-no-access');
    expect(calls.some((url) => url.includes('/leads'))).toBe(false);
  });
});
