import { CheckOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Flex, List, Select, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { cashApi } from '../api/cash';
import { contractsApi } from '../api/contracts';
import type { BankLine, Contract } from '../api/types';
import { CustomerPicker } from '../components/CustomerPicker';
import { LoadError } from '../components/LoadError';
import { useI18n } from '../i18n/useI18n';
import { formatDate, formatMoney } from '../lib/format';
import { useErrorReporter } from '../lib/useErrorReporter';
import { useLoader } from '../lib/useLoader';

/** One statement row: pick the customer (and, if it helps, the contract) and pay it in. */
function LineRow({ line, onMatched }: { line: BankLine; onMatched: (line: BankLine) => void }) {
  const { t, language } = useI18n();
  const { message } = App.useApp();
  const report = useErrorReporter();
  const [customerId, setCustomerId] = useState<string | undefined>();
  const [contractId, setContractId] = useState<string | undefined>();
  const [contracts, setContracts] = useState<Contract[]>([]);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    if (!customerId) return;
    contractsApi.list({ customer_id: customerId, status: 'active' }, { limit: 100 }).then(
      (page) => live && setContracts(page.items),
      () => live && setContracts([]),
    );
    return () => {
      live = false;
    };
  }, [customerId]);

  const match = async () => {
    if (!customerId) return;
    setBusy(true);
    try {
      const payment = await cashApi.matchLine(line.id, { customer_id: customerId, contract_id: contractId ?? null });
      void message.success(t('cash.bank.matched', { amount: formatMoney(payment.amount, language) }));
      onMatched(line);
    } catch (caught) {
      report(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <List.Item data-testid="bank-line" data-id={line.id}>
      <Flex vertical gap={6} style={{ width: '100%', minWidth: 0 }}>
        <Flex justify="space-between" align="flex-start" gap={8}>
          <Typography.Text strong style={{ minWidth: 0, wordBreak: 'break-word' }} data-testid="bank-line-payer">
            {line.payer_name}
          </Typography.Text>
          <Typography.Text strong className="closer-num" data-testid="bank-line-amount">
            {formatMoney(line.amount, language)}
          </Typography.Text>
        </Flex>
        <Typography.Text type="secondary" className="closer-cash-meta">
          {formatDate(line.received_on, language)}
          {line.reference && ` · ${line.reference}`} · {t('cash.bank.row', { n: line.row_number })}
        </Typography.Text>
        <Flex gap={8} wrap>
          <div style={{ flex: '2 1 220px', minWidth: 0 }}>
            <CustomerPicker
              style={{ width: '100%' }}
              value={customerId}
              onChange={(v) => {
                setCustomerId(v);
                setContractId(undefined);
                setContracts([]);
              }}
              data-testid="bank-line-customer"
            />
          </div>
          <Select
            allowClear
            value={contractId}
            onChange={setContractId}
            disabled={!customerId || contracts.length === 0}
            placeholder={t('cash.bank.anyContract')}
            options={contracts.map((c) => ({ value: c.id, label: `${c.number} · ${c.name}` }))}
            style={{ flex: '1 1 180px', minWidth: 0 }}
            data-testid="bank-line-contract"
          />
          <Button type="primary" icon={<CheckOutlined />} disabled={!customerId} loading={busy} onClick={() => void match()} data-testid="bank-line-match">
            {t('cash.bank.match')}
          </Button>
        </Flex>
      </Flex>
    </List.Item>
  );
}

/** Bank statement rows no single customer could be found for, waiting for a person. */
export function UnmatchedQueue({ onMatched }: { onMatched?: () => void }) {
  const { t } = useI18n();
  const lines = useLoader(useCallback(() => cashApi.bankLines('unmatched', { limit: 200 }), []));
  const [done, setDone] = useState<Set<string>>(new Set());
  if (lines.error && !lines.data) return <LoadError error={lines.error} onRetry={lines.reload} />;
  const items = (lines.data?.items ?? []).filter((l) => !done.has(l.id));
  return (
    <Card className="closer-page-card" title={t('cash.bank.queueTitle')} data-testid="bank-queue">
      <Typography.Paragraph type="secondary">{t('cash.bank.queueHint')}</Typography.Paragraph>
      <List<BankLine>
        loading={lines.loading && !lines.data}
        dataSource={items}
        locale={{ emptyText: <Empty description={t('cash.bank.queueEmpty')} data-testid="bank-queue-empty" /> }}
        renderItem={(line) => (
          <LineRow
            key={line.id}
            line={line}
            onMatched={(l) => {
              setDone((previous) => new Set(previous).add(l.id));
              onMatched?.();
            }}
          />
        )}
      />
    </Card>
  );
}
