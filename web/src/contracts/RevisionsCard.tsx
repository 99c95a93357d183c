import { DiffOutlined } from '@ant-design/icons';
import { Button, Card, Flex, List, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { Money, Revision } from '../api/types';
import { useI18n } from '../i18n/useI18n';
import { formatDate, formatMoney, formatMoneyDelta } from '../lib/format';
import { toFen } from '../lib/money';
import { RevisionCompareDrawer } from './RevisionCompareDrawer';

const STATUS_COLOR: Record<string, string> = { approved: 'success', in_approval: 'processing', rejected: 'error', returned: 'warning', recalled: 'default', draft: 'default' };

function delta(money: Money) {
  const fen = toFen(money.amount);
  return fen > 0n ? 'success' : fen < 0n ? 'danger' : 'secondary';
}

/** The contract's revisions (one per amendment), newest first, each comparable side by side with the one before. */
export function RevisionsCard({ revisions, current, nameOf }: { revisions: Revision[]; current: number; nameOf: (id?: string | null) => string }) {
  const { t, tx, language } = useI18n();
  const [comparing, setComparing] = useState<number | null>(null);
  const sorted = [...revisions].sort((a, b) => b.revision - a.revision);

  return (
    <Card size="small" title={t('contracts.revisions.title', { count: revisions.length })} data-testid="contract-revisions">
      <List<Revision>
        size="small"
        dataSource={sorted}
        renderItem={(r) => (
          <List.Item data-testid="revision-row" data-revision={r.revision}>
            <Flex vertical gap={2} style={{ width: '100%', minWidth: 0 }}>
              <Flex justify="space-between" align="center" gap={8} wrap>
                <Flex gap={6} align="center" wrap>
                  <Typography.Text strong>{t('contracts.revision.n', { n: r.revision })}</Typography.Text>
                  <Tag color={STATUS_COLOR[r.status] ?? 'default'} bordered={false}>
                    {tx(`contracts.revision.status.${r.status}`, r.status)}
                  </Tag>
                  {r.revision === current && <Tag color="blue">{t('contracts.revision.inForce')}</Tag>}
                </Flex>
                <Typography.Text strong>
                  {formatMoney(r.amount, language)}
                  {r.revision > 1 && (
                    <Typography.Text type={delta(r.amount_change)}> ({formatMoneyDelta(r.amount_change, language)})</Typography.Text>
                  )}
                </Typography.Text>
              </Flex>
              {r.reason && <Typography.Text>“{r.reason}”</Typography.Text>}
              <Flex justify="space-between" align="center" gap={8} wrap>
                <Typography.Text type="secondary">
                  {formatDate(r.created_at, language)}
                  {r.created_by && ` · ${nameOf(r.created_by)}`}
                </Typography.Text>
                {r.revision > 1 && (
                  <Button size="small" icon={<DiffOutlined />} onClick={() => setComparing(r.revision)} data-testid="revision-compare-open">
                    {t('contracts.revision.compare', { n: r.revision - 1 })}
                  </Button>
                )}
              </Flex>
            </Flex>
          </List.Item>
        )}
      />
      <RevisionCompareDrawer revisions={revisions} number={comparing} onPick={setComparing} onClose={() => setComparing(null)} />
    </Card>
  );
}
