import {
  AccountBookOutlined,
  AimOutlined,
  ApartmentOutlined,
  ApiOutlined,
  AuditOutlined,
  BarChartOutlined,
  BranchesOutlined,
  CheckSquareOutlined,
  DollarOutlined,
  FileTextOutlined,
  FundOutlined,
  FunnelPlotOutlined,
  HomeOutlined,
  InboxOutlined,
  MoneyCollectOutlined,
  NodeIndexOutlined,
  PictureOutlined,
  SafetyCertificateOutlined,
  SendOutlined,
  SolutionOutlined,
  TrophyOutlined,
  UserOutlined,
  WalletOutlined,
  ContactsOutlined,
  BankOutlined,
  DashboardOutlined,
  PieChartOutlined,
  RollbackOutlined,
  SettingOutlined,
  ScheduleOutlined,
  StarOutlined,
  TagsOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
import type { MessageKey } from '../i18n/messages';
import { canOpen, type Can } from './access';

/** An area of the product that is not built yet: its route shows what it will do. */
export type UpcomingArea =
  | 'targets'
  | 'customers'
  | 'opportunities'
  | 'receivables'
  | 'invoices'
  | 'payments'
  | 'performance'
  | 'analytics';

export interface NavEntry {
  key: string;
  path?: string;
  label: MessageKey;
  icon: ReactNode;
  area?: UpcomingArea;
  children?: NavEntry[];
  /** Opens outside the single-page app (server-rendered pages such as the API docs). */
  external?: boolean;
  /** A count shown beside the label: the approvals waiting for the user. */
  badge?: 'approvals';
}

export const NAV: NavEntry[] = [
  { key: 'home', path: '/', label: 'nav.home', icon: <HomeOutlined /> },
  { key: 'today', path: '/today', label: 'nav.today', icon: <ScheduleOutlined /> },
  { key: 'targets', path: '/targets', label: 'nav.targets', icon: <AimOutlined /> },
  { key: 'leads', path: '/leads', label: 'nav.leads', icon: <SolutionOutlined /> },
  { key: 'leadPool', path: '/lead-pool', label: 'nav.leadPool', icon: <InboxOutlined /> },
  { key: 'customers', path: '/customers', label: 'nav.customers', icon: <ContactsOutlined /> },
  { key: 'opportunities', path: '/opportunities', label: 'nav.opportunities', icon: <FundOutlined /> },
  { key: 'forecast', path: '/opportunities/forecast', label: 'nav.forecast', icon: <FunnelPlotOutlined /> },
  { key: 'contracts', path: '/contracts', label: 'nav.contracts', icon: <AuditOutlined /> },
  { key: 'approvals', path: '/approvals', label: 'nav.approvals', icon: <CheckSquareOutlined />, badge: 'approvals' },
  {
    key: 'cash',
    label: 'nav.cash',
    icon: <WalletOutlined />,
    children: [
      { key: 'cashOverview', path: '/cash/overview', label: 'nav.cashOverview', icon: <DashboardOutlined /> },
      { key: 'receivables', path: '/cash/receivables', label: 'nav.receivables', icon: <BankOutlined /> },
      { key: 'payments', path: '/cash/payments', label: 'nav.payments', icon: <DollarOutlined /> },
      { key: 'invoices', path: '/cash/invoices', label: 'nav.invoices', icon: <FileTextOutlined /> },
      { key: 'aging', path: '/cash/aging', label: 'nav.aging', icon: <PieChartOutlined /> },
      { key: 'refunds', path: '/cash/refunds', label: 'nav.refunds', icon: <RollbackOutlined /> },
    ],
  },
  { key: 'performance', path: '/performance', label: 'nav.performance', icon: <TrophyOutlined /> },
  { key: 'compensation', path: '/compensation', label: 'nav.compensation', icon: <MoneyCollectOutlined /> },
  { key: 'analytics', path: '/analytics', label: 'nav.analytics', icon: <BarChartOutlined /> },
  {
    key: 'org',
    label: 'nav.org',
    icon: <ApartmentOutlined />,
    children: [
      { key: 'departments', path: '/org/departments', label: 'nav.departments', icon: <ApartmentOutlined /> },
      { key: 'users', path: '/org/users', label: 'nav.users', icon: <UserOutlined /> },
      { key: 'roles', path: '/org/roles', label: 'nav.roles', icon: <SafetyCertificateOutlined /> },
      { key: 'branding', path: '/org/branding', label: 'nav.branding', icon: <PictureOutlined /> },
      { key: 'leadSettings', path: '/org/lead-settings', label: 'nav.leadSettings', icon: <SettingOutlined /> },
      { key: 'scoringModel', path: '/org/scoring-model', label: 'nav.scoringModel', icon: <StarOutlined /> },
      { key: 'salesProcess', path: '/org/sales-process', label: 'nav.salesProcess', icon: <NodeIndexOutlined /> },
      { key: 'products', path: '/org/products', label: 'nav.products', icon: <TagsOutlined /> },
      { key: 'approvalFlows', path: '/org/approval-flows', label: 'nav.approvalFlows', icon: <BranchesOutlined /> },
      { key: 'webhooks', path: '/org/webhooks', label: 'nav.webhooks', icon: <SendOutlined /> },
      { key: 'cashSettings', path: '/org/cash-settings', label: 'nav.cashSettings', icon: <AccountBookOutlined /> },
    ],
  },
  { key: 'apiDocs', path: '/api/docs', label: 'nav.apiDocs', icon: <ApiOutlined />, external: true },
];

/**
 * The entries a user may open (see `ROUTE_ACCESS` in ./access for who may open what); a group
 * is left out when none of its entries remain.
 */
export function visibleNav(can: Can, entries: NavEntry[] = NAV): NavEntry[] {
  return entries.flatMap((entry) => {
    if (entry.children) {
      const children = visibleNav(can, entry.children);
      return children.length > 0 ? [{ ...entry, children }] : [];
    }
    return !entry.path || entry.external || canOpen(entry.path, can) ? [entry] : [];
  });
}

/** Every entry with a route, children included. */
export function flatNav(entries: NavEntry[] = NAV): NavEntry[] {
  return entries.flatMap((entry) => [entry, ...flatNav(entry.children ?? [])]).filter((e) => e.path);
}

/** The entry whose path is the longest prefix of `pathname`. */
export function navEntryFor(pathname: string): NavEntry | undefined {
  return flatNav()
    .filter((entry) => !entry.external)
    .filter((entry) =>
      entry.path === '/' ? pathname === '/' : pathname === entry.path || pathname.startsWith(`${entry.path}/`),
    )
    .sort((a, b) => (b.path?.length ?? 0) - (a.path?.length ?? 0))[0];
}

export function parentKeyOf(key: string): string | undefined {
  return NAV.find((entry) => entry.children?.some((child) => child.key === key))?.key;
}
