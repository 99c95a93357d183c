import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Flex, Form, Grid, Input, InputNumber, List, Segmented, Select, Typography } from 'antd';
import { useCallback, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { cashApi } from '../api/cash';
import type { Refund, RefundInput } from '../api/types';
import { useSession } from '../auth/session';
import { CreateDrawer } from '../components/CreateDrawer';
import { CustomerPicker } from '../components/CustomerPicker';
import { LoadError } from '../components/LoadError';
import { PageHeader } from '../components/PageHeader';
import { useI18n } from '../i18n/useI18n';
import { currencySymbol, formatDate, formatMoney } from '../lib/format';
import { useLoader } from '../lib/useLoader';
import './cash.css';
import { moneyInput } from './forms';
import { RefundStatusTag } from './labels';
import { useNames } from './names';

/** `open`: waiting for approval or to be paid (as the finance home counts them). */
const FILTERS = ['open', 'in_approval', 'approved', 'paid', 'rejected', 'cancelled', 'all'] as const;
type Filter = (typeof FILTERS)[number];

async function loadRefunds(filter: Filter): Promise<Refund[]> {
  if (filter === 'open') {
    const [waiting, approved] = await Promise.all([
      cashApi.refunds({ status: 'in_approval' }, { limit: 200 }),
      cashApi.refunds({ status: 'approved' }, { limit: 200 }),
    ]);
    return [...waiting.items, ...approved.items].sort((a, b) => b.created_at.localeCompare(a.created_at));
  }
  return (await cashApi.refunds(filter === 'all' ? {} : { status: filter }, { limit: 200 })).items;
}

interface RefundValues {
  customer_id?: string;
  amount?: string;
  reason?: string;
}

/** Gives back part of a customer's credit (money received and not used), through approval. */
function RefundDrawer({ currency, onClose, onSaved }: { currency: string; onClose: () => void; onSaved: () => void }) {
  const { t, language } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<RefundValues>();
  const save = async (v: RefundValues) => {
    const body: RefundInput = { customer_id: v.customer_id ?? '', amount: moneyInput(v.amount, currency), reason: (v.reason ?? '').trim() };
    const refund = await cashApi.createRefund(body);
    void message.success(t('cash.refund.requested', { amount: formatMoney(refund.amount, language) }));
    onSaved();
  };
  return (
    <CreateDrawer<RefundValues> title={t('cash.refund.new')} width={480} testId="refund-drawer" form={form} onSave={save} onClose={onClose} submitText={t('cash.refund.request')} submitTestId="refund-save">
      <Typography.Paragraph type="secondary">{t('cash.refund.newHint')}</Typography.Paragraph>
      <Form.Item name="customer_id" label={t('cash.field.customer')} rules={[{ required: true, message: t('validation.select', { field: t('cash.field.customer') }) }]}>
        <CustomerPicker style={{ width: '100%' }} data-testid="refund-customer" />
      </Form.Item>
      <Form.Item name="amount" label={t('cash.field.amount')} rules={[{ required: true, message: t('validation.required', { field: t('cash.field.amount') }) }]}>
        <InputNumber stringMode min="0" precision={2} prefix={currencySymbol(currency, language)} style={{ width: '100%' }} data-testid="refund-amount" />
      </Form.Item>
      <Form.Item name="reason" label={t('cash.refund.reason')} rules={[{ required: true, whitespace: true, message: t('validation.required', { field: t('cash.refund.reason') }) }]}>
        <Input.TextArea rows={2} maxLength={2000} data-testid="refund-reason" />
      </Form.Item>
    </CreateDrawer>
  );
}

/** Refunds: raised by changes or asked for from credit, decided in the approvals inbox, then paid out. */
export function RefundsPage() {
  const { t, tx, language } = useI18n();
  const { user, can } = useSession();
  const phone = Grid.useBreakpoint().md === false;
  const [params, setParams] = useSearchParams();
  const filter: Filter = (FILTERS as readonly string[]).includes(params.get('status') ?? '') ? (params.get('status') as Filter) : 'open';
  const refunds = useLoader(useCallback(() => loadRefunds(filter), [filter]));
  const customers = useNames('customer', (refunds.data ?? []).map((r) => r.customer_id));
  const contracts = useNames('contract', (refunds.data ?? []).map((r) => r.contract_id));
  const [creating, setCreating] = useState(false);
  const options = FILTERS.map((f) => ({ value: f, label: f === 'open' ? t('cash.refund.filter.open') : f === 'all' ? t('cash.filter.all') : tx(`cash.refund.status.${f}`, f) }));

  return (
    <div className="closer-page" data-testid="refunds-page">
      <PageHeader
        title={t('cash.refunds.title')}
        subtitle={t('cash.refunds.subtitle')}
        extra={
          can('cash.write') && (
            <Button icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="refund-new">
              {t('cash.refund.new')}
            </Button>
          )
        }
      />
      <Card className="closer-page-card">
        <div style={{ marginBottom: 8 }}>
          {phone ? (
            <Select value={filter} onChange={(v: Filter) => setParams({ status: v }, { replace: true })} options={options} style={{ width: '100%' }} />
          ) : (
            <Segmented value={filter} onChange={(v) => setParams({ status: String(v) }, { replace: true })} options={options} data-testid="refunds-filter" />
          )}
        </div>
        {refunds.error && !refunds.data ? (
          <LoadError error={refunds.error} onRetry={refunds.reload} />
        ) : (
          <List<Refund>
            loading={refunds.loading}
            dataSource={refunds.data ?? []}
            locale={{ emptyText: <Empty description={t('cash.refunds.none')} /> }}
            renderItem={(r) => (
              <List.Item data-testid="refund-row" data-status={r.status}>
                <Flex vertical gap={2} style={{ width: '100%', minWidth: 0 }}>
                  <Flex justify="space-between" gap={8} align="center">
                    <Flex gap={6} align="center" wrap>
                      <Link to={`/cash/refunds/${r.id}`}>
                        <Typography.Text strong className="closer-num">{formatMoney(r.amount, language)}</Typography.Text>
                      </Link>
                      <RefundStatusTag status={r.status} />
                    </Flex>
                    <Typography.Text type="secondary">{formatDate(r.created_at, language)}</Typography.Text>
                  </Flex>
                  <Typography.Text className="closer-cash-meta">{r.reason}</Typography.Text>
                  <Typography.Text type="secondary" className="closer-cash-meta">
                    <Link to={`/customers/${r.customer_id}`}>{customers.get(r.customer_id) ?? t('cash.openCustomer')}</Link>
                    {r.contract_id && (
                      <>
                        {' · '}
                        <Link to={`/contracts/${r.contract_id}?tab=cash`}>{contracts.get(r.contract_id) ?? t('cash.openContract')}</Link>
                      </>
                    )}
                  </Typography.Text>
                </Flex>
              </List.Item>
            )}
          />
        )}
      </Card>
      {creating && (
        <RefundDrawer
          currency={user.tenant.currency}
          onClose={() => setCreating(false)}
          onSaved={() => {
            setCreating(false);
            refunds.reload();
          }}
        />
      )}
    </div>
  );
}
