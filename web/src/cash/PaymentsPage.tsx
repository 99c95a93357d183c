import { UploadOutlined } from '@ant-design/icons';
import { Badge, Button, Card, Flex, Grid, Segmented, Select } from 'antd';
import { useCallback, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { cashApi } from '../api/cash';
import type { Page, Payment, PaymentListQuery } from '../api/types';
import { useSession } from '../auth/session';
import { CustomerPicker } from '../components/CustomerPicker';
import { LoadError } from '../components/LoadError';
import { PageHeader } from '../components/PageHeader';
import { useI18n } from '../i18n/useI18n';
import { useErrorReporter } from '../lib/useErrorReporter';
import { useLoader } from '../lib/useLoader';
import './cash.css';
import { useNames } from './names';
import { PaymentList } from './PaymentList';
import { UnmatchedQueue } from './UnmatchedQueue';

const PAGE_SIZE = 50;
type Tab = 'payments' | 'unmatched';

/** Payments across customers, filtered by status and customer; and (for finance) the bank rows waiting to be matched. */
export function PaymentsPage() {
  const { t } = useI18n();
  const { can } = useSession();
  const report = useErrorReporter();
  const phone = Grid.useBreakpoint().md === false;
  const [params, setParams] = useSearchParams();
  const canWrite = can('cash.write');
  const tab: Tab = canWrite && params.get('tab') === 'unmatched' ? 'unmatched' : 'payments';
  const status = ['posted', 'reversed'].includes(params.get('status') ?? '') ? (params.get('status') as string) : '';
  const customerId = params.get('customer_id') ?? '';
  const query: PaymentListQuery = { status: status || undefined, customer_id: customerId || undefined };
  const key = JSON.stringify(query);
  const first = useLoader(useCallback(() => cashApi.payments(JSON.parse(key) as PaymentListQuery, { limit: PAGE_SIZE }), [key]));
  const [more, setMore] = useState<{ key: string; page: Page<Payment> } | null>(null);
  const extra = more?.key === key ? more.page : null;
  const items = [...(first.data?.items ?? []), ...(extra?.items ?? [])];
  const cursor = extra ? extra.next_cursor : (first.data?.next_cursor ?? null);
  const customers = useNames('customer', items.map((p) => p.customer_id));
  const contracts = useNames('contract', items.map((p) => p.contract_id));
  const unmatched = useLoader(useCallback(() => (canWrite ? cashApi.summary().then((s) => s.unmatched_bank_rows) : Promise.resolve(0)), [canWrite]));

  const set = (next: Record<string, string>) => {
    const p = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) {
      if (v) p.set(k, v);
      else p.delete(k);
    }
    setParams(p, { replace: true });
  };

  const loadMore = async () => {
    try {
      const page = await cashApi.payments(query, { limit: PAGE_SIZE, cursor });
      setMore({ key, page: { items: [...(extra?.items ?? []), ...page.items], next_cursor: page.next_cursor } });
    } catch (caught) {
      report(caught);
    }
  };

  const reload = () => {
    setMore(null);
    first.reload();
    unmatched.reload();
  };

  const statusOptions = [
    { value: '', label: t('cash.filter.all') },
    { value: 'posted', label: t('cash.payment.status.posted') },
    { value: 'reversed', label: t('cash.payment.status.reversed') },
  ];

  return (
    <div className="closer-page" data-testid="payments-page">
      <PageHeader
        title={t('cash.payments.title')}
        subtitle={t('cash.payments.subtitle')}
        extra={
          canWrite && (
            <Link to="/cash/payments/import">
              <Button icon={<UploadOutlined />} data-testid="bank-import-open">
                {t('cash.bank.import')}
              </Button>
            </Link>
          )
        }
      />
      {canWrite && (
        <Segmented<Tab>
          block={phone}
          value={tab}
          onChange={(v) => set({ tab: v === 'unmatched' ? 'unmatched' : '' })}
          options={[
            { value: 'payments', label: <span data-testid="payments-tab-list">{t('cash.payments.tab.list')}</span> },
            {
              value: 'unmatched',
              label: (
                <span data-testid="payments-tab-unmatched">
                  {t('cash.payments.tab.unmatched')} <Badge count={unmatched.data ?? 0} size="small" />
                </span>
              ),
            },
          ]}
          style={{ marginBottom: 12 }}
        />
      )}
      {tab === 'unmatched' ? (
        <UnmatchedQueue onMatched={() => unmatched.reload()} />
      ) : first.error && !first.data ? (
        <LoadError error={first.error} onRetry={first.reload} />
      ) : (
        <Card className="closer-page-card">
          <Flex gap={8} wrap align="center" style={{ marginBottom: 8 }}>
            {phone ? (
              <Select value={status} onChange={(v: string) => set({ status: v })} options={statusOptions} style={{ flex: '1 1 120px' }} data-testid="payments-filter-status" />
            ) : (
              <Segmented value={status} onChange={(v) => set({ status: String(v) })} options={statusOptions} data-testid="payments-filter-status" />
            )}
            <div style={{ flex: '1 1 220px', maxWidth: 360 }}>
              <CustomerPicker style={{ width: '100%' }} value={customerId || undefined} onChange={(v) => set({ customer_id: v ?? '' })} data-testid="payments-filter-customer" />
            </div>
          </Flex>
          <PaymentList
            payments={items}
            loading={first.loading}
            canWrite={canWrite}
            nameOf={(p) => ({ customer: customers.get(p.customer_id), contract: p.contract_id ? contracts.get(p.contract_id) : undefined })}
            onChanged={reload}
          />
          {cursor && (
            <Flex justify="center" style={{ marginTop: 12 }}>
              <Button onClick={() => void loadMore()} data-testid="payments-more">
                {t('common.loadMore')}
              </Button>
            </Flex>
          )}
        </Card>
      )}
    </div>
  );
}
