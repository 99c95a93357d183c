import { CheckCircleFilled, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Flex, Progress, Row, Skeleton, Typography } from 'antd';
import { useCallback, useMemo, useState } from 'react';
import { cashApi } from '../api/cash';
import type { Contract, Money, Order, Receivable } from '../api/types';
import { useSession } from '../auth/session';
import { LoadError } from '../components/LoadError';
import { useI18n } from '../i18n/useI18n';
import { formatMoney } from '../lib/format';
import { toFen } from '../lib/money';
import { useLoader } from '../lib/useLoader';
import './cash.css';
import { ChangeDrawer } from './ChangeDrawer';
import { ChangesCard } from './ChangesCard';
import { percentOf } from './forms';
import { HistoryCard } from './HistoryCard';
import { InvoiceDrawer } from './InvoiceDrawer';
import { InvoiceList } from './InvoiceList';
import { PaymentDrawer } from './PaymentDrawer';
import { PaymentList } from './PaymentList';
import { plannedByOrders } from './plan';
import { PlanDrawer } from './PlanDrawer';
import { contractPlanTarget } from './planTarget';
import { ReceivablesCard, type ReceivableAction } from './ReceivablesCard';

type Open = { kind: 'plan' } | { kind: ReceivableAction; receivable?: Receivable | null } | null;

/**
 * A contract's cash: what it comes to, what was paid and is owed, the payment plan's
 * installments, the invoices issued and payments recorded against them, changes (fees waived)
 * with the refunds they raised, and the plan's history.
 */
export function ContractCashTab({
  contract,
  phone,
  nameOf,
  orders = [],
  refreshKey = 0,
  onChanged,
}: {
  contract: Contract;
  phone: boolean;
  nameOf: (id?: string | null) => string;
  /** The contract's orders: an installment of an order's plan is shown with the order's label. */
  orders?: Order[];
  /** Changes when the plan was changed elsewhere (an order's plan on the overview): the tab reloads. */
  refreshKey?: number;
  /** Money moved: the contract's amount or status may have followed (a waiver, paid in full). */
  onChanged?: () => void;
}) {
  const { t, language } = useI18n();
  const { can } = useSession();
  const id = contract.id;
  // eslint-disable-next-line react-hooks/exhaustive-deps -- refreshKey: reload when an order's plan changed on the overview
  const plan = useLoader(useCallback(() => cashApi.plan(id), [id, refreshKey]));
  const payments = useLoader(useCallback(() => cashApi.payments({ contract_id: id }, { limit: 200 }).then((p) => p.items), [id]));
  const invoices = useLoader(useCallback(() => cashApi.invoices({ contract_id: id }, { limit: 200 }).then((p) => p.items), [id]));
  const changes = useLoader(useCallback(() => cashApi.changes(id), [id]));
  // eslint-disable-next-line react-hooks/exhaustive-deps -- as the plan
  const history = useLoader(useCallback(() => cashApi.planHistory(id), [id, refreshKey]));
  const [open, setOpen] = useState<Open>(null);
  const receivables = useMemo(() => plan.data?.receivables ?? [], [plan.data]);
  const positions = useMemo(() => new Map(receivables.map((r) => [r.id, r.position])), [receivables]);
  const positionOf = useCallback((rid: string) => positions.get(rid), [positions]);
  const orderLabels = useMemo(() => new Map(orders.map((o) => [o.id, t('contracts.order.number', { number: o.number })])), [orders, t]);
  const orderNumbers = useMemo(() => new Map(orders.map((o) => [o.id, o.number])), [orders]);
  const receivableOrders = useMemo(() => new Map(receivables.flatMap((r) => (r.order_id ? [[r.id, r.order_id] as const] : []))), [receivables]);
  /** The order an installment belongs to, as the orders card names it. */
  const orderOf = useCallback((rid: string) => orderLabels.get(receivableOrders.get(rid) ?? ''), [orderLabels, receivableOrders]);

  const reload = () => {
    plan.reload();
    payments.reload();
    invoices.reload();
    changes.reload();
    history.reload();
    onChanged?.();
  };

  if (plan.error && !plan.data) return <LoadError error={plan.error} onRetry={plan.reload} />;
  if (!plan.data) return <Skeleton active />;

  const p = plan.data;
  const currency = p.contract_amount.currency;
  const plannable = ['draft', 'active'].includes(contract.status);
  // Planned order by order: the whole-contract editor would be refused (409 planned_by_orders).
  const byOrders = plannedByOrders(p);
  const abilities = {
    plan: plannable && !byOrders && (can('cash.write') || can('contracts.write')),
    write: can('cash.write'),
    // A terminated contract's open balance may still be waived (lowered only).
    change: ['active', 'terminated'].includes(contract.status) && can('cash.write'),
  };
  // A draft's plan is owed once the contract is approved: no money or invoice before.
  const planned = receivables.some((r) => r.owed === false);
  const close = () => setOpen(null);
  const saved = () => {
    close();
    reload();
  };

  const figure = (label: string, money: Money, testId: string, bar?: number) => (
    <div className="closer-contract-figure">
      <Typography.Text type="secondary">{label}</Typography.Text>
      <Typography.Text strong className="closer-contract-figure__value" data-testid={testId}>
        {formatMoney(money, language)}
      </Typography.Text>
      {bar !== undefined && <Progress percent={bar} size="small" showInfo={false} status={bar >= 100 ? 'success' : 'normal'} />}
    </div>
  );

  return (
    <Flex vertical gap={16} data-testid="contract-cash">
      <Card size="small" data-testid="cash-summary">
        <Flex gap={16} wrap className="closer-contract-figures">
          {figure(t('cash.field.contract_amount'), p.contract_amount, 'cash-contract-amount')}
          {figure(t('cash.field.paid'), p.paid, 'cash-paid', percentOf(p.paid, p.contract_amount))}
          {figure(t('cash.field.outstanding'), p.outstanding, 'cash-outstanding')}
          {figure(t('cash.field.invoiced'), p.invoiced, 'cash-invoiced', percentOf(p.invoiced, p.contract_amount))}
        </Flex>
        {p.paid_in_full && (
          <Alert
            className="closer-cash-banner"
            type="success"
            showIcon
            icon={<CheckCircleFilled />}
            message={t('cash.paidInFull')}
            description={t('cash.paidInFullHint', { amount: formatMoney(p.paid, language) })}
            data-testid="cash-paid-in-full-banner"
          />
        )}
        {toFen(p.unplanned.amount) !== 0n && p.receivables.length > 0 && (
          <Alert
            className="closer-cash-banner"
            type="warning"
            showIcon
            message={t(byOrders ? 'cash.unplannedByOrders' : 'cash.unplanned', { amount: formatMoney(p.unplanned, language) })}
            data-testid="cash-unplanned"
          />
        )}
        {planned && <Alert className="closer-cash-banner" type="info" showIcon message={t('cash.plannedHint')} data-testid="cash-planned" />}
        {toFen(p.customer_credit.amount) > 0n && (
          <Alert className="closer-cash-banner" type="info" showIcon message={t('cash.customerCredit', { amount: formatMoney(p.customer_credit, language) })} data-testid="cash-credit" />
        )}
      </Card>
      <ReceivablesCard
        plan={p}
        phone={phone}
        can={abilities}
        byOrders={byOrders}
        orderLabel={(orderId) => orderLabels.get(orderId)}
        orderNumber={(orderId) => orderNumbers.get(orderId)}
        onPlan={() => setOpen({ kind: 'plan' })}
        onPay={() => setOpen({ kind: 'pay' })}
        onAction={(kind, receivable) => setOpen({ kind, receivable })}
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card
            size="small"
            title={t('cash.payment.listTitle', { count: payments.data?.length ?? 0 })}
            data-testid="cash-payments"
            extra={
              abilities.write &&
              receivables.length > 0 &&
              !planned &&
              !p.paid_in_full && (
                <Button size="small" icon={<PlusOutlined />} onClick={() => setOpen({ kind: 'pay' })}>
                  {t('cash.payment.new')}
                </Button>
              )
            }
          >
            <PaymentList payments={payments.data ?? []} loading={payments.loading && !payments.data} canWrite={abilities.write} positionOf={positionOf} orderOf={orderOf} onChanged={reload} />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card
            size="small"
            title={t('cash.invoice.listTitle', { count: invoices.data?.length ?? 0 })}
            data-testid="cash-invoices"
            extra={
              abilities.write &&
              receivables.length > 0 && (
                <Button size="small" icon={<PlusOutlined />} onClick={() => setOpen({ kind: 'invoice' })} data-testid="invoice-new">
                  {t('cash.invoice.new')}
                </Button>
              )
            }
          >
            <InvoiceList invoices={invoices.data ?? []} loading={invoices.loading && !invoices.data} canWrite={abilities.write} positionOf={positionOf} orderOf={orderOf} onChanged={reload} />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <ChangesCard changes={changes.data ?? []} positionOf={positionOf} orderOf={orderOf} nameOf={nameOf} />
        </Col>
        <Col xs={24} lg={12}>
          <HistoryCard history={history.data ?? []} positionOf={positionOf} orderOf={orderOf} nameOf={nameOf} />
        </Col>
      </Row>
      {open?.kind === 'plan' && <PlanDrawer target={contractPlanTarget(contract, p)} onClose={close} onSaved={saved} />}
      {open?.kind === 'pay' && (
        <PaymentDrawer
          customerId={contract.customer_id}
          contractId={contract.id}
          currency={currency}
          receivables={receivables}
          preset={open.receivable}
          onClose={close}
          onSaved={saved}
        />
      )}
      {open?.kind === 'invoice' && <InvoiceDrawer receivables={receivables} preset={open.receivable} currency={currency} onClose={close} onIssued={reload} />}
      {open?.kind === 'change' && (
        <ChangeDrawer
          contractNumber={contract.number}
          contractId={contract.id}
          receivables={receivables}
          preset={open.receivable}
          currency={currency}
          onClose={close}
          onSaved={saved}
        />
      )}
    </Flex>
  );
}
