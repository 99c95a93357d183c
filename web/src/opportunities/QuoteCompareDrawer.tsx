import { ArrowRightOutlined } from '@ant-design/icons';
import { Drawer, Empty, Flex, Grid, List, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table/interface';
import { useMemo, useState, type HTMLAttributes, type ReactNode } from 'react';
import type { Money, Quote } from '../api/types';
import type { Language } from '../i18n/messages';
import { useI18n } from '../i18n/useI18n';
import { formatDate, formatMoney, formatMoneyDelta, formatNumber, formatPercent } from '../lib/format';
import { toFen } from '../lib/money';
import { diffQuotes, type LineChange, type LineDiff, type LineField, type QuoteLine } from './quoteDiff';

const CHANGE_COLOR: Record<LineChange, string> = { added: 'green', removed: 'red', changed: 'orange', same: 'default' };

function deltaType(money: Money): 'success' | 'danger' | 'secondary' {
  const fen = toFen(money.amount);
  return fen > 0n ? 'success' : fen < 0n ? 'danger' : 'secondary';
}

/** One figure of a line in both versions: "2 → 3" when it changed, else the one value. */
function Cell({ line, field, show }: { line: LineDiff; field: LineField; show: (l: QuoteLine) => string }) {
  if (!line.before && line.after) return <span>{show(line.after)}</span>;
  if (line.before && !line.after) return <Typography.Text delete type="secondary">{show(line.before)}</Typography.Text>;
  if (!line.before || !line.after) return null;
  if (!line.changed.includes(field)) return <Typography.Text type={line.change === 'same' ? 'secondary' : undefined}>{show(line.after)}</Typography.Text>;
  return (
    <span className="closer-quote-diff__change" data-testid={`quote-diff-${field}`}>
      <Typography.Text type="secondary" delete>
        {show(line.before)}
      </Typography.Text>
      <ArrowRightOutlined className="closer-quote-diff__arrow" />
      <Typography.Text strong>{show(line.after)}</Typography.Text>
    </span>
  );
}

function versionLabel(quote: Quote, language: Language): string {
  return `#${quote.number} · ${formatMoney(quote.total, language)} · ${formatDate(quote.created_at, language)}`;
}

/**
 * Two versions of an opportunity's quote side by side: each line added, removed or changed
 * (quantity, unit price, discount, line total), and how far the totals moved.
 */
export function QuoteCompareDrawer({ quotes, open, onClose }: { quotes: Quote[]; open: boolean; onClose: () => void }) {
  const { t, language } = useI18n();
  const phone = Grid.useBreakpoint().md === false;
  const byNumber = useMemo(() => [...quotes].sort((a, b) => a.number - b.number), [quotes]);
  const latest = byNumber[byNumber.length - 1];
  const previous = byNumber[byNumber.length - 2];
  const [picked, setPicked] = useState<{ from?: string; to?: string }>({});
  const from = byNumber.find((q) => q.id === picked.from) ?? previous;
  const to = byNumber.find((q) => q.id === picked.to) ?? latest;
  const diff = useMemo(() => (from && to ? diffQuotes(from, to) : null), [from, to]);

  const money = (m: Money) => formatMoney(m, language);
  const show: Record<LineField, (l: QuoteLine) => string> = {
    quantity: (l) => formatNumber(l.quantity, language, 3),
    unit_price: (l) => money(l.unit_price),
    discount: (l) => formatPercent(formatNumber(l.discount, language, 3)),
    total: (l) => money(l.total),
  };
  const changeTag = (line: LineDiff) => (
    <Tag color={CHANGE_COLOR[line.change]} bordered={false} data-testid="quote-diff-change" data-change={line.change}>
      {t(`opps.compare.change.${line.change}`)}
    </Tag>
  );
  const delta = (line: LineDiff) => (
    <Typography.Text type={deltaType(line.total_delta)} style={{ whiteSpace: 'nowrap' }}>
      {formatMoneyDelta(line.total_delta, language)}
    </Typography.Text>
  );

  const figure = { align: 'right' as const, onCell: () => ({ style: { whiteSpace: 'nowrap' as const } }) };
  const columns: ColumnsType<LineDiff> = [
    {
      title: t('opps.compare.line'),
      onCell: () => ({ style: { minWidth: 180 } }),
      render: (_, line) => (
        <Flex vertical align="flex-start" gap={2}>
          <Typography.Text delete={line.change === 'removed'}>{line.description}</Typography.Text>
          {changeTag(line)}
        </Flex>
      ),
    },
    { ...figure, title: t('opps.quote.quantity'), render: (_, line) => <Cell line={line} field="quantity" show={show.quantity} /> },
    { ...figure, title: t('opps.quote.unitPrice'), render: (_, line) => <Cell line={line} field="unit_price" show={show.unit_price} /> },
    { ...figure, title: t('opps.quote.discount'), render: (_, line) => <Cell line={line} field="discount" show={show.discount} /> },
    { ...figure, title: t('opps.compare.lineTotal'), render: (_, line) => <Cell line={line} field="total" show={show.total} /> },
    { ...figure, title: t('opps.compare.delta'), render: (_, line) => delta(line) },
  ];

  const versionOptions = byNumber.map((q) => ({ value: q.id, label: versionLabel(q, language) }));
  // Only the total's difference is coloured: a bigger discount is neither good nor bad news here.
  const summaryRow = (label: string, a: Money, b: Money, d: Money, testId: string, strong = false): ReactNode => (
    <Flex justify="space-between" wrap gap={4} data-testid={testId}>
      <Typography.Text strong={strong}>{label}</Typography.Text>
      <Space size={6} wrap>
        <Typography.Text type="secondary">{money(a)}</Typography.Text>
        <ArrowRightOutlined className="closer-quote-diff__arrow" />
        <Typography.Text strong={strong}>{money(b)}</Typography.Text>
        <Typography.Text type={strong ? deltaType(d) : 'secondary'} strong={strong} data-testid={`${testId}-delta`}>
          ({formatMoneyDelta(d, language)})
        </Typography.Text>
      </Space>
    </Flex>
  );

  return (
    <Drawer
      title={t('opps.compare.title')}
      open={open}
      onClose={onClose}
      afterOpenChange={(visible) => !visible && setPicked({})}
      width={phone ? '100%' : 960}
      destroyOnHidden
      data-testid="quote-compare"
    >
      {!from || !to || !diff ? (
        <Empty description={t('opps.compare.needTwo')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
      ) : (
        <Flex vertical gap={16}>
          <Flex gap={8} align={phone ? 'stretch' : 'flex-end'} vertical={phone} className={`closer-quote-diff__pickers${phone ? ' is-stacked' : ''}`}>
            <label className="closer-quote-diff__picker">
              <Typography.Text type="secondary">{t('opps.compare.from')}</Typography.Text>
              <Select
                value={from.id}
                onChange={(id: string) => setPicked({ from: id, to: to.id })}
                options={versionOptions}
                data-testid="quote-compare-from"
              />
            </label>
            {!phone && <ArrowRightOutlined className="closer-quote-diff__arrow" style={{ paddingBottom: 10 }} />}
            <label className="closer-quote-diff__picker">
              <Typography.Text type="secondary">{t('opps.compare.to')}</Typography.Text>
              <Select
                value={to.id}
                onChange={(id: string) => setPicked({ from: from.id, to: id })}
                options={versionOptions}
                data-testid="quote-compare-to"
              />
            </label>
          </Flex>
          <Flex vertical gap={4} className="closer-quote-diff__summary">
            {summaryRow(t('opps.quote.list'), from.list_amount, to.list_amount, diff.list_delta, 'quote-compare-list')}
            {summaryRow(t('opps.quote.discountAmount'), from.discount_amount, to.discount_amount, diff.discount_delta, 'quote-compare-discount')}
            {summaryRow(t('opps.quote.total'), from.total, to.total, diff.total_delta, 'quote-compare-total', true)}
          </Flex>
          <Space size={[4, 4]} wrap data-testid="quote-compare-counts">
            {(['added', 'removed', 'changed', 'same'] as const).map((change) => (
              <Tag key={change} color={CHANGE_COLOR[change]} bordered={false}>
                {t(`opps.compare.count.${change}`, { count: diff.counts[change] })}
              </Tag>
            ))}
          </Space>
          {phone ? (
            <List<LineDiff>
              size="small"
              dataSource={diff.lines}
              data-testid="quote-compare-lines"
              renderItem={(line) => (
                <List.Item data-testid="quote-diff-line" data-change={line.change} className="closer-quote-diff__item">
                  <Flex vertical gap={2} style={{ width: '100%' }}>
                    <Flex justify="space-between" gap={8}>
                      <Typography.Text strong delete={line.change === 'removed'}>
                        {line.description}
                      </Typography.Text>
                      {changeTag(line)}
                    </Flex>
                    {(['quantity', 'unit_price', 'discount', 'total'] as const).map((field) => (
                      <Flex key={field} justify="space-between" gap={8}>
                        <Typography.Text type="secondary">{t(FIELD_LABEL[field])}</Typography.Text>
                        <Cell line={line} field={field} show={show[field]} />
                      </Flex>
                    ))}
                    {line.change !== 'same' && (
                      <Flex justify="space-between" gap={8}>
                        <Typography.Text type="secondary">{t('opps.compare.delta')}</Typography.Text>
                        {delta(line)}
                      </Flex>
                    )}
                  </Flex>
                </List.Item>
              )}
            />
          ) : (
            <Table<LineDiff>
              rowKey="key"
              size="small"
              pagination={false}
              columns={columns}
              dataSource={diff.lines}
              scroll={{ x: 'max-content' }}
              rowClassName={(line) => `closer-quote-diff__row is-${line.change}`}
              onRow={(line) => ({ 'data-testid': 'quote-diff-line', 'data-change': line.change }) as HTMLAttributes<HTMLElement>}
              data-testid="quote-compare-lines"
            />
          )}
        </Flex>
      )}
    </Drawer>
  );
}

const FIELD_LABEL = {
  quantity: 'opps.quote.quantity',
  unit_price: 'opps.quote.unitPrice',
  discount: 'opps.quote.discount',
  total: 'opps.compare.lineTotal',
} as const;
