import { matchRoutes } from 'react-router-dom';

/** Whether the signed-in user's role grants a permission key (the session's `can`). */
export type Can = (permission: string) => boolean;

/** A route of the app and who may open it. */
export interface RouteAccess {
  /** The route pattern, as the router knows it (`/leads/:id`). */
  path: string;
  /** Names the route in test ids, e.g. `products-no-access`. */
  id: string;
  /** Opens for users with at least one of these permissions; left out: every signed-in user. */
  anyPermission?: readonly string[];
}

/**
 * The one place that says which permission each route needs. The side menu, the home page's
 * quick links and the routes themselves all ask it, so a role never sees a way into a page
 * whose API would answer 403.
 */
export const ROUTE_ACCESS: readonly RouteAccess[] = [
  { path: '/', id: 'home' },
  { path: '/notifications', id: 'notifications' },
  { path: '/today', id: 'today', anyPermission: ['customers.read'] },
  { path: '/targets', id: 'targets', anyPermission: ['targets.read'] },
  { path: '/targets/visit-rules', id: 'visitRules', anyPermission: ['targets.manage'] },
  { path: '/targets/:id', id: 'targetPlan', anyPermission: ['targets.read'] },
  { path: '/targets/:id/completion', id: 'targetCompletion', anyPermission: ['targets.read'] },
  { path: '/leads', id: 'leads', anyPermission: ['leads.read'] },
  { path: '/leads/import', id: 'leadImport', anyPermission: ['leads.import'] },
  { path: '/leads/:id', id: 'lead', anyPermission: ['leads.read'] },
  { path: '/lead-pool', id: 'leadPool', anyPermission: ['leads.read'] },
  { path: '/customers', id: 'customers', anyPermission: ['customers.read'] },
  { path: '/customers/:id', id: 'customer', anyPermission: ['customers.read'] },
  { path: '/opportunities', id: 'opportunities', anyPermission: ['opportunities.read'] },
  { path: '/opportunities/forecast', id: 'forecast', anyPermission: ['opportunities.read'] },
  // The import writes deals (and the customers they name).
  { path: '/opportunities/import', id: 'opportunityImport', anyPermission: ['opportunities.write'] },
  { path: '/opportunities/:id', id: 'opportunity', anyPermission: ['opportunities.read'] },
  { path: '/contracts', id: 'contracts', anyPermission: ['contracts.read'] },
  { path: '/contracts/:id', id: 'contract', anyPermission: ['contracts.read'] },
  // Anyone may be asked to approve (a named user, a department head) or submit for approval.
  { path: '/approvals', id: 'approvals' },
  { path: '/approvals/:id', id: 'approval' },
  { path: '/cash/overview', id: 'cashOverview', anyPermission: ['cash.read'] },
  { path: '/cash/receivables', id: 'receivables', anyPermission: ['cash.read'] },
  { path: '/cash/invoices', id: 'invoices', anyPermission: ['cash.read'] },
  { path: '/cash/payments', id: 'payments', anyPermission: ['cash.read'] },
  // Statement rows are the company's: importing and matching them is finance's.
  { path: '/cash/payments/import', id: 'bankImport', anyPermission: ['cash.write'] },
  { path: '/cash/aging', id: 'aging', anyPermission: ['cash.read'] },
  { path: '/cash/refunds', id: 'refunds', anyPermission: ['cash.read'] },
  { path: '/cash/refunds/:id', id: 'refund', anyPermission: ['cash.read'] },
  { path: '/performance', id: 'performance', anyPermission: ['performance.read', 'performance.manage'] },
  { path: '/compensation', id: 'compensation', anyPermission: ['performance.read', 'performance.manage'] },
  { path: '/compensation/runs/:id', id: 'compensationRun', anyPermission: ['performance.read', 'performance.manage'] },
  // Analysts read every report; anyone who reads opportunities reads them within their scope.
  { path: '/analytics', id: 'analytics', anyPermission: ['analytics.read', 'opportunities.read'] },
  // Everyone may look at the organisation; the pages offer changes only to those who may make them.
  { path: '/org/departments', id: 'departments' },
  { path: '/org/users', id: 'users' },
  { path: '/org/roles', id: 'roles' },
  { path: '/org/lead-settings', id: 'leadSettings', anyPermission: ['settings.manage', 'campaigns.manage'] },
  { path: '/org/scoring-model', id: 'scoringModel', anyPermission: ['settings.manage'] },
  { path: '/org/sales-process', id: 'salesProcess', anyPermission: ['settings.manage'] },
  { path: '/org/products', id: 'products', anyPermission: ['settings.manage'] },
  { path: '/org/approval-flows', id: 'approvalFlows', anyPermission: ['settings.manage'] },
  { path: '/org/webhooks', id: 'webhooks', anyPermission: ['settings.manage'] },
  { path: '/org/cash-settings', id: 'cashSettings', anyPermission: ['settings.manage'] },
  { path: '/org/branding', id: 'branding', anyPermission: ['settings.manage'] },
];

const ROUTES = ROUTE_ACCESS.map((route) => ({ id: route.id, path: route.path }));

/** The access rule of a route pattern; throws for a pattern missing from the table. */
export function accessOf(path: string): RouteAccess {
  const route = ROUTE_ACCESS.find((r) => r.path === path);
  if (!route) throw new Error(`no access rule for route ${path}`);
  return route;
}

/** The access rule of the route a pathname opens (the router's ranking: `/leads/import` before `/leads/:id`). */
export function accessFor(pathname: string): RouteAccess | undefined {
  const match = matchRoutes(ROUTES, pathname)?.[0];
  return match ? ROUTE_ACCESS.find((r) => r.id === match.route.id) : undefined;
}

/** Whether a user may open a route. */
export function allows(route: RouteAccess, can: Can): boolean {
  return !route.anyPermission || route.anyPermission.some((permission) => can(permission));
}

/** Whether a user may open a pathname; addresses outside the table (404s, the API docs) are not the UI's to refuse. */
export function canOpen(pathname: string, can: Can): boolean {
  const route = accessFor(pathname);
  return !route || allows(route, can);
}

/**
 * What `/` opens: finance's cash home for roles that write cash but do not work leads (their
 * day is receivables, not pipeline), the general home for everyone else.
 */
export function landingFor(can: Can): 'cash' | 'home' {
  return can('cash.write') && !can('leads.read') ? 'cash' : 'home';
}

/** A `can` for a list of permission keys (the shape of `user.permissions`). */
export function canFrom(permissions: readonly string[]): Can {
  return (permission) => permissions.includes(permission);
}
