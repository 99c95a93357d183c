import { Card, Empty, Flex, List, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table/interface';
import type { Contract, ContractLine } from '../api/types';
import { useI18n } from '../i18n/useI18n';
import { formatMoney, formatNumber, formatPercent } from '../lib/format';

/** The contract's lines (this revision's), with what orders have not taken yet once it is active. */
export function ContractLinesCard({ contract, remaining, phone }: { contract: Contract; remaining?: Map<string, string>; phone: boolean }) {
  const { t, language } = useI18n();
  const quantity = (q: string) => formatNumber(q, language, 3);
  const discounted = contract.lines.some((l) => Number(l.discount) !== 0);
  const left = (l: ContractLine) => remaining?.get(l.id) ?? l.quantity;
  // The quantity with what orders have not taken yet below it, so the table fits beside the approval card.
  const figure = { align: 'right' as const, onCell: () => ({ style: { whiteSpace: 'nowrap' as const } }) };
  const columns: ColumnsType<ContractLine> = [
    { title: t('contracts.line.description'), dataIndex: 'description' },
    {
      ...figure,
      title: t('opps.quote.quantity'),
      render: (_, l) => (
        <Flex vertical gap={0} align="flex-end">
          <span>{quantity(l.quantity)}</span>
          {remaining && (
            <Typography.Text type="secondary" className="closer-contract-line__left" data-testid="contract-line-left" data-left={left(l)}>
              {t('contracts.line.leftShort', { quantity: quantity(left(l)) })}
            </Typography.Text>
          )}
        </Flex>
      ),
    },
    { ...figure, title: t('opps.quote.unitPrice'), render: (_, l) => formatMoney(l.unit_price, language) },
    ...(discounted ? [{ ...figure, title: t('opps.quote.discount'), render: (_: unknown, l: ContractLine) => formatPercent(formatNumber(l.discount, language, 3)) }] : []),
    { ...figure, title: t('opps.compare.lineTotal'), render: (_, l) => <Typography.Text strong>{formatMoney(l.total, language)}</Typography.Text> },
  ];

  return (
    <Card size="small" title={t('contracts.lines.title', { count: contract.lines.length })} data-testid="contract-lines">
      {contract.lines.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('contracts.lines.none')} />
      ) : phone ? (
        <List<ContractLine>
          size="small"
          dataSource={contract.lines}
          renderItem={(l) => (
            <List.Item data-testid="contract-line">
              <Flex vertical gap={2} style={{ width: '100%' }}>
                <Flex justify="space-between" gap={8}>
                  <Typography.Text strong>{l.description}</Typography.Text>
                  <Typography.Text strong>{formatMoney(l.total, language)}</Typography.Text>
                </Flex>
                <Typography.Text type="secondary">
                  {quantity(l.quantity)} × {formatMoney(l.unit_price, language)}
                  {Number(l.discount) !== 0 && ` · −${formatPercent(formatNumber(l.discount, language, 3))}`}
                  {remaining && ` · ${t('contracts.line.leftShort', { quantity: quantity(left(l)) })}`}
                </Typography.Text>
              </Flex>
            </List.Item>
          )}
        />
      ) : (
        <Table<ContractLine>
          rowKey="id"
          size="small"
          pagination={false}
          columns={columns}
          dataSource={contract.lines}
          onRow={() => ({ 'data-testid': 'contract-line' }) as object}
        />
      )}
    </Card>
  );
}
