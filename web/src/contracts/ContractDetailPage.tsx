import { CheckCircleOutlined, DiffOutlined, EditOutlined, HistoryOutlined, SendOutlined, StopOutlined } from '@ant-design/icons';
import { App, Button, Col, Flex, Grid, Row, Space, Spin, Tabs, Tag } from 'antd';
import { lazy, Suspense, useCallback, useMemo, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { approvalsApi } from '../api/approvals';
import { cashApi } from '../api/cash';
import { contractsApi } from '../api/contracts';
import { customersApi } from '../api/customers';
import type { Contract } from '../api/types';
import { usePendingApprovals } from '../approvals/pending';
import { useSession } from '../auth/session';
import { CommentModal } from '../components/CommentModal';
import { LoadError } from '../components/LoadError';
import { PageHeader } from '../components/PageHeader';
import { useI18n } from '../i18n/useI18n';
import { formatDateTime, formatMinorUnits, formatValue } from '../lib/format';
import { useLoader } from '../lib/useLoader';
import { useUserNames } from '../opportunities/lookups';
import { HistoryDrawer } from '../org/HistoryDrawer';
import { ContractApprovalCard } from './ContractApprovalCard';
import { ContractFormDrawer } from './ContractFormDrawer';
import { ContractLinesCard } from './ContractLinesCard';
import './contracts.css';
import { ContractSummaryCard } from './ContractSummaryCard';
import { ContractStatusTag } from './labels';
import { contractActions } from './lifecycle';
import { remainingByLine } from './orderLines';
import { OrdersCard } from './OrdersCard';
import { useContractErrorReporter } from './problems';
import { RevisionsCard } from './RevisionsCard';

// The cash tab loads on first opening, with its drawers and lists.
const ContractCashTab = lazy(() => import('../cash/ContractCashTab').then((m) => ({ default: m.ContractCashTab })));

/**
 * One contract: its figures and terms, lines, orders, revisions compared side by side and the
 * approval trail; edit and submit a draft, amend, complete or terminate an active one.
 */
export function ContractDetailPage() {
  const { id = '' } = useParams();
  const { t, tx, language } = useI18n();
  const { message, modal } = App.useApp();
  const { user, can } = useSession();
  const phone = Grid.useBreakpoint().md === false;
  const report = useContractErrorReporter();
  const pending = usePendingApprovals();
  const { nameOf } = useUserNames();
  const record = useLoader(useCallback(() => contractsApi.get(id), [id]));
  const revisions = useLoader(useCallback(() => contractsApi.revisions(id), [id]));
  const approvals = useLoader(useCallback(() => approvalsApi.ofRecord(id), [id]));
  const orders = useLoader(useCallback(() => contractsApi.orders(id), [id]));
  const contract = record.data;
  const customerId = contract?.customer_id;
  const customer = useLoader(useCallback(() => (customerId ? customersApi.get(customerId).catch(() => null) : Promise.resolve(null)), [customerId]));
  const remaining = useMemo(() => remainingByLine(contract?.lines ?? [], orders.data ?? []), [contract?.lines, orders.data]);
  const [editing, setEditing] = useState<'edit' | 'amend' | null>(null);
  const [terminating, setTerminating] = useState(false);
  const [showHistory, setShowHistory] = useState(false);
  const [params, setParams] = useSearchParams();
  const showCash = can('cash.read');
  // Which orders have payment plans of their own (the orders card plans them one by one).
  const cashPlan = useLoader(useCallback(() => (showCash ? cashApi.plan(id).catch(() => null) : Promise.resolve(null)), [id, showCash]));
  // Bumped when an order's plan changes on the overview: the cash tab reloads its plan.
  const [cashRevision, setCashRevision] = useState(0);
  const tab = showCash && params.get('tab') === 'cash' ? 'cash' : 'overview';

  if (record.error && !contract) return <LoadError error={record.error} onRetry={record.reload} />;
  if (!contract) return <Spin />;

  const actions = contractActions(contract, can('contracts.write'));
  const changed = (next: Contract) => {
    record.setData(() => next);
    revisions.reload();
    approvals.reload();
    orders.reload();
  };
  const reloadAll = () => {
    record.reload();
    revisions.reload();
    approvals.reload();
    orders.reload();
    cashPlan.reload();
  };
  const orderPlanChanged = () => {
    cashPlan.reload();
    setCashRevision((n) => n + 1);
  };
  const canPlan = showCash && ['draft', 'active'].includes(contract.status) && (can('cash.write') || can('contracts.write'));

  const submit = async () => {
    try {
      const submitted = await contractsApi.submit(contract.id, contract.version);
      void message.success(t(submitted.status === 'active' ? 'contracts.submit.active' : 'contracts.submit.done'));
      changed(submitted);
    } catch (caught) {
      report(caught, { onStale: reloadAll });
    }
  };

  const complete = () =>
    modal.confirm({
      title: t('contracts.complete.confirm', { number: contract.number }),
      content: t('contracts.complete.hint'),
      okText: t('contracts.action.complete'),
      onOk: async () => {
        try {
          changed(await contractsApi.complete(contract.id, contract.version));
          void message.success(t('contracts.complete.done'));
        } catch (caught) {
          report(caught, { onStale: reloadAll });
        }
      },
    });

  const terminate = async (reason: string) => {
    try {
      changed(await contractsApi.terminate(contract.id, reason, contract.version));
      setTerminating(false);
      void message.success(t('contracts.terminate.done'));
    } catch (caught) {
      report(caught, { onStale: reloadAll });
      throw caught;
    }
  };

  const buttons = [
    actions.edit && <Button key="edit" icon={<EditOutlined />} onClick={() => setEditing('edit')} data-testid="contract-edit">{t('common.edit')}</Button>,
    actions.submit && <Button key="submit" type="primary" icon={<SendOutlined />} onClick={() => void submit()} data-testid="contract-submit">{t('contracts.action.submit')}</Button>,
    actions.amend && <Button key="amend" icon={<DiffOutlined />} onClick={() => setEditing('amend')} data-testid="contract-amend">{t('contracts.action.amend')}</Button>,
    actions.complete && <Button key="complete" icon={<CheckCircleOutlined />} onClick={complete} data-testid="contract-complete">{t('contracts.action.complete')}</Button>,
    actions.terminate && <Button key="terminate" danger icon={<StopOutlined />} onClick={() => setTerminating(true)} data-testid="contract-terminate">{t('contracts.action.terminate')}</Button>,
    <Button key="history" icon={<HistoryOutlined />} onClick={() => setShowHistory(true)} data-testid="contract-history">{t('common.history')}</Button>,
  ].filter(Boolean);
  // A change's stored figures as people read them: amounts in minor units as money.
  const showChange = (field: string, value: unknown): string => {
    const money = field.endsWith('_minor') ? formatMinorUnits(value, contract.amount.currency, language) : null;
    if (money) return money;
    if (field === 'status' && typeof value === 'string') return tx(`contracts.status.${value}`, value);
    if (field === 'updated_at' && typeof value === 'string') return formatDateTime(value, language);
    return formatValue(value);
  };

  const approvalCard = (
    <ContractApprovalCard
      approvals={approvals.data ?? []}
      latestId={contract.approval_id}
      userId={user.id}
      phone={phone}
      nameOf={nameOf}
      onDecided={() => {
        pending.refresh();
        reloadAll();
      }}
    />
  );
  const ordersCard = (
    <OrdersCard
      contract={contract}
      orders={orders.data ?? []}
      remaining={remaining}
      canOrder={actions.order}
      canMove={can('contracts.write')}
      plan={cashPlan.data}
      canPlan={canPlan}
      onChanged={reloadAll}
      onPlanChanged={orderPlanChanged}
    />
  );

  const overview = (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={15}>
        <Flex vertical gap={16}>
          <ContractSummaryCard contract={contract} nameOf={nameOf} />
          {phone && approvalCard}
          <ContractLinesCard contract={contract} remaining={contract.status === 'active' ? remaining : undefined} phone={phone} />
          {ordersCard}
        </Flex>
      </Col>
      <Col xs={24} lg={9}>
        <Flex vertical gap={16}>
          {!phone && approvalCard}
          <RevisionsCard revisions={revisions.data ?? []} current={contract.revision} nameOf={nameOf} />
        </Flex>
      </Col>
    </Row>
  );

  return (
    <div className="closer-page" data-testid="contract-detail">
      <PageHeader
        title={<span data-testid="contract-name">{contract.name}</span>}
        subtitle={
          <Space wrap size={[8, 4]}>
            <span data-testid="contract-number">{contract.number}</span>
            {customer.data && <Link to={`/customers/${customer.data.id}`}>{customer.data.name}</Link>}
            <ContractStatusTag status={contract.status} />
            {contract.pending_revision && <Tag color="processing">{t('contracts.revision.pending', { n: contract.pending_revision })}</Tag>}
          </Space>
        }
        extra={buttons.length > 0 && <Flex gap={8} wrap className="closer-contract-actions">{buttons}</Flex>}
      />
      {showCash ? (
        <Tabs
          activeKey={tab}
          onChange={(key) => setParams(key === 'cash' ? { tab: 'cash' } : {}, { replace: true })}
          items={[
            {
              key: 'overview',
              label: <span data-testid="contract-tab-overview">{t('contracts.tab.overview')}</span>,
              children: overview,
            },
            {
              key: 'cash',
              label: <span data-testid="contract-tab-cash">{t('contracts.tab.cash')}</span>,
              children: (
                <Suspense fallback={<Spin />}>
                  <ContractCashTab
                    contract={contract}
                    phone={phone}
                    nameOf={nameOf}
                    orders={orders.data ?? []}
                    refreshKey={cashRevision}
                    onChanged={() => {
                      record.reload();
                      cashPlan.reload();
                    }}
                  />
                </Suspense>
              ),
            },
          ]}
        />
      ) : (
        overview
      )}
      {editing && (
        <ContractFormDrawer
          contract={contract}
          mode={editing}
          onClose={() => setEditing(null)}
          onSaved={(saved) => {
            setEditing(null);
            changed(saved);
          }}
          onStale={reloadAll}
        />
      )}
      <HistoryDrawer
        target={showHistory ? { resource: 'contracts', id, name: `${contract.number} ${contract.name}` } : null}
        onClose={() => setShowHistory(false)}
        resolve={showChange}
      />
      <CommentModal
        open={terminating}
        title={t('contracts.terminate.title', { number: contract.number })}
        label={t('contracts.terminate.reason')}
        required
        danger
        okText={t('contracts.action.terminate')}
        testId="contract-terminate-modal"
        onSubmit={terminate}
        onClose={() => setTerminating(false)}
      />
    </div>
  );
}
