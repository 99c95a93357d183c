import { Button, Card, Flex, Segmented } from 'antd';
import { useCallback, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { cashApi } from '../api/cash';
import type { Invoice, InvoiceListQuery, Page } from '../api/types';
import { useSession } from '../auth/session';
import { CustomerPicker } from '../components/CustomerPicker';
import { LoadError } from '../components/LoadError';
import { PageHeader } from '../components/PageHeader';
import { useI18n } from '../i18n/useI18n';
import { useErrorReporter } from '../lib/useErrorReporter';
import { useLoader } from '../lib/useLoader';
import './cash.css';
import { InvoiceList } from './InvoiceList';

const PAGE_SIZE = 50;

/** Invoices across customers, by status and customer (they are issued from a contract's cash tab). */
export function InvoicesPage() {
  const { t } = useI18n();
  const { can } = useSession();
  const report = useErrorReporter();
  const [params, setParams] = useSearchParams();
  const status = ['issued', 'void'].includes(params.get('status') ?? '') ? (params.get('status') as string) : '';
  const customerId = params.get('customer_id') ?? '';
  const query: InvoiceListQuery = { status: status || undefined, customer_id: customerId || undefined };
  const key = JSON.stringify(query);
  const first = useLoader(useCallback(() => cashApi.invoices(JSON.parse(key) as InvoiceListQuery, { limit: PAGE_SIZE }), [key]));
  const [more, setMore] = useState<{ key: string; page: Page<Invoice> } | null>(null);
  const extra = more?.key === key ? more.page : null;
  const items = [...(first.data?.items ?? []), ...(extra?.items ?? [])];
  const cursor = extra ? extra.next_cursor : (first.data?.next_cursor ?? null);

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
      const page = await cashApi.invoices(query, { limit: PAGE_SIZE, cursor });
      setMore({ key, page: { items: [...(extra?.items ?? []), ...page.items], next_cursor: page.next_cursor } });
    } catch (caught) {
      report(caught);
    }
  };

  if (first.error && !first.data) return <LoadError error={first.error} onRetry={first.reload} />;
  return (
    <div className="closer-page" data-testid="invoices-page">
      <PageHeader title={t('cash.invoices.title')} subtitle={t('cash.invoices.subtitle')} />
      <Card className="closer-page-card">
        <Flex gap={8} wrap align="center" style={{ marginBottom: 8 }}>
          <Segmented
            value={status}
            onChange={(v) => set({ status: String(v) })}
            options={[
              { value: '', label: t('cash.filter.all') },
              { value: 'issued', label: t('cash.invoice.status.issued') },
              { value: 'void', label: t('cash.invoice.status.void') },
            ]}
          />
          <div style={{ flex: '1 1 220px', maxWidth: 360 }}>
            <CustomerPicker style={{ width: '100%' }} value={customerId || undefined} onChange={(v) => set({ customer_id: v ?? '' })} />
          </div>
        </Flex>
        <InvoiceList
          invoices={items}
          loading={first.loading}
          canWrite={can('cash.write')}
          onChanged={() => {
            setMore(null);
            first.reload();
          }}
        />
        {cursor && (
          <Flex justify="center" style={{ marginTop: 12 }}>
            <Button onClick={() => void loadMore()}>{t('common.loadMore')}</Button>
          </Flex>
        )}
      </Card>
    </div>
  );
}
