import { Spin } from 'antd';
import { lazy, Suspense, type ReactNode } from 'react';
import { Navigate, Route, Routes } from 'react-router-dom';
import { AppLayout } from '../layout/AppLayout';
import { ComingSoonPage } from '../pages/ComingSoonPage';
import { NotFoundPage } from '../pages/NotFoundPage';
import { useSession } from '../auth/session';
import { landingFor } from './access';
import { flatNav } from './areas';
import { RouteGate } from './RouteGate';

// Pages load on first visit, so the sign-in page does not wait for ECharts or the admin screens.
const HomePage = lazy(() => import('../pages/HomePage').then((m) => ({ default: m.HomePage })));
const DepartmentsPage = lazy(() => import('../org/DepartmentsPage').then((m) => ({ default: m.DepartmentsPage })));
const UsersPage = lazy(() => import('../org/UsersPage').then((m) => ({ default: m.UsersPage })));
const RolesPage = lazy(() => import('../org/RolesPage').then((m) => ({ default: m.RolesPage })));
const InboxPage = lazy(() => import('../notifications/InboxPage').then((m) => ({ default: m.InboxPage })));
const LeadsPage = lazy(() => import('../leads/LeadsPage').then((m) => ({ default: m.LeadsPage })));
const LeadDetailPage = lazy(() => import('../leads/LeadDetailPage').then((m) => ({ default: m.LeadDetailPage })));
const LeadPoolPage = lazy(() => import('../leads/LeadPoolPage').then((m) => ({ default: m.LeadPoolPage })));
const ImportWizard = lazy(() => import('../leads/import/ImportWizard').then((m) => ({ default: m.ImportWizard })));
const CustomersPage = lazy(() => import('../customers/CustomersPage').then((m) => ({ default: m.CustomersPage })));
const CustomerDetailPage = lazy(() =>
  import('../customers/CustomerDetailPage').then((m) => ({ default: m.CustomerDetailPage })),
);
const ScoringModelPage = lazy(() =>
  import('../customers/settings/ScoringModelPage').then((m) => ({ default: m.ScoringModelPage })),
);
const TodayPage = lazy(() => import('../today/TodayPage').then((m) => ({ default: m.TodayPage })));
const OpportunitiesPage = lazy(() =>
  import('../opportunities/OpportunitiesPage').then((m) => ({ default: m.OpportunitiesPage })),
);
const OpportunityDetailPage = lazy(() =>
  import('../opportunities/OpportunityDetailPage').then((m) => ({ default: m.OpportunityDetailPage })),
);
const DealImportWizard = lazy(() =>
  import('../opportunities/import/DealImportWizard').then((m) => ({ default: m.DealImportWizard })),
);
const AnalyticsPage = lazy(() => import('../analytics/AnalyticsPage').then((m) => ({ default: m.AnalyticsPage })));
const ForecastPage = lazy(() => import('../opportunities/ForecastPage').then((m) => ({ default: m.ForecastPage })));
const SalesProcessPage = lazy(() =>
  import('../opportunities/settings/SalesProcessPage').then((m) => ({ default: m.SalesProcessPage })),
);
const ProductsPage = lazy(() =>
  import('../opportunities/settings/ProductsPage').then((m) => ({ default: m.ProductsPage })),
);
const ContractsPage = lazy(() => import('../contracts/ContractsPage').then((m) => ({ default: m.ContractsPage })));
const ContractDetailPage = lazy(() =>
  import('../contracts/ContractDetailPage').then((m) => ({ default: m.ContractDetailPage })),
);
const ApprovalsPage = lazy(() => import('../approvals/ApprovalsPage').then((m) => ({ default: m.ApprovalsPage })));
const ApprovalPage = lazy(() => import('../approvals/ApprovalPage').then((m) => ({ default: m.ApprovalPage })));
const ApprovalFlowsPage = lazy(() =>
  import('../approvals/settings/ApprovalFlowsPage').then((m) => ({ default: m.ApprovalFlowsPage })),
);
const WebhooksPage = lazy(() => import('../webhooks/WebhooksPage').then((m) => ({ default: m.WebhooksPage })));
const FinanceHomePage = lazy(() => import('../cash/FinanceHomePage').then((m) => ({ default: m.FinanceHomePage })));
const ReceivablesPage = lazy(() => import('../cash/ReceivablesPage').then((m) => ({ default: m.ReceivablesPage })));
const PaymentsPage = lazy(() => import('../cash/PaymentsPage').then((m) => ({ default: m.PaymentsPage })));
const BankImportWizard = lazy(() => import('../cash/BankImportWizard').then((m) => ({ default: m.BankImportWizard })));
const InvoicesPage = lazy(() => import('../cash/InvoicesPage').then((m) => ({ default: m.InvoicesPage })));
const AgingPage = lazy(() => import('../cash/AgingPage').then((m) => ({ default: m.AgingPage })));
const RefundsPage = lazy(() => import('../cash/RefundsPage').then((m) => ({ default: m.RefundsPage })));
const RefundPage = lazy(() => import('../cash/RefundPage').then((m) => ({ default: m.RefundPage })));
const CashSettingsPage = lazy(() =>
  import('../cash/settings/CashSettingsPage').then((m) => ({ default: m.CashSettingsPage })),
);
const BrandingPage = lazy(() => import('../org/branding/BrandingPage').then((m) => ({ default: m.BrandingPage })));
const TargetsPage = lazy(() => import('../targets/TargetsPage').then((m) => ({ default: m.TargetsPage })));
const PlanPage = lazy(() => import('../targets/PlanPage').then((m) => ({ default: m.PlanPage })));
const VisitRulesPage = lazy(() => import('../targets/VisitRulesPage').then((m) => ({ default: m.VisitRulesPage })));
const PerformancePage = lazy(() => import('../performance/PerformancePage').then((m) => ({ default: m.PerformancePage })));
const CompensationPage = lazy(() =>
  import('../performance/CompensationPage').then((m) => ({ default: m.CompensationPage })),
);
const RunPage = lazy(() => import('../performance/RunPage').then((m) => ({ default: m.RunPage })));
const LeadSettingsPage = lazy(() =>
  import('../leads/settings/LeadSettingsPage').then((m) => ({ default: m.LeadSettingsPage })),
);

function Lazy({ children }: { children: ReactNode }) {
  return (
    <Suspense
      fallback={
        <div className="closer-page-loading">
          <Spin />
        </div>
      }
    >
      {children}
    </Suspense>
  );
}

/** A page behind its route's access rule (./access): a role that may not use it sees why instead. */
function page(path: string, element: ReactNode) {
  return (
    <Route
      key={path}
      path={path.slice(1)}
      element={
        <RouteGate path={path}>
          <Lazy>{element}</Lazy>
        </RouteGate>
      }
    />
  );
}

/** The home page a role lands on (see `landingFor`). */
function Landing() {
  const { can } = useSession();
  return landingFor(can) === 'cash' ? <FinanceHomePage /> : <HomePage />;
}

export function AppRoutes() {
  const upcoming = flatNav().filter((entry) => entry.area && entry.path);
  return (
    <Routes>
      <Route element={<AppLayout />}>
        <Route index element={<Lazy><Landing /></Lazy>} />
        {upcoming.map((entry) => (
          <Route
            key={entry.key}
            path={entry.path?.slice(1)}
            element={
              entry.area && entry.path ? (
                <RouteGate path={entry.path}>
                  <ComingSoonPage area={entry.area} />
                </RouteGate>
              ) : null
            }
          />
        ))}
        {page('/targets', <TargetsPage />)}
        {page('/targets/visit-rules', <VisitRulesPage />)}
        {page('/targets/:id', <PlanPage />)}
        {page('/targets/:id/completion', <PlanPage />)}
        {page('/performance', <PerformancePage />)}
        {page('/compensation', <CompensationPage />)}
        {page('/compensation/runs/:id', <RunPage />)}
        {page('/analytics', <AnalyticsPage />)}
        {page('/leads', <LeadsPage />)}
        {page('/leads/import', <ImportWizard />)}
        {page('/leads/:id', <LeadDetailPage />)}
        {page('/lead-pool', <LeadPoolPage />)}
        {page('/org/lead-settings', <LeadSettingsPage />)}
        {page('/today', <TodayPage />)}
        {page('/customers', <CustomersPage />)}
        {page('/customers/:id', <CustomerDetailPage />)}
        {page('/org/scoring-model', <ScoringModelPage />)}
        {page('/opportunities', <OpportunitiesPage />)}
        {page('/opportunities/forecast', <ForecastPage />)}
        {page('/opportunities/import', <DealImportWizard />)}
        {page('/opportunities/:id', <OpportunityDetailPage />)}
        {page('/org/sales-process', <SalesProcessPage />)}
        {page('/org/products', <ProductsPage />)}
        {page('/contracts', <ContractsPage />)}
        {page('/contracts/:id', <ContractDetailPage />)}
        {page('/approvals', <ApprovalsPage />)}
        {page('/approvals/:id', <ApprovalPage />)}
        {page('/org/approval-flows', <ApprovalFlowsPage />)}
        {page('/org/webhooks', <WebhooksPage />)}
        {page('/cash/overview', <FinanceHomePage />)}
        {page('/cash/receivables', <ReceivablesPage />)}
        {page('/cash/payments', <PaymentsPage />)}
        {page('/cash/payments/import', <BankImportWizard />)}
        {page('/cash/invoices', <InvoicesPage />)}
        {page('/cash/aging', <AgingPage />)}
        {page('/cash/refunds', <RefundsPage />)}
        {page('/cash/refunds/:id', <RefundPage />)}
        {page('/org/cash-settings', <CashSettingsPage />)}
        {page('/org/branding', <BrandingPage />)}
        <Route path="cash" element={<Navigate to="/cash/overview" replace />} />
        <Route path="org" element={<Navigate to="/org/departments" replace />} />
        {page('/org/departments', <DepartmentsPage />)}
        {page('/org/users', <UsersPage />)}
        {page('/org/roles', <RolesPage />)}
        {page('/notifications', <InboxPage />)}
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
