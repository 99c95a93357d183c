import { Empty, Flex, Grid, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table/interface';
import type { HTMLAttributes } from 'react';
import type { CompensationRun, RunLine } from '../api/performance';
import type { TargetMetric } from '../api/targets';
import { useI18n } from '../i18n/useI18n';
import { toFen } from '../lib/money';
import { rateColor, useAmountFormat, useMoneyFormat } from '../targets/labels';

/** The colour of a negative amount: a deduction (e.g. the collections factor) or a clawback. */
const NEGATIVE = '#dc2626';

/** Whether an amount is below zero ("-7800.00"); a malformed one is not. */
function negative(amount: string | null | undefined): boolean {
  try {
    return toFen(amount || '0') < 0n;
  } catch {
    return false;
  }
}

/** A person's pay worked out line by line, as the server explains it; a deduction in red, with its minus sign. */
function Explanation({ line }: { line: RunLine }) {
  const money = useMoneyFormat();
  const { t } = useI18n();
  if (line.explanation.length === 0) return <Typography.Text type="secondary">{t('compensation.noExplanation')}</Typography.Text>;
  return (
    <div className="closer-run-explanation" data-testid="run-explanation">
      {line.explanation.map((entry, i) => (
        <div key={i} className="closer-run-explanation__line" data-testid="run-explanation-line">
          <span className="closer-run-explanation__n">{i + 1}.</span>
          <span className="closer-run-explanation__label">{entry.label}</span>
          <span className="closer-num closer-run-explanation__amount" style={negative(entry.amount) ? { color: NEGATIVE } : undefined} data-amount={entry.amount}>
            {money(entry.amount)}
          </span>
        </div>
      ))}
    </div>
  );
}

/**
 * A compensation run per person: target, actual, completion, base pay, performance pay,
 * adjustment and total; each row opens the server's explanation of how it was worked out.
 */
export function RunTable({ run, metric }: { run: CompensationRun; metric?: TargetMetric }) {
  const { t } = useI18n();
  const money = useMoneyFormat();
  const amount = useAmountFormat(metric ?? 'contract_amount');
  const phone = Grid.useBreakpoint().md === false;
  const num = (value: string, testId: string, strong = false) => (
    <span className="closer-num" data-testid={testId} data-amount={value} style={{ fontWeight: strong ? 600 : undefined, color: negative(value) ? NEGATIVE : undefined }}>
      {money(value)}
    </span>
  );
  const person: ColumnsType<RunLine>[number] = {
    title: t('compensation.person'),
    key: 'person',
    fixed: 'left',
    width: phone ? 84 : 120,
    ellipsis: true,
    render: (_, line) => <span data-testid="run-name">{line.name}</span>,
  };
  const figures: Record<string, ColumnsType<RunLine>[number]> = {
    target: { title: t('targets.completion.target'), key: 'target', align: 'right', render: (_, line) => <span className="closer-num">{amount(line.target)}</span> },
    actual: { title: t('targets.completion.actual'), key: 'actual', align: 'right', render: (_, line) => <span className="closer-num">{amount(line.actual)}</span> },
    completion: {
      title: t('compensation.completion'),
      key: 'completion',
      align: 'right',
      render: (_, line) => (
        <span className="closer-num" style={{ color: line.completion === null ? undefined : rateColor(line.completion) }} data-testid="run-completion">
          {line.completion === null ? '—' : `${line.completion}%`}
        </span>
      ),
    },
    base: { title: t('compensation.basePay'), key: 'base', align: 'right', render: (_, line) => num(line.base_pay, 'run-base') },
    performance: { title: t('compensation.performancePay'), key: 'performance', align: 'right', render: (_, line) => num(line.performance_pay, 'run-performance') },
    adjustment: {
      title: t('compensation.adjustment'),
      key: 'adjustment',
      align: 'right',
      render: (_, line) =>
        toFen(line.adjustment || '0') === 0n ? <Typography.Text type="secondary">—</Typography.Text> : num(line.adjustment, 'run-adjustment'),
    },
    total: { title: t('compensation.total'), key: 'total', align: 'right', render: (_, line) => num(line.total, 'run-total', true) },
  };
  // On a phone what each is paid comes first; the figures behind it follow.
  const order = phone
    ? ['total', 'completion', 'performance', 'base', 'adjustment', 'target', 'actual']
    : ['target', 'actual', 'completion', 'base', 'performance', 'adjustment', 'total'];
  const columns: ColumnsType<RunLine> = [person, ...order.map((key) => figures[key])];
  const totalAt = order.indexOf('total') + 2;

  return (
    <Table<RunLine>
      rowKey="user_id"
      size="small"
      className="closer-run-table"
      columns={columns}
      dataSource={run.lines}
      pagination={run.lines.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
      scroll={{ x: 'max-content' }}
      expandable={{ expandedRowRender: (line) => <Explanation line={line} />, columnWidth: 32 }}
      onRow={(line) => ({ 'data-testid': 'run-row', 'data-user': line.user_id }) as HTMLAttributes<HTMLElement>}
      locale={{ emptyText: <Empty description={t('compensation.noLines')} /> }}
      data-testid="run-table"
      summary={() =>
        run.lines.length > 0 && (
          <Table.Summary fixed>
            <Table.Summary.Row>
              <Table.Summary.Cell index={0} />
              <Table.Summary.Cell index={1} colSpan={phone ? 1 : totalAt - 1}>
                <Typography.Text strong>{t('compensation.runTotal')}</Typography.Text>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={totalAt} align="right">
                <Flex justify="flex-end">{num(run.total, 'run-grand-total', true)}</Flex>
              </Table.Summary.Cell>
              {phone && <Table.Summary.Cell index={totalAt + 1} colSpan={order.length - 1} />}
            </Table.Summary.Row>
          </Table.Summary>
        )
      }
    />
  );
}
