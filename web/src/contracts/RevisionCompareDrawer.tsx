import { ArrowRightOutlined } from '@ant-design/icons';
import { Drawer, Flex, Grid, List, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table/interface';
import type { HTMLAttributes } from 'react';
import type { ContractLine, Money, Revision } from '../api/types';
import { useI18n } from '../i18n/useI18n';
import { formatDate, formatMoney, formatMoneyDelta, formatNumber, formatPercent } from '../lib/format';
import { toFen } from '../lib/money';
import { comparableRevisions, compareRevision, type LineChange, type LineField, type RevisionRow, type TermRow } from './revisionCompare';

const CHANGE_COLOR: Record<LineChange, string> = { added: 'green', removed: 'red', changed: 'orange', unchanged: 'default' };

/** One side of a line: description, quantity × price, discount, total; the figures that moved in bold. */
function LineSide({ line, changed, gone }: { line: ContractLine | null; changed: LineField[]; gone?: boolean }) {
  const { language } = useI18n();
  if (!line) return <Typography.Text type="secondary">—</Typography.Text>;
  const mark = (field: LineField, text: string) => (changed.includes(field) ? <Typography.Text strong mark>{text}</Typography.Text> : text);
  return (
    <Flex vertical gap={0} className="closer-revision-side">
      <Typography.Text delete={gone}>{line.description}</Typography.Text>
      <Typography.Text type="secondary">
        {mark('quantity', formatNumber(line.quantity, language, 3))} × {mark('unit_price', formatMoney(line.unit_price, language))}
        {(Number(line.discount) !== 0 || changed.includes('discount')) && <> · −{mark('discount', formatPercent(formatNumber(line.discount, language, 3)))}</>}
      </Typography.Text>
      <Typography.Text>{mark('total', formatMoney(line.total, language))}</Typography.Text>
    </Flex>
  );
}

/**
 * A revision beside the one before it: the terms that changed, then every line — added,
 * removed, changed (the figures that moved marked) or unchanged — and how far the total moved.
 */
export function RevisionCompareDrawer({
  revisions,
  number,
  onPick,
  onClose,
}: {
  revisions: Revision[];
  number: number | null;
  onPick: (number: number) => void;
  onClose: () => void;
}) {
  const { t, tx, language } = useI18n();
  const phone = Grid.useBreakpoint().md === false;
  const compared = number === null ? null : compareRevision(revisions, number);

  const termText = (value: TermRow['before']) =>
    value === null ? '—' : typeof value === 'string' ? (/^\d{4}-\d{2}-\d{2}$/.test(value) ? formatDate(value, language) : value) : formatMoney(value as Money, language);
  const changeTag = (change: LineChange) => (
    <Tag color={CHANGE_COLOR[change]} bordered={false} data-testid="revision-diff-change" data-change={change}>
      {t(`contracts.revision.change.${change}`)}
    </Tag>
  );

  const columns: ColumnsType<RevisionRow> = compared
    ? [
        { title: '', width: 90, render: (_, row) => changeTag(row.change) },
        { title: t('contracts.revision.n', { n: compared.before.revision }), render: (_, row) => <LineSide line={row.before} changed={row.changed} gone={row.change === 'removed'} /> },
        { title: t('contracts.revision.n', { n: compared.after.revision }), render: (_, row) => <LineSide line={row.after} changed={row.changed} /> },
      ]
    : [];

  return (
    <Drawer open={number !== null} onClose={onClose} title={t('contracts.revision.compareTitle')} width={phone ? '100%' : 880} destroyOnHidden data-testid="revision-compare">
      {compared && (
        <Flex vertical gap={16}>
          <Select
            value={compared.after.revision}
            onChange={onPick}
            options={comparableRevisions(revisions).map((n) => ({ value: n, label: t('contracts.revision.pair', { before: n - 1, after: n }) }))}
            style={{ maxWidth: 320 }}
            data-testid="revision-compare-pick"
          />
          {compared.after.reason && (
            <Typography.Text>
              {t('contracts.revision.reason')}: “{compared.after.reason}”
            </Typography.Text>
          )}
          <Flex justify="space-between" wrap gap={4} className="closer-revision-total" data-testid="revision-compare-total">
            <Typography.Text strong>{t('contracts.field.amount')}</Typography.Text>
            <Space size={6} wrap>
              <Typography.Text type="secondary">{formatMoney(compared.before.amount, language)}</Typography.Text>
              <ArrowRightOutlined className="closer-quote-diff__arrow" />
              <Typography.Text strong>{formatMoney(compared.after.amount, language)}</Typography.Text>
              <Typography.Text strong type={toFen(compared.amountChange.amount) > 0n ? 'success' : toFen(compared.amountChange.amount) < 0n ? 'danger' : 'secondary'}>
                ({formatMoneyDelta(compared.amountChange, language)})
              </Typography.Text>
            </Space>
          </Flex>
          {compared.terms.filter((row) => row.field !== 'amount').length > 0 && (
            <Flex vertical gap={4} data-testid="revision-compare-terms">
              {compared.terms
                .filter((row) => row.field !== 'amount')
                .map((row) => (
                  <Flex key={row.field} justify="space-between" wrap gap={4}>
                    <Typography.Text type="secondary">{tx(`contracts.field.${row.field}`, row.field)}</Typography.Text>
                    <Space size={6} wrap>
                      <Typography.Text delete={row.before !== null} type="secondary">
                        {termText(row.before)}
                      </Typography.Text>
                      <ArrowRightOutlined className="closer-quote-diff__arrow" />
                      <Typography.Text>{termText(row.after)}</Typography.Text>
                    </Space>
                  </Flex>
                ))}
            </Flex>
          )}
          <Space size={[4, 4]} wrap>
            {(['added', 'removed', 'changed', 'unchanged'] as const).map((change) => (
              <Tag key={change} color={CHANGE_COLOR[change]} bordered={false}>
                {t(`contracts.revision.count.${change}`, { count: compared.counts[change] })}
              </Tag>
            ))}
          </Space>
          {phone ? (
            <List<RevisionRow>
              size="small"
              dataSource={compared.rows}
              data-testid="revision-compare-lines"
              renderItem={(row) => (
                <List.Item data-testid="revision-diff-line" data-change={row.change}>
                  <Flex vertical gap={4} style={{ width: '100%' }}>
                    {changeTag(row.change)}
                    <Flex gap={8} className="closer-revision-pair">
                      <div>
                        <Typography.Text type="secondary" className="closer-revision-pair__label">{t('contracts.revision.n', { n: compared.before.revision })}</Typography.Text>
                        <LineSide line={row.before} changed={row.changed} gone={row.change === 'removed'} />
                      </div>
                      <div>
                        <Typography.Text type="secondary" className="closer-revision-pair__label">{t('contracts.revision.n', { n: compared.after.revision })}</Typography.Text>
                        <LineSide line={row.after} changed={row.changed} />
                      </div>
                    </Flex>
                  </Flex>
                </List.Item>
              )}
            />
          ) : (
            <Table<RevisionRow>
              rowKey="key"
              size="small"
              pagination={false}
              columns={columns}
              dataSource={compared.rows}
              rowClassName={(row) => `closer-revision-row is-${row.change}`}
              onRow={(row) => ({ 'data-testid': 'revision-diff-line', 'data-change': row.change }) as HTMLAttributes<HTMLElement>}
              data-testid="revision-compare-lines"
            />
          )}
        </Flex>
      )}
    </Drawer>
  );
}
